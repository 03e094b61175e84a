"""The table as a set and a hierarchy: types missing, cost items missing, duplicates, misfiled levels (I009, I011,
I018, I019)."""

from __future__ import annotations

from collections.abc import Iterator

from linter import hierarchy
from linter.analysis.indicator_rows import rows
from linter.model import DEPARTMENT, Form
from linter.nlp.normalize import comparable
from linter.registry import CAIYU_2015_88, CAIYU_2021_101, REVIEW_2021, ZHONGFA_2018_34, Finding, Messages, cite, fires, passes, rule
from linter.rules.indicators.common import display_name, example_form, has_any, indicator_words
from linter.rulesets import load_ruleset


_REQUIRED_TYPES = [
    ("quantity", "数量", "quantity"), ("quality", "质量", "quality"), ("timeliness", "时效", "time"), ("cost", "成本", "cost"),
    ("benefit", "效益（经济、社会、生态或可持续影响，至少一类）", "benefit (at least one type)"),
    ("satisfaction", "满意度", "satisfaction"),
]


@rule(
    code="I009", name="incomplete-indicator-set", severity="warning",
    message="指标表缺少{missing}指标", hint="补充缺少的指标，使产出（数量、质量、时效）、成本、效益和满意度都有覆盖",
    message_en="the indicator table has no {missing_en} indicators", hint_en="add them so outputs, cost, effects and satisfaction are covered",
    what="完整表单的指标表缺少数量、质量、时效、成本指标，缺少全部效益类指标，或缺少满意度指标（一条诊断列出全部缺项）。"
         "某一类效益与单位无关时可以空（档案馆没有生态效益），但效益不能全部空缺。",
    what_en="A complete form's table lacks quantity, quality, time or cost indicators, every benefit type, or satisfaction "
            "(one diagnostic lists every gap).",
    why="审核标准“指标系统性”要求产出、效益和成本都有覆盖；岳阳市2021年审核发现指标只覆盖了单位的一小部分职责。",
    why_en="Indicators must cover outputs, effects and cost; Yueyang's 2021 review found indicators covering a small part of the duties.",
    source=[cite(ZHONGFA_2018_34, "绩效目标不仅要包括产出、成本，还要包括经济效益、社会效益、生态效益、可持续影响和服务对象满意度等绩效指标",
                 "targets cover outputs and cost, and also economic, social and ecological benefits, lasting impact and the "
                 "satisfaction of those served"),
            cite(REVIEW_2021, "审核标准“指标系统性”", "its standard of a complete indicator system")],
    examples=[fires(example_form(indicators=[("产出指标", "数量指标", "培训人次", "≥1600人次")]), field="indicators"),
              passes(example_form(indicators=[
                  ("产出指标", "数量指标", "培训人次", "≥1600人次"), ("产出指标", "质量指标", "考试合格率", "≥95%"),
                  ("产出指标", "时效指标", "完成时间", "2021年12月31日前"), ("产出指标", "成本指标", "培训成本", "≤240万元"),
                  ("效益指标", "社会效益指标", "干部履职能力提升", "明显提升"),
                  ("满意度指标", "服务对象满意度指标", "学员满意度", "≥95%")]))],
)
def incomplete_indicator_set(form: Form) -> Iterator[Finding]:
    if not form.complete or not form.indicators:
        return
    if sum(ind.level2_key is None for ind in form.indicators) * 2 > len(form.indicators):
        return  # the hierarchy itself is unreadable: I019 says so, row by row
    present = {ind.level2_key for ind in form.indicators} | {ind.level1_key for ind in form.indicators}
    benefit_types = {"economic", "social", "ecological", "sustainable"}
    missing = [(zh, en) for key, zh, en in _REQUIRED_TYPES
               if not (present & benefit_types if key == "benefit" else key in present)]
    if missing:
        yield Finding("indicators", missing="、".join(zh for zh, _ in missing), missing_en=", ".join(en for _, en in missing))


@rule(
    code="I011", name="incomplete-cost", severity="warning",
    message="部门成本指标没有反映{item}", hint="成本指标应分别列出人员经费、公用经费和各项目经费的金额",
    message_en="the department's cost indicators omit {item_en}", hint_en="list personnel, running and project costs with amounts",
    what="部门整体支出表的成本指标没有覆盖人员经费、公用经费或项目经费。",
    what_en="A department form's cost indicators do not cover personnel costs, running costs or project costs.",
    why="部门成本指标应反映全部成本：人员经费、公用经费和逐项项目经费；岳阳市2021年审核发现成本指标没有反映全部成本。",
    why_en="Department cost indicators must show the full cost: personnel, running and itemised projects; Yueyang's 2021 "
           "review found cost indicators without the full cost.",
    source=[cite(REVIEW_2021, "成本指标没有反映全部成本", "cost indicators without the full cost")],
    examples=[fires({"type": "department", "unit": "某局", "indicators": [
                  {"level1": "产出指标", "level2": "成本指标", "name": "公用经费", "value": "≤120万元"}]}),
              passes({"type": "department", "unit": "某局", "indicators": [
                  {"level1": "产出指标", "level2": "成本指标", "name": "人员经费", "value": "≤820万元"},
                  {"level1": "产出指标", "level2": "成本指标", "name": "公用经费", "value": "≤120万元"},
                  {"level1": "产出指标", "level2": "成本指标", "name": "执法办案专项经费", "value": "≤204万元"}]})],
)
def incomplete_cost(form: Form) -> Iterator[Finding]:
    if form.form_type != DEPARTMENT or not form.complete or not form.indicators:
        return
    cost_names = " ".join(ind.name for ind in form.indicators if ind.level2_key == "cost" or ind.level1_key == "cost")
    english = {"人员经费": "personnel costs", "公用经费": "running costs", "项目经费": "project costs"}
    projects = [t.name for t in form.tasks if t.name and not has_any(t.name, ["人员经费", "公用经费"])]
    for item, synonyms in indicator_words()["department_cost_items"]["items"].items():
        named_project = item == "项目经费" and any(comparable(p) and comparable(p) in comparable(cost_names) for p in projects)
        if not has_any(cost_names, synonyms) and not named_project:
            yield Finding("indicators", item=item, item_en=english[item])


@rule(
    code="I018", name="duplicate-indicator", severity="error",
    message="指标“{name}”重复出现（第 {first} 行已有）", hint="合并重复的指标，或改写成不同的考核内容",
    message_en="indicator '{name}' appears twice (already row {first})", hint_en="merge the duplicates or measure different things",
    what="同一张指标表（同为年度或同为中长期）中有两个三级指标名称相同（忽略标点和空格）。",
    what_en="Two indicators of one table (same term) have the same name, punctuation and spacing aside.",
    why="重复的指标夸大了指标数量，掩盖了没有覆盖的工作（审核标准“指标系统性”）。",
    why_en="Duplicates inflate the table and hide work that is not covered.",
    source=[cite(REVIEW_2021, "审核标准“指标系统性”", "its standard of a complete indicator system")],
    examples=[fires(example_form(indicators=[("产出指标", "数量指标", "培训人次", "≥1600人次"), ("产出指标", "数量指标", "培训人次。", "≥1500人次")])),
              passes(example_form(indicators=[("产出指标", "数量指标", "培训人次", "≥1600人次"), ("产出指标", "数量指标", "培训期数", "≥12期")]))],
)
def duplicate_indicator(form: Form) -> Iterator[Finding]:
    seen: dict[tuple[str, str], int] = {}
    for i, ind, _ in rows(form):
        key = (ind.term, comparable(ind.name))
        if not key[1]:
            continue
        if key in seen:
            yield Finding(f"indicators[{i}].name", name=display_name(ind, i), first=seen[key] + 1)
        else:
            seen[key] = i


_LEVEL1_FIX = "一级指标填“产出指标”“成本指标”“效益指标”或“满意度指标”"
_LEVEL2_FIX = "二级指标填数量、质量、时效、成本、各类效益或服务对象满意度指标"
_TEMPLATE_NAMES_EN = "use the 一级/二级 names of the template (see `jxlint rule I019`)"


@rule(
    code="I019", name="bad-hierarchy", severity="error",
    kinds={
        "unknown-level1": Messages("指标“{name}”的层级有误：一级指标“{level1}”不是产出、成本、效益或满意度指标", _LEVEL1_FIX,
                                   "indicator '{name}': wrong hierarchy — unknown 一级 '{level1}'", _TEMPLATE_NAMES_EN),
        "blank-level1": Messages("指标“{name}”的层级有误：一级指标“（空）”不是产出、成本、效益或满意度指标", _LEVEL1_FIX,
                                 "indicator '{name}': wrong hierarchy — 一级 is blank", _TEMPLATE_NAMES_EN),
        "unknown-level2": Messages("指标“{name}”的层级有误：二级指标“{level2}”不在指标体系中", _LEVEL2_FIX,
                                   "indicator '{name}': wrong hierarchy — unknown 二级 '{level2}'", _TEMPLATE_NAMES_EN),
        "blank-level2": Messages("指标“{name}”的层级有误：二级指标“（空）”不在指标体系中", _LEVEL2_FIX,
                                 "indicator '{name}': wrong hierarchy — 二级 is blank", _TEMPLATE_NAMES_EN),
        "misplaced": Messages("指标“{name}”的层级有误：“{level2}”不属于“{level1}”", "把“{level2}”放到“{parent}”下",
                              "indicator '{name}': wrong hierarchy — '{level2}' does not belong under '{level1}'",
                              "put '{level2}' under '{parent}'"),
    },
    what="一级或二级指标名称未知或为空，或二级指标放在了不属于它的一级指标下。2015 版（成本指标是产出下的二级）"
         "和 2021 版（成本指标是一级，下设经济/社会/生态环境成本）都有效，常见写法（如“产出”“效益”“进度指标”）也能识别；"
         "表单写明 layout 或配置 preset（mof-2015 / mof-2021）时，只认该版本的成本位置。",
    what_en="An unknown or empty 一级/二级 name, or a 二级 under the wrong 一级. Both the 2015 and 2021 layouts are valid.",
    why="指标体系错误会让审核人无法判断指标类型，也让其他检查无法进行。",
    why_en="A wrong hierarchy hides what type an indicator is, from reviewers and from the other checks.",
    source=[cite(CAIYU_2015_88, "申报表的指标层级（成本指标是产出指标下的二级指标）",
                 "the indicator levels of its form (成本 a second-level indicator under 产出)"),
            cite(CAIYU_2021_101, "指标层级（成本指标为一级指标，下设经济成本、社会成本、生态环境成本）",
                 "the indicator levels (成本 a first-level indicator with economic, social and ecological costs)")],
    examples=[fires(example_form(indicators=[("产出指标", "效率指标", "审批办结时间", "≤5个工作日")])),
              fires(example_form(indicators=[("效益指标", "数量指标", "培训人次", "≥1600人次")])),
              fires(example_form(layout="2021", indicators=[("产出指标", "成本指标", "培训成本", "≤20万元")])),
              fires(example_form(indicators=[("工作指标", "数量指标", "培训人次", "≥1600人次")])),
              fires(example_form(indicators=[("", "数量指标", "培训人次", "≥1600人次")])),
              fires(example_form(indicators=[("产出指标", "", "培训人次", "≥1600人次")])),
              passes(example_form(indicators=[("成本指标", "经济成本指标", "设备购置成本", "≤120万元"),
                                          ("产出指标", "成本指标", "培训成本", "≤20万元")]))],
)
def bad_hierarchy(form: Form) -> Iterator[Finding]:
    for i, ind, _ in rows(form):
        if ind.level1_key is None:
            yield Finding(f"indicators[{i}].level1", kind="unknown-level1" if ind.level1 else "blank-level1",
                          name=display_name(ind, i), level1=ind.level1)
        elif ind.level2_key is None:
            yield Finding(f"indicators[{i}].level2", kind="unknown-level2" if ind.level2 else "blank-level2",
                          name=display_name(ind, i), level2=ind.level2)
        elif ind.level1_key not in _parents(ind.level2_key, form.layout):
            parent = hierarchy.standard_name("level1", hierarchy.allowed_parents(ind.level2_key)[0])
            yield Finding(f"indicators[{i}].level2", kind="misplaced", name=display_name(ind, i), level1=ind.level1,
                          level2=ind.level2, parent=parent)


def _parents(level2: str, layout: str | None) -> list[str]:
    """The 一级 keys a 二级 may sit under; a stated layout (form or preset) fixes where 成本 goes."""
    parents = hierarchy.allowed_parents(level2)
    preset = next((p for p in load_ruleset("indicator_types")["presets"].values() if p["layout"] == str(layout)), None)
    if level2 == "cost" and preset:
        return [preset["cost_parent"]]
    return parents
