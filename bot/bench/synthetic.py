"""Synthetic reports made from the seed's structure, with questions whose answers are known.

Other cities, agencies and figures, made deterministically from a fixed random seed; each
report is written as text and goes through the same ingest and loader as a real one.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge import Knowledge, ingest_report, load_knowledge
from bot.knowledge.ingest import agency_name, parse_report
from bot.knowledge.metrics import extract_metrics

__all__ = ["CITIES", "GeneratedQuestion", "generate_questions", "write_synthetic_knowledge"]

CITIES = (
    "珠海 佛山 江门 东莞 惠州 肇庆 清远 韶关 河源 梅州 汕头 潮州 揭阳 汕尾 阳江 茂名 湛江 云浮 "
    "南宁 柳州 桂林 梧州 北海 玉林 百色 长沙 株洲 湘潭 衡阳 岳阳 常德 益阳 郴州 永州 怀化 南昌 "
    "九江 赣州 吉安 宜春 上饶 福州 厦门 泉州 漳州 莆田 三明 龙岩 宁德 杭州 宁波 温州 绍兴 嘉兴 "
    "湖州 金华 衢州 台州 丽水 合肥 芜湖 蚌埠 淮南 安庆 黄山 阜阳 宿州 六安 南京 无锡 徐州 常州 "
    "苏州 南通 扬州 镇江 泰州 盐城 济南 青岛 淄博 烟台 潍坊 济宁 泰安 威海 临沂 郑州 洛阳 开封 "
    "新乡 南阳 武汉 宜昌 襄阳 荆州 十堰 成都 绵阳 德阳 宜宾 南充 昆明 大理 贵阳 遵义"
).split()

# Agencies a synthetic report may cover besides the seed's eight, with two paragraphs each.
# {n} is a count, {p} a percent, {m} an amount of money.
_EXTRA_AGENCIES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "市公安局": (
        "以过硬党建锻造忠诚警队",
        ("公安局", "公安", "市公安"),
        (
            "市公安局坚持把政治建警放在首位,今年以来共破获刑事案件{n}起,同比上升{p}%;"
            "抓获犯罪嫌疑人{n}名,打掉涉黑涉恶团伙{n}个;全市110接警{n}宗,群众满意率达{p}%。",
            "市公安局深化“放管服”改革,推出便民利民措施{n}项,网上办理户籍业务{n}宗,"
            "为企业群众减少跑动{n}万人次;组织民警开展专题培训{n}期,培训民警{n}人次。",
        ),
    ),
    "市教育局": (
        "以党建引领教育高质量发展",
        ("教育局", "教育部门", "市教育局"),
        (
            "市教育局把加强党的建设作为办好教育的根本保证,今年新增公办学位{n}个,"
            "新建改扩建学校{n}所,投入资金{m}亿元改善办学条件;培训中小学教师{n}人次。",
            "市教育局推进“双减”工作落地见效,开设课后服务课程{n}门,覆盖学生{n}名,"
            "参与率达{p}%;结对帮扶薄弱学校{n}所,选派骨干教师{n}名支教。",
        ),
    ),
    "市人民检察院": (
        "以检察担当护航法治建设",
        ("检察院", "检察机关", "市检察院"),
        (
            "市人民检察院坚持党对检察工作的绝对领导,今年1-10月共批准逮捕{n}人,"
            "提起公诉{n}人,同比下降{p}%;办理公益诉讼案件{n}件,挽回国有财产损失{m}万元。",
            "该院深化检务公开,公开案件程序性信息{n}条,接待群众来访{n}批次,"
            "邀请人民监督员监督办案活动{n}次,办理群众信访{n}件,办结率达{p}%。",
        ),
    ),
    "市卫生健康局": (
        "以党建引领健康城市建设",
        ("卫健局", "卫生健康局", "卫生局"),
        (
            "市卫生健康局把党建工作与健康服务深度融合,全市建成社区卫生服务中心{n}家,"
            "家庭医生签约服务{n}万人,签约率达{p}%;开展义诊活动{n}场,服务群众{n}人次。",
            "市卫生健康局推进医疗卫生人才建设,引进高层次人才{n}名,培训基层医务人员{n}人次,"
            "投入资金{m}亿元建设区域医疗中心,新增病床{n}张。",
        ),
    ),
}
_SEED_ALIASES_KEPT = 4  # how many of a seed agency's aliases a synthetic copy keeps


@dataclass(frozen=True, slots=True)
class GeneratedQuestion:
    """A question about a report whose right answer is a known figure."""

    question: str
    report_id: str
    agency: str
    metric_id: str
    figure: str  # as written: 448人, 200多人次
    paragraph: str


def write_synthetic_knowledge(
    directory: Path, count: int, *, seed_text: str, seed_knowledge: Knowledge, rng_seed: int = 2018
) -> Knowledge:
    """Write `count` synthetic reports under `directory` and return them loaded."""
    rng = random.Random(rng_seed)
    parsed = parse_report(seed_text)
    seed_aliases = {a.name: a.aliases for a in seed_knowledge.agencies}
    seed_place = _city(seed_knowledge.reports[0].place)
    for number in range(count):
        city = CITIES[number % len(CITIES)]
        year = 2018 + number % 5
        text = _report_text(parsed, seed_place, city, rng)
        folder = directory / f"r{number:03d}-{number}"
        ingest_report(
            text,
            folder,
            source=f"synthetic-{number:03d}.txt",
            report_id=f"r{number:03d}",
            newspaper=f"{city}日报",
            date=f"{year}-{1 + number % 12:02d}",
            place=f"{city}市",
        )
        _add_aliases(folder, seed_place, city, seed_aliases)
    return load_knowledge(directory)


def _report_text(parsed: object, seed_place: str, city: str, rng: random.Random) -> str:
    from bot.knowledge.ingest import ParsedReport

    assert isinstance(parsed, ParsedReport)
    sections = list(parsed.sections)
    rng.shuffle(sections)
    keep = sections[: rng.randint(5, 8)]
    extras = rng.sample(sorted(_EXTRA_AGENCIES), 8 - len(keep))
    lines = [parsed.title.replace(seed_place, city)]
    lines += [_vary(p.replace(seed_place, city), rng) for p in parsed.lead]
    lines.append(parsed.byline)
    for section in keep:
        lines.append("■" + section.heading.replace(seed_place, city))
        lines += [_vary(p.replace(seed_place, city), rng) for p in section.paragraphs]
    for name in extras:
        heading, _, paragraphs = _EXTRA_AGENCIES[name]
        lines.append(f"■{name}{heading}")
        lines += [_fill(p, rng) for p in paragraphs]
    return "\n".join(lines) + "\n"


def _city(place: str) -> str:
    """Return a place as the seed's text writes it before 市: 中山市 -> 中山."""
    return place.removesuffix("市") or place


def _vary(paragraph: str, rng: random.Random) -> str:
    """Give every figure of a paragraph a new value of the same kind and size."""
    spans = []
    for metric in extract_metrics(paragraph):
        figure = paragraph[metric.start : metric.end]
        number = re.search(r"\d+(?:\.\d+)?", figure)
        if number:
            spans.append((metric.start + number.start(), metric.start + number.end(), metric.unit))
    for match in re.finditer(r"(?:同比|环比)(?:上升|增长|下降|减少)(\d+(?:\.\d+)?)%", paragraph):
        spans.append((match.start(1), match.end(1), "%"))
    for match in re.finditer(r"第(\d+)", paragraph):
        spans.append((match.start(1), match.end(1), "rank"))
    out, last = [], 0
    for start, end, unit in sorted(spans):
        out.append(paragraph[last:start])
        out.append(_new_number(paragraph[start:end], unit, rng))
        last = end
    out.append(paragraph[last:])
    return "".join(out)


def _new_number(old: str, unit: str, rng: random.Random) -> str:
    decimals = len(old.split(".")[1]) if "." in old else 0
    if unit == "%":
        value = rng.uniform(50, 99.9) if float(old) > 50 else rng.uniform(1, 60)
        return f"{value:.{decimals or 1}f}"
    if unit == "rank":
        return str(rng.randint(1, 30))
    magnitude = max(float(old), 1.0)
    value = rng.uniform(magnitude * 0.5, magnitude * 1.5)
    if decimals:
        return f"{value:.{decimals}f}"
    return str(max(2, round(value)))


def _fill(template: str, rng: random.Random) -> str:
    text = template
    while "{" in text:
        text = text.replace("{n}", str(rng.randint(3, 9000)), 1)
        text = text.replace("{p}", f"{rng.uniform(10, 98):.1f}", 1)
        text = text.replace("{m}", f"{rng.uniform(1, 30):.1f}", 1)
    return text


def _add_aliases(
    folder: Path, seed_place: str, city: str, seed_aliases: dict[str, tuple[str, ...]]
) -> None:
    """Curate aliases as an admin would: the seed's for its agencies, the pool's for others."""
    import yaml

    for path in sorted(folder.glob("0*.yaml")):
        text = path.read_text(encoding="utf-8")
        document = yaml.safe_load(text)
        name = str(document["name"])
        seed_name = name.replace(city, seed_place)
        aliases = list(seed_aliases.get(seed_name, ()))[:_SEED_ALIASES_KEPT]
        if name in _EXTRA_AGENCIES:
            aliases = list(_EXTRA_AGENCIES[name][1])
        if aliases:
            flow = "[" + ", ".join(aliases) + "]"
            path.write_text(text.replace("\naliases: []\n", f"\naliases: {flow}\n", 1), "utf-8")


def generate_questions(
    knowledge: Knowledge, count: int, *, rng_seed: int = 7, with_place: bool = True
) -> list[GeneratedQuestion]:
    """Make `count` questions (repeating as needed) whose answers are figures of the knowledge."""
    rng = random.Random(rng_seed)
    pool: list[GeneratedQuestion] = []
    for report in knowledge.reports:
        place = report.place.removesuffix("市") if with_place else ""
        for agency in report.agencies:
            labels = [m.label for m in agency.metrics]
            names = [a for a in agency.aliases if len(a) >= 2] or [agency_name(agency.heading)]
            for paragraph in agency.paragraphs:
                for metric in paragraph.metrics:
                    if labels.count(metric.label) > 1 or not 2 <= len(metric.label) <= 12:
                        continue
                    alias = rng.choice(names)
                    unit = metric.unit if metric.unit not in ("%", "倍") else ""
                    template = rng.choice(_TEMPLATES if unit else _RATIO_TEMPLATES)
                    question = template.format(
                        place=place, alias=alias, label=metric.label, unit=unit
                    )
                    pool.append(
                        GeneratedQuestion(
                            question,
                            report.id,
                            agency.name,
                            metric.id,
                            metric.figure(),
                            paragraph.text,
                        )
                    )
    rng.shuffle(pool)
    if not pool:
        return []
    return [pool[i % len(pool)] for i in range(count)]


_TEMPLATES = (
    "{place}{alias}{label}有多少{unit}?",
    "请问{place}{alias}{label}多少{unit}",
    "{place}{alias}今年{label}了多少{unit}",
    "{place}{alias}的{label}是多少",
)
_RATIO_TEMPLATES = ("{place}{alias}的{label}是多少", "{place}{alias}{label}多少")
