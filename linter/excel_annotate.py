"""`jxlint check form.xlsx --annotate out.xlsx`: a copy of the workbook with the findings on its cells.

Each offending cell gets a comment (code, message, fix hint) and a fill by severity; a summary sheet
lists every finding with a link to its cell. The input workbook is only read, never saved.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from linter.diagnostics import Diagnostic
from linter.readers.excel import SUMMARY_SHEET
from linter.registry import severity_word

FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}


class AnnotateError(Exception):
    """The workbook to annotate cannot be opened (damaged, truncated, not an .xlsx); the message names it."""


def same_file(a: str, b: str) -> bool:
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def annotate(source: str, target: str, diagnostics: Iterable[Diagnostic], lang: str = "zh") -> int:
    """Write the annotated copy of `source` to `target`; returns the number of cells annotated.
    AnnotateError when `source` cannot be opened; OSError when `target` cannot be written."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

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
    ws = wb.create_sheet(SUMMARY_SHEET, 0)
    headers = ["严重程度 severity", "代码 code", "规则 rule", "位置 cell", "表单 form", "字段 field", "问题 message", "建议 hint"]
    for c, h in enumerate(headers, start=1):
        ws.cell(1, c, h).font = Font(bold=True)
    for r, d in enumerate(sorted(diags, key=lambda d: (rank.get(d.severity, 3), d.code)), start=2):
        loc = d.location
        where = loc.short() if loc else ""
        values = [severity_word(d.severity, lang), d.code, d.name, where,
                  d.form_id or "", d.field or "", d.message, d.hint]
        for c, v in enumerate(values, start=1):
            ws.cell(r, c, v)
        ws.cell(r, 1).fill = PatternFill("solid", fgColor=FILLS.get(d.severity, "DDEBF7"))
        if loc and loc.sheet in wb.sheetnames and loc.cell:
            ws.cell(r, 4).hyperlink = f"#'{loc.sheet}'!{loc.cell}"
            ws.cell(r, 4).font = Font(color="0563C1", underline="single")
    if not diags:
        ws.cell(2, 1, "未发现问题 / no findings")
    for c, w in enumerate([12, 8, 26, 22, 22, 22, 60, 60], start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A2"
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    save_workbook(wb, target)
    return len(by_cell)


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
