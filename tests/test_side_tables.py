"""Side tables (funding and staffing rows) join their goal form by unit and project; a row that cannot join is
linted on its own and said (F005), never dropped."""

from __future__ import annotations

import json

from linter.config import Settings
from linter.engine import lint_paths


def _write(folder, name, rows):
    (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_a_second_row_for_the_same_unit_is_linted_and_said_not_dropped(tmp_path):
    _write(tmp_path, "department_goals.jsonl", [{"id": "D1", "unit": "岳阳市审计局", "annual_goal": "2021年完成审计项目45个"}])
    _write(tmp_path, "staffing.jsonl", [{"unit": "岳阳市审计局", "authorized_staff": 87, "actual_staff": 81},
                                        {"unit": "岳阳市审计局", "authorized_staff": 10, "actual_staff": 200},
                                        {"unit": "岳阳市交通运输局", "authorized_staff": 50, "actual_staff": 40}])
    report = lint_paths([str(tmp_path)], Settings(select=("B002", "F005"), budget_year=2021))
    found = sorted((d.code, d.location.line, d.message) for d in report.diagnostics)
    assert [(code, line) for code, line, _ in found] == [("B002", 2), ("F005", 2), ("F005", 3)]
    repeated, unmatched = found[1][2], found[2][2]
    assert "重复" in repeated and "找不到" not in repeated
    assert "找不到对应的部门表" in unmatched
    merged = next(f for f in report.forms if f.form_id == "D1")
    assert merged.staff is not None and merged.staff.actual == 81  # the first row joined its form
