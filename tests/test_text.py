"""Normalisation and Chinese numerals, checked against slow, obvious references."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.index import Index
from bot.text import (
    chinese_to_int,
    convert_chinese_counts,
    features,
    gated,
    matching_form,
    normalize,
    required_chars,
    required_strings,
    words_pattern,
)

_DIGITS = "零一二三四五六七八九"


def _reference_chinese(n: int) -> str:
    """Write 0 <= n < 100000 in Chinese numerals the long way."""
    if n == 0:
        return "零"
    parts, zero = [], False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10 if value < 10000 else n // value
        if digit:
            if zero:
                parts.append("零")
            parts.append(_DIGITS[digit] + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


@given(st.integers(min_value=0, max_value=99_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    assert chinese_to_int(_reference_chinese(n)) == n


def test_common_numerals() -> None:
    assert chinese_to_int("两") == 2
    assert chinese_to_int("十九") == 19
    assert chinese_to_int("三千") == 3000
    assert chinese_to_int("一亿") == 100_000_000
    assert chinese_to_int("abc") is None


def test_counts_become_digits_but_names_stay() -> None:
    assert convert_chinese_counts("两批共43名") == "2批共43名"
    assert convert_chinese_counts("连续三年") == "连续3年"
    assert convert_chinese_counts("第一书记") == "第一书记"


def test_normalize_folds_width_traditional_and_invisible_characters() -> None:
    assert normalize("法院審結了多少ＡＢＣ１２３?") == "法院审结了多少abc123?"
    assert normalize("税\u200b务\u202e局") == "税务局"
    assert normalize("  多个   空格\t\n") == "多个 空格"


def test_features_are_characters_bigrams_words_and_numbers() -> None:
    found = features(matching_form("结案63266件 EAP"))
    assert {"结", "案", "结案", "63266", "eap"} <= found
    assert "的" not in features("的")


@given(st.text(max_size=300))
def test_normalize_never_fails_and_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


def test_the_segmenter_cuts_as_jieba_itself_does(index: Index) -> None:
    """The knowledge tokenizer's faster inner loops give jieba's own cuts, HMM or not."""
    import jieba

    reference = jieba.Tokenizer()
    reference.FREQ, reference.total, reference.initialized = (
        index.tokenizer.FREQ,
        index.tokenizer.total,
        True,
    )
    texts = [p.text for a in index.knowledge.agencies for p in a.paragraphs]
    report = "".join(texts)
    sentences = st.text(st.sampled_from(sorted(set(report)) + list("阮吗 ab1"))) | st.builds(
        lambda at, size: report[at : at + size], st.integers(0, len(report)), st.integers(0, 60)
    )

    @settings(max_examples=300, deadline=None)
    @given(sentences, st.booleans())
    def cut_alike(text: str, hmm: bool) -> None:
        assert index.tokenizer.lcut(text, HMM=hmm) == reference.lcut(text, HMM=hmm)

    cut_alike()
    for text in texts:
        assert index.tokenizer.lcut(text) == reference.lcut(text)


@given(
    st.lists(
        st.text(st.sampled_from("法院纪委市政协中山第一二"), min_size=1, max_size=5), max_size=12
    ),
    st.text(st.sampled_from("法院纪委市政协中山第一二多少, "), max_size=30),
)
def test_words_pattern_finds_what_an_alternation_longest_first_finds(
    words: list[str], text: str
) -> None:
    longest_first = sorted(set(words), key=len, reverse=True)
    reference = re.compile("|".join(re.escape(w) for w in longest_first) or "(?!)")
    pattern = words_pattern(words)
    found = [(m.start(), m.group(0)) for m in pattern.finditer(text)]
    assert found == [(m.start(), m.group(0)) for m in reference.finditer(text)]


def test_the_segmenter_cuts_anew_once_a_word_is_added() -> None:
    """Its table of recently read pieces never outlives a change of the dictionary."""
    from bot.text import _segmenter_class

    segmenter = _segmenter_class()()
    segmenter.initialize()
    assert "委约谈" not in segmenter.lcut("纪委监委约谈干部")
    segmenter.add_word("委约谈", 10**7)
    assert "委约谈" in segmenter.lcut("纪委监委约谈干部")
    try:
        segmenter.del_word("委约谈")  # a frequency of 0: the total stays as it was
        assert "委约谈" not in segmenter.lcut("纪委监委约谈干部")
    finally:
        from jieba import finalseg

        finalseg.Force_Split_Words.discard("委约谈")  # del_word's mark is process-wide


_GATED = [
    re.compile(r"(帮我)?(写|起草)(一|份)|\bwrite\b"),
    re.compile(r"(?<![\d.])((?:19|20)\d{2})(?:年|(?![\d.%]))"),
    re.compile(r"(\d{1,2})\s*月(?:份|底)?|(上半年)|(全年|整年)"),
    re.compile(r"其中|(\d+[^\d,,。]{0,3})(中|里)"),
    re.compile(r"[一-三]{1,3}(?:区|县)(?:人民)?法院"),
    re.compile(r"增长了?多少|(比|较)(去年|\d{4}年)(同期)?|(上升|升)了?还是(下降|降)"),
    re.compile(r"([一-鿿]{2,4}?)是?(?:怎么|如何)(?:定|算)的?|(?:什么|啥)(身份|标准)"),
    re.compile(r"(?i:写)(一|份)|帮[我你]?写"),
]


@given(
    st.sampled_from(_GATED),
    st.text(
        alphabet="0129年月份底上半全整其中里,一二三区县人民法院增长了多少比较去同期升还是下降写起草份帮我 write"
        "怎么如何定算的什啥身标准是你",
        max_size=14,
    ),
)
def test_a_gated_pattern_finds_what_the_pattern_finds(pattern: re.Pattern[str], text: str) -> None:
    gate = gated(pattern)
    assert gate is not pattern
    assert bool(gate.search(text)) == bool(pattern.search(text))
    assert gate.sub("_", text) == pattern.sub("_", text)
    assert [m.span() for m in gate.finditer(text)] == [m.span() for m in pattern.finditer(text)]
    assert bool(gate.fullmatch(text)) == bool(pattern.fullmatch(text))
    assert gate.findall(text) == pattern.findall(text)
    # What the gate does not speed up is the pattern's own.
    assert gate.split(text) == pattern.split(text)
    assert gate.pattern == pattern.pattern


def test_required_chars_reads_what_every_match_needs() -> None:
    assert required_chars(re.compile("法院|检察院")) == frozenset("法检")
    assert required_chars(re.compile("(?:帮我)?写(一|份)")) == frozenset("写")
    assert required_chars(re.compile(r"\d+年?")) is None  # a digit of any script
    assert required_chars(re.compile("[^a]b?")) is None
    assert required_chars(re.compile("(?=年)")) is None  # a lookahead consumes nothing
    assert required_chars(re.compile("write", re.IGNORECASE)) is None


def test_required_strings_reads_the_words_every_match_needs() -> None:
    assert required_strings(re.compile("法院|检察院")) == frozenset({"法院", "检察院"})
    # Items side by side make their pairs; an optional one breaks the run.
    assert required_strings(re.compile("(?:帮我)?(写|拟)(一|份)")) == frozenset(
        {"写一", "写份", "拟一", "拟份"}
    )
    assert required_strings(re.compile("增长了?多少")) == frozenset({"增长"})
    assert required_strings(re.compile(r"[一-鿿]{2}(?:是)?怎么定")) == frozenset({"怎么定"})
    assert required_strings(re.compile(r"\d+年?")) is None
    assert required_strings(re.compile("(?i:ab)c")) == frozenset({"c"})
    assert required_strings(re.compile("a|")) is None  # the empty branch needs nothing


# Words with characters OpenCC changes only in a phrase (反覆, 瞭解, 藉口, 沈思, 坏土),
# traditional words and simplified ones.
_MIXED_WORDS = ("反覆", "瞭解", "藉口", "沈思", "坏土", "甦醒", "紀委", "結案", "乾隆", "著作")
_MIXED_WORDS += ("了解", "借口", "法院", "的", "是", "多少", "件", "𠮶", "a1", ",")


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_MIXED_WORDS), max_size=6).map("".join))
def test_to_simplified_skips_only_what_opencc_would_keep(text: str) -> None:
    """Skipping OpenCC for a text none of whose characters it changes changes nothing."""
    from bot.text import _convertible, _opencc, to_simplified

    assert _convertible() is not None  # the pinned OpenCC's phrase table: the check is on
    assert to_simplified(text) == _opencc().convert(text)
