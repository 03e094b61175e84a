"""`jxlint serve`: every HTTP endpoint, in-process (FastAPI's TestClient) and against a real server
for what needs sockets (a 200 MB upload, two uploads at once). The answer of POST /api/lint must
be what `jxlint check --format json` and `jxlint triage --format json` say about the same file."""

from __future__ import annotations

import http.client
import io
import json
import re
import socket
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from linter.config import Settings
from linter.codes import all_rules
from linter.web import service
from linter.web.app import create_app
from tests.conftest import ROOT, fill_template, free_port

EXAMPLES = ROOT / "corpora" / "examples"
BAD = EXAMPLES / "project_bad_indicators.yaml"
SLOGAN = EXAMPLES / "project_bad_slogan.yaml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def client(max_upload_mb: float = 20.0) -> TestClient:
    app = create_app(Settings(), max_upload_mb, hosts=["127.0.0.1"], warm_up=False)
    return TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)


@pytest.fixture(scope="module")
def api() -> TestClient:
    return client()


def upload(*paths: Path, name: str | None = None) -> list[tuple[str, tuple[str, bytes]]]:
    return [("file", (name or p.name, p.read_bytes())) for p in paths]


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["message"] and body["error"]["message_en"] and body["error"]["message_zh"]
    return body["error"]


def test_page_is_small_local_and_locked_down(api):
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert "/static/app.js" in assets and "/static/app.css" in assets
    weight = len(page.content)
    for asset in ("/static/app.js", "/static/app.css"):
        response = api.get(asset)
        assert response.status_code == 200
        weight += len(response.content)
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", response.text, re.I), asset  # nothing external
    assert all(a.startswith(("/", "data:")) for a in assets), assets
    assert weight <= 200 * 1024, f"page weight {weight} bytes"


def test_config_tells_the_limits(api):
    cfg = api.get("/api/config").json()
    assert cfg["max_upload_bytes"] == 20 * 2**20
    assert ".xlsx" in cfg["accepted"] and ".xls" not in cfg["accepted"]
    assert [g["grade"] for g in cfg["grades"]][0] == "优秀"


def test_rules_list_and_docs(api):
    rules = api.get("/api/rules").json()
    assert [r["code"] for r in rules] == [r.code for r in all_rules()]
    doc = api.get("/api/rules/g001").json()
    assert doc["code"] == "G001" and "检查内容" in doc["doc"] and "抓难点" in doc["doc"]
    assert "What it does" in api.get("/api/rules/G001?lang=en").json()["doc"]
    missing = api.get("/api/rules/Z999")
    assert missing.status_code == 404 and "Z999" in error_of(missing)["message"]


@pytest.mark.parametrize("form_type", ["project", "department"])
def test_template_downloads_a_workbook_jxlint_reads(api, form_type, tmp_path):
    response = api.get(f"/api/template?type={form_type}&layout=2015")
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    assert "filename*=UTF-8''" in response.headers["content-disposition"]
    path = tmp_path / "blank.xlsx"
    path.write_bytes(response.content)
    assert any("绩效目标" in name for name in load_workbook(path).sheetnames)
    assert api.get("/api/template?type=other").status_code == 400


def cli_json(jxlint, *args: str) -> dict:
    _, out, _ = jxlint(*args, "--format", "json", "--isolated", "--no-cache")
    return json.loads(out)


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_lint_answers_what_check_and_triage_say(api, jxlint, example):
    path = EXAMPLES / example
    answer = api.post("/api/lint", files=upload(path))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    check = cli_json(jxlint, "check", str(path))
    strip = [{**d, "path": Path(d["path"]).name} for d in check["diagnostics"]]
    assert body["diagnostics"] == strip
    assert body["summary"] == check["summary"]
    triage = cli_json(jxlint, "triage", str(path))["forms"]
    assert [(f["score"], f["grade"], f["counts"]) for f in body["forms"]] == \
           [(f["score"], f["grade"], f["counts"]) for f in triage]
    assert body["files"] == [{"name": example, "forms": 1, "annotatable": False}]


def test_findings_are_grouped_by_field_in_form_order_with_marks_inside_the_text(api):
    body = api.post("/api/lint", files=upload(BAD, SLOGAN)).json()
    seen = []
    for form in body["forms"]:
        lines = []
        for group in form["fields"]:
            for f in group["findings"]:
                d = body["diagnostics"][f["index"]]
                seen.append(f["index"])
                assert d["field"] == group["field"] and d["form_id"] == form["form_id"]
                lines.append(d["location"].get("line", 0))
                for a, b in f["marks"]:
                    assert 0 <= a < b <= len(group["text"])
                    marked = group["text"][a:b]
                    assert f"“{marked}”" in d["message"] or (a, b) == (0, len(group["text"])), (marked, d["message"])
        firsts = [body["diagnostics"][g["findings"][0]["index"]]["location"].get("line", 0) for g in form["fields"]]
        assert firsts == sorted(firsts), "fields are not in form order"
    assert sorted(seen) == list(range(len(body["diagnostics"]))), "every finding shown exactly once"
    slogan = next(f for f in body["forms"] if f["form_id"] == "EX-P-003")
    goal = next(g for g in slogan["fields"] if g["field"] == "long_term_goal")
    assert goal["label"] == "中长期目标" and any(goal["text"][a:b] == "抓难点、促突破" for f in goal["findings"]
                                                for a, b in f["marks"])


def test_workbooks_and_several_files_keep_their_upload_names(api, tmp_path):
    book = tmp_path / "项目表.xlsx"
    fill_template(book, yaml.safe_load(BAD.read_text(encoding="utf-8")), "2015")
    answer = api.post("/api/lint", files=upload(book, SLOGAN) + upload(book))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert [f["name"] for f in body["files"]] == ["项目表.xlsx", SLOGAN.name, "项目表 (2).xlsx"]
    assert body["files"][0]["annotatable"] and body["files"][0]["forms"] == 1
    assert "jxlint-serve-" not in answer.text and tempfile.gettempdir() not in answer.text
    cells = [d["location"]["cell"] for d in body["diagnostics"] if d["path"] == "项目表.xlsx" and "cell" in d["location"]]
    assert cells and all(re.fullmatch(r"[A-Z]+\d+", c) for c in cells)


def test_english_messages_on_request(api):
    body = api.post("/api/lint?lang=en", files=upload(SLOGAN)).json()
    assert body["diagnostics"] and all(not re.search(r"[\u4e00-\u9fff]{4}", d["hint"]) for d in body["diagnostics"]
                                       if d["code"] == "G001")


def test_nothing_is_left_behind_in_the_temporary_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    api = client()  # its lint worker is forked now, with this temporary folder
    assert api.post("/api/lint", files=upload(BAD, name="../../../../tmp/evil.yaml")).status_code == 200
    assert list(tmp_path.iterdir()) == []
    assert not Path("/tmp/evil.yaml").exists()


@pytest.mark.parametrize("name,expect", [("../../etc/passwd.yaml", "passwd.yaml"), ("..\\..\\x\\表.yaml", "表.yaml"),
                                         ("a\x00b\n.yaml", "ab.yaml"), ("..", "上传文件1")])
def test_upload_names_are_only_shown(name, expect):
    assert service.display_name(name, 0) == expect


@pytest.mark.parametrize("files,status,code,says", [
    ([], 400, "no_file", "没有收到文件"),
    ([("file", ("病毒.exe", b"MZ"))], 415, "unsupported_type", "病毒.exe"),
    ([("file", ("老表.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 60))], 415, "unsupported_type", ".xlsx"),
    ([("file", ("空.yaml", b""))], 422, "unreadable", "空文件"),
    ([("file", ("坏.xlsx", b"PK\x03\x04 not really a zip"))], 422, "unreadable", "坏.xlsx"),
    ([("other", ("a.yaml", b"id: x"))], 400, "no_file", "没有收到文件"),
])
def test_bad_uploads_are_clear_4xx(api, files, status, code, says):
    response = api.post("/api/lint", files=files) if files else api.post(
        "/api/lint", content=b"--b--\r\n", headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == status, response.text
    error = error_of(response)
    assert error["code"] == code and says in error["message"], error


def test_not_multipart_and_broken_multipart(api):
    assert error_of(api.post("/api/lint", content=b"{}", headers={"content-type": "application/json"}))["code"] == \
        "not_multipart"
    broken = api.post("/api/lint", content=b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.yaml\"",
                      headers={"content-type": "multipart/form-data; boundary=b"})
    assert 400 <= broken.status_code < 500


def test_a_corrupt_workbook_beside_a_good_form_is_reported_and_the_form_linted(api):
    response = api.post("/api/lint", files=upload(SLOGAN) + [("file", ("坏.xlsx", b"PK\x03\x04junk"))])
    assert response.status_code == 200
    body = response.json()
    assert body["summary"]["forms"] == 1 and body["summary"]["unreadable"] == 1
    assert any(d["code"] == "F002" and d["path"] == "坏.xlsx" for d in body["diagnostics"])
    assert any(f["unreadable"] and f["path"] == "坏.xlsx" for f in body["forms"])


def test_upload_limit():
    small = client(max_upload_mb=0.05)
    response = small.post("/api/lint", files=[("file", ("big.yaml", b"#" * 200_000))])
    assert response.status_code == 413 and "MB" in error_of(response)["message"]
    assert small.post("/api/lint", files=upload(SLOGAN)).status_code == 200


def test_a_form_with_5000_indicator_rows_is_refused_clearly_and_quickly(api):
    form = yaml.safe_load(BAD.read_text(encoding="utf-8"))
    rows = [{"level1": "产出指标", "level2": "数量指标", "name": f"培训第{i}批学员", "value": f"≥{i % 90 + 10}人"} for i in range(5000)]
    start = time.perf_counter()
    response = api.post("/api/lint", files=[("file", ("大表.yaml", yaml.safe_dump({**form, "indicators": rows},
                                                                                allow_unicode=True).encode()))])
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "too_many_rows" and "大表.yaml" in error["message"] and "5000" in error["message"]
    assert time.perf_counter() - start < 60
    limit = service.MAX_INDICATOR_ROWS
    at_limit = yaml.safe_dump({**form, "indicators": rows[:limit]}, allow_unicode=True).encode()
    assert api.post("/api/lint", files=[("file", ("满表.yaml", at_limit))]).status_code == 200


def test_annotate_returns_the_workbook_with_comments(api, tmp_path):
    book = tmp_path / "项目表.xlsx"
    fill_template(book, yaml.safe_load(BAD.read_text(encoding="utf-8")), "2015")
    response = api.post("/api/annotate", files=upload(book))
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    assert "%E9%A1%B9%E7%9B%AE%E8%A1%A8.jxlint.xlsx" in response.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    lint = api.post("/api/lint", files=upload(book)).json()
    cells = {(d["location"]["sheet"], d["location"]["cell"]) for d in lint["diagnostics"] if "cell" in d["location"]}
    commented = {(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment}
    assert cells and cells <= commented | {(s, c) for s, c in cells if s not in wb.sheetnames}
    assert book.read_bytes() != response.content


@pytest.mark.parametrize("files,status", [
    ([("file", ("a.yaml", b"id: x\n"))], 415),
    ([("file", ("坏.xlsx", b"PK\x03\x04junk"))], 422),
])
def test_annotate_refuses_what_it_cannot_annotate(api, files, status):
    assert api.post("/api/annotate", files=files).status_code == status


def test_an_unexpected_failure_is_a_500_without_a_trace_and_the_server_goes_on(monkeypatch):
    app_client = client()

    def boom(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("linter.web.app.lint_uploads", boom)
    response = app_client.post("/api/lint", files=upload(SLOGAN))
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert error_of(response)["code"] == "internal"
    assert app_client.get("/api/rules").status_code == 200


def test_unknown_host_header_is_refused(api):
    assert api.get("/", headers={"host": "evil.example"}).status_code == 400


def test_404_is_json(api):
    response = api.get("/no/such/page")
    assert response.status_code == 404 and error_of(response)["code"] == "http"


# --- a real server: sockets, concurrency, a huge upload -------------------------------------------


def test_two_uploads_at_once_both_answer_like_one_at_a_time(served):
    files = {"a": upload(BAD), "b": upload(SLOGAN)}
    alone = {k: httpx.post(served + "/api/lint", files=v, timeout=60).json() for k, v in files.items()}
    together: dict[str, dict] = {}

    def post(key: str) -> None:
        together[key] = httpx.post(served + "/api/lint", files=files[key], timeout=60).json()

    threads = [threading.Thread(target=post, args=(k,)) for k in files for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert together == alone


def test_a_200_mb_upload_is_refused_at_once_and_the_server_keeps_serving(served):
    host, port = urlparse(served).hostname, urlparse(served).port
    conn = http.client.HTTPConnection(host, port, timeout=30)
    start = time.perf_counter()
    conn.putrequest("POST", "/api/lint")
    conn.putheader("Content-Type", "multipart/form-data; boundary=xyz")
    conn.putheader("Content-Length", str(200 * 2**20))
    conn.endheaders()
    try:
        conn.send(b"--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n\r\n" + b"0" * 2**20)
    except OSError:
        pass  # the server may already have answered and closed
    response = conn.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["error"]["code"] == "too_large"
    assert time.perf_counter() - start < 10
    conn.close()
    assert httpx.get(served + "/api/rules", timeout=10).status_code == 200


def test_a_chunked_upload_over_the_limit_is_refused(served):
    def chunks():
        for _ in range(8):  # 4 MB against the server's 2 MB, without a Content-Length
            yield b"#" * 2**19

    try:
        response = httpx.post(served + "/api/lint", content=chunks(), timeout=30,
                              headers={"content-type": "multipart/form-data; boundary=xyz"})
        assert response.status_code == 413
    except httpx.HTTPError:
        pass  # closed while still sending: acceptable, as long as the server goes on
    assert httpx.get(served + "/api/config", timeout=10).json()["max_upload_bytes"] == 2 * 2**20


def test_serve_says_when_the_port_is_taken(jxlint):
    with socket.create_server(("127.0.0.1", free_port())) as taken:
        code, _, err = jxlint("serve", "--isolated", "--port", str(taken.getsockname()[1]))
        assert code == 2 and "无法在 127.0.0.1" in err and "--port" in err  # Chinese by default
        code, _, err = jxlint("serve", "--isolated", "--lang", "en", "--port", str(taken.getsockname()[1]))
    assert code == 2 and "cannot listen on 127.0.0.1" in err


@pytest.mark.parametrize("name", ["岳" * 83 + ".yaml", "a" * 300 + ".yaml"])
def test_an_upload_with_a_very_long_name_is_linted(api, name):
    answer = api.post("/api/lint", files=upload(SLOGAN, name=name))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["summary"]["forms"] == 1 and body["diagnostics"]
    assert all(d["path"].endswith(".yaml") for d in body["diagnostics"])
