"""The held-out splits of the published forms, fixed before any rule was tuned on them, shared by the
evaluation scripts. The first two harvests are split by source page: a form is in `test` when
int(sha1(its source), 16) is odd, else `dev`. Their test rows were spent by the tuning that followed, so a
third harvest was made and labelled afterwards: all of its forms are `fresh`, measured and never tuned on."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
PUBLISHED = [CORPORA / name for name in ("public_forms.jsonl", "public_forms_2.jsonl", "public_forms_3.jsonl")
             if (CORPORA / name).exists()]
FRESH = {"public_forms_3.jsonl"}
SPLITS = ("dev", "test", "fresh", "all")


def split_of(source: str, file_name: str = "") -> str:
    """'fresh' for a form of a fresh harvest, else 'test' or 'dev' by its source page."""
    if file_name in FRESH:
        return "fresh"
    return "test" if int(hashlib.sha1(source.encode()).hexdigest(), 16) % 2 == 1 else "dev"


def published_records() -> list[tuple[str, dict]]:
    """(file name, form record) for every published form, in file order."""
    return [(path.name, json.loads(line)) for path in PUBLISHED
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def form_splits() -> dict[str, str]:
    """Form id → its split, for every published form."""
    return {record["id"]: split_of(record["source"], name) for name, record in published_records()}


def in_split(split: str, form_id: str, splits: dict[str, str]) -> bool:
    """Whether a form counts in `split` ('all' is every form but the fresh ones, which are quoted apart)."""
    return splits.get(form_id) == split or (split == "all" and splits.get(form_id) in ("dev", "test"))
