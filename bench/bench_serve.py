"""Benchmark `jxlint serve`: how long after an upload a typical form's result is there (server warm).

(a) POST /api/lint of one form, YAML and the same form as an Excel workbook, timed from the client
    (HTTP on loopback, lint, triage, JSON), medians of RUNS requests after one warm-up request; each
    request's goals are worded a little differently, so no per-text cache in the server helps;
(b) in a real headless Chromium (when chromium and chromedriver are installed): from choosing the
    file to the findings drawn on the page, medians of RUNS uploads;
(c) the page's own weight (HTML + CSS + JS).
Target (issue 7): result on the page ≤ 1 s after upload; page weight ≤ 200 KB.
Run with `.venv/bin/python bench/bench_serve.py`; copy the medians into the README.
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import fill_template  # noqa: E402  (the test helper that types a form into the template)

RUNS = 15
FORM = ROOT / "corpora" / "examples" / "project_bad_indicators.yaml"


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jxlint"), "serve", "--isolated", "--port", str(port)],
                            cwd=folder, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/api/config", timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("jxlint serve did not start")


def variants(folder: Path, suffix: str, tag: str) -> list[Path]:
    """RUNS + 1 copies of the typical form, each with its goals reworded (`tag` and a batch number)."""
    record = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    paths = []
    for i in range(RUNS + 1):
        form = {**record, "long_term_goal": f"{record['long_term_goal']}（{tag}第{i}批）",
                "annual_goal": f"{record['annual_goal']}（{tag}第{i}批）"}
        path = folder / f"form-{tag}-{i}{suffix}"
        if suffix == ".xlsx":
            fill_template(path, form, "2015")
        else:
            path.write_text(yaml.safe_dump(form, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def api_latency(url: str, paths: list[Path]) -> float:
    times = []
    for path in paths:  # the first request warms the server's loaders up
        start = time.perf_counter()
        httpx.post(url + "/api/lint", files=[("file", (path.name, path.read_bytes()))], timeout=60).raise_for_status()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def page_latency(url: str, paths: list[Path]) -> float | None:
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    times = []
    try:
        for path in paths:
            driver.get(url + "/")
            WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "version").text)
            start = time.perf_counter()
            driver.find_element(By.ID, "file").send_keys(str(path))
            WebDriverWait(driver, 60, poll_frequency=0.01).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, "#results li.finding"))
            times.append(time.perf_counter() - start)
    finally:
        driver.quit()
    return statistics.median(times[1:])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        api_forms = {"YAML": variants(Path(folder), ".yaml", "甲"), "Excel": variants(Path(folder), ".xlsx", "乙")}
        page_forms = {"YAML": variants(Path(folder), ".yaml", "丙"), "Excel": variants(Path(folder), ".xlsx", "丁")}
        proc, url = start_server(Path(folder))
        try:
            weight = sum(len(httpx.get(url + p).content) for p in ("/", "/static/app.js", "/static/app.css"))
            print(f"python {sys.version.split()[0]}, medians of {RUNS}, server warm")
            print(f"page weight (HTML + JS + CSS)              {weight / 1024:7.1f} KB")
            for label, paths in api_forms.items():
                print(f"POST /api/lint, one {label} form{'':<{12 - len(label)}}        {api_latency(url, paths) * 1000:7.0f} ms")
            for label, paths in page_forms.items():
                shown = page_latency(url, paths)
                print(f"choose file → findings on the page ({label}) "
                      + (f"{shown * 1000:7.0f} ms" if shown is not None else "   (no chromium/chromedriver)"))
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
