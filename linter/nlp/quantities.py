"""Quantities (number + unit) and dates/deadlines/frequencies in free text such as goals.

Pure regex over the half-width text (same offsets as the input). The unit table and the
comparator spellings are data: rulesets/units.yaml and rulesets/value_vocab.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from linter.nlp.numbers import ARABIC_NUMBER, CN_NUMBER, MULTIPLIERS, parse_chinese_number, to_halfwidth
from linter.rulesets import load_ruleset


@dataclass(frozen=True)
class Unit:
    name: str          # canonical spelling: %, 人次, 万元, 元/亩·月, 次/月
    unit_class: str    # count, percent, money, money_per, duration, length, area, weight, volume, frequency, other
    factor: float = 1.0  # money only: how many 元 one unit is


@dataclass(frozen=True)
class Amount:
    """A number (or range) with its unit as read at one position; the shared core of quantities and values."""

    start: int
    end: int
    number: float
    number_high: float | None
    unit: Unit | None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    number: float
    unit: str
    unit_class: str
    number_high: float | None = None
    comparator: str | None = None  # from ≥/不少于 before or 以上/以下 after the number


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    year: int | None
    month: int | None  # for a period or year end, its last month (上半年 → 6, 第三季度 → 9, 年底 → 12)
    # (and a span of years gives its last year: 2024-2026年 → 2026)
    day: int | None
    kind: str          # date | deadline | period | frequency
    period: str = ""   # frequency only: 日, 周, 旬, 月, 季度, 半年, 年
    count: float | None = None  # frequency only, when stated: 每月2次 → 2


# ---------------------------------------------------------------- units


@cache
def unit_table() -> dict[str, Unit]:
    """Every spelling of every unit in rulesets/units.yaml → its canonical Unit."""
    data = load_ruleset("units")
    table: dict[str, Unit] = {}
    for unit_class, group in data["classes"].items():
        units = group["units"]
        for name in units:
            factor = float(units[name]) if isinstance(units, dict) else 1.0
            table[str(name)] = Unit(str(name), unit_class, factor)
    for alias, name in data["aliases"]["map"].items():
        table[str(alias)] = table[str(name)]
    return table


@cache
def periods() -> dict[str, str]:
    return {str(k): str(v) for k, v in load_ruleset("units")["periods"]["map"].items()}


def _alternation(words: Iterable[str]) -> str:
    """Longest first; a Latin spelling (m, km, TB) must not run into more letters (5G, Mbps)."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        parts.append(re.escape(word) + ("(?![A-Za-z])" if word[-1].isascii() and word[-1].isalpha() else ""))
    return "|".join(parts)


@cache
def _unit_re() -> re.Pattern[str]:
    return re.compile(rf"\((?P<paren>{_alternation(unit_table())})\)|(?P<unit>{_alternation(unit_table())})")


@cache
def _per_re() -> re.Pattern[str]:
    """The denominator(s) of 元/亩·月, 万元/公里, 次/月: known units or periods, else 1–2 CJK characters."""
    known = _alternation(set(unit_table()) | set(periods()))
    part = rf"(?:{known}|[\u4e00-\u9fff]{{1,2}}(?![\u4e00-\u9fff]))"
    return re.compile(rf"/(?P<den>{part}(?:[·./]{part})?)")


def match_unit(text: str, pos: int = 0) -> tuple[Unit, int] | None:
    """The unit written at text[pos:] (also (%), 元/亩·月, 次/月) and where it ends."""
    m = _unit_re().match(text, pos)
    if not m:
        return None
    unit, end = unit_table()[m.group("paren") or m.group("unit")], m.end()
    per = _per_re().match(text, end) if m.group("unit") else None
    if per:
        compound = _compound(unit, re.split(r"[·./]", per.group("den")))
        if compound:
            return compound, per.end()
    return unit, end


def _compound(unit: Unit, denominators: list[str]) -> Unit | None:
    names = [periods().get(d) or (unit_table()[d].name if d in unit_table() else d) for d in denominators]
    if unit.unit_class == "money":
        return Unit(f"{unit.name}/{'·'.join(names)}", "money_per", unit.factor)
    if len(denominators) == 1 and denominators[0] in periods() and unit.unit_class == "count":
        return Unit(f"{unit.name}/{names[0]}", "frequency")
    if all(d in unit_table() or d in periods() for d in denominators):
        return Unit(f"{unit.name}/{'·'.join(names)}", "other")
    return None


# ---------------------------------------------------------------- amounts

_NUMBER = re.compile(rf"百分之(?P<pct>{CN_NUMBER}|{ARABIC_NUMBER})|(?<![\d.A-Za-z])(?P<num>{ARABIC_NUMBER})|(?P<cn>{CN_NUMBER})")
_MULTIPLIER = re.compile("|".join(sorted(MULTIPLIERS, key=len, reverse=True)))
_RANGE_SEP = re.compile(r"\s?(?:-{1,2}|~|—{1,2}|–|至|到)\s?")


def read_amount(text: str, pos: int = 0) -> Amount | None:
    """Read NUMBER [multiplier] [unit] [- NUMBER [unit]] at text[pos:] (half-width text)."""
    first = _read_one(text, pos)
    if first is None:
        return None
    number, unit, end, notes = first
    sep = _RANGE_SEP.match(text, end)
    second = _read_one(text, sep.end()) if sep else None
    if second and (unit is None or second[1] is None or unit == second[1]):
        if "multiplier-without-unit" in notes and second[1] is not None:
            # 5万至10万元: the first 万 belongs to the unit the range shares (万元), not to the number
            factor = _unit_multiplier(second[1])
            if factor:
                number, notes = number / factor, tuple(n for n in notes if n != "multiplier-without-unit")
        return Amount(pos, second[2], number, second[0], unit or second[1], notes + second[3] + ("range",))
    return Amount(pos, end, number, None, unit, notes)


def _unit_multiplier(unit: Unit) -> float | None:
    """The multiplier a unit's name starts with (万 of 万元, 亿 of 亿元), or None."""
    m = _MULTIPLIER.match(unit.name)
    return MULTIPLIERS[m.group()] if m else None


def _read_one(text: str, pos: int) -> tuple[float, Unit | None, int, tuple[str, ...]] | None:
    m = _NUMBER.match(text, pos)
    if not m:
        return None
    if m.group("pct"):
        number = parse_chinese_number(m.group("pct"))
        return (number, unit_table()["%"], m.end(), ()) if number is not None else None
    written = m.group("num") or m.group("cn")
    end = m.end()
    gap = 1 if text[end:end + 1] == " " else 0
    unit = match_unit(text, end + gap)
    multiplier = None if unit else _MULTIPLIER.match(text, end)
    if multiplier:
        # 375万平方米, 1.2万人次: the multiplier scales the number; a money unit (万元) is matched above.
        written += multiplier.group()
        end = multiplier.end()
        unit = match_unit(text, end)
    number = parse_chinese_number(written)
    if number is None:
        return None
    if unit:
        return number, unit[0], unit[1], ()
    if not multiplier:
        return number, None, end, ()
    per = _per_re().match(text, end)  # 500万/月: the multiplier's unit is left out, its period is not
    return number, None, per.end() if per else end, ("multiplier-without-unit",) + (("per-unit",) if per else ())


# ---------------------------------------------------------------- comparators


@cache
def comparator_spellings() -> tuple[dict[str, str], dict[str, str]]:
    """(prefix spelling → op, suffix spelling → op) from rulesets/value_vocab.yaml."""
    data = load_ruleset("value_vocab")["comparators"]
    prefix = {str(s): op for op, spellings in data["prefix"].items() for s in spellings}
    suffix = {str(s): op for op, spellings in data["suffix"].items() for s in spellings}
    return prefix, suffix


@cache
def _prefix_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alternation(comparator_spellings()[0])})\s?$")


@cache
def _suffix_re() -> re.Pattern[str]:
    return re.compile(rf"\s?(?:{_alternation(comparator_spellings()[1])})")


def _comparator_around(text: str, start: int, end: int) -> str | None:
    before = _prefix_re().search(text, max(0, start - 6), start)
    if before:
        return comparator_spellings()[0][before.group().strip()]
    after = _suffix_re().match(text, end)
    return comparator_spellings()[1][after.group().strip()] if after else None


# ---------------------------------------------------------------- quantities


@cache
def _not_quantities() -> tuple[tuple[str, ...], frozenset[str]]:
    spec = load_ruleset("units")["not_quantities"]
    return tuple(spec["words"]), frozenset(spec["unit_then"])


def find_quantities(text: str, dates: list[DateMention] | None = None) -> list[Quantity]:
    """Numbers with a unit (三次, 1600人次, 95%, 395.08万元, 2.5公里) in free text.

    A number needs a unit: list numbers (1. （一）), document numbers (〔2019〕10号) and years
    (2020年, a date) are not quantities; nor are ordinals (第三次) or idioms (十分, 一次性).
    `dates` is find_dates(text) when the caller has it already.
    """
    half = to_halfwidth(text)
    spans = [(d.start, d.end) for d in (find_dates(half) if dates is None else dates) if d.kind != "frequency"]
    found: list[Quantity] = []
    last_end = 0
    words, unit_then = _not_quantities()
    for m in _NUMBER.finditer(half):
        start = m.start()
        if start < last_end or half[start - 1:start] == "第" or half.startswith(words, start):
            continue
        amount = read_amount(half, start)
        if amount is None or amount.unit is None or half[amount.end - 1:amount.end + 1] in unit_then:
            continue
        if any(s < amount.end and start < e for s, e in spans):
            continue
        found.append(Quantity(
            start, amount.end, text[start:amount.end], amount.number, amount.unit.name, amount.unit.unit_class,
            amount.number_high, _comparator_around(half, start, amount.end),
        ))
        last_end = amount.end
    return found


# ---------------------------------------------------------------- dates

_D = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_COUNT = r"\d+|[一二两三四五六七八九十]+"
_YEAR = r"(?<!\d)(?:19|20)\d{2}(?!\d)|[一二][〇零一二三四五六七八九]{3}"
_PERIOD = r"半年|季度|季|月|旬|周|星期|天|日|年度|年"
_TO = r"(?:-{1,2}|—{1,2}|–|~|～|至|到)"

# (kind, pattern, characters): where two overlap, the earlier start wins, then the longer match. A pattern
# cannot match without one of its `characters` (a literal it requires), so it runs only on text that has one:
# most goals have no 月, 季 or 次, and skipping those patterns makes find_dates four times faster.
_DATE_PATTERNS = [
    ("frequency", rf"(?P<count>{_COUNT})\s*次\s*/\s*(?P<period>{_PERIOD})", "/"),
    ("frequency", rf"[每按](?P<period>{_PERIOD})(?:\s*(?P<count>{_COUNT})\s*次)?", "每按"),
    ("frequency", rf"[一1]\s*(?P<period>季度|季|月|周|年)\s*(?P<count>{_COUNT})\s*次", "次"),
    ("period", rf"(?:{_YEAR})\s*年?\s*{_TO}\s*(?P<year>{_YEAR})\s*年度?(?![.\d月/-])", "-—~至到"),
    # 2022.03-2022.12, 2021年1月--2021年10月, 2021.1.1-12.31, 2022年1-12月: a span of months or days
    ("period", rf"(?P<start_year>{_YEAR})\s*[.年/-]\s*(?:{_D})\s*(?:[.月/-]\s*(?:{_D})\s*[日号]?|月)?\s*{_TO}\s*"
               rf"(?:(?P<year>{_YEAR})\s*[.年/-]\s*)?(?P<month>{_D})\s*(?:[.月/-]\s*(?P<day>{_D})\s*[日号]?|月份?)?(?![\d.])",
     "-—~至到"),
    ("period", rf"(?<![\d.个第])(?:{_D})\s*月?\s*{_TO}\s*(?P<month>{_D})\s*月份?", "-—~至到"),
    ("date", rf"(?P<year>{_YEAR})\s*年\s*(?P<month>{_D})\s*月\s*(?P<day>{_D})\s*[日号]", "日号"),
    ("date", r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d.])",
     "-/."),
    ("date", r"(?<![\d.])(?P<year>(?:19|20)\d{2})[-/](?P<month>\d{1,2})(?![\d/-])", "-/"),
    ("date", rf"(?P<year>{_YEAR})\s*年\s*(?P<month>{_D})\s*月份?", "月"),
    ("date", rf"(?<![\d年])(?P<month>{_D})\s*月\s*(?P<day>{_D})\s*[日号]", "日号"),
    ("date", rf"(?<![\d个每按第上下本当])(?P<month>{_D})\s*月份?", "月"),
    ("date", rf"(?P<year>{_YEAR})\s*年度?", "年"),
    ("year_end", r"(?<![\d每全半])(?:本|今|当|同)?年度?(?=\s*[底末内])", "底末内"),
    ("period", rf"(?:(?P<year>{_YEAR})\s*年度?\s*)?第?(?P<quarter>[一二三四1-4])\s*季度", "季"),
    ("period", rf"(?:(?P<year>{_YEAR})\s*年度?\s*)?(?P<half>[上下])半年", "半"),
    ("period", r"全年度?", "全"),
]
_SUFFIX = re.compile(r"\s*(?P<end>(?:年度?)?[底末])?\s*(?P<before>之前|以前|前)?(?P<within>以内|之内|内)?")
_DEADLINE_PREFIX = re.compile(r"(?:截至|截止到|截止)\s*$")


@cache
def _date_res() -> tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]:
    return tuple((kind, re.compile(pattern), frozenset(chars)) for kind, pattern, chars in _DATE_PATTERNS)


def find_dates(text: str) -> list[DateMention]:
    """Dates, deadlines, periods and frequencies: 2021年6月30日前, 12月底前, 年底前, 上半年, 第三季度, 每季度, 1次/月.

    A bare year (2020年) is a date with only the year set; 年底 and 第三季度 carry their last month.
    """
    half = to_halfwidth(text)
    present = set(half)
    candidates = []
    for order, (kind, pattern, chars) in enumerate(_date_res()):
        if present.isdisjoint(chars):
            continue
        for m in pattern.finditer(half):
            mention = _mention(text, half, kind, m)
            if mention:
                candidates.append((mention.start, -(mention.end - mention.start), order, mention))
    found: list[DateMention] = []
    for *_, mention in sorted(candidates, key=lambda c: c[:3]):
        if not found or mention.start >= found[-1].end:
            found.append(mention)
    return found


def _mention(text: str, half: str, kind: str, m: re.Match[str]) -> DateMention | None:
    groups = {k: v for k, v in m.groupdict().items() if v is not None}
    if kind == "frequency":
        count = parse_chinese_number(groups["count"]) if "count" in groups else None
        return DateMention(m.start(), m.end(), text[m.start():m.end()], None, None, None, kind,
                           periods()[groups["period"]], count)
    year = _int(groups.get("year") or groups.get("start_year"))
    month = _int(groups.get("month"))
    day = _int(groups.get("day"))
    if "quarter" in groups:
        month = 3 * int(parse_chinese_number(groups["quarter"]) or 0)
    elif "half" in groups:
        month = 6 if groups["half"] == "上" else 12
    if (year is not None and not 1900 <= year <= 2100) or (month is not None and not 1 <= month <= 12) \
            or (day is not None and not 1 <= day <= 31):
        return None
    start, end = m.start(), m.end()
    suffix = _SUFFIX.match(half, end)
    if kind == "year_end" and not suffix.group("end") and not suffix.group("within"):
        return None
    if suffix.group("end") and month is None:
        month = 12  # 年底, 2021年底前
    deadline = bool(suffix.group("end") or suffix.group("before") or suffix.group("within"))
    if suffix.group():
        end = suffix.end() - (len(suffix.group()) - len(suffix.group().rstrip()))
    prefix = _DEADLINE_PREFIX.search(half, max(0, start - 6), start)
    if prefix:
        start, deadline = prefix.start(), True
    if kind == "year_end":
        kind = "deadline"
    elif deadline:
        kind = "deadline"
    return DateMention(start, end, text[start:end], year, month, day, kind)


def _int(written: str | None) -> int | None:
    if written is None:
        return None
    number = parse_chinese_number(written)
    return int(number) if number is not None else None
