"""The knowledge's data model: reports, agencies, paragraphs and their figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "REPORT_DATE",
    "Agency",
    "Comparison",
    "Faq",
    "GlossaryTerm",
    "Knowledge",
    "Metric",
    "Paragraph",
    "Report",
]

# A report's publication date: 2018-12, or 2018-12-05. Its year is what 今年 means.
REPORT_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?$")


@dataclass(frozen=True, slots=True)
class Comparison:
    """A change against a baseline: 同比上升37.8%."""

    basis: str  # 同比, 环比, 比上年 …
    direction: str  # 上升, 增长, 下降 …
    value: float
    unit: str  # %, 个百分点, 倍

    def text(self) -> str:
        """Return the comparison as the report would write it."""
        return f"{self.basis}{self.direction}{format_number(self.value)}{self.unit}"


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure of a paragraph, with what it counts and where it stands."""

    id: str
    label: str
    value: float
    unit: str
    clause: str
    qualifier: str | None = None  # 多, 余, 近, 约 …: "200多人次" is not "200人次"
    period: str | None = None
    comparison: Comparison | None = None
    rank: int | None = None
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def figure(self) -> str:
        """Return the figure as written: 200多人次, 近400人次, 37.8%."""
        number = format_number(self.value)
        if self.qualifier in _PREFIX_QUALIFIERS:
            return f"{self.qualifier}{number}{self.unit}"
        return f"{number}{self.qualifier or ''}{self.unit}"


_PREFIX_QUALIFIERS = frozenset({"近", "约", "超", "逾", "超过", "不到", "达"})


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the report, verbatim, with the figures it holds."""

    text: str
    metrics: tuple[Metric, ...] = ()


@dataclass(frozen=True, slots=True)
class Faq:
    """Phrasings an admin wants to lead to one metric or one paragraph."""

    questions: tuple[str, ...]
    metric: str | None = None
    paragraph: int | None = None  # 1-based, as admins count


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """English phrasings of the report's domain and the report's own Chinese for them."""

    en: tuple[str, ...]  # "cases closed", "closed cases" …
    zh: tuple[str, ...]  # 结案 …


@dataclass(frozen=True, slots=True)
class Agency:
    """One section of a report: an agency, its heading and its paragraphs."""

    id: str
    name: str
    heading: str
    report_id: str
    paragraphs: tuple[Paragraph, ...]
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    faq: tuple[Faq, ...] = ()
    source: str = ""

    @property
    def metrics(self) -> tuple[Metric, ...]:
        """Return every figure of the agency, in reading order."""
        return tuple(m for p in self.paragraphs for m in p.metrics)


@dataclass(frozen=True, slots=True)
class Report:
    """A report: its own facts, its lead and the agencies it covers."""

    id: str
    title: str
    newspaper: str
    date: str  # YYYY-MM or YYYY-MM-DD of publication
    year: int  # what the report's 今年 means
    place: str
    authors: tuple[str, ...]
    byline: str
    lead: tuple[Paragraph, ...]
    meeting: str | None = None
    speakers: tuple[str, ...] = ()
    agencies: tuple[Agency, ...] = ()
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    faq: tuple[Faq, ...] = ()
    source: str = ""
    glossary: tuple[GlossaryTerm, ...] = ()  # from the folder's glossary.yaml
    # The parts of the report's place, by name without their level (小榄 of 小榄镇): a
    # figure of the whole city is no figure of one of them. Kept by hand, like aliases.
    towns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Every report the bot knows, complete and consistent."""

    reports: tuple[Report, ...]
    loaded_from: str = ""
    version: str = ""
    files: tuple[str, ...] = field(default=())

    @property
    def agencies(self) -> tuple[Agency, ...]:
        """Return the agencies of every report."""
        return tuple(a for r in self.reports for a in r.agencies)

    def editions(self, agency: Agency) -> tuple[Agency, ...]:
        """Return the agency as every report of its place gives it, the latest report first.

        Reports of one place for different periods cover the same agencies; an agency of
        another place with the same name is another agency and is not among them.
        """
        cached = _editions_cache
        if cached is None or cached[0] is not self:
            cached = (self, _editions_of(self))
            _set_editions_cache(cached)
        return cached[1].get(agency.id, (agency,))

    @property
    def glossary(self) -> tuple[GlossaryTerm, ...]:
        """Return the glossary terms of every report."""
        return tuple(t for r in self.reports for t in r.glossary)

    @property
    def metric_count(self) -> int:
        """Return how many figures the knowledge holds."""
        lead = sum(len(p.metrics) for r in self.reports for p in r.lead)
        return lead + sum(len(a.metrics) for a in self.agencies)


def format_number(value: float) -> str:
    """Write a number the way the report does: 448, 37.8, 2809.08."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


# The editions of the last knowledge asked about: one knowledge serves until a reload.
_editions_cache: tuple[Knowledge, dict[str, tuple[Agency, ...]]] | None = None


def _set_editions_cache(value: tuple[Knowledge, dict[str, tuple[Agency, ...]]]) -> None:
    global _editions_cache
    _editions_cache = value


def _editions_of(knowledge: Knowledge) -> dict[str, tuple[Agency, ...]]:
    """Map each agency id to the agency in every report of its place, the latest first."""
    by_name: dict[tuple[str, str], list[tuple[str, str, Agency]]] = {}
    for report in knowledge.reports:
        for agency in report.agencies:
            by_name.setdefault((report.place, agency.name), []).append(
                (report.date, report.id, agency)
            )
    found: dict[str, tuple[Agency, ...]] = {}
    for editions in by_name.values():
        editions.sort(key=lambda item: (item[0], item[1]), reverse=True)
        ordered = tuple(agency for _, _, agency in editions)
        found.update((agency.id, ordered) for agency in ordered)
    return found
