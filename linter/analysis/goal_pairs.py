"""Does an annual goal restate the long-term goal and add nothing for the year? (G002)

Two readings, as the 2021 review meant 雷同: the annual goal is the long-term text again (copied_share,
a longest common subsequence of the comparable texts), or it says the same thing in other words: its
content words (jieba, with the synonyms of rulesets/synonyms.yaml folded together) are mostly the
long-term goal's. Either way it only counts when the annual goal adds no year-specific number or
concrete element (quantity, date, deliverable, rate of linter.nlp.elements) of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from linter.nlp.normalize import comparable, nfkc, strip_numbering
from linter.rulesets import load_ruleset

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_YEAR = re.compile(r"(19|20)\d\d")
# jieba tags that carry content: nouns, verbs, adjectives, idioms, abbreviations, place words
_CONTENT_TAGS = ("n", "v", "a", "l", "i", "j", "z", "b", "s")


@dataclass(frozen=True)
class Restatement:
    kind: str  # copied | contains | reworded
    share: float  # copied: copied_share; contains: contained_share; reworded: restated_share


@lru_cache(maxsize=256)
def _in_order(long_term: str, annual: str) -> tuple[int, int, float]:
    """(characters of the long-term goal, of the annual goal, characters found in order in both: their longest common
    subsequence) of the comparable texts; none in common when they share no run of copied_min_run characters, since a
    short goal's letters found in order in a long one are chance. Cached: restatement asks for both shares of a pair."""
    from rapidfuzz.distance import LCSseq

    a, b = comparable(long_term), comparable(annual)
    if not a or not b or not _share_a_run(a, b, load_ruleset("thresholds")["G002"]["copied_min_run"]):
        return len(a), len(b), 0
    return len(a), len(b), LCSseq.similarity(a, b)


def copied_share(long_term: str, annual: str) -> float:
    """Share of the annual goal found, in order, in the long-term goal (longest common subsequence).

    A few words of padding are tolerated: an annual goal up to `padding` times as long as the
    long-term goal is measured against the long-term goal's length instead of its own.
    """
    long_chars, annual_chars, common = _in_order(long_term, annual)
    if not common:
        return 0.0
    padding = load_ruleset("thresholds")["G002"]["padding"]
    return common / (long_chars if long_chars < annual_chars <= padding * long_chars else annual_chars)


def contained_share(long_term: str, annual: str) -> float:
    """Share of the long-term goal found, in order, in a longer annual goal (0 when the annual goal is not longer):
    the long-term text taken over whole, with more added."""
    long_chars, annual_chars, common = _in_order(long_term, annual)
    return common / long_chars if common and annual_chars > long_chars else 0.0


def _share_a_run(a: str, b: str, run: int) -> bool:
    """Whether the two texts have `run` consecutive characters in common."""
    return not {b[i:i + run] for i in range(len(b) - run + 1)}.isdisjoint(a[i:i + run] for i in range(len(a) - run + 1))


def _numbers(text: str) -> set[float]:
    """Numbers a goal states (Arabic or Chinese, with or without unit), leaving out years and list numbering."""
    from linter.nlp.quantities import find_quantities

    text = strip_numbering(nfkc(text))
    digits = {float(n) for n in _DIGITS.findall(text) if not _YEAR.fullmatch(n)}
    return digits | {q.number for q in find_quantities(text)}


def adds_numbers(long_term: str, annual: str) -> bool:
    """Does the annual goal state a number (not a year) that the long-term goal lacks?"""
    return bool(_numbers(annual) - _numbers(long_term))


def adds_elements(long_term: str, annual: str) -> bool:
    """Does the annual goal hold a concrete element (quantity, date, deliverable, rate) or a dated event (春节慰问,
    七一活动) the long-term goal lacks?"""
    from linter.nlp.elements import concrete_elements

    long_text = comparable(long_term)
    return any(comparable(e.text) not in long_text for e in concrete_elements(annual)) \
        or bool(_dated_events(annual) - _dated_events(long_term))


@lru_cache(maxsize=1)
def _dated_event_pattern() -> re.Pattern[str]:
    names = sorted(load_ruleset("goals")["dated_events"]["names"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _dated_events(text: str) -> set[str]:
    """The holidays and commemorative days a goal names (rulesets/goals.yaml `dated_events`)."""
    return set(_dated_event_pattern().findall(nfkc(text)))


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    """The content words of a goal (jieba tags), each as its synonym group's canonical word; time words left out."""
    from linter.nlp.pipeline import normalize_text, tagged_tokens
    from linter.nlp.synonyms import canonical

    return frozenset(canonical(w) for w, flag in tagged_tokens(normalize_text(text))
                     if flag.startswith(_CONTENT_TAGS) and w.strip())


def restated_share(long_term: str, annual: str) -> float:
    """Shared content words over the smaller of the two goals' (0 when either has none): 1.0 when one says
    nothing the other does not, in the same or synonymous words."""
    a, b = content_words(long_term), content_words(annual)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def restatement(long_term: str, annual: str) -> Restatement | None:
    """How the annual goal restates the long-term goal without adding content for the year, or None."""
    limits = load_ruleset("thresholds")["G002"]
    if adds_numbers(long_term, annual):
        return None
    share = copied_share(long_term, annual)
    if share >= limits["copied_share"]:
        return Restatement("copied", share)
    if adds_elements(long_term, annual):
        return None
    reworded = restated_share(long_term, annual)
    if reworded < limits["restated_share"]:
        return None
    contained = contained_share(long_term, annual)  # not reworded: the long-term text is all there, with more
    return Restatement("contains", contained) if contained >= limits["copied_share"] else Restatement("reworded", reworded)
