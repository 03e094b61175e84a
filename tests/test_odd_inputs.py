"""Odd goal texts and indicator values: a diagnostic or a clean pass, never a crash or a hang."""

from __future__ import annotations

import json
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


def goal_codes(found: set[tuple[str, str]]) -> set[tuple[str, str]]:
    return {(c, f) for c, f in found if f in ("long_term_goal", "annual_goal")}


@pytest.mark.parametrize("goal,expected", [
    (LONG_GOAL, {"G001", "G002", "G004"}),  # a slogan, copied into both goals
    ("Complete the 2021 audit plan: 45 projects 审计项目，覆盖率 100%。", {"G002"}),  # concrete: only the copy
    ("完成①②③项任务😀 and ＡＢＣ１２３", {"G002"}),
])
def test_long_and_mixed_script_goals_are_linted(goal, expected):
    found = goal_codes(codes_for({"long_term_goal": goal, "annual_goal": goal}))
    assert {c for c, _ in found} == expected


def test_traditional_characters_are_judged_as_their_simplified_text():
    traditional = "岳陽樓區價格認證鑒定中心做好涉案、價格認定工作"
    simplified = "岳阳楼区价格认证鉴定中心做好涉案、价格认定工作"
    assert goal_codes(codes_for({"long_term_goal": traditional, "annual_goal": traditional})) == \
        goal_codes(codes_for({"long_term_goal": simplified, "annual_goal": simplified}))


# Pasted runs found crashes (a 10,000-digit 零… overflowed int(); a concrete goal repeated 1,000 times
# overflowed exp()) and quadratic regexes (4 s on 一 × 10,000).
# (text, whether it must be called vague): runs of one digit or numeral carry no slogan and no 工作-type verb,
# a repeated concrete clause stays concrete, a repeated "零事故" is a slogan without a measure.
PATHOLOGICAL = [("零" * 10000, False), ("一" * 10000, False), ("1" * 10000 + "人", False), ("1" * 10000, False),
                ("完成培训1600人次；" * 1000, False), ("零事故，" * 2500, True), ("率" + "1" * 10000, False),
                ("十" * 10000, False), ("年" * 10000, False)]


@pytest.mark.parametrize("goal,vague", PATHOLOGICAL, ids=lambda g: f"{g[:4]}x{len(g)}" if isinstance(g, str) else str(g))
def test_pathological_long_goals_are_linted_promptly(goal, vague):
    start = time.perf_counter()
    found = codes_for({"long_term_goal": goal, "annual_goal": "2021年6月底前完成平台一期上线"})
    assert bool({c for c, f in found if f == "long_term_goal"} & {"G001", "G003"}) == vague
    assert not {c for c, f in found if f == "annual_goal"}, "the concrete annual goal is not blamed"
    assert time.perf_counter() - start < 5, "a hang guard, not a benchmark"


def test_a_ten_thousand_character_slogan_is_reported():
    found = codes_for({"long_term_goal": LONG_GOAL, "annual_goal": "2021年6月底前完成平台一期上线"})
    assert {c for c, f in found if f == "long_term_goal"} & {"G001", "G003"}


# (value, unit, level-2 category, the codes row 0 must get). Every value is read or named, none crashes.
ODD_VALUES = [
    ("  ≥ 95 %  ", "", "质量指标", set()), ("≥90\n%", "", "质量指标", set()), ("10", "%", "质量指标", set()),
    ("二100百分比", "", "质量指标", set()), ("1e12%", "", "质量指标", {"I017"}),  # a rate over 100 %
    ("", "", "数量指标", {"I001"}), ("**", "", "数量指标", {"I020"}),  # empty; a template's placeholder
    ("≥1600人次", "", "效率指标", {"I019"}), ("2024年12月31日前", "", "", {"I019"}),  # no such level-2 category
    # nothing a reviewer can grade; under 时效 and 成本 no time or amount either (the wrong shape, I003)
    ("🙂", "", "时效指标", {"I003", "I016"}), ("9" * 400, "万元", "成本指标", {"I003", "I016"}),
]


@pytest.mark.parametrize("value,unit,level2,expected", ODD_VALUES)
def test_odd_indicator_values_get_what_they_must(value, unit, level2, expected):
    row = {"level1": "产出指标", "level2": level2, "name": "某指标", "value": value, "unit": unit}
    found = codes_for({"indicators": [row, {"level1": "", "level2": "", "name": "", "value": ""}]})
    assert {c for c, f in found if f.startswith("indicators[0].")} == expected
    assert ("F001", "indicators[1].name") in found


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
    assert ("F001", "funds.total") in found and not {c for c, _ in found if c in ("F002", "F006")}
    assert time.perf_counter() - start < 5, "a hang guard, not a benchmark"


def test_a_megabyte_goal_is_an_f002_naming_its_field_and_the_other_forms_are_linted(tmp_path, jxlint):
    good = {"id": "A", "type": "project", "unit": "某局", "project": "某项目", "long_term_goal": "建成全市统一的政务服务平台",
            "annual_goal": "2021年6月底前完成平台一期上线"}
    huge = {**good, "id": "B", "annual_goal": "完成培训1600人次；" * 100_000}  # 1.1 million characters
    path = tmp_path / "forms.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, huge)) + "\n", encoding="utf-8")
    start = time.perf_counter()
    code, out, _ = jxlint("check", "--isolated", "--no-cache", "--format", "json", str(path))
    assert time.perf_counter() - start < 5
    found = json.loads(out)
    f002 = [d for d in found["diagnostics"] if d["code"] == "F002"]
    assert code == 1 and [(d["form_id"], d["field"]) for d in f002] == [("B", "annual_goal")]
    assert "1100000 字" in f002[0]["message"] and "过长无法检查" in f002[0]["message"]
    assert found["summary"]["forms"] == 1 and found["summary"]["unreadable"] == 1


def test_a_field_just_under_the_limit_is_still_checked_promptly():
    from linter.engine import MAX_FIELD_CHARS

    goal = ("全面提升城市管理水平，" * MAX_FIELD_CHARS)[:MAX_FIELD_CHARS]
    start = time.perf_counter()
    found = codes_for({"long_term_goal": goal, "annual_goal": goal})
    assert ("G001", "long_term_goal") in found
    assert time.perf_counter() - start < 5, "a hang guard, not a benchmark"
