"""The benchmark and its synthetic knowledge: made by the same ingest, checked by the same loader."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.answering import answer_question
from bot.bench import BenchOptions, run_bench
from bot.bench.synthetic import generate_questions, write_synthetic_knowledge
from bot.cli import main
from bot.index import build_index
from bot.knowledge import Knowledge, bundled_knowledge_dir, load_knowledge
from tests.conftest import SEED


def test_synthetic_reports_are_valid_knowledge_with_answerable_questions(
    tmp_path: Path, knowledge: Knowledge
) -> None:
    generated = write_synthetic_knowledge(
        tmp_path, 3, seed_text=SEED.read_text(encoding="utf-8"), seed_knowledge=knowledge
    )
    again = load_knowledge(tmp_path)
    assert len(generated.reports) == 3 == len(again.reports)
    assert {r.place for r in generated.reports} == {"珠海市", "佛山市", "江门市"}
    assert all(len(r.agencies) == 8 for r in generated.reports)
    index = build_index(generated)
    questions = generate_questions(generated, 60)
    right = sum(
        any(f.metric_id == q.metric_id for f in answer_question(index, q.question).figures)
        for q in questions
    )
    assert right / len(questions) >= 0.9


def test_generation_is_deterministic(tmp_path: Path, knowledge: Knowledge) -> None:
    text = SEED.read_text(encoding="utf-8")
    write_synthetic_knowledge(tmp_path / "a", 2, seed_text=text, seed_knowledge=knowledge)
    write_synthetic_knowledge(tmp_path / "b", 2, seed_text=text, seed_knowledge=knowledge)
    for path in sorted((tmp_path / "a").rglob("*.yaml")):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert path.read_bytes() == twin.read_bytes()


def test_bench_prints_the_table_and_returns_the_figures() -> None:
    out = io.StringIO()
    options = BenchOptions(sizes=(1,), questions=30, repeats=1, end_to_end=False)
    results = run_bench(options, out, as_json=False)
    results = json.loads(json.dumps(results))  # what --json prints
    seed = results["sizes"]["1"]
    assert results["machine"]["cores"] >= 1
    for who in ("ours", "bm25"):
        assert seed[who]["latency"]["p99_ms"]["median"] > 0
        assert 0 <= seed[who]["accuracy"] <= 1
        assert seed[who]["rss_mb"] > 0
    assert seed["ours"]["reload_ms"]["median"] > 0
    assert "seed p99 < 5 ms" in results["targets"]

    table = out.getvalue().splitlines()
    assert table[0].startswith("reportbot bench: ")
    header = next(line for line in table if line.startswith("knowledge"))
    assert header.split() == "knowledge who p50 ms p95 ms p99 ms accuracy reload ms RSS MB".split()
    ours = next(line for line in table if line.startswith("1 report(s), 82 fig"))
    bm25 = table[table.index(ours) + 1]
    assert ours.split()[4] == "ours" and bm25.split()[0] == "bm25"
    assert f"{seed['ours']['accuracy'] * 100:.1f}%" in ours
    targets = table[table.index("targets:") + 1 :]
    assert any(line.strip().endswith("seed p99 < 5 ms") for line in targets)
    assert all(line.startswith(("  ok   ", "  MISS ", "(BM25")) for line in targets)


@pytest.mark.parametrize(
    "argv",
    [["--sizes", "one"], ["--sizes", "0"], ["--questions", "5"], ["--repeats", "0"]],
)
def test_bench_options_are_checked(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", *argv], {}) == 2
    assert "reportbot:" in capsys.readouterr().err


def test_realistic_questions_are_timed_once_each_at_first_sight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Timed a second time, a question would cost what the answering remembers of it.
    import bot.answering
    from bot.bench.measure import _paired_latencies

    asked: list[str] = []
    answer = bot.answering.answer_question
    monkeypatch.setattr(
        bot.answering, "answer_question", lambda index, q: asked.append(q) or answer(index, q)
    )
    questions = [f"法院{n}月结案多少件" for n in range(1, 13)] * 2  # each twice
    result = _paired_latencies(str(bundled_knowledge_dir()), questions, repeats=2)

    assert sorted(asked) == sorted(set(questions))  # every one once, warm-up included
    assert result["timed"] == 8  # two parts of four timed, one part of four warms up
    for who in ("ours", "bm25"):
        assert result[who]["latency"]["p50_ms"]["median"] > 0
