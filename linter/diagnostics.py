"""A diagnostic: one finding, located and worded, as every formatter receives it; a Report: the diagnostics of
a run with what the summary counts."""

from __future__ import annotations

import pickle
import zlib
from collections import Counter
from collections.abc import Iterator
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
    kind: str | None = None  # which of the rule's kinds of problem (I006 ceiling …); None for a rule with one message

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "severity": self.severity,
            "path": self.path,
            "form_id": self.form_id,
            "field": self.field,
            "location": self.location.to_json() if self.location else {},
            "message": self.message,
            "hint": self.hint,
        }


class DiagnosticStore:
    """The diagnostics of a run with their baseline keys, in order, kept pickled and compressed in blocks: a
    million forms' diagnostics as objects take about 2 GB, compressed about a tenth of that. The streamed
    formats read them back (as often as they need) instead of a list; what the summary counts is tallied as
    they come."""

    BLOCK = 2048

    def __init__(self) -> None:
        self._blocks: list[bytes] = []
        self._open: list[tuple[Diagnostic, Key]] = []
        self._count = 0
        self.severities: Counter[str] = Counter()
        self.codes: Counter[str] = Counter()

    def append(self, diagnostic: Diagnostic, key: Key) -> None:
        self._open.append((diagnostic, key))
        self._count += 1
        self.severities[diagnostic.severity] += 1
        self.codes[diagnostic.code] += 1
        if len(self._open) == self.BLOCK:
            self._blocks.append(zlib.compress(pickle.dumps(self._open, protocol=pickle.HIGHEST_PROTOCOL), 1))
            self._open = []

    def pairs(self) -> Iterator[tuple[Diagnostic, Key]]:
        for block in self._blocks:
            yield from pickle.loads(zlib.decompress(block))
        yield from self._open

    def __iter__(self) -> Iterator[Diagnostic]:
        return (d for d, _ in self.pairs())

    def __len__(self) -> int:
        return self._count

    def keys(self) -> StoredKeys:
        return StoredKeys(self)


class StoredKeys:
    """The baseline keys of a DiagnosticStore, as Report.keys (a length, and the keys in order)."""

    def __init__(self, store: DiagnosticStore) -> None:
        self._store = store

    def __iter__(self) -> Iterator[Key]:
        return (k for _, k in self._store.pairs())

    def __len__(self) -> int:
        return len(self._store)


@dataclass
class Report:
    diagnostics: list[Diagnostic] | DiagnosticStore = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    files: int = 0
    unreadable: int = 0
    suppressed: int = 0
    baselined: int = 0
    stale_baseline: Counter[Key] = field(default_factory=Counter)
    keys: list[Key] | StoredKeys = field(default_factory=list)  # baseline key of each diagnostic

    def _tally(self) -> tuple[Counter[str], Counter[str]]:
        """(diagnostics by severity, by code)."""
        if isinstance(self.diagnostics, DiagnosticStore):
            return self.diagnostics.severities, self.diagnostics.codes
        return Counter(d.severity for d in self.diagnostics), Counter(d.code for d in self.diagnostics)

    def counts(self) -> dict[str, int]:
        by = self._tally()[0]
        return {s: by.get(s, 0) for s in ("error", "warning", "info")}

    def codes(self) -> list[str]:
        """The rule codes reported, sorted."""
        return sorted(self._tally()[1])

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "forms": len(self.forms),
            "unreadable": self.unreadable,
            "diagnostics": len(self.diagnostics),
            "by_severity": self.counts(),
            "by_code": dict(sorted(self._tally()[1].items())),
            "suppressed": self.suppressed,
            "baselined": self.baselined,
            "stale_baseline": [
                {"form_id": f, "code": c, "field": fld, "count": n} for (f, c, fld), n in sorted(self.stale_baseline.items())
            ],
        }

    def fails(self, fail_on: str) -> bool:
        return any(SEVERITY_RANK[s] >= SEVERITY_RANK[fail_on] for s in self._tally()[0])
