"""Text pipeline: normalisation, clause splitting, segmentation with the budget terms, lazy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from linter.nlp.pipeline import (BUDGET_TERMS, COMPACT_DICT, clauses, normalize_text, setup_segmenter, spacy_nlp,
                                 tokens)
from linter.readers import read_input
from tests.conftest import ROOT, SEED

NORMALIZE = [
    # full width to half width
    ("ＡＢＣ１２３，完成９５％", "ABC123,完成95%"),
    # traditional to simplified
    ("一府兩院 財政撥款", "一府两院财政拨款"),
    ("「三公」經費逐年遞減", "「三公」经费逐年递减"),
    # list numbering, at line starts and after a space
    ("1.加强管理\n2.提升水平", "加强管理\n提升水平"),
    ("１．加强管理 ２．提升水平", "加强管理\n提升水平"),
    ("（一）抓难点，促突破", "抓难点,促突破"),
    ("①完成培训②召开会议", "完成培训\n召开会议"),
    ("目标1：完成审计\n目标2：开展培训", "完成审计\n开展培训"),
    ("第一，加强学习；第二，提升能力", "加强学习;提升能力"),
    # numbers that look like numbering stay
    ("增长2.5%，完成1,600人次", "增长2.5%,完成1,600人次"),
    # whitespace: runs are line breaks, a stray space beside Chinese goes, Latin words keep theirs
    ("任务3：依法行政  严格执行法定收费", "依法行政\n严格执行法定收费"),
    ("公示信息归集、共 享", "公示信息归集、共享"),
    ("完成 1600 人", "完成1600人"),
    ("使用 Python 开发", "使用 Python 开发"),
    ("  保障运转 \t\n\n", "保障运转"),
    ("", ""),
    (" \u3000\n ", ""),
]

CLAUSES = [
    ("加强管理。提升水平；保障运转", ["加强管理", "提升水平", "保障运转"]),
    ("抓难点，促突破", ["抓难点", "促突破"]),
    ("抓难点、促突破、求实效", ["抓难点", "促突破", "求实效"]),
    ("加强教育、卫生、文化建设", ["加强教育、卫生、文化建设"]),
    ("2021年三、四季度完成验收", ["2021年三、四季度完成验收"]),
    ("1、完成培训；2、召开会议", ["完成培训", "召开会议"]),
    ("（一）完成培训\n（二）召开会议", ["完成培训", "召开会议"]),
    ("①完成培训②召开会议", ["完成培训", "召开会议"]),
    ("第一，加强学习；第二，提升能力", ["加强学习", "提升能力"]),
    ("1.加强管理 2.提升水平", ["加强管理", "提升水平"]),
    ("培训1,600人次,合格率95%", ["培训1,600人次", "合格率95%"]),
    ("确保完成！为什么？", ["确保完成", "为什么"]),
    ("。；，、\n", []),
    ("", []),
]


def seed_goals() -> list[str]:
    forms = [f for path in sorted(SEED.glob("*.jsonl")) for f in read_input(str(path), 2**30).forms]
    return [normalize_text(t) for f in forms for t in (f.long_term_goal, f.annual_goal) if t]


def budget_terms() -> list[str]:
    return [line.split(" ")[0] for line in BUDGET_TERMS.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize(("text", "expected"), NORMALIZE)
def test_normalize_text(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(("text", "expected"), CLAUSES)
def test_clauses(text, expected):
    assert clauses(text) == expected


def test_clauses_of_normalised_text_match_the_raw_text():
    text = "（一）抓难点，促突破；（二）抓申报，促建设"
    assert clauses(normalize_text(text)) == clauses(text) == ["抓难点", "促突破", "抓申报", "促建设"]


@pytest.mark.parametrize("term", budget_terms())
def test_budget_term_is_one_token(term):
    assert tokens(term) == [term]


@pytest.mark.parametrize(("text", "term"), [
    ("部门支出合理,严格控制三公经费支出", "三公经费"),
    ("全面推行一件事一次办改革", "一件事一次办"),
    ("督促一府两院依法行政", "一府两院"),
    ("完成年度非税收入征收任务", "非税收入"),
])
def test_budget_term_is_one_token_in_a_sentence(text, term):
    assert term in tokens(text)


def test_tokens_drop_whitespace_and_keep_punctuation():
    assert tokens("保障运转,\n控制 三公经费。") == ["保障", "运转", ",", "控制", "三公经费", "。"]


@pytest.mark.parametrize("text", ["", " \n ", "无", "/", "同上", "详见附件", "Ｘ" * 10, "全面提升" * 2500])
def test_bad_input_never_fails(text):
    words = tokens(normalize_text(text))
    assert "".join(words) == normalize_text(text).replace(" ", "").replace("\n", "")
    clauses(text)


def test_spacy_pipeline_is_tokens_on_every_seed_goal():
    goals = seed_goals()
    docs = spacy_nlp().pipe(goals)
    assert [[t.text for t in doc if not t.is_space] for doc in docs] == [tokens(t) for t in goals]


def test_prefix_dict_cache_is_written_once_and_read_back(tmp_path):
    import jieba

    first, second = jieba.Tokenizer(), jieba.Tokenizer()
    setup_segmenter(first, COMPACT_DICT, tmp_path)
    cached = list(tmp_path.glob("jieba-*.cache"))
    assert len(cached) == 1
    setup_segmenter(second, COMPACT_DICT, tmp_path)
    assert list(tmp_path.glob("jieba-*")) == cached  # no leftover temporary file
    assert second.FREQ == first.FREQ and second.total == first.total


def test_unwritable_cache_dir_only_costs_time(tmp_path):
    import jieba

    tokenizer = jieba.Tokenizer()
    setup_segmenter(tokenizer, COMPACT_DICT, tmp_path / "missing")
    assert tokenizer.lcut("控制三公经费") == ["控制", "三公经费"]


def test_importing_the_pipeline_loads_nothing_heavy():
    code = ("import sys, linter.nlp.pipeline; "
            "print(sorted(m for m in ('jieba', 'spacy', 'opencc') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"
