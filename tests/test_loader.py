"""The loader returns a whole knowledge or one error naming every problem with file and line."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from tests.conftest import REPORT_DIR


def _problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(p) for p in caught.value.problems]


def _edit(path: Path, old: str, new: str) -> int:
    """Replace text in a file and return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_bundled_knowledge_loads(knowledge_copy: Path) -> None:
    knowledge = load_knowledge(knowledge_copy)
    assert len(knowledge.reports) == 1
    assert len(knowledge.agencies) == 8
    assert len(knowledge.version) == 12


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: fayuan\n", "id: [fayuan\n", "YAML syntax error"),
        ("heading: ", "headline: ", "unknown key 'headline'"),
        ("    value: 63266\n", "    colour: red\n    value: 63266\n", "unknown key 'colour'"),
        ("    value: 63266\n", "    value: lots\n", "should be a number"),
        (
            "    clause: 结案63266件",
            "    clause: 结案63267件",
            "not word for word in its paragraph",
        ),
        ("aliases: [法院,", "aliases: [纪委, 法院,", "claimed by two agencies"),
        ("id: fayuan\n", "id: jiwei\n", "agency id 'jiwei' is also used"),
        ("    rank: 9\n", "    rank: 9.5\n", "whole number"),
        ("name: 市第一人民法院\n", "name: 3\n", "should be text"),
        ("id: fayuan\n", "id: &a fayuan\n", "anchors"),
    ],
)
def test_a_broken_file_is_named_with_its_line(
    knowledge_copy: Path, old: str, new: str, message: str
) -> None:
    path = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    line = _edit(path, old, new)
    problems = _problems(knowledge_copy)
    assert any(message in p for p in problems), problems
    hit = next(p for p in problems if message in p)
    assert hit.startswith(f"{REPORT_DIR}/08-fayuan.yaml:"), hit
    if "claimed" in message or "also used" in message:
        return  # reported on the key's line, checked below for the plain cases
    assert hit.startswith(f"{REPORT_DIR}/08-fayuan.yaml:{line}:") or f"on line {line}" in hit, hit


def test_missing_key_empty_file_and_non_utf8(knowledge_copy: Path) -> None:
    folder = knowledge_copy / REPORT_DIR
    _edit(folder / "01-jiwei.yaml", "heading: ", "# heading: ")
    (folder / "02-renda.yaml").write_text("# nothing here\n", encoding="utf-8")
    (folder / "03-zhengxie.yaml").write_bytes("id: zhengxie\nname: 政协\n".encode("gb18030"))
    problems = _problems(knowledge_copy)
    assert any("01-jiwei.yaml" in p and "missing the key 'heading'" in p for p in problems)
    assert f"{REPORT_DIR}/02-renda.yaml:1: file is empty" in problems
    assert any(
        p.startswith(f"{REPORT_DIR}/03-zhengxie.yaml:2: ") and "UTF-8" in p for p in problems
    )


def test_every_problem_is_listed_at_once(knowledge_copy: Path) -> None:
    folder = knowledge_copy / REPORT_DIR
    _edit(folder / "01-jiwei.yaml", "heading: ", "headline: ")
    _edit(folder / "08-fayuan.yaml", "    value: 63266\n", "    value: lots\n")
    problems = _problems(knowledge_copy)
    assert any("01-jiwei.yaml" in p for p in problems)
    assert any("08-fayuan.yaml" in p for p in problems)


def test_an_alias_bomb_is_refused_quickly(knowledge_copy: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (knowledge_copy / REPORT_DIR / "99-bomb.yaml").write_text(bomb, encoding="utf-8")
    started = time.perf_counter()
    problems = _problems(knowledge_copy)
    assert time.perf_counter() - started < 5
    assert any("99-bomb.yaml:1:" in p and "anchors" in p for p in problems)


def test_a_symlink_out_of_the_directory_is_refused(knowledge_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text((knowledge_copy / REPORT_DIR / "08-fayuan.yaml").read_text("utf-8"), "utf-8")
    (knowledge_copy / REPORT_DIR / "09-link.yaml").symlink_to(outside)
    problems = _problems(knowledge_copy)
    assert any("outside the knowledge directory" in p for p in problems)


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    problems = _problems(tmp_path / "nowhere")
    assert "does not exist" in problems[0]


def test_faq_must_point_at_something_real(knowledge_copy: Path) -> None:
    path = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    line = _edit(path, "faq: []\n", "faq:\n- questions: [办了多少案子]\n  metric: fayuan-99\n")
    problems = _problems(knowledge_copy)
    assert any(
        p.startswith(f"{REPORT_DIR}/08-fayuan.yaml:{line + 2}:") and "fayuan-99" in p
        for p in problems
    ), problems


def test_a_copied_report_folder_is_one_line_naming_both(knowledge_copy: Path) -> None:
    shutil.copytree(knowledge_copy / REPORT_DIR, knowledge_copy / "zz-copy")
    problems = _problems(knowledge_copy)
    assert problems == [
        "zz-copy/report.yaml:6: report id 'zhongshan-2018-12' is also used by "
        f"{REPORT_DIR}/report.yaml (中山市直机关创建“当好三个表率、服务四个走在全国…); "
        "give one of the two reports another id"
    ]


def test_ids_shared_by_two_reports_are_one_line_per_pair(knowledge_copy: Path) -> None:
    shutil.copytree(knowledge_copy / REPORT_DIR, knowledge_copy / "zz-copy")
    _edit(knowledge_copy / "zz-copy" / "report.yaml", "id: zhongshan-2018-12\n", "id: other\n")
    problems = _problems(knowledge_copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith("zz-copy/report.yaml:6: 90 ids of this report are also used")
    assert f"the report in {REPORT_DIR}/report.yaml: jiwei, jiwei-01" in problems[0]


def test_reports_of_two_periods_may_name_the_same_agencies(knowledge_copy: Path) -> None:
    shutil.copytree(knowledge_copy / REPORT_DIR, knowledge_copy / "later")
    folder = knowledge_copy / "later"
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("2018-12", "2019-12").replace("year: 2018", "year: 2019")
        for agency in ("jiwei", "renda", "zhengxie", "shuiwu", "shiweiban", "zhengfuban"):
            text = text.replace(f"id: {agency}", f"id: {agency}-2019")
        text = text.replace("id: zuzhibu", "id: zuzhibu-2019").replace(
            "id: fayuan", "id: fayuan-2019"
        )
        path.write_text(text, encoding="utf-8")
    knowledge = load_knowledge(knowledge_copy)
    later, seed = knowledge.reports  # in folder order: later/ before zhongshan-2018-12/
    assert (seed.year, later.year) == (2018, 2019)
    court = seed.agencies[-1]
    assert court.aliases == later.agencies[-1].aliases
    assert [a.report_id for a in knowledge.editions(court)] == [
        "zhongshan-2019-12",
        "zhongshan-2018-12",
    ]
