"""The JSON Schema of a canonical form file, as printed by `jxlint schema`."""

from __future__ import annotations

from typing import Any

_TEXT = {"type": "string"}
_AMOUNT = {"type": ["number", "string", "null"], "description": "万元; text such as '1,000.00' or '未填列' is accepted"}


def _items(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "object", "properties": props, "required": required,
                                       "additionalProperties": False}}


def form_schema() -> dict[str, Any]:
    indicator = {
        "level1": {**_TEXT, "description": "一级指标: 产出指标 / 效益指标 / 满意度指标 / 成本指标 (2021)"},
        "level2": {**_TEXT, "description": "二级指标: 数量指标, 质量指标, 时效指标, 成本指标, 经济效益指标 …"},
        "name": {**_TEXT, "description": "三级指标 (指标内容)"},
        "value": {"type": ["string", "number"], "description": "指标值, e.g. '≥1600人次', '2021年12月31日前'"},
        "unit": {**_TEXT, "description": "度量单位, when the form has a separate column"},
        "comparator": {**_TEXT, "description": "≥ ≤ = when the form has a separate column"},
        "op": {**_TEXT, "description": "指标性质: a comparator (≥, 大于等于) or a kind of value (定量, 定性)"},
        "direction": {**_TEXT, "description": "指标方向: 正向 / 反向 / 定性"},
        "weight": {"type": ["string", "number"], "description": "权重 or 分值: the row's score weight, never its target"},
        "term": {"enum": ["annual", "long_term", "年度", "中长期"], "default": "annual"},
    }
    form = {
        "type": "object",
        "description": "One 绩效目标申报表. Chinese labels (项目名称, 年度目标, 绩效指标 …) are accepted as keys too.",
        "properties": {
            "id": {"type": ["string", "integer"], "description": "form id used in diagnostics and baselines"},
            "type": {"enum": ["project", "department"], "description": "项目支出 or 部门整体支出 form"},
            "budget_year": {"type": "integer"},
            "layout": {"enum": ["2015", "2021"], "description": "indicator hierarchy; inferred when absent"},
            "unit": {**_TEXT, "description": "实施单位 / 预算单位"},
            "department": {**_TEXT, "description": "主管部门"},
            "project": {**_TEXT, "description": "项目名称"},
            "attribute": {**_TEXT, "description": "项目属性: 新增 / 延续"},
            "period": {"type": "object", "properties": {"start": _TEXT, "end": _TEXT}, "additionalProperties": False},
            "basis": {**_TEXT, "description": "立项依据"},
            "funds": {"type": "object", "additionalProperties": False, "properties": {
                "total": _AMOUNT, "fiscal": _AMOUNT, "other": _AMOUNT, "previous_year": _AMOUNT}},
            "long_term_goal": {**_TEXT, "description": "中长期目标 (总目标)"},
            "annual_goal": {**_TEXT, "description": "年度目标"},
            "indicators": _items(indicator, []),
            "staff": {"type": "object", "additionalProperties": False, "properties": {
                "authorized": {"type": ["integer", "string"], "description": "编制人数"},
                "actual": {"type": ["integer", "string"], "description": "实有人数"}}},
            "tasks": _items({"name": _TEXT, "content": _TEXT, "budget": _AMOUNT}, ["name"]),
            "schedule": _items({"period": _TEXT, "content": _TEXT, "amount": _AMOUNT}, ["period"]),
            "spending_plan": _items({"period": _TEXT, "content": _TEXT, "amount": _AMOUNT}, ["period"]),
            "note": {**_TEXT, "description": "备注; may hold `jxlint: ignore CODE@field 理由` directives"},
            "suppressions": _items({"code": _TEXT, "field": _TEXT, "reason": _TEXT}, ["code", "reason"]),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "jxlint form file",
        "description": "A YAML or JSON file with one form, a list of forms, or {forms: [...]}.",
        "oneOf": [
            {"$ref": "#/$defs/form"},
            {"type": "array", "items": {"$ref": "#/$defs/form"}},
            {"type": "object", "properties": {"forms": {"type": "array", "items": {"$ref": "#/$defs/form"}}},
             "required": ["forms"], "additionalProperties": False},
        ],
        "$defs": {"form": form},
    }
