"""The `reportbot` command: check, ingest, chat, ask, eval, serve."""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TextIO

from bot.answering import Conversations
from bot.evaluation import EvalError, load_cases, run_cases, summarise
from bot.index import Index, build_index
from bot.knowledge import KnowledgeError, Problem, ingest_report, load_knowledge
from bot.knowledge.documents import read_document
from bot.knowledge.ingest import Missing
from bot.rendering import render_json, render_text
from bot.settings import (
    DEFAULT_LISTEN,
    DEFAULT_PORT,
    Settings,
    SettingsError,
    Webhook,
    WeComSettings,
)

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
    # The same options after the command name: `reportbot check --knowledge DIR`.
    common = _Parser(add_help=False)
    common.add_argument(
        "--knowledge",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="knowledge directory (default: $REPORTBOT_KNOWLEDGE, else bundled)",
    )
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # Plain `reportbot` with a token serves: give it serve's defaults.
    parser.set_defaults(watch=False, webhook_url=None, listen="0.0.0.0", port=8443)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, parents=[common])

    command("check", "validate every knowledge file")
    command("chat", "talk to the bot in the console")

    ask = command("ask", "answer one question, or one per line from stdin")
    ask.add_argument("question", nargs="?", help="the question (default: read lines from stdin)")
    ask.add_argument("--json", action="store_true", help="print a JSON object per reply")

    evaluate = command("eval", "run a questions file and judge the replies")
    evaluate.add_argument("file", type=Path, help="questions file (YAML)")

    serve = command("serve", "run the Telegram bot (needs TELEGRAM_BOT_TOKEN)")
    serve.add_argument(
        "--watch",
        action="store_true",
        help="reload when a knowledge file changes (a broken save is ignored)",
    )
    serve.add_argument(
        "--webhook-url",
        metavar="URL",
        help="run behind this public HTTPS webhook URL instead of long polling",
    )
    serve.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        metavar="ADDR",
        help=f"webhook listen address (default: {DEFAULT_LISTEN}; 0.0.0.0 in a container)",
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"webhook port (default: {DEFAULT_PORT})"
    )

    wecom = command("serve-wecom", "run the WeCom (企业微信) callback server (needs WECOM_*)")
    wecom.add_argument(
        "--listen",
        default=DEFAULT_LISTEN,
        metavar="ADDR",
        help=f"address (default: {DEFAULT_LISTEN})",
    )
    wecom.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    wecom.add_argument(
        "--path", default="/wecom", help="callback path registered in WeCom (default: /wecom)"
    )
    wecom.add_argument(
        "--watch",
        action="store_true",
        help="reload when a knowledge file changes (a broken save is ignored)",
    )

    bench = command("bench", "measure speed, accuracy and memory beside a BM25 baseline")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument(
        "--sizes", default="1,10,100", help="reports per knowledge (default 1,10,100)"
    )
    bench.add_argument(
        "--questions", type=int, default=1000, help="questions per size (default 1000)"
    )
    bench.add_argument("--repeats", type=int, default=3, help="repeats per figure (default 3)")
    bench.add_argument("--no-e2e", action="store_true", help="skip the end-to-end measurement")
    bench.add_argument(
        "--realistic",
        type=Path,
        action="append",
        metavar="FILE",
        help="a questions file (eval format) for the realistic rows; repeatable "
        "(default: the checkout's tests/questions/*.yaml)",
    )

    misses = command("misses", "what staff asked that the knowledge could not answer")
    misses.add_argument("--days", type=float, default=7.0, help="period in days (default 7)")
    misses.add_argument(
        "--suggest",
        action="store_true",
        help="print a YAML FAQ snippet per frequent miss, to review and paste",
    )
    misses.add_argument(
        "--min-count",
        type=int,
        default=1,
        help="with --suggest: only groups asked at least this often (default 1)",
    )

    stats = command(
        "stats", "how the bot was used: questions a day, answered rate, agencies, votes"
    )
    stats.add_argument("--days", type=int, default=30, help="period in days (default 30)")
    stats.add_argument("--png", type=Path, metavar="FILE", help="also write the chart as a PNG")

    export = command("export", "write the question log a row a question, for a spreadsheet")
    export.add_argument("--days", type=int, help="only the last N days (default: all)")
    export.add_argument(
        "--format", choices=("csv", "xlsx"), help="default: from --out's suffix, else csv"
    )
    export.add_argument(
        "--out", type=Path, metavar="FILE", help="default: CSV (UTF-8 with a BOM) to stdout"
    )

    ingest = command("ingest", "turn a report (.txt, .docx or .pdf) into knowledge files")
    ingest.add_argument("report", type=Path, help="the report: text, Word (.docx) or PDF")
    ingest.add_argument("--out", type=Path, required=True, metavar="DIR", help="report folder")
    ingest.add_argument(
        "--id", dest="report_id", help="report id (default: place and month, foshan-2018-12)"
    )
    ingest.add_argument(
        "--newspaper", help="newspaper that published it, e.g. 中山日报 (default: its masthead)"
    )
    ingest.add_argument(
        "--date", help="publication date, e.g. 2018-12 (default: its dateline; 今年 is 2018)"
    )
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
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # the --watch job, each second
    try:
        settings = Settings.from_env(env, knowledge=args.knowledge)
    except SettingsError as exc:
        print(f"reportbot: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    if settings.cache_dir is not None:
        # jieba keeps its dictionary cache in the temporary folder; this is the one place
        # that says which folder that is.
        tempfile.tempdir = str(settings.cache_dir)
    command = args.command or ("serve" if settings.token else "chat")
    if settings.token:
        _redact(settings.token)
    try:
        if command == "serve":
            return _serve(settings, args)
        if command == "serve-wecom":
            return _serve_wecom(settings, args, env)
        if command == "check":
            return _check(settings, sys.stdout)
        if command == "ingest":
            return _ingest(args, sys.stdin, sys.stdout)
        if command == "chat":
            return _chat(_load_index(settings), sys.stdin, sys.stdout)
        if command == "ask":
            return _ask(_load_index(settings), args, sys.stdin, sys.stdout)
        if command == "misses":
            return _misses(settings, args, sys.stdout)
        if command == "stats":
            return _stats(settings, args, sys.stdout)
        if command == "export":
            return _export(settings, args, sys.stdout)
        if command == "bench":
            return _bench(args, env, sys.stdout)
        if command == "eval":
            return _eval(_load_index(settings), args.file, sys.stdout)
    except (KnowledgeError, EvalError) as exc:
        print(str(exc), file=sys.stderr)
        return ExitStatus.ERROR
    except sqlite3.Error as exc:
        print(f"reportbot: cannot read the question log: {exc}", file=sys.stderr)
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        return ExitStatus.SUCCESS
    except BrokenPipeError:
        # The reader went away (`reportbot ask … | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitStatus.ERROR
    print(f"reportbot: unknown command {command!r}", file=sys.stderr)
    return ExitStatus.USAGE


class _Redact(logging.Filter):
    """Replace the token wherever it would appear in a log line."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg = message.replace(self.secret, "<token>")
            record.args = None
        if record.exc_info and record.exc_info[1] and self.secret in str(record.exc_info[1]):
            record.exc_info = None
            record.msg = f"{record.msg} (details hidden: they held the token)"
        return True


def _redact(token: str) -> None:
    for handler in logging.getLogger().handlers:
        handler.addFilter(_Redact(token))


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.token:
        print(
            "reportbot: TELEGRAM_BOT_TOKEN is not set; get one from @BotFather "
            "(or run `reportbot chat` to try the bot in the console)",
            file=sys.stderr,
        )
        return ExitStatus.USAGE
    from bot.telegram_bot import run_bot

    if args.webhook_url and not settings.webhook_secret:
        print(
            "reportbot: --webhook-url needs REPORTBOT_WEBHOOK_SECRET (1-256 characters "
            "A-Z a-z 0-9 _ -) so that only Telegram can post updates",
            file=sys.stderr,
        )
        return ExitStatus.USAGE
    webhook = Webhook(args.webhook_url, args.listen, args.port) if args.webhook_url else None
    return run_bot(settings, watch=args.watch, webhook=webhook)


def _serve_wecom(settings: Settings, args: argparse.Namespace, env: Mapping[str, str]) -> int:
    try:
        wecom = WeComSettings.from_env(env)
    except SettingsError as exc:
        print(f"reportbot: {exc}", file=sys.stderr)
        return ExitStatus.USAGE
    if not args.path.startswith("/"):
        print("reportbot: --path must start with /", file=sys.stderr)
        return ExitStatus.USAGE
    for secret in (wecom.secret, wecom.aes_key, wecom.token):
        _redact(secret)
    from bot.wecom import run_wecom

    return run_wecom(
        settings,
        wecom,
        listen=args.listen,
        port=args.port,
        path=args.path,
        watch=args.watch,
    )


def _load_index(settings: Settings) -> Index:
    return build_index(load_knowledge(settings.knowledge_dir), home_place=settings.home_place)


def _chat(index: Index, stdin: TextIO, out: TextIO) -> int:
    conversations = Conversations()
    interactive = stdin.isatty()
    report = index.knowledge.reports[0]
    print(
        f"reportbot 控制台:关于{report.newspaper}《{report.title}》。输入问题,空行或 Ctrl-D 退出。",
        file=out,
    )
    while True:
        if interactive:
            print("> ", end="", file=out, flush=True)
        line = stdin.readline()
        if not line or (interactive and not line.strip()):
            return ExitStatus.SUCCESS
        if not line.strip():
            continue
        reply = conversations.ask(index, "console", line.rstrip("\n"))
        print(render_text(reply), end="\n\n", file=out, flush=True)


def _ask(index: Index, args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    conversations = Conversations()
    if args.question is not None:
        reply = conversations.ask(index, "cli", args.question)
        if args.json:
            print(json.dumps(render_json(reply), ensure_ascii=False), file=out)
        else:
            print(render_text(reply), file=out)
        return ExitStatus.SUCCESS
    for number, line in enumerate(stdin, start=1):
        question, chat = _protocol_line(line, number)
        try:
            reply = conversations.ask(index, chat, question)
            payload = render_json(reply)
        except Exception:  # one bad line must not cost the others their answers
            logger.exception("cannot answer line %d", number)
            payload = {"answered": False, "answer": "内部错误,这一行没有得到回答。", "error": True}
        print(json.dumps(payload, ensure_ascii=False), file=out, flush=True)
    return ExitStatus.SUCCESS


def _protocol_line(line: str, number: int) -> tuple[str, str]:
    """Read one line of the ask protocol: plain text, or {"q": …, "chat": …}."""
    text = line.rstrip("\r\n")
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return text, f"line:{number}"
        if isinstance(data, dict) and isinstance(data.get("q"), str):
            chat = data.get("chat")
            return data["q"], f"chat:{chat}" if chat is not None else f"line:{number}"
    return text, f"line:{number}"


def _log_file(settings: Settings, say: TextIO) -> Path | None:
    """Return the question log's file, or say there is none yet."""
    directory = settings.data_dir
    path = directory / "questions.sqlite3"
    if not path.exists():
        print(f"no question log in {directory} yet (set REPORTBOT_DATA to read another)", file=say)
        return None
    return path


def _misses(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    from bot.misses import group_misses, guess_label, suggest_snippet
    from bot.question_log import LogReader

    index = _load_index(settings)
    path = _log_file(settings, out)
    if path is None:
        return ExitStatus.SUCCESS
    with LogReader(path) as reader:
        groups = group_misses(index, reader.questions(since=time.time() - args.days * 86400))
    if not groups:
        print(f"no declined or 👎 questions in the last {args.days:g} days", file=out)
        return ExitStatus.SUCCESS
    if args.suggest:
        snippets = [
            snippet
            for group in groups
            if group.count >= args.min_count and (snippet := suggest_snippet(group))
        ]
        print("\n\n".join(snippets) if snippets else "no group has a guess to suggest", file=out)
        return ExitStatus.SUCCESS
    print(
        f"{sum(g.count for g in groups)} missed questions in {len(groups)} groups, "
        f"last {args.days:g} days:",
        file=out,
    )
    for group in groups:
        print(
            f"{group.count:>4}×  {group.example}   (declined {group.declined}, "
            f"👎 {group.disliked}; closest: {guess_label(group.guess)})",
            file=out,
        )
        if group.disliked_label:
            print(f"       👎 on: {group.disliked_label}", file=out)
    return ExitStatus.SUCCESS


def _stats(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    from bot.question_log import LogReader
    from bot.usage import read_usage, render_chart, usage_text

    if not 1 <= args.days <= 3660:
        print("reportbot: --days takes a number of days from 1 to 3660", file=sys.stderr)
        return ExitStatus.USAGE
    path = _log_file(settings, out)
    if path is None:
        return ExitStatus.SUCCESS
    with LogReader(path) as reader:
        usage = read_usage(reader, days=args.days)
    print(usage_text(usage), file=out)
    if args.png is not None:
        if not usage.asked:
            print(f"no chart written: no questions in the last {args.days} days", file=out)
        else:
            try:
                args.png.write_bytes(render_chart(usage))
            except OSError as exc:
                print(f"reportbot: cannot write the chart: {exc}", file=sys.stderr)
                return ExitStatus.ERROR
            print(f"chart written to {args.png}", file=out)
    return ExitStatus.SUCCESS


def _export(settings: Settings, args: argparse.Namespace, out: TextIO) -> int:
    from bot.question_log import LogReader
    from bot.usage import export_csv, export_xlsx, period_start

    suffix = args.out.suffix.lower() if args.out is not None else ""
    kind = args.format or ("xlsx" if suffix == ".xlsx" else "csv")
    if kind == "xlsx" and args.out is None:
        print("reportbot: an xlsx workbook needs --out FILE", file=sys.stderr)
        return ExitStatus.USAGE
    if args.days is not None and args.days < 1:
        print("reportbot: --days takes a number of days from 1", file=sys.stderr)
        return ExitStatus.USAGE
    path = _log_file(settings, sys.stderr)
    if path is None:
        return ExitStatus.ERROR
    since = period_start(args.days) if args.days is not None else 0.0
    with LogReader(path) as reader:
        rows = reader.rows(since=since)
        if args.out is None:
            # The bytes go out as UTF-8 whatever the locale says, so that Excel reads them.
            stream = io.TextIOWrapper(out.buffer, encoding="utf-8", newline="")
            try:
                export_csv(rows, stream)
            finally:
                stream.flush()
                stream.detach()
            return ExitStatus.SUCCESS
        partial = args.out.with_name(args.out.name + ".part")
        try:
            if kind == "csv":
                with partial.open("w", encoding="utf-8", newline="") as handle:
                    count = export_csv(rows, handle)
            else:
                count = export_xlsx(rows, partial)
            partial.replace(args.out)  # never leave half a file under the name asked for
        except OSError as exc:
            print(f"reportbot: cannot write {args.out}: {exc}", file=sys.stderr)
            return ExitStatus.ERROR
        finally:
            partial.unlink(missing_ok=True)
    print(f"exported {count} questions to {args.out}", file=sys.stderr)
    return ExitStatus.SUCCESS


def _bench(args: argparse.Namespace, env: Mapping[str, str], out: TextIO) -> int:
    try:
        from bot.bench import BenchOptions, run_bench
    except ModuleNotFoundError as exc:
        if exc.name != "bot.bench":
            raise
        print(
            "reportbot: the benchmark runs from a checkout: pip install -e '.[bench]'",
            file=sys.stderr,
        )
        return ExitStatus.USAGE
    try:
        sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    except ValueError:
        print(
            "reportbot: --sizes takes numbers separated by commas, like 1,10,100", file=sys.stderr
        )
        return ExitStatus.USAGE
    if not sizes or min(sizes) < 1 or args.questions < 10 or args.repeats < 1:
        print("reportbot: sizes >= 1, --questions >= 10 and --repeats >= 1", file=sys.stderr)
        return ExitStatus.USAGE
    options = BenchOptions(
        sizes=sizes,
        questions=args.questions,
        repeats=args.repeats,
        end_to_end=not args.no_e2e,
        realistic=tuple(str(p) for p in args.realistic or ()),
    )
    run_bench(options, out, as_json=args.json, env=env)
    return ExitStatus.SUCCESS


def _eval(index: Index, path: Path, out: TextIO) -> int:
    outcomes = run_cases(index, load_cases(path))
    for outcome in outcomes:
        if not outcome.passed:
            print(f"FAIL {outcome.case.id}: {outcome.case.q}", file=out)
            for why in outcome.failures:
                print(f"  - {why}", file=out)
            print(f"  first line: {outcome.reply.answer}", file=out)
    for line in summarise(outcomes):
        print(line, file=out)
    passed = sum(o.passed for o in outcomes)
    print(f"{passed} passed, {len(outcomes) - passed} failed", file=out)
    return ExitStatus.SUCCESS if passed == len(outcomes) else ExitStatus.ERROR


def _check(settings: Settings, out: TextIO) -> int:
    knowledge = load_knowledge(settings.knowledge_dir)
    agencies = len(knowledge.agencies)
    print(
        f"{settings.knowledge_dir}: OK, {len(knowledge.reports)} report(s), {agencies} agencies, "
        f"{knowledge.metric_count} figures, {len(knowledge.glossary)} English glossary terms "
        f"in {len(knowledge.files)} files",
        file=out,
    )
    return ExitStatus.SUCCESS


def _ingest(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    document = read_document(args.report)
    name = args.report.name

    def ask(missing: list[Missing]) -> list[str]:
        """Ask at a terminal for what the document does not say; elsewhere, say what is missing."""
        if not stdin.isatty():
            whats = " or ".join(m.what for m in missing)
            flags = " ".join(f"{m.flag} {m.example}" for m in missing)
            problem = Problem(str(args.report), 0, f"it does not say its {whats}; give: {flags}")
            raise KnowledgeError([problem])
        answers = []
        for item in missing:
            print(f"{name}: its {item.what}? (e.g. {item.example}) ", end="", file=out, flush=True)
            answer = stdin.readline().strip()
            if not answer:
                raise KnowledgeError([Problem(str(args.report), 0, f"no {item.what} given")])
            answers.append(answer)
        return answers

    written = ingest_report(
        document.text,
        args.out,
        source=name,
        report_id=args.report_id,
        newspaper=args.newspaper or document.newspaper,
        date=args.date or document.date,
        place=args.place,
        ask=ask,
    )
    knowledge_root = args.out.resolve().parent
    knowledge = load_knowledge(knowledge_root)
    folder = f"{args.out.name}/"
    report = next(r for r in knowledge.reports if r.source.startswith(folder))
    print(
        f"read {name} ({document.kind}): {report.newspaper}, {report.date}; "
        f"report {report.id}, {len(report.agencies)} agencies",
        file=out,
    )
    print(
        f"wrote {len(written)} files to {args.out}; {knowledge_root} now holds "
        f"{len(knowledge.agencies)} agencies and {knowledge.metric_count} figures",
        file=out,
    )
    return ExitStatus.SUCCESS
