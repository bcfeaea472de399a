"""Rendering: HTML escaped and split under Telegram's limit, plain text and JSON."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from telegram.constants import MessageLimit

from bot.answering import Figure, Reply, Suggestion, answer_question
from bot.index import Index
from bot.rendering import MESSAGE_LIMIT, render_html, render_json, render_text, split_message
from tests.support.local_api import parse_html


def _units(text: str) -> int:
    """Count as Telegram does: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _assert_telegram_accepts(chunks: list[str], whole: str) -> None:
    """Each chunk parses as Telegram parses HTML and fits; together they say all of `whole`."""
    shown = [parse_html(c) for c in chunks]  # raises on unbalanced tags or a cut entity
    assert all(_units(c) <= MESSAGE_LIMIT for c in chunks), [_units(c) for c in chunks]
    assert all(s.strip() for s in shown)
    assert _squeezed("".join(shown)) == _squeezed(parse_html(whole))


def test_the_limit_is_telegrams() -> None:
    assert MESSAGE_LIMIT == MessageLimit.MAX_TEXT_LENGTH


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


def test_astral_characters_count_two() -> None:
    reply = Reply(answered=True, kind="paragraph", answer="见原文", paragraph="😀" * 3000)
    chunks = render_html(reply)
    assert len(chunks) == 2
    _assert_telegram_accepts(chunks, "\n\n".join(chunks))
    assert "".join(parse_html(c) for c in chunks).count("😀") == 3000


def test_a_paragraph_with_blank_lines_is_cut_with_its_quote_closed_and_reopened() -> None:
    paragraph = "\n\n".join(["甲" * 1500, "乙" * 1500, "丙" * 1500])  # a YAML |- block
    reply = Reply(answered=True, kind="paragraph", answer="见原文", paragraph=paragraph)
    chunks = render_html(reply)
    assert len(chunks) == 2
    for chunk in chunks:
        parse_html(chunk)
    assert chunks[0].endswith("乙</blockquote>")
    assert chunks[1].startswith("<blockquote>丙")


def test_split_prefers_paragraph_boundaries() -> None:
    text = "\n\n".join(["甲" * 3000, "乙" * 3000])
    assert split_message(text) == ["甲" * 3000, "乙" * 3000]


def test_a_block_without_breaks_is_cut_between_entities_and_tags() -> None:
    text = "<b>" + "a&amp;" * 2000 + "</b>"
    chunks = split_message(text)
    assert len(chunks) == 4  # 12,007 units of markup, 3,800 a chunk
    _assert_telegram_accepts(chunks, text)
    assert all(c.startswith("<b>") and c.endswith("</b>") for c in chunks)


# Long texts, 3,000 to 20,000 characters: astral characters, entities, blank lines ---------

_PIECES = st.sampled_from(
    [
        "段",
        "a",
        "😀",
        "𠀀",
        "👨‍👩‍👧",
        "\n",
        "\n\n",
        "\n\n\n",
        " ",
        "<",
        ">",
        "&",
        '"',
        "é",
        "\u200b",
    ]
)
LONG_TEXTS = st.tuples(
    st.lists(st.tuples(_PIECES, st.integers(1, 600)), min_size=1, max_size=30),
    st.integers(3000, 20_000),
).map(lambda spec: _stretch("".join(piece * n for piece, n in spec[0]), spec[1]))


def _stretch(text: str, length: int) -> str:
    return (text * (length // len(text) + 1))[:length]


@settings(max_examples=30, deadline=None)
@given(LONG_TEXTS, LONG_TEXTS)
def test_any_long_reply_splits_into_messages_telegram_accepts(answer: str, paragraph: str) -> None:
    assert 3000 <= len(answer) <= 20_000
    if not answer.strip():
        answer += "答"
    reply = Reply(
        answered=True,
        kind="metric",
        answer=answer,
        paragraph=paragraph,
        source="来源 · 报道",
        figures=(Figure("m", "x", 5, "人", answer[:7]),),
    )
    chunks = render_html(reply)
    _assert_telegram_accepts(chunks, "\n\n".join(chunks))
    whole = parse_html("".join(chunks))
    assert _squeezed(answer) in _squeezed(whole) and _squeezed(paragraph) in _squeezed(whole)


@settings(max_examples=30, deadline=None)
@given(LONG_TEXTS)
def test_any_long_markup_splits_under_the_limit(text: str) -> None:
    from html import escape

    head, tail = escape(text[:2000]), escape(text[2000:]) + "x"
    markup = f"{head}<b>{tail}</b>\n\n<i><blockquote>{head}{tail}</blockquote></i>"
    _assert_telegram_accepts(split_message(markup), markup)


def test_the_text_rendering_is_figure_paragraph_source_suggestions() -> None:
    reply = Reply(
        answered=True,
        kind="metric",
        answer="市纪委监委:2018年立案查处448人",
        paragraph="今年立案查处448人。",
        source="市纪委监委 · 中山日报",
        figures=(Figure("jiwei-01", "立案查处", 448, "人", "448人"),),
        suggestions=(Suggestion("entry", "jiwei-02", "结案 358件"),),
        score=88,
    )
    expected = (
        "市纪委监委:2018年立案查处448人\n\n原文:今年立案查处448人。\n\n"
        "来源:市纪委监委 · 中山日报\n\n您可能还想问:结案 358件"
    )
    assert render_text(reply) == expected
    payload = json.loads(json.dumps(render_json(reply), ensure_ascii=False))
    assert payload["text"] == expected
    assert payload["answered"] is True and payload["kind"] == "metric"
    assert payload["answer"] == "市纪委监委:2018年立案查处448人"
    assert payload["score"] == 88 and payload["source"] == "市纪委监委 · 中山日报"
    assert payload["figures"][0]["value"] == 448 and payload["figures"][0]["text"] == "448人"
    assert payload["suggestions"] == [{"kind": "entry", "id": "jiwei-02", "label": "结案 358件"}]


def test_a_declined_reply_in_json(index: Index) -> None:
    payload = render_json(answer_question(index, "深圳市公安局今年破了多少案"))
    assert payload["answered"] is False and payload["kind"] == "declined"
    assert payload["agency"] is None and payload["figures"] == []
    assert "抱歉" in payload["text"] and "/agencies" in payload["text"]
