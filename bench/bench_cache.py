"""Benchmark the result cache: `jxlint check corpora/seed` uncached, cold cache and warm cache, medians.

Each run is a new process (what a pre-commit hook or a CI step pays). `cold` empties the cache
before each run (so it pays for writing the entries), `warm` reuses the entries of the run before.
Run with `.venv/bin/python bench/bench_cache.py [RUNS]`; the README quotes the medians.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JXLINT = [sys.executable, "-m", "linter", "check", "-q"]


def run(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(JXLINT + args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    folder = Path(tempfile.mkdtemp(prefix="jxlint-bench-cache-"))
    env = {**os.environ, "JXLINT_CACHE_DIR": str(folder / "cache")}
    try:
        for corpus in ("corpora/seed", "corpora/examples"):
            times: dict[str, list[float]] = {"--no-cache": [], "cold cache": [], "warm cache": []}
            for _ in range(runs):
                times["--no-cache"].append(run([corpus, "--no-cache"], env))
                shutil.rmtree(folder / "cache", ignore_errors=True)
                times["cold cache"].append(run([corpus], env))
                times["warm cache"].append(run([corpus], env))
            base = statistics.median(times["--no-cache"])
            for name, values in times.items():
                median = statistics.median(values)
                print(f"{corpus:<18} {name:<11} median {median * 1000:7.0f} ms  (min {min(values) * 1000:.0f}, "
                      f"max {max(values) * 1000:.0f}, n={runs})  {base / median:.2f}x of --no-cache")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
