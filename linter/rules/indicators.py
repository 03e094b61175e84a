"""I — 绩效指标: each indicator row's value, type, direction and wording, and the table as a whole."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from linter import hierarchy
from linter.model import DEPARTMENT, Form, Indicator
from linter.nlp.normalize import comparable, nfkc
from linter.nlp.pipeline import tagged_tokens
from linter.nlp.quantities import find_quantities, match_unit
from linter.nlp.values import ParsedValue, parse_value, with_signs
from linter.registry import (CAIYU_2011_285, CAIYU_2015_88, CAIYU_2020_10, CAIYU_2021_101, REVIEW_2021, ZHONGFA_2018_34, Finding,
                             cite, fires, passes, rule)
from linter.rulesets import load_ruleset

@cache
def _types() -> dict:
    return load_ruleset("indicator_types")["types"]


@cache
def _words() -> dict:
    return load_ruleset("indicator_words")


def parsed(ind: Indicator) -> ParsedValue:
    return _in_context(_parse_cached(ind.value, ind.unit, ind.comparator), ind.level2_key)


def _in_context(pv: ParsedValue, level2: str | None) -> ParsedValue:
    """What the 二级 type settles that the grammar leaves open: a date cell read as its serial (44,561) under
    时效 is that date; a number with a bare multiplier (5万, ≤500万/月) under 成本 is an amount in 元."""
    if pv.kind != "number":
        return pv
    if level2 == "timeliness" and "excel-serial" in pv.notes:
        return replace(pv, kind="date", unit_class="date", number=None)
    if level2 == "cost" and "multiplier-without-unit" in pv.notes:
        return replace(pv, kind="money", unit_class="money", amount_yuan=pv.number)
    return pv


@cache
def _parse_cached(value: str, unit: str, comparator: str) -> ParsedValue:
    return parse_value(value, unit, comparator)


def display_name(ind: Indicator, i: int) -> str:
    """The indicator's name for messages; its row when the form left the name empty."""
    return ind.name.strip() or f"第{i + 1}行（未填名称）"


def rows(form: Form) -> Iterator[tuple[int, Indicator, ParsedValue]]:
    for i, ind in enumerate(form.indicators):
        if ind.name.strip() or ind.value.strip():
            yield i, ind, parsed(ind)


def _has_any(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def is_rate_name(name: str) -> bool:
    return bool(re.search(r"(率|比例|比率|占比|满意度|知晓度|达标度|覆盖面)$", nfkc(name).strip()))


def _type_label(ind: Indicator) -> str:
    return ind.level2 or (hierarchy.standard_name("level2", ind.level2_key) if ind.level2_key else "该类")


def _example(**rows_and_fields) -> dict:
    """A minimal project form with the given indicator rows, for rule examples."""
    indicators = rows_and_fields.pop("indicators")
    return {"type": "project", "unit": "某局", "project": "某项目", "budget_year": 2021,
            "indicators": [dict(zip(("level1", "level2", "name", "value"), r)) for r in indicators], **rows_and_fields}


# Citations several indicator rules share.
_VALUES_BY_TYPE = cite(CAIYU_2021_101, "各类指标的取值", "how each type of indicator takes its value")
_DETAILED = cite(CAIYU_2015_88, "绩效目标要细化量化", "targets must be detailed and quantified")


@rule(
    code="I001", name="missing-value", severity="error",
    message="指标“{name}”没有填写指标值", hint="填写可考核的目标值，如“≥ 4 次”“≥ 95%”“2021年6月30日前”",
    message_en="indicator '{name}' has no target value", hint_en="give a checkable target such as '≥ 4 times', '≥ 95%', 'by 30 June 2021'",
    what="三级指标有名称但指标值为空。", what_en="An indicator row has a name but no target value.",
    why="没有目标值就无法评价；岳阳市2021年审核发现有社会效益指标没有填写指标值。",
    why_en="Without a target value the indicator cannot be assessed; Yueyang's 2021 review found a social-benefit indicator with no value at all.",
    source=[cite(REVIEW_2021, "指标没有填写指标值", "indicators with no target value"),
            _DETAILED],
    examples=[fires(_example(indicators=[("效益指标", "社会效益指标", "群众安全感", "")]), field="indicators[0].value"),
              passes(_example(indicators=[("效益指标", "社会效益指标", "群众安全感", "≥90%")]))],
)
def missing_value(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if ind.name.strip() and _no_target(ind, pv):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i))


_NO_NUMBER = {"unit-only", "comparator-only", "comparator-and-unit-only"}


def _no_target(ind: Indicator, pv: ParsedValue) -> bool:
    """Empty, a filler, only a unit (公里) or a comparator (≧ %), or 无 where nothing is to be avoided (无 is a
    real target for 安全事故)."""
    if pv.kind == "empty" or _NO_NUMBER & set(pv.notes):
        return True
    return "filler-word" in pv.notes and _polarity(ind) != "lower"


@rule(
    code="I002", name="value-equals-indicator", severity="error",
    message="指标“{name}”的指标值与指标名称相同", hint="指标名称写考核什么，指标值写达到多少，如“培训人次”→“≥ 1600 人次”",
    message_en="indicator '{name}' has its own name as its value", hint_en="the name says what is measured, the value how much",
    what="指标值与三级指标文字完全相同（忽略标点和空格）。", what_en="The value repeats the indicator text (punctuation and spacing aside).",
    why="岳阳市2021年审核发现“三级指标与指标值相同”，这样的指标没有目标。",
    why_en="Yueyang's 2021 review found indicator values identical to their names: such an indicator has no target.",
    source=[cite(REVIEW_2021, "三级指标与指标值相同", "indicator values identical to the indicator text")],
    examples=[fires(_example(indicators=[("产出指标", "质量指标", "各项重点工作全部完成", "各项重点工作全部完成。")])),
              passes(_example(indicators=[("产出指标", "质量指标", "重点工作完成率", "100%")]))],
)
def value_equals_indicator(form: Form) -> Iterator[Finding]:
    for i, ind, _ in rows(form):
        if value_is_name(ind):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i))


def value_is_name(ind: Indicator) -> bool:
    return bool(ind.value.strip()) and bool(comparable(ind.value)) and comparable(ind.value) == comparable(ind.name)


# Kinds that a more specific rule reports, so I003 does not report them twice.
_REPORTED_ELSEWHERE = {"empty", "placeholder", "number"}


def _accepts(ind: Indicator, pv: ParsedValue) -> bool:
    """Does the value's shape fit the 二级 type (rulesets/indicator_types.yaml)?"""
    spec = _types().get(ind.level2_key or "")
    if spec is None:
        return True
    if _is_ungradable(ind, pv):
        # I016's; the shape is wrong too unless the type takes words, or they name a time (及时) under 时效
        return "qualitative" in spec["accepts"] or spec.get("words_fit", False) \
            or _has_any(ind.value, spec.get("time_words", []))
    if pv.kind not in spec["accepts"]:
        return False
    if pv.kind == "rate" and "rate_names" in spec:
        # e.g. a 时效 rate must be a timeliness rate (及时率), a 数量 rate a completion rate (完成年度计划 100%)
        return _has_any(ind.name, spec["rate_names"])
    return True


@rule(
    code="I003", name="value-type-mismatch", severity="error",
    message="{level2}“{name}”的指标值“{value}”不合要求：{expected}", hint="改为{example}这样的目标值",
    message_en="{level2} '{name}': value '{value}' does not fit — {expected_en}", hint_en="use a value like {example}",
    what="指标值的形式与二级指标类型不符：数量指标要数量和单位，时效指标要日期、期限或及时率，成本指标要金额，"
         "质量指标要比率或可核验的标准，满意度要百分比。",
    what_en="The value's shape does not fit the 二级 type: 数量 needs a count with unit, 时效 a date/deadline/rate, 成本 an amount, "
            "质量 a rate or a checkable standard, 满意度 a percentage.",
    why="指标值与指标类型不匹配，无法考核（岳阳市2021年审核中，时效指标“年初制定切实可行的培训计划，每月执行”的值为“10”）。",
    why_en="A value that does not fit its type cannot be assessed (in Yueyang's 2021 review a time indicator "
           "“年初制定切实可行的培训计划，每月执行” was valued “10”).",
    source=[cite(REVIEW_2021, "指标值与指标类型不符", "target values that do not fit the indicator type"),
            _VALUES_BY_TYPE],
    examples=[fires(_example(indicators=[("产出指标", "时效指标", "培训完成时间", "12期")])),
              fires(_example(indicators=[("产出指标", "成本指标", "设备购置成本", "≥ 90%")])),
              passes(_example(indicators=[("产出指标", "时效指标", "项目完成时间", "2021年6月30日前")]))],
)
def value_type_mismatch(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if pv.kind in _REPORTED_ELSEWHERE or _no_target(ind, pv) or _is_money_output(ind, pv) or _accepts(ind, pv):
            continue
        spec = _types()[ind.level2_key]
        yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, level2=_type_label(ind),
                      expected=spec["expect"], expected_en=spec["expect_en"], example=spec.get("example", "≥ 95%"))


_NEEDS_UNIT = {"quantity", "cost", "timeliness", "satisfaction", "quality"}


@rule(
    code="I004", name="score-like-value", severity="error",
    message="指标“{name}”的值“{value}”只有数字没有单位，像是分值而不是目标值", hint="写明单位和方向，如“≥ {number} {unit_hint}”",
    message_en="indicator '{name}': '{value}' is a bare number, like a score weight, not a target",
    hint_en="state the unit and direction, e.g. '≥ {number} {unit_hint}'",
    what="需要单位的指标（数量、质量、时效、成本、满意度）只填了一个数字，名称也看不出单位：名称是比率（…率）、计数（…人数、…数量）、"
         "括号里写了单位（时限（月））、写了同一个数和单位（变压器3台），或数量指标以所计的名词结尾（完成改革项目 1）时，单位是清楚的，不报告。",
    what_en="An indicator that needs a unit (quantity, quality, time, cost, satisfaction) has a bare number and the name does "
            "not tell the unit either (a rate, a count name, a bracketed unit, the same number with its unit, or a 数量 name "
            "ending in the noun it counts).",
    why="岳阳市2021年审核发现指标值与打分值混淆（如时效指标的值为“10”）。",
    why_en="Yueyang's 2021 review found values confused with score weights (a time indicator valued “10”).",
    source=[cite(REVIEW_2021, "指标值与打分值混淆", "target values confused with score weights"),
            _VALUES_BY_TYPE],
    examples=[fires(_example(indicators=[("产出指标", "时效指标", "年初制定切实可行的培训计划，每月执行", "10")])),
              fires(_example(indicators=[("产出指标", "数量指标", "烘干设备购置及安装", "550")])),
              passes(_example(indicators=[("产出指标", "数量指标", "开设课程数量", "220门")])),
              passes(_example(indicators=[("产出指标", "数量指标", "完成水价改革项目", "1")]))],
)
def score_like_value(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if pv.kind == "number" and (ind.level2_key in _NEEDS_UNIT or ind.level2_key is None) \
                and "multiplier-without-unit" not in pv.notes and not _unit_in_name(ind, pv):
            number = pv.number if pv.number is not None else ""
            text_number = f"{number:g}" if isinstance(number, float) else number
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, number=text_number,
                          unit_hint="%" if is_rate_name(ind.name) else "（单位）")


_BRACKETED = re.compile(r"[(（]([^()（）]{1,4})[)）]")


def _unit_in_name(ind: Indicator, pv: ParsedValue) -> bool:
    """The name tells the unit of a bare number: a rate (…率 → %), a count (…人数, …数量 → its unit), a unit in
    brackets (任务完成时限（月）), the same number with its unit (变压器3台 → 3), or under 数量 a name ending in the
    noun it counts (完成…改革项目 1, jieba tags n/vn)."""
    name = nfkc(ind.name).strip()
    if is_rate_name(name) or name.endswith(tuple(_words()["count_names"]["suffixes"])) or name.endswith("数"):
        return True
    if any(_whole_unit_text(m.group(1)) for m in _BRACKETED.finditer(name)):
        return True
    if any(q.number == pv.number for q in find_quantities(name)):
        return True
    if ind.level2_key in ("quantity", None) and pv.number is not None and pv.number.is_integer():
        words = [(w, flag) for w, flag in tagged_tokens(name) if w.strip()]
        return bool(words) and words[-1][1] in ("n", "vn", "nz")
    return False


def _whole_unit_text(text: str) -> bool:
    found = match_unit(text.strip(), 0)
    return bool(found) and found[1] == len(text.strip())


def _is_money_output(ind: Indicator, pv: ParsedValue) -> bool:
    """A 数量/质量 value that is money: one amount, or a sentence whose every quantity is an amount."""
    if ind.level2_key not in ("quantity", "quality"):
        return False
    if pv.kind == "money":
        return True
    quantities = find_quantities(ind.value) if pv.kind == "text" else []
    return bool(quantities) and all(q.unit_class in ("money", "money_per") for q in quantities)


@rule(
    code="I005", name="budget-as-output", severity="error",
    message="{level2}“{name}”的值“{value}”是一笔金额，不是产出", hint="写这笔钱要完成的工作量，如“培训 ≥ 4 次”“建成 1 处”；金额放到成本指标",
    message_en="{level2} '{name}': '{value}' is an amount of money, not an output",
    hint_en="state the work the money delivers (e.g. '≥ 4 trainings'); put amounts under 成本指标",
    what="数量或质量指标的值是金额（元/万元）。", what_en="A quantity or quality indicator whose value is a money amount.",
    why="岳阳市2021年审核发现数量指标实为预算金额（“经费拨款395.08万元”应为“民兵训练基地 建设完成”“通讯训练演练 N 次”）。",
    why_en="Yueyang's 2021 review found quantity indicators that were budget amounts (“经费拨款395.08万元”).",
    source=[cite(REVIEW_2021, "数量指标实为预算金额", "quantity indicators that are budget amounts"),
            cite(CAIYU_2021_101, "数量指标反映产出的数量，金额属于成本指标", "quantity indicators count outputs; amounts are cost indicators")],
    examples=[fires(_example(indicators=[("产出指标", "数量指标", "经费拨款", "395.08万元")])),
              fires(_example(indicators=[("产出指标", "数量指标", "年度经费", "经费拨款395.08万元，纳入预算管理的非税收入拨款5,203万元")])),
              passes(_example(indicators=[("产出指标", "数量指标", "通讯训练演练次数", "≥4次")]))],
)
def budget_as_output(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if _is_money_output(ind, pv):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, level2=_type_label(ind))


def _is_satisfaction(ind: Indicator) -> bool:
    return ind.level2_key == "satisfaction" or ind.level1_key == "satisfaction" or "满意" in ind.name


@rule(
    code="I006", name="satisfaction-target", severity="warning",
    message="满意度指标“{name}”{problem}", hint="{fix}",
    message_en="satisfaction indicator '{name}' {problem_en}", hint_en="{fix_en}",
    what="满意度目标低于 {indicator_types[types][satisfaction][minimum]}%、方向写成“≤”、没有说明是谁的满意度（只写“满意度”），或满意度填在了满意度指标以外的类别下。",
    what_en="A satisfaction target below {indicator_types[types][satisfaction][minimum]}% or with ≤, one that does not say whose satisfaction, or one filed outside 满意度指标.",
    why="满意度应是服务对象（群众、企业、机关）的满意度，通常不低于 90%；岳阳市2021年审核发现满意度不是对服务对象而言，或目标低于 90%。",
    why_en="Satisfaction must be that of the served public, firms or agencies, normally ≥ 90%; Yueyang's 2021 review "
           "found satisfaction targets about others than those served, or below 90%.",
    source=[cite(REVIEW_2021, "满意度不是服务对象的满意度，或低于 90%", "satisfaction not of those served, or below 90%"),
            cite(CAIYU_2021_101, "满意度指标反映服务对象的满意程度", "satisfaction indicators measure how satisfied those served are")],
    examples=[fires(_example(indicators=[("满意度指标", "服务对象满意度指标", "培训学员满意度", "≥80%")])),
              fires(_example(indicators=[("满意度指标", "服务对象满意度指标", "满意度", "≥90%")])),
              fires(_example(indicators=[("产出指标", "质量指标", "受助学生满意度", "≥95%")])),
              passes(_example(indicators=[("满意度指标", "服务对象满意度指标", "培训学员满意度", "≥95%")]))],
)
def satisfaction_target(form: Form) -> Iterator[Finding]:
    minimum = _types()["satisfaction"]["minimum"]
    for i, ind, pv in rows(form):
        if not _is_satisfaction(ind):
            continue
        name = comparable(ind.name)
        if pv.kind == "rate" and pv.number is not None and (pv.number < minimum or pv.comparator in ("<=", "<")):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), problem=f"的目标“{ind.value}”低于{minimum}%",
                          problem_en=f"targets '{ind.value}', below {minimum}%", fix=f"目标值一般应为“≥ {minimum}%”",
                          fix_en=f"a target of at least {minimum}% is normal")
        elif name in ("", "满意度", "满意率", "总体满意度", "综合满意度"):
            yield Finding(f"indicators[{i}].name", name=display_name(ind, i), problem="没有说明是谁的满意度",
                          problem_en="does not say whose satisfaction", fix="写明服务对象，如“受训学员满意度”“辖区群众满意度”",
                          fix_en="name the served group, e.g. trainees' or residents' satisfaction")
        elif ind.level2_key not in (None, "satisfaction") and ind.level1_key != "satisfaction":
            yield Finding(f"indicators[{i}].level2", name=display_name(ind, i), problem=f"填在了“{ind.level2}”下",
                          problem_en=f"is filed under '{ind.level2}'", fix="移到“满意度指标—服务对象满意度指标”下",
                          fix_en="move it under 满意度指标 / 服务对象满意度指标")


from linter.nlp import indicator_text  # noqa: E402  (reads indicator names as words, for I007, I008, I012, I013)

_BENEFIT_TYPES = ("economic", "social", "ecological", "sustainable")


@rule(
    code="I007", name="output-benefit-confusion", severity="warning",
    message="指标“{name}”{problem}", hint="{fix}",
    message_en="indicator '{name}' {problem_en}", hint_en="{fix_en}",
    what="产出指标写的是对他人的效果（提升、改善、促进 + 群众、环境、经济的状态，或知晓率、获得感），"
         "或效益指标写的是交付的东西（完成、培训、建设、打造 + 可计数的对象，单位自身的运转，人次、场次等工作量），且没有写出效果。",
    what_en="An output indicator that states an effect on others (提升/改善/促进 + a state of people, environment or economy; 知晓率), "
            "or a benefit indicator that states a delivered thing (完成/培训/建设 + a countable object, the unit's own operation, "
            "a count of work done) and no effect.",
    why="产出是单位交付了什么，效益是交付对他人产生的影响；岳阳市2021年审核发现二者混淆。",
    why_en="Outputs are what the unit delivers, benefits the effect on others; Yueyang's 2021 review found them confused.",
    source=[cite(REVIEW_2021, "产出与效益混淆", "outputs confused with benefits"),
            cite(CAIYU_2021_101, "产出指标与效益指标的设置", "how output and benefit indicators are set")],
    examples=[fires(_example(indicators=[("产出指标", "质量指标", "群众政策知晓率", "≥90%")])),
              fires(_example(indicators=[("效益指标", "社会效益指标", "培训人次", "≥1600人次")])),
              fires(_example(indicators=[("效益指标", "可持续影响指标", "打造系列品牌赛事", "影响可持续")])),
              passes(_example(indicators=[("效益指标", "社会效益指标", "打造品牌赛事，提升城市知名度", "效果良好")])),
              passes(_example(indicators=[("效益指标", "社会效益指标", "群众政策知晓率", "≥90%")]))],
)
def output_benefit_confusion(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        found = _effect_as_output(ind) if ind.level1_key == "output" else _output_as_benefit(ind, pv) if ind.level1_key == "benefit" else None
        if found:
            yield Finding(f"indicators[{i}].level1", name=display_name(ind, i), **found)


def _effect_as_output(ind: Indicator) -> dict[str, str] | None:
    r = indicator_text.read(ind.name)
    if ind.level2_key in _BENEFIT_TYPES:
        done = indicator_text.delivery(r)
        if done and not indicator_text.effect(r):
            return {"problem": f"计的是交付的工作（“{done}”），却填在效益类“{ind.level2}”下",
                    "problem_en": f"counts delivered work ('{done}') but is filed under the benefit type '{ind.level2}'",
                    "fix": "二级指标改为数量、质量或时效指标；效益类写这项工作给服务对象带来的变化",
                    "fix_en": "file it under 数量, 质量 or 时效; a benefit type states the change this work brings to those served"}
        return None
    effect = indicator_text.effect(r)
    if not effect or "满意" in ind.name or ind.level2_key == "satisfaction":
        return None
    return {"problem": f"写的是对他人的效果（“{effect}”），却填在产出指标下",
            "problem_en": f"states an effect on others ('{effect}') but is filed as an output",
            "fix": f"把“{r.text}”移到效益指标下；产出指标写为此交付了什么（次数、人次、份数或完成率）",
            "fix_en": f"move '{r.text}' under 效益指标; as the output, count what was delivered for it (times, persons, copies, completion)"}


def _output_as_benefit(ind: Indicator, pv: ParsedValue) -> dict[str, str] | None:
    r = indicator_text.read(ind.name)
    units = indicator_text.lexicon()["delivery"]["count_units"]
    if pv.kind == "quantity" and pv.unit in units:
        return {"problem": f"计的是工作量（{pv.unit}），却填在效益指标下",
                "problem_en": f"counts delivered work ({pv.unit}) but is filed as a benefit",
                "fix": "移到产出—数量指标下，效益指标写这些工作对服务对象的影响",
                "fix_en": "move it under 产出/数量; benefits state the effect of that work"}
    done = indicator_text.delivery(r)
    own_operation = done in indicator_text.lexicon()["delivery"]["operation"] and not indicator_text.ends_in_effect(r)
    if not done or indicator_text.states_effect(r) and not own_operation:
        return None
    return {"problem": f"写的是交付的工作（“{done}”），没有写它给服务对象带来什么变化，却填在效益指标下",
            "problem_en": f"states delivered work ('{done}'), not what it changes for those served, but is filed as a benefit",
            "fix": f"把“{done}”移到产出—数量指标下（计数量或完成率）；效益指标写它带来的变化，如“……由…提高到…”",
            "fix_en": f"move '{done}' under 产出/数量 (a count or completion rate); as the benefit, state the change it brings"}


_ABSTRACT = {
    "nothing": ("只有数字或符号（“{text}”），没有写考核什么", "is only a number or symbol ('{text}') and names nothing to measure",
                "写出考核的事项，如“……数量”“……完成率”", "name what is measured, e.g. a count or completion rate of a task"),
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
    message="指标“{name}”过于笼统：{problem}", hint="{fix}",
    message_en="indicator '{name}' is too abstract: it {problem_en}", hint_en="{fix_en}",
    what="三级指标没有可计数或可检查的中心词：以“情况”结尾，只有泛称的“各项/相关工作”，成本以外的一笔“经费”，"
         "只是类别名（“社会成本指标”“创建质量”），是一条原则（“以…为原则”），或只有时间、数字。",
    what_en="The indicator has no countable or checkable head: it ends in 情况, is a generic 各项/相关工作, a sum of 经费 outside 成本, "
            "a category name, a principle (以…为原则), or only a time or a number.",
    why="岳阳市2021年审核发现指标内容过于抽象，如“各项救助业务工作安排经费”。",
    why_en="Yueyang's 2021 review found abstract indicators such as “各项救助业务工作安排经费”.",
    source=[cite(REVIEW_2021, "指标内容过于抽象", "indicator texts too abstract"),
            _DETAILED],
    examples=[fires(_example(indicators=[("产出指标", "数量指标", "各项救助业务工作安排经费", "100%")])),
              fires(_example(indicators=[("成本指标", "社会成本指标", "社会成本指标", "100%")])),
              fires(_example(indicators=[("产出指标", "时效指标", "2022年全年", "≥360天")])),
              passes(_example(indicators=[("产出指标", "数量指标", "临时救助人次", "≥1200人次")]))],
)
def abstract_indicator(form: Form) -> Iterator[Finding]:
    for i, ind, _ in rows(form):
        r = indicator_text.read(ind.name)
        found = indicator_text.abstract(r, is_cost="cost" in (ind.level1_key, ind.level2_key))
        if not found or (ind.level1_key == "benefit" and indicator_text.bare_benefit(r)):
            continue  # I012 says it more precisely
        kind, text = found
        stem = r.text.removesuffix(text).strip() or r.text
        zh, en, fix, fix_en = (s.format(text=text, stem=stem) for s in _ABSTRACT[kind])
        yield Finding(f"indicators[{i}].name", name=display_name(ind, i), problem=zh, problem_en=en, fix=fix, fix_en=fix_en)


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
    examples=[fires(_example(indicators=[("产出指标", "数量指标", "培训人次", "≥1600人次")]), field="indicators"),
              passes(_example(indicators=[
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
    examples=[fires(_example(indicators=[("产出指标", "时效指标", "项目完成时间", "12月底前")])),
              passes(_example(indicators=[("产出指标", "时效指标", "项目完成时间", "12月底前"),
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
    projects = [t.name for t in form.tasks if t.name and not _has_any(t.name, ["人员经费", "公用经费"])]
    for item, synonyms in _words()["department_cost_items"]["items"].items():
        named_project = item == "项目经费" and any(comparable(p) and comparable(p) in comparable(cost_names) for p in projects)
        if not _has_any(cost_names, synonyms) and not named_project:
            yield Finding("indicators", item=item, item_en=english[item])


@rule(
    code="I012", name="bare-benefit-phrase", severity="warning",
    message="效益指标“{name}”只是一个短语：{problem}", hint="{fix}",
    message_en="benefit indicator '{name}' is a bare phrase: {problem_en}", hint_en="{fix_en}",
    what="效益指标的三级指标是很短的短语，没有写明对象（谁或什么发生变化）和可衡量的变化（“社会稳定”“经济发展”“促进发展”），"
         "或只是重复类别名（“社会效益”）。",
    what_en="A benefit indicator that is a short phrase naming no object (who or what changes) and no measurable change "
            "(社会稳定, 经济发展, 促进发展), or only repeats its category.",
    why="岳阳市2021年审核发现效益指标写成光秃秃的短语，看不出逻辑链。",
    why_en="Yueyang's 2021 review found benefit indicators written as bare phrases with no logic chain.",
    source=[cite(REVIEW_2021, "效益指标写成简单短语", "benefit indicators written as bare phrases")],
    examples=[fires(_example(indicators=[("效益指标", "社会效益指标", "社会效益", "显著")])),
              fires(_example(indicators=[("效益指标", "社会效益指标", "社会稳定", "稳定")])),
              passes(_example(indicators=[("效益指标", "社会效益指标", "辖区群众出行时间缩短", "≥10分钟")]))],
)
def bare_benefit_phrase(form: Form) -> Iterator[Finding]:
    for i, ind, _ in rows(form):
        r = indicator_text.read(ind.name)
        bare = indicator_text.bare_benefit(r) if ind.level1_key == "benefit" else None
        if bare:
            yield Finding(f"indicators[{i}].name", name=display_name(ind, i), **_bare_message(r.text, *bare))


def _bare_message(text: str, category: bool, changes: bool) -> dict[str, str]:
    if category:
        return {"problem": f"只重复了类别名“{text}”，没有写哪些人或什么事物发生了什么变化",
                "problem_en": f"it only repeats the category '{text}', naming no one and no change",
                "fix": "写成“对象 + 变化”，如“辖区居民……率由…提高到…”", "fix_en": "write object + change, e.g. a rate of residents raised from … to …"}
    lacks, lacks_en = ("对象（谁或什么）和变化的幅度", "no object (who or what) and not how much it changes") if changes else \
        ("对象（谁或什么）和可衡量的变化", "no object (who or what) and no measurable change")
    return {"problem": f"“{text}”没有写明{lacks}", "problem_en": f"'{text}' names {lacks_en}",
            "fix": f"写成“对象 + 变化”：“{text}”落在哪些人或事物的哪个可计的量上，由多少变到多少（如“……率由…提高到…”）",
            "fix_en": f"write object + change: which people or things show '{text}', in which measurable quantity, from what to what"}


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
         "有目标、至少 3 条产出指标，且超过一半计工作内容的产出指标与目标无关、目标中超过一半的任务也没有指标衡量时报告"
         "（指标用别的说法衡量了目标的任务时不报）。",
    what_en="Splits the goal (annual, else long-term) into task clauses (the project name counts as one) and compares their content words with the output "
            "indicators' (cost excluded), synonyms merged and character bigrams as fallback; management indicators (compliance, "
            "timeliness, acceptance) are not counted. Fires with a goal and at least 3 outputs when more than half of the "
            "work-measuring outputs share nothing with the goal and more than half of the goal's tasks have no indicator.",
    why="岳阳市2021年审核发现指标与目标不匹配、各类指标讲的是不同的工作，没有逻辑链（审核标准“指标与目标匹配性”）。",
    why_en="Yueyang's 2021 review found indicators unrelated to the goal, with no logic chain between categories.",
    source=[cite(REVIEW_2021, "指标之间没有系统和逻辑，与目标不匹配", "indicators with no system or logic, not matching the goal"),
            cite(CAIYU_2015_88, "绩效目标要相应匹配", "targets must match the tasks and the budget")],
    examples=[fires(_example(annual_goal="完成全市72座电视转播铁塔维修，保障5套模拟电视节目高质量播出", indicators=[
                  ("产出指标", "数量指标", "办公楼保洁面积", "≥3000平方米"), ("产出指标", "质量指标", "会议服务合格率", "≥95%"),
                  ("产出指标", "数量指标", "公务车辆出车次数", "≥200次")])),
              passes(_example(annual_goal="完成全市72座电视转播铁塔维修，保障5套模拟电视节目高质量播出", indicators=[
                  ("产出指标", "数量指标", "检修转播塔座数", "72座"), ("产出指标", "质量指标", "模拟电视节目播出合格率", "≥99%"),
                  ("产出指标", "时效指标", "铁塔维修完成时间", "2021年10月31日前")]))],
)
def indicators_off_goal(form: Form) -> Iterator[Finding]:
    goal, label, label_en = (form.annual_goal, "年度目标", "annual goal") if (form.annual_goal or "").strip() else \
        (form.long_term_goal, "长期目标", "long-term goal")
    outputs = [ind for ind in form.indicators if ind.level1_key == "output" and ind.level2_key != "cost" and ind.name.strip()]
    tasks = indicator_text.goal_tasks(goal or "")
    if len(outputs) < 3 or not tasks:
        return
    project = indicator_text.task_terms(form.project or "")
    if project:
        tasks.append((form.project.strip(), project))  # the project's name says what the money is for, too
    measured = [(ind, terms) for ind in outputs if (terms := indicator_text.task_terms(ind.name))]
    off = [ind for ind, terms in measured if not any(indicator_text.terms_meet(terms, t) for _, t in tasks)]
    uncovered = [clause for clause, t in tasks if not any(indicator_text.terms_meet(terms, t) for _, terms in measured)]
    share = indicator_text.lexicon()["goal_match"]["min_share"]
    if measured and len(off) > share * len(measured) and len(uncovered) > share * len(tasks):
        yield Finding("indicators", goal_label=label, goal_label_en=label_en, off=len(measured), n_off=len(off),
                      sample=off[0].name.strip(), tasks=len(tasks), n_uncovered=len(uncovered), task=uncovered[0])


def _polarity(ind: Indicator) -> str | None:
    words = _words()
    if ind.level2_key == "cost" or _has_any(ind.name, words["lower_is_better"]["words"]):
        if not _has_any(ind.name, words["higher_is_better"]["words"]):
            return "lower"
    if ind.level2_key == "satisfaction" or _has_any(ind.name, words["higher_is_better"]["words"]):
        return "higher"
    return None


def _should_grow(ind: Indicator, pv: ParsedValue) -> bool:
    """A floor is due: a pass rate or satisfaction given as a rate (not 及时率 ≤7工作日, a duration), or an output
    count (示范点 ≤6个) that is not a cost or an incident."""
    if pv.kind == "rate":
        return _polarity(ind) == "higher"
    return pv.kind == "quantity" and pv.unit_class == "count" and ind.level2_key == "quantity" and _polarity(ind) is None


_UP, _DOWN = (">=", ">"), ("<=", "<")


def _stated_direction(ind: Indicator) -> str | None:
    """The 指标方向 column: "higher" (正向), "lower" (反向), None (定性, blank or unknown)."""
    directions = load_ruleset("value_vocab")["directions"]
    written = nfkc(ind.direction).strip()
    return next((d for d, spellings in directions["spellings"].items() if written in spellings), None)


@rule(
    code="I015", name="direction-mismatch", severity="warning",
    message="指标“{name}”的方向写反了：{value}", hint="{fix}",
    message_en="indicator '{name}' points the wrong way: {value}", hint_en="{fix_en}",
    what="比较符与指标的方向相反：成本、差错率、逾期率等越低越好的指标写了“≥”，合格率、满意度、产出数量等越高越好的指标写了“≤”，"
         "或“指标方向”栏（正向/反向）与比较符矛盾。",
    what_en="The comparator contradicts the indicator's polarity: ≥ on costs and error rates, ≤ on pass rates, satisfaction "
            "and output counts, or a direction column (正向/反向) that contradicts the comparator.",
    why="方向写反的目标值在年底评价时会得出相反的结论（审核标准“目标值严谨性”）。",
    why_en="A target with the wrong direction is assessed backwards at year end.",
    source=[cite(REVIEW_2021, "审核标准“目标值严谨性”", "its standard of sound target values")],
    examples=[fires(_example(indicators=[("产出指标", "成本指标", "设备购置成本", "≥120万元")])),
              fires(_example(indicators=[("产出指标", "质量指标", "验收合格率", "≤95%")])),
              fires(_example(indicators=[("产出指标", "数量指标", "建设示范点数量", "≤6个")])),
              fires({**_example(indicators=[]), "indicators": [{"level1": "产出指标", "level2": "质量指标", "name": "验收合格率",
                                                                "comparator": "≤", "value": "95", "unit": "%", "direction": "正向"}]},
                    field="indicators[0].direction"),
              passes(_example(indicators=[("产出指标", "成本指标", "设备购置成本", "≤120万元")]))],
)
def direction_mismatch(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        stated = _stated_direction(ind)
        if stated and pv.comparator in (_DOWN if stated == "higher" else _UP):
            shown = (ind.comparator if ind.comparator not in ind.value else "") + ind.value \
                + (ind.unit if ind.unit not in ind.value else "")
            yield Finding(f"indicators[{i}].direction", name=display_name(ind, i), value=f"“{shown}”与指标方向“{ind.direction}”相反",
                          fix="指标方向与比较符应一致：正向写“≥”，反向写“≤”",
                          fix_en="make the direction column and the comparator agree: ≥ for 正向, ≤ for 反向")
            continue
        polarity = _polarity(ind)
        if polarity == "lower" and pv.comparator in _UP:
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value,
                          fix="成本、差错率一类指标应写上限，如“≤ 120 万元”", fix_en="costs and error rates take a ceiling (≤)")
        elif pv.comparator in _DOWN and _should_grow(ind, pv):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value,
                          fix="合格率、满意度和产出数量一类指标应写下限，如“≥ 95%”“≥ 6 个”",
                          fix_en="pass rates, satisfaction and output counts take a floor (≥)")


def _is_ungradable(ind: Indicator, pv: ParsedValue) -> bool:
    """A sentence, an ungradable word (合理, 及时), or a judgement (良好, 效果明显) where the type has no grade for it."""
    if pv.kind == "text":
        return not _NO_NUMBER & set(pv.notes)  # a lone unit or comparator is I001's
    if pv.kind != "qualitative" or "filler-word" in pv.notes and _no_target(ind, pv):
        return False
    return pv.gradable is False or pv.evaluative and not _grades_judgements(ind)


def _grades_judgements(ind: Indicator) -> bool:
    """Whether the row's type grades a judgement such as 良好 (a 质量 standard does; 效益 types do not)."""
    spec = _types().get(ind.level2_key or "")
    if spec is None:
        return ind.level1_key != "benefit"
    return spec.get("evaluative_grades", True)


@rule(
    code="I016", name="ungradable-value", severity="warning",
    message="指标“{name}”的值“{value}”无法评判达成与否", hint="{fix}",
    message_en="indicator '{name}': '{value}' cannot be graded", hint_en="give a checkable level, e.g. a number with unit, a date, or 达标/合格",
    what="定性指标值无法评判：“是”“长期”“全年”“可控”“合理”“及时”“控制在预算内”、一整句话，或只写“提升/减少”而没有基数。",
    what_en="A qualitative value that cannot be graded: 是, 长期, 全年, 可控, 合理, 及时, 控制在预算内, a sentence, or a bare 提升/减少.",
    why="定性指标必须是可核验的状态（达标、合格、各项重点工作全部完成），否则无从评价；岳阳市2021年审核发现指标值无意义、无从考核。",
    why_en="A qualitative value must be a checkable state (达标, 合格, all key tasks done); Yueyang's 2021 review found "
           "meaningless target values.",
    source=[cite(REVIEW_2021, "指标值无意义", "meaningless target values"),
            cite(CAIYU_2011_285, "不能以量化形式表述的，采用定性的分级分档形式表述", "what cannot be quantified is stated in graded levels")],
    examples=[fires(_example(indicators=[("产出指标", "成本指标", "成本控制合理性", "合理")])),
              fires(_example(indicators=[("产出指标", "时效指标", "资金拨付及时性", "及时")])),
              passes(_example(indicators=[("产出指标", "质量指标", "工程验收", "验收合格")]))],
)
def ungradable_value(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if _is_ungradable(ind, pv) and not value_is_name(ind):  # a value that repeats its name is I002's
            fix = _ungradable_fix(ind)
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, fix=fix)


def _ungradable_fix(ind: Indicator) -> str:
    if ind.level2_key == "timeliness":
        return "改为具体期限，如“2021年6月30日前完成”"
    if ind.level2_key == "cost":
        return "改为金额上限，如“≤ 120 万元”"
    return "改为可核验的数值或状态，如“≥ 95%”“验收合格”，或写明基数“由 60% 提高到 80%”"


@rule(
    code="I017", name="impossible-rate", severity="warning",
    message="指标“{name}”的比率“{value}”{problem}", hint="比率最高 100%；要求全部达到时写“= 100%”",
    message_en="indicator '{name}': rate '{value}' {problem_en}", hint_en="a rate tops out at 100%; write '= 100%' when all is required",
    what="比率超过 100%，或对有上限的比率写“≥100%”（增长率、增幅等可超过 100% 的除外）。",
    what_en="A rate above 100%, or ≥100% on a bounded rate (growth rates excepted).",
    why="超过上限的目标值不可能达到或毫无意义（各地公开的申报表中可见“≥100%”）。",
    why_en="A target above the ceiling is impossible or meaningless (published forms show “≥100%”).",
    source=[cite(REVIEW_2021, "审核标准“目标值严谨性”", "its standard of sound target values"),
            cite(CAIYU_2015_88, "绩效目标要合理可行", "targets must be reasonable and achievable")],
    examples=[fires(_example(indicators=[("产出指标", "质量指标", "设施完好率", "≥100%")])),
              fires(_example(indicators=[("产出指标", "质量指标", "验收合格率", "120%")])),
              passes(_example(indicators=[("效益指标", "经济效益指标", "农户收入增长率", "≥120%")]))],
)
def impossible_rate(form: Form) -> Iterator[Finding]:
    unbounded = _words()["unbounded_rates"]["words"]
    for i, ind, pv in rows(form):
        if pv.kind != "rate" or pv.number is None or _has_any(ind.name, unbounded):
            continue
        if pv.number > 100:
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, problem="超过 100%", problem_en="is above 100%")
        elif pv.number == 100 and pv.comparator in (">=", ">"):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value,
                          problem="要求“≥100%”，无法超过", problem_en="asks for ≥100%, which cannot be exceeded")


@rule(
    code="I018", name="duplicate-indicator", severity="error",
    message="指标“{name}”重复出现（第 {first} 行已有）", hint="合并重复的指标，或改写成不同的考核内容",
    message_en="indicator '{name}' appears twice (already row {first})", hint_en="merge the duplicates or measure different things",
    what="同一张指标表（同为年度或同为中长期）中有两个三级指标名称相同（忽略标点和空格）。",
    what_en="Two indicators of one table (same term) have the same name, punctuation and spacing aside.",
    why="重复的指标夸大了指标数量，掩盖了没有覆盖的工作（审核标准“指标系统性”）。",
    why_en="Duplicates inflate the table and hide work that is not covered.",
    source=[cite(REVIEW_2021, "审核标准“指标系统性”", "its standard of a complete indicator system")],
    examples=[fires(_example(indicators=[("产出指标", "数量指标", "培训人次", "≥1600人次"), ("产出指标", "数量指标", "培训人次。", "≥1500人次")])),
              passes(_example(indicators=[("产出指标", "数量指标", "培训人次", "≥1600人次"), ("产出指标", "数量指标", "培训期数", "≥12期")]))],
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


@rule(
    code="I019", name="bad-hierarchy", severity="error",
    message="指标“{name}”的层级有误：{problem}", hint="{fix}",
    message_en="indicator '{name}': wrong hierarchy — {problem_en}", hint_en="use the 一级/二级 names of the template (see `jxlint rule I019`)",
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
    examples=[fires(_example(indicators=[("产出指标", "效率指标", "审批办结时间", "≤5个工作日")])),
              fires(_example(indicators=[("效益指标", "数量指标", "培训人次", "≥1600人次")])),
              fires(_example(layout="2021", indicators=[("产出指标", "成本指标", "培训成本", "≤20万元")])),
              passes(_example(indicators=[("成本指标", "经济成本指标", "设备购置成本", "≤120万元"),
                                          ("产出指标", "成本指标", "培训成本", "≤20万元")]))],
)
def bad_hierarchy(form: Form) -> Iterator[Finding]:
    for i, ind, _ in rows(form):
        if ind.level1_key is None:
            shown = ind.level1 or "（空）"
            yield Finding(f"indicators[{i}].level1", name=display_name(ind, i), problem=f"一级指标“{shown}”不是产出、成本、效益或满意度指标",
                          problem_en=f"unknown 一级 '{ind.level1}'", fix="一级指标填“产出指标”“成本指标”“效益指标”或“满意度指标”")
        elif ind.level2_key is None:
            shown = ind.level2 or "（空）"
            yield Finding(f"indicators[{i}].level2", name=display_name(ind, i), problem=f"二级指标“{shown}”不在指标体系中",
                          problem_en=f"unknown 二级 '{ind.level2}'", fix="二级指标填数量、质量、时效、成本、各类效益或服务对象满意度指标")
        elif ind.level1_key not in _parents(ind.level2_key, form.layout):
            yield Finding(f"indicators[{i}].level2", name=display_name(ind, i), problem=f"“{ind.level2}”不属于“{ind.level1}”",
                          problem_en=f"'{ind.level2}' does not belong under '{ind.level1}'",
                          fix=f"把“{ind.level2}”放到“{hierarchy.standard_name('level1', hierarchy.allowed_parents(ind.level2_key)[0])}”下")


def _parents(level2: str, layout: str | None) -> list[str]:
    """The 一级 keys a 二级 may sit under; a stated layout (form or preset) fixes where 成本 goes."""
    parents = hierarchy.allowed_parents(level2)
    preset = next((p for p in load_ruleset("indicator_types")["presets"].values() if p["layout"] == str(layout)), None)
    if level2 == "cost" and preset:
        return [preset["cost_parent"]]
    return parents


@cache
def _placeholder_name() -> re.Pattern[str]:
    return re.compile("|".join(load_ruleset("value_vocab")["placeholders"]["name"]["patterns"]))


@rule(
    code="I020", name="template-placeholder", severity="error",
    message="指标“{name}”还留着模板占位符：“{text}”", hint="把“**”“★”“XX”“N”换成实际的数值",
    message_en="indicator '{name}' still has template placeholder text: '{text}'", hint_en="replace **, ★, XX or N with the real figure",
    what="指标名称或指标值中留有模板文字：“**”“★”“XX”“N次”“（≥**人）”“**月**日前”。",
    what_en="Template text left in an indicator name or value: **, ★, XX, N次, ≥**人, **月**日前.",
    why="模板占位符说明指标没有真正填写（公开表单中可见“★”“≥**人”）。",
    why_en="Placeholders mean the indicator was never actually filled in (published forms show “★” and “≥**人”).",
    source=[cite(REVIEW_2021, "评分项“上报质量”", "the score for the quality of the submission"),
            _DETAILED],
    examples=[fires(_example(indicators=[("产出指标", "数量指标", "培训人数", "≥**人")])),
              fires(_example(indicators=[("产出指标", "数量指标", "开展培训N次", "★")])),
              passes(_example(indicators=[("产出指标", "数量指标", "培训人数", "≥120人")]))],
)
def template_placeholder(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if pv.placeholder and "masked" not in pv.notes:  # ≤****000元: digits hidden by the republishing site
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), text=ind.value)
        elif _placeholder_name().search(nfkc(ind.name)):
            yield Finding(f"indicators[{i}].name", name=display_name(ind, i), text=ind.name)


@rule(
    code="I021", name="unit-name-mismatch", severity="error",
    message="指标“{name}”的单位与名称矛盾：{problem}", hint="{fix}",
    message_en="indicator '{name}': the unit contradicts the name — {problem_en}", hint_en="make the unit fit what the name measures",
    what="名称是计数（…人数、…户数、…次数）却用 % 或别的计数单位（户数写成人次、人口写成户），名称是金额（…金额、…资金）却用 % 或计数单位，"
         "名称是比率（…率）却是时长或个数（检测及时率 ≤7工作日），或指标值与单位栏的单位互相矛盾。",
    what_en="A count (…人数, …户数) given in % or in another count unit (heads in 户), an amount (…金额, …资金) in % or a count "
            "unit, a rate (…率) given as a duration or count, or a value whose unit contradicts the unit column.",
    why="单位与名称矛盾的指标无法判断考核的是什么（公开表单：“应受助学生数 100%”“安排金额 28.8万元，单位 %”）。",
    why_en="When unit and name disagree nobody can tell what is measured.",
    source=[cite(REVIEW_2021, "审核标准“目标值严谨性”", "its standard of sound target values"),
            _VALUES_BY_TYPE],
    examples=[fires(_example(indicators=[("产出指标", "数量指标", "中等职业学校国家助学金应受助学生数", "100%")])),
              fires(_example(indicators=[("产出指标", "成本指标", "业务工作支出安排金额", "≥90%")])),
              passes(_example(indicators=[("产出指标", "数量指标", "应受助学生数", "≥2100人")]))],
)
def unit_name_mismatch(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        conflict = _unit_conflict(ind, pv)
        if conflict:
            field, problem, problem_en, fix = conflict
            yield Finding(f"indicators[{i}].{field}", name=display_name(ind, i), problem=problem, problem_en=problem_en, fix=fix)


def _counted(name: str, suffix: str | None) -> tuple[str, list[str]]:
    """What a count name counts and the units it takes: 户数 → 户; 受益农户数量, 脱贫户人口数 by their last noun."""
    words = _words()
    units = words["count_name_units"]["units"].get(suffix or "")
    if units:
        return suffix or "", units
    spec = words["counted_nouns"]
    stem = next((name[:-len(s)] for s in spec["strip"] if name.endswith(s)), name)
    for noun in spec["nouns"].values():
        end = next((e for e in sorted(noun["ends"], key=len, reverse=True) if stem.endswith(e)), None)
        if end:
            return end, noun["units"]
    return "", []


def _unit_conflict(ind: Indicator, pv: ParsedValue) -> tuple[str, str, str, str] | None:
    """(field, problem, problem in English, fix) when the value's unit contradicts the name or the unit column."""
    words = _words()
    name = nfkc(ind.name).strip()
    suffix = next((s for s in words["count_names"]["suffixes"] if name.endswith(s)), None)
    if suffix and pv.unit_class == "percent" and not is_rate_name(name):
        return "value", "名称是数量，值却是百分比", "a count given as a percentage", "写实际数量，如“≥ 2100 人”；要写比例请把名称改为“…率”"
    counted, expected_units = _counted(name, suffix)
    if expected_units and pv.unit_class == "count" and pv.unit not in expected_units:
        return ("value", f"名称计的是{counted}，单位却是“{pv.unit}”", f"the name counts {counted} but the unit is '{pv.unit}'",
                f"单位改为“{expected_units[0]}”")
    amounts = words["amount_names"]
    if (_has_any(name, amounts["words"]) or name.endswith(tuple(amounts["suffixes"])) and not is_rate_name(name)) \
            and pv.unit_class in ("percent", "count"):
        return "value", "名称是金额，值却不是金额", "an amount not given in money", "写金额，如“≤ 28.8 万元”"
    if is_rate_name(name) and pv.unit_class in ("duration", "count"):
        return ("value", f"名称是比率，值却是“{pv.unit}”", f"a rate given in '{pv.unit}'",
                "写比率，如“≥ 95%”；要写期限或数量请把名称改为“…时间”“…数量”")
    if pv.unit_class == "money" and ind.unit.strip() in ("%", "％", "百分比"):
        return ("unit", f"值“{ind.value}”是金额，单位栏却是“{ind.unit}”",
                f"the value '{ind.value}' is money but the unit column says '{ind.unit}'", "把单位栏改为“万元”或“元”")
    return None


@rule(
    code="I022", name="cost-over-budget", severity="warning",
    message="成本指标“{name}”的金额 {amount} 万元超过了年度资金总额 {total} 万元", hint="{fix}",
    message_en="cost indicator '{name}' ({amount} 万元) exceeds the annual funds ({total} 万元)",
    hint_en="{fix_en}",
    what="成本指标的金额（元、万元、亿元统一换算）大于表单的年度资金总额。",
    what_en="A cost indicator's amount (元/万元/亿元 normalised) is larger than the form's annual funds.",
    why="审核标准“预算科学性”要求金额与目标相互衔接；超出总额多半是单位写错或照抄了别的数字。",
    why_en="Amounts must tie to the budget; an excess is usually a wrong unit or a copied figure.",
    source=[cite(REVIEW_2021, "审核标准“预算科学性”", "its standard of a well-founded budget"),
            cite(CAIYU_2020_10, "评价指标“预算编制科学性”", "the evaluation indicator of a well-founded budget (预算编制科学性)")],
    examples=[fires(_example(funds={"total": 240.6}, indicators=[("产出指标", "成本指标", "培训成本", "≤2406000万元")])),
              passes(_example(funds={"total": 240.6}, indicators=[("产出指标", "成本指标", "培训成本", "≤2406000元")]))],
)
def cost_over_budget(form: Form) -> Iterator[Finding]:
    if form.funds is None or not form.funds.total:
        return
    total_yuan = form.funds.total * 10000
    for i, ind, pv in rows(form):
        if (ind.level2_key == "cost" or ind.level1_key == "cost") and pv.amount_yuan and pv.amount_yuan > total_yuan * (1 + load_ruleset("thresholds")["I022"]["tolerance_share"]):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), amount=f"{pv.amount_yuan / 10000:g}",
                          total=f"{form.funds.total:g}", **_cost_fix(pv.amount_yuan / 10000, form.funds.total))


def _cost_fix(amount_wan: float, total_wan: float) -> dict[str, str]:
    """The hint from the form's own amounts: the limit, and what the number would be had the unit been 元."""
    as_yuan = f"{amount_wan:g} 元 = {amount_wan / 10000:g} 万元"
    return {"fix": f"成本不能超过年度资金总额 {total_wan:g} 万元：单位本是“元”的（{as_yuan}）请改单位，否则改正金额",
            "fix_en": f"a cost cannot exceed the annual funds of {total_wan:g} 万元: if the unit is 元 ({as_yuan}), "
                      "correct the unit, otherwise the amount"}


@rule(
    code="I023", name="deadline-outside-period", severity="warning",
    message="时限“{value}”不在{period}内", hint="期限应落在{period}之内，如“{deadline}前完成”",
    message_en="deadline '{value}' falls outside {period_en}", hint_en="the deadline belongs inside {period_en}, e.g. by {deadline_en}",
    what="年度指标的日期或期限不在预算年度内，或在项目起止时间之外。",
    what_en="An annual indicator's date or deadline falls outside the budget year or the project's start–end dates.",
    why="超出期限的目标在年底无法评价（审核标准“进度合理性”）。",
    why_en="A deadline outside the period cannot be assessed at year end.",
    source=[cite(REVIEW_2021, "审核标准“进度合理性”", "its standard of a sound schedule"),
            cite(CAIYU_2015_88, "年度绩效目标是预算年度内要达到的目标", "the annual target is what the budget year must achieve")],
    examples=[fires(_example(indicators=[("产出指标", "时效指标", "项目完成时间", "2022年6月30日前")])),
              passes(_example(indicators=[("产出指标", "时效指标", "项目完成时间", "2021年6月30日前")]))],
)
def deadline_outside_period(form: Form) -> Iterator[Finding]:
    period = _period_years(form)
    for i, ind, pv in rows(form):
        if pv.kind != "date" or pv.year is None:
            continue
        start, end = (form.budget_year, form.budget_year) if ind.term == "annual" and form.budget_year else period
        if start is not None and not start <= pv.year <= end:
            where = f"预算年度{start}年" if start == end else f"项目期限{start}—{end}年"
            window = annual_window(form) if start == end else None  # an annual target: the project's own end date
            last = window.end if window and window.end.year == end else date(end, 12, 31)
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, period=where,
                          period_en=f"the budget year {start}" if start == end else f"the period {start}–{end}",
                          deadline=zh_date(last), deadline_en=en_date(last))


def _period_years(form: Form) -> tuple[int | None, int | None]:
    """The project's start and end years, from its period or else its budget year."""
    years = [int(m) for m in re.findall(r"(?:19|20)\d\d", f"{form.period_start} {form.period_end}")]
    if years:
        return min(years), max(years)
    return form.budget_year, form.budget_year


# the form's own dates, for the I010 and I023 hints
from datetime import date  # noqa: E402

from linter.analysis.form_dates import annual_window, en_date, milestones, zh_date  # noqa: E402


# --- I014 dept-indicators-copied (batch) ---------------------------------------------------------------

from collections import defaultdict  # noqa: E402
from typing import Any  # noqa: E402

from linter.model import PROJECT  # noqa: E402
from linter.registry import BATCH  # noqa: E402
from linter.units import unit_key  # noqa: E402

_TRAILING_ZEROS = re.compile(r"(?<!\d)(\d+)\.(\d*?)0+(?!\d)")  # (?<!\d): linear on long digit runs
_BRACKETED_UNIT = re.compile(r"[(（]\s*([%％‰]|[^\d()（）]{1,4})\s*[)）]")


def indicator_value_key(ind: Indicator) -> str:
    """An indicator's comparator, value and unit as one string: width, spaces, comparator spellings,
    bracketed units (=100.00(%)) and trailing decimal zeros normalised."""
    text = nfkc(f"{ind.comparator}{ind.value}{ind.unit}")
    text = with_signs(re.sub(r"\s+", "", text))
    text = _BRACKETED_UNIT.sub(r"\1", text)
    text = _TRAILING_ZEROS.sub(lambda m: m.group(1) + ("." + m.group(2) if m.group(2) else ""), text)
    return text.lstrip("=")


def _copy_counts(ind: Indicator) -> bool:
    """Satisfaction and cost rows may repeat a project's (the same 满意度 target; the project's cost is part
    of the department's cost, domain.md §2): they are neither counted nor reported."""
    return ind.level1_key not in ("satisfaction", "cost") and ind.level2_key not in ("satisfaction", "cost")


def _i014_rows(*rows: tuple[str, str, str, str]) -> list[dict[str, str]]:
    return [dict(zip(("level1", "level2", "name", "value"), r)) for r in rows]


_I014_ROWS = _i014_rows(("产出指标", "数量指标", "市政道路日常保养面积", "≥420万㎡"),
                        ("产出指标", "质量指标", "市政设施完好率", "≥95%"),
                        ("产出指标", "时效指标", "破损路面修复时间", "≤48小时"),
                        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%"))


@rule(
    code="I014", name="dept-indicators-copied", severity="warning", scope=BATCH,
    message="部门整体指标“{name}”（{value}）照搬了本单位项目{project}的指标（{copied}/{total} 行相同）",
    hint="部门整体指标应反映单位全年的产出和效益，不要照抄或简单汇总某个项目的指标",
    message_en="department indicator '{name}' ({value}) is copied from this unit's project {project} ({copied} of {total} rows)",
    hint_en="department indicators should show the unit's output and effect for the whole year, not one project's indicators",
    what="部门整体支出表的三级指标行与同一单位某个项目支出表的指标行名称和指标值都相同（去掉空格、全半角、比较符写法、括号中的单位和"
         "小数末尾的 0 之后比较），且这样的行至少有 3 行，或至少 2 行且占所计指标行的一半。满意度指标和成本指标不计："
         "部门成本本来就包含项目经费，满意度目标相同很正常。单位简称也能识别。",
    what_en="Indicator rows of a department form have the same name and value as rows of one of the same unit's project "
            "forms (after normalising spaces, width, comparator spellings, bracketed units and trailing zeros), and there "
            "are at least 3 such rows, or at least 2 making half of the rows counted. Satisfaction and cost rows are "
            "not counted: the department's cost includes its projects', and equal satisfaction targets are normal.",
    why="岳阳市2021年审核发现部门整体指标只是项目指标的照搬或加总：部门指标应覆盖单位全部职责。",
    why_en="Yueyang's 2021 review found department-wide indicators that were just the project indicators copied or summed; "
           "department indicators must cover all of the unit's duties.",
    source=[cite(REVIEW_2021, "部门整体指标照搬或加总项目指标", "department indicators copied or summed from project indicators")],
    examples=[
        fires([{"id": "D187", "type": "department", "unit": "岳阳市市政维护管理处", "indicators": _I014_ROWS},
               {"id": "P466", "type": "project", "unit": "岳阳市市政维护管理处", "project": "市政设施维护经费",
                "indicators": _i014_rows(("产出指标", "数量指标", "市政道路日常保养面积", "≥ 420 万㎡"),
                                         ("产出指标", "质量指标", "市政设施完好率", ">=95.00(%)"),
                                         ("产出指标", "时效指标", "破损路面修复时间", "≤48小时"))}],
              field="indicators[0]"),
        passes([{"id": "D187", "type": "department", "unit": "岳阳市市政维护管理处", "indicators": _I014_ROWS},
                {"id": "P466", "type": "project", "unit": "岳阳市市政维护管理处", "project": "市政设施维护经费",
                 "indicators": _i014_rows(("产出指标", "数量指标", "泵站清淤座数", "≥14座"),
                                          ("产出指标", "质量指标", "市政设施完好率", "≥95%"),
                                          ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%"))}]),
        passes([{"id": "D187", "type": "department", "unit": "岳阳市市政维护管理处", "indicators": _I014_ROWS},
                {"id": "P247", "type": "project", "unit": "岳阳火车站地区综合执法支队", "project": "广场设施维护",
                 "indicators": _I014_ROWS}]),
    ],
)
def dept_indicators_copied(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    limits = load_ruleset("thresholds")["I014"]
    rows_of_unit: dict[str, dict[tuple[str, str], Form]] = defaultdict(dict)  # unit → row key → first project form
    departments: list[tuple[Form, str]] = []
    for form in forms:
        key = unit_key(form.unit)
        if not key or not form.indicators:
            continue
        if form.form_type == PROJECT:
            for ind in form.indicators:
                if comparable(ind.name) and _copy_counts(ind):
                    rows_of_unit[key].setdefault((comparable(ind.name), indicator_value_key(ind)), form)
        elif form.form_type == DEPARTMENT:
            departments.append((form, key))
    for form, key in departments:
        known = rows_of_unit.get(key)
        if not known:
            continue
        counted = [(k, ind) for k, ind in enumerate(form.indicators) if comparable(ind.name) and _copy_counts(ind)]
        copied: list[tuple[int, Indicator, Form]] = []
        for k, ind in counted:
            source = known.get((comparable(ind.name), indicator_value_key(ind)))
            if source is not None and source is not form:
                copied.append((k, ind, source))
        enough = len(copied) >= limits["min_rows"] or (
            len(copied) >= limits["min_rows_for_share"] and len(copied) >= limits["min_share"] * len(counted))
        if not enough:
            continue
        for k, ind, source in copied:
            args: dict[str, Any] = dict(name=display_name(ind, k), value=ind.value, copied=len(copied), total=len(counted),
                                        project=f"“{source.project or source.form_id}”（{source.form_id}）")
            yield form, Finding(f"indicators[{k}]", **args)
