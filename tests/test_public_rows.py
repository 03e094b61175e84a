"""Every hand-labelled indicator row of the published forms (corpora/labels/public_rows.jsonl) as a data test:
jxlint's value codes on the row (I001–I006, I015–I017, I020, I021) are the readers' codes. A code the readers could not
settle on a row is not compared; rows still wrong are xfail(strict=True) in data/public_rows_xfail.yaml."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
import yaml

from linter.config import Settings
from linter.engine import lint_paths
from scripts.published_split import HELD_OUT
from tests.conftest import ROOT

CODES = {"I001", "I002", "I003", "I004", "I005", "I006", "I015", "I016", "I017", "I020", "I021"}
_ROW = re.compile(r"^indicators\[(\d+)\]")
# The held-out harvests (the third's test half, the fourth) are measured by scripts/eval_indicator_values.py only:
# a data test per row would put their misses in front of whoever tunes the rules.
LABELS = [row for row in map(json.loads, (ROOT / "corpora/labels/public_rows.jsonl").read_text(encoding="utf-8").splitlines())
          if row["split"] not in HELD_OUT]
XFAIL = {(r["form"], r["row"]): r["reason"]
         for r in yaml.safe_load((ROOT / "tests/data/public_rows_xfail.yaml").read_text(encoding="utf-8"))}


@cache
def found() -> dict[tuple[str, int], set[str]]:
    paths = [str(p) for p in sorted((ROOT / "corpora").glob("public_forms*.jsonl"))]
    report = lint_paths(paths, Settings(select=tuple(sorted(CODES))))
    codes: dict[tuple[str, int], set[str]] = {}
    for d in report.diagnostics:
        m = _ROW.match(d.field or "")
        if m:
            codes.setdefault((d.form_id, int(m.group(1))), set()).add(d.code)
    return codes


def _param(row: dict):
    key = (row["form"], row["row"])
    marks = [pytest.mark.xfail(strict=True, reason=XFAIL[key])] if key in XFAIL else []
    return pytest.param(row, marks=marks, id=f"{row['form']}[{row['row']}]")


@pytest.mark.parametrize("row", [_param(r) for r in LABELS])
def test_labelled_row_gets_its_codes(row):
    scored = CODES - set(row.get("disputed", []))
    got = found().get((row["form"], row["row"]), set()) & scored
    assert got == set(row["codes"]) & scored, row["name"]


def test_every_xfail_is_a_labelled_row():
    assert set(XFAIL) <= {(r["form"], r["row"]) for r in LABELS}
