"""Rule documentation as `jxlint rule CODE` prints it: what, why, the message, the published basis,
an example and what to write instead. The web page's rule dialog shows the same text."""

from __future__ import annotations

import html

import yaml

from linter.registry import Example, Rule, severity_word

# Where a rule's documentation is read in a browser: `jxlint serve` answers /rules/CODE on this machine
# (SARIF's helpUri points here, so a code-scanning viewer links each rule to its page).
RULE_PAGE = "http://127.0.0.1:8765/rules/{code}"

_HEADINGS = {
    "zh": ("检查内容", "为什么是问题", "会报告的写法", "不会报告的写法", "提示信息", "默认级别", "来源"),
    "en": ("What it does", "Why is this bad?", "Example", "Use instead", "Message", "Default severity", "Source"),
}


def _example_text(example: Example) -> str:
    body = yaml.safe_dump(example.form, allow_unicode=True, sort_keys=False, width=100).rstrip()
    return "\n".join("    " + ln for ln in body.splitlines())


def rule_doc(r: Rule, lang: str = "zh") -> str:
    what_h, why_h, ex_h, instead_h, msg_h, sev_h, source_h = _HEADINGS[lang]
    what, why = r.described(lang)
    message, hint = (r.message_en, r.hint_en) if lang == "en" else (r.message, r.hint)
    out = [f"# {r.code} {r.name}", "", f"{sev_h}: {severity_word(r.severity, lang)}", "", f"## {what_h}", what, "",
           f"## {why_h}", why, "", f"## {msg_h}", f"{message} — {hint}"]
    if r.source:
        out += ["", f"## {source_h}"] + [f"- {line}" for line in r.sources(lang)]
    for heading, verdict in ((ex_h, True), (instead_h, False)):
        examples = [e for e in r.examples if e.fires is verdict]
        if examples:
            out += ["", f"## {heading}"] + [_example_text(e) + "\n" for e in examples]
    return "\n".join(out).rstrip() + "\n"


def rule_page(r: Rule, lang: str = "zh") -> str:
    """The rule's documentation (`rule_doc`) as a small self-contained HTML page, every text escaped; the
    page's stylesheet styles it, so the Content-Security-Policy needs no inline style."""
    body: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            body.append("<pre>" + html.escape("\n".join(block)) + "</pre>")
            block.clear()

    for line in rule_doc(r, lang).splitlines():
        if line.startswith("    ") or (block and not line.strip()):
            block.append(line[4:])
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
    home = "Back to the checker" if lang == "en" else "返回检查页面"
    return (f'<!doctype html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
            f'<title>{html.escape(r.code)} {html.escape(r.name)} · jxlint</title>'
            '<link rel="stylesheet" href="/static/app.css"></head>'
            f'<body class="rule-page"><main>{"".join(body)}<p><a href="/">{home}</a></p></main></body></html>\n')
