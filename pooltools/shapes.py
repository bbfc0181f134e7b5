"""Shape arithmetic: output sizes, adaptive bins, and the cells every window covers."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ._geometry import adaptive_axis_bins
from ._validate import int_tuple, pool_axes


def _sizes(op: str, input_size) -> tuple[tuple[int, ...], bool]:
    scalar = not isinstance(input_size, (tuple, list))
    n = 1 if scalar else len(input_size)
    if n == 0:
        raise ValueError(f"{op}: input_size=() must name at least one dimension")
    return int_tuple(op, "input_size", input_size, n, 1), scalar


def pool_output_size(
    input_size: int | tuple[int, ...],
    kernel_size: int | tuple[int, ...],
    stride: int | tuple[int, ...] | None = None,
    padding: int | tuple[int, ...] = 0,
    dilation: int | tuple[int, ...] = 1,
    ceil_mode: bool = False,
) -> int | tuple[int, ...]:
    """The output size of a pooling layer, per spatial dimension.

    Parameters
    ----------
    input_size : int or tuple of ints
        The input's spatial size (``L``, or ``(H, W)``, ...).
    kernel_size, stride, padding, dilation : int or tuple of ints
        As in ``max_pool2d``; ``stride`` defaults to ``kernel_size``.
    ceil_mode : bool, default False
        Round up instead of down.

    Returns
    -------
    int or tuple of ints
        An int for an int ``input_size``, a tuple for a tuple.

    Raises
    ------
    ValueError
        If the configuration is invalid; the message states the rule.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    ``out = floor((L + 2p - d(k - 1) - 1) / s) + 1``: the last window must fit inside
    the padded input, and the windows start every ``s`` cells. In ceil mode the floor
    becomes a ceiling, but a window that would start at or past ``L + p`` is dropped.

    Examples
    --------
    >>> from pooltools import pool_output_size
    >>> pool_output_size(32, 2, stride=2)
    16
    >>> pool_output_size((112, 112), 3, stride=2, padding=1)
    (56, 56)
    >>> pool_output_size(5, 2, ceil_mode=True)
    3
    """
    op = "pool_output_size"
    sizes, scalar = _sizes(op, input_size)
    axes = pool_axes(op, sizes, kernel_size, stride, padding, dilation, ceil_mode)
    outs = tuple(a.out for a in axes)
    return outs[0] if scalar else outs


def adaptive_bins(input_size: int, output_size: int) -> list[tuple[int, int]]:
    """The ``(start, stop)`` of each adaptive-pooling bin along one axis.

    Parameters
    ----------
    input_size : int
        The axis length ``L``.
    output_size : int
        The number of bins ``out``.

    Returns
    -------
    list of (int, int)
        One ``(start, stop)`` per bin: the bin covers ``range(start, stop)``.

    Raises
    ------
    ValueError
        If a size is not positive.
    TypeError
        If a size is not an int.

    Notes
    -----
    Bin ``i`` covers ``[floor(i * L / out), ceil((i + 1) * L / out))``.

    Examples
    --------
    >>> from pooltools import adaptive_bins
    >>> adaptive_bins(10, 4)
    [(0, 3), (2, 5), (5, 8), (7, 10)]
    """
    op = "adaptive_bins"
    (length,) = int_tuple(op, "input_size", input_size, 1, 1)
    (out,) = int_tuple(op, "output_size", output_size, 1, 1)
    return adaptive_axis_bins(length, out)


@dataclass(frozen=True)
class Window:
    """One pooling window: the output cell it makes and the input cells it reads.

    ``cells`` are input coordinates in scan (row-major) order; they may lie outside the
    input. ``kinds[i]`` says what ``cells[i]`` is: ``"input"``, ``"padding"`` or
    ``"overhang"`` (past the right padding, read only in ceil mode).
    """

    out: tuple[int, ...]
    cells: tuple[tuple[int, ...], ...]
    kinds: tuple[str, ...]

    @property
    def inputs(self) -> tuple[tuple[int, ...], ...]:
        """The real input cells of the window, in scan order."""
        return tuple(c for c, k in zip(self.cells, self.kinds) if k == "input")


def pool_windows(
    input_size: int | tuple[int, ...],
    kernel_size: int | tuple[int, ...],
    stride: int | tuple[int, ...] | None = None,
    padding: int | tuple[int, ...] = 0,
    dilation: int | tuple[int, ...] = 1,
    ceil_mode: bool = False,
) -> list[Window]:
    """Every window of a pooling layer, in output (row-major) order.

    Parameters
    ----------
    input_size, kernel_size, stride, padding, dilation, ceil_mode
        As in ``pool_output_size``.

    Returns
    -------
    list of Window
        One per output cell: the input cells its window reads, each marked ``"input"``,
        ``"padding"`` or ``"overhang"``.

    Raises
    ------
    ValueError
        If the configuration is invalid; the message states the rule.
    TypeError
        If an argument has the wrong type.

    Examples
    --------
    >>> from pooltools import pool_windows
    >>> w = pool_windows(5, 2, ceil_mode=True)[-1]
    >>> w.out, w.cells, w.kinds
    ((2,), ((4,), (5,)), ('input', 'overhang'))
    """
    op = "pool_windows"
    sizes, _ = _sizes(op, input_size)
    axes = pool_axes(op, sizes, kernel_size, stride, padding, dilation, ceil_mode)
    windows = []
    for out in itertools.product(*(range(a.out) for a in axes)):
        cells, kinds = [], []
        for offset in itertools.product(*(range(a.kernel) for a in axes)):
            cell = tuple(
                o * a.stride - a.padding + j * a.dilation for a, o, j in zip(axes, out, offset)
            )
            cells.append(cell)
            kinds.append(_kind(cell, axes))
        windows.append(Window(tuple(out), tuple(cells), tuple(kinds)))
    return windows


def _kind(cell, axes) -> str:
    if any(c >= a.length + a.padding for c, a in zip(cell, axes)):
        return "overhang"
    if all(0 <= c < a.length for c, a in zip(cell, axes)):
        return "input"
    return "padding"
