"""Ingest turns the seed into the committed knowledge and keeps what admins curate."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
import yaml

from bot.knowledge import KnowledgeError, bundled_knowledge_dir, ingest_report, load_knowledge
from tests.conftest import REPORT_DIR, SEED

CANONICAL = [
    "市纪委监委",
    "市人大常委会机关",
    "市政协机关",
    "中山市税务局",
    "市委办公室",
    "市政府办公室",
    "市委组织部",
    "市第一人民法院",
]


def _ingest(out: Path) -> list[Path]:
    return ingest_report(
        SEED.read_text(encoding="utf-8"),
        out,
        source=SEED.name,
        report_id="zhongshan-2018-12",
        newspaper="中山日报",
        date="2018-12",
    )


def test_fresh_ingest_gives_the_eight_agencies_and_the_lead(tmp_path: Path) -> None:
    _ingest(tmp_path / "report")
    knowledge = load_knowledge(tmp_path)
    report = knowledge.reports[0]
    assert [a.name for a in report.agencies] == CANONICAL
    assert report.year == 2018
    assert report.authors == ("黄海潮", "谭旭光", "罗月靖")
    assert report.lead[0].text.startswith("12月5日")
    assert report.speakers == ("市纪委监委",)
    assert report.place == "中山市"
    assert knowledge.metric_count == 82


def test_reingest_over_the_committed_knowledge_changes_nothing(knowledge_copy: Path) -> None:
    folder = knowledge_copy / REPORT_DIR
    _ingest(folder)
    committed = bundled_knowledge_dir() / REPORT_DIR
    names = sorted(p.name for p in committed.glob("*.yaml"))
    assert sorted(p.name for p in folder.glob("*.yaml")) == names
    _, mismatch, errors = filecmp.cmpfiles(committed, folder, names, shallow=False)
    assert mismatch == [] and errors == []


def test_reingest_keeps_curated_fields(knowledge_copy: Path) -> None:
    path = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["aliases"].append("一法")
    document["keywords"] = ["审判"]
    document["faq"] = [{"questions": ["法院办了多少案子"], "metric": "fayuan-02"}]
    document["paragraphs"][0]["metrics"][1]["aliases"] = ["结案数"]
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    _ingest(knowledge_copy / REPORT_DIR)

    again = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "一法" in again["aliases"]
    assert again["keywords"] == ["审判"]
    assert again["faq"] == [{"questions": ["法院办了多少案子"], "metric": "fayuan-02"}]
    assert again["paragraphs"][0]["metrics"][1]["aliases"] == ["结案数"]
    load_knowledge(knowledge_copy)


def test_ingest_is_deterministic(tmp_path: Path) -> None:
    _ingest(tmp_path / "a")
    _ingest(tmp_path / "b")
    names = sorted(p.name for p in (tmp_path / "a").glob("*.yaml"))
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, shallow=False)
    assert mismatch == [] and errors == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the report is empty"),
        ("只有一个标题\n没有小标题的正文。", "no sections"),
        ("标题\n■某单位\n", "has no paragraphs"),
        ("标题\x00\n■x\n正文", "not text"),
    ],
)
def test_malformed_reports_are_refused_clearly(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        ingest_report(text, tmp_path / "r", date="2018-12")


def test_ingest_needs_a_date(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="--date"):
        ingest_report(SEED.read_text(encoding="utf-8"), tmp_path / "r")
