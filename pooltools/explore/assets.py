"""The one loader of pooltools' JavaScript and CSS: every part that puts an explorer or an
answer box in a page reads its files through here.

The explorers' JavaScript lives in ``js/`` as ES modules with one job each (``geometry.js``
the pooling, ``format.js``, ``colour.js``, ``dom.js``, ``grid.js`` the SVG grids,
``line.js`` the one-axis figure, ``controls.js`` the model and controls, ``input.js`` the
editor of an explorer's input grid (typed, resized, reset or pasted),
``pooltools.js`` the ``window.pooltoolsJS`` namespace, and ``explorer_<kind>.js`` one
per explorer). anywidget takes one module as a string, with nothing it could fetch
imports from, so :func:`module` bundles an explorer with what it imports: each module
becomes a function that returns its exports, in the order of their imports, and the
explorer's own module comes last, with its ``export default``. The modules keep to two
forms the bundle can rewrite exactly (``import { a, b } from "./x.js";`` and one
``export { a, b };``), and :func:`bundle` refuses anything else. The static page runs the
same bundle: each widget's ``text/html`` fallback imports it.

>>> "export default widget(\\"window\\"" in module("window")
True
>>> module("nothing")
Traceback (most recent call last):
...
ValueError: no explorer 'nothing': there is no js/explorer_nothing.js
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_IMPORT = re.compile(
    r"^import\s+(?:\{(?P<names>[^}]*)\}|(?P<default>\w+))"
    r'\s+from\s+"\./(?P<file>[\w-]+\.js)";[ \t]*$',
    re.M,
)
_EXPORT = re.compile(r"^export\s+\{(?P<names>[^}]*)\};[ \t]*$", re.M)
_DEFAULT = re.compile(r"^export\s+default\s+", re.M)


@cache
def asset(path: str) -> str:
    """The text of a file of the package, by its path inside ``pooltools``
    (``"explore/js/explorers.css"``, ``"exercises/static/exercises.js"``)."""
    return resources.files("pooltools").joinpath(path).read_text()


def _js(name: str) -> str:
    return asset(f"explore/js/{name}")


def _names(text: str) -> list[tuple[str, str]]:
    """``a, b as c`` as [("a", "a"), ("b", "c")]: (exported name, local name)."""
    pairs = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, local = item.partition(" as ")
        pairs.append((name.strip(), (local or name).strip()))
    return pairs


def _parse(name: str) -> tuple[list[tuple[str, str | None, list]], str]:
    """A module's imports [(file, default local, [(name, local)])] and its exports as an
    object literal, e.g. ``{ a, b: c }`` (or "" when it has none)."""
    text = _js(name)
    imports = [(m["file"], m["default"], _names(m["names"] or "")) for m in _IMPORT.finditer(text)]
    exports = _EXPORT.findall(text)
    if len(exports) > 1:
        raise ValueError(f"js/{name}: give its exports in one `export {{ ... }};` line")
    leftover = re.sub(_IMPORT, "", re.sub(_EXPORT, "", text))
    if re.search(r"^\s*(import|export)\b(?!\s+default\s)", leftover, re.M):
        raise ValueError(
            f'js/{name}: only `import {{ a }} from "./x.js";`, `import x from "./x.js";`, '
            "one `export { ... };` and `export default` can be bundled"
        )
    pairs = _names(exports[0]) if exports else []
    body = ", ".join(local if local == name else f"{name}: {local}" for local, name in pairs)
    return imports, "{ " + body + " }" if body else ""


def _order(entries: list[str]) -> list[str]:
    """The modules the entries need, each after every module it imports."""
    done: list[str] = []

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in done:
            return
        if name in path:
            raise ValueError("js modules import each other: " + " -> ".join((*path, name)))
        for dependency, _, _ in _parse(name)[0]:
            visit(dependency, (*path, name))
        done.append(name)

    for entry in entries:
        visit(entry, ())
    return done


def _rewritten(name: str) -> str:
    """The module's text with its imports read from the bundle's table of modules."""
    imports, _ = _parse(name)
    text = _js(name)
    for file, default, names in imports:
        parts = ([f"default: {default}"] if default else []) + [
            local if local == exported else f"{exported}: {local}" for exported, local in names
        ]
        line = "const { " + ", ".join(parts) + f' }} = modules["{file}"];'
        text = re.sub(
            r'^import\s+[^;]*from\s+"\./' + re.escape(file) + r'";[ \t]*$',
            lambda _, line=line: line,
            text,
            count=1,
            flags=re.M,
        )
    return re.sub(_EXPORT, "", text).rstrip()


def bundle(entry: str, *, script: bool = False) -> str:
    """``entry`` and what it imports as one ES module (the entry's own exports kept), or
    with ``script=True`` as a classic script that runs them all and exports nothing."""
    names = _order(["pooltools.js", entry])
    parts = [f"// pooltools' explorers: js/{entry} bundled with {', '.join(names[:-1])}"]
    parts.append("const modules = {};" if not script else "(function () {\nconst modules = {};")
    for name in names if script else names[:-1]:
        _, exports = _parse(name)
        text = _DEFAULT.sub("const __default = ", _rewritten(name))
        result = exports or "{}"
        if "const __default = " in text:
            result = (
                result[:-1].rstrip() + (", " if result != "{}" else " ") + "default: __default }"
            )
        parts.append(
            f'modules["{name}"] = (function () {{\n"use strict";\n{text}\nreturn {result};\n}})();'
        )
    if script:
        parts.append("})();")
    else:
        parts.append(_rewritten(entry))
    return "\n".join(parts) + "\n"


@cache
def module(kind: str) -> str:
    """The explorer ``kind``'s ES module, bundled: what anywidget and the page both run."""
    if not resources.files("pooltools").joinpath(f"explore/js/explorer_{kind}.js").is_file():
        raise ValueError(f"no explorer {kind!r}: there is no js/explorer_{kind}.js")
    return bundle(f"explorer_{kind}.js")


@cache
def script() -> str:
    """The explorers' core as a classic script: loaded alone it defines
    ``window.pooltoolsJS`` and draws nothing."""
    return bundle("pooltools.js", script=True)


def css() -> str:
    """The explorers' style."""
    return _js("explorers.css")
