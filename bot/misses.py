"""What staff asked and did not get: misses grouped by similarity, and snippets that fix them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.answering import best_guess
from bot.index import Entry, Index
from bot.question_log import LoggedQuestion
from bot.text import matching_form

__all__ = ["MissGroup", "PeriodStats", "group_misses", "period_stats", "suggest_snippet"]

# Two misses belong together when their normalised texts are this similar (rapidfuzz ratio).
SIMILARITY = 70.0


@dataclass(slots=True)
class MissGroup:
    """Questions that went unanswered (or got 👎), alike enough to fix together."""

    example: str
    questions: list[str] = field(default_factory=list)
    declined: int = 0
    disliked: int = 0
    guess: Entry | None = None

    @property
    def count(self) -> int:
        """Return how many times staff asked this."""
        return len(self.questions)


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """The log's figures for a period, for /stats."""

    asked: int
    answered: int
    up: int
    down: int
    top_agencies: tuple[tuple[str, int], ...]

    @property
    def answered_rate(self) -> float:
        """Return the share of questions answered."""
        return self.answered / self.asked if self.asked else 0.0


def is_miss(question: LoggedQuestion) -> bool:
    """Tell whether a logged question is a miss: declined, or voted down more than up."""
    return (not question.answered and question.kind == "declined") or question.down > question.up


def group_misses(index: Index, questions: list[LoggedQuestion]) -> list[MissGroup]:
    """Group the misses by similarity, most frequent first, each with the bot's best guess."""
    groups: list[MissGroup] = []
    forms: list[str] = []
    for question in questions:
        if not is_miss(question):
            continue
        form = matching_form(question.question)
        match = process.extractOne(form, forms, scorer=fuzz.ratio, score_cutoff=SIMILARITY)
        if match is None:
            groups.append(MissGroup(example=question.question))
            forms.append(form)
            group = groups[-1]
        else:
            group = groups[match[2]]
        group.questions.append(question.question)
        group.declined += int(not question.answered)
        group.disliked += int(question.down > question.up)
    groups.sort(key=lambda g: -g.count)
    for group in groups:
        group.guess = best_guess(index, group.example)
    return groups


def period_stats(questions: list[LoggedQuestion], *, top: int = 3) -> PeriodStats:
    """Count answers, votes and the agencies most asked about."""
    agencies = Counter(q.agency for q in questions if q.agency)
    return PeriodStats(
        asked=len(questions),
        answered=sum(q.answered for q in questions),
        up=sum(q.up for q in questions),
        down=sum(q.down for q in questions),
        top_agencies=tuple(agencies.most_common(top)),
    )


def guess_label(entry: Entry | None) -> str:
    """Name the bot's best guess for a group: agency · figure (or paragraph)."""
    if entry is None:
        return "(无)"
    owner = entry.agency.name if entry.agency else "报道"
    if entry.metric is not None:
        return f"{owner} · {entry.metric.label} {entry.metric.figure()}"
    return f"{owner} · 第{entry.paragraph_no + 1}段"


def suggest_snippet(group: MissGroup) -> str | None:
    """Return a YAML FAQ entry that would have answered the group, for an admin to paste."""
    entry = group.guess
    if entry is None:
        return None
    phrasings = list(dict.fromkeys(q.strip() for q in group.questions))[:5]
    target = (
        f"  metric: {entry.metric.id}"
        if entry.metric is not None
        else f"  paragraph: {entry.paragraph_no + 1}"
    )
    where = entry.agency.source if entry.agency is not None else entry.report.source
    quoted = ", ".join(_yaml_text(p) for p in phrasings)
    return (
        f"# {group.count}× e.g. “{group.example}” → {guess_label(entry)}\n"
        f"# paste under `faq:` in knowledge/{where} (replace `faq: []` if it is empty),\n"
        f"# then /reload:\n"
        f"- questions: [{quoted}]\n"
        f"{target}"
    )


def _yaml_text(text: str) -> str:
    """Quote a phrasing for a YAML flow list when it needs it."""
    if any(ch in text for ch in ",[]{}:#&*!|>'\"%@`") or text != text.strip() or not text:
        return "'" + text.replace("'", "''") + "'"
    return text
