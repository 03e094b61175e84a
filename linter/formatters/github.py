"""GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`), one per
finding. GitHub shows only the first few dozen annotations of a job, so `step_summary` also
renders a Markdown summary for `$GITHUB_STEP_SUMMARY`: counts, the top rules, findings by file."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from linter.diagnostics import Diagnostic
from linter.diagnostics import Report
from linter.formatters.printable import printable

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
TOP_RULES = 15          # rows of the "top rules" table
PER_FILE = 30           # findings listed per file
MAX_FILES = 50          # files listed
MAX_SUMMARY_CHARS = 900_000  # GitHub accepts 1 MiB per step summary
_WORDS = {
    "zh": {"title": "jxlint 检查结果", "sev": "级别", "count": "数量", "error": "错误", "warning": "警告", "info": "提示",
           "rules": "问题最多的规则", "rule": "规则", "name": "名称", "files": "按文件列出",
           "where": "位置", "msg": "问题", "fix": "建议", "more": "另有 {n} 条未列出",
           "more_files": "另有 {n} 个文件未列出", "none": "没有发现问题。",
           "forms": "共检查 {forms} 份表单（{files} 个文件）"},
    "en": {"title": "jxlint results", "sev": "severity", "count": "count", "error": "error", "warning": "warning",
           "info": "info", "rules": "Top rules", "rule": "rule", "name": "name", "files": "Findings by file",
           "where": "where", "msg": "finding", "fix": "fix", "more": "{n} more not listed",
           "more_files": "{n} more file(s) not listed", "none": "No findings.",
           "forms": "{forms} form(s) in {files} file(s)"},
}


def escape_data(text: str) -> str:
    """Workflow-command data: GitHub's escapes for %, CR and LF, then the other terminal controls made visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic, lang: str = "zh") -> str:
    props = [f"file={escape_property(d.path)}"]
    if d.location is not None and d.location.line:
        props.append(f"line={d.location.line}")
        if d.location.column:
            props.append(f"col={d.location.column}")
    props.append(f"title={escape_property(f'{d.code} {d.name}')}")
    where = "/".join(p for p in (d.form_id, d.field) if p)
    text = (f"{where}: " if where else "") + d.message + (f" — {_WORDS[lang]['fix']}: {d.hint}" if d.hint else "")
    return f"::{COMMANDS[d.severity]} {','.join(props)}::{escape_data(text)}"


def render(report: Report, lang: str = "zh", **_: Any) -> str:
    return "".join(annotation(d, lang) + "\n" for d in report.diagnostics)


def step_summary(report: Report, lang: str = "zh") -> str:
    """Markdown for the job's summary page."""
    w = _WORDS[lang]
    counts = report.counts()
    out = [f"## {w['title']}", "", w["forms"].format(forms=len(report.forms), files=report.files), "",
           f"| {w['sev']} | {w['count']} |", "|---|---:|"]
    out += [f"| {w[s]} | {counts[s]} |" for s in ("error", "warning", "info")]
    out.append("")
    if not report.diagnostics:
        return "\n".join(out + [w["none"], ""])
    by_code = Counter(d.code for d in report.diagnostics)
    names = {d.code: d.name for d in report.diagnostics}
    sev = {d.code: d.severity for d in report.diagnostics}
    out += [f"### {w['rules']}", "", f"| {w['rule']} | {w['name']} | {w['sev']} | {w['count']} |", "|---|---|---|---:|"]
    ranked = sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0]))
    out += [f"| `{c}` | {_cell(names[c])} | {w[sev[c]]} | {n} |" for c, n in ranked[:TOP_RULES]]
    if len(ranked) > TOP_RULES:
        out.append(f"| … | {w['more'].format(n=sum(n for _, n in ranked[TOP_RULES:]))} | | |")
    out += ["", f"### {w['files']}", ""]
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in report.diagnostics:
        by_file[d.path].append(d)
    files = sorted(by_file, key=lambda p: (-len(by_file[p]), p))
    size = sum(len(x) + 1 for x in out)
    for k, path in enumerate(files):
        if k >= MAX_FILES or size > MAX_SUMMARY_CHARS:
            out.append(f"_{w['more_files'].format(n=len(files) - k)}_")
            break
        found = by_file[path]
        block = [f"<details><summary><code>{_html(path)}</code> — {len(found)}</summary>", "",
                 f"| {w['where']} | {w['rule']} | {w['msg']} | {w['fix']} |", "|---|---|---|---|"]
        for d in found[:PER_FILE]:
            where = ":".join(p for p in (d.form_id, d.field) if p)
            line = f" (L{d.location.line})" if d.location is not None and d.location.line else ""
            block.append(f"| {_cell(where)}{line} | `{d.code}` {w[d.severity]} | {_cell(d.message)} | {_cell(d.hint)} |")
        if len(found) > PER_FILE:
            block.append(f"| … | | {w['more'].format(n=len(found) - PER_FILE)} | |")
        block += ["", "</details>", ""]
        out += block
        size += sum(len(x) + 1 for x in block)
    return "\n".join(out) + "\n"


def write_step_summary(report: Report, lang: str, path: str | None) -> None:
    """Append the summary to `path` ($GITHUB_STEP_SUMMARY); nothing when it is unset."""
    if not path:
        return
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(step_summary(report, lang))


def _cell(text: str | None) -> str:
    """Text safe inside a Markdown table cell."""
    if not text:
        return ""
    text = _html(text).replace("|", "\\|").replace("\r", " ").replace("\n", "<br>")
    return text if len(text) <= 300 else text[:299] + "…"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
