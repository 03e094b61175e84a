"""The HTML triage report in a real headless Chromium (Debian's `chromium` package): the table is
rendered, sorting and filtering work, form text is escaped and marked, nothing is fetched.

`make test` installs chromium (and CJK fonts) first; this module also tries to when it runs as root
with apt-get, and is skipped, saying why, only when chromium cannot be installed.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from linter.formatters.triage_html import highlight
from tests.conftest import ROOT, install_browser

EXAMPLES = ROOT / "corpora" / "examples"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
PAYLOAD = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium")
    if not path:
        why = install_browser()
        path = shutil.which("chromium")
        if not path:
            pytest.skip(f"chromium is not installed and could not be installed: {why}")
    return path


def run_chromium(chromium: str, tmp_path: Path, page: Path, *extra: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"  # a fresh profile every run
    done = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def write_report(jxlint, tmp_path: Path) -> tuple[Path, dict]:
    """The HTML report of the bundled examples, a form carrying markup, and two unreadable inputs."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    row = {"id": "X-1", "unit": "<b>某局</b>", "project": PAYLOAD, "long_term_goal": PAYLOAD, "annual_goal": PAYLOAD}
    (inputs / "markup.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    (inputs / "broken.yaml").write_text("id: [oops\n", encoding="utf-8")
    (inputs / "rows.jsonl").write_text("{not json\n", encoding="utf-8")
    args = ("--isolated", "--budget-year", "2021", str(EXAMPLES), str(inputs))
    report = tmp_path / "triage.html"
    code, _, _ = jxlint("triage", "--format", "html", "-o", str(report), *args)
    assert code == 0
    _, out, _ = jxlint("triage", "--format", "json", *args)
    return report, json.loads(out)


PROBE = """<script>
window.addEventListener('load', function () { setTimeout(function () {
  function rows() {
    return Array.prototype.map.call(document.querySelectorAll('#forms tbody tr'), function (r) {
      return {rank: +r.getAttribute('data-rank'), form: r.cells[1].textContent,
              score: parseFloat(r.cells[5].getAttribute('data-v')), hidden: r.hidden};
    });
  }
  var out = {csp: window.__csp.slice()};
  var heads = document.querySelectorAll('#forms thead th');
  out.initial = rows();
  heads[5].querySelector('button').click();
  out.scoreAsc = rows(); out.ariaAsc = heads[5].getAttribute('aria-sort');
  heads[5].querySelector('button').click();
  out.scoreDesc = rows(); out.ariaDesc = heads[5].getAttribute('aria-sort');
  out.ariaRank = heads[0].getAttribute('aria-sort');
  heads[1].querySelector('button').click();
  out.byForm = rows();
  var filter = document.getElementById('filter');
  filter.value = 'EX-P-00'; filter.dispatchEvent(new Event('input'));
  out.filtered = rows().filter(function (r) { return !r.hidden; }).length;
  out.shown = document.getElementById('shown').textContent;
  out.resources = performance.getEntriesByType('resource').map(function (e) { return e.name; });
  out.title = document.title;
  out.images = document.images.length;
  out.scripts = document.scripts.length;
  out.ruleBars = document.querySelectorAll('#rule-chart g.bar').length;
  out.gradeBars = document.querySelectorAll('#grade-chart g.bar').length;
  var x1 = document.querySelector('details[data-form="X-1"]');
  out.x1Quote = x1 ? Array.prototype.map.call(x1.querySelectorAll('blockquote'), function (b) { return b.textContent; }) : null;
  out.marks = Array.prototype.map.call(document.querySelectorAll('details[data-form="EX-P-004"] mark'),
                                       function (m) { return m.textContent; });
  var pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 200); });
</script>"""
CSP_WATCH = ("<script>window.__csp = []; document.addEventListener('securitypolicyviolation', "
             "function (e) { window.__csp.push(e.blockedURI); });</script>")


def probe(chromium: str, tmp_path: Path, report: Path) -> dict:
    text = report.read_text(encoding="utf-8")
    text = text.replace("<head>\n", "<head>\n" + CSP_WATCH + "\n", 1).replace("</body>", PROBE + "\n</body>", 1)
    page = tmp_path / "probe.html"
    page.write_text(text, encoding="utf-8")
    dom = run_chromium(chromium, tmp_path, page, "--virtual-time-budget=5000", "--dump-dom")
    m = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert m, "the probe script did not run: " + dom[-500:]
    return json.loads(html.unescape(m.group(1)))


def test_table_renders_sorts_and_filters(chromium, jxlint, tmp_path):
    report, data = write_report(jxlint, tmp_path)
    result = probe(chromium, tmp_path, report)
    expected = [(f["rank"], f["score"]) for f in data["forms"]]
    assert len(expected) == 11  # 8 examples, the markup row, 2 unreadable inputs: all listed
    assert [(r["rank"], r["score"]) for r in result["initial"]] == expected  # worst first as rendered
    asc = [r["score"] for r in result["scoreAsc"]]
    desc = [r["score"] for r in result["scoreDesc"]]
    assert asc == sorted(asc) and desc == sorted(desc, reverse=True) and asc != desc
    assert desc[0] == max(f["score"] for f in data["forms"]) and desc[-1] == 0
    assert (result["ariaAsc"], result["ariaDesc"], result["ariaRank"]) == ("ascending", "descending", "none")
    forms = [r["form"] for r in result["byForm"]]
    assert forms == sorted(forms, key=str.lower) and forms[0] == "broken.yaml"  # text column: collated
    assert result["filtered"] == 6 and result["shown"] == "显示 6 / 11"
    assert result["ruleBars"] == len(data["summary"]["findings_by_rule"]) and result["gradeBars"] == 4


def test_form_text_is_escaped_and_findings_are_marked(chromium, jxlint, tmp_path):
    report, _ = write_report(jxlint, tmp_path)
    result = probe(chromium, tmp_path, report)
    assert result["title"] == "绩效目标申报表评审分级报告 · jxlint"  # the form's script never ran
    assert result["images"] == 0 and result["scripts"] == 3       # the report's, and the two the probe added
    assert result["x1Quote"] and any(PAYLOAD in q for q in result["x1Quote"])  # shown as text
    # EX-P-004's findings: the quoted value is marked in the field's text
    assert {"经费拨款395.08万元", "≥**人", "及时", "合理", "10", "80%"} <= set(result["marks"])


def test_nothing_is_fetched(chromium, jxlint, tmp_path):
    report, _ = write_report(jxlint, tmp_path)
    result = probe(chromium, tmp_path, report)
    assert result["resources"] == [] and result["csp"] == []
    # The network log of the report with its Content-Security-Policy removed (so the page itself,
    # not the policy, is shown to reference nothing), beside a control page that does fetch.
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report.read_text(encoding="utf-8")),
                    encoding="utf-8")
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><html><body><img src="http://example.invalid/x.png">'
                       "<script>fetch('https://example.invalid/d.json').catch(function () {});</script></body></html>",
                       encoding="utf-8")
    assert page_requests(chromium, tmp_path, control) == ["http://example.invalid/x.png", "https://example.invalid/d.json"]
    assert page_requests(chromium, tmp_path, bare) == []
    assert page_requests(chromium, tmp_path, report) == []


def page_requests(chromium: str, tmp_path: Path, page: Path) -> list[str]:
    """URLs the page (not the browser's own background services) asked the network for."""
    log = tmp_path / f"{page.stem}.netlog.json"
    run_chromium(chromium, tmp_path, page, "--virtual-time-budget=5000", "--proxy-server=http://127.0.0.1:9",
                 f"--log-net-log={log}", "--dump-dom")
    events = json.loads(log.read_text(encoding="utf-8"))
    start_job = events["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for e in events["events"]:
        p = e.get("params") or {}
        if e["type"] == start_job and p.get("url") and p.get("initiator") != "not an origin":
            if not p["url"].startswith(("file:", "data:", "blob:", "about:")):
                urls.append(p["url"])
    return sorted(set(urls))


def test_screenshot_renders(chromium, jxlint, tmp_path):
    report, _ = write_report(jxlint, tmp_path)
    shot = tmp_path / "shot.png"
    run_chromium(chromium, tmp_path, report, "--window-size=1400,1800", "--virtual-time-budget=3000", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


# --- the marking itself, without a browser ---------------------------------------------------

@pytest.mark.parametrize("text, message, expected", [
    ("≥**人", "还留着模板占位符：“≥**人”", "<mark>≥**人</mark>"),
    ("抓难点、促突破，抓项目", "口号式表述：“抓难点、促突破”、“抓项目”", "<mark>抓难点、促突破</mark>，<mark>抓项目</mark>"),
    ("<b>x</b> & y", "没有引文", "<mark>&lt;b&gt;x&lt;/b&gt; &amp; y</mark>"),
    ("a<i>b</i>\nc", "引了“<i>b</i>”", "a<mark>&lt;i&gt;b&lt;/i&gt;</mark>\nc"),
    ("第一行\n第二行", "整张表的问题", "第一行\n第二行"),  # a whole table: not all marked
])
def test_highlight_escapes_and_marks(text, message, expected):
    assert highlight(text, message) == expected
