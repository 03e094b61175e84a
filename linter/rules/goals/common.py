"""What the goal rules share: the goals' labels in messages."""

from __future__ import annotations

GOAL_LABELS = {"long_term_goal": "中长期目标", "annual_goal": "年度目标"}
GOAL_LABELS_EN = {"long_term_goal": "long-term goal", "annual_goal": "annual goal"}
