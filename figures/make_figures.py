"""Generate the book's figures from pooltools, deterministically.

    make figures        # or: .venv/bin/python figures/make_figures.py [--out DIR]

Same bytes on every run: the Agg backend, fixed fonts and sizes, and PNG metadata with
no software version or date. The book includes the PNGs from figures/ (git-ignored).

Each figure is drawn twice, for a light page (``name.png``, the one chapters name) and a
dark one (``name-dark.png``, which _ext/themed_figures.py shows in the theme's dark
mode), with pooltools.viz's themes. Each PNG records its smallest lettering in pixels
(the text chunk ``min-font-px``): figures are at most 4.9 inches (490 px) wide with
12 pt lettering, so a 375 px phone, which shows them 327 px wide, still draws it at 11 px.
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


def save(fig, out: Path, name: str) -> None:
    """Write ``fig`` as ``name.png`` (light theme) or ``name-dark.png`` (dark), and close it;
    the light one also as ``name.svg``, for a teacher's own slides (the instructor pack)."""
    suffix = "" if viz.theme() == "light" else f"-{viz.theme()}"
    (out / f"{name}{suffix}.png").write_bytes(viz.png_bytes(fig, dpi=100, tight=True))
    if viz.theme() == "light":
        (out / f"{name}.svg").write_text(viz.svg_text(fig, tight=True), encoding="utf-8")
    plt.close(fig)


@figure
def favicon(out: Path) -> None:
    """A 2x2 max-pooling glyph: four cells, the winner highlighted (one for both themes)."""
    if viz.theme() != "light":
        return
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
    save(fig, out, "max_pool_example")


@figure
def avg_pool_example(out: Path) -> None:
    """The same 4x4 map, average pooled: each window's mean."""
    x = np.array([[1, 3, 2, 1], [4, 6, 5, 0], [7, 2, 9, 8], [1, 0, 3, 4]], dtype=float)
    fig = viz.pooling_figure(x, kernel_size=2, stride=2, mode="avg")
    save(fig, out, "avg_pool_example")


@figure
def output_size_axis(out: Path) -> None:
    """Counting window positions along one axis: L=7, kernel 3, stride 2, padding 1."""
    fig, ax = plt.subplots(figsize=(4.7, 3.1))
    viz.windows_1d(7, 3, stride=2, padding=1, ax=ax)
    ax.set_title("L = 7, k = 3, s = 2, p = 1: windows start\nevery 2 cells of the padded input")
    fig.tight_layout()
    save(fig, out, "output_size_axis")


# Chapter 5 figures
def _draw_adaptive_bins(ax, length: int, bins: int) -> None:
    """Cells 0..L-1 in a row, the ideal cuts i*L/n dashed, one coloured bar per bin below."""
    from matplotlib.patches import Rectangle

    spans = pooltools.adaptive_bins(length, bins)
    for c in range(length):
        ax.add_patch(Rectangle((c, 0), 1, 1, fill=False, edgecolor=viz.ink(0.4)))
        ax.text(
            c + 0.5,
            0.5,
            str(c),
            ha="center",
            va="center",
            fontsize=viz.FONT_PT,
            zorder=3,
            bbox={"facecolor": plt.rcParams["axes.facecolor"], "edgecolor": "none", "pad": 0.5},
        )
    for i in range(1, bins):  # the ideal, equal split of the axis
        ax.plot(
            [i * length / bins] * 2, [1.15, -0.85 * bins - 0.35], "--", color=viz.ink(0.55), lw=1
        )
    for i, (start, stop) in enumerate(spans):
        y = -0.85 * (i + 1)
        colour = viz.OKABE_ITO[i % len(viz.OKABE_ITO)]
        ax.add_patch(Rectangle((start + 0.08, y), stop - start - 0.16, 0.5, color=colour))
        ax.text(-0.3, y + 0.25, f"[{start}, {stop})", ha="right", va="center")
    ax.set_xlim(-3.4, max(length, 8) + 0.4)
    ax.set_ylim(-0.85 * bins - 0.5, 1.9)
    ax.set_aspect("equal")
    ax.set_axis_off()


@figure
def adaptive_bins(out: Path) -> None:
    """Adaptive-pooling bins: 14 -> 4 (neighbours share a cell) and 3 -> 5 (cells repeat)."""
    fig, axes = plt.subplots(2, 1, figsize=(4.7, 5.4), height_ratios=[4.9, 5.9])
    for ax, (length, bins) in zip(axes, [(14, 4), (3, 5)]):
        _draw_adaptive_bins(ax, length, bins)
        cuts = ", ".join(f"{i * length / bins:g}" for i in range(1, bins))
        ax.set_title(
            f"L = {length} cells, n = {bins} outputs (one bar each):\nideal cuts (dashed) at {cuts}"
        )
    fig.tight_layout()
    save(fig, out, "adaptive_bins")


# (end of chapter 5 figures)
# Chapter 6 figures
#: The chapter's overlap example: 3x3 windows, stride 2; the 9 at (1, 2) wins two windows.
BACKPROP_X = np.array(
    [
        [1, 4, 2, 0, 3],
        [3, 0, 9, 5, 1],
        [2, 6, 7, 1, 4],
        [8, 1, 3, 2, 0],
        [5, 2, 0, 6, 8],
    ],
    dtype=float,
)
BACKPROP_G = np.array([[2, 5], [1, 3]], dtype=float)


@figure
def max_pool_backward(out: Path) -> None:
    """Max pooling forward (windows and winners), the upstream gradient, and where it lands."""
    from matplotlib.patches import Rectangle

    x, g = BACKPROP_X, BACKPROP_G
    _, idx = pooltools.max_pool2d(x[None], 3, stride=2, return_indices=True)
    grad = pooltools.max_pool2d_backward(g[None], x[None], 3, stride=2)[0]
    windows = pooltools.pool_windows(x.shape, 3, stride=2)
    fig, axes = plt.subplot_mosaic(
        [["left", "middle"], ["right", "."]], figsize=(4.7, 6.8), width_ratios=[5, 2.6]
    )
    left, middle, right = axes["left"], axes["middle"], axes["right"]
    viz.draw_grid(x, left, title="forward: 3×3 windows,\nstride 2; each winner ringed")
    viz.draw_grid(g, middle, title="upstream\ngradient G", vmin=0, vmax=grad.max())
    viz.draw_grid(grad, right, title="gradient reaching the input\n(each G lands on its winner)")

    def outline(ax, r, c, colour, n):
        inset = 0.04 + 0.07 * n
        ax.add_patch(
            Rectangle(
                (c - 0.5 + inset, r - 0.5 + inset),
                1 - 2 * inset,
                1 - 2 * inset,
                fill=False,
                edgecolor=colour,
                linewidth=2.5,
            )
        )

    senders = {}
    for n, window in enumerate(windows):
        colour = viz.OKABE_ITO[n]
        for r, c in window.cells:
            outline(left, r, c, colour, n)
        outline(middle, *window.out, colour, 0)
        winner = divmod(int(idx[(0, *window.out)]), x.shape[1])
        senders.setdefault(winner, []).append((n, g[window.out]))
        left.plot(winner[1], winner[0], "o", ms=24, mfc="none", mec="black", mew=2)
    for (r, c), sent in senders.items():
        for depth, (n, _) in enumerate(sent):
            outline(right, r, c, viz.OKABE_ITO[n], depth)
        if len(sent) > 1:  # explained beside the grid, where there is room
            right.annotate(
                f"{grad[r, c]:g} = "
                + " + ".join(f"{v:g}" for _, v in sent)
                + ":\nthis cell won\ntwo windows",
                xy=(c + 0.45, r),
                xytext=(x.shape[1] - 0.2, r),
                va="center",
                arrowprops={"arrowstyle": "->", "color": viz.ink(0)},
                annotation_clip=False,
            )
    fig.tight_layout()
    save(fig, out, "max_pool_backward")


# (end of chapter 6 figures)
# Chapter 7 figures


@figure
def downsample_digit(out: Path) -> None:
    """One digit downsampled three ways (top) and the weights each way uses (bottom)."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = np.zeros((16, 16))
    x[4:12, 4:12] = digits.images[0] / 16  # a zero, centred as in chapter 7's experiment
    sobel = np.array([[1.0, 0, -1], [2, 0, -2], [1, 0, -1]])
    # a 3x3 convolution (cross-correlation, as torch's conv2d), stride 2, zero padding 1
    windows = np.lib.stride_tricks.sliding_window_view(np.pad(x, 1), (3, 3))[::2, ::2]
    conv = np.einsum("ijab,ab->ij", windows, sobel)
    panels = [
        (x, "input", None, ""),
        (pooltools.max_pool2d(x[None], 2)[0], "max pooling 2×2", None, "no weights"),
        (pooltools.avg_pool2d(x[None], 2)[0], "average pooling 2×2", np.full((2, 2), 0.25), ""),
        (conv, "3×3 convolution", sobel, "learned\n(here: vertical edges)"),
    ]
    # two blocks of two panels side by side: each picture with its weights below it
    fig, axes = plt.subplots(4, 2, figsize=(4.7, 8.4), height_ratios=[3, 1.5, 3, 1.5])
    tops, bottoms = [*axes[0], *axes[2]], [*axes[1], *axes[3]]
    for (values, title, weights, note), top, bottom in zip(panels, tops, bottoms):
        top.imshow(values, cmap="cividis", interpolation="nearest")
        h, w = values.shape
        top.set_title(f"{title}\n{'' if title == 'input' else 'stride 2: '}{h}×{w}")
        top.set_xticks([])
        top.set_yticks([])
        bottom.set_axis_off()
        if weights is None:
            bottom.text(0.5, 0.5, note, ha="center", va="center")
            continue
        viz.draw_grid(weights, ax=bottom, vmin=-2, vmax=2)
        bottom.set_title(f"weights, {note or 'fixed'}", fontsize=viz.FONT_PT)
    fig.tight_layout()
    save(fig, out, "downsample_digit")


# (end of chapter 7 figures)
# Chapter 8 figures


@figure
def aliasing_shift(out: Path) -> None:
    """A zone plate subsampled by 2, shifted by 0 and 1 pixel, without and with a blur."""
    from pooltools.explore import zone_plate

    binomial = np.outer([1, 2, 1], [1, 2, 1]) / 16

    def blur(x):  # the fixed 3x3 binomial filter, reflect padding, same size
        padded = np.pad(x, 1, mode="reflect")
        h, w = x.shape
        taps = [(a, b) for a in range(3) for b in range(3)]
        return sum(binomial[a, b] * padded[a : a + h, b : b + w] for a, b in taps)

    def subsample(x):  # a 1x1 window with stride 2: keep every second row and column
        return pooltools.max_pool2d(x[None], 1, stride=2)[0]

    # one column per treatment (subsample only; blur, then subsample), one row per stage
    fig, axes = plt.subplots(4, 2, figsize=(4.7, 9.4))
    rows = [("subsample only", lambda x: x), ("[1,2,1]⊗[1,2,1]/16 blur", blur)]
    for (name, before), row in zip(rows, axes.T):
        seen = before(zone_plate(64))
        kept = [subsample(before(zone_plate(64, shift))) for shift in (0, 1)]
        difference = np.abs(kept[0] - kept[1])
        panels = [
            (seen, f"{name}\ninput, 64×64"),
            (kept[0], "subsampled,\nshift 0"),
            (kept[1], "subsampled,\nshift 1"),
            (difference, f"|difference|,\nmean {difference.mean():.2f}"),
        ]
        for ax, (values, title) in zip(row, panels):
            ax.imshow(values, cmap="cividis", vmin=0, vmax=1, interpolation="nearest")
            ax.set_title(title, fontsize=viz.FONT_PT)
            ax.set_xticks([])
            ax.set_yticks([])
    fig.suptitle("Subsampling by 2: a 1-pixel shift\nof the input, without and with a blur")
    fig.tight_layout()
    save(fig, out, "aliasing_shift")


# (end of chapter 8 figures)
# Chapter 9 figures
def _modern_cnn_layers() -> dict[str, tuple[int, list[tuple]]]:
    """Each network's main path: input side, then (kind, kernel, stride, padding) per layer.

    Kinds: "conv", "pool", "adaptive" (to a fixed size, kernel = that size) and "gap"
    (global average pooling). The same definitions as chapter 9's PyTorch models, which
    checks that its traced sizes equal ``modern_cnn_paths()``.
    """
    conv3, conv1 = ("conv", 3, 1, 1), ("conv", 1, 1, 0)
    vgg = []
    for n in (2, 2, 3, 3, 3):
        vgg += [conv3] * n + [("pool", 2, 2, 0)]

    def resnet(blocks, bottleneck):
        layers = [("conv", 7, 2, 3), ("pool", 3, 2, 1)]
        for stage, n in enumerate(blocks):
            for block in range(n):
                s = 2 if stage and not block else 1
                strided = ("conv", 3, s, 1)
                layers += [conv1, strided, conv1] if bottleneck else [strided, conv3]
        return layers + [("gap",)]

    mobilenet = [("conv", 3, 2, 1)]
    for t, n, s in [(1, 1, 1), (6, 2, 2), (6, 3, 2), (6, 4, 2), (6, 3, 1), (6, 3, 2), (6, 1, 1)]:
        for block in range(n):
            mobilenet += [conv1] * (t != 1) + [("conv", 3, s if block == 0 else 1, 1), conv1]
    pool3 = ("pool", 3, 2, 0)
    return {
        "LeNet-5": (32, [("conv", 5, 1, 0), ("pool", 2, 2, 0)] * 2 + [("conv", 5, 1, 0)]),
        "AlexNet": (
            224,
            [("conv", 11, 4, 2), pool3, ("conv", 5, 1, 2), pool3]
            + [conv3] * 3
            + [pool3, ("adaptive", 6)],
        ),
        "VGG-16": (224, vgg + [("adaptive", 7)]),
        "ResNet-18": (224, resnet((2, 2, 2, 2), False)),
        "ResNet-50": (224, resnet((3, 4, 6, 3), True)),
        "MobileNetV2": (224, mobilenet + [conv1, ("gap",)]),
    }


def modern_cnn_paths() -> dict[str, list[tuple[str, int]]]:
    """(what downsamples, side) after each main-path layer, sizes by pool_output_size.

    What downsamples is "input", "pooling", "strided conv", "global pooling", or "" for
    a layer that does not downsample (a stride-1 convolution, or adaptive pooling to the
    size it already has).
    """
    paths = {}
    for name, (side, layers) in _modern_cnn_layers().items():
        path = [("input", side)]
        for kind, *geometry in layers:
            before = side
            if kind == "gap":
                side, what = 1, "global pooling"
            elif kind == "adaptive":
                side = geometry[0]  # adaptive pooling's output size is its argument
                what = "pooling" if side < before else ""
            else:
                side = pooltools.pool_output_size(side, *geometry)
                downsamples = geometry[1] > 1
                what = ("pooling" if kind == "pool" else "strided conv") if downsamples else ""
            path.append((what, side))
        paths[name] = path
    return paths


@figure
def modern_cnn_sizes(out: Path) -> None:
    """Spatial size (log scale) after each main-path layer of six CNNs, downsamplers marked."""
    # the explorer's colours: pooling orange, strided convolution blue, global pooling green
    style = {
        "pooling": ("v", "#E69F00", "pooling"),
        "strided conv": ("s", "#0072B2", "strided convolution"),
        "global pooling": ("o", "#009E73", "global average pooling"),
    }
    fig, axes = plt.subplots(3, 2, figsize=(4.7, 8.2), sharey=True)
    for ax, (name, path) in zip(axes.flat, modern_cnn_paths().items()):
        sides = [side for _, side in path]
        ax.step(range(len(path)), sides, where="post", color=viz.ink(0.35), lw=1.6)
        for what, (marker, colour, _) in style.items():
            at = [i for i, (w, _) in enumerate(path) if w == what]
            ax.plot(
                at,
                [sides[i] for i in at],
                marker,
                ms=9,
                color=colour,
                markeredgecolor=viz.ink(0),
                markeredgewidth=0.8,
                ls="none",
            )
        ax.set_title(f"{name}: {path[0][1]} → {sides[-1]}", fontsize=viz.FONT_PT)
        ax.set_xlim(-0.7, len(path) + 0.3)  # room for the last marker
        ax.set_yscale("log", base=2)
        ax.grid(True, axis="y", color=viz.ink(0.85))
    ticks = [1, 4, 14, 56, 224]
    axes[0, 0].set_yticks(ticks, [str(t) for t in ticks])
    axes[0, 0].minorticks_off()
    fig.supylabel("height = width", fontsize=viz.FONT_PT)
    for ax in axes[-1]:
        ax.set_xlabel("layers, in order")
    handles = [
        plt.Line2D([], [], marker=m, ls="none", color=c, markeredgecolor=viz.ink(0), ms=9)
        for m, c, _ in style.values()
    ]
    fig.legend(
        handles,
        ["downsampled by " + label for *_, label in style.values()],
        loc="lower center",
        ncol=1,
        frameon=False,
    )
    fig.tight_layout(rect=(0, 0.11, 1, 1))
    save(fig, out, "modern_cnn_sizes")


# (end of chapter 9 figures)
# Chapter 10 figures
@figure
def mistakes_ceil_dropped(out: Path) -> None:
    """Ceil mode, L=7, k=2, s=2, p=1: the ceiling counts a fifth window that PyTorch drops."""
    from matplotlib.patches import Rectangle

    fig, ax = plt.subplots(figsize=(4.7, 3.1))
    viz.windows_1d(7, 2, stride=2, padding=1, ceil_mode=True, ax=ax)
    kept = len(pooltools.pool_windows(7, 2, 2, 1, ceil_mode=True))
    start = kept * 2 - 1  # where the next window would start, in input coordinates
    y = -1.0 - 0.8 * kept
    ax.add_patch(
        Rectangle((start + 1, 0), 1, 1, fill=False, edgecolor=viz.ink(0.4), linestyle="--")
    )
    for c in (start, start + 1):
        ax.add_patch(
            Rectangle(
                (c + 0.1, y), 0.8, 0.5, fill=False, edgecolor=viz.ink(0.3), linestyle=":", lw=1.5
            )
        )
    ax.text(-1.9, y + 0.25, "dropped", ha="right", va="center", color=viz.ink(0.3))
    ax.text(start + 2.2, y + 0.25, "starts in the\nright padding", va="center")
    ax.set_xlim(-2.6, start + 6)
    ax.set_ylim(y - 0.4, 1.2)
    ax.set_title(f"ceil_mode=True: {kept} windows kept, not {kept + 1}", fontsize=viz.FONT_PT)
    fig.tight_layout()
    save(fig, out, "mistakes_ceil_dropped")


# (end of chapter 10 figures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="where to write the PNGs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for theme in viz.THEMES:  # light, then dark
        with viz.themed(theme):
            for make in FIGURES:
                make(args.out)
    print(f"make_figures: {len(FIGURES)} figures, light and dark, in {args.out}")
    assert pooltools  # figures are drawn from pooltools' own results


if __name__ == "__main__":
    main()
