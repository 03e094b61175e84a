"""Forms cut into chunks by input position for other processes (--jobs) or a cluster (--engine dask), and the
chunks' findings put back by position, so the output is the same whichever ran them."""

from __future__ import annotations

from collections.abc import Callable

from linter.codes import get_rule
from linter.model import Form
from linter.registry import FORM, Finding, Rule

CHUNKS_PER_WORKER = 4  # several chunks per worker: the load evens out and the progress bar moves
# and at most this many forms a chunk: what is in flight to a worker, and its findings, stay small on a big batch
MAX_CHUNK_FORMS = 5_000


class Chunks:
    """The per-form rules' codes, the chunk starts, and the findings per form as the chunks come back."""

    def __init__(self, forms: list[Form], rules: list[Rule], workers: int,
                 on_form: Callable[[int, int], None] | None) -> None:
        self.by_code = {r.code: r for r in rules if r.scope == FORM}
        self.codes = list(self.by_code)  # what a worker is told to run (rules travel by code)
        self.size = max(1, min(MAX_CHUNK_FORMS, -(-len(forms) // (workers * CHUNKS_PER_WORKER))))
        self.starts = list(range(0, len(forms), self.size))
        self.per_form: list[list[tuple[Rule, Finding]]] = [[] for _ in forms]
        self.clean = [True] * len(forms)
        self._forms, self._done, self._on_form = forms, 0, on_form

    def of(self, start: int) -> list[Form]:
        """The forms of the chunk that begins at `start`."""
        return self._forms[start:start + self.size]

    def add(self, start: int, chunk: list) -> None:
        """A chunk's (findings by code, no rule crashed) per form, put back at its position."""
        for offset, (found, ok) in enumerate(chunk):
            self.per_form[start + offset] = [(self.by_code.get(code) or get_rule(code), finding) for code, finding in found]
            self.clean[start + offset] = ok
        self._done += len(chunk)
        if self._on_form:
            self._on_form(self._done, len(self._forms))
