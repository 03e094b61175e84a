"""Goals the classifier finds vague: slogans (G001), or nothing measurable (G003)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.analysis.goals import goal_decision, is_placeholder
from linter.model import Form
from linter.nlp.pipeline import tagged_tokens
from linter.registry import CAIYU_2011_285, CAIYU_2015_88, REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.rules.goals.common import GOAL_LABELS, GOAL_LABELS_EN


def _vague_goals(form: Form) -> Iterator[tuple[str, str, tuple[str, list[str]]]]:
    for field_path, text in form.goals():
        if not is_placeholder(text):
            decision = goal_decision(text)
            if decision:
                yield field_path, text, decision


def _quote(phrases: list[str], text: str, limit: int = 3) -> str:
    """The first phrases, each with “…” where it is cut inside one of the goal's jieba words (加强对统战成员的思… of
    思想, but 三公经费|支出 as it is): a quote cut mid-word must not read as the whole of what was written."""
    shown = list(dict.fromkeys(phrases))[:limit]
    ends = _word_ends(text) if shown else set()
    return "、".join(f"“{p}{'…' if _cut_inside_word(text, p, ends) else ''}”" for p in shown)


def _word_ends(text: str) -> set[int]:
    """The offsets at which the goal's jieba words begin or end."""
    ends, offset = {0}, 0
    for word, _ in tagged_tokens(text):
        offset += len(word)
        ends.add(offset)
    return ends


def _cut_inside_word(text: str, phrase: str, ends: set[int]) -> bool:
    at = text.find(phrase)
    return at >= 0 and at + len(phrase) < len(text) and at + len(phrase) not in ends


_SLOGAN_FORM = {"type": "project", "unit": "岳阳市口岸管理办公室", "project": "口岸建设经费",
                "long_term_goal": "抓难点、促突破，推进口岸经济发展；抓申报，促建设，推进口岸平台拓展；"
                                  "抓项目，促发展，推进口岸功能完善；抓思想，促党建，推进口岸队伍建设"}


@rule(
    code="G001", name="slogan-goal", severity="error",
    message="{label}是口号式表述：{phrases}", hint="改写为本项目本年度要完成的具体工作、数量和完成时间，如“6月底前完成XX，全年XX不少于N次”",
    message_en="the {label_en} is a slogan: {phrases}", hint_en="state this project's concrete work, quantities and dates",
    what="目标由口号式的并列短语（抓…促…、三个以上“推进/推动/坚持…”分句）、号召性用语（全力、切实、扎实、进一步）、"
         "抽象的成效（提升…水平、完善…机制）或单位职责的复述构成，"
         "且 jxlint 的目标分类器判定其含糊。报告会引用触发的短语。",
    what_en="The goal is made of parallel slogan phrases (抓…促…, three or more 推进/推动/坚持 clauses), exhortation, abstract "
            "outcomes or the unit's duties restated, and jxlint's goal classifier finds it vague. The message quotes the phrases.",
    why="岳阳市2021年审核发现大量口号式、空洞的目标，与年度任务关联不紧密，常抄自工作计划或总结（如口岸办的“抓难点、促突破…”）。",
    why_en="Yueyang's 2021 review found many slogan goals loosely tied to the year's tasks, often copied from work plans "
           "(the port office's “抓难点、促突破…”).",
    source=[cite(REVIEW_2021, "口号式、空洞的目标", "slogan-like, empty goals"),
            cite(CAIYU_2015_88, "绩效目标要指向明确、细化量化", "targets must be specific and quantified")],
    examples=[
        fires({**_SLOGAN_FORM, "annual_goal": "抓改革，推动执法政策保障落地落细；抓机制，推动执法监管规范化；"
                                               "抓基本，推动严格执法常态化；抓智能，推动执法能力现代化"}, field="annual_goal"),
        passes({**_SLOGAN_FORM, "long_term_goal": "2023年底前建成城陵矶口岸综合服务平台，口岸通关时间压缩至24小时以内",
                "annual_goal": "2021年6月底前完成口岸平台一期建设并上线运行，全年组织口岸业务培训4期、200人次"}),
    ],
)
def slogan_goal(form: Form) -> Iterator[Finding]:
    for field_path, text, (code, phrases) in _vague_goals(form):
        if code == "G001":
            yield Finding(field_path, label=GOAL_LABELS[field_path], label_en=GOAL_LABELS_EN[field_path], phrases=_quote(phrases, text))


_G003_HINT = "写明做什么、做多少、何时完成，如“全年培训党员干部1600人次，6月底前完成XX验收”"
_G003_HINT_EN = "say what, how much and by when"


@rule(
    code="G003", name="unmeasurable-goal", severity="warning",
    kinds={
        "no-element": Messages("{label}没有可考核的内容：没有数量和单位、时间节点、具体成果或带对象的比率", _G003_HINT,
                               "the {label_en} has nothing measurable: no quantity with unit, date, named deliverable or "
                               "rate with its object", _G003_HINT_EN),
        "incidental": Messages("{label}没有可考核的内容：其中的{elements}只是附带的，看不出年底要达成什么", _G003_HINT,
                               "the {label_en} has nothing measurable: what it names ({elements_en}) is only "
                               "incidental, not what the year must achieve", _G003_HINT_EN),
    },
    what="目标没有可考核的内容：jxlint 的目标分类器（它也看到目标中的具体要素）判定其含糊，"
         "且不是口号式（否则报 G001）。消息会说明是完全没有具体要素（带单位的数量、日期或期限、具名成果、带对象的比率），"
         "还是只有附带的数字（年份、文号、“四个意识”之类的提法）。",
    what_en="The classifier (which also sees the goal's concrete elements) finds the goal vague and it is not a slogan (G001). "
            "The message says whether it has no concrete element at all or only incidental ones (a year, a number, a formula).",
    why="审核标准“目标明确性”要求年度目标现实可考核；岳阳市2021年审核的目标中约半数没有任何数字。",
    why_en="Annual goals must be realistic and checkable; about half of the goals in Yueyang's 2021 review contain no number at all.",
    source=[cite(REVIEW_2021, "目标不明确，约半数目标没有任何数字", "unclear goals, about half of them without any number"),
            cite(CAIYU_2011_285, "绩效目标应具体细化，尽量进行定量表述", "targets are detailed and stated in numbers where possible")],
    examples=[
        fires({"type": "project", "unit": "某局", "project": "城市管理经费", "long_term_goal": "全面提升城市管理水平",
               "annual_goal": "保障城市管理工作正常开展"}, field="long_term_goal"),
        fires({"type": "project", "unit": "某局", "project": "城市管理经费", "long_term_goal": "按照2021年工作安排推进工作",
               "annual_goal": "保障单位日常运转"}, field="long_term_goal"),
        passes({"type": "project", "unit": "中共岳阳市委党校", "project": "干部教育培训费", "long_term_goal": "2023年前完成全市处级干部轮训一遍",
                "annual_goal": "2021年举办主体班12期，培训党员干部1600人次"}),
    ],
)
def unmeasurable_goal(form: Form) -> Iterator[Finding]:
    for field_path, text, (code, elements) in _vague_goals(form):
        if code == "G003":
            yield Finding(field_path, kind="incidental" if elements else "no-element", label=GOAL_LABELS[field_path],
                          label_en=GOAL_LABELS_EN[field_path], elements=_quote(elements, text),
                          elements_en=", ".join(list(dict.fromkeys(elements))[:3]))
