"""The live knowledge: one index at a time, replaced whole only by a load that validates."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.answering import Reply
from bot.index import Index, build_index
from bot.knowledge import Knowledge, KnowledgeError, ParseCache, load_knowledge
from bot.knowledge.loader import knowledge_files

__all__ = ["KnowledgeDiff", "KnowledgeStore", "ReloadOutcome", "Stats", "diff_knowledge"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class KnowledgeDiff:
    """What a reload changed, by id."""

    agencies_added: tuple[str, ...] = ()
    agencies_removed: tuple[str, ...] = ()
    figures_added: tuple[str, ...] = ()
    figures_removed: tuple[str, ...] = ()
    figures_changed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """Tell whether nothing changed."""
        return not any(
            (
                self.agencies_added,
                self.agencies_removed,
                self.figures_added,
                self.figures_removed,
                self.figures_changed,
            )
        )


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    """The result of a reload: the new knowledge and what changed, or every problem."""

    ok: bool
    problems: tuple[str, ...] = ()
    diff: KnowledgeDiff = field(default_factory=KnowledgeDiff)
    seconds: float = 0.0


def diff_knowledge(old: Knowledge, new: Knowledge) -> KnowledgeDiff:
    """Compare two knowledges by agency and figure id."""
    old_agencies = {a.id for a in old.agencies}
    new_agencies = {a.id for a in new.agencies}
    old_metrics = {m.id: m for a in old.agencies for m in a.metrics}
    new_metrics = {m.id: m for a in new.agencies for m in a.metrics}
    changed = sorted(
        key
        for key in old_metrics.keys() & new_metrics.keys()
        if old_metrics[key] != new_metrics[key]
    )
    return KnowledgeDiff(
        agencies_added=tuple(sorted(new_agencies - old_agencies)),
        agencies_removed=tuple(sorted(old_agencies - new_agencies)),
        figures_added=tuple(sorted(new_metrics.keys() - old_metrics.keys())),
        figures_removed=tuple(sorted(old_metrics.keys() - new_metrics.keys())),
        figures_changed=tuple(changed),
    )


class KnowledgeStore:
    """Hold the current index; a reload validates everything before it swaps anything."""

    def __init__(
        self,
        directory: Path,
        *,
        clock: Callable[[], float] = time.time,
        home_place: str | None = None,
    ) -> None:
        self.directory = directory
        self.home_place = home_place
        self._clock = clock
        self._lock = threading.Lock()
        self._parsed = ParseCache()  # a reload parses only the files that changed
        self._index = build_index(
            load_knowledge(directory, cache=self._parsed), home_place=home_place
        )
        self.loaded_at = datetime.fromtimestamp(clock(), UTC)
        self._signature = self._files_signature()

    @property
    def index(self) -> Index:
        """Return the index every request of this moment uses."""
        return self._index

    def reload(self) -> ReloadOutcome:
        """Load the directory again; swap in the new index only if every file is right."""
        started = time.perf_counter()
        with self._lock:
            signature = self._files_signature()
            try:
                knowledge = load_knowledge(self.directory, cache=self._parsed)
                index = build_index(knowledge, home_place=self.home_place)
            except KnowledgeError as exc:
                self._signature = signature  # do not retry the same broken save
                logger.warning(
                    "reload refused, %d problem(s); the last good knowledge stays",
                    len(exc.problems),
                )
                return ReloadOutcome(
                    ok=False,
                    problems=tuple(str(p) for p in exc.problems),
                    seconds=time.perf_counter() - started,
                )
            diff = diff_knowledge(self._index.knowledge, knowledge)
            self._index = index  # one reference swap: no request sees half of it
            self.loaded_at = datetime.fromtimestamp(self._clock(), UTC)
            self._signature = signature
        seconds = time.perf_counter() - started
        logger.info("knowledge reloaded in %.3f s (version %s)", seconds, knowledge.version)
        return ReloadOutcome(ok=True, diff=diff, seconds=seconds)

    def reload_if_changed(self) -> ReloadOutcome | None:
        """Reload when a file changed since the last load (a watcher's tick); log refusals."""
        if not self.changed_on_disk():
            return None
        outcome = self.reload()
        for problem in outcome.problems:
            logger.warning("knowledge not reloaded: %s", problem)
        return outcome

    def changed_on_disk(self) -> bool:
        """Tell whether a knowledge file was added, removed or saved since the last load."""
        return self._files_signature() != self._signature

    def _files_signature(self) -> tuple[tuple[str, int, int], ...]:
        try:
            files = knowledge_files(self.directory)
            return tuple(
                (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists()
            )
        except OSError:
            return ()


@dataclass(slots=True)
class Stats:
    """Counts since start, for /stats."""

    started: float = field(default_factory=time.time)
    answered: int = 0
    declined: int = 0

    def record(self, reply: Reply) -> None:
        """Count one reply to a question."""
        if reply.answered:
            self.answered += 1
        elif reply.kind == "declined":
            self.declined += 1
