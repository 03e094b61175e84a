"""A national batch (README "Scaling"): the banded candidate index stays bounded, G004 names the units of
a large group right, the streamed JSON/SARIF are the same documents, --engine dask gives the bytes of
--jobs 1, and what a run holds per form stays small (slotted objects; the batch analysis freed early)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.config import Settings
from linter.baseline import Baseline
from linter.diagnostics import DiagnosticStore, Report
from linter.engine import lint_forms, lint_paths
from linter.formatters import json_format, json_lines, sarif
from linter.similarity import Bands, Params, _FamilyIndex, banding, find_copies, signatures
from tests.conftest import ROOT, SEED, make_form

PARAMS = Params.from_ruleset()
EXAMPLES = ROOT / "corpora" / "examples"


def test_a_crowded_band_bucket_proposes_no_candidates():
    """300 texts built around one shared phrase: every band bucket the phrase fills holds more than max_bucket
    texts and proposes nothing, so no text gets more than bands × max_bucket candidates."""
    params = dataclasses.replace(PARAMS, max_bucket=5)
    sigs = signatures(["保证各项工作顺利开展" * 3] * 300, params)
    bands = Bands(sigs, *banding(params), max_bucket=params.max_bucket)
    assert all(bands.later(k) == [] for k in range(300))
    loose = dataclasses.replace(PARAMS, max_bucket=1000)
    open_bands = Bands(sigs, *banding(loose), max_bucket=loose.max_bucket)
    assert open_bands.later(0) == list(range(1, 300))  # without the cap the same bucket proposes all


def test_find_copies_with_the_cap_keeps_a_pair_outside_the_crowd():
    """A real copy pair among 100 texts sharing a stock clause is still found: it agrees on other bands."""
    stock = "严格控制三公经费支出"
    texts = [f"{stock}，完成第{k}号泵站改造工程并新增排涝能力{k * 7}立方米" for k in range(100)]
    texts += ["全年完成河道清淤四十二公里，新建护岸六处，汛前完成全部堤防隐患排查",
              "全年完成河道清淤四十二公里；新建护岸六处，汛前完成全部堤防隐患排查。"]
    result = find_copies(texts, dataclasses.replace(PARAMS, direct_limit=0, max_bucket=5))
    assert result.family[100] == result.family[101]


def _records(n_units: int) -> list[dict]:
    return [{"id": f"P{k:02d}", "type": "project", "unit": f"岳阳市第{k + 1}中学", "project": "安保",
             "annual_goal": "保证校园内全体师生的安全，保障校园内财产安全，维护稳定发展。"} for k in range(n_units)]


def test_g004_names_five_other_units_and_counts_the_group():
    forms = [make_form(r, default_id=r["id"]) for r in _records(12)]
    diagnostics, _, _ = lint_forms(forms, Settings(select=("G004",), budget_year=2021))
    assert [d.form_id for d in diagnostics] == [f.form_id for f in forms]
    for d, form in zip(diagnostics, forms):
        others = [f for f in forms if f is not form][:5]
        assert all(f"{f.unit}（{f.form_id}）" in d.message for f in others)
        assert f"{form.unit}（" not in d.message
        assert d.message.endswith("等 11 个单位）")


def _seed_report() -> Report:
    return lint_paths([str(SEED)], Settings(budget_year=2021))


def test_streamed_json_and_sarif_are_the_documents_json_dumps_makes():
    report = _seed_report()
    assert report.diagnostics
    payload = {"version": json_format.VERSION, "summary": report.summary(),
               "diagnostics": [d.to_json() for d in report.diagnostics]}
    assert json_format.render(report) == json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    assert sarif.render(report) == json.dumps(sarif.sarif(report), ensure_ascii=False, indent=2) + "\n"
    assert json_lines.render(report).count("\n") == len(report.diagnostics)
    empty = Report()
    assert json_format.render(empty) == json.dumps({"version": 1, "summary": empty.summary(), "diagnostics": []},
                                                   ensure_ascii=False, indent=2) + "\n"
    assert json.loads(sarif.render(empty))["runs"][0]["results"] == []


def test_diagnostics_kept_compressed_give_the_same_reports_and_baseline(monkeypatch, tmp_path):
    """A run whose diagnostics are kept pickled and compressed in blocks (several blocks here, and a part-filled
    last one) writes the same bytes in every streamed format, counts the same, and a baseline hides the same."""
    monkeypatch.setattr(DiagnosticStore, "BLOCK", 37)
    listed, stored = _seed_report(), lint_paths([str(SEED)], Settings(budget_year=2021), compact=True)
    assert isinstance(stored.diagnostics, DiagnosticStore) and len(stored.diagnostics) > 3 * 37
    for formatter in (json_format, sarif, json_lines):
        assert formatter.render(stored) == formatter.render(listed)
    assert list(stored.keys) == listed.keys and stored.fails("warning") == listed.fails("warning")
    known = Baseline.from_keys(listed.keys[::2] + [("no-such-form", "G001", "annual_goal")])
    hidden = [lint_paths([str(SEED)], Settings(budget_year=2021), known, compact=c) for c in (False, True)]
    assert [list(r.diagnostics) for r in hidden] == [list(listed.diagnostics)[1::2]] * 2
    assert all(r.baselined == (len(listed.keys) + 1) // 2 for r in hidden)
    assert all(r.stale_baseline == {("no-such-form", "G001", "annual_goal"): 1} for r in hidden)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> list[str]:
    """Three JSONL files of varied synthetic forms and one unreadable file (an F002, never a lost form)."""
    sys.path.insert(0, str(ROOT))
    from bench.varied_goals import varied_records

    folder = tmp_path_factory.mktemp("batch")
    records = varied_records(90)
    paths = []
    for k in range(3):
        path = folder / f"part{k}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[k::3]), encoding="utf-8")
        paths.append(str(path))
    broken = folder / "broken.json"
    broken.write_text('{"id": "X1", "type": "project", ', encoding="utf-8")
    return [*paths, str(broken)]


def _check(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "linter", "check", "--isolated", "--no-cache", "--budget-year", "2021",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_dask_engine_output_is_byte_identical_to_jobs_1(batch):
    """A 2-worker LocalCluster, through the command line, on the seed, the examples and a multi-file batch."""
    inputs = [str(SEED), str(EXAMPLES), *batch]
    local = _check(["--format", "json", "--jobs", "1", *inputs])
    dask = _check(["--format", "json", "--engine", "dask", "--jobs", "2", *inputs])
    assert local.returncode == dask.returncode == 1, dask.stderr
    assert dask.stdout == local.stdout
    summary = json.loads(local.stdout)["summary"]
    assert summary["forms"] > 90 and summary["unreadable"] == 1 and summary["by_code"]["F002"] >= 1


def test_an_unreachable_scheduler_is_exit_2_naming_it():
    out = _check(["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--lang", "en", str(EXAMPLES)])
    assert out.returncode == 2
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in out.stderr and "Traceback" not in out.stderr


def test_scheduler_without_the_dask_engine_is_a_usage_error():
    out = _check(["--scheduler", "tcp://127.0.0.1:9", str(EXAMPLES)])
    assert out.returncode == 2 and "--scheduler needs --engine dask" in out.stderr


# --- memory: what a national batch holds per form ------------------------------------------------------------

def test_the_many_small_objects_carry_no_instance_dict():
    """Millions of Locations, Forms and Diagnostics are alive at once in a national batch: each is slotted."""
    from linter.diagnostics import Diagnostic
    from linter.model import Form, Indicator, Location

    location = Location("a.jsonl", line=3, pointer="annual_goal")
    diagnostic = Diagnostic("G001", "n", "error", "a.jsonl", "P1", "annual_goal", location, "m", "h")
    for obj in (location, make_form({"id": "P1", "unit": "某局"}), Indicator("产出指标", "数量指标", "x", "1"), diagnostic):
        assert not hasattr(obj, "__dict__"), type(obj).__name__
    assert location.to_json() == {"line": 3, "pointer": "annual_goal"}
    assert isinstance(Form.__slots__, tuple)


def test_the_batch_analysis_is_released_before_the_per_form_rules_run(monkeypatch):
    """Copy detection's indexes are the largest thing a run holds: the batch rules run first, and their Batch (with
    its memo of the copy analysis) is gone before any per-form rule runs, so the two never add up."""
    import gc
    import weakref

    from linter import codes, engine, registry

    batches: list[weakref.ref] = []

    class Watched(registry.Batch):
        def __init__(self, forms=()):
            super().__init__(forms)
            batches.append(weakref.ref(self))

    seen_by_form_rules = []  # (had the batch rules run, was their Batch still alive) at each per-form rule call
    g006 = codes.get_rule("G006")

    def watching(form):
        gc.collect()
        seen_by_form_rules.append((bool(batches), any(ref() is not None for ref in batches)))
        return g006.check(form)

    monkeypatch.setattr(engine, "Batch", Watched)
    monkeypatch.setitem(registry._RULES, "G006", dataclasses.replace(g006, check=watching))
    forms = [make_form({"id": f"P{k}", "type": "project", "unit": f"单位{k}", "project": "安保",
                        "annual_goal": "保证校园内全体师生的安全，保障校园内财产安全，维护稳定发展。"}) for k in range(3)]
    diagnostics, _, _ = lint_forms(forms, Settings())
    assert seen_by_form_rules == [(True, False)] * 3
    assert any(d.code == "G004" for d in diagnostics)  # the batch findings still reach their forms


def test_a_big_batch_is_cut_into_chunks_of_bounded_size():
    """What is in flight to a worker is bounded by the chunk, whatever the batch's size."""
    from linter.chunks import CHUNKS_PER_WORKER, MAX_CHUNK_FORMS, Chunks

    forms = [None] * (MAX_CHUNK_FORMS * 2 * CHUNKS_PER_WORKER * 2 + 7)  # twice the forms that 2 workers' chunks hold
    big = Chunks(forms, [], workers=2, on_form=None)
    assert big.size == MAX_CHUNK_FORMS and len(big.starts) == 2 * 2 * CHUNKS_PER_WORKER + 1
    small = Chunks(forms[:80], [], workers=2, on_form=None)
    assert small.size == 80 // (2 * CHUNKS_PER_WORKER) and len(small.starts) == 2 * CHUNKS_PER_WORKER


# The band indexes against their definition: two texts share a bucket of a band when their signatures agree on
# every value of that band. Small value ranges make collisions (and crowded buckets) common.
_SIGNATURES = st.integers(1, 40).flatmap(lambda n: st.lists(
    st.lists(st.integers(0, 3), min_size=6, max_size=6), min_size=n, max_size=n))


def _share_band(a: list[int], b: list[int], rows: int) -> list[int]:
    return [k for k in range(len(a) // rows) if a[k * rows:(k + 1) * rows] == b[k * rows:(k + 1) * rows]]


@settings(max_examples=200, deadline=None)
@given(_SIGNATURES, st.sampled_from([1, 2, 3]), st.integers(2, 6))
def test_bands_later_is_every_later_text_in_a_small_enough_shared_bucket(rows_of_values, rows, cap):
    sigs = np.array(rows_of_values, dtype=np.uint32)
    bands = Bands(sigs, len(sigs[0]) // rows, rows, max_bucket=cap)
    for f, a in enumerate(rows_of_values):
        expected = sorted({m for k in range(len(a) // rows)
                           for members in [[j for j, b in enumerate(rows_of_values) if k in _share_band(a, b, rows)]]
                           if 1 < len(members) <= cap for m in members if m > f})
        assert bands.later(f) == expected


@settings(max_examples=200, deadline=None)
@given(_SIGNATURES, st.sampled_from([1, 2, 3]), st.data())
def test_family_index_query_is_every_inserted_family_sharing_a_bucket(rows_of_values, rows, data):
    sigs = np.array(rows_of_values, dtype=np.uint32)
    index = _FamilyIndex(sigs, len(sigs[0]) // rows, rows)
    inserted: list[int] = []
    for row, a in enumerate(rows_of_values):
        expected = {fam for fam, r in enumerate(inserted) if _share_band(a, rows_of_values[r], rows)}
        assert set(index.query(row)) == expected
        if data.draw(st.booleans()):
            index.insert(len(inserted), row)
            inserted.append(row)


def test_each_diagnostic_names_its_kind_of_problem_in_json_and_sarif():
    """A rule that reports several kinds of problem names the kind (JSON `kind`, SARIF `properties.kind`), so that a
    CI job can filter by it; a rule with one message has none."""
    from linter.codes import get_rule

    report = lint_paths([str(SEED), str(EXAMPLES)], Settings(budget_year=2021))
    kinds = {d.kind for d in report.diagnostics}
    assert len(kinds) > 3
    for d in report.diagnostics:
        declared = get_rule(d.code).kinds or {}
        assert (d.kind in declared) if declared else d.kind is None, (d.code, d.kind)
    results = json.loads(sarif.render(report))["runs"][0]["results"]
    assert [r["properties"].get("kind") for r in results] == [d.kind for d in report.diagnostics]
    assert [json.loads(line)["kind"] for line in json_lines.render(report).splitlines()] == [d.kind for d in report.diagnostics]
