"""Who is responsible: a Wuhan task's 责任单位, a Hubei row's lead and partner units, then what is done."""

from __future__ import annotations

import re
from dataclasses import replace

from ...language.text import fold, has_cjk, reading
from ...rules import cue_book
from ...types import Answer, Unit
from ...understand.question import Query, aspects_of
from ...retrieve.rerank import asked_figure
from ..evidence import STRONG_FIGURE, best_sentences, figure_spans, own_text, own_words, rows_for
from ..leads import clause_phrase, figure_lead, units_side_by_side
from ..writing import AnswerKind, Draft, quote_point, responsible_lines

ROW_PHRASE_CHARS = 40  # what a row does, said in its lead before who leads it
_QUOTED = re.compile(r"“[^”]*”|「[^」]*」")


def _each_plans_owner(d: Draft) -> list[Unit]:
    """Asked who is responsible in each of two plans ("武汉方案和湖北方案的统筹推进分别由谁牵头"):
    the best clause of each, in the order chosen; else nothing."""
    if len(d.q.docs) != 2:
        return []
    best: dict[str, Unit] = {}
    for unit in [u for u in d.units if u.id in d.pointed_at] or d.units:
        best.setdefault(unit.doc, unit)
    return sorted(best.values(), key=lambda u: d.q.docs.index(u.doc)) if len(best) == 2 else []


def _responsible(d: Draft) -> Answer | None:
    q, w, cites = d.q, d.w, d.cites
    each = _each_plans_owner(d)
    owners = each or [u for u in d.units if u.id in d.pointed_at] or d.units[:2]
    for unit in owners:
        d.lines.extend(responsible_lines(w, q, unit, cites))
    lead = units_side_by_side(w, q, owners, cites) if each else \
        (_row_lead(d, owners[0]) or _figure_first(d, owners[0]) or _task_lead(d, owners[0]))
    if lead:
        d.lines.insert(0, lead)  # each plan's leads side by side, then each clause's units in full
    if owners[0].kind == "measure" and owners[0].responsible_units:
        # a Wuhan task names its units only in a closing note: the units answer, then the
        # sentences saying what is done (and often who does it: 由武汉股权托管交易中心开展…)
        point = quote_point(w, q, owners[0], cites, 2)
        if point:
            d.lines.append(point)
    return d.done() if d.lines else None


def _row_lead(d: Draft, unit: Unit) -> str | None:
    """"省里有没有建科创债项目库?谁牵头?": what the row does in the question's own words (建立科创债融资
    项目库), then who leads it — the row's line quotes its task, which is evidence, not the answer.
    None when the question asks only who (and of whom: "which provincial bodies back it up?", "证监局是什么
    角色"), or its own words name nothing the row does."""
    if not (_asks_of_the_matter(d.q) or (_asks_what_besides_who(d.q) and not _asks_of_a_unit(d.q))):
        return None
    rows = rows_for(d.q, unit, d.corpus)
    if not rows or not rows[0].lead_units:
        return None
    row, own = rows[0], own_words(d.q)
    units = {fold(u) for u in row.lead_units + row.responsible_units}
    own = replace(own, terms=tuple(g for g in own.terms if fold(g[0]) not in units))
    spans = best_sentences(own, row)[:1]
    phrase = clause_phrase(own, row, spans, d.corpus, budget=ROW_PHRASE_CHARS, prior=d.w.prior) if spans and own.terms else None
    if not phrase:
        return None
    marker = d.cites.mark(row, row.text[slice(*spans[0])].strip())
    return d.w.p["row_lead"].format(label=d.w.label(row), phrase=phrase, leads=d.w.p["sep"].join(row.lead_units),
                                    m=marker)


def _figure_first(d: Draft, unit: Unit) -> str | None:
    """"在库产品目标几个 谁牵头": asked a figure of the clause besides who is responsible, the lead
    states the figure (the units' line follows it); None when no figure is asked or the clause states none."""
    # its own words ask it ("几个", "多少"), not an earlier turn's nor the listed item an ordinal pointed at
    # ("(… 15 years)"), nor a figure that only says which clause is meant ("种子基金可以亏80%那条")
    own = _own_ask(d.q)
    figure = asked_figure(own) if STRONG_FIGURE.search(own) else None
    spans = figure_spans(d.q, unit, figure)[:1] if figure is not None and unit.kind == "measure" else []
    if not spans:
        return None
    return figure_lead(d.w, d.q, unit, spans, figure, d.cites.mark(unit, unit.text[slice(*spans[0])].strip()))


def _own_ask(q: Query) -> str:
    """What the question asks in its own words: not an earlier turn's, nor the listed item an ordinal
    pointed at, nor words inside a clause it quotes."""
    return _QUOTED.sub("", own_text(replace(q, text=q.asked)))


_ASKS_WHAT = re.compile(r"什么|哪|多少|几[个家项款种年]|啥|如何|怎么|\b(what|which|how)\b")


def _task_lead(d: Draft, unit: Unit) -> str | None:
    """"这条提到的活动品牌有哪些 这些活动归谁负责": asked what a Wuhan task says besides who is responsible
    for it, the lead says it (擦亮“科创点金汇”“金融早咖啡”等活动品牌), the units' line follows; None when
    every piece of the question asks only who."""
    if unit.kind != "measure" or not unit.responsible_units or not _asks_what_besides_who(d.q):
        return None
    spans = best_sentences(d.q, unit, 2)
    figure = asked_figure(_own_ask(d.q))  # "期限有什么规定": the term's figure
    phrase = clause_phrase(d.q, unit, spans, d.corpus, figure=figure, budget=ROW_PHRASE_CHARS, prior=d.w.prior) \
        if spans else None
    if not phrase:
        return None
    return d.w.p["task_lead"].format(label=d.w.label(unit), phrase=phrase, units=d.w.p["sep"].join(unit.responsible_units),
                                     m=d.cites.marker(unit))


def _asks_what_besides_who(q: Query) -> bool:
    """Whether a piece of the question asks what, not who ("这条提到的活动品牌有哪些 这些活动归谁负责",
    "省里范围扩到哪 谁牵头"); Chinese pieces are also set apart by a space, English ones by punctuation."""
    breaks = r"[\s?？;；,，。]+" if has_cjk(q.text) else r"[?？;；.!]+"
    pieces = [reading(p) for p in re.split(breaks, q.text) if p.strip()]
    return any(_ASKS_WHAT.search(p) and not cue_book("intents")["responsible_units"](p) for p in pieces)


def _asks_of_a_unit(q: Query) -> bool:
    """Whether the question asks whether or how a unit takes part ("宏泰集团有没有份?", "证监局是什么角色")."""
    return bool(q.units_named) or cue_book("asks")["role_check"](reading(q.text))


def _asks_of_the_matter(q: Query) -> bool:
    """Whether the question asks of the row's matter besides who leads it: whether a plan has it
    ("有没有建科创债项目库?谁牵头?") or whether one may have it ("Can angel investors get tax breaks,
    and who leads that item?") — not whether a unit takes part ("宏泰集团有没有份?", "公安有没有参与?")."""
    said = reading(q.text)
    if _asks_of_a_unit(q):
        return False
    return cue_book("asks")["asks_if_there"](said) or bool({"eligibility", "product_terms"} & set(aspects_of(said)))


def applies(q: Query) -> bool:
    return q.intent == "responsible_units"


def compose(d: Draft) -> Answer | None:
    return _responsible(d)


KIND = AnswerKind("responsible_units", applies, compose)
