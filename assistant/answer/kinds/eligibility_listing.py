"""Who may apply, from several clauses: what the best one says, then each clause's conditions."""

from __future__ import annotations

from ...types import Answer
from ...understand.question import Query
from ..evidence import best_sentences
from ..leads import phrase_lead
from ..writing import AnswerKind, Draft, quote_point


def _eligibility_listing(d: Draft) -> Answer:
    points = [(unit, quote_point(d.w, d.q, unit, d.cites, 2)) for unit in d.units]
    lead = phrase_lead(d.w, d.q, d.top, best_sentences(d.q, d.top, 2), d.cites.marker(d.top)) if points[0][1] else None
    d.lines.extend([lead, d.w.p["eligibility_open"]] if lead else [d.w.p["eligibility_open"]])
    d.lines.extend(f"{i}. {point}" for i, (_, point) in enumerate(((u, p) for u, p in points if p), start=1))
    return d.done()


def applies(q: Query) -> bool:
    return q.intent == "eligibility"


def compose(d: Draft) -> Answer | None:
    return _eligibility_listing(d) if len(d.units) > 1 else None


KIND = AnswerKind("eligibility_listing", applies, compose)
