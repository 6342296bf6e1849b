"""The Chroma index: one record per unit with its embedding and metadata, a vector per
sentence of each unit for the dense route, and a manifest.

The manifest (corpus fingerprint, parser version, embedder id) lives in the collection's
metadata; a mismatch means rebuild, never a silent mix. A store that cannot be opened is
rebuilt, not trusted. Chroma's own default embedding function is never used: vectors are
always passed in.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlparse

from .adapters import chroma_metadata, passage_text, sentence_passages
from .errors import IndexStaleError
from .parser import PARSER_VERSION
from .text import NORMALIZER_VERSION
from .types import Corpus

log = logging.getLogger(__name__)

COLLECTION = "policy_units"
SENTENCES = "policy_sentences"  # the dense route scores a unit by its nearest sentence
SCHEMA = "2"
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class IndexStatus:
    """Whether the index matches the corpus, parser and embedder, and why not."""

    state: str  # ready | missing | stale | damaged | disabled
    location: str
    reason: str = ""
    units: int = 0
    embedder: str = ""


def expected_manifest(corpus: Corpus, embedder_id: str) -> dict[str, str | int]:
    """The manifest an index built now from ``corpus`` would carry."""
    return {"corpus": corpus.fingerprint, "parser": PARSER_VERSION, "normalizer": NORMALIZER_VERSION,
            "embedder": embedder_id, "schema": SCHEMA, "units": len(corpus.units)}


class IndexStore:
    """A Chroma persistent store under ``index_dir``, or a Chroma server when ``url`` is set."""

    def __init__(self, index_dir: Path, embedder, url: str = "") -> None:
        self.index_dir = Path(index_dir)
        self.url = url
        self.embedder = embedder
        self._client = None
        self._collection = None
        self._matrix = None  # (unit ids, each sentence's unit, unit-length sentence vectors), read once

    @property
    def location(self) -> str:
        """Where the index lives, for messages."""
        return self.url or str(self.index_dir)

    def _open_client(self):
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
            if self.url:
                parsed = urlparse(self.url)
                self._client = chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                                   ssl=parsed.scheme == "https", settings=chroma_settings)
            else:
                self.index_dir.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(path=str(self.index_dir), settings=chroma_settings)
        return self._client

    def status(self, corpus: Corpus) -> IndexStatus:
        """Compare the stored manifest with what the corpus, parser and embedder expect."""
        if self.embedder is None:
            return IndexStatus("disabled", self.location, "no embedder configured: lexical and exact routes only")
        expected = expected_manifest(corpus, self.embedder.id)
        if not self.url and not self.index_dir.exists():
            return IndexStatus("missing", self.location, "no index built yet", embedder=self.embedder.id)
        try:
            client = self._open_client()
            names = [getattr(c, "name", c) for c in client.list_collections()]
            if COLLECTION not in names:
                return IndexStatus("missing", self.location, "no index built yet", embedder=self.embedder.id)
            collection = client.get_collection(COLLECTION, embedding_function=None)
            manifest = dict(collection.metadata or {})
            count = collection.count()
            sentences = client.get_collection(SENTENCES, embedding_function=None) if SENTENCES in names else None
            if sentences is not None and dict(sentences.metadata or {}) != manifest:
                sentences = None  # written by another build: not this index's sentences
        except Exception as exc:  # a store Chroma cannot read is damaged, whatever the error
            self._client = None
            return IndexStatus("damaged", self.location, f"cannot read the store: {exc}", embedder=self.embedder.id)
        differs = [key for key, value in expected.items() if str(manifest.get(key)) != str(value)]
        if differs or count != len(corpus.units):
            why = ", ".join(differs) or f"{count} records for {len(corpus.units)} units"
            return IndexStatus("stale", self.location, f"built for another {why}", count, self.embedder.id)
        if sentences is None:
            return IndexStatus("stale", self.location, "no sentence vectors", count, self.embedder.id)
        self._open(collection, sentences)
        return IndexStatus("ready", self.location, "", count, self.embedder.id)

    def _open(self, collection, sentences) -> None:
        import numpy as np

        # a few hundred vectors: scoring them in memory is faster than a round trip per query,
        # and the collections stay the store of record (local or on a Chroma server)
        records = sentences.get(include=["embeddings", "metadatas"])
        vectors = np.asarray(records["embeddings"], dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        owners = [meta["unit"] for meta in records["metadatas"]]
        unit_ids = list(dict.fromkeys(owners))
        position = {uid: i for i, uid in enumerate(unit_ids)}
        self._collection = collection
        self._matrix = (unit_ids, np.asarray([position[o] for o in owners]), vectors / np.where(norms == 0, 1, norms))

    def _wipe_local(self) -> None:
        # Only a folder that holds a Chroma store (or nothing) is removed: never a user's folder.
        self._client = None
        self._collection = None
        self._matrix = None
        if self.index_dir.exists():
            entries = list(self.index_dir.iterdir())
            if entries and not (self.index_dir / "chroma.sqlite3").exists():
                raise IndexStaleError(f"{self.index_dir} is not an index folder; refusing to delete it")
            shutil.rmtree(self.index_dir)
        # Chroma caches one system per path in the process: drop it, or the new client
        # would reuse the handle to the deleted database.
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()

    def build(self, corpus: Corpus, progress: Progress | None = None) -> IndexStatus:
        """Embed every unit and write a fresh collection; the manifest is written with it."""
        if self.embedder is None:
            return IndexStatus("disabled", self.location, "no embedder configured")
        current = self.status(corpus)
        if current.state == "damaged" and not self.url:
            log.warning("index at %s is damaged (%s); rebuilding", self.location, current.reason)
            self._wipe_local()
        client = self._open_client()
        for name in (COLLECTION, SENTENCES):
            try:
                client.delete_collection(name)
            except Exception:  # not there yet
                pass
        metadata = {**expected_manifest(corpus, self.embedder.id), "hnsw:space": "cosine"}
        collection = client.create_collection(COLLECTION, embedding_function=None, metadata=metadata)
        units = list(corpus.units)
        # one record per unit, then each unit's sentences, whose records name their unit
        passages = [(u.id, passage_text(u), u.text, chroma_metadata(u)) for u in units]
        passages += [(f"{u.id}#{i}", text, text, {"unit": u.id})
                     for u in units for i, text in enumerate(sentence_passages(u), start=1)]
        sentences = None
        batch = 16
        for start in range(0, len(passages), batch):
            chunk = passages[start : start + batch]
            vectors = self.embedder.embed([text for _, text, _, _ in chunk], "passage")
            for is_sentence in (False, True):
                part = [(record, vector) for record, vector in zip(chunk, vectors) if ("#" in record[0]) == is_sentence]
                if not part:
                    continue
                if is_sentence and sentences is None:
                    # created once every unit is in: a build cut short leaves no sentence
                    # collection, and the index reads as stale
                    sentences = client.create_collection(SENTENCES, embedding_function=None, metadata=metadata)
                (sentences if is_sentence else collection).add(
                    ids=[r[0] for r, _ in part], embeddings=[v for _, v in part],
                    documents=[r[2] for r, _ in part], metadatas=[r[3] for r, _ in part])
            if progress:
                progress(min(start + batch, len(passages)), len(passages), "embedding units and sentences")
        self._open(collection, sentences)
        return IndexStatus("ready", self.location, "", collection.count(), self.embedder.id)

    def ensure(self, corpus: Corpus, progress: Progress | None = None) -> IndexStatus:
        """The index, built or rebuilt when missing, stale or damaged."""
        current = self.status(corpus)
        if current.state in ("ready", "disabled"):
            return current
        log.info("index %s (%s): building", current.state, current.reason)
        return self.build(corpus, progress)

    def query(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        """(unit id, cosine similarity of its nearest sentence) of the ``k`` nearest units, nearest first."""
        import numpy as np

        if self._matrix is None:
            raise IndexStaleError("the index is not open; call ensure() first")
        ids, owners, matrix = self._matrix
        query = np.asarray(vector, dtype=np.float32)
        similarities = matrix @ (query / (np.linalg.norm(query) or 1.0))
        scores = np.full(len(ids), -1.0, dtype=np.float32)
        np.maximum.at(scores, owners, similarities)
        order = np.argsort(-scores)[:k]
        return [(ids[i], float(scores[i])) for i in order]
