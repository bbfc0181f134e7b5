"""Where `make test` and `make check` spend their time: each phase timed, then one table.

    python tools/timed.py NAME -- COMMAND ...   # run COMMAND, add its seconds to the log
    python tools/timed.py --report [--budget MINUTES]

The log is _build/timings/phases.tsv (started afresh by `--reset`). Other parts add their
own rows to _build/timings/: the book build's notebooks (_ext/parallel_execution.py) and
the tests' clean venvs (tests/conftest.py's ``record_time``). The report prints them all,
and the total against the budget (issue 28: `make test` 15 minutes, `make check` 3, on the
project's 2-core machine). It is a benchmark's print-out, never a failing test.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

TIMINGS = Path(__file__).resolve().parent.parent / "_build" / "timings"
PHASES = TIMINGS / "phases.tsv"


def rows(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text().splitlines() if line.strip()]


def report(budget: float | None) -> None:
    phases = rows(PHASES)
    total = sum(float(r[1]) for r in phases)
    print("\ntimings: where the time went (seconds)")
    for name, seconds, *_ in phases:
        print(f"  {name:<28} {float(seconds):7.0f}")
    for path in sorted(TIMINGS.glob("*.tsv")):
        if path == PHASES:
            continue
        print(f"  within {path.stem}:")
        for name, seconds, *what in sorted(rows(path), key=lambda r: -float(r[1])):
            print(f"    {name:<40} {float(seconds):7.0f}  {' '.join(what)}")
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
    start = time.monotonic()
    code = subprocess.call(argv[2:])
    TIMINGS.mkdir(parents=True, exist_ok=True)
    with PHASES.open("a") as log:
        log.write(f"{argv[0]}\t{time.monotonic() - start:.1f}\n")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
