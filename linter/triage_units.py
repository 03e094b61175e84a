"""Triage per budget unit, as the reviewers worked: a unit's department form, its project forms
and their side tables together, units ranked by their department form's score, worst first.

Nothing is merged or dropped silently: a form without a unit name is a unit of its own, and a
unit without a department form, or with two, or whose forms carry two different department
names under one short name, says so in `problems`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from linter.triage import FormScore, Rubric, number
from linter.units import unit_key

PROBLEMS = {
    "no_department": {"zh": "没有部门整体支出表：按最差的项目表排序", "en": "no department form: ranked by its worst project form"},
    "departments": {"zh": "{n} 份部门整体支出表（{ids}）：按得分最低的一份排序",
                    "en": "{n} department forms ({ids}): ranked by the lowest"},
    "names": {"zh": "不同单位名称对应同一简称：{names}", "en": "different unit names with one short name: {names}"},
    "no_unit": {"zh": "表单未填单位名称，单独列出", "en": "the form names no unit; listed on its own"},
    "unreadable": {"zh": "无法读取的输入，单独列出", "en": "an input that could not be read; listed on its own"},
}


@dataclass
class UnitScore:
    key: str
    unit: str
    score: float
    grade: str
    department: FormScore | None
    forms: list[FormScore]  # worst first
    problems: list[str] = field(default_factory=list)
    rank: int = 0

    def to_json(self, top_reasons: int) -> dict[str, Any]:
        return {"rank": self.rank, "unit": self.unit, "key": self.key, "score": number(self.score), "grade": self.grade,
                "department_form": self.department.form_id if self.department else None,
                "problems": self.problems, "forms": [f.to_json(top_reasons) for f in self.forms]}


def by_unit(scores: list[FormScore], rubric: Rubric, lang: str = "zh") -> list[UnitScore]:
    """Every form in exactly one unit; units ranked worst first (ties by key)."""
    groups: dict[str, list[FormScore]] = {}
    alone: list[tuple[str, FormScore]] = []
    for s in scores:
        key = "" if s.unreadable else unit_key(s.unit or "")
        if key:
            groups.setdefault(key, []).append(s)
        else:
            alone.append(("unreadable" if s.unreadable else "no_unit", s))
    units = [_unit(key, forms, rubric, lang) for key, forms in groups.items()]
    for why, s in alone:
        units.append(UnitScore("", s.unit or "", s.score, s.grade, None, [s], [_say(why, lang)]))
    units.sort(key=lambda u: (u.score, u.key, u.forms[0].rank))
    for rank, u in enumerate(units, 1):
        u.rank = rank
    return units


def _unit(key: str, forms: list[FormScore], rubric: Rubric, lang: str) -> UnitScore:
    forms = sorted(forms, key=lambda s: s.rank)  # the forms arrive ranked: keep worst first
    depts = [s for s in forms if s.form_type == "department"]
    problems = []
    if not depts:
        problems.append(_say("no_department", lang))
    elif len(depts) > 1:
        problems.append(_say("departments", lang, n=len(depts), ids="、".join(d.form_id or d.path for d in depts)))
    names = sorted({d.unit for d in depts if d.unit})
    if len(names) > 1:
        problems.append(_say("names", lang, names="、".join(names)))
    head = depts[0] if depts else forms[0]
    return UnitScore(key, head.unit or "", head.score, head.grade, depts[0] if depts else None, forms, problems)


def _say(what: str, lang: str, **values: Any) -> str:
    text = PROBLEMS[what]
    return (text.get(lang) or text["zh"]).format(**values)


def unit_summary(units: list[UnitScore], rubric: Rubric) -> dict[str, Any]:
    """Units per grade (of their department form, or worst form), and how many have a problem."""
    by = {g: 0 for g in rubric.grade_names}
    for u in units:
        by[u.grade] += 1
    return {"units": len(units), "forms": sum(len(u.forms) for u in units),
            "with_problems": sum(1 for u in units if u.problems), "by_grade": by}
