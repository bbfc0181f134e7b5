"""pooltools against torch's CPU kernels, side by side: median times and ratios.

    make bench            # or: .venv/bin/python bench/bench_pooling.py [--repeat 9]

float32, torch on 2 threads. "backward" is the whole job of turning ``(x, grad_output)``
into the gradient with respect to ``x``: pooltools' ``<op>_backward(g, x, ...)`` against
torch's forward-with-autograd plus ``backward`` (torch needs the forward's saved indices).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import pooltools

HALF2 = {"output_ratio": (0.5, 0.5)}  # torch's fractional_max_pool2d takes no plain float
HALF3 = {"output_ratio": (0.5, 0.5, 0.5)}

CASES = [
    # label, shape, pooltools op, torch op, positional args, keyword args
    ("max2d k3 s2 p1", (16, 64, 112, 112), "max_pool2d", (3,), {"stride": 2, "padding": 1}),
    ("avg2d k2", (16, 128, 56, 56), "avg_pool2d", (2,), {}),
    ("adaptive avg2d ->7x7", (32, 512, 14, 14), "adaptive_avg_pool2d", ((7, 7),), {}),
    ("adaptive max2d ->7x7", (32, 512, 14, 14), "adaptive_max_pool2d", ((7, 7),), {}),
    ("max1d k3 s2 p1", (32, 256, 4096), "max_pool1d", (3,), {"stride": 2, "padding": 1}),
    ("avg3d k2", (4, 32, 32, 56, 56), "avg_pool3d", (2,), {}),
    ("max3d k3 s2 p1", (4, 32, 32, 56, 56), "max_pool3d", (3,), {"stride": 2, "padding": 1}),
    # random windows, drawn afresh by each library on each call: the sizes are fixed
    ("fractional max2d k3 ->0.5", (16, 64, 112, 112), "fractional_max_pool2d", (3,), HALF2),
    ("fractional max3d k2 ->0.5", (4, 32, 32, 56, 56), "fractional_max_pool3d", (2,), HALF3),
]


def median_time(fn, repeat: int) -> float:
    fn()  # warm up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_case(shape, op, pos, kw, repeat, rng) -> tuple[float, float, float, float]:
    """Median seconds: pooltools forward, torch forward, pooltools backward, torch backward."""
    x = rng.standard_normal(shape, dtype=np.float32)
    xt = torch.from_numpy(x)
    ours, theirs = getattr(pooltools, op), getattr(F, op)
    ours_backward = getattr(pooltools, op + "_backward")
    g = rng.standard_normal(ours(x, *pos, **kw).shape, dtype=np.float32)
    gt = torch.from_numpy(g)

    def torch_backward():
        leaf = xt.detach().requires_grad_(True)
        theirs(leaf, *pos, **kw).backward(gt)

    with torch.no_grad():
        tf = median_time(lambda: theirs(xt, *pos, **kw), repeat)
    pf = median_time(lambda: ours(x, *pos, **kw), repeat)
    tb = median_time(torch_backward, repeat)
    pb = median_time(lambda: ours_backward(g, x, *pos, **kw), repeat)
    return pf, tf, pb, tb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per case (median)")
    args = parser.parse_args()
    torch.set_num_threads(2)
    rng = np.random.default_rng(0)
    columns = ["case", "shape", "fwd pooltools ms", "fwd torch ms", "fwd ratio"]
    columns += ["bwd pooltools ms", "bwd torch ms", "bwd ratio"]
    print(
        f"numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads)\n"
    )
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    fwd_ratios, bwd_ratios = [], []
    for i, (label, shape, op, pos, kw) in enumerate(CASES, 1):
        print(f"[{i}/{len(CASES)}] {label} ...", end="\r", flush=True, file=sys.stderr)
        pf, tf, pb, tb = time_case(shape, op, pos, kw, args.repeat, rng)
        fwd_ratios.append(pf / tf)
        bwd_ratios.append(pb / tb)
        print(
            f"| {label} | {'x'.join(map(str, shape))} | {pf * 1e3:.1f} | {tf * 1e3:.1f} | "
            f"{pf / tf:.2f} | {pb * 1e3:.1f} | {tb * 1e3:.1f} | {pb / tb:.2f} |"
        )
    print(
        f"\nmedian ratio pooltools/torch: forward {statistics.median(fwd_ratios):.2f} "
        f"(target <= 1.25), backward {statistics.median(bwd_ratios):.2f} (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
