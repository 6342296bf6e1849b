"""Who is responsible: a Wuhan task's 责任单位, a Hubei row's lead and partner units, then what is done."""

from __future__ import annotations

from ...types import Answer, Unit
from ...understand.question import Query
from ..leads import units_side_by_side
from ..writing import AnswerKind, Draft, quote_point, responsible_lines


def _each_plans_owner(d: Draft) -> list[Unit]:
    """Asked who is responsible in each of two plans ("武汉方案和湖北方案的统筹推进分别由谁牵头"):
    the best clause of each, in the order chosen; else nothing."""
    if len(d.q.docs) != 2:
        return []
    best: dict[str, Unit] = {}
    for unit in [u for u in d.units if u.id in d.pointed_at] or d.units:
        best.setdefault(unit.doc, unit)
    return sorted(best.values(), key=lambda u: d.q.docs.index(u.doc)) if len(best) == 2 else []


def _responsible(d: Draft) -> Answer | None:
    q, w, cites = d.q, d.w, d.cites
    each = _each_plans_owner(d)
    owners = each or [u for u in d.units if u.id in d.pointed_at] or d.units[:2]
    for unit in owners:
        d.lines.extend(responsible_lines(w, q, unit, cites))
    lead = units_side_by_side(w, q, owners, cites) if each else None
    if lead:
        d.lines.insert(0, lead)  # each plan's leads side by side, then each clause's units in full
    if owners[0].kind == "measure" and owners[0].responsible_units:
        # a Wuhan task names its units only in a closing note: the units answer, then the
        # sentences saying what is done (and often who does it: 由武汉股权托管交易中心开展…)
        point = quote_point(w, q, owners[0], cites, 2)
        if point:
            d.lines.append(point)
    return d.done() if d.lines else None


def applies(q: Query) -> bool:
    return q.intent == "responsible_units"


def compose(d: Draft) -> Answer | None:
    return _responsible(d)


KIND = AnswerKind("responsible_units", applies, compose)
