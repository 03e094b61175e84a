"""What a 三级 indicator name says, read as words: its effect, its delivered thing, its head, its bareness.

The name is cleaned of template residue (指标1:, ★, (≥**%)), segmented with jieba.posseg and split at
punctuation into clauses; the roles of the words (change verbs, states of people, environment or economy,
work verbs, generic heads, scope words) are data in rulesets/indicator_text.yaml. The I rules ask:
- effect(): the part of the name that states a change in others ("改善空气质量", "知晓率"), or None;
- delivery(): the part that states a delivered thing ("打造…品牌赛事", "清算8个…"), or None;
- abstract(): why the name has no countable or checkable head, or None;
- bare_benefit(): why a 效益 name is a bare phrase, or None;
- task_terms(): the content words of a goal clause or an indicator, canonical synonyms, for I013;
- is_rate_name(): whether the name is a rate or a share (…率, …占比, …满意度), so its target is a percentage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from linter.nlp.normalize import nfkc
from linter.nlp.pipeline import clauses, normalize_text, tagged_tokens
from linter.nlp.synonyms import canonical
from linter.rulesets import load_ruleset

_RATE_NAME = re.compile(r"(率|比例|比率|占比|满意度|知晓度|达标度|覆盖面)$")


def is_rate_name(name: str) -> bool:
    """The name ends in a rate or share word: its target is a percentage."""
    return bool(_RATE_NAME.search(nfkc(name).strip()))


_CLAUSE_BREAK = re.compile(r"[,，、;；。:：!！?？\s]+")
_CONTENT = re.compile(r"[A-Za-z\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
_NOUN_FLAGS = ("n", "vn", "eng", "nz", "nr", "ns", "nt", "ng", "j", "l")


@dataclass(frozen=True)
class Reading:
    text: str  # the name without template residue
    clauses: tuple[tuple[tuple[str, str], ...], ...]  # (word, POS) per clause, punctuation dropped
    starts: tuple[tuple[int, ...], ...]  # where each of those words starts in text

    @property
    def words(self) -> list[tuple[str, str]]:
        return [w for c in self.clauses for w in c]

    def span(self, clause: int, first: int, last: int) -> str:
        """Words first..last of a clause as written in the name, punctuation between them included."""
        return self.text[self.starts[clause][first]:self.starts[clause][last] + len(self.clauses[clause][last][0])]


@cache
def lexicon() -> dict:
    return load_ruleset("indicator_text")


@cache
def _residue() -> list[re.Pattern[str]]:
    return [re.compile(p) for p in lexicon()["residue"]["patterns"]]


def clean_name(name: str) -> str:
    """The name as the author meant it: NFKC, without template residue and bracketed unit remarks."""
    text = nfkc(name or "").strip()
    for pattern in _residue():
        text = pattern.sub("", text).strip()
    return text


@lru_cache(maxsize=8192)
def read(name: str) -> Reading:
    """The cleaned name, its clauses as tagged words and where each word starts."""
    text = clean_name(name)
    if len(text) > lexicon()["limits"]["name_chars"]:
        return Reading(text, (), ())  # not a name but a pasted text: nothing is read into it
    pieces: list[tuple[tuple[str, str], ...]] = []
    starts: list[tuple[int, ...]] = []
    words: list[tuple[str, str]] = []
    at: list[int] = []
    pos = 0
    for w, f in tagged_tokens(text) + [("。", "x")]:
        if _CLAUSE_BREAK.fullmatch(w) and words:
            pieces.append(tuple(words))
            starts.append(tuple(at))
            words, at = [], []
        elif _CONTENT.search(w) or _DIGIT.search(w):
            words.append((w, f))
            at.append(pos)
        pos += len(w)
    return Reading(text, tuple(pieces), tuple(starts))


def _is_noun(flag: str) -> bool:
    return flag.startswith(_NOUN_FLAGS)


def _is_unknown(word: str, flag: str) -> bool:
    """A Chinese word the dictionary lacks (tag x): mostly a name or a term (送戏, 进万村)."""
    return flag == "x" and bool(_CONTENT.search(word))


def _state(word: str, kinds: tuple[str, ...] = ("people", "environment", "economy")) -> bool:
    states = lexicon()["effect"]["states"]
    return any(s in word for kind in kinds for s in states[kind])


def _standalone(word: str) -> bool:
    return any(s in word for s in lexicon()["effect"]["standalone"])


def effect(r: Reading) -> str | None:
    """The words that state a change in others: a change verb with a state of people, environment or economy."""
    spec = lexicon()["effect"]
    for c, clause in enumerate(r.clauses):
        words = [w for w, _ in clause]
        for i, w in enumerate(words):
            if _standalone(w):
                return w
            if w in spec["change_verbs"]:
                after = [j for j in range(i + 1, len(words)) if _state(words[j])]
                if after:
                    end = after[0]
                    while end + 1 < len(clause) and _is_noun(clause[end + 1][1]):
                        end += 1  # the whole noun phrase: 改善空气质量, not 改善空气
                    return r.span(c, i, end)
                before = [j for j in range(i) if _state(words[j])]
                if before:
                    return r.span(c, before[0], i)
    return None


def states_effect(r: Reading) -> bool:
    """Whether a 效益 name says what changes for others at all (a change or care verb, an effect head, a state)."""
    spec = lexicon()["effect"]
    verbs = set(spec["change_verbs"]) | set(spec["care_verbs"])
    return any(w in verbs or _standalone(w) or w in spec["heads"] or _state(w, ("people", "environment", "economy", "condition"))
               for w, _ in r.words)


def ends_in_effect(r: Reading) -> bool:
    """Whether the name's head is an effect (…的影响程度, …效果)."""
    return bool(r.words) and r.words[-1][0] in lexicon()["effect"]["heads"]


def delivery(r: Reading) -> str | None:
    """The words that state a delivered thing: a work verb with its object, or a number with a measure word."""
    spec = lexicon()["delivery"]
    for op in spec["operation"]:
        if op in r.text:
            return op
    abstract = lexicon()["abstract"]
    suffixes = tuple(abstract["checkable_suffixes"])
    not_objects = set(abstract["situation_heads"]) | set(abstract["work_heads"]) | set(abstract["principle_heads"])
    for c, clause in enumerate(r.clauses):
        words = [w for w, _ in clause]
        if any(a in words[-1] for a in spec["not_things"]):
            continue  # 改造管网设计使用年限: the verb only qualifies a measure of the thing's life or effect
        for i, (w, _) in enumerate(clause):
            if w not in spec["verbs"]:
                continue
            objects = [j for j in range(i + 1, len(clause))
                       if (_is_noun(clause[j][1]) or _is_unknown(*clause[j]) or _DIGIT.search(clause[j][0]))
                       and clause[j][0] not in not_objects]
            if objects:
                return r.span(c, i, len(clause) - 1)  # the verb and its object, to the end of the clause
            rest = words[i + 1:]
            before = [j for j in range(i) if _is_noun(clause[j][1])]
            if before and all(x in suffixes for x in rest):
                return r.span(c, before[0], i)
    return None


def abstract(r: Reading, is_cost: bool) -> tuple[str, str] | None:
    """(kind, words) when the name has no countable or checkable head.

    Kinds: nothing, number, time, principle, situation, work, money, category, no_head.
    """
    spec = lexicon()["abstract"]
    words = r.words
    if not r.text.strip():
        return None  # empty, or template residue only: F001 and I020 say so
    if not _CONTENT.search(r.text):
        return "nothing", r.text
    if not words:
        return None
    if all(_is_time(w, f) for w, f in words):
        # numbers and measure words alone (3万元, 5座) are a quantity; a time needs a time word (年底, 3月, 全年)
        return ("time" if any(f == "t" or w in spec["time_words"] for w, f in words) else "number"), r.text
    if words[0][0] in spec["principle_openers"] and any(r.text.endswith(h) for h in spec["principle_heads"]):
        return "principle", r.text
    head, before = words[-1][0], words[:-1]
    generic = all(f.startswith("v") and f != "vn" or w in spec["generic_modifiers"] for w, f in before)
    if head in spec["situation_heads"] and generic:  # 道路通行能力提升情况 names what is observed; 项目实施情况 does not
        return "situation", head
    if head in spec["work_heads"] and generic:
        return "work", r.text
    if head.endswith(tuple(spec["money_heads"])) and head not in spec["not_money"] and not is_cost and not _has_change(words) \
            and not _DIGIT.search(r.text) and not delivery(r):
        return "money", r.text[r.text.rfind(before[-1][0]):] if before and _is_noun(before[-1][1]) else head
    # under 成本 a verb before the category word names what the cost is of (维护成本, 购置成本): only 成本 alone is bare
    if r.text.removesuffix("指标") in spec["category_heads"] or head in spec["category_heads"] and generic \
            and not (is_cost and before):
        return "category", r.text
    if not any(_is_noun(f) or _is_unknown(w, f) for w, f in words) and not head.endswith(tuple(spec["checkable_suffixes"])):
        return "no_head", r.text  # 加强管理, 按时完成: an action or a judgement, no thing to count
    return None


def _is_time(word: str, flag: str) -> bool:
    return flag in ("m", "t", "q") or word in lexicon()["abstract"]["time_words"] or not _CONTENT.search(word)


def _has_change(words: list[tuple[str, str]]) -> bool:
    return any(w in lexicon()["effect"]["change_verbs"] for w, _ in words)


def scope_words(r: Reading) -> list[str]:
    """The nouns of a name that only say where or in which field (全市, 社会, 民生), in order (发展, a scope word of
    the rule but a verbal noun, names no place or field)."""
    scope = set(lexicon()["bare_benefit"]["scope_words"])
    return list(dict.fromkeys(w for w, f in r.words if w in scope and f.startswith("n")))


def bare_benefit(r: Reading) -> tuple[bool, bool] | None:
    """(only a category name, has a change verb) when a 效益 name is a bare phrase: short, no number, no object."""
    spec = lexicon()["bare_benefit"]
    if not r.words:
        return None
    if r.text.removesuffix("指标") in lexicon()["abstract"]["category_heads"]:
        return True, False
    if len(r.text) > spec["max_chars"] or _DIGIT.search(r.text) or any(_standalone(w) for w, _ in r.words):
        return None
    not_objects = set(spec["scope_words"]) | set(lexicon()["abstract"]["category_heads"]) | set(lexicon()["effect"]["heads"])
    if any(_is_noun(f) and w not in not_objects for w, f in r.words):
        return None  # it names an object
    return False, _has_change(r.words)


Terms = tuple[tuple[str, ...], ...]  # runs of consecutive content words, each word in its canonical synonym
_FUNCTION_FLAGS = ("u", "p", "c", "d", "r", "m", "q", "x", "y", "e", "o", "b", "w")


def task_terms(text: str) -> Terms:
    """Content words of a goal clause or an indicator name, as runs of neighbours; stop and management words break runs."""
    spec = lexicon()["goal_match"]
    skip = set(spec["stop_words"]) | set(spec["management_words"])
    runs: list[tuple[str, ...]] = []
    run: list[str] = []
    for w, f in tagged_tokens(normalize_text(clean_name(text))):
        word = canonical(w)
        if f.startswith(_FUNCTION_FLAGS) and not _is_unknown(w, f) or not _CONTENT.search(w) or w in skip or word in skip:
            runs, run = (runs + [tuple(run)] if run else runs), []
        else:
            run.append(word)
    return tuple(runs + [tuple(run)] if run else runs)


# A form's own label left in the goal cell: (总体目标), 【年初设定目标】, 年度绩效目标： — a header, not a task.
_GOAL_HEADER = re.compile(r"^\s*(?:[（(【\[][^）)】\]]{0,8}目标\s*[）)】\]]|[^，,。；;：:\s]{0,8}目标\s*[：:])\s*")


def goal_tasks(goal: str) -> list[tuple[str, Terms]]:
    """(clause, terms) of each clause of a goal that has content words, without a header label and without
    clauses that only frame the others (围绕…的要求); none for a goal too long to be one."""
    if len(goal) > lexicon()["limits"]["goal_chars"]:
        return []
    out = []
    for clause in clauses(normalize_text(goal)):
        clause = _GOAL_HEADER.sub("", clause)
        terms = task_terms(clause)
        if terms and not _only_framing(clause):
            out.append((clause, terms))
    return out


def _only_framing(clause: str) -> bool:
    """A clause that only names what the work follows (围绕国家…的要求, 根据市委部署), not a task of its own."""
    spec = lexicon()["goal_match"]
    text = clause.strip()
    return text.startswith(tuple(spec["framing_leads"])) and text.endswith(tuple(spec["framing_ends"]))


def terms_meet(a: Terms, b: Terms) -> bool:
    """Whether two texts share a content word (synonyms merged) or, as a fallback, a character n-gram of a run."""
    words_a = {w for run in a for w in run if len(w) > 1}
    if words_a & {w for run in b for w in run if len(w) > 1}:
        return True
    n = lexicon()["goal_match"]["ngram"]
    return bool(_grams(a, n) & _grams(b, n))


def _grams(terms: Terms, n: int) -> set[str]:
    joined = ["".join(run) for run in terms]
    return {t[k:k + n] for t in joined for k in range(len(t) - n + 1)}
