"""The whole book as one PDF, offline, from the built site: no chapter is executed again.

    make pdf      # _build/pdf/pooling-book.pdf and _build/pdf/pooling-book-student.pdf,
                  # copied into the site (_build/html/pdf/), which links to them
                  # (make book runs it too, where Chromium is installed)

Every page of the table of contents (intro, chapters, lab, reference pages), in its
order, is taken from ``_build/html`` (the article only: no sidebars), put into one HTML
document and printed by Chromium (Debian's ``chromium-headless-shell``, the browser the
tests use), which typesets the equations with the book's own MathJax and draws each
explorer in its initial state from its own script. In the document:

- a title page, and a table of contents with page numbers: the document is printed once
  to learn on which page each part starts (pypdf reads the pages), then again with them;
- figures in their light version, with their captions; code the chapter collapses (its
  checks against PyTorch) and the answer boxes (which need a page to type in) left out;
- under each explorer, a line saying where the live one is;
- every exercise where it stands, and its worked solution in the appendix "Solutions",
  each linked to the other; the student edition has no solutions;
- every link inside the book a link inside the PDF; the bibliography as the book's
  references page; PDF bookmarks from the headings.

The title page shows the date of the last commit (or SOURCE_DATE_EPOCH). Chromium's
bookmarks repeat a heading's first line (``ContentsContents``); they are rewritten with
the headings' own text.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import http.server
import logging
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

logging.getLogger("pypdf").setLevel(logging.ERROR)  # Chromium's trailers: harmless, noisy
ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "pdf"
CHROMIUM = os.environ.get("TEST_CHROMIUM", "/usr/bin/chromium-headless-shell")
TITLE = "Pooling in convolutional neural networks"
EDITIONS = {
    "pooling-book.pdf": "with worked solutions",
    "pooling-book-student.pdf": "student edition, without solutions",
}

PRINT_CSS = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm; }
html, body { background: #fff !important; }
body { font-size: 10.5pt; line-height: 1.45; color: #1d1d1f; }
.print-book { max-width: none; margin: 0; padding: 0; }
.print-part { break-before: page; }
.print-part h1 { font-size: 22pt; margin-top: 0; }
.print-part h2 { font-size: 15pt; break-after: avoid; }
.print-part h3 { font-size: 12.5pt; break-after: avoid; }
figure, .themed-figure, table, .admonition, pre, mjx-container[display="true"] {
  break-inside: avoid; }
img { max-width: 100%; height: auto; }
.only-dark { display: none !important; }
pre { white-space: pre-wrap; font-size: 8.6pt; }
a { color: #0b5394; text-decoration: none; }
.print-title { height: 240mm; display: flex; flex-direction: column; justify-content: center; }
.print-title h1 { font-size: 30pt; line-height: 1.15; margin: 0 0 12mm; }
.print-title p { font-size: 13pt; margin: 2mm 0; color: #444; }
.print-toc { break-before: page; }
.print-toc h1 { font-size: 22pt; }
.print-toc ol { list-style: none; padding: 0; margin: 0; }
.print-toc li { display: flex; align-items: baseline; margin: 1.6mm 0; font-size: 11.5pt; }
.print-toc li .print-toc-name { flex: 0 1 auto; }
.print-toc li .print-toc-dots { flex: 1 1 auto; border-bottom: 1px dotted #999; margin: 0 2mm; }
.print-toc li.print-toc-group { margin-top: 5mm; font-weight: 600; }
.print-live { font-size: 9.5pt; color: #444; border-left: 3px solid #0072B2; padding: 1mm 3mm;
  margin: 2mm 0 5mm; }
.print-solution { margin: 0 0 5mm; break-inside: avoid; }
.print-solution h3 { font-size: 11.5pt; margin: 4mm 0 1mm; }
.print-back { font-size: 9pt; }
/* the explorers: what a reader would use to change them is no use on paper */
.pt-input, .pt-picture, .pt-status, button, .pt-input-toggle { display: none !important; }
.pt-explorer { break-inside: avoid; }
"""

FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#666;'
    'font-family:sans-serif"><span class="pageNumber"></span></div>'
)


def toc_pages() -> list[tuple[str, str | None]]:
    """(page, group caption) in the book's order: the root first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [(toc["root"], None)]
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            pages.append((entry["file"], part.get("caption")))
    return pages


def part_id(page: str) -> str:
    return "p-" + page.replace("/", "-")


def last_commit_date() -> dt.date:
    """The day of the last commit, or SOURCE_DATE_EPOCH: the date the class packs carry."""
    from classroom import zip_date

    return dt.date(*zip_date()[:3])


class Part:
    """One page of the book, made ready to print: its article, its solutions and title."""

    def __init__(
        self, page: str, group: str | None, number: int | None, site_url: str, pages: set[str]
    ):
        self.page, self.group, self.number = page, group, number
        self.id = part_id(page)
        path = HTML / f"{page}.html"
        if not path.exists():
            sys.exit(f"print_book: {path.relative_to(ROOT)} is missing: run `make book` first")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        if article is None:
            sys.exit(f"print_book: no article in {path.relative_to(ROOT)}")
        self.soup, self.article = soup, article
        self.head = head(soup, page)
        h1 = article.find("h1")
        if h1 is not None:
            for e in h1.select(".section-number, a.headerlink"):
                e.extract()
            self.title = h1.get_text(" ", strip=True)
            if number is not None:  # as the site numbers it, where it has room
                h1.insert(0, f"{number}. ")
        else:
            self.title = page
        self.solutions: list = []
        self._clean(site_url)
        _relink(self.article, page, pages, site_url)
        for sol in self.solutions:
            _relink(sol, page, pages, site_url)
        self.answers: list[tuple[str, str, str, str]] = []  # (exercise, its link, id, html)
        self._link_solutions()

    def _clean(self, site_url: str) -> None:
        a = self.article
        for e in a.select("a.headerlink, .only-dark, details.above-input, details.below-input"):
            e.decompose()
        # the answer boxes: a check(...) cell and its box, no use on paper
        for box in a.select(".pt-check"):
            cell = box.find_parent("div", class_="cell")
            (cell or box).decompose()
        # explorers: drawn by their own script; say where the live one is
        for host in a.select(".pt-host"):
            where = f"{site_url.rstrip('/')}/{self.page}.html" if site_url else None
            note = self.soup.new_tag("p", attrs={"class": "print-live"})
            note.string = (
                "Interactive in the HTML edition of the book"
                + (f": {where}" if where else f", {self.label()}")
                + ", and in this chapter's notebook. Shown here in its initial state."
            )
            script = host.find_next_sibling("script")
            (script or host).insert_after(note)
        for sol in a.select("div.solution"):
            self.solutions.append(sol.extract())

    def label(self) -> str:
        return f"chapter {self.number}" if self.number else f"the page “{self.title}”"

    def _link_solutions(self) -> None:
        """Each solution to the appendix, and a link to it under its exercise (which the
        student edition hides)."""
        for sol in self.solutions:
            title = sol.find(class_="admonition-title")
            link = title.find("a") if title else None
            name = link.get_text(" ", strip=True) if link else "Exercise"
            back = link["href"] if link else f"#{self.id}"
            if title:
                title.decompose()
            sid = sol.get("id") or f"{self.id}--solution-{len(self.answers)}"
            self.answers.append((name, back, sid, sol.decode_contents()))
            target = self.article.find(id=back.lstrip("#"))
            if target is not None:
                note = self.soup.new_tag("p", attrs={"class": "print-back print-solution-link"})
                a = self.soup.new_tag("a", href=f"#{sid}")
                a.string = f"Solution to {name}: in the appendix"
                note.append(a)
                target.append(note)

    def html(self) -> str:
        body = "".join(str(c) for c in self.article.contents)
        return f'<section class="print-part" id="{self.id}">{body}</section>'


def _relink(tree, page: str, pages: set[str], site_url: str) -> None:
    """Ids prefixed with the page's (unique in one document); links inside the book made
    links inside the document; images pointed at the site's files."""
    prefix = part_id(page)
    base = f"http://book/{page}.html"
    for e in tree.find_all(id=True):
        e["id"] = f"{prefix}--{e['id']}"
    for e in tree.find_all("a", href=True):
        href = e["href"]
        if "://" in href or href.startswith("mailto:"):
            continue
        target = urlsplit(urljoin(base, href))
        name = target.path.lstrip("/")
        name = name[: -len(".html")] if name.endswith(".html") else name
        if name in pages:
            frag = f"--{target.fragment}" if target.fragment else ""
            e["href"] = f"#{part_id(name)}{frag}"
        elif site_url:  # a file beside the pages (a notebook, a wheel): on the site
            e["href"] = site_url.rstrip("/") + target.path
        else:  # no site to point at: its words stay, without a link
            e.unwrap()
    for e in tree.find_all(["img", "source"], src=True):
        src = e["src"]
        if not src.startswith(("data:", "http:", "https:")):
            e["src"] = "../html" + urlsplit(urljoin(base, src)).path


def head(soup, page: str) -> str:
    """The site's styles and MathJax, as the page loads them, pointed at the site."""
    out, base = [], f"http://book/{page}.html"
    for e in soup.head.find_all(["link", "script"]):
        if e.name == "link" and "stylesheet" in (e.get("rel") or []):
            e["href"] = "../html" + urlsplit(urljoin(base, e["href"])).path
            out.append(str(e))
        elif e.name == "script" and (
            "mathjax" in (e.get("src") or "") or "window.MathJax" in (e.string or "")
        ):
            if e.get("src"):
                e["src"] = "../html" + urlsplit(urljoin(base, e["src"])).path
            out.append(str(e))
    return "\n".join(out)


def document(parts: list[Part], edition: str, numbers: dict[str, int] | None) -> str:
    date = last_commit_date()
    title = (
        f'<section class="print-title"><h1>{TITLE}</h1><p>{EDITIONS[edition].capitalize()}</p>'
        f"<p>The pooling book authors</p><p>{date.isoformat()}</p>"
        "<p>A PDF of the interactive book: its explorers are live in the HTML edition and in"
        " the chapters' notebooks.</p></section>"
    )
    solutions = edition == "pooling-book.pdf" and any(p.answers for p in parts)
    entries, group = [], None
    for p in parts:
        if p.group != group and p.group:
            entries.append(f'<li class="print-toc-group">{p.group}</li>')
            group = p.group
        name = f"{p.number}. {p.title}" if p.number else p.title
        entries.append(_toc_entry(p.id, name, numbers))
    if solutions:
        entries.append('<li class="print-toc-group">Appendix</li>')
        entries.append(_toc_entry("p-solutions", "Solutions to the exercises", numbers))
    toc = f'<section class="print-toc"><h1>Contents</h1><ol>{"".join(entries)}</ol></section>'
    body = [p.html() for p in parts]
    css = PRINT_CSS
    if solutions:
        body.append(appendix(parts))
    else:
        # hidden, but keeping its line: both editions paginate alike up to the appendix
        css += ".print-solution-link { visibility: hidden !important; }"
    return (
        '<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title>{parts[0].head}<style>{css}</style></head>"
        f'<body><main class="print-book bd-article">{title}{toc}{"".join(body)}</main>'
        "</body></html>"
    )


def _toc_entry(target: str, name: str, numbers: dict[str, int] | None) -> str:
    page = numbers.get(target, "") if numbers else "00"
    return (
        f'<li><a class="print-toc-name" href="#{target}">{name}</a>'
        f'<span class="print-toc-dots"></span><a href="#{target}">{page}</a></li>'
    )


def appendix(parts: list[Part]) -> str:
    """Every worked solution, chapter by chapter, linked back to its exercise."""
    out = ['<section class="print-part" id="p-solutions"><h1>Solutions to the exercises</h1>']
    for p in parts:
        if not p.answers:
            continue
        out.append(f"<h2>{p.number}. {p.title}</h2>" if p.number else f"<h2>{p.title}</h2>")
        for name, back, sid, html in p.answers:
            out.append(
                f'<div class="print-solution" id="{sid}"><h3>{name}</h3>{html}'
                f'<p class="print-back"><a href="{back}">Back to {name}</a></p></div>'
            )
    out.append("</section>")
    return "".join(out)


class Server:
    """_build/ over HTTP on a free local port (MathJax loads its parts over it)."""

    def __enter__(self):
        handler = functools.partial(_Quiet, directory=str(ROOT / "_build"))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.asynccontextmanager
async def typeset(browser, server: Server, html: str, source: Path):
    """A page of browser showing html (written to source, under _build/), once MathJax has
    typeset it and the explorers have drawn themselves; its problems end the program."""
    source.write_text(html, encoding="utf-8")
    page = await browser.new_page(viewport={"width": 794, "height": 1123})
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))

    async def outside(route):
        problems.append(f"outside the book: {route.request.url}")
        await route.abort()

    await page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), outside)
    served = source.relative_to(ROOT / "_build").as_posix()
    try:
        await page.goto(f"{server.url}/{served}", wait_until="load", timeout=120000)
        await page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=120000
        )
        await page.evaluate("() => MathJax.startup.promise")
        await page.wait_for_timeout(300)  # the explorers' modules, imported on load
        yield page
    finally:
        await page.close()
    if problems:
        where = source.relative_to(ROOT)
        sys.exit(f"{where}: the page had problems:\n  " + "\n  ".join(problems[:20]))


async def render(browser, server: Server, html: str, out: Path) -> None:
    """Print html (written beside the PDF) to out, once MathJax and the explorers are done."""
    async with typeset(browser, server, html, out.with_suffix(".html")) as page:
        await page.emulate_media(media="print")
        names = await page.evaluate(HEADING_TEXTS)
        await page.pdf(
            path=str(out),
            format="A4",
            print_background=True,
            outline=True,
            tagged=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER,
            margin={"top": "18mm", "bottom": "20mm", "left": "17mm", "right": "17mm"},
        )
    fix_outline(out, names)


# the text of every heading shown, in order (Chromium's bookmarks); math as its MathML text
HEADING_TEXTS = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]")]
  .filter(h => h.getClientRects().length)
  .map(h => {
    const c = h.cloneNode(true);
    c.querySelectorAll("mjx-container").forEach(m => {
      const mml = m.querySelector("mjx-assistive-mml");
      m.replaceWith(mml ? mml.textContent : "");
    });
    return c.textContent.replace(/\\s+/g, " ").trim();
  })"""


def fix_outline(pdf: Path, names: list[str]) -> None:
    """Give the PDF's bookmarks, in order, the headings' own text."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=str(pdf))
    items, stack = [], []
    outlines = writer.root_object.get("/Outlines")
    first = outlines.get_object().get("/First") if outlines else None
    if first is not None:
        stack.append(first)
    while stack:  # depth first: the document's order
        item = stack.pop().get_object()
        items.append(item)
        if item.get("/Next") is not None:
            stack.append(item["/Next"])
        if item.get("/First") is not None:
            stack.append(item["/First"])
    if len(items) != len(names):
        sys.exit(f"print_book: {len(items)} bookmarks for {len(names)} headings")
    for item, name in zip(items, names):
        raw, mine = (re.sub(r"[^A-Za-z]", "", t) for t in (str(item.get("/Title", "")), name))
        if not raw.startswith(mine[: min(10, len(mine))]):
            sys.exit(f"print_book: bookmark {raw[:40]!r} is not the heading {name!r}")
        item[NameObject("/Title")] = TextStringObject(name)
    writer.write(str(pdf))


def start_pages(pdf: Path, parts: list[Part]) -> dict[str, int]:
    """The page on which each part (and the appendix) starts: where the PDF's bookmark of
    its title (Chromium makes one for each heading) points, in the parts' order."""
    reader = PdfReader(str(pdf))
    marks = [
        (" ".join(o.title.split()), reader.get_destination_page_number(o) + 1)
        for o in reader.outline
        if not isinstance(o, list)
    ]
    found, at = {}, 2  # the title page and the contents come first
    wanted = [(p.id, (f"{p.number}. {p.title}" if p.number else p.title)) for p in parts]
    wanted.append(("p-solutions", "Solutions to the exercises"))
    for pid, name in wanted:
        name = " ".join(name.split())
        for i in range(at, len(marks)):
            if marks[i][0].replace(" ", "").startswith(name.replace(" ", "")):
                found[pid], at = marks[i][1], i + 1
                break
    return found


def build(site_url: str = "") -> list[Path]:
    if not Path(CHROMIUM).exists():
        sys.exit(
            f"print_book: Chromium is missing at {CHROMIUM}: "
            "sudo apt-get install chromium-headless-shell"
        )
    OUT.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_print(book_parts(site_url)))


def book_parts(site_url: str = "") -> list[Part]:
    """Every page of the table of contents as a Part, chapters numbered as the site does."""
    number, parts, toc = 0, [], toc_pages()
    names = {page for page, _ in toc}
    for page, group in toc:
        numbered = group == "Chapters"
        number += numbered
        parts.append(Part(page, group, number if numbered else None, site_url, names))
    return parts


async def _print(parts: list[Part]) -> list[Path]:
    """Once to learn the pages, then both editions at once (one a core)."""
    from playwright.async_api import async_playwright

    with Server() as server:
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                first, t0 = OUT / "pass-1.pdf", time.perf_counter()
                await render(browser, server, document(parts, "pooling-book.pdf", None), first)
                numbers = start_pages(first, parts)
                missing = [p.title for p in parts if p.id not in numbers]
                if missing:
                    sys.exit(f"print_book: no bookmark for {missing} in the first printing")
                print(f"print_book: first printing, {time.perf_counter() - t0:.0f} s", flush=True)
                t0, made = time.perf_counter(), [OUT / edition for edition in EDITIONS]
                await asyncio.gather(
                    *(
                        render(browser, server, document(parts, out.name, numbers), out)
                        for out in made
                    )
                )
            finally:
                await browser.close()
    first.unlink()
    first.with_suffix(".html").unlink()
    site = HTML / "pdf"  # the site links to both editions
    site.mkdir(exist_ok=True)
    for out in made:
        out.with_suffix(".html").unlink()
        shutil.copyfile(out, site / out.name)
        print(
            f"print_book: {out.relative_to(ROOT)}, {len(PdfReader(str(out)).pages)} pages, "
            f"{out.stat().st_size / 1e6:.1f} MB",
            flush=True,
        )
    print(
        f"print_book: both editions in {time.perf_counter() - t0:.0f} s, "
        f"copied to {site.relative_to(ROOT)}/",
        flush=True,
    )
    return made


def run(name: str, what: str, made: list[Path], make, scripts: tuple[Path, ...] = ()) -> None:
    """The command line of this script and of epub_book.py: ``--optional`` (as `make book`
    runs them) stops, saying so, without Chromium or with BOOK_PDF=0; nothing is made again
    while every file of ``made`` (the site's copies) is newer than every page and than the
    scripts that make it; else ``make(site_url)`` makes them."""
    parser = argparse.ArgumentParser(description=f"Make {what} of the book.")
    parser.add_argument(
        "--optional",
        action="store_true",
        help="as `make book` runs it: without Chromium (or with BOOK_PDF=0), say so and stop",
    )
    args = parser.parse_args()
    if args.optional and (os.environ.get("BOOK_PDF", "1") == "0" or not Path(CHROMIUM).exists()):
        print(
            f"{name}: {what} not made (BOOK_PDF=0, or no {CHROMIUM}: "
            "apt-get install chromium-headless-shell)"
        )
        return
    sources = [Path(__file__), *scripts, *HTML.glob("*.html"), *HTML.glob("chapters/*.html")]
    if all(p.exists() for p in made) and all(
        p.stat().st_mtime < min(m.stat().st_mtime for m in made) for p in sources
    ):
        print(f"{name}: {what} up to date in {made[0].parent.relative_to(ROOT)}/")
        return
    make(os.environ.get("BOOK_SITE_URL", ""))


def main() -> None:
    run("print_book", "the PDF editions", [HTML / "pdf" / name for name in EDITIONS], build)


if __name__ == "__main__":
    main()
