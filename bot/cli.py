"""The `reportbot` command: check, ingest, chat, ask, eval, serve."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from bot.knowledge import KnowledgeError, Problem, ingest_report, load_knowledge
from bot.settings import Settings, SettingsError

__all__ = ["ExitStatus", "main"]

logger = logging.getLogger(__name__)


class ExitStatus(IntEnum):
    """What the process tells its caller."""

    SUCCESS = 0
    ERROR = 1
    USAGE = 2


class _Parser(argparse.ArgumentParser):
    """An argument parser that reports usage errors instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _parser() -> _Parser:
    parser = _Parser(
        prog="reportbot",
        description="Answer staff questions about a report, with the exact figure and paragraph.",
    )
    parser.add_argument("--knowledge", metavar="DIR", help="knowledge directory")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    commands.add_parser("check", help="validate every knowledge file")

    ingest = commands.add_parser("ingest", help="turn a report's text into knowledge files")
    ingest.add_argument("report", type=Path, help="the report as UTF-8 text")
    ingest.add_argument("--out", type=Path, required=True, metavar="DIR", help="report folder")
    ingest.add_argument("--id", dest="report_id", help="report id (default: the folder's name)")
    ingest.add_argument("--newspaper", help="newspaper that published it, e.g. 中山日报")
    ingest.add_argument("--date", help="publication date, e.g. 2018-12 (its 今年 is 2018)")
    ingest.add_argument("--place", help="the city the report is about (default: from the title)")
    return parser


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if env is None else env
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        print(f"reportbot: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = Settings.from_env(env, knowledge=args.knowledge)
    except SettingsError as exc:
        print(f"reportbot: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    command = args.command or ("serve" if settings.token else "check")
    try:
        if command == "check":
            return _check(settings, sys.stdout)
        if command == "ingest":
            return _ingest(args, sys.stdout)
    except KnowledgeError as exc:
        print(str(exc), file=sys.stderr)
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        return ExitStatus.SUCCESS
    print(f"reportbot: unknown command {command!r}", file=sys.stderr)
    return ExitStatus.USAGE


def _check(settings: Settings, out: TextIO) -> int:
    knowledge = load_knowledge(settings.knowledge_dir)
    agencies = len(knowledge.agencies)
    print(
        f"{settings.knowledge_dir}: OK, {len(knowledge.reports)} report(s), {agencies} agencies, "
        f"{knowledge.metric_count} figures in {len(knowledge.files)} files",
        file=out,
    )
    return ExitStatus.SUCCESS


def _ingest(args: argparse.Namespace, out: TextIO) -> int:
    try:
        text = args.report.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = Problem(str(args.report), 1, f"cannot read the report: {exc}")
        raise KnowledgeError([problem]) from exc
    written = ingest_report(
        text,
        args.out,
        source=args.report.name,
        report_id=args.report_id,
        newspaper=args.newspaper,
        date=args.date,
        place=args.place,
    )
    knowledge_root = args.out.resolve().parent
    knowledge = load_knowledge(knowledge_root)
    print(
        f"wrote {len(written)} files to {args.out}; {knowledge_root} now holds "
        f"{len(knowledge.agencies)} agencies and {knowledge.metric_count} figures",
        file=out,
    )
    return ExitStatus.SUCCESS

