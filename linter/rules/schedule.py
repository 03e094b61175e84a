"""S — 实施进度: whether the schedule and the spending plan are broken down by period."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.model import PROJECT, Form
from linter.nlp.numbers import plain_number
from linter.registry import REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.analysis.form_dates import annual_window, by_quarter, quarter_span

_WHOLE_YEAR = re.compile(r"全年|1\s*[-—~至到]\s*12\s*月|一\s*[-—~至到]\s*十二\s*月|1月\s*[-—~至到]\s*12月|年度")

_PROJECT = {"type": "project", "unit": "某局", "project": "某项目", "annual_goal": "完成3个村污水管网建设"}


def _is_project_form(form: Form) -> bool:
    return form.form_type == PROJECT and form.source == "form" and form.complete


_BY_QUARTER = "按季度（或月）写明每个阶段完成的工作，如{example}"
_BY_QUARTER_EN = "give the work of each quarter or month: {example_en}"


@rule(
    code="S001", name="coarse-schedule", severity="warning",
    kinds={
        "whole-year": Messages("实施进度只有全年一个时段，没有按月或按季度分解", _BY_QUARTER,
                               "the schedule is one whole-year span, with no monthly or quarterly breakdown", _BY_QUARTER_EN),
        "single": Messages("实施进度只有一个阶段，没有按月或按季度分解", _BY_QUARTER,
                           "the schedule is a single period, with no monthly or quarterly breakdown", _BY_QUARTER_EN),
        "empty": Messages("实施进度未填写，没有按月或按季度分解", _BY_QUARTER,
                          "the schedule is empty, with no monthly or quarterly breakdown", _BY_QUARTER_EN),
    },
    what="项目表的实施进度为空、只有一个阶段，或唯一的阶段是全年（1—12月）。",
    what_en="The project's schedule is empty, has one period, or its only period is the whole year.",
    why="岳阳市2021年审核发现实施进度不细化：全年只有一个时段，没有按月的进度。",
    why_en="Yueyang's 2021 review found schedules with the whole year as one span and no monthly progress.",
    source=[cite(REVIEW_2021, "实施进度不细化（审核标准“进度合理性”）", "schedules not broken down by period (its standard of a sound schedule)")],
    examples=[fires({**_PROJECT, "schedule": [{"period": "1-12月", "content": "完成项目建设"}]}, field="schedule"),
              fires({**_PROJECT, "schedule": [{"period": "第一季度", "content": "完成项目建设"}]}, field="schedule"),
              fires(_PROJECT, field="schedule"),
              passes({**_PROJECT, "schedule": [{"period": "第一季度", "content": "完成设计和招标"}, {"period": "第二季度", "content": "开工建设"},
                                               {"period": "第三季度", "content": "主体完工"}, {"period": "第四季度", "content": "竣工验收"}]})],
)
def coarse_schedule(form: Form) -> Iterator[Finding]:
    if not _is_project_form(form):
        return
    example = {"example": by_quarter(form), "example_en": by_quarter(form, "en")}  # the form's own quarters
    if not form.schedule:
        yield Finding("schedule", kind="empty", **example)
    elif len(form.schedule) == 1:
        whole = _WHOLE_YEAR.search(form.schedule[0].period or "")
        yield Finding("schedule", kind="whole-year" if whole else "single", **example)


@rule(
    code="S002", name="missing-spending-plan", severity="warning",
    message="没有按时段的资金支出计划", hint="按{span}（或按月）列出计划支出金额，合计应等于年度资金总额{total}",
    message_en="no spending plan by period", hint_en="give planned spending per quarter or month ({span_en}), adding up to the annual total{total_en}",
    what="项目表没有资金支出计划，或支出计划只有一个时段。",
    what_en="The project form has no spending plan, or one with a single period.",
    why="审核标准“进度合理性”要求实施进度和资金支出计划细化到月或季度；岳阳市2021年审核发现不少表单没有按时段的支出计划。",
    why_en="Yueyang's 2021 review asks for schedules and spending plans detailed by month or quarter, and found forms with no spending plan by period.",
    source=[cite(REVIEW_2021, "资金支出计划不细化（审核标准“进度合理性”）", "spending plans not broken down by period (its standard of a sound schedule)")],
    examples=[fires(_PROJECT, field="spending_plan"),
              passes({**_PROJECT, "spending_plan": [{"period": "上半年", "amount": 120}, {"period": "下半年", "amount": 120.6}]})],
)
def missing_spending_plan(form: Form) -> Iterator[Finding]:
    if _is_project_form(form) and len(form.spending_plan) < 2:
        window = annual_window(form)
        total = form.funds.total if form.funds is not None else None
        yield Finding("spending_plan", span=f"{window.end.year}年{quarter_span(window)}" if window else "季度",
                      span_en=f"{quarter_span(window, 'en')} {window.end.year}" if window else "by quarter",
                      total=f" {plain_number(total)} 万元" if total else "", total_en=f" of {plain_number(total)} 万元" if total else "")
