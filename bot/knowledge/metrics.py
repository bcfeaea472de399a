"""Extract every figure of a paragraph as a structured metric."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.knowledge.schema import Comparison, Metric
from bot.measures import FIGURE_UNITS, NOUN_MEASURES, NUMERAL_MEASURES
from bot.text import CHINESE_NUMERAL, chinese_to_int

__all__ = ["ExtractedMetric", "extract_metrics", "find_periods"]

_UNITS = "|".join(FIGURE_UNITS)
# Measure words a count in Chinese numerals may carry: 三年, 两批, 五个.
_NUMERAL_UNITS = frozenset(NUMERAL_MEASURES)
_FIGURE = re.compile(
    rf"(?P<pre>近|约|超过|超|逾|不到)?"
    rf"(?P<num>\d+(?:\.\d+)?|[{CHINESE_NUMERAL}]+)"
    rf"(?P<post>多|余)?"
    rf"(?P<unit>{_UNITS})"
)
_RANK = re.compile(r"第(\d+)")
_COMPARISON = re.compile(
    r"(?P<basis>同比|环比|比上年|较上年|比去年|较去年)"
    r"(?P<direction>上升|增长|下降|减少|提高|增加|降低|上涨)了?"
    r"(?P<num>\d+(?:\.\d+)?)(?P<unit>%|个百分点|倍)"
)
_PERIOD = re.compile(
    r"今年(?:以来|初|年初|年底|上半年|下半年|\d+(?:-\d+)?月份?(?:以来)?)?"
    r"|(?<![\d.])\d{4}年(?:底至\d{4}年|\d+(?:-\d+)?月份?|以来|起|开始|初|底|上半年|下半年)?"
    rf"|近[{CHINESE_NUMERAL}\d]+年(?:来)?"
    rf"|[{CHINESE_NUMERAL}\d]+年多?来"
    r"|去年(?:以来|同期)?|全年"
)
# A count of years that names a plan, not a figure: 三年行动方案, 五年规划.
_PLAN_NAME = re.compile(r"行动|规划|计划|规定|精神")
_RESPECTIVELY = re.compile(r"分别(?:为|是|达到?|居|排|列|占)?")
# Words that join a label to its figure but belong to neither.
_LEAD_WORDS = (
    "其中",
    "共计",
    "累计",
    "总共",
    "共",
    "全市",
    "先后",
    "已",
    "还",
    "并",
    "和",
    "及",
    "、",
    "在",
    "了",
    "均",
    "分别",
    "通过",
    "同时",
    "为",
    "对",
    "向",
    "将",
    "又",
    "再",
    "另",
    "本报",
    "今日",
    "把这",
    "把",
)
_TRAIL_WORDS = (
    "分别为",
    "均达",
    "达到",
    "共计",
    "累计",
    "总量",
    "总数",
    "保持",
    "约",
    "超过",
    "共",
    "达",
    "为",
    "了",
    "的",
    "有",
    "是",
    "近",
    "计",
    "对",
    "与",
    "向",
    "把",
    "这",
    "那",
)
_PREDICATES = ("为", "是", "占", "相当于")
_BOUNDARY = ",,;;。!?!?::"
_OPENING = "((【["
_CLOSING = "))】]"


@dataclass(frozen=True, slots=True)
class ExtractedMetric(Metric):
    """A figure found in a paragraph: a `Metric` with no id yet, and where it stands."""

    start: int = 0
    end: int = 0


@dataclass(slots=True)
class _Figure:
    start: int
    end: int
    value: float
    unit: str
    qualifier: str | None
    depth: int
    clause_start: int = 0
    clause_end: int = 0
    label: str = ""
    noun: str = ""  # what a measure word counts: 19名 → 第一书记
    comparison: Comparison | None = None
    rank: int | None = None


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """Return the time expressions of a text: 今年1-9月份, 2017年以来, 一年来 …"""
    return [(m.start(), m.end(), m.group(0)) for m in _PERIOD.finditer(text)]


def extract_metrics(text: str, *, subjects: tuple[str, ...] = ()) -> list[ExtractedMetric]:
    """Return every figure of a paragraph with its label, period, comparison and rank.

    `subjects` are names of the paragraph's agency ("市委组织部", "该法院") that a label
    should not start with.
    """
    periods = find_periods(text)
    comparisons = list(_COMPARISON.finditer(text))
    depth = _paren_depths(text)
    quoted = _quoted_mask(text)
    taken = [False] * (len(text) + 1)
    for start, end, _ in periods:
        for i in range(start, end):
            taken[i] = True
    for m in comparisons:
        for i in range(m.start(), m.end()):
            taken[i] = True

    figures: list[_Figure] = []
    for m in _FIGURE.finditer(text):
        if _skip_figure(text, m, taken, quoted):
            continue
        num = m.group("num")
        value = float(num) if num[0].isdigit() else float(chinese_to_int(num) or 0)
        qualifier = m.group("pre") or m.group("post")
        figures.append(
            _Figure(m.start(), m.end(), value, m.group("unit"), qualifier, depth[m.start()])
        )

    for fig in figures:
        fig.clause_start, fig.clause_end = _clause_span(text, fig.start, depth)
        if text.startswith(_PREDICATES, fig.clause_start) and fig.clause_start > 1:
            # 为全省人均结案253件的2.14倍 needs its subject from the clause before.
            fig.clause_start = _clause_span(text, fig.clause_start - 2, depth)[0]
    _attach_comparisons(text, figures, comparisons, depth)
    _attach_ranks(text, figures, depth, taken)
    for i, fig in enumerate(figures):
        if fig.unit in NOUN_MEASURES and _phrase_start(text, figures, i) == fig.end:
            fig.noun = _leading_noun(_right_phrase(text, figures, i))
    for i, fig in enumerate(figures):
        fig.label = _label(text, figures, i, periods, subjects)
    _label_respectively(text, figures)

    return [
        ExtractedMetric(
            id="",  # the knowledge names it
            label=fig.label,
            value=fig.value,
            unit=fig.unit,
            clause=text[fig.clause_start : fig.clause_end],
            qualifier=fig.qualifier,
            period=_period_of(text, fig.start, periods),
            comparison=fig.comparison,
            rank=fig.rank,
            start=fig.start,
            end=fig.end,
        )
        for fig in figures
    ]


def _skip_figure(text: str, m: re.Match[str], taken: list[bool], quoted: list[bool]) -> bool:
    """Tell whether a match is a date, a range, a formula, a name or a vague 'one'."""
    start, end = m.start("num"), m.end()
    if any(taken[start:end]):
        return True
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in "-+~～第" or after in "-+~～" or before.isdigit():
        return True
    if m.group("unit") == "年" and (after in "以来起底初" or len(m.group("num")) == 4):
        return True  # a date (2017年) or a period (三年来), not a count of years
    num = m.group("num")
    if num[0].isdigit():
        return False
    value = chinese_to_int(num)
    if value is None or value <= 1 or quoted[start]:
        return True  # 一批 is vague; “五个中山” is a name
    if m.group("unit") not in _NUMERAL_UNITS:
        return True
    return bool(_PLAN_NAME.match(text, end))


def _paren_depths(text: str) -> list[int]:
    depths, depth = [], 0
    for ch in text:
        if ch in _OPENING:
            depth += 1
        depths.append(depth)
        if ch in _CLOSING and depth:
            depth -= 1
    depths.append(depth)
    return depths


def _quoted_mask(text: str) -> list[bool]:
    mask, curly, straight = [], 0, False
    for ch in text:
        if ch == "“":
            curly += 1
        elif ch == "”" and curly:
            curly -= 1
        elif ch == '"':
            straight = not straight
        mask.append(curly > 0 or straight)
    mask.append(False)
    return mask


def _clause_span(text: str, pos: int, depth: list[int]) -> tuple[int, int]:
    """Return the clause around a position: between boundaries at its own depth."""
    level = depth[pos]
    start = pos
    while start > 0:
        ch = text[start - 1]
        if depth[start - 1] < level or (depth[start - 1] == level and ch in _BOUNDARY):
            break
        start -= 1
    end = pos
    while end < len(text):
        ch = text[end]
        if depth[end] < level or (depth[end] == level and ch in _BOUNDARY + _CLOSING):
            break
        end += 1
    while start < end and text[start] in _OPENING + " ":
        start += 1
    return start, end


def _attach_comparisons(
    text: str, figures: list[_Figure], comparisons: list[re.Match[str]], depth: list[int]
) -> None:
    """Give each 同比… to the figure it follows at the same depth, and widen its clause."""
    for m in comparisons:
        owner = None
        for fig in figures:
            if fig.end <= m.start() and fig.depth == depth[m.start()]:
                between = text[fig.end : m.start()]
                if not any(ch in "。;;" for ch in between):
                    owner = fig
        if owner is None or owner.comparison is not None:
            continue
        owner.comparison = Comparison(
            basis=m.group("basis"),
            direction=m.group("direction"),
            value=float(m.group("num")),
            unit=m.group("unit"),
        )
        owner.clause_end = max(owner.clause_end, m.end())


def _attach_ranks(text: str, figures: list[_Figure], depth: list[int], taken: list[bool]) -> None:
    """Give 居第9 (or 分别居第9和第6) to the figures it ranks."""
    ranks = [m for m in _RANK.finditer(text) if not taken[m.start()]]
    if not ranks:
        return
    clauses: dict[tuple[int, int], list[re.Match[str]]] = {}
    for m in ranks:
        if m.end() < len(text) and text[m.end()].isdigit():
            continue
        clauses.setdefault(_clause_span(text, m.start(), depth), []).append(m)
    for (clause_start, clause_end), found in clauses.items():
        earlier = [f for f in figures if f.end <= clause_start and f.rank is None]
        # Figures in a sentence before the rank, most recent last.
        sentence_start = max(text.rfind(ch, 0, clause_start) for ch in "。;;!?") + 1
        earlier = [f for f in earlier if f.start >= sentence_start]
        targets = earlier[-len(found) :] if len(earlier) >= len(found) else []
        for fig, m in zip(targets, found, strict=False):
            fig.rank = int(m.group(1))
            fig.clause_end = max(fig.clause_end, clause_end)


def _label(
    text: str,
    figures: list[_Figure],
    index: int,
    periods: list[tuple[int, int, str]],
    subjects: tuple[str, ...],
) -> str:
    """Name what a figure counts from the words around it.

    The words before a figure usually name it (立案查处448人); a measure word is
    followed by the noun it counts (精准选派19名第一书记); a subject list ending in 等
    is completed by what follows (学校、机关等37批…走进法院).
    """
    fig = figures[index]
    left_start = fig.clause_start
    for other in figures[:index]:
        if left_start < other.end <= fig.start and other.depth == fig.depth:
            # The noun a measure word counts belongs to that figure, not to this one.
            left_start = min(other.end + len(other.noun), fig.start)
    left = _clean(_drop_periods(text, left_start, fig.start, periods), subjects)
    phrase = _right_phrase(text, figures, index)
    if fig.unit == "倍" and len(left) <= 1:
        segment_start = max(text.rfind(ch, 0, fig.start) for ch in _BOUNDARY) + 1
        whole = _drop_figures(text, max(segment_start, fig.clause_start), fig.end, figures)
        return _clean(whole, subjects) + "的倍数"
    if left.endswith("等"):
        return _clean(left + phrase, subjects)
    if fig.noun:
        rest = phrase[len(fig.noun) :] if len(left) <= 1 else ""
        return _clean(left + fig.noun + rest, subjects)
    if len(left) <= 2 and phrase:
        return _clean(left + phrase, subjects)
    return left or fig.unit


def _phrase_start(text: str, figures: list[_Figure], index: int) -> int:
    """Return where the words after a figure (or a run of adjacent figures) begin."""
    fig = figures[index]
    pos = fig.end
    for other in figures[index + 1 :]:
        gap = text[pos : other.start]
        if other.start >= fig.clause_end or gap not in ("", "共", "、", "和"):
            break
        pos = other.end
    return pos


def _right_phrase(text: str, figures: list[_Figure], index: int) -> str:
    """Return the words after a figure up to the next boundary or figure."""
    fig = figures[index]
    pos = _phrase_start(text, figures, index)
    end = pos
    starts = {f.start for f in figures}
    while end < len(text) and text[end] not in _BOUNDARY + _OPENING + _CLOSING:
        if end in starts:
            break
        end += 1
    phrase = text[pos : min(end, max(fig.clause_end, pos))]
    return phrase.split("中", 1)[0][:16]


def _leading_noun(phrase: str) -> str:
    """Return the noun phrase a phrase opens with (干部、班子成员专题研讨班), or ''."""
    if not phrase or phrase[0] in ",,;;。、":
        return ""
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    end, seen_noun, pos = 0, False, 0
    for token in jieba.posseg.lcut(phrase):
        word, flag = token.word, token.flag
        pos += len(word)
        if flag.startswith("n") or flag in ("vn", "j"):
            seen_noun, end = True, pos
        elif word in '“”"' and word:
            if seen_noun and word in '”"':
                end = pos
        elif word == "、" and seen_noun:
            continue
        elif seen_noun:
            break
    return phrase[:end]


def _drop_figures(text: str, start: int, end: int, figures: list[_Figure]) -> str:
    spans = [(f.start, f.end) for f in figures]
    return "".join(text[i] for i in range(start, end) if not any(s <= i < e for s, e in spans))


def _drop_periods(text: str, start: int, end: int, periods: list[tuple[int, int, str]]) -> str:
    kept = []
    for i in range(start, end):
        if not any(p_start <= i < p_end for p_start, p_end, _ in periods):
            kept.append(text[i])
    return "".join(kept)


def _clean(label: str, subjects: tuple[str, ...]) -> str:
    """Strip subjects, joining words and stray punctuation from a label's ends."""
    label = label.strip(" ,,、;;()()")
    changed = True
    while changed and label:
        changed = False
        for subject in subjects:
            if label.startswith(subject) and len(label) > len(subject):
                label, changed = label[len(subject) :], True
        for word in _LEAD_WORDS:
            if label.startswith(word) and len(label) > len(word):
                label, changed = label[len(word) :], True
        for word in _TRAIL_WORDS:
            if label.endswith(word) and len(label) > len(word):
                label, changed = label[: -len(word)], True
        label = label.strip(" ,,、;;()()")
    return label


def _label_respectively(text: str, figures: list[_Figure]) -> None:
    """Name figures after 分别为 by the items they belong to: 市长信箱事项…办结率."""
    for m in _RESPECTIVELY.finditer(text):
        after = [f for f in figures if f.start >= m.end() and f.start <= m.end() + 1]
        if not after:
            continue
        clause_start = after[0].clause_start
        group = [f for f in figures if f.clause_start == clause_start and f.start >= m.end()]
        topic = text[clause_start : m.start()].strip(" ,,")
        sentence_start = max(text.rfind(ch, 0, clause_start) for ch in "。;;!?") + 1
        earlier = [f for f in figures if sentence_start <= f.start < clause_start]
        earlier = earlier[-len(group) :]
        if len(earlier) != len(group) or not topic:
            continue
        for owner, fig in zip(earlier, group, strict=True):
            fig.label = f"{owner.label}{topic}"
            fig.clause_start = min(fig.clause_start, earlier[0].clause_start)


def _period_of(text: str, pos: int, periods: list[tuple[int, int, str]]) -> str | None:
    """Return the nearest time expression before a figure in its sentence.

    A sentence that opens with 其中 details the previous one and shares its period.
    """
    sentence_start = max(text.rfind(ch, 0, pos) for ch in "。!?") + 1
    while True:
        found = [p for p in periods if sentence_start <= p[0] < pos]
        if found:
            return found[-1][2]
        if not text.startswith("其中", sentence_start) or sentence_start == 0:
            return None
        pos = sentence_start - 1
        sentence_start = max(text.rfind(ch, 0, pos) for ch in "。!?") + 1
