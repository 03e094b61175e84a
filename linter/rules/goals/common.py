"""What the goal rules share: the goals' labels in messages, as the form names them."""

from __future__ import annotations

from linter.model import FIELD_NAMES

GOAL_LABELS = {key: FIELD_NAMES[key][0] for key in ("long_term_goal", "annual_goal")}
GOAL_LABELS_EN = {key: FIELD_NAMES[key][1] for key in ("long_term_goal", "annual_goal")}
