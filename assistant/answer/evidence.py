"""What a clause says that bears on a question: its sentences scored against the question, the
spans stating the kind of figure asked for, its body without title and note, its table rows.
Pure functions over ``Query`` and ``Unit``."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from functools import lru_cache
from typing import Sequence

from ..language.text import (YEAR, YEAR_ALONE, arabic_amounts, clause_segments, fold, normalize, normalize_with_map,
                             reading, sentence_spans, set_aside, to_simplified, with_unquoted)
from ..rules import cue_book
from ..retrieve.lexicon import asks_only, quoted_names, synonyms
from ..retrieve.rerank import FIGURE_SHAPES, HAS_FIGURE, asked_figure, coverage, doc_uses, figure_kinds, relevance, term_weights
from ..types import Corpus, Unit
from ..understand.question import ASKS_ANEW, Query, asked_of_each_plan, without_self_description


_NOTE = re.compile(r"[(（]\s*责任单位")
STRONG_FIGURE = re.compile(r"金额|多少|多大|几成|(?<![这前近那])几年|几倍|(?<![哪这那了])几个|(?<![哪这那了])几家|几多|几耐|百分之几|比例|成数|质押率|放大倍数|how much|how many|"
                           r"what percentage|\bratio\b|\brate\b")
_EACH_ROW = re.compile(r"拆成|分成|分为|各由|每项|每一项|分别由|哪几项|几项|\beach\b|\bsplit\b|\brows\b")
WORDED_LIMIT = re.compile(r"最高不超过|不超过|不低于|最高可|最长可|全部|上限")
INDEFINITE = re.compile(r"一定比例|一定额度|一定期限|适当|按规定|相应|差异化")  # a figure left to be set
LISTING = re.compile(r"哪些|哪几|(?:有什么|有啥)(?!区别|不同|差别|差异|异同)|什么(样的)?(产品|品种|方式|类型|形式|企业|主体)|哪(种|类)|which kinds|what kinds|what types|\blist\b")


@lru_cache(maxsize=256)
def lists(q: Query) -> bool:
    """Whether the question asks which things there are ("哪些品种", Cantonese "边啲品种"); memoised."""
    return bool(LISTING.search(reading(q.normalized)))
_WHICH_YEAR_ZH = r"哪一?年|年份|最远|更远|更长远|(看|想|规划)得?(更|比较|最|多)?远|规划期|时间表|时间节点|什么时候|啥时候|何时|几时"
_WHICH_YEAR_EN = (r"which year|what year|until when|by when|by what (date|time)|which date|how far|further ahead"
                  r"|\btime ?(line|frame|table)s?\b|\bhorizon\b|\bmilestones?\b")
WHICH_YEAR = re.compile(f"{_WHICH_YEAR_ZH}|{_WHICH_YEAR_EN}")
SECOND_LOOK = 4  # the best hits (of a plan) looked at for the figure when the first clause states none
FURTHEST = re.compile(r"最远|最终|最晚|更远|更长远|(看|想|规划)得?(更|比较|最|多)?远|how far|further ahead|\bbeyond\b|\bhorizon\b")
_PER_ENTITY = re.compile(r"单户|每户|单笔|一笔|单家|每家|一家企业|每个企业|单个企业|per (firm|company|borrower|loan)")
_PER_ENTITY_TEXT = re.compile(r"单户|单笔|单个|单只|每家|每户")
TITLE_ONLY = re.compile(r"\s*\d+\s*[.．][^。]{0,40}。\s*")


def span_of(unit: Unit, pattern: re.Pattern) -> tuple[int, int] | None:
    """The original-text span of the sentence whose normalised form matches ``pattern``."""
    mapped = normalize_with_map(unit.text)
    m = pattern.search(mapped.text)
    if not m:
        return None
    pos = mapped.origin[m.start()]
    return next(((a, b) for a, b in sentence_spans(unit.text) if a <= pos < b),
                mapped.original_span(m.start(), m.end()))


def body_span(unit: Unit) -> tuple[int, int]:
    """The unit's text without its ``N.title。`` opening and its ``(责任单位:…)`` note."""
    spans = [(a, b) for a, b in sentence_spans(unit.text) if not TITLE_ONLY.fullmatch(unit.text[a:b])]
    note = note_span(unit)
    if note:
        spans = [(a, min(b, note[0])) for a, b in spans if a < note[0]]
    spans = [(a, b) for a, b in spans if unit.text[a:b].strip()]
    return (spans[0][0], spans[-1][1]) if spans else (0, len(unit.text))


def body_sentences(unit: Unit) -> list[tuple[int, int]]:
    """Spans of the sentences of the unit's body (``body_span``), each cut at the body's end."""
    a, b = body_span(unit)
    return [(s, min(e, b)) for s, e in sentence_spans(unit.text) if a <= s < b]


def note_span(unit: Unit) -> tuple[int, int] | None:
    """The original-text span of a ``(责任单位:…)`` note."""
    mapped = normalize_with_map(unit.text)
    m = _NOTE.search(mapped.text)
    if not m:
        return None
    return mapped.original_span(m.start(), len(mapped.text))


@lru_cache(maxsize=256)
def asks_name(q: Query) -> bool:
    """Whether the question asks what something is called ("这个上市计划叫啥?", "各自搞了啥品牌?")."""
    return bool(cue_book("asks")["asks_name"](reading(q.text)))


NAME_CHARS = 12  # longer, a quoted span is a phrase (“当期优惠利率贷款+远期权益共赢”), not a name


def gives_a_name(q: Query, text: str) -> bool:
    """Whether ``text`` gives a name in quotation marks (“黄鹤凌云”计划) the question does not already say."""
    asked = fold(q.text)
    return any(len(name) <= NAME_CHARS and fold(name) not in asked for name in quoted_names(text))


@lru_cache(maxsize=256)
def aside_of(q: Query) -> str:
    """What the question names only to set it aside, folded ("除了知识价值信用贷款,…"); memoised per question."""
    return fold(set_aside(reading(q.text)))


def sentence_score(q: Query, sentence: str) -> float:
    norm = normalize(sentence)
    # a clause's title is no evidence, unless it gives the name asked for ("14.打造中国光谷“科创路演中心”。")
    if not norm or TITLE_ONLY.fullmatch(sentence) and not (asks_name(q) and gives_a_name(q, sentence)):
        return 0.0
    score = coverage(q, sentence) + 0.01
    if q.followup:
        score += coverage(own_words(q), sentence)  # "那鼓励开发哪些担保产品": its own words first
    aside = aside_of(q)
    if q.names and any(fold(n) in fold(sentence) and fold(n) not in aside for n in q.names):
        score += 0.5
    if aside and aside in fold(norm):
        score *= 0.5  # "除了知识价值信用贷款,还推广了哪些?": the sentence on what is set aside answers least
    if {"product_terms", "targets"} & set(q.aspects) and _figure_wanted(q).search(norm):
        score *= 1.5  # a sentence stating the kind of figure asked (a cap in money, not a share)
    if "targets" in q.aspects and re.search(r"到\s*" + YEAR, norm):
        score *= 1.5
    if any(year in norm for year in re.findall(YEAR, q.normalized)):
        score *= 1.5  # "2030年怎么定位": the sentence about that year
    years = re.findall(rf"({YEAR})\s*年", norm)
    if WHICH_YEAR.search(q.normalized) and years:
        score *= 2  # "规划期到哪一年": the sentences that date the goals
    if FURTHEST.search(q.normalized) and years:
        # "any target year beyond 2027?", "目标最远到哪一年": the sentence with the furthest year
        score += max(map(int, years)) - 2000
    if _NOTE.search(norm):
        score *= 0.3  # a 责任单位 note answers only "who"
    if lists(q):
        score *= 1 + 0.1 * min(norm.count("、"), 5)  # "which kinds": the sentence that enumerates
    if asks_name(q) and gives_a_name(q, sentence):
        score = 2 * score + 0.5  # "这个计划叫什么名字?": the sentence naming it, above those of the turn before
    if _asks_condition(q) and any(m in norm for m in cue_book("asks").words["condition_markers"]):
        score *= 1.5  # "要满足什么条件?": the sentence stating them
    return score


@lru_cache(maxsize=256)
def _asks_condition(q: Query) -> bool:
    """Whether the question asks what conditions something requires; memoised (every sentence asks it)."""
    return cue_book("asks")["asks_condition"](reading(q.text))


@lru_cache(maxsize=256)
def _figure_wanted(q: Query) -> re.Pattern:
    """The kind of figure the question itself asks for ("额度上限": a sum), else any figure;
    memoised, as every sentence of its candidate clauses is scored with it."""
    return asked_figure(own_text(q)) or HAS_FIGURE


def best_sentences(q: Query, unit: Unit, n: int = 1) -> list[tuple[int, int]]:
    """Spans of the unit's sentences that best answer the question, best first."""
    scored = sorted(((sentence_score(q, unit.text[a:b]), (a, b)) for a, b in sentence_spans(unit.text)),
                    key=lambda p: -p[0])
    if not scored or scored[0][0] <= 0:
        return []
    top = scored[0][0]
    return [span for score, span in scored[:n] if score >= 0.7 * top]


_HEAD_ASKED = re.compile(r"(?:建|设|设立|打造|组建|成立|推出|开设|发起|搭建|建立)[^,，。?？]{0,3}(?:什么|啥|哪个|哪种)"
                         r"([\u4e00-\u9fff]{1,2}?)(?:了|呢|吗|啊)?(?:[?？,，。!！\s]|$)")


@lru_cache(maxsize=256)
def head_asked(q: Query) -> str:
    """The kind of thing a question asks a plan builds, by its last word ("要建个什么库" → 库, "发起设立什么
    联盟" → 联盟); "" when it asks none ("是个什么产品", "有啥区别": no building asked)."""
    m = _HEAD_ASKED.search(reading(q.text))
    return m.group(1) if m and m.group(1) not in ("样", "时候", "意思", "条件", "要求", "的", "地方") else ""


def names_a_thing_of(head: str, text: str) -> bool:
    """Whether a (Simplified) text names a thing of the kind ``head`` ("科创债融资项目库" for 库); False for no kind."""
    return bool(head) and re.search(rf"[\u4e00-\u9fff]{{2,}}{head}", text) is not None


def concrete_sentences(q: Query, unit: Unit, n: int = 2) -> list[tuple[int, int]]:
    """Asked openly what a clause says ("两个方案各说了啥"): its best sentences and those of its
    body stating a figure on the subject, one holding the question's words about as well as the
    best or in a clause titled by them (科技保险在库产品达到60个, in the clause titled
    东湖科技保险创新示范区), in text order."""
    best = best_sentences(q, unit, n)
    if not best:
        return []
    top = max(coverage(q, unit.text[a:b]) for a, b in best)
    titled = coverage(q, unit.title) >= 0.5
    starts = {a for a, _ in best}
    figures = [(a, b) for a, b in body_sentences(unit) if a not in starts
               and HAS_FIGURE.search(normalize(unit.text[a:b])) and (titled or coverage(q, unit.text[a:b]) >= 0.7 * top)]
    # "省里说要建个什么库?": the sentence naming a thing of the kind asked (建立科创债融资项目库)
    head = head_asked(q)
    named = [(a, b) for a, b in body_sentences(unit) if head and a not in starts
             and names_a_thing_of(head, to_simplified(unit.text[a:b]))][:1]
    return sorted(set(best + figures + named))


def quote_span(unit: Unit, spans: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """One quotable span: the best sentence, joined with the next best only when adjacent."""
    a, b = spans[0]
    for c, d in spans[1:]:
        if not unit.text[min(b, d):max(a, c)].strip() or (c >= b and not unit.text[b:c].strip()):
            a, b = min(a, c), max(b, d)
    return a, b


def own_text(q: Query) -> str:
    """The question as asked, normalised, without what a follow-up took from earlier turns."""
    return arabic_amounts(normalize(q.text))


# an English follow-up that asks in words of its own ("And do we still need a counter-guarantee?")
_ASKS_ANEW_EN = re.compile(r"^(and |so |but |then )?(what|which|who|how|do|does|did|is|are|can|could|will|would|must)\b")


def asked_figure_kind(q: Query) -> re.Pattern | None:
    """The kind of figure asked for; a follow-up that asks in words of its own ("那鼓励开发哪些
    担保产品?" after "上限提到多少?") asks what it says, not what the earlier turn asked."""
    own = own_text(q)
    if q.followup and (ASKS_ANEW.search(own) or _ASKS_ANEW_EN.search(own) or asked_figure(own) is not None):
        return asked_figure(own)  # "那期限呢?" after "最高能贷多少?": the term, not the amount again
    return asked_figure(without_self_description(q.normalized))  # not "手里有几个专利" the asker tells of


def figure_asked_for(q: Query) -> re.Pattern | None:
    """The figure a clause must state to answer: asked about a product's terms, or asked
    outright ("通常要等多少个工作日?") whatever the question is otherwise about."""
    if q.intent == "product_terms" or (q.intent in ("general", "definition", "eligibility")
                                       and STRONG_FIGURE.search(own_text(q))):
        return asked_figure_kind(q)
    if q.intent == "general" and asks_if_figure_set(q):
        return asked_figure_kind(q)  # "有没有定要推出几款融资产品?": a clause without one is a no
    return None


_COUNT = re.compile(FIGURE_SHAPES[3])  # a count, as a clause states one


def counted_noun(q: Query) -> str:
    """What a question asks the count of, in the plans' word ("有没有定产品数量?" → 产品, "any product
    count?" → 产品); "" when it names none."""
    book = cue_book("asks")
    m = book["counts_a_noun"].search(reading(q.text))
    said = next((g for g in m.groups() if g), "") if m else ""
    return book.words["counted_in_plans_words"].get(said, said)


def count_not_set(q: Query, units: Sequence[Unit]) -> bool:
    """Whether the question asks only if a count of something is set ("省方案有冇定產品數量?") and no
    clause found counts that (三大产业共同体 is no count of products): a no, naming what was asked; not
    when it also asks which ones there are ("…有对应的产品数量吗 它推广哪些险种")."""
    noun = counted_noun(q) if asks_if_figure_set(q) and not lists(q) else ""
    return bool(noun) and not any(counts_of(noun, unit) for unit in units)


def counts_of(noun: str, unit: Unit) -> bool:
    """Whether a clause states a count of ``noun`` (科技保险在库产品达到60个; not 三大产业共同体 beside
    产品研发责任保险): a segment holding both the noun and a count."""
    return any(noun in segment and _COUNT.search(segment)
               for segment in clause_segments(to_simplified(normalize(unit.text))))


@lru_cache(maxsize=256)
def asks_if_figure_set(q: Query) -> bool:
    """Whether the question asks if a figure is set at all ("有没有类似的上限?", "any product count?");
    memoised, as selection and the figure answer both ask it of one question."""
    return cue_book("asks")["asks_if_figure_set"](reading(q.text))


@lru_cache(maxsize=256)
def own_words(q: Query) -> Query:
    """The question with only the subject words it says itself (a follow-up's, not its history's);
    memoised, as every sentence of a follow-up's candidate clauses is scored with it."""
    text = own_text(q)
    asked = fold(text)
    # an English word stands in the subject by its expansions alone (carbon → 碳), unless they ask
    # (responsible → 责任单位), as the same words in Chinese would
    table = synonyms()
    english = [{v for v in table[w] if not asks_only(v)} for w in re.findall(r"[a-z0-9&]+", text) if w in table]
    return replace(q, terms=tuple(g for g in q.terms if any(fold(alt) in asked for alt in g)
                                  or any(set(g) <= expansions for expansions in english)))


def figure_spans(q: Query, unit: Unit, figure: re.Pattern) -> list[tuple[int, int]]:
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
        spans = [(a, b) for a, b in best_sentences(q, unit, 2) if not TITLE_ONLY.fullmatch(unit.text[a:b])]
        found = [(a, b) for a, b in spans if figure.search(normalize(unit.text[a:b]))]
        # "What is the programme called, and how many firms are selected each year?": the sentence
        # naming it answers the first ask; the count is in another that shares a word of the question
        return found or _another_stating(q, unit, figure, spans)
    named = named_sentences(q, unit)
    # a clause's numbered title ("7.高水平建设东湖科技保险创新示范区。") states no figure: its number is none
    found = [(a, b) for a, b in named if not TITLE_ONLY.fullmatch(unit.text[a:b]) and figure.search(normalize(unit.text[a:b]))]
    if named and not found and any(re.search(cue, q.normalized) for cue, _ in figure_kinds()):
        found = going_on_about(q, unit, figure)  # only for a kind of figure asked by name
    return found


def _another_stating(q: Query, unit: Unit, figure: re.Pattern, best: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The best-scoring other sentence of the clause's body that holds a word of the question the best
    sentences lack (精选, beside the one naming 黄鹤凌云) and states the kind of figure asked; [] when none does."""
    said = fold(" ".join(unit.text[a:b] for a, b in best))
    unsaid = [g for g in q.terms if not any(fold(alt) in said for alt in g)]
    others = [(sentence_score(q, unit.text[a:b]), (a, b)) for a, b in body_sentences(unit) if (a, b) not in best]
    for score, (a, b) in sorted(others, key=lambda p: -p[0]):
        text = fold(unit.text[a:b])
        if score > 0 and figure.search(normalize(unit.text[a:b])) and any(fold(alt) in text for g in unsaid for alt in g):
            return [(a, b)]
    return []


def going_on_about(q: Query, unit: Unit, figure: re.Pattern) -> list[tuple[int, int]]:
    """"实施…“黄鹤凌云”计划。…每年精选100家…": the sentence after one naming what the question
    names, going on about it with a figure of the kind ``figure``, unless it names something else
    (“鄂创融”)."""
    named = named_sentences(q, unit)
    every = sentence_spans(unit.text)
    after = [every[every.index(span) + 1] for span in named if span in every and every.index(span) + 1 < len(every)]
    return [(a, b) for a, b in after if (a, b) not in named and not re.search(r"[“\"「]", unit.text[a:b])
            and figure.search(normalize(unit.text[a:b]))][:1]


def asks_another_year(q: Query, unit: Unit) -> bool:
    """Whether the question asks a figure for a year the clause never names ("2024年贷款余额实际
    有多少?" of goals set for 2027): the clause states no figure for it."""
    years = [m.group(0) for m in re.finditer(rf"(?<!\d){YEAR_ALONE}", own_text(q))]
    return bool(years) and not any(year in normalize(unit.text) for year in years)


def asks_only_a_year(q: Query) -> bool:
    """Whether the question's own subject is a year and nothing else ("2030年的目标是什么",
    "到2030年要达到什么状态")."""
    own = own_words(q).terms
    return bool(own) and all(re.fullmatch(r"\d+", group[0]) for group in own)


def named_sentences(q: Query, unit: Unit) -> list[tuple[int, int]]:
    """Sentences of the unit that mention a name the question uses (共赢贷 …); every sentence of a
    unit whose title is the name (总体目标: the goals say what they are without naming them)."""
    keys = [fold(n) for n in q.names]
    if any(k and k == fold(unit.title) for k in keys):
        return sentence_spans(unit.text)
    return [(a, b) for a, b in sentence_spans(unit.text) if any(k in fold(unit.text[a:b]) for k in keys)]


def measure_of(unit: Unit, corpus: Corpus) -> Unit | None:
    """The measure a table row restates (a row and its measure travel together), or None."""
    return corpus.unit(unit.measure) if unit.kind == "annex" and unit.measure and corpus.has(unit.measure) else None


_LISTED_BEFORE = re.compile(r"、[“”\"]?$")  # …、共赢贷
_LISTED_AFTER = re.compile(r"[“”\"]?[、等]")  # 共赢贷、… / 共赢贷等


def lists_only(name: str, unit: Unit) -> bool:
    """Whether the unit names ``name`` only as an item of a list (…、共赢贷等…), never saying what it is."""
    text = fold(unit.text)
    key = fold(name)
    spots = [m.start() for m in re.finditer(re.escape(key), text)]
    return bool(spots) and all(_LISTED_BEFORE.search(text[max(0, i - 2):i]) or _LISTED_AFTER.match(text[i + len(key):])
                               for i in spots)


def uses_name(folded_names: Sequence[str], unit: Unit) -> bool:
    """Whether the unit's text uses one of the (folded) names the question asks about, or is
    titled by it (总体目标)."""
    return any(n in with_unquoted(fold(unit.text)) or n == fold(unit.title) for n in folded_names)


def names_used_by(q: Query, corpus: Corpus, doc: str) -> tuple[str, ...]:
    """The question's names that plan ``doc`` uses: one only the other plan uses is the asker's
    context, not its subject ("金种子银种子是武汉的说法,湖北那边…每年选多少家?")."""
    return tuple(n for n in q.names if doc_uses((n,), doc, corpus))


RARE_NAME_UNITS = 2  # a name used by a row and its measure alone picks that row


def rows_for(q: Query, unit: Unit, corpus: Corpus) -> list[Unit]:
    """The annex rows that say who does what for a unit: itself, or its best-matching rows."""
    if unit.kind == "annex":
        return [unit]
    rows = list(corpus.annex_rows(unit.id))
    if not rows:
        return []
    if _EACH_ROW.search(own_text(q)):
        return rows  # "拆成哪几项,各由谁牵头": every row of the measure (asked now, not in a turn before)
    scored = sorted(((relevance(q, r), r) for r in rows), key=lambda p: -p[0])
    top = scored[0][0]
    if top < 0.5 or len(rows) == 1:
        found = rows if len(rows) <= 4 else [r for _, r in scored[:4]]
    else:
        found = [r for score, r in scored if score >= 0.75 * top][:3]
    # "「鄂创融」这个工具本身是谁牵头?": the row using a name asked about that only it and its measure use, first
    if "responsible_units" not in q.aspects:
        return found
    rare = [fold(n) for n in q.names if sum(1 for u in corpus.units if fold(n) in fold(u.text)) <= RARE_NAME_UNITS]
    named = [r for r in found if uses_name(rare, r)]
    return named + [r for r in found if r not in named]


DEFINED_AS_CHARS = 24  # the longest expansion a parenthesis defines a name by


def definition_span(q: Query, unit: Unit) -> tuple[int, int] | None:
    """The original-text span where the unit defines a name the question asks about by a
    parenthesis: "私募股权二级市场基金(S基金)" for S基金, "金融资产投资公司(AIC)" for AIC, or
    "QFLP(合格境外有限合伙人)" the other way round; None when it defines none."""
    mapped = normalize_with_map(unit.text)
    for name in q.names:
        key = re.escape(normalize(name))
        for pattern in (rf"[^,;。、()“”\s]{{2,{DEFINED_AS_CHARS}}}\(\s*{key}\s*\)",
                        rf"(?<![a-z]){key}\s*\([^()]{{2,{DEFINED_AS_CHARS}}}\)"):
            m = re.search(pattern, mapped.text)
            if m:
                return mapped.original_span(m.start(), m.end())
    return None


@lru_cache(maxsize=64)
def asked_of_each(q: Query, corpus: Corpus) -> dict[str, Query]:
    """The question as each plan's side reads it when it asks each plan in a piece of its own ("武汉那个
    带数字的合作体系叫什么,省里要发起设立什么联盟"): that plan's pieces, without the words only the
    other plan's piece uses; {} otherwise."""
    parts = asked_of_each_plan(q.text, corpus) if not q.followup else {}
    shared = os.path.commonprefix(list(parts.values())) if parts else ""
    used = [g for g, w in zip(q.terms, term_weights(q, corpus)) if w > 0]  # words the documents use
    out = {}
    for doc, text in parts.items():
        own, piece = fold(text), fold(text[len(shared):])
        others = fold("".join(t for d, t in parts.items() if d != doc))
        if not any(fold(a) in piece for g in used for a in g):
            return {}  # "省里说要建个什么库": a piece with no words of its own, the plans are asked alike
        terms = tuple(g for g in q.terms if any(fold(a) in own for a in g) or not any(fold(a) in others for a in g))
        out[doc] = replace(q, text=text, normalized=reading(text), terms=terms or q.terms)
    return out
