"""Budget-unit names → keys, so the same unit is recognised under its short and full names.

市住建局 and 岳阳市住房和城乡建设局, 民院附小 and 湖南民族职业学院附属小学: the seed's project table uses
short names, its department table full ones. The rules are data (rulesets/unit_aliases.yaml).
"""

from __future__ import annotations

import re
from functools import cache

from linter.nlp.normalize import nfkc
from linter.rulesets import load_ruleset

_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_SPACES = re.compile(r"\s+")


def _clean(name: str) -> str:
    text = _SPACES.sub("", _BRACKETED.sub("", nfkc(name or "")))
    half = len(text) // 2
    if len(text) % 2 == 0 and half >= 2 and text[:half] == text[half:]:
        text = text[:half]  # a name written twice
    return text


@cache
def _table() -> tuple[dict[str, str], tuple[tuple[str, str], ...], tuple[str, ...], tuple[str, ...]]:
    data = load_ruleset("unit_aliases")
    replace = tuple(sorted(((nfkc(k), nfkc(v)) for k, v in (data.get("replace") or {}).items()), key=lambda kv: -len(kv[0])))
    prefixes = tuple(sorted((nfkc(p) for p in data.get("prefixes") or ()), key=len, reverse=True))
    keep = tuple(nfkc(k) for k in data.get("keep_prefix") or ())
    aliases: dict[str, str] = {}
    for full, entry in (data.get("aliases") or {}).items():
        canonical = _clean(full)
        for name in [full, *entry.get("names", [])]:
            aliases[_clean(name)] = canonical
    return aliases, replace, prefixes, keep


def _strip(text: str, replace: tuple[tuple[str, str], ...], prefixes: tuple[str, ...], keep: tuple[str, ...]) -> str:
    for old, new in replace:
        if text.startswith(old):
            text = new + text[len(old):]
            break
    if any(text.startswith(k) for k in keep):
        return text
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix):]
    return text


@cache
def unit_key(name: str) -> str:
    """A key equal for every spelling of the same budget unit; '' when the name is empty."""
    text = _clean(name)
    if not text:
        return ""
    aliases, replace, prefixes, keep = _table()
    text = aliases.get(text, text)
    return _strip(text, replace, prefixes, keep)


def same_unit(a: str, b: str) -> bool:
    """Both names given and naming the same unit."""
    ka, kb = unit_key(a), unit_key(b)
    return bool(ka) and ka == kb
