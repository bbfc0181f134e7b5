# Set-up: installs what this notebook imports where it is missing, and nothing where it is
# all there (the book's own venv, a class pack's, Colab's PyTorch). Safe to run again.
import importlib
import importlib.util
import pathlib
import re
import sys

WHEEL = "pooltools-0.0.0-py3-none-any.whl"  # filled in
BOOK = None  # filled in: the address this notebook was downloaded from, if the book has one
HELP = "Run it on your machine"  # filled in: the book's page on it (its address, if known)
MODULES = {}  # filled in: other modules it imports -> their pinned requirement
PYTORCH = None  # filled in: "needed", "optional" (only to compare with PyTorch) or None
SIZES = {"pooltools": 0, "torch": 0, "sklearn": 0}  # filled in: MB each adds to a new venv
TORCH = "torch==0.0.0"  # filled in
SKIPPED = "Skipped: this cell uses PyTorch, which is not installed (see the first cell)."
CPU_BUILD = ["--extra-index-url", "https://download.pytorch.org/whl/cpu"]


class SetupNeeded(Exception):
    """A step for the reader to take: Jupyter shows the message alone, with no traceback."""

    def _render_traceback_(self):
        return [str(self)]


def missing(*modules):
    return [m for m in modules if importlib.util.find_spec(m) is None]


def names_in(code):
    """(what a cell's code binds, what it reads) at its top level: the scopes of functions,
    lambdas and comprehensions are their own."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError:  # IPython syntax: every name counts as read, simple assignments as bound
        made = set(re.findall(r"^([A-Za-z_]\w*)\s*=[^=]", code, re.M))
        return made, set(re.findall(r"[A-Za-z_]\w*", code))
    made, read, todo = set(), set(), list(tree.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            made.add(node.name)
        if isinstance(node, ast.Name):
            (made if isinstance(node.ctx, ast.Store) else read).add(node.id)
        scopes = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ListComp | ast.SetComp
        if isinstance(node, scopes | ast.DictComp | ast.GeneratorExp):
            read |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            continue  # a scope of its own: what it binds stays inside
        todo.extend(ast.iter_child_nodes(node))
    return made, read


def without_pytorch(lines, names=set()):  # noqa: B006 (the names seen so far, kept on purpose)
    """Run a cell without PyTorch: drop its torch imports; skip it if it reads them, or reads
    what a skipped cell would have made (which it then does not make either)."""
    if not missing("torch") or any("SetupNeeded" in line for line in lines):
        return lines  # PyTorch is there now, or this is the set-up cell
    kept = []
    for line in lines:
        if re.match(r"\s*(from\s+torch\b\S*\s+)?import\s+torch\b|\s*from\s+torch\b", line):
            clause = line.split("import", 2)[-1]
            for item in clause.split(","):
                words = item.split()
                names.add(words[-1] if "as" in words else words[0].split(".")[0])
            line = re.match(r"\s*", line)[0] + "pass\n"
        kept.append(line)
    made, read = names_in("".join(kept))
    if names & (read - made):  # (a name it binds, say a loop's, it reads as its own)
        names |= made
        return [f"print({SKIPPED!r})\n"]
    names -= made  # made again, by a cell that runs
    return kept


install, options, needs = [], [], []
if missing("pooltools", "anywidget"):
    if pathlib.Path(WHEEL).exists():
        install.append(f"{WHEEL}[explore]")  # the wheel, saved beside this notebook
    elif BOOK:
        install.append(f"pooltools[explore] @ {BOOK}_static/{WHEEL}")
    else:
        raise SetupNeeded(
            f"This notebook needs pooltools, the book's small library, and it is not installed.\n"
            f"1. Download {WHEEL} from the book: its home page links it, and so does the page "
            f'"{HELP}".\n'
            f"2. Save it in this notebook's folder, {pathlib.Path.cwd()}\n"
            "3. Run this cell again: it installs pooltools from there."
        )
    source = install[0].split(" @ ")[-1]
    needs.append(
        f"pooltools from {source}, with what its explorers need (about {SIZES['pooltools']} MB)"
    )
for module, requirement in MODULES.items():
    if missing(module):
        needs.append(
            f"{requirement} (about {SIZES[module]} MB)" if module in SIZES else requirement
        )
        install.append(requirement)
if PYTORCH == "needed" and missing("torch"):
    needs.append(f"PyTorch's CPU build (about {SIZES['torch']} MB)")
    install.append(TORCH)
    options += CPU_BUILD if sys.platform == "linux" else []  # elsewhere PyPI's is the CPU build
if install:
    print(f"Installing {', '.join(needs)}: once, for this environment; no restart needed.")
    args = " ".join(f'"{p}"' for p in install) + " " + " ".join(options)
    get_ipython().run_line_magic("pip", f"install --quiet {args}")  # noqa: F821
    importlib.invalidate_caches()
    still = missing("pooltools", *MODULES, *(["torch"] if PYTORCH == "needed" else []))
    if still:
        raise SetupNeeded(f'pip could not install {still}: its message is above. See "{HELP}".')
    print("Installed; pip's note on restarting does not apply here.")
    if any(n.startswith("pooltools") for n in needs):
        print(
            "The explorers below work at once, as in the book. To make them live widgets, in "
            "step with Python, reload this browser page once and run the cells again."
        )
if PYTORCH == "optional" and missing("torch"):
    print(
        "PyTorch is not installed, so the cells that compare pooltools with it are skipped. "
        f"To run them too: %pip install {TORCH} {' '.join(CPU_BUILD)} "
        f"(the CPU build, about {SIZES['torch']} MB), then run all cells again."
    )
    shell = get_ipython()  # noqa: F821
    others = [t for t in shell.input_transformers_post if t.__name__ != "without_pytorch"]
    shell.input_transformers_post = [*others, without_pytorch]  # once, if this cell runs again
