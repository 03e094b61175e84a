"""Serve the vague-goal classifier from models/goal_classifier.json, without scikit-learn.

The JSON holds what models/train_goal_classifier.py fitted: the character n-gram and jieba
word vocabularies with their idf, the dense-feature scaler and the logistic-regression weights. Scoring repeats
scikit-learn's TfidfVectorizer (sublinear tf, l2 norm) exactly; tests/test_goal_classifier.py
checks the probabilities against scikit-learn's on every labelled text. The rules ask `is_vague`, which
segments with jieba only the goals whose words could change the answer.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import cache
from typing import Any

from linter.nlp.goal_features import dense_features, ngram_text, word_text, words_of
from linter.rulesets import data_path

MODEL_PATH = data_path("linter.models", "goal_classifier.json")

Weights = dict[str, tuple[float, float]]  # term → (idf, coef × idf)


@cache
def _model() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


@cache
def _weights() -> tuple[Weights, Weights]:
    """The character and word vocabularies as term → (idf, coef × idf): one look-up per term of a text."""
    model = _model()
    coef, offset, tables = model["coef"], 0, []
    for block in (model["chars"], model["words"]):
        idf = block["idf"]
        tables.append({term: (idf[i], coef[offset + i] * idf[i]) for term, i in block["vocabulary"].items()})
        offset += len(idf)
    return tables[0], tables[1]


def _tfidf_dot(terms: Counter[str], weights: Weights) -> float:
    """coef · l2-normalised sublinear TF-IDF of `terms`, as scikit-learn's TfidfVectorizer computes it."""
    dot = square = 0.0
    for term, count in terms.items():
        known = weights.get(term)
        if known is None:
            continue
        idf, coef_idf = known
        if count == 1:  # tf = 1 + log(1) = 1: most terms occur once, so skip the log
            dot += coef_idf
            square += idf * idf
        else:
            tf = 1 + math.log(count)
            dot += coef_idf * tf
            square += (idf * tf) ** 2
    return dot / (math.sqrt(square) or 1.0)


def vague_probability(text: str) -> float:
    """P(vague) for one goal text."""
    return _logistic(_base_score(text) + _word_score(word_text(text)))


def is_vague(text: str, threshold: float) -> bool:
    """vague_probability(text) >= threshold, segmenting with jieba only where the words could change that.

    The word block adds coef · x to the score, x the l2-normalised, non-negative TF-IDF of the text's jieba
    words, so (Cauchy–Schwarz) it lies within ±‖coef‖ over the vocabulary words that occur in the text at
    all, found in one Aho–Corasick pass. When the rest of the score is further than that from the threshold,
    the answer is known without segmenting: four goals in five on the seed forms.
    """
    base = _base_score(text)
    if not 0.0 < threshold < 1.0:
        return _logistic(base + _word_score(word_text(text))) >= threshold
    margin = base - math.log(threshold / (1 - threshold))
    segmented = word_text(text)
    coefs = dict(found for _, found in _vocabulary_automaton().iter(segmented)).values()  # word → coef, each once
    # Only the words pulling the score back across the threshold can change the answer.
    against = [c for c in coefs if (c < 0 if margin > 0 else c > 0)]
    if abs(margin) - math.sqrt(sum(c * c for c in against)) > _SAFETY:
        return margin > 0
    return _logistic(base + _word_score(segmented)) >= threshold


# Rounding in the sums is ~1e-15; a margin this wide is never an artefact of it.
_SAFETY = 1e-9


def _base_score(text: str) -> float:
    """Intercept + character n-gram block + dense features: the score without the jieba words."""
    model = _model()
    chars, _ = _weights()
    doc = ngram_text(text)
    low, high = model["ngram_range"]
    grams = Counter([doc[i:i + n] for n in range(low, high + 1) for i in range(len(doc) - n + 1)])
    score = model["intercept"] + _tfidf_dot(grams, chars)
    offset = len(model["chars"]["idf"]) + len(model["words"]["idf"])
    coef = model["coef"]
    for j, (value, mean, scale) in enumerate(zip(dense_features(text), model["dense_mean"], model["dense_scale"])):
        score += coef[offset + j] * (value - mean) / (scale or 1.0)
    return score


def _word_score(segmented: str) -> float:
    """The jieba-word block's share of the score, for word_text() of a goal."""
    return _tfidf_dot(Counter(words_of(segmented)), _weights()[1])


@cache
def _vocabulary_automaton() -> Any:
    """Aho–Corasick over the word vocabulary: (word, its coefficient) for every vocabulary word in a text."""
    import ahocorasick

    model = _model()
    offset = len(model["chars"]["idf"])
    automaton = ahocorasick.Automaton()
    for word, i in model["words"]["vocabulary"].items():
        automaton.add_word(word, (word, model["coef"][offset + i]))
    automaton.make_automaton()
    return automaton


def _logistic(score: float) -> float:
    if score < 0:  # the form that cannot overflow (a 10,000-character goal can score -900)
        return math.exp(score) / (1 + math.exp(score))
    return 1 / (1 + math.exp(-score))
