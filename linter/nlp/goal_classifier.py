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


@cache
def _model() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def _tfidf_dot(terms: Counter[str], block: dict[str, Any], coef: list[float], offset: int) -> float:
    """coef · l2-normalised sublinear TF-IDF of `terms`, as scikit-learn's TfidfVectorizer computes it."""
    vocab, idf = block["vocabulary"], block["idf"]
    weights = {vocab[t]: (1 + math.log(c)) * idf[vocab[t]] for t, c in terms.items() if t in vocab}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return sum(coef[offset + i] * w / norm for i, w in weights.items())


def vague_probability(text: str) -> float:
    """P(vague) for one goal text."""
    model = _model()
    coef, chars, words = model["coef"], model["chars"], model["words"]
    doc = ngram_text(text)
    low, high = model["ngram_range"]
    grams = Counter(doc[i:i + n] for n in range(low, high + 1) for i in range(len(doc) - n + 1))
    score = model["intercept"] + _tfidf_dot(grams, chars, coef, 0)
    score += _tfidf_dot(Counter(word_tokens(text)), words, coef, len(chars["idf"]))
    offset = len(chars["idf"]) + len(words["idf"])
    for j, (value, mean, scale) in enumerate(zip(dense_features(text), model["dense_mean"], model["dense_scale"])):
        score += coef[offset + j] * (value - mean) / (scale or 1.0)
    return 1 / (1 + math.exp(-score))
