"""A diagnostic: one finding, located and worded, as every formatter receives it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from linter.model import Location


@dataclass(frozen=True)
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
