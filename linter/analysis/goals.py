"""Is a goal missing, or vague? The decisions G001/G003/G006 report and other rule families (B005) reuse."""

from __future__ import annotations

from functools import cache, lru_cache

from linter.nlp.normalize import comparable, nfkc
from linter.rulesets import load_ruleset


@cache
def _placeholders() -> frozenset[str]:
    return frozenset(comparable(t) or t for t in load_ruleset("goals")["placeholders"]["texts"])


def is_placeholder(text: str) -> bool:
    """Empty, or one of the cell fillers of rulesets/goals.yaml (无, /, 同上, 详见附件 …)."""
    stripped = nfkc(text).strip().strip("。.；;")
    return not stripped or stripped in _placeholders() or comparable(stripped) in _placeholders()


def vague_threshold() -> float:
    """P(vague) at or above which a goal is vague (rulesets/thresholds.yaml)."""
    return load_ruleset("thresholds")["G001_G003"]["vague"]


def vague_decision(text: str, probability: float) -> tuple[str, list[str]] | None:
    """('G001', slogan phrases) or ('G003', incidental elements) for a vague goal, None for a concrete one."""
    return vague_kind(text) if probability >= vague_threshold() else None


def vague_kind(text: str) -> tuple[str, list[str]]:
    """('G001', slogan phrases) when slogan patterns make the vague goal a slogan, else ('G003', its elements)."""
    from linter.nlp.elements import concrete_elements, incidental_numbers
    from linter.nlp.slogans import slogan_hits

    hits = slogan_hits(text)
    if "parallel" in hits or len(hits) >= 2:
        return "G001", [p for phrases in hits.values() for p in phrases]
    # the message quotes the goal's elements, else its incidental numbers (四个意识, 2021年) if any
    elements = concrete_elements(text) or incidental_numbers(text)
    return "G003", [e.text for e in elements]


@lru_cache(maxsize=16384)
def goal_decision(text: str) -> tuple[str, list[str]] | None:
    """vague_kind of a goal the served classifier finds vague (is_vague), else None; cached: G001 and G003 both ask."""
    from linter.nlp.goal_classifier import is_vague

    return vague_kind(text) if is_vague(text, vague_threshold()) else None
