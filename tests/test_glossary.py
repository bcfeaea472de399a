"""The English glossary and English aliases as knowledge: loading, checking, reloading."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli import main
from bot.knowledge import Knowledge, KnowledgeError, bundled_knowledge_dir, load_knowledge
from bot.store import KnowledgeStore
from tests.conftest import REPORT_DIR

_HAN = "\u4e00-\u9fff"


def _write_glossary(root: Path, text: str) -> Path:
    path = root / REPORT_DIR / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return [str(p) for p in caught.value.problems]


def test_the_bundled_glossary_loads_onto_the_knowledge(knowledge: Knowledge) -> None:
    assert len(knowledge.glossary) > 50
    by_phrase = {phrase: term.zh for term in knowledge.glossary for phrase in term.en}
    assert by_phrase["cases closed"] == ("结案",)
    assert by_phrase["people's livelihood observation rooms"] == ("民生观察室",)
    assert knowledge.reports[0].glossary == knowledge.glossary


def test_every_agency_has_an_official_english_name(knowledge: Knowledge) -> None:
    for agency in knowledge.agencies:
        english = [a for a in agency.aliases if a.isascii()]
        assert any(len(a.split()) >= 2 for a in english), agency.name


def test_check_accepts_the_bundled_glossary_and_aliases(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check"], {}) == 0
    out = capsys.readouterr().out
    assert "English glossary terms in 10 files" in out


def test_a_bad_glossary_entry_is_reported_with_file_and_line(knowledge_copy: Path) -> None:
    _write_glossary(
        knowledge_copy,
        "terms:\n"  # line 1
        "- {en: [cases closed], zh: 结案}\n"  # 2
        "- {en: [结案], zh: 结案}\n"  # 3: Chinese where English belongs
        "- {en: [court cases], zh: closed}\n"  # 4: English where the report's word belongs
        "- {en: [Cases  Closed], zh: 结案}\n"  # 5: the same phrasing as line 2
        "- {en: [petitions]}\n"  # 6: no Chinese
        "- {en: [letters], zh: 来信, note: x}\n"  # 7: an unknown key
        "- {en: [], zh: 信访}\n",  # 8: no English
    )
    problems = _problems(knowledge_copy)
    where = f"{REPORT_DIR}/glossary.yaml"
    assert any(p.startswith(f"{where}:3:") and "should be English" in p for p in problems)
    assert any(p.startswith(f"{where}:4:") and "Chinese word" in p for p in problems)
    assert any(p.startswith(f"{where}:5:") and "also on line 2" in p for p in problems)
    assert any(p.startswith(f"{where}:6:") and "'zh'" in p for p in problems)
    assert any(p.startswith(f"{where}:7:") and "'note'" in p for p in problems)
    assert any(p.startswith(f"{where}:8:") and "empty" in p for p in problems)
    assert len(problems) == 6


def test_a_glossary_of_the_wrong_shape_is_a_problem_not_a_crash(knowledge_copy: Path) -> None:
    _write_glossary(knowledge_copy, "- cases closed: 结案\n")
    assert _problems(knowledge_copy) == [
        f"{REPORT_DIR}/glossary.yaml:1: the glossary should be a mapping of keys to values"
    ]


def test_a_broken_glossary_keeps_the_last_good_knowledge(knowledge_copy: Path) -> None:
    store = KnowledgeStore(knowledge_copy)
    before = store.index
    _write_glossary(knowledge_copy, "terms:\n- {en: [court], zh: 法院\n")
    outcome = store.reload()
    assert not outcome.ok
    assert outcome.problems[0].startswith(f"{REPORT_DIR}/glossary.yaml:2:")
    assert store.index is before
    assert store.index.knowledge.glossary


def test_a_report_without_a_glossary_loads(knowledge_copy: Path) -> None:
    (knowledge_copy / REPORT_DIR / "glossary.yaml").unlink()
    assert load_knowledge(knowledge_copy).glossary == ()


def test_english_aliases_differing_only_in_case_are_one_name(knowledge_copy: Path) -> None:
    path = knowledge_copy / REPORT_DIR / "02-renda.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("aliases: [", 'aliases: ["COURT", ', 1), encoding="utf-8")
    problems = _problems(knowledge_copy)
    assert any("'court' is claimed by two agencies: renda and fayuan" in p for p in problems)


_YAML_PIECES = st.sampled_from(
    [
        "terms:",
        "\n",
        "- ",
        "{",
        "}",
        "[",
        "]",
        "en: ",
        "zh: ",
        "court",
        "法院",
        ", ",
        ":",
        "'",
        "  ",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_YAML_PIECES, max_size=25).map("".join))
def test_any_glossary_text_loads_or_is_reported(text: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "knowledge"
        _copy_knowledge(root)
        _write_glossary(root, text)
        try:
            knowledge = load_knowledge(root)
        except KnowledgeError as exc:
            assert all(str(p).startswith(f"{REPORT_DIR}/glossary.yaml:") for p in exc.problems)
        else:
            assert all(term.en and term.zh for term in knowledge.glossary)


def _copy_knowledge(root: Path) -> None:
    source = bundled_knowledge_dir() / REPORT_DIR
    (root / REPORT_DIR).mkdir(parents=True)
    for path in source.glob("*.yaml"):
        (root / REPORT_DIR / path.name).write_bytes(path.read_bytes())
