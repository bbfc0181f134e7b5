"""Small image tasks for the book's experiments, made from images the reader already has.

Chapters 7 and 8 train small networks on scikit-learn's 8x8 digits. Centred on a blank
canvas, those are too easy to tell pooling variants apart (every variant reaches about
98 %). ``cluttered_digits`` makes a harder task from the same images: each digit at a
random place on a larger canvas, among fragments of other digits. Pure NumPy, seeded.
"""

from __future__ import annotations

import numpy as np


def cluttered_digits(images, labels, count, *, canvas=16, clutter=2, piece=4, spread=None, seed=0):
    """Digits at random places on a blank canvas, among fragments of other digits.

    Each example draws one image of ``images`` at random (with replacement), places it at a
    uniformly random position on a ``canvas`` x ``canvas`` grid of zeros (within ``spread``
    pixels of the centre along each axis, if ``spread`` is given), and adds
    ``clutter`` fragments: ``piece`` x ``piece`` crops of other randomly drawn images, each at
    its own random position. Where a fragment overlaps, the brighter value wins (maximum), so
    clutter never erases the digit. Values are scaled to [0, 1] by the largest value of
    ``images``. Draw the training and test examples from disjoint sets of images.

    Parameters
    ----------
    images : array_like, shape (n, h, w)
        Non-negative images (scikit-learn's ``load_digits().images``: 8x8, values 0 to 16).
    labels : array_like, shape (n,)
        The class of each image; the example's label is its digit's.
    count : int
        How many examples to make (at least 1).
    canvas : int, default 16
        Height and width of each example; at least ``h`` and ``w``.
    clutter : int, default 2
        Fragments per example (0 for none).
    piece : int, default 4
        Height and width of each fragment, from 1 to ``min(h, w)``.
    spread : int or None, default None
        The largest distance, in pixels along each axis, of the digit from the canvas'
        centre (0: always centred, if ``canvas - h`` and ``canvas - w`` are even); None lets
        it lie anywhere on the canvas. Fragments lie anywhere.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``: the same arguments give the same examples.

    Returns
    -------
    x : ndarray of float32, shape (count, 1, canvas, canvas)
        The examples, one channel, values in [0, 1].
    y : ndarray of int64, shape (count,)
        Their labels.

    Raises
    ------
    ValueError
        If ``images`` is not 3-D, holds a negative value or none above zero, ``labels`` does
        not have one entry per image, or ``count``, ``canvas``, ``clutter``, ``piece`` or
        ``spread`` is outside its range.

    Examples
    --------
    >>> import numpy as np
    >>> images = np.arange(2 * 8 * 8).reshape(2, 8, 8) % 17
    >>> x, y = cluttered_digits(images, [3, 5], 4, canvas=12, clutter=1, seed=0)
    >>> x.shape, x.dtype, y.dtype
    ((4, 1, 12, 12), dtype('float32'), dtype('int64'))
    >>> bool(x.min() >= 0 and x.max() <= 1)
    True
    """
    images = np.asarray(images, dtype=np.float64)
    labels = np.asarray(labels)
    if images.ndim != 3:
        raise ValueError(
            f"cluttered_digits: images must be 3-D (n, h, w), got shape {images.shape}"
        )
    n, h, w = images.shape
    if n == 0 or not np.all(np.isfinite(images)) or images.min() < 0 or images.max() <= 0:
        raise ValueError("cluttered_digits: images must be finite, non-negative and not all zero")
    if labels.shape != (n,):
        raise ValueError(
            f"cluttered_digits: labels must have one entry per image ({n}), got {labels.shape}"
        )
    for name, value, low in (
        ("count", count, 1),
        ("canvas", canvas, max(h, w)),
        ("clutter", clutter, 0),
    ):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"cluttered_digits: {name} must be an integer >= {low}, got {value!r}")
    if not isinstance(piece, (int, np.integer)) or not 1 <= piece <= min(h, w):
        raise ValueError(
            f"cluttered_digits: piece must be an integer from 1 to {min(h, w)}, got {piece!r}"
        )

    if spread is not None and (not isinstance(spread, (int, np.integer)) or spread < 0):
        raise ValueError(
            f"cluttered_digits: spread must be None or an integer >= 0, got {spread!r}"
        )

    def place(size, draw):  # the digit's first row (or column): centred within spread
        if spread is None:
            return draw(canvas - size + 1)
        centre = (canvas - size) // 2
        low, high = max(0, centre - spread), min(canvas - size, centre + spread)
        return low + draw(high - low + 1)

    rng = np.random.default_rng(seed)
    scaled = images / images.max()
    x = np.zeros((count, 1, canvas, canvas), dtype=np.float32)
    chosen = rng.integers(n, size=count)
    for i, k in enumerate(chosen):
        for _ in range(clutter):  # fragments of other images: a random crop, a random place
            other = scaled[rng.integers(n)]
            r, c = rng.integers(h - piece + 1), rng.integers(w - piece + 1)
            top, left = rng.integers(canvas - piece + 1, size=2)
            window = x[i, 0, top : top + piece, left : left + piece]
            np.maximum(window, other[r : r + piece, c : c + piece], out=window)
        top, left = place(h, rng.integers), place(w, rng.integers)
        window = x[i, 0, top : top + h, left : left + w]
        np.maximum(window, scaled[k], out=window)
    return x, labels[chosen].astype(np.int64)
