"""WeCom's callback crypto, checked against the vectors WeCom publishes and the fake's own."""

from __future__ import annotations

import pytest

from bot.wecom.crypto import CallbackRefused, WeComCrypto, parse_xml
from tests.fake_wecom import AES_KEY, CORP_ID, TOKEN, FakeWeCom

# WeCom's documented example (加解密方案说明), also in its official WXBizMsgCrypt samples.
OFFICIAL = WeComCrypto(
    "QDG6eK",
    "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
    "wx5823bf96d3bd56c7",
    clock=lambda: 1409659813.0,
)
MESSAGE = (
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911"
    "L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLx"
    "AUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9"
    "nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/u"
    "h9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
)
ECHO = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="


def test_the_official_message_verifies_and_decrypts() -> None:
    body = (
        "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>"
        f"<Encrypt><![CDATA[{MESSAGE}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
    ).encode()
    plain = OFFICIAL.open_callback(
        body, "477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149"
    )
    message = parse_xml(plain)
    assert message["FromUserName"] == "mycreate"
    assert message["Content"] == "hello"
    assert message["MsgId"] == "4561255354251345929"


def test_the_official_url_verification_returns_its_echostr() -> None:
    official = WeComCrypto(
        OFFICIAL.token, OFFICIAL.aes_key, OFFICIAL.corp_id, clock=lambda: 1409659589.0
    )
    echo = official.verify_url(
        "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", ECHO
    )
    assert echo == b"1616140317555161061"


def test_what_the_fake_encrypts_the_bot_decrypts_and_back() -> None:
    fake = FakeWeCom()
    ours = WeComCrypto(TOKEN, AES_KEY, CORP_ID)
    for message in (b"", b"x", "中文消息".encode() * 50, bytes(range(256))):
        assert ours.decrypt(fake.encrypt(message)) == message
        encrypted = ours.encrypt(message)
        assert len(__import__("base64").b64decode(encrypted)) % 32 == 0
        assert ours.decrypt(encrypted) == message
    assert ours.signature("1", "2", "3") == fake.sign("1", "2", "3")


@pytest.mark.parametrize(
    ("encrypted", "why"),
    [
        ("%%%", "not base64"),
        ("", "not whole AES blocks"),
        ("QUJD", "not whole AES blocks"),
        (FakeWeCom().encrypt(b"hi", corp_id="wwanothercorp"), "another corp id"),
        (FakeWeCom().encrypt(b"hi", key="Z" * 43), "padding"),
    ],
    # The ciphertexts are random: ids by reason, so every test process collects the same ids.
    ids=["not-base64", "empty", "short", "another-corp", "wrong-key"],
)
def test_a_bad_ciphertext_is_refused(encrypted: str, why: str) -> None:
    with pytest.raises(CallbackRefused, match=why):
        WeComCrypto(TOKEN, AES_KEY, CORP_ID).decrypt(encrypted)


def test_a_wrong_or_stale_signature_is_refused() -> None:
    crypto = WeComCrypto(TOKEN, AES_KEY, CORP_ID, clock=lambda: 1_000_000.0)
    good = crypto.signature("1000000", "7", "abc")
    crypto.check(good, "1000000", "7", "abc")
    with pytest.raises(CallbackRefused, match="signature"):
        crypto.check(good, "1000000", "8", "abc")
    stale = crypto.signature("999000", "7", "abc")
    with pytest.raises(CallbackRefused, match="stale"):
        crypto.check(stale, "999000", "7", "abc")


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>',
        b"<xml><Encrypt>unclosed",
        b"<xml>" + b"a" * 70_000 + b"</xml>",
    ],
)
def test_hostile_xml_is_refused_before_it_is_parsed(body: bytes) -> None:
    with pytest.raises(CallbackRefused):
        parse_xml(body)
