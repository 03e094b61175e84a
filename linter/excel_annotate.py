"""`jxlint check form.xlsx --annotate out.xlsx`: a copy of the workbook with the findings on its cells.

Each offending cell gets a comment (code, message, fix hint) and a fill by severity, in colours the
template itself never uses (so a flagged cell never looks like a label); a summary sheet lists every
form with its triage score and grade and every finding in the order the form reads, with a link to its
cell, the field named as the clerk reads it, and an auto-filter. The input workbook is only read, never saved.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from linter.diagnostics import Diagnostic
from linter.excerpts import field_heading
from linter.model import Form
from linter.readers.excel import SUMMARY_SHEET
from linter.registry import severity_word

# Light red, yellow and lavender: none is a colour of the template's labels or section titles (blues)
FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "E4DFEC"}
HEADERS = {
    "zh": ["表单", "得分", "等级", "位置", "字段", "严重程度", "代码", "规则", "问题", "修改建议"],
    "en": ["form", "score", "grade", "cell", "field", "severity", "code", "rule", "message", "fix"],
}
WIDTHS = [22, 7, 8, 22, 40, 9, 7, 24, 60, 60]


class AnnotateError(Exception):
    """The workbook to annotate cannot be opened (damaged, truncated, not an .xlsx); the message names it."""


def same_file(a: str, b: str) -> bool:
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def annotate(source: str, target: str, diagnostics: Iterable[Diagnostic], lang: str = "zh",
             forms: Iterable[Form] = ()) -> int:
    """Write the annotated copy of `source` to `target` (`forms`: the forms read from it, for the summary's
    scores and field names); returns the number of cells annotated.
    AnnotateError when `source` cannot be opened; OSError when `target` cannot be written."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    wb = _open(source, lang)
    diags = [d for d in diagnostics if same_file(d.path, source)]
    by_cell: dict[tuple[str, str], list[Diagnostic]] = defaultdict(list)
    for d in diags:
        loc = d.location
        if loc and loc.sheet in wb.sheetnames and loc.cell:
            by_cell[(loc.sheet, _anchor(wb[loc.sheet], loc.cell))].append(d)
    rank = {"error": 0, "warning": 1, "info": 2}
    for (sheet, cell), found in by_cell.items():
        found.sort(key=lambda d: (rank.get(d.severity, 3), d.code))
        text = "\n\n".join(_note(d, lang) for d in found)
        target_cell = wb[sheet][cell]
        comment = Comment(text, "jxlint")
        comment.width, comment.height = 360, min(600, 90 + 60 * len(found))
        target_cell.comment = comment
        target_cell.fill = PatternFill("solid", fgColor=FILLS.get(found[0].severity, "DDEBF7"))

    if SUMMARY_SHEET in wb.sheetnames:
        del wb[SUMMARY_SHEET]
    _summary(wb, diags, [f for f in forms if same_file(f.path, source)], lang)
    save_workbook(wb, target)
    return len(by_cell)


def _summary(wb: Any, diags: list[Diagnostic], forms: list[Form], lang: str) -> None:
    """The first sheet: one row per finding in form order (sheet, then row, then column), each form's score
    and grade, a link to the cell, the field as the clerk reads it; a form with no finding gets a row too."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws = wb.create_sheet(SUMMARY_SHEET, 0)
    for c, h in enumerate(HEADERS[lang], start=1):
        ws.cell(1, c, h).font = Font(bold=True)
    by_id = {f.form_id: f for f in forms}
    scores = _scores(forms, diags)
    sheets = {name: i for i, name in enumerate(wb.sheetnames)}
    order = sorted(range(len(diags)), key=lambda i: (_place(diags[i], sheets), i))
    rows = [(diags[i].form_id, diags[i]) for i in order]
    rows += [(f.form_id, None) for f in forms if not any(d.form_id == f.form_id for d in diags)]
    for r, (form_id, d) in enumerate(rows, start=2):
        score, grade = scores.get(form_id, ("", ""))
        ws.cell(r, 1, form_id or "")
        ws.cell(r, 2, score)
        ws.cell(r, 3, grade)
        if d is None:
            ws.cell(r, 9, "未发现问题" if lang == "zh" else "no findings")
            continue
        loc = d.location
        values = [loc.short() if loc else "", _field_name(by_id.get(d.form_id), d.field, lang),
                  severity_word(d.severity, lang), d.code, d.name, d.message, d.hint]
        for c, v in enumerate(values, start=4):
            ws.cell(r, c, v)
        ws.cell(r, 6).fill = PatternFill("solid", fgColor=FILLS.get(d.severity, FILLS["info"]))
        if loc and loc.sheet in wb.sheetnames and loc.cell:
            ws.cell(r, 4).hyperlink = Hyperlink(ref=ws.cell(r, 4).coordinate, location=f"'{loc.sheet}'!{loc.cell}")
            ws.cell(r, 4).font = Font(color="0563C1", underline="single")
    if len(rows) == 0:
        ws.cell(2, 9, "未发现问题" if lang == "zh" else "no findings")
    last = get_column_letter(len(HEADERS[lang]))
    ws.auto_filter.ref = f"A1:{last}{max(2, len(rows) + 1)}"
    for c, w in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws


def _scores(forms: list[Form], diags: list[Diagnostic]) -> dict[str | None, tuple[float, str]]:
    """{form id: (score, grade)} on the triage rubric, as `jxlint triage` and the page give them."""
    from linter.triage import Rubric, number, triage

    return {s.form_id: (number(s.score), s.grade) for s in triage(forms, diags, Rubric.load(None)) if s.form is not None}


def _place(d: Diagnostic, sheets: dict[str, int]) -> tuple[int, int, int]:
    """Where the finding is as the workbook reads: sheet, row, column (file-level findings first)."""
    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

    loc = d.location
    if not (loc and loc.sheet in sheets and loc.cell):
        return (-1, 0, 0)
    column, row = coordinate_from_string(loc.cell)
    return (sheets[loc.sheet], row, column_index_from_string(column))


def _field_name(form: Form | None, field_path: str | None, lang: str) -> str:
    """The field as the clerk reads it (`第 10 行指标的指标值 · … · 服务对象满意度`); English keeps the path."""
    if lang == "en" or not field_path:
        return field_path or ""
    return field_heading(form, field_path) or field_path


def _open(source: str, lang: str) -> Any:
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(source, keep_vba=source.lower().endswith(".xlsm"))
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything from BadZipFile to KeyError on a damaged file
        reason = f"{type(exc).__name__}: {exc}"
        if lang == "en":
            raise AnnotateError(f"--annotate: cannot open the workbook {source} (damaged or not an .xlsx file): "
                                f"{reason}") from None
        raise AnnotateError(f"--annotate：无法打开工作簿 {source}（文件已损坏或不是 .xlsx）：{reason}") from None


def save_workbook(wb: Any, target: str) -> None:
    """Save in memory first, then write the bytes: a failed write (full disk, missing folder) raises one
    OSError instead of leaving openpyxl's half-closed zip file to fail again when it is collected."""
    import io

    buffer = io.BytesIO()
    wb.save(buffer)
    with open(target, "wb") as fh:
        fh.write(buffer.getvalue())


def _anchor(ws, cell: str) -> str:
    """A cell inside a merged range takes its comment on the range's first cell."""
    for rng in ws.merged_cells.ranges:
        if cell in rng:
            return rng.start_cell.coordinate
    return cell


def _note(d: Diagnostic, lang: str) -> str:
    level = severity_word(d.severity, lang)
    hint = f"\n{'建议' if lang == 'zh' else 'fix'}：{d.hint}" if d.hint else ""
    return f"[{d.code} {level}] {d.message}{hint}"
