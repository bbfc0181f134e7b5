"""Check a learner's own pooling function against pooltools, and explain the first failure.

    >>> import pooltools
    >>> def mine(x, kernel_size, stride=None, padding=0, ceil_mode=False):
    ...     return pooltools.max_pool2d(x[None], kernel_size, stride, padding)[0]
    >>> report = check_implementation(mine, "max_pool2d")
    >>> bool(report)
    False
    >>> print(report.message)  # doctest: +NORMALIZE_WHITESPACE
    it called max_pool2d from pooltools, a routine that pools or makes the windows; the lab
    asks for your own loops over output cells and window cells.

The lab asks for functions on one 2-D plane ``x`` of shape ``(H, W)``:

- ``max_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False)``
- ``avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True)``
- ``max_pool2d_backward(grad_output, x, kernel_size, stride=None, padding=0, ceil_mode=False)``
- ``avg_pool2d_backward(grad_output, x, kernel_size, stride=None, padding=0, ceil_mode=False,
  count_include_pad=True)``

``kernel_size``, ``stride`` and ``padding`` are ints; the results are NumPy arrays. Cases
come from hypothesis (sizes, strides, padding, ceil mode, and small integer values, so
that ties are common); when one fails, hypothesis shrinks it to the smallest it can find,
and the report says it in words: the input, the arguments, what pooltools gives and what
the function gave.

The lab asks for loops, so a function that calls a library routine that pools or makes
the windows fails every check, whatever it returns: any pooltools function but
``pool_output_size`` (``pooltools.naive`` too), PyTorch's pooling and ``unfold``,
NumPy's ``sliding_window_view`` and ``as_strided``, ``scipy.ndimage``, scikit-image's
``block_reduce`` and ``view_as_windows``. While the function runs, a profile hook
(``sys.setprofile``) records each call it makes, so an alias (``from pooltools import
max_pool2d as mp``) counts too; the checker's own calls to pooltools are not watched.
``allow=`` names routines a function may call (the lab's optional vectorised part).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from .. import avg_pool2d, avg_pool2d_backward, max_pool2d, max_pool2d_backward, pool_output_size

EXAMPLES = 150


@dataclass(frozen=True)
class Case:
    x: np.ndarray
    grad: np.ndarray | None
    kernel_size: int
    stride: int | None
    padding: int
    ceil_mode: bool
    count_include_pad: bool

    def arguments(self, op: str) -> dict:
        args = dict(kernel_size=self.kernel_size, stride=self.stride, padding=self.padding)
        args["ceil_mode"] = self.ceil_mode
        if op.startswith("avg"):
            args["count_include_pad"] = self.count_include_pad
        return args


def _expected(op: str, case: Case) -> np.ndarray:
    args, x = case.arguments(op), case.x[None]
    if op == "max_pool2d":
        return max_pool2d(x, **args)[0]
    if op == "avg_pool2d":
        return avg_pool2d(x, **args)[0]
    backward = max_pool2d_backward if op == "max_pool2d_backward" else avg_pool2d_backward
    return backward(case.grad[None], x, **args)[0]


OPS = ("max_pool2d", "avg_pool2d", "max_pool2d_backward", "avg_pool2d_backward")

#: The rules a lab function is graded on, one test (one point) each, and what each tries.
#: Every rule but ``ties`` uses distinct values, so a function wrong only on ties (the
#: backward of max pooling, where the winner matters) loses only that point.
RULES = {
    "windows": "plain windows: stride = kernel_size, no padding",
    "stride_padding": "any stride, and padding",
    "ceil_mode": "ceil mode, with any stride and padding",
    "ties": "tied maxima (the first one in row-major order wins)",
    "count_include_pad": "padding left out of the divisor (count_include_pad=False)",
}
OP_RULES = {
    "max_pool2d": ("windows", "stride_padding", "ceil_mode"),
    "avg_pool2d": ("windows", "stride_padding", "ceil_mode", "count_include_pad"),
    "max_pool2d_backward": ("windows", "stride_padding", "ceil_mode", "ties"),
    "avg_pool2d_backward": ("windows", "stride_padding", "ceil_mode", "count_include_pad"),
}


def _borrows(library: str, name: str) -> bool:
    """True if ``name`` from ``library`` (a module's name) pools or makes the windows."""
    top = library.partition(".")[0]
    if top == "pooltools":
        return name != "pool_output_size"
    if top == "torch":
        return "pool" in name.lower() or "fold" in name or "as_strided" in name
    if top == "numpy":
        return "sliding_window_view" in name or "as_strided" in name
    if top == "skimage":
        return any(n in name for n in ("block_reduce", "view_as_windows", "view_as_blocks"))
    return library.startswith("scipy.ndimage")


def _module(frame) -> str:
    """The module a frame's function was defined in ("" for a notebook or a doctest)."""
    name = frame.f_globals.get("__name__", "") if frame else ""
    module = sys.modules.get(name)
    return name if module is not None and vars(module) is frame.f_globals else ""


def _run(fn: Callable, inputs: tuple, arguments: dict, allow: Iterable[str] = ()):
    """Call ``fn``: what it returned, what it raised, and the first routine it borrowed.

    While ``fn`` runs, a profile hook looks at every call: a pooltools, NumPy, SciPy or
    scikit-image routine that ``_borrows`` counts when code outside that library calls
    it (their own helpers are theirs to use); PyTorch's pooling at any depth, so that
    ``nn.MaxPool2d`` counts as well as ``F.max_pool2d``. The hook before is restored.
    """
    borrowed = []

    def hook(frame, event, arg):
        if borrowed or event not in ("call", "c_call"):
            return
        if event == "c_call":  # a function written in C, such as torch.max_pool2d
            library = getattr(arg, "__module__", None)
            library = library or type(getattr(arg, "__self__", None)).__module__
            name, caller = getattr(arg, "__qualname__", ""), _module(frame)
        else:
            library, name, caller = _module(frame), frame.f_code.co_qualname, _module(frame.f_back)
        top = library.partition(".")[0]
        if not top or (caller.partition(".")[0] == top and top != "torch"):
            return
        if not _borrows(library, name):
            return
        shown = re.sub(r"^_+|_dispatcher$", "", name)
        owner = frame.f_locals.get("self") if event == "call" and "." in name else None
        shown = shown if owner is None else type(owner).__name__  # nn.MaxPool2d's __init__
        if shown not in allow:
            where = "pooltools.naive" if library.startswith("pooltools.naive") else top
            borrowed.append(f"{shown} from {where}")

    got, error, before = None, None, sys.getprofile()
    sys.setprofile(hook)
    try:
        got = fn(*inputs, **arguments)
    except Exception as raised:  # the learner's bug, reported, not raised
        error = raised
    finally:
        sys.setprofile(before)
    return got, error, (borrowed[0] if borrowed else None)


def _borrowing(where: str) -> str:
    return (
        f"it called {where}, a routine that pools or makes the windows; the lab asks for"
        " your own loops over output cells and window cells"
    )


def _problem(fn: Callable, op: str, case: Case, allow: Iterable[str] = ()) -> str | None:
    """What is wrong with ``fn`` on ``case``, or None."""
    expected = _expected(op, case)
    inputs = (case.x.copy(),) if case.grad is None else (case.grad.copy(), case.x.copy())
    got, error, borrowed = _run(fn, inputs, case.arguments(op), allow)
    if borrowed:
        return _borrowing(borrowed)
    if error is not None:
        return f"it raised {type(error).__name__}"
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return f"it returned {type(got).__name__}, not an array of numbers"
    if got.shape != expected.shape:
        return f"it returned shape {got.shape}; pooltools gives shape {expected.shape}"
    if not np.allclose(got, expected, rtol=1e-6, atol=1e-9, equal_nan=True):
        return "its values differ from pooltools'"
    return None


def _cases(op: str, rule: str | None = None):
    """Generated cases for ``op``: all of them (``rule=None``) or those one rule tries."""
    from hypothesis import strategies as st

    @st.composite
    def case(draw) -> Case:
        k = draw(st.integers(2, 3) if rule == "count_include_pad" else st.integers(1, 3))
        if rule == "windows":
            stride = draw(st.sampled_from([None, k]))
        else:
            stride = draw(st.one_of(st.none(), st.integers(1, 3)))
        if rule == "windows":
            padding = 0
        elif rule == "count_include_pad":
            padding = draw(st.integers(1, k // 2))
        else:
            padding = draw(st.integers(0, k // 2))
        if rule is None or rule == "count_include_pad":
            ceil_mode = draw(st.booleans())
        else:
            ceil_mode = rule == "ceil_mode"
        s = k if stride is None else stride
        sizes = st.integers(max(1, k - 2 * padding), 6)  # every window fits somewhere
        h, w = draw(sizes), draw(sizes)
        if rule in (None, "ties"):  # small integers: ties are common
            values = st.lists(st.integers(0, 4), min_size=h * w, max_size=h * w)
        else:  # distinct values: no ties
            values = st.permutations(list(range(h * w)))
        x = np.array(draw(values), dtype=float).reshape(h, w)
        grad = None
        if op.endswith("backward"):
            ho, wo = (pool_output_size(L, k, s, padding, ceil_mode=ceil_mode) for L in (h, w))
            g = draw(st.lists(st.integers(1, 3), min_size=ho * wo, max_size=ho * wo))
            grad = np.array(g, dtype=float).reshape(ho, wo)
        include_pad = True
        if op.startswith("avg") and rule in (None, "count_include_pad"):
            include_pad = False if rule else draw(st.booleans())
        return Case(x, grad, k, stride, padding, ceil_mode, include_pad)

    return case()


@dataclass(frozen=True)
class Report:
    """The verdict of ``check_implementation``: true if every case agreed."""

    op: str
    ok: bool
    message: str

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.op}: {self.message}"


def _show(a) -> str:
    """An array on one line, whole numbers without a decimal point."""
    a = np.asarray(a, dtype=float)
    rows = [[int(v) if float(v).is_integer() else round(float(v), 4) for v in r] for r in a]
    return str(rows)


def check_implementation(
    fn: Callable,
    op: str,
    examples: int = EXAMPLES,
    rule: str | None = None,
    allow: Iterable[str] = (),
) -> Report:
    """Compare ``fn`` with pooltools' ``op`` on generated cases; explain the smallest failure.

    Parameters
    ----------
    fn : callable
        The learner's function, with the lab's signature for ``op`` (see the module).
    op : str
        One of ``"max_pool2d"``, ``"avg_pool2d"``, ``"max_pool2d_backward"``,
        ``"avg_pool2d_backward"``.
    examples : int
        How many cases to try (the same ones on every run).
    rule : str, optional
        Try only the cases of one rule (``OP_RULES[op]`` lists the op's rules, ``RULES``
        says what each tries): how the lab is graded, one point per rule. By default,
        cases of every rule, mixed.
    allow : iterable of str, optional
        Library routines ``fn`` may call, by name (``["sliding_window_view"]``). Any
        other that pools or makes the windows fails the check (see the module).

    Returns
    -------
    Report
        True if ``fn`` agreed on every case and called no library routine that pools; its
        text says which case failed and how, or which routine it called.

    Raises
    ------
    ValueError
        If ``op`` is not one of the four, or ``rule`` is not one of the op's rules.
    """
    from hypothesis import HealthCheck, find, settings
    from hypothesis.errors import NoSuchExample

    if op not in OPS:
        raise ValueError(f"check_implementation: op={op!r} must be one of {list(OPS)}")
    if rule is not None and rule not in OP_RULES[op]:
        raise ValueError(
            f"check_implementation: rule={rule!r} must be one of {list(OP_RULES[op])} for {op}"
        )
    if isinstance(allow, str):
        raise TypeError(f"check_implementation: allow={allow!r} must be a list of names")
    allow = tuple(allow)
    strategy = _cases(op, rule)
    config = settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    try:
        case = find(strategy, lambda c: _problem(fn, op, c, allow) is not None, settings=config)
    except NoSuchExample:
        tried = f" ({RULES[rule]})" if rule else ""
        return Report(op, True, f"agrees with pooltools on all {examples} cases tried{tried}.")
    inputs = (case.x.copy(),) if case.grad is None else (case.grad.copy(), case.x.copy())
    got, error, borrowed = _run(fn, inputs, case.arguments(op), allow)
    if borrowed:
        return Report(op, False, _borrowing(borrowed) + ".")
    args = ", ".join(f"{k}={v}" for k, v in case.arguments(op).items())
    lines = [
        f"{_problem(fn, op, case, allow)}{f' ({RULES[rule]})' if rule else ''}."
        " The smallest case found:",
        f"  x ({case.x.shape[0]}x{case.x.shape[1]}) = {_show(case.x)}",
    ]
    if case.grad is not None:
        lines.append(f"  grad_output = {_show(case.grad)}")
    lines.append(f"  {args}")
    lines.append(f"  pooltools gives: {_show(_expected(op, case))}")
    if error is not None:
        lines.append(f"  yours raised:    {type(error).__name__}: {error}")
    else:
        lines.append(f"  yours gives:     {_show(np.asarray(got))}")
    return Report(op, False, "\n".join(lines))
