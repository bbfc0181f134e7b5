"""Accessible markup for what myst-nb and docutils write into our pages.

Two fixes, made on each page's body as Sphinx renders it, so that no hand-edited HTML
is needed (WCAG 2.1 AA, checked by tests/test_accessibility_browser.py with axe-core):

- myst-nb's "Show code cell source" toggles are ``<summary aria-label="Toggle hidden
  content">``: the accessible name does not contain the visible text (WCAG 2.5.3, label
  in name). Without the label, the name is the visible text itself.
- docutils lists the bibliography as ``role="list"`` with entries of the deprecated DPUB
  role ``doc-biblioentry``, so a screen reader sees a list without items. The entries
  become ``role="listitem"``.

It also adds ``book.css`` (beside this file): the colours our pages need on top of the
theme, in light and dark mode.
"""

from __future__ import annotations

from pathlib import Path

_REPLACEMENTS = (
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    (' role="doc-biblioentry"', ' role="listitem"'),
)


def fix_body(body: str) -> str:
    for old, new in _REPLACEMENTS:
        body = body.replace(old, new)
    return body


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = fix_body(context["body"])


def _add_static(app) -> None:
    app.config.html_static_path.append(str(Path(__file__).parent / "static"))


def setup(app):
    app.connect("builder-inited", _add_static)
    app.connect("html-page-context", _page_context)
    app.add_css_file("book.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
