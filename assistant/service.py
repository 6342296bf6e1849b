"""The library API: one ``Assistant`` that the CLI, the web app and the evals all use."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, replace
from typing import Sequence

from .answer.compose import ask_back, ask_which_plan, compare_answers, compose_answer, join_answers, who_leads_only
from .answer.evidence import own_words
from .answer.prior import SegmentPrior, load_segment_prior
from .answer.writing import Writer
from .contract import admit_history
from .corpus.load import load_corpus
from .retrieve.embedders import make_embedder
from .errors import AssistantError
from .ground import check_answer
from .retrieve.lexicon import canonical_unit_names, corpus_terms
from .retrieve.rerank import SPECIFIC_WEIGHT, asked_figure, rerank, term_weights
from .retrieve.routes import (Analyzer, DenseRetriever, ExactRetriever, FusedRetriever, LexicalRetriever,
                             find_references)
from .settings import Settings
from .retrieve.store import IndexStatus, IndexStore, Progress
from .types import Answer, Corpus, Hit, Turn, Unit
from .understand.applies import load_applies_model, opinion_of
from .understand.learned import RefusalModel, Thresholds, load_refusal_model, second_opinion
from .language.text import YEAR_ALONE, arabic_amounts, fold, message_size, normalize, reading
from .rules import cue_book
from .understand.question import (Query, aspects_of, compound_parts, dialogue_state, elliptical, leans_on_nothing,
                                  mentioned_docs, ordinal_in, plans_named, plans_set_against, points_back,
                                  points_before_its_subject, understand, validate_question, without_scope_issue)

log = logging.getLogger(__name__)

# "牵头单位", "这个牵头部门": the unit that leads, as a compound's later part names it
_THE_LEAD_UNIT = re.compile(r"(这个|该|那个)?牵头(单位|部门)")
_UNSET = object()
ASK_BACK_CHARS = 24  # a follow-up with nothing to lean on is short; a long message is something else
ASK_BACK_WORDS = 10  # the same in English words
ORDINAL_WORD = re.compile(r"第\S{1,2}(个|项|条|种)?")  # 第二个 points back; it names no subject


def since_reset(history: Sequence[Turn]) -> tuple[Turn, ...]:
    """The turns after the asker last cleared the conversation ("清空对话,重新开始") and the reply
    to it: what came before is gone."""
    resets = [i for i, turn in enumerate(history) if turn.role == "user" and cue_book("asks")["resets"](reading(turn.content))]
    if not resets:
        return tuple(history)
    start = resets[-1] + 1
    if start < len(history) and history[start].role == "assistant":
        start += 1
    return tuple(history[start:])


def _exchanges_said(history: Sequence[Turn], starts: Sequence[int]) -> list[str]:
    """What each exchange opened by a user turn at ``starts`` said, both sides, folded."""
    return [fold(normalize(" ".join(t.content for t in history[i:_exchange_end(i, starts, len(history))])))
            for i in starts]


def _names_each_exchange(q: Query, history: Sequence[Turn], starts: Sequence[int]) -> bool:
    """Whether a question's own words name something of each of two exchanges that the other does not
    ("保险产品和汉融通融资产品,数量目标各是多少?" after one on 在库产品, one on 汉融通)."""
    words = {w for group in q.terms for alt in group[:1] if len(alt) >= 2 for w in (fold(alt), fold(alt)[:2])}  # 保险产品: 保险
    said = _exchanges_said(history, starts)
    return all(any(w in mine and w not in other for w in words) for mine, other in (said, said[::-1]))


_NUMBER = re.compile(rf"(?<![\d.])(?!{YEAR_ALONE})\d+(?:\.\d+)?(?![\d.])")  # a figure's number, not a year


def _figures_of_each_exchange(question: str, history: Sequence[Turn], starts: Sequence[int]) -> bool:
    """Whether the numbers a question states stand in each of two exchanges ("一個15年一個3年,邊個講
    基金邊個講貸款?" after one on a fund's 15 years and one on a loan's 3): what was discussed, set side by side."""
    numbers = set(_NUMBER.findall(arabic_amounts(normalize(question))))
    return bool(numbers) and all(numbers & set(_NUMBER.findall(arabic_amounts(said)))
                                 for said in _exchanges_said(history, starts))


def _exchange_end(start: int, asked: Sequence[int], turns: int) -> int:
    """Where the exchange opened by the user turn ``start`` ends: at the next user turn asking, else
    at the end of the history."""
    return next((j for j in asked if j > start), turns)


def _names_nothing(q: Query) -> bool:
    """Whether a question names no product, programme, unit, clause or plan of its own."""
    return not (q.names or q.units_named or q.references or q.docs)


def _found_nothing(q: Query, answer: Answer) -> bool:
    """Whether the answer is the plain not-found refusal: in scope, but no clause on the subject."""
    return answer.refused and not answer.citations and not q.scope_issue


@dataclass(frozen=True)
class UnitRoles:
    """What one government unit does in the plans: rows and tasks it leads or shares."""

    name: str
    leads: tuple[Unit, ...]
    shares: tuple[Unit, ...]


_TASK_TABLE = re.compile(r"分工表|附件|annex|task table")  # a part asking of the table's rows asks of who does what


def _points_at_the_part_before(part: str) -> bool:
    """Whether a later part of a compound points back at the part before it ("那条…") or asks a
    unit's role in what that part found ("省公安厅承担什么角色?")."""
    return points_back(part) or cue_book("asks")["role_check"](reading(part))


class Assistant:
    """Answers questions about the corpus with cited clauses; builds its index on first use.

    Parts are injected for tests (``corpus``, ``embedder``, ``store``, ``answerer``, ``refusal_model``,
    ``applies_model``, ``lead_prior``);
    by default they come from ``settings``. Nothing loads until first use.
    """

    def __init__(self, settings: Settings | None = None, *, corpus: Corpus | None = None,
                 embedder=_UNSET, store: IndexStore | None = None, answerer=None,
                 refusal_model=_UNSET, applies_model=_UNSET, lead_prior=_UNSET) -> None:
        self.settings = settings or Settings()
        self._corpus = corpus
        self._embedder = make_embedder(self.settings.embedder) if embedder is _UNSET else embedder
        self._store = store
        self._answerer = answerer  # an optional model-backed answerer (see llm.py)
        self._routes: dict | None = None
        self._analyzer: Analyzer | None = None
        self._status: IndexStatus | None = None
        # False: not loaded yet; a test may inject any object with ``p_refuse(text) -> float``
        self._refusal_model: RefusalModel | None | bool = False if refusal_model is _UNSET else refusal_model
        # likewise for eligibility matching: any object with ``p_applies(profile) -> {measure id: p}``
        self._applies_model = False if applies_model is _UNSET else applies_model
        # and for leads: any object with ``of(segment) -> float`` (prior.SegmentPrior)
        self._lead_prior = False if lead_prior is _UNSET else lead_prior

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> "Assistant":
        """An assistant configured from settings (``Settings.from_env()`` when none given)."""
        settings = settings or Settings.from_env()
        answerer = None
        if settings.llm_provider:
            from .answer.llm import LLMAnswerer

            answerer = LLMAnswerer.from_settings(settings)
        return cls(settings, answerer=answerer)

    @property
    def corpus(self) -> Corpus:
        """The parsed documents (read on first use)."""
        if self._corpus is None:
            self._corpus = load_corpus(self.settings.corpus_dir)
        return self._corpus

    @property
    def embedder(self):
        """The configured embedder, or None when dense retrieval is off."""
        return self._embedder

    @property
    def store(self) -> IndexStore:
        """The Chroma index adapter."""
        if self._store is None:
            self._store = IndexStore(self.settings.index_dir, self._embedder, self.settings.chroma_url)
        return self._store

    @property
    def refusal_model(self) -> RefusalModel | None:
        """The learned refuse-or-answer classifier (trained or read on first use); None without labelled sets."""
        if self._refusal_model is False:
            self._refusal_model = load_refusal_model(self.settings.training_dir, self.settings.model_dir)
        return self._refusal_model

    @property
    def applies_model(self):
        """Eligibility matching's learned second opinion (an ``applies.AppliesModel``, trained or read on
        first use); None when switched off or without labelled profiles."""
        if self._applies_model is False:
            self._applies_model = load_applies_model(self.settings.profiles_dir, self.settings.model_dir) \
                if self.settings.second_opinion else None
        return self._applies_model

    @property
    def lead_prior(self) -> SegmentPrior | None:
        """What askers wanted of each clause segment (counted or read on first use); None when switched
        off or without labelled sets."""
        if self._lead_prior is False:
            self._lead_prior = load_segment_prior(self.settings.training_dir, self.settings.model_dir, self.corpus) \
                if self.settings.lead_prior else None
        return self._lead_prior

    def _opinion(self):
        """The learned second opinion as ``match_profile`` takes it (None when there is none)."""
        model = self.applies_model
        return None if model is None else opinion_of(model)

    def index_status(self) -> IndexStatus:
        """Whether the index matches the corpus, parser and embedder."""
        return self.store.status(self.corpus)

    def rebuild_index(self, progress: Progress | None = None) -> IndexStatus:
        """Rebuild the index from scratch."""
        self._status = self.store.build(self.corpus, progress)
        self._routes = None
        if self.settings.second_opinion:
            self._refusal_model = self._applies_model = False
        if self.settings.lead_prior:
            self._lead_prior = False
        self.prepare()  # the retrievers set up now: the lexical cache beside the store is written by the build
        return self._status

    def prepare(self, progress: Progress | None = None) -> IndexStatus:
        """Load the corpus, build or check the index, and set up every retriever."""
        if self._status is None or self._status.state not in ("ready", "disabled"):
            self._status = self.store.ensure(self.corpus, progress)
        if self._routes is None:
            # the segmenter's dictionary and the units' tokens are read from the cache beside the
            # index when it holds them for this corpus and analyzer (a start then skips tokenising)
            lexical = LexicalRetriever.from_cache(self.corpus.units, sorted(corpus_terms(self.corpus.units)),
                                                  self.store.lexical_cache())
            self._analyzer = lexical.analyzer
            routes: dict = {"lexical": lexical, "exact": ExactRetriever(self.corpus)}
            if self._embedder is not None:
                routes["dense"] = DenseRetriever(self.corpus, self._embedder, self.store)
            routes["fused"] = FusedRetriever([r for n, r in routes.items()])
            self._routes = routes
            if self.settings.second_opinion:
                _ = self.refusal_model, self.applies_model  # trained or read now, not inside the first question
            _ = self.lead_prior
            # load the models now, so the first question is answered warm
            routes["lexical"].search("预热", 1)
            if self._embedder is not None:
                self._embedder.embed(["预热"], "query")
        return self._status

    @property
    def retrievers(self) -> dict:
        """The retrieval routes by name: lexical, exact, dense (when on) and fused."""
        self.prepare()
        return dict(self._routes)

    def understand(self, question: str, history: Sequence[Turn] = (), as_followup: bool = False) -> Query:
        """What is asked, about what, in which language; follow-ups resolved against history."""
        self.prepare()
        return understand(question, history, self.corpus, self._routes["exact"], self._analyzer.segmenter, as_followup)

    def search(self, query: str, k: int = 10, retriever: str = "fused", history: Sequence[Turn] = ()) -> list[Hit]:
        """Units for a question through one route (``fused`` by default), best first."""
        self.prepare()
        if retriever != "fused":
            return self._routes[retriever].search(query, k)
        return self._retrieve(self.understand(query, history), max(k, 30))[:k]

    def _retrieve(self, q: Query, k: int = 30) -> list[Hit]:
        """Fused hits for an understood question, re-ranked by its subject."""
        return rerank(q, self._routes["fused"].search(q.resolved, k, prefer=q.preferences(self.corpus)), self.corpus)

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """A grounded, cited answer (raises ``InputRejected`` for unusable input).

        A compound question ("这一项谁牵头?省公安厅承担什么角色?") is answered part by part
        when each part stands alone (``compound_parts`` carries shared context and the plan
        named over), and the answers are joined; otherwise it is answered whole.
        """
        started = time.perf_counter()
        question = validate_question(question, self.settings.max_question_chars)
        history = since_reset(admit_history(history, self.settings, self.corpus))
        self.prepare()
        history = self._with_discussed_clauses(history)
        queries, answers = self._first_pass(question, history)
        ungrounded = Writer(queries[0], None).ungrounded()
        if len(answers) == 1:
            for fallback in (self._ask_which_plan, self._lean_on_conversation, self._other_plans_counterpart,
                             self._ask_back):
                better = fallback(question, history, queries[0], answers[0])
                if better is not None:
                    answers = [check_answer(better, self.corpus, ungrounded).repaired]  # every reply is grounded
                    break
        answer = answers[0]
        if len(answers) > 1:
            answer = join_answers(answers, self.corpus)
            report = check_answer(answer, self.corpus, ungrounded)  # each part was checked; the join once more
            if not report.ok:
                answer = report.repaired
        timings = tuple((name, sum(dict(a.timings_ms)[name] for a in answers)) for name in ("retrieve", "compose")) + (
            ("total", (time.perf_counter() - started) * 1000),)
        # one trace: each field gives every part's value, " | " between parts
        trace = tuple((key, " | ".join(dict(a.trace)[key] for a in answers)) for key, _ in answers[0].trace)
        return Answer(answer.text, answer.citations, answer.refused, timings, trace)

    def _first_pass(self, question: str, history: Sequence[Turn]) -> tuple[list[Query], list[Answer]]:
        """The question understood and answered: part by part when each part of a compound stands
        alone, else whole."""
        discussed = self._compare_discussed(question, history) or self._compare_with_discussed(question, history)
        if discussed is not None:
            return discussed
        parts = compound_parts(question, self.corpus)
        chained = self._unit_of_the_first_part(parts, history)
        if chained is None:
            chained = self._chained(parts, history)
        if chained is not None:
            return chained
        queries = [self.understand(part, history) for part in parts]
        # in a conversation too, parts that each name their own subject are answered in turn
        # ("那个上市计划叫什么名字?后备企业每年精选多少家?"); else the whole
        # two parts each asking its own plan ("how many … does the Hubei plan pick, and how many … does
        # Wuhan aim to cultivate?"; "省里这项谁牵头?武汉方案里对应的试点放在哪个机构做?") stand, though
        # their words be general: in a conversation each leans on it in turn
        own_plans = len(queries) == 2 and queries[0].docs != queries[1].docs \
            and all(len(q.docs) == 1 and q.terms for q in queries)
        if len(queries) > 1 and not own_plans and not all(self._part_stands(i, part, q, history)
                                                          for i, (part, q) in enumerate(zip(parts, queries))):
            # "…多少家?按什么层次?": the second part leans on the first; answer the whole
            queries = [self.understand(question, history)]
        if len(queries) == 1 and self._leans_for_want_of_a_subject(queries[0], history):
            # "兩份方案重疊的產業是哪一個?" after a turn on the 共保体 clauses: no subject of its own
            queries = [self.understand(question, history, as_followup=True)]
        answers = [self._answer_one(q) for q in queries]
        if len(answers) > 1 and any(a.refused for a in answers):
            # a part the plans do not answer: judge the whole
            queries = [self.understand(question, history)]
            answers = [self._answer_one(queries[0])]
        return queries, answers

    def _unit_of_the_first_part(self, parts: Sequence[str], history: Sequence[Turn]) -> tuple[list[Query], list[Answer]] | None:
        """"第43项谁牵头?它还牵头了哪些?" (a compound's ``parts``): who leads, then what that unit leads,
        the second part read against the first and its answer as a follow-up would be; None for any
        other compound."""
        if len(parts) != 2:
            return None
        first = self.understand(parts[0], history)
        if first.intent != "responsible_units":
            return None
        answered = self._answer_one(first)
        if answered.refused:
            return None
        leads = self.corpus.unit(answered.citations[0].unit_id).lead_units if answered.citations else ()
        if len(leads) != 1:
            return None  # the first part must name one unit that leads
        before = (*history, Turn("user", parts[0]), Turn("assistant", answered.text, (answered.citations[0].unit_id,)))
        second = self.understand(parts[1], before, as_followup=True)
        if second.intent != "unit_lookup" or not second.units_named:
            # "牵头单位还负责哪些…?": the unit that leads is the one the first part's answer names
            # ("牵头单位在武汉方案里负责哪条?": the words name the unit, they do not ask what it leads)
            named = _THE_LEAD_UNIT.sub(leads[0], parts[1], count=1)
            second = self.understand(named if named != parts[1] else f"{leads[0]}:{parts[1]}", history)
        if second.intent != "unit_lookup" or second.units_named[:1] != leads:
            return None
        then = self._answer_one(second)
        if then.refused:
            return None
        # "第57项是谁牵头?这个部门还牵头了哪些?": the first part names who leads, the second goes on from
        # that unit; a second part naming other units ("人行、证监有没有被列进去?") needs the whole list
        goes_on = points_back(parts[1]) or bool(_THE_LEAD_UNIT.search(parts[1]))
        return [first, second], [who_leads_only(answered, parts[0]) if goes_on else answered, then]

    def _chained(self, parts: Sequence[str], history: Sequence[Turn]) -> tuple[list[Query], list[Answer]] | None:
        """"S基金在第几条,那条承接退出项目的比例上限是多少": each later part that points back at the
        one before it (``points_back``) is read as a follow-up to that part and its answer, as if
        asked next; None when a part points at nothing or the plans do not answer one."""
        if len(parts) < 2:
            return None
        who_first = self._asks_of_the_clause_then_who(parts, history)
        if who_first is None and not all(self._leans_on_the_part_before(p, before) for before, p in zip(parts, parts[1:])):
            return None
        queries: list[Query] = []
        answers: list[Answer] = []
        before = tuple(history)
        for part, after in zip(parts, [*parts[1:], ""]):
            query = who_first if who_first is not None and not answers \
                else self.understand(part, before, as_followup=bool(answers))
            if not answers and who_first is None and (query.followup or not self._stands_alone(query)):
                # "分层培育具体分哪几层,这条的责任单位里有没有财政局": a first part with a subject of its
                # own is asked on its own; "第二个呢,它以哪个平台为基础?" leans on the conversation: read whole
                query = self.understand(part, ())
                if not self._stands_alone(query):
                    return None
            answer = self._answer_one(query)
            if answer.refused:
                return None
            queries.append(query)
            answers.append(answer)
            pointed = self._pointed_at([c.unit_id for c in answer.citations[:2]], after)
            before = (*before, Turn("user", part), Turn("assistant", answer.text, pointed))
        return queries, answers

    def _asks_of_the_clause_then_who(self, parts: Sequence[str], history: Sequence[Turn]) -> Query | None:
        """The first part of a compound, read against the conversation, when it asks something other than
        who does it of the clause the conversation points at and each later part asks only who leads or
        is responsible, naming nothing of its own ("它按什么原则建设?牵头单位是谁?"): each part is answered
        in turn, the units of the clause the first part found; None otherwise."""
        if not history:
            return None
        first = self.understand(parts[0], history)
        asks_of_the_clause = first.followup and bool(first.anchor) \
            and first.intent not in ("responsible_units", "unit_role", "unit_lookup") \
            and not cue_book("asks")["role_check"](reading(parts[0])) and not _TASK_TABLE.search(reading(parts[0]))
        return first if asks_of_the_clause and all(self._asks_only_who(p) for p in parts[1:]) else None

    def _asks_only_who(self, part: str) -> bool:
        """Whether a part of a compound asks who leads or is responsible and names nothing of its own."""
        q = self.understand(part, ())
        return q.intent == "responsible_units" and not self._stands_alone(q)

    def _pointed_at(self, cited: Sequence[str], after: str) -> tuple[str, ...]:
        """What the next part of a compound points at among the clauses a part's answer cited: for a
        task-table row, the measure it restates when the part says 条 ("同一条还有哪些试点"), the row
        when it says 项, else both; at most two."""
        clause, row = bool(re.search(r"[条條]", after)), bool(re.search(r"[项項]", after))
        pointed: list[str] = []
        for uid in cited:
            measure = self.corpus.unit(uid).measure
            if measure and not (row and not clause):
                pointed.append(measure)
            if not measure or not (clause and not row):
                pointed.append(uid)
        return tuple(dict.fromkeys(pointed))[:2]

    def _with_discussed_clauses(self, history: tuple[Turn, ...]) -> tuple[Turn, ...]:
        """The history with its last reply resting on clauses: a reply that cites nothing and names
        no clause ("60个。", written by anyone) is read as resting on the clauses this assistant's
        answer to the question before it cites, so "这条是哪几个单位负责?" has a clause to lean on."""
        if not history or history[-1].role != "assistant" or history[-1].citations \
                or find_references(normalize(history[-1].content), self.corpus):
            return history
        asked = next((i for i in range(len(history) - 2, -1, -1) if history[i].role == "user"), None)
        if asked is None or not history[asked].content.strip():
            return history
        _, answers = self._first_pass(history[asked].content, history[:asked])
        cited = tuple(dict.fromkeys(c.unit_id for a in answers if not a.refused for c in a.citations))[:2]
        return history[:-1] + (replace(history[-1], citations=cited),) if cited else history

    def _compare_discussed(self, question: str, history: Sequence[Turn]) -> tuple[list[Query], list[Answer]] | None:
        """"这俩比例哪个高?" after two exchanges: the two things asked about last, each answered in
        its own context (or, when the question asks an aspect of its own, "它们各自谁负责?", that
        aspect of each), side by side. Not when the question names a subject of its own the
        conversation has not discussed: then it stands on its own."""
        asked = [i for i, turn in enumerate(history) if turn.role == "user" and turn.content.strip()]
        read = reading(question)
        compares = cue_book("asks")["compare_discussed"](read)
        figures = len(asked) >= 2 and _figures_of_each_exchange(question, history, asked[-2:])
        if len(asked) < 2 or not (compares or figures or cue_book("asks")["asks_each"](read)):
            return None
        own = self.understand(question)
        if not compares and not figures and not _names_each_exchange(own, history, asked[-2:]):
            return None  # "各是多少" of the two things the last two exchanges were about, each named
        if self._names_new_subject(own, history):
            return None
        # who is responsible is an aspect of its own ("这两个牵头单位一样吗?"); a figure compared is
        # the one each exchange asked for
        aspect = "responsible_units" if "responsible_units" in aspects_of(reading(question)) else None
        queries = []
        compared = self._exchanges_compared(own, history, asked)
        for i in compared:  # each exchange: its question to the next one
            end = _exchange_end(i, asked, len(history))
            # an aspect the exchange did not ask ("这两个牵头单位一样吗?") of the thing it was about,
            # else the exchange's own question again
            again = self.understand(history[i].content, history[:i])
            queries.append(replace(self.understand(question, history[:end], as_followup=True), intent=aspect)
                           if aspect and aspect not in again.aspects else again)
        answers = [self._answer_one(q) for q in queries]
        same = {c.unit_id for c in answers[0].citations} == {c.unit_id for c in answers[1].citations}
        switched = queries[1].one_doc
        if same and switched and not queries[0].one_doc:
            # "省方案呢?" switched plans: the exchange before it was about the other plan
            other = tuple(d.doc_id for d in self.corpus.documents if d.doc_id != switched)
            queries[0] = replace(queries[0], docs=other)
            answers[0] = self._answer_one(queries[0])
            same = {c.unit_id for c in answers[0].citations} == {c.unit_id for c in answers[1].citations}
        # asked again, a turn may rest on a clause its reply did not speak of ("担保那个呢", answered
        # "第16条:…", comes back to 第8条): the exchange was about the clause its reply cited or numbered
        for k, replied in enumerate(self._clauses_replied(history, compared, asked)):
            if replied and (not answers[k].citations or answers[k].citations[0].unit_id not in replied):
                queries[k] = self._about_the_clause(queries[k], replied[0])
                answers[k] = self._answer_one(queries[k])
        same = {c.unit_id for c in answers[0].citations} == {c.unit_id for c in answers[1].citations}
        plans_asked = {c.unit_id.split("/")[0] for a in answers for c in a.citations}
        if len(plans_asked) == 1 and (set(plans_set_against(normalize(question), self.corpus)) - plans_asked
                                      or cue_book("asks")["both_plans"](reading(question))):
            # "省里方案跟武汉比有啥不同?", "两份文件…对比着说一下" after two turns on Wuhan's plan: the
            # plans compared, not the turns
            return None
        if same and answers[0].text == answers[1].text:
            return None  # the two turns were about one thing: nothing to set side by side
        return self._side_by_side(own, queries, answers, common=cue_book("asks")["asks_common"](reading(question)))

    @staticmethod
    def _exchanges_compared(own: Query, history: Sequence[Turn], asked: Sequence[int]) -> list[int]:
        """The two exchanges a comparison sets side by side: the last two, unless the question names what
        it compares and two other exchanges say more of it ("头先讲嘅基金规模同贷款余额,边个大啲?" after
        three exchanges, the last on 专营机构): those, in the order they came."""
        last = list(asked[-2:])
        if len(asked) <= 2:
            return last

        def says(i: int) -> int:
            reply = history[i + 1].content if i + 1 < len(history) and history[i + 1].role == "assistant" else ""
            text = fold(history[i].content + reply)
            return sum(1 for group in own.terms if any(fold(alt) in text for alt in group))

        said = {i: says(i) for i in asked}
        best = sorted(sorted(asked, key=lambda i: (-said[i], -i))[:2])
        return best if min(said[i] for i in best) > 0 and sum(said[i] for i in best) > sum(said[i] for i in last) \
            else last

    def _about_the_clause(self, q: Query, uid: str) -> Query:
        """The query pinned to one clause: the names and words carried into its turn that the clause
        does not use are not what it was about."""
        text = fold(self.corpus.unit(uid).text)
        return replace(q, references=(uid,), anchor=(), docs=(uid.split("/")[0],),
                       names=tuple(n for n in q.names if fold(n) in text),
                       terms=tuple(g for g in q.terms if any(fold(alt) in text for alt in g)))

    def _clauses_replied(self, history: Sequence[Turn], compared: Sequence[int],
                         asked: Sequence[int]) -> list[tuple[str, ...]]:
        """The clauses each compared exchange's reply cited or named by number (() for a reply naming
        none): a number read in the plan its own exchange names ("湖北方案呢" / "第18条:…"), else in the
        conversation's."""
        exact, out = self._routes["exact"], []
        for start in compared:
            end = _exchange_end(start, asked, len(history))
            cited = dialogue_state(history[start:end], self.corpus, exact).last_cited
            if len({uid.split("/")[0] for uid in cited}) > 1:
                cited = dialogue_state(history[:end], self.corpus, exact).last_cited
            out.append(cited)
        return out

    def _compare_with_discussed(self, question: str, history: Sequence[Turn]) -> tuple[list[Query], list[Answer]] | None:
        """"那跟担保那个单户上限比,哪个高?" after a turn on the credit loan's cap: a subject of the
        question's own set against what the last exchange was about, each answered in its own
        context, side by side. Not when the question has no subject of its own, or both come to the
        same clauses."""
        asked = [i for i, turn in enumerate(history) if turn.role == "user" and turn.content.strip()]
        said = reading(question)
        if not asked or not cue_book("asks")["compare_discussed"](said) or cue_book("asks")["two_discussed"](said):
            return None  # "校友贷和这两个比哪个长?" sets it against two things, not the last one
        own = self.understand(question)
        if cue_book("asks")["points_at_the_two"](said) and not self._names_new_subject(own, history):
            return None  # "兩份講嘅行業有咩唔同?" asks of the two just discussed, naming nothing of its own
        # clauses it names themselves are asked as named, unless it also points at what was said ("Compare
        # that minimum share with the cap in task 4"); a plan it names, unless it is the plan not
        # discussed ("跟省里的份额转让安排比呢" after Wuhan's: what that plan says is set against it) and
        # not asked whether that plan has it at all ("…有没有对应的?我想两边对比下": asked of that plan)
        plan_only = bool(own.docs) and not own.references
        # (one clause named, "同第11条…比" without its plan, is set against what was said as any subject is)
        named_clauses = {uid.split("/", 1)[1] for uid in own.references}
        if not self._stands_alone(own) or (len(named_clauses) > 1 and not elliptical(said)) \
                or (plan_only and cue_book("asks")["asks_if_there"](said)):
            return None
        before = asked[-1]
        earlier = self.understand(history[before].content, history[:before])
        earlier_answer = self._answer_one(earlier)
        plans = {c.unit_id.split("/")[0] for c in earlier_answer.citations}
        other_plan = plan_only and bool(plans) and not set(own.docs) & plans
        if plan_only and not other_plan:
            return None
        if len({uid.split("/")[0] for uid in own.references}) > 1 and len(plans) == 1:
            # "the cap in task 4" after a turn on the Wuhan plan's item 1: the Wuhan plan's item 4
            doc = plans.pop()
            own = replace(own, docs=(doc,), references=tuple(u for u in own.references if u.startswith(doc + "/")))
        answers = [self._answer_one(own), earlier_answer]  # what it asks first, then what it is set against
        # each answer's first clause is what it rests on; the same one twice is one thing asked
        if any(a.refused or not a.citations for a in answers) or \
                answers[0].citations[0].unit_id == answers[1].citations[0].unit_id:
            return None
        if other_plan and answers[0].citations[0].unit_id.split("/")[0] not in own.docs:
            return None  # the plan named does not have it ("那武汉方案有没有类似的校友贷?…两边对比下")
        return self._side_by_side(own, [own, earlier], answers)

    def _side_by_side(self, own: Query, queries: Sequence[Query], answers: Sequence[Answer],
                      common: bool = False) -> tuple[list[Query], list[Answer]]:
        """The answers to ``queries`` set side by side as one answer to ``own``, its trace naming
        what each was understood as and its timings their sums."""
        combined = compare_answers(own, answers, self.corpus, common=common)
        resolved = " | ".join(q.resolved for q in queries)
        trace = tuple((k, resolved if k == "resolved" else v) for k, v in answers[0].trace)
        timings = tuple((k, sum(dict(a.timings_ms)[k] for a in answers)) for k in ("retrieve", "compose"))
        return [own], [Answer(combined.text, combined.citations, combined.refused, timings, trace)]

    def _names_new_subject(self, q: Query, history: Sequence[Turn]) -> bool:
        """Whether a question names something (a clause, product or unit) the conversation has not
        talked about. A word the documents use that is no name ("两边平台定位有什么区别": 定位)
        says what to compare, not what."""
        said = fold(" ".join(t.content for t in history))
        return bool(q.references) or any(fold(w) not in said for w in (*q.names, *q.units_named))

    # The fallbacks, tried in this order on a single answer; the first that gives a better one wins.

    def _lean_on_conversation(self, question: str, history: Sequence[Turn], q: Query, answer: Answer) -> Answer | None:
        """A question the documents do not answer on its own may lean on the conversation without
        a pronoun ("一年会选出多少家?" after a turn on 黄鹤凌云)."""
        if not history or q.followup or not _found_nothing(q, answer):
            return None
        leaning = self.understand(question, history, as_followup=True)
        if not leaning.followup:
            return None
        second = self._answer_one(leaning)
        # "Does the Hubei plan set a similar percentage?": the other plan's clause on the matter,
        # stating no such figure, is the answer; a refusal citing nothing is no better than the first
        return None if second.refused and not (leaning.one_doc and second.citations) else second

    def _other_plans_counterpart(self, question: str, history: Sequence[Turn], q: Query,
                                 answer: Answer) -> Answer | None:
        """"省里的方案呢?" when the provincial plan uses none of the earlier turn's words: the clause
        of that plan nearest to the one just discussed. Not when the follow-up names a subject of its
        own ("武汉方案有类似的碳融资内容吗?"): that plan not speaking of it is the answer."""
        if not history or not q.followup or not q.one_doc or not _found_nothing(q, answer):
            return None
        own = own_words(q)
        if any(w >= SPECIFIC_WEIGHT for w in term_weights(own, self.corpus)):
            return None
        counterpart = self._counterpart(q, history)
        return self._answer_one(replace(q, references=(counterpart,))) if counterpart else None

    def _ask_which_plan(self, question: str, history: Sequence[Turn], q: Query, answer: Answer) -> Answer | None:
        """"第三项谁负责?" after a greeting or an introduction only: both plans have an item 3, the question
        names neither and the conversation has said nothing to tell which; asked back which is meant."""
        docs = [r.split("/")[0] for r in q.references]
        if not history or q.followup or len(docs) != 2 or len(set(docs)) != 2 \
                or plans_named(reading(question), self.corpus) \
                or dialogue_state(history, self.corpus, self._routes["exact"]).last_user is not None:
            return None
        back = ask_which_plan(q, [self.corpus.unit(r) for r in q.references], self.corpus)
        return replace(back, timings_ms=answer.timings_ms, trace=answer.trace)

    def _ask_back(self, question: str, history: Sequence[Turn], q: Query, answer: Answer) -> Answer | None:
        """A follow-up with nothing to lean on ("那期限呢?" after a greeting, or in a new chat) is asked
        back which thing is meant, with the likeliest candidates, rather than refused."""
        read = reading(question)
        # "那它跟市里那个比哪个高" after small talk only: it points back at nothing said
        # (an opinion asked of it too: "跟上面那个比,哪个力度更大?" asks which first)
        # ("And the interest rate?": that no plan states one is no answer while what it is of is not
        # said — not "共赢贷这个渠道要备齐什么材料?", whose pointer follows what it points at)
        unstated_of_nothing = q.scope_issue.startswith("unstated:") and _names_nothing(q) \
            and points_before_its_subject(question, q)
        pointless = (q.scope_issue in ("", "opinion") or unstated_of_nothing) and \
            leans_on_nothing(question, history, self.corpus, self._routes["exact"])
        long = message_size(read) > (ASK_BACK_WORDS if q.language == "en" else ASK_BACK_CHARS)
        # "它最多能亏多少" after small talk: what it asks (亏损) is specific, what it asks it of is not there
        # ("武汉这个方案…": the pointer is at the plan named)
        unnamed_pointer = pointless and _names_nothing(q) and points_before_its_subject(question, q)
        # "And the third item on that list — who's in charge of it?" in a new chat: long, but the
        # list its ordinal counts over was never given
        listless = unnamed_pointer and ordinal_in(read) is not None
        if (long and not listless) or (self._stands_alone(q) and not unnamed_pointer):
            return None
        # 额度最多多少 with no subject: a product's term asked of nothing named
        # "牵头的是谁?" with no subject at all: who leads what is not said
        leans = elliptical(read) or (q.intent == "product_terms" and asked_figure(q.normalized) is not None) \
            or (q.intent == "responsible_units" and not q.terms)
        if not pointless and (not _found_nothing(q, answer) or not leans):
            return None
        if not pointless and q.followup and q.terms and plans_named(read, self.corpus):
            return None  # "武汉方案呢?" after "湖北方案有没有提校友贷?": the plan switched to lacks it
        own_words = any(not ORDINAL_WORD.fullmatch(g[0]) for g in self.understand(question).terms)
        if not pointless and own_words and not (history and elliptical(read)):
            # words of its own the plans do not use (上海那边的科创贷), asked outright: not stated, not
            # unclear; in a conversation a pointer ("这个比例后来有没有调高") still asks which is meant
            return None
        exact = self._routes["exact"]
        # candidates from what it asks ("那额度呢": the clauses stating one), not from words the
        # documents never use ("州里呢", "第几条": nothing to go by)
        strange = bool(q.terms) and not any(exact.occurs(normalize(alt)) for group in q.terms for alt in group)
        hits = [] if strange else self._retrieve(replace(q, anchor=(), prior_units=()))
        back = ask_back(q, [h.unit for h in hits], exact)
        return replace(back, timings_ms=answer.timings_ms, trace=answer.trace)

    def _counterpart(self, q: Query, history: Sequence[Turn]) -> str | None:
        """The unit of ``q.one_doc`` nearest (by embedding) to the unit the conversation was on
        in the other plan: the earlier answer's clause, else the best hit for the earlier question."""
        dense = self._routes.get("dense")
        if dense is None:
            return None
        sources = [uid for uid in q.prior_units if not uid.startswith(q.one_doc + "/")]
        if not sources:
            last_user = next((t.content for t in reversed(history) if t.role == "user"), "")
            hits = self._retrieve(self.understand(last_user)) if last_user else []
            sources = [h.unit.id for h in hits[:1] if h.unit.doc != q.one_doc]
        if not sources:
            return None
        source = self.corpus.unit(sources[0])
        near = [h.unit.id for h in dense.search(f"{source.title}。{source.text[:60]}", 40) if h.unit.doc == q.one_doc]
        return near[0] if near else None

    def _part_stands(self, i: int, part: str, q: Query, history: Sequence[Turn]) -> bool:
        """Whether part ``i`` of a compound (``q``, read against the conversation) can be answered
        on its own: it names its own subject; in a conversation a later part must name it in its own
        words, not carry it over, and not lean on what the part before it found."""
        if not history or i == 0:
            # in a conversation, a first part pointing back at what was said ("What are those two
            # platforms called, and …") is answered from the clause it points at
            return self._stands_alone(q) or bool(history and q.followup and q.anchor)
        return not _points_at_the_part_before(part) and self._stands_alone(self.understand(part, ()))

    def _leans_on_the_part_before(self, part: str, before: str) -> bool:
        """Whether a later part of a compound asks of what the part ``before`` it found: it points at
        it, or names the other plan and no subject of its own ("武汉…最长几年?省里这项试点分工表上由谁牵头?")."""
        if _points_at_the_part_before(part):
            return True
        docs = mentioned_docs(normalize(part), self.corpus)
        return bool(docs) and docs != mentioned_docs(normalize(before), self.corpus) \
            and not self._stands_alone(self.understand(part, ()))

    def _leans_for_want_of_a_subject(self, q: Query, history: Sequence[Turn]) -> bool:
        """Whether a question in a conversation that no cue marks as a follow-up still leans on it:
        it names no subject of its own (no name, unit, clause or specific word of the documents)."""
        # a plan named is where to look, not a subject, when who is responsible is asked ("Which Wuhan
        # agencies are responsible?" after a turn on its QFLP clause) or nothing else is named at all
        # ("Is the formula worded identically in the Hubei plan?")
        return bool(history) and not q.followup and q.intent not in ("instruction", "chitchat", "document_info") \
            and not q.scope_issue and (not q.docs or q.intent == "responsible_units" or not q.terms) \
            and not self._stands_alone(q)

    def _stands_alone(self, q: Query) -> bool:
        """Whether a part of a compound question names its own subject and is in scope."""
        specific = any(w >= SPECIFIC_WEIGHT for w in term_weights(q, self.corpus))
        return not q.scope_issue and bool(q.names or q.units_named or q.references or specific)

    def refusal_probability(self, question: str) -> float | None:
        """The learned classifier's probability that the plans leave ``question`` unanswered (None: no model)."""
        model = self.refusal_model
        return None if model is None else model.p_refuse(reading(question))

    def _second_opinion(self, q: Query) -> tuple[Query, bool, str]:
        """The question as the learned classifier leaves it, whether to refuse what the rules would
        answer, and what it said (for the trace).

        A cue's refusal is lifted when the classifier is confident the plans answer; an answer no
        cue stopped is turned into a refusal when it is confident they do not (not for a
        follow-up: its words lean on a conversation the classifier does not see). A refusal the
        rules give anyway stays theirs: it names what is missing. Small talk is the rules' alone.
        """
        model = self.refusal_model if self.settings.second_opinion else None
        if model is None or q.scope_issue == "chitchat":
            return q, False, "off"
        p = model.p_refuse(reading(q.text))
        verdict = second_opinion(bool(q.scope_issue), p, Thresholds(self.settings.veto_below,
                                                                    self.settings.refuse_above))
        if verdict is False:
            return without_scope_issue(q), False, f"{p:.2f}: lifted {q.scope_issue}"
        if verdict is True and not q.followup:
            return q, True, f"{p:.2f}: refuse"
        return q, False, f"{p:.2f}"

    def _answer_one(self, q: Query) -> Answer:
        """The answer to an understood question: the model's when configured and grounded, else the offline one."""
        started = time.perf_counter()
        q, refuse, opinion = self._second_opinion(q)
        hits = self._retrieve(q) if q.searchable else []
        retrieved = time.perf_counter()
        answer = None
        answerer = "offline"
        if self._answerer is not None and q.searchable:
            try:
                answer = self._answerer.answer(q, hits, self.corpus)
            except AssistantError as exc:
                log.warning("model answer failed, using the offline answer: %s", exc)
            if answer is not None and not check_answer(answer, self.corpus).ok:
                log.warning("model answer failed the grounding check; using the offline answer")
                answer = None
            if answer is not None:
                answerer = "llm"
        if answer is None:
            answer = compose_answer(q, hits, self.corpus, self._opinion(), self.lead_prior)
        if refuse and not answer.refused:
            answer = compose_answer(replace(q, scope_issue="learned"), [], self.corpus)
        report = check_answer(answer, self.corpus, Writer(q, None).ungrounded())
        if not report.ok:
            answer = report.repaired
        done = time.perf_counter()
        timings = (("retrieve", (retrieved - started) * 1000), ("compose", (done - retrieved) * 1000))
        trace = (("intent", q.intent), ("resolved", q.resolved), ("hits", " ".join(h.unit.id for h in hits[:5])),
                 ("second_opinion", opinion), ("answerer", answerer), ("kind", dict(answer.trace).get("kind", "")),
                 ("grounding", "ok" if report.ok else "; ".join(report.problems)))
        return Answer(answer.text, answer.citations, answer.refused, timings, trace)

    def match(self, profile: str):
        """The numbered measures that apply to a self-description, with why, quote, terms and contacts
        (an ``eligibility.MatchResult``; raises ``InputRejected`` for unusable input). Needs no index."""
        from .answer.eligibility import match_profile

        return match_profile(profile, self.corpus, self.settings.max_question_chars, self._opinion())

    def match_form(self, entity: Sequence[str] = (), stage: Sequence[str] = (), needs: Sequence[str] = (),
                   place: str | None = None, language: str = "zh", description: str = ""):
        """The numbered measures that apply to a filled-in matching form (an ``eligibility.MatchResult``).

        The fields hold names as ``match_choices`` lists them: kinds (their hierarchy is applied:
        专精特新 is a 科技型中小企业 and a 科技型企业), stages, needs and a place's canonical name
        (None: not said); ``why`` and the note are in ``language`` ("zh" or "en"). The ``form`` of a
        ``match`` result holds what was read from its profile and matches to the same measures.
        Raises ``InputRejected`` for a name the vocabulary lacks. Needs no index. ``description``: the
        text the form was read from; while the form is as read, the learned second opinion applies as
        it does in ``match``.
        """
        from .answer.eligibility import MatchForm, match_form

        form = MatchForm(tuple(entity), tuple(stage), tuple(needs), place)
        return match_form(form, self.corpus, language, description if isinstance(description, str) else "",
                          self._opinion())

    def match_choices(self):
        """What the matching form offers (an ``eligibility.FormChoices``): kinds, stages, needs and places, in
        the rules file's order, with their English names."""
        from .answer.eligibility import form_choices, vocabulary

        return form_choices(vocabulary())

    def unit_directory(self) -> dict[str, UnitRoles]:
        """Every government unit the documents name (aliases merged) and the units it leads or shares."""
        aliases = canonical_unit_names()
        names: dict[str, tuple[list[Unit], list[Unit]]] = {}
        for unit in self.corpus.units:
            for name in unit.units:
                canonical = aliases.get(name, name)
                leads, shares = names.setdefault(canonical, ([], []))
                (leads if name in unit.lead_units else shares).append(unit)
        return {n: UnitRoles(n, tuple(l), tuple(s)) for n, (l, s) in sorted(names.items())}

    def as_langchain_retriever(self, k: int = 5):
        """The fused retriever as a langchain-core ``BaseRetriever``."""
        from .retrieve.adapters import as_langchain_retriever

        return as_langchain_retriever(lambda q, n: self.search(q, n), k)

