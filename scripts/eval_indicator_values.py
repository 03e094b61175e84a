"""Precision, recall and F1 of the row-level indicator value rules on the hand-labelled published forms.

    python scripts/eval_indicator_values.py [--split dev|test|fresh|all] [--code DIR] [--show]

Lints the published forms (corpora/public_forms*.jsonl) with `python -m linter check --format json`
(run with PYTHONPATH=DIR, so the same script measures an older checkout: `--code /path/to/old/worktree`),
and compares, row by row, the codes I001–I006, I015–I017, I020, I021 reported on a row's fields
(`indicators[i]…`) with the codes of corpora/labels/public_rows.jsonl. A code a row's labellers could not
settle ("disputed") is not scored on that row. Micro figures count (row, code) decisions over all scored codes.

The splits are those of scripts/published_split.py (dev and test by source page; the third harvest is fresh).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared split
from published_split import PUBLISHED, SPLITS, form_splits, in_split  # noqa: E402
CORPORA = PUBLISHED
LABELS = ROOT / "corpora" / "labels" / "public_rows.jsonl"
CODES = ("I001", "I002", "I003", "I004", "I005", "I006", "I015", "I016", "I017", "I020", "I021")
_ROW = re.compile(r"^indicators\[(\d+)\]")


def predicted(code_dir: Path) -> dict[tuple[str, int], set[str]]:
    """(form id, row) → the scored codes jxlint reports on that row, linting with the code under `code_dir`."""
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    cmd = [sys.executable, "-m", "linter", "check", *map(str, CORPORA), "--format", "json", "--isolated", "--no-cache",
           "--select", ",".join(CODES)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=code_dir, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"jxlint failed ({out.returncode}): {out.stderr[-2000:]}")
    found: dict[tuple[str, int], set[str]] = {}
    for d in json.loads(out.stdout)["diagnostics"]:
        m = _ROW.match(d.get("field") or "")
        if m and d["code"] in CODES:
            found.setdefault((d["form_id"], int(m.group(1))), set()).add(d["code"])
    return found


def score(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def evaluate(labels: list[dict], found: dict[tuple[str, int], set[str]], show: bool = False) -> dict:
    counts: dict[str, Counter] = {code: Counter() for code in CODES}
    by_set: dict[str, Counter] = {}
    for row in labels:
        gold = set(row["codes"]) & set(CODES)
        guess = found.get((row["form"], row["row"]), set())
        corpus = row.get("file", "").removesuffix(".jsonl")
        by_set.setdefault(corpus, Counter())
        for code in CODES:
            if code in row.get("disputed", []):
                continue
            outcome = "tp" if code in gold and code in guess else "fn" if code in gold else "fp" if code in guess else None
            if outcome:
                counts[code][outcome] += 1
                by_set[corpus][outcome] += 1
                if show and outcome != "tp":
                    print(f"{outcome} {code} {row['form']}[{row['row']}] {row.get('name', '')}", file=sys.stderr)
    total = sum(counts.values(), Counter())
    return {"rows": len(labels), "micro": score(total["tp"], total["fp"], total["fn"]),
            "by_corpus": {k: score(c["tp"], c["fp"], c["fn"]) for k, c in by_set.items()},
            "per_code": {code: score(c["tp"], c["fp"], c["fn"]) for code, c in counts.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=SPLITS, default="dev")
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose linter package is measured")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--show", action="store_true", help="print every wrong decision to stderr")
    args = ap.parse_args()
    splits = form_splits()
    labels = [json.loads(line) for line in args.labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    labels = [r for r in labels if in_split(args.split, r["form"], splits)]
    report = {"split": args.split, "code": str(args.code), **evaluate(labels, predicted(args.code.resolve()), args.show)}
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
