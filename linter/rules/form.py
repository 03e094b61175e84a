"""F — 填报规范: required fields, unreadable inputs, unused suppressions."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import DEPARTMENT, FIELD_NAMES, PARTIAL_SOURCES, PROJECT, Form
from linter.registry import BATCH, CAIYU_2015_88, JXLINT_RULES, REVIEW_2021, Finding, Messages, cite, fires, passes, rule

def required_fields(form: Form) -> list[str]:
    """Fields a form of this type and source must fill (goals are G006's business)."""
    if form.source in PARTIAL_SOURCES:
        return ["unit", "project"] if form.form_type == PROJECT else ["unit"]
    if not form.complete:
        return ["unit"]
    if form.form_type == DEPARTMENT:
        return ["unit", "indicators"] + (["staff.authorized", "staff.actual"] if form.source == "form" else [])
    return ["unit", "project", "indicators"] + (["funds.total"] if form.source == "form" else [])


def _is_empty(form: Form, field_path: str) -> bool:
    if field_path == "indicators":
        return not form.indicators
    if field_path.startswith("funds."):
        return form.funds is None or getattr(form.funds, field_path[6:]) is None
    if field_path.startswith("staff."):
        return form.staff is None or getattr(form.staff, field_path[6:]) is None
    return not str(getattr(form, field_path) or "").strip()


_GOOD_PROJECT = {
    "type": "project", "budget_year": 2021, "unit": "中共岳阳市委党校", "project": "干部教育培训费",
    "funds": {"total": 240.6, "fiscal": 240.6, "other": 0},
    "long_term_goal": "建成覆盖全市党员干部的常态化教育培训体系",
    "annual_goal": "2021年举办主体班12期，培训党员干部1600人次",
    "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value": "≥1600人次"}],
}


@rule(
    code="F001", name="missing-field", severity="error",
    kinds={
        "field": Messages("必填项“{label}”未填写", "补填{label}", "required field '{label_en}' is empty", "fill in the {label_en}"),
        "row-name": Messages("必填项“第{row}行指标的三级指标名称”未填写", "补填第{row}行指标的三级指标名称",
                             "required field 'indicator row {row} name' is empty", "fill in the name of indicator row {row}"),
    },
    what="表单缺少必填项：实施单位、项目名称、年度资金总额、绩效指标表、编制/实有人数，或某行指标没有三级指标名称。",
    what_en="A required field is missing or empty: unit, project name, annual funds, the indicator table, staff counts, or an indicator row's name.",
    why="岳阳市2021年审核把“上报完整性”计 10 分（满分 100）；缺项的表单会被直接退回，其余检查也无从核对。",
    why_en="Yueyang's 2021 review gave completeness 10 of its 100 points; incomplete forms are returned and cannot be checked further.",
    source=[cite(REVIEW_2021, "评分项“上报完整性”（10 分）", "the score for a complete submission (10 points)"),
            cite(CAIYU_2015_88, "绩效目标申报表的填报内容", "what the performance-target form must contain")],
    examples=[
        fires({**_GOOD_PROJECT, "project": ""}, field="project"),
        fires({**_GOOD_PROJECT, "indicators": []}, field="indicators"),
        fires({**_GOOD_PROJECT, "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "", "value": "≥1600人次"}]},
              field="indicators[0].name"),
        passes(_GOOD_PROJECT),
    ],
)
def missing_field(form: Form) -> Iterator[Finding]:
    for field_path in required_fields(form):
        if _is_empty(form, field_path):
            label, label_en = FIELD_NAMES[field_path]
            yield Finding(field_path, kind="field", label=label, label_en=label_en)
    for i, ind in enumerate(form.indicators):
        if not ind.name.strip():
            yield Finding(f"indicators[{i}].name", kind="row-name", row=i + 1)


@rule(
    code="F004", name="duplicate-form-id", severity="warning", scope=BATCH,
    message="表单编号“{form_id}”与{other}重复", hint="给每份表单一个唯一的编号：基线、抑制和分诊结果都按编号对应",
    message_en="form id '{form_id}' is also used by {other_en}", hint_en="give every form its own id: baselines, suppressions and triage key on it",
    what="同一次检查中两份表单的编号相同（不同文件中的同号表单也算）。",
    what_en="Two forms of one run share an id (also across files).",
    why="基线、抑制和分诊都按表单编号对应问题；重号会让一份表单的问题被另一份隐藏或错配。",
    why_en="Baselines, suppressions and triage match findings by form id; a shared id mixes two forms up.",
    source=[cite(JXLINT_RULES, "每份表单有唯一的编号", "every form has an id of its own")],
    examples=[fires([{"id": "P1", "unit": "某局", "project": "甲项目"}, {"id": "P1", "unit": "某局", "project": "乙项目"}], field="id"),
              passes([{"id": "P1", "unit": "某局", "project": "甲项目"}, {"id": "P2", "unit": "某局", "project": "乙项目"}])],
)
def duplicate_form_id(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    first: dict[str, Form] = {}
    for form in forms:
        if form.form_id in first:
            other = first[form.form_id]
            same = other.path == form.path
            yield form, Finding("id", form_id=form.form_id,
                                other="同一文件中的另一份表单" if same else f" {other.path} 中的另一份表单",
                                other_en="another form in the same file" if same else f"a form in {other.path}")
        else:
            first[form.form_id] = form


@rule(
    code="F005", name="unmatched-side-row", severity="info", scope=BATCH,
    kinds={
        "unmatched": Messages("{table}中“{unit}{project}”在本次检查的表单中找不到对应的{what}",
                              "核对单位和项目名称的写法，或把对应的目标表一起检查",
                              "the {table_en} row for '{unit}{project}' matches no {what_en} form of this run",
                              "check how the unit and project are spelled, or lint the matching goal table with it"),
        "repeated": Messages("{table}中“{unit}{project}”重复：对应的{what}已有这些数字，这一行未合并，按自身内容检查",
                             "删去重复的一行，或核对哪一行的数字是对的",
                             "the {table_en} row for '{unit}{project}' repeats figures its {what_en} form already has: it was not "
                             "merged and is linted on its own", "delete the repeated row, or check which row has the right figures"),
    },
    what="资金表或人员表的一行，按单位（简称也能识别，如“市审计局”即“岳阳市审计局”）和项目名称找不到本次检查中的表单，"
         "或对应的表单已有这些数字（同一单位、项目的第二行）；只在本次检查含有同类表单时报告。这一行仍按自身内容检查。",
    what_en="A funding or staffing row matches no form of the run by unit (short names recognised, e.g. 市审计局 for 岳阳市审计局) and project, "
            "or its form has these figures already (a second row for the same unit and project); reported only when the run has "
            "forms of that type. The row is still linted on its own.",
    why="对不上的资金或人员数据不会和目标一起核对，往往是单位或项目名称写法不一致。",
    why_en="Unmatched amounts or staff counts are never checked against a goal; usually the names are spelled differently.",
    source=[cite(JXLINT_RULES, "资金表和人员表的每一行都要能对应到一份表单，才能一起核对",
                 "a funding or staffing row is checked with its goal only when it matches a form")],
    examples=[fires([{"id": "P1", "unit": "岳阳市审计局", "project": "审计业务经费", "annual_goal": "完成审计项目45个"},
                     {"unit": "岳阳市审计局", "project": "信息化建设", "this_year_wan": 90, "previous_year_wan": 80}]),
              fires([{"id": "P1", "unit": "岳阳市审计局", "project": "审计业务经费", "annual_goal": "完成审计项目45个"},
                     {"unit": "岳阳市审计局", "project": "审计业务经费", "this_year_wan": 90, "previous_year_wan": 80},
                     {"unit": "岳阳市审计局", "project": "审计业务经费", "this_year_wan": 95, "previous_year_wan": 80}]),
              passes([{"id": "P1", "unit": "岳阳市审计局", "project": "审计业务经费", "annual_goal": "完成审计项目45个"}])],
)
def unmatched_side_row(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    from linter.linking import SIDE_SOURCES, form_key

    primary_types = {f.form_type for f in forms if f.source not in SIDE_SOURCES}
    primary_keys = {form_key(f) for f in forms if f.source not in SIDE_SOURCES}
    for form in forms:
        if form.source in SIDE_SOURCES and form.form_type in primary_types:
            funding = form.source == "funding-table"
            yield form, Finding("unit", kind="repeated" if form_key(form) in primary_keys else "unmatched",
                                table="资金表" if funding else "人员表", table_en="funding" if funding else "staffing",
                                what="项目表" if funding else "部门表", what_en="project" if funding else "department",
                                unit=form.unit, project=f"—{form.project}" if form.project else "")
