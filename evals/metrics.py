"""Pure metric functions: citation and retrieval hits, facts, refusals, quotes, numbers, percentiles.

A ``hubei/annex-N`` row and the unit it restates (its ``measure``) stand for each other in
every hit and precision figure, in both directions; two rows of the same measure do not.
Every function is a function of its arguments: no corpus loading, no model.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from assistant import Answer, Citation, Unit, fold, unsupported_numbers  # noqa: F401 (re-exported for the runner)

from .questions import Question

Links = Mapping[str, str]
"""Annex row id → id of the unit it restates."""


@dataclass(frozen=True)
class Reference:
    """What answers are judged against: each unit's original text, and each annex row's measure."""

    texts: Mapping[str, str]
    links: Links

    @classmethod
    def from_units(cls, units: Iterable[Unit]) -> "Reference":
        """The reference for a corpus's units."""
        units = tuple(units)
        return cls({u.id: u.text for u in units}, {u.id: u.measure for u in units if u.measure})


def same_clause(a: str, b: str, links: Links) -> bool:
    """Whether two unit ids stand for each other: equal, or an annex row and its measure."""
    return a == b or links.get(a) == b or links.get(b) == a


def is_gold(unit_id: str, gold: Iterable[str], links: Links) -> bool:
    """Whether ``unit_id`` is a gold unit or stands for one."""
    return any(same_clause(unit_id, g, links) for g in gold)


def unique(ids: Iterable[str]) -> list[str]:
    """Ids in first-seen order without repeats."""
    return list(dict.fromkeys(ids))


def citation_hit(cited: Sequence[str], gold: Sequence[str], links: Links) -> bool:
    """Any cited unit is gold (or stands for a gold unit)."""
    return any(is_gold(c, gold, links) for c in cited)


def first_citation_hit(cited: Sequence[str], gold: Sequence[str], links: Links) -> bool:
    """The first cited unit is gold (or stands for a gold unit)."""
    return bool(cited) and is_gold(cited[0], gold, links)


def citation_precision(cited: Sequence[str], gold: Sequence[str], links: Links) -> float | None:
    """Share of distinct cited units that are gold or stand for gold; None when nothing is cited."""
    distinct = unique(cited)
    if not distinct:
        return None
    return sum(is_gold(c, gold, links) for c in distinct) / len(distinct)


def missing_groups(answer_text: str, must_include: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """The ``must_include`` groups none of whose alternatives occurs in the folded answer."""
    folded = fold(answer_text)
    return [tuple(group) for group in must_include if not any(fold(alt) and fold(alt) in folded for alt in group)]


def fact_accuracy(answer_text: str, must_include: Sequence[Sequence[str]]) -> bool:
    """Every ``must_include`` group has an alternative in the answer (script, width, space ignored)."""
    return not missing_groups(answer_text, must_include)


LEAD_CHARS = 120  # "the first sentence": the answer's first 120 characters once quotations are taken out
_QUOTATION = re.compile(r"「[^」]*」")


def lead_of(answer_text: str) -> str:
    """The answer's lead: its first ``LEAD_CHARS`` characters with every 「…」 quotation removed."""
    return _QUOTATION.sub("", answer_text)[:LEAD_CHARS]


def direct_answer(answer_text: str, must_include: Sequence[Sequence[str]]) -> bool:
    """Whether every ``must_include`` group stands in the answer's lead, outside the quoted evidence."""
    return not missing_groups(lead_of(answer_text), must_include)


def refusal_correct(refused: bool, must_refuse: bool) -> bool:
    """The answer refused exactly when it should."""
    return refused == must_refuse


def invalid_quotes(citations: Sequence[Citation], texts: Mapping[str, str]) -> list[str]:
    """Ids of citations whose quote is empty, or not a verbatim span of the cited unit's original text."""
    return [c.unit_id for c in citations if not c.quote or c.quote not in texts.get(c.unit_id, "")]


def quotes_valid(citations: Sequence[Citation], texts: Mapping[str, str]) -> bool | None:
    """Every quote is a verbatim span of its unit's text; None when nothing is cited."""
    if not citations:
        return None
    return not invalid_quotes(citations, texts)


def hit_at_k(ranked: Sequence[str], gold: Sequence[str], links: Links, k: int) -> bool:
    """A gold unit (or one standing for it) is among the first ``k`` ranked ids."""
    return any(is_gold(uid, gold, links) for uid in ranked[:k])


def reciprocal_rank(ranked: Sequence[str], gold: Sequence[str], links: Links, k: int = 10) -> float:
    """1/rank of the first gold unit within the first ``k``; 0.0 when none is there."""
    for rank, uid in enumerate(ranked[:k], start=1):
        if is_gold(uid, gold, links):
            return 1.0 / rank
    return 0.0


def retrieval_metrics(ranked: Sequence[str], gold: Sequence[str], links: Links) -> dict[str, float]:
    """hit@1, hit@3, hit@5 (0/1) and MRR@10 of one ranking."""
    out = {f"hit@{k}": float(hit_at_k(ranked, gold, links, k)) for k in (1, 3, 5)}
    out["mrr@10"] = reciprocal_rank(ranked, gold, links, 10)
    return out


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100) by linear interpolation between ranks (NumPy's default); None if empty."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def asks_back(answer_text: str, cited: Sequence[str]) -> bool:
    """Whether a reply asks the person which thing they mean: a question, citing nothing."""
    return not cited and bool(re.search(r"[?？]", answer_text))


def question_score(refused: bool, must_refuse: bool, hit: bool | None, fact: bool, clarify: bool | None = None) -> bool:
    """The per-question score: a correct refusal, a question back where one is expected (``clarify``),
    or a cited (when gold is given), complete, unrefused answer."""
    if must_refuse:
        return refused
    if clarify is not None:
        return clarify and not refused
    return hit is not False and fact and not refused


def question_metrics(question: Question, answer: Answer, latency_ms: float, reference: Reference) -> dict[str, Any]:
    """Every per-question figure; None where a figure does not apply to this question.

    Citation hits apply to answerable questions (gold given, not a refusal), fact accuracy to
    questions that must not be refused, precision and quote validity to answers that cite.
    """
    cited = unique(c.unit_id for c in answer.citations)
    links = reference.links
    hit = citation_hit(cited, question.gold, links) if question.answerable else None
    fact = None if question.must_refuse else fact_accuracy(answer.text, question.must_include)
    numbers = unsupported_numbers(answer.text, [reference.texts[c] for c in cited if c in reference.texts])
    return {
        "score": float(question_score(answer.refused, question.must_refuse, hit, bool(fact),
                                      asks_back(answer.text, cited) if question.expect_clarify else None)),
        "citation_hit": None if hit is None else float(hit),
        "first_citation_hit": float(first_citation_hit(cited, question.gold, links)) if question.answerable else None,
        "citation_precision": citation_precision(cited, question.gold, links),
        "fact_accuracy": None if fact is None else float(fact),
        "refusal_accuracy": float(refusal_correct(answer.refused, question.must_refuse)),
        "direct_answer": float(direct_answer(answer.text, question.must_include))
        if question.answerable and question.must_include else None,
        "quote_validity": None if not answer.citations else float(quotes_valid(answer.citations, reference.texts)),
        "unsupported_number": float(bool(numbers)),
        "latency_ms": latency_ms,
    }


SUMMARY_METRICS = ("score", "citation_hit", "first_citation_hit", "citation_precision", "fact_accuracy",
                   "direct_answer", "refusal_accuracy", "quote_validity", "unsupported_number")


def mean(values: Iterable[float | None]) -> float | None:
    """The mean of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def summarize(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Means of the per-question figures (each over the questions it applies to), counts and latency."""
    out: dict[str, Any] = {"questions": len(rows)}
    for name in SUMMARY_METRICS:
        values = [row[name] for row in rows if row.get(name) is not None]
        out[name] = mean(values)
        out[f"{name}_n"] = len(values)
    latencies = [row["latency_ms"] for row in rows if row.get("latency_ms") is not None]
    out["latency_p50_ms"] = percentile(latencies, 50)
    out["latency_p95_ms"] = percentile(latencies, 95)
    return out


def summarize_retrieval(rows: Sequence[Mapping[str, float]]) -> dict[str, float | int | None]:
    """Means of per-question retrieval figures (hit@k, MRR@10), the questions they cover, search latency."""
    names = ("hit@1", "hit@3", "hit@5", "mrr@10")
    latencies = [row["latency_ms"] for row in rows if row.get("latency_ms") is not None]
    return {"questions": len(rows), **{n: mean(row[n] for row in rows) for n in names},
            "latency_p50_ms": percentile(latencies, 50), "latency_p95_ms": percentile(latencies, 95)}
