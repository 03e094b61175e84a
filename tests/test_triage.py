"""Triage: scores from the YAML table, grades at their boundaries, ranking, every input listed,
the JSON/CSV/table outputs, and `--jobs N` giving the same output as one process."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest
import yaml

from linter.diagnostics import Diagnostic
from linter.model import Location
from linter.codes import all_rules
from linter.excerpts import field_text
from linter.triage import ALL, Rubric, RubricError, triage
from tests.conftest import ROOT, SEED, make_form

EXAMPLES = ROOT / "corpora" / "examples"

# A small table whose arithmetic is easy to follow; the shipped one is tested separately below.
TABLE = {
    "version": 1,
    "grades": [{"grade": "优秀", "min": 90}, {"grade": "良好", "min": 75}, {"grade": "合格", "min": 60},
               {"grade": "不合格", "min": 0}],
    "top_reasons": 2,
    "unreadable": {"score": 0, "grade": "不合格"},
    "sections": [
        {"name": "目标", "points": 40, "cap": 30, "deduct": {"error": 5, "warning": 1, "info": 0}, "reason": "r",
         "needs": ["annual_goal"],
         "rules": [{"match": "G", "reason": "goals"}, {"match": "G006", "deduct": 30, "reason": "missing goal"}]},
        {"name": "指标", "points": 30, "deduct": {"error": 4, "warning": 2, "info": 1}, "reason": "r", "needs": ["indicators"],
         "rules": [{"match": "I", "reason": "indicators"},
                   {"match": "F001", "fields": ["indicators"], "deduct": 30, "reason": "no table"}]},
        {"name": "完整性", "points": 20, "deduct": {"error": 5, "warning": 2, "info": 0}, "reason": "r",
         "rules": [{"match": "F001", "reason": "missing field"}]},
        {"name": "时效", "points": 10, "deduct": 0, "reason": "not in the form", "visible": False, "rules": []},
    ],
}


def write_table(tmp_path, table=TABLE, name="t.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    return Rubric.load(path)


def diag(code, severity="error", field="annual_goal", form_id="P1", path="f.jsonl", message="m"):
    return Diagnostic(code=code, name=code.lower(), severity=severity, path=path, form_id=form_id, field=field,
                      location=Location(path), message=message, hint="")


FORM = {"id": "P1", "unit": "某局", "project": "某项目", "annual_goal": "完成", "long_term_goal": "建成"}


def score_of(rubric, *diags, record=FORM):
    form = make_form(record, path="f.jsonl")
    [result] = triage([form], list(diags), rubric)
    return result


# --- scoring from the table ----------------------------------------------------------------

@pytest.mark.parametrize("diags, kept", [
    ([], 90),
    ([diag("G001")], 85),                                        # 目标: error 5
    ([diag("G001"), diag("G003", "warning")], 84),              # + warning 1
    ([diag("G001")] * 8, 60),                                   # 8 × 5 = 40, capped at 30
    ([diag("G006")], 60),                                       # entry's own deduct
    ([diag("I003", field="indicators[0].value")] * 2, 82),      # 指标: 2 × 4
    ([diag("I010", "info", field="indicators[1]")], 89),        # info costs 1 there
    ([diag("F001", field="project")], 85),                      # only 完整性
    ([diag("F001", field="indicators")], 55),                   # 指标 30 (field entry) + 完整性 5: charged in both
    ([diag("B004", field="funds.total")], 90),                  # a code no section lists costs nothing
])
def test_scores_follow_the_table(tmp_path, diags, kept):
    # 时效 (10) is invisible and this table's section has no fitted estimate: 未评, out of the denominator
    result = score_of(write_table(tmp_path), *diags, record={**FORM, "complete": True})
    assert result.unscored == ["时效"]
    assert result.score == pytest.approx(kept * 100 / 90, abs=0.01)


def test_section_breakdown_caps_and_unassessed(tmp_path):
    rubric = write_table(tmp_path)
    result = score_of(rubric, *[diag("G001")] * 8, record={**FORM, "complete": False})
    sections = {s.name: s for s in result.sections}
    assert sections["目标"].score == 10
    # a partial form (an excerpt, a goal-table row) without indicators: 未评, never full marks
    assert result.unassessed == result.unscored == ["指标", "时效"]
    assert result.score == pytest.approx((10 + 20) * 100 / 60, abs=0.01)
    charged = [c.points for c in result.charges if c.section == "目标"]
    assert charged == [5, 5, 5, 5, 5, 5, 0, 0]  # the cap: later findings cost nothing more


def test_top_reasons_group_by_code_costliest_first(tmp_path):
    rubric = write_table(tmp_path)
    result = score_of(rubric, diag("G003", "warning", message="w"), diag("G001", message="slogan"),
                      diag("G001", field="long_term_goal", message="slogan 2"), diag("F001", field="project"))
    reasons = result.reasons(rubric.top_reasons)
    assert [(r.code, r.points, r.count) for r in reasons] == [("G001", 10, 2), ("F001", 5, 1)]
    assert reasons[0].message == "slogan" and reasons[0].sections == ("目标",)


@pytest.mark.parametrize("score, grade", [
    (100, "优秀"), (90, "优秀"), (89.99, "良好"), (89, "良好"), (75, "良好"), (74.5, "合格"),
    (60, "合格"), (59.99, "不合格"), (0, "不合格"),
])
def test_grade_boundaries(score, grade):
    assert Rubric.load().grade(score) == grade


@pytest.mark.parametrize("errors, warnings, score, grade", [
    (2, 0, 90, "优秀"), (2, 1, 89, "良好"), (5, 0, 75, "良好"), (5, 1, 74, "合格"), (8, 0, 60, "合格"), (8, 1, 59, "不合格"),
])
def test_grades_at_the_boundaries_from_findings(tmp_path, errors, warnings, score, grade):
    flat = {**TABLE, "sections": [{"name": "全部", "points": 100, "deduct": {"error": 5, "warning": 1, "info": 0},
                                   "reason": "r", "rules": [{"match": "ALL", "reason": "every finding"}]}]}
    rubric = write_table(tmp_path, flat)
    result = score_of(rubric, *[diag("G001")] * errors, *[diag("G003", "warning")] * warnings)
    assert (result.score, result.grade) == (score, grade)


def test_ranking_worst_first_ties_by_errors_then_form_id(tmp_path):
    rubric = write_table(tmp_path)
    forms = [make_form({**FORM, "id": i}, path="f.jsonl") for i in ("B", "A", "C", "D")]
    diags = [diag("G003", "warning", form_id="B"), diag("G003", "warning", form_id="B"),   # 58 of 60, no errors
             diag("I010", "info", field="indicators[0]", form_id="A"), diag("I010", "info", field="x", form_id="A"),
             diag("G001", form_id="C"),                                                    # 55 of 60
             diag("F001", "warning", field="project", form_id="D")]                        # 58 of 60, no errors
    ranked = triage(forms, diags, rubric)
    # goal-table rows: 指标 and 时效 are 未评 (out of 60) except on A, whose finding there makes 指标 seen (out of 90)
    assert [(s.form_id, s.score) for s in ranked] == [("C", 91.67), ("B", 96.67), ("D", 96.67), ("A", 97.78)]
    assert [s.rank for s in ranked] == [1, 2, 3, 4]
    # same score: X has an error (F001), W five warnings; more errors rank first, before the form id
    forms = [make_form({**FORM, "id": i}, path="f.jsonl") for i in ("W", "X")]
    tied = [diag("F001", field="project", form_id="X")] + [diag("G003", "warning", form_id="W")] * 5
    assert [(s.form_id, s.score, s.errors) for s in triage(forms, tied, rubric)] == [("X", 91.67, 1), ("W", 91.67, 0)]


def test_duplicate_form_ids_are_told_apart_by_location(tmp_path):
    rubric = write_table(tmp_path)
    a = make_form({**FORM}, path="a.jsonl")
    b = make_form({**FORM}, path="b.jsonl")
    ranked = triage([a, b], [diag("G001", path="b.jsonl")], rubric)
    assert [(s.path, s.score) for s in ranked] == [("b.jsonl", 91.67), ("a.jsonl", 100)]  # 55 of 60


def test_unreadable_inputs_are_entries_with_score_zero(tmp_path):
    rubric = write_table(tmp_path)
    form = make_form(FORM, path="f.jsonl")
    problems = [diag("F002", field=None, form_id=None, path="broken.yaml"), diag("F002", field="unit", form_id="R7", path="t.jsonl")]
    ranked = triage([form], problems, rubric)
    assert [(s.path, s.form_id, s.score, s.grade, s.unreadable) for s in ranked] == [
        ("broken.yaml", None, 0, "不合格", True), ("t.jsonl", "R7", 0, "不合格", True), ("f.jsonl", "P1", 100, "优秀", False)]
    assert ranked[0].reasons()[0].code == "F002" and ranked[0].reasons()[0].points == 100


# --- the table itself --------------------------------------------------------------------

def test_shipped_table_adds_up_and_lists_every_rule():
    rubric = Rubric.load()
    assert sum(s.points for s in rubric.sections) == 100
    assert [(s.name, s.points) for s in rubric.sections] == [
        ("基本信息", 10), ("绩效目标", 5), ("绩效评价指标", 25), ("指标标准值", 10), ("项目资金管理", 10),
        ("上报时效性", 10), ("上报完整性", 10), ("上报质量", 20)]
    assert not next(s for s in rubric.sections if s.name == "上报时效性").visible
    listed = {e.match for s in rubric.sections for e in s.entries if e.match != ALL}
    for r in all_rules():
        assert any(r.code.startswith(m) for m in listed), f"{r.code} is in no section of rulesets/triage.yaml"
    assert all(e.reason for s in rubric.sections for e in s.entries)


@pytest.mark.parametrize("change, message", [
    (lambda t: t["sections"][0].update(points=41), "add up to 101"),
    (lambda t: t["sections"][0].update(cap=50), "cap 50 is above"),
    (lambda t: t["sections"][0]["rules"].append({"match": "Q9", "reason": "x"}), "matches no rule code"),
    (lambda t: t["sections"][0]["rules"].append({"match": "G001"}), "needs a short reason"),
    (lambda t: t["sections"][0].update(deduct={"fatal": 3}), "unknown severity fatal"),
    (lambda t: t["sections"][0].update(pionts=3), "unknown key(s) pionts"),
    (lambda t: t["sections"][0].update(needs=["indicator"]), "unknown form part"),
    (lambda t: t.update(grades=[{"grade": "合格", "min": 60}, {"grade": "优秀", "min": 90}]), "highest first"),
])
def test_bad_tables_are_refused(tmp_path, change, message):
    table = json.loads(json.dumps(TABLE))
    change(table)
    with pytest.raises(RubricError, match=re.escape(message)):
        write_table(tmp_path, table, name="bad.yaml")


def test_bad_rubric_is_a_usage_error(jxlint, tmp_path):
    (tmp_path / "r.yaml").write_text("sections: [oops\n", encoding="utf-8")
    code, _, err = jxlint("triage", "--isolated", "--rubric", str(tmp_path / "r.yaml"), str(EXAMPLES))
    assert code == 2 and "malformed YAML" in err


def test_field_text_reads_what_the_author_wrote():
    form = make_form({**FORM, "funds": {"total": 12.5}, "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "value": "≥1600人次"}]})
    assert field_text(form, "annual_goal") == "完成"
    assert field_text(form, "indicators[0].value") == "≥1600人次"
    assert field_text(form, "indicators[0]") == "产出指标 / 数量指标 / 培训人次：≥1600人次"
    assert field_text(form, "funds.total") == "12.5"
    assert field_text(form, "indicators[5].value") is None and field_text(form, "suppressions") is None


# --- the command -------------------------------------------------------------------------

CONTRACT = {
    "type": "object", "required": ["version", "forms"],
    "properties": {
        "version": {"const": 1},
        "forms": {"type": "array", "items": {
            "type": "object",
            "required": ["form_id", "path", "unit", "score", "grade", "reasons"],
            "properties": {
                "form_id": {"type": ["string", "null"]}, "path": {"type": "string"}, "unit": {"type": ["string", "null"]},
                "score": {"type": "number", "minimum": 0, "maximum": 100},
                "grade": {"enum": ["优秀", "良好", "合格", "不合格"]},
                "reasons": {"type": "array", "items": {"type": "object", "required": ["code", "message", "points"]}},
            }}},
    },
}


def triage_json(jxlint, *args):
    code, out, _ = jxlint("triage", "--format", "json", "--isolated", *args)
    assert code == 0
    return json.loads(out)


def test_examples_json_contract_and_grades(jxlint):
    report = triage_json(jxlint, "--budget-year", "2021", str(EXAMPLES))
    jsonschema.validate(report, CONTRACT)
    grades = {f["form_id"]: f["grade"] for f in report["forms"]}
    assert {grades[i] for i in ("EX-P-001", "EX-P-002", "EX-D-001")} == {"优秀"}
    assert grades["EX-P-004"] == grades["EX-P-006"] == "不合格"   # a dozen indicator errors; no indicator table
    assert all(grades[i] in ("良好", "合格") for i in ("EX-P-003", "EX-P-005", "EX-D-002"))
    scores = [f["score"] for f in report["forms"]]
    assert scores == sorted(scores) and report["forms"][0]["reasons"][0]["code"] == "F001"
    assert report["summary"]["by_grade"]["优秀"] == 3 and report["summary"]["forms"] == 8


def test_every_input_appears_unreadable_ones_first(jxlint, tmp_path):
    (tmp_path / "good.jsonl").write_text(json.dumps(FORM, ensure_ascii=False) + "\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("id: [oops\n", encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(json.dumps({**FORM, "id": "P2"}, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    for extra in ((), ("--ignore", "F002"), ("--select", "G002")):   # F002 cannot be switched off for triage
        report = triage_json(jxlint, *extra, str(tmp_path), str(tmp_path / "missing.yaml"))
        forms = report["forms"]
        assert len(forms) == 5 and report["summary"]["unreadable"] == 3
        assert [f["score"] for f in forms[:3]] == [0, 0, 0] and {f["grade"] for f in forms[:3]} == {"不合格"}
        assert {f["path"] for f in forms[:3]} == {str(tmp_path / p) for p in ("broken.yaml", "rows.jsonl", "missing.yaml")}
        assert all(f["reasons"][0]["code"] == "F002" for f in forms[:3])
        assert {f["form_id"] for f in forms[3:]} == {"P1", "P2"}


def test_a_figure_that_cannot_be_read_counts_against_its_form_not_as_another_entry(jxlint, tmp_path):
    (tmp_path / "f.json").write_text(json.dumps({**FORM, "funds": {"total": -5}}, ensure_ascii=False), encoding="utf-8")
    report = triage_json(jxlint, str(tmp_path))
    (form,) = report["forms"]
    assert form["form_id"] == FORM["id"] and report["summary"]["unreadable"] == 0
    assert "F002" in [r["code"] for r in form["reasons"]] and form["score"] > 0


def test_csv_shape(jxlint, tmp_path):
    code, out, _ = jxlint("triage", "--format", "csv", "--isolated", "--budget-year", "2021", str(EXAMPLES))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 8
    assert list(rows[0])[:8] == ["rank", "form_id", "path", "unit", "project", "form_type", "score", "grade"]
    assert "上报质量" in rows[0] and rows[0]["上报时效性"] == "9.5"  # estimated at the reviewers' average
    assert rows[0]["form_id"] == "EX-P-006" and rows[0]["reasons"].startswith("F001")
    jxlint("triage", "--format", "csv", "--isolated", str(EXAMPLES), "-o", str(tmp_path / "t.csv"))
    assert (tmp_path / "t.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel needs the BOM in a file


def test_table_output(jxlint):
    code, out, _ = jxlint("triage", "--isolated", "--budget-year", "2021", "--reasons", "1", str(EXAMPLES))
    lines = out.splitlines()
    assert code == 0 and "\x1b[" not in out
    assert "排名" in lines[0] and "主要扣分原因" in lines[0]
    assert lines[2].split()[:4] == ["1", "39.5", "不合格", "EX-P-006"]
    assert lines[-1].startswith("共 8 份：优秀 3，良好 2，合格 1，不合格 2")
    assert "G006" not in out.split("EX-P-004")[0]  # --reasons 1: one reason per form


def test_jobs_give_identical_output(jxlint):
    outputs = {}
    for jobs in ("1", "2"):
        code, check_out, _ = jxlint("check", "--format", "json", "--jobs", jobs, str(SEED))
        _, triage_out, _ = jxlint("triage", "--format", "json", "--jobs", jobs, str(SEED))
        _, table_out, _ = jxlint("triage", "--jobs", jobs, str(SEED))
        outputs[jobs] = (check_out, triage_out, table_out)
    assert outputs["1"] == outputs["2"]
    assert json.loads(outputs["2"][1])["summary"]["forms"] >= 499


def test_progress_is_reported_with_jobs():
    from linter.config import Settings
    from linter.engine import lint_paths

    calls: list[tuple[int, int]] = []
    report = lint_paths([str(SEED / "department_goals.jsonl")], Settings(budget_year=2021),
                        on_form=lambda done, total: calls.append((done, total)), jobs=2)
    n = len(report.forms)
    assert len(calls) > 1 and calls[-1] == (n, n)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and {t for _, t in calls} == {n}


def test_a_section_with_findings_counts_as_assessed(tmp_path):
    rubric = write_table(tmp_path)
    result = score_of(rubric, diag("G006"), record={**FORM, "annual_goal": "", "complete": False})
    assert "目标" not in result.unassessed and result.score == 50  # (10 + 20) of the 60 points counted


def test_triage_csv_cells_never_start_a_formula(jxlint, tmp_path):
    import csv
    import io

    (tmp_path / "inj.yaml").write_text('id: "=1+1"\ntype: project\nunit: "+cmd|x"\nproject: "@SUM(1)"\n'
                                       "annual_goal: 2021年完成道路10公里\n", encoding="utf-8")
    code, out, _ = jxlint("triage", "--isolated", "--format", "csv", str(tmp_path / "inj.yaml"))
    row = next(r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert (row["form_id"], row["unit"], row["project"]) == ("'=1+1", "'+cmd|x", "'@SUM(1)")
