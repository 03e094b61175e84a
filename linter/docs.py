"""Rule documentation as `jxlint rule CODE` prints it: what, why, the message, the published basis,
an example and what to write instead. The web page's rule dialog shows the same text."""

from __future__ import annotations

import yaml

from linter.registry import Example, Rule, severity_word

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
