"""One list of measure words and one pattern of time, as every stage that reads them sees them."""

from __future__ import annotations

import pytest

from bot.dates import says_when
from bot.knowledge import extract_metrics
from bot.measures import MEASURE_WORDS, same_measure
from bot.question import units_asked
from bot.text import convert_chinese_counts


@pytest.mark.parametrize("measure", MEASURE_WORDS)
def test_every_measure_word_is_read_alike_in_the_report_and_in_a_question(measure: str) -> None:
    figures = extract_metrics(f"今年共办结12{measure},同比增长5%。")
    assert (figures[0].value, figures[0].unit) == (12, measure)
    assert units_asked(f"一共多少{measure}")[0] == measure
    if measure != "起":
        assert convert_chinese_counts(f"共三{measure}") == f"共3{measure}"


def test_a_numeral_before_qi_stays_a_word_and_months_are_written_in_digits() -> None:
    assert convert_chinese_counts("一起研究") == "一起研究"  # together, not one case
    assert convert_chinese_counts("三月召开") == "3月召开"


def test_the_longest_unit_is_read_first() -> None:
    units = [m.unit for m in extract_metrics("培训干部200人次,提高3个百分点,录用15人。")]
    assert units == ["人次", "个百分点", "人"]


def test_measure_words_that_count_the_same_things_match() -> None:
    assert same_measure("件", "宗") and same_measure("宗", "起")
    assert same_measure("名", "位") and same_measure("人", "名")
    assert same_measure("人次", "场次") and same_measure("批", "批次")
    assert same_measure("人", "万人")  # the same measure, scaled
    assert same_measure("宗", "个") and not same_measure("人", "个")  # 个 counts matters too
    assert not same_measure("件", "人") and not same_measure("名", "家")


@pytest.mark.parametrize(
    ("text", "point", "since"),
    [
        ("2018年3月召开", True, True),
        ("于15日印发", True, True),
        ("年底前完成", True, True),
        ("去年开始试点", True, True),
        ("今年以来受理", True, True),
        ("2017年以来累计", False, True),  # the start of a span, not a point
        ("近年以来不断完善", False, True),
        ("建立长效机制", False, False),
    ],
)
def test_a_text_says_when_by_a_point_in_time_or_the_start_of_a_span(
    text: str, point: bool, since: bool
) -> None:
    assert says_when(text) is point
    assert says_when(text, since=True) is since
