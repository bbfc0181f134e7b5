"""The chapters' slide decks as a teacher gets them: `make slides` (tools/slides.py) writes
_build/slides/; the test copies that folder outside the checkout and opens each deck from
disk (file://) in Chromium, with no network and no kernel, one page load per deck.

For each of the twelve numbered chapters, on that one page:
- nothing is fetched from outside the copied folder: a request for anything but a file in
  it (or the page's own data: and blob: URLs) fails the test, and so does a failed
  request, a console error or a page error;
- the deck has a title slide with the chapter's number and title, the chapter's question,
  a figure slide whose image loaded (naturalWidth > 0) and is described by alt text, a
  takeaway slide and at least one question for the class;
- every figure's lettering is at least 12 px as shown on the 1280 x 720 slide (the PNG's
  ``min-font-px`` text chunk, written by figures/make_figures.py and pooltools.viz.show,
  scaled as the slide shows the image): 18 px on a 1080p projector;
- no sentence of the chapter's worked solutions (its ``div.solution`` blocks in the built
  page, collapsed there) is anywhere in the deck's file;
- math is typeset by MathJax (every ``.math`` element holds an ``mjx-container``) and no raw
  TeX ($, \\(, \\[, \\frac) is left in any slide's visible text;
- every slide fits its 1280 x 720 frame, its text at 75 % of the deck's size or more (the
  deck shrinks a slide that would run off its bottom);
- ArrowRight on the keyboard moves to the next slide.
"""

from __future__ import annotations

import re
import shutil

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from booksite import HTML, toc_pages

pytestmark = pytest.mark.browser
SLIDES = HTML.parent / "slides"
CHAPTERS = [p for p in toc_pages() if re.fullmatch(r"chapters/\d\d_\w+\.html", p)]
RAW_TEX = ("$", "\\(", "\\)", "\\[", "\\]", "\\frac")
FRAME = (1280, 720)
SMALLEST_PX = 12  # lettering on a slide, in the slide's own pixels


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """_build/slides/ as a teacher has it: copied into a folder of its own."""
    if not (SLIDES / "index.html").exists():
        pytest.fail(f"the slides are not built ({SLIDES} is missing): run `make slides`")
    copy = tmp_path_factory.mktemp("teacher") / "slides"
    shutil.copytree(SLIDES, copy)
    return copy


def words(text: str) -> str:
    return " ".join(text.split())


def chapter_facts(chapter: str) -> tuple[str, str, list[str]]:
    """From the built page: the chapter's number, its title, and its worked solutions'
    sentences (those of six words or more)."""
    soup = BeautifulSoup((HTML / chapter).read_text(encoding="utf-8"), "html.parser")
    h1 = soup.select_one("article.bd-article section h1")
    number = h1.select_one(".section-number").get_text().strip().rstrip(".")
    for junk in h1.select(".section-number, a.headerlink"):
        junk.decompose()
    sentences = []
    for solution in soup.select("div.solution section#solution-content"):
        for sentence in re.split(r"(?<=[.?!:;])\s+", words(solution.get_text(" "))):
            if len(sentence.split()) >= 6:
                sentences.append(sentence)
    assert sentences, f"{chapter}: found no worked solution to compare with"
    return number, words(h1.get_text()), sentences


def test_index_lists_every_deck(folder):
    index = (folder / "index.html").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        name = chapter.split("/")[1]
        assert f'href="{name}"' in index, f"index.html does not link {name}"


SLIDE_FACTS = """() => {
  const facts = Reveal.getSlides().map((slide, i) => {
    Reveal.slide(i);
    return {
      kind: slide.dataset.kind,
      text: slide.innerText,
      height: slide.scrollHeight,
      fontSize: slide.style.fontSize,
      images: [...slide.querySelectorAll("img")].map(img => ({
        src: img.getAttribute("src"), alt: img.alt, naturalWidth: img.naturalWidth,
        naturalHeight: img.naturalHeight, shownWidth: img.offsetWidth,
        shownHeight: img.offsetHeight})),
      math: slide.querySelectorAll(".math").length,
      typeset: slide.querySelectorAll(".math mjx-container").length,
    };
  });
  Reveal.slide(0);
  return facts;
}"""


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.split("/")[1][:2])
def test_deck(browser, folder, chapter):
    name = chapter.split("/")[1]
    deck = folder / name
    assert deck.exists(), f"{name} is missing from _build/slides: run `make slides`"
    number, title, solutions = chapter_facts(chapter)

    # no sentence of a worked solution, on any slide, shown or not
    text = words(BeautifulSoup(deck.read_text(encoding="utf-8"), "html.parser").get_text(" "))
    leaked = [s for s in solutions if s in text]
    assert not leaked, f"{name} holds text of a worked solution: {leaked[:3]}"

    problems = []
    root = folder.as_uri() + "/"
    context = browser.new_context(viewport={"width": FRAME[0], "height": FRAME[1]})
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} {r.failure}"))

    def check_request(request):
        if not request.url.startswith((root, "data:", "blob:")):
            problems.append(f"request outside the deck's folder: {request.url}")

    page.on("request", check_request)
    # and nothing reaches a network, should a deck ask for it
    page.route(re.compile(r"^(https?|wss?)://"), lambda route: route.abort())
    try:
        page.goto(deck.as_uri(), wait_until="load")
        page.wait_for_function("document.documentElement.dataset.ready === 'true'", timeout=20000)
        assert page.evaluate("Reveal.getIndices().h") == 0
        page.keyboard.press("ArrowRight")
        page.wait_for_function("Reveal.getIndices().h === 1", timeout=5000)
        slides = page.evaluate(SLIDE_FACTS)
    finally:
        context.close()
    assert not problems, f"{name}:\n" + "\n".join(problems)

    kinds = [s["kind"] for s in slides]
    assert kinds[0] == "title", f"{name}: the first slide is {kinds[0]!r}, not the title"
    said = f"{name}: the title slide says {slides[0]['text']!r}"
    assert f"Chapter {number}" in slides[0]["text"], f"{said}, not chapter {number}"
    assert title in words(slides[0]["text"]), f"{said}, not {title!r}"
    for kind in ["question", "figure", "takeaway", "ask"]:
        assert kind in kinds, f"{name}: no {kind} slide among {kinds}"
    for i, slide in enumerate(slides, 1):
        where = f"{name}, slide {i} ({slide['kind']})"
        for image in slide["images"]:
            assert image["naturalWidth"] > 0, f"{where}: {image['src']} did not load"
            assert image["alt"].strip(), f"{where}: {image['src']} has no alt text"
            with Image.open(folder / image["src"]) as png:
                lettering = float(png.info.get("min-font-px", 0))
            # object-fit: contain draws the image whole inside its box
            scale = min(
                image["shownWidth"] / image["naturalWidth"],
                image["shownHeight"] / image["naturalHeight"],
            )
            if lettering:
                assert lettering * scale >= SMALLEST_PX, (
                    f"{where}: {image['src']}'s lettering is {lettering * scale:.1f} px as shown"
                )
            else:
                assert image["shownHeight"] >= 0.4 * FRAME[1], (
                    f"{where}: {image['src']} is shown {image['shownHeight']} px high"
                )
        if slide["kind"] == "figure":
            assert slide["images"], f"{where}: a figure slide without an image"
        assert slide["typeset"] == slide["math"], (
            f"{where}: {slide['math'] - slide['typeset']} of {slide['math']} math not typeset"
        )
        raw = [t for t in RAW_TEX if t in slide["text"]]
        assert not raw, f"{where}: raw TeX {raw} in {slide['text']!r}"
        assert slide["height"] <= FRAME[1], (
            f"{where}: {slide['height']} px of content in a {FRAME[1]} px slide"
        )
        size = float(slide["fontSize"].rstrip("%") or 100)
        assert size >= 75, f"{where}: text shrunk to {size:.0f} % to fit"
