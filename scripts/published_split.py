"""The held-out splits of the published forms, fixed before any rule was tuned on them, shared by the
evaluation scripts. The first two harvests are split by source page: a form is in `test` when
int(sha1(its source), 16) is odd, else `dev`. Their test rows were spent by the tuning that followed, so a
third harvest was made and labelled afterwards: all of its forms are `fresh`. The first figure is measured on
all of them with the code as it stood; then, so that a figure after any change stays honest, they are halved
by source page again (with a salt, so the halves are not the first split's): `fresh_dev` may be read and tuned
on, `fresh_test` is measured only. fresh_test was spent by the session that made it (measured before and after
its tuning), so a fourth harvest followed (`fourth`): its first figure was measured on all of it with the code as
it stood, then it was halved the same way (salt "fourth:") into `fourth_dev` (read and tuned on) and
`fourth_test` (measured only)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
PUBLISHED = [CORPORA / name for name in ("public_forms.jsonl", "public_forms_2.jsonl", "public_forms_3.jsonl",
                                         "public_forms_4.jsonl") if (CORPORA / name).exists()]
FRESH = {"public_forms_3.jsonl"}
FOURTH = {"public_forms_4.jsonl"}
SPLITS = ("dev", "test", "fresh", "fresh_dev", "fresh_test", "fourth", "fourth_dev", "fourth_test", "all")
HELD_OUT = ("fresh_test", "fourth_test")  # the splits the data tests leave alone: measured, never tuned on


def split_of(source: str, file_name: str = "") -> str:
    """'fourth_dev' or 'fourth_test' for a form of the fourth harvest, 'fresh_dev' or 'fresh_test' for one of the
    third, else 'dev' or 'test', by its source page."""
    if file_name in FOURTH:
        return "fourth_test" if _odd("fourth:" + source) else "fourth_dev"
    if file_name in FRESH:
        return "fresh_test" if _odd("fresh:" + source) else "fresh_dev"
    return "test" if _odd(source) else "dev"


def _odd(text: str) -> bool:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 2 == 1


def published_records() -> list[tuple[str, dict]]:
    """(file name, form record) for every published form, in file order."""
    return [(path.name, json.loads(line)) for path in PUBLISHED
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def form_splits() -> dict[str, str]:
    """Form id → its split, for every published form."""
    return {record["id"]: split_of(record["source"], name) for name, record in published_records()}


def in_split(split: str, form_id: str, splits: dict[str, str]) -> bool:
    """Whether a form counts in `split` ('fresh' and 'fourth' are both halves of their harvest; 'all' is the first
    two harvests)."""
    own = splits.get(form_id, "")
    return (own == split or (split in ("fresh", "fourth") and own.startswith(split + "_"))
            or (split == "all" and own in ("dev", "test")))
