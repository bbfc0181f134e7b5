"""The book as EPUB (``make epub``, tools/epub_book.py), read as an e-reader gets it.

epubcheck (Debian's) finds no error and no warning in it. Its table of contents holds
every page of the book's in order, then the solutions, each a file of the book; every
file is well-formed XHTML (parsed here as XML); every equation is MathML, no TeX or MyST
is left raw and nothing of a browser (scripts, styles, controls, MathJax's own markup);
every figure of the site is there, as a file of the book, and every explorer with its
line saying where the live one is; every link inside the book lands on a file and an id
of it; every worked solution is in the appendix, linked both ways. The site links to the
same file it serves."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import print_book
import pytest
from bs4 import BeautifulSoup

from booksite import ROOT, record_time

pytestmark = pytest.mark.book
EPUB = ROOT / "_build" / "epub" / "pooling-book.epub"
HTML = ROOT / "_build" / "html"
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck
RAW = re.compile(r"\\\(|\\\)|\\\[|\\frac|\\lfloor|\\mathrm|\$\$|:::|```|\{glue|\{doc\}|\{cite")
X, M = "{http://www.w3.org/1999/xhtml}", "{http://www.w3.org/1998/Math/MathML}"
SVG = "{http://www.w3.org/2000/svg}"
SOLUTIONS = "Solutions to the exercises"


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    """The EPUB's files, by their path in it."""
    if not EPUB.exists():
        pytest.fail(f"no {EPUB.relative_to(ROOT)}: run `make epub` (make test does)")
    with zipfile.ZipFile(EPUB) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture(scope="module")
def pages(files) -> dict[str, ET.Element]:
    """Every XHTML file of the book, parsed as XML, by its name in OEBPS/."""
    return {
        name.removeprefix("OEBPS/"): ET.fromstring(data)
        for name, data in files.items()
        if name.endswith(".xhtml")
    }


@pytest.fixture(scope="module")
def epubcheck() -> str:
    """epubcheck's report on the EPUB (one run for the module: it takes about 10 s)."""
    java = shutil.which("java")
    if java is None or not EPUBCHECK.exists():
        pytest.fail(f"epubcheck is missing ({EPUBCHECK}): apt-get install epubcheck")
    if not EPUB.exists():
        pytest.fail(f"no {EPUB.relative_to(ROOT)}: run `make epub` (make test does)")
    t0 = time.perf_counter()
    done = subprocess.run(
        [java, "-jar", str(EPUBCHECK), str(EPUB)], capture_output=True, text=True, timeout=300
    )
    record_time("epubcheck", time.perf_counter() - t0, "the EPUB, tests/test_epub.py")
    return done.stdout + done.stderr


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


@cache
def site_articles() -> list[tuple[str, str, BeautifulSoup]]:
    """(page, the title its part starts with, its article), from the built site."""
    out, number = [], 0
    for page, group in print_book.toc_pages():
        soup = BeautifulSoup((HTML / f"{page}.html").read_text(), "html.parser")
        article = soup.select_one("article.bd-article")
        h1 = article.find("h1")
        for e in h1.select(".section-number, a.headerlink"):
            e.extract()
        title = " ".join(h1.get_text(" ", strip=True).split())
        number += group == "Chapters"
        out.append((page, f"{number}. {title}" if group == "Chapters" else title, article))
    return out


def test_epubcheck_finds_no_error_and_no_warning(epubcheck):
    problems = [line for line in epubcheck.splitlines() if re.match(r"(FATAL|ERROR|WARNING)", line)]
    assert not problems, f"epubcheck: {len(problems)} problems:\n" + "\n".join(problems[:20])
    assert "No errors or warnings detected" in epubcheck, epubcheck[-2000:]


def test_the_package_is_laid_out_as_epub_asks(files):
    with zipfile.ZipFile(EPUB) as z:
        first = z.infolist()[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert files["mimetype"] == b"application/epub+zip"
    opf = files["OEBPS/content.opf"].decode()
    for said in ("<dc:identifier", "<dc:title>", "<dc:language>en<", "dcterms:modified"):
        assert said in opf, f"content.opf has no {said}"
    # the last commit's date when it was made (a later commit need not make it again)
    assert re.search(r'"dcterms:modified">\d{4}-\d\d-\d\dT00:00:00Z<', opf)


def test_the_contents_hold_every_part_in_order_each_a_file(pages, files):
    nav = pages["nav.xhtml"]
    toc = next(
        n for n in nav.iter(f"{X}nav") if "toc" in n.get("{http://www.idpf.org/2007/ops}type")
    )
    parts = [(a.get("href"), text(a)) for a in toc.iter(f"{X}a") if "#" not in a.get("href")]
    wanted = [title for _, title, _ in site_articles()] + [SOLUTIONS]
    assert [title for _, title in parts] == wanted
    for href, title in parts:
        assert f"OEBPS/{href}" in files, f"{title!r}: no file {href}"
        h1 = next(pages[href].iter(f"{X}h1"))
        assert text(h1) == title, f"{href} starts with {text(h1)!r}, not {title!r}"


def test_every_equation_is_mathml_and_nothing_is_left_raw(pages):
    site = sum(len(article.select(".math")) for _, _, article in site_articles())
    maths, raw, browser = 0, [], []
    for name, page in pages.items():
        body = page.find(f"{X}body")
        maths += sum(1 for _ in body.iter(f"{M}math"))
        raw += [(name, m.group()) for m in RAW.finditer("".join(body.itertext()))]
        browser += [
            (name, e.tag.split("}")[1])
            for e in body.iter()
            if e.tag.split("}")[1] in ("script", "style", "input", "button", "select", "form")
            or e.tag.split("}")[1].startswith("mjx-")
        ]
    assert maths >= site > 1000, f"{maths} MathML equations for the site's {site}"
    assert not raw, f"raw TeX or markup: {raw[:10]}"
    assert not browser, f"left for a browser only: {browser[:10]}"


def test_every_figure_and_explorer_of_the_site_is_in_the_book(pages, files):
    figures = sum(len(article.select("img.only-light")) for _, _, article in site_articles())
    explorers = sum(len(article.select(".pt-host")) for _, _, article in site_articles())
    images = [
        (name, img.get("src")) for name, page in pages.items() for img in page.iter(f"{X}img")
    ]
    assert len(images) >= figures > 20, f"{len(images)} images for the site's {figures} figures"
    missing = [(name, src) for name, src in images if f"OEBPS/{unquote(src)}" not in files]
    assert not missing, f"images that are not files of the book: {missing[:5]}"
    assert all(
        img.get("alt") is not None for page in pages.values() for img in page.iter(f"{X}img")
    )
    said = sum(
        text(p.find(f"{X}body")).count("Interactive in the HTML edition") for p in pages.values()
    )
    assert said == explorers, f"{said} explorer notes for the site's {explorers} explorers"
    drawn = [
        e
        for p in pages.values()
        for e in p.iter(f"{X}div")
        if "pt-explorer" in e.get("class", "").split()
    ]
    assert len(drawn) == explorers, f"{len(drawn)} explorers drawn for the site's {explorers}"
    for e in drawn:  # each keeps its drawing: SVG, or the pictures of the feature maps
        assert any(x.tag in (f"{SVG}svg", f"{X}img") for x in e.iter()), "an explorer, undrawn"


def test_every_link_inside_the_book_lands_on_a_file_and_an_id(pages):
    ids = {name: {e.get("id") for e in page.iter() if e.get("id")} for name, page in pages.items()}
    count, broken = 0, []
    for name, page in pages.items():
        for a in page.iter(f"{X}a"):
            href = a.get("href")
            if href is None or re.match(r"[a-z]+:", href):
                continue  # no link, or one out of the book
            count += 1
            file, _, frag = href.partition("#")
            file = file or name
            if file not in ids or (frag and unquote(frag) not in ids[file]):
                broken.append(f"{name}: {href}")
    assert count > 500, f"only {count} links inside the book"
    assert not broken, f"{len(broken)} links land nowhere: {broken[:10]}"


def test_every_solution_is_in_the_appendix_linked_both_ways(pages):
    site = sum(len(article.select("div.solution")) for _, _, article in site_articles())
    appendix = text(pages["solutions.xhtml"].find(f"{X}body"))
    assert appendix.startswith(SOLUTIONS)
    assert appendix.count("Back to Exercise") == site > 50
    chapters = " ".join(
        text(p.find(f"{X}body")) for name, p in pages.items() if name != "solutions.xhtml"
    )
    assert chapters.count("in the appendix") == site


def test_the_site_links_the_epub_from_the_home_page_and_the_download_menu():
    home = BeautifulSoup((HTML / "intro.html").read_text(), "html.parser")
    assert {a["href"] for a in home.select("article a[href$='.epub']")} == {
        "epub/pooling-book.epub"
    }
    served = HTML / "epub" / EPUB.name
    assert served.read_bytes() == EPUB.read_bytes(), "the site's EPUB is stale"
    chapter = BeautifulSoup(
        (HTML / "chapters" / "04_output_shapes.html").read_text(), "html.parser"
    )
    menu = {a["href"] for a in chapter.select(".dropdown-download-buttons a[href$='.epub']")}
    assert menu == {"../epub/pooling-book.epub"}
