"""The Telegram bot end to end: `reportbot serve` against a strict local Bot API server."""

from __future__ import annotations

import json
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.answering import answer_suggestion
from bot.index import Index
from bot.knowledge import bundled_knowledge_dir
from bot.question_log import QuestionLog, QuestionRecord, new_question_id
from bot.rendering import render_html
from tests.conftest import (
    ADMIN,
    REPORT_DIR,
    ROOT,
    STRANGER,
    RunningBot,
    assert_rate,
    child_env,
    reserved_port,
    serve,
)
from tests.report_files import write_report_2019
from tests.support.local_api import (
    BOT_USERNAME,
    MAX_CALLBACK_DATA,
    TEST_TOKEN,
    LocalBotApi,
    parse_html,
)
from tests.synthetic_log import write_log

# A paragraph far over one message: astral characters, and blank lines (a YAML |- block).
_LONG_TOPIC = "税务读书角"
_LONG_PARAGRAPH = "\n\n".join(
    f"第{n}段:{_LONG_TOPIC}每周开放,干部在这里读书交流🙂𠀀,分享心得体会。" * 30 for n in range(1, 9)
)


@pytest.fixture(scope="module")
def module_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the bundled knowledge plus one very long paragraph for the tax bureau."""
    target = tmp_path_factory.mktemp("module") / "knowledge"
    shutil.copytree(bundled_knowledge_dir(), target)
    path = target / REPORT_DIR / "04-shuiwu.yaml"
    block = "\n".join("    " + line if line else "" for line in _LONG_PARAGRAPH.split("\n"))
    text = path.read_text(encoding="utf-8").rstrip("\n") + f"\n- text: |-\n{block}\n  metrics: []\n"
    path.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def api() -> Iterator[LocalBotApi]:
    with LocalBotApi() as server:
        yield server


@pytest.fixture(scope="module")
def bot(api: LocalBotApi, module_knowledge: Path) -> Iterator[RunningBot]:
    # Plain `reportbot`, no command: with a token set it serves.
    with serve(api, command=(), knowledge=module_knowledge) as running:
        yield running


def _visible(text: str) -> str:
    return parse_html(text)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_plain_reportbot_with_a_token_serves(api: LocalBotApi, bot: RunningBot) -> None:
    assert "-m bot serve" not in " ".join(map(str, bot.process.args))  # type: ignore[arg-type]
    assert "serving as @" + BOT_USERNAME in bot.log


def test_commands_are_registered_in_chinese(api: LocalBotApi, bot: RunningBot) -> None:
    names = [c["command"] for c in api.commands]
    assert {"start", "help", "ask", "agencies", "agency", "figures", "reload", "stats"} <= set(
        names
    )
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in c["description"]) for c in api.commands)


def test_a_private_question_gets_the_figure_first_then_paragraph_then_source(
    api: LocalBotApi, bot: RunningBot
) -> None:
    api.send_text(101, "法院今年结了多少案")
    reply = api.wait_for_messages(101, 1)[0]
    assert reply.parse_mode == "HTML"
    first_line = reply.text.splitlines()[0]
    assert "<b>63266件</b>" in first_line
    text = _visible(reply.text)
    assert text.index("63266") < text.index("面对繁重的工作任务") < text.index("来源")
    assert all(len(b["callback_data"].encode()) <= MAX_CALLBACK_DATA for b in reply.buttons())


def test_tapping_a_suggestion_answers_in_place(
    api: LocalBotApi, bot: RunningBot, index: Index
) -> None:
    api.send_text(102, "纪委立案查处多少人")
    reply = api.wait_for_messages(102, 1)[0]
    button = reply.buttons()[0]
    kind, _, key = button["callback_data"].partition(":")
    assert kind == "e"
    query = api.press_button(102, reply, button["callback_data"])
    assert api.wait_for(lambda: any(a["callback_query_id"] == query for a in api.callback_answers))
    assert api.wait_for(lambda: api.messages_to(102)[0].edited)
    assert api.wait_idle()
    assert len(api.messages_to(102)) == 1
    tapped = answer_suggestion(index, key)
    assert tapped.answered
    assert api.messages_to(102)[0].text == render_html(tapped)[0]  # the tapped answer, in place


def test_a_decline_is_plain_and_polite(api: LocalBotApi, bot: RunningBot) -> None:
    api.send_text(103, "深圳市公安局今年破了多少案")
    reply = api.wait_for_messages(103, 1)[0]
    assert "抱歉" in reply.text and "/agencies" in reply.text


def test_group_chatter_is_left_alone_but_addressed_messages_are_answered(
    api: LocalBotApi, bot: RunningBot
) -> None:
    group = -1001
    api.send_text(201, "今天中午吃什么", chat_id=group, chat_type="supergroup")
    api.send_text(201, "法院结案多少件", chat_id=group, chat_type="supergroup")
    api.send_text(202, f"@{BOT_USERNAME} 纪委立案查处多少人", chat_id=group, chat_type="supergroup")
    answers = api.wait_for_messages(group, 1)
    assert "448人" in answers[0].text
    api.send_text(
        203,
        f"/ask@{BOT_USERNAME} 组织部举办了多少期学习培训班",
        chat_id=group,
        chat_type="supergroup",
    )
    answers = api.wait_for_messages(group, 2)
    assert "235期" in answers[1].text
    api.send_text(202, "其中科级干部呢", chat_id=group, chat_type="supergroup", reply_to=answers[0])
    answers = api.wait_for_messages(group, 3)
    assert "137人" in answers[2].text
    api.send_text(204, "/ask 政协设立了多少个委员工作站", chat_id=group, chat_type="supergroup")
    answers = api.wait_for_messages(group, 4)
    assert "14个" in answers[3].text
    assert api.wait_idle()
    assert len(api.messages_to(group)) == 4  # the chatter got nothing


def test_each_member_of_a_group_has_their_own_conversation(
    api: LocalBotApi, bot: RunningBot
) -> None:
    group, first, second = -1002, 2101, 2102

    def ask(user: int, question: str, count: int) -> str:
        api.send_text(user, f"/ask {question}", chat_id=group, chat_type="supergroup")
        replies = api.wait_for_messages(group, count)
        assert len(replies) == count
        return replies[-1].text

    assert "448人" in ask(first, "纪委立案查处多少人", 1)
    assert "63266件" in ask(second, "法院受理案件多少件", 2)
    assert "358件" in ask(first, "结案呢", 3)  # the commission's, not the court's
    assert "63266件" in ask(second, "结案呢", 4)


def test_start_help_agencies_agency_and_figures(api: LocalBotApi, bot: RunningBot) -> None:
    api.send_text(301, "/start")
    start = _visible(api.wait_for_messages(301, 1)[0].text)
    assert (
        "中山日报" in start
        and "8 个单位" in start
        and "82 个数字" in start
        and "/agencies" in start
    )
    api.send_text(302, "/help")
    assert "/figures" in _visible(api.wait_for_messages(302, 1)[0].text)

    api.send_text(303, "/agencies")
    listing = api.wait_for_messages(303, 1)[0]
    assert len(listing.buttons()) == 8
    court = next(b for b in listing.buttons() if b["text"] == "市第一人民法院")
    api.press_button(303, listing, court["callback_data"])
    assert api.wait_for(lambda: "公平正义" in api.messages_to(303)[0].text)

    api.send_text(304, "/agency 法阮")  # a near-miss still finds the court
    described = api.wait_for_messages(304, 1)[0]
    assert "市第一人民法院" in described.text
    assert len(described.buttons()) >= 25
    listing_button = next(b for b in described.buttons() if b["text"] == "全部数字列表")
    api.press_button(304, described, listing_button["callback_data"])
    listed = _visible(api.wait_for_messages(304, 2)[1].text)
    assert listed.startswith("市第一人民法院 的全部数字")
    count = int(re.search(r"(\d+) 个", listed).group(1))  # type: ignore[union-attr]
    assert count >= 20 and listed.count("· ") == count and "63266件" in listed

    api.send_text(305, "/figures 税务")
    figures = _visible(api.wait_for_messages(305, 1)[0].text)
    assert "中山市税务局" in figures and "40多项" in figures and "3年" in figures


def test_inline_mode_offers_up_to_five_articles(api: LocalBotApi, bot: RunningBot) -> None:
    query = api.inline_query(401, "法院结案多少件")
    assert api.wait_for(lambda: any(a["inline_query_id"] == query for a in api.inline_answers))
    answer = next(a for a in api.inline_answers if a["inline_query_id"] == query)
    assert 1 <= len(answer["results"]) <= 5
    assert int(answer["cache_time"]) == 5  # as the README promises
    assert "63266" in answer["results"][0]["input_message_content"]["message_text"]


def test_a_hostile_or_huge_message_gets_a_reply(api: LocalBotApi, bot: RunningBot) -> None:
    api.send_text(501, "<script>alert(1)</script> & &amp; \u202e 法院" + "啊" * 4000)
    reply = api.wait_for_messages(501, 1)[0]
    assert reply.text
    api.send_text(502, "🙂🙂🙂")
    assert api.wait_for_messages(502, 1)


def test_a_reply_over_one_message_arrives_in_chunks_telegram_accepts(
    api: LocalBotApi, bot: RunningBot
) -> None:
    api.send_text(503, f"税务局的{_LONG_TOPIC}是怎样开展的")
    assert api.wait_for(lambda: any(m.buttons() for m in api.messages_to(503)), timeout=20)
    assert api.wait_idle()
    chunks = api.messages_to(503)
    assert len(chunks) >= 3
    assert not [r for r in api.refusals if r[0] == "sendMessage"], api.refusals
    assert all(c.parse_mode == "HTML" for c in chunks)  # never the plain-text fallback
    assert all(_units(_visible(c.text)) <= 4096 for c in chunks)
    assert sum(_units(c.text) for c in chunks) > 3800 * 2
    shown = re.sub(r"\s+", "", "".join(_visible(c.text) for c in chunks))
    assert re.sub(r"\s+", "", _LONG_PARAGRAPH) in shown
    assert [bool(c.buttons()) for c in chunks] == [False] * (len(chunks) - 1) + [True]


def test_stats_is_for_admins(api: LocalBotApi, bot: RunningBot) -> None:
    api.send_text(STRANGER, "/stats")
    assert "管理员" in api.wait_for_messages(STRANGER, 1)[0].text
    api.send_text(ADMIN, "/stats")
    stats = api.wait_for_messages(ADMIN, 1, timeout=30)[0].text  # a photo's caption, or text
    assert "运行时间" in stats and "8 个单位" in stats and "回答" in stats


def test_stats_sends_an_admin_a_chart_of_the_log_and_refuses_a_stranger(
    fresh_api: LocalBotApi, tmp_path: Path
) -> None:
    api = fresh_api
    data = tmp_path / "data"
    write_log(data, questions=400)
    with serve(api, REPORTBOT_DATA=str(data)) as running:
        api.send_text(STRANGER, "/stats")
        assert "管理员" in api.wait_for_messages(STRANGER, 1)[0].text
        assert not any(s.photo for s in api.messages_to(STRANGER))
        assert api.wait_for(lambda: f"refused /stats from user id {STRANGER}" in running.log)

        api.send_text(ADMIN, "/stats")
        sent = api.wait_for_messages(ADMIN, 1, timeout=60)[0]
        assert sent.photo is not None, running.log
        assert sent.photo.startswith(b"\x89PNG") and len(sent.photo) > 10_000
        assert "近30天" in sent.text and "回答率" in sent.text and "运行时间" in sent.text
        assert not api.refusals

        api.send_text(ADMIN, "/stats 7")
        week = api.wait_for_messages(ADMIN, 2, timeout=60)[1]
        assert week.photo is not None and "近7天" in week.text


def test_stats_on_an_empty_log_says_so_without_a_chart(
    fresh_api: LocalBotApi, tmp_path: Path
) -> None:
    api = fresh_api
    with serve(api, REPORTBOT_DATA=str(tmp_path / "empty")):
        api.send_text(ADMIN, "/stats")
        sent = api.wait_for_messages(ADMIN, 1, timeout=30)[0]
        assert sent.photo is None and "没有提问记录" in sent.text and "运行时间" in sent.text


def test_the_local_server_refuses_photos_telegram_would_refuse(
    fresh_api: LocalBotApi,
) -> None:
    png = (ROOT / "tests" / "assets" / "stats-chart.png").read_bytes()

    def send(photo: bytes, caption: str) -> tuple[int, dict[str, object]]:
        boundary = "reportbot-test"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n42\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="caption"\r\n\r\n'
                f"{caption}\r\n"
                f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; filename="c.png"'
                "\r\nContent-Type: image/png\r\n\r\n"
            ).encode()
            + photo
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            f"{fresh_api.api_url}{TEST_TOKEN}/sendPhoto",
            data=body,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    status, answer = send(png, "近30天" * 200)
    assert status == 200 and answer["result"]["photo"][0]["width"] == 1000  # type: ignore[index]
    assert fresh_api.messages_to(42)[0].photo == png
    assert send(png, "字" * 1025)[0] == 400  # caption over 1024 characters
    assert send(b"GIF89a not a photo", "")[0] == 400
    tall = png[:16] + struct.pack(">II", 100, 2100) + png[24:]
    assert send(tall, "")[1]["description"] == "Bad Request: PHOTO_INVALID_DIMENSIONS"
    huge = png[:16] + struct.pack(">II", 6000, 4100) + png[24:]
    assert send(huge, "")[1]["description"] == "Bad Request: PHOTO_INVALID_DIMENSIONS"
    assert send(png + b"\0" * (10 * 1024 * 1024), "")[0] == 413


def test_a_flood_wait_is_retried_and_answered_once(api: LocalBotApi, bot: RunningBot) -> None:
    api.fail_next("sendMessage", 429, retry_after=1)
    api.send_text(601, "法院结案多少件")
    replies = api.wait_for_messages(601, 1, timeout=15)
    assert replies and "63266" in replies[0].text
    assert api.wait_idle()
    assert len(api.messages_to(601)) == 1


def test_server_errors_during_polling_are_survived(api: LocalBotApi, bot: RunningBot) -> None:
    api.fail_next("getUpdates", 502, count=2)
    api.send_text(602, "纪委结案多少件")
    replies = api.wait_for_messages(602, 1, timeout=20)
    assert replies and "358件" in replies[0].text
    assert api.wait_idle()
    assert len(api.messages_to(602)) == 1


def test_200_questions_from_50_users_are_each_answered_once(
    api: LocalBotApi, bot: RunningBot
) -> None:
    users = range(10_000, 10_050)
    questions = [
        "法院结案多少件",
        "纪委立案查处多少人",
        "组织部举办了多少期学习培训班",
        "明天下雨吗",
    ]
    started = time.monotonic()
    for n in range(200):
        api.send_text(users[n % 50], questions[n % 4])
    assert api.wait_for(lambda: sum(len(api.messages_to(u)) for u in users) >= 200, timeout=60)
    elapsed = time.monotonic() - started
    assert api.wait_idle()
    assert [len(api.messages_to(u)) for u in users] == [4] * 50
    times = sorted(m.at for u in users for m in api.messages_to(u))
    assert_rate(times, 30)  # Telegram's overall limit, the default REPORTBOT_MAX_RATE
    assert elapsed < 40, elapsed


# Admin reload: each test runs its own bot on its own copy of the knowledge ----------------


@pytest.fixture()
def fresh_api() -> Iterator[LocalBotApi]:
    with LocalBotApi() as server:
        yield server


def _break(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("heading: ", "heading: [", 1), encoding="utf-8")


def test_reload_refuses_strangers_keeps_knowledge_on_errors_and_reports_changes(
    fresh_api: LocalBotApi, knowledge_copy: Path
) -> None:
    api = fresh_api
    court = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    with serve(api, knowledge=knowledge_copy) as running:
        api.send_text(STRANGER, "/reload")
        assert "管理员" in api.wait_for_messages(STRANGER, 1)[0].text
        assert api.wait_for(lambda: f"refused /reload from user id {STRANGER}" in running.log)

        good = court.read_text(encoding="utf-8")
        _break(court)
        api.send_text(ADMIN, "/reload")
        refused = _visible(api.wait_for_messages(ADMIN, 1)[0].text)
        assert "没有更新" in refused and f"{REPORT_DIR}/08-fayuan.yaml:" in refused

        api.send_text(ADMIN, "法院结案多少件")
        assert "63266件" in api.wait_for_messages(ADMIN, 2)[1].text  # the last good knowledge

        court.write_text(
            good.replace("value: 63266", "value: 63267").replace("结案63266件", "结案63267件"),
            encoding="utf-8",
        )
        api.send_text(ADMIN, "/reload")
        done = _visible(api.wait_for_messages(ADMIN, 3)[2].text)
        assert "已重新加载" in done and "修改数字" in done and "fayuan-02" in done
        api.send_text(ADMIN, "法院结案多少件")
        assert "63267件" in api.wait_for_messages(ADMIN, 4)[3].text


def test_watch_reloads_on_save_and_ignores_a_broken_save(
    fresh_api: LocalBotApi, knowledge_copy: Path
) -> None:
    api = fresh_api
    court = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    with serve(api, "--watch", knowledge=knowledge_copy) as running:
        good = court.read_text(encoding="utf-8")
        _break(court)
        assert api.wait_for(lambda: "knowledge not reloaded" in running.log, timeout=15)
        api.send_text(901, "法院结案多少件")
        assert "63266件" in api.wait_for_messages(901, 1)[0].text

        court.write_text(good.replace("aliases: [法院,", "aliases: [审判院, 法院,"), "utf-8")
        assert api.wait_for(lambda: "knowledge reloaded" in running.log, timeout=15)
        api.send_text(902, "审判院结案多少件")
        assert "63266件" in api.wait_for_messages(902, 1)[0].text


def test_a_missing_or_malformed_token_is_a_one_line_error() -> None:
    for token in ("", "12:short"):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "serve"],
            cwd=ROOT,
            capture_output=True,
            encoding="utf-8",
            env=child_env(TELEGRAM_BOT_TOKEN=token),
            timeout=60,
            check=False,
        )
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1
        assert "TELEGRAM_BOT_TOKEN" in done.stderr
        assert "12:short" not in done.stderr


def _wait_for_port(port: int, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def test_webhook_mode_answers_posted_updates(fresh_api: LocalBotApi) -> None:
    api = fresh_api
    with reserved_port() as port:
        url = f"http://127.0.0.1:{port}/hook"
        with serve(
            api,
            "--webhook-url",
            url,
            "--listen",
            "127.0.0.1",
            "--port",
            str(port),
            REPORTBOT_WEBHOOK_SECRET="s3cret-token",
        ):
            _post_updates_to_the_webhook(api, port, url)


def _post_updates_to_the_webhook(api: LocalBotApi, port: int, url: str) -> None:
    no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # ignore HTTP_PROXY
    assert api.wait_for(lambda: api.webhook is not None)
    assert api.webhook == {"url": url, "secret_token": "s3cret-token"}
    assert _wait_for_port(port)
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "text": "纪委结案多少件",
            "chat": {"id": 55, "type": "private"},
            "from": {"id": 55, "is_bot": False, "first_name": "x"},
        },
    }
    for secret, expected in (("wrong", 403), ("s3cret-token", 200)):
        request = urllib.request.Request(
            url,
            data=json.dumps(update).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": secret,
            },
        )
        try:
            with no_proxy.open(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        assert status == expected
    assert "358件" in api.wait_for_messages(55, 1)[0].text
    time.sleep(0.5)  # no polling here, so no idle condition: a short look for a duplicate
    assert len(api.messages_to(55)) == 1


def test_an_admin_sees_misses_and_a_suggested_snippet_fixes_one(
    fresh_api: LocalBotApi,
    knowledge_copy: Path,
    tmp_path: Path,
) -> None:
    api = fresh_api
    data = tmp_path / "data"
    missed = "法院今年完结几宗卷宗"  # declined; its nearest figure is the court's 结案
    old = "税务局的食堂几点开门"
    earlier = QuestionLog(data)  # a miss from ten days ago: only `/misses 30` shows it
    earlier.record(
        QuestionRecord(
            new_question_id(),
            time.time() - 10 * 86400,
            "private",
            earlier.user_hash(1003),
            old,
            False,
            "declined",
            None,
            None,
            0,
            "v0",
        )
    )
    earlier.close()
    with serve(api, knowledge=knowledge_copy, REPORTBOT_DATA=str(data)):
        api.send_text(1001, missed)
        api.send_text(1002, "法院今年完结了几宗卷宗?")
        api.send_text(1002, "纪委有几个食堂")
        assert "抱歉" in api.wait_for_messages(1001, 1)[0].text
        api.wait_for_messages(1002, 2)
        api.send_text(1001, "纪委结案多少件")
        answer = api.wait_for_messages(1001, 2)[1]
        down = next(b for b in answer.buttons() if b["text"] == "👎")
        query = api.press_button(1001, answer, down["callback_data"])
        assert api.wait_for(
            lambda: any(
                a["callback_query_id"] == query and a.get("text") for a in api.callback_answers
            )
        )

        api.send_text(STRANGER, "/misses")
        assert "管理员" in api.wait_for_messages(STRANGER, 1)[0].text
        api.send_text(ADMIN, "/misses")
        misses = _visible(api.wait_for_messages(ADMIN, 1)[0].text)
        assert "×2" in misses and missed in misses and "纪委结案多少件" in misses
        assert "👎 于:市纪委监委" in misses  # what was disliked, for the admin to see
        assert old not in misses and "近7天" in misses
        api.send_text(ADMIN, "/misses 30")
        month = _visible(api.wait_for_messages(ADMIN, 2)[1].text)
        assert old in month and missed in month and "近30天" in month

        api.send_text(ADMIN, "/stats")
        chart = api.wait_for_messages(ADMIN, 3, timeout=60)[2]
        assert chart.photo is not None and "👎 1" in chart.text

        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bot",
                "misses",
                "--suggest",
                "--knowledge",
                str(knowledge_copy),
            ],
            cwd=ROOT,
            capture_output=True,
            encoding="utf-8",
            timeout=60,
            check=False,
            env=child_env(REPORTBOT_DATA=str(data)),
        )
        assert done.returncode == 0, done.stderr
        snippet = done.stdout.split("\n\n")[0]
        assert "08-fayuan.yaml" in snippet
        entry = "\n".join(line for line in snippet.splitlines() if not line.startswith("#"))
        court = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
        court.write_text(
            court.read_text("utf-8").replace("faq: []\n", f"faq:\n{entry}\n", 1), "utf-8"
        )
        api.send_text(ADMIN, "/reload")
        assert "已重新加载" in api.wait_for_messages(ADMIN, 4)[3].text
        api.send_text(1001, missed)
        assert "63266件" in api.wait_for_messages(1001, 3)[2].text
    raw = (data / "questions.sqlite3").read_bytes()
    assert b"1001" not in raw and TEST_TOKEN.encode() not in raw


def test_agency_and_figures_show_the_latest_report_and_offer_the_other(
    fresh_api: LocalBotApi, knowledge_copy: Path
) -> None:
    api = fresh_api
    write_report_2019(knowledge_copy)  # the court's 结案 is 69593件 there, 63266件 in 2018
    with serve(api, knowledge=knowledge_copy):
        api.send_text(601, "/agency 法院")
        latest = api.wait_for_messages(601, 1)[0]
        text = _visible(latest.text)
        assert "69593件" in text and "63266件" not in text
        assert "以上出自2019年12月《中山日报》的报道;另有2018年12月的报道" in text
        older = next(b for b in latest.buttons() if b["text"] == "2018年12月的报道")
        api.press_button(601, latest, older["callback_data"])
        assert api.wait_for(lambda: "63266件" in api.messages_to(601)[0].text)
        assert "另有2019年12月的报道" in _visible(api.messages_to(601)[0].text)

        api.send_text(602, "/figures 法院")
        figures = api.wait_for_messages(602, 1)[-1]
        assert "69593件" in _visible(figures.text) and "另有2018年12月" in _visible(figures.text)
        assert [b["text"] for b in figures.buttons()] == ["2018年12月的报道"]

        api.send_text(603, "/agencies")
        assert len(api.wait_for_messages(603, 1)[0].buttons()) == 8
