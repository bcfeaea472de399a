"""Flood control: a few questions a minute per user, and sending that serves chats fairly.

`FloodGate` decides whether a user's question is answered at all. `FairRateLimiter` is
the bot's one rate limiter and one retry policy: it keeps Telegram's overall and per-group
limits, takes waiting chats in turn so that one busy chat cannot hold up the others, and
retries a flood wait, a server error or a dropped connection a few times.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Coroutine
from enum import Enum
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import BaseRateLimiter

__all__ = ["FairQueue", "FairRateLimiter", "FloodGate", "Verdict"]

logger = logging.getLogger(__name__)


class Verdict(Enum):
    """What to do with a user's next question."""

    ALLOW = "allow"
    NOTIFY = "notify"  # the first question over the limit: say so once
    SILENT = "silent"  # over the limit and already told: say nothing


class FloodGate:
    """A sliding window per key: at most `limit` questions in `window` seconds."""

    def __init__(
        self,
        *,
        limit: int,
        window: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._max_keys = max_keys
        self._seen: dict[str, deque[float]] = {}
        self._told: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> Verdict:
        """Count a question from `key` and say whether to answer it."""
        now = self._clock()
        with self._lock:
            times = self._seen.get(key)
            if times is None:
                if len(self._seen) >= self._max_keys:
                    self._forget_idle(now)
                times = self._seen[key] = deque()
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) < self.limit:
                times.append(now)
                self._told.pop(key, None)
                return Verdict.ALLOW
            if key in self._told and now - self._told[key] < self.window:
                return Verdict.SILENT
            self._told[key] = now
            return Verdict.NOTIFY

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, t in self._seen.items() if not t or now - t[-1] >= self.window]
        for key in idle:
            del self._seen[key]
            self._told.pop(key, None)


class FairQueue:
    """Let waiting chats send in turn, at most `rate` messages a second after a `burst`.

    Each chat has its own line; the queue takes one message from each waiting chat in
    rotation, and a chat that starts waiting goes to the front. A chat with twenty answers
    queued thus delays another chat by at most one message, not twenty.
    """

    def __init__(
        self,
        *,
        rate: float,
        burst: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(rate, 1.0)
        self._clock = clock
        self._tokens = self.burst
        self._updated = clock()
        self._held_until = 0.0
        self._lines: OrderedDict[object, deque[asyncio.Future[None]]] = OrderedDict()
        self._dispatcher: asyncio.Task[None] | None = None
        self._wakeup = asyncio.Event()

    async def turn(self, chat: object) -> None:
        """Wait until it is this chat's turn to send one message."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        line = self._lines.get(chat)
        if line is None:  # a chat that was not waiting goes first: it has had no turn yet
            line = self._lines[chat] = deque()
            self._lines.move_to_end(chat, last=False)
        line.append(future)
        self._wakeup.set()
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch())
        try:
            await future
        except asyncio.CancelledError:
            line = self._lines.get(chat)
            if line is not None and future in line:
                line.remove(future)
            raise

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` (Telegram asked every sender to wait)."""
        self._held_until = max(self._held_until, self._clock() + seconds)
        self._tokens = 0.0

    async def close(self) -> None:
        """Stop the dispatcher."""
        if self._dispatcher is not None:
            self._dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._dispatcher

    async def _dispatch(self) -> None:
        while True:
            if not self._lines:
                self._wakeup.clear()
                await self._wakeup.wait()
                continue
            wait = self._refill()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            chat, line = self._lines.popitem(last=False)
            future = line.popleft()
            if line:
                self._lines[chat] = line  # back of the rotation
            if not future.done():
                future.set_result(None)
                self._tokens -= 1.0

    def _refill(self) -> float:
        """Add the tokens earned since the last look; return how long to wait for one."""
        now = self._clock()
        if now < self._held_until:
            self._updated = now
            return self._held_until - now
        self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate


class FairRateLimiter(BaseRateLimiter[int]):
    """Telegram's limits with chats served in turn, and one retry policy for every call."""

    def __init__(
        self,
        *,
        overall_max_rate: float = 30.0,
        group_max_rate: float = 20.0,
        burst: float = 3.0,
        attempts: int = 4,
        first_delay: float = 0.5,
    ) -> None:
        self._overall_max_rate = overall_max_rate
        self._burst = burst
        self._group_max_rate = group_max_rate
        self._attempts = attempts
        self._first_delay = first_delay
        self._queue: FairQueue | None = None
        self._groups: dict[int | str, AsyncLimiter] = {}

    async def initialize(self) -> None:
        """Make the queue on the running loop."""
        self._queue = FairQueue(rate=self._overall_max_rate, burst=self._burst)

    async def shutdown(self) -> None:
        """Stop the queue."""
        if self._queue is not None:
            await self._queue.close()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Wait for the chat's turn, send, and retry what is worth retrying."""
        chat = data.get("chat_id")
        delay = self._first_delay
        for attempt in range(self._attempts):
            last = attempt == self._attempts - 1
            try:
                async with self._limits(chat):
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if last:
                    raise
                wait = exc.retry_after
                seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
                logger.info("%s: Telegram asks to wait %.1f s", endpoint, seconds)
                if self._queue is not None:
                    self._queue.hold(seconds + 0.1)
                await asyncio.sleep(seconds + 0.1)
            except BadRequest:
                raise  # a refusal: the same request would be refused again
            except NetworkError as exc:
                if last:
                    raise
                logger.info("%s failed (%s); retrying in %.1f s", endpoint, exc, delay)
                await asyncio.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    @contextlib.asynccontextmanager
    async def _limits(self, chat: object) -> AsyncIterator[None]:
        """Hold a message to the group's limit and its chat's turn; other calls pass freely."""
        if chat is None:
            yield
            return
        with contextlib.suppress(ValueError, TypeError):
            chat = int(chat)  # type: ignore[call-overload]
        if (isinstance(chat, int) and chat < 0) or isinstance(chat, str):
            limiter = self._groups.get(chat)
            if limiter is None:
                limiter = self._groups[chat] = AsyncLimiter(self._group_max_rate, 60)
            await limiter.acquire()
        if self._queue is not None:
            await self._queue.turn(chat)
        yield
