"""The matching index: built once per knowledge load, immutable, swapped whole on reload."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.knowledge import Agency, Knowledge, Metric, Paragraph, Report
from bot.text import (
    CJK,
    STOPWORDS,
    features,
    matching_form,
    new_tokenizer,
    pinyin_key,
)

__all__ = ["Entry", "Index", "build_index"]

# How much a feature counts by where it is found in an entry.
LABEL_WEIGHT = 1.0
CLAUSE_WEIGHT = 0.6
PARAGRAPH_WEIGHT = 0.3

_WORD = re.compile(f"[{CJK}]{{2,4}}")
# Generic words that name a kind of body, not a particular one: alone they are no agency.
_GENERIC_NAMES = frozenset({"机关", "办公室", "人民法院", "委员会", "中山", "市委", "市政府"})


@dataclass(frozen=True, slots=True)
class Entry:
    """Something an answer can be: one figure, or one paragraph, of an agency or a report's lead."""

    kind: Literal["metric", "paragraph"]
    report: Report
    agency: Agency | None
    paragraph_no: int  # 0-based within the agency (or the lead)
    paragraph: Paragraph
    metric: Metric | None
    label_features: frozenset[str]
    clause_features: frozenset[str]
    paragraph_features: frozenset[str]

    @property
    def key(self) -> str:
        """Return a stable id: the metric id, or agency/report id and paragraph number."""
        if self.metric is not None:
            return self.metric.id
        owner = self.agency.id if self.agency else f"{self.report.id}-lead"
        return f"{owner}.p{self.paragraph_no + 1}"


@dataclass(frozen=True, slots=True)
class AgencyName:
    """A way to name an agency: its canonical name or an alias, in matching form."""

    text: str
    agency: Agency
    pinyin: tuple[str, ...]


@dataclass(frozen=True)
class Index:
    """Everything answering needs, precomputed from one knowledge load."""

    knowledge: Knowledge
    entries: tuple[Entry, ...]
    postings: dict[str, tuple[tuple[int, float], ...]]
    idf: dict[str, float]
    names: tuple[AgencyName, ...]  # longest first
    vocabulary_pinyin: dict[tuple[str, ...], str]
    corpus_bigrams: frozenset[str]
    corpus_words: frozenset[str]
    corpus_chars: frozenset[str]
    lexicon: frozenset[str]  # names, labels and keywords, which need not be verbatim
    faq: tuple[tuple[frozenset[str], str, int], ...]  # features, question, entry index
    tokenizer: Any = field(repr=False)
    agencies_by_id: dict[str, Agency] = field(default_factory=dict)
    entries_by_key: dict[str, int] = field(default_factory=dict)
    max_idf: float = 1.0

    def tokens(self, text: str) -> list[str]:
        """Cut a text into words with the knowledge's own dictionary."""
        return list(self.tokenizer.lcut(text, HMM=True))

    def idf_of(self, feature: str) -> float:
        """Return how telling a feature is; unseen features count as the rarest."""
        return self.idf.get(feature, self.max_idf)

    def agency_entries(self, agency: Agency) -> Iterator[tuple[int, Entry]]:
        """Yield the entries of one agency."""
        for i, entry in enumerate(self.entries):
            if entry.agency is agency:
                yield i, entry

    def knows(self, word: str) -> bool:
        """Tell whether a word (in matching form) occurs in the knowledge, bigram by bigram."""
        if len(word) == 1:
            return word in self.corpus_chars
        if word in self.lexicon:
            return True
        return all(word[i : i + 2] in self.corpus_bigrams for i in range(len(word) - 1))

    def report_of(self, report_id: str) -> Report | None:
        """Return a report by id."""
        return next((r for r in self.knowledge.reports if r.id == report_id), None)


def build_index(knowledge: Knowledge) -> Index:
    """Precompute entries, features, IDF weights, names and the tokenizer for a knowledge."""
    entries: list[Entry] = []
    for report in knowledge.reports:
        entries.extend(_entries(report, None, report.lead))
        for agency in report.agencies:
            entries.extend(_entries(report, agency, agency.paragraphs))

    documents = {id(e.paragraph): e.paragraph_features for e in entries}
    df: dict[str, int] = defaultdict(int)
    for feats in documents.values():
        for f in feats:
            df[f] += 1
    for e in entries:
        if e.metric is not None:
            for f in e.label_features - e.paragraph_features:
                df[f] += 1
    n = max(len(documents), 1)
    idf = {f: math.log((n + 1) / (count + 0.5)) + 0.1 for f, count in df.items()}
    max_idf = math.log((n + 1) / 0.5) + 0.1

    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, e in enumerate(entries):
        weights: dict[str, float] = {}
        for f in e.paragraph_features:
            weights[f] = PARAGRAPH_WEIGHT if e.kind == "metric" else LABEL_WEIGHT
        for f in e.clause_features:
            weights[f] = max(weights.get(f, 0.0), CLAUSE_WEIGHT)
        for f in e.label_features:
            weights[f] = LABEL_WEIGHT
        for f, w in weights.items():
            postings[f].append((i, w))

    names = sorted(_agency_names(knowledge), key=lambda n: len(n.text), reverse=True)
    corpus = [matching_form(t) for t in _texts(knowledge)]
    words = {(w, 50_000) for n in names for w in [n.text] if len(n.text) >= 2}
    words |= {
        (matching_form(m.label), 2_000)
        for a in knowledge.agencies
        for m in a.metrics
        if 2 <= len(m.label) <= 8
    }
    for agency in knowledge.agencies:
        words |= {(matching_form(k), 5_000) for k in agency.keywords}
    tokenizer = new_tokenizer(sorted(words))
    vocabulary: set[str] = set()
    for text in corpus:
        vocabulary.update(
            w for w in tokenizer.cut_for_search(text, HMM=False) if _WORD.fullmatch(w)
        )
    vocabulary.update(n.text for n in names if _WORD.fullmatch(n.text))
    vocabulary_pinyin: dict[tuple[str, ...], str] = {}
    for word in sorted(vocabulary):
        vocabulary_pinyin.setdefault(pinyin_key(word), word)
    bigrams = {t[i : i + 2] for t in corpus for i in range(len(t) - 1)}
    entries_by_key = {e.key: i for i, e in enumerate(entries)}
    faq = tuple(_faq_entries(knowledge, entries_by_key))
    return Index(
        knowledge=knowledge,
        entries=tuple(entries),
        postings={f: tuple(p) for f, p in postings.items()},
        idf=idf,
        names=tuple(names),
        vocabulary_pinyin=vocabulary_pinyin,
        corpus_bigrams=frozenset(bigrams),
        corpus_words=frozenset(vocabulary),
        corpus_chars=frozenset(ch for t in corpus for ch in t),
        lexicon=frozenset(w for w, _ in words),
        faq=faq,
        tokenizer=tokenizer,
        agencies_by_id={a.id: a for a in knowledge.agencies},
        entries_by_key=entries_by_key,
        max_idf=max_idf,
    )


def _entries(
    report: Report, agency: Agency | None, paragraphs: Iterable[Paragraph]
) -> Iterator[Entry]:
    own = _own_names(agency)
    for number, paragraph in enumerate(paragraphs):
        text = matching_form(paragraph.text)
        paragraph_features = frozenset(features(text))
        keywords = frozenset(
            f
            for k in (agency.keywords if agency else report.keywords)
            for f in features(matching_form(k))
        )
        yield Entry(
            kind="paragraph",
            report=report,
            agency=agency,
            paragraph_no=number,
            paragraph=paragraph,
            metric=None,
            label_features=keywords,
            clause_features=frozenset(),
            paragraph_features=paragraph_features,
        )
        for metric in paragraph.metrics:
            label = _strip_names(matching_form(metric.label), own)
            label_features = set(features(label))
            for alias in (*metric.aliases, *metric.keywords):
                label_features |= features(matching_form(alias))
            yield Entry(
                kind="metric",
                report=report,
                agency=agency,
                paragraph_no=number,
                paragraph=paragraph,
                metric=metric,
                label_features=frozenset(label_features),
                clause_features=frozenset(features(matching_form(metric.clause))),
                paragraph_features=paragraph_features,
            )


def _own_names(agency: Agency | None) -> tuple[str, ...]:
    if agency is None:
        return ()
    return tuple(
        sorted({matching_form(n) for n in (agency.name, *agency.aliases)}, key=len, reverse=True)
    )


def _strip_names(text: str, names: tuple[str, ...]) -> str:
    """Drop the agency's own name where it opens a label: it is the subject, not the topic."""
    for name in names:
        if len(name) >= 2 and text.startswith(name) and len(text) > len(name):
            return text[len(name) :]
    return text


def _agency_names(knowledge: Knowledge) -> Iterator[AgencyName]:
    for agency in knowledge.agencies:
        seen = set()
        for name in (agency.name, *agency.aliases):
            text = matching_form(name)
            if text in seen or text in _GENERIC_NAMES or len(text) < 2:
                continue
            seen.add(text)
            yield AgencyName(text=text, agency=agency, pinyin=pinyin_key(text))


def _texts(knowledge: Knowledge) -> Iterator[str]:
    for report in knowledge.reports:
        yield report.title
        yield report.byline
        yield from (p.text for p in report.lead)
        for agency in report.agencies:
            yield agency.heading
            yield from agency.aliases
            yield from agency.keywords
            yield from (p.text for p in agency.paragraphs)
            for metric in agency.metrics:
                yield from metric.aliases
                yield from metric.keywords


def _faq_entries(
    knowledge: Knowledge, entries_by_key: dict[str, int]
) -> Iterator[tuple[frozenset[str], str, int]]:
    for report in knowledge.reports:
        owners: list[tuple[str, Any]] = [(f"{report.id}-lead", report)]
        owners += [(a.id, a) for a in report.agencies]
        for owner_key, owner in owners:
            for faq in owner.faq:
                key = faq.metric if faq.metric else f"{owner_key}.p{faq.paragraph}"
                if key in entries_by_key:
                    for question in faq.questions:
                        form = matching_form(question)
                        yield frozenset(features(form)), form, entries_by_key[key]


def is_stopword(word: str) -> bool:
    """Tell whether a word only says what kind of answer is wanted."""
    return word in STOPWORDS
