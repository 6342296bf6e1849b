"""The Chroma index: one record per unit with its embedding and metadata, a vector per
sentence of each unit for the dense route, and a manifest.

Builds are atomic. A local store is built in a fresh folder beside ``index_dir``; its
vectors are read back from Chroma and checksummed, the manifest (corpus fingerprint,
parser and normaliser versions, embedder id, record counts, vector checksum) is written
last, and only then does a rename put the folder in place of the old store, which is
removed after. A start verifies the manifest against what Chroma holds: anything
incomplete, stale, unreadable or corrupted is rebuilt, never trusted or silently mixed.
A store is read from a private copy, so reading never writes to it and a read-only store
is used as it is.

Only a folder this project created (it carries the ``MARKER`` file) and that holds
nothing else is ever deleted; any other folder at ``index_dir`` is the operator's to
move. Builders are serialised by a file lock beside the store. On a Chroma server the
build goes to fresh collection names, and a pointer collection whose metadata is the
manifest, written last, names the active ones.

Chroma's own default embedding function is never used: vectors are always passed in.

Beside the store, ``LexicalCache`` keeps what the lexical route computes at start (the
segmenter's dictionary, each unit's tokens) under a key of everything it was computed from;
a start that finds it missing, stale or corrupted computes it again and replaces it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence
from urllib.parse import urlparse

from .adapters import chroma_metadata, passage_text, sentence_passages
from ..errors import IndexLocationError, IndexStaleError
from ..corpus.parse import PARSER_VERSION
from ..language.text import NORMALIZER_VERSION
from ..types import Corpus

log = logging.getLogger(__name__)

COLLECTION = "policy_units"
SENTENCES = "policy_sentences"  # the dense route scores a unit by its nearest sentence
POINTER = "policy_index"  # on a Chroma server: its metadata is the manifest and names the active collections
SCHEMA = "3"
MARKER = ".policy-index"  # written first into every store folder this project creates
MANIFEST = "manifest.json"  # written last, once the stored vectors have been read back and checked
MARKER_TEXT = ("policy-assistant index store. The assistant created this folder and deletes it when it\n"
               "rebuilds the index; keep no other files here (it refuses to delete a folder that holds any).\n")
EMBED_BATCH = 16  # passages per embedder call
WRITE_BATCH = 128  # records per Chroma write: each write is a committed transaction, the slow part
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
    """The manifest an index built now from ``corpus`` would carry (before its counts and checksum)."""
    return {"corpus": corpus.fingerprint, "parser": PARSER_VERSION, "normalizer": NORMALIZER_VERSION,
            "embedder": embedder_id, "schema": SCHEMA, "units": len(corpus.units)}


def vector_checksum(records: Iterable[tuple[str, str, Sequence[float]]]) -> str:
    """SHA-256 of (record id, owning unit, vector) records in id order, vectors as float32.

    Vectors are hashed as Chroma keeps them (float32), so the checksum of what a build
    wrote equals the checksum of what is read back, and one changed byte changes it.
    """
    import numpy as np

    digest = hashlib.sha256()
    for record_id, owner, vector in sorted(records, key=lambda record: record[0]):
        digest.update(f"{record_id}\x00{owner}\x00".encode())
        digest.update(np.asarray(vector, dtype="<f4").tobytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class _Stored:
    """What Chroma holds for one index: record counts, their checksum, and the sentence vectors."""

    units: int
    sentences: int
    checksum: str
    owners: list[str]  # each sentence's unit
    vectors: list  # one row per sentence


def _read_stored(units, sentences) -> _Stored:
    """Read every record of the two collections back and checksum them."""
    unit_records = units.get(include=["embeddings"])
    sentence_records = sentences.get(include=["embeddings", "metadatas"])
    unit_vectors = _rows(unit_records["embeddings"])
    sentence_vectors = _rows(sentence_records["embeddings"])
    owners = [str((meta or {}).get("unit", "")) for meta in sentence_records["metadatas"] or []]
    records = [(rid, "", vector) for rid, vector in zip(unit_records["ids"], unit_vectors)]
    records += list(zip(sentence_records["ids"], owners, sentence_vectors))
    return _Stored(len(unit_records["ids"]), len(sentence_records["ids"]), vector_checksum(records),
                   owners, sentence_vectors)


def _rows(embeddings) -> list:
    # Chroma answers an array, a list, or None for an empty collection
    return [] if embeddings is None else list(embeddings)


def _mismatch(manifest: dict, stored: _Stored) -> str:
    """Why what Chroma holds is not what the manifest recorded ("" when it is)."""
    for kind, count in (("units", stored.units), ("sentences", stored.sentences)):
        if manifest.get(kind) != count:
            return f"{count} {kind} stored, the manifest records {manifest.get(kind)}"
    if manifest.get("checksum") != stored.checksum:
        return "the stored vectors do not match the manifest's checksum (corrupted)"
    return ""


def _differs(manifest: dict, expected: dict) -> list[str]:
    """The manifest fields that do not match what an index built now would record."""
    return [key for key, value in expected.items() if str(manifest.get(key)) != str(value)]


# The local folder: what belongs in a store, and what may be deleted.


def _is_chroma_entry(path: Path) -> bool:
    """A file or folder Chroma keeps in a persistent store: its database, journals, segment folders."""
    if path.name == "chroma.sqlite3" or path.name.startswith("chroma.sqlite3-"):
        return True
    try:
        uuid.UUID(path.name)
    except ValueError:
        return False
    return path.is_dir()


def _foreign_entries(folder: Path) -> list[str]:
    """Names in ``folder`` that no store of this project holds (a user's notes, another program's data)."""
    ours = {MARKER, MANIFEST, MANIFEST + ".partial"}
    return sorted(e.name for e in folder.iterdir() if e.name not in ours and not _is_chroma_entry(e))


def _older_store(folder: Path) -> bool:
    """Whether ``folder`` is a store built before the marker existed: Chroma's files only,
    holding this project's two collections and no other."""
    database = folder / "chroma.sqlite3"
    if (folder / MARKER).exists() or not database.is_file() or _foreign_entries(folder):
        return False
    try:
        with closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
            names = {name for (name,) in db.execute("SELECT name FROM collections")}
    except sqlite3.Error:
        return False
    return names <= {COLLECTION, SENTENCES}


def _removal_refused(folder: Path) -> str:
    """Why ``folder`` may not be deleted ("" when it is a store of this project and holds nothing else)."""
    foreign = _foreign_entries(folder)
    if foreign:
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        return f"it holds files the assistant did not create ({', '.join(foreign[:3])}{more})"
    if not (folder / MARKER).exists() and not _older_store(folder):
        return "the assistant did not create it"
    return ""


def _report(progress: Progress | None, manifest: dict, message: str) -> None:
    """A build step past the embedding, reported with every record done."""
    if progress:
        done = manifest["units"] + manifest["sentences"]
        progress(done, done, message)


def _read_manifest(folder: Path) -> dict | None:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _write_durably(path: Path, text: str) -> None:
    """Write ``text`` to a partial file, flush it to disk, and rename it into place."""
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename, a new file) to disk."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _chroma_settings():
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _forget_chroma(path: Path) -> None:
    """Stop and drop the Chroma system cached for ``path``.

    Chroma keeps one system per path in a process; once the folder there is replaced or
    deleted, a cached one would go on serving the old database (or fail with "Collection
    already exists"). Chroma offers no per-path release, hence its class attributes.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    key = str(path)
    system = SharedSystemClient._identifier_to_system.pop(key, None)
    SharedSystemClient._identifier_to_refcount.pop(key, None)
    if system is not None:
        system.stop()


@contextmanager
def _local_client(path: Path) -> Iterator:
    """A Chroma persistent client on ``path``, its system stopped on exit."""
    import chromadb

    _forget_chroma(path)
    client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    try:
        yield client
    finally:
        _forget_chroma(path)


@contextmanager
def _private_copy(folder: Path) -> Iterator[Path]:
    """A throw-away copy of a store's Chroma files.

    Chroma writes to any store it opens, even to read; reading a copy leaves the store as
    its build wrote it, and works when the store's folder is read-only.
    """
    with tempfile.TemporaryDirectory(prefix="policy-index-read-") as scratch:
        copy = Path(scratch)
        for entry in folder.iterdir():
            if _is_chroma_entry(entry):
                (shutil.copytree if entry.is_dir() else shutil.copy2)(entry, copy / entry.name)
        yield copy


class LexicalCache:
    """A start's lexical state saved in one file, found again only for exactly the same inputs.

    ``load(inputs)`` answers what ``save(inputs, state)`` stored for equal ``inputs`` (a
    JSON-able description of everything the state was computed from), or None when the file
    is missing, was saved for other inputs, another Python or another format, or does not
    match its own checksum. The file is a header line (its key, the payload's length and
    SHA-256) and a ``marshal`` payload; a save writes a temporary file beside it and renames
    it into place, and one that cannot write (a read-only folder) leaves things as they are.
    """

    FORMAT = "1"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _key(self, inputs) -> str:
        described = json.dumps([self.FORMAT, NORMALIZER_VERSION, sys.version, marshal.version, inputs],
                               ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(described.encode("utf-8")).hexdigest()

    def load(self, inputs):
        """The state saved for ``inputs``, or None."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        head, _, payload = data.partition(b"\n")
        try:
            header = json.loads(head)
            if header.get("key") != self._key(inputs):
                log.info("lexical cache %s was saved for other inputs: computing it again", self.path)
                return None
            if header.get("bytes") != len(payload) or header.get("sha256") != hashlib.sha256(payload).hexdigest():
                log.warning("lexical cache %s does not match its checksum: computing it again", self.path)
                return None
            return marshal.loads(payload)
        except (ValueError, TypeError, EOFError, AttributeError) as exc:
            log.warning("lexical cache %s is unreadable (%s): computing it again", self.path, exc)
            return None

    def save(self, inputs, state) -> None:
        """Store ``state`` (built-in types only) for ``inputs``, replacing what was there."""
        payload = marshal.dumps(state)
        header = json.dumps({"key": self._key(inputs), "bytes": len(payload),
                             "sha256": hashlib.sha256(payload).hexdigest()})
        # a name of its own: starts that save at once never write into each other's file
        partial = self.path.with_name(f"{self.path.name}.{uuid.uuid4().hex[:12]}.partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(partial, "xb") as out:
                out.write(header.encode("utf-8") + b"\n" + payload)
            os.replace(partial, self.path)
        except OSError as exc:
            log.info("lexical cache not saved at %s (%s): the next start computes it again", self.path, exc.strerror)
            with suppress(OSError):
                partial.unlink(missing_ok=True)


class IndexStore:
    """A Chroma persistent store under ``index_dir``, or a Chroma server when ``url`` is set."""

    def __init__(self, index_dir: Path, embedder, url: str = "") -> None:
        self.index_dir = Path(os.path.abspath(index_dir))
        self.url = url
        self.embedder = embedder
        self._client = None  # the server's HTTP client, opened once
        self._matrix = None  # (unit ids, each sentence's unit, unit-length sentence vectors), read once

    @property
    def location(self) -> str:
        """Where the index lives, for messages."""
        return self.url or str(self.index_dir)

    def lexical_cache(self) -> LexicalCache:
        """The lexical route's saved start, in a file beside the store (not in it: the store's folder
        holds only what its build wrote)."""
        return LexicalCache(self._sibling("lexical"))

    def _open_client(self):
        """A Chroma client on the live index: the server's, or the local store in place."""
        import chromadb

        if not self.url:
            return chromadb.PersistentClient(path=str(self.index_dir), settings=_chroma_settings())
        if self._client is None:
            parsed = urlparse(self.url)
            self._client = chromadb.HttpClient(host=parsed.hostname or "127.0.0.1", port=parsed.port or 8000,
                                               ssl=parsed.scheme == "https", settings=_chroma_settings())
        return self._client

    # Reading and verifying

    def status(self, corpus: Corpus) -> IndexStatus:
        """Verify the stored index against the corpus, parser and embedder, and against its own
        manifest (record counts, vector checksum); a ready index is left open for queries.

        Raises ``IndexLocationError`` when ``index_dir`` is a file or a folder the assistant
        did not create.
        """
        if self.embedder is None:
            return IndexStatus("disabled", self.location, "no embedder configured: lexical and exact routes only")
        expected = expected_manifest(corpus, self.embedder.id)
        return self._server_status(expected) if self.url else self._local_status(expected)

    def _local_status(self, expected: dict) -> IndexStatus:
        folder = self.index_dir
        embedder = self.embedder.id
        self._check_is_folder()
        try:
            empty = not folder.exists() or not any(folder.iterdir())
        except OSError as exc:
            raise IndexLocationError(f"cannot read POLICY_INDEX_DIR {folder}: {exc.strerror}") from exc
        if empty:
            return IndexStatus("missing", self.location, "no index built yet", embedder=embedder)
        if not (folder / MARKER).is_file():
            if _older_store(folder):
                return IndexStatus("stale", self.location, "built by an older version, without a verified manifest",
                                   embedder=embedder)
            raise IndexLocationError(self._refusal(folder, _removal_refused(folder)))
        manifest = _read_manifest(folder)
        if manifest is None:
            return IndexStatus("damaged", self.location, "incomplete: no manifest", embedder=embedder)
        differs = _differs(manifest, expected)
        if differs:
            return IndexStatus("stale", self.location, f"built for another {', '.join(differs)}",
                               int(manifest.get("units") or 0), embedder)
        try:
            with _private_copy(folder) as copy, _local_client(copy) as client:
                names = {getattr(c, "name", c) for c in client.list_collections()}
                lacking = [what for name, what in ((COLLECTION, "unit records"), (SENTENCES, "sentence vectors"))
                           if name not in names]
                if lacking:
                    return IndexStatus("stale", self.location, f"no {' and no '.join(lacking)}",
                                       int(manifest["units"]), embedder)
                stored = _read_stored(client.get_collection(COLLECTION, embedding_function=None),
                                      client.get_collection(SENTENCES, embedding_function=None))
        except Exception as exc:  # a store Chroma cannot read is damaged, whatever the error
            return IndexStatus("damaged", self.location, f"cannot read the store: {exc}", embedder=embedder)
        return self._verdict(manifest, stored, "" if _writable(folder) else "read-only folder: used as it is")

    def _server_status(self, expected: dict) -> IndexStatus:
        embedder = self.embedder.id
        try:
            client = self._open_client()
            names = {getattr(c, "name", c) for c in client.list_collections()}
            if POINTER not in names:
                if COLLECTION in names:
                    return IndexStatus("stale", self.location, "built by an older version, without a verified manifest",
                                       embedder=embedder)
                return IndexStatus("missing", self.location, "no index built yet", embedder=embedder)
            manifest = dict(client.get_collection(POINTER, embedding_function=None).metadata or {})
            differs = _differs(manifest, expected)
            if differs:
                return IndexStatus("stale", self.location, f"built for another {', '.join(differs)}",
                                   int(manifest.get("units") or 0), embedder)
            active = (str(manifest.get("units_collection")), str(manifest.get("sentences_collection")))
            if not set(active) <= names:
                return IndexStatus("damaged", self.location, "the active collections are gone", embedder=embedder)
            stored = _read_stored(*(client.get_collection(name, embedding_function=None) for name in active))
        except Exception as exc:  # a server or store Chroma cannot read is damaged, whatever the error
            self._client = None
            return IndexStatus("damaged", self.location, f"cannot read the store: {exc}", embedder=embedder)
        return self._verdict(manifest, stored)

    def _verdict(self, manifest: dict, stored: _Stored, note: str = "") -> IndexStatus:
        """Ready (and open for queries) when Chroma holds exactly what the manifest records."""
        problem = _mismatch(manifest, stored)
        if problem:
            return IndexStatus("damaged", self.location, problem, stored.units, self.embedder.id)
        self._open(stored)
        return IndexStatus("ready", self.location, note, stored.units, self.embedder.id)

    def _open(self, stored: _Stored) -> None:
        import numpy as np

        # a few hundred vectors: scoring them in memory is faster than a round trip per query,
        # and the collections stay the store of record (local or on a Chroma server)
        vectors = np.asarray(stored.vectors, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit_ids = list(dict.fromkeys(stored.owners))
        position = {uid: i for i, uid in enumerate(unit_ids)}
        self._matrix = (unit_ids, np.asarray([position[o] for o in stored.owners]),
                        vectors / np.where(norms == 0, 1, norms))

    # Building

    def build(self, corpus: Corpus, progress: Progress | None = None) -> IndexStatus:
        """Embed every unit into a fresh store, verify it, and switch to it; the old store stays until then.

        Builders take turns; one that finds, once its turn comes, that another has just
        built the index returns that index rather than building it again.
        """
        if self.embedder is None:
            return IndexStatus("disabled", self.location, "no embedder configured")
        self._check_buildable("to be rebuilt")
        seen = self._built()
        with self._turn():
            if self._built() not in (None, seen):
                current = self.status(corpus)
                if current.state == "ready":
                    log.info("another process built the index while this one waited: using it")
                    return current
            return self._build(corpus, progress)

    def ensure(self, corpus: Corpus, progress: Progress | None = None) -> IndexStatus:
        """The index, verified, or built when missing, stale, incomplete or damaged."""
        current = self.status(corpus)
        if current.state in ("ready", "disabled"):
            return current
        self._check_buildable(f"{current.state} ({current.reason})")
        with self._turn():
            current = self.status(corpus)  # another process may have built it while this one waited
            if current.state == "ready":
                return current
            (log.warning if current.state == "damaged" else log.info)(
                "index %s (%s): building", current.state, current.reason)
            return self._build(corpus, progress)

    def _build(self, corpus: Corpus, progress: Progress | None) -> IndexStatus:
        build = uuid.uuid4().hex[:12]
        if self.url:
            self._build_on_server(corpus, progress, build)
        else:
            self._build_local(corpus, progress, build)
        built = self.status(corpus)
        if built.state != "ready":
            raise IndexStaleError(f"the index just built at {self.location} does not verify: {built.reason}")
        return built

    def _build_local(self, corpus: Corpus, progress: Progress | None, build: str) -> None:
        self._check_replaceable()  # before the embedding work, not after
        self._clear_leftovers()
        staging = self._sibling(f"build-{build}")
        staging.mkdir()
        try:
            _write_durably(staging / MARKER, MARKER_TEXT)  # first: a build cut short leaves a folder known as ours
            with _local_client(staging) as client:
                manifest = self._write(client, (COLLECTION, SENTENCES), corpus, progress, build)
            _write_durably(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))  # last
            _report(progress, manifest, "switching to the new index")
            self._switch(staging)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def _switch(self, staging: Path) -> None:
        """Put the built folder in place of the store by renames; the old store is removed only after."""
        folder = self.index_dir
        self._check_replaceable()
        retired = None
        if folder.exists():
            if any(folder.iterdir()):
                retired = self._sibling(f"old-{uuid.uuid4().hex[:12]}")
                folder.rename(retired)
            else:
                folder.rmdir()
        try:
            staging.rename(folder)
        except OSError:
            if retired is not None:
                retired.rename(folder)
            raise
        _sync_folder(folder.parent)
        _forget_chroma(folder)
        if retired is not None:
            shutil.rmtree(retired, onerror=lambda *_: log.warning("could not remove the old store %s", retired))

    def _sibling(self, kind: str) -> Path:
        """A path beside the store for its lock, a build in progress, or a retired store."""
        return self.index_dir.with_name(f".{self.index_dir.name}.{kind}")

    def _clear_leftovers(self) -> None:
        """Delete what killed builds left beside the store: folders that are provably ours."""
        prefixes = (f".{self.index_dir.name}.build-", f".{self.index_dir.name}.old-")
        for leftover in sorted(self.index_dir.parent.iterdir()):
            if not leftover.name.startswith(prefixes) or not leftover.is_dir():
                continue
            if not any(leftover.iterdir()):
                leftover.rmdir()
                continue
            refused = _removal_refused(leftover)
            if refused:
                log.warning("leaving %s beside the index: %s", leftover, refused)
                continue
            shutil.rmtree(leftover, ignore_errors=True)

    def _build_on_server(self, corpus: Corpus, progress: Progress | None, build: str) -> None:
        client = self._open_client()
        names = {getattr(c, "name", c) for c in client.list_collections()}
        previous = dict(client.get_collection(POINTER, embedding_function=None).metadata or {}) \
            if POINTER in names else {}
        active = {previous.get("units_collection"), previous.get("sentences_collection")}
        for name in names:  # collections of builds cut short (builders on this host take turns)
            if name.startswith((f"{COLLECTION}-", f"{SENTENCES}-")) and name not in active:
                client.delete_collection(name)
        fresh = (f"{COLLECTION}-{build}", f"{SENTENCES}-{build}")
        try:
            manifest = self._write(client, fresh, corpus, progress, build)
        except BaseException:
            for name in fresh:
                try:
                    client.delete_collection(name)
                except Exception:  # never created, or the server is gone
                    pass
            raise
        _report(progress, manifest, "switching to the new index")
        # the switch is one metadata write; the collections it replaces are deleted after
        pointer = client.get_or_create_collection(POINTER, embedding_function=None)
        pointer.modify(metadata={**manifest, "units_collection": fresh[0], "sentences_collection": fresh[1]})
        for name in (active | {COLLECTION, SENTENCES}) & names:
            client.delete_collection(name)

    def _write(self, client, names: tuple[str, str], corpus: Corpus, progress: Progress | None, build: str) -> dict:
        """Embed and add every unit record, then every sentence vector, and read them all back;
        the manifest to record."""
        import numpy as np

        base = expected_manifest(corpus, self.embedder.id)
        # queries are scored in memory (see _open), never by Chroma's HNSW; "l2" keeps the vectors
        # as given, where "cosine" would hand them back renormalised, a few bits off
        metadata = {**base, "hnsw:space": "l2"}
        collections = [client.create_collection(name, embedding_function=None, metadata=metadata) for name in names]
        units = list(corpus.units)
        # one record per unit; each unit's sentences, whose records name their unit
        records = [[(u.id, passage_text(u), u.text, chroma_metadata(u)) for u in units],
                   [(f"{u.id}#{i}", text, text, {"unit": u.id})
                    for u in units for i, text in enumerate(sentence_passages(u), start=1)]]
        total = len(records[0]) + len(records[1])
        written: list[tuple[str, str, Sequence[float]]] = []
        for collection, kind, batch in zip(collections, ("units", "sentences"), records):
            for start in range(0, len(batch), WRITE_BATCH):
                block = batch[start : start + WRITE_BATCH]
                vectors = []
                for offset in range(0, len(block), EMBED_BATCH):
                    texts = [text for _, text, _, _ in block[offset : offset + EMBED_BATCH]]
                    # float32 from the start, as Chroma keeps them: the checksum of what was
                    # written must equal the checksum of what is read back
                    vectors += list(np.asarray(self.embedder.embed(texts, "passage"), dtype=np.float32))
                    if progress:
                        progress(len(written) + len(vectors), total, f"embedding {kind}")
                collection.add(ids=[r[0] for r in block], embeddings=vectors, documents=[r[2] for r in block],
                               metadatas=[r[3] for r in block])
                written += [(r[0], r[3].get("unit", ""), v) for r, v in zip(block, vectors)]
        if progress:
            progress(total, total, "verifying the stored vectors")
        stored = _read_stored(*collections)
        if stored.checksum != vector_checksum(written) or (stored.units, stored.sentences) != tuple(map(len, records)):
            raise IndexStaleError(f"Chroma did not keep the vectors as written at {self.location}; "
                                  "the index in use was left as it was")
        return {**base, "sentences": stored.sentences, "checksum": stored.checksum, "build": build,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}

    # Guards and turns

    def _built(self) -> str | None:
        """The build id of the index in place, if it records one."""
        try:
            if not self.url:
                return (_read_manifest(self.index_dir) or {}).get("build")
            pointer = self._open_client().get_collection(POINTER, embedding_function=None)
            return dict(pointer.metadata or {}).get("build")
        except Exception:  # no index, or none readable: nothing built to find
            return None

    def _check_is_folder(self) -> None:
        if self.index_dir.exists() and not self.index_dir.is_dir():
            raise IndexLocationError(f"POLICY_INDEX_DIR {self.index_dir} is a file, not a folder; "
                                     "set POLICY_INDEX_DIR to a folder where the index may be built")

    def _check_replaceable(self) -> None:
        """Raise the operator's error unless the store's folder is absent, empty, or provably ours."""
        folder = self.index_dir
        if folder.exists() and any(folder.iterdir()):
            refused = _removal_refused(folder)
            if refused:
                raise IndexLocationError(self._refusal(folder, refused))

    def _check_buildable(self, state: str) -> None:
        """Raise the operator's error when the local store cannot be rebuilt where it is (read-only)."""
        if self.url:
            return
        self._check_is_folder()
        folder = self.index_dir
        # a build writes beside the store and replaces it: the folder and its parent must both take writes
        places = [folder, folder.parent] if folder.exists() else [next(p for p in folder.parents if p.exists())]
        blocked = next((place for place in places if not _writable(place)), None)
        if blocked is not None:
            raise IndexLocationError(f"the index at {folder} is {state}, and {blocked} is read-only: rebuild it "
                                     "where it can be written, or set POLICY_INDEX_DIR to a writable folder")

    @staticmethod
    def _refusal(folder: Path, why: str) -> str:
        return (f"POLICY_INDEX_DIR points at {folder}, and {why}; the assistant never deletes such a folder. "
                "Set POLICY_INDEX_DIR to a new or empty folder (or to a store the assistant built).")

    @contextmanager
    def _turn(self) -> Iterator[None]:
        """Hold the build lock (``fcntl.flock`` on a file beside the store), waiting for it if need be."""
        import fcntl

        if self.url:  # builders on one host take turns; the server itself has no lock to offer
            key = hashlib.sha256(self.url.encode()).hexdigest()[:16]
            path = Path(tempfile.gettempdir()) / f"policy-index-{key}.lock"
        else:
            path = self._sibling("lock")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "a")
        except OSError as exc:
            raise IndexLocationError(f"cannot create the build lock {path} ({exc.strerror}); set POLICY_INDEX_DIR "
                                     "to a folder whose parent can be written") from exc
        with handle:  # closing it releases the lock
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.info("another process is building the index; waiting for it (%s)", path)
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield

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
