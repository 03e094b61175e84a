"""The words of the indicator: an output or a benefit, abstract, a bare phrase, off the goal (I007, I008, I012, I013)."""

from __future__ import annotations

from collections.abc import Iterator

from linter import hierarchy
from linter.analysis.indicator_rows import rows
from linter.model import FIELD_NAMES, Form, Indicator
from linter.nlp import indicator_text
from linter.nlp.values import ParsedValue
from linter.registry import CAIYU_2015_88, CAIYU_2021_101, REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.rules.indicators.common import DETAILED, display_name, example_form, polarity_of


_BENEFIT_TYPES = ("economic", "social", "ecological", "sustainable")


@rule(
    code="I007", name="output-benefit-confusion", severity="warning",
    kinds={
        "effect-as-output": Messages(
            "指标“{name}”写的是对他人的效果（“{effect}”），却填在产出指标下",
            "把“{text}”移到效益指标下；产出指标写为此交付了什么（次数、人次、份数或完成率）",
            "indicator '{name}' states an effect on others ('{effect}') but is filed as an output",
            "move '{text}' under 效益指标; as the output, count what was delivered for it (times, persons, copies, completion)"),
        "delivery-under-benefit-type": Messages(
            "指标“{name}”计的是交付的工作（“{done}”），却填在效益类“{level2}”下",
            "二级指标改为数量、质量或时效指标；效益类写这项工作给服务对象带来的变化",
            "indicator '{name}' counts delivered work ('{done}') but is filed under the benefit type '{level2}'",
            "file it under 数量, 质量 or 时效; a benefit type states the change this work brings to those served"),
        "workload-as-benefit": Messages(
            "指标“{name}”计的是工作量（{unit}），却填在效益指标下", "移到产出—数量指标下，效益指标写这些工作对服务对象的影响",
            "indicator '{name}' counts delivered work ({unit}) but is filed as a benefit",
            "move it under 产出/数量; benefits state the effect of that work"),
        "delivery-as-benefit": Messages(
            "指标“{name}”写的是交付的工作（“{done}”），没有写它给服务对象带来什么变化，却填在效益指标下",
            "把“{done}”移到产出—数量指标下（计数量或完成率）；效益指标写它带来的变化，如“……由…提高到…”",
            "indicator '{name}' states delivered work ('{done}'), not what it changes for those served, but is filed as a benefit",
            "move '{done}' under 产出/数量 (a count or completion rate); as the benefit, state the change it brings"),
    },
    what="产出指标写的是对他人的效果（提升、改善、促进 + 群众、环境、经济的状态，或知晓率、获得感），"
         "或效益指标写的是交付的东西（完成、培训、建设、打造 + 可计数的对象，单位自身的运转，人次、场次等工作量），且没有写出效果。",
    what_en="An output indicator that states an effect on others (提升/改善/促进 + a state of people, environment or economy; 知晓率), "
            "or a benefit indicator that states a delivered thing (完成/培训/建设 + a countable object, the unit's own operation, "
            "a count of work done) and no effect.",
    why="产出是单位交付了什么，效益是交付对他人产生的影响；岳阳市2021年审核发现二者混淆。",
    why_en="Outputs are what the unit delivers, benefits the effect on others; Yueyang's 2021 review found them confused.",
    source=[cite(REVIEW_2021, "产出与效益混淆", "outputs confused with benefits"),
            cite(CAIYU_2021_101, "产出指标与效益指标的设置", "how output and benefit indicators are set")],
    examples=[fires(example_form(indicators=[("产出指标", "质量指标", "群众政策知晓率", "≥90%")])),
              fires(example_form(indicators=[("效益指标", "社会效益指标", "培训人次", "≥1600人次")])),
              fires(example_form(indicators=[("效益指标", "可持续影响指标", "打造系列品牌赛事", "影响可持续")])),
              fires(example_form(indicators=[("产出指标", "社会效益指标", "举办培训班次数", "≥10次")])),
              passes(example_form(indicators=[("效益指标", "社会效益指标", "打造品牌赛事，提升城市知名度", "效果良好")])),
              passes(example_form(indicators=[("效益指标", "社会效益指标", "群众政策知晓率", "≥90%")]))],
)
def output_benefit_confusion(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        found = _effect_as_output(ind) if ind.level1_key == "output" else _output_as_benefit(ind, pv) if ind.level1_key == "benefit" else None
        if found:
            yield Finding(f"indicators[{i}].level1", name=display_name(ind, i), **found)


def _effect_as_output(ind: Indicator) -> dict[str, str] | None:
    """The kind of confusion and what its message quotes, for a row under 产出."""
    r = indicator_text.read(ind.name)
    if ind.level2_key in _BENEFIT_TYPES:
        done = indicator_text.delivery(r)
        if done and not indicator_text.effect(r):
            return {"kind": "delivery-under-benefit-type", "done": done, "level2": ind.level2}
        return None
    effect = indicator_text.effect(r)
    if not effect or "满意" in ind.name or ind.level2_key == "satisfaction":
        return None
    return {"kind": "effect-as-output", "effect": effect, "text": r.text}


def _output_as_benefit(ind: Indicator, pv: ParsedValue) -> dict[str, str] | None:
    r = indicator_text.read(ind.name)
    units = indicator_text.lexicon()["delivery"]["count_units"]
    if pv.kind == "quantity" and pv.unit in units and polarity_of(ind) != "lower":  # 事故发生数 0次 is an outcome
        return {"kind": "workload-as-benefit", "unit": pv.unit}
    done = indicator_text.delivery(r)
    own_operation = done in indicator_text.lexicon()["delivery"]["operation"] and not indicator_text.ends_in_effect(r)
    if not done or indicator_text.states_effect(r) and not own_operation:
        return None
    return {"kind": "delivery-as-benefit", "done": done}


_ABSTRACT = {
    "nothing": ("只有数字或符号（“{text}”），没有写考核什么", "is only a number or symbol ('{text}') and names nothing to measure",
                "写出考核的事项，如“……数量”“……完成率”", "name what is measured, e.g. a count or completion rate of a task"),
    "number": ("只有数字和单位（“{text}”），没有写考核什么", "is only a number with its unit ('{text}') and names nothing to measure",
               "写出考核的事项，把“{text}”填到指标值，如“……数量”“……金额”", "name what is measured and put '{text}' in the value"),
    "time": ("只写了时间（“{text}”），没有写考核的事项", "states only a time ('{text}'), not what is measured",
             "写成“（哪项工作）完成时间”，把“{text}”填到指标值", "write '<task> completion time' and put '{text}' in the value"),
    "principle": ("是一条原则或要求（“{text}”），不是可以计数或检查的事项", "is a principle or requirement ('{text}'), not a countable or checkable thing",
                  "写这条原则要检查的结果，如“……价格不高于……”“……达标率”", "state the result the principle is checked by, e.g. a price cap or a compliance rate"),
    "situation": ("只写到“{text}”，没有写计什么（数量、比率或标准）", "ends in '{text}' (situation) and says nothing countable (a count, rate or standard)",
                  "写成“{stem}”的数量、完成率或达标率", "write a count, completion rate or pass rate of '{stem}'"),
    "work": ("只有泛称的“{text}”，没有写是哪项工作、计什么", "is the generic '{text}': it names no particular work and nothing countable",
             "写明是哪项工作、计什么，如“……次数”“……完成率”", "name the work and what is counted, e.g. times held or completion rate"),
    "money": ("写的是一笔钱（“{text}”），不是用这笔钱交付的事项", "names a sum of money ('{text}'), not what the money delivers",
              "写“{stem}”交付了什么、多少（如……个数、……完成率）；金额放到成本指标", "state what '{stem}' delivers and how much; put the amount under 成本"),
    "no_head": ("只写了动作或评价（“{text}”），没有写考核的事物", "states only an action or a judgement ('{text}'), no thing to measure",
                "写出“{text}”落在什么事物上、计什么，如“……完成率”“……次数”", "name the thing '{text}' applies to and what is counted"),
    "category": ("只是类别名（“{text}”），没有写考核的事项", "only names a category ('{text}'), not what is measured",
                 "写出具体事项，如“……合格率”“……完成时间”", "name the specific thing measured, e.g. a pass rate or completion time"),
}


@rule(
    code="I008", name="abstract-indicator", severity="warning",
    kinds={kind: Messages("指标“{name}”过于笼统：" + zh, fix, "indicator '{name}' is too abstract: it " + en, fix_en)
           for kind, (zh, en, fix, fix_en) in _ABSTRACT.items()},
    what="三级指标没有可计数或可检查的中心词：以“情况”结尾，只有泛称的“各项/相关工作”，成本以外的一笔“经费”，"
         "只是类别名（“社会成本指标”“创建质量”），是一条原则（“以…为原则”），或只有时间、数字。",
    what_en="The indicator has no countable or checkable head: it ends in 情况, is a generic 各项/相关工作, a sum of 经费 outside 成本, "
            "a category name, a principle (以…为原则), or only a time or a number.",
    why="岳阳市2021年审核发现指标内容过于抽象，如“各项救助业务工作安排经费”。",
    why_en="Yueyang's 2021 review found abstract indicators such as “各项救助业务工作安排经费”.",
    source=[cite(REVIEW_2021, "指标内容过于抽象", "indicator texts too abstract"),
            DETAILED],
    examples=[fires(example_form(indicators=[("产出指标", "数量指标", "各项救助业务工作安排经费", "100%")])),
              fires(example_form(indicators=[("成本指标", "社会成本指标", "社会成本指标", "100%")])),
              fires(example_form(indicators=[("产出指标", "时效指标", "2022年全年", "≥360天")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "0", "0")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "3万元", "3万元")])),
              fires(example_form(indicators=[("成本指标", "经济成本指标", "以低价位高质量为采购原则", "5万元")])),
              fires(example_form(indicators=[("产出指标", "质量指标", "项目实施情况", "良好")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "各项工作", "≥10项")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "保障收入", "≥10户")])),
              passes(example_form(indicators=[("产出指标", "数量指标", "临时救助人次", "≥1200人次")]))],
)
def abstract_indicator(form: Form) -> Iterator[Finding]:
    for i, ind, _ in rows(form):
        r = indicator_text.read(ind.name)
        found = indicator_text.abstract(r, is_cost="cost" in (ind.level1_key, ind.level2_key))
        if not found or (ind.level1_key == "benefit" and indicator_text.bare_benefit(r)):
            continue  # I012 says it more precisely
        kind, text = found
        stem = r.text.removesuffix(text).strip() or r.text
        yield Finding(f"indicators[{i}].name", kind=kind, name=display_name(ind, i), text=text, stem=stem)


_OBJECT_AND_CHANGE = "写成“对象 + 变化”：“{text}”落在哪些人或事物的哪个可计的量上，由多少变到多少（如“……率由…提高到…”）"
_OBJECT_AND_CHANGE_EN = "write object + change: which people or things show '{text}', in which measurable quantity, from what to what"


@rule(
    code="I012", name="bare-benefit-phrase", severity="warning",
    kinds={
        "category": Messages("效益指标“{name}”只是一个短语：只重复了类别名“{text}”，没有写哪些人或什么事物发生了什么变化",
                             "写成“对象 + 变化”，如“辖区居民……率由…提高到…”",
                             "benefit indicator '{name}' is a bare phrase: it only repeats the category '{text}', naming no "
                             "one and no change", "write object + change, e.g. a rate of residents raised from … to …"),
        "no-object-or-extent": Messages(
            "效益指标“{name}”只是一个短语：“{text}”没有写明对象（谁或什么）和变化的幅度", _OBJECT_AND_CHANGE,
            "benefit indicator '{name}' is a bare phrase: '{text}' names no object (who or what) and not how much it changes",
            _OBJECT_AND_CHANGE_EN),
        "no-object-or-change": Messages(
            "效益指标“{name}”只是一个短语：“{text}”没有写明对象（谁或什么）和可衡量的变化", _OBJECT_AND_CHANGE,
            "benefit indicator '{name}' is a bare phrase: '{text}' names no object (who or what) and no measurable change",
            _OBJECT_AND_CHANGE_EN),
        "scope-no-extent": Messages(
            "效益指标“{name}”只是一个短语：“{text}”只写了领域或范围（{scope}）和变化的方向，没有写明其中谁或什么变化、变化多少",
            _OBJECT_AND_CHANGE,
            "benefit indicator '{name}' is a bare phrase: '{text}' names only a field or area ({scope_en}) and a direction, "
            "not who or what in it changes or by how much", _OBJECT_AND_CHANGE_EN),
        "scope-no-change": Messages(
            "效益指标“{name}”只是一个短语：“{text}”只写了领域或范围（{scope}），没有写明其中谁或什么发生了可衡量的变化",
            _OBJECT_AND_CHANGE,
            "benefit indicator '{name}' is a bare phrase: '{text}' names only a field or area ({scope_en}), not who or what "
            "in it changes measurably", _OBJECT_AND_CHANGE_EN),
    },
    what="效益指标的三级指标是很短的短语，没有写明对象（谁或什么发生变化）和可衡量的变化（“社会稳定”“经济发展”“促进发展”），"
         "或只是重复类别名（“社会效益”）。只写了领域或范围（社会、经济、全市、民生……）时，消息会指出这些词：它们说明在哪里，"
         "而不是谁或什么发生了变化。",
    what_en="A benefit indicator that is a short phrase naming no object (who or what changes) and no measurable change "
            "(社会稳定, 经济发展, 促进发展), or only repeats its category. Where it names only a field or area (社会, 经济, "
            "全市, 民生 …) the message quotes those words: they say where, not who or what changes.",
    why="岳阳市2021年审核发现效益指标写成光秃秃的短语，看不出逻辑链。",
    why_en="Yueyang's 2021 review found benefit indicators written as bare phrases with no logic chain.",
    source=[cite(REVIEW_2021, "效益指标写成简单短语", "benefit indicators written as bare phrases")],
    examples=[fires(example_form(indicators=[("效益指标", "社会效益指标", "社会效益", "显著")])),
              fires(example_form(indicators=[("效益指标", "社会效益指标", "社会稳定", "稳定")])),
              fires(example_form(indicators=[("效益指标", "社会效益指标", "社会稳定提升", "明显")])),
              fires(example_form(indicators=[("效益指标", "社会效益指标", "安全稳定", "稳定")])),
              fires(example_form(indicators=[("效益指标", "社会效益指标", "稳步提升", "明显")])),
              passes(example_form(indicators=[("效益指标", "社会效益指标", "辖区群众出行时间缩短", "≥10分钟")]))],
)
def bare_benefit_phrase(form: Form) -> Iterator[Finding]:
    for i, ind, _ in rows(form):
        r = indicator_text.read(ind.name)
        bare = indicator_text.bare_benefit(r) if ind.level1_key == "benefit" else None
        if bare:
            category, changes = bare
            scope = indicator_text.scope_words(r)
            kind = "category" if category else ("scope-no-extent" if scope else "no-object-or-extent") if changes \
                else "scope-no-change" if scope else "no-object-or-change"
            yield Finding(f"indicators[{i}].name", kind=kind, name=display_name(ind, i), text=r.text,
                          scope="、".join(f"“{w}”" for w in scope), scope_en=", ".join(f"'{w}'" for w in scope))


def _measures_output(ind: Indicator) -> bool:
    """An output other than its cost: under 产出, or, where the 一级 cell is blank, under a 二级 that only 产出 has
    (数量, 质量, 时效)."""
    if ind.level2_key == "cost":
        return False
    if ind.level1_key:
        return ind.level1_key == "output"
    return ind.level2_key is not None and hierarchy.allowed_parents(ind.level2_key) == ["output"]


@rule(
    code="I013", name="indicators-off-goal", severity="warning",
    message="产出指标与{goal_label}对不上：{off} 条计工作内容的产出指标中 {n_off} 条（如“{sample}”）计的工作目标里没有，"
            "目标的 {tasks} 项任务中 {n_uncovered} 项（如“{task}”）没有指标衡量",
    hint="产出指标应逐项对应目标中的任务；目标中的主要任务都应有数量、质量或时效指标",
    message_en="outputs do not match the {goal_label_en}: {n_off} of {off} output indicators that measure work (e.g. '{sample}') "
               "measure work the goal does not name, and {n_uncovered} of its {tasks} tasks (e.g. '{task}') have no indicator",
    hint_en="each output indicator should measure a task of the goal, and each main task should have one",
    what="把目标（年度目标，没有时用长期目标）按分句拆成任务（项目名称也算一项），与产出指标（成本除外）名称中的实义词比较"
         "（同义词表归并“保障/确保”“建设/新建”等，词不同时再比相邻两字）；合规、到位、及时、验收等管理类指标不计。"
         "有目标、至少 {indicator_text[goal_match][min_outputs]} 条产出指标，且超过一半计工作内容的产出指标与目标无关、目标中超过一半的任务也没有指标衡量时报告"
         "（指标用别的说法衡量了目标的任务时不报）。",
    what_en="Splits the goal (annual, else long-term) into task clauses (the project name counts as one) and compares their content words with the output "
            "indicators' (cost excluded), synonyms merged and character bigrams as fallback; management indicators (compliance, "
            "timeliness, acceptance) are not counted. Fires with a goal and at least {indicator_text[goal_match][min_outputs]} outputs when more than half of the "
            "work-measuring outputs share nothing with the goal and more than half of the goal's tasks have no indicator.",
    why="岳阳市2021年审核发现指标与目标不匹配、各类指标讲的是不同的工作，没有逻辑链（审核标准“指标与目标匹配性”）。",
    why_en="Yueyang's 2021 review found indicators unrelated to the goal, with no logic chain between categories.",
    source=[cite(REVIEW_2021, "指标之间没有系统和逻辑，与目标不匹配", "indicators with no system or logic, not matching the goal"),
            cite(CAIYU_2015_88, "绩效目标要相应匹配", "targets must match the tasks and the budget")],
    examples=[fires(example_form(annual_goal="完成全市72座电视转播铁塔维修，保障5套模拟电视节目高质量播出", indicators=[
                  ("产出指标", "数量指标", "办公楼保洁面积", "≥3000平方米"), ("产出指标", "质量指标", "会议服务合格率", "≥95%"),
                  ("产出指标", "数量指标", "公务车辆出车次数", "≥200次")])),
              passes(example_form(annual_goal="完成全市72座电视转播铁塔维修，保障5套模拟电视节目高质量播出", indicators=[
                  ("产出指标", "数量指标", "检修转播塔座数", "72座"), ("产出指标", "质量指标", "模拟电视节目播出合格率", "≥99%"),
                  ("产出指标", "时效指标", "铁塔维修完成时间", "2021年10月31日前")]))],
)
def indicators_off_goal(form: Form) -> Iterator[Finding]:
    field = "annual_goal" if (form.annual_goal or "").strip() else "long_term_goal"
    goal, (label, label_en) = getattr(form, field), FIELD_NAMES[field]
    sentences = {i for i, _, pv in rows(form) if pv.kind == "text"}
    outputs = [(i, ind) for i, ind in enumerate(form.indicators) if _measures_output(ind) and ind.name.strip()]
    tasks = indicator_text.goal_tasks(goal or "")
    if len(outputs) < indicator_text.lexicon()["goal_match"]["min_outputs"] or not tasks:
        return
    project = indicator_text.task_terms(form.project or "")
    if project:
        tasks.append((form.project.strip(), project))  # the project's name says what the money is for, too
    # a row whose name measures work; a value that is a sentence says what it measures too (修缮建筑数量: 完成…宗祠
    # 日常维护), so its words count when the row is matched with the goal's tasks
    measured = [(ind, indicator_text.task_terms(f"{ind.name}，{ind.value}") if i in sentences else terms)
                for i, ind in outputs if (terms := indicator_text.task_terms(ind.name))]
    off = [ind for ind, terms in measured if not any(indicator_text.terms_meet(terms, t) for _, t in tasks)]
    uncovered = [clause for clause, t in tasks if not any(indicator_text.terms_meet(terms, t) for _, terms in measured)]
    share = indicator_text.lexicon()["goal_match"]["min_share"]
    if measured and len(off) > share * len(measured) and len(uncovered) > share * len(tasks):
        yield Finding("indicators", goal_label=label, goal_label_en=label_en, off=len(measured), n_off=len(off),
                      sample=off[0].name.strip(), tasks=len(tasks), n_uncovered=len(uncovered), task=uncovered[0])
