"""`jxlint check --engine dask`: the per-form rules on a Dask cluster (dask.distributed).

Without --scheduler a LocalCluster of `jobs` worker processes (2 when --jobs is 1) starts here and stops
with the run; with --scheduler tcp://host:8786 the run uses an existing cluster (`dask scheduler` on
one machine, `dask worker tcp://host:8786` on each other; every worker needs jxlint installed).

Forms are cut into chunks by input position and each chunk is one task (the engine's chunk function, the
same worker function as --jobs); results are put back by position, so the output is byte-identical to
--jobs 1. Reading, the batch rules, suppressions and rendering stay on the driver. A chunk whose
worker dies is retried by Dask on another worker; one that keeps killing workers is linted on the
driver, named on stderr: no form is lost or counted twice.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from linter.chunks import Chunks
from linter.model import Form
from linter.registry import Finding, Rule

CONNECT_TIMEOUT_S = 5
IN_FLIGHT_PER_WORKER = 2


class SchedulerUnreachable(RuntimeError):
    """The --scheduler address answered nothing (the command line exits 2)."""


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A Client of the cluster at `scheduler`, or of a LocalCluster with `workers` processes started here."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SchedulerUnreachable(f"{scheduler}: {type(exc).__name__}: {exc}") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


ChunkFindings = Callable[[list[str], list[Form]], list]  # rule codes, forms → (findings, no crash) per form


def form_findings(forms: list[Form], rules: list[Rule], client: Any, on_form: Callable[[int, int], None] | None,
                  chunk_findings: ChunkFindings) -> tuple[list[list[tuple[Rule, Finding]]], list[bool]]:
    """The per-form rules' findings of every form, each chunk computed on the cluster by `chunk_findings` (the
    engine's own, handed in so this module needs no import of the engine)."""
    from dask.distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    chunks = Chunks(forms, rules, workers, on_form)
    starts = iter(chunks.starts)
    futures: dict[Any, int] = {}

    def submit_next() -> Any:
        start = next(starts, None)
        if start is None:
            return None
        future = client.submit(chunk_findings, chunks.codes, chunks.of(start), pure=False)
        futures[future] = start
        return future

    # a few chunks in flight a worker, the next sent as one comes back: the forms on their way and the findings
    # held on the workers stay bounded however large the batch (a finished future is dropped, so Dask frees it)
    running = as_completed([f for f in (submit_next() for _ in range(IN_FLIGHT_PER_WORKER * workers)) if f])
    for future in running:
        start = futures.pop(future)
        chunks.add(start, _result(future, chunks.codes, chunks.of(start), start, chunk_findings))
        following = submit_next()
        if following is not None:
            running.add(following)
    return chunks.per_form, chunks.clean


def _result(future: Any, codes: list[str], chunk: list[Form], start: int, chunk_findings: ChunkFindings) -> list:
    """A chunk's result; when its workers died (Dask already retried it), the chunk linted on the driver."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        names = sorted({f.path for f in chunk})
        print(f"jxlint: --engine dask: the workers linting forms {start + 1}–{start + len(chunk)} "
              f"({', '.join(names[:3])}{' …' if len(names) > 3 else ''}) died ({exc}); linting them here",
              file=sys.stderr)
        return chunk_findings(codes, chunk)
