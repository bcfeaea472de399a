"""Turn a Reply into what a user reads: plain text, Telegram HTML, or JSON."""

from __future__ import annotations

import html
from dataclasses import asdict
from typing import Any

from bot.answering import Reply

__all__ = ["MESSAGE_LIMIT", "render_html", "render_json", "render_text", "split_message"]

MESSAGE_LIMIT = 4096
# Leave room below Telegram's limit for entity overhead and a part marker.
_CHUNK = 3800


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
    """Split a message on paragraph boundaries, then lines, then characters, under `limit`.

    A cut never falls inside an HTML tag or entity, and tags open at a cut are closed
    before it and reopened after.
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for block in text.split("\n\n"):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(block) > limit:
            cut = _safe_cut(block, limit)
            head, block = block[:cut], block[cut:]
            open_tags = _open_tags(head)
            chunks.append(head + "".join(f"</{t}>" for t in reversed(open_tags)))
            block = "".join(f"<{t}>" for t in open_tags) + block
        current = block
    if current:
        chunks.append(current)
    return chunks


def _safe_cut(text: str, limit: int) -> int:
    """Return a cut position at or before `limit` that is outside any tag or entity."""
    cut = text.rfind("\n", 0, limit)
    if cut < limit // 2:
        cut = limit - 16  # leave room for closing tags
    while cut > 0:
        before = text[:cut]
        if before.rfind("<") <= before.rfind(">") and before.rfind("&") <= before.rfind(";"):
            return cut
        cut -= 1
    return limit - 16


def _open_tags(text: str) -> list[str]:
    import re

    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z]+)[^>]*>", text):
        if closing and stack and stack[-1] == name:
            stack.pop()
        elif not closing:
            stack.append(name)
    return stack


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
