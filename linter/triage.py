"""Reviewer triage: score each form 0–100 on the review's rubric, grade it, rank worst first.

The rubric (which findings cost which points) is data: rulesets/triage.yaml, or a bureau's own
copy given with `--rubric FILE`. This module only applies it to a Report's diagnostics; it knows
no rules beyond their codes and no output formats (linter/formatters/triage_*.py do).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields as dc_fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from linter.diagnostics import Diagnostic
from linter.model import Form
from linter.registry import SEVERITIES, SEVERITY_RANK
from linter.codes import all_rules
from linter.rulesets import RULESETS_DIR
from linter import triage_model
from linter.triage_model import Estimate, Loss

DEFAULT_RUBRIC = RULESETS_DIR / "triage.yaml"
TOTAL_POINTS = 100
ALL = "ALL"


class RubricError(Exception):
    """A triage table that cannot be used; the CLI exits 2 with this message."""


# ---------------------------------------------------------------------------------------------
# The rubric


@dataclass(frozen=True)
class Entry:
    """One line of a section: findings of these codes (on these fields) cost points here."""

    match: str
    fields: tuple[str, ...]
    deduct: dict[str, float] | None
    reason: str
    _patterns: tuple[re.Pattern[str], ...] = field(default=(), compare=False, repr=False)

    def matches(self, code: str, field_path: str) -> bool:
        if self.match != ALL and not code.startswith(self.match):
            return False
        return not self._patterns or any(p.fullmatch(field_path) for p in self._patterns)

    @property
    def specificity(self) -> tuple[int, int]:
        return (1 if self.fields else 0, 0 if self.match == ALL else len(self.match))


@dataclass(frozen=True)
class Section:
    name: str
    key: str
    points: float
    cap: float
    deduct: dict[str, float]
    reason: str
    entries: tuple[Entry, ...]
    visible: bool = True
    needs: tuple[str, ...] = ()

    def entry_for(self, code: str, field_path: str) -> Entry | None:
        """The most specific matching entry (fields first, then the longer code prefix)."""
        best = None
        for e in self.entries:
            if e.matches(code, field_path) and (best is None or e.specificity > best.specificity):
                best = e
        return best

    def cost(self, entry: Entry, severity: str) -> float:
        return (entry.deduct if entry.deduct is not None else self.deduct).get(severity, 0.0)


@dataclass(frozen=True)
class Rubric:
    sections: tuple[Section, ...]
    grades: tuple[tuple[str, float], ...]  # (grade, min score), highest first
    top_reasons: int
    unreadable_score: float
    unreadable_grade: str
    source: str
    _charges: dict[tuple[str, str], list[tuple[int, Entry]]] = field(default_factory=dict, compare=False, repr=False)

    def grade(self, score: float) -> str:
        for name, minimum in self.grades:
            if score >= minimum:
                return name
        return self.grades[-1][0]

    @property
    def grade_names(self) -> list[str]:
        return [g for g, _ in self.grades]

    def charges_for(self, code: str, field_path: str) -> list[tuple[int, Entry]]:
        """(section index, entry) of every section this finding is charged in."""
        key = (code, field_path)
        if key not in self._charges:
            self._charges[key] = [(i, e) for i, s in enumerate(self.sections)
                                  if (e := s.entry_for(code, field_path)) is not None]
        return self._charges[key]

    @staticmethod
    def load(path: str | Path | None = None) -> Rubric:
        return _load(str(path or DEFAULT_RUBRIC))


@cache
def _load(path: str) -> Rubric:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except OSError as exc:
        raise RubricError(f"{path}: cannot read the triage table: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise RubricError(f"{path}: malformed YAML: {str(exc).splitlines()[0]}") from None
    return _parse(data, path)


_TOP_KEYS = {"version", "grades", "top_reasons", "unreadable", "sections", "estimate"}
_SECTION_KEYS = {"name", "key", "points", "cap", "deduct", "reason", "rules", "visible", "needs"}
_ENTRY_KEYS = {"match", "fields", "deduct", "reason"}
_FULL_CODE = re.compile(r"[A-Z]\d{3}")
_FORM_PARTS = {f.name for f in dc_fields(Form)}


def _parse(data: Any, path: str) -> Rubric:
    check = _Checker(path)
    top = check.keys(data, _TOP_KEYS, "top level")
    if top.get("version", 1) != 1:
        raise check.fail("version", f"unsupported version {top.get('version')!r}")
    grades = _grades(check, top.get("grades"))
    top_reasons = top.get("top_reasons", 3)
    if not isinstance(top_reasons, int) or isinstance(top_reasons, bool) or top_reasons < 0:
        raise check.fail("top_reasons", "expected a whole number ≥ 0")
    unreadable = check.keys(top.get("unreadable", {}), {"score", "grade", "reason"}, "unreadable")
    unreadable_grade = str(unreadable.get("grade", grades[-1][0]))
    if unreadable_grade not in {g for g, _ in grades}:
        raise check.fail("unreadable.grade", f"{unreadable_grade!r} is not one of the grades")
    sections = _sections(check, top.get("sections"))
    return Rubric(
        sections=sections, grades=grades, top_reasons=top_reasons,
        unreadable_score=check.number(unreadable.get("score", 0), "unreadable.score"),
        unreadable_grade=unreadable_grade, source=path,
    )


class _Checker:
    """Checks of a triage table's parts; each failure names the file and the place in it."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, what: str) -> RubricError:
        return RubricError(f"{self.path}: {where}: {what}")

    def keys(self, obj: Any, allowed: set[str], where: str) -> dict[str, Any]:
        if not isinstance(obj, dict):
            raise self.fail(where, "expected a mapping")
        unknown = sorted(set(obj) - allowed)
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
        return obj

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise self.fail(where, f"expected a number ≥ 0, got {value!r}")
        return float(value)

    def deduct(self, value: Any, where: str) -> dict[str, float]:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return {s: self.number(value, where) for s in SEVERITIES}
        if not isinstance(value, dict):
            raise self.fail(where, "deduct is a number or a map of error/warning/info to points")
        bad = sorted(set(value) - set(SEVERITIES))
        if bad:
            raise self.fail(where, f"unknown severity {', '.join(map(str, bad))} (use error, warning, info)")
        return {s: self.number(value.get(s, 0), f"{where}.{s}") for s in SEVERITIES}


def _grades(check: _Checker, raw: Any) -> tuple[tuple[str, float], ...]:
    """(grade, min score), highest first, the last at 0."""
    if not isinstance(raw, list) or not raw:
        raise check.fail("grades", "expected a list of {grade, min}")
    grades = []
    for i, g in enumerate(raw):
        g = check.keys(g, {"grade", "min", "reason"}, f"grades[{i}]")
        if not g.get("grade"):
            raise check.fail(f"grades[{i}]", "grade name missing")
        grades.append((str(g["grade"]), check.number(g.get("min"), f"grades[{i}].min")))
    if [m for _, m in grades] != sorted((m for _, m in grades), reverse=True) or grades[-1][1] != 0:
        raise check.fail("grades", "list grades highest first, the last with min: 0")
    return tuple(grades)


def _sections(check: _Checker, raw: Any) -> tuple[Section, ...]:
    """The sections, with distinct names and points adding up to TOTAL_POINTS."""
    known_codes = {r.code for r in all_rules()}
    sections = []
    names: set[str] = set()
    if not isinstance(raw, list) or not raw:
        raise check.fail("sections", "expected a list of sections")
    for i, s in enumerate(raw):
        section = _section(check, s, f"sections[{i}]", names, known_codes)
        names.add(section.name)
        sections.append(section)
    total = sum(s.points for s in sections)
    if abs(total - TOTAL_POINTS) > 1e-9:
        raise check.fail("sections", f"points add up to {total:g}, not {TOTAL_POINTS}")
    return tuple(sections)


def _section(check: _Checker, raw: Any, where: str, taken: set[str], known_codes: set[str]) -> Section:
    s = check.keys(raw, _SECTION_KEYS, where)
    name = str(s.get("name") or "")
    if not name or name in taken:
        raise check.fail(where, f"section name missing or repeated: {name!r}")
    points = check.number(s.get("points"), f"{name}.points")
    cap = check.number(s.get("cap", points), f"{name}.cap")
    if cap > points:
        raise check.fail(f"{name}.cap", f"cap {cap:g} is above the section's {points:g} points")
    needs = tuple(s.get("needs") or ())
    if any(n not in _FORM_PARTS for n in needs):
        raise check.fail(f"{name}.needs", f"unknown form part(s) {[n for n in needs if n not in _FORM_PARTS]}")
    entries = tuple(_entry(check, e, f"{name}.rules[{j}]", known_codes) for j, e in enumerate(s.get("rules") or []))
    return Section(
        name=name, key=str(s.get("key") or name), points=points, cap=cap,
        deduct=check.deduct(s.get("deduct", 0), f"{name}.deduct"), reason=str(s.get("reason") or "").strip(),
        entries=entries, visible=bool(s.get("visible", True)), needs=needs,
    )


def _entry(check: _Checker, raw: Any, where: str, known_codes: set[str]) -> Entry:
    e = check.keys(raw, _ENTRY_KEYS, where)
    match = str(e.get("match") or "").upper()
    # a full code may name a rule this version does not have yet (rules.md's catalog)
    if match != ALL and not _FULL_CODE.fullmatch(match) and not any(c.startswith(match) for c in known_codes):
        raise check.fail(where, f"{e.get('match')!r} matches no rule code (use a code, a prefix or ALL)")
    if not str(e.get("reason") or "").strip():
        raise check.fail(where, "every entry needs a short reason")
    field_list = e.get("fields") or []
    if isinstance(field_list, str):
        field_list = [field_list]
    patterns = tuple(re.compile(".*".join(re.escape(part) for part in str(f).split("*"))) for f in field_list)
    return Entry(match, tuple(map(str, field_list)),
                 check.deduct(e["deduct"], f"{where}.deduct") if "deduct" in e else None,
                 str(e["reason"]).strip(), patterns)


# ---------------------------------------------------------------------------------------------
# Scores


@dataclass(frozen=True)
class Charge:
    """What one finding costs in one section: `nominal` by the table, `points` after the cap."""

    diagnostic: Diagnostic
    section: str
    nominal: float
    points: float
    reason: str


@dataclass(frozen=True)
class Reason:
    """A rule's findings on one form, with what they cost together."""

    code: str
    name: str
    severity: str
    points: float
    count: int
    field: str | None
    message: str
    sections: tuple[str, ...]
    estimate: bool = False  # a shortfall the fitted weights charge, not a rule's finding

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "severity": self.severity, "points": number(self.points),
                "count": self.count, "field": self.field, "message": self.message, "sections": list(self.sections),
                "estimate": self.estimate}


@dataclass(frozen=True)
class SectionScore:
    """One section's points; `estimated` from what the form shows (with an interval), or neither: 未评."""

    name: str
    points: float
    score: float
    assessed: bool
    estimated: bool = False
    low: float | None = None
    high: float | None = None

    @property
    def counted(self) -> bool:
        """A section neither judged nor estimated (未评) is left out of the score and its denominator."""
        return self.assessed or self.estimated

    def to_json(self) -> dict[str, Any]:
        out = {"points": number(self.points), "score": number(self.score) if self.counted else None,
               "assessed": self.assessed, "estimated": self.estimated}
        if self.estimated and self.low is not None and self.high is not None:
            out["interval"] = [number(self.low), number(self.high)]
        return out


@dataclass
class FormScore:
    form_id: str | None
    path: str
    unit: str | None
    project: str | None
    form_type: str | None
    score: float
    grade: str
    diagnostics: list[Diagnostic]
    charges: list[Charge]
    sections: list[SectionScore]
    unreadable: bool = False
    form: Form | None = None
    losses: list[tuple[str, Loss]] = field(default_factory=list)  # (section, loss) of an estimated section
    rank: int = 0
    order: int = 0  # position among the inputs, for a stable sort

    @property
    def counts(self) -> dict[str, int]:
        by = Counter(d.severity for d in self.diagnostics)
        return {s: by.get(s, 0) for s in SEVERITIES}

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def unassessed(self) -> list[str]:
        return [s.name for s in self.sections if not s.assessed]

    @property
    def unscored(self) -> list[str]:
        """Sections left out of the score (未评)."""
        return [s.name for s in self.sections if not s.counted]

    def points_of(self, d: Diagnostic) -> float:
        return sum(c.points for c in self.charges if c.diagnostic is d)

    def reasons(self, top: int | None = None) -> list[Reason]:
        """Costliest first, one per rule code (its findings summed); only findings that cost points."""
        by_code: dict[str, list[Diagnostic]] = defaultdict(list)
        for d in self.diagnostics:
            by_code[d.code].append(d)
        cost: Counter[str] = Counter()
        sections: dict[str, list[str]] = defaultdict(list)
        for c in self.charges:
            cost[c.diagnostic.code] += c.points
            if c.points > 0 and c.section not in sections[c.diagnostic.code]:
                sections[c.diagnostic.code].append(c.section)
        if self.unreadable:
            for d in self.diagnostics:
                cost[d.code] = TOTAL_POINTS - self.score
        out = []
        for code, ds in by_code.items():
            if cost[code] <= 0:
                continue
            first = ds[0]
            out.append(Reason(code, first.name, max((d.severity for d in ds), key=SEVERITY_RANK.__getitem__),
                              round(cost[code], 2), len(ds), first.field, first.message, tuple(sections[code])))
        out += _estimate_reasons(self.losses)
        out.sort(key=lambda r: (-r.points, -SEVERITY_RANK[r.severity], r.code))
        return out if top is None else out[:top]

    def to_json(self, top: int | None) -> dict[str, Any]:
        return {
            "rank": self.rank, "form_id": self.form_id, "path": self.path, "unit": self.unit,
            "project": self.project, "form_type": self.form_type, "score": number(self.score), "grade": self.grade,
            "unreadable": self.unreadable, "counts": self.counts, "unscored": self.unscored,
            "sections": {s.name: s.to_json() for s in self.sections},
            "reasons": [r.to_json() for r in self.reasons(top)],
        }


def _estimate_reasons(losses: list[tuple[str, Loss]]) -> list[Reason]:
    """One reason per shortfall of an estimated form, its points summed over the sections it costs in."""
    points: dict[str, float] = defaultdict(float)
    where: dict[str, list[str]] = defaultdict(list)
    texts: dict[str, str] = {}
    estimated: dict[str, str] = {}
    for section, loss in losses:
        points[loss.feature] += loss.points
        where[loss.feature].append(section)
        texts[loss.feature] = loss.reason
        estimated[loss.feature] = loss.code
    code = {f: f.partition(":")[2] or estimated[f] for f in points}  # a rule's finding keeps its code
    return [Reason(code[f], f, "info", round(p, 2), 1, None, texts[f], tuple(where[f]), True) for f, p in points.items()]


def number(x: float) -> int | float:
    """Whole points as int (90, not 90.0); otherwise rounded to two decimals."""
    x = round(x, 2)
    return int(x) if x == int(x) else x


def triage(forms: list[Form], diagnostics: list[Diagnostic], rubric: Rubric, lang: str = "zh") -> list[FormScore]:
    """Every input form and every unreadable input, scored, graded and ranked worst first.

    Department goal tables are estimated section by section (linter/triage_model.py); other forms
    are scored by the rubric, with sections no form shows estimated and sections this form lacks 未评.
    """
    per_form, orphans = findings_by_form(forms, diagnostics)
    features = triage_model.department_features(forms, per_form)
    unseen = triage_model.estimate({}, lang)  # shortfalls unknown: the experts' average and its interval
    scores = [_score_estimated(form, ds, rubric, triage_model.estimate(features[i], lang), lang) if i in features
              else _score_form(form, ds, rubric, unseen, lang)
              for i, (form, ds) in enumerate(zip(forms, per_form))]
    for i, s in enumerate(scores):
        s.order = i
    for j, d in enumerate(orphans):
        scores.append(FormScore(
            form_id=d.form_id, path=d.path, unit=None, project=None, form_type=None,
            score=rubric.unreadable_score, grade=rubric.unreadable_grade, diagnostics=[d], charges=[],
            sections=[SectionScore(s.name, s.points, 0.0, False) for s in rubric.sections],
            unreadable=True, order=len(forms) + j,
        ))
    scores.sort(key=lambda s: (s.score, -s.errors, s.form_id or "", s.path, s.order))
    for rank, s in enumerate(scores, 1):
        s.rank = rank
    return scores


def findings_by_form(forms: list[Form], diagnostics: list[Diagnostic]) -> tuple[list[list[Diagnostic]], list[Diagnostic]]:
    """Each form's diagnostics (in input order), and those of inputs that never became a form."""
    per_form: list[list[Diagnostic]] = [[] for _ in forms]
    orphans: list[Diagnostic] = []
    for d, i in zip(diagnostics, _owners(forms, diagnostics)):
        if i is None:
            orphans.append(d)
        else:
            per_form[i].append(d)
    return per_form, orphans


def _owners(forms: list[Form], diagnostics: list[Diagnostic]) -> list[int | None]:
    """Index of the form each diagnostic belongs to; None for an input that never became a form.

    F002 (unreadable) belongs to a form only when it reports a figure the form was linted without (its unread
    field); otherwise the file or row it reports produced no form. Forms are found by id; when ids repeat, the
    diagnostic's location (or path) picks the form.
    """
    by_id: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(forms):
        by_id[f.form_id].append(i)
    out: list[int | None] = []
    for d in diagnostics:
        candidates = by_id.get(d.form_id or "", []) if d.form_id is not None else []
        if d.code == "F002":
            candidates = [i for i in candidates if forms[i].path == d.path and d.field and forms[i].is_unread(d.field)]
        if len(candidates) <= 1:
            out.append(candidates[0] if candidates else None)
            continue
        exact = [i for i in candidates if forms[i].location(d.field or "") == d.location]
        same_path = [i for i in candidates if forms[i].path == d.path]
        out.append((exact or same_path or candidates)[0])
    return out


def _score_form(form: Form, diagnostics: list[Diagnostic], rubric: Rubric, unseen: dict[str, Estimate],
                lang: str) -> FormScore:
    wanted: list[list[tuple[float, int, Diagnostic, str]]] = [[] for _ in rubric.sections]
    for k, d in enumerate(diagnostics):
        for i, entry in rubric.charges_for(d.code, d.field or ""):
            wanted[i].append((rubric.sections[i].cost(entry, d.severity), k, d, entry.reason))
    charges: list[Charge] = []
    sections: list[SectionScore] = []
    losses: list[tuple[str, Loss]] = []
    for section, items in zip(rubric.sections, wanted):
        left = section.cap
        for nominal, _, d, reason in sorted(items, key=lambda t: (-t[0], t[1])):
            taken = min(nominal, left)
            left -= taken
            charges.append(Charge(d, section.name, nominal, taken, reason))
        lost = section.cap - left
        assessed = section.visible and (bool(items) or _assessed(section, form))  # a finding there: it was seen
        if not section.visible and section.name in unseen:
            sections.append(_estimated(section, unseen[section.name], losses, lang))
        else:
            sections.append(SectionScore(section.name, section.points, section.points - lost, assessed))
    score = _total(sections)
    return FormScore(
        form_id=form.form_id, path=form.path, unit=form.unit, project=form.project or None,
        form_type=form.form_type, score=score, grade=rubric.grade(score), diagnostics=diagnostics,
        charges=charges, sections=sections, form=form, losses=losses,
    )


def _score_estimated(form: Form, diagnostics: list[Diagnostic], rubric: Rubric, estimates: dict[str, Estimate],
                     lang: str) -> FormScore:
    """A department goal table: every section the fitted weights know is estimated; others 未评."""
    losses: list[tuple[str, Loss]] = []
    sections = [_estimated(s, estimates[s.name], losses, lang) if s.name in estimates
                else SectionScore(s.name, s.points, 0.0, False) for s in rubric.sections]
    score = _total(sections)
    return FormScore(
        form_id=form.form_id, path=form.path, unit=form.unit, project=form.project or None,
        form_type=form.form_type, score=score, grade=rubric.grade(score), diagnostics=diagnostics,
        charges=[], sections=sections, form=form, losses=losses,
    )


def _estimated(section: Section, est: Estimate, losses: list[tuple[str, Loss]], lang: str) -> SectionScore:
    """The estimate as a section score; what the experts took on average (start) and each shortfall go to losses."""
    unseen = section.points - est.start
    if unseen > 0.005:
        losses.append((section.name, Loss("start", unseen, triage_model.reason("start", lang), triage_model.estimate_code(lang))))
    losses.extend((section.name, loss) for loss in est.losses)
    return SectionScore(section.name, section.points, est.score, False, True, est.low, est.high)


def _total(sections: list[SectionScore]) -> float:
    """The counted sections' points, out of 100 when some are 未评 (left out of the denominator)."""
    counted = [s for s in sections if s.counted]
    points = sum(s.points for s in counted)
    return round(sum(s.score for s in counted) * TOTAL_POINTS / points, 2) if points else 0.0


def _assessed(section: Section, form: Form) -> bool:
    if not section.visible:
        return False
    if form.complete or not section.needs:
        return True
    return any(_present(getattr(form, part)) for part in section.needs)


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (tuple, list, dict)):
        return bool(value)
    return True


def summary(scores: list[FormScore], rubric: Rubric) -> dict[str, Any]:
    """Counts per grade, findings per rule and grade, and the mean score."""
    by_grade = Counter(s.grade for s in scores)
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for s in scores:
        for d in s.diagnostics:
            per_rule[d.code][s.grade] += 1
    return {
        "forms": len(scores),
        "unreadable": sum(1 for s in scores if s.unreadable),
        "mean_score": number(sum(s.score for s in scores) / len(scores)) if scores else None,
        "by_grade": {g: by_grade.get(g, 0) for g in rubric.grade_names},
        "findings": sum(len(s.diagnostics) for s in scores),
        "findings_by_rule": {code: {g: c.get(g, 0) for g in rubric.grade_names}
                             for code, c in sorted(per_rule.items())},
    }


def reasons_text(reasons: Iterable[Reason]) -> str:
    """`G001 −5 目标是口号式…; I003 ×3 −6 …` for one-line outputs (CSV, table)."""
    return "; ".join(f"{r.code}{f' ×{r.count}' if r.count > 1 else ''} −{number(r.points)} {r.message}" for r in reasons)


def with_unreadable(settings: Any) -> Any:
    """The settings with F002 selected: triage must list every input, unreadable ones too."""
    from dataclasses import replace

    if settings.is_selected("F002"):
        return settings
    return replace(settings, ignore=tuple(p for p in settings.ignore if p.upper() != "F002"),
                   extend_select=(*settings.extend_select, "F002"))
