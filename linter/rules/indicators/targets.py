"""Whether a target's level, direction and unit make sense: satisfaction floors, the comparator's direction, rates
within 100 %, units that fit the name, costs within the funds (I006, I015, I017, I021, I022)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.analysis.indicator_rows import PERCENT_FROM_NAME, rows
from linter.model import Form, Indicator
from linter.nlp.indicator_text import is_rate_name
from linter.nlp.normalize import comparable, nfkc
from linter.nlp.numbers import plain_number
from linter.nlp.values import ParsedValue
from linter.registry import (CAIYU_2015_88, CAIYU_2020_10, CAIYU_2021_101, REVIEW_2021, Finding, Messages, cite, fires,
                             passes, rule)
from linter.rules.indicators.common import (VALUES_BY_TYPE, display_name, example_form, has_any, indicator_types,
                                            indicator_words, polarity_of)
from linter.rulesets import load_ruleset


def _is_satisfaction(ind: Indicator) -> bool:
    return ind.level2_key == "satisfaction" or ind.level1_key == "satisfaction" or "满意" in ind.name


@rule(
    code="I006", name="satisfaction-target", severity="warning",
    kinds={
        "low": Messages("满意度指标“{name}”的目标“{target}”低于{minimum}%", "目标值一般应为“≥ {minimum}%”",
                        "satisfaction indicator '{name}' targets '{target}', below {minimum}%",
                        "a target of at least {minimum}% is normal"),
        "low-read-as-percent": Messages(
            "满意度指标“{name}”的目标“{target}”（按百分数读）低于{minimum}%", "目标值一般应为“≥ {minimum}%”",
            "satisfaction indicator '{name}' targets '{target}' (read as a percentage), below {minimum}%",
            "a target of at least {minimum}% is normal"),
        "ceiling": Messages("满意度指标“{name}”的目标“{target}”写成了上限（≤），满意度应写下限", "改为“≥ {minimum}%”这样的下限",
                            "satisfaction indicator '{name}' targets '{target}' as a ceiling (≤); satisfaction takes a floor",
                            "write a floor such as '≥ {minimum}%'"),
        "whose": Messages("满意度指标“{name}”没有说明是谁的满意度", "写明服务对象，如“受训学员满意度”“辖区群众满意度”",
                          "satisfaction indicator '{name}' does not say whose satisfaction",
                          "name the served group, e.g. trainees' or residents' satisfaction"),
        "misfiled": Messages("满意度指标“{name}”填在了“{level2}”下", "移到“满意度指标—服务对象满意度指标”下",
                             "satisfaction indicator '{name}' is filed under '{level2}'",
                             "move it under 满意度指标 / 服务对象满意度指标"),
    },
    what="满意度目标低于 {indicator_types[types][satisfaction][minimum]}%、方向写成“≤”、没有说明是谁的满意度（只写“满意度”），或满意度填在了满意度指标以外的类别下。",
    what_en="A satisfaction target below {indicator_types[types][satisfaction][minimum]}% or with ≤, one that does not say whose satisfaction, or one filed outside 满意度指标.",
    why="满意度应是服务对象（群众、企业、机关）的满意度，通常不低于 90%；岳阳市2021年审核发现满意度不是对服务对象而言，或目标低于 90%。",
    why_en="Satisfaction must be that of the served public, firms or agencies, normally ≥ 90%; Yueyang's 2021 review "
           "found satisfaction targets about others than those served, or below 90%.",
    source=[cite(REVIEW_2021, "满意度不是服务对象的满意度，或低于 90%", "satisfaction not of those served, or below 90%"),
            cite(CAIYU_2021_101, "满意度指标反映服务对象的满意程度", "satisfaction indicators measure how satisfied those served are")],
    examples=[fires(example_form(indicators=[("满意度指标", "服务对象满意度指标", "培训学员满意度", "≥80%")])),
              fires(example_form(indicators=[("满意度指标", "服务对象满意度指标", "满意度", "≥90%")])),
              fires(example_form(indicators=[("满意度指标", "服务对象满意度指标", "受助群众满意度", "12")])),
              fires(example_form(indicators=[("产出指标", "质量指标", "受助学生满意度", "≥95%")])),
              fires(example_form(indicators=[("满意度指标", "服务对象满意度指标", "来访群众满意度", "≤95%")])),
              passes(example_form(indicators=[("满意度指标", "服务对象满意度指标", "培训学员满意度", "≥95%")]))],
)
def satisfaction_target(form: Form) -> Iterator[Finding]:
    minimum = indicator_types()["satisfaction"]["minimum"]
    unnamed = indicator_words()["unnamed_satisfaction"]["names"]
    for i, ind, pv in rows(form):
        if not _is_satisfaction(ind):
            continue
        # each problem on its own field: a low target does not hide that the row is filed under the wrong type
        if pv.kind == "rate" and pv.number is not None and pv.number < minimum:
            yield Finding(f"indicators[{i}].value", name=display_name(ind, i), target=ind.target_as_written,
                          minimum=minimum, kind="low-read-as-percent" if PERCENT_FROM_NAME in pv.notes else "low")
        elif pv.kind == "rate" and pv.comparator in ("<=", "<"):
            yield Finding(f"indicators[{i}].value", kind="ceiling", name=display_name(ind, i),
                          target=ind.target_as_written, minimum=minimum)
        if comparable(ind.name) in unnamed:
            yield Finding(f"indicators[{i}].name", kind="whose", name=display_name(ind, i))
        if ind.level2_key not in (None, "satisfaction") and ind.level1_key != "satisfaction":
            yield Finding(f"indicators[{i}].level2", kind="misfiled", name=display_name(ind, i), level2=ind.level2)


def _should_grow(ind: Indicator, pv: ParsedValue) -> bool:
    """A floor is due: a pass rate or satisfaction given as a rate (not 及时率 ≤7工作日, a duration), or an output
    count (示范点 ≤6个) that is not a cost or an incident."""
    if pv.kind == "rate":
        return polarity_of(ind) == "higher"
    return pv.kind == "quantity" and pv.unit_class == "count" and ind.level2_key == "quantity" and polarity_of(ind) is None


_UP, _DOWN = (">=", ">"), ("<=", "<")


def _stated_direction(ind: Indicator) -> str | None:
    """The 指标方向 column: "higher" (正向), "lower" (反向), None (定性, blank or unknown)."""
    directions = load_ruleset("value_vocab")["directions"]
    written = nfkc(ind.direction).strip()
    return next((d for d, spellings in directions["spellings"].items() if written in spellings), None)


@rule(
    code="I015", name="direction-mismatch", severity="warning",
    kinds={
        "ceiling-due": Messages("指标“{name}”的方向写反了：{value}", "成本、差错率一类指标应写上限，如“≤ 120 万元”",
                                "indicator '{name}' points the wrong way: {value}", "costs and error rates take a ceiling (≤)"),
        "floor-due": Messages("指标“{name}”的方向写反了：{value}", "合格率、满意度和产出数量一类指标应写下限，如“≥ 95%”“≥ 6 个”",
                              "indicator '{name}' points the wrong way: {value}",
                              "pass rates, satisfaction and output counts take a floor (≥)"),
        "column": Messages("指标“{name}”的方向写反了：“{value}”与指标方向“{direction}”相反",
                           "指标方向与比较符应一致：正向写“≥”，反向写“≤”",
                           "indicator '{name}' points the wrong way: '{value}' against the direction column '{direction}'",
                           "make the direction column and the comparator agree: ≥ for 正向, ≤ for 反向"),
    },
    what="比较符与指标的方向相反：成本、差错率、逾期率等越低越好的指标写了“≥”，合格率、满意度、产出数量等越高越好的指标写了“≤”，"
         "或“指标方向”栏（正向/反向）与比较符矛盾。",
    what_en="The comparator contradicts the indicator's polarity: ≥ on costs and error rates, ≤ on pass rates, satisfaction "
            "and output counts, or a direction column (正向/反向) that contradicts the comparator.",
    why="方向写反的目标值在年底评价时会得出相反的结论（审核标准“目标值严谨性”）。",
    why_en="A target with the wrong direction is assessed backwards at year end.",
    source=[cite(REVIEW_2021, "审核标准“目标值严谨性”", "its standard of sound target values")],
    examples=[fires(example_form(indicators=[("产出指标", "成本指标", "设备购置成本", "≥120万元")])),
              fires(example_form(indicators=[("产出指标", "质量指标", "验收合格率", "≤95%")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "建设示范点数量", "≤6个")])),
              fires({**example_form(indicators=[]), "indicators": [{"level1": "产出指标", "level2": "质量指标", "name": "验收合格率",
                                                                "comparator": "≤", "value": "95", "unit": "%", "direction": "正向"}]},
                    field="indicators[0].direction"),
              passes(example_form(indicators=[("产出指标", "成本指标", "设备购置成本", "≤120万元")]))],
)
def direction_mismatch(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        stated = _stated_direction(ind)
        if stated and pv.comparator in (_DOWN if stated == "higher" else _UP):
            yield Finding(f"indicators[{i}].direction", kind="column", name=display_name(ind, i),
                          value=ind.target_as_written, direction=ind.direction)
            continue
        polarity = polarity_of(ind)
        if polarity == "lower" and pv.comparator in _UP:
            yield Finding(f"indicators[{i}].value", kind="ceiling-due", name=display_name(ind, i),
                          value=ind.target_as_written)
        elif pv.comparator in _DOWN and _should_grow(ind, pv):
            yield Finding(f"indicators[{i}].value", kind="floor-due", name=display_name(ind, i),
                          value=ind.target_as_written)


_RATE_HINT = "比率最高 100%；要求全部达到时写“= 100%”"
_RATE_HINT_EN = "a rate tops out at 100%; write '= 100%' when all is required"


@rule(
    code="I017", name="impossible-rate", severity="warning",
    kinds={
        "above": Messages("指标“{name}”的比率“{value}”超过 100%", _RATE_HINT, "indicator '{name}': rate '{value}' is above 100%",
                          _RATE_HINT_EN),
        "at-least-all": Messages("指标“{name}”的比率“{value}”要求“≥100%”，无法超过", _RATE_HINT,
                                 "indicator '{name}': rate '{value}' asks for ≥100%, which cannot be exceeded", _RATE_HINT_EN),
    },
    what="比率超过 100%，或对有上限的比率写“≥100%”（增长率、增幅等可超过 100% 的除外）。",
    what_en="A rate above 100%, or ≥100% on a bounded rate (growth rates excepted).",
    why="超过上限的目标值不可能达到或毫无意义（各地公开的申报表中可见“≥100%”）。",
    why_en="A target above the ceiling is impossible or meaningless (published forms show “≥100%”).",
    source=[cite(REVIEW_2021, "审核标准“目标值严谨性”", "its standard of sound target values"),
            cite(CAIYU_2015_88, "绩效目标要合理可行", "targets must be reasonable and achievable")],
    examples=[fires(example_form(indicators=[("产出指标", "质量指标", "设施完好率", "≥100%")])),
              fires(example_form(indicators=[("产出指标", "质量指标", "验收合格率", "120%")])),
              passes(example_form(indicators=[("效益指标", "经济效益指标", "农户收入增长率", "≥120%")]))],
)
def impossible_rate(form: Form) -> Iterator[Finding]:
    unbounded = indicator_words()["unbounded_rates"]["words"]
    for i, ind, pv in rows(form):
        if pv.kind != "rate" or pv.number is None or has_any(ind.name, unbounded):
            continue
        if pv.number > 100:
            yield Finding(f"indicators[{i}].value", kind="above", name=display_name(ind, i), value=ind.target_as_written)
        elif pv.number == 100 and pv.comparator in (">=", ">"):
            yield Finding(f"indicators[{i}].value", kind="at-least-all", name=display_name(ind, i),
                          value=ind.target_as_written)


@rule(
    code="I021", name="unit-name-mismatch", severity="error",
    kinds={
        "count-as-percent": Messages("指标“{name}”的单位与名称矛盾：名称是数量，值却是百分比",
                                     "写实际数量，如“≥ 2100 人”；要写比例请把名称改为“…率”",
                                     "indicator '{name}': the unit contradicts the name — a count given as a percentage",
                                     "give the actual count, e.g. '≥ 2100 人'; for a share, rename it '…率'"),
        "amount-not-money": Messages("指标“{name}”的单位与名称矛盾：名称是金额，值却不是金额", "写金额，如“≤ 28.8 万元”",
                                     "indicator '{name}': the unit contradicts the name — an amount not given in money",
                                     "give the amount, e.g. '≤ 28.8 万元'"),
        "other-count": Messages("指标“{name}”的单位与名称矛盾：名称计的是{counted}，单位却是“{unit}”", "单位改为“{expected}”",
                                "indicator '{name}': the unit contradicts the name — the name counts {counted} but the unit "
                                "is '{unit}'", "use '{expected}' as the unit"),
        "rate-not-rate": Messages("指标“{name}”的单位与名称矛盾：名称是比率，值却是“{unit}”",
                                  "写比率，如“≥ 95%”；要写期限或数量请把名称改为“…时间”“…数量”",
                                  "indicator '{name}': the unit contradicts the name — a rate given in '{unit}'",
                                  "give a rate, e.g. '≥ 95%'; for a deadline or a count rename it '…时间' or '…数量'"),
        "money-in-percent-column": Messages(
            "指标“{name}”的单位与名称矛盾：值“{value}”是金额，单位栏却是“{unit}”", "把单位栏改为“万元”或“元”",
            "indicator '{name}': the unit contradicts the name — the value '{value}' is money but the unit column says "
            "'{unit}'", "set the unit column to 万元 or 元"),
    },
    what="名称是计数（…人数、…户数、…次数）却用 % 或别的计数单位（户数写成人次、人口写成户），名称是金额（…金额、…资金）却用 % 或计数单位，"
         "名称是比率（…率）却是时长或个数（检测及时率 ≤7工作日），或指标值与单位栏的单位互相矛盾。",
    what_en="A count (…人数, …户数) given in % or in another count unit (heads in 户), an amount (…金额, …资金) in % or a count "
            "unit, a rate (…率) given as a duration or count, or a value whose unit contradicts the unit column.",
    why="单位与名称矛盾的指标无法判断考核的是什么（公开表单：“应受助学生数 100%”“安排金额 28.8万元，单位 %”）。",
    why_en="When unit and name disagree nobody can tell what is measured.",
    source=[cite(REVIEW_2021, "审核标准“目标值严谨性”", "its standard of sound target values"),
            VALUES_BY_TYPE],
    examples=[fires(example_form(indicators=[("产出指标", "数量指标", "中等职业学校国家助学金应受助学生数", "100%")])),
              fires(example_form(indicators=[("产出指标", "成本指标", "业务工作支出安排金额", "≥90%")])),
              fires(example_form(indicators=[("产出指标", "数量指标", "受益农户数", "≥300人")])),
              fires(example_form(indicators=[("产出指标", "时效指标", "检测及时率", "≤7工作日")])),
              fires({**example_form(indicators=[]), "indicators": [{"level1": "产出指标", "level2": "成本指标", "name": "设备购置费",
                                                                "value": "28.8万元", "unit": "%"}]}, field="indicators[0].unit"),
              passes(example_form(indicators=[("产出指标", "数量指标", "应受助学生数", "≥2100人")]))],
)
def unit_name_mismatch(form: Form) -> Iterator[Finding]:
    for i, ind, pv in rows(form):
        conflict = _unit_conflict(ind, pv)
        if conflict:
            field, kind, data = conflict
            yield Finding(f"indicators[{i}].{field}", kind=kind, name=display_name(ind, i), **data)


def _counted(name: str, suffix: str | None) -> tuple[str, list[str]]:
    """What a count name counts and the units it takes: 户数 → 户; 受益农户数量, 脱贫户人口数 by their last noun."""
    words = indicator_words()
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


def _unit_as_written(ind: Indicator, pv: ParsedValue) -> str:
    """The value's unit as the cell spells it (人/次, not the 人次 it is read as): its unit column, else what follows
    the value's last digit."""
    if ind.unit.strip():
        return ind.unit.strip()
    written = nfkc(ind.value)
    if pv.unit in written:
        return pv.unit
    tail = re.split(r"\d", written)[-1].strip()
    return tail or pv.unit


def _unit_conflict(ind: Indicator, pv: ParsedValue) -> tuple[str, str, dict[str, str]] | None:
    """(field, kind, the data its message quotes) when the value's unit contradicts the name or the unit column."""
    words = indicator_words()
    name = nfkc(ind.name).strip()
    suffix = next((s for s in words["count_names"]["suffixes"] if name.endswith(s)), None)
    if suffix and pv.unit_class == "percent" and not is_rate_name(name):
        return "value", "count-as-percent", {}
    counted, expected_units = _counted(name, suffix)
    if expected_units and pv.unit_class == "count" and pv.unit not in expected_units:
        return "value", "other-count", {"counted": counted, "unit": _unit_as_written(ind, pv),
                                         "expected": expected_units[0]}
    amounts = words["amount_names"]
    # a rate of an amount (支出金额节约率) is a rate, whatever amount word it names
    if (has_any(name, amounts["words"]) or name.endswith(tuple(amounts["suffixes"]))) and not is_rate_name(name) \
            and pv.unit_class in ("percent", "count"):
        return "value", "amount-not-money", {}
    if is_rate_name(name) and pv.unit_class in ("duration", "count"):
        return "value", "rate-not-rate", {"unit": _unit_as_written(ind, pv)}
    if pv.unit_class == "money" and ind.unit.strip() in ("%", "％", "百分比"):
        return "unit", "money-in-percent-column", {"value": ind.value, "unit": ind.unit}
    return None


_OVER = "成本指标“{name}”的金额 {amount} 万元超过了年度资金总额 {total} 万元"
_OVER_EN = "cost indicator '{name}' ({amount} 万元) exceeds the annual funds ({total} 万元)"


@rule(
    code="I022", name="cost-over-budget", severity="warning",
    kinds={
        "over": Messages(_OVER, "成本不能超过年度资金总额 {total} 万元：请核对金额和单位", _OVER_EN,
                         "a cost cannot exceed the annual funds of {total} 万元: check the amount and its unit"),
        "over-if-yuan-fits": Messages(
            _OVER, "成本不能超过年度资金总额 {total} 万元：单位本是“元”的（{as_yuan} 元 = {as_yuan_wan} 万元）请改单位，否则改正金额",
            _OVER_EN, "a cost cannot exceed the annual funds of {total} 万元: if the unit is 元 ({as_yuan} 元 = "
                      "{as_yuan_wan} 万元), correct the unit, otherwise the amount"),
    },
    what="成本指标的金额（元、万元、亿元统一换算）大于表单的年度资金总额。",
    what_en="A cost indicator's amount (元/万元/亿元 normalised) is larger than the form's annual funds.",
    why="审核标准“预算科学性”要求金额与目标相互衔接；超出总额多半是单位写错或照抄了别的数字。",
    why_en="Amounts must tie to the budget; an excess is usually a wrong unit or a copied figure.",
    source=[cite(REVIEW_2021, "审核标准“预算科学性”", "its standard of a well-founded budget"),
            cite(CAIYU_2020_10, "评价指标“预算编制科学性”", "the evaluation indicator of a well-founded budget (预算编制科学性)")],
    examples=[fires(example_form(funds={"total": 240.6}, indicators=[("产出指标", "成本指标", "培训成本", "≤3000000元")])),
              fires(example_form(funds={"total": 240.6}, indicators=[("产出指标", "成本指标", "培训成本", "≤2406000万元")])),
              passes(example_form(funds={"total": 240.6}, indicators=[("产出指标", "成本指标", "培训成本", "≤2406000元")]))],
)
def cost_over_budget(form: Form) -> Iterator[Finding]:
    if form.funds is None or not form.funds.total:
        return
    total_yuan = form.funds.total * 10000
    for i, ind, pv in rows(form):
        if (ind.level2_key == "cost" or ind.level1_key == "cost") and pv.amount_yuan and pv.amount_yuan > total_yuan * (1 + load_ruleset("thresholds")["I022"]["tolerance_share"]):
            amount_wan = pv.amount_yuan / 10000
            # written in 万元, and it would fit had the unit been 元: the likeliest slip, said with the number in 元
            slip = pv.unit == "万元" and amount_wan / 10000 <= form.funds.total
            yield Finding(f"indicators[{i}].value", kind="over-if-yuan-fits" if slip else "over",
                          name=display_name(ind, i), amount=plain_number(amount_wan), total=plain_number(form.funds.total),
                          as_yuan=plain_number(amount_wan), as_yuan_wan=plain_number(amount_wan / 10000))
