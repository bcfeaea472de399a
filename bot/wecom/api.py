"""The WeCom server API the bot calls: `gettoken` and `message/send`, with WeCom's errors.

The access token is cached until shortly before it expires and fetched once however many
sends need it at the same moment; errcode 40014 (invalid) or 42001 (expired) drops it and
the send is tried again with a fresh one. 45009 (rate limit) and -1 (busy) are retried with
a growing pause; 60020 (this IP is not trusted) is logged with what to do and not retried.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from typing import Any

import httpx

__all__ = ["ACCESS_TOKEN", "WeComApi", "WeComError", "redact_access_tokens"]

logger = logging.getLogger(__name__)

TOKEN_INVALID = 40014
TOKEN_EXPIRED = 42001
TOKEN_MISSING = 41001
RATE_LIMITED = 45009
IP_NOT_ALLOWED = 60020
BUSY = -1
ACCESS_TOKEN = re.compile(r"(access_token=)[^&\s\"']+")
# Refresh this long before WeCom says the token expires (7200 s as issued).
_TOKEN_MARGIN = 300.0


class WeComError(Exception):
    """WeCom answered a call with a non-zero errcode."""

    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"WeCom errcode {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


class WeComApi:
    """An httpx client for one self-built app: fetch tokens, send markdown to a user."""

    def __init__(
        self,
        base_url: str,
        *,
        corp_id: str,
        secret: str,
        agent_id: int,
        timeout: float = 15.0,
        attempts: int = 5,
        backoff: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._base = base_url.rstrip("/")
        self._corp_id = corp_id
        self._secret = secret
        self._agent_id = agent_id
        self._attempts = attempts
        self._backoff = backoff
        self._clock = clock
        self._client = httpx.AsyncClient(timeout=timeout)
        self._token: str | None = None
        self._token_until = 0.0
        self._token_lock = asyncio.Lock()
        self.tokens_fetched = 0

    async def close(self) -> None:
        """Close the HTTP connections."""
        await self._client.aclose()

    async def access_token(self) -> str:
        """Return a valid access token, fetching one only when the cached one is spent."""
        async with self._token_lock:
            if self._token is not None and self._clock() < self._token_until:
                return self._token
            data = await self._call(
                "GET", "/gettoken", params={"corpid": self._corp_id, "corpsecret": self._secret}
            )
            token = data.get("access_token")
            if not isinstance(token, str) or not token:
                raise WeComError(BUSY, "gettoken returned no access_token")
            expires = float(data.get("expires_in") or 7200)
            self._token = token
            self._token_until = self._clock() + max(expires - _TOKEN_MARGIN, expires / 2)
            self.tokens_fetched += 1
            logger.info("got a WeCom access token (valid %d s)", int(expires))
            return token

    def _drop_token(self, token: str) -> None:
        if self._token == token:
            self._token = None

    async def send_markdown(self, user: str, content: str) -> None:
        """Send one markdown message to a user, riding out token expiry and rate limits."""
        await self._send(
            {
                "touser": user,
                "msgtype": "markdown",
                "agentid": self._agent_id,
                "markdown": {"content": content},
            }
        )

    async def _send(self, payload: dict[str, Any]) -> None:
        delay = self._backoff
        refreshed = False
        for attempt in range(1, self._attempts + 1):
            token = ""
            try:
                token = await self.access_token()
                await self._call(
                    "POST", "/message/send", params={"access_token": token}, json=payload
                )
                return
            except WeComError as exc:
                if exc.errcode in (TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_MISSING) and not refreshed:
                    logger.info("WeCom access token refused (%d); fetching a new one", exc.errcode)
                    self._drop_token(token)
                    refreshed = True
                    continue
                if exc.errcode == IP_NOT_ALLOWED:
                    logger.error(
                        "WeCom refused the call from this server's IP (errcode 60020): add the "
                        "server's public IP to the app's trusted IPs (企业可信IP) in the admin "
                        "console; this reply is dropped"
                    )
                    raise
                if exc.errcode not in (RATE_LIMITED, BUSY) or attempt == self._attempts:
                    raise
                logger.warning(
                    "WeCom %s (errcode %d); retrying in %.1f s",
                    "rate limit" if exc.errcode == RATE_LIMITED else "busy",
                    exc.errcode,
                    delay,
                )
            except httpx.HTTPError as exc:
                if attempt == self._attempts:
                    raise
                logger.warning(
                    "WeCom unreachable (%s); retrying in %.1f s", type(exc).__name__, delay
                )
            await asyncio.sleep(delay)
            delay *= 2

    async def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str],
        json: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        response = await self._client.request(method, self._base + path, params=params, json=json)
        response.raise_for_status()
        data = response.json()
        if not isinstance(data, dict):
            raise WeComError(BUSY, "the answer is not a JSON object")
        errcode = int(data.get("errcode") or 0)
        if errcode != 0:
            raise WeComError(errcode, str(data.get("errmsg", ""))[:200])
        return data


class _RedactAccessTokens(logging.Filter):
    """Hide any access_token=… in a log line (httpx errors quote the URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "access_token=" in message:
            record.msg = ACCESS_TOKEN.sub(r"\1<hidden>", message)
            record.args = None
        if record.exc_info and record.exc_info[1] and "access_token=" in str(record.exc_info[1]):
            record.exc_info = None
            record.msg = f"{record.msg} (details hidden: they held the access token)"
        return True


def redact_access_tokens() -> None:
    """Add the access-token filter to every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(_RedactAccessTokens())
