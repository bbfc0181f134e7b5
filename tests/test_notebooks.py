"""The notebooks learners and teachers get: plain Markdown, two editions, no answers leaked.

These convert the chapter sources directly (no book build needed); the book tests check
the downloads of a real build.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys

import nbformat
import pytest

import notebooks  # tools/notebooks.py
from booksite import ROOT

SOURCES = notebooks.chapter_sources()
INLINE_PNG = r"!\[([^\]]*)\]\(data:image/png;base64,([^)]+)\)"
# MyST that only Sphinx understands: none of it may reach a notebook's Markdown.
RAW_MYST = re.compile(r"\{[a-z][\w:-]*\}`|^(`{3,}|:{3,})\{|^:(label|class|alt|width|tags):", re.M)


@pytest.fixture(scope="module")
def converted():
    """Both editions of every chapter, with the placeholder for numbers not yet built."""
    figures = set(re.findall(r"figures/([\w-]+\.png)", "".join(s.read_text() for s in SOURCES)))
    if not all((ROOT / "figures" / name).exists() for name in figures):
        subprocess.run([sys.executable, str(ROOT / "figures" / "make_figures.py")], check=True)
    titles, bib = notebooks.load_titles(), notebooks.load_bibliography()
    result = {}
    for source in SOURCES:
        number = int(source.stem[:2]) if source.stem[:2].isdigit() else None
        glue = notebooks._placeholder_glue(source)
        for edition in ("student", "instructor"):
            nb = notebooks.convert(source, number, edition, glue, titles, bib)
            result[source.stem, edition] = nb
    return result


def markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def solution_sentences(source) -> list[str]:
    """Every sentence of every worked solution in a chapter source, whitespace folded."""
    bodies = re.findall(r"^(`{3,})\{solution\}.*?\n(.*?)^\1\s*$", source.read_text(), re.M | re.S)
    sentences = []
    for _, body in bodies:
        body = re.sub(r"^:[\w-]+:.*$", "", body, flags=re.M)
        body = re.sub(r"\{[\w:-]+\}`[^`]*`", "\n\n", body)  # roles render differently: cut there
        for piece in re.split(r"(?<=[.:;!?])\s+|\n\n", body):
            piece = " ".join(piece.split())
            if len(piece) >= 20:
                sentences.append(piece)
    return sentences


@pytest.mark.parametrize("edition", ["student", "instructor"])
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_no_raw_myst_in_any_markdown_cell(converted, source, edition):
    for text in markdown(converted[source.stem, edition]):
        found = RAW_MYST.search(text)
        assert not found, (
            f"{source.stem} ({edition}) shows raw MyST: {text[found.start() :][:80]!r}"
        )


def everything_in(nb) -> str:
    """All the text a notebook file holds: cells, metadata, attachments, folded."""
    parts = [json.dumps(nb.metadata, ensure_ascii=False)]
    for cell in nb.cells:
        parts += [cell.source, json.dumps(cell.metadata, ensure_ascii=False)]
        for bundle in cell.get("attachments", {}).values():
            parts += [v for mime, v in bundle.items() if not mime.startswith("image/")]
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_student_edition_holds_no_solution_text(converted, source):
    text = everything_in(converted[source.stem, "student"])
    leaked = [s for s in solution_sentences(source) if s in text]
    assert not leaked, f"{source.stem}: the student notebook contains solution text: {leaked[:2]}"
    assert "<details>" not in text
    assert "Solution to exercise" not in text
    # the same check finds every sentence in the instructor edition, so it is not blind
    instructor = everything_in(converted[source.stem, "instructor"])
    assert all(s in instructor for s in solution_sentences(source))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_instructor_edition_has_each_solution_collapsed_under_its_exercise(converted, source):
    exercises = len(re.findall(r"^`{3,}\{exercise\}", source.read_text(), re.M))
    text = "\n".join(markdown(converted[source.stem, "instructor"]))
    assert text.count("<details>") == exercises
    headings = re.findall(r"^#### Exercise (\d+)\.(\d+)", text, re.M)
    assert [int(n) for _, n in headings] == list(range(1, exercises + 1))
    for number in range(1, exercises + 1):
        heading = text.index(f"Exercise {headings[0][0]}.{number}")
        assert text.index(f"Solution to exercise {headings[0][0]}.{number}") > heading


def test_figures_travel_with_the_notebook_and_keep_their_alt_text(converted):
    figures = 0
    for (stem, _), nb in converted.items():
        for cell in nb.cells:
            for alt, data in re.findall(
                r"!\[([^\]]*)\]\(data:image/png;base64,([^)]+)\)", cell.source
            ):
                assert len(alt) > 20, f"{stem}: a figure has no real alt text"
                assert base64.b64decode(data).startswith(b"\x89PNG"), f"{stem}: not a PNG"
                figures += 1
    assert figures >= 2


def test_hidden_setup_cells_are_kept_folded(converted):
    nb = converted["04_output_shapes", "student"]
    hidden = [c for c in nb.cells if "hide-input" in c.metadata.get("tags", [])]
    assert hidden, "chapter 4 has a hidden set-up cell"
    assert all(c.metadata["jupyter"]["source_hidden"] for c in hidden)
    assert "import pooltools" in hidden[0].source


def test_glued_numbers_are_the_values_the_build_computed():
    source = ROOT / "chapters" / "04_output_shapes.md"
    glue = {**notebooks._placeholder_glue(source), "floor_size": "3", "conv_params": "73856"}
    nb = notebooks.convert(
        source, 4, "student", glue, notebooks.load_titles(), notebooks.load_bibliography()
    )
    text = "\n".join(markdown(nb))
    assert "the floor gives 3 windows" in text
    assert "73,856 parameters" in text  # the role's format spec `:,` is applied


def test_a_missing_value_is_an_error_not_a_guess():
    source = ROOT / "chapters" / "04_output_shapes.md"
    with pytest.raises(notebooks.ConversionError, match="build the book first"):
        notebooks.convert(
            source, 4, "student", {}, notebooks.load_titles(), notebooks.load_bibliography()
        )


def test_an_edited_notebook_is_never_overwritten(tmp_path):
    made: dict[str, str] = {}
    target = tmp_path / "01_x.ipynb"
    assert notebooks.write(target, "first", made, tmp_path) is False
    assert notebooks.write(target, "second", made, tmp_path) is False  # ours: regenerated
    assert target.read_text() == "second"
    target.write_text("a student's work")
    assert notebooks.write(target, "third", made, tmp_path) is True
    assert target.read_text() == "a student's work"


def test_the_lab_student_edition_has_no_solution_code_and_the_instructor_edition_is_nbgrader(
    converted,
):
    source = (ROOT / "chapters" / "lab_build_pooling.md").read_text()
    regions = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S)
    assert len(regions) == 4
    lines = {line.strip() for r in regions for line in r.splitlines() if len(line.strip()) > 12}
    student = everything_in(converted["lab_build_pooling", "student"])
    assert not [line for line in lines if line in student], "solution code in the student lab"
    cells = converted["lab_build_pooling", "student"].cells
    code = [c.source for c in cells if c.cell_type == "code"]
    assert sum("raise NotImplementedError()" in c for c in code) == 4
    instructor = converted["lab_build_pooling", "instructor"]
    graded = [c.metadata["nbgrader"] for c in instructor.cells if "nbgrader" in c.metadata]
    assert [m["solution"] for m in graded] == [True] + [False] * 3 + ([True] + [False] * 4) * 3
    assert sum(m.get("points", 0) for m in graded) == 15
    ids = [m["grade_id"] for m in graded if m["grade"]]
    assert "test_max_pool2d_backward_ties" in ids
    assert "test_avg_pool2d_count_include_pad" in ids
    assert all(m["locked"] for m in graded if m["grade"])


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_a_notebook_needs_nothing_from_the_book_build(converted, source):
    nb = converted[source.stem, "student"]
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert not [c for c in code if "myst_nb" in c or re.search(r"\bglue\(", c)]
    assert code[0].startswith("# Set-up: installs what this notebook imports"), code[0][:80]
    assert "importlib.util.find_spec" in code[0]


@pytest.mark.parametrize("source", notebooks.chapter_sources(), ids=lambda p: p.stem)
def test_the_first_cell_installs_every_module_the_notebook_imports(converted, source):
    """What a learner's bare venv lacks is installed by the first cell: every module the
    notebook imports is the standard library's, pooltools' or its explorers' dependencies,
    PyTorch (installed, or its cells skipped where a chapter only compares with it), or
    one the cell installs itself."""
    nb = converted[source.stem, "student"]
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    settings = {}
    for line in code[0].splitlines():
        if re.match(r"(MODULES|PYTORCH) = ", line):
            settings[line.split(" = ")[0]] = eval(line.split(" = ", 1)[1])  # a literal we wrote
    imported = set()
    for cell in code[1:]:
        imported |= set(re.findall(r"^\s*(?:from|import)\s+(\w+)", cell, re.M))
    given = {"pooltools", "numpy", "matplotlib", "ipywidgets", "anywidget", "IPython"}
    given |= set(sys.stdlib_module_names) | set(settings["MODULES"])
    if settings["PYTORCH"]:
        given.add("torch")
    assert imported <= given, imported - given
    expected = None
    if "torch" in imported:
        expected = "optional" if source.stem in notebooks.PYTORCH_OPTIONAL else "needed"
    assert settings["PYTORCH"] == expected


def test_glue_statements_go_and_the_code_around_them_stays():
    from glue_hidden import strip_glue

    source = (
        "from myst_nb import glue\nimport numpy as np\n\nx = np.ones(3)\n"
        'glue("n", len(x), display=False)\nfor i in range(2):\n    glue(f"k{i}", i)\n'
        "for i in range(2):\n    y = i\n    glue('y', y)\nx"
    )
    assert strip_glue(source) == (
        "import numpy as np\n\nx = np.ones(3)\nfor i in range(2):\n    y = i\nx"
    )
    assert strip_glue("%pip install x\nglue('a', 1)") == "%pip install x\nglue('a', 1)"
    # a loop whose inner loop holds as many glue calls as the outer one has statements stays
    # (chapter 7's table of differences lost its loop this way, and its asserts failed)
    nested = (
        "for a in b:\n    row = []\n    for c in d:\n        row.append(c)\n"
        "        glue('x', c)\n        glue('y', c)\n        glue('z', c)\n    rows.append(row)"
    )
    assert strip_glue(nested) == (
        "for a in b:\n    row = []\n    for c in d:\n        row.append(c)\n    rows.append(row)"
    )


def test_running_and_saving_a_notebook_does_not_make_it_edited(tmp_path):
    made: dict[str, str] = {}
    target = tmp_path / "notebooks" / "01_x.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    assert notebooks.write(target, nbformat.writes(nb), made) is False
    nb.cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    nb.cells[0].execution_count = 1
    target.write_text(nbformat.writes(nb))  # Run All, then autosave
    assert notebooks.write(target, nbformat.writes(nb), made) is False  # still ours
    nb.cells[0].source = "1 + 2"  # an edit
    target.write_text(nbformat.writes(nb))
    assert notebooks.write(target, "new", made) is True
    assert "1 + 2" in target.read_text()


def test_clean_keeps_an_edited_notebook_and_deletes_the_rest(tmp_path):
    out, instructor = tmp_path / "notebooks", tmp_path / "notebooks-instructor"
    made: dict[str, str] = {}
    for folder in (out, instructor):
        for name in ("01_a.ipynb", "02_b.ipynb"):
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(name)])
            notebooks.write(folder / name, nbformat.writes(nb), made)
    (out / ".made.json").write_text(json.dumps(made))
    edited = nbformat.read(out / "02_b.ipynb", as_version=4)
    edited.cells.append(nbformat.v4.new_code_cell("my own work"))
    nbformat.write(edited, out / "02_b.ipynb")
    assert notebooks.clean(out, instructor) == [out / "02_b.ipynb"]
    assert "my own work" in (out / "02_b.ipynb").read_text()
    assert not (out / "01_a.ipynb").exists()
    assert not instructor.exists()


def test_the_page_on_running_the_chapters_names_the_pinned_torch():
    """Its commands are code, where MyST substitutes nothing: the pin is written out."""
    page = (notebooks.CHAPTERS / "run_locally.md").read_text()
    pinned = f"torch=={notebooks.pins()['torch']}"
    assert page.count(pinned) >= 2, pinned
    assert not re.findall(r"torch==(?!" + re.escape(notebooks.pins()["torch"]) + ")", page)
