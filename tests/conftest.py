"""Shared fixtures: the bundled knowledge, its index, and scratch copies to break."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bot.index import Index, build_index
from bot.knowledge import Knowledge, bundled_knowledge_dir, load_knowledge
from tests.support.local_api import TEST_TOKEN, LocalBotApi

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "zhongshan-daily-2018-12-model-agencies.txt"
REPORT_DIR = "zhongshan-2018-12"
ADMIN = 4242
STRANGER = 777


def pytest_configure(config: pytest.Config) -> None:
    """Note this test process where .ci/run asks (REPORTBOT_TEST_PIDS): the pytest process and
    each of its workers. It reports their coverage alone beside that of every process."""
    noted = os.environ.get("REPORTBOT_TEST_PIDS")
    if noted:
        with open(noted, "a", encoding="ascii") as pids:
            pids.write(f"{os.getpid()}\n")


# Hypothesis: the same examples on every CI run (a failure there can be replayed), fresh
# ones on every local run (more inputs over time).
settings.register_profile(
    "ci", derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev")
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


def child_env(**variables: str) -> dict[str, str]:
    """Return a clean environment for a child process, plus `variables`.

    The child reads and writes UTF-8 whatever the machine's locale, and inherits coverage's
    settings so that `coverage run` measures it too (its `patch = subprocess`).
    """
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "PYTHONUTF8": "1",
    }
    env.update({k: v for k, v in os.environ.items() if k.startswith("COVERAGE_")})
    env.update(variables)
    return env


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """Return the bundled knowledge, loaded once."""
    return load_knowledge(bundled_knowledge_dir())


@pytest.fixture(scope="session")
def index(knowledge: Knowledge) -> Index:
    """Return the index of the bundled knowledge, built once."""
    return build_index(knowledge)


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """Return a writable copy of the bundled knowledge directory."""
    target = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), target)
    return target


class RunningBot:
    """A `reportbot serve` process and the log it writes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.stopped = False  # stopped on purpose, by a test or at the end of the block
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @classmethod
    def start(cls, args: list[str], environment: dict[str, str]) -> RunningBot:
        """Start `python -m bot ARGS` from the checkout, its output read as its log."""
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            encoding="utf-8",
        )
        return cls(process)

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int:
        """Send `sig` (if still running); return the exit status."""
        if self.process.poll() is None:
            self.stopped = True
            self.process.send_signal(sig)
        status = self.process.wait(timeout=30)
        self._reader.join(timeout=5)
        return status


@contextmanager
def serve(
    api: LocalBotApi,
    *args: str,
    knowledge: Path | None = None,
    command: tuple[str, ...] = ("serve",),
    **env: str,
) -> Iterator[RunningBot]:
    """Run `reportbot serve` against the local server until the block ends.

    At the end the bot must still be running (or have been stopped by the test), must stop on
    SIGTERM with exit status 0, and must never have logged the token.
    """
    with tempfile.TemporaryDirectory(prefix="reportbot-data-") as data:
        environment = child_env(
            **{
                "REPORTBOT_DATA": data,
                "TELEGRAM_BOT_TOKEN": TEST_TOKEN,
                "TELEGRAM_API_URL": api.api_url,
                "REPORTBOT_ADMINS": str(ADMIN),
                **env,
            }
        )
        if knowledge is not None:
            environment["REPORTBOT_KNOWLEDGE"] = str(knowledge)
        bot = RunningBot.start([*command, *args], environment)
        process = bot.process
        try:
            started = api.wait_for(
                lambda: (
                    "getUpdates" in api.requests
                    or "setWebhook" in api.requests
                    or process.poll() is not None
                ),
                timeout=60,
            )
            assert started and process.poll() is None, bot.log
            yield bot
        finally:
            running = process.poll() is None
            status = bot.stop()
        assert running or bot.stopped, f"the bot died (exit status {status}):\n{bot.log}"
        assert status == 0, f"exit status {status} after SIGTERM:\n{bot.log}"
        assert TEST_TOKEN not in bot.log
        assert TEST_TOKEN.split(":")[1] not in bot.log


def assert_rate(times: list[float], rate: float) -> None:
    """Check that messages stamped at `times` (sorted) kept to `rate` a second."""
    for i, start in enumerate(times):
        for j in range(i + 1, len(times)):
            # A bucket of `rate` refills at `rate` a second. The server stamps a message when
            # its thread handles it, which on a loaded machine lags the send unevenly (a
            # second and more was seen): allow 1.5 s. Long spans still tell.
            allowed = rate + rate * (times[j] - start + 1.5)
            assert j - i + 1 <= allowed, (j - i + 1, times[j] - start)


@contextmanager
def reserved_port() -> Iterator[int]:
    """Hold a free port for a child's server until the block ends.

    The socket is bound, not listening: only a SO_REUSEADDR bind (tornado's, the webhook's and
    WeCom's server) can take the port, and the system gives it to no one else meanwhile.
    """
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])
