"""Budget-unit names → keys, so the same unit is recognised under its short and full names.

市住建局 and 岳阳市住房和城乡建设局, 民院附小 and 湖南民族职业学院附属小学: the seed's project table uses
short names, its department table full ones. The rules are data (rulesets/unit_aliases.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Table:
    aliases: dict[str, str]  # a name (cleaned, `words` rewritten) → the unit's full name
    stripped: dict[str, str]  # the same names without the city prefix → cleaned full name
    replace: tuple[tuple[str, str], ...]
    prefixes: tuple[str, ...]
    keep: tuple[str, ...]
    words: re.Pattern[str] | None  # `words` keys, longest first
    word_map: dict[str, str]
    ordinals: tuple[tuple[re.Pattern[str], str], ...]


@cache
def _table() -> _Table:
    data = load_ruleset("unit_aliases")
    replace = tuple(sorted(((nfkc(k), nfkc(v)) for k, v in (data.get("replace") or {}).items()), key=lambda kv: -len(kv[0])))
    prefixes = tuple(sorted((nfkc(p) for p in data.get("prefixes") or ()), key=len, reverse=True))
    keep = tuple(nfkc(k) for k in data.get("keep_prefix") or ())
    word_map = {nfkc(k): nfkc(v) for k, v in (data.get("words") or {}).items()}
    words = re.compile("|".join(map(re.escape, sorted(word_map, key=len, reverse=True)))) if word_map else None
    ordinals = tuple((re.compile(o["pattern"]), o["key"]) for o in data.get("ordinals") or ())
    aliases: dict[str, str] = {}
    for full, entry in (data.get("aliases") or {}).items():
        canonical = _rewrite(_clean(full), words, word_map)
        for name in [full, *entry.get("names", [])]:
            aliases[_rewrite(_clean(name), words, word_map)] = canonical
    # 市城管局 and 岳阳城管局 find the alias written 岳阳市城管局
    stripped = {_strip(name, replace, prefixes, keep): full for name, full in aliases.items()}
    return _Table(aliases, stripped, replace, prefixes, keep, words, word_map, ordinals)


def _rewrite(text: str, words: re.Pattern[str] | None, word_map: dict[str, str]) -> str:
    """One spelling for words the names write two ways (环保局 and 生态环境局)."""
    return words.sub(lambda m: word_map[m.group(0)], text) if words is not None else text


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
    t = _table()
    text = _rewrite(text, t.words, t.word_map)
    if text in t.aliases:
        text = t.aliases[text]
    else:  # a name listed as it is wins over one that only matches without the city prefix
        bare = _strip(text, t.replace, t.prefixes, t.keep)
        text = t.aliases.get(bare) or t.stripped.get(bare, text)
    key = _strip(text, t.replace, t.prefixes, t.keep)
    for pattern, replacement in t.ordinals:
        key = pattern.sub(replacement, key)
    return key


def same_unit(a: str, b: str) -> bool:
    """Both names given and naming the same unit."""
    ka, kb = unit_key(a), unit_key(b)
    return bool(ka) and ka == kb
