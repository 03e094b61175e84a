"""Excel reader: each worksheet of an .xlsx workbook that looks like a 绩效目标申报表 becomes one Form.

Nothing sits at a fixed address: the reader finds the labels of the paper template (项目名称,
年度资金总额, 一级指标 …) wherever they are on the sheet, takes each label's value from the next
non-empty cell to its right (or, for a header row, the cell below), and reads the tables (绩效指标,
实施进度, 资金支出计划, 年度主要任务) from their header rows down to the first blank row. It builds a
canonical record dict and hands it to `records.read_record`, with a `locate` that maps every
field back to `Sheet!C12`.

Decisions (README "Excel"):
- the workbook is opened read_only and data_only (formulas read as their cached values); a formula saved
  without a result (a workbook written by a program, never opened in Excel) is reported on its cell, and
  the field it holds is not judged as blank (Form.unread);
- blank 一级/二级 cells in the indicator table are filled down from the row above (merged cells read
  as blanks below their first cell, and many forms simply leave the repeats blank);
- hidden sheets are skipped; one that carries a form is reported so nothing is silently dropped;
- empty sheets, instruction sheets (填写说明 …) and jxlint's own summary sheet are skipped quietly;
- at most MAX_ROWS rows × MAX_COLS columns of a sheet are read; more is reported.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from linter.model import Location
from linter.nlp.values import comparator_of
from linter.readers.result import Problem, ReadResult, stem
from linter.readers.records import field_pointer, pointer_field, read_record
from linter.text import Text

MAX_ROWS = 2000
MAX_COLS = 40
ERROR_VALUES = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}
SUMMARY_SHEET = "jxlint检查结果"
# what to do about a cell or a workbook the reader could not read (the rule's general hint is about the schema)
_RECALCULATE = Text("用 Excel 或 WPS 打开这个文件并保存一次，让公式算出结果，再检查",
                    "open the file in Excel or WPS and save it once so its formulas are computed, then lint again")
_FIX_FORMULA = Text("改正这个单元格的公式，或直接填写数值", "fix the cell's formula, or type the value in")
_SAVE_AS_XLSX = Text("用 Excel 或 WPS 打开后另存为 .xlsx 工作簿，再检查", "open it in Excel or WPS, save it as an .xlsx workbook, then lint again")
_RENAME = Text("把文件的扩展名改回它真正的格式（如 .csv）后再检查", "give the file its real extension (e.g. .csv), then lint again")
INSTRUCTION_SHEETS = {"填写说明", "说明", "填报说明", "instructions", "readme"}
# A formula element not followed by a value element with content, in a sheet's XML: a formula saved without its
# result. The data_only read sees such a cell as blank; this cheap test of the raw XML decides whether the
# second, formula-reading pass is needed at all (a false alarm only costs that pass). At most SCAN_BYTES of a
# sheet are searched; a bigger sheet is read for its formulas without the test.
UNSAVED_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>[^<]*</(?:\w+:)?f>)(?!\s*<(?:\w+:)?v(?:\s[^>]*)?>[^<]+<)")
SCAN_BYTES = 32 * 2**20
MAX_FORMULA_SHOWN = 80

# label (normalised) -> canonical pointer of a single-value field
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "表单编号": ("id",), "编号": ("id",),
    "预算年度": ("budget_year",),
    "指标体系": ("layout",),
    "项目名称": ("project",),
    "主管部门": ("department",), "主管部门及代码": ("department",),
    "实施单位": ("unit",), "单位名称": ("unit",), "预算单位": ("unit",), "部门名称": ("unit",),
    "部门（单位）名称": ("unit",), "部门(单位)名称": ("unit",),
    "项目属性": ("attribute",),
    "项目期限": ("period",),
    "立项依据": ("basis",),
    "年度资金总额": ("funds", "total"), "资金总额": ("funds", "total"), "年度预算总额": ("funds", "total"),
    "财政拨款": ("funds", "fiscal"), "其他资金": ("funds", "other"),
    "上年金额": ("funds", "previous_year"), "上年资金": ("funds", "previous_year"),
    "中长期目标": ("long_term_goal",), "总目标": ("long_term_goal",),
    "年度目标": ("annual_goal",), "年度总体目标": ("annual_goal",),
    "编制人数": ("staff", "authorized"), "实有人数": ("staff", "actual"),
    "备注": ("note",),
}
SECTION_LABELS = {"绩效指标", "年度绩效指标", "实施进度", "资金支出计划", "年度主要任务", "绩效目标", "年度绩效目标",
                  "总体目标", "资金情况", "项目资金", "人员情况", "基本信息", "项目基本信息"}
LIST_SECTIONS = {"实施进度": "schedule", "资金支出计划": "spending_plan", "年度主要任务": "tasks"}
INDICATOR_COLUMNS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标内容": "name", "指标名称": "name",
    "指标值": "value", "目标值": "value", "年度指标值": "value", "中长期指标值": "value_long",
    "度量单位": "unit", "计量单位": "unit", "指标性质": "nature", "比较符": "comparator",
    "权重": "weight", "分值": "weight", "指标方向": "direction",
}
LIST_COLUMNS = {
    "schedule": {"时间": "period", "阶段": "period", "期间": "period", "时间节点": "period", "实施内容": "content",
                 "内容": "content", "工作内容": "content", "支出内容": "content", "金额": "amount", "金额（万元）": "amount",
                 "计划支出金额": "amount", "支出金额": "amount"},
    "tasks": {"任务名称": "name", "任务": "name", "主要内容": "content", "内容": "content",
              "预算": "budget", "预算金额": "budget", "预算（万元）": "budget", "预算金额（万元）": "budget"},
}
LIST_COLUMNS["spending_plan"] = LIST_COLUMNS["schedule"]

_NOISE = re.compile(r"[\s*＊:：]|（万元）|\(万元\)|（人）|\(人\)|^其中")


def norm(value: Any) -> str:
    """A label as written (`* 项目名称：`, `其中：财政拨款（万元）`) → its bare name."""
    if not isinstance(value, str):
        return ""
    return _NOISE.sub("", _NOISE.sub("", value))


def cell_name(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col)}{row}"


def read_workbook(path: str, data: bytes, display: str) -> ReadResult:
    """Every form in an Excel workbook (already read into `data`), or Problems saying why not."""
    bad = _sniff_bad(data, path)
    if bad is not None:
        return ReadResult(problems=[Problem(Location(display), bad[0], hint=bad[1])])
    try:
        wb = _open(data, data_only=True)
        # the same workbook with formulas as written, only when some formula has no saved result
        formula_book = _open(data, data_only=False) if _may_hold_unsaved_formulas(data) else None
    except Exception as exc:  # noqa: BLE001 - a damaged file must be a diagnostic, never a traceback
        return ReadResult(problems=[Problem(Location(display), Text(  # openpyxl's words: in English only
            "不是有效的 Excel 文件：工作簿无法打开（文件已损坏或不是 .xlsx 格式）",
            f"cannot open the Excel workbook (damaged or not an .xlsx file): {type(exc).__name__}: {exc}"), hint=_SAVE_AS_XLSX)])
    result = ReadResult()
    try:
        for ws in wb.worksheets:
            try:
                _read_sheet(ws, display, result, formula_book)
            except Exception as exc:  # noqa: BLE001 - one broken sheet must not lose the others
                result.problems.append(Problem(Location(display, sheet=ws.title, cell="A1"), Text(
                    f"工作表“{ws.title}”无法读取（这张表在文件里的数据已损坏或无法识别）",
                    f"sheet {ws.title!r} could not be read: {type(exc).__name__}: {exc}")))
    finally:
        wb.close()
        if formula_book is not None:
            formula_book.close()
    return result


def _open(data: bytes, data_only: bool) -> Any:
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about data validation and styles it skips
        return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


def _may_hold_unsaved_formulas(data: bytes) -> bool:
    """Whether a sheet of the workbook may hold a formula saved without its result (UNSAVED_FORMULA)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                try:
                    with zf.open(name) as src:
                        xml = src.read(SCAN_BYTES + 1)
                except (zipfile.BadZipFile, zlib.error, EOFError):
                    continue  # a damaged sheet fails its own read and is reported there
                if len(xml) > SCAN_BYTES or UNSAVED_FORMULA.search(xml):
                    return True
    return False


def _sniff_bad(data: bytes, path: str) -> tuple[Text, Text] | None:
    """Files with an Excel extension that are not .xlsx workbooks: what they are, and what to do."""
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2 compound file
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data or \
                "EncryptedPackage".encode("utf-16-le") in data:
            return Text("工作簿设有打开密码（已加密），无法读取；请取消密码后另存为 .xlsx",
                        "the workbook is password-protected (encrypted) and cannot be read; remove the password and save "
                        "as .xlsx"), _SAVE_AS_XLSX
        return Text("这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 中另存为 .xlsx 后再检查",
                    "this is an old Excel 97-2003 workbook (.xls); save it as .xlsx in Excel and check again"), _SAVE_AS_XLSX
    if not data.startswith(b"PK"):
        head = data[:2048]
        try:
            head.decode("utf-8")
            looks_text = True
        except UnicodeDecodeError:
            looks_text = all(b >= 0x09 for b in head[:200])
        if looks_text:
            return Text(f"{Path(path).suffix} 文件实际是文本（CSV 或其他）而不是 Excel 工作簿；请改回正确的扩展名（如 .csv）",
                        f"this {Path(path).suffix} file is really text (CSV or similar), not an Excel workbook; "
                        "give it its real extension (e.g. .csv)"), _RENAME
        return Text("不是有效的 .xlsx 工作簿（文件已损坏）", "not a valid .xlsx workbook (the file is damaged)"), _SAVE_AS_XLSX
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "xl/workbook.xml" not in zf.namelist():
                return Text("不是有效的 .xlsx 工作簿（压缩包内没有 xl/workbook.xml）",
                            "not a valid .xlsx workbook (no xl/workbook.xml inside the archive)"), _SAVE_AS_XLSX
    except zipfile.BadZipFile:
        return Text("不是有效的 .xlsx 工作簿（文件已损坏）", "not a valid .xlsx workbook (the file is damaged)"), _SAVE_AS_XLSX
    return None


@dataclass(frozen=True)
class Unsaved:
    """The content of a formula cell saved without its result: a value is there, but not one jxlint can see."""

    formula: str


class Grid:
    """The cells of one sheet as a dict {(row, col): value}, blanks left out; a formula saved without its result
    is an Unsaved value when `formulas` (the same sheet read without data_only) is given."""

    def __init__(self, ws: Any, formulas: Any = None) -> None:
        from openpyxl.cell.read_only import EMPTY_CELL

        self.cells: dict[tuple[int, int], Any] = {}
        self.truncated = False
        self.errors: list[tuple[int, int, str]] = []
        self.blanks: set[tuple[int, int]] = set()  # cells the file has, with no value: where a formula may be
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a used range inflated by one stray far cell must not pad a million empty rows
        gap_row = None  # openpyxl fills a gap of missing rows with one tuple, yielded again and again
        for r, row in enumerate(ws.iter_rows(max_col=MAX_COLS), start=1):
            if row is gap_row:
                continue
            if all(cell is EMPTY_CELL for cell in row):  # missing from the file, or cells beyond MAX_COLS only
                gap_row = row
                continue
            if r > MAX_ROWS:
                self.truncated = any(_filled(getattr(cell, "value", None)) for cell in row)
                if self.truncated:
                    break
                continue
            self._read_row(r, row, EMPTY_CELL)
        if formulas is not None and self.blanks:
            self.cells.update({spot: Unsaved(text) for spot, text in _formulas_at(formulas, self.blanks).items()})
        self.max_row = max((r for r, _ in self.cells), default=0)
        self.max_col = max((c for _, c in self.cells), default=0)

    def _read_row(self, r: int, row: tuple, empty: Any) -> None:
        for c, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            if value is None:
                # t="str" is a formula whose saved result is empty text: blank, and truly so
                if cell is not empty and getattr(cell, "data_type", None) != "str":
                    self.blanks.add((r, c))
                continue
            if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                    "%" in str(getattr(cell, "number_format", "") or ""):
                value = f"{round(value * 100, 6):g}%"  # 95% typed in Excel is stored as 0.95
            if isinstance(value, str):
                if value.strip() in ERROR_VALUES:
                    self.errors.append((r, c, value.strip()))
                    continue
                if not value.strip():
                    continue
            self.cells[(r, c)] = value

    def get(self, r: int, c: int) -> Any:
        return self.cells.get((r, c))

    def label(self, r: int, c: int) -> str:
        return norm(self.get(r, c))


def _formulas_at(ws: Any, spots: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """{(row, col): formula as written, `=SUM(C6:C8)`} of those `spots` of a sheet read without data_only
    that hold a formula."""
    found: dict[tuple[int, int], str] = {}
    last_row = max(r for r, _ in spots)
    for r, row in enumerate(ws.iter_rows(max_row=last_row, max_col=MAX_COLS), start=1):
        for c, cell in enumerate(row, start=1):
            if (r, c) not in spots:
                continue
            text = getattr(cell.value, "text", cell.value)  # an array formula is an object holding its text
            if isinstance(text, str) and text.startswith("="):
                found[(r, c)] = text
    return found


def _filled(value: Any) -> bool:
    """A cell value that counts as content: not None and not only spaces."""
    return value is not None and not (isinstance(value, str) and not value.strip())


def _is_label(text: str) -> bool:
    return text in FIELD_LABELS or text in SECTION_LABELS or text in INDICATOR_COLUMNS


def _read_sheet(ws: Any, path: str, result: ReadResult, formula_book: Any = None) -> None:
    """The form of one sheet into `result`, or the Problems saying why not; `formula_book` is the workbook read
    without data_only, when some formula of it may have no saved result."""
    title = ws.title
    if title.startswith("jxlint") or title.strip().lower() in INSTRUCTION_SHEETS or title.startswith("_"):
        return
    grid = Grid(ws, formula_book[title] if formula_book is not None else None)
    where = Location(path, sheet=title, cell="A1")
    if not grid.cells:
        return  # an empty sheet (Sheet2, Sheet3 …)
    record, places = _record(grid)
    state = getattr(ws, "sheet_state", "visible")
    if state != "visible":
        if record is not None:
            result.problems.append(Problem(where, Text(
                f"工作表“{title}”已隐藏，未检查；如需检查请取消隐藏",
                f"sheet {title!r} is hidden and was not checked; unhide it to lint it")))
        return
    if grid.truncated:
        result.problems.append(Problem(Location(path, sheet=title, cell=cell_name(MAX_ROWS, 1)), Text(
            f"工作表“{title}”超过 {MAX_ROWS} 行，只读取了前 {MAX_ROWS} 行",
            f"sheet {title!r} has more than {MAX_ROWS} rows; only the first {MAX_ROWS} were read")))
    for r, c, err in grid.errors:
        result.problems.append(Problem(Location(path, sheet=title, cell=cell_name(r, c)), Text(
            f"工作表“{title}”单元格 {cell_name(r, c)} 的公式出错（{err}），按空白处理",
            f"formula error {err} in {title}!{cell_name(r, c)}; read as blank"), form_id=None, hint=_FIX_FORMULA))
    if record is None:
        result.problems.append(Problem(where, Text(
            f"工作表“{title}”中找不到申报表的表头（项目名称、一级指标 …），未检查",
            f"sheet {title!r} has no recognisable form header (项目名称, 一级指标 …); not checked")))
        return
    default_id = f"{stem(path)}!{title}"
    first = min(places.values(), default=(1, 1))

    def locate(pointer: tuple) -> Location:
        probe = tuple(pointer)
        while probe and probe not in places:
            probe = probe[:-1]
        r, c = places.get(probe, first)
        return Location(path, sheet=title, cell=cell_name(r, c))

    unread = _unsaved_fields(grid, places, path, title, result, form_id=str(record.get("id") or default_id))
    form, errors = read_record(record, path=path, default_id=default_id, locate=locate)
    if form is not None:
        result.forms.append(replace(form, unread=form.unread | unread) if unread else form)
    for exc in errors:
        result.problems.append(Problem(locate(field_pointer(exc.field)), exc.text, field=exc.field or None,
                                       form_id=str(record.get("id") or default_id)))


def _unsaved_fields(grid: Grid, places: dict[tuple, tuple[int, int]], path: str, title: str,
                    result: ReadResult, form_id: str) -> frozenset[str]:
    """The fields read from a formula saved without its result, each such cell reported once (F002, on the form
    and the first field it holds): the field was filled, with a value jxlint cannot see, so it must not be judged
    as blank."""
    containers = {p[:k] for p in places for k in range(1, len(p))}  # ("indicators", 3) holds ("indicators", 3, "name")
    fields: set[str] = set()
    reported: set[tuple[int, int]] = set()
    for pointer, (r, c) in sorted(places.items(), key=lambda item: item[1]):
        cell = grid.get(r, c)
        if not isinstance(cell, Unsaved) or pointer in containers:
            continue
        fields.add(pointer_field(pointer))
        if (r, c) in reported:
            continue
        reported.add((r, c))
        formula = cell.formula if len(cell.formula) <= MAX_FORMULA_SHOWN else cell.formula[:MAX_FORMULA_SHOWN] + "…"
        where = f"{title}!{cell_name(r, c)}"
        result.problems.append(Problem(Location(path, sheet=title, cell=cell_name(r, c)), Text(
            f"单元格 {where} 是公式（{formula}），但文件里没有保存计算结果；请在 Excel 中打开并保存后再检查",
            f"cell {where} holds a formula ({formula}) but the file has no saved result for it; "
            "open and save the workbook in Excel, then lint again"), field=pointer_field(pointer), form_id=form_id,
            hint=_RECALCULATE))
    return frozenset(fields)


def _value_text(value: Any) -> Any:
    if isinstance(value, Unsaved):  # its result is unknown: read as blank, the field marked unread
        return ""
    if isinstance(value, bool):  # as Excel shows it, not as Python prints it
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _as_text(value: Any) -> str:
    value = _value_text(value)
    return value if isinstance(value, str) else str(value)


def _record(grid: Grid) -> tuple[dict[str, Any] | None, dict[tuple, tuple[int, int]]]:
    """(canonical record, {pointer: (row, col)}) of one sheet; record None when no form header is found."""
    record: dict[str, Any] = {}
    places: dict[tuple, tuple[int, int]] = {}
    used: set[tuple[int, int]] = set()
    found_labels = 0
    ind_header = _find_indicator_header(grid)
    table_rows: set[int] = set()
    if ind_header:
        rows = _read_indicators(grid, ind_header, record, places)
        table_rows.update(rows)
        found_labels += 1
    for section, key in LIST_SECTIONS.items():
        rows = _read_list(grid, section, key, record, places)
        table_rows.update(rows)
        found_labels += bool(rows)
    for (r, c), value in sorted(grid.cells.items()):
        if r in table_rows:
            continue
        label = norm(value)
        pointer = FIELD_LABELS.get(label)
        if pointer is None or pointer in places:
            continue
        found_labels += 1
        spot = _value_of(grid, r, c)
        places[pointer] = spot or (r, c)
        if spot is None:
            if pointer[0] in ("funds", "staff"):
                record.setdefault(pointer[0], {})
                places.setdefault((pointer[0],), (r, c))
            elif pointer[0] not in ("budget_year", "layout", "id", "period"):
                record[pointer[0]] = ""  # the label is there, its value left blank
            continue
        used.add(spot)
        raw = _value_text(grid.get(*spot))
        if pointer[0] in ("funds", "staff"):
            record.setdefault(pointer[0], {})[pointer[1]] = raw if not isinstance(raw, str) else raw.strip()
            places.setdefault((pointer[0],), (r, c))
        else:
            record[pointer[0]] = raw if pointer[0] == "budget_year" else _as_text(raw).strip() if pointer[0] not in (
                "long_term_goal", "annual_goal", "basis", "note") else _as_text(raw)
    if not found_labels or not ({"project", "unit", "indicators", "staff", "annual_goal", "long_term_goal"} & set(record)):
        return None, places
    title = " ".join(str(v) for (r, _), v in grid.cells.items() if r <= 3 and isinstance(v, str))
    is_department = "staff" in record or "tasks" in record or ("部门整体" in title) or (
        "project" not in record and "long_term_goal" not in record and "整体" in title)
    record["type"] = "department" if is_department else "project"
    return record, places


def _value_of(grid: Grid, r: int, c: int) -> tuple[int, int] | None:
    """The value cell of a label: the next non-empty cell to the right unless it is another label,
    else the cell below when it is not a label."""
    for cc in range(c + 1, grid.max_col + 1):
        v = grid.get(r, cc)
        if v is None:
            continue
        if _is_label(norm(v)):
            break
        return (r, cc)
    below = grid.get(r + 1, c)
    if below is not None and not _is_label(norm(below)):
        return (r + 1, c)
    return None


def _find_indicator_header(grid: Grid) -> tuple[int, dict[int, str]] | None:
    for r in range(1, grid.max_row + 1):
        cols: dict[int, str] = {}
        for c in range(1, grid.max_col + 1):
            label = grid.label(r, c)
            key = INDICATOR_COLUMNS.get(label)
            if key is None and label.endswith("指标值"):
                key = "value_long" if "长期" in label else "value"
            if key and not (key in cols.values() and key != "value"):
                cols[c] = key
        if {"level1", "name"} <= set(cols.values()) or {"level2", "name"} <= set(cols.values()):
            # a second 指标值 column, or a sub-header row of 年度 / 中长期 under 指标值
            value_cols = [c for c, k in cols.items() if k == "value"]
            for c in value_cols[1:]:
                cols[c] = "value_long"
            sub = r + 1
            has_sub = False
            for c in range(1, grid.max_col + 1):
                label = grid.label(sub, c)
                if label in ("年度", "年度指标值", "年度目标值"):
                    cols[c] = "value"
                    has_sub = True
                elif label in ("中长期", "中长期指标值", "中长期目标值", "长期"):
                    cols[c] = "value_long"
                    has_sub = True
            return (sub if has_sub else r), cols
    return None


def _read_indicators(grid: Grid, header: tuple[int, dict[int, str]], record: dict[str, Any],
                     places: dict[tuple, tuple[int, int]]) -> set[int]:
    header_row, cols = header
    by_key = {}
    for c, k in cols.items():
        by_key.setdefault(k, c)
    items: list[dict[str, Any]] = []
    rows = {header_row, header_row - 1}
    carry: dict[str, tuple[str, tuple[int, int]]] = {}
    name_col = by_key.get("name")
    home_col = by_key.get("name", min(cols))
    places[("indicators",)] = (header_row, min(cols))
    r = header_row
    after_gap = False
    while r < grid.max_row:
        r += 1
        present = {k: grid.get(r, c) for k, c in by_key.items() if grid.get(r, c) is not None}
        if not present and items and any(grid.get(r, c) is not None for c in range(1, grid.max_col + 1)):
            break  # something else starts below the table
        if not present:
            after_gap = after_gap or bool(items)  # blank rows inside the table are skipped
            continue
        if _ends_indicators(grid, r, present, by_key) or (after_gap and "name" not in present):
            break  # after blank rows only an indicator row (one with a name) carries the table on
        after_gap = False
        rows.add(r)
        _carry_groups(present, by_key, r, carry)
        if name_col is None or "name" not in present and not any(k.startswith("value") for k in present):
            continue  # a row that only opens a group (一级/二级 with no indicator)
        for vkey in _value_keys(present):
            base = ("indicators", len(items))
            places[base] = (r, home_col)
            items.append(_indicator(present, by_key, carry, vkey, (r, home_col), base, places))
    record["indicators"] = items
    return rows


def _carry_groups(present: dict[str, Any], by_key: dict[str, int], r: int,
                  carry: dict[str, tuple[str, tuple[int, int]]]) -> None:
    """一级/二级 given on row `r` hold for the rows below it; a new 一级 ends the 二级 above."""
    for k in ("level1", "level2"):
        if k in present:
            carry[k] = (_as_text(present[k]).strip(), (r, by_key[k]))
            if k == "level1":
                carry.pop("level2", None)


def _value_keys(present: dict[str, Any]) -> list[str]:
    """The value column of each indicator a row holds: the annual one, and the long-term one when filled
    (a row with only a long-term value holds only that indicator)."""
    keys = [] if "value" not in present and "value_long" in present else ["value"]
    return keys + (["value_long"] if "value_long" in present else [])


def _indicator(present: dict[str, Any], by_key: dict[str, int], carry: dict[str, tuple[str, tuple[int, int]]],
               vkey: str, name_place: tuple[int, int], base: tuple,
               places: dict[tuple, tuple[int, int]]) -> dict[str, Any]:
    """One indicator of a row, valued from column `vkey`; where each of its fields was read goes into `places`."""
    r = name_place[0]
    item: dict[str, Any] = {}
    for k in ("level1", "level2"):
        if k in carry:
            item[k] = carry[k][0]
            places[base + (k,)] = carry[k][1]
    item["name"] = _as_text(present.get("name", "")).strip()
    places[base + ("name",)] = name_place
    if vkey in by_key:
        item["value"] = _as_text(present.get(vkey, "")).strip()
        places[base + ("value",)] = (r, by_key[vkey])
    for k in ("unit", "comparator", "direction", "weight"):
        if k in present:
            item[k] = _as_text(present[k]).strip()
            places[base + (k,)] = (r, by_key[k])
    if "nature" in present:
        nature = _as_text(present["nature"]).strip()
        if comparator_of(nature) and "comparator" not in item:
            item["comparator"] = nature
            places[base + ("comparator",)] = (r, by_key["nature"])
        else:
            item["value_type"] = nature
    if vkey == "value_long":
        item["term"] = "long_term"
    return item


def _ends_indicators(grid: Grid, r: int, present: dict[str, Any], by_key: dict[str, int]) -> bool:
    """A row that is no indicator row: a label beside the table with no indicator name,
    or a field or section label in it."""
    if not present.get("name") and any(_is_label(norm(grid.get(r, c))) and norm(grid.get(r, c)) != "一级指标"
                                       for c in range(1, grid.max_col + 1)
                                       if grid.get(r, c) is not None and c not in by_key.values()):
        return True
    return any(norm(v) in LIST_SECTIONS or norm(v) in FIELD_LABELS for v in present.values())


def _read_list(grid: Grid, section: str, key: str, record: dict[str, Any],
               places: dict[tuple, tuple[int, int]]) -> set[int]:
    """The rows of a 实施进度 / 资金支出计划 / 年度主要任务 table under its section title."""
    marker = next(((r, c) for (r, c), v in sorted(grid.cells.items()) if norm(v) == section), None)
    if marker is None:
        return set()
    columns = LIST_COLUMNS[key]
    first_key = "name" if key == "tasks" else "period"
    for hr in range(marker[0], marker[0] + 4):
        cols = {c: columns[grid.label(hr, c)] for c in range(1, grid.max_col + 1)
                if (hr, c) != marker and grid.label(hr, c) in columns}
        if first_key in cols.values():
            break
    else:
        return set()
    by_key: dict[str, int] = {}
    for c, k in cols.items():
        by_key.setdefault(k, c)
    rows = {marker[0], hr}
    items = []
    places[(key,)] = (hr, min(cols))
    r = hr
    while r < grid.max_row:
        r += 1
        present = {k: grid.get(r, c) for k, c in by_key.items() if grid.get(r, c) is not None}
        if not present:
            break
        others = [norm(grid.get(r, c)) for c in range(1, grid.max_col + 1) if grid.get(r, c) is not None]
        if any(o in LIST_SECTIONS or o in FIELD_LABELS or o in INDICATOR_COLUMNS for o in others):
            break
        rows.add(r)
        i = len(items)
        item = {}
        for k, v in present.items():
            v = _value_text(v)
            item[k] = v if k in ("amount", "budget") else _as_text(v).strip()
            places[(key, i, k)] = (r, by_key[k])
        places[(key, i)] = (r, by_key.get(first_key, min(cols)))
        items.append(item)
    record[key] = items
    return rows
