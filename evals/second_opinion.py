"""The learned second opinion measured: rules alone, the classifier alone, and the two combined.

``calibrate`` answers one set (which neither the rules nor the classifier were fitted to) under a
grid of thresholds and reports the per-question score of each; ``compare`` reports, for each set,
the refuse-or-answer accuracy of the rules alone (second opinion off), of the classifier alone
(p > 0.5) and of the combination at the configured thresholds, with the per-question scores.
"""

from __future__ import annotations

from typing import Any, Sequence

from assistant import Assistant

from . import metrics
from .questions import Question
from .runner import answer_question


def _scores(assistant: Assistant, questions: Sequence[Question], reference) -> tuple[list[bool], list[float]]:
    refused, scores = [], []
    for question in questions:
        answer, latency_ms, _ = answer_question(assistant, question)
        refused.append(answer.refused)
        scores.append(metrics.question_metrics(question, answer, latency_ms, reference)["score"])
    return refused, scores


def _accuracy(decisions: Sequence[bool], questions: Sequence[Question]) -> float:
    return sum(d == q.must_refuse for d, q in zip(decisions, questions)) / len(questions)


def calibrate(assistant: Assistant, questions: Sequence[Question], vetoes: Sequence[float],
              refusals: Sequence[float]) -> list[dict[str, Any]]:
    """Per-question score and refusal accuracy of the set for every (veto, refuse) pair."""
    assistant.prepare()
    reference = metrics.Reference.from_units(assistant.corpus.units)
    base = assistant.settings
    rows = []
    try:
        for veto in vetoes:
            for refuse in refusals:
                assistant.settings = base.with_(second_opinion=True, veto_below=veto, refuse_above=refuse)
                refused, scores = _scores(assistant, questions, reference)
                rows.append({"veto_below": veto, "refuse_above": refuse, "score": sum(scores) / len(scores),
                             "refusal_accuracy": _accuracy(refused, questions)})
    finally:
        assistant.settings = base
    return rows


def compare(assistant: Assistant, questions: Sequence[Question]) -> dict[str, Any]:
    """Rules alone, classifier alone and the combination on one set (refusal accuracy; score where answered)."""
    assistant.prepare()
    reference = metrics.Reference.from_units(assistant.corpus.units)
    base = assistant.settings
    try:
        assistant.settings = base.with_(second_opinion=False)
        rules_refused, rules_scores = _scores(assistant, questions, reference)
        assistant.settings = base.with_(second_opinion=True)
        both_refused, both_scores = _scores(assistant, questions, reference)
    finally:
        assistant.settings = base
    probabilities = [assistant.refusal_probability(q.question) for q in questions]
    alone = [p > 0.5 for p in probabilities] if None not in probabilities else []
    return {
        "questions": len(questions),
        "rules": {"refusal_accuracy": _accuracy(rules_refused, questions), "score": sum(rules_scores) / len(questions)},
        "classifier": {"refusal_accuracy": _accuracy(alone, questions) if alone else None},
        "combined": {"refusal_accuracy": _accuracy(both_refused, questions), "score": sum(both_scores) / len(questions)},
        "thresholds": {"veto_below": base.veto_below, "refuse_above": base.refuse_above},
    }
