"""The sentence an answer opens with: the figure asked for with its qualifier, what a clause says
on the question's subject, or each plan's figure side by side. Every figure and phrase in a
lead is a span of the cited unit (Simplified for display) or a template word."""

from __future__ import annotations

import re
from typing import Sequence

from ..language.text import fold, normalize, sentence_spans, to_simplified
from ..retrieve.rerank import coverage, term_weights
from ..types import Corpus, Unit
from ..understand.question import Query
from .evidence import WHICH_YEAR, body_span, own_text
from .writing import Writer

# A figure with the words that qualify it, as a lead states it (最高额度1000万元, 最长3年期, 不低于80%).
_QUALIFIED_FIGURE = re.compile(
    r"(?:(?:最高|最长|最多|最低|最少|不超过|不低于|超过|达到|突破|上限为?|可达|单户|单笔|每年)\S{0,4}?)?"
    r"\d+(?:\.\d+)?\s*(?:%|万亿元|亿元|万元|亿|万|元|年期|年|个月|家|个|倍|款|只|项|[∶:]\s*\d+(?:比例)?)(?:以上|以内|左右)?")
_TARGET_YEAR = re.compile(r"(?:到|至)\s*20\d\d\s*年(?:底|末)?")
CLAUSE_BREAK = re.compile(r"[,，;；。:：]")
LEAD_SEGMENT_CHARS = 28  # a clause segment short enough to state a figure with what it is a figure of
LEAD_FACTS = 4


def lead_facts(sentence: str, figure: re.Pattern) -> list[str]:
    """The figures of the asked kind in a (Simplified) sentence, each with what it qualifies: the
    clause segment holding it when short, else the figure and its qualifier."""
    facts: list[str] = []
    for segment in CLAUSE_BREAK.split(sentence):
        for m in _QUALIFIED_FIGURE.finditer(segment):
            if not figure.search(normalize(m.group(0))) or re.fullmatch(r"20\d\d\s*年", m.group(0).strip()):
                continue
            fact = segment.strip() if len(segment.strip()) <= LEAD_SEGMENT_CHARS else m.group(0)
            if fact not in facts and not any(fact in f for f in facts):
                facts.append(fact)
    return facts


def _lead_subject(w: Writer, q: Query, unit: Unit) -> str:
    """What a lead is about: the one name asked about, else the clause's label."""
    return to_simplified(q.names[0]) if len(q.names) == 1 else w.label(unit)


def figure_lead(w: Writer, q: Query, unit: Unit, spans: Sequence[tuple[int, int]], figure: re.Pattern,
                 marker: str) -> str | None:
    """One sentence that states the figure asked for, before the quoted evidence; None when the
    quoted sentences state none of that kind. The facts nearest the question come first, a
    target's year before them; every figure in it is a span of the cited unit."""
    sentences = [to_simplified(unit.text[a:b]) for a, b in spans]
    facts = list(dict.fromkeys(f for sentence in sentences for f in lead_facts(sentence, figure)))
    if not facts:
        return None
    facts = sorted(facts, key=lambda f: -coverage(q, f))[:LEAD_FACTS]
    year = next((m.group(0) for m in map(_TARGET_YEAR.search, sentences) if m), "")
    subject = _lead_subject(w, q, unit)
    return w.p["lead_figure"].format(subject=subject, facts=(year + "," if year else "") + w.p["list_sep"].join(facts),
                                     m=marker)


_YEAR = re.compile(r"20\d\d\s*年")
OWN_WORD_WEIGHT = 3.0
LEAD_PHRASE_CHARS = 60  # a lead stating what a clause says: its one or two segments nearest the question


def clause_phrase(q: Query, unit: Unit, spans: Sequence[tuple[int, int]], corpus: Corpus | None = None) -> str | None:
    """The segments of the clause's best sentence that hold most of the question's words (the
    specific ones weighing most: 反担保 over 企业), in the clause's own words (Simplified); None when
    no segment holds any."""
    if not spans:
        return None
    sentence = to_simplified(unit.text[spans[0][0]:spans[0][1]]).strip()
    segments = [seg.strip() for seg in CLAUSE_BREAK.split(sentence) if len(seg.strip()) >= 4]
    weights = term_weights(q, corpus) if corpus is not None else None
    if weights is not None and not any(weights):
        weights = None
    if weights is not None and q.followup:
        # a follow-up's own words ("它要和哪些平台打通?") weigh more than those carried from before
        own = fold(own_text(q))
        weights = [w * OWN_WORD_WEIGHT if any(fold(alt) in own for alt in g) else w for w, g in zip(weights, q.terms)]
    scored = sorted(((coverage(q, seg, weights), i) for i, seg in enumerate(segments)), reverse=True)
    if not scored or scored[0][0] <= 0:
        return None
    best = scored[0][1]
    chosen = [best]
    if best + 1 < len(segments) and len(segments[best]) + len(segments[best + 1]) <= LEAD_PHRASE_CHARS:
        chosen.append(best + 1)  # "按照…原则,建立健全…": what follows completes the segment
    dated = next((i for i, seg in enumerate(segments) if _YEAR.search(seg)), None)
    if WHICH_YEAR.search(q.normalized) and dated is not None and not any(_YEAR.search(segments[i]) for i in chosen):
        chosen.insert(0, dated)  # "目标最远到哪一年?": the year the sentence is dated by comes first
    return ",".join(segments[i] for i in chosen)[:LEAD_PHRASE_CHARS]


def phrase_lead(w: Writer, q: Query, unit: Unit, spans: Sequence[tuple[int, int]], marker: str) -> str | None:
    """One sentence saying what the clause says on the question's subject, before the quoted
    evidence (a span of the cited unit); None when no segment holds any of the question's words."""
    phrase = clause_phrase(q, unit, spans, w.corpus)
    if phrase is None:
        return None
    subject = _lead_subject(w, q, unit)
    return w.p["lead_phrase"].format(subject=subject, phrase=phrase, m=marker)


def side_by_side(w: Writer, q: Query, shown: Sequence[tuple[Unit, Sequence[tuple[int, int]], str]],
                  figure: re.Pattern | None) -> str | None:
    """A comparison's lead: each plan's figure of the kind asked (or that it states none), else
    what each clause says on the subject, side by side; each part a span of its cited unit."""
    parts, docs = [], set()
    for unit, spans, marker in shown:
        if unit.doc in docs:
            continue  # one part per plan: the lead sets the plans side by side, the points below give the rest
        docs.add(unit.doc)
        if figure is not None:
            facts = list(dict.fromkeys(f for a, b in spans for f in lead_facts(to_simplified(unit.text[a:b]), figure)))
            said = w.p["sep"].join(sorted(facts, key=lambda f: -coverage(q, f))[:2]) or w.p["no_figure"]
        else:
            said = clause_phrase(q, unit, spans, w.corpus) or ""
        if said:
            parts.append(w.p["side"].format(label=w.label(unit), said=said, m=marker))
    return w.p["side_by_side"].format(parts=w.p["list_sep"].join(parts)) if len(parts) >= 2 else None


def definition_lead(w: Writer, q: Query, unit: Unit, span: tuple[int, int], marker: str) -> str:
    """A definition's lead: the name asked about, as the clause writes it (S基金, not s基金), and the
    words the clause defines it by (a span of it)."""
    phrase = to_simplified(unit.text[span[0]:span[1]])
    written = next((m.group(0) for name in q.names for m in [re.search(re.escape(name), phrase, re.IGNORECASE)] if m), None)
    return w.p["lead_phrase"].format(subject=written or _lead_subject(w, q, unit), phrase=phrase, m=marker)


def opening_lead(w: Writer, unit: Unit, marker: str) -> str | None:
    """What a clause asked for by number is about: its title and its opening words, up to
    ``LEAD_PHRASE_CHARS`` and cut at a clause break (a span of it)."""
    a, b = body_span(unit)
    spans = [(s, e) for s, e in sentence_spans(unit.text) if a <= s < b]
    if not spans:
        return None
    sentence = to_simplified(unit.text[spans[0][0]:min(spans[0][1], b)]).strip().rstrip("。;；")
    phrase = ""
    for segment in CLAUSE_BREAK.split(sentence):
        if phrase and len(phrase) + len(segment) + 1 > LEAD_PHRASE_CHARS:
            break
        phrase = f"{phrase},{segment.strip()}" if phrase else segment.strip()
    if not phrase:
        return None
    if unit.kind == "measure" and fold(unit.title) in fold(unit.text):
        return w.p["lead_opening"].format(label=w.label(unit), title=w.script(unit.title), phrase=phrase[:LEAD_PHRASE_CHARS],
                                          m=marker)
    return w.p["lead_phrase"].format(subject=w.label(unit), phrase=phrase[:LEAD_PHRASE_CHARS], m=marker)
