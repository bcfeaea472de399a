"""Measure words: the one list of what a count is counted in, and the sets drawn from it.

A Chinese count carries a measure word (3名法官, 两批, 多少件). Reading a question, writing
its numerals in digits, finding the figures of a report and judging whether a figure is
the one asked all need some of them; each takes its set from here, never a list of its own.
"""

from __future__ import annotations

__all__ = [
    "CASES",
    "FIGURE_UNITS",
    "MEASURE_WORDS",
    "NOUN_MEASURES",
    "NUMERAL_MEASURES",
    "PEOPLE",
    "SIZE_UNITS",
    "same_measure",
]

# Every measure word, by what it counts.
PEOPLE = "人名位"  # 200人, 3名法官, 5位代表
CASES = "件宗起项"  # 立案300件, 12宗, 3起, 5项: matters handled, one counted as another
_OCCASIONS = "次场期批"  # 5次, 3场, 2期, 两批: times something was held or done
_PLACES = "家所座户"  # 3家单位, 5所学校, 2座, 100户
_THINGS = "个条篇部册份对节"  # 5个, 3条, 2篇, 1部, 4册, 6份, 8对, 3节
_YEARS = "年"  # 三年: a span of years (2018年 is a date, which the readers of dates tell apart)
MEASURE_WORDS = PEOPLE + CASES + _OCCASIONS + _PLACES + _THINGS + _YEARS

# What a Chinese numeral may count when it is a count to write in digits (三年 → 3年,
# 两批 → 2批): every measure word but 起, for 一起 is "together"; and 月, for the report
# writes its months in digits (三月 → 3月).
NUMERAL_MEASURES = MEASURE_WORDS.replace("起", "") + "月"

# Measure words that come before what they count (5个单位, 3名干部, 2所学校), so the noun
# after a figure names it. The others stand after it (受理案件300件, 开展活动5场,
# 培训民警200人) or count time, and what follows them is the next phrase.
NOUN_MEASURES = frozenset(MEASURE_WORDS) - frozenset("人件宗起次场节年")

# Every unit a figure written in digits may carry, longest first so that a pattern tries
# 人次 before 人 and 个百分点 before 个: the measure words, and units that are not one.
FIGURE_UNITS = tuple(
    sorted(
        {
            *MEASURE_WORDS,
            *("个百分点", "万人次", "人次", "场次", "批次", "万元", "亿元", "万人"),
            *("元", "%", "倍", "天", "例", "栋", "台", "辆", "亩"),
        },
        key=lambda unit: (-len(unit), unit),
    )
)

# Units of length, area, weight, volume and age, longest first: what a question may ask a
# figure in (深中通道多少公里) that a report of agencies' work rarely gives.
SIZE_UNITS = (
    *("平方公里", "平方米", "立方米", "公里", "千米", "公顷", "公斤", "千克", "厘米"),
    *("米", "亩", "吨", "斤", "升", "岁"),
)

# Measure words that count the same things: 件 and 宗 are both cases, 名 and 位 people,
# 人次 and 场次 are times something happened.
_SAME_MEASURE = (
    frozenset(CASES),
    frozenset(PEOPLE),
    frozenset({"次", "人次", "场次", "批次", "万人次"}),
    frozenset({"批", "批次"}),
    frozenset({"场", "场次"}),
    frozenset({"篇", "份"}),  # documents: 34330篇裁判文书, 多少份文书
)


def same_measure(asked: str, unit: str) -> bool:
    """Tell whether a figure's unit counts what a question's measure word asks for."""
    if asked == unit or unit.endswith(asked):
        return True
    if unit == "个" and asked in CASES:
        return True  # 38个问题 asked as 几多宗问题: 个 counts matters too
    return any(asked in group and unit in group for group in _SAME_MEASURE)
