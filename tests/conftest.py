"""Shared test helpers: build forms from records, run the CLI in-process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.model import Location
from linter.readers.records import form_from_record
from linter.readers.structured import source_of_row

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"


def make_form(record: dict[str, Any], path: str = "<example>", default_id: str = "example"):
    """A form from a record, its source judged from its columns as the JSONL reader does."""
    return form_from_record(record, path=path, default_id=default_id, locate=lambda p: Location(path),
                            source=source_of_row(record))


@pytest.fixture
def jxlint():
    """Run `jxlint ARGS...` in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, stdin: bytes | None = None):
        result = runner.invoke(main, list(args), input=stdin, catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


def run_json(jxlint, *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = jxlint("check", "--format", "json", "--isolated", *args)
    return code, json.loads(out)


@pytest.fixture(autouse=True, scope="session")
def _result_cache_in_a_temporary_folder(tmp_path_factory):
    """`jxlint check` caches per-form results (linter/cache.py): keep the tests' entries out of the checkout."""
    import os

    old = os.environ.get("JXLINT_CACHE_DIR")
    os.environ["JXLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("jxlint-cache"))
    yield
    if old is None:
        os.environ.pop("JXLINT_CACHE_DIR", None)
    else:
        os.environ["JXLINT_CACHE_DIR"] = old
