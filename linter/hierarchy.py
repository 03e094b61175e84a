"""Map the 一级/二级 names written on a form to canonical keys (rulesets/hierarchy.yaml)."""

from __future__ import annotations

import re
from functools import cache

from linter.nlp.normalize import nfkc
from linter.rulesets import load_ruleset

_REMARK = re.compile(r"[（(【\[].*?[）)】\]]")


def _clean(name: str) -> str:
    text = _REMARK.sub("", nfkc(name))
    text = re.sub(r"\s+", "", text)
    return text


@cache
def _lookup(level: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, spec in load_ruleset("hierarchy")[level].items():
        for name in spec["names"]:
            table[_clean(name)] = key
            table[_clean(name).removesuffix("指标")] = key
    return table


def level1_key(name: str) -> str | None:
    """Canonical key of a 一级 name (`output`, `benefit`, `satisfaction`, `cost`) or None."""
    text = _clean(name)
    table = _lookup("level1")
    return table.get(text) or table.get(text.removesuffix("指标"))


def level2_key(name: str) -> str | None:
    """Canonical key of a 二级 name (`quantity`, `quality`, `timeliness`, `cost`, …) or None."""
    text = _clean(name)
    table = _lookup("level2")
    found = table.get(text) or table.get(text.removesuffix("指标"))
    if found or not text:
        return found
    matches = {key for key, word in _keywords() if word in text}
    return matches.pop() if len(matches) == 1 else None


@cache
def _keywords() -> list[tuple[str, str]]:
    return [(key, word) for key, spec in load_ruleset("hierarchy")["level2"].items() for word in spec.get("keywords", [])]


def allowed_parents(level2: str) -> list[str]:
    """The 一级 keys a 二级 key may sit under (both layouts)."""
    return load_ruleset("hierarchy")["level2"][level2]["parents"]


def standard_name(level: str, key: str) -> str:
    """The standard Chinese name of a canonical key, for messages."""
    return load_ruleset("hierarchy")[level][key]["names"][0]
