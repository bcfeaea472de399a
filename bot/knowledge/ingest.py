"""Turn a report's text into a knowledge folder: sections, paragraphs and their figures."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from bot.knowledge.documents import find_newspaper_and_date
from bot.knowledge.loader import REPORT_FILE, KnowledgeError, Problem
from bot.knowledge.metrics import ExtractedMetric, extract_metrics
from bot.knowledge.schema import REPORT_DATE
from bot.knowledge.sentences import SENTENCE_ENDS, split_sentences
from bot.text import CJK

__all__ = [
    "Ask",
    "Missing",
    "ParsedReport",
    "ParsedSection",
    "agency_name",
    "ingest_report",
    "parse_report",
    "report_id_for",
]

_HEADING = re.compile(r"^\s*■\s*(.+?)\s*$")
_BYLINE = re.compile(r"^\s*(?:文/图|文|图|记者|通讯员|撰文)\s*[//::]?\s*(.+)$")
_TEASER = re.compile(r"^\s*(?:新闻推荐|相关阅读|延伸阅读|相关新闻)\s*$")
# An agency's name opens its heading and ends with a word that names a body.
# {city} is the report's place without 市 (中山), which may stand before it.
_AGENCY_NAME = (
    rf"^((?:{{city}})?市?[{CJK}]{{{{1,10}}}}?"
    r"(?:常委会机关|监委|机关|局|办公室|组织部|宣传部|统战部|政法委|人民法院|人民检察院|法院|检察院"
    r"|委员会|中心|公司|集团|大学|学院|医院))"
)
_PLACE = re.compile(rf"([{CJK}]{{2,3}}?[市县区省])")
_MAX_REPORT_BYTES = 5_000_000
# Ids may be 40 characters long; a figure's id adds "-NNN" to its agency's.
_MAX_AGENCY_ID = 36
_MAX_REPORT_PREFIX = 24


class Missing(NamedTuple):
    """Something a report does not say and ingest needs: what it is, its flag, an example."""

    what: str
    flag: str
    example: str


# Asks the person running ingest for everything the document does not say, answers in order.
Ask = Callable[[list[Missing]], list[str]]

_HEADER = """\
# {what} of the report "{title}".
# Written by `reportbot ingest`; re-running it keeps what admins add by hand:
#   aliases, keywords and faq (here and on any metric).
# Everything else comes from the report's text: correct the text there and re-ingest,
# or edit here and keep each metric's clause word for word in its paragraph.
"""


@dataclass(slots=True)
class ParsedSection:
    """A ■ section of a report: its heading and paragraphs."""

    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedReport:
    """A report's text split into title, byline, lead and sections."""

    title: str
    byline: str
    authors: list[str]
    lead: list[str]
    sections: list[ParsedSection]


def parse_report(text: str, *, source: str = "report") -> ParsedReport:
    """Split a report's text into its parts; the closing teaser (新闻推荐) is dropped."""
    if "\x00" in text:
        raise KnowledgeError([Problem(source, 1, "the report is not text")])
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    problems = []
    title, byline, authors = "", "", list[str]()
    lead: list[str] = []
    sections: list[ParsedSection] = []
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if _TEASER.match(line):
            break
        if not title:
            title = line
            continue
        heading = _HEADING.match(line)
        byline_match = _BYLINE.match(line)
        if heading:
            sections.append(ParsedSection(heading.group(1)))
        elif byline_match and not byline and len(line) < 80:
            byline = line
            authors = byline_match.group(1).split()
        elif sections:
            sections[-1].paragraphs.append(line)
        else:
            lead.append(line)
        if len(line) > 100_000:
            problems.append(Problem(source, number, "a line is longer than 100000 characters"))
    if not title:
        problems.append(Problem(source, 1, "the report is empty"))
    elif not sections:
        problems.append(Problem(source, 1, "the report has no sections (lines starting with ■)"))
    for section in sections:
        if not section.paragraphs:
            problems.append(Problem(source, 1, f"section {section.heading!r} has no paragraphs"))
    if problems:
        raise KnowledgeError(problems)
    return ParsedReport(title, byline, authors, lead, sections)


def agency_name(heading: str, *, place: str = "") -> str:
    """Return the agency a heading is about: 市纪委监委建设… → 市纪委监委."""
    head = heading.split()[0] if heading.split() else heading
    match = re.match(_AGENCY_NAME.format(city=re.escape(_city(place))), head)
    if match:
        return match.group(1)
    return head[:8]


def _agency_id(name: str, taken: set[str], report_id: str) -> str:
    """Make an id from the report's id and the name's initials: foshan-2018-12-sjwjw.

    The report's id keeps ids unique across reports that cover the same agencies.
    """
    from pypinyin import Style, lazy_pinyin

    prefix = report_id[:_MAX_REPORT_PREFIX].rstrip("-_")
    letters = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    room = min(12, max(_MAX_AGENCY_ID - len(prefix) - 1 - 2, 4))  # 2 for a "2" … "99" suffix
    initials = re.sub(r"[^a-z0-9]", "", letters.lower())[:room] or "agency"
    base = f"{prefix}-{initials}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    taken.add(candidate)
    return candidate


def report_id_for(place: str, date: str) -> str:
    """Return a report's id from its place and month, in pinyin: 佛山市, 2018-12 → foshan-2018-12."""
    from pypinyin import Style, lazy_pinyin

    name = place.strip()
    if len(name) > 2 and name[-1] in "市县区省":
        name = name[:-1]
    letters = "".join(lazy_pinyin(name, style=Style.NORMAL, errors="ignore"))
    slug = re.sub(r"[^a-z0-9]", "", letters.lower())[:20] or "report"
    return f"{slug}-{date[:7]}"


def _city(place: str) -> str:
    """Return a place as a name is prefixed with it before 市: 中山市 -> 中山."""
    return place.removesuffix("市")


def _subjects(name: str, place: str) -> tuple[str, ...]:
    """Return how a section refers to its own agency: its name, 该局, 该法院 …"""
    city = _city(place)
    short = (name.removeprefix(city) if city else name).removeprefix("市")
    tails = [name[-i:] for i in (1, 2, 3) if len(name) > i]
    return (name, short, *[f"该{tail}" for tail in tails], *[f"本{tail}" for tail in tails])


def _metric_dict(metric_id: str, metric: ExtractedMetric) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": metric_id,
        "label": metric.label,
        "value": _number(metric.value),
        "unit": metric.unit,
    }
    if metric.qualifier:
        data["qualifier"] = metric.qualifier
    if metric.period:
        data["period"] = metric.period
    if metric.comparison:
        c = metric.comparison
        data["comparison"] = _Flow(
            basis=c.basis, direction=c.direction, value=_number(c.value), unit=c.unit
        )
    if metric.rank is not None:
        data["rank"] = metric.rank
    data["clause"] = metric.clause
    return data


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _paragraphs(
    texts: list[str], id_prefix: str, subjects: tuple[str, ...], old: dict[tuple[Any, ...], Any]
) -> list[dict[str, Any]]:
    paragraphs, n = [], 0
    for text in texts:
        metrics = []
        for metric in extract_metrics(text, subjects=subjects):
            n += 1
            data = _metric_dict(f"{id_prefix}-{n:02d}", metric)
            curated = old.get(_metric_key(data), {})
            for key in ("aliases", "keywords"):
                if curated.get(key):
                    data[key] = _Flow.seq(curated[key])
            metrics.append(data)
        paragraph: dict[str, Any] = {"text": text}
        if metrics:
            paragraph["metrics"] = metrics
        paragraphs.append(paragraph)
    return paragraphs


def _metric_key(data: dict[str, Any]) -> tuple[Any, ...]:
    return (data.get("label"), data.get("value"), data.get("unit"), data.get("clause"))


def _old_metrics(document: dict[str, Any], key: str) -> dict[tuple[Any, ...], Any]:
    found = {}
    for paragraph in document.get(key) or []:
        for metric in (paragraph or {}).get("metrics") or []:
            if isinstance(metric, dict):
                found[_metric_key(metric)] = metric
    return found


def _read_existing(
    out: Path, *, strict: bool = True
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Return the report and agency documents already in a folder, by heading.

    A file that cannot be read is an error when `strict`, else it is passed over.
    """
    report: dict[str, Any] = {}
    agencies: dict[str, dict[str, Any]] = {}
    if not out.is_dir():
        return report, agencies
    for path in sorted(out.glob("*.yaml")):
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            if not strict:
                continue
            raise KnowledgeError(
                [Problem(str(path), 1, f"cannot keep its curated fields: {exc}")]
            ) from exc
        if not isinstance(document, dict):
            continue
        if path.name == REPORT_FILE:
            report = document
        elif isinstance(document.get("heading"), str):
            agencies[document["heading"]] = {**document, "_file": path.name}
    return report, agencies


def ingest_report(
    text: str,
    out: Path,
    *,
    source: str = "",
    report_id: str | None = None,
    newspaper: str | None = None,
    date: str | None = None,
    place: str | None = None,
    ask: Ask | None = None,
) -> list[Path]:
    """Write a report's knowledge folder and return the files written.

    Re-running it over an existing folder keeps ids, aliases, keywords and FAQ entries.
    The newspaper, date and place given win over those of an earlier ingest into the
    folder; what neither says is asked with `ask` when there is one. Without it a missing
    date or place is an error and a missing newspaper is written as 本报. Ids come from
    the place and month (foshan-2018-12), whatever the folder is called; nothing is
    written when they would collide with another report beside the folder.
    """
    what = source or "report"
    if len(text.encode("utf-8", "replace")) > _MAX_REPORT_BYTES:
        raise KnowledgeError([Problem(what, 1, "the report is larger than 5 MB")])
    parsed = parse_report(text, source=what)
    old_report, old_agencies = _read_existing(out)
    date = date or old_report.get("date")
    newspaper = newspaper or old_report.get("newspaper")
    place_match = _PLACE.search(parsed.title)
    place = place or old_report.get("place") or (place_match.group(1) if place_match else "")
    missing = [
        Missing(name, flag, example)
        for name, flag, example, value in (
            ("publication date", "--date", "2018-12", date),
            ("newspaper", "--newspaper", "中山日报", newspaper),
            ("city", "--place", "中山市", place),
        )
        if not value
    ]
    if missing and ask is not None:
        answers = dict(zip(missing, (a.strip() for a in ask(missing)), strict=True))
        for item, answer in answers.items():
            if item.flag == "--date":
                date = answer
            elif item.flag == "--newspaper":
                newspaper = answer
            else:
                place = answer
    unknown = [m for m in missing if m.flag != "--newspaper"] if ask is None else []
    if unknown:
        whats = " and the ".join(m.what for m in unknown)
        flags = " ".join(f"{m.flag} {m.example}" for m in unknown)
        raise KnowledgeError([Problem(what, 0, f"give the report's {whats}: {flags}")])
    if date and not REPORT_DATE.match(str(date)):
        date = find_newspaper_and_date([str(date)])[1] or date  # 2018年12月 → 2018-12
    if not date or not REPORT_DATE.match(str(date)):
        raise KnowledgeError(
            [Problem(what, 0, f"the date {date!r} should look like 2018-12 or 2018-12-10")]
        )
    date = str(date)
    if not place:
        raise KnowledgeError([Problem(what, 0, "no city given: --place 中山市")])
    report_id = report_id or old_report.get("id") or report_id_for(place, date)

    taken: set[str] = set()
    names = [agency_name(section.heading, place=place) for section in parsed.sections]
    agencies: list[tuple[str, dict[str, Any]]] = []
    for section, name in zip(parsed.sections, names, strict=True):
        old = old_agencies.get(section.heading, {})
        agency_id = old.get("id") if isinstance(old.get("id"), str) else None
        if not agency_id or agency_id in taken:
            agency_id = _agency_id(name, taken, report_id)
        taken.add(agency_id)
        document: dict[str, Any] = {
            "id": agency_id,
            "name": old.get("name") if isinstance(old.get("name"), str) else name,
            "heading": section.heading,
            "aliases": _Flow.seq(old.get("aliases") or []),
            "keywords": _Flow.seq(old.get("keywords") or []),
            "faq": old.get("faq") or [],
        }
        if source:
            document["source"] = source
        document["paragraphs"] = _paragraphs(
            section.paragraphs,
            agency_id,
            _subjects(document["name"], place),
            _old_metrics(old, "paragraphs"),
        )
        agencies.append((old.get("_file") or f"{len(agencies) + 1:02d}-{agency_id}.yaml", document))

    lead_text = " ".join(parsed.lead)
    sentences = [s.rstrip(SENTENCE_ENDS) for s in split_sentences(lead_text)]
    meeting = next((s for s in sentences if "召开" in s), None)
    speakers = [
        n for n in names if any(n in s and re.search("交流|发言|介绍", s) for s in sentences)
    ]
    report: dict[str, Any] = {
        "id": report_id,
        "title": parsed.title,
        "newspaper": newspaper or "本报",
        "date": date,
        "year": int(date[:4]),
        "place": place,
        "authors": _Flow.seq(parsed.authors),
        "byline": parsed.byline or "(无署名)",
    }
    if meeting:
        report["meeting"] = meeting.strip(" ,,")
    if speakers:
        report["speakers"] = _Flow.seq(speakers)
    if source:
        report["source"] = source
    if old_report.get("towns"):
        report["towns"] = _Flow.seq(old_report["towns"])
    report["aliases"] = _Flow.seq(old_report.get("aliases") or [])
    report["keywords"] = _Flow.seq(old_report.get("keywords") or [])
    report["faq"] = old_report.get("faq") or []
    lead_prefix = report_id[: _MAX_AGENCY_ID - 5].rstrip("-_")
    report["lead"] = _paragraphs(
        parsed.lead, f"{lead_prefix}-lead", (), _old_metrics(old_report, "lead")
    )

    files = {REPORT_FILE: _render(report, "The report's own entry", parsed.title)}
    for file_name, document in agencies:
        files[file_name] = _render(document, f"Section {document['name']}", parsed.title)
    _check_loads(files, out.name or "report")
    _check_collisions(out, report, [document for _, document in agencies])

    out.mkdir(parents=True, exist_ok=True)
    for old in old_agencies.values():
        if old["_file"] not in files:
            (out / old["_file"]).unlink()  # its section is gone from the report
    for file_name, text in files.items():
        (out / file_name).write_text(text, encoding="utf-8")
    return [out / file_name for file_name in files]


def _ids(report: dict[str, Any], agencies: list[dict[str, Any]]) -> set[str]:
    """Return every id a report's documents hold: its own, its agencies' and its figures'."""
    found = {str(document.get("id")) for document in (report, *agencies)}
    for document in (report, *agencies):
        for paragraph in document.get("lead") or document.get("paragraphs") or []:
            metrics = paragraph.get("metrics") if isinstance(paragraph, dict) else None
            found.update(str(m.get("id")) for m in metrics or [] if isinstance(m, dict))
    return found


def _check_collisions(out: Path, report: dict[str, Any], agencies: list[dict[str, Any]]) -> None:
    """Refuse, in one line naming both reports, ids another report beside `out` already uses.

    Ids made here start with the report's id, so another report's files are read whole
    only when their report's id could make the same ids, or when this one keeps ids of
    its own (curated ones, like the seed's `fayuan`).
    """
    root = out.resolve().parent
    if not root.is_dir():
        return
    ours = _ids(report, agencies)
    prefix = str(report["id"])[:_MAX_REPORT_PREFIX]
    own_ids = any(not i.startswith(prefix) for i in ours)
    for folder in sorted(root.iterdir()):
        other_file = folder / REPORT_FILE
        if folder == out.resolve() or folder.name.startswith(".") or not other_file.is_file():
            continue
        other = _quick_load(other_file)
        other_id = str(other.get("id") or "")
        where = out.parent / folder.name / REPORT_FILE
        title = str(other.get("title") or "")[:24]
        if other_id == report["id"]:
            message = (
                f"this report and {where} ({title}…) would both have the id {other_id!r}: "
                f"ingest into {out.parent / folder.name} to update that one, or give this "
                f"one its own with --id {other_id}-2"
            )
        elif own_ids or other_id[:_MAX_REPORT_PREFIX] == prefix:
            _, other_agencies = _read_existing(folder, strict=False)
            shared = sorted(ours & _ids(other, list(other_agencies.values())))
            if not shared:
                continue
            listed = ", ".join(shared[:5]) + (" …" if len(shared) > 5 else "")
            message = (
                f"{len(shared)} ids of this report are already used by {where} ({title}…): "
                f"{listed}; give this report its own with --id"
            )
        else:
            continue
        raise KnowledgeError([Problem(str(out / REPORT_FILE), 0, message)])


def _quick_load(path: Path) -> dict[str, Any]:
    """Return a YAML mapping, or {} for a file that cannot be read: the loader names those."""
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return document if isinstance(document, dict) else {}


def _check_loads(files: dict[str, str], folder: str) -> None:
    """Load the files from a scratch folder: ingest never writes knowledge the bot refuses."""
    from bot.knowledge.loader import load_knowledge

    with tempfile.TemporaryDirectory(prefix="reportbot-ingest-") as scratch:
        target = Path(scratch) / folder
        target.mkdir()
        for file_name, text in files.items():
            (target / file_name).write_text(text, encoding="utf-8")
        load_knowledge(Path(scratch))


class _Flow(dict[str, Any]):
    """A mapping written on one line: {basis: 同比, direction: 上升, …}."""

    @staticmethod
    def seq(items: list[Any] | tuple[Any, ...]) -> _FlowList:
        return _FlowList(items)


class _FlowList(list[Any]):
    """A list written on one line: [纪委, 监委]."""


class _Dumper(yaml.SafeDumper):
    """Write knowledge the way admins read it: unicode, no wrapping, flow style for short bits."""


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)
_Dumper.add_representer(
    _FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _render(document: dict[str, Any], what: str, title: str) -> str:
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return _HEADER.format(what=what, title=title[:200]) + body
