"""Concrete elements of goals: what makes a goal checkable, and what is only incidental."""

from __future__ import annotations

import pytest

from linter.nlp.elements import concrete_elements, incidental_numbers
from linter.nlp.slogans import slogan_hits


@pytest.mark.parametrize("text,kinds", [
    ("2020年全年培训党员干部1600人", ["quantity"]),
    ("垃圾无害化处理率达到95%", ["rate"]),
    ("12月底前完成验收", ["date"]),
    ("每季度开展一次安全检查", ["frequency", "quantity"]),
    ("完成全市72座电视转播铁塔维修", ["quantity"]),
    ("组织2021年全市小学期末考试", ["deliverable"]),
    ("编制《岳阳市国土空间总体规划》", ["deliverable"]),
    # incidental numerals and bare rates are not elements
    ("增强四个意识，坚定四个自信，做到两个维护", []),
    ("打好三大攻坚战，督促一府两院依法行政", []),
    ("确保100%完成", []),
    ("全面提升城市管理水平", []),
    ("2021年保障单位正常运转", []),
])
def test_concrete_elements(text, kinds):
    assert [e.kind for e in concrete_elements(text)] == kinds


def test_slogan_hits_quote_the_phrases():
    hits = slogan_hits("抓难点、促突破，推进口岸经济发展；抓申报，促建设，推进口岸平台拓展；抓项目，促发展，推进口岸功能完善")
    assert "抓难点、促突破" in hits["parallel"] and "推进口岸平台拓展" in hits["parallel"]
    assert slogan_hits("2021年举办主体班12期，培训党员干部1600人次") == {}


@pytest.mark.parametrize("text,numbers", [
    ("1：加强学习 2、抓好开馆 3)完善制度", []),            # indexes with no line break before them
    ("明确高考趋势.3.建立高三教学的新模式", []),            # an index after a full stop written as "."
    ("全年增长8%，事故为0", ["8%", "0"]),                  # numbers no element was read from
    ("完成率提高1.5.个百分点", ["1.5"]),                   # a decimal is no index, even before a stray "."
])
def test_list_indexes_are_no_numbers_of_the_goal(text, numbers):
    assert [e.text for e in incidental_numbers(text) if any(c.isdigit() for c in e.text)] == numbers
