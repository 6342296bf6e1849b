"""The CONTRACT's question and answer lines: parsing, validation, bounds and batch answering."""

from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import replace
from typing import Any, Callable, Iterable, Iterator

from .errors import AssistantError, InputRejected
from .settings import Settings
from .language.text import strip_control
from .types import Corpus, Turn

log = logging.getLogger(__name__)

ROLES = ("user", "assistant")
BOM = "\ufeff"
# Lone surrogates cannot be encoded as UTF-8, and U+0085, U+2028 and U+2029 end a line for
# str.splitlines although json.dumps leaves them raw: written as JSON escapes, one record
# stays one writable line.
_UNWRITABLE = re.compile("[\ud800-\udfff\x85\u2028\u2029]")
_SHOWN_CHARS = 40


def _shown(value: str) -> str:
    """A value for a message: quoted, escaped where unprintable, cut when long."""
    return repr(value[:_SHOWN_CHARS]) + ("…" if len(value) > _SHOWN_CHARS else "")


def _history_not_a_list() -> InputRejected:
    return InputRejected("history 必须是列表。", english="history must be a list")


def _bad_turn(number: int, chinese: str, english: str) -> InputRejected:
    return InputRejected(f"history 第{number}项{chinese}。", english=f"history item {number}: {english}")


def _checked_turn(number: int, turn: Any) -> Turn:
    """``turn`` when it is a ``Turn`` of a known role with text content and string ids; else ``InputRejected``."""
    if not isinstance(turn, Turn):
        raise _bad_turn(number, "必须是一轮对话(Turn)", "must be a Turn")
    if not isinstance(turn.role, str) or turn.role not in ROLES:
        raise _bad_turn(number, "的 role 必须是 user 或 assistant", "role must be user or assistant")
    if not isinstance(turn.content, str):
        raise _bad_turn(number, "的 content 必须是文本", "content must be text")
    if not isinstance(turn.citations, (tuple, list)):
        raise _bad_turn(number, "的 citations 必须是列表", "citations must be a list")
    if not all(isinstance(cited, str) and cited for cited in turn.citations):
        raise _bad_turn(number, "的每条引用都必须有文本 id", "every citation needs a string id")
    return turn if isinstance(turn.citations, tuple) else replace(turn, citations=tuple(turn.citations))


def _cited_id(number: int, citation: Any) -> Any:
    """The unit id of one history citation: an ``{"id": …}`` object or a plain id string."""
    if isinstance(citation, dict):
        if "id" not in citation:
            raise _bad_turn(number, "的引用缺少 id", "a citation has no id")
        return citation["id"]
    if isinstance(citation, str):
        return citation
    raise _bad_turn(number, "的引用必须是对象(含 id)", "a citation must be an object with an id")


def _turn_from_json(number: int, item: Any) -> Turn:
    if not isinstance(item, dict):
        raise _bad_turn(number, "必须是对象(含 role 和 content)", "must be an object with role and content")
    cited = item.get("citations")
    if cited is not None and not isinstance(cited, list):
        raise _bad_turn(number, "的 citations 必须是列表", "citations must be a list")
    turn = _checked_turn(number, Turn(item.get("role"), item.get("content"),
                                      tuple(_cited_id(number, c) for c in cited or ())))
    if any(strip_control(text) != text for text in (turn.content, *turn.citations)):
        raise _bad_turn(number, "含有控制字符或无效字符(如 NUL、孤立的代理项)",
                        "holds control characters or invalid ones (NUL, lone surrogates)")
    return turn


def parse_history(history: Any) -> tuple[Turn, ...]:
    """Turns from the CONTRACT's ``history`` list (oldest first); raises ``InputRejected``.

    Every turn is checked, not only those the bounds keep: a turn is ``{"role": "user" |
    "assistant", "content": text, "citations": [{"id": …} or id string, …]}`` (citations
    optional), without control characters or lone surrogates. Whether the cited ids exist
    is checked by ``admit_history``, which knows the corpus.
    """
    if history is None:
        return ()
    if not isinstance(history, list):
        raise _history_not_a_list()
    return tuple(_turn_from_json(number, item) for number, item in enumerate(history, start=1))


def _tail(text: str, chars: int) -> str:
    """The last ``chars`` characters of ``text`` (none when ``chars`` is not positive)."""
    return text[max(len(text) - chars, 0):] if chars > 0 else ""


def admit_history(history: Any, settings: Settings, corpus: Corpus) -> tuple[Turn, ...]:
    """The part of ``history`` the assistant reads, cut to the settings' bounds; ``InputRejected`` if malformed.

    The cut comes before anything else reads the turns, so an oversized history costs no more
    than a normal one: of the latest ``max_history_turns`` turns, each cut to its last
    ``max_turn_chars`` characters (a user turn to ``max_question_chars``: it was a question), the newest that fit in ``max_history_chars`` together
    (older turns are dropped whole; the newest turn alone is cut to fit). Kept turns must be
    well-formed and cite only units of the corpus; control characters are dropped from their
    text, as from a question.
    """
    if not isinstance(history, (list, tuple)):
        raise _history_not_a_list()
    budget = settings.max_history_chars
    oldest = max(len(history) - settings.max_history_turns, 0)
    kept: list[Turn] = []
    for number in range(len(history), oldest, -1):
        turn = _checked_turn(number, history[number - 1])
        # a user turn was a question, and no question is longer than max_question_chars
        cap = min(settings.max_turn_chars, settings.max_question_chars) if turn.role == "user" else settings.max_turn_chars
        content = _tail(turn.content, cap if kept else min(cap, budget))
        if budget <= 0 or len(content) > budget:
            break
        unknown = next((cited for cited in turn.citations if not corpus.has(cited)), None)
        if unknown is not None:
            raise _bad_turn(number, f"引用的 {_shown(unknown)} 不是文件中的条目",
                            f"cites {_shown(unknown)}, which is not a unit of the documents")
        budget -= len(content)
        kept.append(replace(turn, content=strip_control(content)))
    return tuple(reversed(kept))


def _line_record(line: str | bytes) -> dict:
    """The JSON object of one input line (a leading BOM ignored); ``InputRejected`` otherwise."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputRejected("该行不是 UTF-8 文本。", english="line is not UTF-8 text") from exc
    line = line.removeprefix(BOM)
    if not line.strip():
        raise InputRejected("该行为空,没有问题。", english="line is blank")
    try:
        record = json.loads(line)
    except RecursionError as exc:
        raise InputRejected("该行 JSON 嵌套过深。", english="line nests JSON too deeply") from exc
    except json.JSONDecodeError as exc:
        raise InputRejected(f"该行不是合法 JSON:{exc.msg}。", english=f"line is not valid JSON: {exc.msg}") from exc
    except ValueError as exc:  # e.g. an integer beyond Python's digit limit
        raise InputRejected("该行不是合法 JSON。", english=f"line is not valid JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise InputRejected("该行必须是 JSON 对象。", english="line must be a JSON object")
    return record


def _line_id(record: dict) -> str | None:
    """The ``id`` of a line: a string, or a number written as one."""
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputRejected("id 必须是字符串(或数字)。", english="id must be a string or a number")
    return value if isinstance(value, str) else str(value)


def _question_of(record: dict) -> tuple[str, tuple[Turn, ...]]:
    """(question, history) of a question line's object; ``InputRejected`` saying what is wrong."""
    question = record.get("question")
    if not isinstance(question, str):
        raise InputRejected("缺少 question 字段(字符串)。", english="missing string field 'question'")
    return question, parse_history(record.get("history"))


def parse_question_line(line: str | bytes) -> tuple[str | None, str, tuple[Turn, ...]]:
    """(id, question, history) from one input line; raises ``InputRejected`` saying what is wrong."""
    record = _line_record(line)
    return (_line_id(record), *_question_of(record))


def _salvage_id(line: str | bytes) -> str | None:
    """The ``id`` of a line that was rejected for another reason, when it can be read."""
    try:
        return _line_id(_line_record(line))
    except InputRejected:
        return None


def _line_output(line: str | bytes, number: int, produce: Callable[[dict, str], dict]) -> tuple[str | None, dict]:
    """(the id the line gives, if any; its output line): what ``produce(record, out_id)`` makes of the
    line's JSON object, or an ``error`` line whatever went wrong — one line never stops a run."""
    qid: str | None = None
    try:
        record = _line_record(line)
        qid = _line_id(record)
        return qid, produce(record, qid if qid is not None else f"line-{number}")
    except InputRejected as exc:
        message = str(exc)
    except AssistantError as exc:
        message = f"{exc.user_message} {exc}"
    except Exception:  # the log keeps the detail
        log.exception("input line %d failed", number)
        message = "处理该行时出现内部错误。"
    qid = qid if qid is not None else _salvage_id(line)
    return qid, {"id": qid if qid is not None else f"line-{number}", "error": message, "line": number}


def _answer_line(ask: Callable, line: str | bytes, number: int) -> tuple[str | None, dict]:
    """(the id the line gives, if any; its output line): an answer, or an ``error`` whatever went wrong."""
    def produce(record: dict, out_id: str) -> dict:
        question, history = _question_of(record)
        started = time.perf_counter()
        answer = ask(question, history)
        return answer.to_contract(out_id, (time.perf_counter() - started) * 1000)

    return _line_output(line, number, produce)


def match_records(match: Callable, lines: Iterable[str | bytes]) -> Iterator[dict]:
    """One output line per input line ``{"id", "profile"}``, in order: ``match(profile)``'s CONTRACT
    object with the line's id, or an ``error`` line for a bad or blank line."""
    def produce(record: dict, out_id: str) -> dict:
        if not isinstance(record.get("profile"), str):
            raise InputRejected("缺少 profile 字段(字符串)。", english="missing string field 'profile'")
        return match(record["profile"]).to_contract(out_id)

    for number, line in enumerate(lines, start=1):
        yield _line_output(line, number, produce)[1]


def answer_records(ask: Callable, lines: Iterable[str | bytes],
                   on_progress: Callable[[int], None] | None = None) -> Iterator[dict]:
    """One CONTRACT output line per input line, in order; a bad or blank line gets an ``error`` line.

    ``ask(question, history)`` returns an ``Answer``; ``latency_ms`` is measured around it.
    A line whose id an earlier line already gave is answered all the same and carries a
    ``warning`` naming the repeated id and where it was first used.
    """
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        qid, record = _answer_line(ask, line, number)
        if qid is not None:
            first = first_line.setdefault(qid, number)
            if first != number:
                record["warning"] = (f"id {_shown(qid)} 与第{first}行重复 "
                                     f"(duplicate id {_shown(qid)}, first given on line {first})")
        yield record
        if on_progress:
            on_progress(number)


def json_line(record: dict) -> str:
    """``record`` as one line of JSON (no newline) that encodes as UTF-8 and splits as one line."""
    return _UNWRITABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(record, ensure_ascii=False))
