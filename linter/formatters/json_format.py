"""The JSON contract (README "JSON output"): version 1, a summary, and one object per diagnostic."""

from __future__ import annotations

import json

from linter.engine import Report

VERSION = 1


def render(report: Report) -> str:
    payload = {
        "version": VERSION,
        "summary": report.summary(),
        "diagnostics": [d.to_json() for d in report.diagnostics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
