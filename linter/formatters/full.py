"""Full text: each finding's line, then its fix hint, what the rule checks, why and its published basis
(in the chosen language) and the offending value as written in the form, when there is one; then the summary."""

from __future__ import annotations

from dataclasses import replace

import click

from linter.diagnostics import Report
from linter.formatters import text
from linter.codes import get_rule
from linter.formatters.printable import printable
from linter.excerpts import field_text

_WORDS = {
    "zh": {"fix": "建议", "what": "检查内容", "why": "原因", "source": "依据", "value": "原文", "at": "位置"},
    "en": {"fix": "fix", "what": "what", "why": "why", "source": "basis", "value": "value", "at": "at"},
}
MAX_VALUE = 300  # characters of the offending value shown


def render(report: Report, lang: str = "zh", colour: bool = False, quiet: bool = False,
           show_statistics: bool = False) -> str:
    if show_statistics:  # as ruff's --statistics: the table instead of the findings
        return text.statistics(report)
    w = _WORDS[lang]
    forms = {}
    for form in report.forms:
        forms.setdefault(form.form_id, form)
    blocks = []
    for d in report.diagnostics:
        lines = [text.line(replace(d, hint=""), lang, colour)]
        loc = d.location.short() if d.location is not None else ""
        if loc and d.form_id:
            lines.append(_label(f"{w['at']}: ", colour) + printable(loc))
        value = field_text(forms.get(d.form_id), d.field) if d.form_id else None
        if value:
            value = value if len(value) <= MAX_VALUE else value[:MAX_VALUE - 1] + "…"
            # the value keeps its line breaks, indented under its label
            lines.append(_label(f"{w['value']}: ", colour) + printable(value, newline="\n      "))
        if d.hint:
            lines.append(_label(f"{w['fix']}: ", colour) + printable(d.hint))
        r = get_rule(d.code)
        if r is not None:
            what, why = r.described(lang)
            lines.append(_label(f"{w['what']}: ", colour) + what.strip())
            lines.append(_label(f"{w['why']}: ", colour) + why.strip())
            lines += [_label(f"{w['source']}: ", colour) + line for line in r.sources(lang)]
        blocks.append("\n    ".join(lines))
    out = ["\n\n".join(blocks)] if blocks else []
    if not quiet:
        out.append(text.summary(report, lang))
    return "\n\n".join(o for o in out if o) + "\n"


def _label(word: str, colour: bool) -> str:
    return click.style(word, bold=True) if colour else word
