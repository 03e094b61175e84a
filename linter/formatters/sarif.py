"""SARIF 2.1.0 (code scanning): one run, `tool.driver.rules[]` for every rule that appears, one
result per diagnostic with a physical location (the path as given, line/column when known), a
logical location (form id and field) and a partial fingerprint that survives moved rows."""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, TextIO
from urllib.parse import quote

from linter import __version__
from linter.docs import RULE_PAGE
from linter.diagnostics import Report
from linter.codes import get_rule
from linter.formatters.json_format import write_document
from linter.registry import Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "jxlintFinding/v1"
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WORDS = {"zh": {"fix": "建议", "why": "为什么是问题"}, "en": {"fix": "Fix", "why": "Why"}}


def render(report: Report, lang: str = "zh", **_: Any) -> str:
    out = io.StringIO()
    write(report, out, lang)
    return out.getvalue()


def write(report: Report, out: TextIO, lang: str = "zh") -> None:
    """The SARIF log written result by result (the same bytes as json.dumps(sarif(report), indent=2))."""
    head = sarif(report, lang, with_results=False)
    write_document(head, _results(report, lang), 3, out)


def sarif(report: Report, lang: str = "zh", with_results: bool = True) -> dict[str, Any]:
    codes = report.codes()
    rules = [_rule(code, lang) for code in codes]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "jxlint", "version": __version__, "semanticVersion": _semver(__version__),
                                "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "results": list(_results(report, lang)) if with_results else [],
        }],
    }


def _results(report: Report, lang: str) -> Iterator[dict[str, Any]]:
    """One SARIF result per diagnostic, in order (fingerprints count repeats of a key)."""
    index = {code: i for i, code in enumerate(report.codes())}
    keys = report.keys if len(report.keys) == len(report.diagnostics) else [None] * len(report.diagnostics)
    seen: Counter[str] = Counter()
    for d, key in zip(report.diagnostics, keys):
        digest = fingerprint(key or (d.form_id or d.path, d.code, d.field or ""))
        seen[digest] += 1
        physical: dict[str, Any] = {"artifactLocation": {"uri": uri(d.path)}}
        if d.location is not None and d.location.line:
            region = {"startLine": d.location.line}
            if d.location.column:
                region["startColumn"] = d.location.column
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        logical = _logical(d.form_id, d.field)
        if logical:
            location["logicalLocations"] = [logical]
        extra = d.location.to_json() if d.location is not None else {}
        yield {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS[d.severity],
            "message": {"text": f"{d.message} — {_WORDS[lang]['fix']}: {d.hint}" if d.hint else d.message},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT: f"{digest}:{seen[digest]}"},
            "properties": {"formId": d.form_id, "field": d.field, "hint": d.hint, "severity": d.severity,
                           **({"kind": d.kind} if d.kind else {}), **({"location": extra} if extra else {})},
        }


def fingerprint(key: tuple[str, str, str]) -> str:
    """A hash of (form id, code, field) — the baseline key, where indicator rows are named, not
    numbered — so the fingerprint never changes when lines or rows move."""
    return hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()[:32]


def uri(path: str) -> str:
    """The path as given, made a valid relative URI reference (forward slashes, escapes)."""
    path = path.replace("\\", "/")
    if re.match(r"[A-Za-z]:/", path):  # a Windows drive would read as a URI scheme
        return "file:///" + quote(path, safe="/:@!$&'()*+,;=-._~")
    return quote(path, safe="/@!$&'()*+,;=-._~")


def _logical(form_id: str | None, field: str | None) -> dict[str, Any] | None:
    if not form_id and not field:
        return None
    name = field or form_id
    qualified = "/".join(p for p in (form_id, field) if p)
    return {"name": name, "fullyQualifiedName": qualified, "kind": "member" if field else "module"}


def _rule(code: str, lang: str) -> dict[str, Any]:
    r = get_rule(code)
    if r is None:  # a code with no registered rule cannot appear, but never crash on it
        return {"id": code, "defaultConfiguration": {"level": "warning"}}
    what, why, hint = _docs(r, lang)
    w = _WORDS[lang]
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": _first_sentence(what)},
        "fullDescription": {"text": what},
        "help": {"text": f"{what}\n\n{w['why']}: {why}\n\n{w['fix']}: {hint}",
                 "markdown": f"{what}\n\n**{w['why']}** {why}\n\n**{w['fix']}:** {hint}"},
        "helpUri": RULE_PAGE.format(code=r.code) + ("?lang=en" if lang == "en" else ""),
        "defaultConfiguration": {"level": LEVELS[r.severity]},
        "properties": {"tags": [r.family, r.severity]},
    }


def _docs(r: Rule, lang: str) -> tuple[str, str, str]:
    what, why = r.described(lang)
    hint = r.hint_en if lang == "en" else r.hint
    return what.strip(), why.strip(), _PLACEHOLDER.sub("…", hint).strip()


def _first_sentence(text: str) -> str:
    m = re.match(r"(.+?[。！？]|.+?[.!?](?=\s|$))", text, re.S)
    return (m.group(1) if m else text).strip()


def _semver(version: str) -> str:
    parts = (re.findall(r"\d+", version) + ["0", "0", "0"])[:3]
    return ".".join(str(int(p)) for p in parts)
