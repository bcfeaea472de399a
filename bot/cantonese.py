"""Written Cantonese to standard written Chinese, word by word, from one table.

Staff in Zhongshan write questions the way they speak: 「法院今年结咗几多案?」. The words
that differ from standard Chinese are few and closed (particles, question words, pronouns,
a handful of verbs), so a table does the job. No package provides such a table: OpenCC's
Hong Kong dictionaries only change character variants (搵 → 揾), and PyCantonese segments
and romanises but does not translate.

The hard part is leaving standard Chinese alone: 系 in 体系, 呢 as a particle, 返 in 返回,
点 in 重点. Such a character is rewritten only inside a Cantonese word, or where the
table's context says it is Cantonese (呢 before a measure word is 这), and standard words
that hold it are listed to be kept whole. The table is written in simplified characters;
traditional input (係, 幾多, 邊個) is matched through a one-to-one fold, and keeps its own
characters wherever nothing is rewritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import words_pattern

__all__ = ["RULES", "Rule", "to_standard_chinese"]

# Each line: the Cantonese word, its standard form ("=" keeps a standard word whole, "-"
# drops a particle), then optional conditions on its neighbours:
#   before:CHARS      the next character is one of CHARS
#   not-before:CHARS  the next character is none of CHARS
#   after:CHARS       the previous character is one of CHARS
#   not-after:CHARS   the previous character is none of CHARS
# In CHARS, $ stands for the end of a phrase (the text's start or end, a space,
# punctuation) and ~ for any sentence-final particle. At each position the longest word
# whose conditions hold wins; of the same word, the one with conditions is tried first.
_TABLE = """
# particles and aspect
咗          了
嘅          的
噶          的          before:$~
啲          些          after:一这那呢嗰哩有边哪好多少快慢大细早迟~
啲          这些        after:$
啲          的
一啲        一些
有啲        有些
喇          了          before:$~
喇叭        =
喇嘛        =
嘞          了          before:$~
吖          啊          before:$~
㗎          -
㗎嘛        -
喎          -
噃          -
啩          吧
咩          吗          before:$~   after:系是唔冇未啱好真得咁嘅
咩          什么
咩嘢        什么
咩嚟        什么
乜嘢嚟      什么
乜嘢        什么
乜          什么
嘢          东西
做嘢        做事
# copula and negation
系          是          not-after:关联体派星维直嫡旁谱世水语根父母科干牵心情银菌岩山 not-before:$统列数着紧带铃主里谱辞词留泊念膜上绳缆链牢鞋
都系        都是        not-before:统列数
机关系      机关是      not-before:$统列数
梗系        当然是      not-before:统列数
系咪        是不是
具体系      具体是
咪系        不就是
唔          不          not-before:$
唔该        请
唔该晒      谢谢
多谢晒      谢谢
唔使        不用
唔系        不是
唔知        不知道
冇          没有
冇乜        没什么
冇咗        没有了
有冇        有没有
未          没有        before:$~   not-after:尚并从远迄终犹仍均亦皆俱永毫绝向素甲乙丙丁戊己庚辛壬癸之于
# question words
几多        多少
几多单      多少宗
几时        什么时候
几耐        多久
几个钟      几个小时
个钟        个小时      after:几少
钟头        小时
几远        多远
边个        谁          before:$~系是负责讲话发主做写带领出参在喺有会去嚟来获得拿攞管抓牵点问帮同俾畀知睇揾最 not-after:一两这那旁身东西南北左右上下里外前后半周四海无天江河路岸窗床桌手耳嘴脚花街门湖溪桥炉池等双多单藏沿戍守
边度        哪里        not-after:一两这那旁身东西南北左右上下里外前后半周四海无天江河路岸窗床桌手耳嘴脚花街门湖溪桥炉池等双多单藏沿戍守
边啲        哪些        not-after:一两这那旁身东西南北左右上下里外前后半周四海无天江河路岸窗床桌手耳嘴脚花街门湖溪桥炉池等双多单藏沿戍守
边d         哪些        not-after:一两这那旁身东西南北左右上下里外前后半周四海无天江河路岸窗床桌手耳嘴脚花街门湖溪桥炉池等双多单藏沿戍守
边日        哪天        not-after:一两这那旁身东西南北左右上下里外前后半周四海无天江河路岸窗床桌手耳嘴脚花街门湖溪桥炉池等双多单藏沿戍守
边样        哪样        not-after:一两这那旁身东西南北左右上下里外前后半周四海无天江河路岸窗床桌手耳嘴脚花街门湖溪桥炉池等双多单藏沿戍守
边          哪          before:个间位项一两二三四五六七八九十0123456789几类种方年份篇次条部家只张本届期批单宗 not-after:一两这那旁身东西南北左右上下里外前后半周四海无天江河路岸窗床桌手耳嘴脚花街门湖溪桥炉池等双多单藏沿戍守
去边        去哪里      before:$~
喺边        在哪里      before:$~
系边        是哪里      before:$~
点样        怎样        not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫
点解        为什么      not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫 not-before:读析释说答题
点做        怎么做      not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫
点搞        怎么办      not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫
点算        怎么办      not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫
点办        怎么办      not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫
点知        怎么知道    not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫 not-before:识
点去        怎么去      not-after:一重特试地观亮节要焦难优缺起终据站网景热疑盲弱基原极顶沸冰熔闪污斑雨墨标论考检清盘提指打查评批装痛堵卡险础力聚破本商贫
咁          这么
咁样        这样
咁          这样        before:$~
噉          这样
噉样        这样
# pronouns and demonstratives
佢          他
佢哋        他们
我哋        我们
你哋        你们
哋          们
呢          这          before:个度啲些间份篇次排几条项位种样班批单件只张本部类年届期宗d
哩          这          before:个度啲些间份篇次排几条项位种样班批单件只张本部类年届期宗d
呢度        这里
呢排        最近
嗰          那
嗰度        那里
# verbs
俾          给
俾          被          before:处罚查抓判拘捉炒开投骂批
畀          被          before:处罚查抓判拘捉炒开投骂批
俾使        =
俾斯麦      =
俾路支      =
俾便        =
畀          给
攞          拿
睇          看
睇下        看一下
喺          在
喺度        在
揾          找
嚟          来
嚟㗎        来的
话我知      告诉我
话俾我知    告诉我
追返        追回
攞返        拿回
拎返        拿回
收返        收回
讨返        讨回
揾返        找回
返工        上班
返嚟        回来
返去        回去
返屋企      回家
搞掂        办结
搞定        办结
单          宗          after:多几呢哩
落去        下去
去到        到
搞咩        做什么
同埋        和
同          和          before:市区镇省     not-after:共相不如等协陪会赞认连一
定系        还是        not-after:一确肯决规制稳约认坚判设锁鉴否 not-before:统列数
定还系      还是
定          还是        after:咗
人工        工资        after:返回欠讨发扣多少
# other common words
打工仔      工人
仲          还          before:有未系是要可会想冇喺在唔能得
仲多        更多
仲好        更好
仲裁        =
伯仲        =
仲夏        =
仲秋        =
仲春        =
仲冬        =
仲介        =
而家        现在
依家        现在
啱啱        刚刚
啱          对
旧年        去年
出年        明年
琴日        昨天
寻日        昨天
听日        明天
头先        刚才
入面        里面        not-after:进深列纳介投收加融涉步引输导切编计注渗陷出转录植载 not-before:试谈向对积貌
屋企        家
"""

_PUNCTUATION = frozenset(" \t\n,.?!;:、,。?!;:…~～()()「」『』\"'“”‘’")
_PARTICLES = "呀啊吖啦喇嘞㗎呢吗嘛啩喎噃咩吧噶啰咯"


@dataclass(frozen=True, slots=True)
class Rule:
    """One Cantonese word and its standard form, with the context it needs."""

    word: str
    standard: str | None  # None: a standard word, kept as written
    before: frozenset[str] | None = None  # "$": the end of a phrase
    not_before: frozenset[str] = frozenset()
    after: frozenset[str] | None = None
    not_after: frozenset[str] = frozenset()

    def fits(self, text: str, start: int) -> bool:
        """Tell whether the rule applies to `text` at `start` (its word is known to be there)."""
        end = start + len(self.word)
        following = text[end] if end < len(text) else "$"
        previous = text[start - 1] if start else "$"
        if following in _PUNCTUATION:
            following = "$"
        if previous in _PUNCTUATION:
            previous = "$"
        if self.before is not None and following not in self.before:
            return False
        if self.after is not None and previous not in self.after:
            return False
        return following not in self.not_before and previous not in self.not_after


def _parse(table: str) -> tuple[Rule, ...]:
    rules = []
    for line in table.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, standard, *conditions = line.split()
        options: dict[str, frozenset[str]] = {}
        for condition in conditions:
            name, _, chars = condition.partition(":")
            options[name.replace("-", "_")] = frozenset(chars.replace("~", _PARTICLES))
        kept = None if standard == "=" else "" if standard == "-" else standard
        rules.append(Rule(word, kept, **options))
    return tuple(rules)


RULES = _parse(_TABLE)

# Traditional forms of the table's characters (and OpenCC's t2s output 𠮶, 㖞) → the table's
# forms, one character for one, so positions in the folded text are positions in the text.
_FOLD = str.maketrans(
    "並乾併來係個傢優兩參唸問單嗎嚮囉堅寫尋對導屆巖帶幫幷幹幾張彔後從搵據數於時曏曬會東査條極榦標樣橋"
    "機檢汙決滲無熱爐牀牽猶獲發盤眞確礎種積穩穫箇節約納細終絕統絶維網緊編繩繫纜聯聽腳舊蔘衕裏裝裡製規"
    "觀計討設註評詞試話該認語說説談論講謝識譜讀谿負貧責載輸轉辦辭迴這週進遠遲還邊釋釦鈴銀錄録鎖鏈鑑鑒"
    "門閃間關險隻雙難鞦頂項領頭題類體髮麥麪麫麵點鼕齣鈡鍾鐘㖞𠮶D處罰開罵",
    "并干并来系个家优两参念问单吗向啰坚写寻对导届岩带帮并干几张录后从揾据数于时向晒会东查条极干标样桥"
    "机检污决渗无热炉床牵犹获发盘真确础种积稳获个节约纳细终绝统绝维网紧编绳系缆联听脚旧参同里装里制规"
    "观计讨设注评词试话该认语说说谈论讲谢识谱读溪负贫责载输转办辞回这周进远迟还边释扣铃银录录锁链鉴鉴"
    "门闪间关险只双难秋顶项领头题类体发麦面面面点冬出钟钟钟喎嗰d处罚开骂",
)


def _index(rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    by_first: dict[str, list[Rule]] = {}
    for rule in rules:
        by_first.setdefault(rule.word[0], []).append(rule)
    # Longest first; of equal words, the one with conditions first (it is the exception).
    return {
        first: tuple(sorted(group, key=lambda r: (-len(r.word), r.before is None)))
        for first, group in by_first.items()
    }


_FOLDED = frozenset(chr(code) for code in _FOLD)
_ANY_WORD = words_pattern(rule.word for rule in RULES)
_BY_FIRST = _index(RULES)
_TRIGGERS = frozenset(_BY_FIRST)
# The next character some rule's word starts with: the text between is copied at once.
_NEXT_TRIGGER = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_TRIGGERS)) + "]")


def to_standard_chinese(text: str) -> str:
    """Rewrite the written Cantonese of a text in standard written Chinese; keep the rest."""
    # A dropped particle can bring two words together (呢㗎个): read again until stable.
    for _ in range(3):
        rewritten = _rewrite(text)
        if rewritten == text:
            break
        text = rewritten
    return text


def _rewrite(text: str) -> str:
    """Rewrite the text once, left to right, the longest fitting word first."""
    # Most questions hold no traditional form: a set test is cheaper than translating.
    folded = text if _FOLDED.isdisjoint(text) else text.translate(_FOLD)
    first = _ANY_WORD.search(folded)
    if first is None:
        return text  # no rule's word anywhere (most standard questions): nothing to rewrite
    # No rule's word starts before the first one found: that part is copied at once.
    i, n = first.start(), len(folded)
    out: list[str] = [text[:i]]
    while i < n:
        found = _NEXT_TRIGGER.search(folded, i)
        if found is None:
            out.append(text[i:])  # no rule's word starts in the rest
            break
        out.append(text[i : found.start()])
        i = found.start()
        for rule in _BY_FIRST[folded[i]]:
            if folded.startswith(rule.word, i) and rule.fits(folded, i):
                end = i + len(rule.word)
                out.append(text[i:end] if rule.standard is None else rule.standard)
                i = end
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
