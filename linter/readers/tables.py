"""CSV/TSV goal tables with the seed corpus columns: one goals-only form per row."""

from __future__ import annotations

import csv
import io

from linter.model import Location
from linter.readers import Problem, ReadResult, stem
from linter.readers.records import GOAL_TABLE_COLUMNS, RecordError, form_from_record
from linter.text import Text

PROJECT_COLUMNS = ["id", "unit", "project", "long_term_goal", "annual_goal"]
DEPARTMENT_COLUMNS = ["id", "unit", "annual_goal"]


def read_table(text: str, path: str, delimiter: str) -> ReadResult:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))
    header = [h.strip() for h in rows[0]] if rows else []
    expected = PROJECT_COLUMNS if "project" in header or "long_term_goal" in header else DEPARTMENT_COLUMNS
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in GOAL_TABLE_COLUMNS]
    if missing or unknown:
        zh, en = [], []
        if missing:
            zh.append(f"缺少列 {', '.join(missing)}")
            en.append(f"missing column(s) {', '.join(missing)}")
        if unknown:
            zh.append(f"未知列 {', '.join(unknown)}")
            en.append(f"unknown column(s) {', '.join(repr(c) for c in unknown)}")
        columns = ", ".join(expected)
        return ReadResult(problems=[Problem(Location(path, line=1, row=0), Text(
            f"不是目标表：{'；'.join(zh)}；应有的列为 {columns}（row_no 可选）",
            f"not a goal table: {'; '.join(en)}; expected columns {columns} (row_no optional)",
        ))])
    result = ReadResult()
    for number, row in enumerate(rows[1:], start=1):
        if not any(cell.strip() for cell in row):
            continue
        line = number + 1
        if len(row) != len(header):
            result.problems.append(Problem(Location(path, line=line, row=number),
                                           Text(f"本行有 {len(row)} 个单元格，表头有 {len(header)} 列",
                                                f"row has {len(row)} cells, the header has {len(header)}")))
            continue
        record = {k: v for k, v in zip(header, row) if not (k == "row_no" and not v.strip())}

        def locate(pointer, line=line, number=number):
            column = pointer[0] if pointer else None
            return Location(path, line=line, row=number, pointer=str(column) if column else None)

        try:
            result.forms.append(form_from_record(record, path=path, default_id=f"{stem(path)}:{line}",
                                                 locate=locate, source="goal-table"))
        except RecordError as exc:
            result.problems.append(Problem(locate(()), exc.text, field=exc.field, form_id=record.get("id")))
    return result
