"""Replies as WeCom markdown: escaped, figure first, split under 2048 bytes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answering import Figure, Reply, answer_question
from bot.index import Index
from bot.wecom.markdown import (
    MARKDOWN_LIMIT,
    escape_markdown,
    render_markdown,
    split_markdown,
    utf8_len,
)
from tests.fake_wecom import visible


def test_the_figure_comes_first_in_bold_then_the_paragraph_then_the_source(index: Index) -> None:
    chunks = render_markdown(answer_question(index, "法院今年结了多少案"))
    assert len(chunks) == 1
    lines = chunks[0].splitlines()
    assert "**63266件**" in lines[0]
    assert any(line.startswith("> ") and "面对繁重的工作任务" in line for line in lines)
    assert lines.index(next(x for x in lines if x.startswith("> "))) < len(lines) - 1
    assert '<font color="comment">来源:' in chunks[0]


def test_markup_characters_are_shown_as_they_are() -> None:
    text = '# 标题 **粗** *斜* [链接](http://x) `code` <font color="info">x</font> > 引 &lt;'
    escaped = escape_markdown(text)
    for marker in ("#", "*", "[", "]", "`", "<", ">", "&"):
        assert marker not in escaped
    assert visible(escaped) == escaped


def test_a_partial_reply_shows_the_closest_figure_without_claiming_an_answer() -> None:
    figure = Figure("x-1", "受理案件", 81878, "件", "81878件")
    reply = Reply(
        answered=False,
        kind="declined",
        answer="报道没有给出这个数字。",
        figures=(figure,),
        paragraph="今年1-11月共受理案件总量81878件。",
        source="市第一人民法院 · 报道",
    )
    text = visible(render_markdown(reply)[0])
    assert "报道给出的数字:受理案件 81878件" in text and "来源" in text


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("法院结案件。,;ab 1**>\n"), max_size=900),
        min_size=1,
        max_size=8,
    )
)
def test_every_part_fits_and_nothing_is_lost(blocks: list[str]) -> None:
    text = "\n\n".join(f"**{escape_markdown(b)}**" for b in blocks)
    parts = split_markdown(text, limit=300)
    assert all(utf8_len(p) <= 300 for p in parts)
    for part in parts:
        assert part.count("**") % 2 == 0
    assert "".join(visible(p) for p in parts).replace("\n", "").replace(" ", "") == visible(
        text
    ).replace("\n", "").replace(" ", "")


def test_a_long_quote_stays_a_quote_and_a_font_run_is_reopened() -> None:
    text = (
        "> " + "很长的原文段落。" * 200 + '\n\n<font color="comment">来源:' + "很" * 900 + "</font>"
    )
    parts = split_markdown(text)
    assert len(parts) >= 3
    assert all(utf8_len(p) <= MARKDOWN_LIMIT for p in parts)
    quoted = [p for p in parts if "很长的原文段落" in p]
    assert all(p.startswith("> ") for p in quoted)
    for part in parts:
        visible(part)  # balanced bold and font tags in every part
