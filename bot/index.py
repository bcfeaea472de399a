"""The matching index: built once per knowledge load, immutable, swapped whole on reload."""

from __future__ import annotations

import math
import re
import threading
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from sys import intern
from typing import Any, Literal

from bot.english import Glossary, build_glossary
from bot.knowledge import Agency, Knowledge, Metric, Paragraph, Report, format_number
from bot.text import (
    CJK,
    dictionary_words,
    features,
    knowledge_tokenizer,
    matching_form,
    pinyin_key,
    place_names,
    words_pattern,
)

__all__ = [
    "CLAUSE_WEIGHT",
    "LABEL_WEIGHT",
    "PARAGRAPH_WEIGHT",
    "AgencyName",
    "Entry",
    "Index",
    "build_index",
    "metric_is_part",
]

# How much a feature counts by where it is found in an entry.
LABEL_WEIGHT = 1.0
CLAUSE_WEIGHT = 0.6
PARAGRAPH_WEIGHT = 0.3

_WORD = re.compile(f"[{CJK}]{{2,4}}")
_CJK_RUN = re.compile(f"[{CJK}]+")
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
    """A way to name agencies: a canonical name or an alias, in matching form.

    Several reports may each have a 法院: the name then stands for all of them, and the
    place a question names (珠海, 中山市) tells them apart.
    """

    text: str
    agencies: tuple[Agency, ...]
    pinyin: tuple[str, ...]


@dataclass(frozen=True)
class Index:
    """Everything answering needs, precomputed from one knowledge load."""

    knowledge: Knowledge
    entries: tuple[Entry, ...]
    postings: dict[str, tuple[int, _Postings]]  # report id → (first entry's position, hits)
    idf: dict[str, float]
    names: tuple[AgencyName, ...]  # longest first
    places: tuple[tuple[str, str], ...]  # (中山市 or 中山, report id), longest first
    vocabulary_pinyin: dict[tuple[str, ...], str]
    vocabulary_pinyin_pairs: frozenset[tuple[str, str]]  # readings of adjacent characters
    corpus_bigrams: frozenset[str]
    corpus_chars: frozenset[str]
    lexicon: frozenset[str]  # names, labels and keywords, which need not be verbatim
    meetings: tuple[str, ...]  # the meetings the reports are about: 推进会
    paragraph_metrics: dict[int, tuple[int, ...]]  # paragraph entry → its figures' entries
    label_totals: tuple[float, ...]  # per entry: the weight of its label's features
    # Per entry that is a part of the figure before it (其中处级干部57人): the words that name
    # that whole figure; None for every other entry.
    wholes: tuple[frozenset[str] | None, ...]
    # Per agency: its report and the range of its entries within that report's postings.
    agency_spans: dict[str, tuple[str, int, int]]
    # Every name with one character masked (\x00): a near-miss (法阮) is looked up, not scanned.
    near_names: dict[str, AgencyName]
    near_name_sizes: tuple[int, ...]
    # Per size, shortest first, the first and the second halves of those names: a window one
    # character off a name keeps one half of it whole, so one with neither is not looked up.
    near_name_halves: dict[int, tuple[frozenset[str], frozenset[str]]]
    name_chars: frozenset[str]
    name_numbers: frozenset[str]  # numbers written in labels that are no figure's value
    name_pattern: re.Pattern[str]  # every name, longest first
    names_by_text: dict[str, AgencyName]
    faq_forms: tuple[str, ...]  # admins' FAQ phrasings, in matching form
    faq_entries: tuple[int, ...]  # the entry each phrasing leads to
    examples: tuple[str, ...]  # questions the knowledge answers, one per agency, for hints
    glossary: Glossary = field(repr=False)  # English phrasings → the report's words
    # The place whose reports answer a question that names none, when several places are
    # known: the setting's, else the first report's (never a random one).
    home_place: str
    tokenizer: Any = field(repr=False)
    agencies_by_id: dict[str, Agency] = field(default_factory=dict)
    entries_by_key: dict[str, int] = field(default_factory=dict)
    max_idf: float = 1.0

    @cached_property
    def names_text(self) -> str:
        """Return every name in one string: whether a word is a part of any name is one search."""
        return "\x00".join(n.text for n in self.names)

    @cached_property
    def label_words(self) -> frozenset[str]:
        """Return every feature of some figure's label: the only ones a label share counts."""
        return frozenset().union(*(e.label_features for e in self.entries if e.metric is not None))

    @cached_property
    def figure_owners(self) -> dict[str, dict[str, frozenset[str]]]:
        """Return, by its number, each figure written number first (448人, 81878件; not
        近400人次) with the agencies that state it: a quoted number is looked up, not scanned
        for over every figure of every report."""
        owners: dict[str, dict[str, set[str]]] = {}
        for agency in self.agencies_by_id.values():
            for metric in agency.metrics:
                number, figure = format_number(metric.value), metric.figure()
                if figure.startswith(number):
                    owners.setdefault(number, {}).setdefault(figure, set()).add(agency.id)
        return {
            number: {figure: frozenset(ids) for figure, ids in figures.items()}
            for number, figures in owners.items()
        }

    @cached_property
    def label_weights(self) -> dict[str, float]:
        """Return what each label feature the knowledge has weighs in a label."""
        return {f: self.weight_of(f) for f in self.label_words if f in self.idf}

    @cached_property
    def paragraphs_text(self) -> str:
        """Return the text of every paragraph of the knowledge in one string."""
        return "\x00".join(dict.fromkeys(e.paragraph.text for e in self.entries))

    @cached_property
    def lexicon_text(self) -> str:
        """Return every name, label and keyword in one string, for the same one search."""
        return "\x00".join(sorted(self.lexicon))

    def tokens(self, text: str) -> list[str]:
        """Cut a text into words with the knowledge's own dictionary."""
        return list(self.tokenizer.lcut(text, HMM=True))

    def idf_of(self, feature: str) -> float:
        """Return how telling a feature is; unseen features count as the rarest."""
        return self.idf.get(feature, self.max_idf)

    def weight_of(self, feature: str) -> float:
        """Return what a feature weighs in a question or a label: a lone character half."""
        return self.idf.get(feature, self.max_idf) * (0.5 if len(feature) == 1 else 1.0)

    def knows(self, word: str) -> bool:
        """Tell whether a word (in matching form) occurs in the knowledge, bigram by bigram."""
        known = self._known.get(word)
        if known is None:
            if len(word) == 1:
                known = word in self.corpus_chars
            elif word in self.lexicon:
                known = True
            else:
                known = all(word[i : i + 2] in self.corpus_bigrams for i in range(len(word) - 1))
            if len(self._known) < 50_000:
                self._known[word] = known
        return known

    @cached_property
    def token_weights(self) -> dict[str, tuple[tuple[str, float], ...]]:
        """Return question analysis's table of words' weighed features, kept per index."""
        return {}

    @cached_property
    def content_forms(self) -> dict[str, str]:
        """Return question analysis's table of words' content forms ("" for none), per index."""
        return {}

    @cached_property
    def quiet_pairs(self) -> dict[str, bool]:
        """Return typo correction's table of character pairs no typo can be in, per index."""
        return {}

    @cached_property
    def sound_alikes(self) -> dict[str, str]:
        """Return typo correction's table of short texts and the knowledge word each sounds
        like ("" for none), kept per index."""
        return {}

    def sounds_like(self, text: str) -> str | None:
        """Return the knowledge word that reads as a short text does (正协 → 政协), if any.

        Decided once per text and index (bounded): the windows typo correction tries are
        pieces of two to four characters, which recur from question to question.
        """
        found = self.sound_alikes.get(text)
        if found is None:
            found = self.vocabulary_pinyin.get(pinyin_key(text), "")
            if len(self.sound_alikes) < 50_000:
                self.sound_alikes[text] = found
        return found or None

    @cached_property
    def _known(self) -> dict[str, bool]:
        # Words asked about recur (about ten look-ups a question): each is decided once per
        # index (bounded), in a table far smaller than the sets it reads.
        return {}

    def report_of(self, report_id: str) -> Report | None:
        """Return a report by id."""
        return next((r for r in self.knowledge.reports if r.id == report_id), None)


_SPAN_BITS = 20
_COUNT_MASK = (1 << _SPAN_BITS) - 1


@dataclass(frozen=True, slots=True)
class _Postings:
    """Which entries of one report hold each feature, and how much it counts in each."""

    spans: dict[str, int]  # feature → start << _SPAN_BITS | count, into the arrays below
    positions: array[int]  # entry positions within the report
    weights: array[float]
    # A feature's positions as Python objects, grouped by the weight they have there (a
    # label's, a clause's …: a handful of weights), made the first time a question has it:
    # iterating them is twice as fast as slicing and unboxing the compact arrays, and a group
    # adds one product to each position. Only features questions use are expanded, so
    # memory stays near the arrays'.
    expanded: dict[str, tuple[tuple[float, tuple[int, ...]], ...]] = field(default_factory=dict)
    # The same, within one agency's range of positions (first, end), made the first time a
    # question naming that agency has the feature: a named agency's entries are weighed
    # without cutting its range out of the report's positions again and again.
    within_range: dict[tuple[int, int], dict[str, tuple[tuple[float, tuple[int, ...]], ...]]] = (
        field(default_factory=dict)
    )

    def weigh(
        self,
        features: Mapping[str, float],
        into: dict[int, float],
        *,
        offset: int = 0,
        within: tuple[int, int] | None = None,
    ) -> None:
        """Add to `into` (by position + offset) each feature's weight times where it is found.

        `within` (first, end): only the positions in that range. The loop of every question's
        retrieval, hence the local names.
        """
        get, ranges = into.get, self.within_range
        expanded = self.expanded if within is None else ranges.setdefault(within, {})
        for feature, weight in features.items():
            groups = expanded.get(feature)
            if groups is None:
                if feature not in self.spans:
                    continue
                groups = expanded[feature] = self._groups(feature, within)
            for field_weight, positions in groups:
                # The same product for every position of the group (as for each one alone).
                added = weight * field_weight
                if offset:
                    for local in positions:
                        position = offset + local
                        into[position] = get(position, 0.0) + added
                else:  # the first report's positions are the index's
                    for position in positions:
                        into[position] = get(position, 0.0) + added

    def _groups(
        self, feature: str, within: tuple[int, int] | None
    ) -> tuple[tuple[float, tuple[int, ...]], ...]:
        if within is not None:
            # The report's groups, each cut to the range (positions are in order).
            groups = self.expanded.get(feature) or self.expanded.setdefault(
                feature, self._groups(feature, None)
            )
            low, high = within
            cut = (
                (weight, positions[bisect_left(positions, low) : bisect_left(positions, high)])
                for weight, positions in groups
                if positions[-1] >= low and positions[0] < high
            )
            return tuple((weight, positions) for weight, positions in cut if positions)
        span = self.spans[feature]
        start = span >> _SPAN_BITS
        end = start + (span & _COUNT_MASK)
        by_weight: dict[float, list[int]] = {}
        for position, weight in zip(
            self.positions[start:end], self.weights[start:end], strict=True
        ):
            by_weight.setdefault(weight, []).append(position)
        return tuple((weight, tuple(positions)) for weight, positions in by_weight.items())


@dataclass(frozen=True, slots=True)
class _ReportPart:
    """What one report adds to an index, reusable while the report is unchanged."""

    entries: tuple[Entry, ...]
    postings: _Postings
    paragraph_metrics: dict[int, tuple[int, ...]]  # positions within this report
    wholes: tuple[frozenset[str] | None, ...]
    agency_spans: dict[str, tuple[int, int]]  # positions within this report
    df: dict[str, int]
    documents: int
    vocabulary: frozenset[str]
    bigrams: frozenset[str]
    chars: frozenset[str]
    word_pairs: dict[str, int]  # two-character dictionary words of the report, and how often


# The parts of the last index built: a reload rebuilds only the reports that changed.
_PARTS: dict[Report, _ReportPart] = {}
_PARTS_LOCK = threading.Lock()


def build_index(knowledge: Knowledge, *, home_place: str | None = None) -> Index:
    """Precompute entries, features, IDF weights, names and the tokenizer for a knowledge."""
    with _PARTS_LOCK:
        previous = dict(_PARTS)
    parts = [previous.get(report) or _report_part(report) for report in knowledge.reports]
    with _PARTS_LOCK:
        _PARTS.clear()
        _PARTS.update(zip(knowledge.reports, parts, strict=True))

    entries: list[Entry] = []
    postings: dict[str, tuple[int, _Postings]] = {}
    paragraph_metrics: dict[int, tuple[int, ...]] = {}
    wholes: list[frozenset[str] | None] = []
    agency_spans: dict[str, tuple[str, int, int]] = {}
    df: dict[str, int] = defaultdict(int)
    documents = 0
    for report, part in zip(knowledge.reports, parts, strict=True):
        offset = len(entries)
        entries.extend(part.entries)
        wholes.extend(part.wholes)
        postings[report.id] = (offset, part.postings)
        for agency_id, (first, end) in part.agency_spans.items():
            agency_spans[agency_id] = (report.id, first, end)
        for paragraph, metrics in part.paragraph_metrics.items():
            paragraph_metrics[offset + paragraph] = tuple(offset + m for m in metrics)
        for f, count in part.df.items():
            df[f] += count
        documents += part.documents
    n = max(documents, 1)
    idf = {f: math.log((n + 1) / (count + 0.5)) + 0.1 for f, count in df.items()}
    max_idf = math.log((n + 1) / 0.5) + 0.1

    names = sorted(_agency_names(knowledge), key=lambda n: len(n.text), reverse=True)
    words = {(n.text, 50_000) for n in names if len(n.text) >= 2}
    words |= {
        (matching_form(m.label), 2_000)
        for a in knowledge.agencies
        for m in a.metrics
        if 2 <= len(m.label) <= 8
    }
    for agency in knowledge.agencies:
        words |= {(matching_form(k), 5_000) for k in agency.keywords}
    # Words of two characters the report uses again and again (党建), made likelier for
    # jieba than its general-language frequency says, so "党建有什么" is not cut 党|建有.
    words |= {(pair, 3_000) for pair in _recurring_pairs(parts)}
    place_names()  # read once per process, before the first question needs it
    vocabulary: set[str] = set().union(*(part.vocabulary for part in parts))
    vocabulary.update(w for w, _ in words if _WORD.fullmatch(w))
    vocabulary_pinyin: dict[tuple[str, ...], str] = {}
    for word in sorted(vocabulary):
        vocabulary_pinyin.setdefault(pinyin_key(word), word)
    entries_by_key = {e.key: i for i, e in enumerate(entries)}
    faq = list(_faq_entries(knowledge, entries_by_key))
    label_totals = tuple(sum(_weight(f, idf, max_idf) for f in e.label_features) for e in entries)
    return Index(
        knowledge=knowledge,
        entries=tuple(entries),
        postings=postings,
        idf=idf,
        names=tuple(names),
        places=tuple(_places(knowledge)),
        meetings=tuple(sorted({m for r in knowledge.reports if (m := _meeting_name(r))})),
        paragraph_metrics=paragraph_metrics,
        label_totals=label_totals,
        wholes=tuple(wholes),
        agency_spans=agency_spans,
        near_names=_near_names(names),
        near_name_sizes=tuple(sorted({len(n.text) for n in names if len(n.text) >= 2})),
        near_name_halves=_near_name_halves(names),
        name_chars=frozenset(ch for n in names for ch in n.text),
        name_numbers=_name_numbers(knowledge),
        name_pattern=words_pattern(n.text for n in names),
        names_by_text={n.text: n for n in names},
        vocabulary_pinyin=vocabulary_pinyin,
        vocabulary_pinyin_pairs=frozenset(
            (key[i], key[i + 1]) for key in vocabulary_pinyin for i in range(len(key) - 1)
        ),
        corpus_bigrams=frozenset().union(*(part.bigrams for part in parts)),
        corpus_chars=frozenset().union(*(part.chars for part in parts)),
        lexicon=frozenset(w for w, _ in words),
        faq_forms=tuple(form for form, _ in faq),
        faq_entries=tuple(position for _, position in faq),
        examples=tuple(_example_questions(knowledge)),
        glossary=build_glossary(knowledge),
        home_place=_home_place(knowledge, home_place),
        tokenizer=knowledge_tokenizer(sorted(words)),
        agencies_by_id={a.id: a for a in knowledge.agencies},
        entries_by_key=entries_by_key,
        max_idf=max_idf,
    )


def _recurring_pairs(parts: list[_ReportPart], *, at_least: int = 3) -> set[str]:
    counts: dict[str, int] = defaultdict(int)
    for part in parts:
        for pair, n in part.word_pairs.items():
            counts[pair] += n
    return {pair for pair, n in counts.items() if n >= at_least}


def _word_pairs(corpus: list[str]) -> dict[str, int]:
    """Count the two-character dictionary words of a report's texts (in matching form)."""
    known = dictionary_words()
    counts: dict[str, int] = defaultdict(int)
    for text in corpus:
        for run in _CJK_RUN.findall(text):
            for i in range(len(run) - 1):
                if (pair := run[i : i + 2]) in known:
                    counts[pair] += 1
    return dict(counts)


def _home_place(knowledge: Knowledge, wanted: str | None) -> str:
    places = [r.place for r in knowledge.reports]
    if wanted:
        form = matching_form(wanted).rstrip("市县区省")
        chosen = next((p for p in places if matching_form(p).rstrip("市县区省") == form), None)
        if chosen is not None:
            return chosen
    return places[0] if places else ""


def _name_numbers(knowledge: Knowledge) -> frozenset[str]:
    values = {format_number(m.value) for a in knowledge.agencies for m in a.metrics}
    labels = (m.label for a in knowledge.agencies for m in a.metrics)
    return frozenset(n for label in labels for n in re.findall(r"\d{3,}", label)) - values


def _near_names(names: list[AgencyName]) -> dict[str, AgencyName]:
    """Index every name of two or more CJK characters under each one-character mask."""
    masked: dict[str, AgencyName] = {}
    for name in names:  # longest first: a longer name keeps its mask
        if len(name.text) < 2 or not _CJK_RUN.fullmatch(name.text):
            continue
        for j in range(len(name.text)):
            masked.setdefault(f"{name.text[:j]}\x00{name.text[j + 1 :]}", name)
    return masked


def _near_name_halves(names: list[AgencyName]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    """Return, per length, the halves of the names `_near_names` masks."""
    halves: dict[int, tuple[set[str], set[str]]] = {}
    for name in names:
        if len(name.text) < 2 or not _CJK_RUN.fullmatch(name.text):
            continue
        size, middle = len(name.text), len(name.text) // 2
        firsts, seconds = halves.setdefault(size, (set(), set()))
        firsts.add(name.text[:middle])
        seconds.add(name.text[middle:])
    return {size: (frozenset(a), frozenset(b)) for size, (a, b) in sorted(halves.items())}


def _weight(feature: str, idf: dict[str, float], max_idf: float) -> float:
    # The same weight as Index.weight_of, for the labels before the index exists.
    return idf.get(feature, max_idf) * (0.5 if len(feature) == 1 else 1.0)


def _report_part(report: Report) -> _ReportPart:
    """Compute one report's entries, postings, document frequencies and vocabulary."""
    entries = list(_entries(report, None, report.lead))
    agency_spans: dict[str, tuple[int, int]] = {}
    for agency in report.agencies:
        first = len(entries)
        entries.extend(_entries(report, agency, agency.paragraphs))
        agency_spans[agency.id] = (first, len(entries))

    df: dict[str, int] = defaultdict(int)
    paragraphs = 0
    # A figure's paragraph counts for it at PARAGRAPH_WEIGHT: rather than post every word of
    # a paragraph once per figure, the figure's postings hold only what its label and clause
    # add on top, and scoring adds PARAGRAPH_WEIGHT times its paragraph's own match.
    hits: dict[str, list[tuple[int, float]]] = defaultdict(list)
    paragraph_metrics: dict[int, list[int]] = defaultdict(list)
    paragraph_position = 0
    for i, e in enumerate(entries):
        weights: dict[str, float] = {}
        if e.kind == "paragraph":
            paragraphs += 1
            paragraph_position = i
            for f in e.paragraph_features:
                df[f] += 1
            for f in e.paragraph_features | e.label_features:
                weights[f] = LABEL_WEIGHT
        else:
            paragraph_metrics[paragraph_position].append(i)
            below = e.paragraph_features
            for f in e.label_features - below:
                df[f] += 1
            for f in e.clause_features:
                weights[f] = CLAUSE_WEIGHT - (PARAGRAPH_WEIGHT if f in below else 0.0)
            for f in e.label_features:
                weights[f] = LABEL_WEIGHT - (PARAGRAPH_WEIGHT if f in below else 0.0)
        for f, w in weights.items():
            hits[f].append((i, w))
    # One flat pair of arrays per report; each feature keeps where its run starts and ends.
    positions: array[int] = array("I")
    values: array[float] = array("f")
    spans: dict[str, int] = {}
    for f, found in hits.items():
        spans[f] = len(positions) << _SPAN_BITS | len(found)
        positions.extend(i for i, _ in found)
        values.extend(w for _, w in found)

    corpus = [matching_form(t) for t in _report_texts(report)]
    return _ReportPart(
        entries=tuple(entries),
        postings=_Postings(spans, positions, values),
        paragraph_metrics={p: tuple(ms) for p, ms in paragraph_metrics.items()},
        wholes=tuple(_whole_words(e) for e in entries),
        agency_spans=agency_spans,
        df=dict(df),
        documents=paragraphs,
        vocabulary=frozenset().union(*(_dictionary_words(t) for t in corpus)),
        # A list's items run together in a question (国家、省、市 typed 国家省市): the pairs
        # across its 、 are the report's too.
        bigrams=frozenset(
            intern(t[i : i + 2])
            for text in corpus
            for t in (text, text.replace("、", ""))
            for i in range(len(t) - 1)
        ),
        chars=frozenset(ch for t in corpus for ch in t),
        word_pairs=_word_pairs(corpus),
    )


def metric_is_part(metric: Metric, paragraph: str = "") -> bool:
    """Tell whether a figure is a part of the one before it: 其中处级干部5人, and 科级干部6人
    after it in the same parenthesis: "处分14人(其中处级干部5人,科级干部6人)"."""
    if metric.clause.lstrip("((").startswith("其中"):
        return True
    at = paragraph.find(metric.clause)
    if at <= 0:
        return False
    # Knowledge text is NFKC: its parentheses are ASCII.
    opened, closed = paragraph.rfind("(", 0, at), paragraph.rfind(")", 0, at)
    return opened > closed and paragraph.startswith("其中", opened + 1)


def whole_of(metric: Metric, paragraph: Paragraph) -> Metric | None:
    """Return the figure a part belongs to (为官不为17人 of 其中处级干部4人), if it is one."""
    text = paragraph.text
    if not metric_is_part(metric, text):
        return None
    metrics = paragraph.metrics
    at = next((i for i, m in enumerate(metrics) if m is metric), 0)
    return next((m for m in reversed(metrics[:at]) if not metric_is_part(m, text)), None)


def _whole_words(entry: Entry) -> frozenset[str] | None:
    """Return the words that name the figure a part belongs to (为官不为 … 处级干部).

    None for an entry that is no part; empty for a part with no figure before it.
    """
    text = entry.paragraph.text
    if entry.metric is None or not metric_is_part(entry.metric, text):
        return None
    metrics = entry.paragraph.metrics
    whole = whole_of(entry.metric, entry.paragraph)
    if whole is None:
        return frozenset()
    words = {f for f in _text_features(whole.clause) if len(f) >= 2}
    # Only words that tell the whole apart: 查处 is in 查处处级干部 (a whole of its own) too.
    others = {
        f
        for m in metrics
        if m is not whole and not metric_is_part(m, text)
        for f in _text_features(m.label)
    }
    return frozenset(words - others - set(features(entry.metric.label)))


@lru_cache(maxsize=200_000)
def _text_features(text: str) -> frozenset[str]:
    """Return a knowledge text's features; cached, so a reload recomputes only what changed."""
    return frozenset(features(matching_form(text)))


@lru_cache(maxsize=200_000)
def _dictionary_words(text: str) -> frozenset[str]:
    """Return the words of 2 to 4 characters in a text that jieba's dictionary knows.

    Cached by text: a reload re-reads only the paragraphs that changed.
    """
    known = dictionary_words()
    found: set[str] = set()
    for run in _CJK_RUN.findall(text):
        for size in (2, 3, 4):
            found.update(
                intern(w) for i in range(len(run) - size + 1) if (w := run[i : i + size]) in known
            )
    return frozenset(found)


def _entries(
    report: Report, agency: Agency | None, paragraphs: Iterable[Paragraph]
) -> Iterator[Entry]:
    own = _own_names(agency)
    keywords = frozenset(
        f for k in (agency.keywords if agency else report.keywords) for f in _text_features(k)
    )
    for number, paragraph in enumerate(paragraphs):
        paragraph_features = _text_features(paragraph.text)
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
                label_features |= _text_features(alias)
            yield Entry(
                kind="metric",
                report=report,
                agency=agency,
                paragraph_no=number,
                paragraph=paragraph,
                metric=metric,
                label_features=frozenset(label_features),
                clause_features=_text_features(metric.clause),
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
    owners: dict[str, list[Agency]] = {}
    for agency in knowledge.agencies:
        for name in (agency.name, *agency.aliases):
            text = matching_form(name)
            if text in _GENERIC_NAMES or len(text) < 2:
                continue
            holders = owners.setdefault(text, [])
            if all(agency is not h for h in holders):
                holders.append(agency)
    for text, agencies in owners.items():
        yield AgencyName(text=text, agencies=tuple(agencies), pinyin=pinyin_key(text))


def _meeting_name(report: Report) -> str | None:
    """Return the short name of the meeting a report covers: 推进会."""
    if not report.meeting:
        return None
    match = re.search(rf"([{CJK}]{{2,3}}会)(?=[,,。]|$)", report.meeting)
    return match.group(1) if match else None


def _places(knowledge: Knowledge) -> list[tuple[str, str]]:
    forms = []
    for report in knowledge.reports:
        place = matching_form(report.place)
        for form in {place, place.rstrip("市县区省")}:
            if len(form) >= 2:
                forms.append((form, report.id))
    return sorted(forms, key=lambda f: len(f[0]), reverse=True)


def _report_texts(report: Report) -> Iterator[str]:
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


def _example_questions(knowledge: Knowledge) -> Iterator[str]:
    """Make a question of each agency's first short figure: 法院结案多少件."""
    for agency in knowledge.agencies:
        for metric in agency.metrics:
            if 2 <= len(metric.label) <= 6 and metric.unit not in ("%", "倍"):
                short = min(
                    (a for a in agency.aliases if len(a) >= 2 and not a.isascii()),
                    key=len,
                    default=agency.name,
                )
                yield f"{short}{metric.label}多少{metric.unit}"
                break


def _faq_entries(knowledge: Knowledge, entries_by_key: dict[str, int]) -> Iterator[tuple[str, int]]:
    for report in knowledge.reports:
        owners: list[tuple[str, Any]] = [(f"{report.id}-lead", report)]
        owners += [(a.id, a) for a in report.agencies]
        for owner_key, owner in owners:
            for faq in owner.faq:
                key = faq.metric if faq.metric else f"{owner_key}.p{faq.paragraph}"
                if key in entries_by_key:
                    for question in faq.questions:
                        yield matching_form(question), entries_by_key[key]
