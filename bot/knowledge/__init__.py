"""The knowledge: reports, agencies and figures, their YAML files, loading and ingest."""

from bot.knowledge.ingest import ingest_report, parse_report
from bot.knowledge.loader import (
    KnowledgeError,
    ParseCache,
    Problem,
    bundled_knowledge_dir,
    load_knowledge,
)
from bot.knowledge.metrics import extract_metrics
from bot.knowledge.schema import (
    Agency,
    Comparison,
    Faq,
    Knowledge,
    Metric,
    Paragraph,
    Report,
    format_number,
)

__all__ = [
    "Agency",
    "Comparison",
    "Faq",
    "Knowledge",
    "KnowledgeError",
    "Metric",
    "Paragraph",
    "ParseCache",
    "Problem",
    "Report",
    "bundled_knowledge_dir",
    "extract_metrics",
    "format_number",
    "ingest_report",
    "load_knowledge",
    "parse_report",
]
