"""Numbers as Chinese forms write them: Arabic with separators, Chinese numerals, 万/亿 multipliers."""

from __future__ import annotations

import math
import re
from decimal import Decimal

# Full-width ASCII (！ to ～) sits 0xFEE0 above ASCII; the ideographic space becomes a plain one.
_HALFWIDTH = {0x3000: 0x20, **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}}
_FULLWIDTH = re.compile("[\u3000\uff01-\uff5e]+")

CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
CN_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
MULTIPLIERS = {"千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}

_CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL_UNITS)
# A Chinese numeral starts with a digit or 十 (百/千 first would swallow 千米, 百分比); 万/亿 only inside.
CN_NUMBER = rf"[{''.join(CN_DIGITS)}十拾][{_CN_CHARS}]*(?:[万萬亿][{_CN_CHARS}]+)*(?:点[{''.join(CN_DIGITS)}]+)?"
ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_ARABIC_WITH_MULTIPLIER = re.compile(rf"({ARABIC_NUMBER})({'|'.join(sorted(MULTIPLIERS, key=len, reverse=True))})?")
_WHITESPACE = re.compile(r"\s+")
# Whole-string form: 万/亿 may also end it (十万, 一亿二千万).
_CN_FULL = re.compile(rf"[{''.join(CN_DIGITS)}十拾][{_CN_CHARS}万萬亿]*(?:点[{''.join(CN_DIGITS)}]+)?")


def to_halfwidth(text: str) -> str:
    """Full-width letters, digits and ASCII symbols (１００％, ＞＝, （）) to half-width; CJK untouched."""
    # str.translate is slow on CJK text (a dict look-up per character): translate only the full-width runs
    return _FULLWIDTH.sub(_halfwidth_run, text or "")


def _halfwidth_run(match: re.Match[str]) -> str:
    return match.group().translate(_HALFWIDTH)


def parse_chinese_number(text: str) -> float | None:
    """The value of a number written in Arabic or Chinese numerals, or None if `text` is not one.

    三 → 3, 十二 → 12, 两千三百零五 → 2305, 二〇二一 → 2021, 三点五 → 3.5, 1,000.00 → 1000,
    1.5万 → 15000, 百分之九十五 → 95 (the caller knows it is a percentage).
    """
    text = _WHITESPACE.sub("", to_halfwidth(text))
    if text.startswith("百分之"):
        text = text[3:]
    if not text:
        return None
    arabic = _ARABIC_WITH_MULTIPLIER.fullmatch(text)
    if arabic:
        value = float(arabic.group(1).replace(",", "")) * MULTIPLIERS.get(arabic.group(2) or "", 1)
        return value if math.isfinite(value) else None
    if not _CN_FULL.fullmatch(text):
        return None
    whole, _, fraction = text.partition("点")
    integer = _cn_integer(whole)
    if integer is None:
        return None
    if fraction:
        return integer + float("0." + "".join(str(CN_DIGITS[ch]) for ch in fraction))
    return float(integer)


def _cn_integer(text: str) -> int | None:
    if all(ch in CN_DIGITS for ch in text):
        # Digits without units are read one by one: 二〇二一 → 2021, 一二 → 12. A run longer than any real
        # figure (零零零… in a pasted goal) is no number, and int() refuses strings over 4,300 digits.
        if len(text) > 18:
            return None
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    done = 0          # completed 亿 groups
    wan = 0           # completed 万 group
    section = 0       # below 万
    digit: int | None = None
    last_unit = 0     # the unit right before the current digit, for 两千三 = 2300
    for ch in text:
        if ch in CN_DIGITS:
            if digit not in (None, 0) and CN_DIGITS[ch] != 0:
                return None  # 一二十: two digits with no unit between them
            digit = CN_DIGITS[ch]
            if digit == 0:
                last_unit = 0
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit, last_unit = None, CN_SMALL_UNITS[ch]
        else:
            group = section + (digit or 0)
            if ch == "亿":
                done = (done + wan + group) * CN_BIG_UNITS[ch]
                wan = 0
            else:
                wan = group * CN_BIG_UNITS[ch]
            section, digit, last_unit = 0, None, CN_BIG_UNITS[ch]
    tail = digit or 0
    if digit and last_unit >= 100:
        tail = digit * last_unit // 10  # 两千三 = 2300, 一万五 = 15000
    return done + wan + section + tail


def plain_number(x: float, places: int | None = None) -> str:
    """A number as a clerk writes it, for messages: no exponent (2500000, not 2.5e+06), no float noise (0.3), and
    either its own decimals up to six or exactly `places` of them ("+12.30")."""
    rounded = Decimal(repr(round(float(x), 6 if places is None else places)))
    if rounded.is_zero():
        rounded = rounded.copy_abs()  # -0.0 shows as 0
    if places is not None:
        return format(rounded, f".{places}f")
    return "0" if rounded == 0 else format(rounded.normalize(), "f")
