"""Time indicators against the form's own dates: only the year end, a deadline outside the period (I010, I023)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from linter.analysis.form_dates import annual_window, en_date, milestones, zh_date
from linter.analysis.indicator_rows import rows
from linter.model import Form
from linter.nlp.normalize import comparable, nfkc
from linter.registry import CAIYU_2015_88, REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.rules.indicators.common import display_name, example_form


_YEAR_END = re.compile(r"^(?:\d{4}年)?(?:12月(?:31日|底|末)|年底|年末|年内|年度内)(?:前|之前|以前)?(?:完成)?$")


@rule(
    code="I010", name="time-without-milestone", severity="info",
    message="时效指标“{name}”只写了“{value}”，没有阶段节点", hint="写出关键节点，如{example}或“每季度完成一次”",
    message_en="time indicator '{name}' only says '{value}', no milestone", hint_en="give milestones, e.g. {example_en}",
    what="时效指标只写年底或全年完成，而本表其他时效指标也没有更早的节点或频次。",
    what_en="The time indicator only names the year end, and no other time indicator gives an earlier milestone or frequency.",
    why="岳阳市2021年审核要求时效指标写出时间节点（如“每季度完成一次XX培训”）。",
    why_en="Yueyang's 2021 review asks time indicators to give milestones (e.g. “每季度完成一次XX培训”).",
    source=[cite(REVIEW_2021, "时效指标没有时间节点", "time indicators without milestones")],
    examples=[fires(example_form(indicators=[("产出指标", "时效指标", "项目完成时间", "12月底前")])),
              passes(example_form(indicators=[("产出指标", "时效指标", "项目完成时间", "12月底前"),
                                          ("产出指标", "时效指标", "招标完成时间", "2021年6月30日前")]))],
)
def time_without_milestone(form: Form) -> Iterator[Finding]:
    timely = [(i, ind, pv) for i, ind, pv in rows(form) if ind.level2_key == "timeliness"]
    year_end = [(i, ind) for i, ind, pv in timely if _YEAR_END.match(comparable(nfkc(ind.value)) or "-")]
    has_milestone = any(
        pv.kind == "frequency" or (pv.kind == "date" and pv.month is not None and pv.month < 12) for _, _, pv in timely
    )
    if not has_milestone:
        for i, ind in year_end:  # the example deadlines lie inside this form's own period
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value,
                          example=milestones(form), example_en=milestones(form, "en"))


@rule(
    code="I023", name="deadline-outside-period", severity="warning",
    kinds={
        "budget-year": Messages("时限“{value}”不在预算年度{start}年内", "期限应落在预算年度{start}年之内，如“{deadline}前完成”",
                                "deadline '{value}' falls outside the budget year {start}",
                                "the deadline belongs inside the budget year {start}, e.g. by {deadline_en}"),
        "period": Messages("时限“{value}”不在项目期限{start}—{end}年内", "期限应落在项目期限{start}—{end}年之内，如“{deadline}前完成”",
                           "deadline '{value}' falls outside the period {start}–{end}",
                           "the deadline belongs inside the period {start}–{end}, e.g. by {deadline_en}"),
    },
    what="年度指标的日期或期限不在预算年度内，或在项目起止时间之外。",
    what_en="An annual indicator's date or deadline falls outside the budget year or the project's start–end dates.",
    why="超出期限的目标在年底无法评价（审核标准“进度合理性”）。",
    why_en="A deadline outside the period cannot be assessed at year end.",
    source=[cite(REVIEW_2021, "审核标准“进度合理性”", "its standard of a sound schedule"),
            cite(CAIYU_2015_88, "年度绩效目标是预算年度内要达到的目标", "the annual target is what the budget year must achieve")],
    examples=[fires(example_form(indicators=[("产出指标", "时效指标", "项目完成时间", "2022年6月30日前")])),
              fires({**example_form(period={"start": "2021-01-01", "end": "2023-12-31"}, indicators=[]),
                     "indicators": [{"level1": "产出指标", "level2": "时效指标", "name": "项目完成时间",
                                     "value": "2025年12月31日前", "term": "long_term"}]}),
              passes(example_form(indicators=[("产出指标", "时效指标", "项目完成时间", "2021年6月30日前")]))],
)
def deadline_outside_period(form: Form) -> Iterator[Finding]:
    period = _period_years(form)
    for i, ind, pv in rows(form):
        if pv.kind != "date" or pv.year is None:
            continue
        start, end = (form.budget_year, form.budget_year) if ind.term == "annual" and form.budget_year else period
        if start is not None and not start <= pv.year <= end:
            window = annual_window(form) if start == end else None  # an annual target: the project's own end date
            last = window.end if window and window.end.year == end else date(end, 12, 31)
            yield Finding(f"indicators[{i}].value", kind="budget-year" if start == end else "period",
                          name=display_name(ind, i), value=ind.value, start=start, end=end, deadline=zh_date(last),
                          deadline_en=en_date(last))


def _period_years(form: Form) -> tuple[int | None, int | None]:
    """The project's start and end years, from its period or else its budget year."""
    years = [int(m) for m in re.findall(r"(?:19|20)\d\d", f"{form.period_start} {form.period_end}")]
    if years:
        return min(years), max(years)
    return form.budget_year, form.budget_year
