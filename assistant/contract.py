"""The CONTRACT's question and answer lines: parsing, validation and batch answering."""

from __future__ import annotations

import json
import time
from typing import Any, Callable, Iterable, Iterator

from .errors import AssistantError, InputRejected
from .types import Turn

MAX_HISTORY_TURNS = 20


def parse_history(history: Any) -> tuple[Turn, ...]:
    """Turns from the CONTRACT's ``history`` list (oldest first); raises ``InputRejected``."""
    if history is None:
        return ()
    if not isinstance(history, list):
        raise InputRejected("history 必须是列表。", english="history must be a list")
    turns = []
    for i, item in enumerate(history[-MAX_HISTORY_TURNS:]):
        if not isinstance(item, dict) or item.get("role") not in ("user", "assistant") \
                or not isinstance(item.get("content"), str):
            raise InputRejected(f"history 第{i + 1}项格式不对:需要 role(user/assistant)和 content。",
                                english=f"history item {i + 1} needs role (user/assistant) and content")
        cited = item.get("citations") or ()
        ids = tuple(c["id"] if isinstance(c, dict) else str(c) for c in cited if c)
        turns.append(Turn(item["role"], item["content"], ids))
    return tuple(turns)


def parse_question_line(line: str | bytes) -> tuple[str | None, str, tuple[Turn, ...]]:
    """(id, question, history) from one input line; raises ``InputRejected`` saying what is wrong."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputRejected("该行不是 UTF-8 文本。", english="line is not UTF-8 text") from exc
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputRejected(f"该行不是合法 JSON:{exc.msg}。", english=f"line is not valid JSON: {exc.msg}") from exc
    if not isinstance(record, dict):
        raise InputRejected("该行必须是 JSON 对象。", english="line must be a JSON object")
    qid = record.get("id")
    qid = None if qid is None else str(qid)
    question = record.get("question")
    if not isinstance(question, str):
        raise InputRejected("缺少 question 字段(字符串)。", english="missing string field 'question'")
    return qid, question, parse_history(record.get("history"))


def _salvage_id(text: str) -> str | None:
    """The ``id`` of a line that was rejected for another reason, when it can be read."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError:
        return None
    value = record.get("id") if isinstance(record, dict) else None
    return None if value is None else str(value)


def answer_records(ask: Callable, lines: Iterable[str | bytes],
                   on_progress: Callable[[int], None] | None = None) -> Iterator[dict]:
    """One CONTRACT output line per input line, in order; a bad line gets an ``error`` line.

    ``ask(question, history)`` returns an ``Answer``; ``latency_ms`` is measured around it.
    Blank lines are skipped (they are not questions).
    """
    for number, line in enumerate(lines, start=1):
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        if not text.strip():
            continue
        qid: str | None = None
        try:
            qid, question, history = parse_question_line(line)
            started = time.perf_counter()
            answer = ask(question, history)
            latency = (time.perf_counter() - started) * 1000
            yield answer.to_contract(qid if qid is not None else f"line-{number}", latency)
        except InputRejected as exc:
            qid = qid if qid is not None else _salvage_id(text)
            yield {"id": qid if qid is not None else f"line-{number}", "error": str(exc), "line": number}
        except AssistantError as exc:
            yield {"id": qid if qid is not None else f"line-{number}", "error": f"{exc.user_message} {exc}",
                   "line": number}
        if on_progress:
            on_progress(number)
