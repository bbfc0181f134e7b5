"""Small fixes so every page works offline and without page errors.

- sphinx-thebe and sphinx-book-theme both declare ``const THEBE_JS_URL`` in an inline
  script: the second declaration is a page error on every page. Keep one of each script.
- The explorers are anywidgets; the page shows each one's ``text/html`` fallback, which
  carries what it needs. MyST-NB would also embed the executed notebook's saved widget
  state (every explorer's module and data again) for a widget manager the book does not
  load: drop it, so no page carries it twice.
- The book theme gets no default colour mode from jupyter-book and logs an error; use light.
- The theme's download menu offers the page's ``.md`` source, which holds every worked
  solution: the site has no sources (``html_copy_source: false``), and the menu offers the
  student notebook (``notebooks/NAME.ipynb`` in the site, written by ``tools/notebooks.py``)
  on every page that has one, and print to PDF.
- The repository and Binder launch buttons appear only when the maintainer names a
  repository at build time (``BOOK_REPOSITORY_URL``, optionally ``BOOK_REPOSITORY_BRANCH``),
  so no page links to a repository that is not there.
- ``{report-problem}`` says where a reader reports a mistake: the issue tracker of that
  same repository, or, when the build names none, that this copy has none to link to.
  The paragraph is made as each page is written, from the repository the buttons use: a
  build with another ``BOOK_REPOSITORY_URL`` rewrites the pages without reading them again.
- ``{pdf-editions}`` and the download menu link to the whole book as PDF, both editions
  (``_build/html/pdf/``, printed by ``tools/print_book.py`` after the pages), and as EPUB
  (``_build/html/epub/``, by ``tools/epub_book.py``), in a build that makes them; otherwise
  the paragraph says how to get them.
"""

from __future__ import annotations

import os
import re

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util.docutils import SphinxDirective

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
REPOSITORY = re.compile(r"https://(github\.com|gitlab\.com)/[\w.-]+/[\w.-]+")


def _repository_buttons(app, config) -> None:
    url = os.environ.get("BOOK_REPOSITORY_URL", "").strip().rstrip("/")
    options = config.html_theme_options
    if not url:
        options.update(repository_url="", use_repository_button=False, launch_buttons={})
        return
    if not REPOSITORY.fullmatch(url):
        raise ConfigError(
            f"BOOK_REPOSITORY_URL={url!r} must be a repository address like "
            "https://github.com/<owner>/<name>"
        )
    options.update(
        repository_url=url,
        repository_branch=os.environ.get("BOOK_REPOSITORY_BRANCH", "main"),
        path_to_docs="",
        use_repository_button=True,
        # Binder opens the chapter sources (jupytext reads them as notebooks). Colab opens
        # only .ipynb files from a repository, and the notebooks are generated, not
        # committed: Colab users upload the downloaded notebook instead (see the README).
        launch_buttons={
            "notebook_interface": "jupyterlab",
            "binderhub_url": "https://mybinder.org",
        },
    )


WHAT_TO_SAY = "name the page and the section, quote what is wrong, and say what you expected."
NO_REPOSITORY = (
    "This copy of the book was built without the address of its repository, so it links "
    "to no issue tracker. Tell the person or the course that gave you the book: "
)


class report_problem(nodes.General, nodes.Element):
    """Where to report a problem; replaced by its paragraph as the page is written."""


class ReportProblem(SphinxDirective):
    """``{report-problem}``: a paragraph saying where a reader reports a problem."""

    def run(self):
        return [report_problem()]


def _report_problem(app, doctree, docname) -> None:
    url = app.config.html_theme_options.get("repository_url", "")
    for node in list(doctree.findall(report_problem)):
        if url:
            link = nodes.reference("", "the book's issue tracker", refuri=f"{url}/issues")
            said = [nodes.Text("Open an issue on "), link, nodes.Text(": " + WHAT_TO_SAY)]
        else:
            said = [nodes.Text(NO_REPOSITORY + WHAT_TO_SAY)]
        node.replace_self(nodes.paragraph("", "", *said))


# The whole book as PDF (tools/print_book.py, run by `make book` after the pages) and as
# EPUB (tools/epub_book.py, after it): made where Chromium's headless shell, which renders
# both, is installed, unless BOOK_PDF=0. Pages link to them only then, so no page links to
# a file the build did not make.
PDF_EDITIONS = (
    ("pdf/pooling-book.pdf", "the whole book as PDF, with worked solutions"),
    ("pdf/pooling-book-student.pdf", "the student edition, without solutions"),
)
EPUB_EDITION = ("epub/pooling-book.epub", "the whole book as EPUB for e-readers, with solutions")


def pdf_editions() -> bool:
    chromium = os.environ.get("TEST_CHROMIUM", "/usr/bin/chromium-headless-shell")
    return os.environ.get("BOOK_PDF", "1") != "0" and os.path.exists(chromium)


class pdf_links(nodes.General, nodes.Element):
    """The PDF editions' links; replaced by its paragraph as the page is written."""


class PdfEditions(SphinxDirective):
    """``{pdf-editions}``: where to get the book as PDF and EPUB (or, if this build made
    none, how)."""

    def run(self):
        return [pdf_links()]


def _pdf_links(app, doctree, docname) -> None:
    depth = "../" * docname.count("/")
    for node in list(doctree.findall(pdf_links)):
        if pdf_editions():
            (full, _), (student, _) = PDF_EDITIONS
            epub = EPUB_EDITION[0]
            said = [
                nodes.strong("", "As PDF or EPUB"),
                nodes.Text(": the whole book in one file: as PDF, for paper, "),
                nodes.raw("", f'<a href="{depth}{full}">with worked solutions</a>', format="html"),
                nodes.Text(" or as "),
                nodes.raw("", f'<a href="{depth}{student}">the student edition</a>', format="html"),
                nodes.Text(", without them; or as "),
                nodes.raw("", f'<a href="{depth}{epub}">an EPUB for e-readers</a>', format="html"),
                nodes.Text(", with them (all three are in the download menu too)."),
            ]
        else:
            said = [
                nodes.strong("", "As PDF or EPUB"),
                nodes.Text(
                    ": this copy was built without its PDF and EPUB editions: `make book` makes "
                    "them where Chromium's headless shell is installed (apt-get install "
                    "chromium-headless-shell)."
                ),
            ]
        node.replace_self(nodes.paragraph("", "", *said))


def _dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    seen, kept = set(), []
    for script in context.get("script_files", []):
        name = getattr(script, "filename", script) or ""  # None and "" both mean inline
        if getattr(script, "attributes", {}).get("type") == WIDGET_STATE:
            continue
        key = (str(name), getattr(script, "attributes", {}).get("body"))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept
    context["default_mode"] = context.get("default_mode") or "light"


def _notebook_download(app, pagename, templatename, context, doctree) -> None:
    """The download menu: the student notebook where the page has one, never the source."""
    stem = pagename.rsplit("/", 1)[-1]
    has_notebook = pagename.startswith("chapters/") and (
        re.match(r"\d\d_", stem) or stem == "lab_build_pooling"
    )
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        buttons = [b for b in group["buttons"] if b.get("label") == "download-pdf-button"]
        if has_notebook:
            buttons.insert(
                0,
                {
                    "type": "link",
                    "url": context["pathto"](f"notebooks/{stem}.ipynb", 1),
                    "text": ".ipynb",
                    "icon": "fas fa-code",
                    "tooltip": "Download this chapter as a notebook (student edition)",
                    "label": "download-notebook-button",
                },
            )
        if pdf_editions():
            buttons += [
                {
                    "type": "link",
                    "url": context["pathto"](path, 1),
                    "text": ".pdf (book)" if "student" not in path else ".pdf (student)",
                    "icon": "fas fa-book",
                    "tooltip": name[0].upper() + name[1:],
                    "label": "download-book-pdf-button" + ("-student" if "student" in path else ""),
                }
                for path, name in PDF_EDITIONS
            ]
            path, name = EPUB_EDITION
            buttons.append(
                {
                    "type": "link",
                    "url": context["pathto"](path, 1),
                    "text": ".epub (book)",
                    "icon": "fas fa-book-open",
                    "tooltip": name[0].upper() + name[1:],
                    "label": "download-book-epub-button",
                }
            )
        group["buttons"] = buttons


def setup(app):
    app.add_directive("report-problem", ReportProblem)
    app.add_directive("pdf-editions", PdfEditions)
    app.connect("doctree-resolved", _pdf_links)
    app.connect("doctree-resolved", _report_problem)
    app.connect("html-page-context", _notebook_download, priority=902)
    app.connect("config-inited", _repository_buttons)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
