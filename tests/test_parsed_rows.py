"""A form's indicator rows with their parsed values (linter.analysis.indicator_rows): parsed once per form, for
every indicator rule of its checks."""

from __future__ import annotations

import linter.analysis.indicator_rows as indicator_rows
from linter.config import Settings
from linter.engine import lint_forms
from tests.conftest import make_form

_ROWS = [("产出指标", "数量指标", "培训人次", "≥1600人次"), ("", "", "", ""), ("效益指标", "社会效益指标", "群众安全感", "")]


def _form(form_id: str = "P1"):
    return make_form({"id": form_id, "type": "project", "unit": "某局", "project": "某项目", "budget_year": 2021,
                      "indicators": [dict(zip(("level1", "level2", "name", "value"), r)) for r in _ROWS]})


def _count_parses(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = indicator_rows._parsed
    monkeypatch.setattr(indicator_rows, "_parsed", lambda ind: calls.append(ind.name) or real(ind))
    return calls


def test_rows_skip_empty_rows_and_keep_their_index():
    found = indicator_rows.rows(_form())
    assert [(i, ind.name) for i, ind, _ in found] == [(0, "培训人次"), (2, "群众安全感")]
    assert found[0][2].number == 1600 and found[1][2].kind == "empty"


def test_a_form_is_parsed_once_and_the_next_form_replaces_it(monkeypatch):
    calls = _count_parses(monkeypatch)
    first, second = _form("P1"), _form("P2")
    assert indicator_rows.rows(first) is indicator_rows.rows(first) and len(calls) == 2
    indicator_rows.rows(second)
    indicator_rows.rows(first)  # only the form being checked is kept
    assert len(calls) == 6


def test_every_indicator_rule_of_a_run_reads_the_rows_parsed_once_per_form(monkeypatch):
    calls = _count_parses(monkeypatch)
    diagnostics = lint_forms([_form("P1"), _form("P2")], Settings(select=("I",)))[0]
    assert {d.code for d in diagnostics} >= {"I001"}  # the rules did run on the rows
    assert calls == ["培训人次", "群众安全感"] * 2
