"""Per-user flood control: a few questions a minute each, one notice, then silence."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from enum import Enum

__all__ = ["FloodGate", "Verdict"]


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
