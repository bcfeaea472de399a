"""The question log: durable, off the answering path, private, and never in the way."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot import question_log
from bot.question_log import QuestionLog, QuestionRecord, new_question_id, open_log
from bot.settings import Settings, default_data_dir
from tests.conftest import ROOT


def _record(
    log: QuestionLog,
    question: str,
    *,
    user: int = 1,
    answered: bool = False,
    at: float | None = None,
    agency: str | None = None,
) -> int:
    question_id = new_question_id()
    log.record(
        QuestionRecord(
            id=question_id,
            at=at or time.time(),
            chat_type="private",
            user_hash=log.user_hash(user),
            question=question,
            answered=answered,
            kind="metric" if answered else "declined",
            agency=agency,
            figure=None,
            score=50,
            knowledge_version="v1",
        )
    )
    return question_id


def test_questions_and_votes_are_kept(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path)
    first = _record(log, "法院结案多少件", answered=True, agency="市第一人民法院")
    _record(log, "深圳房价多少")
    log.vote(first, 7, -1)
    log.vote(first, 7, +1)  # the same user changes the vote
    log.vote(first, 8, -1)
    log.flush()
    rows = {q.question: q for q in log.questions(days=1)}
    assert rows["法院结案多少件"].up == 1 and rows["法院结案多少件"].down == 1
    assert rows["深圳房价多少"].answered is False
    log.close()


def test_the_log_holds_no_raw_user_id(tmp_path: Path) -> None:
    log = QuestionLog(tmp_path)
    _record(log, "问题", user=987654321)
    log.flush()
    log.close()
    raw = (tmp_path / "questions.sqlite3").read_bytes()
    assert b"987654321" not in raw
    assert log.user_hash(987654321) != log.user_hash(987654322)
    assert (tmp_path / "salt").stat().st_mode & 0o777 == 0o600


def test_old_rows_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = QuestionLog(tmp_path, keep_days=90)
    _record(log, "很久以前的问题", at=time.time() - 100 * 86400)
    _record(log, "今天的问题")
    log.flush()
    log.close()
    again = QuestionLog(tmp_path, keep_days=90)  # a new writer prunes at start
    time.sleep(0.5)
    again.flush()
    assert [q.question for q in again.questions(days=365)] == ["今天的问题"]
    again.close()


def test_log_days_is_read_and_pruning_comes_back_daily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(question_log, "PRUNE_EVERY", 0.5)  # a day of half a second
    log = open_log(Settings.from_env({"REPORTBOT_DATA": str(tmp_path), "REPORTBOT_LOG_DAYS": "2"}))
    assert log is not None and log.keep_days == 2
    time.sleep(0.3)  # past the prune at start-up: what follows is the next "day"'s
    _record(log, "三天前的问题", at=time.time() - 3 * 86400)
    _record(log, "昨天的问题", at=time.time() - 1 * 86400)
    log.flush()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        kept = [q.question for q in log.questions(days=365)]
        if "三天前的问题" not in kept:
            break
        time.sleep(0.1)
    log.close()
    assert kept == ["昨天的问题"]


def test_an_unwritable_place_degrades_to_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with caplog.at_level(logging.WARNING):
        log = open_log(Settings.from_env({"REPORTBOT_DATA": str(blocker / "data")}))
    assert log is None
    assert "question log disabled" in caplog.text


def test_a_locked_database_costs_a_warning_not_an_answer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = QuestionLog(tmp_path)
    holder = sqlite3.connect(tmp_path / "questions.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")
    with caplog.at_level(logging.WARNING):
        started = time.monotonic()
        _record(log, "被锁住的时候问的")
        assert time.monotonic() - started < 0.1  # recording never waits for the disk
        log.flush(timeout=10)
    holder.rollback()
    holder.close()
    assert "not written" in caplog.text
    log.close()


def test_logging_can_be_turned_off(tmp_path: Path) -> None:
    env = {"REPORTBOT_LOG_QUESTIONS": "0", "REPORTBOT_DATA": str(tmp_path)}
    assert open_log(Settings.from_env(env)) is None
    assert not any(tmp_path.iterdir())


def test_the_default_place_is_the_users_data_directory() -> None:
    assert default_data_dir({"XDG_DATA_HOME": "/x"}) == Path("/x/reportbot")
    assert default_data_dir({"REPORTBOT_DATA": "/y"}) == Path("/y")


_BURST = """
import sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from bot.question_log import QuestionLog, QuestionRecord, new_question_id
log = QuestionLog(Path({data!r}))
n = 0
while True:
    log.record(QuestionRecord(new_question_id(), time.time(), "private", "h", f"q{{n}}", False,
                              "declined", None, None, 0, "v"))
    n += 1
    if n % 100 == 0:
        print(n, flush=True)
    time.sleep(0.001)
"""


def test_kill_9_in_a_burst_loses_under_a_second_and_never_corrupts(tmp_path: Path) -> None:
    script = _BURST.format(root=str(ROOT), data=str(tmp_path))
    # Killed with -9, the child could never save coverage data: keep coverage out of it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, encoding="utf-8", env=env
    )
    assert child.stdout is not None
    sent = 0
    started = time.monotonic()
    while time.monotonic() - started < 2.5:
        sent = int(child.stdout.readline())
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    rate = sent / (time.monotonic() - started)
    db = sqlite3.connect(tmp_path / "questions.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    written = db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
    db.close()
    assert written > 0
    assert sent - written <= rate * 1.0 + 100, (sent, written, rate)
