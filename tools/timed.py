"""Where `make test` and `make check` spend their time: each phase timed, then one table.

    python tools/timed.py NAME -- COMMAND ...   # run COMMAND, add its seconds to the log
    python tools/timed.py --report [--budget MINUTES]

The log is _build/timings/phases.tsv (started afresh by `--reset`). Other parts add their
own rows to _build/timings/: the book build's notebooks (_ext/parallel_execution.py) and
the tests' clean venvs (tests/conftest.py's ``record_time``). The report prints them all,
and the total against the budget (issue 28: `make test` 15 minutes, `make check` 3, on the
project's 2-core machine). It is a benchmark's print-out, never a failing test.

Beside each phase's wall-clock seconds, the CPU seconds the whole machine spent meanwhile
(every process, the browsers and servers the tests start included) and the seconds the
hypervisor held the CPUs back ("steal"), from Linux's /proc/stat: the same code has taken
up to 1.6x longer from run to run on the project's virtual machine, and the CPU seconds
tell a change that does less work from a slower machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

TIMINGS = Path(__file__).resolve().parent.parent / "_build" / "timings"
PHASES = TIMINGS / "phases.tsv"


def cpu_seconds() -> tuple[float, float] | None:
    """(busy, steal): the machine's CPU seconds since boot, all CPUs; None off Linux."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    hertz = os.sysconf("SC_CLK_TCK")  # /proc/stat counts in these ticks
    return (user + nice + system + irq + softirq) / hertz, steal / hertz


def rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text().splitlines() if line.strip()]


def report(budget: float | None) -> None:
    phases = rows(PHASES)
    total = sum(float(r[1]) for r in phases)
    print("\ntimings: where the time went (seconds; CPU: the machine's, all cores)")
    for name, seconds, *cpu in phases:
        used = f"  CPU {float(cpu[0]):6.0f}, steal {float(cpu[1]):4.0f}" if len(cpu) == 2 else ""
        print(f"  {name:<28} {float(seconds):7.0f}{used}")
    for path in sorted(TIMINGS.glob("*.tsv")):
        if path == PHASES:
            continue
        print(f"  within {path.stem}:")
        for name, seconds, *what in sorted(rows(path), key=lambda r: -float(r[1])):
            print(f"    {name:<40} {float(seconds):7.0f}  {' '.join(what)}")
    cpu = [r[2:4] for r in phases if len(r) == 4]
    if cpu and len(cpu) == len(phases):
        busy, steal = (sum(float(c[i]) for c in cpu) for i in (0, 1))
        print(f"  {'total CPU':<28} {busy:7.0f}  (steal {steal:.0f})")
    line = f"  {'total':<28} {total:7.0f}  ({total / 60:.1f} min"
    print(line + (f"; budget {budget:g} min)" if budget else ")"))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--reset"]:
        for path in TIMINGS.glob("*.tsv"):
            path.unlink()
        return 0
    if argv[:1] == ["--report"]:
        budget = float(argv[2]) if argv[1:2] == ["--budget"] else None
        report(budget)
        return 0
    if len(argv) < 3 or argv[1] != "--":
        sys.exit("usage: timed.py NAME -- COMMAND ... | --report [--budget MINUTES] | --reset")
    start, cpu = time.monotonic(), cpu_seconds()
    code = subprocess.call(argv[2:])
    row = f"{argv[0]}\t{time.monotonic() - start:.1f}"
    after = cpu_seconds()
    if cpu and after:
        row += f"\t{after[0] - cpu[0]:.1f}\t{after[1] - cpu[1]:.1f}"
    TIMINGS.mkdir(parents=True, exist_ok=True)
    with PHASES.open("a") as log:
        log.write(row + "\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
