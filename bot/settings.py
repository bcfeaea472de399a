"""Settings, read once from the environment at the entry point."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge import bundled_knowledge_dir

__all__ = ["DEFAULT_API_URL", "Settings", "SettingsError", "knowledge_dir"]

DEFAULT_API_URL = "https://api.telegram.org/bot"
# Telegram tokens are "<bot id>:<35 characters>"; a malformed one fails fast and says so.
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")


class SettingsError(Exception):
    """A setting in the environment cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from the environment, checked."""

    token: str | None = field(default=None, repr=False)  # never printed
    admins: frozenset[int] = frozenset()
    knowledge_dir: Path = field(default_factory=bundled_knowledge_dir)
    api_url: str = DEFAULT_API_URL
    data_dir: Path | None = None
    # Telegram allows about 30 messages a second overall and 20 a minute in one group.
    max_rate: float = 30.0
    group_max_rate: float = 20.0
    # Questions one user may ask a minute before the bot goes quiet for them.
    flood_private: int = 20
    flood_group: int = 10
    http_timeout: float = 15.0  # seconds for one Bot API call
    poll_seconds: int = 30  # long-polling timeout of getUpdates

    @classmethod
    def from_env(cls, env: Mapping[str, str], *, knowledge: str | None = None) -> Settings:
        """Read and check the settings; raise SettingsError naming the bad variable."""
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
        if token is not None and not _TOKEN.match(token):
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is malformed: it should look like 123456:ABC-DEF… "
                "as given by @BotFather"
            )
        admins = set()
        for part in env.get("REPORTBOT_ADMINS", "").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.lstrip("-").isdigit():
                raise SettingsError(
                    f"REPORTBOT_ADMINS must be numeric Telegram user ids separated by commas, "
                    f"not {part[:20]!r}"
                )
            admins.add(int(part))
        api_url = env.get("TELEGRAM_API_URL", "").strip() or DEFAULT_API_URL
        if not re.match(r"^https?://", api_url):
            raise SettingsError("TELEGRAM_API_URL must start with http:// or https://")
        data = env.get("REPORTBOT_DATA", "").strip()
        max_rate = _positive(env, "REPORTBOT_MAX_RATE", 30.0)
        return cls(
            flood_private=int(_positive(env, "REPORTBOT_FLOOD_PRIVATE", 20)),
            flood_group=int(_positive(env, "REPORTBOT_FLOOD_GROUP", 10)),
            http_timeout=_positive(env, "REPORTBOT_HTTP_TIMEOUT", 15.0),
            poll_seconds=int(_positive(env, "REPORTBOT_POLL_SECONDS", 30)),
            token=token,
            admins=frozenset(admins),
            knowledge_dir=knowledge_dir(knowledge, env),
            api_url=api_url,
            data_dir=Path(data) if data else None,
            max_rate=max_rate,
        )


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {raw[:20]!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be greater than 0")
    return value


def knowledge_dir(option: str | None, env: Mapping[str, str]) -> Path:
    """Return the knowledge directory: --knowledge, else REPORTBOT_KNOWLEDGE, else the bundled one."""
    chosen = option or env.get("REPORTBOT_KNOWLEDGE", "").strip()
    return Path(chosen) if chosen else bundled_knowledge_dir()
