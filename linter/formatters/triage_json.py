"""Triage as JSON: `{"version": 1, "summary": …, "forms": [...]}`, one entry per input, worst first."""

from __future__ import annotations

import json
from pathlib import Path

from linter.triage import FormScore, Rubric, summary
from linter.triage_units import UnitScore, unit_summary

VERSION = 1


def render(scores: list[FormScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    payload = {
        "version": VERSION,
        "rubric": Path(rubric.source).name,
        "summary": summary(scores, rubric),
        "forms": [s.to_json(top) for s in scores],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_units(units: list[UnitScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    payload = {
        "version": VERSION,
        "by": "unit",
        "rubric": Path(rubric.source).name,
        "summary": unit_summary(units, rubric),
        "units": [u.to_json(top) for u in units],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
