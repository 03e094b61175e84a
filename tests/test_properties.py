"""Property tests (Hypothesis): generated forms, values and file bytes through every reader and the engine.

What must hold for any input: no exception escapes (the suite's strict engine turns a rule crash into a
failure), every input form is accounted for — linted, or an F002 naming it — and checking takes bounded time.
"""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.config import Settings
from linter.engine import lint_forms, lint_paths
from linter.readers import FORM_EXTENSIONS, read_input
from linter.readers.structured import read_json

# Text a clerk pastes: form words, digits and units, full-width and traditional forms, punctuation that the
# parsers treat specially, and the odd code points of copied text (controls, surrogates, line separators).
WORDS = ["完成", "培训", "人次", "万元", "%", "≥", "≤", "不低于", "2021年", "12月底前", "一", "零", "十", "百分之",
         "提高", "水平", "全面", "推进", "工作", "群众满意度", "（", "）", "；", "。", "\n", "１２", "萬", "\u2028",
         "\x85", "\x00", "\x1b[31m", "\ud800", "😀", "e400", "-", ".", "NaN", "1e400", "万", "9" * 30]
text = st.lists(st.sampled_from(WORDS) | st.text(max_size=5), max_size=30).map("".join)
number = st.one_of(st.none(), st.integers(-10**30, 10**30), st.floats(allow_nan=True, allow_infinity=True), text)
indicator = st.fixed_dictionaries({
    "level1": st.sampled_from(["产出指标", "效益指标", "满意度指标", "", "成本指标"]) | text,
    "level2": st.sampled_from(["数量指标", "质量指标", "时效指标", "成本指标", "社会效益指标", ""]) | text,
    "name": text, "value": text | number,
}, optional={"unit": text})
record = st.fixed_dictionaries({
    "type": st.sampled_from(["project", "department"]), "unit": text, "project": text,
}, optional={
    "long_term_goal": text, "annual_goal": text, "basis": text, "budget_year": number,
    "funds": st.fixed_dictionaries({}, optional={"total": number, "fiscal": number, "other": number}),
    "staff": st.fixed_dictionaries({}, optional={"authorized": number, "actual": number}),
    "indicators": st.lists(indicator, max_size=6),
    "schedule": st.lists(st.fixed_dictionaries({"period": text, "content": text}, optional={"amount": number}),
                         max_size=3),
})
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@FAST
@given(st.lists(record, min_size=1, max_size=4))
def test_any_records_become_forms_or_problems_and_lint(records):
    # through the JSON reader, as a file would come: each record is a form or a located problem
    result = read_json(json.dumps(records, allow_nan=True), "forms.json")
    assert len(result.forms) + len(result.problems) >= len(records)
    assert all(p.message.zh and p.message.en for p in result.problems)
    start = time.perf_counter()
    diagnostics, keys, _ = lint_forms(result.forms, Settings())
    assert len(keys) == len(diagnostics)
    assert {d.form_id for d in diagnostics if d.form_id} <= {f.form_id for f in result.forms}
    assert time.perf_counter() - start < 10


def _accounted(report, lines: int) -> None:
    """Every line is a linted form or an F002 naming that line (a file-level F002 may stand for all of them)."""
    f002 = [d for d in report.diagnostics if d.code == "F002"]
    file_level = [d for d in f002 if d.location is None or d.location.line is None]
    assert file_level or len(report.forms) + len({d.location.line for d in f002}) >= lines


@FAST
@given(st.lists(record | st.text(max_size=40), min_size=1, max_size=5))
def test_every_jsonl_line_is_linted_or_reported(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "forms.jsonl"
    body = [json.dumps(r, ensure_ascii=False, allow_nan=True) if isinstance(r, dict) else r.replace("\n", " ")
            for r in lines]
    body = [b for b in body if b.strip()]
    path.write_text("\n".join(body) + "\n", encoding="utf-8", errors="surrogatepass")  # a surrogate: bad UTF-8
    report = lint_paths([str(path)], Settings())
    if body:
        _accounted(report, len(body))
    else:
        assert [d.code for d in report.diagnostics] == ["F002"]


@FAST
@given(st.binary(max_size=400), st.sampled_from(sorted(FORM_EXTENSIONS)))
def test_any_bytes_in_any_reader_give_forms_or_a_problem(tmp_path_factory, data, extension):
    path = tmp_path_factory.mktemp("bytes") / f"input{extension}"
    path.write_bytes(data)
    start = time.perf_counter()
    result = read_input(str(path), 2**20)
    assert result.forms or result.problems, "a file is linted or reported, never dropped"
    assert all(p.message.zh and p.message.en for p in result.problems)
    if result.forms:
        lint_forms(result.forms, Settings())
    assert time.perf_counter() - start < 10


@FAST
@given(st.lists(st.lists(text, min_size=1, max_size=8), min_size=1, max_size=5), st.sampled_from([",", "\t"]))
def test_any_table_text_is_read_or_reported(tmp_path_factory, rows, delimiter):
    extension = ".csv" if delimiter == "," else ".tsv"
    path = tmp_path_factory.mktemp("table") / f"t{extension}"
    header = delimiter.join(["id", "unit", "project", "long_term_goal", "annual_goal"])
    path.write_text("\n".join([header] + [delimiter.join(r) for r in rows]) + "\n", encoding="utf-8",
                    errors="surrogatepass")
    report = lint_paths([str(path)], Settings())
    assert report.forms or any(d.code == "F002" for d in report.diagnostics)
