"""Keep the book's glue plumbing out of what readers see.

Chapters hand numbers to their prose with MyST-NB's ``glue("key", value, display=False)``.
That is book machinery, not pooling: a reader of the page, and a learner running the
generated notebook (which must not need ``myst_nb`` at all), should see the code that
computes a value, not the call that ships it to the prose.

``strip_glue(source)`` removes every ``glue(...)`` statement and ``from myst_nb import
glue`` from a code cell's source, and any loop or ``if``/``with`` block left with nothing
else in it. The Sphinx side of this module applies it to each code cell the page shows
(a cell left empty shows no code); ``tools/notebooks.py`` applies it to every cell of the
notebooks it writes. The cells still run as written in the book build.

The same goes for a self-check's ``check("id", None)  # replace None with your answer``:
in the page, the answer box it draws is all a reader can use (there is no kernel), so
the cell's code, a notebook-only instruction, is not shown.
"""

from __future__ import annotations

import ast
import re

from docutils import nodes

_BLOCKS = (ast.For, ast.While, ast.If, ast.With)
_ANSWER_BOX = re.compile(r'^(check\("[\w-]+", None\))[ \t]*(#.*)?$', re.M)


def _is_glue(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == "myst_nb" and [a.name for a in node.names] == ["glue"]
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "glue"
    )


def _dropped(body: list[ast.stmt]) -> tuple[list[ast.stmt], bool]:
    """The statements of ``body`` to delete, and whether that is all of them."""
    drop, whole = [], 0  # whole: statements of this body dropped entirely
    for node in body:
        if _is_glue(node):
            drop.append(node)
            whole += 1
        elif isinstance(node, _BLOCKS):
            inner, everything = _dropped(node.body)
            if everything and not getattr(node, "orelse", None):
                drop.append(node)
                whole += 1
            else:
                drop.extend(inner)  # nested statements: they do not empty this body
    return drop, whole == len(body) and bool(body)


def strip_glue(source: str) -> str:
    """``source`` without its glue statements (unchanged if it is not plain Python)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics, or not Python at all: leave it alone
        return source
    drop, _ = _dropped(tree.body)
    if not drop:
        return source
    lines = source.split("\n")
    gone = set()
    for node in drop:
        gone.update(range(node.lineno - 1, node.end_lineno))
    kept = [line for i, line in enumerate(lines) if i not in gone]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return text.strip("\n")


def _hide_glue(app, doctree) -> None:
    for block in list(doctree.findall(nodes.literal_block)):
        box = block.parent
        if "cell_input" not in box.get("classes", []):
            continue
        text = strip_glue(block.astext())
        if _ANSWER_BOX.fullmatch(text.strip()):
            text = ""  # the box below is the whole cell
        text = _ANSWER_BOX.sub(r"\1", text)  # no "replace None ..." where there is no kernel
        if text == block.astext():
            continue
        if text.strip():
            block.children = [nodes.Text(text)]
            block.rawsource = text
            continue
        cell = box.parent
        box.parent.remove(box)
        if not any(isinstance(c, nodes.Element) for c in cell.children):
            cell.parent.remove(cell)


def setup(app):
    app.connect("doctree-read", _hide_glue)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
