"""Every rule's documented examples run as tests (LanguageTool style): `fires` must fire, `passes` must not."""

from __future__ import annotations

import pytest

from linter.registry import BATCH
from linter.codes import all_rules
from tests.conftest import make_form

CASES = [(r, i, ex) for r in all_rules() if r.check is not None for i, ex in enumerate(r.examples)]


def test_every_rule_with_a_check_has_firing_and_passing_examples():
    for r in all_rules():
        if r.check is None:
            continue
        assert any(e.fires for e in r.examples), f"{r.code} has no firing example"
        assert any(not e.fires for e in r.examples), f"{r.code} has no passing example"


def test_every_rule_is_documented():
    for r in all_rules():
        assert r.code[0] in "FGIBS" and len(r.code) == 4, r.code
        for text in (r.message, r.hint, r.what, r.why, r.message_en, r.hint_en, r.what_en, r.why_en):
            assert text.strip(), f"{r.code} lacks a text"


@pytest.mark.parametrize("r,i,example", CASES, ids=[f"{r.code}-{i}" for r, i, _ in CASES])
def test_rule_example(r, i, example):
    if r.scope == BATCH:
        forms = [make_form(rec, default_id=f"ex{n}") for n, rec in enumerate(example.form)]
        findings = [f for _, f in r.check(forms)]
    else:
        findings = list(r.check(make_form(example.form)))
    if example.fires:
        assert findings, f"{r.code} example {i} should fire"
        if example.field:
            assert example.field in [f.field for f in findings]
        for f in findings:
            r.render(f.args, "zh")  # the message template accepts the finding's arguments
            r.render(f.args, "en")
    else:
        assert not findings, f"{r.code} example {i} should not fire, got {findings}"
