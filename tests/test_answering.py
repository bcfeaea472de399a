"""Answering: the figure first, honest declines, typos, follow-ups, and no crash on any input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answering import Context, Conversations, answer_question, answer_suggestion
from bot.index import Index, build_index
from bot.knowledge import load_knowledge
from bot.question import analyse, places_in
from bot.rendering import render_text
from tests.conftest import REPORT_DIR


def _ask(index: Index, question: str) -> tuple[bool, str, str | None]:
    reply = answer_question(index, question)
    return reply.answered, reply.answer, reply.agency


@pytest.mark.parametrize(
    ("question", "agency", "figure"),
    [
        ("纪委一共立案查处了多少人", "市纪委监委", "448人"),
        ("市纪委查处处级干部多少人", "市纪委监委", "57人"),
        ("法院受理的案件总量是多少", "市第一人民法院", "81878件"),
        ("法院网上平台立了多少件案", "市第一人民法院", "25193件"),
        ("人民陪审员有多少名", "市第一人民法院", "117名"),
        ("政协筹集了多少捐款", "市政协机关", "150多万元"),
        ("组织部选派了多少名第一书记", "市委组织部", "19名"),
        ("政府办受理了多少宗信息公开申请", "市政府办公室", "148宗"),
        ("人大近三年任免了多少人次", "市人大常委会机关", "近400人次"),
        ("法院受理案件数在全国排第几", "市第一人民法院", "第9"),
    ],
)
def test_the_figure_is_in_the_first_line(
    index: Index, question: str, agency: str, figure: str
) -> None:
    answered, answer, found = _ask(index, question)
    assert answered
    assert found == agency
    assert figure in answer


def test_the_year_replaces_this_year(index: Index) -> None:
    _, answer, _ = _ask(index, "法院结案多少件")
    assert answer.startswith("市第一人民法院:2018年1-11月")
    assert "63266件" in answer


def test_a_reply_carries_paragraph_source_and_figures(index: Index) -> None:
    reply = answer_question(index, "纪委立案查处多少人")
    assert reply.paragraph is not None and "448人" in reply.paragraph
    assert reply.source is not None and "中山日报" in reply.source
    assert reply.figures[0].value == 448 and reply.figures[0].comparison == "同比上升37.8%"
    assert 0 <= reply.score <= 100
    text = render_text(reply)
    assert text.index("448") < text.index("来源")


def test_how_questions_get_the_paragraph_with_its_key_sentence(index: Index) -> None:
    reply = answer_question(index, "税务局是怎样开展员工帮助计划的")
    assert reply.answered and reply.kind == "paragraph"
    assert "员工帮助计划" in reply.answer
    assert reply.paragraph is not None and "心理沙龙" in reply.paragraph


@pytest.mark.parametrize(
    "question",
    [
        "广州市公安局今年破了多少案",
        "东莞法院结案多少件",
        "江门市教育局有多少老师",
        "市公安局有多少警察",
        "下周会降温吗",
        "给我讲个笑话",
        "abc xyz 999",
        "法院今年的预算是多少",
        "税务局今年收了多少税",
        "法院有多少法官",
    ],
)
def test_what_the_report_does_not_say_is_declined(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert not reply.answered
    assert reply.kind == "declined"
    assert reply.hint is not None and "/agencies" in reply.hint
    assert not re.search(r"\d", render_text(reply).replace("999", ""))


def test_greetings_get_a_greeting_with_help(index: Index) -> None:
    reply = answer_question(index, "您好!")
    assert reply.kind == "greeting" and not reply.answered
    assert reply.hint is not None


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("正协设立了多少个委员工作站", "14个"),  # 政协 by its sound
        ("组只部举办了多少期学习培训班", "235期"),
        ("法阮受理案件多少件", "81878件"),  # a near-miss character
        ("法院網上立案多少件", "25193件"),  # traditional characters
        ("法院网尚立案多少件", "25193件"),  # a homophone typo
        ("法院今年审结了多少起民生案件?", "2229件"),
    ],
)
def test_typos_and_traditional_characters_still_find_the_figure(
    index: Index, question: str, figure: str
) -> None:
    answered, answer, _ = _ask(index, question)
    assert answered and figure in answer


def test_follow_ups_lean_on_the_last_answer(index: Index) -> None:
    chats = Conversations()
    assert "448人" in chats.ask(index, "a", "纪委立案查处了多少人").answer
    assert "137人" in chats.ask(index, "a", "其中科级干部呢").answer
    assert "63266件" in chats.ask(index, "a", "法院结案多少件").answer
    follow = chats.ask(index, "a", "那调解呢")
    assert follow.agency == "市第一人民法院" and "2269件" in follow.answer


def test_context_never_leaks_between_chats(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "a", "纪委立案查处多少人")
    chats.ask(index, "b", "法院受理案件多少件")
    a = chats.ask(index, "a", "结案呢")
    b = chats.ask(index, "b", "结案呢")
    assert a.agency == "市纪委监委" and "358件" in a.answer
    assert b.agency == "市第一人民法院" and "63266件" in b.answer


def test_context_expires(index: Index) -> None:
    now = [0.0]
    chats = Conversations(ttl=600, clock=lambda: now[0])
    chats.ask(index, "a", "纪委立案查处了多少人")
    assert chats.context("a") is not None
    now[0] = 601
    assert chats.context("a") is None


def test_a_context_from_before_a_reload_degrades_politely(index: Index) -> None:
    stale = Context(agency_id="gone", entry_key="gone-01", at=0)
    reply = answer_question(index, "其中科级干部呢", stale)
    assert reply == answer_question(index, "其中科级干部呢")  # as if there were no context


def test_naming_a_new_agency_switches_context(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "a", "纪委结案多少件")
    assert chats.ask(index, "a", "组织部举办了多少期培训班").agency == "市委组织部"


def test_report_questions_are_answered_from_the_report_entry(index: Index) -> None:
    reply = answer_question(index, "这篇报道的作者是谁")
    assert reply.answered and reply.agency is None and "黄海潮" in reply.answer
    reply = answer_question(index, "推进会是哪天开的")
    assert reply.answered and "12月5日" in reply.answer


def test_an_agency_alone_describes_it(index: Index) -> None:
    reply = answer_question(index, "组织部")
    assert reply.kind == "agency" and reply.agency == "市委组织部"
    assert reply.figures


def test_suggestions_answer_in_place(index: Index) -> None:
    reply = answer_question(index, "法院结案多少件")
    assert reply.suggestions
    for suggestion in reply.suggestions:
        tapped = answer_suggestion(index, suggestion.id)
        assert tapped.answered
    assert answer_suggestion(index, "no-such-id").kind == "declined"


def test_a_huge_message_gets_a_reply(index: Index) -> None:
    reply = answer_question(index, "法院" * 100_000)
    assert reply.answer


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_string_gets_a_reply(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert isinstance(reply.answer, str) and reply.answer
    assert 0 <= reply.score <= 100


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "法院",
                "纪委",
                "多少",
                "呢",
                "<b>",
                "&amp;",
                "\u202e",
                "🙂",
                "?",
                "结案",
                "那",
                "\x00",
                "{{x}}",
                "%s",
                "第9",
                "今年",
                "網上",
            ]
        ),
        max_size=30,
    )
)
def test_mixed_fragments_get_a_reply(index: Index, parts: list[str]) -> None:
    chats = Conversations()
    for part in parts:
        assert chats.ask(index, "x", part).answer


@pytest.mark.parametrize(
    "question",
    ["深圳法院结案多少件", "广州市税务局有多少人", "北京纪委立案查处多少人"],
)
def test_a_place_the_report_mentions_does_not_lend_it_its_agencies(
    index: Index, question: str
) -> None:
    assert not answer_question(index, question).answered


def test_a_place_mentioned_in_the_report_can_still_be_asked_about(index: Index) -> None:
    reply = answer_question(index, "政协和深圳等地政协怎么联动")
    assert reply.answered and reply.agency == "市政协机关"


def test_how_many_agencies_the_report_covers(index: Index) -> None:
    reply = answer_question(index, "报道一共介绍了几个单位")
    assert reply.answered and reply.agency is None
    assert "8个单位" in reply.answer and "市第一人民法院" in reply.answer


@pytest.mark.parametrize(
    ("question", "figure"),
    [("省长留言的答复及时率多少", "100%"), ("纪委查处了多少人", "448人")],
)
def test_ratio_and_headline_questions(index: Index, question: str, figure: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer


def test_an_admins_faq_phrasing_leads_to_its_figure(knowledge_copy: Path) -> None:
    path = knowledge_copy / REPORT_DIR / "08-fayuan.yaml"
    text = path.read_text(encoding="utf-8")
    faq = "faq:\n- questions: [一院的案子今年办完了几宗]\n  metric: fayuan-02\n"
    path.write_text(text.replace("faq: []\n", faq, 1), encoding="utf-8")
    index = build_index(load_knowledge(knowledge_copy))
    reply = answer_question(index, "一院的案子今年办完了几宗?")
    assert reply.answered and "63266件" in reply.answer
    assert not answer_question(index, "纪委的案子今年办完了几宗").answer.count("63266")


def test_follow_ups_about_the_same_figure_and_its_parts(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "c", "纪委今年立案查处了多少人")
    assert "57人" in chats.ask(index, "c", "其中处级干部呢").answer
    assert "171.4%" in chats.ask(index, "c", "同比上升了多少").answer
    chats.ask(index, "d", "人大报送了多少件请示")
    assert "8项" in chats.ask(index, "d", "决议呢").answer


def test_generic_question_words_do_not_drive_a_match(index: Index) -> None:
    reply = answer_question(index, "税务局EAP包括哪些措施")
    assert reply.answered and "员工帮助计划" in reply.answer


def test_a_question_that_names_nothing_of_the_report_is_declined(index: Index) -> None:
    assert not answer_question(index, "明年的计划是什么").answered


@pytest.mark.parametrize(
    ("question", "figure"),
    [("为官不为的处级干部有几个", "4人"), ("政协设立了几个委员工作站", "14个")],
)
def test_ge_counts_people_or_things_by_the_noun_it_counts(
    index: Index, question: str, figure: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer


def test_an_alias_that_runs_on_into_a_word_is_also_what_is_asked(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "e", "纪委")
    chats.ask(index, "e", "它约谈了多少人次")
    assert "15名" in chats.ask(index, "e", "查处了几名纪检监察干部").answer


def test_a_plain_follow_up_prefers_the_figure_to_its_paragraph(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "f", "法院")
    reply = chats.ask(index, "f", "它的人均结案呢")
    assert reply.kind == "metric" and "541件" in reply.answer


# --- Conditions the report does not meet: partial replies, never a confident wrong figure ---


@pytest.mark.parametrize(
    ("question", "missing", "given"),
    [
        ("法院2016年结案多少件", "2016年", "63266件"),  # another year
        ("纪委前年立案查处了多少人", "前年", "448人"),  # a relative year, resolved
        ("法院10月份受理了多少案件", "10月份", "81878件"),  # one month of a range
        ("纪委截至6月底立案查处多少人", "6月", "448人"),  # another range
        ("政协筹集捐款同比增长多少", "同比", "150多万元"),  # a comparison not given
        ("政府办受理市长信箱事项在全省排第几", "排名", "5154项"),  # a rank not given
    ],
)
def test_a_condition_the_report_does_not_meet_gives_a_partial_reply(
    index: Index, question: str, missing: str, given: str
) -> None:
    reply = answer_question(index, question)
    assert not reply.answered and reply.kind == "partial"
    assert reply.answer.startswith("报道没有给出") and missing in reply.answer
    assert given not in reply.answer  # the first line never carries the figure
    assert reply.details and reply.details[0].startswith("报道给出的是:")
    assert given in reply.details[0] and reply.figures
    text = render_text(reply)
    assert text.index("报道没有给出") < text.index("报道给出的是")


def test_the_period_asked_chooses_between_figures_of_one_topic(index: Index) -> None:
    reply = answer_question(index, "纪委1-9月给予党纪政务处分多少人")
    assert reply.answered and "314人" in reply.answer


@pytest.mark.parametrize(
    ("question", "body"),
    [
        ("市第三人民法院今年结案多少件", "第三人民法院"),
        ("市检察院今年办了多少案子", "检察院"),
        ("市公安局今年立案多少起", "公安局"),
        ("惠州市税务局有多少个书记项目", "惠州"),
        ("中山市中级法院今年受理了多少案件", "中级法院"),  # not the 第一人民法院
        ("东区街道纪工委立案多少人", "纪工委"),  # not the city's 纪委
        ("东区人民法院受理了多少案件", "东区人民法院"),  # a district's court
    ],
)
def test_a_body_the_report_does_not_cover_is_declined_by_name(
    index: Index, question: str, body: str
) -> None:
    reply = answer_question(index, question)
    assert not reply.answered and reply.kind == "declined"
    assert body in reply.answer and "市第一人民法院" in reply.answer
    assert not re.search(r"\d{3,}", render_text(reply))


@pytest.mark.parametrize(
    "question",
    [
        "帮我写一份纪委工作的总结材料",
        "把法院那段翻译成英文",
        "你觉得哪个单位做得最好",
        "预测一下法院明年会收多少案",
        "你帮我给这几个单位排个名",
    ],
)
def test_a_task_is_declined_politely(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert not reply.answered and reply.kind == "declined"
    assert "只能回答这篇报道里有的内容" in reply.answer


def test_a_detail_the_report_does_not_state_is_not_answered(index: Index) -> None:
    reply = answer_question(index, "推进会是在什么地点召开的")
    assert not reply.answered and reply.kind == "partial"
    assert "地点" in reply.answer


def test_a_part_of_a_figure_the_report_does_not_break_down_is_not_answered(index: Index) -> None:
    reply = answer_question(index, "法院结案的63266件里民事案件有多少件")
    assert not reply.answered


def test_a_partial_reply_is_a_follow_up_context(index: Index) -> None:
    chats = Conversations()
    assert chats.ask(index, "p", "法院2016年结案多少件").kind == "partial"
    reply = chats.ask(index, "p", "那2018年呢")
    assert reply.answered and "63266件" in reply.answer


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("法院今年结咗几多案?", "63266件"),
        ("組織部今年培訓咗幾多人次?", "19360人次"),
        ("政协有几多个委员工作站呀", "14个"),
    ],
)
def test_written_cantonese_is_answered_in_standard_chinese(
    index: Index, question: str, figure: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer


# --- Several reports of one place: the period asked chooses the report ---


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Index:
    import shutil

    from bot.knowledge import bundled_knowledge_dir
    from tests.report_files import write_report_2019

    folder = tmp_path_factory.mktemp("two-years")
    shutil.copytree(bundled_knowledge_dir(), folder, dirs_exist_ok=True)
    write_report_2019(folder)
    return build_index(load_knowledge(folder))


@pytest.mark.parametrize(
    ("question", "figure", "date"),
    [
        ("法院2018年结案多少件", "63266件", "2018-12"),
        ("法院2019年结案多少件", "69593件", "2019-12"),
        ("法院结案多少件", "69593件", "2019-12"),  # no period: the latest report
        ("法院今年结了多少案", "69593件", "2019-12"),  # 今年 is the latest report's year
        ("法院去年结案多少件", "63266件", "2018-12"),
    ],
)
def test_the_period_asked_chooses_the_report(
    two_years: Index, question: str, figure: str, date: str
) -> None:
    reply = answer_question(two_years, question)
    assert reply.answered and figure in reply.answer
    assert reply.source is not None and date in reply.source  # the reply names its report


def test_a_year_no_report_covers_is_not_answered(two_years: Index) -> None:
    reply = answer_question(two_years, "法院2017年结案多少件")
    assert not reply.answered and reply.kind == "partial" and "2017年" in reply.answer


# --- Several places: the home place answers a question that names none ---


@pytest.fixture(scope="module")
def two_places(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from bot.knowledge import bundled_knowledge_dir
    from tests.report_files import write_city_report

    folder = tmp_path_factory.mktemp("two-places")
    shutil.copytree(bundled_knowledge_dir(), folder, dirs_exist_ok=True)
    write_city_report(folder, "佛山")
    return folder


def test_a_question_naming_no_place_is_answered_from_the_home_place(two_places: Path) -> None:
    knowledge = load_knowledge(two_places)
    for home, other in (("中山", "佛山"), ("佛山", "中山")):
        index = build_index(knowledge, home_place=home)
        reply = answer_question(index, "市第一人民法院结案多少件")
        assert reply.answered and reply.source is not None and home in reply.source
        # The other place's same figure is offered, a tap away.
        assert any(s.label.startswith(other) for s in reply.suggestions)
        named = answer_question(index, f"{other}市第一人民法院结案多少件")
        assert named.source is not None and other in named.source


def test_a_span_before_the_clause_asked_about_is_no_date(index: Index) -> None:
    # "2015年以来先后制定…条例": since when the laws were made, not when this one was.
    reply = answer_question(index, "人大的水环境保护条例什么时候制定的")
    assert reply.kind == "partial" and reply.answer == "报道没有给出具体时间。"


def test_a_date_governs_the_clauses_after_it(index: Index) -> None:
    # "今年8月,人大机关…采取…形式,开展…主题活动": the date stands two clauses before.
    reply = answer_question(index, "更好发挥人大代表作用主题活动什么时候搞的")
    assert reply.answered and "2018年8月" in reply.answer


def test_a_breakdown_by_sex_is_not_given(index: Index) -> None:
    reply = answer_question(index, "纪委立案的448人中女的有几个")
    assert not reply.answered and reply.answer == "报道没有给出按性别的分项数字。"


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("一院今年搞掂咗几多单案件", "63266件"),  # 搞掂 is 办结; 单 a measure of cases
        ("俾法院惩戒咗嘅老赖有几多个", "20966名"),  # 几个 counts people too
        ("处级干部俾纪委查处咗几多个", "57人"),  # the noun stands before the verb
        ("纪委领导今年同系统内干部谈话提醒了几多人次", "200多人次"),  # 谈话 is 约谈
    ],
)
def test_colloquial_counts_find_their_figure(index: Index, question: str, figure: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer


def test_a_difference_in_people_is_not_a_rate(index: Index) -> None:
    # The report gives 同比上升37.8%; how many people more is a number it does not give.
    reply = answer_question(index, "纪委立案查处人数比去年增加了多少人")
    assert reply.kind == "partial" and "具体数量" in reply.answer
    both = answer_question(index, "纪委立案查处多少人,同比增长多少")
    assert both.answered and "448人" in both.answer and "37.8%" in both.answer


def test_which_part_of_a_quoted_figure_is_most_is_not_given(index: Index) -> None:
    reply = answer_question(index, "政协筹到的150多万元捐款里哪个单位捐得最多")
    assert reply.kind == "partial" and "150多万元" in reply.answer
    assert "筹集捐款150多万元" in reply.details[0]  # the sentence about it, not the first


def test_a_word_every_figure_shares_does_not_name_the_whole_of_a_part(index: Index) -> None:
    # 其中处级干部4人 is a part of 查处存在“为官不为”党员干部17人; 查处 names 57人 just as well.
    assert "57人" in answer_question(index, "头三季度有几多处级干部落马").answer  # 落马: 查处
    assert "4人" in answer_question(index, "为官不为干部里面处级干部有几个").answer


def test_a_part_of_a_quoted_figure_is_not_another_figure(index: Index) -> None:
    reply = answer_question(index, "组织部带动投入的1.8亿元用于整顿基层党组织,当中市财政出了多少")
    assert reply.kind == "partial" and "1.8亿元" in reply.answer


def test_which_is_more_gives_every_figure_listed_in_the_first_line(index: Index) -> None:
    three = answer_question(index, "纪委立案、结案、处分哪项同比增长最少").answer
    assert all(f in three for f in ("37.8%", "31.1%", "19.4%"))
    assert three.count("市纪委监委") == 1  # the owner once for its run of figures
    two = answer_question(index, "纪委和法院谁结案多").answer
    assert "358件" in two and "63266件" in two
    # 受理's clause holds 结案's whole: said once.
    held = answer_question(index, "法院受理多还是结案多").answer
    assert "81878件" in held and held.count("63266件") == 1


def test_a_figure_in_the_parenthesis_a_part_opens_is_a_part_too(index: Index) -> None:
    # "处分14人(其中处级干部5人,科级干部6人)": 6人 is a part like 5人, not 科级干部 at large.
    reply = answer_question(index, "纪委查咗几多个科级干部")
    assert reply.answered and "137人" in reply.answer


def test_a_colloquial_phrase_the_cut_splits_still_reads(index: Index) -> None:
    # 不作为 is 为官不为, 揪出 is 查处; 几多个不 is no typo of 各部.
    reply = answer_question(index, "纪委揪出几多个不作为嘅干部")
    assert reply.answered and "17人" in reply.answer


def test_a_count_in_another_measure_gives_the_figure_as_a_partial(index: Index) -> None:
    # 立案查处448人 counts people; a question in 宗 gets it, labelled as not in 宗.
    reply = answer_question(index, "纪委立咗几多宗案")
    assert reply.kind == "partial" and "宗" in reply.answer and "448人" in reply.details[0]


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("政协的委员联系点设在哪里", "各镇区、市媒体、高校"),  # 在…设立
        ("政协挂钩扶贫的是哪个村", "广宁大良村"),
    ],
)
def test_where_is_answered_by_a_place_the_report_names(
    index: Index, question: str, where: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and where in reply.answer


def test_which_cities_needs_places_beside_the_topic(index: Index) -> None:
    # 大湾区 is in the report, its cities are not; 广州、深圳 stand beside 政协联动.
    assert answer_question(index, "大湾区由哪几个城市组成").kind == "partial"
    linked = answer_question(index, "政协跟哪些城市的政协搞联动")
    assert linked.answered and "广州、深圳" in linked.answer


def test_places_in_a_text_are_places_only() -> None:
    assert places_in("加强与广州、深圳等地政协的联动,推动广宁大良村扶贫") == {
        "广州",
        "深圳",
        "广宁大良村",
    }
    assert places_in("市政协机关深化市政协活动,促进与大湾区中心城市对接") == set()


def test_a_how_question_in_its_own_words_gets_the_paragraph_that_stands_out(
    index: Index,
) -> None:
    # Few of its words are the report's; one paragraph of the agency still stands far above.
    reply = answer_question(index, "税务局揾咗咩人嚟帮同事解开心结")
    assert reply.answered and "心理咨询师" in reply.answer
    # A question about a detail of no paragraph stays declined, and so does one whose own
    # words (校园欺凌) the report lacks, though a verb of it (处理) stands in one paragraph.
    assert not answer_question(index, "税务局的局长叫什么名字").answered
    assert not answer_question(index, "法院怎样处理校园欺凌").answered


def test_paying_a_fee_at_the_court_is_its_payment_platform(index: Index) -> None:
    # 诉讼费 is paid: the report's 缴费只需轻轻一点.
    reply = answer_question(index, "去一院交诉讼费麻唔麻烦")
    assert reply.answered and "缴费" in reply.answer


def test_one_place_is_enough_for_which_place(index: Index) -> None:
    reply = answer_question(index, "政协去哪个地方扶贫")
    assert reply.answered and "广宁大良村" in reply.answer
    assert places_in("做好农村工作,在市镇村换届") == set()


@pytest.mark.parametrize(
    "question",
    ["查处了多少人", "结案多少件", "受理案件同比增长多少", "第一书记有多少名", "其中处级干部呢"],
)
def test_matching_within_an_agency_weighs_its_entries_as_matching_everything_does(
    index: Index, question: str
) -> None:
    from bot.question import analyse
    from bot.retrieval import _match_postings
    from bot.weights import WEIGHTS

    asked = analyse(index, question)
    everything = _match_postings(index, asked, None, None, WEIGHTS)
    matched = 0
    for agency in index.knowledge.agencies:
        within = _match_postings(index, asked, None, {agency.id}, WEIGHTS)
        expected = {
            p: w
            for p, w in everything.items()
            if index.entries[p].agency is not None and index.entries[p].agency.id == agency.id
        }
        assert within == expected
        matched += bool(within)
    assert matched >= 2


def test_a_length_the_report_never_counts_in_is_not_answered(index: Index) -> None:
    # 深中通道 is in the report, its length is not: no paragraph answers 多少公里.
    reply = answer_question(index, "深中通道有多长,多少公里")
    assert not reply.answered and "公里" not in reply.answer


def test_documents_counted_in_fen_are_counted_in_pian(index: Index) -> None:
    reply = answer_question(index, "法院公开上网了多少份裁判文书")
    assert reply.answered and "34330篇" in reply.answer.splitlines()[0]


def test_an_official_asked_by_name_is_not_given(index: Index) -> None:
    # The paragraph says 总局领导批示; it names no one.
    reply = answer_question(index, "土地增值税闭环管理得到哪位领导批示")
    assert reply.kind == "partial" and "人名" in reply.answer
    # 谁 is answered by a role as well: 外商点赞.
    reply = answer_question(index, "法院的知识产权保护得到谁点赞")
    assert reply.answered and "外商" in reply.answer


@pytest.mark.parametrize(
    "question",
    ["人大制定的4部法规,除了水环境保护条例,另外3部是什么", "人大嗰4部法规系边4部"],
)
def test_a_list_the_report_names_only_in_part_is_not_given_whole(
    index: Index, question: str
) -> None:
    # 制定《中山市水环境保护条例》等4部法规: one named, then 等.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "名单" in reply.answer
    # Asked what it names, it is answered.
    reply = answer_question(index, "人大制定了哪些法规")
    assert reply.answered and "水环境保护条例" in reply.answer


def test_which_town_has_the_most_is_a_breakdown_the_report_does_not_give(index: Index) -> None:
    # Quoting a figure, naming no agency: no paragraph answers it either.
    reply = answer_question(index, "358件里面哪个镇区最多")
    first = reply.answer.splitlines()[0]
    assert reply.kind == "partial" and ("镇" in first or "“358件”的细分数字" in first)
    # 各个镇 is said 按镇.
    first = answer_question(index, "纪委立案查处嘅人各个镇分别有几多").answer.splitlines()[0]
    assert "按镇" in first and "按个镇" not in first


@pytest.mark.parametrize(("question", "counted"), [("全市一共有多少人大代表", "人大代表")])
def test_a_count_of_what_a_facility_is_for_is_not_the_facilitys_count(
    index: Index, question: str, counted: str
) -> None:
    # 建立近70个人大代表联络站 counts stations, not deputies.
    reply = answer_question(index, question)
    assert not reply.answered and counted in reply.answer.splitlines()[0]
    assert "70" not in reply.answer.splitlines()[0]
    # The stations themselves are counted.
    reply = answer_question(index, "人大建了多少个代表联络站")
    assert reply.answered and "70个" in reply.answer.splitlines()[0]


def test_exactly_which_ones_of_a_clause_that_names_none_is_not_given(index: Index) -> None:
    # 正在对接项目: the report names no project, however long the sentence's other lists.
    reply = answer_question(index, "政协的扶贫捐款具体对接了哪些项目")
    assert reply.kind == "partial" and "名单" in reply.answer.splitlines()[0]


def test_which_places_is_answered_by_a_list_of_where_things_were_set_up(index: Index) -> None:
    reply = answer_question(index, "政协在哪些地方设了委员联系点")
    assert reply.answered and "各镇区、市媒体、高校" in reply.answer


@pytest.mark.parametrize("question", ["省委给中山的“三个定位”具体是哪三个", "“一府两院”指的是什么"])
def test_a_set_the_report_names_but_never_lists_is_not_given(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "具体内容" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        ("“一网一端四平台”指的是什么", "党建网"),  # listed after it: (即党建网、…)
        ("税务局的三大指数是哪三个", "支部堡垒指数"),  # listed before it, in its clause
    ],
)
def test_a_set_the_report_lists_is_answered(index: Index, question: str, listed: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and listed in reply.answer


def test_a_part_of_a_quoted_whole_is_the_part_the_report_gives_or_none(index: Index) -> None:
    # 查处存在“为官不为”党员干部17人,其中处级干部4人: that part, and no other.
    reply = answer_question(index, "为官不为那17人当中处级干部是几个")
    assert reply.answered and "4人" in reply.answer.splitlines()[0]
    reply = answer_question(index, "为官不为那17人当中科级干部是几个")
    assert reply.kind == "partial" and "17人" in reply.answer


@pytest.mark.parametrize(
    "question",
    ["组织部办的那8期研讨班,每期多少人参加", "查处的那15名纪检监察干部,各自是什么级别"],
)
def test_what_each_of_a_quoted_group_did_is_not_given(index: Index, question: str) -> None:
    # The report counts the group whole; no paragraph without the figure answers instead.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "细分" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question", ["法院受理案件同旧年比系升咗定跌咗", "法院结案和去年比是多了还是少了"]
)
def test_a_comparison_with_last_year_in_any_words_is_a_comparison(
    index: Index, question: str
) -> None:
    # The court's figures carry no comparison with 2017.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "同比" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "lasting"),
    [("税务局的书记项目搞了几年", "三年"), ("政协委员和市长的协商座谈会坚持多少年了", "28年")],
)
def test_how_long_is_answered_by_a_span_the_report_writes(
    index: Index, question: str, lasting: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and lasting in reply.answer.splitlines()[0]


def test_how_many_months_of_figures_asks_the_period_not_a_span(index: Index) -> None:
    reply = answer_question(index, "法院受理案件是几个月的数据")
    assert reply.answered and "1-11月" in reply.answer.splitlines()[0]


def test_how_long_is_not_answered_without_a_span(index: Index) -> None:
    # 12368诉讼热线服务群众59663人次: a count, not how long anything takes.
    reply = answer_question(index, "打12368诉讼热线要等多长时间")
    assert reply.kind == "partial" and "时长" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question", ["人大那份意见的13条,帮我逐条列一下", "“一府两院”具体指的是哪几个机关"]
)
def test_a_list_asked_item_by_item_is_not_given_when_the_report_only_counts_it(
    index: Index, question: str
) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial"


def test_a_list_typed_without_its_commas_is_the_reports_words(index: Index) -> None:
    # 国家、省、市三级建议提案, typed 国家省市: 省市 is no word the report lacks.
    reply = answer_question(index, "政府办协调办理了国家省市三级多少件建议提案")
    assert reply.answered and "393件" in reply.answer.splitlines()[0]


def test_how_many_units_in_other_words_asks_about_the_report(index: Index) -> None:
    reply = answer_question(index, "这篇报道一共介绍了几家单位")
    assert reply.answered and "8个单位" in reply.answer


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("关于为官不为的问题,纪委查处了多少人", "17人"),
        ("违反政治纪律方面,纪委处分了多少人", "14人"),
    ],
)
def test_a_context_clause_that_says_what_is_asked_about_stays(
    index: Index, question: str, figure: str
) -> None:
    # The ask names its agency; the clause before it names the topic.
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


def test_an_organisation_asked_by_name_is_answered_only_where_one_is_named(index: Index) -> None:
    reply = answer_question(index, "税务局心灵驿站请的心理咨询师来自哪家机构")
    assert reply.kind == "partial" and "机构" in reply.answer.splitlines()[0]
    reply = answer_question(index, "政协牵线3家企业同边间学校签咗协议")
    assert reply.answered and "市特殊学校" in reply.answer


def test_how_a_named_mechanism_operates_is_not_given(index: Index) -> None:
    reply = answer_question(index, "人大的“三集中四联动”具体怎么操作")
    assert reply.kind == "partial" and "三集中四联动" in reply.answer.splitlines()[0]


def test_the_clause_naming_the_whole_stays_before_a_short_ask(index: Index) -> None:
    # "…的那些人里," names what the part is of; "处级的有几个" alone says nothing.
    reply = answer_question(index, "政治纪律方面挨罚的那批人中,处级的几个")
    assert reply.answered and "处级干部5人" in reply.answer.splitlines()[0]


def test_people_are_not_counted_by_a_figure_of_sessions_held_for_them(index: Index) -> None:
    # 举办处级干部、镇区班子成员专题研讨班8期 counts sessions, not 处级干部.
    reply = answer_question(index, "组织部今年提拔了多少个处级干部")
    assert reply.kind == "partial" and "8期" not in reply.answer.splitlines()[0]
    reply = answer_question(index, "组织部今年办了几期处级干部的研讨班")
    assert reply.answered and "8期" in reply.answer.splitlines()[0]
    # 失信惩戒20966名 counts the 老赖 themselves.
    reply = answer_question(index, "法院失信惩戒了多少个老赖")
    assert reply.answered and "20966名" in reply.answer.splitlines()[0]


def test_which_units_the_media_interviewed_is_not_given(index: Index) -> None:
    reply = answer_question(index, "媒体采访的那2个单位是哪两个")
    assert reply.kind == "partial" and "单位" in reply.answer.splitlines()[0]


def test_a_count_of_people_the_report_never_gives_is_not_read_from_another_count(
    index: Index,
) -> None:
    # 人口 is a word, not 人 + 口; and 选调干部3人 counts no population.
    reply = answer_question(index, "中山有几多人口")
    assert not reply.answered and "3人" not in reply.answer


def test_a_part_of_another_whole_than_the_one_quoted_is_not_the_answer(index: Index) -> None:
    # 处级干部5人 is of the 14 punished for political discipline, not of the 314.
    reply = answer_question(index, "那314人当中处级干部是多少")
    assert reply.kind == "partial" and "5人" not in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("税务局哪个书记项目得到了总局肯定", "书记项目"),  # 书记项目 is no official
        ("哪位领导对广东提出了四个方面重要要求", "习近平总书记"),  # jieba tags him nrfg
        ("这篇采访报道是哪几位记者写的", "黄海潮"),  # 采访 of the authors, not of units
        ("“五个点”是哪五个点", "根本点"),  # listed in quotes, commas inside them
        ("网上立案服务多长时间", "24小时"),  # the span is in the sentence, not the clause
        ("一院法官人均结案541件,全省每人多少件", "253件"),  # 每人 is per capita
    ],
)
def test_what_the_report_does_give_is_not_refused(index: Index, question: str, given: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and given in reply.answer


@pytest.mark.parametrize(
    "question",
    ["心灵驿站请嘅心理咨询师系边个", "Who are the counsellors the tax bureau invited?"],
)
def test_who_a_calling_the_report_names_is_is_not_given(index: Index, question: str) -> None:
    # 邀请心理咨询师关注重点解“疙瘩”: the calling, no one by name.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "人名" in reply.answer
    # Who invited them is a body the report names.
    reply = answer_question(index, "心理咨询师是哪个单位请的")
    assert reply.answered and "税务局" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question", ["走进法院的有哪几所学校", "组织部的专题研讨班请了哪几位专家来讲"]
)
def test_the_names_of_a_kind_the_report_counts_only_as_a_kind_are_not_given(
    index: Index, question: str
) -> None:
    # 学校、机关、企业、团体等37批: 学校 is one kind among others; no expert is named at all.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "名单" in reply.answer.splitlines()[0]
    # The kinds themselves are what the report lists.
    reply = answer_question(index, "哪些人走进法院感受公平正义")
    assert reply.answered and "学校、机关" in reply.answer


@pytest.mark.parametrize(
    ("question", "counted"),
    [("法院一共有几个人民法庭", "人民法庭"), ("纪委派驻了多少个纪检组", "纪检组")],
)
def test_a_count_of_a_thing_the_paragraph_never_writes_is_not_answered(
    index: Index, question: str, counted: str
) -> None:
    # Each paragraph counts cases or people; neither courts nor groups.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and counted in reply.answer.splitlines()[0]
    # A thing it writes, counted, is answered.
    reply = answer_question(index, "人大建了几个代表联络站")
    assert reply.answered and "70个" in reply.answer.splitlines()[0]


def test_the_posts_of_people_a_quoted_figure_counts_are_not_given(index: Index) -> None:
    # 2018年共查处15名纪检监察干部: counted, never by post.
    reply = answer_question(index, "查处的15名纪检监察干部系咩职级")
    assert reply.kind == "partial" and "15名" in reply.answer.splitlines()[0]
    # Where the report splits a quoted whole by level, the split answers.
    reply = answer_question(index, "448人都是什么级别的干部")
    assert reply.answered and "处级干部57人" in reply.answer.splitlines()[0]


def test_a_figure_quoted_with_its_unit_names_the_agency_that_states_it(index: Index) -> None:
    # 448人 is the commission's alone: never the court's paragraph that says 分别.
    reply = answer_question(index, "这448人分别是哪些人")
    assert not reply.answered and "81878" not in reply.answer


def test_a_follow_up_after_a_rate_asks_the_same_rate_of_what_it_names(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "r", "市长信箱事项嘅办结率几多")
    reply = chats.ask(index, "r", "群众来信呢?")
    assert reply.answered and "92.5%" in reply.answer.splitlines()[0]
    # After a count, the same follow-up asks the count.
    chats.ask(index, "n", "政府办受理了多少市长信箱事项")
    reply = chats.ask(index, "n", "群众来信呢?")
    assert reply.answered and "67件" in reply.answer.splitlines()[0]
    assert "92.5%" not in reply.answer.splitlines()[0]


@pytest.mark.parametrize("question", ["法院受理和结案各多少件", "一院收案同结案分别系几多"])
def test_a_figure_of_each_thing_listed_is_in_the_first_line(index: Index, question: str) -> None:
    first = answer_question(index, question).answer.splitlines()[0]
    assert "81878件" in first and "63266件" in first


def test_a_kind_of_case_the_report_never_counts_is_not_the_court_paragraph(index: Index) -> None:
    # 行政 is a word of the report; 行政案 is not, and no figure counts them.
    reply = answer_question(index, "法院收咗几多宗行政案")
    assert reply.kind == "partial" and "行政案" in reply.answer.splitlines()[0]
    reply = answer_question(index, "法院今年执结了多少件执行案")
    assert reply.answered and "30916件" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question", ["纪委立案查处的人里面有几多个系党员", "法院受理嘅案当中有几多宗系刑事"]
)
def test_how_many_of_a_whole_are_of_a_kind_it_never_counts_is_not_the_whole(
    index: Index, question: str
) -> None:
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    assert not reply.answered and ("448人" in first or "81878件" in first)
    assert "形势" not in first  # 刑事, a common word, is meant: no typo of the report's 形势
    # A kind it counts is answered: 其中,查处科级干部137人.
    reply = answer_question(index, "立案查处的448人中有几个是科级干部")
    assert reply.answered and "137人" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("法官人均结案系全省平均水平嘅几多倍", "2.14倍"),  # 全省平均水平: the report's 全省人均
        ("一院为几多个打工仔讨回欠薪", "1135位"),  # 打工仔: Cantonese for 工人
        ("组织部抽调咗几多部机关干部", "150多人次"),  # 部 of 部机关 is no measure word
    ],
)
def test_everyday_words_for_what_the_report_counts_find_its_figure(
    index: Index, question: str, figure: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


@pytest.mark.parametrize("question", ["人大机关有几多名工作人员", "组织部部机关现有多少在编干部"])
def test_how_many_people_a_body_has_is_not_a_count_of_times(index: Index, question: str) -> None:
    # 任免…工作人员近400人次, 抽调部机关干部150多人次: times people were appointed or lent.
    reply = answer_question(index, question)
    assert not reply.answered and "人次" not in reply.answer.splitlines()[0]


def test_which_counsellor_by_name_is_not_given(index: Index) -> None:
    reply = answer_question(index, "心灵驿站请的是哪位咨询师")
    assert reply.kind == "partial" and "人名" in reply.answer


def test_a_count_of_groups_the_report_never_writes_is_not_a_count_of_people(index: Index) -> None:
    # 纪检监察|组 cut in two is still one thing counted, and the report counts none.
    reply = answer_question(index, "纪委一共派出了几多个纪检监察组")
    assert reply.kind == "partial" and "纪检监察组" in reply.answer.splitlines()[0]


def test_each_of_two_batches_asked_with_a_verb_is_a_split_the_report_lacks(index: Index) -> None:
    # 先后聘请两批共43名: the two batches are not counted apart.
    reply = answer_question(index, "部风监督员两批各请咗几多个")
    assert reply.kind == "partial" and "分项" in reply.answer.splitlines()[0]
    # Things listed and each given a figure are still answered.
    reply = answer_question(index, "请示同报告各报送咗几多件")
    first = reply.answer.splitlines()[0]
    assert reply.answered and "20件" in first and "14件" in first


def test_people_named_after_a_clause_that_says_which_are_counted_as_people(index: Index) -> None:
    # 几多个违反…的党员干部: 党员干部 is what 个 counts, not the 38个 problems.
    reply = answer_question(index, "纪委处理了几多个违反中央八项规定精神的党员干部")
    assert reply.answered and "33人" in reply.answer.splitlines()[0]


def test_how_an_agency_works_with_another_citys_body_the_report_names_is_answered(
    index: Index,
) -> None:
    # 加强与广州、深圳等地政协的联动: asked how, it is the agency's own work.
    reply = answer_question(index, "政协同深圳政协点样合作")
    assert reply.answered and "深圳等地政协的联动" in reply.answer
    # Asked a figure of that body, it is another body.
    reply = answer_question(index, "深圳政协今年办了多少提案")
    assert not reply.answered and "深圳" in reply.answer.splitlines()[0]


def test_a_things_name_is_given_only_where_the_report_quotes_one(index: Index) -> None:
    # 建设掌上微信支付宝平台: no name quoted for it.
    reply = answer_question(index, "法院微信缴费嗰个公众号叫咩名")
    assert reply.kind == "partial" and "名称" in reply.answer.splitlines()[0]
    # “中山税悦”微信 and “离前一课” are names the report quotes.
    assert "中山税悦" in answer_question(index, "税务局开的微信公众号叫什么").answer
    assert "离前一课" in answer_question(index, "一院家事审判首创的做法叫什么名").answer


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("纪委落实嘅省委方案叫咩名", "基层正风反腐三年行动方案"),  # a name of nouns, unquoted
        ("法院的便民缴费平台叫什么", "掌上微信支付宝平台"),
        ("政协深化嘅活动叫什么名字", "创新发展服务年"),  # a programme's name, not a person's
    ],
)
def test_a_name_the_report_writes_unquoted_or_quoted_is_given(
    index: Index, question: str, name: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and name in reply.answer


def test_a_project_only_said_to_be_under_way_has_no_name(index: Index) -> None:
    # 正在对接项目: a verb before 项目, no name.
    reply = answer_question(index, "大良村正在对接嘅扶贫项目叫什么名字")
    assert reply.kind == "partial" and "名称" in reply.answer.splitlines()[0]
    # People asked by name stay people: 处级干部叫什么名字.
    reply = answer_question(index, "违反政治纪律被处分的处级干部叫什么名字")
    assert reply.kind == "partial" and "人名" in reply.answer.splitlines()[0]


def test_a_number_inside_a_quoted_name_is_no_figure(index: Index) -> None:
    # “五个点” is the 政协's requirement, named by 市委书记陈旭东; its 5 quotes no figure.
    reply = answer_question(index, "“五个点”嘅要求系边位领导讲嘅")
    assert reply.answered and "陈旭东" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "kind", "shown"),
    [
        ("What's the name of the WeChat account the tax bureau opened?", "metric", "中山税悦"),
        ("What is the name of Zhongshan's mayor?", "partial", "市长的姓名"),
        (
            "What are the names of the 3 companies linked up with the special school?",
            "partial",
            "3家",
        ),
    ],
)
def test_a_name_asked_in_english_is_given_only_where_the_report_writes_it(
    index: Index, question: str, kind: str, shown: str
) -> None:
    reply = answer_question(index, question)
    assert reply.kind in (kind, "paragraph") and shown in reply.answer.splitlines()[0]
    assert reply.answered == (kind != "partial")


def test_the_items_of_a_figure_quoted_after_a_period_are_asked_of_that_figure(
    index: Index,
) -> None:
    # 1-9月…57名…都有谁: the 57 people, not a 9 of the period.
    reply = answer_question(index, "1-9月查处嘅57名处级干部都有边个")
    assert reply.kind == "partial" and "57人" in reply.answer.splitlines()[0]


def test_a_kind_among_a_quoted_whole_is_a_figure_counting_that_kind_of_it(index: Index) -> None:
    # 处理党员干部33人 and 查处存在“为官不为”党员干部17人 count other things, or some of them.
    reply = answer_question(index, "448人里面有几多个系党员")
    assert reply.kind == "partial" and "448人" in reply.answer.splitlines()[0]
    assert "33人" not in reply.answer.splitlines()[0]
    reply = answer_question(index, "448人当中有几个是科级干部")
    assert reply.answered and "137人" in reply.answer.splitlines()[0]


def test_each_of_two_levels_asked_with_a_verb_gets_both(index: Index) -> None:
    first = answer_question(index, "处级和科级干部各查处了多少人").answer.splitlines()[0]
    assert "57人" in first and "137人" in first
    # 各排第几 asks ranks, which the report gives for each.
    reply = answer_question(index, "受理和结案在全国基层法院各排第几")
    assert reply.answered and "第9和第6" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "name"),
    [("人大制定的水环境法规叫什么名字", "中山市水环境保护条例"), ("心理咨询师系边个", "人名")],
)
def test_names_written_a_little_before_the_thing_and_callings_asked_in_cantonese(
    index: Index, question: str, name: str
) -> None:
    # 《中山市水环境保护条例》等4部法规: the title stands a little before 法规.
    assert name in answer_question(index, question).answer


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("一院帮哪些人讨回欠薪", "工人"),  # which people, by kind: 1135位工人
        ("第一书记是谁选派的", "市委组织部"),  # who sent them, not their names
    ],
)
def test_which_people_or_who_did_it_is_answered_by_a_kind_or_a_body(
    index: Index, question: str, given: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and given in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "town"),
    [("喺石岐设咗几多个委员联系点", "石岐"), ("小榄有几多个代表联络站", "小榄")],
)
def test_a_town_named_bare_is_one_part_of_the_city(index: Index, question: str, town: str) -> None:
    # 在各镇区…设立委员联系点49个, 近70个人大代表联络站: all the city's, none of one town's.
    # (石岐 is no typo of 时期: the knowledge lists the city's towns.)
    reply = answer_question(index, question)
    assert reply.kind == "partial" and town in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("法院便民方面做咗哪些事", "掌上微信支付宝平台"),  # 哪些事 asks what it did, not names
        ("法院有什么方法让市民打官司更方便", "12368"),  # 打官司: the report's 诉讼
    ],
)
def test_what_an_agency_did_asked_in_everyday_words_is_answered(
    index: Index, question: str, given: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and given in reply.answer


@pytest.mark.parametrize(
    ("question", "action"),
    [("组织部今年晋升咗几多个处级干部", "晋升"), ("纪委今年开除了多少名党员", "开除")],
)
def test_a_count_of_a_personnel_action_the_report_never_writes_is_not_another_count(
    index: Index, question: str, action: str
) -> None:
    # The report counts 抽调, 查处, 处理 …; never a promotion or an expulsion.
    reply = answer_question(index, question)
    assert not reply.answered and action in reply.answer.splitlines()[0]


def test_a_personnel_action_the_report_writes_is_still_counted(index: Index) -> None:
    reply = answer_question(index, "人大机关三年内任免过几多人次")
    assert reply.answered and "近400人次" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "kind", "first"),
    [
        ("纪委立案人数同比升咗几多个百分点", "metric", "37.8%"),  # a rate, as the report gives
        ("智能稽查平台令稽查效率提高咗几多个百分点", None, ""),  # no share is written
        ("报道入面8个单位边个排名第一", "partial", "排名"),  # the units are not ranked
        ("人文交流合作座谈会系边日开嘅", "partial", "时间"),  # 边日: which day, of another meeting
        ("推进会喺哪日召开", "report", "12月5日"),  # 在哪日 asks a day, not a place
    ],
)
def test_points_days_and_ranks_asked_in_cantonese(
    index: Index, question: str, kind: str | None, first: str
) -> None:
    reply = answer_question(index, question)
    if kind is None:
        assert not reply.answered
    else:
        assert reply.kind in (kind, "paragraph") and first in reply.answer.splitlines()[0]
        assert reply.answered == (kind != "partial")


@pytest.mark.parametrize(
    "question", ["一院执结嗰30916件案涉及几多钱", "执结的30916件案件标的额是多少"]
)
def test_the_money_of_a_quoted_figure_is_not_other_money_of_its_paragraph(
    index: Index, question: str
) -> None:
    # 执结30916件对20966名“老赖”失信惩戒: no money in its sentence; 追回欠薪2809.08万元 is
    # another sentence's.
    reply = answer_question(index, question)
    assert not reply.answered and "2809.08万元" not in reply.answer.splitlines()[0]
    assert "30916件" in reply.answer.splitlines()[0] or "这个数字" in reply.answer.splitlines()[0]
    # Money in the quoted figure's own sentence answers.
    reply = answer_question(index, "审结的2229件民生案件为工人追回多少钱")
    assert reply.answered and "2809.08万元" in reply.answer.splitlines()[0]


def test_the_names_of_companies_the_report_only_counts_are_not_given(index: Index) -> None:
    # 已牵线3家企业与市特殊学校签署…协议: the school is named, the companies are not.
    reply = answer_question(index, "同特殊学校签协议的3家企业,都叫什么名")
    assert reply.kind == "partial"


def test_a_kind_of_case_the_report_never_names_is_not_every_case(index: Index) -> None:
    reply = answer_question(index, "法院今年审结咗几多宗刑事案")
    assert reply.kind == "partial" and "63266" not in reply.answer.splitlines()[0]


def test_the_units_the_report_counts_are_named_when_asked_by_their_count(index: Index) -> None:
    reply = answer_question(index, "报道说的8个单位分别是哪几个")
    assert reply.answered and "市第一人民法院" in reply.answer.splitlines()[0]


def test_a_count_no_clause_of_the_paragraph_gives_is_not_answered_by_it(index: Index) -> None:
    reply = answer_question(index, "税务局下面有几个党支部")
    assert reply.kind == "partial" and "党支部" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "post"),
    [("市长是谁", "市长"), ("Who is the mayor?", "市长"), ("广东省委书记是谁", "省委书记")],
)
def test_who_holds_a_post_is_answered_only_by_a_name_after_that_post(
    index: Index, question: str, post: str
) -> None:
    # The report names 市委书记陈旭东 and mentions 市长, but names no mayor and no
    # provincial secretary.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and f"{post}的姓名" in reply.answer


def test_who_holds_a_post_the_report_names_is_answered(index: Index) -> None:
    reply = answer_question(index, "报道里提到的市委书记是谁")
    assert reply.answered and "陈旭东" in reply.answer.splitlines()[0]


@pytest.mark.parametrize("question", ["“三会一课”指的是什么", "What does 三会一课 mean?"])
def test_a_term_is_defined_only_by_words_right_after_it(index: Index, question: str) -> None:
    # The paragraph has a bracket (扩大) elsewhere, but nothing says what 三会一课 is.
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    assert reply.kind == "partial" and ("定义" in first or "三会一课" in first)


def test_a_term_the_report_defines_in_brackets_is_answered(index: Index) -> None:
    reply = answer_question(index, "EAP是什么意思")
    assert reply.answered and "员工帮助计划" in reply.answer.splitlines()[0]


def test_a_set_that_is_one_item_of_another_list_is_not_listed_by_it(index: Index) -> None:
    # 高质量发展、粤港澳大湾区建设、打好三大攻坚战、乡村振兴战略: siblings, not its members.
    reply = answer_question(index, "报道提到的三大攻坚战,具体包括哪些")
    assert reply.kind == "partial" and "三大攻坚战" in reply.answer.splitlines()[0]


def test_a_span_start_dates_only_the_thing_that_began(index: Index) -> None:
    # 2015年以来先后制定…条例: when the laws began to be made, not when one took effect.
    assert answer_question(index, "水环境保护条例是什么时候开始实施的").kind == "partial"
    made = answer_question(index, "人大从哪年起陆续制定那几部法规")
    assert made.answered and "2015年" in made.answer.splitlines()[0]


def test_the_campaign_the_report_is_about_is_named_from_its_title(index: Index) -> None:
    reply = answer_question(index, "创建模范机关活动的名称是什么")
    assert reply.answered and "当好三个表率" in reply.answer.splitlines()[0]
    # 人大's own 主题活动 stays the agency's.
    assert "三集中四联动" in answer_question(index, "人大8月那个活动的主题是什么").answer


def test_which_units_spoke_is_partial_where_the_report_names_one_of_six(index: Index) -> None:
    reply = answer_question(index, "哪些单位在推进会上发言了")
    assert reply.kind == "partial" and "市纪委监委" in "".join(reply.details)
    counted = answer_question(index, "推进会上有几个单位作了经验交流")
    assert counted.answered and "6个单位" in counted.answer.splitlines()[0]


def test_a_figure_of_another_period_is_not_swapped_for_a_narrower_one(index: Index) -> None:
    # 结案 is given for 1-11月; 调结案件 (a kind of 结案) is no answer for the whole year.
    reply = answer_question(index, "法院2018年全年总共结了几个案子")
    assert reply.kind == "partial" and "2269" not in reply.answer.splitlines()[0]
    assert "63266件" in "".join(reply.details)


@pytest.mark.parametrize("question", ["广宁在哪里", "大良村位于哪个县"])
def test_where_a_place_itself_is_is_not_given(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "位置" in reply.answer.splitlines()[0]


def test_where_something_was_set_up_is_answered_by_the_places_named(index: Index) -> None:
    assert answer_question(index, "政协的扶贫点在哪里").answered


@pytest.mark.parametrize("question", ["人大代表总共有几多个", "全市人大代表有多少"])
def test_a_count_named_before_the_ask_is_not_read_from_another_count(
    index: Index, question: str
) -> None:
    # 近70个人大代表联络站 counts stations, not deputies.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "人大代表的数量" in reply.answer.splitlines()[0]


def test_money_asked_is_not_read_from_a_count_of_cases(index: Index) -> None:
    # 执结30916件 counts cases; how much money was recovered in execution is not given.
    reply = answer_question(index, "法院执行到位金额多少")
    assert reply.kind == "partial" and "30916" not in reply.answer.splitlines()[0]


def test_a_count_per_session_is_not_the_count_of_sessions(index: Index) -> None:
    # 8期研讨班: how many people each session had is not given.
    reply = answer_question(index, "组织部的研讨班每期多少人")
    assert reply.kind == "partial" and "每期" in reply.answer.splitlines()[0]


def test_one_batch_of_a_count_given_for_all_batches_is_not_given(index: Index) -> None:
    # 先后聘请两批共43名: neither batch alone is counted.
    reply = answer_question(index, "组织部第一批聘了几个部风监督员")
    assert reply.kind == "partial" and "第一批" in reply.answer.splitlines()[0]
    assert "43名" in answer_question(index, "组织部一共聘了几批部风监督员").answer


def test_each_town_asked_of_one_number_for_all_towns_is_not_given(index: Index) -> None:
    # 在各镇区、市媒体、高校设立委员联系点49个: one number for all of them.
    reply = answer_question(index, "各镇区分别有多少个委员联系点")
    assert reply.kind == "partial" and "49个" not in reply.answer.splitlines()[0]
    # The report's own 各镇区, asked without 分别, is no breakdown.
    assert "1.8亿元" in answer_question(index, "组织部带动各部门各镇区投入了多少钱").answer


def test_the_difference_of_two_figures_is_never_worked_out(index: Index) -> None:
    reply = answer_question(index, "法院结案数比受理数少多少")
    assert reply.kind == "partial" and "差额" in reply.answer.splitlines()[0]
    assert "18612" not in reply.answer  # 81878 - 63266: never computed


def test_a_part_of_a_quoted_sum_named_with_its_noun_is_not_given(index: Index) -> None:
    # 150多万捐款里: the donations are given whole; 3家企业 counts companies, not money.
    reply = answer_question(index, "政协150多万捐款里企业捐了多少")
    assert reply.kind == "partial" and "150多万元" in reply.answer.splitlines()[0]


def test_what_a_count_is_mostly_about_is_not_given_by_the_count(index: Index) -> None:
    # 受理市长信箱事项5154项 says how many, not what they were mostly about.
    reply = answer_question(index, "市长信箱的事项主要集中在哪几类")
    assert reply.kind == "partial" and "按类别" in reply.answer.splitlines()[0]


def test_what_all_of_a_quoted_group_did_is_not_given(index: Index) -> None:
    assert answer_question(index, "那19名第一书记都派去了哪些村").kind == "partial"
    reply = answer_question(index, "查处的那15名纪检监察干部都犯了什么事")
    assert reply.kind == "partial" and "15名" in reply.answer.splitlines()[0]


def test_a_follow_up_asking_for_the_money_finds_it(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "m", "组织部选派了多少第一书记")
    reply = chats.ask(index, "m", "那钱呢")  # jieba reads 那钱 as one word
    assert reply.answered and "1.8亿元" in reply.answer.splitlines()[0]


def test_when_a_figure_began_is_read_from_its_own_sentence(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "w", "税务局三大指数有多少项指标")
    # The paragraph dates 党员积分制 (2016年开始), not the 三大指数.
    assert chats.ask(index, "w", "这个是哪一年开始的").kind == "partial"
    chats.ask(index, "v", "纪委领导约谈了多少人次纪检监察干部")
    dated = chats.ask(index, "v", "这是什么时候开始的")
    assert dated.answered


def test_a_counted_set_whose_list_stops_short_at_deng_is_listed_in_part(index: Index) -> None:
    # 审核机制、预安排机制等“五大工作机制”: two of five are named. Asked what it includes,
    # the two are the answer.
    reply = answer_question(index, "“五大工作机制”包括哪些")
    assert reply.answered and "议题前置审核机制" in reply.answer.splitlines()[0]
    # Asked for all of it, the reply says it names only some, and shows them.
    reply = answer_question(index, "五大工作机制具体系乜嘢")
    first = reply.answer.splitlines()[0]
    assert reply.kind == "partial" and "五大工作机制" in first and "只列出其中几项" in first
    assert "议题前置审核机制" in render_text(reply)  # the two it names, labelled


def test_a_set_listed_whole_before_its_name_is_answered(index: Index) -> None:
    assert answer_question(index, "三大指数是哪三个").answered


def test_the_second_court_by_its_short_name_is_another_body(index: Index) -> None:
    assert answer_question(index, "二院今年结了多少案").kind == "declined"


def test_how_many_hours_in_cantonese_asks_a_detail_the_report_lacks(index: Index) -> None:
    assert answer_question(index, "推进会开咗几个钟").kind == "partial"


@pytest.mark.parametrize(
    "question", ["一院在全省法院中排第几", "What was the court's ranking in Guangdong province?"]
)
def test_a_rank_in_a_scope_the_rank_clause_does_not_name_is_not_given(
    index: Index, question: str
) -> None:
    # 在全国三千多家基层法院中分别居第9和第6; 全省 appears in the sentence, not the rank.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "全省的排名" in reply.answer


def test_a_follow_up_word_with_nothing_before_it_is_not_guessed(index: Index) -> None:
    assert answer_question(index, "那钱呢").kind == "declined"


@pytest.mark.parametrize("question", ["受理案件和结案相差多少?", "法院受理案件总量比结案多出多少?"])
def test_how_far_apart_in_other_words_is_never_worked_out(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "差额" in reply.answer.splitlines()[0]


def test_how_many_times_is_a_ratio_the_report_gives_not_a_difference(index: Index) -> None:
    reply = answer_question(index, "一院法官人均结案比全省高多少倍?")
    assert reply.answered and "2.14倍" in reply.answer.splitlines()[0]


def test_what_a_listed_group_was_made_of_is_answered(index: Index) -> None:
    assert answer_question(index, "处分的14人都是什么级别?").answered


def test_a_partial_about_a_quoted_whole_shows_that_whole(index: Index) -> None:
    # Never 处级干部5人 (a part of the 14人) beside a question about the 448人.
    reply = answer_question(index, "纪委查处的448人中处级干部多少?")
    assert "5人" not in "".join(reply.details) or "448人" in "".join(reply.details)
    assert not reply.answered or "57人" in reply.answer.splitlines()[0]
    assert "处级干部5人" not in reply.answer


def test_cases_judged_are_cases_closed_not_one_kind_of_them(index: Index) -> None:
    # 判 reads as 结案 first: 审结各类民生案件2229件 is one kind of case.
    reply = answer_question(index, "一院今年判咗几多单案")
    assert reply.answered and "63266件" in reply.answer.splitlines()[0]


@pytest.mark.parametrize("question", ["三大指数是什么意思?", "“三公开”是什么意思?"])
def test_a_set_whose_members_stand_before_it_is_defined_by_them(
    index: Index, question: str
) -> None:
    assert answer_question(index, question).answered


def test_a_span_back_from_now_dates_no_start(index: Index) -> None:
    # 2016年底至2017年…换届;近三年…建立近70个人大代表联络站: 2017 dates the elections.
    assert answer_question(index, "人大代表联络站从哪年开始建的?").kind == "partial"


def test_when_a_thing_began_is_read_from_the_clause_naming_it(index: Index) -> None:
    # 三大指数 is named in a clause with no date; 2016年开始 dates 党员积分制 after it.
    assert answer_question(index, "三大指数是哪一年开始的?").kind == "partial"
    began = answer_question(index, "税务局从哪年开始推行党员积分制")
    assert began.answered and "2016年" in began.answer.splitlines()[0]


def test_the_total_over_all_towns_is_no_breakdown(index: Index) -> None:
    reply = answer_question(index, "中山各镇区人大代表联络站一共多少个?")
    assert reply.answered and "近70个" in reply.answer.splitlines()[0]
    assert answer_question(index, "纪委查处的女干部一共多少").kind == "partial"


def test_whether_there_are_as_many_as_the_figure_is_answered_by_it(index: Index) -> None:
    reply = answer_question(index, "人大嘅联络站有冇70个?")
    assert reply.answered and "近70个" in reply.answer.splitlines()[0]


def test_what_letters_mainly_raise_is_a_breakdown_the_report_lacks(index: Index) -> None:
    assert answer_question(index, "群众来信主要反映咩问题").kind == "partial"


def test_whether_a_leader_spoke_at_the_meeting_is_a_detail_the_report_lacks(
    index: Index,
) -> None:
    assert answer_question(index, "推进会有冇领导讲话").kind == "partial"


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("政协筹的150多万元都落到了哪些项目上", "150多万元"),
        ("信息公开申请那148宗都是冲着哪些部门来的", "148宗"),
        ("聘请的43名部风监督员是谁", "43名"),
        ("人大那15项决定,具体都是关于什么的", "15项"),  # asked after a comma, of the figure
        ("What were the 8 resolutions passed by the people's congress about?", "8项"),
    ],
)
def test_which_things_a_quoted_figure_counts_is_not_given(
    index: Index, question: str, figure: str
) -> None:
    # Each figure's clause counts its items and names none of them.
    reply = answer_question(index, question)
    assert reply.kind == "partial" and figure in reply.answer.splitlines()[0]


def test_the_items_of_a_figure_are_answered_where_its_clause_names_them(index: Index) -> None:
    # 在各镇区、市媒体、高校设立委员联系点49个
    reply = answer_question(index, "政协那49个委员联系点设在了哪些地方")
    assert reply.answered and "各镇区" in reply.answer


@pytest.mark.parametrize(
    "question", ["法院一年办的民生案件里哪一类最多", "法院为工人讨回的欠薪,金额最大的一笔有多少钱"]
)
def test_the_first_of_many_the_report_never_ranks_is_not_given(index: Index, question: str) -> None:
    assert answer_question(index, question).kind == "partial"


def test_a_figure_per_day_is_not_a_yearly_total(index: Index) -> None:
    # 12368诉讼热线服务群众59663人次 in the year, nothing a day.
    assert answer_question(index, "诉讼热线平均一天要接待多少人次").kind == "partial"
    assert answer_question(index, "12368热线一天大概接多少个电话").kind == "partial"


def test_a_share_asked_is_answered_only_by_a_share(index: Index) -> None:
    # 大大提升稽查查办案件的效率: no figure of it.
    assert answer_question(index, "智能稽查平台把查案效率提升了百分之多少").kind == "partial"


def test_a_leader_of_a_named_level_is_asked_by_name(index: Index) -> None:
    # 获总局领导批示肯定: the leader is not named.
    reply = answer_question(index, "闭环管理得到了哪位总局领导的批示")
    assert reply.kind == "partial" and "人名" in reply.answer.splitlines()[0]


def test_a_part_of_a_quoted_whole_is_not_a_part_of_another_whole(index: Index) -> None:
    # 为官不为17人,其中处级干部4人; 科级干部137人 are of all 448 cases.
    reply = answer_question(index, "纪委那17个为官不为干部里科级干部几个")
    assert reply.kind == "partial" and "17人" in reply.answer.splitlines()[0]
    reply = answer_question(index, "17个为官不为的党员干部中处级干部多少人")
    assert reply.answered and "4人" in reply.answer.splitlines()[0]


def test_a_spread_by_town_worded_as_how_is_a_breakdown(index: Index) -> None:
    assert answer_question(index, "纪委立案查处的448人按镇区是怎样分布的").kind == "partial"


def test_the_name_of_a_project_is_no_person_s_name(index: Index) -> None:
    # 2018年创建的“党建引领中山税务智能稽查平台建设”项目
    reply = answer_question(index, "税务局2018年那个书记项目叫什么名字")
    assert reply.answered and "智能稽查平台" in reply.paragraph


def test_a_follow_up_asks_of_the_city_s_own_body_what_was_asked_of_another(
    index: Index,
) -> None:
    chats = Conversations()
    declined = chats.ask(index, "o", "江门市纪委1到9月立案查处了几多人")
    assert declined.kind == "declined" and "448" not in declined.answer
    reply = chats.ask(index, "o", "那中山市纪委呢")
    assert reply.answered and "448人" in reply.answer.splitlines()[0]
    # Naming another of the report's bodies asks about that body, not the same figure.
    assert chats.ask(index, "o", "那法院呢").kind == "agency"


@pytest.mark.parametrize(
    ("question", "town"),
    [
        ("坦洲镇投了多少钱整顿软弱涣散党组织", "坦洲镇"),
        ("翠亨新区建了几个人大代表联络站", "翠亨新区"),
    ],
)
def test_a_figure_of_one_town_is_not_the_city_s(index: Index, question: str, town: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and town in reply.answer.splitlines()[0]


def test_the_asker_s_own_town_named_in_passing_is_no_condition(index: Index) -> None:
    assert analyse(index, "纪委立案查处的448人里,有没有是镇上的干部").town is None
    reply = answer_question(index, "我是镇上的干部,纪委今年1-9月立案查处了多少人")
    assert reply.answered and "448人" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "政协的委员工作站里面边个做得最出色",  # the first of many, by any measure
        "政府办平均一个月收到几多件群众来信",  # per month, of a yearly count
        "选派嘅第一书记,男定女多啲",  # by sex
        "税务局稽查局局长叫咩名",  # a post's holder by name
    ],
)
def test_cantonese_traps_of_ranking_rate_sex_and_names_are_not_answered(
    index: Index, question: str
) -> None:
    assert not answer_question(index, question).answered


def test_the_first_the_report_names_answers_whether_it_is_first(index: Index) -> None:
    # 该法院成为全国收结最多、效率最高…: a sentence after the court's figures.
    assert answer_question(index, "法院嘅收结案件量系唔系全国最多").answered
    # …which says nothing of which kind of its cases is most.
    assert answer_question(index, "法院审结的民生案件中哪种案子最多").kind == "partial"


@pytest.mark.parametrize(
    "question", ["政协对口帮扶的大良村属于哪个县", "政协扶贫的大良村离中山有多远"]
)
def test_which_county_a_place_is_in_or_how_far_it_is_is_not_given(
    index: Index, question: str
) -> None:
    # 推动广宁大良村精准扶贫工作 names the village, not where it lies.
    assert answer_question(index, question).kind == "partial"


def test_a_split_named_in_a_clause_of_its_own_is_kept(index: Index) -> None:
    reply = answer_question(index, "组织部培训的党员干部,按学历划分,本科以上的有多少人次")
    assert reply.kind == "partial"


def test_the_clause_naming_what_a_rank_is_of_is_kept(index: Index) -> None:
    # The ask (数量全省排第几) names the court again; the clause before says what is ranked.
    reply = answer_question(index, "法院受理的那些案件,数量在全省法院排弟几")
    assert reply.kind == "partial" and "全省" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "党纪处分同政务处分有咩分别",  # how two terms differ: the report defines neither
        "政协的民生观察室最先建起来的是哪一间",  # which was first, never said
        "人大代表联络站的联系电话是多少",  # a contact the report does not print
        "政府办协调办理的建议提案里,代表建议跟委员提案各多少件",  # split by kind
        "“离前一课”是法院哪位法官想出来的",  # a judge by name
        "智能稽查平台有什么成效,效率提高了百分之几"
        "党员积分制是2017年几月份开始推广的",  # the year only
    ],
)
def test_details_the_report_does_not_give_are_partial(index: Index, question: str) -> None:
    assert answer_question(index, question).kind == "partial"


def test_asking_for_a_file_to_be_sent_is_a_task(index: Index) -> None:
    reply = answer_question(index, "把中山税悦公众号的二维码发我一下")
    assert not reply.answered and "只能回答" in reply.answer


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("12368诉讼热线的电话号码是多少", "12368"),
        ("税务局最早是哪一年开始推行党员积分制", "2016年"),
    ],
)
def test_details_the_report_does_give_are_answered(
    index: Index, question: str, figure: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer


def test_by_what_percentage_a_figure_rose_asks_its_growth(index: Index) -> None:
    reply = answer_question(
        index, "By what percentage did section-level cadres investigated rise y/y?"
    )
    assert reply.answered and "153.7%" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question", ["How many judges work at the court?", "How many CPPCC members gave money?"]
)
def test_an_english_count_of_people_is_not_a_count_of_cases_or_money(
    index: Index, question: str
) -> None:
    # 法官人均结案541件 counts cases per judge; 筹集捐款150多万元 is money.
    assert not answer_question(index, question).answered


def test_an_english_count_of_things_named_for_people_is_still_answered(index: Index) -> None:
    reply = answer_question(index, "How many committee member contact points are there?")
    assert reply.answered and "49个" in reply.answer.splitlines()[0]


def test_a_count_of_people_needs_people_counted_beside_what_is_asked(index: Index) -> None:
    # 先后举办8期处级干部…专题研讨班: sessions, not how many took part.
    assert answer_question(index, "组织部有多少人参加了研讨班").kind == "partial"


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("三大指数涵盖的40几项指标分别是什么", "40多项"),  # the list names the 指数
        ("人大那13条意见具体是哪些", "13条"),  # 五个方面 are listed, not the 13条
    ],
)
def test_a_list_of_other_things_in_a_figure_s_clause_names_none_it_counts(
    index: Index, question: str, figure: str
) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and figure in reply.answer.splitlines()[0]


def test_a_number_quoted_roughly_asks_nothing(index: Index) -> None:
    assert not analyse(index, "那40几项指标是哪些").asks.number


@pytest.mark.parametrize(
    "question",
    [
        "三会一课是指什么",  # 是指 is no typo of 市直; the report names 三会一课, never defines it
        "放管服是指什么",  # a term the report never writes
        "七个有之是指哪七个",  # a set the report names once, never lists
        "这8个单位里边个单位最受欢迎",  # never ranked
    ],
)
def test_meanings_members_and_favourites_the_report_lacks_are_not_given(
    index: Index, question: str
) -> None:
    assert not answer_question(index, question).answered


def test_a_request_to_write_a_speech_is_a_task_whatever_it_asks_after(index: Index) -> None:
    reply = answer_question(index, "帮我写份发言稿,讲讲点样学习呢几个单位嘅做法")
    assert not reply.answered and "只能回答" in reply.answer
    # Writing one's own material is context for a question, not a task for the bot.
    asked = answer_question(index, "我在写汇报材料,想问下法院今年结案多少件")
    assert asked.answered and "63266件" in asked.answer.splitlines()[0]


def test_the_name_of_a_meeting_is_no_person_s_name(index: Index) -> None:
    reply = answer_question(index, "政协率先办的那个粤港澳大湾区的座谈会叫什么名字")
    assert reply.answered and "人文交流合作座谈会" in reply.answer


@pytest.mark.parametrize(
    "question", ["税务局的党员积分制满分系几多分", "法院法官人均结案同全国平均水平比边个高"]
)
def test_points_and_other_places_figures_are_not_given(index: Index, question: str) -> None:
    assert not answer_question(index, question).answered


def test_which_of_two_figures_of_the_report_is_more_is_answered(index: Index) -> None:
    reply = answer_question(index, "法院的结案数同受理数相比边个多")
    assert reply.answered and "63266件" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("政治纪律嗰14个人入面有几多个处级", "5人"),  # (其中处级干部5人,科级干部6人)
        ("全市立案查处的448人当中,处级干部有多少", "57人"),  # 448人…。其中,查处处级干部57人
    ],
)
def test_a_part_of_a_quoted_whole_is_found_where_the_report_lists_it(
    index: Index, question: str, part: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and part in reply.answer.splitlines()[0]


def test_a_figure_listed_beside_the_quoted_whole_is_not_its_part(index: Index) -> None:
    # 处分314人 and 查处处级干部57人 are both parts of the 448人; 57人 is not of the 314人.
    assert answer_question(index, "受处分的314人里面处级干部几个").kind == "partial"


def test_a_split_asked_of_a_quoted_figure_is_looked_for_in_its_clause(index: Index) -> None:
    # 带动各部门各镇区投入1.8亿元 is in the paragraph; 培训基层党员干部19360人次 has no split.
    assert answer_question(index, "培训的19360人次各镇区分别有几多").kind == "partial"


def test_what_a_term_refers_to_is_a_definition(index: Index) -> None:
    assert answer_question(index, "两学一做具体指什么").kind == "partial"


def test_an_errand_is_a_task(index: Index) -> None:
    reply = answer_question(index, "帮我预约一下法院的诉讼服务中心")
    assert not reply.answered and "只能回答" in reply.answer


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("What platform is the tax bureau's party building based on?", "数智党建系统"),
        ("Which long-standing consultation system did the CPPCC deepen?", "协商座谈会制度"),
    ],
)
def test_english_phrasings_of_relying_and_lasting_are_read(
    index: Index, question: str, phrase: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and phrase in reply.answer.splitlines()[0]


def test_a_rate_asked_with_how_it_works_needs_a_rate_written(index: Index) -> None:
    # 创新土地增值税闭环管理: the tax is named, no rate of it.
    assert answer_question(index, "土地增值税税率是多少,怎么计算").kind == "partial"


@pytest.mark.parametrize("question", ["税务局的微信公众号叫什么名字", "税务局嗰个微信号叫咩"])
def test_a_name_asked_of_a_thing_is_found_where_the_report_writes_it(
    index: Index, question: str
) -> None:
    # 开设“中山税悦”微信, not the 手机微信端 of the 一网一端四平台.
    reply = answer_question(index, question)
    assert reply.answered and "中山税悦" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("组织部那1.8亿元是谁投入的", "各镇区"),  # who: the figure's own clause says
        ("政府办那5154项是什么事项", "市长信箱"),  # what kind: its label
        ("法院那169批次934人都是哪些单位的", "检察院"),  # listed before the count of visitors
        ("人大党组报送请示和报告各多少件", "14件"),  # two figures the clause gives side by side
        ("麻烦你最好告诉我法院今年结案多少件", "63266件"),  # 最好: please, not the best
        ("市政府办哪项办结率最低", "92.5%"),  # figures side by side
        ("离前一课平均一年帮多少对夫妻修复感情", "103对"),  # 一年来: a year's figure
        ("5154项市长信箱事项里办结率是多少", "93.9%"),  # the rate of the quoted figure
    ],
)
def test_questions_close_to_the_new_declines_are_still_answered(
    index: Index, question: str, given: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and given in reply.answer


def test_a_figure_per_person_is_no_figure_per_day(index: Index) -> None:
    assert answer_question(index, "法官人均每天结案几件").kind == "partial"


def test_a_follow_up_after_another_city_s_office_gets_the_figure_asked(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "j", "江门市政府办受理了多少群众来信")
    reply = chats.ask(index, "j", "那中山市政府办呢")
    assert reply.answered and "67件" in reply.answer.splitlines()[0]


def test_a_part_asked_in_a_chat_is_of_the_whole_just_given(index: Index) -> None:
    chats = Conversations()
    chats.ask(index, "w", "纪委1-9月立案查处多少人")
    # 其中处级干部4人 is listed after 448人 too, but as a part of 为官不为17人.
    reply = chats.ask(index, "w", "这448人里处级干部几个")
    assert reply.answered and "57人" in reply.answer.splitlines()[0]


@given(
    st.lists(
        st.tuples(
            # scores on a grid of millionths, some a hair apart: the near-ties rounding decides
            st.integers(min_value=0, max_value=60).map(lambda n: n * 5e-7),
            st.sampled_from([0.0, 1e-9, 3e-7, 5e-7, 1e-6]),
            st.sampled_from([0.0, 1.5, 2.0]),
        ),
        max_size=30,
    )
)
def test_candidates_are_ordered_by_the_score_to_six_places(
    scores: list[tuple[float, float, float]],
) -> None:
    """Rounding only runs of close scores orders as rounding every score would."""
    from bot.retrieval import Candidate, _best_first

    scored = [
        (-(base + nudge), -label, position, Candidate(position, None, base + nudge))  # type: ignore[arg-type]
        for position, (base, nudge, label) in enumerate(scores)
    ]
    expected = [c for *_, c in sorted((-round(-s, 6), lt, p, c) for s, lt, p, c in scored)]
    assert _best_first(list(scored)) == expected


@pytest.mark.parametrize(
    ("question", "given"),
    [
        ("政协在各镇区设了多少委员联系点", "49个"),  # places set up, not people
        ("立案查处人数的增长率是多少", "37.8%"),  # the change given with the figure
        ("法院结案63266件,是怎么做到的", "党组织"),  # how, of the figure's own paragraph
        ("组织部投入1.8亿元,主要做了哪些工作", "整顿"),  # work done is no list of names
    ],
)
def test_review_leftovers_are_answered(index: Index, question: str, given: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and given in reply.answer


@pytest.mark.parametrize(
    ("question", "period"),
    [("448人是哪段时间的数字", "1-9月"), ("法院受理81878件是哪几个月的", "1-11月")],
)
def test_the_period_a_quoted_figure_covers_is_answered(
    index: Index, question: str, period: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and period in reply.answer


@pytest.mark.parametrize(
    ("question", "whole"),
    [
        # 里面…有几项是, 有多少宗是, …里,X的有几项: a part the report never counts by itself
        ("人大作出的那些决定里,涉及环保的有几项", "15项"),
        ("政府信息公开申请里有多少宗是企业提的", "148宗"),
        ("How many of the letters from the public were about traffic?", "67件"),
    ],
)
def test_a_part_of_a_whole_the_report_does_not_count_is_partial(
    index: Index, question: str, whole: str
) -> None:
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    assert reply.kind == "partial" and f"“{whole}”中" in first


def test_a_part_of_a_whole_is_checked_in_a_paragraph_too(index: Index) -> None:
    # The best match is the paragraph of 约谈纪检监察干部200多人次: no figure in it counts
    # the part asked.
    reply = answer_question(index, "纪委领导约谈过的干部里面有多少个是新入职的")
    assert reply.kind == "partial" and "新入职" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("立案查处的448人里面有多少个是处级干部", "57人"),
        ("违反政治纪律受处分的人当中有多少是科级干部", "6人"),
        ("How many of those investigated were section-level cadres?", "137"),
    ],
)
def test_a_part_the_report_counts_is_answered(index: Index, question: str, figure: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


def test_whether_anyone_was_dismissed_is_not_answered_by_the_counts_of_sanctions(
    index: Index,
) -> None:
    reply = answer_question(index, "纪委有没有干部被开除")
    assert reply.kind == "partial" and "开除" in reply.answer.splitlines()[0]


def test_a_vague_batch_is_no_count(index: Index) -> None:
    # 有效推动一批社会热点难点问题的解决: 一批 says "a number of", which is no figure.
    reply = answer_question(index, "人大那个主题活动推动解决了多少个热点难点问题")
    assert reply.kind == "partial" and "热点难点问题" in reply.answer.splitlines()[0]


def test_people_of_a_post_the_report_never_names_are_not_counted(index: Index) -> None:
    for question, post in (
        ("12368热线有几多个值班员", "值班员"),
        ("法院热线一共有几个接听员", "接听员"),
    ):
        reply = answer_question(index, question)
        assert reply.kind == "partial" and post in reply.answer.splitlines()[0]
        assert "59663" not in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("法院结案数喺全省排老几", "全省"),  # 老几 asks a rank; the report ranks in the country
        ("政协的委员工作站边个拿咗第一", "第一"),  # the first of many, never ranked
        ("来法院学习的那些单位有哪些领导带队", "人名"),  # 哪些领导: people by name
        ("人大过去十年一共任免了多少人次", "10年"),  # the report counts 近三年
    ],
)
def test_colloquial_conditions_the_report_does_not_meet_are_partial(
    index: Index, question: str, missing: str
) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and missing in reply.answer.splitlines()[0]


def test_translating_a_paragraph_is_a_task(index: Index) -> None:
    reply = answer_question(index, "把法院家事审判那段翻成英文")
    assert reply.kind == "declined" and "翻译" in reply.answer


def test_whether_more_or_less_than_another_place_is_a_comparison_not_given(
    index: Index,
) -> None:
    reply = answer_question(index, "政治纪律方面处分嘅人数同广州比系多还是少")
    assert reply.kind == "partial" and "广州" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "政协扶贫捐款是从哪些公司筹来的",  # 哪些公司: by name; 牵线3家企业 names none
        "Which companies gave the CPPCC its poverty relief money?",
        "政协扶贫对接了哪几个项目",  # 正在对接项目: the kind, named by none
    ],
)
def test_names_of_a_kind_the_report_leaves_unnamed_are_partial(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial"


def test_what_an_abbreviation_stands_for_is_its_definition(index: Index) -> None:
    # “员工帮助计划”(简称EAP): the report writes it; a document's 全称 stays its name.
    reply = answer_question(index, "税务局说的EAP全称叫什么")
    assert reply.answered and "员工帮助计划" in reply.answer.splitlines()[0]
    reply = answer_question(index, "人大帮市委起草嘅意见全称系咩")
    assert reply.answered and "加强党对人大工作领导的意见" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("法院执结的那些案子一共值几多钱", False),  # 执结30916件 writes no money
        ("执结的案件为当事人挽回多少钱", False),
        ("法院为工人追回多少钱", True),  # the money's own words: 追回欠薪2809.08万元
        ("组织部第一书记带动投入了多少钱", True),
    ],
)
def test_money_asked_of_a_figure_named_by_its_label(
    index: Index, question: str, answered: bool
) -> None:
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    if answered:
        assert reply.answered and "元" in first
    else:
        assert reply.kind == "partial" and "执结30916件" in first and "2809.08" not in first


def test_the_organisation_asked_is_looked_for_where_the_question_s_topic_is(
    index: Index,
) -> None:
    # 深圳大学 names the university of a training class, not of the officials selected.
    reply = answer_question(index, "市委办通过选调进来的3个干部读的是哪所大学")
    assert reply.kind == "partial" and "深圳大学" not in reply.answer.splitlines()[0]
    # "in which university" asks the university, which the report names, not a place.
    reply = answer_question(index, "市委办在哪间大学办干部培训班")
    assert reply.answered and "深圳大学" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("法院有几多宗案件未结案", "以外的数字"),  # the report counts the cases closed
        ("有多少篇裁判文书没有公开上网", "公开上网裁判文书”以外"),
        ("组织部有冇组工干部违反禁酒令被处分", "被处分"),  # a yes/no it never answers
        ("纪委查处的15名纪检监察干部是否都被开除了", "开除"),
        ("那15项决定里面哪几项是关于教育的", "15项"),  # which ones of a part
        ("法官人均结案量是全国平均的几倍", "全国平均"),  # the report gives the province's
        ("组织部那1.8亿元投入,各镇区各出了多少", "按镇"),  # one sum for all of them
    ],
)
def test_conditions_of_a_count_the_report_does_not_give_are_partial(
    index: Index, question: str, missing: str
) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and missing in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("一院法官人均办结数系全省平均嘅几倍", "2.14倍"),  # 全省人均, in the report's words
        ("一院受案量全国排名第几", "第9"),  # 受案: 受理案件
        ("一院上网公开咗几多篇裁判文书", "34330篇"),
    ],
)
def test_the_same_conditions_met_are_answered(index: Index, question: str, figure: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


def test_when_a_regulation_began_is_not_the_meeting_s_date(index: Index) -> None:
    reply = answer_question(index, "水环境保护条例从几时开始施行")
    assert reply.kind == "partial" and "12月5日" not in reply.answer.splitlines()[0]


def test_people_are_not_counted_by_a_figure_of_things(index: Index) -> None:
    # 牵线3家企业与市特殊学校签署了学生实习和就业协议: 3 companies, no count of students.
    reply = answer_question(index, "政协牵线后有多少个学生进了企业实习")
    assert not reply.answered and "3家" not in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question", ["法院的调解结案率比全省人均高多少", "一院结案率比全省平均高几多"]
)
def test_a_rate_the_report_never_gives_is_partial(index: Index, question: str) -> None:
    # the report counts cases closed (结案63266件) and gives 办结率 of letters only
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "结案率" in reply.answer.splitlines()[0]


def test_taking_the_lead_is_no_rate(index: Index) -> None:
    reply = answer_question(index, "政协率先办了个什么会")
    assert reply.answered


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("组织部今年培训投入了多少钱", False),  # 1.8亿元 went to 整顿, not to training
        ("组织部办培训班花了几多钱", False),
        ("软弱涣散党组织整顿,组织部带动投入几多资金", True),
        ("第一书记带动投入了多少资金", True),
    ],
)
def test_money_is_given_only_for_what_it_was_spent_on(
    index: Index, question: str, answered: bool
) -> None:
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    assert reply.answered == answered and ("1.8亿元" in first) == answered


@pytest.mark.parametrize(
    ("question", "not_given"),
    [
        # what the question asks fails in the best entry; another that merely lacks the
        # verb asked is no answer either
        ("有没有法官被处分呢", "314人"),
        ("还未执结的案件有几多件", "2269件"),
        ("调结的那些案件涉及多少钱", "2269件"),  # a count of cases is no money
    ],
)
def test_a_failed_condition_is_not_met_by_an_unrelated_entry(
    index: Index, question: str, not_given: str
) -> None:
    reply = answer_question(index, question)
    assert not reply.answered and not_given not in reply.answer.splitlines()[0]


def test_whether_a_court_came_first_is_told_by_its_rank(index: Index) -> None:
    reply = answer_question(index, "一院有冇拿第一呀")
    assert reply.answered and "第9" in reply.answer


def test_a_question_followed_by_what_the_asker_is_writing_is_no_task(index: Index) -> None:
    reply = answer_question(index, "法院受理嗰81878件系全年嘅数吗?我要写进年终总结")
    assert reply.kind == "partial" and "1-11月" in "".join(reply.details)


def test_next_year_s_meeting_is_not_the_report_s_meeting(index: Index) -> None:
    reply = answer_question(index, "明年的推进会定在几号开")
    assert not reply.answered and "12月5日" not in reply.answer


@pytest.mark.parametrize(
    "question",
    ["委员联系点、民生观察室同委员工作站加埋总共几多个", "人大报送的请示和报告合计多少件"],
)
def test_the_sum_of_figures_given_one_by_one_is_not_given(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "合计" in reply.answer.splitlines()[0]


def test_those_below_a_level_the_report_counts_are_not_that_level(index: Index) -> None:
    reply = answer_question(index, "科级以下嘅干部纪委查咗几多个")
    assert reply.kind == "partial" and "137人" not in reply.answer.splitlines()[0]


def test_a_part_written_inside_its_whole_answers_a_count_of_that_part(index: Index) -> None:
    # 给予党纪政务处分14人(其中处级干部5人,科级干部6人): the part's own label shares no
    # word with the whole's, but the report writes it as a part of it.
    reply = answer_question(index, "违反政治纪律处分的14人中有几个是科级干部")
    assert reply.answered and "6人" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("市民对政府办的满意度有几高", False),  # the report gives 代表、委员's satisfaction
        ("企业满意率达到多少", False),
        ("委员们对提案办得满唔满意,满意率几多", True),
        ("群众对政府办的信息公开满意吗", False),  # no satisfaction at all of that figure
        ("代表委员同群众嘅满意率几多", False),  # every one of those who judge
    ],
)
def test_satisfaction_is_given_only_of_those_the_report_asked(
    index: Index, question: str, answered: bool
) -> None:
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    assert reply.answered == answered and ("100%" in first) == answered


@pytest.mark.parametrize(
    ("question", "figure"),
    [("纪委处分人数上升了百分之几", "19.4%"), ("法院结案数比上年减少咗几个百分点", None)],
)
def test_a_change_asked_in_percent_is_a_comparison_not_a_share(
    index: Index, question: str, figure: str | None
) -> None:
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    if figure is None:  # the report gives no change for the court's cases
        assert not reply.answered and "占比" not in first
    else:
        assert reply.answered and figure in first


@pytest.mark.parametrize(
    "question",
    ["纪委约谈的那200多人次,可以发份名单给我吗", "处分嘅314人有冇名单俾我睇下"],
)
def test_a_list_of_names_asked_of_a_count_is_not_given(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "名单" in reply.answer.splitlines()[0]


def test_a_blacklist_is_no_list_of_names_asked(index: Index) -> None:
    reply = answer_question(index, "被列入黑名单的老赖有多少名")
    assert reply.answered and "20966名" in reply.answer.splitlines()[0]


def test_a_share_asked_with_a_percent_sign_is_a_share(index: Index) -> None:
    reply = answer_question(index, "法院结案占受理案件嘅 % 系几多")
    assert reply.kind == "partial" and "占比" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("省长留言那44条,办结率有几高", False),  # 答复率 is its rate; 办结率 is 5154项's
        ("信息公开申请148宗,答复率几多", True),
        ("群众来信67件办结率多少", True),
    ],
)
def test_a_rate_is_given_only_of_the_counts_it_follows(
    index: Index, question: str, answered: bool
) -> None:
    reply = answer_question(index, question)
    assert reply.answered == answered


@pytest.mark.parametrize(
    ("question", "not_given"),
    [
        ("那15个纪检监察干部有几多个俾移送司法", "200多人次"),
        ("查处的15名纪检监察干部,其中判了刑的有几个", "200多人次"),
    ],
)
def test_another_figure_beside_a_quoted_one_does_not_answer_what_is_asked_of_it(
    index: Index, question: str, not_given: str
) -> None:
    reply = answer_question(index, question)
    assert not reply.answered and not_given not in reply.answer.splitlines()[0]


def test_money_of_a_quoted_count_is_a_figure_of_another_kind_beside_it(index: Index) -> None:
    reply = answer_question(index, "为1135个工人追返欠薪,追返咗几多钱")
    assert reply.answered and "2809.08万元" in reply.answer.splitlines()[0]


def test_a_place_shortened_as_people_say_it_is_the_report_s_place(index: Index) -> None:
    # 深大: 深圳大学, whose training class the report names but never counts or times
    reply = answer_question(index, "深大个班培训咗几多人")
    assert not reply.answered and "19360" not in reply.answer.splitlines()[0]


def test_a_kind_of_place_is_no_name_of_it(index: Index) -> None:
    # 委员联系点 is what the report counts (49个), not a name any of them has
    reply = answer_question(index, "政协嘅委员联系点叫咩名")
    assert reply.kind == "partial" and "名称" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "answered", "figure"),
    [
        ("有几个单位系媒体采访嘅", True, "2个单位"),  # of the eight, the two interviewed
        ("呢篇报道讲咗几多个单位嘅做法", True, "8个单位"),
        ("模范机关创建全市报名参加嘅单位有几多", False, None),  # the report presents eight
        ("报纸上一共写了几个单位的做法", True, "8个单位"),  # the total: the list of all eight
        ("今日报道了几个单位", True, "8个单位"),  # 本报今日把这6个单位: the six again
        ("推进会上作经验交流发言的单位几个", True, "6个单位"),
        ("中山市直机关总共有几多个单位", False, None),  # all the city's, not the eight
    ],
)
def test_counts_of_the_report_s_units_are_told_apart(
    index: Index, question: str, answered: bool, figure: str | None
) -> None:
    reply = answer_question(index, question)
    first = reply.answer.splitlines()[0]
    assert reply.answered == answered
    assert figure is None or figure in first
    assert answered or "8个单位" not in first


def test_approval_asked_as_a_way_of_working_is_no_satisfaction_figure(index: Index) -> None:
    reply = answer_question(index, "政府办嘅边啲做法得到群众认可")
    assert reply.kind != "partial" or "满意度" not in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "figure"),
    [("部风监督员名单一共有几多人", "43名"), ("失信被执行人名单上有多少人", "20966名")],
)
def test_a_count_of_those_on_a_list_is_a_count(index: Index, question: str, figure: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    ["市长信箱嗰5154项嘅答复率系几多", "省长留言办结率有几高", "群众来信67件答复率多少"],
)
def test_a_rate_written_of_other_counts_is_not_given(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and "率" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("法院受理咗几多宗纪检案件", False),  # 受理案件 counts cases of every kind
        ("一院受理了多少纪律案件", False),
        ("人大制定了几部地方法规", True),  # 地方: a word the report never writes
        ("法院审结了多少民生案件", True),
    ],
)
def test_a_kind_of_case_the_figure_never_says_is_not_counted_by_it(
    index: Index, question: str, answered: bool
) -> None:
    reply = answer_question(index, question)
    assert reply.answered == answered


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("8期专题研讨班培训了几多人", False),  # 19360人次 follows 235期, another figure
        ("培训班235期一共培训咗几多人次", True),
        ("为1135个工人追返欠薪,追返咗几多钱", True),  # written beside them
    ],
)
def test_a_count_of_another_kind_is_given_only_of_the_figure_just_before_it(
    index: Index, question: str, answered: bool
) -> None:
    reply = answer_question(index, question)
    assert reply.answered == answered


@pytest.mark.parametrize("follow_up", ["咁科级以下嘅一般干部查咗几多", "科级以下的一般干部呢"])
def test_those_below_a_level_asked_as_a_follow_up_are_not_given(
    index: Index, follow_up: str
) -> None:
    # after 处级干部57人, those below 科级 are neither the 57 nor the 137
    chat = Conversations()
    first = chat.ask(index, "c", "纪委查处处级干部几多人")
    reply = chat.ask(index, "c", follow_up)
    assert first.answered and "57人" in first.answer.splitlines()[0]
    assert not reply.answered and "人" not in reply.answer.splitlines()[0]


def test_what_was_not_done_asked_as_a_follow_up_is_not_given(index: Index) -> None:
    # 受理市长信箱事项5154项…办结率93.9%: the count not finished is never written
    chat = Conversations()
    first = chat.ask(index, "c", "政府办市长信箱嘅办结率系几多")
    reply = chat.ask(index, "c", "咁仲有几多项冇办结呀")
    assert first.answered and "93.9%" in first.answer.splitlines()[0]
    assert reply.kind == "partial" and "办结" in reply.answer.splitlines()[0]


def test_a_thing_named_by_another_number_is_partial(index: Index) -> None:
    # 12345热线 is not 12368诉讼热线: the report counts the court's line only
    reply = answer_question(index, "12345热线今年服务了多少人次")
    assert reply.kind == "partial" and "12345热线" in reply.answer.splitlines()[0]
    assert answer_question(index, "今年12368热线一共服务群众多少人次").answered


def test_where_a_body_ranks_is_a_rank_not_a_place(index: Index) -> None:
    reply = answer_question(index, "法院在全国基层法院中排在哪里")
    assert reply.answered and "第9" in reply.answer.splitlines()[0]


def test_a_count_the_sentence_never_gives_is_partial(index: Index) -> None:
    # the sentence on 政协委员 counts only the 28 years of a forum, no members
    reply = answer_question(index, "政协委员总共有多少个")
    assert reply.kind == "partial"


def test_one_item_of_a_list_counted_together_is_partial(index: Index) -> None:
    # 在各镇区、市媒体、高校设立委员联系点49个: no count for 高校 alone
    reply = answer_question(index, "高校里政协设了几个委员联系点")
    assert reply.kind == "partial" and "高校" in reply.answer.splitlines()[0]
    reply = answer_question(index, "委员联系点政协总共建了多少个")
    assert reply.answered and "49个" in reply.answer.splitlines()[0]


def test_the_share_of_a_part_the_report_never_counts_is_partial(index: Index) -> None:
    # 5154项 are counted whole; their 办结率 is the share done, no share of complaints
    reply = answer_question(index, "市长信箱5154项里面投诉占多少百分比")
    assert reply.kind == "partial" and "投诉" in reply.answer.splitlines()[0]
    reply = answer_question(index, "市长信箱事项里面办结占多少")
    assert reply.answered and "93.9%" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        # people counted (15名纪检监察干部), asked who they are: no names in the report
        "纪委今年查处的那些纪检监察干部是哪些人?",
        # a kind counted bare (牵线3家企业), named first and asked which ones
        "同特殊学校签就业协议,政协搭桥嘅企业系边几间?",
        "跟特殊学校签了就业协议的企业是哪几家?",
    ],
)
def test_who_or_which_of_a_bare_count_is_partial(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial"


def test_a_count_of_things_about_a_subject_the_report_never_names_is_partial(
    index: Index,
) -> None:
    # 决定15项 counts decisions on every subject
    reply = answer_question(index, "人大作出了多少项关于交通的决定?")
    assert reply.kind == "partial" and "交通" in reply.answer.splitlines()[0]
    reply = answer_question(index, "人大出台了多少条关于加强党对人大工作领导的意见")
    assert reply.answered and "13条" in reply.answer.splitlines()[0]


def test_a_mixed_question_counts_what_its_last_ask_counts(index: Index) -> None:
    # "total" reads 多少 before the ask; the ask counts 委员, of which 委员工作站14个 is none
    reply = answer_question(index, "人大 代表 total 有几多个 deputies?")
    assert reply.kind == "partial"


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        # a part asked after a whole is that whole's part (其中,查处处级干部57人), not the
        # like-named part of another whole (为官不为17人,其中处级干部4人)
        (["纪委立案查处多少人", "处级干部呢"], "57人"),
        # …and still after a partial reply about the same whole
        (["纪委立案查处几多人", "入面有几多个女嘅", "处级呢"], "57人"),
        # after a part, the next part is of the same whole: 14人(其中处级干部5人,科级干部6人)
        (["违反政治纪律被处分的有多少人", "处级干部呢", "科级呢"], "6人"),
        # the whole asked about is the 为官不为 17人: its own part
        (["为官不为的党员干部,纪委查处了多少人", "处级干部呢"], "4人"),
    ],
)
def test_a_part_asked_in_a_follow_up_is_of_the_whole_in_the_chat(
    index: Index, turns: list[str], expected: str
) -> None:
    chats = Conversations()
    for turn in turns:
        reply = chats.ask(index, "chat", turn)
    assert reply.answered and expected in reply.answer.splitlines()[0]


def test_a_part_the_report_gives_only_of_another_whole_is_partial_in_a_follow_up(
    index: Index,
) -> None:
    # the report gives 处级干部 of 448人, of 14人 and of 17人, never of the 314人 sanctioned
    chats = Conversations()
    chats.ask(index, "chat", "纪委给予党纪政务处分多少人")
    reply = chats.ask(index, "chat", "处级干部呢")
    assert reply.kind == "partial" and "314人" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("turns", "kind", "shown"),
    [
        # a count in another unit, asked bare: the figure of that unit in the same sentence
        (["组织部培训咗几多人次", "几多期"], "metric", "235期"),
        # none in that sentence: the report does not give it (448人 is no count of 件)
        (["纪委立案查处多少人", "多少件"], "partial", "件"),
    ],
)
def test_a_bare_follow_up_in_another_unit_is_the_figure_beside_or_partial(
    index: Index, turns: list[str], kind: str, shown: str
) -> None:
    chats = Conversations()
    for turn in turns:
        reply = chats.ask(index, "chat", turn)
    assert reply.kind == kind and shown in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # a title quoted in other words is no subject the paragraph lacks
        ("人大关于强化党领导人大工作嘅意见有几多条?", "13条"),
        # a count of what the report counts whole, every item named
        ("政协在各个镇区、市媒体和高校一共设立委员联系点多少个", "49个"),
    ],
)
def test_review_cases_that_must_stay_answered(index: Index, question: str, figure: str) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


def test_who_the_people_of_a_kind_are_is_answered_with_their_kinds(index: Index) -> None:
    # the report says who came (全国四级法院及检察院、政法委): kinds, not names, and enough
    reply = answer_question(index, "到第一法院交流学习的人员是哪些人?")
    assert reply.answered and "检察院" in reply.answer


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("推进会系安排喺边个会场开嘅?", "地点"),  # 安排在 is no rank (排在)
        ("喺镇区设咗几多个委员联系点呀?", "镇区"),  # one item of 各镇区、市媒体、高校
        ("市媒體嗰度有幾多個委員聯繫點?", "市媒体"),
        ("政府信息公开申请的办结率是多少?", "办结率"),  # its rate is 答复率; 办结率 is of others
        ("纪委和法院谁处分的人多?", "市第一人民法院"),  # the court sanctions none
    ],
)
def test_review_cases_that_must_be_partial(index: Index, question: str, missing: str) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and missing in reply.answer.splitlines()[0]
