"""Choosing the clauses an answer rests on: relevant to the question's subject, from the plan
it names, one per measure; for a comparison, the best of each plan. Also the ``select`` step
of the answer-kind table, which refers or refuses when there are none and lets a clause the
question points at anchor the rest."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Sequence

from ..language.text import cjk_bigrams, fold, listed_items, reading, to_simplified
from ..retrieve.rerank import (SPECIFIC_WEIGHT, backed_off, doc_uses, relevance, subject_in_corpus, term_weights,
                               with_pinned)
from ..rules import cue_book
from ..types import Answer, Corpus, Hit, Unit
from ..understand.question import Query, plans_named, points_at_a_clause, points_at_the_clause_first
from .evidence import (asked_figure_kind, asked_of_each, best_sentences, figure_asked_for, figure_spans, lists, measure_of,
                       own_words, uses_name)
from .kinds.referral import absent_topic, not_found, refer
from .writing import AnswerKind, Draft


RELEVANCE_FLOOR = 0.4  # weighted share of the question's subject a unit must hold to be cited
SUBJECT_FLOOR = 0.34  # share of the question's subject words the documents must use at all ...
OWN_SUBJECT_FLOOR = 0.8  # share of a follow-up's own words a clause must hold to outweigh its anchor
MAX_UNITS = 3
COMPARE_SECOND = 0.8  # a plan's second clause is set beside the first when at least this relevant
_MEMBERS = re.compile(r"哪(几)?(些|种|类)|包括|包含|具体指|指哪|which kinds|what kinds|what types|types of")


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
    switched = _switched_to(q, corpus) is not None
    if switched:
        # "省里的方案呢?": only the plan the follow-up names may answer, judged on the words it uses
        hits = [h for h in hits if h.unit.doc == one_doc]
        # "武汉的方案有没有提校友金融" after Hubei's 校友贷: Wuhan never speaks of 校友 — unless asked what
        # it says instead ("没有的话最接近的是哪条"): then its nearest clause answers
        if _plan_lacks_own_subject(q, one_doc, corpus) and not _asks_fallback(q):
            return []
        # its own words, not those naming the documents (行动方案, 工作方案)
        own = {fold(g[0]) for g in own_words(q).terms if not any(fold(g[0]) in fold(d.title) for d in corpus.documents)}
        q = replace(q, terms=tuple(backed_off(group, one_doc, corpus) for group in q.terms))
        weights = [w if doc_uses(group, one_doc, corpus) else 0.0 for w, group in zip(term_weights(q, corpus), q.terms)]
        if any(w >= SPECIFIC_WEIGHT and fold(g[0]) in own for w, g in zip(weights, q.terms)) \
                and not cue_book("asks")["same_thing"](reading(q.text)):
            # "那省里那份在担保这块有什么新提法" after "园区贷是谁跟谁联合推": its own specific words the plan
            # uses decide, the carried ones (联合) only break ties — unless it asks for the same thing there
            # ("有没有类似的培育数字": the carried subject is what it asks about)
            weights = [w if fold(g[0]) in own else w * CARRIED_WEIGHT for w, g in zip(weights, q.terms)]
    scored = [(hit, relevance(q, hit.unit, weights, corpus), rank) for rank, hit in enumerate(hits[:10])]
    floor = RELEVANCE_FLOOR * (0.5 if switched else 1.0)
    names = [fold(n) for n in q.names]

    def unnamed(unit: Unit) -> bool:
        return not uses_name(names, unit)

    def floor_of(unit: Unit) -> float:
        # a clause using the name asked about is about it, however much context the asker adds
        # ("我们是做工业软件的初创公司,知识价值信用贷款面向什么企业?")
        return floor / 2 if names and not unnamed(unit) else floor

    relevant = [(hit, rel, rank) for hit, rel, rank in scored if hit.unit.id in exact_ids or rel >= floor_of(hit.unit)]
    if not relevant:
        return []
    if one_doc:
        # a question naming one plan is answered from that plan or not at all: what the other
        # plan says is no answer to "武汉的方案有没有提校友金融"
        # — unless it claims a product or programme only the other plan has is the named plan's
        # ("楚天凤鸣基金是武汉市级的母基金吧?"): the name outranks the plan the asker put it in
        in_plan = [p for p in relevant if p[0].unit.doc == one_doc]
        if not in_plan and not (names and q.asserts and any(not unnamed(p[0].unit) for p in relevant)):
            return []
        relevant = in_plan or relevant

    _rank_candidates(q, relevant, exact_ids, unnamed, names)
    return _choose(relevant, exact_ids, floor_of, names)


OWN_SUBJECT_IN_PLAN = 0.5  # weighted share of a plan-switching follow-up's own subject the plan must use
CARRIED_WEIGHT = 0.25  # a word carried from earlier turns, beside a plan switch's own words


def _asks_fallback(q: Query) -> bool:
    """Whether the asker wants what the plan says instead, should it not have what is asked."""
    return cue_book("asks")["asks_fallback"](reading(q.text))


def _switched_to(q: Query, corpus: Corpus) -> str | None:
    """The plan a follow-up turns to by naming it ("省里的方案呢?"), not one carried over from the turn before."""
    one_doc = q.one_doc
    return one_doc if one_doc is not None and q.followup and one_doc in plans_named(reading(q.text), corpus) else None


def _plan_lacks_own_subject(q: Query, doc: str, corpus: Corpus) -> bool:
    """Whether the plan a follow-up switches to scarcely uses the subject the follow-up names
    itself (its own words, not those carried over from earlier turns)."""
    # a figure ("是50家吗?") is a claim to check against the plan, not a subject it could lack; nor is
    # a word asking whether it speaks of the thing ("它在省里的方案里也提到了吗": 提到)
    own = own_words(q)
    mentions = set(cue_book("asks").words["mention_words"])
    own = replace(own, terms=tuple(g for g in own.terms if not re.search(r"\d", g[0]) and g[0] not in mentions))
    if not own.terms:
        return _lacks_the_subject_carried(q, doc, corpus)
    weights = term_weights(own, corpus)
    used = sum(w for w, group in zip(weights, own.terms) if doc_uses(group, doc, corpus))
    # asked whether the plan has it at all, its most specific word, which the other plan uses and this
    # one never does ("有没有给农民的信用贷款" after Hubei's 农民个人信用价值贷款: Wuhan never speaks of 农民)
    weight, heaviest = max(zip(weights, own.terms), key=lambda pair: pair[0])
    elsewhere = weight >= SPECIFIC_WEIGHT and cue_book("asks")["asks_if_there"](reading(q.text)) \
        and not _asks_fallback(q) and not doc_uses(heaviest, doc, corpus) \
        and any(doc_uses(heaviest, d.doc_id, corpus) for d in corpus.documents if d.doc_id != doc)
    if elsewhere or used < OWN_SUBJECT_IN_PLAN * sum(weights):
        return True
    if all(doc_uses(group, doc, corpus) for w, group in zip(weights, own.terms) if w):
        return False
    # with a word of the subject missing from the plan, the rest must come together in one clause:
    # "carbon accounts, green loans" is not in a plan whose 绿色 is a 绿色通道 and whose 贷款 are elsewhere
    together = max((relevance(own, u, weights, corpus) for u in corpus.units if u.doc == doc), default=0.0)
    return together < OWN_SUBJECT_IN_PLAN


def _lacks_the_subject_carried(q: Query, doc: str, corpus: Corpus) -> bool:
    """"武汉那份有吗" after a turn on Hubei's 校友贷: asked whether the plan has what the conversation
    was about, and it never uses the most specific word of it, which another plan does (asked for
    something alike, "有没有类似的", its nearest clause may answer)."""
    terms = tuple(g for g in q.terms if not re.search(r"\d", g[0]))
    read, asks = reading(q.text), cue_book("asks")
    # a bare switch ("武漢方案呢?" after "省方案有冇提中碳登?") asks what the turn before asked
    asked_if_there = asks["asks_if_there"](read) or asks["asks_if_there"](reading(q.resolved))
    if not terms or _asks_fallback(q) or not asked_if_there or asks["same_thing"](read):
        return False
    weight, heaviest = max(zip(term_weights(replace(q, terms=terms), corpus), terms), key=lambda pair: pair[0])
    return weight >= SPECIFIC_WEIGHT and not doc_uses(heaviest, doc, corpus) \
        and any(doc_uses(heaviest, d.doc_id, corpus) for d in corpus.documents if d.doc_id != doc)


def _lists_the_subject_among_peers(q: Query, sentence: str) -> bool:
    """Whether a sentence's enumeration holds the subject asked about as one item among its peers
    ("支持银行、保险、担保、证券等有序设立…" for "担保支持政策有哪些"): it lists kinds of
    institution, not the members of what was asked about."""
    words = {fold(group[0]) for group in q.terms if group}  # the word asked, not what it expands to (中试 → 中试贷)
    return any(fold(item.strip()) in words for items in listed_items(to_simplified(sentence)) for item in items[1:])


def _rank_candidates(q: Query, relevant: list, exact_ids: set, unnamed: Callable[[Unit], bool],
                     names: Sequence[str]) -> None:
    """Order (hit, relevance, rank) candidates: pointed at, naming what was asked, most relevant;
    among comparably relevant ones, the one stating the figure asked for or listing the members."""
    relevant.sort(key=lambda p: (p[0].unit.id not in exact_ids, unnamed(p[0].unit), -round(p[1], 1), p[2]))
    figure = figure_asked_for(q)
    best_rel = max(rel for _, rel, _ in relevant)
    if figure is not None:
        # among comparably relevant units naming what was asked about, one that states the
        # kind of figure asked for answers "how much" better than one without
        relevant.sort(key=lambda p: (p[0].unit.id not in exact_ids, unnamed(p[0].unit), p[1] < 0.85 * best_rel,
                                     not figure_spans(q, p[0].unit, figure)))
    elif lists(q) and not cue_book("asks")["asks_what_is_done"](reading(q.text)):
        # "which kinds": among comparably relevant units, the one listing the members of the
        # name asked about (科技分支行、…、科技金融事业部等科技金融专营机构), then one whose best
        # sentence enumerates
        def enumerates(unit: Unit) -> int:
            if _MEMBERS.search(q.normalized) and any(re.search(r"、[^。；;,，、]{1,16}等" + re.escape(n), fold(unit.text))
                                                    for n in names):
                return 2
            return int(any(unit.text[a:b].count("、") >= 3 and not _lists_the_subject_among_peers(q, unit.text[a:b])
                           for a, b in best_sentences(q, unit)))
        relevant.sort(key=lambda p: (p[0].unit.id not in exact_ids, unnamed(p[0].unit), p[1] < 0.85 * best_rel,
                                     -enumerates(p[0].unit)))
    if q.premise_numbers and names:
        # "那个知识价值信用贷款一千万的,他能不能去贷": among comparably relevant units naming it, the one
        # stating the figure the asker knows it by
        relevant.sort(key=lambda p: (p[0].unit.id not in exact_ids, unnamed(p[0].unit), p[1] < 0.85 * best_rel,
                                     not all(fold(n) in fold(p[0].unit.text) for n in q.premise_numbers)))


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


OWN_SUBJECT_HITS = 10  # the hits a follow-up's own subject may be found among (rows of the anchored measure)


def _outweighs_anchor(q: Query, pinned: Sequence[Unit], units: Sequence[Unit], corpus: Corpus) -> list[Unit]:
    """The units that hold a follow-up's own subject when the clause it leans on does not.

    "那承接种子天使退出项目能用多少新增投资?" after an answer citing item 1: the question's
    own words (not the earlier turn's) are all in item 4 and only half in item 1.
    """
    if not q.anchor or q.references or not pinned or points_at_the_clause_first(q):
        return []
    # a figure it claims ("是50家吗?") is checked against the clause, it is no subject of its own
    claimed = {fold(n) for n in q.premise_numbers}
    own = own_words(q)
    own = replace(own, terms=tuple(g for g in own.terms if fold(g[0]) not in claimed))
    if len(own.terms) < 3:
        return []
    weights = term_weights(own, corpus)
    anchored = max(relevance(own, u, weights, corpus) for u in pinned)
    return [u for u in units if u not in pinned
            and relevance(own, u, weights, corpus) >= max(OWN_SUBJECT_FLOOR, 1.5 * anchored)]


def comparison_units(q: Query, hits: Sequence[Hit], corpus: Corpus) -> list[Unit]:
    """The most relevant unit of each document (and a second as relevant), in document order."""
    weights = term_weights(q, corpus)
    names = [fold(n) for n in q.names]
    # "武汉那个…叫什么,省里要发起设立什么联盟": each plan's clause is found by what is asked of it
    asked = {doc: (own, term_weights(own, corpus)) for doc, own in asked_of_each(q, corpus).items()}
    per_doc: dict[str, list[tuple[tuple, Unit, float]]] = {}
    for rank, hit in enumerate(hits[:12]):
        mine, mine_weights = asked.get(hit.unit.doc, (q, weights))
        rel = relevance(mine, hit.unit, mine_weights, corpus)
        # a follow-up ("那 industry coverage 两边有什么区别?…按行业分配") compares the clauses it leans on,
        # unless they are far off what it asks
        leant_on = q.followup and hit.unit.id in q.anchor
        off_anchor = q.followup and bool(q.anchor) and not leant_on
        if rel < RELEVANCE_FLOOR * (0.4 if leant_on else 0.8):
            continue
        unnamed = bool(names) and not uses_name(names, hit.unit)
        # "到2027年各自想实现些什么": a plan's goals, not the notice naming its period
        off_goals = "targets" in q.aspects and hit.unit.kind != "goals"
        per_doc.setdefault(hit.unit.doc, []).append(((unnamed, off_goals, off_anchor, -round(rel, 1), rank), hit.unit, rel))
    chosen: list[Unit] = []
    sides = _set_against_the_anchor(q, corpus)
    for d in corpus.documents:
        if d.doc_id in sides:
            chosen.append(sides[d.doc_id])
            continue
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
    return list(dict.fromkeys(measure_of(u, corpus) or u for u in chosen))


COMPARED_HITS = 10  # a clause leaned on is compared only when the search finds it among this many


def _compared_before(q: Query, hits: Sequence[Hit], corpus: Corpus) -> list[Unit]:
    """The clauses a comparison follow-up naming none leans on, each measure once, as far as the
    search finds them relevant: [] unless it is one, or when it names a clause, a thing or a plan of
    its own, asks who leads or asks a figure (the clause stating it is found by what is asked) —
    unless it points at the two ("这两项在牵头单位上有什么不同?": the rows themselves, who leads each)."""
    said, who = reading(q.text), "responsible_units" in q.aspects
    # who leads each of the two pointed at is asked in the question's own words, not carried
    asks_who = cue_book("asks")["points_at_the_two"](said) and cue_book("intents")["responsible_units"](said)
    if not q.followup or q.references or q.says_a_name() or asked_figure_kind(q) is not None or (who and not asks_who):
        return []
    found = {u.measure or u.id for u in (h.unit for h in hits[:COMPARED_HITS])}
    units = [u for u in (corpus.unit(uid) for uid in q.anchor if corpus.has(uid)) if (u.measure or u.id) in found]
    # who leads is a row's; what is done, its measure's
    units = list(dict.fromkeys(units if who else (measure_of(u, corpus) or u for u in units)))
    # "两份…", "两边…" set the plans side by side: clauses of one plan are no answer
    docs = {u.doc for u in units}
    both = cue_book("asks")["both_plans"](said)
    return units if plans_named(said, corpus) <= docs and (len(docs) > 1 or not both) else []


def _set_against_the_anchor(q: Query, corpus: Corpus) -> dict[str, Unit]:
    """"湖北那条有啥是武汉这条没有的" after a turn on 武汉第19条: the clause the follow-up leans on, and
    each other plan's clause on the same matter; {} unless it points at the one clause of one plan it leans
    on, or names only the other plan than the one clause the last reply cited ("Is the formula worded
    identically in the Hubei plan?" after a reply quoting Wuhan's goals)."""
    anchored = [corpus.unit(uid) for uid in q.anchor if corpus.has(uid)]
    prior = [corpus.unit(uid) for uid in q.prior_units if corpus.has(uid)]
    if q.followup and not anchored and len(prior) == 1 and prior[0].kind != "preamble" and q.docs \
            and prior[0].doc not in q.docs and not own_words(q).terms:
        anchored = prior  # (naming nothing of its own: "…口径跟武汉比有啥区别" of AIC asks the AIC clauses)
    elif not q.followup or len(anchored) != 1 or not points_at_a_clause(reading(q.text)):
        return {}
    unit = measure_of(anchored[0], corpus) or anchored[0]
    sides = {unit.doc: unit}
    for d in corpus.documents:
        if d.doc_id != unit.doc and (found := counterpart(unit, d.doc_id, corpus)) is not None:
            sides[d.doc_id] = found
    return sides if len(sides) > 1 else {}


COUNTERPART_SHARE = 0.15  # the share of a clause's weight in rarer word pairs its counterpart must share


def counterpart(unit: Unit, doc: str, corpus: Corpus) -> Unit | None:
    """The measure of plan ``doc`` on the same matter as ``unit``: the one sharing the most weight of
    its word pairs, the rarer weighing more (QFLP, 跨境融资 of 武汉第19条 in 湖北第16条); None when
    none shares ``COUNTERPART_SHARE`` of it."""
    if unit.kind != "measure":  # a plan's safeguards or goals: the other plan's own
        return corpus.unit(f"{doc}/{unit.kind}") if corpus.has(f"{doc}/{unit.kind}") else None
    pairs, idf = _pair_weights(corpus)
    own = pairs[unit.id]
    total = sum(idf[p] for p in own) or 1.0
    scored = [(sum(idf[p] for p in own & pairs[u.id]), u) for u in corpus.units if u.doc == doc and u.kind == "measure"]
    best = max(scored, key=lambda s: s[0], default=None)
    return best[1] if best is not None and best[0] >= COUNTERPART_SHARE * total else None


@lru_cache(maxsize=4)
def _pair_weights(corpus: Corpus) -> tuple[dict[str, frozenset[str]], dict[str, float]]:
    """Each unit's character pairs (its words before a closing 责任单位 note) and each pair's IDF."""
    pairs = {u.id: frozenset(cjk_bigrams(fold(u.title + re.split(r"[(（]责任单位", u.text)[0]))) for u in corpus.units}
    df: dict[str, int] = {}
    for found in pairs.values():
        for p in found:
            df[p] = df.get(p, 0) + 1
    return pairs, {p: math.log(1 + len(pairs) / n) for p, n in df.items()}


def _clauses_before(q: Query) -> set[str]:
    """The clauses the conversation just cited or leaned on (``said_before`` also holds names)."""
    return {uid for uid in (*q.said_before, *q.prior_units) if "/" in uid}


def _asks_elsewhere(q: Query, corpus: Corpus) -> bool:
    """Whether the question asks what another clause than the one just cited says: it says so
    ("别的条目里"), or it asks how a goal just quoted is pursued ("这些企业具体怎么培育?" after the goals)."""
    asks, read = cue_book("asks"), reading(q.text)
    if asks["asks_elsewhere"](read) or asks["asks_again_elsewhere"](read):
        return True
    before = [uid for uid in _clauses_before(q) if corpus.has(uid)]
    return bool(before) and all(corpus.unit(uid).kind == "goals" for uid in before) and bool(asks["asks_means"](read))


def _elsewhere_units(q: Query, hits: Sequence[Hit], corpus: Corpus) -> list[Unit]:
    """Asked what another clause says of the thing just discussed ("第四个在方案别的条目里还承担了
    什么试点?"): the units chosen from the hits without the clauses just cited (a row counting as its
    measure), and not those pinned as what a follow-up leans on (unless nothing else is left)."""
    before = _clauses_before(q)

    def new(unit: Unit) -> bool:
        return unit.id not in before and (unit.measure or unit.id) not in before

    if cue_book("asks")["asks_again_elsewhere"](reading(q.text)):
        # "Does it come up again later?": the clauses a follow-up leans on are no candidates (they
        # would outrank every other)
        q = replace(q, anchor=tuple(u for u in q.anchor if new(corpus.unit(u))),
                    prior_units=tuple(u for u in q.prior_units if new(corpus.unit(u))))
    units = select_units(q, [h for h in hits if new(h.unit)] or hits, corpus)
    return [u for u in units if new(u)] or units


def _select(d: Draft) -> Answer | None:
    """Choose the clauses; a detail no plan states is referred, nothing found refused; then a
    clause the question points at anchors the rest (or is said not to hold what was asked)."""
    q, corpus = d.q, d.corpus
    referenced_plans = {r.split("/")[0] for r in q.references}
    if q.intent == "comparison" and len(referenced_plans) > 1:
        # "武汉第13条和湖北第25条有什么不同": the clauses named, side by side
        units = list(dict.fromkeys(measure_of(corpus.unit(r), corpus) or corpus.unit(r) for r in q.references))
    elif q.intent == "comparison" and len(discussed := _compared_before(q, d.hits, corpus)) > 1:
        # "这两个分别主打什么功能" after a reply on 湖北第2条 and 第3条: the clauses it leans on
        units = discussed
    elif q.intent == "comparison" and not referenced_plans:
        units = comparison_units(q, d.hits, corpus)
    elif _asks_elsewhere(q, corpus):
        units = _elsewhere_units(q, d.hits, corpus)
    else:
        units = select_units(q, d.hits, corpus)
    if q.scope_issue.startswith("unstated:") and not _states_the_detail(q, units):
        return refer(d.w, q, q.scope_issue.split(":", 1)[1], units)
    if not units:
        return not_found(d.w, q, corpus)
    doc = _switched_to(q, corpus)
    if doc is not None and _asks_fallback(q) and _plan_lacks_own_subject(q, doc, corpus):
        # "有没有千企股改这种提法?没有的话最接近的是哪条": no, and the nearest clause
        topic = absent_topic(d.w, q, corpus, own=True)
        if topic:
            d.lines.append(d.w.p["absent_nearest"].format(scope=d.w.scope("absent_one", "absent_both"), topic=topic))
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
        # (a row of the anchored clause's measure too: "那培养复合型人才那项…谁牵头" after its row 9)
        families = {u.measure or u.id for u in pinned}
        rows = [h.unit for h in d.hits[:OWN_SUBJECT_HITS] if h.unit.measure and h.unit.measure in families]
        candidates = list(dict.fromkeys([*units, *rows]))
        units = _outweighs_anchor(q, pinned, candidates, corpus) or pinned
    d.units = list(units)
    return None


def _states_the_detail(q: Query, units: Sequence[Unit]) -> bool:
    """Whether the clause found states, in the words the question asks it with, a detail the plans
    are taken not to state ("那办理流程上呢?" of 第9条: 简化知识产权…办理流程,实现线上办理)."""
    cue = cue_book("unstated")[q.scope_issue.split(":", 1)[1]]
    asked = {fold(m.group(0)) for m in cue.pattern.finditer(q.normalized)}
    return bool(units) and any(words in fold(units[0].text) for words in asked)


KIND = AnswerKind("select", lambda q: True, _select)
