"""The package's import graph: layers in one direction, no circle, no rule family reaching into another.

The graph is read from the source with ast (every `import`/`from … import`, at any depth of a module), so a
lazy import inside a function counts as an edge too.
"""

import ast
from pathlib import Path


from tests.conftest import ROOT

PACKAGE = ROOT / "linter"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_known_edges():
    graph = _import_graph()
    assert "linter.registry" in graph["linter.rules.goals"]
    assert "linter.rules.goals" in graph["linter.codes"]


def test_no_import_circle():
    assert _cycle(_import_graph()) is None


def test_a_circle_would_be_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_no_rule_module_imports_another_rule_module():
    graph = _import_graph()
    rules = {name for name in graph if name.startswith("linter.rules.")}
    reaching = {(name, target) for name in rules for target in graph[name] if target in rules}
    assert reaching == set()


def test_lower_layers_do_not_import_the_engine_or_the_outputs():
    graph = _import_graph()
    upper = ("linter.engine", "linter.cli", "linter.formatters", "linter.web", "linter.triage", "linter.codes")
    lower = [n for n in graph if n.startswith(("linter.rules", "linter.nlp", "linter.readers", "linter.registry"))]
    offending = {(n, t) for n in lower for t in graph[n] if t.startswith(upper)}
    assert offending == set()
