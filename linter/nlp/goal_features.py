"""Features of a goal text for the vague-goal classifier, shared by training and serving.

Three parts: the text the character n-grams are taken from, the jieba words of the text
(linter.nlp.pipeline), and a few dense features from the rule pipeline (concrete elements,
slogan patterns, length). Training
(models/train_goal_classifier.py) and serving (linter/nlp/goal_classifier.py) both call
these functions, so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re

from linter.nlp.elements import concrete_elements
from linter.nlp.normalize import nfkc, strip_numbering
from linter.nlp.slogans import KINDS, slogan_hits

DENSE_NAMES = (
    "quantities", "rates", "dates", "frequencies", "deliverables", "has_element",
    *(f"slogan_{k}" for k in KINDS), "log_length", "clauses",
)
_CLAUSE = re.compile(r"[，。；;,、\n]+")
_SPACE = re.compile(r"\s+")


def ngram_text(text: str) -> str:
    """The text character n-grams are read from: half-width, no list numbering, digits folded to 0."""
    text = strip_numbering(nfkc(text))
    return _SPACE.sub(" ", re.sub(r"\d+(?:\.\d+)?", "0", text)).strip()


def word_tokens(text: str) -> list[str]:
    """jieba words of the normalised text (linter.nlp.pipeline), for the word part of the classifier."""
    from linter.nlp.pipeline import normalize_text, tokens

    return [t for t in tokens(normalize_text(re.sub(r"\d+(?:\.\d+)?", "0", text))) if t.strip()]


def dense_features(text: str) -> list[float]:
    elements = concrete_elements(text)
    kinds = [e.kind for e in elements]
    hits = slogan_hits(text)
    clauses = [c for c in _CLAUSE.split(nfkc(text)) if c.strip()]
    return [
        float(kinds.count("quantity")), float(kinds.count("rate")), float(kinds.count("date")),
        float(kinds.count("frequency")), float(kinds.count("deliverable")), float(bool(elements)),
        *(float(len(hits.get(k, []))) for k in KINDS),
        math.log1p(len(text.strip())), float(len(clauses)),
    ]
