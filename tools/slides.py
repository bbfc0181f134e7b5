"""Slides for each numbered chapter, made from the built book: one reveal.js deck a chapter.

    make slides                 # builds the book first
    python tools/slides.py      # from an existing build: _build/html -> _build/slides

A teacher presents a chapter to a class from a projector, often with no network and no
Jupyter kernel. The decks are made from the chapters' built pages, so their words, the
numbers the build computed and glued in, and the figures are the book's own: a deck
cannot drift from its chapter, and `make slides` after an edit brings it up to date.

Each deck, `_build/slides/NN_name.html`, has:

- a title slide: the chapter's number and title;
- the chapter's question: the paragraphs it opens with, before its first section, less
  the "You need ..." and "Run this chapter yourself" lines. A chapter that opens straight
  into its first section gives that section's first whole sentences instead;
- its key figures: every captioned figure (a ``div.themed-figure``), its light-mode image
  (``img.only-light``) with its alt text, its caption, under its section's title;
- its takeaways: every paragraph that begins with a bold "The takeaway.", and the Summary
  (split over two or three slides when it is long);
- one or two questions to ask the class: the exercises that ask to explain, predict or
  design (sphinx-exercise's ``div.exercise``), their statements only. The worked
  solutions (``div.solution``, collapsed in the book) are never read.

`_build/slides/index.html` lists the decks. Everything a deck loads is copied under
`_build/slides/` and linked relatively, so the folder can be zipped and opened anywhere,
from disk (file://) too: reveal.js (pinned and checksummed in tools/fetch_assets.py),
MathJax's single-file SVG build (it typesets the math in the page and needs no font
files) and the figures as PNG files. No deck makes a network request;
tests/test_slides_browser.py opens each one in Chromium from a copy outside the checkout
and checks that, and what is on its slides.
"""

from __future__ import annotations

import base64
import copy
import html
import re
import shutil
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "slides"
REVEAL = ROOT / "tools" / "vendor" / "reveal.js"
MATHJAX = ROOT / "vendor" / "mathjax" / "es5" / "tex-svg-full.js"
BOOK_TITLE = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
# what the decks load from reveal.js's dist/ folder
REVEAL_FILES = ["reveal.js", "reveal.css", "theme/white.css"]

QUESTION_CHARS = 650  # a question slide holds at most this many characters of prose
SUMMARY_CHARS = 800  # a summary slide: at most this many characters of its bullets
# A figure narrower than this times its height is shown beside its caption, at the
# slide's full height, so its lettering stays legible (the PNGs are drawn for the page).
TALL = 0.9
ASKS = re.compile(r"\b(explain|predict|design|why)\b", re.IGNORECASE)
# words that send the reader back into the page, which a class in front of a slide lacks
IN_THE_PAGE = re.compile(r"\b(above|below|explorer|this chapter)\b", re.IGNORECASE)
PREREQUISITES = re.compile(r"\s*\b(You need|Run this chapter yourself)\b")
SEE_THE_SOLUTION = re.compile(
    r"\s*Write\s+your\s+\w+\s+down,\s+then\s+compare\s+with\s+the\s+solution[^.]*\.",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.?!](?=[”’\")]?(\s+[A-Z(“‘\"]|\s*$))")


@dataclass
class Slide:
    kind: str  # title, question, figure, takeaway, ask
    body: str  # HTML inside the <section>


@dataclass
class Deck:
    name: str  # 01_why_pooling
    number: str  # 1
    title: str  # Why pooling
    slides: list[Slide] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # file name -> PNG


def numbered_chapters() -> list[str]:
    """The numbered chapters of _toc.yml, in order, as names like ``01_why_pooling``."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    parts = [p for p in toc.get("parts", []) if p.get("numbered")]
    return [Path(c["file"]).name for part in parts for c in part["chapters"]]


# --- HTML surgery ------------------------------------------------------------------------


def _is_math_or_code(node) -> bool:
    """Whether a text node is inside math (TeX for MathJax) or code."""
    return any(p.name in ("code", "pre") or "math" in (p.get("class") or []) for p in node.parents)


def _cut(element: Tag, offset: int) -> None:
    """Drop everything in ``element`` from the character ``offset`` of its text on."""
    at = 0
    for text in element.find_all(string=True):
        if at + len(text) >= offset:  # the cut falls in this text node, or at its end
            node = NavigableString(str(text)[: offset - at])
            text.replace_with(node)
            while node is not element:
                for sibling in list(node.next_siblings):
                    sibling.extract()
                node = node.parent
            return
        at += len(text)


def _prose_positions(element: Tag) -> set[int]:
    """Offsets in ``element.get_text()`` that are prose (not math or code)."""
    keep, at = set(), 0
    for text in element.find_all(string=True):
        if not _is_math_or_code(text):
            keep.update(range(at, at + len(text)))
        at += len(text)
    return keep


def cut_before(paragraph: Tag, pattern: re.Pattern) -> None:
    """Drop the paragraph's text from the first match of ``pattern`` in its prose on."""
    text, prose = paragraph.get_text(), _prose_positions(paragraph)
    for match in pattern.finditer(text):
        if match.start() in prose:
            _cut(paragraph, match.start())
            return


def whole_sentences(paragraph: Tag, limit: int) -> bool:
    """Keep the paragraph's whole sentences, at most ``limit`` characters of them (at least
    one). False if it has no sentence end outside math and code."""
    text, prose = paragraph.get_text(), _prose_positions(paragraph)
    ends = [m.start() + 1 for m in SENTENCE_END.finditer(text) if m.start() in prose]
    if not ends:
        return False
    keep = [e for e in ends if e <= limit] or ends[:1]
    if keep[-1] < len(text.rstrip()):
        _cut(paragraph, keep[-1])
    return True


def drop_pattern(element: Tag, pattern: re.Pattern) -> None:
    """Delete the matches of ``pattern`` inside the prose text nodes of ``element``."""
    for text in list(element.find_all(string=True)):
        if not _is_math_or_code(text) and pattern.search(text):
            text.replace_with(NavigableString(pattern.sub("", str(text))))


def clean(element: Tag) -> Tag:
    """A copy of a piece of the page fit for a slide: no links (a deck stands alone), no
    permalinks, ids, scripts, answer boxes or collapsed blocks; math kept for MathJax."""
    element = copy.copy(element)
    for comment in element.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for junk in element.select(
        "a.headerlink, script, style, details, .dropdown, .solution, .pt-check, .toggle"
    ):
        junk.decompose()
    for link in element.find_all("a"):
        link.unwrap()
    for tag in [element, *element.find_all(True)]:
        classes = [c for c in tag.get("class") or [] if c in ("math", "caption-number")]
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in ("alt", "src")}
        if classes:
            tag["class"] = classes
    return element


def inner(element: Tag) -> str:
    return "".join(str(c) for c in element.contents).strip()


def heading_text(heading: Tag) -> str:
    """A heading's words, without its section number and permalink."""
    heading = copy.copy(heading)
    for junk in heading.select(".section-number, a.headerlink"):
        junk.decompose()
    return " ".join(heading.get_text().split())


def heading_html(heading: Tag) -> str:
    """A heading's content (math kept), without its section number and permalink."""
    heading = copy.copy(heading)
    for junk in heading.select(".section-number"):
        junk.decompose()
    return inner(clean(heading))


def section_title(element: Tag) -> str:
    """The title (as HTML) of the section ``element`` is in."""
    section = element.find_parent("section", id=True)
    while section is not None:
        heading = section.find(["h2", "h3", "h4"], recursive=False)
        if heading is not None:
            return heading_html(heading)
        section = section.find_parent("section", id=True)
    return ""


# --- what a deck is made of ---------------------------------------------------------------


def question(top: Tag) -> Slide | None:
    """The chapter's question: its opening paragraphs (before its first section); or else
    the first whole sentences of its first section, if they ask something; or else what
    the chapter says you will learn."""
    paragraphs = []
    for child in top.find_all(recursive=False):
        if child.name == "section":
            break
        if child.name == "p":
            paragraph = clean(child)
            cut_before(paragraph, PREREQUISITES)
            if paragraph.get_text().strip():
                paragraphs.append(paragraph)
    title = "The question"
    if not paragraphs:
        first = top.find("section", recursive=False)
        opening = first.find("p", recursive=False) if first else None
        if opening is None:
            return None
        paragraph = clean(opening)
        if whole_sentences(paragraph, QUESTION_CHARS) and "?" in paragraph.get_text():
            paragraphs, title = [paragraph], heading_html(first.find("h2", recursive=False))
        elif (goals := top.select_one(".admonition-what-you-will-learn ul")) is not None:
            return Slide("question", f"<h2>What you will learn</h2>\n{clean(goals)}")
        else:
            return None
    body, used = [], 0
    for paragraph in paragraphs:
        if used and used + len(paragraph.get_text()) > QUESTION_CHARS:
            break
        if len(paragraph.get_text()) > QUESTION_CHARS:
            whole_sentences(paragraph, QUESTION_CHARS - used)
        used += len(paragraph.get_text())
        body.append(str(paragraph))
    return Slide("question", f"<h2>{title}</h2>\n" + "\n".join(body))


def image_bytes(img: Tag, page: Path) -> bytes:
    """The PNG an <img> shows: decoded from its data: URI, or read from the build."""
    src = img["src"]
    if src.startswith("data:"):
        header, data = src.split(",", 1)
        if not header.startswith("data:image/png") or not header.endswith(";base64"):
            sys.exit(f"slides: {page.name}: a figure that is not a base64 PNG ({header})")
        return base64.b64decode(data)
    path = (page.parent / src.split("?")[0]).resolve()
    if not path.is_file():
        sys.exit(f"slides: {page.name}: figure {src} not found in the build")
    return path.read_bytes()


def figures(article: Tag, page: Path, deck: Deck) -> list[Slide]:
    """A slide for each captioned figure: its light-mode image, alt text and caption."""
    slides = []
    for themed in article.select("div.themed-figure"):
        figure = themed.find_parent("figure")
        caption = figure.find("figcaption") if figure else None
        light = themed.select_one("img.only-light")
        if caption is None or light is None or themed.find_parent(class_="solution"):
            continue
        alt = light.get("alt", "").strip()
        if not alt:
            sys.exit(f"slides: {page.name}: a figure without alt text")
        name = f"{deck.name}-{len(deck.images) + 1}.png"
        deck.images[name] = image_bytes(light, page)
        caption = clean(caption)
        for number in caption.select(".caption-number"):
            number.string = number.get_text().strip() + " "
        title, alt = section_title(figure), html.escape(alt)
        width, height = struct.unpack(">II", deck.images[name][16:24])  # the PNG's IHDR
        if width < TALL * height:
            # a tall figure gets the slide's full height, its title and caption beside it
            body = (
                f'<div class="beside">\n<img src="images/{name}" alt="{alt}">\n'
                f'<div><h3>{title}</h3>\n<div class="caption">{inner(caption)}</div></div>\n'
                "</div>"
            )
        else:  # a wide one the full width, under its title, above its caption
            body = (
                f"<h3>{title}</h3>\n"
                f'<img class="r-stretch" src="images/{name}" alt="{alt}">\n'
                f'<div class="caption">{inner(caption)}</div>'
            )
        slides.append(Slide("figure", body))
    return slides


def takeaways(article: Tag) -> list[Slide]:
    """Each paragraph that opens with a bold "The takeaway.", then the Summary."""
    slides = []
    for bold in article.select("p > strong"):
        paragraph = bold.parent
        before = "".join(str(s) for s in bold.previous_siblings).strip()
        if before or not bold.get_text().strip().startswith("The takeaway"):
            continue
        if paragraph.find_parent(class_=["solution", "exercise"]):
            continue
        slides.append(
            Slide(
                "takeaway",
                f"<h2>{section_title(paragraph)}</h2>\n{clean(paragraph)}",
            )
        )
    summary = next(
        (
            s
            for s in article.select("section[id]")
            if (h := s.find("h2", recursive=False)) and heading_text(h) == "Summary"
        ),
        None,
    )
    if summary is None:
        return slides
    items = [clean(li) for li in summary.select("li")]
    chunks: list[list[Tag]] = [[]]
    for item in items:
        size = sum(len(i.get_text()) for i in chunks[-1])
        if chunks[-1] and size + len(item.get_text()) > SUMMARY_CHARS:
            chunks.append([])
        chunks[-1].append(item)
    for i, chunk in enumerate(chunks, 1):
        part = f" ({i}/{len(chunks)})" if len(chunks) > 1 else ""
        bullets = "\n".join(str(item) for item in chunk)
        slides.append(Slide("takeaway", f"<h2>Summary{part}</h2>\n<ul>\n{bullets}\n</ul>"))
    return slides


def class_questions(article: Tag, most: int = 2) -> list[Slide]:
    """One or two exercises that ask to explain, predict or design, as questions for the
    class: their statements only (never a solution), those that stand without the page
    (no "above", no explorer) and are short first."""
    candidates = []
    for index, exercise in enumerate(article.select("div.exercise")):
        statement = exercise.select_one("section#exercise-content")
        if statement is None or exercise.find_parent(class_="solution"):
            continue
        text = " ".join(statement.get_text().split())
        if not ASKS.search(text):
            continue
        score = 2 * ("understanding" in exercise.get("class", []))
        score -= 2 * bool(IN_THE_PAGE.search(text)) + (len(text) > 420)
        label = exercise.select_one(".caption-number")
        label = label.get_text().strip() if label else "Exercise"
        candidates.append((-score, index, label, statement))
    chosen = sorted(sorted(candidates)[:most], key=lambda c: c[1])
    slides = []
    for _, _, label, statement in chosen:
        statement = clean(statement)
        drop_pattern(statement, SEE_THE_SOLUTION)
        slides.append(
            Slide(
                "ask",
                f"<h2>Ask the class</h2>\n<p class='context'>{label}</p>\n{inner(statement)}",
            )
        )
    return slides


def read_chapter(name: str) -> Deck:
    page = HTML / "chapters" / f"{name}.html"
    if not page.is_file():
        sys.exit(f"slides: {page.relative_to(ROOT)} is missing: run `make book` first")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    top = article.find("section")
    h1 = top.find("h1")
    number = h1.select_one(".section-number").get_text().strip().rstrip(".")
    deck = Deck(name, number, heading_text(h1))
    deck.slides.append(
        Slide(
            "title",
            f"<p class='context'>Chapter {number}</p>\n<h1>{heading_html(h1)}</h1>\n"
            f"<p class='book'>{html.escape(BOOK_TITLE)}</p>",
        )
    )
    if (q := question(top)) is not None:
        deck.slides.append(q)
    deck.slides += figures(article, page, deck)
    deck.slides += takeaways(article)
    deck.slides += class_questions(article)
    kinds = {s.kind for s in deck.slides}
    missing = {"question", "figure", "takeaway", "ask"} - kinds
    if missing:
        sys.exit(f"slides: {name}: found no {', '.join(sorted(missing))} slide in the page")
    return deck


# --- writing ------------------------------------------------------------------------------

STYLE = """
.reveal { --r-main-font-size: 34px; --r-heading-text-transform: none;
  --r-heading-margin: 0 0 16px 0; }
.reveal h1 { font-size: 2.2em; } .reveal h2 { font-size: 1.45em; }
.reveal h3 { font-size: 1.05em; }
.reveal .slides section { text-align: left; }
.reveal p, .reveal li { line-height: 1.35; }
.reveal ul { display: block; margin-left: 1em; }
.reveal li + li { margin-top: 0.35em; }
.reveal li p { margin: 0; }
.reveal code { font-size: 0.92em; background: #f2f2f5; padding: 0 0.15em; border-radius: 3px; }
.reveal .context { color: #555; font-size: 0.8em; margin: 0 0 0.4em 0; }
.reveal .book { color: #555; font-size: 0.8em; margin-top: 1.2em; }
.reveal section[data-kind=title] h1 { margin: 0.2em 0; }
.reveal section[data-kind=figure] h3 { margin-bottom: 8px; }
.reveal section[data-kind=figure] img { display: block; margin: 0 auto; max-width: 100%;
  object-fit: contain; }
.reveal .beside { display: flex; align-items: center; gap: 28px; height: 700px; }
.reveal .beside img { height: 100%; max-height: 100%; width: auto; max-width: 62%; margin: 0; }
.reveal .beside > div { flex: 1; }
.reveal .caption { font-size: 0.66em; line-height: 1.35; color: #333; margin-top: 8px; }
.reveal .caption-number { font-weight: 600; }
.reveal mjx-container[display=true] { margin: 0.4em 0; }
.reveal .slide-number { font-size: 14px; }
"""

# Slides are 1280 x 720 at every screen size (reveal.js scales them). Math is typeset by
# MathJax from the deck's own copy; then any text slide still taller than the slide is
# set a little smaller until it fits (the build already splits long summaries).
SCRIPT = """
window.MathJax = {
  tex: {inlineMath: [["\\\\(", "\\\\)"]], displayMath: [["\\\\[", "\\\\]"]]},
  options: {ignoreHtmlClass: "tex2jax_ignore", processHtmlClass: "math", enableMenu: false},
  svg: {fontCache: "global"}
};
"""

START = """
function fitSlides() {
  const height = Reveal.getConfig().height;
  for (const slide of Reveal.getSlides()) {
    if (slide.querySelector(".r-stretch")) continue;  // a figure's image takes what is left
    const display = slide.style.display;
    slide.style.display = "block";
    for (let size = 100; slide.scrollHeight > height && size > 70; size -= 5) {
      slide.style.fontSize = size - 5 + "%";
    }
    slide.style.display = display;
  }
}
Promise.all([
  Reveal.initialize({width: 1280, height: 720, margin: 0.04, hash: true, center: true,
                     slideNumber: "c/t", transition: "fade", transitionSpeed: "fast",
                     navigationMode: "linear"}),
  MathJax.startup.promise,
]).then(() => {
  fitSlides();
  Reveal.layout();
  document.documentElement.dataset.ready = "true";
});
"""


def deck_html(deck: Deck) -> str:
    sections = "\n".join(
        f'<section data-kind="{s.kind}">\n{s.body}\n</section>' for s in deck.slides
    )
    title = html.escape(f"{deck.number}. {deck.title}")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} (slides)</title>
<link rel="stylesheet" href="assets/reveal.js/reveal.css">
<link rel="stylesheet" href="assets/reveal.js/theme/white.css">
<style>{STYLE}</style>
</head>
<body>
<div class="reveal tex2jax_ignore">
<div class="slides">
{sections}
</div>
</div>
<script src="assets/reveal.js/reveal.js"></script>
<script>{SCRIPT}</script>
<script src="assets/mathjax/tex-svg-full.js"></script>
<script>{START}</script>
</body>
</html>
"""


def index_html(decks: list[Deck]) -> str:
    rows = "\n".join(
        f'<li><a href="{d.name}.html">{html.escape(d.number)}. {html.escape(d.title)}</a>'
        f" <span>({len(d.slides)} slides)</span></li>"
        for d in decks
    )
    title = html.escape(BOOK_TITLE)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}: slides</title>
<style>
body {{ font: 18px/1.5 system-ui, sans-serif; color: #1d1d1f; background: #fff;
  max-width: 44em; margin: 2em auto; padding: 0 1em; }}
a {{ color: #0b5cad; }} span {{ color: #555; }} li {{ margin: 0.3em 0; }}
kbd {{ border: 1px solid #999; border-radius: 3px; padding: 0 0.3em; font-size: 0.9em; }}
</style>
</head>
<body>
<h1>{title}: slides</h1>
<p>A deck for each chapter, made from the book: the chapter's question, its key figures,
its takeaways, and questions to ask the class (the exercises' worked solutions are in the
book, not here). They need no network and no kernel: open them from this folder, from a
server or straight from disk.</p>
<ol>
{rows}
</ol>
<p><kbd>→</kbd> or <kbd>Space</kbd> next slide, <kbd>←</kbd> back, <kbd>Esc</kbd> all
slides, <kbd>F</kbd> full screen.</p>
</body>
</html>
"""


def write(decks: list[Deck], out: Path) -> None:
    """The decks, the index and every asset they load, in a fresh ``out``."""
    for path in [REVEAL / "reveal.js", MATHJAX]:
        if not path.is_file():
            sys.exit(f"slides: {path.relative_to(ROOT)} is missing: run `make assets`")
    shutil.rmtree(out, ignore_errors=True)
    (out / "images").mkdir(parents=True)
    for name in REVEAL_FILES:
        target = out / "assets" / "reveal.js" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REVEAL / name, target)
    (out / "assets" / "mathjax").mkdir(parents=True)
    shutil.copyfile(MATHJAX, out / "assets" / "mathjax" / MATHJAX.name)
    for deck in decks:
        for name, data in deck.images.items():
            (out / "images" / name).write_bytes(data)
        (out / f"{deck.name}.html").write_text(deck_html(deck), encoding="utf-8")
    (out / "index.html").write_text(index_html(decks), encoding="utf-8")


def main() -> None:
    decks = [read_chapter(name) for name in numbered_chapters()]
    write(decks, OUT)
    for deck in decks:
        size = (OUT / f"{deck.name}.html").stat().st_size + sum(
            len(b) for b in deck.images.values()
        )
        kinds = [s.kind for s in deck.slides]
        print(
            f"slides: {deck.name}.html: {len(kinds)} slides ({kinds.count('figure')} figures,"
            f" {kinds.count('ask')} questions for the class), {size / 1024:.0f} KB"
        )
    print(f"slides: {len(decks)} decks in {OUT.relative_to(ROOT)}/ (open index.html)")


if __name__ == "__main__":
    main()
