"""Turn the chapters' MyST Markdown sources into notebooks that read like the book.

    .venv/bin/python tools/notebooks.py          # or: make notebooks

The chapters are MyST Markdown notebooks (`chapters/NN_name.md`): directives and roles
that only Sphinx understands. A learner opens the notebook in plain JupyterLab, Notebook
7, VS Code or Colab, so every directive and role becomes Markdown those front-ends
render: admonitions become block quotes, figures become images inside the notebook with
their alt text and caption, exercises get their numbered headings, citations become "Author
(year)" with a reference list, cross-references become links to the other notebooks,
and every glued number is written in as the value the book build computed (read from
the build's `_build/jupyter_execute/chapters/NN_name.glue.json`, never retyped).

Two editions:

- `notebooks/NN_name.ipynb`, the student edition (what the book's download link gives):
  exercises and self-check cells, and no solution text anywhere in the file;
- `notebooks/instructor/NN_name.ipynb`: each worked solution in a collapsed
  `<details>` block under its exercise.

Set-up cells the book hides (`hide-input`) are kept, collapsed (`source_hidden`), so the
notebook still runs top to bottom. The book's glue calls are gone (the values are written
into the Markdown), so a notebook needs no `myst_nb`; its first code cell installs
pooltools where it is missing (from the book's site when the build names it with
`BOOK_SITE_URL`, otherwise it stops and says how). A notebook someone edited after it was
made (its cell sources changed: outputs and autosave do not count) is never overwritten,
and `--clean` deletes only the notebooks nobody edited.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
import yaml
from myst_nb.core.variables import format_plain_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from glue_hidden import strip_glue  # noqa: E402  (the page and the notebook hide the same)

CHAPTERS = ROOT / "chapters"
EXECUTED = ROOT / "_build" / "jupyter_execute" / "chapters"
OUT = ROOT / "notebooks"
OUT_INSTRUCTOR = ROOT / "notebooks-instructor"
SITE = ROOT / "_build" / "html"
PLACEHOLDER = "(run the notebook)"
RUN_LINE = re.compile(r"^Run this (chapter|lab) yourself:.*$", re.M)
SOLUTION = re.compile(
    r"^(?P<indent>[ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION\n?", re.M | re.S
)
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*)$")
# Scanned left to right: a role, or math or a code span (kept as they are).
PROSE = re.compile(
    r"\{(?P<name>[a-z][\w:-]*)\}`(?P<body>[^`]*)`|\$\$.*?\$\$|\$[^$\n]+\$|(?P<tick>`+).+?(?P=tick)",
    re.S,
)
ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution",
               "attention", "danger", "error", "seealso"}  # fmt: skip


class ConversionError(ValueError):
    """A chapter uses MyST the converter does not know: say where, never guess."""


@dataclass
class Chapter:
    """What converting one chapter needs to know beyond its own text."""

    path: Path
    number: int
    glue: dict[str, str]
    titles: dict[str, str]
    bibliography: dict[str, dict]
    edition: str  # "student" or "instructor"
    exercises: dict[str, int] = field(default_factory=dict)  # label -> number in chapter
    cited: list[str] = field(default_factory=list)


def chapter_sources() -> list[Path]:
    """The numbered chapters, then the lab."""
    return [*sorted(CHAPTERS.glob("[0-9][0-9]_*.md")), CHAPTERS / "lab_build_pooling.md"]


def load_glue(stem: str) -> dict[str, str]:
    """The text/plain of every value the book build glued in this chapter."""
    path = EXECUTED / f"{stem}.glue.json"
    if not path.exists():
        return {}
    return {k: v["data"]["text/plain"] for k, v in json.loads(path.read_text()).items()}


def load_titles() -> dict[str, str]:
    """Each page's title (its first heading), by file stem."""
    titles = {}
    for path in [*CHAPTERS.glob("*.md"), ROOT / "intro.md"]:
        heading = re.search(r"^# (.+)$", path.read_text(), re.M)
        titles[path.stem] = heading.group(1).strip() if heading else path.stem
    return titles


def load_bibliography() -> dict[str, dict]:
    """references.bib as {key: {"names": [last names], "year": ..., "title": ..., ...}}."""
    from pybtex.database import parse_file

    entries = {}
    for key, entry in parse_file(str(ROOT / "references.bib")).entries.items():
        people = entry.persons.get("author", [])
        names = [" ".join(n.render_as("text") for n in p.rich_last_names) for p in people]
        fields = {k: _plain(v) for k, v in entry.fields.items()}
        entries[key] = {"names": names, **fields}
    return entries


def _plain(text: str) -> str:
    """BibTeX field text as plain text: accents decoded, braces and commands gone."""
    from pybtex.richtext import Text

    text = text.replace("``", "“").replace("''", "”")
    return Text.from_latex(text).render_as("text")


def _authors(names: list[str]) -> str:
    if not names:
        return "?"
    if "others" in names or len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


# ---- roles -------------------------------------------------------------------------


def _target(body: str) -> tuple[str | None, str]:
    """`text <target>` -> (text, target); `target` -> (None, target)."""
    match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", body)
    return (match.group(1), match.group(2)) if match else (None, body)


def convert_role(name: str, body: str, chapter: Chapter) -> str:
    if name in ("glue:text", "glue"):
        key, _, spec = body.partition(":")
        if key not in chapter.glue:
            raise ConversionError(
                f"{chapter.path.name}: {{{name}}}`{body}` has no value: build the book first "
                "(make book), so that the numbers come from its execution"
            )
        if chapter.glue[key] == repr(PLACEHOLDER):
            return PLACEHOLDER
        return format_plain_text(chapter.glue[key], spec or "s")
    if name == "term":
        text, target = _target(body)
        return text or target
    if name == "math":
        return f"${body}$"
    if name in ("cite:t", "cite:p", "cite"):
        cites = []
        for key in (k.strip() for k in body.split(",")):
            if key not in chapter.bibliography:
                raise ConversionError(
                    f"{chapter.path.name}: no reference {key!r} in references.bib"
                )
            if key not in chapter.cited:
                chapter.cited.append(key)
            entry = chapter.bibliography[key]
            who, year = _authors(entry["names"]), entry.get("year", "n.d.")
            cites.append(f"{who} ({year})" if name == "cite:t" else f"{who}, {year}")
        return "; ".join(cites) if name == "cite:t" else "(" + "; ".join(cites) + ")"
    if name == "doc":
        text, target = _target(body)
        stem = Path(target).name
        if re.match(r"\d\d_", stem):
            return f"[{text or chapter.titles.get(stem, stem)}]({stem}.ipynb)"
        return text or chapter.titles.get(stem, stem)  # a book page with no notebook
    if name in ("ref", "numref"):
        text, target = _target(body)
        if target in chapter.exercises:
            return text or f"Exercise {chapter.number}.{chapter.exercises[target]}"
        return text or target
    if name == "download":
        text, target = _target(body)
        return text or Path(target).name
    raise ConversionError(f"{chapter.path.name}: the role {{{name}}} has no notebook form yet")


def convert_roles(text: str, chapter: Chapter) -> str:
    """Roles in prose become plain Markdown; code spans and math are left alone."""

    def one(match: re.Match) -> str:
        if match["name"]:
            return convert_role(match["name"], match["body"], chapter)
        return match[0]

    return PROSE.sub(one, text)


# ---- directives --------------------------------------------------------------------


def _directive_blocks(text: str):
    """Split Markdown into ("text", str) and ("directive", name, arg, options, body)."""
    lines, i, plain = text.split("\n"), 0, []
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            plain.append(lines[i])
            i += 1
            continue
        fence, end = match["fence"], i + 1
        while end < len(lines) and lines[end].rstrip() != fence:
            end += 1
        if end == len(lines):
            raise ConversionError(f"unclosed {{{match['name']}}} directive: {lines[i]!r}")
        body, options = lines[i + 1 : end], {}
        while body and re.match(r"^:[\w-]+:", body[0]):
            key, _, value = body.pop(0)[1:].partition(":")
            options[key] = value.strip()
        if plain:
            yield ("text", "\n".join(plain))
            plain = []
        yield ("directive", match["name"], match["arg"].strip(), options, "\n".join(body).strip())
        i = end + 1
    if plain:
        yield ("text", "\n".join(plain))


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.split("\n"))


def convert_directive(name, arg, options, body, chapter: Chapter) -> str:
    inner = convert_markdown(body, chapter) if body else ""
    if name in ADMONITIONS:
        title = arg or name.capitalize()
        return _quote(f"**{title}**\n\n{inner}")
    if name == "figure":
        image = (chapter.path.parent / arg).resolve()
        if not image.exists():
            raise ConversionError(f"{chapter.path.name}: figure {arg} does not exist: make figures")
        # Inline, so the notebook file is complete on its own. (An `attachment:` image
        # works too, but JupyterLab first asks the browser for that URL and logs an error.)
        data = base64.b64encode(image.read_bytes()).decode()
        alt = options.get("alt", "").replace("]", ")").replace("[", "(")
        caption = f"\n\n*{inner}*" if inner else ""
        return f"![{alt}](data:image/png;base64,{data}){caption}"
    if name == "exercise":
        label = options.get("label", f"exercise-{len(chapter.exercises) + 1}")
        chapter.exercises[label] = len(chapter.exercises) + 1
        title = f" ({arg})" if arg else ""
        return f"#### Exercise {chapter.number}.{chapter.exercises[label]}{title}\n\n{inner}"
    if name == "solution":
        number = chapter.exercises.get(arg)
        if number is None:
            raise ConversionError(f"{chapter.path.name}: a solution for unknown exercise {arg!r}")
        if chapter.edition == "student":
            return ""
        return (
            f"<details>\n<summary>Solution to exercise {chapter.number}.{number}</summary>"
            f"\n\n{inner}\n\n</details>"
        )
    raise ConversionError(f"{chapter.path.name}: the directive {{{name}}} has no notebook form yet")


def convert_markdown(text: str, chapter: Chapter) -> str:
    out = []
    for block in _directive_blocks(text):
        if block[0] == "text":
            prose = re.sub(r"^\([\w-]+\)=\s*$", "", block[1], flags=re.M)  # (label)= targets
            prose = re.sub(r"(\$\$)\s*\([\w-]+\)\s*$", r"\1", prose, flags=re.M)  # $$ (label)
            out.append(convert_roles(prose, chapter))
        else:
            out.append(convert_directive(*block[1:], chapter=chapter))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


# ---- notebooks ---------------------------------------------------------------------

RUN_NOTE = {
    "chapter": "*You are reading this chapter as a notebook: run the cells from the top (Run ▸ "
    "Run All Cells). The first cell installs what the chapter needs if it is missing, and "
    "says what and how much first. The explorers are live widgets, in step with Python: each "
    'is drawn when its cell runs. If one shows "Error displaying widget: model not found" '
    "(a notebook reopened with its saved outputs), run its cell again.*",
    "lab": "*You are reading the lab as a notebook: run the cells from the top (Run ▸ Run All "
    "Cells); the first cell installs what the lab needs if it is missing. Each check stops "
    "at the function you have not written yet: write it, run its cell and the check under "
    "it, and go on.*",
}


def lab_cells(source: str, tags: list[str], edition: str) -> list:
    """A lab cell: the student writes the solution; the instructor's is nbgrader's source.

    Student: each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region becomes
    ``raise NotImplementedError()``, as nbgrader's release does. Instructor: the solution
    cell keeps its region and nbgrader's metadata; a check cell becomes one autograded,
    locked test cell per rule of that function (``OP_RULES``), one point each, so a
    function wrong on one rule keeps the others' points.
    """
    from pooltools.exercises.implementation_check import OP_RULES

    name = re.search(r"(?:def |check_implementation\(\w+, \")(\w+)", source)[1]
    if "lab-solution" in tags:
        if edition == "student":
            return [
                nbformat.v4.new_code_cell(
                    SOLUTION.sub(lambda m: f"{m['indent']}raise NotImplementedError()\n", source)
                )
            ]
        cell = nbformat.v4.new_code_cell(source)
        meta = {"grade": False, "solution": True, "locked": False, "grade_id": name}
        cell.metadata["nbgrader"] = {**meta, "schema_version": 3, "task": False}
        return [cell]
    if edition == "student":
        return [nbformat.v4.new_code_cell(source)]
    call = source.strip()
    if not call.endswith(")"):
        raise ConversionError(f"lab: a check cell must be one check_implementation call: {call!r}")
    cells = []
    for rule in OP_RULES[name]:
        test = (
            f"report = {call[:-1]}, rule={rule!r})\n"
            "print(report)\nassert report, 'see the report above'"
        )
        cell = nbformat.v4.new_code_cell(test)
        meta = {"grade": True, "solution": False, "locked": True, "points": 1}
        meta["grade_id"] = f"test_{name}_{rule}"
        cell.metadata["nbgrader"] = {**meta, "schema_version": 3, "task": False}
        cells.append(cell)
    return cells


def version() -> str:
    """pooltools' version, from pyproject.toml."""
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def wheel_name() -> str:
    return f"pooltools-{version()}-py3-none-any.whl"


def pins() -> dict[str, str]:
    """The project's pins (requirements.txt), by normalised name (PEP 503)."""
    result = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            result[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return result


SETUP = ROOT / "tools" / "notebook_setup.py"
#: Chapters that use PyTorch only to show that it agrees with pooltools: without torch they
#: run with those cells skipped (tests/test_learner.py runs each without it). The other
#: chapters that import torch use it for what they teach, and their first cell installs it.
PYTORCH_OPTIONAL = {"02_max_pooling", "03_average_pooling", "04_output_shapes"}
HELP_PAGE = ("run_locally", "Run it on your machine")


def install_sizes() -> dict[str, int]:
    """MB each install adds to a venv that held only JupyterLab (``_config.yml``, where the
    book's page on running the chapters reads them too; tests/test_learner.py measures them)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())["parse"]["myst_substitutions"]
    return {name[:-3]: mb for name, mb in config.items() if name.endswith("_mb")}


def install_cell(sources: list[str], site_url: str | None, stem: str = ""):
    """The notebook's first code cell: install what a bare Python (Colab, a new venv) lacks.

    It installs nothing where everything the notebook imports is there already, as in the
    book's own venv or a class pack's. ``site_url`` is where the book is served
    (``BOOK_SITE_URL``): pooltools comes from the wheel the site carries; without it, from
    the wheel saved beside the notebook, or the cell says how to get it (no traceback).
    The cell is tools/notebook_setup.py with its settings filled in.
    """
    code = "\n".join(sources)
    modules = {}
    if "check_implementation" in code:
        modules["hypothesis"] = f"hypothesis=={pins()['hypothesis']}"
    if re.search(r"^\s*(from|import) sklearn", code, re.M):
        modules["sklearn"] = f"scikit-learn=={pins()['scikit-learn']}"
    pytorch = None
    if re.search(r"^\s*(from|import) torch\b", code, re.M):
        pytorch = "optional" if stem in PYTORCH_OPTIONAL else "needed"
    book = site_url.rstrip("/") + "/" if site_url else None
    settings = {
        "WHEEL": wheel_name(),
        "BOOK": book,
        "HELP": f"{book}chapters/{HELP_PAGE[0]}.html" if book else HELP_PAGE[1],
        "MODULES": modules,
        "PYTORCH": pytorch,
        "SIZES": install_sizes(),
        "TORCH": f"torch=={pins()['torch']}",
    }
    lines = []
    for line in SETUP.read_text().splitlines():
        name = line.split(" = ", 1)[0]
        if name in settings and "# filled in" in line:
            line = f"{name} = {settings[name]!r}"
        lines.append(line)
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["setup"]
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def convert(
    path: Path, number: int, edition: str, glue, titles, bibliography, site_url: str | None = None
):
    """One chapter as a notebook of the given edition (an nbformat NotebookNode)."""
    chapter = Chapter(path, number, glue, titles, bibliography, edition)
    notebook = jupytext.read(path)
    cells = []
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    first_code = True
    for cell in notebook.cells:
        if cell.cell_type == "code" and first_code:
            cells.append(install_cell(code, site_url, path.stem))
            first_code = False
        if cell.cell_type == "markdown":
            source = RUN_LINE.sub(lambda m: RUN_NOTE[m[1]], cell.source)
            source = convert_markdown(source, chapter)
            if not source:
                continue
            new = nbformat.v4.new_markdown_cell(source)
        else:
            if not strip_glue(cell.source).strip():
                continue  # a cell that only handed numbers to the book's prose
            new = nbformat.v4.new_code_cell(strip_glue(cell.source))
            tags = cell.metadata.get("tags", [])
            lab_made = None
            if "lab-solution" in tags or "lab-test" in tags:
                lab_made = lab_cells(cell.source, tags, edition)
                new = lab_made[-1]
            elif "hide-input" in tags:  # the book hides it; the notebook folds it
                new.metadata["jupyter"] = {"source_hidden": True}
            lab = "lab-solution" in tags or "lab-test" in tags
            tags = [
                t
                for t in tags
                if not t.startswith("lab-") and not (lab and t in ("hide-input", "remove-input"))
            ]
            if tags:
                new.metadata["tags"] = tags
            if lab_made:
                cells.extend(lab_made[:-1])
        cells.append(new)
    if chapter.cited:
        lines = ["## References", ""]
        for key in chapter.cited:
            e = bibliography[key]
            venue = e.get("booktitle") or e.get("journal") or e.get("publisher") or ""
            link = e.get("url") or (f"https://doi.org/{e['doi']}" if "doi" in e else "")
            link = link or (f"https://arxiv.org/abs/{e['eprint']}" if "eprint" in e else "")
            lines.append(
                f"- {', '.join(e['names'])} ({e.get('year', 'n.d.')}). *{e.get('title', key)}*."
                + (f" {venue}." if venue else "")
                + (f" {link}" if link else "")
            )
        cells.append(nbformat.v4.new_markdown_cell("\n".join(lines)))
    for i, cell in enumerate(cells):  # stable ids: the same source, the same file
        cell.id = f"{path.stem[:2]}-{i:03d}"
    result = nbformat.v4.new_notebook(cells=cells)
    result.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    return result


def fingerprint(text: str) -> str:
    """What counts as a notebook's content: its cells' types and sources.

    Running it, saving its outputs, or JupyterLab's autosave change the file but not
    this, so a notebook someone only ran is still ours to regenerate.
    """
    try:
        cells = json.loads(text)["cells"]
        content = [[c["cell_type"], "".join(c["source"])] for c in cells]
    except (ValueError, KeyError, TypeError):
        content = text
    return hashlib.sha256(json.dumps(content).encode()).hexdigest()


def _key(target: Path) -> str:
    return f"{target.parent.name}/{target.name}"


def edited(target: Path, made: dict[str, str]) -> bool:
    """True if ``target`` exists and its cell sources are not what we wrote."""
    if not target.exists():
        return False
    if _key(target) in made:
        return fingerprint(target.read_text()) != made[_key(target)]
    # Made before fingerprints (the SHA-256 of the file, keyed by its name): ours only if
    # unchanged. A notebook we have no record of is someone's: never overwritten.
    legacy = target.name if target.parent.name != "instructor" else f"instructor/{target.name}"
    return hashlib.sha256(target.read_bytes()).hexdigest() != made.get(legacy)


def write(target: Path, text: str, made: dict[str, str], out: Path | None = None) -> bool:
    """Write ``target`` unless someone changed it since we made it; True if it was kept.

    ``made`` maps each notebook we wrote to the fingerprint of what we wrote, so a
    notebook a student or teacher edited in place is never overwritten (delete it to
    regenerate); one that was only run and saved is.
    """
    if edited(target, made):
        return True
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    made[_key(target)] = fingerprint(text)
    return False


def _manifest(out: Path) -> Path:
    return out / ".made.json"


def make_all(
    out: Path = OUT,
    strict: bool = True,
    instructor_out: Path | None = None,
    site: Path | None = SITE,
    site_url: str | None = None,
) -> list[Path]:
    """Both editions of every chapter; returns the student notebooks.

    If the book is built (``site``), its downloads (the page's link and the download
    menu's ``notebooks/NAME.ipynb``) are refreshed with the student edition too.
    """
    instructor_out = instructor_out or (OUT_INSTRUCTOR if out == OUT else out / "instructor")
    titles, bibliography = load_titles(), load_bibliography()
    manifest = _manifest(out)
    made = json.loads(manifest.read_text()) if manifest.exists() else {}
    written = []
    for source in chapter_sources():
        number = int(source.stem[:2]) if source.stem[:2].isdigit() else None
        glue = load_glue(source.stem)
        if not strict:  # values from the last build where there are any, marked otherwise
            glue = {**_placeholder_glue(source), **glue}
        for edition, folder in (("student", out), ("instructor", instructor_out)):
            nb = convert(source, number, edition, glue, titles, bibliography, site_url)
            target = folder / f"{source.stem}.ipynb"
            if write(target, nbformat.writes(nb) + "\n", made, out):
                print(f"notebooks: kept your edited {target}; delete it to regenerate")
            if edition == "student":
                written.append(target)
    out.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(made, indent=1, sort_keys=True) + "\n")
    if strict and site is not None and site.exists():
        (site / "notebooks").mkdir(exist_ok=True)
        for notebook in written:
            copies = [
                *site.glob(f"_downloads/*/{notebook.name}"),
                site / "notebooks" / notebook.name,
            ]
            for copy in copies:
                copy.write_bytes(notebook.read_bytes())
    return written


def clean(out: Path = OUT, instructor_out: Path = OUT_INSTRUCTOR) -> list[Path]:
    """Delete the notebooks we made and nobody edited; return the ones kept."""
    manifest = _manifest(out)
    made = json.loads(manifest.read_text()) if manifest.exists() else {}
    kept = []
    for folder in (out, instructor_out):
        for target in sorted(folder.glob("*.ipynb")):
            if _key(target) in made and not edited(target, made):
                target.unlink()
                del made[_key(target)]
            else:
                kept.append(target)
    if made or kept:
        manifest.write_text(json.dumps(made, indent=1, sort_keys=True) + "\n")
    else:
        manifest.unlink(missing_ok=True)
    for folder in (out, instructor_out):
        checkpoints = folder / ".ipynb_checkpoints"
        if checkpoints.exists() and not any(folder.glob("*.ipynb")):
            shutil.rmtree(checkpoints)  # JupyterLab's copies of notebooks that are gone
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
    return kept


def _placeholder_glue(source: Path) -> dict[str, str]:
    """Before the first build there are no computed values: mark them, never invent them."""
    keys = re.findall(r"\{glue(?::text)?\}`([^`:]+)", source.read_text())
    return {k: repr("(run the notebook)") for k in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--clean",
        action="store_true",
        help="delete the notebooks nobody edited (make clean); keep and list the others",
    )
    parser.add_argument(
        "--before-build",
        action="store_true",
        help="allow chapters the book has not executed yet (their numbers are marked)",
    )
    args = parser.parse_args()
    if args.clean:
        for target in clean():
            print(f"notebooks: kept {target.relative_to(ROOT)}: it was edited (delete it yourself)")
        return
    site_url = os.environ.get("BOOK_SITE_URL", "").strip() or None
    if site_url and not re.match(r"https?://", site_url):
        sys.exit(f"notebooks: BOOK_SITE_URL={site_url!r} must start with http:// or https://")
    written = make_all(args.out, strict=not args.before_build, site_url=site_url)
    print(f"notebooks: {len(written)} chapters, student and instructor editions, in {args.out}")


if __name__ == "__main__":
    main()
