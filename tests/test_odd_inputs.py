"""Odd goal texts and indicator values: a diagnostic or a clean pass, never a crash or a hang."""

from __future__ import annotations

import time

import pytest

from linter.config import Settings
from linter.engine import lint_forms
from tests.conftest import make_form

LONG_GOAL = "全面提升城市管理水平，" * 1000  # 10,000 characters


def codes_for(record: dict) -> set[tuple[str, str]]:
    diagnostics, _, _ = lint_forms([make_form({"type": "project", "unit": "某局", "project": "某项目", **record})], Settings())
    return {(d.code, d.field) for d in diagnostics}


@pytest.mark.parametrize("goal", ["", "   ", "\n\t", "无", "/", "同上", "详见附件", "——"])
def test_empty_and_placeholder_goals_are_g006_only(goal):
    found = codes_for({"long_term_goal": "建成全市统一的政务服务平台", "annual_goal": goal})
    assert ("G006", "annual_goal") in found
    assert not {c for c, f in found if f == "annual_goal"} - {"G006"}


@pytest.mark.parametrize("goal", [
    LONG_GOAL,
    "Complete the 2021 audit plan: 45 projects 审计项目，覆盖率 100%。",
    "完成①②③项任务😀 and ＡＢＣ１２３",
    "岳陽樓區價格認證鑒定中心做好涉案、價格認定工作",
])
def test_long_and_mixed_script_goals_are_linted(goal):
    found = codes_for({"long_term_goal": goal, "annual_goal": goal})
    assert all(code[0] in "FGIBS" for code, _ in found)


# Pasted runs found crashes (a 10,000-digit 零… overflowed int(); a concrete goal repeated 1,000 times
# overflowed exp()) and quadratic regexes (4 s on 一 × 10,000).
PATHOLOGICAL = ["零" * 10000, "一" * 10000, "1" * 10000 + "人", "1" * 10000, "完成培训1600人次；" * 1000,
                "零事故，" * 2500, "率" + "1" * 10000, "十" * 10000, "年" * 10000]


@pytest.mark.parametrize("goal", PATHOLOGICAL, ids=lambda g: f"{g[:4]}x{len(g)}")
def test_pathological_long_goals_are_linted_promptly(goal):
    start = time.perf_counter()
    found = codes_for({"long_term_goal": goal, "annual_goal": "2021年6月底前完成平台一期上线"})
    assert all(code[0] in "FGIBS" for code, _ in found)
    assert time.perf_counter() - start < 5, "a hang guard, not a benchmark"


def test_a_ten_thousand_character_slogan_is_reported():
    found = codes_for({"long_term_goal": LONG_GOAL, "annual_goal": "2021年6月底前完成平台一期上线"})
    assert {c for c, f in found if f == "long_term_goal"} & {"G001", "G003"}


@pytest.mark.parametrize("value,unit,level2", [
    ("  ≥ 95 %  ", "", "质量指标"), ("≥90\n%", "", "质量指标"), ("二100百分比", "", "质量指标"), ("1e12%", "", "质量指标"),
    ("", "", "数量指标"), ("**", "", "数量指标"), ("10", "%", "质量指标"), ("≥1600人次", "", "效率指标"),
    ("2024年12月31日前", "", ""), ("🙂", "", "时效指标"), ("9" * 400, "万元", "成本指标"),
])
def test_odd_indicator_values_never_crash(value, unit, level2):
    row = {"level1": "产出指标", "level2": level2, "name": "某指标", "value": value, "unit": unit}
    found = codes_for({"indicators": [row, {"level1": "", "level2": "", "name": "", "value": ""}]})
    assert all(code.startswith(("F", "G", "I", "B", "S")) for code, _ in found)


def test_unknown_level2_is_i019():
    row = {"level1": "产出指标", "level2": "效率指标", "name": "审批办结时间", "value": "≤5个工作日"}
    assert ("I019", "indicators[0].level2") in codes_for({"indicators": [row]})


@pytest.mark.parametrize("text", ["零" * 10000, "1" * 10000 + "人", "≥" + "9" * 5000 + "%", "1." * 5000, "十" * 10000],
                         ids=lambda t: f"{t[:4]}x{len(t)}")
def test_pathological_text_in_every_field_is_linted_promptly(text):
    start = time.perf_counter()
    found = codes_for({
        "project": text, "basis": text, "long_term_goal": text, "annual_goal": text,
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": text, "value": text, "unit": text[:50]},
                       {"level1": "产出指标", "level2": "时效指标", "name": "完成", "value": text}],
        "schedule": [{"period": text, "content": text, "amount": 1}],
    })
    assert found and all(code[0] in "FGIBS" for code, _ in found)
    assert time.perf_counter() - start < 5, "a hang guard, not a benchmark"
