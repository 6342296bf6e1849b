"""What a named government unit leads and takes part in, per plan, each task cited."""

from __future__ import annotations

from ...language.text import sentence_spans
from ...types import Answer, Corpus
from ...understand.question import Query
from ..evidence import note_span
from ..writing import AnswerKind, Citations, Draft, Writer, refusal

def _unit_lookup(w: Writer, q: Query, corpus: Corpus) -> Answer:
    """Every task a named government unit leads or shares, per plan, each cited."""
    cites = Citations()
    lines: list[str] = []
    for name in q.units_named[:2]:
        for doc in corpus.documents:
            if q.docs and doc.doc_id not in q.docs:
                continue
            leads = [u for u in corpus.units if u.doc == doc.doc_id and name in u.lead_units]
            shares = [u for u in corpus.units if u.doc == doc.doc_id and name in u.responsible_units
                      and name not in u.lead_units]
            for role, units in (("lookup_leads", leads), ("lookup_shares", shares)):
                if not units:
                    continue
                items = []
                for unit in units:
                    spans = sentence_spans(unit.text)
                    quote = unit.text[slice(*spans[0])] if spans and unit.kind == "annex" else unit.text
                    if unit.kind == "measure" and unit.responsible_units:
                        quote = unit.text[slice(*(note_span(unit) or (0, len(unit.text))))]
                    partners = [u for u in unit.lead_units if u != name] if role == "lookup_leads" else []
                    together = w.p["co_leads"].format(units=w.p["sep"].join(partners)) if partners else ""
                    items.append(w.p["lookup_item"].format(label=w.label(unit), title=w.script(unit.title),
                                                           m=cites.mark(unit, quote)) + together)
                lines.append(w.p[role].format(unit=name, doc=w.p["doc_names"].get(doc.doc_id, doc.title),
                                              items=w.p["list_sep"].join(items)))
    if not lines:
        return refusal(w, "not_found")
    return w.finish(lines, cites, False)


def applies(q: Query) -> bool:
    return q.intent == "unit_lookup" and bool(q.units_named)


def compose(d: Draft) -> Answer | None:
    return _unit_lookup(d.w, d.q, d.corpus)


KIND = AnswerKind("unit_lookup", applies, compose)
