"""The evaluation metrics on hand-made answers: hits, facts, refusals, quotes, numbers, percentiles."""

from __future__ import annotations

import pytest

from assistant import Answer, Citation
from evals.metrics import (
    Reference,
    citation_hit,
    citation_precision,
    fact_accuracy,
    first_citation_hit,
    hit_at_k,
    missing_groups,
    percentile,
    question_metrics,
    quotes_valid,
    reciprocal_rank,
    refusal_correct,
    same_clause,
    summarize,
    unsupported_numbers,
)
from evals.questions import Question

LINKS = {"hubei/annex-24": "hubei/12", "hubei/annex-25": "hubei/12"}
TEXTS = {
    "wuhan/8": "8.創新推廣科技信貸產品。為科技型企業發放最長3年期、最高額度1000萬元的信用貸款。(責任單位:市委金融辦、漢口銀行)",
    "hubei/12": "12.创新科技金融产品模式。单列 100 亿元再贷款、再贴现额度。",
    "hubei/annex-24": "持续优化科技人才贷、研发贷、中试贷、创业担保贷、共赢贷等金融产品。",
}
REFERENCE = Reference(TEXTS, LINKS)


def question(**fields) -> Question:
    base = dict(id="q1", category="product_terms", question="知识价值信用贷款最多贷多少?", history=(),
                gold=("wuhan/8",), must_include=(("1000万元", "1000万"),), must_refuse=False)
    return Question(**{**base, **fields})


def test_annex_row_stands_for_its_measure_both_ways():
    assert citation_hit(["hubei/annex-24"], ["hubei/12"], LINKS)
    assert citation_hit(["hubei/12"], ["hubei/annex-24"], LINKS)


def test_two_rows_of_one_measure_do_not_stand_for_each_other():
    assert not same_clause("hubei/annex-24", "hubei/annex-25", LINKS)
    assert not citation_hit(["hubei/annex-25"], ["hubei/annex-24"], LINKS)


def test_first_citation_hit_looks_only_at_the_first_citation():
    assert first_citation_hit(["hubei/annex-24", "wuhan/8"], ["hubei/12"], LINKS)
    assert not first_citation_hit(["wuhan/8", "hubei/annex-24"], ["hubei/12"], LINKS)
    assert not first_citation_hit([], ["hubei/12"], LINKS)


def test_precision_counts_distinct_cited_units_that_are_gold_or_equivalent():
    cited = ["hubei/annex-24", "wuhan/8", "wuhan/8", "wuhan/3"]
    assert citation_precision(cited, ["hubei/12"], LINKS) == pytest.approx(1 / 3)
    assert citation_precision(cited, ["hubei/12", "wuhan/8"], LINKS) == pytest.approx(2 / 3)


def test_precision_is_not_counted_for_an_answer_citing_nothing():
    assert citation_precision([], [], LINKS) is None
    assert citation_precision([], ["wuhan/8"], LINKS) is None


def test_citing_anything_for_a_question_without_gold_has_zero_precision():
    assert citation_precision(["wuhan/8"], [], LINKS) == 0.0


def test_must_include_matches_traditional_answer_text():
    assert fact_accuracy("責任單位為市委金融辦、漢口銀行", [["市委金融办"], ["汉口银行"]])


def test_must_include_ignores_full_width_and_white_space():
    assert fact_accuracy("最高额度 １０００ 萬元", [["1000万元"]])
    assert fact_accuracy("最高额度1000万元", [["１０００ 万元"]])


def test_must_include_needs_every_group_and_reports_the_missing_one():
    answer = "最长3年期的信用贷款"
    assert not fact_accuracy(answer, [["3年"], ["1000万元", "1000万"]])
    assert missing_groups(answer, [["3年"], ["1000万元", "1000万"]]) == [("1000万元", "1000万")]


def test_refusal_is_correct_only_when_it_is_required():
    assert refusal_correct(True, True)
    assert refusal_correct(False, False)
    assert not refusal_correct(True, False)
    assert not refusal_correct(False, True)


def test_quote_that_is_not_verbatim_is_invalid():
    verbatim = Citation("wuhan/8", "最高額度1000萬元的信用貸款")
    simplified = Citation("wuhan/8", "最高额度1000万元的信用贷款")  # right words, wrong script
    assert quotes_valid([verbatim], TEXTS)
    assert not quotes_valid([verbatim, simplified], TEXTS)
    assert not quotes_valid([Citation("wuhan/99", "最高")], TEXTS)
    assert not quotes_valid([Citation("wuhan/8", "")], TEXTS)
    assert quotes_valid([], TEXTS) is None


def test_number_stated_by_a_cited_unit_is_supported_across_scripts():
    assert unsupported_numbers("最长3年期,最高1000万元[1]。", [TEXTS["wuhan/8"]]) == []


def test_number_no_cited_unit_states_is_unsupported():
    assert unsupported_numbers("最高2000万元[1]。", [TEXTS["wuhan/8"]]) == ["2000万元"]
    assert unsupported_numbers("单列100亿元再贷款。", []) == ["100亿元"]


def test_hit_at_k_and_reciprocal_rank_use_equivalence():
    ranked = ["wuhan/3", "wuhan/5", "hubei/annex-24", "hubei/12"]
    assert not hit_at_k(ranked, ["hubei/12"], LINKS, 1)
    assert hit_at_k(ranked, ["hubei/12"], LINKS, 3)
    assert reciprocal_rank(ranked, ["hubei/12"], LINKS) == pytest.approx(1 / 3)
    assert reciprocal_rank(ranked, ["wuhan/8"], LINKS) == 0.0
    assert reciprocal_rank(ranked, ["hubei/12"], LINKS, k=2) == 0.0


def test_p95_interpolates_between_ranks():
    assert percentile(list(range(1, 21)), 95) == pytest.approx(19.05)
    assert percentile([40.0, 10.0, 30.0, 20.0], 50) == pytest.approx(25.0)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 95) is None


def test_correct_refusal_citing_nothing_scores_and_skips_citation_figures():
    q = question(category="out_of_scope", gold=(), must_include=(), must_refuse=True)
    row = question_metrics(q, Answer("两份文件没有提到深圳的政策。", (), True), 12.0, REFERENCE)
    assert row["score"] == 1.0
    assert row["refusal_accuracy"] == 1.0
    assert row["citation_hit"] is None
    assert row["citation_precision"] is None
    assert row["quote_validity"] is None
    assert row["fact_accuracy"] is None


def test_answer_scores_only_with_a_gold_citation_and_every_fact():
    q = question()
    cited = (Citation("wuhan/8", "最高額度1000萬元"),)
    right = question_metrics(q, Answer("最高1000万元[1]。", cited, False), 5.0, REFERENCE)
    wrong_unit = question_metrics(q, Answer("最高1000万元[1]。", (Citation("hubei/12", "单列"),), False),
                                  5.0, REFERENCE)
    missing_fact = question_metrics(q, Answer("最长3年期[1]。", cited, False), 5.0, REFERENCE)
    refused = question_metrics(q, Answer("文件中没有提到。", (), True), 5.0, REFERENCE)
    assert right["score"] == 1.0 and right["citation_precision"] == 1.0 and right["quote_validity"] == 1.0
    assert wrong_unit["score"] == 0.0 and wrong_unit["citation_hit"] == 0.0
    assert wrong_unit["unsupported_number"] == 1.0
    assert missing_fact["score"] == 0.0 and missing_fact["fact_accuracy"] == 0.0
    assert refused["score"] == 0.0 and refused["refusal_accuracy"] == 0.0


def test_summary_averages_each_figure_over_the_questions_it_applies_to():
    rows = [
        {"score": 1.0, "citation_hit": 1.0, "citation_precision": 0.5, "latency_ms": 10.0},
        {"score": 0.0, "citation_hit": None, "citation_precision": None, "latency_ms": 30.0},
    ]
    summary = summarize(rows)
    assert summary["score"] == 0.5
    assert summary["citation_hit"] == 1.0 and summary["citation_hit_n"] == 1
    assert summary["citation_precision"] == 0.5
    assert summary["fact_accuracy"] is None and summary["fact_accuracy_n"] == 0
    assert summary["latency_p50_ms"] == 20.0



def test_the_lead_is_the_first_120_characters_with_quotations_taken_out():
    from evals.metrics import lead_of

    assert lead_of("最高额度1000万元[1]。「为科技型企业发放最长3年期」[1]") == "最高额度1000万元[1]。[1]"
    assert len(lead_of("字" * 300)) == 120


def test_a_direct_answer_states_every_asked_fact_outside_the_quotation():
    from evals.metrics import direct_answer

    groups = [["1000万元", "1000万"], ["3年"]]
    assert direct_answer("知识价值信用贷款:最长3年期;最高额度1000万元[1]。「…」", groups)
    assert not direct_answer("《武汉市行动方案》第8条:「最长3年期、最高额度1000萬元」[1]", groups)


def test_a_clarifying_reply_is_a_question_citing_nothing():
    from evals.metrics import asks_back, question_score

    assert asks_back("您问的是哪一项？例如:共赢贷。", []) and not asks_back("您问的是哪一项？", ["wuhan/8"])
    assert question_score(False, False, None, True, clarify=True)
    assert not question_score(True, False, None, True, clarify=True)
