"""Reading the corpus folder: each ``*.meta.json`` names a source file beside it."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from ..errors import CorpusError
from .parse import PARSER_VERSION, parse_document
from ..types import Corpus, DocumentInfo

log = logging.getLogger(__name__)

_REQUIRED = ("doc_id", "title", "issuer", "date", "script", "source_file")


def _read_info(path: Path) -> DocumentInfo:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorpusError(f"cannot read document metadata {path.name}: {exc}") from exc
    missing = [key for key in _REQUIRED if not data.get(key)]
    if missing:
        raise CorpusError(f"document metadata {path.name} lacks {', '.join(missing)}")
    known = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in DocumentInfo.__dataclass_fields__}
    return DocumentInfo(**known)


def load_corpus(corpus_dir: Path) -> Corpus:
    """Parse every document in ``corpus_dir``; its fingerprint covers sources, metadata and parser."""
    corpus_dir = Path(corpus_dir)
    meta_files = sorted(corpus_dir.glob("*.meta.json"))
    if not meta_files:
        raise CorpusError(f"no documents in {corpus_dir} (expected *.meta.json files beside their sources)")
    digest = hashlib.sha256(f"parser:{PARSER_VERSION}".encode())
    parsed = []
    for meta_path in meta_files:
        info = _read_info(meta_path)
        source = corpus_dir / info.source_file
        try:
            raw_bytes = source.read_bytes()
            raw = raw_bytes.decode("utf-8")
        except OSError as exc:
            raise CorpusError(f"source file of {info.doc_id} missing: {source}") from exc
        except UnicodeDecodeError as exc:
            raise CorpusError(f"source file of {info.doc_id} is not UTF-8 text: {source}") from exc
        digest.update(meta_path.read_bytes())
        digest.update(raw_bytes)
        parsed.append((info, parse_document(raw, info)))
    parsed.sort(key=lambda pair: (pair[0].date, pair[0].doc_id))
    ids = [info.doc_id for info, _ in parsed]
    if len(set(ids)) != len(ids):
        raise CorpusError(f"two documents share a doc_id: {ids}")
    units = tuple(u for _, doc_units in parsed for u in doc_units)
    log.debug("parsed %d units from %d documents", len(units), len(parsed))
    return Corpus(tuple(info for info, _ in parsed), units, digest.hexdigest())
