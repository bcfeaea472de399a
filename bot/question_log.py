"""A durable log of questions and 👍/👎 votes in SQLite, written off the answering path.

Writes go through a bounded queue to one writer thread that commits in small batches
(WAL mode), so `kill -9` loses at most the last fraction of a second and never corrupts the
file. A full or unwritable disk or a locked database costs a logged warning, never an
answer. The log holds a salted hash of each user id, never the id or a name.
"""

from __future__ import annotations

import hashlib
import logging
import os
import queue
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.answering import Reply

__all__ = [
    "LoggedQuestion",
    "QuestionLog",
    "QuestionRecord",
    "open_log",
]

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 0.2
BATCH = 200
QUEUE_LIMIT = 20_000
PRUNE_EVERY = 24 * 3600.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    at REAL NOT NULL,
    chat_type TEXT NOT NULL,
    user_hash TEXT NOT NULL,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    kind TEXT NOT NULL,
    agency TEXT,
    figure TEXT,
    score INTEGER NOT NULL,
    knowledge_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_at ON questions (at);
CREATE TABLE IF NOT EXISTS votes (
    question_id INTEGER NOT NULL,
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (question_id, user_hash)
);
"""


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """One question as it will be logged."""

    id: int
    at: float
    chat_type: str
    user_hash: str
    question: str
    answered: bool
    kind: str
    agency: str | None
    figure: str | None
    score: int
    knowledge_version: str


@dataclass(frozen=True, slots=True)
class LoggedQuestion:
    """A question read back from the log, with its votes."""

    id: int
    at: float
    question: str
    answered: bool
    kind: str
    agency: str | None
    figure: str | None
    score: int
    up: int
    down: int


def new_question_id() -> int:
    """Return a fresh id, known before the row is written (buttons carry it)."""
    return secrets.randbits(62)


class QuestionLog:
    """The log: `record` and `vote` return at once; a thread writes in batches."""

    def __init__(self, directory: Path, *, keep_days: float = 90.0) -> None:
        self.directory = directory
        self.path = directory / "questions.sqlite3"
        self.keep_days = keep_days
        self._queue: queue.Queue[tuple[str, tuple[object, ...]] | None] = queue.Queue(QUEUE_LIMIT)
        self._salt = self._load_salt()
        self._warned_at = 0.0
        self._dropped = 0
        self._closed = threading.Event()
        self._connect().close()  # create the file and schema now, and fail loudly if we cannot
        self._thread = threading.Thread(target=self._write_loop, name="question-log", daemon=True)
        self._thread.start()

    def user_hash(self, user_id: int) -> str:
        """Return the salted hash that stands for a user in the log."""
        return hashlib.sha256(self._salt + str(user_id).encode()).hexdigest()[:20]

    def record_reply(
        self, question: str, reply: Reply, *, chat_type: str, user_id: int, knowledge_version: str
    ) -> int | None:
        """Queue a question with its reply; return its id, or None for a greeting or help."""
        if reply.kind in ("greeting", "help", "empty"):
            return None
        question_id = new_question_id()
        self.record(
            QuestionRecord(
                id=question_id,
                at=time.time(),
                chat_type=chat_type,
                user_hash=self.user_hash(user_id),
                question=question,
                answered=reply.answered,
                kind=reply.kind,
                agency=reply.agency,
                figure=reply.figures[0].metric_id if reply.figures else reply.entry_key,
                score=reply.score,
                knowledge_version=knowledge_version,
            )
        )
        return question_id

    def record(self, record: QuestionRecord) -> None:
        """Queue a question for writing."""
        self._put(
            "INSERT OR IGNORE INTO questions VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                record.id,
                record.at,
                record.chat_type,
                record.user_hash,
                record.question[:2000],
                int(record.answered),
                record.kind,
                record.agency,
                record.figure,
                record.score,
                record.knowledge_version,
            ),
        )

    def vote(self, question_id: int, user_id: int, vote: int) -> None:
        """Queue a 👍 (+1) or 👎 (-1); a user's second vote on a question replaces the first."""
        self._put(
            "INSERT INTO votes VALUES (?,?,?,?) ON CONFLICT (question_id, user_hash) "
            "DO UPDATE SET vote = excluded.vote, at = excluded.at",
            (question_id, self.user_hash(user_id), 1 if vote > 0 else -1, time.time()),
        )

    def flush(self, timeout: float = 5.0) -> None:
        """Wait until everything queued so far is written (or given up on)."""
        done = threading.Event()
        self._put("", (done,))
        done.wait(timeout)

    def close(self) -> None:
        """Write what is queued and stop the writer."""
        if self._closed.is_set():
            return
        self._closed.set()
        with suppress(queue.Full):
            self._queue.put(None, timeout=5)
        self._thread.join(timeout=10)

    def questions(self, *, days: float, now: float | None = None) -> list[LoggedQuestion]:
        """Return the questions of the last `days`, with their vote counts, oldest first."""
        since = (now or time.time()) - days * 86400
        with self._reading() as db:
            rows = db.execute(
                "SELECT q.id, q.at, q.question, q.answered, q.kind, q.agency, q.figure, q.score,"
                " COALESCE(SUM(v.vote > 0), 0), COALESCE(SUM(v.vote < 0), 0)"
                " FROM questions q LEFT JOIN votes v ON v.question_id = q.id"
                " WHERE q.at >= ? GROUP BY q.id ORDER BY q.at",
                (since,),
            ).fetchall()
        return [
            LoggedQuestion(r[0], r[1], r[2], bool(r[3]), r[4], r[5], r[6], r[7], r[8], r[9])
            for r in rows
        ]

    # The writer ------------------------------------------------------------------------

    def _put(self, sql: str, args: tuple[object, ...]) -> None:
        if self._closed.is_set():
            return
        try:
            self._queue.put_nowait((sql, args))
        except queue.Full:
            self._dropped += 1
            self._warn("question log queue is full; %d entries dropped", self._dropped)

    def _write_loop(self) -> None:
        db: sqlite3.Connection | None = None
        last_prune = 0.0
        while True:
            batch, stop = self._take_batch()
            if batch:
                try:
                    db = db or self._connect()
                    self._write(db, batch)
                except (sqlite3.Error, OSError) as exc:
                    self._warn("question log not written (%s); answering goes on", exc)
                    if db is not None:
                        db.close()
                    db = None
                finally:
                    for sql, args in batch:
                        if not sql and args:
                            args[0].set()  # type: ignore[attr-defined]
            if time.time() - last_prune > PRUNE_EVERY:
                last_prune = time.time()
                try:
                    db = db or self._connect()
                    self._prune(db)
                except (sqlite3.Error, OSError) as exc:
                    self._warn("question log not pruned (%s)", exc)
            if stop:
                if db is not None:
                    db.close()
                return

    def _take_batch(self) -> tuple[list[tuple[str, tuple[object, ...]]], bool]:
        """Wait for work, then gather what comes within FLUSH_SECONDS; say whether to stop."""
        batch: list[tuple[str, tuple[object, ...]]] = []
        try:
            item = self._queue.get(timeout=FLUSH_SECONDS)
        except queue.Empty:
            return batch, False
        deadline = time.monotonic() + FLUSH_SECONDS
        while item is not None:
            batch.append(item)
            left = deadline - time.monotonic()
            if not item[0] or len(batch) >= BATCH or left <= 0:
                return batch, False  # a flush marker, a full batch, or time to commit
            try:
                item = self._queue.get(timeout=left)
            except queue.Empty:
                return batch, False
        while True:  # closing: write everything still queued
            try:
                rest = self._queue.get_nowait()
            except queue.Empty:
                return batch, True
            if rest is not None:
                batch.append(rest)

    def _write(self, db: sqlite3.Connection, batch: list[tuple[str, tuple[object, ...]]]) -> None:
        with db:
            for sql, args in batch:
                if sql:
                    db.execute(sql, args)

    def _prune(self, db: sqlite3.Connection) -> None:
        cutoff = time.time() - self.keep_days * 86400
        with db:
            db.execute(
                "DELETE FROM votes WHERE question_id IN (SELECT id FROM questions WHERE at < ?)",
                (cutoff,),
            )
            removed = db.execute("DELETE FROM questions WHERE at < ?", (cutoff,)).rowcount
        if removed:
            logger.info(
                "question log: pruned %d questions older than %g days", removed, self.keep_days
            )

    def _connect(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=2.0, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        return db

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=5.0)
        try:
            yield db
        finally:
            db.close()

    def _load_salt(self) -> bytes:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / "salt"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            salt = secrets.token_bytes(32)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(salt)
            return salt

    def _warn(self, message: str, *args: object) -> None:
        now = time.monotonic()
        if now - self._warned_at > 60:  # at most one warning a minute
            self._warned_at = now
            logger.warning(message, *args)


def open_log(settings: Settings) -> QuestionLog | None:
    """Open the log the settings ask for, or None when REPORTBOT_LOG_QUESTIONS=0.

    A log that cannot be opened is a warning, not a reason to stop answering.
    """
    if not settings.log_questions:
        return None
    try:
        return QuestionLog(settings.data_dir, keep_days=max(settings.log_days, 1.0))
    except (OSError, sqlite3.Error) as exc:
        logger.warning("question log disabled: %s", exc)
        return None
