"""Excel in and out: the reader, `jxlint template`, and `jxlint check --annotate`."""

from __future__ import annotations

import hashlib
import json
import re
import time
import zipfile

import pytest
import yaml
from openpyxl import Workbook, load_workbook

from linter.readers import read_input
from linter.readers.excel import SUMMARY_SHEET
from tests.conftest import ROOT, fill_template, form_sheet, parser_words

EXAMPLES = ROOT / "corpora" / "examples"


def read(path):
    return read_input(str(path), 50 * 2**20)


def messages(result) -> str:
    return " | ".join(f"{p.location.short()} {p.message.en} {p.message.zh}" for p in result.problems)


def findings(jxlint, path) -> tuple[set[tuple[str, str]], list[dict]]:
    code, out, _ = jxlint("check", "--format", "json", "--isolated", str(path))
    diags = json.loads(out)["diagnostics"]
    return {(d["code"], d["field"]) for d in diags}, diags


@pytest.mark.parametrize("example", ["project_bad_indicators", "project_good_2021", "department_good", "department_bad"])
def test_template_round_trip_gives_the_yaml_findings(tmp_path, jxlint, example):
    source = EXAMPLES / f"{example}.yaml"
    record = yaml.safe_load(source.read_text(encoding="utf-8"))
    xlsx = tmp_path / f"{example}.xlsx"
    fill_template(xlsx, record, str(record.get("layout", "2021")))
    from_yaml, _ = findings(jxlint, source)
    from_excel, diags = findings(jxlint, xlsx)
    assert from_excel == from_yaml
    assert all(d["location"].get("sheet") and d["location"].get("cell") for d in diags)


def test_template_has_lists_validation_and_instructions(tmp_path, jxlint):
    out = tmp_path / "form.xlsx"
    code, _, _ = jxlint("template", "--type", "project", "--layout", "2021", "-o", str(out))
    assert code == 0
    wb = load_workbook(out)
    assert "填写说明" in wb.sheetnames
    ws = form_sheet(wb)
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("$A$" in f for f in formulas) and any("$B$" in f for f in formulas)
    level2 = [c.value for c in wb["_lists"]["B"] if c.value]
    assert "数量指标" in level2 and "经济成本指标" in level2
    assert wb["_lists"].sheet_state == "hidden"
    assert ws.column_dimensions["C"].width >= 30
    # a blank template lints as an empty form, not as an unreadable sheet
    result = read(out)
    assert len(result.forms) == 1 and not result.problems
    code, _, _ = jxlint("template", "-o", str(out))
    assert code == 2  # exists, no --force


def build(path, sheets: dict[str, list[tuple[str, object]]], hidden=(), merges=()):
    wb = Workbook()
    wb.remove(wb.active)
    for name, cells in sheets.items():
        ws = wb.create_sheet(name)
        for address, value in cells:
            ws[address] = value
        if name in hidden:
            ws.sheet_state = "hidden"
    for sheet, rng in merges:
        wb[sheet].merge_cells(rng)
    wb.save(path)
    return path


def shifted_form(col="C", row=5):
    """A small project form whose labels start at `col``row` instead of A1."""
    cs = [chr(ord(col) + i) for i in range(5)]
    r = row
    return [
        (f"{cs[0]}{r}", "项目支出绩效目标申报表"),
        (f"{cs[0]}{r + 1}", "* 项目名称："), (f"{cs[2]}{r + 1}", "测试项目"),  # value two columns away (merged label)
        (f"{cs[0]}{r + 2}", "实施单位"), (f"{cs[1]}{r + 2}", "某局"),
        (f"{cs[0]}{r + 3}", "年度资金总额（万元）"), (f"{cs[1]}{r + 3}", 100),
        (f"{cs[2]}{r + 3}", "其中：财政拨款"), (f"{cs[3]}{r + 3}", 80),
        (f"{cs[0]}{r + 4}", "中长期目标"), (f"{cs[1]}{r + 4}", "到2023年建成覆盖全市的网络"),
        (f"{cs[0]}{r + 5}", "年度目标"), (f"{cs[1]}{r + 5}", "2021年新建警报器12台"),
        (f"{cs[0]}{r + 7}", "一级指标"), (f"{cs[1]}{r + 7}", "二级指标"), (f"{cs[2]}{r + 7}", "三级指标"),
        (f"{cs[3]}{r + 7}", "年度指标值"), (f"{cs[4]}{r + 7}", "中长期指标值"),
        (f"{cs[0]}{r + 8}", "产出指标"), (f"{cs[1]}{r + 8}", "数量指标"), (f"{cs[2]}{r + 8}", "新建警报器"),
        (f"{cs[3]}{r + 8}", "≥12台"), (f"{cs[4]}{r + 8}", "≥40台"),
        (f"{cs[2]}{r + 9}", "通信演练"), (f"{cs[3]}{r + 9}", "≥4次"),
        (f"{cs[1]}{r + 10}", "质量指标"), (f"{cs[2]}{r + 10}", "验收合格率"), (f"{cs[3]}{r + 10}", 1.0),
    ]


def test_header_found_when_shifted_and_merged_cells_filled_down(tmp_path):
    path = build(tmp_path / "shifted.xlsx", {"表一": shifted_form("C", 5)},
                 merges=[("表一", "C13:C15"), ("表一", "D13:D14")])
    wb = load_workbook(path)
    wb["表一"]["F15"].number_format = "0%"
    wb.save(path)
    result = read(path)
    assert not result.problems, messages(result)
    (form,) = result.forms
    assert (form.project, form.unit, form.funds.total, form.funds.fiscal) == ("测试项目", "某局", 100.0, 80.0)
    rows = [(i.level1, i.level2, i.name, i.value, i.term) for i in form.indicators]
    assert rows == [
        ("产出指标", "数量指标", "新建警报器", "≥12台", "annual"),
        ("产出指标", "数量指标", "新建警报器", "≥40台", "long_term"),
        ("产出指标", "数量指标", "通信演练", "≥4次", "annual"),
        ("产出指标", "质量指标", "验收合格率", "100%", "annual"),
    ]
    assert form.location("project").short() == "表一!E6"
    assert form.location("indicators[2].level1").short() == "表一!C13"  # the merged cell's anchor
    assert form.location("indicators[3].value").short() == "表一!F15"
    assert form.location("funds.fiscal").short() == "表一!F8"


def test_several_forms_hidden_empty_and_headerless_sheets(tmp_path):
    path = build(tmp_path / "book.xlsx", {
        "甲": shifted_form("A", 1), "乙": shifted_form("B", 3), "空表": [],
        "藏": shifted_form("A", 1), "杂项": [("A1", "随便写的备忘"), ("B2", 3)],
    }, hidden=("藏",))
    result = read(path)
    assert [f.form_id for f in result.forms] == ["book!甲", "book!乙"]
    sheets = sorted(p.location.sheet for p in result.problems)
    assert sheets == ["杂项", "藏"]
    text = messages(result)
    assert "hidden" in text and "no recognisable form header" in text and "杂项" in text


def test_formula_errors_are_reported_with_their_cell_and_the_form_still_linted(tmp_path):
    cells = shifted_form("A", 1) + [("B3", "#REF!")]
    result = read(build(tmp_path / "err.xlsx", {"表": cells}))
    assert len(result.forms) == 1
    (problem,) = result.problems
    assert (problem.code, problem.location.sheet, problem.location.cell) == ("F002", "表", "B3")
    assert "#REF!" in problem.message.en



def unsaved_formula_book(tmp_path, name="unsaved.xlsx"):
    """The small form with its 年度资金总额 (B4) and one 年度指标值 (D9) written as formulas by openpyxl, which
    saves no result for them (as pandas and programs that never open Excel do)."""
    cells = [(a, v) for a, v in shifted_form("A", 1) if a not in ("B4", "D9")]
    return build(tmp_path / name, {"表": cells + [("B4", "=SUM(D4:D4)"), ("D9", '="≥"&12&"台"')]})


def test_a_formula_saved_without_its_result_is_said_and_not_judged_as_blank(tmp_path, jxlint):
    path = unsaved_formula_book(tmp_path)
    for lang, words in (("zh", ("是公式", "没有保存计算结果")), ("en", ("holds a formula", "no saved result"))):
        _, out, _ = jxlint("check", "--format", "json", "--isolated", "--lang", lang, str(path))
        diags = json.loads(out)["diagnostics"]
        unsaved = {d["location"]["cell"]: d["message"] for d in diags if d["code"] == "F002"}
        assert set(unsaved) == {"B4", "D9"}, diags
        assert "表!B4" in unsaved["B4"] and "=SUM(D4:D4)" in unsaved["B4"] and '="≥"&12&"台"' in unsaved["D9"]
        assert all(w in m for m in unsaved.values() for w in words), unsaved
        # what to do is to let Excel compute the formulas, not to fix the file to the schema
        hints = [d["hint"] for d in diags if d["code"] == "F002"]
        assert all(("保存" if lang == "zh" else "save") in h and "schema" not in h for h in hints), hints
        # the clerk filled both cells: neither is reported as not filled in, nor judged as an empty value
        assert not [d for d in diags if d["field"] in ("funds.total", "indicators[0].value") and d["code"] != "F002"], diags
        # and the F002 says which field the cell holds, on the form (so triage counts it there)
        assert {d["field"] for d in diags if d["code"] == "F002"} == {"funds.total", "indicators[0].value"}
    (form,) = read(path).forms
    assert form.funds.total is None and form.unread == {"funds.total", "indicators[0].value"}
    assert [(i.name, i.value, i.term) for i in form.indicators[:2]] == [("新建警报器", "", "annual"),
                                                                        ("新建警报器", "≥40台", "long_term")]


def saved_results(path, d9: bytes):
    """The workbook as Excel saves it: B4's formula with its result (100) beside it, D9's result as `d9`."""
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    sheet = next(n for n in parts if n.startswith("xl/worksheets/"))
    xml = parts[sheet].replace(b"<f>SUM(D4:D4)</f><v />", b"<f>SUM(D4:D4)</f><v>100</v>")
    parts[sheet] = re.sub(rb'<c r="D9"><f>(.*?)</f><v />', rb'<c r="D9" t="str"><f>\1</f>' + d9, xml)
    assert parts[sheet].count(b"<v>100</v>") == 1 and parts[sheet].count(b't="str"') == 1
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return path


def test_a_formula_with_its_saved_result_reads_as_before(tmp_path, jxlint):
    from linter.readers.excel import _may_hold_unsaved_formulas

    typed = build(tmp_path / "typed.xlsx", {"表": shifted_form("A", 1)})  # 100 and ≥12台 typed in B4 and D9
    cached = saved_results(unsaved_formula_book(tmp_path, "cached.xlsx"), "<v>≥12台</v>".encode())
    assert not _may_hold_unsaved_formulas(cached.read_bytes())  # so no second, formula-reading pass is made
    for path in (typed, cached):
        (form,) = read(path).forms
        assert (form.funds.total, form.indicators[0].value, form.unread) == (100.0, "≥12台", frozenset())
    assert findings(jxlint, cached)[0] == findings(jxlint, typed)[0]
    # a formula whose saved result is empty text is a blank, truly: read as one, with no word of a formula
    blank = saved_results(unsaved_formula_book(tmp_path, "blank.xlsx"), b"<v></v>")
    result = read(blank)
    (form,) = result.forms
    assert not result.problems and not form.unread
    assert (form.indicators[0].value, form.indicators[0].term) == ("≥40台", "long_term")  # as a blank D9 reads


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize("name,data,expect", [
    ("locked.xlsx", OLE + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le"), "password-protected"),
    ("old.xls", OLE + "Workbook".encode("utf-16-le"), "old Excel 97-2003 workbook"),
    ("renamed.xlsx", "id,unit,annual_goal\nD1,某局,完成\n".encode("utf-8"), "really text"),
    ("corrupt.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4, "not a valid .xlsx"),
    ("truncated.xlsx", None, "not a valid .xlsx"),
])
def test_bad_workbooks_are_one_clear_problem(tmp_path, jxlint, name, data, expect):
    path = tmp_path / name
    if data is None:  # a real workbook cut short, as an interrupted e-mail download
        build(tmp_path / "whole.xlsx", {"表": shifted_form()})
        whole = (tmp_path / "whole.xlsx").read_bytes()
        data = whole[: len(whole) // 2]
    path.write_bytes(data)
    result = read(path)
    assert not result.forms and len(result.problems) == 1
    assert expect in messages(result)
    code, out, err = jxlint("check", "--isolated", str(path))
    assert code == 1 and "F002" in out and "Traceback" not in out + err



def damaged(tmp_path, name, part, cut):
    """The small form's workbook with one part of its zip archive cut short to `cut` bytes."""
    path = build(tmp_path / name, {"表": shifted_form()})
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts[part] = parts[part][:cut]
    with zipfile.ZipFile(path, "w") as zf:
        for n, data in parts.items():
            zf.writestr(n, data)
    return path


@pytest.mark.parametrize("name,part,cut,zh,en", [
    ("book.xlsx", "xl/workbook.xml", 60, "不是有效的 Excel 文件", "ParseError"),
    ("sheet.xlsx", "xl/worksheets/sheet1.xml", 300, "工作表“表”无法读取", "ParseError"),
    ("truncated.xlsx", None, None, "不是有效的 .xlsx 工作簿（文件已损坏）", "the file is damaged"),
])
def test_damaged_workbooks_are_said_in_chinese(tmp_path, jxlint, name, part, cut, zh, en):
    if part is None:  # the whole file cut in half, as an interrupted download
        whole = build(tmp_path / "whole.xlsx", {"表": shifted_form()}).read_bytes()
        path = tmp_path / name
        path.write_bytes(whole[: len(whole) // 2])
    else:
        path = damaged(tmp_path, name, part, cut)
    said = {}
    for lang in ("zh", "en"):
        _, out, _ = jxlint("check", "--format", "json", "--isolated", "--lang", lang, str(path))
        (problem,) = [d for d in json.loads(out)["diagnostics"] if d["code"] == "F002"]
        said[lang] = problem["message"]
    assert zh in said["zh"] and not parser_words(said["zh"]), said
    assert en in said["en"], said  # openpyxl's or zipfile's own words stay in English


def test_a_100k_row_sheet_is_cut_off_quickly(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("大表")
    ws.append(["项目名称", "大项目"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    for i in range(100_000):
        ws.append(["产出指标", "数量指标", f"指标{i}", "≥1次"])
    path = tmp_path / "big.xlsx"
    wb.save(path)
    start = time.monotonic()
    result = read(path)
    assert time.monotonic() - start < 30
    assert len(result.forms) == 1
    assert "only the first" in messages(result)


def test_annotate_writes_comments_and_summary_and_leaves_the_input_alone(tmp_path, jxlint):
    record = yaml.safe_load((EXAMPLES / "project_bad_indicators.yaml").read_text(encoding="utf-8"))
    source = tmp_path / "form.xlsx"
    fill_template(source, record, "2015")
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "annotated.xlsx"
    code, text, _ = jxlint("check", "--isolated", str(source), "--annotate", str(out))
    assert code == 1
    assert "项目支出绩效目标!D18" in text  # text output shows Sheet!Cell
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    wb = load_workbook(out)
    assert wb.sheetnames[0] == SUMMARY_SHEET
    summary = wb[SUMMARY_SHEET]
    codes = {summary.cell(r, 7).value for r in range(2, summary.max_row + 1)}
    assert {"I005", "I019", "I020"} <= codes
    ws = form_sheet(wb)
    comment = ws["D18"].comment
    assert comment is not None and "I005" in comment.text and "经费拨款395.08万元" in comment.text
    assert ws["D18"].fill.fgColor.rgb.endswith("FFC7CE")  # error fill
    assert ws["B20"].comment is None  # a clean cell stays clean
    # the annotated copy still lints the same (the summary sheet is skipped)
    assert findings(jxlint, out)[0] == findings(jxlint, source)[0]


def test_annotate_refuses_to_overwrite_its_input(tmp_path, jxlint):
    source = build(tmp_path / "form.xlsx", {"表": shifted_form()})
    before = source.read_bytes()
    code, _, err = jxlint("check", "--isolated", str(source), "--annotate", str(source))
    assert code == 2 and "这是输入文件" in err and "不能覆盖" in err  # the clerk reads Chinese by default
    code, _, err = jxlint("check", "--isolated", "--lang", "en", str(source), "--annotate", str(source))
    assert code == 2 and "refusing to overwrite" in err
    code, _, err = jxlint("check", "--isolated", str(source), "--annotate", str(tmp_path / "." / "form.xlsx"))
    assert code == 2
    code, _, _ = jxlint("check", "--isolated", str(EXAMPLES / "project_bad_slogan.yaml"), "--annotate", str(tmp_path / "x.xlsx"))
    assert code == 2
    assert source.read_bytes() == before


def test_findings_in_a_workbook_come_in_the_order_the_sheet_reads(tmp_path, jxlint):
    path = tmp_path / "form.xlsx"
    fill_template(path, yaml.safe_load((EXAMPLES / "project_bad_indicators.yaml").read_text(encoding="utf-8")), "2015")
    _, diags = findings(jxlint, path)
    rows = [int(re.search(r"\d+$", d["location"]["cell"]).group()) for d in diags if d["location"].get("cell")]
    assert len(rows) > 5 and rows == sorted(rows)
    assert [d["code"] for d in diags] != sorted(d["code"] for d in diags)  # not merely sorted by code
