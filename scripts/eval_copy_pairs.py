"""Precision and recall of the cross-unit copy decision (G004) on the hand-labelled pairs.

    python scripts/eval_copy_pairs.py [--exhaustive] [--show]

Reads the goals of corpora/seed (project long-term and annual goals, department annual goals),
runs linter.similarity.find_copies over all of them (MinHash LSH candidates, verified, families)
and compares, for every pair in corpora/labels/copy_pairs.jsonl whose two goals belong to
different units, "one goal is a (near-)copy of the other" with the label `copy`. With
--exhaustive the decision is also taken on every labelled pair directly (no LSH), which shows
what the candidate stage loses. Borderline pairs (labelled `borderline: true`) are also
reported separately.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.similarity import Params, copy_shares, find_copies, is_copied, make_doc  # noqa: E402
from linter.units import same_unit  # noqa: E402

SEED = ROOT / "corpora" / "seed"
LABELS = ROOT / "corpora" / "labels" / "copy_pairs.jsonl"


def seed_goals() -> list[tuple[str, str, str, str]]:
    """(id, field, unit, text) of every goal in the seed tables, in file order."""
    out = []
    for name, fields in (("project_goals", ("long_term_goal", "annual_goal")), ("department_goals", ("annual_goal",))):
        for line in (SEED / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            for f in fields:
                if rec.get(f):
                    out.append((rec["id"], f, rec["unit"], rec[f]))
    return out


def scores(pred: list[bool], gold: list[bool]) -> dict[str, float]:
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"pairs": len(gold), "positives": sum(gold), "tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 3), "recall": round(recall, 3)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--exhaustive", action="store_true")
    ap.add_argument("--show", action="store_true", help="print the pairs the decision gets wrong")
    args = ap.parse_args()
    params = Params.from_ruleset()
    goals = seed_goals()
    index = {(g[0], g[1]): i for i, g in enumerate(goals)}
    result = find_copies([g[3] for g in goals], params)
    related = {i: set(result.sources(i)) for i in range(len(goals))}
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    cross = [r for r in labels if not same_unit(r["a"]["unit"], r["b"]["unit"])]
    gold = [r["copy"] for r in cross]
    pred = []
    for r in cross:
        i, j = index[(r["a"]["id"], r["a"]["field"])], index[(r["b"]["id"], r["b"]["field"])]
        pred.append(j in related[i] or i in related[j])
    report = {"labelled_pairs": len(labels), "cross_unit_pairs": len(cross),
              "pipeline": scores(pred, gold),
              "pipeline_without_borderline": scores([p for p, r in zip(pred, cross) if not r["borderline"]],
                                                    [g for g, r in zip(gold, cross) if not r["borderline"]]),
              "lsh": {"texts": len(goals), "families": result.representatives, "candidates_verified": result.candidates}}
    if args.exhaustive:
        ex = []
        for r in cross:
            a, b = make_doc(goals[index[(r["a"]["id"], r["a"]["field"])]][3]), make_doc(goals[index[(r["b"]["id"], r["b"]["field"])]][3])
            if len(a.key) < params.min_chars or len(b.key) < params.min_chars:
                ex.append(False)
                continue
            ab, ba = copy_shares(a, b, params)
            ex.append(is_copied(ab, ba, params) or is_copied(ba, ab, params))
        report["exhaustive"] = scores(ex, gold)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.show:
        for p, r in zip(pred, cross):
            if p != r["copy"]:
                print("FP" if p else "FN", r["pair"], r["a"]["id"], r["b"]["id"], r["note"])


if __name__ == "__main__":
    main()
