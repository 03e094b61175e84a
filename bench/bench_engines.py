"""Benchmark a full `jxlint check` (every rule) on varied synthetic forms: --jobs 1 against --engine dask.

    python bench/bench_engines.py                  # 10,000 forms in 10 files
    python bench/bench_engines.py --forms 100000 --files 20

The forms come from bench/varied_goals.py, written as JSON Lines files into a temporary folder; each
engine runs `python -m linter check --format json-lines -o <file>` in a fresh process. Printed: wall time,
time per form, peak RSS of the largest process (the check itself or one Dask worker) and whether the
two reports are byte-identical.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINES = {"--jobs 1": ["--jobs", "1"], "--engine dask, 2 workers": ["--engine", "dask", "--jobs", "2"]}


def write_batch(folder: Path, forms: int, files: int) -> list[str]:
    from bench.varied_goals import varied_records

    records = varied_records(forms)
    paths = []
    for k in range(files):
        path = folder / f"part{k:03d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for r in records[k::files]:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        paths.append(str(path))
    return paths


def run(paths: list[str], extra: list[str], output: Path) -> dict:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "linter", "check", "--isolated", "--no-cache", "--budget-year", "2021",
                          "--format", "json-lines", "-o", str(output), *extra, *paths], cwd=ROOT,
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        raise SystemExit(out.stderr)
    return {"s": time.perf_counter() - start, "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--forms", type=int, default=10_000)
    ap.add_argument("--files", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = write_batch(folder, args.forms, args.files)
        outputs = []
        for name, extra in ENGINES.items():
            output = folder / f"report{len(outputs)}.jsonl"
            result = run(paths, extra, output)
            outputs.append(output)
            lines = sum(1 for _ in output.open(encoding="utf-8"))
            print(f"{args.forms:,} varied forms, every rule, {name:<26} {result['s']:8.1f} s  "
                  f"{result['s'] / args.forms * 1000:6.2f} ms/form  peak RSS {result['rss_mb']:,.0f} MB  ({lines:,} findings)")
            sys.stdout.flush()
        print("byte-identical reports:", filecmp.cmp(outputs[0], outputs[1], shallow=False))


if __name__ == "__main__":
    main()
