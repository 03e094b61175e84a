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
    assert "linter.registry" in graph["linter.rules.goals.presence"]
    assert "linter.rules.goals.presence" in graph["linter.rules.goals"]
    assert "linter.analysis.goal_copies" in graph["linter.rules.goals.copies"]
    assert "linter.rules.goals" in graph["linter.codes"]
    assert "linter.rules.indicators.common" in graph["linter.rules.indicators.values"]
    assert "linter.rules.indicators.values" in graph["linter.rules.indicators"]


def test_no_import_circle():
    assert _cycle(_import_graph()) is None


def test_a_circle_would_be_found():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def _rule_reaching(graph: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports from one rule module to another, except the two a family package needs: its `__init__` importing
    its own modules, and a module of the package importing the package's `common`."""
    rules = {name for name in graph if name.startswith("linter.rules.")}

    def allowed(name: str, target: str) -> bool:
        package = target.rpartition(".")[0]
        own_module = name == package and name.count(".") == 2
        shares_common = target == f"{package}.common" and name.startswith(f"{package}.") and package.count(".") == 2
        return own_module or shares_common

    return {(name, target) for name in rules for target in graph[name] if target in rules and not allowed(name, target)}


def test_no_rule_module_imports_another_rule_module():
    assert _rule_reaching(_import_graph()) == set()


def test_a_reaching_import_would_be_found():
    graph = {"linter.rules.budget": {"linter.rules.goals", "linter.registry"}, "linter.rules.goals": set(),
             "linter.rules.indicators": {"linter.rules.indicators.values", "linter.rules.indicators.common"},
             "linter.rules.indicators.common": set(),
             "linter.rules.indicators.values": {"linter.rules.indicators.common", "linter.rules.indicators.text"},
             "linter.rules.indicators.text": {"linter.rules.goals.common"},
             "linter.rules.goals.common": set(), "linter.registry": set()}
    assert _rule_reaching(graph) == {("linter.rules.budget", "linter.rules.goals"),
                                     ("linter.rules.indicators.values", "linter.rules.indicators.text"),
                                     ("linter.rules.indicators.text", "linter.rules.goals.common")}


def test_lower_layers_do_not_import_the_engine_or_the_outputs():
    graph = _import_graph()
    upper = ("linter.engine", "linter.cli", "linter.formatters", "linter.web", "linter.triage", "linter.codes")
    lower = [n for n in graph if n.startswith(("linter.rules", "linter.nlp", "linter.readers", "linter.registry"))]
    offending = {(n, t) for n in lower for t in graph[n] if t.startswith(upper)}
    assert offending == set()


def test_the_analysis_layer_imports_no_rule_and_no_engine():
    graph = _import_graph()
    analysis = [n for n in graph if n.startswith("linter.analysis")]
    upper = {"linter.rules", "linter.codes", "linter.engine", "linter.engine_rules", "linter.cli", "linter.formatters",
             "linter.web", "linter.triage"}
    assert "linter.analysis.goal_copies" in analysis
    assert {(n, t) for n in analysis for t in graph[n] if ".".join(t.split(".")[:2]) in upper} == set()


def test_outputs_take_the_report_from_the_diagnostics_not_the_engine():
    graph = _import_graph()
    formatters = [n for n in graph if n.startswith("linter.formatters")]
    assert formatters and {n for n in formatters if "linter.engine" in graph[n]} == set()
