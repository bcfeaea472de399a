"""The Telegram bot: thin async handlers around the answering code, wired in one place."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.answering import (
    Conversations,
    Reply,
    Suggestion,
    answer_question,
    answer_suggestion,
    describe_agency,
    example_questions,
    find_agency,
)
from bot.flood import FloodGate, Verdict
from bot.index import Index
from bot.knowledge import Agency
from bot.misses import group_misses, guess_label
from bot.question_log import QuestionLog, QuestionRecord, new_question_id, open_log
from bot.rendering import render_html, render_text, split_message
from bot.settings import Settings
from bot.store import KnowledgeStore, ReloadOutcome, Stats
from bot.usage import render_chart, usage_caption, usage_from

__all__ = ["BotState", "build_application", "run_bot"]

logger = logging.getLogger(__name__)

MAX_CALLBACK_BYTES = 64
INLINE_CACHE_SECONDS = 5
WATCH_INTERVAL = 1.0
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
    conversations: Conversations = field(default_factory=Conversations)
    stats: Stats = field(default_factory=Stats)
    watch: bool = False
    log: QuestionLog | None = None
    private_gate: FloodGate = field(default_factory=lambda: FloodGate(limit=20))
    group_gate: FloodGate = field(default_factory=lambda: FloodGate(limit=10))

    @property
    def index(self) -> Index:
        """Return the knowledge of this moment."""
        return self.store.index


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def _state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    state = context.bot_data["state"]
    assert isinstance(state, BotState)
    return state


def admin_only(handler: Handler) -> Handler:
    """Let only the numeric user ids of REPORTBOT_ADMINS through; log and refuse the rest."""

    async def guarded(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        state = _state(context)
        if user is None or user.id not in state.settings.admins:
            command = handler.__name__.removesuffix("_command")
            logger.warning("refused /%s from user id %s", command, user.id if user else "?")
            if update.effective_message:
                await update.effective_message.reply_text("抱歉,这个命令只有管理员可以使用。")
            return
        await handler(update, context)

    guarded.__name__ = handler.__name__
    guarded.__doc__ = handler.__doc__
    return guarded


# Handlers --------------------------------------------------------------------------------


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot knows, with example questions and the commands."""
    if update.effective_message:
        await update.effective_message.reply_html(_welcome(_state(context).index))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send how to ask and the list of commands."""
    if update.effective_message:
        await update.effective_message.reply_html(_welcome(_state(context).index))


async def agencies_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the agencies, each a button."""
    index = _state(context).index
    if update.effective_message:
        await update.effective_message.reply_html(
            f"报道涉及 {len(_latest_agencies(index))} 个单位,点按查看概况:",
            reply_markup=_agency_buttons(_latest_agencies(index)),
        )


async def agency_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Describe one agency named by any alias or typo, with buttons for its figures."""
    message = update.effective_message
    agency = await _agency_asked(message, context, "agency")
    if message is None or agency is None:
        return
    index = _state(context).index
    agency = index.knowledge.editions(agency)[0]  # the latest report by default
    await _send_reply(message, _described(index, agency), _figure_buttons(agency, index))


async def figures_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List every figure of an agency compactly."""
    message = update.effective_message
    agency = await _agency_asked(message, context, "figures")
    if message is None or agency is None:
        return
    index = _state(context).index
    agency = index.knowledge.editions(agency)[0]  # the latest report by default
    chunks = split_message(_figures_html(index, agency))
    for n, chunk in enumerate(chunks, start=1):
        markup = _edition_buttons(index, agency, "f") if n == len(chunks) else None
        await message.reply_html(chunk, reply_markup=markup)


async def _agency_asked(
    message: Message | None, context: ContextTypes.DEFAULT_TYPE, command: str
) -> Agency | None:
    """Return the agency a command names; without one, say how to name it and offer buttons."""
    if message is None:
        return None
    index = _state(context).index
    agency = find_agency(index, " ".join(context.args or []))
    if agency is None:
        await message.reply_html(
            f"请在命令后写上单位名称,例如 <code>/{command} 法院</code>。",
            reply_markup=_agency_buttons(_latest_agencies(index)),
        )
    return agency


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the question written after /ask (the way to ask in a group)."""
    message = update.effective_message
    if message is None:
        return
    question = " ".join(context.args or [])
    if not question.strip():
        await message.reply_text("请在 /ask 后面写上问题,例如:/ask 法院今年结案多少件")
        return
    await _answer(update, context, question)


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer any text in a private chat."""
    message = update.effective_message
    if message is not None and message.text is not None:
        await _answer(update, context, message.text)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
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


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a tapped button in place: an agency, a figure, a suggestion, a figure list."""
    query = update.callback_query
    if query is None:
        return
    state = _state(context)
    data = query.data or ""
    kind, _, key = data.partition(":")
    index = state.index
    if kind == "v":
        await _record_vote(state, update, key)
        return
    markup: InlineKeyboardMarkup | None = None
    if kind == "a" and key in index.agencies_by_id:
        agency = index.agencies_by_id[key]
        reply = _described(index, agency)
        markup = _figure_buttons(agency, index)
        await query.answer(agency.name)
    elif kind == "f" and key in index.agencies_by_id:
        await query.answer()
        if isinstance(query.message, Message):
            agency = index.agencies_by_id[key]
            chunks = split_message(_figures_html(index, agency))
            for n, chunk in enumerate(chunks, start=1):
                markup = _edition_buttons(index, agency, "f") if n == len(chunks) else None
                await query.message.reply_html(chunk, reply_markup=markup)
        return
    elif kind == "e":
        reply = answer_suggestion(index, key)
        await query.answer("" if reply.answered else "这条内容已更新,请重新提问")
    else:
        await query.answer("这个按钮已过期,请重新提问。")
        return
    if reply.answered and update.effective_chat:
        state.conversations.remember(_conversation_key(update), reply)
    if isinstance(query.message, Message):
        chunks = render_html(reply)
        markup = markup or _suggestion_buttons(reply.suggestions)
        try:
            await query.message.edit_text(chunks[0], parse_mode=ParseMode.HTML, reply_markup=markup)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
        for chunk in chunks[1:]:
            await query.message.reply_html(chunk)


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer up to five answers as articles for `@bot 问题` in any chat."""
    query = update.inline_query
    if query is None or not query.query.strip():
        if query is not None:
            await query.answer([], cache_time=INLINE_CACHE_SECONDS)
        return
    index = _state(context).index
    first = answer_question(index, query.query)
    replies = [first]
    for suggestion in first.suggestions:
        replies.append(answer_suggestion(index, suggestion.id))
    results = []
    for n, reply in enumerate(r for r in replies if r.answered):
        results.append(
            InlineQueryResultArticle(
                id=f"{n}:{reply.entry_key or reply.agency_id or 'r'}"[:MAX_CALLBACK_BYTES],
                title=reply.answer[:100],
                description=(reply.source or "")[:100],
                input_message_content=InputTextMessageContent(
                    render_html(reply)[0], parse_mode=ParseMode.HTML
                ),
            )
        )
        if len(results) == 5:
            break
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, is_personal=False)


@admin_only
async def reload_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Validate every knowledge file and swap the knowledge in whole, or list the problems."""
    state = _state(context)
    outcome = await asyncio.to_thread(state.store.reload)
    if update.effective_message:
        for chunk in split_message(_reload_html(state, outcome)):
            await update.effective_message.reply_html(chunk)


@admin_only
async def misses_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List what staff asked and did not get, grouped and counted, most frequent first."""
    state = _state(context)
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
    if not groups:
        await message.reply_text(f"近{days:g}天没有未回答或被点 👎 的问题。")
        return
    lines = [
        f"近{days:g}天未回答或被点 👎 的问题({sum(g.count for g in groups)} 个,{len(groups)} 组):"
    ]
    for n, group in enumerate(groups[:15], start=1):
        partial = f"部分回答 {group.partial}," if group.partial else ""
        lines.append(
            f"{n}. ×{group.count} “{html.escape(group.example[:80])}”"
            f"(婉拒 {group.declined},{partial}👎 {group.disliked})\n"
            + (
                f"   👎 于:{html.escape(group.disliked_label[:200])}\n"
                if group.disliked_label
                else ""
            )
            + f"   最接近:{html.escape(guess_label(group.guess))}"
        )
    lines.append("用 <code>reportbot misses --suggest</code> 生成可粘贴的知识库条目。")
    for chunk in split_message("\n".join(lines)):
        await message.reply_html(chunk)


@admin_only
async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send a chart of the last 30 days (`/stats 7` for 7), the totals as its caption."""
    state = _state(context)
    message = update.effective_message
    if message is None:
        return
    knowledge = state.index.knowledge
    uptime = int(time.time() - state.stats.started)
    text = (
        f"运行时间:{uptime // 3600}小时{uptime % 3600 // 60}分{uptime % 60}秒\n"
        f"知识库:{len(knowledge.reports)} 篇报道,{len(knowledge.agencies)} 个单位,"
        f"{knowledge.metric_count} 个数字(版本 {knowledge.version},"
        f"加载于 {state.store.loaded_at:%Y-%m-%d %H:%M:%S} UTC)\n"
        f"自启动以来:回答 {state.stats.answered} 个问题,婉拒 {state.stats.declined} 个"
    )
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


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error and tell the user something short and kind."""
    logger.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                update.effective_chat.id, "抱歉,处理这条消息时出了点问题,请稍后再试。"
            )


# Sending ---------------------------------------------------------------------------------


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    state = _state(context)
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
    if state.log is None or reply.kind in ("greeting", "help", "empty"):
        return None
    user = update.effective_user
    chat = update.effective_chat
    question_id = new_question_id()
    state.log.record(
        QuestionRecord(
            id=question_id,
            at=time.time(),
            chat_type=chat.type if chat else "unknown",
            user_hash=state.log.user_hash(user.id if user else 0),
            question=question,
            answered=reply.answered,
            kind=reply.kind,
            agency=reply.agency,
            figure=reply.figures[0].metric_id if reply.figures else reply.entry_key,
            score=reply.score,
            knowledge_version=state.index.knowledge.version,
        )
    )
    return question_id if reply.answered else None


async def _send_reply(message: Message, reply: Reply, markup: InlineKeyboardMarkup | None) -> None:
    """Send a reply as HTML, split under the limit; retry as plain text if refused."""
    chunks = render_html(reply)
    try:
        for n, chunk in enumerate(chunks):
            last = n == len(chunks) - 1
            await _with_retry(
                lambda chunk=chunk, last=last: message.reply_html(  # type: ignore[misc]
                    chunk, reply_markup=markup if last else None
                )
            )
    except BadRequest as exc:
        if "entities" not in str(exc).lower() and "parse" not in str(exc).lower():
            raise
        logger.warning("HTML refused (%s); sending plain text", exc)
        plain = split_message(render_text(reply))
        for n, chunk in enumerate(plain):
            last = n == len(plain) - 1
            await _with_retry(
                lambda chunk=chunk, last=last: message.reply_text(  # type: ignore[misc]
                    chunk, reply_markup=markup if last else None
                )
            )


async def _with_retry(send: Callable[[], Awaitable[Any]], *, attempts: int = 4) -> Any:
    """Send, retrying a server error or a flood wait a few times; refusals are not retried."""
    delay = 0.5
    for attempt in range(attempts):
        try:
            return await send()
        except RetryAfter as exc:
            if attempt == attempts - 1:
                raise
            wait = exc.retry_after
            await asyncio.sleep(wait.total_seconds() if hasattr(wait, "total_seconds") else wait)
        except (BadRequest, Forbidden):
            raise
        except NetworkError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(delay)
            delay *= 2
    return None


async def _record_vote(state: BotState, update: Update, key: str) -> None:
    """Record a 👍/👎 once per user and question (a second tap changes it), and say thanks."""
    query = update.callback_query
    assert query is not None
    sign, _, raw_id = key.partition(":")
    user = update.effective_user
    if state.log is None or user is None or sign not in "+-" or not raw_id.isdigit():
        await query.answer("谢谢!")
        return
    state.log.vote(int(raw_id), user.id, 1 if sign == "+" else -1)
    await query.answer("谢谢反馈!" if sign == "+" else "谢谢反馈,我们会改进。")


def _conversation_key(update: Update) -> str:
    chat = update.effective_chat
    user = update.effective_user
    if chat is None:
        return f"user:{user.id if user else 0}"
    if chat.type == ChatType.PRIVATE or user is None:
        return f"chat:{chat.id}"
    return f"chat:{chat.id}:user:{user.id}"  # in a group, each member has a conversation


def _callback(kind: str, key: str) -> str | None:
    data = f"{kind}:{key}"
    return data if len(data.encode()) <= MAX_CALLBACK_BYTES else None


def _buttons(
    pairs: Sequence[tuple[str, str | None]],
    *,
    per_row: int = 1,
    last_row: Sequence[InlineKeyboardButton] = (),
) -> InlineKeyboardMarkup | None:
    buttons = [
        InlineKeyboardButton(label[:60], callback_data=data) for label, data in pairs if data
    ]
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    if last_row:
        rows.append(list(last_row))
    return InlineKeyboardMarkup(rows) if rows else None


def _suggestion_buttons(
    suggestions: Sequence[Suggestion], *, question_id: int | None = None
) -> InlineKeyboardMarkup | None:
    pairs = [(s.label, _callback("a" if s.kind == "agency" else "e", s.id)) for s in suggestions]
    votes = (
        [
            InlineKeyboardButton("👍", callback_data=f"v:+:{question_id}"),
            InlineKeyboardButton("👎", callback_data=f"v:-:{question_id}"),
        ]
        if question_id is not None
        else []
    )
    return _buttons(pairs, last_row=votes)


def _agency_buttons(agencies: Sequence[Agency]) -> InlineKeyboardMarkup | None:
    return _buttons([(a.name, _callback("a", a.id)) for a in agencies], per_row=2)


def _figure_buttons(agency: Agency, index: Index) -> InlineKeyboardMarkup | None:
    pairs = [(f"{m.label[:18]} {m.figure()}", _callback("e", m.id)) for m in agency.metrics]
    pairs.append(("全部数字列表", _callback("f", agency.id)))
    pairs += _edition_pairs(index, agency, "a")
    return _buttons(pairs, per_row=2)


def _latest_agencies(index: Index) -> list[Agency]:
    """Return each agency once, as the latest report of its place gives it."""
    return [a for a in index.knowledge.agencies if index.knowledge.editions(a)[0] is a]


def _other_editions(index: Index, agency: Agency) -> list[tuple[Agency, str]]:
    """Return the agency in its place's other reports, latest first, each with its month."""
    found = []
    for other in index.knowledge.editions(agency):
        report = index.report_of(other.report_id)
        if other is not agency and report is not None:
            found.append((other, _month(report.date)))
    return found


def _month(date: str) -> str:
    year, _, rest = date.partition("-")
    return f"{year}年{int(rest[:2])}月" if rest[:2].isdigit() else date


def _editions_note(index: Index, agency: Agency) -> str | None:
    """Say which report this is when the place has others: 以上出自2019年12月…;另有…"""
    others = _other_editions(index, agency)
    report = index.report_of(agency.report_id)
    if not others or report is None:
        return None
    months = "、".join(month for _, month in others)
    return f"以上出自{_month(report.date)}《{report.newspaper}》的报道;另有{months}的报道,点按下方按钮查看。"


def _edition_pairs(index: Index, agency: Agency, kind: str) -> list[tuple[str, str | None]]:
    return [
        (f"{month}的报道", _callback(kind, other.id))
        for other, month in _other_editions(index, agency)
    ]


def _edition_buttons(index: Index, agency: Agency, kind: str) -> InlineKeyboardMarkup | None:
    return _buttons(_edition_pairs(index, agency, kind), per_row=2)


def _described(index: Index, agency: Agency) -> Reply:
    """Describe an agency, saying which report it is from when there are others."""
    reply = describe_agency(index, agency)
    note = _editions_note(index, agency)
    return replace(reply, details=(*reply.details, note)) if note else reply


def _figures_html(index: Index, agency: Agency) -> str:
    report = index.report_of(agency.report_id)
    year = f"{report.year}年" if report and report.year else "今年"
    lines = [f"<b>{html.escape(agency.name)}</b> 的全部数字({len(agency.metrics)} 个):"]
    for metric in agency.metrics:
        extra = [
            p
            for p in (
                metric.period,
                metric.comparison.text() if metric.comparison else None,
                f"第{metric.rank}" if metric.rank else None,
            )
            if p
        ]
        tail = f"({html.escape(','.join(extra).replace('今年', year))})" if extra else ""
        lines.append(f"· {html.escape(metric.label)}:<b>{html.escape(metric.figure())}</b>{tail}")
    note = _editions_note(index, agency)
    if note:
        lines.append(html.escape(note))
    return "\n".join(lines)


def _days(args: Sequence[str] | None, *, default: float) -> float:
    try:
        days = float(args[0]) if args else default
    except ValueError:
        return default
    return days if 0 < days <= 3650 else default


def _welcome(index: Index) -> str:
    knowledge = index.knowledge
    reports = "\n".join(
        f"· {html.escape(r.newspaper)}《{html.escape(r.title)}》({html.escape(r.date)})"
        for r in knowledge.reports
    )
    examples = "\n".join(f"· {html.escape(q)}" for q in example_questions(index)[:4])
    commands = "\n".join(f"/{name} {html.escape(text)}" for name, text in COMMANDS)
    return (
        "您好!我回答关于以下报道的问题,先给出原文的确切数字,再附上原文段落和出处;"
        "报道里没有的,我会直接说明。\n\n"
        f"{reports}\n共 {len(knowledge.agencies)} 个单位、{knowledge.metric_count} 个数字。\n\n"
        f"可以这样问:\n{examples}\n\n命令:\n{commands}"
    )


def _reload_html(state: BotState, outcome: ReloadOutcome) -> str:
    if not outcome.ok:
        problems = "\n".join(html.escape(p) for p in outcome.problems)
        return (
            f"知识库有 {len(outcome.problems)} 个问题,<b>没有更新</b>,继续使用上一版:\n"
            f"<pre>{problems}</pre>"
        )
    knowledge = state.index.knowledge
    diff = outcome.diff
    lines = [
        f"已重新加载({outcome.seconds:.2f} 秒):{len(knowledge.reports)} 篇报道,"
        f"{len(knowledge.agencies)} 个单位,{knowledge.metric_count} 个数字。"
    ]
    if diff.empty:
        lines.append("内容没有变化。")
    for label, ids in (
        ("新增单位", diff.agencies_added),
        ("删除单位", diff.agencies_removed),
        ("新增数字", diff.figures_added),
        ("删除数字", diff.figures_removed),
        ("修改数字", diff.figures_changed),
    ):
        if ids:
            lines.append(f"{label} {len(ids)}:{html.escape(', '.join(ids[:30]))}")
    return "\n".join(lines)


async def _watch(state: BotState) -> None:
    """Reload when a knowledge file changes; a broken save keeps the last good knowledge."""
    while True:
        await asyncio.sleep(WATCH_INTERVAL)
        try:
            if state.store.changed_on_disk():
                outcome = await asyncio.to_thread(state.store.reload)
                if not outcome.ok:
                    for problem in outcome.problems:
                        logger.warning("knowledge not reloaded: %s", problem)
        except Exception:  # the watcher must outlive any surprise
            logger.exception("knowledge watch failed; trying again")


# Wiring ----------------------------------------------------------------------------------


def build_application(state: BotState) -> Application:  # type: ignore[type-arg]
    """Build the Application with every handler: the whole bot on one screen."""
    settings = state.settings
    assert settings.token is not None
    builder: ApplicationBuilder = (  # type: ignore[type-arg]
        Application.builder()
        .token(settings.token)
        .base_url(settings.api_url)
        .base_file_url(settings.api_url.removesuffix("/bot") + "/file/bot")
        .rate_limiter(
            AIORateLimiter(
                max_retries=3,
                overall_max_rate=settings.max_rate,
                group_max_rate=settings.group_max_rate,
            )
        )
        .concurrent_updates(True)
        .connect_timeout(settings.http_timeout)
        .read_timeout(settings.http_timeout)
        .write_timeout(settings.http_timeout)
        .get_updates_connect_timeout(settings.http_timeout)
        .get_updates_read_timeout(settings.poll_seconds + settings.http_timeout)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    application = builder.build()
    application.bot_data["state"] = state

    group = filters.ChatType.GROUPS
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", start_command))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("ask", ask_command))
    application.add_handler(CommandHandler("agencies", agencies_command))
    application.add_handler(CommandHandler("agency", agency_command))
    application.add_handler(CommandHandler("figures", figures_command))
    application.add_handler(CommandHandler("reload", reload_command))
    application.add_handler(CommandHandler("stats", stats_command))
    application.add_handler(CommandHandler("misses", misses_command))
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & private, on_private_text)
    )
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & group, on_group_text))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(on_inline))
    application.add_error_handler(on_error)
    return application


async def _post_init(application: Application) -> None:  # type: ignore[type-arg]
    await application.bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])
    state: BotState = application.bot_data["state"]
    if state.watch:
        application.bot_data["watch_task"] = asyncio.create_task(_watch(state))
    logger.info(
        "serving as @%s with %d agencies (knowledge %s)",
        application.bot.username,
        len(state.index.knowledge.agencies),
        state.index.knowledge.version,
    )


async def _post_shutdown(application: Application) -> None:  # type: ignore[type-arg]
    state: BotState = application.bot_data["state"]
    if state.log is not None:
        await asyncio.to_thread(state.log.close)
    task = application.bot_data.get("watch_task")
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def run_bot(
    settings: Settings,
    env: Mapping[str, str],
    *,
    watch: bool = False,
    webhook_url: str | None = None,
    listen: str = "127.0.0.1",
    port: int = 8443,
    secret_token: str | None = None,
) -> int:
    """Run the bot until SIGINT or SIGTERM; return the exit status."""
    state = BotState(
        settings=settings,
        store=KnowledgeStore(settings.knowledge_dir),
        watch=watch,
        log=open_log(env),
        private_gate=FloodGate(limit=settings.flood_private),
        group_gate=FloodGate(limit=settings.flood_group),
    )
    application = build_application(state)
    started = datetime.now(UTC)
    if webhook_url:
        path = webhook_url.rstrip("/").rsplit("/", 1)[-1] if "/" in webhook_url else ""
        application.run_webhook(
            listen=listen,
            port=port,
            url_path=path,
            webhook_url=webhook_url,
            secret_token=secret_token,
            allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES, timeout=settings.poll_seconds)
    logger.info("stopped after %s", datetime.now(UTC) - started)
    return 0
