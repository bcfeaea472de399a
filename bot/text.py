"""Text normalisation and tokenising for Chinese questions and report text."""

from __future__ import annotations

import bisect
import importlib.util
import json
import logging
import math
import re
import threading
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from sys import intern
from typing import Any, cast

from bot.measures import MEASURE_WORDS, NUMERAL_MEASURES

__all__ = [
    "CJK",
    "STOPWORDS",
    "STOP_CHARS",
    "GatedPattern",
    "char_pinyin",
    "chinese_to_int",
    "convert_chinese_counts",
    "dictionary_words",
    "features",
    "gated",
    "is_cjk_pair",
    "is_noun",
    "knowledge_tokenizer",
    "matching_form",
    "normalize",
    "pinyin_key",
    "to_simplified",
    "words_pattern",
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
_CHINESE_COUNT_PATTERN = re.compile(
    rf"(?<![{CHINESE_NUMERAL}第])([{CHINESE_NUMERAL}]+)(?=[{NUMERAL_MEASURES}])"
)


def chinese_to_int(numeral: str) -> int | None:
    """Return the value of a Chinese numeral such as 三千, 两, 十九 or 一百零五."""
    if not numeral or any(
        ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS for ch in numeral
    ):
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
def _opencc() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Convert traditional Chinese characters to simplified ones."""
    if text.isascii():
        return text  # an English question: OpenCC's tables hold Chinese only
    convertible = _convertible()
    if convertible is not None and max(text) < "\U00010000" and convertible.isdisjoint(text):
        return text  # nothing OpenCC would change, alone or in a phrase: most questions
    return str(_opencc().convert(text))


# OpenCC's t2s changes some characters only inside a phrase (反覆 → 反复, 瞭解 → 了解): one
# character of each such phrase that has no character changed alone, read from the phrase
# table (TSPhrases) whose SHA-256 follows. With another table nothing is assumed.
_PHRASE_ONLY = "坏瞭藉覆沈甦哩衹"
_TS_PHRASES_SHA256 = "2b722237cc00a4ac985790deb6a68c99f34de10e980a0029ac82c72b0f7ae22b"


@lru_cache(maxsize=1)
def _convertible() -> frozenset[str] | None:
    """Return the characters of the Basic Multilingual Plane whose presence lets OpenCC's t2s
    change a text, or None when that is not known (another phrase table than the one read).

    Every character is converted alone, all in one call (about 40 ms, once a process); the
    characters only phrases change are added.
    """
    import hashlib

    import opencc

    table = Path(opencc.__file__).parent / "clib" / "share" / "opencc" / "TSPhrases.ocd2"
    try:
        digest = hashlib.sha256(table.read_bytes()).hexdigest()
    except OSError:
        return None
    if digest != _TS_PHRASES_SHA256:
        return None
    characters = [chr(code) for code in range(0x80, 0x10000) if not 0xD800 <= code < 0xE000]
    converted = str(_opencc().convert("\n".join(characters))).split("\n")
    if len(converted) != len(characters):
        return None
    changed = {ch for ch, out in zip(characters, converted, strict=True) if out != ch}
    return frozenset(changed | set(_PHRASE_ONLY))


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


def matching_form(text: str) -> str:
    """Return the form both questions and knowledge are matched in: normalised, counts in digits."""
    return convert_chinese_counts(normalize(text))


# Question words, fillers and time words: they say what kind of answer is wanted,
# never what it is about, so they must not drive a match.
STOPWORDS = frozenset(
    """
    多少 几 多大 多高 多久 多长 多远 是否 是指 指的是 有没有 有无 吗 呢 吧 啊 呀
    么 嘛 哦 哈 请问 请 问 一下 告诉 我 我们 你 你们 您 他 她 它 它们 他们 想 知道 了解 查 查询 看看 看
    说说 讲讲 问问 麻烦 帮 帮忙 自己 自身 咱们 咱 大家 人家 别人 一共 总共 共 共计 合计 总计 累计 大概 大约 约 左右 到底 究竟 具体 情况 怎么样
    如何 怎么 怎样 为何 为什么 什么 啥 哪 哪些 哪个 哪部 哪项 哪几 哪里 哪儿 哪家 何 何时 什么时候 时候 是 有
    的 地 得 了 过 着 和 与 及 或 在 对 把 被 给 向 从 于 为 以 等 等等 之 其 该 这 那 这个 那个 这些 那些 那么
    这是 那是 那 还 又 也 都 就 才 再 呢 今年 去年 本年 年度 全年 目前 现在 至今 截至 以来 以后 期间 其中 另外 还有 然后
    这篇 报道 文章 里 中 上 下 内 外 方面 一些 有些 相关 关于 对于 数 数量 数字 数目 人数 件数 个数 多 少 情形 信息 资料
    请教 谢谢 好 吗? 呢? 么? 个 了吗 了呢 过吗 这么 这样 那样 一共有 因为 所以 而 是不是 不是 是否
    很 挺 非常 比较 特别 真的 一般 通常
    措施 举措 做法 办法 方式 方法 途径 包括 包含 内容 具体 主要 采取 什么样 哪方面 哪几方面
    """.split()
) | {f"几{measure}" for measure in MEASURE_WORDS}
_CJK_RUN = re.compile(f"[{CJK}]+|[a-z]+|\\d+(?:\\.\\d+)?")
# Characters that glue a sentence together and say nothing on their own.
STOP_CHARS = frozenset("的了和与及在对把被给向从于为以等之其该这那是有也都就还又而并且或个")


def features(text: str) -> set[str]:
    """Return the matching features of a text: CJK characters and bigrams, words, numbers."""
    found: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if not ("\u4e00" <= run[0] <= "\u9fff"):
            found.add(intern(run))
            continue
        found.update(intern(ch) for ch in run if ch not in STOP_CHARS)
        # Interned: the same bigram in a thousand paragraphs is one string in memory.
        found.update(intern(run[i : i + 2]) for i in range(len(run) - 1))
    return found


def words_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Return a pattern that finds any of the words, the longest one at each place.

    The words are laid out as a tree of their characters (法院|法官 → 法(?:院|官)): the same
    matches as an alternation of the words longest first, but the engine reads each
    character once instead of trying every word at every place (300 agency names: 2.4 →
    1.0 µs a question).
    """
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def source(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + source(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # A word ending here is the shorter match: tried only when no longer one goes on.
        return f"(?:{body})?" if "" in node else body

    return re.compile(source(tree) or "(?!)")


class GatedPattern:
    """A pattern searched only in texts that hold what every match of it needs.

    Most questions ask no comparison, name no month, set no task: for such a pattern one
    scan for a few characters or words (in C, with no backtracking) answers for the whole
    pattern, which would otherwise try its branches at every place. What is needed is read
    from the pattern itself (`required_chars`, `required_strings`), so the two cannot drift
    apart; each is a gate of its own, and a text must pass all. Whatever else is asked of it
    (match, split, flags …) is the pattern's own.
    """

    __slots__ = ("_also", "_gate", "_pattern")

    def __init__(
        self, pattern: re.Pattern[str], needed: Iterable[str], also: Iterable[str] = ()
    ) -> None:
        self._pattern = pattern
        self._gate = _gate(needed)
        self._also = _gate(also) if also else None

    def __getattr__(self, name: str) -> Any:
        if name in GatedPattern.__slots__:  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self._pattern, name)

    def __repr__(self) -> str:
        return f"gated({self._pattern!r})"

    def _opens(self, text: str) -> bool:
        if self._gate.search(text) is None:
            return False
        return self._also is None or self._also.search(text) is not None

    def search(self, text: str) -> re.Match[str] | None:
        """Return the pattern's first match in a text, as re.Pattern.search."""
        # The gates tried here rather than in _opens: a call less in the commonest use.
        if self._gate.search(text) is None:
            return None
        if self._also is not None and self._also.search(text) is None:
            return None
        return self._pattern.search(text)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        """Return the pattern's match of the whole text, as re.Pattern.fullmatch."""
        return self._pattern.fullmatch(text) if self._opens(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Return the pattern's matches in a text, as re.Pattern.finditer."""
        return self._pattern.finditer(text) if self._opens(text) else iter(())

    def findall(self, text: str) -> list[Any]:
        """Return the pattern's matches in a text, as re.Pattern.findall."""
        return self._pattern.findall(text) if self._opens(text) else []

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        """Return the text with every match replaced, as re.Pattern.sub."""
        return self._pattern.sub(replacement, text) if self._opens(text) else text


def _gate(pieces: Iterable[str]) -> re.Pattern[str]:
    """Return a pattern that finds any of some characters (a class) or strings (a tree)."""
    pieces = sorted(pieces)
    if all(len(piece) == 1 for piece in pieces):
        return re.compile("[" + "".join(re.escape(ch) for ch in pieces) + "]")
    return words_pattern(pieces)


def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """Return a pattern behind gates of what its every match needs, if anything is sure.

    The gated pattern stands in for the pattern (a `GatedPattern`, typed as what it stands
    for): the same matches, found sooner in the texts that cannot hold one.
    """
    strings, chars = required_strings(pattern), required_chars(pattern)
    # Strings of two characters or more are rarer than their characters, mostly (not 多少):
    # a text must hold both what the strings need and what the characters need.
    if not strings or max(map(len, strings)) < 2:
        strings = None  # characters only: the characters' gate says as much
    if strings and chars:
        return cast("re.Pattern[str]", GatedPattern(pattern, strings, chars))
    needed = strings or chars
    return cast("re.Pattern[str]", GatedPattern(pattern, needed)) if needed else pattern


# A gate of more characters than this tells little and costs a longer class to test.
_MOST_GATE_CHARS = 64
# Nor is a gate of more strings than this worth its search.
_MOST_GATE_STRINGS = 256


def _each_branch(branches: Any, read: Callable[[Any], set[str] | None]) -> set[str] | None:
    """Return what every match of an alternation holds: what each branch holds, together;
    None if one branch promises nothing."""
    found: set[str] = set()
    for branch in branches:
        needed = read(branch)
        if needed is None:
            return None
        found |= needed
    return found


def _inside(op: Any, value: Any) -> Any | None:
    """Return the sequence every match of a parsed item runs through whole: a group's, an
    atomic group's, a repeat's of at least one; None for any other item."""
    import re._constants as sre  # type: ignore[import-not-found]

    if op is sre.SUBPATTERN:
        return value[-1]
    if op is sre.ATOMIC_GROUP:
        return value
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and value[0] >= 1:
        return value[2]
    return None


def required_strings(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Return strings one of which every match of a pattern holds; None if none is sure.

    As `required_chars` reads characters, but a run of items side by side that each match
    one of a few strings exactly (a literal, a class of listed characters, an alternation of
    such) makes their concatenations: (写|拟)(一|份) needs 写一, 写份, 拟一 or 拟份, far
    rarer in a question than 写, 拟, 一 or 份. Of a sequence, the run or item whose strings
    are the longest, then the fewest, is taken.
    """
    import re._constants as sre
    import re._parser as parser  # type: ignore[import-not-found]

    def exactly(op: Any, value: Any) -> set[str] | None:
        """Return the strings an item matches, when it matches one of a few exactly."""
        if op is sre.LITERAL:
            return {chr(value)}
        if op is sre.IN:
            chars = set()
            for kind, item in value:
                if kind is not sre.LITERAL:
                    return None
                chars.add(chr(item))
            return chars
        if op is sre.SUBPATTERN:
            return None if value[1] & re.IGNORECASE else exactly_sequence(value[-1])
        if op is sre.BRANCH:
            return _each_branch(value[1], exactly_sequence)
        return None

    def exactly_sequence(items: Any) -> set[str] | None:
        found = {""}
        for op, value in items:
            strings = exactly(op, value)
            if strings is None or len(found) * len(strings) > _MOST_GATE_STRINGS:
                return None
            found = {a + b for a in found for b in strings}
        return found

    def held(op: Any, value: Any) -> set[str] | None:
        """Return strings one of which every match of an item holds."""
        if op is sre.SUBPATTERN and value[1] & re.IGNORECASE:
            return None
        if op is sre.BRANCH:
            return _each_branch(value[1], held_sequence)
        inner = _inside(op, value)
        return exactly(op, value) if inner is None else held_sequence(inner)

    def better(a: set[str] | None, b: set[str] | None) -> set[str] | None:
        if a is None or not a or len(a) > _MOST_GATE_STRINGS:
            return b
        if b is None:
            return a
        return a if (-min(map(len, a)), len(a)) < (-min(map(len, b)), len(b)) else b

    def held_sequence(items: Any) -> set[str] | None:
        best: set[str] | None = None
        for op, value in items:
            best = better(held(op, value), best)
        # Runs of items that each match one of a few strings exactly, side by side.
        for start in range(len(items)):
            found = {""}
            for op, value in items[start:]:
                strings = exactly(op, value)
                if strings is None or len(found) * len(strings) > _MOST_GATE_STRINGS:
                    break
                found = {a + b for a in found for b in strings}
                best = better(found, best)
        return best

    if pattern.flags & re.IGNORECASE:
        return None
    try:
        needed = held_sequence(list(parser.parse(pattern.pattern, pattern.flags)))
    except (AttributeError, TypeError, ValueError):  # another Python's parser: no gate
        return None
    if not needed or "" in needed or len(needed) > _MOST_GATE_STRINGS:
        return None
    return frozenset(needed)


def required_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Return characters one of which every match of a pattern holds; None if none is sure.

    Read from the parsed pattern: a literal, a class of listed characters, a group, each
    branch of an alternation and a repeat of at least one hold their characters; of a
    sequence, the item of the fewest. Lookarounds, negated classes, categories (\\d) and
    case-insensitive patterns promise nothing.
    """
    import re._constants as sre
    import re._parser as parser

    def of_class(items: list[tuple[Any, Any]]) -> set[str] | None:
        found: set[str] = set()
        for op, value in items:
            if op is sre.LITERAL:
                found.add(chr(value))
            elif op is sre.RANGE and value[1] - value[0] < _MOST_GATE_CHARS:
                found.update(chr(code) for code in range(value[0], value[1] + 1))
            else:
                return None
        return found

    def of_item(op: Any, value: Any) -> set[str] | None:
        if op is sre.LITERAL:
            return {chr(value)}
        if op is sre.IN:
            return of_class(value)
        if op is sre.BRANCH:
            return _each_branch(value[1], of_sequence)
        inner = _inside(op, value)
        return None if inner is None else of_sequence(inner)

    def of_sequence(items: Any) -> set[str] | None:
        best: set[str] | None = None
        for op, value in items:
            needed = of_item(op, value)
            if needed is not None and (best is None or len(needed) < len(best)):
                best = needed
        return best

    if pattern.flags & re.IGNORECASE:
        return None
    try:
        needed = of_sequence(parser.parse(pattern.pattern, pattern.flags))
    except (AttributeError, TypeError, ValueError):  # another Python's parser: no gate
        return None
    if not needed or len(needed) > _MOST_GATE_CHARS:
        return None
    return frozenset(needed)


# Most questions hold no Chinese numeral at all.
_CHINESE_COUNT = gated(_CHINESE_COUNT_PATTERN)


@lru_cache(maxsize=65536)
def char_pinyin(ch: str) -> str:
    """Return a character's first reading without tone: 院 → yuan, 阮 → ruan."""
    readings = _readings().get(ord(ch)) if "\u4e00" <= ch <= "\u9fff" else None
    if not readings:
        return ch
    first = unicodedata.normalize("NFKD", readings.split(",")[0])
    return "".join(c for c in first if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _readings() -> dict[int, str]:
    """Return pypinyin's per-character readings, read from its data file.

    Importing pypinyin itself would load its 40 MB phrase dictionary, which single
    characters do not need.
    """
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {int(code): str(readings) for code, readings in data.items()}


@lru_cache(maxsize=65536)
def pinyin_key(word: str) -> tuple[str, ...]:
    """Return a word's readings, one per character: 政协 → ('zheng', 'xie')."""
    return tuple(char_pinyin(ch) for ch in word)


_BASE_TOKENIZER: Any = None


def _base_tokenizer() -> Any:
    global _BASE_TOKENIZER
    if _BASE_TOKENIZER is None:
        import jieba

        # Once, before the dictionary loads: setting a level clears every logger's cache,
        # which typo correction's look-ups (is_rare_word) would pay a word at a time.
        jieba.setLogLevel(logging.WARNING)
        base = _segmenter_class()()
        base.initialize()
        _BASE_TOKENIZER = base
        dictionary_words()  # before any knowledge word joins it
    return _BASE_TOKENIZER


# A log probability is at most 0: these two mark a piece that is no word, in the segmenter's
# table of recent pieces.
_ONLY_A_PREFIX = 1.0  # some longer word starts with it
_NO_WORD_STARTS = 2.0  # no word of the dictionary starts with it


@lru_cache(maxsize=1)
def _segmenter_class() -> Any:
    """Return jieba's Tokenizer with its cut written for speed, same cuts.

    Every question is cut once or twice; jieba spends most of a cut in generators, in
    building the graph of dictionary words (two look-ups per step) and in choosing the
    likeliest route (a generator and max() per character). `lcut` here does the same steps
    in plain loops: one right-to-left pass finds each position's words and the best route
    from it, keeping jieba's tie-breaking (max of (log probability, end)); a run of
    characters no word covers goes to jieba's HMM as before, remembered since such runs
    recur (收了几多). jieba is pinned below 0.43, where these steps have had this form since
    2013; tests/test_text.py checks the cuts against jieba's own.
    """
    import jieba
    from jieba import finalseg

    han, skip, latin = jieba.re_han_default, jieba.re_skip_default, jieba.re_eng

    @lru_cache(maxsize=4096)
    def unknown_run(run: str) -> tuple[str, ...]:
        return tuple(finalseg.cut(run))

    class Segmenter(jieba.Tokenizer):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            # (the total the log probabilities were computed with, piece → log probability)
            self._recent: tuple[int, dict[str, float]] = (0, {})

        def lcut(
            self, sentence: str, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False
        ) -> list[str]:
            if cut_all or use_paddle or not isinstance(sentence, str):
                return list(self.cut(sentence, cut_all, HMM, use_paddle))
            self.check_initialized()
            words: list[str] = []
            # split() with a group alternates between the text around runs and the runs.
            for number, block in enumerate(han.split(sentence)):
                if number % 2:
                    self._cut_run(block, words, HMM)
                elif block:
                    for part in skip.split(block):
                        if skip.match(part):
                            words.append(part)
                        else:
                            words.extend(part)
            return words

        def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
            super().add_word(word, freq, tag)
            self._recent = (0, {})  # every word's probability moves with the total
            unknown_run.cache_clear()  # del_word (freq 0) makes jieba's HMM split a word

        def _ends(self, sentence: str) -> list[int]:
            """Return, per position, where the likeliest route's first word from it ends."""
            n = len(sentence)
            get, log = self.FREQ.get, math.log
            logtotal = log(self.total)
            # The dictionary's half a million entries are scattered through memory; the few
            # thousand pieces questions are made of are looked up again and again, so they
            # are kept in a small table of their own, as log probabilities.
            total, recent = self._recent
            if total != self.total or len(recent) > 20_000:
                recent = {}
                self._recent = (self.total, recent)
            best_prob = [0.0] * (n + 1)
            best_end = [0] * (n + 1)
            lookup, no_word, only_a_prefix = recent.get, _NO_WORD_STARTS, _ONLY_A_PREFIX
            alone = log(1) - logtotal  # a character no word starts with, as frequency 1
            unset = -math.inf  # every word's route is finite: still unset, no word starts here
            for k in range(n - 1, -1, -1):
                top, end = unset, k
                i = k
                frag = sentence[k]
                while True:
                    logp = lookup(frag)
                    if logp is None:
                        freq = get(frag)
                        if freq is None:
                            logp = no_word
                        else:
                            logp = log(freq) - logtotal if freq else only_a_prefix
                        recent[frag] = logp
                    if logp == no_word:
                        break
                    if logp != only_a_prefix:
                        prob = logp + best_prob[i + 1]
                        if prob >= top:  # of equal routes, the longer first word (as max())
                            top, end = prob, i
                    i += 1
                    if i >= n:
                        break
                    frag = sentence[k : i + 1]
                if top == unset:
                    top = alone + best_prob[k + 1]
                best_prob[k], best_end[k] = top, end
            return best_end

        def _cut_run(self, sentence: str, words: list[str], hmm: bool) -> None:
            ends = self._ends(sentence)
            n = len(sentence)
            x = 0
            buf = ""
            if not hmm:
                while x < n:
                    y = ends[x] + 1
                    word = sentence[x:y]
                    if y - x == 1 and latin.match(word):
                        buf += word
                    else:
                        if buf:
                            words.append(buf)
                            buf = ""
                        words.append(word)
                    x = y
                if buf:
                    words.append(buf)
                return
            freq = self.FREQ
            while x < n:
                y = ends[x] + 1
                if y - x == 1:
                    buf += sentence[x]
                else:
                    if buf:
                        self._flush(buf, words, freq)
                        buf = ""
                    words.append(sentence[x:y])
                x = y
            if buf:
                self._flush(buf, words, freq)

        @staticmethod
        def _flush(buf: str, words: list[str], freq: dict[str, int]) -> None:
            if len(buf) == 1:
                words.append(buf)
            elif not freq.get(buf):
                words.extend(unknown_run(buf))
            else:
                words.extend(buf)

    return Segmenter


def is_cjk_pair(pair: str) -> bool:
    """Tell whether both characters of a pair are Chinese (as a full match of [CJK]{2}, sooner)."""
    return "\u4e00" <= pair[0] <= "\u9fff" and "\u4e00" <= pair[1] <= "\u9fff"


def is_rare_word(word: str) -> bool:
    """Tell whether jieba's dictionary has a word only as a rarity (书纪, 观查: a handful of
    uses in its corpus), which in a question is likelier a typo than meant."""
    uses: int = _base_tokenizer().FREQ.get(word, 0)
    return 0 < uses < _RARE


_RARE = 10


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Return the words of 2 to 4 characters in jieba's own dictionary, as shipped."""
    return frozenset(w for w, f in _base_tokenizer().FREQ.items() if f > 0 and 2 <= len(w) <= 4)


def knowledge_tokenizer(words: Iterable[tuple[str, int]]) -> Any:
    """Return jieba's tokenizer with the knowledge's own words added (names, labels …).

    One tokenizer serves the process: jieba's dictionary is read once, and each knowledge
    load adds its words. A word a reload removed stays known to the segmenter, which only
    keeps it in one piece; matching never relies on it.
    """
    tokenizer = _base_tokenizer()
    with _TOKENIZER_LOCK:
        for word, freq in words:
            if tokenizer.FREQ.get(word, 0) < freq:
                tokenizer.add_word(word, freq)
    return tokenizer


_TOKENIZER_LOCK = threading.Lock()


def place_names() -> frozenset[str]:
    """Return the place names jieba's dictionary knows (tag ns): 上海, 佛山, 珠海市 …"""
    return _tagged_words()[0]


@lru_cache(maxsize=16384)  # words recur; a binary search of 150,000 hashes is slow in a busy cache
def is_noun(word: str) -> bool:
    """Tell whether jieba's dictionary tags a word of two to four characters as a noun."""
    hashes = _tagged_words()[1]
    key = hash(word)
    at = bisect.bisect_left(hashes, key)
    return at < len(hashes) and hashes[at] == key


# jieba's tags for nouns and what acts as one: 刑事 (b, distinguishing), 场地 (s, place).
_NOUN_TAGS = frozenset({"n", "nz", "nt", "ng", "b", "s", "vn"})


@lru_cache(maxsize=1)
def _tagged_words() -> tuple[frozenset[str], array[int]]:
    """Read jieba's dictionary once for its place names and its nouns.

    The nouns (about 150,000) are kept as a sorted array of their hashes: a few megabytes
    less than a set of strings, and a lookup is a binary search.
    """
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    places: set[str] = set()
    nouns: set[int] = set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) != 3 or not 2 <= len(parts[0]) <= 4:
                continue
            if parts[2] == "ns":
                places.add(parts[0])
            elif parts[2] in _NOUN_TAGS:
                nouns.add(hash(parts[0]))
    return frozenset(places), array("q", sorted(nouns))
