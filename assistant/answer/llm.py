"""The optional model answerer: retrieved units in, a cited answer out, or None.

``LLMAnswerer`` wraps any langchain-core chat model (one ``invoke`` call). Building the
prompt, parsing the reply into [n] markers and picking each citation's verbatim quote are
pure functions below; the grounding check stays in ``service.py``, which falls back to the
offline answer when this returns None, raises ``ModelUnavailableError`` or is not grounded.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..errors import ModelUnavailableError
from ..language.text import cjk_bigrams, fold, normalize, sentence_spans
from ..types import Answer, Citation, Corpus, Hit, Unit
from . import prompts

if TYPE_CHECKING:
    from ..understand.question import Query

log = logging.getLogger(__name__)

PROMPT_UNITS = 6
# The client's own timeout fires first; this grace only bounds a reply that keeps
# trickling in, or a chat model (a fake, a local server) that has no timeout at all.
_DEADLINE_GRACE_S = 1.0
_UNIT_ID = r"[a-z]+/(?:annex-\d+|\d+|preamble|goals|safeguards)"
# A citation group: [wuhan/8], [wuhan/8, hubei/4], 【wuhan/8】 (models mix bracket styles).
_ID_GROUP = re.compile(rf"\s*[\[【]\s*({_UNIT_ID}(?:\s*[,，、;；]\s*{_UNIT_ID})*)\s*[\]】]", re.IGNORECASE)
_ID = re.compile(_UNIT_ID, re.IGNORECASE)
_NUMBER_MARKER = re.compile(r"\s*\[(\d+)\]")
_LEADING_MARKERS = re.compile(r"^(?:\[\d+\]\s*)+")
_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_ITEM_NUMBER = re.compile(r"^[(（]?\d+[.、．)）]?")


@dataclass(frozen=True)
class ParsedReply:
    """A model reply with unit ids turned into [n] markers, in order of first citation."""

    text: str
    unit_ids: tuple[str, ...]
    refused: bool


def prompt_units(hits: Sequence[Hit], limit: int = PROMPT_UNITS) -> list[Unit]:
    """The distinct units of the best hits, best first."""
    units: list[Unit] = []
    for hit in hits:
        if hit.unit.id not in {u.id for u in units}:
            units.append(hit.unit)
        if len(units) == limit:
            break
    return units


def language_instruction(q: Query) -> str:
    """Which language and script the answer should be in."""
    if q.language == "en":
        return prompts.LANGUAGE_INSTRUCTIONS["english"]
    return prompts.LANGUAGE_INSTRUCTIONS["traditional" if q.traditional else "simplified"]


def format_unit(unit: Unit) -> str:
    """One unit as the model sees it: id, title, original text, and an annex row's units."""
    text = unit.text.strip()
    if fold(unit.title) in fold(text):  # annex rows and numbered items restate their title
        block = prompts.UNIT_BLOCK_UNTITLED.format(unit_id=unit.id, text=text)
    else:
        block = prompts.UNIT_BLOCK.format(unit_id=unit.id, title=unit.title, text=text)
    if unit.kind == "annex":
        block += "\n" + prompts.ANNEX_UNITS_LINE.format(
            lead_units="、".join(unit.lead_units) or "无", responsible_units="、".join(unit.responsible_units) or "无")
    return block


def build_messages(q: Query, units: Sequence[Unit], corpus: Corpus) -> list[tuple[str, str]]:
    """The (role, content) messages for one question and the units retrieved for it."""
    doc_ids = list(dict.fromkeys(u.doc for u in units))
    documents = "\n".join(
        prompts.DOCUMENT_LINE.format(doc_id=d.doc_id, title=d.title, issuer=d.issuer, date=d.date)
        for d in (corpus.document(doc_id) for doc_id in doc_ids))
    user = prompts.USER_TEMPLATE.format(
        documents=documents, units="\n\n".join(format_unit(u) for u in units),
        question=q.resolved, language_instruction=language_instruction(q))
    return [("system", prompts.SYSTEM_PROMPT), ("user", user)]


def parse_reply(reply: str, allowed_ids: Sequence[str]) -> ParsedReply:
    """Turn the ids a reply cites into [1], [2]… markers; ids not in ``allowed_ids`` are dropped.

    A reply that starts with the refusal marker is a refusal; its text is what follows.
    """
    allowed = {uid.lower(): uid for uid in allowed_ids}
    text = _THINKING.sub("", reply).strip()
    refused = text.upper().startswith(prompts.REFUSAL_MARKER)
    text = re.sub(re.escape(prompts.REFUSAL_MARKER), "", text, flags=re.IGNORECASE).strip()
    # Numeric markers are ours to assign; any the model wrote would point at nothing.
    text = _NUMBER_MARKER.sub("", text)
    order: list[str] = []

    def renumber(match: re.Match) -> str:
        markers = []
        for raw in _ID.findall(match.group(1)):
            uid = allowed.get(raw.lower())
            if uid is None:
                log.info("model cited %s, which was not among the units given; dropped", raw)
                continue
            if uid not in order:
                order.append(uid)
            marker = f"[{order.index(uid) + 1}]"
            if marker not in markers:
                markers.append(marker)
        return "".join(markers)

    text = _ID_GROUP.sub(renumber, text)
    text = re.sub(r"[ \t]+\n", "\n", text).strip()
    return ParsedReply(text, tuple(order), refused)


def citing_sentences(text: str) -> dict[int, list[str]]:
    """For each marker number, the sentences of ``text`` that carry it (markers removed).

    A marker written after the sentence's closing 。 belongs to that sentence, not the next.
    """
    claims: list[tuple[str, set[int]]] = []
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        leading = _LEADING_MARKERS.match(sentence)
        if leading and claims:
            claims[-1][1].update(int(n) for n in re.findall(r"\d+", leading.group(0)))
            sentence = sentence[leading.end():]
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", sentence)}
        body = _NUMBER_MARKER.sub("", sentence).strip()
        if body or markers:
            claims.append((body, markers))
    by_marker: dict[int, list[str]] = {}
    for body, markers in claims:
        for n in markers:
            if body:
                by_marker.setdefault(n, []).append(body)
    return by_marker


def _features(text: str) -> set[str]:
    normalized = normalize(text)
    return set(cjk_bigrams(normalized)) | {f"#{d}" for d in _DIGITS.findall(normalized)}


def best_quote(unit: Unit, claims: Sequence[str]) -> str:
    """The sentence of ``unit.text`` (verbatim, original script) that best overlaps ``claims``.

    Overlap counts shared character pairs and numbers in normalised form, a number
    counting three times; ties go to the earlier sentence. With no overlap at all the
    first sentence that is more than the item's heading (8.创新推广科技信贷产品。) is the quote.
    """
    spans = sentence_spans(unit.text)
    if not spans:
        return unit.text
    wanted = _features("\n".join(claims))
    best, best_score = None, 0
    for a, b in spans:
        shared = _features(unit.text[a:b]) & wanted
        score = sum(3 if f.startswith("#") else 1 for f in shared)
        if score > best_score:
            best, best_score = (a, b), score
    if best is None:
        heading = fold(unit.title)
        best = next(((a, b) for a, b in spans
                     if _ITEM_NUMBER.sub("", fold(unit.text[a:b])).rstrip("。.") != heading), spans[0])
    return unit.text[best[0]:best[1]]


def reply_text(message) -> str:
    """The text of a chat model's reply (a message with string or block content, or a string)."""
    if isinstance(message, str):
        return message
    content = getattr(message, "content", "")
    if isinstance(content, str):
        return content
    return "".join(block.get("text", "") if isinstance(block, dict) else str(block) for block in content)


class LLMAnswerer:
    """Answers from retrieved units with a langchain-core chat model; ``None`` when it cites nothing usable."""

    def __init__(self, chat_model, timeout_s: float = 20.0) -> None:
        self.chat_model = chat_model
        self.timeout_s = timeout_s

    @classmethod
    def from_settings(cls, settings) -> "LLMAnswerer":
        """A chat model for ``settings.llm_provider`` (openai or ollama); nothing is contacted yet."""
        provider, model = settings.llm_provider, settings.llm_model
        if not model:
            raise ModelUnavailableError(f"llm_provider is {provider!r} but llm_model is not set")
        try:
            if provider == "openai":
                from langchain_openai import ChatOpenAI

                chat_model = ChatOpenAI(
                    model=model, base_url=settings.llm_base_url or None,
                    api_key=settings.llm_api_key or "not-needed",
                    timeout=settings.llm_timeout_s, max_retries=0, temperature=0)
            elif provider == "ollama":
                from langchain_ollama import ChatOllama

                chat_model = ChatOllama(
                    model=model, base_url=settings.llm_base_url or None, temperature=0,
                    client_kwargs={"timeout": settings.llm_timeout_s})
            else:
                raise ModelUnavailableError(f"unknown llm_provider {provider!r} (expected openai or ollama)")
        except ImportError as exc:
            raise ModelUnavailableError(f"the {provider} chat model package is not installed: {exc}") from exc
        return cls(chat_model, settings.llm_timeout_s)

    def answer(self, q: Query, hits: Sequence[Hit], corpus: Corpus) -> Answer | None:
        """A cited answer from the model, or None when it cites none of the units given.

        Raises ``ModelUnavailableError`` when the model fails or does not answer in time.
        """
        units = prompt_units(hits)
        if not units:
            return None
        reply = reply_text(self._invoke(build_messages(q, units, corpus)))
        parsed = parse_reply(reply, [u.id for u in units])
        if not parsed.text:
            log.info("model reply was empty")
            return None
        if not parsed.unit_ids and not parsed.refused:
            log.info("model reply cited none of the units given; not used")
            return None
        claims = citing_sentences(parsed.text)
        citations = tuple(
            Citation(uid, best_quote(corpus.unit(uid), claims.get(n, [parsed.text])))
            for n, uid in enumerate(parsed.unit_ids, start=1))
        return Answer(parsed.text, citations, parsed.refused, trace=(("answerer", "llm"),))

    def _invoke(self, messages):
        outcome: dict = {}

        def call() -> None:
            try:
                outcome["reply"] = self.chat_model.invoke(messages)
            except Exception as exc:  # any failure of the model is "unavailable" to the caller
                outcome["error"] = exc

        worker = threading.Thread(target=call, name="llm-answer", daemon=True)
        worker.start()
        worker.join(self.timeout_s + _DEADLINE_GRACE_S)
        if worker.is_alive():
            raise ModelUnavailableError(f"the chat model did not answer within {self.timeout_s:g} s")
        if "error" in outcome:
            exc = outcome["error"]
            raise ModelUnavailableError(f"the chat model failed: {type(exc).__name__}: {exc}") from exc
        return outcome["reply"]
