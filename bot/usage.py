"""Usage at a glance: the log's figures for a period, a PNG chart of them, the log as CSV/xlsx.

Everything streams from SQLite: the figures come from one grouped query, and an export
writes row by row, so a log of a million questions holds one batch in memory at a time.
matplotlib is imported only when a chart is drawn, so the bot's start-up does not pay for
it; a workbook is SpreadsheetML written here as it streams, into the standard library's zip.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import threading
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import chain
from pathlib import Path
from typing import IO, Any, Literal

from bot.question_log import LoggedQuestion, LogReader

__all__ = [
    "DEFAULT_DAYS",
    "EXPORT_COLUMNS",
    "DayCount",
    "Usage",
    "cjk_font",
    "export_csv",
    "export_xlsx",
    "read_usage",
    "render_chart",
    "usage_caption",
    "usage_from",
    "usage_text",
]

logger = logging.getLogger(__name__)

DEFAULT_DAYS = 30
TOP_AGENCIES = 8
EXPORT_COLUMNS = (
    "time",
    "channel",
    "chat_type",
    "user",
    "question",
    "answered",
    "kind",
    "agency",
    "figure",
    "score",
    "up",
    "down",
)
# Excel opens at most this many rows a sheet (the header included); more go on a next sheet.
XLSX_MAX_ROWS = 1_048_576
# Families with Chinese glyphs, best first: Debian's fonts-noto-cjk and fonts-wqy-*, then
# what macOS and Windows ship.
_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
)
# File names worth opening when matplotlib's cached font list predates the font's install.
_CJK_FILE = re.compile(
    r"cjk|wqy|wenquanyi|sourcehan|droidsansfallback|uming|ukai|simhei|msyh|pingfang", re.I
)
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The workbook is SpreadsheetML (ECMA-376) written as text: a sheet a part of the zip, streamed.
# Deflate level 1: on 100,000 questions level 6 (zipfile's default) took about a third more
# CPU for a file a fifth smaller.
_XLSX_COMPRESSION = 1
# A sheet's part stays under zipfile's 2 GiB without ZIP64 (Excel asks to repair the ZIP64
# parts Python writes): past this many bytes of XML the rows go on to a next sheet. A chunk
# of rows is at most some megabytes, as the log keeps 2,000 characters of a question.
_SHEET_BYTES = 2**31 - 2**27
_CHUNK_ROWS = 1024
_UNIX_EPOCH_DAY = 25569  # 1970-01-01 as a spreadsheet day number
_XML_UNSAFE = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_SHEET_TYPE = f"{_OFFICE_TYPE}.worksheet+xml"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_START = (
    f'{_DECLARATION}<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView>'
    '</sheetViews><cols><col min="1" max="1" width="20" customWidth="1"/>'
    '<col min="5" max="5" width="40" customWidth="1"/></cols><sheetData>'
)
_HEADER_ROW = (
    '<row r="1">'
    + "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for column, name in zip("ABCDEFGHIJKL", EXPORT_COLUMNS, strict=True)
    )
    + "</row>"
)
_SHEET_END = "</sheetData></worksheet>"
_CONTENT_TYPES = (
    f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE_TYPE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE_TYPE}.styles+xml"/>'
    "{sheets}</Types>"
)
_ROOT_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
    "<sheets>{sheets}</sheets></workbook>"
)
_WORKBOOK_RELS = (
    f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELS}">{{sheets}}'
    f'<Relationship Id="{{styles}}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
)
# Style 1 shows a day number as a local date and time; the rest is what Excel expects to find.
_STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_COLOURS = {"answered": "#2e7d32", "partial": "#f9a825", "declined": "#c62828", "bar": "#1565c0"}
_CHART_LOCK = threading.Lock()  # rcParams are global: one chart at a time


@dataclass(frozen=True, slots=True)
class DayCount:
    """Questions of one local day, by outcome."""

    day: date
    answered: int = 0
    partial: int = 0
    declined: int = 0

    @property
    def total(self) -> int:
        """Return the questions of the day."""
        return self.answered + self.partial + self.declined


@dataclass(frozen=True, slots=True)
class Usage:
    """The log's figures for the last `days` local days, today included."""

    days: int
    per_day: tuple[DayCount, ...]
    top_agencies: tuple[tuple[str, int], ...]
    up: int
    down: int

    @property
    def asked(self) -> int:
        """Return the questions of the period."""
        return sum(d.total for d in self.per_day)

    @property
    def answered(self) -> int:
        """Return the questions answered."""
        return sum(d.answered for d in self.per_day)

    @property
    def partial(self) -> int:
        """Return the questions whose topic the report covers but not the condition asked."""
        return sum(d.partial for d in self.per_day)

    @property
    def declined(self) -> int:
        """Return the questions declined."""
        return sum(d.declined for d in self.per_day)

    @property
    def answered_rate(self) -> float:
        """Return the share of questions answered."""
        return self.answered / self.asked if self.asked else 0.0


def period_start(days: int, *, now: float | None = None) -> float:
    """Return the time local midnight was `days - 1` days before today."""
    today = datetime.fromtimestamp(time.time() if now is None else now).date()
    return datetime.combine(today - timedelta(days=days - 1), datetime.min.time()).timestamp()


def read_usage(
    reader: LogReader,
    *,
    days: int = DEFAULT_DAYS,
    now: float | None = None,
    top: int = TOP_AGENCIES,
) -> Usage:
    """Count the questions of the last `days` days by day and outcome, agencies and votes."""
    since = period_start(days, now=now)
    first = datetime.fromtimestamp(since).date()
    by_day: dict[str, list[int]] = {}
    agencies: Counter[str] = Counter()
    days_of: dict[float, str] = {}
    for quarter, agency, outcome, count in reader.outcome_counts(since=since):
        day = days_of.get(quarter)
        if day is None:
            day = days_of[quarter] = datetime.fromtimestamp(quarter).date().isoformat()
        by_day.setdefault(day, [0, 0, 0])[outcome] += count
        if agency:
            agencies[agency] += count
    up, down = reader.vote_counts(since=since)
    per_day = tuple(
        DayCount(day, *by_day.get(day.isoformat(), (0, 0, 0)))
        for day in (first + timedelta(days=n) for n in range(days))
    )
    return Usage(days, per_day, tuple(agencies.most_common(top)), up, down)


def usage_from(path: Path, *, days: int = DEFAULT_DAYS, now: float | None = None) -> Usage:
    """Read the figures of the last `days` days from a log file."""
    with LogReader(path) as reader:
        return read_usage(reader, days=days, now=now)


def usage_text(usage: Usage) -> str:
    """Return the figures as plain text, a line a day, for `reportbot stats`."""
    first, last = usage.per_day[0].day, usage.per_day[-1].day
    if not usage.asked:
        return f"no questions in the last {usage.days} days ({first} to {last})"
    top = ", ".join(f"{name} {count}" for name, count in usage.top_agencies) or "none"
    lines = [
        f"last {usage.days} days ({first} to {last}): {usage.asked} questions, "
        f"{usage.answered} answered ({usage.answered_rate:.0%}), {usage.partial} partial, "
        f"{usage.declined} declined",
        f"votes: 👍 {usage.up} / 👎 {usage.down}",
        f"most asked: {top}",
        "",
        "day         answered  partial  declined",
    ]
    lines += [f"{d.day}  {d.answered:>8}  {d.partial:>7}  {d.declined:>8}" for d in usage.per_day]
    return "\n".join(lines)


def usage_caption(usage: Usage) -> str:
    """Return the totals and the answered rate in Chinese, short enough for a photo caption."""
    first, last = usage.per_day[0].day, usage.per_day[-1].day
    period = f"近{usage.days}天({first:%m-%d} 至 {last:%m-%d})"
    if not usage.asked:
        return f"{period}没有提问记录。"
    top = "、".join(f"{name} {count}" for name, count in usage.top_agencies[:5]) or "无"
    return (
        f"{period}:提问 {usage.asked} 个,回答 {usage.answered} 个"
        f"(回答率 {usage.answered_rate:.0%}),部分回答 {usage.partial} 个,"
        f"婉拒 {usage.declined} 个;👍 {usage.up} / 👎 {usage.down}\n"
        f"问得最多:{top[:300]}"
    )


# The chart --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Labels:
    title: str
    answered: str
    partial: str
    declined: str
    agencies: str
    votes: str
    up: str
    down: str
    no_votes: str
    no_agencies: str


_ZH = _Labels(
    "近{days}天每日提问",
    "已回答",
    "部分回答",
    "婉拒",
    "问得最多的单位",
    "点赞与点踩",
    "赞",
    "踩",
    "暂无投票",
    "暂无",
)
_EN = _Labels(
    "Questions per day, last {days} days",
    "answered",
    "partial",
    "declined",
    "Agencies asked about most",
    "Votes",
    "up",
    "down",
    "no votes yet",
    "none yet",
)


@cache
def cjk_font() -> str | None:
    """Return the family of an installed font with Chinese glyphs, or None when there is none."""
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in _CJK_FAMILIES:
        if family in known:
            return family
    for path in font_manager.findSystemFonts():
        if not _CJK_FILE.search(Path(path).name):
            continue
        try:
            font = font_manager.get_font(path)
            if ord("中") not in font.get_charmap():
                continue
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
        return str(font.family_name)
    logger.info(
        "no font with Chinese glyphs found: the chart's labels are in English and pinyin "
        "(install fonts-noto-cjk or fonts-wqy-microhei for Chinese)"
    )
    return None


def render_chart(usage: Usage, *, font: str | Literal["auto"] | None = "auto") -> bytes:
    """Draw questions per day (stacked by outcome), the top agencies and the votes as a PNG.

    `font` names a family with Chinese glyphs; without one the labels are English and the
    agencies' names pinyin, so that no glyph is missing.
    """
    family = cjk_font() if font == "auto" else font
    labels = _ZH if family else _EN
    name = _identity if family else _pinyin
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    settings: Any = {  # rcParams; matplotlib types the keys as one long Literal
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"] if family else ["DejaVu Sans"],
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
    buffer = io.BytesIO()
    with _CHART_LOCK, rc_context(settings), warnings.catch_warnings():
        if family:
            # A rare character the Chinese font lacks costs a box, not a warning a glyph.
            warnings.filterwarnings("ignore", message="Glyph .* missing", category=UserWarning)
        figure = Figure(figsize=(10, 7), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        grid = figure.add_gridspec(2, 2, height_ratios=(3, 2), width_ratios=(3, 2))
        _draw_days(figure.add_subplot(grid[0, :]), usage, labels)
        _draw_agencies(figure.add_subplot(grid[1, 0]), usage, labels, name)
        _draw_votes(figure.add_subplot(grid[1, 1]), usage, labels)
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw_days(axes: Any, usage: Usage, labels: _Labels) -> None:
    x = range(len(usage.per_day))
    answered = [d.answered for d in usage.per_day]
    partial = [d.partial for d in usage.per_day]
    declined = [d.declined for d in usage.per_day]
    below = [a + p for a, p in zip(answered, partial, strict=True)]
    axes.bar(x, answered, color=_COLOURS["answered"], label=labels.answered)
    axes.bar(x, partial, bottom=answered, color=_COLOURS["partial"], label=labels.partial)
    axes.bar(x, declined, bottom=below, color=_COLOURS["declined"], label=labels.declined)
    step = max(1, len(usage.per_day) // 10)
    ticks = list(range(len(usage.per_day) - 1, -1, -step))[::-1]
    axes.set_xticks(ticks, [f"{usage.per_day[t].day:%m-%d}" for t in ticks])
    axes.set_title(labels.title.format(days=usage.days), loc="left", fontsize=13)
    axes.legend(loc="upper left", ncols=3, frameon=False)
    axes.margins(x=0.01)
    axes.grid(axis="y", alpha=0.3)


def _draw_agencies(axes: Any, usage: Usage, labels: _Labels, name: Any) -> None:
    axes.set_title(labels.agencies, loc="left", fontsize=12)
    if not usage.top_agencies:
        axes.text(0.5, 0.5, labels.no_agencies, ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return
    top = usage.top_agencies[::-1]
    bars = axes.barh([name(n) for n, _ in top], [c for _, c in top], color=_COLOURS["bar"])
    axes.bar_label(bars, padding=3, fontsize=9)
    axes.margins(x=0.15)


def _draw_votes(axes: Any, usage: Usage, labels: _Labels) -> None:
    axes.set_title(labels.votes, loc="left", fontsize=12)
    axes.set_axis_off()
    if not usage.up + usage.down:
        axes.text(0.5, 0.5, labels.no_votes, ha="center", va="center", transform=axes.transAxes)
        return
    axes.pie(
        [usage.up, usage.down],
        colors=[_COLOURS["answered"], _COLOURS["declined"]],
        labels=[f"{labels.up} {usage.up}", f"{labels.down} {usage.down}"],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.4},
    )
    share = usage.up / (usage.up + usage.down)
    axes.text(0, 0, f"{labels.up}\n{share:.0%}", ha="center", va="center", fontsize=15)
    axes.set_aspect("equal")


def _identity(text: str) -> str:
    return text


def _pinyin(text: str) -> str:
    """Spell Chinese in pinyin for a chart without a Chinese font: 市纪委监委 -> Shi Ji Wei Jian Wei."""
    from pypinyin import lazy_pinyin

    spelt = " ".join(word.capitalize() for word in lazy_pinyin(text))
    return "".join(ch if ord(ch) < 0x2E80 else "?" for ch in spelt)


# Export -----------------------------------------------------------------------------------


def export_csv(rows: Iterable[LoggedQuestion], out: IO[str]) -> int:
    """Write a BOM, a header and a line a question (Excel then reads UTF-8); return the count."""
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(
            (
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.at)),
                row.channel,
                row.chat_type,
                row.user_hash,
                _inert(row.question),
                int(row.answered),
                row.kind,
                _inert(row.agency or ""),
                row.figure or "",
                row.score,
                row.up,
                row.down,
            )
        )
        count += 1
    return count


def export_xlsx(rows: Iterable[LoggedQuestion], target: Path | IO[bytes]) -> int:
    """Write a workbook, a row a question (a next sheet past Excel's limit); return the count.

    The sheets' XML is written here as it streams, about 600 bytes a question, its text as
    inline strings (never a formula); openpyxl, an object per cell, took eight times the CPU.
    """
    source: Iterator[LoggedQuestion] = iter(rows)
    names: list[str] = []
    count = 0
    with zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, compresslevel=_XLSX_COMPRESSION
    ) as book:
        while True:
            names.append("questions" if not names else f"questions {len(names) + 1}")
            with book.open(f"xl/worksheets/sheet{len(names)}.xml", "w") as part:
                written, leftover = _write_sheet(part, source)
            count += written
            if leftover is None:
                break
            source = chain((leftover,), source)
        for name, xml in _workbook_parts(names):
            book.writestr(name, xml)
    return count


def _write_sheet(
    part: IO[bytes], rows: Iterator[LoggedQuestion]
) -> tuple[int, LoggedQuestion | None]:
    """Write rows until the sheet is full; return how many, and the first row left over."""
    chunk = [_SHEET_START, _HEADER_ROW]
    size = filled = 0
    for row in rows:
        if filled == XLSX_MAX_ROWS - 1 or size > _SHEET_BYTES:
            leftover: LoggedQuestion | None = row
            break
        filled += 1
        chunk.append(_xlsx_row(filled + 1, row))
        if filled % _CHUNK_ROWS == 0:
            size += part.write("".join(chunk).encode())
            chunk.clear()
    else:
        leftover = None
    chunk.append(_SHEET_END)
    part.write("".join(chunk).encode())
    return filled, leftover


def _xlsx_row(n: int, row: LoggedQuestion) -> str:
    """Return row `n` of a sheet: the local time as a date, text inline, never a formula."""
    at = int(row.at)
    day = (at + time.localtime(at).tm_gmtoff) / 86400 + _UNIX_EPOCH_DAY
    agency = (
        f'<c r="H{n}" t="inlineStr"><is><t>{_xml(row.agency)}</t></is></c>' if row.agency else ""
    )
    figure = (
        f'<c r="I{n}" t="inlineStr"><is><t>{_xml(row.figure)}</t></is></c>' if row.figure else ""
    )
    return (
        f'<row r="{n}"><c r="A{n}" s="1"><v>{day!r}</v></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>{_xml(row.channel)}</t></is></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>{_xml(row.chat_type)}</t></is></c>'
        f'<c r="D{n}" t="inlineStr"><is><t>{_xml(row.user_hash)}</t></is></c>'
        f'<c r="E{n}" t="inlineStr"><is><t xml:space="preserve">{_xml(row.question)}</t></is></c>'
        f'<c r="F{n}"><v>{int(row.answered)}</v></c>'
        f'<c r="G{n}" t="inlineStr"><is><t>{_xml(row.kind)}</t></is></c>{agency}{figure}'
        f'<c r="J{n}"><v>{int(row.score)}</v></c><c r="K{n}"><v>{int(row.up)}</v></c>'
        f'<c r="L{n}"><v>{int(row.down)}</v></c></row>'
    )


def _xml(text: str) -> str:
    """Escape text for an XML element, dropping the characters XML 1.0 cannot hold."""
    return _XML_UNSAFE.sub(_xml_char, text)


def _xml_char(match: re.Match[str]) -> str:
    return _XML_ESCAPES.get(match.group(), "")


def _workbook_parts(sheets: list[str]) -> list[tuple[str, str]]:
    """Return the parts that tie the sheets into a workbook: types, relations, the sheet list."""
    ids = range(1, len(sheets) + 1)
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
        for i in ids
    )
    entries = "".join(
        f'<sheet name="{_xml(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in zip(ids, sheets, strict=True)
    )
    relations = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in ids
    )
    styles = len(sheets) + 1
    return [
        ("[Content_Types].xml", _CONTENT_TYPES.format(sheets=types)),
        ("_rels/.rels", _ROOT_RELS),
        ("xl/workbook.xml", _WORKBOOK.format(sheets=entries)),
        (
            "xl/_rels/workbook.xml.rels",
            _WORKBOOK_RELS.format(sheets=relations, styles=f"rId{styles}"),
        ),
        ("xl/styles.xml", _STYLES),
    ]


def _inert(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: a leading ' makes it text."""
    return "'" + text if text.startswith(_FORMULA_START) else text
