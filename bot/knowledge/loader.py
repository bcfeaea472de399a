"""Load and validate a knowledge directory: every problem as `file:line: message`."""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from bot.knowledge.schema import (
    REPORT_DATE,
    Agency,
    Comparison,
    Faq,
    GlossaryTerm,
    Knowledge,
    Metric,
    Paragraph,
    Report,
)

__all__ = [
    "KnowledgeError",
    "ParseCache",
    "Problem",
    "bundled_knowledge_dir",
    "glossary_key",
    "knowledge_files",
    "load_knowledge",
    "parse_yaml",
]

REPORT_FILE = "report.yaml"
GLOSSARY_FILE = "glossary.yaml"  # English phrasings of a report's words, beside report.yaml
MAX_FILE_BYTES = 2_000_000
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a knowledge file, where an admin can find it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:  # about a whole file or folder, not a line of it
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge cannot be used; `problems` says every reason, with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


MAX_DEPTH = 32
_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str) -> yaml.Node | None:
    """Compose a YAML text into nodes with libyaml, refusing anchors, aliases and deep nesting.

    The events are checked first, without recursion, so that neither an alias bomb nor a
    file nested a million levels deep reaches the composer.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_FastLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _refusal("anchors and aliases (&name, *name) are not allowed", event)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _refusal(f"nested more than {MAX_DEPTH} levels deep", event)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    node: yaml.Node | None = yaml.compose(text, Loader=_FastLoader)
    return node


def _refusal(message: str, event: yaml.Event) -> yaml.MarkedYAMLError:
    mark: Any = event.start_mark  # libyaml's marks carry the same line and column
    return yaml.MarkedYAMLError(None, None, message, mark)


def bundled_knowledge_dir() -> Path:
    """Return the knowledge shipped with the bot: the checkout's, else the installed copy."""
    package = Path(__file__).resolve().parent.parent
    checkout = package.parent / "knowledge"
    if checkout.is_dir() and (package.parent / "pyproject.toml").is_file():
        return checkout
    return package / "bundled_knowledge"


def knowledge_files(directory: Path) -> list[Path]:
    """Return the YAML files of a knowledge directory and its report folders, in order.

    Two levels and no deeper: a link to elsewhere cannot make the bot walk a whole disk.
    """
    return sorted(
        p
        for pattern in ("*.y*ml", "*/*.y*ml")
        for p in directory.glob(pattern)
        if p.suffix in (".yaml", ".yml")
    )


def _read_bytes(path: Path, display: str, problems: list[Problem]) -> bytes | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problems.append(Problem(display, 1, f"cannot read the file: {exc.strerror}"))
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.append(Problem(display, 1, f"file is larger than {MAX_FILE_BYTES} bytes"))
        return None
    return data


def parse_yaml(data: bytes, display: str, problems: list[Problem]) -> yaml.Node | None:
    """Parse YAML bytes into a node tree, or record why they cannot be read."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(display, line, "file is not UTF-8 text; save it as UTF-8"))
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.append(Problem(display, 1, "file is empty"))
        return None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = f"YAML syntax error: {exc.problem or exc}"
        context = exc.context or ""
        if exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
            if "flow" in context or "quoted" in context:
                # An unclosed [ { or quote: the mistake is where it opened.
                message += f" (noticed on line {line})"
                line = exc.context_mark.line + 1
            else:
                message += f" ({context} on line {exc.context_mark.line + 1})"
        problems.append(Problem(display, line, message))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(display, 1, f"YAML error: {exc}"))
        return None
    except RecursionError:
        problems.append(Problem(display, 1, "YAML is nested too deeply"))
        return None
    if node is None:
        problems.append(Problem(display, 1, "file is empty"))
    return node


class _Reader:
    """Turn the nodes of one file into typed values, recording problems with their lines."""

    def __init__(self, display: str, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems

    def error(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.display, node.start_mark.line + 1, message))

    def mapping(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} should be a mapping of keys to values")
            return None
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key not in required + optional:
                known = ", ".join(required + optional)
                self.error(key_node, f"unknown key {key!r} in {what} (known keys: {known})")
            elif key in fields:
                self.error(key_node, f"key {key!r} appears twice in {what}")
            else:
                fields[key] = value_node
        for key in required:
            if key not in fields:
                self.error(node, f"{what} is missing the key {key!r}")
        if any(key not in fields for key in required):
            return None
        return fields

    def text(self, node: yaml.Node | None, what: str, *, allow_empty: bool = False) -> str | None:
        if node is None or _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:timestamp",
        ):
            self.error(node, f"{what} should be text (put it in quotes)")
            return None
        value = str(node.value)
        if not value.strip() and not allow_empty:
            self.error(node, f"{what} is empty")
            return None
        return value

    def required_text(self, fields: dict[str, yaml.Node], key: str, what: str) -> str:
        value = self.text(fields.get(key), f"{what} {key}")
        if value is None and key in fields and _is_null(fields[key]):
            self.error(fields[key], f"{what} {key} is empty")
        return value or ""

    def number(self, node: yaml.Node | None, what: str) -> float | None:
        if node is None or _is_null(node):
            return None
        if not isinstance(node, yaml.ScalarNode) or node.tag not in (
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
        ):
            self.error(node, f"{what} should be a number, like 448 or 37.8")
            return None
        try:
            value = float(str(node.value).replace("_", ""))
        except ValueError:
            self.error(node, f"{what} should be a plain number, like 448 or 37.8")
            return None
        if not math.isfinite(value) or abs(value) > 1e15:
            self.error(node, f"{what} is not a usable number")
            return None
        return value

    def integer(self, node: yaml.Node | None, what: str) -> int | None:
        value = self.number(node, what)
        if value is None:
            return None
        if not value.is_integer():
            self.error(node, f"{what} should be a whole number")  # type: ignore[arg-type]
            return None
        return int(value)

    def items(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None or _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{what} should be a list (lines starting with '- ')")
            return []
        return list(node.value)

    def texts(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        values = (self.text(item, f"each of {what}") for item in self.items(node, what))
        return tuple(v for v in values if v is not None)

    def each(
        self, node: yaml.Node | None, what: str, read: Callable[[yaml.Node], _T | None]
    ) -> tuple[_T, ...]:
        values = (read(item) for item in self.items(node, what))
        return tuple(v for v in values if v is not None)

    def ident(self, node: yaml.Node | None, what: str) -> str:
        value = self.text(node, what) or ""
        if value and not _ID.match(value) and node is not None:
            self.error(node, f"{what} {value!r} should be lower-case letters, digits, - or _")
        return value


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


_METRIC_KEYS = ("id", "label", "value", "unit", "clause")
_METRIC_OPTIONAL = ("qualifier", "period", "comparison", "rank", "aliases", "keywords")
_CURATED = ("aliases", "keywords", "faq")


def _read_metric(reader: _Reader, node: yaml.Node, paragraph: str) -> Metric | None:
    fields = reader.mapping(node, "a metric", _METRIC_KEYS, _METRIC_OPTIONAL)
    if fields is None:
        return None
    clause = reader.required_text(fields, "clause", "the metric's")
    value = reader.number(fields["value"], "the metric's value")
    if clause and clause not in paragraph:
        reader.error(fields["clause"], "the metric's clause is not word for word in its paragraph")
    comparison = None
    if "comparison" in fields and not _is_null(fields["comparison"]):
        comparison = _read_comparison(reader, fields["comparison"])
    metric = Metric(
        id=reader.ident(fields["id"], "the metric id"),
        label=reader.required_text(fields, "label", "the metric's"),
        value=value if value is not None else math.nan,
        unit=reader.required_text(fields, "unit", "the metric's"),
        clause=clause,
        qualifier=reader.text(fields.get("qualifier"), "the metric's qualifier"),
        period=reader.text(fields.get("period"), "the metric's period"),
        comparison=comparison,
        rank=reader.integer(fields.get("rank"), "the metric's rank"),
        aliases=reader.texts(fields.get("aliases"), "the metric's aliases"),
        keywords=reader.texts(fields.get("keywords"), "the metric's keywords"),
    )
    return metric if value is not None else None


def _read_comparison(reader: _Reader, node: yaml.Node) -> Comparison | None:
    fields = reader.mapping(node, "a comparison", ("basis", "direction", "value", "unit"), ())
    if fields is None:
        return None
    value = reader.number(fields["value"], "the comparison's value")
    if value is None:
        return None
    return Comparison(
        basis=reader.required_text(fields, "basis", "the comparison's"),
        direction=reader.required_text(fields, "direction", "the comparison's"),
        value=value,
        unit=reader.required_text(fields, "unit", "the comparison's"),
    )


def _read_paragraph(reader: _Reader, node: yaml.Node) -> Paragraph | None:
    fields = reader.mapping(node, "a paragraph", ("text",), ("metrics",))
    if fields is None:
        return None
    text = reader.required_text(fields, "text", "the paragraph's")
    metrics = reader.each(
        fields.get("metrics"), "metrics", lambda item: _read_metric(reader, item, text)
    )
    return Paragraph(text=text, metrics=metrics)


def _read_faq(reader: _Reader, node: yaml.Node, paragraphs: tuple[Paragraph, ...]) -> Faq | None:
    fields = reader.mapping(node, "an FAQ entry", ("questions",), ("metric", "paragraph"))
    if fields is None:
        return None
    questions = reader.texts(fields["questions"], "the FAQ questions")
    metric = reader.text(fields.get("metric"), "the FAQ metric")
    paragraph = reader.integer(fields.get("paragraph"), "the FAQ paragraph")
    if (metric is None) == (paragraph is None):
        reader.error(node, "an FAQ entry needs exactly one of 'metric' or 'paragraph'")
        return None
    if not questions:
        reader.error(fields["questions"], "an FAQ entry needs at least one question")
        return None
    if metric is not None and metric not in {m.id for p in paragraphs for m in p.metrics}:
        reader.error(fields["metric"], f"FAQ points to metric {metric!r}, which this file lacks")
        return None
    if paragraph is not None and not 1 <= paragraph <= len(paragraphs):
        reader.error(
            fields["paragraph"],
            f"FAQ points to paragraph {paragraph}, but there are {len(paragraphs)}",
        )
        return None
    return Faq(questions=questions, metric=metric, paragraph=paragraph)


_GLOSSARY_KEYS = ("en", "zh")
_LATIN = re.compile(r"[A-Za-z]")
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class _Glossary:
    """The terms of one glossary file, as parsed."""

    terms: tuple[GlossaryTerm, ...]


def _read_glossary(reader: _Reader, node: yaml.Node) -> _Glossary | None:
    fields = reader.mapping(node, "the glossary", ("terms",), ())
    if fields is None:
        return None
    seen: dict[str, int] = {}

    def read_term(item: yaml.Node) -> GlossaryTerm | None:
        term = reader.mapping(item, "a glossary term", _GLOSSARY_KEYS, ())
        if term is None:
            return None
        english = _one_or_more(reader, term["en"], "the term's en")
        chinese = _one_or_more(reader, term["zh"], "the term's zh")
        for phrase, phrase_node in english:
            key = glossary_key(phrase)
            if not _LATIN.search(phrase) or _HAN.search(phrase):
                reader.error(phrase_node, f"{phrase!r} should be English: words in Latin letters")
            elif key in seen:
                reader.error(phrase_node, f"{phrase!r} is listed twice (also on line {seen[key]})")
            else:
                seen[key] = phrase_node.start_mark.line + 1
        for word, word_node in chinese:
            if _LATIN.search(word) and not _HAN.search(word):
                reader.error(word_node, f"{word!r} should be the report's own Chinese word")
        if not english or not chinese:
            return None
        return GlossaryTerm(en=tuple(p for p, _ in english), zh=tuple(w for w, _ in chinese))

    terms = reader.each(fields["terms"], "terms", read_term)
    return _Glossary(terms=terms)


def _one_or_more(reader: _Reader, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
    """Read a text or a list of texts, each with its node (for its line)."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    found = [(reader.text(item, f"each of {what}"), item) for item in items]
    values = [(text.strip(), item) for text, item in found if text is not None]
    if not values and not any(text is None and not _is_null(i) for text, i in found):
        reader.error(node, f"{what} is empty")
    return values


_SPACE_RUN = re.compile(r"\s+")


def glossary_key(phrase: str) -> str:
    """Return the form two English phrasings are the same in: case and spacing folded."""
    return _SPACE_RUN.sub(" ", phrase.casefold()).strip()


_REPORT_KEYS = ("id", "title", "newspaper", "date", "year", "place", "authors", "byline", "lead")
_REPORT_OPTIONAL = ("meeting", "speakers", "source", "towns", *_CURATED)
_AGENCY_KEYS = ("id", "name", "heading", "paragraphs")
_AGENCY_OPTIONAL = ("source", *_CURATED)


def _read_report(reader: _Reader, node: yaml.Node, source: str) -> Report | None:
    fields = reader.mapping(node, "the report", _REPORT_KEYS, _REPORT_OPTIONAL)
    if fields is None:
        return None
    date = reader.required_text(fields, "date", "the report's")
    if date and not REPORT_DATE.match(date):
        reader.error(fields["date"], "the report's date should look like 2018-12 or 2018-12-06")
    year = reader.integer(fields["year"], "the report's year")
    lead = reader.each(fields["lead"], "lead", lambda item: _read_paragraph(reader, item))
    return Report(
        id=reader.ident(fields["id"], "the report id"),
        title=reader.required_text(fields, "title", "the report's"),
        newspaper=reader.required_text(fields, "newspaper", "the report's"),
        date=date,
        year=year or 0,
        place=reader.required_text(fields, "place", "the report's"),
        authors=reader.texts(fields["authors"], "the report's authors"),
        byline=reader.required_text(fields, "byline", "the report's"),
        lead=lead,
        meeting=reader.text(fields.get("meeting"), "the report's meeting"),
        speakers=reader.texts(fields.get("speakers"), "the report's speakers"),
        aliases=reader.texts(fields.get("aliases"), "the report's aliases"),
        keywords=reader.texts(fields.get("keywords"), "the report's keywords"),
        faq=reader.each(fields.get("faq"), "faq", lambda item: _read_faq(reader, item, lead)),
        source=source,
        towns=reader.texts(fields.get("towns"), "the report's towns"),
    )


def _read_agency(reader: _Reader, node: yaml.Node, report_id: str, source: str) -> Agency | None:
    fields = reader.mapping(node, "the agency", _AGENCY_KEYS, _AGENCY_OPTIONAL)
    if fields is None:
        return None
    paragraphs = reader.each(
        fields["paragraphs"], "paragraphs", lambda item: _read_paragraph(reader, item)
    )
    if not paragraphs:
        reader.error(fields["paragraphs"], "the agency has no paragraphs")
    return Agency(
        id=reader.ident(fields["id"], "the agency id"),
        name=reader.required_text(fields, "name", "the agency's"),
        heading=reader.required_text(fields, "heading", "the agency's"),
        report_id=report_id,
        paragraphs=paragraphs,
        aliases=reader.texts(fields.get("aliases"), "the agency's aliases"),
        keywords=reader.texts(fields.get("keywords"), "the agency's keywords"),
        faq=reader.each(fields.get("faq"), "faq", lambda item: _read_faq(reader, item, paragraphs)),
        source=source,
    )


def _report_dirs(root: Path, problems: list[Problem]) -> Iterator[Path]:
    for path in sorted(root.iterdir()):
        if path.is_dir() and not path.name.startswith("."):
            if (path / REPORT_FILE).is_file():
                yield path
            elif any(path.glob("*.yaml")):
                problems.append(
                    Problem(f"{path.name}/{REPORT_FILE}", 1, "the report file is missing")
                )
        elif path.suffix in (".yaml", ".yml"):
            problems.append(
                Problem(path.name, 1, "knowledge files belong in a report folder, not at the top")
            )


_Lines = dict[str, int]
# What the last load parsed, by file name, report and content: a reload parses again only
# the files that changed. Cross-file checks always run on the whole.
_Parsed = tuple[Report | Agency | _Glossary, _Lines]


class ParseCache:
    """The files the last load parsed, by name and content, for the next load to reuse.

    Whoever reloads the same directory again and again (the store behind /reload) owns
    one; a one-off load needs none.
    """

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, str, str], _Parsed] = {}
        self._lock = threading.Lock()

    def snapshot(self) -> dict[tuple[str, str, str], _Parsed]:
        """Return what the last load parsed."""
        with self._lock:
            return dict(self._parsed)

    def keep(self, parsed: dict[tuple[str, str, str], _Parsed]) -> None:
        """Keep what this load parsed, and only that."""
        with self._lock:
            self._parsed = dict(parsed)


def load_knowledge(directory: Path, *, cache: ParseCache | None = None) -> Knowledge:
    """Load every report of a knowledge directory, or raise one KnowledgeError listing all problems.

    With a `cache`, files unchanged since its last load are not parsed again.
    """
    root = directory.resolve()
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(directory), 0, "knowledge directory does not exist")])
    previous = cache.snapshot() if cache is not None else {}
    parsed_now: dict[tuple[str, str, str], _Parsed] = {}
    digest = hashlib.sha256()
    reports: list[Report] = []
    files: list[str] = []
    lines: dict[str, tuple[_Lines, str]] = {}

    def parse(path: Path, report_id: str) -> _Parsed | None:
        display = str(path.relative_to(root))
        if not _inside(path, root):
            problems.append(Problem(display, 1, "file links outside the knowledge directory"))
            return None
        files.append(display)
        data = _read_bytes(path, display, problems)
        if data is None:
            return None
        digest.update(display.encode() + b"\0" + data)
        key = (display, report_id, hashlib.sha256(data).hexdigest())
        found = previous.get(key)
        if found is None:
            node = parse_yaml(data, display, problems)
            if node is None:
                return None
            reader = _Reader(display, problems)
            if path.name == REPORT_FILE:
                item: Report | Agency | _Glossary | None = _read_report(reader, node, display)
            elif path.name == GLOSSARY_FILE:
                item = _read_glossary(reader, node)
            else:
                item = _read_agency(reader, node, report_id, display)
            if item is None:
                return None
            found = (item, _key_lines(node))
        parsed_now[key] = found
        return found

    for report_dir in _report_dirs(root, problems):
        head = parse(report_dir / REPORT_FILE, "")
        report = head[0] if head is not None else None
        report_id = report.id if isinstance(report, Report) else "?"
        agencies = []
        glossary: tuple[GlossaryTerm, ...] = ()
        for path in sorted(report_dir.glob("*.y*ml")):
            if path.name == REPORT_FILE or path.suffix not in (".yaml", ".yml"):
                continue
            found = parse(path, report_id)
            if found is not None and isinstance(found[0], _Glossary):
                glossary = found[0].terms
            elif found is not None and isinstance(found[0], Agency):
                agencies.append(found[0])
                lines[f"{report_id}/{found[0].source}"] = (found[1], found[0].source)
        if isinstance(report, Report) and head is not None:
            lines[f"report:{report.source}"] = (head[1], report.source)
            reports.append(replace(report, agencies=tuple(agencies), glossary=glossary))
    if cache is not None:
        cache.keep(parsed_now)
    if not reports and not problems:
        problems.append(Problem(str(directory), 0, "no report folder with a report.yaml found"))
    _check_consistency(reports, lines, problems)
    if problems:
        raise KnowledgeError(problems)
    return Knowledge(
        reports=tuple(reports),
        loaded_from=str(directory),
        version=digest.hexdigest()[:12],
        files=tuple(files),
    )


def _key_lines(node: yaml.Node) -> _Lines:
    """Return the lines of a file's top-level keys and of each metric id, for later checks."""
    found: _Lines = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key_node, value_node in node.value:
        key = getattr(key_node, "value", None)
        if isinstance(key, str):
            found.setdefault(key, key_node.start_mark.line + 1)
        if key in ("paragraphs", "lead") and isinstance(value_node, yaml.SequenceNode):
            for paragraph in value_node.value:
                for metric in _mapping_value(paragraph, "metrics"):
                    id_node = _mapping_node(metric, "id")
                    if id_node is not None and isinstance(id_node.value, str):
                        found[f"metric:{id_node.value}"] = id_node.start_mark.line + 1
    return found


def _mapping_node(node: yaml.Node, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                return value_node  # type: ignore[no-any-return]
    return None


def _mapping_value(node: yaml.Node, key: str) -> list[yaml.Node]:
    value = _mapping_node(node, key)
    return list(value.value) if isinstance(value, yaml.SequenceNode) else []


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def _check_consistency(
    reports: list[Report], lines: dict[str, tuple[_Lines, str]], problems: list[Problem]
) -> None:
    """Check what no single file can: unique ids and aliases, FAQ targets that exist.

    Names and aliases need only be unique within a report: reports of other periods or
    places may well both have a 法院. Ids must be unique across all reports; a clash
    between two reports is one problem naming both, not one per figure.
    """
    seen_reports: dict[str, Report] = {}
    owners: dict[str, Report] = {}  # every agency and metric id → the report holding it
    for report in reports:
        where, display = lines[f"report:{report.source}"]
        first = seen_reports.get(report.id)
        if first is not None:
            problems.append(
                Problem(
                    display,
                    where.get("id", 1),
                    f"report id {report.id!r} is also used by {first.source} "
                    f"({_short(first.title)}); give one of the two reports another id",
                )
            )
            continue
        seen_reports[report.id] = report
        own: dict[str, str] = {}  # id → the file of this report that holds it
        clashes: dict[str, list[str]] = {}  # other report's source → ids it shares
        names: dict[str, str] = {}
        for agency in report.agencies:
            where, display = lines[f"{report.id}/{agency.source}"]
            ids = [(agency.id, "agency id", where.get("id", 1))]
            ids += [
                (m.id, "metric id", where.get(f"metric:{m.id}", where.get("paragraphs", 1)))
                for m in agency.metrics
            ]
            for ident, kind, line in ids:
                if ident in owners:
                    clashes.setdefault(owners[ident].source, []).append(ident)
                elif ident in own and (kind == "metric id" or own[ident] != display):
                    problems.append(
                        Problem(display, line, f"{kind} {ident!r} is also used in {own[ident]}")
                    )
                else:
                    own[ident] = display
            for name in (agency.name, *agency.aliases):
                owner = names.get(glossary_key(name))  # "Court" and "court" are one name
                if owner is not None and owner != agency.id:
                    key = "name" if name == agency.name else "aliases"
                    problems.append(
                        Problem(
                            display,
                            where.get(key, 1),
                            f"name or alias {name!r} is claimed "
                            f"by two agencies: {owner} and {agency.id}",
                        )
                    )
                names[glossary_key(name)] = agency.id
        where, display = lines[f"report:{report.source}"]
        for metric_id in sorted({m.id for p in report.lead for m in p.metrics}):
            if metric_id in owners:
                clashes.setdefault(owners[metric_id].source, []).append(metric_id)
            elif metric_id in own:
                line = where.get(f"metric:{metric_id}", 1)
                problems.append(Problem(display, line, f"metric id {metric_id!r} is used twice"))
            else:
                own[metric_id] = display
        for other, shared in clashes.items():
            listed = ", ".join(shared[:5]) + (" …" if len(shared) > 5 else "")
            problems.append(
                Problem(
                    display,
                    where.get("id", 1),
                    f"{len(shared)} ids of this report are also used by the report in {other}: "
                    f"{listed}; ids must be unique across reports",
                )
            )
        owners.update(dict.fromkeys(own, report))


def _short(title: str) -> str:
    return title if len(title) <= 24 else title[:24] + "…"
