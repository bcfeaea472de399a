"""How the reports' Chinese ends a sentence: the one sentence splitter of the bot."""

from __future__ import annotations

import re

__all__ = ["SENTENCE_ENDS", "split_clauses", "split_sentences"]

# What ends a sentence in a report (full-width and, after normalisation, ASCII forms).
SENTENCE_ENDS = "。!?!?"
# A semicolon ends a clause that reads as a sentence of its own (the reply cuts there too).
_CLAUSE_ENDS = ";;"
_AFTER_SENTENCE = re.compile(f"(?<=[{SENTENCE_ENDS}])")
_AFTER_CLAUSE = re.compile(f"(?<=[{SENTENCE_ENDS}{_CLAUSE_ENDS}])")
# A comma ends the smallest part that still says something: "2015年以来先后制定…等4部法规".
_AFTER_COMMA = re.compile(f"(?<=[{SENTENCE_ENDS}{_CLAUSE_ENDS},,])")


def split_sentences(text: str, *, at_semicolons: bool = False) -> list[str]:
    """Return the sentences of a text, stripped, each with its closing punctuation."""
    pattern = _AFTER_CLAUSE if at_semicolons else _AFTER_SENTENCE
    return [s.strip() for s in pattern.split(text) if s.strip()]


def split_clauses(text: str) -> list[str]:
    """Return the comma-separated parts of a text, stripped, each with its punctuation."""
    return [s.strip() for s in _AFTER_COMMA.split(text) if s.strip()]
