"""`jxlint serve` survives any upload: each lint runs in a worker process under --lint-timeout and
--lint-memory-mb. An upload over a bound gets a JSON error naming its files, the page, the API and
other uploads answer meanwhile, the next upload is linted as before, nothing uploaded is left in the
temporary folder, and SIGTERM stops the server at once even while a worker is busy. Real
`jxlint serve` processes on free ports, started together so that their warm-ups overlap."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from linter.config import Settings
from linter.triage import Rubric
from linter.web import service
from linter.web.app import create_app
from tests.conftest import ROOT, free_port

EXAMPLE = ROOT / "corpora" / "examples" / "project_bad_indicators.yaml"
GOALS = ROOT / "corpora" / "seed" / "project_goals.jsonl"  # 345 goal rows: seconds of batch rules, not much memory
# 9^9 strings from 300 bytes: the YAML reader expands it without end today; a reader that refuses it is fine too
BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"] + [
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]) + \
    "\nid: X\ntype: project\nannual_goal: *i\n"


@dataclasses.dataclass
class Server:
    proc: subprocess.Popen
    url: str
    tmp: Path  # the server's TMPDIR
    log: Path


def start(folder: Path, *options: str) -> Server:
    tmp = folder / "tmp"
    tmp.mkdir()
    port = free_port()
    log = folder / "serve.log"
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jxlint"), "serve", "--isolated", "--port", str(port),
                             *options], cwd=folder, env={**os.environ, "TMPDIR": str(tmp)},
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    return Server(proc, f"http://127.0.0.1:{port}", tmp, log)


def wait_until_linting(server: Server) -> None:
    """Until the server answers an upload (it has warmed up), or fail with its log."""
    deadline = time.monotonic() + 90
    while True:
        try:
            if post(server, [EXAMPLE]).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.proc.poll() is not None or time.monotonic() > deadline:
            server.proc.kill()
            raise RuntimeError(f"jxlint serve did not start: {server.log.read_text()}")
        time.sleep(0.2)


def post(server: Server, paths: list[Path], names: list[str] | None = None) -> httpx.Response:
    files = [("file", (name, path.read_bytes())) for path, name in zip(paths, names or [p.name for p in paths])]
    return httpx.post(server.url + "/api/lint", files=files, timeout=60)


def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["message"] == body["error"]["message_zh"] and body["error"]["message_en"]
    return body["error"]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    specs = {"default": (), "quick": ("--lint-timeout", "1"), "lean": ("--lint-memory-mb", "30")}
    started = {name: start(tmp_path_factory.mktemp(name), *options) for name, options in specs.items()}
    for server in started.values():
        wait_until_linting(server)
    yield started
    for server in started.values():
        if server.proc.poll() is None:
            server.proc.kill()
        server.proc.wait()
        assert "Traceback" not in server.log.read_text(), server.log.read_text()


@pytest.fixture(scope="module")
def expected() -> dict:
    """What the service answers for EXAMPLE in this process, as before there were workers."""
    upload = service.Upload(EXAMPLE.name, EXAMPLE.read_bytes())
    return json.loads(json.dumps(service.lint_uploads([upload], Settings(), Rubric.load(None), 20 * 2**20)))


def test_a_normal_upload_answers_what_the_service_answers_in_process(servers, expected):
    answer = post(servers["default"], [EXAMPLE])
    assert answer.status_code == 200
    assert answer.json() == expected
    assert list(servers["default"].tmp.iterdir()) == []


def test_over_its_time_an_upload_gets_a_json_error_and_the_next_upload_is_linted(servers, expected):
    quick = servers["quick"]
    began = time.monotonic()
    answer = post(quick, [GOALS] * 3, ["目标甲.jsonl", "目标乙.jsonl", "目标丙.jsonl"])
    assert time.monotonic() - began < 6
    assert answer.status_code == 422
    error = error_of(answer)
    assert error["code"] == "lint_timeout" and error["files"] == ["目标甲.jsonl", "目标乙.jsonl", "目标丙.jsonl"]
    assert "目标甲.jsonl、目标乙.jsonl、目标丙.jsonl" in error["message_zh"] and "超过 1 秒" in error["message_zh"]
    assert "目标甲.jsonl, 目标乙.jsonl, 目标丙.jsonl" in error["message_en"] and "longer than 1 s" in error["message_en"]
    assert post(quick, [EXAMPLE]).json() == expected
    assert list(quick.tmp.iterdir()) == []  # the killed worker's copy of the uploads is gone


def test_over_its_memory_an_upload_gets_a_json_error_and_the_next_upload_is_linted(servers, expected):
    lean = servers["lean"]
    names = [f"goals-{i}.jsonl" for i in range(1, 51)]  # 17,250 rows: well over 30 MB once read
    answer = post(lean, [GOALS] * 50, names)
    assert answer.status_code == 422
    error = error_of(answer)
    assert error["code"] == "lint_memory" and error["files"] == names
    assert "goals-1.jsonl、goals-2.jsonl、goals-3.jsonl 等 50 个文件" in error["message_zh"]
    assert "30 MB" in error["message_zh"] and "30 MB" in error["message_en"]
    assert "goals-1.jsonl, goals-2.jsonl, goals-3.jsonl and 47 more" in error["message_en"]
    assert post(lean, [EXAMPLE]).json() == expected
    assert list(lean.tmp.iterdir()) == []


def test_a_yaml_alias_bomb_is_answered_within_the_bound_and_the_server_goes_on(servers, expected, tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BOMB)
    began = time.monotonic()
    answer = post(servers["quick"], [bomb])
    assert time.monotonic() - began < 6
    assert answer.status_code == 422
    assert error_of(answer)["code"] in {"lint_timeout", "lint_memory", "unreadable"}  # stopped, or refused by the reader
    assert post(servers["quick"], [EXAMPLE]).json() == expected


def long_lint(server: Server) -> tuple[threading.Thread, list[httpx.Response]]:
    """An upload of 3,450 goal rows that keeps a worker busy for many seconds, posted in a thread."""
    answers: list[httpx.Response] = []
    names = [f"g{i}.jsonl" for i in range(10)]
    thread = threading.Thread(target=lambda: answers.append(post(server, [GOALS] * 10, names)))
    thread.start()
    time.sleep(0.3)
    return thread, answers


def stop(server: Server, sig: int, thread: threading.Thread, answers: list[httpx.Response]) -> None:
    """`sig` ends the server within 3 s although a worker is busy; the busy upload gets a 503."""
    assert thread.is_alive()
    began = time.monotonic()
    server.proc.send_signal(sig)
    server.proc.wait(timeout=10)
    assert time.monotonic() - began < 3
    thread.join(timeout=5)
    assert answers and answers[0].status_code == 503 and error_of(answers[0])["code"] == "shutting_down"
    assert "g0.jsonl" in error_of(answers[0])["message_zh"]
    assert list(server.tmp.iterdir()) == []


def test_while_a_long_lint_runs_everything_else_answers_and_sigterm_stops_the_server(servers, expected):
    server = servers["default"]  # 60 s, 2048 MB: the long lint is not stopped by a bound here
    thread, answers = long_lint(server)
    for route in ("/", "/static/app.js", "/api/config", "/api/rules", "/api/rules/I002"):
        began = time.monotonic()
        assert httpx.get(server.url + route, timeout=5).status_code == 200, route
        assert time.monotonic() - began < 2, route
    began = time.monotonic()
    assert post(server, [EXAMPLE]).json() == expected  # a second worker
    assert time.monotonic() - began < 5
    stop(server, signal.SIGTERM, thread, answers)


def test_a_rule_crash_in_the_worker_is_reported_as_in_the_server_process(monkeypatch, capfd, expected):
    from linter import codes, registry

    def broken(form):
        raise RuntimeError("boom")

    codes.all_rules()
    monkeypatch.delenv("JXLINT_STRICT")  # as users run it: the crash becomes an F006 on the form
    monkeypatch.setitem(registry._RULES, "I002", dataclasses.replace(registry._RULES["I002"], check=broken))
    app = create_app(Settings(), hosts=["127.0.0.1"], warm_up=False)  # its workers fork from this patched process
    answer = TestClient(app, base_url="http://127.0.0.1").post(
        "/api/lint", files=[("file", (EXAMPLE.name, EXAMPLE.read_bytes()))])
    assert answer.status_code == 200
    codes = [d["code"] for d in answer.json()["diagnostics"]]
    assert "I002" not in codes and "F006" in codes
    assert [c for c in codes if c != "F006"] == [d["code"] for d in expected["diagnostics"] if d["code"] != "I002"]
    assert f"internal error in rule I002 on {expected['diagnostics'][0]['form_id']}: RuntimeError: boom" in \
        capfd.readouterr().err
    app.state.workers.close()


def test_ctrl_c_stops_the_server_while_a_worker_is_busy(servers):
    server = servers["quick"]  # its 1 s bound would answer 422, not the 503 of stopping
    stop(server, signal.SIGINT, *long_lint(server))
    assert server.proc.returncode == 0
