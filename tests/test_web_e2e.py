"""The page of `jxlint serve` in a real headless Chromium (Debian's chromium + chromium-driver, driven by
Selenium): upload bad forms, see their findings, filter, open a rule's docs, download the annotated
workbook and open it, and get a clear message for a bad upload. `make test` installs the browser;
this module also tries to when run as root, and is skipped, saying why, only if that fails."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import httpx
import pytest
import yaml
from openpyxl import load_workbook

from linter.readers.excel import SUMMARY_SHEET
from tests.conftest import ROOT, fill_template, install_browser

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

EXAMPLES = ROOT / "corpora" / "examples"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,1000"]


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads, tmp_path_factory):
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        why = install_browser()
        if not (shutil.which("chromium") and shutil.which("chromedriver")):
            pytest.skip(f"chromium and chromium-driver are not installed and could not be installed: {why}")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('profile')}"]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    """The bad-indicators example typed into the Excel template, as a clerk would upload it."""
    path = tmp_path_factory.mktemp("forms") / "人防项目.xlsx"
    fill_template(path, yaml.safe_load((EXAMPLES / "project_bad_indicators.yaml").read_text(encoding="utf-8")), "2015")
    return path


def open_page(browser, served) -> None:
    browser.get(served + "/")
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, "version").text)


def drop_files(browser, *paths: Path) -> None:
    browser.find_element(By.ID, "file").send_keys("\n".join(str(p) for p in paths))


def wait_for_results(browser) -> None:
    WebDriverWait(browser, 60).until(lambda d: "检查完成" in d.find_element(By.ID, "status").text
                                     or "error" in d.find_element(By.ID, "status").get_attribute("class"))


def wait_for_download(target: Path) -> None:
    deadline = time.monotonic() + 30
    while not (target.exists() and target.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # let Chromium finish writing and renaming its .crdownload
    assert target.exists(), list(target.parent.iterdir())


def shown_codes(browser) -> list[str]:
    return sorted(li.get_attribute("data-code") for li in browser.find_elements(By.CSS_SELECTOR, "li.finding")
                  if li.is_displayed())


def test_bad_forms_show_their_findings_by_field(browser, served, workbook):
    slogan = EXAMPLES / "project_bad_slogan.yaml"
    expected = httpx.post(served + "/api/lint", timeout=60,
                          files=[("file", (p.name, p.read_bytes())) for p in (workbook, slogan)]).json()
    open_page(browser, served)
    drop_files(browser, workbook, slogan)
    wait_for_results(browser)
    assert shown_codes(browser) == sorted(d["code"] for d in expected["diagnostics"])
    cards = browser.find_elements(By.CSS_SELECTOR, "#results article.form")
    assert len(cards) == 2
    assert {c.find_element(By.CSS_SELECTOR, ".score b").text for c in cards} == \
        {str(f["score"]) for f in expected["forms"]}
    page = browser.find_element(By.ID, "results").text
    assert "经费拨款395.08万元" in page and "修改建议" in page and "人防项目.xlsx" in page
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#results mark")]
    assert "抓难点、促突破" in marks
    cells = [el.text for el in browser.find_elements(By.CSS_SELECTOR, ".place") if "!" in el.text]
    assert cells, "Excel findings name their cell"
    resources = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(served) or r.startswith("data:") for r in resources), resources


def test_severity_filter_and_rule_docs(browser, served):
    open_page(browser, served)
    drop_files(browser, EXAMPLES / "project_bad_indicators.yaml")
    wait_for_results(browser)
    before = shown_codes(browser)
    warnings = [li for li in browser.find_elements(By.CSS_SELECTOR, "li.finding") if "sev-row-warning" in li.get_attribute("class")]
    assert warnings and len(before) > len(warnings)
    browser.find_element(By.CSS_SELECTOR, "#filters input[value=warning]").click()
    after = browser.find_elements(By.CSS_SELECTOR, "li.finding")
    assert len(after) == len(before) - len(warnings)
    assert not [li for li in after if "sev-row-warning" in li.get_attribute("class")]
    code = browser.find_element(By.CSS_SELECTOR, "li.finding button.code")
    wanted = code.text
    code.send_keys(Keys.ENTER)  # the rule's docs open from the keyboard
    dialog = browser.find_element(By.ID, "rule-dialog")
    WebDriverWait(browser, 10).until(lambda d: dialog.get_attribute("open") is not None)
    assert wanted in dialog.text and "检查内容" in dialog.text
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 10).until(lambda d: dialog.get_attribute("open") is None)


def test_download_the_annotated_workbook_and_open_it(browser, served, workbook, downloads):
    open_page(browser, served)
    drop_files(browser, workbook)
    wait_for_results(browser)
    browser.find_element(By.CSS_SELECTOR, "button.annotate").click()
    target = downloads / "人防项目.jxlint.xlsx"
    wait_for_download(target)
    wb = load_workbook(target)
    assert wb.sheetnames[0] == SUMMARY_SHEET
    comments = [c.comment.text for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert any("I005" in text for text in comments)
    assert "已下载" in browser.find_element(By.ID, "status").text


BIG_FORM = yaml.safe_dump({"id": "BIG", "type": "project", "unit": "某局", "project": "大表", "indicators": [
    {"level1": "产出指标", "level2": "数量指标", "name": f"第{i}项", "value": "1次"} for i in range(5000)]},
    allow_unicode=True).encode()


@pytest.mark.parametrize("name,content,says", [
    ("说明.txt", b"hello", "不支持的文件类型"),  # refused on the page, not uploaded
    ("空表.yaml", b"", "空文件"),  # refused by the server (422)
    ("坏.xlsx", b"PK\x03\x04junk", "坏.xlsx"),
    ("大表.yaml", BIG_FORM, "超过网页检查的 1000 行上限"),
])
def test_bad_uploads_give_a_clear_message(browser, served, tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    open_page(browser, served)
    drop_files(browser, path)
    WebDriverWait(browser, 30).until(lambda d: "error" in d.find_element(By.ID, "status").get_attribute("class"))
    assert says in browser.find_element(By.ID, "status").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#results article")


def test_the_file_chooser_is_reachable_with_the_keyboard(browser, served):
    open_page(browser, served)
    reached = []
    while len(reached) < 6 and "file" not in reached:
        ActionChains(browser).send_keys(Keys.TAB).perform()
        active = browser.switch_to.active_element
        reached.append(active.get_attribute("id") or active.tag_name)
    assert "file" in reached, reached
    outline = browser.execute_script("return getComputedStyle(document.getElementById('drop')).outlineStyle")
    assert outline != "none", "the drop zone shows that the file chooser has the focus"


def test_the_blank_template_link_downloads_a_workbook(browser, served, downloads):
    open_page(browser, served)
    browser.find_element(By.LINK_TEXT, "部门整体绩效目标表").click()
    target = downloads / "绩效目标申报表-部门-2021.xlsx"
    wait_for_download(target)
    assert any("绩效目标" in name for name in load_workbook(target).sheetnames)


def test_the_page_names_the_form_and_its_rows_as_the_command_does(browser, served, tmp_path, jxlint):
    """A workbook without a 表单编号, one finding silenced in its 备注: the page shows the id `jxlint check`
    gives, the rows numbered from 1 as the messages count them, and not the silenced finding."""
    record = yaml.safe_load((EXAMPLES / "project_bad_indicators.yaml").read_text(encoding="utf-8"))
    record.pop("id")
    book = tmp_path / "城管项目.xlsx"
    fill_template(book, record, "2015")
    wb = load_workbook(book)
    ws = wb["项目支出绩效目标"]
    label = next(c for row in ws.iter_rows() for c in row if c.value == "备注")
    ws.cell(label.row, label.column + 1).value = "jxlint: ignore I006@社区居民满意度 理由：上级文件规定按 80% 考核"
    wb.save(book)
    _, out, _ = jxlint("check", "--isolated", "--format", "json", str(book))
    cli = json.loads(out)["diagnostics"]
    open_page(browser, served)
    drop_files(browser, book)
    wait_for_results(browser)
    card = browser.find_element(By.CSS_SELECTOR, "#results article.form")
    assert card.get_attribute("data-form") == "城管项目!项目支出绩效目标" == cli[0]["form_id"]
    assert shown_codes(browser) == sorted(d["code"] for d in cli) and "I006" not in shown_codes(browser)
    heading = browser.find_element(By.CSS_SELECTOR, 'section[data-field="indicators[9].value"] h3').text
    assert heading.startswith("第 10 行指标")  # indicators[9] in the JSON path is the 10th row for people
