"""linter.nlp.numbers and linter.nlp.quantities: numerals, quantities and dates in free text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.nlp.numbers import parse_chinese_number, plain_number, to_halfwidth
from linter.nlp.quantities import find_dates, find_quantities, read_amount


@pytest.mark.parametrize("text, expected", [
    ("三", 3), ("十二", 12), ("一百二十", 120), ("两千三百零五", 2305), ("一百零五", 105), ("壹佰贰拾", 120),
    ("〇", 0), ("零", 0), ("二〇二一", 2021), ("一" * 18, 111_111_111_111_111_111), ("三点五", 3.5), ("十万", 100_000), ("一亿二千万", 120_000_000),
    ("两千三", 2300), ("一万五", 15_000), ("百分之九十五", 95), ("百分之5", 5),
    ("1600", 1600), ("1,000.00", 1000), ("1.5万", 15_000), ("3千万", 30_000_000), ("５０", 50), (" 12 ", 12),
])
def test_parse_chinese_number(text, expected):
    assert parse_chinese_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "万", "abc", "十二人", "一二十", "1e12", "百分之", "1,2", "零" * 19, "一" * 10000])
def test_parse_chinese_number_rejects(text):
    assert parse_chinese_number(text) is None


@pytest.mark.parametrize("text, expected", [
    ("＞＝９５％", ">=95%"), ("（一）ＡＢｃ", "(一)ABc"), ("１，０００．００元", "1,000.00元"),
    ("甲\u3000乙", "甲 乙"), ("〔2019〕10号。、", "〔2019〕10号。、"), ("≥≤", "≥≤"),
])
def test_to_halfwidth(text, expected):
    assert to_halfwidth(text) == expected


# (text, [(quantity text, number, unit, unit_class)])
QUANTITIES = [
    ("全年培训三次", [("三次", 3, "次", "count")]),
    ("培训党员干部一百二十人", [("一百二十人", 120, "人", "count")]),
    ("全年培训1600人次", [("1600人次", 1600, "人次", "count")]),
    ("满意度达95%以上", [("95%", 95, "%", "percent")]),
    ("新建道路2.5公里", [("2.5公里", 2.5, "公里", "length")]),
    ("经费拨款395.08万元", [("395.08万元", 395.08, "万元", "money")]),
    ("支付1,000.00元", [("1,000.00元", 1000, "元", "money")]),
    ("完成10个村的污水管网建设", [("10个", 10, "个", "count")]),
    ("养护375万平方米绿地", [("375万平方米", 3_750_000, "平方米", "area")]),
    ("百分之九十五的群众满意", [("百分之九十五", 95, "%", "percent")]),
    ("补助500元/人·月", [("500元/人·月", 500, "元/人·月", "money_per")]),
    ("巡查1次/月", [("1次/月", 1, "次/月", "frequency")]),
    ("射程80M，存储25TB", [("80M", 80, "米", "length"), ("25TB", 25, "TB", "other")]),
    ("培训１６００人次", [("１６００人次", 1600, "人次", "count")]),
    ("2021年6月30日前完成10个村", [("10个", 10, "个", "count")]),
    ("每季度完成一次培训", [("一次", 1, "次", "count")]),
    ("6个月内完成", [("6个月", 6, "个月", "duration")]),
]


@pytest.mark.parametrize("text, expected", QUANTITIES, ids=[t for t, _ in QUANTITIES])
def test_find_quantities(text, expected):
    found = [(q.text, q.number, q.unit, q.unit_class) for q in find_quantities(text)]
    assert found == [(t, pytest.approx(n), u, c) for t, n, u, c in expected]
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text, comparator", [
    ("满意度95%以上", ">="), ("不少于200人", ">="), ("≥90辆", ">="), ("6个月内", "<="), ("不超过120万元", "<="), ("培训3次", None),
])
def test_quantity_comparator(text, comparator):
    (quantity,) = find_quantities(text)
    assert quantity.comparator == comparator


def test_quantity_range():
    (q,) = find_quantities("每年开展3~5次")
    assert (q.text, q.number, q.number_high, q.unit) == ("3~5次", 3, 5, "次")
    (q,) = find_quantities("合格率90%-95%")
    assert (q.number, q.number_high, q.unit) == (90, 95, "%")


@pytest.mark.parametrize("text", [
    "1.完成年度拆违任务", "1、加强管理", "（一）加强管理", "一、总体目标", "(2)规范流程",
    "依据湘财预〔2019〕10号文件", "财预〔2021〕101号", "2020年完成", "二〇二〇年", "2021年度预算", "6月30日前",
    "第三次会议", "第1期", "十分重要", "一次性补助", "一起推进", "一方面加强", "二期工程", "拨打12345热线", "5G网络",
    "G20峰会", "庆祝建党100周年", "三分之一", "三年级学生", "推进一件事一次办", "抓难点、促突破", "",
])
def test_not_quantities(text):
    assert find_quantities(text) == []


# (text, [(mention text, year, month, day, kind)])
DATES = [
    ("12月底前", [("12月底前", None, 12, None, "deadline")]),
    ("2021年6月30日前", [("2021年6月30日前", 2021, 6, 30, "deadline")]),
    ("2024年12月31日前完成", [("2024年12月31日前", 2024, 12, 31, "deadline")]),
    ("年底前", [("年底前", None, 12, None, "deadline")]),
    ("2021年底前完成", [("2021年底前", 2021, 12, None, "deadline")]),
    ("截至2022年12月31日", [("截至2022年12月31日", 2022, 12, 31, "deadline")]),
    ("十二月底", [("十二月底", None, 12, None, "deadline")]),
    ("2020年", [("2020年", 2020, None, None, "date")]),
    ("二〇二一年", [("二〇二一年", 2021, None, None, "date")]),
    ("2024年6月", [("2024年6月", 2024, 6, None, "date")]),
    ("2025-06-30", [("2025-06-30", 2025, 6, 30, "date")]),
    ("6月30日", [("6月30日", None, 6, 30, "date")]),
    ("上半年", [("上半年", None, 6, None, "period")]),
    ("第三季度", [("第三季度", None, 9, None, "period")]),
    ("2024年第三季度末前", [("2024年第三季度末前", 2024, 9, None, "deadline")]),
    ("全年", [("全年", None, None, None, "period")]),
    ("2024年-2026年", [("2024年-2026年", 2026, None, None, "period")]),
    ("2024-2026年", [("2024-2026年", 2026, None, None, "period")]),
    ("每季度", [("每季度", None, None, None, "frequency")]),
    ("每月", [("每月", None, None, None, "frequency")]),
    ("1次/月", [("1次/月", None, None, None, "frequency")]),
    ("按月安排", [("按月", None, None, None, "frequency")]),
    ("一月一次", [("一月一次", None, None, None, "frequency")]),
    ("2021年1月启动，6月底前完成，每季度通报",
     [("2021年1月", 2021, 1, None, "date"), ("6月底前", None, 6, None, "deadline"), ("每季度", None, None, None, "frequency")]),
]


@pytest.mark.parametrize("text, expected", DATES, ids=[t for t, _ in DATES])
def test_find_dates(text, expected):
    found = [(d.text, d.year, d.month, d.day, d.kind) for d in find_dates(text)]
    assert found == expected


@pytest.mark.parametrize("text, period, count", [("每季度", "季度", None), ("1次/月", "月", 1), ("每月2次", "月", 2), ("每年", "年", None)])
def test_frequency_period(text, period, count):
    (mention,) = find_dates(text)
    assert (mention.period, mention.count) == (period, count)


@pytest.mark.parametrize("text", ["依据〔2019〕10号", "6个月", "培训1600人次", "逐年递减", "每人补助", "2013", "13月", "32日", "3000年"])
def test_not_dates(text):
    assert find_dates(text) == []


def test_invalid_month_falls_back_to_year():
    assert [(d.text, d.year, d.month) for d in find_dates("2021年13月")] == [("2021年", 2021, None)]


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_plain_number_is_the_number_without_exponent_or_noise(x):
    text = plain_number(x)
    assert "e" not in text.lower() and float(text) == round(x, 6)
    fixed = plain_number(x, 2)
    assert float(fixed) == round(x, 2) and len(fixed.split(".")[1]) == 2 and not fixed.startswith("-0.00")


@pytest.mark.parametrize("x,text", [(2500000.0, "2500000"), (0.1 + 0.2, "0.3"), (1850.0, "1850"), (1e23, "1" + "0" * 23),
                                    (-0.0, "0"), (12.5, "12.5")])
def test_plain_number_examples(x, text):
    assert plain_number(x) == text


@pytest.mark.parametrize("text,low,high,unit", [("5万至10万元", 5, 10, "万元"), ("800万-1000万元", 800, 1000, "万元"),
                                                ("800-1000万元", 800, 1000, "万元"), ("1.2万-1.5万人次", 12000, 15000, "人次")])
def test_a_range_shares_its_unit_and_multiplier(text, low, high, unit):
    amount = read_amount(text)
    assert (amount.number, amount.number_high, amount.unit.name) == (low, high, unit)
