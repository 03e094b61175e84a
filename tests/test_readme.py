"""The README documents what ships: every registered rule has a row in its rule table."""

from __future__ import annotations

import re

from linter.codes import all_rules
from tests.conftest import ROOT


def test_readme_rule_table_lists_every_rule_with_its_name_and_severity():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): (m.group(2), m.group(3)) for m in re.finditer(r"^\| ([FGIBS]\d{3}) \| ([a-z0-9-]+) \| (\w+) \|", readme, re.M)}
    for r in all_rules():
        assert rows.get(r.code) == (r.name, r.severity), f"README rule table: {r.code}"
    assert set(rows) == {r.code for r in all_rules()}
