"""Generate the book's figures from pooltools, deterministically.

    make figures        # or: .venv/bin/python figures/make_figures.py [--out DIR]

Same bytes on every run: the Agg backend, fixed fonts and sizes, and PNG metadata with
no software version or date. The book includes the PNGs from figures/ (git-ignored).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

import pooltools
from pooltools import viz

HERE = Path(__file__).resolve().parent
METADATA = {"Software": None}  # no matplotlib version in the file
FIGURES = []  # every function decorated with @figure, in file order


def figure(make):
    """Register a figure function: ``make(out)`` writes one or more PNGs into ``out``."""
    FIGURES.append(make)
    return make


@figure
def favicon(out: Path) -> None:
    """A 2x2 max-pooling glyph: four cells, the winner highlighted."""
    fig, ax = plt.subplots(figsize=(0.64, 0.64), dpi=50)
    ax.imshow(np.array([[0.2, 0.5], [0.35, 1.0]]), cmap="cividis", vmin=0, vmax=1)
    ax.set_axis_off()
    fig.subplots_adjust(0, 0, 1, 1)
    fig.savefig(out / "favicon.png", metadata=METADATA)
    plt.close(fig)


@figure
def max_pool_example(out: Path) -> None:
    """The source text's worked example: a 4x4 map, 2x2 windows, stride 2."""
    x = np.array([[1, 3, 2, 1], [4, 6, 5, 0], [7, 2, 9, 8], [1, 0, 3, 4]], dtype=float)
    fig = viz.pooling_figure(x, kernel_size=2, stride=2, mode="max")
    fig.savefig(out / "max_pool_example.png", metadata=METADATA, dpi=100)
    plt.close(fig)


@figure
def avg_pool_example(out: Path) -> None:
    """The same 4x4 map, average pooled: each window's mean."""
    x = np.array([[1, 3, 2, 1], [4, 6, 5, 0], [7, 2, 9, 8], [1, 0, 3, 4]], dtype=float)
    fig = viz.pooling_figure(x, kernel_size=2, stride=2, mode="avg")
    fig.savefig(out / "avg_pool_example.png", metadata=METADATA, dpi=100)
    plt.close(fig)


@figure
def output_size_axis(out: Path) -> None:
    """Counting window positions along one axis: L=7, kernel 3, stride 2, padding 1."""
    fig, ax = plt.subplots(figsize=(7, 2.6))
    viz.windows_1d(7, 3, stride=2, padding=1, ax=ax)
    ax.set_title("L = 7, k = 3, s = 2, p = 1: windows start every 2 cells of the padded input")
    fig.tight_layout()
    fig.savefig(out / "output_size_axis.png", metadata=METADATA, dpi=100)
    plt.close(fig)


# Chapter 5 figures
# (end of chapter 5 figures)
# Chapter 6 figures
# (end of chapter 6 figures)
# Chapter 7 figures
# (end of chapter 7 figures)
# Chapter 8 figures
# (end of chapter 8 figures)
# Chapter 9 figures
# (end of chapter 9 figures)
# Chapter 10 figures
# (end of chapter 10 figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the PNGs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    plt.rcParams.update({"font.family": "DejaVu Sans", "svg.hashsalt": "pooltools"})
    for make in FIGURES:
        make(args.out)
    print(f"make_figures: {len(FIGURES)} figures in {args.out}")
    assert pooltools  # figures are drawn from pooltools' own results


if __name__ == "__main__":
    main()
