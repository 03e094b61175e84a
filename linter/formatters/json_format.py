"""The JSON contract (README "JSON output"): version 1, a summary, and one object per diagnostic."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from typing import Any, TextIO

from linter.diagnostics import Report

VERSION = 1


def render(report: Report) -> str:
    out = io.StringIO()
    write(report, out)
    return out.getvalue()


def write(report: Report, out: TextIO, lang: str = "zh") -> None:
    """The report written diagnostic by diagnostic: the same bytes as json.dumps(payload, indent=2), without
    the whole document held as one string."""
    head = {"version": VERSION, "summary": report.summary(), "diagnostics": []}
    write_document(head, (d.to_json() for d in report.diagnostics), 1, out)


def write_document(head: dict[str, Any], items: Iterable[dict[str, Any]], depth: int, out: TextIO) -> None:
    """json.dumps(head, indent=2) + "\\n" with `items` written in place of its last empty list `[]`, which sits
    `depth` levels deep; each item is encoded alone and written at once."""
    text = json.dumps(head, ensure_ascii=False, indent=2)
    before, after = text.rsplit("[]", 1)
    indent = "\n" + "  " * (depth + 1)
    opened = False
    for item in items:
        out.write((before + "[" if not opened else ",") + indent)
        out.write(json.dumps(item, ensure_ascii=False, indent=2).replace("\n", indent))
        opened = True
    out.write((indent[:-2] + "]" if opened else before + "[]") + after + "\n")
