"""A refusal that names what was asked and refers to whoever owns that topic: the plans do not
state a detail (an address, a subsidy, a figure), so say which, and cite the units of a
clause about the product or programme asked for — or nobody."""

from __future__ import annotations

import re
from typing import Sequence

from ...language.text import fold, reading
from ...retrieve.rerank import FIGURE_CUES, asked_figure_cues, doc_uses
from ...rules import cue_book
from ...types import Answer, Corpus, Unit
from ...understand.question import Query
from ..evidence import best_sentences, measure_of, own_text, own_words, uses_name
from ..leads import clause_phrase
from ..writing import Citations, Writer, quote_point, refusal, responsible_lines


TOPIC_CHARS = 10  # the question's own words that name what a refusal is about, at most
TOPIC_WORDS = 3
# details whose refusal quotes what the clause does say and refers to its units whatever was named
FIGURE_DETAILS = ("具体数值", "所问年份的目标", *FIGURE_CUES)


def figure_detail(q: Query) -> str:
    """How a refusal names the figure asked for: its kind when the question's own words ask for one
    kind ("那期限呢" → figure_term: 期限), else 具体数值."""
    kinds = asked_figure_cues(own_text(q))
    return kinds[0] if len(kinds) == 1 else "具体数值"


def _unstated_cue(detail: str):
    """The cue of rules/unstated.yaml that caught ``detail``; None for a detail no cue names (具体数值)."""
    return next((c for c in cue_book("unstated") if c.name == detail), None)


def _detail_label(w: Writer, detail: str) -> str:
    """How a refusal names the detail asked for: the cue's ``say`` (rules/unstated.yaml), else the phrase table."""
    language = "en" if w.q.language == "en" else "zh"
    cue = _unstated_cue(detail)
    if cue is not None and cue.say:
        return cue.say.get(language, detail)
    return w.p["details"].get(detail, detail)


def _asked_topic(q: Query, detail: str, unit: Unit | None) -> str:
    """What the unanswered detail is of, in the question's own words: the government unit asked
    about (its address), the product or programme named, else the question's subject words (not
    those that asked for the detail: 贴息 in 科技企业贷款贴息有吗); of a follow-up, only what the
    clause referred to uses ("Does the Wuhan plan put a number on its relending too?" after a
    turn on Hubei's 鄂创融: not 鄂创融)."""
    if q.units_named and detail in ("联系方式", "负责人"):
        return q.units_named[0]  # "省委金融办的地址": a detail of the government unit itself
    names = [n for n in q.names if unit is None or not q.followup or uses_name([fold(n)], unit)]
    if names:
        return names[0]
    cue = _unstated_cue(detail)
    asked = cue.search(q.normalized) if cue is not None else None
    elsewhere = q.followup and unit is not None  # a follow-up's words only as the clause referred to uses them
    words = [g[0] for g in q.terms if g[0] in q.normalized and not (elsewhere and fold(g[0]) not in fold(unit.text))]
    topic, kept = "", []
    for word in words:
        if asked is not None and (word in asked.group(0) or asked.group(0) in word):
            continue
        if re.search(r"\d", word) or any(fold(word) in fold(u) or fold(u) in fold(word) for u in q.units_named):
            continue  # a figure or a unit's name would need a clause stating it, and a refusal cites none
        if len(topic + word) > TOPIC_CHARS or len(kept) == TOPIC_WORDS:
            break
        topic += word
        kept.append(word)
    return topic


def absent_topic(w: Writer, q: Query, corpus: Corpus, own: bool = False) -> str:
    """The question's subject words (``own``: those it writes itself, not carried from earlier turns)
    the one plan it names never uses though the other does (校友 asked of Wuhan), as a refusal names
    them; "" when there are none or it names no single plan."""
    return w.script(w.p["sep"].join(_absent_words(q, corpus, own)[:TOPIC_WORDS]))


def _absent_words(q: Query, corpus: Corpus, own: bool) -> list[str]:
    doc = q.docs[0] if len(q.docs) == 1 else None
    if doc is None:
        return []
    others = [d.doc_id for d in corpus.documents if d.doc_id != doc]
    units = {fold(name) for unit in corpus.units for name in unit.units}
    # its own words (an English one by its expansion: carbon → 碳), else every word of its subject
    terms = own_words(q).terms if own else [g for g in q.terms if g[0] in q.normalized]
    return [g[0] for g in terms if not re.search(r"\d", g[0])  # a year is no topic
            and fold(g[0]) not in units  # who asks ("我是市科技创新局的实习生") is no topic, and a refusal cites no one
            and not doc_uses(g, doc, corpus) and any(doc_uses(g, other, corpus) for other in others)]


def not_found(w: Writer, q: Query, corpus: Corpus) -> Answer:
    """Nothing in the plans is on the question's subject: say so; when the question names one plan,
    name the subject words that plan never uses though the other does ("《武汉市行动方案》没有涉及校友")."""
    # what the question asks itself first ("那武汉的呢?有没有预警…"), not what earlier turns discussed
    topic = absent_topic(w, q, corpus, own=True) or absent_topic(w, q, corpus)
    if not topic:
        return refusal(w, "not_found")
    return refusal(w, "not_found_topic", scope=w.scope("absent_one", "absent_both"), topic=topic)


def _owns_topic(q: Query, unit: Unit, detail: str) -> bool:
    """Whether a clause's units are the ones to ask: it names the product or programme asked about."""
    if detail in FIGURE_DETAILS or (q.units_named and detail in ("联系方式", "负责人")):
        return True  # a goals section stands for itself; a unit asked about is cited where the plans name it
    return bool(q.names) and uses_name([fold(n) for n in q.names], unit)


def refer(w: Writer, q: Query, detail: str, units: Sequence[Unit]) -> Answer:
    """The documents do not state ``detail`` of what was asked; name who owns that topic (citing
    where it says so) when a clause is about it, and nobody when none is."""
    cites = Citations()
    topic, label = _asked_topic(q, detail, units[0] if units else None), _detail_label(w, detail)
    lines = [w.p["unstated"].format(scope=w.scope(), topic=w.script(topic), detail=label) if topic
             else w.p["unstated_plain"].format(scope=w.scope(), detail=label)]
    answered = False  # asked what the plan says failing a figure ("没有的话是怎么提的?"), saying it answers
    # — as it does asked how the plan puts the matter at all ("是怎么表述的?也给额度了吗")
    asks, read = cue_book("asks"), reading(q.text)
    fallback = asks["asks_fallback"](read) or asks["asks_what_is_said"](read)
    measure = measure_of(units[0], w.corpus) if units and w.corpus is not None else None
    if measure is not None and fallback and detail in FIGURE_DETAILS:
        units = [measure, *units]  # a task-table row says it in its measure's words
    if units and _owns_topic(q, units[0], detail):
        if (detail in FIGURE_DETAILS or fallback) and units[0].kind != "annex":
            # what the clause does say on it ("适当延长流动资金贷款期限", "关键指标突破性增长"; "没写的话反担保
            # 要求是怎么说的?" whatever detail it lacks), then who owns it (a task-table row's line
            # quotes its task already)
            point = quote_point(w, q, units[0], cites)
            answered = bool(point) and fallback
            said = clause_phrase(q, units[0], best_sentences(q, units[0]), w.corpus, prior=w.prior) if answered else None
            opening = w.p["said_instead"].format(phrase=said, m=cites.marker(units[0])) if said else w.p["related_text"]
            lines.extend([opening, point] if point else [])
        owner_lines = responsible_lines(w, q, units[0], cites)
        if owner_lines:
            lines.append(w.p["refer_to"])
            lines.extend(owner_lines)
    return w.finish(lines, cites, not answered)
