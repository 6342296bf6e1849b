"""A learned prior for leads: how often each segment of a clause states what askers wanted from it.

Counted on the project's labelled question sets (every one not named in ``held_out.txt``, the
tuning sets the refusal classifier leaves out included): for every question with ``must_include``
facts, each clause segment of each gold unit is *seen* once and *states* when it holds one of the
facts (科技保险在库产品达到60个 for "东湖科技保险示范区市里和省里各说了啥"). A segment's prior is
``states / (seen + SMOOTHING)``; a comparison's side reads the counts of the askers whose gold clauses were in both plans.

Asked openly (no figure of one kind, no aim, name, method, condition or party asked for), a lead
weighs each segment's words by what the question says and adds this prior, so that of two
segments echoing the question the one stating the concrete thing askers want comes first. Counting
takes a twentieth of a second at first use; the table is kept beside the index.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from ..language.text import NORMALIZER_VERSION, fold, numbered_segments, sentence_spans, to_simplified
from ..types import Corpus
from ..understand.learned import kept_or_trained, training_sets, write_json

SMOOTHING = 3  # questions: a segment seen by few askers counts little
MODEL_VERSION = "2"
MODEL_FILE = "lead-prior.json"


@dataclass(frozen=True)
class Asked:
    """A labelled question as the prior counts it: its gold units and its facts (folded)."""

    gold: tuple[str, ...]
    facts: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class SegmentPrior:
    """Per folded segment: how many askers' facts it stated, and how many askers' gold clauses held it;
    ``compared``: the same counted over the askers whose gold clauses are in both plans."""

    counts: Mapping[str, tuple[int, int]]
    compared: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    fingerprint: str = ""

    def of(self, segment: str) -> float:
        """The share of askers whose gold clause held this segment that it told what they wanted (0–1)."""
        states, seen = self.counts.get(fold(segment), (0, 0))
        return states / (seen + SMOOTHING)

    @property
    def across_plans(self) -> "SegmentPrior":
        """The prior of askers setting the plans side by side: what they want of a clause differs (each
        plan's own item, 组建…三大产业共同体, rather than the figure asked of it alone)."""
        return SegmentPrior(self.compared, {}, self.fingerprint)

    def to_json(self) -> str:
        return json.dumps({"version": MODEL_VERSION, "fingerprint": self.fingerprint,
                           "counts": {k: list(v) for k, v in self.counts.items()},
                           "compared": {k: list(v) for k, v in self.compared.items()}}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "SegmentPrior":
        """A prior read back from ``to_json`` (ValueError when it is not one)."""
        data = json.loads(text)
        if data.get("version") != MODEL_VERSION:
            raise ValueError("lead prior of another version")
        return cls(_pairs(data["counts"]), _pairs(data["compared"]), str(data["fingerprint"]))


def _pairs(table: Mapping[str, Sequence[int]]) -> dict[str, tuple[int, int]]:
    return {k: (int(v[0]), int(v[1])) for k, v in table.items()}


def unit_segments(text: str) -> list[str]:
    """A unit's clause segments as a lead reads them (Simplified, sentence by sentence), folded, each once."""
    return list(dict.fromkeys(fold(segment) for a, b in sentence_spans(text)
                              for segment in numbered_segments(to_simplified(text[a:b]))))


def count_prior(asked: Iterable[Asked], corpus: Corpus, fingerprint: str = "") -> SegmentPrior:
    """Count, for each segment of each gold unit, the askers who saw it and those whose facts it states."""
    segments = {u.id: unit_segments(u.text) for u in corpus.units}
    plan = {u.id: u.doc for u in corpus.units}
    counts: dict[str, list[int]] = {}
    compared: dict[str, list[int]] = {}
    for question in asked:
        across = len({plan[u] for u in question.gold if u in plan}) > 1
        for unit_id in question.gold:
            for segment in segments.get(unit_id, ()):
                states = any(fact in segment for fact in question.facts)
                for table in (counts, compared) if across else (counts,):
                    count = table.setdefault(segment, [0, 0])
                    count[0] += states
                    count[1] += 1
    return SegmentPrior(_pairs(counts), _pairs(compared), fingerprint)


def labelled_asks(lines: Iterable[str]) -> list[Asked]:
    """The answerable questions of one JSONL question set with facts to state, as the prior counts them."""
    out = []
    for line in lines:
        if line.strip():
            record = json.loads(line)
            facts = tuple(f for group in record.get("must_include") or () for alt in group if (f := fold(alt)))
            if facts and record.get("gold") and not record.get("must_refuse"):
                out.append(Asked(tuple(record["gold"]), facts))
    return out


def prior_fingerprint(asked: Sequence[Asked], corpus: Corpus) -> str:
    """A hash of the labelled facts, the corpus and how text is folded: a change in any means recount."""
    digest = hashlib.sha256(f"{MODEL_VERSION}|{SMOOTHING}|{NORMALIZER_VERSION}|{corpus.fingerprint}".encode())
    for question in asked:
        digest.update(("|".join(question.gold) + "\1" + "|".join(question.facts) + "\0").encode())
    return digest.hexdigest()


# ---- the edge: reading the labelled sets and keeping the counts ----------------------------------

def load_segment_prior(training_dir: Path, model_dir: Path, corpus: Corpus) -> SegmentPrior | None:
    """The prior counted on the current labelled sets and corpus: read from ``model_dir`` when it
    matches them, else counted now and kept there. None when there are no labelled sets."""
    paths = training_sets(Path(training_dir))
    asked = [a for p in paths for a in labelled_asks(p.read_text(encoding="utf-8").splitlines())]
    if not asked:
        return None
    fingerprint = prior_fingerprint(asked, corpus)
    return kept_or_trained(Path(model_dir) / MODEL_FILE, fingerprint,
                           lambda path: SegmentPrior.from_json(path.read_text(encoding="utf-8")),
                           lambda: count_prior(asked, corpus, fingerprint), write_json)
