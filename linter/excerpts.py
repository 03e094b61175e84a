"""The text a finding is about, for outputs that show it (HTML triage, `--format full`, the web page):
the field's words as the author wrote them, a human label for the field, and the fragments a
message quotes, located in that text so they can be marked."""

from __future__ import annotations

import re
from dataclasses import fields as dc_fields, is_dataclass
from typing import Any

from linter.model import FIELD_NAMES, Form, Indicator, ScheduleItem, Task
from linter.nlp.numbers import plain_number

QUOTED = re.compile(r"[“「‘\"]([^“”「」‘’\"]{1,200})[”」’\"]")
MAX_EXCERPT = 1200  # characters of a field shown (whole indicator tables can be long)


_PART = re.compile(r"\.?([A-Za-z_]+)|\[(\d+)\]")


def field_text(form: Form | None, field_path: str | None) -> str | None:
    """The text of a form field as the author wrote it (`indicators[3].value` → "≥12台")."""
    if form is None or not field_path:
        return None
    obj: Any = form
    parts = [(m.group(1), m.group(2)) for m in _PART.finditer(field_path)]
    for name, index in parts:
        if index is not None:
            if not isinstance(obj, (tuple, list)) or int(index) >= len(obj):
                return None
            obj = obj[int(index)]
        elif name == "suppressions":
            return None
        elif is_dataclass(obj) and hasattr(obj, name):
            raw = getattr(obj, "raw", None)
            if isinstance(raw, dict) and raw.get(name) not in (None, ""):
                return str(raw[name])
            obj = getattr(obj, name)
        else:
            return None
    return _as_text(obj)


def _as_text(obj: Any) -> str | None:
    if obj is None:
        return None
    if isinstance(obj, Indicator):
        return f"{obj.level1} / {obj.level2} / {obj.name}：{obj.target_as_written}"
    if isinstance(obj, (ScheduleItem, Task)):
        parts = [getattr(obj, "period", "") or getattr(obj, "name", ""), obj.content]
        amount = obj.amount if isinstance(obj, ScheduleItem) else obj.budget
        return "：".join(p for p in parts if p) + (f"（{plain_number(amount)} 万元）" if amount is not None else "")
    if isinstance(obj, (tuple, list)):
        items = [_as_text(x) for x in obj]
        return "\n".join(x for x in items if x) or None
    if is_dataclass(obj):
        return "；".join(f"{f.name}: {getattr(obj, f.name)}" for f in dc_fields(obj)
                        if f.name != "raw" and getattr(obj, f.name) is not None) or None
    if isinstance(obj, float):
        return plain_number(obj)
    return str(obj)


def indicator_label(form: Form | None, field_path: str | None) -> str | None:
    """`indicators[3].value` → the row's 一级 · 二级 · 三级 names, to show a value with its indicator."""
    m = re.match(r"indicators\[(\d+)\]\.", field_path or "")
    if form is None or not m or int(m.group(1)) >= len(form.indicators):
        return None
    ind = form.indicators[int(m.group(1))]
    return " · ".join(x for x in (ind.level1, ind.level2, ind.name) if x)


def field_label(field_path: str | None, lang: str = "zh") -> str:
    """`indicators[3].value` → 第 4 行指标的指标值 (`indicator row 4, target value`); `annual_goal` → 年度目标;
    a path the table does not name, as it is."""
    if not field_path:
        return ""
    k = 1 if lang == "en" else 0
    if field_path in FIELD_NAMES:
        return FIELD_NAMES[field_path][k]
    m = re.fullmatch(r"indicators\[(\d+)\](?:\.(\w+))?", field_path)
    if not m:
        return field_path
    row, column = int(m.group(1)) + 1, "unit_col" if m.group(2) == "unit" else m.group(2)
    part = FIELD_NAMES[column][k] if column in FIELD_NAMES else column or ""
    if lang == "en":
        return f"indicator row {row}" + (f", {part}" if part else "")
    return f"第 {row} 行指标{('的' + part) if part else ''}"


def field_heading(form: Form | None, field_path: str | None) -> str:
    """The field's label and, for an indicator cell, its row's names: `第 4 行指标的指标值 · 产出指标 · 数量指标 · 培训人次`."""
    return " · ".join(x for x in (field_label(field_path), indicator_label(form, field_path)) if x)


def excerpt(text: str) -> str:
    """The text, cut to MAX_EXCERPT characters."""
    return text[:MAX_EXCERPT] + "…" if len(text) > MAX_EXCERPT else text


def marked_spans(text: str, message: str) -> list[tuple[int, int]]:
    """Sorted (start, end) of every fragment the message quotes in the text; the whole text if none
    is found, unless the text is a whole table (several lines)."""
    spans: list[tuple[int, int]] = []
    # a long quote is cut with "…" (registry.MAX_QUOTE): what stands before it is still the cell's own text
    for fragment in sorted({m.group(1).strip().removesuffix("…") for m in QUOTED.finditer(message)}, key=len,
                           reverse=True):
        if len(fragment) < 2:
            continue
        start = text.find(fragment)
        while start >= 0:
            end = start + len(fragment)
            if not any(a < end and start < b for a, b in spans):
                spans.append((start, end))
            start = text.find(fragment, end)
    if not spans and "\n" not in text and text:
        return [(0, len(text))]
    return sorted(spans)
