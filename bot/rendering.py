"""Turn a Reply into what a user reads: plain text, Telegram HTML, or JSON."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from telegram.constants import MessageLimit

from bot.answering import Reply, example_questions
from bot.index import Index
from bot.knowledge import Agency
from bot.misses import MissGroup, guess_label
from bot.store import ReloadOutcome, Stats

__all__ = [
    "MESSAGE_LIMIT",
    "agencies_html",
    "agency_prompt_html",
    "editions_note",
    "figure_rows",
    "figures_html",
    "misses_html",
    "other_editions",
    "reload_changes",
    "reload_html",
    "render_html",
    "render_json",
    "render_text",
    "split_message",
    "stats_text",
    "welcome_html",
    "welcome_text",
]

MESSAGE_LIMIT = MessageLimit.MAX_TEXT_LENGTH
# Leave room below Telegram's limit (UTF-16 code units) for a part marker. Chunks are
# measured with their markup, which only makes them shorter than what Telegram counts.
_CHUNK = 3800
# What a cut may not fall inside: a tag, an entity; else any one character.
_ATOM = re.compile(r"<[^<>]*>|&#?\w+;|.", re.DOTALL)
_MARKUP = re.compile(r"<[^<>]*>")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^<>]*>")


def render_text(reply: Reply) -> str:
    """Return the reply as plain text: the direct answer, the paragraph, the source."""
    parts = [reply.answer]
    parts.extend(reply.details)
    if reply.figures and reply.kind == "agency":
        parts.append("主要数字:" + ";".join(f"{f.label} {f.text}" for f in reply.figures))
    if reply.paragraph and reply.paragraph not in reply.answer:
        parts.append(f"原文:{reply.paragraph}")
    if reply.source:
        parts.append(f"来源:{reply.source}")
    if reply.suggestions:
        parts.append("您可能还想问:" + ";".join(s.label for s in reply.suggestions))
    if reply.hint:
        parts.append(reply.hint)
    return "\n\n".join(parts)


def render_html(reply: Reply) -> list[str]:
    """Return the reply as Telegram HTML messages, each under the 4096-character limit."""
    parts = [_bold_figures(html.escape(reply.answer), reply)]
    # A partial reply's figure stands in its second line, after "报道给出的是:".
    parts.extend(_bold_figures(html.escape(d), reply) for d in reply.details)
    if reply.figures and reply.kind == "agency":
        parts.append(
            "主要数字:"
            + ";".join(
                f"{html.escape(f.label)} <b>{html.escape(f.text)}</b>" for f in reply.figures
            )
        )
    if reply.paragraph and reply.paragraph not in reply.answer:
        parts.append(f"<blockquote>{html.escape(reply.paragraph)}</blockquote>")
    if reply.source:
        parts.append(f"<i>来源:{html.escape(reply.source)}</i>")
    if reply.hint:
        parts.append(html.escape(reply.hint))
    return split_message("\n\n".join(parts))


def _bold_figures(line: str, reply: Reply) -> str:
    for figure in sorted(reply.figures, key=lambda f: len(f.text), reverse=True):
        escaped = html.escape(figure.text)
        if escaped in line and f"<b>{escaped}" not in line:
            line = line.replace(escaped, f"<b>{escaped}</b>", 1)
    return line


def split_message(text: str, *, limit: int = _CHUNK) -> list[str]:
    """Split Telegram HTML into messages of at most `limit` UTF-16 code units each.

    Telegram counts a message's length in UTF-16 code units, so an emoji or a rare CJK
    character counts two. A cut falls on a paragraph boundary if one is near enough, else on
    a line break, else between characters; never inside a tag, an entity or a character.
    Tags open at a cut, wherever they opened, are closed before it and reopened after, so
    every message balances on its own.
    """
    if _utf16_len(text) <= limit:
        return [text]
    atoms = _ATOM.findall(text)
    chunks: list[str] = []
    start = 0
    open_tags: list[str] = []  # the opening tags (with their attributes) open at `start`
    while start < len(atoms):
        end, after, open_at_end = _fill(atoms, start, open_tags, limit)
        chunk = "".join(open_tags) + "".join(atoms[start:end]) + _closing(open_at_end)
        if _MARKUP.sub("", chunk).strip():  # Telegram refuses a message with no text
            chunks.append(chunk)
        start, open_tags = after, open_at_end
    return chunks


def _fill(
    atoms: list[str], start: int, open_tags: list[str], limit: int
) -> tuple[int, int, list[str]]:
    """Take atoms from `start` while the chunk, closed, fits `limit`.

    Return where the chunk's text ends, where the next chunk starts, and the tags open at
    the cut (a paragraph or line separator at the cut is dropped).
    """
    stack = list(open_tags)
    used = sum(_utf16_len(t) for t in stack)
    closing = _utf16_len(_closing(stack))
    paragraph: tuple[int, int, list[str]] | None = None
    line: tuple[int, int, list[str]] | None = None
    i = start
    while i < len(atoms):
        atom = atoms[i]
        size = _utf16_len(atom)
        if atom[0] == "<":
            after = _push(stack, atom)
            after_closing = _utf16_len(_closing(after))
        else:
            after, after_closing = stack, closing
        if used + size + after_closing > limit and i > start:
            break
        used += size
        stack, closing = after, after_closing
        i += 1
        if atom == "\n" and used >= limit // 2:
            if i - start >= 2 and atoms[i - 2] == "\n":
                paragraph = (i - 2, i, list(stack))
            line = (i - 1, i, list(stack))
    if i == len(atoms):
        return i, i, stack
    return paragraph or line or (i, i, stack)


def _push(stack: list[str], atom: str) -> list[str]:
    """Return the open tags after `atom`: an opening tag pushes, its closing tag pops."""
    match = _TAG.fullmatch(atom) if atom.startswith("<") else None
    if match is None:
        return stack
    closing, name = match.groups()
    if not closing:
        return [*stack, atom]
    if stack and _tag_name(stack[-1]) == name:
        return stack[:-1]
    return stack


def _tag_name(tag: str) -> str:
    match = _TAG.fullmatch(tag)
    return match.group(2) if match else ""


def _closing(open_tags: list[str]) -> str:
    """Return the closing tags for `open_tags`, innermost first."""
    return "".join(f"</{_tag_name(t)}>" for t in reversed(open_tags))


def _utf16_len(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units (astral characters count two)."""
    if len(text) == 1:
        return 2 if ord(text) > 0xFFFF else 1
    return len(text.encode("utf-16-le")) // 2


def render_json(reply: Reply) -> dict[str, Any]:
    """Return the reply as a JSON-ready object (the `ask --json` protocol)."""
    return {
        "answered": reply.answered,
        "kind": reply.kind,
        "answer": reply.answer,
        "text": render_text(reply),
        "agency": reply.agency,
        "agency_id": reply.agency_id,
        "report": reply.report,
        "report_id": reply.report_id,
        "source": reply.source,
        "paragraph": reply.paragraph,
        "figures": [asdict(f) for f in reply.figures],
        "score": reply.score,
        "suggestions": [asdict(s) for s in reply.suggestions],
    }


# Views of the Telegram commands: each takes domain values and returns what is sent.


def welcome_html(index: Index, commands: Sequence[tuple[str, str]]) -> str:
    """Return the /start and /help text: the reports, example questions and the commands."""
    listed = [f"/{name} {html.escape(text)}" for name, text in commands]
    return welcome_text(index, listed, escape=html.escape)


def welcome_text(
    index: Index, commands: Sequence[str], *, escape: Callable[[str], str] = html.escape
) -> str:
    """Return the welcome in any channel's markup: `escape` its own, `commands` ready lines."""
    knowledge = index.knowledge
    reports = "\n".join(
        f"· {escape(r.newspaper)}《{escape(r.title)}》({escape(r.date)})" for r in knowledge.reports
    )
    examples = "\n".join(f"· {escape(q)}" for q in example_questions(index)[:4])
    listed = "\n".join(commands)
    return (
        "您好!我回答关于以下报道的问题,先给出原文的确切数字,再附上原文段落和出处;"
        "报道里没有的,我会直接说明。\n\n"
        f"{reports}\n共 {len(knowledge.agencies)} 个单位、{knowledge.metric_count} 个数字。\n\n"
        f"可以这样问:\n{examples}\n\n命令:\n{listed}"
    )


def agencies_html(agencies: Sequence[Agency]) -> str:
    """Return the line above the agency buttons of /agencies."""
    return f"报道涉及 {len(agencies)} 个单位,点按查看概况:"


def agency_prompt_html(command: str) -> str:
    """Return how to name an agency after a command that needs one."""
    return f"请在命令后写上单位名称,例如 <code>/{html.escape(command)} 法院</code>。"


def figures_html(index: Index, agency: Agency) -> str:
    """Return every figure of an agency as a compact list."""
    lines = [f"<b>{html.escape(agency.name)}</b> 的全部数字({len(agency.metrics)} 个):"]
    for label, figure, notes in figure_rows(index, agency):
        tail = f"({html.escape(notes)})" if notes else ""
        lines.append(f"· {html.escape(label)}:<b>{html.escape(figure)}</b>{tail}")
    note = editions_note(index, agency)
    if note:
        lines.append(html.escape(note))
    return "\n".join(lines)


def figure_rows(index: Index, agency: Agency) -> list[tuple[str, str, str]]:
    """Return each figure of an agency as label, figure, and its period, comparison and rank."""
    report = index.report_of(agency.report_id)
    year = f"{report.year}年" if report and report.year else "今年"
    rows = []
    for metric in agency.metrics:
        notes = [
            p
            for p in (
                metric.period,
                metric.comparison.text() if metric.comparison else None,
                f"第{metric.rank}" if metric.rank else None,
            )
            if p
        ]
        rows.append((metric.label, metric.figure(), ",".join(notes).replace("今年", year)))
    return rows


def other_editions(index: Index, agency: Agency) -> list[tuple[Agency, str]]:
    """Return the agency in its place's other reports, latest first, each with its month."""
    found = []
    for other in index.knowledge.editions(agency):
        report = index.report_of(other.report_id)
        if other is not agency and report is not None:
            found.append((other, _month(report.date)))
    return found


def editions_note(index: Index, agency: Agency) -> str | None:
    """Say which report this is when the place has others: 以上出自2019年12月…;另有…"""
    others = other_editions(index, agency)
    report = index.report_of(agency.report_id)
    if not others or report is None:
        return None
    months = "、".join(month for _, month in others)
    return f"以上出自{_month(report.date)}《{report.newspaper}》的报道;另有{months}的报道,点按下方按钮查看。"


def _month(date: str) -> str:
    year, _, rest = date.partition("-")
    return f"{year}年{int(rest[:2])}月" if rest[:2].isdigit() else date


def reload_html(index: Index, outcome: ReloadOutcome) -> str:
    """Return what a reload did: the counts and what changed, or every problem."""
    if not outcome.ok:
        problems = "\n".join(html.escape(p) for p in outcome.problems)
        return (
            f"知识库有 {len(outcome.problems)} 个问题,<b>没有更新</b>,继续使用上一版:\n"
            f"<pre>{problems}</pre>"
        )
    return "\n".join(reload_changes(index, outcome, escape=html.escape))


def reload_changes(
    index: Index, outcome: ReloadOutcome, *, escape: Callable[[str], str] = html.escape
) -> list[str]:
    """Return the lines of a successful reload: the counts, then what changed, by id."""
    knowledge = index.knowledge
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
            lines.append(f"{label} {len(ids)}:{escape(', '.join(ids[:30]))}")
    return lines


def misses_html(groups: Sequence[MissGroup], days: float, *, shown: int = 15) -> str:
    """Return the misses of a period, grouped and counted, most frequent first."""
    if not groups:
        return f"近{days:g}天没有未回答或被点 👎 的问题。"
    lines = [
        f"近{days:g}天未回答或被点 👎 的问题({sum(g.count for g in groups)} 个,{len(groups)} 组):"
    ]
    for n, group in enumerate(groups[:shown], start=1):
        partial = f"部分回答 {group.partial}," if group.partial else ""
        disliked = (
            f"   👎 于:{html.escape(group.disliked_label[:200])}\n" if group.disliked_label else ""
        )
        lines.append(
            f"{n}. ×{group.count} “{html.escape(group.example[:80])}”"
            f"(婉拒 {group.declined},{partial}👎 {group.disliked})\n"
            f"{disliked}   最接近:{html.escape(guess_label(group.guess))}"
        )
    lines.append("用 <code>reportbot misses --suggest</code> 生成可粘贴的知识库条目。")
    return "\n".join(lines)


def stats_text(index: Index, stats: Stats, loaded_at: datetime, *, now: float) -> str:
    """Return /stats as plain text: uptime, the knowledge loaded, answers and declines."""
    knowledge = index.knowledge
    uptime = int(now - stats.started)
    return (
        f"运行时间:{uptime // 3600}小时{uptime % 3600 // 60}分{uptime % 60}秒\n"
        f"知识库:{len(knowledge.reports)} 篇报道,{len(knowledge.agencies)} 个单位,"
        f"{knowledge.metric_count} 个数字(版本 {knowledge.version},"
        f"加载于 {loaded_at:%Y-%m-%d %H:%M:%S} UTC)\n"
        f"自启动以来:回答 {stats.answered} 个问题,婉拒 {stats.declined} 个"
    )
