"""`jxlint serve`: a local web page where a finance clerk drops a form and sees what to fix.

The page (linter/web/static/) is plain HTML, CSS and a little JavaScript, all served from here: no
external font, script or analytics, and a Content-Security-Policy that forbids them. The page uses
the same HTTP API that reviewers can script against (README "Web page"):

    POST /api/lint       multipart, field `file` (one or more): the `check --format json` contract
                         plus the triage score and the findings grouped by field per form
    POST /api/annotate   multipart, one .xlsx in `file`: the workbook with a comment on each finding
    GET  /api/config     upload limits, accepted file types, grades
    GET  /api/rules      every rule;  GET /api/rules/{code}: one rule's documentation
    GET  /rules/{code}   one rule's documentation as a page (SARIF's helpUri links here)
    GET  /api/template   a blank Excel template (?type=project|department&layout=2021|2015)

Every refusal is a 4xx with `{"error": {"code", "message", "message_zh", "message_en"}}`; an
unexpected failure is a 500 with the same shape and no stack trace, and the server keeps serving.
Each upload is checked in a worker process (linter/web/workers.py) under `--lint-timeout` and
`--lint-memory-mb`: over either, the answer is a 422 (`lint_timeout`, `lint_memory`) and the page,
the other routes and the other uploads go on meanwhile.
"""

from __future__ import annotations

import asyncio
import io
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from linter import __version__
from linter.config import Settings
from linter.registry import Rule
from linter.text import Text
from linter.triage import Rubric
from linter.web.service import (ACCEPTED, ANNOTATABLE, MAX_FILES, Upload, UploadError, annotate_upload, lint_uploads,
                                shown_names, too_large)
from linter.web.workers import LintWorkers

STATIC = Path(__file__).resolve().parent / "static"
PAGES = {"/": ("index.html", "text/html; charset=utf-8"), "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
         "/static/app.css": ("app.css", "text/css; charset=utf-8")}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
MULTIPART_SLACK = 64 * 1024  # boundaries and part headers around the files themselves
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Lints at once, each in its own worker process: a second one goes on while one upload misbehaves; more
# would only multiply the memory bound. Requests beyond these wait in line without holding a thread.
LINT_SLOTS = max(2, min(4, os.cpu_count() or 1))
# Loaded before the first upload, so that every worker starts with it: the reader, each kind of indicator
# value, the level-1/level-2 hierarchy, the goal classifier, a department's staff and tasks.
WARM_UP = """\
- id: warm-up-1
  type: project
  budget_year: 2021
  unit: 某单位
  project: 预热项目
  period: {start: "2021-01-01", end: "2021-12-31"}
  funds: {total: 20.0, fiscal: 20.0, other: 0}
  annual_goal: 全年完成培训4期、200人次，培训合格率达到95%以上，年底前完成
  indicators:
    - {level1: 产出指标, level2: 数量指标, name: 培训人次, value: ≥200人次}
    - {level1: 产出指标, level2: 质量指标, name: 培训合格率, value: ≥95%}
    - {level1: 产出指标, level2: 时效指标, name: 完成时间, value: 2021年12月31日前}
    - {level1: 产出指标, level2: 成本指标, name: 培训经费, value: ≤20万元}
    - {level1: 效益指标, level2: 社会效益指标, name: 服务水平, value: 明显提升}
    - {level1: 满意度指标, level2: 服务对象满意度指标, name: 学员满意度, value: ≥90%}
- id: warm-up-2
  type: department
  budget_year: 2021
  unit: 某单位
  staff: {authorized: 10, actual: 9}
  funds: {total: 100.0, fiscal: 100.0, other: 0}
  tasks: [{name: 人员经费, content: 在职9人工资福利, budget: 80.0}, {name: 公用经费, content: 日常运转, budget: 20.0}]
  annual_goal: 保障单位正常运转，全年完成重点工作5项
"""


def create_app(settings: Settings, max_upload_mb: float = 20.0, hosts: list[str] | None = None,
               warm_up: bool = True, lint_timeout: float = 60.0, lint_memory_mb: int = 2048) -> FastAPI:
    """The app; `hosts` are the Host headers accepted (guards a local server against DNS rebinding); each
    lint runs in a worker process, stopped after `lint_timeout` seconds or `lint_memory_mb` MB more memory."""
    max_bytes = int(max_upload_mb * 2**20)
    rubric = Rubric.load(None)
    workers = LintWorkers(lint_timeout, lint_memory_mb)
    warm_up_args = (settings, rubric, max_bytes) if warm_up else None
    app = FastAPI(title="jxlint", version=__version__, lifespan=_lifespan(workers, warm_up_args), docs_url=None,
                  redoc_url=None)
    app.state.workers = workers
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts or ["127.0.0.1", "localhost", "[::1]"])
    app.middleware("http")(_security_headers)
    app.add_exception_handler(UploadError, _refused)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(Exception, _crashed)
    for route, (name, media_type) in PAGES.items():
        app.add_api_route(route, _static(name, media_type), methods=["GET"], include_in_schema=False)
    _add_config_route(app, rubric, max_bytes)
    _add_rule_routes(app, settings)
    app.add_api_route("/api/template", _template, methods=["GET"], name="template")
    _add_upload_routes(app, settings, rubric, max_bytes, workers)
    return app


def _lifespan(workers: LintWorkers, warm_up_args: tuple[Settings, Rubric, int] | None):
    """Start the workers warmed up (unless `warm_up_args` is None); stop them when the app stops."""
    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        if warm_up_args is not None:
            workers.warm_up(_warm_up, *warm_up_args)
        yield
        workers.close()

    return lifespan


async def _security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


async def _refused(request: Request, exc: UploadError) -> JSONResponse:
    return JSONResponse(exc.to_json(_lang(request)), status_code=exc.status)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    text = Text("没有这个页面或接口", "no such page or endpoint") if exc.status_code == 404 else \
        Text(f"请求无效：{exc.detail}", f"bad request: {exc.detail}")
    return JSONResponse(UploadError(exc.status_code, "http", text).to_json(_lang(request)),
                        status_code=exc.status_code)


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    where = "；".join(f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg', '')}" for e in exc.errors())
    error = UploadError(400, "invalid_request", Text(f"请求参数无效：{where}", f"invalid request: {where}"))
    return JSONResponse(error.to_json(_lang(request)), status_code=400)


async def _crashed(request: Request, exc: Exception) -> JSONResponse:
    print(f"jxlint serve: internal error on {request.url.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
    error = UploadError(500, "internal", Text("服务器内部错误，请把这个文件发给维护人员",
                                              "internal server error; please send this file to the maintainers"))
    return JSONResponse(error.to_json(_lang(request)), status_code=500)


def _add_config_route(app: FastAPI, rubric: Rubric, max_bytes: int) -> None:
    @app.get("/api/config")
    def config() -> dict[str, Any]:
        """What the page needs to know before uploading: the limits, accepted types and grades."""
        return {"version": __version__, "max_upload_bytes": max_bytes, "max_files": MAX_FILES, "accepted": ACCEPTED,
                "annotatable": sorted(ANNOTATABLE), "grades": [{"grade": g, "min": m} for g, m in rubric.grades]}


def _add_rule_routes(app: FastAPI, settings: Settings) -> None:
    """Every rule, one rule's documentation as JSON, and as a page."""
    @app.get("/api/rules")
    def rules(request: Request) -> list[dict[str, Any]]:
        from linter.codes import all_rules

        return [{"code": r.code, "name": r.name, "severity": settings.severity_of(r),
                 "summary": r.described(_lang(request))[0]} for r in all_rules()]

    @app.get("/api/rules/{code}")
    def rule(code: str, request: Request) -> dict[str, Any]:
        from linter.docs import doc_html, rule_doc

        r = _rule_or_404(code)
        doc = rule_doc(r, _lang(request))  # runs the rule on its example: once, for both renderings
        return {"code": r.code, "name": r.name, "severity": settings.severity_of(r), "doc": doc, "html": doc_html(doc)}

    @app.get("/rules/{code}", include_in_schema=False)
    def rule_page(code: str, request: Request) -> Response:
        """A rule's documentation as a page: where SARIF's helpUri links (`?lang=en` in English)."""
        from linter.docs import rule_page as page

        return Response(page(_rule_or_404(code), _lang(request)), media_type="text/html; charset=utf-8")


def _rule_or_404(code: str) -> Rule:
    from linter.codes import get_rule

    r = get_rule(code.upper())
    if r is None:
        raise UploadError(404, "unknown_rule", Text(f"没有规则 {code}", f"no rule {code}"))
    return r


# GET /api/template: a blank workbook (no docstring: it would become the API schema's description)
def _template(type: str = "project", layout: str = "2021") -> Response:  # noqa: A002 - the query's name
    from linter.excel_template import build_template

    if type not in ("project", "department") or layout not in ("2015", "2021"):
        raise UploadError(400, "invalid_request", Text("type 只能是 project 或 department，layout 只能是 2015 或 2021",
                                                       "type is project|department, layout is 2015|2021"))
    workbook, _cells = build_template(type, layout)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(buffer.getvalue(), f"绩效目标申报表-{'项目' if type == 'project' else '部门'}-{layout}.xlsx")


def _add_upload_routes(app: FastAPI, settings: Settings, rubric: Rubric, max_bytes: int, workers: LintWorkers) -> None:
    """POST /api/lint and /api/annotate: each upload checked in a lint worker, waited for off the event loop."""
    lint_threads = ThreadPoolExecutor(LINT_SLOTS, thread_name_prefix="jxlint-lint")

    async def in_worker(uploads: list[Upload], fn, *args: Any) -> Any:
        """`fn(*args)` in a lint worker, waited for off the event loop, so other requests go on meanwhile."""
        call = partial(workers.run, shown_names(uploads), fn, *args)
        return await asyncio.get_running_loop().run_in_executor(lint_threads, call)

    @app.post("/api/lint")
    async def lint(request: Request) -> dict[str, Any]:
        uploads = await _uploads(request, max_bytes)
        lang_settings = _with_lang(settings, _lang(request))
        return await in_worker(uploads, lint_uploads, uploads, lang_settings, rubric, max_bytes)

    @app.post("/api/annotate")
    async def annotated(request: Request) -> Response:
        uploads = await _uploads(request, max_bytes)
        if len(uploads) != 1:
            raise UploadError(400, "one_file", Text("批注版一次只能生成一个工作簿", "annotate one workbook at a time"))
        name, data = await in_worker(uploads, annotate_upload, uploads[0], _with_lang(settings, _lang(request)),
                                     max_bytes)
        return _download(data, name)


def _warm_up(settings: Settings, rubric: Rubric, max_bytes: int) -> None:
    """Load, before the first upload, what a lint loads on first use, so that every worker starts with it:
    jieba, the classifier, the rulesets, the Excel reader. (Only a large batch needs numpy and scipy, and
    its worker loads them once.)"""
    from linter.excel_template import build_template
    from linter.nlp.pipeline import tokens

    tokens("全年完成培训4期")
    buffer = io.BytesIO()
    build_template("project", "2021")[0].save(buffer)
    lint_uploads([Upload("warm-up.yaml", WARM_UP.encode()), Upload("warm-up.xlsx", buffer.getvalue())], settings,
                 rubric, max_bytes)


def run_server(app: FastAPI, host: str, port: int) -> None:
    """uvicorn.run, except that a stop signal (Ctrl+C, SIGTERM) first kills the running lints: uvicorn
    waits for open requests before it exits, and one may be waiting on a lint that hangs."""
    import uvicorn

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: Any) -> None:
            app.state.workers.close()
            super().handle_exit(sig, frame)

    server = Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    try:
        server.run()
    except KeyboardInterrupt:  # Ctrl+C: uvicorn re-raises it after shutting down
        pass
    if not server.started:
        sys.exit(3)  # as uvicorn.run: the server could not start


def _static(name: str, media_type: str):
    body = (STATIC / name).read_bytes()

    def page() -> Response:
        return Response(body, media_type=media_type, headers={"Cache-Control": "no-cache"})

    return page


async def _uploads(request: Request, max_bytes: int) -> list[Upload]:
    """The files of a multipart request, read with the size limit enforced while the bytes arrive."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise UploadError(415, "not_multipart", Text("请以 multipart/form-data 上传，文件放在 file 字段",
                                                     "send multipart/form-data with the files in the `file` field"))
    limit = max_bytes + MULTIPART_SLACK
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        raise too_large(max_bytes)  # refused before reading a byte of it
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large(max_bytes)

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    try:
        form = await Request(request.scope, replay).form(max_files=MAX_FILES + 1, max_fields=20)
    except HTTPException as exc:
        raise UploadError(400, "bad_multipart", Text(f"上传内容无法解析：{exc.detail}",
                                                     f"cannot parse the upload: {exc.detail}")) from None
    files = [v for v in form.getlist("file") if isinstance(v, UploadFile)]
    return [Upload(f.filename or "", await f.read()) for f in files]


def _download(data: bytes, name: str) -> Response:
    from urllib.parse import quote

    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})


def _lang(request: Request) -> str:
    """`?lang=en` for English messages; Chinese otherwise."""
    return "en" if request.query_params.get("lang") == "en" else "zh"


def _with_lang(settings: Settings, lang: str) -> Settings:
    from dataclasses import replace

    return replace(settings, lang=lang)
