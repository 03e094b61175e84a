"""The command line against hostile surroundings: outputs that cannot be written, config files in odd
encodings, empty or nonsense options, too many jobs, folders with no forms, a closed stdin, and form
values full of terminal escape sequences. None may end in "internal error", a traceback or lost output."""

from __future__ import annotations

import builtins
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

JXLINT = str(Path(sys.executable).parent / "jxlint")
GOOD = ROOT / "corpora" / "examples" / "project_good_2021.yaml"
BAD = ROOT / "corpora" / "examples" / "project_bad_indicators.yaml"
CONTROL = {c for c in map(chr, range(0x20)) if c != "\n"} | {chr(c) for c in range(0x7F, 0xA0)}
needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """The installed console script in a subprocess: what a user sees, tracebacks and exit code included."""
    return subprocess.run([JXLINT, *args], capture_output=True, text=True, timeout=300, **kwargs)


def assert_clean_failure(stderr: str) -> None:
    assert "internal error" not in stderr and "Traceback" not in stderr and "Exception ignored" not in stderr


@pytest.fixture
def workbook(tmp_path):
    """A blank template workbook, as `jxlint template` writes it (an .xlsx input for --annotate)."""
    path = tmp_path / "form.xlsx"
    assert cli("template", "-o", str(path)).returncode == 0
    return path


# --- 1. outputs that cannot be written ------------------------------------------------------------------

def _output_commands(target: Path, workbook: Path) -> dict[str, list[str]]:
    xlsx = target.with_suffix(".xlsx")
    return {
        "check -o": ["check", "--isolated", str(GOOD), "-o", str(target)],
        "check --baseline --write-baseline": ["check", "--isolated", str(GOOD), "--baseline", str(target),
                                              "--write-baseline"],
        "triage -o": ["triage", "--isolated", str(GOOD), "--format", "csv", "-o", str(target)],
        "template -o": ["template", "--force", "-o", str(xlsx)],
        "check --annotate": ["check", "--isolated", str(workbook), "--annotate", str(xlsx)],
    }


OPTION = {"check -o": "-o/--output", "check --baseline --write-baseline": "--baseline", "triage -o": "-o/--output",
          "template -o": "-o/--output", "check --annotate": "--annotate"}


@pytest.mark.parametrize("command", list(OPTION))
@pytest.mark.parametrize("where", ["missing folder", "parent is a file"])
def test_output_into_a_folder_that_is_not_there_is_exit_2_naming_path_and_reason(tmp_path, workbook, command, where):
    parent = tmp_path / "no_such_folder"
    if where == "parent is a file":
        parent.write_text("a file, not a folder")
    args = _output_commands(parent / "report.txt", workbook)[command]
    proc = cli(*args)
    assert proc.returncode == 2
    assert_clean_failure(proc.stderr)
    target = args[-1] if command != "check --baseline --write-baseline" else args[-2]
    reason = "不是文件夹" if where == "parent is a file" else "不存在"  # in Chinese, the default language
    assert f"{OPTION[command]} {target}" in proc.stderr and reason in proc.stderr and "无法写入" in proc.stderr


@needs_dev_full
@pytest.mark.parametrize("command", list(OPTION))
def test_output_to_a_full_disk_is_exit_2_naming_path_and_reason(tmp_path, workbook, command):
    for name in ("full.txt", "full.xlsx"):  # template and --annotate want an .xlsx name
        (tmp_path / name).symlink_to("/dev/full")
    args = _output_commands(tmp_path / "full.txt", workbook)[command]
    proc = cli(*args, "--lang", "en") if command.startswith(("check", "triage")) else cli(*args)
    assert proc.returncode == 2
    assert_clean_failure(proc.stderr)
    english = command.startswith(("check", "triage"))
    assert ("No space left on device" if english else "磁盘空间不足") in proc.stderr and str(tmp_path / "full.") in proc.stderr


@needs_dev_full
def test_stdout_on_a_full_disk_is_exit_2_not_a_traceback():
    with open("/dev/full", "w") as full:
        proc = subprocess.run([JXLINT, "check", "--isolated", "--lang", "en", str(BAD)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 2
    assert_clean_failure(proc.stderr)
    assert "cannot write standard output: No space left on device" in proc.stderr


@pytest.mark.parametrize("command", ["check -o", "check --baseline --write-baseline", "triage -o", "template -o",
                                     "check --annotate"])
def test_output_the_os_refuses_is_exit_2_naming_path_and_reason(jxlint, tmp_path, workbook, monkeypatch, command):
    """A read-only file or folder (the tests run as root, so open() is made to refuse, as the OS would)."""
    target = tmp_path / "locked.txt"
    args = _output_commands(target, workbook)[command]
    refused = args[-1] if command != "check --baseline --write-baseline" else args[-2]
    real_open = builtins.open

    def deny(file, mode="r", *a, **k):
        if str(file) == refused and any(m in mode for m in "wax"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(builtins, "open", deny)
    monkeypatch.setattr(io, "open", deny)  # pathlib's write_text opens through io.open
    code, _out, err = jxlint(*args)
    assert code == 2
    assert f"{OPTION[command]} {refused}" in err and "没有访问权限" in err  # the OS's reason, in Chinese


@pytest.mark.parametrize("damage", ["not a zip", "truncated"])
def test_annotate_a_damaged_workbook_is_exit_2_naming_it(tmp_path, workbook, damage):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"id,unit\nP1,x\n" if damage == "not a zip" else workbook.read_bytes()[:3000])
    proc = cli("check", "--isolated", str(broken), "--annotate", str(tmp_path / "out.xlsx"))
    assert proc.returncode == 2
    assert_clean_failure(proc.stderr)
    assert f"无法打开工作簿 {broken}" in proc.stderr and "BadZipFile" in proc.stderr
    assert "F002" in proc.stdout and not (tmp_path / "out.xlsx").exists()  # the report itself is not lost


def test_writable_outputs_still_work(tmp_path, workbook):
    report, annotated = tmp_path / "r.txt", tmp_path / "a.xlsx"
    assert cli("check", "--isolated", str(BAD), "-o", str(report)).returncode == 1
    assert "I002" in report.read_text(encoding="utf-8")
    assert cli("check", "--isolated", str(workbook), "--annotate", str(annotated)).returncode in (0, 1)
    assert annotated.read_bytes().startswith(b"PK")


def test_a_removed_current_folder_runs_without_the_cache(tmp_path):
    """The result cache lives in the current folder by default; with that folder gone there is simply no cache."""
    gone = tmp_path / "gone"
    gone.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "JXLINT_CACHE_DIR"}
    proc = cli("check", "--isolated", str(BAD), env=env, preexec_fn=lambda: (os.chdir(gone), os.rmdir(gone)))
    assert proc.returncode == 1 and "I002" in proc.stdout
    assert_clean_failure(proc.stderr)


# --- 2. config files in other encodings ----------------------------------------------------------------

CONFIG = '# 绩效目标检查配置（预算年度）\nbudget-year = 2022\nselect = ["G"]\n'


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
@pytest.mark.parametrize("name", ["jxlint.toml", "pyproject.toml", "--config"])
def test_config_in_gbk_utf16_or_utf8_bom_is_read(jxlint, tmp_path, encoding, name):
    text = CONFIG.replace("budget-year", "[tool.jxlint]\nbudget-year") if name == "pyproject.toml" else CONFIG
    config = tmp_path / ("custom.toml" if name == "--config" else name)
    config.write_bytes(text.encode(encoding))
    (tmp_path / "form.yaml").write_bytes(GOOD.read_bytes())
    extra = ["--config", str(config)] if name == "--config" else []
    code, out, err = jxlint("check", str(tmp_path / "form.yaml"), "--show-settings", *extra)
    assert code == 0, err
    shown = json.loads(out)
    assert shown["budget-year"] == 2022 and shown["select"] == ["G"] and shown["config"] == str(config)


@pytest.mark.parametrize("data, words", [
    (b"# caf\xe9 \xff\xfe\x80\nbudget-year = 2022\n", "neither UTF-8 nor GBK"),
    ('budget-year = 2022\n'.encode("utf-16-le"), "NUL bytes"),  # UTF-16 without its BOM
])
def test_config_in_an_unknown_encoding_is_refused_naming_the_file(jxlint, tmp_path, data, words):
    config = tmp_path / "jxlint.toml"
    config.write_bytes(data)
    code, _out, err = jxlint("check", str(GOOD), "--config", str(config))
    assert code == 2
    assert f"{config}: cannot read config" in err and words in err and "UTF-16 with a BOM" in err


def test_invalid_toml_names_the_file_and_line(jxlint, tmp_path):
    config = tmp_path / "jxlint.toml"
    config.write_text('budget-year = 2022\nselect = ["G"\nlang = "en"\n', encoding="utf-8")
    (tmp_path / "form.yaml").write_bytes(GOOD.read_bytes())
    code, _out, err = jxlint("check", str(tmp_path / "form.yaml"))
    assert code == 2
    assert f"{config}: invalid TOML" in err and "line 3" in err


@pytest.mark.parametrize("text, words", [
    ('[tool]\njxlint = 3\n', "[tool.jxlint] must be a table"),
    ('[tool.jxlint]\npreset = []\n', "preset must be one of"),
    ('[tool.jxlint]\nselect = ["G", ""]\n', "select: empty rule code"),
])
def test_pyproject_settings_of_the_wrong_shape_are_usage_errors(jxlint, tmp_path, text, words):
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    code, _out, err = jxlint("check", str(GOOD), "--config", str(tmp_path / "pyproject.toml"))
    assert code == 2 and words in err


def test_a_pyproject_whose_tool_is_not_a_table_is_no_config(jxlint, tmp_path):
    (tmp_path / "pyproject.toml").write_text("tool = 1\n", encoding="utf-8")
    (tmp_path / "form.yaml").write_bytes(GOOD.read_bytes())
    code, out, _err = jxlint("check", str(tmp_path / "form.yaml"), "--show-settings")
    assert code == 0 and json.loads(out)["config"] is None


# --- 3. empty and unknown rule codes ----------------------------------------------------------------------

@pytest.mark.parametrize("args, words", [
    (["--select", ""], "--select '': no rule code given"),
    (["--select", ","], "--select ',': no rule code given"),
    (["--ignore", ""], "--ignore '': no rule code given"),
    (["--ignore", " , ,"], "--ignore ' , ,': no rule code given"),
    (["--extend-select", ""], "--extend-select '': no rule code given"),
    (["--severity", "=info"], "--severity '=info': expected CODE=error|warning|info"),
    (["--severity", " =info"], "--severity ' =info': expected CODE"),
    (["--severity", "G001="], "--severity 'G001=': expected CODE"),
    (["--severity", "G001"], "--severity 'G001': expected CODE"),
    (["--severity", "G001=loud"], "--severity G001: severity must be error, warning or info, got 'loud'"),
    (["--severity", "G999=info"], "--severity: unknown rule code or prefix G999"),
    (["--select", "Q99"], "--select: unknown rule code or prefix Q99"),
    (["--ignore", "G001,ZZ"], "--ignore: unknown rule code or prefix ZZ"),
    (["--budget-year", "1800"], "--budget-year must be a year such as 2021, got 1800"),
])
def test_empty_or_unknown_codes_are_usage_errors_naming_option_and_value(jxlint, args, words):
    for command in ("check", "triage"):
        code, _out, err = jxlint(command, "--isolated", str(GOOD), *args)
        assert code == 2 and words in err and "Usage:" in err


def test_valid_selection_still_selects(jxlint):
    code, out, _err = jxlint("check", "--isolated", str(BAD), "--select", "I002,", "--format", "json")
    assert code == 1 and {d["code"] for d in json.loads(out)["diagnostics"]} == {"I002"}


# --- 4. --jobs is capped at the CPU count ------------------------------------------------------------------

@pytest.mark.parametrize("given, used, note", [("64", 2, True), ("2", 2, False), ("1", 1, False), ("0", 2, False)])
@pytest.mark.parametrize("lang, words", [("zh", "--jobs 64 超过 CPU 数，按 2 个进程运行"),
                                         ("en", "--jobs 64 capped at 2 (the number of CPUs)")])
def test_jobs_are_capped_at_the_cpu_count_with_a_note(jxlint, monkeypatch, given, used, note, lang, words):
    import linter.engine

    seen = []
    real = linter.engine.lint_paths
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "process_cpu_count", lambda: 2, raising=False)
    monkeypatch.setattr(linter.engine, "lint_paths", lambda *a, jobs=1, **k: seen.append(jobs) or real(*a, jobs=jobs, **k))
    code, _out, err = jxlint("check", "--isolated", "--no-cache", str(GOOD), "--jobs", given, "--lang", lang)
    assert code == 0 and seen == [used]
    assert (words in err) is note and ("--jobs" in err) is note


def test_jobs_help_says_what_happens_above_the_cpu_count(jxlint):
    assert "capped" in jxlint("check", "--help")[1]


# --- 5. no form files; a closed stdin ---------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "triage"])
@pytest.mark.parametrize("lang, words", [("zh", "警告：所给路径下没有找到表单文件"),
                                         ("en", "warning: No form files found under the given path(s)")])
def test_folders_with_no_form_file_warn_and_exit_0(jxlint, tmp_path, command, lang, words):
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.txt").write_text("不是表单", encoding="utf-8")
    code, out, err = jxlint(command, "--isolated", str(tmp_path / "empty"), str(tmp_path / "notes"), "--lang", lang)
    assert code == 0 and words in err and ".yaml" in err
    assert words not in out  # the warning is on stderr; stdout is the report


def test_json_report_of_a_folder_with_no_form_is_still_json(jxlint, tmp_path):
    code, out, err = jxlint("check", "--isolated", str(tmp_path), "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["files"] == 0 and "没有找到表单文件" in err


def test_no_warning_when_forms_are_found(jxlint, tmp_path):
    (tmp_path / "form.yaml").write_bytes(GOOD.read_bytes())
    code, _out, err = jxlint("check", "--isolated", str(tmp_path))
    assert code == 0 and "没有找到表单文件" not in err


@pytest.mark.parametrize("command", ["check", "triage"])
def test_a_closed_stdin_is_a_usage_error(command):
    proc = cli(command, "--isolated", "-", preexec_fn=lambda: os.close(0))
    assert proc.returncode == 2
    assert_clean_failure(proc.stderr)
    assert "standard input is closed" in proc.stderr


def test_an_empty_stdin_is_still_the_readers_f002():
    proc = cli("check", "--isolated", "--lang", "en", "-", stdin=subprocess.DEVNULL)
    assert proc.returncode == 1 and "<stdin>: F002" in proc.stdout and "empty file" in proc.stdout


# --- 6. terminal safety of every text format ---------------------------------------------------------------

SEQUENCES = {
    "CSI": "\x1b[31;1m", "OSC BEL": "\x1b]0;pwned\x07", "OSC ST": "\x1b]8;;http://evil\x1b\\", "DCS": "\x1bP+q544e\x1b\\",
    "RIS": "\x1bc", "ESC": "\x1b(0", "BEL": "\x07", "BS": "\x08", "CR": "\r", "DEL": "\x7f", "C1": "\x9b2J\x90\x9d",
    "tab": "\t", "newline": "\n",
}
SHOWN = {  # how each is printed
    "CSI": "\\x1b[31;1m", "OSC BEL": "\\x1b]0;pwned\\x07", "OSC ST": "\\x1b]8;;http://evil\\x1b\\",
    "DCS": "\\x1bP+q544e\\x1b\\", "RIS": "\\x1bc", "ESC": "\\x1b(0", "BEL": "\\x07", "BS": "\\x08", "CR": "⏎",
    "DEL": "\\x7f", "C1": "\\x9b2J\\x90\\x9d", "tab": " ", "newline": "⏎",
}


def hostile_form(tmp_path: Path, sequence: str) -> Path:
    """The bad-indicators example with `sequence` inside its unit, annual goal and every indicator's name and value."""
    import yaml

    form = yaml.safe_load(BAD.read_text(encoding="utf-8"))
    form["unit"] = f"岳阳市{sequence}人防办"
    form["annual_goal"] = form["annual_goal"].replace("维护保养", f"维护{sequence}保养")
    for row in form["indicators"]:
        row["name"], row["value"] = f"{row['name']}{sequence}甲", f"{row['value']}{sequence}乙"
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(form, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(SEQUENCES))
@pytest.mark.parametrize("fmt", ["text", "concise", "full", "github"])
def test_no_control_byte_from_a_form_reaches_the_terminal(jxlint, tmp_path, name, fmt):
    form = hostile_form(tmp_path, SEQUENCES[name])
    code, out, _err = jxlint("check", "--isolated", "--no-cache", str(form), "--format", fmt)
    assert code == 1
    assert not CONTROL & set(out), sorted(map(repr, CONTROL & set(out)))
    diagnostics = json.loads(jxlint("check", "--isolated", "--no-cache", str(form), "--format", "json")[1])["diagnostics"]
    lines = out.splitlines()
    if fmt in ("text", "concise", "github"):  # one finding per line (text and concise add one summary line)
        assert len(lines) == len(diagnostics) + (0 if fmt == "github" else 1)
    assert any(SEQUENCES[name] in d["message"] for d in diagnostics)  # it reached the messages: the formatter
    github = {"CR": "%0D", "newline": "%0A"}  # GitHub's own line-break escapes
    shown = github[name] if fmt == "github" and name in github else SHOWN[name]
    assert f"{shown}甲" in out  # made harmless, and visibly so


@pytest.mark.parametrize("fmt", ["text", "full"])
def test_colour_on_a_terminal_adds_only_jxlint_own_styles(tmp_path, fmt):
    import re

    from linter.config import Settings
    from linter.engine import lint_paths
    from linter.formatters import full, text

    form = hostile_form(tmp_path, "".join(SEQUENCES.values()))
    report = lint_paths([str(form)], Settings())
    rendered = (text if fmt == "text" else full).render(report, "zh", True, False, False)
    assert "\x1b[" in rendered and "\\x1b[31;1m" in rendered  # coloured, and the form's CSI shown escaped
    own_styles = re.compile(r"\x1b\[\d+m")  # click.style's one-parameter SGR codes; the form's has two
    assert not CONTROL & set(own_styles.sub("", rendered)), "a form's escape survived"


def test_triage_table_escapes_controls(jxlint, tmp_path):
    form = hostile_form(tmp_path, "".join(SEQUENCES.values()))
    code, out, _err = jxlint("triage", "--isolated", "--no-cache", str(form))
    assert code == 0 and not CONTROL & set(out) and "\\x1b]0;pwned" in out.replace("\n", "")


def test_triage_table_shows_rich_markup_in_a_unit_as_text(jxlint, tmp_path):
    row = {"id": "P1", "unit": "某局[/red][bold]", "project": "某项目", "long_term_goal": "建成全市统一的政务服务平台",
           "annual_goal": "2021年6月底前完成平台一期上线，接入事项300项"}
    (tmp_path / "forms.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    code, out, _err = jxlint("triage", "--isolated", str(tmp_path / "forms.jsonl"))
    assert code == 0 and "某局[/red][bold] / 某项目" in out


def test_a_file_name_with_escapes_is_shown_escaped(jxlint, tmp_path):
    odd = tmp_path / "form\x1b]0;pwned\x07.yaml"
    odd.write_bytes(BAD.read_bytes())
    code, out, _err = jxlint("check", "--isolated", "--no-cache", str(tmp_path))
    assert code == 1 and not CONTROL & set(out) and "form\\x1b]0;pwned\\x07.yaml" in out


def test_printable_keeps_text_and_marks_each_control():
    from linter.formatters.printable import printable

    assert printable("目标：≥95%，完成 XX 验收") == "目标：≥95%，完成 XX 验收"
    assert printable("一\r\n二\r三\n四\u2028五") == "一⏎二⏎三⏎四⏎五"
    assert printable("a\tb\x1b[2Jc\x07\x9b\u202e") == "a b\\x1b[2Jc\\x07\\x9b\\u202e"
    assert printable("一\r\n二", newline="\n") == "一\n二"
