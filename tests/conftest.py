"""Shared fixtures: the bundled knowledge, its index, and scratch copies to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.index import Index, build_index
from bot.knowledge import Knowledge, bundled_knowledge_dir, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "zhongshan-daily-2018-12-model-agencies.txt"
REPORT_DIR = "zhongshan-2018-12"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """Return the bundled knowledge, loaded once."""
    return load_knowledge(bundled_knowledge_dir())


@pytest.fixture(scope="session")
def index(knowledge: Knowledge) -> Index:
    """Return the index of the bundled knowledge, built once."""
    return build_index(knowledge)


@pytest.fixture()
def knowledge_copy(tmp_path: Path) -> Path:
    """Return a writable copy of the bundled knowledge directory."""
    target = tmp_path / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), target)
    return target
