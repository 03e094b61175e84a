"""The command line: parse options, call the engine, print a formatter's output. Nothing else."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from linter import __version__
from linter.text import os_reason


class RunError(click.ClickException):
    """A run that cannot finish as asked (a file it cannot write, a workbook it cannot annotate): exit 2."""

    exit_code = 2


def _split(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jxlint")
def main() -> None:
    """jxlint: lint 绩效目标申报表 (budget performance-target forms)."""


def shared_options(f):
    """The options `check` and `triage` share: rule selection, severities, config, language, jobs, output."""
    options = [
        click.option("--select", multiple=True, help="Rule codes or prefixes to run (replaces the default ALL)."),
        click.option("--extend-select", multiple=True, help="Codes or prefixes to add to the selection."),
        click.option("--ignore", multiple=True, help="Codes or prefixes to skip."),
        click.option("--severity", "severities", multiple=True, metavar="CODE=LEVEL", help="Override a rule's severity."),
        click.option("--budget-year", type=int, help="Budget year for forms that do not state it."),
        click.option("--lang", type=click.Choice(["zh", "en"]), help="Message language [zh]."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file."),
        click.option("--isolated", is_flag=True, help="Ignore every config file."),
        click.option("--show-settings", is_flag=True, help="Print the resolved settings and exit."),
        click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
                     help="Lint forms in N processes (0: one per CPU; more than the CPUs is capped at their number, "
                          "with a note on stderr); the output is the same whatever N is."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the result cache (.jxlint_cache/)."),
        click.option("--cache-dir", type=click.Path(file_okay=False),
                     help="Keep the result cache in this folder [$JXLINT_CACHE_DIR, the config's cache-dir, .jxlint_cache/]."),
        click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _settings(paths: tuple[str, ...], shared: dict, extra: dict[str, object] | None = None,
              stdin_filename: str | None = None):
    """Settings from the config file, then the shared command-line options (and `extra` overrides). With
    --stdin-filename, the config file is looked for from that name, as for a file of that name."""
    from linter import config as cfg

    overrides: dict[str, object] = {}
    for key in ("select", "extend-select", "ignore"):
        given = shared[key.replace("-", "_")]
        if given:
            codes = _split(given)
            if not codes:  # `--select ''` or `--select ,` would silently select (or ignore) nothing
                raise click.UsageError(f"--{key} {','.join(given)!r}: no rule code given (e.g. --{key} G001,E)")
            overrides[key] = codes
    if shared["severities"]:
        overrides["severity"] = dict(_severity_override(raw) for raw in shared["severities"])
    for key, value in (*(extra or {}).items(), ("budget-year", shared["budget_year"]), ("lang", shared["lang"])):
        if value is not None:
            overrides[key] = value
    config_file = shared["config_file"]
    try:
        settings = cfg.Settings()
        start = stdin_filename if stdin_filename and paths[0] == "-" else paths[0]
        found = None if shared["isolated"] else (Path(config_file) if config_file else cfg.find_config(start))
        if config_file and not Path(config_file).is_file():
            raise cfg.ConfigError(f"{config_file}: config file not found")
        if found:
            settings = cfg.load_config(found)
        settings = replace(settings, stdin_filename=stdin_filename) if stdin_filename else settings
        return cfg.apply(settings, overrides, cfg.COMMAND_LINE)
    except cfg.ConfigError as exc:
        raise click.UsageError(str(exc)) from None


def _severity_override(raw: str) -> tuple[str, str]:
    """`--severity G001=info` → ("G001", "info"); a missing code or level is a usage error naming the value."""
    code, sep, level = (part.strip() for part in raw.partition("="))
    if not (sep and code and level):
        raise click.UsageError(f"--severity {raw!r}: expected CODE=error|warning|info (e.g. G007=info)")
    return code, level


def _show_settings(settings) -> None:
    from linter.engine import selected_rules

    shown = {**settings.as_dict(), "rules": [r.code for r in selected_rules(settings)]}
    click.echo(json.dumps(shown, ensure_ascii=False, indent=2))


def _jobs(n: int, lang: str) -> int:
    """N worker processes, at most one per CPU this process may use (0: one per CPU)."""
    cpus = getattr(os, "process_cpu_count", os.cpu_count)() or 1  # process_cpu_count: Python 3.13+
    if n > cpus:
        click.echo(_say(lang, f"jxlint: --jobs {n} 超过 CPU 数，按 {cpus} 个进程运行",
                        f"jxlint: --jobs {n} capped at {cpus} (the number of CPUs)"), err=True)
    return min(n, cpus) or cpus


def _result_cache(settings, shared: dict):
    """The per-form result cache (linter/cache.py), or None with --no-cache."""
    if shared.get("no_cache"):
        return None
    from linter.cache import ResultCache, cache_dir_for

    try:
        folder = cache_dir_for(settings.config_path, shared.get("cache_dir"), settings.cache_dir)
    except OSError:  # the current folder was removed under the run: no cache, like any cache that cannot be written
        return None
    return ResultCache(folder, settings)


def _cannot_write(target: str, reason: str, lang: str) -> RunError:
    return RunError(_say(lang, f"无法写入 {target}：{reason}", f"cannot write {target}: {reason}"))


@contextmanager
def _writing(target: str, lang: str) -> Iterator[None]:
    """An OSError while writing what the user asked for becomes an exit-2 message naming it and the OS reason."""
    try:
        yield
    except OSError as exc:
        raise _cannot_write(target, os_reason(exc).pick(lang), lang) from None


def _check_output_folders(lang: str, *targets: tuple[str, str | None]) -> None:
    """Refuse an output whose folder is missing or not a folder before linting, not after a long run."""
    for option, target in targets:
        folder = os.path.dirname(os.path.abspath(target)) if target else ""
        if target and not os.path.isdir(folder):
            exists = os.path.exists(folder)
            reason = _say(lang, f"{folder} 不是文件夹" if exists else f"文件夹 {folder} 不存在",
                          f"{os_reason(errno.ENOTDIR if exists else errno.ENOENT).en}: {folder}")
            raise _cannot_write(f"{option} {target}", reason, lang)


def _write(text: str, output: str | None, lang: str, encoding: str = "utf-8") -> None:
    """The report to -o FILE or to stdout; a full disk or a closed stdout is an exit-2 message, not lost output."""
    _write_stream(lambda out: out.write(text), output, lang, encoding)


def _write_stream(write, output: str | None, lang: str, encoding: str = "utf-8") -> None:
    """`write(stream)` into -o FILE or stdout, piece by piece (the JSON, JSON Lines and SARIF formatters write
    a diagnostic at a time, so no report is ever one string); errors as in _write."""
    if output:
        with _writing(f"-o/--output {output}", lang), open(output, "w", encoding=encoding, newline="") as fh:
            write(fh)
        return
    try:
        write(sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped reading (`| head`): as quiet as any other command
        _drop_stdout()
    except OSError as exc:
        _drop_stdout()
        raise _cannot_write(_say(lang, "标准输出", "standard output"), os_reason(exc).pick(lang), lang) from None


def _drop_stdout() -> None:
    """Point stdout at os.devnull, so Python's final flush does not fail again with a traceback."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # no file descriptor (stdout replaced in-process): nothing to flush there
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


CHECK_FORMATS = ["text", "json", "sarif", "github", "junit", "json-lines", "concise", "full", "gitlab"]
STREAMED_FORMATS = {"json": "json_format", "sarif": "sarif", "json-lines": "json_lines"}  # format → module with write()


def _render_format(fmt: str, report, lang: str, output: str | None, quiet: bool, statistics: bool) -> str:
    """The formats beyond text/json, one module each in linter/formatters/ (README "Output formats")."""
    import os
    from importlib import import_module

    formatter = import_module(f"linter.formatters.{fmt.replace('-', '_')}")
    if fmt in ("concise", "full"):
        return formatter.render(report, lang, output is None and sys.stdout.isatty(), quiet, statistics)
    if fmt == "github":
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        with _writing(f"$GITHUB_STEP_SUMMARY {summary}", lang):
            formatter.write_step_summary(report, lang, summary)
    return formatter.render(report, lang)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Exit 1 at or above this severity [error].")
@click.option("--statistics", is_flag=True, help="Print only the count of findings per rule (text formats).")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Hide the findings recorded in this baseline file.")
@click.option("--write-baseline", is_flag=True, help="Record the current findings into --baseline FILE.")
@click.option("--prune-baseline", is_flag=True, help="Drop entries that no longer match from --baseline FILE.")
@click.option("--annotate", type=click.Path(dir_okay=False),
              help="Write a copy of the (single) Excel input with a comment on each offending cell.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are reported (2 still means a usage error).")
@click.option("--stdin-filename", help="The name standard input is reported as; it also picks the config file, "
                                       "per-file-ignores and the reader (by extension).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the per-form rules run: this machine (--jobs), or a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: an existing scheduler (tcp://host:8786) instead of a local cluster of --jobs workers.")
@shared_options
def check(paths: tuple[str, ...], fmt: str, fail_on: str | None, statistics: bool, quiet: bool, baseline: str | None,
          write_baseline: bool, prune_baseline: bool, annotate: str | None = None, exit_zero: bool = False,
          stdin_filename: str | None = None, engine: str = "local", scheduler: str | None = None, **shared) -> None:
    """Lint form files and folders (`-` reads standard input)."""
    if stdin_filename is not None and "-" not in paths:
        raise click.UsageError("--stdin-filename names standard input: give `-` as the path")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    settings = _settings(paths, shared, {"fail-on": fail_on}, stdin_filename)
    if annotate:
        _check_annotate_target(paths, annotate, settings.lang)
    if (write_baseline or prune_baseline) and not baseline:
        raise click.UsageError("--write-baseline and --prune-baseline need --baseline FILE")
    outputs = (("-o/--output", shared["output"]), ("--baseline", baseline if write_baseline or prune_baseline else None))
    _refuse_to_overwrite_inputs(paths, *outputs, lang=settings.lang)
    _refuse_closed_stdin(paths)
    if shared["show_settings"]:
        _show_settings(settings)
        return
    _check_output_folders(settings.lang, *outputs, ("--annotate", annotate))
    _run_check(list(paths), settings, fmt, statistics, quiet, baseline, write_baseline, prune_baseline,
               shared["output"], _jobs(shared["jobs"], settings.lang), annotate=annotate,
               cache=_result_cache(settings, shared), exit_zero=exit_zero,
               dask=(scheduler,) if engine == "dask" else None)


def _run_check(paths: list[str], settings, fmt: str, statistics: bool, quiet: bool, baseline_path: str | None,
               write_baseline: bool, prune_baseline: bool, output: str | None, jobs: int = 1,
               annotate: str | None = None, cache=None, exit_zero: bool = False,
               dask: tuple[str | None] | None = None) -> None:
    from linter.baseline import Baseline, BaselineError
    from linter.engine import lint_paths
    from linter.progress import progress_reporter

    known = None
    if baseline_path and not write_baseline:
        try:
            known = Baseline.load(baseline_path)
        except BaselineError as exc:
            raise click.UsageError(str(exc)) from None
    with _engine(dask, jobs, settings.lang) as client, progress_reporter() as on_form:
        report = lint_paths(paths, settings, known, on_form, jobs=jobs, cache=cache, client=client,
                            compact=fmt in STREAMED_FORMATS and not annotate)
    _warn_if_no_files(report.files + report.unreadable, settings.lang)
    if write_baseline:
        with _writing(f"--baseline {baseline_path}", settings.lang):
            Baseline.from_keys(report.keys).write(baseline_path)
        click.echo(f"jxlint: wrote {len(report.keys)} finding(s) to {baseline_path}", err=True)
        return
    if prune_baseline and known is not None:
        with _writing(f"--baseline {baseline_path}", settings.lang):
            known.pruned(report.stale_baseline).write(baseline_path)
        click.echo(f"jxlint: pruned {sum(report.stale_baseline.values())} entr(ies) from {baseline_path}", err=True)
    if fmt in STREAMED_FORMATS:
        from importlib import import_module

        formatter = import_module(f"linter.formatters.{STREAMED_FORMATS[fmt]}")
        _write_stream(lambda out: formatter.write(report, out, settings.lang), output, settings.lang)
        text = None
    elif fmt in CHECK_FORMATS[2:]:
        text = _render_format(fmt, report, settings.lang, output, quiet, statistics)
    else:
        from linter.formatters import text as text_format

        colour = output is None and sys.stdout.isatty()
        text = text_format.render(report, settings.lang, colour, quiet, statistics)
    if text is not None:
        _write(text, output, settings.lang)
    if annotate:
        _annotate(paths[0], annotate, report, settings.lang)
    sys.exit(1 if report.fails(settings.fail_on) and not exit_zero else 0)


@contextmanager
def _engine(dask: tuple[str | None] | None, jobs: int, lang: str) -> Iterator[object]:
    """None for the local engine; for --engine dask a Client of --scheduler or of a local cluster of --jobs
    workers (2 when --jobs is 1). An unreachable scheduler is an exit-2 message."""
    if dask is None:
        yield None
        return
    try:
        from linter.dask_engine import SchedulerUnreachable, dask_client
    except ImportError:
        raise RunError(_say(lang, "--engine dask 需要安装 Dask：pip install 'jxlint[dask]'",
                            "--engine dask needs Dask: pip install 'jxlint[dask]'")) from None
    scheduler = dask[0]
    try:
        with dask_client(scheduler, jobs if jobs > 1 else 2) as client:
            yield client
    except SchedulerUnreachable as exc:
        raise RunError(_say(lang, f"无法连接 Dask 调度器 {exc}", f"cannot reach the Dask scheduler {exc}")) from None


def _annotate(source: str, target: str, report, lang: str) -> None:
    from linter.excel_annotate import AnnotateError, annotate

    try:
        with _writing(f"--annotate {target}", lang):
            cells = annotate(source, target, report.diagnostics, lang, report.forms)
    except AnnotateError as exc:
        raise RunError(str(exc)) from None
    click.echo(_say(lang, f"jxlint: 已在 {target} 中批注 {cells} 个单元格", f"jxlint: annotated {cells} cell(s) in {target}"),
               err=True)


def _warn_if_no_files(inputs: int, lang: str) -> None:
    """Folders with no form file (and nothing unreadable) in them: say so, as ruff does, rather than print an empty report."""
    if not inputs:
        from linter.readers import FORM_EXTENSIONS

        kinds = " ".join(sorted(FORM_EXTENSIONS))
        click.echo(_say(lang, f"jxlint: 警告：所给路径下没有找到表单文件（{kinds}）",
                        f"jxlint: warning: No form files found under the given path(s) ({kinds})"), err=True)


def _refuse_closed_stdin(paths: tuple[str, ...]) -> None:
    """`-` with no standard input at all (closed, `0<&-`): Python has no sys.stdin to read."""
    if "-" in paths and sys.stdin is None:
        raise click.UsageError("- reads standard input, but standard input is closed")


def _refuse_to_overwrite_inputs(paths: tuple[str, ...], *targets: tuple[str, str | None], lang: str = "zh") -> None:
    """A report or baseline written over an input form (a file given, or a form file in a folder given) would
    destroy the form: a usage error instead."""
    for option, target in targets:
        if target:
            from linter.excel_annotate import same_file
            from linter.readers import FORM_EXTENSIONS

            in_folder = os.path.isfile(target) and Path(target).suffix.lower() in FORM_EXTENSIONS
            for path in paths:
                if path == "-":
                    continue
                if (os.path.isfile(path) and same_file(path, target)) or (os.path.isdir(path) and in_folder and (
                        os.path.commonpath([os.path.realpath(path), os.path.realpath(target)]) == os.path.realpath(path))):
                    raise click.UsageError(_say(lang, f"{option} {target}：这是输入文件 {path}，不能覆盖；请另选一个文件名",
                                                f"{option} {target}: refusing to overwrite the input {path}; choose another file"))


def _check_annotate_target(paths: tuple[str, ...], target: str, lang: str = "zh") -> None:
    """--annotate takes one .xlsx/.xlsm input and never writes over an input."""
    if len(paths) != 1 or Path(paths[0]).suffix.lower() not in (".xlsx", ".xlsm") or not Path(paths[0]).is_file():
        raise click.UsageError(_say(lang, "--annotate 只能用于一个 .xlsx 工作簿（输入只给这一个文件）",
                                    "--annotate needs exactly one .xlsx workbook as input"))
    _refuse_to_overwrite_inputs(paths, ("--annotate", target), lang=lang)
    if Path(target).suffix.lower() != Path(paths[0]).suffix.lower():
        suffix = Path(paths[0]).suffix
        raise click.UsageError(_say(lang, f"--annotate {target}：批注副本的扩展名须与输入相同（{suffix}）",
                                    f"--annotate {target}: the copy must have the input's extension ({suffix})"))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "html"]), default="table", show_default=True)
@click.option("--rubric", type=click.Path(dir_okay=False), help="Triage table to score with [rulesets/triage.yaml].")
@click.option("--by", "by", type=click.Choice(["form", "unit"]), default="form", show_default=True,
              help="Rank forms, or units (a unit's department form, project forms and side tables together).")
@click.option("--top", type=click.IntRange(min=0), help="List only the N worst forms (or units with --by unit).")
@click.option("--reasons", type=click.IntRange(min=0), help="Reasons listed per form [the table's top_reasons].")
@shared_options
def triage(paths: tuple[str, ...], fmt: str, rubric: str | None, by: str, top: int | None, reasons: int | None,
           **shared) -> None:
    """Score every form 0–100 on the review's rubric, grade it and rank the forms (or units) worst first."""
    from linter import triage as tri

    settings = tri.with_unreadable(_settings(paths, shared))
    if by == "unit" and fmt == "html":
        raise click.UsageError(_say(settings.lang, "--by unit 请用 --format table、json 或 csv（HTML 报告按表单列出）",
                                    "--by unit: use --format table, json or csv (the HTML report lists forms)"))
    _refuse_to_overwrite_inputs(paths, ("-o/--output", shared["output"]), lang=settings.lang)
    _refuse_closed_stdin(paths)
    if shared["show_settings"]:
        _show_settings(settings)
        return
    _check_output_folders(settings.lang, ("-o/--output", shared["output"]))
    try:
        table = tri.Rubric.load(rubric)
    except tri.RubricError as exc:
        raise click.UsageError(str(exc)) from None
    _run_triage(list(paths), settings, table, fmt, shared["output"], _jobs(shared["jobs"], settings.lang),
                cache=_result_cache(settings, shared), by=by, top=top,
                reasons=table.top_reasons if reasons is None else reasons)


def _run_triage(paths: list[str], settings, rubric, fmt: str, output: str | None, jobs: int, cache=None,
                by: str = "form", top: int | None = None, reasons: int = 3) -> None:
    """`top`: the forms (or units) listed; `reasons`: reasons per form."""
    from importlib import import_module

    from linter import triage as tri
    from linter.engine import lint_paths
    from linter.progress import progress_reporter
    from linter.triage_model import ModelError
    from linter.triage_units import by_unit

    with progress_reporter() as on_form:
        report = lint_paths(paths, settings, None, on_form, jobs=jobs, cache=cache)
    _warn_if_no_files(report.files + report.unreadable, settings.lang)
    try:
        scores = tri.triage(report.forms, report.diagnostics, rubric, settings.lang)
    except ModelError as exc:
        raise click.UsageError(str(exc)) from None
    formatter = import_module(f"linter.formatters.triage_{fmt}")
    colour = output is None and sys.stdout.isatty()
    if by == "unit":
        units = by_unit(scores, rubric, settings.lang)[:top]
        text = formatter.render_units(units, rubric, top=reasons, lang=settings.lang, colour=colour)
    else:
        text = formatter.render(scores[:top], rubric, top=reasons, lang=settings.lang, colour=colour)
    # Excel opens a UTF-8 CSV file correctly only with a byte-order mark
    _write(text, output, settings.lang, "utf-8-sig" if fmt == "csv" and output else "utf-8")


@main.command()
@click.option("--type", "form_type", type=click.Choice(["project", "department"]), default="project", show_default=True)
@click.option("--layout", type=click.Choice(["2015", "2021"]), default="2021", show_default=True,
              help="Indicator hierarchy: 2015 (成本 under 产出) or 2021 (成本 a 一级).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .xlsx file to write.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of its messages.")
def template(form_type: str, layout: str, output: str, force: bool, lang: str = "zh") -> None:
    """Write a blank Excel 绩效目标申报表 template that `jxlint check` reads back."""
    from linter.excel_annotate import save_workbook
    from linter.excel_template import build_template

    if not output.lower().endswith(".xlsx"):
        raise click.UsageError(_say(lang, "-o 须是 .xlsx 文件名", "-o must name an .xlsx file"))
    if Path(output).exists() and not force:
        raise click.UsageError(_say(lang, f"{output} 已存在；要覆盖请加 --force", f"{output} exists; use --force to overwrite it"))
    _check_output_folders(lang, ("-o/--output", output))
    with _writing(f"-o/--output {output}", lang):
        save_workbook(build_template(form_type, layout)[0], output)
    kind = {"project": "项目支出", "department": "部门整体支出"}[form_type]
    click.echo(_say(lang, f"jxlint: 已写入{kind}绩效目标申报表模板（{layout} 版指标体系）：{output}",
                    f"jxlint: wrote {form_type} template ({layout} layout) to {output}"), err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--max-upload-mb", type=click.FloatRange(min=0.001), default=20.0, show_default=True,
              help="Refuse uploads larger than this (all files of one request together).")
@click.option("--budget-year", type=int, help="Budget year for forms that do not state it.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--lint-timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Stop the check of one upload after this many seconds and answer with an error (422).")
@click.option("--lint-memory-mb", type=click.IntRange(min=1), default=2048, show_default=True,
              help="Stop the check of one upload when it takes this much more memory (Linux) and answer "
                   "with an error (422).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language of the server's own messages [zh].")
def serve(host: str, port: int, max_upload_mb: float, budget_year: int | None, config_file: str | None,
          isolated: bool, lint_timeout: float, lint_memory_mb: int, lang: str | None = None) -> None:
    """Start the local web page: drop a form, see what to fix (README "Web page")."""
    import socket

    from linter.web.app import create_app, run_server

    shared = {"select": (), "extend_select": (), "ignore": (), "severities": (), "budget_year": budget_year,
              "lang": None, "config_file": config_file, "isolated": isolated}
    settings = _settings((".",), shared)
    lang = lang or settings.lang  # the server's own messages; the page asks for its language per request
    try:  # a clear message instead of uvicorn's log line when the port is taken
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise click.UsageError(_say(lang, f"无法在 {host}:{port} 上启动：{os_reason(exc).zh}（可用 --port 换一个端口）",
                                    f"cannot listen on {host}:{port}: {os_reason(exc).en}")) from None
    local = host in ("127.0.0.1", "localhost", "::1")
    hosts = ["127.0.0.1", "localhost", "[::1]"] if local else ["*"]
    shown = f"[{host}]" if ":" in host else host
    click.echo(_say(lang, f"jxlint serve：请在浏览器中打开 http://{shown}:{port}/ （按 Ctrl+C 停止）",
                    f"jxlint serve: open http://{shown}:{port}/ in a browser (Ctrl+C stops it)"), err=True)
    run_server(create_app(settings, max_upload_mb, hosts, lint_timeout=lint_timeout, lint_memory_mb=lint_memory_mb),
               host, port)


@main.command(name="rule")
@click.argument("code")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rule_cmd(code: str, lang: str) -> None:
    """Explain one rule: what it flags, why, and examples."""
    from linter.docs import rule_doc
    from linter.codes import get_rule

    r = get_rule(code)
    if r is None:
        raise click.UsageError(f"unknown rule code {code!r}; `jxlint rules` lists them")
    click.echo(rule_doc(r, lang))


@main.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rules_cmd(fmt: str, lang: str) -> None:
    """List every rule with its code, name and default severity."""
    from linter.codes import all_rules

    rules = all_rules()
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity,
                                "summary": r.described(lang)[0], "source": r.sources(lang)} for r in rules],
                              ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.code}  {r.name:<28} {r.severity:<8} {r.described(lang)[0]}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of a canonical form file."""
    from linter.schema import form_schema

    click.echo(json.dumps(form_schema(), ensure_ascii=False, indent=2))


def run() -> None:
    """Console entry point: usage errors exit 2, and no traceback ever reaches the user."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        click.echo(f"jxlint: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(2)
