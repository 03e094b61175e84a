"""A progress bar on stderr for large batches, only on a terminal; rich is imported only then."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

THRESHOLD = 300  # forms; below this a run is over before a bar helps


@contextmanager
def progress_reporter() -> Iterator[Callable[[int, int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    state: dict[str, object] = {}

    def on_form(done: int, total: int) -> None:
        if total < THRESHOLD:
            return
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(transient=True, console=Console(stderr=True))
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("jxlint", total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield on_form
    finally:
        if "bar" in state:
            state["bar"].stop()
