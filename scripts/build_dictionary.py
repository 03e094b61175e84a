"""Build linter/rulesets/jieba_dict.txt, the compact jieba main dictionary that jxlint segments with.

The compact dictionary keeps the TOP_N most frequent words of jieba's own dictionary (349,046
words; ties broken by the word, so the build is deterministic) plus every term of
linter/rulesets/budget_terms.txt, in jieba's `word freq tag` format. Rebuild after editing the terms:
`python scripts/build_dictionary.py`.

`python scripts/build_dictionary.py --measure [N ...]` segments the 842 normalised goal texts of
corpora/seed/*.jsonl with compact dictionaries of N words and with jieba's full one (all with
the budget terms as user dictionary) and times loading each (with linter.nlp.pipeline's loader)
in fresh processes. Measured on the 2-core dev machine, jieba 0.42.1, Python 3.11:

       N    words  identical  token F1  crossing   finer    load  uncached  terms split
   20000    20252      20.7%     0.882     0.63%   13.4%     7ms      27ms     10/910
   40000    40252      27.0%     0.904     0.43%   11.3%    15ms      53ms     10/910
   60000    60252      30.2%     0.916     0.26%   10.1%    21ms      83ms     10/910
   80000    80252      32.1%     0.924     0.17%    9.3%    30ms     118ms     10/910
  120000   120246      37.3%     0.934     0.10%    8.1%    44ms     191ms     10/910
  200000   200228      51.4%     0.960     0.07%    5.0%    89ms     326ms     10/910
  300000   300206      88.0%     0.994     0.02%    0.7%   179ms     500ms     10/910
    full   349046     100.0%     1.000     0.00%    0.0%   195ms     573ms     10/910
  full dictionary through jieba's own loader: 560ms, uncached 541ms

identical = texts segmented exactly as with the full dictionary; token F1 over character spans;
crossing = tokens that straddle a full-dictionary word boundary (real conflicts, e.g. 讲/师团 for
讲师团); finer = tokens that are a piece of a longer full-dictionary word (服务/水平 for
服务水平); load = median of 7 fresh processes with the prefix-dict cache warm, uncached = without;
terms split = occurrences of budget terms cut through (the 10 left are two terms overlapping,
专项工作经费, 生态环境质量; jieba's full dictionary without the terms cuts 678 of the 910).

Reading it: few texts come out exactly alike, because jieba's long tail (159k words of
frequency 3) holds most four-character compounds, but almost every difference is a compound of
two common words split in two; real conflicts stay under 0.2 % from N = 80,000. Near-exact
agreement needs N = 300,000, which loads almost as slowly as the full dictionary. TOP_N = 80,000:
30 ms to load instead of 195 ms (jieba's own loader: 560 ms), 0.17 % crossing tokens.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.nlp.pipeline import BUDGET_TERMS, COMPACT_DICT, normalize_text, setup_segmenter  # noqa: E402
from linter.readers import read_input  # noqa: E402

TOP_N = 80_000
MEASURE_N = (20_000, 40_000, 60_000, 80_000, 120_000, 200_000, 300_000)
LOAD_RUNS = 7

Entry = tuple[str, int, str]


def read_entries(path: Path) -> list[Entry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split(" ")
        entries.append((word, int(freq), tag))
    return entries


def full_dictionary() -> Path:
    return Path(jieba.__file__).parent / "dict.txt"


def by_frequency(entry: Entry) -> tuple[int, str]:
    return -entry[1], entry[0]


def compact_entries(full: list[Entry], n: int, terms: list[Entry]) -> list[Entry]:
    """The n most frequent words plus the budget terms, most frequent first."""
    chosen = {entry[0]: entry for entry in sorted(full, key=by_frequency)[:n]}
    chosen.update((entry[0], entry) for entry in terms)
    return sorted(chosen.values(), key=by_frequency)


def write_entries(entries: list[Entry], path: Path) -> None:
    path.write_text("".join(f"{word} {freq} {tag}\n" for word, freq, tag in entries), encoding="utf-8")


def seed_goal_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpora" / "seed").glob("*.jsonl")):
        for form in read_input(str(path), 2**30).forms:
            texts += [normalize_text(t) for t in (form.long_term_goal, form.annual_goal) if t]
    return texts


def segmenter(dictionary: Path, cache_dir: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    setup_segmenter(tokenizer, dictionary, cache_dir)
    return tokenizer


def spans(words: list[str]) -> list[tuple[int, int]]:
    out, start = [], 0
    for word in words:
        out.append((start, start + len(word)))
        start += len(word)
    return out


def agreement(test, reference, texts: list[str]) -> dict[str, float]:
    """How `test` segments the texts compared with `reference`.

    identical: share of texts segmented the same; f1: token F1 (a token is a character span);
    crossing: share of test tokens that straddle a reference boundary (real conflicts); finer:
    share that are a piece of a longer reference word (服务/水平 for 服务水平).
    """
    same = common = n_test = n_ref = crossing = finer = 0
    for text in texts:
        a, b = spans(test.lcut(text)), spans(reference.lcut(text))
        same += a == b
        ref_spans = set(b)
        ref_bounds = {start for start, _ in b} | {end for _, end in b}
        for start, end in a:
            common += (start, end) in ref_spans
            inside = any(k in ref_bounds for k in range(start + 1, end))
            aligned = start in ref_bounds and end in ref_bounds
            crossing += inside and not aligned
            finer += not inside and not aligned
        n_test, n_ref = n_test + len(a), n_ref + len(b)
    precision, recall = common / n_test, common / n_ref
    return {"identical": same / len(texts), "f1": 2 * precision * recall / (precision + recall),
            "crossing": crossing / n_test, "finer": finer / n_test}


def terms_split(tokenizer, texts: list[str]) -> tuple[int, int]:
    """Occurrences of budget terms in the texts that `tokenizer` cuts through, and all occurrences."""
    terms = [entry[0] for entry in read_entries(BUDGET_TERMS)]
    split = total = 0
    for text in texts:
        bounds = {end for _, end in spans(tokenizer.lcut(text))}
        for term in terms:
            for m in re.finditer(re.escape(term), text):
                total += 1
                split += any(k in bounds for k in range(m.start() + 1, m.end()))
    return split, total


# Loads a dictionary in a fresh process: ours (plus the budget terms) or jieba's own initialize().
LOAD_SNIPPET = """
import sys, time
from pathlib import Path
import jieba
from linter.nlp.pipeline import setup_segmenter
dictionary, cache_dir, loader = sys.argv[1:]
start = time.perf_counter()
if loader == "jieba":
    tokenizer = jieba.Tokenizer(dictionary)
    tokenizer.tmp_dir = cache_dir
    tokenizer.initialize()
else:
    setup_segmenter(jieba.Tokenizer(), Path(dictionary), Path(cache_dir))
print(time.perf_counter() - start)
"""


def load_seconds(dictionary: Path, cached: bool, loader: str = "jxlint") -> float:
    """Median time to load `dictionary` in a fresh process, with a warm cache or none."""
    times = []
    with tempfile.TemporaryDirectory() as warm:
        if cached:
            _timed_load(dictionary, Path(warm), loader)
        for _ in range(LOAD_RUNS):
            if cached:
                times.append(_timed_load(dictionary, Path(warm), loader))
            else:
                with tempfile.TemporaryDirectory() as cold:
                    times.append(_timed_load(dictionary, Path(cold), loader))
    return statistics.median(times)


def _timed_load(dictionary: Path, cache_dir: Path, loader: str) -> float:
    cmd = [sys.executable, "-c", LOAD_SNIPPET, str(dictionary), str(cache_dir), loader]
    return float(subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout)


def measure(ns: list[int]) -> None:
    full, terms = read_entries(full_dictionary()), read_entries(BUDGET_TERMS)
    texts = seed_goal_texts()
    print(f"{len(texts)} seed goal texts, {sum(map(len, texts))} characters; "
          f"load = median of {LOAD_RUNS} fresh processes, with and without the prefix-dict cache")
    print(f"{'N':>8} {'words':>8} {'identical':>10} {'token F1':>9} {'crossing':>9} {'finer':>7} "
          f"{'load':>7} {'uncached':>9} {'terms split':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        reference = segmenter(full_dictionary(), Path(tmp))
        rows = []
        for n in ns:
            path = Path(tmp) / f"compact_{n}.txt"
            entries = compact_entries(full, n, terms)
            write_entries(entries, path)
            rows.append((f"{n}", len(entries), path, segmenter(path, Path(tmp))))
        rows.append(("full", len(full), full_dictionary(), reference))
        for name, size, path, tokenizer in rows:
            a = agreement(tokenizer, reference, texts)
            split, total = terms_split(tokenizer, texts)
            print(f"{name:>8} {size:>8} {a['identical']:>10.1%} {a['f1']:>9.3f} {a['crossing']:>9.2%} "
                  f"{a['finer']:>7.1%} {load_seconds(path, True) * 1000:>5.0f}ms "
                  f"{load_seconds(path, False) * 1000:>7.0f}ms {split:>6}/{total}")
    print(f"full dictionary through jieba's own loader: {load_seconds(full_dictionary(), True, 'jieba') * 1000:.0f}ms, "
          f"uncached {load_seconds(full_dictionary(), False, 'jieba') * 1000:.0f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", type=int, nargs="*", metavar="N",
                        help=f"compare compact dictionaries of N words with the full one (default {MEASURE_N})")
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure or list(MEASURE_N))
        return
    entries = compact_entries(read_entries(full_dictionary()), TOP_N, read_entries(BUDGET_TERMS))
    write_entries(entries, COMPACT_DICT)
    print(f"wrote {COMPACT_DICT.relative_to(ROOT)}: {len(entries)} words")


if __name__ == "__main__":
    main()
