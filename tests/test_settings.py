"""Settings: every variable read and checked in one place, one default per value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import DEFAULT_LISTEN, Settings, SettingsError, Webhook

TOKEN = "123456:" + "A" * 35


def test_the_defaults_are_the_fields_own() -> None:
    read = Settings.from_env({"HOME": "/home/x"})
    assert read == Settings(data_dir=Path("/home/x/.local/share/reportbot"))
    assert (read.flood_private, read.flood_group, read.log_days) == (20, 10, 90.0)
    assert read.log_questions and read.heartbeat is None and read.webhook_secret is None


def test_every_variable_is_read() -> None:
    read = Settings.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "REPORTBOT_ADMINS": "1, 2",
            "REPORTBOT_DATA": "/data",
            "REPORTBOT_LOG_QUESTIONS": "off",
            "REPORTBOT_LOG_DAYS": "30",
            "REPORTBOT_WEBHOOK_SECRET": "s3cret-token",
            "REPORTBOT_HEARTBEAT": "/tmp/beat",
            "REPORTBOT_FLOOD_PRIVATE": "5",
            "REPORTBOT_POLL_SECONDS": "2",
        }
    )
    assert read.token == TOKEN and read.admins == {1, 2}
    assert read.data_dir == Path("/data") and not read.log_questions and read.log_days == 30
    assert read.webhook_secret == "s3cret-token" and read.heartbeat == Path("/tmp/beat")
    assert read.flood_private == 5 and read.poll_seconds == 2
    assert TOKEN not in repr(read) and "s3cret" not in repr(read)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REPORTBOT_LOG_DAYS", "ninety"),
        ("REPORTBOT_LOG_DAYS", "0"),
        ("REPORTBOT_LOG_QUESTIONS", "maybe"),
        ("REPORTBOT_WEBHOOK_SECRET", "has spaces"),
        ("REPORTBOT_FLOOD_GROUP", "-1"),
        ("TELEGRAM_API_URL", "ftp://x"),
    ],
)
def test_a_bad_value_is_an_error_naming_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


def test_webhook_mode_listens_on_this_machine_unless_told() -> None:
    assert DEFAULT_LISTEN == "127.0.0.1" == Webhook("https://example.org/hook").listen
