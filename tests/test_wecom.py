"""The WeCom channel end to end: `reportbot serve-wecom` against a strict local WeCom."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import REPORT_DIR, ROOT, RunningBot, child_env, reserved_port
from tests.fake_wecom import (
    AES_KEY,
    AGENT_ID,
    CORP_ID,
    SECRET,
    TOKEN,
    FakeWeCom,
    visible,
)

ADMIN = "zhang.admin"
STRANGER = "li_si"


def _wecom_env(fake: FakeWeCom, **extra: str) -> dict[str, str]:
    return child_env(
        **{
            "WECOM_CORP_ID": CORP_ID,
            "WECOM_AGENT_ID": str(AGENT_ID),
            "WECOM_SECRET": SECRET,
            "WECOM_TOKEN": TOKEN,
            "WECOM_AES_KEY": AES_KEY,
            "WECOM_API_URL": fake.api_url,
            "REPORTBOT_WECOM_ADMINS": f"{ADMIN},wang.wu",
            **extra,
        }
    )


@contextmanager
def serve_wecom(
    fake: FakeWeCom, *args: str, knowledge: Path | None = None, **env: str
) -> Iterator[RunningBot]:
    """Run `reportbot serve-wecom` against the fake until the block ends (SIGTERM, exit 0)."""
    with (
        reserved_port() as port,
        tempfile.TemporaryDirectory(prefix="reportbot-wecom-") as data,
        _serving(fake, port, data, args, knowledge, env) as bot,
    ):
        yield bot


@contextmanager
def _serving(
    fake: FakeWeCom,
    port: int,
    data: str,
    args: tuple[str, ...],
    knowledge: Path | None,
    env: dict[str, str],
) -> Iterator[RunningBot]:
    environment = _wecom_env(fake, REPORTBOT_DATA=data)
    environment.update(env)
    if knowledge is not None:
        environment["REPORTBOT_KNOWLEDGE"] = str(knowledge)
    bot = RunningBot.start(
        ["serve-wecom", "--port", str(port), "--path", "/wecom", *args], environment
    )
    process = bot.process
    fake.callback_url = f"http://127.0.0.1:{port}/wecom"
    try:
        deadline = time.monotonic() + 60
        while "serving WeCom callbacks" not in bot.log and process.poll() is None:
            assert time.monotonic() < deadline, bot.log
            time.sleep(0.05)
        assert process.poll() is None, bot.log
        yield bot
    finally:
        running = process.poll() is None
        status = bot.stop()
    assert running or bot.stopped, f"the bot died (exit status {status}):\n{bot.log}"
    assert status == 0, f"exit status {status} after SIGTERM:\n{bot.log}"
    _assert_no_secret(fake, bot.log)


def _assert_no_secret(fake: FakeWeCom, log: str) -> None:
    for secret in (SECRET, AES_KEY, TOKEN, *fake.issued_tokens):
        assert secret not in log
    for user in (ADMIN, STRANGER):
        assert user not in log


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeWeCom]:
    with FakeWeCom() as server:
        yield server


@pytest.fixture(scope="module")
def bot(fake: FakeWeCom) -> Iterator[RunningBot]:
    with serve_wecom(fake) as running:
        yield running


# The protocol ---------------------------------------------------------------------------


def test_url_verification_answers_the_decrypted_echostr(fake: FakeWeCom, bot: RunningBot) -> None:
    status, body, echo = fake.verify_url()
    assert (status, body) == (200, echo.encode())
    status, body, _ = fake.verify_url(signature="0" * 40)
    assert status == 403 and echo.encode() not in body


def test_a_callback_is_acknowledged_with_an_empty_200_and_answered_by_message_send(
    fake: FakeWeCom, bot: RunningBot
) -> None:
    callback = fake.send_text("u101", "法院今年结了多少案")
    assert (callback.status, callback.body, callback.tries) == (200, b"", 1)
    sent = fake.wait_for_messages("u101", 1)[0]
    assert sent.msgtype == "markdown"
    first_line = sent.content.splitlines()[0]
    assert "**63266件**" in first_line
    text = visible(sent.content)
    assert text.index("63266") < text.index("面对繁重的工作任务") < text.index("来源")


@pytest.mark.parametrize(
    "tamper",
    ["signature", "corp_id", "stale", "future", "key", "garbage", "doctype"],
)
def test_a_bad_callback_is_refused_with_403_and_not_answered(
    fake: FakeWeCom, bot: RunningBot, tamper: str
) -> None:
    user = f"bad-{tamper}"
    if tamper == "signature":
        callback = fake.send_text(user, "法院结案多少件", signature="f" * 40)
    elif tamper == "corp_id":
        callback = fake.send_text(user, "法院结案多少件", corp_id="wwsomeothercorp0000")
    elif tamper == "stale":
        callback = fake.send_text(user, "法院结案多少件", timestamp=int(time.time()) - 3600)
    elif tamper == "future":
        callback = fake.send_text(user, "法院结案多少件", timestamp=int(time.time()) + 3600)
    elif tamper == "key":
        callback = fake.send_text(user, "法院结案多少件", key="Z" * 43)
    else:
        body = (
            b"<xml><Encrypt>not base64 at all!</Encrypt></xml>"
            if tamper == "garbage"
            else b'<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>'
        )
        stamp, nonce = str(int(time.time())), "42"
        signature = fake.sign(stamp, nonce, "not base64 at all!" if tamper == "garbage" else "")
        callback = fake.post(body, {"msg_signature": signature, "timestamp": stamp, "nonce": nonce})
    assert callback.status == 403
    assert fake.wait_for(lambda: "callback refused" in bot.log)
    time.sleep(0.3)
    assert fake.messages_to(user) == []


def test_a_retried_msg_id_is_answered_once(fake: FakeWeCom, bot: RunningBot) -> None:
    first = fake.send_text("u102", "纪委结案多少件", msg_id="555000111")
    again = fake.send_text("u102", "纪委结案多少件", msg_id="555000111")
    assert first.status == again.status == 200
    assert "358件" in fake.text_to("u102", 1)
    time.sleep(0.5)
    assert len(fake.messages_to("u102")) == 1


# What users see -------------------------------------------------------------------------


def test_a_follow_up_leans_on_the_same_users_last_question(
    fake: FakeWeCom, bot: RunningBot
) -> None:
    fake.send_text("u201", "纪委立案查处多少人")
    assert "448人" in fake.text_to("u201", 1)
    fake.send_text("u201", "其中科级干部呢")
    assert "137人" in fake.text_to("u201", 2)
    fake.send_text("u202", "其中科级干部呢")  # another user has no such context
    assert "137人" not in fake.text_to("u202", 1)


def test_help_agencies_agency_figures_and_their_chinese_words(
    fake: FakeWeCom, bot: RunningBot
) -> None:
    for n, command in enumerate(("/help", "帮助"), start=1):
        fake.send_text("u301", command)
        help_text = fake.text_to("u301", n)
        assert "中山日报" in help_text and "8 个单位" in help_text and "/agencies" in help_text
        assert "/figures" in help_text and "单位列表" in help_text and "/ask" not in help_text

    for n, command in enumerate(("/agencies", "单位列表"), start=1):
        fake.send_text("u302", command)
        listing = fake.text_to("u302", n)
        assert "8 个单位" in listing and "市第一人民法院" in listing
    number = next(
        line.split(".")[0] for line in listing.splitlines() if line.endswith("市第一人民法院")
    )
    fake.send_text("u302", number)  # a number picks a line of the last list
    assert "公平正义" in fake.text_to("u302", 3)

    fake.send_text("u303", "/agency 法阮")  # a near-miss still finds the court
    described = fake.text_to("u303", 1)
    assert "市第一人民法院" in described and "回复数字查看" in described
    fake.send_text("u303", "1")
    assert fake.text_to("u303", 2).splitlines()[0] != described.splitlines()[0]

    fake.send_text("u304", "/figures 税务")
    figures = fake.text_to("u304", 1)
    assert "中山市税务局" in figures and "40多项" in figures and "3年" in figures

    fake.send_text("u305", "5")  # a number with no list to pick from
    assert "没有可选" in fake.text_to("u305", 1)
    fake.send_text("u305", "/agency")
    assert "/agency 法院" in fake.text_to("u305", 2)
    fake.send_text("u305", "/nonsense")
    assert "/help" in fake.text_to("u305", 3)


def test_a_decline_is_plain_and_polite(fake: FakeWeCom, bot: RunningBot) -> None:
    fake.send_text("u306", "深圳市公安局今年破了多少案")
    assert "抱歉" in fake.text_to("u306", 1)


def test_markup_in_a_question_cannot_change_the_reply(fake: FakeWeCom, bot: RunningBot) -> None:
    hostile = '<font color="warning">x</font> **粗** [点我](http://x) `code` # 法院' + "啊" * 3000
    callback = fake.send_text("u402", hostile)
    assert callback.status == 200
    assert fake.text_to("u402", 1)  # visible() checked it is well formed
    fake.send_text("u402", "🙂🙂🙂")
    assert fake.wait_for_messages("u402", 2)
    fake.send_text("u403", "", msg_type="image")
    assert "文字" in fake.text_to("u403", 1)


def test_a_flood_gets_one_notice_then_silence(fake: FakeWeCom, bot: RunningBot) -> None:
    for _ in range(23):  # REPORTBOT_FLOOD_PRIVATE is 20 a minute
        fake.send_text("flood1", "纪委结案多少件")
    assert "太频繁" in fake.text_to("flood1", 21)
    time.sleep(0.5)
    assert len(fake.messages_to("flood1")) == 21
    fake.send_text("flood2", "纪委结案多少件")  # nobody else is slowed
    assert "358件" in fake.text_to("flood2", 1)


def test_stats_misses_and_reload_are_refused_to_strangers(fake: FakeWeCom, bot: RunningBot) -> None:
    for n, command in enumerate(("/stats", "/misses", "/reload", "重新加载"), start=1):
        fake.send_text(STRANGER, command)
        assert "管理员" in fake.text_to(STRANGER, n)
    assert fake.wait_for(lambda: "refused /reload from wecom user" in bot.log)
    fake.send_text(ADMIN, "/stats")
    stats = fake.text_to(ADMIN, 1)
    assert "运行时间" in stats and "8 个单位" in stats and "回答" in stats


# WeCom's API errors ---------------------------------------------------------------------


def test_an_expired_or_revoked_token_is_refreshed_and_the_reply_sent_once(
    fake: FakeWeCom, bot: RunningBot
) -> None:
    fake.send_text("u501", "纪委结案多少件")
    fake.wait_for_messages("u501", 1)
    fetched = fake.token_requests
    fake.expire_tokens()
    fake.send_text("u501", "法院结案多少件")
    assert "63266件" in fake.text_to("u501", 2)
    assert (42001, "message/send") in fake.refused
    fake.revoke_tokens()
    fake.send_text("u501", "纪委立案查处多少人")
    assert "448人" in fake.text_to("u501", 3)
    assert (40014, "message/send") in fake.refused
    assert fake.token_requests == fetched + 2
    time.sleep(0.3)
    assert len(fake.messages_to("u501")) == 3


def test_a_rate_limit_is_backed_off_and_retried(fake: FakeWeCom, bot: RunningBot) -> None:
    fake.send_text("u502", "纪委结案多少件")  # a token first, so only the sends are timed
    fake.wait_for_messages("u502", 1)
    fake.fail_next(45009, count=2)
    started = time.monotonic()
    fake.send_text("u502", "法院结案多少件")
    assert "63266件" in fake.text_to("u502", 2, timeout=15)
    assert time.monotonic() - started >= 1.4  # 0.5 s, then 1 s
    assert "rate limit (errcode 45009)" in bot.log
    time.sleep(0.3)
    assert len(fake.messages_to("u502")) == 2


def test_an_untrusted_ip_is_logged_clearly_and_not_retried(
    fake: FakeWeCom, bot: RunningBot
) -> None:
    sends = fake.send_requests
    fake.fail_next(60020)
    fake.send_text("u503", "法院结案多少件")
    assert fake.wait_for(lambda: "errcode 60020" in bot.log)
    assert "企业可信IP" in bot.log
    time.sleep(0.5)
    assert fake.messages_to("u503") == [] and fake.send_requests == sends + 1


def test_200_questions_from_50_users_each_answered_once_and_acknowledged_in_time(
    fake: FakeWeCom, bot: RunningBot
) -> None:
    users = [f"burst{n:02d}" for n in range(50)]
    questions = [
        "法院结案多少件",
        "纪委立案查处多少人",
        "组织部举办了多少期学习培训班",
        "明天下雨吗",
    ]
    fetched = fake.token_requests
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=50) as pool:
        callbacks = list(
            pool.map(lambda n: fake.send_text(users[n % 50], questions[n % 4]), range(200))
        )
    assert all(c.status == 200 and c.tries == 1 for c in callbacks)
    slowest = max(c.latencies[0] for c in callbacks)
    assert slowest < 5.0
    assert fake.wait_for(lambda: sum(len(fake.messages_to(u)) for u in users) >= 200, 60)
    elapsed = time.monotonic() - started
    time.sleep(1)
    assert [len(fake.messages_to(u)) for u in users] == [4] * 50
    assert fake.token_requests == fetched  # the cached token served every send
    print(
        f"\n200 callbacks from 50 users: slowest ack {slowest * 1000:.0f} ms, all answered in {elapsed:.2f} s"
    )


def test_the_log_holds_no_secret_key_token_or_userid(fake: FakeWeCom, bot: RunningBot) -> None:
    assert "serving WeCom callbacks" in bot.log
    _assert_no_secret(fake, bot.log)


# A bot of its own -----------------------------------------------------------------------


def _break(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("heading: ", "heading: [", 1), encoding="utf-8")


def test_reload_keeps_the_last_good_knowledge_and_the_log_records_the_channel(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    court = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    data = tmp_path / "data"
    with (
        FakeWeCom() as fake,
        serve_wecom(fake, knowledge=knowledge_copy, REPORTBOT_DATA=str(data)) as running,
    ):
        good = court.read_text(encoding="utf-8")
        _break(court)
        fake.send_text(ADMIN, "/reload")
        refused = fake.text_to(ADMIN, 1)
        assert "没有更新" in refused and f"{REPORT_DIR}/08-fayuan.yaml:" in refused

        fake.send_text(ADMIN, "法院结案多少件")
        assert "63266件" in fake.text_to(ADMIN, 2)  # the last good knowledge

        court.write_text(
            good.replace("value: 63266", "value: 63267").replace("结案63266件", "结案63267件"),
            encoding="utf-8",
        )
        fake.send_text(ADMIN, "重新加载")
        done = fake.text_to(ADMIN, 3)
        assert "已重新加载" in done and "修改数字" in done and "fayuan-02" in done
        fake.send_text(ADMIN, "法院结案多少件")
        assert "63267件" in fake.text_to(ADMIN, 4)

        fake.send_text("u601", "法院的食堂有几个厨师")
        fake.wait_for_messages("u601", 1)
        fake.send_text(ADMIN, "/misses")
        misses = fake.text_to(ADMIN, 5)
        assert "法院的食堂有几个厨师" in misses
        assert running.process.poll() is None
    with sqlite3.connect(data / "questions.sqlite3") as db:
        rows = db.execute("SELECT chat_type, user_hash, channel FROM questions").fetchall()
    assert rows and {r[0] for r in rows} == {"wecom"} == {r[2] for r in rows}
    raw = (data / "questions.sqlite3").read_bytes()
    assert ADMIN.encode() not in raw and b"u601" not in raw and SECRET.encode() not in raw


def test_a_reply_over_2048_bytes_is_split_and_every_part_is_well_formed(
    knowledge_copy: Path,
) -> None:
    court = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    filler = "全院干警加班加点、攻坚克难,确保案件质量和效率稳步提升;" * 60
    text = court.read_text(encoding="utf-8")
    court.write_text(
        text.replace("面对繁重的工作任务,", f"面对繁重的工作任务,{filler}", 1), "utf-8"
    )
    with FakeWeCom() as fake, serve_wecom(fake, knowledge=knowledge_copy):
        fake.send_text("u401", "法院今年结案多少件")
        assert fake.wait_for(lambda: len(fake.messages_to("u401")) >= 3)
        time.sleep(0.5)
        parts = fake.messages_to("u401")
        assert all(len(p.content.encode()) <= 2048 for p in parts)
        assert "**63266件**" in parts[0].content.splitlines()[0]
        assert all(p.content.startswith("> ") for p in parts[1:-1])  # the quote goes on
        seen = [visible(p.content) for p in parts]
        assert "来源" in seen[-1] and "".join(seen).count("攻坚克难") == 60
        assert not [r for r in fake.refused if r[0] == 45002]


def test_watch_reloads_on_save_and_ignores_a_broken_save(knowledge_copy: Path) -> None:
    court = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    with FakeWeCom() as fake, serve_wecom(fake, "--watch", knowledge=knowledge_copy) as running:
        good = court.read_text(encoding="utf-8")
        _break(court)
        assert fake.wait_for(lambda: "knowledge not reloaded" in running.log, timeout=15)
        fake.send_text("u801", "法院结案多少件")
        assert "63266件" in fake.text_to("u801", 1)
        court.write_text(good.replace("aliases: [法院,", "aliases: [审判院, 法院,"), "utf-8")
        assert fake.wait_for(lambda: "knowledge reloaded" in running.log, timeout=15)
        fake.send_text("u802", "审判院结案多少件")
        assert "63266件" in fake.text_to("u802", 1)


def test_sigterm_finishes_the_reply_under_way_and_exits_0() -> None:
    with FakeWeCom() as fake, serve_wecom(fake) as running:
        fake.fail_next(45009, count=2)  # the reply is backing off when the signal comes
        fake.send_text("u701", "法院结案多少件")
        assert fake.wait_for(lambda: "rate limit" in running.log)
        assert running.stop() == 0
        assert "63266件" in fake.text_to("u701", 1)
        assert "stopped after" in running.log


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WECOM_CORP_ID", ""),
        ("WECOM_AGENT_ID", "agent-7"),
        ("WECOM_SECRET", ""),
        ("WECOM_TOKEN", "has spaces in it"),
        ("WECOM_AES_KEY", "short-key-not-43"),
        ("WECOM_API_URL", "ftp://example.org"),
        ("REPORTBOT_WECOM_ADMINS", "ok,bad user"),
    ],
)
def test_a_missing_or_malformed_setting_is_a_one_line_error(name: str, value: str) -> None:
    with FakeWeCom() as fake:
        env = _wecom_env(fake, **{name: value})
    done = subprocess.run(
        [sys.executable, "-m", "bot", "serve-wecom"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert name in done.stderr
    for secret in (SECRET, AES_KEY, TOKEN):
        assert secret not in done.stderr
