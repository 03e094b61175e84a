"""The result cache (linter/cache.py): same output cold, warm and with --no-cache; bad entries are misses."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from linter.cache import ResultCache
from linter.config import Settings
from linter.engine import lint_paths
from tests.conftest import ROOT, SEED

EXAMPLES = ROOT / "corpora" / "examples"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("JXLINT_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pkl"))


@pytest.mark.parametrize("corpus", [SEED, EXAMPLES], ids=["seed", "examples"])
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_output_is_the_same_cold_warm_and_uncached(jxlint, cache_dir, corpus, fmt):
    uncached = jxlint("check", str(corpus), "--format", fmt, "--no-cache")
    assert not cache_dir.exists()  # --no-cache writes nothing
    cold = jxlint("check", str(corpus), "--format", fmt)
    stored = entries(cache_dir)
    assert stored
    warm = jxlint("check", str(corpus), "--format", fmt)
    assert uncached == cold == warm
    assert entries(cache_dir) == stored  # a warm run adds nothing


def test_warm_run_uses_the_cache(cache_dir):
    settings = Settings(budget_year=2021)
    cold_cache = ResultCache(cache_dir, settings)
    cold = lint_paths([str(SEED)], settings, cache=cold_cache)
    assert cold_cache.hits == 0 and cold_cache.misses == len(cold.forms)
    # one entry file per input file that still holds forms after side tables are linked
    assert cold_cache.writes == len({f.path for f in cold.forms}) == len(entries(cache_dir))
    warm_cache = ResultCache(cache_dir, settings)
    warm = lint_paths([str(SEED)], settings, cache=warm_cache)
    assert warm_cache.hits == len(warm.forms) and warm_cache.writes == 0
    assert warm.diagnostics == cold.diagnostics == lint_paths([str(SEED)], settings).diagnostics


def test_parallel_jobs_with_cache(jxlint, cache_dir):
    plain = jxlint("check", str(SEED), "--format", "json", "--no-cache")
    assert jxlint("check", str(SEED), "--format", "json", "-j", "2") == plain
    assert jxlint("check", str(SEED), "--format", "json", "-j", "2") == plain


def test_settings_and_content_are_part_of_the_key(jxlint, cache_dir, tmp_path):
    forms = tmp_path / "forms"
    shutil.copytree(EXAMPLES, forms)
    for args in (["--isolated"], ["--isolated", "--budget-year", "2019"], ["--isolated", "--lang", "en"],
                 ["--isolated", "--select", "G"], ["--isolated", "--severity", "G002=info"]):
        assert jxlint("check", str(forms), *args, "--format", "json") == \
            jxlint("check", str(forms), *args, "--format", "json", "--no-cache")
    target = forms / "project_good_2021.yaml"
    before = jxlint("check", str(target), "--format", "json")
    target.write_text(EXAMPLES.joinpath("project_bad_slogan.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(target, (1, 1))  # an old modification time does not fool a content-hash cache
    after = jxlint("check", str(target), "--format", "json")
    assert after == jxlint("check", str(target), "--format", "json", "--no-cache")
    assert after != before


def test_corrupt_entries_are_misses(jxlint, cache_dir):
    clean = jxlint("check", str(EXAMPLES), "--format", "json", "--no-cache")
    jxlint("check", str(EXAMPLES), "--format", "json")
    stored = entries(cache_dir)
    garbage = [b"", b"\x80\x04not a pickle", b"cos\nsystem\n(S'echo pwned'\ntR.", os.urandom(200)]
    for i, path in enumerate(stored):
        path.write_bytes(garbage[i % len(garbage)])
    assert jxlint("check", str(EXAMPLES), "--format", "json") == clean
    assert jxlint("check", str(EXAMPLES), "--format", "json") == clean  # rewritten, good again


def test_unwritable_cache_is_skipped(jxlint, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("JXLINT_CACHE_DIR", str(blocker / "cache"))
    assert jxlint("check", str(EXAMPLES), "--format", "json") == \
        jxlint("check", str(EXAMPLES), "--format", "json", "--no-cache")


def test_concurrent_runs_share_a_cache(cache_dir):
    settings = Settings(budget_year=2021)
    expected = lint_paths([str(SEED)], settings).diagnostics
    results: list = []

    def run():
        results.append(lint_paths([str(SEED)], settings, cache=ResultCache(cache_dir, settings)).diagnostics)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 3
    assert not list(cache_dir.rglob(".tmp-*"))


def test_prune_keeps_the_cache_bounded(cache_dir):
    settings = Settings(budget_year=2021)
    cache = ResultCache(cache_dir, settings)
    lint_paths([str(EXAMPLES)], settings, cache=cache)
    assert len(entries(cache_dir)) == 8
    assert cache.prune(max_entries=5) == 4 and len(entries(cache_dir)) == 4
    assert cache.prune(max_bytes=1) == 4 and not entries(cache_dir)


def test_a_changed_side_table_invalidates_the_forms_it_is_linked_to(jxlint, cache_dir, tmp_path):
    seed = tmp_path / "seed"
    shutil.copytree(SEED, seed)
    before = jxlint("check", str(seed), "--format", "json")
    funding = seed / "project_funding.jsonl"
    lines = funding.read_text(encoding="utf-8").splitlines()
    changed = [line.replace('"this_year_wan": ', '"this_year_wan": 9', 1) for line in lines]
    assert changed != lines
    funding.write_text("\n".join(changed) + "\n", encoding="utf-8")
    warm = jxlint("check", str(seed), "--format", "json")
    assert warm == jxlint("check", str(seed), "--format", "json", "--no-cache")
    assert warm != before


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_form_whose_rule_crashed_is_not_cached(cache_dir, monkeypatch, capfd, jobs):
    import dataclasses

    from linter import codes, registry

    def broken(form):
        raise RuntimeError("boom")

    codes.all_rules()
    monkeypatch.delenv("JXLINT_STRICT")
    monkeypatch.setitem(registry._RULES, "G006", dataclasses.replace(registry._RULES["G006"], check=broken))
    settings = Settings(budget_year=2021)
    for _ in range(2):  # the second run must not take the crashed forms from the cache
        cache = ResultCache(cache_dir, settings)
        report = lint_paths([str(EXAMPLES)], settings, jobs=jobs, cache=cache)
        assert cache.hits == 0 and cache.misses == len(report.forms) == 8
        assert capfd.readouterr().err.count("internal error in rule G006") == 8
        assert sum(d.code == "F006" and "G006" in d.message for d in report.diagnostics) == 8
