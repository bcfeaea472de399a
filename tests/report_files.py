"""Report files the tests make from the seed: Word, PDF, scanned, corrupt, and a 2019 report.

Nothing here is committed as a binary: every file is written from the seed's text when a
test asks for it, with python-docx and reportlab (its built-in CID font STSong-Light, which
needs no font file and no network).
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Literal

from bot.knowledge import ingest_report, load_knowledge
from bot.knowledge.ingest import ParsedReport, parse_report
from tests.conftest import REPORT_DIR, SEED

__all__ = [
    "SEED_DATELINE",
    "SEED_NEWSPAPER",
    "seed_report",
    "write_city_report",
    "write_docx",
    "write_pdf",
    "write_report_2019",
    "write_scanned_pdf",
]

SEED_NEWSPAPER = "中山日报"
SEED_DATELINE = "2018年12月10日 星期一"
_FONT = "STSong-Light"


def seed_report() -> ParsedReport:
    """Return the seed's text split into title, lead, byline and sections."""
    return parse_report(SEED.read_text(encoding="utf-8"))


def write_docx(
    path: Path,
    *,
    headings: Literal["styles", "marks", "bold"] = "styles",
    masthead: bool = True,
    properties: bool = False,
    page_header: bool = False,
    table: list[list[str]] | None = None,
) -> Path:
    """Write the seed as a Word document.

    `headings`: "styles", the title and section headings use Word's Title, Subtitle and
    Heading 2 styles and carry no ■; "marks", every line is a plain paragraph and headings start
    with ■, as in the text; "bold", headings are plain paragraphs set in bold. `masthead` puts the newspaper and a dateline above the title;
    `properties` puts them in the document properties instead, `page_header` in the
    running header of the pages. A `table` (rows of cells) is added at the end of the
    last section.
    """
    import docx

    report = seed_report()
    document = docx.Document()
    if masthead:
        document.add_paragraph(SEED_NEWSPAPER)
        document.add_paragraph(SEED_DATELINE)
    if properties:
        document.core_properties.subject = SEED_NEWSPAPER
        document.core_properties.keywords = f"{SEED_NEWSPAPER} 2018-12-10"
    if page_header:
        header = document.sections[0].header
        header.is_linked_to_previous = False
        header.paragraphs[0].text = f"{SEED_NEWSPAPER}  {SEED_DATELINE}"
    if headings == "styles":  # the seed's title is a main title and a subtitle
        main, _, subtitle = report.title.partition(" ")
        document.add_heading(main, level=0)
        document.add_paragraph(subtitle, style="Subtitle")
    else:
        document.add_paragraph(report.title)
    for text in report.lead:
        document.add_paragraph(text)
    document.add_paragraph(report.byline)
    for section in report.sections:
        if headings == "styles":
            document.add_heading(section.heading, level=2)
        elif headings == "bold":
            document.add_paragraph().add_run(section.heading).bold = True
        else:
            document.add_paragraph("■" + section.heading)
        for text in section.paragraphs:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.save(str(path))
    return path


def write_pdf(
    path: Path,
    *,
    password: str | None = None,
    loose: float = 0.0,
    running_header: bool = True,
    subject: str | None = None,
) -> Path:
    """Write the seed as a newspaper-like PDF with a text layer.

    A4, a running header (newspaper and dateline) and a page number on every page, a
    centred title in a larger size, ■ headings a size up, justified paragraphs with a
    two-character first-line indent, lines broken wherever the width runs out. `loose`
    sets every character that many points apart, as a loosely justified page does.
    Without `running_header` the newspaper and date are only in the `subject` property.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    report = seed_report()
    width, height = A4
    left, right, top, bottom = 56.0, width - 56.0, height - 72.0, 64.0
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=password, invariant=True)
    pdf.setTitle(report.title)
    if subject:
        pdf.setSubject(subject)
    y = top
    page = 1

    def furniture() -> None:
        pdf.setFont(_FONT, 9)
        if running_header:
            pdf.drawString(left, height - 40, SEED_NEWSPAPER)
            pdf.drawRightString(right, height - 40, SEED_DATELINE)
        pdf.drawCentredString(width / 2, 32, f"- {page} -")

    def new_page() -> None:
        nonlocal y, page
        pdf.showPage()
        page += 1
        furniture()
        y = top

    def measure(text: str, size: float) -> float:
        return pdfmetrics.stringWidth(text, _FONT, size) + loose * max(len(text) - 1, 0)

    def lines(text: str, size: float, first_indent: float) -> list[tuple[float, str]]:
        out: list[tuple[float, str]] = []
        indent, line = first_indent, ""
        for token in re.findall(r"[A-Za-z0-9.%]+|.", text):
            if measure(line + token, size) > right - left - indent and line:
                out.append((indent, line))
                indent, line = 0.0, token.lstrip()
            else:
                line += token
        out.append((indent, line))
        return out

    def block(text: str, size: float, *, indent: bool = True, centred: bool = False) -> None:
        nonlocal y
        pdf.setFont(_FONT, size)
        broken = lines(text, size, 2 * size if indent else 0.0)
        for number, (offset, line) in enumerate(broken, start=1):
            if y < bottom:
                new_page()
                pdf.setFont(_FONT, size)
            # Justified, as newspapers set it: every line but a paragraph's last is
            # stretched to the column's width by spacing its characters.
            spare = right - left - offset - measure(line, size)
            x = (width - measure(line, size)) / 2 if centred else left + offset
            text_object = pdf.beginText(x, y)
            text_object.setFont(_FONT, size)
            text_object.setCharSpace(loose)
            if not centred and number < len(broken) and len(line) > 1:
                text_object.setCharSpace(loose + spare / (len(line) - 1))
            text_object.textOut(line)
            pdf.drawText(text_object)
            y -= size * 1.5

    furniture()
    block(report.title, 16, indent=False, centred=True)
    y -= 8
    for text in report.lead:
        block(text, 10.5)
    block(report.byline, 10.5, indent=False)
    for section in report.sections:
        y -= 6
        block("■" + section.heading, 12, indent=False)
        for text in section.paragraphs:
            block(text, 10.5)
    pdf.save()
    return path


def write_scanned_pdf(path: Path) -> Path:
    """Write a PDF whose one page is only an image, as a scanner makes."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for row in range(40, 520, 16):
        draw.rectangle((40, row, 360, row + 8), fill=40)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    pdf.drawImage(ImageReader(buffer), 40, 80, width=515, height=720)
    pdf.save()
    return path


# Figures the 2019 report changes: a number before one of these units (not a date or a year).
_FIGURE_NUMBER = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(?=(?:多|余)?(?:人次|场次|批次|万元|亿元|%|个|件|人|名|项|期|篇"
    r"|宗|条|家|部|次|位|对|天|元|倍|场))"
)
_YEAR = re.compile(r"(?<!\d)(20[01]\d)(?=年)")


def _figure_2019(match: re.Match[str]) -> str:
    text = match.group(1)
    if "." in text:
        value = float(text)
        return f"{value - 0.5:.1f}" if value >= 90 else f"{value * 1.1 + 0.3:.1f}"
    number = int(text)
    return str(number + 1 + number // 10)


def report_2019_text() -> str:
    """Return the seed rewritten as next year's report: same agencies, other figures."""
    seed = SEED.read_text(encoding="utf-8")
    text, _, _ = seed.partition("\n新闻推荐")
    lines = []
    for line in text.split("\n"):
        if line.startswith("■") or not lines:
            lines.append(line)  # the title and the headings stay as they are
            continue
        line = _YEAR.sub(lambda m: str(int(m.group(1)) + 1), line)
        lines.append(_FIGURE_NUMBER.sub(_figure_2019, line))
    return "\n".join(lines) + "\n"


def write_report_2019(knowledge_dir: Path, *, folder: str = "zhongshan-2019-12") -> Path:
    """Write a synthetic 2019 report about the seed's eight agencies beside it; return its folder.

    The structure, headings and agencies are the seed's; every figure is different (a
    count n becomes n + 1 + n // 10, a decimal x becomes 1.1x + 0.3, or x - 0.5 from 90
    up) and years move on by one, so its 今年 is 2019. Each agency keeps the aliases the
    bundled knowledge gives it, so the same questions name the same agencies in both.
    Its ids come from its place and date: zhongshan-2019-12, zhongshan-2019-12-sjwjw …
    """
    import yaml

    out = knowledge_dir / folder
    ingest_report(
        report_2019_text(),
        out,
        source="zhongshan-daily-2019-12-model-agencies.txt",
        newspaper=SEED_NEWSPAPER,
        date="2019-12",
    )
    seed_dir = knowledge_dir / REPORT_DIR
    if not seed_dir.is_dir():
        from bot.knowledge import bundled_knowledge_dir

        seed_dir = bundled_knowledge_dir() / REPORT_DIR
    aliases = {
        agency.heading: agency.aliases
        for report in load_knowledge(seed_dir.parent).reports
        if report.id == REPORT_DIR
        for agency in report.agencies
    }
    for path in sorted(out.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if document.get("heading") in aliases:
            text = path.read_text(encoding="utf-8")
            # JSON is YAML's flow style, and quotes what needs it (First People's Court).
            listed = json.dumps(list(aliases[document["heading"]]), ensure_ascii=False)
            path.write_text(text.replace("aliases: []", f"aliases: {listed}", 1), "utf-8")
    return out


def write_city_report(
    knowledge_dir: Path, city: str, *, date: str = "2018-12", folder: str | None = None
) -> Path:
    """Write the seed as another city's report (中山 → city) into knowledge_dir/城市; return it.

    Same agencies, headings and figures under another place: 佛山 gives the report
    foshan-2018-12 about 佛山市, published by 佛山日报. No aliases are added.
    """
    out = knowledge_dir / (folder or city)
    text = SEED.read_text(encoding="utf-8").replace("中山", city)
    ingest_report(text, out, newspaper=f"{city}日报", date=date)
    return out
