"""The review's section scores estimated from what a department goal table shows.

The seed's department forms are goal tables: the reviewers' sections on indicators, funds,
timeliness and quality cannot be read off them. `scripts/fit_triage.py` fitted, per section, how
many points the experts took for each visible shortfall (a short goal, no numbers, the unit's
projects not named, a rule's finding…); linter/models/triage_weights.json holds the weights,
linter/models/triage_weights.md how they were measured. Every feature is a shortfall ≥ 0 with a
weight ≥ 0, so each estimate is "start − Σ weight × shortfall" and every point lost has a reason.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from linter.diagnostics import Diagnostic
from linter.model import Form
from linter.nlp.elements import concrete_elements
from linter.nlp.normalize import comparable
from linter.nlp.pipeline import clauses
from linter.rulesets import load_ruleset

MODEL_FILE = "triage_weights.json"
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


class ModelError(Exception):
    """The fitted-weights file is missing or does not fit this version; the CLI exits 2."""


@dataclass(frozen=True)
class Loss:
    """Points one shortfall costs in one section, with the reason a reviewer reads."""

    feature: str
    points: float
    reason: str
    code: str  # the code column of the reason (estimate_code), in the reader's language


def estimate_code(lang: str) -> str:
    return "estimate" if lang == "en" else "估计"


@dataclass(frozen=True)
class Estimate:
    section: str
    points: float
    score: float
    low: float
    high: float
    start: float  # the score of a form with no visible shortfall
    losses: tuple[Loss, ...]


def _text_features(goal: str, refs: dict[str, float]) -> dict[str, float]:
    text = goal or ""
    length = len(re.sub(r"\s", "", text))
    parts = clauses(text)
    numbers = len(re.findall(r"\d+(?:\.\d+)?", text))
    elements = len(concrete_elements(text)) if text.strip() else 0
    return {
        "short_goal": _shortfall(math.log1p(length), math.log1p(refs["length"])),
        "few_clauses": _shortfall(len(parts), refs["clauses"]),
        "few_numbers": _shortfall(numbers, refs["numbers"]),
        "few_elements": _shortfall(elements, refs["elements"]),
    }


def _shortfall(value: float, reference: float) -> float:
    """0 at or above the reference, 1 at nothing."""
    return max(0.0, 1.0 - value / reference) if reference > 0 else 0.0


def _named_share(goal: str, projects: Sequence[Form]) -> float:
    """The share of the unit's project forms whose name (its main words) the department goal mentions."""
    named = [p for p in projects if p.project]
    if not named:
        return 1.0
    text = comparable(goal or "")
    hits = 0
    for p in named:
        words = [w for w in _HAN_RUN.findall(comparable(p.project)) if len(w) >= 2]
        # a project is named when a two-character piece of each word of its name appears
        if words and all(any(w[i:i + 2] in text for i in range(len(w) - 1)) for w in words):
            hits += 1
    return hits / len(named)


def unit_features(dept: Form, dept_findings: Sequence[Diagnostic],
                  projects: Sequence[tuple[Form, Sequence[Diagnostic]]]) -> dict[str, float]:
    """Shortfalls (each ≥ 0) of one unit's department form, its findings and its project forms."""
    table = _feature_table()
    goal = dept.annual_goal or dept.long_term_goal or ""
    out = _text_features(goal, table["refs"])
    out["tasks_unnamed"] = 1.0 - _named_share(goal, [p for p, _ in projects])
    codes = {d.code for d in dept_findings if d.severity != "info"}
    for code in table["finding_codes"]:
        out[f"finding:{code}"] = 1.0 if code in codes else 0.0
    refs = table["refs"]
    serious = [sum(1 for d in ds if d.severity != "info") for _, ds in projects]
    out["project_findings"] = min(1.0, sum(serious) / len(serious) / refs["project_findings"]) if serious else 0.0
    # more and bigger projects leave more to manage: the experts took more points for funds there
    out["many_projects"] = min(1.0, math.log1p(len(projects)) / math.log1p(refs["projects"]))
    wan = sum(p.funds.total or 0.0 for p, _ in projects if p.funds is not None)
    out["large_funds"] = min(1.0, math.log1p(max(0.0, wan)) / math.log1p(refs["funds_wan"]))
    lengths = [len((p.long_term_goal or "") + (p.annual_goal or "")) for p, _ in projects]
    out["short_project_goals"] = (_shortfall(math.log1p(sum(lengths) / len(lengths)), math.log1p(refs["project_goal_length"]))
                                  if lengths else 0.0)
    out["no_projects"] = 0.0 if projects else 1.0
    return out


@cache
def _feature_table() -> dict[str, Any]:
    return load_ruleset("triage")["estimate"]


def evidence() -> dict[str, list[str]]:
    """Section name → the shortfalls that may cost points there (rulesets/triage.yaml)."""
    return _feature_table().get("evidence") or {}


@cache
def model() -> dict[str, Any]:
    import linter.models

    try:
        data = json.loads((Path(linter.models.__file__).parent / MODEL_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{MODEL_FILE}: cannot read the fitted triage weights: {exc}") from None
    if data.get("version") != 1 or "sections" not in data:
        raise ModelError(f"{MODEL_FILE}: not a version-1 weights file; rerun scripts/fit_triage.py")
    return data


def estimate(features: dict[str, float], lang: str = "zh", weights: dict[str, Any] | None = None) -> dict[str, Estimate]:
    """Each section's estimated score, interval and the shortfalls that cost points (costliest first)."""
    data = weights or model()
    texts = _feature_table()["reasons"]
    out = {}
    for name, sec in data["sections"].items():
        wanted = sorted(((w * features.get(f, 0.0), f) for f, w in sec["weights"].items()), reverse=True)
        left = sec["start"]  # a section never goes below 0: the last shortfalls take what is left
        losses = []
        for lost, feature in wanted:
            taken = min(lost, left)
            if taken > 0.005:
                losses.append(Loss(feature, taken, _reason(texts, feature, lang), estimate_code(lang)))
                left -= taken
        score = min(sec["points"], max(0.0, left))
        half = sec["interval"]
        out[name] = Estimate(name, sec["points"], score, max(0.0, score - half), min(sec["points"], score + half),
                             sec["start"], tuple(losses))
    return out


def reason(feature: str, lang: str = "zh") -> str:
    """What a shortfall means, in the reader's language (rulesets/triage.yaml `estimate.reasons`)."""
    return _reason(_feature_table()["reasons"], feature, lang)


def _reason(texts: dict[str, Any], feature: str, lang: str) -> str:
    entry = texts.get(feature) or texts.get(feature.split(":")[0] + ":*") or {}
    text = entry.get(lang) or entry.get("zh") or feature
    return text.replace("{code}", feature.partition(":")[2])


def department_features(forms: Sequence[Form], findings: Sequence[Sequence[Diagnostic]]) -> dict[int, dict[str, float]]:
    """Shortfalls of every department goal table (index → features); whole forms are scored by the rubric."""
    from linter.units import unit_key

    projects: dict[str, list[int]] = {}
    for i, f in enumerate(forms):
        if f.form_type == "project" and unit_key(f.unit):
            projects.setdefault(unit_key(f.unit), []).append(i)
    out = {}
    for i, f in enumerate(forms):
        if f.form_type == "department" and not f.complete:
            mine = projects.get(unit_key(f.unit), []) if unit_key(f.unit) else []
            out[i] = unit_features(f, findings[i], [(forms[j], findings[j]) for j in mine])
    return out
