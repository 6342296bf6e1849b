"""The eval runner and report on a tiny hand-made set, and the naive baseline on a fake embedder."""

from __future__ import annotations

import json
import re

import pytest

from assistant import Unit
from evals.baseline import NaiveBaseline, best_unit, chunk_corpus, cited_units, read_sources
from evals.questions import parse_questions
from evals.report import write_report
from evals.runner import run_eval

MINI_SET = [
    {"id": "mini-1", "category": "product_terms", "question": "知识价值信用贷款最长几年、最多贷多少?",
     "gold": ["wuhan/8"], "must_include": [["3年"], ["1000万元", "1000万"]], "must_refuse": False},
    {"id": "mini-2", "category": "responsible_units", "question": "分工表第24项牵头单位是谁",
     "gold": ["hubei/annex-24"], "must_include": [["人行湖北省分行"]], "must_refuse": False},
    {"id": "mini-3", "category": "multi_turn", "question": "那谁负责这事?",
     "history": [{"role": "user", "content": "知识价值信用贷款最多贷多少?"},
                 {"role": "assistant", "content": "武汉方案第8条:最高额度1000万元的信用贷款。"}],
     "gold": ["wuhan/8"], "must_include": [["市委金融办"]], "must_refuse": False},
    {"id": "mini-4", "category": "out_of_scope", "question": "深圳的科技金融政策有哪些?",
     "gold": [], "must_include": [], "must_refuse": True},
    # A deliberately wrong expectation, so that the report has a failure to list.
    {"id": "mini-wrong", "category": "adversarial", "question": "知识价值信用贷款最多贷多少?",
     "gold": [], "must_include": [], "must_refuse": True},
]


@pytest.fixture
def mini_questions():
    return parse_questions([json.dumps(q, ensure_ascii=False) for q in MINI_SET])


@pytest.fixture
def mini_report(offline_assistant, mini_questions, tmp_path):
    run = run_eval(offline_assistant, mini_questions, "mini")
    return run, write_report(run, tmp_path / "reports")


def test_report_folder_is_dated_and_holds_every_file(mini_report):
    _, folder = mini_report
    assert re.fullmatch(r"\d{8}-\d{6}-mini", folder.name)
    assert sorted(p.name for p in folder.iterdir()) == [
        "category_scores.png", "latency.png", "metrics.json", "report.md", "results.jsonl"]
    for chart in ("category_scores.png", "latency.png"):
        data = (folder / chart).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 1000


def test_results_have_one_line_per_question_with_its_metrics(mini_report):
    _, folder = mini_report
    lines = [json.loads(line) for line in (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == [q["id"] for q in MINI_SET]
    for result in lines:
        assert {"id", "category", "question", "answer", "citations", "refused", "metrics"} <= set(result)
        assert {"score", "citation_hit", "fact_accuracy", "refusal_accuracy", "latency_ms"} <= set(result["metrics"])
    wrong = lines[-1]
    assert wrong["refused"] is False and wrong["metrics"]["score"] == 0.0
    assert wrong["metrics"]["citation_hit"] is None


def test_metrics_json_has_overall_category_and_retrieval_figures(mini_report):
    _, folder = mini_report
    figures = json.loads((folder / "metrics.json").read_text(encoding="utf-8"))
    expected = {"set", "started", "overall", "categories", "retrieval", "baseline", "config", "refusal_errors"}
    assert expected <= set(figures)
    assert figures["set"] == "mini"
    assert figures["overall"]["questions"] == 5
    assert figures["overall"]["refusal_accuracy_n"] == 5
    assert figures["overall"]["citation_hit_n"] == 3  # answerable questions only
    assert set(figures["categories"]) == {q["category"] for q in MINI_SET}
    assert list(figures["retrieval"]) == ["lexical", "exact", "fused"]  # no dense route offline
    assert figures["retrieval"]["fused"]["questions"] == 3
    assert figures["baseline"] is None
    assert figures["refusal_errors"]["answered_must_refuse"] >= 1


def test_report_lists_the_failure_with_question_answer_and_expectation(mini_report):
    run, folder = mini_report
    report = (folder / "report.md").read_text(encoding="utf-8")
    failures = report.split("## Failures", 1)[1]
    assert "### mini-wrong (adversarial)" in failures
    assert "answered a question that must be refused" in failures
    assert "- must refuse: yes" in failures
    assert all(f"### {r['id']} " in failures for r in run.failures)


def test_chunk_maps_to_the_unit_it_shares_most_character_pairs_with():
    units = [
        Unit("t/1", "t", "measure", 1, (), "基金", "1.强化政府投资基金引导作用。"),
        Unit("t/2", "t", "measure", 2, (), "信贷", "2.创新推广科技信贷产品。推广知识价值信用贷款模式。"),
    ]
    assert best_unit("創新推廣科技信貸產品。推廣知識價值", units) == "t/2"
    assert best_unit("— 1 —", units) is None


def test_baseline_chunks_raw_sources_and_maps_each_to_a_unit_of_its_document(corpus, settings):
    chunks = chunk_corpus(read_sources(settings.corpus_dir, corpus), corpus)
    assert {c.doc for c in chunks} == {"wuhan", "hubei"}
    assert all(corpus.has(c.unit_id) and corpus.unit(c.unit_id).doc == c.doc for c in chunks)
    item_8 = next(c for c in chunks if "知識價值信用貸款模式" in c.text)
    assert item_8.unit_id == "wuhan/8"


def test_run_with_baseline_on_a_fake_embedder_reports_it_side_by_side(offline_assistant, mini_questions,
                                                                      corpus, settings, fake_embedder, tmp_path):
    embedder = fake_embedder
    baseline = NaiveBaseline.build(settings.corpus_dir, corpus, embedder)
    try:
        assert len(baseline.retrieve("知识价值信用贷款", k=4)) == 4
        run = run_eval(offline_assistant, mini_questions, "mini", baseline=baseline)
    finally:
        baseline.close()
    assert ("passage", len(baseline.chunks)) in embedder.calls  # the chunks were embedded by our embedder
    answerable = [r for r in run.results if "baseline" in r]
    assert [r["id"] for r in answerable] == ["mini-1", "mini-2", "mini-3"]
    for result in answerable:
        assert 1 <= len(result["baseline"]["cited"]) <= 4
        assert all(corpus.has(uid) for uid in result["baseline"]["cited"])
    assert run.metrics["baseline"]["questions"] == 3
    assert run.metrics["baseline"]["chunks"] == len(baseline.chunks)
    report = (write_report(run, tmp_path) / "report.md").read_text(encoding="utf-8")
    assert "## Assistant and naive baseline" in report and "naive baseline" in report


def test_cited_units_keep_chunk_order_without_repeats(corpus, settings):
    chunks = chunk_corpus(read_sources(settings.corpus_dir, corpus), corpus)
    assert cited_units([chunks[2], chunks[1], chunks[2]]) == list(dict.fromkeys(
        [chunks[2].unit_id, chunks[1].unit_id]))
