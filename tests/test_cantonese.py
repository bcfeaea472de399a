"""Written Cantonese to standard Chinese: what it rewrites, and what it must leave alone."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.cantonese import _BY_FIRST, _FOLD, RULES, _rewrite, to_standard_chinese
from bot.evaluation import load_cases
from bot.knowledge import Knowledge

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_T2S = opencc.OpenCC("t2s")
_S2HK = opencc.OpenCC("s2hk")

# Cantonese as staff would type it, and the standard Chinese it stands for.
CANTONESE = [
    # question words
    ("税务局今年收咗几多税?", "税务局今年收了多少税?"),
    ("边个负责市委办嘅党建?", "谁负责市委办的党建?"),
    ("佢哋去到边度扶贫?", "他们到哪里扶贫?"),  # 去到 is no 渠道 misspelt
    ("今次推进会系边个主持嘅?", "今次推进会是谁主持的?"),
    ("佢哋喺边度开会?", "他们在哪里开会?"),
    ("边间法院结案最多?", "哪间法院结案最多?"),
    ("报道讲咗边几个单位?", "报道讲了哪几个单位?"),
    ("边啲单位有培训班?", "哪些单位有培训班?"),
    ("呢篇报道有乜嘢数字?", "这篇报道有什么数字?"),
    ("组织部做咗咩嘢?", "组织部做了什么?"),
    ("政府办点样处理市长信箱?", "政府办怎样处理市长信箱?"),
    ("点解政协要设委员工作站?", "为什么政协要设委员工作站?"),
    ("人大几时通过嗰个条例?", "人大什么时候通过那个条例?"),
    ("审一单案要几耐?", "审一单案要多久?"),
    ("纪委处分咗边类干部?", "纪委处分了哪类干部?"),
    ("法院系边年开始网上立案?", "法院是哪年开始网上立案?"),
    ("民生观察室喺边?", "民生观察室在哪里?"),
    # particles and aspect
    ("法院今年结咗好多案喇", "法院今年结了好多案了"),
    ("组织部培训咗几多人次啩", "组织部培训了多少人次吧"),
    ("纪委立案嘅人数有冇增加㗎?", "纪委立案的人数有没有增加?"),
    ("税务局啲干部多唔多?", "税务局的干部多不多?"),
    ("啲数字系边度嚟㗎?", "这些数字是哪里来的?"),
    ("政协委员有一啲建议吖", "政协委员有一些建议啊"),
    ("查处咗几多个科级干部嘞", "查处了多少个科级干部了"),
    ("法院结咗案未?", "法院结了案没有?"),
    ("追讨欠薪嘅案件结晒未呀", "追讨欠薪的案件结晒没有呀"),
    # copula and negation
    ("法院系唔系结案最多?", "法院是不是结案最多?"),
    ("纪委系咪查处咗137名科级干部?", "纪委是不是查处了137名科级干部?"),
    ("佢唔系政协委员", "他不是政协委员"),
    ("报道冇讲组织部?", "报道没有讲组织部?"),
    ("有冇讲到税务局?", "有没有讲到税务局?"),
    ("系咩?法院真系结咗六万几宗?", "是吗?法院真是结了六万几宗?"),
    ("政协机关系唔系有委员工作站?", "政协机关是不是有委员工作站?"),
    ("书记项目系咩嚟㗎?", "书记项目是什么?"),
    ("唔该话我知人大开咗几多次会", "请告诉我人大开了多少次会"),
    # pronouns and demonstratives
    ("佢哋今年处分咗几多人?", "他们今年处分了多少人?"),
    ("呢个单位有几多个联络站?", "这个单位有多少个联络站?"),
    ("呢啲数字系边度嚟嘅?", "这些数字是哪里来的?"),
    ("嗰份报道讲咗乜?", "那份报道讲了什么?"),
    ("呢几年政协搞咗几多次协商?", "这几年政协搞了多少次协商?"),
    ("嗰度有几多个代表联络站?", "那里有多少个代表联络站?"),
    ("我哋单位同你哋单位", "我们单位同你们单位"),
    # verbs
    ("法院帮工人追返几多工资?", "法院帮工人追回多少工资?"),
    ("揾边个问税务嘅事?", "找谁问税务的事?"),
    ("去边度睇呢篇报道?", "去哪里看这篇报道?"),
    ("纪委攞咗几多个奖?", "纪委拿了多少个奖?"),
    ("俾咗几多钱做帮扶?", "给了多少钱做帮扶?"),
    ("政协畀咗几多份提案?", "政协给了多少份提案?"),
    ("俾人查咗嘅干部", "给人查了的干部"),
    ("有几多人俾处分咗?", "有多少人被处分了?"),  # 俾 before the verb: the passive
    ("畀法院判咗", "给法院判了"),
    ("喺法院立案要几耐?", "在法院立案要多久?"),
    ("法院嘅案件点搞得咁快?", "法院的案件怎么办得这么快?"),
    ("同埋政协有几多个观察室", "和政协有多少个观察室"),
    ("牵线企业同市学校签协议", "牵线企业和市学校签协议"),  # 同 before a body: with
    ("纪委查咗几多人,定系几多宗案?", "纪委查了多少人,还是多少宗案?"),
    ("法院帮工人追返几多人工?", "法院帮工人追回多少工资?"),
    ("唔该晒!", "谢谢!"),
    # other chat words
    ("而家纪委仲有几多宗案?", "现在纪委还有多少宗案?"),
    ("法院今年审结咗几多宗案嘛", "法院今年审结了多少宗案嘛"),
    ("旧年法院结咗几多案?", "去年法院结了多少案?"),
    ("报道入面有冇讲法院?", "报道里面有没有讲法院?"),
    ("点解法院咁多案?", "为什么法院这么多案?"),
    ("边d单位讲咗党建?", "哪些单位讲了党建?"),
]

# The same questions in traditional characters, as Hong Kong and Macao staff type them.
TRADITIONAL = [
    ("法院今年結咗幾多案?", "法院今年結了多少案?"),
    ("邊個負責市委辦嘅黨建?", "谁負責市委辦的黨建?"),
    ("佢哋係唔係市紀委嘅?", "他们是不是市紀委的?"),
    ("呢個單位有幾多個聯絡站?", "这個單位有多少個聯絡站?"),
    ("嗰度有冇人?", "那里有没有人?"),
    ("點解政協要搵委員?", "为什么政協要找委員?"),
    ("報道入面講咗邊啲單位?", "報道里面講了哪些單位?"),
    ("係咪查處咗137名幹部?", "是不是查處了137名幹部?"),
]

# Standard Chinese that holds the characters Cantonese uses differently.
MANDARIN = [
    "纪检监察系统查处了多少人?",
    "市直机关系统开展了哪些活动?",
    "政协的联系点有多少个?",
    "党风廉政建设体系包括什么?",
    "人大和政府是什么关系?",
    "税务局开展了一系列活动吗?",
    "法院的案件呢?",
    "那组织部呢,培训了多少人次?",
    "返回上一个问题",
    "往返一次要多久",
    "怎样搞好机关党建?",
    "重点解决了哪些问题?",
    "法院的工作重点是什么",
    "有一点想问",
    "尚未结案的有多少件?",
    "未来三年的目标是什么?",
    "劳动仲裁的案件有多少?",
    "给予党纪政务处分多少人?",
    "给了多少资金",
    "多少个代表联络站?",
    "周边城市有哪些?",
    "市纪委同比上升了多少?",
    "他们在一边工作一边学习",
    "唔,法院结案多少?",
    "心系群众的举措有哪些",
    "培训班是几点开始的?",
    "深入基层的次数",
    "列入面试名单的人",
    "这个系数是多少",
    "喇叭里说了什么",
    "审结了几宗案件?",
    "这是一定系统性的工作",
    "人工智能在法院的应用",
]


@pytest.mark.parametrize(("cantonese", "standard"), CANTONESE + TRADITIONAL)
def test_cantonese_becomes_standard_chinese(cantonese: str, standard: str) -> None:
    assert to_standard_chinese(cantonese) == standard


@pytest.mark.parametrize("question", MANDARIN)
def test_standard_chinese_passes_unchanged(question: str) -> None:
    assert to_standard_chinese(question) == question
    traditional = _S2HK.convert(question)
    assert to_standard_chinese(traditional) == traditional


def test_the_report_text_passes_unchanged() -> None:
    lines = [line for path in SEEDS.glob("*.txt") for line in path.read_text().splitlines()]
    assert len(lines) > 30
    changed = [line for line in lines if to_standard_chinese(line) != line]
    assert changed == []


def test_every_knowledge_text_passes_unchanged(knowledge: Knowledge) -> None:
    texts = [p.text for r in knowledge.reports for p in r.lead]
    for agency in knowledge.agencies:
        texts += [agency.name, agency.heading, *agency.aliases, *agency.keywords]
        texts += [p.text for p in agency.paragraphs]
        for metric in agency.metrics:
            texts += [metric.label, metric.clause, *metric.aliases]
    assert len(texts) > 100
    assert [t for t in texts if to_standard_chinese(t) != t] == []


def test_the_order_with_opencc_does_not_matter() -> None:
    for cantonese, _ in CANTONESE:
        traditional = _S2HK.convert(cantonese)
        before = _T2S.convert(to_standard_chinese(_T2S.convert(traditional)))
        after = _T2S.convert(to_standard_chinese(traditional))
        assert before == after == _T2S.convert(to_standard_chinese(cantonese))


def test_text_without_cantonese_is_returned_as_is() -> None:
    text = "Court cases 2018: 63266"
    assert to_standard_chinese(text) is text


def test_every_traditional_form_of_a_table_word_is_rewritten_alike() -> None:
    """A word typed with any traditional form OpenCC knows (係, 幾, 邊, 𠮶) reads the same."""
    table_chars = {ch for rule in RULES for ch in rule.word}
    forms: dict[str, list[str]] = {}
    for code in [*range(0x3400, 0xA000), *range(0x20000, 0x2B000)]:
        simple = _T2S.convert(chr(code))
        if simple != chr(code) and simple in table_chars:
            forms.setdefault(simple, []).append(chr(code))
    for ch in table_chars:  # OpenCC turns 嗰 into 𠮶: the bot may hand us either
        if _T2S.convert(ch) != ch:
            forms.setdefault(ch, []).append(_T2S.convert(ch))
    assert "係" in forms["系"]
    assert "𠮶" in forms["嗰"]
    checked = 0
    for rule in RULES:
        expected = to_standard_chinese(rule.word)
        if rule.standard is None or expected == rule.word:
            continue
        for i, ch in enumerate(rule.word):
            for form in forms.get(ch, []):
                variant = rule.word[:i] + form + rule.word[i + 1 :]
                assert to_standard_chinese(variant) == expected, variant
                checked += 1
    assert checked > 50


_ALPHABET = "".join(
    sorted({ch for rule in RULES for ch in rule.word} | set("的法院纪委有多少人,?"))
)


@given(st.text(alphabet=_ALPHABET, max_size=12))
def test_rewriting_twice_changes_nothing_more(text: str) -> None:
    once = to_standard_chinese(text)
    assert to_standard_chinese(once) == once


def _rewrite_reference(text: str) -> str:
    """One rewriting pass done the obvious way: every rule tried at every character."""
    folded = text.translate(_FOLD)
    out, i = [], 0
    while i < len(folded):
        rule = next(
            (
                r
                for r in _BY_FIRST.get(folded[i], ())
                if folded.startswith(r.word, i) and r.fits(folded, i)
            ),
            None,
        )
        if rule is None:
            out.append(text[i])
            i += 1
        else:
            out.append(text[i : i + len(rule.word)] if rule.standard is None else rule.standard)
            i += len(rule.word)
    return "".join(out)


@given(st.text(alphabet=_ALPHABET + "係個嗎abc 。", max_size=30))
def test_rewriting_jumps_to_the_rules_words_and_finds_what_trying_everywhere_finds(
    text: str,
) -> None:
    assert _rewrite(text) == _rewrite_reference(text)


@given(st.text(max_size=40))
def test_any_text_gives_text(text: str) -> None:
    assert isinstance(to_standard_chinese(text), str)


def test_the_held_out_set_is_a_valid_questions_file() -> None:
    """The held-out questions run with `reportbot eval`; the layer's table never saw them."""
    cases = load_cases(Path(__file__).resolve().parent / "data" / "cantonese-holdout.yaml")
    assert len(cases) >= 100
    assert len({c.id for c in cases}) == len(cases)
    assert sum(c.oos for c in cases) >= 10
    assert all(c.must for c in cases if not c.oos)
