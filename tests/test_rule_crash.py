"""A rule that raises: strict mode (the suite) fails; a normal run reports F006 on the form and exits 1."""

from __future__ import annotations

import dataclasses
import json

import pytest

from linter import codes, registry
from linter.config import Settings
from linter.engine import RuleCrash, lint_forms
from tests.conftest import ROOT, make_form

GOOD = {"type": "project", "unit": "某局", "project": "某项目", "long_term_goal": "建成全市统一的政务服务平台",
        "annual_goal": "2021年6月底前完成平台一期上线"}


def _broken(*_args):
    raise ValueError("boom")


@pytest.fixture
def broken_rule(monkeypatch):
    """Make one per-form rule (G006) and one batch rule (F004) raise."""
    codes.all_rules()
    for code in ("G006", "F004"):
        monkeypatch.setitem(registry._RULES, code, dataclasses.replace(registry._RULES[code], check=_broken))


def test_strict_mode_raises(broken_rule):
    with pytest.raises(RuleCrash, match="F004"):  # the batch rules run first
        lint_forms([make_form(GOOD)], Settings())


def test_strict_mode_raises_on_a_per_form_rule(monkeypatch):
    codes.all_rules()
    monkeypatch.setitem(registry._RULES, "G006", dataclasses.replace(registry._RULES["G006"], check=_broken))
    with pytest.raises(RuleCrash, match="G006"):
        lint_forms([make_form(GOOD)], Settings())


def test_a_crash_is_an_f006_on_the_form_never_a_clean_report(broken_rule, monkeypatch, capsys):
    monkeypatch.delenv("JXLINT_STRICT")
    diagnostics, keys, _ = lint_forms([make_form(GOOD)], Settings(select=("G",)))  # F006 is not selected, yet reported
    crashes = [d for d in diagnostics if d.code == "F006"]
    assert [(d.form_id, d.severity) for d in crashes] == [("example", "error")]
    assert "G006" in crashes[0].message and "ValueError: boom" in crashes[0].message
    assert "internal error in rule G006" in capsys.readouterr().err


def test_a_batch_rule_crash_is_reported_once(broken_rule, monkeypatch):
    monkeypatch.delenv("JXLINT_STRICT")
    diagnostics, _, _ = lint_forms([make_form(GOOD), make_form(GOOD, default_id="other")], Settings())
    f004 = [d for d in diagnostics if d.code == "F006" and "F004" in d.message]
    assert len(f004) == 1 and f004[0].form_id is None


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_exits_1_with_the_crash_in_the_output(broken_rule, monkeypatch, jxlint, jobs):
    monkeypatch.delenv("JXLINT_STRICT")
    code, out, _ = jxlint("check", "--isolated", "--no-cache", "--jobs", jobs, "--format", "json", "--lang", "en",
                          str(ROOT / "corpora" / "examples" / "project_good_2021.yaml"))
    found = [d for d in json.loads(out)["diagnostics"] if d["code"] == "F006"]
    assert code == 1 and found and "rule G006 failed" in found[0]["message"]
