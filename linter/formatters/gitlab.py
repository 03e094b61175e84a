"""GitLab Code Quality report (`artifacts: reports: codequality:`): a JSON array of issues, each with the
fields GitLab documents — `description`, `check_name`, `fingerprint`, `severity` (info, minor, major,
critical, blocker) and `location.path` with `location.lines.begin` — so a merge request shows the findings.

The fingerprint is the SARIF one (form id, code and field, indicator rows by name, and the occurrence), so
a finding keeps its fingerprint when lines or rows move and GitLab can tell new findings from old ones."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import Any

from linter.diagnostics import Report
from linter.formatters.sarif import fingerprint

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
_WORDS = {"zh": "建议", "en": "fix"}


def render(report: Report, lang: str = "zh", **_: Any) -> str:
    return json.dumps(issues(report, lang), ensure_ascii=False, indent=2) + "\n"


def issues(report: Report, lang: str = "zh") -> list[dict[str, Any]]:
    keys = report.keys if len(report.keys) == len(report.diagnostics) else [None] * len(report.diagnostics)
    seen: Counter[str] = Counter()
    out = []
    for d, key in zip(report.diagnostics, keys):
        digest = fingerprint(key or (d.form_id or d.path, d.code, d.field or ""))
        seen[digest] += 1
        where = "/".join(p for p in (d.form_id, d.field) if p)
        hint = f" — {_WORDS[lang]}: {d.hint}" if d.hint else ""
        out.append({
            "description": f"{where}: {d.message}{hint}" if where else f"{d.message}{hint}",
            "check_name": d.code,
            "fingerprint": hashlib.sha256(f"{digest}:{seen[digest]}".encode()).hexdigest()[:32],
            "severity": SEVERITIES[d.severity],
            "location": {"path": project_path(d.path),
                         "lines": {"begin": d.location.line if d.location is not None and d.location.line else 1}},
        })
    return out


def project_path(path: str) -> str:
    """The path from the project's root, as GitLab links it: relative to $CI_PROJECT_DIR (or the current
    folder) when the file is inside it, forward slashes, no leading `./`."""
    root = os.path.abspath(os.environ.get("CI_PROJECT_DIR") or ".")
    full = os.path.abspath(path)
    try:
        shown = os.path.relpath(full, root) if os.path.commonpath([full, root]) == root else path
    except ValueError:  # another drive (Windows): no relative path exists
        shown = path
    return shown.replace("\\", "/").removeprefix("./")
