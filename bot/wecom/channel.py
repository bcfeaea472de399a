"""What a WeCom user sees: the same replies, commands and admin powers as on Telegram.

Messages come in as (userid, text); replies go out as WeCom markdown through `send`. There
are no buttons in a WeCom app chat, so suggestions and agency lists are numbered and the
user answers with the number.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from bot.answering import (
    Conversations,
    Reply,
    Suggestion,
    answer_suggestion,
    describe_agency,
    example_questions,
    find_agency,
)
from bot.flood import FloodGate, Verdict
from bot.index import Index
from bot.knowledge import Agency
from bot.misses import group_misses, guess_label
from bot.question_log import QuestionLog
from bot.rendering import figure_rows, reload_changes, welcome_text
from bot.settings import WeComSettings
from bot.store import KnowledgeStore, ReloadOutcome, Stats
from bot.usage import usage_caption, usage_from
from bot.wecom.markdown import escape_markdown, numbered_choices, render_markdown, split_markdown

__all__ = ["CHANNEL", "COMMANDS", "WeComBot", "parse_command"]

logger = logging.getLogger(__name__)

CHANNEL = "wecom"  # what the question log records as the chat type
COMMANDS = (
    ("help", "帮助", "怎么提问、有哪些命令"),
    ("agencies", "单位列表", "报道涉及的单位"),
    ("agency", "单位概况", "一个单位的概况,例如 /agency 法院"),
    ("figures", "全部数字", "一个单位的全部数字,例如 /figures 法院"),
    ("reload", "重新加载", "重新加载知识库(管理员)"),
    ("stats", "运行统计", "运行统计(管理员)"),
    ("misses", "未答问题", "没答上的问题(管理员)"),
)
ADMIN_COMMANDS = frozenset({"reload", "stats", "misses"})
MISSES_DAYS = 7.0
STATS_DAYS = 7
_ALIASES = {"start": "help", "帮助": "help", "使用说明": "help", "数字列表": "figures"}
_WORDS = {word: name for name, word, _ in COMMANDS} | _ALIASES
_SLASH = re.compile(r"^[/／]([A-Za-z]+)(?:[\s::]+(.*))?$", re.S)
_WORD = re.compile(r"^(\S{2,4}?)(?:[\s::]+(.*))?$", re.S)
_CHOICE = re.compile(r"^\s*([1-9])\s*[.。、]?\s*$")

Send = Callable[[str, str], Awaitable[None]]


def parse_command(text: str) -> tuple[str, str] | None:
    """Return (command, argument) for `/agency 法院` or `单位概况 法院`, else None."""
    text = text.strip()
    slash = _SLASH.match(text)
    if slash:
        return slash.group(1).lower(), (slash.group(2) or "").strip()
    word = _WORD.match(text)
    if word and word.group(1) in _WORDS:
        return _WORDS[word.group(1)], (word.group(2) or "").strip()
    return None


class _Choices:
    """Each user's last numbered list, so that "2" answers its second line."""

    def __init__(self, *, max_users: int = 10_000, ttl: float = 600.0) -> None:
        self._lists: OrderedDict[str, tuple[float, tuple[Suggestion, ...]]] = OrderedDict()
        self._max = max_users
        self._ttl = ttl

    def keep(self, user: str, choices: Sequence[Suggestion]) -> None:
        self._lists.pop(user, None)
        if choices:
            self._lists[user] = (time.monotonic(), tuple(choices))
            while len(self._lists) > self._max:
                self._lists.popitem(last=False)

    def pick(self, user: str, number: int) -> Suggestion | None:
        found = self._lists.get(user)
        if found is None or time.monotonic() - found[0] > self._ttl:
            return None
        choices = found[1]
        return choices[number - 1] if 0 < number <= len(choices) else None


@dataclass
class WeComBot:
    """The channel's state: knowledge, conversations, counts, the log and the sender."""

    wecom: WeComSettings
    store: KnowledgeStore
    send: Send
    log: QuestionLog | None = None
    conversations: Conversations = field(default_factory=Conversations)
    stats: Stats = field(default_factory=Stats)
    gate: FloodGate = field(default_factory=lambda: FloodGate(limit=20))
    choices: _Choices = field(default_factory=_Choices)

    @property
    def index(self) -> Index:
        """Return the knowledge of this moment."""
        return self.store.index

    async def on_text(self, user: str, text: str) -> None:
        """Answer one text message: a command, a numbered choice, or a question."""
        command = parse_command(text)
        if command is not None:
            name, argument = command
            if name in ADMIN_COMMANDS and user not in self.wecom.admins:
                logger.warning("refused /%s from wecom user %s", name, self.user_tag(user))
                await self.reply(user, "抱歉,这个命令只有管理员可以使用。")
                return
            handler = self._commands().get(name)
            if handler is not None:
                await handler(user, argument)
                return
            await self.reply(
                user, f"没有 /{escape_markdown(name)} 这个命令。发送 /help 查看可用的命令。"
            )
            return
        choice = _CHOICE.match(text)
        if choice:
            picked = self.choices.pick(user, int(choice.group(1)))
            if picked is None:
                await self.reply(
                    user, "没有可选的这一项。请直接提问,或发送 /agencies 查看单位列表。"
                )
            else:
                await self.on_choice(user, picked)
            return
        await self.on_question(user, text)

    async def on_other(self, user: str) -> None:
        """Say politely that only text is understood."""
        await self.reply(user, "目前只能回答文字提问,请直接输入您的问题,或发送 /help 查看用法。")

    def _commands(self) -> dict[str, Callable[[str, str], Awaitable[None]]]:
        return {
            "help": self.help_command,
            "agencies": self.agencies_command,
            "agency": self.agency_command,
            "figures": self.figures_command,
            "ask": self.on_question,
            "reload": self.reload_command,
            "stats": self.stats_command,
            "misses": self.misses_command,
        }

    # Users -------------------------------------------------------------------------------

    async def on_question(self, user: str, question: str) -> None:
        """Answer a question in the user's conversation, within the flood limit."""
        verdict = self.gate.check(f"{CHANNEL}:{user}")
        if verdict is Verdict.SILENT:
            return
        if verdict is Verdict.NOTIFY:
            await self.reply(user, "您提问太频繁了,请稍等一分钟再问。")
            return
        if not question.strip():
            await self.reply(user, "请直接输入您的问题,例如:" + self._examples())
            return
        reply = self.conversations.ask(self.index, self._conversation(user), question)
        self.stats.record(reply)
        self._log_question(user, question, reply)
        await self.send_reply(user, reply)

    async def on_choice(self, user: str, choice: Suggestion) -> None:
        """Answer the numbered line a user picked: an agency or a figure or paragraph."""
        index = self.index
        if choice.kind == "agency" and choice.id in index.agencies_by_id:
            reply = describe_agency(index, index.agencies_by_id[choice.id])
        else:
            reply = answer_suggestion(index, choice.id)
        self.conversations.remember(self._conversation(user), reply)
        await self.send_reply(user, reply)

    async def help_command(self, user: str, argument: str) -> None:
        """Send how to ask and the list of commands."""
        await self.reply(user, self._welcome())

    async def agencies_command(self, user: str, argument: str) -> None:
        """List the agencies, numbered."""
        agencies = self.index.knowledge.agencies
        self.choices.keep(user, [Suggestion("agency", a.id, a.name) for a in agencies])
        await self.reply(
            user,
            numbered_choices(
                [a.name for a in agencies],
                title=f"报道涉及 {len(agencies)} 个单位(回复数字查看概况):",
            )
            + "\n\n也可以发送 /agency 名称,例如 /agency 法院。",
        )

    async def agency_command(self, user: str, argument: str) -> None:
        """Describe one agency named by any alias or typo."""
        agency = await self._agency_asked(user, argument, "agency")
        if agency is not None:
            reply = describe_agency(self.index, agency)
            self.conversations.remember(self._conversation(user), reply)
            await self.send_reply(user, reply)

    async def figures_command(self, user: str, argument: str) -> None:
        """List every figure of an agency compactly."""
        agency = await self._agency_asked(user, argument, "figures")
        if agency is not None:
            await self.reply(user, _figures_markdown(self.index, agency))

    async def _agency_asked(self, user: str, argument: str, command: str) -> Agency | None:
        agency = find_agency(self.index, argument) if argument.strip() else None
        if agency is None:
            agencies = self.index.knowledge.agencies
            self.choices.keep(user, [Suggestion("agency", a.id, a.name) for a in agencies])
            lead = "没有找到这个单位。" if argument.strip() else ""
            await self.reply(
                user,
                f"{lead}请在命令后写上单位名称,例如 /{command} 法院。\n\n"
                + numbered_choices(
                    [a.name for a in agencies], title="报道涉及的单位(回复数字查看):"
                ),
            )
        return agency

    # Admins ------------------------------------------------------------------------------

    async def reload_command(self, user: str, argument: str) -> None:
        """Validate every knowledge file and swap the knowledge in whole, or list the problems."""
        outcome = await asyncio.to_thread(self.store.reload)
        await self.reply(user, self._reload_markdown(outcome))

    async def stats_command(self, user: str, argument: str) -> None:
        """Send uptime, what knowledge is loaded, and questions answered and declined."""
        knowledge = self.index.knowledge
        uptime = int(time.time() - self.stats.started)
        lines = [
            f"运行时间:{uptime // 3600}小时{uptime % 3600 // 60}分{uptime % 60}秒",
            f"知识库:{len(knowledge.reports)} 篇报道,{len(knowledge.agencies)} 个单位,"
            f"{knowledge.metric_count} 个数字(版本 {escape_markdown(knowledge.version)},"
            f"加载于 {self.store.loaded_at:%Y-%m-%d %H:%M:%S} UTC)",
            f"自启动以来:回答 {self.stats.answered} 个问题,婉拒 {self.stats.declined} 个",
        ]
        if self.log is not None:
            await asyncio.to_thread(self.log.flush)
            usage = await asyncio.to_thread(usage_from, self.log.path, days=STATS_DAYS)
            lines.append(f"所有渠道,{escape_markdown(usage_caption(usage))}")
        await self.reply(user, "\n".join(lines))

    async def misses_command(self, user: str, argument: str) -> None:
        """List what staff asked and did not get, grouped and counted, most frequent first."""
        if self.log is None:
            await self.reply(user, "问题记录已关闭(REPORTBOT_LOG_QUESTIONS=0)。")
            return
        days = _days(argument, default=MISSES_DAYS)
        await asyncio.to_thread(self.log.flush)
        questions = await asyncio.to_thread(self.log.questions, days=days)
        groups = group_misses(self.index, questions)
        if not groups:
            await self.reply(user, f"近{days:g}天没有未回答或被点 👎 的问题。")
            return
        lines = [
            f"近{days:g}天未回答或被点 👎 的问题({sum(g.count for g in groups)} 个,"
            f"{len(groups)} 组):"
        ]
        for n, group in enumerate(groups[:15], start=1):
            lines.append(
                f"{n}. ×{group.count} “{escape_markdown(group.example[:80])}”"
                f"(婉拒 {group.declined},👎 {group.disliked})\n"
                + (
                    f"   👎 于:{escape_markdown(group.disliked_label[:200])}\n"
                    if group.disliked_label
                    else ""
                )
                + f"   最接近:{escape_markdown(guess_label(group.guess))}"
            )
        lines.append("用 reportbot misses --suggest 生成可粘贴的知识库条目。")
        await self.reply(user, "\n".join(lines))

    # Sending -----------------------------------------------------------------------------

    async def send_reply(self, user: str, reply: Reply) -> None:
        """Send a Reply as markdown messages; keep its suggestions as numbered choices."""
        self.choices.keep(user, reply.suggestions)
        for chunk in render_markdown(reply):
            await self.send(user, chunk)

    async def reply(self, user: str, markdown: str) -> None:
        """Send markdown, split under WeCom's limit."""
        for chunk in split_markdown(markdown):
            await self.send(user, chunk)

    def user_tag(self, user: str) -> str:
        """Return what stands for a user in the logs: a salted hash, never the userid."""
        if self.log is not None:
            return self.log.user_hash(_user_number(user))[:12]
        return hashlib.sha256(f"{CHANNEL}:{user}".encode()).hexdigest()[:12]

    def _conversation(self, user: str) -> str:
        return f"{CHANNEL}:{user}"

    def _log_question(self, user: str, question: str, reply: Reply) -> None:
        if self.log is None:
            return
        self.log.record_reply(
            question,
            reply,
            chat_type=CHANNEL,
            user_id=_user_number(user),
            knowledge_version=self.index.knowledge.version,
            channel=CHANNEL,
        )

    def _examples(self) -> str:
        return "、".join(f"“{escape_markdown(q)}”" for q in example_questions(self.index)[:2])

    def _welcome(self) -> str:
        commands = [f"/{name} 或「{word}」:{text}" for name, word, text in COMMANDS]
        return welcome_text(self.index, commands, escape=escape_markdown)

    def _reload_markdown(self, outcome: ReloadOutcome) -> str:
        if not outcome.ok:
            problems = "\n".join(f"· {escape_markdown(p)}" for p in outcome.problems)
            return (
                f"知识库有 {len(outcome.problems)} 个问题,**没有更新**,继续使用上一版:\n{problems}"
            )
        return "\n".join(reload_changes(self.index, outcome, escape=escape_markdown))


def _figures_markdown(index: Index, agency: Agency) -> str:
    lines = [f"**{escape_markdown(agency.name)}** 的全部数字({len(agency.metrics)} 个):"]
    for label, figure, notes in figure_rows(index, agency):
        tail = f"({escape_markdown(notes)})" if notes else ""
        lines.append(f"· {escape_markdown(label)}:**{escape_markdown(figure)}**{tail}")
    return "\n".join(lines)


def _days(argument: str, *, default: float) -> float:
    try:
        days = float(argument.split()[0]) if argument.strip() else default
    except ValueError:
        return default
    return days if 0 < days <= 3650 else default


def _user_number(user: str) -> int:
    """Return a stable number for a WeCom userid (the question log hashes numbers)."""
    return int.from_bytes(hashlib.sha256(f"{CHANNEL}:{user}".encode()).digest()[:8], "big")
