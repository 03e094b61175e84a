"""Chinese text pipeline: normalise, segment into words, split into clauses.

Segmentation is jieba with a compact main dictionary (rulesets/jieba_dict.txt, built by
scripts/build_dictionary.py) and the budget-term user dictionary (rulesets/budget_terms.txt).
jieba and OpenCC are imported on first use, spaCy only by `spacy_nlp()`, so importing this module
costs nothing and a run that needs no spaCy Doc never pays for spaCy. `tokens()` and `spacy_nlp()`
segment identically.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import re
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from linter.nlp.normalize import nfkc, strip_numbering
from linter.rulesets import RULESETS_DIR

COMPACT_DICT = RULESETS_DIR / "jieba_dict.txt"
BUDGET_TERMS = RULESETS_DIR / "budget_terms.txt"

# Circled and parenthesised numbers are list markers; NFKC would turn ① into a bare "1".
_CIRCLED_CHARS = "\u2460-\u249b\u24ea\u24f5-\u24fe\u2776-\u2793"
_CIRCLED = re.compile(f"[{_CIRCLED_CHARS}]")
# In the seed forms a run of spaces stands for a lost line break (a wrapped cell) or separates two items,
# while a single space beside a Chinese character is a stray ("共 享", "完成 1600 人") unless a Latin
# word is on its other side.
_SPACE_RUN = re.compile(r"[^\S\n]{2,}")
_SPACE = re.compile(r"[^\S\n]")
_CJK = "[\u2e80-\u9fff\uf900-\ufaff\u201c\u201d\u2018\u2019]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK}) (?![A-Za-z])|(?<![A-Za-z]) (?={_CJK})")

_NUM = "[0-9一二三四五六七八九十]"
_CN_NUM = "[一二三四五六七八九十]"
# List markers: 1. 1、 (1) （一） 一、 第一， 目标1：
_MARKER_BODY = (
    rf"\d{{1,2}}\s*[.、．)）](?!\d)|[(（]\s*{_NUM}{{1,3}}\s*[)）]|{_CN_NUM}{{1,3}}\s*[、.．](?!\d|{_CN_NUM})"
    rf"|第{_CN_NUM}{{1,3}}\s*[,，、:：]|(?:目标|任务)\s*{_NUM}{{1,2}}\s*[:：]"
)
_MARKER = re.compile(rf"^\s*(?:{_MARKER_BODY})\s*")
# "1.加强管理 2.提升水平": a marker after a space starts a new item, as if on a new line.
_INLINE_MARKER = re.compile(rf"[^\S\n]+(?={_MARKER_BODY})")
# Sentence and clause ends that always split. NFKC has already made ，；！？ ASCII in normalised text.
_HARD_SPLIT = re.compile(f"[。;；!！?？\n{_CIRCLED_CHARS}]+")
# A comma splits clauses, except an ASCII comma between digits (1,600).
_COMMA_SPLIT = re.compile(r"，|,(?!\d)|(?<!\d),")
# 、 separates clauses ("抓难点、促突破、求实效") when every item is a phrase, not a short noun ("教育、卫生"),
# and never between two numerals (三、四季度).
_ENUM_COMMA = re.compile(rf"、(?!{_NUM})|(?<!{_NUM})、")
_MIN_CLAUSE_ITEM = 3
_NON_TEXT = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """Half-width, simplified, without list numbering; spaces collapsed, line breaks kept."""
    text = _opencc().convert(nfkc(_CIRCLED.sub("\n", text or "")))
    text = strip_numbering(_INLINE_MARKER.sub("\n", _SPACE_RUN.sub("\n", text)))
    lines = (_SPACE_NEAR_CJK.sub("", _SPACE.sub(" ", line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def tokens(text: str) -> list[str]:
    """jieba words of `text` (pass normalised text); whitespace dropped, punctuation kept."""
    return [w for w in _jieba().cut(text, cut_all=False, HMM=True) if not w.isspace()]


_DIGITS_TOKEN = re.compile(r"[.0-9]+")
_LATIN_TOKEN = re.compile(r"[a-zA-Z0-9]+")


def tagged_tokens(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) of `text`'s jieba words (as `tokens()` cuts them), whitespace kept so that
    offsets add up.

    The tag is the dictionary's (the tag jieba.posseg gives a dictionary word); a word the dictionary lacks
    is `m` when it is digits and `eng` when Latin, as in jieba.posseg, else `x`. jieba.posseg itself is not
    used: its second HMM, for guessing the tags of unknown words, takes ~2 s to load in every new process."""
    tags = _word_tags()
    out = []
    for word in _jieba().cut(text, cut_all=False, HMM=True):
        tag = tags.get(word)
        if tag is None:
            tag = "m" if _DIGITS_TOKEN.fullmatch(word) else "eng" if _LATIN_TOKEN.fullmatch(word) else "x"
        out.append((word, tag))
    return out


def pos_tag(word: str) -> str | None:
    """The dictionary's part-of-speech tag of a word, or None when the dictionary lacks it."""
    return _word_tags().get(word)


def clauses(text: str) -> list[str]:
    """Sentences and clauses of `text`, list markers removed, empty pieces dropped."""
    out: list[str] = []
    for sentence in _HARD_SPLIT.split(_INLINE_MARKER.sub("\n", text or "")):
        # a marker goes before the comma split, or "第一，" would leave "第一" as a clause
        for piece in _COMMA_SPLIT.split(_MARKER.sub("", sentence)):
            out.extend(_split_enumeration(_MARKER.sub("", piece).strip()))
    return [c for c in out if _NON_TEXT.sub("", c)]


@cache
def spacy_nlp() -> Any:
    """spaCy's `zh` pipeline with the jieba segmenter, on our dictionaries: its tokens are `tokens()`.

    For rules that want spaCy's Matcher; imported only then (~0.75 s), and installed only with the `spacy` extra. No rule goes
    through it: Docs only add to jieba's work, at any batch size (seed goals: 58 % of jieba's
    throughput in a fresh process, about 75 % with spaCy's vocabulary warm; bench/bench_pipeline.py).
    """
    _jieba()  # first: spaCy's jieba segmenter calls jieba.cut, which would load jieba's full dictionary
    from spacy.lang.zh import Chinese

    return Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def setup_segmenter(tokenizer: Any, dictionary: Path, cache_dir: Path) -> None:
    """Load `dictionary` plus the budget terms into a jieba Tokenizer, caching its prefix dict in cache_dir."""
    tokenizer.FREQ, tokenizer.total = _prefix_dict(tokenizer, dictionary, cache_dir)
    tokenizer.dictionary = str(dictionary.resolve())
    tokenizer.initialized = True
    tokenizer.load_userdict(str(BUDGET_TERMS))


def user_cache_dir() -> Path:
    """$XDG_CACHE_HOME/jxlint or ~/.cache/jxlint, created if possible (if not, nothing is cached)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "jxlint"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return path


def _split_enumeration(piece: str) -> list[str]:
    items = _ENUM_COMMA.split(piece)
    if len(items) > 1 and all(len(_NON_TEXT.sub("", item)) >= _MIN_CLAUSE_ITEM for item in items):
        return [item.strip() for item in items]
    return [piece]


def _prefix_dict(tokenizer: Any, dictionary: Path, cache_dir: Path) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary, from a cache keyed by the dictionary's content.

    jieba's own cache is read with marshal.load on a buffered file, one read call per object:
    about 4x slower than marshal.loads on the whole file, which is what we do here.
    """
    data = dictionary.read_bytes()
    cached = cache_dir / f"jieba-{hashlib.blake2b(data, digest_size=12).hexdigest()}-m{marshal.version}.cache"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    prefix = tokenizer.gen_pfdict(io.BytesIO(data))
    _write_atomically(cached, marshal.dumps(prefix))
    return prefix


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so concurrent runs never read a half-written cache."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".jieba-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        pass  # no writable cache: every run parses the dictionary again


@cache
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _word_tags() -> dict[str, str]:
    """word → part-of-speech tag of the compact dictionary and the budget terms, from a cache keyed by their content."""
    data = COMPACT_DICT.read_bytes() + b"\n" + BUDGET_TERMS.read_bytes()
    cached = user_cache_dir() / f"jieba-tags-{hashlib.blake2b(data, digest_size=12).hexdigest()}-m{marshal.version}.cache"
    try:
        return marshal.loads(cached.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tags = {}
    for line in data.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            tags[parts[0]] = parts[2]
    _write_atomically(cached, marshal.dumps(tags))
    return tags


@cache
def _jieba() -> Any:
    """jieba's global tokenizer (the one spaCy's segmenter uses) on our dictionaries."""
    jieba = _import_jieba()
    # Instead of jieba.initialize(), which loads jieba's full dictionary through a shared file in /tmp.
    setup_segmenter(jieba.dt, COMPACT_DICT, user_cache_dir())
    return jieba.dt


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources when nothing has imported that yet: jieba._compat imports it
    (~0.3 s, most of a cold jieba import) only to open jieba's own model files, and opens them with open()
    when the import fails."""
    if "jieba" not in sys.modules and "pkg_resources" not in sys.modules:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # `import pkg_resources` now raises ImportError
        try:
            import jieba  # noqa: F401  (imported once here, without pkg_resources)
        finally:
            del sys.modules["pkg_resources"]
    import jieba

    return jieba
