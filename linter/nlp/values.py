"""Indicator target values (指标值): what a value says, however it is spelled.

`parse_value("≥90.00(%)")`, `parse_value("95", unit="%", comparator="≥")`, `parse_value("及时")` …
Never raises: anything it cannot read comes back as kind "text" with the raw value kept.
Vocabulary, comparator spellings and placeholder patterns are data in rulesets/value_vocab.yaml.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from linter.nlp.numbers import CN_DIGITS, MULTIPLIERS, to_halfwidth
from linter.nlp.quantities import (
    Amount, Unit, comparator_spellings, find_dates, find_quantities, match_unit, read_amount,
)
from linter.rulesets import load_ruleset

KIND_BY_CLASS = {
    "percent": "rate", "money": "money", "money_per": "money", "duration": "duration", "frequency": "frequency",
    "count": "quantity", "length": "quantity", "area": "quantity", "weight": "quantity", "volume": "quantity",
    "other": "quantity",
}


@dataclass(frozen=True)
class ParsedValue:
    raw: str
    kind: str  # quantity rate money date duration frequency qualitative placeholder empty number text
    comparator: str | None = None  # >= <= = > <
    number: float | None = None
    number_high: float | None = None  # upper end of a range (90%-95%)
    unit: str = ""  # canonical: %, 元, 万元, 人次, 元/人, 次/月
    unit_class: str | None = None
    amount_yuan: float | None = None  # money (and money per unit) in 元
    year: int | None = None
    month: int | None = None
    day: int | None = None
    gradable: bool | None = None  # qualitative only: a checkable state (达标) or not (合理, 及时)
    evaluative: bool = False  # qualitative only: a judgement naming no grade (良好, 效果明显); the type decides
    placeholder: bool = False
    notes: tuple[str, ...] = ()


def parse_value(value: str, unit: str = "", comparator: str = "") -> ParsedValue:
    """Parse one 指标值; `unit` and `comparator` are the form's separate columns, when it has them."""
    raw = "" if value is None else str(value)
    parsed = replace(_parse(_clean(raw)), raw=raw)
    return _with_columns(parsed, _clean(str(unit or "")), _clean(str(comparator or "")))


# ---------------------------------------------------------------- vocabulary


@cache
def _vocab() -> dict:
    return load_ruleset("value_vocab")


@cache
def _fillers() -> frozenset[str]:
    return frozenset(str(t) for t in _vocab()["fillers"]["texts"])


@cache
def _placeholder_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    spec = _vocab()["placeholders"]
    return re.compile("|".join(spec["anywhere"])), re.compile("|".join(spec["number_slot"]))


@cache
def _direction_re() -> re.Pattern[str]:
    spec = _vocab()["qualitative"]["direction"]
    adverbs = "|".join(spec["gradable_adverbs"] + spec["ungradable_adverbs"])
    return re.compile(rf"(?:{adverbs})*(?:{'|'.join(spec['words'])})+")


@cache
def _ocr_res() -> tuple[tuple[re.Pattern[str], str], ...]:
    spellings = _vocab()["comparators"]["ocr"]["spellings"]
    fixes = [(re.compile(rf"^(?:{'|'.join(words)})(?=\d)"), op) for op, words in spellings.items()]
    return tuple(fixes) + (
        (re.compile(r"(?<=\d)[Oo]|[Oo](?=\d)"), "0"),   # O read for 0
        (re.compile(r"(?<=\d)[lI]|[lI](?=\d)"), "1"),   # l or I read for 1
        (re.compile(r"(?<=\d)[。，](?=\d)"), "."),       # decimal point read as CJK punctuation
    )


_SCIENTIFIC = re.compile(r"(?<!\d)\d+(?:\.\d+)?[eE][+-]?\d+")  # starts where a number starts: linear on long digit runs
_WRAPPED = re.compile(r"^[(\[【](.*)[)\]】]$")


def _clean(text: str) -> str:
    text = re.sub(r"\s+", "", to_halfwidth(text))
    wrapped = _WRAPPED.match(text)
    if wrapped and not re.search(r"[()\[\]【】]", wrapped.group(1)):
        text = wrapped.group(1)  # （≥**人）: the brackets are decoration
    return text.rstrip("。.;；,，、")


# ---------------------------------------------------------------- the parse


def _parse(text: str) -> ParsedValue:
    if not text:
        return ParsedValue("", "empty")
    if text in _fillers():
        return ParsedValue("", "empty", notes=("filler",))
    placeholder = _placeholder(text)
    if placeholder:
        return placeholder
    grade = _grade(text)
    if grade is not None:
        notes = ("filler-word",) if text in _vocab()["fillers"]["ambiguous"] else ()
        return ParsedValue("", "qualitative", gradable=grade != "ungradable", evaluative=grade == "evaluative", notes=notes)
    text, notes = _unit_first(text)
    parsed = _date(text) or _amount(text)
    if parsed and notes:
        return replace(parsed, notes=parsed.notes + notes)
    if parsed:
        return parsed
    fixed = _ocr_fix(text)
    parsed = (_date(fixed) or _amount(fixed)) if fixed != text else None
    if parsed:
        return replace(parsed, notes=parsed.notes + ("ocr-noise",))
    parsed = _with_lead(text)
    if parsed:
        return parsed
    return ParsedValue("", "text", notes=_unknown_shape(text))


def _unknown_shape(text: str) -> tuple[str, ...]:
    """Why a value is no known shape: only a unit (公里), only a comparator and unit (≧%), several quantities."""
    if comparator_of(text):
        return ("comparator-only",)
    comparator, body = _split_prefix(text)
    body = body[1:] if body[:1] in MULTIPLIERS and match_unit(body, 1) else body  # 万亩 is a unit with its multiplier
    unit = match_unit(body, 0)
    if unit and unit[1] == len(body):  # the whole of it is a unit, not a sentence that begins with one (本着…)
        return ("comparator-and-unit-only",) if comparator else ("unit-only",)
    if len(find_quantities(text)) > 1:
        return ("multiple-quantities",)
    return ()


def _plain(text: str) -> ParsedValue | None:
    """A date, frequency or amount, possibly with a few words before or after it."""
    return _date(text) or _amount(text) or _with_lead(text)


def _with_lead(text: str) -> ParsedValue | None:
    """经费拨款395.08万元, 全年培训1600人次: one amount or date after a few words."""
    for i in range(1, min(len(text) - 1, _vocab()["context"]["lead_max"]) + 1):
        lead = text[:i]
        if re.search(r"\d", lead):
            return None
        if lead[-1] == "第" or lead[-1] in CN_DIGITS or lead[-1].isascii():
            continue  # 第一名 is an ordinal; 二100 and l00% are OCR noise, not words before a number
        parsed = _date(text[i:]) or _amount(text[i:])
        # a number is read after words only when something says what it is: a unit, a comparator, or a bare
        # multiplier (约800万: an amount whose 元 the 二级 type supplies)
        if parsed and (parsed.unit_class or parsed.comparator or "multiplier-without-unit" in parsed.notes):
            return replace(parsed, notes=parsed.notes + ("leading-text",))
    return None


def _tail_ok(tail: str) -> bool:
    return not tail or (len(tail) <= _vocab()["context"]["tail_max"] and not re.search(r"\d", tail))


def _date(text: str) -> ParsedValue | None:
    comparator, body = _split_prefix(text)
    mentions = find_dates(body)
    if not mentions or mentions[0].start != 0 or not _tail_ok(body[mentions[0].end:]):
        return None
    m = mentions[0]
    notes = ("trailing-text",) if m.end < len(body) else ()
    if m.kind == "frequency":
        return ParsedValue("", "frequency", comparator, m.count, unit=f"次/{m.period}", unit_class="frequency",
                           notes=notes)
    if m.kind == "deadline":
        comparator = comparator or "<="
    if m.kind != "date":
        notes += (m.kind,)
    return ParsedValue("", "date", comparator, unit_class="date", year=m.year, month=m.month, day=m.day, notes=notes)


def _amount(text: str) -> ParsedValue | None:
    notes: tuple[str, ...] = ()
    if _SCIENTIFIC.search(text):
        text = _SCIENTIFIC.sub(_expand_scientific, text)
        notes += ("scientific-notation",)
        if _SCIENTIFIC.search(text):
            return ParsedValue("", "text", notes=notes + ("absurd-number",))  # 1e999: too large to read
    comparator, body = _split_prefix(text)
    amount = read_amount(body, 0)
    if amount is None:
        return None
    suffix, tail = _split_suffix(body[amount.end:])
    # words after a number are read only when something says what it is: a unit, or a bare multiplier (800万左右)
    if tail and ((amount.unit is None and "multiplier-without-unit" not in amount.notes) or not _tail_ok(tail)):
        return None
    if tail:
        notes += ("trailing-text",)
    if comparator and suffix and comparator != suffix:
        notes += ("comparator-conflict",)
    return _from_amount(amount, comparator or suffix, notes + amount.notes)


def _expand_scientific(m: re.Match[str]) -> str:
    number = float(m.group())
    return f"{number:f}" if math.isfinite(number) and number < 1e30 else m.group()


def _from_amount(amount: Amount, comparator: str | None, notes: tuple[str, ...]) -> ParsedValue:
    parsed = ParsedValue("", "number", comparator, amount.number, amount.number_high, notes=notes)
    if amount.unit:
        parsed = _with_unit(parsed, amount.unit)
    elif comparator is None and amount.number_high is None and not notes:
        parsed = _excel_serial(parsed)
    return _check_size(parsed)


_EXCEL_EPOCH = date(1899, 12, 30)  # Excel's 1900 date system, counting its phantom 1900-02-29


def _excel_serial(parsed: ParsedValue) -> ParsedValue:
    """A bare whole number that is a date cell read as its serial (44,561 = 2021-12-31): the date is noted."""
    first, last = _vocab()["excel_serial"]["years"]
    number = parsed.number
    if number is None or not number.is_integer() or not 0 < number < 2_958_466:
        return parsed
    day = _EXCEL_EPOCH + timedelta(days=int(number))
    if not first <= day.year <= last:
        return parsed
    return replace(parsed, year=day.year, month=day.month, day=day.day, notes=parsed.notes + ("excel-serial",))


def _unit_first(text: str) -> tuple[str, tuple[str, ...]]:
    """%=95百分比: a unit written before the comparator is dropped (the number keeps its own unit)."""
    for unit in _vocab()["unit_first"]["units"]:
        rest = text[len(unit):]
        if text.startswith(unit) and _prefix_re().match(rest) and re.search(r"\d", rest):
            return rest, ("unit-first",)
    return text, ()


def _with_unit(parsed: ParsedValue, unit: Unit) -> ParsedValue:
    money = unit.unit_class in ("money", "money_per") and parsed.number is not None
    return replace(parsed, kind=KIND_BY_CLASS[unit.unit_class], unit=unit.name, unit_class=unit.unit_class,
                   amount_yuan=parsed.number * unit.factor if money else None)


def _check_size(parsed: ParsedValue) -> ParsedValue:
    limits = _vocab()["absurd"]
    number = parsed.number
    if number is None:
        return parsed
    if not math.isfinite(number):
        return ParsedValue(parsed.raw, "text", notes=parsed.notes + ("absurd-number",))
    if abs(number) >= limits["any"] or (parsed.unit_class == "percent" and number > limits["percent"]):
        return replace(parsed, notes=parsed.notes + ("absurd-number",))
    return parsed


# ---------------------------------------------------------------- comparators


@cache
def _prefix_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(comparator_spellings()[0], key=len, reverse=True)))


@cache
def _suffix_re() -> re.Pattern[str]:
    words = sorted(comparator_spellings()[1], key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(re.escape(s) for s in words)})")


def _split_prefix(text: str) -> tuple[str | None, str]:
    m = _prefix_re().match(text)
    if not m or m.end() == len(text):
        return None, text
    return comparator_spellings()[0][m.group()], text[m.end():]


def _split_suffix(text: str) -> tuple[str | None, str]:
    m = _suffix_re().match(text)
    if not m:
        return None, text
    return comparator_spellings()[1][m.group()], text[m.end():]


SIGNS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}


def with_signs(text: str) -> str:
    """Every comparator spelling in `text` (≧, >=, 大于等于, ‹=) written as its sign (≥ ≤ > < =)."""
    return _prefix_re().sub(lambda m: SIGNS[comparator_spellings()[0][m.group()]], text)


def comparator_of(text: str) -> str | None:
    """A comparator column on its own: ≥, 大于等于, 以上, ＞＝ … → ">=" (None if it is not one)."""
    text = _clean(text)
    prefix, suffix = comparator_spellings()
    return prefix.get(text) or suffix.get(text)


# ---------------------------------------------------------------- qualitative, placeholders, OCR


def _grade(text: str) -> str | None:
    """"gradable" (达标), "ungradable" (合理) or "evaluative" (良好) for the qualitative vocabulary; None when
    `text` is not in it."""
    spec = _vocab()["qualitative"]
    if len(text) > spec["max_length"]:
        return None
    if text in spec["ungradable"]["exact"]:
        return "ungradable"
    if text in spec["gradable"]["exact"]:
        return "gradable"
    if text in spec["evaluative"]["exact"]:
        return "evaluative"
    if any(re.search(p, text) for p in spec["ungradable"]["patterns"]):
        return "ungradable"
    if re.search(r"\d", text):
        return None
    if _direction_re().fullmatch(text):
        graded = any(text.startswith(a) for a in spec["direction"]["gradable_adverbs"])
        return "evaluative" if graded else "ungradable"
    if text.startswith(tuple(spec["ungradable"]["prefixes"])) or text.endswith(tuple(spec["ungradable"]["suffixes"])):
        return "ungradable"
    if text.endswith(tuple(spec["gradable"]["suffixes"])):
        return "gradable"
    if text.endswith(tuple(spec["evaluative"]["suffixes"])):
        return "evaluative"
    return None


def _placeholder(text: str) -> ParsedValue | None:
    """≥**人, ★, XX, N次, **月**日前: template text where the number should be."""
    anywhere, number_slot = _placeholder_res()
    probe = number_slot.sub("1", anywhere.sub("1", text))
    if probe == text:
        return None
    shape = _plain(probe)
    if shape is None and not anywhere.search(text):
        return None  # a lone X or N that is not where a number goes
    notes = ("masked",) if re.search(r"\d[*★☆]|[*★☆]\d", text) else ()
    if shape is None:
        return ParsedValue("", "placeholder", placeholder=True, notes=notes)
    return ParsedValue("", "placeholder", shape.comparator, unit=shape.unit, unit_class=shape.unit_class,
                       placeholder=True, notes=notes)


def _ocr_fix(text: str) -> str:
    for pattern, replacement in _ocr_res():
        text = pattern.sub(replacement, text)
    return text


# ---------------------------------------------------------------- split columns


def _whole_unit(text: str) -> Unit | None:
    """A unit column (%, (个), 元/人, 百分比) as a Unit; an unknown unit is kept as written."""
    found = match_unit(text, 0)
    if found and found[1] == len(text):
        return found[0]
    glossed = _GLOSS.fullmatch(text)  # %(百分比), 万元(人民币): a unit with its gloss after it
    inner = match_unit(glossed.group(1), 0) if glossed else None
    if inner and inner[1] == len(glossed.group(1)):
        return inner[0]
    return Unit(text, "other") if text and not re.search(r"\d", text) else None


_GLOSS = re.compile(r"(.+?)\s*\([^()]*\)")


def _with_columns(parsed: ParsedValue, unit: str, comparator: str) -> ParsedValue:
    notes: list[str] = []
    column_comparator = comparator_of(comparator) if comparator else None
    if comparator and column_comparator is None:
        notes.append("comparator-column-unknown")
    if column_comparator and parsed.kind not in ("empty", "text", "qualitative"):
        if parsed.comparator is None:
            parsed = replace(parsed, comparator=column_comparator)
            notes.append("comparator-from-column")
        elif parsed.comparator != column_comparator:
            notes.append("comparator-conflict")
    column_unit = _whole_unit(unit) if unit else None
    if unit and column_unit is None:
        notes.append("unit-column-unknown")
    elif column_unit and parsed.kind == "number":
        parsed = _check_size(_with_unit(parsed, column_unit))
        notes.append("unit-from-column")
    elif column_unit and parsed.kind == "placeholder" and not parsed.unit:
        parsed = replace(parsed, unit=column_unit.name, unit_class=column_unit.unit_class)
        notes.append("unit-from-column")
    elif column_unit and parsed.unit and parsed.unit != column_unit.name:
        notes.append("unit-conflict")
    elif column_unit and not parsed.unit and parsed.kind != "empty":
        notes.append("unit-column-ignored")
    return replace(parsed, notes=tuple(dict.fromkeys(parsed.notes + tuple(notes))))
