"""A goal message describes what is in the cell: G003 never says "no quantity" of a goal that holds one."""

from __future__ import annotations

import re

import pytest

from linter.analysis.goals import vague_kind
from linter.nlp.elements import blank_incidental, concrete_elements, tagged_quantities
from linter.nlp.pipeline import tagged_tokens
from linter.readers import read_input
from tests.conftest import ROOT, make_form

NO_QUANTITY = "没有数量和单位"


CORPORA = [ROOT / "corpora" / "seed" / "project_goals.jsonl", ROOT / "corpora" / "seed" / "department_goals.jsonl",
           *sorted((ROOT / "corpora" / "examples").glob("*.yaml")), *sorted((ROOT / "corpora").glob("public_forms*.jsonl"))]


def corpus_goals() -> list[str]:
    """Every goal text of the form files under corpora/ (seed goal tables, examples, published forms)."""
    goals = [text for path in CORPORA for form in read_input(str(path), 2 ** 30).forms for _, text in form.goals()]
    return [g for g in dict.fromkeys(goals) if g.strip()]


def _numeral_then_measure(goal: str) -> bool:
    words = tagged_tokens(blank_incidental(goal))
    return any(a[1] == "m" and re.search(r"\d", a[0]) and b[1] == "q" for a, b in zip(words, words[1:]))


def test_every_goal_where_jieba_tags_a_number_and_a_measure_word_holds_a_quantity_and_no_message_denies_it():
    from linter.config import Settings
    from linter.engine import lint_forms

    checked = [g for g in corpus_goals() if _numeral_then_measure(g)]
    assert len(checked) >= 10, "the tagger or the corpora went missing"
    forms = []
    for i, goal in enumerate(checked):
        assert any(e.kind == "quantity" for e in concrete_elements(goal)), goal
        forms.append(make_form({"id": f"T{i}", "type": "project", "unit": f"单位{i}", "project": "某项目",
                                "long_term_goal": goal, "annual_goal": goal}))
    for d in lint_forms(forms, Settings(select=("G001", "G003")))[0]:
        assert NO_QUANTITY not in d.message, d.message


@pytest.mark.parametrize("goal,quantity", [
    ("清运渣土8000立方", "8000立方"), ("改造背街小巷约2万余平方米", "约2万余平方米"),
    ("收运垃圾3000多吨", "3000多吨"), ("办理信访案件30宗", "30宗"), ("保证12位退休人员待遇按时发放", "12位"),
    ("新增灭火器120具", "120具"), ("每周2次以上巡查", "2次以上"), ("服务群众约30人左右", "约30人左右"),
])
def test_numbers_with_approximation_markers_and_measure_words_are_quantities(goal, quantity):
    assert quantity in [e.text for e in concrete_elements(goal) if e.kind == "quantity"]
    on_goal = [d for d in _diagnostics(goal) if d.field == "annual_goal"]
    assert all(NO_QUANTITY not in d.message for d in on_goal)
    assert "G001" not in [d.code for d in on_goal]


@pytest.mark.parametrize("goal,kind,text", [
    ("到2025年，全县完成污水管网改造", "date", "2025年"),
    ("建设新围墙", "deliverable", "建设新围墙"),
    ("维修办公楼屋顶", "deliverable", "维修办公楼屋顶"),
    ("添置档案柜", "deliverable", "添置档案柜"),
])
def test_deadline_years_and_named_works_are_elements(goal, kind, text):
    assert (kind, text) in [(e.kind, e.text) for e in concrete_elements(goal)]


@pytest.mark.parametrize("goal", ["2021年保障单位正常运转", "2021年开展各项工作", "建设美丽乡村", "加强队伍建设",
                                  "全面提升城市管理水平", "增强四个意识，坚定四个自信"])
def test_bare_years_abstract_objects_and_formulae_are_not_elements(goal):
    assert concrete_elements(goal) == ()


def _diagnostics(goal: str):
    from linter.config import Settings
    from linter.engine import lint_forms

    form = make_form({"type": "project", "unit": "某局", "project": "某项目", "long_term_goal": "全面提升城市管理水平",
                      "annual_goal": goal})
    return lint_forms([form], Settings())[0]


@pytest.mark.parametrize("text", ["2021年完成", "一是加强管理", "到2025年，全县完成污水管网改造", "满足合同要求", "两个确保"])
def test_years_list_markers_and_plain_words_are_not_quantities(text):
    assert tagged_quantities(text) == []


@pytest.mark.parametrize("text", ["一", "一" * 10000, "1" * 10000, "abc 123 def", "平方米", "3000", "完成了 km 2.5"])
def test_odd_goals_get_a_verdict_that_matches_the_text(text):
    code, quoted = vague_kind(text)
    assert code in ("G001", "G003")
    assert all(q in text for q in quoted)  # the message quotes only what is there
    for d in _diagnostics(text):
        if d.code == "G003" and NO_QUANTITY in d.message:
            assert not any(e.kind == "quantity" for e in concrete_elements(text))


@pytest.mark.parametrize("goal,quoted", [
    ("保障我院日常办公业务需要，充分发挥部门职能，进一步提高办公效率。", None),  # 进一步 is no number to its author
    ("坚持统一领导，推进区域一体化发展，打造一流服务。", None),
    ("严格控制三公经费支出，保障单位日常运转。", "三公经费"),  # a formula with a count is quoted as the incidental number
    ("促进经济发展，GDP增长8%", "8%"),  # a number the elements did not read is quoted, never called absent
    ("1：加强政治理论学习，加强单位内部管理\n2：扎实抓好活动中心的开馆工作", None),  # list indexes are no numbers
])
def test_g003_quotes_as_incidental_only_what_reads_as_a_number(goal, quoted):
    from linter.config import Settings
    from linter.engine import lint_forms

    form = make_form({"type": "project", "unit": "某局", "project": "某项目", "annual_goal": goal})
    messages = [d.message for d in lint_forms([form], Settings(select=("G003",)))[0]]
    assert messages, goal
    if quoted is None:
        assert "只是附带的" not in messages[0] and "没有数量和单位" in messages[0], messages[0]
    else:
        assert f"“{quoted}”只是附带的" in messages[0]


def test_a_quoted_deliverable_stays_inside_one_clause_and_reaches_its_noun():
    text = "1.圆满完成接待任务\n2.保障接待处系统中心工作，编制市档案馆发展的中长期规划、制定馆藏资料征集办法"
    quoted = [e.text for e in concrete_elements(text) if e.kind == "deliverable"]
    assert quoted and not [q for q in quoted if re.search(r"[\n，、]", q)]
    assert "编制市档案馆发展的中长期规划" in quoted and "制定馆藏资料征集办法" in quoted  # not 编制市档案馆


def test_a_deliverable_is_quoted_to_the_end_of_its_noun_phrase():
    """Over every goal of the corpora: a verb + deliverable-noun quote ends where a jieba word ends, and the word after
    it does not carry its noun phrase on (制定了中心业务……培训计划, never 制定了中心)."""
    checked = 0
    for goal in corpus_goals():
        clean = blank_incidental(goal)
        ends, nominal_starts, offset = set(), set(), 0
        for word, flag in tagged_tokens(clean):
            if flag.startswith(("n", "vn", "an", "j")):
                nominal_starts.add(offset)
            offset += len(word)
            ends.add(offset)
        for e in concrete_elements(goal):
            if e.kind == "deliverable" and not e.text.startswith("《") and e.end < len(clean) \
                    and re.match(r"[\u4e00-\u9fff]", clean[e.end]):
                checked += 1
                assert e.end in ends and e.end not in nominal_starts, (goal, e.text)
    assert checked >= 50, "the corpora went missing"
    (e,) = [e for e in concrete_elements("年初制定了中心业务卫生应急机动队队员培训计划,对中心业务人员开展应急培训")
            if e.kind == "deliverable"]
    assert e.text == "制定了中心业务卫生应急机动队队员培训计划"
