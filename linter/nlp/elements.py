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
from linter.nlp.pipeline import pos_tag, tagged_tokens
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


_NUMERAL = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]")
# jieba may glue a measure word to its number ("余平方米", "2万余平方米" as m): what is left after the
# digits, magnitudes and approximation markers (余, 多, 几) must be a measure word of the dictionary.
_NUMBER_PART = re.compile(r"^[0-9.．零〇一二两三四五六七八九十百千万亿余多几]+")


def tagged_quantities(text: str) -> list[Element]:
    """Quantities the unit lexicon may lack, from jieba's tags: a number and the measure word after it (jieba's q,
    or a word of rulesets/measure_words.yaml), so that "清运渣土8000立方" or "约2万余平方米" is seen to hold one.

    The classifier was trained on concrete_elements() and still reads those; G003 reads these too, so that its
    message never says a goal has no quantity when it has one."""
    if not _NUMERAL.search(text):
        return []
    out: list[Element] = []
    words = tagged_tokens(text) + [("", "")]
    start = i = 0
    while i < len(words) - 1:
        j, run = i, ""
        while words[j][1] == "m":  # a run of numeral tokens: 2 | 万 | 余平方米
            run += words[j][0]
            j += 1
        if re.search(r"[0-9]", run):  # Chinese numerals alone are mostly formulae: 两个确保, 三个代表
            tail = _NUMBER_PART.sub("", run)
            if tail and _is_measure(tail, pos_tag(tail)):
                out.append(Element("quantity", run, start, start + len(run)))
            elif not tail and _is_measure(*words[j]):
                out.append(Element("quantity", run + words[j][0], start, start + len(run) + len(words[j][0])))
        step = max(j, i + 1)
        start += sum(len(w) for w, _ in words[i:step])
        i = step
    return out


@cache
def _measure_words() -> frozenset[str]:
    spec = load_ruleset("measure_words")["measure_words"]
    return frozenset(spec["counts"] + spec["measures"])


def _is_measure(word: str, flag: str | None) -> bool:
    return flag == "q" or word in _measure_words()
