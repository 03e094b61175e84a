"""Readers against hostile or careless input: bounded time and memory, and every loss is a located F002.

Each case names the file, the line/row or field/key, and what is wrong (Chinese and English);
the other forms of the same file are still read.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from linter.readers import discover, read_input, sniff
from tests.conftest import ROOT

MB = 2**20
FORM = {"id": "P1", "type": "project", "unit": "岳阳市审计局", "project": "审计业务经费",
        "annual_goal": "2021年完成审计项目45个"}
YAML_FORM = "id: P1\ntype: project\nunit: 岳阳市审计局\nproject: 审计业务经费\nannual_goal: 2021年完成审计项目45个\n"


def read(tmp_path: Path, name: str, data: str | bytes):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return read_input(str(path), 25 * MB)


def only_problem(result):
    assert len(result.problems) == 1, [(p.field, p.message.en) for p in result.problems]
    problem = result.problems[0]
    assert problem.code == "F002"
    return problem


def words(problem) -> str:
    return f"{problem.message.en} | {problem.message.zh}"


# --- 1. YAML aliases ------------------------------------------------------------------------

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))

# Run in a child with a time and memory cap: a regression must fail the test, not hang the machine.
CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
import yaml
from linter.readers import read_input
from linter.readers.structured import _node_marks
result = read_input(sys.argv[1], 1 << 25)
marks = len(_node_marks(yaml.compose(open(sys.argv[1], encoding="utf-8").read())))
print(json.dumps({"forms": len(result.forms), "marks": marks,
                  "problems": [[p.code, p.location.line, p.message.en, p.message.zh] for p in result.problems]}))
"""


def read_in_child(path: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=60,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_an_alias_bomb_is_refused_quickly_before_it_is_built(tmp_path):
    assert len(BOMB) < 400  # nine levels of nine: 387 million nodes once expanded
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB, encoding="utf-8")
    start = time.monotonic()
    out = read_in_child(path)
    assert time.monotonic() - start < 30
    assert out["forms"] == 0 and len(out["problems"]) == 1
    code, line, en, zh = out["problems"][0]
    assert code == "F002" and line == 1
    assert "aliases" in en and "over the limit" in en and "别名" in zh
    assert out["marks"] < 200  # the shared nodes are marked once, not once per path to them


def test_a_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text(YAML_FORM + "note: &n [1, *n]\n", encoding="utf-8")
    out = read_in_child(path)
    (problem,) = out["problems"]
    assert problem[0] == "F002" and problem[1] == 6 and "contains it" in problem[2] and "别名" in problem[3]


def test_ordinary_aliases_and_merge_keys_still_read(tmp_path):
    text = YAML_FORM + (
        "indicators:\n"
        "  - &row {level1: 产出指标, level2: 数量指标, name: 审计项目, value: ≥45个}\n"
        "  - *row\n"
        "  - <<: *row\n"
        "    name: 审计报告\n")
    result = read(tmp_path, "alias.yaml", text)
    assert not result.problems
    (form,) = result.forms
    assert [(i.name, i.value) for i in form.indicators] == [("审计项目", "≥45个"), ("审计项目", "≥45个"), ("审计报告", "≥45个")]
    assert form.location("indicators[1].value").line == 7  # below an alias: the anchored row's line


# --- 2. duplicate keys ----------------------------------------------------------------------

def test_json_duplicate_key_fails_its_form_and_the_others_are_read(tmp_path):
    text = ('[{"id": "P1", "unit": "甲局", "unit": "乙局", "annual_goal": "完成"},'
            ' {"id": "P2", "unit": "丙局", "annual_goal": "完成", "funds": {"total": 1, "total": 2}},'
            ' {"id": "P3", "unit": "丁局", "annual_goal": "完成"}]')
    result = read(tmp_path, "dup.json", text)
    assert [f.form_id for f in result.forms] == ["P3"]
    got = sorted((p.form_id, p.field, p.location.pointer) for p in result.problems)
    assert got == [("P1", "unit", "[0].unit"), ("P2", "funds.total", "[1].funds.total")]
    assert all("duplicate key" in words(p) and "重复" in words(p) for p in result.problems)


def test_jsonl_duplicate_key_names_its_line(tmp_path):
    lines = [json.dumps(FORM, ensure_ascii=False), '{"id": "P2", "unit": "甲", "annual_goal": "乙", "id": "P9"}',
             json.dumps({**FORM, "id": "P3"}, ensure_ascii=False)]
    result = read(tmp_path, "dup.jsonl", "\n".join(lines))
    assert [f.form_id for f in result.forms] == ["P1", "P3"]
    problem = only_problem(result)
    assert (problem.field, problem.location.line) == ("id", 2) and "'id'" in problem.message.en


def test_yaml_duplicate_key_names_its_line_and_other_forms_are_read(tmp_path):
    text = ("forms:\n"
            "  - id: A\n    unit: 甲局\n    annual_goal: 完成\n"
            "  - id: B\n    unit: 乙局\n    annual_goal: 完成\n    unit: 丙局\n")
    result = read(tmp_path, "dup.yaml", text)
    assert [f.form_id for f in result.forms] == ["A"]
    problem = only_problem(result)
    assert (problem.form_id, problem.field, problem.location.line, problem.location.column) == ("B", "unit", 8, 5)
    assert "duplicate key 'unit'" in problem.message.en and "键“unit”重复出现" in problem.message.zh


def test_yaml_merge_key_override_is_no_duplicate(tmp_path):
    result = read(tmp_path, "merge.yaml", "forms:\n  - <<: {id: A, unit: 甲局, annual_goal: 完成}\n    unit: 乙局\n")
    assert not result.problems and result.forms[0].unit == "乙局"


@pytest.mark.parametrize("name,sep", [("dup.csv", ","), ("dup.tsv", "\t")])
def test_table_duplicate_header_is_reported_on_line_one(tmp_path, name, sep):
    result = read(tmp_path, name, sep.join(["id", "unit", "annual_goal", "unit"]) + "\n" + sep.join(["D1", "甲", "乙", "丙"]) + "\n")
    problem = only_problem(result)
    assert problem.location.line == 1 and not result.forms
    assert "duplicate column(s) 'unit'" in problem.message.en and "列 unit 重复出现" in problem.message.zh


# --- 3. numbers and dates -------------------------------------------------------------------

@pytest.mark.parametrize("written,field", [
    ('"funds": {"total": NaN}', "funds.total"),
    ('"funds": {"fiscal": Infinity}', "funds.fiscal"),
    ('"funds": {"other": -Infinity}', "funds.other"),
    ('"funds": {"previous_year": 1e400}', "funds.previous_year"),
    ('"funds": {"total": 1' + "0" * 400 + "}", "funds.total"),
    ('"schedule": [{"period": "2021年", "amount": NaN}]', "schedule[0].amount"),
    ('"indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "次数", "value": Infinity}]', "indicators[0].value"),
    ('"budget_year": NaN', "budget_year"),
])
def test_numbers_that_are_not_finite_name_their_field(tmp_path, written, field):
    text = '[{"id": "P1", "unit": "甲局", "annual_goal": "完成", ' + written + '}, {"id": "P2", "unit": "乙局", "annual_goal": "完成"}]'
    result = read(tmp_path, "nan.json", text)
    if field.startswith("funds"):  # a figure beside the form: the form is linted without it, the figure unread
        assert [(f.form_id, f.funds, f.unread) for f in result.forms] == [("P1", None, {"funds"}), ("P2", None, set())]
    else:
        assert [f.form_id for f in result.forms] == ["P2"]
    problem = only_problem(result)
    assert problem.field == field and problem.form_id == "P1"
    if field != "budget_year":
        assert "finite number" in problem.message.en and "有限的数字" in problem.message.zh


@pytest.mark.parametrize("funds,field,en", [
    ("{total: -5}", "funds.total", "cannot be negative"),
    ("{total: 10, fiscal: '-3.5'}", "funds.fiscal", "cannot be negative"),
    ("{total: .nan}", "funds.total", "finite number"),
    ("{total: .inf}", "funds.total", "finite number"),
])
def test_yaml_amounts_must_be_finite_and_not_negative(tmp_path, funds, field, en):
    problem = only_problem(read(tmp_path, "f.yaml", YAML_FORM + f"funds: {funds}\n"))
    assert problem.field == field and en in problem.message.en
    assert problem.location.line == 6  # the funds line, not the top of the form


@pytest.mark.parametrize("staff,field", [("{authorized: -3}", "staff.authorized"), ("{actual: 2.5}", "staff.actual"),
                                         ("{actual: .nan}", "staff.actual")])
def test_staff_counts_must_be_whole_and_not_negative(tmp_path, staff, field):
    text = "id: D1\ntype: department\nunit: 某局\nannual_goal: 完成\nstaff: " + staff + "\n"
    problem = only_problem(read(tmp_path, "d.yaml", text))
    assert problem.field == field
    assert "whole number of people" in problem.message.en or "finite number" in problem.message.en


def test_negative_schedule_and_task_amounts_name_their_row(tmp_path):
    text = YAML_FORM + "schedule:\n  - {period: 2021年上半年, amount: 10}\n  - {period: 2021年下半年, amount: -10}\n"
    problem = only_problem(read(tmp_path, "s.yaml", text))
    assert problem.field == "schedule[1].amount" and problem.location.line == 8 and "负数" in problem.message.zh


@pytest.mark.parametrize("period,field,en", [
    ("{start: 2021-01-01, end: 2021-02-30}", "period.end", "2021-02 has 28 days"),
    ("{start: '2021-13-01', end: 2021-12-31}", "period.start", "month must be 1-12"),
    ("2021年13月至2021年12月", "period.start", "month must be 1-12"),
    ("{start: 2021年1月1日, end: 2021年4月31日}", "period.end", "has 30 days"),
])
def test_impossible_dates_name_their_field(tmp_path, period, field, en):
    problem = only_problem(read(tmp_path, "p.yaml", YAML_FORM + f"period: {period}\n"))
    assert problem.field == field and en in problem.message.en and "日期不存在" in problem.message.zh


def test_real_dates_are_read_as_written_even_unquoted(tmp_path):
    result = read(tmp_path, "p.yaml", YAML_FORM + "period: {start: 2020-02-29, end: 2021-12-31}\n"
                                                  "schedule:\n  - {period: 2021-06, amount: 5}\n")
    assert not result.problems
    (form,) = result.forms
    assert (form.period_start, form.period_end, form.schedule[0].period) == ("2020-02-29", "2021-12-31", "2021-06")


def test_a_year_hidden_in_a_longer_number_is_no_year(tmp_path):
    problem = only_problem(read(tmp_path, "y.yaml", YAML_FORM + "budget_year: 920215\n"))
    assert problem.field == "budget_year" and "expected a year" in problem.message.en


# --- 4. JSONL lines -------------------------------------------------------------------------

def test_jsonl_splits_on_newline_only(tmp_path):
    odd = {**FORM, "annual_goal": "2021年完成\u2028审计\u2029项目\x8545个", "note": "\r不是换行"}
    text = "\r\n".join([json.dumps(odd, ensure_ascii=False), json.dumps({**FORM, "id": "P2"}, ensure_ascii=False),
                        '{"id": "P3", "unit": "\x1c\x0b"}', json.dumps({**FORM, "id": "P4"}, ensure_ascii=False)])
    result = read(tmp_path, "odd.jsonl", text)
    assert [f.form_id for f in result.forms] == ["P1", "P2", "P4"]
    assert result.forms[0].annual_goal == odd["annual_goal"]
    assert [f.location("annual_goal").line for f in result.forms] == [1, 2, 4]
    problem = only_problem(result)  # raw control characters inside a JSON string are invalid JSON
    assert problem.location.line == 3 and "malformed JSON on this line" in problem.message.en


# --- 5. CSV/TSV lines -----------------------------------------------------------------------

@pytest.mark.parametrize("name,sep", [("t.csv", ","), ("t.tsv", "\t")])
def test_table_lines_are_physical_lines_after_multiline_cells(tmp_path, name, sep):
    rows = [["id", "unit", "annual_goal"], ["D1", "甲局", '"第一行\n第二行\n第三行"'], ["D2", "乙局", "完成"],
            ["D3", "丙局"]]
    result = read(tmp_path, name, "\n".join(sep.join(r) for r in rows) + "\n")
    assert [(f.form_id, f.location("annual_goal").line) for f in result.forms] == [("D1", 2), ("D2", 5)]
    assert result.forms[0].annual_goal == "第一行\n第二行\n第三行"
    problem = only_problem(result)
    assert (problem.location.line, problem.location.row) == (6, 3) and "row has 2 cells" in problem.message.en


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path):
    text = 'id,unit,annual_goal\r\nD1,甲局,"完成\r\n审计"\r\nD2,乙局,"完成""45""个\r\nD3,丙局,完成\r\n'
    result = read(tmp_path, "q.csv", text)
    assert [(f.form_id, f.annual_goal) for f in result.forms] == [("D1", "完成\r\n审计")]
    problem = only_problem(result)
    assert problem.location.line == 4
    assert "unclosed quote" in problem.message.en and "引号未闭合" in problem.message.zh and "第 4 行" in problem.message.zh


def test_a_closed_quote_at_the_end_of_the_file_is_fine(tmp_path):
    result = read(tmp_path, "q.csv", 'id,unit,annual_goal\nD1,甲局,"完成""45""个"')
    assert not result.problems and result.forms[0].annual_goal == '完成"45"个'


# --- 6. folders and files with no form ------------------------------------------------------

def test_an_unreadable_folder_is_reported(tmp_path, monkeypatch, jxlint):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.yaml").write_text(YAML_FORM, encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.yaml").write_text(YAML_FORM, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path="."):  # root can read a chmod 000 folder, so simulate what a user gets
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, problems = discover([str(tmp_path)])
    assert files == [str(tmp_path / "ok" / "a.yaml")]
    (problem,) = problems
    assert problem.code == "F002" and problem.location.path == str(locked)
    assert "cannot read the folder" in problem.message.en and "无法读取文件夹" in problem.message.zh
    code, out, _ = jxlint("check", "--isolated", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert code == 1 and report["summary"]["forms"] == 1
    assert [(d["code"], d["path"]) for d in report["diagnostics"] if d["code"] == "F002"] == [("F002", str(locked))]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads a chmod 000 folder anyway")
def test_a_chmod_000_folder_is_reported(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        _, problems = discover([str(tmp_path)])
    finally:
        locked.chmod(0o755)
    assert [p.location.path for p in problems] == [str(locked)]


@pytest.mark.parametrize("name,data", [
    ("empty_map.yaml", "{}\n"), ("empty_list.yaml", "[]\n"), ("no_forms.yaml", "forms: []\n"),
    ("empty.json", "{}"), ("empty_list.json", "[ ]"), ("header.csv", "id,unit,annual_goal\n"),
    ("header.tsv", "id\tunit\tannual_goal\r\n"), ("empty_objects.jsonl", "{}\n\n{}\n"),
])
def test_a_file_with_no_form_is_reported(tmp_path, name, data):
    result = read(tmp_path, name, data)
    assert not result.forms and result.problems
    assert all(p.code == "F002" and p.location.path.endswith(name) for p in result.problems)
    assert all("没有表单" in p.message.zh and "no form" in p.message.en for p in result.problems)


def test_an_empty_entry_among_forms_is_reported_and_the_rest_read(tmp_path):
    result = read(tmp_path, "list.yaml", "- {}\n- id: A\n  unit: 甲局\n  annual_goal: 完成\n")
    assert [f.form_id for f in result.forms] == ["A"]
    problem = only_problem(result)
    assert problem.location.line == 1 and "empty mapping" in problem.message.en


# --- 7. Excel -------------------------------------------------------------------------------

def indicator_sheet(ws, gap_rows: list[list]) -> None:
    ws.title = "表"
    for row in [["项目名称", "测试项目"], ["实施单位", "某局"], ["年度目标", "2021年新建警报器12台"], [],
                ["一级指标", "二级指标", "三级指标", "年度指标值"], ["产出指标", "数量指标", "新建警报器", "≥12台"]]:
        ws.append(row)
    for row in gap_rows:
        ws.append(row)


def test_an_excel_indicator_table_continues_past_blank_rows(tmp_path):
    wb = Workbook()
    indicator_sheet(wb.active, [[], [], ["", "质量指标", "验收合格率", "100%"], [], ["效益指标", "满意度指标", "群众满意度", "≥90%"],
                                [], [], ["填表人：张三"], ["", "", "不是指标", "x"]])
    wb.save(tmp_path / "gaps.xlsx")
    result = read_input(str(tmp_path / "gaps.xlsx"), 25 * MB)
    assert not result.problems
    (form,) = result.forms
    assert [(i.level1, i.level2, i.name, i.value) for i in form.indicators] == [
        ("产出指标", "数量指标", "新建警报器", "≥12台"), ("产出指标", "质量指标", "验收合格率", "100%"),
        ("效益指标", "满意度指标", "群众满意度", "≥90%")]  # the footer ends the table: nothing below it is read
    assert form.location("indicators[2].name").short() == "表!C11"


@pytest.mark.parametrize("row,column", [(100_000, 16384), (1_048_576, 1), (5000, 2)])
def test_a_stray_space_far_away_neither_slows_nor_adds_rows(tmp_path, row, column):
    wb = Workbook()
    indicator_sheet(wb.active, [[], [], ["", "质量指标", "验收合格率", "100%"]])
    wb.active.cell(row=row, column=column, value=" ")
    wb.save(tmp_path / "stray.xlsx")
    start = time.monotonic()
    result = read_input(str(tmp_path / "stray.xlsx"), 25 * MB)
    assert time.monotonic() - start < 5
    assert not result.problems  # no "more than 2000 rows" for a sheet whose far cell holds only a space
    (form,) = result.forms
    assert [i.name for i in form.indicators] == ["新建警报器", "验收合格率"]


# --- 8. stdin -------------------------------------------------------------------------------

def test_an_xlsx_workbook_on_stdin_is_read_as_excel(jxlint):
    wb = Workbook()
    indicator_sheet(wb.active, [])
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    assert sniff(data) == "xlsx" and sniff(b"id: 1\n") == "yaml"
    code, out, err = jxlint("check", "--isolated", "--format", "json", "-", stdin=data)
    report = json.loads(out)
    assert report["summary"]["forms"] == 1 and report["summary"]["unreadable"] == 0, err
    assert {d["path"] for d in report["diagnostics"]} <= {"<stdin>"}


@pytest.mark.parametrize("text,kind", [
    ('{"id": 1, "unit": "甲"}\n{"id": 2, "unit": "乙"}   \n', "jsonl"),
    ('{"id": 1}\n{broken\n{"id": 3}\n', "jsonl"),
    ('{"id": 1, "goal": "a\u2028b"}\n{"id": 2}\n', "jsonl"),
    ('{\n  "id": 1,\n  "unit": "甲"\n}\n', "json"),
    ('{"id": 1}\n', "json"),
    ('[{"id": 1},\n {"id": 2}]\n', "json"),
])
def test_jsonl_is_sniffed_line_by_line(text, kind):
    assert sniff(text) == kind


def test_a_bad_line_on_stdin_jsonl_loses_only_that_line(jxlint):
    data = ('{"id": "P1", "unit": "甲局", "annual_goal": "完成"}\n{broken\n'
            '{"id": "P3", "unit": "乙局", "annual_goal": "完成"}\n').encode("utf-8")
    code, out, _ = jxlint("check", "--isolated", "--format", "json", "-", stdin=data)
    report = json.loads(out)
    assert report["summary"]["forms"] == 2
    assert [(d["code"], d["location"]["line"]) for d in report["diagnostics"] if d["code"] == "F002"] == [("F002", 2)]


# --- odd code points ------------------------------------------------------------------------

def test_a_lone_surrogate_fails_its_form_only_and_every_format_prints(tmp_path, jxlint):
    text = ('[{"id": "P1", "unit": "甲局\\ud800", "annual_goal": "完成"},'
            ' {"id": "P2", "unit": "乙局", "annual_goal": "完成", "\\udc00": 1},'
            ' {"id": "P3", "unit": "丙局", "annual_goal": "完成\\ud83d\\ude00"}]')
    result = read(tmp_path, "s.json", text)
    assert [f.form_id for f in result.forms] == ["P3"] and result.forms[0].annual_goal == "完成\U0001F600"
    assert sorted((p.form_id, p.field) for p in result.problems) == [("P1", "unit"), ("P2", "\\udc00")]
    assert all("surrogate" in p.message.en and "代理字符" in p.message.zh for p in result.problems)
    for fmt in ("text", "json", "sarif", "junit", "github", "full"):
        code, out, err = jxlint("check", "--isolated", "--format", fmt, str(tmp_path / "s.json"))
        assert code == 1 and "internal error" not in err and "Traceback" not in out + err, (fmt, err)


def test_other_odd_code_points_are_read_as_text(tmp_path, jxlint):
    goal = "2021年完成审计项目45个\ufffe\u202e\u0000\x85\U0001F600\u200b"
    result = read(tmp_path, "odd.json", json.dumps({**FORM, "annual_goal": goal}))
    assert not result.problems and result.forms[0].annual_goal == goal
    # YAML: escapes in a quoted scalar; a raw U+2028 would be a YAML line break (a located syntax error)
    quoted = YAML_FORM.replace("annual_goal: 2021年完成审计项目45个", 'annual_goal: "完成\\u2028\\x85\u200d\u202e\ufeff45个"')
    (tmp_path / "odd.yaml").write_text(quoted, encoding="utf-8")
    assert read_input(str(tmp_path / "odd.yaml"), MB).forms[0].annual_goal == "完成\u2028\x85\u200d\u202e\ufeff45个"
    code, out, err = jxlint("check", "--isolated", "--format", "json", str(tmp_path))
    assert "internal error" not in err and json.loads(out)["summary"]["forms"] == 2


def test_a_header_then_a_blank_line_is_a_file_with_no_form(tmp_path):
    # found by the property tests: the unclosed-quote check read the last cell of an empty last row
    from linter.readers import read_input

    path = tmp_path / "t.csv"
    path.write_text("id,unit,project,long_term_goal,annual_goal\n\n", encoding="utf-8")
    result = read_input(str(path), 2**20)
    assert not result.forms and len(result.problems) == 1
    assert "no form" in result.problems[0].message.en


def test_links_that_loop_or_point_nowhere_are_reported_and_linked_folders_are_walked_once(tmp_path):
    from linter.readers import discover

    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "f.yaml").write_text("id: x\n", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "real")  # a linked folder is walked ...
    (tmp_path / "real" / "up").symlink_to(tmp_path)  # ... and a loop back up is not walked twice
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    (tmp_path / "gone.json").symlink_to(tmp_path / "missing.json")
    files, problems = discover([str(tmp_path)])
    assert len(files) == 1 and files[0].endswith("f.yaml")
    assert sorted(p.location.path.rsplit("/", 1)[-1] for p in problems) == ["a", "b", "gone.json"]
    assert all("points nowhere or to itself" in p.message.en for p in problems)


def test_an_explicit_self_link_is_an_f002_not_an_internal_error(tmp_path, jxlint):
    link = tmp_path / "x.json"
    link.symlink_to(link)
    code, out, err = jxlint("check", "--isolated", "--lang", "en", str(link))
    assert code == 1 and "F002" in out and "points nowhere or to itself" in out and "internal error" not in err
