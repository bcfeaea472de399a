"""The Telegram bot: thin async handlers around the answering code, wired in one place."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import (
    ChatType,
    InlineKeyboardButtonLimit,
    InlineQueryResultLimit,
    ParseMode,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.answering import (
    Conversations,
    Reply,
    Suggestion,
    answer_question,
    answer_suggestion,
    describe_agency,
    find_agency,
)
from bot.flood import FairRateLimiter, FloodGate, Verdict
from bot.index import Index
from bot.knowledge import Agency
from bot.misses import group_misses
from bot.question_log import QuestionLog, open_log
from bot.rendering import (
    agencies_html,
    agency_prompt_html,
    editions_note,
    figures_html,
    misses_html,
    other_editions,
    reload_html,
    render_html,
    render_text,
    split_message,
    stats_text,
    welcome_html,
)
from bot.settings import Settings, Webhook
from bot.store import KnowledgeStore, Stats
from bot.usage import render_chart, usage_caption, usage_from

__all__ = ["BotContext", "BotState", "build_application", "run_bot"]

logger = logging.getLogger(__name__)

MAX_CALLBACK_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
INLINE_CACHE_SECONDS = 5
INLINE_RESULTS = 5
BUTTON_LABEL = 60  # characters of a button's label
WATCH_INTERVAL = 1.0
HEARTBEAT_INTERVAL = 30.0  # webhook mode: the heartbeat says the process is alive
_INLINE_TEXT = 100  # characters of an inline result's title and description
COMMANDS = (
    ("start", "开始使用:报道简介和示例问题"),
    ("help", "帮助:怎么提问、有哪些命令"),
    ("ask", "提问(群聊中使用):/ask 法院今年结案多少件"),
    ("agencies", "报道涉及的单位"),
    ("agency", "单位概况:/agency 法院"),
    ("figures", "单位的全部数字:/figures 法院"),
    ("reload", "重新加载知识库(管理员)"),
    ("stats", "运行统计(管理员)"),
    ("misses", "没答上的问题(管理员)"),
)
MISSES_DAYS = 7.0
STATS_DAYS = 30.0


@dataclass
class BotState:
    """What the handlers share: the knowledge, conversations, counts and settings."""

    settings: Settings
    store: KnowledgeStore
    private_gate: FloodGate
    group_gate: FloodGate
    conversations: Conversations = field(default_factory=Conversations)
    stats: Stats = field(default_factory=Stats)
    log: QuestionLog | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> BotState:
        """Load the knowledge, open the question log and set the flood limits."""
        return cls(
            settings=settings,
            store=KnowledgeStore(settings.knowledge_dir, home_place=settings.home_place),
            private_gate=FloodGate(limit=settings.flood_private),
            group_gate=FloodGate(limit=settings.flood_group),
            log=open_log(settings),
        )

    @property
    def index(self) -> Index:
        """Return the knowledge of this moment."""
        return self.store.index


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context every handler receives, with the bot's shared state typed."""

    @property
    def state(self) -> BotState:
        """Return what the handlers share."""
        state: BotState = self.bot_data[_STATE]
        return state


_STATE = "state"
Handler = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def admin_only(handler: Handler) -> Handler:
    """Let only the numeric user ids of REPORTBOT_ADMINS through; log and refuse the rest."""

    @functools.wraps(handler)
    async def guarded(update: Update, context: BotContext) -> None:
        user = update.effective_user
        if user is None or user.id not in context.state.settings.admins:
            command = handler.__name__.removesuffix("_command")
            logger.warning("refused /%s from user id %s", command, user.id if user else "?")
            if update.effective_message:
                await update.effective_message.reply_text("抱歉,这个命令只有管理员可以使用。")
            return
        await handler(update, context)

    return guarded


# Handlers --------------------------------------------------------------------------------


async def start_command(update: Update, context: BotContext) -> None:
    """Say what the bot knows, with example questions and the commands (/start and /help)."""
    if update.effective_message:
        await update.effective_message.reply_html(welcome_html(context.state.index, COMMANDS))


async def agencies_command(update: Update, context: BotContext) -> None:
    """List the agencies, each a button."""
    index = context.state.index
    if update.effective_message:
        latest = _latest_agencies(index)
        await update.effective_message.reply_html(
            agencies_html(latest), reply_markup=_agency_buttons(latest)
        )


async def agency_command(update: Update, context: BotContext) -> None:
    """Describe one agency named by any alias or typo, with buttons for its figures."""
    message = update.effective_message
    agency = await _agency_asked(message, context, "agency")
    if message is None or agency is None:
        return
    index = context.state.index
    await _send_reply(message, _described(index, agency), _figure_buttons(agency, index))


async def figures_command(update: Update, context: BotContext) -> None:
    """List every figure of an agency compactly."""
    message = update.effective_message
    agency = await _agency_asked(message, context, "figures")
    if message is None or agency is None:
        return
    index = context.state.index
    markup = _edition_buttons(index, agency, FIGURES)
    await _reply_chunks(message, figures_html(index, agency), markup=markup)


async def _agency_asked(
    message: Message | None, context: BotContext, command: str
) -> Agency | None:
    """Return the latest edition of the agency a command names; else offer buttons to pick one."""
    if message is None:
        return None
    index = context.state.index
    agency = find_agency(index, " ".join(context.args or []))
    if agency is None:
        await message.reply_html(
            agency_prompt_html(command), reply_markup=_agency_buttons(_latest_agencies(index))
        )
        return None
    return index.knowledge.editions(agency)[0]


async def ask_command(update: Update, context: BotContext) -> None:
    """Answer the question written after /ask (the way to ask in a group)."""
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question.strip():
        await message.reply_text("请在 /ask 后面写上问题,例如:/ask 法院今年结案多少件")
        return
    await _answer(update, context, question)


async def on_private_text(update: Update, context: BotContext) -> None:
    """Answer any text in a private chat."""
    message = update.effective_message
    if message is not None and message.text is not None:
        await _answer(update, context, message.text)


async def on_group_text(update: Update, context: BotContext) -> None:
    """Answer in a group only when addressed: a mention, or a reply to the bot."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    me = context.bot.username
    mention = f"@{me}" if me else None
    replied = message.reply_to_message
    to_bot = (
        replied is not None
        and replied.from_user is not None
        and (replied.from_user.id == context.bot.id)
    )
    if mention and mention.lower() in message.text.lower():
        question = message.text.replace(mention, " ").replace(mention.lower(), " ")
    elif to_bot:
        question = message.text
    else:
        return
    await _answer(update, context, question)


async def on_agency_button(update: Update, context: BotContext) -> None:
    """Describe the agency of a tapped button in place, with buttons for its figures."""
    query, agency = await _button_agency(update, context)
    if query is None or agency is None:
        return
    await query.answer(agency.name)
    index = context.state.index
    reply = _described(index, agency)
    await _show_in_place(update, context, reply, _figure_buttons(agency, index))


async def on_entry_button(update: Update, context: BotContext) -> None:
    """Answer a tapped figure or suggestion in place."""
    query = update.callback_query
    if query is None:
        return
    reply = answer_suggestion(context.state.index, _button_key(query))
    await query.answer("" if reply.answered else "这条内容已更新,请重新提问")
    await _show_in_place(update, context, reply, _suggestion_buttons(reply.suggestions))


async def on_figures_button(update: Update, context: BotContext) -> None:
    """Send every figure of the agency of a tapped button."""
    query, agency = await _button_agency(update, context)
    if query is None or agency is None:
        return
    await query.answer()
    if isinstance(query.message, Message):
        index = context.state.index
        markup = _edition_buttons(index, agency, FIGURES)
        await _reply_chunks(query.message, figures_html(index, agency), markup=markup)


async def on_vote_button(update: Update, context: BotContext) -> None:
    """Record a 👍/👎 once per user and question (a second tap changes it), and say thanks."""
    query = update.callback_query
    if query is None:
        return
    state = context.state
    sign, _, raw_id = _button_key(query).partition(":")
    user = update.effective_user
    if state.log is None or user is None or sign not in ("+", "-") or not raw_id.isdigit():
        await query.answer("谢谢!")
        return
    state.log.vote(int(raw_id), user.id, 1 if sign == "+" else -1)
    await query.answer("谢谢反馈!" if sign == "+" else "谢谢反馈,我们会改进。")


async def on_stale_button(update: Update, context: BotContext) -> None:
    """Answer a button this version of the bot does not know."""
    await _expired(update.callback_query)


async def on_inline(update: Update, context: BotContext) -> None:
    """Offer up to five answers as articles for `@bot 问题` in any chat."""
    query = update.inline_query
    if query is None or not query.query.strip():
        if query is not None:
            await query.answer([], cache_time=INLINE_CACHE_SECONDS)
        return
    index = context.state.index
    first = answer_question(index, query.query)
    replies = [first]
    for suggestion in first.suggestions:
        replies.append(answer_suggestion(index, suggestion.id))
    results = []
    for n, reply in enumerate(r for r in replies if r.answered):
        results.append(
            InlineQueryResultArticle(
                id=f"{n}:{reply.entry_key or reply.agency_id or 'r'}"[
                    : InlineQueryResultLimit.MAX_ID_LENGTH
                ],
                title=reply.answer[:_INLINE_TEXT],
                description=(reply.source or "")[:_INLINE_TEXT],
                input_message_content=InputTextMessageContent(
                    render_html(reply)[0], parse_mode=ParseMode.HTML
                ),
            )
        )
        if len(results) == INLINE_RESULTS:
            break
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=False)


@admin_only
async def reload_command(update: Update, context: BotContext) -> None:
    """Validate every knowledge file and swap the knowledge in whole, or list the problems."""
    state = context.state
    outcome = await asyncio.to_thread(state.store.reload)
    if update.effective_message:
        await _reply_chunks(update.effective_message, reload_html(state.index, outcome))


@admin_only
async def misses_command(update: Update, context: BotContext) -> None:
    """List what staff asked and did not get, grouped and counted, most frequent first."""
    state = context.state
    message = update.effective_message
    if message is None:
        return
    if state.log is None:
        await message.reply_text("问题记录已关闭(REPORTBOT_LOG_QUESTIONS=0)。")
        return
    days = _days(context.args, default=MISSES_DAYS)
    await asyncio.to_thread(state.log.flush)
    questions = await asyncio.to_thread(state.log.questions, days=days)
    groups = group_misses(state.index, questions)
    await _reply_chunks(message, misses_html(groups, days))


@admin_only
async def stats_command(update: Update, context: BotContext) -> None:
    """Send a chart of the last 30 days (`/stats 7` for 7), the totals as its caption."""
    state = context.state
    message = update.effective_message
    if message is None:
        return
    text = stats_text(state.index, state.stats, state.store.loaded_at, now=time.time())
    if state.log is None:
        await message.reply_text(f"{text}\n问题记录已关闭(REPORTBOT_LOG_QUESTIONS=0)。")
        return
    days = max(1, round(_days(context.args, default=STATS_DAYS)))
    await asyncio.to_thread(state.log.flush)
    usage = await asyncio.to_thread(usage_from, state.log.path, days=days)
    caption = f"{usage_caption(usage)}\n{text}"
    if not usage.asked:
        await message.reply_text(caption)
        return
    try:
        chart = await asyncio.to_thread(render_chart, usage)
    except Exception:  # a broken font or plotting library must not cost the figures
        logger.exception("cannot draw the /stats chart")
        await message.reply_text(caption)
        return
    await message.reply_photo(chart, caption=caption)


async def on_error(update: object, context: BotContext) -> None:
    """Log the error and tell the user something short and kind."""
    logger.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                update.effective_chat.id, "抱歉,处理这条消息时出了点问题,请稍后再试。"
            )


# Sending ---------------------------------------------------------------------------------


async def _answer(update: Update, context: BotContext, question: str) -> None:
    state = context.state
    message = update.effective_message
    if message is None:
        return
    verdict = _flood_verdict(state, update)
    if verdict is Verdict.SILENT:
        return
    if verdict is Verdict.NOTIFY:
        await message.reply_text("您提问太频繁了,请稍等一分钟再问。")
        return
    reply = state.conversations.ask(state.index, _conversation_key(update), question)
    state.stats.record(reply)
    question_id = _log_question(state, update, question, reply)
    markup = _suggestion_buttons(reply.suggestions, question_id=question_id)
    await _send_reply(message, reply, markup)


def _flood_verdict(state: BotState, update: Update) -> Verdict:
    """Count the question against its user's limit (lower in groups)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None:
        return Verdict.ALLOW
    if chat is not None and chat.type != ChatType.PRIVATE:
        return state.group_gate.check(f"{chat.id}:{user.id}")
    return state.private_gate.check(str(user.id))


def _log_question(state: BotState, update: Update, question: str, reply: Reply) -> int | None:
    """Queue the question for the log; return its id for the 👍/👎 buttons."""
    if state.log is None:
        return None
    user = update.effective_user
    chat = update.effective_chat
    question_id = state.log.record_reply(
        question,
        reply,
        chat_type=chat.type if chat else "unknown",
        user_id=user.id if user else 0,
        knowledge_version=state.index.knowledge.version,
    )
    return question_id if reply.answered else None


async def _send_reply(message: Message, reply: Reply, markup: InlineKeyboardMarkup | None) -> None:
    """Send a reply as HTML, split under the limit; resend as plain text if refused."""
    try:
        await _reply_chunks(message, render_html(reply), markup=markup)
    except BadRequest as exc:
        if "entities" not in str(exc).lower() and "parse" not in str(exc).lower():
            raise
        logger.warning("HTML refused (%s); sending plain text", exc)
        await _reply_chunks(message, render_text(reply), markup=markup, html=False)


async def _reply_chunks(
    message: Message,
    text: str | Sequence[str],
    *,
    markup: InlineKeyboardMarkup | None = None,
    html: bool = True,
) -> None:
    """Reply with a text split under the limit (or its parts); buttons go with the last.

    Retries are the rate limiter's (`FairRateLimiter`): one policy for every call.
    """
    chunks = split_message(text) if isinstance(text, str) else list(text)
    for n, chunk in enumerate(chunks):
        buttons = markup if n == len(chunks) - 1 else None
        if html:
            await message.reply_html(chunk, reply_markup=buttons)
        else:
            await message.reply_text(chunk, reply_markup=buttons)


async def _show_in_place(
    update: Update, context: BotContext, reply: Reply, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace the tapped message with a reply (the rest of a long one follows it)."""
    query = update.callback_query
    if reply.answered and update.effective_chat:
        context.state.conversations.remember(_conversation_key(update), reply)
    if query is None or not isinstance(query.message, Message):
        return
    chunks = render_html(reply)
    try:
        await query.message.edit_text(chunks[0], parse_mode=ParseMode.HTML, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
    await _reply_chunks(query.message, chunks[1:])


async def _button_agency(
    update: Update, context: BotContext
) -> tuple[CallbackQuery | None, Agency | None]:
    """Return a tapped button and the agency it names; an unknown one is answered as expired."""
    query = update.callback_query
    agency = context.state.index.agencies_by_id.get(_button_key(query))
    if query is not None and agency is None:
        await _expired(query)
    return query, agency


async def _expired(query: CallbackQuery | None) -> None:
    if query is not None:
        await query.answer("这个按钮已过期,请重新提问。")


def _conversation_key(update: Update) -> str:
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return f"user:{user.id if user else 0}"
    if chat.type == ChatType.PRIVATE or user is None:
        return f"chat:{chat.id}"
    return f"chat:{chat.id}:user:{user.id}"  # in a group, each member has a conversation


# Callback data is "<kind>:<key>"; one handler per kind, chosen by its pattern.
AGENCY, ENTRY, FIGURES, VOTE = "a", "e", "f", "v"


def _callback(kind: str, key: str) -> str | None:
    """Encode a button's data, or None when it would not fit Telegram's 64 bytes."""
    data = f"{kind}:{key}"
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


def _button_key(query: CallbackQuery | None) -> str:
    """Decode the key of a button's data (what follows its kind)."""
    return (query.data or "").partition(":")[2] if query is not None else ""


def _pattern(kind: str) -> str:
    return f"^{kind}:"


def _buttons(
    pairs: Sequence[tuple[str, str | None]],
    *,
    per_row: int = 1,
    last_row: Sequence[InlineKeyboardButton] = (),
) -> InlineKeyboardMarkup | None:
    buttons = [
        InlineKeyboardButton(label[:BUTTON_LABEL], callback_data=data)
        for label, data in pairs
        if data
    ]
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    if last_row:
        rows.append(list(last_row))
    return InlineKeyboardMarkup(rows) if rows else None


def _suggestion_buttons(
    suggestions: Sequence[Suggestion], *, question_id: int | None = None
) -> InlineKeyboardMarkup | None:
    pairs = [
        (s.label, _callback(AGENCY if s.kind == "agency" else ENTRY, s.id)) for s in suggestions
    ]
    votes = (
        [
            InlineKeyboardButton("👍", callback_data=_callback(VOTE, f"+:{question_id}")),
            InlineKeyboardButton("👎", callback_data=_callback(VOTE, f"-:{question_id}")),
        ]
        if question_id is not None
        else []
    )
    return _buttons(pairs, last_row=votes)


def _agency_buttons(agencies: Sequence[Agency]) -> InlineKeyboardMarkup | None:
    return _buttons([(a.name, _callback(AGENCY, a.id)) for a in agencies], per_row=2)


def _figure_buttons(agency: Agency, index: Index) -> InlineKeyboardMarkup | None:
    pairs = [(f"{m.label[:18]} {m.figure()}", _callback(ENTRY, m.id)) for m in agency.metrics]
    pairs.append(("全部数字列表", _callback(FIGURES, agency.id)))
    pairs += _edition_pairs(index, agency, AGENCY)
    return _buttons(pairs, per_row=2)


def _latest_agencies(index: Index) -> list[Agency]:
    """Return each agency once, as the latest report of its place gives it."""
    return [a for a in index.knowledge.agencies if index.knowledge.editions(a)[0] is a]


def _edition_pairs(index: Index, agency: Agency, kind: str) -> list[tuple[str, str | None]]:
    return [
        (f"{month}的报道", _callback(kind, other.id))
        for other, month in other_editions(index, agency)
    ]


def _edition_buttons(index: Index, agency: Agency, kind: str) -> InlineKeyboardMarkup | None:
    return _buttons(_edition_pairs(index, agency, kind), per_row=2)


def _described(index: Index, agency: Agency) -> Reply:
    """Describe an agency, saying which report it is from when there are others."""
    reply = describe_agency(index, agency)
    note = editions_note(index, agency)
    return replace(reply, details=(*reply.details, note)) if note else reply


def _days(args: Sequence[str] | None, *, default: float) -> float:
    try:
        days = float(args[0]) if args else default
    except ValueError:
        return default
    return days if 0 < days <= 3650 else default


async def _watch(context: BotContext) -> None:
    """Reload when a knowledge file changes; a broken save keeps the last good knowledge."""
    try:
        await asyncio.to_thread(context.state.store.reload_if_changed)
    except Exception:  # the watcher must outlive any surprise
        logger.exception("knowledge watch failed; trying again")


# Wiring ----------------------------------------------------------------------------------


class _PollRequest(HTTPXRequest):
    """The getUpdates connection: touches the heartbeat file after each successful poll."""

    def __init__(self, heartbeat: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._heartbeat = heartbeat

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        status, body = await super().do_request(*args, **kwargs)
        if status == 200:
            _touch(self._heartbeat)
        return status, body


async def _beat(context: BotContext) -> None:
    """Touch the heartbeat file (webhook mode, where nothing polls)."""
    if context.state.settings.heartbeat is not None:
        _touch(context.state.settings.heartbeat)


def _touch(path: Path) -> None:
    try:
        path.touch()
    except OSError as exc:  # a health check must never cost an answer
        logger.debug("heartbeat not written: %s", exc)


def build_application(state: BotState) -> Application:  # type: ignore[type-arg]
    """Build the Application with every handler: the whole bot on one screen."""
    settings = state.settings
    assert settings.token is not None
    timeout = settings.http_timeout
    poll_timeout = settings.poll_seconds + timeout
    builder: ApplicationBuilder = (  # type: ignore[type-arg]
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_url)
        .base_file_url(settings.api_url.removesuffix("/bot") + "/file/bot")
        .context_types(ContextTypes(context=BotContext))
        .rate_limiter(
            FairRateLimiter(
                overall_max_rate=settings.max_rate, group_max_rate=settings.group_max_rate
            )
        )
        .concurrent_updates(True)
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .write_timeout(timeout)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.heartbeat is not None:
        builder = builder.get_updates_request(
            _PollRequest(settings.heartbeat, connect_timeout=timeout, read_timeout=poll_timeout)
        )
    else:
        builder = builder.get_updates_connect_timeout(timeout).get_updates_read_timeout(
            poll_timeout
        )
    application = builder.build()
    application.bot_data[_STATE] = state

    private = filters.ChatType.PRIVATE
    text = filters.TEXT & ~filters.COMMAND
    application.add_handlers(
        [
            CommandHandler(["start", "help"], start_command),
            CommandHandler("ask", ask_command),
            CommandHandler("agencies", agencies_command),
            CommandHandler("agency", agency_command),
            CommandHandler("figures", figures_command),
            CommandHandler("reload", reload_command),
            CommandHandler("stats", stats_command),
            CommandHandler("misses", misses_command),
            MessageHandler(text & private, on_private_text),
            MessageHandler(text & filters.ChatType.GROUPS, on_group_text),
            CallbackQueryHandler(on_agency_button, pattern=_pattern(AGENCY)),
            CallbackQueryHandler(on_entry_button, pattern=_pattern(ENTRY)),
            CallbackQueryHandler(on_figures_button, pattern=_pattern(FIGURES)),
            CallbackQueryHandler(on_vote_button, pattern=_pattern(VOTE)),
            CallbackQueryHandler(on_stale_button),
            InlineQueryHandler(on_inline),
        ]
    )
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
    state: BotState = application.bot_data[_STATE]
    logger.info(
        "serving as @%s with %d agencies (knowledge %s)",
        application.bot.username,
        len(state.index.knowledge.agencies),
        state.index.knowledge.version,
    )


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    state: BotState = application.bot_data[_STATE]
    if state.log is not None:
        await asyncio.to_thread(state.log.close)


def run_bot(settings: Settings, *, watch: bool = False, webhook: Webhook | None = None) -> int:
    """Run the bot until SIGINT or SIGTERM; return the exit status."""
    application = build_application(BotState.from_settings(settings))
    job_queue = application.job_queue
    assert job_queue is not None  # python-telegram-bot[job-queue] is a dependency
    if watch:
        job_queue.run_repeating(_watch, interval=WATCH_INTERVAL, first=WATCH_INTERVAL)
    if webhook is not None and settings.heartbeat is not None:
        job_queue.run_repeating(_beat, interval=HEARTBEAT_INTERVAL, first=0)
    started = datetime.now(UTC)
    if webhook is not None:
        path = webhook.url.rstrip("/").rsplit("/", 1)[-1] if "/" in webhook.url else ""
        application.run_webhook(
            listen=webhook.listen,
            port=webhook.port,
            url_path=path,
            webhook_url=webhook.url,
            secret_token=settings.webhook_secret,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, timeout=settings.poll_seconds)
    logger.info("stopped after %s", datetime.now(UTC) - started)
    return 0
