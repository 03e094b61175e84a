"""Concrete elements of a goal: what makes it checkable at year end (G003, the classifier's features).

An element is a quantity with its unit or measure word, a date or deadline (not a bare year), a
named deliverable (《…》, 建成/召开/编制 … 工程/会议/规划, or a construction or purchase verb with a
concrete object: 建设新围墙), or a rate with its object. Quantities come from two readers: the unit
lexicon of quantities.py, and jieba's tags (a numeral `m`, approximation markers, then a measure
word: jieba's `q` or rulesets/measure_words.yaml), so that 清运渣土8000立方 or 约2万余平方米 hold one.
Numerals inside political formulae (四个意识, 三大攻坚战, 一府两院) are blanked first: they are
incidental, not quantities of the goal.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache, lru_cache

from linter.nlp.normalize import list_index_spans, nfkc
from linter.nlp.pipeline import pos_tag, tagged_tokens
from linter.nlp.quantities import DateMention, find_dates, find_quantities
from linter.rulesets import load_ruleset


@dataclass(frozen=True)
class Element:
    kind: str  # quantity | rate | date | frequency | deliverable | incidental
    text: str
    start: int
    end: int


Token = tuple[str, str, int]  # word, jieba tag, start offset

_NUMERAL_CHARS = "0-9.．零〇一二两三四五六七八九十百千万亿"
_NUMERAL = re.compile(f"[{_NUMERAL_CHARS}]")
_LEADING_NUMBER = re.compile(f"^[{_NUMERAL_CHARS}]+")
_DIGIT = re.compile(r"[0-9]")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


@cache
def _incidental() -> re.Pattern[str]:
    spec = load_ruleset("goals")["incidental"]
    phrases = sorted(spec["phrases"] + spec["words"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, phrases)))


@cache
def _numeral_words() -> frozenset[str]:
    return frozenset(load_ruleset("goals")["incidental"]["words"])


@cache
def _deliverable() -> re.Pattern[str]:
    spec = load_ruleset("goals")["deliverables"]
    verbs = "|".join(map(re.escape, sorted(spec["verbs"], key=len, reverse=True)))
    nouns = "|".join(map(re.escape, sorted(spec["nouns"], key=len, reverse=True)))
    # greedy up to the last deliverable noun of the clause (制定了中心业务……培训计划, not 制定了中心); never across a
    # clause or list break, so a quote is one thing the goal promises
    return re.compile(rf"《[^》]{{2,}}》|(?:{verbs})[^，。；;,、:：\n]{{0,{spec['max_gap']}}}(?:{nouns})")


@cache
def _rate_object() -> tuple[str, ...]:
    return tuple(load_ruleset("goals")["incidental"]["bare_full_rate"]["object_suffixes"])


@cache
def _measure_lexicon() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    spec = load_ruleset("measure_words")
    words = spec["measure_words"]
    return (frozenset(words["counts"] + words["measures"]), frozenset(spec["not_measures"]),
            {k: frozenset(v) for k, v in spec["approximation"].items()})


def blank_incidental(text: str) -> str:
    """The text with political formulae replaced by spaces (offsets kept)."""
    return _incidental().sub(lambda m: " " * len(m.group(0)), nfkc(text))


@lru_cache(maxsize=16384)
def concrete_elements(text: str) -> tuple[Element, ...]:
    """Every concrete element of a goal text, in order (cached: the classifier and the rules both ask)."""
    clean = blank_incidental(text)
    found: list[Element] = []
    dates = find_dates(clean)
    quantities = find_quantities(clean, dates)
    for q in quantities:
        if q.unit_class == "percent":
            before = clean[max(0, q.start - 4): q.start].rstrip("≥≤>=<")
            if not before.endswith(_rate_object()):
                continue  # “确保100%完成”: a percentage with no object measures nothing
            found.append(Element("rate", q.text, q.start, q.end))
        else:
            found.append(_with_markers(clean, Element("quantity", q.text, q.start, q.end)))
    for d in dates:
        if d.kind == "frequency":
            found.append(Element("frequency", d.text, d.start, d.end))
        elif d.kind == "deadline" or d.month is not None or d.day is not None:
            found.append(Element("date", d.text, d.start, d.end))
    found += _deliverables(clean)
    # jieba only where the readers above leave something a token pattern could still read (most goals: nowhere):
    # a number nothing covers, a year marked as a horizon, or — in a goal with no element yet — a works verb
    horizons = [d for d in dates if _horizon_year(clean, d)]
    works = not found and _work_verb_re().search(clean) is not None
    read = [(q.start, q.end) for q in quantities] + [(d.start, d.end) for d in dates]  # bare percentages, years
    if _uncovered(clean, [(e.start, e.end) for e in found] + read) or horizons or works:
        words = _tokens(clean)
        found += _new(found, tagged_quantities(clean, words))
        found += _governed_years(clean, horizons, words)
        if works:
            found += _new(found, named_works(words))
    return tuple(sorted(found, key=lambda e: e.start))


_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOMINAL_TAGS = ("n", "vn", "an", "j")  # jieba tags that go on a noun phrase (中心|业务|卫生|应急|…|计划)


def _deliverables(clean: str) -> list[Element]:
    """Verb + deliverable noun (建成…平台, 召开…会议) and 《titles》, each quoted to the end of the noun phrase its
    noun begins (制定了中心业务卫生应急机动队队员培训计划, not 制定了中心; 完成保鲜库钢构主体): a quote cut inside
    the phrase would name another thing."""
    out: list[Element] = []
    words: list[Token] | None = None
    for m in _deliverable().finditer(clean):
        end = m.end()
        if end < len(clean) and _HAN.match(clean[end]) and not m.group(0).startswith("《"):
            words = words if words is not None else _tokens(clean)
            end = _phrase_end(words, end)
        out.append(Element("deliverable", clean[m.start():end], m.start(), end))
    return out


def _phrase_end(words: list[Token], end: int) -> int:
    """The end of the word holding offset `end` - 1 and of the nominal words that follow it in the phrase."""
    at = next((k for k, (w, _, start) in enumerate(words) if start < end <= start + len(w)), None)
    if at is None:
        return end
    while at + 1 < len(words) and words[at + 1][1].startswith(_NOMINAL_TAGS):
        at += 1
    return words[at][2] + len(words[at][0])


@cache
def _counted_numeral() -> re.Pattern[str]:
    """An Arabic number, or a Chinese numeral followed by a measure word of the lexicon (三期, 两次)."""
    measures = "|".join(map(re.escape, sorted(_measure_lexicon()[0], key=len, reverse=True)))
    # the look-behind starts a match only where a run of numerals starts: linear on 10,000 numerals in a row
    return re.compile(rf"[0-9]|(?<![零〇一二两三四五六七八九十百千万])[零〇一二两三四五六七八九十百千万]+(?:[余多几来])?(?:{measures})")


def _uncovered(text: str, spans: list[tuple[int, int]]) -> bool:
    """Is there a number that no span read so far covers?"""
    mask = _covered(len(text), spans)
    return any(not mask[m.start()] for m in _counted_numeral().finditer(text))


@cache
def _work_verb_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(_works()["verbs"], key=len, reverse=True))))


def incidental_numbers(text: str) -> list[Element]:
    """What in a goal looks like a number but is no element: formulae (四个意识) and bare years."""
    clean = nfkc(text)
    out = [Element("incidental", m.group(0), m.start(), m.end()) for m in _incidental().finditer(clean)
           if _NUMERAL.search(m.group(0)) and m.group(0) not in _numeral_words()]
    out += [Element("incidental", d.text, d.start, d.end) for d in find_dates(blank_incidental(text))
            if d.kind == "date" and d.month is None and d.day is None]
    # any other written number (增长8%, 事故为0): no element was read from it, but a message must not say it is absent
    taken = _covered(len(clean), [(e.start, e.end) for e in out] + list_index_spans(clean))
    out += [Element("incidental", m.group(0), m.start(), m.end()) for m in _WRITTEN_NUMBER.finditer(clean)
            if not any(taken[m.start():m.end()])]
    return sorted(out, key=lambda e: e.start)


_WRITTEN_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


@cache
def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _with_markers(text: str, e: Element) -> Element:
    """The quantity with the approximation markers around it (约30人左右, 100户以上)."""
    approx = _measure_lexicon()[2]
    # longest marker first (大约 before 约): a set's order changes with the hash seed, the quote must not
    start = next((e.start - len(w) for w in _longest_first(approx["before"]) if text.endswith(w, 0, e.start)), e.start)
    end = next((e.end + len(w) for w in _longest_first(approx["after"]) if text.startswith(w, e.end)), e.end)
    return Element(e.kind, text[start:end], start, end)


def _covered(length: int, spans: list[tuple[int, int]]) -> bytearray:
    """1 at every text position inside one of the spans (linear, where pairwise overlap tests are quadratic)."""
    mask = bytearray(length + 1)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _new(found: list[Element], more: list[Element]) -> list[Element]:
    """The elements of `more` that overlap none of `found` (the unit lexicon's reading wins)."""
    if not more:
        return []
    mask = _covered(max(e.end for e in found + more), [(f.start, f.end) for f in found])
    return [e for e in more if not any(mask[e.start:e.end])]


def _tokens(text: str) -> list[Token]:
    out, offset = [], 0
    for word, flag in tagged_tokens(text):
        out.append((word, flag, offset))
        offset += len(word)
    return out


def tagged_quantities(text: str, words: list[Token] | None = None) -> list[Element]:
    """Quantities read from jieba's tags: approximation marker?, numeral tokens, marker?, measure word, marker?.

    The measure word is jieba's `q` or a word of rulesets/measure_words.yaml, also when jieba glues it to
    the number (多吨, 余平方米); Chinese numerals alone before 个 are formulae (两个确保), not counts."""
    if not _NUMERAL.search(text):
        return []
    words = _tokens(text) if words is None else words
    measures, not_measures, approx = _measure_lexicon()
    out: list[Element] = []
    i = 0
    while i < len(words):
        element, i = _quantity_at(text, words, i, measures, not_measures, approx)
        if element is not None:
            out.append(element)
    return out


def _quantity_at(text: str, words: list[Token], i: int, measures: frozenset[str], not_measures: frozenset[str],
                 approx: dict[str, frozenset[str]]) -> tuple[Element | None, int]:
    """The quantity starting at token i (its number) or None, and the index to read on from (past the
    numerals read, so a long run of numerals is read once)."""
    number, j = "", i
    while j < len(words) and _LEADING_NUMBER.fullmatch(words[j][0]):
        number += words[j][0]
        j += 1
    rest = ""
    if j < len(words) and (m := _LEADING_NUMBER.match(words[j][0])) and words[j][1] in ("m", "t", "q"):
        number, rest = number + m.group(0), words[j][0][m.end():]  # jieba's glued "余平方米", "三期"
        j += 1
    if not number or not _NUMERAL.search(number):
        return None, max(j, i + 1)
    after_number = j
    if not rest and j < len(words) and words[j][0] in approx["inside"]:
        j += 1  # 30 | 多 | 人
    if not rest and j < len(words):
        rest, j = words[j][0], j + 1
    if rest not in measures:
        rest = rest.lstrip("".join(approx["inside"]))  # jieba's "多吨", "余平方米"
    is_measure = rest in measures or (pos_tag(rest) == "q" and rest not in not_measures)
    if not is_measure or rest in not_measures or (rest == "个" and not _DIGIT.search(number)):
        return None, max(after_number, i + 1)
    start = words[i][2]
    if i > 0 and words[i - 1][0] in approx["before"]:
        start = words[i - 1][2]
    end = words[j - 1][2] + len(words[j - 1][0])
    if j < len(words) and words[j][0] in approx["after"]:
        end, j = words[j][2] + len(words[j][0]), j + 1
    return Element("quantity", text[start:end], start, end), j


def _horizon_year(text: str, date: DateMention) -> bool:
    """A bare year marked as a horizon by the word before or after it (到2025年, 2025年前)."""
    if date.kind != "date" or date.year is None or date.month is not None or date.day is not None:
        return False
    spec = load_ruleset("goals")["deadline_years"]
    before, after = text[max(0, date.start - 2): date.start], text[date.end: date.end + 2]
    return any(before.endswith(w) for w in spec["before"]) or any(after.startswith(w) for w in spec["after"])


def _governed_years(text: str, horizons: list[DateMention], words: list[Token]) -> list[Element]:
    """The horizon years followed, in their sentence, by a completion verb (完成/建成/实现/达到 …): deadlines."""
    verbs = set(load_ruleset("goals")["deadline_years"]["verbs"])
    verb_starts = [start for w, _, start in words if w in verbs]
    ends = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    out = []
    for d in horizons:
        sentence_end = ends[bisect_left(ends, d.end)]
        k = bisect_left(verb_starts, d.end)
        if k < len(verb_starts) and verb_starts[k] < sentence_end:
            out.append(Element("date", d.text, d.start, d.end))
    return out


@cache
def _works() -> dict:
    spec = load_ruleset("goals")["works"]
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in spec.items() if k != "reason"}


def named_works(words: list[Token]) -> list[Element]:
    """A construction, repair or purchase verb with a concrete object: 建设新围墙, 维修办公楼屋顶, 添置档案柜.

    The object is the run of modifier and noun tokens after the verb; its last noun heads it and must not
    be an abstract outcome or duty (水平, 机制, 队伍 … of rulesets/goals.yaml)."""
    spec, out = _works(), []
    for i, (word, flag, start) in enumerate(words):
        if word not in spec["verbs"] or not flag.startswith("v"):
            continue
        head = None
        for k in range(i + 1, min(len(words), i + 1 + spec["max_tokens"])):
            w, f, _ = words[k]
            if f in spec["noun_tags"] and w not in spec["verbs"]:
                head = k
            elif f not in spec["modifier_tags"]:
                break
        if head is not None and words[head][0] not in spec["abstract_objects"]:
            end = words[head][2] + len(words[head][0])
            out.append(Element("deliverable", "".join(w for w, _, _ in words[i:head + 1]), start, end))
    return out
