"""Near-duplicate texts across a batch: clauses, coverage, MinHash LSH candidates, union-find clusters.

Used by the batch rules G004 (goal copied from another unit's goal, or stock text of
corpora/reference/) and G005 (department goal = one of the unit's project goals). Texts are compared
as `comparable()` text (no punctuation, list numbering, width differences or time words) cut into
clauses.

The decision is made by clauses, not by one similarity number: `coverage(a, b)` is the share of a's
characters in clauses found (nearly) verbatim in b. A text is *copied* from another when most of it
is found in the other (`copied_share`) and the other is not a mostly unrelated text (`source_share`),
so a stock phrase inside a long, different goal does not make a copy.

Finding the pairs is near-linear (`find_copies`): identical texts are grouped by key; near-identical
texts form *families* through a MinHash LSH index (datasketch's MinHash and its choice of bands; each text's
bucket in each band a number in a matrix, `band_ids`), so a thousand copies of a text cost a thousand queries and
one index entry; a banded index over the family representatives (`Bands`, crowded buckets capped) proposes
related pairs, which are verified with rapidfuzz and joined by union-find. Never all pairs, except for tiny batches
(`direct_limit`). datasketch (with numpy and scipy) is imported on first use only.
Thresholds: rulesets/thresholds.yaml, section `copy_detection`, with their evidence.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from typing import Any

from linter.nlp.normalize import comparable, nfkc, strip_numbering, words_only
from linter.rulesets import data_path, load_ruleset

# Clause boundaries: sentence ends, commas and colons (not a decimal point or a 1,600), line breaks, and
# runs of spaces that stand for a lost line break in the seed tables. 、 is decided in clause_pieces().
_CLAUSE_SPLIT = re.compile(r"(?:[。;；!！?？\n\r\t，:：]|[,.．](?!\d)|(?<!\d)[,.．]|[ \u3000]{2,})+")
# Below this many characters a clause counts only when found verbatim (a fuzzy match of 3 characters means nothing).
_MIN_FUZZY_CLAUSE = 4
# 、 separates clauses (抓管理、树形象) when every item has at least this many characters.
_MIN_LIST_ITEM = 3


@dataclass(frozen=True)
class Params:
    """Thresholds of the copy decision, every one read from rulesets/thresholds.yaml (section `copy_detection`,
    where each has its evidence); no default here, so the two cannot disagree."""

    # the decision
    clause_ratio: float
    short_clause: int
    short_clause_ratio: float
    copied_share: float
    source_share: float
    min_chars: int
    # finding the pairs
    shingle: int
    num_perm: int
    family_jaccard: float
    family_ratio: float
    related_jaccard: float
    min_shared_grams: float
    related_rows: int  # 0: chosen by datasketch for related_jaccard
    max_bucket: int
    max_candidates: int
    direct_limit: int
    # G004's reference part and G005
    reference_share: float
    reference_ratio: float
    dept_share: float

    @classmethod
    def from_ruleset(cls) -> Params:
        return _params()


@cache
def _params() -> Params:
    section = load_ruleset("thresholds")["copy_detection"]
    return Params(**{name: section[name] for name in Params.__dataclass_fields__})


@dataclass(frozen=True)
class Doc:
    """A text ready for comparison: its comparable key and its comparable clauses."""

    key: str
    clauses: tuple[str, ...]
    total: int

    @property
    def empty(self) -> bool:
        return not self.total


_SPACE_RUN = re.compile(r"[ \u3000]{2,}")


def clause_pieces(text: str) -> list[tuple[str, str]]:
    """(author's text, comparable text) of each clause; 、 splits a clause when every item is a phrase
    (抓管理、树形象), not when some are single words (水、土、气; 强化、细化管理)."""
    out: list[tuple[str, str]] = []
    for clause in _CLAUSE_SPLIT.split(strip_numbering(_SPACE_RUN.sub("\n", nfkc(text or "")))):
        clause = clause.strip()
        if not clause:
            continue
        if "、" in clause:
            items = [(raw.strip(), words_only(raw)) for raw in clause.split("、")]
            items = [(shown, key) for shown, key in items if key]
            if len(items) > 1 and all(len(key) >= _MIN_LIST_ITEM for _, key in items):
                out.extend((shown, key) for shown, key in items if not key.isdigit())
                continue
            key = "".join(k for _, k in items)
        else:
            key = words_only(clause)
        if key and not key.isdigit():
            out.append((clause, key))
    return out


@lru_cache(maxsize=1 << 16)
def make_doc(text: str) -> Doc:
    """Comparable key and comparable clauses of a text (cached: the batch rules ask for the same texts)."""
    parts = tuple(key for _, key in clause_pieces(text))
    return Doc(comparable(text), parts, sum(len(c) for c in parts))


@cache
def _rapidfuzz() -> tuple[Any, Any]:
    """rapidfuzz's fuzz and LCSseq, imported once (clause_score runs a million times in a large batch)."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import LCSseq

    return fuzz, LCSseq


def clause_score(clause: str, hay: str) -> float:
    """Share (0–1) of the clause's characters found, in order, where it best aligns in `hay`."""
    fuzz, LCSseq = _rapidfuzz()
    if len(clause) > len(hay):
        return LCSseq.similarity(clause, hay) / len(clause)
    where = fuzz.partial_ratio_alignment(clause, hay)
    pad = max(1, len(clause) // 5)  # room for a few inserted characters
    window = hay[max(0, where.dest_start - pad): where.dest_end + pad]
    return LCSseq.similarity(clause, window) / len(clause)


def coverage(a: Doc, b: Doc, params: Params, bound: float | None = None) -> float:
    """Share (0–1) of a's clause characters found in b: verbatim, or with a clause score ≥ the clause ratio
    (stricter for short clauses, where one changed character is a different phrase).

    With a `bound` it stops once the share is known to be at or above it, or below it (the clauses left could not
    change that), and returns a share that compares with the bound as the full one does."""
    if a.empty or b.empty:
        return 0.0
    hay, hay_clauses = b.key, set(b.clauses)
    covered, left = 0, a.total
    for c in a.clauses:
        left -= len(c)
        if c in hay_clauses or c in hay:
            covered += len(c)
        elif len(c) >= _MIN_FUZZY_CLAUSE:
            needed = params.short_clause_ratio if len(c) < params.short_clause else params.clause_ratio
            if clause_score(c, hay) >= needed:
                covered += len(c)
        if bound is not None and (covered / a.total >= bound or (covered + left) / a.total < bound):
            break
    return covered / a.total


def copy_shares(a: Doc, b: Doc, params: Params) -> tuple[float, float]:
    """(share of a found in b, share of b found in a)."""
    return coverage(a, b, params), coverage(b, a, params)


def copy_relation(a: Doc, b: Doc, params: Params) -> tuple[bool, bool]:
    """(is a copied from b, is b copied from a), as is_copied decides on copy_shares, reading only as many clauses
    as the decision needs: most candidate pairs are settled once neither text can reach copied_share, and
    source_share is asked only of the other text of a pair where one does."""
    high, low = params.copied_share, params.source_share
    ab, ba = coverage(a, b, params, high), coverage(b, a, params, high)
    a_from_b = ab >= high and (ba >= high or coverage(b, a, params, low) >= low)
    b_from_a = ba >= high and (ab >= high or coverage(a, b, params, low) >= low)
    return a_from_b, b_from_a


def is_copied(own_share: float, other_share: float, params: Params) -> bool:
    """A text is copied from another when most of it is in the other, and the other is not mostly unrelated."""
    return own_share >= params.copied_share and other_share >= params.source_share


def near_identical(a: Doc, b: Doc, params: Params) -> bool:
    """The same text up to a few characters (Indel ratio >= family_ratio), with clauses in any order."""
    fuzz = _rapidfuzz()[0]
    cutoff = params.family_ratio * 100
    return bool(fuzz.ratio(a.key, b.key, score_cutoff=cutoff)
                or fuzz.ratio("".join(sorted(a.clauses)), "".join(sorted(b.clauses)), score_cutoff=cutoff))


def shingles(key: str, k: int) -> set[str]:
    """Character k-grams of a comparable key (the whole key when it is shorter than k)."""
    if len(key) <= k:
        return {key} if key else set()
    return {key[i:i + k] for i in range(len(key) - k + 1)}


class UnionFind:
    """Disjoint sets over 0..n-1 with path halving and union by size."""

    def __init__(self, n: int = 0) -> None:
        self.parent = list(range(n))
        self.size = [1] * n

    def add(self) -> int:
        self.parent.append(len(self.parent))
        self.size.append(1)
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def groups(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for x in range(len(self.parent)):
            out.setdefault(self.find(x), []).append(x)
        return out


@dataclass
class CopyResult:
    """What `find_copies` found, per input text (index into the input list)."""

    family: list[int | None]  # family of near-identical texts (None: too short or empty)
    cluster: list[int | None]  # families joined by copy relations (union-find root)
    covered_by: dict[int, set[int]] = field(default_factory=dict)  # family → families it is copied from
    families: dict[int, list[int]] = field(default_factory=dict)  # family → member texts, in input order
    candidates: int = 0  # candidate pairs verified (both stages)
    representatives: int = 0  # families, i.e. texts that entered the indexes

    def sources(self, i: int) -> list[int]:
        """Texts that text i is (near-)copied from: the rest of its family, then the families it is copied from."""
        fam = self.family[i]
        if fam is None:
            return []
        out = [j for j in self.families[fam] if j != i]
        for other in sorted(self.covered_by.get(fam, ())):
            out.extend(self.families[other])
        return out

    def copied(self, i: int) -> bool:
        return bool(self.sources(i))


class _AllPairs:
    """Candidate source for tiny batches: every representative. Cheaper than importing datasketch (~0.4 s)."""

    def __init__(self) -> None:
        self.keys: list[int] = []

    def insert(self, key: int, row: int) -> None:
        self.keys.append(key)

    def query(self, row: int) -> list[int]:
        return list(self.keys)


class _FamilyIndex:
    """Candidate source for families: MinHash LSH at one Jaccard threshold, in the bands datasketch chooses for
    it. The signatures of every distinct text are computed at once into one matrix (row = the text's place among
    the distinct keys), so that each text's bucket in each band is a number (`band_ids`); a bucket keeps its first
    family in an array and only the further ones in a dictionary."""

    def __init__(self, sigs: Any, bands: int, rows: int) -> None:
        self.sigs = sigs
        self.ids, buckets = band_ids(sigs, bands, rows)
        self.first = _numpy().full(buckets, -1, dtype=_index_type(len(sigs)))
        self.more: dict[int, list[int]] = {}

    def insert(self, key: int, row: int) -> None:
        for b in self.ids[row].tolist():
            if self.first[b] < 0:
                self.first[b] = key
            else:
                self.more.setdefault(b, []).append(key)

    def query(self, row: int) -> list[int]:
        """Every family that shares a band bucket with this text."""
        found: set[int] = set()
        for b in self.ids[row].tolist():
            first = int(self.first[b])
            if first >= 0:
                found.add(first)
                found.update(self.more.get(b, ()))
        return list(found)


def find_copies(texts: Sequence[str], params: Params | None = None) -> CopyResult:
    """Which texts are (near-)copies of which, without comparing all pairs.

    1. Texts with the same comparable key are one group (a dict).
    2. Families: each new key asks a MinHash LSH index (Jaccard of character shingles >= family_jaccard)
       for the family representatives it resembles, and joins the first one it is near-identical to
       (`near_identical`: Indel ratio >= family_ratio, clauses in any order); otherwise it founds a family and enters the index. A thousand
       copies of one text cost a thousand queries and one index entry.
    3. Copy relations between families: a banded index over the representatives (`Bands`, b × r chosen for a
       low Jaccard threshold, related_jaccard, weighted for recall; band buckets over max_bucket texts are
       stock phrases and propose nothing) gives candidate pairs; a cheap exact test
       (shared shingles) drops most, the rest are verified by clause coverage (`copy_shares`), recorded
       and unioned. At most max_candidates per family are verified, best shingle overlap first.

    Batches of at most direct_limit distinct texts skip MinHash and compare every pair of representatives
    (at most direct_limit² / 2 comparisons; a one-form run never imports datasketch).
    """
    params = params or _params()
    keys = [comparable(text or "") for text in texts]
    rows = {k: None for k in keys if len(k) >= params.min_chars}  # the distinct keys, in order of first use
    for row, k in enumerate(rows):
        rows[k] = row
    result = CopyResult(family=[None] * len(texts), cluster=[None] * len(texts))
    families = _Families(params, direct=len(rows) <= params.direct_limit)
    families.index = _AllPairs() if families.direct else _FamilyIndex(
        signatures(list(rows), params), *band_shape(params.family_jaccard, params.num_perm))
    for i, key in enumerate(keys):
        row = rows.get(key)
        if row is not None:
            result.family[i] = families.join(key, row, texts[i], i, result)
    sigs = None if families.direct else families.index.sigs[families.rows]  # the representatives' signatures
    families.index = None  # the families are built: their LSH index is not needed for step 3
    _relate_families(families, sigs, params, result)
    result.families = dict(enumerate(families.members))
    result.representatives = len(families.reps)
    return result


class _Families:
    """Step 2 of find_copies: near-identical texts grouped into families, one representative each."""

    def __init__(self, params: Params, direct: bool) -> None:
        self.params, self.direct = params, direct
        self.by_key: dict[str, int] = {}
        self.reps: list[Doc] = []
        self.grams: list[array] = []  # shingles as their hashes in an int64 array: ~1/8 of a set's memory, same counts
        self.rows: list[int] = []  # each representative's row in the signature matrix
        self.members: list[list[int]] = []
        self.index: _AllPairs | _FamilyIndex | None = None

    def join(self, key: str, row: int, text: str, i: int, result: CopyResult) -> int | None:
        """The family of text i (found, or founded by it); None for a text with nothing to compare."""
        fam = self.by_key.get(key)
        if fam is None:
            doc = make_doc(text)
            if doc.empty:
                return None
            fam = self._near_family(doc, row, result)
            self.by_key[key] = fam
        self.members[fam].append(i)
        return fam

    def _near_family(self, doc: Doc, row: int, result: CopyResult) -> int:
        for cand in sorted(self.index.query(row)):
            result.candidates += 1
            if near_identical(doc, self.reps[cand], self.params):
                return cand
        fam = len(self.reps)
        self.reps.append(doc)
        self.grams.append(array("q", map(hash, shingles(doc.key, self.params.shingle))))
        self.rows.append(row)
        self.members.append([])
        self.index.insert(fam, row)
        return fam


def _relate_families(families: _Families, sigs: Any, params: Params, result: CopyResult) -> None:
    """Step 3 of find_copies: copy relations between families (covered_by), and the clusters they make."""
    reps = families.reps
    uf = UnionFind(len(reps))
    covered_by: dict[int, set[int]] = {}
    if len(reps) > 1:
        for a, b in _related_candidates(reps, families.grams, sigs, params):
            result.candidates += 1
            a_from_b, b_from_a = copy_relation(reps[a], reps[b], params)
            if a_from_b:
                covered_by.setdefault(a, set()).add(b)
            if b_from_a:
                covered_by.setdefault(b, set()).add(a)
            if a_from_b or b_from_a:
                uf.union(a, b)
    result.cluster = [uf.find(f) if f is not None else None for f in result.family]
    result.covered_by = covered_by


def _related_candidates(reps: list[Doc], grams: list[array], sigs: Any, params: Params):
    """Pairs (a < b) of families worth verifying: from the banded index over the representatives' signatures (or
    all pairs of a tiny batch, sigs None), kept when they share >= min_shared_grams of the smaller text's
    shingles; at most max_candidates per family, best overlap first."""
    bands = None if sigs is None else Bands(sigs, *banding(params), max_bucket=params.max_bucket)
    for f in range(len(reps)):
        ga = frozenset(grams[f])  # one set at a time; each candidate's hashes are looked up in it
        later = range(f + 1, len(reps)) if bands is None else bands.later(f)
        ranked = []
        for c in later:  # a pair is proposed once, by its first member: no set of every pair seen
            gb = grams[c]
            shared = len(ga.intersection(gb)) / min(len(ga), len(gb))
            if shared >= params.min_shared_grams:  # a copy shares at least this much of the smaller text
                ranked.append((-shared, c))
        ranked.sort()
        for _, c in ranked[: params.max_candidates]:
            yield f, c


def band_shape(threshold: float, num_perm: int, weights: tuple[float, float] = (0.5, 0.5)) -> tuple[int, int]:
    """(bands, rows) that datasketch's MinHashLSH chooses for a Jaccard threshold."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights)
    return lsh.b, lsh.r


def banding(params: Params) -> tuple[int, int]:
    """(bands, rows) of the related-pair index: datasketch's choice for the related_jaccard threshold
    (weights favour recall), unless rulesets/thresholds.yaml fixes related_rows."""
    if params.related_rows:
        return params.num_perm // params.related_rows, params.related_rows
    return band_shape(params.related_jaccard, params.num_perm, weights=(0.3, 0.7))


def _numpy() -> Any:
    import numpy

    return numpy


def signatures(keys: Sequence[str], params: Params) -> Any:
    """The MinHash hash values of each key's shingles, one row a key, in one matrix (a row costs its 64 values, not
    an array object of its own). A deterministic hash (crc32) and fixed permutations, so runs agree."""
    from datasketch import MinHash

    sigs = _numpy().empty((len(keys), params.num_perm), dtype=_numpy().uint32)
    grams = ([g.encode("utf-8") for g in shingles(key, params.shingle)] for key in keys)
    for row, m in enumerate(MinHash.generator(grams, num_perm=params.num_perm, seed=1, hashfunc=zlib.crc32,
                                                scheme="affine32")):
        sigs[row] = m.hashvalues
    return sigs


def band_ids(sigs: Any, bands: int, rows: int) -> tuple[Any, int]:
    """(the bucket of each row in each band, how many buckets in all): rows whose values agree on all `rows` values
    of a band share its bucket. Buckets are numbered band by band (np.unique over the band's values as bytes), so
    a text costs one small int a band, not a dictionary entry holding a bytes key."""
    np = _numpy()
    ids = np.empty((len(sigs), bands), dtype=_index_type(len(sigs) * bands))
    total = 0
    for k in range(bands):
        values = np.ascontiguousarray(sigs[:, k * rows:(k + 1) * rows])
        _, inverse = np.unique(values.view(np.dtype((np.void, values.itemsize * rows))).ravel(), return_inverse=True)
        ids[:, k] = inverse.ravel() + total
        total += int(inverse.max()) + 1 if len(inverse) else 0
    return ids, total


def _index_type(count: int) -> Any:
    """The smallest integer type that numbers `count` things (int32 up to two thousand million)."""
    return _numpy().int32 if count < 2**31 else _numpy().int64


class Bands:
    """LSH buckets by band over a matrix of signatures (a row a text, the key is its row number): texts whose
    values agree on all rows of one band are candidates.

    With max_bucket, a bucket holding more than that many texts is a phrase many texts share (a stock phrase,
    which G004's reference index judges), not evidence of a copy: `later` proposes nothing from it, so no text has
    more than bands × max_bucket candidates and the candidate stage stays linear on varied text."""

    def __init__(self, sigs: Any, bands: int, rows: int, max_bucket: int | None = None) -> None:
        np = _numpy()
        self.b, self.max_bucket = bands, max_bucket
        self.ids, buckets = band_ids(sigs, bands, rows)
        small = _index_type(self.ids.size)
        self.size = np.bincount(self.ids.ravel(), minlength=buckets).astype(small)
        # the (text, band) cells sorted by bucket, texts ascending within one: a bucket's members are one slice
        self.order = (np.argsort(self.ids.ravel(), kind="stable") // bands).astype(small)
        self.start = (np.cumsum(self.size, dtype=np.int64) - self.size).astype(small)

    def later(self, key: int) -> list[int]:
        """The texts after `key` that share a bucket of at most max_bucket texts with it, in increasing order."""
        cap = self.max_bucket or len(self.order)
        found: set[int] = set()
        for b in self.ids[key].tolist():
            size = int(self.size[b])
            if 1 < size <= cap:
                start = int(self.start[b])
                found.update(m for m in self.order[start:start + size].tolist() if m > key)
        return sorted(found)


# ---------------------------------------------------------------------------------------------
# Reference texts (corpora/reference/): stock political phrases, duty statements, work-plan boilerplate.

REFERENCE_DIR = data_path("linter.reference", "")


@dataclass(frozen=True)
class ReferenceMatch:
    share: float  # share of the text's clause characters that repeat a reference text
    phrases: tuple[str, ...]  # the reference texts repeated, in order of first use


class ReferenceIndex:
    """The reference clauses; how much of a text is made of them (each clause: verbatim, or an Indel
    ratio >= reference_ratio with one reference clause; stricter for short clauses)."""

    def __init__(self, texts: Sequence[str], params: Params) -> None:
        self.params = params
        self.texts: list[str] = []
        self.keys: list[str] = []
        for text in texts:
            for shown, key in clause_pieces(text) or [(text, comparable(text))]:
                if key and key not in self.keys:
                    self.texts.append(text)
                    self.keys.append(key)
        self._exact = {k: i for i, k in enumerate(self.keys)}
        self._memo: dict[str, int | None] = {}

    def match_clause(self, clause: str) -> int | None:
        """Index of the reference text this comparable clause repeats, or None."""
        if clause in self._memo:
            return self._memo[clause]
        hit = self._exact.get(clause)
        if hit is None and len(clause) >= _MIN_FUZZY_CLAUSE and self.keys:
            from rapidfuzz import fuzz, process

            needed = self.params.short_clause_ratio if len(clause) < self.params.short_clause else self.params.reference_ratio
            found = process.extractOne(clause, self.keys, scorer=fuzz.ratio, score_cutoff=needed * 100)
            hit = found[2] if found else None
        if len(self._memo) < 500_000:
            self._memo[clause] = hit
        return hit

    def match(self, text: str) -> ReferenceMatch:
        doc = make_doc(text)
        if doc.empty:
            return ReferenceMatch(0.0, ())
        covered, used = 0, []
        for c in doc.clauses:
            hit = self.match_clause(c)
            if hit is not None:
                covered += len(c)
                if self.texts[hit] not in used:
                    used.append(self.texts[hit])
        return ReferenceMatch(covered / doc.total, tuple(used))


@cache
def reference_index() -> ReferenceIndex:
    """The shipped reference corpus (every corpora/reference/*.jsonl line's `text`), loaded once."""
    import json

    texts = []
    for path in sorted(REFERENCE_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return ReferenceIndex(texts, _params())
