"""Read a report file, text, Word or PDF, into the plain text that ingest splits.

The kind is told by the file's first bytes (a Word file by its zip members), not by its
name: a name that says another kind is refused, a name that says none is read by content.
Every reader returns the report as ingest reads text: the title on the first line, then
one paragraph a line, section headings starting with ■. What the document says about
itself (its newspaper, its publication date) comes back beside the text.
"""

from __future__ import annotations

import codecs
import io
import itertools
import logging
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge.loader import KnowledgeError, Problem
from bot.text import CJK

__all__ = ["MAX_DOCUMENT_BYTES", "ReportDocument", "find_newspaper_and_date", "read_document"]

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 50_000_000
# What a Word file may unpack to: a report is a few hundred KB; a zip bomb is gigabytes.
MAX_UNPACKED_BYTES = 200_000_000

# What a file's name says it is, and what its content can be.
_EXTENSIONS = {".txt": "text", ".text": "text", ".docx": "Word", ".pdf": "PDF"}
_DESCRIPTIONS = {
    "text": "a text file",
    "Word": "a Word document (.docx)",
    "PDF": "a PDF",
    "doc": "an old-format Word file (.doc); open it in Word and save it as .docx",
    "encrypted-office": "a password-protected Office document; save a copy without a password",
    "office": "an Excel or PowerPoint file, not a report",
    "zip": "a zip archive, not a Word document",
    "image": "an image; a report needs its text (scan it with OCR, or ask for the Word or PDF)",
    "rtf": "an RTF file; open it in Word and save it as .docx",
    "binary": "not a text, Word or PDF file",
    "bomb": f"a zip that unpacks to more than {MAX_UNPACKED_BYTES // 1_000_000} MB",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")

# A newspaper's name: 中山日报, 《南方都市报》.
_NEWSPAPER = re.compile(
    rf"《([{CJK}]{{1,10}}报)》"
    rf"|([{CJK}]{{2,8}}?(?:日报|晚报|早报|晨报|时报|商报|快报|周报|都市报|青年报|法治报|法制报))"
)
_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?"
    r"|([-/.])(\d{1,2})(?:\4(\d{1,2}))?)(?!\d)"
)
# Words of a masthead or dateline line that are neither newspaper nor date.
_FRONT_NOISE = re.compile(
    r"来源|稿源|原载|刊于|出处|发布时间|发布日期|发表时间|出版日期|日期|时间|编辑|责编|版面|"
    rf"星期[一二三四五六日天]|周[一二三四五六日]|农历[{CJK}]{{1,8}}|"
    rf"第\s*[A-Z]?\d{{1,3}}\s*版(?:\s*[::]?\s*[{CJK}]{{1,6}})?|[A-Z]\d{{1,2}}\s*版?(?:\s*[{CJK}]{{1,6}})?|"
    r"\d{1,2}:\d{2}(?::\d{2})?|[\s|/·•,,::()()\[\]【】<>-]+"
)
_PAGE_NUMBER = re.compile(
    r"^[-—–·\s]*(?:第\s*)?\d{1,4}\s*(?:页|版)?(?:\s*(?:/|of|共)\s*\d{1,4}\s*页?)?[-—–·\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*of\s*\d{1,4})?$",
    re.IGNORECASE,
)
_BYLINE_WORD = re.compile(r"记者|通讯员|特约撰稿")
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|subtitle|标题|副标题)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """A report file's text as ingest reads it, and what the file says about itself."""

    text: str
    kind: str  # "text", "Word" or "PDF"
    newspaper: str | None = None
    date: str | None = None  # 2018-12-10 or 2018-12, as the document gives it


def read_document(path: Path) -> ReportDocument:
    """Read a report file of any supported kind, or raise one problem naming the file."""
    display = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise _refusal(display, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _refusal(display, f"the file is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB")
    if not data.strip():
        raise _refusal(display, "the file is empty")
    kind = _sniff(data)
    named = _EXTENSIONS.get(path.suffix.lower())
    if kind not in ("text", "Word", "PDF"):
        raise _refusal(display, f"the file is {_DESCRIPTIONS[kind]}")
    if named is not None and named != kind:
        raise _refusal(
            display,
            f"the name says {_DESCRIPTIONS[named]} but the file is {_DESCRIPTIONS[kind]}; "
            "rename it to what it is",
        )
    logger.debug("reading %s as %s", display, kind)
    if kind == "PDF":
        return _read_pdf(data, display)
    if kind == "Word":
        return _read_docx(data, display)
    return _read_text(data, display)


def find_newspaper_and_date(texts: Iterable[str]) -> tuple[str | None, str | None]:
    """Return the first newspaper name and the first date the texts give, each or None."""
    newspaper = date = None
    for text in texts:
        cleaned = re.sub(r"来源|稿源|原载|刊于|出处|转载自|摘自", " ", text)
        if newspaper is None and (match := _NEWSPAPER.search(cleaned)):
            newspaper = match.group(1) or match.group(2)
        if date is None:
            date = _find_date(text)
    return newspaper, date


def _find_date(text: str) -> str | None:
    for match in _DATE.finditer(text):
        year = int(match.group(1))
        month = int(match.group(2) or match.group(5))
        day_text = match.group(3) or match.group(6)
        day = int(day_text) if day_text else None
        if 1 <= month <= 12 and (day is None or 1 <= day <= 31):
            return f"{year}-{month:02d}" + (f"-{day:02d}" if day else "")
    return None


def _is_front_matter(line: str) -> bool:
    """Tell a masthead or dateline line (中山日报 2018年12月10日 星期一 A3版) from content."""
    if len(line) > 60:
        return False
    newspaper, date = find_newspaper_and_date([line])
    if newspaper is None and date is None:
        return False
    rest = _NEWSPAPER.sub(" ", line)
    rest = _DATE.sub(" ", rest)
    return not _FRONT_NOISE.sub("", rest)


def _split_front_matter(lines: list[str]) -> tuple[list[str], list[str]]:
    """Return the masthead and dateline lines around the title, and the report's own lines.

    They stand above the title, or just under it as a source line (来源:中山日报 2018-12-10).
    """
    front: list[str] = []
    body = [line for line in lines if line.strip()]
    while body and _is_front_matter(body[0]):
        front.append(body.pop(0))
    while len(body) > 1 and _is_front_matter(body[1]):
        front.append(body.pop(1))
    return front, body


def _document(
    lines: list[str], kind: str, *, furniture: Iterable[str] = (), properties: Iterable[str] = ()
) -> ReportDocument:
    """Assemble a document: front matter first, then running headers, then properties.

    A byline near the top may name the paper too: 中山日报记者 黄海潮.
    """
    front, body = _split_front_matter(lines)
    bylines = [line for line in body[1:8] if len(line) < 60 and _BYLINE_WORD.search(line)]
    newspaper, date = find_newspaper_and_date(front)
    for more in (furniture, properties, bylines):
        if newspaper is None or date is None:
            more_newspaper, more_date = find_newspaper_and_date(more)
            newspaper, date = newspaper or more_newspaper, date or more_date
    return ReportDocument("\n".join(body) + "\n", kind, newspaper, date)


def _refusal(display: str, reason: str) -> KnowledgeError:
    return KnowledgeError([Problem(display, 0, reason)])


def _sniff(data: bytes) -> str:
    """Tell what a file is from its bytes."""
    if b"%PDF-" in data[:1024]:
        return "PDF"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                unpacked = sum(item.file_size for item in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return "Word"  # a damaged zip; the Word reader says so
        if unpacked > MAX_UNPACKED_BYTES:
            return "bomb"
        if "word/document.xml" in names:
            return "Word"
        if names & {"xl/workbook.xml", "ppt/presentation.xml"}:
            return "office"
        return "zip"
    if data.startswith(_OLE2):
        # An Office file saved with a password is an OLE2 box around an encrypted package.
        if "EncryptedPackage".encode("utf-16-le") in data:
            return "encrypted-office"
        return "doc"
    if data.startswith(_IMAGE_MAGIC):
        return "image"
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return "text" if _decode(data) is not None else "binary"


def _decode(data: bytes) -> str | None:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return None
        # GB18030 decodes many byte strings; take it only when it reads as Chinese.
        letters = [ch for ch in text if not ch.isspace()]
        if not letters or sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff") < len(letters) / 3:
            return None
    if any(ch < " " and ch not in "\t\n\r\f" for ch in text):
        return None
    return text


def _read_text(data: bytes, display: str) -> ReportDocument:
    text = _decode(data)
    if text is None:  # _sniff decoded it once already
        raise _refusal(display, "the file is not text")
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return _document(lines, "text")


def _join(left: str, right: str) -> str:
    """Join two lines of one paragraph: Chinese needs no space, two Latin words do."""
    left, right = left.rstrip(), right.lstrip()
    if _LATIN_END.search(left) and _LATIN_START.match(right):
        return f"{left} {right}"
    return left + right


# ---------------------------------------------------------------------------------------
# Word


def _read_docx(data: bytes, display: str) -> ReportDocument:
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return _docx_document(data, display)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        # lxml's XMLSyntaxError is a SyntaxError; a broken zip is BadZipFile or KeyError.
        raise _refusal(display, "the Word document is damaged and cannot be opened") from exc


def _docx_document(data: bytes, display: str) -> ReportDocument:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    items: list[_Block] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            items.extend(_Block(text, None, False) for text in _table_paragraphs(block))
            continue
        text = _paragraph_text(block.text)
        if text:
            items.append(_Block(text, _heading_level(block), _is_bold(block)))
    if not items:
        raise _refusal(display, "the Word document has no text")
    furniture: list[str] = []
    for section in document.sections:
        if not section.header.is_linked_to_previous:
            furniture.extend(p.text for p in section.header.paragraphs if p.text.strip())
    core = document.core_properties
    properties = [core.subject, core.keywords, core.category, core.comments, core.author]
    return _document(
        _docx_lines(items), "Word", furniture=furniture, properties=[p for p in properties if p]
    )


@dataclass(frozen=True, slots=True)
class _Block:
    """A Word paragraph (or a table row) as text, with what its formatting says."""

    text: str
    level: int | None  # 0 a title, 1-9 a heading, None body text
    bold: bool  # every character in bold


def _docx_lines(items: list[_Block]) -> list[str]:
    """Turn Word paragraphs into text lines, sections starting with ■.

    What precedes the Title is front matter, a Subtitle joins it. After them, the highest
    heading level makes the sections and deeper headings stay text; a document with
    neither heading styles nor ■ paragraphs takes its short paragraphs set wholly in bold
    as headings.
    """
    title_at = next((i for i, item in enumerate(items) if item.level == 0), None)
    if title_at is None:
        title_at = next((i for i, b in enumerate(items) if not _is_front_matter(b.text)), 0)
    title = items[title_at].text
    body = items[title_at + 1 :]
    while body and body[0].level == 0:  # a subtitle
        title = f"{title} {body.pop(0).text}"
    levels = [item.level for item in body if item.level]
    section_level = min(levels) if levels else None
    by_bold = not levels and not any(item.text.startswith("■") for item in body)
    lines = [item.text for item in items[:title_at]]  # front matter, split off later
    lines.append(title)
    for item in body:
        styled = item.level is not None and item.level == section_level
        heading = (by_bold and item.bold and len(item.text) <= 60) or styled
        lines.append("■" + item.text if heading and item.text[0] != "■" else item.text)
    return lines


def _is_bold(paragraph: Any) -> bool:
    """Tell whether every character of a paragraph is bold, directly or by its style."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    return bool(runs) and all(run.bold if run.bold is not None else style_bold for run in runs)


def _paragraph_text(text: str) -> str:
    """A Word paragraph as one line: soft line breaks and tabs are layout."""
    parts = [part.strip() for part in re.split(r"[\n\r\v]", text.replace("\t", " "))]
    joined = ""
    for part in parts:
        joined = _join(joined, part) if joined else part
    return joined.strip()


def _heading_level(paragraph: Any) -> int | None:
    """Return 0 for a title, 1-9 for a heading, None for body text, from styles or outline."""
    style = paragraph.style
    while style is not None:
        name = style.name or ""
        if _TITLE_STYLE.match(name):
            return 0
        if match := _HEADING_STYLE.match(name):
            return int(match.group(1))
        level = _outline_level(style.element)
        if level is not None:
            return level
        style = style.base_style
    return _outline_level(paragraph._p)  # python-docx has no API for the outline level


def _outline_level(element: Any) -> int | None:
    from docx.oxml.ns import qn

    ppr = element.find(qn("w:pPr"))
    found = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if found is None:
        return None
    value = found.get(qn("w:val"))
    # Word counts outline levels from 0; 9 means body text.
    return int(value) + 1 if value is not None and value.isdigit() and int(value) < 9 else None


def _table_paragraphs(table: Any) -> Iterator[str]:
    """Yield a table as paragraphs, one a row, written the way a report would say it.

    With a header row, 单位 | 受理案件(件) | 结案(件) over 市法院 | 81878 | 63266 becomes
    「市法院受理案件81878件,结案63266件。」, so its figures are extracted like any other.
    """
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats: keep it once
                continue
            previous = cell._tc
            cells.append(_paragraph_text(" ".join(p.text for p in cell.paragraphs)))
        if any(cells):
            rows.append(cells)
    if not rows:
        return
    header = rows[0] if len(rows) > 1 and not any(_has_figure(c) for c in rows[0][1:]) else None
    for cells in rows[1:] if header else rows:
        if header is None:
            yield ",".join(c for c in cells if c) + "。"
            continue
        parts = []
        for name, value in zip(header[1:], cells[1:], strict=False):
            if not value:
                continue
            label, unit = _header_unit(name)
            if unit and re.fullmatch(r"[\d.,]+", value):
                value += unit
            parts.append(f"{label}{value}")
        if parts:
            yield f"{cells[0]}{','.join(parts)}。"


def _has_figure(text: str) -> bool:
    return bool(re.search(r"\d", _DATE.sub("", text)))


def _header_unit(header: str) -> tuple[str, str]:
    """Split 受理案件(件) into its label and unit."""
    match = re.fullmatch(r"(.*?)\s*[((]\s*([^()()]{1,4})\s*[))]\s*", header)
    return (match.group(1), match.group(2)) if match else (header, "")


# ---------------------------------------------------------------------------------------
# PDF


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a PDF page, where it stands and how big its characters are."""

    page: int
    x0: float
    x1: float
    y0: float
    size: float
    text: str


def _read_pdf(data: bytes, display: str) -> ReportDocument:
    pages, info, images = _pdf_lines(data, display)
    lines = [line for page in pages for line in page]
    if not lines:
        if images:
            raise _refusal(
                display,
                "the PDF has no text layer, only images (a scan?); run OCR on it first "
                "or ask for the Word file",
            )
        raise _refusal(display, "the PDF has no text")
    text = "".join(line.text for line in lines)
    if text.count("(cid:") * 6 > len(text) / 2:
        raise _refusal(
            display,
            "the PDF's fonts carry no character map, so its text cannot be read; "
            "ask for the Word file or a PDF exported with text",
        )
    furniture = _furniture(pages)
    return _document(
        _paragraphs([line for line in lines if id(line) not in furniture]),
        "PDF",
        furniture=[line.text for line in lines if id(line) in furniture],
        properties=info,
    )


def _pdf_lines(data: bytes, display: str) -> tuple[list[list[_Line]], list[str], int]:
    """Return each page's text lines top to bottom, the PDF's properties, and its images."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import (
        LAParams,
        LTChar,
        LTFigure,
        LTImage,
        LTTextContainer,
        LTTextLineHorizontal,
    )
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.utils import decode_text

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect as exc:
        raise _refusal(
            display, "the PDF is password-protected; save a copy without a password"
        ) from exc
    except PDFEncryptionError as exc:
        raise _refusal(display, f"the PDF's encryption is not supported ({exc})") from exc
    except Exception as exc:  # pdfminer raises many kinds on a damaged file; all mean that
        raise _refusal(display, "the PDF is damaged and cannot be opened") from exc

    info: list[str] = []
    for entry in document.info:
        for key in ("Subject", "Keywords", "Author"):
            value = entry.get(key)
            if isinstance(value, bytes):
                info.append(decode_text(value))
            elif isinstance(value, str):
                info.append(value)

    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    pages: list[list[_Line]] = []
    images = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            streams = [s for s in map(resolve1, page.contents) if isinstance(s, PDFStream)]
            raw = sum(len(s.get_rawdata() or b"") for s in streams)
            interpreter.process_page(page)
            # pdfminer reads a content stream it cannot decompress as empty, silently.
            if raw and not any(s.data for s in streams):
                raise _refusal(display, f"the PDF is damaged: page {number} cannot be read")
            found: list[_Line] = []
            stack: list[Any] = list(device.get_result())
            while stack:
                item = stack.pop()
                if isinstance(item, LTImage):
                    images += 1
                elif isinstance(item, LTTextLineHorizontal):
                    chars = [c for c in item if isinstance(c, LTChar)]
                    sizes = sorted(c.size for c in chars if c.get_text().strip())
                    text = _line_text(chars)
                    if text and sizes:
                        # Half points: a title at 16 and body text at 10.5 stay apart.
                        size = round(sizes[len(sizes) // 2] * 2) / 2
                        found.append(_Line(number, item.x0, item.x1, item.y0, size, text))
                elif isinstance(item, LTFigure | LTTextContainer):
                    stack.extend(item)
            found.sort(key=lambda line: (-round(line.y0), line.x0))
            pages.append(found)
    except KnowledgeError:
        raise
    except Exception as exc:  # as above: a page that cannot be read is a damaged file
        raise _refusal(display, "the PDF is damaged and cannot be read") from exc
    return pages, info, images


def _line_text(chars: list[Any]) -> str:
    """Return a line's text with the spaces its characters hold, and gaps that are words.

    pdfminer puts a space wherever two characters stand apart, which splits loosely
    justified Chinese into 市 纪 委. Here a gap is a space only when it is clearly wider
    than the line's usual spacing.
    """
    if not chars:
        return ""
    gaps = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(chars))
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    text = str(chars[0].get_text())
    for a, b in itertools.pairwise(chars):
        if (
            b.x0 - a.x1 > usual + 0.25 * max(a.size, b.size)
            and not a.get_text().isspace()
            and not b.get_text().isspace()
        ):
            text += " "
        text += b.get_text()
    return text.strip()


def _furniture(pages: list[list[_Line]]) -> set[int]:
    """Return the running headers, footers and page numbers: the ids of their lines.

    A line among the first or last three of a page is furniture when it is a page number,
    a masthead or dateline, or when it comes back (digits aside) at the same place on
    another page.
    """
    found: set[int] = set()
    edges = [page[:3] + page[-3:] for page in pages]
    seen: Counter[tuple[str, int]] = Counter()
    for edge in edges:
        for key in {(_shape(line.text), round(line.y0 / 4)) for line in edge}:
            seen[key] += 1
    for edge in edges:
        for line in edge:
            if (
                _PAGE_NUMBER.match(line.text)
                or _is_front_matter(line.text)
                or (len(pages) > 1 and seen[(_shape(line.text), round(line.y0 / 4))] > 1)
            ):
                found.add(id(line))
    return found


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Join a PDF's layout lines back into the title, headings and paragraphs."""
    if not lines:
        return []
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    text_lines = [line for line in lines if line.size == body]
    left = Counter(round(line.x0) for line in text_lines).most_common(1)[0][0]
    ends = sorted(line.x1 for line in text_lines)
    right = ends[int(len(ends) * 0.9)]
    pitches = sorted(
        a.y0 - b.y0 for a, b in itertools.pairwise(text_lines) if a.page == b.page and a.y0 > b.y0
    )
    pitch = pitches[len(pitches) // 2] if pitches else body * 1.5

    out: list[str] = []
    current = ""
    previous: _Line | None = None
    kind = ""  # of the current block: "title", "heading" or "text"
    titled = False  # the title is read: larger lines from now on are headings
    for line in lines:
        if line.size > body * 1.15 and not titled and not line.text.startswith("■"):
            this = "title"
        elif line.size > body * 1.05 or line.text.startswith("■"):
            this = "heading"
        else:
            this = "text"
        if previous is not None and this == kind == "title":
            # A kicker, main title and subtitle in their own sizes make one title.
            broken = line.size != previous.size or previous.x1 < right - 1.5 * previous.size
            current = f"{current} {line.text}" if broken else _join(current, line.text)
            previous = line
            continue
        starts = (
            previous is None
            or this != kind
            or line.size != previous.size
            or line.text.startswith("■")
            or (this == "text" and line.x0 > left + 0.8 * body)
            or previous.x1 < right - 1.5 * previous.size
            or (line.page == previous.page and previous.y0 - line.y0 > 1.8 * pitch)
        )
        if starts and current:
            out.append(current)
            current = ""
            titled = titled or kind == "title" or (kind == "text" and not _is_front_matter(out[-1]))
        if starts and this == "heading" and not line.text.startswith("■"):
            current = "■"
        current = _join(current, line.text) if current else line.text
        previous, kind = line, this
    if current:
        out.append(current)
    return out
