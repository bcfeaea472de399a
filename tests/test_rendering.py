"""Rendering: HTML escaped and split under Telegram's limit, plain text and JSON."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from bot.answering import Figure, Reply, answer_question
from bot.index import Index
from bot.rendering import MESSAGE_LIMIT, render_html, render_json, render_text, split_message


class _Strict(HTMLParser):
    """Check that tags balance, as Telegram's entity parser does."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack.pop() == tag


def _balanced(chunk: str) -> bool:
    parser = _Strict()
    parser.feed(chunk)
    return not parser.stack


def test_the_figure_is_bold_and_knowledge_text_is_escaped(index: Index) -> None:
    reply = answer_question(index, "法院结案多少件")
    html = render_html(reply)[0]
    assert "<b>63266件</b>" in html
    assert html.index("63266") < html.index("<blockquote>") < html.index("来源")


def test_hostile_text_is_escaped() -> None:
    reply = Reply(
        answered=True,
        kind="metric",
        answer="<script>&x</script> 5人",
        paragraph="<b>不是标签</b>",
        figures=(Figure("m", "x", 5, "人", "5人"),),
    )
    html = "".join(render_html(reply))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;不是标签" in html
    assert "<b>5人</b>" in html


@given(st.text(min_size=1, max_size=20_000))
def test_any_long_reply_splits_under_the_limit_with_balanced_tags(text: str) -> None:
    reply = Reply(answered=True, kind="paragraph", answer=text, paragraph=text * 2)
    chunks = render_html(reply)
    assert all(len(c) <= MESSAGE_LIMIT for c in chunks)
    assert all(_balanced(c) for c in chunks)
    assert all(not re.search(r"&[a-z#0-9]*$", c) for c in chunks)


def test_split_prefers_paragraph_boundaries() -> None:
    text = "\n\n".join(["甲" * 3000, "乙" * 3000])
    assert split_message(text) == ["甲" * 3000, "乙" * 3000]


def test_text_and_json_agree(index: Index) -> None:
    reply = answer_question(index, "纪委立案查处多少人")
    payload = render_json(reply)
    assert payload["text"] == render_text(reply)
    assert payload["answer"] == reply.answer
