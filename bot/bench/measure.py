"""`reportbot bench`: speed, accuracy and memory beside a BM25 baseline, seed to 100 reports.

Every figure is a median over repeats, with its spread (min-max). Each knowledge size is
measured in a fresh process so that its peak memory is its own.
"""

from __future__ import annotations

import importlib
import json
import multiprocessing
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO

from bot.bench.synthetic import GeneratedQuestion, generate_questions, write_synthetic_knowledge
from bot.knowledge import Knowledge, ParseCache, bundled_knowledge_dir, load_knowledge

__all__ = ["BenchOptions", "run_bench", "seed_text"]

TARGETS = {
    "seed_p99_ms": 5.0,
    "seed_reload_ms": 300.0,
    "large_p99_ms": 25.0,
    "large_rss_mb": 300.0,
    "large_reload_ms": 5000.0,
    "e2e_updates_per_s": 50.0,
}


@dataclass(frozen=True, slots=True)
class BenchOptions:
    """What to measure and how often."""

    sizes: tuple[int, ...] = (1, 10, 100)
    questions: int = 1000
    repeats: int = 3
    e2e_updates: int = 300
    end_to_end: bool = True
    # Questions files of real wording (eval format) for the seed's realistic rows; empty:
    # the checkout's tests/questions/*.yaml.
    realistic: tuple[str, ...] = ()


def run_bench(
    options: BenchOptions,
    out: TextIO,
    *,
    as_json: bool = False,
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Run every measurement and print the table (or one JSON object).

    `env` is the environment the end-to-end row's `reportbot serve` starts from.
    """
    try:
        import rank_bm25  # noqa: F401
    except ImportError:
        raise SystemExit(
            "reportbot bench needs rank_bm25 for its baseline: pip install -e '.[bench]'"
        ) from None
    results: dict[str, Any] = {"machine": _machine(), "sizes": {}, "options": asdict(options)}
    with tempfile.TemporaryDirectory(prefix="reportbot-bench-") as scratch:
        for size in options.sizes:
            directory, generated = _knowledge_for(size, Path(scratch))
            knowledge = load_knowledge(directory)
            questions = generate_questions(knowledge, options.questions)
            ours = _in_child(_measure_ours, str(directory), questions, options.repeats)
            bm25 = _in_child(_measure_bm25, str(directory), questions, options.repeats)
            results["sizes"][str(size)] = {
                "reports": len(knowledge.reports),
                "agencies": len(knowledge.agencies),
                "figures": knowledge.metric_count,
                "questions": len(questions),
                "generate_s": generated,
                "ours": ours,
                "bm25": bm25,
            }
            if size == 1:
                results["realistic"] = _measure_realistic(directory, options)
        if options.end_to_end:
            results["end_to_end"] = _measure_end_to_end(options, env or {})
    results["targets"] = _check_targets(results)
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2), file=out)
    else:
        print(_table(results), file=out)
    return results


def _machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
    }


def _knowledge_for(size: int, scratch: Path) -> tuple[Path, float]:
    if size == 1:
        copy = scratch / "seed"
        shutil.copytree(bundled_knowledge_dir(), copy)  # the reload measurement edits a file
        return copy, 0.0
    started = time.perf_counter()
    directory = scratch / f"synthetic-{size}"
    seed = load_knowledge(bundled_knowledge_dir())
    write_synthetic_knowledge(directory, size, seed_text=seed_text(seed), seed_knowledge=seed)
    return directory, time.perf_counter() - started


def seed_text(knowledge: Knowledge) -> str:
    """Rebuild the seed report's text from its knowledge, which ships with the bot.

    Ingest keeps paragraphs verbatim, so this text makes the same synthetic reports as
    seeds/ does, without reading the checkout.
    """
    report = knowledge.reports[0]
    lines = [report.title, *(p.text for p in report.lead), report.byline]
    for agency in report.agencies:
        lines.append(f"■{agency.heading}")
        lines.extend(p.text for p in agency.paragraphs)
    return "\n".join(lines) + "\n"


def _in_child(function: Any, *args: Any) -> dict[str, Any]:
    """Run a measurement in a fresh process and return its result."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        result: dict[str, Any] = pool.apply(function, args)
    return result


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 4),
        "min": round(min(values), 4),
        "max": round(max(values), 4),
    }


def _percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))
    return sorted_values[index]


def _latencies(samples: list[list[float]]) -> dict[str, dict[str, float]]:
    per_repeat = [sorted(s) for s in samples]
    return {
        name: _summary([_percentile(s, share) * 1000 for s in per_repeat])
        for name, share in (("p50_ms", 0.5), ("p95_ms", 0.95), ("p99_ms", 0.99))
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure_ours(
    directory: str, questions: list[GeneratedQuestion], repeats: int
) -> dict[str, Any]:
    from bot.answering import answer_question
    from bot.index import build_index

    started = time.perf_counter()
    cache = ParseCache()  # as the store behind /reload keeps one
    index = build_index(load_knowledge(Path(directory), cache=cache))
    answer_question(index, questions[0].question)
    startup = time.perf_counter() - started

    # A reload as an admin makes one: one file changed since the last load.
    edited = sorted(Path(directory).glob("*/0*.yaml"))[0]
    original = edited.read_text(encoding="utf-8")
    loads, builds = [], []
    for repeat in range(repeats):
        edited.write_text(
            original.replace("aliases: [", f"aliases: [别称{repeat}, ", 1), encoding="utf-8"
        )
        t0 = time.perf_counter()
        knowledge = load_knowledge(Path(directory), cache=cache)
        t1 = time.perf_counter()
        index = build_index(knowledge)
        builds.append(time.perf_counter() - t1)
        loads.append(t1 - t0)
    edited.write_text(original, encoding="utf-8")

    for q in questions[:100]:
        answer_question(index, q.question)  # warm-up
    samples, right = [], 0
    for repeat in range(repeats):
        times = []
        for q in questions:
            t0 = time.perf_counter()
            reply = answer_question(index, q.question)
            times.append(time.perf_counter() - t0)
            if repeat == 0 and any(f.metric_id == q.metric_id for f in reply.figures):
                right += 1
        samples.append(times)
    return {
        "startup_s": round(startup, 3),
        "load_ms": _summary([x * 1000 for x in loads]),
        "index_ms": _summary([x * 1000 for x in builds]),
        "reload_ms": _summary([(a + b) * 1000 for a, b in zip(loads, builds, strict=True)]),
        "latency": _latencies(samples),
        "accuracy": round(right / len(questions), 4),
        "rss_mb": round(_peak_rss_mb(), 1),
    }


def _measure_bm25(
    directory: str, questions: list[GeneratedQuestion], repeats: int
) -> dict[str, Any]:
    import jieba
    from rank_bm25 import BM25Okapi

    jieba.setLogLevel(60)
    jieba.initialize()
    knowledge = load_knowledge(Path(directory))
    paragraphs = [p.text for r in knowledge.reports for p in r.lead]
    paragraphs += [p.text for a in knowledge.agencies for p in a.paragraphs]
    builds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        bm25 = BM25Okapi([jieba.lcut(p) for p in paragraphs])
        builds.append(time.perf_counter() - t0)

    def best(question: str) -> str:
        scores = bm25.get_scores(jieba.lcut(question))
        return paragraphs[int(scores.argmax())]

    for q in questions[:100]:
        best(q.question)
    samples, right = [], 0
    for repeat in range(repeats):
        times = []
        for q in questions:
            t0 = time.perf_counter()
            paragraph = best(q.question)
            times.append(time.perf_counter() - t0)
            if repeat == 0 and paragraph == q.paragraph:
                right += 1
        samples.append(times)
    return {
        "index_ms": _summary([x * 1000 for x in builds]),
        "latency": _latencies(samples),
        "accuracy": round(right / len(questions), 4),
        "rss_mb": round(_peak_rss_mb(), 1),
    }


def realistic_questions(files: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Return the questions of the given files (else the checkout's own sets) and the files."""
    import yaml

    paths = [Path(f) for f in files] or sorted(
        (Path(__file__).resolve().parents[2] / "tests" / "questions").glob("*.yaml")
    )
    questions = []
    for path in paths:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions += [str(case["q"]) for case in document.get("cases", ()) if case.get("q")]
    return questions, [path.name for path in paths]


def _measure_realistic(directory: Path, options: BenchOptions) -> dict[str, Any]:
    """Time ours and BM25 on real wording: the slow paths generated questions never take."""
    questions, files = realistic_questions(options.realistic)
    if not questions:
        return {}
    paired = _in_child(_paired_latencies, str(directory), questions, options.repeats)
    return {"files": files, "questions": len(questions), **paired}


def _paired_latencies(directory: str, questions: list[str], repeats: int) -> dict[str, Any]:
    """Time ours and BM25 on every question, side by side, each question at first sight.

    The distinct questions, in a fixed shuffled order, are dealt into `repeats + 1` parts:
    the first warms both up, and each other part is one repeat. A question is timed the
    first time either side sees it, as in a chat, where one is rarely asked twice: timed
    again, whatever the answering remembers of it (a cut, a word's pinyin) would make it
    look cheaper than it is. What is remembered of other questions (common words) is
    kept, as in a bot that has been running.

    In one process and question by question (which goes first alternates), so that a
    machine busy with other work slows both alike: timed in turn, the two rows could fall
    in a quiet and a busy minute.
    """
    import random

    import jieba
    from rank_bm25 import BM25Okapi

    from bot.answering import answer_question
    from bot.index import build_index

    knowledge = load_knowledge(Path(directory))
    index = build_index(knowledge)
    jieba.setLogLevel(60)
    paragraphs = [p.text for r in knowledge.reports for p in r.lead]
    paragraphs += [p.text for a in knowledge.agencies for p in a.paragraphs]
    bm25 = BM25Okapi([jieba.lcut(p) for p in paragraphs])

    def ours(question: str) -> object:
        return answer_question(index, question)

    def baseline(question: str) -> object:
        return paragraphs[int(bm25.get_scores(jieba.lcut(question)).argmax())]

    distinct = list(dict.fromkeys(questions))
    random.Random(0).shuffle(distinct)
    parts = [distinct[n :: repeats + 1] for n in range(repeats + 1)]
    for question in parts[0]:  # warm-up: questions never timed
        ours(question)
        baseline(question)
    samples: dict[str, list[list[float]]] = {"ours": [], "bm25": []}
    for part in parts[1:]:
        times: dict[str, list[float]] = {"ours": [], "bm25": []}
        for n, question in enumerate(part):
            order = (("ours", ours), ("bm25", baseline))
            for who, answer in order if n % 2 == 0 else order[::-1]:
                t0 = time.perf_counter()
                answer(question)
                times[who].append(time.perf_counter() - t0)
        for who, taken in times.items():
            samples[who].append(taken)
    return {
        "timed": sum(len(part) for part in parts[1:]),
        **{who: {"latency": _latencies(taken)} for who, taken in samples.items()},
    }


def _measure_end_to_end(options: BenchOptions, environment: Mapping[str, str]) -> dict[str, Any]:
    """Push questions through the local Bot API server to `reportbot serve`."""
    local_api = _fake_bot_api()
    questions = generate_questions(load_knowledge(bundled_knowledge_dir()), options.e2e_updates)
    rates, p50s, p99s = [], [], []
    with local_api.LocalBotApi() as api:
        env = {
            **environment,
            "TELEGRAM_BOT_TOKEN": local_api.TEST_TOKEN,
            "TELEGRAM_API_URL": api.api_url,
            "REPORTBOT_MAX_RATE": "100000",
            "REPORTBOT_DATA": tempfile.mkdtemp(prefix="reportbot-bench-data-"),
        }
        env.pop("REPORTBOT_KNOWLEDGE", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if not api.wait_for(lambda: "getUpdates" in api.requests, timeout=60):
                raise RuntimeError("reportbot serve did not start")
            for repeat in range(options.repeats):
                base = 1_000_000 * (repeat + 1)
                pushed: dict[int, float] = {}
                for n, q in enumerate(questions):
                    pushed[base + n] = time.monotonic()
                    api.send_text(base + n, q.question)
                done = api.wait_for(
                    lambda users=pushed: all(api.messages_to(u) for u in users),
                    timeout=120,
                )
                if not done:
                    raise RuntimeError("not every update was answered within 120 s")
                first = {u: api.messages_to(u)[0].at for u in pushed}
                latencies = sorted(first[u] - pushed[u] for u in pushed)
                span = max(first.values()) - min(pushed.values())
                rates.append(len(pushed) / span)
                p50s.append(_percentile(latencies, 0.5) * 1000)
                p99s.append(_percentile(latencies, 0.99) * 1000)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {
        "updates": options.e2e_updates,
        "updates_per_s": _summary(rates),
        "p50_ms": _summary(p50s),
        "p99_ms": _summary(p99s),
    }


def _fake_bot_api() -> Any:
    """Import the tests' fake Bot API server; the benchmark, like the tests, runs from a checkout."""
    checkout = str(Path(__file__).resolve().parents[2])
    if checkout not in sys.path:
        sys.path.append(checkout)
    return importlib.import_module("tests.support.local_api")


def _check_targets(results: dict[str, Any]) -> dict[str, Any]:
    sizes = results["sizes"]
    checks: dict[str, Any] = {}
    seed = sizes.get("1")
    large = sizes.get("100")
    if seed:
        checks["seed p99 < 5 ms"] = seed["ours"]["latency"]["p99_ms"]["median"] < 5
        checks["seed reload < 300 ms"] = seed["ours"]["reload_ms"]["median"] < 300
        checks["seed p50 <= BM25 p50"] = (
            seed["ours"]["latency"]["p50_ms"]["median"]
            <= seed["bm25"]["latency"]["p50_ms"]["median"]
        )
    if large:
        ours = large["ours"]
        checks["100 reports p99 < 25 ms"] = ours["latency"]["p99_ms"]["median"] < 25
        checks["100 reports p50 <= BM25 p50"] = (
            ours["latency"]["p50_ms"]["median"] <= large["bm25"]["latency"]["p50_ms"]["median"]
        )
        if seed:
            checks["100 reports accuracy >= seed"] = ours["accuracy"] >= seed["ours"]["accuracy"]
        checks["100 reports RSS < 300 MB"] = ours["rss_mb"] < 300
        checks["100 reports reload < 5 s"] = ours["reload_ms"]["median"] < 5000
    realistic = results.get("realistic")
    if realistic:
        checks["realistic p50 <= BM25 p50"] = (
            realistic["ours"]["latency"]["p50_ms"]["median"]
            <= realistic["bm25"]["latency"]["p50_ms"]["median"]
        )
    e2e = results.get("end_to_end")
    if e2e:
        checks[">= 50 answered updates/s"] = e2e["updates_per_s"]["median"] >= 50
    return checks


def _spread(summary: dict[str, float], digits: int = 2) -> str:
    return (
        f"{summary['median']:.{digits}f} ({summary['min']:.{digits}f}-{summary['max']:.{digits}f})"
    )


def _table(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"reportbot bench: {machine['cores']} cores, Python {machine['python']}, "
        f"{machine['platform']}",
        "medians over repeats, (min-max) spread; latency per question, after warm-up",
        "",
        f"{'knowledge':<22}{'who':<6}{'p50 ms':>20}{'p95 ms':>20}{'p99 ms':>20}"
        f"{'accuracy':>10}{'reload ms':>22}{'RSS MB':>9}",
    ]
    for data in results["sizes"].values():
        name = f"{data['reports']} report(s), {data['figures']} fig"
        for who in ("ours", "bm25"):
            measured = data[who]
            reload = measured.get("reload_ms") or measured["index_ms"]
            lines.append(
                f"{name if who == 'ours' else '':<22}{who:<6}"
                f"{_spread(measured['latency']['p50_ms'], 3):>20}"
                f"{_spread(measured['latency']['p95_ms'], 3):>20}"
                f"{_spread(measured['latency']['p99_ms'], 3):>20}"
                f"{measured['accuracy'] * 100:>9.1f}%"
                f"{_spread(reload, 0):>22}{measured['rss_mb']:>9.1f}"
            )
        ours = data["ours"]
        lines.append(
            f"{'':<22}load {_spread(ours['load_ms'], 0)} ms, index {_spread(ours['index_ms'], 0)}"
            f" ms, start-up to first answer {ours['startup_s']:.2f} s, {data['questions']} questions"
        )
    realistic = results.get("realistic")
    if realistic:
        name = f"realistic, {realistic['questions']} q"
        for who in ("ours", "bm25"):
            latency = realistic[who]["latency"]
            lines.append(
                f"{name if who == 'ours' else '':<22}{who:<6}"
                f"{_spread(latency['p50_ms'], 3):>20}{_spread(latency['p95_ms'], 3):>20}"
                f"{_spread(latency['p99_ms'], 3):>20}"
            )
        lines.append(
            f"{'':<22}the seed; {realistic['timed']} distinct questions timed at first sight, "
            f"of {', '.join(realistic['files'])}"
        )
    e2e = results.get("end_to_end")
    if e2e:
        lines += [
            "",
            f"end to end via the local Bot API server ({e2e['updates']} updates at once): "
            f"{_spread(e2e['updates_per_s'], 1)} answered updates/s, "
            f"update to reply p50 {_spread(e2e['p50_ms'], 0)} ms, p99 {_spread(e2e['p99_ms'], 0)} ms",
        ]
    lines += ["", "targets:"]
    lines += [f"  {'ok  ' if ok else 'MISS'} {name}" for name, ok in results["targets"].items()]
    lines.append(
        "(BM25 = rank_bm25 over jieba tokens of the same paragraphs, best paragraph as the reply;"
        " its accuracy counts the right paragraph, ours the right figure in the reply)"
    )
    return "\n".join(lines)
