"""Feedback on answers, kept in SQLite (WAL mode) under the data directory.

One connection guarded by a lock serves every thread of the web app, so concurrent
submissions queue instead of failing; WAL and a busy timeout let a second process (a
staff export, another app instance) read and write the same file at the same time.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from .types import Citation

log = logging.getLogger(__name__)

FEEDBACK_FILE = "feedback.sqlite3"
_BUSY_TIMEOUT_S = 30.0
CSV_COLUMNS = ("id", "created_at", "helpful", "comment", "question", "answer", "refused", "citations", "session")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    refused INTEGER NOT NULL,
    citations TEXT NOT NULL,
    session TEXT NOT NULL DEFAULT ''
)
"""


def _enable_wal(connection: sqlite3.Connection) -> None:
    # Switching a file to WAL needs an exclusive lock, and SQLite fails at once instead of
    # applying the busy timeout; two processes opening a new file together must retry.
    deadline = time.monotonic() + _BUSY_TIMEOUT_S
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@dataclass(frozen=True)
class Feedback:
    """One stored judgement of an answer: helpful or not, an optional comment, and what was judged."""

    id: int
    created_at: str  # ISO 8601, UTC
    helpful: bool
    comment: str
    question: str
    answer: str
    refused: bool
    citations: tuple[Citation, ...]
    session: str = ""


class FeedbackStore:
    """Adds, amends, lists and exports feedback; safe to share between threads."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    @classmethod
    def in_directory(cls, data_dir: Path | str) -> "FeedbackStore":
        """The store in ``data_dir`` (``settings.data_dir``), created on first use."""
        return cls(Path(data_dir) / FEEDBACK_FILE)

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, check_same_thread=False, timeout=_BUSY_TIMEOUT_S,
                                         isolation_level=None)
            _enable_wal(connection)
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(_SCHEMA)
            self._connection = connection
        return self._connection

    def add(self, *, question: str, answer: str, citations: Iterable[Citation], refused: bool, helpful: bool,
            comment: str = "", session: str = "") -> int:
        """Store one judgement and return its id."""
        cited = json.dumps([{"id": c.unit_id, "quote": c.quote} for c in citations], ensure_ascii=False)
        created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._lock:
            cursor = self._connect().execute(
                "INSERT INTO feedback (created_at, helpful, comment, question, answer, refused, citations, session)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (created, int(helpful), comment, question, answer, int(refused), cited, session))
            feedback_id = int(cursor.lastrowid)
        log.info("feedback %d stored (helpful=%s)", feedback_id, helpful)
        return feedback_id

    def set_comment(self, feedback_id: int, comment: str) -> None:
        """Replace the comment of a stored judgement (KeyError when there is none)."""
        with self._lock:
            cursor = self._connect().execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment, feedback_id))
        if cursor.rowcount != 1:
            raise KeyError(feedback_id)

    def get(self, feedback_id: int) -> Feedback:
        """One stored judgement (KeyError when there is none)."""
        rows = self._select("WHERE id = ?", (feedback_id,))
        if not rows:
            raise KeyError(feedback_id)
        return rows[0]

    def recent(self, limit: int = 100) -> list[Feedback]:
        """The latest judgements, newest first."""
        return self._select("ORDER BY id DESC LIMIT ?", (limit,))

    def all(self) -> list[Feedback]:
        """Every judgement, oldest first."""
        return self._select("ORDER BY id", ())

    def count(self) -> int:
        """How many judgements are stored."""
        with self._lock:
            return int(self._connect().execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def journal_mode(self) -> str:
        """The SQLite journal mode of the file (``wal``)."""
        with self._lock:
            return str(self._connect().execute("PRAGMA journal_mode").fetchone()[0]).lower()

    def export_csv(self) -> str:
        """Every judgement as CSV text (header ``CSV_COLUMNS``; citations as JSON)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for item in self.all():
            writer.writerow([item.id, item.created_at, "yes" if item.helpful else "no", item.comment, item.question,
                             item.answer, "yes" if item.refused else "no",
                             json.dumps([{"id": c.unit_id, "quote": c.quote} for c in item.citations],
                                        ensure_ascii=False),
                             item.session])
        return out.getvalue()

    def close(self) -> None:
        """Close the connection (it reopens on next use)."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _select(self, clause: str, parameters: tuple) -> list[Feedback]:
        query = ("SELECT id, created_at, helpful, comment, question, answer, refused, citations, session"
                 f" FROM feedback {clause}")
        with self._lock:
            rows = self._connect().execute(query, parameters).fetchall()
        return [Feedback(row[0], row[1], bool(row[2]), row[3], row[4], row[5], bool(row[6]),
                         tuple(Citation(c["id"], c["quote"]) for c in json.loads(row[7])), row[8])
                for row in rows]
