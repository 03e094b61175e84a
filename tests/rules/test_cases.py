"""Each rule's cases as data: tests/rules/cases/<CODE>.yaml, run through the whole engine.

A case gives one form (or, for a batch rule, `forms`), and `expect`: the findings of that code, each as
the form id, the field and optionally words its message must contain (`message_has`) or must not
(`message_lacks`), and the same of its hint (`hint_has`, `hint_lacks`); `expect: []` means the code must
not fire. Only the file's code is selected, so a case says nothing about other rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linter.codes import get_rule
from linter.config import Settings
from linter.engine import lint_forms
from tests.conftest import make_form

CASES_DIR = Path(__file__).parent / "cases"
FILES = sorted(CASES_DIR.glob("*.yaml"))
CASES = [(path.stem, index, case) for path in FILES
         for index, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")))]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_cases_file_is_named_by_a_rule_code(path):
    assert get_rule(path.stem) is not None and get_rule(path.stem).code == path.stem


@pytest.mark.parametrize("code,index,case", CASES, ids=[f"{c}-{i}-{case['name']}" for c, i, case in CASES])
def test_rule_case(code, index, case):
    records = case.get("forms") or [case["form"]]
    forms = [make_form(record, default_id=f"form{n}") for n, record in enumerate(records)]
    settings = Settings(select=(code,), budget_year=case.get("budget_year"))
    diagnostics, _, _ = lint_forms(forms, settings)
    found = sorted((d.form_id, d.field) for d in diagnostics if d.code == code)
    expected = sorted((e["form"], e["field"]) for e in case["expect"])
    assert found == expected, case["name"]
    for e in case["expect"]:
        found_here = next(d for d in diagnostics if (d.form_id, d.field) == (e["form"], e["field"]))
        for part in ("message", "hint"):
            text = getattr(found_here, part)
            for words in e.get(f"{part}_has", []):
                assert words in text, (case["name"], text)
            for words in e.get(f"{part}_lacks", []):
                assert words not in text, (case["name"], text)
