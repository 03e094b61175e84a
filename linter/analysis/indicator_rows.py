"""A form's indicator rows with their parsed values: what every indicator rule reads, computed once per form.

The engine runs a form's rules one after another, so the rows of the form being checked are kept (one form
per thread: the web page lints in threads) and handed to every rule that asks; the next form replaces them,
so nothing outlives the form's checks but that one slot. A value is parsed once per distinct (value, unit,
comparator) besides, as the same few targets (≥95%, 100%) recur on most forms of a run.
"""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from functools import cache

from linter.model import Form, Indicator
from linter.nlp.indicator_text import is_rate_name
from linter.nlp.normalize import nfkc
from linter.nlp.quantities import find_dates, find_quantities
from linter.nlp.values import ParsedValue, parse_value

PERCENT_FROM_NAME = "percent-from-name"  # a bare number read as a percentage because the name is a rate
FIGURE_IN_TEXT = "figure-in-text"  # a value sentence that states its figure: checkable, though not in a value's shape
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
    return _in_context(_parse_cached(ind.value, ind.unit, ind.comparator), ind)


def _in_context(pv: ParsedValue, ind: Indicator) -> ParsedValue:
    """What the row settles that the grammar leaves open: a date cell read as its serial (44,561) under 时效 is
    that date; a number with a bare multiplier (5万, ≤500万/月) under 成本 is an amount in 元; a bare number on a
    rate's name (验收合格率 100, 满意度 12) is a percentage — the note says it was read so, for the messages. A
    number up to 1 may be a fraction (0.95) and is left as it is. A sentence that states its figure is noted, so no
    rule calls it ungradable or the wrong shape."""
    if pv.kind == "text" and _states_a_target(nfkc(ind.value)):
        return replace(pv, notes=(*pv.notes, FIGURE_IN_TEXT))
    if pv.kind != "number":
        return pv
    if ind.level2_key == "timeliness" and "excel-serial" in pv.notes:
        return replace(pv, kind="date", unit_class="date", number=None)
    if ind.level2_key == "cost" and "multiplier-without-unit" in pv.notes:
        return replace(pv, kind="money", unit_class="money", amount_yuan=pv.number)
    if pv.number is not None and pv.number > 1 and "excel-serial" not in pv.notes and is_rate_name(ind.name):
        return replace(pv, kind="rate", unit="%", unit_class="percent", notes=(*pv.notes, PERCENT_FROM_NAME))
    return pv


_BOUND = re.compile(r"(?:[≥≤><]=?|不(?:少|低|高|超|多)于|达到?|控制在)\s*\d")


def _states_a_target(text: str) -> bool:
    """Somewhere in the sentence a quantity with its unit (每月3000本, 合格率达100%), a deadline (12月底前) or a bound
    on a number (≥0.97比例, 不少于30小时): what it asks for can be checked, though not in the value's own shape."""
    return bool(find_quantities(text) or _BOUND.search(text)
                or any(d.kind == "deadline" for d in find_dates(text)))


@cache
def _parse_cached(value: str, unit: str, comparator: str) -> ParsedValue:
    return parse_value(value, unit, comparator)
