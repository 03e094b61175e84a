"""Collect work-plan boilerplate for G004's reference part: clauses that recur in the goals of
at least three different budget units of the seed corpus.

    python scripts/build_reference.py            # writes linter/reference/seed_recurring.jsonl

Clauses are cut as linter.similarity cuts them (punctuation, line breaks, 、 between phrases),
compared as comparable text (no punctuation, numbering, width or time words), and grouped when
their Indel ratio is at least 85 %. A group is kept when its clauses come from goals of >= 3
different units (linter.units.unit_key), and it has >= 6 characters. Each line records the most
common spelling, how many units and goals use it, and up to five example goal ids. The
hand-written entries are in linter/reference/curated.jsonl; see linter/reference/README.md.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.similarity import clause_pieces  # noqa: E402
from linter.units import unit_key  # noqa: E402

SEED = ROOT / "corpora" / "seed"
OUT = ROOT / "linter" / "reference" / "seed_recurring.jsonl"
MIN_UNITS = 3
MIN_CHARS = 6
GROUP_RATIO = 85


def main() -> None:
    from rapidfuzz import fuzz, process

    uses: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # key → [(shown, goal id, unit key)]
    for name, fields in (("project_goals", ("long_term_goal", "annual_goal")), ("department_goals", ("annual_goal",))):
        for line in (SEED / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            for f in fields:
                for shown, key in clause_pieces(rec.get(f) or ""):
                    if len(key) >= MIN_CHARS:
                        uses[key].append((shown, f"{rec['id']}.{f}", unit_key(rec["unit"])))
    keys = sorted(uses, key=lambda k: (-len({u for _, _, u in uses[k]}), -len(uses[k]), k))
    scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=GROUP_RATIO, dtype="uint8", workers=-1)
    taken: set[int] = set()
    rows = []
    for i, key in enumerate(keys):
        if i in taken:
            continue
        group = [j for j in scores[i].nonzero()[0].tolist() if j not in taken]
        taken.update(group)
        members = [u for j in group for u in uses[keys[j]]]
        units = {u for _, _, u in members}
        if len(units) < MIN_UNITS:
            continue
        shown = Counter(s for s, _, _ in members).most_common(1)[0][0]
        goals = sorted({g for _, g, _ in members})
        rows.append({"text": shown, "kind": "boilerplate", "units": len(units), "goals": len(goals),
                     "examples": goals[:5], "source": "seed: recurs in the goals of >= 3 units"})
    rows.sort(key=lambda r: (-r["units"], -r["goals"], r["text"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} recurring clauses from {len(uses)} distinct clauses -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
