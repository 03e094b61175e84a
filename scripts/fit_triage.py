"""Fit the triage estimate of department goal tables to the experts' annex 1 scores, and measure it.

    .venv/bin/python scripts/fit_triage.py            # measure (grouped CV), then write the weights
    .venv/bin/python scripts/fit_triage.py --check    # measure only

Lints corpora/seed (all tables together, as `jxlint triage corpora/seed` does), takes each department
form's shortfalls (linter/triage_model.py) and, per review section, fits the points the experts took
as a non-negative linear function of the shortfalls that section may see (rulesets/triage.yaml
`estimate.evidence`; Ridge with weights ≥ 0, its strength chosen by an inner grouped CV). Agreement
is measured out of fold: 5-fold GroupKFold by unit key, so no unit is ever scored with weights
fitted on it, and the held-out units are scored by the served code (triage_model.estimate).
Writes linter/models/triage_weights.json (fitted on all matched units) and triage_weights_metrics.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.linear_model import Ridge
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter import config as cfg  # noqa: E402
from linter import review_scores, triage_model  # noqa: E402
from linter.engine import lint_paths  # noqa: E402
from linter.triage import Rubric, findings_by_form  # noqa: E402
from linter.units import unit_key  # noqa: E402

SEED = ROOT / "corpora" / "seed"
SCORES = ROOT / "corpora" / "review" / "review_scores.jsonl"
MODELS = ROOT / "linter" / "models"
FOLDS = 5
ALPHAS = (0.3, 1.0, 3.0, 10.0, 30.0)
INTERVAL_Z = 1.28  # ±1.28 sd of the residuals: an 80 % interval if they were normal
MAX_SPREAD = 4.0
EXPERT_GRADES = {"优秀": 0.01, "良好": 0.37, "合格": 0.60, "不合格": 0.02}  # the review report, all 184 units


def seed_features() -> tuple[list, dict[int, dict[str, float]]]:
    settings = cfg.load_config(SEED / "jxlint.toml")
    report = lint_paths([str(SEED)], settings)
    per_form, _ = findings_by_form(report.forms, report.diagnostics)
    return report.forms, triage_model.department_features(report.forms, per_form)


def fit_section(X: np.ndarray, lost: np.ndarray, groups: list[str]) -> Ridge | None:
    """Ridge with weights ≥ 0, its strength chosen by an inner GroupKFold on these rows only;
    None when no strength ranks the inner folds at all (the section is then the experts' mean)."""
    def inner_rho(alpha: float) -> float:
        pred = np.zeros(len(lost))
        for tr, te in GroupKFold(n_splits=FOLDS).split(X, groups=groups):
            pred[te] = Ridge(alpha=alpha, positive=True).fit(X[tr], lost[tr]).predict(X[te])
        return -1.0 if np.ptp(pred) < 1e-9 else float(spearmanr(pred, lost).statistic)
    scores = [inner_rho(a) for a in ALPHAS]
    if not X.any() or max(scores) <= 0:
        return None
    return Ridge(alpha=ALPHAS[int(np.argmax(scores))], positive=True).fit(X, lost)


def fit(X: np.ndarray, expert: np.ndarray, groups: list[str], names: list[str], mask: np.ndarray,
        sections: list) -> dict:
    """The served weights file's `sections`, fitted on these rows only."""
    out = {}
    for j, s in enumerate(sections):
        model = fit_section(X * mask[j], s.points - expert[:, j], groups)
        mean, sd = float(expert[:, j].mean()), float(expert[:, j].std())
        sec = {"points": s.points, "start": round(mean, 4), "weights": {}, "interval": round(INTERVAL_Z * sd, 2),
               "spread": 1.0}
        if model is not None:
            weights = {n: float(w) for n, w in zip(names, model.coef_) if w > 1e-4}
            est = _section_scores({s.name: {**sec, "start": s.points - float(model.intercept_), "weights": weights}},
                                  X, names, s.name)
            # a least-squares estimate spreads less than the scores it estimates; stretch it to the
            # experts' spread of this section (no ranking changes; an average unit keeps the mean)
            k = min(MAX_SPREAD, sd / est.std()) if est.std() > 0 else 1.0
            weights = {n: round(w * k, 4) for n, w in weights.items()}
            avg = sum(w * X[:, names.index(n)].mean() for n, w in weights.items())
            sec.update(start=round(min(s.points, mean + avg), 4), weights=weights, spread=round(k, 3))
            est = _section_scores({s.name: sec}, X, names, s.name)
            sec["interval"] = round(INTERVAL_Z * float(np.std(est - expert[:, j])), 2)
        out[s.name] = sec
    return {"sections": out}


def _section_scores(secs: dict, X: np.ndarray, names: list[str], name: str) -> np.ndarray:
    w = {"sections": {name: secs[name]}}
    return np.array([triage_model.estimate(dict(zip(names, row)), weights=w)[name].score for row in X])


def _totals(secs: dict, X: np.ndarray, names: list[str]) -> np.ndarray:
    return sum(_section_scores(secs, X, names, n) for n in secs)


def grades(scores: np.ndarray, rubric: Rubric) -> dict[str, float]:
    c = Counter(rubric.grade(round(float(s), 2)) for s in scores)
    return {g: round(c.get(g, 0) / len(scores), 3) for g in rubric.grade_names}


def tv(a: dict[str, float], b: dict[str, float]) -> float:
    return round(0.5 * sum(abs(a[g] - b[g]) for g in a), 3)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="measure only; do not write the weights")
    args = ap.parse_args()
    rubric = Rubric.load()
    rows, problems = review_scores.load(SCORES)
    forms, feats = seed_features()
    matches, more = review_scores.match(rows, forms)
    notes = [p.replace(f"{ROOT}/", "") for p in problems + more]  # paths in the repository, not on this machine
    for p in notes:
        print("note:", p)
    matches = [m for m in matches if m.form_index in feats]
    names = sorted({k for f in feats.values() for k in f})
    X = np.array([[feats[m.form_index].get(n, 0.0) for n in names] for m in matches])
    groups = [unit_key(m.score.unit) for m in matches]
    sections = list(rubric.sections)
    evidence = triage_model.evidence()
    mask = np.array([[1.0 if n in evidence.get(s.name, ()) else 0.0 for n in names] for s in sections])
    expert = np.array([[m.score.sections[s.name] for s in sections] for m in matches])

    oof, low, high = (np.zeros_like(expert) for _ in range(3))
    for train, test in GroupKFold(n_splits=FOLDS).split(X, groups=groups):
        w = fit(X[train], expert[train], [groups[i] for i in train], names, mask, sections)
        for i in test:
            est = triage_model.estimate(dict(zip(names, X[i])), weights=w)
            oof[i] = [est[s.name].score for s in sections]
            low[i] = [est[s.name].low for s in sections]
            high[i] = [est[s.name].high for s in sections]
    metrics = report(oof, low, high, expert, mask, sections, forms, matches, rubric)
    final = fit(X, expert, groups, names, mask, sections)
    served = _totals(final["sections"], np.array([[f.get(n, 0.0) for n in names] for f in feats.values()]), names)
    metrics["grades"]["served_all_department_forms"] = grades(served, rubric)
    metrics["grades_tv"]["served_all_department_forms"] = tv(metrics["grades"]["served_all_department_forms"],
                                                            EXPERT_GRADES)
    print("served on all", len(served), "department forms:", metrics["grades"]["served_all_department_forms"],
          "TV", metrics["grades_tv"]["served_all_department_forms"])
    metrics["notes"] = notes
    if not args.check:
        (MODELS / "triage_weights.json").write_text(json.dumps(
            {"version": 1, "fitted_on": f"{len(matches)} units of corpora/review/review_scores.jsonl",
             "features": names, **final}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (MODELS / "triage_weights_metrics.json").write_text(
            json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


def report(oof, low, high, expert, mask, sections, forms, matches, rubric) -> dict:
    length = np.array([len((forms[m.form_index].annual_goal or "").strip()) for m in matches])
    metrics: dict = {"units": len(matches), "folds": FOLDS, "sections": {}}
    print(f"\n{len(matches)} units, {FOLDS}-fold GroupKFold by unit, out of fold:")
    print(f"{'section':10} {'rho':>6} {'length rho':>11} {'80% interval covers':>20}")
    for j, s in enumerate(sections):
        seen = bool(mask[j].any())
        rho = _r(spearmanr(oof[:, j], expert[:, j]).statistic) if seen else None
        covers = _r(np.mean((low[:, j] <= expert[:, j]) & (expert[:, j] <= high[:, j])))
        metrics["sections"][s.name] = {"rho": rho, "length_rho": _r(spearmanr(length, expert[:, j]).statistic),
                                       "interval_covers": covers, "estimated_from": "shortfalls" if seen else "mean"}
        print(f"{s.name:10} {rho if seen else '—':>6} {metrics['sections'][s.name]['length_rho']:>11} {covers:>20}")
    total = expert.sum(1)
    metrics["total"] = {"rho": _r(spearmanr(oof.sum(1), total).statistic),
                        "length_rho": _r(spearmanr(length, total).statistic)}
    print(f"{'total':10} {metrics['total']['rho']:>6} {metrics['total']['length_rho']:>11}")
    metrics["grades"] = {"experts": EXPERT_GRADES, "annex_rows": grades(total, rubric), "out_of_fold": grades(oof.sum(1), rubric)}
    metrics["grades_tv"] = {k: tv(v, EXPERT_GRADES) for k, v in metrics["grades"].items()}
    for k, v in metrics["grades"].items():
        print(f"grades {k:12}", v, "TV", metrics["grades_tv"][k])
    return metrics


def _r(x: float) -> float:
    return round(float(x), 3)


if __name__ == "__main__":
    sys.exit(main())
