"""The table of rules: every rule family jxlint runs, by the letter of its codes (as ruff's code table).

Rule modules declare their rules with `registry.rule`; this module is the one place that names the
families, so the registry itself imports no rule and nothing imports a rule module by accident.
"""

from __future__ import annotations

from linter import engine_rules
from linter.registry import Rule, lookup, registered
from linter.rules import budget, form, goals, indicators, schedule

FAMILIES = {"B": budget, "F": form, "G": goals, "I": indicators, "S": schedule}
ENGINE_RULES = engine_rules  # F002, F003, F006: raised by the engine itself, so documented with the F family


def all_rules() -> list[Rule]:
    """Every rule of the listed families, sorted by code."""
    return sorted((r for r in registered() if r.family in FAMILIES), key=lambda r: r.code)


def get_rule(code: str) -> Rule | None:
    """The rule with this code (any case), or None."""
    found = lookup(code)
    return found if found is not None and found.family in FAMILIES else None
