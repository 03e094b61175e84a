"""Readers: bytes in, Forms out. They know no rules.

`read_input(path)` picks a reader by extension, or by content for stdin and unknown
extensions, and returns the forms it could build plus a Problem for everything it could
not (the engine reports those as F001/F002, so no input is ever silently dropped).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from linter.model import Location
from linter.readers.decode import DecodeError, decode_bytes, without_bom
from linter.readers.result import Problem, ReadResult, stem  # noqa: F401  (the readers' results, re-exported)
from linter.text import Text, os_reason

FORM_EXTENSIONS = {".yaml", ".yml", ".json", ".jsonl", ".csv", ".tsv"}
EXCEL_EXTENSIONS = {".xlsx", ".xlsm", ".xls"}
FORM_EXTENSIONS |= EXCEL_EXTENSIONS
SIDECAR_SUFFIX = ".jxlint.yaml"
STDIN = "-"
ZIP_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip archive


def discover(paths: list[str], excluded: Callable[[str], bool] | None = None,
             named_too: bool = False) -> tuple[list[str], list[Problem]]:
    """Expand folders into form files (sorted, hidden and `excluded` folders and files skipped); report missing
    paths. A file or folder named on the command line is read even when excluded, unless `named_too` (ruff's
    --force-exclude, for pre-commit, which names every file)."""
    files: list[str] = []
    problems: list[Problem] = []
    skip = excluded or (lambda _path: False)
    for raw in paths:
        if raw == STDIN:
            files.append(raw)
            continue
        path = Path(raw)
        if named_too and skip(raw):
            continue
        if path.is_dir():
            _walk(path, files, problems, skip)
        elif path.is_file():
            files.append(raw)
        elif path.is_symlink():
            problems.append(_broken_link(raw))
        else:
            problems.append(Problem(Location(raw), Text("文件或文件夹不存在", "no such file or folder")))
    return files, problems


def _walk(folder: Path, files: list[str], problems: list[Problem], skip: Callable[[str], bool]) -> None:
    """The form files under a folder, following linked folders once each (a link loop is not walked twice)."""
    seen: set[str] = set()
    for root, dirs, names in os.walk(folder, followlinks=True, onerror=lambda err: problems.append(_folder_problem(err))):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not skip(os.path.join(root, d)))
        for name in sorted(names):
            full = os.path.join(root, name)
            if skip(full):
                continue
            if os.path.islink(full) and not os.path.exists(full):
                problems.append(_broken_link(full))
            elif Path(name).suffix.lower() in FORM_EXTENSIONS and not name.endswith(SIDECAR_SUFFIX) \
                    and not name.startswith("~$"):  # Excel's lock file of an open workbook
                if os.path.isfile(full):
                    files.append(full)
                else:  # a pipe or device named like a form: reading it could wait forever
                    problems.append(Problem(Location(full), Text("不是普通文件（管道或设备），未读取",
                                                                 "not a regular file (a pipe or device): not read")))


def _broken_link(path: str) -> Problem:
    """A link to nothing, or to itself: whatever it stood for cannot be checked, so it is said."""
    return Problem(Location(path), Text("链接指向不存在的位置或形成循环，无法读取",
                                        "a link that points nowhere or to itself: cannot be read"))


def _folder_problem(err: OSError) -> Problem:
    """A folder os.walk could not list (permission denied …): its forms would be lost unseen."""
    reason = os_reason(err)
    return Problem(Location(str(err.filename or "")), Text(f"无法读取文件夹（其中的表单未检查）：{reason.zh}",
                                                           f"cannot read the folder (its forms were not checked): {reason.en}"))


def read_input(path: str, max_bytes: int, stdin_name: str | None = None) -> ReadResult:
    """Every form in one input, or Problems saying why not. Standard input is shown as `stdin_name`
    (--stdin-filename), whose extension then picks the reader, as a file of that name would."""
    display = (stdin_name or "<stdin>") if path == STDIN else path
    try:
        data = sys.stdin.buffer.read() if path == STDIN else _read_bytes(path, max_bytes)
    except OSError as exc:
        reason = os_reason(exc)
        return _fail(display, Text(f"无法打开文件：{reason.zh}", f"cannot read file: {reason.en}"))
    except _TooLarge as exc:
        return _fail(display, exc.text)
    if not without_bom(data).strip():  # a file that holds only its byte-order mark is empty
        return _fail(display, Text("空文件，里面没有表单", "empty file: no form in it"))
    try:
        result = _parse(stdin_name if path == STDIN and stdin_name else path, data, display)
    except (ValueError, OverflowError, RecursionError) as exc:
        # The readers name the row and field of the errors they expect; anything else that a value can
        # provoke (a 5,000-digit number, 100,000 nested brackets) still fails this file only.
        return _fail(display, _unreadable(exc))
    if not result.forms and not result.problems:  # `{}`, `[]`, a table with only its header
        return _fail(display, Text("没有表单：文件里没有任何表单", "no form: the file holds no form"))
    return result


def _unreadable(exc: Exception) -> Text:
    """Why a file could not be parsed, in the reader's words rather than Python's."""
    if isinstance(exc, RecursionError):
        return Text("括号或缩进嵌套层数过多", "brackets or indentation nested too deep")
    if isinstance(exc, (OverflowError, ValueError)) and "digits" in str(exc):
        return Text("其中有位数过多的数字", "it holds a number with too many digits")
    detail = str(exc)[:200]  # Python's words: in the English message only
    return Text("文件内容无法解析", f"the content cannot be parsed ({detail})")


def _parse(path: str, data: bytes, display: str) -> ReadResult:
    suffix = Path(path).suffix.lower() if path != STDIN else ""
    if suffix in EXCEL_EXTENSIONS or (suffix not in FORM_EXTENSIONS and sniff(data[:len(ZIP_MAGIC)]) == "xlsx"):
        from linter.readers import excel

        return excel.read_workbook(path, data, display)
    try:
        text, _encoding = decode_bytes(data)
    except DecodeError as exc:
        return _fail(display, Text(f"无法识别文字编码：{exc.text.zh}", f"cannot decode text: {exc.text.en}"))
    kind = _kind(path, text)
    from linter.readers import structured, tables  # readers import only what they parse

    if kind in ("csv", "tsv"):
        return tables.read_table(text, display, "\t" if kind == "tsv" else ",")
    if kind == "jsonl":
        return structured.read_jsonl(text, display)
    if kind == "json":
        return structured.read_json(text, display)
    return structured.read_yaml(text, display)


class _TooLarge(Exception):
    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _read_bytes(path: str, max_bytes: int) -> bytes:
    size = os.path.getsize(path)
    if size > max_bytes:
        raise _TooLarge(Text(
            f"文件 {size / 2**20:.1f} MB，超过 {max_bytes / 2**20:.0f} MB 的上限（请拆分文件，或在 jxlint.toml 中调大 max-file-mb）",
            f"file is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit "
            "(split it, or raise max-file-mb in jxlint.toml)",
        ))
    with open(path, "rb") as fh:
        return fh.read()


def _kind(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in (".json", ".jsonl", ".csv", ".tsv"):
        return suffix[1:]
    return sniff(text)


def sniff(content: str | bytes) -> str:
    """Guess the layout of input with no telling extension (stdin): an xlsx workbook from its bytes,
    else yaml, json, jsonl, csv or tsv from the text."""
    if isinstance(content, bytes):
        if content.startswith(ZIP_MAGIC):
            return "xlsx"
        content = content.decode("utf-8", errors="replace")
    stripped = content.lstrip("\ufeff \t\r\n")
    lines = [ln for ln in stripped.split("\n") if ln.strip()]
    if stripped.startswith("{") and len(lines) > 1 and (
            _is_json_object(lines[0]) or all(ln.lstrip().startswith("{") and ln.rstrip().endswith("}") for ln in lines)):
        return "jsonl"  # a whole object on the first line and more lines: one object a line
    if stripped.startswith(("{", "[")):
        return "json"
    header = lines[0] if lines else ""
    if "\t" in header and "id" in header.split("\t"):
        return "tsv"
    if "," in header and "id" in [h.strip() for h in header.split(",")]:
        return "csv"
    return "yaml"


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _fail(display: str, message: Text) -> ReadResult:
    return ReadResult(problems=[Problem(Location(display), message)])
