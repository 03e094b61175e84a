"""Baselines: known findings recorded once, hidden on later runs, so old forms don't block adoption.

An entry is keyed by form id + rule code + field, never by line or row number (forms get
re-exported and rows move). Indicator fields are keyed by the indicator's name rather than
its position, for the same reason.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from linter.diagnostics import Key

VERSION = 1
_INDEX = re.compile(r"^(\w+)\[(\d+)\]")


class BaselineError(Exception):
    pass


def stable_field(field_path: str | None, indicator_names: list[str]) -> str:
    """`indicators[3].value` → `indicators[培训人次].value` when the row has a name."""
    if not field_path:
        return ""
    m = _INDEX.match(field_path)
    if m and m.group(1) == "indicators" and int(m.group(2)) < len(indicator_names) and indicator_names[int(m.group(2))]:
        return f"indicators[{indicator_names[int(m.group(2))]}]{field_path[m.end():]}"
    return field_path


@dataclass
class Baseline:
    counts: Counter[Key] = field(default_factory=Counter)

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            entries = data["entries"]
            return cls(Counter({(e["form_id"], e["code"], e["field"]): int(e.get("count", 1)) for e in entries}))
        except FileNotFoundError:
            raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BaselineError(f"{path}: not a jxlint baseline: {exc}") from None

    @classmethod
    def from_keys(cls, keys: list[Key]) -> Baseline:
        return cls(Counter(keys))

    def pruned(self, stale: Counter[Key]) -> Baseline:
        """The baseline without what no longer matches."""
        return Baseline(self.counts - stale)

    def write(self, path: str) -> None:
        entries = [{"form_id": f, "code": c, "field": fld, "count": n} for (f, c, fld), n in sorted(self.counts.items())]
        Path(path).write_text(
            json.dumps({"version": VERSION, "tool": "jxlint", "entries": entries}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
