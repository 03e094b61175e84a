"""Agreement of `jxlint triage --format json` with the experts' annex 1 scores, as the issue measures it.

    .venv/bin/jxlint triage corpora/seed --format json -o /tmp/triage.json
    .venv/bin/python scripts/eval_triage.py /tmp/triage.json [corpora/review/review_scores.jsonl]

Each scores row is matched to its unit's department form (linter.units.unit_key; rows without one,
or two rows of one unit, are reported and left out). Prints Spearman ρ between the form's `score`
and the expert total, and between `sections.绩效目标.score` and the expert's 绩效目标, the same for
the department-goal-length baseline, and the grade histogram of all department forms against the
experts' (1 / 37 / 60 / 2 %). Run on the units kept back, this is the held-out figure; on the 148
units of corpora/review it is in sample (the shipped weights were fitted on them).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter import review_scores  # noqa: E402
from linter.units import unit_key  # noqa: E402

EXPERT_GRADES = {"优秀": 0.01, "良好": 0.37, "合格": 0.60, "不合格": 0.02}
GOALS = ROOT / "corpora" / "seed" / "department_goals.jsonl"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    report = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    rows, problems = review_scores.load(argv[1] if len(argv) > 1 else ROOT / "corpora" / "review" / "review_scores.jsonl")
    depts = [f for f in report["forms"] if f.get("form_type") == "department"]
    goal_len = {}
    for line in GOALS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        goal_len[rec["id"]] = len((rec.get("annual_goal") or "").strip())
    by_key: dict[str, list[dict]] = {}
    for f in depts:
        by_key.setdefault(unit_key(f.get("unit") or ""), []).append(f)
    counts = Counter(unit_key(r.unit) for r in rows)
    pairs = []
    for r in rows:
        key = unit_key(r.unit)
        if counts[key] > 1 or key not in by_key:
            problems.append(f"row {r.row_no} {r.unit}: " + ("another row names the same unit" if counts[key] > 1
                                                            else "no department form in the report"))
            continue
        pairs.append((r, min(by_key[key], key=lambda f: f["score"])))
    for p in problems:
        print("note:", p)
    total = [sum(r.sections.values()) for r, _ in pairs]
    goal = [r.sections["绩效目标"] for r, _ in pairs]
    ours_total = [f["score"] for _, f in pairs]
    ours_goal = [f["sections"]["绩效目标"]["score"] or 0 for _, f in pairs]
    length = [goal_len.get(f["form_id"], 0) for _, f in pairs]
    print(f"{len(pairs)} units matched")
    print(f"ρ 绩效目标: {spearmanr(ours_goal, goal).statistic:.3f}   (goal-length baseline {spearmanr(length, goal).statistic:.3f})")
    print(f"ρ total:    {spearmanr(ours_total, total).statistic:.3f}   (goal-length baseline {spearmanr(length, total).statistic:.3f})")
    grades = Counter(f["grade"] for f in depts)
    share = {g: grades.get(g, 0) / len(depts) for g in EXPERT_GRADES}
    tv = 0.5 * sum(abs(share[g] - EXPERT_GRADES[g]) for g in EXPERT_GRADES)
    print("grades of all", len(depts), "department forms:", " ".join(f"{g} {v:.0%}" for g, v in share.items()),
          f"(experts {' '.join(f'{g} {v:.0%}' for g, v in EXPERT_GRADES.items())}); TV {tv:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
