"""Words that say when: the one pattern of a point in time, which retrieval and decision share."""

from __future__ import annotations

import re

__all__ = ["DATE", "POINT_IN_TIME", "says_when"]

# A point in time a text can give: a year, a month, a day, a part of a year, 去年.
# 2018年以来 starts a span and names no point; 今年以来 names this year.
POINT_IN_TIME = re.compile(
    r"(?:19|20)\d{2}年(?!以来)|\d{1,2}月|\d+日|今年初|年初|年中|年底|去年|今年以来|初期|之初"
)
# Any date a text gives: a point in time, the year a span starts (2015年以来), or a span
# back from now (近三年), which names no point. A date governs the clauses after it until
# the next one: 2017年…,近三年…建立近70个联络站 dates the stations by no year.
DATE = re.compile(
    rf"{POINT_IN_TIME.pattern}|(?:19|20)\d{{2}}年以来|近[一二两三四五六七八九十\d]+年"
)


def says_when(text: str, *, since: bool = False) -> bool:
    """Tell whether a text gives a point in time, or with `since` also the start of a span."""
    return bool(POINT_IN_TIME.search(text)) or (since and "以来" in text)
