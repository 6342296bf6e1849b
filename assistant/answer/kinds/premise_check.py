"""A figure the question asserts, checked against the clause: corrected from the clause, or said
not to be stated; nothing when the clause agrees."""

from __future__ import annotations

import re
from typing import Sequence

from ...language.text import YEAR_SAID, clause_segments, fold, normalize, respectively, sentence_spans
from ...retrieve.rerank import FIGURE_SHAPES, coverage
from ...types import Answer, Unit
from ...understand.question import Query
from ..evidence import WORDED_LIMIT, best_sentences, going_on_about, named_sentences, quote_span
from ..leads import DATE, clause_phrase
from ..writing import AnswerKind, Citations, Draft, Writer


_KIND_OF_CLAIM: tuple[tuple[str, str], ...] = (
    ("^" + YEAR_SAID, DATE),
    (r"%|percent|:", FIGURE_SHAPES[0]),
    (r"万|亿|元|billion|million", FIGURE_SHAPES[1]),
    (r"年|个月|year", FIGURE_SHAPES[2]),
    (r"家|个|款", FIGURE_SHAPES[3]),
)


CORRECTION_CHARS = 60  # a correction states the clause's figures, each with its qualifier


def _figure_kind(claims: Sequence[str]) -> re.Pattern:
    """The pattern of figures comparable with the claimed ones (5000万 ↔ amounts of money, 5年 ↔ terms)."""
    kinds = dict.fromkeys(next((figure for cue, figure in _KIND_OF_CLAIM if re.search(cue, claim)), r"\d")
                          for claim in claims)
    return re.compile("|".join(kinds))


_FIGURE_WORD = re.compile(r"\d")
NAMED_REACH = 1  # a figure states what a name names in the name's clause segment or the one after it


def _stated_of(q: Query, unit: Unit, claim: str) -> bool:
    """Whether the clause states the claimed figure of what the question names: it stands in the
    clause, and where a sentence holding it names the subject, the subject's own segment (or the
    one after it) states no other figure of that kind (…专营机构50家以上,…,培育"金种子""银种子"企业
    500家以上 does not make 专营机构 500家; 并购贷款…,对于控股型并购,…最长可达10年 does make it 10年)."""
    claimed = fold(claim)
    if claimed not in fold(unit.text):
        return False
    # what the claim is of: the names asked about, else (a follow-up's "应该是500家吧") the longer
    # words of what the exchange asked about
    names = q.names or tuple(alt for group in q.terms for alt in group
                             if len(alt) >= 3 and not _FIGURE_WORD.search(alt))
    kind = _figure_kind([claim])
    for a, b in sentence_spans(unit.text):
        segments = [fold(normalize(segment)) for segment in clause_segments(unit.text[a:b])]
        if not any(claimed in segment for segment in segments):
            continue
        # the subject's figures: in its own segment, else the first segment after it stating one
        own: set[str] = set()
        for i, segment in enumerate(segments):
            if any(fold(n) in segment for n in names):
                own.update(_respective(segment, names, kind) or next(filter(None, (
                    [m.group(0) for m in kind.finditer(s)] for s in segments[i:i + NAMED_REACH + 1])), []))
        if own and not any(claimed in figure or figure in claimed for figure in own):
            return False  # the subject's own figure is another one
    return True


def _respective(segment: str, names: Sequence[str], kind: re.Pattern) -> list[str]:
    """The figure a segment states of a name respectively ("种子基金、天使基金分别…80%、60%": 天使基金's
    60%): the one at the named item's place, when the figures after 分别 are as many as the items."""
    said = respectively(segment)
    if said is None:
        return []
    items, rest = said
    figures = [m.group(0) for m in kind.finditer(rest)]
    if len(figures) != len(items):
        return []
    return [figure for item, figure in zip(items, figures) if any(fold(n) in item for n in names)]


def _spans(q: Query, unit: Unit) -> list[tuple[int, int]]:
    """The sentences of the clause on what the question names (its best two when it names nothing)."""
    return named_sentences(q, unit) if q.names else best_sentences(q, unit, 2)


def _with_figures(q: Query, unit: Unit, kind: re.Pattern, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Of the clause's sentences on the subject (``spans``), those stating figures of the claimed kind;
    else the one after the sentence naming it, going on about it ("…“黄鹤凌云”计划。…每年精选100家")."""
    return [s for s in spans if kind.search(normalize(unit.text[s[0]:s[1]]))] or \
        (going_on_about(q, unit, kind) if q.names else [])


def _stated_by_the_other_plan(d: Draft, kind: re.Pattern, asked: tuple[Unit, tuple[int, int]]) -> Answer | None:
    """A figure claimed of one plan that the other plan states ("湖北方案要设100家专营机构吧?": the
    Wuhan plan's 50家以上): the plan named states none, the other's figure corrects it; what the plan
    named does say on the subject (``asked``: its clause and sentence) is quoted after it."""
    q, w = d.q, d.w
    if not (q.docs and q.names):
        return None
    found = []  # (how well the sentence holds the question's words, the clause, its sentences)
    for unit in (u for u in d.corpus.units if u.doc not in q.docs and u.kind in ("measure", "goals")):
        if not all(fold(n) in fold(unit.text) for n in q.names):
            continue  # the other plan's clause names what the claim is of
        spans = _with_figures(q, unit, kind, _spans(q, unit))
        if spans:
            found.append((coverage(q, unit.text[spans[0][0]:spans[0][1]]), unit, spans))
    if not found:
        return None
    _, unit, spans = max(found, key=lambda f: f[0])
    cites = Citations()
    a, b = quote_span(unit, spans)
    marker = cites.mark(unit, unit.text[a:b])
    said = clause_phrase(q, unit, [(a, b)], w.corpus, figure=kind, subject=" ".join(q.names), budget=CORRECTION_CHARS,
                         prior=w.prior)
    if not said:
        return None
    opening = w.p["premise_elsewhere"].format(scope=w.scope(), label=w.label(unit), facts=said, m=marker)
    point = w.p["point"].format(label=w.titled(unit), quote=w.script(unit.text[a:b].strip()), m=marker)
    own, (c, e) = asked
    says = w.p["point"].format(label=w.titled(own), quote=w.script(own.text[c:e].strip()), m=cites.mark(own, own.text[c:e]))
    return w.finish([opening, point, says], cites, False)


def _premise_answer(d: Draft, unit: Unit) -> Answer | None:
    """Check figures the question asserts against the clause; None when they agree."""
    w, q = d.w, d.q
    if all(_stated_of(q, unit, n) for n in q.premise_numbers):
        return None
    spans = _spans(q, unit)
    kind = _figure_kind(q.premise_numbers)
    with_figures = _with_figures(q, unit, kind, spans)
    best = best_sentences(q, unit)
    if best and with_figures and WORDED_LIMIT.search(normalize(unit.text[slice(*best[0])])) and \
            coverage(q, unit.text[slice(*with_figures[0])]) < 0.7 * coverage(q, unit.text[slice(*best[0])]):
        with_figures = best  # the true limit is stated in words (最高不超过…全部增值收益)
    cites = Citations()
    if with_figures:
        a, b = quote_span(unit, with_figures)
        marker = cites.mark(unit, unit.text[a:b])
        point = w.p["point"].format(label=w.titled(unit), quote=w.script(unit.text[a:b].strip()), m=marker)
        # the figures the clause states instead, one for each claimed (最长3年期,最高额度1000万元),
        # with their qualifiers; else what the clause says on it
        said = clause_phrase(q, unit, [(a, b)], w.corpus, figure=kind, subject=" ".join(q.names), budget=CORRECTION_CHARS,
                             prior=w.prior) \
            or clause_phrase(q, unit, [(a, b)], w.corpus, prior=w.prior)
        opening = w.p["premise_corrected_to"].format(facts=said, m=marker) if said else w.p["premise_corrected"]
        return w.finish([opening, point], cites, False)
    if not spans:
        return None
    elsewhere = _stated_by_the_other_plan(d, kind, (unit, spans[0]))
    if elsewhere is not None:
        return elsewhere
    a, b = spans[0]
    marker = cites.mark(unit, unit.text[a:b])
    point = w.p["point"].format(label=w.titled(unit), quote=w.script(unit.text[a:b].strip()), m=marker)
    return w.finish([w.p["premise_unstated"].format(scope=w.scope()), point], cites, True)


def applies(q: Query) -> bool:
    # a target's claimed count or sum is checked as any figure is; a claimed year is the targets' own
    return bool(q.premise_numbers) and q.intent != "responsible_units" and \
        (q.intent != "targets" or not all(re.fullmatch(YEAR_SAID, n.strip()) for n in q.premise_numbers))


def _checked(d: Draft) -> Unit:
    """The clause a claimed figure is checked against: in a conversation, the clause it was on when that
    names what the claim is of and states figures of its kind ("那天使基金整体也是80%吧?" after a turn
    quoting 第5条's 80%、60% losses, not 第1条's 50%以上 share); else the best hit."""
    q = d.q
    if not (q.followup and q.prior_units) or q.item or q.references or q.units_named:
        return d.top  # the question points at what it is about itself (第三个, 第5条, 省科技厅): that was found
    kind = _figure_kind(q.premise_numbers)
    for unit in (d.corpus.unit(u) for u in dict.fromkeys((*q.anchor, *q.prior_units)) if d.corpus.has(u)):
        if (not q.docs or unit.doc in q.docs) and _with_figures(q, unit, kind, _spans(q, unit)):
            return unit
    return d.top


def compose(d: Draft) -> Answer | None:
    return _premise_answer(d, _checked(d))


KIND = AnswerKind("premise_check", applies, compose)
