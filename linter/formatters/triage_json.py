"""Triage as JSON: `{"version": 1, "summary": …, "forms": [...]}`, one entry per input, worst first."""

from __future__ import annotations

import json
from pathlib import Path

from linter.triage import FormScore, Rubric, summary

VERSION = 1


def render(scores: list[FormScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    payload = {
        "version": VERSION,
        "rubric": Path(rubric.source).name,
        "summary": summary(scores, rubric),
        "forms": [s.to_json(top) for s in scores],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
