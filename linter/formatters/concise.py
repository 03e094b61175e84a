"""Concise text: one line per finding (`path:form:field: CODE [severity] message`, no hint) and the summary."""

from __future__ import annotations

from dataclasses import replace

from linter.diagnostics import Report
from linter.formatters import text


def render(report: Report, lang: str = "zh", colour: bool = False, quiet: bool = False,
           show_statistics: bool = False) -> str:
    if show_statistics:  # as ruff's --statistics: the table instead of the findings
        return text.statistics(report)
    out = [text.line(replace(d, hint=""), lang, colour) for d in report.diagnostics]
    if not quiet:
        out.append(text.summary(report, lang))
    return "\n".join(o for o in out if o) + "\n"
