"""A clause asked for by number: quoted whole, with a table row's units."""

from __future__ import annotations

from ...types import Answer
from ...understand.question import Query
from ..leads import opening_lead
from ..writing import AnswerKind, Draft


def _reference(d: Draft) -> Answer:
    w = d.w
    by_id = {u.id: u for u in d.units}
    referenced = [by_id[r] for r in d.q.references if r in by_id] or d.units[:1]  # in the order asked
    leads, points = [], []
    for unit in referenced[:2]:
        quote = unit.text.strip()
        marker = d.cites.mark(unit, quote)
        leads.extend([opening_lead(w, unit, marker)])
        points.append(w.p["point"].format(label=w.titled(unit), quote=w.script(quote), m=marker))
        if unit.kind == "annex":
            points.append(w.p["row_units"].format(leads=w.p["sep"].join(unit.lead_units),
                                                  units=w.p["sep"].join(unit.responsible_units) or "-", m=marker))
    d.lines.extend(line for line in leads if line)  # what each clause is about, before the clauses
    d.lines.extend(points)
    return d.done()


def applies(q: Query) -> bool:
    return q.intent == "reference"


def compose(d: Draft) -> Answer | None:
    return _reference(d)


KIND = AnswerKind("reference", applies, compose)
