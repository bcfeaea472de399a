"""A local WeCom (企业微信) on 127.0.0.1, as strict as the real one, for the tests.

It plays both sides of a self-built app: it signs and encrypts callbacks exactly as WeCom
does and posts them to the bot (retrying one that is not acknowledged within 5 s, up to
three times, with the same MsgId), and it serves `gettoken` and `message/send` with WeCom's
rules: tokens expire, an unknown token is 40014, an expired one 42001, markdown over 2048
bytes is 45002, and faults (45009, 60020, -1) can be injected.

Its crypto is written here from WeCom's documentation, apart from the bot's, so that a
mistake in one is not hidden by the same mistake in the other.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
import re
import secrets
import struct
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = ["AES_KEY", "AGENT_ID", "CORP_ID", "SECRET", "TOKEN", "Callback", "FakeWeCom", "Sent"]

CORP_ID = "ww0123456789abcdef"
AGENT_ID = 1000002
SECRET = "Sec-ret_0123456789abcdefghijklmnopqrstuvwxyzAB"
TOKEN = "Tok3nForCallbacks"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
MARKDOWN_LIMIT = 2048
CALLBACK_TIMEOUT = 5.0  # WeCom waits this long for an acknowledgement
CALLBACK_RETRIES = 3
_FONT = re.compile(r'<font color="(info|comment|warning)">|</font>')

# The bot is on 127.0.0.1: never go through HTTP_PROXY.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the bot sent through message/send."""

    user: str
    msgtype: str
    content: str
    at: float


@dataclass(frozen=True, slots=True)
class Callback:
    """What happened to one callback: the last status, body, and every try's latency."""

    status: int
    body: bytes
    latencies: tuple[float, ...]
    msg_id: str

    @property
    def tries(self) -> int:
        return len(self.latencies)


def visible(content: str) -> str:
    """Check that markdown is well formed as WeCom reads it; return the text a user sees."""
    assert content.count("**") % 2 == 0, f"unbalanced bold: {content!r}"
    depth = 0
    for match in _FONT.finditer(content):
        depth += 1 if match.group(1) else -1
        assert depth in (0, 1), f"nested or stray font tag: {content!r}"
    assert depth == 0, f"unclosed font tag: {content!r}"
    bare = _FONT.sub("", content)
    assert "<" not in bare and "`" not in bare and "[" not in bare, f"raw markup: {content!r}"
    return re.sub(r"^> ", "", bare.replace("**", ""), flags=re.M)


class FakeWeCom:
    """WeCom's API and callback pushes on one local port; tests play users through it."""

    def __init__(self, *, token_lifetime: int = 7200, host: str = "127.0.0.1") -> None:
        self.token_lifetime = token_lifetime
        self.callback_url: str | None = None
        self.sent: list[Sent] = []
        self.refused: list[tuple[int, str]] = []  # (errcode, path) of every refused call
        self.token_requests = 0
        self.send_requests = 0
        self._tokens: dict[str, float] = {}  # token -> expiry (time.time); -1 for revoked
        self._faults: list[int] = []
        self._msg_ids = itertools.count(7_000_000_000_000_000_000)
        self._lock = threading.RLock()  # wait_for's predicates read under it too
        self._changed = threading.Condition(self._lock)
        self._server = ThreadingHTTPServer((host, 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # Lifecycle ---------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/cgi-bin"

    def __enter__(self) -> FakeWeCom:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def issued_tokens(self) -> list[str]:
        with self._lock:
            return list(self._tokens)

    # Faults ------------------------------------------------------------------------------

    def fail_next(self, errcode: int, *, count: int = 1) -> None:
        """Answer the next `count` message/send calls with this errcode."""
        with self._lock:
            self._faults.extend([errcode] * count)

    def expire_tokens(self) -> None:
        """Let every issued token expire now (WeCom then answers 42001)."""
        with self._lock:
            for token in self._tokens:
                self._tokens[token] = min(self._tokens[token], time.time() - 1)

    def revoke_tokens(self) -> None:
        """Make every issued token invalid (WeCom then answers 40014)."""
        with self._lock:
            for token in self._tokens:
                self._tokens[token] = -1

    # Crypto, from the documentation ------------------------------------------------------

    def encrypt(self, message: bytes, *, corp_id: str = CORP_ID, key: str = AES_KEY) -> str:
        aes = base64.b64decode(key + "=")
        plain = os.urandom(16) + struct.pack(">I", len(message)) + message + corp_id.encode()
        pad = 32 - len(plain) % 32
        plain += bytes([pad]) * pad
        encryptor = Cipher(algorithms.AES(aes), modes.CBC(aes[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    @staticmethod
    def sign(timestamp: str, nonce: str, encrypted: str, *, token: str = TOKEN) -> str:
        return hashlib.sha1(
            "".join(sorted([token, timestamp, nonce, encrypted])).encode()
        ).hexdigest()

    # Playing users -----------------------------------------------------------------------

    def verify_url(self, *, signature: str | None = None) -> tuple[int, bytes, str]:
        """Do what WeCom does when an admin saves the callback URL; return status, body, echo."""
        echo = str(secrets.randbelow(10**19))
        encrypted = self.encrypt(echo.encode())
        timestamp, nonce = str(int(time.time())), str(secrets.randbelow(10**9))
        query = {
            "msg_signature": signature or self.sign(timestamp, nonce, encrypted),
            "timestamp": timestamp,
            "nonce": nonce,
            "echostr": encrypted,
        }
        status, body, _ = self._request("GET", query, None)
        return status, body, echo

    def send_text(
        self,
        user: str,
        text: str,
        *,
        msg_id: str | None = None,
        msg_type: str = "text",
        corp_id: str = CORP_ID,
        key: str = AES_KEY,
        signature: str | None = None,
        timestamp: int | None = None,
        retry: bool = True,
    ) -> Callback:
        """Push a user's message to the bot as WeCom does; retry an unacknowledged one."""
        msg_id = msg_id or str(next(self._msg_ids))
        content = text.replace("]]>", "]]]]><![CDATA[>")
        inner = (
            f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName>"
            f"<FromUserName><![CDATA[{user}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime>"
            f"<MsgType><![CDATA[{msg_type}]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content>"
            f"<MsgId>{msg_id}</MsgId><AgentID>{AGENT_ID}</AgentID></xml>"
        ).encode()
        encrypted = self.encrypt(inner, corp_id=corp_id, key=key)
        body = (
            f"<xml><ToUserName><![CDATA[{corp_id}]]></ToUserName>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt>"
            f"<AgentID><![CDATA[{AGENT_ID}]]></AgentID></xml>"
        ).encode()
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        nonce = str(secrets.randbelow(10**9))
        query = {
            "msg_signature": signature or self.sign(stamp, nonce, encrypted),
            "timestamp": stamp,
            "nonce": nonce,
        }
        return self.post(body, query, msg_id=msg_id, retry=retry)

    def post(
        self, body: bytes, query: dict[str, str], *, msg_id: str = "", retry: bool = True
    ) -> Callback:
        """POST a callback body; like WeCom, retry up to three times if not acknowledged."""
        latencies = []
        for _ in range(1 + (CALLBACK_RETRIES if retry else 0)):
            status, answer, seconds = self._request("POST", query, body)
            latencies.append(seconds)
            if status == 200 and seconds <= CALLBACK_TIMEOUT:
                break
            if status == 403:
                break
        return Callback(status, answer, tuple(latencies), msg_id)

    def _request(
        self, method: str, query: dict[str, str], body: bytes | None
    ) -> tuple[int, bytes, float]:
        assert self.callback_url, "start the bot first"
        url = f"{self.callback_url}?{urllib.parse.urlencode(query)}"
        request = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            request.add_header("Content-Type", "text/xml")
        started = time.monotonic()
        try:
            with _NO_PROXY.open(request, timeout=CALLBACK_TIMEOUT) as response:
                return response.status, response.read(), time.monotonic() - started
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), time.monotonic() - started
        except (TimeoutError, urllib.error.URLError):
            return 0, b"", time.monotonic() - started

    # What the bot sent -------------------------------------------------------------------

    def messages_to(self, user: str) -> list[Sent]:
        with self._lock:
            return [s for s in self.sent if s.user == user]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, 0.1))
        return True

    def wait_for_messages(self, user: str, count: int, timeout: float = 10.0) -> list[Sent]:
        self.wait_for(lambda: len([s for s in self.sent if s.user == user]) >= count, timeout)
        found = [s for s in self.sent if s.user == user]
        assert len(found) >= count, f"{user} got {len(found)} of {count}: {found}"
        return found

    def text_to(self, user: str, count: int, timeout: float = 10.0) -> str:
        """Wait for `count` messages to a user; return the visible text of the last."""
        return visible(self.wait_for_messages(user, count, timeout)[count - 1].content)

    # The API side ------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(self, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                self._answer(fake._api("GET", url.path, query, b""))

            def do_POST(self) -> None:
                url = urllib.parse.urlparse(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                length = int(self.headers.get("Content-Length") or 0)
                self._answer(fake._api("POST", url.path, query, self.rfile.read(length)))

        return Handler

    def _api(self, method: str, path: str, query: dict[str, str], body: bytes) -> dict[str, Any]:
        if path == "/cgi-bin/gettoken" and method == "GET":
            return self._gettoken(query)
        if path == "/cgi-bin/message/send" and method == "POST":
            return self._send(query, body)
        return self._error(404, path, "invalid url")  # WeCom: an unknown API is an error

    def _error(self, errcode: int, path: str, errmsg: str) -> dict[str, Any]:
        with self._changed:
            self.refused.append((errcode, path))
            self._changed.notify_all()
        return {"errcode": errcode, "errmsg": errmsg}

    def _gettoken(self, query: dict[str, str]) -> dict[str, Any]:
        with self._lock:
            self.token_requests += 1
        if query.get("corpid") != CORP_ID:
            return self._error(40013, "gettoken", "invalid corpid")
        if query.get("corpsecret") != SECRET:
            return self._error(40001, "gettoken", "invalid credential")
        token = secrets.token_urlsafe(48)
        with self._lock:
            self._tokens[token] = time.time() + self.token_lifetime
        return {
            "errcode": 0,
            "errmsg": "ok",
            "access_token": token,
            "expires_in": self.token_lifetime,
        }

    def _send(self, query: dict[str, str], body: bytes) -> dict[str, Any]:
        path = "message/send"
        with self._lock:
            self.send_requests += 1
            expiry = self._tokens.get(query.get("access_token", ""))
            fault = self._faults.pop(0) if self._faults else None
        if "access_token" not in query:
            return self._error(41001, path, "access_token missing")
        if expiry is None or expiry < 0:
            return self._error(40014, path, "invalid access_token")
        if expiry < time.time():
            return self._error(42001, path, "access_token expired")
        if fault is not None:
            messages = {45009: "api freq out of limit", 60020: "not allow to access from your ip"}
            return self._error(fault, path, messages.get(fault, "system busy"))
        try:
            payload = json.loads(body)
        except ValueError:
            return self._error(47001, path, "data format error")
        if payload.get("agentid") != AGENT_ID:
            return self._error(40056, path, "invalid agentid")
        msgtype = payload.get("msgtype")
        if msgtype not in ("text", "markdown") or not isinstance(payload.get(msgtype), dict):
            return self._error(40008, path, "invalid message type")
        content = payload[msgtype].get("content")
        if not isinstance(content, str) or not content:
            return self._error(44004, path, "empty content")
        if len(content.encode()) > MARKDOWN_LIMIT:
            return self._error(45002, path, "content size out of limit")
        user = payload.get("touser")
        if not isinstance(user, str) or not user:
            return self._error(40031, path, "invalid user list")
        with self._changed:
            self.sent.append(Sent(user, msgtype, content, time.time()))
            self._changed.notify_all()
        return {"errcode": 0, "errmsg": "ok", "invaliduser": "", "msgid": secrets.token_hex(16)}
