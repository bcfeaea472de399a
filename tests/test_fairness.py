"""Fairness under flood: flooders get their answers, and nobody else waits behind them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from bot.flood import FairQueue
from tests.conftest import serve
from tests.support.local_api import LocalBotApi

FAST = {"REPORTBOT_HTTP_TIMEOUT": "2", "REPORTBOT_POLL_SECONDS": "1"}


def test_the_queue_takes_waiting_chats_in_turn() -> None:
    async def run() -> list[str]:
        queue = FairQueue(rate=1000.0, burst=1.0)
        order: list[str] = []

        async def send(chat: str) -> None:
            await queue.turn(chat)
            order.append(chat)

        flood = [send("a") for _ in range(5)] + [send("b") for _ in range(5)] + [send("c")]
        await asyncio.gather(*flood)
        await queue.close()
        return order

    order = asyncio.run(run())
    # Each chat that starts waiting goes to the front; then the chats take turns.
    assert order[:6] == ["c", "b", "a", "b", "a", "b"]
    assert sorted(order) == ["a"] * 5 + ["b"] * 5 + ["c"]


def test_the_queue_keeps_its_rate() -> None:
    async def run() -> float:
        queue = FairQueue(rate=50.0, burst=1.0)
        started = time.monotonic()
        await asyncio.gather(*(queue.turn(n % 3) for n in range(26)))
        await queue.close()
        return time.monotonic() - started

    assert asyncio.run(run()) >= 0.45  # 25 messages after the first, at 50 a second


@pytest.fixture()
def api() -> Iterator[LocalBotApi]:
    with LocalBotApi() as server:
        yield server


def test_three_flooders_do_not_hold_up_a_fourth_user(api: LocalBotApi) -> None:
    flooders, other = (4001, 4002, 4003), 4004
    with serve(api, **FAST):
        api.send_text(other, "纪委立案查处多少人")  # warm up: the first answer loads jieba
        api.wait_for_messages(other, 1, timeout=30)
        for _ in range(60):
            for user in flooders:
                api.send_text(user, "法院结案多少件")
        # Once the flooders' answers are going out, 20 each, their backlog is over a second.
        api.wait_for(lambda: all(len(api.messages_to(u)) >= 3 for u in flooders), timeout=10)
        backlog = sum(21 - len(api.messages_to(u)) for u in flooders)
        asked = []
        for _ in range(3):  # the median of three: one scheduling hiccup is not the bot's
            asked.append(time.monotonic())
            api.send_text(other, "政协设立了多少个委员工作站")
            time.sleep(0.1)
        replies = api.wait_for_messages(other, 4, timeout=10)[1:]
        api.wait_for(lambda: all(len(api.messages_to(u)) >= 21 for u in flooders), timeout=20)
        time.sleep(1)
    waits = sorted(reply.at - at for reply, at in zip(replies, asked, strict=True))
    # Measured against the flooders' own backlog, not the clock: on a loaded machine both
    # stretch alike, and a fourth user held up behind them would wait for all of it.
    drained = max(m.at for u in flooders for m in api.messages_to(u))
    queued = sorted(drained - at for at in asked)
    assert all("14个" in reply.text for reply in replies)
    assert backlog > 20, backlog
    assert waits[1] < queued[1] / 4, (waits, queued, backlog)
    for user in flooders:  # each still gets the limit's answers and one notice, no more
        assert len(api.messages_to(user)) == 21
