"""Per-session isolation in the web app: fifty sessions at once, each answered from its own turns only.

Every session is its own gradio_client ``Client``, so its own Gradio session. The ``/ask``
callers send a crafted history about 知识价值信用贷款 (wuhan/8, 3 years), about 并购贷款
(wuhan/11, 10 years) or none, and all ask the same follow-up. The chat sessions build their
history turn by turn in their own ``gr.State``. All sessions move in lockstep phases, so each
follow-up arrives while the other sessions' turns are fresh on the server. Every answer must
equal what the same assistant answers in-process, alone, to the same history.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant import Turn, parse_history
from webapp import view

FOLLOW_UP = "那期限呢？"
HISTORIES = {
    "credit": [{"role": "user", "content": "知识价值信用贷款最长几年?"},
               {"role": "assistant", "content": "最长3年期[1]。", "citations": [{"id": "wuhan/8"}]}],
    "merger": [{"role": "user", "content": "并购贷款占并购交易额比例最高多少?"},
               {"role": "assistant", "content": "最高可达到80%[1]。", "citations": [{"id": "wuhan/11"}]}],
    "none": [],
}
# A chat session's question in each phase; None sits the phase out.
CHAT_SCRIPTS = {
    "credit": ("知识价值信用贷款最长几年?", FOLLOW_UP, "那责任单位呢？"),
    "merger": ("并购贷款占并购交易额比例最高多少?", FOLLOW_UP, "那责任单位呢？"),
    "none": (None, FOLLOW_UP, "那责任单位呢？"),
}
PHASES = 3
# The kinds alternate, so neighbouring sessions (in start order and on the queue) differ.
API_SESSIONS = ["credit", "merger"] * 12 + ["none"] * 6
CHAT_SESSIONS = ["credit", "merger"] * 8 + ["none"] * 4
CALL_TIMEOUT_S = 60


def contract_answer(result: dict) -> dict:
    """An ``/ask`` result without its latency, the one part that differs between equal answers."""
    return {key: value for key, value in result.items() if key != "latency_ms"}


def timeless(conversation_html: str) -> str:
    """The conversation as rendered, without the clock: the times asked and the dated download copy."""
    without_times = re.sub(r"\s*<time\b[^>]*>.*?</time>", "", conversation_html, flags=re.S)
    return re.sub(r'<pre class="pt-markdown".*?</pre>', "", without_times, flags=re.S)


def shown_units(sources_html: str) -> list[str]:
    """The unit ids of the source panel, in order."""
    return re.findall(r'<details class="pt-source[^"]*" data-unit="([^"]+)"', sources_html)


def outline(seen: dict | tuple[str, list[str]] | None) -> str:
    """A short account of what a session saw, for a failure message: cited ids and the answer's start."""
    if isinstance(seen, dict):
        return f"{[c['id'] for c in seen.get('citations', [])]} {str(seen.get('answer', seen))[:40]!r}"
    if seen is None:
        return "nothing"
    conversation, units = seen
    last_answer = re.findall(r'<pre class="pt-copy-text" hidden>(.*?)</pre>', conversation, flags=re.S)
    turns = conversation.count('<div class="pt-turn"')
    return f"{turns} turn(s), sources {units} {(last_answer or [conversation])[-1][:40]!r}"


def api_reference(assistant, kind: str) -> dict:
    """What the assistant answers, in-process and alone, to the follow-up after ``kind``'s history."""
    answer = assistant.ask(FOLLOW_UP, parse_history(HISTORIES[kind]))
    return contract_answer(answer.to_contract(latency_ms=0))


def chat_reference(assistant, kind: str) -> list[tuple[str, list[str]] | None]:
    """Per phase, the conversation and source panel a lone session following ``kind``'s script sees."""
    turns: tuple[Turn, ...] = ()
    exchanges: list[view.Exchange] = []
    expected: list[tuple[str, list[str]] | None] = []
    for question in CHAT_SCRIPTS[kind]:
        if question is None:
            expected.append(None)
            continue
        answer = assistant.ask(question, turns)
        cited = [c.unit_id for c in answer.citations]
        turns += (Turn("user", question), Turn("assistant", answer.text, tuple(cited)))
        exchanges.append(view.Exchange(question, answer, number=len(exchanges) + 1))
        expected.append((timeless(view.conversation_html(exchanges, assistant.corpus, "zh")), cited))
    return expected


def chat_event(client) -> int:
    """The chat's send event in this client's session. The browser's event, private to API
    clients, so it is unlocked here on this client's side only; the server takes it as from a page."""
    endpoint = next((e for e in client.endpoints.values() if e.api_name == "/chat_turn"), None)
    assert endpoint is not None, "the chat event (chat_turn) is missing from the app's config"
    endpoint.is_valid = True
    return endpoint.fn_index


def test_the_crafted_histories_lead_to_different_answers(offline_assistant):
    credit, merger, none = (api_reference(offline_assistant, kind) for kind in ("credit", "merger", "none"))
    assert [c["id"] for c in credit["citations"]] == ["wuhan/8"] and "3年" in credit["answer"]
    assert [c["id"] for c in merger["citations"]] == ["wuhan/11"] and "10年" in merger["answer"]
    assert none["citations"] == []  # asked back: no clause to continue from
    assert len({credit["answer"], merger["answer"], none["answer"]}) == 3
    chats = {kind: chat_reference(offline_assistant, kind) for kind in CHAT_SCRIPTS}
    follow_ups = [chats[kind][1] for kind in CHAT_SCRIPTS]
    assert [units for _, units in follow_ups] == [["wuhan/8"], ["wuhan/11"], []]
    assert len({conversation for conversation, _ in follow_ups}) == 3


@pytest.mark.slow
def test_fifty_concurrent_sessions_are_each_answered_from_their_own_turns(web_app, offline_assistant):
    from gradio_client import Client

    # computed first, one after another, before the server sees any of these questions
    api_expected = {kind: api_reference(offline_assistant, kind) for kind in HISTORIES}
    chat_expected = {kind: chat_reference(offline_assistant, kind) for kind in CHAT_SCRIPTS}
    sessions = [("api", kind) for kind in API_SESSIONS] + [("chat", kind) for kind in CHAT_SESSIONS]
    assert len(sessions) == 50
    # every phase starts only when every session has finished the one before
    phase_start = threading.Barrier(len(sessions), timeout=CALL_TIMEOUT_S * 2)

    def run(surface: str, kind: str) -> list:
        client = None
        try:
            client = Client(web_app.url, verbose=False, analytics_enabled=False)
            send = chat_event(client) if surface == "chat" else None
            seen = []
            for phase in range(PHASES):
                phase_start.wait()
                if surface == "api":
                    result = client.submit(FOLLOW_UP, HISTORIES[kind], api_name="/ask").result(CALL_TIMEOUT_S)
                    seen.append(contract_answer(result))
                elif (question := CHAT_SCRIPTS[kind][phase]) is None:
                    seen.append(None)
                else:
                    conversation, sources, *_ = client.submit(question, "zh", fn_index=send).result(CALL_TIMEOUT_S)
                    seen.append((timeless(conversation), shown_units(sources)))
            return seen
        except BaseException:
            phase_start.abort()  # the other sessions stop waiting for this one
            raise
        finally:
            if client is not None:
                client.close()  # ends the session's heartbeat stream

    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        futures = [pool.submit(run, surface, kind) for surface, kind in sessions]
        failures = [f.exception() for f in futures if f.exception() is not None]
    if failures:  # the session that failed first, not those it released from the barrier
        raise next((e for e in failures if not isinstance(e, threading.BrokenBarrierError)), failures[0])

    differing, answers = [], 0
    for number, ((surface, kind), future) in enumerate(zip(sessions, futures), start=1):
        expected_per_phase = [api_expected[kind]] * PHASES if surface == "api" else chat_expected[kind]
        for phase, (seen, expected) in enumerate(zip(future.result(), expected_per_phase), start=1):
            answers += 0 if expected is None else 1
            if seen != expected:
                differing.append(f"session {number} ({surface}, {kind}) phase {phase}: "
                                 f"{outline(seen)}, expected {outline(expected)}")
    assert not differing, (f"{len(differing)} of {answers} answers differ from the session's own reference:\n"
                           + "\n".join(differing[:10]))
