"""The annual goal names a year other than the budget year (G007)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.model import Form
from linter.nlp.normalize import nfkc
from linter.registry import CAIYU_2015_88, REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.rulesets import load_ruleset


_YEAR = re.compile(r"(?<![\d〔\[（(])((?:19|20)\d\d)(?:\s*[-—~至到]\s*((?:19|20)\d\d))?(?=\s*年)")
_TITLE = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|（\d{4}）")


def stale_years(text: str, budget_year: int) -> list[int]:
    """Years in a goal that are neither the budget year nor a baseline, horizon or document title."""
    lexicon = load_ruleset("goals")["stale_year"]
    text = _TITLE.sub(lambda m: " " * len(m.group(0)), nfkc(text))
    found = []
    for m in _YEAR.finditer(text):
        start, end = int(m.group(1)), int(m.group(2) or m.group(1))
        if start <= budget_year <= end:
            continue
        before = text[max(0, m.start() - 3): m.start()]
        after = text[m.end(): m.end() + 6].lstrip("年度底末初 ")
        if any(before.endswith(w) for w in lexicon["before"]) or any(after.startswith(w) for w in lexicon["after"]):
            continue
        found.append(start)
    return found


_REWRITE = "核对是否沿用了往年的目标，改写为{budget_year}年度的任务"
_REWRITE_EN = "check whether last year's goal was reused; rewrite it for {budget_year}"


@rule(
    code="G007", name="stale-year", severity="warning",
    kinds={
        "other-year": Messages("年度目标写的是{year}年，而预算年度是{budget_year}年", _REWRITE,
                               "the annual goal names {year}, but the budget year is {budget_year}", _REWRITE_EN),
        "also-other-year": Messages(
            "年度目标除预算年度{budget_year}年外还写了{year}年", "核对写{year}年的部分是否沿用了往年的目标；只是背景的，可写明是过去的情况",
            "the annual goal names {year} besides the budget year {budget_year}",
            "check whether the part naming {year} was reused from an earlier goal; if it is background, say so"),
    },
    what="年度目标中出现预算年度以外的年份（如 2021 年预算中的“2020年全年培训…”）。作为比较基数（较2020年）、"
         "规划期限（到2025年）、文件名《…》或文号〔2019〕中的年份不算。预算年度取自表单，或配置 budget-year / --budget-year。",
    what_en="The annual goal names a year other than the budget year. Years used as a baseline (较2020年), a horizon (到2025年), "
            "or inside a document title or number do not count. The budget year comes from the form or the budget-year setting.",
    why="沿用往年的目标说明表单没有按本年度的工作重新填写；岳阳市2021年审核发现目标与当年任务关联不紧密。",
    why_en="A goal naming last year was copied from last year's form rather than written for this year's work; "
           "Yueyang's 2021 review found goals loosely tied to the year's tasks.",
    source=[cite(REVIEW_2021, "目标与当年任务关联不紧密", "goals loosely tied to the year's tasks"),
            cite(CAIYU_2015_88, "年度绩效目标是预算年度内要达到的目标", "the annual target is what the budget year must achieve")],
    examples=[
        fires({"type": "project", "budget_year": 2021, "annual_goal": "2020年全年培训党员干部1600人"}, field="annual_goal"),
        fires({"type": "project", "budget_year": 2022, "annual_goal": "2022年完成物业服务招标，原合同2021年7月到期"},
              field="annual_goal"),
        passes({"type": "project", "budget_year": 2021, "annual_goal": "2021年全年培训党员干部1600人，较2020年增加200人"}),
        passes({"type": "project", "budget_year": 2021, "annual_goal": "落实《岳阳市2019—2023年城乡建设规划》，2021年完成3个片区改造"}),
    ],
)
def stale_year(form: Form) -> Iterator[Finding]:
    if form.budget_year is None or not form.annual_goal:
        return
    years = stale_years(form.annual_goal, form.budget_year)
    if years:
        # a goal that also names its budget year (2022年,…物业管理费2021年7月到期后…) is not "written for" the other
        kind = "also-other-year" if f"{form.budget_year}年" in nfkc(form.annual_goal) else "other-year"
        yield Finding("annual_goal", kind=kind, year="、".join(str(y) for y in dict.fromkeys(years)),
                      budget_year=form.budget_year)
