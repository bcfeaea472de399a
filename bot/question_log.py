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
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.answering import Reply

__all__ = [
    "LogReader",
    "LoggedQuestion",
    "QuestionLog",
    "QuestionRecord",
    "open_log",
    "rebuild_tallies",
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
    knowledge_version TEXT NOT NULL,
    channel TEXT NOT NULL DEFAULT 'telegram'
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
# Questions counted by quarter hour, agency ('' for none) and outcome (0 answered,
# 1 partial, 2 declined), kept by triggers in the same transaction as the questions, so
# that /stats reads a few thousand rows whatever the size of the log. Quarter hours sum
# exactly into local days in every time zone.
_TALLIES = (
    """CREATE TABLE tallies (
        quarter INTEGER NOT NULL,
        agency TEXT NOT NULL,
        outcome INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (quarter, agency, outcome)
    ) WITHOUT ROWID""",
    """CREATE TRIGGER tally_insert AFTER INSERT ON questions BEGIN
        INSERT INTO tallies VALUES (CAST(new.at / 900 AS INTEGER), COALESCE(new.agency, ''),
            CASE WHEN new.answered THEN 0 WHEN new.kind = 'partial' THEN 1 ELSE 2 END, 1)
        ON CONFLICT (quarter, agency, outcome) DO UPDATE SET n = n + 1;
    END""",
    """CREATE TRIGGER tally_delete AFTER DELETE ON questions BEGIN
        UPDATE tallies SET n = n - 1
        WHERE quarter = CAST(old.at / 900 AS INTEGER) AND agency = COALESCE(old.agency, '')
            AND outcome = CASE WHEN old.answered THEN 0 WHEN old.kind = 'partial' THEN 1 ELSE 2 END;
    END""",
)
# Columns added after the first release, with what existing rows get.
_MIGRATIONS = (("channel", "TEXT NOT NULL DEFAULT 'telegram'"),)
_COLUMNS = (
    "id, at, chat_type, user_hash, question, answered, kind, agency, figure, score,"
    " knowledge_version, channel"
)
# A reply that covers the topic but not the condition asked (answered is false).
PARTIAL = "partial"
QUARTER_HOUR = 900


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    """One question as it is logged: what was asked and how it went; no raw user id."""

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
    channel: str = "telegram"


@dataclass(frozen=True, slots=True)
class LoggedQuestion(QuestionRecord):
    """A question read back from the log (for /misses, stats and export), with its votes."""

    up: int = 0
    down: int = 0


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
        self,
        question: str,
        reply: Reply,
        *,
        chat_type: str,
        user_id: int,
        knowledge_version: str,
        channel: str = "telegram",
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
                channel=channel,
            )
        )
        return question_id

    def record(self, record: QuestionRecord) -> None:
        """Queue a question for writing."""
        self._put(
            f"INSERT OR IGNORE INTO questions ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
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
                record.channel,
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
        with LogReader(self.path) as reader:
            return reader.questions(since=(now or time.time()) - days * 86400)

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
        _migrate(db)
        return db

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


class LogReader:
    """Read-only queries over a log file, streamed; safe while a bot writes to it (WAL)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(questions)")}
        except sqlite3.Error:
            self._db.close()
            raise
        if not columns:
            self._db.close()
            raise sqlite3.DatabaseError(f"{path} holds no question log")
        # A log the bot has not opened since an upgrade lacks the newer columns.
        self._channel = "q.channel" if "channel" in columns else "'telegram'"
        self._tallies = bool(
            self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'tallies'").fetchone()
        )
        # Reads of a large log: sort in memory, map the file rather than copy its pages.
        self._db.execute("PRAGMA temp_store=MEMORY")
        self._db.execute("PRAGMA cache_size=-32768")
        self._db.execute(f"PRAGMA mmap_size={256 * 2**20}")

    def __enter__(self) -> LogReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the file."""
        self._db.close()

    def outcome_counts(self, *, since: float) -> list[tuple[float, str | None, int, int]]:
        """Count questions since a time by (quarter hour, agency, outcome).

        The quarter hour is given by its start; every time zone's midnight falls on one, so
        the caller can sum them into local days. The outcome is 0 answered, 1 partial (the
        topic but not the condition asked), 2 declined.
        """
        first = int(since // QUARTER_HOUR)
        if self._tallies:
            rows = self._db.execute(
                "SELECT quarter, NULLIF(agency, ''), outcome, n FROM tallies"
                " WHERE quarter >= ? AND n > 0",
                (first,),
            )
        else:  # a log the bot has not opened since an upgrade: one scan of the table
            rows = self._db.execute(
                f"SELECT CAST(at / {QUARTER_HOUR} AS INTEGER), agency,"
                " CASE WHEN answered THEN 0 WHEN kind = ? THEN 1 ELSE 2 END, COUNT(*)"
                " FROM questions WHERE +at >= ? GROUP BY 1, 2, 3",
                (PARTIAL, first * QUARTER_HOUR),
            )
        return [
            (quarter * QUARTER_HOUR, agency, outcome, count)
            for quarter, agency, outcome, count in rows
        ]

    def vote_counts(self, *, since: float) -> tuple[int, int]:
        """Return the 👍 and 👎 given since a time (one scan of the small votes table)."""
        up, down = self._db.execute(
            "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM votes"
            " WHERE at >= ?",
            (since,),
        ).fetchone()
        return int(up), int(down)

    def rows(self, *, since: float, batch: int = 5000) -> Iterator[LoggedQuestion]:
        """Yield the questions asked since a time, oldest first, without holding them all."""
        votes = {
            question_id: (up, down)
            for question_id, up, down in self._db.execute(
                "SELECT v.question_id, SUM(v.vote > 0), SUM(v.vote < 0)"
                " FROM votes v JOIN questions q ON q.id = v.question_id"
                " WHERE q.at >= ? GROUP BY v.question_id",
                (since,),
            )
        }
        cursor = self._db.execute(
            "SELECT q.id, q.at, q.chat_type, q.user_hash, q.question, q.answered, q.kind,"
            f" q.agency, q.figure, q.score, q.knowledge_version, {self._channel}"
            " FROM questions q WHERE q.at >= ? ORDER BY q.at",
            (since,),
        )
        no_votes = (0, 0)
        while chunk := cursor.fetchmany(batch):
            for r in chunk:
                up, down = votes.get(r[0], no_votes)
                yield LoggedQuestion(
                    id=r[0],
                    at=r[1],
                    chat_type=r[2],
                    user_hash=r[3],
                    question=r[4],
                    answered=bool(r[5]),
                    kind=r[6],
                    agency=r[7],
                    figure=r[8],
                    score=r[9],
                    knowledge_version=r[10],
                    channel=r[11],
                    up=up,
                    down=down,
                )

    def questions(self, *, since: float) -> list[LoggedQuestion]:
        """Return the questions asked since a time, with their vote counts, oldest first."""
        return list(self.rows(since=since))


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a log written by an older version up to date; existing rows get defaults."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(questions)")}
    for name, definition in _MIGRATIONS:
        if name in columns:
            continue
        try:
            with db:
                db.execute(f"ALTER TABLE questions ADD COLUMN {name} {definition}")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc):  # another process migrated it first
                raise
        logger.info("question log: added column %s", name)
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'tallies'").fetchone():
        return
    db.execute("BEGIN IMMEDIATE")  # one process creates and fills it, once
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'tallies'").fetchone():
            for statement in _TALLIES:
                db.execute(statement)
            rebuild_tallies(db)
            logger.info("question log: added the tallies for /stats")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def rebuild_tallies(db: sqlite3.Connection) -> None:
    """Count every question into the tallies afresh (after a bulk load, or a migration)."""
    db.execute("DELETE FROM tallies")
    db.execute(
        f"INSERT INTO tallies SELECT CAST(at / {QUARTER_HOUR} AS INTEGER),"
        " COALESCE(agency, ''), CASE WHEN answered THEN 0 WHEN kind = ? THEN 1 ELSE 2 END,"
        " COUNT(*) FROM questions GROUP BY 1, 2, 3",
        (PARTIAL,),
    )


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
