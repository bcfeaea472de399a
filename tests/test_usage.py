"""Usage at a glance: figures by day and outcome, the chart, and the log as CSV and xlsx."""

from __future__ import annotations

import csv
import io
import logging
import sqlite3
import struct
import subprocess
import sys
import time
import warnings
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot import usage as usage_module
from bot.cli import main
from bot.question_log import LoggedQuestion, LogReader, QuestionLog, QuestionRecord, new_question_id
from bot.usage import (
    EXPORT_COLUMNS,
    Usage,
    cjk_font,
    export_csv,
    export_xlsx,
    read_usage,
    render_chart,
    usage_caption,
    usage_from,
)
from tests.conftest import ROOT
from tests.synthetic_log import write_log

NOON = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0).timestamp()


def _record(
    log: QuestionLog,
    question: str,
    *,
    at: float,
    answered: bool = True,
    kind: str = "metric",
    agency: str | None = "市纪委监委",
    user: int = 1,
    channel: str = "telegram",
) -> int:
    question_id = new_question_id()
    log.record(
        QuestionRecord(
            id=question_id,
            at=at,
            chat_type="private",
            user_hash=log.user_hash(user),
            question=question,
            answered=answered,
            kind=kind,
            agency=agency,
            figure="jiwei-01" if answered else None,
            score=80 if answered else 20,
            knowledge_version="v1",
            channel=channel,
        )
    )
    return question_id


@pytest.fixture()
def small_log(tmp_path: Path) -> Path:
    """A hand-made log: two days of known outcomes and votes, one question too old."""
    log = QuestionLog(tmp_path)
    yesterday = NOON - 86400
    first = _record(log, "纪委立案多少人", at=yesterday)
    _record(log, "纪委立案多少人", at=yesterday + 60, answered=False, kind="partial")
    _record(log, "深圳房价", at=yesterday + 120, answered=False, kind="declined", agency=None)
    second = _record(log, "法院结案多少件", at=NOON, agency="市第一人民法院", channel="wecom")
    _record(log, "法院结案多少件?", at=NOON + 1, agency="市第一人民法院")
    _record(log, "很久以前", at=NOON - 40 * 86400)
    log.vote(first, 7, +1)
    log.vote(first, 8, +1)
    log.vote(second, 7, -1)
    log.flush()
    log.close()
    return tmp_path / "questions.sqlite3"


def _png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_figures_are_counted_by_day_outcome_agency_and_vote(small_log: Path) -> None:
    usage = usage_from(small_log, days=7, now=NOON + 3600)
    assert len(usage.per_day) == 7 and usage.per_day[-1].day == datetime.fromtimestamp(NOON).date()
    yesterday, today = usage.per_day[-2], usage.per_day[-1]
    assert (yesterday.answered, yesterday.partial, yesterday.declined) == (1, 1, 1)
    assert (today.answered, today.partial, today.declined) == (2, 0, 0)
    assert sum(d.total for d in usage.per_day[:-2]) == 0  # the old question is outside
    assert (usage.asked, usage.answered, usage.partial, usage.declined) == (5, 3, 1, 1)
    assert usage.answered_rate == pytest.approx(0.6)
    assert usage.top_agencies == (("市纪委监委", 2), ("市第一人民法院", 2))
    assert (usage.up, usage.down) == (2, 1)
    caption = usage_caption(usage)
    assert "提问 5 个" in caption and "回答率 60%" in caption and "部分回答 1 个" in caption
    assert "👍 2 / 👎 1" in caption and len(caption) <= 1024


def test_an_empty_period_says_so(small_log: Path) -> None:
    usage = usage_from(small_log, days=1, now=NOON + 100 * 86400)
    assert usage.asked == 0 and "没有提问记录" in usage_caption(usage)


def test_the_chart_is_a_png_of_sensible_size_for_a_generated_log(tmp_path: Path) -> None:
    path = write_log(tmp_path, questions=600)
    with LogReader(path) as reader:
        usage = read_usage(reader)
    assert usage.asked > 500
    png = render_chart(usage)
    width, height = _png_size(png)
    assert 600 <= width <= 2000 and 400 <= height <= 2000  # Telegram shows it whole
    assert 10_000 < len(png) < 1_000_000
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.verify()  # every chunk's CRC


def _chinese_agencies() -> Usage:
    today = datetime.now().date()
    days = tuple(
        usage_module.DayCount(today - timedelta(days=n), 3, 1, 2) for n in range(6, -1, -1)
    )
    return Usage(7, days, (("市第一人民法院", 20), ("市纪委监委", 9)), 4, 1)


def test_without_a_chinese_font_the_chart_spells_pinyin_and_warns_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.INFO):
        warnings.simplefilter("always")
        png = render_chart(_chinese_agencies(), font=None)
    assert _png_size(png) == (1000, 700)
    assert not [w for w in caught if "Glyph" in str(w.message)], caught[:3]
    assert not [r for r in caplog.records if r.name.startswith("matplotlib")]


@pytest.mark.skipif(cjk_font() is None, reason="no font with Chinese glyphs on this machine")
def test_with_a_chinese_font_the_chart_draws_chinese_and_warns_nothing() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = render_chart(_chinese_agencies())
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert _png_size(png) == (1000, 700)


def test_the_readme_chart_is_a_small_valid_png() -> None:
    png = (ROOT / "tests" / "assets" / "stats-chart.png").read_bytes()
    assert _png_size(png) == (1000, 700) and len(png) < 200_000
    assert "tests/assets/stats-chart.png" in (ROOT / "README.md").read_text("utf-8")


def _rows() -> list[LoggedQuestion]:
    at = NOON
    return [
        LoggedQuestion(1, at, "private", "a1", "法院今年结案多少件", True, "metric",
                       "市第一人民法院", "fayuan-02", 92, "v1", "telegram", up=1, down=0),
        LoggedQuestion(2, at + 1, "group", "b2", '纪委,"立案"\n多少人', False, "partial",
                       "市纪委监委", "jiwei-01", 55, "v1", "wecom", up=0, down=2),
        LoggedQuestion(3, at + 2, "supergroup", "c3", "=HYPERLINK(\"x\")", False,
                       "declined", None, None, 0, "v1", "telegram"),
        LoggedQuestion(4, at + 3, "private", "d4", "税务\x07局", True, "metric",
                       "中山市税务局", "shuiwu-01", 70, "v1", "telegram"),
    ]  # fmt: skip


def test_the_csv_round_trips_through_the_csv_module_with_chinese_intact() -> None:
    out = io.StringIO()
    assert export_csv(_rows(), out) == 4
    text = out.getvalue()
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert table[0] == list(EXPORT_COLUMNS)
    assert table[1] == [
        datetime.fromtimestamp(NOON).strftime("%Y-%m-%d %H:%M:%S"),
        "telegram", "private", "a1", "法院今年结案多少件", "1", "metric",
        "市第一人民法院", "fayuan-02", "92", "1", "0",
    ]  # fmt: skip
    assert table[2][4] == '纪委,"立案"\n多少人' and table[2][6] == "partial"
    assert table[3][4] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, never runs it
    assert table[3][7] == table[3][8] == ""


def test_the_xlsx_opens_with_openpyxl_with_the_same_rows() -> None:
    out = io.StringIO()
    export_csv(_rows(), out)
    from_csv = list(csv.reader(io.StringIO(out.getvalue()[1:], newline="")))
    book = io.BytesIO()
    assert export_xlsx(_rows(), book) == 4
    sheet = load_workbook(book).active
    assert sheet is not None and sheet.title == "questions"
    from_xlsx = [
        [
            v.strftime("%Y-%m-%d %H:%M:%S")
            if isinstance(v, datetime)
            else ("" if v is None else str(v))
            for v in row
        ]
        for row in sheet.iter_rows(values_only=True)
    ]
    from_csv[3][4] = from_csv[3][4].removeprefix("'")  # xlsx marks it text instead
    from_csv[4][4] = "税务局"  # a control character Excel cannot hold is dropped
    assert from_xlsx == from_csv
    assert sheet["E4"].data_type == "s"  # text, not a formula


def test_an_export_past_excels_row_limit_goes_on_to_a_next_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(usage_module, "XLSX_MAX_ROWS", 4)  # the header and three rows a sheet
    book = io.BytesIO()
    assert export_xlsx(_rows() * 2, book) == 8
    workbook = load_workbook(book)
    assert workbook.sheetnames == ["questions", "questions 2", "questions 3"]
    assert [workbook[name].max_row for name in workbook.sheetnames] == [4, 4, 3]


def test_a_sheet_whose_xml_nears_the_zip_limit_goes_on_to_a_next_sheet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(usage_module, "_CHUNK_ROWS", 2)  # the size is checked every two rows
    monkeypatch.setattr(usage_module, "_SHEET_BYTES", 1)  # and any size is too big
    book = io.BytesIO()
    assert export_xlsx(_rows() * 2, book) == 8
    workbook = load_workbook(book)
    assert [workbook[name].max_row for name in workbook.sheetnames] == [3, 3, 3, 3]
    with zipfile.ZipFile(book) as archive:  # no part needs ZIP64 (zip 4.5), which Excel repairs
        assert max(info.extract_version for info in archive.infolist()) < 45


def test_xlsx_text_keeps_markup_characters_spaces_and_line_ends() -> None:
    question = " <b>A&B</b> 多少?\r\n第二行 "
    row = LoggedQuestion(5, NOON, "private", "e5", question, False, "declined",
                         "R&D <部门>", None, 0, "v1", "telegram")  # fmt: skip
    book = io.BytesIO()
    assert export_xlsx([row, row], book) == 2
    sheet = load_workbook(book).active
    assert sheet is not None
    assert [sheet["E2"].value, sheet["H2"].value, sheet["I2"].value] == [
        question,
        "R&D <部门>",
        None,
    ]
    assert sheet["J3"].value == 0 and sheet.max_row == 3
    with zipfile.ZipFile(book) as archive:  # Excel trims a cell's end spaces without this
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<t xml:space="preserve"> &lt;b&gt;A&amp;B' in xml


def test_an_empty_log_is_a_workbook_with_the_header_alone() -> None:
    book = io.BytesIO()
    assert export_xlsx([], book) == 0
    sheet = load_workbook(book).active
    assert sheet is not None
    assert list(sheet.iter_rows(values_only=True)) == [EXPORT_COLUMNS]


def test_an_old_log_gains_the_channel_column_and_keeps_its_rows(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "questions.sqlite3")
    db.executescript(
        """
        CREATE TABLE questions (id INTEGER PRIMARY KEY, at REAL NOT NULL, chat_type TEXT NOT NULL,
            user_hash TEXT NOT NULL, question TEXT NOT NULL, answered INTEGER NOT NULL,
            kind TEXT NOT NULL, agency TEXT, figure TEXT, score INTEGER NOT NULL,
            knowledge_version TEXT NOT NULL);
        CREATE TABLE votes (question_id INTEGER NOT NULL, user_hash TEXT NOT NULL,
            vote INTEGER NOT NULL, at REAL NOT NULL, PRIMARY KEY (question_id, user_hash));
        """
    )
    db.execute(
        "INSERT INTO questions VALUES (1, ?, 'private', 'h', '旧问题', 1, 'metric', NULL, NULL,"
        " 90, 'v0')",
        (time.time(),),
    )
    db.commit()
    db.close()
    with LogReader(tmp_path / "questions.sqlite3") as reader:  # read before any migration
        assert [r.channel for r in reader.rows(since=0)] == ["telegram"]
    log = QuestionLog(tmp_path)
    _record(log, "新问题", at=time.time(), channel="wecom")
    log.flush()
    log.close()
    with LogReader(tmp_path / "questions.sqlite3") as reader:
        assert [(r.question, r.channel) for r in reader.rows(since=0)] == [
            ("旧问题", "telegram"),
            ("新问题", "wecom"),
        ]


def test_stats_and_export_on_the_command_line(
    small_log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"REPORTBOT_DATA": str(small_log.parent)}
    png = tmp_path / "chart.png"
    assert main(["stats", "--days", "7", "--png", str(png)], env) == 0
    text = capsys.readouterr().out
    assert "5 questions, 3 answered (60%), 1 partial, 1 declined" in text
    assert "👍 2 / 👎 1" in text and "chart written" in text
    assert _png_size(png.read_bytes()) == (1000, 700)

    book = tmp_path / "log.xlsx"
    assert main(["export", "--out", str(book)], env) == 0
    rows = list(load_workbook(book).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert len(rows) == 7 and rows[0] == EXPORT_COLUMNS
    assert (
        main(["export", "--days", "7", "--format", "csv", "--out", str(tmp_path / "w.csv")], env)
        == 0
    )
    table = list(csv.reader((tmp_path / "w.csv").open(encoding="utf-8-sig", newline="")))
    assert len(table) == 6 and {r[1] for r in table[1:]} == {"telegram", "wecom"}
    assert not list(tmp_path.glob("*.part"))

    assert main(["export", "--format", "xlsx"], env) == 2  # a workbook needs a file
    assert main(["stats"], {"REPORTBOT_DATA": str(tmp_path / "none")}) == 0
    assert "no question log" in capsys.readouterr().out


def test_export_to_stdout_is_utf8_csv_with_a_bom(small_log: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "export"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
        env={"REPORTBOT_DATA": str(small_log.parent), "PATH": "/usr/bin:/bin", "LC_ALL": "C"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(done.stdout.decode("utf-8-sig"), newline="")))
    assert table[0] == list(EXPORT_COLUMNS) and len(table) == 7
    assert "法院结案多少件?" in {row[4] for row in table}
    votes = {(row[4], row[5]): (row[10], row[11]) for row in table[1:]}
    assert votes[("纪委立案多少人", "1")] == ("2", "0")
    assert votes[("法院结案多少件", "1")] == ("0", "1")
    assert [row[0] for row in table[1:]] == sorted(row[0] for row in table[1:])  # oldest first
    raw_ids = {"7", "8"}  # the voters' ids never appear, only salted hashes
    assert not raw_ids & {row[3] for row in table[1:]}


def test_the_bot_starts_without_importing_the_plotting_library() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, bot.cli, bot.telegram_bot, bot.usage; "
            "print(sorted(m for m in ('matplotlib', 'openpyxl', 'numpy') if m in sys.modules))",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "[]"


def _counts(reader: LogReader) -> list[tuple[float, str, int, int]]:
    return sorted((q, agency or "", o, n) for q, agency, o, n in reader.outcome_counts(since=0))


def test_the_tallies_agree_with_the_questions_after_a_prune_and_a_migration(
    tmp_path: Path,
) -> None:
    path = write_log(tmp_path, questions=300, days=120)
    with LogReader(path) as reader:
        kept = _counts(reader)
        reader._tallies = False  # the same question, answered by a scan of the table
        assert _counts(reader) == kept
    old = sqlite3.connect(path)  # as a log of the version before: no tallies
    old.executescript("DROP TABLE tallies; DROP TRIGGER tally_insert; DROP TRIGGER tally_delete")
    old.close()
    log = QuestionLog(tmp_path, keep_days=60)  # migrates, then prunes the older half
    time.sleep(0.5)
    log.flush()
    log.close()
    with LogReader(path) as reader:
        pruned = _counts(reader)
        assert 0 < sum(n for *_, n in pruned) < sum(n for *_, n in kept)
        assert min(quarter for quarter, *_ in pruned) >= time.time() - 61 * 86400
        reader._tallies = False
        assert _counts(reader) == pruned
