""""我们是…有哪些政策可以用?": the eligibility matcher's measures as a list, each with the span
that makes it apply and its terms."""

from __future__ import annotations

from ...rules import cue_book
from ...types import Answer
from ...understand.question import Query
from ..leads import fit_phrase
from ..writing import AnswerKind, Draft


WHAT_APPLIES_LISTED = 8  # the chat lists this many measures; the rest are counted (match lists all)


def _what_applies(d: Draft) -> Answer | None:
    """"我们是…有哪些政策可以用?": the eligibility matcher's measures as a list, each with the span
    that makes it apply and its terms; None (the other kinds answer) when it reads no kind of
    entity or nothing applies."""
    from ..eligibility import match_profile

    result = match_profile(d.q.text, d.corpus, max_chars=len(d.q.text) + 1, opinion=d.opinion)
    if not result.understood.entity or not result.measures:
        return None
    w, listed = d.w, result.measures[:WHAT_APPLIES_LISTED]
    if not result.understood.open:
        # asked for something ("税收上有啥优惠能享受吗"), the answer first: the measure that offers it
        # most directly, in the words that make it apply; asked openly, the list is the answer
        first = d.corpus.unit(listed[0].measure_id)
        d.lines.append(w.p["applies_first"].format(label=w.label(first), phrase=fit_phrase(w.script(listed[0].quote)),
                                                   m=d.cites.mark(first, listed[0].quote)))
    d.lines.append(w.p["applies_open"])
    for i, m in enumerate(listed, start=1):
        unit = d.corpus.unit(m.measure_id)
        marker = d.cites.mark(unit, m.quote)
        terms = w.p["applies_terms"].format(terms=w.p["sep"].join(w.script(t) for t in m.terms)) if m.terms else ""
        d.lines.append(f"{i}. " + w.p["point"].format(label=w.titled(unit), quote=w.script(m.quote), m=marker) + terms)
    if len(result.measures) > len(listed):
        d.lines.append(w.p["applies_more"])
    return d.done()


def applies(q: Query) -> bool:
    return not q.followup and cue_book("asks")["what_applies"](q.normalized)


def compose(d: Draft) -> Answer | None:
    return _what_applies(d)


KIND = AnswerKind("what_applies", applies, compose)
