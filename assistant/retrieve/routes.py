"""Three routes to the right clause, and their weighted fusion.

- lexical: BM25 over jieba words and CJK character pairs of normalised text, with the
  query expanded by the synonym table;
- dense: an embedder over normalised (Simplified) text, nearest units from the index;
- exact: explicit references (武汉方案第8条, 分工表第24项), names the documents define
  (共赢贷, 黄鹤凌云) and government units, resolved through the parsed structure.
Each ``search(query, k)`` returns hits best first; scores are comparable only within a
retriever, so fusion works on ranks with weights calibrated on the dev questions.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

from .adapters import passage_text
from ..rules import alternatives
from .lexicon import canonical_unit_names, corpus_terms, expand_query, plan_units, stopwords, synonyms
from .rerank import folded_texts
from ..language.text import HomophoneMender, Segmenter, cjk_bigrams, fold, normalize, question_wording
from ..types import Corpus, Hit, Unit

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})"
# A Chinese numeral counts as a row number only after 第 (分工表第二项); "分工表中拆成两项" is a count.
_ANNEX_REF = re.compile(r"(?:分工表|附件|任务分工|annex|table)\D{0,6}?(?:(?:第|row|no\.?|#)\s*" + _NUM
                        + r"|(?<![一二两三四五六七八九十])(\d{1,3}))\s*(?:项|行|条|号)?")
_NUMBER_LISTS = (re.compile(r"第\s*(\d{1,3})((?:\s*[、,，和及与]\s*\d{1,3})+)\s*(?:条|项|行)"),
                 # "measures 17, 18 and 19", "tasks 14 and 15"
                 re.compile(r"\b(?:measures|items|tasks|articles|clauses|rows)\s*(\d{1,3})((?:\s*(?:,|and|&)\s*\d{1,3}(?!\d))+)"))
_NUMBER_RANGES = (re.compile(r"第\s*(\d{1,3})\s*(?:到|至|-|~|－|—)\s*(?:第\s*)?(\d{1,3})\s*(?:条|项|行)"),  # 第17到19项
                  # "measures 23–25", "rows 17 to 19"
                  re.compile(r"\b(?:measures|items|tasks|articles|clauses|rows)\s*(\d{1,3})\s*(?:-|–|—|~|to|through)\s*(\d{1,3})(?!\d)"))
RANGE_MAX = 10  # a range of clause numbers longer than this is no reference to each
# "第58项" with no plan named: only the number (a row, when the conversation is in the task table)
NUMBERED_ITEM = re.compile(r"第\s*" + _NUM + r"\s*[项条行]")
_ITEM_REF = re.compile(r"第\s*" + _NUM + r"\s*(?:条|项|点|个任务|项任务|项措施|个措施|部分)"
                       r"|(?:任务|措施|item|task|measure|article|point|clause|no\.?|#)\s*" + _NUM)


def chinese_number(text: str) -> int:
    """``8``, ``八``, ``十二``, ``二十五`` → int."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def mentioned_docs(normalized_query: str, corpus: Corpus) -> list[str]:
    """Documents a question names explicitly (武汉方案, 省里的方案, Hubei plan …), by each
    document's ``mentions`` in its ``*.meta.json``."""
    return [d.doc_id for d in corpus.documents if d.mentions and re.search(alternatives(d.mentions), normalized_query)]


def without_mentions(normalized_query: str, corpus: Corpus) -> str:
    """The question with the words that name a plan (武汉市的行动方案, 省级层面) blanked out:
    they say where to look, not what about."""
    for d in corpus.documents:
        if d.mentions:
            normalized_query = re.sub(alternatives(d.mentions), " ", normalized_query)
    return normalized_query


_UNIT_ID = re.compile(r"(?<![a-z])((?:wuhan|hubei)/(?:annex-)?\d{1,3})(?!\d)")


def find_references(normalized_query: str, corpus: Corpus) -> list[str]:
    """Unit ids a question refers to by number: item N of a plan, row N of the annex, or the
    CONTRACT's own ids (wuhan/8, hubei/annex-53) as a pasted answer gives them."""
    written = [i for i in _UNIT_ID.findall(normalized_query) if corpus.has(i)]
    if written:
        return list(dict.fromkeys(written))
    ids: list[str] = []
    docs = mentioned_docs(normalized_query, corpus) or [d.doc_id for d in corpus.documents]
    listed = [int(x) for pattern in _NUMBER_LISTS for m in pattern.finditer(normalized_query)
              for x in [m.group(1), *re.findall(r"\d{1,3}", m.group(2))]]
    listed += [n for pattern in _NUMBER_RANGES for m in pattern.finditer(normalized_query)
               for a, b in [(int(m.group(1)), int(m.group(2)))] if 0 < b - a <= RANGE_MAX for n in range(a, b + 1)]
    annex = bool(re.search(r"分工表|附件|任务分工|annex|table", normalized_query))
    for m in _ANNEX_REF.finditer(normalized_query):
        n = chinese_number(next(g for g in m.groups() if g))
        ids.extend(f"{d}/annex-{n}" for d in _plan_just_before(normalized_query, m.start(), corpus, docs)
                   if corpus.has(f"{d}/annex-{n}"))
    if annex:
        ids.extend(f"{d}/annex-{n}" for n in listed for d in docs if corpus.has(f"{d}/annex-{n}"))
    if not ids:
        for m in _ITEM_REF.finditer(normalized_query):
            if m.group(0).endswith("部分") and _heading_follows(normalized_query[m.end():], corpus):
                continue  # "第三部分“切实强化服务保障”": the part its heading names, not clause 3
            n = chinese_number(next(g for g in m.groups() if g))
            of = _plan_just_before(normalized_query, m.start(), corpus, docs)
            measures = [f"{d}/{n}" for d in of if corpus.has(f"{d}/{n}")]
            # "第43项": no plan has a measure 43, the task table has a row 43 (a table counts 项 and 行)
            rows = [f"{d}/annex-{n}" for d in of if corpus.has(f"{d}/annex-{n}")] \
                if not measures and m.group(0).endswith(("项", "行")) else []
            ids.extend(measures or rows)
        ids.extend(f"{d}/{n}" for n in listed for d in docs if corpus.has(f"{d}/{n}"))
    return list(dict.fromkeys(ids))


SECTION_NAMED_CHARS = 16  # a part's heading follows its number this closely ("第三部分“切实强化服务保障”")


def _heading_follows(after: str, corpus: Corpus) -> bool:
    """Whether a section's heading (or an unnumbered section's name) opens ``after``."""
    heading = after[:SECTION_NAMED_CHARS]
    return bool(find_section(heading, corpus) or sections_named(heading, corpus))


def _plan_just_before(text: str, start: int, corpus: Corpus, docs: Sequence[str]) -> Sequence[str]:
    """The plans a clause number at ``start`` is of: the one named right before it ("武汉第14项",
    "湖北第9条", "武汉方案第13条和湖北方案第25条", "Wuhan item 8 with Hubei measure 12"), else ``docs``."""
    before = text[max(0, start - 12):start]
    named = [d.doc_id for d in corpus.documents if (d.mentions or d.bare_mentions) and re.search(
        "(?:" + alternatives((*d.mentions, *d.bare_mentions)) + r")(?:市|省)?(?:的)?(?:\s*plan)?\s*(?:里|中|的|'s)?\s*$",
        before)]
    return named if len(named) == 1 else docs


_SECTIONS = (("safeguards", re.compile(r"保障措施|组织保障|服务保障|推进机制|safeguards")),
             ("goals", re.compile(r"总体目标|总体要求|overall (goals|targets|requirements)|general requirements")))


def sections_named(normalized_text: str, corpus: Corpus) -> list[str]:
    """The plans' unnumbered sections a text names ("武汉方案保障措施:建立由…牵头的推进机制"): the
    safeguards or the goals, of the plans it mentions (of both when it mentions none)."""
    docs = mentioned_docs(normalized_text, corpus) or [d.doc_id for d in corpus.documents]
    return [f"{d}/{kind}" for kind, pattern in _SECTIONS if pattern.search(normalized_text)
            for d in docs if corpus.has(f"{d}/{kind}")]


QUOTE_CHARS = 8  # a quotation at least this long that a clause holds word for word points at that clause
_QUOTATION = re.compile(r"[“\"「『]([^”\"」』]{%d,})[”\"」』]" % QUOTE_CHARS)


def quoted_units(normalized_text: str, corpus: Corpus) -> list[str]:
    """The units a text quotes word for word ("Wuhan's goals section: “股权投资做引导、债权融资做增信…”"):
    for each quotation of ``QUOTE_CHARS`` or more, the units holding it, when at most two do (of the
    plans the text mentions, when it mentions any); in text order, each once."""
    quotations = [fold(m.group(1)) for m in _QUOTATION.finditer(normalized_text)]
    if not quotations:
        return []
    docs, texts = set(mentioned_docs(normalized_text, corpus)), folded_texts(corpus)
    found: list[str] = []
    for said in quotations:
        holders = [u.id for u in corpus.units if said in texts[u.id] and (not docs or u.doc in docs)]
        if 0 < len(holders) <= 2:
            found.extend(holders)
    return list(dict.fromkeys(found))


_HEADING_NUMBER = re.compile(r"^[(（]?[一二三四五六七八九十]+[)）、]?\s*")


def section_heading(unit: Unit) -> str:
    """The heading a unit stands under, without its number ("(三)系统优化科技金融生态" → 系统优化科技金融生态)."""
    return _HEADING_NUMBER.sub("", unit.section[-1]) if unit.section else ""


def find_section(normalized_query: str, corpus: Corpus) -> tuple[str, ...]:
    """The measures under a section heading the question names ("系统优化科技金融生态"下有哪些措施),
    in order; () when it names none. Headings of fewer than six characters (主要任务) are too
    generic to count."""
    folded = fold(normalized_query)
    docs = mentioned_docs(normalized_query, corpus)
    found: dict[str, list[str]] = {}
    for unit in corpus.units:
        if unit.kind != "measure" or not unit.section or (docs and unit.doc not in docs):
            continue
        heading = fold(section_heading(unit))
        # "科技信贷提质行动" for 实施科技信贷提质行动, and "风险补偿分担" without its 行动
        for form in (heading, re.sub(r"^实施", "", heading), re.sub(r"^实施|行动$", "", heading)):
            if len(form) >= 6 and form in folded:
                found.setdefault(heading, []).append(unit.id)
                break
    return tuple(found[max(found, key=len)]) if found else ()


# Embedding time grows by about 0.8 ms a token on this CPU, and the dense route's share of
# the fused ranking barely depends on the length: over 671 answerable questions fused
# hit@1 was 91.2% at 128 and 64 characters, 91.4% at 32 and 24, hit@5 99.3% at each,
# while the first-pass retrieval p95 fell from 39 ms to 27 ms (evals/README.md).
MAX_QUERY_CHARS = 24


class Retriever(Protocol):
    """One route to units."""

    name: str

    def search(self, query: str, k: int) -> list[Hit]: ...


class Analyzer:
    """Turns text into lexical tokens: words (jieba with a corpus dictionary) and CJK pairs.

    ``dictionary`` is the segmenter's saved dictionary for these same user words (``Segmenter``).
    """

    VERSION = "1"  # bumped whenever tokens() changes: saved unit tokens are found by it

    def __init__(self, user_words: Sequence[str], dictionary: tuple[dict[str, int], int] | None = None) -> None:
        self.segmenter = Segmenter(user_words, dictionary)

    def signature(self) -> list:
        """What tokens() depends on besides the text: this code's version, jieba and its dictionary,
        the user words and the stopwords."""
        return [self.VERSION, self.segmenter.source(), list(self.segmenter.user_words), sorted(stopwords())]

    def tokens(self, text: str, expand: bool = False) -> list[str]:
        """Tokens of ``text``; with ``expand`` the query's synonyms are added."""
        norm = normalize(text)
        if expand:
            norm = question_wording(norm)
            norm = " ".join([norm, *expand_query(norm)])
        words = [w for w in self.segmenter.words(norm) if w not in stopwords() and re.search(r"\w", w)]
        return words + [f"#{g}" for g in cjk_bigrams(norm)]


class LexicalRetriever:
    """BM25 over each unit's title, section, text and unit names.

    ``unit_tokens``, when given, are the analyzer's tokens of each unit's ``documents`` text,
    saved by an earlier start (``from_cache``); otherwise they are computed here.
    """

    name = "lexical"

    def __init__(self, units: Sequence[Unit], analyzer: Analyzer, k1: float = 1.2, b: float = 0.4,
                 unit_tokens: Sequence[list[str]] | None = None) -> None:
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
        self.units = list(units)
        self.analyzer = analyzer
        if unit_tokens is None:
            unit_tokens = [analyzer.tokens(text) for text in self.documents(self.units)]
        self.unit_tokens = list(unit_tokens)
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        self._bm25.index(self.unit_tokens, show_progress=False)

    @staticmethod
    def documents(units: Sequence[Unit]) -> list[str]:
        """The text of each unit that BM25 indexes."""
        return [passage_text(u) + " " + " ".join(u.units) for u in units]

    @classmethod
    def from_cache(cls, units: Sequence[Unit], user_words: Sequence[str], cache) -> "LexicalRetriever":
        """The route over ``units`` with an analyzer of ``user_words``, started from what ``cache``
        (``load(inputs)``, ``save(inputs, state)``) holds for exactly these inputs: the segmenter's
        dictionary and each unit's tokens. When it holds nothing that fits, both are computed and
        saved. Either way the route ranks exactly as one built from scratch."""
        units = list(units)
        analyzer = Analyzer(user_words)
        inputs = {"analyzer": analyzer.signature(), "documents": cls.documents(units)}
        saved = cache.load(inputs)
        if cls._fits(saved, len(units)):
            dictionary, unit_tokens = saved
            return cls(units, Analyzer(user_words, tuple(dictionary)), unit_tokens=unit_tokens)
        route = cls(units, analyzer)
        cache.save(inputs, (analyzer.segmenter.dictionary(), route.unit_tokens))
        return route

    @staticmethod
    def _fits(saved, units: int) -> bool:
        """Whether a loaded state has the shape ``from_cache`` saves: ((frequencies, total), tokens per unit)."""
        try:
            (frequencies, total), unit_tokens = saved
        except (TypeError, ValueError):
            return False
        return (isinstance(frequencies, dict) and isinstance(total, int) and isinstance(unit_tokens, list)
                and len(unit_tokens) == units and all(isinstance(tokens, list) for tokens in unit_tokens))

    def search(self, query: str, k: int) -> list[Hit]:
        """Units by BM25 score, zero scores left out."""
        tokens = self.analyzer.tokens(query, expand=True)
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        order = sorted(range(len(self.units)), key=lambda i: -scores[i])[:k]
        return [Hit(self.units[i], float(scores[i]), self.name) for i in order if scores[i] > 0]


class DenseRetriever:
    """Nearest units by embedding similarity, from the Chroma index."""

    name = "dense"

    def __init__(self, corpus: Corpus, embedder, store) -> None:
        self.corpus = corpus
        self.embedder = embedder
        self.store = store

    def search(self, query: str, k: int) -> list[Hit]:
        """Units by cosine similarity of normalised query and unit text."""
        # The question comes first in a resolved follow-up; the earlier turn's topic after it
        # only adds cost (MAX_QUERY_CHARS).
        vector = self.embedder.embed([question_wording(normalize(query))[:MAX_QUERY_CHARS]], "query")[0]
        return [Hit(self.corpus.unit(uid), score, self.name)
                for uid, score in self.store.query(vector, k) if self.corpus.has(uid)]


class ExactRetriever:
    """References, defined names and government units, resolved through the parsed structure."""

    name = "exact"

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._unit_names = canonical_unit_names()
        plans: dict[str, set[str]] = {}
        for unit in corpus.units:
            for name in unit.units:
                plans.setdefault(name, set()).add(unit.doc)
        self._plans_of = {name: frozenset(docs) for name, docs in plans.items()}  # each unit name: the plans naming it
        for unit in corpus.units:
            for name in unit.units:
                self._unit_names.setdefault(normalize(name), name)
        self._unit_aliases = sorted(self._unit_names, key=len, reverse=True)  # a longer name before one inside it
        self._all_text = "|".join(normalize(" ".join([u.title, u.text, *u.units])) for u in corpus.units)
        names = corpus_terms(corpus.units) - set(self._unit_names)
        for name in list(names):
            # a name is often used without its generic ending (楚天凤鸣母基金, 黄鹤凌云): keep a
            # distinctive stem (in at most three units) as a name of its own
            stem = re.sub(r"(基金|计划|平台|贷款|专板|中心|行动)$", "", name)
            if stem != name and len(stem) >= 3 and self._all_text.count(stem) <= 3:
                names.add(stem)
            # a loan is often said without its last character (知识价值信用贷): that short form, which
            # the documents never use apart from the full name, is a name of its own
            short = name[:-1]
            if name.endswith("贷款") and len(name) >= 6 and self._all_text.count(short) == self._all_text.count(name):
                names.add(short)
        # longest first; among equals the rarer (more specific) first, then a fixed order (not set order)
        self._names = [n for n in sorted(names, key=lambda n: (-len(n), self._all_text.count(n), n)) if len(n) >= 3]
        self._mender = HomophoneMender(self._names, self.occurs)
        self._folded = {u.id: normalize(u.text + u.title) for u in corpus.units}
        # acronyms and figures the documents use (aic, abn, 4222, 60个): a question may name them
        self.vocabulary = frozenset(re.findall(r"[a-z]{2,8}|\d+(?:\.\d+)?(?:%|万元|亿元|个|家|款|年)?", self._all_text))

    def occurs(self, term: str) -> bool:
        """Whether the documents use ``term`` (normalised) anywhere."""
        return normalize(term) in self._all_text

    def used_by(self, name: str, docs) -> bool:
        """Whether a unit of one of ``docs`` uses the (normalised) name."""
        return any(name in text for uid, text in self._folded.items() if uid.split("/")[0] in docs)

    def mend(self, normalized_query: str) -> str:
        """The question with pinyin slips in defined names mended (鄂创荣 → 鄂创融)."""
        return self._mender.mend(normalized_query)

    def units_named(self, normalized_query: str) -> list[str]:
        """Canonical names of the government units a question mentions, in the order it names them
        (a longer name is matched before a name inside it)."""
        found: list[tuple[int, str]] = []
        rest = normalized_query
        for alias in self._unit_aliases:
            if alias in rest:
                found.append((rest.find(alias), self._unit_names[alias]))
                rest = rest.replace(alias, "|" * len(alias))
        return list(dict.fromkeys(name for _, name in sorted(found)))

    def office_named(self, normalized_query: str, docs: Iterable[str]) -> list[str]:
        """The units a question names by their kind of office only ("国资委", "SASAC"; rules/lexicon.yaml
        plan_units), each in the one plan of ``docs`` that has such a unit, in the order said ("有冇国资委同
        财政局"); [] without exactly one plan."""
        plans = set(docs)
        if len(plans) != 1:
            return []
        found: dict[int, str] = {}
        rest = self.without_unit_names(normalized_query)  # a unit named in full ("湖北省国资委") is no bare office word
        for word, units in plan_units().items():  # in the lexicon's order (财政部门 before 财政局), each place taken once
            m = re.search(rf"\b{re.escape(word)}\b" if word.isascii() else re.escape(word), rest)
            ours = [u for u in units if self._plans_of.get(u) == plans][:1]
            if m and ours and ours[0] not in found.values():
                found[m.start()] = ours[0]
                rest = rest[:m.start()] + "|" * len(m.group(0)) + rest[m.end():]
        return [found[i] for i in sorted(found)]

    def without_unit_names(self, normalized_query: str) -> str:
        """The question with each government unit's name of three or more characters masked, its
        length kept (what stands inside a unit's name, 科技创新 in 市科技创新局, names nothing else)."""
        for alias in self._unit_aliases:
            if len(alias) > 2 and alias in normalized_query:
                normalized_query = normalized_query.replace(alias, "|" * len(alias))
        return normalized_query

    def names_in(self, normalized_query: str) -> list[str]:
        """Defined names (products, programmes, platforms) a question mentions, longest first; a
        name inside a government unit's name (科技创新 in 市科技创新局) is none."""
        found: list[str] = []
        rest = self.without_unit_names(normalized_query)
        for name in self._names:
            if name in rest:
                found.append(name)
                rest = rest.replace(name, "|")
        return found

    def aliases_in(self, normalized_query: str) -> dict[str, str]:
        """Everyday words of a question that stand for a defined name by the lexicon ("知识价值贷",
        "知贷": 知识价值信用贷款), each with that name; the plans' own names are not among them."""
        rest = self.without_unit_names(normalized_query)
        return {word: name for word, name in self._name_aliases.items() if word in rest}

    @functools.cached_property
    def _name_aliases(self) -> dict[str, str]:
        """The lexicon's words that stand for one name ("知贷": 知识价值信用贷款), not for a field the
        name is among; read on first use."""
        return {word: values[0] for word, values in synonyms().items()
                if not word.isascii() and len(values) == 1 and self.names_in(values[0]) == [values[0]]}

    def search(self, query: str, k: int) -> list[Hit]:
        """References first, then units containing a defined name, then units naming a unit."""
        norm = normalize(query)
        scored: dict[str, float] = {}
        for uid in find_references(norm, self.corpus):
            scored[uid] = scored.get(uid, 0) + 3.0
        for name in self.names_in(norm):
            holders = [uid for uid, text in self._folded.items() if name in text]
            if 0 < len(holders) <= 8:
                for uid in holders:
                    scored[uid] = scored.get(uid, 0) + 2.0 / len(holders) ** 0.5
        for canonical in self.units_named(norm):
            holders = [u.id for u in self.corpus.units if canonical in u.units]
            for uid in holders:
                lead = canonical in self.corpus.unit(uid).lead_units
                scored[uid] = scored.get(uid, 0) + (0.5 if lead else 0.3) / max(1, len(holders)) ** 0.5
        ranked = sorted(scored.items(), key=lambda p: -p[1])[:k]
        return [Hit(self.corpus.unit(uid), score, self.name) for uid, score in ranked]


@dataclass(frozen=True)
class FusionWeights:
    """Weights of each route in reciprocal-rank fusion; ``k`` damps the rank.

    Calibrated on evals/questions/dev.jsonl (a grid over the weights; see evals/README.md):
    equal weights lose BM25's correct first places to the weaker dense route.
    """

    lexical: float = 1.0
    dense: float = 0.3
    exact: float = 0.5
    k: float = 5.0


class FusedRetriever:
    """Weighted reciprocal-rank fusion of the routes, with each hit's provenance kept."""

    name = "fused"

    def __init__(self, routes: Sequence[Retriever], weights: FusionWeights = FusionWeights(), depth: int = 30) -> None:
        self.routes = list(routes)
        self.weights = weights
        self.depth = depth

    def search(self, query: str, k: int, prefer: dict[str, float] | None = None) -> list[Hit]:
        """Fused hits; ``prefer`` adds a bonus to given unit ids (follow-ups, named documents)."""
        totals: dict[str, float] = {}
        sources: dict[str, list[tuple[str, float]]] = {}
        units: dict[str, Unit] = {}
        for route in self.routes:
            weight = getattr(self.weights, route.name, 1.0)
            for rank, hit in enumerate(route.search(query, self.depth)):
                uid = hit.unit.id
                units[uid] = hit.unit
                totals[uid] = totals.get(uid, 0.0) + weight / (self.weights.k + rank + 1)
                sources.setdefault(uid, []).append((route.name, hit.score))
        for uid, bonus in (prefer or {}).items():
            if uid in totals:
                totals[uid] += bonus
        ranked = sorted(totals.items(), key=lambda p: -p[1])[:k]
        return [Hit(units[uid], score, self.name, tuple(sources[uid])) for uid, score in ranked]
