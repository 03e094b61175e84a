"""A diagnostic: one finding, located and worded, as every formatter receives it; a Report: the diagnostics of
a run with what the summary counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from linter.model import Form, Location
from linter.registry import SEVERITY_RANK

Key = tuple[str, str, str]  # a finding's baseline key: (form id, code, field with indicator names for indices)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: str
    path: str
    form_id: str | None
    field: str | None
    location: Location | None
    message: str
    hint: str

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "path": self.path,
            "form_id": self.form_id,
            "field": self.field,
            "location": self.location.to_json() if self.location else {},
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Report:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    files: int = 0
    unreadable: int = 0
    suppressed: int = 0
    baselined: int = 0
    stale_baseline: Counter[Key] = field(default_factory=Counter)
    keys: list[Key] = field(default_factory=list)  # baseline key of each diagnostic

    def counts(self) -> dict[str, int]:
        by = Counter(d.severity for d in self.diagnostics)
        return {s: by.get(s, 0) for s in ("error", "warning", "info")}

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "forms": len(self.forms),
            "unreadable": self.unreadable,
            "diagnostics": len(self.diagnostics),
            "by_severity": self.counts(),
            "by_code": dict(sorted(Counter(d.code for d in self.diagnostics).items())),
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "stale_baseline": [
                {"form_id": f, "code": c, "field": fld, "count": n} for (f, c, fld), n in sorted(self.stale_baseline.items())
            ],
        }

    def fails(self, fail_on: str) -> bool:
        return any(SEVERITY_RANK[d.severity] >= SEVERITY_RANK[fail_on] for d in self.diagnostics)
