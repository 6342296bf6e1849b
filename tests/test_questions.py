"""Loading and checking question sets against the real corpus."""

from __future__ import annotations

import json

import pytest

from evals.questions import QuestionSetError, check_question_set, load_questions, parse_questions


def line(**fields) -> str:
    base = {"id": "q1", "category": "product_terms", "question": "知识价值信用贷款最长几年、最多贷多少?",
            "history": [], "gold": ["wuhan/8"], "must_include": [["3年"], ["1000万元", "1000万"]],
            "must_refuse": False}
    return json.dumps({**base, **fields}, ensure_ascii=False)


def test_a_sound_question_loads_with_its_history_as_turns(tmp_path):
    path = tmp_path / "mini.jsonl"
    history = [{"role": "user", "content": "知识价值信用贷款最多贷多少?"}, {"role": "assistant", "content": "1000万元。"}]
    path.write_text(line() + "\n\n" + line(id="q2", history=history) + "\n", encoding="utf-8")
    questions = load_questions(path)
    assert [q.id for q in questions] == ["q1", "q2"]
    assert questions[0].must_include == (("3年",), ("1000万元", "1000万"))
    assert [t.role for t in questions[1].history] == ["user", "assistant"]


def test_malformed_line_is_reported_with_its_line_number():
    with pytest.raises(QuestionSetError, match="line 2: not valid JSON"):
        parse_questions([line(), "{not json"])
    with pytest.raises(QuestionSetError, match="line 1: field 'must_refuse'"):
        parse_questions([line(must_refuse="no")])
    with pytest.raises(QuestionSetError, match="line 1: field 'history'"):
        parse_questions([line(history=[{"role": "system", "content": "x"}])])


def test_sound_set_has_no_problems(corpus):
    questions = parse_questions([
        line(),
        line(id="q2", category="responsible_units", question="分工表第24项牵头单位是谁",
             gold=["hubei/annex-24"], must_include=[["人行湖北省分行"]]),
        line(id="q3", category="out_of_scope", question="深圳的政策?", gold=[], must_include=[], must_refuse=True),
    ])
    assert check_question_set(questions, corpus) == []


def test_must_include_in_traditional_gold_text_is_found_in_simplified(corpus):
    questions = parse_questions([line(must_include=[["知识价值信用贷款"], ["汉口银行"]])])
    assert check_question_set(questions, corpus) == []


def test_every_kind_of_problem_is_reported(corpus):
    questions = parse_questions([
        line(),
        line(),
        line(id="q2", category="trivia"),
        line(id="q3", gold=["wuhan/99"]),
        line(id="q4", must_include=[["3年"], ["5000万元", "五千万"]]),
        line(id="q5", gold=[]),
    ])
    assert check_question_set(questions, corpus) == [
        "q1: id used 2 times",
        "q2: unknown category 'trivia'",
        "q3: unknown gold unit 'wuhan/99'",
        "q4: must_include group ['5000万元', '五千万'] is in no gold unit",
        "q5: an answerable question has no gold units",
    ]
