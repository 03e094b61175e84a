"""I014 (a batch rule): a department's indicators copied from one of the same unit's project forms."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from linter.model import DEPARTMENT, PROJECT, Form, Indicator
from linter.nlp.normalize import comparable, nfkc
from linter.nlp.values import with_signs
from linter.registry import BATCH, REVIEW_2021, Finding, cite, fires, passes, rule
from linter.rules.indicators.common import display_name
from linter.rulesets import load_ruleset
from linter.units import unit_key


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
