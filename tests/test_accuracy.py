"""Accuracy against the hand labels in corpora/labels (RUBRIC.md): the figures the README quotes."""

from __future__ import annotations

import json

import pytest

from linter.analysis.goal_pairs import adds_numbers, copied_share
from linter.analysis.goals import is_placeholder
from linter.rulesets import load_ruleset
from tests.conftest import ROOT, SEED


def _prf(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    tp = sum(1 for y, p in pairs if y and p)
    fp = sum(1 for y, p in pairs if p and not y)
    fn = sum(1 for y, p in pairs if y and not p)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return precision, recall, 2 * precision * recall / (precision + recall)


def test_g002_f1_on_the_labelled_pairs():
    rows = {r["id"]: r for r in map(json.loads, (SEED / "project_goals.jsonl").read_text(encoding="utf-8").splitlines())}
    labels = [json.loads(line) for line in (ROOT / "corpora/labels/pairs_labels.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(labels) == len(rows)
    limit = load_ruleset("thresholds")["G002"]["copied_share"]
    outcomes = []
    for label in labels:
        long_term, annual = rows[label["id"]]["long_term_goal"], rows[label["id"]]["annual_goal"]
        fired = not (is_placeholder(long_term) or is_placeholder(annual)) and \
            copied_share(long_term, annual) >= limit and not adds_numbers(long_term, annual)
        outcomes.append((label["same_long_annual"], fired))
    precision, recall, f1 = _prf(outcomes)
    assert f1 >= 0.95, (precision, recall, f1)


def test_vague_goal_rules_under_unit_grouped_cross_validation():
    pytest.importorskip("sklearn")
    from linter.models import train_goal_classifier as recipe

    metrics = recipe.evaluate()
    served = metrics["rules_as_served_G001_or_G003"]
    assert served["precision"] >= 0.90 and served["recall"] >= 0.90, served
    assert served["f1"] > metrics["word_list_baseline"]["f1"] + 0.1
