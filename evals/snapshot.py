"""Snapshots of what the assistant says to whole question sets, and the difference between two.

A refactor that should change no behaviour is checked by answering every set before and
after and diffing the two snapshots; a change that should change behaviour shows exactly
which questions moved, and whether each moved up or down by the per-question score.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

from assistant import Assistant

from . import metrics
from .questions import Question, load_questions, set_name
from .runner import answer_question


def snapshot_lines(assistant: Assistant, sets: Sequence[Path], show_progress: bool = False) -> Iterable[dict[str, Any]]:
    """One record per question of every set: the answer, its citations, refusal and score."""
    from tqdm import tqdm

    assistant.prepare()
    reference = metrics.Reference.from_units(assistant.corpus.units)
    for path in sets:
        questions: list[Question] = load_questions(path)
        for question in tqdm(questions, desc=set_name(path), unit="q", file=sys.stderr, disable=not show_progress):
            answer, latency_ms, _ = answer_question(assistant, question)
            row = metrics.question_metrics(question, answer, latency_ms, reference)
            yield {"set": set_name(path), "id": question.id, "answer": answer.text,
                   "citations": [c.unit_id for c in answer.citations], "refused": answer.refused,
                   "score": row["score"], "direct": row["direct_answer"]}


def read_snapshot(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """A snapshot file keyed by (set, question id)."""
    with open(path, encoding="utf-8") as handle:
        return {(r["set"], r["id"]): r for r in map(json.loads, handle) if r}


def diff_snapshots(before: dict, after: dict) -> dict[str, Any]:
    """Questions whose answer changed, split by whether their score went up, down or stayed."""
    changed = [key for key in before if key in after and
               (before[key]["answer"], before[key]["citations"], before[key]["refused"]) !=
               (after[key]["answer"], after[key]["citations"], after[key]["refused"])]
    up = [k for k in changed if after[k]["score"] > before[k]["score"]]
    down = [k for k in changed if after[k]["score"] < before[k]["score"]]
    per_set: dict[str, list[float]] = {}
    for key in before:
        if key in after:
            totals = per_set.setdefault(key[0], [0.0, 0.0, 0, 0.0, 0.0, 0])
            totals[0] += before[key]["score"]
            totals[1] += after[key]["score"]
            totals[2] += 1
            if after[key].get("direct") is not None:
                totals[3] += before[key].get("direct") or 0.0
                totals[4] += after[key]["direct"]
                totals[5] += 1
    return {"compared": sum(1 for k in before if k in after), "changed": changed, "up": up, "down": down,
            "per_set": {name: {"before": t[0], "after": t[1], "questions": t[2], "direct_before": t[3],
                               "direct_after": t[4], "direct_questions": t[5]} for name, t in sorted(per_set.items())}}


def format_diff(diff: dict[str, Any]) -> str:
    """A short text report of a snapshot diff."""
    lines = [f"compared {diff['compared']}, changed {len(diff['changed'])}, "
             f"score up {len(diff['up'])}, down {len(diff['down'])}"]
    for name, t in diff["per_set"].items():
        if t["before"] != t["after"] or t["direct_before"] != t["direct_after"]:
            lines.append(f"  {name}: score {t['before']:.0f} -> {t['after']:.0f} of {t['questions']}; "
                         f"direct answer {t['direct_before']:.0f} -> {t['direct_after']:.0f} of {t['direct_questions']}")
    lines += [f"  down: {s}/{i}" for s, i in diff["down"]]
    lines += [f"  up:   {s}/{i}" for s, i in diff["up"]]
    return "\n".join(lines)
