"""The one sentence splitter, and the place a report names instead of a hard-coded city."""

from __future__ import annotations

from bot.knowledge.ingest import agency_name
from bot.knowledge.sentences import split_sentences


def test_sentences_end_at_full_stops_and_keep_them() -> None:
    text = "会议召开。6个单位作了交流;反响热烈!还有吗?"
    assert split_sentences(text) == ["会议召开。", "6个单位作了交流;反响热烈!", "还有吗?"]
    assert split_sentences(text, at_semicolons=True)[1:3] == ["6个单位作了交流;", "反响热烈!"]
    assert split_sentences("  ") == []


def test_an_agency_name_may_carry_the_reports_city_whatever_it_is() -> None:
    heading = "珠海市人民政府外事侨务办公室创新服务"  # eleven characters before 办公室
    assert agency_name(heading, place="珠海市") == "珠海市人民政府外事侨务办公室"
    assert agency_name(heading) != "珠海市人民政府外事侨务办公室"
