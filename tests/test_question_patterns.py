"""Question patterns written for speed, checked against their plain forms.

Each pattern below has every branch start with a character (a look-behind written after
the character it follows, an alternation in front written out), so that re skips to the
places where a match can start. The plain form is how one would write it first; on any
text of the pattern's own characters the two find the same matches (or, where only
whether it matches is read, match alike).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.question as question

_PLAIN = {
    "_ASKS_NUMBER": (
        r"多少|几|多大|多高|比例|百分|比率|[^效]率|排名|第几|名次|同比|"
        r"增长|上升|下降|增加|减少|金额|数量|人数|件数|总数|总量|数字|规模|多不多|过[万千百十]|破[万千百]|"
        r"[^\s指]数[??]?$|(?<!指)数(?:是|有|为)|量[??]?$|上万|过万|有没有(?:过|超过|达到|到|上)?\d|"
        r"(?:超过|过|破|达到|够|上)\d"
    ),
    "_ASKS_COMPARISON": (
        r"同比|环比|增幅|增速|升幅|降幅|增长率|增长了?多少|上升了?多少|下降了?多少|增长百分之|涨了?多少|"
        r"(比|较|与|跟|同|和)(去年|上年|往年|前年|\d{4}年)(同期)?|(去年|上年)同期|"
        r"(上升|升|增加|增|涨|多)了?还是(下降|降|减少|减|跌|少)"
    ),
    "_ASKS_RANK": r"[第弟]几|排名|名次|排位|位居|排在|排行|排第|居第|前十|前几|前\d+名",
    "_ASKS_WHERE": (
        r"在哪(?!些|几|方面|个方面|一方面|天|日|年|月|一天|一年|个月|时)|哪里(?!的)|哪儿(?!的)|什么地方|地点"
        r"|会场|场地|地址|哪个会议室|位于"
        r"|(?:是|属于?)哪个?[省市县区]|离[^,,。]{1,6}(?:多远|几远)"
    ),
    "_WHICH_MORE": (
        r"哪[个样边类项一]{0,2}[^,,。??]{0,4}(多|少|高|低|大|小)|谁[^,,。??]{0,4}(多|少|高|低)"
        r"|最(多|少|高|低|温和|快|慢)|(多|少|高|低)还是"
    ),
    "_ASKS_NAMES": rf"(?:哪|边)(?:几|些|两|三|四|五|六|七|八|九|十|[2-9]|\d\d)|{question.ASKS_ITEM_BY_ITEM}",
    "_ASKS_DURATION": (
        r"(?<![近这前最哪])(?:几|多少)个?(?:年|月|天|周)(?![份度前后底初]|的?数)|多久|多长时间|多长"
    ),
    "_ASKS_RATE": (
        r"每天|每日|每月|每年|每周|平均每|日均|月均|年均|人均|平均(?:每|一|1)?个?(?:日|天|月|年|周|星期)"
        r"|[一1][日天](?=[^,,。]{0,4}(?:多少|几))|每[期批场次届轮](?=[^,,。]{0,3}(?:多少|几))"
    ),
    "_PER_TIME_RATE": (
        "每天|每日|日均|每月|月均|每周|平均(?:每|一|1)?个?[日天月周]|[一1][日天](?=[^,,。]{0,4}(?:多少|几))"
    ),
    "_COUNTED_UNITS": r"\d+个?(?:单位|机关|部门)",
    "_RELATIVE_WORD": "(?<![目提])前年|去年|上1?一?年|今年|本年|明年|下1年",
    "_BODY": r"第[一二三四五六七八九十\d]+(?:人民)?法院|"
    + question._BODIES.replace(
        "二院(?<![第一]二院)|三院(?<![第一]三院)|四院(?<![第一]四院)|五院(?<![第一]五院)",
        "(?<![第一])[二三四五]院",
    ),
}
# Only whether these match is read, so where a match starts may differ.
_WHETHER_ONLY = {"_ASKS_NUMBER", "_COUNTED_UNITS"}


def _alphabet(plain: str) -> str:
    """Return the characters a pattern's texts are drawn from: its own, and a few others."""
    return "".join(sorted({ch for ch in plain if ch not in "()[]{}?|*+^$\\<!=:"})) + "12 ,。?x"


@pytest.mark.parametrize("name", sorted(_PLAIN))
def test_pattern_finds_what_its_plain_form_finds(name: str) -> None:
    plain = re.compile(_PLAIN[name])
    fast = getattr(question, name)
    alphabet = _alphabet(_PLAIN[name])

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=14))
    def check(text: str) -> None:
        if name in _WHETHER_ONLY:
            assert (fast.search(text) is None) == (plain.search(text) is None)
        else:
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ]

    check()


def test_the_plain_body_pattern_is_the_old_one() -> None:
    """The replacement above took effect: the plain form has the look-behind in front."""
    assert "(?<![第一])[二三四五]院" in _PLAIN["_BODY"]


def test_follow_up_opens_or_ends_as_before() -> None:
    plain = re.compile(
        r"^(那|那么|这么|那个|其中|它|它的|他们|他们的|这个|这项|这些|还有|另外|再问|又|其|咁)|呢[??]?$"
    )
    for text in ("那钱呢", "其中科级干部", "法院受理多少件呢?", "法院受理多少件", "呢个", "还有吗"):
        fast = question._FOLLOW_UP_OPENING.match(text) or question._FOLLOW_UP_ENDING.search(text)
        assert (fast is None) == (plain.search(text) is None)
