"""Where `jxlint serve` lints an upload: in a worker process forked from the loaded server, under a
wall-time and a memory bound. A hostile upload (a YAML alias bomb, a table that makes a parser
explode) costs its own request a JSON error: its worker is killed, the server keeps answering, and
the next upload gets a fresh worker.

The memory bound is the worker's resident memory, read by the server while it waits, not an
RLIMIT_AS inside the worker: under an address-space limit numpy, scipy and OpenBLAS fail at random
places (a shared library that cannot be mapped, a buffer that cannot be reserved) long before the
memory is used, and the lint would report those as rule crashes.

Why forked workers kept alive: a worker starts with jieba, the classifier and the rule packs already
loaded (a new interpreter needs seconds to load them) and keeps its caches from one upload to the
next, as the server process did; a killed worker takes all its memory with it. Where there is no
fork (Windows) the lint runs in the server process, one at a time, without the bounds; without
/proc (macOS) there is no memory bound.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import Any

from linter.text import Text
from linter.web.service import UploadError

SHOWN_NAMES = 3  # an error names this many uploads, then says how many more
KEEP = {"ok", "refused", "crash"}  # outcomes after which the worker is sound and linting again
POLL = 0.05  # seconds between two looks at a busy worker's memory
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class LintCrashed(RuntimeError):
    """The lint raised an unexpected exception in the worker (the server answers 500 "internal")."""


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing.Process
    conn: Any  # the server's end of the worker's pipe
    scratch: str  # the temporary folder of its current job: removed by the server if the worker is killed
    born: int = 0  # resident bytes when it took its first job


class LintWorkers:
    """Worker processes, each running one lint at a time; `close` kills them (the server is stopping)."""

    def __init__(self, timeout: float, memory_mb: int) -> None:
        self.timeout, self.memory_mb = timeout, memory_mb
        self._context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() \
            else None
        self._lock = threading.RLock()  # reentrant: close() also runs from a signal handler
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._closed = False
        self._ready = threading.Event()
        self._ready.set()

    def warm_up(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run `fn` in this process in the background: what it loads, every worker inherits. Lints wait
        for it, since a fork while another thread holds a loader's lock would hang the worker."""
        self._ready.clear()

        def run() -> None:
            try:
                fn(*args)
            finally:
                self._ready.set()

        threading.Thread(target=run, daemon=True).start()

    def run(self, names: list[str], fn: Callable[..., Any], *args: Any) -> Any:
        """`fn(*args)` in a worker: its result, or its UploadError re-raised, or an UploadError saying
        that the lint of `names` was stopped (time, memory, server stopping)."""
        if self._context is None:
            with self._lock:
                return fn(*args)
        job = ForkingPickler.dumps((fn, args))  # what cannot be sent fails here, before a worker is taken
        self._ready.wait()
        worker = self._take(names)
        kind, value = "died", None
        try:
            worker.conn.send_bytes(job)
            kind, value = self._wait(worker)
        except OSError:
            pass  # the worker died before reading the job
        finally:
            self._release(worker, keep=kind in KEEP)
        if kind == "died":
            raise _stopping(names) if self._closed else _crashed(names, worker.process.exitcode)
        return self._answer(kind, value, names)

    def close(self) -> None:
        """Kill every worker; the requests they were linting answer 503 at once."""
        with self._lock:
            self._closed = True
            workers = [*self._idle, *self._busy]
            self._idle.clear()
        for worker in workers:
            worker.process.kill()

    def _take(self, names: list[str]) -> _Worker:
        with self._lock:
            if self._closed:
                raise _stopping(names)
            while self._idle:
                worker = self._idle.pop()  # the last used: its caches are the warmest
                if worker.process.is_alive():
                    break
                worker.conn.close()
            else:
                worker = self._start()
            self._busy.add(worker)
            return worker

    def _start(self) -> _Worker:
        conn, child_end = self._context.Pipe()
        scratch = os.path.join(tempfile.gettempdir(), f"jxlint-serve-worker-{os.urandom(6).hex()}")
        process = self._context.Process(target=_serve, args=(child_end, scratch), daemon=True, name="jxlint-lint")
        process.start()
        child_end.close()
        return _Worker(process, conn, scratch)

    def _wait(self, worker: _Worker) -> tuple[str, Any]:
        """The worker's answer, or ("timeout" | "memory", None) as soon as it is over a bound: its time,
        or `memory_mb` more resident memory than when the job began."""
        start, before = time.monotonic(), _resident(worker.process.pid)
        worker.born = worker.born or before
        while not worker.conn.poll(POLL):
            if time.monotonic() - start > self.timeout:
                return "timeout", None
            if before and _resident(worker.process.pid) - before > self.memory_mb * 2**20:
                return "memory", None
        try:
            return worker.conn.recv()
        except (EOFError, OSError):  # killed by close(), or crashed
            return "died", None

    def _release(self, worker: _Worker, keep: bool) -> None:
        """Back to the idle workers, or killed: after a bad outcome, when stopping, or when it has grown
        by `memory_mb` over its jobs (caches, fragments), so that the next job starts small."""
        grown = _resident(worker.process.pid) - worker.born > self.memory_mb * 2**20
        with self._lock:
            self._busy.discard(worker)
            if keep and not grown and not self._closed:
                self._idle.append(worker)
                return
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        shutil.rmtree(worker.scratch, ignore_errors=True)  # a killed lint leaves no upload behind

    def _answer(self, kind: str, value: Any, names: list[str]) -> Any:
        """What the worker's answer means for the request: a result, or the error to raise."""
        if kind == "ok":
            return value
        if kind == "refused":
            raise value
        if kind == "crash":
            raise LintCrashed(value)
        files, files_en = _listed(names, "、"), _listed(names, ", ")
        if kind == "timeout":
            raise UploadError(422, "lint_timeout", Text(
                f"{files}：检查超过 {self.timeout:g} 秒仍未完成，已停止。文件可能过大或内容异常（例如大量重复引用），"
                "请检查文件内容，或分批上传",
                f"{files_en}: checking took longer than {self.timeout:g} s and was stopped; the file may be too large "
                "or malformed (e.g. aliases that expand without end); check it, or upload fewer files at a time"),
                {"files": names})
        raise UploadError(422, "lint_memory", Text(
            f"{files}：检查所需内存超过 {self.memory_mb} MB 的上限，已停止。文件可能过大或内容异常（例如大量重复引用），"
            "请检查文件内容，或分批上传",
            f"{files_en}: checking needed more than the {self.memory_mb} MB memory limit and was stopped; the file "
            "may be too large or malformed (e.g. aliases that expand without end); check it, or upload fewer files at a "
            "time"), {"files": names})


def _serve(conn: Any, scratch: str) -> None:
    """A worker's life: lint job after job until the server goes or a lint runs out of memory (what it
    left half-built is not trusted with another upload)."""
    _leave_the_server(conn)
    server = os.getppid()
    try:
        while True:
            while not conn.poll(1.0):
                if os.getppid() != server:
                    return  # the server died without closing the pipe: do not linger
            outcome = _call(conn.recv_bytes(), scratch)
            try:
                conn.send(outcome)
            except MemoryError:  # the answer itself did not fit
                outcome = ("memory", None)
                conn.send(outcome)
            if outcome[0] == "memory":
                return
    except (EOFError, OSError):
        return  # the server closed the pipe
    except MemoryError:  # the job itself did not fit
        conn.send(("memory", None))


def _call(job: bytes, scratch: str) -> tuple[str, Any]:
    """Run one job with its temporary files in `scratch`, removed after it (and by the server if the
    worker is killed first)."""
    try:
        os.mkdir(scratch, 0o700)
        tempfile.tempdir = scratch
        fn, args = ForkingPickler.loads(job)
        return "ok", fn(*args)
    except UploadError as exc:
        return "refused", exc
    except MemoryError:
        return "memory", None
    except Exception as exc:  # noqa: BLE001 - reported as the server's 500, as in the server process
        return "crash", f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _leave_the_server(conn: Any) -> None:
    """Drop what the fork copied from the server that is not the worker's: its signal handlers and its
    sockets (a copied client connection would stay open after the server closed it)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the server's handlers are not ours
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group: the server kills us
    signal.set_wakeup_fd(-1)
    gc.freeze()  # the inherited objects stay out of this worker's collections: fewer pages copied
    keep = conn.fileno()
    for fd in map(int, os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else ()):
        try:
            if fd > 2 and fd != keep and stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)
        except OSError:
            pass


def _resident(pid: int) -> int:
    """Resident bytes of process `pid` (Linux /proc); 0 when that cannot be read."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _crashed(names: list[str], exitcode: int | None) -> UploadError:
    return UploadError(500, "lint_crashed", Text(
        f"{_listed(names, '、')}：检查进程意外退出（{exitcode}），请把这个文件发给维护人员",
        f"{_listed(names, ', ')}: the checking process exited unexpectedly ({exitcode}); please send this file to "
        "the maintainers"), {"files": names})


def _stopping(names: list[str]) -> UploadError:
    return UploadError(503, "shutting_down", Text(f"服务器正在停止，未完成检查：{_listed(names, '、')}",
                                                  f"the server is stopping; not checked: {_listed(names, ', ')}"),
                       {"files": names})


def _listed(names: list[str], comma: str) -> str:
    """The first uploads by name, then how many more: `a.yaml、b.yaml、c.yaml 等 5 个文件`."""
    shown = comma.join(names[:SHOWN_NAMES])
    if len(names) <= SHOWN_NAMES:
        return shown
    return f"{shown} 等 {len(names)} 个文件" if comma == "、" else f"{shown} and {len(names) - SHOWN_NAMES} more"
