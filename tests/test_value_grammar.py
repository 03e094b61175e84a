"""The value grammar (linter.nlp.values.parse_value), table-tested on the spellings of real published forms:
comparators in symbols and words, numbers, units with multipliers and per-units, dates, periods and ranges,
Excel serial dates, percent spellings and qualitative words; shapes it does not know come back as unknown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.nlp.quantities import comparator_spellings
from linter.nlp.values import comparator_of, parse_value, with_signs

# (value, expected fields); a field not listed is not checked here (tests/data/value_cases.yaml pins every field).
TABLE = [
    # comparators: symbols, words, guillemets, after the number
    ("≥95%", dict(kind="rate", comparator=">=", number=95, unit="%")),
    ("≧95%", dict(kind="rate", comparator=">=", number=95)),
    (">=95%", dict(kind="rate", comparator=">=", number=95)),
    ("大于等于95%", dict(kind="rate", comparator=">=", number=95)),
    ("不低于95%", dict(kind="rate", comparator=">=", number=95)),
    ("不少于30小时", dict(kind="duration", comparator=">=", number=30, unit="小时")),
    ("小于等于100万元", dict(kind="money", comparator="<=", amount_yuan=1_000_000)),
    ("等于100%", dict(kind="rate", comparator="=", number=100)),
    ("‹=5万元", dict(kind="money", comparator="<=", number=5, unit="万元")),
    ("60%及以上", dict(kind="rate", comparator=">=", number=60)),
    ("500人以上", dict(kind="quantity", comparator=">=", number=500, unit="人")),
    ("±3%以内", dict(kind="rate", comparator="<=", number=3)),
    # percent spellings
    ("≥90百分比", dict(kind="rate", comparator=">=", number=90, unit="%")),
    ("%=95百分比", dict(kind="rate", comparator="=", number=95, unit="%", notes=("unit-first",))),
    ("95%达标", dict(kind="rate", number=95, notes=("trailing-text",))),
    ("百分之九十五", dict(kind="rate", number=95)),
    ("0.00%", dict(kind="rate", number=0)),
    # numbers: grouped, Chinese, ranges
    ("1,290.3平方米", dict(kind="quantity", number=1290.3, unit="平方米")),
    ("三次", dict(kind="quantity", number=3, unit="次")),
    ("90%-95%", dict(kind="rate", number=90, number_high=95)),
    # units with multipliers and per-units
    ("=15万元/户", dict(kind="money", comparator="=", unit="万元/户", unit_class="money_per", amount_yuan=150_000)),
    ("30万元/年", dict(kind="money", unit="万元/年", unit_class="money_per")),
    ("200元/人·月", dict(kind="money", unit="元/人·月", unit_class="money_per", amount_yuan=200)),
    ("≥5次/年", dict(kind="frequency", comparator=">=", number=5, unit="次/年")),
    ("300万", dict(kind="number", number=3_000_000, notes=("multiplier-without-unit",))),
    ("≤500万/月", dict(kind="number", comparator="<=", number=5_000_000, notes=("multiplier-without-unit", "per-unit"))),
    ("375万平方米", dict(kind="quantity", number=3_750_000, unit="平方米")),
    # durations and counts
    ("=200天", dict(kind="duration", comparator="=", number=200, unit="天")),
    ("≤7工作日", dict(kind="duration", comparator="<=", number=7, unit="工作日")),
    ("10个工作日", dict(kind="duration", number=10, unit="工作日")),
    ("≤6个", dict(kind="quantity", comparator="<=", number=6, unit="个")),
    # dates and deadlines
    ("2021年6月30日前", dict(kind="date", comparator="<=", year=2021, month=6, day=30)),
    ("2025年年底前", dict(kind="date", comparator="<=", year=2025, month=12)),
    ("2023年12月前", dict(kind="date", comparator="<=", year=2023, month=12)),
    ("12月底前", dict(kind="date", comparator="<=", month=12)),
    # periods and ranges in every spelling
    ("2022.03-2022.12", dict(kind="date", year=2022, month=12, notes=("period",))),
    ("2022.1-2022.12", dict(kind="date", year=2022, month=12, notes=("period",))),
    ("2021年1月--2021年10月", dict(kind="date", year=2021, month=10, notes=("period",))),
    ("2021.1.1-12.31", dict(kind="date", year=2021, month=12, day=31, notes=("period",))),
    ("2022年1月-12月", dict(kind="date", year=2022, month=12, notes=("period",))),
    ("2022年1-12月", dict(kind="date", year=2022, month=12, notes=("period",))),
    ("1-12月", dict(kind="date", month=12, notes=("period",))),
    ("2024-2026年", dict(kind="date", year=2026, notes=("period",))),
    ("1-2个月", dict(kind="duration", number=1, number_high=2, unit="个月")),
    # Excel serial dates: noted with their date, the type decides (44,561 = 2021-12-31)
    ("44,561", dict(kind="number", number=44561, year=2021, month=12, day=31, notes=("excel-serial",))),
    ("44197", dict(kind="number", year=2021, month=1, day=1, notes=("excel-serial",))),
    ("550", dict(kind="number", number=550, year=None, notes=())),
    # qualitative: grades, judgements, ungradable
    ("达标", dict(kind="qualitative", gradable=True, evaluative=False)),
    ("验收合格", dict(kind="qualitative", gradable=True, evaluative=False)),
    ("良好", dict(kind="qualitative", gradable=True, evaluative=True)),
    ("有效", dict(kind="qualitative", evaluative=True)),
    ("健全", dict(kind="qualitative", evaluative=True)),
    ("深远", dict(kind="qualitative", evaluative=True)),
    ("效果明显", dict(kind="qualitative", evaluative=True)),
    ("经济效益良好", dict(kind="qualitative", evaluative=True)),
    ("显著改善", dict(kind="qualitative", evaluative=True)),
    ("持续改善", dict(kind="qualitative", gradable=False)),
    ("及时", dict(kind="qualitative", gradable=False)),
    ("2021年全年", dict(kind="qualitative", gradable=False)),
    ("否", dict(kind="qualitative", gradable=False)),
    # unknown shapes: reported as such, never guessed
    ("公里", dict(kind="text", notes=("unit-only",))),
    ("元/人·月", dict(kind="text", notes=("unit-only",))),
    ("≧ %", dict(kind="text", notes=("comparator-and-unit-only",))),
    ("≥", dict(kind="text", notes=("comparator-only",))),
    ("#REF!", dict(kind="empty")),
    ("按质按量完成", dict(kind="text", notes=())),
    ("九成", dict(kind="text")),
    # ranges whose 万 belongs to the shared unit, and a bare multiplier after words (its 元 comes from the type)
    ("5万至10万元", dict(kind="money", number=5, number_high=10, unit="万元")),
    ("800万-1000万元", dict(kind="money", number=800, number_high=1000, amount_yuan=8_000_000)),
    ("约800万", dict(kind="number", number=8_000_000)),
]


@pytest.mark.parametrize(("value", "expected"), TABLE, ids=[v for v, _ in TABLE])
def test_value_grammar(value, expected):
    parsed = parse_value(value)
    actual = {k: getattr(parsed, k) for k in expected}
    for k in ("number", "number_high", "amount_yuan"):
        if expected.get(k) is not None:
            expected = {**expected, k: pytest.approx(expected[k])}
    assert actual == expected


@pytest.mark.parametrize(("spelling", "op"), sorted(comparator_spellings()[0].items()))
def test_every_comparator_spelling_reads_alone_and_before_a_number(spelling, op):
    assert comparator_of(spelling) == op
    assert parse_value(f"{spelling}95%").comparator == op
    assert with_signs(f"{spelling}95%") == {">=": "≥", "<=": "≤"}.get(op, op) + "95%"


def test_columns_supply_what_the_value_lacks():
    parsed = parse_value("95", unit="百分比", comparator="大于等于")
    assert (parsed.kind, parsed.comparator, parsed.number, parsed.unit) == ("rate", ">=", 95, "%")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_never_raises_and_keeps_the_text(text):
    assert parse_value(text).raw == text
