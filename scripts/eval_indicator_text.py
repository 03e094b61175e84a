"""Precision and recall of the checks that read indicator text (I007, I008, I012 per row; I013 per form).

    python scripts/eval_indicator_text.py [--split dev|test|fresh|all] [--show] [--json]

Lints corpora/public_forms.jsonl and public_forms_2.jsonl with the I rules and compares each
row's I007/I008/I012 diagnostics with the hand labels of corpora/labels/public_rows.jsonl (codes a
row's readers could not settle are not scored on that row), micro-averaged and per code. I013 is
scored per form against corpora/labels/public_forms_labels.jsonl: false alarms on forms whose
indicators follow their goal (label false), hits on forms labelled off-goal (true); forms with no
goal text (null) are not scored. Forms jxlint cannot read (an F002) count as found nothing; the
figure on the read forms alone is reported beside it. The split is the fixed one by source page: a
form is in the test split when int(sha1(source), 16) is odd. Tune on dev only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared split
from published_split import PUBLISHED, SPLITS, form_splits, in_split  # noqa: E402

from linter.config import Settings  # noqa: E402
from linter.engine import lint_paths  # noqa: E402

CORPORA = PUBLISHED
ROWS = ROOT / "corpora" / "labels" / "public_rows.jsonl"
FORMS = ROOT / "corpora" / "labels" / "public_forms_labels.jsonl"
ROW_CODES = ("I007", "I008", "I012")
_ROW = re.compile(r"^indicators\[(\d+)\]")


def predictions() -> tuple[dict[tuple[str, int], set[str]], set[str], set[str]]:
    """Row codes found per (form, row), the forms with an I013, and the forms jxlint could not read (F002)."""
    report = lint_paths([str(p) for p in CORPORA], Settings(select=ROW_CODES + ("I013", "F002")))
    rows: dict[tuple[str, int], set[str]] = {}
    off_goal, unread = set(), set()
    for d in report.diagnostics:
        if d.code == "F002":
            unread.add(d.form_id)
        m = _ROW.match(d.field or "")
        if d.code == "I013":
            off_goal.add(d.form_id)
        elif m and d.code in ROW_CODES:
            rows.setdefault((d.form_id, int(m.group(1))), set()).add(d.code)
    return rows, off_goal, unread


def _prf(c: Counter) -> dict[str, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": c["tp"], "fp": c["fp"], "fn": c["fn"], "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def score(split: str, show: bool) -> dict:
    splits = form_splits()
    found, off_goal, unread = predictions()
    def keep(form_id: str) -> bool:
        return in_split(split, form_id, splits)

    micro, micro_read, per_code, misses = Counter(), Counter(), {c: Counter() for c in ROW_CODES}, []
    for line in ROWS.read_text(encoding="utf-8").splitlines():
        lab = json.loads(line)
        if not keep(lab["form"]):
            continue
        for code in ROW_CODES:
            if code in lab.get("disputed", []):
                continue
            gold, pred = code in lab["codes"], code in found.get((lab["form"], lab["row"]), set())
            outcome = "tp" if gold and pred else "fp" if pred else "fn" if gold else None
            if outcome:
                micro[outcome] += 1
                if lab["form"] not in unread:
                    micro_read[outcome] += 1
                per_code[code][outcome] += 1
                if outcome != "tp":
                    misses.append(f"{outcome} {code} {lab['form']}[{lab['row']}] {lab['name']}")
    i013 = Counter()
    for line in FORMS.read_text(encoding="utf-8").splitlines():
        lab = json.loads(line)
        if not keep(lab["form"]) or lab["I013"] is None or "I013" in lab.get("disputed", []):
            continue
        fired = lab["form"] in off_goal
        i013["on_goal_forms" if not lab["I013"] else "off_goal_forms"] += 1
        i013["false_alarms" if not lab["I013"] and fired else "hits" if lab["I013"] and fired else "_"] += 1
        if fired != lab["I013"]:
            misses.append(f"{'fp' if fired else 'fn'} I013 {lab['form']}")
    i013.pop("_", None)
    out = {"split": split, "micro": _prf(micro), "per_code": {c: _prf(v) for c, v in per_code.items()},
           "unread_forms": sorted(f for f in unread if keep(f)), "micro_on_read_forms": _prf(micro_read),
           "I013": {k: i013[k] for k in ("on_goal_forms", "false_alarms", "off_goal_forms", "hits")}}
    if show:
        out["errors"] = sorted(misses)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", choices=SPLITS, default="dev")
    ap.add_argument("--show", action="store_true", help="list the rows and forms the checks get wrong")
    args = ap.parse_args()
    print(json.dumps(score(args.split, args.show), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
