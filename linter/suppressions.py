"""Suppressions: a form has no comments, so they live in the form, its 备注 or a sidecar file.

- in a canonical form: `suppressions: [{code: G003, field: annual_goal, reason: ...}]`;
- in the 备注/note text: `jxlint: ignore G003@annual_goal 理由：…`;
- in `<input file>.jxlint.yaml` beside the input: `suppressions: [{form: P001, code, field, reason}]`
  (`form: "*"` for every form of that file).
The target after `@` (or in `field`) is what the clerk sees: a field path (`indicators[9].value`, 0-based like
the JSON contract), a field's label (`年度目标`), an indicator's 三级 name (`服务对象满意度`, optionally
`.指标值`), its row of the indicator table counted from 1 as the messages and the page count (`第10行`), or a
cell (`E27`, `项目支出绩效目标!E27`).
Every suppression needs a reason; one without is not applied and is reported (F003).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import yaml

from linter.model import FIELD_NAMES, Form, Location, Suppression
from linter.readers import SIDECAR_SUFFIX, Problem
from linter.readers.decode import DecodeError, decode_bytes
from linter.readers.structured import yaml_problem
from linter.registry import Finding
from linter.text import Text, os_reason

# `jxlint: ignore CODE[@TARGET] reason`; a target with spaces or colons is quoted: @“名 称”
_DIRECTIVE = re.compile(
    r"jxlint\s*[:：]\s*ignore\s+([A-Za-z]\d{0,3})(?:@(?:[“\"「]([^”\"」\n]+)[”\"」]|([^\s，,；;:：]+)))?"
    r"[ \t\u3000]*(?:[-—:：,，][ \t\u3000]*)?([^\n；;]*)"  # the reason: the rest of the line, never the next one
)
_FIELD_PATH = re.compile(r"[a-z_]+(?:\.[a-z_]+|\[\d+\])*")
_CELL = re.compile(r"(?:(?P<sheet>[^!]+)!)?\$?(?P<column>[A-Za-z]{1,3})\$?(?P<row>[1-9]\d*)")
_PARTS = {"name": "name", "value": "value", "unit": "unit", "level1": "level1", "level2": "level2",
          "三级指标": "name", "指标名称": "name", "指标值": "value", "年度指标值": "value", "度量单位": "unit",
          "计量单位": "unit", "一级指标": "level1", "二级指标": "level2"}
_ROW = re.compile(r"第\s*(\d+)\s*行(?:指标)?")
_COLUMN_WORDS = {"value", "name", "level1", "level2", "unit_col", "comparator", "suppressions"}  # not form fields
_REASON_PREFIX = re.compile(r"^(理由|原因|reason)\s*[:：]?\s*", re.IGNORECASE)
MIN_REASON_CHARS = 2


def has_reason(s: Suppression) -> bool:
    return len(_REASON_PREFIX.sub("", s.reason).strip()) >= MIN_REASON_CHARS


def from_note(form: Form) -> list[Suppression]:
    """Directives written in the form's 备注 field."""
    where = form.location("note")
    return [
        Suppression(code=m.group(1).upper(), field=m.group(2) or m.group(3), reason=m.group(4).strip(), origin=where)
        for m in _DIRECTIVE.finditer(form.note or "")
    ]


def resolved(form: Form, active: list[Suppression]) -> list[Suppression]:
    """Each suppression with its target made a field path of this form (`服务对象满意度` → `indicators[9]`,
    `E27` → `indicators[9].value`); one whose target the form does not have is marked `found=False`."""
    return [_resolve(form, s) for s in active]


def _resolve(form: Form, s: Suppression) -> Suppression:
    target = (s.field or "").strip()
    if not target or _FIELD_PATH.fullmatch(target):
        return s
    path = _cell_field(form, target) or _label_field(target) or _row_field(form, target) or _indicator_field(form, target)
    return replace(s, field=path, written=target) if path else replace(s, written=target, found=False)


def _cell_field(form: Form, target: str) -> str | None:
    """The most precise field read from this cell (`E27` → `indicators[9].value`, not `indicators[9]`)."""
    m = _CELL.fullmatch(target)
    if not m:
        return None
    cell = f"{m['column'].upper()}{m['row']}"
    hits = [path for path, loc in form.locations.items()
            if path and loc.cell == cell and (m["sheet"] is None or loc.sheet == m["sheet"].strip("'"))]
    return max(hits, key=len) if hits else None


def _label_field(target: str) -> str | None:
    """A field's label as the template prints it: `年度目标` → `annual_goal`."""
    return next((path for path, (word, _) in FIELD_NAMES.items() if word == target and path not in _COLUMN_WORDS),
                None)


def _row_field(form: Form, target: str) -> str | None:
    """`第10行` (or `第10行指标`): the 10th row of the indicator table, numbered from 1 as every message says."""
    m = _ROW.fullmatch(target)
    return f"indicators[{int(m[1]) - 1}]" if m and 1 <= int(m[1]) <= len(form.indicators) else None


def _indicator_field(form: Form, target: str) -> str | None:
    """An indicator by its 三级 name, optionally with a column (`服务对象满意度.指标值`): its first row."""
    name, _, part = target.rpartition(".") if target.rpartition(".")[2] in _PARTS else (target, "", "")
    wanted = _comparable(name)
    row = next((i for i, ind in enumerate(form.indicators) if _comparable(ind.name) == wanted), None)
    if row is None:
        return None
    return f"indicators[{row}]" + (f".{_PARTS[part]}" if part else "")


def _comparable(text: str) -> str:
    """Names compared as a clerk reads them: full-width and half-width alike, spaces ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# An unreadable input and a crashed rule are reported whatever the suppressions say: no form may be lost unseen.
ALWAYS_REPORTED = frozenset({"F002", "F006"})


def _at(s: Suppression) -> str:
    """The suppression's target as its message writes it after the code (@第1行, @E27), or nothing."""
    return f"@{s.written or s.field}" if s.field or s.written else ""


def unknown_code_finding(s: Suppression) -> Finding:
    """The F003 finding of a suppression whose code names no rule (a typo such as G0002 or X001)."""
    at = _at(s)
    return Finding("suppressions", code=s.code, at=at, problem="指向的规则代码不存在，所以未生效",
                   problem_en="names no rule code, so it was not applied",
                   fix="改为 `jxlint rules` 列出的代码（如 I016）或代码前缀（如 I）",
                   fix_en="use a code `jxlint rules` lists (e.g. I016) or a code prefix (e.g. I)")


def f003_finding(s: Suppression, no_reason: bool) -> Finding:
    """The F003 finding of a suppression that is not applied (`no_reason`) or hides nothing, worded for its case."""
    at = _at(s)
    if no_reason:
        example = f"jxlint: ignore {s.code}{at} 理由：……"
        written = _REASON_PREFIX.sub("", s.reason).strip()
        problem, problem_en = (f"的理由“{written}”过短（至少 {MIN_REASON_CHARS} 个字），所以未生效",
                               f"gives too short a reason ('{written}', at least {MIN_REASON_CHARS} characters), so it was not applied") \
            if written else ("没有写理由，所以未生效", "gives no reason, so it was not applied")
        return Finding("suppressions", code=s.code, at=at, problem=problem, problem_en=problem_en,
                       fix=f"写明为什么可以不改，如“{example}”", fix_en=f"say why it may stay as it is, e.g. `{example}`")
    if s.code in ALWAYS_REPORTED:
        return Finding("suppressions", code=s.code, at=at,
                       problem=f"不起作用：{s.code} 总会报告，不能抑制", problem_en=f"has no effect: {s.code} is always reported",
                       fix=f"删除这条抑制，改正 {s.code} 所说的问题", fix_en=f"remove the suppression and fix what {s.code} reports")
    if not s.found:
        return Finding("suppressions", code=s.code, at=at,
                       problem=f"指向的“{s.written}”在本表中找不到（不是字段、三级指标名称或单元格），所以未生效",
                       problem_en=f"points at '{s.written}', which is no field, indicator name or cell of this form, so it was not applied",
                       fix=f"改为本表的三级指标名称或单元格，如“{s.code}@E27”", fix_en=f"name an indicator or a cell of this form, e.g. `{s.code}@E27`")
    return Finding("suppressions", code=s.code, at=at, problem=f"没有隐藏任何问题：这里已没有 {s.code} 的问题",
                   problem_en=f"hides nothing: there is no {s.code} finding there", fix="问题已改正，删除这条抑制即可",
                   fix_en="the problem is fixed; remove the suppression")


def read_sidecar(input_path: str) -> tuple[dict[str, list[Suppression]], list[Problem]]:
    """{form id or '*': suppressions} from the sidecar of an input file, if it has one."""
    sidecar = Path(input_path + SIDECAR_SUFFIX)
    try:
        found = input_path != "-" and sidecar.is_file()
    except OSError:  # the name plus the suffix is longer than the file system allows: there can be no sidecar
        found = False
    if not found:
        return {}, []
    where = Location(str(sidecar))
    try:
        text, _ = decode_bytes(sidecar.read_bytes())
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:  # said in Chinese, at its line, as a form file's would be
        syntax = yaml_problem(exc, text, str(sidecar))
        return {}, [replace(syntax, message=Text(f"抑制文件无法读取：{syntax.message.zh}",
                                                 f"unreadable suppression file: {syntax.message.en}"))]
    except (OSError, DecodeError) as exc:
        why = exc.text if isinstance(exc, DecodeError) else os_reason(exc)
        return {}, [Problem(where, Text(f"抑制文件无法读取：{why.zh}", f"unreadable suppression file: {why.en}"))]
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
