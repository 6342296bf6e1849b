"""A figure of a named programme (黄鹤凌云计划一年挑多少家): it must stand in a clause naming the
programme, or in the measure of the row that names it; else the plans do not state it."""

from __future__ import annotations

from ...language.text import fold, normalize, sentence_spans
from ...types import Answer
from ...understand.question import Query
from ..evidence import (SECOND_LOOK, STRONG_FIGURE, asked_figure_kind, figure_spans, measure_of, names_used_by,
                        own_words, sentence_score, uses_name)
from ..writing import AnswerKind, Draft, quote_point
from .referral import refer


def _programme_figure(d: Draft) -> Answer | None:
    """A figure for a named programme must stand in a clause naming it; any sentence on the
    subject that states such a figure counts, not only the best two; a row and its measure
    travel together: the measure may state what the row names."""
    q, corpus, top = d.q, d.corpus, d.top
    wanted = asked_figure_kind(q)
    # a name the plan asked about never uses is the asker's context ("金种子银种子是武汉的说法,湖北那边…")
    keys = [fold(n) for n in (names_used_by(q, corpus, q.docs[0]) if len(q.docs) == 1 else q.names)]
    if keys and not q.says_a_name() and len(own_words(q).terms) >= 2:
        keys = []  # "到2027年它们的贷款余额目标是多少?" after a turn on a loan: its own subject, not the name carried
    family = [*d.units, *filter(None, (measure_of(u, corpus) for u in d.units))]
    about = [u for u in family if uses_name(keys, u)] if keys else d.units
    if wanted is not None and not any(wanted.search(normalize(u.text[a:b])) and sentence_score(q, u.text[a:b]) > 0
                                      for u in about for a, b in sentence_spans(u.text)):
        # "How many such firms by 2027?" after a turn on 武汉第10条 (金种子 in tiers): the goals naming the
        # programme state its count; the clause leaned on follows as evidence
        stating = next((h.unit for h in d.hits[:SECOND_LOOK] if h.unit not in family
                        and (not q.docs or h.unit.doc in q.docs)
                        and h.unit.kind == "goals" and (not keys or uses_name(keys, h.unit))
                        and figure_spans(q, h.unit, wanted)), None)
        if stating is None:
            return refer(d.w, q, "具体数值", [top])  # "科创债规模目标是多少亿?": no clause names a figure
        d.units = [stating, *d.units]
        return None
    measure = measure_of(top, corpus)
    if wanted is not None and keys and measure is not None and not figure_spans(q, top, wanted):
        spans = figure_spans(q, measure, wanted)
        if spans:  # "黄鹤凌云计划一年挑多少家?": the row names it, its measure states the figure
            return d.w.finish([quote_point(d.w, q, measure, d.cites, spans=spans)], d.cites, False)
    return None


def applies(q: Query) -> bool:
    return q.intent == "targets" and bool(STRONG_FIGURE.search(q.normalized))


def compose(d: Draft) -> Answer | None:
    return _programme_figure(d)


KIND = AnswerKind("programme_figure", applies, compose)
