"""The offline answerer: an extractive answer composed from the retrieved units.

It opens with the sentence that answers, quotes clauses verbatim (rendered in the asker's
script, cited in the original), ends every point with a marker [n] matching the citations,
and refuses plainly when the documents do not say, naming the units that own the topic where
it can. Each kind of answer is a module of ``answer/kinds`` with ``applies`` and ``compose``;
``ANSWER_KINDS`` is the order they are tried in. Pure: a ``Query``, hits and the corpus in, an
``Answer`` out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from ..language.text import clause_segments, fold, is_frame, normalize, sentence_spans, shared_items, to_simplified
from ..retrieve.rerank import asked_figure
from ..types import Answer, Corpus, Hit, Unit
from ..understand.question import Query
from . import select
from .kinds import (clause, comparison, document_info, eligibility_listing, figure, premise_check, programme_figure,
                    reference, responsible_units, scope_refusal, section_listing, unit_lookup, unit_role, what_applies)
from .prior import SegmentPrior
from .writing import AnswerKind, Citations, Draft, Writer

# The answer kinds, in the order they are tried: the first that applies and answers decides.
# "select" chooses the clauses (and refers or refuses when there are none); the kinds after it
# answer from them.
ANSWER_KINDS: tuple[AnswerKind, ...] = (
    scope_refusal.KIND,
    what_applies.KIND,
    unit_role.KIND,
    unit_lookup.KIND,
    document_info.KIND,
    section_listing.KIND,
    select.KIND,
    premise_check.KIND,
    responsible_units.KIND,
    reference.KIND,
    comparison.KIND,
    programme_figure.KIND,
    figure.KIND,
    eligibility_listing.KIND,
    clause.KIND,
)


def compose_answer(q: Query, hits: Sequence[Hit], corpus: Corpus, opinion=None,
                   prior: SegmentPrior | None = None) -> Answer:
    """The offline answer to ``q`` from ``hits`` (fused, best first): the first answer kind in
    ``ANSWER_KINDS`` that applies and answers. ``opinion``: eligibility matching's learned second
    opinion, for a question that describes the asker (``eligibility.match_profile``); ``prior``:
    what askers wanted of each clause segment, for leads asked openly (``prior.py``). Its trace
    names the kind that answered."""
    draft = Draft(q, Writer(q, corpus, prior), corpus, hits, opinion=opinion)
    for kind in ANSWER_KINDS:
        if kind.applies(q):
            answer = kind.compose(draft)
            if answer is not None:
                return replace(answer, trace=(("kind", kind.name),))
    raise AssertionError("the clause kind always answers")


ASK_BACK_CANDIDATES = 3


def ask_back(q: Query, units: Sequence[Unit], exact) -> Answer:
    """A question back for a follow-up with nothing to lean on: which thing is meant, with the
    products or programmes the likeliest clauses name (their titles where they name none)."""
    w = Writer(q, None)
    figure = asked_figure(q.normalized)
    # asked for a figure (那期限呢): where the clauses state one of that kind, and what they name there
    places = [unit.text[a:b] for unit in units for a, b in sentence_spans(unit.text)
              if figure is None or figure.search(normalize(unit.text[a:b]))]
    candidates: list[str] = []
    for text in places:
        # a name stating a figure (单列100亿元再贷款) would put a number in a reply that cites nothing
        names = [_as_written(n, text) for n in exact.names_in(normalize(text)) if not re.search(r"\d", n)]
        candidates.extend(n for n in names[:1] if n not in candidates)
        if len(candidates) >= ASK_BACK_CANDIDATES:
            break
    if not candidates:
        candidates = [to_simplified(u.title) for u in units[:ASK_BACK_CANDIDATES]]
    line = w.p["ask_back"].format(candidates=w.p["sep"].join(candidates)) if candidates else w.p["ask_back_plain"]
    return w.finish([line], Citations(), False)


def ask_which_plan(q: Query, units: Sequence[Unit], corpus: Corpus) -> Answer:
    """"第三项谁负责?" naming no plan, with nothing said before to tell which: a question back naming
    each plan's item by its title (citing nothing), rather than both answered."""
    w = Writer(q, corpus)
    items = [f"{w.label(u)}({w.script(u.title)})" for u in units]
    return w.finish([w.p["ask_which_plan"].format(items=w.p["either_or"].join(items))], Citations(), False)


def _as_written(name: str, text: str) -> str:
    """A name found in its normalised form (aic), as the clause writes it (AIC), in Simplified script."""
    found = re.search(re.escape(name), to_simplified(text), re.IGNORECASE)
    return found.group(0) if found else to_simplified(name)


_MARKER = re.compile(r"\[(\d+)\]")
_QUOTED = re.compile(r"「([^」]+)」")
_EVIDENCE = re.compile(r"[:：]\s*「.*」\s*(?:\[\d+\])+\s*$")


def _not_yet_quoted(lines: Sequence[str], said: str) -> list[str]:
    """The lines whose quotations ``said`` does not already give (a line quoting nothing is kept)."""
    return [line for line in lines
            if not (_QUOTED.findall(line) and all(fold(q) in fold(said) for q in _QUOTED.findall(line)))]


def _renumbered(lines: Sequence[str], numbers: dict[int, str]) -> list[str]:
    """The lines with each marker [n] of one answer replaced by its marker in the joined answer."""
    return [_MARKER.sub(lambda m: numbers.get(int(m.group(1)), m.group(0)), line) for line in lines]


def _lead_of(lines: Sequence[str]) -> list[str]:
    """An answer's lead: its first line when that states a cited fact rather than quoting a clause
    ("…:「…」[1]") or heading a list (no marker)."""
    return lines[:1] if lines and _MARKER.search(lines[0]) and not _EVIDENCE.search(lines[0]) else []


def join_answers(answers: Sequence[Answer], corpus: Corpus) -> Answer:
    """The answers to the parts of a compound question as one: each part's lead first, in turn,
    so the facts asked come first (a part before the last that was asked where something stands
    leads with the place only: "千企股改见《湖北省工作方案》第25条…、任务分工表第60项[1]。", its
    words follow as evidence); then their evidence.

    A unit cited by several parts is cited once, its quote covering what each part quoted; a
    line whose quotes an earlier part already gave is left out, and a lead an earlier part gave word
    for word; markers are renumbered to match. The whole is refused only when every part was.
    """
    cites = Citations()
    leads: list[str] = []
    rest: list[str] = []
    for part, answer in enumerate(answers, start=1):
        lines = answer.text.split("\n")
        lead = _lead_of(lines)
        if part < len(answers):
            lead = [_place_only(line) for line in lead]
        body = _not_yet_quoted(lines[len(lead):], "\n".join(rest))
        used = {int(n) for line in lead + body for n in _MARKER.findall(line)}
        numbers = {i: cites.mark(corpus.unit(c.unit_id), c.quote)
                   for i, c in enumerate(answer.citations, start=1) if i in used}
        # two parts answered by the same words lead once ("这俩是啥关系?省里一年选多少家?" both
        # finding one clause)
        leads.extend(line for line in _renumbered(lead, numbers) if line not in leads)
        rest.extend(_renumbered(body, numbers))
    return Answer("\n".join(leads + rest), tuple(cites.items), all(a.refused for a in answers))


_RESPONSIBLE_TOO = re.compile(r"[;；]\s*(?:责任单位是|responsible unit\(s\): )[^\[\n]*(?=\[\d+\])")


def who_leads_only(answer: Answer, question: str) -> Answer:
    """Asked only who leads a row (``question``), the answer with a lead naming only the units
    that lead, not every responsible unit too: what a compound's next part goes on from ("…谁牵头?
    它还牵头了哪些?"); otherwise the answer as it is."""
    if unit_lookup.roles_asked(question) != ("leads",):
        return answer
    first, _, rest = answer.text.partition("\n")
    return replace(answer, text="\n".join(t for t in (_RESPONSIBLE_TOO.sub("", first, count=1), rest) if t))


_LOCATED = re.compile(r"^(?P<place>[^:「]+?见《[^》]+》[^:「]*?):(?P<phrase>[^「]*?)(?P<end>(?:\[\d+\])+。?)$")


def _place_only(lead: str) -> str:
    """A lead that says where something stands and what it says there, cut to where it stands."""
    m = _LOCATED.match(lead)
    return m["place"] + m["end"] if m else lead


def compare_answers(q: Query, answers: Sequence[Answer], corpus: Corpus, common: bool = False) -> Answer:
    """The answers about the things a conversation discussed, side by side: an opening (``common``:
    with the items both name), each answer's lead, then their evidence; a unit cited by both is
    cited once, markers renumbered."""
    cites = Citations()
    leads: list[str] = []
    rest: list[str] = []
    figure = asked_figure(q.normalized)
    w = Writer(q, corpus)
    for answer in answers:
        numbers = {i: cites.mark(corpus.unit(c.unit_id), c.quote) for i, c in enumerate(answer.citations, start=1)}
        lines = _not_yet_quoted(_renumbered(answer.text.split("\n"), numbers), "\n".join(rest))
        if lines and "「" not in lines[0]:
            # a lead states the fact asked; its evidence follows below
            leads.append(_stating(lines.pop(0), figure, [c.quote for c in answer.citations[:1]], w))
        rest.extend(lines)
    # the leads say what is set side by side; without one, say what follows
    opening = [] if leads else [w.p["compare_discussed"]]
    units = [{c.unit_id for c in a.citations} for a in answers]
    if common and len(answers) == 2 and not units[0] & units[1]:  # two clauses, not one quoted twice
        # "两边都有的是哪几个": the items the first one's clause lists that the second's also names
        quoted = ["\n".join(c.quote for c in a.citations) for a in answers]
        shared = shared_items(quoted[0], quoted[1])
        if shared:  # the answer first, then the two side by side
            opening.insert(0, w.p["both_mention"].format(items=w.p["sep"].join(w.script(i) for i in shared)))
    text = w.finish(opening, Citations(), False).text if opening else ""
    return Answer("\n".join([t for t in (text, *leads, *rest) if t]), tuple(cites.items), all(a.refused for a in answers))


_LEAD_PARTS = re.compile(r"^(?P<subject>[^:]*?: ?)(?P<phrase>.*?)(?P<end>(?:\[\d+\])+[。.]?)$")


def _stating(lead: str, figure: re.Pattern | None, quotes: Sequence[str] = (), w: Writer | None = None) -> str:
    """A part's lead in a comparison cut to its segments stating the figure compared ("哪个长":
    "存续期最长可达15年", not the whole sentence before it), each with the frame it is said under
    ("对于控股型并购,贷款期限最长可达10年"); a lead stating none of it says the first segment of its
    quoted evidence that does ("哪个额度高": "最高额度1000万元", not "最长3年期"). The lead as it is when
    no figure is compared or every segment states one."""
    parts = _LEAD_PARTS.match(lead) if figure is not None else None
    if parts is None:
        return lead
    segments = parts["phrase"].split(",")
    kept = {i for i, seg in enumerate(segments) if figure.search(normalize(seg))}  # a Traditional lead's 億元 too
    if not kept:
        stated = next((seg for quote in quotes for seg in clause_segments(quote) if figure.search(normalize(seg))), None)
        return parts["subject"] + w.shown(w.script(stated)) + parts["end"] if stated and w is not None else lead
    if len(kept) == len(segments):
        return lead
    for i in sorted(kept, reverse=True):  # with the frame it is said under ("对于控股型并购")
        while i > 0 and is_frame(segments[i - 1]):
            i -= 1
            kept.add(i)
    return parts["subject"] + ",".join(seg for i, seg in enumerate(segments) if i in kept) + parts["end"]
