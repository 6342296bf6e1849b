"""The plans set side by side: each plan's figure of the kind asked (or that it states none), or
what each clause says on the subject, then each clause's evidence."""

from __future__ import annotations

from ...language.text import clause_segments, fold, normalize, reading, statements
from ...rules import cue_book
from ...types import Answer, Corpus, Unit
from ...understand.question import Query, plans_named
from ..evidence import SECOND_LOOK, asked_figure_kind, asked_of_each, body_span, concrete_sentences, figure_spans
from ..leads import side_by_side, units_side_by_side
from ..writing import AnswerKind, Draft, quote_point, responsible_lines


def _owners_asked_apart(q: Query, corpus: Corpus) -> str | None:
    """"QFLP在两份文件里分别是怎么表述的?省里这项由谁牵头?": who leads is asked in a sentence of its
    own, of one plan, beside sentences asking what the plans say; that plan, else None."""
    responsible = cue_book("intents")["responsible_units"]
    sentences = [reading(s) for s in statements(q.text)]
    owners = [s for s in sentences if responsible(s)]
    named = plans_named(owners[0], corpus) if len(owners) == 1 and len(owners) < len(sentences) else set()
    return next(iter(named)) if len(named) == 1 else None


def _comparison(d: Draft) -> Answer:
    q, w = d.q, d.w
    owned = _owners_asked_apart(q, d.corpus) if "responsible_units" in q.aspects else None
    if "responsible_units" in q.aspects and owned is None:
        points = ["- " + line for unit in d.units for line in responsible_lines(w, q, unit, d.cites)]
        lead = units_side_by_side(w, q, d.units, d.cites)
        opening = w.p["comparison_open" if len({u.doc for u in d.units}) > 1 else "comparison_open_one_plan"]
        d.lines.extend([lead, opening] if lead else [opening])
        d.lines.extend(points)
        return d.done()
    figure = asked_figure_kind(q)
    asked = asked_of_each(q, d.corpus)
    points, shown = [], []
    for unit in _stating_first(d, figure) if figure else d.units:
        mine = asked.get(unit.doc, q)
        spans = (figure_spans(mine, unit, figure) if figure else None) or [body_span(unit)]
        point = quote_point(w, q, unit, d.cites, spans=spans)
        if point:
            points.append("- " + point)
            shown.append((unit, spans if figure else concrete_sentences(mine, unit) or spans, d.cites.marker(unit)))
    lead = side_by_side(w, q, shown, figure, asked, owned)
    d.lines.extend([lead] if lead else [])
    d.lines.append(w.p["comparison_open" if len({u.doc for u in d.units}) > 1 else "comparison_open_one_plan"])
    d.lines.extend(points)
    # then who leads, in the plan it was asked of
    owners = [u for u in d.units if u.doc == owned][:1]
    d.lines.extend(line for unit in owners for line in responsible_lines(w, q, unit, d.cites))
    return d.done()


def _stating_first(d: Draft, figure) -> list[Unit]:
    """The units compared, a plan whose clauses state no figure of the kind asked ("对金种子银种子
    企业分层培育") first represented by another of its best hits naming what is compared that does
    (总体目标: 培育"金种子""银种子"企业500家以上)."""
    q, units = d.q, list(d.units)
    if not q.names:
        return units
    for doc in dict.fromkeys(u.doc for u in units):
        if figure_spans(q, next(u for u in units if u.doc == doc), figure):
            continue  # the plan's part of the lead states one
        mine = [h.unit for h in d.hits if h.unit.doc == doc][:SECOND_LOOK]
        stating = next((u for u in mine if _states_of(q, u, figure)), None)
        if stating is not None:
            first = next(i for i, u in enumerate(units) if u.doc == doc)
            units = [u for u in units if u.id != stating.id]
            units.insert(first, stating)
    return units


def _states_of(q: Query, unit: Unit, figure) -> bool:
    """Whether a clause states a figure of the kind asked in a segment naming what is compared
    (培育"金种子""银种子"企业500家以上), not merely beside it (…"金种子"企业等合作设立并购基金,
    政府投资基金最高可按1∶1比例参与出资)."""
    return any(figure.search(normalize(segment)) and all(fold(n) in fold(segment) for n in q.names)
               for a, b in figure_spans(q, unit, figure) for segment in clause_segments(unit.text[a:b]))


def applies(q: Query) -> bool:
    return q.intent == "comparison"


def compose(d: Draft) -> Answer | None:
    return _comparison(d) if len(d.units) >= 2 else None


KIND = AnswerKind("comparison", applies, compose)
