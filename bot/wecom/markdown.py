"""Turn a Reply into WeCom markdown messages, each within WeCom's 2048-byte limit.

WeCom's app markdown (msgtype "markdown") knows a small subset: `#` headings, `**bold**`,
`*italic*`, `[links](url)`, `` `code` ``, `>` quotes and `<font color="info|comment|warning">`.
Its documentation gives no escape character, so text that would be read as markup is
written with the full-width twin of each marker (＊ ＃ ［ ＜ …), which reads the same in
Chinese text and cannot start markup.
"""

from __future__ import annotations

import re

from bot.answering import Reply

__all__ = ["MARKDOWN_LIMIT", "escape_markdown", "render_markdown", "split_markdown", "utf8_len"]

MARKDOWN_LIMIT = 2048  # bytes of UTF-8, WeCom's limit for one markdown message
# Room for the markers a cut closes and reopens.
_CHUNK = MARKDOWN_LIMIT - 32
_MARKUP = str.maketrans(
    {
        "*": "＊",
        "`": "｀",
        "[": "［",
        "]": "］",
        "<": "＜",
        ">": "＞",
        "&": "＆",
        "#": "＃",
        "\r": " ",
    }
)
_FONT_OPEN = re.compile(r'<font color="(?:info|comment|warning)">')


def utf8_len(text: str) -> int:
    """Return the size of a text as WeCom counts it."""
    return len(text.encode())


def escape_markdown(text: str) -> str:
    """Return text that WeCom's markdown shows as it is."""
    return text.translate(_MARKUP)


def render_markdown(reply: Reply, *, choices: bool = True) -> list[str]:
    """Return the reply as WeCom markdown: figure first in bold, the paragraph, the source."""
    answer = escape_markdown(reply.answer)
    shown = []
    for figure in sorted(reply.figures, key=lambda f: len(f.text), reverse=True):
        escaped = escape_markdown(figure.text)
        if escaped in answer and f"**{escaped}" not in answer:
            answer = answer.replace(escaped, f"**{escaped}**", 1)
            shown.append(figure)
    parts = [answer]
    parts.extend(escape_markdown(d) for d in reply.details)
    rest = [f for f in reply.figures if f not in shown and f.text not in reply.answer]
    if rest:
        # An agency's key figures, or the closest figures a partial reply offers.
        title = "主要数字" if reply.answered else "报道给出的数字"
        parts.append(
            f"{title}:"
            + ";".join(f"{escape_markdown(f.label)} **{escape_markdown(f.text)}**" for f in rest)
        )
    if reply.paragraph and reply.paragraph not in reply.answer:
        parts.append(quote(reply.paragraph))
    if reply.source:
        parts.append(f'<font color="comment">来源:{escape_markdown(reply.source)}</font>')
    if choices and reply.suggestions:
        parts.append(numbered_choices([s.label for s in reply.suggestions]))
    if reply.hint:
        parts.append(escape_markdown(reply.hint))
    return split_markdown("\n\n".join(parts))


def quote(text: str) -> str:
    """Return text as a markdown quote, every line marked."""
    return "\n".join(f"> {escape_markdown(line)}" for line in text.splitlines() if line.strip())


def numbered_choices(labels: list[str], *, title: str = "您可能还想问(回复数字查看):") -> str:
    """Return labels as a numbered list the user answers with a number."""
    lines = [title]
    lines.extend(f"{n}. {escape_markdown(label)}" for n, label in enumerate(labels, start=1))
    return "\n".join(lines)


def split_markdown(text: str, *, limit: int = _CHUNK) -> list[str]:
    """Split markdown on paragraph boundaries, then lines, then characters, under `limit` bytes.

    A cut never falls inside a tag; bold and font runs open at a cut are closed before it and
    reopened after, and a cut quote line stays a quote.
    """
    if utf8_len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for block in text.split("\n\n"):
        for piece in _fit(block, limit):
            candidate = f"{current}\n\n{piece}" if current else piece
            if utf8_len(candidate) <= limit:
                current = candidate
            else:
                if current:
                    chunks.append(current)
                current = piece
    if current:
        chunks.append(current)
    return chunks


def _fit(block: str, limit: int) -> list[str]:
    """Cut one paragraph into pieces under `limit` bytes, by lines, then characters."""
    if utf8_len(block) <= limit:
        return [block]
    pieces: list[str] = []
    current = ""
    for line in block.split("\n"):
        while utf8_len(line) > limit:
            head, line = _cut_line(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current}\n{line}" if current else line
        if utf8_len(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = line
    if current:
        pieces.append(current)
    return pieces


def _cut_line(line: str, limit: int) -> tuple[str, str]:
    """Cut a line under `limit` bytes outside any tag; close and reopen what is open."""
    cut = _char_cut(line, limit)
    sentence = max(line.rfind(mark, 0, cut) for mark in "。;;!?")
    if sentence > cut // 2:
        cut = sentence + 1
    while cut > 1 and line.rfind("<", 0, cut) > line.rfind(">", 0, cut):
        cut -= 1
    if cut > 1 and line[cut - 1] == "*" and line[cut] == "*":
        cut -= 1  # never between the two stars of a bold marker
    head, rest = line[:cut], line[cut:]
    opened, closed = "", ""
    font = _FONT_OPEN.findall(head)
    if len(font) > head.count("</font>"):
        closed += "</font>"
        opened += font[-1]
    if head.count("**") % 2:
        closed = "**" + closed
        opened += "**"
    prefix = "> " if line.startswith("> ") else ""
    return head + closed, prefix + opened + rest


def _char_cut(line: str, limit: int) -> int:
    """Return the longest prefix length (in characters) of at most `limit` bytes."""
    size = 0
    for position, char in enumerate(line):
        size += utf8_len(char)
        if size > limit:
            return max(position, 1)
    return len(line)
