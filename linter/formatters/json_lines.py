"""JSON Lines: one diagnostic object per line, exactly as in the JSON contract's `diagnostics`."""

from __future__ import annotations

import json
from typing import Any

from linter.engine import Report


def render(report: Report, lang: str = "zh", **_: Any) -> str:
    return "".join(json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in report.diagnostics)
