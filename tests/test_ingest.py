"""Ingest turns the seed, as text, Word or PDF, into the committed knowledge; ids by place and date."""

from __future__ import annotations

import contextlib
import filecmp
import io
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.index import build_index
from bot.knowledge import (
    Knowledge,
    KnowledgeError,
    bundled_knowledge_dir,
    ingest_report,
    load_knowledge,
)
from tests.conftest import REPORT_DIR, SEED
from tests.report_files import (
    write_city_report,
    write_docx,
    write_pdf,
    write_report_2019,
    write_scanned_pdf,
)

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
    # The report's towns, listed by hand, stay too.
    report = yaml.safe_load((knowledge_copy / REPORT_DIR / "report.yaml").read_text("utf-8"))
    assert "小榄" in report["towns"]
    assert "石岐" in load_knowledge(knowledge_copy).reports[0].towns


def test_ingest_is_deterministic(tmp_path: Path) -> None:
    # Two knowledge folders: side by side in one, the two would be one report twice.
    _ingest(tmp_path / "a" / "report")
    _ingest(tmp_path / "b" / "report")
    a, b = tmp_path / "a" / "report", tmp_path / "b" / "report"
    names = sorted(p.name for p in a.glob("*.yaml"))
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
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


def test_a_date_written_in_chinese_is_taken(tmp_path: Path) -> None:
    ingest_report(SEED.read_text(encoding="utf-8"), tmp_path / "r", date="2018年12月")
    assert load_knowledge(tmp_path).reports[0].date == "2018-12"


def test_ingest_needs_a_date(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="--date"):
        ingest_report(SEED.read_text(encoding="utf-8"), tmp_path / "r")


def _figures(knowledge: Knowledge) -> list[tuple[object, ...]]:
    """Every figure of a knowledge with everything about it but its id."""
    found: list[tuple[object, ...]] = []
    for report in knowledge.reports:
        owners = [("(lead)", report.lead)] + [(a.name, a.paragraphs) for a in report.agencies]
        for owner, paragraphs in owners:
            for paragraph in paragraphs:
                for m in paragraph.metrics:
                    what = (m.label, m.value, m.unit, m.qualifier, m.period, m.comparison)
                    found.append((owner, *what, m.rank, m.clause))
    return found


@pytest.fixture(scope="module")
def report_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Write the seed once as each kind of file."""
    folder = tmp_path_factory.mktemp("files")
    return {
        "txt": SEED,
        "docx-styles": write_docx(folder / "styles.docx"),
        "docx-plain": write_docx(folder / "plain.docx", headings="marks"),
        "docx-bold": write_docx(folder / "bold.docx", headings="bold"),
        "pdf": write_pdf(folder / "seed.pdf"),
    }


def _cli_ingest(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["ingest", *args], {})
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("kind", ["docx-styles", "docx-plain", "docx-bold", "pdf"])
def test_word_and_pdf_give_the_same_agencies_and_figures_as_the_text(
    tmp_path: Path, report_files: dict[str, Path], kind: str
) -> None:
    text_dir, other_dir = tmp_path / "text", tmp_path / kind
    status, _, err = _cli_ingest(
        str(SEED), "--out", str(text_dir / "r"), "--newspaper", "中山日报", "--date", "2018-12"
    )
    assert status == 0, err
    status, out, err = _cli_ingest(str(report_files[kind]), "--out", str(other_dir / "r"))
    assert status == 0, err
    assert "中山日报, 2018-12-10; report zhongshan-2018-12, 8 agencies" in out

    text, other = load_knowledge(text_dir), load_knowledge(other_dir)
    assert [a.name for a in other.reports[0].agencies] == CANONICAL
    assert [a.id for a in other.agencies] == [a.id for a in text.agencies]
    assert [a.heading for a in other.agencies] == [a.heading for a in text.agencies]
    assert _figures(other) == _figures(text)
    assert other.metric_count == 82
    assert other.reports[0].newspaper == "中山日报" and other.reports[0].year == 2018


def test_ids_come_from_place_and_month_whatever_the_folder(tmp_path: Path) -> None:
    write_city_report(tmp_path, "佛山")
    report = load_knowledge(tmp_path).reports[0]
    assert report.id == "foshan-2018-12"
    assert [a.id for a in report.agencies][:2] == [
        "foshan-2018-12-sjwjw",
        "foshan-2018-12-srdcwhjg",
    ]
    assert report.agencies[-1].metrics[0].id == "foshan-2018-12-sdyrmfy-01"


def test_reports_in_chinese_named_folders_load_side_by_side(tmp_path: Path) -> None:
    write_city_report(tmp_path, "佛山")
    write_city_report(tmp_path, "珠海")
    knowledge = load_knowledge(tmp_path)
    assert [r.id for r in knowledge.reports] == ["foshan-2018-12", "zhuhai-2018-12"]
    assert [r.place for r in knowledge.reports] == ["佛山市", "珠海市"]
    ids = [a.id for a in knowledge.agencies]
    assert len(ids) == len(set(ids)) == 16
    assert knowledge.metric_count == 2 * 82


def test_the_same_report_twice_is_one_line_naming_both(tmp_path: Path) -> None:
    write_city_report(tmp_path, "佛山")
    with pytest.raises(KnowledgeError) as caught:
        write_city_report(tmp_path, "佛山", folder="佛山2")
    assert len(caught.value.problems) == 1
    line = str(caught.value)
    assert "佛山2/report.yaml" in line and "佛山/report.yaml" in line
    assert "'foshan-2018-12'" in line and "--id" in line
    assert not (tmp_path / "佛山2").exists()
    text = SEED.read_text(encoding="utf-8").replace("中山", "佛山")
    ingest_report(text, tmp_path / "佛山2", date="2018-12", report_id="foshan-2018-12-b")
    assert len(load_knowledge(tmp_path).reports) == 2


def test_a_report_beside_the_seed_cannot_reuse_its_curated_ids(knowledge_copy: Path) -> None:
    copy = knowledge_copy / "copy"
    shutil.copytree(knowledge_copy / REPORT_DIR, copy)
    with pytest.raises(KnowledgeError) as caught:
        _ingest(copy)  # keeps the copied ids: fayuan, jiwei …
    assert len(caught.value.problems) == 1
    assert f"{REPORT_DIR}/report.yaml" in str(caught.value)


def test_a_synthetic_2019_report_loads_beside_the_seed(knowledge_copy: Path) -> None:
    folder = write_report_2019(knowledge_copy)
    knowledge = load_knowledge(knowledge_copy)
    seed, later = knowledge.reports
    assert (seed.id, later.id) == (REPORT_DIR, "zhongshan-2019-12")
    assert (seed.year, later.year, later.place) == (2018, 2019, seed.place)
    assert [a.name for a in later.agencies] == CANONICAL
    assert [a.aliases for a in later.agencies] == [a.aliases for a in seed.agencies]
    assert knowledge.metric_count == 2 * 82
    court = {r.id: r.agencies[-1].metrics[1] for r in knowledge.reports}
    assert (court[REPORT_DIR].value, court["zhongshan-2019-12"].value) == (63266, 69593)
    assert knowledge.editions(later.agencies[-1]) == (later.agencies[-1], seed.agencies[-1])
    assert folder.name == "zhongshan-2019-12"
    build_index(knowledge)


def test_the_cli_asks_at_a_terminal_for_what_the_document_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdin", Terminal("2018-12\n中山日报\n"))
    status, out, err = _cli_ingest(str(SEED), "--out", str(tmp_path / "r"))
    assert status == 0, err
    assert f"{SEED.name}: its publication date? (e.g. 2018-12)" in out
    assert "its newspaper? (e.g. 中山日报)" in out and "中山日报, 2018-12;" in out


def test_the_cli_says_what_is_missing_when_it_cannot_ask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    status, _, err = _cli_ingest(str(SEED), "--out", str(tmp_path / "r"))
    assert status == 1
    assert err == (
        f"{SEED}: it does not say its publication date or newspaper; "
        "give: --date 2018-12 --newspaper 中山日报\n"
    )
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("maker", "reason"),
    [
        (lambda p: write_scanned_pdf(p / "scan.pdf"), "no text layer"),
        (lambda p: write_pdf(p / "locked.pdf", password="pw"), "password-protected"),
    ],
)
def test_an_unreadable_file_is_one_line_and_nothing_is_written(
    tmp_path: Path, maker: Callable[[Path], Path], reason: str
) -> None:
    path = maker(tmp_path)
    status, out, err = _cli_ingest(
        str(path), "--out", str(tmp_path / "k" / "r"), "--date", "2018-12"
    )
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"{path}: ") and reason in err
    assert not (tmp_path / "k").exists()
