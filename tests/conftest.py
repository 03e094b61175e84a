"""Shared test helpers: build forms from records, run the CLI in-process, fill an Excel template,
install the browser the browser tests drive."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from linter.cli import main
from linter.excel_template import write_template
from linter.model import Location
from linter.readers.records import form_from_record
from linter.readers.structured import source_of_row

# Strict engine for the whole suite (and the jxlint processes tests start): a rule that raises fails the test
# instead of becoming an F006 diagnostic that a loose assertion could pass over.
os.environ["JXLINT_STRICT"] = "1"

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


def install_browser() -> str | None:
    """Install Debian's chromium, chromium-driver and CJK fonts (the browser tests); None on success, else why not."""
    if os.name != "posix" or os.geteuid() != 0:
        return "not running as root, so apt-get cannot install it"
    if not shutil.which("apt-get"):
        return "no apt-get on this machine"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver", "fonts-noto-cjk"]
    try:
        if subprocess.run(cmd, env=env, capture_output=True, timeout=1200).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, capture_output=True, timeout=600)
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=1200)
            if done.returncode != 0:
                return f"`{' '.join(cmd)}` failed: {done.stderr.strip().splitlines()[-1:]}"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"apt-get failed: {exc}"
    return None


# format names the Chinese messages use; any other run of 4+ ASCII letters in one is a parser's English
FORMAT_NAMES = {"YAML", "JSON", "Excel", "xlsx"}


def parser_words(zh: str) -> set[str]:
    """The English words (4+ letters, format names aside) in a Chinese message."""
    return set(re.findall(r"[A-Za-z]{4,}", zh)) - FORMAT_NAMES


def form_sheet(wb):
    return wb[next(n for n in wb.sheetnames if "绩效目标" in n)]


def fill_template(path, record: dict, layout: str) -> None:
    """Write a blank template, then type a canonical record into it as a user would."""
    cells = write_template(str(path), record["type"], layout)
    wb = load_workbook(path)
    ws = form_sheet(wb)

    def put(address, value):
        ws[address] = value
        if isinstance(value, str) and value.startswith("="):
            ws[address].data_type = "s"  # text, not a formula (Excel: a leading apostrophe)

    for key in ("id", "budget_year", "project", "department", "unit", "attribute", "basis", "long_term_goal", "annual_goal"):
        if record.get(key) is not None and key in cells:
            put(cells[key], record[key])
    if "period" in record:
        put(cells["period"], f"{record['period']['start']}至{record['period']['end']}")
    for group in ("funds", "staff"):
        for key, value in (record.get(group) or {}).items():
            put(cells[f"{group}.{key}"], value)
    columns = {"一级指标": "level1", "二级指标": "level2", "三级指标": "name", "年度指标值": "value", "度量单位": "unit"}
    for i, indicator in enumerate(record.get("indicators", [])):
        for c, header in enumerate(cells["indicator_columns"], start=1):
            key = columns.get(header)
            if key and indicator.get(key) is not None:
                put(ws.cell(cells["indicators"] + i, c).coordinate, indicator[key])
    for key, names in (("schedule", ("period", "content", "amount")), ("spending_plan", ("period", "content", "amount")),
                       ("tasks", ("name", "content", "budget"))):
        for i, item in enumerate(record.get(key, [])):
            for c, name in enumerate(names, start=1):
                if name in item:
                    put(ws.cell(cells[key] + i, c).coordinate, item[name])
    wb.save(path)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A real `jxlint serve` process on a free port (uploads limited to 2 MB); yields its base URL."""
    import time
    import urllib.request

    port = free_port()
    cwd = tmp_path_factory.mktemp("serve")
    log = open(cwd / "serve.log", "wb")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jxlint"), "serve", "--isolated", "--port", str(port),
                             "--max-upload-mb", "2"], cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url + "/api/config", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"jxlint serve did not start: {(cwd / 'serve.log').read_text()}") from None
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()
    assert "Traceback" not in (cwd / "serve.log").read_text()
