"""Turn one parsed record (a dict from YAML, JSON, JSONL or a table row) into a Form.

One converter serves every text layout: canonical forms (English or Chinese keys), the
goal tables of the seed corpus, and the published-form JSONL. Anything it cannot take is
a RecordError naming the field, never a silent skip.
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

from linter import hierarchy
from linter.model import (ANNUAL, DEPARTMENT, LONG_TERM, PARTIAL_SOURCES, PROJECT, Form, Funds, Indicator, Location,
                          ScheduleItem, Staff, Suppression, Task)
from linter.nlp.numbers import to_halfwidth
from linter.nlp.values import comparator_of
from linter.rulesets import load_ruleset
from linter.text import Text

Pointer = tuple[str | int, ...]
Locate = Callable[[Pointer], Location]


_KIND_WORDS = {"str": ("文字", "text"), "int": ("整数", "a whole number"), "float": ("数字", "a number"),
               "bool": ("是/否值", "true/false"), "NoneType": ("空值", "nothing (null)"), "list": ("列表", "a list"),
               "dict": ("字段映射", "a mapping of fields")}


def kind_of(value: Any) -> Text:
    """What a value is, as a person who wrote the file would call it (not Python's type name)."""
    name = type(value).__name__
    zh, en = _KIND_WORDS.get(name, (name, name))
    return Text(zh, en)

FORM_KEYS = {
    "id", "type", "budget_year", "layout", "unit", "department", "project", "attribute", "period",
    "period_start", "period_end", "basis", "funds", "long_term_goal", "annual_goal", "indicators",
    "staff", "tasks", "schedule", "spending_plan", "note", "suppressions",
    # published-form and goal-table layouts
    "row_no", "source", "form_type", "year", "complete", "meta",
    # side tables of the seed review: funding (万元) and staffing
    "previous_year_wan", "previous_year_raw", "this_year_wan", "authorized_staff", "actual_staff",
}
GOAL_TABLE_COLUMNS = {"id", "row_no", "unit", "project", "long_term_goal", "annual_goal"}
FUNDING_TABLE_COLUMNS = {"row_no", "unit", "project", "previous_year_wan", "previous_year_raw", "this_year_wan"}
STAFFING_TABLE_COLUMNS = {"row_no", "unit", "authorized_staff", "actual_staff"}
FUNDS_KEYS = {"total", "fiscal", "other", "previous_year"}
INDICATOR_KEYS = {"level1", "level2", "name", "value", "unit", "comparator", "term", "op", "weight", "direction",
                  "value_type", "explanation", "scoring", "standard"}
_TERMS = {ANNUAL: ANNUAL, LONG_TERM: LONG_TERM, "年度": ANNUAL, "中长期": LONG_TERM, "长期": LONG_TERM}
_NOT_FILLED = {"", "未填列", "无", "/", "-", "—"}


class RecordError(Exception):
    """A record that cannot become a form: `field` names where, the message says what."""

    def __init__(self, field: str, message: Text) -> None:
        super().__init__(message.en)
        self.field = field
        self.text = message


def field_pointer(field: str) -> Pointer:
    """A RecordError's field as a pointer: `indicators[2].value` → ("indicators", 2, "value")."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.\[\]]+", field) if p)


def pointer_field(pointer: Pointer) -> str:
    """A pointer as a field path, the inverse of field_pointer: ("indicators", 2, "value") → `indicators[2].value`."""
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(pointer))


@cache
def _aliases(section: str) -> dict[str, str]:
    return load_ruleset("field_aliases")[section]


def _canonical_keys(raw: dict[Any, Any], section: str, known: set[str], where: str) -> dict[str, tuple[Any, Any]]:
    """{canonical key: (original key, value)}; unknown keys are an error naming them."""
    aliases = _aliases(section)
    out: dict[str, tuple[Any, Any]] = {}
    for key, value in raw.items():
        name = aliases.get(str(key).strip(), str(key).strip())
        if name not in known:
            close = difflib.get_close_matches(str(key), sorted(known | set(aliases)), n=1)
            zh_hint, en_hint = (f"，是否应为“{close[0]}”？", f"; did you mean {close[0]!r}?") if close else \
                ("；可用字段见 `jxlint schema`", "; `jxlint schema` lists the fields")
            raise RecordError(f"{where}{key}" if where else str(key),
                              Text(f"未知字段“{key}”{zh_hint}", f"unknown field {key!r}{en_hint}"))
        if name in out:
            raise RecordError(f"{where}{name}", Text(f"字段“{name}”重复填写（“{out[name][0]}”和“{key}”）",
                                                    f"field {name!r} given twice ({out[name][0]!r} and {key!r})"))
        out[name] = (key, value)
    return out


def _text(value: Any, field: str, *, allow_number: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if allow_number and isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number_text(value, field)
    shown = str(value)[:40]
    raise RecordError(field, Text(f"应为文字，实际是{kind_of(value).zh}：“{shown}”",
                                  f"expected text, got {kind_of(value).en}: {shown!r}"))


def _number_text(value: float, field: str) -> str:
    if isinstance(value, int):
        return str(value)
    number = _finite(value, field)
    return str(int(number)) if number.is_integer() else str(number)


def _finite(value: float, field: str) -> float:
    """A number as float; NaN, ±Infinity and numbers beyond float range (1e400) are refused, naming the field."""
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        shown = str(value)[:40] + ("…" if len(str(value)) > 40 else "")
        raise RecordError(field, Text(f"应为有限的数字，实际是“{shown}”（非数或超出范围）",
                                      f"expected a finite number, got {shown!r} (not a number, or out of range)"))
    return number


_AMOUNT = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def _number(value: Any, field: str, units: tuple[str, ...] = ("万元",)) -> float | None:
    """A finite number written as a number or as text (`1,000.00 `, `１２３．５`, one of `units` after it); None for
    未填列 and blanks."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise RecordError(field, _not_a_number(value))
        return None
    if isinstance(value, (int, float)):
        return _finite(value, field)
    if not isinstance(value, str):
        raise RecordError(field, _not_a_number(value))
    text = to_halfwidth(value).strip().replace(",", "")
    text = next((text.removesuffix(u) for u in units if text.endswith(u)), text).strip()
    if text in _NOT_FILLED:
        return None
    if not _AMOUNT.match(text):
        raise RecordError(field, _not_a_number(value))
    return _finite(text, field)


def parse_amount(value: Any, field: str) -> float | None:
    """An amount of money in 万元 (300, "300万元", "300万"): a finite, non-negative number, or None when not filled in."""
    amount = _number(value, field, units=("万元", "万"))  # the field is in 万元: 300万 is 300 万元
    if amount is not None and amount < 0:
        raise RecordError(field, Text(f"金额不能为负数，实际是“{value}”", f"an amount cannot be negative, got {value!r}"))
    return amount


def _not_a_number(value: Any) -> Text:
    return Text(f"应为数字，实际是“{value}”", f"expected a number, got {value!r}")


def _count(value: Any, field: str) -> int | None:
    amount = _number(value, field)
    if amount is None:
        return None
    if not amount.is_integer() or amount < 0:
        raise RecordError(field, Text(f"人数应为非负整数，实际是“{value}”", f"expected a whole number of people, got {value!r}"))
    return int(amount)


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _year(value: Any, field: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = _number_text(value, field)  # a number must be the year itself, not contain one (20210 is no year)
        match = _YEAR.fullmatch(text)
    else:
        match = _YEAR.search(str(value))
    if not match:
        raise RecordError(field, Text(f"应为年份（如 2021），实际是“{value}”", f"expected a year such as 2021, got {value!r}"))
    return int(match.group(0))


ISO_DATE = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})(?:\2(\d{1,2}))?(?!\d)")
ZH_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


def _dated_text(value: Any, field: str) -> str:
    """Text that may hold dates (2021-12-31, 2021年12月): a month or day that does not exist names its field."""
    text = _text(value, field, allow_number=True)
    dates = [(m.group(0), m.group(1), m.group(3), m.group(4)) for m in ISO_DATE.finditer(text)]
    dates += [(m.group(0), m.group(1), m.group(2), m.group(3)) for m in ZH_DATE.finditer(text)]
    for written, year, month, day in dates:
        if not 1 <= int(month) <= 12:
            raise RecordError(field, Text(f"日期不存在：“{written}”（月份应为 1–12）",
                                          f"impossible date {written!r} (the month must be 1-12)"))
        days = calendar.monthrange(int(year), int(month))[1]
        if day is not None and not 1 <= int(day) <= days:
            raise RecordError(field, Text(f"日期不存在：“{written}”（{year}年{int(month)}月只有 {days} 天）",
                                          f"impossible date {written!r} ({year}-{int(month):02d} has {days} days)"))
    return text


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(field, Text(f"应为列表，实际是{kind_of(value).zh}", f"expected a list, got {kind_of(value).en}"))
    return value


def _mapping(value: Any, field: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(field, Text(f"应为字段映射，实际是{kind_of(value).zh}",
                                      f"expected a mapping of fields, got {kind_of(value).en}"))
    return value


def infer_type(fields: dict[str, tuple[Any, Any]]) -> str:
    """project or department, from an explicit type, a form_type title, or the fields present."""
    if "type" in fields:
        raw = str(fields["type"][1]).strip().lower()
        if raw in (PROJECT, "项目", "项目支出"):
            return PROJECT
        if raw in (DEPARTMENT, "部门", "部门整体", "部门整体支出"):
            return DEPARTMENT
        got = fields["type"][1]
        raise RecordError("type", Text(f"表单类型应为 project（项目）或 department（部门整体），实际是“{got}”",
                                       f"type must be 'project' or 'department', got {got!r}"))
    title = str(fields.get("form_type", (None, ""))[1] or "")
    # 项目支出绩效目标表 is a project's form even when a unit's name or a note in the title says 部门 or 整体
    if "项目" not in title and ("部门" in title or "整体" in title):
        return DEPARTMENT
    if "项目" in title:
        return PROJECT
    if "project" in fields or "long_term_goal" in fields or "basis" in fields:
        return PROJECT
    return DEPARTMENT


@cache
def _known_layouts() -> list[str]:
    return sorted({str(p["layout"]) for p in load_ruleset("indicator_types")["presets"].values()})


def _layout(value: Any) -> str | None:
    """The indicator layout a form declares: one of the presets' (2015, 2021), or none."""
    if value in (None, ""):
        return None
    known = _known_layouts()
    text = re.sub(r"[年版\s]", "", str(value))  # 2021, 2021版, 2021年版
    if text not in known:
        raise RecordError("layout", Text(f"应为 {' 或 '.join(known)}，实际是“{value}”",
                                         f"must be {' or '.join(known)}, got {value!r}"))
    return text


def form_from_record(record: Any, *, path: str, default_id: str, locate: Locate, source: str = "form") -> Form:
    """Build a Form; `locate` maps a pointer into the record to its Location. Any field that cannot be read fails
    the form (RecordError); `read_record` is the lenient reading the readers use."""
    return _build_form(record, None, path=path, default_id=default_id, locate=locate, source=source)


def read_record(record: Any, **where: Any) -> tuple[Form | None, list[RecordError]]:
    """form_from_record that never raises: (the form, or None when it fails, and every error to report) — a funds
    or staff figure that cannot be read (-5, 十 as a head count) fails only itself: the form comes back without it,
    the field marked unread (no rule judges it as blank)."""
    errors: list[RecordError] = []
    try:
        return _build_form(record, errors, **where), errors
    except RecordError as exc:
        return None, [*errors, exc]


def _build_form(record: Any, errors: list[RecordError] | None, *, path: str, default_id: str, locate: Locate,
                source: str = "form") -> Form:
    """The Form of a record; a funds or staff error goes to `errors` when it is a list, else it is raised."""
    if not isinstance(record, dict):
        raise RecordError("", Text(f"不是表单：应为字段映射，实际是{kind_of(record).zh}",
                                   f"expected a form (a mapping of fields), got {kind_of(record).en}"))
    fields = _canonical_keys(record, "form", FORM_KEYS, "")
    locations: dict[str, Location] = {"": locate(())}

    def get(key: str) -> Any:
        if key not in fields:
            return None
        original, value = fields[key]
        locations[key] = locate((original,))
        return value

    def text_field(key: str) -> str | None:
        return _text(get(key), key) if key in fields else None

    if source == "form" and ("form_type" in fields or "source" in fields):
        source = "public"
    complete_flag = get("complete")
    form_id = _text(get("id"), "id", allow_number=True).strip() or default_id
    form_type = infer_type(fields)
    period = _period(get("period"))
    meta = _mapping(get("meta"), "meta")
    unread: set[str] = set()
    funds = _side_figures("funds", lambda: _funds(get("funds"), meta, locations, fields, locate)
                          or _funding_row(fields, locations, locate), errors, unread)
    staff = _side_figures("staff", lambda: _staff(get("staff"), fields, locations, locate)
                          or _staffing_row(fields, locations, locate), errors, unread)
    return Form(
        form_id=form_id,
        form_type=form_type,
        path=path,
        source=source,
        complete=(complete_flag is not False) and source not in PARTIAL_SOURCES,
        budget_year=_year(get("budget_year") or get("year"), "budget_year"),
        layout=_layout(get("layout")),
        unit=_text(get("unit"), "unit").strip(),
        department=_text(get("department"), "department").strip(),
        project=_text(get("project"), "project").strip(),
        attribute=_text(get("attribute"), "attribute").strip(),
        period_start=_dated_text(period.get("start", get("period_start")), "period.start"),
        period_end=_dated_text(period.get("end", get("period_end")), "period.end"),
        basis=text_field("basis"),
        funds=funds,
        long_term_goal=text_field("long_term_goal"),
        annual_goal=text_field("annual_goal"),
        indicators=_indicators(get("indicators"), fields, locations, locate),
        staff=staff,
        **_tables(get),
        note=_text(get("note"), "note"),
        suppressions=_suppressions(get("suppressions"), fields, locate),
        unread=frozenset(unread),
        locations=locations,
    )


def _side_figures(field: str, build: Callable[[], Any], errors: list[RecordError] | None, unread: set[str]) -> Any:
    """A form's funds or staff, or — when `errors` is kept — None, its error kept and the field marked unread."""
    try:
        return build()
    except RecordError as exc:
        if errors is None:
            raise
        errors.append(exc)
        unread.add(field)
        return None


def _tables(get: Callable[[str], Any]) -> dict[str, tuple]:
    """The form's list fields: tasks, schedule, spending plan."""
    row = {"period", "content", "amount"}
    return {"tasks": tuple(_items(get("tasks"), "tasks", "task", Task, "name", {"name", "content", "budget"})),
            "schedule": tuple(_items(get("schedule"), "schedule", "schedule", ScheduleItem, "period", row)),
            "spending_plan": tuple(_items(get("spending_plan"), "spending_plan", "schedule", ScheduleItem, "period", row))}


_PERIOD_SPLIT = re.compile(r"\s*(?:至|到|—+|–|~|～|-(?=\s*(?:19|20)\d\d))\s*")


def _period(raw: Any) -> dict[str, Any]:
    """{start, end} from a mapping, or from text such as 2021年1月至2021年12月."""
    if raw is None:
        return {}
    if isinstance(raw, str):
        parts = _PERIOD_SPLIT.split(raw.strip(), maxsplit=1)
        return {"start": parts[0], "end": parts[1] if len(parts) > 1 else ""}
    return {_aliases("period").get(str(k), str(k)): v for k, v in _mapping(raw, "period").items()}


def _funds(raw: Any, meta: dict[Any, Any], locations: dict[str, Location],
           fields: dict[str, tuple[Any, Any]], locate: Locate) -> Funds | None:
    if raw is None:
        return _funds_from_meta(meta)
    values = _canonical_keys(_mapping(raw, "funds"), "funds", FUNDS_KEYS, "funds.")
    amounts = {}
    for key, (original, value) in values.items():
        locations[f"funds.{key}"] = locate((fields["funds"][0], original))
        amounts[key] = parse_amount(value, f"funds.{key}")
    raw_text = {k: str(v) for k, (_, v) in values.items()}
    return Funds(**amounts, raw=raw_text)


def _funding_row(fields: dict[str, tuple[Any, Any]], locations: dict[str, Location], locate: Locate) -> Funds | None:
    """A row of the funding side table: this and last year's amounts in 万元, `未填列` kept as written."""
    if "this_year_wan" not in fields and "previous_year_wan" not in fields:
        return None
    previous_key = "previous_year_raw" if "previous_year_raw" in fields else "previous_year_wan"
    for field, key in (("funds.total", "this_year_wan"), ("funds.previous_year", previous_key)):
        if key in fields:
            locations[field] = locate((fields[key][0],))
    value = lambda key: fields.get(key, (None, None))[1]  # noqa: E731
    raw_previous = value("previous_year_raw") if "previous_year_raw" in fields else value("previous_year_wan")
    return Funds(total=parse_amount(value("this_year_wan"), "this_year_wan"),
                 previous_year=parse_amount(value("previous_year_wan"), "previous_year_wan"),
                 raw={"previous_year": "" if raw_previous is None else str(raw_previous)})


def _staffing_row(fields: dict[str, tuple[Any, Any]], locations: dict[str, Location], locate: Locate) -> Staff | None:
    """A row of the staffing side table (编制人数, 实有人数)."""
    if "authorized_staff" not in fields and "actual_staff" not in fields:
        return None
    for field, key in (("staff.authorized", "authorized_staff"), ("staff.actual", "actual_staff")):
        if key in fields:
            locations[field] = locate((fields[key][0],))
    return Staff(authorized=_count(fields.get("authorized_staff", (None, None))[1], "authorized_staff"),
                 actual=_count(fields.get("actual_staff", (None, None))[1], "actual_staff"))


def _funds_from_meta(meta: dict[Any, Any]) -> Funds | None:
    """Published forms carry the annual amount in `meta`, in 元 or 万元 as the key says."""
    for key, value in meta.items():
        if "年度资金" in str(key):
            try:
                amount = parse_amount(str(value).split("(")[0].split("（")[0], "meta")
            except RecordError:
                return None
            if amount is not None and "(元)" in str(key):
                amount /= 10000
            return Funds(total=amount, raw={"total": str(value)})
    return None


def _indicators(raw: Any, fields: dict[str, tuple[Any, Any]], locations: dict[str, Location],
                locate: Locate) -> tuple[Indicator, ...]:
    rows = []
    for i, item in enumerate(_list(raw, "indicators")):
        where = f"indicators[{i}]"
        cols = _canonical_keys(_mapping(item, where), "indicator", INDICATOR_KEYS, where + ".")
        base = (fields["indicators"][0], i)
        locations[where] = locate(base)
        for key, (original, _) in cols.items():
            locations[f"{where}.{key}"] = locate(base + (original,))

        def col(key: str, allow_number: bool = True) -> str:
            return _text(cols.get(key, (None, ""))[1], f"{where}.{key}", allow_number=allow_number).strip()

        term = _TERMS.get(col("term") or ANNUAL)
        if term is None:
            raise RecordError(f"{where}.term", Text(f"期限应为“年度”或“中长期”，实际是“{col('term')}”",
                                                    f"term must be annual or long_term, got {col('term')!r}"))
        level1, level2 = col("level1"), col("level2")
        rows.append(Indicator(
            level1=level1, level2=level2, name=col("name"), value=col("value"), unit=col("unit"),
            comparator=_comparator(col("comparator"), col("op")), term=term,
            direction=col("direction"), weight=col("weight"),
            level1_key=hierarchy.level1_key(level1), level2_key=hierarchy.level2_key(level2),
        ))
    return tuple(rows)


def _comparator(comparator: str, op: str) -> str:
    """The comparator column, else an `op` (指标性质) column when it holds a comparator (≥, 大于等于) and not
    a kind of value (定量, 定性)."""
    return comparator or (op if comparator_of(op) else "")


def _staff(raw: Any, fields: dict[str, tuple[Any, Any]], locations: dict[str, Location],
           locate: Locate) -> Staff | None:
    if raw is None:
        return None
    values = _canonical_keys(_mapping(raw, "staff"), "staff", {"authorized", "actual"}, "staff.")
    for key, (original, _) in values.items():
        locations[f"staff.{key}"] = locate((fields["staff"][0], original))
    return Staff(**{k: _count(v, f"staff.{k}") for k, (_, v) in values.items()})


def _items(raw: Any, field: str, section: str, cls: type, key: str, known: set[str]) -> list[Any]:
    """Rows of a list field (tasks, schedule, spending plan); `key` is the column every row has."""
    out = []
    for i, item in enumerate(_list(raw, field)):
        where = f"{field}[{i}]"
        cols = _canonical_keys(_mapping(item, where), section, known, where + ".")
        kwargs: dict[str, Any] = {key: ""}
        for name, (_, value) in cols.items():
            if name in ("budget", "amount"):
                kwargs[name] = parse_amount(value, f"{where}.{name}")
            elif name == "period":
                kwargs[name] = _dated_text(value, f"{where}.{name}")
            else:
                kwargs[name] = _text(value, f"{where}.{name}", allow_number=True)
        out.append(cls(**kwargs))
    return out


def _suppressions(raw: Any, fields: dict[str, tuple[Any, Any]], locate: Locate) -> tuple[Suppression, ...]:
    out = []
    for i, item in enumerate(_list(raw, "suppressions")):
        where = f"suppressions[{i}]"
        cols = _canonical_keys(_mapping(item, where), "suppression", {"code", "field", "reason"}, where + ".")
        code = _text(cols.get("code", (None, ""))[1], f"{where}.code").strip().upper()
        if not code:
            raise RecordError(f"{where}.code", Text("抑制必须写明规则代码", "a suppression must name a rule code"))
        out.append(Suppression(
            code=code,
            reason=_text(cols.get("reason", (None, ""))[1], f"{where}.reason").strip(),
            field=_text(cols.get("field", (None, ""))[1], f"{where}.field").strip() or None,
            origin=locate((fields["suppressions"][0], i)),
        ))
    return tuple(out)
