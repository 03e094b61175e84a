"""The rule registry: each rule declared once, with code, name, severity, messages, docs, source, examples.

A rule is a small generator function decorated with `@rule(...)`. Per-form rules take a
`Form` and yield `Finding`s; batch rules take every form of a run and yield
`(form, Finding)` pairs. The engine turns findings into diagnostics; the generic test in
tests/test_rule_examples.py runs every rule's examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_SEVERITY_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示"}}
FORM = "form"
BATCH = "batch"


class Batch(list):
    """The forms of one run as the engine hands them to every batch rule, with a memo in which batch rules
    share an analysis (G004 and G005 both need the copy analysis): it lives as long as the run, no longer."""

    def __init__(self, forms: Any = ()) -> None:
        super().__init__(forms)
        self.memo: dict[str, Any] = {}


@dataclass(frozen=True)
class Finding:
    """What a rule reports: the field to fix and the values for its message template."""

    field: str
    args: dict[str, Any] = field(default_factory=dict)

    def __init__(self, field_path: str, **args: Any) -> None:
        object.__setattr__(self, "field", field_path)
        object.__setattr__(self, "args", args)


@dataclass(frozen=True)
class Example:
    """A form (or, for batch rules, a list of forms) as canonical records, and the verdict."""

    form: dict[str, Any] | list[dict[str, Any]]
    fires: bool
    field: str | None = None  # the field the finding must name, when it fires


def fires(form: dict[str, Any] | list[dict[str, Any]], field: str | None = None) -> Example:
    return Example(form, True, field)


def passes(form: dict[str, Any] | list[dict[str, Any]]) -> Example:
    return Example(form, False)


def severity_word(severity: str, lang: str = "zh") -> str:
    """The severity as the reader says it: 错误/警告/提示 in Chinese, the code name in English."""
    return _SEVERITY_WORDS.get(lang, {}).get(severity, severity)


@dataclass(frozen=True)
class Document:
    """A published document a rule rests on: its number (文号, empty when it has none) and title."""

    number: str
    title: str
    title_en: str

    def text(self, lang: str = "zh") -> str:
        if lang == "en" and not self.title.startswith("《"):
            return self.title_en  # not a published title: nothing to look up in Chinese
        if lang == "en":  # the Chinese number and title stay, so the reader can look the document up
            return " ".join(p for p in (self.number, self.title, f"({self.title_en})") if p)
        return f"{self.number}{self.title}"


# The published basis of the rules (the titles as the review report and the Ministry of Finance give them).
REVIEW_2021 = Document("", "《岳阳市2021年市级预算绩效目标审核跟踪评价报告》",
                       "Yueyang's review of the 2021 municipal budget performance targets")
ZHONGFA_2018_34 = Document("中发〔2018〕34号", "《中共中央 国务院关于全面实施预算绩效管理的意见》",
                           "Opinions of the CPC Central Committee and the State Council on fully implementing "
                           "budget performance management")
CAIYU_2011_285 = Document("财预〔2011〕285号", "《财政支出绩效评价管理暂行办法》",
                          "Interim measures for the performance evaluation of fiscal expenditure")
CAIYU_2015_88 = Document("财预〔2015〕88号", "《中央部门预算绩效目标管理办法》",
                         "Measures for the performance targets of central departments' budgets")
CAIYU_2020_10 = Document("财预〔2020〕10号", "《项目支出绩效评价管理办法》",
                         "Measures for the performance evaluation of project expenditure")
CAIYU_2021_101 = Document("财预〔2021〕101号", "《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》",
                          "Guide to setting the core performance targets and indicators of central departments' "
                          "project expenditure and their values (trial)")
# Rules that keep the tool itself honest (unreadable input, stale suppressions, crashes) rest on no law.
JXLINT_RULES = Document("", "jxlint 的检查规范", "jxlint's own checking rules")


@dataclass(frozen=True)
class Citation:
    """One basis of a rule: the document, and what in it the rule applies (the finding, the requirement)."""

    document: Document
    point: str
    point_en: str

    def text(self, lang: str = "zh") -> str:
        point = self.point_en if lang == "en" else self.point
        return f"{self.document.text(lang)}{': ' if lang == 'en' else '：'}{point}"


def cite(document: Document, point: str, point_en: str) -> Citation:
    return Citation(document, point, point_en)


@dataclass(frozen=True)
class Messages:
    """One kind of finding a rule reports, as its message and hint templates in both languages. A finding names
    its kind (`Finding(field, kind="ceiling", ...)`) and passes only data: the words are declared on the rule."""

    message: str
    hint: str
    message_en: str
    hint_en: str


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    message: str
    hint: str
    what: str
    why: str
    message_en: str
    hint_en: str
    what_en: str
    why_en: str
    examples: tuple[Example, ...]
    check: Callable[..., Iterable[Any]] | None
    scope: str = FORM
    source: tuple[Citation, ...] = ()
    # by language, the arguments of a typical finding, for the docs of a rule with no example to run (the engine's own)
    sample: dict[str, dict[str, Any]] = field(default_factory=dict)
    # a rule that reports several kinds of problem declares each kind's messages; its own are the first kind's
    kinds: dict[str, Messages] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return self.code[0]

    def render(self, args: dict[str, Any], lang: str = "zh") -> tuple[str, str]:
        """(message, hint) with the finding's arguments filled in, in the templates of its kind when it names one."""
        texts: Rule | Messages = self.kinds[args["kind"]] if "kind" in args else self
        message, hint = (texts.message_en, texts.hint_en) if lang == "en" else (texts.message, texts.hint)
        shown = {k: _cut(v) if k in _CELL_QUOTES else v for k, v in args.items()}
        return message.format(**shown), hint.format(**shown)

    def described(self, lang: str = "zh") -> tuple[str, str]:
        """(what the rule checks, why), with the numbers it uses filled in from rulesets/thresholds.yaml.

        Docs write a threshold as {B004[tolerance_wan]} (or {G002[copied_share]:.0%}), and a number of
        another rule pack by its name ({indicator_types[types][satisfaction][minimum]}), so the prose shows
        the number the rule applies and cannot drift from it."""
        what, why = (self.what_en, self.why_en) if lang == "en" else (self.what, self.why)
        numbers = _RuleNumbers()
        return what.format_map(numbers), why.format_map(numbers)

    def sources(self, lang: str = "zh") -> list[str]:
        """The rule's published basis, one line per citation, in the reader's language."""
        return [c.text(lang) for c in self.source]


# A quoted cell longer than this is cut (a whole paragraph pasted into a value cell): the message stays readable,
# and the cut quote still begins as the cell does. The arguments that quote a cell as written:
MAX_QUOTE = 60
_CELL_QUOTES = frozenset({"name", "value", "target", "text", "shown"})


def _cut(value: Any) -> Any:
    return value[:MAX_QUOTE - 1] + "…" if isinstance(value, str) and len(value) > MAX_QUOTE else value


class _RuleNumbers(dict):
    """thresholds.yaml's sections by rule code, and any other rule pack by its name, for the docs' placeholders."""

    def __missing__(self, key: str) -> Any:
        from linter.rulesets import load_ruleset

        thresholds = load_ruleset("thresholds")
        return thresholds[key] if key in thresholds else load_ruleset(key)


_RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    severity: str,
    what: str,
    why: str,
    what_en: str,
    why_en: str,
    message: str = "",
    hint: str = "",
    message_en: str = "",
    hint_en: str = "",
    kinds: dict[str, Messages] | None = None,
    examples: Iterable[Example] = (),
    scope: str = FORM,
    source: Iterable[Citation] = (),
) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Iterable[Any]]]:
    """Register the decorated check function as a rule: with its message and hint, or with `kinds`, the messages
    of each kind of problem it reports (the first kind's are then the rule's own, as its docs show them)."""
    if kinds:
        first = next(iter(kinds.values()))
        message, hint, message_en, hint_en = first.message, first.hint, first.message_en, first.hint_en

    def register(check: Callable[..., Iterable[Any]]) -> Callable[..., Iterable[Any]]:
        declare(
            Rule(code, name, severity, message, hint, what, why, message_en, hint_en, what_en, why_en,
                 tuple(examples), check, scope, tuple(source), kinds=dict(kinds or {}))
        )
        return check

    return register


def declare(r: Rule) -> None:
    """Add a rule; also used for rules the engine raises itself (F002, F003)."""
    if r.code in _RULES:
        raise ValueError(f"rule code {r.code} declared twice")
    if r.severity not in SEVERITIES:
        raise ValueError(f"rule {r.code}: unknown severity {r.severity}")
    _RULES[r.code] = r


def lookup(code: str) -> Rule | None:
    """The declared rule with this code (any case), or None."""
    return _RULES.get(code.upper())


def registered() -> list[Rule]:
    """The rules declared so far, in declaration order; `linter.codes` is the table that loads them all."""
    return list(_RULES.values())
