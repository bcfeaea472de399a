"""Settings, read once from the environment at the entry point."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge import bundled_knowledge_dir

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_WECOM_API_URL",
    "Settings",
    "SettingsError",
    "WeComSettings",
    "knowledge_dir",
]

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


# WeCom (企业微信) ---------------------------------------------------------------------------

DEFAULT_WECOM_API_URL = "https://qyapi.weixin.qq.com/cgi-bin"
# WeCom's own rules: the callback Token is up to 32 letters or digits; the EncodingAESKey is
# 43 base64 characters (the AES key is its base64 with "=" added); a userid is 1-64 of
# letters, digits and _-@. starting with a letter or digit.
_WECOM_CORP_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_WECOM_SECRET = re.compile(r"^[A-Za-z0-9_-]{8,128}$")
_WECOM_TOKEN = re.compile(r"^[A-Za-z0-9]{1,32}$")
_WECOM_AES_KEY = re.compile(r"^[A-Za-z0-9+/]{43}$")
_WECOM_USERID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_@.-]{0,63}$")


@dataclass(frozen=True, slots=True)
class WeComSettings:
    """What `serve-wecom` reads from the environment, checked; secrets are never printed."""

    corp_id: str
    agent_id: int
    secret: str = field(repr=False)
    token: str = field(repr=False)
    aes_key: str = field(repr=False)
    api_url: str = DEFAULT_WECOM_API_URL
    admins: frozenset[str] = frozenset()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WeComSettings:
        """Read and check the WECOM_* settings; raise SettingsError naming the bad variable."""
        corp_id = _wecom_value(env, "WECOM_CORP_ID", _WECOM_CORP_ID, "the corp id (企业ID)")
        agent = _wecom_value(env, "WECOM_AGENT_ID", re.compile(r"^\d{1,10}$"), "a number")
        secret = _wecom_value(env, "WECOM_SECRET", _WECOM_SECRET, "the app's Secret")
        token = _wecom_value(env, "WECOM_TOKEN", _WECOM_TOKEN, "up to 32 letters or digits")
        aes_key = _wecom_value(env, "WECOM_AES_KEY", _WECOM_AES_KEY, "43 letters or digits")
        api_url = env.get("WECOM_API_URL", "").strip().rstrip("/") or DEFAULT_WECOM_API_URL
        if not re.match(r"^https?://", api_url):
            raise SettingsError("WECOM_API_URL must start with http:// or https://")
        admins = set()
        for part in env.get("REPORTBOT_WECOM_ADMINS", "").split(","):
            part = part.strip()
            if not part:
                continue
            if not _WECOM_USERID.match(part):
                raise SettingsError(
                    "REPORTBOT_WECOM_ADMINS must be WeCom userids (letters, digits, _-@.) "
                    f"separated by commas, not {part[:20]!r}"
                )
            admins.add(part)
        return cls(
            corp_id=corp_id,
            agent_id=int(agent),
            secret=secret,
            token=token,
            aes_key=aes_key,
            api_url=api_url,
            admins=frozenset(admins),
        )


def _wecom_value(env: Mapping[str, str], name: str, shape: re.Pattern[str], what: str) -> str:
    """Return a required WeCom setting; the message never repeats the value (it may be secret)."""
    value = env.get(name, "").strip()
    if not value:
        raise SettingsError(f"{name} is not set; serve-wecom needs it ({what})")
    if not shape.match(value):
        raise SettingsError(f"{name} is malformed: it should be {what}")
    return value
