"""English questions read through the glossary: what they become, and what they cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.answering import answer_question
from bot.english import (
    Glossary,
    build_glossary,
    is_english,
    question_language,
    translate_question,
)
from bot.evaluation import load_cases
from bot.index import Index
from bot.knowledge import Knowledge, load_knowledge
from tests.conftest import REPORT_DIR


@pytest.fixture(scope="module")
def glossary(knowledge: Knowledge) -> Glossary:
    """Return the glossary of the bundled knowledge."""
    return build_glossary(knowledge)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How many cases did the court close?", "en"),
        ("court", "en"),
        ("法院今年结了多少案", "zh"),
        ("12368热线服务了多少人次", "zh"),
        ("纪委 立案 how many people", "mixed"),
        ("EAP是什么", "mixed"),
        ("", "zh"),
        ("?", "zh"),
    ],
)
def test_the_language_of_a_question(text: str, language: str) -> None:
    assert question_language(text) == language
    assert is_english(text) == (language == "en")


# English questions of the report's kinds, and Chinese words their reading must hold.
QUESTIONS = [
    ("How many cases did the court close this year?", ["市第一人民法院", "结案", "今年", "多少"]),
    ("How many cases did the First People's Court accept?", ["市第一人民法院", "受理案件"]),
    ("How many cases were settled through mediation?", ["调结案件", "多少"]),
    ("How many enforcement cases did the court conclude?", ["执结", "市第一人民法院"]),
    ("How many judgment documents were published online?", ["公开上网裁判文书"]),
    ("How many cases were filed online?", ["网上平台立案"]),
    ("How much in unpaid wages was recovered for workers?", ["追回欠薪", "工人"]),
    ("How many petitions did the court handle?", ["信访"]),
    (
        "How many people did the CDI file for investigation in 2018?",
        ["市纪委监委", "立案查处", "2018年"],
    ),
    ("How many section-level officials were investigated?", ["科级干部", "查处"]),
    ("How many division-level officials were punished?", ["处级干部", "处分"]),
    ("Disciplinary sanctions year-on-year", ["党纪政务处分", "同比"]),
    (
        "How many deputies' liaison stations did the People's Congress set up?",
        ["人大代表联络站", "市人大常委会机关"],
    ),
    (
        "How many resolutions has the Municipal People's Congress Standing Committee made since 2017?",
        ["决议", "市人大常委会机关", "2017年以来"],
    ),
    ("How many CPPCC members' contact points are there?", ["委员联系点", "政协"]),
    (
        "How many people's livelihood observation rooms does the CPPCC have?",
        ["民生观察室", "市政协机关"],
    ),
    ("How much money in donations did the CPPCC raise?", ["筹集捐款", "市政协机关"]),
    ("What is the tax bureau's secretary project?", ["中山市税务局", "书记项目", "什么"]),
    (
        "When did the tax service start the points system for party members?",
        ["中山市税务局", "党员积分制", "什么时候"],
    ),
    (
        "How many letters from the public did the General Office of the Zhongshan Municipal People's Government receive?",
        ["群众来信", "市政府办公室"],
    ),
    (
        "What was the completion rate of the mayor's mailbox last year?",
        ["市长信箱", "办结率", "去年"],
    ),
    (
        "How many training courses did the Organization Department hold?",
        ["培训班", "市委组织部", "举办"],
    ),
    ("How many person-times were trained?", ["人次", "培训"]),
    ("How many first secretaries were sent?", ["第一书记"]),
    (
        "What did the General Office of the CPC Zhongshan Municipal Committee do about integrity risks?",
        ["市委办公室", "廉政风险"],
    ),
    ("Who wrote the report?", ["谁", "作者", "报道"]),
]


@pytest.mark.parametrize(
    "question",
    [
        "How many people got party disciplinary or administrative sanctions?",
        "How many style-and-conduct supervisors were hired?",
        "How many groups from schools, enterprises and other bodies came?",
    ],
)
def test_every_word_of_the_report_s_longer_phrasings_is_read(
    question: str, glossary: Glossary
) -> None:
    assert translate_question(question, glossary).unknown == ()


@pytest.mark.parametrize(("question", "expected"), QUESTIONS)
def test_an_english_question_reads_as_the_reports_words(
    question: str, expected: list[str], glossary: Glossary
) -> None:
    translation = translate_question(question, glossary)
    missing = [word for word in expected if word not in translation.text]
    assert missing == [], translation
    assert translation.found_anything


def test_case_plurals_possessives_and_punctuation_do_not_matter(glossary: Glossary) -> None:
    readings = {
        translate_question(q, glossary).text
        for q in ("court's cases closed", "COURTS' CASE CLOSED!", "Court, cases-closed?")
    }
    assert readings == {"市第一人民法院 结案"}


# Everyday short forms, abbreviations and spellings, and the report's words they must give.
SHORT_FORMS = [
    (
        "How many ppl did the discipline commission put on file Jan-Sep?",
        ["市纪委监委", "立案查处", "1-9月"],
    ),
    ("CDI sanctions y/y in Q1-Q3", ["市纪委监委", "党纪政务处分", "同比", "1-9月"]),
    (
        "How many cases did the Zhongshan court handle Jan to Nov?",
        ["市第一人民法院", "受理", "1-11月"],
    ),
    ("NPC regs since 2015", ["市人大常委会机关", "法规", "2015年以来"]),
    ("How many FOI requests did the govt office get?", ["市政府办公室", "政府信息公开申请"]),
    ("org dept: first secretaries, rectifying weak party orgs", ["市委组织部", "第一书记", "整顿"]),
    (
        "How many grassroots officials were trained by the organisation dept?",
        ["基层党员干部", "培训"],
    ),
    ("How many years has the tax bureau run secretary projects?", ["中山市税务局", "多少", "年"]),
    ("judgement docs posted online by the first court", ["公开上网裁判文书", "市第一人民法院"]),
    ("general office of the party committee: integrity risks", ["市委办公室", "廉政风险"]),
]


@pytest.mark.parametrize(("question", "expected"), SHORT_FORMS)
def test_short_forms_and_abbreviations_read_as_the_reports_words(
    question: str, expected: list[str], glossary: Glossary
) -> None:
    translation = translate_question(question, glossary)
    assert translation.complete, translation.unknown
    missing = [word for word in expected if word not in translation.text]
    assert missing == [], translation


def test_words_naming_what_the_report_lacks_stay_conditions(glossary: Glossary) -> None:
    # Another court, a future year, a kind of case: read as what the Chinese side declines.
    assert "第二" in translate_question("Court No. 2", glossary).terms
    assert "明年" in translate_question("cases next year", glossary).terms
    assert "刑事案件" in translate_question("criminal cases", glossary).terms
    assert "最高法" in translate_question("the Supreme People's Court", glossary).terms
    # "which town" asks for a breakdown the report does not give: it stays unread.
    assert translate_question("Which town had the most liaison stations?", glossary).unknown == (
        "town",
    )


def test_the_longest_phrasing_wins(glossary: Glossary) -> None:
    translation = translate_question("online case filing at the court", glossary)
    assert translation.terms == ("网上平台立案", "市第一人民法院")
    assert translation.understood == ("online case filing", "court")


def test_a_mixed_question_keeps_its_chinese(glossary: Glossary) -> None:
    translation = translate_question("纪委 立案 how many people", glossary)
    assert translation.text == "纪委 立案 多少 人"
    assert translation.complete


def test_unknown_english_says_so(glossary: Glossary) -> None:
    translation = translate_question("Where can I buy a cheap bicycle?", glossary)
    assert translation.unknown == ("buy", "cheap", "bicycle")
    assert not translation.complete
    assert "市" not in translation.text

    nothing = translate_question("Lorem ipsum dolor sit amet", glossary)
    assert not nothing.found_anything
    assert nothing.understood == ()
    assert nothing.unknown == ("Lorem", "ipsum", "dolor", "sit", "amet")


def test_grammar_words_are_neither_known_nor_unknown(glossary: Glossary) -> None:
    translation = translate_question("Could you please tell me about the court?", glossary)
    assert translation.text == "市第一人民法院"
    assert translation.complete


def test_years_and_other_places_read_as_the_report_writes_them(glossary: Glossary) -> None:
    translation = translate_question("Regulations made since 2015, cases in 2017", glossary)
    assert "2015年以来" in translation.text and "2017年" in translation.text
    assert translation.complete
    zhuhai = translate_question("How many cases did the Zhuhai court close?", glossary)
    assert "珠海" in zhuhai.terms and zhuhai.complete
    assert translate_question("the weather of zhuhai", glossary).unknown == ("weather", "zhuhai")


def test_an_admin_extends_the_glossary_without_code(knowledge_copy: Path) -> None:
    path = knowledge_copy / REPORT_DIR / "glossary.yaml"
    before = build_glossary(load_knowledge(knowledge_copy))
    assert translate_question("judicial volunteers", before).unknown
    path.write_text(
        path.read_text(encoding="utf-8") + "- {en: [judicial volunteers], zh: 人民陪审员}\n",
        encoding="utf-8",
    )
    after = build_glossary(load_knowledge(knowledge_copy))
    assert translate_question("Judicial volunteers?", after).terms == ("人民陪审员",)


def test_every_english_agency_alias_names_its_agency(
    knowledge: Knowledge, glossary: Glossary
) -> None:
    for agency in knowledge.agencies:
        for alias in agency.aliases:
            if alias.isascii():
                assert translate_question(alias, glossary).terms == (agency.name,), alias


@settings(deadline=None)  # the first place name met builds a lookup once
@given(st.text(max_size=60))
def test_any_text_translates_and_its_unknown_words_are_its_own(text: str) -> None:
    translation = translate_question(text, _GLOSSARY)
    assert all(word in text for word in translation.unknown)
    assert isinstance(translation.text, str)


def test_the_held_out_set_is_a_valid_questions_file() -> None:
    cases = load_cases(Path(__file__).resolve().parent / "data" / "english-holdout.yaml")
    assert len(cases) >= 30 and len({c.id for c in cases}) == len(cases)
    assert any(c.oos for c in cases)


_GLOSSARY = build_glossary(load_knowledge(Path(__file__).resolve().parent.parent / "knowledge"))


def test_an_unread_english_word_does_not_veto_a_mixed_question(index: Index) -> None:
    # "zilch" is no glossary word; the Chinese around it says what is asked.
    reply = answer_question(index, "老赖 zilch 俾法院失信惩戒咗几多")
    assert reply.answered and "20966名" in reply.answer


def test_two_months_in_a_row_read_as_the_reports_range(glossary: Glossary) -> None:
    assert "1-11月" in translate_question("between January and November", glossary).text


def test_a_word_reads_in_any_of_its_forms(glossary: Glossary) -> None:
    # The glossary says "settled through mediation"; a question says "settle".
    assert (
        "调结案件" in translate_question("cases the court settle through mediation", glossary).text
    )
    assert "2015年以来" in translate_question("drafted since 2015", glossary).text


def test_an_unread_word_beside_a_read_one_is_what_is_asked(index: Index) -> None:
    # "conviction rate": the report has rates, not this one; the question is declined.
    reply = answer_question(index, "What's the court's conviction rate?")
    assert not reply.answered and "conviction" in reply.answer


def test_only_inflections_are_stripped_not_derivations(glossary: Glossary) -> None:
    from bot.english import word_key

    assert {word_key(w) for w in ("settle", "settles", "settled", "settling")} == {"settl"}
    assert word_key("deputies") == word_key("deputy")
    assert word_key("classes") == word_key("class") == "class"
    # security is not secured (追回), firmly not firms (企业).
    assert word_key("security") != word_key("secured")
    assert word_key("firmly") != word_key("firms")


def test_everyday_words_are_no_condition_but_condition_words_stay(index: Index) -> None:
    # Small talk and colour ("quick", "wrap up", "fix") are not what is asked...
    reply = answer_question(index, "Hey, quick one: how many cases did the court wrap up?")
    assert reply.answered and "63266件" in reply.answer
    # ... while a word that could be the condition still declines ("which district").
    reply = answer_question(index, "Quick one: which district filed the most cases?")
    assert not reply.answered


def test_number_words_read_as_the_report_writes_them(glossary: Glossary) -> None:
    translation = translate_question("the tax bureau's three party-building indices", glossary)
    assert "三" in translation.text and translation.complete


def test_a_range_written_before_chinese_stays_whole(glossary: Glossary) -> None:
    # "1-9月" in a mixed question is the report's range, not 1, 9 and 月 apart.
    assert translate_question("纪委 1-9月 立案 how many", glossary).text == "纪委 1-9月 立案 多少"


def test_etc_is_no_word_the_question_hinges_on(glossary: Glossary) -> None:
    assert translate_question("courts, procuratorates etc.", glossary).complete


def test_an_unread_word_beside_a_read_english_one_is_asked_in_a_mixed_question_too(
    index: Index,
) -> None:
    # "tax refund": the report has no such figure, whatever the Chinese around it.
    reply = answer_question(index, "税务局 tax refund 今年几多")
    assert not reply.answered


def test_a_range_right_after_chinese_stays_whole(glossary: Glossary) -> None:
    assert "1-9月" in translate_question("纪委1-9月立案 how many people", glossary).text


def test_mean_ending_a_question_asks_a_meaning_and_before_a_noun_an_average(
    index: Index,
) -> None:
    assert "什么意思" in translate_question("What does EAP mean?", index.glossary).text
    average = translate_question("What is the mean number of cases per judge?", index.glossary)
    assert "什么意思" not in average.text and "人均" in average.text


def test_where_asked_in_english_is_a_where_question(index: Index) -> None:
    # The report says when and what the meeting was, never where it was held.
    reply = answer_question(index, "Where was the meeting held?")
    assert reply.kind == "partial" and "地点" in reply.answer


def test_the_head_of_a_body_is_its_leader_not_a_headline(index: Index) -> None:
    assert "领导" in translate_question("Who is the head of the court?", index.glossary).text
    assert "标题" in translate_question("What is the report heading?", index.glossary).text
    reply = answer_question(index, "Who is the head of the organization department?")
    assert reply.kind == "partial"


def test_a_percentage_of_something_asks_a_share_the_report_must_give(index: Index) -> None:
    # 结案358件,同比增长31.1%: a growth rate, no share of cases closed.
    reply = answer_question(index, "What percentage of cases were closed?")
    assert reply.kind == "partial" and "占比" in reply.answer


def test_money_asked_in_english_reads_as_money(index: Index) -> None:
    text = translate_question("How much money did the CPPCC raise for the poor?", index.glossary)
    assert "钱" in text.text and "投入" not in text.text and "提出" not in text.text


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        # a glossary word the report never writes: asked of it, never answered by a figure
        ("How much is a judge paid each month?", "工资"),
        ("What is the tenure of the Organization Department's conduct supervisors?", "任期"),
        # the court's caseload counts cases of every kind, never discipline cases alone
        ("How many disciplinary cases has the court taken on?", "纪检案件"),
    ],
)
def test_what_the_report_never_writes_is_partial_in_english(
    index: Index, question: str, missing: str
) -> None:
    reply = answer_question(index, question)
    assert reply.kind == "partial" and missing in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # durations, back pay and "in terms of" beside the new words (tenure, salary, pay)
        ("The CPPCC has kept up the forum with the mayor for how many years?", "28"),
        ("How much back pay did the court win for workers?", "2809.08"),
        ("how much in wages did the court get back for workers?", "2809.08"),
        ("in terms of cases filed, how many did the court accept?", "81878"),
        # "by what percentage … rise" asks the change, not a share of a whole
        ("Sanctions went up by what percentage?", "19.4%"),
        ("Cases closed by the commission: percentage increase?", "31.1%"),
        # discipline cases are the commission's, closed or filed
        ("Closed disciplinary cases this year, how many?", "358件"),
        ("Count of disciplinary case filings in 2018?", "448人"),
        # chat shorthand for please is no reason to decline
        ("纪委立案查处多少人 pls", "448人"),
    ],
)
def test_words_near_the_new_glossary_terms_keep_their_meaning(
    index: Index, question: str, figure: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


def test_a_rate_the_report_lacks_is_not_read_as_a_family_court_question(index: Index) -> None:
    # divorce read alone is 家事审判; the divorce rate is no word of the report's
    reply = answer_question(index, "What is Zhongshan's divorce rate?")
    assert not reply.answered


def test_what_something_cost_asks_money(index: Index) -> None:
    # the paragraph on the payment platform writes no money
    reply = answer_question(
        index, "How much did building the court's WeChat payment platform cost?"
    )
    assert reply.kind == "partial"


@pytest.mark.parametrize(
    ("question", "kind", "shown"),
    [
        ("How many units does the article cover?", "report", "8个单位"),  # spaced words
        ("Send me the list of the 17 officials who did not act", "partial", "名单"),
    ],
)
def test_the_report_s_units_and_a_list_asked_in_english(
    index: Index, question: str, kind: str, shown: str
) -> None:
    reply = answer_question(index, question)
    assert reply.kind == kind and shown in reply.answer


def test_the_names_of_a_count_asked_in_english_are_not_given(index: Index) -> None:
    # 精准选派19名第一书记 counts them and names none
    reply = answer_question(index, "could you pls send the names of the 19 first secretaries")
    assert reply.kind == "partial" and "19名" in reply.answer.splitlines()[0]


def test_a_word_whose_ending_makes_another_word_keeps_its_own_meaning(index: Index) -> None:
    # seconded and second share a key once -ed is gone; each keeps what it was listed with
    seconded = translate_question("how many were seconded to the campaign", index.glossary)
    assert "抽调" in seconded.text and "第二" not in seconded.text
    second = translate_question("who came second", index.glossary)
    assert "第二" in second.text and "抽调" not in second.text


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # a phrasal verb of pursuing: 查处
        ("this year the watchdog went after how many people?", "448人"),
        # "of the 14 …, how many were …": a part of the figure quoted, 14人(其中处级干部5人)
        (
            "Out of the 14 disciplined over political discipline, how many were division-level?",
            "5人",
        ),
        # chat shorthand for a question is no reason to decline
        ("quick q: discipline commission, people filed for investigation, how many?", "448"),
        # chat abbreviations and ranks in pinyin
        ("how much money did the CPPCC raise this yr (in 10k yuan)?", "150"),
        ("how many chu ji cadres were among those punished for political discipline?", "5人"),
        ("The court had how many lay jurors on its cases?", "117"),
        # summarise is the verb of the report here, not an order to the bot
        ("how many units' experience does the report summarise?", "8个单位"),
        # punish reads 处分, so the inspectors asked about weigh as much as in Chinese
        ("This year, how many of the commission's own inspection staff did it punish?", "15名"),
        # the question mark ends the ask; what the asker will write with it is no task
        ("法院结案几多件? need the number 写总结", "63266件"),
    ],
)
def test_english_chat_and_part_questions_get_the_figure(
    index: Index, question: str, figure: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and figure in reply.answer.splitlines()[0]


def test_a_verb_of_developing_is_no_reason_to_decline(index: Index) -> None:
    reply = answer_question(index, "How has the CPPCC developed its consultation with the mayor?")
    assert reply.answered and (reply.entry_key or "").startswith("zhengxie")


def test_a_hotline_named_by_another_number_is_not_the_courts(index: Index) -> None:
    # 12368 is the court's line; 12345 is the government's, which the report never counts
    reply = answer_question(index, "Serving how many people, the 12345 government hotline?")
    assert reply.kind == "partial" and "12345" in reply.answer.splitlines()[0]
    reply = answer_question(index, "The 12345 hotline served how many people?")
    assert reply.kind == "partial" and "12345" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    "question",
    [
        "Could you write us a short speech on the court's work?",
        "Which of the agencies performed best?",
        "Predict the court's caseload next year",
    ],
)
def test_an_english_task_is_declined_in_english_as_a_task(index: Index, question: str) -> None:
    reply = answer_question(index, question)
    assert not reply.answered and "I cannot write, translate, predict or judge" in reply.answer


def test_a_rate_asked_of_a_count_is_partial_in_english(index: Index) -> None:
    # the court's 结案63266件 is a count: the report gives no clearance rate for it
    reply = answer_question(index, "What was the court's clearance rate in 2018?")
    assert reply.kind == "partial" and "办结率" in reply.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        # how something was done: an unread word beside read ones (merge, catch, early) is
        # no condition, and the passage is shown
        ("How is party building merged with tax work at the tax bureau?", "中山市税务局"),
        (
            "In what ways does the organisation department accept supervision from outside?",
            "部风监督员",
        ),
        ("Which Greater Bay Area forum was the CPPCC the first to hold?", "粤港澳大湾区"),
    ],
)
def test_a_how_question_with_an_unread_everyday_word_is_answered(
    index: Index, question: str, shown: str
) -> None:
    reply = answer_question(index, question)
    assert reply.answered and shown in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        # an unread word that names a place or a time may be the very condition
        "How did the court handle cases in each district?",
        "In each village, how many cases were closed by the court?",
    ],
)
def test_a_how_question_with_an_unread_condition_word_is_declined(
    index: Index, question: str
) -> None:
    assert not answer_question(index, question).answered


@pytest.mark.parametrize(
    "question",
    [
        "Compared with last yr, how many extra study classes did the org dept run?",  # 2017
        "What is the counsellor's name that the tax bureau invited?",  # no name given
        "Who chaired the December 5 meeting?",  # the report does not say
        "Which cities make up the Greater Bay Area?",  # it lists none
        "Within Guangdong, what's the court's rank on closed cases?",  # national only
    ],
)
def test_english_questions_the_report_only_half_answers_are_not_answered(
    index: Index, question: str
) -> None:
    assert not answer_question(index, question).answered


def test_an_order_after_a_question_is_a_task(index: Index) -> None:
    # the count ends with its question mark; the next sentence orders a translation
    reply = answer_question(
        index, "How many cases did the court close? Translate the answer into English."
    )
    assert not reply.answered and "I cannot write, translate" in reply.answer


def test_an_unread_place_word_declines_a_count_but_not_a_how_question(index: Index) -> None:
    assert not answer_question(
        index, "How many cases did the court handle in each district?"
    ).answered
    assert answer_question(index, "How did the CPPCC work with towns?").answered
