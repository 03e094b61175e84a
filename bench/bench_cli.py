"""Benchmark jxlint: cold command-line runs and warm in-process runs, medians.

Run with `make bench`. Prints one line per scenario; the README quotes the medians.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
JXLINT = [sys.executable, "-m", "linter"]
RUNS = 15
EXAMPLE = "corpora/examples/project_good_2015.yaml"
SEED_GOALS = ["corpora/seed/project_goals.jsonl", "corpora/seed/department_goals.jsonl"]

COLD = {
    "import floor (jxlint --version)": ["--version"],
    "one form, foundation rules (F, G002, G006, G007)": ["check", "--isolated", "--no-cache", "--select", "F,G002,G006,G007", EXAMPLE],
    "one form, every goal rule (G)": ["check", "--isolated", "--no-cache", "--select", "G", EXAMPLE],
    "one form, every rule": ["check", "--isolated", "--no-cache", EXAMPLE],
    "499 seed goal rows, every rule": ["check", "--isolated", "--no-cache", *SEED_GOALS],
    "seed folder with side tables, every rule": ["check", "--isolated", "--no-cache", "corpora/seed"],
}  # --no-cache: these measure linting; bench/bench_cache.py measures the result cache


def timed(fn, runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    print(f"{name:<52} median {statistics.median(times) * 1000:8.1f} ms"
          f"  (min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={len(times)})")


def main() -> None:
    print(f"python {sys.version.split()[0]}; cold = a new process per run")
    for name, args in COLD.items():
        report(f"cold: {name}", timed(lambda: subprocess.run(JXLINT + args, cwd=ROOT, stdout=subprocess.DEVNULL,
                                                              stderr=subprocess.DEVNULL)))
    from linter.config import Settings
    from linter.engine import lint_paths
    from linter.analysis import goals

    settings = Settings()
    paths = [str(ROOT / p) for p in SEED_GOALS]
    lint_paths(paths, settings)  # warm: rulesets, model and regexes loaded

    def fresh_run() -> None:
        goals.goal_decision.cache_clear()  # measure the classifier, not the cache
        lint_paths(paths, settings)

    report("warm: 499 seed goal rows, every rule", timed(fresh_run))
    goal_throughput(paths)


def goal_throughput(paths: list[str]) -> None:
    """Goal rules (classifier, elements, slogans) against jieba segmentation alone, on the same texts."""
    import jieba

    from linter.nlp import elements, normalize, pipeline, slogans
    from linter.readers import read_input
    from linter.analysis import goals

    texts = [t for p in paths for f in read_input(p, 2**30).forms for _, t in f.goals() if t.strip()]
    pipeline.tokens("预热")  # load the dictionary outside the timing

    def rules() -> None:
        for cached in (goals.goal_decision, elements.concrete_elements, normalize.nfkc, slogans._slogan_hits):
            cached.cache_clear()
        for t in texts:
            goals.goal_decision(t)

    def segment() -> None:
        for t in texts:
            jieba.lcut(pipeline.normalize_text(t))

    rule_time, jieba_time = statistics.median(timed(rules, 7)), statistics.median(timed(segment, 7))
    chars = sum(map(len, texts))
    print(f"warm: goal rules on {len(texts)} seed goals ({chars} chars): {rule_time * 1000:.0f} ms; jieba alone "
          f"{jieba_time * 1000:.0f} ms; goal-rule throughput = {jieba_time / rule_time:.0%} of jieba's")


if __name__ == "__main__":
    main()
