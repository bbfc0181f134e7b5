"""The book as PDF (``make pdf``, tools/print_book.py), read as a reader gets it.

Both editions hold every page of the table of contents in its order, each starting on
the page its table of contents says; every equation typeset (no TeX left in the text)
and no markup left raw; every figure of the site; a line under each explorer saying
where the live one is; internal links that land on a page of the document; the
bibliography. The full edition has every worked solution in its appendix, linked both
ways; the student edition has none. PDF bookmarks follow the headings."""

from __future__ import annotations

import copy
import re
import sys
from functools import cache

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from booksite import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import print_book

pytestmark = pytest.mark.book
PDF = ROOT / "_build" / "pdf"
HTML = ROOT / "_build" / "html"
FULL, STUDENT = "pooling-book.pdf", "pooling-book-student.pdf"
# what raw TeX or unrendered MyST looks like in extracted text
RAW = re.compile(r"\\\(|\\\)|\\\[|\\frac|\\lfloor|\\mathrm|\$\$|:::|```|\{glue|\{doc\}|\{cite")


@cache
def reader(name: str) -> PdfReader:
    path = PDF / name
    if not path.exists():
        pytest.fail(f"no {path.relative_to(ROOT)}: run `make pdf` (make test does)")
    return PdfReader(str(path))


@cache
def texts(name: str) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in reader(name).pages]


def image_count(page) -> int:
    """The images a page draws (its image XObjects, not decoded)."""
    objects = (page.get("/Resources") or {}).get("/XObject") or {}
    objects = objects.get_object() if hasattr(objects, "get_object") else objects
    return sum(1 for o in objects.values() if o.get_object().get("/Subtype") == "/Image")


@cache
def article(page: str):
    """The built page's article, parsed once for every test."""
    soup = BeautifulSoup((HTML / f"{page}.html").read_text(), "html.parser")
    return soup.select_one("article.bd-article")


@cache
def site_parts() -> list[tuple[str, str]]:
    """(page, the title its part starts with), from the built site."""
    out, number = [], 0
    for page, group in print_book.toc_pages():
        h1 = copy.copy(article(page).find("h1"))  # the cached page stays whole
        for e in h1.select(".section-number, a.headerlink"):
            e.extract()
        title = h1.get_text(" ", strip=True)
        title = " ".join(title.split())
        number += group == "Chapters"
        out.append((page, f"{number}. {title}" if group == "Chapters" else title))
    return out


def contents(name: str) -> dict[str, int]:
    """The table of contents: title -> the page number it gives."""
    toc = next(t for t in texts(name)[:4] if t.startswith("Contents"))
    found = {}
    for _, title in site_parts() + [("", "Solutions to the exercises")]:
        m = re.search(re.escape(title) + r"\s*(\d+)", toc)
        if m:
            found[title] = int(m[1])
    return found


@cache
def bookmarks(name: str) -> dict[str, int]:
    """The top-level bookmarks (one per part's title): title -> its page."""
    pdf = reader(name)
    return {
        o.title: pdf.get_destination_page_number(o) + 1
        for o in pdf.outline
        if not isinstance(o, list)
    }


@pytest.mark.parametrize("name", [FULL, STUDENT])
def test_every_part_starts_where_the_contents_say(name):
    toc, pages, marks = contents(name), texts(name), bookmarks(name)
    assert pages[0].startswith(print_book.TITLE), pages[0][:200]
    last = 0
    for _, title in site_parts():
        assert title in toc, f"{title!r} is not in the table of contents"
        start = toc[title]
        assert start > last, f"{title!r} on page {start}, out of order"
        said = marks.get(title)
        assert said == start, f"{title!r}: the contents say page {start}, its bookmark {said}"
        assert title in pages[start - 1], f"page {start} has no {title!r}"
        last = start
    assert ("Solutions to the exercises" in toc) == (name == FULL)


@pytest.mark.parametrize("name", [FULL, STUDENT])
def test_no_tex_or_markup_is_left_raw(name):
    raw = [(i + 1, m.group()) for i, t in enumerate(texts(name)) for m in RAW.finditer(t)]
    assert not raw, f"raw TeX or markup on pages {raw[:10]}"


def test_every_figure_and_explorer_of_the_site_is_in_the_pdf():
    figures = explorers = 0
    for page, _ in print_book.toc_pages():
        figures += len(article(page).select("img.only-light"))
        explorers += len(article(page).select(".pt-host"))
    for name in (FULL, STUDENT):
        images = sum(image_count(p) for p in reader(name).pages)
        assert images >= figures, f"{name}: {images} images for the site's {figures} figures"
        said = sum(t.count("Interactive in the HTML edition") for t in texts(name))
        assert said == explorers, f"{name}: {said} explorer notes for {explorers} explorers"


def test_solutions_are_in_the_full_edition_only_and_linked_both_ways():
    site = sum(len(article(p).select("div.solution")) for p, _ in print_book.toc_pages())
    full, student = " ".join(texts(FULL)), " ".join(texts(STUDENT))
    assert full.count("Back to Exercise") == site
    assert full.count("in the appendix") == site
    assert "Back to Exercise" not in student
    assert "in the appendix" not in student
    assert "Solutions to the exercises" not in student
    assert len(reader(FULL).pages) > len(reader(STUDENT).pages)


@pytest.mark.parametrize("name", [FULL, STUDENT])
def test_internal_links_land_on_a_page_and_bookmarks_follow_the_headings(name):
    pdf = reader(name)
    count, broken = 0, []
    for i, page in enumerate(pdf.pages):
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a.get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                uri = str(action.get_object().get("/URI"))
                local = uri.startswith(("http://127.", "http://localhost", "file:"))
                assert not local, f"page {i + 1} links to {uri}, which only the printer had"
                continue  # a link out of the book
            dest = a.get("/Dest")
            count += 1
            try:
                target = (
                    pdf.get_destination_page_number(
                        pdf.named_destinations[dest] if isinstance(dest, str) else dest
                    )
                    if dest is not None
                    else None
                )
            except (KeyError, TypeError):
                target = None
            if target is None:
                broken.append(i + 1)
    assert count > 200, f"only {count} internal links"
    assert not broken, f"{len(broken)} internal links lead nowhere, on pages {broken[:10]}"
    titles = [o.title for o in pdf.outline if not isinstance(o, list)]
    for _, title in site_parts():
        assert any(title in t for t in titles), f"no bookmark for {title!r}"


def test_the_bibliography_is_printed():
    pages = texts(FULL)
    start = contents(FULL)["References"]
    refs = " ".join(pages[start - 1 : start + 3])
    assert "Springenberg" in refs
    assert "Zhang" in refs


def test_the_site_links_both_editions_from_the_home_page_and_the_download_menu():
    home = BeautifulSoup((HTML / "intro.html").read_text(), "html.parser")
    linked = {a["href"] for a in home.select("article a[href$='.pdf']")}
    assert linked == {f"pdf/{FULL}", f"pdf/{STUDENT}"}
    for name in (FULL, STUDENT):
        served = HTML / "pdf" / name
        assert served.read_bytes() == (PDF / name).read_bytes(), f"the site's {name} is stale"
    chapter = BeautifulSoup(
        (HTML / "chapters" / "04_output_shapes.html").read_text(), "html.parser"
    )
    menu = {a["href"] for a in chapter.select(".dropdown-download-buttons a[href$='.pdf']")}
    assert menu == {f"../pdf/{FULL}", f"../pdf/{STUDENT}"}
