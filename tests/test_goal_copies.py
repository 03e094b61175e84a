"""The batch's copy groups (linter.analysis.goal_copies): who is named for a copied goal, and how many in all."""

from __future__ import annotations

from linter.analysis.goal_copies import goal_copies, group_members_to_name
from linter.registry import Batch
from tests.conftest import make_form

_GOAL = "保证校园内全体师生的安全，保障校园内财产安全，维护稳定发展。"
_UNITS = ["岳阳市洞纺学校", "岳阳市第九中学", "岳阳市第五中学", "岳阳市第一中学", "岳阳市第三中学", "岳阳市第七中学",
          "岳阳市第十中学"]


def _batch(units: list[str]) -> Batch:
    return Batch(make_form({"id": f"P{n}", "type": "project", "unit": unit, "project": "安保经费", "annual_goal": _GOAL})
                 for n, unit in enumerate(units))


def test_a_copied_goal_names_other_units_up_to_the_limit_and_counts_them_all():
    copies = goal_copies(_batch(_UNITS))
    shown, total = group_members_to_name(copies, 0, limit=3)
    assert total == len(_UNITS) - 1
    assert [copies.items[j][0].unit for j in shown] == _UNITS[1:4]


def test_repeats_within_one_unit_name_nobody():
    copies = goal_copies(_batch([_UNITS[0], _UNITS[0]]))
    assert group_members_to_name(copies, 1, limit=5) == ([], 0)


def test_the_analysis_is_kept_in_the_batch_memo_and_only_there():
    batch = _batch(_UNITS[:2])
    assert goal_copies(batch) is goal_copies(batch)
    assert goal_copies(_batch(_UNITS[:2])) is not goal_copies(batch)
    assert goal_copies(list(batch)) is not goal_copies(list(batch))  # a plain list has no memo: nothing is kept
