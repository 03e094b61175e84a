"""Benchmark the batch (cross-form) rules on large synthetic batches, and the seed batch with every rule.

    python bench/bench_batch.py                 # 10k, 30k, 100k forms, 3 runs each, and the seed batch
    python bench/bench_batch.py --sizes 10000 --runs 1 --generator varied

Two generators (--generator, both by default): `seed` perturbs the seed's goals (below); `varied`
(bench/varied_goals.py) builds goals from thousands of clause variants, as a national batch has them,
so the copy detection cannot lean on a few hundred distinct texts.

The synthetic batch is built from the seed corpus (corpora/seed: 345 project and 154 department goal
rows) by perturbation, so it has the seed's mix of copies, boilerplate and own texts at any size:
each synthetic form takes a random seed row, moves it to a random unit of the seed (short or full
name), and perturbs each goal — punctuation swapped, 1–3 characters inserted or deleted, clauses
reordered, or left as an exact copy. A third of the forms also get an indicator table from
corpora/public_forms.jsonl (values perturbed), so the indicator rule has work to do.

Each size runs in its own process: the forms are built, then `lint_forms` runs with only the batch
rules selected (scope = batch in the registry); the median of the runs, the time per form and the
process's peak RSS are printed. The seed batch (`lint_paths` on corpora/seed, side tables linked)
runs with every rule. Everything is seeded: the same batch every time.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "corpora" / "seed"
PUBLIC = ROOT / "corpora" / "public_forms.jsonl"
SIZES = (10_000, 30_000, 100_000)
_CLAUSE_END = re.compile(r"(?<=[。；;\n])")
_PUNCT_SWAP = {"，": ["、", "；", ",", " "], "。": ["；", "", "."], "；": ["。", "，", ";"], "、": ["，", "、"]}


def _perturb(text: str, rng: random.Random) -> str:
    if not text:
        return text
    kind = rng.random()
    if kind < 0.25:  # exact copy
        return text
    if kind < 0.45:  # punctuation
        return "".join(rng.choice(_PUNCT_SWAP[c]) if c in _PUNCT_SWAP and rng.random() < 0.5 else c for c in text)
    if kind < 0.65:  # insert characters taken from the text itself
        chars = list(text)
        for _ in range(rng.randint(1, 3)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(text))
        return "".join(chars)
    if kind < 0.85:  # delete characters
        chars = list(text)
        for _ in range(min(rng.randint(1, 3), max(0, len(chars) - 4))):
            del chars[rng.randrange(len(chars))]
        return "".join(chars)
    parts = [p for p in _CLAUSE_END.split(text) if p]  # reorder clauses
    rng.shuffle(parts)
    return "".join(parts)


def _perturb_value(value: str, rng: random.Random) -> str:
    if rng.random() < 0.7:
        return value
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + rng.randint(0, 3)), value, count=1)


def synthetic_records(n: int, seed: int = 2021) -> list[dict]:
    rng = random.Random(seed)
    projects = [json.loads(line) for line in (SEED / "project_goals.jsonl").read_text(encoding="utf-8").splitlines()]
    departments = [json.loads(line) for line in (SEED / "department_goals.jsonl").read_text(encoding="utf-8").splitlines()]
    units = sorted({r["unit"] for r in projects + departments})
    tables = [r["indicators"] for r in map(json.loads, PUBLIC.read_text(encoding="utf-8").splitlines()) if r.get("indicators")]
    base = [("project", r) for r in projects] + [("department", r) for r in departments]
    records = []
    for k in range(n):
        kind, row = base[rng.randrange(len(base))]
        rec = {"id": f"S{k:06d}", "type": kind, "unit": rng.choice(units), "budget_year": 2021,
               "annual_goal": _perturb(row.get("annual_goal") or "", rng)}
        if kind == "project":
            rec["project"] = row.get("project") or ""
            rec["long_term_goal"] = _perturb(row.get("long_term_goal") or "", rng)
        if rng.random() < 1 / 3:
            rec["indicators"] = [{"level1": i.get("level1", ""), "level2": i.get("level2", ""), "name": i.get("name", ""),
                                  "value": _perturb_value(str(i.get("value", "")), rng), "unit": i.get("unit", "")}
                                 for i in rng.choice(tables)]
        records.append(rec)
    return records


def build_forms(records: list[dict]):
    from linter.model import Location
    from linter.readers.records import form_from_record

    return [form_from_record(r, path="<synthetic>", default_id=r["id"], locate=lambda p: Location("<synthetic>"))
            for r in records]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(n: int, runs: int, generator: str = "seed") -> dict:
    """In this process: build n forms, lint them `runs` times with the batch rules only."""
    from linter.config import Settings
    from linter.engine import lint_forms
    from linter.registry import BATCH
    from linter.codes import all_rules

    batch_codes = tuple(r.code for r in all_rules() if r.scope == BATCH and r.check is not None)
    settings = Settings(select=batch_codes, budget_year=2021)
    start = time.perf_counter()
    if generator == "varied":
        from bench.varied_goals import varied_records

        records = varied_records(n)
    else:
        records = synthetic_records(n)
    forms = build_forms(records)
    del records
    build_s = time.perf_counter() - start
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        diagnostics, _, _ = lint_forms(forms, settings)
        times.append(time.perf_counter() - start)
        found = len(diagnostics)
    from linter.analysis.goal_copies import goal_copies

    copies = goal_copies(forms)  # once more, untimed: the copy analysis's own counts (a run keeps no state)
    median = statistics.median(times)
    return {"forms": n, "rules": list(batch_codes), "runs": runs, "median_s": round(median, 2),
            "per_form_ms": round(median / n * 1000, 3), "min_s": round(min(times), 2), "max_s": round(max(times), 2),
            "diagnostics": found, "goals": len(copies.items) if copies else 0,
            "pairs_verified": copies.result.candidates if copies else 0, "build_s": round(build_s, 1), "peak_rss_mb": round(peak_rss_mb())}


def run_seed(runs: int) -> dict:
    """The seed batch (corpora/seed, side tables linked) with every rule, warm process."""
    from linter.config import Settings
    from linter.engine import lint_paths

    settings = Settings(budget_year=2021)
    paths = [str(SEED)]
    report = lint_paths(paths, settings)  # warm-up: rulesets, models, caches of the first run
    times = []
    for _ in range(runs):
        from linter.analysis import goals

        goals.goal_decision.cache_clear()
        start = time.perf_counter()
        report = lint_paths(paths, settings)
        times.append(time.perf_counter() - start)
    return {"forms": len(report.forms), "rules": "all", "runs": runs, "median_s": round(statistics.median(times), 2),
            "per_form_ms": round(statistics.median(times) / len(report.forms) * 1000, 3),
            "diagnostics": len(report.diagnostics), "peak_rss_mb": round(peak_rss_mb())}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed-runs", type=int, default=5)
    ap.add_argument("--generator", choices=["seed", "varied", "both"], default="both")
    ap.add_argument("--no-seed-batch", action="store_true", help="skip the seed batch with every rule")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-seed", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_size(args.child, args.runs, args.generator)))
        return
    if args.child_seed:
        print(json.dumps(run_seed(args.seed_runs)))
        return
    print(f"python {sys.version.split()[0]}; each scenario in a fresh process; times are lint only (forms prebuilt)")
    generators = ["seed", "varied"] if args.generator == "both" else [args.generator]
    scenarios = [] if args.no_seed_batch else [["--child-seed", "--seed-runs", str(args.seed_runs)]]
    scenarios += [["--child", str(n), "--runs", str(args.runs), "--generator", g] for g in generators for n in args.sizes]
    for extra in scenarios:
        out = subprocess.run([sys.executable, __file__, *extra], cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            raise SystemExit(out.returncode)
        result = json.loads(out.stdout.strip().splitlines()[-1])
        name = "seed batch, every rule" if "--child-seed" in extra else f"{extra[-1]} {result['forms']:,} forms, batch rules"
        print(f"{name:<40} median {result['median_s']:7.2f} s  {result['per_form_ms']:7.3f} ms/form  "
              f"peak RSS {result['peak_rss_mb']:,} MB  ({result['diagnostics']:,} findings, "
              f"{result.get('pairs_verified', '-')} pairs verified, n={result['runs']})")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
