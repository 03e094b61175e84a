"""JSON Lines: one diagnostic object per line, exactly as in the JSON contract's `diagnostics`."""

from __future__ import annotations

import io
import json
from typing import Any, TextIO

from linter.diagnostics import Report


def render(report: Report, lang: str = "zh", **_: Any) -> str:
    out = io.StringIO()
    write(report, out)
    return out.getvalue()


def write(report: Report, out: TextIO, lang: str = "zh") -> None:
    """One line per diagnostic, written as it is encoded."""
    for d in report.diagnostics:
        out.write(json.dumps(d.to_json(), ensure_ascii=False) + "\n")
