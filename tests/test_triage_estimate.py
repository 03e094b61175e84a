"""Triage of department goal tables: the experts' scores as data, the fitted estimate (every point
lost has a reason, unseen sections estimated with an interval), and the per-unit view."""

from __future__ import annotations

import json

import pytest

from linter import review_scores, triage_model
from linter.triage import Rubric, triage
from linter.triage_units import by_unit
from linter.units import unit_key
from tests.conftest import ROOT, SEED, make_form

SCORES = ROOT / "corpora" / "review" / "review_scores.jsonl"
SECTIONS_JSON = {"basic_info": 10, "goal": 3, "indicators": 17, "indicator_values": 5, "fund_management": 8,
                 "timeliness": 10, "completeness": 10, "quality": 11}


def dept(unit, goal, form_id="D1"):
    return make_form({"id": form_id, "type": "department", "unit": unit, "annual_goal": goal, "complete": False},
                     path="d.jsonl")  # a goal-table row, as in the seed


def project(unit, name, form_id):
    return make_form({"id": form_id, "unit": unit, "project": name, "annual_goal": "完成" + name}, path="p.jsonl")


# --- unit names ---------------------------------------------------------------------------

@pytest.mark.parametrize("short, full", [
    ("岳阳七中", "岳阳市第七中学"),              # the ordinal rule, for a school the seed does not have
    ("岳阳十一中", "岳阳市第十一中学"),
    ("市城管局", "岳阳市城市管理和综合执法局"),  # an alias written with 岳阳市 found without it
    ("岳阳市环保局", "岳阳市生态环境局"),
    ("岳阳市生态环境保护局平江分局", "岳阳市生态环境局平江分局"),
])
def test_short_names_find_the_full_name(short, full):
    assert unit_key(short) == unit_key(full)


def test_different_schools_stay_different():
    assert unit_key("岳阳六中") != unit_key("岳阳市第十六中学")
    assert unit_key("岳阳三中") != unit_key("岳阳市岳化三中")  # the annex lists both


def test_every_annex_row_finds_its_department_form_or_is_reported():
    rows, problems = review_scores.load(SCORES)
    lines = (SEED / "department_goals.jsonl").read_text(encoding="utf-8").splitlines()
    forms = [make_form({**json.loads(line), "type": "department"}) for line in lines]
    matches, more = review_scores.match(rows, forms)
    assert len(rows) == 155 and len(matches) >= 148
    matched = {m.score.row_no for m in matches}
    for r in rows:
        if r.row_no not in matched:  # never dropped silently
            assert any(f"row {r.row_no} " in p or f"(row {r.row_no})" in p for p in problems + more), r


# --- bad input ----------------------------------------------------------------------------

def test_scores_file_problems_name_the_file_and_row(tmp_path):
    good = {"row_no": 1, "unit": "甲局", "scores": SECTIONS_JSON, "total": 74}
    missing = {"row_no": 2, "unit": "乙局", "scores": {k: v for k, v in SECTIONS_JSON.items() if k != "quality"}, "total": 63}
    wrong_total = {**good, "row_no": 3, "unit": "丙局", "total": 70}
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (good, missing, wrong_total)) + "\n{oops\n",
                    encoding="utf-8")
    rows, problems = review_scores.load(path)
    assert [r.unit for r in rows] == ["甲局", "丙局"]  # a wrong total is reported, the row kept
    assert any(f"{path}:2" in p and "quality" in p for p in problems)
    assert any(f"{path}:3" in p and "74" in p and "70" in p for p in problems)
    assert any(f"{path}:4" in p for p in problems)


def test_matching_reports_twins_missing_and_nameless_forms():
    rows = [review_scores.ExpertScore(1, "科技局", {}, 0), review_scores.ExpertScore(2, "岳阳科技局", {}, 0),
            review_scores.ExpertScore(3, "某某办", {}, 0), review_scores.ExpertScore(4, "岳阳市民政局", {}, 0)]
    forms = [dept("岳阳市科学技术局", "x", "D1"), dept("", "x", "D2"), dept("岳阳市民政局", "x", "D3"),
             dept("岳阳市民政局", "y", "D4")]
    matches, problems = review_scores.match(rows, forms)
    assert [m.score.row_no for m in matches] == [4]
    text = "\n".join(problems)
    assert "row 1" in text and "row 2" in text and "neither is used" in text
    assert "row 3 某某办: no department form" in text
    assert "D2: department form without a unit name" in text and "D3, D4" in text


# --- the estimate -------------------------------------------------------------------------

def test_shipped_weights_are_shortfall_costs_with_reasons():
    data = triage_model.model()
    rubric = Rubric.load()
    assert set(data["sections"]) == {s.name for s in rubric.sections}
    for name, sec in data["sections"].items():
        assert 0 <= sec["start"] <= sec["points"] and sec["interval"] > 0
        assert all(w > 0 for w in sec["weights"].values())  # a shortfall can only cost points
        assert set(sec["weights"]) <= set(triage_model.evidence().get(name, ()))
        for feature in sec["weights"]:
            assert triage_model.reason(feature) != feature


@pytest.fixture(scope="module")
def seed_triage():
    from linter.config import load_config
    from linter.engine import lint_paths

    report = lint_paths([str(SEED)], load_config(SEED / "jxlint.toml"))
    return triage(report.forms, report.diagnostics, Rubric.load())


def test_every_point_lost_has_a_reason_and_no_section_keeps_full_marks_by_default(seed_triage):
    depts = [s for s in seed_triage if s.form_type == "department"]
    assert len(depts) == 157  # 154 department goal tables and 3 repeated staffing rows, each triaged on its own
    for s in depts:
        assert s.score == pytest.approx(100 - sum(r.points for r in s.reasons()), abs=0.05)
        assert all(r.message and r.sections for r in s.reasons())
        for sec in s.sections:
            assert sec.estimated and sec.low <= sec.score <= sec.high
    grades = {s.grade for s in depts}
    assert "优秀" not in grades and len(grades) >= 2  # the experts gave 1 % 优秀


def test_a_richer_goal_never_scores_lower():
    thin = dept("岳阳市某局", "做好各项工作。")
    rich = dept("岳阳市某局", "1.完成培训1600人次；\n2.2021年6月底前建成档案系统1套；\n3.办结信访案件120件，办结率100%；\n"
                "4.开展执法检查24次；\n5.发放补助资金300万元，惠及2000户；\n6.年底前完成3个项目验收。")
    empty = dept("岳阳市某局", "")
    scores = {s.form_id: s.score for s in triage([thin], [], Rubric.load()) + triage([rich], [], Rubric.load())}
    [blank] = triage([empty], [], Rubric.load())
    assert blank.score <= scores["D1"] and blank.grade not in ("优秀", "良好")
    t, r = triage([thin], [], Rubric.load())[0], triage([rich], [], Rubric.load())[0]
    assert r.score > t.score and r.sections[1].score > t.sections[1].score  # 绩效目标


# --- per unit -----------------------------------------------------------------------------

def test_units_hold_every_form_once_and_report_what_is_odd():
    forms = [dept("岳阳市交通运输局", "完成道路10公里", "D1"), project("岳阳市交通局", "公路养护", "P1"),
             project("岳阳市某中心", "设备购置", "P2"), project("", "无名项目", "P3"),
             dept("岳阳市民政局", "a", "D2"), dept("岳阳市民政局", "b", "D3")]
    units = by_unit(triage(forms, [], Rubric.load()), Rubric.load())
    assert sorted(f.form_id for u in units for f in u.forms) == ["D1", "D2", "D3", "P1", "P2", "P3"]
    transport = next(u for u in units if u.department and u.department.form_id == "D1")
    assert [f.form_id for f in transport.forms] == ["D1", "P1"] and transport.score == transport.department.score
    by_first = {u.forms[0].form_id: u for u in units}
    assert "没有部门整体支出表" in by_first["P2"].problems[0]
    assert "未填单位" in by_first["P3"].problems[0] and by_first["P3"].key == ""
    civil = next(u for u in units if u.key == unit_key("岳阳市民政局"))
    assert "D2" in civil.problems[0] and "D3" in civil.problems[0]
    assert [u.rank for u in units] == list(range(1, len(units) + 1))
    assert [u.score for u in units] == sorted(u.score for u in units)


def test_top_limits_units_not_reasons(jxlint):
    code, out, _ = jxlint("triage", "--format", "json", "--by", "unit", "--top", "3", "--reasons", "2", str(SEED))
    data = json.loads(out)
    assert code == 0 and len(data["units"]) == 3 and data["by"] == "unit"
    assert all(len(f["reasons"]) == 2 for u in data["units"] for f in u["forms"] if f["form_type"] == "department")
    code, out, _ = jxlint("triage", "--format", "json", "--top", "4", str(SEED))
    assert len(json.loads(out)["forms"]) == 4
    code, _, err = jxlint("triage", "--format", "html", "--by", "unit", str(SEED))
    assert code == 2 and "--by unit" in err
