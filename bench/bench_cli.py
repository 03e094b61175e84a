"""Benchmark: wall time of `jxlint check` in a cold process, median of repeated runs.

Run with `make bench`. Prints one line per scenario; copy the medians into the README.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JXLINT = [sys.executable, "-m", "linter"]
RUNS = 15

SCENARIOS = {
    "one form, default rules": ["check", "--isolated", "corpora/examples/project_good_2015.yaml"],
    "499 seed goal rows": ["check", "--isolated", "corpora/seed/project_goals.jsonl", "corpora/seed/department_goals.jsonl"],
    "jxlint --version (import floor)": ["--version"],
}


def median_wall(args: list[str], runs: int = RUNS) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(JXLINT + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    print(f"python {sys.version.split()[0]}, {RUNS} cold runs each")
    for name, args in SCENARIOS.items():
        med, low, high = median_wall(args)
        print(f"{name:<36} median {med * 1000:7.1f} ms  (min {low * 1000:.1f}, max {high * 1000:.1f})")


if __name__ == "__main__":
    main()
