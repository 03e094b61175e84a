"""Whether a row has a target at all, and one of the shape its 二级 type takes (I001–I005, I016, I020)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from linter.analysis.form_dates import deadline
from linter.analysis.indicator_rows import FIGURE_IN_TEXT, rows
from linter.model import Form, Indicator
from linter.nlp.indicator_text import is_rate_name
from linter.nlp.normalize import comparable, nfkc
from linter.nlp.numbers import plain_number
from linter.nlp.pipeline import tagged_tokens
from linter.nlp.quantities import find_quantities, match_unit
from linter.nlp.values import ParsedValue
from linter.registry import CAIYU_2011_285, CAIYU_2021_101, REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.rules.indicators.common import (DETAILED, VALUES_BY_TYPE, display_name, example_form, has_any,
                                            indicator_types, indicator_words, polarity_of, type_label)
from linter.rulesets import load_ruleset


_TARGET_HINT = "填写可考核的目标值，如“≥ 4 次”“≥ 95%”“{deadline}”"
_TARGET_HINT_EN = "give a checkable target such as '≥ 4 times', '≥ 95%', '{deadline_en}'"


@rule(
    code="I001", name="missing-value", severity="error",
    kinds={
        "empty": Messages("指标“{name}”没有填写指标值", _TARGET_HINT, "indicator '{name}' has no target value", _TARGET_HINT_EN),
        "unit-only": Messages("指标“{name}”的指标值“{value}”只有单位，没有目标数值", _TARGET_HINT,
                              "indicator '{name}' has only a unit as its value ('{value}'), no target number", _TARGET_HINT_EN),
        "comparator-only": Messages("指标“{name}”的指标值“{value}”只有比较符号或单位，没有目标数值", _TARGET_HINT,
                                    "indicator '{name}' has only a comparator or unit as its value ('{value}'), no target "
                                    "number", _TARGET_HINT_EN),
        "no-target": Messages("指标“{name}”的指标值“{value}”不是目标值", _TARGET_HINT,
                              "indicator '{name}' has '{value}' as its value, which is not a target", _TARGET_HINT_EN),
    },
    what="三级指标有名称但没有目标值：指标值为空、只有单位（公里、万亩）或比较符号（≥ %），或只写“无”。",
    what_en="An indicator row has a name but no target: the value is empty, only a unit (公里, 万亩) or a comparator (≥ %), or just 无.",
    why="没有目标值就无法评价；岳阳市2021年审核发现有社会效益指标没有填写指标值。",
    why_en="Without a target value the indicator cannot be assessed; Yueyang's 2021 review found a social-benefit indicator with no value at all.",
    source=[cite(REVIEW_2021, "指标没有填写指标值", "indicators with no target value"),
            DETAILED],
    examples=[fires(example_form(indicators=[("效益指标", "社会效益指标", "群众安全感", "")]), field="indicators[0].value"),
              fires(example_form(indicators=[("产出指标", "数量指标", "道路建设长度", "公里")])),
              fires(example_form(indicators=[("产出指标", "质量指标", "工程验收合格率", "≥ %")])),
              fires(example_form(indicators=[("效益指标", "社会效益指标", "群众安全感", "无")])),
              passes(example_form(indicators=[("效益指标", "社会效益指标", "群众安全感", "≥90%")]))],
)
def missing_value(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if ind.name.strip() and _no_target(ind, pv):
            yield Finding(f"indicators[{i}].value", kind=_what_is_there(pv), name=display_name(ind, i),
                          value=ind.value.strip(), deadline=deadline(form), deadline_en=deadline(form, "en"))


_NO_NUMBER = {"unit-only", "comparator-only", "comparator-and-unit-only"}


def _what_is_there(pv: ParsedValue) -> str:
    """The kind of I001: the message says what is written in the cell, never that a written cell is empty."""
    if pv.kind == "empty" and "filler" not in pv.notes:
        return "empty"
    if "unit-only" in pv.notes:
        return "unit-only"
    return "comparator-only" if _NO_NUMBER & set(pv.notes) else "no-target"


def _no_target(ind: Indicator, pv: ParsedValue) -> bool:
    """Empty, a filler, only a unit (公里) or a comparator (≧ %), or 无 where nothing is to be avoided (无 is a
    real target for 安全事故)."""
    if pv.kind == "empty" or _NO_NUMBER & set(pv.notes):
        return True
    return "filler-word" in pv.notes and polarity_of(ind) != "lower"


@rule(
    code="I002", name="value-equals-indicator", severity="error",
    message="指标“{name}”的指标值与指标名称相同", hint="指标名称写考核什么，指标值写达到多少，如“培训人次”→“≥ 1600 人次”",
    message_en="indicator '{name}' has its own name as its value", hint_en="the name says what is measured, the value how much",
    what="指标值与三级指标文字完全相同（忽略标点和空格）。", what_en="The value repeats the indicator text (punctuation and spacing aside).",
    why="岳阳市2021年审核发现“三级指标与指标值相同”，这样的指标没有目标。",
    why_en="Yueyang's 2021 review found indicator values identical to their names: such an indicator has no target.",
    source=[cite(REVIEW_2021, "三级指标与指标值相同", "indicator values identical to the indicator text")],
    examples=[fires(example_form(indicators=[("产出指标", "质量指标", "各项重点工作全部完成", "各项重点工作全部完成。")])),
              passes(example_form(indicators=[("产出指标", "质量指标", "重点工作完成率", "100%")]))],
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
    spec = indicator_types().get(ind.level2_key or "")
    if spec is None:
        return True
    if _is_ungradable(ind, pv):
        # I016's; the shape is wrong too unless the type takes words, or they name a time (及时) under 时效
        return "qualitative" in spec["accepts"] or spec.get("words_fit", False) \
            or has_any(ind.value, spec.get("time_words", []))
    per_unit_money = pv.kind == "money" and pv.unit_class == "money_per" and "money_standard" in spec["accepts"]
    if pv.kind not in spec["accepts"] and not per_unit_money:
        return False
    if pv.kind == "rate" and "rate_names" in spec:
        # e.g. a 时效 rate must be a timeliness rate (及时率, 当年下达率, 审限内结案率: its name speaks of time), a
        # 数量 rate a completion rate (完成年度计划 100%)
        return has_any(ind.name, spec["rate_names"] + spec.get("time_words", []))
    return True


@rule(
    code="I003", name="value-type-mismatch", severity="error",
    kinds={
        "mismatch": Messages("{level2}“{name}”的指标值“{value}”不合要求：{expected}", "改为{example}这样的目标值",
                             "{level2} '{name}': value '{value}' does not fit — {expected_en}", "use a value like {example_en}"),
        "rate-under-quantity": Messages("{level2}“{name}”的指标值“{value}”不合要求：{expected}",
                                        "比率放到质量指标下，或改为{example}这样的数量",
                                        "{level2} '{name}': value '{value}' does not fit — {expected_en}",
                                        "file the rate under 质量, or give a count like {example_en}"),
    },
    what="指标值的形式与二级指标类型不符：数量指标要数量和单位，时效指标要日期、期限或及时率，成本指标要金额，"
         "质量指标要比率或可核验的标准，满意度要百分比。",
    what_en="The value's shape does not fit the 二级 type: 数量 needs a count with unit, 时效 a date/deadline/rate, 成本 an amount, "
            "质量 a rate or a checkable standard, 满意度 a percentage.",
    why="指标值与指标类型不匹配，无法考核（岳阳市2021年审核中，时效指标“年初制定切实可行的培训计划，每月执行”的值为“10”）。",
    why_en="A value that does not fit its type cannot be assessed (in Yueyang's 2021 review a time indicator "
           "“年初制定切实可行的培训计划，每月执行” was valued “10”).",
    source=[cite(REVIEW_2021, "指标值与指标类型不符", "target values that do not fit the indicator type"),
            VALUES_BY_TYPE],
    examples=[fires(example_form(indicators=[("产出指标", "时效指标", "培训完成时间", "12期")])),
              fires(example_form(indicators=[("产出指标", "成本指标", "设备购置成本", "≥ 90%")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "设备完好率", "≥95%")])),
              passes(example_form(indicators=[("产出指标", "时效指标", "项目完成时间", "2021年6月30日前")]))],
)
def value_type_mismatch(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if pv.kind in _REPORTED_ELSEWHERE or _no_target(ind, pv) or _is_money_output(ind, pv) or _accepts(ind, pv):
            continue
        if FIGURE_IN_TEXT in pv.notes:
            continue  # a sentence with its figure in it (建筑面积2.6万平方米,…) has what the type asks for, not in its shape
        spec = indicator_types()[ind.level2_key]
        misfiled_rate = pv.kind == "rate" and ind.level2_key == "quantity" and is_rate_name(ind.name)  # 设备完好率
        yield Finding(f"indicators[{i}].value", kind="rate-under-quantity" if misfiled_rate else "mismatch",
                      name=display_name(ind, i), value=ind.value, level2=type_label(ind), expected=spec["expect"],
                      expected_en=spec["expect_en"], **_example(form, ind, spec))


def _example(form: Form, ind: Indicator, spec: dict) -> dict[str, str]:
    """The value to suggest in both languages: the type's own example, or for 时效 a date inside the form's year."""
    if ind.level2_key == "timeliness":
        return {"example": deadline(form), "example_en": deadline(form, "en")}
    example = spec.get("example", "≥ 95%")
    return {"example": example, "example_en": example}


# a benefit's bare number (学校发展能力 100) is a score as much as an output's; its name may still tell the unit
_NEEDS_UNIT = {"quantity", "cost", "timeliness", "satisfaction", "quality", "social", "economic", "ecological", "sustainable"}


@rule(
    code="I004", name="score-like-value", severity="error",
    message="指标“{name}”的值“{value}”只有数字没有单位，像是分值而不是目标值", hint="写明单位和方向，如“{direction} {number} {unit_hint}”",
    message_en="indicator '{name}': '{value}' is a bare number, like a score weight, not a target",
    hint_en="state the unit and direction, e.g. '{direction} {number} {unit_hint}'",
    what="需要单位的指标（数量、质量、时效、成本、效益、满意度）只填了一个数字，名称也看不出单位：名称是比率（…率）、计数（…人数、…数量）、"
         "括号里写了单位（时限（月））、写了同一个数和单位（变压器3台），或数量指标以所计的名词结尾（完成改革项目 1）时，单位是清楚的，不报告。",
    what_en="An indicator that needs a unit (quantity, quality, time, cost, benefit, satisfaction) has a bare number and the name does "
            "not tell the unit either (a rate, a count name, a bracketed unit, the same number with its unit, or a 数量 name "
            "ending in the noun it counts).",
    why="岳阳市2021年审核发现指标值与打分值混淆（如时效指标的值为“10”）。",
    why_en="Yueyang's 2021 review found values confused with score weights (a time indicator valued “10”).",
    source=[cite(REVIEW_2021, "指标值与打分值混淆", "target values confused with score weights"),
            VALUES_BY_TYPE],
    examples=[fires(example_form(indicators=[("产出指标", "时效指标", "年初制定切实可行的培训计划，每月执行", "10")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "烘干设备购置及安装", "550")])),
              passes(example_form(indicators=[("产出指标", "数量指标", "开设课程数量", "220门")])),
              passes(example_form(indicators=[("产出指标", "数量指标", "完成水价改革项目", "1")]))],
)
def score_like_value(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if pv.kind == "number" and (ind.level2_key in _NEEDS_UNIT or ind.level2_key is None) \
                and "multiplier-without-unit" not in pv.notes and not _unit_in_name(ind, pv):
            number = pv.number if pv.number is not None else ""
            text_number = plain_number(number) if isinstance(number, float) else number
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, number=text_number,
                          unit_hint="%" if is_rate_name(ind.name) else "（单位）", direction=_direction_hint(ind, pv))


def _direction_hint(ind: Indicator, pv: ParsedValue) -> str:
    """The comparator to suggest: the one written (as its first spelling, ≥), else ≤ for a cost, a deadline or a
    lower-is-better name, else ≥."""
    if pv.comparator:
        return load_ruleset("value_vocab")["comparators"]["prefix"][pv.comparator][0]
    return "≤" if ind.level2_key in ("cost", "timeliness") or polarity_of(ind) == "lower" else "≥"


_BRACKETED = re.compile(r"[(（]([^()（）]{1,8})[)）]")


def _unit_in_name(ind: Indicator, pv: ParsedValue) -> bool:
    """The name tells the unit of a bare number: a rate (…率 → %), a count (…人数, …数量 → its unit), a unit in
    brackets (任务完成时限（月）), the same number with its unit (变压器3台 → 3), or under 数量 a name ending in the
    noun it counts (完成…改革项目 1, jieba tags n/vn)."""
    name = nfkc(ind.name).strip()
    bare = _BRACKETED.sub("", name).strip() or name  # 建设项目个数(含续建), 苗木成活率(≥**%): the name before its remark
    if is_rate_name(bare) or bare.endswith(tuple(indicator_words()["count_names"]["suffixes"])) or bare.endswith("数"):
        return True
    if _ends_in_counter(bare):  # 抽验批次 3, 培训课时 40: the name ends in the counter that is the unit
        return True
    # a unit in brackets, also as the template wrote it with a comparator and a slot: 时限（月）, (≥**万元)
    if any(_whole_unit_text(_SLOT_BEFORE_UNIT.sub("", m.group(1))) for m in _BRACKETED.finditer(name)):
        return True
    if any(q.number == pv.number for q in find_quantities(name)):
        return True
    if ind.level2_key in ("quantity", None) and pv.number is not None and pv.number.is_integer():
        words = [(w, flag) for w, flag in tagged_tokens(name) if w.strip()]
        return bool(words) and words[-1][1] in ("n", "vn", "nz")
    return False


_SLOT_BEFORE_UNIT = re.compile(r"^\s*[≥≤><=]*\s*[*★XxN]*\s*")


def _ends_in_counter(name: str) -> bool:
    """The name ends in a counter of two or more characters (批次, 课时, 台套): one-character ones (人, 个) end
    many words that are not counters."""
    for size in (3, 2):
        found = match_unit(name[-size:], 0) if len(name) > size else None
        if found and found[1] == size and found[0].unit_class == "count":
            return True
    return False


def _whole_unit_text(text: str) -> bool:
    found = match_unit(text.strip(), 0)
    return bool(found) and found[1] == len(text.strip())


def _is_money_output(ind: Indicator, pv: ParsedValue) -> bool:
    """A 数量/质量 value that is money: one amount, or a sentence whose every quantity is an amount. An amount per
    head or household (530元/人·月, 5300元/户) is a benefit or price standard, which 质量 rows rightly state."""
    if ind.level2_key not in ("quantity", "quality"):
        return False
    if pv.kind == "money":
        return pv.unit_class != "money_per"
    quantities = find_quantities(ind.value) if pv.kind == "text" else []
    return bool(quantities) and all(q.unit_class == "money" for q in quantities)


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
    examples=[fires(example_form(indicators=[("产出指标", "数量指标", "经费拨款", "395.08万元")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "年度经费", "经费拨款395.08万元，纳入预算管理的非税收入拨款5,203万元")])),
              passes(example_form(indicators=[("产出指标", "数量指标", "通讯训练演练次数", "≥4次")]))],
)
def budget_as_output(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if _is_money_output(ind, pv):
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), value=ind.value, level2=type_label(ind))


def _is_ungradable(ind: Indicator, pv: ParsedValue) -> bool:
    """A sentence, an ungradable word (合理, 及时), or a judgement (良好, 效果明显) where the type has no grade for it."""
    if pv.kind == "text":  # a lone unit or comparator is I001's; a sentence that states a target can be graded
        return not _NO_NUMBER & set(pv.notes) and FIGURE_IN_TEXT not in pv.notes
    if pv.kind != "qualitative" or "filler-word" in pv.notes and _no_target(ind, pv):
        return False
    return pv.gradable is False or pv.evaluative and not _grades_judgements(ind)


def _grades_judgements(ind: Indicator) -> bool:
    """Whether the row's type grades a judgement such as 良好 (a 质量 standard does; 效益 types do not)."""
    spec = indicator_types().get(ind.level2_key or "")
    if spec is None:
        return ind.level1_key != "benefit"
    return spec.get("evaluative_grades", True)


_UNGRADABLE = "指标“{name}”的值“{value}”无法评判达成与否"
_UNGRADABLE_EN = "indicator '{name}': '{value}' cannot be graded"


@rule(
    code="I016", name="ungradable-value", severity="warning",
    kinds={
        "level": Messages(_UNGRADABLE, "改为可核验的数值或状态，如“≥ 95%”“验收合格”，或写明基数“由 60% 提高到 80%”", _UNGRADABLE_EN,
                          "give a checkable level, e.g. a number with unit, a date, or 达标/合格"),
        "deadline": Messages(_UNGRADABLE, "改为具体期限，如“{deadline}完成”", _UNGRADABLE_EN,
                             "give a deadline, e.g. {deadline_en}"),
        "cost-cap": Messages(_UNGRADABLE, "改为金额上限，如“≤ 120 万元”", _UNGRADABLE_EN, "give a ceiling on the amount, e.g. ≤ 120 万元"),
    },
    what="定性指标值无法评判：“是”“长期”“全年”“可控”“合理”“及时”“控制在预算内”、一整句话，或只写“提升/减少”而没有基数。",
    what_en="A qualitative value that cannot be graded: 是, 长期, 全年, 可控, 合理, 及时, 控制在预算内, a sentence, or a bare 提升/减少.",
    why="定性指标必须是可核验的状态（达标、合格、各项重点工作全部完成），否则无从评价；岳阳市2021年审核发现指标值无意义、无从考核。",
    why_en="A qualitative value must be a checkable state (达标, 合格, all key tasks done); Yueyang's 2021 review found "
           "meaningless target values.",
    source=[cite(REVIEW_2021, "指标值无意义", "meaningless target values"),
            cite(CAIYU_2011_285, "不能以量化形式表述的，采用定性的分级分档形式表述", "what cannot be quantified is stated in graded levels")],
    examples=[fires(example_form(indicators=[("产出指标", "成本指标", "成本控制合理性", "合理")])),
              fires(example_form(indicators=[("产出指标", "时效指标", "资金拨付及时性", "及时")])),
              fires(example_form(indicators=[("产出指标", "质量指标", "资料归档", "是")])),
              passes(example_form(indicators=[("产出指标", "质量指标", "工程验收", "验收合格")]))],
)
def ungradable_value(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if _is_ungradable(ind, pv) and not value_is_name(ind):  # a value that repeats its name is I002's
            kind = {"timeliness": "deadline", "cost": "cost-cap"}.get(ind.level2_key or "", "level")
            yield Finding(f"indicators[{i}].value", kind=kind, name=display_name(ind, i), value=ind.value,
                          deadline=deadline(form), deadline_en=deadline(form, "en"))


@cache
def _placeholder_name() -> re.Pattern[str]:
    return re.compile("|".join(load_ruleset("value_vocab")["placeholders"]["name"]["patterns"]))


def _as_written_span(raw: str, found: re.Match[str]) -> str:
    """The part of `raw` that NFKC turned into the matched text (① → 1 keeps its place)."""
    start = next(k for k in range(len(raw) + 1) if len(nfkc(raw[:k])) >= found.start())
    end = next((k for k in range(start, len(raw) + 1) if len(nfkc(raw[:k])) >= found.end()), len(raw))
    return raw[start:end]


@rule(
    code="I020", name="template-placeholder", severity="error",
    message="指标“{name}”还留着模板占位符：“{text}”", hint="把“**”“★”“XX”“N”换成实际的数值，删去“指标1：”这样的模板行号",
    message_en="indicator '{name}' still has template placeholder text: '{text}'",
    hint_en="replace **, ★, XX or N with the real figure; drop template row labels such as 指标1:",
    what="指标名称或指标值中留有模板文字：“**”“★”“XX”“N次”“（≥**人）”“**月**日前”。",
    what_en="Template text left in an indicator name or value: **, ★, XX, N次, ≥**人, **月**日前.",
    why="模板占位符说明指标没有真正填写（公开表单中可见“★”“≥**人”）。",
    why_en="Placeholders mean the indicator was never actually filled in (published forms show “★” and “≥**人”).",
    source=[cite(REVIEW_2021, "评分项“上报质量”", "the score for the quality of the submission"),
            DETAILED],
    examples=[fires(example_form(indicators=[("产出指标", "数量指标", "培训人数", "≥**人")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "开展培训N次", "★")])),
              passes(example_form(indicators=[("产出指标", "数量指标", "培训人数", "≥120人")]))],
)
def template_placeholder(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        if pv.placeholder and "masked" not in pv.notes:  # ≤****000元: digits hidden by the republishing site
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), text=ind.value)
        elif found := _placeholder_name().search(nfkc(ind.name)):
            # quote the template text as written (指标1：, 指标①), not the whole name nor its normalised form
            yield Finding(f"indicators[{i}].name", name=display_name(ind, i), text=_as_written_span(ind.name, found))
