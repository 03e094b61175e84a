"""Benchmark the Chinese text pipeline (linter.nlp.pipeline), medians over fresh processes.

(a) the first tokens() call in a fresh process, which imports jieba and loads the dictionaries,
    with the prefix-dict cache warm (every run after the first on a machine) and cold;
(b) segmenting all seed goal texts with tokens() against plain jieba.lcut with the same
    dictionaries (target: >= 80 % of jieba's throughput), and, for comparison, building spaCy
    Docs for them with spacy_nlp().pipe() (the optional `spacy` extra), which no rule takes.

Each run is a new process, so nothing remembered from one run helps the next.
Run with `.venv/bin/python bench/bench_pipeline.py`; copy the medians into the README.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9

FIRST_CALL = """
import json, time
start = time.perf_counter()
from linter.nlp.pipeline import tokens
imported = time.perf_counter()
tokens("保障单位正常运转，控制三公经费支出。")
done = time.perf_counter()
print(json.dumps({"import": imported - start, "first_call": done - imported}))
"""

THROUGHPUT = """
import json, time
from pathlib import Path
from linter.nlp.pipeline import normalize_text, spacy_nlp, tokens
from linter.readers import read_input
texts = [normalize_text(t) for path in sorted(Path("corpora/seed").glob("*.jsonl"))
         for form in read_input(str(path), 2**30).forms for t in (form.long_term_goal, form.annual_goal) if t]
tokens("预热")  # loads jieba and the dictionaries, then spaCy: no load is timed
nlp = spacy_nlp()
import jieba
timings = {"texts": len(texts), "chars": sum(map(len, texts))}
for name, segment in (("jieba", lambda: [jieba.lcut(t) for t in texts]),
                      ("tokens", lambda: [tokens(t) for t in texts]),
                      ("spacy", lambda: [[t.text for t in doc if not t.is_space] for doc in nlp.pipe(texts)])):
    start = time.perf_counter()
    segment()
    timings[name] = time.perf_counter() - start
print(json.dumps(timings))
"""


def run(snippet: str, cache_home: str | None = None) -> dict[str, float]:
    """Run `snippet` in a fresh interpreter (with its own XDG_CACHE_HOME if given); its JSON output."""
    env = {**os.environ, "XDG_CACHE_HOME": cache_home} if cache_home else None
    out = subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def medians(results: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def main() -> None:
    print(f"python {sys.version.split()[0]}, {RUNS} fresh processes each, medians")
    with tempfile.TemporaryDirectory() as warm:
        run(FIRST_CALL, warm)  # fills the prefix-dict cache
        cached = medians([run(FIRST_CALL, warm) for _ in range(RUNS)])
    cold = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as empty:
            cold.append(run(FIRST_CALL, empty))
    uncached = medians(cold)
    print(f"import linter.nlp.pipeline          {cached['import'] * 1000:7.1f} ms")
    print(f"first tokens() call, cache warm     {cached['first_call'] * 1000:7.1f} ms")
    print(f"first tokens() call, cache empty    {uncached['first_call'] * 1000:7.1f} ms")

    batch = medians([run(THROUGHPUT) for _ in range(RUNS)])
    print(f"{batch['texts']:.0f} seed goal texts, {batch['chars']:.0f} characters, first pass in the process:")
    for key, label in (("jieba", "jieba.lcut, same dictionaries"), ("tokens", "tokens()"),
                       ("spacy", "spacy_nlp().pipe() Docs")):
        share = batch["jieba"] / batch[key]
        print(f"  {label:<32} {batch[key] * 1000:7.1f} ms  {batch['chars'] / batch[key] / 1000:5.0f} k chars/s"
              f"  {share:5.0%} of jieba")


if __name__ == "__main__":
    main()
