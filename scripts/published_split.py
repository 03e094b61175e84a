"""The held-out split of the published forms, fixed before any rule was tuned on them: a form is in the test
split when int(sha1(its source), 16) is odd (split by source page). The evaluation scripts share it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = [ROOT / "corpora" / "public_forms.jsonl", ROOT / "corpora" / "public_forms_2.jsonl"]


def split_of(source: str) -> str:
    """'test' or 'dev' for a form's source."""
    return "test" if int(hashlib.sha1(source.encode()).hexdigest(), 16) % 2 == 1 else "dev"


def form_splits() -> dict[str, str]:
    """Form id → its split, for every published form."""
    splits = {}
    for path in PUBLISHED:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                form = json.loads(line)
                splits[form["id"]] = split_of(form["source"])
    return splits
