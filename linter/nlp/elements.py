"""Concrete elements of a goal: what makes it checkable at year end (G003, the classifier's features).

An element is a quantity with its unit, a date or deadline (not a bare year), a named
deliverable (《…》, or 建成/召开/编制 … 工程/会议/规划), or a rate with its object.
Numerals inside political formulae (四个意识, 三大攻坚战, 一府两院) are blanked first: they
are incidental, not quantities of the goal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from linter.nlp.normalize import nfkc
from linter.nlp.quantities import find_dates, find_quantities
from linter.rulesets import load_ruleset


@dataclass(frozen=True)
class Element:
    kind: str  # quantity | rate | date | frequency | deliverable
    text: str
    start: int
    end: int


@cache
def _incidental() -> re.Pattern[str]:
    phrases = sorted(load_ruleset("goals")["incidental"]["phrases"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))


@cache
def _deliverable() -> re.Pattern[str]:
    spec = load_ruleset("goals")["deliverables"]
    verbs = "|".join(map(re.escape, sorted(spec["verbs"], key=len, reverse=True)))
    nouns = "|".join(map(re.escape, sorted(spec["nouns"], key=len, reverse=True)))
    return re.compile(rf"《[^》]{{2,}}》|(?:{verbs})[^，。；;,]{{0,{spec['max_gap']}}}?(?:{nouns})")


@cache
def _rate_object() -> tuple[str, ...]:
    return tuple(load_ruleset("goals")["incidental"]["bare_full_rate"]["object_suffixes"])


def blank_incidental(text: str) -> str:
    """The text with political formulae replaced by spaces (offsets kept)."""
    return _incidental().sub(lambda m: " " * len(m.group(0)), nfkc(text))


@lru_cache(maxsize=16384)
def concrete_elements(text: str) -> tuple[Element, ...]:
    """Every concrete element of a goal text, in order (cached: the classifier and the rules both ask)."""
    clean = blank_incidental(text)
    found: list[Element] = []
    dates = find_dates(clean)
    for q in find_quantities(clean, dates):
        if q.unit_class == "percent":
            before = clean[max(0, q.start - 4): q.start].rstrip("≥≤>=<")
            if not before.endswith(_rate_object()):
                continue  # “确保100%完成”: a percentage with no object measures nothing
            found.append(Element("rate", q.text, q.start, q.end))
        else:
            found.append(Element("quantity", q.text, q.start, q.end))
    for d in dates:
        if d.kind == "frequency":
            found.append(Element("frequency", d.text, d.start, d.end))
        elif d.kind == "deadline" or d.month is not None or d.day is not None:
            found.append(Element("date", d.text, d.start, d.end))
    for m in _deliverable().finditer(clean):
        found.append(Element("deliverable", m.group(0), m.start(), m.end()))
    return tuple(sorted(found, key=lambda e: e.start))
