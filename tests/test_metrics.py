"""Every figure of the seed is extracted with the right value, unit, qualifier and comparison."""

from __future__ import annotations

import pytest

from bot.knowledge import Knowledge, extract_metrics
from bot.knowledge.ingest import parse_report
from tests.conftest import SEED

# Every figure of the report that has a unit, percent, multiple or rank, per section, in
# reading order: (figure as written, value, unit, qualifier, comparison, rank).
EXPECTED: dict[str, list[tuple[str, float, str, str | None, str | None, int | None]]] = {
    "lead": [
        ("6个", 6, "个", None, None, None),
        ("6个", 6, "个", None, None, None),
        ("2个", 2, "个", None, None, None),
        ("8个", 8, "个", None, None, None),
    ],
    "jiwei": [
        ("14人", 14, "人", None, "同比增长40%", None),
        ("5人", 5, "人", None, None, None),
        ("6人", 6, "人", None, None, None),
        ("448人", 448, "人", None, "同比上升37.8%", None),
        ("57人", 57, "人", None, "同比上升171.4%", None),
        ("137人", 137, "人", None, "同比上升153.7%", None),
        ("358件", 358, "件", None, "同比增长31.1%", None),
        ("314人", 314, "人", None, "同比上升19.4%", None),
        ("38个", 38, "个", None, None, None),
        ("33人", 33, "人", None, None, None),
        ("17人", 17, "人", None, None, None),
        ("4人", 4, "人", None, None, None),
        ("200多人次", 200, "人次", "多", None, None),
        ("15名", 15, "名", None, None, None),
    ],
    "renda": [
        ("20件", 20, "件", None, None, None),
        ("14件", 14, "件", None, None, None),
        ("5个", 5, "个", None, None, None),  # 五个方面
        ("13条", 13, "条", None, None, None),
        ("4部", 4, "部", None, None, None),
        ("8项", 8, "项", None, None, None),
        ("15项", 15, "项", None, None, None),
        ("近400人次", 400, "人次", "近", None, None),
        ("近70个", 70, "个", "近", None, None),
        ("100%", 100, "%", None, None, None),
    ],
    "zhengxie": [
        ("49个", 49, "个", None, None, None),
        ("26个", 26, "个", None, None, None),
        ("14个", 14, "个", None, None, None),
        ("150多万元", 150, "万元", "多", None, None),
        ("3家", 3, "家", None, None, None),
        ("3个", 3, "个", None, None, None),  # 三个“1+2+N”系列
        ("28年", 28, "年", None, None, None),
    ],
    "shuiwu": [
        ("3年", 3, "年", None, None, None),  # 连续三年
        ("40多项", 40, "项", "多", None, None),
    ],
    "shiweiban": [
        ("4个", 4, "个", None, None, None),  # 四个方面重要要求
        ("3人", 3, "人", None, None, None),
    ],
    "zhengfuban": [
        ("393件", 393, "件", None, None, None),
        ("100%", 100, "%", None, None, None),
        ("148宗", 148, "宗", None, None, None),
        ("44条", 44, "条", None, None, None),
        ("100%", 100, "%", None, None, None),
        ("5154项", 5154, "项", None, None, None),
        ("67件", 67, "件", None, None, None),
        ("93.9%", 93.9, "%", None, None, None),
        ("92.5%", 92.5, "%", None, None, None),
    ],
    "zuzhibu": [
        ("2批", 2, "批", None, None, None),  # 两批
        ("43名", 43, "名", None, None, None),
        ("150多人次", 150, "人次", "多", None, None),
        ("8期", 8, "期", None, None, None),
        ("6300多场次", 6300, "场次", "多", None, None),
        ("235期", 235, "期", None, None, None),
        ("19360人次", 19360, "人次", None, None, None),
        ("19名", 19, "名", None, None, None),
        ("1.8亿元", 1.8, "亿元", None, None, None),
    ],
    "fayuan": [
        ("81878件", 81878, "件", None, None, 9),
        ("63266件", 63266, "件", None, None, 6),
        ("3000多家", 3000, "家", "多", None, None),  # 三千多家
        ("541件", 541, "件", None, None, None),
        ("253件", 253, "件", None, None, None),
        ("2.14倍", 2.14, "倍", None, None, None),
        ("103对", 103, "对", None, None, None),
        ("169批次", 169, "批次", None, None, None),
        ("934人", 934, "人", None, None, None),
        ("59663人次", 59663, "人次", None, None, None),
        ("25193件", 25193, "件", None, None, None),
        ("2229件", 2229, "件", None, None, None),
        ("1135位", 1135, "位", None, None, None),
        ("2809.08万元", 2809.08, "万元", None, None, None),
        ("2269件", 2269, "件", None, None, None),
        ("30916件", 30916, "件", None, None, None),
        ("20966名", 20966, "名", None, None, None),
        ("34330篇", 34330, "篇", None, None, None),
        ("546件", 546, "件", None, None, None),
        ("87830批次", 87830, "批次", None, None, None),
        ("117名", 117, "名", None, None, None),
        ("13685件", 13685, "件", None, None, None),
        ("100%", 100, "%", None, None, None),
        ("37批", 37, "批", None, None, None),
        ("近3500人", 3500, "人", "近", None, None),
    ],
}

# Numbers in the report that are not figures, and must not become metrics.
NOT_METRICS = {
    "jiwei": ["1-9月份", "三年行动方案", "七个有之", "八项规定", "八小时以外"],
    "renda": ["2017年以来", "2015年以来", "2016年底至2017年", "近三年", "今年8月", "一府两院"],
    "zhengxie": ["1+2+N", "1+N", "五个点"],
    "shuiwu": ["2018年", "2016年", "2017年起", "一网一端四平台", "三大指数"],
    "shiweiban": ["四个走在全国前列", "两个重要窗口", "三个定位", "五个中山", "五大工作机制"],
    "zuzhibu": ["十九大", "十不准", "九严禁"],
    "fayuan": ["12368", "24小时", "1-11月", "四级法院", "三公开"],
    "lead": ["12月5日"],
}


def _extracted(
    knowledge: Knowledge, section: str
) -> list[tuple[str, float, str, str | None, str | None, int | None]]:
    report = knowledge.reports[0]
    if section == "lead":
        metrics = [m for p in report.lead for m in p.metrics]
    else:
        metrics = list(next(a for a in report.agencies if a.id == section).metrics)
    return [
        (
            m.figure(),
            m.value,
            m.unit,
            m.qualifier,
            m.comparison.text() if m.comparison else None,
            m.rank,
        )
        for m in metrics
    ]


@pytest.mark.parametrize("section", sorted(EXPECTED))
def test_every_figure_is_structured(knowledge: Knowledge, section: str) -> None:
    assert _extracted(knowledge, section) == EXPECTED[section]


def test_coverage_is_complete(knowledge: Knowledge) -> None:
    expected = sum(len(v) for v in EXPECTED.values())
    assert expected == 82
    assert knowledge.metric_count == expected


@pytest.mark.parametrize("section", sorted(NOT_METRICS))
def test_non_figures_are_not_metrics(knowledge: Knowledge, section: str) -> None:
    report = knowledge.reports[0]
    if section == "lead":
        paragraphs = report.lead
    else:
        paragraphs = next(a for a in report.agencies if a.id == section).paragraphs
    for phrase in NOT_METRICS[section]:
        holder = next(p for p in paragraphs if phrase in p.text)
        start = holder.text.index(phrase)
        for metric in holder.metrics:
            clause_start = holder.text.index(metric.clause)
            figure_start = clause_start + metric.clause.find(metric.figure().lstrip("近"))
            assert not start <= figure_start < start + len(phrase), (phrase, metric)


def test_every_clause_stands_in_its_paragraph(knowledge: Knowledge) -> None:
    report = knowledge.reports[0]
    paragraphs = [*report.lead, *(p for a in report.agencies for p in a.paragraphs)]
    for paragraph in paragraphs:
        for metric in paragraph.metrics:
            assert metric.clause in paragraph.text


def test_periods_and_labels_of_headline_figures(knowledge: Knowledge) -> None:
    metrics = {m.figure(): m for a in knowledge.agencies for m in a.metrics}
    assert metrics["448人"].period == "今年1-9月份"
    assert metrics["448人"].label == "立案查处"
    assert metrics["137人"].label == "查处科级干部"
    assert metrics["81878件"].label == "受理案件"
    assert metrics["63266件"].period == "今年1-11月"
    assert metrics["5154项"].label == "受理市长信箱事项"
    assert metrics["93.9%"].label.endswith("办结率")
    assert metrics["20件"].period == "2017年以来"
    assert metrics["103对"].period == "一年来"


def test_chinese_numerals_are_counts_only_where_they_count() -> None:
    text = "先后聘请两批共43名部风监督员,落实三年行动方案,在全国三千多家基层法院中"
    figures = [(m.value, m.unit, m.qualifier) for m in extract_metrics(text)]
    assert figures == [(2, "批", None), (43, "名", None), (3000, "家", "多")]


def test_a_comparison_belongs_to_the_figure_outside_the_brackets() -> None:
    text = "给予处分14人(其中处级干部5人,科级干部6人),同比增长40%。"
    metrics = extract_metrics(text)
    assert [m.comparison is not None for m in metrics] == [True, False, False]


def test_the_teaser_is_not_part_of_the_report() -> None:
    parsed = parse_report(SEED.read_text(encoding="utf-8"))
    assert all("紫马岭" not in p for s in parsed.sections for p in s.paragraphs)
    assert len(parsed.sections) == 8
