"""The test split's per-question score, default configuration, must not fall below evals/floor.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.questions import load_questions
from evals.runner import run_eval

EVALS = Path(__file__).resolve().parent.parent / "evals"


@pytest.mark.slow
def test_test_split_score_stays_at_or_above_the_floor(real_assistant):
    floor = json.loads((EVALS / "floor.json").read_text(encoding="utf-8"))["test"]["score"]
    questions = load_questions(EVALS / "questions" / "test.jsonl")
    run = run_eval(real_assistant, questions, "test", retrieval=False)
    score = run.metrics["overall"]["score"]
    failed = ", ".join(r["id"] for r in run.failures)
    assert score >= floor, f"test score {score:.3f} is below the floor {floor:.3f}; failed: {failed}"
