"""The web app in a real browser: Debian's Chromium driven by Playwright, against a live server.

Never ``playwright install``: the browser is ``/usr/bin/chromium`` (scripts/install-browser.sh).
Without it the tests skip, except in CI (``CI=true``), where a missing browser is a failure.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from pathlib import Path

import pytest

from conftest import REPO, FailingAssistant

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run scripts/install-browser.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, web_app):
    """A fresh browser session (its own cookies and Gradio session) on the app's page."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(web_app.url)
    page.wait_for_selector("#question")
    yield page
    context.close()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def ask(page, question: str) -> None:
    """Type a question, send it, and wait for its turn to come back."""
    turns = page.locator("#conversation .pt-turn")
    before = turns.count()
    page.locator("#question textarea, #question input").first.fill(question)
    page.locator("#send").click()
    turns.nth(before).locator(".pt-assistant, .pt-notice").wait_for()


def test_follow_up_keeps_context_and_a_chip_opens_its_highlighted_quote(page):
    ask(page, "武汉方案第8条的责任单位有哪些")
    first = page.locator("#conversation .pt-turn").nth(0)
    assert "市委金融办" in first.locator(".pt-assistant .pt-text").inner_text()
    chip = first.locator(".pt-text .pt-chip").first
    assert chip.get_attribute("data-unit") == "wuhan/8"

    # Without the history this question is answered from wuhan/11 (merger loans) first.
    ask(page, "那贷款期限呢?")
    follow_up = page.locator("#conversation .pt-turn").nth(1)
    assert "3年" in follow_up.locator(".pt-assistant .pt-text").inner_text()
    assert follow_up.locator(".pt-chip").first.get_attribute("data-unit") == "wuhan/8"
    page.locator("#sources .pt-sources-head", has_text="第2问的依据").wait_for()

    # The panel now shows the second answer's sources: the first answer's chip brings back its own.
    chip.click()
    page.locator("#sources .pt-sources-head", has_text="第1问的依据").wait_for()
    selected = page.locator('#sources .pt-selected[data-unit="wuhan/8"]')
    mark = selected.locator("mark")
    assert mark.is_visible()
    assert "責任單位" in mark.inner_text()
    assert "创新推广科技信贷产品" in selected.inner_text()
    shot(page, "01-answer-and-source")


def test_page_requests_nothing_beyond_the_app(browser, web_app):
    context = browser.new_context()
    outside: list[str] = []
    context.on("request", lambda r: None if r.url.startswith((web_app.url, "data:", "blob:"))
               else outside.append(r.url))
    page = context.new_page()
    page.goto(web_app.url)
    page.wait_for_selector("#question")
    ask(page, "知识价值信用贷款最多贷多少?")
    context.close()
    assert outside == []


def test_sessions_do_not_share_a_conversation(page, browser, web_app):
    ask(page, "知识价值信用贷款最多贷多少?")
    other = browser.new_context().new_page()
    other.goto(web_app.url)
    other.wait_for_selector("#conversation .pt-empty")
    assert other.locator("#conversation .pt-turn").count() == 0
    other.context.close()


def test_html_in_a_question_is_shown_as_text_and_never_run(page):
    ask(page, "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> **粗体**")
    question = page.locator("#conversation .pt-user .pt-text").first
    assert question.inner_text() == "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> **粗体**"
    assert page.locator("#conversation img").count() == 0
    assert page.locator("#conversation script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    shot(page, "02-html-as-text")


def test_too_long_question_gets_a_clear_message(page):
    ask(page, "贷款" * 300)
    notice = page.locator("#conversation .pt-notice")
    assert "500" in notice.inner_text() and "过长" in notice.inner_text()


def test_refusal_looks_like_a_refusal(page):
    ask(page, "明天武汉会下雨吗?")
    assert page.locator("#conversation .pt-refused .pt-badge").is_visible()


def test_unit_lookup_lists_tasks_and_opens_a_task(page):
    page.get_by_role("tab", name="按单位查询").click()
    picker = page.get_by_label("政府单位")
    picker.click()
    picker.fill("省科技厅")
    page.get_by_role("option", name="省科技厅", exact=True).click()
    view = page.locator("#unit-view")
    view.locator("h3", has_text="省科技厅").wait_for()
    assert view.locator('[data-task="hubei/annex-7"]').count() == 1
    view.locator('[data-task="hubei/annex-7"]').click()
    task_view = page.locator("#task-view")
    task_view.locator("h3", has_text="hubei/annex-7").wait_for()
    assert "省科技厅" in task_view.inner_text() and "湖北金融监管局" in task_view.inner_text()
    shot(page, "03-unit-lookup")


def test_batch_upload_answers_every_row_and_downloads(page, tmp_path):
    upload = tmp_path / "inquiries.csv"
    upload.write_text("id,question\nq1,武汉方案第8条的责任单位有哪些\nq2,\nq3,知识价值信用贷款最长几年?\n",
                      encoding="utf-8")
    page.get_by_role("tab", name="批量答复").click()
    page.locator("#batch-file input[type=file]").set_input_files(str(upload))
    page.locator("#batch-file").get_by_text("inquiries.csv").first.wait_for()
    page.locator("#batch-run").click()
    page.locator("#batch-summary", has_text="共 3 条").wait_for()
    assert "出错 1 条" in page.locator("#batch-summary").inner_text()
    shot(page, "04-batch")

    with page.expect_download() as csv_download:
        page.locator("#batch-csv a").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [row["id"] for row in rows] == ["q1", "q2", "q3"]
    assert rows[0]["citations"].startswith("wuhan/8") and "[1] wuhan/8:" in rows[0]["quotes"]
    assert rows[1]["error"] and not rows[1]["answer"]

    with page.expect_download() as jsonl_download:
        page.locator("#batch-jsonl a").first.click()
    records = [json.loads(line) for line in Path(jsonl_download.value.path()).read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["q1", "q2", "q3"]
    assert records[2]["citations"][0]["quote"] and "error" in records[1]


def test_feedback_with_a_comment_is_stored_in_sqlite(page, web_app):
    ask(page, "知识价值信用贷款最长几年、最多贷多少?")
    page.locator('#conversation .pt-vote[data-vote="down"]').first.click()
    page.locator("#conversation .pt-feedback-done").wait_for()
    page.locator("#comment textarea, #comment input").first.fill("希望说明利率")
    page.locator("#comment-send").click()
    page.locator("#comment-status", has_text="意见已保存").wait_for()

    with sqlite3.connect(web_app.feedback.path) as db:
        rows = db.execute("SELECT question, helpful, comment, citations FROM feedback WHERE question = ?",
                          ("知识价值信用贷款最长几年、最多贷多少?",)).fetchall()
    assert len(rows) == 1
    question, helpful, comment, citations = rows[0]
    assert (helpful, comment) == (0, "希望说明利率")
    assert json.loads(citations)[0]["id"] == "wuhan/8"

    page.get_by_role("tab", name="反馈记录").click()
    page.locator("#feedback-table", has_text="希望说明利率").wait_for()
    page.locator("#feedback-export").click()
    with page.expect_download() as export:
        page.locator("#feedback-file a").first.click()
    exported = list(csv.DictReader(io.StringIO(Path(export.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(row["helpful"], row["comment"]) for row in exported if row["question"] == question] == [
        ("no", "希望说明利率")]
    shot(page, "05-feedback")


def test_internal_failure_shows_a_friendly_message_without_details(browser, failing_web_app):
    page = browser.new_context().new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(failing_web_app.url)
    page.wait_for_selector("#question")
    ask(page, "武汉方案第8条的责任单位有哪些")
    body = page.locator("body").inner_text()
    assert "稍后再试" in page.locator("#conversation .pt-notice").inner_text()
    assert FailingAssistant.SECRET not in body and "Traceback" not in body
    page.context.close()
