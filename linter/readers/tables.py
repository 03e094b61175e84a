"""CSV/TSV goal tables with the seed corpus columns: one goals-only form per row."""

from __future__ import annotations

import csv
import io

from linter.model import Location
from linter.readers.result import Problem, ReadResult, stem
from linter.readers.records import GOAL_TABLE_COLUMNS, read_record
from linter.text import Text

PROJECT_COLUMNS = ["id", "unit", "project", "long_term_goal", "annual_goal"]
DEPARTMENT_COLUMNS = ["id", "unit", "annual_goal"]


def read_table(text: str, path: str, delimiter: str) -> ReadResult:
    text = text.lstrip("\ufeff")
    try:
        rows = _rows(text, delimiter)
    except _BadLine as exc:
        return ReadResult(problems=[Problem(Location(path, line=exc.line), exc.text)])
    header = [h.strip() for h in rows[0][1]] if rows else []
    problem = _header_problem(header, path)
    if problem is not None:
        return ReadResult(problems=[problem])
    result = ReadResult()
    unclosed = _unclosed_quote_line(text, rows[-1][1]) if len(rows) > 1 else None
    if unclosed is not None:  # the last row swallowed the rest of the file into one cell: not a row as written
        result.problems.append(Problem(Location(path, line=unclosed, row=len(rows) - 1), Text(
            f"引号未闭合：第 {unclosed} 行的单元格以引号（\"）开头，但直到文件末尾都没有对应的结束引号",
            f"unclosed quote: the cell opened with a quote (\") on line {unclosed} never closes before the end of the file")))
        rows = rows[:-1]
    for number, (line, row) in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            result.problems.append(Problem(Location(path, line=line, row=number),
                                           Text(f"本行有 {len(row)} 个单元格，表头有 {len(header)} 列",
                                                f"row has {len(row)} cells, the header has {len(header)}")))
            continue
        record = {k: v for k, v in zip(header, row) if not (k == "row_no" and not v.strip())}

        def locate(pointer, line=line, number=number):
            column = pointer[0] if pointer else None
            return Location(path, line=line, row=number, pointer=str(column) if column else None)

        form, errors = read_record(record, path=path, default_id=f"{stem(path)}:{line}", locate=locate,
                                   source="goal-table")
        result.forms += [form] if form is not None else []
        for exc in errors:
            result.problems.append(Problem(locate(()), exc.text, field=exc.field, form_id=record.get("id")))
    return result


# csv's default cell limit (128 KB) would make one pasted cell fail the whole file; the file-size cap bounds
# cells instead, and the engine reports a field too long to check on its own form (F002).
csv.field_size_limit(2**31 - 1)


class _BadLine(Exception):
    """A line the csv module refuses: where, and what is wrong said in both languages."""

    def __init__(self, line: int, text: Text) -> None:
        super().__init__(text.en)
        self.line = line
        self.text = text


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """(physical line where the row starts, cells) for each row; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, start = [], 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:  # csv's words stay in the English message
        line = reader.line_num
        zh = "单元格里有不在引号内的回车符：请把这个单元格用双引号括起来，或删去其中的换行" if "new-line" in str(exc) \
            else "这一行不是有效的表格行"
        raise _BadLine(line, Text(f"表格格式错误（第 {line} 行）：{zh}", f"malformed table (line {line}): {exc}")) from None
    return rows


def _unclosed_quote_line(text: str, last: list[str]) -> int | None:
    """Line of the opening quote when the last cell is a quoted cell left open until the end of the text.

    csv reads such a cell to the end without complaint; its text written back ("" for each ") is then
    exactly the end of the file, right after the opening quote."""
    if not last:  # a blank last line: no cell at all
        return None
    raw = last[-1].replace('"', '""')
    opening = len(text) - len(raw) - 1
    if opening < 0 or text[opening] != '"' or not text.endswith(raw):
        return None
    return text.count("\n", 0, opening) + 1


def _header_problem(header: list[str], path: str) -> Problem | None:
    expected = PROJECT_COLUMNS if "project" in header or "long_term_goal" in header else DEPARTMENT_COLUMNS
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in GOAL_TABLE_COLUMNS]
    repeated = sorted({c for i, c in enumerate(header) if c in header[:i]})
    if not (missing or unknown or repeated):
        return None
    zh, en = [], []
    if repeated:
        zh.append(f"列 {', '.join(repeated)} 重复出现")
        en.append(f"duplicate column(s) {', '.join(repr(c) for c in repeated)}")
    if missing:
        zh.append(f"缺少列 {', '.join(missing)}")
        en.append(f"missing column(s) {', '.join(missing)}")
    if unknown:
        zh.append(f"未知列 {', '.join(unknown)}")
        en.append(f"unknown column(s) {', '.join(repr(c) for c in unknown)}")
    columns = ", ".join(expected)
    return Problem(Location(path, line=1, row=0), Text(
        f"不是目标表：{'；'.join(zh)}；应有的列为 {columns}（row_no 可选）",
        f"not a goal table: {'; '.join(en)}; expected columns {columns} (row_no optional)",
    ))
