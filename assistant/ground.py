"""The grounding check, always on: what an answer states must stand in what it cites.

Every number with its unit, every government unit name and every 「quoted」 span in the
answer text must occur in a cited unit (text, or its lead/responsible units), and every
citation's quote must be a verbatim span of its unit's original text. Sentences that fail
are dropped; if nothing grounded remains the answer falls back to a plain refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from .answer.phrases import PHRASES
from .retrieve.lexicon import canonical_unit_names, unit_aliases
from .language.text import fold, to_simplified
from .types import Answer, Citation, Corpus, Unit

# Numbers that are framing, not claims: citation markers, clause references, plan years.
_FRAMING = re.compile(
    r"^\s*(?:-\s*)?\d+[.．]\s+|\[\d+\]|第\s*\d+\s*[条项行]|(?:item|row|task|measure|annex)[\s-]*\d+|[a-z]+/(?:annex-)?\d+"
    r"|\(?2025\s*[—-]\s*2027\s*年?\)?|〔\d{4}〕\d+号|《[^》]*》|(?:wuhan|hubei) plan", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|‰|万亿元|亿元|万元|元|万|亿|年期|年|个月|家|个|倍|款|项|次)?")
_QUOTE = re.compile(r"「([^」]{2,})」")
_SENTENCE_END = "。！？!?"


def _sentences(line: str) -> list[str]:
    """Sentences of one answer line; a 「quoted clause」 is never split."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(line):
        if ch == "「":
            depth += 1
        elif ch == "」":
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            j = i + 1
            while j < len(line) and re.match(r"\[\d+\]", line[j:]):
                j += re.match(r"\[\d+\]", line[j:]).end()
            out.append(line[start:j])
            start = j
    if line[start:].strip():
        out.append(line[start:])
    return [s for s in out if s]
FALLBACK_TEXT = PHRASES["zh"]["ungrounded"]  # the plain refusal when nothing grounded remains


@dataclass(frozen=True)
class GroundingReport:
    """Whether an answer is grounded, what is not, and the answer with failing sentences removed."""

    ok: bool
    problems: tuple[str, ...]
    repaired: Answer


@lru_cache(maxsize=1)
def _unit_name_patterns() -> tuple[tuple[str, str], ...]:
    names = canonical_unit_names()
    return tuple(sorted(((fold(alias), canonical) for alias, canonical in names.items()), key=lambda p: -len(p[0])))


def _evidence(units: list[Unit]) -> str:
    parts = []
    for unit in units:
        parts.append(unit.text)
        parts.extend(unit.units)
        for name in unit.units:
            parts.extend(unit_aliases().get(name, ()))
    return fold("\n".join(parts))


def _missing_numbers(body: str, evidence: str) -> list[str]:
    return [m.group(0).strip() for m in _NUMBER.finditer(body) if fold(m.group(0)) and fold(m.group(0)) not in evidence]


def unsupported_numbers(text: str, evidence_texts: Sequence[str]) -> list[str]:
    """Numbers (with their units) in ``text`` that none of ``evidence_texts`` states.

    Framing numbers — citation markers, clause references such as 第8条, the plans'
    years — are not claims and are skipped, exactly as the grounding check skips them.
    """
    evidence = "|".join(fold(t) for t in evidence_texts)
    return [n for line in text.split("\n") for sentence in _sentences(line)
            for n in _missing_numbers(_FRAMING.sub(" ", to_simplified(sentence)), evidence)]


def sentence_problems(sentence: str, evidence: str, known_units: set[str]) -> list[str]:
    """Why one sentence of an answer is not grounded in ``evidence`` (folded text); [] if it is."""
    problems = []
    body = _FRAMING.sub(" ", to_simplified(sentence))
    for quote in _QUOTE.findall(body):
        if fold(quote) not in evidence:
            problems.append(f"quote not in cited units: {quote[:30]}")
    problems.extend(f"number not in cited units: {n}" for n in _missing_numbers(body, evidence))
    folded = fold(body)
    for alias, canonical in _unit_name_patterns():
        if alias in folded:
            folded = folded.replace(alias, "|")
            if canonical not in known_units and alias not in evidence:
                problems.append(f"unit not in cited units: {canonical}")
    return problems


def check_answer(answer: Answer, corpus: Corpus, fallback: str = FALLBACK_TEXT) -> GroundingReport:
    """Check ``answer`` against the units it cites; see the module docstring for the rules.
    ``fallback`` is the refusal, in the asker's language and script, when nothing grounded remains."""
    problems: list[str] = []
    citations: list[Citation] = []
    for citation in answer.citations:
        if not corpus.has(citation.unit_id):
            problems.append(f"unknown unit {citation.unit_id}")
            continue
        if not citation.quote or citation.quote not in corpus.unit(citation.unit_id).text:
            problems.append(f"quote is not a verbatim span of {citation.unit_id}")
            continue
        citations.append(citation)
    cited = [corpus.unit(c.unit_id) for c in citations]
    evidence = _evidence(cited)
    known = {name for unit in cited for name in unit.units}
    kept: list[str] = []
    dropped = False
    for line in answer.text.split("\n"):
        out = []
        for sentence in _sentences(line):
            issues = sentence_problems(sentence, evidence, known)
            if issues:
                problems.extend(issues)
                dropped = True
            else:
                out.append(sentence)
        kept.append("".join(out))
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    if any(n < 1 or n > len(answer.citations) for n in markers):
        problems.append("a citation marker has no citation")
    if not problems:
        return GroundingReport(True, (), answer)
    text = "\n".join(line for line in kept if line.strip())
    substantive = re.sub(r"\[\d+\]|[\s\W]", "", text)
    if dropped and len(substantive) < 4 or len(citations) != len(answer.citations):
        repaired = Answer(fallback, (), True, answer.timings_ms, answer.trace)
    else:
        repaired = Answer(text, tuple(citations), answer.refused, answer.timings_ms, answer.trace)
    return GroundingReport(False, tuple(problems), repaired)
