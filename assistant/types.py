"""The vocabulary every module speaks: plain frozen dataclasses, no framework types."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata of one source document, read from its ``*.meta.json`` file."""

    doc_id: str
    title: str
    issuer: str
    date: str
    script: str  # "traditional" or "simplified": the script of the source text
    source_file: str
    number: str | None = None  # e.g. 鄂金委办发〔2025〕21号
    short_name: str = ""
    level: str = ""  # 市 / 省: the administrative level of the issuer
    plan_name: str = ""  # how answers name the plan (武汉方案)
    mentions: tuple[str, ...] = ()  # regex alternatives by which a question names this plan
    bare_mentions: tuple[str, ...] = ()  # a bare place word (武汉) that names it only when set against another plan


@dataclass(frozen=True)
class Unit:
    """A citable piece of a document: a numbered measure, an annex row, or a framing section.

    ``id`` is ``doc/N``, ``doc/annex-N``, ``doc/preamble``, ``doc/goals`` or ``doc/safeguards``.
    ``text`` is in the document's original script; ``title``, ``section`` and unit names are
    Simplified. ``measure`` is set only on annex rows: the id of the unit the row restates.
    """

    id: str
    doc: str
    kind: str  # preamble | goals | measure | safeguards | annex
    number: int | None
    section: tuple[str, ...]
    title: str
    text: str
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()
    measure: str | None = None

    @property
    def units(self) -> tuple[str, ...]:
        """Every government unit the unit names, leads first."""
        return self.lead_units + tuple(u for u in self.responsible_units if u not in self.lead_units)


@dataclass(frozen=True)
class Hit:
    """A unit found by a retriever; higher ``score`` is better within one retriever."""

    unit: Unit
    score: float
    retriever: str  # lexical | dense | exact | fused | baseline
    sources: tuple[tuple[str, float], ...] = ()  # fused hits: (retriever, its score) pairs


@dataclass(frozen=True)
class Citation:
    """A unit an answer rests on and a verbatim span of its original text."""

    unit_id: str
    quote: str


@dataclass(frozen=True)
class Turn:
    """One earlier message of a conversation; assistant turns may carry the ids they cited."""

    role: str  # user | assistant
    content: str
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What the assistant says: text with [n] markers matching ``citations``, and how it got there."""

    text: str
    citations: tuple[Citation, ...]
    refused: bool
    timings_ms: tuple[tuple[str, float], ...] = ()
    trace: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def to_contract(self, question_id: str | None = None, latency_ms: float | None = None) -> dict:
        """The CONTRACT's answer object (batch line) for this answer."""
        out: dict = {}
        if question_id is not None:
            out["id"] = question_id
        out["answer"] = self.text
        out["citations"] = [{"id": c.unit_id, "quote": c.quote} for c in self.citations]
        out["refused"] = self.refused
        if latency_ms is not None:
            out["latency_ms"] = round(latency_ms, 1)
        return out


@dataclass(frozen=True)
class Corpus:
    """The parsed documents and their units, in document order, with a content fingerprint."""

    documents: tuple[DocumentInfo, ...]
    units: tuple[Unit, ...]
    fingerprint: str
    _by_id: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {u.id: u for u in self.units})

    def unit(self, unit_id: str) -> Unit:
        """The unit with this id (KeyError when there is none)."""
        return self._by_id[unit_id]

    def has(self, unit_id: str) -> bool:
        """Whether a unit with this id exists."""
        return unit_id in self._by_id

    def document(self, doc_id: str) -> DocumentInfo:
        """The metadata of one document."""
        return next(d for d in self.documents if d.doc_id == doc_id)

    def annex_rows(self, measure_id: str) -> tuple[Unit, ...]:
        """The annex rows that restate a measure."""
        return tuple(u for u in self.units if u.measure == measure_id)
