"""Question analysis: what a question names and asks, read once into a frozen value."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answering import answer_question
from bot.decision import period_fits
from bot.index import Index
from bot.question import Period, _near_miss, analyse, correct_typos, read_period
from bot.text import char_pinyin, dictionary_words, pinyin_key


@pytest.mark.parametrize(
    ("text", "first", "last", "months", "since"),
    [
        ("法院2017年结案多少", 2017, 2017, None, False),
        ("纪委去年查处多少人", 2017, 2017, None, False),
        ("纪委上一年查处多少人", 2017, 2017, None, False),  # matching form: 上1年
        ("前年呢", 2016, 2016, None, False),
        ("明年的工作计划", 2019, 2019, None, False),
        ("法院12月份结案多少", 2018, 2018, (12, 12), False),
        ("法院1-11月结案多少", 2018, 2018, (1, 11), False),
        ("法院1月至9月结案多少", 2018, 2018, (1, 9), False),
        ("截至6月底立案多少", 2018, 2018, (1, 6), False),
        ("上半年呢", 2018, 2018, (1, 6), False),
        ("前三季度呢", 2018, 2018, (1, 9), False),
        ("第二季度呢", 2018, 2018, (4, 6), False),
        ("今年前9个月呢", 2018, 2018, (1, 9), False),
        ("2017年以来作出多少项决议", 2017, 2018, None, True),
        ("近三年任免多少人次", 2016, 2018, None, True),
        ("2018年以来呢", 2018, 2018, None, False),  # since this very year: this year so far
        ("那去年同期呢", 2017, 2017, None, False),  # alone, 去年同期 asks for last year
    ],
)
def test_periods_are_read_against_the_report_year(
    index: Index, text: str, first: int, last: int, months: tuple[int, int] | None, since: bool
) -> None:
    period = analyse(index, text).period
    assert period is not None
    assert (period.first_year, period.last_year, period.months, period.since) == (
        first,
        last,
        months,
        since,
    )


@pytest.mark.parametrize(
    "text",
    ["比去年同期增长多少", "法院有没有超过2000件民生案件", "法院目前年均结案多少", "法院结案多少"],
)
def test_what_is_no_period_is_not_read_as_one(text: str) -> None:
    assert read_period(text, 2018) is None


@pytest.mark.parametrize(
    ("asked", "given", "fits"),
    [
        (Period(2018, 2018), Period(2018, 2018, (1, 9)), True),  # 今年 gets the 1-9月 figure
        (Period(2018, 2018, (1, 9)), Period(2018, 2018, (1, 9)), True),
        (Period(2018, 2018, (1, 11)), Period(2018, 2018, (1, 9)), False),
        (Period(2018, 2018, (12, 12)), Period(2018, 2018), False),
        (Period(2017, 2017), Period(2018, 2018), False),
        (Period(2018, 2018), Period(2017, 2018, since=True), False),  # a running total
        (Period(2017, 2018, since=True), Period(2017, 2018, since=True), True),
    ],
)
def test_a_figure_fits_only_the_period_it_covers(asked: Period, given: Period, fits: bool) -> None:
    assert period_fits(asked, given) is fits


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("帮我写一份法院工作的总结", "task"),
        ("把纪委那段翻译成英文", "task"),
        ("你觉得哪个单位做得最好", "task"),
        ("我在写材料,想问法院今年结了多少案", "question"),  # context, then a question
        ("法院的知识产权保护得到外商什么评价", "question"),
        ("能帮忙拟一份信访答复吗?", "task"),  # the question mark asks for the writing
        ("想请你写个通知吗?法院结了多少案", "question"),
        ("纪委的做法值得学,能给几条建议吗", "task"),
        ("我们局想搞党员积分制,从哪里做起比较好", "task"),  # advice on what to do
        ("税务局是怎么做好党员积分制的", "question"),
        ("您好", "greeting"),
        ("   ", "empty"),
    ],
)
def test_a_task_is_told_from_a_question(index: Index, text: str, kind: str) -> None:
    assert analyse(index, text).request == kind


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("中山市中级人民法院今年审结多少案", "中级人民法院"),
        ("市第二人民法院结案多少", "第二人民法院"),
        ("How many cases did the Guangzhou court close?", "广州"),
        ("How many cases did the second people's court close?", "第二"),
    ],
)
def test_bodies_the_report_does_not_cover_are_named(index: Index, text: str, body: str) -> None:
    assert analyse(index, text).foreign == body


def test_the_context_a_polite_question_opens_with_is_dropped(index: Index) -> None:
    question = analyse(index, "你好,我是区里做宣传的同事,正在准备展板,想问法院今年结了多少案?")
    assert "展板" not in question.text and "结" in question.text
    assert [a.id for a in question.agencies] == ["fayuan"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("党员积分制是哪一年推广的", False),  # one year: 哪1年 once numerals are digits
        ("报道里哪两家单位是记者采访的", True),
        ("组织部办了哪几期研讨班", True),
        ("政协和哪些城市联动", True),
    ],
)
def test_which_one_is_not_a_list_of_names(index: Index, text: str, names: bool) -> None:
    assert analyse(index, text).asks.names is names


def test_a_polite_opening_that_names_a_misspelt_agency_is_kept(index: Index) -> None:
    # 组织布 is 组织部 with one character off: the clause names the agency, so it stays.
    asked = analyse(index, "组织布那边呢,麻烦问下,一共聘了多少名?")
    assert [a.id for a in asked.agencies] == ["zuzhibu"]


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("广东省纪委今年立案查处了多少人", "广东省"),
        ("省人大常委会今年作了多少项决定", "省人大常委会"),
        ("省委组织部选派了几个第一书记", "省委组织部"),
        ("三乡镇人大建了几个代表联络站", "三乡镇人大"),
        ("佛山法院受理了多少案件", "佛山"),
        ("南朗镇政府收到多少宗信访", "南朗镇政府"),
        ("一院在全省法院中排第几", None),  # a scope, not a body
        ("各镇区人大组织建设怎么样", None),
        ("中山市法院今年受理了多少案件", None),
    ],
)
def test_an_agencys_kind_of_body_of_another_place_or_level_is_foreign(
    index: Index, text: str, body: str | None
) -> None:
    assert analyse(index, text).foreign == body


def test_a_place_before_its_level_is_no_typo(index: Index) -> None:
    # 石岐 sounds like 时期, a word of the report; before 区 it is a district's name.
    assert "石岐区" in analyse(index, "石岐区今年受理了多少宗申请").text


@pytest.mark.parametrize(
    ("text", "corrected"),
    [
        # a common word typed for the report's, beside a longer word that makes its phrase
        ("多元化调节化解纠纷,调结咗几宗", "多元化调解"),
        ("税务局点样调节干部情绪", "调节干部"),  # 调解干部 is no phrase of the report
    ],
)
def test_a_common_word_is_corrected_only_into_a_phrase_of_the_report(
    index: Index, text: str, corrected: str
) -> None:
    assert corrected in analyse(index, text).text


def test_a_place_typed_apart_from_the_body_it_owns_is_foreign(index: Index) -> None:
    assert analyse(index, "深圳 纪委 立案 多少").foreign == "深圳"


def test_a_measure_word_after_a_number_is_no_typo(index: Index) -> None:
    # 件里 sounds like 建立, a word of the report; after 63266 it is the number's measure.
    assert "建立" not in analyse(index, "63266件里有多少是调解的").content


def test_a_piece_of_a_number_is_no_feature(index: Index) -> None:
    # 448 is a number the question quotes; 44 (省长留言44条) must not match through it.
    assert "44" not in analyse(index, "448人里面女的有多少").features


@pytest.mark.parametrize(
    ("text", "foreign"),
    [
        ("唔该问下市第一人民法院结咗几多案", None),  # 请问下 before 市 is no place
        ("麻烦问下市第二人民法院结案多少", "第二人民法院"),
        ("广州市第一人民法院结案多少", "广州"),
    ],
)
def test_only_a_place_before_a_body_makes_it_another_places(
    index: Index, text: str, foreign: str | None
) -> None:
    assert analyse(index, text).foreign == foreign


@pytest.mark.parametrize(
    "text",
    [
        "实际上纪委立案多少人",  # 实际 sounds like 市级
        "法院处理新房纠纷多少件",  # 新房 sounds like 信访
        "纪委查处初级干部多少人",  # 初级 sounds like 处级
        "法院分为哪几级",  # 几级 asks; it sounds like 积极
    ],
)
def test_a_real_word_is_never_corrected_to_a_homophone(index: Index, text: str) -> None:
    # A word of the language alone is what was meant; correcting it would answer another
    # question with confidence.
    assert correct_typos(index, text) == text


def _near_miss_reference(index: Index, text: str) -> tuple[tuple[str, ...], str] | None:
    """The near-miss search done the slow, obvious way: every window against every name."""
    from bot.question import _edit_distance

    cjk = [n for n in index.names if len(n.text) >= 2 and re.fullmatch("[\u4e00-\u9fff]+", n.text)]
    for size in index.near_name_sizes:
        same_size = [n for n in cjk if len(n.text) == size]
        for i in range(len(text) - size + 1):
            window = text[i : i + size]
            if sum(ch not in index.name_chars for ch in window) > 1:
                continue
            before, after = text[max(0, i - 1) : i + 1], text[i + 1 : i + 3]
            if size == 2 and (before in dictionary_words() or after in dictionary_words()):
                continue  # two characters of two words (工人|拿回)
            if any(ch in "吗呢啊呀吧啦嘛哦喔咩" for ch in window):
                continue  # a sentence particle (多少人呀) mistypes no name
            for j in range(size):
                # The first name (longest first) equal to the window but at j.
                name = next(
                    (
                        n
                        for n in same_size
                        if n.text[:j] + n.text[j + 1 :] == window[:j] + window[j + 1 :]
                    ),
                    None,
                )
                if name is None or name.text == window:
                    continue
                if not re.fullmatch("[\u4e00-\u9fff]+", window) or index.knows(window):
                    break
                if _edit_distance(pinyin_key(window[j])[0], name.pinyin[j]) <= 1:
                    return tuple(a.id for a in name.agencies), window
    return None


def _misspelt(name: str, at: int, choice: int) -> str:
    """Return a name with the character at `at` replaced by another of the same reading."""
    reading = char_pinyin(name[at])
    alike = [chr(c) for c in range(0x4E00, 0x4E00 + 6000) if char_pinyin(chr(c)) == reading]
    alike = [ch for ch in alike if ch != name[at]]
    return name[:at] + alike[choice % len(alike)] + name[at + 1 :] if alike else name


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_near_miss_search_finds_what_comparing_every_name_finds(
    index: Index, data: st.DataObject
) -> None:
    names = [n.text for n in index.names]
    pieces = st.one_of(
        st.sampled_from(names),
        # A name with one character replaced, by one of the names' or any CJK character.
        st.tuples(
            st.sampled_from(names),
            st.integers(0, 63),
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
        ).map(lambda t: t[0][: t[1] % len(t[0])] + t[2] + t[0][t[1] % len(t[0]) + 1 :]),
        # A name with one character replaced by one that reads alike (法阮 for 法院).
        st.tuples(st.sampled_from(names), st.integers(0, 63), st.integers(0, 99)).map(
            lambda t: _misspelt(t[0], t[1] % len(t[0]), t[2])
        ),
        st.text(st.sampled_from(sorted(index.name_chars) + list("阮的了多少吗")), max_size=6),
    )
    text = "".join(data.draw(st.lists(pieces, max_size=3)))
    found = _near_miss(index, text)
    expected = _near_miss_reference(index, text)
    assert (None if found is None else (tuple(a.id for a in found[0]), found[1])) == expected


def test_to_now_is_a_running_total_since_that_year() -> None:
    from bot.question import read_period

    period = read_period("2017年到现在人大作了几项决议", 2018)
    assert period is not None and period.since and period.first_year == 2017


def test_the_asking_clause_names_the_period_when_context_names_another() -> None:
    from bot.question import read_period

    period = read_period("我们在准备明年的年报,想问问政府办今年收了多少宗申请", 2018)
    assert period is not None and (period.first_year, period.last_year) == (2018, 2018)


def test_three_quarters_with_a_measure_word_is_january_to_september() -> None:
    period = read_period("前三个季度全市一共结了多少案", 2018)
    assert period is not None and period.months == (1, 9)


def test_a_word_jieba_knows_only_as_a_rarity_is_corrected(index: Index) -> None:
    # 书纪 is in jieba's dictionary, a handful of times; 调节 is a common word, and meant.
    assert "书记" in correct_typos(index, "组织部第一书纪选派了多少名")
    assert "调节" in correct_typos(index, "法院调节结案多少件")
    # Rare too, but meant: another body, and a word whose correction names nothing.
    assert "水务局" in correct_typos(index, "水务局连续几年创建书记项目")
    assert "接案" in correct_typos(index, "法院今年接案多少件")


def test_a_stray_character_after_a_word_is_read_with_it(index: Index) -> None:
    # 工作|占 sounds like 工作站, a word of the knowledge that begins with 工作.
    assert "委员工作站" in analyse(index, "政协的委员工作占一共建了几个").text


def test_which_departments_of_a_quoted_figure_is_about_the_figure_not_the_report(
    index: Index,
) -> None:
    assert analyse(index, "省长留言那44条是哪些部门处理的").report_topic is None
    assert analyse(index, "报道里写了哪些部门").report_topic == "agencies"


@pytest.mark.parametrize(
    ("text", "definition"),
    [
        ("“三会一课”究竟是什么", True),
        ("“一网一端四平台”到底指的是什么", True),
        ("税务局到底做了什么", False),  # no term quoted: what was done, not what it means
    ],
)
def test_what_a_quoted_term_really_is_asks_its_meaning(
    index: Index, text: str, definition: bool
) -> None:
    assert analyse(index, text).asks.definition is definition


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("政协委员联系点的选址是怎样的", "选址"),
        ("部风监督员都是什么身份", "身份"),
        ("法院的便民举措是怎样的", None),  # a way of working: what the paragraph tells
    ],
)
def test_an_attribute_the_knowledge_has_no_word_for_is_what_is_missing(
    index: Index, text: str, unknown: str | None
) -> None:
    assert analyse(index, text).unknown_asked == unknown


def test_a_context_clause_naming_only_the_agency_the_ask_names_is_dropped(index: Index) -> None:
    asked = analyse(index, "我们下礼拜要去一院参观,想先了解下,一院的法官平均每人结案多少件")
    assert "参观" not in asked.text and "法官" in asked.text


def test_a_rate_asked_across_a_space_is_a_rate(index: Index) -> None:
    # A mixed question keeps its words apart: 答复率 多少 asks a rate as 答复率多少 does.
    assert analyse(index, "政府办 reply 答复率 多少").asks.units == ("%", "个百分点")


def test_a_verb_done_with_is_the_verb(index: Index) -> None:
    assert "结" in analyse(index, "纪委今年一共结掉几多件").content


@pytest.mark.parametrize(
    "text",
    [
        "市纪委在省纪委领导下,今年1-9月立案查处多少人?",  # the city's own body is asked about
        "镇区人大组织建设水平怎么样?",  # 镇区 is the report's own word
    ],
)
def test_another_level_named_beside_the_citys_own_body_is_context(index: Index, text: str) -> None:
    assert analyse(index, text).foreign is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("市长信箱和群众来信哪个办结率好一些?", "question"),  # compares the report's figures
        ("哪个单位的办结率比较好", "question"),
        ("给我几条建议,怎么创建模范机关?", "task"),
    ],
)
def test_which_is_better_compares_and_advice_asked_is_a_task(
    index: Index, text: str, kind: str
) -> None:
    assert analyse(index, text).request == kind


def test_where_from_is_which_units_not_where(index: Index) -> None:
    assert not analyse(index, "来一院交流学习的都是哪里的单位?").asks.where


@pytest.mark.parametrize("ending", ["", "?", "?", "!!"])
def test_a_typo_at_the_end_is_corrected_whatever_punctuation_follows(
    index: Index, ending: str
) -> None:
    # 连络站 sounds as 联络站, a word of the knowledge.
    assert "联络站" in analyse(index, f"一共建了几个人大代表连络站{ending}").text


def test_a_particle_after_what_is_counted_does_not_hide_its_head(index: Index) -> None:
    # 几个党员干部啊 counts people, as 几个党员干部 does.
    assert "人" in analyse(index, "查了几个党员干部啊").asks.units


def test_two_characters_of_two_words_are_no_mistyped_name(index: Index) -> None:
    # 工人|拿回: 人拿 reads one letter off 人大, but it is the end of one word and the start
    # of the next
    assert analyse(index, "工人拿回了多少欠薪").agencies == ()
    assert [a.id for a in analyse(index, "法阮今年结案多少").agencies] == ["fayuan"]


def test_a_sentence_particle_is_no_mistyped_name(index: Index) -> None:
    # 人呀 is one letter off 人大 in its reading, but 呀 ends the ask
    assert analyse(index, "被处分的有多少人呀").agencies == ()
    reply = answer_question(index, "违反政治纪律被处分的有几多人呀")
    assert reply.answered and "14人" in reply.answer.splitlines()[0]
