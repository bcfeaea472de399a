"""Misses grouped by similarity, and a suggested FAQ snippet that really answers them."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.answering import answer_question, best_guess
from bot.cli import main
from bot.index import Index, build_index
from bot.knowledge import KnowledgeError, load_knowledge
from bot.misses import group_misses, guess_label, suggest_snippet
from bot.question_log import LoggedQuestion, QuestionLog, QuestionRecord, new_question_id
from tests.conftest import REPORT_DIR


def _q(
    text: str,
    *,
    answered: bool = False,
    up: int = 0,
    down: int = 0,
    agency: str | None = None,
    figure: str | None = None,
    kind: str | None = None,
) -> LoggedQuestion:
    return LoggedQuestion(
        id=0,
        at=time.time(),
        chat_type="private",
        user_hash="h",
        question=text,
        answered=answered,
        kind=kind or ("metric" if answered else "declined"),
        agency=agency,
        figure=figure,
        score=0,
        knowledge_version="v1",
        up=up,
        down=down,
    )


def test_misses_are_grouped_by_similarity_most_frequent_first(index: Index) -> None:
    questions = [
        _q("法院今年完结几宗卷宗"),
        _q("法院今年完结了几宗卷宗?"),
        _q("法院今年完结几宗卷宗呢"),
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
    question = "法院今年完结几宗卷宗"
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


def test_a_thumbs_down_is_never_suggested_back_as_the_answer(
    index: Index, knowledge_copy: Path
) -> None:
    # A new user asks how many people an office has; the bot leans to an unrelated figure
    # of that office, and the user taps 👎 on it.
    question = "市委办公室有几个人"
    disliked = best_guess(index, question)
    assert disliked is not None and disliked.metric is not None
    logged = _q(question, answered=True, down=1, agency="市委办公室", figure=disliked.key)
    group = group_misses(index, [logged, logged])[0]
    assert group.disliked == 2 and group.disliked_entries == {disliked.key: 2}
    assert group.guess is None or group.guess.key != disliked.key
    assert disliked.metric.label in group.disliked_label  # what /misses shows as disliked
    snippet = suggest_snippet(group)
    assert snippet is not None
    entry = "\n".join(line for line in snippet.splitlines() if not line.startswith("#"))
    assert disliked.key not in entry
    if group.guess is None:
        assert "may not hold the answer" in snippet
        # Pasted as it stands, the entry without a target is refused, never served.
        assert disliked.agency is not None
        path = knowledge_copy / disliked.agency.source
        text = path.read_text(encoding="utf-8")
        assert "faq: []\n" in text
        path.write_text(text.replace("faq: []\n", f"faq:\n{entry}\n", 1), "utf-8")
        try:
            load_knowledge(knowledge_copy)
        except KnowledgeError as exc:
            assert path.name in str(exc)
        else:
            raise AssertionError("an FAQ entry without a target was accepted")


def test_a_thumbs_down_group_falls_back_to_the_next_best_candidate(index: Index) -> None:
    question = "办公室多少"  # answered with the best guess, the others offered
    reply = answer_question(index, question)
    alternatives = [s.id for s in reply.suggestions if s.id in index.entries_by_key]
    first = best_guess(index, question)
    assert first is not None and alternatives
    group = group_misses(index, [_q(question, answered=True, down=1, figure=first.key)])[0]
    assert group.guess is not None and group.guess.key == alternatives[0] != first.key
    snippet = suggest_snippet(group)
    assert snippet is not None and first.key not in snippet.split("- questions:")[1]


def test_partial_answers_are_misses_counted_apart(index: Index) -> None:
    groups = group_misses(
        index,
        [_q("法院去年结案多少件", kind="partial"), _q("法院去年结案多少件?", kind="partial")],
    )
    assert [(g.count, g.partial, g.declined) for g in groups] == [(2, 2, 0)]


def test_the_misses_command_shows_the_disliked_answer_and_never_suggests_it(
    index: Index, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "市委办公室有几个人"
    disliked = best_guess(index, question)
    assert disliked is not None
    log = QuestionLog(tmp_path)
    question_id = new_question_id()
    log.record(
        QuestionRecord(
            question_id, time.time(), "private", log.user_hash(5), question, True, "metric",
            "市委办公室", disliked.key, 51, "v1",
        )
    )  # fmt: skip
    log.vote(question_id, 5, -1)
    log.flush()
    log.close()
    env = {"REPORTBOT_DATA": str(tmp_path)}
    assert main(["misses"], env) == 0
    listing = capsys.readouterr().out
    assert question in listing and f"👎 on: {guess_label(disliked)}" in listing
    assert main(["misses", "--suggest"], env) == 0
    snippet = capsys.readouterr().out
    entry = "\n".join(line for line in snippet.splitlines() if not line.startswith("#"))
    assert question in entry and disliked.key not in entry
