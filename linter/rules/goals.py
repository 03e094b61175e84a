"""G — 总体目标: goals that are missing, repeated, stale, vague or copied."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from linter.analysis.goal_pairs import restatement
from linter.analysis.goals import goal_decision, is_placeholder
from linter.model import PROJECT, Form
from linter.nlp.normalize import comparable, nfkc
from linter.registry import (CAIYU_2011_285, CAIYU_2015_88, CAIYU_2020_10, REVIEW_2021, ZHONGFA_2018_34, Finding, cite, fires,
                             passes, rule)
from linter.rulesets import load_ruleset

GOAL_LABELS = {"long_term_goal": "中长期目标", "annual_goal": "年度目标"}
GOAL_LABELS_EN = {"long_term_goal": "long-term goal", "annual_goal": "annual goal"}


@rule(
    code="G006", name="missing-goal", severity="error",
    message="{label}未填写{detail}", hint="写明{label}：要完成的具体工作、数量和时间",
    message_en="the {label_en} is empty{detail_en}", hint_en="state the {label_en}: the concrete work, quantity and date",
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
            yield Finding(field_path, label=GOAL_LABELS[field_path], label_en=GOAL_LABELS_EN[field_path],
                          detail=f"（只填了“{shown}”）" if shown else "", detail_en=f" (only '{shown}')" if shown else "")


def goal_similarity(a: str, b: str) -> float:
    """0–1 similarity (rapidfuzz ratio) of two texts once numbering, time words and punctuation are set aside."""
    from rapidfuzz import fuzz

    a, b = comparable(a), comparable(b)
    return fuzz.ratio(a, b) / 100 if a and b else 0.0


@rule(
    code="G002", name="same-long-annual", severity="error",
    message="年度目标与中长期目标雷同{detail}",
    hint="年度目标应写本年度要完成的具体任务、数量和完成时间，不要照抄或换个说法重复中长期目标",
    message_en="the annual goal repeats the long-term goal{detail_en}",
    hint_en="state this year's own tasks, quantities and deadlines instead of repeating the long-term goal",
    what="年度目标重复中长期目标，且没有增加本年度自己的数字或具体要素（数量、日期、具名成果、带对象的比率）。两种情形："
         "照抄——去掉标点、编号（1.、（一））、全半角差异和“每年/本年/年度/长期”等时间词后，年度目标至少 {G002[copied_share]:.0%} 的文字按顺序"
         "出现在中长期目标中（年度目标长至中长期目标的 {G002[padding]:g} 倍时，按中长期目标的字数计算）；换了说法——按分词比较实词（同义词如保证/保障/确保、校园/学校、"
         "完善/丰富视为相同），较短一方的实词至少 {G002[restated_share]:.0%} 在另一方中出现。",
    what_en="The annual goal repeats the long-term goal and adds no number or concrete element of its own (quantity, date, "
            "named deliverable, rate with its object). Either copied: once punctuation, list numbering, width and time "
            "words (每年/本年/年度/长期) are set aside, at least {G002[copied_share]:.0%} of it appears in order in the long-term goal (an "
            "annual goal up to {G002[padding]:g} times as long is measured against the long-term goal's length); or reworded: comparing content words (jieba), with synonyms such as 保证/保障/确保, "
            "校园/学校, 完善/丰富 taken as the same, at least {G002[restated_share]:.0%} of the shorter goal's words are in the other.",
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
    if found.kind == "copied":
        yield Finding("annual_goal", detail=f"（{found.share:.0%} 的文字照抄中长期目标）",
                      detail_en=f" ({found.share:.0%} of it copied)")
    else:
        yield Finding("annual_goal", detail="：换了说法，没有本年度的具体内容",
                      detail_en=": reworded, with nothing specific to this year")


_YEAR = re.compile(r"(?<![\d〔\[（(])((?:19|20)\d\d)(?:\s*[-—~至到]\s*((?:19|20)\d\d))?(?=\s*年)")
_TITLE = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]|（\d{4}）")


def stale_years(text: str, budget_year: int) -> list[int]:
    """Years in a goal that are neither the budget year nor a baseline, horizon or document title."""
    lexicon = load_ruleset("goals")["stale_year"]
    text = _TITLE.sub(lambda m: " " * len(m.group(0)), nfkc(text))
    found = []
    for m in _YEAR.finditer(text):
        start, end = int(m.group(1)), int(m.group(2) or m.group(1))
        if start <= budget_year <= end:
            continue
        before = text[max(0, m.start() - 3): m.start()]
        after = text[m.end(): m.end() + 6].lstrip("年度底末初 ")
        if any(before.endswith(w) for w in lexicon["before"]) or any(after.startswith(w) for w in lexicon["after"]):
            continue
        found.append(start)
    return found


@rule(
    code="G007", name="stale-year", severity="warning",
    message="年度目标写的是{year}年，而预算年度是{budget_year}年", hint="核对是否沿用了往年的目标，改写为{budget_year}年度的任务",
    message_en="the annual goal names {year}, but the budget year is {budget_year}",
    hint_en="check whether last year's goal was reused; rewrite it for {budget_year}",
    what="年度目标中出现预算年度以外的年份（如 2021 年预算中的“2020年全年培训…”）。作为比较基数（较2020年）、"
         "规划期限（到2025年）、文件名《…》或文号〔2019〕中的年份不算。预算年度取自表单，或配置 budget-year / --budget-year。",
    what_en="The annual goal names a year other than the budget year. Years used as a baseline (较2020年), a horizon (到2025年), "
            "or inside a document title or number do not count. The budget year comes from the form or the budget-year setting.",
    why="沿用往年的目标说明表单没有按本年度的工作重新填写；岳阳市2021年审核发现目标与当年任务关联不紧密。",
    why_en="A goal naming last year was copied from last year's form rather than written for this year's work; "
           "Yueyang's 2021 review found goals loosely tied to the year's tasks.",
    source=[cite(REVIEW_2021, "目标与当年任务关联不紧密", "goals loosely tied to the year's tasks"),
            cite(CAIYU_2015_88, "年度绩效目标是预算年度内要达到的目标", "the annual target is what the budget year must achieve")],
    examples=[
        fires({"type": "project", "budget_year": 2021, "annual_goal": "2020年全年培训党员干部1600人"}, field="annual_goal"),
        passes({"type": "project", "budget_year": 2021, "annual_goal": "2021年全年培训党员干部1600人，较2020年增加200人"}),
        passes({"type": "project", "budget_year": 2021, "annual_goal": "落实《岳阳市2019—2023年城乡建设规划》，2021年完成3个片区改造"}),
    ],
)
def stale_year(form: Form) -> Iterator[Finding]:
    if form.budget_year is None or not form.annual_goal:
        return
    years = stale_years(form.annual_goal, form.budget_year)
    if years:
        yield Finding("annual_goal", year="、".join(str(y) for y in dict.fromkeys(years)), budget_year=form.budget_year)


@cache
def _document_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in load_ruleset("goals")["weak_basis"]["document_patterns"]]


def basis_problem(basis: str | None, project: str) -> tuple[str, str] | None:
    """(Chinese, English) reason why a 立项依据 is weak, or None when it cites a document."""
    text = nfkc(basis or "").strip()
    if not text or is_placeholder(text):
        return "为空", "is empty"
    lexicon = load_ruleset("goals")["weak_basis"]
    if comparable(text) in {comparable(w) for w in lexicon["circular"]}:
        return f"只写了“{text}”，是循环论证", f"only says '{text}', which is circular"
    if project and goal_similarity(text, project) >= load_ruleset("thresholds")["G008"]["same_as_project"]:
        return "只是重复了项目名称", "only repeats the project name"
    if not any(p.search(text) for p in _document_patterns()):
        return "没有引用任何政策文件或决策文件（书名号《》或文号）", "cites no policy or decision document (《…》 or a document number)"
    return None


@rule(
    code="G008", name="weak-basis", severity="warning",
    message="立项依据{problem}", hint="写明立项所依据的政策或决策文件，如《岳阳市干部教育培训规划（2019—2023年）》（岳办发〔2019〕10号）",
    message_en="the project basis {problem_en}", hint_en="cite the policy or decision document, with its title and document number",
    what="项目表的立项依据为空、只写“财政预算”之类的循环理由、重复项目名称，或没有引用任何文件（没有《》，也没有〔2019〕10号这样的文号）。",
    what_en="The project's 立项依据 is empty, circular (财政预算), repeats the project name, or cites no document (no 《…》 and no document number).",
    why="岳阳市2021年审核发现立项依据缺失或循环（只写“财政预算”，或只是复述项目）；立项必须有政策或决策依据。",
    why_en="Yueyang's 2021 review found missing or circular bases such as “财政预算”; a project must rest on a policy or decision.",
    source=[cite(REVIEW_2021, "立项依据缺失或循环", "a missing or circular project basis"),
            cite(CAIYU_2020_10, "评价指标“立项依据充分性”", "the evaluation indicator of a sufficient project basis (立项依据充分性)")],
    examples=[
        fires({"type": "project", "unit": "某局", "project": "干部教育培训费", "basis": "财政预算"}, field="basis"),
        fires({"type": "project", "unit": "某局", "project": "干部教育培训费", "basis": "干部教育培训经费"}, field="basis"),
        passes({"type": "project", "unit": "某局", "project": "干部教育培训费",
                "basis": "《干部教育培训工作条例》；《岳阳市2019—2023年干部教育培训规划》（岳办发〔2019〕10号）"}),
    ],
)
def weak_basis(form: Form) -> Iterator[Finding]:
    if form.form_type != PROJECT or (form.basis is None and (form.source != "form" or not form.complete)):
        return
    problem = basis_problem(form.basis, form.project)
    if problem:
        yield Finding("basis", problem=problem[0], problem_en=problem[1])



def _vague_goals(form: Form) -> Iterator[tuple[str, str, tuple[str, list[str]]]]:
    for field_path, text in form.goals():
        if not is_placeholder(text):
            decision = goal_decision(text)
            if decision:
                yield field_path, text, decision


def _quote(phrases: list[str], limit: int = 3) -> str:
    return "、".join(f"“{p}”" for p in list(dict.fromkeys(phrases))[:limit])


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
    for field_path, _, (code, phrases) in _vague_goals(form):
        if code == "G001":
            yield Finding(field_path, label=GOAL_LABELS[field_path], label_en=GOAL_LABELS_EN[field_path], phrases=_quote(phrases))


@rule(
    code="G003", name="unmeasurable-goal", severity="warning",
    message="{label}没有可考核的内容{detail}",
    hint="写明做什么、做多少、何时完成，如“全年培训党员干部1600人次，6月底前完成XX验收”",
    message_en="the {label_en} has nothing measurable{detail_en}",
    hint_en="say what, how much and by when",
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
        passes({"type": "project", "unit": "中共岳阳市委党校", "project": "干部教育培训费", "long_term_goal": "2023年前完成全市处级干部轮训一遍",
                "annual_goal": "2021年举办主体班12期，培训党员干部1600人次"}),
    ],
)
def unmeasurable_goal(form: Form) -> Iterator[Finding]:
    for field_path, _, (code, elements) in _vague_goals(form):
        if code == "G003":
            detail, detail_en = (f"：其中的{_quote(elements)}只是附带的，看不出年底要达成什么", f": {', '.join(elements[:3])} are only incidental") \
                if elements else ("：没有数量和单位、时间节点、具体成果或带对象的比率",
                                  ": no quantity with unit, date, named deliverable or rate with its object")
            yield Finding(field_path, label=GOAL_LABELS[field_path], label_en=GOAL_LABELS_EN[field_path],
                          detail=detail, detail_en=detail_en)


# --- Cross-form goal checks (batch): G004 copied-goal, G005 dept-goal-is-project-goal ---------------
# Both look at every goal of the run at once (linter/similarity.py finds the copies without comparing
# all pairs); the analysis is computed once per batch (the engine's Batch memo) and shared by the two rules.

from collections import defaultdict  # noqa: E402
from dataclasses import dataclass, field as dataclass_field  # noqa: E402
from itertools import islice  # noqa: E402
from typing import Any  # noqa: E402

from linter.model import DEPARTMENT  # noqa: E402
from linter.registry import BATCH  # noqa: E402
from linter.units import unit_key  # noqa: E402

_NAMES_SHOWN = 5  # units named in a G004 message; the rest are counted


@dataclass
class GoalCopies:
    """Every goal of a batch as (form, field, text, unit key), and which are copies of which."""

    items: list[tuple[Form, str, str, str]]
    result: Any  # linter.similarity.CopyResult over the items' texts
    units_of_family: dict[int, dict[str, int]] = dataclass_field(default_factory=dict)  # family → {unit key: first item}
    units_of_cluster: dict[int, dict[str, int]] = dataclass_field(default_factory=dict)  # group of copies → same
    sources_of_family: dict[int, dict[str, int]] = dataclass_field(default_factory=dict)  # see _family_sources


def goal_copies(forms: list[Form]) -> GoalCopies:
    """The copy analysis of this batch's goals, computed once per run when the engine hands a Batch."""
    memo = getattr(forms, "memo", None)
    if memo is not None and "goal_copies" in memo:
        return memo["goal_copies"]
    from linter.similarity import find_copies

    items = [(form, field_path, text, unit_key(form.unit))
             for form in forms for field_path, text in form.goals() if text and not is_placeholder(text)]
    result = find_copies([text for _, _, text, _ in items])
    units_of_family: dict[int, dict[str, int]] = defaultdict(dict)
    units_of_cluster: dict[int, dict[str, int]] = defaultdict(dict)
    for i, (_, _, _, key) in enumerate(items):
        family = result.family[i]
        if family is not None and key:
            units_of_family[family].setdefault(key, i)
            units_of_cluster[result.cluster[i]].setdefault(key, i)
    analysis = GoalCopies(items, result, dict(units_of_family), dict(units_of_cluster))
    if memo is not None:
        memo["goal_copies"] = analysis
    return analysis


def _family_sources(copies: GoalCopies, family: int) -> dict[str, int]:
    """Unit → its first goal (item index) among the family and the families it is copied from, in input
    order; built once per family, so naming the units costs O(members), not members × units."""
    found = copies.sources_of_family.get(family)
    if found is None:
        merged: dict[str, int] = {}
        for fam in (family, *sorted(copies.result.covered_by.get(family, ()))):
            for unit, j in copies.units_of_family.get(fam, {}).items():
                merged.setdefault(unit, j)
        found = copies.sources_of_family[family] = dict(sorted(merged.items(), key=lambda kv: kv[1]))
    return found


def group_members_to_name(copies: GoalCopies, i: int, limit: int = _NAMES_SHOWN) -> tuple[list[int], int]:
    """Up to `limit` goals of other units in goal i's group of copies (those it is a (near-)copy of first,
    one per unit, in input order), and how many other units the group has; ([], 0) when goal i copies no
    other unit's goal."""
    key, family = copies.items[i][3], copies.result.family[i]
    if family is None or not key:
        return [], 0
    sources = _family_sources(copies, family)
    count = len(sources) - (key in sources)
    if not count:
        return [], 0
    shown = list(islice((j for unit, j in sources.items() if unit != key), limit))
    group = copies.units_of_cluster.get(copies.result.cluster[i], {})
    for unit, j in group.items():
        if len(shown) >= limit:
            break
        if unit != key and unit not in sources:
            shown.append(j)
    return shown, max(len(group) - (key in group), count)


def _name_goal(form: Form) -> str:
    return f"{form.unit or '（未填单位）'}（{form.form_id}）"


def _named_list(names: list[str], total: int, lang: str) -> str:
    shown = ("、" if lang == "zh" else ", ").join(names[:_NAMES_SHOWN])
    if total > _NAMES_SHOWN:
        shown += f"等 {total} 个单位" if lang == "zh" else f" and {total - _NAMES_SHOWN} more units"
    return shown


def _quote_phrases(phrases: tuple[str, ...], limit: int = 3) -> str:
    return "、".join(f"“{p}”" for p in phrases[:limit])


def _g004_units(unit: str, text: str) -> dict[str, Any]:
    return {"type": "project", "unit": unit, "project": "学校安保经费", "annual_goal": text}


_SCHOOL_SAFETY = "保证校园内全体师生的安全，保障校园内财产安全，维护稳定发展。"


@rule(
    code="G004", name="copied-goal", severity="warning", scope=BATCH,
    message="{label}{problem}", hint="{fix}",
    message_en="the {label_en} {problem_en}", hint_en="{fix_en}",
    what="目标大部分照搬了别的单位的目标，或大部分是通用套话。按分句判断：一个目标的分句（按标点、换行和短语间的顿号切分，"
         "去掉标点、编号、时间词后比较）有过半字数在另一单位的某个目标中逐字或近乎逐字出现，且那个目标并非只是顺带包含"
         "这句话，即为照搬；同一单位各表之间的重复不算（单位简称也能识别）。"
         "互相照搬的目标归为一组（并查集），每个成员各报告一次，列出组内其他单位（先列它照搬的那些，最多 5 个）和其他单位总数。另外，目标有过半字数是 jxlint 收录的通用套话"
         "（政治套话、职责表述、在三个以上单位目标中重复出现的工作计划用语）时也报告。",
    what_en="Most of the goal is copied from a goal of another unit, or is stock text. Decided by clauses: when more than "
            "half of the goal's clause characters (compared without punctuation, numbering or time words) appear verbatim "
            "or nearly so in a goal of another unit — and that goal is not an unrelated text that merely contains the "
            "phrase — the goal is a copy. Repeats within one unit do not count (short unit names "
            "are recognised). Copies are grouped (union-find); each member of a group is reported once, "
            "naming up to five other units of the group (those it is copied from first) and counting the rest. "
            "A goal mostly made of the stock texts jxlint collects (political formulas, duty statements, "
            "work-plan phrases that recur across three or more units) is reported too.",
    why="岳阳市2021年审核发现目标口号化、空洞，常从工作计划或总结中照搬；各单位套用同一段话，说明目标没有写本单位本年度的具体工作。",
    why_en="Yueyang's 2021 review found empty goals copied from work plans and summaries; the same paragraph in "
           "several units' forms says nothing about any one unit's work this year.",
    source=[cite(REVIEW_2021, "目标照搬工作计划或总结", "goals copied from work plans and summaries"),
            cite(CAIYU_2015_88, "绩效目标要指向明确", "targets must be specific to the unit's work")],
    examples=[
        fires([{"id": "P211", **_g004_units("岳阳市洞纺学校", _SCHOOL_SAFETY)},
               {"id": "P380", **_g004_units("岳阳市第九中学", "保证校园内全体师生的安全；保障校园内财产安全，维护稳定发展")}],
              field="annual_goal"),
        fires([{"id": "P020", "type": "project", "unit": "岳阳市人民政府办公室", "project": "专项工作经费",
                "long_term_goal": "2023年前建成全市统一的政务服务平台",
                "annual_goal": "保证各项工作顺利开展，严格控制三公经费支出"}], field="annual_goal"),
        passes([{"id": "P361", **_g004_units("岳阳市第五中学", "2021年完成教学楼消防改造，新增灭火器120具，组织疏散演练4次")},
                {"id": "D120", "type": "department", "unit": "岳阳市第五中学",
                 "annual_goal": "2021年完成教学楼消防改造，新增灭火器120具，组织疏散演练4次。"}]),
        passes([{"id": "P211", **_g004_units("岳阳市洞纺学校", "2021年完成校园监控系统改造，新增高清摄像头48个，9月开学前投入使用")},
                {"id": "P380", **_g004_units("岳阳市第九中学", "2021年聘请专职保安6名，全年校园安全事故为零，开展消防演练4次")}]),
    ],
)
def copied_goal(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    from linter.similarity import Params, reference_index

    copies = goal_copies(forms)
    params = Params.from_ruleset()
    references = None
    memo: dict[str, Any] = {}
    for i, (form, field_path, text, _) in enumerate(copies.items):
        label = dict(label=GOAL_LABELS[field_path], label_en=GOAL_LABELS_EN[field_path])
        shown, total = group_members_to_name(copies, i)
        if total:
            names = [_name_goal(copies.items[j][0]) for j in shown]
            yield form, Finding(
                field_path, **label,
                problem=f"与其他单位的目标基本相同：{_named_list(names, total, 'zh')}",
                problem_en=f"is (nearly) the same as goals of other units: {_named_list(names, total, 'en')}",
                fix="写本单位本年度要完成的具体任务、数量和时间，不要套用其他单位的表述",
                fix_en="state this unit's own tasks, quantities and dates for the year instead of another unit's wording")
            continue
        if copies.result.family[i] is None:
            continue  # too short to judge
        if text not in memo:
            references = references or reference_index()
            memo[text] = references.match(text)
        found = memo[text]
        if found.share >= params.reference_share:
            yield form, Finding(
                field_path, **label,
                problem=f"大部分是通用套话（{found.share:.0%} 的内容与参考文本相同：{_quote_phrases(found.phrases)}）",
                problem_en=f"is mostly stock text ({found.share:.0%} repeats reference texts: {_quote_phrases(found.phrases)})",
                fix="删去套话，写本项目（本单位）本年度要完成的具体工作、数量和完成时间",
                fix_en="drop the stock phrases and state this year's concrete work, quantities and dates")


def _dept_project_example(unit: str, dept_goal: str, project_goal: str, project_unit: str | None = None) -> list[dict[str, Any]]:
    return [{"id": "D001", "type": "department", "unit": unit, "annual_goal": dept_goal},
            {"id": "P001", "type": "project", "unit": project_unit or unit, "project": "重点项目",
             "long_term_goal": "持续推进重点工作", "annual_goal": project_goal}]


_HUARONG = "1、持续抓好突出生态环境问题整改\n2、持续打好蓝天碧水净土保卫战\n3、持续深化农村人居环境整治\n4、持续提升生态环境治理效能"


@rule(
    code="G005", name="dept-goal-is-project-goal", severity="warning", scope=BATCH,
    message="部门整体目标与本单位项目{projects}的目标基本相同", hint="部门整体目标应概括本单位全年的主要任务和成效，不要照抄某个项目的目标",
    message_en="the department goal is (nearly) the same as the goal of this unit's project {projects}",
    hint_en="the department goal should sum up the unit's main tasks and results for the year, not repeat one project's goal",
    what="部门整体支出表的年度目标与同一单位某个项目支出表的中长期目标或年度目标基本相同：两者按分句比较，各自都有不少于"
         " 60% 的内容能在对方中找到。单位简称也能识别"
         "（岳阳市人大常委会 = 岳阳市人民代表大会常务委员会，市住建局 = 岳阳市住房和城乡建设局）。部门目标只是包含某个项目目标"
         "（项目是部门任务之一）不算。",
    what_en="The department form's annual goal is nearly the same as the long-term or annual goal of one of the same unit's "
            "project forms: compared by clauses, each shares at least 60% of its content with the "
            "other. Short unit names are recognised (市住建局 = 岳阳市住房和城乡建设局). A department goal that merely includes a "
            "project's goal among its tasks does not count.",
    why="岳阳市2021年审核发现部门整体目标与项目目标雷同：部门目标应覆盖单位全年工作，而不是某一个项目。",
    why_en="Yueyang's 2021 review found department goals that were the same as project goals; a department goal "
           "covers the unit's whole year, not one project.",
    source=[cite(REVIEW_2021, "部门整体目标与项目目标雷同", "department goals the same as project goals"),
            cite(ZHONGFA_2018_34, "全面设置部门和单位整体绩效目标、政策及项目绩效目标",
                 "targets are set for departments and units as a whole as well as for policies and projects")],
    examples=[
        fires(_dept_project_example("岳阳市生态环境局华容分局", "1、抓好突出生态环境问题整改\n2、打好蓝天碧水净土保卫战\n"
                                    "3、深化农村人居环境整治\n4、提升生态环境治理效能", _HUARONG), field="annual_goal"),
        fires(_dept_project_example("岳阳市人民代表大会常务委员会", "坚持科学立法、民主立法、依法立法，促进法治岳阳建设",
                                    "坚持科学立法、民主立法、依法立法，促进法治岳阳建设。", project_unit="岳阳市人大常委会"),
              field="annual_goal"),
        passes(_dept_project_example("岳阳市生态环境局", "1、完成中央环保督察反馈问题整改38项\n2、全市空气质量优良率达到85%以上\n"
                                     "3、完成12个乡镇污水处理设施建设", _HUARONG)),
        passes(_dept_project_example("岳阳市生态环境局平江分局", "1、抓好突出生态环境问题整改\n2、打好蓝天碧水净土保卫战",
                                     "1、抓好突出生态环境问题整改\n2、打好蓝天碧水净土保卫战", project_unit="岳阳市生态环境局华容分局")),
    ],
)
def dept_goal_is_project_goal(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    from linter.similarity import Params, copy_shares, make_doc

    copies = goal_copies(forms)
    result, params = copies.result, Params.from_ruleset()
    projects: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))  # family → unit → project goals
    for i, (form, _, _, key) in enumerate(copies.items):
        if form.form_type == PROJECT and key and result.family[i] is not None:
            projects[result.family[i]][key].append(i)
    max_compared = load_ruleset("thresholds")["G005"]["max_compared"]
    for i, (form, field_path, text, key) in enumerate(copies.items):
        family = result.family[i]
        if form.form_type != DEPARTMENT or not key or family is None:
            continue
        doc, matches = make_doc(text), []
        for fam in (family, *sorted(result.covered_by.get(family, ()))):
            for j in projects.get(fam, {}).get(key, [])[:max_compared]:
                mine, theirs = copy_shares(doc, make_doc(copies.items[j][2]), params)
                if min(mine, theirs) >= params.dept_share and copies.items[j][0] not in matches:
                    matches.append(copies.items[j][0])
        if matches:
            shown = "、".join(f"“{p.project or p.form_id}”（{p.form_id}）" for p in matches[:3])
            if len(matches) > 3:
                shown += f"等 {len(matches)} 个"
            yield form, Finding(field_path, projects=shown)
