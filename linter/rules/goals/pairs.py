"""The annual goal only repeats the long-term goal, copied or reworded (G002)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.analysis.goal_pairs import restatement
from linter.analysis.goals import is_placeholder
from linter.model import Form
from linter.registry import CAIYU_2015_88, REVIEW_2021, Finding, Messages, cite, fires, passes, rule


_HINT = "年度目标应写本年度要完成的具体任务、数量和完成时间，不要照抄或换个说法重复中长期目标"
_HINT_EN = "state this year's own tasks, quantities and deadlines instead of repeating the long-term goal"


@rule(
    code="G002", name="same-long-annual", severity="error",
    kinds={
        "copied": Messages("年度目标与中长期目标雷同（{share:.0%} 的文字照抄中长期目标）", _HINT,
                           "the annual goal repeats the long-term goal ({share:.0%} of it copied)", _HINT_EN),
        "contains": Messages("年度目标与中长期目标雷同：中长期目标 {share:.0%} 的文字原样出现在年度目标中，另加的部分"
                             "没有中长期目标之外的数字、时间节点或具体成果", _HINT,
                             "the annual goal repeats the long-term goal: {share:.0%} of the long-term goal appears in it as "
                             "written, and what it adds has no number, deadline or named deliverable of its own", _HINT_EN),
        "reworded": Messages("年度目标与中长期目标雷同：换了说法（{share:.0%} 的实词相同或同义），没有中长期目标之外的数字、"
                             "时间节点或具体成果", _HINT,
                             "the annual goal repeats the long-term goal: reworded ({share:.0%} of the content words the same or "
                             "synonyms), with no number, deadline or named deliverable beyond the long-term goal's", _HINT_EN),
    },
    what="年度目标重复中长期目标，且没有增加本年度自己的数字或具体要素（数量、日期、具名成果、带对象的比率，或春节慰问、七一活动这样"
         "定在节日、纪念日的活动）。两种情形："
         "照抄——去掉标点、编号（1.、（一））、全半角差异和“每年/本年/年度/长期”等时间词后，年度目标至少 {G002[copied_share]:.0%} 的文字按顺序"
         "出现在中长期目标中（年度目标长至中长期目标的 {G002[padding]:g} 倍时，按中长期目标的字数计算）；换了说法——按分词比较实词（同义词如保证/保障/确保、校园/学校、"
         "完善/丰富视为相同），较短一方的实词至少 {G002[restated_share]:.0%} 在另一方中出现；年度目标比中长期目标长、而中长期目标至少 "
         "{G002[copied_share]:.0%} 的文字按顺序出现在其中时，说明是原样照搬再加内容，而不是换了说法。",
    what_en="The annual goal repeats the long-term goal and adds no number or concrete element of its own (quantity, date, "
            "named deliverable, rate with its object, or an activity on a holiday or commemorative day such as 春节慰问). Either copied: once punctuation, list numbering, width and time "
            "words (每年/本年/年度/长期) are set aside, at least {G002[copied_share]:.0%} of it appears in order in the long-term goal (an "
            "annual goal up to {G002[padding]:g} times as long is measured against the long-term goal's length); or reworded: comparing content words (jieba), with synonyms such as 保证/保障/确保, "
            "校园/学校, 完善/丰富 taken as the same, at least {G002[restated_share]:.0%} of the shorter goal's words are in the other. "
            "When the annual goal is the longer and at least {G002[copied_share]:.0%} of the long-term goal appears in it in order, "
            "the message says it was taken over as written with more added, not reworded.",
    why="岳阳市2021年审核发现中长期目标与年度目标雷同（例如“垃圾场渗透液处理,尽量达到环保要求”与"
        "“花果贩垃圾处理场渗透液改造好，达到环保要求”）：年度目标应是中长期目标在本年度的可考核分解，换个说法重复也是雷同。",
    why_en="Yueyang's 2021 review found long-term and annual goals that were the same, in the same or in other words; "
           "the annual goal should be this year's checkable share of the long-term goal.",
    source=[cite(REVIEW_2021, "中长期目标与年度目标雷同", "long-term and annual goals that are the same"),
            cite(CAIYU_2015_88, "绩效目标分为中长期绩效目标和年度绩效目标", "targets are set for the medium to long term and for the year")],
    examples=[
        fires({"type": "project", "long_term_goal": "垃圾场渗透液处理,尽量达到环保要求",
               "annual_goal": "花果贩垃圾处理场渗透液改造好，达到环保要求"}, field="annual_goal"),
        fires({"type": "project", "long_term_goal": "1.完成市、区相关部门下达的年度拆违任务。2.新增违建“零增长”。",
               "annual_goal": "（一）完成市、区相关部门下达的拆违任务；（二）新增违建“零增长”"}, field="annual_goal"),
        fires({"type": "project", "long_term_goal": "确保园区长治久安", "annual_goal": "保障全体职工安全，维护正常秩序"},
              field="annual_goal"),
        fires({"type": "project", "long_term_goal": "保障全市生活必需品市场正常供应，确保节假日期间市场有序供应。",
               "annual_goal": "1、保障全市生活必需品市场正常供应；2、确保节假日期间市场有序供应；3、保障非洲猪瘟疫情下猪肉供应，组织节日市场巡查。"},
              field="annual_goal"),
        passes({"type": "project", "long_term_goal": "干部教育培训常态化", "annual_goal": "2021年全年培训党员干部1600人"}),
        passes({"type": "project", "long_term_goal": "垃圾场渗透液处理,达到环保要求",
                "annual_goal": "完成垃圾场渗透液处理设施改造，出水COD浓度降至100mg/L以下"}),
    ],
)
def same_long_annual(form: Form) -> Iterator[Finding]:
    long_term, annual = form.long_term_goal or "", form.annual_goal or ""
    if is_placeholder(long_term) or is_placeholder(annual):
        return
    found = restatement(long_term, annual)
    if found is None:
        return
    yield Finding("annual_goal", kind=found.kind, share=found.share)
