"""A form's indicator rows with their parsed values: what every indicator rule reads, computed once per form.

The engine runs a form's rules one after another, so the rows of the form being checked are kept (one form
per thread: the web page lints in threads) and handed to every rule that asks; the next form replaces them,
so nothing outlives the form's checks but that one slot. A value is parsed once per distinct (value, unit,
comparator) besides, as the same few targets (≥95%, 100%) recur on most forms of a run.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from functools import cache

from linter.model import Form, Indicator
from linter.nlp.values import ParsedValue, parse_value

Row = tuple[int, Indicator, ParsedValue]  # the row's index in form.indicators, the row, its parsed value

_checked = threading.local()  # .rows: (the form being checked, its rows)


def rows(form: Form) -> tuple[Row, ...]:
    """The rows that have a name or a value, in order, with their parsed values; parsed once per form."""
    held = getattr(_checked, "rows", None)
    if held is not None and held[0] is form:  # the same object: a form is frozen, so its rows are too
        return held[1]
    found = tuple((i, ind, _parsed(ind)) for i, ind in enumerate(form.indicators) if ind.name.strip() or ind.value.strip())
    _checked.rows = (form, found)
    return found


def _parsed(ind: Indicator) -> ParsedValue:
    return _in_context(_parse_cached(ind.value, ind.unit, ind.comparator), ind.level2_key)


def _in_context(pv: ParsedValue, level2: str | None) -> ParsedValue:
    """What the 二级 type settles that the grammar leaves open: a date cell read as its serial (44,561) under
    时效 is that date; a number with a bare multiplier (5万, ≤500万/月) under 成本 is an amount in 元."""
    if pv.kind != "number":
        return pv
    if level2 == "timeliness" and "excel-serial" in pv.notes:
        return replace(pv, kind="date", unit_class="date", number=None)
    if level2 == "cost" and "multiplier-without-unit" in pv.notes:
        return replace(pv, kind="money", unit_class="money", amount_yuan=pv.number)
    return pv


@cache
def _parse_cached(value: str, unit: str, comparator: str) -> ParsedValue:
    return parse_value(value, unit, comparator)
