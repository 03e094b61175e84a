"""Plain text: one line per finding (`path:form:field: CODE [severity] message — hint`) and a summary."""

from __future__ import annotations

from collections import Counter

import click

from linter.diagnostics import Diagnostic
from linter.diagnostics import Report
from linter.formatters.printable import printable
from linter.codes import get_rule
from linter.readers import stem

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示", "fix": "建议"},
    "en": {"error": "errors", "warning": "warnings", "info": "info", "fix": "fix"},
}


def line(d: Diagnostic, lang: str, colour: bool) -> str:
    parts = [d.path]
    in_sheet = bool(d.location and d.location.sheet and d.location.short())
    if in_sheet:
        parts.append(d.location.short())  # Excel: path:Sheet!C12:field, the sheet named once
    if d.form_id:
        if not (in_sheet and d.form_id == f"{stem(d.path)}!{d.location.sheet}"):
            parts.append(d.form_id)  # an id of its own (表单编号); the default `file!Sheet` would repeat the sheet
    elif d.location and d.location.short() and not in_sheet:
        parts.append(d.location.short())
    if d.field:
        parts.append(d.field)
    code = click.style(d.code, fg=_COLOURS[d.severity], bold=True) if colour else d.code
    hint = f" — {_WORDS[lang]['fix']}: {printable(d.hint)}" if d.hint else ""
    return f"{printable(':'.join(parts))}: {code} [{d.severity}] {printable(d.message)}{hint}"


def summary(report: Report, lang: str) -> str:
    c = report.counts()
    w = _WORDS[lang]
    if lang == "en":
        text = (f"{len(report.forms)} form(s) in {report.files} file(s): {c['error']} {w['error']}, "
                f"{c['warning']} {w['warning']}, {c['info']} {w['info']}")
        extras = [f"{report.unreadable} unreadable input(s)" if report.unreadable else "",
                  f"{report.suppressed} suppressed" if report.suppressed else "",
                  f"{report.baselined} hidden by the baseline" if report.baselined else ""]
        stale = sum(report.stale_baseline.values())
        tail = f"\n{stale} baseline entr(ies) no longer match; remove them with --prune-baseline" if stale else ""
    else:
        text = (f"共检查 {len(report.forms)} 份表单（{report.files} 个文件）：{w['error']} {c['error']}，"
                f"{w['warning']} {c['warning']}，{w['info']} {c['info']}")
        extras = [f"无法读取 {report.unreadable} 处" if report.unreadable else "",
                  f"已抑制 {report.suppressed} 条" if report.suppressed else "",
                  f"基线隐藏 {report.baselined} 条" if report.baselined else ""]
        stale = sum(report.stale_baseline.values())
        tail = f"\n基线中有 {stale} 条已不再出现，可用 --prune-baseline 清理" if stale else ""
    extra = [e for e in extras if e]
    sep = "; " if lang == "en" else "；"
    return text + (sep + sep.join(extra) if extra else "") + tail


def statistics(report: Report) -> str:
    """One line per rule, most frequent first: count, code, name (nothing when there is no finding)."""
    counts = Counter(d.code for d in report.diagnostics)
    rows = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        r = get_rule(code)
        rows.append(f"{n:>6}  {code}  {r.name if r else ''}\n")
    return "".join(rows)


def render(report: Report, lang: str, colour: bool, quiet: bool, show_statistics: bool) -> str:
    if show_statistics:  # as ruff's --statistics: the table instead of the findings
        return statistics(report)
    out = [line(d, lang, colour) for d in report.diagnostics]
    if not quiet:
        out.append(summary(report, lang))
    return "\n".join(o for o in out if o) + "\n"
