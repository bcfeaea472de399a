"""The callback server of a WeCom self-built app, wired in one place.

WeCom allows 5 s per callback and retries a slow one up to three times, so each callback is
checked, decrypted and acknowledged at once with an empty 200 (WeCom's "no passive reply");
the answer follows through `message/send`. A retried MsgId is answered once. A wrong
signature, corp id or timestamp, or a body that does not decrypt, gets 403 and nothing else.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections import OrderedDict

import tornado.httpserver
import tornado.web

from bot.flood import FloodGate
from bot.question_log import open_log
from bot.settings import Settings, WeComSettings
from bot.store import KnowledgeStore
from bot.wecom.api import WeComApi, WeComError, redact_access_tokens
from bot.wecom.channel import WeComBot
from bot.wecom.crypto import MAX_BODY_BYTES, CallbackRefused, WeComCrypto, parse_xml

__all__ = ["SeenMessages", "build_app", "run_wecom"]

logger = logging.getLogger(__name__)

# Sends under way at once; WeCom counts calls per minute, and one user's replies stay in order.
MAX_SENDING = 16
DRAIN_SECONDS = 10.0
WATCH_INTERVAL = 1.0


class SeenMessages:
    """The MsgIds of the last minutes, so that WeCom's retries are answered once."""

    def __init__(self, *, ttl: float = 600.0, max_ids: int = 50_000) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._ttl = ttl
        self._max = max_ids

    def first_time(self, key: str) -> bool:
        """Record a message key; tell whether it is new."""
        now = time.monotonic()
        while self._seen:
            oldest, at = next(iter(self._seen.items()))
            if now - at <= self._ttl and len(self._seen) < self._max:
                break
            del self._seen[oldest]
        if key in self._seen:
            return False
        self._seen[key] = now
        return True


class _Dispatcher:
    """Run each message's answer as a task: one user's in order, all of them bounded."""

    def __init__(self, bot: WeComBot) -> None:
        self.bot = bot
        self._locks: dict[str, asyncio.Lock] = {}
        self._waiting: dict[str, int] = {}
        self._sending = asyncio.Semaphore(MAX_SENDING)
        self.tasks: set[asyncio.Task[None]] = set()

    def dispatch(self, user: str, message: dict[str, str]) -> None:
        self._waiting[user] = self._waiting.get(user, 0) + 1
        task = asyncio.create_task(self._handle(user, message))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _handle(self, user: str, message: dict[str, str]) -> None:
        lock = self._locks.setdefault(user, asyncio.Lock())
        try:
            async with lock, self._sending:
                if message.get("MsgType") == "text":
                    await self.bot.on_text(user, message.get("Content", ""))
                else:
                    await self.bot.on_other(user)
        except WeComError as exc:
            logger.error("reply to %s not sent: %s", self.bot.user_tag(user), exc)
        except Exception:
            logger.exception("error while answering %s", self.bot.user_tag(user))
            with contextlib.suppress(Exception):  # a short, kind word, as on Telegram
                await self.bot.reply(user, "抱歉,处理这条消息时出了点问题,请稍后再试。")
        finally:
            self._waiting[user] -= 1
            if not self._waiting[user]:  # nobody else of this user waits: forget the lock
                del self._waiting[user]
                self._locks.pop(user, None)


class CallbackHandler(tornado.web.RequestHandler):
    """GET: URL verification. POST: a message, acknowledged at once."""

    def initialize(self, crypto: WeComCrypto, dispatcher: _Dispatcher, seen: SeenMessages) -> None:
        self.crypto = crypto
        self.dispatcher = dispatcher
        self.seen = seen

    def _query(self) -> tuple[str, str, str]:
        return (
            self.get_query_argument("msg_signature", ""),
            self.get_query_argument("timestamp", ""),
            self.get_query_argument("nonce", ""),
        )

    def _refuse(self, exc: CallbackRefused) -> None:
        logger.warning("callback refused from %s: %s", self.request.remote_ip, exc)
        self.set_status(403)
        self.finish("forbidden")

    def get(self) -> None:
        """Answer WeCom's URL verification with the decrypted echostr."""
        signature, timestamp, nonce = self._query()
        try:
            echo = self.crypto.verify_url(
                signature, timestamp, nonce, self.get_query_argument("echostr", "")
            )
        except CallbackRefused as exc:
            self._refuse(exc)
            return
        logger.info("callback URL verified")
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(echo)

    def post(self) -> None:
        """Check and decrypt a message, hand it on, and acknowledge with an empty 200."""
        signature, timestamp, nonce = self._query()
        try:
            message = parse_xml(
                self.crypto.open_callback(self.request.body, signature, timestamp, nonce)
            )
        except CallbackRefused as exc:
            self._refuse(exc)
            return
        user = message.get("FromUserName", "")
        key = message.get("MsgId") or f"{user}:{message.get('CreateTime')}:{message.get('Event')}"
        if user and message.get("MsgType") != "event" and self.seen.first_time(key):
            self.dispatcher.dispatch(user, message)
        self.set_status(200)
        self.finish("")


def build_app(
    wecom: WeComSettings, dispatcher: _Dispatcher, *, path: str = "/wecom"
) -> tornado.web.Application:
    """Build the tornado application: one callback path, nothing else."""
    crypto = WeComCrypto(wecom.token, wecom.aes_key, wecom.corp_id)
    seen = SeenMessages()
    return tornado.web.Application(
        [(path, CallbackHandler, {"crypto": crypto, "dispatcher": dispatcher, "seen": seen})]
    )


async def _check_credentials(api: WeComApi) -> None:
    """Fetch a token at start, so that a wrong corp id or Secret shows in the log at once."""
    try:
        await api.access_token()
    except WeComError as exc:
        logger.error(
            "WeCom refused the app's credentials (%s): check WECOM_CORP_ID and WECOM_SECRET", exc
        )
    except Exception as exc:
        logger.warning(
            "WeCom not reachable at start (%s); replies will try again", type(exc).__name__
        )


async def _watch(store: KnowledgeStore) -> None:
    """Reload when a knowledge file changes; a broken save keeps the last good knowledge."""
    while True:
        await asyncio.sleep(WATCH_INTERVAL)
        try:
            await asyncio.to_thread(store.reload_if_changed)
        except Exception:  # the watcher must outlive any surprise
            logger.exception("knowledge watch failed; trying again")


def run_wecom(
    settings: Settings,
    wecom: WeComSettings,
    *,
    listen: str = "127.0.0.1",
    port: int = 8080,
    path: str = "/wecom",
    watch: bool = False,
) -> int:
    """Serve WeCom callbacks until SIGINT or SIGTERM; return the exit status."""
    redact_access_tokens()
    logging.getLogger("tornado.access").setLevel(logging.WARNING)
    return asyncio.run(_serve(settings, wecom, listen=listen, port=port, path=path, watch=watch))


async def _serve(
    settings: Settings,
    wecom: WeComSettings,
    *,
    listen: str,
    port: int,
    path: str,
    watch: bool,
) -> int:
    api = WeComApi(
        wecom.api_url,
        corp_id=wecom.corp_id,
        secret=wecom.secret,
        agent_id=wecom.agent_id,
        timeout=settings.http_timeout,
    )
    bot = WeComBot(
        wecom=wecom,
        store=KnowledgeStore(settings.knowledge_dir, home_place=settings.home_place),
        send=api.send_markdown,
        log=open_log(settings),
        gate=FloodGate(limit=settings.flood_private),
    )
    dispatcher = _Dispatcher(bot)
    server = tornado.httpserver.HTTPServer(
        build_app(wecom, dispatcher, path=path), max_body_size=MAX_BODY_BYTES, xheaders=True
    )
    server.listen(port, address=listen)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    started = time.monotonic()
    logger.info(
        "serving WeCom callbacks on http://%s:%d%s for agent %d with %d agencies (knowledge %s)",
        listen,
        port,
        path,
        wecom.agent_id,
        len(bot.index.knowledge.agencies),
        bot.index.knowledge.version,
    )
    background = [asyncio.create_task(_check_credentials(api))]
    if watch:
        background.append(asyncio.create_task(_watch(bot.store)))
    await stop.wait()
    for task in background:
        task.cancel()
    logger.info("stopping: finishing %d replies under way", len(dispatcher.tasks))
    server.stop()
    if dispatcher.tasks:
        _, pending = await asyncio.wait(dispatcher.tasks, timeout=DRAIN_SECONDS)
        for task in pending:
            task.cancel()
    with contextlib.suppress(Exception):
        await server.close_all_connections()
    await api.close()
    if bot.log is not None:
        await asyncio.to_thread(bot.log.close)
    logger.info("stopped after %.0f s", time.monotonic() - started)
    return 0
