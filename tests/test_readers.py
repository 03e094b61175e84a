"""Readers: every layout and encoding is read; every bad input becomes a located F002, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.readers import read_input, sniff
from linter.readers.decode import DecodeError, decode_bytes
from tests.conftest import ROOT, parser_words

MB = 2**20
PROJECT_ROW = {"id": "P900", "unit": "岳阳市审计局", "project": "审计业务经费",
               "long_term_goal": "完成市本级预算执行审计全覆盖", "annual_goal": "2021年完成审计项目45个"}


def read(tmp_path, name: str, data: bytes | str, max_bytes: int = 25 * MB):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return read_input(str(path), max_bytes)


def test_seed_goal_tables_read_every_row():
    from tests.conftest import SEED

    for name, rows in (("project_goals.jsonl", 345), ("department_goals.jsonl", 154)):
        result = read_input(str(SEED / name), 25 * MB)
        assert not result.problems
        assert len(result.forms) == rows
        assert all(f.source == "goal-table" and not f.complete for f in result.forms)
    forms = read_input(str(SEED / "project_goals.jsonl"), 25 * MB).forms
    assert forms[0].form_id == "P001" and forms[0].form_type == "project"
    assert forms[0].location("annual_goal").line == 1


def test_public_forms_jsonl_keeps_indicators_and_types(tmp_path):
    from tests.conftest import ROOT, parser_words

    result = read_input(str(ROOT / "corpora" / "public_forms.jsonl"), 25 * MB)
    assert not result.problems
    assert len(result.forms) == 12
    assert sum(len(f.indicators) for f in result.forms) == 82
    f08 = next(f for f in result.forms if f.form_id == "F08")
    assert f08.form_type == "department" and f08.source == "public"
    assert f08.indicators[0].level2_key == "quantity"


def test_yaml_locations_are_real_lines_and_columns(tmp_path):
    text = "id: X1\ntype: project\nunit: 某局\nproject: 某项目\nannual_goal: 完成\nindicators:\n  - level1: 产出指标\n    level2: 数量指标\n    name: 培训人次\n    value: ≥1600人次\n"
    form = read(tmp_path, "f.yaml", text).forms[0]
    assert (form.location("annual_goal").line, form.location("annual_goal").column) == (5, 14)
    assert form.location("indicators[0].value").line == 10
    assert form.location("indicators[0].value").pointer == "indicators[0].value"


def test_chinese_keys_are_accepted(tmp_path):
    text = "项目名称: 干部教育培训费\n实施单位: 中共岳阳市委党校\n年度目标: 全年培训1600人\n绩效指标:\n  - 一级指标: 产出指标\n    二级指标: 数量指标\n    三级指标: 培训人次\n    指标值: 1600人次\n"
    form = read(tmp_path, "f.yaml", text).forms[0]
    assert form.project == "干部教育培训费" and form.indicators[0].name == "培训人次"
    assert form.form_type == "project"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings_are_detected(tmp_path, encoding):
    header = "id,unit,project,long_term_goal,annual_goal\n"
    row = "P1,岳阳市审计局,审计业务经费,完成市本级预算执行审计全覆盖,2021年完成审计项目45个\n"
    form = read(tmp_path, "t.csv", (header + row).encode(encoding)).forms[0]
    assert form.unit == "岳阳市审计局" and form.annual_goal == "2021年完成审计项目45个"


def test_latin1_bytes_are_not_guessed_as_gbk():
    with pytest.raises(DecodeError):
        decode_bytes("id,unit\n1,Café déjà vu, naïve façade à côté\n".encode("latin-1"))
    assert decode_bytes("审计".encode("gbk")) == ("审计", "gb18030")


def test_tsv_and_department_table(tmp_path):
    result = read(tmp_path, "d.tsv", "id\tunit\tannual_goal\nD1\t岳阳市审计局\t完成审计项目45个\n")
    assert result.forms[0].form_type == "department" and result.forms[0].form_id == "D1"


@pytest.mark.parametrize("name,data,expect", [
    ("empty.yaml", "", "empty file"),
    ("blank.csv", "  \n\n", "empty file"),
    ("bom_only.yaml", b"\xff\xfe", "empty file"),
    ("bom_blank.csv", b"\xef\xbb\xbf\n  \n", "empty file"),
    ("list.yaml", "- 1\n- 2\n", "expected a form"),
    ("scalar.yaml", "just some words\n", "not a form"),
    ("bad.yaml", "id: [unclosed\n", "malformed YAML"),
    ("bad.json", '{"id": 1,,}', "malformed JSON"),
    ("bad.jsonl", '{"id": "P1", "unit": "a", "annual_goal": "b"}\n{broken\n', "malformed JSON on this line"),
    ("cols.csv", "id,unit,annual_goal,extra\nD1,a,b,c\n", "unknown column(s) 'extra'"),
    ("missing.csv", "id,unit,project,annual_goal\nP1,a,b,c\n", "missing column(s) long_term_goal"),
    ("ragged.csv", "id,unit,annual_goal\nD1,a\n", "row has 2 cells"),
    ("binary.yaml", b"\x00\x01\x02\xff\xfe\x00", "cannot decode"),
    ("undecodable.csv", b"id,unit\n\x81\x20\xff\xff\xff\n", "cannot decode"),
    ("wrongtype.jsonl", json.dumps({**PROJECT_ROW, "annual_goal": 12345}), "annual_goal: expected text"),
    ("wrongfield.yaml", "id: X\nunit: a\nfoo: 1\n", "unknown field 'foo'"),
    ("badstaff.yaml", "id: X\ntype: department\nunit: a\nstaff: {authorized: 十, actual: 3}\n", "expected a number"),
    ("workbook.xlsx", b"PK\x03\x04 not really", "not a valid .xlsx workbook"),
])
def test_bad_inputs_become_problems(tmp_path, name, data, expect):
    result = read(tmp_path, name, data)
    assert result.problems, "a bad input must be reported"
    text = " ".join(f"{p.field or ''}: {p.message.en} {p.message.zh}" for p in result.problems)
    assert expect in text
    assert all(p.location.path.endswith(name) for p in result.problems)



@pytest.mark.parametrize("name,data,line,zh,en", [
    ("indent.yaml", "id: P1\nunit: 某局\n  project: 甲\n", 3, "键: 值", "mapping values are not allowed"),
    ("block.yaml", "id: P1\nfunds:\n  total: 1\n fiscal: 2\n", 4, "缩进不一致", "while parsing a block mapping"),
    ("quote.yaml", 'id: P1\nunit: "某局\n', 3, "引号", "end of stream"),
    ("tab.yaml", "id: P1\n\tunit: 某局\n", 2, "制表符", "tab"),
    ("control.yaml", "id: P1\nunit: 某\x07局\n", 2, "控制字符（U+0007）", "characters are not allowed"),
    ("control2.yaml", "id: P1\nunit: 某局某局某局\x01\n", 2, "第 2 行第 13 列", "characters are not allowed"),
    ("comma.json", '{"id": "P1", "unit": "某局",}', 1, "键名", "Expecting property name"),
    ("delimiter.json", '{"id": "P1"\n "unit": "某局"}', 2, "缺少逗号", "Expecting ',' delimiter"),
    ("row.jsonl", '{"id": "P1"}\n{"id": "P2" "unit": "某局"}\n', 2, "缺少逗号", "Expecting ',' delimiter"),
    ("return.csv", "id,unit,annual_goal\r\nD1,某\r局,完成\n", 2, "回车符", "new-line character"),
    ("quote.csv", 'id,unit,annual_goal\nD1,某局,完成\nD2,"乙局,x\nD3,丙局,好\n', 3, "引号未闭合", "unclosed quote"),
])
def test_malformed_files_are_said_in_chinese_at_their_line(tmp_path, jxlint, name, data, line, zh, en):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8"))
    said = {}
    for lang in ("zh", "en"):
        _, out, _ = jxlint("check", "--format", "json", "--isolated", "--lang", lang, str(path))
        (problem,) = [d for d in json.loads(out)["diagnostics"] if d["code"] == "F002"]
        assert problem["location"]["line"] == line
        said[lang] = problem["message"]
    assert zh in said["zh"] and f"第 {line} 行" in said["zh"], said
    assert not parser_words(said["zh"]), said["zh"]
    assert en in said["en"], said  # the parser's own words, in English



def test_a_malformed_sidecar_is_said_in_chinese_at_its_line(jxlint, tmp_path):
    form = tmp_path / "form.yaml"
    form.write_text((ROOT / "corpora/examples/project_good_2021.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "form.yaml.jxlint.yaml").write_text("suppressions:\n  - form: P1\n   code: G001\n", encoding="utf-8")
    said = {}
    for lang in ("zh", "en"):
        _, out, _ = jxlint("check", "--isolated", "--no-cache", "--format", "json", "--lang", lang, str(form))
        (problem,) = [d for d in json.loads(out)["diagnostics"] if d["code"] == "F002"]
        assert problem["location"]["line"] == 3 and problem["path"].endswith("form.yaml.jxlint.yaml")
        said[lang] = problem["message"]
    assert "抑制文件无法读取" in said["zh"] and "第 3 行" in said["zh"] and not parser_words(said["zh"]), said
    assert "unreadable suppression file" in said["en"] and "expected <block end>" in said["en"], said


def test_bad_row_is_reported_and_the_others_still_read(tmp_path):
    lines = [json.dumps(PROJECT_ROW, ensure_ascii=False), json.dumps({**PROJECT_ROW, "id": "P901", "unit": ["x"]}),
             json.dumps({**PROJECT_ROW, "id": "P902"}, ensure_ascii=False)]
    result = read(tmp_path, "rows.jsonl", "\n".join(lines))
    assert [f.form_id for f in result.forms] == ["P900", "P902"]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.form_id, problem.field, problem.location.line) == ("P901", "unit", 2)


def test_oversized_file_is_refused_before_reading(tmp_path):
    result = read(tmp_path, "big.jsonl", b"x" * (2 * MB), max_bytes=1 * MB)
    assert "over the 1 MB limit" in result.problems[0].message.en


@pytest.mark.parametrize("text,kind", [
    ('{"id": "P1"}', "json"), ('{"id": 1}\n{"id": 2}\n', "jsonl"), ("[1, 2]", "json"),
    ("id,unit,annual_goal\n", "csv"), ("id\tunit\tannual_goal\n", "tsv"), ("unit: 某局\n", "yaml"),
])
def test_sniffing_stdin(text, kind):
    assert sniff(text) == kind


def test_values_the_parsers_choke_on_fail_their_file_only(jxlint, tmp_path):
    good = (ROOT / "corpora" / "examples" / "project_good_2021.yaml").read_text(encoding="utf-8")
    (tmp_path / "huge_number.yaml").write_text(good.replace("total: ", "total: 1" + "0" * 400 + " #", 1), encoding="utf-8")
    (tmp_path / "deep.json").write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    (tmp_path / "cr_only.csv").write_bytes("id,unit,annual_goal\rD1,某单位,2021年完成\r".encode())
    (tmp_path / "good.yaml").write_text(good, encoding="utf-8")
    code, out, err = jxlint("check", "--isolated", "--format", "json", str(tmp_path))
    assert code == 1 and "internal error" not in err
    report = json.loads(out)
    unreadable = sorted(Path(d["path"]).name for d in report["diagnostics"] if d["code"] == "F002")
    assert unreadable == ["cr_only.csv", "deep.json", "huge_number.yaml"]
    # the good form is still linted, and so is the one whose total cannot be read, without judging that total
    assert report["summary"]["forms"] == 2
    huge = [d for d in report["diagnostics"] if Path(d["path"]).name == "huge_number.yaml"]
    assert [d["field"] for d in huge if d["field"] and d["field"].startswith("funds")] == ["funds.total"]
    messages = " ".join(d["message"] for d in report["diagnostics"] if d["code"] == "F002")
    assert "嵌套层数过多" in messages and "RecursionError" not in messages and "Error:" not in messages


def test_a_pipe_named_like_a_form_is_reported_not_waited_on(jxlint, tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "good.yaml").write_text((ROOT / "corpora/examples/project_good_2021.yaml").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    code, out, _ = jxlint("check", "--isolated", "--no-cache", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert [Path(d["path"]).name for d in report["diagnostics"] if d["code"] == "F002"] == ["pipe.yaml"]
    assert report["summary"]["forms"] == 1


def test_a_file_name_too_long_for_its_sidecar_is_still_linted(jxlint, tmp_path):
    name = "岳" * 81 + ".yaml"  # 245 bytes: the name is allowed, the name plus .jxlint.yaml is not
    (tmp_path / name).write_text((ROOT / "corpora/examples/project_bad_slogan.yaml").read_text(encoding="utf-8"),
                                 encoding="utf-8")
    code, out, err = jxlint("check", "--isolated", "--no-cache", "--format", "json", str(tmp_path))
    assert code == 1 and "Traceback" not in err
    assert json.loads(out)["summary"]["forms"] == 1


def test_a_csv_cell_over_128_kb_fails_its_field_not_the_file(jxlint, tmp_path):
    rows = "id,unit,annual_goal\nD1,某单位," + "很" * 150_000 + "\nD2,某单位,2021年完成办公楼维修验收\n"
    (tmp_path / "goals.csv").write_text(rows, encoding="utf-8")
    code, out, _ = jxlint("check", "--isolated", "--no-cache", "--format", "json", str(tmp_path / "goals.csv"))
    report = json.loads(out)
    assert report["summary"]["forms"] == 1  # D2
    assert [(d["form_id"], d["field"]) for d in report["diagnostics"] if d["code"] == "F002"] == [("D1", "annual_goal")]


@pytest.mark.parametrize("title,kind", [
    ("部门整体支出绩效目标表 (2019年度)", "department"),
    ("部门(单位)整体绩效目标表", "department"),
    ("省级部门预算项目支出绩效目标表 (2023年度)", "project"),  # a department's budget, a project's form
    ("2023年项目支出绩效目标表 (其指标块题为“部门整体支出年度绩效指标”)", "project"),
])
def test_the_printed_title_decides_project_or_department(title, kind):
    from linter.readers.records import infer_type

    assert infer_type({"form_type": ("form_type", title)}) == kind


@pytest.mark.parametrize("layout,read", [("2021", "2021"), (2015, "2015"), ("2021版", "2021"), ("2015 年版", "2015"), ("1999", None)])
def test_a_declared_layout_is_one_the_rules_know(tmp_path, layout, read):
    good = (ROOT / "corpora" / "examples" / "project_good_2021.yaml").read_text(encoding="utf-8")
    path = tmp_path / "form.yaml"
    path.write_text(good.replace("layout: \"2021\"", f"layout: \"{layout}\""), encoding="utf-8")
    result = read_input(str(path), 2 ** 20)
    if read is None:
        assert not result.forms and result.problems[0].field == "layout" and "应为 2015 或 2021" in result.problems[0].message.zh
    else:
        assert result.forms[0].layout == read
