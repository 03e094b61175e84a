"""Which goals of a batch are copies of which (G004, G005): computed once per run and kept in the
engine's Batch memo, so both rules read the same analysis and no module keeps a batch's results.

linter/similarity.py finds the copies without comparing all pairs; this module groups them by unit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field as dataclass_field
from itertools import islice
from typing import Any

from linter.analysis.goals import is_placeholder
from linter.model import Form
from linter.units import unit_key


@dataclass
class GoalCopies:
    """Every goal of a batch as (form, field, text, unit key), and which are copies of which."""

    items: list[tuple[Form, str, str, str]]
    result: Any  # linter.similarity.CopyResult over the items' texts
    units_of_family: dict[int, dict[str, int]] = dataclass_field(default_factory=dict)  # family → {unit key: first item}
    units_of_cluster: dict[int, dict[str, int]] = dataclass_field(default_factory=dict)  # group of copies → same
    sources_of_family: dict[int, dict[str, int]] = dataclass_field(default_factory=dict)  # see _family_sources


def goal_copies(forms: list[Form]) -> GoalCopies:
    """The copy analysis of this batch's goals, computed once per run when the engine hands a Batch."""
    memo = getattr(forms, "memo", None)
    if memo is not None and "goal_copies" in memo:
        return memo["goal_copies"]
    from linter.similarity import find_copies

    items = [(form, field_path, text, unit_key(form.unit))
             for form in forms for field_path, text in form.goals() if text and not is_placeholder(text)]
    result = find_copies([text for _, _, text, _ in items])
    units_of_family: dict[int, dict[str, int]] = defaultdict(dict)
    units_of_cluster: dict[int, dict[str, int]] = defaultdict(dict)
    for i, (_, _, _, key) in enumerate(items):
        family = result.family[i]
        if family is not None and key:
            units_of_family[family].setdefault(key, i)
            units_of_cluster[result.cluster[i]].setdefault(key, i)
    analysis = GoalCopies(items, result, dict(units_of_family), dict(units_of_cluster))
    if memo is not None:
        memo["goal_copies"] = analysis
    return analysis


def _family_sources(copies: GoalCopies, family: int) -> dict[str, int]:
    """Unit → its first goal (item index) among the family and the families it is copied from, in input
    order; built once per family, so naming the units costs O(members), not members × units."""
    found = copies.sources_of_family.get(family)
    if found is None:
        merged: dict[str, int] = {}
        for fam in (family, *sorted(copies.result.covered_by.get(family, ()))):
            for unit, j in copies.units_of_family.get(fam, {}).items():
                merged.setdefault(unit, j)
        found = copies.sources_of_family[family] = dict(sorted(merged.items(), key=lambda kv: kv[1]))
    return found


def group_members_to_name(copies: GoalCopies, i: int, limit: int) -> tuple[list[int], int]:
    """Up to `limit` goals of other units in goal i's group of copies (those it is a (near-)copy of first,
    one per unit, in input order), and how many other units the group has; ([], 0) when goal i copies no
    other unit's goal."""
    key, family = copies.items[i][3], copies.result.family[i]
    if family is None or not key:
        return [], 0
    sources = _family_sources(copies, family)
    count = len(sources) - (key in sources)
    if not count:
        return [], 0
    shown = list(islice((j for unit, j in sources.items() if unit != key), limit))
    group = copies.units_of_cluster.get(copies.result.cluster[i], {})
    for unit, j in group.items():
        if len(shown) >= limit:
            break
        if unit != key and unit not in sources:
            shown.append(j)
    return shown, max(len(group) - (key in group), count)
