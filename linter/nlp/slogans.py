"""Slogan patterns (rulesets/slogans.yaml) found in a goal: the evidence G001 quotes."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from linter.nlp.normalize import nfkc
from linter.rulesets import load_ruleset

KINDS = ("parallel", "exhortation", "outcome", "mission")


@cache
def _patterns() -> list[tuple[str, re.Pattern[str], int]]:
    return [(p["kind"], re.compile(p["regex"]), p["min"]) for p in load_ruleset("slogans")["patterns"]]


def slogan_hits(text: str) -> dict[str, list[str]]:
    """{kind: matched phrases} for the patterns that reach their minimum count in this text."""
    return {kind: list(phrases) for kind, phrases in _slogan_hits(text)}


@lru_cache(maxsize=16384)
def _slogan_hits(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """slogan_hits as tuples, cached: the classifier's features and G001 both ask for every goal."""
    clean = nfkc(text)
    quoted = text if len(clean) == len(text) else clean  # quote the author's own characters when offsets agree
    hits: dict[str, list[str]] = {}
    for kind, pattern, minimum in _patterns():
        found = [quoted[m.start():m.end()].strip("，。；、,; \n") for m in pattern.finditer(clean)]
        if len(found) >= minimum:
            hits.setdefault(kind, []).extend(f for f in found if f)
    return tuple((kind, tuple(phrases)) for kind, phrases in hits.items())
