"""Answer a question from the knowledge: the figure first, the paragraph behind it, or a plain no.

The pipeline, one module a step: `analyse` (bot.question) reads what the question names and
asks; `retrieve` (bot.retrieval) scores the candidates; `decide` (bot.decision) checks every
condition and chooses answer, partial or decline; `build_reply` (bot.replies) makes the Reply.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from bot.decision import decide
from bot.index import Entry, Index
from bot.knowledge import Agency
from bot.question import (
    MAX_QUESTION_CHARS,
    Context,
    analyse,
    correct_typos,
    find_agencies,
    with_carried,
)
from bot.replies import (
    Figure,
    Reply,
    Suggestion,
    build_reply,
    describe_agency,
    entry_reply,
    example_questions,
    stale_reply,
)
from bot.retrieval import last_entry, retrieve
from bot.text import matching_form
from bot.weights import WEIGHTS

__all__ = [
    "Context",
    "Conversations",
    "Figure",
    "Reply",
    "Suggestion",
    "answer_question",
    "answer_suggestion",
    "best_guess",
    "describe_agency",
    "example_questions",
    "find_agency",
]


def answer_question(index: Index, question: str, context: Context | None = None) -> Reply:
    """Answer one question from the knowledge, leaning on the chat's context for follow-ups."""
    asked = analyse(index, question, _valid(index, context))
    if asked.follow_up:
        last = last_entry(index, asked)
        if last is not None and last.metric is not None:
            asked = with_carried(asked, index, last.label_features)
    return build_reply(index, decide(index, asked))


def answer_suggestion(index: Index, suggestion_id: str, *, score: int = 100) -> Reply:
    """Answer a tapped suggestion: an entry key (metric or paragraph) or an agency id."""
    if suggestion_id in index.agencies_by_id:
        return describe_agency(index, index.agencies_by_id[suggestion_id])
    position = index.entries_by_key.get(suggestion_id)
    if position is None:
        return stale_reply(index)
    return entry_reply(index.entries[position], score)


def best_guess(index: Index, question: str) -> Entry | None:
    """Return the entry the bot would have leaned to, even below the answering threshold.

    None for a question about another place or body, or a task: no knowledge edit should
    answer it.
    """
    asked = analyse(index, question)
    if asked.request != "question" or asked.foreign:
        return None
    decision = decide(index, asked)
    if decision.entry is not None:
        return decision.entry
    # Declined: the nearest candidate, however far below the line it scored.
    ranked = retrieve(index, asked, weights=replace(WEIGHTS, least_coverage=0.0))
    if asked.asks.number:
        # A question for a number leans to the nearest figure.
        ranked = [s for s in ranked if s.entry.metric is not None] or ranked
    return ranked[0].entry if ranked else None


def find_agency(index: Index, text: str) -> Agency | None:
    """Return the agency a text names by id, name, alias, homophone or near-miss, if any."""
    form = matching_form(text[:MAX_QUESTION_CHARS])
    if form.strip() in index.agencies_by_id:
        return index.agencies_by_id[form.strip()]
    agencies, _ = find_agencies(index, correct_typos(index, form))
    return agencies[0] if agencies else None


class Conversations:
    """Per-chat context for follow-up questions; it expires and never leaks between chats."""

    def __init__(
        self,
        *,
        ttl: float = 600.0,
        max_chats: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max = max_chats
        self._clock = clock
        self._contexts: OrderedDict[str, Context] = OrderedDict()
        self._lock = threading.Lock()

    def context(self, chat: str) -> Context | None:
        """Return a chat's context, if it has one that has not expired."""
        with self._lock:
            found = self._contexts.get(chat)
            if found is not None and self._clock() - found.at > self._ttl:
                del self._contexts[chat]
                return None
            return found

    def remember(self, chat: str, reply: Reply) -> None:
        """Keep what a reply was about as the chat's context (a partial reply counts, and
        so does what a question about another body asked: "那中山的呢" asks it here)."""
        about = reply.agency_id is not None or reply.entry_key is not None
        if reply.topic_key is not None:
            context = Context(None, reply.topic_key, self._clock())
        elif (reply.answered or reply.kind == "partial") and about:
            context = Context(reply.agency_id, reply.entry_key, self._clock())
        else:
            return
        with self._lock:
            self._contexts[chat] = context
            self._contexts.move_to_end(chat)
            while len(self._contexts) > self._max:
                self._contexts.popitem(last=False)

    def ask(self, index: Index, chat: str, question: str) -> Reply:
        """Answer a question in a chat's conversation and remember what it was about."""
        reply = answer_question(index, question, self.context(chat))
        self.remember(chat, reply)
        return reply


def _valid(index: Index, context: Context | None) -> Context | None:
    """Drop a context that points at knowledge a reload removed."""
    if context is None:
        return None
    if context.agency_id is not None and context.agency_id not in index.agencies_by_id:
        return None
    if context.entry_key is not None and context.entry_key not in index.entries_by_key:
        return replace(context, entry_key=None)
    return context
