"""G004 and G005 share one copy analysis per run, handed by the engine (no state kept between runs)."""

from __future__ import annotations

from linter.config import Settings
from linter.engine import lint_forms
from tests.conftest import make_form

_GOAL = "保证校园内全体师生的安全，保障校园内财产安全，维护稳定发展。"


def _forms(unit_b: str):
    return [make_form({"id": "P1", "type": "project", "unit": "岳阳市洞纺学校", "project": "安保经费", "annual_goal": _GOAL}),
            make_form({"id": "P2", "type": "project", "unit": unit_b, "project": "安保经费", "annual_goal": _GOAL})]


def test_the_copy_analysis_runs_once_per_run_and_never_leaks_into_the_next(monkeypatch):
    import linter.similarity as similarity

    calls = []
    real = similarity.find_copies
    monkeypatch.setattr(similarity, "find_copies", lambda texts, *a, **k: calls.append(len(texts)) or real(texts, *a, **k))
    settings = Settings(select=("G004", "G005"))
    first = lint_forms(_forms("岳阳市第九中学"), settings)[0]
    assert len(calls) == 1 and sum("其他单位" in d.message for d in first) == 2
    second = lint_forms(_forms("岳阳市洞纺学校"), settings)[0]  # same unit: its own repeat is no copy
    assert len(calls) == 2 and not any("其他单位" in d.message for d in second)
