"""A synthetic question log: for the tests, the README's chart and the stats/export benchmark.

    python -m tests.synthetic_log bench [--questions 1000000]   # time export and chart
    python -m tests.synthetic_log chart FILE.png                # the README's chart

Questions are made from the bundled knowledge's agency names and figure labels with a fixed
random seed, spread over the period with fewer on weekends; about one answered question in
twelve gets a vote.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from bot.knowledge import bundled_knowledge_dir, load_knowledge
from bot.question_log import LogReader, QuestionLog, new_question_id
from bot.usage import export_csv, export_xlsx, read_usage, render_chart

__all__ = ["write_log"]

_SHAPES = (
    "{agency}{label}多少",
    "{agency}今年{label}有多少",
    "{label}是多少?",
    "{agency}的{label}",
)
_DECLINED = ("深圳{label}多少", "明年{agency}有什么计划", "{agency}食堂几点开门", "天气怎么样")


def write_log(
    directory: Path,
    *,
    questions: int,
    days: int = 30,
    now: float | None = None,
    seed: int = 7,
) -> Path:
    """Write a log of `questions` questions over the last `days` days; return the database."""
    QuestionLog(directory).close()  # the schema and the salt, as the bot makes them
    path = directory / "questions.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")  # a scratch file: no journal while it is written
    db.execute("PRAGMA synchronous=OFF")
    rows: list[tuple[object, ...]] = []
    votes: list[tuple[object, ...]] = []
    with db:
        for row, vote in _rows(questions, days, time.time() if now is None else now, seed):
            rows.append(row)
            if vote is not None:
                votes.append(vote)
            if len(rows) == 20_000:
                _insert(db, rows, votes)
        _insert(db, rows, votes)
    db.execute("PRAGMA journal_mode=WAL")  # as the bot leaves it
    db.close()
    return path


def _insert(
    db: sqlite3.Connection, rows: list[tuple[object, ...]], votes: list[tuple[object, ...]]
) -> None:
    db.executemany(
        "INSERT INTO questions (id, at, chat_type, user_hash, question, answered, kind, agency,"
        " figure, score, knowledge_version, channel) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    db.executemany("INSERT OR IGNORE INTO votes VALUES (?,?,?,?)", votes)
    rows.clear()
    votes.clear()


def _rows(
    count: int, days: int, now: float, seed: int
) -> Iterator[tuple[tuple[object, ...], tuple[object, ...] | None]]:
    rng = random.Random(seed)
    knowledge = load_knowledge(bundled_knowledge_dir())
    figures = [
        (agency.name, metric.label, metric.id)
        for agency in knowledge.agencies
        for paragraph in agency.paragraphs
        for metric in paragraph.metrics
    ]
    # Some agencies are asked about far more than others.
    weights = [1.0 / (1 + n % 8) for n in range(len(figures))]
    users = [f"{rng.getrandbits(80):020x}" for _ in range(max(10, count // 50))]
    start = now - days * 86400
    # Ids are random, as the bot's are; written in id order, the rows append to the table.
    ids = sorted({new_question_id() for _ in range(count)})
    for question_id in ids:
        at = start + rng.random() * days * 86400
        if time.localtime(at).tm_wday >= 5 and rng.random() < 0.6:
            at = start + rng.random() * days * 86400  # fewer questions at weekends
        agency, label, metric_id = rng.choices(figures, weights)[0]
        roll = rng.random()
        user = rng.choice(users)
        vote = None
        if roll < 0.76:
            question = rng.choice(_SHAPES).format(agency=agency, label=label)
            answered, kind, score = 1, "metric", rng.randint(60, 100)
            if rng.random() < 0.08:
                up = rng.random() < 0.85
                vote = (question_id, rng.choice(users), 1 if up else -1, at + 30)
        elif roll < 0.84:
            question = f"{agency}{label}去年多少"
            answered, kind, score = 0, "partial", rng.randint(40, 60)
        else:
            question = rng.choice(_DECLINED).format(agency=agency, label=label)
            answered, kind, score, metric_id = 0, "declined", rng.randint(0, 40), ""
        chat = "private" if rng.random() < 0.8 else "supergroup"
        channel = "telegram" if rng.random() < 0.9 else "wecom"
        yield (
            (
                question_id,
                at,
                chat,
                user,
                question,
                answered,
                kind,
                agency if kind != "declined" else None,
                metric_id or None,
                score,
                "synthetic",
                channel,
            ),
            vote,
        )


def _bench(questions: int, formats: tuple[str, ...], out: TextIO) -> None:
    def clock() -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def since(started: tuple[float, float]) -> str:
        wall, cpu = clock()
        return f"{wall - started[0]:.1f} s (CPU {cpu - started[1]:.1f} s)"

    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start", file=out)
    with tempfile.TemporaryDirectory(prefix="reportbot-usage-") as scratch:
        directory = Path(scratch)
        started = clock()
        path = write_log(directory, questions=questions)
        size = path.stat().st_size / 2**20
        print(
            f"log: {questions:,} questions over 30 days, {size:.0f} MB, made in {since(started)}",
            file=out,
            flush=True,
        )

        started = clock()
        with LogReader(path) as reader:
            usage = read_usage(reader)
        counted = since(started)
        started = clock()
        png = render_chart(usage)
        print(
            f"chart: counted in {counted}, drawn in {since(started)} with the matplotlib import, "
            f"{len(png) / 1024:.0f} KB PNG",
            file=out,
            flush=True,
        )
        for kind in formats:
            target = directory / f"export.{kind}"
            started = clock()
            with LogReader(path) as reader:
                if kind == "csv":
                    with target.open("w", encoding="utf-8", newline="") as handle:
                        written = export_csv(reader.rows(since=0), handle)
                else:
                    written = export_xlsx(reader.rows(since=0), target)
            print(
                f"export {kind}: {written:,} rows in {since(started)}, "
                f"{target.stat().st_size / 2**20:.0f} MB",
                file=out,
                flush=True,
            )
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"peak RSS of the whole run: {peak:.0f} MB; load average {os.getloadavg()[0]:.1f} at the end",
            file=out,
        )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, or write the README's chart."""
    parser = argparse.ArgumentParser(prog="python -m tests.synthetic_log")
    commands = parser.add_subparsers(dest="command", required=True)
    bench = commands.add_parser("bench", help="time the chart and the exports on a large log")
    bench.add_argument("--questions", type=int, default=1_000_000)
    bench.add_argument("--formats", default="csv,xlsx", help="exports to time (default csv,xlsx)")
    chart = commands.add_parser("chart", help="draw the chart of a synthetic log")
    chart.add_argument("png", type=Path)
    chart.add_argument("--questions", type=int, default=3000)
    args = parser.parse_args(argv)
    if args.command == "bench":
        _bench(args.questions, tuple(f for f in args.formats.split(",") if f), sys.stdout)
        return 0
    with tempfile.TemporaryDirectory(prefix="reportbot-usage-") as scratch:
        path = write_log(Path(scratch), questions=args.questions)
        with LogReader(path) as reader:
            args.png.write_bytes(render_chart(read_usage(reader)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
