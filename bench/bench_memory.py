"""Peak memory of a full `jxlint check` (every rule) on varied synthetic forms, and where it goes.

    python bench/bench_memory.py                          # 10,000 and 100,000 forms, 3 runs of 10,000, 1 of 100,000
    python bench/bench_memory.py --sizes 10000 --runs 3
    python bench/bench_memory.py --profile 10000          # KB a form by component (tracemalloc, one process)
    python bench/bench_memory.py --sizes 1000000 --engine dask   # the same check through a 2-worker LocalCluster

The forms come from bench/varied_goals.py, written as JSON Lines files of at most 10,000 forms (10 files at least)
into a temporary folder. Each run is
`python -m linter check --isolated --no-cache --budget-year 2021 --format json-lines -o <file>` in a fresh
process with PYTHONHASHSEED=0 (one G003 wording depends on set order, so about one line in 60,000 would differ
between runs otherwise). Printed: the median wall time, the process's own peak RSS (os.wait4, so earlier runs
do not count), peak RSS per form, and a digest of the report with the batch folder's name left out (the same for
every run of a size, and across versions of jxlint that report the same). With two sizes or more, the peak is
fitted as fixed + per form × forms on the two largest, and 1,000,000 forms projected.

--engine dask runs the check with `--engine dask --jobs 2`; its peak is then also given for the whole process
tree (the check and its Dask workers, sampled every half second with psutil), since each worker is a process
of its own. The digest is comparable with a run of `--jobs 1` on the same size.

--profile traces the allocations of one in-process check (tracemalloc, so slower and not the RSS) and prints
the live memory a form costs, by component, at four points: forms read; the batch rules at their peak (copy
detection's indexes all built); the per-form rules done; the report built.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FILES = 10  # at least; a batch over 100,000 forms is split in files of 10,000 (a file holds at most 25 MB)
PROJECTED = 1_000_000


ENGINES = {"jobs1": [], "dask": ["--engine", "dask", "--jobs", "2"]}


def run(paths: list[str], output: Path, engine: str = "jobs1") -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB of the check's own process, peak RSS in MB of its whole process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "linter", "check", "--isolated", "--no-cache", "--budget-year",
                             "2021", "--format", "json-lines", "-o", str(output), *ENGINES[engine], *paths], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONHASHSEED": "0"})
    status, usage, tree_peak = _wait(proc, sample=engine != "jobs1")
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(proc.stderr.read().decode())
    own = usage.ru_maxrss / 1024
    return seconds, own, max(tree_peak, own)


def _wait(proc: subprocess.Popen, sample: bool) -> tuple[int, "resource.struct_rusage", float]:
    """The exit status and resource use of `proc` (os.wait4, so earlier runs do not count) and, when `sample`,
    the largest sum of RSS (MB) over it and its descendants, read every half second until it exits."""
    if not sample:
        _, status, usage = os.wait4(proc.pid, 0)
        return status, usage, 0.0
    import psutil  # installed with distributed

    root, peak = psutil.Process(proc.pid), 0.0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            return status, usage, peak
        total = 0
        try:
            members = [root, *root.children(recursive=True)]
        except psutil.Error:
            members = []
        for member in members:
            try:
                total += member.memory_info().rss
            except psutil.Error:  # a worker that ended between the listing and the reading
                pass
        peak = max(peak, total / 2**20)
        time.sleep(0.5)


def measure(sizes: list[int], runs: int, big_runs: int, engine: str = "jobs1") -> None:
    from bench.bench_engines import write_batch

    peaks = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_batch(Path(tmp), n, max(FILES, n // 10_000))
            output = Path(tmp) / "report.jsonl"
            results, digests = [], set()
            for _ in range(runs if n <= 10_000 else big_runs):
                results.append(run(paths, output, engine))
                report = output.read_bytes().replace(tmp.encode(), b"<batch>")  # the folder's name differs by run
                digests.add(hashlib.sha256(report).hexdigest()[:16])
            seconds, rss = statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)
            tree = f"  tree {statistics.median(r[2] for r in results):7,.0f} MB" if engine != "jobs1" else ""
            peaks.append((n, rss))
            print(f"{n:>9,} forms  {len(results)} run(s)  median {seconds:8.1f} s  {seconds / n * 1000:5.2f} ms/form  "
                  f"peak RSS {rss:7,.0f} MB{tree}  {rss * 1024 / n:5.1f} KB/form  report {'/'.join(sorted(digests))}")
            sys.stdout.flush()
    if len(peaks) >= 2:
        (n1, r1), (n2, r2) = sorted(peaks)[-2:]
        per_form = (r2 - r1) / (n2 - n1)
        fixed = r1 - per_form * n1
        print(f"fit: {fixed:,.0f} MB fixed + {per_form * 1024:.1f} KB a form → {PROJECTED:,} forms ≈ "
              f"{(fixed + per_form * PROJECTED) / 1024:,.1f} GB")


# --profile: which component holds the memory (by the file that allocated it) -------------------------

COMPONENTS = (  # first match wins
    ("copy detection (similarity.py, datasketch)", ("linter/similarity.py", "datasketch/", "numpy/", "scipy/")),
    ("forms (readers, JSON decoding, model)", ("linter/readers/", "linter/linking.py")),
    ("engine: findings, diagnostics, keys", ("linter/engine.py", "linter/registry.py", "linter/diagnostics.py",
                                             "linter/baseline.py", "linter/rules/")),
    ("NLP and analysis caches (bounded), dictionaries", ("linter/nlp/", "linter/analysis/", "jieba/")),
)


TRACE_FRAMES = 4  # enough to see past generated __init__s to the jxlint module that asked


def _component(traceback) -> str:
    """The component of the most recent frame that names one (generated dataclass code names none)."""
    for frame in reversed(traceback):  # tracemalloc lists the oldest frame first
        for name, parts in COMPONENTS:
            if any(p in frame.filename for p in parts):
                return name
    return "other (imports, ...)"


def profile(n: int) -> None:
    import gc
    import tracemalloc

    from bench.bench_engines import write_batch
    from linter import engine, similarity
    from linter.config import Settings

    points: list[tuple[str, tracemalloc.Snapshot]] = []

    def snap(name: str) -> None:
        gc.collect()
        points.append((name, tracemalloc.take_snapshot()))

    def wrap(owner, attr: str, before: str | None = None, after: str | None = None, first_yield: str | None = None):
        original = getattr(owner, attr)

        def wrapped(*args, **kwargs):
            if before:
                snap(before)
            if first_yield:
                return _snap_on_first(original(*args, **kwargs), lambda: snap(first_yield))
            out = original(*args, **kwargs)
            if after:
                snap(after)
            return out
        setattr(owner, attr, wrapped)

    wrap(engine, "_batch_findings", before="forms read")
    wrap(similarity, "_related_candidates", first_yield="batch rules at their peak")
    wrap(engine, "_compute", after="per-form rules done")
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_batch(Path(tmp), n, FILES)
        tracemalloc.start(TRACE_FRAMES)
        base = tracemalloc.take_snapshot()
        report = engine.lint_paths(paths, Settings(budget_year=2021))
        snap("report built")
    names = [name for name, _ in COMPONENTS] + ["other (imports, ...)"]
    print(f"{n:,} varied forms, {len(report.diagnostics):,} diagnostics; live memory in KB a form (tracemalloc, "
          "growth since the start):")
    print(f"{'':48}" + "".join(f"{p[:22]:>24}" for p, _ in points))
    by_point = []
    for _, snapshot in points:
        totals: dict[str, float] = dict.fromkeys(names, 0.0)
        for stat in snapshot.compare_to(base, "traceback"):
            totals[_component(stat.traceback)] += stat.size_diff / n / 1024
        by_point.append(totals)
    for name in names + ["total"]:
        cells = [sum(t.values()) if name == "total" else t[name] for t in by_point]
        print(f"{name:48}" + "".join(f"{c:24.2f}" for c in cells))


def _snap_on_first(pairs, take):
    """The generator's items, with `take()` called once, when the first is asked for (its indexes are built)."""
    taken = False
    for pair in pairs:
        if not taken:
            take()
            taken = True
        yield pair


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--runs", type=int, default=3, help="runs of each size up to 10,000 forms (median)")
    ap.add_argument("--big-runs", type=int, default=1, help="runs of each larger size")
    ap.add_argument("--profile", type=int, metavar="FORMS", help="KB a form by component instead (tracemalloc)")
    ap.add_argument("--engine", choices=sorted(ENGINES), default="jobs1", help="jobs1 (one process) or dask (2 workers)")
    args = ap.parse_args()
    if args.profile:
        profile(args.profile)
    else:
        measure(args.sizes, args.runs, args.big_runs, args.engine)


if __name__ == "__main__":
    main()
