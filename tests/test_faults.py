"""Hardening end to end: flood control and a flaky Bot API, against `reportbot serve`."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from bot.flood import FloodGate, Verdict
from tests.conftest import RunningBot, serve
from tests.support.local_api import LocalBotApi

FAST = {"REPORTBOT_HTTP_TIMEOUT": "2", "REPORTBOT_POLL_SECONDS": "1"}


def test_the_gate_allows_the_limit_then_notifies_once_then_stays_quiet() -> None:
    now = [0.0]
    gate = FloodGate(limit=3, window=60, clock=lambda: now[0])
    assert [gate.check("a") for _ in range(3)] == [Verdict.ALLOW] * 3
    assert gate.check("a") is Verdict.NOTIFY
    assert gate.check("a") is Verdict.SILENT
    assert gate.check("b") is Verdict.ALLOW  # others are not affected
    now[0] = 61
    assert gate.check("a") is Verdict.ALLOW


@pytest.fixture()
def api() -> Iterator[LocalBotApi]:
    with LocalBotApi() as server:
        yield server


@pytest.fixture()
def bot(api: LocalBotApi) -> Iterator[RunningBot]:
    with serve(api, **FAST) as running:
        yield running


def test_a_flooder_is_told_once_and_others_are_not_slowed(
    api: LocalBotApi, bot: RunningBot
) -> None:
    flooder, other = 3001, 3002
    delays: list[float] = []

    def ask_as_other() -> None:
        for _ in range(3):
            asked = time.monotonic()
            count = len(api.messages_to(other))
            api.send_text(other, "纪委立案查处多少人")
            api.wait_for(lambda n=count: len(api.messages_to(other)) > n, timeout=10)  # type: ignore[misc]
            delays.append(api.messages_to(other)[-1].at - asked)
            time.sleep(0.2)

    thread = threading.Thread(target=ask_as_other)
    thread.start()
    for _ in range(60):
        api.send_text(flooder, "法院结案多少件")
    thread.join(timeout=30)
    time.sleep(2)
    sent = api.messages_to(flooder)
    notices = [m for m in sent if "太频繁" in m.text]
    assert len(notices) == 1
    assert len(sent) == 21  # 20 answers and one notice, then silence
    assert len(delays) == 3 and max(delays) < 1.0, delays


def test_flood_limits_are_settable(api: LocalBotApi) -> None:
    with serve(api, REPORTBOT_FLOOD_PRIVATE="2", **FAST):
        for _ in range(5):
            api.send_text(3101, "法院结案多少件")
        api.wait_for_messages(3101, 3)
        time.sleep(1)
        assert len(api.messages_to(3101)) == 3


@pytest.mark.parametrize(
    ("method", "status", "retry_after"),
    [
        ("sendMessage", 429, 1),
        ("sendMessage", 500, None),
        ("sendMessage", 502, None),
        ("getUpdates", 500, None),
        ("getUpdates", 502, None),
        ("getUpdates", 429, 1),
    ],
)
def test_errors_are_retried_and_every_question_is_answered_once(
    api: LocalBotApi, bot: RunningBot, method: str, status: int, retry_after: int | None
) -> None:
    api.fail_next(method, status, count=2, retry_after=retry_after)
    for user in (3201, 3202):
        api.send_text(user, "组织部举办了多少期学习培训班")
    for user in (3201, 3202):
        assert "235期" in api.wait_for_messages(user, 1, timeout=20)[0].text
    time.sleep(1.5)
    assert [len(api.messages_to(u)) for u in (3201, 3202)] == [1, 1]
    assert bot.process.poll() is None


@pytest.mark.parametrize("method", ["sendMessage", "getUpdates"])
def test_a_dropped_connection_is_retried(api: LocalBotApi, bot: RunningBot, method: str) -> None:
    api.drop_next(method, count=2)
    api.send_text(3301, "政协设立了多少个委员工作站")
    assert "14个" in api.wait_for_messages(3301, 1, timeout=20)[0].text
    time.sleep(1.5)
    assert len(api.messages_to(3301)) == 1


@pytest.mark.parametrize("method", ["sendMessage", "getUpdates"])
def test_a_server_that_hangs_past_the_timeout(
    api: LocalBotApi, bot: RunningBot, method: str
) -> None:
    api.hang_next(method, 5)
    api.send_text(3401, "人大作出了多少项决定")
    assert "15项" in api.wait_for_messages(3401, 1, timeout=30)[0].text
    time.sleep(6)
    assert len(api.messages_to(3401)) == 1
    assert bot.process.poll() is None


def test_a_restart_of_the_server(api: LocalBotApi, bot: RunningBot) -> None:
    api.send_text(3501, "纪委结案多少件")
    api.wait_for_messages(3501, 1)
    api.restart(down_for=3)
    api.send_text(3502, "法院接待群众来访多少批次")
    assert "87830批次" in api.wait_for_messages(3502, 1, timeout=40)[0].text
    assert len(api.messages_to(3501)) == 1
    assert bot.process.poll() is None


def test_html_refused_by_telegram_is_resent_as_plain_text(
    api: LocalBotApi, bot: RunningBot
) -> None:
    api.fail_next(
        "sendMessage", 400, description="Bad Request: can't parse entities: unexpected end tag"
    )
    api.send_text(3601, "法院处理信访多少件")
    reply = api.wait_for_messages(3601, 1, timeout=20)[0]
    assert reply.parse_mode is None and "546件" in reply.text and "<b>" not in reply.text
    time.sleep(1)
    assert len(api.messages_to(3601)) == 1
