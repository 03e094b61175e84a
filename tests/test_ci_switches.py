"""The switches a CI user expects from ruff and pre-commit, driven as a CI job would (a jxlint process):
--exit-zero, --statistics, exclude / extend-exclude / per-file-ignores relative to the config file,
--cache-dir, --stdin-filename, --format gitlab (checked against GitLab's documented Code Quality fields)
and SARIF's helpUri, answered by `jxlint serve` at /rules/CODE."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT, SEED

SAME = {"id": "P1", "unit": "某局", "project": "某项目", "long_term_goal": "2021年6月底前完成垃圾场渗透液处理设施改造",
        "annual_goal": "2021年6月底前完成垃圾场渗透液处理设施改造。"}
EXAMPLES = ROOT / "corpora" / "examples"

# GitLab's Code Quality report format ("Implement a custom tool", docs.gitlab.com/ci/testing/code_quality):
# an array of issues, each with a description, a check_name, a unique fingerprint, a severity of info, minor,
# major, critical or blocker, and a location with the path relative to the repository and lines.begin.
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": r"^(/|\./|[A-Za-z]:)"}},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env: dict | None = None):
    """`jxlint ARGS` as a CI job runs it: a process; (exit code, stdout, stderr)."""
    done = subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd or ROOT, input=stdin, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=120)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def write_jsonl(path: Path, *rows: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_exit_zero_reports_the_findings_but_passes_the_job(tmp_path):
    dirty = write_jsonl(tmp_path / "dirty.jsonl", SAME)
    code, out, _ = run("check", "--isolated", str(dirty))
    assert code == 1 and "G002" in out
    code, out_zero, _ = run("check", "--isolated", "--exit-zero", str(dirty))
    assert code == 0 and out_zero == out
    assert run("check", "--isolated", "--exit-zero", "--select", "ZZZ", str(dirty))[0] == 2  # usage errors still 2


@pytest.mark.parametrize("fmt", ["text", "concise", "full"])
def test_statistics_prints_only_the_table(fmt):
    code, out, _ = run("check", "--isolated", "--format", fmt, "--statistics", str(EXAMPLES))
    _, contract, _ = run("check", "--isolated", "--format", "json", str(EXAMPLES))
    by_code = json.loads(contract)["summary"]["by_code"]
    rows = out.splitlines()
    assert code == 1 and len(rows) == len(by_code)
    table = {}
    for row in rows:
        m = re.fullmatch(r"\s*(\d+)  ([A-Z]\d{3})  [a-z0-9-]+", row)
        assert m, row  # a table row, never a finding or the summary
        table[m.group(2)] = int(m.group(1))
    assert table == by_code
    assert [int(r.split()[0]) for r in rows] == sorted((int(r.split()[0]) for r in rows), reverse=True)


def test_per_file_ignores_and_excludes_are_relative_to_the_config_file(tmp_path):
    project = tmp_path / "project"
    (project / "jxlint.toml").parent.mkdir()
    (project / "jxlint.toml").write_text(
        'exclude = ["drafts"]\nextend-exclude = ["old/*.jsonl"]\n'
        '[per-file-ignores]\n"legacy/*.jsonl" = ["G002"]\n', encoding="utf-8")
    for folder in ("legacy", "new", "drafts", "old", "keep"):
        write_jsonl(project / folder / "a.jsonl", {**SAME, "id": folder})
    # run from another folder: the globs are read from the config file's folder, not from where jxlint runs
    code, out, _ = run("check", "--format", "json", "project", cwd=tmp_path)
    found = sorted((d["form_id"], d["code"]) for d in json.loads(out)["diagnostics"])
    assert found == [("keep", "G002"), ("new", "G002")]
    # a file named on the command line is read even when excluded (as ruff does) …
    code, out, _ = run("check", "--format", "json", "project/drafts/a.jsonl", cwd=tmp_path)
    assert [d["form_id"] for d in json.loads(out)["diagnostics"]] == ["drafts"]
    # … unless force-exclude is set (pre-commit names every changed file)
    (project / "jxlint.toml").write_text('force-exclude = true\nexclude = ["drafts"]\n', encoding="utf-8")
    code, out, err = run("check", "--format", "json", "project/drafts/a.jsonl", "project/new/a.jsonl", cwd=tmp_path)
    assert [d["form_id"] for d in json.loads(out)["diagnostics"]] == ["new"]


def test_bad_exclude_is_a_usage_error(tmp_path):
    (tmp_path / "jxlint.toml").write_text('exclude = "drafts"\n', encoding="utf-8")
    form = write_jsonl(tmp_path / "a.jsonl", SAME)
    code, _, err = run("check", str(form))
    assert code == 2 and "exclude" in err and "glob" in err


def test_cache_dir_option_beats_the_environment_and_config_is_relative_to_its_folder(tmp_path):
    form = write_jsonl(tmp_path / "project" / "a.jsonl", SAME)
    env_dir, chosen = tmp_path / "from-env", tmp_path / "chosen"
    run("check", "--isolated", "--cache-dir", str(chosen), str(form), env={"JXLINT_CACHE_DIR": str(env_dir)})
    assert (chosen / "CACHEDIR.TAG").is_file() and not env_dir.exists()
    (tmp_path / "project" / "jxlint.toml").write_text('cache-dir = "build/jxlint-cache"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "JXLINT_CACHE_DIR"}
    done = subprocess.run([sys.executable, "-m", "linter", "check", "project/a.jsonl"], cwd=tmp_path, capture_output=True,
                          env={**env, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.returncode == 1
    assert (tmp_path / "project" / "build" / "jxlint-cache" / "CACHEDIR.TAG").is_file()


def test_stdin_filename_names_the_input_and_picks_config_and_reader(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "jxlint.toml").write_text('[per-file-ignores]\n"legacy/*" = ["G006"]\n', encoding="utf-8")
    table = "id,unit,project,long_term_goal,annual_goal\nT1,某局,某项目,建成平台,无\n".encode("utf-8")
    code, out, _ = run("check", "--format", "json", "--stdin-filename", "project/new/goals.csv", "-", cwd=tmp_path,
                       stdin=table)
    diags = json.loads(out)["diagnostics"]
    assert {d["path"] for d in diags} == {"project/new/goals.csv"} and ("T1", "G006") in {(d["form_id"], d["code"]) for d in diags}
    assert diags[0]["location"].get("row") == 1  # read as a CSV table, as the name says
    code, out, _ = run("check", "--format", "json", "--stdin-filename", "project/legacy/goals.csv", "-", cwd=tmp_path,
                       stdin=table)
    assert "G006" not in {d["code"] for d in json.loads(out)["diagnostics"]}  # the config beside that name applied
    form = json.dumps({k: v for k, v in SAME.items() if k != "id"}, ensure_ascii=False).encode("utf-8")
    _, out, _ = run("check", "--isolated", "--stdin-filename", "forms/植树.json", "-", stdin=form)
    findings = out.splitlines()[:-1]
    assert findings and all(f.startswith("forms/植树.json:植树:") for f in findings)  # the form id from the name
    assert "forms/植树.json:植树:annual_goal: G002" in out
    assert run("check", "--isolated", "--stdin-filename", "x.yaml", str(tmp_path))[0] == 2  # it names `-` only


def test_gitlab_code_quality_report_has_the_documented_fields(tmp_path):
    code, out, _ = run("check", "--isolated", "--format", "gitlab", "corpora/examples", str(SEED / "project_goals.jsonl"))
    _, contract, _ = run("check", "--isolated", "--format", "json", "corpora/examples", str(SEED / "project_goals.jsonl"))
    report, diags = json.loads(out), json.loads(contract)["diagnostics"]
    jsonschema.validate(report, GITLAB_CODE_QUALITY)
    assert code == 1 and len(report) == len(diags)
    assert len({i["fingerprint"] for i in report}) == len(report)  # GitLab shows one issue per fingerprint
    for issue, d in zip(report, diags):
        assert issue["check_name"] == d["code"] and d["message"] in issue["description"]
        assert issue["location"]["path"] == os.path.relpath(d["path"], ROOT)  # from the project's root
        assert issue["location"]["lines"]["begin"] == d["location"].get("line", 1)
    severities = {(d["severity"], i["severity"]) for i, d in zip(report, diags)}
    assert severities <= {("error", "major"), ("warning", "minor"), ("info", "info")} and len(severities) == 3


def test_gitlab_fingerprints_are_stable_when_rows_move(tmp_path):
    rows = (SEED / "project_goals.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    before, after = tmp_path / "a" / "goals.jsonl", tmp_path / "b" / "goals.jsonl"
    for path, lines in ((before, rows), (after, list(reversed(rows)))):
        path.parent.mkdir()
        path.write_text("".join(lines), encoding="utf-8")
    issues = {}
    for name, path in (("before", before), ("after", after)):
        out = run("check", "--isolated", "--select", "G", "--format", "gitlab", "goals.jsonl", cwd=path.parent)[1]
        issues[name] = {i["fingerprint"]: (i["check_name"], i["description"], i["location"]["lines"]["begin"])
                        for i in json.loads(out)}
    assert set(issues["before"]) == set(issues["after"])  # every finding kept its fingerprint …
    moved = sum(issues["before"][k][2] != issues["after"][k][2] for k in issues["before"])
    assert moved > len(issues["before"]) // 2  # … although most moved to another line
    assert all(issues["before"][k][0] == issues["after"][k][0] for k in issues["before"])
    # the same finding (G004 names the other units' forms in the order it meets them)
    assert all(issues["before"][k][1] == issues["after"][k][1] for k in issues["before"] if issues["before"][k][0] != "G004")


def test_sarif_rules_link_to_the_rule_page_that_serve_answers():
    from fastapi.testclient import TestClient

    from linter.config import Settings
    from linter.docs import rule_doc
    from linter.codes import get_rule
    from linter.web.app import create_app

    out = run("check", "--isolated", "--format", "sarif", str(EXAMPLES / "project_bad_indicators.yaml"))[1]
    rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(r["helpUri"] == f"http://127.0.0.1:8765/rules/{r['id']}" for r in rules)
    api = TestClient(create_app(Settings(), hosts=["127.0.0.1"], warm_up=False), base_url="http://127.0.0.1")
    for r in rules:
        page = api.get(r["helpUri"].removeprefix("http://127.0.0.1:8765"))
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        text = re.sub(r"<[^>]+>", "\n", page.text)
        what = get_rule(r["id"]).described()[0].strip()  # as the page shows it, thresholds filled in from the YAML
        assert f"{r['id']} {r['name']}" in text and what.splitlines()[0] in text.replace("&quot;", '"')
        assert "<script" not in page.text
    english = api.get("/rules/G002?lang=en")
    assert "What it does" in english.text and english.headers["content-security-policy"].startswith("default-src 'none'")
    assert api.get("/rules/Z999").status_code == 404
    assert "## 检查内容" in rule_doc(get_rule("G002"))  # the same text `jxlint rule G002` prints
    code, text_doc, _ = run("rule", "G002")
    assert code == 0 and text_doc.startswith("# G002 same-long-annual")
