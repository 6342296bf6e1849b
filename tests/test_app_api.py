"""The web app over HTTP: the named ``/ask`` endpoint (with gradio_client), the staff login
rule, and the hardening (headers, login throttling, request size, Gradio extras off)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant import Settings
from conftest import FailingAssistant, RunningWebApp, load_web_app
from webapp.security import LoginThrottle

STAFF = ("staff", "s3cret")


@pytest.fixture(scope="module")
def client(web_app):
    from gradio_client import Client

    return Client(web_app.url, verbose=False)


@pytest.mark.slow
def test_ask_returns_a_cited_contract_answer(client):
    result = client.predict("武汉方案第8条的责任单位有哪些", [], api_name="/ask")
    assert set(result) == {"answer", "citations", "refused", "latency_ms"}
    assert result["refused"] is False
    assert result["citations"][0]["id"] == "wuhan/8"
    assert "市委金融办" in result["answer"] and "[1]" in result["answer"]
    assert all(c["quote"] for c in result["citations"])


@pytest.mark.slow
def test_ask_resolves_a_follow_up_from_contract_history(client):
    history = [{"role": "user", "content": "知识价值信用贷款最长几年?"},
               {"role": "assistant", "content": "最长3年期[1]。", "citations": [{"id": "wuhan/8"}]}]
    result = client.predict("那责任单位呢?", history, api_name="/ask")
    assert result["citations"] and result["citations"][0]["id"] == "wuhan/8"
    assert "市科技创新局" in result["answer"]


@pytest.mark.slow
def test_ask_refuses_what_the_plans_do_not_cover(client):
    result = client.predict("明天武汉会下雨吗?", [], api_name="/ask")
    assert result["refused"] is True and result["citations"] == []


@pytest.mark.slow
def test_too_long_question_gets_a_clear_message_in_the_askers_language(client):
    chinese = client.predict("贷款" * 300, [], api_name="/ask")
    english = client.predict("loan " * 120, [], api_name="/ask")
    assert set(chinese) == {"error"} and "500" in chinese["error"] and "too long" not in chinese["error"]
    assert "500" in english["error"] and "too long" in english["error"] and "过长" not in english["error"]


@pytest.mark.slow
def test_malformed_history_is_reported_not_raised(client):
    result = client.predict("第8条?", [{"role": "robot", "text": "x"}], api_name="/ask")
    assert set(result) == {"error"} and "history" in result["error"]


@pytest.mark.slow
def test_ask_is_the_only_public_endpoint(client):
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert list(endpoints) == ["/ask"]


@pytest.mark.slow
def test_concurrent_callers_each_get_their_own_answer(web_app):
    from gradio_client import Client

    questions = {"武汉方案第8条的责任单位有哪些": "wuhan/8", "湖北方案附件第7项由谁牵头?": "hubei/annex-7"}

    def ask(question: str) -> str:
        result = Client(web_app.url, verbose=False).predict(question, [], api_name="/ask")
        return result["citations"][0]["id"]

    asked = list(questions) * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        cited = list(pool.map(ask, asked))
    assert cited == [questions[q] for q in asked]


@pytest.mark.slow
def test_internal_failure_reaches_the_caller_as_a_friendly_message(failing_web_app):
    from gradio_client import Client

    result = Client(failing_web_app.url, verbose=False).predict("第8条?", [], api_name="/ask")
    assert set(result) == {"error"}
    assert "稍后再试" in result["error"]
    assert FailingAssistant.SECRET not in result["error"] and "Traceback" not in result["error"]


@pytest.fixture(scope="module")
def staff_app(offline_assistant, tmp_path_factory):
    """The web app with a staff login configured."""
    running = RunningWebApp(offline_assistant, tmp_path_factory.mktemp("api-staff") / "data", credentials=STAFF)
    yield running
    running.close()


@pytest.mark.slow
def test_a_configured_login_guards_the_staff_pages_and_leaves_the_chat_open(staff_app):
    import httpx
    from gradio_client import Client

    result = Client(staff_app.url, verbose=False).predict("武汉方案第8条的责任单位有哪些", [], api_name="/ask")
    assert result["citations"][0]["id"] == "wuhan/8"
    assert httpx.get(staff_app.url + "staff/config").status_code == 401
    with pytest.raises(Exception, match="credentials were not provided"):
        Client(staff_app.url + "staff/", verbose=False)
    with pytest.raises(ValueError, match="Could not login"):
        Client(staff_app.url + "staff/", auth=("staff", "wrong"), verbose=False)
    staff = Client(staff_app.url + "staff/", auth=STAFF, verbose=False)
    assert staff.view_api(print_info=False, return_format="dict")["named_endpoints"] == {}


@pytest.mark.slow
def test_staff_pages_are_not_served_without_a_login(web_app):
    import httpx

    for path in ("staff", "staff/", "staff/config", "staff/gradio_api/info"):
        assert httpx.get(web_app.url + path).status_code == 404, path


@pytest.mark.slow
def test_logins_are_refused_after_five_failures_whatever_the_user_name(offline_assistant, tmp_path):
    import httpx

    running = RunningWebApp(offline_assistant, tmp_path / "data", credentials=STAFF)
    try:
        login = running.url + "staff/login"
        for username in ("staff", "nobody", "staff", "admin", "staff"):
            assert httpx.post(login, data={"username": username, "password": "wrong"}).status_code == 400
        refused = [httpx.post(login, data={"username": name, "password": password})
                   for name, password in (STAFF, ("nobody", "wrong"))]
        assert [r.status_code for r in refused] == [429, 429]
        assert refused[0].json() == refused[1].json()  # nothing said about which users exist
        assert "登录失败次数过多" in refused[0].json()["detail"] and "Too many failed logins" in refused[0].text
        assert 0 < int(refused[0].headers["retry-after"]) <= 300
    finally:
        running.close()


@pytest.mark.slow
def test_every_response_carries_the_security_headers(staff_app):
    import httpx

    for path in ("", "config", "gradio_api/info", "theme.css", "staff/", "staff/config", "no-such-page"):
        headers = httpx.get(staff_app.url + path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "default-src 'self'" in headers["content-security-policy"], path
        assert (headers["x-frame-options"], headers["referrer-policy"]) == ("DENY", "no-referrer"), path


@pytest.mark.slow
def test_an_oversized_request_is_refused_before_it_is_read(web_app):
    import httpx

    body = b'{"data": ["' + b"x" * (2 * 1024 * 1024) + b'", []]}'
    response = httpx.post(web_app.url + "gradio_api/call/ask", content=body,
                          headers={"content-type": "application/json"})
    assert response.status_code == 413

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(32):
            yield b"x" * 65536

    response = httpx.post(web_app.url + "gradio_api/call/ask", content=chunks(),
                          headers={"content-type": "application/json"})
    assert response.status_code == 413


@pytest.mark.slow
def test_gradio_run_history_monitoring_and_analytics_are_off(web_app):
    import httpx

    config = httpx.get(web_app.url + "config").json()
    assert config["analytics_enabled"] is False
    assert httpx.get(web_app.url + "gradio_api/runs").status_code == 404
    assert httpx.get(web_app.url + "monitoring").status_code in (403, 404)


def test_login_throttle_counts_failures_per_client_in_a_sliding_window():
    now = [0.0]
    throttle = LoginThrottle(max_failures=5, window_s=300, clock=lambda: now[0])
    for second in range(5):
        now[0] = float(second)
        assert throttle.retry_after("10.0.0.1") == 0
        throttle.failed("10.0.0.1")
    assert throttle.retry_after("10.0.0.1") == 296  # until the first failure is five minutes old
    assert throttle.retry_after("10.0.0.2") == 0  # another client is not held up
    now[0] = 300.5
    assert throttle.retry_after("10.0.0.1") == 0


def test_a_good_login_clears_the_failures():
    throttle = LoginThrottle(max_failures=2, window_s=300, clock=lambda: 0.0)
    throttle.failed("10.0.0.1")
    throttle.succeeded("10.0.0.1")
    throttle.failed("10.0.0.1")
    assert throttle.retry_after("10.0.0.1") == 0


def test_login_needs_both_username_and_password():
    web = load_web_app()
    assert web.login_credentials(Settings()) is None
    assert web.login_credentials(Settings(app_username="staff", app_password="s3cret")) == ("staff", "s3cret")
    for half in (Settings(app_username="staff"), Settings(app_password="s3cret")):
        with pytest.raises(ValueError, match="together"):
            web.login_credentials(half)


def test_batch_downloads_are_removed_when_the_app_exits(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import REPO

    script = ("import sys; sys.path.insert(0, '.'); from pathlib import Path; import app\n"
              "from assistant import Assistant, FeedbackStore, Settings\n"
              f"data = Path({str(tmp_path)!r}) / 'data'\n"
              "a = Assistant(Settings(index_dir=data / 'index', data_dir=data), embedder=None)\n"
              "app.build_app(a, FeedbackStore.in_directory(data))\n"
              f"print(len(list(Path({str(tmp_path)!r}).glob('policy-exports-*'))))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "TMPDIR": str(tmp_path)}, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "1", "the folder exists while the app runs"
    assert not list(tmp_path.glob("policy-exports-*")), "and is gone once it exits"
