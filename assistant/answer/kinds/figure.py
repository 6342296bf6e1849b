"""The figure asked for (an amount, a term, a ratio, a count), led by a sentence stating it with
its qualifier, from the clause that states it; a limit in words or a yes/no answers in words."""

from __future__ import annotations

import re

from ...language.text import fold, normalize, reading, sentence_spans
from ...rules import cue_book
from ...retrieve.rerank import FIGURE_SHAPES, asked_figure, coverage, figure_kinds
from ...types import Answer, Unit
from ...understand.question import ASKS_WORDING, Query
from ..evidence import (INDEFINITE, SECOND_LOOK, STRONG_FIGURE, WORDED_LIMIT, asks_another_year, asks_if_figure_set,
                        asks_name, best_sentences, count_not_set, figure_asked_for, figure_spans, gives_a_name,
                        measure_of, names_used_by, own_text)
from ..leads import figure_lead
from ..writing import AnswerKind, Draft, quote_point
from .referral import figure_detail, refer

# A question may ask both for a figure and whether something is allowed; the clause answers
# a permission in words, but "does the plan state the rate?" still wants the figure.
_PERMISSION = re.compile(r"能不能|能否|可不可以|是否(可以|能|允许)|允许|^(can|could|may) ")
_EXISTENCE = re.compile(r"有没有|有无|有冇|是否有|^(is there|are there|does|do) ")

# "期限会不会放长一点", "能无还本续贷吗": a yes/no question, unless it also asks how much
_YES_NO = re.compile(r"会不会|(可以|能)[^,，。?？]{0,12}吗")
EACH_LEADS = 3  # asked for each of several figures, at most this many clauses' leads


def _figure_in_words(q: Query, top: Unit, spans: list, figure: re.Pattern) -> tuple[bool, list]:
    """(whether the best sentence states the limit in words, the figure spans left): a limit in
    words (最高不超过…全部增值收益) in a clearly more relevant sentence outranks a figure elsewhere."""
    # the sentence most about what is asked, a stated figure of the kind weighing nothing here
    best = max(sentence_spans(top.text), key=lambda s: coverage(q, top.text[s[0]:s[1]]), default=None)
    best_text = normalize(top.text[best[0]:best[1]]) if best else ""
    worded_cap = bool(best) and bool(WORDED_LIMIT.search(best_text)) and not INDEFINITE.search(best_text) \
        and not re.search(FIGURE_SHAPES[0] + "|" + FIGURE_SHAPES[1], best_text)
    if spans and worded_cap and not figure.search(best_text) and \
            coverage(q, top.text[spans[0][0]:spans[0][1]]) < 0.7 * coverage(q, top.text[best[0]:best[1]]):
        spans = []
    return worded_cap, spans


def _aspect_in_words(q: Query, top: Unit) -> bool:
    """Whether the clause's best sentence speaks of the very aspect asked ("期限有啥说法?" →
    "适当延长流动资金贷款期限"): it answers in words, though with no figure; not when a number is
    what was asked ("比例是多少?" → 一定比例 states none)."""
    if STRONG_FIGURE.search(own_text(q)):
        return False
    best = best_sentences(q, top)
    said = normalize(top.text[best[0][0]:best[0][1]]) if best else ""
    asked = [m.group(0) for cue, _ in figure_kinds() for m in [re.search(cue, q.normalized)] if m]
    return any(len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word) and word in said for word in asked)


_FIGURE_WORDS = re.compile(r"上限|下限|封顶|比例|额度|金额")


def _asks_if_set_unspoken(q: Query, top: Unit) -> bool:
    """Whether the question asks if a figure is set at all and the clause never speaks of the kind
    of figure it names (no 上限 in a clause asked "有没有类似的上限?")."""
    if not asks_if_figure_set(q) or top.kind == "goals":
        return False  # goals not stated in numbers are stated in words (关键指标突破性增长)
    said = normalize(top.text)
    return not any(word in said for word in _FIGURE_WORDS.findall(reading(q.text)))


def _answered_in_words(q: Query, worded_cap: bool, top: Unit) -> bool:
    """Whether a clause stating no figure still answers: a yes/no or a limit in words, a list whose
    length is the count, the clause's own wording, or what another plan says. Asked whether a
    figure is set at all ("有没有类似的上限数字?"), a clause that never speaks of one answers "no";
    one that does answers in words ("差异化设置…投资额度上限")."""
    yes_no = _PERMISSION.search(q.normalized) or ((_EXISTENCE.search(q.normalized) or _YES_NO.search(q.normalized))
                                                   and not STRONG_FIGURE.search(q.normalized)
                                                   and not _asks_if_set_unspoken(q, top))
    # "有没有类似的再贷款安排?有额度吗": the arrangement is there, with its figure or without
    yes_no = yes_no or cue_book("asks")["asks_if_thing_exists"](reading(q.text))
    return bool(yes_no or worded_cap  # "能不能自己定上限?", "封顶多少? 全部增值收益"
                or re.search(r"哪些|哪几|名字|分别是", q.normalized)  # "有哪几种,分别叫什么,一共几个?"
                or ASKS_WORDING.search(q.normalized)  # "期限原文怎么写的?": "适当延长"
                or (q.followup and asked_figure(own_text(q)) is None))  # "省里那份怎么说?" after "最多贷多少?"


def _stated_elsewhere(d: Draft, top: Unit, figure: re.Pattern) -> tuple[Unit, list] | None:
    """The first clause names the product but states no figure of it ("深化…知识价值信用贷款改革"):
    another of the best hits naming it that does (最长3年期、最高额度1000万元), with its spans."""
    q = d.q
    for hit in d.hits[:SECOND_LOOK]:
        unit = hit.unit
        own = names_used_by(q, d.corpus, unit.doc)  # a name its plan never uses is the asker's context
        if unit.id == top.id or (q.docs and unit.doc not in q.docs) or asks_another_year(q, unit) \
                or not all(fold(n) in fold(unit.text) for n in own):
            continue
        spans = figure_spans(q, unit, figure)
        if _figure_in_words(q, unit, spans, figure)[1]:
            return unit, spans
    return None


def _figure(d: Draft) -> Answer | None:
    """The figure asked for, led by a sentence stating it, from the clause that states it."""
    q, w, corpus, top, units = d.q, d.w, d.corpus, d.top, d.units
    figure = figure_asked_for(q)
    spans = figure_spans(q, top, figure)
    measure = measure_of(top, corpus)
    stated = figure_spans(q, measure, figure) if not spans and measure is not None else []
    if stated:
        top, spans = measure, stated  # a row and its measure travel together: the measure states the figure
        units = d.units = [measure, *[u for u in units if u.id != measure.id]]
    if not spans and q.names and not _answered_in_words(q, False, top) and not _aspect_in_words(q, top) \
            and not asks_another_year(q, top):
        stating = _stated_elsewhere(d, top, figure)
        if stating is not None:
            top, spans = stating
            units = d.units = [top, *[u for u in units if u.id != top.id]]
    worded_cap, spans = _figure_in_words(q, top, spans, figure)
    if asks_another_year(q, top) or count_not_set(q, units):
        # "2024年实际有多少?": the clause speaks of other years; "有冇定產品數量?": no clause counts products
        return refer(w, q, "具体数值", [top])
    if not spans:
        return None if _answered_in_words(q, worded_cap, top) or _aspect_in_words(q, top) else \
            refer(w, q, figure_detail(q), [top])
    # "What is the programme called, and how many firms…?": the sentence naming it is quoted beside the figure's
    naming = [s for s in best_sentences(q, top, 1) if s not in spans and gives_a_name(q, top.text[s[0]:s[1]])] \
        if asks_name(q) else []
    point = quote_point(w, q, top, d.cites, spans=sorted([*naming, *spans]))
    lead = figure_lead(w, q, top, spans, figure, d.cites.marker(top)) if point else None
    leads, points = [lead] if lead else [], [point]
    # "这两个哪个期限更长?" after a reply naming two, "三个比例各是多少?": each one's figure leads, side by side
    asks = cue_book("asks")
    each = asks["compare_discussed"](reading(q.text)) or asks["asks_each"](reading(q.text))
    for unit in units[1:]:
        extra = figure_spans(q, unit, figure)
        if extra:
            points.append(w.p["also"] + quote_point(w, q, unit, d.cites, spans=extra))
            more = figure_lead(w, q, unit, extra, figure, d.cites.marker(unit)) if each and 0 < len(leads) < EACH_LEADS else None
            leads += [more] if more else []
    d.lines.extend(leads + points)
    return d.done()


def applies(q: Query) -> bool:
    return figure_asked_for(q) is not None


def compose(d: Draft) -> Answer | None:
    return _figure(d)


KIND = AnswerKind("figure", applies, compose)
