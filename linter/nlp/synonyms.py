"""One canonical word per synonym group (rulesets/synonyms.yaml), for comparing what two texts say."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from linter.rulesets import load_ruleset


@cache
def _canonical_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for group in load_ruleset("synonyms")["groups"]:
        for word in group:
            table[word] = group[0]
    return table


def canonical(word: str) -> str:
    """The group's first word for a listed synonym; the word itself otherwise."""
    return _canonical_table().get(word, word)


def canonical_tokens(words: Iterable[str]) -> list[str]:
    """Each token replaced by its canonical synonym, order kept."""
    table = _canonical_table()
    return [table.get(word, word) for word in words]
