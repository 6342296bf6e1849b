"""The clause itself, whole when short, else its best sentences, led by a target's figure or by
what it says on the question's subject; the last kind, which always answers."""

from __future__ import annotations

import re

from ...types import Answer, Unit
from ...understand.question import Query, aspects_of
from ...language.text import fold, reading, sentence_spans
from ..evidence import (WHICH_YEAR, asked_figure_kind, asks_another_year, asks_only_a_year, best_sentences,
                        body_sentences, body_span, count_not_set, definition_span, figure_spans, lists_only, uses_name)
from ..leads import DATE, definition_lead, figure_lead, phrase_lead
from ..writing import AnswerKind, Draft, quote_point, refusal
from .referral import refer


FULL_QUOTE_CHARS = 300  # the main clause is quoted whole up to this length, else its best sentences


def _describing_first(d: Draft) -> None:
    """Asked what a named thing is, the clause that describes it ("创新“共赢贷”产品,为科技型企业
    提供…") answers before one that only lists it among others ("创业担保贷、共赢贷等金融产品")."""
    if len(d.units) < 2 or len(d.q.names) != 1 or d.q.intent not in ("definition", "product_terms", "general"):
        return
    name = d.q.names[0]
    if not lists_only(name, d.top):
        return
    describing = next((u for u in d.units[1:3] if uses_name([fold(name)], u) and not lists_only(name, u)), None)
    if describing is not None:
        d.units.remove(describing)
        d.units.insert(0, describing)


_OWN_ASK = re.compile(r"什么|什麼|啥|咩|哪|多少|几|幾|谁|誰|有没有|有沒有|有冇|是否|吗|嗎|\b(what|which|who|how|does|is|are)\b")


def _asks_what_it_is(q: Query) -> bool:
    """Whether a question read as asking what a thing is asks it itself ("汉融通是什么?", or a bare
    "那省里的呢?" carrying that ask) — not one asking something of its own that only carries the
    intent ("那省里的方案有没有提到这个平台?要跟什么连起来?")."""
    said = reading(q.asked)
    return "definition" in aspects_of(said) or not _OWN_ASK.search(said)


_DATED = re.compile(DATE)


def _dated(q: Query, unit: Unit) -> list[tuple[int, int]]:
    """Asked which years ("目标年份和说法呢?", "规划期到哪一年?"), the clause's sentences dated by a year
    (到2027年底…; 到2030年…), with its best ones; [] when no year is asked."""
    if not WHICH_YEAR.search(q.normalized):
        return []
    dated = [s for s in body_sentences(unit) if _DATED.search(unit.text[s[0]:s[1]])]
    return sorted({*best_sentences(q, unit, 2), *dated}) if dated else []


def _clause(d: Draft) -> Answer:
    """The clause itself: whole when short, else its best sentences; a target's figure first."""
    _describing_first(d)
    q, w, top, cites = d.q, d.w, d.top, d.cites
    if q.intent == "targets" and asks_only_a_year(q) and all(asks_another_year(q, unit) for unit in d.units):
        # "武汉方案2030年的目标?": its goals are dated 2027, none for 2030; a claim about something
        # dated wrongly ("是说到2035年才初步建成…?") is corrected, not refused
        return refer(w, q, "所问年份的目标", [top])
    if q.intent == "targets" and count_not_set(q, d.units):
        # "省里有没有定科技保险产品数量的目标?": no clause found counts products (三大产业共同体 counts none)
        return refer(w, q, "具体数值", [top])
    body = body_span(top)
    defined = definition_span(q, top) if q.intent == "definition" and _asks_what_it_is(q) else None
    # a clause short enough to read whole is quoted whole: its other sentences often hold
    # the rest of what was asked (who may set one up, the second condition); a name it defines
    # is quoted in the sentence defining it
    dated = _dated(q, top)
    spans = [body] if body[1] - body[0] <= FULL_QUOTE_CHARS else \
        [s for s in sentence_spans(top.text) if defined and s[0] <= defined[0] < s[1]] or dated or None
    first = quote_point(w, q, top, cites, spans=spans, n=2)
    wanted = asked_figure_kind(q) if q.intent == "targets" else None
    if first:
        # "到2027年贷款余额要到多少": the target and its year before the quoted goals; else what
        # the clause says on the question's subject, in its own words
        best = dated or best_sentences(q, top, 2)
        # the figure asked, wherever the clause states it ("叫啥计划 每年多少家": the name's sentence is
        # best, the count is in another)
        stating = sorted({*best, *figure_spans(q, top, wanted)[:1]}) if wanted is not None and not dated else best
        lead = (definition_lead(w, q, top, defined, cites.marker(top)) if defined else None) \
            or (figure_lead(w, q, top, stating, wanted, cites.marker(top)) if wanted is not None else None) \
            or phrase_lead(w, q, top, best, cites.marker(top))
        d.lines.extend([lead] if lead else [])
    if first:
        d.lines.append(first)
        if top.kind == "annex" and top.lead_units:
            # a task-table row exists to say who does it
            d.lines.append(w.p["row_units"].format(leads=w.p["sep"].join(top.lead_units),
                                                   units=w.p["sep"].join(top.responsible_units) or "-",
                                                   m=cites.mark(top, top.text)))
    for unit in d.units[1:]:
        point = quote_point(w, q, unit, cites)
        if point:
            d.lines.append(w.p["also"] + point)
    return d.done() if d.lines else refusal(w, "not_found")


def applies(q: Query) -> bool:
    return True


def compose(d: Draft) -> Answer | None:
    return _clause(d)


KIND = AnswerKind("clause", applies, compose)
