"""The naive baseline: the tutorial LangChain pipeline a user would build instead of the assistant.

RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50) over the raw source files,
an in-memory Chroma collection embedded with the assistant's own embedder (never Chroma's
default embedding function), similarity search top 4. Each chunk is mapped to the unit it
shares most character pairs with, so the baseline's "answer" cites units like the assistant's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from assistant import Corpus, Unit, fold

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
TOP_K = 4


@dataclass(frozen=True)
class Chunk:
    """A piece of a raw source file and the unit it overlaps most."""

    doc: str
    index: int
    text: str
    unit_id: str


def split_source(text: str) -> list[str]:
    """The tutorial splitter's chunks of one raw source file."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.split_text(text)


def _pairs(text: str) -> set[str]:
    folded = fold(text)
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def best_unit(chunk_text: str, units: Sequence[Unit]) -> str | None:
    """Id of the unit sharing most character pairs (of folded text) with the chunk; the first on ties.

    None when the chunk shares nothing with any unit (a footer, a page number).
    """
    return _best_match(_pairs(chunk_text), [(u.id, _pairs(u.text)) for u in units])


def _best_match(chunk: set[str], candidates: Sequence[tuple[str, set[str]]]) -> str | None:
    best_id, best_shared = None, 0
    for unit_id, pairs in candidates:
        shared = len(chunk & pairs)
        if shared > best_shared:
            best_id, best_shared = unit_id, shared
    return best_id


def chunk_corpus(sources: dict[str, str], corpus: Corpus) -> list[Chunk]:
    """Chunks of each document's raw text (doc id → text), each mapped to a unit of its own document."""
    chunks = []
    for doc, text in sources.items():
        candidates = [(u.id, _pairs(u.text)) for u in corpus.units if u.doc == doc]
        for index, piece in enumerate(split_source(text)):
            unit_id = _best_match(_pairs(piece), candidates)
            if unit_id is not None:
                chunks.append(Chunk(doc, index, piece, unit_id))
    return chunks


def read_sources(corpus_dir: Path, corpus: Corpus) -> dict[str, str]:
    """The raw source file of every document (doc id → text), as the tutorial would load them."""
    return {d.doc_id: (Path(corpus_dir) / d.source_file).read_text(encoding="utf-8") for d in corpus.documents}


class NaiveBaseline:
    """Chunks in an in-memory Chroma collection; ``retrieve`` returns chunks nearest first."""

    def __init__(self, chunks: Sequence[Chunk], embedder) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        from assistant import as_langchain_embeddings

        self.chunks = tuple(chunks)
        self.embedder_id = embedder.id
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self._store = Chroma(collection_name=f"naive-baseline-{uuid.uuid4().hex[:12]}",
                             embedding_function=as_langchain_embeddings(embedder), client=client)
        self._store.add_texts([c.text for c in self.chunks], ids=[f"{c.doc}-{c.index}" for c in self.chunks],
                              metadatas=[{"doc": c.doc, "index": c.index} for c in self.chunks])
        self._by_key = {(c.doc, c.index): c for c in self.chunks}

    @classmethod
    def build(cls, corpus_dir: Path, corpus: Corpus, embedder) -> "NaiveBaseline":
        """Split, map and embed the raw sources in ``corpus_dir`` with ``embedder``."""
        return cls(chunk_corpus(read_sources(corpus_dir, corpus), corpus), embedder)

    def retrieve(self, question: str, k: int = TOP_K) -> list[Chunk]:
        """The ``k`` chunks nearest the question, nearest first."""
        found = self._store.similarity_search_with_score(question, k=k)
        return [self._by_key[(doc.metadata["doc"], doc.metadata["index"])] for doc, _distance in found]

    def close(self) -> None:
        """Drop the in-memory collection."""
        self._store.delete_collection()


def cited_units(chunks: Sequence[Chunk]) -> list[str]:
    """The units the chunks map to, in chunk order, without repeats: what the baseline "cites"."""
    return list(dict.fromkeys(c.unit_id for c in chunks))
