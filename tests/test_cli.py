"""The command line: exit codes, the JSON contract, selection, config, suppressions and baselines."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema

from tests.conftest import ROOT, SEED, run_json

SAME = {"id": "P1", "unit": "某局", "project": "某项目", "long_term_goal": "2021年6月底前完成垃圾场渗透液处理设施改造",
        "annual_goal": "2021年6月底前完成垃圾场渗透液处理设施改造。"}
GOOD = {"id": "P2", "unit": "某局", "project": "某项目", "long_term_goal": "建成全市统一的政务服务平台",
        "annual_goal": "2021年6月底前完成平台一期上线，接入事项300项"}

CONTRACT = {
    "type": "object",
    "required": ["version", "summary", "diagnostics"],
    "properties": {
        "version": {"const": 1},
        "summary": {"type": "object", "required": ["files", "forms", "unreadable", "diagnostics", "by_severity", "by_code"]},
        "diagnostics": {"type": "array", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["code", "name", "kind", "severity", "path", "form_id", "field", "location", "message", "hint"],
            "properties": {
                "code": {"type": "string", "pattern": "^[FGIBS][0-9]{3}$"},
                "name": {"type": "string", "pattern": "^[a-z0-9-]+$"},
                "kind": {"type": ["string", "null"], "pattern": "^[a-z0-9-]+$"},
                "severity": {"enum": ["error", "warning", "info"]},
                "path": {"type": "string"}, "form_id": {"type": ["string", "null"]},
                "field": {"type": ["string", "null"]}, "location": {"type": "object"},
                "message": {"type": "string"}, "hint": {"type": "string"},
            }}},
    },
}


def write_jsonl(path, *rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return str(path)


def test_seed_project_goals_json_contract_and_g002_on_every_identical_pair(jxlint):
    code, report = run_json(jxlint, str(SEED / "project_goals.jsonl"))
    jsonschema.validate(report, CONTRACT)
    assert code == 1
    rows = [json.loads(line) for line in (SEED / "project_goals.jsonl").read_text(encoding="utf-8").splitlines()]
    identical = {r["id"] for r in rows if r["annual_goal"].strip() and r["annual_goal"].strip() == r["long_term_goal"].strip()}
    flagged = {d["form_id"] for d in report["diagnostics"] if d["code"] == "G002"}
    assert len(identical) >= 25 and identical <= flagged
    first = next(d for d in report["diagnostics"] if d["code"] == "G002")
    assert first["field"] == "annual_goal" and first["location"]["line"] >= 1 and first["message"]


def test_exit_codes(jxlint, tmp_path):
    clean = write_jsonl(tmp_path / "clean.jsonl", GOOD)
    dirty = write_jsonl(tmp_path / "dirty.jsonl", SAME)
    assert jxlint("check", "--isolated", clean)[0] == 0
    assert jxlint("check", "--isolated", dirty)[0] == 1
    assert jxlint("check", "--isolated", "--severity", "G002=warning", dirty)[0] == 0
    assert jxlint("check", "--isolated", "--severity", "G002=warning", "--fail-on", "warning", dirty)[0] == 1
    assert jxlint("check", "--isolated", "--select", "Z9")[0] == 2
    assert jxlint("check", "--isolated", "--select", "ZZZ", dirty)[0] == 2
    assert jxlint("check", "--isolated", "--fail-on", "fatal", dirty)[0] == 2


def test_text_output_line_shape(jxlint, tmp_path):
    dirty = write_jsonl(tmp_path / "dirty.jsonl", SAME)
    code, out, _ = jxlint("check", "--isolated", dirty)
    first = out.splitlines()[0]
    assert first.startswith(f"{dirty}:P1:annual_goal: G002 [error] 年度目标与中长期目标雷同")
    assert "\x1b[" not in out  # no colour when not on a terminal
    assert "共检查 1 份表单" in out.splitlines()[-1]
    _, out_en, _ = jxlint("check", "--isolated", "--lang", "en", dirty)
    assert "annual goal repeats the long-term goal" in out_en
    _, quiet, _ = jxlint("check", "--isolated", "-q", "--statistics", dirty)
    assert "共检查" not in quiet and "G002  same-long-annual" in quiet


def test_bad_inputs_are_reported_and_others_linted(jxlint, tmp_path):
    good = write_jsonl(tmp_path / "a.jsonl", SAME)
    (tmp_path / "b.yaml").write_text("id: [oops\n", encoding="utf-8")
    (tmp_path / "c.csv").write_bytes("id,unit,annual_goal\nD1,某局,完成\n".encode("gbk"))
    code, report = run_json(jxlint, str(tmp_path), str(tmp_path / "missing.yaml"))
    assert code == 1
    by_code = {}
    for d in report["diagnostics"]:
        by_code.setdefault(d["code"], []).append(d)
    assert {d["path"] for d in by_code["F002"]} == {str(tmp_path / "b.yaml"), str(tmp_path / "missing.yaml")}
    assert any(d["path"] == good for d in by_code["G002"])
    assert report["summary"]["forms"] == 2 and report["summary"]["unreadable"] == 2


def test_stdin(jxlint):
    data = json.dumps(SAME, ensure_ascii=False).encode("gbk")
    code, out, _ = jxlint("check", "--isolated", "--format", "json", "-", stdin=data)
    report = json.loads(out)
    assert code == 1 and report["diagnostics"][0]["path"] == "<stdin>"


def test_select_ignore_and_prefixes(jxlint, tmp_path):
    rows = write_jsonl(tmp_path / "r.jsonl", SAME, {**GOOD, "id": "P3", "annual_goal": "同上"})
    codes = lambda *a: sorted({d["code"] for d in run_json(jxlint, *a, rows)[1]["diagnostics"]})  # noqa: E731
    assert codes("--select", "G002,G006") == ["G002", "G006"]
    assert codes("--select", "G006") == ["G006"]
    assert codes("--select", "G", "--ignore", "G") == []
    assert codes("--select", "G", "--ignore", "G", "--extend-select", "G002") == ["G002"]  # more specific wins
    assert codes("--select", "G002,G006", "--ignore", "G") == ["G002", "G006"]
    assert codes("--select", "F,G002", "--select", "G006") == ["G002", "G006"]
    assert "G002" in codes() and "G006" in codes()  # the default selection is every rule


def test_config_discovered_by_walking_up(jxlint, tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.jxlint]\nselect = ["F", "G002", "G006", "G007"]\nignore = ["G002"]\n'
                                             'budget-year = 2021\n'
                                             '[tool.jxlint.per-file-ignores]\n"*legacy*" = ["G006"]\n', encoding="utf-8")
    sub = tmp_path / "forms" / "2021"
    sub.mkdir(parents=True)
    rows = write_jsonl(sub / "r.jsonl", SAME, {**GOOD, "id": "P4", "annual_goal": "2020年全年培训1600人"})
    legacy = write_jsonl(sub / "legacy.jsonl", {**GOOD, "id": "P5", "annual_goal": "无"})
    code, out, _ = jxlint("check", "--format", "json", rows, legacy)
    found = [(d["form_id"], d["code"]) for d in json.loads(out)["diagnostics"]]
    assert found == [("P4", "G007")]
    code, out, _ = jxlint("check", "--show-settings", rows)
    shown = json.loads(out)
    assert shown["config"] == str(tmp_path / "pyproject.toml") and "G002" not in shown["rules"]
    assert shown["budget-year"] == 2021


def test_bad_config_is_a_usage_error(jxlint, tmp_path):
    (tmp_path / "jxlint.toml").write_text('selekt = ["G"]\n', encoding="utf-8")
    rows = write_jsonl(tmp_path / "r.jsonl", GOOD)
    code, out, err = jxlint("check", rows)
    assert code == 2 and "unknown setting(s) selekt" in err


def test_suppressions_in_form_note_and_sidecar(jxlint, tmp_path):
    rows = write_jsonl(tmp_path / "r.jsonl", SAME, {**SAME, "id": "P6"}, {**SAME, "id": "P7"})
    (tmp_path / "r.jsonl.jxlint.yaml").write_text(
        "suppressions:\n"
        "  - {form: P1, code: G002, field: annual_goal, reason: 延续项目，年度目标由上级文件规定}\n"
        "  - {form: P6, code: G002}\n"
        "  - {form: P7, code: G006, reason: 历史表单}\n", encoding="utf-8")
    code, report = run_json(jxlint, rows)
    found = sorted((d["form_id"], d["code"], d["message"]) for d in report["diagnostics"])
    assert [f[:2] for f in found] == [("P6", "F003"), ("P6", "G002"), ("P7", "F003"), ("P7", "G002")]
    assert "没有写理由" in found[0][2] and "没有隐藏任何问题" in found[2][2]
    hints = {d["form_id"]: d["hint"] for d in report["diagnostics"] if d["code"] == "F003"}
    assert "写明为什么可以不改" in hints["P6"] and "删除" not in hints["P6"]  # the hint fits the case: a reason is missing …
    assert "删除" in hints["P7"] and "理由" not in hints["P7"]  # … or the suppression (with its reason) is stale
    assert report["summary"]["suppressed"] == 1


def test_suppression_in_note_text(jxlint, tmp_path):
    form = tmp_path / "f.yaml"
    form.write_text(
        "id: N1\ntype: project\nunit: 某局\nproject: 某项目\nlong_term_goal: 6月底前完成垃圾场渗透液处理设施改造\nannual_goal: 6月底前完成垃圾场渗透液处理设施改造\n"
        "note: 'jxlint: ignore G002@annual_goal 理由：一年期项目，两个目标按规定相同'\n", encoding="utf-8")
    code, report = run_json(jxlint, "--select", "G002,F003", str(form))
    assert report["diagnostics"] == [] and report["summary"]["suppressed"] == 1


def test_baseline_write_hide_stale_prune(jxlint, tmp_path):
    rows = tmp_path / "r.jsonl"
    write_jsonl(rows, SAME, {**SAME, "id": "P8"})
    baseline = str(tmp_path / "baseline.json")
    assert jxlint("check", "--isolated", "--select", "G002", "--baseline", baseline, "--write-baseline", str(rows))[0] == 0
    entries = json.loads(open(baseline, encoding="utf-8").read())["entries"]
    assert {(e["form_id"], e["code"], e["field"]) for e in entries} == {("P1", "G002", "annual_goal"), ("P8", "G002", "annual_goal")}
    # rows move and one form is fixed: the other stays hidden, the fixed one is stale
    write_jsonl(rows, GOOD, {**SAME, "id": "P8"}, {**SAME, "id": "P9"})
    code, report = run_json(jxlint, "--select", "G002", "--baseline", baseline, str(rows))
    assert [(d["form_id"], d["code"]) for d in report["diagnostics"]] == [("P9", "G002")]
    assert report["summary"]["baselined"] == 1
    assert report["summary"]["stale_baseline"] == [{"form_id": "P1", "code": "G002", "field": "annual_goal", "count": 1}]
    jxlint("check", "--isolated", "--select", "G002", "--baseline", baseline, "--prune-baseline", str(rows))
    entries = json.loads(open(baseline, encoding="utf-8").read())["entries"]
    assert [(e["form_id"]) for e in entries] == ["P8"]
    assert jxlint("check", "--isolated", "--baseline", str(tmp_path / "nope.json"), str(rows))[0] == 2


def test_rule_docs_and_listing(jxlint):
    code, out, _ = jxlint("rule", "g002")
    assert code == 0 and "# G002 same-long-annual" in out and "会报告的写法" in out and "不会报告的写法" in out
    code, out, _ = jxlint("rule", "G002", "--lang", "en")
    assert "Why is this bad?" in out
    assert jxlint("rule", "X999")[0] == 2
    code, out, _ = jxlint("rules", "--format", "json")
    assert {"F001", "F002", "F003", "G002", "G006", "G007"} <= {r["code"] for r in json.loads(out)}


def test_schema_validates_the_bundled_examples(jxlint):
    import yaml

    code, out, _ = jxlint("schema")
    schema = json.loads(out)
    examples = sorted((ROOT / "corpora" / "examples").glob("*.yaml"))
    assert len(examples) >= 6
    for path in examples:
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_console_script_never_shows_a_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    proc = subprocess.run([sys.executable, "-m", "linter", "check", "--isolated", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout and "F002" in proc.stdout


def test_reports_and_baselines_never_overwrite_an_input_form(jxlint, tmp_path):
    import shutil

    form = tmp_path / "form.yaml"
    shutil.copy(ROOT / "corpora" / "examples" / "project_bad_slogan.yaml", form)
    before = form.read_bytes()
    for args in (["check", str(form), "-o", str(form)],
                 ["check", str(tmp_path), "-o", str(tmp_path / "." / "form.yaml")],
                 ["check", str(form), "--baseline", str(form), "--write-baseline"],
                 ["triage", str(form), "--format", "csv", "-o", str(form)]):
        code, _, err = jxlint(*args, "--isolated")
        assert code == 2 and "不能覆盖" in err, args  # Chinese by default …
        code, _, err = jxlint(*args, "--isolated", "--lang", "en")
        assert code == 2 and "refusing to overwrite" in err, args  # … English with --lang en
    assert form.read_bytes() == before
    code, _, _ = jxlint("check", "--isolated", str(form), "-o", str(tmp_path / "report.txt"))
    assert code == 1 and (tmp_path / "report.txt").read_text(encoding="utf-8")


def test_an_unreadable_file_is_reported_whatever_the_selection(jxlint, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: [1, 2\nb: c\n", encoding="utf-8")
    for selection in (["--select", "G"], ["--ignore", "F"]):
        code, report = run_json(jxlint, *selection, str(bad))
        assert code == 1 and [d["code"] for d in report["diagnostics"]] == ["F002"], selection


def test_duplicate_form_id_speaks_english_when_asked(jxlint, tmp_path):
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text('{"id": "P1", "unit": "某局", "project": "甲项目"}\n'
                                     '{"id": "P1", "unit": "某局", "project": "乙项目"}\n', encoding="utf-8")
    _, report = run_json(jxlint, "--lang", "en", "--select", "F004", str(tmp_path))
    messages = [d["message"] for d in report["diagnostics"]]
    assert messages and not any("\u4e00" <= ch <= "\u9fff" for m in messages for ch in m.replace("P1", "")), messages


def test_a_suppression_says_what_is_wrong_with_it(jxlint, tmp_path):
    """A mistyped code, too short a reason, a code that is always reported: each said as it is."""
    rows = write_jsonl(tmp_path / "r.jsonl", SAME, {**SAME, "id": "P6"}, {**SAME, "id": "P7"})
    (tmp_path / "r.jsonl.jxlint.yaml").write_text(
        "suppressions:\n"
        "  - {form: P1, code: G0002, reason: 延续项目，年度目标由上级文件规定}\n"
        "  - {form: P6, code: G002, reason: x}\n"
        "  - {form: P7, code: F002, reason: 已知的坏行，暂不处理}\n", encoding="utf-8")
    _, report = run_json(jxlint, rows)
    f003 = {d["form_id"]: d["message"] for d in report["diagnostics"] if d["code"] == "F003"}
    assert "规则代码不存在" in f003["P1"]
    assert "“x”过短" in f003["P6"] and "没有写理由" not in f003["P6"]
    assert "总会报告" in f003["P7"] and "已改正" not in f003["P7"]
