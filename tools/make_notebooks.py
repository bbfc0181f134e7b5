"""Turn the chapters' MyST Markdown sources into .ipynb notebooks in notebooks/.

The .md files are the source of truth (they diff like prose); the notebooks are for
students: downloads from the book, Colab, Binder, class. They carry no outputs and are
git-ignored.
"""

from __future__ import annotations

from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    out = ROOT / "notebooks"
    out.mkdir(exist_ok=True)
    sources = sorted((ROOT / "chapters").glob("[0-9]*.md"))
    for source in sources:
        target = out / (source.stem + ".ipynb")
        notebook = jupytext.read(source)
        for i, cell in enumerate(notebook.cells):  # stable ids: the same source, the same file
            cell.id = f"{source.stem[:2]}-{i:03d}"
        text = jupytext.writes(notebook, fmt="ipynb")
        edited = target.exists() and target.stat().st_mtime > source.stat().st_mtime
        if edited and target.read_text() != text:
            # Someone worked in this notebook after it was made: never overwrite that.
            print(f"make_notebooks: kept your edited {target.name}; delete it to regenerate")
            continue
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
    print(f"make_notebooks: {len(sources)} notebooks in {out.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
