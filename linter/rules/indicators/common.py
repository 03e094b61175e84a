"""What every indicator rule reads besides its rows (linter.analysis.indicator_rows): a row's name and type for
messages, the indicator rulesets, the direction a name prefers, the form the examples are built on, and the
citations several rules share."""

from __future__ import annotations

from functools import cache

from linter import hierarchy
from linter.model import Indicator
from linter.registry import CAIYU_2015_88, CAIYU_2021_101, cite
from linter.rulesets import load_ruleset


@cache
def indicator_types() -> dict:
    return load_ruleset("indicator_types")["types"]


@cache
def indicator_words() -> dict:
    return load_ruleset("indicator_words")


def display_name(ind: Indicator, i: int) -> str:
    """The indicator's name for messages; its row when the form left the name empty."""
    return ind.name.strip() or f"第{i + 1}行（未填名称）"


def has_any(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def type_label(ind: Indicator) -> str:
    return ind.level2 or (hierarchy.standard_name("level2", ind.level2_key) if ind.level2_key else "该类")


def example_form(**rows_and_fields) -> dict:
    """A minimal project form with the given indicator rows, for rule examples."""
    indicators = rows_and_fields.pop("indicators")
    return {"type": "project", "unit": "某局", "project": "某项目", "budget_year": 2021,
            "indicators": [dict(zip(("level1", "level2", "name", "value"), r)) for r in indicators], **rows_and_fields}


# Citations several indicator rules share.
VALUES_BY_TYPE = cite(CAIYU_2021_101, "各类指标的取值", "how each type of indicator takes its value")
DETAILED = cite(CAIYU_2015_88, "绩效目标要细化量化", "targets must be detailed and quantified")


def polarity_of(ind: Indicator) -> str | None:
    """Which way the name is better: "lower" (costs, error rates), "higher" (pass rates, satisfaction) or None."""
    words = indicator_words()
    name = ind.name.strip()
    if name.endswith("率") and not name.endswith(tuple(words["higher_is_better"]["words"])):
        # a rate of money is not a cost: 支出金额节约率 is a saving, 经费发放率 a share paid out; 逾期发放率 still
        # counts what went wrong
        lower = words["lower_is_better"]
        return "lower" if has_any(name, [w for w in lower["words"] if w not in lower["money_words"]]) else None
    if ind.level2_key == "cost" or has_any(ind.name, words["lower_is_better"]["words"]):
        if not has_any(ind.name, words["higher_is_better"]["words"]):
            return "lower"
    if ind.level2_key == "satisfaction" or has_any(ind.name, words["higher_is_better"]["words"]):
        return "higher"
    return None
