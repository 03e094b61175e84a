"""The experts' annex 1 scores (one line per unit) and the department form each one belongs to.

Used to fit and to measure triage (scripts/fit_triage.py). Nothing is merged or dropped
silently: every row that cannot be used is returned as a problem naming its file and row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from linter.model import Form
from linter.units import unit_key

# annex 1 keys → the rubric's section names (rulesets/triage.yaml)
SECTIONS = {
    "basic_info": "基本信息", "goal": "绩效目标", "indicators": "绩效评价指标", "indicator_values": "指标标准值",
    "fund_management": "项目资金管理", "timeliness": "上报时效性", "completeness": "上报完整性", "quality": "上报质量",
}


@dataclass(frozen=True)
class ExpertScore:
    row_no: int
    unit: str
    sections: dict[str, float]  # by rubric section name
    total: float


@dataclass(frozen=True)
class Match:
    score: ExpertScore
    form_index: int


def load(path: str | Path) -> tuple[list[ExpertScore], list[str]]:
    """The usable rows, and one message per row that is not (missing sections, bad numbers, bad JSON)."""
    rows, problems = [], []
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path}:{line_no}"
            try:
                raw = json.loads(line)
                scores = raw["scores"]
                missing = [k for k in SECTIONS if not isinstance(scores.get(k), (int, float))]
                if missing:
                    problems.append(f"{where}: {raw.get('unit')!r}: section(s) missing or not a number: {', '.join(missing)}")
                    continue
                row = ExpertScore(int(raw["row_no"]), str(raw["unit"]),
                                  {SECTIONS[k]: float(scores[k]) for k in SECTIONS}, float(raw["total"]))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"{where}: not a score row ({type(exc).__name__}: {exc})")
                continue
            if abs(sum(row.sections.values()) - row.total) > 0.01:
                # kept: the sections are what was scored; the stated total is reported, not trusted
                problems.append(f"{where}: {row.unit}: sections add up to {sum(row.sections.values()):g}, "
                                f"the row says total {row.total:g} (the sections' sum is used)")
            rows.append(row)
    return rows, problems


def match(rows: list[ExpertScore], forms: list[Form]) -> tuple[list[Match], list[str]]:
    """Each expert row's department form (by unit key); rows with none, or with a twin, are reported."""
    depts: dict[str, list[int]] = defaultdict(list)
    problems = []
    for i, f in enumerate(forms):
        if f.form_type != "department":
            continue
        if not unit_key(f.unit):
            problems.append(f"{f.path}: {f.form_id}: department form without a unit name")
            continue
        depts[unit_key(f.unit)].append(i)
    by_key: dict[str, list[ExpertScore]] = defaultdict(list)
    for r in rows:
        by_key[unit_key(r.unit)].append(r)
    out = []
    for key, same in by_key.items():
        if len(same) > 1:
            names = "、".join(f"{r.unit} (row {r.row_no})" for r in same)
            problems.append(f"rows {names} name the same unit ({key}): neither is used")
            continue
        r = same[0]
        found = depts.get(key, [])
        if not found:
            problems.append(f"row {r.row_no} {r.unit}: no department form of this unit")
            continue
        if len(found) > 1:
            ids = ", ".join(forms[i].form_id for i in found)
            problems.append(f"row {r.row_no} {r.unit}: {len(found)} department forms ({ids}); the first is used")
        out.append(Match(r, found[0]))
    return out, problems
