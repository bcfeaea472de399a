"""Question analysis: a question's text -> a frozen `Question` of what it names and asks.

One pure step before any retrieval: the bodies it names (known or not), the report, the
period, what is asked about a figure (its value, a comparison, a rank, a breakdown), and
whether it is a question about the report at all or a task.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Literal

from bot.cantonese import to_standard_chinese
from bot.english import question_language, translate_question, word_key
from bot.index import Index
from bot.knowledge import Agency, Report
from bot.measures import CASES, MEASURE_WORDS, PEOPLE, SIZE_UNITS
from bot.text import (
    CJK,
    STOP_CHARS,
    STOPWORDS,
    char_pinyin,
    chinese_to_int,
    dictionary_words,
    features,
    gated,
    is_cjk_pair,
    is_noun,
    is_rare_word,
    matching_form,
    pinyin_key,
    place_names,
    words_pattern,
)
from bot.weights import WEIGHTS

__all__ = [
    "ASKS_ITEM_BY_ITEM",
    "MAX_QUESTION_CHARS",
    "Asks",
    "Context",
    "Period",
    "Question",
    "analyse",
    "correct_typos",
    "find_agencies",
]

MAX_QUESTION_CHARS = 300

Request = Literal["question", "empty", "greeting", "thanks", "help", "task"]


@dataclass(frozen=True, slots=True)
class Context:
    """What a chat was last told about, so that a follow-up can lean on it."""

    agency_id: str | None
    entry_key: str | None
    at: float


@dataclass(frozen=True, slots=True)
class Period:
    """A period a question asks about or a figure covers, in years and months.

    `first_year`..`last_year` inclusive; `since` marks a running total ("2017年以来",
    "近三年"); `months` is a (first, last) month range within a single year, or None for
    the whole year (so far).
    """

    first_year: int
    last_year: int
    months: tuple[int, int] | None = None
    since: bool = False
    text: str = ""  # how it was written: 2017年, 12月份, 上半年


@dataclass(frozen=True, slots=True)
class Asks:
    """What a question wants to know about what it names."""

    number: bool = False  # 多少, 几
    text: bool = False  # 怎么, 哪些, 什么
    comparison: bool = False  # 同比, 增长多少, 比去年
    rank: bool = False  # 第几, 排名
    ratio: bool = False  # 占比, 百分之几, 比例
    when: bool = False  # 什么时候, 哪年
    where: bool = False  # 在哪, 会场, 地点
    breakdown: str | None = None  # 各镇, 按月, 男女, 分别, 其中…各占
    which_more: bool = False  # 哪个多: two figures of the report side by side
    listed: int = 0  # 立案、结案、处分哪项多: how many things a "which is more" question lists
    most: str | None = None  # 哪类最多, 最大一笔: the first of many, as the question words it
    versus: str | None = None  # 比全省平均高多少: what a figure is compared with
    names: bool = False  # 哪几家企业: a list of names, not a count
    rate: str | None = None  # 每天, 人均: a figure per day or per person (per day first)
    per_time: bool = False  # 每天, 日均, 平均一个月: per day, week or month, which 人均 is not
    definition: bool = False  # 第一书记是什么职务: what a term means
    person: str | None = None  # 哪位领导, 市长是谁, 叫什么名字: an official by name (the title)
    duration: bool = False  # 几年, 多久, 多长时间: how long something lasts
    organisation: str | None = None  # 哪家机构, 哪间大学, 企业叫什么名: the kind, by name
    units: tuple[str, ...] = ()  # 件, 人 …: what the number should count
    measure: str | None = None  # 几宗, 几小时: the measure word asked, where it is telling


@dataclass(frozen=True, slots=True)
class Question:
    """Everything answering needs to know about one question, decided once."""

    raw: str
    text: str  # matching form, typos corrected
    request: Request
    agencies: tuple[Agency, ...]
    foreign: str | None  # a body or place named that the knowledge does not cover
    reports: frozenset[str]  # reports whose place the question names
    tokens: tuple[str, ...]
    content: tuple[str, ...]  # the words that say what it is about
    features: Mapping[str, float] = field(hash=False)  # read-only: a MappingProxyType
    carried: frozenset[str] = frozenset()  # features a follow-up inherited
    asks: Asks = Asks()
    period: Period | None = None
    quoted_numbers: frozenset[str] = frozenset()
    threshold: float | None = None  # 有没有过50个: the size the asker expects
    scopes: frozenset[str] = frozenset()
    follow_up: bool = False
    among: bool = False  # 其中…: asks for a part of the last figure
    part: str | None = None  # 里面有多少个是党员: the kind of a whole's part asked (党员)
    report_topic: str | None = None
    unknown_asked: str | None = None  # what is asked for, when the knowledge has no such word
    town: str | None = None  # 火炬开发区, 小榄镇: one part of the city, by name
    context: Context | None = None
    language: Literal["zh", "en", "mixed"] = "zh"
    english_unknown: tuple[str, ...] = ()  # English words the glossary could not read


_GREETING = re.compile(
    r"^(你好|您好|hi|hello|hey|嗨|哈喽|哈啰|在吗|在不在|早上好|早安|上午好|中午好|下午好|晚上好|"
    r"大家好|你好呀|您好呀|喂|good morning|/?start)[\s!!.。~～,,呀啊吗?]*$"
)
_THANKS = re.compile(
    r"^(谢谢|多谢|感谢|谢了|thanks|thank you|thx|好的|好|ok|收到|明白了?|知道了)"
    r"(你|您|你们|啦|了|哈|呀|啊)*[\s!!.。~～,,]*$"
)
_HELP = re.compile(
    r"^(帮助|help|/help|怎么用|如何使用|使用说明|你能做什么|你会什么|你是谁|功能)[\s??!!。]*$"
)
# A task rather than a question: write, translate, predict, judge, recommend.
# A task rather than a question. Writing or making something is a task unless a question
# follows it ("准备写份材料,想问法院收了几多案" asks); judging, predicting, recommending and
# translating are tasks whatever follows.
_TASK_WRITE = re.compile(
    r"(帮我|给我|替我|请你|麻烦你)?(写|拟|起草|撰写|草拟|编写|生成|润色|改写|做)(一|1|个|份|篇|段|下)"
    r"|(写|拟|起草|草拟)(一?[份篇个段])?[^,,。]{0,12}(稿|通知|总结|方案|报告|材料|讲话|新闻|文章|ppt)"
    r"|\bwrite\b|\bdraft\b"
)
_TASK = re.compile(
    r"翻译|译成|翻[成做](?:英|中|繁|简|粤|日|韩)|\btranslate\b|\bsummari[sz]e\b"
    r"|\b(?:can|could|would|will) you (?:please )?(?:write|draft|prepare)\b|\b(?:write|draft) (?:me|us)\b"
    r"|\brank them\b|\b(?:did|does|do|performed|performs|is|was) (?:the )?(?:best|better|worst)\b"
    r"|\bin your (?:view|opinion)\b|\bdo you think\b|\bpredict\b|\bforecast\b"
    r"|预测|预计|估计一下|估下|估算|推算|猜|会不会|会破|能不能破|能否突破|将会|明年会"
    r"|看好|你觉得|你认为|您觉得|你怎么看|你评价|评价一下|评价下|请评价|如何评价|点评|打分|打个分|排个名|排排名|排个序|哪个更好|哪个做得更好|谁更好|推荐|"
    r"你建议|建议我|有什么建议|算不算高|算不算好"
    r"|[给提出]我?[点个些几条]+(?:建议|意见|主意|点子)|支[个下]?招|出出主意"
    # advice on what to do: 从哪几方面入手比较好, 怎么搞才更有效果 (哪个办结率好一些
    # compares the report's figures, and so does 哪个…比较好: see _is_task)
    r"|(?:比较好|才好|才更好|更有效果?|会更好)[吗呢呀啊]?[??]?$"
    r"|发(?:给|俾)?我(?:一下|一份|看看|睇睇)?[。.!!]?$|发(?:一下|一份)(?:给|俾)我"  # sending a file
    r"|(?:帮我|给我|替我|同我|帮手)(?:订|预订|预约|约|安排|通知|联系|打个?电话|转发)"  # errands
)
_COUNT_ASKED = re.compile(r"\bhow (?:many|much)\b", re.IGNORECASE)
_A_QUESTION = re.compile(r"多少|几|哪|什么|怎么|怎样|如何|谁|[??]")
# What is written: a speech, a summary, a notice (写份讲话稿).
_DOCUMENT = re.compile("[^,,。]{0,4}(?:稿|通知|总结|方案|报告|讲话|新闻稿|文章|ppt|发言|演讲|汇报)")


def _is_task(text: str) -> bool:
    """Tell whether a text asks for a task rather than for what the report says."""
    task = _TASK.search(text)
    count = _COUNT_ASKED.search(text, 0, task.start()) if task is not None else None
    # how many units does the feature summarise: a count asked of the report, unless a new
    # sentence gives the order (…close? Translate the answer)
    if (
        task is not None
        and count is not None
        and task.group(0)[0].isascii()
        and not re.search(r"[.?!。?!]", text[count.end() : task.start()])
    ):
        task = None
    if task is not None:
        # 哪个办结率比较好: which of the report's figures is better, not advice
        which = re.search("哪个|哪一个|哪家|哪项|谁", text[: task.start()])
        return not (task.group(0).startswith("比较好") and which)
    write = _TASK_WRITE.search(text)
    if write is None:
        return False
    asked_of_me = write.group(1) is not None  # 帮我写, not 我在写材料,想问…
    # …写个通知吗?法院结了多少案: asked whether, then a question of the report
    whether = re.match(r"[^,,。]*?[吗??]", text[write.end() :])
    document = _DOCUMENT.match(text, write.end()) or _DOCUMENT.search(write.group(0))
    if asked_of_me and document and not whether:
        return True  # 帮我写份讲话稿,讲下…: what to write, whatever it then asks of the report
    # 可以帮我起草1个模板吗?: the question mark asks for the writing, not about the report.
    rest = _POLITE_ASK.sub("", text[write.end() :])
    if not asked_of_me and _ASKED_BEFORE_WRITING.search(text[: write.start()]):
        return False  # 81878件系全年嘅吗?我要写进总结: a question, then why it is asked
    return not _A_QUESTION.search(rest)


# A question asked and ended before what the asker is writing: …吗? 我要写进总结…
_ASKED_BEFORE_WRITING = re.compile(r"(?:多少|几|哪|什么|谁)[^。??]*[??]|[吗呢][??]")


_POLITE_ASK = re.compile(r"[吗么嘛呢][??]")


_PUNCT = re.compile(rf"[^{CJK}a-z0-9%.]+")
# Every branch of the patterns searched in each question starts with a character, and a
# look-behind is written after it (率(?<=[^效]率) for [^效]率): the engine then jumps to the
# places where a match can start, instead of trying every branch at every place (several
# times faster). Only whether _ASKS_NUMBER matches is read, so its 率 may start a match.
_ASKS_NUMBER = re.compile(
    r"多少|几|多大|多高|比例|百分|比率|率(?<=[^效]率)|排名|第几|名次|同比|"
    r"增长|上升|下降|增加|减少|金额|数量|人数|件数|总数|总量|数字|规模|多不多|过[万千百十]|破[万千百]|"
    r"数(?<=[^\s指]数)[??]?$|数(?<!指数)(?:是|有|为)|量[??]?$|上万|过万|有没有(?:过|超过|达到|到|上)?\d|"
    r"超过\d|过\d|破\d|达到\d|够\d|上\d"
)
_ASKS_TEXT = re.compile(
    r"怎么|怎样|如何|哪些|什么|哪部|哪项|哪个|哪几|为什么|为何|何时|介绍|做法|措施|经验|内容|举措|"
    r"方式|办法|机制|要求|哪里|哪儿|是指|意思|含义|谁"
)
_BASIS = r"(?:去年|上年|往年|前年|\d{4}年)(?:同期)?"  # 比去年, 与2017年同期
_DOWN = "(?:下降|降|减少|减|跌|少)"
_ASKS_COMPARISON = re.compile(
    "同比|环比|增幅|增速|升幅|降幅|增长率|增长了?多少|上升了?多少|下降了?多少|增长百分之|涨了?多少|"
    # 上升了百分之几, 减少了几个百分点: the change, in percent
    "(?:增长|上升|下降|增加|减少|提高|降低|上涨|涨|升|降)了?(?:百分之|(?:多少|几)个?百分点)|"
    + "|".join(f"{word}{_BASIS}" for word in "比较与跟同和")
    + "|去年同期|上年同期|"
    + "|".join(f"{up}了?还是{_DOWN}" for up in ("上升", "升", "增加", "增", "涨", "多"))
)
_ASKS_RANK = re.compile(
    r"第几|弟几|老几|排名|名次|排位|位居|(?<!安)排在|排行|排第|居第|前十|前几|前\d+名"
)
_ASKS_RATIO = re.compile(
    r"占比|占多少|比例|比重|百分之几|百分之多少|百分比|几成|占.{0,6}(多少|几)|占[^,,。]{0,10}?%"
)
_ASKS_WHEN = re.compile(
    r"什么时候|何时|哪[一1]?年|几月|哪个月|哪天|哪[一1]天|几号|多久开始|何年|几点|什么时间"
    r"|哪段时间|哪个时间段|什么时间段|哪几个月"  # 448人是哪段时间的数字: the period it covers
)
_ASKS_WHERE = re.compile(
    r"在哪(?!些|几|方面|个方面|一方面|天|日|年|月|一天|一年|个月|时)|哪里(?!的)|哪儿(?!的)|什么地方|地点|会场|场地|地址|哪个会议室|位于"
    r"|是哪个?[省市县区]|属于?哪个?[省市县区]|离[^,,。]{1,6}(?:多远|几远)"  # 是哪个市的, 离中山多远
)
_BREAKDOWN = re.compile(
    r"各(镇|区|镇区|个镇|月|季度|类|占|自|有多少|是多少|多少|几)|分别|按(镇|区|月|季度|性别|类型|年龄)|每个(镇|区|月)|"
    r"男女|男[^,,。]{1,2}女|性别|女性|男性|女的|男的|妇女|女干部|男干部|女党员|女法官|女同志|年龄|学历|分布|构成|明细|"
    r"逐月|哪个镇|哪些镇|集中在哪|主要反映"
)
# A name in quotation marks that is more than a figure with its unit: “五个点”, “1+2+N”.
_QUOTED_NAME = re.compile(r"“(?!\d+(?:\.\d+)?多?(?:人次|万元|亿元|[^\d”个大])?”)[^”]{1,16}”")
# 两批各聘了多少名: each of several asked, with a verb between (各 and the ask).
_EACH_DID = re.compile(rf"各(?!自|个|镇|区|月|分|排)[{CJK}]{{1,2}}了?(?:多少|几)")
_WHICH_MORE = re.compile(
    r"哪[个样边类项一]{0,2}[^,,。??]{0,4}(多|少|高|低|大|小)|谁[^,,。??]{0,4}(多|少|高|低)|最(多|少|高|低|温和|快|慢)|"
    r"多还是|少还是|高还是|低还是"
)
_LISTED = re.compile("[、和与跟及]|还是")
# A number quoted roughly (40几项, 200几人): no ask.
_ABOUT_A_NUMBER = re.compile(r"(?<=\d)几(?=[^\d多少个]|个[^\d多少])")
# The first of many: 哪类案最多, 最大一笔 (not 最高人民法院, a court's name).
_ASKS_MOST = re.compile(
    "最(?:多|少|高(?!人民|法院|检)|低|大|小|活跃|积极|优秀|突出|出色|厉害|好|差|强|弱|快|慢"
    "|受(?:欢迎|好评|关注|认可|肯定))(?![能可告帮给请发先回答])"  # 最好告诉我: please
    "|最(?:早|先|晚)(?=[^,,。]{0,8}哪(?![一1]?[年月天日]|个?时))"  # 最早设立的是哪一个
)
# 哪个支部拿了第一: the first of many, asked which (有没有拿第一 asks whether, told by its rank).
_FIRST_PLACE = re.compile(
    "(?:(?<=[拿得获评考])|(?<=[拿得获评考][了到]))(?:第一|第1|头名|冠军)(?!书记|批|季|次|人民)"
)
_WHICH_ONE = re.compile("哪|边|谁")
# A follow-up opens with one of these (matched at the start) or ends with 呢.
_FOLLOW_UP_OPENING = re.compile(
    "那|那么|这么|那个|其中|它|它的|他们|他们的|这个|这项|这些|还有|另外|再问|又|其|咁"
)
_FOLLOW_UP_ENDING = re.compile(r"呢[??]?$")
_NAMES_A_WHOLE = re.compile(r"(?:里|中|当中|里面|之中|里头|入面)[,,::]?\s*$")
_AMONG_WORDS = frozenset({"其中", "当中", "之中", "里面", "里头"})  # 17人当中: no thing asked
# 17个为官不为干部里: a quoted figure's members (在全国法院中 places, 2018年中 dates).
_AMONG = re.compile(
    r"其中|当中|之中|里面|里头|(\d+(?:\.\d+)?(?![\d.年月日号])[^\d,,。在]{0,8}?)(中|里)"
)
# "Of the 14 people punished, how many were …": the English 14人中.
_ENGLISH_AMONG = re.compile(
    r"\b(?:of|among|out of) (?:the|those|these) \d|\bhow many of (?:the|those|these|them)\b",
    re.IGNORECASE,
)
_RANK_WORDS = frozenset({"排名", "第几", "排第", "名次", "排位", "位居", "排在", "排行", "排"})
# (多少部法规, not 多少部机关干部: 部 there is the department's own)
_UNIT_ASKED = re.compile(f"(?:多少|几)(?:个(?=小时))?(小时|(?!部[机门长署])[{MEASURE_WORDS}天])")
# Nouns that say which kind of unit a question wants, at the start or the end of what
# follows 多少: 多少资金…, 多少起民生案件, 多少法官.
_NOUN_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("资金|钱|经费|金额|捐款|欠薪|投入|费用|标的额", ("万元", "亿元", "元")),
    ("率|比例|百分", ("%", "个百分点")),
    ("案件|案子|官司|案|件|事项|信访", tuple(CASES)),
    ("人次", ("人次", "万人次")),
    ("人|人员|员|官|者|工|警|士|众|师|干部|书记|委员|代表|党员|学生", (*PEOPLE, "人次")),
)
# Words a question uses for what the report calls otherwise; they count as known, and the
# report's word joins the question's features (weight in `Weights`).
COLLOQUIAL: dict[str, tuple[str, ...]] = {
    "钱": ("资金", "万元", "元"),
    "平均水平": ("人均",),  # 全省平均水平: the report's 全省人均
    "收案": ("受理",),
    "收": ("受理",),
    "收到": ("受理",),
    "接到": ("受理",),
    "收了": ("受理",),
    "接": ("受理",),
    "接案": ("受理",),
    "受案": ("受理",),  # 受案量: the courts' shorthand for 受理案件
    "办结": ("结案", "办结"),
    "案子": ("案件",),
    "官司": ("案件",),
    "审结": ("审结", "结案"),
    "结掉": ("结案",),
    "判": ("结案", "审结"),
    "追讨": ("追回",),
    "追返": ("追回",),
    "讨回": ("追回",),
    "要回": ("追回",),
    "拿回": ("追回",),
    "讨薪": ("欠薪", "追回"),
    "打官司": ("诉讼",),  # going to court: the report's 诉讼服务
    "砸": ("投入",),
    "花": ("投入",),
    "拿下": ("查处",),
    "落马": ("查处",),
    "抓": ("查处",),
    "揪出": ("查处",),
    "查出": ("查处",),
    "找出": ("查处",),
    "找出来": ("查处",),
    "不作为": ("为官不为",),
    "交费": ("缴费",),
    "诉讼费": ("缴费",),
    "交钱": ("缴费",),
    "付费": ("缴费",),
    "心结": ("心理",),
    "心理问题": ("心理",),
    "处理": ("处理", "处分"),
    "筹": ("筹集",),
    "捐": ("捐款",),
    "派": ("选派",),
    "请": ("聘请",),
    "开班": ("举办", "培训班"),
    "办班": ("举办", "培训班"),
    "访客": ("来访",),
    "谈话": ("约谈",),
    "找来谈话": ("约谈",),
    "上访": ("信访", "来访"),
    "老赖": ("失信",),
    "黑名单": ("失信",),
    "裁判书": ("裁判文书",),
    "判决书": ("裁判文书",),
    "深大": ("深圳大学",),  # names shortened as people say them
}
_COLLOQUIAL_PHRASES = tuple(w for w in COLLOQUIAL if len(w) > 1)
# Words that set a figure's scope: a figure for the whole province is not the agency's own.
SCOPES = ("全国", "全省", "全市", "全系统", "全院", "全体")
# Bodies a question may name that are not the report's agencies: the kinds of office a city
# has, named by their usual words. An ordinal (第二) or a place before them is part of the name.
_BODIES = (
    "人民检察院|检察院|检察|公安局|公安|派出所|交警|消防|宣传部|统战部|政法委|编办|"
    "教育局|财政局|卫生局|卫健局|民政局|司法局|人社局|住建局|交通局|环保局|生态环境局|"
    "市场监管局|审计局|统计局|文旅局|应急管理局|自然资源局|发改局|发改委|商务局|科技局|工信局|"
    "农业农村局|水务局|城管局|信访局|档案局|气象局|海关|边检|团市委|妇联|总工会|工会|残联|科协|"
    "侨联|文联|红十字会|镇政府|区政府|街道办|居委会|村委会|中级人民法院|高级人民法院|中级法院|"
    "二院(?<![第一]二院)|三院(?<![第一]三院)|四院(?<![第一]四院)|五院(?<![第一]五院)|"  # as 一院
    "高级法院|中院|高院|纪工委|管委会|"
    "最高法|人民医院|监狱|看守所|仲裁委"
)
_ORG_SUFFIX = re.compile(r"(局|厅|委|院|部|办|署|所|中心|公司|银行|医院|学校|大学|支队|大队|法庭)$")
_ORG_NAME = re.compile(
    rf"((?:[{CJK}]{{2,3}}(?:省|市|区|县|镇))?(?:第[一二三四五六七八九十\d]+(?:人民)?法院|{_BODIES}))"
)
# A district's or a county's court (石岐区法院, 东区人民法院) is not the city's 第一人民法院.
_DISTRICT_COURT = re.compile(rf"[{CJK}]{{1,3}}(?:区|县)(?:人民)?法院")
# The body alone: a text without one has no _ORG_NAME either, and this search is far cheaper
# (the optional place before a body keeps the regex engine from skipping ahead).
_BODY = re.compile(rf"第[一二三四五六七八九十\d]+(?:人民)?法院|{_BODIES}")
# Words that ask about the report itself rather than an agency's work, by topic.
_REPORT_CUES: dict[str, tuple[str, ...]] = {
    "authors": tuple("谁写 作者 记者 撰稿 署名 执笔 采写 写的 撰写 文图 拍的 摄影 图片".split()),
    "speakers": tuple("经验交流 发言 交流经验 作交流 介绍经验".split()),
    "agencies": tuple(
        "哪些单位 哪几个单位 几个单位 几家单位 多少个单位 多少家单位 多少单位 哪些机关 哪几家 "
        "哪些部门 采访".split()
    ),
    "meeting": tuple("推进会 会议 开会 召开 哪天开 什么会".split()),
    "source": tuple("报纸 哪家媒体 哪个媒体 刊登 发表 出处 哪天发 登报 哪份报 什么报 刊发".split()),
    "title": tuple("标题 题目".split()),
    # the campaign the report is about (人大's 主题活动 is no 活动的主题)
    "campaign": tuple(
        "活动的主题 活动主题 活动的名称 活动名称 活动叫什么 活动的全称 活动全称".split()
    ),
}
# Asked together with a word for the report, these ask when it was published.
_DATE_CUES = ("哪天", "哪一天", "日期", "什么时候", "何时", "几号", "时间", "哪年", "几月")
_REPORT_WORDS = ("报道", "文章", "这篇", "新闻", "稿子", "报纸", "本文", "原文")

_YEAR = re.compile(rf"(?<![\d.])((?:19|20)\d{{2}})(?:年|(?![\d.%{MEASURE_WORDS}元万亿千百]))")
# 近两年, 这三年, 三年来, 过去一年: a running total over recent years.
_RECENT_YEARS = re.compile(
    r"(?:近|这|过去|最近)(\d{1,2}|[一二两三四五六七八九十])?年(?:来|以来)?"
    r"|(\d{1,2}|[两三四五六七八九十])年来"
)
# matching_form writes 上一年 as 上1年.
_RELATIVE_YEAR = {
    "前年": -2,
    "去年": -1,
    "上年": -1,
    "上1年": -1,
    "上一年": -1,
    "今年": 0,
    "本年": 0,
    "明年": 1,
    "下1年": 1,
}
_RELATIVE_WORD = re.compile("前年(?<![目提]前年)|去年|上1?一?年|今年|本年|明年|下1年")
_COMPARED = re.compile(r"(比|较|与|和|跟|同)(去年|上年|前年|往年)(同期)?")
_MONTHS = re.compile(
    r"(?<![\d-])(\d{1,2})\s*月?\s*(?:[-~～至到]\s*(\d{1,2}))?\s*月(?:份|底|末)?"
    r"|(上半年)|(下半年)|(前三个?季度|头三个?季度|前3个?季度|头3个?季度)|(第?一季度|头一个季度)|(全年|一整年|整年)"
)
_FIRST_MONTHS = re.compile(r"前(\d{1,2})个?月")
_RELATIVE = re.compile("前年|去年|今年|明年|本年|上一年|上年|近三年|近3年")
_SINCE = re.compile(r"((?:19|20)\d{2})年?(?:以来|至今|到现在|到今天|到目前|起至今)")
# A clause that asks: it holds a question word.
_ASK_CLAUSE = re.compile(r"[^,,。;;!!]*(?:多少|几|什么|哪|吗|呢|么)[^,,。;;!!]*")
_UNTIL = re.compile(r"(截至|截止|到|至)\s*(\d{1,2})\s*月(底|末|份)?")


# What the glossary gives for English question words: they say how, not what.
_ENGLISH_COUNT = re.compile(
    r"\bhow (?:many|much|long|often)\b|\b(?:percentages?|shares?|proportions?|rates?|ratios?|"
    r"numbers?|amounts?|totals?|figures?|counts?|percent)\b|%|多少|几|幾",
    re.IGNORECASE,
)
_EACH_OF = re.compile(r"\b(?:each|every|per|by|which|what)\s+([A-Za-z]+)", re.IGNORECASE)
# English words that, unread, may be the very condition of a how or what question: a place,
# a time, a kind of person, a measure, a rank.
_CONDITION_KEYS = frozenset(
    word_key(w)
    for w in (
        "district districts town towns township townships village villages county counties "
        "province provinces city cities region regions area areas country countries "
        "until future past previous next later earlier ago "
        "gender women woman men man female male age aged young youth elderly "
        "budget cost costs price prices salary salaries revenue revenues gdp population "
        "average median total rank ranking highest lowest most least best worst "
        "other another different foreign overseas national provincial"
    ).split()
)
_QUESTION_TERMS = frozenset({"多少", "什么", "哪些", "谁", "什么时候", "哪里", "怎样", "为什么"})
_HAN_RUN = re.compile(f"[{CJK}]{{2,}}")


def analyse(
    index: Index, question: str, context: Context | None = None, *, year: int | None = None
) -> Question:
    """Read a question: what it names, what it asks, and about which period."""
    raw = question[: MAX_QUESTION_CHARS * 4]
    language: Literal["zh", "en", "mixed"] = question_language(raw)
    english_unknown: tuple[str, ...] = ()
    english_foreign: str | None = None
    english_unwritten: str | None = None
    source = raw
    if language != "zh" and not _is_task(raw.lower()):
        # English (or English mixed into Chinese) is read through the glossary as the
        # report's own words; what it cannot read is kept to decline in English.
        translation = translate_question(raw, index.glossary)
        source = translation.text
        # "the second court", "the Guangzhou court": the glossary reads court as the
        # report's court, so an ordinal or another place read beside it names another body.
        own = {form for form, _ in index.places}
        english_foreign = next(
            (
                t
                for t in translation.terms
                if t in ("第二", "第三", "第四")
                # a region the report itself writes (粤港澳大湾区) is no other body's; a city
                # or a province it names (广州, 广东) may be another's
                or (_is_a_place(t) and t not in own and not _a_region_written(index, t))
            ),
            None,
        )
        # A glossary word the report never writes (salary: 工资, tenure: 任期) is asked of
        # it: no paragraph can say it, however well the rest matches.
        english_unwritten = next(
            (
                t
                for t in translation.terms
                if len(t) > 1
                and is_noun(t)  # not a verb (下降) nor a greeting (你好)
                and t not in _ATTRIBUTE_NOUNS  # 名字, 比例: what is asked of a thing
                and t not in _REPORT_WORDS
                and t != english_foreign
                and not _PERIOD_HINT.search(t)
                and not _PER_TIME_RATE.search(t)
                and not _ASKS_RATIO.search(t)
                and not index.knows(t)
            ),
            None,
        )
        # Unread words weigh against what was read; as many of them as read terms (of what,
        # not of how: 多少 is no topic) and the question may hinge on them: "which district".
        # The Chinese a mixed question is written in says what it is about as well.
        topics = [t for t in translation.terms if t not in _QUESTION_TERMS]
        topics += _HAN_RUN.findall(raw)
        first_word = raw.split(maxsplit=1)[0] if raw.split() else ""
        names = [w for w in translation.unknown if w[:1].isupper() and w != first_word]
        beside = translation.unread_beside  # beside an English word read: "tax revenue"
        counts = bool(_ENGLISH_COUNT.search(raw)) or "多少" in translation.terms
        if not counts:
            # How or what something was done: the answer is a passage the asker reads, so
            # an unread word beside a read one ("catch problems early") is only a
            # condition if it names a place, a time, a kind of person or a measure.
            beside = tuple(w for w in beside if word_key(w) in _CONDITION_KEYS)
        # "how many cases in each district": a place, a time or a measure unread, wherever
        # it stands, may be the condition of a count
        unread = [w for w in translation.unknown if word_key(w) in _CONDITION_KEYS]
        # …and, in any question, one chosen or split by ("in each district", "which town")
        chosen = any(word_key(m.group(1)) in _CONDITION_KEYS for m in _EACH_OF.finditer(raw))
        condition = (counts and bool(unread)) or chosen
        if beside or condition or len(translation.unknown) >= max(len(topics), 1) or names:
            # A name the glossary cannot read (a city, another court) may be the subject.
            english_unknown = translation.unknown
    # Written Cantonese (结咗几多案) is read as standard Chinese (结了多少案) first.
    text = matching_form(to_standard_chinese(source))[:MAX_QUESTION_CHARS]
    bare = _PUNCT.sub("", text)
    request: Request = "question"
    if not bare:
        request = "empty"
    elif _GREETING.match(text) or _GREETING.match(bare):
        request = "greeting"
    elif _THANKS.match(text):
        request = "thanks"
    elif _HELP.match(text):
        request = "help"
    elif _is_task(text if source is raw else matching_form(to_standard_chinese(raw)).lower()):
        request = "task"  # judged on what was written: the glossary's reading drops the "?"
    if request != "question":
        return Question(
            raw,
            text,
            request,
            (),
            None,
            frozenset(),
            (),
            (),
            MappingProxyType({}),
            context=context,
            language=language,
        )

    text = _focus(index, correct_typos(index, text))
    agencies, rest = find_agencies(index, text)
    reports = frozenset(_reports_named(index, text))
    for form, _ in index.places:
        rest = rest.replace(form, " " * len(form))  # the place chose the report, not a topic
    asks = _asks(text, index.tokens)
    if language == "en" and asks.number and not asks.units:
        # "how many judges" reads 多少 法官: people asked, as 多少法官 asks them.
        unnamed = " ".join(index.name_pattern.sub(" ", text).split())  # 多少 政协 委员
        people = _ENGLISH_PEOPLE_ASKED.search(unnamed)
        asks = replace(asks, units=_NOUN_UNITS[-1][1]) if people else asks
        if _ENGLISH_MONEY_ASKED.search(raw):
            asks = replace(asks, units=_NOUN_UNITS[0][1])  # how much did it cost: money
    # A period, a comparison or a rank is a condition on the answer, not what it is about.
    for pattern in _conditions_in(rest, asks):
        rest = pattern.sub(_blanked, rest)
    # Cut once; blanking kept every position, so the words line up with the text.
    cut = index.tokens(rest)
    tokens = _split_question_words([t for t in cut if t.strip() and not _all_punctuation(t)])
    period = read_period(text, year if year is not None else _report_year(index, reports))
    # Several reports of one place (2018, 2019): the period asked chooses one, else the latest.
    reports = route_reports(index, reports, period)
    if reports:
        agencies = [a for a in agencies if a.report_id in reports] or agencies
    content = _without_asked_unit(_content_words(index, tokens), tokens)
    # A number inside a quoted name (“五个点”, “1+N”) is part of the name, not a figure.
    quoted = frozenset(_NUMBER.findall(_QUOTED_NAME.sub(" ", rest) if "“" in rest else rest))
    follow_up = (
        _FOLLOW_UP_OPENING.match(text) is not None
        or _FOLLOW_UP_ENDING.search(text) is not None
        or (not agencies and len("".join(content)) <= 4)
    )
    features = _features(index, content, quoted)
    return Question(
        raw=raw,
        text=text,
        request=request,
        agencies=tuple(agencies),
        foreign=english_foreign or _foreign_body(index, text, tokens, named_agency=bool(agencies)),
        reports=reports,
        tokens=tuple(tokens),
        content=tuple(content),
        features=MappingProxyType(features),
        asks=asks,
        period=period,
        quoted_numbers=quoted,
        threshold=_threshold(text),
        scopes=frozenset(w for w in SCOPES if w in text),
        follow_up=follow_up,
        among=bool(_AMONG.search(text) or _ENGLISH_AMONG.search(raw)),
        part=(_english_part(raw, index) or _part_asked(text))
        if asks.number or asks.names
        else None,
        # the glossary's words are spaced: 多少 单位 报道 asks how many units it covers
        report_topic=_report_topic(index, text.replace(" ", "") if language != "zh" else text),
        town=_town(index, text),
        unknown_asked=(
            _unknown_asked(index, text, cut)
            or _unknown_attribute(index, text)
            or _unknown_action(index, text)
            or _unknown_rate(index, text)
            or (english_unwritten if asks.breakdown is None else None)  # 女性: by sex
        ),
        context=context,
        language=language,
        english_unknown=english_unknown,
    )


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# How much money, in English: "how much did the court spend", "how much did it cost".
_ENGLISH_MONEY_ASKED = re.compile(
    r"\bhow much\b[^?]*\b(?:spend|spent|cost|costs|invest|invested|budget)\b",
    re.IGNORECASE,
)

# How many of a whole are of a kind: 里面有多少个是党员, 有几多条系投诉交通嘅 (Cantonese read
# as 是), 那些决定里,关于环保的有几项. A time before 里 or 中 (年中) is no whole.
_PART_ASKED = re.compile(
    rf"(?:里面|里头|当中|之中|中间|其中|中|里)[,,]?有?(?:多少|几)[{MEASURE_WORDS}]?"
    rf"(?:是|属于|为)([{CJK}]{{2,10}}?)(?:的|[??呢啊呀吗]|$)"
    rf"|(?:有(?:多少|几)|哪几?|哪些)[{MEASURE_WORDS}]?(?:是|属于)([{CJK}]{{2,10}}?)(?:的|[??呢啊呀吗]|$)"
    rf"|[{CJK}](?<![年月日天期])(?:里面|里头|当中|之中|里|中)[,,]?([{CJK}]{{2,10}}?)的有?(?:多少|几)"
    # 哪几项决定是讲环保的: which of them, the kind named after 是
    rf"|(?:哪|边)(?:几|些)?[{MEASURE_WORDS}]?[{CJK}]{{0,4}}?(?:是|属于)([{CJK}]{{2,10}}?)的"
    # 5154项里面投诉占多少: the share of a part, named before 占
    rf"|(?:里面|里头|当中|之中|其中|中|里)[,,]? ?([{CJK}]{{1,5}}[^的\s\d]) ?占(?:多少|几|百分之|比)"
)


def _first_group(match: re.Match[str] | None) -> str | None:
    """Return the first group a match of a pattern of alternatives filled, if any."""
    return next((g for g in match.groups() if g), None) if match else None


def _part_asked(text: str) -> str | None:
    """Return the kind of a whole's part a count asks for (里面有多少个是党员: 党员)."""
    return _first_group(_PART_ASKED.search(text))


# The same in English: "how many of them were women", "how many were
# about housing" ("how many cases were closed" counts a whole: no "of" before its verb).
_ENGLISH_PART = re.compile(
    r"\bhow many (?:of (?:the|those|these|them|its|their)\b[^?]*?\s)?"
    r"(?:were|was|are|is|had been|have been|got)\s+(?!there\b)([a-z][a-z' -]*[a-z])",
    re.IGNORECASE,
)


def _english_part(raw: str, index: Index) -> str | None:
    """Return the kind of part an English count asks for: the glossary's Chinese for it
    (department-level officials: 处级干部), else the English words as written."""
    match = _ENGLISH_PART.search(raw)
    if match is None:
        return None
    words = match.group(1)
    read = translate_question(words, index.glossary)
    return "".join(read.terms) if read.terms and not read.unknown else words


def _conditions_in(rest: str, asks: Asks) -> list[re.Pattern[str]]:
    """Return, in the order they are blanked, the patterns of conditions that can match
    what is left of a question.

    `rest` is the question with some characters turned into spaces. A comparison, a rank
    or a time asked matches no space and looks at no neighbour, so one the question does
    not hold (as `asks` says) is not in `rest` either; every match of a period holds a
    digit, 年, 月 or 季, so a `rest` with none of them holds no period.
    """
    patterns = [_ASKS_COMPARISON] if asks.comparison else []
    if _PERIOD_HINT.search(rest):
        patterns += _PERIOD_PATTERNS
    if asks.rank:
        patterns.append(_ASKS_RANK)
    if asks.when:
        patterns.append(_ASKS_WHEN)
    return patterns


def _all_punctuation(token: str) -> bool:
    """Tell whether a word is punctuation or symbols only (a word of Chinese is not)."""
    return not ("\u4e00" <= token[0] <= "\u9fff") and bool(_PUNCT.fullmatch(token))


def _blanked(match: re.Match[str]) -> str:
    """Return as many spaces as the match is long: positions stay where they were."""
    return " " * len(match.group(0))


_CLAUSE_END = re.compile(r"(?<=[,,。::;;!!])")
_PARTICLES = frozenset("的了着过那这些个吗呢啊呀吧")


def _focus(index: Index, text: str) -> str:
    """Drop the context a polite question opens with: "你好,我在写材料,想问法院收了多少案".

    Of several clauses, those that ask, name an agency or a period, or are mostly the
    report's own words are kept; the rest (greetings, who is asking, why) says nothing
    about the answer.
    """
    clauses = [c for c in _CLAUSE_END.split(text) if c.strip()]
    if len(clauses) < 2:
        return text
    # Searched once a clause: whether it asks, whether it names an agency.
    asking = [_A_QUESTION.search(c) is not None for c in clauses]
    if not any(asking):
        return text
    naming = [index.name_pattern.search(c) is not None for c in clauses]
    # A clause that only names the agency the ask names too (领导要去一院调研, 一院…多少)
    # adds nothing but its other words.
    named_in_ask = any(names for asks, names in zip(asking, naming, strict=True) if asks)
    kept = [
        c
        for c, asks, names in zip(clauses, asking, naming, strict=True)
        if asks
        or (not named_in_ask and (names or _near_miss(index, c)))
        # 法院执结的那些案件, 数量…排第几: the agency and what of it the ask is about
        or (names and _report_share(index, c, particles=False) >= 0.6)
        or _NUMBER.search(c)  # a figure quoted, or a year or a month
        or _RELATIVE.search(c)
        or _NAMES_A_WHOLE.search(c)  # 挨处分的那些人里, 处级的有几个: what the part is of
        or _BREAKDOWN.search(c)  # 按年龄段分, 35岁以下的有多少: how the figure is split
        or _report_share(index, c) >= 0.4
    ]
    return "".join(kept) if kept else text


def _report_share(index: Index, clause: str, *, particles: bool = True) -> float:
    """Return the share of a clause's character pairs that the report has; without
    `particles`, pairs with a particle or a demonstrative (的那, 那些) are not counted."""
    pairs = [
        pair
        for i in range(len(clause) - 1)
        if is_cjk_pair(pair := clause[i : i + 2])
        and (particles or (pair[0] not in _PARTICLES and pair[1] not in _PARTICLES))
    ]
    return sum(p in index.corpus_bigrams for p in pairs) / len(pairs) if pairs else 0.0


def with_carried(question: Question, index: Index, label_features: frozenset[str]) -> Question:
    """Let a follow-up carry the last figure's label: "其中科级干部呢" means 查处科级干部.

    The carried words weigh at most a share of what the question itself says, and they count
    for matching, not for how well a label fits the question.
    """
    carried = {f: index.weight_of(f) for f in label_features if f not in question.features}
    own, extra = sum(question.features.values()), sum(carried.values())
    if not extra:
        return question
    scale = min(WEIGHTS.carried_share, 0.5 * own / extra)
    features = dict(question.features)
    for f, weight in carried.items():
        features[f] = weight * scale
    return replace(question, features=MappingProxyType(features), carried=frozenset(carried))


def read_period(text: str, year: int | None) -> Period | None:
    """Return the period a text names, with 今年/去年 resolved against `year`.

    去年同期 after 比/较/与 is the basis of a comparison, not the period asked; alone
    ("那去年同期呢") it asks for last year. A running total since this very year
    (2018年以来 in a 2018 report) is this year so far.
    """
    if not _PERIOD_HINT.search(text):
        return None  # no digit and none of 年, 月, 季: none of the patterns below can match
    since = _SINCE.search(text)
    if since:
        first = int(since.group(1))
        if year is not None and first == year:
            return Period(year, year, text=since.group(0))
        return Period(first, year or first, since=True, text=since.group(0))
    span = _RECENT_YEARS.search(text)
    if span and year is not None:
        written = span.group(1) or span.group(2) or "1"
        count = int(written) if written.isdigit() else chinese_to_int(written) or 1
        if count <= 1:
            return Period(year, year, text=span.group(0))
        return Period(year - count + 1, year, since=True, text=span.group(0))
    years: list[tuple[int, str]] = [(int(m.group(1)), m.group(0)) for m in _YEAR.finditer(text)]
    if year is not None:
        compared = [m.span() for m in _COMPARED.finditer(text)]
        for match in _RELATIVE_WORD.finditer(text):
            if any(start <= match.start() < end for start, end in compared):
                continue  # 比去年: the basis of a comparison
            years.append((year + _RELATIVE_YEAR[match.group(0)], match.group(0)))
    if len({y for y, _ in years}) > 1:
        # Context before the ask (准备明年的年报,想问今年收到多少): the ask's own clause says
        # which period it is about.
        asked = _ASK_CLAUSE.findall(text)
        if asked and (own := [(y, w) for y, w in years if w in asked[-1]]):
            years = own
    months = _months(text)
    if not years and months is None:
        return None
    if years:
        first_year = min(y for y, _ in years)
        last_year = max(y for y, _ in years)
        words = "、".join(dict.fromkeys(w for _, w in years))
    else:
        first_year = last_year = year or 0
        words = ""
    if months is not None:
        words = f"{words}{months[1]}"
    return Period(first_year, last_year, months[0] if months else None, text=words)


_QUARTER = re.compile(r"(?<![前头])第?([一二三四1-4])个?季度")
# A single recent month the report cannot have a figure for: 上个月, 本月.
_RECENT_MONTH = re.compile(r"上个?月|本月|这个月|当月|最近1个月|最近一个月|近1个月")
# Every character that a period can be written with: a question with none names no period.
_PERIOD_HINT = re.compile(r"[\d年月季]")


def _months(text: str) -> tuple[tuple[int, int], str] | None:
    recent = _RECENT_MONTH.search(text)
    if recent:
        return (0, 0), recent.group(0)  # no figure of the report is for one recent month
    quarter = _QUARTER.search(text)
    if quarter and not re.search("前3季度|头3个?季度|前三季度", text):
        n = "一二三四".find(quarter.group(1)) + 1 or int(quarter.group(1))
        return (3 * n - 2, 3 * n), quarter.group(0)
    first_months = _FIRST_MONTHS.search(text)
    if first_months and 1 <= int(first_months.group(1)) <= 12:
        return (1, int(first_months.group(1))), first_months.group(0)
    until = _UNTIL.search(text)
    if until:
        last = int(until.group(2))
        if 1 <= last <= 12:
            return (1, last), until.group(0)
    match = _MONTHS.search(text)
    if not match:
        return None
    if match.group(1):
        first = int(match.group(1))
        last = int(match.group(2)) if match.group(2) else first
        if not (1 <= first <= last <= 12):
            return None
        return (first, last), match.group(0)
    for group, months in ((3, (1, 6)), (4, (7, 12)), (5, (1, 9)), (6, (1, 3)), (7, (1, 12))):
        if match.group(group):
            return months, match.group(group)
    return None


def route_reports(index: Index, named: frozenset[str], period: Period | None) -> frozenset[str]:
    """Return the reports a question is about: per place, the one of the period asked.

    A place with one report keeps it; of several reports of one place, the one whose year
    the question names, else the latest (whose 今年 is the question's). No restriction at all
    (empty) while every place has a single report.
    """
    by_place: dict[str, list[Report]] = {}
    for report in index.knowledge.reports:
        if not named or report.id in named:
            by_place.setdefault(report.place, []).append(report)
    if not named and len(by_place) > 1 and index.home_place in by_place:
        # Several places and the question names none: the home place's reports answer.
        by_place = {index.home_place: by_place[index.home_place]}
    elif all(len(reports) < 2 for reports in by_place.values()):
        return named
    chosen: set[str] = set()
    for reports in by_place.values():
        latest = max(reports, key=lambda r: (r.year, r.date))
        fitting = [
            r
            for r in reports
            if period is not None
            and period.first_year
            and (
                period.first_year <= r.year <= period.last_year
                or (period.since and r.year >= period.first_year)
            )
        ]
        chosen.add(max(fitting, key=lambda r: (r.year, r.date)).id if fitting else latest.id)
    return frozenset(chosen)


def _report_year(index: Index, reports: frozenset[str]) -> int | None:
    chosen = [r for r in index.knowledge.reports if not reports or r.id in reports]
    return max((r.year for r in chosen if r.year), default=None)


_PERIOD_WORD = re.compile(r"\d{1,2}月份?|上半年|下半年|全年")


def _is_period_word(word: str) -> bool:
    return bool(_YEAR.fullmatch(word) or _PERIOD_WORD.fullmatch(word))


def _most_asked(text: str) -> re.Match[str] | None:
    """Return where a question asks for the first of many: 哪类最多, 边个支部攞咗第一."""
    first = _FIRST_PLACE.search(text) if _WHICH_ONE.search(text) else None
    return _ASKS_MOST.search(text) or first


def _asks(text: str, tokens: Callable[[str], list[str]] | None = None) -> Asks:
    breakdown = _BREAKDOWN.search(text) or _EACH_DID.search(text)
    when = _ASKS_WHEN.search(text)
    asked = _ASKS_WHEN.sub(" ", text) if when else text
    asked = _ABOUT_A_NUMBER.sub(" ", asked) if "几" in asked else asked  # 40几项 quotes
    which_more = _WHICH_MORE.search(text)
    per_time = _PER_TIME_RATE.search(text)
    return Asks(
        # 几月份 asks when, not how many.
        number=bool(_ASKS_NUMBER.search(asked)),
        text=bool(_ASKS_TEXT.search(text)),
        comparison=bool(_ASKS_COMPARISON.search(text)),
        rank=(rank := bool(_ASKS_RANK.search(text))),
        ratio=bool(_ASKS_RATIO.search(text)),
        when=bool(when),
        where=not rank and bool(_ASKS_WHERE.search(text)),  # 排在哪里: a place in a ranking
        # 集中在哪: how something spreads over kinds, as 分布 asks
        breakdown=(
            "分布"
            if breakdown.group(0) in ("集中在哪", "主要反映")
            else "各多少"
            if breakdown.re is _EACH_DID
            else breakdown.group(0)
        )
        if breakdown
        else None,
        which_more=bool(which_more),
        # The things listed before the ask: 、和与跟及 or 还是 join them.
        listed=(
            listed := len(_LISTED.findall(text[: which_more.start()])) + 1 if which_more else 0
        ),
        most=most.group(0) if listed < 2 and (most := _most_asked(text)) else None,
        versus=_versus(text),
        names=bool(_ASKS_NAMES.search(text)),
        # 人均每天结案几件: the rate over time is the one the figure must be given in
        rate=rate.group(0) if (rate := per_time or _ASKS_RATE.search(text)) else None,
        per_time=per_time is not None,
        definition=bool(_ASKS_DEFINITION.search(text)),
        person=_person_asked(text) if not which_more else None,
        duration=bool(_ASKS_DURATION.search(text)),
        organisation=_first_group(_ASKS_ORGANISATION.search(text)),
        units=units_asked(text, tokens),
        measure=_measure_asked(text),
    )


_MEASURE_ASKED = re.compile(
    f"(?:多少|几)(?:个(?=小时))?(人次|小时|{'|'.join(SIZE_UNITS)}|(?!部[机门长署])[{MEASURE_WORDS}天]|分(?![钟之别]))"
)  # 满分多少分; 多少部法规, not 多少部机关干部


def _measure_asked(text: str) -> str | None:
    match = _MEASURE_ASKED.search(text)
    if match is None or match.group(1) in ("个", "人", "年"):
        return None  # 个 counts anything; 人 is asked of 人次 too; 几年 of periods
    return match.group(1)


# 同广州比边个多: which is more, of this figure and the other place's.
_VERSUS_WHICH = re.compile(
    r"(?:同|和|与|跟)([^,,。??比]{2,10}?)(?:相比|比)(?:较)?[,,]?(?:哪个|哪一个|谁|边个)(?:多|少|高|低|大|小)"
)
# 跟广州比是多还是少, 比深圳高还是低: whether more or less than the other place's.
_VERSUS_WHETHER = re.compile(
    r"(?:同|和|与|跟)([^,,。??比]{2,10}?)(?:相比|比)(?:较|起来)?[,,]?(?:是|系)?"
    r"(?:多|少|高|低|大|小|快|慢)还是(?:多|少|高|低|大|小|快|慢)"
    r"|比([^,,。??比]{2,10}?)(?:多|少|高|低|大|小|快|慢)还是(?:多|少|高|低|大|小|快|慢)"
    # 是全国平均的几倍: a multiple of the other figure
    r"|(?:是|为|相当于)([^,,。??是为]{2,10}?)的(?:几|多少)倍"
)
_VERSUS = re.compile(
    r"(?:比|较|相比|和|与|跟)([^,,。??比]{2,14}?)(?:相比|比)?(?:的)?(?:要)?"
    r"(?:高|低|多|少|快|慢|大|小)(?:了|出)?(?:多少|几|百分之几|几个百分点|多少个百分点|几倍)"
)


# 哪几个, 哪两家: several names; 哪一年 (哪1年 once numerals are digits) asks for one.
# Asking for a list item by item: what a names question, a named set's contents and the
# members of a quoted group are all asked with.
ASKS_ITEM_BY_ITEM = "逐条|逐一|一一列|列一下|列出|列给|全部列"
_SEVERAL = r"(?:几|些|两|三|四|五|六|七|八|九|十|[2-9]|\d\d)"
# 把名单发我; not 黑名单 or 失信(被执行人)名单, the report's topic, nor 名单上有多少人, a count
_ASKS_NAMES = re.compile(
    rf"哪{_SEVERAL}|边{_SEVERAL}|{ASKS_ITEM_BY_ITEM}"
    r"|(?<![黑白红信])(?<!执行人)名单(?![^,,。??]{0,4}(?:多少|几))"
)
_ASKS_RATE = re.compile(
    r"每天|每日|每月|每年|每周|平均每|日均|月均|年均|人均|平均(?:每|一|1)?个?(?:日|天|月|年|周|星期)"
    r"|一[日天](?=[^,,。]{0,4}(?:多少|几))|1[日天](?=[^,,。]{0,4}(?:多少|几))"  # 一日接几多个
    r"|每[期批场次届轮](?=[^,,。]{0,3}(?:多少|几))"  # 研讨班每期多少人: per session
)
# A rate over time (every match of it is one of _ASKS_RATE's too).
_PER_TIME_RATE = re.compile(
    "每天|每日|日均|每月|月均|每周|平均(?:每|一|1)?个?[日天月周]"
    "|一[日天](?=[^,,。]{0,4}(?:多少|几))|1[日天](?=[^,,。]{0,4}(?:多少|几))"
)
_ASKS_DEFINITION = re.compile(
    r"是什么(?:职务|职位|意思|概念|东西|来的)|是指什么|什么意思|指的是什么|^什么是"
    r"|(?:有|系)?(?:什么|啥|咩)(?:区别|分别|不同)|区别(?:是什么|在哪)|有何(?:区别|不同)"
    r"|具体指(?:哪些|什么)"  # 三会一课具体指哪些
    # EAP的全称: what an abbreviation stands for (a document's 全称 is its name). A mixed
    # question reads the abbreviation as the glossary's Chinese: 员工帮助计划 全称.
    r"|(?:[A-Za-z]{2,}[^,,。??]{0,2}| )(?:全称|全名)|(?:是|系)?(?:什么|啥|咩|乜嘢?)的?(?:缩写|简称)"
    r"|[”」][^。??]{0,6}?(?:到底|究竟)是?[^。??,,]{0,2}什么"  # “两学一做”到底是学什么
)
# Which organisation, by name: 哪家机构, 哪间大学 (哪个单位 asks which of the report's).
_ASKS_ORGANISATION = re.compile(
    r"(?:哪|什么|边)(?:[家间所个些]|几[家间所个])? ?(公司|企业|大学|学校|医院|协会|银行|律所|律师事务所)"
    r"|(?:哪|边)[家间所](机构)"  # 哪个机构 asks which of the report's agencies
    r"|(公司|企业|大学|学校|医院|机构)[^。?？]{0,4}?(?:叫|是)什么名"
)
# How long: 几年, 多少个月, 多久, 多长时间; not 近几年 (a period) nor 几月份 (when).
_LASTING = r"个?(?:年|月|天|周)(?![份度前后底初]|的?数)"
_ASKS_DURATION = re.compile(
    rf"几(?<![近这前最哪]几){_LASTING}|多少(?<![近这前最哪]多少) ?{_LASTING}|多久|多长时间|多长"
)
# 哪位领导, 叫什么名字: an official, by name. 谁, 哪位 and 什么人 are answered by a role as
# well (请了心理咨询师, 外商点赞), so they ask no name.
TITLES = "领导|书记|市长|局长|院长|部长|主任|主席|负责人|一把手|秘书长|同志|法官|检察官|警官"
_ASKS_PERSON = re.compile(
    rf"(?:哪|什么)[个位名些]?((?:总局|中央|国家|省委?|市委?)?(?:{TITLES}))(?!项目|处|班|室)"
    # the post with its level: 省委书记 is not 市委书记
    rf"|((?:[省市区县镇]委?)?(?:{TITLES}))(?:是|叫|系)?(?:谁|哪位)(?![{CJK}]{{0,3}}的)"  # not 是谁派的
    rf"|谁 ?({TITLES})"  # 谁 市长: English word order
    rf"|名字 (?:\S+ )?({TITLES})"  # "the name of (Zhongshan's) mayor": 什么 名字 中山 市长
    rf"|名字 ([{CJK}]{{0,4}}?(?:咨询师|讲师|专家|教授|顾问|老师))"  # "the name of the counsellor"
    rf"|([{CJK}]{{0,4}}?(?:咨询师|讲师|专家|教授|顾问|老师)) 名字"  # "the counsellor's name"
    # a calling the report names (邀请心理咨询师), asked who: 咨询师是谁, 讲师系边个, and
    # "who are the counsellors" (谁 心理咨询师)
    rf"|谁 ?([{CJK}]{{0,4}}?(?:咨询师|讲师|专家|教授|顾问|老师))"
    rf"|(?:哪|什么)[个位名]([{CJK}]{{0,4}}?(?:咨询师|讲师|专家|教授|顾问|老师))"  # 请了哪个咨询师
    rf"|([{CJK}]{{1,4}}?(?:咨询师|讲师|专家|教授|顾问|老师))(?:都|分别)?(?:是|系)?(?:谁|哪位|哪些人|哪个(?![{CJK}]))(?![{CJK}]{{0,3}}的)"  # not 是谁请的
    rf"|({TITLES})叫什么名"  # 局长叫咩名
    # 他叫什么名字, 那位委员叫什么名字: a person's (a programme's or a meeting's is a thing's)
    r"|(?:^|(?<=[人者员长官师记导任表志他她])|(?<=干部))叫什么名字"
    r"|名字叫什么|姓什么|姓名"
    # 那15名干部是哪些人: people counted, asked who they are
    rf"|(?:干部|党员|代表|委员|法官|干警|书记)(?:都|分别|具体)?(?:是|系)(?:哪些人|哪几个人|哪几位|谁)"
    rf"(?!(?!来的)[{CJK}]{{1,3}}的)"  # not 是谁派的; 是哪些人来的 (系边啲人嚟㗎) asks who
)


def _person_asked(text: str) -> str | None:
    """Return the title of the official a question asks for by name (市长), "" for any."""
    match = _ASKS_PERSON.search(text)
    if match is None:
        return None
    return _first_group(match) or ""


_THRESHOLD = re.compile(r"(?:超过|过|破|达到|够|上|到)(\d+(?:\.\d+)?)(万|千|百)?")


def _threshold(text: str) -> float | None:
    """Return the number a yes/no question measures against: 有冇过五十个 → 50."""
    match = _THRESHOLD.search(text)
    if match is None:
        return None
    scale = {"万": 10_000, "千": 1_000, "百": 100}.get(match.group(2) or "", 1)
    return float(match.group(1)) * scale


def _versus(text: str) -> str | None:
    """Return what a figure is compared with (全国基层法院平均), unless it is last year."""
    other = _first_group(
        _VERSUS.search(text) or _VERSUS_WHICH.search(text) or _VERSUS_WHETHER.search(text)
    )
    if other is None or re.match(r"(去年|上年|往年|前年|同期)", other):
        return None
    return other


@lru_cache(maxsize=8192)
def _token_features(token: str) -> frozenset[str]:
    return frozenset(features(token))


_GENERIC_BODIES = frozenset({"机关", "单位", "部门", "全市", "全院", "本院", "该院"})


def _features(index: Index, content: list[str], numbers: frozenset[str]) -> dict[str, float]:
    """Weigh the content's features by how telling they are; single characters count less."""
    found: dict[str, float] = {}
    weighed, get = index.token_weights, found.get
    for token in content:
        weights = weighed.get(token)
        if weights is None:
            weights = _token_weights(index, token)
            if len(weighed) < 50_000:
                weighed[token] = weights
        for f, weight in weights:
            old = get(f)
            if old is None:
                found[f] = weight if weight > 0.0 else 0.0  # max(0.0, weight)
            elif weight > old:
                found[f] = weight
        if token in COLLOQUIAL:
            _add_meaning(found, index, token)
    joined = "".join(content)
    if _ANY_COLLOQUIAL_PHRASE.search(joined):
        for phrase in _COLLOQUIAL_PHRASES:
            # A colloquial phrase the cut split (不|作为) still says what it says.
            if phrase in joined:
                _add_meaning(found, index, phrase)
    idf = index.idf
    for i in range(len(joined) - 1):
        pair = joined[i : i + 2]
        # Pairs across words (人里 in 448人里面), never a piece of a number (44 of 448).
        if pair not in found and pair in idf and is_cjk_pair(pair):
            found[pair] = idf[pair]
    for number in numbers:
        # A number the report writes as a name (12368热线) is a word; else it only confirms.
        found[number] = index.idf_of(number) if number in index.name_numbers else WEIGHTS.number
    return found


def _token_weights(index: Index, token: str) -> tuple[tuple[str, float], ...]:
    """Return a word's features with what each weighs in a question, in feature order.

    A property of the word and the index alone: `_features` keeps it per index, since the
    words of questions recur.
    """
    # A name of an agency (纪检监察) or a generic body word (机关) says who, not what.
    scale = 0.3 if token in index.names_by_text or token in _GENERIC_BODIES else 1.0
    # The characters of a word the report never uses (特色) say little about the report.
    unknown_word = (
        len(token) > 1
        and token not in COLLOQUIAL
        and any(token[i : i + 2] not in index.idf for i in range(len(token) - 1))
    )
    weights = []
    for f in _token_features(token):
        weight = index.weight_of(f) * scale
        if unknown_word and len(f) == 1:
            weight *= WEIGHTS.unknown_feature
        weights.append((f, weight))
    return tuple(weights)


def _add_meaning(found: dict[str, float], index: Index, colloquial: str) -> None:
    """Add the report's words for a colloquial one (老赖 → 失信), a little below its own."""
    for word in COLLOQUIAL.get(colloquial, ()):
        for f in _token_features(word):
            found.setdefault(f, index.weight_of(f) * 0.8)


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """Return a pattern that finds any of the words: one search instead of one scan a word."""
    return words_pattern(words)


_REPORT_CUE_PATTERNS = tuple((topic, _any_of(cues)) for topic, cues in _REPORT_CUES.items())
_DATE_CUE = _any_of(_DATE_CUES)
_REPORT_WORD = _any_of(_REPORT_WORDS)
# Any cue at all: most questions have none, and one search tells.
_ANY_REPORT_CUE = _any_of((*(c for cues in _REPORT_CUES.values() for c in cues), *_DATE_CUES))
# Any colloquial phrase at all, for the same reason.
_ANY_COLLOQUIAL_PHRASE = _any_of(_COLLOQUIAL_PHRASES)


# A meeting of its own kind, which is not the report's 推进会: 座谈会, 研讨会, 论坛.
_MEETING_WORD = re.compile("(?<!委)会(?![长员])|召开")
_ANOTHER_MEETING = re.compile("座谈会|交流会|研讨会|研讨班|培训班|论坛|全会|代表大会")


# Bodies that are none of the report's units: asked which ones, they are not its eight.
_OTHER_BODIES = re.compile("企业|公司|学校|高校|医院|银行|社区|村")


def _a_region_written(index: Index, place: str) -> bool:
    """Tell whether a place is a region the report writes (粤港澳大湾区): longer than the name
    of a city or a province, which may stand for another city's bodies."""
    return len(place) >= 5 and place in index.paragraphs_text


def _report_topic(index: Index, text: str) -> str | None:
    """Return which fact of the report itself the question asks about, if any."""
    if _ANY_REPORT_CUE.search(text):
        for topic, cues in _REPORT_CUE_PATTERNS:
            if cues.search(text):
                if topic == "agencies" and _quotes_an_agencys_figure(index, text):
                    return None  # 那148宗分别是向哪些部门申请的: about the figure
                if topic == "agencies" and _OTHER_BODIES.search(text):
                    return None  # 签协议的企业是哪几家: companies, not the report's units
                other = topic == "meeting" and _ANOTHER_MEETING.search(text)
                if other and not any(m in text for m in index.meetings):
                    return None  # 人文交流合作座谈会系边日开: another meeting
                if topic == "meeting" and _MEETING_WORD.search(text) is None:
                    continue  # 条例哪天开始施行: 开 of 开始, no meeting
                return topic
        if _DATE_CUE.search(text) and _REPORT_WORD.search(text):
            return "source"
    if _COUNTED_UNITS.search(text) and _A_QUESTION.search(text):
        return "agencies"  # 8个单位是哪几个: the units the report counts
    if any(m in text for m in index.meetings):
        return "meeting"
    return None


def _quotes_an_agencys_figure(index: Index, text: str) -> bool:
    """Tell whether a text quotes one of the agencies' figures as the report writes it."""
    return any(
        entry.metric is not None and entry.agency is not None and entry.metric.figure() in text
        for entry in index.entries
    )


_COUNTED_UNITS = re.compile(r"\d个?(?:单位|机关|部门)")  # whether, not where: a digit will do


# What follows a question word and names what is counted: 多少件刑事案件, 几节课.
_ASKED_AFTER = re.compile(rf"(?:多少|几)[{MEASURE_WORDS}]?([{CJK}]{{2,8}})")
# What stands before 有多少/占多少/是多少 and names what is counted: 刑事案件有多少.
_ASKED_BEFORE = re.compile(rf"([{CJK}]{{2,8}}?)(?:的)?(?:有|占|是|为|达)?(?:多少|几)")


# Nouns that ask for an attribute of what the report counts, not for another thing.
_ATTRIBUTE_NOUNS = frozenset(
    "号码 电话 编号 数目 总数 数量 规模 水平 情况 名单 名称 名字 人数 件数 次数 比例 比率 "
    "百分比 金额 数额 总额 总量 幅度 速度 结果 成绩 成效 效果 时间 日期 年份 地方 单位 部门".split()
)


_ASK_CHAR = re.compile("[多少几]")
_NOUN_UNIT_WORDS = frozenset(word for nouns, _ in _NOUN_UNITS for word in nouns.split("|"))


# A thing counted that a question may name in one character: 刑事|案 (not 人: 被执行人).
_ONE_CHARACTER_HEADS = frozenset("案")


def _unknown_asked(index: Index, text: str, words: list[str]) -> str | None:
    """Return what the question asks to count when the knowledge has no word for it.

    "刑事案件有多少件" asks for criminal cases; the report never says 刑事, so no figure of
    it can be the answer, however well the rest of the question matches. Only nouns count:
    an unknown verb (办完, 收到) is a way of asking, not a thing asked for.
    """
    if "几" not in text and "多少" not in text:
        return None  # both patterns below need one (and the second is a slow one)
    spans = [m.span(1) for m in _ASKED_AFTER.finditer(text)]
    spans += [m.span(1) for m in _ASKED_BEFORE.finditer(text)]
    if not spans:
        return None
    for start, end in spans:
        phrase_words = _head_words(words, start, end)
        phrase = "".join(phrase_words)
        # "投诉类" names a category, "接听员" a post: a verb before 类 or 员 is a noun there.
        candidates = [
            w + after[0] if (after := phrase_words[i + 1 : i + 2]) in (["类"], ["员"]) else w
            for i, w in enumerate(phrase_words)
        ]
        for word in candidates:
            if (not is_noun(word) and word[-1] not in "类员") or word in _ATTRIBUTE_NOUNS:
                continue
            if word in COLLOQUIAL:
                continue
            if word in STOPWORDS or word in _AMONG_WORDS or _ASK_CHAR.search(word):
                continue
            if word in _NOUN_UNIT_WORDS:
                continue
            # A compound of known words (纪律|处分) is known; one unknown pair (刑事) is not.
            pairs = [word[i : i + 2] for i in range(0, len(word) - 1, 2)]
            if all(index.knows(pair) for pair in pairs):
                continue
            if word.endswith("类"):
                return word  # a category the report never names (投诉类)
            # An unknown word that narrows a known thing (刑事|案件, 女性|干部) asks for a part
            # the report does not give; a wholly unknown word may only be a paraphrase.
            if len(word) > 2 and word[-1] in _ONE_CHARACTER_HEADS:
                return word[:-1]  # 刑事案: a kind of 案 the report never names
            if len(word) > 2 and word[-1] == "员" and not index.knows(word[-2:]):
                return word  # 多少个接线员: a post the report never names (非|党员 is known)
            head = phrase[phrase.find(word) + len(word) :] or word[-2:]
            if index.knows(head[:2]) and (len(head) >= 2 or head in _ONE_CHARACTER_HEADS):
                return word
    return None


def _head_words(words: list[str], start: int, end: int) -> list[str]:
    """Return the words of a question (cut whole) that lie inside text[start:end], from the
    head of the phrase on: 打消离婚念头的|夫妻, 土地增值税的|税率."""
    phrase: list[str] = []
    at = 0
    for word in words:
        if start <= at and at + len(word) <= end:
            phrase.append(word)
        at += len(word)
    if "的" in phrase:
        phrase = phrase[len(phrase) - phrase[::-1].index("的") :]
    return phrase


def _unknown_attribute(index: Index, text: str) -> str | None:
    """Return the attribute a question asks of something (土地增值税的税率是怎么定的, 什么
    身份的人) when the knowledge has no word for it: no paragraph can say what it is."""
    match = _ASKED_ATTRIBUTE.search(text)
    if match is None:
        return None
    start, end = next(match.span(g) for g in (1, 2, 3) if match.group(g))
    # rare (only an attribute asked): a cut of its own
    phrase = _head_words(list(index.tokenizer.lcut(text, HMM=False)), start, end)
    for word in phrase:
        if len(word) < 2 or not is_noun(word) or word in _ATTRIBUTE_NOUNS or word in _WAYS:
            continue
        if word in COLLOQUIAL or word in STOPWORDS or _ASK_CHAR.search(word):
            continue
        pairs = [word[i : i + 2] for i in range(0, len(word) - 1, 2)]
        if not any(index.knows(pair) for pair in pairs):
            return "".join(phrase[phrase.index(word) :])
    return None


def _unknown_action(index: Index, text: str) -> str | None:
    """Return the personnel action a count is asked of (提拔了多少名干部, 开除咗几个) when the
    knowledge never writes it: no figure of the report counts it. Other verbs the report
    lacks are mostly its own in other words (挽回, 调进, 达到), so only these are read."""
    action = _first_group(_PERSONNEL_ACTION.search(text))
    return action if action and not index.knows(action) else None


# A rate by its name: 调解结案率, 上诉率 (not a change: 增长率, nor a share asked: 比率).
_RATE_NAMED = re.compile(rf"([{CJK}])([{CJK}])率(?<![增长升降比效概频税利汇]率)(?![先领])")


def _unknown_rate(index: Index, text: str) -> str | None:
    """Return a rate the question names that the knowledge never writes, by its last two
    characters and 率 (结案率: the report counts the cases closed, and gives 办结率 of
    letters only)."""
    for match in _RATE_NAMED.finditer(text):
        if not index.knows(match.group(2) + "率"):
            return match.group(0)  # 调解结案率: 结案率, which the report never gives
    return None


# Actions on staff that a report of the agencies' work may never count, asked as a count
# (提拔了多少名干部) or as whether any was taken (有没有人被开除).
_PERSONNEL_ACTIONS = (
    "提拔|晋升|升职|降职|免职|撤职|罢免|开除|辞退|解聘|录用|招聘|招录|任命|表彰|嘉奖|记过|调离|调任"
)
_PERSONNEL_ACTION = re.compile(
    f"({_PERSONNEL_ACTIONS})[^,,。??]{{0,8}}?(?:多少|几)"
    f"|(?:有没有|有无|是否有?|是不是)[^,,。??]{{0,10}}?({_PERSONNEL_ACTIONS})"
)


# An attribute asked of a thing: …是怎么定的, …是怎样的, 什么身份.
_ASKED_ATTRIBUTE = re.compile(
    rf"([{CJK}]{{2,10}}?)(?:是|都是|又是)?(?:怎么|怎样|如何)(?:定|确定|算|计算|规定)的?"
    rf"|([{CJK}]{{2,10}}?)(?:是|都是)?(?:怎样的|怎么样的|什么样的?)"
    r"|(?:什么|啥|哪些)(身份|标准|条件|依据|罪名|资格|待遇)"
)
# Nouns for a way of working: asked of an agency, they are what its paragraph tells.
_WAYS = frozenset(
    "做法 措施 办法 方式 方法 情况 经验 成效 机制 模式 流程 思路 安排 特点 亮点 作用 目标 "
    "内容 效果 工作 举措 形式 途径 手段 路径 过程 结果 步骤 制度 规定 政策 要求 标准 成绩 "
    "表现 进展 打算 计划 规划 理念 特色 创新 经过 来历".split()
)


def _foreign_body(index: Index, text: str, tokens: list[str], *, named_agency: bool) -> str | None:
    """Return a place or body the question names that the knowledge does not cover.

    A place the report mentions in passing (深圳) is foreign too when it owns the body
    asked about (深圳法院): the report's agencies are all of its own place. A body shaped
    like an organisation's name (市第二人民法院, 市检察院, 宣传部) that is none of the
    agencies' names is foreign, even where the report mentions it in passing.
    """
    own = index.places
    places = place_names()
    for token in tokens:
        if len(token) < 2 or token not in places:
            continue  # no place jieba knows (most words): the tests below cannot hold
        if any(token in o or o in token for o, _ in own):
            continue
        if _is_a_place(token):
            if named_agency and index.knows(token) and _WORKS_WITH.search(text):
                continue  # 政协跟广州、深圳政协怎么联动: the report says how it works with them
            after = text[text.find(token) + len(token) :]
            if not index.knows(token) or _owns_a_body(index, after):
                return token
    court = _DISTRICT_COURT.search(text)
    if court is not None and not _names_an_agency(index, court.group(0)):
        return court.group(0)
    other = _another_level(index, text)
    if other is not None:
        return other
    if not _BODY.search(text):
        return None
    for match in _ORG_NAME.finditer(text):
        name = _placed_body(match.group(1))
        for form, _ in own:
            name = name.removeprefix(form)
        name = name.lstrip("市省区县")
        if _names_an_agency(index, name):
            continue
        # A body the report mentions (检察院 came to learn from the court) is content when
        # the question is about one of the report's agencies; never when it is the subject.
        if index.knows(name) and named_agency:
            continue
        return name
    return None


# Working with another place's body, asked how (not counted, not compared): 跟…怎么联动.
_WORKS_WITH = re.compile(
    r"^(?!.*(?:多少|几|比|哪个|谁)).*(?:跟|与|和|同)[^,,。??]{0,12}"
    r"(?:联动|合作|交流|对接|协作|联系)"
)


def _another_level(index: Index, text: str) -> str | None:
    """Return the place or level of a body named like one of the agencies but of another
    place: 省纪委, 顺德法院, 小榄镇政协, 石岐区办事处. The agencies are of the report's city."""
    names = [m.span() for m in index.name_pattern.finditer(text)]
    found = None
    for start, end in names + [m.span() for m in _TOWN_BODY.finditer(text)]:
        before = text[max(0, start - 4) : start]
        other = _other_level_before(index, before)
        if other is None and (start, end) in names:
            return None  # 市纪委在省纪委领导下: the city's own body is the one asked about
        found = found or (other + text[start:end] if other is not None else None)
    return found


def _other_level_before(index: Index, before: str) -> str | None:
    """Return the other place or level written just before a body's name, if any."""
    province = _PROVINCE_BEFORE.search(before)
    if province is not None:
        return province.group(0)
    placed = _PLACE_BEFORE.search(before)
    if placed is None:
        return None
    place, level = placed.groups()
    if any(place in form or form in place for form, _ in index.places):
        return None
    named = place + level
    the_reports_words = any(named[j : j + 2] in index.corpus_bigrams for j in range(len(named) - 1))
    if place in _REGIONS or (not the_reports_words and (level or place in place_names())):
        return named  # 镇区人大 is the report's own words: the towns' congresses it writes of
    return None


# 省纪委, 省委组织部: the province's bodies (全省法院 is a scope, not a body).
_PROVINCE_BEFORE = re.compile("(?<![全各本])省委?$")
# A place and its level just before a body: 顺德, 江门市, 小榄镇, 石岐区.
_PLACE_BEFORE = re.compile(rf"(?<![各全本该])([{CJK}]{{2}})([区镇县市]?)$")
# Bodies of a town or a district that no agency's name holds.
_TOWN_BODY = re.compile("办事处|街道办|党委|政府")


_PLACE_PREFIX = re.compile(f"([{CJK}]{{2,3}})([省市区县镇])(.+)")


def _placed_body(name: str) -> str:
    """Return a body's name with the place before it only if that is a place: 广州市法院
    stays, 请问下市法院 (唔该问下 read as standard Chinese) is 市法院."""
    match = _PLACE_PREFIX.fullmatch(name)
    if match is None:
        return name
    prefix, level, body = match.groups()
    for start in range(len(prefix) - 1):
        place = prefix[start:]
        if place in _REGIONS or f"{place}{level}" in place_names() or place in place_names():
            return name[start:]
    return f"{level}{body}"


# jieba tags many common words as places (上台, 东西, 城市); a place that can own a body is
# a province, a city, a district or a county: by its suffix, or one of these.
_REGIONS = frozenset(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 广州 深圳 "
    "珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 潮州 揭阳 云浮 "
    "南京 杭州 武汉 成都 西安 苏州 长沙 郑州 济南 青岛 厦门 福州 南宁 昆明 贵阳 合肥 南昌 沈阳 "
    "大连 宁波 无锡 温州 顺德 南海 番禺 福田 罗湖 南山 宝安 龙岗 香洲 斗门 金湾 新会 台山".split()
)


# One part of the city by its name: 火炬开发区, 翠亨新区, 小榄镇, 石岐街道. Not 各镇区, 哪个镇,
# 乡镇 or 市镇两级: kinds of place, not one.
_NOT_A_TOWN_NAME = (
    "各全本该每哪几这那个些的了在到和与及什么乡城市集村重给向对把被从我你他她们哋是系"
)
_TOWN = re.compile(rf"([^\W\d_a-z{_NOT_A_TOWN_NAME}]{{2,3}})(高新区|开发区|新区|街道|镇(?!区|街))")


def _town(index: Index, text: str) -> str | None:
    """Return the part of the city a question names, as its last words before the level
    (投入多少钱给火炬开发区: 火炬, not 钱火炬)."""
    match = _TOWN.search(text)
    if match is None:
        # 喺石岐, 小榄有几多: a part of the city the report's knowledge lists, named bare
        return next((t for r in index.knowledge.reports for t in r.towns if t in text), None)
    words = list(index.tokens(match.group(1)))
    name = ""
    while words and len(name) < 2:
        name = words.pop() + name
    return name + match.group(2)


def places_in(text: str) -> set[str]:
    """Return the regions a text names: 广州、深圳 and 大良村, but not 中心城市."""
    found = {r for r in _REGIONS if r in text}
    for match in _PLACE_NAME.finditer(text):
        name = match.group(1)
        # The place is the end of the run before 市/村: 机关深化|市 is no place, 广宁大良|村 is;
        # 农村 and 市镇村 are kinds of place, not one.
        for start in range(len(name) - 1):
            village = match.group(2) == "村" and not set(name[start:]) & _NOT_A_VILLAGE
            if name[start:] in place_names() or village:
                found.add(match.group(0)[start:])
                break
    return found


_NOT_A_VILLAGE = frozenset("农乡镇市县区在做好的和与及各全")


_PLACE_NAME = re.compile(f"([{CJK}]{{2,4}})([省市县镇村])")


def _is_a_place(token: str) -> bool:
    return token in _REGIONS or (len(token) >= 3 and token[-1] in "省市区县镇")


def _names_an_agency(index: Index, name: str) -> bool:
    """Tell whether a name is one of the ways to name an agency (same ordinal, if any)."""
    # 法院 is a part of 市第一人民法院; 中级人民法院 holds the alias 人民法院 but is another court.
    if name not in index.names_text:
        return False  # a part of no name at all: one search instead of one per name
    ordinal = re.search(r"第[一二三四五六七八九十\d]+", name)
    if ordinal is None:
        return True  # a part of some name, and no ordinal to agree on
    wanted = ordinal.group(0)
    # Each place the name is written in the names (one string, "\x00" between them) lies in
    # one of them: that one must have the ordinal too.
    names = index.names_text
    at = names.find(name)
    while at != -1:
        start, end = names.rfind("\x00", 0, at) + 1, names.find("\x00", at)
        if wanted in names[start : end if end != -1 else len(names)]:
            return True
        at = names.find(name, at + 1)
    return False


def _owns_a_body(index: Index, after: str) -> bool:
    after = after.lstrip("市省区县的 \u3000")  # 深圳 纪委, typed as keywords
    if index.name_pattern.match(after):
        return True  # it starts with a name
    word = next(iter(index.tokens(after[:8])), "")
    return bool(_ORG_SUFFIX.search(word)) and len(word) >= 2


_ASK_FIRST = re.compile(r"(多少|几)(.+)")
_ASK_LAST = re.compile(r"(.+?)(多少|第几|几)")


def _split_question_words(tokens: list[str]) -> list[str]:
    """Split question words jieba glued to their neighbours: 几部 → 几 部, 多少倍 → 多少 倍."""
    out: list[str] = []
    for token in tokens:
        if "几" not in token and "多少" not in token:
            out.append(token)  # no question word to split off
            continue
        match = _ASK_FIRST.fullmatch(token) or _ASK_LAST.fullmatch(token)
        if match and token not in STOPWORDS:
            out.extend(part for part in match.groups() if part)
        else:
            out.append(token)
    return out


def _without_asked_unit(content: list[str], tokens: list[str]) -> list[str]:
    """Drop the measure word right after 多少/几 (多少件): it is the unit asked, not a topic."""
    asked = {
        tokens[i + 1]
        for i, t in enumerate(tokens[:-1])
        if t in ("多少", "几") and tokens[i + 1][:1] in MEASURE_WORDS
    }
    # A measure word cut together with its noun (多少|宗案) leaves the noun: 案. A word that
    # only begins with one (人口, 个人) is a word.
    words = dictionary_words()
    kept = (c[1:] if c in asked and c not in words else c for c in content)
    return [c for c in kept if c]


def _content_words(index: Index, tokens: list[str]) -> list[str]:
    """Return the content forms of a question's words, leaving out those that say nothing
    of what it is about; most are read from the index's table at once."""
    forms, found = index.content_forms, []
    for token in tokens:
        form = forms.get(token)
        if form is None:
            form = _content_form(index, token)
        if form:
            found.append(form)
    return found


def _content_form(index: Index, token: str) -> str:
    """Return the form a word says what a question is about in, or "" if it says nothing of
    it (a question word, a rank or period word, a place). A property of the word and the
    index alone, kept per index: the words of questions recur."""
    form = index.content_forms.get(token)
    if form is None:
        form = _plain(index, token)
        if (
            form in STOPWORDS
            or form in _RANK_WORDS
            or _is_period_word(form)
            # A place (深圳) names where, not what: it never counts as the topic.
            or (form in place_names() and _is_a_place(form))
        ):
            form = ""
        if len(index.content_forms) < 50_000:
            index.content_forms[token] = form
    return form


def _plain(index: Index, token: str) -> str:
    """Drop aspect particles from a word the knowledge lacks: 结了 → 结, 办过 → 办."""
    if token.isspace():
        return ""
    if len(token) > 1 and not index.knows(token):
        stripped = token.strip("了过着")
        if stripped.endswith("掉") and index.knows(stripped[:-1]):
            stripped = stripped[:-1]  # 结掉, 处理掉: the verb done with
        rest = stripped[1:]
        if stripped[:1] in "那咁" and (index.knows(rest) or rest in COLLOQUIAL):
            return rest  # 那钱呢: jieba glues the follow-up's 那 to the word asked about
        return stripped or token
    return token


# The term right after 多少 names people, and no term after it is a thing of theirs:
# 多少 委员 委员联系点 ("committee member liaison points") counts points.
_ENGLISH_PEOPLE_ASKED = re.compile(f"多少 ([{CJK}]*(?:{_NOUN_UNITS[-1][0]}))(?= |$)(?! \\1)")
_PHRASE_END = re.compile(r"[\s,,。??!!;;的]")
_NOUN_PHRASE_END = re.compile(r"[\s,,。??!!;;]")
_PEOPLE_LAST = re.compile(f"(?:{_NOUN_UNITS[-1][0]})$")
_PEOPLE_BEFORE = re.compile(f"(?:{_NOUN_UNITS[-1][0]})(有|是)?$")
_ASKED_PHRASE = re.compile(r"(?:多少|几)([^\s,,。??!!;;的]{1,8})")
# Per kind of unit: its nouns at the start and at the end of what follows 多少.
_NOUN_UNIT_PATTERNS = tuple(
    (re.compile(f"(?:{nouns})"), re.compile(f"(?:{nouns})$"), units) for nouns, units in _NOUN_UNITS
)
_FACILITY_ASKED = re.compile("(?:[站点室所馆厅]|中心|基地)$")
_MONEY_BEFORE = re.compile(f"(?:{_NOUN_UNITS[0][0]}) ?(?:是|有|为|达|共|一共|总共)? ?(?:多少|几)")
_RATE_ASKED = re.compile(r"(率|比例|比重|占比|百分比)\s*((是|为|有|达到?)?\s*(多少|几)|[??。]?$)")


def units_asked(text: str, tokens: Callable[[str], list[str]] | None = None) -> tuple[str, ...]:
    """Return the units a question asks for: 多少件 → 件, 多少法官 → people, 多少钱 → money."""
    match = _UNIT_ASKED.search(text)
    if match and match.group(1) == "个" and text.startswith("百分点", match.end()):
        return ("%", "个百分点")  # 提高了多少个百分点: a share, not a count
    if match and match.group(1) == "个":
        # 个 counts anything: 几个干部 asks for people, 几个联络站 for things.
        # The head of a noun phrase is its last word: 委员工作站 is a place, 科级干部 people.
        people = _NOUN_UNITS[-1]
        # 几多个党员干部啊: a particle ends the noun run, not its head
        after = _PHRASE_END.split(text[match.end() :], maxsplit=1)[0][:8].rstrip(
            "啊呀吗呢吧嘛哦啦喔"
        )
        # 几多个违反八项规定嘅党员干部: people, named after the clause that says which
        phrase = _NOUN_PHRASE_END.split(text[match.end() :], maxsplit=1)[0]
        if "的" in phrase and _PEOPLE_LAST.search(phrase.rstrip("啊呀吗呢吧嘛哦啦喔")):
            return people[1]
        before = text[max(0, match.start() - 8) : match.start()]
        head = after
        if tokens is not None and after:
            # The last word of the noun run after 个: 委员|联系点 is a place, 工人 people.
            run: list[str] = []
            for word in tokens(after):
                if run and not is_noun(word) and (len(word) == 1 or word in dictionary_words()):
                    break  # 学生|进|了企业: a verb of one character ends the run too
                run.append(word)
            head = run[-1] if run else after
        if _PEOPLE_LAST.search(head) or _PEOPLE_LAST.search(after) or _PEOPLE_BEFORE.search(before):
            return people[1]
        return ("个",)
    if match:
        unit = match.group(1)
        return {
            "人": ("人", "名", "位", "人次"),
            "名": ("名", "人", "位"),
            "位": ("位", "人", "名"),
        }.get(unit, (unit, f"{unit}次") if unit in "批场" else (unit,))
    after = _ASKED_PHRASE.search(text)
    if after:
        phrase = after.group(1)
        if _FACILITY_ASKED.search(phrase):
            return ("个",)  # 多少委员联系点: places set up, counted, whoever they are for
        # What is counted comes first (多少委员参与捐款 counts 委员), else what it ends with.
        for first, _, units in _NOUN_UNIT_PATTERNS:
            if first.match(phrase):
                return units
        for _, last, units in _NOUN_UNIT_PATTERNS:
            if last.search(phrase):
                return units
    if _MONEY_BEFORE.search(text):
        return _NOUN_UNITS[0][1]  # 执行到位金额多少: money, named before the ask
    if _RATE_ASKED.search(text):
        return ("%", "个百分点")  # 及时率多少, 办理满意率
    return ()


# Pairs of characters that question words make (多少, 请问 …): a question holds them, the
# report need not, and they are no typo.
_QUESTION_BIGRAMS = frozenset(w[i : i + 2] for w in STOPWORDS for i in range(len(w) - 1))


def _may_need_correction(index: Index, text: str) -> bool:
    """Tell cheaply whether some unseen pair of characters sits in a window that sounds like
    a knowledge word; only then is the question cut into words and corrected."""
    quiet = index.quiet_pairs  # pair → no typo can be in it: decided once per index
    pairs = [text[i : i + 2] for i in range(len(text) - 1)]
    if all(map(quiet.get, pairs)):
        return False  # every pair decided and calm: most questions
    # Looked up all at once (most pairs are decided and calm), decided one by one if not.
    for i, calm in enumerate(map(quiet.get, pairs)):
        if calm:
            continue
        if calm is None:
            calm = _is_quiet(index, pairs[i])
            if len(quiet) < 50_000:
                quiet[pairs[i]] = calm
            if calm:
                continue
        for size in (2, 3, 4):
            for start in range(max(0, i + 2 - size), i + 1):
                window = text[start : start + size]
                if len(window) == size and index.sounds_like(window) is not None:
                    return True
    return False


def _is_quiet(index: Index, pair: str) -> bool:
    """Tell whether no typo can be in a pair: the report's own, a question word's, or two
    characters in a row that no word of the knowledge sounds like."""
    if pair in index.corpus_bigrams or pair in _QUESTION_BIGRAMS:
        return True
    return (char_pinyin(pair[0]), char_pinyin(pair[1])) not in index.vocabulary_pinyin_pairs


_ASKING_CHARS = frozenset("几哪谁啥吗呢是")  # 是: 一课是指 is no 一科室 misspelt


# What follows a place's own name: 石岐区, 小榄镇, 南朗街道.
_PLACE_LEVELS = frozenset("区镇县乡村街")


def correct_typos(index: Index, text: str) -> str:
    """Replace words the knowledge does not have by a knowledge word that sounds the same.

    网尚 → 网上, 正协 → 政协, 组只部 → 组织部. Only runs of single characters and unknown
    words are candidates, so a real word (推荐) is never cut in two by a correction.
    """
    if not _may_need_correction(index, text):
        return text
    tokens = list(index.tokenizer.lcut(text, HMM=False))
    # Once a word, not once a window: whether the knowledge has it, whether it is Chinese.
    known = [len(t) > 1 and index.knows(t) for t in tokens]
    chinese = [_CJK_ONLY.fullmatch(t) is not None for t in tokens]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        replaced = False
        for size in (4, 3, 2):
            end = min(i + size, len(tokens))
            while end - i > 1 and not chinese[end - 1]:
                end -= 1  # a run ends where the text or the words end: 连络站? as 连络站
            run = tokens[i:end]
            window = "".join(run)
            # Words are never empty: the window is Chinese when each of its words is.
            if len(window) > 4 or len(window) < 2 or not all(chinese[i:end]):
                continue
            # The one test that can say yes comes first: most windows sound like no word.
            word = index.sounds_like(window)
            if not word or word == window:
                continue
            if any(known[i : i + size]) and not _stray_ending(
                tokens[i : i + size], known[i : i + size], word
            ):
                continue
            if all(window[j : j + 2] in index.corpus_bigrams for j in range(len(window) - 1)):
                continue
            if len(run) == 1 and is_noun(window) and not is_rare_word(window):
                continue  # a common noun is meant (刑事), however like a word of ours (形势)
            if any(p.search(window) for p in (_ASKS_COMPARISON, _ASKS_RANK, _ASKS_RATIO)):
                continue  # a word that asks about the figure (升幅) is no typo of a topic
            if any(ch in _ASKING_CHARS for ch in window):
                continue  # 哪几级 asks; it is no 积极 misspelt
            if "".join(tokens[i + size : i + size + 1])[:1] in _PLACE_LEVELS:
                continue  # 石岐区: a place's name before its level, not 时期 misspelt
            if any(window in report.towns for report in index.knowledge.reports):
                continue  # 喺石岐: a town the knowledge lists, bare
            counted = i and (tokens[i - 1][-1:].isdigit() or tokens[i - 1] in ("多少", "几"))
            if counted and window[0] in MEASURE_WORDS:
                continue  # 63266件里, 几个不: a count's measure word, not 建立 or 各部
            out.append(word)
            i += len(run)
            replaced = True
            break
        if replaced:
            continue
        token = tokens[i]
        if not known[i] and len(token) > 1 and _CJK_ONLY.fullmatch(token):
            # A word alone is corrected only when jieba knows it as a rarity (书纪 → 书记)
            # and the correction, with a word beside it, is a name the knowledge has
            # (第一书记, 民生观察室): 接案 and 水务局 are rare but meant. A common word
            # (调节) is corrected only into a phrase the report writes (多元化调解).
            word = index.sounds_like(token)
            before = tokens[i - 1] if i else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if word and is_rare_word(token) and not _ORG_SUFFIX.search(token):
                beside = [n for n in (before and before + word, after and word + after) if n]
                token = word if _in_a_name(index, beside) else token
            elif (
                word
                and word != token
                and _ASKING_CHARS.isdisjoint(token)  # 几时 asks when; it is no 及时
                and _completes_a_phrase(index, tokens, i, token, word)
            ):
                token = word
        out.append(token)
        i += 1
    return "".join(out)


def _completes_a_phrase(index: Index, tokens: list[str], i: int, typed: str, word: str) -> bool:
    """Tell whether a word sounding like the one typed makes, with a word of three or more
    characters beside it, a phrase the report writes that the typed word does not:
    多元化|调节 → 多元化调解. Beside a word of two (查处|初级, 处理|新房) a common word
    is what was meant, however like a name of the knowledge it sounds (处级, 信访)."""
    text = index.paragraphs_text
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return any(
        len(side) >= 3 and is_cjk_pair(side[:2]) and phrase in text and typed_phrase not in text
        for phrase, typed_phrase, side in (
            (before + word, before + typed, before),
            (word + after, typed + after, after),
        )
    )


def _stray_ending(run: list[str], known: list[bool], word: str) -> bool:
    """Tell whether a run is a known word and one stray character that, with it, sounds
    like a word of the knowledge beginning with that word: 工作|占 → 工作站."""
    return len(run) == 2 and known == [True, False] and len(run[1]) == 1 and word.startswith(run[0])


def _in_a_name(index: Index, phrases: list[str]) -> bool:
    """Tell whether any phrase is part of a name, label or keyword of the knowledge."""
    return any(len(p) >= 3 and p in index.lexicon_text for p in phrases)


def find_agencies(index: Index, text: str) -> tuple[list[Agency], str]:
    """Return the agencies a question names (exactly, or by a near-miss) and the rest of it.

    A place the question names (珠海) keeps only that report's agencies.
    """
    # Every naming in the text, longest first so that 市纪委 is not read as 纪委 inside it.
    # One pass of a pattern of every name, longest first at each place.
    spans = [
        (m.start(), m.end(), index.names_by_text[m.group(0)])
        for m in index.name_pattern.finditer(text)
    ]
    found: list[tuple[int, Agency]] = []
    cut: list[tuple[int, int]] = []
    for start, end, name in spans:
        new = [a for a in name.agencies if all(a is not b for _, b in found)]
        if new:  # the first naming of an agency names it; a later alias is content
            found.extend((start, agency) for agency in new)
            follows = text[end : end + 1]
            if follows in STOP_CHARS or text[end - 1 : end + 1] not in index.corpus_bigrams:
                cut.append((start, end))
            # else the name runs on into a word of the report (纪检监察|干部): it names the
            # agency and is part of what is asked about too
    blanked = list(text)
    for start, end in cut:
        blanked[start:end] = " " * (end - start)
    rest = "".join(blanked)
    if not found:
        near = _near_miss(index, rest)
        if near is not None:
            agencies, window = near
            found.extend((text.find(window), agency) for agency in agencies)
            rest = rest.replace(window, " " * len(window))
    reports = _reports_named(index, text)
    if reports:
        found = [(p, a) for p, a in found if a.report_id in reports]
    found.sort(key=lambda item: item[0])
    return [agency for _, agency in found], rest


def _reports_named(index: Index, text: str) -> set[str]:
    """Return the reports whose place a text names."""
    return {report_id for form, report_id in index.places if form in text}


def _near_miss(index: Index, text: str) -> tuple[tuple[Agency, ...], str] | None:
    """Find an agency named with one character off in its reading: 法阮 → 法院.

    Each name is indexed under every form with one character masked, so a window is looked
    up rather than compared with every name; a window with two characters that no name has,
    or with neither half of a name of its length, is skipped before any lookup.
    """
    words = dictionary_words()
    # strange[i]: how many of the first i characters no name has.
    strange = [0]
    for ch in text:
        strange.append(strange[-1] + (ch not in index.name_chars))
    # Only the lengths of names that are masked (most long aliases are not), shortest first.
    for size, (firsts, seconds) in index.near_name_halves.items():
        if size > len(text):
            break
        middle = size // 2
        for i in range(len(text) - size + 1):
            if strange[i + size] - strange[i] > 1:
                continue
            window = text[i : i + size]
            if window[:middle] not in firsts and window[middle:] not in seconds:
                continue  # one character off a name keeps one of its halves whole
            if size == 2 and (text[max(0, i - 1) : i + 1] in words or text[i + 1 : i + 3] in words):
                continue  # 工人|拿回: two characters of two words, not 人大 mistyped
            if not _MODAL.isdisjoint(window):
                continue  # 多少人呀: a sentence particle ends the ask, it mistypes no name
            for j in range(size):
                name = index.near_names.get(f"{window[:j]}\x00{window[j + 1 :]}")
                if name is None or name.text == window:
                    continue
                if not _CJK_ONLY.fullmatch(window) or index.knows(window):
                    break
                if _edit_distance(pinyin_key(window[j])[0], name.pinyin[j]) <= 1:
                    return name.agencies, window
    return None


_CJK_ONLY = re.compile(f"[{CJK}]+")
# The particles a sentence ends on, which no agency's name holds.
_MODAL = frozenset("吗呢啊呀吧啦嘛哦喔咩")


def _edit_distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


# The dearest patterns a question meets, each behind the characters its every match needs
# (bot.text.gated): most questions hold none of them, and one scan for those says so. (A
# pattern whose every branch starts with a character is searched as fast as a gate.)
_TASK_WRITE = gated(_TASK_WRITE)
_TASK = gated(_TASK)
_AMONG = gated(_AMONG)
_DISTRICT_COURT = gated(_DISTRICT_COURT)
_YEAR = gated(_YEAR)
_RECENT_YEARS = gated(_RECENT_YEARS)
_MONTHS = gated(_MONTHS)
_QUARTER = gated(_QUARTER)
_ASKED_ATTRIBUTE = gated(_ASKED_ATTRIBUTE)
_ASKS_ORGANISATION = gated(_ASKS_ORGANISATION)
_ASKS_PERSON = gated(_ASKS_PERSON)
_TOWN = gated(_TOWN)
_ASKS_DEFINITION = gated(_ASKS_DEFINITION)
# The patterns of a period, in the order they are blanked: every match of each holds one of
# _PERIOD_HINT's characters.
_PERIOD_PATTERNS = (
    _COMPARED,
    _FIRST_MONTHS,
    _RECENT_MONTH,
    _QUARTER,
    _MONTHS,
    _UNTIL,
    _SINCE,
    _RECENT_YEARS,
    _YEAR,
    _RELATIVE,
)
