"""Fuzz rules of the input edges: whatever a history or a batch line holds, the only error is InputRejected."""

import json

from hypothesis import given, settings, strategies as st

from assistant import InputRejected, Turn, answer_records, parse_history, parse_question_line
from assistant.contract import ROLES, json_line

FAST = settings(max_examples=200, deadline=None)

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=12)
# well-formed values beside arbitrary ones, so the fuzz also reaches the checks behind the first
KNOWN_IDS = st.sampled_from(["wuhan/8", "hubei/annex-7", "hubei/4"])
UNIT_IDS = KNOWN_IDS | st.sampled_from(["hubei/annex-99", "wuhan/\udc80", ""])
CITATIONS = st.lists(KNOWN_IDS.map(lambda uid: {"id": uid}), max_size=2) | st.lists(
    JSON_VALUES | UNIT_IDS | st.fixed_dictionaries({"id": JSON_VALUES | UNIT_IDS}), max_size=3)
TURN_OBJECTS = st.fixed_dictionaries(
    {"role": st.sampled_from(ROLES), "content": st.text(max_size=40)}, optional={"citations": CITATIONS}) | \
    st.fixed_dictionaries({"role": st.sampled_from(ROLES) | JSON_VALUES, "content": st.text(max_size=40) | JSON_VALUES},
                          optional={"citations": CITATIONS | JSON_VALUES})
HISTORIES = st.lists(TURN_OBJECTS, max_size=5) | st.lists(TURN_OBJECTS | JSON_VALUES, max_size=5) | JSON_VALUES
TURNS = st.builds(Turn, role=st.sampled_from(ROLES), content=st.text(max_size=40), citations=st.tuples(KNOWN_IDS)) | \
    st.builds(Turn, role=st.sampled_from(ROLES) | JSON_VALUES, content=st.text(max_size=40) | JSON_VALUES,
              citations=st.tuples(UNIT_IDS) | st.lists(UNIT_IDS | JSON_VALUES, max_size=2) | JSON_VALUES)
QUESTIONS = st.sampled_from(["第8条谁负责?", "知识价值信用贷款最高能贷多少?", "那期限呢?"]) | st.text(max_size=30)
RECORDS = st.fixed_dictionaries({"id": st.text(max_size=6), "question": QUESTIONS}, optional={"history": HISTORIES}) | \
    st.fixed_dictionaries({}, optional={"id": st.text(max_size=6) | JSON_VALUES, "question": QUESTIONS | JSON_VALUES,
                                        "history": HISTORIES})
LINE_BREAKS = "\n\r"
LINES = st.one_of(
    st.builds(json.dumps, RECORDS),
    st.builds(lambda r: json.dumps(r, ensure_ascii=False), RECORDS),
    st.builds(lambda r: "\ufeff" + json.dumps(r, ensure_ascii=False), RECORDS),
    st.builds(lambda r: json.dumps(r).encode("ascii"), RECORDS),
    st.integers(min_value=1, max_value=5000).map(lambda depth: '{"question": "x", "history": ' + "[" * depth),
    st.text(st.characters(blacklist_characters=LINE_BREAKS), max_size=40),
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" ")),
)


def well_formed(turns):
    return all(isinstance(t, Turn) and t.role in ROLES and isinstance(t.content, str)
               and all(isinstance(c, str) for c in t.citations) for t in turns)


@FAST
@given(HISTORIES)
def test_parse_history_returns_well_formed_turns_or_rejects_the_input(history):
    try:
        turns = parse_history(history)
    except InputRejected:
        return
    assert well_formed(turns)


@FAST
@given(LINES)
def test_parse_question_line_raises_nothing_but_input_rejected(line):
    try:
        qid, question, history = parse_question_line(line)
    except InputRejected:
        return
    assert (qid is None or isinstance(qid, str)) and isinstance(question, str) and well_formed(history)


@FAST
@given(QUESTIONS, st.lists(TURNS, max_size=4) | JSON_VALUES)
def test_ask_raises_nothing_but_input_rejected_whatever_the_history(offline_assistant, question, history):
    try:
        answer = offline_assistant.ask(question, history)
    except InputRejected:
        return
    assert isinstance(answer.text, str)


@FAST
@given(st.lists(LINES, max_size=4))
def test_batch_writes_exactly_one_utf8_line_per_input_line_in_order(offline_assistant, lines):
    records = list(answer_records(offline_assistant.ask, lines))
    assert len(records) == len(lines)
    assert all(r["line"] == n for n, r in enumerate(records, start=1) if "error" in r)
    written = "".join(json_line(r) + "\n" for r in records).encode("utf-8").decode("utf-8")
    assert [json.loads(x) for x in written.splitlines()] == records
