"""The live knowledge's caches: explicit, owned by the store, and never stale."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge import ParseCache, load_knowledge
from bot.store import KnowledgeStore
from tests.conftest import REPORT_DIR


def test_a_cache_reuses_unchanged_files_and_reads_changed_ones(knowledge_copy: Path) -> None:
    cache = ParseCache()
    first = load_knowledge(knowledge_copy, cache=cache)
    edited = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("aliases: [", "aliases: [新别称, ", 1),
        encoding="utf-8",
    )
    second = load_knowledge(knowledge_copy, cache=cache)
    before = {a.id: a for a in first.agencies}
    after = {a.id: a for a in second.agencies}
    assert after["jiwei"] is before["jiwei"]  # not parsed again
    assert "新别称" in after["fayuan"].aliases and after["fayuan"] is not before["fayuan"]


def test_loads_without_a_cache_share_nothing(knowledge_copy: Path) -> None:
    first = load_knowledge(knowledge_copy)
    second = load_knowledge(knowledge_copy)
    assert first == second and first.agencies[0] is not second.agencies[0]


def test_the_store_reloads_through_its_own_cache(knowledge_copy: Path) -> None:
    store = KnowledgeStore(knowledge_copy)
    other = KnowledgeStore(knowledge_copy)
    jiwei = store.index.agencies_by_id["jiwei"]
    assert store.reload().ok
    assert store.index.agencies_by_id["jiwei"] is jiwei
    assert other.index.agencies_by_id["jiwei"] is not jiwei
