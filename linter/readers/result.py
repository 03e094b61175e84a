"""What every reader returns: the forms it built and a Problem for everything it could not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from linter.model import Form, Location
from linter.text import Text


@dataclass(frozen=True)
class Problem:
    """Something in an input that could not become a form."""

    location: Location
    message: Text
    field: str | None = None
    form_id: str | None = None
    code: str = "F002"
    hint: Text | None = None  # what to do, when the rule's general hint (fix the file to the schema) does not fit


@dataclass
class ReadResult:
    forms: list[Form] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def stem(path: str) -> str:
    """A default form-id prefix from a path."""
    return "stdin" if path == "<stdin>" else Path(path).stem
