"""Whether a named unit leads, or only takes part in, the row or clause being discussed
("人行湖北省分行在这里面是牵头还是配合?"): its role, then who is responsible for it."""

from __future__ import annotations

import re

from ...language.text import fold, to_simplified
from ...rules import cue_book
from ...types import Answer, Corpus, Unit
from ...understand.question import LISTING_WORDS, Query
from ..writing import AnswerKind, Citations, Draft, Writer, responsible_lines


def _row(corpus: Corpus, discussed: tuple[str, ...], name: str, said: tuple[str, ...] = ()) -> Unit | None:
    """The discussed row or clause that names the unit (of a measure's rows, one holding a name the
    conversation said first: "鄂创融" picks its own row of measure 12), else the first that names any."""
    units: list[Unit] = []
    for uid in discussed:
        if corpus.has(uid):
            rows = corpus.annex_rows(uid) if corpus.unit(uid).kind == "measure" else ()
            units.extend(rows or [corpus.unit(uid)])
    named = [u for u in units if name in u.lead_units or name in u.responsible_units]
    words = [fold(w) for w in said if "/" not in w]
    named.sort(key=lambda u: not any(w in fold(u.text) for w in words))
    return named[0] if named else next((u for u in units if u.lead_units or u.responsible_units), None)


# "由市委金融办、市科技创新局牵头,市发改、经信、市场监管、财政、国资等部门共同参与的推进机制"
_TAKING_PART = re.compile(r"牵头[,，](?P<part>(?P<items>[^,，。;；]+?)等部门共同参与)")


def taking_part(text: str, name: str) -> tuple[str, str] | None:
    """Where a clause names those taking part by short names after its leads ("市发改、经信、财政…等部门
    共同参与"): the short name standing for ``name`` (财政 for 市财政局, 市发改 for 市发改委) and the
    phrase naming them all, both as the (Simplified) text writes them; None when it names no such."""
    m = _TAKING_PART.search(to_simplified(text))
    if m is None:
        return None
    for item in m.group("items").split("、"):
        item = item.strip()
        bare = item[1:] if item[:1] in "市省" and len(item) > 2 else item
        if len(bare) >= 2 and bare in name:
            return item, m.group("part")
    return None


def _unit_role(d: Draft) -> Answer | None:
    """The role of each unit named ("有冇国资委同投资促进局?": each in turn) in the row or clause
    discussed, then who is responsible for it."""
    q, w = d.q, d.w
    row = _row(d.corpus, q.prior_units, q.units_named[0], q.said_before)
    if row is None:
        return None
    evidence = responsible_lines(w, q, row, d.cites)  # cites the row, which each role's sentence marks
    leads = [_role_of(w, row, name, d.cites) for name in q.units_named]
    if None in leads:
        return None
    d.lines.extend([*leads, *evidence])
    return d.done()


def _role_of(w: Writer, row: Unit, name: str, cites: Citations) -> str | None:
    """One sentence on the role of unit ``name`` in ``row``; None when the row cannot say it."""
    # the safeguards list their leads; those taking part go by short names (财政、国资等部门)
    part = taking_part(row.text, name) if row.kind == "safeguards" else None
    if row.kind == "safeguards" and name not in row.lead_units and part is None:
        return None
    m, label, sep = cites.marker(row), w.label(row), w.p["sep"]
    if part is not None and name not in row.lead_units:
        lead = w.p["role_takes_part"].format(short=part[0], label=label, part=part[1], leads=sep.join(row.lead_units), m=m)
    elif name in row.lead_units:
        others = [u for u in row.lead_units if u != name]
        together = w.p["co_leads"].format(units=sep.join(others)) if others else ""
        lead = w.p["role_leads"].format(unit=name, label=label, co=together, m="" if row.responsible_units else m)
        if row.responsible_units:  # who takes part beside it, in the same breath
            lead = w.p["role_leads_with"].format(lead=lead.rstrip("。."), units=sep.join(row.responsible_units), m=m)
    elif name in row.responsible_units and row.lead_units:
        lead = w.p["role_shares"].format(unit=name, label=label, leads=sep.join(row.lead_units), m=m)
    elif name in row.responsible_units:
        lead = w.p["role_wuhan"].format(unit=name, label=label, m=m)
    else:
        lead = w.p["role_absent"].format(label=label, units=sep.join(row.lead_units or row.responsible_units), m=m)
    return lead


def applies(q: Query) -> bool:
    checks = "role_check" in q.aspects or cue_book("asks")["role_check"](q.normalized)  # a unit alone asked of ("有区政府吗?")
    return bool(q.units_named) and bool(q.prior_units) and q.followup and checks \
        and not LISTING_WORDS.search(q.normalized)  # "它还参与了哪些": the unit's tasks (unit_lookup)


def compose(d: Draft) -> Answer | None:
    return _unit_role(d)


KIND = AnswerKind("unit_role", applies, compose)
