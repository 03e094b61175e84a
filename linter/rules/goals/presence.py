"""A goal the form must carry is empty or only a placeholder (G006)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.analysis.goals import is_placeholder
from linter.model import PROJECT, Form
from linter.nlp.normalize import nfkc
from linter.registry import REVIEW_2021, ZHONGFA_2018_34, Finding, Messages, cite, fires, passes, rule
from linter.rules.goals.common import GOAL_LABELS, GOAL_LABELS_EN


_HINT = "写明{label}：要完成的具体工作、数量和时间"
_HINT_EN = "state the {label_en}: the concrete work, quantity and date"


@rule(
    code="G006", name="missing-goal", severity="error",
    kinds={
        "empty": Messages("{label}未填写", _HINT, "the {label_en} is empty", _HINT_EN),
        "placeholder": Messages("{label}未填写（只填了“{shown}”）", _HINT, "the {label_en} is empty (only '{shown}')", _HINT_EN),
    },
    what="中长期目标或年度目标为空，或只填了“无”“/”“同上”“详见附件”之类的占位内容。",
    what_en="The long-term or annual goal is empty or a placeholder such as 无, /, 同上 or 详见附件.",
    why="没有目标，指标就无从对应（审核标准“目标明确性”）；“同上”“详见附件”让审核人无法在表内核对。",
    why_en="Without a goal the indicators have nothing to match; placeholders such as 同上 or 详见附件 cannot be checked on the form.",
    source=[cite(ZHONGFA_2018_34, "绩效目标设置是预算安排的前置条件", "setting performance targets is a precondition of the budget"),
            cite(REVIEW_2021, "审核标准“目标明确性”", "its standard of clear goals")],
    examples=[
        fires({"type": "project", "unit": "某局", "project": "某项目", "long_term_goal": "建成全市统一的政务服务平台", "annual_goal": "同上"}, field="annual_goal"),
        fires({"type": "project", "unit": "某局", "project": "某项目", "long_term_goal": "", "annual_goal": "完成3个村的污水管网建设"}, field="long_term_goal"),
        passes({"type": "project", "unit": "中共岳阳市委党校", "project": "干部教育培训费", "long_term_goal": "干部教育培训常态化", "annual_goal": "全年培训党员干部1600人"}),
    ],
)
def missing_goal(form: Form) -> Iterator[Finding]:
    expected = ["long_term_goal", "annual_goal"] if form.form_type == PROJECT else ["annual_goal"]
    present = dict(form.goals())
    for field_path in expected:
        text = present.get(field_path) or ""
        if not text.strip() and not form.complete and form.source != "goal-table":
            continue  # an excerpt may simply not show the goal; a placeholder is still flagged
        if is_placeholder(text):
            shown = nfkc(text).strip()
            yield Finding(field_path, kind="placeholder" if shown else "empty", label=GOAL_LABELS[field_path],
                          label_en=GOAL_LABELS_EN[field_path], shown=shown)
