"""Rule documentation as `jxlint rule CODE` prints it: what, why, the message, the published basis,
an example and what to write instead. The web page's rule dialog shows the same text."""

from __future__ import annotations

import html
import re
from typing import Any

from linter.model import FIELD_NAMES, Form, Location
from linter.readers.records import form_from_record
from linter.readers.structured import source_of_row
from linter.registry import BATCH, Example, Rule, severity_word

# Where a rule's documentation is read in a browser: `jxlint serve` answers /rules/CODE on this machine
# (SARIF's helpUri points here, so a code-scanning viewer links each rule to its page).
RULE_PAGE = "http://127.0.0.1:8765/rules/{code}"

_HEADINGS = {
    "zh": ("检查内容", "为什么是问题", "会报告的写法", "不会报告的写法", "提示信息", "默认级别", "来源"),
    "en": ("What it does", "Why is this bad?", "Example", "Use instead", "Message", "Default severity", "Source"),
}


# What the examples' fields are called on the printed form, in the reader's language: the model's names, and
# these for the record keys the model names otherwise (its funds and staff as a whole, the side tables' columns).
_RECORD_NAMES = {
    "type": ("表单类型", "form type"), "budget_year": ("预算年度", "budget year"), "id": ("编号", "id"),
    "attribute": ("项目属性", "project type"), "funds": ("资金（万元）", "funds (10k yuan)"),
    "staff": ("人员", "staff"), "this_year_wan": ("本年金额（万元）", "this year (10k yuan)"),
    "previous_year_wan": ("上年金额（万元）", "previous year (10k yuan)"), "direction": ("指标方向", "direction"),
    "period": ("时间", "period"), "content": ("内容", "content"), "amount": ("金额（万元）", "amount (10k yuan)"),
    "budget": ("预算（万元）", "budget (10k yuan)"),
}
_TABLES = {"indicators": ("绩效指标", "indicators"), "tasks": ("年度主要任务", "tasks"),
           "schedule": ("实施进度", "schedule"), "spending_plan": ("资金支出计划", "spending plan")}
_FORM_TYPES = {"project": ("项目", "project"), "department": ("部门整体", "department")}


def _word(key: str, lang: str, names: dict[str, tuple[str, str]] | None = None) -> str:
    """`key` in the reader's language: from `names` when given, else as the model or the record names it."""
    pair = names.get(key) if names is not None else FIELD_NAMES.get(key) or _RECORD_NAMES.get(key)
    zh, en = pair or (key, key)
    return en if lang == "en" else zh


def _inner_word(key: str, inner: str, lang: str) -> str:
    """A key inside `key` (funds → total): by its model path (funds.total, 年度资金总额) where it has one."""
    path = f"{key}.{inner}"
    return _word(path if path in FIELD_NAMES else inner, lang)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ") or " "


def _record_tables(record: dict[str, Any], lang: str) -> list[str]:
    """One form of an example as Markdown tables: its fields, then each of its tables, as a clerk sees them."""
    field, content = ("栏目", "内容") if lang != "en" else ("field", "content")
    rows = [f"| {field} | {content} |", "|---|---|"]
    tables: list[str] = []
    for key, value in record.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            columns = list(dict.fromkeys(k for v in value for k in v))
            tables += ["", _word(key, lang, _TABLES) + (":" if lang == "en" else "："), "",
                       "| " + " | ".join(_word("unit_col" if c == "unit" else c, lang) for c in columns) + " |",
                       "|" + "---|" * len(columns)]
            tables += ["| " + " | ".join(_cell(v.get(c)) for c in columns) + " |" for v in value]
        elif isinstance(value, dict):
            colon = ": " if lang == "en" else "："
            rows += [f"| {_word(key, lang)}{colon}{_inner_word(key, k, lang)} | {_cell(v)} |" for k, v in value.items()]
        else:
            shown = _word(value, lang, _FORM_TYPES) if key == "type" else value
            rows.append(f"| {_word(key, lang)} | {_cell(shown)} |")
    return rows + tables


def _example_text(example: Example, lang: str) -> str:
    records = example.form if isinstance(example.form, list) else [example.form]
    if len(records) == 1:
        return "\n".join(_record_tables(records[0], lang))
    out: list[str] = []
    for n, record in enumerate(records, 1):
        out += ["", f"Form {n}:" if lang == "en" else f"表单 {n}：", ""] + _record_tables(record, lang)
    return "\n".join(out).strip()


def _example_forms(example: Example) -> list[Form]:
    records = example.form if isinstance(example.form, list) else [example.form]
    return [form_from_record(rec, path="<example>", default_id=f"example{n}", locate=lambda _: Location("<example>"),
                             source=source_of_row(rec)) for n, rec in enumerate(records)]


def example_messages(r: Rule, lang: str = "zh") -> list[tuple[str, str]]:
    """(message, hint) as the rule words them on its firing examples: the first finding's, or for a rule that
    declares kinds of problem, one for each kind its examples show, in the order the kinds are declared."""
    found: list[Any] = []
    for example in (e for e in r.examples if e.fires and r.check is not None):
        forms = _example_forms(example)
        found += [f for _, f in r.check(forms)] if r.scope == BATCH else list(r.check(forms[0]))
        if found and not r.kinds:
            return [r.render(found[0].args, lang)]
    by_kind = {f.args.get("kind"): f for f in reversed(found)}  # the first finding of each kind
    return [r.render(by_kind[k].args, lang) for k in r.kinds if k in by_kind]


def rule_doc(r: Rule, lang: str = "zh") -> str:
    what_h, why_h, ex_h, instead_h, msg_h, sev_h, source_h = _HEADINGS[lang]
    what, why = r.described(lang)
    messages = example_messages(r, lang) or [r.render(r.sample.get(lang, {}), lang)]
    out = [f"# {r.code} {r.name}", "", f"{sev_h}: {severity_word(r.severity, lang)}", "", f"## {what_h}", what, "",
           f"## {why_h}", why, "", f"## {msg_h}"] + [f"{message} — {hint}" for message, hint in messages]
    if r.source:
        out += ["", f"## {source_h}"] + [f"- {line}" for line in r.sources(lang)]
    for heading, verdict in ((ex_h, True), (instead_h, False)):
        examples = [e for e in r.examples if e.fires is verdict]
        if examples:
            out += ["", f"## {heading}"]
            for n, e in enumerate(examples, 1):
                label = ([f"Example {n}:" if lang == "en" else f"例 {n}：", ""]) if len(examples) > 1 else []
                out += label + [_example_text(e, lang) + "\n"]
    return "\n".join(out).rstrip() + "\n"


def doc_html(doc: str) -> str:
    """A rule's documentation (`rule_doc`'s text) as HTML, every text escaped: headings, paragraphs, the citations
    and the examples' tables. The web page's rule dialog shows it; `rule_page` wraps it as a page."""
    body: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if table:
            head, rows = table[0], table[1:]
            cells = "".join(f"<th>{html.escape(c)}</th>" for c in head)
            body.append(f"<table><thead><tr>{cells}</tr></thead><tbody>"
                        + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
                        + "</tbody></table>")
            table.clear()

    for line in doc.splitlines():
        if line.startswith("|"):
            if not set(line) <= set("|-"):  # the row under the header
                table.append([c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line.strip()[1:-1])])
            continue
        flush()
        if line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("- "):
            body.append(f"<p class=source>{html.escape(line[2:])}</p>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    flush()
    return "".join(body)


_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def rule_page(r: Rule, lang: str = "zh") -> str:
    """The rule's documentation as a small self-contained HTML page; the page's stylesheet styles it, so the
    Content-Security-Policy needs no inline style."""
    home = "Back to the checker" if lang == "en" else "返回检查页面"
    return (f'<!doctype html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f'<title>{html.escape(r.code)} {html.escape(r.name)} · jxlint</title>'
            '<link rel="stylesheet" href="/static/app.css"></head>'
            f'<body class="rule-page"><main>{doc_html(rule_doc(r, lang))}<p><a href="/">{home}</a></p></main></body></html>\n')
