"""Every weight and threshold that decides an answer, named once, with why it has its value.

Calibrated on the development questions (`shared/eval/questions.yaml`) and on the tuning parts
of our own questions (`tests/questions/tune*.yaml`); never on `tests/questions/heldout*.yaml`,
which only measures. Change one value and run `reportbot eval FILE` to see its effect.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WEIGHTS", "Weights"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Weights:
    """The knobs of retrieval and decision; every score below is on a 0-1(ish) scale."""

    # Where a feature is found in an entry: a figure's label says what it counts, its clause
    # the words around it, its paragraph the topic.
    label: float = 1.0
    clause: float = 0.6
    paragraph: float = 0.3
    # A lone character says less than a pair of them.
    single_char: float = 0.5
    # A feature the knowledge has never seen (a colloquial verb, a particle, an English word)
    # counts this much of its weight against the question: little, so that it cannot veto.
    unknown_feature: float = 0.15
    # A bare number in the question confirms a figure; it does not decide.
    number: float = 0.3
    # How a figure's score is made: the share of the question it matches, and the share of
    # its label that the question names.
    coverage_share: float = 0.65
    label_share: float = 0.35
    # An entry matching less than this share of the question is not scored at all: with
    # every bonus it stays far below the answer threshold.
    least_coverage: float = 0.1
    # Bonuses and penalties on a figure.
    unit_exact: float = 0.12
    unit_same_kind: float = -0.05
    unit_other_kind: float = -0.2
    number_quoted: float = 0.05
    # 有没有过50个: a figure within half to twice the number asked about.
    threshold_near: float = 0.08
    # A part of another figure (其中…) answers a question that does not name the whole less.
    unnamed_part: float = -0.2
    rank_present: float = 0.2
    rank_missing: float = -0.1
    scope_missing: float = -0.15
    scope_extra: float = -0.05
    # The lead speaks of the report as a whole: it answers questions about the report.
    lead_discount: float = 0.8
    # A follow-up favours what stands near the last answer: its paragraph, the same figure
    # ("同比呢"), and, fading over four figures, those right after it (more so after 其中).
    near_same_paragraph: float = 0.05
    near_same_figure: float = 0.15
    # "群众来信呢" after a rate: a follow-up that asks no unit of its own asks the same rate
    # of what it names (办结率 of 群众来信, not their count).
    near_same_unit: float = 0.06
    near_after: float = 0.1
    near_after_among: float = 0.25
    # A follow-up's carried words weigh at most this share of the question's own.
    carried_share: float = 0.4
    # An answer needs at least this score; below it the bot declines. Every answerable
    # development question scores at least 0.55 with its right entry; questions about things
    # the report does not hold stay below 0.45. The line sits between, towards declining.
    answer_threshold: float = 0.5
    # Below the threshold, a "how" question to one agency still gets a paragraph scoring at
    # least `stand_out_least` and `stand_out_ratio` times any other of the agency's
    # paragraphs, when at least `stand_out_known` of the question's words are the report's.
    stand_out_least: float = 0.35
    stand_out_ratio: float = 2.0
    stand_out_known: float = 0.7
    # Share of a question's content (by weight) that the knowledge must know.
    known_with_agency: float = 0.3
    known_without_agency: float = 0.5
    # Within this margin of the best score, a candidate that meets every condition the
    # question states (period, comparison, rank) is preferred to one that does not.
    condition_margin: float = 0.2
    # Naming no agency, figures of two agencies this close are a question to ask back.
    rival_margin: float = 0.05
    # A paragraph wins over a figure for a "how" question unless the figure is this far ahead.
    text_margin: float = 0.25
    # Neither "how" nor "how many": a fitting label wins unless the paragraph is this far ahead.
    figure_margin: float = 0.15
    # "Which is more": the other figures named score at least this share of the best, and
    # at most this many figures stand side by side.
    compared_share: float = 0.35
    most_compared: int = 4
    # An admin's FAQ phrasing answers a question this similar to it (rapidfuzz ratio, 0-100).
    faq_cutoff: float = 85.0
    # A suggestion must score at least this share of the best candidate's score.
    suggestion_ratio: float = 0.6


WEIGHTS = Weights()
