"""Suppressions: a form has no comments, so they live in the form, its 备注 or a sidecar file.

- in a canonical form: `suppressions: [{code: G003, field: annual_goal, reason: ...}]`;
- in the 备注/note text: `jxlint: ignore G003@annual_goal 理由：…`;
- in `<input file>.jxlint.yaml` beside the input: `suppressions: [{form: P001, code, field, reason}]`
  (`form: "*"` for every form of that file).
Every suppression needs a reason; one without is not applied and is reported (F003).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from linter.model import Form, Location, Suppression
from linter.readers import SIDECAR_SUFFIX, Problem
from linter.readers.decode import DecodeError, decode_bytes
from linter.text import Text

_DIRECTIVE = re.compile(
    r"jxlint\s*[:：]\s*ignore\s+([A-Za-z]\d{0,3})(?:@([\w.\[\]]+))?\s*(?:[-—:：,，]\s*)?([^\n；;]*)"
)
_REASON_PREFIX = re.compile(r"^(理由|原因|reason)\s*[:：]?\s*", re.IGNORECASE)
MIN_REASON_CHARS = 2


def has_reason(s: Suppression) -> bool:
    return len(_REASON_PREFIX.sub("", s.reason).strip()) >= MIN_REASON_CHARS


def from_note(form: Form) -> list[Suppression]:
    """Directives written in the form's 备注 field."""
    where = form.location("note")
    return [
        Suppression(code=m.group(1).upper(), field=m.group(2), reason=m.group(3).strip(), origin=where)
        for m in _DIRECTIVE.finditer(form.note or "")
    ]


def read_sidecar(input_path: str) -> tuple[dict[str, list[Suppression]], list[Problem]]:
    """{form id or '*': suppressions} from the sidecar of an input file, if it has one."""
    sidecar = Path(input_path + SIDECAR_SUFFIX)
    if input_path == "-" or not sidecar.is_file():
        return {}, []
    where = Location(str(sidecar))
    try:
        text, _ = decode_bytes(sidecar.read_bytes())
        data = yaml.safe_load(text) or {}
    except (OSError, DecodeError, yaml.YAMLError) as exc:
        detail = str(exc).splitlines()[0]
        return {}, [Problem(where, Text(f"抑制文件无法读取：{detail}", f"unreadable suppression file: {detail}"))]
    entries = data.get("suppressions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return {}, [Problem(where, Text("抑制文件应包含 `suppressions:` 列表，每项有 form、code、field、reason",
                                        "suppression file must hold `suppressions:` as a list of {form, code, field, reason}"))]
    out: dict[str, list[Suppression]] = {}
    problems = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("code") or not entry.get("form"):
            problems.append(Problem(where, Text(f"第 {i + 1} 条抑制至少要有 form 和 code", f"suppressions[{i}]: needs at least form and code"),
                                    field=f"suppressions[{i}]"))
            continue
        out.setdefault(str(entry["form"]), []).append(Suppression(
            code=str(entry["code"]).upper(), field=entry.get("field") or None,
            reason=str(entry.get("reason") or "").strip(), origin=Location(str(sidecar), pointer=f"suppressions[{i}]"),
        ))
    return out, problems
