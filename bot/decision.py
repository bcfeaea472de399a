"""The decision: a `Question` and its candidates -> answer, partial answer, or decline, and why.

Every condition the question states is checked against the chosen figure or paragraph: its
period, its body, a comparison, a rank, a share, a breakdown, a time or a place. When the
report covers the topic but not the condition, the decision is `partial`: it says what is
missing and keeps the closest thing the report does give. A figure is never computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from bot.dates import DATE, says_when
from bot.index import Entry, Index, whole_of
from bot.knowledge import Agency, Metric, Paragraph, Report, format_number
from bot.knowledge.sentences import split_clauses, split_sentences
from bot.measures import MEASURE_WORDS, NUMERAL_MEASURES, same_measure
from bot.question import ASKS_ITEM_BY_ITEM, TITLES, Period, Question, places_in, read_period
from bot.retrieval import (
    Candidate,
    context_entry,
    key_clause,
    key_sentence,
    known_share,
    last_entry,
    quoted_figure_entry,
    retrieve,
    unit_kind,
)
from bot.text import (
    CHINESE_NUMERAL,
    CJK,
    chinese_to_int,
    gated,
    is_cjk_pair,
    is_noun,
    matching_form,
    place_names,
)
from bot.weights import WEIGHTS, Weights

__all__ = ["Decision", "Verdict", "decide", "figure_period", "missing_condition", "pick_report"]

Verdict = Literal[
    "answer", "partial", "decline", "foreign", "task", "report", "agency", "choose", "request"
]


@dataclass(frozen=True, slots=True)
class Decision:
    """What to reply and why: the verdict, the chosen entry, and what the report lacks."""

    verdict: Verdict
    question: Question
    entry: Entry | None = None
    score: float = 0.0
    missing: str | None = None  # partial: what the report does not give; decline: why
    ranked: tuple[Candidate, ...] = ()
    known: float = 1.0
    choices: tuple[Agency, ...] = ()  # choose: the agencies the question may mean


def decide(index: Index, question: Question, *, weights: Weights = WEIGHTS) -> Decision:
    """Decide how to answer a question from its candidates, checking every condition."""
    if question.request == "task":
        return Decision("task", question)
    if question.request != "question":
        return Decision("request", question)
    if question.foreign:
        # What it asks of the other body (佛山市政府办's 群众来信) is kept, never shown: a
        # follow-up about the report's own body ("那中山的呢") asks the same of it.
        ranked = tuple(retrieve(index, question, weights=weights))
        chosen = _best(question, ranked, weights)
        topic = chosen.entry if chosen and chosen.score >= weights.answer_threshold else None
        return Decision("foreign", question, topic, missing=question.foreign)
    if question.english_unknown:
        # An English word the glossary cannot read may be the very condition asked
        # ("which district"); an answer that ignored it could be wrong with confidence.
        return Decision("decline", question, missing="报道里没有找到能回答这个问题的内容。")
    faq = _faq_entry(index, question, weights)
    if faq is not None and not _in_the_future(index, question):
        # An admin's phrasing leads to its entry, but every condition still holds or not.
        missing = missing_condition(question, faq)
        return Decision("partial" if missing else "answer", question, faq, 0.95, missing)
    period = question.period
    if period is not None and _in_the_future(index, question):
        # The future (明年, 2019 of a 2018 report): no report can tell it, nor next year's
        # meeting.
        return Decision("decline", question, missing=f"报道没有关于{period.text}的内容。")
    if question.report_topic and not question.agencies:
        counted = _lead_count_asked(index, question)
        if counted is not None:
            # the units the media interviewed: one of the lead's counts, not all eight
            missing = missing_condition(question, counted)
            return Decision("partial" if missing else "answer", question, counted, 0.9, missing)
        missing = _report_detail_missing(index, question)
        return Decision("report", question, missing=missing)
    last = last_entry(index, question)
    if not question.content:
        return _without_content(index, question, last or _own_body_last(index, question))
    if (
        question.follow_up
        and last is None
        and not question.agencies
        and len("".join(question.content)) < 2
    ):
        # "那钱呢" with nothing before it: whose money is anyone's guess.
        return Decision("decline", question, missing="没看懂这个问题,可以说得具体一些吗?")
    if question.follow_up and last is not None and all(c in _GENERIC for c in question.content):
        # "有什么成效", "这项工作是什么时候开始的": about the last answer, in its own words.
        return _about_the_last(index, question, last)
    known = known_share(index, question)
    # Naming no agency, a question must be made of the report's own words nearly all
    # through: "明年的计划是什么" shares one word with the report and is not about it.
    named = question.agencies or (question.follow_up and last is not None)
    needed = weights.known_with_agency if named else weights.known_without_agency
    if known < needed:
        return Decision("decline", question, missing="报道里没有这方面的内容。", known=known)
    ranked = tuple(retrieve(index, question, weights=weights))
    best = _best(question, ranked, weights)
    if best is not None and question.follow_up and last is not None and last.metric is not None:
        # the whole the chat is about: the last figure, or the whole of a part (科级呢 after
        # 其中处级干部5人 asks the 14人's 科级)
        anchor = whole_of(last.metric, last.paragraph) or last.metric
        best, other_whole = _part_of_the_last(anchor, ranked, best, weights)
        if other_whole and best.entry.metric is not None:
            # 314人 … 处级干部呢: the 处级干部4人 the words found are of 为官不为17人
            missing = f"“{anchor.figure()}”中{best.entry.metric.label}的数字"
            return Decision("partial", question, last, 0.9, missing, ranked, known)
    if best is None or (
        best.score < weights.answer_threshold
        and not _stands_out(question, ranked, best, known, weights)
    ):
        quoted = quoted_figure_entry(index, question)
        missing = missing_condition(question, quoted) if quoted is not None else None
        if missing is not None:
            # 358件里面哪个镇区最多: no entry matches, but the figure it quotes is the topic,
            # and what it asks of it is missing. (Never an answer from here.)
            return Decision("partial", question, quoted, 0.5, missing, ranked, known)
        return Decision(
            "decline",
            question,
            missing="报道里没有找到能回答这个问题的内容。",
            ranked=ranked,
            known=known,
        )
    best, missing = _meeting_conditions(index, question, ranked, best, weights)
    rivals = _rival_agencies(question, ranked, best, weights)
    if rivals:
        # "结案多少件": 纪委 and 法院 both count cases; asking beats guessing.
        return Decision("choose", question, ranked=ranked, known=known, choices=rivals)
    score = min(best.score * known, 1.0)
    if missing is not None:
        entry = _the_whole_missing(index, best.entry, missing)
        if (
            question.follow_up
            and last is not None
            and last.metric is not None
            and entry.metric is None
            and last.metric in entry.paragraph.metrics
        ):
            # 入面有几多个女嘅 after 448人: the figure asked about is still the topic (and
            # the chat's, for the next follow-up), not the paragraph around it
            entry = last
        return Decision("partial", question, entry, score, missing, ranked, known)
    return Decision("answer", question, best.entry, score, None, ranked, known)


# Words a follow-up uses for "that thing you just told me about".
_GENERIC = frozenset(
    "工作 成效 效果 做法 情况 项目 举措 措施 事情 事 开始 坚持 进展 结果 作用 意义 特点 亮点 "
    "成果 经验 持续 开展 搞 做 这项 这个 那项 那个 这些 那些 此项 该项".split()
)


def _about_the_last(index: Index, question: Question, last: Entry) -> Decision:
    """Answer a follow-up from the last answer's paragraph: a figure in the unit asked, if
    any ("坚持几年了" after the 书记项目 paragraph), else the paragraph itself."""
    if question.asks.number and question.asks.units:
        for metric in last.paragraph.metrics:
            if metric.unit in question.asks.units:
                position = index.entries_by_key.get(metric.id)
                if position is not None:
                    entry = index.entries[position]
                    missing = missing_condition(question, entry)
                    return Decision(
                        "partial" if missing else "answer", question, entry, 0.8, missing
                    )
    paragraph = _paragraph_entry(index, last)
    missing = missing_condition(question, paragraph)
    # The whole paragraph is the thing asked about, and it says when; after a figure, the
    # thing is the figure's, and only its own sentence can say when (三大指数, not the
    # 党员积分制 of 2016 beside it).
    if last.metric is not None and question.asks.when and not question.asks.number:
        missing = None if _has_time(_sentence_of(last), question) else "具体时间"
    elif missing == "具体时间" and _has_time(paragraph.paragraph.text, question):
        missing = None
    return Decision("partial" if missing else "answer", question, paragraph, 0.8, missing)


def _the_whole_missing(index: Index, entry: Entry, missing: str) -> Entry:
    """Return the figure a partial reply should show: the quoted whole whose parts are not
    given (“448人”的细分数字 shows 448人, not a part of another whole such as 处级干部5人)."""
    agency = entry.agency
    if agency is None or not missing.endswith("的细分数字") or entry.metric is None:
        return entry
    for metric in agency.metrics:
        if f"“{metric.figure()}”" in missing and metric is not entry.metric:
            position = index.entries_by_key.get(metric.id)
            return index.entries[position] if position is not None else entry
    return entry


def _sentence_of(entry: Entry) -> str:
    """Return the sentence of its paragraph that holds a figure's clause."""
    return _sentence_holding(entry.metric.clause if entry.metric else "", entry.paragraph.text)


@lru_cache(maxsize=4096)  # a figure's clause and its paragraph: the report's own text
def _sentence_holding(clause: str, paragraph: str) -> str:
    """Return the sentence of a paragraph that holds a clause (the clause, if none does)."""
    sentences = split_sentences(paragraph, at_semicolons=True)
    return next((s for s in sentences if clause in s), clause)


def _paragraph_entry(index: Index, entry: Entry) -> Entry:
    """Return the paragraph entry an entry (a figure or the paragraph itself) stands in."""
    if entry.metric is None:
        return entry
    owner = entry.agency.id if entry.agency else f"{entry.report.id}-lead"
    position = index.entries_by_key.get(f"{owner}.p{entry.paragraph_no + 1}")
    return index.entries[position] if position is not None else entry


def _stands_out(
    question: Question,
    ranked: tuple[Candidate, ...],
    best: Candidate,
    known: float,
    weights: Weights,
) -> bool:
    """Tell whether a paragraph below the line still answers a "how" question to one agency
    asked in words of its own (帮同事解开心结): most of the question's words are the report's
    (or colloquial forms of them), and the paragraph stands far above the agency's others."""
    if not (question.asks.text and len(question.agencies) == 1) or best.entry.metric is not None:
        return False
    if known < weights.stand_out_known or best.score < weights.stand_out_least:
        return False
    others = [c.score for c in ranked if c.entry.metric is None and c is not best]
    return best.score >= weights.stand_out_ratio * (others[0] if others else 0.0)


def _in_the_future(index: Index, question: Question) -> bool:
    latest = max((r.year for r in index.knowledge.reports), default=0)
    return question.period is not None and bool(latest) and question.period.first_year > latest


def _own_body_last(index: Index, question: Question) -> Entry | None:
    """Return the chat's last entry when a follow-up names that entry's own agency and
    nothing else: "那中山市政府办呢" after 佛山市政府办's 群众来信 asks it of ours."""
    entry = context_entry(index, question) if question.follow_up else None
    named = [a.id for a in question.agencies]
    return (
        entry
        if entry is not None and entry.agency is not None and named == [entry.agency.id]
        else None
    )


def _without_content(index: Index, question: Question, last: Entry | None) -> Decision:
    """A question that names an agency, a period or a comparison, and nothing else."""
    conditions = question.period or question.asks.comparison or question.asks.rank
    if last is not None and question.follow_up and not conditions:
        other = _in_the_unit_asked(index, question, last)
        if other is not None:
            return other  # 几多期 after 培训19360人次: the 235期 beside it, not the 19360
    if last is not None and (conditions or question.follow_up):
        missing = missing_condition(question, last) if conditions else None
        verdict: Verdict = "partial" if missing else "answer"
        return Decision(verdict, question, last, 0.9, missing)
    if question.asks.number and not question.asks.text:
        # "纪委有多少人": the report gives no such total; offer what it does give.
        return Decision("decline", question, missing="报道里没有这个数字。")
    if len(question.agencies) == 1:
        return Decision("agency", question)
    if question.agencies:
        return Decision("choose", question)
    return Decision("decline", question, missing="没看懂这个问题,可以说得具体一些吗?")


def _in_the_unit_asked(index: Index, question: Question, last: Entry) -> Decision | None:
    """Answer a bare follow-up count in another unit than the last figure's (几多期 after
    19360人次) from the figure of that unit nearest it in its own sentence (235期); partial
    if that sentence counts nothing in that unit."""
    units = question.asks.units
    metric = last.metric
    if not question.asks.number or not units or metric is None:
        return None
    if any(same_measure(unit, metric.unit) for unit in units):
        return None  # in the last figure's own unit (or one counted as it): the figure itself
    text = last.paragraph.text
    sentence = _sentence_holding(metric.clause, text)
    at = text.find(metric.clause)
    fitting = [
        m
        for m in last.paragraph.metrics
        if m.clause in sentence and any(same_measure(u, m.unit) for u in units)
    ]
    fitting.sort(key=lambda m: abs(text.find(m.clause) - at))
    for other in fitting:
        position = index.entries_by_key.get(other.id)
        if position is not None:
            return Decision("answer", question, index.entries[position], 0.8)
    return Decision("partial", question, last, 0.8, f"以“{units[0]}”计的数字")


def _best(question: Question, ranked: tuple[Candidate, ...], weights: Weights) -> Candidate | None:
    """Choose between the best figure and the best paragraph by what the question asks."""
    metrics = [s for s in ranked if s.entry.kind == "metric"]
    paragraphs = [s for s in ranked if s.entry.kind == "paragraph"]
    best_metric = metrics[0] if metrics else None
    best_paragraph = paragraphs[0] if paragraphs else None
    if best_metric is None:
        return best_paragraph
    if best_paragraph is None:
        return best_metric
    asks = question.asks
    # "谁结案多", "哪项增长最温和": figures side by side, however the question words it.
    wants_text = (asks.text or asks.when or asks.where) and not asks.which_more
    if (asks.number or asks.which_more) and not wants_text:
        measure = question.asks.measure
        if asks.units or measure:
            # It asks for people (or money, or hours): the best figure of that kind, if any.
            kind = unit_kind(asks.units[0]) if asks.units else "count"
            # 几个 counts people as well as things (几多个老赖) where no noun says which.
            kinds = {kind, "people"} if asks.units == ("个",) else {kind}
            # The best one only: the figures after it need not be read.
            fitting = next(
                (
                    s
                    for s in metrics
                    if s.entry.metric is not None
                    and (
                        unit_kind(s.entry.metric.unit) in kinds
                        # 增长率是多少: a rate of change, given with the figure it is of
                        or (asks.comparison and s.entry.metric.comparison is not None)
                    )
                    and (measure is None or same_measure(measure, s.entry.metric.unit))
                ),
                None,
            )
            if fitting is None or fitting.score < best_metric.score - weights.condition_margin:
                counted = _counted_in_paragraph(question, paragraphs)
                if counted is None and measure and best_metric.score >= weights.answer_threshold:
                    # 立了几多宗案 of a figure in people: the figure, as a partial reply that
                    # says it is not counted in 宗 (missing_condition).
                    return best_metric
                return counted
            best_metric = fitting
        if best_metric.score >= weights.answer_threshold:
            return best_metric
        return best_paragraph
    if wants_text and not asks.number:
        stated = best_metric.entry.metric
        if stated is not None and _quoted(question, stated):
            # 结案63266件,是怎么做到的: the paragraph of the figure it quotes, as sure as that
            own = [p for p in paragraphs if p.entry.paragraph is best_metric.entry.paragraph]
            if own:
                return own[0]._replace(score=max(own[0].score, best_metric.score))
        noun = _name_asked(question)
        if noun:
            # 微信叫咩名: the paragraph that writes a name just before it (“中山税悦”微信)
            quoted = rf"[”\"」](?:{_pairs_of(noun)})"
            near = [
                p for p in paragraphs[:3] if p.score >= best_paragraph.score - weights.text_margin
            ]
            best_paragraph = next(
                (p for p in near if re.search(quoted, _report_form(p.entry.paragraph.text))),
                best_paragraph,
            )
        if best_paragraph.score >= best_metric.score - weights.text_margin:
            return best_paragraph
        return best_metric
    browsing = question.follow_up and question.context and question.context.entry_key
    if browsing and best_metric.score >= weights.answer_threshold:
        return best_metric  # browsing figures: "结案呢" after a figure wants a figure
    # Neither "how" nor "how many": a figure whose label fits wins over the paragraph that
    # holds it, since a paragraph matches any of its own words.
    if best_metric.score >= best_paragraph.score - weights.figure_margin:
        return best_metric
    return best_paragraph


# What a name is asked of: 微信叫咩名, 平台叫什么名字.
_NAME_OF = re.compile(
    rf"([{CJK}]{{2,6}})(?:的名字|的名称)?(?:叫什么|叫咩|叫啥)"
    # "what is the name of the (tax bureau's) WeChat account": the first thing after 名字
    rf"|^什么 名字 (?:中山\S* )?([{CJK}]{{2,6}})(?: |$)"
)


def _name_asked(question: Question) -> str:
    """Return the thing whose name a question asks (微信 of 微信叫咩名), or ""."""
    named = _NAME_OF.search(question.text)
    return (named.group(1) or named.group(2)) if named else ""


def _pairs_of(noun: str) -> str:
    """Return an alternation of a noun's character pairs: a name may stand beside any."""
    return "|".join(re.escape(noun[i : i + 2]) for i in range(len(noun) - 1))


def _name_unwritten(question: Question, paragraph: str) -> bool:
    """Tell whether a question asks a thing's name (微信叫咩名) and the paragraph quotes none
    just before that thing (“中山税悦”微信 does)."""
    noun = _name_asked(question)
    if not noun or _TITLED.search(noun) or question.asks.definition:
        return False  # 那位市委书记叫什么: a person, asked by post; EAP全称叫啥: defined
    text = _report_form(paragraph)
    if _WAYS_OF_DOING.search(noun):
        return not re.search('[“"「《]', text)  # 首创嗰个做法叫咩名: “离前一课”
    pairs = _pairs_of(noun)
    # “中山税悦”微信, or the thing's name quoted whole: “…人文交流合作座谈会”
    if re.search(rf"[”\"」》][^,,。;;]{{0,5}}?(?:{pairs})|(?:{pairs})[”\"」》]", text):
        return False  # also 《中山市水环境保护条例》等4部法规
    # or a name made of nouns, unquoted: 基层正风反腐三年行动|方案, 掌上微信支付宝|平台 (not
    # 正在对接|项目, a verb before it)
    head = noun[-2:]
    return not any(
        is_noun(text[at - 3 : at]) or is_noun(text[at - 2 : at])
        for at in (m.start() for m in re.finditer(re.escape(head), text))
        if at >= 2
    )


# What is named by a name of its own kind, quoted anywhere in its paragraph.
_WAYS_OF_DOING = re.compile("做法|举措|活动|机制|模式|品牌|工程|制度")
_TITLED = re.compile(f"{TITLES}|人|干部|[员者师]$")


def _rival_agencies(
    question: Question, ranked: tuple[Candidate, ...], best: Candidate, weights: Weights
) -> tuple[Agency, ...]:
    """Return the agencies of equally good figures when the question names none."""
    if question.agencies or best.entry.agency is None or best.entry.metric is None:
        return ()
    if question.context is not None and question.context.agency_id is not None:
        return ()
    found = [best.entry.agency]
    for candidate in ranked:
        if candidate.score < best.score - weights.rival_margin:
            break
        agency = candidate.entry.agency
        if candidate.entry.metric is not None and agency is not None and agency not in found:
            found.append(agency)
    return tuple(found) if len(found) > 1 else ()


def _uncounted(question: Question, entry: Entry) -> str | None:
    """Return what a number question counts when no clause of the paragraph writes a
    number beside it (多少个党支部 of a paragraph whose numbers count other things)."""
    text = _report_form(entry.paragraph.text)
    named = [f for f in question.features if len(f) > 1]
    what = "这个数字"
    match = _COUNTED.search(question.text)
    if match is not None:
        # The clause must name what is counted, where the paragraph names it.
        found = _longest_start(match.group(1).lstrip(MEASURE_WORDS), text)
        if found is not None:
            named, what = [found], f"“{found}”的数量"
    # (of a rate asked, 平均一日接几多个电话, the rate is what is missing, said below)
    unwritten = _unwritten_thing(question, text) if question.asks.rate is None else None
    if unwritten is not None:
        return f"“{unwritten}”的数量"
    # Money must be written as money (执行到位金额 is no count of 执结30916件), and a share
    # as a share (效率提高了百分之几 is not answered by a year).
    money = "元" in question.asks.units
    share = question.asks.ratio and not money
    # 多少人, how many members: people, as people (每期多少人 is said of its rate below)
    people = "名" in question.asks.units and question.asks.rate is None
    counts = (
        _MONEY_WRITTEN
        if money
        else _SHARE_WRITTEN
        if share
        else _PEOPLE_WRITTEN
        if people
        else _NUMERAL
    )
    what = "这个比例" if share and what == "这个数字" else what
    return None if _writes_a_count(text, counts, named) else what


def _unwritten_thing(question: Question, text: str) -> str | None:
    """Return what a number question counts when the paragraph never writes it: the words
    after 几个/多少名 ending the question, whose last word is a noun, and either that noun
    (人民法庭) or the word before it (组成|人员) missing from the text."""
    tokens = [t for t in question.tokens if not _TRAILING.fullmatch(t)]
    ask = next((i for i, t in enumerate(tokens) if re.match("多少|几", t)), None)
    if ask is None:
        return None
    words = tokens[ask + 1 :]
    if words and words[0] in MEASURE_WORDS:
        words = words[1:]
    if len(words) > 1 and _UNIT_OF_AN_OFFICE.search(words[-2] + words[-1]) and len(words[-1]) == 1:
        words = [*words[:-2], words[-2] + words[-1]]  # 纪检监察|组 is one 纪检监察组
    if not words or len(words) > 3 or "".join(words) in text:
        return None
    if not is_noun(words[-1]) and not _UNIT_OF_AN_OFFICE.search(words[-1]):
        if words[-1] not in _ONE_CHARACTER_NOUNS or len(words) < 2:
            return None  # a noun, or a part of an office (纪检组, 派出法庭)
        if "".join(words) + "件" in text:
            return None  # 行政案 for 行政案件
    head = words[-1]
    modifier = words[-2] if len(words) > 1 else ""
    if head in text and (len(modifier) < 2 or modifier in text):
        return None
    return modifier + head if modifier and modifier not in text else head


# How many people a body has (not how many times people did something): 有几多个工作人员,
# 现在有多少在编干部.
_HEADCOUNT = re.compile(
    r"有(?:多少|几)[个名位]?(?:在编)?(?:工作人员|员工|职工|公务员|干部)(?:[??呢啊呀吗]|$)"
    r"|在编(?:人员|干部)|人员编制"
)
# A body's headcount as a text writes one: 共有干警300人, 在编人员52名 (never 400人次).
_HEADCOUNT_WRITTEN = re.compile(rf"(?:有|共有|现有|在编|编制)[{CJK}]{{0,6}}\d+多?(?:人|名)(?!次)")


def _headcount_missing(question: Question, paragraph: str) -> bool:
    """Tell whether a question asks how many people a body has, and the paragraph writes
    no such headcount (任免工作人员近400人次 counts appointments, not staff)."""
    return bool(_HEADCOUNT.search(question.text)) and not _HEADCOUNT_WRITTEN.search(paragraph)


# One character that names a thing after a word that says which kind: 行政|案.
_ONE_CHARACTER_NOUNS = frozenset("案")
_UNIT_OF_AN_OFFICE = re.compile(f"[{CJK}][组室站所庭队科处岗]$")
_TRAILING = re.compile("[吗呢啊呀啦嘛咧?？!！。,，\\s]+")


def _money_of_a_quoted_figure(question: Question, entry: Entry) -> str | None:
    """Return what is missing when the money of a figure the question quotes is asked
    (执结的30916件涉及多少钱) and that figure's clause writes no money: other money of the
    paragraph (追回欠薪2809.08万元) is no part of it."""
    if "元" not in question.asks.units:
        return None
    quoted = [m for m in entry.paragraph.metrics if _quoted(question, m) and m.unit != "元"]
    # the figure's sentence: 审结民生案件2229件,为1135位工人追回欠薪2809.08万元 writes it
    said = [_sentence_holding(m.clause, entry.paragraph.text) for m in quoted]
    if not quoted or any(_MONEY_WRITTEN.search(s) for s in said):
        return None
    return f"“{quoted[0].figure()}”涉及的金额"


_WHAT_A_KIND_COUNTS = {"people": "人数", "money": "金额"}


def _count_beside_a_quoted_figure(question: Question, entry: Entry, metric: Metric) -> str | None:
    """Return what is missing when a count of another kind (people, money) is asked of a
    figure the question quotes (how many people the 8期 trained) and the figure given is not its: a
    count speaks of the figure just before it (举办学习培训班235期,培训…19360人次), not of
    one before that (8期), nor of one after it."""
    units = question.asks.units
    if not question.asks.number or not units or metric.unit not in units:
        return None
    kind, text = unit_kind(metric.unit), entry.paragraph.text
    if kind not in _WHAT_A_KIND_COUNTS:
        return None  # a rate follows all the counts it is of (148宗、44条,答复率…): above
    at = text.find(metric.figure())
    for quoted in entry.paragraph.metrics:
        quoted_kind = unit_kind(quoted.unit)
        if (
            quoted is metric
            or quoted_kind in (kind, "ratio", "multiple")
            or not _quoted(question, quoted)
        ):
            continue
        since = text.find(quoted.figure())
        between = [
            m
            for m in entry.paragraph.metrics
            if m is not quoted
            and unit_kind(m.unit) == quoted_kind
            and since < text.find(m.figure()) < at
        ]
        if 0 <= at < since or between:
            return f"“{quoted.figure()}”的{_WHAT_A_KIND_COUNTS[kind]}"
    return None


_RATE_WORD = re.compile(f"[{CJK}]{{2}}率")


def _names_label(question: Question, label: str) -> bool:
    """Tell whether a question names a figure by its label, or by four characters of it in a
    row (信息公开申请, of 受理政府信息公开申请)."""
    form = _report_form(label)
    if len(form) <= 4:
        return form in question.text
    return any(form[i : i + 4] in question.text for i in range(len(form) - 3))


def _rate_of_another_figure(question: Question, entry: Entry) -> str | None:
    """Return what is missing when the rate of a count the question quotes or names is
    asked and the rate chosen is another count's: a rate speaks of the counts written just
    before it (148宗、44条,答复率…100%; 5154项、67件,办结率93.9%、92.5%); or when the
    rate named (答复率) is written of other counts only."""
    metric, paragraph = entry.metric, entry.paragraph
    if metric is None:
        return None
    named = _RATE_WORD.search(question.text)
    rate = named.group(0) if named else "比率"
    if metric.unit not in ("%", "个百分点"):
        # 省长留言的办结率, 法院的办结率 (of 结案63266件): a rate asked of a count is never
        # the count itself
        asked = named and not question.asks.comparison
        percent = "%" in question.asks.units or not question.asks.units
        return f"“{metric.label}”的{rate}" if asked and percent else None
    # whether the paragraph writes the rate asked (a figure in % whose clause names it)
    written = any(m.unit == "%" and rate in m.clause for m in paragraph.metrics)
    text = paragraph.text
    if written and rate not in metric.clause:
        # 市长信箱5154项的答复率: the paragraph's 答复率 is of other counts
        whose = next((m for m in paragraph.metrics if m.unit != "%" and _quoted(question, m)), None)
        return f"“{whose.figure()}”的{rate}" if whose else f"“{metric.label}”的{rate}"
    # Where each rate's clause ends: a clause may hold the counts and then their rates.
    ends = sorted(
        at + len(m.clause)
        for m in paragraph.metrics
        if m.unit == "%" and (at := text.find(m.clause)) >= 0
    )
    chosen = text.find(metric.clause) + len(metric.clause)
    # the counts the question quotes (44条) or names by their label (省长留言)
    counts = [
        m
        for m in paragraph.metrics
        if m.unit != "%" and (_quoted(question, m) or _names_label(question, m.label))
    ]
    for quoted in counts:
        at = text.find(quoted.figure())
        its_rate = next((end for end in ends if end > at), None) if at >= 0 else None
        if its_rate is not None and its_rate != chosen:
            return f"“{quoted.label}{quoted.figure()}”的{rate}"
    return None


def _counted_in_paragraph(question: Question, paragraphs: list[Candidate]) -> Candidate | None:
    """Return the best paragraph that writes a number in the unit asked (24小时) in a clause
    that names something the question asks about, if any: 选调干部3人 counts no 人口."""
    units = question.asks.units or tuple(filter(None, [question.asks.measure]))
    if not units:
        return None
    counts = re.compile(rf"\d(?:{'|'.join(map(re.escape, units))})")
    named = [f for f in question.features if len(f) > 1]
    for candidate in paragraphs[:3]:
        # counts in digits: 三年 → 3年
        if _writes_a_count(_report_form(candidate.entry.paragraph.text), counts, named):
            return candidate
    return None


def _writes_a_count(text: str, counts: re.Pattern[str], named: list[str]) -> bool:
    """Tell whether a clause of a text writes a count (as `counts` reads one) beside a word
    the question names."""
    return any(
        counts.search(_VAGUE_COUNT.sub("", clause)) and any(f in clause for f in named)
        for clause in split_clauses(text)
    )


# 一批, 一些: so many, never counted (有效推动一批社会热点难点问题的解决; 1批 in the report's
# form, where 169批次 is a count).
_VAGUE_COUNT = re.compile(r"(?<![\d.])[1一](?:大?批(?!次)|些|系列)")


_MONEY_WRITTEN = re.compile(r"\d多?(?:万|亿)?元")
_PEOPLE_WRITTEN = re.compile(r"\d多?(?:万)?(?:人|名|位)")
_SHARE_WRITTEN = re.compile(r"\d%|百分之|百分点|\d倍|[\d一二三四五六七八九]成")


def _meeting_conditions(
    index: Index,
    question: Question,
    ranked: tuple[Candidate, ...],
    best: Candidate,
    weights: Weights,
) -> tuple[Candidate, str | None]:
    """Prefer, within a margin of the best, a candidate of the same kind that meets every
    condition the question states: "1-9月受到处分的" wants the 1-9月 figure.

    Returns the candidate with the condition it misses (None: every one holds), so that the
    check is made once.
    """
    missing = missing_condition(question, best.entry)
    if missing is None:
        return best, None
    if _PASSIVE_ASKED.search(question.text) or _negated_action(question, best.entry):
        # 有没有法官被处分, 未执结的案件: what the question asks fails here, and any other
        # entry that merely lacks the verb would pass: none is looked for.
        return best, missing
    metric, period = best.entry.metric, question.period
    quoted_best = metric is not None and _quoted(question, metric)
    by_period = (
        metric is not None
        and period is not None
        and not period_fits(period, figure_period(metric, best.entry.report))
    )
    for candidate in ranked:
        if candidate.score < best.score - weights.condition_margin:
            break
        if candidate is best:
            continue
        # A number question may move from a paragraph to one of the figures; else same kind.
        same_kind = candidate.entry.kind == best.entry.kind
        if not same_kind and not (question.asks.number and candidate.entry.metric is not None):
            continue
        if question.quoted_numbers and not _states_a_quoted_figure(question, candidate.entry):
            continue  # the question quotes a figure this paragraph does not state
        if quoted_best and not _narrows(question, candidate.entry, best.entry):
            continue  # 这15名…有几个被移送: 约谈纪检监察干部 is beside the 15, not of them
        if by_period and _label_fit(question, candidate.entry) < 1 <= _label_fit(
            question, best.entry
        ):
            continue  # 调结案件 is no 结案 of another period: a narrower thing, not asked
        if missing_condition(question, candidate.entry) is None:
            return candidate, None
    part = _part_of_the_quoted_whole(index, question, ranked)
    if part is not None and missing_condition(question, part) is None:
        # 14个人入面有几多个处级: 其中处级干部5人, however little else it shares
        return Candidate(index.entries_by_key[part.key], part, best.score), None
    return best, missing


def _part_of_the_last(
    last: Metric, ranked: tuple[Candidate, ...], best: Candidate, weights: Weights
) -> tuple[Candidate, bool]:
    """Return, for a follow-up that names a part (处级干部呢) after a whole (立案查处448人),
    that whole's part (其中查处处级干部57人) rather than a like-named part of another whole
    (为官不为17人,其中处级干部4人) that matched the words a little better; and whether the
    part found is another whole's only (the report then gives no such part of the last)."""
    metric = best.entry.metric
    if metric is None or whole_of(metric, best.entry.paragraph) in (None, last):
        return best, False
    label = _report_form(metric.label)
    for candidate in ranked:
        if candidate.score < best.score - weights.condition_margin:
            break
        part = candidate.entry.metric
        if part is None or label not in _report_form(part.label):
            continue
        whole = whole_of(part, candidate.entry.paragraph)
        # 其中,查处处级干部57人 stands as a figure of its own, but says the 查处 of the 448
        said_of_last = whole is None and last in candidate.entry.paragraph.metrics
        if whole is last or (said_of_last and _shares_action(last, part)):
            return candidate, False
    return best, True


def _narrows(question: Question, entry: Entry, quoted: Entry) -> bool:
    """Tell whether a figure other than the one a question quotes says something of it that
    the question asks: 处级干部57人 of 立案查处448人 (处级 asked), not 约谈纪检监察干部 of
    查处15名纪检监察干部 (约谈 not asked). A figure of another kind (money) may say it."""
    if entry.metric is None or quoted.metric is None:
        return True
    if unit_kind(entry.metric.unit) != unit_kind(quoted.metric.unit):
        # 1135位工人…追回多少: the money of them, 2809.08万元, written beside them (not
        # 培训基层党员干部19360人次 of 8期研讨班)
        return quoted.metric.figure() in entry.metric.clause
    label, whole = _report_form(entry.metric.label), _report_form(quoted.metric.label)
    pairs = {label[i : i + 2] for i in range(len(label) - 1)}
    return any(p not in whole and p in question.text for p in pairs)


def _money_of_a_named_figure(question: Question, entry: Entry) -> str | None:
    """Return what is missing when money is asked of what another figure counts, named by
    its label (执结的案帮人执返多少钱: 执结30916件), and that figure's clause writes no money:
    追回欠薪2809.08万元, named by none of its words, is the money of other cases."""
    if "元" not in question.asks.units:
        return None
    figures = entry.paragraph.metrics if entry.metric is None else (entry.metric,)
    money = [m for m in figures if unit_kind(m.unit) == "money"]
    if entry.metric is not None and not money:
        return None
    if any(re.search(_pairs_of(_report_form(m.label)), question.text) for m in money):
        return None  # 追回了多少欠薪: the money asked is the figure's own
    named = [
        m
        for m in _owner_metrics(entry)
        if unit_kind(m.unit) != "money"
        and len(label := _report_form(m.label)) >= 2
        and label in question.text
        and not _MONEY_WRITTEN.search(m.clause)
    ]
    return f"“{named[0].label}{named[0].figure()}”涉及的金额" if named else None


def _money_for_another_thing(question: Question, entry: Entry, metric: Metric) -> str | None:
    """Return what is missing when money is asked for a thing (培训投入了多少钱) that another
    figure of the agency counts (培训基层党员干部) and the sentence of the money figure given
    never names: the 1.8亿元 invested went to 整顿, not to training."""
    if "元" not in question.asks.units or unit_kind(metric.unit) != "money":
        return None
    said = _report_form(_sentence_holding(metric.clause, entry.paragraph.text))
    others = [_report_form(m.label) for m in _owner_metrics(entry) if m is not metric]
    for word in question.content:
        if len(word) >= 2 and word not in said and any(word in label for label in others):
            return f"“{word}”的金额"
    return None


def _part_of_the_quoted_whole(
    index: Index, question: Question, ranked: tuple[Candidate, ...]
) -> Entry | None:
    """Return the figure that is a part of the whole the question quotes, in a paragraph
    of the best candidates, and names the part asked: 处级干部5人 of 政治纪律那14个人入面
    有几多个处级."""
    if not (question.among and question.quoted_numbers):
        return None
    paragraphs = {id(c.entry.paragraph): c.entry.paragraph for c in ranked[:3]}
    for paragraph in paragraphs.values():
        for metric in paragraph.metrics:
            if _report_form(metric.label)[:2] not in question.text:
                continue
            wholes = _wholes_of(metric, paragraph)
            position = index.entries_by_key.get(metric.id)
            if position is not None and any(_quoted(question, w) for w in wholes):
                return index.entries[position]
    return None


def _wholes_of(metric: Metric, paragraph: Paragraph) -> list[Metric]:
    """Return the figures a figure is a part of: the one whole_of reads (为官不为17人,其中
    处级干部4人), and a figure whose sentence is followed by 其中 and a list that holds it
    (共立案查处448人,同比上升37.8%。其中,查处处级干部57人…)."""
    direct = whole_of(metric, paragraph)
    if direct is not None:
        return [direct]  # 为官不为17人,其中处级干部4人: of the 17, not of all 448 listed with it
    wholes: list[Metric] = []
    text = paragraph.text
    for whole in paragraph.metrics:
        at = text.find(whole.clause)
        end = text.find("。", at) if at >= 0 else -1
        if end < 0 or not text.startswith("其中", end + 1) or whole is metric:
            continue
        listed = text[end + 1 : text.find("。", end + 1) % (len(text) + 1)]
        if metric.clause in listed:
            wholes.append(whole)
    return wholes


# Which people, by kind: 哪些人, 哪类人 are answered by a kind the report names (工人).
_KIND_OF_PEOPLE = re.compile("(?:哪些|哪类|哪种|边啲)人(?![员大])")
# The kind of thing a names question asks for: 哪些学校, 哪几位专家, 边几间医院.
_KIND_ASKED = re.compile(
    rf"(?:哪|边)(?:些|几[个家所间位名类])?([{CJK}]{{2,4}})"
    # the kind named first: 那些企业是哪几家
    rf"|([{CJK}]{{2}})(?:都|分别|具体)?(?:是|系)(?:哪|边)(?:些|几)?[个家所间位名类]?[??呢啊呀]*$"
)
# People by their calling (专家, 咨询师, 讲师): named, if at all, by a person's name.
_CALLING = re.compile("(?:专家|学者|教授|老师|讲师|嘉宾|[^人]师|顾问)$")


def _kind_asked(text: str) -> str | None:
    """Return the kind a names question asks for, after 哪 (哪几家企业) or before it (企业是哪几家)."""
    match = _KIND_ASKED.search(text)
    return (match.group(1) or match.group(2)) if match else None


def _kind_unnamed(question: Question, clause: str, paragraph: str) -> bool:
    """Tell whether a names question asks the names of a kind the report counts only as a
    kind: 哪些学校 of 学校、机关、企业、团体等37批 (a list of kinds, 学校 one of them), or 哪些专家
    of a paragraph that names no expert and no person."""
    words = _kind_asked(question.text)
    if words is None or _WAYS.search(question.text):
        return False
    kind = next((words[:n] for n in range(len(words), 1, -1) if is_noun(words[:n])), None)
    if kind is None:
        return False
    text = _report_form(clause)
    if re.search(rf"(?:^|[、,,]){kind}、|、{kind}(?:等|、|$|设立|建立)", text):
        return True  # one kind in a list of kinds
    calling = _CALLING.search(kind) is not None
    return calling and kind not in _report_form(paragraph) and not names_a_person(clause)


def _kind_never_named(question: Question, paragraph: str) -> bool:
    """Tell whether a names question asks which ones of a kind the paragraph writes only
    bare: 落了哪几个项目 of 正在对接项目, where no clause that says 项目 lists or quotes one."""
    asked = _kind_asked(question.text.replace(" ", ""))
    if asked is None or _WAYS.search(question.text):
        return False
    kind = next((k for k in _PROPER_NAMED if asked.startswith(k)), None)
    if kind is None:
        return False  # 哪几个角色: a role is said in other words (第一参谋助手、…职责)
    said = [c for c in split_clauses(_report_form(paragraph)) if kind in c]
    return bool(said) and not any(
        _NAMES_SOME.search(c) and not _COUNTED_BARE.search(c) for c in said
    )


# Kinds of things known by a proper name, which a list or a quotation would give.
_PROPER_NAMED = ("项目", "企业", "公司", "学校", "医院", "工程", "课题", "村")
_NAMES_SOME = re.compile("[、和及《“\uff08(]")
# A kind only counted (牵线3家企业与…): a number just before it, no list or names after it.
_COUNTED_BARE = re.compile(
    rf"(?:\d+|[{CHINESE_NUMERAL}]+)[{MEASURE_WORDS}](?:{'|'.join(_PROPER_NAMED)})(?![((::“《]|分别|即)"
)


# One of several batches or sessions: 第二批, 第3期 (第一书记 and 第一人民法院 are names).
_ORDINAL_PART = re.compile(r"第[一二三四五六七八九十\d]+(?:批|期|轮|届|阶段)")


def _breaks_down(question: Question, metric: Metric, paragraph: str) -> bool:
    """Tell whether a figure comes broken down as asked: the paragraph names the breakdown,
    and where each part is asked for (分别), the figure's clause writes several numbers.
    在各镇区…设立委员联系点49个 names the towns but gives one number for all of them."""
    if question.asks.breakdown is None:
        return False
    if question.asks.breakdown in ("各多少", "各是多少", "各几"):
        return _each_listed_given(question, paragraph)
    place_or_time = question.asks.breakdown.lstrip("各每个按")
    over_all = question.asks.breakdown.startswith("各") and place_or_time in ("镇", "区", "镇区")
    if over_all and _ASKS_TOTAL.search(question.text) and not _ASKS_EACH.search(question.text):
        return True  # 各镇区…一共多少个: the total over them, which is no breakdown
    if question.asks.breakdown not in paragraph:
        return False
    if place_or_time not in ("镇", "区", "镇区", "月", "季度") or not _ASKS_EACH.search(
        question.text
    ):
        return True
    return metric.clause.count(place_or_time) >= 2  # 小榄镇12个、古镇镇8个


def _each_listed_given(question: Question, paragraph: str) -> bool:
    """Tell whether the things a question lists before 各多少 are each given a figure of
    their own: 请示和报告各多少件 (请示20件、报告14件), not 代表建议和委员提案各多少件 of
    建议提案393件."""
    ask = re.search("各[^多少几,,。]{0,3}?(?:多少|几)", question.text)  # 各多少, 各报送了多少
    head = question.text[: ask.start()] if ask else question.text
    items = [i for i in re.split("[和与跟及、同]", head)[-3:] if i]
    if len(items) < 2:
        return False
    text = _report_form(paragraph)
    # Each item by its end (请示, 提案), or by its start (处级和科级干部: 处级, 科级)
    return any(
        _each_counted(heads, text) for heads in ([i[-2:] for i in items], [i[:2] for i in items])
    )


def _each_counted(heads: list[str], text: str) -> bool:
    """Tell whether a text writes a number right after each head, with no other head
    between them (建议提案393件 gives one figure to both 建议 and 提案)."""
    for head in heads:
        between = [
            m.group(1) for m in re.finditer(rf"{re.escape(head)}([^,,。;;]{{0,4}}?)\d", text)
        ]
        if not any(not any(h in b for h in heads if h != head) for b in between):
            return False
    return True


# A rank as the report writes it: 居第9, 排名, 位列.
_RANK_WRITTEN = re.compile(r"第\d|居第|排名|位列|排第|名列")
_ASKS_YES_NO = re.compile(r"有没有|是不是|是否|够不够|到没到|达没达到")
_ASKS_EACH = re.compile("分别|各自|每个|逐个|各[^各,,。多少几]{0,3}?(?:多少|几)")  # 各出了多少
_ASKS_TOTAL = re.compile("一共|总共|合计|总数|加起来|共有")


# A change by a rate (同比增长31.1%): a percentage that is no share of anything.
_CHANGE_BY_RATE = re.compile(
    r"(?:同比|比上年|较上年)?(?:增长|上升|下降|减少|提高|增加)了?\d+(?:\.\d+)?%"
)
_APART = re.compile(r"相差|差距|差额|差(?:多少|几)|多出(?:多少|几)")
_HOW_MUCH_APART = re.compile(r"(?:多|少|高|低|差)了?(?:多少|几)")


def _label_fit(question: Question, entry: Entry) -> float:
    """Return the share of a figure's label the question writes (1.0 for a paragraph)."""
    if entry.metric is None:
        return 1.0
    label = _report_form(entry.metric.label)
    return sum(char in question.text for char in label) / max(len(label), 1)


def _quoted(question: Question, metric: Metric) -> bool:
    """Tell whether the question quotes a figure: 那148宗…, 448人里…."""
    return format_number(metric.value) in question.quoted_numbers


# What counted things are about: 关于城市建设的决定.
# (A subject of two to four characters; a longer one quotes a title in other words:
# 关于加强人大工作的意见 is the report's 关于加强党对人大工作领导的意见.)
_ABOUT = re.compile(rf"关于([{CJK}]{{2,4}})的")
# A number that names a thing (12345热线, 12368诉讼热线): four digits or more, then words.
_NUMBERED_NAME = re.compile(rf"(?<![\d.])(\d{{4,}})([{CJK}]{{2,4}})")


def _compared_body_lacking(question: Question, entry: Entry, metric: Metric) -> Agency | None:
    """Return a body a comparison names (市纪委和市法院谁处分的人多) that has no figure of
    the kind chosen: the report cannot say which is more, whatever the one figure says."""
    if not question.asks.which_more or len(question.agencies) < 2:
        return None
    head = _report_form(metric.label)[-2:]
    for agency in question.agencies:
        if agency is entry.agency:
            continue
        if not any(head in _report_form(m.label) for m in agency.metrics):
            return agency
    return None


def _one_of_a_list(question: Question, metric: Metric) -> str | None:
    """Return what a count asks of one item (高校) of a list that its figure counts as one
    (在各镇区、市媒体、高校设立委员联系点49个): the report never counts that item alone.
    An item is named by a pair of characters no other item has; a rate written of all
    (均达100%) holds of each."""
    if not question.asks.number or metric.unit == "%":
        return None
    clause = _report_form(metric.clause)
    at = clause.find(_report_form(metric.figure()))
    lists = list(_LIST.finditer(clause[:at] if at > 0 else ""))
    if not lists or (lists[-1].start() and clause[lists[-1].start() - 1].isdigit()):
        return None  # 请示20件、报告14件: figures listed one by one, each its own
    items = lists[-1].group(0).split("、")
    if "等" in items[-1]:
        return None  # 学校、机关、企业、团体等: a list left open names examples, not parts
    named: list[str] = []
    # The last item runs on into what is counted (高校设立委员联系点): only its first two
    # characters are its own.
    items[-1] = items[-1][:2]
    for i, item in enumerate(items):
        others = "、".join(items[:i] + items[i + 1 :])
        own = [w for j in range(len(item) - 1) if (w := item[j : j + 2]) not in others]
        said = [w for w in own if w in question.text]
        if said:
            named.append(item if item in question.text else said[0])
    # One item named alone, whole (市媒体) or inside a word of the question: 高校, not 人大|工作
    alone = len(named) == 1 and (
        named[0] in items or any(named[0] in token for token in question.tokens)
    )
    return named[0] if alone else None


# Things listed with 、 before a figure: 各镇区、市媒体、高校设立委员联系点49个.
_LIST = re.compile(rf"(?:[{CJK}“”]{{1,12}}、)+[{CJK}“”]{{1,12}}")


def _counts_in(sentence: str, units: tuple[str, ...]) -> bool:
    """Tell whether a sentence writes a count in a unit asked; 个 asks any count but years."""
    for match in _COUNT_WRITTEN.finditer(_report_form(sentence)):
        unit = match.group(1)
        if any(same_measure(asked, unit) for asked in units) or ("个" in units and unit != "年"):
            return True
    return False


_COUNT_WRITTEN = re.compile(
    rf"(?<![\d.])(?!(?:19|20)\d\d年)(?:\d+(?:\.\d+)?|[{CHINESE_NUMERAL}]+)[多余]?"
    rf"(人次|批次|场次|小时|分钟|个月|万元|亿元|元|%|[{MEASURE_WORDS}天])"
)


def _numbered_name_unmet(question: Question, paragraph: str) -> str | None:
    """Return a thing the question names by a number (12345热线) that the paragraph names
    by another (12368诉讼热线): another line, platform or document, not the one it counts."""
    said = _report_form(paragraph)
    for match in _NUMBERED_NAME.finditer(question.text):
        number, word = match.groups()
        if _YEAR_NUMBER.fullmatch(number) or word[0] in MEASURE_WORDS or number in said:
            continue
        word = next((word[:n] for n in range(len(word), 1, -1) if word[:n] in said), "")
        if word and _NAMED_BY_NUMBER.search(said):
            return number + word
    if question.language != "zh" and _NAMED_BY_NUMBER.search(said):
        # English names the line before its words: "the 12345 government hotline"
        for bare in _BARE_NUMBER.finditer(question.text):
            if not _YEAR_NUMBER.fullmatch(bare.group(1)) and bare.group(1) not in said:
                return bare.group(1)
    return None


_YEAR_NUMBER = re.compile(r"(?:19|20)\d\d")
# What the report names by a number (12368诉讼热线): not a year, a count or a sum.
_NAMED_BY_NUMBER = re.compile(
    rf"(?<![\d.])\d{{4,}}(?![\d.])(?![年月日{MEASURE_WORDS}万亿元%])[{CJK}]"
)
# A number standing alone in an English question read: no unit after it (10000 元 is money).
_BARE_NUMBER = re.compile(rf"(?<![\d.])(\d{{4,}})(?= (?![{MEASURE_WORDS}元万亿%])|$)")


def _states_a_quoted_figure(question: Question, entry: Entry) -> bool:
    return any(_quoted(question, m) for m in entry.paragraph.metrics)


def missing_condition(question: Question, entry: Entry) -> str | None:
    """Return what the question asks that this entry does not give, or None if all holds."""
    metric = entry.metric
    asks = question.asks
    paragraph = entry.paragraph.text
    if question.unknown_asked and question.unknown_asked not in entry.paragraph.text:
        return f"“{question.unknown_asked}”的{'数字' if asks.number else '具体内容'}"
    if asks.number and _sum_of_figures(question, entry):
        return "这几项加起来的合计数"  # 三样加埋几多: the report gives them one by one
    passive = _PASSIVE_ASKED.search(question.text)
    if passive and passive.group(1) not in _report_form(paragraph):
        return f"是否有人被{passive.group(1)}的情况"  # 有没有干部因此被处分: not told
    judges = _whose_opinion(question, entry)
    if judges is not None:
        return f"{judges}的满意度"  # 群众满意率, of 代表、委员满意和基本满意率
    if question.town and question.town not in _report_form(entry.paragraph.text):
        return f"{question.town}的{'数字' if asks.number else '情况'}"  # figures of all towns
    # (of a figure the question quotes, 那15项里面哪几项是关于教育的, a part of it is asked)
    about = _ABOUT.search(question.text) if asks.number and not question.quoted_numbers else None
    if about and about.group(1) not in _report_form(paragraph):
        return f"关于{about.group(1)}的数字"  # 关于城市建设的决定: 决定15项 of every subject
    numbered = _numbered_name_unmet(question, paragraph)
    if numbered is not None:
        return f"“{numbered}”的{'数字' if asks.number else '情况'}"  # 12345热线, not 12368
    contact = _ASKS_CONTACT.search(question.text) and not _NAME_OF.search(question.text)
    if contact and not re.search(r"\d{5,}|www|http", paragraph):
        return "联系方式"  # 联络站的联系电话: the report gives the court's hotline 12368 only
    unnamed = _items_unnamed(question, entry)
    if unnamed is not None:
        people = unit_kind(unnamed.unit) == "people"
        return f"“{unnamed.figure()}”的{'具体名单' if people else '具体明细'}"
    if metric is not None:
        if _negated_action(question, entry) is not None:
            return f"“{metric.label}”以外的数字"  # 冇上网嘅文书: it counts those that were
        beyond = _limit_asked(question)
        if beyond is not None:
            words, limit = beyond
            said = _report_form(_sentence_holding(metric.clause, entry.paragraph.text))
            named = any(words[-n:] in _report_form(metric.label) for n in (2, 3))
            if named or (_RANKS.search(limit) and limit not in said):
                # 科级以下, of 科级干部137人 or of 处级干部57人: those below are never counted
                return f"{limit}的数字"
        if question.period is not None and not period_fits(
            question.period, figure_period(metric, entry.report)
        ):
            return f"{question.period.text or '这个时期'}的数字"
        if asks.comparison and metric.comparison is None and not _is_change(metric):
            return f"“{metric.label}”的同比变化"
        if _asks_a_difference(question) and _changes_by_rate(metric):
            # 比去年多了多少人: a difference in people, where the report gives a rate.
            return f"“{metric.label}”比上年增减的具体数量"
        if asks.rank and metric.rank is None:
            return f"“{metric.label}”的排名"
        scope = _scope_missing(question, metric.clause)
        if (asks.rank or asks.ratio) and scope:
            return f"“{metric.label}”在{scope}的{'排名' if asks.rank else '占比'}"
        if asks.ratio and not asks.comparison and metric.unit not in ("%", "个百分点"):
            return f"“{metric.label}”的占比"
        if asks.rate and not _gives_rate(question, f"{metric.period or ''}{metric.clause}"):
            return f"“{metric.label}”{asks.rate}的数字"
        ordinal = _ORDINAL_PART.search(question.text) if asks.number else None
        if ordinal is not None and ordinal.group(0) not in _report_form(metric.clause):
            return f"{ordinal.group(0)}的数字"  # 两批共43名: the second batch alone is not given
        most = asks.most and not _side_by_side(question, entry)
        if most and not _ranks_first(question, entry.paragraph.text):
            return _not_ranked(question, entry)
        if asks.breakdown and not _breaks_down(question, metric, entry.paragraph.text):
            return f"“{metric.label}”{_breakdown_words(asks.breakdown)}的分项数字"
        apart = (asks.versus and _HOW_MUCH_APART.search(question.text)) or _APART.search(
            question.text
        )
        if apart and "倍" not in question.text and not re.search("相差|差额|多出", metric.clause):
            # 结案比受理少多少: the report gives both figures, never their difference
            return "两个数字之间的差额"
        if asks.versus and not _compares_with(asks.versus, metric.clause):
            return f"“{metric.label}”与{asks.versus}的比较"
        if (
            asks.names
            and "、" not in metric.clause
            and not _WAYS.search(question.text)
            and not _KIND_OF_PEOPLE.search(question.text)
        ):
            return "具体名单"  # 哪几家企业, not 做了哪些工作 (a how question)
        if asks.names and _kind_unnamed(question, metric.clause, entry.paragraph.text):
            return "具体名单"
        unlisted = _unlisted_set(question, entry.paragraph.text)
        if unlisted is not None:
            return _unlisted_words(unlisted, entry.paragraph.text)
        counted = _another_thing_counted(question, metric)
        if counted is not None:
            return f"{counted}的数量"
        kind = _kind_of_count_unmet(question, entry, metric)
        if kind is not None:
            return f"{kind}的数字"  # 法院受理了多少纪检案件: 受理案件 of every kind
        if _people_of_a_count_of_things(question, metric):
            return "人数"  # 多少个学生进了企业, of 牵线3家企业: the figure counts no people
        if _money_of_a_count(question, metric):
            return "相关金额"  # 调结的案件涉及几多钱: 调结案件2269件 counts cases
        money = (
            _money_of_a_quoted_figure(question, entry)
            or _money_of_a_named_figure(question, entry)
            or _money_for_another_thing(question, entry, metric)
            if asks.number
            else None
        )
        if money is not None:
            return money  # 执结的30916件标的额: not 追回欠薪2809.08万元 of another clause
        lacking = _compared_body_lacking(question, entry, metric)
        if lacking is not None:
            return f"{lacking.name}的“{metric.label}”数字"  # 纪委同法院边个处分嘅人多
        listed = _one_of_a_list(question, metric)
        if listed is not None:
            return f"{listed}单独的数字"  # 高校的委员联系点: 49个 counts 镇区、市媒体、高校 as one
        other = _count_beside_a_quoted_figure(question, entry, metric)
        if other is not None:
            return other  # people of the 8期: 19360人次 follows 235期, another figure
        rate = _rate_of_another_figure(question, entry)
        if rate is not None:
            return rate  # 省长留言44条的办结率: its rate is 答复率, 办结率 is of 5154项
        if _headcount_missing(question, paragraph):
            return "人员数量"  # 机关有多少工作人员, of 任免工作人员近400人次 (times, not people)
        if asks.duration and metric.unit not in _DURATION_UNITS:
            return "具体时长"
        if asks.organisation and not _names_organisation(asks.organisation, metric.clause):
            return "具体机构名称"
        if asks.person is not None and not names_a_person(metric.clause, asks.person):
            return _whose_name(asks.person)
        if (asks.text or asks.names) and _lists_only_some(question, metric.clause):
            return "完整名单"
        if (
            asks.when
            and not asks.number
            and not _has_time(f"{metric.period or ''}{metric.clause}", question)
        ):
            return f"“{metric.label}”的具体时间"
        measure = question.asks.measure
        if measure and not same_measure(measure, metric.unit):
            return f"以“{measure}”计的数字"
        if (
            asks.number
            and not (asks.comparison or asks.rank or asks.ratio or asks.text or asks.when)
            and _quoted(question, metric)
            and not _ASKS_YES_NO.search(question.text)  # 有没有70个: checks the figure itself
        ):
            # The question already says this figure ("43名部风监督员,第一批多少名"): it asks
            # for something inside it, which the report does not break down.
            return f"“{metric.figure()}”的细分数字"
        last = question.context.entry_key if question.context else None
        if question.among and asks.number and last == entry.key and not asks.comparison:
            return f"“{metric.figure()}”的细分数字"  # "其中市财政出了多少" after 1.8亿元
        inside = _inside_a_quoted_figure(question, entry)
        if inside is not None and not asks.comparison:
            return inside
        kind = question.part
        whole = next((m for m in _owner_metrics(entry) if _quoted(question, m)), None)
        if kind and not _counts_kind(metric, kind):
            # 立案查处的人里面有多少个是党员: a part the report does not count (查处存在
            # “为官不为”党员干部17人 counts some of them, for one reason)
            return f"“{(whole or metric).figure()}”中{kind}的{_WHAT_OF_A_PART[asks.number]}"
        if (
            kind
            and whole is not None
            and whole is not metric
            and whole is not whole_of(metric, entry.paragraph)  # 14人(其中处级干部5人)
            and not _shares_action(whole, metric)
        ):
            # 448人(立案查处)里面有多少个是党员: 处理党员干部33人 is no part of the 448, while
            # 查处处级干部57人 is
            return f"“{whole.figure()}”中{kind}的{_WHAT_OF_A_PART[asks.number]}"
        if question.among and asks.number and entry.agency is not None:
            # 314人当中处级干部: the 处级干部 this paragraph counts are of another whole,
            # one of the agency's other figures that the question quotes.
            quoted = [m for m in entry.agency.metrics if _quoted(question, m)]
            if quoted and not _states_a_quoted_figure(question, entry):
                return f"“{quoted[0].figure()}”的细分数字"
        part = question.among and not question.follow_up
        whole = whole_of(metric, entry.paragraph) if part else None
        if whole is not None and _report_form(metric.label)[:2] not in question.text:
            # 为官不为的17人里面科级干部: the report gives 处级干部 of it, not this part.
            return f"“{whole.figure()}”的细分数字"
        if asks.person is None and _name_unwritten(question, paragraph):
            return "具体名称"  # 公众号叫什么名字, of a paragraph that quotes no name
        return None
    beyond = _limit_asked(question)
    if beyond is not None and _RANKS.search(beyond[1]) and beyond[1] not in _report_form(paragraph):
        return f"{beyond[1]}的情况"  # 科级以下的呢: the paragraph counts 科级 and 处级 only
    spread = asks.breakdown is not None and asks.breakdown[:1] == "按"  # 按镇区分布是怎样的
    # Of a figure it quotes (19360人次…各镇区分别多少), the split is asked of that figure.
    clauses = [m.clause for m in entry.paragraph.metrics if _quoted(question, m)]
    if (
        asks.breakdown
        and (asks.number or asks.which_more or spread)
        and asks.breakdown not in ("".join(clauses) or entry.paragraph.text)
    ):
        by = _breakdown_words(asks.breakdown)
        return f"{by}的分项数字" if by else "分项数字"
    whole = next((m for m in entry.paragraph.metrics if _quoted(question, m)), None)
    if asks.breakdown and asks.number and whole and not _breaks_down(question, whole, paragraph):
        # 1.8亿元里各镇区各投了几多: 带动各部门各镇区投入1.8亿元 names them, one sum for all
        return f"“{whole.label}”{_breakdown_words(asks.breakdown)}的分项数字"
    inside = _inside_a_quoted_figure(question, entry)
    if inside is not None and (not asks.text or _PER_MEMBER.search(question.text)):
        return inside
    if question.period is not None and question.period.first_year:
        # A paragraph that names no year speaks of its report's year.
        found = _paragraph_years(entry.paragraph.text, entry.report) or {entry.report.year}
        if not any(question.period.first_year <= y <= question.period.last_year for y in found):
            return f"{question.period.text or '这个时期'}的情况"
    if asks.number and not asks.text and not _NUMERAL.search(entry.paragraph.text):
        return "这个数字"
    if asks.number and _headcount_missing(question, paragraph):
        return "人员数量"
    of_kind = question.part
    if of_kind and not any(_counts_kind(m, of_kind) for m in entry.paragraph.metrics):
        # 约谈的干部里面有多少个是女的: the report counts them all, not this part (the
        # figure quoted, `whole` above, is what it is a part of)
        what = _WHAT_OF_A_PART[asks.number]
        return f"“{whole.figure()}”中{of_kind}的{what}" if whole else f"{of_kind}的{what}"
    if asks.number and not asks.text:
        # 多少人大代表, of the paragraph that counts 人大代表联络站: not what is counted.
        for metric in entry.paragraph.metrics:
            if (counted := _another_thing_counted(question, metric)) is not None:
                return f"{counted}的数量"
    if asks.number and question.period is not None and entry.paragraph.metrics:
        report = entry.report
        if not any(
            period_fits(question.period, figure_period(m, report)) for m in entry.paragraph.metrics
        ):
            return f"{question.period.text or '这个时期'}的数字"
    if asks.number and not asks.text and not asks.which_more:
        verb = _negated_verb(question, _report_form(paragraph))
        if verb is not None:
            return f"未{verb}的数字"  # 还有多少项没办结: it gives 办结率 and counts received
        uncounted = _uncounted(question, entry)
        if uncounted is not None:
            return uncounted
        money = _money_of_a_quoted_figure(question, entry) or _money_of_a_named_figure(
            question, entry
        )
        if money is not None:
            return money
    # The sentence about the topic, chosen without favouring sentences that hold a date.
    sentence = key_sentence(entry.paragraph.text, set(question.features), None)
    if asks.number and not asks.text and "元" in asks.units:
        if not _MONEY_WRITTEN.search(_report_form(sentence)):
            return "相关金额"  # 培训的预算: the sentence on training writes no money
        for metric in entry.paragraph.metrics:
            if metric.clause in sentence and (
                other := _money_for_another_thing(question, entry, metric)
            ):
                return other  # 培训投入了多少钱, of a sentence on the 1.8亿元 for 整顿
    if asks.number and not asks.text and asks.units and not _counts_in(sentence, asks.units):
        return "这个数字"  # 政协委员有多少个, of a sentence whose only figure is 坚持了28年
    if asks.breakdown == "分布" and not re.search("分布|集中|主要", sentence):
        return "分布情况"  # 事项主要集中在哪些方面, of a sentence that only counts them
    if (
        asks.rate
        and asks.number
        and asks.measure not in _DURATION_UNITS  # 每天几小时: the hours of a day
        and not _gives_rate(question, sentence)
    ):
        return f"{asks.rate}的数字"  # 研讨班每期多少人, of 8期 in all
    if asks.rank and not _RANK_WRITTEN.search(sentence):
        return "排名"
    if asks.rank:
        # 全省排第几, of a sentence that ranks it in all the country: the rank's own clause
        ranked = [c for c in split_clauses(sentence) if _RANK_WRITTEN.search(c)]
        scope = _scope_missing(question, "".join(ranked))
        if scope:
            return f"在{scope}的排名"
    most = asks.most and not _side_by_side(question, entry)
    if most and not _ranks_first(question, entry.paragraph.text):
        return _not_ranked(question, entry)
    if asks.comparison and not re.search("同比|增长|上升|下降|增加|减少|提高", sentence):
        return "同比变化"
    if asks.number and "%" in asks.units and not re.search(r"\d%", sentence):
        return "这个比率"  # 税率是多少, of a sentence that writes no rate
    # 同比上升153.7% is the growth asked ("by what percentage did it rise"), not a share.
    given = sentence if asks.comparison else _CHANGE_BY_RATE.sub("", sentence)
    if asks.ratio and not re.search("%|(?<![效频])率|比例|占比", given):
        return "占比"
    if asks.versus and not _compares_with(asks.versus, sentence):
        return f"与{asks.versus}的比较"
    places = _ASKS_PLACES.search(question.text)
    if places and places.group(1):
        # 哪几个城市: several places, named beside what is asked about, or listed where
        # something was set up (在各镇区、市媒体、高校设立).
        clause = key_clause(sentence, question.features)
        listed_where = "、" in clause and bool(_PLACE_WORDS.search(clause))
        if len(places_in(clause)) < 2 and not listed_where:
            return "具体名单"
    elif places and not places_in(sentence):
        return "具体地点"  # 哪个地方: one place, in the sentence about it
    if (
        asks.names
        and not re.search("、|和|及|以及", sentence)
        and not _WAYS.search(question.text)
        and not _KIND_OF_PEOPLE.search(question.text)
    ):
        return "具体名单"
    if asks.names and _kind_unnamed(question, sentence, entry.paragraph.text):
        return "具体名单"
    if asks.names and _kind_never_named(question, entry.paragraph.text):
        return "具体名单"
    unlisted = _unlisted_set(question, entry.paragraph.text)
    if unlisted is not None:
        return _unlisted_words(unlisted, entry.paragraph.text)
    if (asks.names or asks.text) and _asks_which_exactly(question, sentence):
        return "具体名单"
    if asks.definition and not _defines(question, sentence, entry.paragraph.text):
        return "这个说法的定义"
    if asks.person is not None and not names_a_person(sentence, asks.person):
        return _whose_name(asks.person)
    if asks.duration and not _span_written(question, sentence, entry.paragraph.text):
        return "具体时长"
    if asks.organisation and not _names_organisation(
        asks.organisation, _sentence_of_the_rest(question, entry.paragraph.text)
    ):
        return "具体机构名称"
    if (asks.text or asks.names) and _lists_only_some(
        question, key_clause(sentence, question.features)
    ):
        return "完整名单"
    if asks.when and not asks.number and not _clause_is_dated(sentence, question):
        return "具体时间"
    if asks.where and not asks.number and _where_a_place_is(question):
        return "这个地方的位置"  # 广宁在哪里: the report names places, it does not locate them
    if asks.where and not asks.number and not asks.organisation and not _has_place(sentence):
        return "具体地点"
    if asks.person is None and _name_unwritten(question, paragraph):
        return "具体名称"  # 公众号叫什么名字, of a paragraph that quotes no name
    return None


# What a 多少/几 question counts: 多少个镇区, 几多人大代表 (人 may begin the noun).
_COUNTED = re.compile(rf"(?:多少|几)([{CJK}]{{2,9}})")
_HOW_MANY = re.compile("多少|几")
_COUNTED_IN_ENGLISH = re.compile(rf"(?:多少|几) ([{CJK}]{{2,4}}) ([{CJK}]{{2,4}})(?= |$)")
_SCOPE_FIRST = re.compile("^(?:全市|全省|全国|我市|本市|中山市?)")
# What is counted, named before the ask: 人大代表总共有多少个?
_COUNTED_BEFORE = re.compile(
    rf"([{CJK}]{{2,9}}?)(?:总共|一共|共|总数)?有?(?:多少|几)个?[??吗呢啊呀]*$"
)
# Labels that count places set up (委员联系点, 人大代表联络站): what precedes the head
# says where or for whom, and is not what is counted.
_FACILITY = re.compile("[站点室所馆厅]$|中心$|基地$")


def _another_thing_counted(question: Question, metric: Metric) -> str | None:
    """Return what the question counts when the figure counts something else it is said
    of: 多少个镇区 of 各镇区…设立委员联系点49个, 多少人大代表 of 人大代表联络站, 几个处级
    干部 of 8期处级干部研讨班 (people, where the figure counts sessions)."""
    if not question.asks.number or question.language == "en":
        return None  # the glossary's words keep no English noun phrase's order
    text = question.text.replace(" ", "")  # a mixed question's spaces
    # the last ask: "in all, 有几多个 deputies" reads 多少…有多少个代表
    asks = [m.start() for m in _HOW_MANY.finditer(text)]
    match = next((m for at in reversed(asks) if (m := _COUNTED.match(text, at))), None)
    match = match or _COUNTED_BEFORE.search(text)
    if match is None:
        return None
    after = _SCOPE_FIRST.sub("", match.group(1))
    if len(after) < 2:
        return None
    head = metric.label[-1]
    facility = _FACILITY.search(metric.label) is not None
    if metric.label[-2:] in after:
        return None  # 几期处级干部研讨班: the thing the figure counts, named whole
    if after[0] != "个" and after[0] in MEASURE_WORDS and same_measure(after[0], metric.unit):
        return None  # 几期处级干部…: counted in the figure's own measure (个 counts anything)
    for asked in (after, after[1:]) if after[0] in MEASURE_WORDS else (after,):
        for size in range(len(asked), 1, -1):
            counted = asked[:size]
            if counted in metric.label:
                if head in counted:
                    return None
                # People asked of a figure that counts no people: 老赖 of 失信惩戒20966名
                # counts them; 处级干部 of 研讨班8期 does not.
                people = _PEOPLE_NOUN.search(counted) and unit_kind(metric.unit) != "people"
                return counted if facility or people else None
    return None


def _kind_of_count_unmet(question: Question, entry: Entry, metric: Metric) -> str | None:
    """Return the kind of thing a count asks for (纪检案件, 行政案件) when the figure counts
    that thing (受理案件) and its sentence never says the kind: the figure counts them all.
    The kind is a noun, or the name of another body the question names (纪检)."""
    if not question.asks.number:
        return None
    if question.language == "en":  # English puts the kind before the thing: 多少 纪检 案件
        match = _COUNTED_IN_ENGLISH.search(question.text)
    else:
        match = _COUNTED.search(question.text.replace(" ", ""))
    if match is None:
        return None
    asked = "".join(match.groups())
    asked = asked[1:] if asked[0] in MEASURE_WORDS else asked
    label = _report_form(metric.label)
    said = label + _report_form(_sentence_holding(metric.clause, entry.paragraph.text))
    others = [a for a in question.agencies if a is not entry.agency]
    for start in range(2, len(asked) - 1):
        head, kind = asked[start:], asked[:start]
        if head in label and is_noun(head) and is_cjk_pair(kind[:2]):
            body = any(kind in name for a in others for name in (a.name, *a.aliases))
            if kind in said or not (body or (is_noun(kind) and _written(kind, entry.report))):
                return None  # 地方法规: a word the report never writes is no kind of its
            return asked
    return None


def _written(word: str, report: Report) -> bool:
    """Tell whether a report writes a word anywhere (its lead or an agency's paragraph)."""
    paragraphs = (*report.lead, *(p for a in report.agencies for p in a.paragraphs))
    return any(word in p.text for p in paragraphs)


_PEOPLE_NOUN = re.compile("(?:干部|人员|代表|委员|党员|书记|法官|干警|群众|工人)$")
_WHICH_EXACTLY = re.compile(r"具体(?:是|有|对接|包括|指)?了?(?:哪|什么)")


def _asks_which_exactly(question: Question, sentence: str) -> bool:
    """Tell whether the question asks exactly which ones (具体对接了哪些项目) of a clause that
    names none: 正在对接项目 lists nothing, however long a list the sentence has elsewhere."""
    if not _WHICH_EXACTLY.search(question.text):
        return False
    clause = key_clause(sentence, question.features)
    return not re.search(r"、|和|及|《|“|[\uff08(]", clause)


# Asking what a named set holds: 哪三个, 具体内容, 逐条列一下, 什么意思, 解释一下.
_ASKS_CONTENT = re.compile(
    r"哪(?:\d+|几|些)|具体内容|具体是什么|具体指|是指|指的是|什么意思|意思是|内容是|包括哪|包括什么|"
    rf"一一|{ASKS_ITEM_BY_ITEM}|分别是|各自|解释|怎么操作|如何操作|怎样操作|"
    r"怎么运作|如何运作|具体流程"
)
# A named set in a question: quoted (“两学一做”), or counted (三个定位, 3个定位).
_SET_TERM = re.compile(
    rf"[“\"「‘']([^”\"」’']{{2,16}})[”\"」’']|((?:\d+|[{CHINESE_NUMERAL}]+)(?:个|大|项)[{CJK}]{{2,8}})"
)


@lru_cache(maxsize=4096)
def _report_form(text: str) -> str:
    """Return a text of the report (a paragraph, a label) in matching form: the report's texts
    are few and checked again and again, and normalising one (OpenCC …) is dear."""
    return matching_form(text)


def _unlisted_set(question: Question, paragraph: str) -> str | None:
    """Return the named set whose members or meaning the question asks (“三个定位”是哪三个)
    when the paragraph names the set but never lists or explains it."""
    asks = question.asks
    if (asks.number and not asks.names) or not _ASKS_CONTENT.search(question.text):
        return None  # 分别是多少 asks figures, not what a set holds
    text = _report_form(paragraph)
    for match in _SET_TERM.finditer(question.text):
        term = match.group(1) or match.group(2)
        # The set is what is asked about when the ask follows it closely (“三个定位”,具体
        # 内容是…); 哪些形式把两个维护作为任务 asks about 形式.
        ask = _ASKS_CONTENT.search(question.text, match.end() if match.group(1) else match.start())
        if ask is None or ask.start() - match.end() > 6:
            continue
        # Unquoted, the set's name may run on into the question (3个定位具体…): the longest
        # beginning of it that the paragraph writes.
        shortest = 2 if match.group(1) else len(term) - len(term.lstrip("0123456789")) + 3
        found = _longest_start(term, text, shortest)
        named = re.split("是|具体|到底|究竟|指|有哪|包括|分别", term)[0]
        core = named.lstrip(f"0123456789{CHINESE_NUMERAL}个大项")
        if found is None and len(named) >= 3 and core[:2] not in text:
            return named  # 七个有之是指哪七个, of a paragraph that never names it
        if (
            found is not None
            and _partly_listed(found, text)
            and not _ASKS_ALL.search(question.text)
        ):
            continue  # 包括哪些, of A、B等“五大工作机制”: the ones it names answer (not 哪五个)
        if found is not None and not _listed_at(found, text):
            # As the report writes it (三个定位), where matching form kept every length.
            at = text.find(found)
            same = len(text) == len(paragraph)
            return paragraph[at : at + len(found)] if same else found
    return None


def _unlisted_words(name: str, paragraph: str) -> str:
    """Say what is missing of a named set: all of it, or the rest where the report names a
    few before 等 (审核机制、预安排机制等“五大工作机制”)."""
    if _partly_listed(_report_form(name), _report_form(paragraph)):
        return f"“{name}”的全部内容(报道只列出其中几项)"
    return f"“{name}”的具体内容"


def _partly_listed(name: str, text: str) -> bool:
    """Tell whether a text names some of a counted set before 等 and its name."""
    for match in re.finditer(re.escape(name), text):
        before = text[_clause_start(text, match.start()) : match.start()]
        if "、" in before and _cut_short(name, before):
            return True
    return False


# Every member of a set asked: 哪五个 (哪5个), 分别是哪几, 全部, 另外几个.
_ASKS_ALL = re.compile(
    r"(?:哪|边)[\d一二两三四五六七八九十]|全部|所有|另外|其余|剩下|分别是|具体系|具体是"
)


def _longest_start(term: str, text: str, shortest: int = 2) -> str | None:
    """Return the longest beginning of a term (at least `shortest` long) that a text writes:
    a name typed unquoted may run on into the question (三大指数是什么意…)."""
    return next((term[:n] for n in range(len(term), shortest - 1, -1) if term[:n] in text), None)


def _defines(question: Question, sentence: str, paragraph: str) -> bool:
    """Tell whether a paragraph defines the term a question asks the meaning of: the term
    with 即, 是指 or a bracket right after it (员工帮助计划(简称EAP)), or after 简称. With
    no term named, the sentence about the topic must define something."""
    text = _report_form(paragraph)
    terms = [m.group(1) or m.group(2) for m in _SET_TERM.finditer(question.text)]
    terms = terms or _shared_runs(question.text, text)
    if not terms:
        asked = _TERM_ASKED.match(question.text)
        if asked and len(asked.group(1)) >= 2 and asked.group(1) not in text:
            return False  # 放管服是指什么: a term the report never writes
        return bool(re.search(r"简称|是指|即|就是|指的是|[((]", sentence))
    for written in terms:
        # Unquoted, a set's name may run on into the question (三大指数是什么意…).
        term = _longest_start(written, text)
        if term is None:
            continue
        if _listed_at(term, text):
            return True  # 党委核心指数、…等“三大指数”: a set is defined by its members
        for match in re.finditer(re.escape(term), text):
            before, after = text[: match.start()], text[match.end() : match.end() + 8]
            if _DEFINED_AFTER.match(after) or re.search(r"简称[“\"]?$", before):
                return True
    return False


# The term a question asks the meaning of, written first: 放管服是指什么.
_TERM_ASKED = re.compile(
    rf"[“\"「]?([{CJK}A-Za-z]+?)[”\"」]?(?:到底|究竟|具体)?(?:是指|是什么|指的是|什么意思)"
)


def _shared_runs(question: str, text: str) -> list[str]:
    """Return the longest runs of three or more characters a question shares with a text,
    the terms it names in the text's words (三会一课, unquoted)."""
    runs: list[str] = []
    at = 0
    while at < len(question) - 2:
        size = 3
        while at + size <= len(question) and question[at : at + size] in text:
            size += 1
        if size > 3:
            runs.append(question[at : at + size - 1])
            at += size - 1
        else:
            at += 1
    return runs


# What follows a term the report defines: (简称EAP), (即…), 是指…, ,即….
_DEFINED_AFTER = re.compile(r"[”\"」]?\s*(?:[((]|,?即|是指|就是|指的是|又称|简称)")


def _clause_start(text: str, end: int) -> int:
    """Return where the clause holding text[end] starts; a comma inside quotation marks
    (“…"根本点"、…"突破点",巩固…”) does not end it."""
    depth = 0
    for at in range(end - 1, -1, -1):
        char = text[at]
        if char == "”":
            depth += 1
        elif char == "“":
            depth = max(depth - 1, 0)
        elif depth == 0 and char in ",,。;;::":
            return at + 1
    return 0


def _listed_at(term: str, text: str) -> bool:
    """Tell whether a text lists what a set holds where it names it: before it in the same
    clause (党委核心指数、支部堡垒指数…“三大指数”) or right after it (“一网一端四平台”(即…、…))."""
    for match in re.finditer(re.escape(term), text):
        before = text[_clause_start(text, match.start()) : match.start()]
        item = re.match(r"[”\"」’']?(?:、|等)", text[match.end() :]) is not None
        if "、" in before and not item and not _cut_short(term, before):
            # 党委核心指数、…、党员先锋指数等…“三大指数”; in 高质量发展、…、打好三大攻坚战、
            # 乡村振兴战略 the set is one item of another list.
            return True
        after = text[match.end() : match.end() + 120]
        if re.match(
            r"[”\"」’']?\s*(?:[\uff08(]\s*即?|[::]|,?即|包括|分别是|就是)[^。;;]*、", after
        ):
            return True
    return False


# 另外三个是什么, 其余几部: the rest of a list, counted; 哪5个: as many as named.
# (其他 alone is no list: 还有其他做法吗 asks for more of the paragraph.)
_REST_OF_A_LIST = re.compile(r"(?:另外|其余|其他|其它|剩下|剩余)的?(?:\d|几|哪)")
_HOW_MANY_NAMES = re.compile(r"(?:哪|边)(\d+)")
# 等 closing a list the report names only in part: 等4部法规, 等“五大工作机制”.
_LIST_CUT_SHORT = re.compile(rf"等(?=[\d“\"《{CHINESE_NUMERAL}])")


def _cut_short(term: str, before: str) -> bool:
    """Tell whether a list before a counted set's name stops short of its count: 审核机制、
    预安排机制等“五大工作机制” names two of five."""
    count = re.match(r"(\d+|[一二两三四五六七八九十])", term.lstrip('“"「'))
    if count is None or "等" not in before.rsplit("、", 1)[-1]:
        return False
    written = count.group(1)
    number = int(written) if written.isdigit() else chinese_to_int(written) or 0
    return before.count("、") + 1 < number


def _lists_only_some(question: Question, clause: str) -> bool:
    """Tell whether the question asks for more of a list than the clause names: the rest of
    it (另外三个是什么), or more items (哪5个) than are named before its 等."""
    cut = _LIST_CUT_SHORT.search(clause)
    if cut is None:
        return False
    if _REST_OF_A_LIST.search(question.text):
        return True
    asked = _HOW_MANY_NAMES.search(question.text)
    return asked is not None and int(asked.group(1)) > clause[: cut.start()].count("、") + 1


# The names an organisation of each kind asked may end in: 市特殊学校, …公司.
_ORGANISATION_ENDS = {
    "公司": "公司|集团|企业",
    "企业": "公司|集团|企业",
    "大学": "大学|学院",
    "学校": "学校|大学|学院|中学|小学",
    "医院": "医院",
    "协会": "协会",
    "银行": "银行",
    "律所": "事务所",
    "律师事务所": "事务所",
}


def _sentence_of_the_rest(question: Question, paragraph: str) -> str:
    """Return the sentence about what a question asks the organisation of, chosen without
    the kind asked: 选调的干部是哪间大学毕业的 is about 选调, not the 深圳大学 of a class."""
    kind = question.asks.organisation or ""
    rest = {f for f in question.features if f not in kind}
    return key_sentence(paragraph, rest, None)


def _span_written(question: Question, sentence: str, paragraph: str) -> bool:
    """Tell whether a span of time is written in the sentence about the question, or in
    another sentence that names what it asks (how many years the forum with the mayor has
    been held: 深化坚持了28年的政协委员与市长协商座谈会制度, where 年 alone chose a sentence
    on the 服务年)."""
    if _LASTS.search(sentence):
        return True
    named = [f for f in question.features if len(f) >= 2 and not f.isascii()]
    return any(
        _LASTS.search(s) and sum(f in s for f in named) >= 2
        for s in split_sentences(paragraph, at_semicolons=True)
    )


def _names_organisation(kind: str, text: str) -> bool:
    """Tell whether a text names an organisation of the kind asked (市特殊学校 for 学校;
    牵线3家企业 names no 企业)."""
    ends = _ORGANISATION_ENDS.get(kind, "公司|大学|学校|学院|医院|机构|协会|银行|事务所")
    return bool(re.search(rf"[{CJK}]{{2,}}(?:{ends})", text))


_DURATION_UNITS = frozenset({"年", "个月", "月", "天", "周", "小时", "分钟"})
# A span of time written in a clause: 连续三年, 28年, 24小时 (一年来 is a period, not a span).
_LASTS = re.compile(
    rf"(?<![\d\-~～至到])[\d{CHINESE_NUMERAL}]+多?(?:年(?!来|以来|底|初)|个月|天|周|小时|分钟)"
)


@lru_cache(maxsize=4096)  # a figure's clause or a paragraph's sentence: the report's own text
def names_a_person(text: str, title: str = "") -> bool:
    """Tell whether a text names a person: a word tagged as a name that starts with one of
    the common surnames (jieba also tags 文明 or 沙龙 as names). A post asked for (市长)
    must stand just before the name: 市委书记陈旭东 names no 市长."""
    import jieba.posseg

    at = 0
    for word, flag in jieba.posseg.cut(text):
        named = flag == "nrfg" or (flag == "nr" and 2 <= len(word) <= 3 and word[0] in _SURNAMES)
        if named and (_post(title) not in _POSTS or text[:at].endswith(title)):
            return True
        at += len(word)
    return False


def _whose_name(title: str) -> str:
    return f"{title}的姓名" if _post(title) in _POSTS else "具体人名"


def _post(title: str) -> str:
    """Return a title without its level: 书记 of 省委书记, but 市长 stays 市长."""
    for level in ("省委", "市委", "区委", "县委", "省", "市", "区", "县", "镇"):
        if title.startswith(level) and title[len(level) :] in _POSTS:
            return title[len(level) :]
    return title


# Posts held by one person, whose holder is named after the post: 市委书记陈旭东.
_POSTS = frozenset("书记 市长 局长 院长 部长 主任 主席 秘书长".split())


# The hundred commonest Chinese surnames.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤"
)


# A number in a text: digits, or a count in Chinese numerals (三名, 两批).
_NUMERAL = re.compile(rf"\d|[{CHINESE_NUMERAL}]+[{NUMERAL_MEASURES}]")


def _scope_missing(question: Question, clause: str) -> str | None:
    """Return a scope the question names (全省) that the figure's clause does not."""
    return next((w for w in sorted(question.scopes) if w not in clause and w != "全市"), None)


def _money_of_a_count(question: Question, metric: Metric) -> bool:
    """Tell whether money is asked of a figure that counts no money, and that the question
    does not quote (执结的30916件涉及多少钱 is read by _money_of_a_quoted_figure)."""
    asks = question.asks
    if not asks.number or "元" not in asks.units or unit_kind(metric.unit) == "money":
        return False
    return not (asks.comparison or asks.ratio or asks.rank or _quoted(question, metric))


def _people_of_a_count_of_things(question: Question, metric: Metric) -> bool:
    """Tell whether a count of people is asked of a figure that counts things, not quoted
    by the question (3家企业 are no students, whatever else the two share)."""
    asks = question.asks
    if not asks.number or asks.ratio or asks.rate or asks.comparison or asks.rank:
        return False
    people = bool(asks.units) and all(unit_kind(u) == "people" for u in asks.units)
    return people and unit_kind(metric.unit) == "count" and not _quoted(question, metric)


# The sum of several things listed: 甲、乙、丙加起来一共多少 (never added up here).
_SUM_ASKED = re.compile("加起来|加埋|合计|合共|总和|一共|总共")
# A total the report writes itself: 两批共43名, 共受理案件总量81878件.
_TOTAL_WRITTEN = re.compile(r"(?:共|合计|总计|总量)\d")


def _sum_of_figures(question: Question, entry: Entry) -> bool:
    """Tell whether the question asks the sum of things the report counts one by one
    (联系点、观察室同工作站合共几多): two or more listed, each the end of another figure's
    label, and no total written. Places listed before one figure (在镇区、市媒体、高校设立
    委员联系点49个) are where it was counted."""
    asked = _SUM_ASKED.search(question.text)
    if asked is None or _TOTAL_WRITTEN.search(_report_form(entry.paragraph.text)):
        return False
    labels = [_report_form(m.label) for m in _owner_metrics(entry)]
    items = re.split("[、和与及跟同]", question.text[: asked.start()])
    found = {
        next((n for n, label in enumerate(labels) if item[-2:] in label), None)
        for item in (re.sub("[^\u4e00-\u9fff]", "", i) for i in items)
        if len(item) >= 2
    }
    return len(found - {None}) >= 2


# Whose satisfaction a question asks: 群众满意率, 税务局嘅企业满意度 (those who judge),
# and the measure of it (满意率, 满意度, 满意吗; not 得到群众认可, a way of praising work).
_JUDGES = re.compile("群众|市民|居民|百姓|企业|纳税人|当事人|律师|网民|职工|干部|代表|委员|办事人")
_OPINION_ASKED = re.compile(
    rf"({_JUDGES.pattern})[^,,。??]{{0,10}}?(?:满意|好评|认可)(?:率|度|吗|不|程度|情况)"
)


def _whose_opinion(question: Question, entry: Entry) -> str | None:
    """Return who judges, when a question asks how satisfied some people are and the report
    says so only of others (代表、委员满意和基本满意率达100% tells nothing of 群众), or the
    figure says nothing of anyone's satisfaction (办结率93.9%, 服务群众59663人次)."""
    asked = _OPINION_ASKED.search(question.text)
    if asked is None:
        return None
    said = entry.metric.clause if entry.metric is not None else entry.paragraph.text
    clauses = "".join(c for c in re.split("[,,。;;]", _report_form(said)) if "满意" in c)
    judges = _JUDGES.findall(question.text[: asked.end()])
    return next((j for j in judges if j not in clauses), None)


# What a part asked is: its count (有几项是讲环保的), else which ones (哪几项是).
_WHAT_OF_A_PART = {True: "数字", False: "明细"}
# Those below, above or besides a kind the report counts: 科级以下, 处级以上.
_BEYOND = re.compile(f"([{CJK}]{{2,4}})(以下|以上|以外|之外)")
_RANKS = re.compile("[处科厅局部]级")  # the levels of officials the report counts by


def _limit_asked(question: Question) -> tuple[str, str] | None:
    """Return what a question asks beyond, and the limit as said: (那科级, 科级以下)."""
    beyond = _BEYOND.search(question.text)
    return (beyond.group(1), f"{beyond.group(1)[-2:]}{beyond.group(2)}") if beyond else None


# Whether something was done to someone: 有没有干部因为违反禁酒令被处分 (俾人 reads 给人).
_PASSIVE_ASKED = re.compile(
    rf"(?:有没有|有无|是否|是不是)[^,,。??]{{0,14}}?(?:被|给人)([{CJK}]{{2}})"
)
# 没有上网, 未结案, 冇公开 (not 有没有…: whether): the figure counts those that were.
_NEGATED = re.compile(rf"(?<![有是])(?:没有?|未|不|冇)(?:被|给|经过?|通过|在)?([{CJK}])([{CJK}]?)")


def _negated_action(question: Question, entry: Entry) -> str | None:
    """Return the action a count asks of what was not done, when the figure counts what
    was: 有几多篇文书冇上网, of 公开上网裁判文书34330篇."""
    metric = entry.metric
    if metric is None or not question.asks.number:
        return None
    label = _report_form(metric.label)
    said = f"{label}{_report_form(_sentence_holding(metric.clause, entry.paragraph.text))}"
    return _negated_verb(question, said, label)


def _negated_verb(question: Question, said: str, label: str = "") -> str | None:
    """Return the verb a question negates (没办结, 冇上网) that a text writes done, or the
    action of a figure's label it negates (未结的案件 of 结案)."""
    for match in _NEGATED.finditer(question.text):
        verb = match.group(1) + match.group(2)
        if len(verb) == 2 and verb in said:
            return verb  # 冇上网 of 公开上网, 没有答复 of 答复率
        if match.group(1) + "案" in label:
            return match.group(1) + "案"  # 未结的案件 of 结案
    return None


_AVERAGE = re.compile("平均水平|平均")


def _compares_with(versus: str, clause: str) -> bool:
    """Tell whether a clause names what the question compares a figure with (全省平均: the
    report's 全省人均)."""
    versus = _AVERAGE.sub("人均", versus)
    chunks = [versus[i : i + 2] for i in range(0, len(versus) - 1, 2)]
    return sum(c in clause for c in chunks) >= 0.8 * len(chunks)


def _is_change(metric: Metric) -> bool:
    """Tell whether a figure is itself a change: 增长40%, 上升37.8%."""
    return metric.unit in ("%", "个百分点", "倍") and bool(
        re.search("增长|上升|下降|增加|减少|提高|倍", metric.clause)
    )


def _inside_a_quoted_figure(question: Question, entry: Entry) -> str | None:
    """Say what is missing when the question asks inside a figure it quotes: "1.8亿元当中
    市财政出了多少", "150多万捐款哪个捐得最多". The report gives such figures only whole."""
    asks = question.asks
    if asks.when and not asks.number:
        return None  # 81878件是哪几个月的: when the figure was counted, not a part of it
    if not (
        (question.among and asks.number)
        or (asks.which_more and asks.listed <= 1)
        or _PER_MEMBER.search(question.text)
    ):
        return None
    quoted = next(
        (m for m in entry.paragraph.metrics if _quoted(question, m)),
        None,
    )
    if quoted is None:
        return None
    if entry.metric is not None and quoted in _wholes_of(entry.metric, entry.paragraph):
        return None  # 17人当中处级干部: the report gives this part of it
    if entry.metric is not None and entry.metric.unit == "%":
        head = _report_form(quoted.label)[-4:]
        if head in _report_form(entry.metric.label):
            return None  # 5154项市长信箱事项里办结率: the rate of that very figure
    return f"“{quoted.figure()}”的细分数字"


# What each of a counted group did or was: 15名干部各自受了什么处分, 8期研讨班每期几多人,
# 37批里有哪几所学校. Asked of a figure the question quotes, the report gives it whole.
_PER_MEMBER = re.compile(
    rf"各自|每[个期批项件宗次场]|分别(?:是|向|在|来自|受)|哪几[所家个位名批]|{ASKS_ITEM_BY_ITEM}"
    r"|都[^,,。??]{0,3}(?:什么事|哪些事|啥事)"  # 15名干部都犯了什么事
)


# Which things a quoted figure counts: 148宗申请涉及哪些部门, 15项决定都是关于什么的,
# 43名监督员都是谁.
# Ways of working (哪些措施) ask how, which a paragraph answers without naming the items.
_ASKS_ITEMS_OF = re.compile(
    r"(\d+(?:\.\d+)?)[^,,。??;;]{0,12}?"
    # 148宗,分别是向哪些部门; 那57人,能发份名单吗
    r"(?:[,,](?:具体|都|分别|这些|那些|它们|他们|[^,,。??;;]{0,8}?(?=名单))[^,,。??;;]{0,8}?)?"
    # members asked (哪些项目, 都是谁, 名单, 关于什么), not who did it (是谁投入的) nor what
    # kind it is (是什么事项), which the figure's own clause says
    r"(?:哪些|哪几|分别(?:是|叫|向)|(?:都|分别)?是谁(?:来的)?(?=[??,,]|$)|有谁|名单|关于什么"
    r"|叫什么名|具体(?:是|有|指)?(?:什么|啥)|什么内容|内容是什么|(?:写|讲|说)了?些?什么"
    r"|(?:担任|任|是|属于)?(?:什么|哪个|何种?)(?:职务|职位|职级|级别|岗位))"  # the posts held
)
# English asks first: "what were the 15 decisions about" reads 什么 15 决定.
_NUMBER_OR_NUMERAL = re.compile(r"(?:什么|哪些) ?(?:名字 )?|名字 |\d+(?:\.\d+)?")
# "what are the 43 …", "the names of the 19 …" (名字 19 第一书记): the items of a count
_WHAT_FIRST = re.compile(
    r"(?:(?:什么|哪些) ?(?:名字 )?|名字 )(\d+(?:\.\d+)?|[二两三四五六七八九十])(?= )"
)
_WAYS = re.compile("措施|办法|做法|举措|经验|方式|手段|途径|方法|工作|事情|哪些事(?!项)")
# What a figure's label writes when it names the things counted: 在各镇区、市媒体、高校设立,
# 制定《…》等4部法规.
_NAMES_ITEMS = re.compile("[、《“]|等$|和|及")


def _items_unnamed(question: Question, entry: Entry) -> Metric | None:
    """Return the quoted figure whose items the question asks for (150多万捐款用在哪些项目)
    when the report only counts them: its label names none of them."""
    asks = question.asks
    english = question.language == "en"  # "the three companies": a numeral, no digits
    if asks.number or asks.when or not (question.quoted_numbers or english):
        return None  # 哪几个月: when it was counted, not what it counts
    paragraph = entry.paragraph
    asked = _figure_asked_about(question, paragraph)
    if asked is None or _WAYS.search(question.text, asked[0]):
        return None
    quoted = asked[1]
    if quoted is None or (_NAMES_ITEMS.search(quoted.label) and _lists_what_it_counts(quoted)):
        return None
    after = _after_the_figure(quoted)
    if "、" in after and not re.search(r"\d", after):
        return None  # …N个,分别是甲、乙、丙: named after it (、省长留言44条 lists figures)
    # 处分14人,其中处级干部5人、科级干部6人 (or 448人。其中,处级干部57人…): its parts say
    # what it was made of.
    parted = any(quoted in _wholes_of(m, paragraph) for m in paragraph.metrics)
    return None if parted else quoted


def _counts_kind(metric: Metric, kind: str) -> bool:
    """Tell whether a figure counts the kind asked and nothing narrower: 查处处级干部 counts
    处级(干部), 处理党员干部 counts 党员(干部); 查处存在“为官不为”党员干部 counts some of them."""
    label = _report_form(metric.label)
    if label.endswith(f"{kind}率"):
        return True  # 事项里面办结的占多少: 办结率 is that share
    found = re.search(rf"{re.escape(kind)}(?:干部|人员|人|案件|案)?$", label)
    # 向市委报送请示 ends with 请示 itself; 查处存在“为官不为”党员干部 is some 党员 only
    return found is not None and (found.start() <= 4 or found.group(0) == kind)


def _shares_action(whole: Metric, part: Metric) -> bool:
    """Tell whether a part's label shares a pair of characters with its whole's (立案查处,
    查处处级干部): the same thing counted, narrowed."""
    label = _report_form(part.label)
    return any(pair in label for pair in re.findall("(?=(..))", _report_form(whole.label)))


def _owner_metrics(entry: Entry) -> tuple[Metric, ...]:
    """Return the figures of an entry's agency (or of its paragraph, for the report's lead)."""
    return entry.agency.metrics if entry.agency is not None else entry.paragraph.metrics


def _figure_asked_about(question: Question, paragraph: Paragraph) -> tuple[int, Metric] | None:
    """Return where the number ends, and the figure, of the first number of the paragraph
    that an ask for its items follows: in 1-9月查处的57名…都有谁 the 57 (no figure is 9),
    in 169批次934人都是哪些单位 the 169."""
    text = question.text
    pattern = _WHAT_FIRST if question.language == "en" else _ASKS_ITEMS_OF
    for start in _NUMBER_OR_NUMERAL.finditer(text):
        match = pattern.match(text, start.start())
        if match is None:
            continue
        written = match.group(1)
        number = written if written[0].isdigit() else str(chinese_to_int(written))
        for metric in paragraph.metrics:
            if format_number(metric.value) == number:
                return match.end(1), metric
    return None


def _after_the_figure(metric: Metric) -> str:
    """Return what a figure's clause writes after its number: 项可量化指标 of 40多项…."""
    number = format_number(metric.value)
    at = metric.clause.find(number)
    return metric.clause[at + len(number) :] if at >= 0 else ""


def _lists_what_it_counts(metric: Metric) -> bool:
    """Tell whether the list in a figure's label names what the figure counts: 党委核心指数、
    支部堡垒指数…等涵盖40多项可量化指标 lists 指数, not the 指标 counted."""
    label = metric.label
    if "等" not in label or re.search("[《“]", label):
        return True  # 在各镇区、市媒体、高校设立…49个: where, or titles of what is counted
    if unit_kind(metric.unit) == "people" or metric.unit in ("批次", "批"):
        return True  # 全国四级法院及检察院、政法委等169批次934人: whom it counts
    listed = label.split("等")[0].split("、")[-1]
    counted = re.match(rf"[^{CJK}]*([{CJK}]+)", _after_the_figure(metric))
    if counted is None or not listed:
        return True
    noun = counted.group(1).split("的")[0]
    return noun[-1:] == listed[-1:]


# How the report says which is first: 全国收结最多, 居首.
_MOST_WRITTEN = re.compile("最(?:多|少|高|低|大|小)|第一|居首|首位|之最|榜首")


def _ranks_first(question: Question, paragraph: str) -> bool:
    """Tell whether a clause of the paragraph says which is first of what the question asks
    about: 全国收结最多 answers 收结案件是不是全国最多, not 哪类民生案件最多."""
    bodies = "".join(a.name for a in question.agencies)
    for clause in split_clauses(_report_form(paragraph)):
        most = _MOST_WRITTEN.search(clause)
        if most is None:
            continue
        rest = clause.replace(most.group(0), " ")
        shared = _pairs(rest) - _pairs(bodies)
        if any(pair in question.text for pair in shared):
            return True
    return False


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _side_by_side(question: Question, entry: Entry) -> bool:
    """Tell whether the question picks the first of figures the report gives side by side
    (哪项办结率最低: 93.9%、92.5%), or of the agencies' own (哪个单位结案最多)."""
    if not re.search("[多少高低大小]", question.asks.most or ""):
        return False  # 最早, 最受欢迎: no figure says it
    if re.search("哪个单位|哪个部门|哪家单位|边个单位", question.text):
        return True
    if entry.metric is None or not re.search("哪[项个一]|边[项个]", question.text):
        return False  # 哪类案最多 asks a kind the figures are not split by
    sentence = _sentence_of(entry)
    words = {w for w in question.features if len(w) > 1}
    labels = [_report_form(m.label) for m in entry.paragraph.metrics if m.clause in sentence]
    # 受理市长信箱事项办结率 and 群众来信办结率: the same measure twice, as their heads
    return any(sum(label.endswith(w) for label in labels) >= 2 for w in words)


def _not_ranked(question: Question, entry: Entry) -> str:
    """Say what a question asks of the first of many (哪类最多) the report never ranks: of
    a figure it quotes (150多万元捐款里哪个单位捐得最多), that the figure is given whole."""
    inside = _inside_a_quoted_figure(question, entry)
    if inside is not None:
        return inside
    most = question.asks.most
    return f"{most}的那一项的数字" if question.asks.number else f"{most}的是哪一个"


# A figure per day, per person or per session, as a clause writes one.
_PER = "平均|人均|每|日均|月均|年均"
# A figure per day or per month, as a clause writes one.
_PER_TIME_GIVEN = re.compile("日均|每天|每日|月均|每月|每周")


def _gives_rate(question: Question, text: str) -> bool:
    """Tell whether a text gives the rate asked: per day only per day (法官人均结案 is per
    judge, in the year), per year also as a year's figure (一年来为103对夫妻修复感情)."""
    if question.asks.per_time:
        return bool(_PER_TIME_GIVEN.search(text))
    if "年" in (question.asks.rate or "") and re.search("一年来|全年|年度", text):
        return True
    return bool(re.search(_PER, text))


_ASKS_CONTACT = re.compile("电话|联系方式|手机号|号码|邮箱|网址|链接|二维码|微信号")


def _asks_a_difference(question: Question) -> bool:
    """Tell whether a comparison asks for a count (多了多少人), not a rate (增长多少)."""
    return question.asks.comparison and bool(_DIFFERENCE.search(question.text))


_DIFFERENCE = re.compile(
    rf"(?:多|少|增加|减少|增长|上升|下降)了?(?:多少|几)[{MEASURE_WORDS}](?!百分点)"  # 几个百分点: a rate
)


def _changes_by_rate(metric: Metric) -> bool:
    if metric.comparison is not None:
        return unit_kind(metric.comparison.unit) != "count"
    return metric.unit in ("%", "个百分点", "倍")


def _breakdown_words(breakdown: str) -> str:
    """Say how a figure would be broken down: 女的 → 按性别, 各镇 → 按镇."""
    if re.search("男|女", breakdown):
        return "按性别"
    if breakdown == "分布":
        return "按类别"
    if breakdown.startswith("按"):
        return breakdown
    by = breakdown.lstrip("按各每分").removeprefix("个")  # 各个镇 → 按镇
    # 分别, 各多少, 各自: split, but by nothing the question names
    return "" if by in ("别", "多少", "是多少", "有多少", "几", "自", "占") else f"按{by}"


_FIGURE_YEAR = re.compile(r"((?:19|20)\d{2})年")
# Which places: 哪几个城市 asks for several (group 1), 哪个地方 for one.
_ASKS_PLACES = re.compile(
    r"(?:哪|边)(几|些|两|三|[2-9])?[个座]? ?(?:城市|地方|地区|镇区|省份|国家)"
)
# Where something was held, set up or done: a venue, "在…召开/设立", or a village.
_PLACE_WORDS = re.compile(
    r"会场|会议室|礼堂|大厦|酒店|宾馆|广场|会堂|中心召开|"
    r"在[^,,。;;]{1,12}(召开|举行|设立|设置|建立|设)"
)


def figure_period(metric: Metric, report: Report) -> Period:
    """Return the period a figure covers, read from its `period` against the report's year."""
    return _period_of(metric.period or "", report.year)


@lru_cache(maxsize=4096)
def _period_of(text: str, year: int) -> Period:
    if not text or text in ("一年来", "一年多来"):
        return Period(year, year, text=text or "今年")
    found = read_period(text, year)
    if found is None:
        return Period(year, year, text=text)
    if "以来" in text and not re.search(r"(?:19|20)\d{2}", text):
        return Period(year, year, found.months, text=text)  # 今年以来: this year so far
    return found


def period_fits(asked: Period, given: Period) -> bool:
    """Tell whether a figure's period is the period asked (a running total is not a year)."""
    if asked.since or given.since:
        return asked.since == given.since and asked.first_year == given.first_year
    if (asked.first_year, asked.last_year) != (given.first_year, given.last_year):
        return False
    if asked.months is None or asked.months == given.months:
        return True
    return asked.months == (1, 12) and given.months is None


def _paragraph_years(text: str, report: Report) -> set[int]:
    years = {int(y) for y in _FIGURE_YEAR.findall(text)}
    if "今年" in text:
        years.add(report.year)
    return years


def _has_time(text: str, question: Question) -> bool:
    if _ASKS_DAY.search(question.text) and not re.search(r"\d+月|\d+日|月[初底中]", text):
        return False  # 2017年几月份开始推广: 2017年起 gives the year only
    # A span's start (2015年以来) says when something began, if the text says the thing
    # that began: 开始施行 is not dated by 2015年以来先后制定.
    began = _BEGAN.search(question.text)
    since = began is not None and (not began.group(1) or began.group(1)[-2:] in text)
    return says_when(text, since=since)


# When to the month or the day: 几月份, 哪一天, 几号.
_ASKS_DAY = re.compile("几月|哪个月|几号|哪天|哪[一1]天|什么日子|具体日期")
# What began: the verb (with an adverb before it: 陆续制定) up to 的, 了 or the end.
_BEGAN = re.compile(rf"(?:开始|始于|起|以来)(?:([{CJK}]{{2,4}}?)(?=[的了吗呢??,,。]|$))?")


def _clause_is_dated(sentence: str, question: Question) -> bool:
    """Tell whether the sentence dates the clause the question is about. A date governs
    the clauses after it until the next one, so the last date up to that clause counts:
    "2015年以来先后制定…条例" gives a span, not the year the law was passed."""
    # The words that ask when (开始) name no clause: 三大指数是哪一年开始的 is about 三大指数.
    topic = {f: w for f, w in question.features.items() if f not in _WHEN_WORDS}
    clause = key_clause(sentence, topic or question.features)
    head = sentence[: sentence.find(clause) + len(clause)] if clause in sentence else sentence
    dates = list(DATE.finditer(head))
    return bool(dates) and _has_time(head[dates[-1].start() :], question)


_WHEN_WORDS = frozenset({"开始", "开", "始", "起", "启动", "时候", "时间", "哪年", "年"})


def _has_place(text: str) -> bool:
    """Tell whether a text says where: a venue, 在…设立, or a named village (广宁大良村; the
    city a report is about is no answer to where)."""
    return bool(_PLACE_WORDS.search(text)) or any(p.endswith("村") for p in places_in(text))


def _where_a_place_is(question: Question) -> bool:
    """Tell whether a question asks where a place itself is (广宁大良村在哪里)."""
    match = re.search(
        rf"([{CJK}]{{2,8}}?)(?:是)?(?:在哪|位于|(?:是|属于?)哪个?[省市县区]|离[^,,。]{{1,6}}(?:多远|几远))",
        question.text,
    )
    if match is None:
        return False
    subject = match.group(1)
    names = place_names()
    return bool(places_in(subject)) or any(subject[-n:] in names for n in (2, 3, 4))


def _lead_count_asked(index: Index, question: Question) -> Entry | None:
    """Return the count of units in the report's lead that a question about its units asks
    for by what it says of them (媒体采访的2个单位); the words just before a count say what
    it counts. A count said again (这6个单位) is no other count; the total (一共几个) is
    the list of all of them, and what is left after some (除了媒体采访的) is never written."""
    asks, text = question.asks, question.text
    if question.report_topic != "agencies" or not asks.number or asks.names or "除" in text:
        return None
    if _TOTAL_ASKED.search(text):
        return None  # 一共几个: all eight, as the list of them says

    def shared(words: str) -> int:
        pairs = (words[i : i + 2] for i in range(len(words) - 1))
        return sum(p in text for p in pairs if is_cjk_pair(p) and _UNIT_WORDS.isdisjoint(p))

    report = pick_report(index, question)
    best, best_fit = None, 0
    for entry in index.entries:
        metric = entry.metric
        if entry.agency is not None or metric is None or entry.report is not report:
            continue
        at = metric.clause.find(metric.figure())
        before = metric.clause[max(0, at - 7) : max(0, at)]
        if before.endswith(("这", "那")):
            continue  # 这6个单位: the six again
        fit = 2 * shared(before) + shared(metric.label)
        if shared(before) and fit > best_fit:
            best, best_fit = entry, fit
    return best


# Words of every count of units: they say nothing of which units are counted.
_UNIT_WORDS = frozenset("个单位等共这")
_TOTAL_ASKED = re.compile("一共|总共|合共|共有|总数|加起来|加埋|合计|总计")


def _report_detail_missing(index: Index, question: Question) -> str | None:
    """Return the detail of the report itself that a question asks and the report lacks."""
    if question.asks.where:
        return "具体地点"
    if re.search(
        "主持|谁主持|多长时间|多久|几个小时|多少人参加|参会人数|出席|讲话|致辞", question.text
    ):
        return "这个细节"
    text = question.text
    taking_part = _TAKING_PART.search(text) and _CAMPAIGN.search(text) and not _SPOKE.search(text)
    if question.asks.number and taking_part and "单位" in text:
        return "参加的单位总数"  # 多少个单位参加了创建活动: it presents eight of them
    if question.asks.number and _ALL_AGENCIES.search(text) and not _THE_REPORT_S.search(text):
        return "市直机关单位的总数"  # all the city's agencies: not the eight it presents
    if re.search("单位[^。??]*(?:排第|排名|名次|第几名)", question.text):
        return "这些单位的排名"  # 8个单位边个排第一: the report ranks none of them
    if question.asks.most and not _MOST_WRITTEN.search(
        question.text.replace(question.asks.most, "")
    ):
        return f"{question.asks.most}的是哪一个"  # 8个单位里哪个最受好评: never ranked
    if question.asks.names and "采访" in question.text and "单位" in question.text:
        # 这6个单位加上媒体采访的2个单位共8个单位: the report names the eight and one of
        # the six who spoke (市纪委监委等6个单位), but not which two were interviewed.
        return "具体是哪几个单位"
    asks = question.asks
    if question.report_topic == "speakers" and (asks.names or asks.text) and not asks.number:
        # 市纪委监委等6个单位在会上作了经验交流: one of the six is named.
        report = pick_report(index, question)
        counted = re.search(r"等(\d+)个", _report_form(" ".join(p.text for p in report.lead)))
        if counted and len(report.speakers) < int(counted.group(1)):
            return "全部发言单位的名单"
    return None


_TAKING_PART = re.compile("参加|参与|参评|报名|申报")
_CAMPAIGN = re.compile("创建|活动|评选|模范机关|推进会|会议")
_SPOKE = re.compile("交流|发言|讲话")  # 6个单位在会上作了经验交流: the speakers, counted
# All the city's agencies, not those the report presents (报道介绍了几个单位).
_ALL_AGENCIES = re.compile("市直机关|全市|中山市?(?:一共|总共|共)?有")
_THE_REPORT_S = re.compile("报道|本报|文章|报纸|介绍|经验|做法|采访|交流|发言|总结|呈现")


def pick_report(index: Index, question: Question) -> Report:
    """Return the report a question about a report means: the one routed to, or named, or
    the home place's latest."""
    reports = index.knowledge.reports
    chosen = [r for r in reports if r.id in question.reports]
    if not chosen:
        chosen = [r for r in reports if r.place == index.home_place] or list(reports)
    return max(chosen, key=lambda r: (r.year, r.date))


def _faq_entry(index: Index, question: Question, weights: Weights) -> Entry | None:
    """Return the entry an admin's FAQ phrasing leads to, if the question is one of them."""
    if not index.faq_forms:
        return None
    from rapidfuzz import fuzz, process

    match = process.extractOne(
        question.text, index.faq_forms, scorer=fuzz.ratio, score_cutoff=weights.faq_cutoff
    )
    if match is None:
        return None
    entry = index.entries[index.faq_entries[match[2]]]
    if question.agencies and all(entry.agency is not a for a in question.agencies):
        return None  # the question names another agency than the FAQ's
    if question.reports and entry.report.id not in question.reports:
        return None
    return entry


# Dear patterns searched in most questions or sentences, behind the gate of what their every
# match needs (bot.text.gated): most texts hold none of it, and one scan says so.
_ASKS_ITEMS_OF = gated(_ASKS_ITEMS_OF)
_CHANGE_BY_RATE = gated(_CHANGE_BY_RATE)
_COUNTED_BEFORE = gated(_COUNTED_BEFORE)
