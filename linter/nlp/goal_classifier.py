"""Serve the vague-goal classifier from models/goal_classifier.json, without scikit-learn.

The JSON holds what models/train_goal_classifier.py fitted: the character n-gram and jieba
word vocabularies with their idf, the dense-feature scaler and the logistic-regression weights. Scoring repeats
scikit-learn's TfidfVectorizer (sublinear tf, l2 norm) exactly; tests/test_goal_classifier.py
checks the probabilities against scikit-learn's on every labelled text.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from linter.nlp.goal_features import dense_features, ngram_text, word_tokens

MODEL_PATH = Path(__file__).resolve().parent.parent.parent / "models" / "goal_classifier.json"

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
    model = _model()
    chars, words = _weights()
    doc = ngram_text(text)
    low, high = model["ngram_range"]
    grams = Counter([doc[i:i + n] for n in range(low, high + 1) for i in range(len(doc) - n + 1)])
    score = model["intercept"] + _tfidf_dot(grams, chars) + _tfidf_dot(Counter(word_tokens(text)), words)
    offset = len(model["chars"]["idf"]) + len(model["words"]["idf"])
    coef = model["coef"]
    for j, (value, mean, scale) in enumerate(zip(dense_features(text), model["dense_mean"], model["dense_scale"])):
        score += coef[offset + j] * (value - mean) / (scale or 1.0)
    if score < 0:  # the logistic function in the form that cannot overflow (a 10,000-character goal can score -900)
        return math.exp(score) / (1 + math.exp(score))
    return 1 / (1 + math.exp(-score))
