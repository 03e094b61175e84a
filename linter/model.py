"""The form model: what every reader produces and every rule reads.

Plain frozen dataclasses with __slots__ (a national batch holds millions of them; a slotted Location is
three quarters the size of one with a __dict__). Values stay as the author wrote them (strings), so rules can
quote them; every field's origin is kept in `Form.locations` so a diagnostic can point at
the cell, line or row a person must fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

PROJECT = "project"
DEPARTMENT = "department"
ANNUAL = "annual"
LONG_TERM = "long_term"
# Sources that carry part of a form; the engine links them to the form of the same unit and project.
PARTIAL_SOURCES = frozenset({"goal-table", "funding-table", "staffing-table"})


# What each field is called on the printed form (Chinese, English), by its path in the model; the columns of the
# indicator table by their own names (`unit_col` for 计量单位, since `unit` is the form's 实施单位).
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "unit": ("实施单位", "unit"), "project": ("项目名称", "project name"), "department": ("主管部门", "department"),
    "basis": ("立项依据", "basis"), "long_term_goal": ("中长期目标", "long-term goal"),
    "annual_goal": ("年度目标", "annual goal"), "indicators": ("绩效指标表", "indicator table"),
    "funds.total": ("年度资金总额", "annual funds total"), "funds.fiscal": ("财政拨款", "fiscal funds"),
    "funds.other": ("其他资金", "other funds"), "funds.previous_year": ("上年金额", "previous year's funds"),
    "staff.actual": ("实有人数", "actual staff"), "staff.authorized": ("编制人数", "authorized staff"),
    "schedule": ("实施进度", "schedule"), "spending_plan": ("资金支出计划", "spending plan"),
    "tasks": ("年度主要任务", "tasks"), "note": ("备注", "note"), "suppressions": ("抑制", "suppressions"),
    "value": ("指标值", "target value"), "name": ("三级指标", "indicator"), "level1": ("一级指标", "level 1"),
    "level2": ("二级指标", "level 2"), "unit_col": ("计量单位", "unit of measure"),
    "comparator": ("比较符", "comparator"), "layout": ("指标体系版本", "indicator layout"),
}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a value came from: a file plus line/column, table row, or YAML/JSON pointer."""

    path: str
    line: int | None = None
    column: int | None = None
    row: int | None = None
    pointer: str | None = None
    sheet: str | None = None
    cell: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__ if k != "path" and getattr(self, k) is not None}

    def short(self) -> str:
        """Compact text form, e.g. `12:5`, `row 3`, `Sheet1!C12`."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        if self.line is not None:
            return f"{self.line}:{self.column}" if self.column else str(self.line)
        if self.row is not None:
            return f"row {self.row}"
        return ""

    def sort_line(self) -> int:
        """Line, table row or worksheet row: where the value sits as the form reads, top to bottom."""
        if self.line is not None or self.row is not None:
            return self.line or self.row or 0
        row = re.search(r"\d+$", self.cell or "")
        return int(row.group()) if row else 0


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of the 绩效指标 table."""

    level1: str
    level2: str
    name: str
    value: str
    unit: str = ""
    comparator: str = ""
    term: str = ANNUAL
    direction: str = ""  # 指标方向 column as written: 正向 / 反向 / 定性
    weight: str = ""     # 权重 or 分值 column: the row's score weight, never its target
    # Canonical keys from rulesets/hierarchy.yaml (None when the name is unknown).
    level1_key: str | None = None
    level2_key: str | None = None

    @property
    def target_as_written(self) -> str:
        """The target as the form shows it: the comparator and unit columns around the value (≥ | 95 | % → ≥95%),
        each left out when the value already holds it."""
        return ((self.comparator if self.comparator not in self.value else "") + self.value
                + (self.unit if self.unit not in self.value else ""))


@dataclass(frozen=True, slots=True)
class Funds:
    """Amounts in 万元 as written; `None` where the form left a field empty or unparseable."""

    total: float | None = None
    fiscal: float | None = None
    other: float | None = None
    previous_year: float | None = None
    raw: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Staff:
    authorized: int | None = None
    actual: int | None = None


@dataclass(frozen=True, slots=True)
class Task:
    """A department's 年度主要任务 row."""

    name: str
    content: str = ""
    budget: float | None = None


@dataclass(frozen=True, slots=True)
class ScheduleItem:
    """One period of the 实施进度 or 资金支出计划."""

    period: str
    content: str = ""
    amount: float | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    """A reasoned request to hide one rule's findings on a form (or one field of it)."""

    code: str
    reason: str
    field: str | None = None
    origin: Location | None = None
    written: str | None = None  # the target as the author wrote it (`服务对象满意度`, `E27`) when resolved to `field`
    found: bool = True  # False: the target names no field, indicator or cell of the form

    def matches(self, code: str, field_path: str) -> bool:
        if not code.startswith(self.code):
            return False
        if self.field is None:
            return True
        return field_path == self.field or field_path.startswith(self.field + ".") or field_path.startswith(self.field + "[")


@dataclass(frozen=True, eq=False, slots=True)
class Form:
    """A 项目支出 or 部门整体支出 绩效目标申报表, complete or partial (goal tables, excerpts)."""

    form_id: str
    form_type: str
    path: str
    source: str = "form"  # form | goal-table | public
    complete: bool = True
    budget_year: int | None = None
    layout: str | None = None  # "2015" | "2021" | None (not stated, inferred by rules)
    unit: str = ""
    department: str = ""
    project: str = ""
    attribute: str = ""
    period_start: str = ""
    period_end: str = ""
    basis: str | None = None
    funds: Funds | None = None
    long_term_goal: str | None = None
    annual_goal: str | None = None
    indicators: tuple[Indicator, ...] = ()
    staff: Staff | None = None
    tasks: tuple[Task, ...] = ()
    schedule: tuple[ScheduleItem, ...] = ()
    spending_plan: tuple[ScheduleItem, ...] = ()
    note: str = ""
    suppressions: tuple[Suppression, ...] = ()
    # fields whose cell holds a value the reader could not see (an Excel formula saved without its result): the
    # reader reports each such cell (F002), and no rule's finding on them is kept, as it would judge a false blank
    unread: frozenset[str] = frozenset()
    locations: dict[str, Location] = field(default_factory=dict)

    def location(self, field_path: str) -> Location:
        """The most precise known origin of a field, falling back to its parents, then the form."""
        probe = field_path
        while probe:
            if probe in self.locations:
                return self.locations[probe]
            probe = _parent_field(probe)
        return self.locations.get("", Location(self.path))

    def is_unread(self, field_path: str) -> bool:
        """Whether the field, or a field holding it, is one the reader could not see (`unread`)."""
        probe = field_path
        while probe:
            if probe in self.unread:
                return True
            probe = _parent_field(probe)
        return False

    def goals(self) -> list[tuple[str, str]]:
        """(field, text) of the goals this form carries, long-term first."""
        out = []
        if self.long_term_goal is not None:
            out.append(("long_term_goal", self.long_term_goal))
        if self.annual_goal is not None:
            out.append(("annual_goal", self.annual_goal))
        return out


_LAST_PART = re.compile(r"(\.[^.\[]+|\[[^\]]*\])$")


def _parent_field(field_path: str) -> str:
    """`indicators[3].value` → `indicators[3]` → `indicators` → ``."""
    m = _LAST_PART.search(field_path)
    return field_path[: m.start()] if m else ""
