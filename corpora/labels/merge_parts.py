"""Merge the labellers' part files (parts/) into goals_labels.jsonl and pairs_labels.jsonl.

parts/goals_p1.jsonl, goals_p2.jsonl: project goals, rows 1–173 and 174–345 (two labellers);
parts/goals_p3.jsonl: department goals (a third labeller); parts/pairs_p1.jsonl, pairs_p2.jsonl:
the broad `no_annual_content` pass by the first two; parts/pairs_strict.jsonl: the strict
`same_long_annual` pass by a fourth labeller. See RUBRIC.md.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
PARTS = HERE / "parts"


def read(name: str) -> list[dict]:
    path = PARTS / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] if path.exists() else []


def write(name: str, rows: list[dict]) -> None:
    (HERE / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main() -> None:
    goals = read("goals_p1.jsonl") + read("goals_p2.jsonl") + read("goals_p3.jsonl")
    write("goals_labels.jsonl", goals)
    broad = {r["id"]: r["same_long_annual"] for r in read("pairs_p1.jsonl") + read("pairs_p2.jsonl")}
    pairs = [{"id": r["id"], "same_long_annual": r["same_long_annual"], "no_annual_content": broad.get(r["id"]),
              "note": r.get("note", "")} for r in read("pairs_strict.jsonl")]
    write("pairs_labels.jsonl", pairs)
    print(f"{len(goals)} goal labels, {len(pairs)} pair labels ({sum(b is not None for b in broad.values())} with the broad label)")


if __name__ == "__main__":
    main()
