"""What a named government unit leads and takes part in, per plan, each task cited.

The question's own words say which role is asked for (rules/asks.yaml ``leads_role``,
``shares_role``): the tasks it leads, those it takes part in, or both; asked what else it does
(``asks_others``), those the conversation has not talked of yet. When only one or two tasks are
listed, what each task is follows, quoted.
"""

from __future__ import annotations

from ...language.text import fold, reading, related_topic, sentence_spans
from ...rules import cue_book
from ...types import Answer, Corpus, Unit
from ...understand.question import Query
from ..evidence import body_span, note_span
from ..writing import AnswerKind, Citations, Draft, Writer, quote_point, refusal


DETAILED_TASKS = 2  # a lookup listing at most this many tasks also quotes what each task is


def roles_asked(question: str) -> tuple[str, ...]:
    """The roles a question about a unit's work asks for, in its own words: leads, shares or both."""
    asks = cue_book("asks")
    text = reading(question)
    roles = tuple(role for role, cue in (("leads", "leads_role"), ("shares", "shares_role")) if asks[cue](text))
    return roles or ("leads", "shares")


def _tasks(name: str, doc: str, corpus: Corpus) -> dict[str, list[Unit]]:
    """The units of one plan a unit leads, and those it takes part in without leading."""
    units = [u for u in corpus.units if u.doc == doc]
    return {"leads": [u for u in units if name in u.lead_units],
            "shares": [u for u in units if name in u.responsible_units and name not in u.lead_units]}


def _item(w: Writer, name: str, unit: Unit, role: str, cites: Citations, brief: bool) -> str:
    """One task listed: its label and title, cited; ``brief``, in a longer list: its number within
    the plan the sentence names, and of several co-leads the first."""
    spans = sentence_spans(unit.text)
    quote = unit.text[slice(*spans[0])] if spans and unit.kind == "annex" else unit.text
    if unit.kind == "measure" and unit.responsible_units:
        quote = unit.text[slice(*(note_span(unit) or (0, len(unit.text))))]
    partners = [u for u in unit.lead_units if u != name] if role == "leads" else []
    together = "" if not partners else w.p["co_leads"].format(units=w.p["sep"].join(partners)) \
        if not brief or len(partners) == 1 else w.p["co_leads_more"].format(unit=partners[0])
    marker = cites.mark(unit, quote)
    label = w.label(unit, bare=brief)
    if fold(unit.title) not in fold(unit.text):  # a section's name (保障措施) is no quotation of it
        return label + marker + together
    return w.p["lookup_item"].format(label=label, title=w.script(unit.title), m=marker) + together


def _topic(q: Query) -> tuple[tuple[str, ...], ...]:
    """What the question narrows the unit's tasks to in so many words ("还牵头了哪些跟上市有关的事":
    上市), with the question's term group holding it (its expansions: an English word's Chinese)."""
    phrase = related_topic(q.text)
    if not phrase:
        return ()
    held = tuple(g for g in q.terms if any(fold(alt) in fold(phrase) or fold(phrase) in fold(alt) for alt in g))
    return held or ((phrase,),)


def _about(tasks: list[Unit], topic: tuple[tuple[str, ...], ...]) -> list[Unit]:
    """The tasks whose text names the topic; all of them when none does (or no topic was asked)."""
    named = [u for u in tasks if any(fold(alt) in fold(u.text) for g in topic for alt in g)]
    return named or tasks


def _others(tasks: list[Unit], q: Query) -> list[Unit]:
    """Asked what else a unit does ("还牵头了哪些?"), its tasks but those the conversation already
    talked of: the clauses the last reply cited (or named), and a task that alone of them holds a
    name the earlier turns said (楚天凤鸣基金; not 母基金, which two of them hold). All of them
    when that leaves none."""
    if not q.said_before or not cue_book("asks")["asks_others"](reading(q.text)):
        return tasks
    holding = {name: [u for u in tasks if fold(name) in fold(u.text)] for name in q.said_before}
    talked_of = {holders[0].id for holders in holding.values() if len(holders) == 1} | set(q.said_before)
    return [u for u in tasks if u.id not in talked_of] or tasks


def _unit_lookup(w: Writer, q: Query, corpus: Corpus) -> Answer:
    """Every task a named government unit leads or shares (as asked), per plan, each cited; asked
    about a topic too ("跟上市有关的"), those of its tasks that name it."""
    cites = Citations()
    lines: list[str] = []
    listed: list[Unit] = []
    roles = roles_asked(q.text)
    topic = _topic(q)
    # each named unit's tasks per plan: all of them, those not talked of yet, and of those the ones on the topic asked
    found = [(name, doc, every, rest, {role: _about(tasks, topic) for role, tasks in rest.items()})
             for name in q.units_named[:2] for doc in corpus.documents if not q.docs or doc.doc_id in q.docs
             for every in [_tasks(name, doc.doc_id, corpus)]
             for rest in [{role: _others(tasks, q) for role, tasks in every.items()}]]
    brief = sum(len(about[role]) for *_, about in found for role in roles) > DETAILED_TASKS
    for name, doc, every, rest, tasks in found:
        for role in roles:
            if tasks[role]:
                items = [_item(w, name, unit, role, cites, brief) for unit in tasks[role]]
                # "跟上市有关的": say what the list is of; "还牵头了哪些": that it is the rest
                kind = "_about" if len(tasks[role]) < len(rest[role]) else \
                    "_others" if len(rest[role]) < len(every[role]) else ""
                lines.append(w.p[f"lookup_{role}{kind}"].format(
                    unit=name, doc=w.p["doc_names"].get(doc.doc_id, doc.title), items=w.p["list_sep"].join(items),
                    topic=w.script(topic[0][0]) if topic else ""))
                listed.extend(tasks[role])
    if not lines:
        return refusal(w, "not_found")
    if len(listed) <= DETAILED_TASKS:
        for unit in listed:  # "市市场监管局参与哪条?": one task, and what it is
            point = quote_point(w, q, unit, cites, spans=[body_span(unit)])
            lines.extend([point] if point else [])
    return w.finish(lines, cites, False)


def applies(q: Query) -> bool:
    return q.intent == "unit_lookup" and bool(q.units_named)


def compose(d: Draft) -> Answer | None:
    return _unit_lookup(d.w, d.q, d.corpus)


KIND = AnswerKind("unit_lookup", applies, compose)
