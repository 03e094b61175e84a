"""YAML, JSON and JSONL readers: one form, a list of forms, {forms: [...]}, or one form a line."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from linter.model import Location
from linter.readers.result import Problem, ReadResult, stem
from linter.text import Text
from linter.readers.records import (FUNDING_TABLE_COLUMNS, GOAL_TABLE_COLUMNS, STAFFING_TABLE_COLUMNS, Pointer,
                                    field_pointer, pointer_field, read_record)

MAX_ALIAS_EXPANSION = 10_000


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading with dates kept as the text written: the model holds dates as text, and an
    impossible date (2021-02-30) must be reported against its field, not fail the whole file."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


@dataclass(frozen=True)
class _Flaw:
    """A value the text gives but the record would not hold as written (a key given twice, a lone
    surrogate): the pointer of its mapping or list, its key there, where it is, and what is wrong."""

    pointer: Pointer
    key: str | int
    location: Location
    text: Text


def _printable(text: str) -> str:
    """Text safe to print: a lone surrogate (JSON "\\ud800") becomes its escape, as no encoding can write it."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _collect(result: ReadResult, records: list[tuple[Any, Pointer, str]], path: str, locate_for, source_of,
             flaws: list[_Flaw] = (), field_lines: bool = False) -> ReadResult:
    """Build a form per record; a record that fails, or holds a flaw, becomes a Problem naming its field
    (and, with `field_lines`, placed at that field's line when the text has it under that name)."""
    depth = len(records[0][1]) if records else 0
    under: dict[Pointer, list[_Flaw]] = {}
    for flaw in flaws:
        if len(flaw.pointer) < depth:  # outside every form, e.g. `forms:` given twice
            field = _printable(pointer_field(flaw.pointer + (flaw.key,)))
            result.problems.append(Problem(flaw.location, flaw.text, field=field))
        else:
            under.setdefault(flaw.pointer[:depth], []).append(flaw)
    for record, base, default_id in records:
        locate = locate_for(base)
        form_id = record.get("id") if isinstance(record, dict) else None
        form_id = _printable(str(form_id)) if form_id is not None else default_id
        if base in under:  # the record is not what its text says: read it as written, or not at all
            result.problems.extend(Problem(f.location, f.text, form_id=form_id,
                                           field=_printable(pointer_field(f.pointer[depth:] + (f.key,)))) for f in under[base])
            continue
        if record == {}:
            result.problems.append(Problem(locate(()), Text("没有表单：这一项是空的映射，没有任何字段",
                                                            "no form: this entry is an empty mapping with no fields"),
                                           form_id=form_id))
            continue
        form, errors = read_record(record, path=path, default_id=default_id, locate=locate, source=source_of(record))
        result.forms += [form] if form is not None else []
        for exc in errors:
            where = locate(field_pointer(exc.field) if field_lines else ())
            result.problems.append(Problem(where, exc.text, field=exc.field or None, form_id=form_id))
    return result


def _duplicate_text(key: str) -> Text:
    key = _printable(key)
    return Text(f"键“{key}”重复出现：每个键只能写一次（后一个值会悄悄覆盖前一个）",
                f"duplicate key {key!r}: a key may appear only once (the later value would silently replace the earlier)")


_SURROGATE_TEXT = Text("含有孤立的 Unicode 代理字符转义（如 \\ud800），不是有效的文字，无法输出",
                       "holds a lone Unicode surrogate escape (such as \\ud800): not valid text, it cannot be written out")


def _split_forms(data: Any, path: str) -> list[tuple[Any, Pointer, str]]:
    """[(record, pointer to it, default id)] for one form, a list, or a {forms: [...]} document."""
    if isinstance(data, dict) and set(data) == {"forms"}:
        data, prefix = data["forms"], ("forms",)
    else:
        prefix = ()
    if isinstance(data, list):
        return [(item, prefix + (i,), f"{stem(path)}#{i + 1}") for i, item in enumerate(data)]
    return [(data, prefix, stem(path))]


# What the YAML parser's problem (PyYAML's or libyaml's words, matched in this order) means, said in Chinese;
# the parser's own words stay in the English message.
_YAML_TAB = "用了制表符（Tab）：YAML 只能用空格缩进"
_YAML_KEY = "这一行与同一层的其他行缩进不一致，或在值的后面多出了内容"
_YAML_PROBLEMS = (
    ("tab character", _YAML_TAB), ("'\\t'", _YAML_TAB),
    ("cannot start any token", "这里有不能作为开头的字符（如 @ 或 `）：含这种字符的值请加引号"),
    ("mapping values are not allowed", "这里不能出现“键: 值”：值里有冒号加空格时请给整个值加引号，或检查这一行的缩进"),
    ("sequence entries are not allowed", "这里不能出现以“- ”开头的列表项：请检查缩进"),
    ("could not find expected ':'", "缺少冒号：键的后面应写“: ”再写值"),
    ("end of stream", "文件在引号或括号闭合之前就结束了：请补上结束的引号或括号"),
    ("escape", "双引号里的反斜杠（\\）转义无效：请改用单引号，或把 \\ 写成两个"),
    ("expected key", _YAML_KEY), ("<block end>", _YAML_KEY),
    ("'-' indicator", "这一行与同一列表的其他项缩进不一致，或缺少“- ”"),
    ("',' or ']'", "方括号 [ ] 里的列表没有写完：缺少逗号或结束的“]”"),
    ("',' or '}'", "花括号 { } 里的映射没有写完：缺少逗号或结束的“}”"),
    ("node content", "这里缺少值，或有不能作为值的内容"),
    ("undefined alias", "引用了未定义的别名：*名称 之前没有对应的 &名称"),
    ("alphabetic or numeric", "& 或 * 的后面应紧跟锚点的名称（字母或数字）"),
    ("unhashable key", "键不能是列表或映射"),
    ("constructor for the tag", "用了不支持的类型标签（以 ! 开头）"),
    ("another document", "文件里有不止一份文档（多出了 ---）：一个文件只能写一份文档"),
)


def yaml_problem(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    """A YAML syntax error as a Problem at its line and column: what is wrong said in Chinese, in the parser's
    words in English."""
    mark = getattr(exc, "problem_mark", None)
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow: only its offset is known
        pos = exc.position
        if not (0 <= pos < len(text) and ord(text[pos]) == exc.character):
            pos = len(text.encode("utf-8")[:pos].decode("utf-8", "ignore"))  # libyaml counts the bytes of UTF-8
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        what, problem = f"含有 YAML 不允许的控制字符（U+{exc.character:04X}）", exc.reason
    elif mark is not None:
        line, column = mark.line + 1, mark.column + 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        what = next((zh for key, zh in _YAML_PROBLEMS if key in problem), "这里不符合 YAML 的写法")
        problem = f"{exc.context}, {problem}" if getattr(exc, "context", None) else problem  # while parsing …
    else:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Problem(Location(path), Text("YAML 格式错误：文件不符合 YAML 的写法", f"malformed YAML: {problem}"))
    return Problem(Location(path, line=line, column=column), Text(
        f"YAML 格式错误（第 {line} 行第 {column} 列）：{what}",
        f"malformed YAML (line {line}, column {column}): {problem}"))


def read_yaml(text: str, path: str) -> ReadResult:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            refused = _alias_refusal(node, path) if node is not None else None
            if refused is not None:
                return ReadResult(problems=[refused])
            # before constructing: merge keys (<<) are flattened into their mapping then, which is no duplicate
            duplicates = _yaml_duplicates(node, path) if node is not None else []
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return ReadResult(problems=[yaml_problem(exc, text, path)])
    if not isinstance(data, (dict, list)):
        return ReadResult(problems=[Problem(Location(path), Text("不是表单：应为表单字段的映射或表单列表",
                                                                 "not a form: expected a mapping of form fields or a list of forms"))])
    marks = _node_marks(node)

    def locate_for(base: Pointer):
        def locate(pointer: Pointer) -> Location:
            full = base + pointer
            probe = full
            while probe and probe not in marks:  # below an alias only the alias itself is marked
                probe = probe[:-1]
            line, column = marks.get(probe, (None, None))
            return Location(path, line=line, column=column, pointer=pointer_field(full) or None)
        return locate

    return _collect(ReadResult(), _split_forms(data, path), path, locate_for, lambda r: "form", duplicates,
                    field_lines=True)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _alias_refusal(root: yaml.Node, path: str) -> Problem | None:
    """A Problem when aliases would repeat more than MAX_ALIAS_EXPANSION nodes, or make a node contain itself.

    Aliases are allowed (a form may reuse an indicator row), but an alias bomb of a few hundred bytes
    expands to billions of nodes. The composed graph shares aliased nodes, so sizes are counted once
    per distinct node: time and memory stay proportional to the text, before anything is constructed.
    """
    size: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            open_nodes.discard(id(node))
            size[id(node)] = 1 + sum(size[id(child)] for child in _children(node))
        elif id(node) in open_nodes:
            return _alias_problem(path, node, "别名指向包含它自己的节点（无限展开）",
                                  "an alias refers to a node that contains it (endless expansion)")
        elif id(node) not in size:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node) if id(child) not in size)
    extra = size[id(root)] - len(size)
    if extra > MAX_ALIAS_EXPANSION:
        return _alias_problem(path, root, f"别名（*引用）展开后多出 {extra} 个节点，超过 {MAX_ALIAS_EXPANSION} 的上限",
                              f"its aliases (*references) would add {extra} nodes, over the limit of {MAX_ALIAS_EXPANSION}")
    return None


def _alias_problem(path: str, node: yaml.Node, zh: str, en: str) -> Problem:
    where = Location(path, line=node.start_mark.line + 1, column=node.start_mark.column + 1)
    return Problem(where, Text(f"YAML 别名展开过大，拒绝读取：{zh}", f"YAML refused: {en}"))


def _walk(root: yaml.Node):
    """(node, pointer) of each distinct node once; a node reached again through an alias is not entered again."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, Pointer]] = [(root, ())]
    while stack:
        node, pointer = stack.pop()
        entered = id(node) not in seen
        seen.add(id(node))
        yield node, pointer, entered
        if not entered:
            continue
        if isinstance(node, yaml.MappingNode):
            stack.extend((value, pointer + (key.value,)) for key, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((value, pointer + (i,)) for i, value in enumerate(node.value))


def _node_marks(node: yaml.Node) -> dict[Pointer, tuple[int, int]]:
    """Pointers in a YAML document → (line, column), 1-based, of their value; aliased nodes are not re-walked."""
    return {pointer: (current.start_mark.line + 1, current.start_mark.column + 1)
            for current, pointer, _ in _walk(node)}


def _yaml_duplicates(root: yaml.Node, path: str) -> list[_Flaw]:
    """Keys given twice in one mapping of the composed document (the constructor keeps only the last)."""
    found = []
    for node, pointer, entered in _walk(root):
        if not entered or not isinstance(node, yaml.MappingNode):
            continue
        keys: set[str] = set()
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
                continue
            if key.value in keys:
                where = Location(path, line=key.start_mark.line + 1, column=key.start_mark.column + 1,
                                 pointer=pointer_field(pointer + (key.value,)))
                found.append(_Flaw(pointer, key.value, where, _duplicate_text(key.value)))
            keys.add(key.value)
    return found


def read_json(text: str, path: str) -> ReadResult:
    try:
        data, flaws = _load_json(text)
    except json.JSONDecodeError as exc:
        return ReadResult(problems=[Problem(Location(path, line=exc.lineno, column=exc.colno), Text(
            f"JSON 格式错误（第 {exc.lineno} 行第 {exc.colno} 列）：{_json_problem(exc.msg)}",
            f"malformed JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"))])
    if not isinstance(data, (dict, list)):
        return ReadResult(problems=[Problem(Location(path), Text("不是表单：应为 JSON 对象或表单列表",
                                                                 "not a form: expected a JSON object or a list of forms"))])

    def locate_for(base: Pointer):
        return lambda pointer: Location(path, pointer=pointer_field(base + pointer) or None)

    located = [_Flaw(p, k, Location(path, pointer=_printable(pointer_field(p + (k,)))), t) for p, k, t in flaws]
    return _collect(ReadResult(), _split_forms(data, path), path, locate_for, lambda r: "form", located)


def read_jsonl(text: str, path: str) -> ReadResult:
    """One form or goal-table row a line; a bad line is reported and the rest still read."""
    result = ReadResult()
    records: list[tuple[Any, Pointer, str]] = []
    located: list[_Flaw] = []
    # "\n" only: str.splitlines() also breaks at U+2028, U+2029, NEL, \v, \f, \x1c-\x1e, which are text
    # inside a JSON string; "\r" before "\n" is JSON whitespace.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record, flaws = _load_json(line)
        except json.JSONDecodeError as exc:
            result.problems.append(Problem(Location(path, line=number, column=exc.colno), Text(
                f"第 {number} 行 JSON 格式错误（第 {exc.colno} 列）：{_json_problem(exc.msg)}",
                f"malformed JSON on this line (line {number}, column {exc.colno}): {exc.msg}")))
            continue
        records.append((record, (number,), f"{stem(path)}:{number}"))
        located += [_Flaw((number,) + p, k, Location(path, line=number, pointer=_printable(pointer_field(p + (k,)))), t)
                    for p, k, t in flaws]

    def locate_for(base: Pointer):
        return lambda pointer: Location(path, line=base[0], pointer=pointer_field(pointer) or None)

    return _collect(result, records, path, locate_for, source_of_row, located)


# What json's error message means, said in Chinese; its own words stay in the English message.
_JSON_PROBLEMS = (
    ("Expecting value", "这里应有一个值（文字须用双引号括起；true、false、null 须小写；逗号后面不能直接结束）"),
    ("Expecting property name", "这里应有用双引号括起的键名（键名不能用单引号；最后一项的后面不能再有逗号）"),
    ("Expecting ',' delimiter", "缺少逗号：相邻两项之间要用“,”隔开（或前一个字符串里有未转义的双引号）"),
    ("Expecting ':' delimiter", "缺少冒号：键名的后面要写“:”"),
    ("Unterminated string", "字符串的双引号没有闭合"),
    ("Invalid control character", "字符串里有未转义的控制字符（如直接换行或制表符）"),
    ("escape", "字符串里的反斜杠（\\）转义无效"),
    ("Extra data", "内容已经完整结束，后面还有多余的内容（多份表单请放进 [ ] 列表）"),
    ("trailing comma", "多余的逗号：最后一项的后面不能再有“,”"),
)


def _json_problem(msg: str) -> str:
    return next((zh for key, zh in _JSON_PROBLEMS if key in msg), "这里不符合 JSON 的写法")


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _load_json(text: str) -> tuple[Any, list[tuple[Pointer, str | int, Text]]]:
    """json.loads, plus (pointer, key, what is wrong) for each key an object gives twice and each
    string or key holding a lone surrogate."""
    repeated: dict[int, tuple[dict, list[str]]] = {}

    def pairs(items: list[tuple[str, Any]]) -> dict:
        obj = dict(items)
        if len(obj) < len(items):
            seen: set[str] = set()
            # the object is kept in the tuple so its id cannot be reused by a later object
            repeated[id(obj)] = (obj, [k for k, _ in items if k in seen or seen.add(k)])
        return obj

    data = json.loads(text, object_pairs_hook=pairs)
    if not repeated and not _SURROGATE_ESCAPE.search(text):
        return data, []
    found: list[tuple[Pointer, str | int, Text]] = []
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        value, pointer = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            if (isinstance(key, str) and not _encodable(key)) or (isinstance(item, str) and not _encodable(item)):
                found.append((pointer, key, _SURROGATE_TEXT))
            stack.append((item, pointer + (key,)))
        found += [(pointer, key, _duplicate_text(key)) for key in repeated.get(id(value), (None, []))[1]]
    return data, found


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def source_of_row(record: Any) -> str:
    """A line with only the columns of a seed table is a partial form, linked to its whole later."""
    if isinstance(record, dict):
        for source, columns in (("goal-table", GOAL_TABLE_COLUMNS), ("funding-table", FUNDING_TABLE_COLUMNS),
                                ("staffing-table", STAFFING_TABLE_COLUMNS)):
            if set(record) <= columns:
                return source
    return "form"
