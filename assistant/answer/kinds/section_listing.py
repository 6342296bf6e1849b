"""The measures under a section heading the question names, each by its title and cited."""

from __future__ import annotations

from ...language.text import sentence_spans
from ...retrieve.routes import section_heading
from ...types import Answer, Corpus
from ...understand.question import Query
from ..writing import AnswerKind, Citations, Draft, Writer, count_word


def _section_listing(w: Writer, q: Query, corpus: Corpus) -> Answer:
    """The measures under a section heading, each by its title and cited."""
    cites = Citations()
    units = [corpus.unit(uid) for uid in q.section]
    items = []
    for unit in units:
        spans = sentence_spans(unit.text)
        quote = unit.text[slice(*spans[0])] if spans else unit.text
        items.append(w.p["lookup_item"].format(label=w.label(unit), title=w.script(unit.title), m=cites.mark(unit, quote)))
    opening = w.p["section_open"].format(doc=w.p["doc_names"][units[0].doc], heading=w.script(section_heading(units[0])),
                                         n=count_word(w, len(units)))
    return w.finish([opening, w.p["list_sep"].join(items)], cites, False)


def applies(q: Query) -> bool:
    return bool(q.section) and q.intent not in ("responsible_units", "comparison")


def compose(d: Draft) -> Answer | None:
    return _section_listing(d.w, d.q, d.corpus)


KIND = AnswerKind("section_listing", applies, compose)
