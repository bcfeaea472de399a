"""WeCom's callback cryptography: the SHA-1 signature and AES-256-CBC with WeCom's framing.

WeCom (企业微信) signs every callback with SHA-1 over the sorted, concatenated Token,
timestamp, nonce and ciphertext, and encrypts the message with AES-256-CBC: the key is the
base64 of the EncodingAESKey plus "=", the IV is the key's first 16 bytes, and the padding is
PKCS#7 to 32-byte blocks. The plaintext is 16 random bytes, the message length as 4 bytes
big-endian, the message, then the corp id (the receiver id).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

__all__ = ["MAX_BODY_BYTES", "CallbackRefused", "WeComCrypto", "parse_xml"]

# A callback body is a few hundred bytes; a larger one is not from WeCom.
MAX_BODY_BYTES = 64 * 1024
_BLOCK = 32  # WeCom pads to 32 bytes, not AES's 16
_RANDOM = 16


class CallbackRefused(Exception):
    """A callback that must not be answered: bad signature, corp id, timestamp or body."""


@dataclass(frozen=True, slots=True)
class WeComCrypto:
    """Sign, verify, encrypt and decrypt as WeCom does, for one app's Token and key."""

    token: str = field(repr=False)
    aes_key: str = field(repr=False)
    corp_id: str
    max_skew: float = 300.0  # seconds a callback's timestamp may differ from our clock
    clock: Callable[[], float] = time.time

    @property
    def key(self) -> bytes:
        """Return the 32-byte AES key the EncodingAESKey stands for."""
        try:
            key = base64.b64decode(self.aes_key + "=", validate=True)
        except binascii.Error as exc:
            raise ValueError("the EncodingAESKey is not base64") from exc
        if len(key) != 32:
            raise ValueError("the EncodingAESKey must decode to 32 bytes")
        return key

    def signature(self, timestamp: str, nonce: str, encrypted: str) -> str:
        """Return WeCom's msg_signature for these values."""
        joined = "".join(sorted((self.token, timestamp, nonce, encrypted)))
        return hashlib.sha1(joined.encode()).hexdigest()

    def encrypt(self, message: bytes, *, random: bytes | None = None) -> str:
        """Encrypt a message as WeCom frames it; return base64."""
        random = os.urandom(_RANDOM) if random is None else random
        plain = random + struct.pack(">I", len(message)) + message + self.corp_id.encode()
        pad = _BLOCK - len(plain) % _BLOCK
        plain += bytes([pad]) * pad
        key = self.key
        encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
        return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()

    def decrypt(self, encrypted: str) -> bytes:
        """Decrypt a base64 ciphertext; refuse bad framing or another corp's message."""
        try:
            data = base64.b64decode(encrypted, validate=True)
        except (binascii.Error, ValueError):
            raise CallbackRefused("the ciphertext is not base64") from None
        if not data or len(data) % 16:
            raise CallbackRefused("the ciphertext is not whole AES blocks")
        key = self.key
        decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
        plain = decryptor.update(data) + decryptor.finalize()
        pad = plain[-1]
        if not 1 <= pad <= _BLOCK or plain[-pad:] != bytes([pad]) * pad:
            raise CallbackRefused("the padding is wrong (another key?)")
        content = plain[_RANDOM:-pad]
        if len(content) < 4:
            raise CallbackRefused("the plaintext is too short")
        (length,) = struct.unpack(">I", content[:4])
        if length > len(content) - 4:
            raise CallbackRefused("the message length is wrong")
        message, receiver = content[4 : 4 + length], content[4 + length :]
        if not hmac.compare_digest(receiver, self.corp_id.encode()):
            raise CallbackRefused("the message is for another corp id")
        return message

    def check(self, signature: str, timestamp: str, nonce: str, encrypted: str) -> None:
        """Refuse a callback whose signature or timestamp is wrong."""
        expected = self.signature(timestamp, nonce, encrypted)
        if not hmac.compare_digest(expected, signature.lower()):
            raise CallbackRefused("the signature is wrong")
        try:
            sent_at = int(timestamp)
        except ValueError:
            raise CallbackRefused("the timestamp is not a number") from None
        if abs(self.clock() - sent_at) > self.max_skew:
            raise CallbackRefused("the timestamp is stale")

    def verify_url(self, signature: str, timestamp: str, nonce: str, echostr: str) -> bytes:
        """Answer WeCom's URL verification: check the GET and return the decrypted echostr."""
        self.check(signature, timestamp, nonce, echostr)
        return self.decrypt(echostr)

    def open_callback(self, body: bytes, signature: str, timestamp: str, nonce: str) -> bytes:
        """Check and decrypt a POSTed callback; return the message XML."""
        encrypted = parse_xml(body).get("Encrypt", "")
        if not encrypted:
            raise CallbackRefused("the body has no Encrypt element")
        self.check(signature, timestamp, nonce, encrypted)
        return self.decrypt(encrypted)


def parse_xml(body: bytes) -> dict[str, str]:
    """Return the child elements of a flat WeCom XML document as a dict.

    A DOCTYPE or entity declaration is refused before parsing: WeCom never sends one, and
    refusing it closes the door on entity-expansion bombs.
    """
    if len(body) > MAX_BODY_BYTES:
        raise CallbackRefused("the body is too large")
    if b"<!" in body.replace(b"<![CDATA[", b""):
        raise CallbackRefused("the body declares a DOCTYPE or entity")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise CallbackRefused("the body is not XML") from None
    return {child.tag: (child.text or "").strip() for child in root}
