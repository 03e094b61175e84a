"""Rule docs for the people who file forms: every rule cites its published basis in both languages, and no
text a user reads points at a file of this repository, a section sign or an issue number."""

from __future__ import annotations

import re
import string

import pytest

from linter.docs import rule_doc
from linter.codes import all_rules, get_rule

# The published basis, as the review report and the Ministry of Finance title them (checked by hand against
# the documents; written out here, not imported, so a changed title in the registry fails this test).
DOCUMENTS = {
    "中发〔2018〕34号": "《中共中央 国务院关于全面实施预算绩效管理的意见》",
    "财预〔2011〕285号": "《财政支出绩效评价管理暂行办法》",
    "财预〔2015〕88号": "《中央部门预算绩效目标管理办法》",
    "财预〔2020〕10号": "《项目支出绩效评价管理办法》",
    "财预〔2021〕101号": "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》",
}
REVIEW = "《岳阳市2021年市级预算绩效目标审核跟踪评价报告》"
TOOL = {"zh": "jxlint 的检查规范", "en": "jxlint's own checking rules"}
ENGINE_MADE = {"F002", "F003", "F004", "F005", "F006"}  # they keep the tool honest; no law behind them

REPOSITORY_REFERENCE = re.compile(
    r"domain\.md|§|rulesets/|models/|linter/|corpora/|\bissue\b|\.ya?ml|\.json|\.py", re.IGNORECASE)
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
RULES = all_rules()
LANGS = ("zh", "en")


def _texts(r, lang: str) -> dict[str, str]:
    suffix = "_en" if lang == "en" else ""
    fields = {f: getattr(r, f + suffix) for f in ("what", "why", "message", "hint")}
    kinds = {f"{kind}.{f}": getattr(texts, f + suffix) for kind, texts in r.kinds.items() for f in ("message", "hint")}
    return {**fields, **kinds, **{f"source[{k}]": line for k, line in enumerate(r.sources(lang))}}


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
def test_every_rule_cites_a_source_in_both_languages(r):
    assert r.source, f"{r.code} has no source"
    for c in r.source:
        assert re.search(r"[\u4e00-\u9fff]", c.point), f"{r.code}: Chinese point missing"
        assert re.search(r"[A-Za-z]{3,}", c.point_en), f"{r.code}: English point missing"
    for lang in LANGS:
        lines = r.sources(lang)
        assert len(lines) == len(r.source) and all(line.strip() for line in lines)


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("lang", LANGS)
def test_no_user_text_points_at_a_repository_file_or_an_issue(r, lang):
    for name, text in _texts(r, lang).items():
        found = REPOSITORY_REFERENCE.search(text)
        assert found is None, f"{r.code} {name} ({lang}) mentions {found.group(0)!r}: {text}"
    doc = rule_doc(r, lang)
    assert REPOSITORY_REFERENCE.search(doc) is None, f"`jxlint rule {r.code}` ({lang}) names a repository file"


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("lang", LANGS)
def test_every_citation_names_one_of_the_published_documents_with_its_title(r, lang):
    for line in r.sources(lang):
        numbers = DOCUMENT_NUMBER.findall(line)
        if numbers:
            assert len(numbers) == 1 and numbers[0] in DOCUMENTS, f"{r.code}: unknown document in {line!r}"
            assert DOCUMENTS[numbers[0]] in line, f"{r.code}: {numbers[0]} without its title in {line!r}"
            named = line.index(DOCUMENTS[numbers[0]]) + len(DOCUMENTS[numbers[0]])
        else:
            named = next((len(t) for t in (REVIEW, TOOL[lang]) if line.startswith(t)), None)
            assert named is not None, f"{r.code}: {line!r} cites neither a published document nor the tool's rules"
        point = line[named:].split(":" if lang == "en" else "：", 1)[-1]
        assert len(point.strip()) >= 4, f"{r.code}: {line!r} says nothing of what it applies"


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
def test_engine_made_rules_cite_the_tool_and_the_others_a_published_document(r):
    tool_only = all(c.document.title == TOOL["zh"] for c in r.source)
    if r.code in ENGINE_MADE:
        assert tool_only, f"{r.code} is the tool's own rule: no legal basis to claim"
    else:
        assert not any(c.document.title == TOOL["zh"] for c in r.source), f"{r.code} must rest on a published document"


def test_the_review_report_is_cited_by_the_finding_in_words():
    review_points = [c.point for r in RULES for c in r.source if c.document.title == REVIEW]
    assert len(review_points) >= 30
    for point in review_points:
        assert re.search(r"[\u4e00-\u9fff]{2,}", point) and not re.fullmatch(r"[\d.\s、]+", point)


@pytest.mark.parametrize("lang,heading,severity,words", [
    ("zh", "## 来源", "默认级别: 错误", ("《岳阳市2021年市级预算绩效目标审核跟踪评价报告》：口号式、空洞的目标",
                                    "财预〔2015〕88号《中央部门预算绩效目标管理办法》：")),
    ("en", "## Source", "Default severity: error", ("《岳阳市2021年市级预算绩效目标审核跟踪评价报告》",
                                                   "slogan-like, empty goals", "财预〔2015〕88号 《中央部门预算绩效目标管理办法》")),
])
def test_jxlint_rule_prints_the_source_and_a_localized_severity(jxlint, lang, heading, severity, words):
    code, out, _ = jxlint("rule", "G001", "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    assert severity in lines and "默认级别: error" not in out
    assert heading in lines
    section = out.split(heading + "\n", 1)[1].split("\n## ", 1)[0]
    for w in words:
        assert w in section, f"{w!r} not under {heading}"
    if lang == "en":
        assert not re.search(r"[错警提]", lines[2])


@pytest.mark.parametrize("code,zh,en", [("F003", "提示", "info"), ("S001", "警告", "warning"), ("F002", "错误", "error")])
def test_each_severity_is_said_in_the_readers_language(code, zh, en):
    r = get_rule(code)
    assert f"默认级别: {zh}\n" in rule_doc(r, "zh") and f"Default severity: {en}\n" in rule_doc(r, "en")


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("lang,heading", [("zh", "来源"), ("en", "Source")])
def test_the_source_section_lists_every_citation(r, lang, heading):
    section = rule_doc(r, lang).split(f"## {heading}\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == [f"- {line}" for line in r.sources(lang)]


def test_readme_rule_table_gives_each_rules_basis():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    basis = {m.group(1): m.group(2) for m in re.finditer(r"^\| ([FGIBS]\d{3}) \|.*\| ([^|]+) \|$", readme, re.M)}
    for r in RULES:
        for c in r.source:
            expected = c.document.number or ("jxlint" if c.document.title == TOOL["zh"] else f"review: {c.point}")
            assert expected in basis.get(r.code, ""), f"README rule table: {r.code} does not cite {expected}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_docs_show_the_thresholds_the_rules_apply(lang, monkeypatch):
    from linter.rulesets import load_ruleset

    for r in all_rules():
        for text in r.described(lang):
            assert "{" not in text and "}" not in text, (r.code, text)
    tolerance = load_ruleset("thresholds")["B004"]["tolerance_wan"]
    assert f"{tolerance:g}" in get_rule("B004").described(lang)[0]
    # the prose follows the YAML: another threshold gives another text
    changed = {**load_ruleset("thresholds"), "B006": {"max_change": 0.8}}
    monkeypatch.setattr("linter.rulesets.load_ruleset", lambda name: changed if name == "thresholds" else load_ruleset(name))
    assert "80%" in get_rule("B006").described(lang)[0]


def test_rules_json_lists_each_rules_published_basis(jxlint):
    import json

    code, out, _ = jxlint("rules", "--format", "json")
    listed = {r["code"]: r for r in json.loads(out)}
    assert code == 0 and listed["B004"]["source"] == get_rule("B004").sources("zh")
    assert any("财预" in line for line in listed["G008"]["source"])


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.code)
@pytest.mark.parametrize("lang", LANGS)
def test_the_docs_show_a_message_as_the_author_would_read_it(r, lang):
    """No {placeholder} and no YAML: the message of the rule's own example (or, for the engine's rules, a sample)."""
    doc = rule_doc(r, lang)
    assert not re.search(r"\{[a-z_]+[^}]*\}", doc), doc
    assert "level1:" not in doc and "annual_goal:" not in doc
    message_line = doc.split("\n## " + ("提示信息" if lang == "zh" else "Message") + "\n", 1)[1].split("\n", 1)[0]
    if lang == "en" and r.code != "G004":  # G004 quotes the example's Chinese goal
        assert not re.search(r"[\u4e00-\u9fff]{6,}", message_line.split("'")[0]), message_line


KINDED = [r for r in RULES if r.kinds]


def _placeholders(template: str) -> set[str]:
    """The data a template quotes; words the rule packs give in both languages come as `x` and `x_en`."""
    return {name.removesuffix("_en") for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("r", KINDED, ids=lambda r: r.code)
def test_each_kind_of_problem_says_the_same_data_in_both_languages(r):
    """A kind's words are declared on the rule; the finding passes data, which both languages must use alike."""
    for kind, texts in r.kinds.items():
        assert _placeholders(texts.message) == _placeholders(texts.message_en), (kind, texts)
        assert _placeholders(texts.hint) == _placeholders(texts.hint_en), (kind, texts)


@pytest.mark.parametrize("r", KINDED, ids=lambda r: r.code)
def test_the_docs_show_each_kind_of_problem_a_rule_reports(r):
    """Every declared kind has a firing example, so a clerk reads each message the rule can give."""
    section = rule_doc(r).split("\n## 提示信息\n", 1)[1].split("\n## ", 1)[0].strip().splitlines()
    assert len(section) == len(r.kinds), section
