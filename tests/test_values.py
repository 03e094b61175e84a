"""linter.nlp.values: every indicator value spelling → its kind, sign, number and unit (cases in data/value_cases.yaml)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from linter.nlp.values import ParsedValue, parse_value

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((Path(__file__).parent / "data" / "value_cases.yaml").read_text(encoding="utf-8"))
INPUTS = {"value", "unit_col", "comparator_col", "why"}
DEFAULTS = {f.name: f.default for f in dataclasses.fields(ParsedValue) if f.name != "raw"}


def _id(case: dict) -> str:
    return "|".join(str(case.get(k, "")) for k in ("value", "unit_col", "comparator_col")).strip("|") or "<empty>"


@pytest.mark.parametrize("case", CASES["corpus"] + CASES["extra"], ids=_id)
def test_parse_value(case):
    assert set(case) - INPUTS <= set(DEFAULTS), "unknown key in value_cases.yaml"
    parsed = parse_value(case["value"], unit=case.get("unit_col", ""), comparator=case.get("comparator_col", ""))
    expected = {**DEFAULTS, **{k: v for k, v in case.items() if k not in INPUTS}}
    expected["notes"] = tuple(expected["notes"])
    actual = {name: getattr(parsed, name) for name in DEFAULTS}
    for name in ("number", "number_high", "amount_yuan"):
        if expected[name] is not None:
            expected[name] = pytest.approx(expected[name])
    assert actual == expected
    assert parsed.raw == case["value"]


def test_every_public_form_value_is_a_case():
    """The table covers every distinct value spelling of the shared real forms."""
    cased = {(c["value"], c.get("unit_col", ""), c.get("comparator_col", "")) for c in CASES["corpus"]}
    seen = set()
    for line in (ROOT / "corpora" / "public_forms.jsonl").read_text(encoding="utf-8").splitlines():
        for row in json.loads(line).get("indicators", []):
            seen.add((row["value"], row.get("unit", ""), row.get("comparator", "")))
    assert seen - cased == set()
    assert len(seen) == len(CASES["corpus"])


@pytest.mark.parametrize("value", [None, 95, 95.5, "\x00", "≥≥≥", "%%%", "万万", "1" * 400, "（", "）", "=" * 50])
def test_never_raises(value):
    assert parse_value(value).kind in {"empty", "number", "text", "rate", "quantity"}
