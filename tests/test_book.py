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


@pytest.mark.parametrize("page", [p for p in toc_pages() if "/0" in p or "/10" in p])
def test_chapter_ran_and_shows_output(page):
    html = (HTML / page).read_text()
    assert "cell_output" in html, f"{page} shows no executed output"
    assert "What you will learn" in html
    assert "Traceback" not in html, f"{page} shows an error"
    assert ".ipynb" in html, f"{page} offers no notebook download"


def test_no_execution_reports():
    reports = HTML / "reports"
    assert not reports.exists() or not any(reports.iterdir()), "a notebook failed to execute"
