"""What a reader of the built book reads: prose words and visible code lines per chapter.

    python tools/reading.py [_build/html]
    python tools/reading.py --map [_build/html]   # and write the minutes into intro.md's map

Prose words are counted as the project's reading budget counts them (the words of each
page's <article> outside code cells and their outputs, code, math, collapsed blocks,
answer boxes and navigation; a word is a run of letters). Visible code lines are the
lines of code cells a reader sees without a click (cells tagged hide-input, hide-cell or
remove-input do not count). Budgets: each numbered chapter at most 2,500 words and 150
visible code lines; chapters 1-6 (the core path) at most 9,500 words together, all
numbered chapters at most 25,000. At about 200 words a minute, minutes = words / 200.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

WORDS_PER_CHAPTER, CODE_LINES_PER_CHAPTER = 2500, 150
CORE_WORDS, ALL_WORDS, CORE = 9500, 25000, range(1, 7)
WORDS_PER_MINUTE = 200

SKIP = (
    "cell_input",
    "cell_output",
    "highlight",
    "math",
    "dropdown",
    "toggle-hidden",
    "tag_hide",
    "hide",
    "pt",
    "headerlink",
    "prev-next",
    "bd-sidebar",
    "bd-toc",
    "footer",
    "caption-number",
    "section-number",
    "output",
)
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "param",
    "source",
    "track",
    "wbr",
}
HIDDEN = ("tag_hide-input", "tag_hide-cell", "tag_remove-input", "tag_remove-cell")


class _Page(HTMLParser):
    """Collects the prose of <article> and the lines of visible code cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.article, self.stack, self.skipping, self.text = 0, [], 0, []
        self.cells: list[bool] = []  # per open div: None, or whether a code cell shows
        self.visible_input = 0  # depth inside a visible cell's input
        self.code: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        tokens = (dict(attrs).get("class") or "").split()
        self.article += tag == "article"
        skip = tag in ("script", "style", "pre", "code", "nav", "details", "summary") or any(
            t == c or t.startswith((c + "-", c + "_")) for t in tokens for c in SKIP
        )
        self.stack.append((tag, skip, tokens))
        self.skipping += skip
        if "cell" in tokens:
            self.cells.append(not any(h in tokens for h in HIDDEN))
        if "cell_input" in tokens and self.cells and self.cells[-1]:
            self.visible_input = len(self.stack)

    def handle_endtag(self, tag):
        if tag in VOID or not self.stack:
            return
        _, skip, tokens = self.stack.pop()
        self.skipping -= skip
        self.article -= tag == "article"
        if "cell" in tokens and self.cells:
            self.cells.pop()
        if self.visible_input > len(self.stack):
            self.visible_input = 0

    def handle_data(self, data):
        if self.article > 0 and not self.skipping:
            self.text.append(data)
        if self.visible_input:
            self.code.append(data)


def measure(page: Path) -> tuple[int, int]:
    """(prose words, visible code lines) of one built page."""
    p = _Page()
    p.feed(page.read_text(encoding="utf-8"))
    words = len(re.findall(r"[A-Za-z][A-Za-z'’-]+", " ".join(p.text)))
    code = "".join(p.code)
    lines = sum(1 for line in code.splitlines() if line.strip())
    return words, lines


def chapters(html: Path) -> dict[str, tuple[int, int]]:
    """Every page under chapters/, by file stem."""
    return {p.stem: measure(p) for p in sorted((html / "chapters").glob("*.html"))}


MAP_ROW = re.compile(r"^(\|[^|]*\| \{doc\}`chapters/(\w+)` \| )(\d+) min( \|.*)$", re.M)


def minutes(words: int) -> int:
    """Reading time in whole minutes (at least 1)."""
    return max(1, round(words / WORDS_PER_MINUTE))


def map_minutes(intro: str) -> dict[str, int]:
    """The minutes the intro's reading map gives, by chapter stem."""
    return {m[2]: int(m[3]) for m in MAP_ROW.finditer(intro)}


def write_map(intro: Path, html: Path) -> None:
    """Fill in the reading map's minutes from the built book's prose words."""
    rows = chapters(html)
    text = intro.read_text(encoding="utf-8")
    missing = set(map_minutes(text)) - set(rows)
    if missing:
        raise SystemExit(f"reading map: {sorted(missing)} not in {html}; build the book first")
    intro.write_text(
        MAP_ROW.sub(lambda m: f"{m[1]}{minutes(rows[m[2]][0])} min{m[4]}", text), encoding="utf-8"
    )


def main(html: Path) -> int:
    rows = chapters(html)
    over = 0
    print(f"{'page':34} {'words':>6} {'min':>5} {'code':>5}")
    for name, (words, code) in rows.items():
        numbered = name[:2].isdigit()
        flags = []
        if numbered and words > WORDS_PER_CHAPTER:
            flags.append(f"words over {WORDS_PER_CHAPTER}")
        if numbered and code > CODE_LINES_PER_CHAPTER:
            flags.append(f"code over {CODE_LINES_PER_CHAPTER}")
        over += bool(flags)
        print(f"{name:34} {words:6} {words / WORDS_PER_MINUTE:5.1f} {code:5}  {', '.join(flags)}")
    numbered = {n: w for n, (w, _) in rows.items() if n[:2].isdigit()}
    core = sum(w for n, w in numbered.items() if int(n[:2]) in CORE)
    total = sum(numbered.values())
    print(
        f"chapters 1-6: {core} words (budget {CORE_WORDS}); "
        f"numbered chapters: {total} words (budget {ALL_WORDS})"
    )
    return int(over > 0 or core > CORE_WORDS or total > ALL_WORDS)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--map"]:
        write_map(
            Path(__file__).resolve().parent.parent / "intro.md",
            Path((args[1:] or ["_build/html"])[0]),
        )
    sys.exit(main(Path(([a for a in args if a != "--map"] or ["_build/html"])[0])))
