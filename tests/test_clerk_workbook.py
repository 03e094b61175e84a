"""The finance clerk's workbook, checked as the clerk uses it: the template opened with openpyxl, a
suppression typed into its 备注 row, the command run as a process, the annotated copy read cell by cell,
and the web API answering for the same file under the same ids and row numbers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from linter.excel_template import build_template
from linter.readers.excel import SUMMARY_SHEET
from tests.conftest import ROOT, fill_template, form_sheet, free_port

EXAMPLES = ROOT / "corpora" / "examples"
SHEET = "项目支出绩效目标"


def run(*args: str, cwd: Path | None = None):
    """`jxlint ARGS` as the clerk's IT colleague runs it: a process; (exit code, stdout, stderr)."""
    done = subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd or ROOT, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def contract(path: Path, *args: str) -> dict:
    return json.loads(run("check", "--isolated", "--format", "json", *args, str(path))[1])


def bad_record(with_id: bool = False) -> dict:
    record = yaml.safe_load((EXAMPLES / "project_bad_indicators.yaml").read_text(encoding="utf-8"))
    if not with_id:
        record.pop("id")
    return record


def label_cell(ws, label: str):
    """The cell right of a label, where the clerk types (the value cell of a merged row)."""
    found = next(c for row in ws.iter_rows() for c in row if c.value == label)
    return ws.cell(found.row, found.column + 1)


def clerk_workbook(path: Path, note: str | None = None) -> Path:
    """The bad-indicators example typed into the template, and `note` typed into its 备注 row."""
    fill_template(path, bad_record(), "2015")
    if note is not None:
        wb = load_workbook(path)
        label_cell(form_sheet(wb), "备注").value = note
        wb.save(path)
    return path


def test_template_has_a_note_row_and_both_ways_to_check(tmp_path):
    out = tmp_path / "空表.xlsx"
    assert run("template", "-o", str(out))[0] == 0
    wb = load_workbook(out)
    ws = form_sheet(wb)
    note = label_cell(ws, "备注")
    assert any(note.coordinate in str(r) for r in ws.merged_cells.ranges)  # a wide cell to write in
    _, cells = build_template("project", "2021")
    assert cells["note"] == note.coordinate
    help_text = "\n".join(str(c.value) for c in wb["填写说明"]["A"] if c.value)
    assert "jxlint serve" in help_text and "http://127.0.0.1:8765/" in help_text  # the page …
    assert "jxlint check" in help_text  # … and the command
    assert "jxlint: ignore" in help_text and "理由" in help_text and f"备注（{note.coordinate}）" in help_text
    # what is typed in 备注 is the form's note: B006 reads the explanation there
    fill_template(tmp_path / "f.xlsx", {**bad_record(), "type": "project"}, "2021")
    wb = load_workbook(tmp_path / "f.xlsx")
    label_cell(form_sheet(wb), "备注").value = "jxlint: ignore I006@社区居民满意度 理由：上级文件规定本项目按 80% 考核"
    wb.save(tmp_path / "f.xlsx")
    assert "I006" not in {d["code"] for d in contract(tmp_path / "f.xlsx")["diagnostics"]}


def test_a_clerk_silences_findings_from_the_workbook_alone(tmp_path):
    plain = contract(clerk_workbook(tmp_path / "plain.xlsx"))["diagnostics"]
    by = {(d["code"], d["field"]): d for d in plain}
    assert ("I006", "indicators[12].value") in by and ("I016", "indicators[9].value") in by
    assert ("I017", "indicators[5].value") in by and ("G002", "annual_goal") not in by
    i016_cell = by[("I016", "indicators[9].value")]["location"]["cell"]
    note = "\n".join([
        "上年金额 380 万元，今年增加警报器采购。",
        "jxlint: ignore I006@社区居民满意度 理由：上级文件规定按 80% 考核",  # by the 三级 name
        f"jxlint: ignore I016@{i016_cell} 理由：成本按合同据实结算",  # by the cell
        "jxlint: ignore I017@第6行 理由：完好率按设备台账考核",  # by the row the messages and the page name
    ])
    report = contract(clerk_workbook(tmp_path / "silenced.xlsx", note))
    left = {(d["code"], d["field"]) for d in report["diagnostics"]}
    assert left == set(by) - {("I006", "indicators[12].value"), ("I016", "indicators[9].value"),
                              ("I017", "indicators[5].value")}
    assert report["summary"]["suppressed"] == 3 and "F003" not in {c for c, _ in left}


def test_f003_says_what_is_wrong_with_the_suppression(tmp_path):
    note = "\n".join(["jxlint: ignore I006@社区居民满意度",  # no reason
                      "jxlint: ignore I005@不存在的指标 理由：写错了名称",  # names nothing in the form
                      "jxlint: ignore I012@新建固定防空警报器 理由：没有这个问题"])  # a reason, but nothing to hide
    report = contract(clerk_workbook(tmp_path / "f.xlsx", note))
    f003 = [d for d in report["diagnostics"] if d["code"] == "F003"]
    assert len(f003) == 3
    by = {re.search(r"对 (\S+) 的抑制", d["message"]).group(1): d for d in f003}
    assert set(by) == {"I006@社区居民满意度", "I005@不存在的指标", "I012@新建固定防空警报器"}
    assert "没有写理由" in by["I006@社区居民满意度"]["message"] and "理由" in by["I006@社区居民满意度"]["hint"]
    assert "找不到" in by["I005@不存在的指标"]["message"] and "删除" not in by["I005@不存在的指标"]["hint"]
    stale = by["I012@新建固定防空警报器"]
    assert "没有隐藏任何问题" in stale["message"] and "删除" in stale["hint"] and "写明理由" not in stale["hint"]
    note_cell = label_cell(form_sheet(load_workbook(tmp_path / "f.xlsx")), "备注").coordinate
    assert {d["location"]["cell"] for d in f003} == {note_cell}  # each points at the 备注 cell
    # the reason-less one was not applied: its finding is still reported
    assert "I006" in {d["code"] for d in report["diagnostics"]}


def test_sidecar_and_yaml_suppressions_take_names_too(tmp_path):
    form = tmp_path / "form.yaml"
    record = bad_record(with_id=True)
    record["suppressions"] = [{"code": "I006", "field": "社区居民满意度", "reason": "上级规定按 80% 考核"}]
    form.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    (tmp_path / "form.yaml.jxlint.yaml").write_text(
        "suppressions:\n  - {form: EX-P-004, code: I016, field: 项目成本控制.指标值, reason: 成本按合同据实结算}\n",
        encoding="utf-8")
    codes = {(d["code"], d["field"]) for d in contract(form)["diagnostics"]}
    assert ("I006", "indicators[12].value") not in codes and ("I016", "indicators[9].value") not in codes
    assert ("I016", "indicators[6].value") in codes  # the other I016 rows are still reported


def test_one_row_numbering_for_people_and_the_json_path_stays_0_based(tmp_path):
    from tests.test_web_api import client

    book = clerk_workbook(tmp_path / "人防项目.xlsx")
    report = contract(book)
    d = next(d for d in report["diagnostics"] if d["code"] == "I006")
    assert d["field"] == "indicators[12].value"  # the machine address, as baselines and SARIF use it
    # the page (its API) and the annotated workbook both call it the 13th row of the indicator table
    answer = client().post("/api/lint", files=[("file", (book.name, book.read_bytes()))]).json()
    group = next(g for f in answer["forms"] for g in f["fields"] if g["field"] == d["field"])
    assert group["label"].startswith("第 13 行指标")
    out = tmp_path / "annotated.xlsx"
    run("check", "--isolated", str(book), "--annotate", str(out))
    summary = load_workbook(out)[SUMMARY_SHEET]
    fields = {summary.cell(r, 7).value: summary.cell(r, 5).value for r in range(2, summary.max_row + 1)}
    assert fields["I006"].startswith("第 13 行指标") and "社区居民满意度" in fields["I006"]
    assert not any(re.search(r"indicators\[\d+\]", v or "") for v in fields.values())
    # and `第13行` in 备注 silences that row
    note = "jxlint: ignore I006@第13行 理由：上级文件规定按 80% 考核"
    assert "I006" not in {x["code"] for x in contract(clerk_workbook(tmp_path / "n.xlsx", note))["diagnostics"]}


def test_text_location_names_the_sheet_once(tmp_path):
    book = clerk_workbook(tmp_path / "人防项目.xlsx")
    _, out, _ = run("check", "--isolated", str(book))
    findings = out.splitlines()[:-1]
    assert findings
    for line in findings:
        where = line.split(": ")[0]
        assert where.count(SHEET) == 1, line
        assert re.fullmatch(rf"{re.escape(str(book))}:{SHEET}![A-Z]+\d+:[\w.\[\]]+", where), line
    # a form with its own 表单编号 keeps it: the sheet is still named once
    fill_template(tmp_path / "编号.xlsx", bad_record(with_id=True), "2015")
    _, out, _ = run("check", "--isolated", str(tmp_path / "编号.xlsx"))
    assert all(f":{SHEET}!" in ln and ":EX-P-004:" in ln and ln.count(SHEET) == 1 for ln in out.splitlines()[:-1])


def test_the_page_names_forms_as_the_command_does(tmp_path):
    from tests.test_web_api import client

    book = clerk_workbook(tmp_path / "城管项目.xlsx")
    other = tmp_path / "绿化.yaml"
    record = bad_record()
    other.write_text(yaml.safe_dump({**record, "type": "project"}, allow_unicode=True), encoding="utf-8")
    cli_ids = {d["form_id"] for d in contract(book)["diagnostics"]} | {d["form_id"] for d in contract(other)["diagnostics"]}
    assert cli_ids == {f"城管项目!{SHEET}", "绿化"}
    answer = client().post("/api/lint", files=[("file", (p.name, p.read_bytes())) for p in (book, other)]).json()
    assert {f["form_id"] for f in answer["forms"]} == cli_ids
    assert {d["form_id"] for d in answer["diagnostics"]} == cli_ids
    assert {d["path"] for d in answer["diagnostics"]} == {"城管项目.xlsx", "绿化.yaml"}


def template_colours() -> set[str]:
    wb, _ = build_template("project", "2015")
    return {c.fill.fgColor.rgb[-6:] for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.fill is not None and c.fill.fill_type == "solid"}


def test_annotated_workbook_cell_by_cell(tmp_path):
    book = clerk_workbook(tmp_path / "人防项目.xlsx")
    out = tmp_path / "人防项目.jxlint.xlsx"
    code, _, err = run("check", "--isolated", str(book), "--annotate", str(out))
    assert code == 1 and "批注" in err
    report = contract(book)
    wb = load_workbook(out)
    ws = form_sheet(wb)
    ours = set()
    for d in report["diagnostics"]:
        cell = ws[d["location"]["cell"]]
        assert cell.comment is not None and d["code"] in cell.comment.text
        ours.add(cell.fill.fgColor.rgb[-6:])
    assert ours and not ours & template_colours()  # a flagged cell never looks like one of the template's labels
    summary = wb[SUMMARY_SHEET]
    header = [c.value for c in summary[1]]
    assert header[:5] == ["表单", "得分", "等级", "位置", "字段"]
    assert summary.auto_filter.ref == f"A1:J{summary.max_row}"
    rows = list(summary.iter_rows(min_row=2))
    assert len(rows) == len(report["diagnostics"])
    triage = json.loads(run("triage", "--isolated", "--format", "json", str(book))[1])["forms"][0]
    places = []
    for row in rows:
        assert row[0].value == f"人防项目!{SHEET}" and row[1].value == triage["score"] and row[2].value == triage["grade"]
        sheet, cell = row[3].value.split("!")
        assert row[3].hyperlink is not None and row[3].hyperlink.location == f"'{sheet}'!{cell}"
        m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        places.append((int(m[2]), m[1]))
    assert places == sorted(places, key=lambda p: (p[0], len(p[1]), p[1]))  # form order: top to bottom, left to right
    clean = tmp_path / "good.xlsx"
    fill_template(clean, yaml.safe_load((EXAMPLES / "project_good_2021.yaml").read_text(encoding="utf-8")), "2021")
    run("check", "--isolated", str(clean), "--annotate", str(tmp_path / "good.jxlint.xlsx"))
    good = load_workbook(tmp_path / "good.jxlint.xlsx")[SUMMARY_SHEET]
    assert good.cell(2, 2).value >= 90 and good.cell(2, 9).value == "未发现问题"  # a clean form still shows its score


@pytest.mark.parametrize("lang,says", [(None, "请在浏览器中打开"), ("en", "open http://127.0.0.1")])
def test_serve_starts_in_chinese_by_default(tmp_path, lang, says):
    port = free_port()
    cmd = [sys.executable, "-m", "linter", "serve", "--isolated", "--port", str(port)] + (["--lang", lang] if lang else [])
    log = tmp_path / "serve.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, cwd=tmp_path, stderr=fh, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            deadline = time.monotonic() + 60
            while "8765" not in log.read_text() and str(port) not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    first = log.read_text(encoding="utf-8").splitlines()[0]
    assert says in first and f":{port}/" in first


def test_unreadable_rows_are_numbered_from_1_in_the_message(tmp_path):
    form = tmp_path / "form.yaml"
    form.write_text("id: X\ntype: project\nunit: 某局\nproject: 某项目\nindicators:\n"
                    "  - {level1: 产出指标, level2: 数量指标, name: 培训人次, value: ≥200人次}\n"
                    "  - {level1: 产出指标, level2: 数量指标, name: 培训期数, value: [1, 2]}\n", encoding="utf-8")
    for lang, says in (("zh", "第 2 行指标的指标值："), ("en", "indicator row 2, target value: ")):
        d = next(d for d in contract(form, "--lang", lang)["diagnostics"] if d["code"] == "F002")
        assert d["field"] == "indicators[1].value"  # the JSON path stays 0-based …
        assert says in d["message"] and "indicators[" not in d["message"]  # … what a person reads counts from 1
