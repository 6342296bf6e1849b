"""Run a question set through the assistant (and the naive baseline): reads, calls, collects.

Every figure comes from ``evals.metrics``; the runner only asks, searches and times.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from assistant import Answer, Assistant, InputRejected

from . import metrics
from .baseline import TOP_K, NaiveBaseline, cited_units
from .questions import Question

RANK_DEPTH = 10  # retrieval figures look at the first 10 results (MRR@10)


@dataclass(frozen=True)
class EvalRun:
    """One run of a set: a result line per question and the figures over them."""

    set_name: str
    started: datetime
    results: tuple[dict[str, Any], ...]
    metrics: dict[str, Any]

    @property
    def failures(self) -> list[dict[str, Any]]:
        """Results whose per-question score is 0, in set order."""
        return [r for r in self.results if r["metrics"]["score"] < 1]


def answer_question(assistant: Assistant, question: Question) -> tuple[Answer, float, str | None]:
    """The answer, its latency in ms, and why the input was rejected (a rejection counts as a refusal)."""
    started = time.perf_counter()
    try:
        answer = assistant.ask(question.question, question.history)
        error = None
    except InputRejected as exc:
        # The library turned the input away: for the user that is a refusal with a reason.
        answer, error = Answer(str(exc), (), True), exc.english
    return answer, (time.perf_counter() - started) * 1000, error


def _retrieval(assistant: Assistant, question: Question, routes: Sequence[str],
               links: metrics.Links) -> dict[str, dict[str, Any]]:
    out = {}
    for route in routes:
        started = time.perf_counter()
        hits = assistant.search(question.question, k=RANK_DEPTH, retriever=route, history=question.history)
        latency = (time.perf_counter() - started) * 1000
        ranked = [h.unit.id for h in hits]
        out[route] = {**metrics.retrieval_metrics(ranked, question.gold, links), "top": ranked[:5],
                      "latency_ms": latency}
    return out


def _baseline(baseline: NaiveBaseline, question: Question, links: metrics.Links) -> dict[str, Any]:
    started = time.perf_counter()
    chunks = baseline.retrieve(question.question, k=RANK_DEPTH)
    latency = (time.perf_counter() - started) * 1000
    ranked = cited_units(chunks)
    cited = cited_units(chunks[:TOP_K])
    return {
        **metrics.retrieval_metrics(ranked, question.gold, links),
        "cited": cited,
        "citation_hit": float(metrics.citation_hit(cited, question.gold, links)),
        "citation_precision": metrics.citation_precision(cited, question.gold, links),
        "latency_ms": latency,
    }


def _result(question: Question, answer: Answer, latency_ms: float, error: str | None,
            reference: metrics.Reference) -> dict[str, Any]:
    cited_texts = [reference.texts.get(c.unit_id, "") for c in answer.citations]
    result = {
        "id": question.id,
        "category": question.category,
        "question": question.question,
        "history": [{"role": t.role, "content": t.content} for t in question.history],
        "answer": answer.text,
        "citations": [{"id": c.unit_id, "quote": c.quote} for c in answer.citations],
        "refused": answer.refused,
        "latency_ms": round(latency_ms, 1),
        "expected": {"gold": list(question.gold), "must_include": [list(g) for g in question.must_include],
                     "must_refuse": question.must_refuse},
        "metrics": metrics.question_metrics(question, answer, latency_ms, reference),
        "problems": {
            "missing": [list(g) for g in metrics.missing_groups(answer.text, question.must_include)],
            "invalid_quotes": metrics.invalid_quotes(answer.citations, reference.texts),
            "unsupported_numbers": metrics.unsupported_numbers(answer.text, cited_texts),
        },
        "trace": dict(answer.trace),
    }
    if error:
        result["error"] = error
    return result


def run_eval(assistant: Assistant, questions: Sequence[Question], set_name: str, *,
             baseline: NaiveBaseline | None = None, retrieval: bool = True,
             show_progress: bool = False) -> EvalRun:
    """Answer every question (history as turns), score it, and gather retrieval and baseline figures.

    Retrieval figures (each route alone and fused, and the baseline) cover answerable
    questions only: not a refusal, gold given.
    """
    from tqdm import tqdm

    started = datetime.now()
    assistant.prepare()
    reference = metrics.Reference.from_units(assistant.corpus.units)
    routes = [name for name in ("lexical", "exact", "dense", "fused") if name in assistant.retrievers] \
        if retrieval else []
    results = []
    for question in tqdm(questions, desc=f"evaluating {set_name}", unit="q", file=sys.stderr,
                         disable=not show_progress):
        answer, latency_ms, error = answer_question(assistant, question)
        result = _result(question, answer, latency_ms, error, reference)
        if question.answerable and routes:
            result["retrieval"] = _retrieval(assistant, question, routes, reference.links)
        if question.answerable and baseline is not None:
            result["baseline"] = _baseline(baseline, question, reference.links)
        results.append(result)
    return EvalRun(set_name, started, tuple(results), collect_metrics(results, routes, assistant, baseline))


def collect_metrics(results: Sequence[dict[str, Any]], routes: Sequence[str], assistant: Assistant,
                    baseline: NaiveBaseline | None) -> dict[str, Any]:
    """The figures of a run: overall, per category, refusal errors, retrieval routes, baseline, config."""
    rows = [r["metrics"] for r in results]
    categories = sorted({r["category"] for r in results})
    searched = [r for r in results if "retrieval" in r]
    out: dict[str, Any] = {
        "overall": metrics.summarize(rows),
        "categories": {c: metrics.summarize([r["metrics"] for r in results if r["category"] == c])
                       for c in categories},
        "refusal_errors": {
            "refused_answerable": sum(r["refused"] and not r["expected"]["must_refuse"] for r in results),
            "answered_must_refuse": sum(not r["refused"] and r["expected"]["must_refuse"] for r in results),
        },
        "retrieval": {route: metrics.summarize_retrieval([r["retrieval"][route] for r in searched])
                      for route in routes},
        "baseline": None,
        "config": {
            "embedder": getattr(assistant.embedder, "id", "none"),
            "routes": list(routes),
            "answerer": assistant.settings.llm_provider or "offline",
            "corpus": assistant.corpus.fingerprint[:12],
        },
    }
    with_baseline = [r["baseline"] for r in results if "baseline" in r]
    if baseline is not None:
        out["baseline"] = {
            **metrics.summarize_retrieval(with_baseline),
            "citation_hit": metrics.mean(b["citation_hit"] for b in with_baseline),
            "citation_precision": metrics.mean(b["citation_precision"] for b in with_baseline),
            "chunks": len(baseline.chunks),
            "embedder": baseline.embedder_id,
        }
    answerable_rows = [r["metrics"] for r in results if r["expected"]["gold"] and not r["expected"]["must_refuse"]]
    out["assistant_answerable"] = {
        "citation_hit": metrics.mean(r["citation_hit"] for r in answerable_rows),
        "citation_precision": metrics.mean(r["citation_precision"] for r in answerable_rows),
    }
    return out
