"""The web app's named ``/ask`` endpoint, called over HTTP with gradio_client, and its login rule."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant import Settings
from conftest import FailingAssistant, RunningWebApp, load_web_app


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
    assert "500" in english["error"] and "too long" in english["error"]


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


@pytest.mark.slow
def test_a_configured_login_guards_the_page_and_the_api(offline_assistant, tmp_path):
    from gradio_client import Client

    running = RunningWebApp(offline_assistant, tmp_path / "data", credentials=("staff", "s3cret"))
    try:
        with pytest.raises(Exception, match="credentials were not provided"):
            Client(running.url, verbose=False)
        with pytest.raises(ValueError, match="Could not login"):
            Client(running.url, auth=("staff", "wrong"), verbose=False)
        result = Client(running.url, auth=("staff", "s3cret"), verbose=False).predict(
            "武汉方案第8条的责任单位有哪些", [], api_name="/ask")
        assert result["citations"][0]["id"] == "wuhan/8"
    finally:
        running.close()


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
