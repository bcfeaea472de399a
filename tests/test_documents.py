"""Word and PDF reports read back into the seed's own text; bad files refused in one line."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError
from bot.knowledge.documents import (
    _furniture,
    _Line,
    _paragraphs,
    find_newspaper_and_date,
    read_document,
)
from tests.conftest import SEED
from tests.report_files import (
    SEED_NEWSPAPER,
    seed_report,
    write_docx,
    write_pdf,
    write_scanned_pdf,
)


def _seed_lines() -> list[str]:
    report = seed_report()
    lines = [report.title, *report.lead, report.byline]
    for section in report.sections:
        lines += ["■" + section.heading, *section.paragraphs]
    return lines


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Write each kind of report file once for the module."""
    folder = tmp_path_factory.mktemp("documents")
    return {
        "styles": write_docx(folder / "styles.docx"),
        "plain": write_docx(folder / "plain.docx", headings="marks"),
        "bold": write_docx(folder / "bold.docx", headings="bold"),
        "pdf": write_pdf(folder / "seed.pdf"),
        "loose": write_pdf(folder / "loose.pdf", loose=2.5),
        "scanned": write_scanned_pdf(folder / "scan.pdf"),
        "locked": write_pdf(folder / "locked.pdf", password="secret"),
    }


@pytest.mark.parametrize("name", ["styles", "plain", "bold", "pdf", "loose"])
def test_word_and_pdf_read_back_as_the_seed_text(files: dict[str, Path], name: str) -> None:
    document = read_document(files[name])
    assert document.text.splitlines() == _seed_lines()
    assert document.kind == ("Word" if name in ("styles", "plain", "bold") else "PDF")


@pytest.mark.parametrize("name", ["styles", "plain", "pdf"])
def test_masthead_and_dateline_are_read_and_left_out(files: dict[str, Path], name: str) -> None:
    document = read_document(files[name])
    assert (document.newspaper, document.date) == (SEED_NEWSPAPER, "2018-12-10")
    assert SEED_NEWSPAPER not in document.text.splitlines()[0]


def test_the_pdf_drops_running_headers_and_page_numbers(files: dict[str, Path]) -> None:
    text = read_document(files["pdf"]).text
    assert "星期一" not in text
    assert not any(line.strip("- ").isdigit() for line in text.splitlines())


@pytest.mark.parametrize(
    "maker",
    [
        lambda p: write_docx(p / "r.docx", masthead=False, properties=True),
        lambda p: write_docx(p / "r.docx", masthead=False, page_header=True),
        lambda p: write_pdf(p / "r.pdf", running_header=False, subject="中山日报 2018年12月10日"),
    ],
    ids=["docx-properties", "docx-page-header", "pdf-subject"],
)
def test_headers_and_properties_give_the_newspaper_and_date(
    tmp_path: Path, maker: Callable[[Path], Path]
) -> None:
    document = read_document(maker(tmp_path))
    assert (document.newspaper, document.date) == (SEED_NEWSPAPER, "2018-12-10")
    assert document.text.splitlines() == _seed_lines()


def test_the_seed_text_says_neither_newspaper_nor_date() -> None:
    document = read_document(SEED)
    assert (document.kind, document.newspaper, document.date) == ("text", None, None)


def test_a_table_becomes_paragraphs_that_keep_its_units(tmp_path: Path) -> None:
    table = [["单位", "受理案件(件)", "结案(件)"], ["市第一人民法院", "81878", "63266"]]
    document = read_document(write_docx(tmp_path / "t.docx", table=table))
    assert document.text.splitlines()[-1] == "市第一人民法院受理案件81878件,结案63266件。"


def test_a_text_file_in_gb18030_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    assert read_document(path).text.splitlines()[:3] == _seed_lines()[:3]


@pytest.mark.parametrize(
    ("text", "newspaper", "date"),
    [
        ("中山日报 2018年12月10日 星期一 A3版", "中山日报", "2018-12-10"),
        ("来源:《南方都市报》 发布时间:2019-01-05 09:30", "南方都市报", "2019-01-05"),
        ("2018年12月", None, "2018-12"),
        ("2018年13月1日", None, None),
        ("工作汇报", None, None),
    ],
)
def test_newspaper_and_date_are_found_in_a_line(
    text: str, newspaper: str | None, date: str | None
) -> None:
    assert find_newspaper_and_date([text]) == (newspaper, date)


def _refusal(path: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        read_document(path)
    assert len(caught.value.problems) == 1
    line = str(caught.value)
    assert "\n" not in line and line.startswith(f"{path}: ")
    return line


def test_a_scanned_pdf_is_refused_as_having_no_text(files: dict[str, Path]) -> None:
    assert "no text layer" in _refusal(files["scanned"])


def test_a_password_protected_pdf_is_refused(files: dict[str, Path]) -> None:
    assert "password-protected" in _refusal(files["locked"])


def test_a_password_protected_word_file_is_refused(tmp_path: Path) -> None:
    # What Word writes: an OLE2 compound file holding an "EncryptedPackage" stream.
    path = tmp_path / "locked.docx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + bytes(1000))
    assert "password-protected" in _refusal(path)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("cut.pdf", "pdf-half", "damaged"),
        ("page.pdf", "pdf-page", "damaged: page 2 cannot be read"),
        ("junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "damaged"),
        ("broken.docx", b"PK\x03\x04" + bytes(200), "damaged"),
        ("half.docx", "docx-half-xml", "damaged"),
        ("empty.docx", "zip-without-word", "zip archive"),
        ("bomb.docx", "zip-bomb", "unpacks to more than 200 MB"),
        ("empty.txt", b"  \n", "empty"),
        ("noise.txt", bytes(range(256)) * 4, "not a text, Word or PDF"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "old-format Word"),
        ("photo.docx", b"\x89PNG\r\n\x1a\n" + bytes(100), "an image"),
    ],
)
def test_corrupt_and_unreadable_files_are_refused_in_one_line(
    files: dict[str, Path], tmp_path: Path, name: str, content: bytes | str, reason: str
) -> None:
    path = tmp_path / name
    if content == "pdf-half":
        data = files["pdf"].read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif content == "pdf-page":  # page 2's compressed text overwritten in the middle
        data = files["pdf"].read_bytes()
        start = data.index(b"stream", data.index(b"stream") + 10) + 200
        path.write_bytes(data[:start] + b"!" * 40 + data[start + 40 :])
    elif content == "docx-half-xml":  # a sound zip whose document.xml is cut in half
        with zipfile.ZipFile(files["styles"]) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                data = source.read(item.filename)
                cut = item.filename == "word/document.xml"
                target.writestr(item, data[: len(data) // 2] if cut else data)
    elif content == "zip-bomb":  # 300 MB of zeros in a few hundred KB
        with (
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
            archive.open("word/document.xml", "w") as member,
        ):
            for _ in range(300):
                member.write(bytes(1_000_000))
    elif content == "zip-without-word":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    assert reason in _refusal(path)


@pytest.mark.parametrize(
    ("source", "name", "says"),
    [
        ("pdf", "report.docx", "the file is a PDF"),
        ("styles", "report.pdf", "the file is a Word document"),
        ("pdf", "report.txt", "the file is a PDF"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    files: dict[str, Path], tmp_path: Path, source: str, name: str, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(files[source].read_bytes())
    line = _refusal(path)
    assert says in line and "the name says" in line


def test_a_file_without_an_extension_is_read_by_its_content(
    files: dict[str, Path], tmp_path: Path
) -> None:
    path = tmp_path / "report-from-mail"
    path.write_bytes(files["styles"].read_bytes())
    assert read_document(path).kind == "Word"


def test_pdf_lines_join_into_paragraphs_by_indent_width_and_page() -> None:
    def line(page: int, x0: float, x1: float, y0: float, text: str, size: float = 10) -> _Line:
        return _Line(page, x0, x1, y0, size, text)

    lines = [
        line(1, 100, 400, 700, "中山市直机关报道", size=16),
        line(1, 70, 500, 670, "第一段第一行写满了"),  # indented: a paragraph starts
        line(1, 50, 500, 655, "第一段第二行也写满"),  # full to the right edge: no paragraph end
        line(1, 70, 500, 640, "第二段从缩进开始写满"),  # indented again: a new paragraph
        line(1, 50, 500, 625, "它在页尾写满了"),
        line(2, 50, 500, 700, "到下一页接着写满了"),  # not indented: the paragraph goes on
        line(2, 50, 490, 685, "with EAP"),
        line(2, 50, 200, 670, "program结束。"),  # two Latin words keep their space
        line(2, 50, 300, 650, "■市委办公室", size=12),
        line(2, 70, 300, 630, "短段。"),
    ]
    assert _paragraphs(lines) == [
        "中山市直机关报道",
        "第一段第一行写满了第一段第二行也写满",
        "第二段从缩进开始写满它在页尾写满了到下一页接着写满了with EAP program结束。",
        "■市委办公室",
        "短段。",
    ]


def test_a_text_file_with_masthead_and_source_line(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    text = "\n".join(["中山日报", lines[0], "来源:中山日报 2018-12-10 09:30", *lines[1:]])
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    assert (document.newspaper, document.date) == (SEED_NEWSPAPER, "2018-12-10")
    assert document.text.splitlines()[: len(_seed_lines())] == _seed_lines()


def test_pdf_furniture_is_page_numbers_repeats_and_datelines() -> None:
    pages = [
        [
            _Line(1, 50, 300, 800, 9, "中山日报 A3版 要闻"),
            _Line(1, 50, 500, 700, 10, "正文第一行"),
            _Line(1, 280, 300, 30, 9, "3"),
        ],
        [
            _Line(2, 50, 300, 800, 9, "2018年12月10日 星期一 A4"),  # the other page's header
            _Line(2, 50, 500, 700, 10, "正文第二行"),
            _Line(2, 50, 500, 40, 9, "本版编辑 张三"),  # on both pages
            _Line(2, 280, 300, 30, 9, "- 4 -"),
        ],
    ]
    pages[0].insert(2, _Line(1, 50, 500, 40, 9, "本版编辑 张三"))
    kept = {line.text for page in pages for line in page} - {
        line.text for page in pages for line in page if id(line) in _furniture(pages)
    }
    assert kept == {"正文第一行", "正文第二行"}


def test_a_kicker_title_and_subtitle_in_their_own_sizes_make_one_title() -> None:
    lines = [
        _Line(1, 200, 400, 780, 12, "市直机关党建推进会召开"),  # the kicker, above
        _Line(1, 50, 500, 750, 20, "中山市直机关创建模范机关活动全面展开推进全市机关党的"),
        _Line(1, 150, 350, 725, 20, "建设全面进步"),  # the main title runs on a second line
        _Line(1, 150, 350, 700, 14, "——8个单位交流经验做法"),
        _Line(1, 70, 500, 670, 10, "正文从这里开始,写满一行。"),
        _Line(1, 50, 300, 655, 10, "第二行。"),
        _Line(1, 50, 200, 630, 12, "■市委办公室"),
        _Line(1, 70, 300, 610, 10, "短段。"),
        _Line(1, 70, 500, 595, 10, "最后一段的文字比标题多,正文的字号才是最常见的字号。"),
        _Line(1, 50, 400, 580, 10, "它到这里结束。"),
    ]
    assert _paragraphs(lines) == [
        "市直机关党建推进会召开 中山市直机关创建模范机关活动全面展开推进全市机关党的建设全面进步"
        " ——8个单位交流经验做法",
        "正文从这里开始,写满一行。第二行。",
        "■市委办公室",
        "短段。",
        "最后一段的文字比标题多,正文的字号才是最常见的字号。它到这里结束。",
    ]


def test_a_byline_can_name_the_newspaper(tmp_path: Path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "r.txt"
    path.write_text("\n".join([lines[0], "中山日报记者 黄海潮", *lines[1:]]), encoding="utf-8")
    assert read_document(path).newspaper == SEED_NEWSPAPER
