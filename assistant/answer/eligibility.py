"""Eligibility matching: which numbered measures apply to a self-description, and why.

Three pure steps over reviewed data (``assistant/rules/eligibility.yaml``):

- ``tag_measures`` reads each numbered measure sentence by sentence: the kinds of entity it
  names (as beneficiary or actor), the stages, the instruments, the place a sentence is
  limited to, and the measure's terms and contacts. Every tag keeps the verbatim span of the
  unit's text it rests on.
- ``read_profile`` reads a self-description (Simplified, Traditional, Cantonese or English)
  into kinds with the hierarchy applied, stages, needs (what it asks for, plus what its
  possessions imply: patents → 知识产权质押) and place.
- ``match_measures`` lists the measures that apply: a sentence names the profile's kind (or
  a class that includes it; a sentence that names no one on the profile's side speaks of
  whom its measure names) and offers what the profile needs (or, asked openly, names its
  kind in so many words, not by a general word); a sentence limited to a place the profile
  is outside of does not count. A provider named only by its root class (金融机构) is the
  actor of a measure about what its own business supplies. The ranked list ends where the
  score falls by a need level: what follows meets the profile only loosely.

``match_profile`` runs the three on a corpus; the measures' tags are computed once per corpus.
Given a learned second opinion (``understand/applies.py``), it drops the matched measures the
model finds very unlikely and adds, quoted at their best sentence, those it finds likely.
``match_form`` does the same for the matching form (``MatchForm``: kinds, stages, needs, place,
as ``form_choices`` lists them), read by ``read_form``; a result's ``form`` is the form that
holds what was read from its profile.
"""

from __future__ import annotations

import functools
import logging
import re
import string
import time
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Callable, Iterable, Iterator, Sequence

from ..errors import InputRejected
from ..language.text import fold, has_cjk, normalize, normalize_with_map, reading, sentence_spans, strip_control, to_simplified
from ..rules import RULES_PACKAGE, Cue, alternatives, parse_book
from ..types import Corpus, Unit

log = logging.getLogger(__name__)

RULES_FILE = "eligibility"
FIRM, PROVIDER = "firm", "provider"
_CLAUSE_END = ","  # normalised text: every comma is half width
_SENTENCE_PUNCT = "。;!?"
_RESPONSIBILITY = re.compile(r"\(责任单位")
_ITEM_NUMBER = re.compile(r"^\s*\d+\.\s*")
# score of a sentence: what it offers weighs most, then how specific the kind it names is
_NEED_EXACT, _NEED_FAMILY, _NEED_GENERAL, _NEED_OPEN = 3, 2, 1.5, 1
# a fall in score this large between neighbours in the ranked list ends it: what follows meets the
# profile a need-level lower (a loan family where a guarantee was asked), not a kind-level lower
_CONFIDENCE_GAP = 5


# ---- the vocabulary ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One entry of the vocabulary: a kind, stage, possession, need or place, with its patterns."""

    category: str  # kinds | stages | has | needs | places
    name: str
    en: str
    cue: Cue  # the profile patterns as one, the veto and the examples
    # each alternative on its own, so that every match is found, not only the first at a place
    patterns: tuple[re.Pattern, ...] = ()
    weak_patterns: tuple[re.Pattern, ...] = ()  # profile words that tell the kind only for a firm
    in_documents: tuple[re.Pattern, ...] = ()
    weak_in_documents: tuple[re.Pattern, ...] = ()
    within: tuple[str, ...] = ()  # kinds: the classes that include it; places: the place it lies inside
    all_of: tuple[str, ...] = ()
    side: str = ""
    provides: tuple[str, ...] = ()  # provider kinds: the needs their own business supplies (a bank: loans)
    general: bool = False  # kinds: a class so wide that a measure naming it is aimed at no kind in particular
    serves: bool = False  # kinds: one that serves technology firms: what it says it does is its work, not its need
    family: tuple[str, ...] = ()  # needs: what meets this broad need
    firms_are: tuple[tuple[str, str], ...] = ()  # stages: (a firm of this kind, is also of this kind)
    adds: tuple[str, ...] = ()  # has: the needs it implies …
    when: tuple[str, ...] = ()  # … when one of these is asked for
    names: tuple[tuple[str, re.Pattern], ...] = ()  # places: canonical name and its spellings
    outside: tuple[str, ...] = ()  # places: the plans' places it lies outside of
    confines: re.Pattern | None = None  # places: a sentence that happens only here
    opens: re.Pattern | None = None  # places: a sentence that reaches beyond its plan's place
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # places: canonical name and its spellings, as written


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The eligibility rules file, parsed: entries by category and the word lists around them."""

    kinds: tuple[Entry, ...]
    stages: tuple[Entry, ...]
    has: tuple[Entry, ...]
    needs: tuple[Entry, ...]
    places: tuple[Entry, ...]
    documents: dict  # doc id → the place its plan applies in
    stages_of: str  # the kind whose stages the documents' stages are
    target_before: re.Pattern
    target_after: re.Pattern
    source_after: re.Pattern
    denied_before: re.Pattern
    product_after: re.Pattern  # after a need's words: what the profile makes, not what it asks ("供应链金融系统")
    place_elsewhere_before: re.Pattern
    place_elsewhere_after: re.Pattern
    place_arriving_after: re.Pattern
    place_arriving_before: re.Pattern
    provider_arriving_before: re.Pattern  # …for a provider only: where it goes to invest (想去武汉看项目)
    not_offers: re.Pattern
    terms: tuple[re.Pattern, ...]
    _kinds: dict = field(init=False, repr=False)
    _needs: dict = field(init=False, repr=False)
    _order: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_kinds", {e.name: e for e in self.kinds})
        object.__setattr__(self, "_needs", {e.name: e for e in self.needs})
        object.__setattr__(self, "_order", {e.name: i for i, e in enumerate(self.kinds)})
        for entry in self.kinds:
            unknown = [k for k in entry.within + entry.all_of if k not in self._kinds]
            if unknown:
                raise ValueError(f"rules/{RULES_FILE}.yaml: kind {entry.name!r} is within unknown {unknown}")
            unknown = [n for n in entry.provides if n not in self._needs]
            if unknown:
                raise ValueError(f"rules/{RULES_FILE}.yaml: kind {entry.name!r} provides unknown needs {unknown}")

    def is_kind(self, name: str) -> bool:
        """Whether ``name`` is a kind of the vocabulary."""
        return name in self._kinds

    def entries(self, category: str) -> tuple[Entry, ...]:
        """The entries of one category, in file order."""
        return getattr(self, category)

    def kind(self, name: str) -> Entry:
        """The kind entry called ``name``."""
        return self._kinds[name]

    def in_file(self, kind: str) -> int:
        """Where the kind stands in the rules file: the tie-break that keeps every ordering of kinds stable."""
        return self._order[kind]

    def provides(self, kind: str) -> set[str]:
        """What a provider's business supplies, its own and that of every class including it (a bank: loans)."""
        return {n for k in self.classes(kind) for n in self._kinds[k].provides}

    @functools.cached_property
    def _ancestry(self) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}

        def walk(name: str) -> tuple[str, ...]:
            if name not in out:
                entry = self._kinds[name]
                found = [name]
                for parent in entry.within + entry.all_of:
                    found.extend(a for a in walk(parent) if a not in found)
                out[name] = tuple(found)
            return out[name]

        for name in self._kinds:
            walk(name)
        return out

    def classes(self, kind: str) -> tuple[str, ...]:
        """The kind and every class that includes it, nearest first."""
        return self._ancestry[kind]

    def depth(self, kind: str) -> int:
        """How far below a root the kind sits (企业 0, 科技型企业 1, … 小巨人 5)."""
        entry = self._kinds[kind]
        parents = entry.within + entry.all_of
        return 1 + max(self.depth(p) for p in parents) if parents else 0

    def side(self, kind: str) -> str:
        """``firm`` for those the measures serve, ``provider`` for those who finance them."""
        entry = self._kinds[kind]
        if entry.side:
            return entry.side
        return self.side((entry.within + entry.all_of)[0])

    @functools.cached_property
    def _umbrellas(self) -> frozenset[str]:
        inside = {parent for e in self.kinds for parent in e.within + e.all_of}
        return frozenset(k for k in inside if self.depth(k) == 0)

    def is_umbrella(self, kind: str) -> bool:
        """Whether ``kind`` is a root other kinds sit inside (金融机构: banks, insurers…), not a kind
        named for itself (天使投资人: no kind sits inside it)."""
        return kind in self._umbrellas

    def roots(self, kind: str) -> set[str]:
        """The top classes a kind belongs to."""
        return {k for k in self.classes(kind) if not (self._kinds[k].within or self._kinds[k].all_of)}

    def family(self, need: str) -> tuple[str, ...]:
        """What meets a need: itself, and for a broad need everything it stands for."""
        entry = self._needs.get(need)
        return (need, *entry.family) if entry else (need,)


def _pattern(value) -> re.Pattern | None:
    return re.compile(alternatives(value)) if value else None


def _patterns(value) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in ([value] if isinstance(value, str) else value or ()))


def _entry(category: str, data: dict) -> Entry:
    # a place is found by its names, not by patterns: its cue never fires
    cue = parse_book(RULES_FILE, {"cues": [{**data, "patterns": data.get("patterns") or ["(?!)"]}]}).cues[0]
    try:
        names = tuple((name, re.compile("|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))))
                      for name, aliases in (data.get("names") or {}).items())
        firms_are = data.get("firms_are") or {}
        return Entry(
            category=category, name=str(data["name"]), en=str(data.get("en", data["name"])), cue=cue,
            patterns=_patterns(data.get("patterns")), weak_patterns=_patterns(data.get("weak_patterns")),
            in_documents=_patterns(data.get("in_documents")), weak_in_documents=_patterns(data.get("weak_in_documents")),
            within=tuple(data.get("within") or ()),
            all_of=tuple(data.get("all_of") or ()), side=str(data.get("side", "")),
            provides=tuple(data.get("provides") or ()), general=bool(data.get("general", False)),
            serves=bool(data.get("serves", False)),
            family=tuple(data.get("family") or ()), firms_are=tuple(firms_are.items()),
            adds=tuple(data.get("adds") or ()), when=tuple(data.get("when") or ()), names=names,
            outside=tuple(data.get("outside") or ()), confines=_pattern(data.get("confines")),
            opens=_pattern(data.get("opens")),
            aliases=tuple((str(name), tuple(str(a) for a in aliases))
                          for name, aliases in (data.get("names") or {}).items()),
        )
    except (KeyError, TypeError, AttributeError, re.error) as exc:
        raise ValueError(f"rules/{RULES_FILE}.yaml: bad {category} entry {data.get('name', '?')!r}: {exc}") from exc


def parse_vocabulary(data: dict) -> Vocabulary:
    """A vocabulary from the parsed YAML of an eligibility rules file."""
    categories = {c: tuple(_entry(c, e) for e in data.get(c) or ()) for c in ("kinds", "stages", "has", "needs", "places")}
    try:
        return Vocabulary(
            **categories, documents=dict(data.get("documents") or {}), stages_of=str(data["stages_of"]),
            target_before=_pattern(data["target_before"]), target_after=_pattern(data["target_after"]),
            source_after=_pattern(data["source_after"]), denied_before=_pattern(data["denied_before"]),
            not_offers=_pattern(data["not_offers"]), product_after=_pattern(data.get("product_after") or [r"(?!)"]),
            place_elsewhere_before=_pattern(data["place_elsewhere_before"]),
            place_elsewhere_after=_pattern(data["place_elsewhere_after"]),
            place_arriving_after=_pattern(data["place_arriving_after"]),
            place_arriving_before=_pattern(data["place_arriving_before"]),
            provider_arriving_before=_pattern(data["provider_arriving_before"]),
            terms=tuple(re.compile(p) for p in data["terms"]),
        )
    except (KeyError, re.error) as exc:
        raise ValueError(f"rules/{RULES_FILE}.yaml: {exc}") from exc


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary of ``assistant/rules/eligibility.yaml`` (read once, on first use)."""
    import yaml

    text = resources.files(RULES_PACKAGE).joinpath(f"{RULES_FILE}.yaml").read_text(encoding="utf-8")
    return parse_vocabulary(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {})


# ---- tags read from the measures ----------------------------------------------------------


@dataclass(frozen=True)
class Tag:
    """A name read from a measure and the verbatim span of the unit's text it rests on."""

    name: str
    span: str
    start: int  # offsets into the unit's original text
    end: int
    weak: bool = False  # read from a general word that more specific ones override


@dataclass(frozen=True)
class SentenceTags:
    """What one sentence of a measure names: kinds, stages, instruments and its place limit."""

    start: int
    end: int
    kinds: tuple[Tag, ...]
    stages: tuple[Tag, ...]
    instruments: tuple[Tag, ...]
    place: str | None  # the place it applies in; None: open to all
    clauses: tuple[tuple[int, int], ...]  # the comma-separated pieces, original offsets


@dataclass(frozen=True)
class MeasureTags:
    """Everything matching needs to know of one numbered measure."""

    id: str
    title: str
    text: str  # original script
    sentences: tuple[SentenceTags, ...]
    terms: tuple[Tag, ...]
    contacts: tuple[str, ...]
    contact_rows: tuple[tuple[str, tuple[str, ...]], ...] = ()  # Hubei: (folded row text, its lead units)

    def tags(self) -> Iterator[Tag]:
        """Every tag of the measure (for checking that each rests on its text)."""
        for sentence in self.sentences:
            yield from sentence.kinds + sentence.stages + sentence.instruments
        yield from self.terms


def _outermost(found: list[tuple[int, int, str, bool]]) -> list[tuple[int, int, str, bool]]:
    """Matches not strictly inside a longer one (科技型中小企业 hides its 企业), in text order."""
    kept = [f for f in found if not any(o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0])
                                        for o in found)]
    return sorted(set(kept))


def _document_matches(entries: Iterable[Entry], text: str) -> list[tuple[int, int, str, bool]]:
    found = []
    for entry in entries:
        for patterns, weak in ((entry.in_documents, False), (entry.weak_in_documents, True)):
            for pattern in patterns:
                found.extend((m.start(), m.end(), entry.name, weak) for m in pattern.finditer(text) if m.end() > m.start())
    return _outermost(found)


def kinds_named(text: str) -> frozenset[str]:
    """The kinds of entity a passage names as the documents name them (专精特新企业, 证券公司, 高校院所)."""
    return frozenset(name for _, _, name, weak in _document_matches(vocabulary().kinds, normalize(to_simplified(text)))
                     if not weak)


def _tags(found, base: int, norm, side: Callable[[str], str]) -> tuple[Tag, ...]:
    """Tags from matches in a sentence starting at ``base``; a weak one only where nothing on its side is strong."""
    strong_sides = {side(name) for _, _, name, weak in found if not weak}
    tags = []
    for a, b, name, weak in found:
        if weak and side(name) in strong_sides:
            continue
        start, end = norm.original_span(base + a, base + b)
        tags.append(Tag(name, norm.source[start:end], start, end, weak))
    return tuple(tags)


def _clauses(norm, a: int, b: int) -> tuple[tuple[int, int], ...]:
    spans, start = [], a
    for i in range(a, b + 1):
        if i == b or norm.text[i] == _CLAUSE_END:
            end = i
            while end > start and norm.text[end - 1] in _SENTENCE_PUNCT:
                end -= 1
            if end > start:
                spans.append(norm.original_span(start, end))
            start = i + 1
    return tuple(spans)


def _terms(vocab: Vocabulary, norm, a: int, b: int) -> tuple[Tag, ...]:
    taken: list[tuple[int, int]] = []
    for pattern in vocab.terms:
        for m in pattern.finditer(norm.text, a, b):
            if m.end() > m.start() and not any(s < m.end() and m.start() < e for s, e in taken):
                taken.append((m.start(), m.end()))
    tags = []
    for s, e in sorted(taken):
        start, end = norm.original_span(s, e)
        tags.append(Tag("term", norm.source[start:end], start, end))
    return tuple(tags)


def tag_measure(unit: Unit, vocab: Vocabulary, rows: Iterable[Unit] = ()) -> MeasureTags:
    """The tags of one numbered measure; ``rows`` are the annex rows that restate it (their leads are its contacts)."""
    norm = normalize_with_map(unit.text)
    text = norm.text
    stop = _RESPONSIBILITY.search(text)
    end = stop.start() if stop else len(text)
    begin = (m.end() if (m := _ITEM_NUMBER.match(text)) else 0)
    plan_place = vocab.documents.get(unit.doc)
    sentences = []
    for a, b in sentence_spans(text[begin:end]):
        a, b = a + begin, b + begin
        sentence = text[a:b]
        confined = next((p.name for p in vocab.places if p.confines is not None and p.confines.search(sentence)), None)
        if vocab.not_offers.search(sentence):
            continue
        # a sentence naming a local zone happens only there; the rest of a province's measure on
        # Wuhan's zone (推广…首台(套)…保险) reaches the province
        place = confined or (
            None if any(p.opens is not None and p.opens.search(sentence) for p in vocab.places) else plan_place)
        start, stop_at = norm.original_span(a, b)
        kinds = _document_matches(vocab.kinds, sentence)
        # an instrument's word inside a provider's name offers nothing (股权投资机构, 保险机构); inside a
        # firm's it still does (科技担保 is a guarantee for technology firms)
        instruments = [f for f in _document_matches(vocab.needs, sentence)
                       if not any(k[0] <= f[0] and f[1] <= k[1] for k in kinds
                                  if not k[3] and vocab.side(k[2]) == PROVIDER)]
        sentences.append(SentenceTags(
            start, stop_at,
            kinds=_tags(kinds, a, norm, vocab.side),
            stages=_tags(_document_matches(vocab.stages, sentence), a, norm, lambda _: ""),
            instruments=_tags(instruments, a, norm, lambda _: ""),
            place=place, clauses=_clauses(norm, a, b)))
    rows = tuple(rows)
    contacts = unit.responsible_units if not rows else tuple(dict.fromkeys(u for r in rows for u in r.lead_units))
    return MeasureTags(unit.id, unit.title, unit.text, tuple(sentences), _terms(vocab, norm, begin, end), contacts,
                       tuple((fold(r.text), r.lead_units) for r in rows))


def tag_measures(corpus: Corpus, vocab: Vocabulary) -> tuple[MeasureTags, ...]:
    """The tags of every numbered measure of the corpus, in document order."""
    return tuple(tag_measure(u, vocab, corpus.annex_rows(u.id)) for u in corpus.units if u.kind == "measure")


@functools.lru_cache(maxsize=4)
def measure_tags(corpus: Corpus) -> tuple[MeasureTags, ...]:
    """``tag_measures`` with the shipped vocabulary, computed once per corpus."""
    return tag_measures(corpus, vocabulary())


# ---- reading a profile --------------------------------------------------------------------


@dataclass(frozen=True)
class Understood:
    """What was read from a self-description: kinds (hierarchy applied), stages, needs, place."""

    entity: tuple[str, ...]  # the kinds read, most specific first, then the classes that include them
    stage: tuple[str, ...]
    needs: tuple[str, ...]  # specific needs; a broad one (贷款, 融资) only when nothing more specific is said
    place: str | None
    has: tuple[str, ...] = ()
    broad_needs: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()  # the plans' places the profile is not in
    language: str = "zh"

    @property
    def open(self) -> bool:
        """Whether the profile asks openly (no specific need)."""
        return not self.needs

    def to_contract(self) -> dict:
        """The CONTRACT's ``understood`` object."""
        return {"entity": list(self.entity), "stage": list(self.stage), "needs": list(self.needs), "place": self.place}


def _is_target(vocab: Vocabulary, text: str, start: int, end: int, provider: bool) -> bool:
    """Whether a kind named at ``text[start:end]`` is what the profile deals with rather than what it is."""
    before, after = text[:start], text[end:]
    return bool(vocab.target_before.search(before) or vocab.target_after.search(after)
                or (provider and vocab.source_after.search(after)))


def _denied(vocab: Vocabulary, text: str, start: int) -> bool:
    """Whether what is named at ``text[start:]`` is what the profile is not or lacks ("不是高新技术企业")."""
    return bool(vocab.denied_before.search(text[:start]))


def _profile_matches(entries: Iterable[Entry], text: str, weak: bool = False) -> list[tuple[int, int, str, bool]]:
    found = []
    for entry in entries:
        if entry.cue.unless is not None and entry.cue.unless.search(text):
            continue
        for pattern in entry.weak_patterns if weak else entry.patterns:
            found.extend((m.start(), m.end(), entry.name, weak) for m in pattern.finditer(text) if m.end() > m.start())
    return found


def _asked(found: list[tuple[int, int, str, bool]], text: str) -> set[str]:
    """The needs asked for; one named only by words inside another need's name the profile uses is that
    need's qualifier ("中试阶段 … 中试贷" asks for a loan, not for commercialisation)."""
    words: dict[str, set[str]] = {}
    for a, b, name, _ in found:
        words.setdefault(name, set()).add(text[a:b])
    return {name for name, own in words.items()
            if not all(any(w in other and w != other for n, others in words.items() if n != name for other in others)
                       for w in own)}


HEAD_NOUN_GAP = 4  # "并购贷款", "跨境融资", "资产证券化(ABS)融资": a broad need's word this close after a specific one's
# (or the next English word: "acquisition loan", the specific need's cue ending inside its word)


def _head_nouns(vocab: Vocabulary, found: list[tuple[int, int, str, bool]], text: str, specific: set[str]) -> set[str]:
    """The broad needs (贷款, 融资) the profile names only as the head noun of a specific need's phrase
    ("想用并购贷款" asks for M&A finance, not for loans at large)."""
    ends = [b for _, b, name, _ in found if name in specific]
    spots: dict[str, list[bool]] = {}
    for a, _, name, _ in found:
        if vocab.family(name)[1:]:
            spots.setdefault(name, []).append(any(0 <= a - e and (a - e <= HEAD_NOUN_GAP or re.fullmatch(r"[a-z]*\s", text[e:a]))
                                                   and not re.search(r"[,，。;；、]", text[e:a]) for e in ends))
    return {name for name, attached in spots.items() if all(attached)}


def _shown_kinds(vocab: Vocabulary, classes: list[str]) -> list[str]:
    """The kinds shown of the classes, most specific first: a root only where the profile is it in its own
    right, not merely as the class of a deeper kind (a university that also runs a fund stays a university)."""
    deeper = [k for k in classes if vocab.depth(k) > 0]
    if not deeper:
        return classes
    return deeper + [k for k in classes if vocab.depth(k) == 0 and not any(k in vocab.classes(d) for d in deeper)]


def _closure(vocab: Vocabulary, kinds: Iterable[str], stages: Iterable[str], vetoed: Iterable[str] = ()) -> set[str]:
    """Every class the kinds belong to: ancestors, overlaps (all_of) and what a stage makes a firm
    (a young firm is a small technology firm, unless the profile rules that kind out: ``vetoed``)."""
    classes = {c for k in kinds for c in vocab.classes(k)}
    stage_rules = [(firm, also) for e in vocab.stages if e.name in stages for firm, also in e.firms_are
                   if also not in vetoed]
    while True:
        grown = set(classes)
        grown |= {c for firm, also in stage_rules if firm in grown for c in vocab.classes(also)}
        grown |= {c for e in vocab.kinds if e.all_of and set(e.all_of) <= grown for c in vocab.classes(e.name)}
        if grown == classes:
            return classes
        classes = grown


def _place(vocab: Vocabulary, text: str, provider: bool = False) -> tuple[str | None, tuple[str, ...]]:
    """Where the profile is, and the plans' places it lies outside of.

    The first place it names, told more closely by a later one inside it (湖北 … 襄阳); a place it
    goes to or is not in does not count. One from outside both plans' places that is setting up
    inside them ("香港的投资人，打算在武汉设基金") will be there; a ``provider`` (an investor) also
    where it goes to invest ("想去武汉光谷睇下啲早期项目").
    """
    def goes_to_invest(start: int) -> bool:
        return provider and bool(vocab.provider_arriving_before.search(text[:start]))

    found = sorted(((m.start(), i, entry, name, m.end()) for i, entry in enumerate(vocab.places)
                    for name, pattern in entry.names for m in pattern.finditer(text)
                    if goes_to_invest(m.start()) or not (vocab.place_elsewhere_before.search(text[:m.start()])
                                                         or vocab.place_elsewhere_after.search(text[m.end():]))),
                   key=lambda f: (f[0], f[1]))
    if not found:
        return None, ()
    _, _, entry, name, _ = found[0]
    inner = next(((e, n) for _, _, e, n, _ in found[1:] if entry.name in e.within), None)
    if inner:
        entry, name = inner
    plans = set(vocab.documents.values())
    if plans <= set(entry.outside):
        arriving = next(((e, n) for start, _, e, n, end in found if not plans <= set(e.outside) and
                         (vocab.place_arriving_after.search(text[end:])
                          or vocab.place_arriving_before.search(text[:start]) or goes_to_invest(start))), None)
        if arriving:
            entry, name = arriving
    return name, entry.outside


def read_profile(profile: str, vocab: Vocabulary) -> Understood:
    """Kinds, stages, needs and place read from a self-description in any of the chat's languages."""
    text = reading(profile)
    found = _outermost(_profile_matches(vocab.kinds, text) + _profile_matches(vocab.kinds, text, weak=True))
    read = [(a, b, k, weak) for a, b, k, weak in found
            if not _is_target(vocab, text, a, b, vocab.side(k) == PROVIDER) and not _denied(vocab, text, a)]
    # 专利 or 研发 make a firm of "we"; a professor or a bank with patents stays what it is
    not_firm = any(vocab.roots(k) != {"企业"} for _, _, k, weak in read if not weak)
    read = [r for r in read if not (r[3] and not_firm)]
    # a kind's words are no need: 保险公司 does not ask for 保险, nor "对担保机构的要求" a guarantee when
    # the profile is a 担保机构 itself
    own = {k for _, _, k, weak in read if not weak}
    masked = list(text)
    for a, b, k, weak in found:
        if not weak and k in own:
            masked[a:b] = "|" * (b - a)
    rest = "".join(masked)

    # a stage describes a firm: an insurer "investing in tech startups" has none
    firm = not read or any(vocab.side(k) == FIRM for _, _, k, _ in read)
    stages = tuple(e.name for e in vocab.stages if firm and e.cue(text))
    has = tuple(dict.fromkeys(k for a, _, k, _ in _profile_matches(vocab.has, rest) if not _denied(vocab, rest, a)))
    need_matches = [m for m in _outermost(_profile_matches(vocab.needs, rest)) if not _denied(vocab, rest, m[0])
                    and not vocab.product_after.search(rest[m[1]:])]
    asked = _asked(need_matches, rest)
    implied = [need for e in vocab.has if e.name in has and asked & set(e.when) for need in e.adds]
    specific = [e.name for e in vocab.needs if (e.name in asked and not e.family) or e.name in implied]
    heads = _head_nouns(vocab, need_matches, rest, set(specific))
    broad = tuple(e.name for e in vocab.needs if e.name in asked and e.family and e.name not in heads)
    # a broad need is shown unless a specific one it stands for is (贷款 → 信用贷款, 知识产权质押)
    shown = tuple(specific) + tuple(b for b in broad if not set(specific) & set(vocab.family(b)))

    read_kinds = list(dict.fromkeys(k for _, _, k, _ in read))
    vetoed = [e.name for e in vocab.kinds if e.cue.unless is not None and e.cue.unless.search(text)]
    classes = sorted(_closure(vocab, read_kinds, stages, vetoed),
                     key=lambda k: (-vocab.depth(k), k not in read_kinds, vocab.in_file(k)))
    entity = _shown_kinds(vocab, classes)

    provider = bool(read_kinds) and all(vocab.side(k) == PROVIDER for k in read_kinds)
    place, outside = _place(vocab, text, provider)
    return Understood(tuple(entity), stages, shown, place, has, broad, outside, "zh" if has_cjk(profile) else "en")


# ---- matching -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureMatch:
    """A measure that applies to a profile: why, the span that makes it apply, its terms and contacts."""

    measure_id: str
    title: str
    why: str
    quote: str
    terms: tuple[str, ...]
    contacts: tuple[str, ...]
    score: float = field(default=0.0, compare=False)

    def to_contract(self) -> dict:
        """One entry of the CONTRACT's ``measures`` list."""
        return {"id": self.measure_id, "title": self.title, "why": self.why, "quote": self.quote,
                "terms": list(self.terms), "contacts": list(self.contacts)}


@dataclass(frozen=True)
class _Fit:
    """How one sentence meets a profile (the best one of a measure is reported)."""

    score: float
    sentence: SentenceTags
    kind: str
    stage: str | None
    instrument: Tag | None
    kind_tags: tuple[Tag, ...]  # where the sentence names the kind (none when it speaks of whom its measure names)
    instrument_tags: tuple[Tag, ...]  # where it offers what is asked


def _sentence_fit(understood: Understood, classes: set[str], sides: tuple[str, ...], sentence: SentenceTags,
                  named: dict[str, tuple[str, ...]], supplies: bool, vocab: Vocabulary) -> _Fit | None:
    """How well one sentence meets the profile, or None when it does not.

    ``named``: whom the measure names on each side, for a sentence that names no one there;
    ``supplies``: whether a provider named only by its root class (金融机构) is the actor here: always for
    a profile that is only such a class, else when the measure offers what its own business supplies.
    """
    if sentence.place is not None and sentence.place in understood.outside:
        return None
    kind, kind_tag, depth, kind_tags = None, None, -1, ()
    for side in sides:
        own = [t for t in sentence.kinds if vocab.side(t.name) == side]
        if own:
            # a bare 企业 in a measure about 科技型企业 speaks of those
            candidates = [(t.name, t) for t in own if not t.weak] or [
                (k, t) for t in own for k in ([n for n in named.get(side, ()) if t.name in vocab.classes(n)]
                                              or [t.name])]
        else:
            candidates = [(k, None) for k in named.get(side, ())]
        for name, tag in candidates:
            if name not in classes or vocab.depth(name) <= depth:
                continue
            if side == PROVIDER and vocab.is_umbrella(name) and not supplies:
                continue  # 金融机构 in a measure about what insurers do not sell is not aimed at an insurer
            kind, kind_tag, depth = name, tag, vocab.depth(name)
            kind_tags = tuple(t for n, t in candidates if n == name and t is not None)
    stage = None
    if FIRM in sides and understood.stage and sentence.stages:
        shared = [t for t in sentence.stages if t.name in understood.stage]
        if not shared and any(not t.weak for t in sentence.stages):
            return None  # a measure for seed-stage projects is not one for a mature firm
        stage = shared[0] if shared else None
        if kind_tag is None and stage is not None and not stage.weak and vocab.stages_of in classes:
            kind, kind_tag, depth = vocab.stages_of, stage, max(depth, vocab.depth(vocab.stages_of))
            kind_tags = (stage,)
    if kind is None:
        return None
    if understood.open:
        if kind_tag is None or kind_tag.weak or vocab.kind(kind).general:
            return None  # asked openly: only what is aimed at the kind in so many words, not by a general word
        need, offered = _NEED_OPEN, sentence.instruments[:1]
    else:
        # a broad need that is an instrument too (股权投资 lists itself in its family) is asked in its own right
        asked = set(understood.needs) | {b for b in understood.broad_needs if b in vocab.family(b)[1:]}
        exact = [t for t in sentence.instruments if t.name in asked]
        family = {n for b in understood.broad_needs for n in vocab.family(b)}
        related = [t for t in sentence.instruments if t.name in family]
        if [t for t in exact if not t.weak]:
            need, offered = _NEED_EXACT, tuple(t for t in exact if not t.weak)
        elif [t for t in related if not t.weak]:
            need, offered = _NEED_FAMILY, tuple(t for t in related if not t.weak)
        elif exact or related:
            need, offered = _NEED_GENERAL, tuple(exact or related)  # only a general word (贷款, 信贷)
        else:
            return None
    score = need * 10 + depth + (1 if kind_tag is not None else 0) + (1 if stage else 0)
    return _Fit(score, sentence, kind, stage.name if stage else None, offered[0] if offered else None,
                kind_tags, tuple(offered))


def _quote(measure: MeasureTags, fit: _Fit) -> str:
    """The fewest clauses of the sentence that name the kind and hold what is offered (verbatim),
    those stating the measure's figures first."""
    clauses = fit.sentence.clauses
    if not clauses:
        return measure.text[fit.sentence.start:fit.sentence.end]

    def clause(tag: Tag) -> int:
        return next((i for i, (a, b) in enumerate(clauses) if a <= tag.start < b), 0)

    windows = []
    for offer in fit.instrument_tags or (None,):
        for named in fit.kind_tags or (None,):
            hit = [clause(t) for t in (offer, named) if t is not None] or [0]
            start, end = clauses[min(hit)][0], clauses[max(hit)][1]
            figures = sum(1 for t in measure.terms if start <= t.start < end)
            windows.append((-figures, max(hit) - min(hit), start, end))
    _, _, start, end = min(windows)
    return measure.text[start:end]


def _why(fit: _Fit, vocab: Vocabulary, language: str) -> str:
    kind, stage = vocab.kind(fit.kind), fit.stage
    instrument = next((e for e in vocab.needs if fit.instrument and e.name == fit.instrument.name), None)
    if language == "en":
        whom = f"{kind.en}" + (f" at the {next(e.en for e in vocab.stages if e.name == stage)}" if stage else "")
        return f"{instrument.en} for {whom}" if instrument else f"aimed at {whom}"
    whom = f"{stage}{kind.name}" if stage else kind.name
    return f"面向{whom}的{instrument.name}" if instrument else f"面向{whom}"


def _contacts(measure: MeasureTags, quote: str) -> tuple[str, ...]:
    """The measure's contacts; for Hubei the leads of the annex row restating the quote come first."""
    if not measure.contact_rows:
        return measure.contacts
    key = fold(quote)
    first = [u for text, leads in measure.contact_rows if key in text or text in key for u in leads]
    return tuple(dict.fromkeys(first + list(measure.contacts)))


def _confident(found: list[tuple[float, int, MeasureMatch]]) -> list[MeasureMatch]:
    """The matches, best first, down to the first fall in score of ``_CONFIDENCE_GAP`` or more: below
    it a measure meets the profile only more loosely (a loan family where a guarantee was asked)."""
    ranked = sorted(found, key=lambda f: (-f[0], f[1]))
    kept = ranked[:1]
    for before, this in zip(ranked, ranked[1:]):
        if before[0] - this[0] >= _CONFIDENCE_GAP:
            break
        kept.append(this)
    return [m for _, _, m in kept]


def match_measures(understood: Understood, measures: Iterable[MeasureTags], vocab: Vocabulary) -> list[MeasureMatch]:
    """Every measure that applies to the profile, most relevant first, each once, cut where confidence
    falls; then, for a need none of those meets, its best measure; then, for a firm serving technology
    firms, the measures naming its kind."""
    measures = tuple(measures)  # read twice: for the needs asked, then for the kind that serves
    kinds = [k for k in understood.entity if vocab.is_kind(k)]
    classes = _closure(vocab, kinds, ())  # the entity is closed already (stages applied, vetoes kept)
    sides = tuple(sorted({vocab.side(k) for k in kinds}))
    providers = [k for k in kinds if vocab.side(k) == PROVIDER]
    supplied = {n for k in providers for n in vocab.provides(k)}
    general_provider = bool(providers) and all(vocab.depth(k) == 0 and vocab.side(k) == PROVIDER for k in kinds)
    if general_provider:
        # an institution that says only what it is in general (投资人, 金融机构) may be any of its kinds
        classes |= {e.name for e in vocab.kinds if vocab.side(e.name) == PROVIDER
                    and set(vocab.classes(e.name)) & set(providers)}
    found: list[tuple[float, int, MeasureMatch]] = []
    answers: dict[str, set[str]] = {}  # each measure's id: the needs asked that it meets
    asked = (*understood.needs, *understood.broad_needs) if not understood.open else ()
    for order, measure in enumerate(measures):
        # whom the measure names, for its sentences that name no one on a side (roots say too little)
        named: dict[str, tuple[str, ...]] = {}
        for sentence in measure.sentences:
            for tag in sentence.kinds:
                if not tag.weak and vocab.depth(tag.name) > 0 and tag.name not in named.get(vocab.side(tag.name), ()):
                    named[vocab.side(tag.name)] = (*named.get(vocab.side(tag.name), ()), tag.name)
        supplies = general_provider or any(t.name in supplied and not t.weak
                                           for s in measure.sentences for t in s.instruments)
        fits = [f for s in measure.sentences
                if (f := _sentence_fit(understood, classes, sides, s, named, supplies, vocab))]
        if not fits:
            continue
        best = max(fits, key=lambda f: f.score)
        met = {f.instrument.name for f in fits if f.instrument is not None and f.score >= best.score - 10}
        score = best.score + 0.5 * max(len(met) - 1, 0) + 0.1 * min(len(fits) - 1, 5)
        quote = _quote(measure, best)
        inside = [t.span for t in measure.terms if t.span in quote]
        terms = tuple(dict.fromkeys(inside + [t.span for t in measure.terms]))
        found.append((score, order, MeasureMatch(measure.id, measure.title, _why(best, vocab, understood.language),
                                                 quote, terms, _contacts(measure, quote), score)))
        answers[measure.id] = {n for n in asked for f in fits if f.instrument is not None and f.score >= best.score - 10
                               and (f.instrument.name == n or f.instrument.name in vocab.family(n))}
    kept = _confident(found)
    kept += _each_need_answered(asked, found, answers, kept)
    return kept + _aimed_at_a_service(understood, measures, vocab, kept)


def _aimed_at_a_service(understood: Understood, measures: Iterable[MeasureTags], vocab: Vocabulary,
                        kept: Sequence[MeasureMatch]) -> list[MeasureMatch]:
    """For a firm that serves technology firms (a law or accounting firm, an incubator), whatever its
    words ask: the measures naming its kind in so many words ("引进培育优质法律会计…等科技金融中介服务机构")."""
    if understood.open:
        return []
    served = [k for k in understood.entity if vocab.is_kind(k) and vocab.kind(k).serves]
    if not served:
        return []
    listed = {m.measure_id for m in kept}
    open_ask = replace(understood, entity=tuple(served), needs=(), broad_needs=())
    return [m for m in match_measures(open_ask, measures, vocab) if m.measure_id not in listed]


def _each_need_answered(asked: Sequence[str], found: list[tuple[float, int, MeasureMatch]],
                        answers: dict[str, set[str]], kept: list[MeasureMatch]) -> list[MeasureMatch]:
    """A need the profile names that none of the measures kept meets ("1)股权融资;2)…保险;3)银行贷款":
    the loans fall below the cut under the insurance measures) keeps its best measure, after them."""
    met = {n for m in kept for n in answers[m.measure_id]}
    extra: list[MeasureMatch] = []
    for need in asked:
        if need in met:
            continue
        best = min((f for f in found if need in answers[f[2].measure_id] and f[2] not in kept and f[2] not in extra),
                   key=lambda f: (-f[0], f[1]), default=None)
        if best is not None:
            extra.append(best[2])
            met |= answers[best[2].measure_id]
    return extra


# ---- the library entry point --------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    """The measures that apply to one self-description, what was read from it, and how long it took."""

    profile: str
    understood: Understood
    measures: tuple[MeasureMatch, ...]
    latency_ms: float = 0.0

    @property
    def note(self) -> str:
        """What an empty result means, in the profile's language ("" when something applies)."""
        if self.measures:
            return ""
        english = self.understood.language == "en"
        if not self.understood.entity:
            return ("Could not tell what kind of firm or institution this is (enterprise, bank, insurer, investor, "
                    "university…); no measure can be matched." if english else
                    "未能从描述中读出主体类型(企业、银行、保险机构、投资机构、高校院所等),无法匹配措施。")
        return ("No numbered measure of either plan is aimed at this kind of entity with what it asks for."
                if english else "两份方案中没有面向该主体、提供所需支持的编号措施。")

    @property
    def form(self) -> "MatchForm":
        """The matching form that holds what was understood: matched as it stands, it gives the same measures."""
        return MatchForm.of(self.understood)

    def to_contract(self, profile_id: str | None = None) -> dict:
        """The CONTRACT's match object (a batch line when ``profile_id`` is given)."""
        out: dict = {} if profile_id is None else {"id": profile_id}
        out.update(profile=self.profile, understood=self.understood.to_contract(),
                   measures=[m.to_contract() for m in self.measures])
        if self.note:
            out["note"] = self.note
        out["latency_ms"] = round(self.latency_ms, 1)
        return out


def validate_profile(profile: object, max_chars: int) -> str:
    """The profile without control characters; ``InputRejected`` when empty, not text or too long."""
    cleaned = strip_control(profile).strip() if isinstance(profile, str) else ""
    if not cleaned:
        raise InputRejected("请描述您的企业或机构:类型、阶段、所在地和需求。",
                            english="The profile is empty: describe the firm or institution, its stage, place and needs.")
    if len(cleaned) > max_chars:
        raise InputRejected(f"描述过长({len(cleaned)}字),请控制在{max_chars}字以内。",
                            english=f"The profile is too long ({len(cleaned)} characters; the limit is {max_chars}).")
    return cleaned


Opinion = Callable[[str, Sequence[str]], tuple[Sequence[str], Sequence[str]]]


def match_profile(profile: str, corpus: Corpus, max_chars: int = 500, opinion: Opinion | None = None) -> MatchResult:
    """The measures of ``corpus`` that apply to a self-description (``InputRejected`` for unusable input).

    ``opinion``, when given, is a learned second opinion (``understand.applies``): given the profile
    and the ids the rules matched, which of those to keep and which measures to add.
    """
    started = time.perf_counter()
    text = validate_profile(profile, max_chars)
    vocab = vocabulary()
    understood = read_profile(text, vocab)
    tagged = measure_tags(corpus)
    matched = match_measures(understood, tagged, vocab)
    if opinion is not None:
        kept, added = opinion(text, [m.measure_id for m in matched])
        matched = _second_opinion(matched, kept, added, understood, tagged)
    measures = tuple(matched + named_by_the_profile(text, understood, tagged, vocab, {m.measure_id for m in matched}))
    return MatchResult(text, understood, measures, (time.perf_counter() - started) * 1000)


def _second_opinion(matched: list[MeasureMatch], kept: Sequence[str], added: Sequence[str], understood: Understood,
                    measures: Iterable[MeasureTags]) -> list[MeasureMatch]:
    """The rules' measures the learned model keeps, in their order, then those it adds that the
    profile's place allows, each quoted at its sentence naming most of what was read."""
    by_id, keep = {m.id: m for m in measures}, set(kept)
    out = [m for m in matched if m.measure_id in keep]
    for measure_id in added:
        measure = by_id.get(measure_id)
        learned = _learned_match(measure, understood) if measure is not None else None
        if learned is not None:
            out.append(learned)
    return out


# why a measure the learned second opinion added is listed
LEARNED_WHY = "与此描述相近的已标注企业画像多适用此项(学得的第二意见)"
LEARNED_WHY_EN = "profiles like this one were labelled with it (the learned second opinion)"


def _learned_match(measure: MeasureTags, understood: Understood) -> MeasureMatch | None:
    """A measure the learned model adds: its sentence (open to the profile's place) that names most
    of the kinds, stages and needs read, the earliest naming anyone when none does; None when the
    place rules every sentence out."""
    read = {*understood.entity, *understood.stage, *understood.needs, *understood.broad_needs}
    open_to = [s for s in measure.sentences if s.place is None or s.place not in understood.outside]
    if not open_to:
        return None
    best = max(open_to, key=lambda s: (sum(t.name in read for t in (*s.kinds, *s.stages, *s.instruments)),
                                       bool(s.kinds), -s.start))
    quote = measure.text[best.start:best.end]
    inside = [t.span for t in measure.terms if t.span in quote]
    terms = tuple(dict.fromkeys(inside + [t.span for t in measure.terms]))
    english = understood.language == "en"
    why = LEARNED_WHY_EN if english else LEARNED_WHY
    return MeasureMatch(measure.id, measure.title, why, quote, terms, _contacts(measure, quote))


# a name in quotation marks (“校友贷”), or an acronym the plan gives in brackets (合格境外有限合伙人(QFLP))
_QUOTED_NAME = re.compile(r"[“\"]([^”\"]{2,12})[”\"]|[(（]([A-Z]{2,6})[)）]")
NAME_CHARS = 3  # a quoted name the profile must say in full to ask for it
NAME_MEASURES = 2  # …and one that at most this many measures use


def named_by_the_profile(text: str, understood: Understood, measures: Iterable[MeasureTags], vocab: Vocabulary,
                         listed: set[str]) -> list[MeasureMatch]:
    """Measures offering a product or programme the profile asks for by the name the plan gives it
    in quotation marks ("听说有校友贷、校友投": the measure exploring “校友贷”“校友投”), whoever the
    measure names; not a kind of firm in quotation marks (“专精特新”), nor one limited to a place the
    profile is not in, nor for a firm that says only that it is a firm. After the measures matched,
    each once."""
    kinds = [k for k in understood.entity if vocab.is_kind(k)]
    if kinds and all(vocab.depth(k) == 0 and vocab.side(k) != PROVIDER for k in kinds):
        return []  # a firm not shown to be one the plans serve does not qualify by naming a product
    said = fold(text)
    measures = tuple(measures)
    texts = [fold(m.text) for m in measures]

    def distinctive(name: str) -> bool:  # a name, not a word the plans use throughout (“科技创新”专板)
        return sum(fold(name) in t for t in texts) <= NAME_MEASURES

    found = []
    for measure in measures:
        if measure.id in listed:
            continue
        for sentence in measure.sentences:
            quote = measure.text[sentence.start:sentence.end].strip()
            names = [n for pair in _QUOTED_NAME.findall(quote) for n in pair if n
                     if len(fold(n)) >= NAME_CHARS and fold(n) in said and not kinds_named(n) and distinctive(n)]
            if not names or sentence.place in understood.outside:
                continue
            why = f"names the {names[0]} asked about" if understood.language == "en" else f"写明了所问的“{names[0]}”"
            inside = [t.span for t in measure.terms if t.span in quote]
            terms = tuple(dict.fromkeys(inside + [t.span for t in measure.terms]))
            found.append(MeasureMatch(measure.id, measure.title, why, quote, terms, _contacts(measure, quote)))
            break
    return found


# ---- the matching form --------------------------------------------------------------------


@dataclass(frozen=True)
class MatchForm:
    """The matching form's fields as the vocabulary names them: kinds, stages, needs and a place."""

    entity: tuple[str, ...] = ()
    stage: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # specific and broad alike (信用贷款, 贷款)
    place: str | None = None  # a place's canonical name (武汉, 宜昌, 湖北, 北京 …); None: not said

    @classmethod
    def of(cls, understood: Understood) -> "MatchForm":
        """The form holding what was read from a profile, broad needs included (贷款 beside the 信用贷款 it
        stands for), so that matching the form gives what matching the profile gave."""
        needs = understood.needs + tuple(b for b in understood.broad_needs if b not in understood.needs)
        return cls(understood.entity, understood.stage, needs, understood.place)


@dataclass(frozen=True)
class FormChoices:
    """What the matching form offers, in the rules file's order, and the English name of each."""

    kinds: tuple[str, ...]
    stages: tuple[str, ...]
    needs: tuple[str, ...]
    places: tuple[str, ...]  # canonical place names
    english: tuple[tuple[str, str], ...]  # (name, English name) of every kind, stage, possession, need and place

    def label(self, name: str, language: str = "zh") -> str:
        """How a name is shown: itself in Chinese, its English name in English (itself when it has none)."""
        return dict(self.english).get(name, name) if language == "en" else name


def _english_place(name: str, aliases: tuple[str, ...]) -> str:
    latin = [a for a in aliases if a.isascii()]
    return string.capwords(latin[0]) if latin else name


def form_choices(vocab: Vocabulary) -> FormChoices:
    """The form's choices: every kind, stage and need of the vocabulary, and every place by its canonical name."""
    english = [(e.name, e.en) for category in ("kinds", "stages", "has", "needs") for e in vocab.entries(category)]
    english += [(name, _english_place(name, aliases)) for e in vocab.places for name, aliases in e.aliases]
    return FormChoices(kinds=tuple(e.name for e in vocab.kinds), stages=tuple(e.name for e in vocab.stages),
                       needs=tuple(e.name for e in vocab.needs),
                       places=tuple(name for e in vocab.places for name, _ in e.names), english=tuple(english))


def _chosen(values: object, known: Iterable[str], field_zh: str, field_en: str) -> tuple[str, ...]:
    """A form field's names, each once, in the order given; ``InputRejected`` for one the vocabulary lacks."""
    if values is None:
        values = ()
    elif isinstance(values, str):
        values = (values,) if values else ()
    if not isinstance(values, (list, tuple)) or not all(isinstance(v, str) for v in values):
        raise InputRejected(f"表单中的{field_zh}格式不对。", english=f"The form's {field_en} are not a list of names.")
    known = set(known)
    if any(v not in known for v in values):
        raise InputRejected(f"表单中的{field_zh}不在可选项中,请从列表中选择。",
                            english=f"The form's {field_en} are not among the choices: pick them from the list.")
    return tuple(dict.fromkeys(values))


def read_form(form: MatchForm, vocab: Vocabulary, language: str = "zh") -> Understood:
    """What a filled-in form says, as ``read_profile`` reads a description (``InputRejected`` for a name
    the vocabulary lacks).

    The kinds get their hierarchy as a description's do: the classes that include them and the
    overlaps they make (``all_of``), most specific first, a root only alone. A stage does not make
    a firm technological here as it does in a description: the form states the kind, and a form
    filled from a description already holds what its stage made of it. A stage is a firm's only;
    a broad need gives way to a specific one it stands for; the place brings the plans' places it
    lies outside of.
    """
    kinds = _chosen(form.entity, (e.name for e in vocab.kinds), "主体类型", "kinds")
    chosen_stages = _chosen(form.stage, (e.name for e in vocab.stages), "阶段", "stages")
    asked = _chosen(form.needs, (e.name for e in vocab.needs), "需求", "needs")
    places = {name: entry for entry in vocab.places for name, _ in entry.names}
    place = _chosen(form.place, places, "所在地", "places")
    if len(place) > 1:
        raise InputRejected("表单中只能选一个所在地。", english="The form takes one place only.")

    given = {k: i for i, k in enumerate(kinds)}
    classes = sorted(_closure(vocab, kinds, ()), key=lambda k: (-vocab.depth(k), given.get(k, len(given)), vocab.in_file(k)))
    entity = _shown_kinds(vocab, classes)
    firm = not kinds or any(vocab.side(k) == FIRM for k in kinds)
    stages = tuple(e.name for e in vocab.stages if firm and e.name in chosen_stages)
    specific = [e.name for e in vocab.needs if e.name in asked and not e.family]
    broad = tuple(e.name for e in vocab.needs if e.name in asked and e.family)
    shown = tuple(specific) + tuple(b for b in broad if not set(specific) & set(vocab.family(b)))
    outside = places[place[0]].outside if place else ()
    return Understood(tuple(entity), stages, shown, place[0] if place else None, (), broad, outside,
                      "en" if language == "en" else "zh")


def match_form(form: MatchForm, corpus: Corpus, language: str = "zh", description: str = "",
               opinion: Opinion | None = None) -> MatchResult:
    """The measures of ``corpus`` that apply to a filled-in form, ``why`` and the note in ``language``
    (``InputRejected`` for a name the vocabulary lacks). The result's ``profile`` is empty.

    ``description``: the text the form was filled from; while the form still holds what was read
    from it (not edited), the learned ``opinion`` judges by it as it does for the description.
    """
    started = time.perf_counter()
    vocab = vocabulary()
    understood = read_form(form, vocab, language)
    tagged = measure_tags(corpus)
    measures = match_measures(understood, tagged, vocab)
    if opinion is not None and description.strip() and MatchForm.of(read_profile(description, vocab)) == form:
        kept, added = opinion(description, [m.measure_id for m in measures])
        measures = _second_opinion(measures, kept, added, understood, tagged)
    return MatchResult("", understood, tuple(measures), (time.perf_counter() - started) * 1000)


def format_match(result: MatchResult) -> str:
    """A person's reading of a match result: what was understood, then each measure."""
    english = result.understood.language == "en"
    u = result.understood
    none = "—"
    if english:
        lines = [f"Understood: entity {', '.join(u.entity) or none} · stage {', '.join(u.stage) or none} · "
                 f"needs {', '.join(u.needs) or 'open'} · place {u.place or none}"]
        lines.append(f"{len(result.measures)} measure(s) apply:" if result.measures else result.note)
    else:
        lines = [f"读取到:主体 {'、'.join(u.entity) or none} · 阶段 {'、'.join(u.stage) or none} · "
                 f"需求 {'、'.join(u.needs) or '未限定'} · 地点 {u.place or none}"]
        lines.append(f"适用的措施 {len(result.measures)} 项:" if result.measures else result.note)
    for i, m in enumerate(result.measures, start=1):
        lines.append(f"\n{i}. {m.measure_id} {m.title} — {m.why}")
        if m.terms:
            lines.append(f"   {'Terms' if english else '条件/额度'}: {'; '.join(m.terms)}")
        if m.contacts:
            lines.append(f"   {'Contacts' if english else '联系单位'}: {'、'.join(m.contacts)}")
        lines.append(f"   「{m.quote}」")
    return "\n".join(lines)
