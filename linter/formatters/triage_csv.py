"""Triage as CSV: a header, then one row per input, worst first; a column per rubric section."""

from __future__ import annotations

import csv
import io

from linter.triage import FormScore, Rubric, number, reasons_text
from linter.triage_units import UnitScore

COLUMNS = ["rank", "form_id", "path", "unit", "project", "form_type", "score", "grade",
           "errors", "warnings", "infos"]


def render(scores: list[FormScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS + [s.name for s in rubric.sections] + ["unscored", "reasons"])
    for s in scores:
        counts = s.counts
        writer.writerow(map(_cell,
            [s.rank, s.form_id or "", s.path, s.unit or "", s.project or "", s.form_type or "", number(s.score),
             s.grade, counts["error"], counts["warning"], counts["info"]]
            + ["" if s.unreadable or not sec.counted else number(sec.score) for sec in s.sections]
            + ["; ".join(s.unscored) if not s.unreadable else "", reasons_text(s.reasons(top))]))
    return out.getvalue()


def _cell(value: object) -> object:
    """A text cell Excel would run as a formula (=, +, -, @, tab, CR first) gets a leading ' (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


UNIT_COLUMNS = ["rank", "unit", "key", "score", "grade", "department_form", "forms", "problems", "worst_forms"]


def render_units(units: list[UnitScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    """One row per unit; `worst_forms` lists its forms worst first as `id score grade`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(UNIT_COLUMNS)
    for u in units:
        worst = "; ".join(f"{f.form_id or f.path} {number(f.score)} {f.grade}" for f in u.forms)
        writer.writerow(map(_cell, [u.rank, u.unit, u.key, number(u.score), u.grade,
                                    u.department.form_id if u.department else "", len(u.forms),
                                    "; ".join(u.problems), worst]))
    return out.getvalue()
