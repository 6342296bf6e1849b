"""The offline answerer: an extractive answer composed from the retrieved units.

It opens with the sentence that answers, quotes clauses verbatim (rendered in the
asker's script, cited in the original), ends every point with a marker [n] matching the
citations, and refuses plainly when the documents do not say, naming the units that own
the topic where it can. Pure: a ``Query``, hits and the corpus in, an ``Answer`` out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Sequence

from ..rules import cue_book
from .phrases import PHRASES
from ..retrieve.rerank import (HAS_FIGURE, FIGURE_KINDS, asked_figure, backed_off, coverage, doc_uses, relevance,
                      subject_in_corpus, term_weights, with_pinned)
from ..retrieve.routes import section_heading
from ..language.text import arabic_amounts, fold, normalize, normalize_with_map, sentence_spans, to_simplified, to_traditional
from ..types import Answer, Citation, Corpus, Hit, Unit
from ..understand.question import ASKS_ANEW, ASKS_WORDING, Query

_KIND_OF_CLAIM: tuple[tuple[str, str], ...] = (
    (r"%|percent", FIGURE_KINDS[0][1]),
    (r"万|亿|元|billion|million", FIGURE_KINDS[1][1]),
    (r"年|个月|year", FIGURE_KINDS[2][1]),
    (r"家|个|款", FIGURE_KINDS[3][1]),
)


def _figure_kind(claim: str) -> re.Pattern:
    """The pattern of figures comparable with a claimed one (5000万 ↔ amounts of money)."""
    return re.compile(next((figure for cue, figure in _KIND_OF_CLAIM if re.search(cue, claim)), r"\d"))


_NOTE = re.compile(r"[(（]\s*责任单位")
_LEAD_SENTENCE = re.compile(r"由[^,，。]+牵头")
# A question may ask both for a figure and whether something is allowed; the clause answers
# a permission in words, but "does the plan state the rate?" still wants the figure.
_PERMISSION = re.compile(r"能不能|能否|可不可以|是否(可以|能|允许)|允许|^(can|could|may) ")
_EXISTENCE = re.compile(r"有没有|有无|有冇|是否有|^(is there|are there|does|do) ")
# "期限会不会放长一点", "能无还本续贷吗": a yes/no question, unless it also asks how much
_YES_NO = re.compile(r"会不会|(可以|能)[^,，。?？]{0,12}吗")
_STRONG_FIGURE = re.compile(r"金额|多少|多大|几成|(?<![这前近那])几年|几倍|(?<![哪这那了])几个|(?<![哪这那了])几家|几多|几耐|百分之几|比例|成数|质押率|放大倍数|how much|how many|"
                            r"what percentage|\bratio\b|\brate\b")
_EACH_ROW = re.compile(r"拆成|分成|分为|各由|每项|每一项|分别由|哪几项|几项|\beach\b|\bsplit\b|\brows\b")
_WORDED_LIMIT = re.compile(r"最高不超过|不超过|不低于|最高可|最长可|全部|上限")
_INDEFINITE = re.compile(r"一定比例|一定额度|一定期限|适当|按规定|相应")
_LISTING = re.compile(r"哪些|哪几|有什么|有啥|什么(样的)?(产品|品种|方式|类型|形式|企业|主体)|哪(种|类)|which kinds|what kinds|what types|\blist\b")
_WHICH_YEAR = re.compile(r"哪一?年|最远|规划期|which year|until when|how far")
_MEMBERS = re.compile(r"哪(几)?(些|种|类)|包括|包含|具体指|指哪|which kinds|what kinds|what types|types of")
_PER_ENTITY = re.compile(r"单户|每户|单笔|一笔|单家|每家|一家企业|每个企业|单个企业|per (firm|company|borrower|loan)")
_PER_ENTITY_TEXT = re.compile(r"单户|单笔|单个|单只|每家|每户")
_PERIOD = re.compile(r"[(（]\s*20\d\d\s*[—–-]+\s*20\d\d\s*年\s*[)）]")
_ASKS_PERIOD = re.compile(r"管到|执行期|实施期|有效期|期限|到哪一?年|时间跨度|几年的|哪几年|\bperiod\b|\buntil\b|\bcovers?\b|run (to|until)")
_TITLE_ONLY = re.compile(r"\s*\d+\s*[.．][^。]{0,40}。\s*")
RELEVANCE_FLOOR = 0.4  # weighted share of the question's subject a unit must hold to be cited
SUBJECT_FLOOR = 0.34  # share of the question's subject words the documents must use at all ...
OWN_SUBJECT_FLOOR = 0.8  # share of a follow-up's own words a clause must hold to outweigh its anchor
SPECIFIC_WEIGHT = math.log(11)  # ... unless one of them is specific: in at most 10% of the units
MAX_UNITS = 3
COMPARE_SECOND = 0.8  # a plan's second clause is set beside the first when at least this relevant
FULL_QUOTE_CHARS = 300  # the main clause is quoted whole up to this length, else its best sentences


@dataclass
class _Citations:
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


def _span_of(unit: Unit, pattern: re.Pattern) -> tuple[int, int] | None:
    """The original-text span of the sentence whose normalised form matches ``pattern``."""
    mapped = normalize_with_map(unit.text)
    m = pattern.search(mapped.text)
    if not m:
        return None
    pos = mapped.origin[m.start()]
    return next(((a, b) for a, b in sentence_spans(unit.text) if a <= pos < b),
                mapped.original_span(m.start(), m.end()))


def _body_span(unit: Unit) -> tuple[int, int]:
    """The unit's text without its ``N.title。`` opening and its ``(责任单位:…)`` note."""
    spans = [(a, b) for a, b in sentence_spans(unit.text) if not _TITLE_ONLY.fullmatch(unit.text[a:b])]
    note = _note_span(unit)
    if note:
        spans = [(a, min(b, note[0])) for a, b in spans if a < note[0]]
    spans = [(a, b) for a, b in spans if unit.text[a:b].strip()]
    return (spans[0][0], spans[-1][1]) if spans else (0, len(unit.text))


def _note_span(unit: Unit) -> tuple[int, int] | None:
    """The original-text span of a ``(责任单位:…)`` note."""
    mapped = normalize_with_map(unit.text)
    m = _NOTE.search(mapped.text)
    if not m:
        return None
    return mapped.original_span(m.start(), len(mapped.text))


def _sentence_score(q: Query, sentence: str) -> float:
    norm = normalize(sentence)
    if not norm or _TITLE_ONLY.fullmatch(sentence):
        return 0.0
    score = coverage(q, sentence) + 0.01
    if q.followup:
        score += coverage(_own_words(q), sentence)  # "那鼓励开发哪些担保产品": its own words first
    if q.names and any(fold(n) in fold(sentence) for n in q.names):
        score += 0.5
    if {"product_terms", "targets"} & set(q.aspects) and HAS_FIGURE.search(norm):
        score *= 1.5
    if "targets" in q.aspects and re.search(r"到\s*20\d\d", norm):
        score *= 1.5
    if any(year in norm for year in re.findall(r"20\d\d", q.normalized)):
        score *= 1.5  # "2030年怎么定位": the sentence about that year
    if _WHICH_YEAR.search(q.normalized) and re.search(r"20\d\d\s*年", norm):
        score *= 2  # "规划期到哪一年": the sentences that date the goals
        if re.search(r"最远|最终|最晚|how far", q.normalized):
            score += max(int(y) for y in re.findall(r"(20\d\d)\s*年", norm)) - 2000  # the furthest year
    if _NOTE.search(norm):
        score *= 0.3  # a 责任单位 note answers only "who"
    if _LISTING.search(q.normalized):
        score *= 1 + 0.1 * min(norm.count("、"), 5)  # "which kinds": the sentence that enumerates
    return score


def best_sentences(q: Query, unit: Unit, n: int = 1) -> list[tuple[int, int]]:
    """Spans of the unit's sentences that best answer the question, best first."""
    scored = sorted(((_sentence_score(q, unit.text[a:b]), (a, b)) for a, b in sentence_spans(unit.text)),
                    key=lambda p: -p[0])
    if not scored or scored[0][0] <= 0:
        return []
    top = scored[0][0]
    return [span for score, span in scored[:n] if score >= 0.7 * top]


def quote_span(unit: Unit, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """One quotable span: the best sentence, joined with the next best only when adjacent."""
    a, b = spans[0]
    for c, d in spans[1:]:
        if not unit.text[min(b, d):max(a, c)].strip() or (c >= b and not unit.text[b:c].strip()):
            a, b = min(a, c), max(b, d)
    return a, b


class _Writer:
    """Renders text in the asker's script and language; labels units."""

    def __init__(self, q: Query, corpus: Corpus) -> None:
        self.q = q
        self.corpus = corpus
        self.p = PHRASES["en" if q.language == "en" else "zh"]

    def script(self, text: str) -> str:
        if self.q.language == "en":
            return text
        return to_simplified(text)

    def label(self, unit: Unit) -> str:
        doc = self.corpus.document(unit.doc)
        name = self.p["doc_names"].get(unit.doc, doc.short_name or doc.title)
        kind_label = self.p["kinds"][unit.kind]
        return kind_label.format(doc=name, n=unit.number)

    def titled(self, unit: Unit) -> str:
        label = self.label(unit)
        if unit.kind in ("measure",):
            return self.p["titled"].format(label=label, title=unit.title)
        return label

    def scope(self) -> str:
        """Which plans a "not stated" applies to: the one the question names, else both."""
        if len(self.q.docs) == 1:
            return self.p["scope_one"].format(doc=self.p["doc_names"].get(self.q.docs[0], self.q.docs[0]))
        return self.p["scope_both"]

    def finish(self, lines: Sequence[str], citations: _Citations, refused: bool) -> Answer:
        text = "\n".join(line for line in lines if line)
        if self.q.language == "zh" and self.q.traditional:
            text = to_traditional(text)
        return Answer(text, tuple(citations.items), refused)


def _rows_for(q: Query, unit: Unit, corpus: Corpus) -> list[Unit]:
    """The annex rows that say who does what for a unit: itself, or its best-matching rows."""
    if unit.kind == "annex":
        return [unit]
    rows = list(corpus.annex_rows(unit.id))
    if not rows:
        return []
    if _EACH_ROW.search(q.normalized):
        return rows  # "拆成哪几项,各由谁牵头": every row of the measure
    scored = sorted(((relevance(q, r), r) for r in rows), key=lambda p: -p[0])
    top = scored[0][0]
    if top < 0.5 or len(rows) == 1:
        return rows if len(rows) <= 4 else [r for _, r in scored[:4]]
    return [r for score, r in scored if score >= 0.75 * top][:3]


def _responsible_lines(w: _Writer, q: Query, unit: Unit, cites: _Citations) -> list[str]:
    p = w.p
    if unit.kind == "measure" and unit.responsible_units:
        span = _note_span(unit) or (0, len(unit.text))
        marker = cites.mark(unit, unit.text[slice(*span)])
        return [p["responsible_wuhan"].format(label=w.titled(unit), units=p["sep"].join(unit.responsible_units),
                                              m=marker)]
    if unit.kind == "safeguards" and unit.lead_units:
        span = _span_of(unit, _LEAD_SENTENCE) or (0, len(unit.text))
        marker = cites.mark(unit, unit.text[slice(*span)])
        return [p["lead_only"].format(label=w.label(unit), units=p["sep"].join(unit.lead_units), m=marker)]
    lines = []
    for row in _rows_for(q, unit, w.corpus):
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


def _point(w: _Writer, q: Query, unit: Unit, cites: _Citations, n: int = 1,
           spans: Sequence[tuple[int, int]] | None = None) -> str | None:
    spans = spans or best_sentences(q, unit, n)
    if not spans:
        return None
    a, b = quote_span(unit, spans)
    quote = unit.text[a:b]
    marker = cites.mark(unit, quote)
    return w.p["point"].format(label=w.titled(unit), quote=w.script(quote.strip()), m=marker)


# A figure with the words that qualify it, as a lead states it (最高额度1000万元, 最长3年期, 不低于80%).
_QUALIFIED_FIGURE = re.compile(
    r"(?:(?:最高|最长|最多|最低|最少|不超过|不低于|超过|达到|突破|上限为?|可达|单户|单笔|每年)\S{0,4}?)?"
    r"\d+(?:\.\d+)?\s*(?:%|万亿元|亿元|万元|亿|万|元|年期|年|个月|家|个|倍|款|只|项)(?:以上|以内|左右)?")
_TARGET_YEAR = re.compile(r"(?:到|至)\s*20\d\d\s*年(?:底|末)?")
_CLAUSE_BREAK = re.compile(r"[,，;；。:：]")
LEAD_SEGMENT_CHARS = 28  # a clause segment short enough to state a figure with what it is a figure of
LEAD_FACTS = 4


def _lead_facts(sentence: str, figure: re.Pattern) -> list[str]:
    """The figures of the asked kind in a (Simplified) sentence, each with what it qualifies: the
    clause segment holding it when short, else the figure and its qualifier."""
    facts: list[str] = []
    for segment in _CLAUSE_BREAK.split(sentence):
        for m in _QUALIFIED_FIGURE.finditer(segment):
            if not figure.search(normalize(m.group(0))) or re.fullmatch(r"20\d\d\s*年", m.group(0).strip()):
                continue
            fact = segment.strip() if len(segment.strip()) <= LEAD_SEGMENT_CHARS else m.group(0)
            if fact not in facts and not any(fact in f for f in facts):
                facts.append(fact)
    return facts


def _lead_subject(w: _Writer, q: Query, unit: Unit) -> str:
    """What a lead is about: the one name asked about, else the clause's label."""
    return to_simplified(q.names[0]) if len(q.names) == 1 else w.label(unit)


def _figure_lead(w: _Writer, q: Query, unit: Unit, spans: Sequence[tuple[int, int]], figure: re.Pattern,
                 marker: str) -> str | None:
    """One sentence that states the figure asked for, before the quoted evidence; None when the
    quoted sentences state none of that kind. The facts nearest the question come first, a
    target's year before them; every figure in it is a span of the cited unit."""
    sentences = [to_simplified(unit.text[a:b]) for a, b in spans]
    facts = list(dict.fromkeys(f for sentence in sentences for f in _lead_facts(sentence, figure)))
    if not facts:
        return None
    facts = sorted(facts, key=lambda f: -coverage(q, f))[:LEAD_FACTS]
    year = next((m.group(0) for m in map(_TARGET_YEAR.search, sentences) if m), "")
    subject = _lead_subject(w, q, unit)
    return w.p["lead_figure"].format(subject=subject, facts=(year + "," if year else "") + w.p["list_sep"].join(facts),
                                     m=marker)


LEAD_PHRASE_CHARS = 60  # a lead stating what a clause says: its one or two segments nearest the question


def _phrase(q: Query, unit: Unit, spans: Sequence[tuple[int, int]]) -> str | None:
    """The segments of the clause's best sentence that hold most of the question's words, in the
    clause's own words (Simplified); None when no segment holds any."""
    if not spans:
        return None
    sentence = to_simplified(unit.text[spans[0][0]:spans[0][1]]).strip()
    segments = [seg.strip() for seg in _CLAUSE_BREAK.split(sentence) if len(seg.strip()) >= 4]
    scored = sorted(((coverage(q, seg), i) for i, seg in enumerate(segments)), reverse=True)
    if not scored or scored[0][0] <= 0:
        return None
    best = scored[0][1]
    chosen = [best]
    if best + 1 < len(segments) and len(segments[best]) + len(segments[best + 1]) <= LEAD_PHRASE_CHARS:
        chosen.append(best + 1)  # "按照…原则,建立健全…": what follows completes the segment
    return ",".join(segments[i] for i in chosen)[:LEAD_PHRASE_CHARS]


def _phrase_lead(w: _Writer, q: Query, unit: Unit, spans: Sequence[tuple[int, int]], marker: str) -> str | None:
    """One sentence saying what the clause says on the question's subject, before the quoted
    evidence (a span of the cited unit); None when no segment holds any of the question's words."""
    phrase = _phrase(q, unit, spans)
    if phrase is None:
        return None
    subject = _lead_subject(w, q, unit)
    return w.p["lead_phrase"].format(subject=subject, phrase=phrase, m=marker)


def _side_by_side(w: _Writer, q: Query, shown: Sequence[tuple[Unit, Sequence[tuple[int, int]], str]],
                  figure: re.Pattern | None) -> str | None:
    """A comparison's lead: each plan's figure of the kind asked (or that it states none), else
    what each clause says on the subject, side by side; each part a span of its cited unit."""
    parts = []
    for unit, spans, marker in shown:
        if figure is not None:
            facts = list(dict.fromkeys(f for a, b in spans for f in _lead_facts(to_simplified(unit.text[a:b]), figure)))
            said = w.p["sep"].join(sorted(facts, key=lambda f: -coverage(q, f))[:2]) or w.p["no_figure"]
        else:
            said = _phrase(q, unit, spans) or ""
        if said:
            parts.append(w.p["side"].format(label=w.label(unit), said=said, m=marker))
    return w.p["side_by_side"].format(parts=w.p["list_sep"].join(parts)) if len(parts) >= 2 else None


def select_units(q: Query, hits: Sequence[Hit], corpus: Corpus) -> list[Unit]:
    """The units an answer should rest on: relevant, from the named document, best first.

    Units are ordered by how much of the question's subject they hold (IDF-weighted), the
    fused rank breaking ties; a question whose subject the documents do not mention gets none.
    """
    weights = term_weights(q, corpus)
    specific = any(w >= SPECIFIC_WEIGHT for w in weights)
    pinned = q.pinned(corpus)
    if (not q.terms or subject_in_corpus(q, weights) < SUBJECT_FLOOR and not specific) and not pinned:
        return []
    exact_ids = set(pinned)
    hits = with_pinned(q, hits, corpus)
    one_doc = q.one_doc
    switched = one_doc is not None and q.followup
    if switched:
        # "省里的方案呢?": only the plan the follow-up names may answer, judged on the words it uses
        hits = [h for h in hits if h.unit.doc == one_doc]
        q = replace(q, terms=tuple(backed_off(group, one_doc, corpus) for group in q.terms))
        weights = [w if doc_uses(group, one_doc, corpus) else 0.0 for w, group in zip(term_weights(q, corpus), q.terms)]
    scored = [(hit, relevance(q, hit.unit, weights, corpus), rank) for rank, hit in enumerate(hits[:10])]
    floor = RELEVANCE_FLOOR * (0.5 if switched else 1.0)
    names = [fold(n) for n in q.names]

    def unnamed(unit: Unit) -> bool:
        return not _uses_name(names, unit)

    def floor_of(unit: Unit) -> float:
        # a clause using the name asked about is about it, however much context the asker adds
        # ("我们是做工业软件的初创公司,知识价值信用贷款面向什么企业?")
        return floor / 2 if names and not unnamed(unit) else floor

    relevant = [(hit, rel, rank) for hit, rel, rank in scored if hit.unit.id in exact_ids or rel >= floor_of(hit.unit)]
    if not relevant:
        return []
    if one_doc:
        relevant = [p for p in relevant if p[0].unit.doc == one_doc] or relevant

    _rank_candidates(q, relevant, exact_ids, unnamed, names)
    return _choose(relevant, exact_ids, floor_of, names)


def _rank_candidates(q: Query, relevant: list, exact_ids: set, unnamed: Callable[[Unit], bool],
                     names: Sequence[str]) -> None:
    """Order (hit, relevance, rank) candidates: pointed at, naming what was asked, most relevant;
    among comparably relevant ones, the one stating the figure asked for or listing the members."""
    relevant.sort(key=lambda p: (p[0].unit.id not in exact_ids, unnamed(p[0].unit), -round(p[1], 1), p[2]))
    figure = _figure_asked_for(q)
    best_rel = max(rel for _, rel, _ in relevant)
    if figure is not None:
        # among comparably relevant units naming what was asked about, one that states the
        # kind of figure asked for answers "how much" better than one without
        relevant.sort(key=lambda p: (p[0].unit.id not in exact_ids, unnamed(p[0].unit), p[1] < 0.85 * best_rel,
                                     not _figure_spans(q, p[0].unit, figure)))
    elif _LISTING.search(q.normalized):
        # "which kinds": among comparably relevant units, the one listing the members of the
        # name asked about (科技分支行、…、科技金融事业部等科技金融专营机构), then one whose best
        # sentence enumerates
        def enumerates(unit: Unit) -> int:
            if _MEMBERS.search(q.normalized) and any(re.search(r"、[^。；;,，、]{1,16}等" + re.escape(n), fold(unit.text))
                                                    for n in names):
                return 2
            return int(any(unit.text[a:b].count("、") >= 3 for a, b in best_sentences(q, unit)))
        relevant.sort(key=lambda p: (p[0].unit.id not in exact_ids, unnamed(p[0].unit), p[1] < 0.85 * best_rel,
                                     -enumerates(p[0].unit)))


def _choose(relevant: Sequence, exact_ids: set, floor_of: Callable[[Unit], float], names: Sequence[str]) -> list[Unit]:
    """The units to cite from the ordered candidates: those comparably relevant to the best, one
    clause per measure (unless the question points at each), and one using each name asked about."""
    best_rel = max(rel for _, rel, _ in relevant)
    chosen: list[Unit] = []
    for hit, rel, _ in relevant:
        if chosen and hit.unit.id not in exact_ids and rel < max(floor_of(hit.unit), 0.85 * best_rel):
            continue
        family = hit.unit.measure or hit.unit.id
        if any((u.measure or u.id) == family and not (u.id in exact_ids and hit.unit.id in exact_ids) for u in chosen):
            continue  # one clause per measure, unless the question points at each ("第31和32项")
        chosen.append(hit.unit)
        if len(chosen) == MAX_UNITS:
            break
    # every name asked about ("淘宝网"和"广交会"分别指什么) gets the clause that uses it
    for name in names:
        if len(chosen) < MAX_UNITS and chosen and not any(name in fold(u.text) for u in chosen):
            extra = next((hit.unit for hit, _, _ in relevant if name in fold(hit.unit.text)), None)
            if extra is not None and all((u.measure or u.id) != (extra.measure or extra.id) for u in chosen):
                chosen.append(extra)
    return chosen


def _misreferenced(q: Query, pinned: Sequence[Unit], units: Sequence[Unit], corpus: Corpus) -> list[Unit]:
    """The units that hold the question's subject when the clause it names by number does not.

    Only for a numbered reference (not a follow-up's anchor), a subject of the question's own
    that the named clause scarcely holds, and another clause that clearly does.
    """
    if not pinned or not q.references or q.intent in ("reference", "comparison", "responsible_units") or not q.terms:
        return []
    weights = term_weights(q, corpus)
    named = max(relevance(q, u, weights, corpus) for u in pinned)
    others = [u for u in units if u not in pinned and relevance(q, u, weights, corpus) >= max(RELEVANCE_FLOOR, 2 * named)]
    return others if named < RELEVANCE_FLOOR and others else []


def _measure_of(unit: Unit, corpus: Corpus) -> Unit | None:
    """The measure a table row restates (a row and its measure travel together), or None."""
    return corpus.unit(unit.measure) if unit.kind == "annex" and unit.measure and corpus.has(unit.measure) else None


def _uses_name(folded_names: Sequence[str], unit: Unit) -> bool:
    """Whether the unit's text uses one of the (folded) names the question asks about."""
    return any(n in fold(unit.text) for n in folded_names)


def _own_text(q: Query) -> str:
    """The question as asked, normalised, without what a follow-up took from earlier turns."""
    return arabic_amounts(normalize(q.text))


def _asked_figure(q: Query) -> re.Pattern | None:
    """The kind of figure asked for; a follow-up that asks in words of its own ("那鼓励开发哪些
    担保产品?" after "上限提到多少?") asks what it says, not what the earlier turn asked."""
    own = _own_text(q)
    return asked_figure(own if q.followup and ASKS_ANEW.search(own) else q.normalized)


def _figure_asked_for(q: Query) -> re.Pattern | None:
    """The figure a clause must state to answer: asked about a product's terms, or asked
    outright ("通常要等多少个工作日?") whatever the question is otherwise about."""
    if q.intent == "product_terms" or (q.intent in ("general", "definition", "eligibility")
                                       and _STRONG_FIGURE.search(_own_text(q))):
        return _asked_figure(q)
    return None


@lru_cache(maxsize=256)
def _own_words(q: Query) -> Query:
    """The question with only the subject words it says itself (a follow-up's, not its history's);
    memoised, as every sentence of a follow-up's candidate clauses is scored with it."""
    asked = fold(_own_text(q))
    return replace(q, terms=tuple(g for g in q.terms if any(fold(alt) in asked for alt in g)))


def _outweighs_anchor(q: Query, pinned: Sequence[Unit], units: Sequence[Unit], corpus: Corpus) -> list[Unit]:
    """The units that hold a follow-up's own subject when the clause it leans on does not.

    "那承接种子天使退出项目能用多少新增投资?" after an answer citing item 1: the question's
    own words (not the earlier turn's) are all in item 4 and only half in item 1.
    """
    if not q.anchor or q.references or not pinned:
        return []
    own = _own_words(q)
    if len(own.terms) < 3:
        return []
    weights = term_weights(own, corpus)
    anchored = max(relevance(own, u, weights, corpus) for u in pinned)
    return [u for u in units if u not in pinned
            and relevance(own, u, weights, corpus) >= max(OWN_SUBJECT_FLOOR, 1.5 * anchored)]


def _comparison_units(q: Query, hits: Sequence[Hit], corpus: Corpus) -> list[Unit]:
    """The most relevant unit of each document (and a second as relevant), in document order."""
    weights = term_weights(q, corpus)
    names = [fold(n) for n in q.names]
    per_doc: dict[str, list[tuple[tuple[bool, float, int], Unit, float]]] = {}
    for rank, hit in enumerate(hits[:12]):
        rel = relevance(q, hit.unit, weights, corpus)
        if rel < RELEVANCE_FLOOR * 0.8:
            continue
        unnamed = bool(names) and not _uses_name(names, hit.unit)
        # "到2027年各自想实现些什么": a plan's goals, not the notice naming its period
        off_goals = "targets" in q.aspects and hit.unit.kind != "goals"
        per_doc.setdefault(hit.unit.doc, []).append(((unnamed, off_goals, -round(rel, 1), rank), hit.unit, rel))
    chosen: list[Unit] = []
    for d in corpus.documents:
        ranked = sorted(per_doc.get(d.doc_id, []), key=lambda p: p[0])
        if not ranked:
            continue
        top_rel = ranked[0][2]
        picked = [ranked[0][1]]
        for _, unit, rel in ranked[1:]:
            family = unit.measure or unit.id
            if rel >= COMPARE_SECOND * top_rel and all((u.measure or u.id) != family for u in picked):
                picked.append(unit)
                break
        chosen.extend(picked)
    if "responsible_units" in q.aspects:
        return chosen
    # what a plan says is its measure's text; a table row restates a part of it
    return list(dict.fromkeys(_measure_of(u, corpus) or u for u in chosen))


def _refusal(w: _Writer, key: str, **values) -> Answer:
    return w.finish([w.p[key].format(**values)], _Citations(), True)


TOPIC_CHARS = 10  # the question's own words that name what a refusal is about, at most
TOPIC_WORDS = 3


def _unstated_cue(detail: str):
    """The cue of rules/unstated.yaml that caught ``detail``; None for a detail no cue names (具体数值)."""
    return next((c for c in cue_book("unstated") if c.name == detail), None)


def _detail_label(w: _Writer, detail: str) -> str:
    """How a refusal names the detail asked for: the cue's ``say`` (rules/unstated.yaml), else the phrase table."""
    language = "en" if w.q.language == "en" else "zh"
    cue = _unstated_cue(detail)
    if cue is not None and cue.say:
        return cue.say.get(language, detail)
    return w.p["details"].get(detail, detail)


def _asked_topic(q: Query, detail: str) -> str:
    """What the unanswered detail is of, in the question's own words: the government unit asked
    about (its address), the product or programme named, else the question's subject words
    (not those that asked for the detail: 贴息 in 科技企业贷款贴息有吗)."""
    if q.units_named and detail in ("联系方式", "负责人"):
        return q.units_named[0]  # "省委金融办的地址": a detail of the government unit itself
    if q.names:
        return q.names[0]
    cue = _unstated_cue(detail)
    asked = cue.search(q.normalized) if cue is not None else None
    words, topic, kept = [g[0] for g in q.terms if g[0] in q.normalized], "", []
    for word in words:
        if asked is not None and (word in asked.group(0) or asked.group(0) in word):
            continue
        if re.search(r"\d", word) or any(fold(word) in fold(u) or fold(u) in fold(word) for u in q.units_named):
            continue  # a figure or a unit's name would need a clause stating it, and a refusal cites none
        if len(topic + word) > TOPIC_CHARS or len(kept) == TOPIC_WORDS:
            break
        topic += word
        kept.append(word)
    return topic


def _owns_topic(q: Query, unit: Unit, detail: str) -> bool:
    """Whether a clause's units are the ones to ask: it names the product or programme asked about."""
    if detail == "具体数值" or (q.units_named and detail in ("联系方式", "负责人")):
        return True  # a goals section stands for itself; a unit asked about is cited where the plans name it
    return bool(q.names) and _uses_name([fold(n) for n in q.names], unit)


def _referral(w: _Writer, q: Query, detail: str, units: Sequence[Unit]) -> Answer:
    """The documents do not state ``detail`` of what was asked; name who owns that topic (citing
    where it says so) when a clause is about it, and nobody when none is."""
    cites = _Citations()
    topic, label = _asked_topic(q, detail), _detail_label(w, detail)
    lines = [w.p["unstated"].format(scope=w.scope(), topic=w.script(topic), detail=label) if topic
             else w.p["unstated_plain"].format(scope=w.scope(), detail=label)]
    if units and _owns_topic(q, units[0], detail):
        owner_lines = _responsible_lines(w, q, units[0], cites)
        if owner_lines:
            lines.append(w.p["refer_to"])
            lines.extend(owner_lines)
        elif detail == "具体数值":
            # no unit owns a goals section: what it does say ("关键指标突破性增长") instead
            point = _point(w, q, units[0], cites)
            if point:
                lines.extend([w.p["related_text"], point])
    return w.finish(lines, cites, True)


def _figure_spans(q: Query, unit: Unit, figure: re.Pattern) -> list[tuple[int, int]]:
    """Sentences about the question's subject that state the kind of figure asked for.

    When the question names a product or programme, only sentences naming it count: a
    figure stated for another product is not its figure. Asked for one firm's or one loan's
    figure, a sentence stating only sums in 亿 (a programme's quota) does not answer.
    """
    spans = _figure_spans_any(q, unit, figure)
    if _PER_ENTITY.search(q.normalized):
        spans = [(a, b) for a, b in spans if _PER_ENTITY_TEXT.search(unit.text[a:b])
                 or not re.search(r"\d\s*亿", normalize(unit.text[a:b]))]
    return spans


def _figure_spans_any(q: Query, unit: Unit, figure: re.Pattern) -> list[tuple[int, int]]:
    if not q.names:
        spans = [(a, b) for a, b in best_sentences(q, unit, 2) if not _TITLE_ONLY.fullmatch(unit.text[a:b])]
        return [(a, b) for a, b in spans if figure.search(normalize(unit.text[a:b]))]
    named = _named_sentences(q, unit)
    found = [(a, b) for a, b in named if figure.search(normalize(unit.text[a:b]))]
    if named and not found and any(re.search(cue, q.normalized) for cue, _ in FIGURE_KINDS):
        # "实施…“黄鹤凌云”计划。…每年精选100家…": the sentence after the one naming it goes on
        # about it, unless it names something else (“鄂创融”); only for a kind of figure asked by name
        every = sentence_spans(unit.text)
        after = [every[every.index(span) + 1] for span in named if span in every and every.index(span) + 1 < len(every)]
        found = [(a, b) for a, b in after if (a, b) not in named and not re.search(r"[“\"「]", unit.text[a:b])
                 and figure.search(normalize(unit.text[a:b]))][:1]
    return found


def _named_sentences(q: Query, unit: Unit) -> list[tuple[int, int]]:
    """Sentences of the unit that mention a name the question uses (共赢贷 …)."""
    keys = [fold(n) for n in q.names]
    return [(a, b) for a, b in sentence_spans(unit.text) if any(k in fold(unit.text[a:b]) for k in keys)]


def _premise_answer(w: _Writer, q: Query, unit: Unit) -> Answer | None:
    """Check figures the question asserts against the clause; None when they agree."""
    evidence = fold(unit.text)
    if all(fold(n) in evidence for n in q.premise_numbers):
        return None
    spans = _named_sentences(q, unit) if q.names else best_sentences(q, unit, 2)
    kind = _figure_kind(q.premise_numbers[0])
    with_figures = [s for s in spans if kind.search(normalize(unit.text[s[0]:s[1]]))]
    best = best_sentences(q, unit)
    if best and with_figures and _WORDED_LIMIT.search(normalize(unit.text[slice(*best[0])])) and \
            coverage(q, unit.text[slice(*with_figures[0])]) < 0.7 * coverage(q, unit.text[slice(*best[0])]):
        with_figures = best  # the true limit is stated in words (最高不超过…全部增值收益)
    cites = _Citations()
    if with_figures:
        a, b = with_figures[0]
        marker = cites.mark(unit, unit.text[a:b])
        point = w.p["point"].format(label=w.titled(unit), quote=w.script(unit.text[a:b].strip()), m=marker)
        return w.finish([w.p["premise_corrected"], point], cites, False)
    if not spans:
        return None
    a, b = spans[0]
    marker = cites.mark(unit, unit.text[a:b])
    point = w.p["point"].format(label=w.titled(unit), quote=w.script(unit.text[a:b].strip()), m=marker)
    return w.finish([w.p["premise_unstated"].format(scope=w.scope()), point], cites, True)


def _document_info(w: _Writer, q: Query, corpus: Corpus) -> Answer:
    """Who issued each plan and when, quoted from its issuing notice."""
    cites = _Citations()
    lines = []
    docs = q.docs or tuple(d.doc_id for d in corpus.documents)
    for doc_id in docs:
        unit = corpus.unit(f"{doc_id}/preamble")
        info = corpus.document(doc_id)
        body = unit.text.split("\n")
        date_at = next((i for i, line in enumerate(body) if re.fullmatch(r"\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*", line)), None)
        if date_at is None:
            continue
        start = max(i for i, line in enumerate(body[:date_at]) if line.rstrip().endswith(("。", ":", "："))) + 1 \
            if any(line.rstrip().endswith(("。", ":", "：")) for line in body[:date_at]) else 0
        signature = "\n".join(body[start : date_at + 1])
        marker = cites.mark(unit, signature)
        issuers = w.p["sep"].join(w.script(line.strip()) for line in body[start:date_at])
        number = f"({info.number})" if info.number and info.number in unit.text else ""
        count = date_at - start
        key = "issued_jointly" if count > 2 else "issued"
        lines.append(w.p[key].format(label=w.label(unit), issuers=issuers, date=w.script(body[date_at].strip()),
                                     number=number, m=marker, count=_count_word(w, count)))
        titled = re.search(r"《[^》]*" + _PERIOD.pattern + r"[^》]*》", unit.text)
        period = titled.group(0) if titled else next((line.strip() for line in body if _PERIOD.search(line)), None)
        if period and _ASKS_PERIOD.search(q.normalized):
            # "是2023年发的吧,管到2025年?": the period its title gives
            lines.append(w.p["period"].format(label=w.label(unit), quote=w.script(period), m=cites.mark(unit, period)))
    if not lines:
        return _refusal(w, "not_found")
    return w.finish(lines, cites, False)


def _count_word(w: _Writer, n: int) -> str:
    """A small count in the answer's words: 八 in Chinese (a digit would be a figure to ground), 8 in English."""
    if w.q.language == "en":
        return str(n)
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


def _unit_lookup(w: _Writer, q: Query, corpus: Corpus) -> Answer:
    """Every task a named government unit leads or shares, per plan, each cited."""
    cites = _Citations()
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
                        quote = unit.text[slice(*(_note_span(unit) or (0, len(unit.text))))]
                    partners = [u for u in unit.lead_units if u != name] if role == "lookup_leads" else []
                    together = w.p["co_leads"].format(units=w.p["sep"].join(partners)) if partners else ""
                    items.append(w.p["lookup_item"].format(label=w.label(unit), title=w.script(unit.title),
                                                           m=cites.mark(unit, quote)) + together)
                lines.append(w.p[role].format(unit=name, doc=w.p["doc_names"].get(doc.doc_id, doc.title),
                                              items=w.p["list_sep"].join(items)))
    if not lines:
        return _refusal(w, "not_found")
    return w.finish(lines, cites, False)


def _section_listing(w: _Writer, q: Query, corpus: Corpus) -> Answer:
    """The measures under a section heading, each by its title and cited."""
    cites = _Citations()
    units = [corpus.unit(uid) for uid in q.section]
    items = []
    for unit in units:
        spans = sentence_spans(unit.text)
        quote = unit.text[slice(*spans[0])] if spans else unit.text
        items.append(w.p["lookup_item"].format(label=w.label(unit), title=w.script(unit.title), m=cites.mark(unit, quote)))
    opening = w.p["section_open"].format(doc=w.p["doc_names"][units[0].doc], heading=w.script(section_heading(units[0])),
                                         n=_count_word(w, len(units)))
    return w.finish([opening, w.p["list_sep"].join(items)], cites, False)


@dataclass
class Draft:
    """An answer being composed: the question, the clauses chosen for it (best first), and the
    lines and citations written so far. Each answer kind reads it and writes to it."""

    q: Query
    w: _Writer
    corpus: Corpus
    hits: Sequence[Hit]
    units: list[Unit] = field(default_factory=list)
    pointed_at: frozenset = frozenset()
    cites: _Citations = field(default_factory=_Citations)
    lines: list[str] = field(default_factory=list)

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


_SCOPE_REFUSALS = {"instruction": "instruction", "chitchat": "chitchat", "opinion": "opinion",
                   "other_rules": "other_rules", "off_topic": "not_found",
                   "learned": "not_found"}  # "learned": the second opinion is confident the plans do not answer


def _scope_refusal(d: Draft) -> Answer:
    issue = d.q.scope_issue
    if issue == "chitchat":  # small talk gets a short reply and what the assistant can do: no refusal
        return d.w.finish([d.w.p["chitchat"]], _Citations(), False)
    if issue.startswith("other_place:"):
        return _refusal(d.w, "other_place", place=issue.split(":", 1)[1])
    return _refusal(d.w, _SCOPE_REFUSALS[issue])


def _select(d: Draft) -> Answer | None:
    """Choose the clauses; a detail no plan states is referred, nothing found refused; then a
    clause the question points at anchors the rest (or is said not to hold what was asked)."""
    q, corpus = d.q, d.corpus
    compare_plans = q.intent == "comparison" and len({r.split("/")[0] for r in q.references}) != 1
    units = _comparison_units(q, d.hits, corpus) if compare_plans else select_units(q, d.hits, corpus)
    if q.scope_issue.startswith("unstated:"):
        return _referral(d.w, q, q.scope_issue.split(":", 1)[1], units)
    if not units:
        return _refusal(d.w, "not_found")
    d.pointed_at = frozenset(q.pinned(corpus))
    pinned = [u for u in units if u.id in d.pointed_at]
    misreferenced = _misreferenced(q, pinned, units, corpus)
    if misreferenced:
        # "武汉方案第3条规定并购贷款比例最高多少": item 3 says nothing of it, item 11 does
        d.lines.append(d.w.p["elsewhere"].format(label=d.w.p["sep"].join(d.w.label(u) for u in pinned)))
        units = misreferenced
    elif pinned and q.intent != "comparison":
        # a question about a named clause, or a follow-up about the one just cited, unless
        # the follow-up's own words point elsewhere
        units = _outweighs_anchor(q, pinned, units, corpus) or pinned
    d.units = list(units)
    return None


def _premise(d: Draft) -> Answer | None:
    return _premise_answer(d.w, d.q, d.top)


def _responsible(d: Draft) -> Answer | None:
    q, w, cites = d.q, d.w, d.cites
    owners = [u for u in d.units if u.id in d.pointed_at] or d.units[:2]
    for unit in owners:
        d.lines.extend(_responsible_lines(w, q, unit, cites))
    if owners[0].kind == "measure" and owners[0].responsible_units:
        # a Wuhan task names its units only in a closing note: the units answer, then the
        # sentences saying what is done (and often who does it: 由武汉股权托管交易中心开展…)
        point = _point(w, q, owners[0], cites, 2)
        if point:
            d.lines.append(point)
    return d.done() if d.lines else None


def _reference(d: Draft) -> Answer:
    w = d.w
    referenced = [u for u in d.units if u.id in d.q.references] or d.units[:1]
    for unit in referenced[:2]:
        quote = unit.text.strip()
        marker = d.cites.mark(unit, quote)
        d.lines.append(w.p["point"].format(label=w.titled(unit), quote=w.script(quote), m=marker))
        if unit.kind == "annex":
            d.lines.append(w.p["row_units"].format(leads=w.p["sep"].join(unit.lead_units),
                                                   units=w.p["sep"].join(unit.responsible_units) or "-", m=marker))
    return d.done()


def _comparison(d: Draft) -> Answer:
    q, w = d.q, d.w
    if "responsible_units" in q.aspects:
        d.lines.append(w.p["comparison_open"])
        for unit in d.units:
            d.lines.extend("- " + line for line in _responsible_lines(w, q, unit, d.cites))
        return d.done()
    figure = _asked_figure(q)
    points, shown = [], []
    for unit in d.units:
        spans = (_figure_spans(q, unit, figure) if figure else None) or [_body_span(unit)]
        point = _point(w, q, unit, d.cites, spans=spans)
        if point:
            points.append("- " + point)
            shown.append((unit, spans if figure else best_sentences(q, unit, 2) or spans, d.cites.marker(unit)))
    lead = _side_by_side(w, q, shown, figure)
    d.lines.extend([lead] if lead else [])
    d.lines.append(w.p["comparison_open"])
    d.lines.extend(points)
    return d.done()


def _programme_figure(d: Draft) -> Answer | None:
    """A figure for a named programme must stand in a clause naming it; any sentence on the
    subject that states such a figure counts, not only the best two; a row and its measure
    travel together: the measure may state what the row names."""
    q, corpus, top = d.q, d.corpus, d.top
    wanted = _asked_figure(q)
    keys = [fold(n) for n in q.names]
    family = [*d.units, *filter(None, (_measure_of(u, corpus) for u in d.units))]
    about = [u for u in family if _uses_name(keys, u)] if keys else d.units
    if wanted is not None and not any(wanted.search(normalize(u.text[a:b])) and _sentence_score(q, u.text[a:b]) > 0
                                      for u in about for a, b in sentence_spans(u.text)):
        return _referral(d.w, q, "具体数值", [top])  # "科创债规模目标是多少亿?": no clause names a figure
    measure = _measure_of(top, corpus)
    if wanted is not None and keys and measure is not None and not _figure_spans(q, top, wanted):
        spans = _figure_spans(q, measure, wanted)
        if spans:  # "黄鹤凌云计划一年挑多少家?": the row names it, its measure states the figure
            return d.w.finish([_point(d.w, q, measure, d.cites, spans=spans)], d.cites, False)
    return None


def _figure_in_words(q: Query, top: Unit, spans: list, figure: re.Pattern) -> tuple[bool, list]:
    """(whether the best sentence states the limit in words, the figure spans left): a limit in
    words (最高不超过…全部增值收益) in a clearly more relevant sentence outranks a figure elsewhere."""
    best = best_sentences(q, top)
    best_text = normalize(top.text[best[0][0]:best[0][1]]) if best else ""
    worded_cap = bool(best) and bool(_WORDED_LIMIT.search(best_text)) and not _INDEFINITE.search(best_text) \
        and not re.search(FIGURE_KINDS[0][1] + "|" + FIGURE_KINDS[1][1], best_text)
    if spans and worded_cap and not figure.search(best_text) and \
            coverage(q, top.text[spans[0][0]:spans[0][1]]) < 0.7 * coverage(q, top.text[best[0][0]:best[0][1]]):
        spans = []
    return worded_cap, spans


def _answered_in_words(q: Query, worded_cap: bool) -> bool:
    """Whether a clause stating no figure still answers: a yes/no or a limit in words, a list whose
    length is the count, the clause's own wording, or what another plan says."""
    yes_no = _PERMISSION.search(q.normalized) or ((_EXISTENCE.search(q.normalized) or _YES_NO.search(q.normalized))
                                                   and not _STRONG_FIGURE.search(q.normalized))
    return bool(yes_no or worded_cap  # "能不能自己定上限?", "封顶多少? 全部增值收益"
                or re.search(r"哪些|哪几|名字|分别是", q.normalized)  # "有哪几种,分别叫什么,一共几个?"
                or ASKS_WORDING.search(q.normalized)  # "期限原文怎么写的?": "适当延长"
                or (q.followup and asked_figure(_own_text(q)) is None))  # "省里那份怎么说?" after "最多贷多少?"


def _figure(d: Draft) -> Answer | None:
    """The figure asked for, led by a sentence stating it, from the clause that states it."""
    q, w, corpus, top, units = d.q, d.w, d.corpus, d.top, d.units
    figure = _figure_asked_for(q)
    spans = _figure_spans(q, top, figure)
    measure = _measure_of(top, corpus)
    stated = _figure_spans(q, measure, figure) if not spans and measure is not None else []
    if stated:
        top, spans = measure, stated  # a row and its measure travel together: the measure states the figure
        units = d.units = [measure, *[u for u in units if u.id != measure.id]]
    worded_cap, spans = _figure_in_words(q, top, spans, figure)
    if not spans:
        return None if _answered_in_words(q, worded_cap) else _referral(w, q, "具体数值", [top])
    point = _point(w, q, top, d.cites, spans=spans)
    lead = _figure_lead(w, q, top, spans, figure, d.cites.marker(top)) if point else None
    d.lines.extend([lead, point] if lead else [point])
    for unit in units[1:]:
        extra = _figure_spans(q, unit, figure)
        if extra:
            d.lines.append(w.p["also"] + _point(w, q, unit, d.cites, spans=extra))
    return d.done()


def _eligibility_listing(d: Draft) -> Answer:
    points = [(unit, _point(d.w, d.q, unit, d.cites, 2)) for unit in d.units]
    lead = _phrase_lead(d.w, d.q, d.top, best_sentences(d.q, d.top, 2), d.cites.marker(d.top)) if points[0][1] else None
    d.lines.extend([lead, d.w.p["eligibility_open"]] if lead else [d.w.p["eligibility_open"]])
    d.lines.extend(f"{i}. {point}" for i, (_, point) in enumerate(((u, p) for u, p in points if p), start=1))
    return d.done()


def _clause(d: Draft) -> Answer:
    """The clause itself: whole when short, else its best sentences; a target's figure first."""
    q, w, top, cites = d.q, d.w, d.top, d.cites
    body = _body_span(top)
    # a clause short enough to read whole is quoted whole: its other sentences often hold
    # the rest of what was asked (who may set one up, the second condition)
    first = _point(w, q, top, cites, spans=[body] if body[1] - body[0] <= FULL_QUOTE_CHARS else None, n=2)
    wanted = _asked_figure(q) if q.intent == "targets" else None
    if first:
        # "到2027年贷款余额要到多少": the target and its year before the quoted goals; else what
        # the clause says on the question's subject, in its own words
        best = best_sentences(q, top, 2)
        lead = (_figure_lead(w, q, top, best, wanted, cites.marker(top)) if wanted is not None else None) \
            or _phrase_lead(w, q, top, best, cites.marker(top))
        d.lines.extend([lead] if lead else [])
    if first:
        d.lines.append(first)
        if top.kind == "annex" and top.lead_units:
            # a task-table row exists to say who does it
            d.lines.append(w.p["row_units"].format(leads=w.p["sep"].join(top.lead_units),
                                                   units=w.p["sep"].join(top.responsible_units) or "-",
                                                   m=cites.mark(top, top.text)))
    for unit in d.units[1:]:
        point = _point(w, q, unit, cites)
        if point:
            d.lines.append(w.p["also"] + point)
    return d.done() if d.lines else _refusal(w, "not_found")


WHAT_APPLIES_LISTED = 8  # the chat lists this many measures; the rest are counted (match lists all)


def _what_applies(d: Draft) -> Answer | None:
    """"我们是…有哪些政策可以用?": the eligibility matcher's measures as a list, each with the span
    that makes it apply and its terms; None (the other kinds answer) when it reads no kind of
    entity or nothing applies."""
    from .eligibility import match_profile

    result = match_profile(d.q.text, d.corpus, max_chars=len(d.q.text) + 1)
    if not result.understood.entity or not result.measures:
        return None
    w, listed = d.w, result.measures[:WHAT_APPLIES_LISTED]
    d.lines.append(w.p["applies_open"])
    for i, m in enumerate(listed, start=1):
        unit = d.corpus.unit(m.measure_id)
        marker = d.cites.mark(unit, m.quote)
        terms = w.p["applies_terms"].format(terms=w.p["sep"].join(w.script(t) for t in m.terms)) if m.terms else ""
        d.lines.append(f"{i}. " + w.p["point"].format(label=w.titled(unit), quote=w.script(m.quote), m=marker) + terms)
    if len(result.measures) > len(listed):
        d.lines.append(w.p["applies_more"])
    return d.done()


# The answer kinds, in the order they are tried: the first that applies and answers decides.
# "select" chooses the clauses (and refers or refuses when there are none); the kinds after it
# answer from them.
ANSWER_KINDS: tuple[AnswerKind, ...] = (
    AnswerKind("scope_refusal", lambda q: bool(q.scope_issue) and not q.scope_issue.startswith("unstated:"),
               _scope_refusal),
    AnswerKind("what_applies", lambda q: not q.followup and cue_book("asks")["what_applies"](q.normalized),
               _what_applies),
    AnswerKind("unit_lookup", lambda q: q.intent == "unit_lookup" and bool(q.units_named),
               lambda d: _unit_lookup(d.w, d.q, d.corpus)),
    AnswerKind("document_info", lambda q: q.intent == "document_info", lambda d: _document_info(d.w, d.q, d.corpus)),
    AnswerKind("section_listing", lambda q: bool(q.section) and q.intent not in ("responsible_units", "comparison"),
               lambda d: _section_listing(d.w, d.q, d.corpus)),
    AnswerKind("select", lambda q: True, _select),
    AnswerKind("premise_check", lambda q: bool(q.premise_numbers) and q.intent not in ("responsible_units", "targets"),
               _premise),
    AnswerKind("responsible_units", lambda q: q.intent == "responsible_units", _responsible),
    AnswerKind("reference", lambda q: q.intent == "reference", _reference),
    AnswerKind("comparison", lambda q: q.intent == "comparison", lambda d: _comparison(d) if len(d.units) >= 2 else None),
    AnswerKind("programme_figure", lambda q: q.intent == "targets" and bool(_STRONG_FIGURE.search(q.normalized)),
               _programme_figure),
    AnswerKind("figure", lambda q: _figure_asked_for(q) is not None, _figure),
    AnswerKind("eligibility_listing", lambda q: q.intent == "eligibility",
               lambda d: _eligibility_listing(d) if len(d.units) > 1 else None),
    AnswerKind("clause", lambda q: True, _clause),
)


def compose_answer(q: Query, hits: Sequence[Hit], corpus: Corpus) -> Answer:
    """The offline answer to ``q`` from ``hits`` (fused, best first): the first answer kind in
    ``ANSWER_KINDS`` that applies and answers."""
    draft = Draft(q, _Writer(q, corpus), corpus, hits)
    for kind in ANSWER_KINDS:
        if kind.applies(q):
            answer = kind.compose(draft)
            if answer is not None:
                return answer
    raise AssertionError("the clause kind always answers")


ASK_BACK_CANDIDATES = 3


def ask_back(q: Query, units: Sequence[Unit], exact) -> Answer:
    """A question back for a follow-up with nothing to lean on: which thing is meant, with the
    products or programmes the likeliest clauses name (their titles where they name none)."""
    w = _Writer(q, None)
    figure = asked_figure(q.normalized)
    # asked for a figure (那期限呢): where the clauses state one of that kind, and what they name there
    places = [unit.text[a:b] for unit in units for a, b in sentence_spans(unit.text)
              if figure is None or figure.search(normalize(unit.text[a:b]))]
    candidates: list[str] = []
    for text in places:
        # a name stating a figure (单列100亿元再贷款) would put a number in a reply that cites nothing
        names = [n for n in exact.names_in(normalize(text)) if not re.search(r"\d", n)]
        candidates.extend(to_simplified(n) for n in names[:1] if to_simplified(n) not in candidates)
        if len(candidates) >= ASK_BACK_CANDIDATES:
            break
    if not candidates:
        candidates = [to_simplified(u.title) for u in units[:ASK_BACK_CANDIDATES]]
    return w.finish([w.p["ask_back"].format(candidates=w.p["sep"].join(candidates))], _Citations(), False)


_MARKER = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"「([^」]+)」")


def join_answers(answers: Sequence[Answer], corpus: Corpus) -> Answer:
    """The answers to the parts of a compound question as one.

    A unit cited by several parts is cited once, its quote covering what each part quoted; a
    line whose quotes an earlier part already gave is left out; markers are renumbered to
    match. The whole is refused only when every part was.
    """
    cites = _Citations()
    lines: list[str] = []
    for answer in answers:
        said = "\n".join(lines)
        kept = [line for line in answer.text.split("\n")
                if not (_QUOTED.findall(line) and all(fold(q) in fold(said) for q in _QUOTED.findall(line)))]
        used = {int(n) for line in kept for n in _MARKER.findall(line)}
        numbers = {i: cites.mark(corpus.unit(c.unit_id), c.quote)
                   for i, c in enumerate(answer.citations, start=1) if i in used}
        lines.extend(_MARKER.sub(lambda m: numbers.get(int(m.group(1)), m.group(0)), line) for line in kept)
    return Answer("\n".join(lines), tuple(cites.items), all(a.refused for a in answers))
