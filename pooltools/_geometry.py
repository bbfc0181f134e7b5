"""Window geometry along one axis: where each pooling window starts and what it covers.

Every N-dimensional pooling op in pooltools is a product of 1-D geometries, one per
spatial axis. Coordinates are input coordinates: ``-padding`` is the first padding
cell, ``length`` the first cell past the input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def output_length(length: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """torch's rule: floor (or ceil) of (L + 2p - d(k-1) - 1) / s, plus one.

    In ceil mode the last window is dropped if it would start at or past ``L + p``
    (it must start inside the input or the left padding).
    """
    span = length + 2 * p - d * (k - 1) - 1
    out = (span + (s - 1 if ceil_mode else 0)) // s + 1  # // rounds down, as torch's div_rtn
    if ceil_mode and (out - 1) * s >= length + p:
        out -= 1
    return out


@dataclass(frozen=True)
class Axis:
    """Geometry of fixed-size windows along one axis."""

    length: int
    kernel: int
    stride: int
    padding: int
    dilation: int
    out: int

    def starts(self) -> np.ndarray:
        """Input coordinate of each window's first cell (negative inside the left padding)."""
        return np.arange(self.out) * self.stride - self.padding

    def offset_range(self, j: int) -> tuple[int, int, int]:
        """For kernel offset ``j``: the outputs ``[lo, hi)`` whose ``j``-th cell is a real
        input cell, and the input coordinate of output ``lo``'s cell.

        Cells outside ``[lo, hi)`` are padding or ceil-mode overhang and are skipped,
        so no padded copy of the input is ever made.
        """
        shift = j * self.dilation - self.padding  # input coordinate of output 0's cell
        lo = max(0, -(shift // self.stride))  # first o with o*s + shift >= 0
        hi = min(self.out, (self.length - 1 - shift) // self.stride + 1)
        hi = max(hi, lo)
        return lo, hi, lo * self.stride + shift

    def slices(self, j: int) -> tuple[slice, slice]:
        """The output slice and the matching strided input slice for kernel offset ``j``."""
        lo, hi, first = self.offset_range(j)
        stop = first + (hi - lo - 1) * self.stride + 1 if hi > lo else first
        return slice(lo, hi), slice(first, stop, self.stride)

    def first_real(self) -> np.ndarray:
        """torch's default index per window: the first dilated cell at or after 0.

        It lies past the input for a window made only of padding, as in torch.
        """
        starts = self.starts()
        behind = np.maximum(-starts, 0)
        return starts + -(-behind // self.dilation) * self.dilation

    def count(self, include_pad: bool) -> np.ndarray:
        """Cells each window counts in an average: padding included or not, overhang never."""
        starts = self.starts()
        stops = np.minimum(starts + self.kernel, self.length + self.padding)
        if include_pad:
            return stops - starts
        return np.minimum(stops, self.length) - np.maximum(starts, 0)

    def has_input(self) -> np.ndarray:
        """Whether each window contains at least one real input cell."""
        first = self.first_real()
        last = self.starts() + (self.kernel - 1) * self.dilation
        return (first < self.length) & (first <= last)


@dataclass(frozen=True)
class AdaptiveAxis:
    """Adaptive bins along one axis: bin i covers ``[floor(i*L/out), ceil((i+1)*L/out))``."""

    length: int
    out: int

    @property
    def starts(self) -> np.ndarray:
        return (np.arange(self.out) * self.length) // self.out

    @property
    def stops(self) -> np.ndarray:
        return -((-(np.arange(1, self.out + 1) * self.length)) // self.out)

    @property
    def widest(self) -> int:
        return int((self.stops - self.starts).max())

    def as_fixed(self) -> Axis | None:
        """Bins that tile the axis evenly are plain windows: kernel = stride = L // out."""
        if self.length % self.out:
            return None
        k = self.length // self.out
        return Axis(self.length, k, k, 0, 1, self.out)

    def cells(self, j: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``j``-th cell of every bin (clamped to the bin's last cell) and whether
        it really belongs to the bin."""
        idx = self.starts + j
        valid = idx < self.stops
        return np.minimum(idx, self.stops - 1), valid


def adaptive_axis_bins(length: int, out: int) -> list[tuple[int, int]]:
    ax = AdaptiveAxis(length, out)
    return [(int(a), int(b)) for a, b in zip(ax.starts, ax.stops)]
