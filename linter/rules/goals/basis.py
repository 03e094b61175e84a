"""The project's 立项依据 is empty, circular, the project name again, or cites no document (G008)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from linter.analysis.goals import is_placeholder
from linter.model import PROJECT, Form
from linter.nlp.normalize import comparable, nfkc
from linter.registry import CAIYU_2020_10, REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.rulesets import load_ruleset


def goal_similarity(a: str, b: str) -> float:
    """0–1 similarity (rapidfuzz ratio) of two texts once numbering, time words and punctuation are set aside."""
    from rapidfuzz import fuzz

    a, b = comparable(a), comparable(b)
    return fuzz.ratio(a, b) / 100 if a and b else 0.0


@cache
def _document_patterns() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in load_ruleset("goals")["weak_basis"]["document_patterns"]]


def _weakness(basis: str | None, project: str) -> str | None:
    """Why a 立项依据 is weak (a kind of G008), or None when it cites a document."""
    text = nfkc(basis or "").strip()
    if not text or is_placeholder(text):
        return "empty"
    lexicon = load_ruleset("goals")["weak_basis"]
    if comparable(text) in {comparable(w) for w in lexicon["circular"]}:
        return "circular"
    if project and goal_similarity(text, project) >= load_ruleset("thresholds")["G008"]["same_as_project"]:
        return "project-name"
    if not any(p.search(text) for p in _document_patterns()):
        return "no-document"
    return None


_BASIS_HINT = "写明立项所依据的政策或决策文件，如《岳阳市干部教育培训规划（2019—2023年）》（岳办发〔2019〕10号）"
_BASIS_HINT_EN = "cite the policy or decision document, with its title and document number"


@rule(
    code="G008", name="weak-basis", severity="warning",
    kinds={
        "empty": Messages("立项依据为空", _BASIS_HINT, "the project basis is empty", _BASIS_HINT_EN),
        "circular": Messages("立项依据只写了“{text}”，是循环论证", _BASIS_HINT,
                             "the project basis only says '{text}', which is circular", _BASIS_HINT_EN),
        "project-name": Messages("立项依据只是重复了项目名称", _BASIS_HINT, "the project basis only repeats the project name",
                                 _BASIS_HINT_EN),
        "no-document": Messages("立项依据没有引用任何政策文件或决策文件（书名号《》或文号）", _BASIS_HINT,
                                "the project basis cites no policy or decision document (《…》 or a document number)",
                                _BASIS_HINT_EN),
    },
    what="项目表的立项依据为空、只写“财政预算”之类的循环理由、重复项目名称，或没有引用任何文件（没有《》，也没有〔2019〕10号这样的文号）。",
    what_en="The project's 立项依据 is empty, circular (财政预算), repeats the project name, or cites no document (no 《…》 and no document number).",
    why="岳阳市2021年审核发现立项依据缺失或循环（只写“财政预算”，或只是复述项目）；立项必须有政策或决策依据。",
    why_en="Yueyang's 2021 review found missing or circular bases such as “财政预算”; a project must rest on a policy or decision.",
    source=[cite(REVIEW_2021, "立项依据缺失或循环", "a missing or circular project basis"),
            cite(CAIYU_2020_10, "评价指标“立项依据充分性”", "the evaluation indicator of a sufficient project basis (立项依据充分性)")],
    examples=[
        fires({"type": "project", "unit": "某局", "project": "干部教育培训费", "basis": "财政预算"}, field="basis"),
        fires({"type": "project", "unit": "某局", "project": "干部教育培训费", "basis": "干部教育培训经费"}, field="basis"),
        fires({"type": "project", "unit": "某局", "project": "干部教育培训费", "basis": "无"}, field="basis"),
        fires({"type": "project", "unit": "某局", "project": "干部教育培训费", "basis": "根据工作需要开展干部培训"}, field="basis"),
        passes({"type": "project", "unit": "某局", "project": "干部教育培训费",
                "basis": "《干部教育培训工作条例》；《岳阳市2019—2023年干部教育培训规划》（岳办发〔2019〕10号）"}),
    ],
)
def weak_basis(form: Form) -> Iterator[Finding]:
    if form.form_type != PROJECT or (form.basis is None and (form.source != "form" or not form.complete)):
        return
    kind = _weakness(form.basis, form.project)
    if kind:
        yield Finding("basis", kind=kind, text=nfkc(form.basis or "").strip())
