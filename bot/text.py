"""Text normalisation and tokenising for Chinese questions and report text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "CJK",
    "chinese_to_int",
    "convert_chinese_counts",
    "normalize",
    "to_simplified",
]

CJK = "\u4e00-\u9fff"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS |= {"七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

# Zero-width and bidi control characters carry no meaning in a question.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
# Counts written in Chinese numerals before a measure word: 三年, 两批, 五个.
_CHINESE_COUNT = re.compile(
    rf"(?<![{CHINESE_NUMERAL}第])([{CHINESE_NUMERAL}]+)(?=[个名人件项批年期次位家部条])"
)


def chinese_to_int(numeral: str) -> int | None:
    """Return the value of a Chinese numeral such as 三千, 两, 十九 or 一百零五."""
    if not numeral or any(ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS
                          for ch in numeral):
        return None
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


@lru_cache(maxsize=1)
def _opencc() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified ones."""
    converter = _opencc()
    return str(converter.convert(text))  # type: ignore[attr-defined]


def convert_chinese_counts(text: str) -> str:
    """Rewrite counts in Chinese numerals (三年, 两批) as Arabic digits."""

    def _replace(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group(1))
        return match.group(0) if value is None else str(value)

    return _CHINESE_COUNT.sub(_replace, text)


def normalize(text: str) -> str:
    """Return a question in canonical form: NFKC, simplified, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = to_simplified(text).lower()
    return _SPACES.sub(" ", text).strip()


def strip_all(text: str, words: Iterable[str]) -> str:
    """Remove every occurrence of each word, longest first."""
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return text
