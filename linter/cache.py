"""A content-hash cache of per-form rule results (`jxlint check`/`triage`; `--no-cache` bypasses it).

Only what depends on one form alone is cached: the findings of the per-form rules. Reading the
inputs, linking side tables, batch rules (they look across files), suppressions, the baseline and
the wording of messages run on every run, so the output is the same with and without the cache.

The key of a form's entry is a sha256 over
  - the sha256 of the bytes of every input file the form was read from (its own file and any
    linked side table; modification times are not used: forms are copied and e-mailed),
  - the form itself as the rules see it (after linking, budget year and preset layout applied),
  - the environment: jxlint's version, a digest of its source, of rulesets/ and models/, the
    versions of the NLP libraries, and the resolved settings (selection, severities, budget year,
    preset, lang, ...).
The entries of the forms read from one input file share one entry file under `.jxlint_cache/v1/`
(next to the config file, or in the current directory; $JXLINT_CACHE_DIR overrides), named by the
environment, the file's path and its sha256. It is written to a temporary file and renamed into place,
so two concurrent runs never see half an entry (the last writer wins; both wrote correct results).
Anything wrong with an entry (truncated, corrupt, foreign, holding objects) makes it a miss; a cache
that cannot be written is skipped. The cache is kept under MAX_ENTRIES files and MAX_BYTES, least
recently used first. Entries are pickles of builtin containers and scalars only, read with an
unpickler that refuses every class, so a planted entry cannot run code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from linter.registry import Finding

CACHE_DIRNAME = ".jxlint_cache"
FORMAT = "v1"
MAX_ENTRIES = 5_000  # entry files (one per input file); pruned to 80 %, least recently used first
MAX_BYTES = 200 * 2**20
_PLAIN = (str, int, float, bool, type(None))


def cache_dir_for(config_path: str | None, chosen: str | None = None, configured: str | None = None) -> Path:
    """The cache folder: `--cache-dir` (`chosen`), else $JXLINT_CACHE_DIR, else the config file's `cache-dir`
    (`configured`, relative to its folder), else `.jxlint_cache/` next to the config file or in the current one."""
    override = chosen or os.environ.get("JXLINT_CACHE_DIR")
    if override:
        return Path(override)
    base = Path(config_path).resolve().parent if config_path else Path.cwd()
    return base / (configured or CACHE_DIRNAME)


class ResultCache:
    """Per-form findings, as (rule code, field, args) triples, keyed by content; one entry file per input file."""

    def __init__(self, directory: Path | str, settings: Any) -> None:
        self.root = Path(directory)
        self.dir = self.root / FORMAT
        self.env = _environment(settings)
        self.hits = self.misses = self.writes = 0  # hits and misses count forms, writes entry files
        self._file_digests: dict[str, str] = {}
        self._groups: dict[str, list[int]] = {}  # entry name -> indices of the forms read from that file
        self._keys: list[str] = []
        self._loaded: dict[str, dict[str, Any]] = {}

    # -- keys ---------------------------------------------------------------------------------
    def note_file(self, path: str) -> None:
        """Remember the sha256 of an input file's bytes (called once per file the engine reads)."""
        try:
            with open(path, "rb") as fh:
                self._file_digests[path] = hashlib.file_digest(fh, "sha256").hexdigest()
        except OSError:
            self._file_digests[path] = "unreadable"

    def key(self, form: Any) -> str:
        """The form's key: its content as the rules see it and the bytes of every file it came from."""
        sources = sorted({form.path, *(loc.path for loc in form.locations.values() if loc.path)})
        h = hashlib.sha256(self.env.encode())
        for path in sources:
            h.update(f"\0{path}\0{self._file_digests.get(path, '-')}".encode())
        h.update(b"\0form\0" + repr(form).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _entry_name(self, path: str) -> str:
        text = f"{self.env}\0{path}\0{self._file_digests.get(path, '-')}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    # -- lookups ------------------------------------------------------------------------------
    def lookup(self, forms: list[Any]) -> list[list[tuple[str, Finding]] | None]:
        """Each form's cached findings, or None on a miss (absent, stale, unreadable or corrupt entry)."""
        self._keys = [self.key(form) for form in forms]
        self._groups = {}
        for i, form in enumerate(forms):
            self._groups.setdefault(self._entry_name(form.path), []).append(i)
        found: list[list[tuple[str, Finding]] | None] = [None] * len(forms)
        for name, indices in self._groups.items():
            table = self._loaded[name] = self._read(name)
            for i in indices:
                try:
                    found[i] = [(code, _finding(field, args)) for code, field, args in table[self._keys[i]]]
                except Exception:  # noqa: BLE001 - absent or malformed: a miss
                    table.pop(self._keys[i], None)
        self.hits = sum(f is not None for f in found)
        self.misses = len(forms) - self.hits
        return found

    def store(self, found: list[list[tuple[str, Finding]] | None]) -> None:
        """Write the entries of the files that had misses; None (a crashed rule) is not stored."""
        for name, indices in self._groups.items():
            table = self._loaded.get(name, {})
            if all(self._keys[i] in table for i in indices):
                continue  # every form was a hit: nothing to write
            fresh = {}
            for i in indices:
                if found[i] is not None:
                    triples = [(code, f.field, dict(f.args)) for code, f in found[i]]
                    if _plain(triples):  # a finding with an unusual argument type is recomputed each run
                        fresh[self._keys[i]] = triples
            self._write(name, fresh)

    # -- entry files --------------------------------------------------------------------------
    def _path(self, name: str) -> Path:
        return self.dir / f"{name}.pkl"

    def _read(self, name: str) -> dict[str, Any]:
        path = self._path(name)
        try:
            stored_name, table = _SafeUnpickler(BytesIO(path.read_bytes())).load()
            if stored_name != name or not isinstance(table, dict):
                raise ValueError("foreign entry")
        except Exception:  # noqa: BLE001 - absent or corrupt entry: every form of the file is a miss
            return {}
        try:
            os.utime(path)  # least recently used is pruned first
        except OSError:
            pass
        return table

    def _write(self, name: str, table: dict[str, Any]) -> None:
        path = self._path(name)
        try:
            if not self.writes:
                self._mark_root()
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=".tmp-", suffix=".pkl")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((name, table), fh, protocol=4)
                os.replace(tmp, path)  # atomic: a concurrent reader sees the old entry or the new one
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            self.writes += 1
        except OSError:
            pass  # read-only folder, disk full ...: lint without caching

    def _mark_root(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tag = self.root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# jxlint result cache; safe to delete\n")
            (self.root / ".gitignore").write_text("*\n")

    def prune(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> int:
        """Remove the least recently used entries beyond either bound (down to 80 %); how many were removed."""
        if not self.writes or not self.dir.is_dir():
            return 0
        entries = []
        try:
            for e in os.scandir(self.dir):
                if e.name.endswith(".pkl"):
                    try:
                        st = e.stat()
                        entries.append((st.st_mtime, st.st_size, e.path))
                    except OSError:
                        pass
        except OSError:
            return 0
        total = sum(size for _, size, _ in entries)
        if len(entries) <= max_entries and total <= max_bytes:
            return 0
        entries.sort()
        removed = 0
        for _, size, path in entries:
            if len(entries) - removed <= int(max_entries * 0.8) and total <= int(max_bytes * 0.8):
                break
            try:
                os.unlink(path)
            except OSError:
                pass  # a concurrent run removed it first
            removed += 1
            total -= size
        return removed


def _finding(field: str, args: dict[str, Any]) -> Finding:
    if not isinstance(field, str) or not isinstance(args, dict):
        raise ValueError("bad entry")
    return Finding(field, **args)


def _plain(value: Any) -> bool:
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


class _SafeUnpickler(pickle.Unpickler):
    """Entries hold only builtin containers and scalars: loading one never imports or calls anything."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"cache entries hold no objects ({module}.{name})")


def _environment(settings: Any) -> str:
    from linter.config import NOT_FINDINGS
    from linter.engine import selected_rules

    shown = {k: v for k, v in settings.as_dict().items() if k not in NOT_FINDINGS}
    parts = [
        f"jxlint {_version()}", f"python {sys.version_info[:3]}", _code_digest(),
        repr(sorted(shown.items())), repr([r.code for r in selected_rules(settings)]),
    ]
    return "\n".join(parts)


def _version() -> str:
    from linter import __version__

    return __version__


@cache
def _code_digest() -> str:
    """Digest of everything the per-form rules' results depend on besides the form and settings."""
    package = Path(__file__).resolve().parent  # its code and its data (rule packs, model, reference texts)
    h = hashlib.sha256()
    for path in sorted(package.glob("**/*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(package)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    from importlib import metadata

    for dist in ("jieba", "spacy", "rapidfuzz", "datasketch", "opencc", "pyahocorasick", "PyYAML"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none".encode())
    return h.hexdigest()
