"""Hardening end to end: flood control and a flaky Bot API, against `reportbot serve`."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator

import pytest

from bot.flood import FloodGate, Verdict
from tests.conftest import ADMIN, RunningBot, assert_rate, serve
from tests.support.local_api import LocalBotApi

TIMEOUT = 2.0  # REPORTBOT_HTTP_TIMEOUT of the bot under test
FAST = {"REPORTBOT_HTTP_TIMEOUT": str(TIMEOUT), "REPORTBOT_POLL_SECONDS": "1"}
TUNED = {
    **FAST,
    "REPORTBOT_FLOOD_PRIVATE": "2",
    "REPORTBOT_FLOOD_GROUP": "3",
    "REPORTBOT_MAX_RATE": "5",
    "REPORTBOT_POLL_SECONDS": "2",
    "REPORTBOT_LOG_QUESTIONS": "0",
}


def test_the_gate_allows_the_limit_then_notifies_once_then_stays_quiet() -> None:
    now = [0.0]
    gate = FloodGate(limit=3, window=60, clock=lambda: now[0])
    assert [gate.check("a") for _ in range(3)] == [Verdict.ALLOW] * 3
    assert gate.check("a") is Verdict.NOTIFY
    assert gate.check("a") is Verdict.SILENT
    assert gate.check("b") is Verdict.ALLOW  # others are not affected
    now[0] = 61
    assert gate.check("a") is Verdict.ALLOW


# One server and one bot for the module: each test uses its own users, and ends idle.


@pytest.fixture(scope="module")
def api() -> Iterator[LocalBotApi]:
    with LocalBotApi() as server:
        yield server


@pytest.fixture(scope="module")
def bot(api: LocalBotApi) -> Iterator[RunningBot]:
    with serve(api, **FAST) as running:
        yield running


def test_a_flooder_is_told_once_and_others_are_not_slowed(
    api: LocalBotApi, bot: RunningBot
) -> None:
    flooder, other = 3001, 3002
    delays: list[float] = []

    def ask_as_other() -> None:
        for n in range(3):
            asked = time.monotonic()
            api.send_text(other, "纪委立案查处多少人")
            if not api.wait_for(lambda n=n: len(api.messages_to(other)) > n, timeout=10):  # type: ignore[misc]
                return
            delays.append(api.messages_to(other)[n].at - asked)
            time.sleep(0.2)

    thread = threading.Thread(target=ask_as_other)
    thread.start()
    for _ in range(60):
        api.send_text(flooder, "法院结案多少件")
    thread.join(timeout=40)
    assert not thread.is_alive()
    assert api.wait_for(lambda: len(api.messages_to(flooder)) >= 21, timeout=30)
    assert api.wait_idle()
    sent = api.messages_to(flooder)
    notices = [m for m in sent if "太频繁" in m.text]
    assert len(notices) == 1
    assert len(sent) == 21  # 20 answers and one notice, then silence
    assert len(api.messages_to(other)) == 3
    # Each answer came at once (generous for a loaded machine; a shared gate gives none).
    assert len(delays) == 3 and max(delays) < 1.5, delays


@pytest.mark.parametrize(
    ("method", "status", "retry_after", "first_user"),
    [
        ("sendMessage", 429, 1, 3201),
        ("sendMessage", 500, None, 3203),
        ("sendMessage", 502, None, 3205),
        ("getUpdates", 500, None, 3207),
        ("getUpdates", 502, None, 3209),
        ("getUpdates", 429, 1, 3211),
    ],
)
def test_errors_are_retried_and_every_question_is_answered_once(
    api: LocalBotApi,
    bot: RunningBot,
    method: str,
    status: int,
    retry_after: int | None,
    first_user: int,
) -> None:
    users = (first_user, first_user + 1)
    api.fail_next(method, status, count=2, retry_after=retry_after)
    for user in users:
        api.send_text(user, "组织部举办了多少期学习培训班")
    for user in users:
        replies = api.wait_for_messages(user, 1, timeout=20)
        assert replies and "235期" in replies[0].text
    assert api.wait_idle()
    assert [len(api.messages_to(u)) for u in users] == [1, 1]
    assert bot.process.poll() is None


@pytest.mark.parametrize("method", ["sendMessage", "getUpdates"])
def test_a_dropped_connection_is_retried(api: LocalBotApi, bot: RunningBot, method: str) -> None:
    user = 3301 if method == "sendMessage" else 3302
    api.drop_next(method, count=2)
    api.send_text(user, "政协设立了多少个委员工作站")
    replies = api.wait_for_messages(user, 1, timeout=20)
    assert replies and "14个" in replies[0].text
    assert api.wait_idle()
    assert len(api.messages_to(user)) == 1


def test_a_send_that_hangs_is_given_up_after_the_http_timeout(
    api: LocalBotApi, bot: RunningBot
) -> None:
    api.hang_next("sendMessage", 60)  # far longer than any timeout, the default's 15 s too
    api.send_text(3401, "人大作出了多少项决定")
    replies = api.wait_for_messages(3401, 1, timeout=30)
    assert replies and "15项" in replies[0].text
    hang = api.hangs[-1]
    assert hang.method == "sendMessage" and hang.abandoned
    assert TIMEOUT * 0.9 <= hang.held < TIMEOUT + 2.5, hang.held  # the bot gave up on time
    assert replies[0].at - hang.started < TIMEOUT + 3.0  # and sent again at once
    assert api.wait_idle()
    assert len(api.messages_to(3401)) == 1


def test_a_poll_that_hangs_is_given_up_and_polling_goes_on(
    api: LocalBotApi, bot: RunningBot
) -> None:
    api.hang_next("getUpdates", 60)
    assert api.wait_for(lambda: bool(api.hangs) and api.hangs[-1].method == "getUpdates")
    api.send_text(3402, "人大作出了多少项决定")
    replies = api.wait_for_messages(3402, 1, timeout=30)
    assert replies and "15项" in replies[0].text
    hang = api.hangs[-1]
    assert hang.abandoned and hang.held < 15, hang.held
    assert api.wait_idle()
    assert len(api.messages_to(3402)) == 1
    assert bot.process.poll() is None


def test_html_refused_by_telegram_is_resent_as_plain_text(
    api: LocalBotApi, bot: RunningBot
) -> None:
    api.fail_next(
        "sendMessage", 400, description="Bad Request: can't parse entities: unexpected end tag"
    )
    api.send_text(3601, "法院处理信访多少件")
    replies = api.wait_for_messages(3601, 1, timeout=20)
    assert replies
    assert replies[0].parse_mode is None and "546件" in replies[0].text
    assert "<b>" not in replies[0].text
    assert api.wait_idle()
    assert len(api.messages_to(3601)) == 1


def test_another_refusal_reaches_the_error_handler_and_the_user_hears_of_it(
    api: LocalBotApi, bot: RunningBot
) -> None:
    api.fail_next("sendMessage", 400, description="Bad Request: message thread not found")
    api.send_text(3701, "法院处理信访多少件")
    replies = api.wait_for_messages(3701, 1, timeout=20)
    assert replies and "出了点问题" in replies[0].text
    assert "Traceback" not in replies[0].text and "thread not found" not in replies[0].text
    assert api.wait_for(lambda: "error while handling an update" in bot.log)
    assert api.wait_idle()
    assert len(api.messages_to(3701)) == 1
    api.send_text(3701, "法院处理信访多少件")  # and the bot goes on answering
    assert "546件" in api.wait_for_messages(3701, 2, timeout=20)[1].text


def test_a_restart_of_the_server(api: LocalBotApi, bot: RunningBot) -> None:
    api.send_text(3501, "纪委结案多少件")
    assert api.wait_for_messages(3501, 1)
    api.restart(down_for=3)
    api.send_text(3502, "法院接待群众来访多少批次")
    replies = api.wait_for_messages(3502, 1, timeout=40)
    assert replies and "87830批次" in replies[0].text
    assert api.wait_idle()
    assert len(api.messages_to(3501)) == 1 and len(api.messages_to(3502)) == 1
    assert bot.process.poll() is None


# A second bot, on its own server, with every tunable setting away from its default.


@pytest.fixture(scope="module")
def tuned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalBotApi, RunningBot]]:
    data = tmp_path_factory.mktemp("tuned") / "data"
    with LocalBotApi() as api, serve(api, REPORTBOT_DATA=str(data), **TUNED) as running:
        yield api, running
    assert not data.exists()  # REPORTBOT_LOG_QUESTIONS=0: no log, not even its folder


def test_flood_limits_are_settable_and_each_group_member_has_their_own(
    tuned: tuple[LocalBotApi, RunningBot],
) -> None:
    api, _ = tuned
    group = -3100
    for _ in range(5):
        api.send_text(3101, "法院结案多少件")
    for _ in range(5):
        api.send_text(3102, "/ask 法院结案多少件", chat_id=group, chat_type="supergroup")
    assert len(api.wait_for_messages(3101, 3, timeout=30)) >= 3
    assert len(api.wait_for_messages(group, 4, timeout=30)) >= 4
    assert api.wait_idle()
    # Updates are handled concurrently: the notice may overtake the answers.
    private = sorted("太频繁" in m.text for m in api.messages_to(3101))
    assert private == [False, False, True]
    in_group = [m.text for m in api.messages_to(group)]
    assert sum("63266" in t for t in in_group) == 3
    assert sum("太频繁" in t for t in in_group) == 1 and len(in_group) == 4

    api.send_text(3103, "/ask 纪委立案查处多少人", chat_id=group, chat_type="supergroup")
    api.send_text(3102, "纪委立案查处多少人")  # a private chat is counted apart
    assert api.wait_for_messages(group, 5, timeout=30) and api.wait_for_messages(3102, 1)
    assert api.wait_idle()
    assert "448人" in api.messages_to(group)[-1].text
    assert "448人" in api.messages_to(3102)[0].text
    assert len(api.messages_to(group)) == 5


def test_the_overall_send_rate_is_settable(tuned: tuple[LocalBotApi, RunningBot]) -> None:
    api, _ = tuned
    users = range(20_000, 20_020)
    for user in users:
        api.send_text(user, "法院结案多少件")
    assert api.wait_for(lambda: all(api.messages_to(u) for u in users), timeout=40)
    assert_rate(sorted(api.messages_to(u)[0].at for u in users), 5)


def test_poll_seconds_is_settable(tuned: tuple[LocalBotApi, RunningBot]) -> None:
    api, _ = tuned
    assert api.wait_for(lambda: len(api.poll_timeouts) >= 2)
    assert set(api.poll_timeouts) == {2.0}


def test_the_question_log_can_be_turned_off(tuned: tuple[LocalBotApi, RunningBot]) -> None:
    api, _ = tuned
    api.send_text(3801, "纪委立案查处多少人")
    reply = api.wait_for_messages(3801, 1)
    assert reply and reply[0].buttons()  # suggestions, but no 👍/👎
    assert not {"👍", "👎"} & {b["text"] for b in reply[0].buttons()}
    api.send_text(ADMIN, "/misses")
    assert "REPORTBOT_LOG_QUESTIONS=0" in api.wait_for_messages(ADMIN, 1)[0].text


def test_ctrl_c_stops_the_bot_with_status_0(tuned: tuple[LocalBotApi, RunningBot]) -> None:
    _, running = tuned
    assert running.stop(signal.SIGINT) == 0
    assert "stopped after" in running.log
