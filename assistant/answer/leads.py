"""The sentence an answer opens with: the figure asked for with its qualifier, what a clause says
on the question's subject, or each plan's figure side by side. Every figure and phrase in a
lead is a span of the cited unit (Simplified for display) or a template word."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..language.text import (YEAR, YEAR_SAID, cjk_bigrams, clause_segments, fold, is_frame, normalize,
                             numbered_segments, reading, sentence_spans, to_simplified)
from ..retrieve.rerank import FIGURE_SHAPES, HAS_FIGURE, SPECIFIC_WEIGHT, asked_figure, group_hits, term_weights
from ..rules import cue_book
from ..types import Corpus, Unit
from ..understand.question import Query
from .eligibility import kinds_named
from .evidence import (FURTHEST, WHICH_YEAR, aside_of, asks_name, body_sentences, gives_a_name, head_asked, lists,
                       names_a_thing_of, own_text, own_words, rows_for, uses_name)
from .prior import SegmentPrior
from .writing import Citations, Writer

# A figure with the words that qualify it, as a lead states it (最高额度1000万元, 最长3年期, 不低于80%).
_QUALIFIED_FIGURE = re.compile(
    r"(?:(?:最高|最长|最多|最低|最少|不超过|不低于|超过|达到|突破|上限为?|可达|单户|单笔|每年)\S{0,4}?)?"
    r"\d+(?:\.\d+)?\s*(?:%|万亿元|亿元|万元|亿|万|元|年期|年|个月|家|个|倍|款|只|项|[∶:]\s*\d+(?:比例)?)(?:以上|以内|左右)?")
_TARGET_YEAR = re.compile(r"(?:到|至)\s*" + YEAR_SAID + "(?:底|末)?")
LEAD_SEGMENT_CHARS = 28  # a clause segment short enough to state a figure with what it is a figure of
_YEAR = re.compile(YEAR_SAID)
ANY_FIGURE = re.compile("|".join(f"(?:{pattern})" for pattern in FIGURE_SHAPES))


FRAME_CHARS = 20  # a frame this short goes with the segment it qualifies; a longer one is a phrase of its own
_QUALIFIER = re.compile(r"(对于|根据|针对)")  # a frame saying to what or when its segment applies: it always goes with it
NAMED_BEFORE_CHARS = 4  # a word the question uses this close before a figure names what it counts
JOINED_GAP_CHARS = 4  # two figures of a segment this close are one fact ("从1000万元提高至3000万元")


def lead_facts(sentence: str, figure: re.Pattern, words: Sequence[str] = ()) -> list[str]:
    """The figures of the asked kind in a (Simplified) sentence, each with what it qualifies: the
    clause segment holding it when short, else the figure and its qualifier, from a word of
    ``words`` just before it (科技金融专营机构50家以上)."""
    facts: list[str] = []
    reach = NAMED_BEFORE_CHARS + max(map(len, words), default=0)  # how far before a figure a word may start
    for segment in clause_segments(sentence):
        last: tuple[int, int] | None = None  # where in the segment the fact just taken stands
        for m in _QUALIFIED_FIGURE.finditer(segment):
            if not figure.search(normalize(m.group(0))) or _YEAR.fullmatch(m.group(0).strip()):
                continue
            named = [k for k in (segment.rfind(word, 0, m.start()) for word in words if word) if k >= 0
                     and m.start() - k <= reach]
            start = min(named, default=m.start())
            if last is not None and m.start() - last[1] <= JOINED_GAP_CHARS:
                # "上限从1000万元提高至3000万元": one fact, with what joins its figures
                start = min(start, last[0])
                facts = [f for f in facts if f != segment[last[0]:last[1]]]
            last = (start, m.end())
            fact = segment if len(segment) <= LEAD_SEGMENT_CHARS else segment[start:m.end()]
            if fact not in facts and not any(fact in f for f in facts):
                facts.append(fact)
    return facts


# a pattern holding this asks for dates (a claimed "2025年底" is checked against one)
DATE = YEAR_SAID + "(?:底|末)?"


def stated_figures(figure: re.Pattern, text: str) -> set[str]:
    """The figures of the kind ``figure`` matches that ``text`` states; a year (到2027年) dates, it
    is no figure, unless dates are what ``figure`` asks for."""
    dates = DATE in figure.pattern
    return {m.group(0) for m in figure.finditer(normalize(text)) if dates or not _YEAR.fullmatch(m.group(0).strip())}


def _lead_subject(w: Writer, q: Query, unit: Unit) -> str:
    """What a lead is about: the one name asked about, else the clause's label; asked where the
    plans say it ("S基金在第几条"), the name and the clause it stands in (for a row, its measure)."""
    aside = aside_of(q)  # "除了知识价值信用贷款,还有哪些?": not what the lead is about
    name = to_simplified(q.names[0]) if len(q.names) == 1 and not (aside and fold(q.names[0]) in aside) else ""
    # as the asker writes it (CVC, not cvc), else as the clause does ("S funds" asked: S基金)
    written = (re.search(re.escape(name), q.text, re.IGNORECASE) or re.search(re.escape(name), unit.text, re.IGNORECASE)) \
        if re.search(r"[a-z]", name) else None
    name = written.group(0) if written else name
    if w.corpus is not None and cue_book("asks")["which_clause"](own_text(q)):
        # a name the clause does not use is not found there ("有没有千企股改这种提法?最接近的是哪条")
        named = name and uses_name([fold(name)], unit)
        return w.p["located"].format(name=name, place=w.located(unit)) if named else w.located(unit)
    return name or w.label(unit)


def figure_lead(w: Writer, q: Query, unit: Unit, spans: Sequence[tuple[int, int]], figure: re.Pattern,
                 marker: str) -> str | None:
    """One sentence that states the figures asked for, each with its qualifier, and what else the
    question asks of the quoted sentences, before the quoted evidence; None when they state no
    figure of that kind. A target's year comes first; every figure in it is a span of the unit."""
    subject = _lead_subject(w, q, unit)
    phrase = clause_phrase(q, unit, spans, w.corpus, figure=figure, subject=subject, prior=w.prior)
    if phrase is None or not stated_figures(figure, phrase):
        return None
    sentences = [to_simplified(unit.text[a:b]) for a, b in spans]
    year = next((m.group(0) for m in map(_TARGET_YEAR.search, sentences) if m), "")
    if year and fold(year) in fold(phrase):
        year = ""
    return w.p["lead_figure"].format(subject=subject, facts=(year + "," if year else "") + phrase, m=marker)


OWN_WORD_WEIGHT = 3.0
LEAD_PHRASE_CHARS = 60  # a clause asked for by number: its opening words
LEAD_CHARS = 90  # a lead's words after its subject: the asked facts, two lines on a phone
MORE_GAIN = 0.25  # a further segment must add at least this share of the heaviest word's weight
PRIOR_WEIGHT = 5.0  # a piece's learned prior, in figures' weight: chosen on half the tuning sets, counted on the other


@dataclass(frozen=True)
class _Piece:
    """A segment of a quoted sentence (Simplified), or a figure with its qualifier cut from one."""

    text: str
    sentence: int
    segment: int
    frame: bool
    source: str  # the segment it is (or was cut from): a figure cut from one is about what it says


def _pieces(q: Query, unit: Unit, spans: Sequence[tuple[int, int]], figure: re.Pattern | None) -> list[_Piece]:
    """The segments of the quoted sentences in text order; asked for a figure, a long segment
    stands as the figures of that kind it states (最长3年期, 最高额度1000万元)."""
    words = [alt for group in q.terms for alt in group]
    # asked which ones or what kind besides the figure ("包括哪些类型?", "入选的是什么样的企业?"), a
    # segment stays whole beside its figures: what it lists or qualifies them with answers too
    listed = figure is not None and (lists(q) or _asks(q, "asks_kinds") or _asks(q, "asks_condition"))
    pieces = []
    for i, (a, b) in enumerate(sorted(set(spans))):
        for j, segment in enumerate(numbered_segments(to_simplified(unit.text[a:b]))):
            facts = lead_facts(segment, figure, words) if figure is not None and len(segment) > LEAD_SEGMENT_CHARS else []
            # the whole segment stays a candidate beside its figures when it holds a word of the question
            # they lack ("种子基金亏损容忍度是多少?": 允许种子基金…最高不超过投资总额80%…的亏损)
            lacking = [w for w in words if len(w) >= 2 and w in segment and not any(w in fact for fact in facts)]
            whole = [segment] if not facts or listed or (len(segment) <= LEAD_CHARS // 2 + LEAD_SEGMENT_CHARS and lacking) else []
            if whole:
                # figures joined in one fact ("从1000万元提高至3000万元"): the whole segment says them, and whose
                facts = [f for f in facts if len(_QUALIFIED_FIGURE.findall(f)) < 2]
            pieces.extend(_Piece(text, i, j, is_frame(text), segment) for text in dict.fromkeys(facts + whole)
                          if len(text) >= 2)
    return pieces


def _lead_weights(q: Query, corpus: Corpus | None, subject: str = "", figure: re.Pattern | None = None) -> list[float]:
    """Each term group's weight in a lead: specific words most, a follow-up's own words over
    those carried from before (asked for a figure, only its own: "那期限呢?" wants the term, not
    the earlier turn's words again), none for what the lead's ``subject`` already says."""
    weights = term_weights(q, corpus) if corpus is not None else [1.0] * len(q.terms)
    if not any(weights):
        weights = [1.0] * len(q.terms)
    if q.followup:
        # a follow-up's own words ("它要和哪些平台打通?") weigh more than those carried from before
        own = fold(own_text(q))
        carried = 0.0 if figure is not None else 1.0
        weights = [w * (OWN_WORD_WEIGHT if any(fold(alt) in own for alt in g) else carried) for w, g in zip(weights, q.terms)]
    said = group_hits(q, subject) if subject else [0.0] * len(q.terms)
    unsaid = [0.0 if held >= 1.0 else w for w, held in zip(weights, said)]
    # "反担保呢?": the subject is all it asks, no figure of its own; what the clause says of it is the answer
    asks_figure = figure is not None and asked_figure(normalize(own_text(q))) is not None
    return unsaid if any(unsaid) or not subject or asks_figure else weights


_QUOTED_NAME = re.compile(r"“([^”]{2,12})”")


def _cover(q: Query, pieces: Sequence[_Piece], weights: Sequence[float], figure: re.Pattern | None,
           budget: int, concrete: bool = False, prior: SegmentPrior | None = None) -> list[_Piece]:
    """The pieces that together hold the most of the question's words and, asked for a figure,
    the figures of that kind (``concrete``: asked openly, the figures of any kind): greedily,
    each adding what the others lack, within ``budget``; asked openly, a piece also counts by how
    often it told askers what they wanted (``prior``)."""
    hits = {p: group_hits(q, p.source) for p in pieces}
    counted = ANY_FIGURE if concrete else figure
    figures = {p: stated_figures(counted, p.text) if counted is not None else set() for p in pieces}
    if concrete:  # asked openly, a thing the clause names in quotation marks ("千企股改", "智慧大脑") is a fact as a figure is
        figures = {p: found | set(_QUOTED_NAME.findall(p.text)) for p, found in figures.items()}
    figure_weight = max(weights, default=0.0) or 1.0
    # "哪些企业可以发?": the segment that enumerates answers, once
    listing = lists(q)
    kinds = _kinds_asked(q, pieces, listing) if figure is None else {p: frozenset() for p in pieces}
    asked = [alt for group in q.terms for alt in group if len(alt) >= 2]
    kinds_of_subject = {p for p in pieces if any(f"等{word}" in p.text for word in asked)} if _asks(q, "asks_kinds") else set()
    aims, names, headed, means, conditions, whom = particular = _particular_asks(q, pieces, figure)
    each = figure is not None and _asks(q, "asks_each")
    # asked openly (no figure, not even one set in words: "最多可以拿到多少?"; no particular ask), of two pieces
    # echoing the question the one stating what askers wanted of the clause comes first (在库产品达到60个)
    learned = prior is not None and figure is None and not any(particular) and not asked_figure(normalize(own_text(q)))
    wanted = {p: PRIOR_WEIGHT * prior.of(p.source) for p in pieces} if learned else {}  # folded once, not per gain
    covered, stated, chosen, used, named, entities = [0.0] * len(weights), set(), [], 0, set(), set()

    def gain(p: _Piece) -> float:
        held = sum(w * max(0.0, h - c) for w, h, c in zip(weights, hits[p], covered))
        # a figure of a kind not yet stated counts (最长3年期, then 最高额度1000万元); a further one of
        # a kind stated counts when it is said of something the question names, not of anything else
        # asked openly, what the clause says on the subject comes first, its figures after it
        fresh = figures[p] - stated if chosen or not concrete else set()
        # asked for each one's ("两者的金额分别是多少?"), a figure said of another thing counts, the same
        # number too (最高额度1000万元, then 单笔1000万元以下)
        if each and figures[p] and chosen and all(c.source != p.source for c in chosen):
            fresh = figures[p]
        new = len(fresh) if max(hits[p], default=0.0) >= 0.5 or each else \
            len({_figure_kind(f) for f in fresh} - {_figure_kind(f) for f in stated})
        enumerates = listing and p.text.count("、") >= 2 and not any(c.text.count("、") >= 2 for c in chosen)
        # of two enumerations, the one whose items are of what is asked ("…科创票据、ABN…等科技创新债券")
        enumerates += enumerates and p in kinds_of_subject
        taken = set(chosen)
        # once each: the segment stating the aim ("要达到什么效果?"), saying how ("…是怎么评出来的?"), stating the
        # conditions ("要满足什么条件?"), naming it ("叫什么名字?") or a thing of the kind asked ("要建个什么库?")
        once = sum(p in group and not group & taken for group in (aims, means, conditions)) \
            + ((p in names and not names & taken) or (p in headed and not headed & taken))
        for_whom = bool(whom.get(p, frozenset()) - entities)
        return held + figure_weight * (wanted.get(p, 0.0) + new + 0.5 * enumerates + 0.5 * len(kinds[p] - named) + once
                                       + for_whom)

    while True:
        fits = [p for p in pieces if p not in chosen and (not chosen or used + len(p.text) <= budget)]
        # equal gains: the piece stating a figure, then the shorter
        best = max(fits, key=lambda p: (gain(p), bool(HAS_FIGURE.search(p.text)), -len(p.text)), default=None)
        if best is None or gain(best) <= (MORE_GAIN * max(weights, default=1.0) if chosen else 0.0):
            return chosen
        chosen.append(best)
        used += len(best.text) + 1
        covered = [max(c, h) for c, h in zip(covered, hits[best])]
        stated, named = stated | figures[best], named | kinds[best]
        entities |= whom.get(best, frozenset())


def _particular_asks(q: Query, pieces: Sequence[_Piece], figure: re.Pattern | None) -> tuple:
    """What the question asks of a clause besides its words, each as the pieces answering it (empty when
    not asked): its aim, its name, a thing of the kind asked (科创债融资项目库), how it is done, on what
    conditions, and with or for whom (kinds of entity per piece)."""
    aims = _aims_asked(q, pieces) if figure is None else set()
    names = {p for p in pieces if gives_a_name(q, p.text)} if asks_name(q) else set()
    headed = {p for p in pieces if names_a_thing_of(head_asked(q), p.text)}
    means = _marked_asked(q, pieces, "asks_method", "means_markers")
    conditions = _marked_asked(q, pieces, "asks_condition", "condition_markers")
    return aims, names, headed, means, conditions, _entities_asked(q, pieces)


def _entities_asked(q: Query, pieces: Sequence[_Piece]) -> dict[_Piece, frozenset]:
    """Asked whom a thing serves or is done with ("支持对象是谁?", "together with whom?"), the kinds of
    entity each piece names (定向支持地方法人金融机构; 联合银行机构、各区), but those the question or what it
    carries names already ("推荐给谁?" after the 名单 of firms); {} when whom is not asked."""
    if not _asks(q, "asks_whom"):
        return {}
    said = kinds_named(q.normalized)
    return {p: kinds_named(p.source) - said for p in pieces}


def _kinds_asked(q: Query, pieces: Sequence[_Piece], listing: bool) -> dict[_Piece, frozenset]:
    """Asked who may ("哪些主体可以发?", "我们是私募股权投资机构,能不能发?"), the kinds of entity each
    piece names are what is asked: those the asker names of itself when a piece names any of them."""
    own = kinds_named(q.text)
    if "eligibility" not in q.aspects or not (listing or own):
        return {p: frozenset() for p in pieces}
    kinds = {p: kinds_named(p.source) for p in pieces}
    return {p: found & own for p, found in kinds.items()} if any(found & own for found in kinds.values()) else kinds


@lru_cache(maxsize=512)
def _asks(q: Query, cue: str) -> bool:
    """Whether the question asks what the ``cue`` of rules/asks.yaml names (asks_aim, asks_kinds,
    asks_method…); memoised, as every lead built for the question (each clause, each plan's side) asks it."""
    return cue_book("asks")[cue](reading(q.text))


def _aims_asked(q: Query, pieces: Sequence[_Piece]) -> set[_Piece]:
    """Asked what a measure is to achieve ("最后要打造成什么?"), the pieces stating its aim: those
    opening with an aim word (打造全国科技保险创新策源地); none when the aim is not asked."""
    if not _asks(q, "asks_aim"):
        return set()
    return {p for p in pieces if p.text.startswith(tuple(cue_book("asks").words["aim_openers"]))}


def _marked_asked(q: Query, pieces: Sequence[_Piece], cue: str, markers: str) -> set[_Piece]:
    """Asked what the ``cue`` of rules/asks.yaml names — how a thing is decided ("银行怎么认定专利值多少
    钱?": asks_method), what conditions it requires ("要满足什么条件?": asks_condition) — the pieces
    holding one of its ``markers`` (通过内部评估…确定价值; 符合…取得关键核心技术突破的); none when not asked."""
    if not _asks(q, cue):
        return set()
    return {p for p in pieces if any(marker in p.text for marker in cue_book("asks").words[markers])}


def _figure_kind(figure: str) -> int:
    """Which of the kinds of figure (share, amount, term, count) a stated figure is; -1 for none."""
    return next((k for k, pattern in enumerate(FIGURE_SHAPES) if re.fullmatch(pattern, figure.strip())), -1)


def _completed(pieces: Sequence[_Piece], chosen: list[_Piece], figure: re.Pattern | None, budget: int,
               frames: bool = True) -> list[_Piece]:
    """A chosen segment with the short frame just before it ("根据尽责评估情况,种子直投…", "对于控股型并购,贷款…");
    a chosen frame ("对于控股型并购") with the segment of its sentence that says what is done
    after it (unless a piece after it was chosen), the frames between skipped; a date ("到 2027
    年底") with all its sentence sets for it, as far as fits; a lead still short ("充分发挥“中碳登”
    平台作用") with the segment that follows its last piece, when it fits and no figure was asked."""
    done = list(chosen)
    # a segment the short frame before it qualifies ("根据尽责评估情况", "对于控股型并购", "依托国家技术转移中部中心")
    # goes with it, as far as fits (other than a qualifier, only with ``frames``)
    for p in chosen:
        k = pieces.index(p)
        before = pieces[k - 1] if k and not p.frame else None
        if before is not None and before.frame and len(before.text) <= FRAME_CHARS and before.sentence == p.sentence \
                and (frames or _QUALIFIER.match(before.text)) \
                and before not in done and not _TARGET_YEAR.fullmatch(before.text) \
                and sum(len(d.text) + 1 for d in done) + len(before.text) <= budget:
            done.append(before)
    # one date takes what its sentence sets as far as fits; of several, each takes its first
    dates = sum(1 for p in chosen if p.frame and _TARGET_YEAR.fullmatch(p.text))
    for p in chosen:
        if p.frame and not any(c.sentence == p.sentence and c.segment > p.segment and not c.frame for c in chosen):
            after = [n for n in pieces if n.sentence == p.sentence and n.segment > p.segment and not n.frame]
            for n in after[:None if dates == 1 and _TARGET_YEAR.fullmatch(p.text) else 1]:
                if n not in done and (n is after[0] or sum(len(d.text) + 1 for d in done) + len(n.text) <= budget):
                    done.append(n)
    if figure is not None:
        return done
    last = max(done, key=pieces.index)
    after = next((n for n in pieces[pieces.index(last) + 1:] if n.segment != last.segment), None)
    if after is not None and after.sentence == last.sentence and \
            sum(len(p.text) + 1 for p in done) + len(after.text) <= LEAD_PHRASE_CHARS:
        done.append(after)
    return done


NOVEL_SHARE = 0.5  # the share of a segment's character pairs the other clause must lack for it to be new


def _novelty(text: str, other: str) -> float:
    """The share of a segment's character pairs that the other clause's text does not hold."""
    pairs = set(cjk_bigrams(fold(text)))
    return sum(1 for p in pairs if p not in other) / len(pairs) if pairs else 0.0


def _fit(texts: Sequence[str], budget: int, q: Query | None = None, corpus: Corpus | None = None) -> str:
    """The pieces joined within ``budget`` characters: cut after a list item (…、…等) where it must
    be cut — keeping the items the question names ("有没有针对软件的": 首版次高端软件…保险) in place of
    the last ones it does not — else at the budget with an ellipsis."""
    text = ",".join(texts)
    if len(text) <= budget:
        return text
    cut = text.rfind("、", 0, budget)
    if cut <= budget // 2:
        return text[:budget - 1] + "…"
    whole = text.rfind(",", 0, budget + 1)
    if whole > cut:  # a list that ends within the budget is said whole, up to its segment's end
        return text[:whole]
    return (_named_items_kept(text, cut, budget, q, corpus) if q is not None and corpus is not None else None) \
        or text[:cut] + "等"


NAMING_WEIGHT = 0.8 * SPECIFIC_WEIGHT  # a word this rare can tell one list item from another (金融服务, not 基金)
_SET_ASIDE = re.compile(r"除(?:了|去|开)?(.{1,24}?)(?:以外|之外|外|[,，]|还|也)")


def _named_items_kept(text: str, cut: int, budget: int, q: Query, corpus: Corpus) -> str | None:
    """The list the cut falls in, shortened from its end by the items the question does not name, so that
    those it names past the cut stay; None when it names none past the cut or they do not fit."""
    start = max(text.rfind(",", 0, cut), text.rfind("，", 0, cut)) + 1
    ends = [k for k in (text.find(",", cut), text.find("，", cut)) if k >= 0]
    items = text[start:min(ends, default=len(text))].split("、")
    # what names an item is a specific word of the question that some items of the list hold and others do not
    # (not in what closes the list, "…等科技创新债券", nor one the asker sets aside: "除了ABN、ABS还有啥")
    aside = _SET_ASIDE.search(reading(q.text))
    own = own_words(q)  # its own words, not those a follow-up carries from the turn before
    words = [w for weight, group in zip(term_weights(own, corpus), own.terms) if weight >= NAMING_WEIGHT
             for alt in group if len(w := fold(alt)) > 1 and not (aside and w in fold(aside.group(1)))]
    holds = [{w for w in words if w in fold(item if k < len(items) - 1 else item.split("等")[0])}
             for k, item in enumerate(items)]
    telling = {w for w in words if 0 < sum(w in h for h in holds) < len(items)}
    named = [i for i, h in enumerate(holds) if h & telling]
    if not named or start + len("、".join(items[:named[-1] + 1])) <= cut:
        return None
    kept = list(range(len(items)))
    for i in reversed(range(1, len(items))):
        if start + len("、".join(items[k] for k in kept)) + 1 <= budget:
            break
        if i not in named:
            kept.remove(i)
    shortened = text[:start] + "、".join(items[k] for k in kept)
    if len(shortened) + 1 > budget or len(kept) == len(items):
        return None
    return shortened if kept[-1] == len(items) - 1 else shortened + "等"  # its last item closes it (…等创新险种)


def fit_phrase(text: str, budget: int = LEAD_CHARS) -> str:
    """A quoted span as a lead states it: its clause segments, within ``budget``."""
    return _fit(clause_segments(text.strip().rstrip("。;；")) or [text], budget)


def clause_phrase(q: Query, unit: Unit, spans: Sequence[tuple[int, int]], corpus: Corpus | None = None,
                  figure: re.Pattern | None = None, subject: str = "", budget: int = LEAD_CHARS,
                  concrete: bool = False, of_a_year: bool = False, fill: bool = False, unlike: str = "",
                  around: bool = False, prior: SegmentPrior | None = None) -> str | None:
    """The fewest segments of the quoted sentences that together hold the question's words (the
    specific ones weighing most: 反担保 over 企业; none already in the lead's ``subject``) and the
    figures of the kind asked, in the clause's order and its own words (Simplified); None when no
    segment holds any. ``of_a_year``: a question asking only what one year's goal is gets the
    whole sentence of that year. ``fill``: asked openly, the room left goes to further segments on the
    subject (``around``: before what answers too, as a comparison's side does)."""
    pieces = _pieces(q, unit, spans, figure)  # asked openly, a figure goes with its whole segment
    if unlike:
        # asked what this clause has that ``unlike`` (the other plan's) lacks: its segments mostly its own
        pieces = [p for p in pieces if _novelty(p.text, unlike) >= NOVEL_SHARE] or pieces
    # what the subject does not already say; failing that, what the question says at all
    chosen = _cover(q, pieces, _lead_weights(q, corpus, subject, figure), figure, budget, concrete, prior) \
        or _cover(q, pieces, _lead_weights(q, corpus), figure, budget, concrete, prior)
    dated = [p for p in pieces if _YEAR.search(p.text)]
    if FURTHEST.search(q.normalized) and dated:
        # "目标最远到哪一年?", "有没有更长远的目标?": the furthest date and what its sentence sets for it
        furthest = max(dated, key=lambda p: int(re.search(YEAR, p.text).group(0)))
        chosen = [furthest] + [p for p in chosen if p.sentence == furthest.sentence and p not in dated]
    elif WHICH_YEAR.search(q.normalized):
        # "规划期到哪一年?": the years the sentences are dated by, each with what it sets
        chosen += [p for p in dated if p not in chosen]
    elif of_a_year and figure is None and _asks_of_a_year(q, unit, corpus):
        # "到2030年要达到什么状态?": all that the sentence of that year sets
        years = {group[0] for group in q.terms}
        of_year = {p.sentence for p in dated if re.search(YEAR, p.text).group(0) in years}
        chosen = [p for p in pieces if p.sentence in of_year] or chosen
    if not chosen:
        return None
    # a frame goes with what it frames, unless the lead lists the kinds of a thing, is a row naming who does
    # it, or defines (where what it rests on goes only when asked: "what is it built on?")
    framed = not ("responsible_units" in q.aspects or _asks(q, "asks_kinds")) \
        and ("definition" not in q.aspects or _asks(q, "asks_method"))
    chosen = _completed(pieces, chosen, figure, budget, frames=framed)
    if fill:
        # a comparison's side fills its share; a single lead goes on after what answers, never before it
        chosen = _filled(q, pieces, chosen, budget, after_only=not (concrete or around), nearest=around)
    return _fit([p.text for p in pieces if p in chosen], budget, q, corpus)


def _filled(q: Query, pieces: Sequence[_Piece], chosen: list[_Piece], budget: int,
            after_only: bool = False, nearest: bool = False) -> list[_Piece]:
    """The room a lead leaves taken by the further segments that speak of the subject, in text
    order ("深入实施支持科技创新专项担保计划" beside "持续完善科技担保体系建设"): a comparison's side
    says all it can within its share; ``after_only``, a single lead goes on only after what answers;
    ``nearest``, those nearest what answers first (what goes on from it before what opens the clause)."""
    weights = _lead_weights(q, None)
    used = sum(len(p.text) + 1 for p in chosen)
    filled = list(chosen)
    at = [pieces.index(p) for p in chosen]
    order = pieces[max(at) + 1:] if after_only else pieces
    if nearest:
        order = sorted(order, key=lambda p: min((abs(pieces.index(p) - i), pieces.index(p) < i) for i in at))
    for piece in order:
        if piece in filled or piece.frame or used + len(piece.text) > budget:
            continue
        if any(w and h >= 1.0 for w, h in zip(weights, group_hits(q, piece.source))):
            filled.append(piece)
            used += len(piece.text) + 1
    return filled


def _asks_of_a_year(q: Query, unit: Unit, corpus: Corpus | None) -> bool:
    """Whether one year is all the question asks of the clause: of its other words, the clause uses
    none that is specific ("到2030年要达到什么状态?", "展望2030年…科技金融…怎样的图景")."""
    if corpus is None or sum(1 for group in q.terms if re.fullmatch(YEAR, group[0])) != 1:
        return False
    text = fold(unit.text)
    return all(weight < SPECIFIC_WEIGHT for weight, group in zip(term_weights(q, corpus), q.terms)
               if not re.fullmatch(r"\d+", group[0]) and any(fold(alt) in text for alt in group))


def phrase_lead(w: Writer, q: Query, unit: Unit, spans: Sequence[tuple[int, int]], marker: str) -> str | None:
    """One sentence saying what the clause says on the question's subject, before the quoted
    evidence (spans of the cited unit); None when no segment holds any of the question's words."""
    subject = _lead_subject(w, q, unit)
    # asked how the plan puts a matter ("省里对专营机构又是怎么提的?"), the lead says all it can on it
    # (in a follow-up, the matter its own words name: "知识产权那块呢,说了啥" is not the 汉融通 asked before)
    matter = own_words(q) if q.followup else q
    around = bool(matter.terms) and (_asks(q, "asks_what_is_said") or _asks(q, "asks_what_is_done"))
    if around:
        # …from every sentence of the clause that says its most specific word, not only the best two
        weights = term_weights(matter, w.corpus) if w.corpus is not None else [1.0] * len(matter.terms)
        top = max(weights, default=0.0)
        speaking = (s for s in body_sentences(unit)
                    if any(wt >= top and h >= 1.0 for wt, h in zip(weights, group_hits(matter, unit.text[slice(*s)]))))
        spans = sorted({*spans, *speaking})
    phrase = clause_phrase(q, unit, spans, w.corpus, of_a_year=q.intent == "targets", fill=True, around=around,
                           prior=w.prior)
    if phrase is None:
        return None
    return w.p["lead_phrase"].format(subject=subject, phrase=phrase, m=marker)


SIDE_CHARS = 44  # each plan's part of a comparison's lead; a part needing less leaves the rest to the other


def side_by_side(w: Writer, q: Query, shown: Sequence[tuple[Unit, Sequence[tuple[int, int]], str]],
                  figure: re.Pattern | None, asked: dict[str, Query] | None = None,
                  owned: str | None = None) -> str | None:
    """A comparison's lead: what each plan's clause says on the subject, its figures of the kind
    asked first (or that it states none), side by side; each part a span of its cited unit. The
    plans share the lead's room: what one plan's part leaves unused the other may take. ``asked``: the
    question as each plan's side reads it, when it asks each plan in a piece of its own; ``owned``:
    the plan whose side also says who leads ("…分别怎么说?省里这项由谁牵头?")."""
    firsts = {}
    # one part per plan (the points below give the rest); clauses of one plan, one part each
    one_plan = len({unit.doc for unit, _, _ in shown}) == 1
    for unit, spans, marker in shown:
        firsts.setdefault(unit.id if one_plan else unit.doc, (unit, spans, marker))
    if len(firsts) < 2:
        return None
    # asked for a figure, the names compared go without saying
    named = " ".join(q.names) if figure is not None else ""

    # "省里的比市里多了什么?": each side says what the other's clause lacks
    distinct = figure is None and cue_book("asks")["asks_what_one_adds"](reading(q.text))
    others = {doc: fold(" ".join(u.text for d, (u, _, _) in firsts.items() if d != doc)) for doc in firsts} if distinct else {}

    def said(unit: Unit, spans: Sequence[tuple[int, int]], budget: int, fill: bool = False) -> str:
        mine = (asked or {}).get(unit.doc, q)  # what the question asks of this plan, when it asks each its own
        unlike = others.get(unit.id if one_plan else unit.doc)
        prior = w.prior.across_plans if w.prior is not None else None  # what askers comparing the plans wanted
        how = dict(figure=figure, subject=named, budget=budget, concrete=figure is None, fill=fill, prior=prior)
        phrase = (unlike and clause_phrase(mine, unit, spans, w.corpus, unlike=unlike, **how)) \
            or clause_phrase(mine, unit, spans, w.corpus, **how) or ""
        if figure is not None and not stated_figures(figure, phrase):
            phrase = w.p["no_figure"] + ("," + phrase if phrase else "")
        return phrase

    room = SIDE_CHARS * len(firsts)
    parts = {doc: said(unit, spans, SIDE_CHARS) for doc, (unit, spans, _) in firsts.items()}
    for doc, (unit, spans, _) in firsts.items():
        spare = room - sum(len(p) for d, p in parts.items() if d != doc)
        if spare > SIDE_CHARS:
            parts[doc] = said(unit, spans, spare)  # what the other plans left
    # then each says more on the subject: first within its own share, then in what room is left
    for share in (SIDE_CHARS, room):
        for doc, (unit, spans, _) in firsts.items():
            budget = min(max(len(parts[doc]), share), room - sum(len(p) for d, p in parts.items() if d != doc))
            if budget > len(parts[doc]):
                parts[doc] = said(unit, spans, budget, fill=True) or parts[doc]
    shown_parts = [_side(w, q, unit, parts[doc], marker, owns=unit.doc == owned)
                   for doc, (unit, _, marker) in firsts.items() if parts[doc]]
    return w.p["side_by_side"].format(parts=w.p["list_sep"].join(shown_parts)) if len(shown_parts) >= 2 else None


def _side(w: Writer, q: Query, unit: Unit, said: str, marker: str, owns: bool) -> str:
    """One plan's part of a comparison's lead; ``owns``: with who leads its task (a row's lead units,
    the first matching row's for a measure split in rows), when it names any."""
    rows = rows_for(q, unit, w.corpus) if owns and w.corpus.annex_rows(unit.id) else []
    owner = next((u for u in [*rows, unit] if u.lead_units), None) if owns else None
    if owner is None:
        return w.p["side"].format(label=w.label(unit, short=True), said=said, m=marker)
    return w.p["side_owned"].format(label=w.label(unit, short=True), said=said, m=marker,
                                    units=w.p["sep"].join(owner.lead_units))


def units_side_by_side(w: Writer, q: Query, units: Sequence[Unit], cites: Citations) -> str | None:
    """A comparison of who is responsible: each plan's lead units (or, where it names no lead, its
    responsible units) side by side; None unless each plan's answer rests on one clause or row (or
    on the rows of one clause, the best-matching first, when they all name who leads); two clauses
    or rows of one plan ("这两项在牵头单位上有什么不同?" of its rows 61 and 62), each its own."""
    owners: dict[str, list[Unit]] = {}
    by_plan = len({u.doc for u in units}) > 1
    for unit in units:
        rows = rows_for(q, unit, w.corpus) if w.corpus.annex_rows(unit.id) else []
        owners.setdefault(unit.doc if by_plan else unit.id, []).extend(rows or [unit])
    parts = []
    for doc, found in owners.items():
        named = [u for u in found if u.lead_units or u.responsible_units]
        if not named or (len(named) > 1 and not all(u.kind == "annex" and u.measure == named[0].measure
                                                     and u.lead_units for u in named)):
            return None
        owner = named[0]
        parts.append(w.p["side_leads" if owner.lead_units else "side_units"].format(
            label=w.label(owner, short=True), units=w.p["sep"].join(owner.lead_units or owner.responsible_units),
            m=cites.marker(owner)))
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
    spans = body_sentences(unit)
    if not spans:
        return None
    sentence = to_simplified(unit.text[spans[0][0]:spans[0][1]]).strip().rstrip("。;；")
    phrase = ""
    for segment in clause_segments(sentence):
        if phrase and len(phrase) + len(segment) + 1 > LEAD_PHRASE_CHARS:
            break
        phrase = f"{phrase},{segment}" if phrase else segment
    if not phrase:
        return None
    if unit.kind == "measure" and fold(unit.title) in fold(unit.text):
        return w.p["lead_opening"].format(label=w.label(unit), title=w.script(unit.title), phrase=phrase[:LEAD_PHRASE_CHARS],
                                          m=marker)
    return w.p["lead_phrase"].format(subject=w.label(unit), phrase=phrase[:LEAD_PHRASE_CHARS], m=marker)
