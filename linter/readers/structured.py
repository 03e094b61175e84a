"""YAML, JSON and JSONL readers: one form, a list of forms, {forms: [...]}, or one form a line."""

from __future__ import annotations

import json
from typing import Any

import yaml

from linter.model import Location
from linter.readers import Problem, ReadResult, stem
from linter.text import Text
from linter.readers.records import (FUNDING_TABLE_COLUMNS, GOAL_TABLE_COLUMNS, STAFFING_TABLE_COLUMNS, Pointer,
                                    RecordError, form_from_record)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _pointer_text(pointer: Pointer) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(pointer))


def _collect(result: ReadResult, records: list[tuple[Any, Pointer, str]], path: str, locate_for, source_of) -> ReadResult:
    """Build a form per record; a record that fails becomes a Problem naming its field."""
    for record, base, default_id in records:
        locate = locate_for(base)
        try:
            result.forms.append(form_from_record(record, path=path, default_id=default_id, locate=locate,
                                                 source=source_of(record)))
        except RecordError as exc:
            form_id = record.get("id") if isinstance(record, dict) else None
            where = locate(())
            result.problems.append(Problem(where, exc.text, field=exc.field or None,
                                           form_id=str(form_id) if form_id is not None else default_id))
    return result


def _split_forms(data: Any, path: str) -> list[tuple[Any, Pointer, str]]:
    """[(record, pointer to it, default id)] for one form, a list, or a {forms: [...]} document."""
    if isinstance(data, dict) and set(data) == {"forms"}:
        data, prefix = data["forms"], ("forms",)
    else:
        prefix = ()
    if isinstance(data, list):
        return [(item, prefix + (i,), f"{stem(path)}#{i + 1}") for i, item in enumerate(data)]
    return [(data, prefix, stem(path))]


def read_yaml(text: str, path: str) -> ReadResult:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Location(path, line=mark.line + 1, column=mark.column + 1) if mark else Location(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return ReadResult(problems=[Problem(where, Text(f"YAML 格式错误：{problem}", f"malformed YAML: {problem}"))])
    if not isinstance(data, (dict, list)):
        return ReadResult(problems=[Problem(Location(path), Text("不是表单：应为表单字段的映射或表单列表",
                                                                 "not a form: expected a mapping of form fields or a list of forms"))])
    marks = _node_marks(node)

    def locate_for(base: Pointer):
        def locate(pointer: Pointer) -> Location:
            full = base + pointer
            line, column = marks.get(full, marks.get(base, (None, None)))
            return Location(path, line=line, column=column, pointer=_pointer_text(full) or None)
        return locate

    return _collect(ReadResult(), _split_forms(data, path), path, locate_for, lambda r: "form")


def _node_marks(node: yaml.Node) -> dict[Pointer, tuple[int, int]]:
    """Every pointer in a YAML document → (line, column), 1-based, of its value."""
    marks: dict[Pointer, tuple[int, int]] = {}
    stack: list[tuple[yaml.Node, Pointer]] = [(node, ())]
    while stack:
        current, pointer = stack.pop()
        marks[pointer] = (current.start_mark.line + 1, current.start_mark.column + 1)
        if isinstance(current, yaml.MappingNode):
            stack.extend((value, pointer + (key.value,)) for key, value in current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((value, pointer + (i,)) for i, value in enumerate(current.value))
    return marks


def read_json(text: str, path: str) -> ReadResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return ReadResult(problems=[Problem(Location(path, line=exc.lineno, column=exc.colno),
                                            Text(f"JSON 格式错误：{exc.msg}", f"malformed JSON: {exc.msg}"))])
    if not isinstance(data, (dict, list)):
        return ReadResult(problems=[Problem(Location(path), Text("不是表单：应为 JSON 对象或表单列表",
                                                                 "not a form: expected a JSON object or a list of forms"))])

    def locate_for(base: Pointer):
        return lambda pointer: Location(path, pointer=_pointer_text(base + pointer) or None)

    return _collect(ReadResult(), _split_forms(data, path), path, locate_for, lambda r: "form")


def read_jsonl(text: str, path: str) -> ReadResult:
    """One form or goal-table row a line; a bad line is reported and the rest still read."""
    result = ReadResult()
    records: list[tuple[Any, Pointer, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            result.problems.append(Problem(Location(path, line=number, column=exc.colno),
                                           Text(f"本行 JSON 格式错误：{exc.msg}", f"malformed JSON on this line: {exc.msg}")))
            continue
        records.append((record, (number,), f"{stem(path)}:{number}"))

    def locate_for(base: Pointer):
        return lambda pointer: Location(path, line=base[0], pointer=_pointer_text(pointer) or None)

    return _collect(result, records, path, locate_for, source_of_row)


def source_of_row(record: Any) -> str:
    """A line with only the columns of a seed table is a partial form, linked to its whole later."""
    if isinstance(record, dict):
        for source, columns in (("goal-table", GOAL_TABLE_COLUMNS), ("funding-table", FUNDING_TABLE_COLUMNS),
                                ("staffing-table", STAFFING_TABLE_COLUMNS)):
            if set(record) <= columns:
                return source
    return "form"
