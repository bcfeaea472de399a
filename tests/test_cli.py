"""The reportbot command: check, ingest, ask (and its JSON protocol), eval, chat."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from bot.question_log import QuestionLog, QuestionRecord, new_question_id
from tests.conftest import REPORT_DIR, ROOT, SEED, child_env
from tests.support.local_api import TEST_TOKEN


def _run(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(argv, env or {})
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_check_passes_on_the_bundled_knowledge(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["check"], capsys)
    assert status == 0
    assert "8 agencies, 82 figures" in out


def test_check_names_a_broken_file_and_line(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = knowledge_copy / REPORT_DIR / "02-renda.yaml"
    text = path.read_text(encoding="utf-8").replace("heading: ", "heading: [", 1)
    path.write_text(text, encoding="utf-8")
    status, _, err = _run(["check", "--knowledge", str(knowledge_copy)], capsys)
    assert status == 1
    assert f"{REPORT_DIR}/02-renda.yaml:8:" in err
    assert "Traceback" not in err


def test_the_knowledge_option_wins_over_the_environment(
    knowledge_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken"
    (broken / REPORT_DIR).mkdir(parents=True)
    (broken / REPORT_DIR / "report.yaml").write_text("id: [", encoding="utf-8")
    env = {"REPORTBOT_KNOWLEDGE": str(broken)}
    status, out, _ = _run(["check", "--knowledge", str(knowledge_copy)], capsys, env=env)
    assert status == 0 and str(knowledge_copy) in out
    status, _, err = _run(["check"], capsys, env=env)
    assert status == 1 and f"{REPORT_DIR}/report.yaml:" in err


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("REPORTBOT_ADMINS", "4242,alice"),
        ("REPORTBOT_ADMINS", "@boss"),
        ("TELEGRAM_API_URL", "ftp://127.0.0.1/bot"),
        ("TELEGRAM_API_URL", "127.0.0.1:8081/bot"),
        ("REPORTBOT_HTTP_TIMEOUT", "soon"),
        ("REPORTBOT_FLOOD_GROUP", "0"),
    ],
)
def test_a_malformed_setting_is_a_one_line_error_naming_it(
    variable: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(["ask", "法院结案多少件"], capsys, env={variable: value})
    assert status == 2 and not out
    assert len(err.strip().splitlines()) == 1 and variable in err
    assert "Traceback" not in err


def test_a_webhook_without_a_secret_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TEST_TOKEN, "TELEGRAM_API_URL": "http://127.0.0.1:9/bot"}
    status, _, err = _run(["serve", "--webhook-url", "https://example.org/hook"], capsys, env=env)
    assert status == 2 and "REPORTBOT_WEBHOOK_SECRET" in err
    assert len(err.strip().splitlines()) == 1 and TEST_TOKEN not in err


def test_plain_reportbot_without_a_token_is_the_console_chat(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = _run([], capsys, stdin="法院结案多少件\n", monkeypatch=monkeypatch)
    assert status == 0
    assert out.startswith("reportbot 控制台") and "63266件" in out


def _log_miss(data: Path, question: str, *, days_ago: float) -> None:
    log = QuestionLog(data)
    log.record(
        QuestionRecord(
            new_question_id(),
            time.time() - days_ago * 86400,
            "private",
            log.user_hash(1),
            question,
            False,
            "declined",
            None,
            None,
            0,
            "v0",
        )
    )
    log.close()


def test_misses_lists_the_period_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {"REPORTBOT_DATA": str(tmp_path)}
    status, out, _ = _run(["misses"], capsys, env=env)
    assert status == 0 and "no question log" in out
    _log_miss(tmp_path, "法院的案子今年办完了几宗", days_ago=1)
    _log_miss(tmp_path, "税务局的食堂几点开门", days_ago=20)
    status, week, _ = _run(["misses"], capsys, env=env)
    assert status == 0 and week.startswith("1 missed questions in 1 groups, last 7 days")
    assert "办完了几宗" in week and "食堂" not in week
    status, month, _ = _run(["misses", "--days", "30"], capsys, env=env)
    assert status == 0 and month.startswith("2 missed questions in 2 groups, last 30 days")
    assert "办完了几宗" in month and "食堂" in month


def test_knowledge_comes_from_the_environment(
    knowledge_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (knowledge_copy / REPORT_DIR / "01-jiwei.yaml").write_text("", encoding="utf-8")
    status, _, err = _run(["check"], capsys, env={"REPORTBOT_KNOWLEDGE": str(knowledge_copy)})
    assert status == 1 and "01-jiwei.yaml:1: file is empty" in err


def test_ingest_writes_a_loadable_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "k" / "zs"
    status, text, _ = _run(
        ["ingest", str(SEED), "--out", str(out), "--newspaper", "中山日报", "--date", "2018-12"],
        capsys,
    )
    assert status == 0 and "8 agencies and 82 figures" in text


def test_ask_prints_the_figure_first(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["ask", "法院结案多少件"], capsys)
    assert status == 0
    assert "63266件" in out.splitlines()[0]


def test_ask_json_has_the_protocol_fields(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["ask", "--json", "纪委立案查处多少人"], capsys)
    payload = json.loads(out)
    assert status == 0
    for key in (
        "answered",
        "answer",
        "text",
        "agency",
        "report",
        "figures",
        "score",
        "suggestions",
    ):
        assert key in payload
    assert payload["answered"] is True and payload["agency"] == "市纪委监委"
    assert payload["figures"][0]["value"] == 448


def test_ask_reads_one_line_per_question_and_answers_every_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        json.dumps({"q": "政府办受理了多少市长信箱事项", "chat": "x"}, ensure_ascii=False),
        "法院结案多少件",
        json.dumps({"q": "办结率呢", "chat": "x"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"question": "wrong key"}),
        "\x00\x01<b>&amp;",
        "法" * 50_000,
    ]
    status, out, _ = _run(["ask"], capsys, stdin="\n".join(lines) + "\n", monkeypatch=monkeypatch)
    replies = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert len(replies) == len(lines)
    assert "93.9%" in replies[2]["answer"]
    assert replies[3]["answered"] is False


def test_eval_reports_failures_and_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "cases:\n"
        "- {id: a, q: 法院结案多少件, agency: 法院, must: ['63266'], direct: true}\n"
        "- {id: b, q: 纪委立案查处多少人, agency: 法院, must: ['448']}\n"
        "- {id: c, q: 深圳的房价多少, oos: true}\n",
        encoding="utf-8",
    )
    status, out, _ = _run(["eval", str(questions)], capsys)
    assert status == 1
    assert "FAIL b" in out and "FAIL a" not in out
    assert out.strip().endswith("2 passed, 1 failed")


def test_eval_of_a_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["eval", "/nonexistent.yaml"], capsys)
    assert status == 1 and "cannot read" in err


def test_chat_answers_each_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, _ = _run(
        ["chat"], capsys, stdin="纪委立案查处多少人\n其中科级干部呢\n", monkeypatch=monkeypatch
    )
    assert status == 0
    assert "448人" in out and "137人" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["frobnicate"], capsys)
    assert status == 2 and "reportbot:" in err


def test_a_malformed_token_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["check"], capsys, env={"TELEGRAM_BOT_TOKEN": "not-a-token"})
    assert status == 2
    assert "not-a-token" not in err and len(err.strip().splitlines()) == 1


def test_python_dash_m_bot_runs_the_same_main() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "法院结案多少件"],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        env=child_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["answered"] is True
