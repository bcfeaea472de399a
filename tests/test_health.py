"""What a container's health check reads: a heartbeat file touched after each good poll."""

from __future__ import annotations

import time
from pathlib import Path

from tests.conftest import serve
from tests.support.local_api import LocalBotApi


def test_each_successful_poll_touches_the_heartbeat(tmp_path: Path) -> None:
    beat = tmp_path / "heartbeat"
    with (
        LocalBotApi() as api,
        serve(api, REPORTBOT_HEARTBEAT=str(beat), REPORTBOT_POLL_SECONDS="1"),
    ):
        assert api.wait_for(beat.exists, timeout=10)
        first = beat.stat().st_mtime
        time.sleep(2.5)  # two more long polls end
        assert beat.stat().st_mtime > first


def test_the_jieba_cache_goes_where_it_is_told(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    with LocalBotApi() as api, serve(api, REPORTBOT_CACHE=str(cache)):
        api.send_text(5001, "法院结案多少件")
        assert "63266件" in api.wait_for_messages(5001, 1, timeout=30)[0].text
    assert (cache / "jieba.cache").stat().st_size > 1_000_000
