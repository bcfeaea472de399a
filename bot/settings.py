"""Settings, read once from the environment at the entry point.

`Settings.from_env` is the one place a variable is read and checked; every other module
receives the frozen `Settings`. Each value has one default: the field's own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.knowledge import bundled_knowledge_dir

__all__ = [
    "DEFAULT_API_URL",
    "DEFAULT_LISTEN",
    "DEFAULT_PORT",
    "DEFAULT_WECOM_API_URL",
    "Settings",
    "SettingsError",
    "WeComSettings",
    "Webhook",
    "default_data_dir",
]

DEFAULT_API_URL = "https://api.telegram.org/bot"
# Webhook mode listens on this machine only unless told otherwise (a container says 0.0.0.0).
DEFAULT_LISTEN = "127.0.0.1"
DEFAULT_PORT = 8443
# Telegram tokens are "<bot id>:<35 characters>"; a malformed one fails fast and says so.
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,64}$")
# Telegram accepts 1-256 of these characters as a webhook's secret token.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_OFF = ("0", "false", "no", "off")
_ON = ("1", "true", "yes", "on")


class SettingsError(Exception):
    """A setting in the environment cannot be used; the message says which and why."""


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram posts updates in webhook mode, and where the bot listens for them."""

    url: str
    listen: str = DEFAULT_LISTEN
    port: int = DEFAULT_PORT


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the bot reads from the environment, checked."""

    token: str | None = field(default=None, repr=False)  # never printed
    admins: frozenset[int] = frozenset()
    knowledge_dir: Path = field(default_factory=bundled_knowledge_dir)
    # With reports of several places, a question naming none is answered from this place's.
    home_place: str | None = None
    api_url: str = DEFAULT_API_URL
    webhook_secret: str | None = field(default=None, repr=False)
    # The question log: where it lives, whether it is kept, and for how long.
    data_dir: Path = field(default_factory=lambda: default_data_dir({}))
    log_questions: bool = True
    log_days: float = 90.0
    # A file touched after each successful poll, for a container's health check.
    heartbeat: Path | None = None
    # Where jieba keeps its dictionary cache (default: the temporary folder); an image
    # builds the cache there once, so a read-only container need not rebuild it.
    cache_dir: Path | None = None
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
        chosen: dict[str, Any] = {
            "token": _token(env),
            "admins": _admins(env),
            "knowledge_dir": _knowledge_dir(knowledge, env),
            "home_place": _text(env, "REPORTBOT_HOME_PLACE"),
            "data_dir": default_data_dir(env),
        }
        api_url = _text(env, "TELEGRAM_API_URL")
        if api_url is not None:
            if not re.match(r"^https?://", api_url):
                raise SettingsError("TELEGRAM_API_URL must start with http:// or https://")
            chosen["api_url"] = api_url
        secret = _text(env, "REPORTBOT_WEBHOOK_SECRET")
        if secret is not None:
            if not _SECRET.match(secret):
                raise SettingsError(
                    "REPORTBOT_WEBHOOK_SECRET must be 1-256 characters A-Z a-z 0-9 _ -"
                )
            chosen["webhook_secret"] = secret
        log_questions = _text(env, "REPORTBOT_LOG_QUESTIONS")
        if log_questions is not None:
            if log_questions.lower() not in _OFF + _ON:
                raise SettingsError("REPORTBOT_LOG_QUESTIONS must be 1 or 0 (on or off)")
            chosen["log_questions"] = log_questions.lower() in _ON
        for name, key in (("REPORTBOT_HEARTBEAT", "heartbeat"), ("REPORTBOT_CACHE", "cache_dir")):
            path = _text(env, name)
            if path is not None:
                chosen[key] = Path(path)
        for name, key, kind in (
            ("REPORTBOT_LOG_DAYS", "log_days", float),
            ("REPORTBOT_MAX_RATE", "max_rate", float),
            ("REPORTBOT_FLOOD_PRIVATE", "flood_private", int),
            ("REPORTBOT_FLOOD_GROUP", "flood_group", int),
            ("REPORTBOT_HTTP_TIMEOUT", "http_timeout", float),
            ("REPORTBOT_POLL_SECONDS", "poll_seconds", int),
        ):
            value = _positive(env, name)
            if value is not None:
                chosen[key] = kind(value)
        return cls(**chosen)


def _text(env: Mapping[str, str], name: str) -> str | None:
    return env.get(name, "").strip() or None


def _token(env: Mapping[str, str]) -> str | None:
    token = _text(env, "TELEGRAM_BOT_TOKEN")
    if token is not None and not _TOKEN.match(token):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is malformed: it should look like 123456:ABC-DEF… "
            "as given by @BotFather"
        )
    return token


def _admins(env: Mapping[str, str]) -> frozenset[int]:
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
    return frozenset(admins)


def _positive(env: Mapping[str, str], name: str) -> float | None:
    raw = _text(env, name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {raw[:20]!r}") from None
    if value <= 0:
        raise SettingsError(f"{name} must be greater than 0")
    return value


def _knowledge_dir(option: str | None, env: Mapping[str, str]) -> Path:
    """Return --knowledge, else REPORTBOT_KNOWLEDGE, else the bundled knowledge."""
    chosen = option or _text(env, "REPORTBOT_KNOWLEDGE")
    return Path(chosen) if chosen else bundled_knowledge_dir()


def default_data_dir(env: Mapping[str, str]) -> Path:
    """Return REPORTBOT_DATA, else a `reportbot` folder in the user's data directory."""
    chosen = _text(env, "REPORTBOT_DATA")
    if chosen:
        return Path(chosen)
    base = _text(env, "XDG_DATA_HOME")
    if base is None:
        home = _text(env, "HOME")
        base = str((Path(home) if home else Path.home()) / ".local" / "share")
    return Path(base) / "reportbot"


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
