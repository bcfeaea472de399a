"""Fuzzing every input: any string, any YAML, any report text ends in a reply or a clear error.

The default run is quick; `REPORTBOT_FUZZ=long pytest tests/test_fuzz.py` runs the long one.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answering import Conversations, answer_question
from bot.index import Index
from bot.knowledge import KnowledgeError, bundled_knowledge_dir, ingest_report, load_knowledge
from bot.rendering import render_html, render_text
from tests.conftest import REPORT_DIR

LONG = os.environ.get("REPORTBOT_FUZZ") == "long"
EXAMPLES = 5000 if LONG else 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

_NASTY = st.sampled_from(
    [
        "\u200b",
        "\u200f",
        "\u202e",
        "\u2066",
        "\ufeff",
        "\x00",
        "\x1b[31m",
        "\r\n",
        "\t",
        "<b>",
        "</i>",
        "<a href='javascript:alert(1)'>",
        "&amp;",
        "&lt;",
        "&",
        "{{7*7}}",
        "${jndi:x}",
        "%s%s%n",
        "{0}",
        "'; DROP TABLE questions; --",
        "🙂",
        "👨‍👩‍👧",
        "𠀀",
        "法院",
        "纪委",
        "多少",
        "呢",
        "其中",
        "網上",
        "？",
        "。。。",
        "@reportbot_test_bot",
        "/ask",
        "9" * 30,
        "1e999",
        "-0",
        "NaN",
    ]
)
QUESTIONS = st.one_of(
    st.text(max_size=500),
    st.lists(_NASTY, max_size=40).map("".join),
    st.lists(st.one_of(_NASTY, st.text(max_size=5)), max_size=60).map("".join),
)


@FUZZ
@given(st.lists(QUESTIONS, min_size=1, max_size=4))
def test_any_conversation_gets_replies_that_render(index: Index, questions: list[str]) -> None:
    chats = Conversations()
    for question in questions:
        reply = chats.ask(index, "fuzz", question)
        assert reply.answer
        assert 0 <= reply.score <= 100
        assert all(len(chunk.encode("utf-16-le")) // 2 <= 4096 for chunk in render_html(reply))
        assert render_text(reply)


def test_huge_inputs_are_answered_quickly(index: Index) -> None:
    for question in ("法" * 1_000_000, "<b>" * 200_000, "多少" * 300_000, "\u202e" * 500_000):
        started = time.perf_counter()
        assert answer_question(index, question).answer
        assert time.perf_counter() - started < 2


_SEED_FILE = bundled_knowledge_dir() / REPORT_DIR / "08-fayuan.yaml"
_YAML_NASTIES = [
    "[" * 5000 + "]" * 5000,
    "a: " + "{x: " * 2000 + "1" + "}" * 2000,
    "- " * 3000 + "x",
    "a: &a [x]\nb: *a\n",
    "value: 1e999\n",
    "value: 99999999999999999999999999999999999\n",
    "!!python/object/apply:os.system ['echo hacked']\n",
    "id: !!binary aGVsbG8=\n",
    "\x00\x01\x02\x03",
    "\ufeffid: fayuan\n",
    "id: [1, 2]\nname: {a: b}\nheading: 3\nparagraphs: 7\n",
    "---\nid: a\n---\nid: b\n",
    "id: fayuan\n" * 2,
    "paragraphs:\n- text: x\n  metrics:\n  - {id: m, label: l, value: .inf, unit: 件, clause: x}\n",
]


def _load_with(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "k"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(bundled_knowledge_dir(), target)
    (target / REPORT_DIR / "08-fayuan.yaml").write_bytes(content)
    started = time.perf_counter()
    try:
        load_knowledge(target)
    except KnowledgeError as exc:
        assert exc.problems
        for problem in exc.problems:  # `path:line: message`, the path inside the copy
            path, line, message = str(problem).split(":", 2)
            assert path.endswith(".yaml") and not path.startswith("/"), problem
            assert line.isdigit() and int(line) >= 1, problem
            assert message.startswith(" ") and message.strip(), problem
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("content", _YAML_NASTIES)
def test_hostile_yaml_is_refused_clearly(tmp_path: Path, content: str) -> None:
    _load_with(tmp_path, content.encode("utf-8", "surrogatepass"))


def test_an_alias_bomb_is_refused_before_it_grows(tmp_path: Path) -> None:
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for name, previous in zip("bcdefghij", "abcdefghi", strict=True):
        bomb += f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]\n"
    _load_with(tmp_path, bomb.encode())


@FUZZ
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_as_a_knowledge_file(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    _load_with(tmp_path_factory.mktemp("bytes"), data)


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=20))
def test_mutated_knowledge_files(
    tmp_path_factory: pytest.TempPathFactory, rng: random.Random, mutations: int
) -> None:
    data = bytearray(_SEED_FILE.read_bytes())
    for _ in range(mutations):
        where = rng.randrange(len(data))
        action = rng.choice(("flip", "drop", "insert", "dup"))
        if action == "flip":
            data[where] = rng.randrange(256)
        elif action == "drop":
            del data[where : where + rng.randrange(1, 40)]
        elif action == "insert":
            data[where:where] = rng.choice(
                [
                    b":",
                    b"-",
                    b"[",
                    b"{",
                    b"&a",
                    b"*a",
                    b"\n",
                    b"  ",
                    b"!!python/name:os.system",
                    b"\xff",
                ]
            )
        else:
            data[where:where] = data[where : where + rng.randrange(1, 200)]
    _load_with(tmp_path_factory.mktemp("mutated"), bytes(data))


REPORTS = st.one_of(
    st.text(max_size=2000),
    st.lists(
        st.sampled_from(
            [
                "标题",
                "■单位",
                "■",
                "今年立案查处448人,同比上升37.8%。",
                "文/图 某某",
                "新闻推荐",
                "",
                "\x00",
                "第9",
                "三千多家",
                "1-9月份",
            ]
        ),
        max_size=40,
    ).map("\n".join),
)


@FUZZ
@given(REPORTS)
def test_any_report_text_ingests_or_is_refused(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    out = tmp_path_factory.mktemp("ingest") / "r"
    try:
        ingest_report(text, out, date="2018-12")
    except KnowledgeError as exc:
        assert exc.problems
        return
    load_knowledge(out.parent)


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01binary\xff", "标题\n" + "长" * 1_000_000, "没有小标题的一行", "■\n■\n■"],
)
def test_malformed_reports(tmp_path: Path, text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(KnowledgeError):
        ingest_report(text, tmp_path / "r", date="2018-12")
    assert time.perf_counter() - started < 5
