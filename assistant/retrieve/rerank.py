"""Ranking by subject: how much of what a question is about each unit (or sentence) holds.

The question's subject is its groups of alternative words (``Subject.terms``), weighted by
how rare each is in the documents (IDF), so a defined name outweighs a common word and a
word the documents never use carries no weight. Fused retrieval is re-ranked with it, and
the composer uses the same measure to choose what to cite. Pure, with a per-corpus cache
of folded unit texts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, Sequence

from ..language.text import YEAR_ALONE, cjk_bigrams, fold, with_unquoted
from ..rules import cue_book
from ..types import Corpus, Hit, Unit


class Subject(Protocol):
    """What the re-rank reads of an understood question (``understand.question.Query`` is one):
    its subject terms and background terms, names, intent and aspects, normalised text, the one
    plan it is confined to and the units it points at."""

    terms: tuple[tuple[str, ...], ...]
    context: tuple[tuple[str, ...], ...]
    names: tuple[str, ...]
    intent: str
    aspects: tuple[str, ...]
    normalized: str

    @property
    def one_doc(self) -> str | None: ...

    def pinned(self, corpus: Corpus) -> tuple[str, ...]: ...




def _term_match(term: str, folded: str, grams: set[str]) -> float:
    key = fold(term)
    if key in folded:
        return 1.0
    if len(key) >= 3:
        own = cjk_bigrams(key)
        if own:
            return 0.8 * sum(g in grams for g in own) / len(own)
    return 0.0


@dataclass(frozen=True)
class _FoldedUnits:
    """Each unit's folded title, text and units, and its character pairs: computed once per corpus."""

    texts: dict
    grams: dict


_FOLDED: dict[str, _FoldedUnits] = {}


def _folded_units(corpus: Corpus) -> _FoldedUnits:
    cached = _FOLDED.get(corpus.fingerprint)
    if cached is None:
        # each text also without its quotation marks: “专精特新”专板 is asked as 专精特新专板
        texts = {u.id: with_unquoted(fold(" ".join([u.title, u.text, *u.units]))) for u in corpus.units}
        cached = _FOLDED[corpus.fingerprint] = _FoldedUnits(texts, {k: set(cjk_bigrams(v)) for k, v in texts.items()})
    return cached


def folded_texts(corpus: Corpus) -> dict[str, str]:
    """Each unit's title, text and unit names folded (cached per corpus), by unit id."""
    return _folded_units(corpus).texts


CONTEXT_WEIGHT = 0.3  # share of its weight a background term keeps (Subject.context)


SPECIFIC_WEIGHT = math.log(11)  # a word in at most 10% of the units names a subject of its own


def term_weights(q: Subject, corpus: Corpus) -> list[float]:
    """IDF weight of each of the question's term groups; 0 for a group no unit mentions.

    Background words weigh less than what is asked: words that only describe the asker
    ("我们是做传感器的,"), and an earlier turn's words beside a follow-up's own.
    """
    _folded_units(corpus)  # fills the cache the memoised computation reads
    return [w * (CONTEXT_WEIGHT if group in q.context else 1.0)
            for w, group in zip(_weights(q.terms, corpus.fingerprint), q.terms)]


def word_weights(words: Sequence[str], corpus: Corpus) -> list[float]:
    """The IDF weight of each word over the corpus's units (0 for a word no unit uses)."""
    _folded_units(corpus)
    return list(_weights(tuple((w,) for w in words), corpus.fingerprint))


@lru_cache(maxsize=256)
def _weights(terms: tuple[tuple[str, ...], ...], fingerprint: str) -> tuple[float, ...]:
    # memoised: re-ranking and unit selection ask for the same question's weights
    texts = list(_FOLDED[fingerprint].texts.values())
    weights = []
    for group in terms:
        keys = [fold(alt) for alt in group]
        df = max((sum(1 for t in texts if key in t) for key in keys), default=0)
        weights.append(math.log(1 + len(texts) / df) if df else 0.0)
    return tuple(weights)


def doc_uses(group: Sequence[str], doc: str, corpus: Corpus) -> bool:
    """Whether a unit of the document uses one of the group's words."""
    keys = [fold(alt) for alt in group]
    return any(uid.split("/")[0] == doc and any(k in text for k in keys) for uid, text in _folded_units(corpus).texts.items())


def backed_off(group: Sequence[str], doc: str, corpus: Corpus) -> tuple[str, ...]:
    """The group, or, when the document uses none of its words, the longest ending of its
    first word that it does use (a Chinese compound names its head last: 政府性融资担保 → 融资担保),
    else its longest beginning of four characters or more that it uses (知识产权质押贷款 →
    知识产权质押, where the plan writes 知识产权质押融资)."""
    if doc_uses(group, doc, corpus):
        return tuple(group)
    word = group[0]
    if word.isascii():
        return tuple(group)
    for start in range(1, len(word) - 2):  # an ending of three characters at least (建设 is no subject)
        if doc_uses((word[start:],), doc, corpus):
            return (word[start:],)
    for end in range(len(word) - 1, 3, -1):  # a beginning of four characters at least
        if doc_uses((word[:end],), doc, corpus):
            return (word[:end],)
    return tuple(group)


def subject_in_corpus(q: Subject, weights: Sequence[float]) -> float:
    """Share of the question's term groups that occur anywhere in the documents."""
    if not q.terms:
        return 1.0
    return sum(1 for w in weights if w > 0) / len(q.terms)


_ASKS_FIGURE = re.compile(r"具体数(值|字)?|数值|数字目标|多少|多大|(?<![这前近那])几年|(?<![哪这那了])几个|几成|几多|几耐|多久|多长|比例|额度|上限|最高|最长|最多|金额|how much|how long|how many|maximum|\bmax\b"
                          r"|\bcap\b|\blimits?\b|percent|\bratios?\b")
_ASKS_A_NUMBER = re.compile(r"\b(?:a|any) (?:specific |similar )?(?:number|figure)\b")  # "put a number on it"
HAS_FIGURE = re.compile(r"\d")
_CAP = re.compile(r"最高|上限|封顶|maximum|\bcap\b|\blimits?\b")
_NOT_A_YEAR = re.compile(rf"(?<!\d)(?!{YEAR_ALONE})\d+")  # "到2027年" dates a target, it is not one
# What each kind of figure looks like in a clause: a share or ratio, an amount, a term, a count.
FIGURE_SHAPES: tuple[str, ...] = (
    r"\d+(?:\.\d+)?\s*%|\d+\s*[∶:]\s*\d+|\d+\s*倍",
    r"\d+(?:\.\d+)?\s*(?:万亿元|亿元|万元|万|亿|元)",
    r"\d+\s*(?:年|个月)",
    r"\d+\s*(?:家|个|款|只|项)|[一二三四五六七八九十两]\s*(?:大|个|家|项|类|只|款)(?!一)",
)
FIGURE_CUES = ("figure_share", "figure_amount", "figure_term", "figure_count")  # rules/asks.yaml, one a shape


@lru_cache(maxsize=1)
def figure_kinds() -> tuple[tuple[str, str], ...]:
    """What kind of figure a question asks for (the cue's pattern, from rules/asks.yaml) and what
    such a figure looks like in a clause, one pair a kind, in ``FIGURE_SHAPES`` order."""
    asks = cue_book("asks")
    return tuple((asks[name].pattern.pattern, shape) for name, shape in zip(FIGURE_CUES, FIGURE_SHAPES))


# "最长3年、最高1000万的那种信用贷款": figures the question states describe what it is about
_STATED_FIGURE = re.compile(r"(?:最长|最高|最多|最低|上限|不超过|不低于)\s*\d+(?:\.\d+)?\s*(?:万亿元|亿元|万元|万|亿|元|年期|年|个月|%|家|个)"
                            r"(?=[^?？吗吧]*?(?:的那种|那种|的那个|那个|的那笔|的这种|这种))")


def asked_figure(normalized_question: str) -> re.Pattern | None:
    """The pattern of the figure a question asks for (None when it asks for none); not one it states
    of the thing it asks about ("最长3年、最高1000万的那种信用贷款,是给哪类企业的?")."""
    normalized_question = _STATED_FIGURE.sub(" ", normalized_question)
    shapes = dict(zip(FIGURE_CUES, FIGURE_SHAPES))
    kinds = [shapes[name] for name in asked_figure_cues(normalized_question)]
    if not kinds and _CAP.search(normalized_question):
        kinds = list(FIGURE_SHAPES[:3])  # "上限是多少", "有没有规定上限": a cap may be a share, a sum or a term
    if kinds:
        return re.compile("|".join(kinds))
    asks = _ASKS_FIGURE.search(normalized_question) or _ASKS_A_NUMBER.search(normalized_question)
    return _NOT_A_YEAR if asks else None


def asked_figure_cues(normalized_question: str) -> list[str]:
    """Which kinds of figure (``FIGURE_CUES`` names) a question asks for: "那期限呢" → figure_term."""
    normalized_question = _STATED_FIGURE.sub(" ", normalized_question)
    return [name for name, (cue, _) in zip(FIGURE_CUES, figure_kinds()) if re.search(cue, normalized_question)]


def figure_asks(normalized_question: str) -> list[str]:
    """The words a question asks for a figure with (多少, 期限, how much, loss, cap), in its order:
    what an English follow-up naming a new subject ("And angel funds?") carries over from the turn
    before, without that turn's subject."""
    cues = [cue for cue, _ in figure_kinds()] + [_CAP.pattern, _ASKS_FIGURE.pattern, _ASKS_A_NUMBER.pattern]
    found = sorted({(m.start(), m.group(0)) for cue in cues for m in re.finditer(cue, normalized_question) if m.group(0)})
    return list(dict.fromkeys(word for _, word in found))


def coverage(q: Subject, text: str, weights: Sequence[float] | None = None,
             folded: str | None = None, grams: set[str] | None = None) -> float:
    """Weighted share of the question's subject (its term groups) that ``text`` holds, 0..1."""
    if not q.terms:
        return 0.5
    weights = list(weights) if weights is not None else [1.0] * len(q.terms)
    if not any(weights):
        return 0.0
    held = sum(w * h for w, h in zip(weights, group_hits(q, text, folded, grams)))
    return held / sum(weights)


def group_hits(q: Subject, text: str, folded: str | None = None, grams: set[str] | None = None) -> list[float]:
    """How far ``text`` holds each of the question's term groups, 0..1 each (1: a word of it verbatim)."""
    folded = fold(text) if folded is None else folded
    grams = set(cjk_bigrams(folded)) if grams is None else grams
    return [max(_term_match(t, folded, grams) for t in group) for group in q.terms]


def relevance(q: Subject, unit: Unit, weights: Sequence[float] | None = None, corpus: Corpus | None = None) -> float:
    """How much of the question's subject the unit's title, text and units hold, 0..1."""
    if corpus is not None and corpus.has(unit.id):
        cached = _folded_units(corpus)
        held = coverage(q, "", weights, cached.texts[unit.id], cached.grams[unit.id])
    else:
        held = coverage(q, " ".join([unit.title, unit.text, *unit.units]), weights)
    if unit.kind == "goals" and "targets" in q.aspects:
        held = max(held, 0.6)  # a question about targets is about the goals sections
    elif unit.kind == "preamble" and q.intent == "targets":
        held *= 0.5  # an issuing notice dates a plan ("2025—2027年"); it sets no targets
    return held


def with_pinned(q: Subject, hits: Sequence[Hit], corpus: Corpus) -> list[Hit]:
    """``hits`` led by the units the question points at that no route found: they are candidates too."""
    present = {h.unit.id for h in hits}
    return [Hit(corpus.unit(uid), 0.0, "exact") for uid in q.pinned(corpus)
            if uid not in present and corpus.has(uid)] + list(hits)


def rerank(q: Subject, hits: Sequence[Hit], corpus: Corpus, depth: int = 10) -> list[Hit]:
    """Fused hits re-ordered by subject: units the question points at, units of the one plan
    it names, issuing notices for "who issued", units naming its product, then relevance (to
    one decimal), a stated figure of the kind asked for, the fused rank breaking ties; beyond
    ``depth`` the fused order stands."""
    weights = term_weights(q, corpus)
    pinned = set(q.pinned(corpus))
    names = [fold(n) for n in q.names]
    texts = _folded_units(corpus).texts
    led = with_pinned(q, hits, corpus)
    cut = len(led) - len(hits) + depth  # the pinned units added, then the first ``depth`` hits
    head = led[:cut]
    one_doc = q.one_doc
    figure = asked_figure(q.normalized) if q.intent == "product_terms" else None

    def key(pair):
        rank, hit = pair
        uid = hit.unit.id
        return (uid not in pinned, one_doc is not None and hit.unit.doc != one_doc,
                q.intent == "document_info" and hit.unit.kind != "preamble",
                not any(n in texts.get(uid, "") for n in names),
                -round(relevance(q, hit.unit, weights, corpus), 1),
                figure is not None and not figure.search(texts.get(uid, "")), rank)

    return [hit for _, hit in sorted(enumerate(head), key=key)] + led[cut:]
