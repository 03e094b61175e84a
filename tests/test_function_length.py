"""No function in linter/ is over 60 lines: a longer one is doing several jobs and is split into named steps.

A function's length runs from its `def` line to its last line (docstring and comments included); nested
functions and methods are measured on their own too.
"""

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "linter"
MAX_LINES = 60


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every def and async def, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def _lengths(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {name: node.end_lineno - node.lineno + 1 for name, node in _functions(tree)}


def test_no_function_in_linter_is_over_60_lines():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        too_long += [f"{where}: {name} has {n} lines" for name, n in _lengths(path).items()
                     if n > MAX_LINES]
    assert not too_long, "split these into smaller functions:\n" + "\n".join(too_long)


def test_the_measure_sees_nested_functions_and_methods(tmp_path):
    body = "\n".join(f"            x{i} = {i}" for i in range(MAX_LINES))
    source = tmp_path / "sample.py"
    source.write_text(f"class A:\n    def m(self):\n        def inner():\n{body}\n        return inner\n"
                      f"async def short():\n    return 1\n", encoding="utf-8")
    lengths = _lengths(source)
    assert lengths["A.m.inner"] == MAX_LINES + 1 > MAX_LINES
    assert lengths["A.m"] == MAX_LINES + 3
    assert lengths["short"] == 2
