"""Questions outside the plans' scope: an errand, an opinion, another place's rules, off topic
— and small talk, which gets a short reply and what the assistant can do."""

from __future__ import annotations

import string

from ...types import Answer
from ...understand.question import Query
from ..writing import AnswerKind, Citations, Draft, refusal


_SCOPE_REFUSALS = {"instruction": "instruction", "chitchat": "chitchat", "opinion": "opinion",
                   "other_rules": "other_rules", "off_topic": "not_found",
                   "learned": "not_found"}  # "learned": the second opinion is confident the plans do not answer


def _scope_refusal(d: Draft) -> Answer:
    issue = d.q.scope_issue
    if issue == "chitchat":  # small talk gets a short reply and what the assistant can do: no refusal
        return d.w.finish([d.w.p["chitchat"]], Citations(), False)
    if issue.startswith("other_place:"):
        place = issue.split(":", 1)[1]
        # the place as the asker's language writes it: read lower-cased, an English name is capitalised
        return refusal(d.w, "other_place", place=string.capwords(place) if place.isascii() else place)
    return refusal(d.w, _SCOPE_REFUSALS[issue])


def applies(q: Query) -> bool:
    return bool(q.scope_issue) and not q.scope_issue.startswith("unstated:")


def compose(d: Draft) -> Answer | None:
    return _scope_refusal(d)


KIND = AnswerKind("scope_refusal", applies, compose)
