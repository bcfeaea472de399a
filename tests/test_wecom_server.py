"""The callback server's parts: MsgId dedup, per-user order, and a kind word on an error."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.wecom.server import SeenMessages, _Dispatcher


def test_a_message_key_is_new_once_until_it_ages_out() -> None:
    seen = SeenMessages(ttl=60.0, max_ids=3)
    assert seen.first_time("a") and not seen.first_time("a")
    for key in ("b", "c", "d"):
        assert seen.first_time(key)
    assert seen.first_time("a")  # pushed out by the bound, not kept forever


class _Bot:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def on_text(self, user: str, text: str) -> None:
        if text == "boom":
            raise RuntimeError("a bug")
        await asyncio.sleep(0.02 if text == "first" else 0)
        self.sent.append((user, text))

    async def on_other(self, user: str) -> None:
        self.sent.append((user, "other"))

    async def reply(self, user: str, markdown: str) -> None:
        self.sent.append((user, markdown))

    def user_tag(self, user: str) -> str:
        return "hash"


def test_one_users_messages_are_answered_in_order_and_an_error_gets_an_apology() -> None:
    async def run() -> list[tuple[str, str]]:
        bot = _Bot()
        dispatcher = _Dispatcher(bot)  # type: ignore[arg-type]
        message: dict[str, Any]
        for message in (
            {"MsgType": "text", "Content": "first"},
            {"MsgType": "text", "Content": "second"},
            {"MsgType": "text", "Content": "boom"},
            {"MsgType": "image"},
        ):
            dispatcher.dispatch("u", message)
        await asyncio.gather(*dispatcher.tasks)
        assert not dispatcher._locks  # nothing kept once the user's queue is empty
        return bot.sent

    sent = asyncio.run(run())
    assert [text for _, text in sent][:2] == ["first", "second"]
    assert "抱歉" in sent[2][1] and sent[3][1] == "other"
