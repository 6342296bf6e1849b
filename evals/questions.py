"""Question sets (CONTRACT "Evaluation question sets"): loading, and checking them against the corpus."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from assistant import Corpus, InputRejected, Turn, fold, parse_history

CATEGORIES = ("responsible_units", "product_terms", "eligibility", "targets", "definition",
              "cross_document", "multi_turn", "out_of_scope", "adversarial")


class QuestionSetError(ValueError):
    """A question set line is not valid JSON or lacks a field of the right type; the message says where."""


@dataclass(frozen=True)
class Question:
    """One evaluation question: what is asked, what should be cited and said, or that it should be refused."""

    id: str
    category: str
    question: str
    history: tuple[Turn, ...]
    gold: tuple[str, ...]  # unit ids; citing any one is a hit (annex row ≡ its measure)
    must_include: tuple[tuple[str, ...], ...]  # groups of alternatives, every group must appear
    must_refuse: bool
    expect_clarify: bool = False  # a follow-up with nothing to lean on: the right reply asks back

    @property
    def answerable(self) -> bool:
        """Whether retrieval and citation figures apply: not a refusal, and gold units given."""
        return not self.must_refuse and bool(self.gold)


def _string_list(value, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionSetError(f"{what} must be a list of strings")
    return tuple(value)


def parse_question(record: object) -> Question:
    """A ``Question`` from one decoded JSON line; raises ``QuestionSetError`` naming the bad field."""
    if not isinstance(record, dict):
        raise QuestionSetError("a question line must be a JSON object")
    for key in ("id", "category", "question"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise QuestionSetError(f"field {key!r} must be a non-empty string")
    must_refuse = record.get("must_refuse", False)
    if not isinstance(must_refuse, bool):
        raise QuestionSetError("field 'must_refuse' must be true or false")
    groups = record.get("must_include", [])
    if not isinstance(groups, list):
        raise QuestionSetError("field 'must_include' must be a list of lists of strings")
    must_include = tuple(_string_list(g, "each must_include group") for g in groups)
    if any(not group for group in must_include):
        raise QuestionSetError("a must_include group is empty")
    try:
        history = parse_history(record.get("history"))
    except InputRejected as exc:
        raise QuestionSetError(f"field 'history': {exc.english}") from exc
    expect_clarify = record.get("expect_clarify", False)
    if not isinstance(expect_clarify, bool) or (expect_clarify and must_refuse):
        raise QuestionSetError("field 'expect_clarify' must be true or false, and not true beside must_refuse")
    return Question(record["id"], record["category"], record["question"], history,
                    _string_list(record.get("gold", []), "field 'gold'"), must_include, must_refuse, expect_clarify)


def parse_questions(lines: Iterable[str]) -> list[Question]:
    """Questions from JSONL lines (blank lines skipped); errors name the line number."""
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(parse_question(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"line {number}: not valid JSON ({exc.msg})") from exc
        except QuestionSetError as exc:
            raise QuestionSetError(f"line {number}: {exc}") from exc
    return questions


def load_questions(path: str | Path) -> list[Question]:
    """Read a question set file; raises ``QuestionSetError`` (with file and line) when it is malformed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionSetError(f"{path}: cannot read: {exc}") from exc
    try:
        return parse_questions(text.splitlines())
    except QuestionSetError as exc:
        raise QuestionSetError(f"{path}: {exc}") from exc


def set_name(path: str | Path) -> str:
    """The name a set goes by in reports: its file name without ``.jsonl``."""
    return Path(path).name.removesuffix(".jsonl")


def unit_evidence(corpus: Corpus, unit_id: str) -> str:
    """What a unit states, folded: its text and the government units it names (annex columns included)."""
    unit = corpus.unit(unit_id)
    return "|".join(fold(part) for part in (unit.text, *unit.units))


def is_small_talk(question: Question) -> bool:
    """A greeting or thanks: neither an answer from the plans nor a refusal (no gold, nothing to include)."""
    return question.category == "out_of_scope" and not question.must_refuse and not question.gold \
        and not question.must_include and not question.expect_clarify


def check_question_set(questions: Sequence[Question], corpus: Corpus) -> list[str]:
    """Problems of a question set, each ``id: what is wrong``; [] when the set is sound.

    Checked: duplicate ids, unknown categories, gold ids the corpus does not have, answerable
    questions without gold (small talk aside), and ``must_include`` groups none of whose alternatives occurs
    (after ``fold``) in any gold unit's text or named units.
    """
    problems = []
    for qid, count in Counter(q.id for q in questions).items():
        if count > 1:
            problems.append(f"{qid}: id used {count} times")
    for q in questions:
        if q.category not in CATEGORIES:
            problems.append(f"{q.id}: unknown category {q.category!r}")
        unknown = [g for g in q.gold if not corpus.has(g)]
        for gold_id in unknown:
            problems.append(f"{q.id}: unknown gold unit {gold_id!r}")
        if not q.must_refuse and not q.gold and not is_small_talk(q) and not q.expect_clarify:
            problems.append(f"{q.id}: an answerable question has no gold units")
        known = [g for g in q.gold if corpus.has(g)]
        if not known:
            continue
        evidence = "|".join(unit_evidence(corpus, g) for g in known)
        for group in q.must_include:
            if not any(fold(alt) and fold(alt) in evidence for alt in group):
                problems.append(f"{q.id}: must_include group {list(group)} is in no gold unit")
    return problems
