"""The output formats of `jxlint check --format`: SARIF (against the official schema), GitHub
workflow commands and step summary, JUnit XML, JSON Lines, concise and full text; and the
English rule docs (`jxlint rule CODE --lang en`)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linter.diagnostics import Diagnostic
from linter.diagnostics import Report
from linter.formatters import github
from linter.model import Location
from linter.codes import all_rules
from tests.conftest import ROOT, SEED

EXAMPLES = ROOT / "corpora" / "examples"
GOALS = SEED / "project_goals.jsonl"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def check(jxlint, fmt: str, *args: str) -> tuple[int, str]:
    code, out, _ = jxlint("check", "--isolated", "--format", fmt, *args)
    return code, out


def contract(jxlint, *args: str) -> dict:
    return json.loads(check(jxlint, "json", *args)[1])


# --- SARIF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator():
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"official SARIF 2.1.0 schema not found at {SARIF_SCHEMA} (expected beside the repository)")
    import jsonschema

    return jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize("target,lang", [(EXAMPLES, "zh"), (EXAMPLES, "en"), (GOALS, "zh")])
def test_sarif_is_valid_against_the_official_schema(jxlint, sarif_validator, target, lang):
    code, out = check(jxlint, "sarif", str(target), "--lang", lang)
    doc = json.loads(out)
    errors = sorted(sarif_validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    expected = contract(jxlint, str(target), "--lang", lang)["diagnostics"]
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "jxlint" and driver["version"] and "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == sorted({d["code"] for d in expected})
    assert len(run["results"]) == len(expected) > 0
    for result, d in zip(run["results"], expected):
        assert result["ruleId"] == d["code"] == driver["rules"][result["ruleIndex"]]["id"]
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[d["severity"]]
        assert result["message"]["text"].startswith(d["message"])
        loc = result["locations"][0]
        assert loc["physicalLocation"]["artifactLocation"]["uri"] == d["path"].replace("\\", "/")
        if d["location"].get("line"):
            assert loc["physicalLocation"]["region"]["startLine"] == d["location"]["line"]
        assert loc["logicalLocations"][0]["fullyQualifiedName"] == "/".join(p for p in (d["form_id"], d["field"]) if p)
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    if lang == "en":
        assert "Fix:" in driver["rules"][0]["help"]["text"]
        assert not re.search(r"[\u4e00-\u9fff]{6,}", driver["rules"][0]["shortDescription"]["text"])


def test_sarif_is_valid_for_unreadable_files_and_odd_paths(jxlint, sarif_validator, tmp_path):
    from linter.formatters.sarif import uri

    bad = tmp_path / "坏 文件#1.yaml"
    bad.write_text("unit: [unclosed\n", encoding="utf-8")
    code, out = check(jxlint, "sarif", str(bad), str(EXAMPLES / "project_bad_slogan.yaml"))
    doc = json.loads(out)
    assert not list(sarif_validator.iter_errors(doc))
    f002 = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "F002"]
    assert f002 and f002[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri(str(bad))
    assert "%20" in uri(str(bad)) and "#" not in uri(str(bad))
    assert uri("forms\\a.yaml") == "forms/a.yaml" and uri("C:\\x\\a.yaml") == "file:///C:/x/a.yaml"


def _fingerprints(jxlint, path: Path) -> tuple[dict[str, int], list[int]]:
    doc = json.loads(check(jxlint, "sarif", str(path))[1])
    results = doc["runs"][0]["results"]
    prints = [r["partialFingerprints"]["jxlintFinding/v1"] for r in results]
    assert len(set(prints)) == len(prints), "fingerprints are unique within a run"
    key = {p: (r["ruleId"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]) for p, r in zip(prints, results)}
    lines = [r["locations"][0]["physicalLocation"].get("region", {}).get("startLine") for r in results]
    return key, lines


def test_sarif_fingerprints_are_stable_when_rows_move(jxlint, tmp_path):
    rows = GOALS.read_text(encoding="utf-8").splitlines(keepends=True)
    moved = tmp_path / "project_goals.jsonl"
    moved.write_text("".join(reversed(rows)), encoding="utf-8")
    before, lines_before = _fingerprints(jxlint, GOALS)
    after, lines_after = _fingerprints(jxlint, moved)
    assert lines_before != lines_after  # the rows did move…
    assert before == after  # …and every finding kept its fingerprint


def test_sarif_fingerprints_ignore_lines_and_indicator_positions(jxlint, tmp_path):
    source = EXAMPLES / "project_bad_indicators.yaml"
    text = source.read_text(encoding="utf-8")
    shifted = tmp_path / "shifted" / source.name
    shifted.parent.mkdir()
    shifted.write_text("# a comment\n\n\n" + text, encoding="utf-8")
    before, lines_before = _fingerprints(jxlint, source)
    after, lines_after = _fingerprints(jxlint, shifted)
    assert [x + 3 for x in lines_before if x] == [x for x in lines_after if x]
    assert before == after
    # swap the first two indicator rows: the finding on 年度经费拨款 moves from indicators[0] to [1]
    lines = text.splitlines(keepends=True)
    first = next(i for i, x in enumerate(lines) if "name: 年度经费拨款" in x)
    lines[first], lines[first + 1] = lines[first + 1], lines[first]
    swapped = tmp_path / "swapped" / source.name
    swapped.parent.mkdir()
    swapped.write_text("".join(lines), encoding="utf-8")
    moved, _ = _fingerprints(jxlint, swapped)
    assert {p: code for p, (code, _) in moved.items()} == {p: code for p, (code, _) in before.items()}
    assert ("I005", "EX-P-004/indicators[1].value") in moved.values()


# --- GitHub -----------------------------------------------------------------------------------


def _diag(**kw) -> Diagnostic:
    base = dict(code="G002", name="same-long-annual", severity="error", path="dir,x/a:b%.yaml", form_id="P1",
                field="annual_goal", location=Location("dir,x/a:b%.yaml", line=8, column=3),
                message="第一行 100%\r\n第二行: a,b", hint="改写")
    base.update(kw)
    return Diagnostic(**base)


def test_github_escapes_data_and_properties():
    line = github.annotation(_diag())
    assert line == ("::error file=dir%2Cx/a%3Ab%25.yaml,line=8,col=3,title=G002 same-long-annual::"
                    "P1/annual_goal: 第一行 100%25%0D%0A第二行: a,b — 建议: 改写")
    assert github.annotation(_diag(severity="warning", location=None)).startswith("::warning file=dir%2Cx/a%3Ab%25.yaml,title=")
    assert github.annotation(_diag(severity="info")).startswith("::notice ")
    assert "\n" not in github.annotation(_diag())


def test_github_format_one_command_per_finding_and_step_summary(jxlint, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    expected = contract(jxlint, str(EXAMPLES))
    code, out = check(jxlint, "github", str(EXAMPLES))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(expected["diagnostics"])
    assert all(re.match(r"::(error|warning|notice) file=[^:]+(,line=\d+(,col=\d+)?)?,title=[A-Z]\d{3} [a-z0-9-]+::\S", x)
               for x in lines)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")  # appended, never overwritten
    counts = expected["summary"]["by_severity"]
    assert f"| 错误 | {counts['error']} |" in text and f"| 警告 | {counts['warning']} |" in text
    top_code = max(expected["summary"]["by_code"].items(), key=lambda kv: (kv[1], kv[0]))[0]
    assert f"| `{top_code}` |" in text
    for d in expected["diagnostics"]:
        assert f"<code>{d['path']}</code>" in text


def test_github_step_summary_is_truncated(jxlint, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    n = len(contract(jxlint, str(GOALS))["diagnostics"])
    assert n > github.PER_FILE
    check(jxlint, "github", str(GOALS), "--lang", "en")
    text = summary.read_text(encoding="utf-8")
    assert f"{n - github.PER_FILE} more not listed" in text
    assert text.count("\n| ") < 80


def test_github_without_step_summary_variable_writes_no_file(jxlint, tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    check(jxlint, "github", str(EXAMPLES))
    assert list(tmp_path.iterdir()) == []


def test_github_step_summary_escapes_markdown():
    report = Report(diagnostics=[_diag(message="a | b <script>")], files=1)
    text = github.step_summary(report, "en")
    assert "a \\| b &lt;script&gt;" in text and "<script>" not in text


# --- JUnit ------------------------------------------------------------------------------------


def test_junit_parses_and_counts_failures(jxlint):
    expected = contract(jxlint, str(EXAMPLES))
    code, out = check(jxlint, "junit", str(EXAMPLES))
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert {s.get("name") for s in suites} == {str(p) for p in sorted(EXAMPLES.glob("*.yaml"))}
    failures = root.findall(".//failure")
    assert len(failures) == len(expected["diagnostics"]) == int(root.get("failures"))
    assert sum(int(s.get("failures")) for s in suites) == len(failures)
    assert int(root.get("tests")) == expected["summary"]["forms"] == len(root.findall(".//testcase"))
    assert sorted(f.get("type") for f in failures) == sorted(d["code"] for d in expected["diagnostics"])
    good = [s for s in suites if s.get("name").endswith("project_good_2021.yaml")][0]
    assert good.get("failures") == "0" and good.find("testcase").find("failure") is None


def test_junit_escapes_and_reports_unreadable_files(jxlint, tmp_path):
    bad = tmp_path / "broken <&>.yaml"
    bad.write_text("unit: [unclosed\n", encoding="utf-8")
    code, out = check(jxlint, "junit", str(bad), str(EXAMPLES / "project_good_2021.yaml"))
    root = ET.fromstring(out.encode("utf-8"))
    suite = [s for s in root.findall("testsuite") if s.get("name") == str(bad)][0]
    assert suite.find(".//failure").get("type") == "F002"


# --- JSON Lines, concise, full ----------------------------------------------------------------


def test_json_lines_is_one_contract_object_per_diagnostic(jxlint):
    expected = contract(jxlint, str(GOALS))["diagnostics"]
    code, out = check(jxlint, "json-lines", str(GOALS))
    assert out.endswith("\n") and out.count("\n") == len(expected)
    assert [json.loads(x) for x in out.splitlines()] == expected


def test_json_lines_is_empty_when_clean(jxlint):
    code, out = check(jxlint, "json-lines", str(EXAMPLES / "project_good_2021.yaml"))
    assert code == 0 and out == ""


def test_concise_is_the_text_line_without_the_hint(jxlint):
    expected = contract(jxlint, str(EXAMPLES))["diagnostics"]
    _, text = check(jxlint, "text", str(EXAMPLES))
    _, concise = check(jxlint, "concise", str(EXAMPLES))
    text_lines, concise_lines = text.splitlines(), concise.splitlines()
    assert len(concise_lines) == len(text_lines) == len(expected) + 1
    for t, c, d in zip(text_lines, concise_lines, expected):
        assert t == f"{c} — 建议: {d['hint']}"
        assert "建议" not in c
    assert concise_lines[-1] == text_lines[-1]  # the same summary
    _, quiet = check(jxlint, "concise", "-q", str(EXAMPLES))
    assert quiet.splitlines() == concise_lines[:-1]


@pytest.mark.parametrize("lang,words", [("zh", ("位置", "原文", "建议", "检查内容", "原因", "依据")),
                                        ("en", ("at", "value", "fix", "what", "why", "basis"))])
def test_full_adds_value_hint_and_rule_docs(jxlint, lang, words):
    from linter.codes import get_rule

    expected = contract(jxlint, str(EXAMPLES), "--lang", lang)["diagnostics"]
    _, concise = check(jxlint, "concise", str(EXAMPLES), "--lang", lang, "-q")
    _, full = check(jxlint, "full", str(EXAMPLES), "--lang", lang, "-q")
    blocks = full.rstrip("\n").split("\n\n")
    assert len(blocks) == len(expected)
    for block, head, d in zip(blocks, concise.splitlines(), expected):
        lines = block.split("\n")
        assert lines[0] == head
        body = [x for x in lines[1:] if x.startswith("    ") and not x.startswith("      ")]
        labels = [x.strip().split(": ", 1)[0] for x in body]
        r = get_rule(d["code"])
        assert f"    {words[2]}: {d['hint']}" in lines
        assert f"    {words[3]}: {r.described(lang)[0].strip()}" in lines
        basis = [f"    {words[5]}: {line}" for line in r.sources(lang)]
        assert [x for x in lines if x.startswith(f"    {words[5]}: ")] == basis and basis
        assert labels[-3 - len(basis):] == list(words[2:5]) + [words[5]] * len(basis)
    at = words[0]
    staff = next(b for b in blocks if ":staff.actual: B002" in b.split("\n")[0])
    assert f"    {at}: 10:11" in staff.split("\n") and f"    {words[1]}: 112" in staff.split("\n")


# --- rule docs in both languages --------------------------------------------------------------


@pytest.mark.parametrize("lang,headings", [
    ("en", ("What it does", "Why is this bad?", "Message")),
    ("zh", ("检查内容", "为什么是问题", "提示信息")),
])
def test_every_rule_doc_has_its_headings_and_no_empty_section(jxlint, lang, headings):
    for r in all_rules():
        code, out, _ = jxlint("rule", r.code, "--lang", lang)
        assert code == 0
        assert out.startswith(f"# {r.code} {r.name}\n")
        sections = re.split(r"^## ", out, flags=re.M)[1:]
        titles = [s.split("\n", 1)[0] for s in sections]
        assert titles[:3] == list(headings), r.code
        for s in sections:
            title, _, body = s.partition("\n")
            assert body.strip(), f"{r.code} --lang {lang}: empty section {title!r}"
        if lang == "en":
            assert "Default severity: " in out
            assert not re.search(r"^## .*[\u4e00-\u9fff]", out, re.M), f"{r.code}: Chinese heading in --lang en"
            what_en = out.split("## What it does\n", 1)[1].split("\n## ", 1)[0]
            assert re.search(r"[A-Za-z]{3,}", what_en), f"{r.code}: English doc is not English"


def test_a_cut_quote_is_still_marked_in_its_cell():
    from linter.excerpts import marked_spans

    cell = "学校的教学秩序良好,中考成绩进一步稳定,深入推进教学改革"
    assert marked_spans(cell, "指标的值“学校的教学秩序良好,中考…”无法评判达成与否") == [(0, len("学校的教学秩序良好,中考"))]
