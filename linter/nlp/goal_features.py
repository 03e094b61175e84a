"""Features of a goal text for the vague-goal classifier, shared by training and serving.

Three parts: the text the character n-grams are taken from, the jieba words of the text
(linter.nlp.pipeline), and dense features from the rule pipeline and a few regexes (concrete
elements, slogan patterns, length, and the checkable forms of corpora/labels/RUBRIC.md that the
element finder does not cover). Training (models/train_goal_classifier.py) and serving
(linter/nlp/goal_classifier.py) both call these functions, so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re

from linter.nlp.elements import blank_incidental, concrete_elements
from linter.nlp.normalize import nfkc, strip_numbering
from linter.nlp.slogans import KINDS, slogan_hits

# The dense features in blocks of one meaning each; the model card reports what each block adds.
DENSE_BLOCKS = {
    "elements": ("quantities", "rates", "dates", "frequencies", "deliverables", "has_element", "log_elements"),
    "slogans": tuple(f"slogan_{k}" for k in KINDS),
    "structure": ("log_length", "clauses", "short", "work_share"),
    "checkable_forms": ("zero_targets", "percents", "counted", "checkable"),
}
DENSE_NAMES = tuple(name for block in DENSE_BLOCKS.values() for name in block)
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")  # folded to 0 in both the n-gram and the word text
# A zero-incident target (rubric: a checkable level): 零事故, 不发生/杜绝…案件, 事故率为0.
_ZERO = re.compile(r"零(?:事故|发生|投诉|伤亡|差错|失误|死亡|案件)"
                   r"|(?:无|不发生|杜绝|未发生|不出现)[^，。；,;\n]{0,14}?(?:事故|案件|纠纷|事件|疫情)"
                   r"|(?:发生率|事故率)(?:为|是|控制在)?\s*0(?![.\d])")
# A rate word with a value, also without “%” (网络运行正常率98); a bare 完成率 has no object.
_RATE_VALUE = re.compile(r"(?<!完成)(?:率|比例|比重|占比)[^，。；,;\n\d]{0,6}?\d+(?:\.\d+)?\s*%?")
_PERCENT = re.compile(r"(?<!\d)\d+(?:\.\d+)?\s*%")  # starts where a number starts: linear on long digit runs
# A number with a counting word (90641卷, 30多人, 三次); unlike quantities it leaves out spans (三年) and 一支.
# The look-behind starts a match only where a numeral starts: without it a long run of numerals with no
# counting word after it is retried from every position (quadratic: 4 s on 一 × 10,000).
_COUNTED = re.compile(r"(?<![一二两三四五六七八九十百千万\d])[一二两三四五六七八九十百千万\d]+(?:\.\d+)?多?"
                      r"(?:个|项|次|人|名|家|所|座|条|处|台|套|件|卷|场|期|批|类|户|亩|公里|米|吨|万元|元|人次|篇|本|册|份|天|小时|分钟)")
# A clause opened by a work verb (完成综合办公平台升级, 改造橡胶跑道) whose object is not an abstract outcome or duty.
_WORK_LEAD = re.compile(r"^(?:(?:任务|目标)\s*\d*\s*[.、:：]?\s*)?(?:高质量|高标准|顺利|圆满|成功|按时|按期|全面|如期|\s)*"
                        r"(?:完成|建成|建设|新建|改建|扩建|改造|维修|整修|修缮|购置|采购|举办|举行|承办|召开|建立|制作|编制"
                        r"|出台|制定|修订|印发|安装|更换|铺设|创建|开通|上线|验收)")
_ABSTRACT = re.compile(r"水平|能力|氛围|体系|机制|质量|效率|形象|意识|作风|效能|实效|作用|秩序|职责|职能|各项|各类|上级|有关|相关"
                       r"|任务$|目标$|要求")


def ngram_text(text: str) -> str:
    """The text character n-grams are read from: half-width, no list numbering, digits folded to 0."""
    text = strip_numbering(nfkc(text))
    return _SPACE.sub(" ", _NUMBER.sub("0", text)).strip()


def word_text(text: str) -> str:
    """The text jieba segments for the word part of the classifier: normalised, digits folded to 0."""
    from linter.nlp.pipeline import normalize_text

    return normalize_text(_NUMBER.sub("0", text))


def word_tokens(text: str) -> list[str]:
    """jieba words of word_text(text), for the word part of the classifier."""
    return words_of(word_text(text))


def words_of(segmented: str) -> list[str]:
    """jieba words (linter.nlp.pipeline) of a word_text() result, blanks dropped."""
    from linter.nlp.pipeline import tokens

    return [t for t in tokens(segmented) if t.strip()]


def dense_features(text: str) -> list[float]:
    """The DENSE_NAMES values of one goal text, block by block."""
    from linter.nlp.pipeline import clauses

    clean = nfkc(text)
    elements = concrete_elements(text)
    kinds = [e.kind for e in elements]
    hits = slogan_hits(text)
    pieces = [c for c in clauses(clean) if len(c) >= 2]  # the one clause splitter (list markers removed)
    work = [c for c in pieces if _WORK_LEAD.match(c) and not _ABSTRACT.search(c)]
    values = {
        "quantities": kinds.count("quantity"), "rates": kinds.count("rate"), "dates": kinds.count("date"),
        "frequencies": kinds.count("frequency"), "deliverables": kinds.count("deliverable"),
        "has_element": bool(elements), "log_elements": math.log1p(len(elements)),
        **{f"slogan_{k}": len(hits.get(k, [])) for k in KINDS},
        "log_length": math.log1p(len(text.strip())), "clauses": len(pieces), "short": len(clean.strip()) < 25,
        "work_share": len(work) / max(len(pieces), 1),
        "zero_targets": len(_ZERO.findall(clean)), "percents": len(_PERCENT.findall(clean)),
        "counted": len(_COUNTED.findall(blank_incidental(text))),
        "checkable": bool(elements or _ZERO.search(clean) or _RATE_VALUE.search(clean)),
    }
    return [float(values[name]) for name in DENSE_NAMES]
