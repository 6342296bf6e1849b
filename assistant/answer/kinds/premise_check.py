"""A figure the question asserts, checked against the clause: corrected from the clause, or said
not to be stated; nothing when the clause agrees."""

from __future__ import annotations

import re
from typing import Sequence

from ...language.text import fold, normalize
from ...retrieve.rerank import FIGURE_KINDS, coverage
from ...types import Answer, Unit
from ...understand.question import Query
from ..evidence import WORDED_LIMIT, best_sentences, named_sentences, quote_span
from ..leads import DATE, clause_phrase
from ..writing import AnswerKind, Citations, Draft, Writer


_KIND_OF_CLAIM: tuple[tuple[str, str], ...] = (
    (r"^20\d\d\s*年", DATE),
    (r"%|percent", FIGURE_KINDS[0][1]),
    (r"万|亿|元|billion|million", FIGURE_KINDS[1][1]),
    (r"年|个月|year", FIGURE_KINDS[2][1]),
    (r"家|个|款", FIGURE_KINDS[3][1]),
)


CORRECTION_CHARS = 60  # a correction states the clause's figures, each with its qualifier


def _figure_kind(claims: Sequence[str]) -> re.Pattern:
    """The pattern of figures comparable with the claimed ones (5000万 ↔ amounts of money, 5年 ↔ terms)."""
    kinds = dict.fromkeys(next((figure for cue, figure in _KIND_OF_CLAIM if re.search(cue, claim)), r"\d")
                          for claim in claims)
    return re.compile("|".join(kinds))


def _premise_answer(w: Writer, q: Query, unit: Unit) -> Answer | None:
    """Check figures the question asserts against the clause; None when they agree."""
    evidence = fold(unit.text)
    if all(fold(n) in evidence for n in q.premise_numbers):
        return None
    spans = named_sentences(q, unit) if q.names else best_sentences(q, unit, 2)
    kind = _figure_kind(q.premise_numbers)
    with_figures = [s for s in spans if kind.search(normalize(unit.text[s[0]:s[1]]))]
    best = best_sentences(q, unit)
    if best and with_figures and WORDED_LIMIT.search(normalize(unit.text[slice(*best[0])])) and \
            coverage(q, unit.text[slice(*with_figures[0])]) < 0.7 * coverage(q, unit.text[slice(*best[0])]):
        with_figures = best  # the true limit is stated in words (最高不超过…全部增值收益)
    cites = Citations()
    if with_figures:
        a, b = quote_span(unit, with_figures)
        marker = cites.mark(unit, unit.text[a:b])
        point = w.p["point"].format(label=w.titled(unit), quote=w.script(unit.text[a:b].strip()), m=marker)
        # the figures the clause states instead, one for each claimed (最长3年期,最高额度1000万元),
        # with their qualifiers; else what the clause says on it
        said = clause_phrase(q, unit, [(a, b)], w.corpus, figure=kind, subject=" ".join(q.names), budget=CORRECTION_CHARS) \
            or clause_phrase(q, unit, [(a, b)], w.corpus)
        opening = w.p["premise_corrected_to"].format(facts=said, m=marker) if said else w.p["premise_corrected"]
        return w.finish([opening, point], cites, False)
    if not spans:
        return None
    a, b = spans[0]
    marker = cites.mark(unit, unit.text[a:b])
    point = w.p["point"].format(label=w.titled(unit), quote=w.script(unit.text[a:b].strip()), m=marker)
    return w.finish([w.p["premise_unstated"].format(scope=w.scope()), point], cites, True)


def applies(q: Query) -> bool:
    return bool(q.premise_numbers) and q.intent not in ("responsible_units", "targets")


def compose(d: Draft) -> Answer | None:
    return _premise_answer(d.w, d.q, d.top)


KIND = AnswerKind("premise_check", applies, compose)
