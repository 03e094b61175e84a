"""Serve the vague-goal classifier from models/goal_classifier.json, without scikit-learn.

The JSON holds what models/train_goal_classifier.py fitted: the character n-gram vocabulary
and idf, the dense-feature scaler and the logistic-regression weights. Scoring repeats
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

from linter.nlp.goal_features import dense_features, ngram_text

MODEL_PATH = Path(__file__).resolve().parent.parent.parent / "models" / "goal_classifier.json"


@cache
def _model() -> dict[str, Any]:
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def vague_probability(text: str) -> float:
    """P(vague) for one goal text."""
    model = _model()
    vocab, idf, coef = model["vocabulary"], model["idf"], model["coef"]
    doc = ngram_text(text)
    low, high = model["ngram_range"]
    counts = Counter(doc[i:i + n] for n in range(low, high + 1) for i in range(len(doc) - n + 1))
    weights = {vocab[g]: (1 + math.log(c)) * idf[vocab[g]] for g, c in counts.items() if g in vocab}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    score = model["intercept"] + sum(coef[i] * w / norm for i, w in weights.items())
    offset = len(idf)
    for j, (value, mean, scale) in enumerate(zip(dense_features(text), model["dense_mean"], model["dense_scale"])):
        score += coef[offset + j] * (value - mean) / (scale or 1.0)
    return 1 / (1 + math.exp(-score))
