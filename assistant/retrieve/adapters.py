"""The one place where the vocabulary meets frameworks: Chroma metadata, LangChain types."""

from __future__ import annotations

from typing import Any, Callable

from ..language.text import normalize, sentence_spans
from ..types import Hit, Unit


def passage_text(unit: Unit) -> str:
    """What is embedded for a unit: title, section and text, normalised to Simplified."""
    return normalize("。".join([unit.title, *unit.section, unit.text]))


def sentence_passages(unit: Unit) -> list[str]:
    """What is embedded for each sentence of a unit: its title, then the sentence, normalised.

    A question usually matches one sentence of a long clause; the rest of the clause only
    dilutes a whole-unit vector. A unit too short to split is one passage.
    """
    title = normalize(unit.title)
    sentences = [normalize(unit.text[a:b]) for a, b in sentence_spans(unit.text) if b - a > 4]
    return [f"{title}：{s}" if title else s for s in sentences] or [passage_text(unit)]


def chroma_metadata(unit: Unit) -> dict[str, str | int]:
    """A unit's metadata in the flat form Chroma stores (no None, no lists)."""
    return {
        "doc": unit.doc,
        "kind": unit.kind,
        "number": unit.number if unit.number is not None else -1,
        "section": " / ".join(unit.section),
        "title": unit.title,
        "measure": unit.measure or "",
        "lead_units": "、".join(unit.lead_units),
        "responsible_units": "、".join(unit.responsible_units),
    }


def to_document(hit: Hit):
    """A LangChain ``Document`` for a hit: original text as content, ids and scores as metadata."""
    from langchain_core.documents import Document

    unit = hit.unit
    return Document(
        page_content=unit.text,
        id=unit.id,
        metadata={"id": unit.id, **chroma_metadata(unit), "score": hit.score, "retriever": hit.retriever},
    )


def as_langchain_retriever(search: Callable[[str, int], list[Hit]], k: int = 5):
    """Wrap a ``search(query, k)`` function as a langchain-core ``BaseRetriever``."""
    from langchain_core.callbacks import CallbackManagerForRetrieverRun
    from langchain_core.retrievers import BaseRetriever

    class PolicyRetriever(BaseRetriever):
        """Fused lexical, dense and exact retrieval over the policy units."""

        search_fn: Any
        k: int = 5

        def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun):
            return [to_document(hit) for hit in self.search_fn(query, self.k)]

    return PolicyRetriever(search_fn=search, k=k)


def as_langchain_embeddings(embedder):
    """Wrap an ``Embedder`` as langchain-core ``Embeddings`` (for the naive baseline)."""
    from langchain_core.embeddings import Embeddings

    class _Embeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(list(texts), "passage")

        def embed_query(self, text: str) -> list[float]:
            return embedder.embed([text], "query")[0]

    return _Embeddings()
