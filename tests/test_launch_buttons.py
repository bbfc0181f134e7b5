"""Repository and launch buttons appear only for a repository the maintainer names, and
so does the errata page's link to its issue tracker."""

from __future__ import annotations

import sys
from types import SimpleNamespace

import pytest
from docutils import nodes
from sphinx.errors import ConfigError

from booksite import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import offline_book


def configured(monkeypatch, url=None):
    if url is None:
        monkeypatch.delenv("BOOK_REPOSITORY_URL", raising=False)
    else:
        monkeypatch.setenv("BOOK_REPOSITORY_URL", url)
    config = SimpleNamespace(
        html_theme_options={
            "repository_url": "https://github.com/placeholder/placeholder",
            "use_repository_button": True,
            "launch_buttons": {"binderhub_url": "https://mybinder.org"},
        }
    )
    offline_book._repository_buttons(None, config)
    return config.html_theme_options


def test_no_repository_named_means_no_buttons(monkeypatch):
    options = configured(monkeypatch)
    assert options["repository_url"] == ""
    assert options["use_repository_button"] is False
    assert options["launch_buttons"] == {}


def test_a_named_repository_gets_its_buttons(monkeypatch):
    options = configured(monkeypatch, "https://github.com/someone/pooling-book/")
    assert options["repository_url"] == "https://github.com/someone/pooling-book"
    assert options["use_repository_button"] is True
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"


def test_a_malformed_repository_is_refused_with_the_rule(monkeypatch):
    with pytest.raises(ConfigError, match=r"BOOK_REPOSITORY_URL=.github\.com/x. must be"):
        configured(monkeypatch, "github.com/x")


def report_paragraph(monkeypatch, url=None):
    """What ``{report-problem}`` becomes in a page written by a build configured so."""
    app = SimpleNamespace(config=SimpleNamespace(html_theme_options=configured(monkeypatch, url)))
    section = nodes.section("", offline_book.report_problem())
    offline_book._report_problem(app, section, "chapters/errata")
    (paragraph,) = section.children
    assert isinstance(paragraph, nodes.paragraph)
    return paragraph


def test_a_named_repository_takes_reports_on_its_issue_tracker(monkeypatch):
    paragraph = report_paragraph(monkeypatch, "https://github.com/someone/pooling-book/")
    links = [ref["refuri"] for ref in paragraph.findall(nodes.reference)]
    assert links == ["https://github.com/someone/pooling-book/issues"]
    assert paragraph.astext().startswith("Open an issue on the book's issue tracker: name the page")


def test_no_repository_named_means_no_issue_link_but_who_to_tell(monkeypatch):
    paragraph = report_paragraph(monkeypatch)
    assert not list(paragraph.findall(nodes.reference))
    assert paragraph.astext() == offline_book.NO_REPOSITORY + offline_book.WHAT_TO_SAY
    assert "built without the address of its repository" in paragraph.astext()
