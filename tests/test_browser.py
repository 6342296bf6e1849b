"""The web app in a real browser: Debian's Chromium driven by Playwright, against a live server.

Never ``playwright install``: the browser is ``/usr/bin/chromium`` (scripts/install-browser.sh).
Without it the tests skip, except in CI (``CI=true``), where a missing browser is a failure.
Pages are tried at a desk (1400×1000) and on a phone (390×844, touch); the screenshots the
README walks through are saved under ``artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from assistant import Settings
from conftest import REPO, FailingAssistant, RunningWebApp
from webapp.view import local_time

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
TIMEOUT_MS = 30_000
SIZES = {
    "desktop": {"viewport": {"width": 1400, "height": 1000}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
STAFF = ("staff", "s3cret")
LIMIT = Settings().max_question_chars
SECURITY_HEADERS = ("content-security-policy", "x-frame-options", "referrer-policy")
FOUR_QUESTIONS = ["武汉方案第8条的责任单位有哪些", "那贷款期限呢?", "湖北方案附件第7项由谁牵头?",
                  "知识价值信用贷款最多贷多少?"]
# True when the element drawn at the centre of the newest reply is that reply (or inside it):
# on screen, not merely in the page.
NEWEST_REPLY_ON_SCREEN = """() => {
  const turns = document.querySelectorAll('#conversation .pt-turn');
  if (!turns.length) { return false; }
  const reply = turns[turns.length - 1].querySelector('.pt-assistant, .pt-notice');
  const box = reply.getBoundingClientRect();
  const drawn = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return drawn !== null && reply.contains(drawn);
}"""


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


@pytest.fixture(scope="module")
def staff_web_app(offline_assistant, tmp_path_factory):
    """The web app with a staff login configured: the chat open, the staff pages behind the login."""
    running = RunningWebApp(offline_assistant, tmp_path_factory.mktemp("staff-web") / "data", credentials=STAFF)
    yield running
    running.close()


def open_page(browser, url: str, size: str = "desktop", locale: str = "zh-CN"):
    """A fresh browser session (its own cookies and Gradio session) at ``size`` on ``url``."""
    context = browser.new_context(locale=locale, accept_downloads=True, **SIZES[size])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(url)
    return page


def wait_until_ready(page) -> None:
    """Until the page's scripts have run: the box is there and the counter has set up the send button."""
    page.wait_for_selector("#question")
    page.wait_for_function("document.querySelector('#send') !== null && document.querySelector('#send').disabled")


@pytest.fixture
def page(browser, web_app):
    """The chat at desk size, in Chinese."""
    page = open_page(browser, web_app.url)
    wait_until_ready(page)
    yield page
    page.context.close()


@pytest.fixture(params=list(SIZES))
def sized(request, browser, web_app):
    """(page, size name): the chat at each size, in Chinese."""
    page = open_page(browser, web_app.url, request.param)
    wait_until_ready(page)
    yield page, request.param
    page.context.close()


def shot(page, name: str, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def ask(page, question: str) -> None:
    """Type a question, send it, and wait for its turn to come back."""
    turns = page.locator("#conversation .pt-turn")
    before = turns.count()
    page.locator("#question textarea").fill(question)
    page.locator("#send").click()
    turns.nth(before).locator(".pt-assistant, .pt-notice").wait_for()


def log_in(page, base_url: str, credentials=STAFF) -> None:
    """Open the staff pages and log in through Gradio's form."""
    page.goto(base_url + "staff/")
    page.locator("input[type=password]").wait_for()
    page.locator("input[type=text], input:not([type])").first.fill(credentials[0])
    page.locator("input[type=password]").fill(credentials[1])
    page.locator("input[type=password]").press("Enter")


# ---------------------------------------------------------------- the conversation


def test_newest_turn_is_on_screen_after_each_answer(sized):
    page, size = sized
    shot(page, f"chat-start-{size}", full_page=False)
    for question in FOUR_QUESTIONS:
        ask(page, question)
        page.wait_for_function(NEWEST_REPLY_ON_SCREEN, timeout=5_000)
    assert page.locator("#conversation .pt-turn").count() == 4
    assert all(text.strip() for text in page.locator("#conversation .pt-msg .pt-text").all_inner_texts())
    conversation = page.locator("#conversation").bounding_box()
    sources = page.locator("#sources").bounding_box()
    if size == "phone":  # the chat first, the sources below it
        assert sources["y"] >= conversation["y"] + conversation["height"]
    else:  # side by side
        assert sources["x"] >= conversation["x"] + conversation["width"]
    shot(page, f"chat-{size}", full_page=False)


def test_follow_up_keeps_context_and_a_chip_opens_its_highlighted_quote(page):
    ask(page, "武汉方案第8条的责任单位有哪些")
    first = page.locator("#conversation .pt-turn").nth(0)
    assert "市委金融办" in first.locator(".pt-assistant .pt-text").inner_text()
    marker = first.locator(".pt-text .pt-marker").first
    assert marker.get_attribute("data-unit") == "wuhan/8"

    # Without the history this question is answered from wuhan/11 (merger loans) first.
    ask(page, "那贷款期限呢?")
    follow_up = page.locator("#conversation .pt-turn").nth(1)
    assert "3年" in follow_up.locator(".pt-assistant .pt-text").inner_text()
    assert follow_up.locator(".pt-marker").first.get_attribute("data-unit") == "wuhan/8"
    page.locator("#sources .pt-sources-head", has_text="第2问的依据").wait_for()

    # The panel now shows the second answer's sources: the first answer's chip brings back its own.
    first.locator(".pt-cite").first.click()
    page.locator("#sources .pt-sources-head", has_text="第1问的依据").wait_for()
    selected = page.locator('#sources .pt-selected[data-unit="wuhan/8"]')
    mark = selected.locator("mark").first
    assert mark.is_visible()
    assert "责任单位" in mark.inner_text(), "a Simplified asker reads the Wuhan clause in Simplified"
    selected.locator(".pt-original summary").click()
    assert "責任單位" in selected.locator(".pt-original mark").inner_text(), "the original is a click away"
    assert "创新推广科技信贷产品" in selected.inner_text() and "武汉方案第8条" in selected.inner_text()


def test_citation_chips_read_as_people_cite_with_the_id_in_a_tooltip(page):
    ask(page, "武汉方案第8条的责任单位有哪些")
    ask(page, "湖北方案附件第7项由谁牵头?")
    chips = page.locator("#conversation .pt-cites .pt-cite")
    names = [text.replace("\n", "") for text in chips.all_inner_texts()]
    assert names == ["1武汉方案第8条", "1湖北方案分工表第7项"]
    assert chips.nth(0).get_attribute("title") == "wuhan/8 · 创新推广科技信贷产品"
    assert chips.nth(1).get_attribute("title").startswith("hubei/annex-7 · ")
    assert "wuhan/" not in page.locator("#conversation").inner_text()


def test_hovering_or_tapping_a_marker_previews_the_quoted_sentence(sized):
    page, size = sized
    ask(page, "知识价值信用贷款最长几年、最多贷多少?")
    marker = page.locator("#conversation .pt-marker").first
    if size == "phone":
        marker.tap()
    else:
        marker.hover()
    preview = page.locator(".pt-preview")
    preview.wait_for(state="visible")
    assert "武汉方案第8条" in preview.inner_text() and "1000万元" in preview.inner_text(), "in the asker's script"
    box = preview.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["viewport"]["width"]
    shot(page, f"chat-preview-{size}", full_page=False)
    if size == "phone":  # the preview opens the clause in the panel below, and goes there
        preview.locator(".pt-preview-open").tap()
        page.locator('#sources .pt-selected[data-unit="wuhan/8"]').wait_for()
        page.wait_for_function("() => { const b = document.getElementById('sources').getBoundingClientRect();"
                               " return b.top >= -1 && b.top < window.innerHeight; }", timeout=5_000)


def test_empty_box_cannot_be_sent_and_adds_no_bubble(page):
    send = page.locator("#send")
    assert send.is_disabled()
    box = page.locator("#question textarea")
    box.fill("   ")
    assert send.is_disabled()
    box.press("Enter")  # Enter in an empty box sends nothing either (and the server would add nothing)
    ask(page, "知识价值信用贷款最多贷多少?")
    assert page.locator("#conversation .pt-turn").count() == 1
    assert page.locator("#conversation .pt-user .pt-text").inner_text() == "知识价值信用贷款最多贷多少?"


def test_counter_shows_the_count_and_the_limit(page):
    page.locator("#question textarea").fill("知识价值")
    assert page.locator("#question-meta .pt-count").inner_text() == f"4 / {LIMIT} 字"
    assert not page.locator("#send").is_disabled()


def test_too_long_question_is_not_echoed_and_the_box_says_why(page):
    box = page.locator("#question textarea")
    box.fill("贷款" * 300)
    over = page.locator("#question-meta .pt-over")
    assert over.is_visible() and str(LIMIT) in over.inner_text()
    assert page.locator("#send").is_disabled()
    box.press("Enter")  # sent anyway: the server refuses it at the box
    status = page.locator("#question-meta .pt-status")
    status.wait_for()
    assert "过长" in status.inner_text() and str(LIMIT) in status.inner_text()
    assert page.locator("#conversation .pt-turn").count() == 0
    assert box.input_value() == "贷款" * 300
    shot(page, "chat-too-long-desktop", full_page=False)


def test_copy_puts_the_answer_and_its_sources_on_the_clipboard(page, web_app):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=web_app.url.rstrip("/"))
    ask(page, "知识价值信用贷款最长几年、最多贷多少?")
    copy = page.locator("#conversation .pt-copy").first
    copy.click()
    page.locator("#conversation .pt-copy", has_text="已复制").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    answer = page.locator("#conversation .pt-assistant .pt-text").first.inner_text()
    assert copied.startswith(re.split(r"\d", answer)[0])  # the answer's own words first (markers are links on the page)
    assert "[1] 武汉方案第8条 (wuhan/8) 创新推广科技信贷产品: 「" in copied


def test_download_saves_the_conversation_as_markdown(page):
    ask(page, "武汉方案第8条的责任单位有哪些")
    ask(page, "那贷款期限呢?")
    with page.expect_download() as download:
        page.locator("#download").click()
    assert download.value.suggested_filename.startswith("政策通对话-")
    assert download.value.suggested_filename.endswith(".md")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# 政策通对话记录")
    assert "## 第1问" in text and "## 第2问" in text and "**您:** 那贷款期限呢?" in text
    assert "- [1] 武汉方案第8条 (wuhan/8) 创新推广科技信贷产品" in text


def test_new_conversation_starts_afresh(page):
    ask(page, "知识价值信用贷款最多贷多少?")
    page.locator("#new-chat").click()
    page.locator("#conversation .pt-empty").wait_for()
    assert page.locator("#conversation .pt-turn").count() == 0
    assert page.locator("#sources .pt-source").count() == 0


def test_ui_language_follows_the_browser_and_switches(browser, web_app):
    page = open_page(browser, web_app.url, locale="en-US")
    page.locator("#send", has_text="Send").wait_for()
    # the tabs are relabelled apart from the button: wait for them too (under load they came later)
    page.get_by_role("tab", name="By government unit").wait_for()
    assert page.get_by_role("tab", name="By government unit").count() == 1
    ask(page, "武汉方案第8条的责任单位有哪些")
    assert page.locator("#conversation .pt-user .pt-role").inner_text().startswith("You")
    assert "Wuhan plan item 8" in page.locator("#conversation .pt-cite").first.inner_text()
    assert page.locator("#question-meta .pt-count").inner_text() == f"0 / {LIMIT} characters"
    shot(page, "chat-english-desktop", full_page=False)
    page.get_by_text("中文", exact=True).click()
    page.locator("#send", has_text="发送").wait_for()
    assert "武汉方案第8条" in page.locator("#conversation .pt-cite").first.inner_text()
    assert page.locator("#conversation .pt-user .pt-role").inner_text().startswith("您")
    page.context.close()


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
    question = "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> **粗体** ${1+1} 🙂"
    ask(page, question)
    assert page.locator("#conversation .pt-user .pt-text").first.inner_text() == question
    assert page.locator("#conversation img").count() == 0
    assert page.locator("#conversation script").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    shot(page, "chat-html-as-text-desktop", full_page=False)


def test_refusal_looks_like_a_refusal(page):
    ask(page, "明天武汉会下雨吗?")
    assert page.locator("#conversation .pt-refused .pt-badge").is_visible()


def test_internal_failure_shows_a_friendly_message_without_details(browser, failing_web_app):
    page = open_page(browser, failing_web_app.url)
    page.wait_for_selector("#question")
    ask(page, "武汉方案第8条的责任单位有哪些")
    body = page.locator("body").inner_text()
    assert "稍后再试" in page.locator("#conversation .pt-notice").inner_text()
    assert FailingAssistant.SECRET not in body and "Traceback" not in body
    page.context.close()


# ---------------------------------------------------------------- the other pages


@pytest.mark.parametrize("size", list(SIZES))
def test_unit_lookup_lists_tasks_and_opens_a_task(browser, web_app, size):
    page = open_page(browser, web_app.url, size)
    page.get_by_role("tab", name="按单位查询").click()
    picker = page.get_by_label("政府单位")
    picker.click()
    picker.fill("省科技厅")
    page.get_by_role("option", name="省科技厅", exact=True).click()
    view = page.locator("#unit-view")
    view.locator("h3", has_text="省科技厅").wait_for()
    row = view.locator('[data-task="hubei/annex-7"]')
    assert row.inner_text() == "湖北方案分工表第7项" and row.get_attribute("title") == "hubei/annex-7"
    row.click()
    task_view = page.locator("#task-view")
    task_view.locator("h3", has_text="湖北方案分工表第7项").wait_for()
    assert "省科技厅" in task_view.inner_text() and "湖北金融监管局" in task_view.inner_text()
    # on a phone the task opens below the unit's long list: the page goes there
    page.wait_for_function("() => { const b = document.getElementById('task-view').getBoundingClientRect();"
                           " return b.top >= -1 && b.top < window.innerHeight; }", timeout=5_000)
    shot(page, f"units-{size}", full_page=False)
    page.context.close()


def test_staff_pages_are_not_served_without_a_login(browser, web_app):
    page = open_page(browser, web_app.url + "staff/")
    assert page.locator("body").inner_text().strip() == '{"detail":"Not Found"}'
    page.goto(web_app.url)
    page.wait_for_selector("#question")
    assert page.get_by_role("tab", name="反馈记录").count() == 0
    assert page.get_by_role("tab", name="批量答复").count() == 0
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_staff_pages_ask_for_the_login_first(browser, staff_web_app, size):
    page = open_page(browser, staff_web_app.url + "staff/", size)
    page.locator("input[type=password]").wait_for()
    assert "政策通工作人员页面" in page.locator("body").inner_text()
    assert page.locator("#feedback-table").count() == 0
    shot(page, f"staff-login-{size}")
    page.goto(staff_web_app.url)  # the public chat stays open
    page.wait_for_selector("#question")
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_feedback_with_a_comment_is_stored_and_listed_for_staff_in_beijing_time(browser, staff_web_app, size):
    question = {"desktop": "知识价值信用贷款最长几年、最多贷多少?", "phone": "知识价值信用贷款最多能贷多少?"}[size]
    page = open_page(browser, staff_web_app.url, size)
    page.wait_for_selector("#question")
    ask(page, question)
    page.locator('#conversation .pt-vote[data-vote="down"]').first.click()
    page.locator("#conversation .pt-feedback-done").wait_for()
    page.locator("#comment textarea, #comment input").first.fill("希望说明利率")
    page.locator("#comment-send").click()
    page.locator("#comment-status", has_text="意见已保存").wait_for()

    with sqlite3.connect(staff_web_app.feedback.path) as db:
        rows = db.execute("SELECT created_at, helpful, comment, citations FROM feedback WHERE question = ?",
                          (question,)).fetchall()
    assert len(rows) == 1
    created_at, helpful, comment, citations = rows[0]
    assert (helpful, comment) == (0, "希望说明利率")
    assert json.loads(citations)[0]["id"] == "wuhan/8"

    log_in(page, staff_web_app.url)
    page.get_by_role("tab", name="反馈记录").click()
    table = page.locator("#feedback-table", has_text=question)
    table.wait_for()
    assert local_time(created_at) in table.inner_text()
    shot(page, f"staff-feedback-{size}")
    page.locator("#feedback-export").click()
    with page.expect_download() as export:
        page.locator("#feedback-file a").first.click()
    exported = list(csv.DictReader(io.StringIO(Path(export.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(row["helpful"], row["comment"]) for row in exported if row["question"] == question] == [
        ("no", "希望说明利率")]
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_batch_upload_answers_every_row_and_downloads(browser, staff_web_app, tmp_path, size):
    upload = tmp_path / "inquiries.csv"
    upload.write_text("id,question\nq1,武汉方案第8条的责任单位有哪些\nq2,\nq3,知识价值信用贷款最长几年?\n",
                      encoding="utf-8")
    page = open_page(browser, staff_web_app.url, size)
    log_in(page, staff_web_app.url)
    page.get_by_role("tab", name="批量答复").click()
    page.locator("#batch-file input[type=file]").set_input_files(str(upload))
    # the file's name is shown as a stem and an extension in spans of their own ("inquiries" ".csv"),
    # whose joined text may carry a space: the cell's label names the file whole
    page.locator('#batch-file [aria-label="inquiries.csv"]').first.wait_for()
    page.locator("#batch-run").click()
    page.locator("#batch-summary", has_text="共 3 条").wait_for()
    assert "出错 1 条" in page.locator("#batch-summary").inner_text()
    shot(page, f"staff-batch-{size}")

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
    page.context.close()


# ---------------------------------------------------------------- hardening


def test_every_page_carries_the_security_headers_and_gradio_works_under_them(browser, staff_web_app):
    page = open_page(browser, "about:blank")
    responses, violations = [], []
    page.on("response", lambda r: responses.append(r))
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(staff_web_app.url)
    page.wait_for_selector("#question")
    ask(page, "武汉方案第8条的责任单位有哪些")
    page.goto(staff_web_app.url + "staff/")
    page.locator("input[type=password]").wait_for()
    own = [r for r in responses if r.url.startswith(staff_web_app.url)]
    assert len(own) > 10
    for response in own:
        missing = [h for h in SECURITY_HEADERS if h not in response.headers]
        assert not missing, f"{response.url} lacks {missing}"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert violations == []
    page.context.close()


def test_staff_login_is_refused_with_a_message_after_repeated_failures(browser, offline_assistant, tmp_path):
    running = RunningWebApp(offline_assistant, tmp_path / "data", credentials=STAFF)
    try:
        page = open_page(browser, running.url + "staff/")
        statuses = []
        for password in ["wrong-1", "wrong-2", "wrong-3", "wrong-4", "wrong-5", STAFF[1]]:  # the right one too late
            with page.expect_response(lambda r: r.url.rstrip("/").endswith("/login")) as login:
                log_in(page, running.url, (STAFF[0], password))
            statuses.append(login.value.status)
        assert statuses == [400] * 5 + [429]
        page.locator("#pt-login-throttled", has_text="登录失败次数过多").wait_for()
        assert page.locator("input[type=password]").is_visible()
        page.context.close()
    finally:
        running.close()


# ---------------------------------------------------------------- policy matching (政策匹配)

CLEAR_PROFILE = "武汉一家科技型中小企业，没有抵押物，想申请信用贷款"
MATCH_CSV_HEADER = ["序号", "措施编号", "措施", "支持内容", "条件/额度", "联系单位", "原文"]
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def read_into_form(page, profile: str, tab: str = "政策匹配") -> None:
    """Open the matching tab, describe the firm and press 读取; wait for what was read."""
    page.get_by_role("tab", name=tab).click()
    page.locator("#match-profile textarea").fill(profile)
    page.locator("#match-read").click()
    page.locator("#match-understood .pt-match-understood").wait_for()


def match_form(page) -> list[str]:
    """Press 匹配 and wait for the checklist; the ids of its rows, in order."""
    page.locator("#match-run").click()
    page.locator("#match-result .pt-match-table").wait_for()
    return [row.get_attribute("data-unit") for row in page.locator("#match-result tbody tr").all()]


def chosen(page, field: str) -> list[str]:
    """The names a multi-select field of the form holds."""
    return page.locator(f"#{field} .token span").all_inner_texts()


def test_match_reads_a_description_into_the_form_and_lists_the_measures(sized):
    page, size = sized
    read_into_form(page, CLEAR_PROFILE)
    read = page.locator("#match-understood").inner_text()
    assert "科技型中小企业" in read and "无抵押" in read and "武汉" in read
    assert chosen(page, "match-entity")[0] == "科技型中小企业" and "科技型企业" in chosen(page, "match-entity")
    assert chosen(page, "match-needs") == ["信用贷款", "贷款"]
    assert page.locator("#match-place input").input_value() == "武汉"
    ids = match_form(page)
    assert ids[0] == "wuhan/8" and len(ids) == len(set(ids)) >= 3
    first = page.locator('#match-result tr[data-unit="wuhan/8"]')
    assert first.locator(".pt-match-measure").inner_text() == "武汉方案第8条 · 创新推广科技信贷产品"
    assert first.locator(".pt-name").get_attribute("title") == "wuhan/8"
    assert "1000萬元" in first.locator(".pt-match-quote").inner_text()
    assert "市委金融办" in first.locator(".pt-match-contacts").inner_text()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    # at a desk a table; on a phone each measure a card with its own labels
    assert page.locator("#match-result thead").is_visible() == (size == "desktop")
    shot(page, f"match-{size}")


def test_match_checklist_downloads_as_csv_that_excel_reads_as_utf8(page):
    read_into_form(page, CLEAR_PROFILE)
    ids = match_form(page)
    page.locator('#match-result input[data-unit="wuhan/8"]').check()
    with page.expect_download() as download:
        page.locator("#match-result .pt-match-download").click()
    assert download.value.suggested_filename.startswith("政策匹配-")
    assert download.value.suggested_filename.endswith(".csv")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == MATCH_CSV_HEADER
    assert [row[1] for row in rows[1:]] == ids and [row[0] for row in rows[1:]] == [str(n) for n in range(1, len(ids) + 1)]
    assert rows[1][2] == "武汉方案第8条 · 创新推广科技信贷产品" and rows[1][6] == "為科技型企業發放最長3年期、最高額度1000萬元的信用貸款"
    assert page.locator('#match-result input[data-unit="wuhan/8"]').is_checked(), "the download keeps the ticks"


def test_match_form_edited_to_a_place_outside_wuhan_lists_no_wuhan_measure(page):
    read_into_form(page, CLEAR_PROFILE)
    picker = page.locator("#match-place input")
    picker.click()
    picker.fill("宜昌")
    page.get_by_role("option", name="宜昌", exact=True).click()
    ids = match_form(page)
    assert ids and "hubei/21" in ids and not [i for i in ids if i.startswith("wuhan/")]
    assert "宜昌" in page.locator("#match-result .pt-match-understood").inner_text()


def test_match_prints_only_the_checklist_and_what_it_rests_on(page):
    read_into_form(page, CLEAR_PROFILE)
    match_form(page)
    page.evaluate("window.print = () => { window.ptPrinted = true; }")  # no dialog in a test
    page.locator("#match-result .pt-match-print-button").click()
    assert page.evaluate("window.ptPrinted === true")
    page.emulate_media(media="print")
    assert page.locator("#match-result .pt-match-table").is_visible()
    assert page.locator("#match-result .pt-match-print .pt-match-understood").is_visible()
    for hidden in ("#heading", "#language", "#match-entity", "#match-run", "#match-profile",
                   "#match-result .pt-match-actions", "footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert not page.get_by_role("tab", name="政策问答").is_visible()
    shot(page, "match-print-desktop")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator("#heading").is_visible(), "after printing the page is whole again"
    page.emulate_media(media="screen")


def test_match_bad_input_and_an_empty_result_are_said_in_the_page_not_raised(page):
    page.get_by_role("tab", name="政策匹配").click()
    page.locator("#match-read").click()
    page.locator("#match-understood .pt-status", has_text="请描述您的企业或机构").wait_for()
    page.locator("#match-profile textarea").fill("贷款" * 300)
    page.locator("#match-read").click()
    status = page.locator("#match-understood .pt-status", has_text="过长")
    status.wait_for()
    assert str(LIMIT) in status.inner_text()
    read_into_form(page, "你好")
    assert chosen(page, "match-entity") == []
    page.locator("#match-run").click()
    note = page.locator("#match-result .pt-match-note")
    note.wait_for()
    assert "未能从描述中读出主体类型" in note.inner_text()
    assert page.locator("#match-result table").count() == 0
    assert "Traceback" not in page.locator("body").inner_text()
    shot(page, "match-empty-desktop", full_page=False)


def test_match_page_speaks_english(browser, web_app):
    page = open_page(browser, web_app.url, locale="en-US")
    page.locator("#send", has_text="Send").wait_for()
    read_into_form(page, "We are a tech SME in Optics Valley, Wuhan, with no collateral. We need a credit loan.",
                   tab="Policy match")
    assert "technology-based SMEs" in page.locator("#match-understood").inner_text()
    assert chosen(page, "match-entity")[0] == "technology-based SMEs"
    ids = match_form(page)
    assert ids[0] == "wuhan/8"
    heads = page.locator("#match-result th").all_inner_texts()
    assert heads[1:] == ["Measure", "What it offers", "Terms", "Contacts", "Quote"]
    assert page.locator('#match-result tr[data-unit="wuhan/8"] .pt-match-why').inner_text() == (
        "credit (unsecured) loans for technology-based enterprises")
    with page.expect_download() as download:
        page.locator("#match-result .pt-match-download").click()
    assert download.value.suggested_filename.startswith("policy-match-")
    shot(page, "match-english-desktop", full_page=False)
    page.get_by_text("中文", exact=True).click()
    page.locator("#match-result th", has_text="支持内容").wait_for()
    assert page.locator('#match-result tr[data-unit="wuhan/8"] .pt-match-why').inner_text() == "面向科技型企业的信用贷款"
    page.context.close()
