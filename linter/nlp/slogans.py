"""Slogan patterns (rulesets/slogans.yaml) found in a goal: the evidence G001 quotes."""

from __future__ import annotations

import re
from functools import cache

from linter.nlp.normalize import nfkc
from linter.rulesets import load_ruleset

KINDS = ("parallel", "exhortation", "outcome", "mission")


@cache
def _patterns() -> list[tuple[str, re.Pattern[str], int]]:
    return [(p["kind"], re.compile(p["regex"]), p["min"]) for p in load_ruleset("slogans")["patterns"]]


def slogan_hits(text: str) -> dict[str, list[str]]:
    """{kind: matched phrases} for the patterns that reach their minimum count in this text."""
    clean = nfkc(text)
    quoted = text if len(clean) == len(text) else clean  # quote the author's own characters when offsets agree
    hits: dict[str, list[str]] = {}
    for kind, pattern, minimum in _patterns():
        found = [quoted[m.start():m.end()].strip("，。；、,; \n") for m in pattern.finditer(clean)]
        if len(found) >= minimum:
            hits.setdefault(kind, []).extend(f for f in found if f)
    return hits
