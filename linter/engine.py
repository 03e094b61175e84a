"""The engine: read inputs, run the selected rules per form and per batch, apply suppressions
and the baseline, and hand back located, worded diagnostics. It knows no file formats
(readers do) and no output formats (formatters do)."""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields, is_dataclass, replace
from typing import Any

from linter import suppressions
from linter.baseline import Baseline, stable_field
from linter.chunks import Chunks
from linter.config import Settings
from linter.diagnostics import Diagnostic, DiagnosticStore, Key, Report, StoredKeys
from linter.excerpts import field_label
from linter.linking import link_side_tables
from linter.model import Form, Suppression
from linter.readers import Problem, discover, read_input
from linter.registry import BATCH, FORM, Batch, Finding, Rule
from linter.codes import all_rules, get_rule
from linter.rulesets import load_ruleset
from linter.text import Text


# A rule that raises is a bug in jxlint, never in the form. A normal run reports it on the form (F006, an
# error, so the run fails) and lints on; with JXLINT_STRICT=1 (the test suite) it raises, so no test can
# pass over a crashing rule.
STRICT_ENV = "JXLINT_STRICT"


class RuleCrash(RuntimeError):
    """A rule raised while JXLINT_STRICT is set."""


def strict() -> bool:
    return os.environ.get(STRICT_ENV, "") not in ("", "0")


def selected_rules(settings: Settings) -> list[Rule]:
    return [r for r in all_rules() if r.check is not None and settings.is_selected(r.code)]


def lint_paths(paths: list[str], settings: Settings, baseline: Baseline | None = None,
               on_form: Callable[[int, int], None] | None = None, jobs: int = 1, cache: Any = None,
               client: Any = None, compact: bool = False) -> Report:
    """Lint every form in these files and folders (`cache`: a linter.cache.ResultCache, or None; `client`: a
    dask.distributed Client that runs the per-form rules, linter/dask_engine.py; `compact`: the diagnostics in a
    DiagnosticStore, for a formatter that streams them, instead of a list)."""
    files, problems = discover(paths, settings.excluded, settings.force_exclude)
    report = Report(files=len(files))
    forms: list[Form] = []
    sidecars: dict[str, dict[str, list[Suppression]]] = {}
    max_bytes = int(settings.max_file_mb * 2**20)
    for path in files:
        result = read_input(path, max_bytes, settings.stdin_filename)
        if cache is not None and path != "-":
            cache.note_file(path)
        forms.extend(result.forms)
        problems.extend(result.problems)
        if result.forms:
            sidecars[result.forms[0].path], sidecar_problems = suppressions.read_sidecar(path)
            problems.extend(sidecar_problems)
    forms = link_side_tables(forms)
    forms, too_long = _split_too_long(forms)
    problems.extend(too_long)
    report.unreadable = len(problems)
    out = Collector(baseline, compact)
    for p in problems:  # an unreadable input is always reported, whatever the selection: no form may be lost silently
        diagnostic = _problem_diagnostic(p, settings)
        out.add(diagnostic, (diagnostic.form_id or diagnostic.path, diagnostic.code, diagnostic.field or ""))
    report.suppressed = _lint_into(out, forms, settings, sidecars, on_form, jobs, cache, client)
    report.forms = forms
    report.diagnostics, report.keys = out.diagnostics, out.keys
    if baseline is not None:
        report.baselined, report.stale_baseline = out.hidden, +out.remaining
    return report


class Collector:
    """Where each diagnostic goes as it is made, with its baseline key: a baseline hides the findings it knows
    (each key as many times as it counts), the others are kept in order, in lists or in a DiagnosticStore."""

    def __init__(self, baseline: Baseline | None = None, compact: bool = False) -> None:
        self.remaining: Counter[Key] = Counter(baseline.counts) if baseline is not None else Counter()
        self.hidden = 0
        self.diagnostics: list[Diagnostic] | DiagnosticStore = DiagnosticStore() if compact else []
        self.keys: list[Key] | StoredKeys = self.diagnostics.keys() if compact else []

    def add(self, diagnostic: Diagnostic, key: Key) -> None:
        if self.remaining[key] > 0:
            self.remaining[key] -= 1
            self.hidden += 1
        elif isinstance(self.diagnostics, DiagnosticStore):
            self.diagnostics.append(diagnostic, key)
        else:
            self.diagnostics.append(diagnostic)
            self.keys.append(key)


# Checking costs about 20 µs a character, so a pasted ledger in one cell would take minutes. A real goal or
# indicator is under 3,000 characters; a field over this is reported (F002) instead of checked.
MAX_FIELD_CHARS = 20_000


def _split_too_long(forms: list[Form]) -> tuple[list[Form], list[Problem]]:
    """The forms every text field of which is short enough to check, and an F002 for each of the others."""
    kept: list[Form] = []
    problems: list[Problem] = []
    for form in forms:
        where = next(_long_fields(form, ""), None)
        if where is None:
            kept.append(form)
            continue
        field_path, size = where
        problems.append(Problem(form.location(field_path), Text(
            f"内容 {size} 字，超过单项 {MAX_FIELD_CHARS} 字的上限，过长无法检查（请只填写该栏应有的内容）",
            f"{size} characters, over the {MAX_FIELD_CHARS}-character limit of one field: too long to check "
            "(fill in only what the field asks for)"), field=field_path, form_id=form.form_id))
    return kept, problems


def _long_fields(value: Any, path: str) -> Iterable[tuple[str, int]]:
    if isinstance(value, str):
        if len(value) > MAX_FIELD_CHARS:
            yield path, len(value)
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _long_fields(item, f"{path}[{i}]")
    elif is_dataclass(value):
        for f in fields(value):
            if f.name != "locations":
                yield from _long_fields(getattr(value, f.name), f"{path}.{f.name}" if path else f.name)


def lint_forms(forms: list[Form], settings: Settings,
               sidecars: dict[str, dict[str, list[Suppression]]] | None = None,
               on_form: Callable[[int, int], None] | None = None,
               jobs: int = 1, cache: Any = None, client: Any = None) -> tuple[list[Diagnostic], list[Key], int]:
    """(diagnostics, their baseline keys, number suppressed) for already-read forms."""
    out = Collector()
    suppressed = _lint_into(out, forms, settings, sidecars, on_form, jobs, cache, client)
    return out.diagnostics, out.keys, suppressed  # type: ignore[return-value]


# The per-form findings of at most this many forms wait for their diagnostics at once (about 1 KB a form).
BLOCK_FORMS = 50_000


def _lint_into(out: Collector, forms: list[Form], settings: Settings,
               sidecars: dict[str, dict[str, list[Suppression]]] | None, on_form: Callable[[int, int], None] | None,
               jobs: int, cache: Any, client: Any) -> int:
    """Every diagnostic of these forms into `out`, in form order; the number suppressed."""
    rules = selected_rules(settings)
    layout = load_ruleset("indicator_types")["presets"][settings.preset]["layout"] if settings.preset else None
    forms = [_with_defaults(f, settings.budget_year, layout) for f in forms]
    # The batch rules first: their analysis (copy detection's indexes, the largest thing a run holds) is freed
    # before the per-form findings pile up, so the two never take memory at the same time.
    batch_found, batch_crashes = _batch_findings(forms, rules)
    suppressed = 0
    for start, per_form in _per_form_blocks(forms, rules, jobs, on_form, cache, client):
        for offset, found in enumerate(per_form):
            found.extend(batch_found.pop(start + offset, ()))  # after the form's own findings, as the sort expects
            suppressed += _diagnose_form(forms[start + offset], found, settings, sidecars, out)
            per_form[offset] = []  # its diagnostics are made: the findings need not wait for the other forms'
    f006 = get_rule("F006")
    for finding in batch_crashes:  # a batch rule sees every form: its crash is reported once, on the first
        diagnostic = replace(_diagnostic(f006, finding, forms[0], settings), form_id=None)
        out.add(diagnostic, (forms[0].path, "F006", finding.field))
    return suppressed


def _per_form_blocks(forms: list[Form], rules: list[Rule], jobs: int, on_form: Callable[[int, int], None] | None,
                     cache: Any, client: Any) -> Iterator[tuple[int, list[list[tuple[Rule, Finding]]]]]:
    """(position of the first form, the per-form findings of each form) block by block; with the cache in one
    block, since it looks up and stores a run's forms at once."""
    if cache is not None:
        yield 0, _form_findings_cached(forms, rules, jobs, on_form, cache, client)
        return
    for start in range(0, len(forms), BLOCK_FORMS):
        progress = (lambda n, _total, start=start: on_form(start + n, len(forms))) if on_form else None
        yield start, _compute(forms[start:start + BLOCK_FORMS], rules, jobs, progress, client)[0]


def _with_defaults(form: Form, budget_year: int | None, layout: str | None) -> Form:
    """The form with the run's budget year and layout where it states none; the same object when that changes
    nothing, so a batch is not held twice."""
    year, kept_layout = form.budget_year or budget_year, form.layout or layout
    if year == form.budget_year and kept_layout == form.layout:
        return form
    return replace(form, budget_year=year, layout=kept_layout)


def _batch_findings(forms: list[Form], rules: list[Rule]) -> tuple[dict[int, list[tuple[Rule, Finding]]], list[Finding]]:
    """Run the batch rules over the whole run: each finding under its form's position, and the crashes, to report
    once."""
    index = {id(f): i for i, f in enumerate(forms)}
    found: dict[int, list[tuple[Rule, Finding]]] = {}
    crashes: list[Finding] = []
    batch = Batch(forms)
    for r in rules:
        if r.scope == BATCH:
            pairs, crash = _run(r, batch, "batch")
            for form, finding in pairs:
                found.setdefault(index[id(form)], []).append((r, finding))
            if crash is not None and forms:
                crashes.append(crash)
    return found, crashes


def _diagnose_form(form: Form, found: list[tuple[Rule, Finding]], settings: Settings,
                   sidecars: dict[str, dict[str, list[Suppression]]] | None, out: Collector) -> int:
    """One form's findings as diagnostics (in field order) into `out`, after its suppressions; F003 for the
    suppressions that have no reason or hide nothing. Returns the number suppressed."""
    found.sort(key=lambda rf: (_line(form, rf[1].field), rf[0].code))
    active = list(form.suppressions) + suppressions.from_note(form)
    if sidecars and form.path in sidecars:
        active += sidecars[form.path].get(form.form_id, []) + sidecars[form.path].get("*", [])
    active = suppressions.resolved(form, active)  # targets by 三级 name or cell → field paths
    valid = [s for s in active if suppressions.has_reason(s)]
    used: set[int] = set()
    suppressed = 0
    names = [ind.name for ind in form.indicators]
    for r, finding in found:
        if r.code in suppressions.ALWAYS_REPORTED:  # a crash is always reported: no selection or suppression hides it
            out.add(_diagnostic(r, finding, form, settings), (form.form_id, r.code, finding.field))
            continue
        if settings.ignored_for_path(r.code, form.path) or (form.unread and form.is_unread(finding.field)):
            continue  # ignored here, or about a value the reader could not see (its F002 says so)
        hit = next((s for s in valid if s.matches(r.code, finding.field)), None)
        if hit is not None:
            used.add(id(hit))
            suppressed += 1
            continue
        out.add(_diagnostic(r, finding, form, settings), (form.form_id, r.code, stable_field(finding.field, names)))
    _report_suppression_problems(form, active, used, settings, out)
    return suppressed


def _report_suppression_problems(form: Form, active: list[Suppression], used: set[int], settings: Settings,
                                 out: Collector) -> None:
    """F003 on each suppression without a reason, and on each that hid nothing of what was selected."""
    f003 = get_rule("F003")
    if f003 is None or not settings.is_selected("F003"):
        return
    for s in active:
        if not any(r.code.startswith(s.code) for r in all_rules()):
            finding = suppressions.unknown_code_finding(s)
        elif not suppressions.has_reason(s):
            finding = suppressions.f003_finding(s, no_reason=True)
        elif id(s) not in used and _covers_selected(s.code, settings):
            finding = suppressions.f003_finding(s, no_reason=False)
        else:
            continue
        diag = _diagnostic(f003, finding, form, settings)
        out.add(replace(diag, location=s.origin or diag.location), (form.form_id, "F003", f"suppressions.{s.code}"))


PerForm = tuple[list[list[tuple[Rule, Finding]]], list[bool]]  # findings per form, and whether no rule crashed on it


def _compute(forms: list[Form], rules: list[Rule], jobs: int, on_form: Callable[[int, int], None] | None,
             client: Any = None) -> PerForm:
    """The per-form rules' findings: on a Dask cluster, in `jobs` processes, or here; the same whichever."""
    if client is not None and forms:
        from linter import dask_engine

        return dask_engine.form_findings(forms, rules, client, on_form, _chunk_findings)
    if jobs > 1 and len(forms) > 1:
        return _form_findings_parallel(forms, rules, jobs, on_form)
    return _form_findings(forms, rules, on_form)


def _form_findings(forms: list[Form], rules: list[Rule], on_form: Callable[[int, int], None] | None) -> PerForm:
    """The per-form rules' findings, form by form, in this process."""
    per_form: list[list[tuple[Rule, Finding]]] = [[] for _ in forms]
    clean = []
    f006 = get_rule("F006")
    for i, form in enumerate(forms):
        ok = True
        for r in rules:
            if r.scope == FORM:
                found, crash = _run(r, form, form.form_id)
                per_form[i].extend((r, finding) for finding in found)
                if crash is not None:
                    per_form[i].append((f006, crash))
                    ok = False
        clean.append(ok)
        if on_form:
            on_form(i + 1, len(forms))
    return per_form, clean


def _run(r: Rule, subject: Any, label: str) -> tuple[list[Any], Finding | None]:
    """A rule's findings, and an F006 finding if it crashed: one broken rule never takes the run down."""
    try:
        return list(r.check(subject)), None
    except Exception as exc:  # noqa: BLE001 - one broken rule must not lose the other findings
        if strict():
            raise RuleCrash(f"rule {r.code} raised on {label}: {type(exc).__name__}: {exc}") from exc
        error = f"{type(exc).__name__}: {str(exc)[:200]}"
        print(f"jxlint: internal error in rule {r.code} on {label}: {error}", file=sys.stderr)
        return [], Finding("", rule=r.code, error=error)


def _covers_selected(code: str, settings: Settings) -> bool:
    return any(r.code.startswith(code) and settings.is_selected(r.code) for r in all_rules())


def _line(form: Form, field_path: str) -> int:
    return form.location(field_path).sort_line()


def _diagnostic(r: Rule, finding: Finding, form: Form, settings: Settings) -> Diagnostic:
    # interned: the same hint (and many a message) recurs on thousands of forms, one copy serves them all
    message, hint = map(sys.intern, r.render(finding.args, settings.lang))
    location = form.location(finding.field)  # a linked side-table field points into its own file
    return Diagnostic(
        code=r.code, name=r.name, severity=settings.severity_of(r), path=location.path or form.path,
        form_id=form.form_id, field=finding.field, location=location, message=message, hint=hint,
        kind=finding.args.get("kind"),
    )


def _problem_diagnostic(p: Problem, settings: Settings) -> Diagnostic:
    r = get_rule(p.code)
    colon = ": " if settings.lang == "en" else "："
    where = f"{field_label(p.field, settings.lang)}{colon}" if p.field else ""  # rows counted from 1, as people count
    message, hint = r.render({"problem": where + p.message.pick(settings.lang)}, settings.lang)
    hint = p.hint.pick(settings.lang) if p.hint is not None else hint
    return Diagnostic(code=r.code, name=r.name, severity=settings.severity_of(r), path=p.location.path,
                      form_id=p.form_id, field=p.field, location=p.location, message=message, hint=hint)


# --- `--jobs N`: per-form rules in worker processes ------------------------------------------
# A per-form rule sees one form only, so chunks of forms can be linted in N processes. Chunks
# come back by position, so the findings (and every output) are the same whatever N is. Batch
# rules need all forms at once and stay in the parent (lint_forms runs them after this).

def _form_findings_parallel(forms: list[Form], rules: list[Rule], jobs: int,
                            on_form: Callable[[int, int], None] | None) -> PerForm:
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    chunks = Chunks(forms, rules, jobs, on_form)
    # fork: workers inherit the loaded rule registry and data instead of importing them again
    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(chunks.starts)), mp_context=context) as pool:
            futures = {pool.submit(_chunk_findings, chunks.codes, chunks.of(start)): start for start in chunks.starts}
            for future in as_completed(futures):
                chunks.add(futures[future], future.result())
    except (OSError, BrokenProcessPool, pickle.PicklingError) as exc:  # no processes here: lint in this one
        print(f"jxlint: --jobs: {type(exc).__name__}: {exc}; linting in one process", file=sys.stderr)
        return _form_findings(forms, rules, on_form)
    return chunks.per_form, chunks.clean


def _chunk_findings(codes: list[str], forms: list[Form]) -> list[tuple[list[tuple[str, Finding]], bool]]:
    """Worker side: (rule code, finding) per form of a chunk, rules in the parent's order, and whether no rule
    crashed on the form (a crash is counted in the worker, so the parent must be told: it is not cached)."""
    found, clean = _form_findings(forms, [r for r in map(get_rule, codes) if r is not None], None)
    return [([(r.code, finding) for r, finding in pairs], ok) for pairs, ok in zip(found, clean)]


# --- the result cache (linter/cache.py): per-form findings looked up by content -----------------
# Only per-form rules are cached; batch rules, suppressions and wording run every time, so the
# output is the same with and without the cache. A form whose rule crashed is not stored, so the
# crash is reported again on the next run.


def _form_findings_cached(forms: list[Form], rules: list[Rule], jobs: int, on_form: Callable[[int, int], None] | None,
                          cache: Any, client: Any = None) -> list[list[tuple[Rule, Finding]]]:
    by_code = {r.code: r for r in rules if r.scope == FORM}
    per_form: list[list[tuple[Rule, Finding]] | None] = [
        None if hit is None or any(code not in by_code for code, _ in hit) else [(by_code[code], f) for code, f in hit]
        for hit in cache.lookup(forms)]
    missing = [i for i, found in enumerate(per_form) if found is None]
    done = len(forms) - len(missing)
    if on_form and done:
        on_form(done, len(forms))
    progress = (lambda n, _total: on_form(done + n, len(forms))) if on_form else None
    subset = [forms[i] for i in missing]
    computed, clean = _compute(subset, rules, jobs, progress, client)
    storable: list[list[tuple[str, Finding]] | None] = [None if found is None else [(r.code, f) for r, f in found]
                                                       for found in per_form]
    for i, found, ok in zip(missing, computed, clean):
        per_form[i] = found
        storable[i] = [(r.code, finding) for r, finding in found] if ok else None
    cache.store(storable)
    cache.prune()
    return per_form  # type: ignore[return-value]
