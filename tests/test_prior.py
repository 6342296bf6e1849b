"""The leads' learned prior: how often each clause segment stated what the labelled askers wanted."""

from __future__ import annotations

import json

import pytest

from assistant import Assistant, Settings
from assistant.answer.leads import clause_phrase
from assistant.answer.prior import Asked, SegmentPrior, count_prior, labelled_asks, load_segment_prior
from assistant.types import Corpus, Unit

BOARD = Unit("wuhan/13", "wuhan", "measure", 13, (), "强化区域性股权市场建设",
             "13.强化区域性股权市场建设。用好区域性股权市场制度和业务创新试点政策,高质量建设“专精特新”专板。"
             "(责任单位:市委金融办)", (), ("市委金融办",))


def _corpus(*units: Unit) -> Corpus:
    from tests.conftest import tiny_plan

    return Corpus((tiny_plan("wuhan"), tiny_plan("hubei")), units, "prior-hand-made")


def test_a_segment_counts_the_askers_who_saw_it_and_those_whose_facts_it_states():
    asked = [Asked(("wuhan/13",), ("专精特新",)), Asked(("wuhan/13",), ("专精特新", "新三板")),
             Asked(("wuhan/13",), ("市委金融办",)), Asked(("hubei/1",), ("专精特新",))]
    prior = count_prior(asked, _corpus(BOARD))
    assert prior.counts["高质量建设“专精特新”专板"] == (2, 3)  # the hubei/1 asker never saw it
    assert prior.counts["用好区域性股权市场制度和业务创新试点政策"] == (0, 3)
    assert prior.counts["强化区域性股权市场建设"] == (0, 3)  # the title, its item number dropped
    assert prior.of("高质量建设“专精特新”专板") == pytest.approx(2 / (3 + 3))
    assert prior.of("高質量建設“專精特新”專板") == prior.of("高质量建设“专精特新”专板")  # read folded
    assert prior.of("a segment no asker saw") == 0.0


def test_a_comparisons_prior_counts_only_the_askers_whose_gold_clauses_are_in_both_plans():
    from tests.conftest import tiny_units

    units = {u.id: u for u in tiny_units()}
    corpus = _corpus(BOARD, units["hubei/1"])
    asked = [Asked(("wuhan/13", "hubei/1"), ("专精特新",)), Asked(("wuhan/13",), ("市委金融办",))]
    prior = count_prior(asked, corpus)
    assert prior.counts["高质量建设“专精特新”专板"] == (1, 2)
    assert prior.across_plans.counts["高质量建设“专精特新”专板"] == (1, 1)  # the single-plan asker left out
    assert prior.across_plans.of("高质量建设“专精特新”专板") == pytest.approx(1 / (1 + 3))


def test_only_answerable_questions_with_facts_and_gold_clauses_are_counted():
    lines = [json.dumps(r, ensure_ascii=False) for r in (
        {"id": "a", "question": "专板有哪些", "gold": ["wuhan/13"], "must_include": [["专精特新"], ["Ｓ基金"]]},
        {"id": "b", "question": "今天天气", "gold": [], "must_include": [], "must_refuse": True},
        {"id": "c", "question": "专板", "gold": ["wuhan/13"], "must_include": []},
        {"id": "d", "question": "那期限呢", "gold": ["wuhan/8"], "must_include": [["3年"]], "must_refuse": True},
    )]
    assert labelled_asks(lines + [""]) == [Asked(("wuhan/13",), ("专精特新", "s基金"))]


def test_asked_openly_the_segment_that_told_askers_what_they_wanted_leads(tiny_assistant):
    q = tiny_assistant.understand("武汉区域性股权市场这块怎么做?", ())
    whole = [(BOARD.text.index("用好"), BOARD.text.index("(责任单位"))]  # the body's sentence
    corpus = _corpus(BOARD)
    # by the question's words alone the segment echoing them wins
    assert clause_phrase(q, BOARD, whole, corpus, budget=24).startswith("用好区域性股权市场制度和业务创新试点政策")
    prior = count_prior([Asked(("wuhan/13",), ("专精特新",))] * 5, corpus)
    assert clause_phrase(q, BOARD, whole, corpus, budget=24, prior=prior) == "高质量建设“专精特新”专板"


def test_asked_for_a_figure_the_prior_does_not_move_the_lead(tiny_assistant):
    loan = Unit("wuhan/8", "wuhan", "measure", 8, (), "创新推广科技信贷产品",
                "8.创新推广科技信贷产品。为科技型企业发放最长3年期、最高额度1000万元的信用贷款,政府按一定比例予以风险补偿。")
    corpus = _corpus(loan)
    q = tiny_assistant.understand("武汉知识价值信用贷款最长多少年?", ())
    from assistant.retrieve.rerank import asked_figure

    figure = asked_figure(q.normalized)
    whole = [(0, len(loan.text))]
    prior = count_prior([Asked(("wuhan/8",), ("风险补偿",))] * 9, corpus)
    assert clause_phrase(q, loan, whole, corpus, figure=figure, prior=prior) == \
        clause_phrase(q, loan, whole, corpus, figure=figure)
    assert "3年期" in clause_phrase(q, loan, whole, corpus, figure=figure, prior=prior)


def test_the_prior_is_kept_beside_the_index_and_counted_again_when_the_labelled_sets_change(tmp_path):
    sets, models = tmp_path / "questions", tmp_path / "models"
    sets.mkdir()
    record = {"id": "a", "question": "专板有哪些", "gold": ["wuhan/13"], "must_include": [["专精特新"]]}
    (sets / "dev.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (sets / "held.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    (sets / "held_out.txt").write_text("held  # never counted\n", encoding="utf-8")
    corpus = _corpus(BOARD)
    first = load_segment_prior(sets, models, corpus)
    assert first.counts["高质量建设“专精特新”专板"] == (1, 1)  # the held-out set is not counted
    (sets / "classifier_reserved.txt").write_text("dev  # left out by the classifier only\n", encoding="utf-8")
    assert load_segment_prior(sets, models, corpus).counts == first.counts  # the leads' prior counts it
    assert SegmentPrior.from_json((models / "lead-prior.json").read_text(encoding="utf-8")).counts == first.counts
    with (sets / "dev.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({**record, "id": "b", "must_include": [["市委金融办"]]}, ensure_ascii=False) + "\n")
    assert load_segment_prior(sets, models, corpus).counts["高质量建设“专精特新”专板"] == (1, 2)
    assert load_segment_prior(tmp_path / "none", models, corpus) is None


def test_switched_off_the_assistant_has_no_prior(tmp_path, tiny_corpus):
    settings = Settings(index_dir=tmp_path / "index", data_dir=tmp_path / "data", model_dir=tmp_path / "models",
                        lead_prior=False)
    assistant = Assistant(settings, corpus=tiny_corpus, embedder=None, refusal_model=None, applies_model=None)
    assert assistant.lead_prior is None and not (tmp_path / "models").exists()
    assert Settings.from_env({"POLICY_LEAD_PRIOR": "off"}).lead_prior is False
    assert Settings.from_env({}).lead_prior is True
