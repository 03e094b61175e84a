"""The goal checks as served against hand labels: the city check on published forms, and G002 on the seed pairs.

    python scripts/eval_goals.py --split dev|test|fresh|all  # published forms (other cities than the seed)
    python scripts/eval_goals.py --seed-pairs               # G002 on corpora/labels/pairs_labels.jsonl, held-out half

Published forms: corpora/public_forms*.jsonl, in the splits of scripts/published_split.py (dev and test by
source page; the third harvest is fresh), labels from corpora/labels/public_forms_labels.jsonl. Every form is linted by the
engine exactly as `jxlint check` does (rules G001, G002, G003 only; the goals are handed over as goal tables, so a
form whose indicator rows a reader rejects is still scored); a goal is "vague" when G001 or G003 is reported
on its field, and G002 is scored against `no_annual_content`. It imports only the engine and the readers, so it
also measures older commits (PYTHONPATH=<their checkout>).

Seed pairs: project forms of corpora/seed/project_goals.jsonl, split into halves by unit (sha1 of the unit name,
so no unit is in both): `--seed-pairs` reports G002 against `no_annual_content` on each half; the threshold in
rulesets/thresholds.yaml (G002.restated_share) is chosen on the CALIBRATION half only (`--choose` prints the F1 of
each candidate there), and the HELD-OUT half is the figure to quote.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the scripts' shared split
from published_split import SPLITS, form_splits, in_split, published_records  # noqa: E402
PUBLIC_LABELS = ROOT / "corpora" / "labels" / "public_forms_labels.jsonl"
SEED = ROOT / "corpora" / "seed" / "project_goals.jsonl"
PAIR_LABELS = ROOT / "corpora" / "labels" / "pairs_labels.jsonl"
CITY_TEST = ROOT / "linter" / "models" / "goal_city_test.json"
FIELDS = {"long_term_goal": "long_label", "annual_goal": "annual_label"}


def lint(paths: list[Path]) -> tuple[list, dict[str, set[tuple[str, str]]]]:
    """(forms, form id → {(code, field)}) for G001/G002/G003 as the engine reports them."""
    from linter.config import Settings
    from linter.engine import lint_forms
    from linter.readers import read_input

    forms = [f for p in paths for f in read_input(str(p), 2 ** 30).forms]
    settings = Settings(select=("G001", "G002", "G003"))
    found: dict[str, set[tuple[str, str]]] = {f.form_id: set() for f in forms}
    for d in lint_forms(forms, settings)[0]:
        found[d.form_id].add((d.code, d.field))
    return forms, found


def scores(pairs: list[tuple[bool, bool]]) -> dict[str, float]:
    """Precision, recall, F1, specificity and Cohen's κ of (label, predicted) pairs."""
    tp = sum(y and p for y, p in pairs)
    fp = sum(p and not y for y, p in pairs)
    fn = sum(y and not p for y, p in pairs)
    tn = len(pairs) - tp - fp - fn
    n = len(pairs) or 1
    p, r = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
    agree = (tp + tn) / n
    chance = ((tp + fp) * (tp + fn) + (tn + fn) * (tn + fp)) / (n * n)
    return {"n": len(pairs), "positives": tp + fn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / ((p + r) or 1), 3),
            "specificity": round(tn / ((tn + fp) or 1), 3),
            "kappa": round((agree - chance) / (1 - chance), 3) if chance < 1 else 0.0}


def is_department(record: dict) -> bool:
    """A 部门(单位)整体 form, judged as the reader judges it (from the printed title in `form_type`)."""
    from linter.readers.records import infer_type

    return infer_type({key: (key, value) for key, value in record.items()}) == "department"


def goal_tables(records: list[dict], folder: Path) -> list[Path]:
    """The records' goals as goal tables (the layout of corpora/seed/), so that forms whose indicator rows a
    reader rejects still have their goals checked: only goals are scored here."""
    project = [{"id": r["id"], "unit": r.get("unit") or "", "project": r.get("project") or "",
                "long_term_goal": r.get("long_term_goal") or "", "annual_goal": r.get("annual_goal") or ""}
               for r in records if not is_department(r)]
    department = [{"id": r["id"], "unit": r.get("unit") or "", "annual_goal": r.get("annual_goal") or ""}
                  for r in records if is_department(r)]
    paths = []
    for name, rows in (("project_goals.jsonl", project), ("department_goals.jsonl", department)):
        if rows:
            paths.append(folder / name)
            paths[-1].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return paths


def city_check(split: str) -> dict:
    labels = {r["form"]: r for r in map(json.loads, PUBLIC_LABELS.read_text(encoding="utf-8").splitlines())}
    splits = form_splits()
    chosen = [r for _, r in published_records() if r["id"] in labels and in_split(split, r["id"], splits)]
    with tempfile.TemporaryDirectory() as folder:
        _, found = lint(goal_tables(chosen, Path(folder)))
    vague, same = [], []
    for record in chosen:
        label = labels[record["id"]]
        for field, key in FIELDS.items():
            if label.get(key) in ("vague", "concrete") and (record.get(field) or "").strip():
                flagged = bool({("G001", field), ("G003", field)} & found[record["id"]])
                vague.append((label[key] == "vague", flagged))
        if not is_department(record) and (record.get("long_term_goal") or "").strip() \
                and (record.get("annual_goal") or "").strip():
            same.append((bool(label["no_annual_content"]), ("G002", "annual_goal") in found[record["id"]]))
    return {"split": split, "forms": len(chosen), "vague_goal_G001_or_G003": scores(vague),
            "G002_vs_no_annual_content": scores(same)}


def unit_half(unit: str) -> str:
    return "held-out" if int(hashlib.sha1((unit or "").encode()).hexdigest(), 16) % 2 else "calibration"


def seed_pairs() -> dict:
    labels = {r["id"]: r for r in map(json.loads, PAIR_LABELS.read_text(encoding="utf-8").splitlines())}
    forms, found = lint([SEED])
    halves: dict[str, list[tuple[bool, bool]]] = {"calibration": [], "held-out": []}
    for form in forms:
        if form.form_id in labels:
            predicted = ("G002", "annual_goal") in found[form.form_id]
            halves[unit_half(form.unit)].append((bool(labels[form.form_id]["no_annual_content"]), predicted))
    return {half: scores(pairs) for half, pairs in halves.items()}


def choose() -> dict:
    """F1 of each candidate restated_share on the calibration half (the held-out half is not looked at)."""
    from linter.analysis.goal_pairs import restatement
    from linter.analysis.goals import is_placeholder
    from linter.rulesets import load_ruleset

    labels = {r["id"]: r for r in map(json.loads, PAIR_LABELS.read_text(encoding="utf-8").splitlines())}
    rows = [json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["id"] in labels and unit_half(r["unit"]) == "calibration"]
    limits = load_ruleset("thresholds")["G002"]
    out = {}
    for candidate in [x / 20 for x in range(6, 17)]:
        limits["restated_share"] = candidate  # the cached ruleset dict: restatement() reads it
        pairs = []
        for r in rows:
            long_term, annual = r.get("long_term_goal") or "", r.get("annual_goal") or ""
            hit = not (is_placeholder(long_term) or is_placeholder(annual)) and restatement(long_term, annual) is not None
            pairs.append((bool(labels[r["id"]]["no_annual_content"]), hit))
        out[candidate] = scores(pairs)["f1"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS)
    parser.add_argument("--seed-pairs", action="store_true")
    parser.add_argument("--choose", action="store_true")
    parser.add_argument("--write", metavar="KEY", help="store the city check under KEY in linter/models/goal_city_test.json "
                                                      "(the model card quotes before_1574a77 and final)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    result = {}
    if args.split:
        result["city_check"] = city_check(args.split)
        if args.write:
            stored = json.loads(CITY_TEST.read_text(encoding="utf-8")) if CITY_TEST.exists() else {}
            stored[args.write] = result["city_check"]
            CITY_TEST.write_text(json.dumps(stored, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.seed_pairs:
        result["seed_pairs_G002"] = seed_pairs()
    if args.choose:
        result["restated_share_f1_on_calibration_half"] = choose()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
