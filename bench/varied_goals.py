"""Synthetic forms with varied goals, as a national batch has them (bench/bench_batch.py --generator varied).

The perturbed-seed generator (bench_batch.synthetic_records) reuses the seed's 499 goal rows, so
every text is a near-copy of one of a few hundred and copy detection stays near-linear. This one
builds goals from thousands of distinct clauses:

- the clause pool is every clause of the seed goals (cut at ，。；、 and line breaks);
- a clause variant splices the head of one pool clause onto the tail of another (cut at a random
  character) and replaces its numbers, so a batch of n forms has on the order of n distinct clauses;
- a goal is 2–5 clause variants; units are `<seed unit>` plus a district number, about one unit per
  5 forms;
- a realistic share of copies: 15 % of goals copy an earlier goal of another unit (perturbed as in
  the seed generator), 5 % add a clause of stock text (linter/reference/) to their own clauses.

Everything is seeded: the same batch every time.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed"
REFERENCE = ROOT / "linter" / "reference"
_CUT = re.compile(r"[，。；;、\n]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
COPY_SHARE = 0.15
STOCK_SHARE = 0.05
FORMS_PER_UNIT = 5


def _seed_rows() -> tuple[list[dict], list[dict]]:
    def rows(name: str) -> list[dict]:
        return [json.loads(line) for line in (SEED / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows("project_goals.jsonl"), rows("department_goals.jsonl")


def clause_pool(rows: list[dict]) -> list[str]:
    """Distinct clauses of the seed goals, at least 4 characters, in first-seen order."""
    seen: dict[str, None] = {}
    for row in rows:
        for field in ("long_term_goal", "annual_goal"):
            for clause in _CUT.split(row.get(field) or ""):
                clause = re.sub(r"^\s*[\d一二三四五六七八九十]+[、.．)）]\s*", "", clause).strip()
                if len(clause) >= 4:
                    seen.setdefault(clause, None)
    return list(seen)


def _stock_texts() -> list[str]:
    return [json.loads(line)["text"] for path in sorted(REFERENCE.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _variant(pool: list[str], rng: random.Random) -> str:
    a, b = rng.choice(pool), rng.choice(pool)
    head, tail = a[: rng.randint(2, max(2, len(a) - 1))], b[rng.randint(1, max(1, len(b) - 2)):]
    return _NUMBER.sub(lambda m: str(rng.randint(1, 500)), head + tail)


def _own_goal(pool: list[str], rng: random.Random) -> str:
    return "，".join(_variant(pool, rng) for _ in range(rng.randint(2, 5))) + "。"


def varied_records(n: int, seed: int = 2021, planted: list[tuple[str, str]] | None = None) -> list[dict]:
    """n project and department records (as the JSON reader takes them) with varied goals; `planted`, when
    given, receives (copy, source) goal texts of every copy made, to measure recall on them."""
    from bench.bench_batch import _perturb  # the seed generator's perturbations, for the copies

    rng = random.Random(seed)
    projects, departments = _seed_rows()
    pool, stock = clause_pool(projects + departments), _stock_texts()
    seed_units = sorted({r["unit"] for r in projects + departments})
    units = [f"{u}（第{k}区）" for k in range(1, n // (FORMS_PER_UNIT * len(seed_units)) + 2) for u in seed_units]
    goals: list[tuple[str, str]] = []  # (unit, goal) so far, for copies

    def goal(unit: str) -> str:
        kind = rng.random()
        if kind < COPY_SHARE and goals:
            other_unit, text = goals[rng.randrange(len(goals))]
            if other_unit != unit:
                copy = _perturb(text, rng)
                if planted is not None:
                    planted.append((copy, text))
                return copy
        text = _own_goal(pool, rng)
        if kind > 1 - STOCK_SHARE:
            text = rng.choice(stock) + "，" + text
        goals.append((unit, text))
        return text

    records = []
    for k in range(n):
        unit = units[rng.randrange(len(units))]
        if rng.random() < 0.3:
            records.append({"id": f"V{k:07d}", "type": "department", "unit": unit, "budget_year": 2021,
                            "annual_goal": goal(unit)})
        else:
            row = projects[rng.randrange(len(projects))]
            records.append({"id": f"V{k:07d}", "type": "project", "unit": unit, "budget_year": 2021,
                            "project": row.get("project") or "", "long_term_goal": goal(unit),
                            "annual_goal": goal(unit)})
    return records
