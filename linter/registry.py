"""The rule registry: each rule declared once, with code, name, severity, messages, docs, examples.

A rule is a small generator function decorated with `@rule(...)`. Per-form rules take a
`Form` and yield `Finding`s; batch rules take every form of a run and yield
`(form, Finding)` pairs. The engine turns findings into diagnostics; the generic test in
tests/test_rule_examples.py runs every rule's examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
FORM = "form"
BATCH = "batch"


@dataclass(frozen=True)
class Finding:
    """What a rule reports: the field to fix and the values for its message template."""

    field: str
    args: dict[str, Any] = field(default_factory=dict)

    def __init__(self, field_path: str, **args: Any) -> None:
        object.__setattr__(self, "field", field_path)
        object.__setattr__(self, "args", args)


@dataclass(frozen=True)
class Example:
    """A form (or, for batch rules, a list of forms) as canonical records, and the verdict."""

    form: dict[str, Any] | list[dict[str, Any]]
    fires: bool
    field: str | None = None  # the field the finding must name, when it fires


def fires(form: dict[str, Any] | list[dict[str, Any]], field: str | None = None) -> Example:
    return Example(form, True, field)


def passes(form: dict[str, Any] | list[dict[str, Any]]) -> Example:
    return Example(form, False)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    message: str
    hint: str
    what: str
    why: str
    message_en: str
    hint_en: str
    what_en: str
    why_en: str
    examples: tuple[Example, ...]
    check: Callable[..., Iterable[Any]] | None
    scope: str = FORM

    @property
    def family(self) -> str:
        return self.code[0]

    def render(self, args: dict[str, Any], lang: str = "zh") -> tuple[str, str]:
        """(message, hint) with the finding's arguments filled in."""
        message, hint = (self.message_en, self.hint_en) if lang == "en" else (self.message, self.hint)
        return message.format(**args), hint.format(**args)


_RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    severity: str,
    message: str,
    hint: str,
    what: str,
    why: str,
    message_en: str,
    hint_en: str,
    what_en: str,
    why_en: str,
    examples: Iterable[Example] = (),
    scope: str = FORM,
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Register the decorated check function as a rule."""

    def register(check: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        declare(
            Rule(code, name, severity, message, hint, what, why, message_en, hint_en, what_en, why_en,
                 tuple(examples), check, scope)
        )
        return check

    return register


def declare(r: Rule) -> None:
    """Add a rule; also used for rules the engine raises itself (F002, F003)."""
    if r.code in _RULES:
        raise ValueError(f"rule code {r.code} declared twice")
    if r.severity not in SEVERITIES:
        raise ValueError(f"rule {r.code}: unknown severity {r.severity}")
    _RULES[r.code] = r


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by code."""
    import linter.rules  # noqa: F401  (importing the families registers their rules)

    return sorted(_RULES.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule | None:
    all_rules()
    return _RULES.get(code.upper())
