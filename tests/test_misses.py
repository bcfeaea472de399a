"""Misses grouped by similarity, and a suggested FAQ snippet that really answers them."""

from __future__ import annotations

import time
from pathlib import Path

from bot.answering import answer_question
from bot.index import Index, build_index
from bot.knowledge import load_knowledge
from bot.misses import group_misses, period_stats, suggest_snippet
from bot.question_log import LoggedQuestion
from tests.conftest import REPORT_DIR


def _q(
    text: str, *, answered: bool = False, up: int = 0, down: int = 0, agency: str | None = None
) -> LoggedQuestion:
    return LoggedQuestion(
        0,
        time.time(),
        text,
        answered,
        "metric" if answered else "declined",
        agency,
        None,
        0,
        up,
        down,
    )


def test_misses_are_grouped_by_similarity_most_frequent_first(index: Index) -> None:
    questions = [
        _q("法院的案子今年办完了几宗"),
        _q("法院案子今年办完了几宗?"),
        _q("法院的案子今年办完几宗"),
        _q("纪委有几个食堂"),
        _q("法院结案多少件", answered=True, down=1, agency="市第一人民法院"),
        _q("纪委立案查处多少人", answered=True, up=1, agency="市纪委监委"),
    ]
    groups = group_misses(index, questions)
    assert [g.count for g in groups] == [3, 1, 1]
    assert groups[0].declined == 3
    assert any(g.disliked == 1 for g in groups)
    assert groups[0].guess is not None and groups[0].guess.key == "fayuan-02"


def test_a_suggested_snippet_pasted_and_reloaded_answers_the_question(
    index: Index, knowledge_copy: Path
) -> None:
    question = "法院的案子今年办完了几宗"
    assert not answer_question(index, question).answered
    group = group_misses(index, [_q(question), _q(question)])[0]
    snippet = suggest_snippet(group)
    assert snippet is not None and f"{REPORT_DIR}/08-fayuan.yaml" in snippet
    path = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    entry = "\n".join(line for line in snippet.splitlines() if not line.startswith("#"))
    path.write_text(
        path.read_text(encoding="utf-8").replace("faq: []\n", f"faq:\n{entry}\n", 1), "utf-8"
    )
    reply = answer_question(build_index(load_knowledge(knowledge_copy)), question)
    assert reply.answered and "63266件" in reply.answer


def test_a_question_about_another_city_gets_no_snippet(index: Index) -> None:
    group = group_misses(index, [_q("深圳法院结案多少件")])[0]
    assert group.guess is None and suggest_snippet(group) is None


def test_period_stats_count_answers_votes_and_agencies() -> None:
    stats = period_stats(
        [
            _q("a", answered=True, agency="市纪委监委", up=2),
            _q("b", answered=True, agency="市纪委监委", down=1),
            _q("c", answered=True, agency="市委组织部"),
            _q("d"),
        ]
    )
    assert stats.asked == 4 and stats.answered == 3 and stats.answered_rate == 0.75
    assert (stats.up, stats.down) == (2, 1)
    assert stats.top_agencies[0] == ("市纪委监委", 2)
