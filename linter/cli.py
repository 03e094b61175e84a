"""The command line: parse options, call the engine, print a formatter's output. Nothing else."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from linter import __version__

def _split(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jxlint")
def main() -> None:
    """jxlint: lint 绩效目标申报表 (budget performance-target forms)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--select", multiple=True, help="Rule codes or prefixes to run (replaces the default ALL).")
@click.option("--extend-select", multiple=True, help="Codes or prefixes to add to the selection.")
@click.option("--ignore", multiple=True, help="Codes or prefixes to skip.")
@click.option("--severity", "severities", multiple=True, metavar="CODE=LEVEL", help="Override a rule's severity.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Exit 1 at or above this severity [error].")
@click.option("--budget-year", type=int, help="Budget year for forms that do not state it.")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Message language [zh].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore every config file.")
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings only, no summary.")
@click.option("--show-settings", is_flag=True, help="Print the resolved settings and exit.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Hide the findings recorded in this baseline file.")
@click.option("--write-baseline", is_flag=True, help="Record the current findings into --baseline FILE.")
@click.option("--prune-baseline", is_flag=True, help="Drop entries that no longer match from --baseline FILE.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file.")
def check(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], extend_select: tuple[str, ...],
          ignore: tuple[str, ...], severities: tuple[str, ...], fail_on: str | None, budget_year: int | None,
          lang: str | None, config_file: str | None, isolated: bool, statistics: bool, quiet: bool,
          show_settings: bool, baseline: str | None, write_baseline: bool, prune_baseline: bool,
          output: str | None) -> None:
    """Lint form files and folders (`-` reads standard input)."""
    from linter import config as cfg

    overrides: dict[str, object] = {}
    if select:
        overrides["select"] = _split(select)
    if extend_select:
        overrides["extend-select"] = _split(extend_select)
    if ignore:
        overrides["ignore"] = _split(ignore)
    if severities:
        pairs = [s.split("=", 1) for s in severities]
        if any(len(p) != 2 for p in pairs):
            raise click.UsageError("--severity takes CODE=error|warning|info")
        overrides["severity"] = {k.strip(): v.strip() for k, v in pairs}
    for key, value in (("fail-on", fail_on), ("budget-year", budget_year), ("lang", lang)):
        if value is not None:
            overrides[key] = value
    if (write_baseline or prune_baseline) and not baseline:
        raise click.UsageError("--write-baseline and --prune-baseline need --baseline FILE")
    try:
        settings = cfg.Settings()
        found = None if isolated else (Path(config_file) if config_file else cfg.find_config(paths[0]))
        if config_file and not Path(config_file).is_file():
            raise cfg.ConfigError(f"{config_file}: config file not found")
        if found:
            settings = cfg.load_config(found)
        settings = cfg.apply(settings, overrides, "command line")
    except cfg.ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    if show_settings:
        from linter.engine import selected_rules

        shown = {**settings.as_dict(), "rules": [r.code for r in selected_rules(settings)]}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    _run_check(list(paths), settings, fmt, statistics, quiet, baseline, write_baseline, prune_baseline, output)


def _run_check(paths: list[str], settings, fmt: str, statistics: bool, quiet: bool, baseline_path: str | None,
               write_baseline: bool, prune_baseline: bool, output: str | None) -> None:
    from linter.baseline import Baseline, BaselineError
    from linter.engine import lint_paths
    from linter.progress import progress_reporter

    known = None
    if baseline_path and not write_baseline:
        try:
            known = Baseline.load(baseline_path)
        except BaselineError as exc:
            raise click.UsageError(str(exc)) from None
    with progress_reporter() as on_form:
        report = lint_paths(paths, settings, known, on_form)
    if write_baseline:
        Baseline.from_keys(report.keys).write(baseline_path)
        click.echo(f"jxlint: wrote {len(report.keys)} finding(s) to {baseline_path}", err=True)
        return
    if prune_baseline and known is not None:
        known.pruned(report.stale_baseline).write(baseline_path)
        click.echo(f"jxlint: pruned {sum(report.stale_baseline.values())} entr(ies) from {baseline_path}", err=True)
    if fmt == "json":
        from linter.formatters import json_format

        text = json_format.render(report)
    else:
        from linter.formatters import text as text_format

        colour = output is None and sys.stdout.isatty()
        text = text_format.render(report, settings.lang, colour, quiet, statistics)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)
    sys.exit(1 if report.fails(settings.fail_on) else 0)


@main.command(name="rule")
@click.argument("code")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rule_cmd(code: str, lang: str) -> None:
    """Explain one rule: what it flags, why, and examples."""
    from linter.docs import rule_doc
    from linter.registry import get_rule

    r = get_rule(code)
    if r is None:
        raise click.UsageError(f"unknown rule code {code!r}; `jxlint rules` lists them")
    click.echo(rule_doc(r, lang))


@main.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
def rules_cmd(fmt: str, lang: str) -> None:
    """List every rule with its code, name and default severity."""
    from linter.registry import all_rules

    rules = all_rules()
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity,
                                "summary": r.what_en if lang == "en" else r.what} for r in rules],
                              ensure_ascii=False, indent=2))
        return
    for r in rules:
        click.echo(f"{r.code}  {r.name:<28} {r.severity:<8} {r.what_en if lang == 'en' else r.what}")


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
