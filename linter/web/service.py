"""What `jxlint serve` does with uploads, without HTTP: check them, lint them in a temporary folder,
and answer with the JSON contract of `jxlint check --format json` plus the triage score per form.

File names from the browser are never used as paths as sent: each upload is written under its bare file
name (the last path component, control characters removed) in a folder of its own in a fresh temporary
folder that is deleted before the answer leaves, so form ids are those `jxlint check` gives the same
file; the temporary paths in the answer are replaced by the uploaded names.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from linter.config import Settings
from linter.excerpts import excerpt, field_heading, field_text, marked_spans
from linter.formatters import json_format
from linter.readers import FORM_EXTENSIONS
from linter.text import Text
from linter.triage import FormScore, Rubric, number, triage, with_unreadable

ACCEPTED = sorted(FORM_EXTENSIONS - {".xls"})  # .xls (Excel 97) cannot be read: say so before uploading
ANNOTATABLE = {".xlsx", ".xlsm"}
MAX_FILES = 50
# A real 绩效指标表 has tens of rows; thousands mean the wrong file (a ledger, an export). The command line
# lints any size; the page says so instead of drawing thousands of findings.
MAX_INDICATOR_ROWS = 1000
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Upload:
    name: str  # as the browser sent it; display only
    data: bytes


class UploadError(Exception):
    """A request the server refuses: an HTTP status, a stable code and a message in both languages."""

    def __init__(self, status: int, code: str, text: Text, details: dict[str, Any] | None = None) -> None:
        super().__init__(text.en)
        self.status, self.code, self.text, self.details = status, code, text, details or {}

    def __reduce__(self) -> tuple[Any, ...]:  # crosses from the lint's child process to the server
        return UploadError, (self.status, self.code, self.text, self.details)

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.text.pick(lang), "message_zh": self.text.zh,
                          "message_en": self.text.en, **self.details}}


def display_name(raw: str | None, index: int) -> str:
    """The last path component of an uploaded name, without control characters, for display."""
    name = _UNPRINTABLE.sub("", re.split(r"[\\/]", raw or "")[-1]).strip()
    if len(name) > 200:  # shortened in the middle: the extension decides the reader
        suffix = Path(name).suffix[:10]
        name = name[:200 - len(suffix) - 1] + "…" + suffix
    return name if name not in ("", ".", "..") else f"上传文件{index + 1}"


def shown_names(uploads: list[Upload]) -> list[str]:
    """The names the answer shows for `uploads`, in order, two uploads of the same name kept apart."""
    return _unique([display_name(u.name, i) for i, u in enumerate(uploads)])


def check_uploads(uploads: list[Upload], max_bytes: int) -> None:
    """Refuse what cannot be linted before writing anything: no file, too many, wrong type, too large."""
    if not uploads:
        raise UploadError(400, "no_file", Text("没有收到文件：请选择或拖入至少一个表单文件",
                                               "no file received: choose or drop at least one form file"))
    if len(uploads) > MAX_FILES:
        raise UploadError(400, "too_many_files", Text(f"一次最多检查 {MAX_FILES} 个文件，收到 {len(uploads)} 个",
                                                      f"at most {MAX_FILES} files at a time; got {len(uploads)}"))
    for i, upload in enumerate(uploads):
        name = display_name(upload.name, i)
        suffix = Path(name).suffix.lower()
        if suffix not in ACCEPTED:
            why = "Excel 97-2003 (.xls) 无法读取，请在 Excel 中另存为 .xlsx" if suffix == ".xls" else \
                f"不支持的文件类型“{suffix or '无扩展名'}”"
            why_en = "Excel 97-2003 (.xls) cannot be read; save it as .xlsx in Excel" if suffix == ".xls" else \
                f"unsupported file type '{suffix or 'no extension'}'"
            raise UploadError(415, "unsupported_type", Text(f"{name}：{why}；可检查 {'、'.join(ACCEPTED)}",
                                                            f"{name}: {why_en}; accepted: {', '.join(ACCEPTED)}"),
                              {"file": name})
    total = sum(len(u.data) for u in uploads)
    if total > max_bytes:
        raise too_large(max_bytes)


def too_large(max_bytes: int) -> UploadError:
    mb = max_bytes / 2**20
    return UploadError(413, "too_large", Text(f"上传内容超过 {mb:g} MB 的上限；请分批上传或删去表单以外的工作表",
                                              f"upload larger than the {mb:g} MB limit; upload fewer files at a time"))


def lint_uploads(uploads: list[Upload], settings: Settings, rubric: Rubric, max_bytes: int) -> dict[str, Any]:
    """The JSON answer of POST /api/lint (README "Web page"). Raises UploadError (4xx) when nothing
    could be read; a batch where some files are unreadable answers normally, with their F002."""
    from linter.engine import lint_paths

    check_uploads(uploads, max_bytes)
    settings = replace(with_unreadable(settings), max_file_mb=max_bytes / 2**20)
    names = shown_names(uploads)
    with tempfile.TemporaryDirectory(prefix="jxlint-serve-") as folder:
        paths = [_write_upload(folder, i, upload, name) for i, (upload, name) in enumerate(zip(uploads, names))]
        shown = dict(zip(paths, names))
        report = lint_paths(paths, settings)
        _refuse_huge_tables(report.forms, shown)
        scores = triage(report.forms, report.diagnostics, rubric, settings.lang)
        payload = {**_contract(report), "files": _files(paths, names, report),
                   "forms": [_form_entry(s, report.diagnostics, rubric) for s in scores]}
    payload = _renamed(payload, shown)
    if not report.forms:
        raise UploadError(422, "unreadable", Text("没有读到任何表单：" + "；".join(_problems(payload, "zh")),
                                                  "no form could be read: " + "; ".join(_problems(payload, "en"))),
                          {"diagnostics": payload["diagnostics"]})
    return payload


def annotate_upload(upload: Upload, settings: Settings, max_bytes: int) -> tuple[str, bytes]:
    """(download name, bytes) of the uploaded workbook with a comment on every offending cell."""
    from linter.engine import lint_paths
    from linter.excel_annotate import annotate

    check_uploads([upload], max_bytes)
    name = display_name(upload.name, 0)
    suffix = Path(name).suffix.lower()
    if suffix not in ANNOTATABLE:
        raise UploadError(415, "not_a_workbook", Text(f"{name}：只有 Excel 工作簿（.xlsx）可以生成批注版",
                                                      f"{name}: only an Excel workbook (.xlsx) can be annotated"))
    settings = replace(settings, max_file_mb=max_bytes / 2**20)
    with tempfile.TemporaryDirectory(prefix="jxlint-serve-") as folder:
        source, target = Path(_write_upload(folder, 0, upload, name)), Path(folder) / f"annotated{suffix}"
        report = lint_paths([str(source)], settings)
        if not report.forms:
            problems = [d.message for d in report.diagnostics]
            raise UploadError(422, "unreadable", Text(f"{name}：无法读取，未生成批注版：{'；'.join(problems)}",
                                                      f"{name}: unreadable, no annotated copy: {'; '.join(problems)}"))
        annotate(str(source), str(target), report.diagnostics, settings.lang, report.forms)
        return f"{Path(name).stem}.jxlint{suffix}", target.read_bytes()


def _write_upload(folder: str, index: int, upload: Upload, name: str) -> str:
    """Write an upload as `<folder>/<index>/<its name>`, so form ids are those `jxlint check` gives the same file
    (`表!Sheet1`); the name is a bare file name (display_name), in a folder of its own. A name the file
    system refuses (too long in bytes) is written as `<index><extension>` instead."""
    own = Path(folder) / str(index)
    own.mkdir()
    try:
        path = own / name
        path.write_bytes(upload.data)
    except OSError:
        path = own / f"{index}{Path(name).suffix.lower()}"
        path.write_bytes(upload.data)
    return str(path)


def _refuse_huge_tables(forms: list[Any], names: dict[str, str]) -> None:
    for form in forms:
        if len(form.indicators) > MAX_INDICATOR_ROWS:
            where = names.get(form.path, form.path)
            raise UploadError(422, "too_many_rows", Text(
                f"{where}：表单“{form.project or form.unit or form.form_id}”有 {len(form.indicators)} 行指标，超过网页检查的 "
                f"{MAX_INDICATOR_ROWS} 行上限；请确认上传的是绩效目标申报表，如确需检查请用命令行 jxlint check",
                f"{where}: form '{form.form_id}' has {len(form.indicators)} indicator rows, over the page's limit of "
                f"{MAX_INDICATOR_ROWS}; check that this is a performance-target form, or lint it with `jxlint check`"),
                {"file": where})


def _contract(report: Any) -> dict[str, Any]:
    return {"version": json_format.VERSION, "summary": report.summary(),
            "diagnostics": [d.to_json() for d in report.diagnostics]}


def _files(paths: list[str], names: list[str], report: Any) -> list[dict[str, Any]]:
    forms_in = {p: sum(1 for f in report.forms if f.path == p) for p in paths}
    return [{"name": name, "forms": forms_in[path], "annotatable": Path(path).suffix.lower() in ANNOTATABLE}
            for path, name in zip(paths, names)]


def _form_entry(score: FormScore, diagnostics: list[Any], rubric: Rubric) -> dict[str, Any]:
    """The triage entry of one form plus its findings grouped by field, in the order the form reads."""
    index = {id(d): i for i, d in enumerate(diagnostics)}
    ordered = sorted(score.diagnostics, key=lambda d: (d.location.sort_line() if d.location else 0, index[id(d)]))
    groups: dict[str, dict[str, Any]] = {}
    for d in ordered:
        group = groups.get(d.field or "")
        if group is None:
            text = field_text(score.form, d.field)
            group = groups[d.field or ""] = {"field": d.field, "label": field_heading(score.form, d.field) or "整个文件",
                                             "text": excerpt(text) if text else None, "findings": []}
        marks = marked_spans(group["text"], d.message) if group["text"] else []
        group["findings"].append({"index": index[id(d)], "points": number(score.points_of(d)), "marks": marks})
    return {**score.to_json(rubric.top_reasons), "fields": list(groups.values())}


def _unique(names: list[str]) -> list[str]:
    """Two uploads of the same name stay apart: `表.xlsx`, `表 (2).xlsx`."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{Path(name).stem} ({seen[name]}){Path(name).suffix}")
    return out


def _renamed(obj: Any, names: dict[str, str]) -> Any:
    """Every temporary path in the answer, in any string, replaced by the uploaded file's name."""
    if isinstance(obj, str):
        for path, name in names.items():
            obj = obj.replace(path, name)
        return obj
    if isinstance(obj, dict):
        return {k: _renamed(v, names) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_renamed(v, names) for v in obj]
    return obj


def _problems(payload: dict[str, Any], lang: str) -> list[str]:
    return [f"{d['path']}：{d['message']}" if lang == "zh" else f"{d['path']}: {d['message']}"
            for d in payload["diagnostics"]][:10]
