"""政策通: cited answers about the 2025 Wuhan and Hubei science-and-technology finance plans.

The public API is what ``__all__`` lists; ``app.py``, ``index/`` and ``evals/`` use only it.
Importing this package loads no model and reads no file.
"""

from .errors import AssistantError, CorpusError, IndexStaleError, InputRejected, ModelUnavailableError
from .service import Assistant, UnitRoles
from .settings import Settings
from .retrieve.store import IndexStatus
from .language.text import fold, normalize, to_simplified, to_traditional
from .types import Answer, Citation, Corpus, DocumentInfo, Hit, Turn, Unit
from .contract import answer_records, match_records, parse_history, parse_question_line
from .ground import check_answer, unsupported_numbers
from .retrieve.adapters import as_langchain_embeddings
from .feedback import FeedbackStore
from .answer.eligibility import MatchResult, MeasureMatch

__all__ = [
    "Answer", "Assistant", "AssistantError", "Citation", "Corpus", "CorpusError", "DocumentInfo", "FeedbackStore", "Hit",
    "IndexStaleError", "IndexStatus", "InputRejected", "MatchResult", "MeasureMatch", "ModelUnavailableError", "Settings",
    "Turn", "Unit", "UnitRoles", "answer_records", "as_langchain_embeddings", "check_answer", "fold", "match_records", "normalize",
    "parse_history", "parse_question_line", "to_simplified", "to_traditional", "unsupported_numbers",
]
