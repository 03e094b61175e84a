"""JUnit XML: one <testsuite> per input file, one <testcase> per form, one <failure> per finding
(type = the rule code). CI dashboards that read test reports show the forms as tests."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from linter.diagnostics import Diagnostic
from linter.diagnostics import Report

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_WORDS = {"zh": "建议", "en": "fix"}
FILE_CASE = "(file)"  # the test case of findings that concern a whole file, not a form


def render(report: Report, lang: str = "zh", **_: Any) -> str:
    suites: dict[str, dict[str, list[Diagnostic]]] = {}
    for form in report.forms:
        suites.setdefault(form.path, {}).setdefault(form.form_id or FILE_CASE, [])
    home = {}  # form id → its file, when the id is unique
    for path, cases in suites.items():
        for form_id in cases:
            home[form_id] = None if form_id in home else path
    for d in report.diagnostics:
        case = d.form_id or FILE_CASE
        path = d.path if case in suites.get(d.path, {}) else (home.get(case) or d.path)
        suites.setdefault(path, {}).setdefault(case, []).append(d)
    root = ET.Element("testsuites", name="jxlint")
    total_tests = total_failures = 0
    for path, cases in suites.items():
        failures = sum(len(v) for v in cases.values())
        suite = ET.SubElement(root, "testsuite", name=_clean(path), tests=str(len(cases)),
                              failures=str(failures), errors="0", skipped="0")
        for case_name, found in cases.items():
            case = ET.SubElement(suite, "testcase", classname=_clean(path), name=_clean(case_name))
            for d in found:
                where = f"{d.field}: " if d.field else ""
                failure = ET.SubElement(case, "failure", message=_clean(f"{d.code} {where}{d.message}"), type=d.code)
                loc = d.location.short() if d.location is not None else ""
                failure.text = _clean("\n".join(x for x in (
                    f"{d.path}{':' + loc if loc else ''}: {d.code} {d.name} [{d.severity}]",
                    where + d.message,
                    f"{_WORDS[lang]}: {d.hint}" if d.hint else "") if x))
        total_tests += len(cases)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', "\n"])


def _clean(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry at all (escaping is ElementTree's job)."""
    return _BAD_XML.sub("", text)
