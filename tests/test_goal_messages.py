"""A goal message describes what is in the cell: G003 never says "no quantity" of a goal that holds one."""

from __future__ import annotations

import json
import re

import pytest

from linter.nlp.elements import blank_incidental, tagged_quantities
from linter.nlp.pipeline import tagged_tokens
from linter.rules.goals import vague_kind
from tests.conftest import ROOT, make_form

CORPORA = [ROOT / "corpora" / "seed" / "project_goals.jsonl", ROOT / "corpora" / "seed" / "department_goals.jsonl",
           ROOT / "corpora" / "public_forms.jsonl", ROOT / "corpora" / "public_forms_2.jsonl"]


def corpus_goals() -> list[str]:
    goals = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            goals += [record[k] for k in ("long_term_goal", "annual_goal") if isinstance(record.get(k), str)]
    return [g for g in dict.fromkeys(goals) if g.strip()]


def test_every_goal_where_jieba_tags_a_number_and_a_measure_word_is_said_to_hold_it():
    checked = 0
    for goal in corpus_goals():
        words = tagged_tokens(blank_incidental(goal))
        if any(a[1] == "m" and re.search(r"\d", a[0]) and b[1] == "q" for a, b in zip(words, words[1:])):
            checked += 1
            assert tagged_quantities(blank_incidental(goal)), goal
            code, elements = vague_kind(goal)
            assert code == "G001" or elements, f"a G003 here would say the goal has no quantity: {goal}"
    assert checked >= 10  # 12 goals of the corpora: fewer means the tagger or the corpora went missing


@pytest.mark.parametrize("goal,quantity", [
    ("清运渣土8000立方", "8000立方"), ("改造背街小巷约2万余平方米", "2万余平方米"),
    ("收运垃圾3000多吨", "3000多吨"), ("办理信访案件30宗", "30宗"), ("保证12位退休人员待遇按时发放", "12位"),
])
def test_numbers_with_measure_words_the_lexicon_lacks_are_found(goal, quantity):
    assert quantity in [e.text for e in tagged_quantities(goal)]
    on_goal = [d for d in _diagnostics(goal) if d.field == "annual_goal"]
    assert all("没有数量和单位" not in d.message for d in on_goal)
    assert "G001" not in [d.code for d in on_goal]


def _diagnostics(goal: str):
    from linter.config import Settings
    from linter.engine import lint_forms

    form = make_form({"type": "project", "unit": "某局", "project": "某项目", "long_term_goal": "全面提升城市管理水平",
                      "annual_goal": goal})
    return lint_forms([form], Settings())[0]


@pytest.mark.parametrize("text", ["2021年完成", "一是加强管理", "到2025年，全县完成污水管网改造", "满足合同要求"])
def test_years_list_markers_and_plain_words_are_not_quantities(text):
    assert tagged_quantities(text) == []
