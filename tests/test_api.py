"""The public API reads like the functions it documents.

Every public function is a plain ``def`` in the module named for its family (``max_pool2d``
in ``pooltools/max_pool.py``), under its own name, with its own numpydoc docstring and a
runnable example; static tools (inspect, pydoc, an editor's go-to-definition) land there.
"""

import ast
import inspect
import re
from pathlib import Path

import pytest

import pooltools

PACKAGE = Path(pooltools.__file__).parent

# family -> the module that defines it (a family is a name without 1d/2d/3d and _backward)
FAMILY_MODULE = {
    "max_pool": "max_pool",
    "avg_pool": "avg_pool",
    "lp_pool": "lp_pool",
    "adaptive_max_pool": "adaptive_max_pool",
    "adaptive_avg_pool": "adaptive_avg_pool",
    "fractional_max_pool": "fractional_max_pool",
    "max_unpool": "max_unpool",
    "global_avg_pool": "global_pool",
    "global_max_pool": "global_pool",
    "pool_output_size": "shapes",
    "adaptive_bins": "shapes",
    "pool_windows": "shapes",
    "conv_transpose": "upsample",
    "conv_transpose_output_size": "upsample",
    "pixel_shuffle": "upsample",
    "pixel_unshuffle": "upsample",
}

FUNCTIONS = [name for name in pooltools.__all__ if inspect.isfunction(getattr(pooltools, name))]


def family(name: str) -> str:
    return re.sub(r"([123]d)?(_backward)?$", "", name)


def test_every_family_is_mapped_and_every_module_is_used():
    assert {family(name) for name in FUNCTIONS} == set(FAMILY_MODULE)
    for module in set(FAMILY_MODULE.values()):
        assert (PACKAGE / f"{module}.py").exists(), module


@pytest.mark.parametrize("name", FUNCTIONS)
def test_defined_by_a_plain_def_in_its_family_module(name):
    func = getattr(pooltools, name)
    path = Path(inspect.getsourcefile(func))
    assert path.parent == PACKAGE
    assert path.stem == FAMILY_MODULE[family(name)], f"{name} is defined in {path.name}"
    assert func.__module__ == f"pooltools.{path.stem}"
    # its own name everywhere: no factory, no renaming, no closure
    assert func.__name__ == func.__qualname__ == func.__code__.co_name == name
    assert func.__closure__ is None
    lines, _ = inspect.getsourcelines(func)
    assert lines[0].startswith(f"def {name}("), lines[0]
    assert len(re.findall(rf"^def {name}\(", path.read_text(), flags=re.M)) == 1


@pytest.mark.parametrize("name", FUNCTIONS)
def test_own_numpydoc_docstring_with_a_runnable_example(name):
    func = getattr(pooltools, name)
    doc = inspect.getdoc(func)
    assert doc, f"{name} has no docstring"
    # every public function checks its arguments, so every one documents what it raises
    for section in ("Parameters", "Returns", "Raises", "Examples"):
        assert re.search(rf"^{section}\n-+$", doc, flags=re.M), f"{name}: no {section} section"
    examples = doc.split("Examples\n--------", 1)[1]
    assert re.search(rf"^>>> .*\b{name}\(", examples, flags=re.M), f"{name}: example never calls it"
    # the docstring is the one written in the def, not assembled at import time
    source = inspect.getsource(func)
    assert inspect.cleandoc(func.__doc__).splitlines()[0] in source


def test_go_to_definition_lands_on_the_def():
    jedi = pytest.importorskip("jedi")
    source = "import pooltools\n" + "".join(f"pooltools.{name}\n" for name in FUNCTIONS)
    script = jedi.Script(source, project=jedi.Project(str(PACKAGE.parent)))
    for line, name in enumerate(FUNCTIONS, start=2):
        (found,) = script.goto(line, len("pooltools."), follow_imports=True)
        text = Path(found.module_path).read_text().splitlines()[found.line - 1]
        assert Path(found.module_path).stem == FAMILY_MODULE[family(name)], (name, found)
        assert text.startswith(f"def {name}("), (name, text)


def test_readme_map_of_pooltools_matches_the_files():
    readme = (PACKAGE.parent / "README.md").read_text()
    table = readme.split("`pooltools/`, file by file", 1)[1].split("\n\n## ", 1)[0]
    named = set(re.findall(r"`([\w./]+\.(?:py|js|css))`", table))
    files = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.suffix in {".py", ".js", ".css"} and p.name != "__init__.py"
    }
    assert named == files, f"in the map only: {named - files}; not in it: {files - named}"


def test_the_reference_library_folder_holds_only_python():
    """pooltools/ is the library; the book's JavaScript and CSS live in its subpackages."""
    stray = [p.name for p in PACKAGE.iterdir() if p.suffix in {".js", ".css"}]
    assert not stray, f"move these into explore/js or exercises/static: {stray}"
    for sub, folder in [("explore", "js"), ("exercises", "static")]:
        assert any((PACKAGE / sub / folder).glob("*.js")), f"{sub}/{folder} has no scripts"


def _imports(path: Path) -> set[str]:
    """The pooltools modules ``path`` imports, anywhere in it (in functions too)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    package = package.removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pooltools")}
        elif isinstance(node, ast.ImportFrom):
            target = node.module
            if node.level:  # relative: from the package, up level - 1 packages
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(parts + ([node.module] if node.module else []))
            if not target or not target.startswith("pooltools"):
                continue
            # `from . import max_pool` names a module; `from . import max_pool2d` does not
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if _module_file(sub) else target)
    return found - {module.removesuffix(".__init__")}


def _module_file(name: str) -> Path | None:
    base = PACKAGE.parent.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def test_no_two_modules_of_pooltools_import_each_other():
    """The import graph of the package, function-level imports included, has no cycle."""
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        graph[name.removesuffix(".__init__")] = _imports(path)
    assert graph["pooltools.explore.widgets"] >= {"pooltools.explore.assets"}  # the graph is read
    state: dict[str, int] = {}

    def visit(node: str, path: tuple[str, ...]) -> None:
        if state.get(node) == 2:
            return
        assert state.get(node) != 1, "import cycle: " + " -> ".join((*path, node))
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, (*path, node))
        state[node] = 2

    for node in sorted(graph):
        visit(node, ())
