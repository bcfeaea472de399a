"""A local Bot API server on 127.0.0.1, as strict as Telegram's, for tests and the benchmark.

It keeps updates for long polling (getUpdates with offset and timeout), records what the bot
sends, and refuses what Telegram refuses: over-long text, bad HTML entities, callback_data
over 64 bytes, unknown methods, a wrong token, and photos that are not PNG or JPEG, over
10 MB, over 10000 in width plus height, over 20:1, or with a caption over 1024 characters.
Tests play users with `send_text`, `press_button` and `inline_query`, inject faults with
`fail_next`, `drop_next` and `hang_next`, and wait with `wait_for` or, to prove that nothing
more comes, `wait_idle`.
"""

from __future__ import annotations

import email.parser
import email.policy
import html.parser
import itertools
import json
import re
import select
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

__all__ = ["BOT_ID", "BOT_USERNAME", "TEST_TOKEN", "Hang", "LocalBotApi", "Sent"]

TEST_TOKEN = "123456789:AAHtestTOKENfor-local-bot-api-server0"
BOT_ID = 123456789
BOT_USERNAME = "reportbot_test_bot"
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_SIDES = 10_000  # width + height
MAX_PHOTO_RATIO = 20
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "results",
        "commands",
        "allowed_updates",
        "entities",
        "scope",
        "reply_parameters",
        "link_preview_options",
        "button",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "reply_to_message_id",
        "user_id",
        "max_connections",
    }
)
_ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-spoiler",
        "span",
        "tg-emoji",
    }
)
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);")


class _ApiError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass(slots=True)
class Sent:
    """A message the bot sent (or edited), as the server holds it."""

    message_id: int
    chat_id: int
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    edited: bool = False
    at: float = field(default_factory=time.monotonic)
    photo: bytes | None = None  # a sent photo's file; `text` is then its caption

    def buttons(self) -> list[dict[str, Any]]:
        """Return the inline keyboard's buttons, row after row."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass(slots=True)
class Hang:
    """A call the server held without answering: when, and whether the client gave up."""

    method: str
    started: float
    ended: float | None = None
    abandoned: bool = False  # the client closed the connection before the hold ran out

    @property
    def held(self) -> float:
        """Return how long the call was held (so far)."""
        return (self.ended or time.monotonic()) - self.started


@dataclass(slots=True)
class _Fault:
    method: str
    kind: str  # "status", "drop", "hang"
    status: int = 500
    description: str = "Internal Server Error"
    retry_after: int | None = None
    seconds: float = 0.0


class _Strict(html.parser.HTMLParser):
    """Parse Telegram HTML the way the Bot API does, rejecting what it rejects."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise _ApiError(
                400, f'Bad Request: can\'t parse entities: unsupported start tag "{tag}"'
            )
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise _ApiError(400, f'Bad Request: can\'t parse entities: unexpected end tag "{tag}"')
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            raise _ApiError(400, "Bad Request: can't parse entities: unexpected < or >")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            raise _ApiError(
                400, f'Bad Request: can\'t parse entities: unsupported HTML entity "&{name};"'
            )
        self.text.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}[name])

    def handle_charref(self, name: str) -> None:
        self.text.append("?")


def parse_html(text: str) -> str:
    """Return the text a Telegram HTML message shows, or raise as the Bot API would."""
    stripped = _ENTITY.sub("", text)
    if "&" in stripped:
        bad = stripped[stripped.index("&") :][:12]
        raise _ApiError(400, f"Bad Request: can't parse entities: unsupported HTML entity {bad!r}")
    parser = _Strict()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise _ApiError(
            400, f'Bad Request: can\'t parse entities: unclosed tag "{parser.stack[-1]}"'
        )
    return "".join(parser.text)


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class LocalBotApi:
    """The server: start it, point the bot's TELEGRAM_API_URL at `api_url`, play users."""

    def __init__(self, *, token: str = TEST_TOKEN, host: str = "127.0.0.1", port: int = 0) -> None:
        self.token = token
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._confirmed = 0
        self._pushed = 0  # the last update id handed to the bot's queue
        self._in_flight = 0  # calls being handled, other than a plain long poll
        self._last_activity = time.monotonic()
        self._stopping = threading.Event()
        self.hangs: list[Hang] = []
        self.poll_timeouts: list[float] = []  # the timeout of each getUpdates call
        self.sent: list[Sent] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.inline_answers: list[dict[str, Any]] = []
        self.commands: list[dict[str, Any]] = []
        self.webhook: dict[str, Any] | None = None
        self.requests: list[str] = []
        self.refusals: list[tuple[str, str]] = []
        self._faults: list[_Fault] = []
        self._messages: dict[tuple[int, int], Sent] = {}
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def api_url(self) -> str:
        """Return the base URL to give the bot as TELEGRAM_API_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/bot"

    def start(self) -> LocalBotApi:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end any held call and wake any long poll."""
        self._stopping.set()
        with self._lock:
            self._lock.notify_all()
        self._server.shutdown()
        self._server.server_close()

    def restart(self, down_for: float) -> None:
        """Go away for `down_for` seconds (connections refused), then serve again, same port."""
        address = self._server.server_address[:2]
        self._server.shutdown()
        self._server.server_close()
        time.sleep(down_for)
        self._server = ThreadingHTTPServer(address, self._handler())
        self._server.daemon_threads = True
        self.start()

    def __enter__(self) -> LocalBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # Playing users -----------------------------------------------------------------------

    def send_text(
        self,
        user_id: int,
        text: str,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        reply_to: Sent | None = None,
        first_name: str = "用户",
    ) -> dict[str, Any]:
        """Deliver a text message from a user; return the message."""
        chat_id = user_id if chat_id is None else chat_id
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = first_name
        else:
            chat["title"] = "测试群"
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": first_name},
            "text": text,
        }
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to.message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": {
                    "id": BOT_ID,
                    "is_bot": True,
                    "first_name": "reportbot",
                    "username": BOT_USERNAME,
                },
                "text": parse_html(reply_to.text) if reply_to.parse_mode else reply_to.text,
            }
        self._push({"message": message})
        return message

    def press_button(self, user_id: int, sent: Sent, data: str) -> str:
        """Tap an inline button of a bot message; return the callback query id."""
        query_id = f"cq{next(self._update_ids)}"
        self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": {"id": user_id, "is_bot": False, "first_name": "用户"},
                    "chat_instance": "1",
                    "data": data,
                    "message": {
                        "message_id": sent.message_id,
                        "date": int(time.time()),
                        "chat": {
                            "id": sent.chat_id,
                            "type": "private" if sent.chat_id > 0 else "supergroup",
                        },
                        "from": {"id": BOT_ID, "is_bot": True, "first_name": "reportbot"},
                        "text": sent.text,
                    },
                }
            }
        )
        return query_id

    def inline_query(self, user_id: int, query: str) -> str:
        """Type `@bot query` in some chat; return the inline query id."""
        query_id = f"iq{next(self._update_ids)}"
        self._push(
            {
                "inline_query": {
                    "id": query_id,
                    "from": {"id": user_id, "is_bot": False, "first_name": "用户"},
                    "query": query,
                    "offset": "",
                }
            }
        )
        return query_id

    # Faults ------------------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 500,
        *,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next `count` calls of a method with an error status."""
        text = description or (
            "Too Many Requests: retry later"
            if status == 429
            else "Internal Server Error"
            if status == 500
            else "Bad Gateway"
        )
        with self._lock:
            self._faults.extend(
                _Fault(method, "status", status, text, retry_after) for _ in range(count)
            )

    def drop_next(self, method: str, *, count: int = 1) -> None:
        """Close the connection mid-request on the next calls of a method."""
        with self._lock:
            self._faults.extend(_Fault(method, "drop") for _ in range(count))

    def hang_next(self, method: str, seconds: float, *, count: int = 1) -> None:
        """Hold the next calls of a method for `seconds`, then drop them unanswered."""
        with self._lock:
            self._faults.extend(_Fault(method, "hang", seconds=seconds) for _ in range(count))

    # Waiting -----------------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Wait until `predicate()` holds (checked whenever the bot calls the server)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.05))
        return True

    def messages_to(self, chat_id: int) -> list[Sent]:
        """Return what the bot sent to a chat, in order (edits update their message)."""
        with self._lock:
            return [s for s in self.sent if s.chat_id == chat_id]

    def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10.0) -> list[Sent]:
        """Wait until the bot has sent at least `count` messages to a chat; return them."""
        self.wait_for(lambda: len([s for s in self.sent if s.chat_id == chat_id]) >= count, timeout)
        return self.messages_to(chat_id)

    def idle(self) -> bool:
        """Tell whether the bot has confirmed every update, and no call or fault is pending."""
        with self._lock:
            return self._confirmed >= self._pushed and self._in_flight == 0 and not self._faults

    def wait_idle(self, *, quiet: float = 0.5, timeout: float = 15.0) -> bool:
        """Wait until the bot is idle and has made no call for `quiet` seconds.

        Every update confirmed (the bot asked for the next ones), no call in flight, no
        injected fault still waiting, and quiet: wait first for the replies you expect, then
        here, then count, to show that nothing more (a late duplicate) came.
        """
        return self.wait_for(
            lambda: (
                self._confirmed >= self._pushed
                and self._in_flight == 0
                and not self._faults
                and time.monotonic() - self._last_activity >= quiet
            ),
            timeout,
        )

    def pending_updates(self) -> int:
        """Return how many updates the bot has not confirmed yet."""
        with self._lock:
            return len([u for u in self._updates if u["update_id"] > self._confirmed])

    # The server side ---------------------------------------------------------------------

    def _push(self, update: dict[str, Any]) -> None:
        with self._lock:
            update["update_id"] = self._pushed = next(self._update_ids)
            self._updates.append(update)
            self._last_activity = time.monotonic()
            self._lock.notify_all()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = urlparse(self.path).path
                status, payload = api._dispatch(
                    path,
                    self.headers.get("Content-Type", ""),
                    body,
                    urlparse(self.path).query,
                    self.connection,
                )
                if status == 0:  # drop the connection
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up waiting

        return Handler

    def _dispatch(
        self,
        path: str,
        content_type: str,
        body: bytes,
        query: str,
        connection: socket.socket | None = None,
    ) -> tuple[int, dict[str, Any]]:
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", path)
        if match is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = match.groups()
        with self._lock:  # one step, so that no moment looks idle between the two
            fault = self._take_fault(method) if token == self.token else None
            # A long poll is the bot waiting, not working; any other call is in flight.
            busy = method != "getUpdates" or fault is not None
            self.requests.append(method)
            if busy:
                self._in_flight += 1
                self._last_activity = time.monotonic()
            self._lock.notify_all()
        try:
            return self._answer(method, token, fault, content_type, body, query, connection)
        finally:
            with self._lock:
                if busy:
                    self._in_flight -= 1
                    self._last_activity = time.monotonic()
                self._lock.notify_all()

    def _hold(self, method: str, seconds: float, connection: socket.socket | None) -> None:
        """Hold a call unanswered for `seconds`, or until the client hangs up."""
        hang = Hang(method, time.monotonic())
        with self._lock:
            self.hangs.append(hang)
        deadline = hang.started + seconds
        while not self._stopping.is_set() and time.monotonic() < deadline:
            if connection is None:
                time.sleep(0.05)
                continue
            readable, _, _ = select.select([connection], [], [], 0.05)
            if readable:
                try:
                    gone = connection.recv(1, socket.MSG_PEEK) == b""
                except OSError:
                    gone = True
                if gone:
                    hang.abandoned = True
                    break
        hang.ended = time.monotonic()

    def _answer(
        self,
        method: str,
        token: str,
        fault: _Fault | None,
        content_type: str,
        body: bytes,
        query: str,
        connection: socket.socket | None,
    ) -> tuple[int, dict[str, Any]]:
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        if fault is not None:
            if fault.kind == "drop":
                return 0, {}
            if fault.kind == "hang":
                # Like a dead server: the call is never carried out, nor answered.
                self._hold(method, fault.seconds, connection)
                return 0, {}
            else:
                payload: dict[str, Any] = {
                    "ok": False,
                    "error_code": fault.status,
                    "description": fault.description,
                }
                if fault.retry_after is not None:
                    payload["parameters"] = {"retry_after": fault.retry_after}
                return fault.status, payload
        try:
            params = _params(content_type, body, query)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise _ApiError(404, "Not Found")
            result = handler(params)
        except _ApiError as exc:
            with self._lock:
                self.refusals.append((method, exc.description))
                self._lock.notify_all()
            return exc.code, {"ok": False, "error_code": exc.code, "description": exc.description}
        with self._lock:
            self._lock.notify_all()
        return 200, {"ok": True, "result": result}

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for i, fault in enumerate(self._faults):
                if fault.method == method:
                    return self._faults.pop(i)
        return None

    def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "reportbot",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }

    def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        with self._lock:
            self.webhook = None
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise _ApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            self.webhook = {"url": url, "secret_token": secret}
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = min(max(float(params.get("timeout") or 0), 0), 50)
        deadline = time.monotonic() + timeout
        with self._lock:
            self.poll_timeouts.append(timeout)
            if offset:
                # Telegram forgets every update before the offset once it is asked for.
                if offset - 1 > self._confirmed:
                    self._last_activity = time.monotonic()
                self._confirmed = max(self._confirmed, offset - 1)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self._updates if u["update_id"] > self._confirmed][:limit]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._stopping.is_set():
                    if ready:
                        self._last_activity = time.monotonic()
                    return ready
                self._lock.wait(min(left, 0.5))

    def _check_text(self, text: Any, parse_mode: Any) -> str:
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        shown = parse_html(text) if str(parse_mode).upper() == "HTML" else text
        if _utf16_len(shown) > MAX_TEXT:
            raise _ApiError(400, "Bad Request: message is too long")
        if not shown.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        return shown

    def _check_markup(self, markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard") or []:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise _ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
        return markup

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        self._check_text(params.get("text"), params.get("parse_mode"))
        markup = self._check_markup(params.get("reply_markup"))
        sent = Sent(
            next(self._message_ids), chat_id, params["text"], params.get("parse_mode"), markup
        )
        with self._lock:
            self.sent.append(sent)
            self._messages[(chat_id, sent.message_id)] = sent
        return _message_json(sent)

    def _api_sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise _ApiError(400, "Bad Request: chat not found")
        photo = params.get("photo")
        if not isinstance(photo, bytes):
            # A file_id or URL: this server has issued none and reaches no URL.
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        if len(photo) > MAX_PHOTO_BYTES:
            raise _ApiError(413, "Request Entity Too Large")
        width, height = _image_size(photo)
        if width + height > MAX_PHOTO_SIDES or max(width, height) > MAX_PHOTO_RATIO * min(
            width, height
        ):
            raise _ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        caption = params.get("caption") or ""
        if caption:
            shown = (
                parse_html(caption) if str(params.get("parse_mode")).upper() == "HTML" else caption
            )
            if _utf16_len(shown) > MAX_CAPTION:
                raise _ApiError(400, "Bad Request: message caption is too long")
        markup = self._check_markup(params.get("reply_markup"))
        sent = Sent(
            next(self._message_ids),
            chat_id,
            caption,
            params.get("parse_mode"),
            markup,
            photo=photo,
        )
        with self._lock:
            self.sent.append(sent)
            self._messages[(chat_id, sent.message_id)] = sent
        return _message_json(sent, size=(width, height))

    def _api_editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (params.get("chat_id"), params.get("message_id"))
        with self._lock:
            sent = self._messages.get(key)  # type: ignore[arg-type]
        if sent is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        self._check_text(params.get("text"), params.get("parse_mode"))
        markup = self._check_markup(params.get("reply_markup"))
        if params["text"] == sent.text and markup == sent.reply_markup:
            raise _ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        with self._lock:
            sent.text, sent.parse_mode = params["text"], params.get("parse_mode")
            sent.reply_markup, sent.edited = markup, True
        return _message_json(sent)

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired")
        if len(str(params.get("text") or "")) > 200:
            raise _ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        with self._lock:
            self.callback_answers.append(params)
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> bool:
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise _ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        ids = set()
        for result in results:
            result_id = str(result.get("id", ""))
            if not 1 <= len(result_id.encode()) <= 64 or result_id in ids:
                raise _ApiError(400, "Bad Request: RESULT_ID_INVALID")
            ids.add(result_id)
            content = result.get("input_message_content") or {}
            self._check_text(content.get("message_text"), content.get("parse_mode"))
            self._check_markup(result.get("reply_markup"))
        with self._lock:
            self.inline_answers.append(params)
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _ApiError(400, "Bad Request: commands must be a list")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise _ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise _ApiError(400, "Bad Request: command description is invalid")
        with self._lock:
            self.commands = commands
        return True

    def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        return True

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_logOut(self, params: dict[str, Any]) -> bool:
        return True


def _message_json(sent: Sent, *, size: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    chat_type = "private" if sent.chat_id > 0 else "supergroup"
    shown = parse_html(sent.text) if str(sent.parse_mode).upper() == "HTML" else sent.text
    message: dict[str, Any] = {
        "message_id": sent.message_id,
        "date": int(time.time()),
        "chat": {"id": sent.chat_id, "type": chat_type},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "reportbot", "username": BOT_USERNAME},
    }
    if sent.photo is None:
        message["text"] = shown
    else:
        file_id = f"photo{sent.message_id}"
        message["photo"] = [
            {
                "file_id": file_id,
                "file_unique_id": file_id,
                "width": size[0],
                "height": size[1],
                "file_size": len(sent.photo),
            }
        ]
        if shown:
            message["caption"] = shown
    if sent.reply_markup:
        message["reply_markup"] = sent.reply_markup
    if sent.edited:
        message["edit_date"] = int(time.time())
    return message


def _entities(text: str) -> list[dict[str, Any]]:
    """Return the mention and bot_command entities Telegram would attach to a text."""
    found = []
    for match in re.finditer(r"(?<!\w)(/[a-z0-9_]+(?:@\w+)?|@\w{5,32})", text):
        kind = "bot_command" if match.group(0).startswith("/") else "mention"
        if kind == "bot_command" and match.start() != 0:
            continue
        found.append(
            {
                "type": kind,
                "offset": _utf16_len(text[: match.start()]),
                "length": _utf16_len(match.group(0)),
            }
        )
    return found


def _params(content_type: str, body: bytes, query: str) -> dict[str, Any]:
    """Read a Bot API call's parameters from a query string, a form or a JSON body."""
    raw: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query).items()}
    if body:
        if "json" in content_type:
            try:
                raw.update(json.loads(body))
            except (ValueError, UnicodeDecodeError) as exc:
                raise _ApiError(400, "Bad Request: can't parse JSON") from exc
        elif "multipart" in content_type:
            raw.update(_multipart(content_type, body))
        else:
            raw.update(
                {
                    k: v[-1]
                    for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()
                }
            )
    params: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _JSON_FIELDS and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise _ApiError(400, f"Bad Request: can't parse {key}") from exc
        elif key in _INT_FIELDS and isinstance(value, str) and re.fullmatch(r"-?\d+", value):
            value = int(value)
        params[key] = value
    return params


def _multipart(content_type: str, body: bytes) -> dict[str, str | bytes]:
    """Read a multipart/form-data body: text fields as str, uploaded files as bytes."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise _ApiError(400, "Bad Request: can't parse multipart/form-data")
    fields: dict[str, str | bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        value = part.get_payload(decode=True)
        if not isinstance(value, bytes):
            continue
        if part.get_filename() is not None:
            fields[name] = value
        else:
            fields[name] = value.decode("utf-8", "replace")
    return fields


def _image_size(data: bytes) -> tuple[int, int]:
    """Return a PNG's or JPEG's width and height, or refuse it as Telegram does."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        if width and height:
            return width, height
    elif data.startswith(b"\xff\xd8"):
        at = 2
        while at + 9 < len(data) and data[at] == 0xFF:
            marker, length = data[at + 1], struct.unpack(">H", data[at + 2 : at + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[at + 5 : at + 9])
                return width, height
            at += 2 + length
    raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
