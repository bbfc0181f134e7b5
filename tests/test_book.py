"""The built book: every page of the table of contents exists and every notebook ran."""

import re

import pytest

from booksite import HTML, toc_pages

pytestmark = pytest.mark.book


@pytest.fixture(scope="module", autouse=True)
def built():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` first (make test does)")


@pytest.mark.parametrize("page", toc_pages())
def test_page_exists_with_a_title(page):
    html = (HTML / page).read_text()
    assert re.search(r"<h1>.+</h1>", html), f"{page} has no title"


@pytest.mark.parametrize("page", [p for p in toc_pages() if "/0" in p or "/1" in p])
def test_chapter_ran_and_shows_output(page):
    html = (HTML / page).read_text()
    assert "cell_output" in html, f"{page} shows no executed output"
    assert "What you will learn" in html
    assert "Traceback" not in html, f"{page} shows an error"
    assert ".ipynb" in html, f"{page} offers no notebook download"


def test_no_execution_reports():
    reports = HTML / "reports"
    assert not reports.exists() or not any(reports.iterdir()), "a notebook failed to execute"


FULL_CHAPTERS = [p for p in toc_pages() if p.startswith("chapters/") and p[9:11].isdigit()]


def test_every_chapter_is_held_to_the_standard():
    assert len(FULL_CHAPTERS) == 12


@pytest.mark.parametrize("page", FULL_CHAPTERS)
def test_full_chapter_has_everything_a_class_needs(page):
    """Goals, a figure with alt text, an explorer, PyTorch checked against pooltools,
    at least three exercises with collapsed solutions and self-checks, two of them asking
    to explain, predict or design (class ``understanding``), and a summary."""
    html = (HTML / page).read_text()
    assert "What you will learn" in html
    assert re.search(r"<h2>.{0,80}Summary", html), f"{page} has no summary"
    exercises = len(re.findall(r'<div class="exercise\b[^"]*\badmonition\b', html))
    understanding = len(re.findall(r'<div class="exercise\b[^"]*\bunderstanding\b', html))
    assert understanding >= 2, f"{page} has {understanding} exercises that ask for understanding"
    solutions = len(re.findall(r'<div class="solution dropdown admonition"', html))
    assert exercises >= 3, f"{page} has {exercises} exercises"
    assert solutions == exercises, (
        f"{page}: {solutions} collapsed solutions for {exercises} exercises"
    )
    checks = len(re.findall(r"data-pooltools-check=", html))  # answer boxes that work in the page
    assert checks >= 3, f"{page} offers {checks} self-checks"
    assert "data-pooltools-widget" in html, f"{page} has no explorer"
    assert re.search(r'<img[^>]+alt="[^"]{20,}"', html), f"{page} has no described figure"
    assert "torch" in html, f"{page} does not use PyTorch"
    assert "assert" in html, f"{page} does not check PyTorch against pooltools"


@pytest.mark.parametrize("page", FULL_CHAPTERS)
def test_every_glued_number_was_computed(page):
    """Numbers in the prose come from the notebook: no glue reference is left unresolved."""
    html = (HTML / page).read_text()
    assert "glue:text" not in html
    assert "glue:" not in re.sub(r"<pre.*?</pre>", "", html, flags=re.S)


@pytest.mark.parametrize("page", toc_pages())
def test_no_widget_manager_and_no_saved_widget_state(page):
    """Explorers are anywidgets, shown in the book by their text/html fallback: no page
    loads a widget manager (or any script) from elsewhere, and none carries the executed
    notebook's saved widget state, which would only repeat every explorer's module."""
    html = (HTML / page).read_text()
    assert "application/vnd.jupyter.widget-state+json" not in html, f"{page}: saved widget state"
    outside = re.findall(r"<script[^>]+src=\"(https?:[^\"]+)\"", html)
    assert not outside, f"{page} loads scripts from elsewhere: {outside}"
    if "data-pooltools-widget" in html:  # an explorer: its fallback, never the widget view
        assert "application/vnd.jupyter.widget-view+json" not in html, page


def _code_shown(html: str) -> str:
    """The text of every code cell's input the page shows."""
    blocks = re.findall(r'<div class="cell_input[^"]*".*?</pre>', html, re.S)
    return "\n".join(re.sub(r"<[^>]+>", "", b) for b in blocks)


@pytest.mark.parametrize("page", toc_pages())
def test_pages_show_no_book_plumbing_and_no_notebook_only_instructions(page):
    code = _code_shown((HTML / page).read_text())
    assert "myst_nb" not in code
    assert not re.search(r"\bglue\(", code)
    assert "replace None" not in code


def test_the_public_lab_page_has_no_solution_code():
    from booksite import ROOT

    source = (ROOT / "chapters" / "lab_build_pooling.md").read_text()
    regions = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S)
    lines = {line.strip() for r in regions for line in r.splitlines() if len(line.strip()) > 12}
    import html as html_lib

    page = html_lib.unescape(
        re.sub(r"<[^>]+>", "", (HTML / "chapters/lab_build_pooling.html").read_text())
    )
    assert len(lines) > 20
    assert not [line for line in lines if line in page]


def test_the_site_publishes_no_sources_and_offers_the_notebook_and_the_wheel():
    import tomllib

    from booksite import ROOT

    assert not list(HTML.glob("_sources/**/*.md")), "the .md sources hold every solution"
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert (HTML / "_static" / f"pooltools-{version}-py3-none-any.whl").exists()
    assert (
        f'href="_static/pooltools-{version}-py3-none-any.whl"' in (HTML / "intro.html").read_text()
    )
    page = (HTML / "chapters/02_max_pooling.html").read_text()
    assert 'href="../notebooks/02_max_pooling.ipynb"' in page
    assert (HTML / "notebooks" / "02_max_pooling.ipynb").exists()
    assert "download-source-button" not in page


def _reading():
    import importlib.util

    from booksite import ROOT

    spec = importlib.util.spec_from_file_location("reading", ROOT / "tools" / "reading.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_chapter_reads_within_its_budget():
    """What a reader reads, counted on the built book (tools/reading.py): each numbered
    chapter at most 2,500 prose words and 150 lines of code in view; the core path
    (chapters 1-6) at most 9,500 words, all numbered chapters at most 25,000."""
    reading = _reading()
    rows = {n: c for n, c in reading.chapters(HTML).items() if n[:2].isdigit()}
    assert len(rows) >= 11
    over = {
        n: c
        for n, c in rows.items()
        if c[0] > reading.WORDS_PER_CHAPTER or c[1] > reading.CODE_LINES_PER_CHAPTER
    }
    assert not over, f"(prose words, visible code lines) over budget: {over}"
    core = sum(w for n, (w, _) in rows.items() if int(n[:2]) in reading.CORE)
    assert core <= reading.CORE_WORDS, f"chapters 1-6 hold {core} prose words"
    total = sum(w for w, _ in rows.values())
    assert total <= reading.ALL_WORDS, f"the numbered chapters hold {total} prose words"


NARRATION = re.compile(
    r"asserted above|as the assertions? checks?|the hidden cell checks|bit for bit"
    r"|agree on all \d|to show that both agree",
    re.I,
)


@pytest.mark.parametrize("page", FULL_CHAPTERS)
def test_no_prose_narrates_a_test(page):
    """Checks run in collapsed cells; the prose teaches and never reports on them."""
    reading = _reading()
    p = reading._Page()
    p.feed((HTML / page).read_text())
    prose = re.sub(r"\s+", " ", " ".join(p.text))
    found = NARRATION.findall(prose)
    assert not found, f"{page} narrates its checks: {found}"


def test_the_reading_map_gives_each_chapters_measured_time():
    """The intro's map says how long each chapter takes to read, from its prose words
    (`python tools/reading.py --map` writes it; a chapter that grew or shrank fails here)."""
    from booksite import ROOT

    reading = _reading()
    said = reading.map_minutes((ROOT / "intro.md").read_text())
    rows = reading.chapters(HTML)
    assert set(said) >= {n for n in rows if n[:2].isdigit()}, "a chapter is missing from the map"
    wrong = {
        n: (m, reading.minutes(rows[n][0]))
        for n, m in said.items()
        if m != reading.minutes(rows[n][0])
    }
    assert not wrong, f"(the map's minutes, measured) differ; run tools/reading.py --map: {wrong}"


def _text(html: str) -> str:
    """A page's text as a reader reads it: tags out, entities and spaces as one."""
    import html as html_lib

    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", html)))


def test_the_teaching_guide_gives_three_plans_their_exercises_and_the_grading_commands():
    """Its numbers are checked against their sources in test_teaching_and_errata.py."""
    from booksite import ROOT

    html = (HTML / "chapters/teaching_guide.html").read_text()
    text = _text(html)
    for plan in ("One lecture", "A week", "A three-week module"):
        assert re.search(rf"<h3>{plan}", html), f"no plan {plan!r}"
    source = (ROOT / "chapters" / "teaching_guide.md").read_text()
    for label in re.findall(r"\{ref\}`\d+\.\d+ <(ex-[\w-]+)>`", source):
        assert re.search(rf'href="\d\d_\w+\.html#{label}"', html), f"no link to {label}"
    grading = ("db student add", "generate_assignment lab", "autograde lab",
               "generate_feedback lab", "export")  # fmt: skip
    for command in ["make classroom", *(f"nbgrader {step}" for step in grading)]:
        assert command in text, f"the guide does not say {command!r}"
    assert 'href="errata.html"' in html
    assert 'href="chapters/teaching_guide.html"' in (HTML / "intro.html").read_text()


def test_the_errata_list_dated_changes_newest_first_and_say_where_to_report():
    """Reports go to the repository's issue tracker when the book was built for one
    (``BOOK_REPOSITORY_URL``, as make test passes it to the build), and no page links to
    a tracker that is not there."""
    import os

    html = (HTML / "chapters/errata.html").read_text()
    dates = re.findall(r"<tr[^>]*><td[^>]*><p>([^<]*)</p></td>", html)
    assert len(dates) >= 10
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates), dates
    assert dates == sorted(dates, reverse=True), "newest first"
    url = os.environ.get("BOOK_REPOSITORY_URL", "").strip().rstrip("/")
    text = _text(html)
    if url:
        assert f'href="{url}/issues"' in html
        assert "Open an issue on the book's issue tracker" in text
    else:
        assert "/issues" not in html, "a link to an issue tracker no build named"
        assert "built without the address of its repository, so it links to no issue" in text
