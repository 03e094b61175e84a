"""`jxlint template`: a blank 绩效目标申报表 workbook that the Excel reader reads back.

Labels are the paper template's; the reader finds them wherever they are, so users may insert rows
or columns. `CELLS` records where this template puts each value, for tools (and tests) that fill it.
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from linter.model import DEPARTMENT, PROJECT
from linter.rulesets import load_ruleset

INDICATOR_ROWS = 30
SCHEDULE_ROWS = 8
TASK_ROWS = 12
LISTS_SHEET = "_lists"


def _names(layout: str) -> tuple[list[str], list[str]]:
    """(一级, 二级) standard names of a layout, for the drop-down lists."""
    h = load_ruleset("hierarchy")
    level1_keys = ["output", "benefit", "satisfaction"] if layout == "2015" else ["output", "cost", "benefit", "satisfaction"]
    level1 = [h["level1"][k]["names"][0] for k in level1_keys]
    level2: list[str] = []
    for key, spec in h["level2"].items():
        if not set(spec.get("parents", [])) & set(level1_keys):
            continue
        if key == "cost" and layout == "2021":
            level2 += [n for n in spec["names"] if n.endswith("成本指标") and n != "成本指标"]
        else:
            level2.append(spec["names"][0])
    return level1, level2


def indicator_columns(form_type: str, layout: str) -> list[str]:
    cols = ["一级指标", "二级指标", "三级指标"]
    if layout == "2021":
        cols += ["指标性质", "年度指标值", "度量单位"]
    else:
        cols += ["年度指标值"]
    if form_type == PROJECT:
        cols.insert(cols.index("年度指标值") + 1, "中长期指标值")
    return cols


def build_template(form_type: str, layout: str) -> tuple[Workbook, dict[str, Any]]:
    """(workbook, cells): cells maps canonical fields to addresses and tables to their first row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效目标" if form_type == PROJECT else "部门整体支出绩效目标"
    ind_cols = indicator_columns(form_type, layout)
    sheet = _FormSheet(ws, max(len(ind_cols), 6))
    _title_rows(sheet, form_type, layout)
    r = _basic_info(sheet, form_type, 3)
    r = _funds(sheet, form_type, r)
    if form_type == DEPARTMENT:
        sheet.section(r, "年度主要任务")
        r = sheet.table(r + 1, ["任务名称", "主要内容", "预算金额（万元）"], TASK_ROWS, "tasks") + 1
    r = _goals(sheet, form_type, r)
    sheet.section(r, "绩效指标")
    ind_header = r + 1
    r = sheet.table(ind_header, ind_cols, INDICATOR_ROWS, "indicators") + 1
    sheet.cells["indicator_columns"] = ind_cols
    if form_type == PROJECT:
        for title, key in (("实施进度", "schedule"), ("资金支出计划", "spending_plan")):
            sheet.section(r, title)
            r = sheet.table(r + 1, ["时间", "实施内容", "金额（万元）"], SCHEDULE_ROWS, key) + 1
    # 备注: where an amount's change is explained (B006) and a finding that does not apply is suppressed
    sheet.section(r, "其他")
    sheet.field(r + 1, "备注", "note", 60)
    for c, w in zip(range(1, sheet.width + 1), [18, 18, 40, 14, 16, 16, 12, 12]):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = "A3"
    _drop_downs(wb, sheet, layout, ind_cols, ind_header)
    _help_sheet(wb, ws.title, sheet.cells["note"])
    return wb, sheet.cells


class _FormSheet:
    """The form's worksheet as it is written: its width, the shared styles, and `cells` (where each value goes)."""

    def __init__(self, ws: Worksheet, width: int) -> None:
        self.ws = ws
        self.width = width
        self.cells: dict[str, Any] = {}
        thin = Side(style="thin", color="999999")
        self.box = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.label_fill = PatternFill("solid", fgColor="DDEBF7")
        self.section_fill = PatternFill("solid", fgColor="BDD7EE")
        self.wrap = Alignment(wrap_text=True, vertical="center")
        self.bold = Font(bold=True)

    def style_row(self, r: int, label_cols: tuple[int, ...] = (1,)) -> None:
        for c in range(1, self.width + 1):
            cell = self.ws.cell(r, c)
            cell.border = self.box
            cell.alignment = self.wrap
            if c in label_cols:
                cell.fill = self.label_fill
                cell.font = self.bold

    def field(self, r: int, label: str, key: str, height: float | None = None) -> None:
        """A labelled value spanning the rest of the row."""
        self.ws.cell(r, 1, label)
        self.ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=self.width)
        self.cells[key] = f"B{r}"
        self.style_row(r)
        if height:
            self.ws.row_dimensions[r].height = height

    def section(self, r: int, title: str) -> None:
        self.ws.cell(r, 1, title)
        self.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=self.width)
        self.ws.cell(r, 1).font = Font(bold=True, size=12)
        self.ws.cell(r, 1).fill = self.section_fill

    def table(self, r: int, headers: list[str], rows: int, key: str) -> int:
        """A header row and `rows` blank rows; the row after the table."""
        for c, h in enumerate(headers, start=1):
            self.ws.cell(r, c, h)
        self.style_row(r, tuple(range(1, len(headers) + 1)))
        self.cells[key] = r + 1
        for rr in range(r + 1, r + 1 + rows):
            self.style_row(rr, ())
        return r + 1 + rows


def _title_rows(sheet: _FormSheet, form_type: str, layout: str) -> None:
    """Row 1: the title; row 2: budget year, layout and form id."""
    ws, cells = sheet.ws, sheet.cells
    title = ("项目支出绩效目标申报表" if form_type == PROJECT else "部门整体支出绩效目标申报表") + f"（{layout} 版指标体系）"
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A1:{get_column_letter(sheet.width)}1")
    ws.cell(2, 1, "预算年度")
    cells["budget_year"] = "B2"
    ws.cell(2, 3, "指标体系")
    ws.cell(2, 4, layout)
    cells["layout"] = "D2"
    ws.cell(2, 5, "表单编号")
    cells["id"] = "F2"
    sheet.style_row(2, (1, 3, 5))


def _basic_info(sheet: _FormSheet, form_type: str, r: int) -> int:
    """基本信息 from row `r`: the project's or the unit's; the next free row."""
    sheet.section(r, "基本信息")
    r += 1
    if form_type == PROJECT:
        for label, key in (("项目名称", "project"), ("主管部门", "department"), ("实施单位", "unit"),
                           ("项目属性", "attribute"), ("项目期限", "period")):
            sheet.field(r, label, key)
            r += 1
        sheet.field(r, "立项依据", "basis", 45)
        return r + 1
    for label, key in (("单位名称", "unit"), ("主管部门", "department")):
        sheet.field(r, label, key)
        r += 1
    sheet.ws.cell(r, 1, "编制人数")
    sheet.ws.cell(r, 3, "实有人数")
    sheet.cells["staff.authorized"], sheet.cells["staff.actual"] = f"B{r}", f"D{r}"
    sheet.style_row(r, (1, 3))
    return r + 1


def _funds(sheet: _FormSheet, form_type: str, r: int) -> int:
    """资金情况 from row `r` (a project's also the previous year's amount); the next free row."""
    ws, cells = sheet.ws, sheet.cells
    sheet.section(r, "资金情况")
    r += 1
    ws.cell(r, 1, "年度资金总额（万元）")
    ws.cell(r, 3, "其中：财政拨款（万元）")
    ws.cell(r, 5, "其他资金（万元）")
    cells["funds.total"], cells["funds.fiscal"], cells["funds.other"] = f"B{r}", f"D{r}", f"F{r}"
    sheet.style_row(r, (1, 3, 5))
    for c in (2, 4, 6):
        ws.cell(r, c).number_format = "0.00"
    r += 1
    if form_type == PROJECT:
        ws.cell(r, 1, "上年金额（万元）")
        cells["funds.previous_year"] = f"B{r}"
        sheet.style_row(r)
        ws.cell(r, 2).number_format = "0.00"
        r += 1
    return r


def _goals(sheet: _FormSheet, form_type: str, r: int) -> int:
    """绩效目标 from row `r`: a project's long-term and annual goals, a department's annual goal; the next free row."""
    sheet.section(r, "绩效目标")
    r += 1
    if form_type == PROJECT:
        sheet.field(r, "中长期目标", "long_term_goal", 75)
        r += 1
        sheet.field(r, "年度目标", "annual_goal", 75)
    else:
        sheet.field(r, "年度总体目标", "annual_goal", 90)
    return r + 1


def _drop_downs(wb: Workbook, sheet: _FormSheet, layout: str, ind_cols: list[str], ind_header: int) -> None:
    """Drop-down lists for 一级/二级 and 指标性质 (warnings only: real forms use aliases the linter understands),
    kept on a hidden sheet; a project's 项目属性 too."""
    level1, level2 = _names(layout)
    lists = wb.create_sheet(LISTS_SHEET)
    for col, names in enumerate((level1, level2, ["≥", "≤", "=", "定性"]), start=1):
        for i, name in enumerate(names, start=1):
            lists.cell(i, col, name)
    lists.sheet_state = "hidden"
    first, last_row = ind_header + 1, ind_header + INDICATOR_ROWS
    targets = [(1, f"'{LISTS_SHEET}'!$A$1:$A${len(level1)}"), (2, f"'{LISTS_SHEET}'!$B$1:$B${len(level2)}")]
    if "指标性质" in ind_cols:
        targets.append((ind_cols.index("指标性质") + 1, f"'{LISTS_SHEET}'!$C$1:$C$4"))
    for col, ref in targets:
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, errorStyle="warning", showErrorMessage=True,
                            error="不在标准列表中，请确认", errorTitle="jxlint")
        letter = get_column_letter(col)
        dv.add(f"{letter}{first}:{letter}{last_row}")
        sheet.ws.add_data_validation(dv)
    if "attribute" in sheet.cells:
        dv = DataValidation(type="list", formula1='"新增,延续"', allow_blank=True)
        dv.add(sheet.cells["attribute"])
        sheet.ws.add_data_validation(dv)


def _help_lines(sheet_title: str, note_cell: str) -> list[str]:
    """The 填写说明 sheet's text: how to fill the form and how to check it."""
    return [
        "填写说明 / Instructions",
        "1. 在“" + sheet_title + "”工作表填写；可以插入行或列，jxlint 按标签（项目名称、一级指标 …）查找内容，不依赖固定位置。",
        "2. 金额单位为万元；年度资金总额 = 财政拨款 + 其他资金。",
        "3. 绩效指标：一级/二级指标可从下拉列表选择；同一一级/二级下的多行可只填第一行（或合并单元格）。",
        "4. 指标值写明数字、单位和方向（如 ≥12台、≥95%、2021年6月30日前）；定性指标写可检查的状态（如 全部完成）。",
        "5. 一个工作簿可放多张表，每张工作表一份申报表；隐藏的工作表不检查。",
        "6. 检查方法一（网页，不用命令行）：运行 jxlint serve，在浏览器打开 http://127.0.0.1:8765/ ，把本文件拖进页面，"
        "即可看到每个问题、修改建议和得分，并可下载带批注的工作簿。",
        "7. 检查方法二（命令行）：jxlint check 本文件.xlsx ；带批注的副本：jxlint check 本文件.xlsx --annotate 标注.xlsx",
        f"8. 备注（{note_cell}）：金额比上年变化较大时在这里说明原因。某项检查确实不适用时，也可以在这里写一行"
        "“jxlint: ignore 代码@三级指标名称或单元格 理由：……”，如“jxlint: ignore I006@服务对象满意度 理由：上级规定按 85% 考核”"
        "、“jxlint: ignore I006@第10行 理由：……”（绩效指标表的第 10 行指标，与检查结果的行号一致）"
        "或“jxlint: ignore I006@E27 理由：……”（单元格：列字母加 Excel 左侧的行号）；必须写理由，否则不生效。",
        "Fill the form sheet; one form per sheet; hidden sheets are not checked. Amounts in 万元. Check it on the page "
        "(jxlint serve, then open http://127.0.0.1:8765/) or with `jxlint check`; write `jxlint: ignore CODE@indicator "
        "name or cell reason` in 备注 to silence a finding that does not apply.",
    ]


def _help_sheet(wb: Workbook, sheet_title: str, note_cell: str) -> None:
    help_ws = wb.create_sheet("填写说明")
    for i, line in enumerate(_help_lines(sheet_title, note_cell), start=1):
        help_ws.cell(i, 1, line).alignment = Alignment(wrap_text=True)
    help_ws.column_dimensions["A"].width = 110
    help_ws.cell(1, 1).font = Font(bold=True)


def write_template(path: str, form_type: str, layout: str) -> dict[str, Any]:
    wb, cells = build_template(form_type, layout)
    wb.save(path)
    return cells
