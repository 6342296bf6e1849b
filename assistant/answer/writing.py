"""Writing an answer: the citations and their markers, the writer that speaks the asker's language
and script and labels clauses, the draft every answer kind reads and writes, and the lines
all kinds share (a quoted point, who is responsible, a refusal)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..language.text import normalize_with_map, sentence_spans, to_simplified, to_traditional
from ..types import Answer, Citation, Corpus, Hit, Unit
from ..understand.question import Query
from .evidence import best_sentences, note_span, quote_span, rows_for, span_of
from .phrases import PHRASES
from .prior import SegmentPrior


_LEAD_SENTENCE = re.compile(r"由[^,，。]+牵头")
_JOINED = re.compile(r"(?<=牵头[,，])[^,，。]{2,40}共同参与")  # "…牵头,市发改、经信…等部门共同参与"


@dataclass
class Citations:
    """Citations in order of first use; ``mark`` returns the marker for a unit and quote."""

    items: list[Citation] = field(default_factory=list)

    def mark(self, unit: Unit, quote: str) -> str:
        for i, c in enumerate(self.items, start=1):
            if c.unit_id == unit.id:
                self.items[i - 1] = Citation(unit.id, _covering(unit.text, c.quote, quote))
                return f"[{i}]"
        self.items.append(Citation(unit.id, quote))
        return f"[{len(self.items)}]"

    def marker(self, unit: Unit) -> str:
        """The marker of a unit already cited."""
        return next(f"[{i}]" for i, c in enumerate(self.items, start=1) if c.unit_id == unit.id)


def _covering(text: str, quote: str, more: str) -> str:
    """One verbatim span of ``text`` holding both quotes (a unit cited twice shows all it was cited for)."""
    a, b = text.find(quote), text.find(more)
    if a < 0 or b < 0 or more in quote:
        return quote
    return text[min(a, b):max(a + len(quote), b + len(more))]


class Writer:
    """Renders text in the asker's script and language; labels units."""

    def __init__(self, q: Query, corpus: Corpus, prior: SegmentPrior | None = None) -> None:
        self.q = q
        self.corpus = corpus
        self.prior = prior  # what askers wanted of each clause segment (prior.py), for leads asked openly
        self.p = PHRASES["en" if q.language == "en" else "zh"]

    def script(self, text: str) -> str:
        if self.q.language == "en":
            return text
        return to_simplified(text)

    def label(self, unit: Unit, short: bool = False, bare: bool = False) -> str:
        """"《武汉市行动方案》第8条"; ``short``: "《武汉方案》第8条", where a lead sets plans side by side;
        ``bare``: "第8条", in a sentence that names the plan already."""
        if bare:
            return self.p["kinds_bare"][unit.kind].format(n=unit.number)
        doc = self.corpus.document(unit.doc)
        name = self.p["short_doc_names" if short else "doc_names"].get(unit.doc, doc.short_name or doc.title)
        kind_label = self.p["kinds"][unit.kind]
        return kind_label.format(doc=name, n=unit.number)

    def titled(self, unit: Unit) -> str:
        label = self.label(unit)
        if unit.kind in ("measure",):
            return self.p["titled"].format(label=label, title=unit.title)
        return label

    def located(self, unit: Unit) -> str:
        """Where a unit stands in its plan: "《武汉市行动方案》第4条(畅通股权投资退出渠道)"; a task-table
        row with the measure it restates first."""
        if unit.kind == "annex" and unit.measure and self.corpus is not None:
            measure = self.corpus.unit(unit.measure)
            return self.p["row_of"].format(measure=self.titled(measure), row=self.label(unit, bare=True))
        return self.titled(unit)

    def scope(self, one: str = "scope_one", both: str = "scope_both") -> str:
        """Which plans a "not stated" applies to: the one the question names, else both."""
        if len(self.q.docs) == 1:
            return self.p[one].format(doc=self.p["doc_names"].get(self.q.docs[0], self.q.docs[0]))
        return self.p[both]

    def shown(self, text: str) -> str:
        """Text as the asker reads it: Traditional for a Traditional asker, else as it is."""
        return to_traditional(text) if self.q.language == "zh" and self.q.traditional else text

    def finish(self, lines: Sequence[str], citations: Citations, refused: bool) -> Answer:
        return Answer(self.shown("\n".join(line for line in lines if line)), tuple(citations.items), refused)

    def ungrounded(self) -> str:
        """The plain refusal when nothing grounded remains of an answer, in the asker's language and script."""
        return self.finish([self.p["ungrounded"]], Citations(), True).text


@dataclass
class Draft:
    """An answer being composed: the question, the clauses chosen for it (best first), and the
    lines and citations written so far. Each answer kind reads it and writes to it."""

    q: Query
    w: Writer
    corpus: Corpus
    hits: Sequence[Hit]
    units: list[Unit] = field(default_factory=list)
    pointed_at: frozenset = frozenset()
    cites: Citations = field(default_factory=Citations)
    lines: list[str] = field(default_factory=list)
    opinion: object = None  # eligibility matching's learned second opinion (eligibility.Opinion), if any

    @property
    def top(self) -> Unit:
        """The clause the answer rests on first."""
        return self.units[0]

    def done(self) -> Answer:
        """The answer written so far."""
        return self.w.finish(self.lines, self.cites, False)


@dataclass(frozen=True)
class AnswerKind:
    """One kind of answer: when it applies, and how it answers (None: the next kind in the table does)."""

    name: str
    applies: Callable[[Query], bool]
    compose: Callable[[Draft], Answer | None]


def refusal(w: Writer, key: str, **values) -> Answer:
    return w.finish([w.p[key].format(**values)], Citations(), True)


def count_word(w: Writer, n: int) -> str:
    """A small count in the answer's words: 八 in Chinese (a digit would be a figure to ground), 8 in English."""
    if w.q.language == "en":
        return str(n)
    return "一两三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)  # 两条, not 二条


def responsible_lines(w: Writer, q: Query, unit: Unit, cites: Citations) -> list[str]:
    p = w.p
    if unit.kind == "measure" and unit.responsible_units:
        span = note_span(unit) or (0, len(unit.text))
        marker = cites.mark(unit, unit.text[slice(*span)])
        return [p["responsible_wuhan"].format(label=w.titled(unit), units=p["sep"].join(unit.responsible_units),
                                              m=marker)]
    if unit.kind == "safeguards" and unit.lead_units:
        span = span_of(unit, _LEAD_SENTENCE) or (0, len(unit.text))
        marker, leads = cites.mark(unit, unit.text[slice(*span)]), p["sep"].join(unit.lead_units)
        mapped = normalize_with_map(unit.text)
        found = _JOINED.search(mapped.text)
        joined = mapped.original_span(found.start(), found.end()) if found else None
        if joined and span[0] <= joined[0] < span[1]:
            # who takes part, as the section says it: "市发改、经信、市场监管、财政、国资等部门共同参与"
            return [p["lead_and_joined"].format(label=w.label(unit), units=leads,
                                                joined=w.script(unit.text[slice(*joined)]), m=marker)]
        return [p["lead_only"].format(label=w.label(unit), units=leads, m=marker)]
    lines = []
    for row in rows_for(q, unit, w.corpus):
        spans = best_sentences(q, row) or sentence_spans(row.text)[:1]
        quote = row.text[slice(*spans[0])].strip() if spans else row.text
        marker = cites.mark(row, quote)
        task = w.script(quote.rstrip("。;；"))
        if row.responsible_units:
            lines.append(p["responsible_annex"].format(label=w.label(row), task=task,
                                                       leads=p["sep"].join(row.lead_units),
                                                       units=p["sep"].join(row.responsible_units), m=marker))
        else:
            lines.append(p["responsible_annex_leads"].format(label=w.label(row), task=task,
                                                             leads=p["sep"].join(row.lead_units), m=marker))
    return lines


def quote_point(w: Writer, q: Query, unit: Unit, cites: Citations, n: int = 1,
           spans: Sequence[tuple[int, int]] | None = None) -> str | None:
    spans = spans or best_sentences(q, unit, n)
    if not spans:
        return None
    a, b = quote_span(unit, spans)
    quote = unit.text[a:b]
    marker = cites.mark(unit, quote)
    return w.p["point"].format(label=w.titled(unit), quote=w.script(quote.strip()), m=marker)
