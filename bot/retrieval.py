"""Retrieval and scoring: a `Question` -> its candidate figures and paragraphs, best first."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from bot.dates import says_when
from bot.index import Entry, Index
from bot.knowledge import Metric, format_number
from bot.knowledge.sentences import split_clauses, split_sentences
from bot.question import COLLOQUIAL, SCOPES, Question
from bot.text import features, matching_form
from bot.weights import WEIGHTS, Weights

__all__ = [
    "Candidate",
    "context_entry",
    "key_clause",
    "key_sentence",
    "known_share",
    "last_entry",
    "retrieve",
    "unit_kind",
]


class Candidate(NamedTuple):
    """An entry that may answer a question, with its score.

    A named tuple rather than a frozen dataclass: a dozen are made per question, and a
    tuple is made without a __setattr__ per field.
    """

    position: int
    entry: Entry
    score: float


def retrieve(index: Index, question: Question, *, weights: Weights = WEIGHTS) -> list[Candidate]:
    """Score the entries a question can be about, best first.

    The question's agencies bound the search; a follow-up that names none leans on the last
    answer's agency, and looks everywhere when nothing there fits.
    """
    if question.agencies:
        return _score(index, question, {a.id for a in question.agencies}, weights)
    quoted = _quoted_owner(index, question)
    if quoted is not None:
        # "448人都是哪些人": a figure only one agency states names that agency.
        ranked = _score(index, question, quoted, weights)
        if ranked:
            return ranked
    context = question.context
    if context and context.agency_id and question.follow_up:
        ranked = _score(index, question, {context.agency_id}, weights)
        if ranked and ranked[0].score >= weights.answer_threshold:
            return ranked
    return _score(index, question, None, weights)


def _quoted_owner(index: Index, question: Question) -> set[str] | None:
    """Return the one agency that states a figure the question quotes with its unit, in
    digits as typed (not 八项规定, a name, nor a one-digit count such as 三个定位)."""
    quoted = [n for n in question.quoted_numbers if len(n) > 1 and n in question.raw]
    if not quoted:
        return None
    found = {
        owner
        for number in quoted
        for figure, ids in index.figure_owners.get(number, {}).items()
        if figure in question.text
        for owner in ids
    }
    return found if len(found) == 1 else None


def quoted_figure_entry(index: Index, question: Question) -> Entry | None:
    """Return the entry of the one figure a question quotes with its unit (358件), when
    one agency alone states it."""
    owner = _quoted_owner(index, question)
    if owner is None:
        return None
    (agency_id,) = owner
    figures = [m for m in index.agencies_by_id[agency_id].metrics if m.figure() in question.text]
    position = index.entries_by_key.get(figures[0].id) if len(figures) == 1 else None
    return index.entries[position] if position is not None else None


def known_share(index: Index, question: Question) -> float:
    """Return the share of the question's words that the knowledge has; numbers abstain.

    A word the knowledge lacks counts fully when it is long (a noun that names what is
    asked: 刑事案件) and a quarter when it is one character (a colloquial verb: 收, 砸).
    """
    total = known = 0.0
    for token in question.content:
        if token.replace(".", "").isdigit():
            continue
        weight = len(token) if len(token) > 1 else 0.5
        total += weight
        if index.knows(token) or token in COLLOQUIAL:
            known += weight
        elif len(token) == 1:
            known += weight * 0.75
        else:
            # A word the report lacks whose characters it has (心结, 人来) may be a paraphrase
            # or a mis-cut: half credit by the share of its characters the report has.
            known += weight * 0.5 * sum(ch in index.corpus_chars for ch in token) / len(token)
    return known / total if total else 1.0


def last_entry(index: Index, question: Question) -> Entry | None:
    """Return the entry the chat's last answer was about, for a question naming no agency."""
    return None if question.agencies else context_entry(index, question)


def context_entry(index: Index, question: Question) -> Entry | None:
    """Return the entry the chat's last reply was about, whatever the question names."""
    context = question.context
    if context is None or context.entry_key is None:
        return None
    position = index.entries_by_key.get(context.entry_key)
    return index.entries[position] if position is not None else None


def _score(
    index: Index, question: Question, scope: set[str] | None, weights: Weights
) -> list[Candidate]:
    features, idf = question.features, index.idf
    # Unknown features weigh little against the question: they cannot be matched anyway.
    unknown = weights.unknown_feature
    total = sum([w if f in idf else w * unknown for f, w in features.items()])
    if total <= 0:
        return []
    # Only the reports the question can be about: those it names, or its agencies' reports.
    reports = set(question.reports) or (
        {index.agencies_by_id[a].report_id for a in scope if a in index.agencies_by_id}
        if scope is not None
        else None
    )
    accumulated = _match_postings(index, question, reports, scope, weights)
    # Most entries share only a word or two and fall below the least coverage: they are
    # dropped before anything else is read. A discount of at most 1 only lowers a share.
    least = weights.least_coverage
    early = least if weights.lead_discount <= 1.0 else -math.inf
    sharing = [(p, m) for p, m in accumulated.items() if m / total >= early]
    if not sharing:
        return []
    last = last_entry(index, question)
    carried, in_labels = question.carried, index.label_weights
    # What the question's words weigh in a label; a word of no label at all can add
    # nothing to a label's share.
    label_weights = {f: in_labels[f] for f in features if f in in_labels and f not in carried}
    label_items = tuple(label_weights.items())
    scored: list[tuple[float, float, int, Candidate]] = []
    # Read once, not per entry: this loop runs over every entry sharing a word.
    entries, asked_reports = index.entries, question.reports
    label_totals = index.label_totals
    # What only some questions ask (a unit, a number, a size, a scope) adds to a figure's
    # score; for the others each fit is 0, so it is not computed at all.
    asks = question.asks
    units, quoted, threshold = asks.units, question.quoted_numbers, question.threshold
    scopes, rank = question.scopes, asks.rank
    asked_kind = unit_kind(units[0]) if units else ""
    kind_of = _UNIT_KINDS.get
    unit_exact, unit_same_kind = weights.unit_exact, weights.unit_same_kind
    unit_other_kind = weights.unit_other_kind
    coverage_share, label_share, wholes = weights.coverage_share, weights.label_share, index.wholes
    lead_discounted = scope is None and question.report_topic is None
    lead_discount = weights.lead_discount
    among = last is not None and question.text.startswith("其中")
    # A follow-up that asks no unit of its own after a rate (群众来信呢, after 办结率) asks
    # the same rate of what it names. (After a count, 那钱呢 names a kind of its own.)
    same_unit = (
        last.metric.unit
        if last is not None
        and last.metric is not None
        and last.metric.unit == "%"
        and question.follow_up
        and not units
        else None
    )
    candidate = tuple.__new__  # Candidate(...) without its Python-level __new__
    for position, matched in sharing:
        entry = entries[position]
        agency = entry.agency
        if scope is not None and (agency is None or agency.id not in scope):
            continue
        if asked_reports and entry.report.id not in asked_reports:
            continue
        if lead_discounted and agency is None:
            matched *= lead_discount
        coverage = matched / total
        if coverage > 1.0:
            coverage = 1.0
        if coverage < least:
            continue  # it shares a word or two with the question; it cannot be the answer
        metric = entry.metric
        if metric is not None:
            # The share of the figure's label (by weight) that the question has.
            label_total, label = label_totals[position], entry.label_features
            if not label_total or label.isdisjoint(label_weights):
                label_coverage = 0.0
            else:
                # Added in the question's order, left to right, as sum() of a list would.
                covered = 0.0
                for f, w in label_items:
                    if f in label:
                        covered += w
                label_coverage = covered / label_total
            score = coverage_share * coverage + label_share * label_coverage
            if units:
                # How well the figure's unit fits the one asked (件 for 多少件, people for 多少人).
                if metric.unit in units:
                    score += unit_exact
                elif kind_of(metric.unit, "count") == asked_kind:
                    score += unit_same_kind
                else:
                    score += unit_other_kind
            if quoted:
                score += _number_fit(question, metric, weights)
            if threshold:
                score += _threshold_fit(question, metric, weights)
            if scopes or "全" in metric.label:
                score += _scope_fit(question, metric, weights)
            # A part of the figure before it (其中处级干部4人) that the question names no
            # word of the whole of answers it less.
            whole = wholes[position]
            if whole is not None and last is None and not any(f in features for f in whole):
                score += weights.unnamed_part
            if rank:
                score += weights.rank_present if metric.rank else weights.rank_missing
            if same_unit is not None and metric.unit == same_unit:
                score += weights.near_same_unit
        else:
            score = coverage
        if last is not None:
            score += _closeness(last, entry, weights, among=among)
        scored.append(
            (
                -score,
                -label_totals[position],
                position,
                candidate(Candidate, (position, entry, score)),
            )
        )
    return _best_first(scored)


# Scores further apart than this never round (to 6 places) to the same value.
_APART = 4e-6


def _best_first(scored: list[tuple[float, float, int, Candidate]]) -> list[Candidate]:
    """Order candidates best first by their score to 6 places; of equal scores, the figure
    with the fuller label (the more specific answer), then the earlier entry.

    Rounding is dear (a decimal conversion a score), and it orders differently from the
    exact score only within a run of different scores a few millionths apart: the exact
    order is taken, and only such runs are rounded and sorted again. Positions differ, so candidates
    themselves are never compared.
    """
    scored.sort()
    scores = [item[0] for item in scored]
    # Neighbours' differences, equal scores left out (they never round apart).
    apart = filter(None, map(operator.sub, scores[1:], scores[:-1]))
    if min(apart, default=_APART) >= _APART:
        return [item[3] for item in scored]  # no two scores so close: the exact order holds
    ranked: list[Candidate] = []
    start, count = 0, len(scored)
    while start < count:
        end = start + 1
        while end < count and scored[end][0] - scored[end - 1][0] < _APART:
            end += 1
        if scored[start][0] == scored[end - 1][0]:
            ranked.extend(item[3] for item in scored[start:end])  # one score: in order
        else:
            run = sorted((-round(-s, 6), label, p, c) for s, label, p, c in scored[start:end])
            ranked.extend(c for *_, c in run)
        start = end
    return ranked


def _match_postings(
    index: Index,
    question: Question,
    reports: set[str] | None,
    scope: set[str] | None,
    weights: Weights,
) -> dict[int, float]:
    """Weigh every entry of the given reports (or all) by the question's features.

    With a scope (agency ids), only those agencies' entries are weighed: the others would
    be dropped unscored.
    """
    accumulated: dict[int, float] = {}
    features = question.features
    if scope is None:
        for report_id, (offset, postings) in index.postings.items():
            if reports is None or report_id in reports:
                postings.weigh(features, accumulated, offset=offset)
    else:
        agency_spans, postings_of = index.agency_spans, index.postings
        for report_id, first, end in sorted(agency_spans[a] for a in scope if a in agency_spans):
            if reports is None or report_id in reports:
                offset, postings = postings_of[report_id]
                postings.weigh(features, accumulated, offset=offset, within=(first, end))
    if not accumulated:
        return accumulated
    paragraph_metrics, share, get = index.paragraph_metrics, weights.paragraph, accumulated.get
    # Only the matched paragraphs that hold figures pass their match on: the intersection
    # walks the smaller of the two tables. A figure belongs to one paragraph, so the order
    # in which paragraphs pass theirs on changes no sum.
    for paragraph in accumulated.keys() & paragraph_metrics.keys():
        passed = share * accumulated[paragraph]
        for metric_position in paragraph_metrics[paragraph]:
            accumulated[metric_position] = get(metric_position, 0.0) + passed
    return accumulated


def _scope_fit(question: Question, metric: Metric, weights: Weights) -> float:
    """Penalise a figure of another scope: the question says 全省, the figure is the court's."""
    if not question.scopes and "全" not in metric.label:
        return 0.0
    labelled = _scopes_in(metric.label)
    stated = labelled | {w for w in question.scopes if w in metric.clause}
    return weights.scope_missing * len(question.scopes - stated) + weights.scope_extra * len(
        labelled - question.scopes
    )


@lru_cache(maxsize=4096)  # a figure's label: the report's own text
def _scopes_in(label: str) -> frozenset[str]:
    """Return the scopes a figure's label names (全市, 全省 …)."""
    return frozenset(w for w in SCOPES if w in label)


def _number_fit(question: Question, metric: Metric, weights: Weights) -> float:
    if question.quoted_numbers and format_number(metric.value) in question.quoted_numbers:
        return weights.number_quoted
    return 0.0


def _threshold_fit(question: Question, metric: Metric, weights: Weights) -> float:
    """Favour a figure of the size a yes/no question expects: 有没有过50个 → 57, not 4."""
    if question.threshold is None or not question.threshold:
        return 0.0
    ratio = metric.value / question.threshold
    return weights.threshold_near if 0.5 <= ratio <= 2.0 else 0.0


def _closeness(last: Entry, entry: Entry, weights: Weights, *, among: bool = False) -> float:
    """Favour what stands near the last answer: its paragraph, and the figures right after it
    ("其中…" details the figure before)."""
    if entry.agency is not last.agency or entry.paragraph is not last.paragraph:
        return 0.0
    figures = entry.paragraph.metrics
    here = next((i for i, m in enumerate(figures) if m is entry.metric), None)
    there = next((i for i, m in enumerate(figures) if m is last.metric), None)
    if here is None or there is None:
        return weights.near_same_paragraph
    after = here - there
    if after == 0:
        return weights.near_same_figure  # "同比上升了多少" asks more about it
    # 其中 ("among them") asks for the figures the last one is made of, which follow it.
    weight = weights.near_after_among if among else weights.near_after
    fading = weight * max(0.0, 1 - (after - 1) / 4) if after > 0 else 0.0
    return weights.near_same_paragraph + fading


_UNIT_KINDS = {
    "人": "people",
    "名": "people",
    "位": "people",
    "人次": "people",
    "万人次": "people",
    "万人": "people",
    "元": "money",
    "万元": "money",
    "亿元": "money",
    "%": "ratio",
    "个百分点": "ratio",
    "倍": "multiple",
}


def unit_kind(unit: str) -> str:
    """Return what a unit measures: people, money, a ratio, a multiple, or a count of things."""
    return _UNIT_KINDS.get(unit, "count")


@lru_cache(maxsize=4096)
def _sentence_features(sentence: str) -> frozenset[str]:
    return frozenset(features(matching_form(sentence)))


# The report's paragraphs and sentences, split once: the few that answers come from are
# split again and again, and only the report's own texts come here (bounded by its size).
@lru_cache(maxsize=2048)
def _sentences(paragraph: str) -> tuple[str, ...]:
    return tuple(split_sentences(paragraph, at_semicolons=True))


@lru_cache(maxsize=2048)
def _clauses(text: str) -> tuple[str, ...]:
    return tuple(split_clauses(text))


def key_sentence(paragraph: str, wanted: set[str], question: Question | None) -> str:
    """Return the sentence of a paragraph of the report that holds most of what the question
    asks."""
    return _best_part(_sentences(paragraph), paragraph, wanted, question)


def key_clause(paragraph: str, wanted: Mapping[str, float]) -> str:
    """Return the comma-separated clause of a text of the report that holds most of what is
    asked, by the weight of the question's features: a short clause has few to spare."""
    clauses = _clauses(paragraph)
    if not clauses:
        return paragraph

    def weight(clause: str) -> float:
        own = _sentence_features(clause)
        return sum(w for f, w in wanted.items() if f in own)

    return max(clauses, key=weight)


def _best_part(
    parts: tuple[str, ...], whole: str, wanted: set[str], question: Question | None
) -> str:
    if not parts:
        return whole
    if not wanted:
        return parts[0]
    asks_when = question is not None and question.asks.when

    def overlap(part: str) -> float:
        score = float(sum(map(len, _sentence_features(part).intersection(wanted))))
        if asks_when and says_when(part, since=True):
            score += 2.0
        return score

    return max(parts, key=overlap)
