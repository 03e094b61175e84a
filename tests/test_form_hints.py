"""Fix hints built from the form itself (deadlines inside its period, amounts from its funds), and the
generic example when the form gives nothing to build on; driven through `jxlint check` as a process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date

import yaml
from hypothesis import given, settings, strategies as st

from linter.model import Form
from linter.analysis.form_dates import annual_window, milestones
from tests.conftest import ROOT

BASE = {"type": "project", "budget_year": 2021, "unit": "某局", "project": "村级污水管网建设",
        "annual_goal": "完成3个村污水管网建设，铺设管网3公里",
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "管网长度", "value": "≥3公里"},
                       {"level1": "产出指标", "level2": "时效指标", "name": "完成时间", "value": "12月31日前"}]}


def hints(tmp_path, **changes) -> dict[str, str]:
    """{code: hint} of `jxlint check` on one form: BASE with `changes` (None removes a key)."""
    record = {k: v for k, v in {**BASE, **changes}.items() if v is not None}
    path = tmp_path / f"form{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "linter", "check", "--isolated", "--format", "json", str(path)],
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    return {d["code"]: d["hint"] for d in json.loads(done.stdout)["diagnostics"]}


def dates_in(text: str) -> list[date]:
    return [date(int(y), int(m), int(d)) for y, m, d in re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)]


def test_deadlines_in_the_hints_lie_inside_the_projects_period(tmp_path):
    ends_in_september = hints(tmp_path, period={"start": "2021-03-01", "end": "2021-09-30"},
                              schedule=[{"period": "全年", "content": "完成建设"}])
    milestone = dates_in(ends_in_september["I010"])
    assert milestone and all(date(2021, 3, 1) <= d <= date(2021, 9, 30) for d in milestone)
    assert date(2021, 9, 30) in milestone  # the project's own end
    assert "第三季度" in ends_in_september["S001"] and "第四季度" not in ends_in_september["S001"]
    assert "9月30日结束" in ends_in_september["S001"]
    whole_year = hints(tmp_path)
    assert dates_in(whole_year["I010"]) == [date(2021, 6, 30), date(2021, 12, 31)]
    generic = hints(tmp_path, budget_year=None)  # neither a budget year nor a period: the generic example
    assert "“6月30日前完成招标，10月底前完工验收”" in generic["I010"]


def test_deadline_outside_the_year_gets_one_inside_it(tmp_path):
    found = hints(tmp_path, period={"start": "2021-01-01", "end": "2021-10-31"}, indicators=BASE["indicators"] + [
        {"level1": "产出指标", "level2": "时效指标", "name": "验收时间", "value": "2022年3月31日前"}])
    assert "预算年度2021年" in found["I023"] and dates_in(found["I023"]) == [date(2021, 10, 31)]


def test_amounts_in_the_hints_are_the_forms(tmp_path):
    found = hints(tmp_path, funds={"total": 356, "fiscal": 300, "other": 36, "previous_year": 120},
                  indicators=BASE["indicators"] + [
                      {"level1": "产出指标", "level2": "成本指标", "name": "运行维护成本", "value": "≤3560万元"}])
    assert "300 + 其他资金 36 = 336 万元" in found["B004"]
    assert "年度资金总额 356 万元" in found["S002"]
    assert "120 万元变为 356 万元" in found["B006"]
    assert "356 万元" in found["I022"] and "3560 元 = 0.356 万元" in found["I022"]
    no_funds = hints(tmp_path)
    assert no_funds["S002"].endswith("合计应等于年度资金总额")  # nothing invented when the form has no amount


@settings(max_examples=60, deadline=None)
@given(st.dates(date(2021, 1, 1), date(2021, 12, 31)), st.dates(date(2021, 1, 1), date(2021, 12, 31)))
def test_the_example_milestones_always_fall_in_the_window(a, b):
    start, end = min(a, b), max(a, b)
    form = Form(form_id="x", form_type="project", path="x", budget_year=2021,
                period_start=start.isoformat(), period_end=end.isoformat())
    window = annual_window(form)
    assert (window.start, window.end) == (start, end)
    assert all(start <= d <= end for d in dates_in(milestones(form)))
