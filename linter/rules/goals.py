"""G — 总体目标: goals that are missing, repeated, stale, vague or copied."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from linter.model import PROJECT, Form
from linter.nlp.normalize import comparable, nfkc, strip_numbering
from linter.registry import Finding, fires, passes, rule
from linter.rulesets import load_ruleset

GOAL_LABELS = {"long_term_goal": "中长期目标", "annual_goal": "年度目标"}
GOAL_LABELS_EN = {"long_term_goal": "long-term goal", "annual_goal": "annual goal"}


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(comparable(t) or t for t in load_ruleset("goals")["placeholders"]["texts"])


def is_placeholder(text: str) -> bool:
    """Empty, or one of the cell fillers of rulesets/goals.yaml (无, /, 同上, 详见附件 …)."""
    stripped = nfkc(text).strip().strip("。.；;")
    return not stripped or stripped in _placeholders() or comparable(stripped) in _placeholders()


@rule(
    code="G006", name="missing-goal", severity="error",
    message="{label}未填写{detail}", hint="写明{label}：要完成的具体工作、数量和时间",
    message_en="the {label_en} is empty{detail_en}", hint_en="state the {label_en}: the concrete work, quantity and date",
    what="中长期目标或年度目标为空，或只填了“无”“/”“同上”“详见附件”之类的占位内容。",
    what_en="The long-term or annual goal is empty or a placeholder such as 无, /, 同上 or 详见附件.",
    why="没有目标，指标就无从对应（domain.md §3 目标明确性）；“同上”“详见附件”让审核人无法在表内核对。",
    why_en="Without a goal the indicators have nothing to match (domain.md §3); placeholders cannot be checked on the form.",
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


_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def goal_similarity(a: str, b: str) -> float:
    """0–1 similarity (rapidfuzz ratio) of two texts once numbering, time words and punctuation are set aside."""
    from rapidfuzz import fuzz

    a, b = comparable(a), comparable(b)
    return fuzz.ratio(a, b) / 100 if a and b else 0.0


def copied_share(long_term: str, annual: str) -> float:
    """Share of the annual goal found, in order, in the long-term goal (longest common subsequence).

    A few words of padding are tolerated: an annual goal up to `padding` times as long as the
    long-term goal is measured against the long-term goal's length instead of its own.
    """
    from rapidfuzz.distance import LCSseq

    a, b = comparable(long_term), comparable(annual)
    if not a or not b:
        return 0.0
    padding = load_ruleset("thresholds")["G002"]["padding"]
    base = len(a) if len(a) < len(b) <= padding * len(a) else len(b)
    return LCSseq.similarity(a, b) / base


def _numbers(text: str) -> set[float]:
    """Numbers a goal states (Arabic or Chinese, with or without unit), leaving out years and list numbering."""
    from linter.nlp.quantities import find_quantities

    text = strip_numbering(nfkc(text))
    digits = {float(n) for n in _DIGITS.findall(text) if not re.fullmatch(r"(19|20)\d\d", n)}
    return digits | {q.number for q in find_quantities(text)}


def adds_numbers(long_term: str, annual: str) -> bool:
    """Does the annual goal state a number (not a year) that the long-term goal lacks?"""
    return bool(_numbers(annual) - _numbers(long_term))


@rule(
    code="G002", name="same-long-annual", severity="error",
    message="年度目标与中长期目标雷同（{similarity:.0%} 的文字照抄中长期目标）",
    hint="年度目标应写本年度要完成的具体任务、数量和完成时间，不要照抄中长期目标",
    message_en="the annual goal repeats the long-term goal ({similarity:.0%} of it copied)",
    hint_en="state this year's own tasks, quantities and deadlines instead of copying the long-term goal",
    what="年度目标与中长期目标相同，或去掉标点、编号（1.、（一））、全半角差异和“每年/本年/年度/长期”等时间词后，"
         "年度目标至少 75% 的文字按顺序出现在中长期目标中（允许多出三成以内的字数），且年度目标没有增加自己的数字。",
    what_en="The annual goal equals the long-term goal, or, once punctuation, list numbering, width and time words "
            "(每年/本年/年度/长期) are set aside, at least 75% of it appears in order in the long-term goal (up to 30% padding "
            "tolerated) and it adds no number of its own.",
    why="评审发现中长期目标与年度目标雷同（domain.md §4.1，例如“垃圾场渗透液处理,尽量达到环保要求”与"
        "“花果贩垃圾处理场渗透液改造好，达到环保要求”）：年度目标应是中长期目标在本年度的可考核分解。",
    why_en="The review found long-term and annual goals that were the same (domain.md §4.1); the annual goal should be this "
           "year's checkable share of the long-term goal.",
    examples=[
        fires({"type": "project", "long_term_goal": "垃圾场渗透液处理,尽量达到环保要求",
               "annual_goal": "花果贩垃圾处理场渗透液改造好，达到环保要求"}, field="annual_goal"),
        fires({"type": "project", "long_term_goal": "1.完成市、区相关部门下达的年度拆违任务。2.新增违建“零增长”。",
               "annual_goal": "（一）完成市、区相关部门下达的拆违任务；（二）新增违建“零增长”"}, field="annual_goal"),
        passes({"type": "project", "long_term_goal": "干部教育培训常态化", "annual_goal": "2021年全年培训党员干部1600人"}),
        passes({"type": "project", "long_term_goal": "垃圾场渗透液处理,达到环保要求",
                "annual_goal": "完成垃圾场渗透液处理设施改造，出水COD浓度降至100mg/L以下"}),
    ],
)
def same_long_annual(form: Form) -> Iterator[Finding]:
    long_term, annual = form.long_term_goal or "", form.annual_goal or ""
    if is_placeholder(long_term) or is_placeholder(annual):
        return
    share = copied_share(long_term, annual)
    if share >= load_ruleset("thresholds")["G002"]["copied_share"] and not adds_numbers(long_term, annual):
        yield Finding("annual_goal", similarity=share)


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
    why="沿用往年的目标说明表单没有按本年度的工作重新填写（domain.md §4.1：目标与当年任务关联不紧密）。",
    why_en="A goal naming last year was copied from last year's form rather than written for this year's work (domain.md §4.1).",
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
    if project and goal_similarity(text, project) >= 0.8:
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
    why="评审发现立项依据缺失或循环（domain.md §4.1：“财政预算”，或只是复述项目）；立项必须有政策或决策依据。",
    why_en="The review found missing or circular bases such as “财政预算” (domain.md §4.1); a project must rest on a policy or decision.",
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



def vague_decision(text: str, probability: float) -> tuple[str, list[str]] | None:
    """('G001', slogan phrases) or ('G003', []) for a vague goal, None for a concrete one."""
    from linter.nlp.elements import concrete_elements
    from linter.nlp.slogans import slogan_hits

    limits = load_ruleset("thresholds")["G001_G003"]
    hits = slogan_hits(text)
    if probability >= limits["slogan"] and ("parallel" in hits or len(hits) >= 2):
        return "G001", [p for phrases in hits.values() for p in phrases]
    elements = concrete_elements(text)
    if probability >= (limits["with_elements"] if elements else limits["no_element"]):
        return "G003", []
    return None


@lru_cache(maxsize=16384)
def goal_decision(text: str) -> tuple[str, list[str]] | None:
    """vague_decision with the served classifier; cached because G001 and G003 both ask."""
    from linter.nlp.goal_classifier import vague_probability

    return vague_decision(text, vague_probability(text))


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
         "抽象的成效（提升…水平、完善…机制）或单位职责的复述构成（规则见 rulesets/slogans.yaml），"
         "且分类器（models/goal_classifier.json）判定其含糊。报告会引用触发的短语。",
    what_en="The goal is made of parallel slogan phrases (抓…促…, three or more 推进/推动/坚持 clauses), exhortation, abstract "
            "outcomes or the unit's duties restated (rulesets/slogans.yaml), and the classifier finds it vague.",
    why="评审发现大量口号式、空洞的目标，与年度任务关联不紧密，常抄自工作计划或总结（domain.md §4.1：口岸办的“抓难点、促突破…”）。",
    why_en="The review found many slogan goals loosely tied to the year's tasks, often copied from work plans (domain.md §4.1).",
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
    message="{label}没有可考核的内容：没有数量和单位、时间节点、具体成果或带对象的比率",
    hint="写明做什么、做多少、何时完成，如“全年培训党员干部1600人次，6月底前完成XX验收”",
    message_en="the {label_en} has nothing measurable: no quantity with unit, date, named deliverable or rate with its object",
    hint_en="say what, how much and by when",
    what="目标中没有任何具体要素（带单位的数量、日期或期限、具名的成果、带对象的比率），或只有附带的数字"
         "（年份、文号、“四个意识”之类的提法），且分类器判定其含糊。",
    what_en="The goal has no concrete element (quantity with unit, date or deadline, named deliverable, rate with its object) "
            "or only incidental ones (a year, a document number, a political formula), and the classifier finds it vague.",
    why="目标明确性要求年度目标现实可考核（domain.md §3）；评审发现约半数目标没有任何数字（issue 3）。",
    why_en="Annual goals must be realistic and checkable (domain.md §3); about half of the real goals contain no number at all.",
    examples=[
        fires({"type": "project", "unit": "某局", "project": "城市管理经费", "long_term_goal": "全面提升城市管理水平",
               "annual_goal": "保障城市管理工作正常开展"}, field="long_term_goal"),
        passes({"type": "project", "unit": "中共岳阳市委党校", "project": "干部教育培训费", "long_term_goal": "2023年前完成全市处级干部轮训一遍",
                "annual_goal": "2021年举办主体班12期，培训党员干部1600人次"}),
    ],
)
def unmeasurable_goal(form: Form) -> Iterator[Finding]:
    for field_path, _, (code, _) in _vague_goals(form):
        if code == "G003":
            yield Finding(field_path, label=GOAL_LABELS[field_path], label_en=GOAL_LABELS_EN[field_path])
