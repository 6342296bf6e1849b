"""The plans set side by side: each plan's figure of the kind asked (or that it states none), or
what each clause says on the subject, then each clause's evidence."""

from __future__ import annotations

from ...types import Answer
from ...understand.question import Query
from ..evidence import asked_figure_kind, body_span, concrete_sentences, figure_spans
from ..leads import side_by_side, units_side_by_side
from ..writing import AnswerKind, Draft, quote_point, responsible_lines


def _comparison(d: Draft) -> Answer:
    q, w = d.q, d.w
    if "responsible_units" in q.aspects:
        points = ["- " + line for unit in d.units for line in responsible_lines(w, q, unit, d.cites)]
        lead = units_side_by_side(w, q, d.units, d.cites)
        d.lines.extend([lead, w.p["comparison_open"]] if lead else [w.p["comparison_open"]])
        d.lines.extend(points)
        return d.done()
    figure = asked_figure_kind(q)
    points, shown = [], []
    for unit in d.units:
        spans = (figure_spans(q, unit, figure) if figure else None) or [body_span(unit)]
        point = quote_point(w, q, unit, d.cites, spans=spans)
        if point:
            points.append("- " + point)
            shown.append((unit, spans if figure else concrete_sentences(q, unit) or spans, d.cites.marker(unit)))
    lead = side_by_side(w, q, shown, figure)
    d.lines.extend([lead] if lead else [])
    d.lines.append(w.p["comparison_open"])
    d.lines.extend(points)
    return d.done()


def applies(q: Query) -> bool:
    return q.intent == "comparison"


def compose(d: Draft) -> Answer | None:
    return _comparison(d) if len(d.units) >= 2 else None


KIND = AnswerKind("comparison", applies, compose)
