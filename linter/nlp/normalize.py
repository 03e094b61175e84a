"""Text normalisation shared by every rule that compares or searches Chinese text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from linter.nlp.numbers import to_halfwidth

# List numbering at the start of a line or after a sentence or clause end: 1. 1、 (1) （一） 一、 目标1： 第一，
_NUMBERING = re.compile(
    r"(^|[\n。；;！!？?、，,])\s*(?:"
    r"\d{1,2}\s*[.、．)）](?!\d)|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|[一二三四五六七八九十]{1,3}\s*[、.．]"
    r"|(?:目标|任务)\s*[\d一二三四五六七八九十]{1,2}\s*[:：]|第[一二三四五六七八九十]{1,3}\s*[,，、:：]"
    r")"
)
# Time words that make an annual goal look different from the long-term one without saying more.
_TIME_WORDS = re.compile(
    r"(?:\d{4}\s*(?:[-—~至到]\s*\d{4}\s*)?年度?|中长期|长期|每年度|每年|本年度|本年|今年|全年|年度|年内|当年|当期|近期|逐年)"
)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def nfkc(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width (and other compatibility forms); cached,
    since every rule normalises the same goal and indicator texts."""
    # to_halfwidth maps full-width ASCII as NFKC does, but cheaply; after it nearly every goal is already NFKC,
    # which is_normalized tells (a quick check) much faster than normalize would
    text = to_halfwidth(text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def strip_numbering(text: str) -> str:
    return _NUMBERING.sub(_keep_boundary, text)


def numbering_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each list number (1. （一） 目标1：) in the text, the boundary before it left out."""
    return [(m.end(1), m.end()) for m in _NUMBERING.finditer(text)]


# A list index anywhere in a line (1: 2、 3) with no break before it), not only after a boundary as above.
_LIST_INDEX = re.compile(r"(?<!\d)(?<!\d\.)\d{1,2}[、:：.．)）](?!\d)")  # not the 5 of 1.5.


def list_index_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each list index (1: 2、 3)) in the text, numbering after a boundary included."""
    return [m.span() for m in _LIST_INDEX.finditer(text)] + numbering_spans(text)


def _keep_boundary(match: re.Match[str]) -> str:
    return match.group(1)  # a function: Python 3.11 expands the template r"\1" in Python, twice as slowly


def words_only(text: str) -> str:
    """Text already NFKC and free of list numbering, without time words, punctuation or spacing."""
    return _NON_WORD.sub("", _TIME_WORDS.sub("", text)).lower()


def comparable(text: str) -> str:
    """A goal reduced to its words: no numbering, time words, punctuation or spacing."""
    return words_only(strip_numbering(nfkc(text)))
