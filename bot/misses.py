"""What staff asked and did not get: misses grouped by similarity, and snippets that fix them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.answering import answer_question, best_guess
from bot.index import Entry, Index
from bot.question_log import PARTIAL, LoggedQuestion
from bot.text import matching_form

__all__ = [
    "MissGroup",
    "group_misses",
    "guess_label",
    "is_miss",
    "suggest_snippet",
]

# Two misses belong together when their normalised texts are this similar (rapidfuzz ratio).
SIMILARITY = 70.0


@dataclass(slots=True)
class MissGroup:
    """Questions that went unanswered (or got 👎), alike enough to fix together."""

    example: str
    questions: list[str] = field(default_factory=list)
    declined: int = 0
    partial: int = 0
    disliked: int = 0
    guess: Entry | None = None
    # Entry keys that got the 👎, and how often: never to be suggested back.
    disliked_entries: Counter[str] = field(default_factory=Counter)
    # What got the 👎, as agency · figure, for the admin to see what went wrong.
    disliked_label: str = ""
    # The bot's guess was a disliked entry and nothing else came close.
    guess_withheld: bool = False

    @property
    def count(self) -> int:
        """Return how many times staff asked this."""
        return len(self.questions)


def is_miss(question: LoggedQuestion) -> bool:
    """Tell whether a logged question is a miss: declined, partly answered, or voted down."""
    return not question.answered or question.down > question.up


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
        group.declined += int(not question.answered and question.kind != PARTIAL)
        group.partial += int(question.kind == PARTIAL)
        if question.down > question.up:
            group.disliked += 1
            if question.figure:
                group.disliked_entries[question.figure] += 1
    groups.sort(key=lambda g: -g.count)
    for group in groups:
        group.disliked_label = _disliked_label(index, group)
        group.guess = best_guess(index, group.example)
        if group.guess is not None and group.guess.key in group.disliked_entries:
            group.guess = _next_best(index, group)
            group.guess_withheld = group.guess is None
    return groups


def _next_best(index: Index, group: MissGroup) -> Entry | None:
    """Return the first of the bot's own alternatives to the example that got no 👎."""
    for suggestion in answer_question(index, group.example).suggestions:
        position = index.entries_by_key.get(suggestion.id)
        if position is not None and suggestion.id not in group.disliked_entries:
            return index.entries[position]
    return None


def _disliked_label(index: Index, group: MissGroup) -> str:
    """Name what got the 👎 in a group: agency · figure (×count), as the bot answered it."""
    names = []
    for key, count in group.disliked_entries.most_common():
        position = index.entries_by_key.get(key)
        name = guess_label(index.entries[position]) if position is not None else key
        names.append(f"{name} ×{count}" if count > 1 else name)
    return "; ".join(names)


def guess_label(entry: Entry | None) -> str:
    """Name the bot's best guess for a group: agency · figure (or paragraph)."""
    if entry is None:
        return "(无)"
    owner = entry.agency.name if entry.agency else "报道"
    if entry.metric is not None:
        return f"{owner} · {entry.metric.label} {entry.metric.figure()}"
    return f"{owner} · 第{entry.paragraph_no + 1}段"


def suggest_snippet(group: MissGroup) -> str | None:
    """Return a YAML FAQ entry that would have answered the group, for an admin to paste.

    A group with 👎 never gets the entry it complained about: the next-best one, or, when
    nothing else comes close, an entry with no target that `reportbot check` refuses as it
    stands, with a comment that the report may not hold the answer.
    """
    phrasings = list(dict.fromkeys(q.strip() for q in group.questions))[:5]
    quoted = ", ".join(_yaml_text(p) for p in phrasings)
    entry = group.guess
    if entry is None:
        if not group.guess_withheld:
            return None  # another place or body: no knowledge edit should answer it
        return (
            f"# {group.count}× e.g. “{group.example}” got 👎 on {group.disliked_label}\n"
            "# nothing else in the report comes close: it may not hold the answer.\n"
            "# Fill in `metric: ID` or `paragraph: N` only if you find it; as it stands\n"
            "# `reportbot check` refuses this entry.\n"
            f"- questions: [{quoted}]\n"
            "  metric:"
        )
    target = (
        f"  metric: {entry.metric.id}"
        if entry.metric is not None
        else f"  paragraph: {entry.paragraph_no + 1}"
    )
    where = entry.agency.source if entry.agency is not None else entry.report.source
    disliked = f" (next best: 👎 on {group.disliked_label})" if group.disliked_label else ""
    return (
        f"# {group.count}× e.g. “{group.example}” → {guess_label(entry)}{disliked}\n"
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
