"""The public API reads like the functions it documents.

Every public function is a plain ``def`` in the module named for its family (``max_pool2d``
in ``pooltools/max_pool.py``), under its own name, with its own numpydoc docstring and a
runnable example; static tools (inspect, pydoc, an editor's go-to-definition) land there.
"""

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
    table = readme.split("`pooltools/`, file by file.", 1)[1].split("\n\n## ", 1)[0]
    named = set(re.findall(r"`([\w.]+\.(?:py|js|css))`", table))
    files = {p.name for p in PACKAGE.iterdir() if p.suffix in {".py", ".js", ".css"}}
    assert named == files - {"__init__.py"}
