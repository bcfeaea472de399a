"""Reply building: a `Decision` -> a `Reply` value, the same for every channel.

No formatting for any platform here: rendering turns a Reply into text, HTML or JSON.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Literal

from bot.decision import Decision, pick_report
from bot.index import Entry, Index
from bot.knowledge import Agency, Metric, Report
from bot.knowledge.sentences import split_sentences
from bot.question import Question
from bot.retrieval import Candidate, key_sentence
from bot.weights import WEIGHTS

__all__ = [
    "Figure",
    "Reply",
    "ReplyKind",
    "Suggestion",
    "build_reply",
    "describe_agency",
    "entry_reply",
    "example_questions",
    "stale_reply",
]

ReplyKind = Literal[
    "metric", "paragraph", "agency", "report", "partial", "declined", "greeting", "help", "empty"
]


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure used in a reply, as the report gives it."""

    metric_id: str
    label: str
    value: float
    unit: str
    text: str  # 448人, 200多人次, 37.8%
    qualifier: str | None = None
    period: str | None = None  # with the report's year: 2018年1-9月份
    comparison: str | None = None
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Another answer the question may have meant; `id` is an entry key or an agency id."""

    kind: Literal["entry", "agency"]
    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot says to a question, before any formatting for a platform.

    A `partial` reply is not an answer: its first line says what the report does not give,
    and `details` holds what it does give instead, labelled as such, with `figures`.
    """

    answered: bool
    kind: ReplyKind
    answer: str
    paragraph: str | None = None
    agency_id: str | None = None
    agency: str | None = None
    report_id: str | None = None
    report: str | None = None
    source: str | None = None
    figures: tuple[Figure, ...] = ()
    score: int = 0
    suggestions: tuple[Suggestion, ...] = ()
    hint: str | None = None
    entry_key: str | None = None
    details: tuple[str, ...] = ()
    topic_key: str | None = None  # what a declined question asked about: a follow-up's context


# The lead of a partial reply's second line: what follows is not the answer asked for.
GIVEN_INSTEAD = "报道给出的是:"


def build_reply(index: Index, decision: Decision) -> Reply:
    """Turn a decision into the reply a user reads (an English question gets an English lead)."""
    reply = _build_reply(index, decision)
    if decision.question.language != "en":
        return reply
    return _in_english(index, decision.question, reply)


# Leads of replies to English questions; the report's own wording stays Chinese.
FROM_THE_REPORT = "From the report (in Chinese): "
NOT_IN_THE_REPORT = "The report does not give this (in Chinese): "
ENGLISH_TASK_DECLINE = (
    "I can only answer what this report says (its figures, what the agencies did, and its "
    "paragraphs); I cannot write, translate, predict or judge."
)


def _in_english(index: Index, question: Question, reply: Reply) -> Reply:
    """Lead a reply to an English question in English, or decline it in English."""
    if reply.answered:
        return replace(reply, answer=FROM_THE_REPORT + reply.answer)
    if reply.kind == "partial":
        return replace(reply, answer=NOT_IN_THE_REPORT + reply.answer)
    if question.request == "task":
        return replace(reply, answer=ENGLISH_TASK_DECLINE)
    unread = ", ".join(question.english_unknown[:5])
    because = f" (I could not read: {unread})" if unread else ""
    example = next(iter(example_questions(index)), "法院今年结案多少件")
    return replace(
        reply,
        answer=f"Sorry, I could not find that in the report{because}. "
        f"I read English through a small glossary; please try asking in Chinese, "
        f"for example 「{example}」.",
        hint="Send /agencies to see the agencies the report covers.",
    )


def _build_reply(index: Index, decision: Decision) -> Reply:
    question = decision.question
    verdict = decision.verdict
    if verdict == "request":
        return _request_reply(index, question)
    if verdict == "task":
        return _decline(
            index,
            "我只能回答这篇报道里有的内容(数字、做法和原文段落),不能代写材料、翻译、预测或评价。",
        )
    if verdict == "foreign":
        declined = _foreign_reply(index, question, decision.missing or "")
        topic = decision.entry.key if decision.entry is not None else None
        return replace(declined, topic_key=topic)
    if verdict == "report":
        return _report_reply(index, question, decision.missing)
    if verdict == "agency":
        return describe_agency(index, question.agencies[0])
    if verdict == "choose":
        if decision.choices:
            return _choose_agency(decision.choices, "报道里有几个单位都有这样的数字,想问哪一个?")
        return _choose_agency(question.agencies, "您提到了几个单位,想问哪一个?")
    if verdict == "decline":
        return _declined(index, decision)
    entry = decision.entry
    assert entry is not None
    score = round(decision.score * 100)
    if verdict == "partial":
        return _partial_reply(entry, decision.missing or "这个数字", score, decision.question)
    suggestions = _elsewhere(index, question, entry) + _suggestions(
        decision.ranked, entry, question
    )
    if entry.metric is not None:
        reply = entry_reply(entry, score, suggestions[:3])
        both = question.asks.which_more or len(question.agencies) > 1 or _asks_each(question)
        others = _compared_with(decision, entry, entry.metric) if both else []
        if others:
            # "哪个多": every figure named, as the report gives them, in the first line; the
            # reader compares.
            shown = _side_by_side([(entry, entry.metric), *others])
            figures = tuple(_figure(metric, e.report) for e, metric in shown)
            return replace(reply, answer=_figures_line(shown), figures=figures)
        return reply
    return _paragraph_reply(entry, set(question.features), score, suggestions, question)


def _elsewhere(index: Index, question: Question, entry: Entry) -> tuple[Suggestion, ...]:
    """Offer the same figure of the other places' reports, when the question named no place.

    Several places are known and the home place answered; the others are a tap away.
    """
    metric, agency = entry.metric, entry.agency
    if metric is None or agency is None or any(f in question.text for f, _ in index.places):
        return ()
    offers = []
    for report in index.knowledge.reports:
        if report.place == entry.report.place:
            continue
        other = next((a for a in report.agencies if a.name == agency.name), None)
        same = next((m for m in other.metrics if m.label == metric.label), None) if other else None
        if same is not None:
            offers.append(Suggestion("entry", same.id, f"{report.place} · {same.label}"))
    return tuple(offers[:2])


def _asks_each(question: Question) -> bool:
    """Tell whether a question asks a figure of each thing it lists: 受理和结案各多少件."""
    each = question.asks.breakdown in ("各多少", "各是多少", "各几", "分别")
    return each and re.search("[和与跟及、]|同(?!比|期)", question.text) is not None


def _side_by_side(figures: list[tuple[Entry, Metric]]) -> list[tuple[Entry, Metric]]:
    """Drop a figure whose clause another's holds whole: it is said there already."""
    clauses = [metric.clause for _, metric in figures]
    return [
        (entry, metric)
        for entry, metric in figures
        if not any(metric.clause in c and metric.clause != c for c in clauses)
    ]


def _figures_line(figures: list[tuple[Entry, Metric]]) -> str:
    """Say figures in one line, naming the owner once for each run of its figures."""
    parts = []
    for i, (entry, metric) in enumerate(figures):
        line = _with_year(_metric_line(metric), entry.report).rstrip(";;。")
        same = i and figures[i - 1][0].agency is entry.agency
        parts.append(line if same else f"{_owner(entry)}:{line}")
    return ";".join(parts)


def _compared_with(decision: Decision, entry: Entry, metric: Metric) -> list[tuple[Entry, Metric]]:
    """Return the other figures a "which is more" question names (of the same owner), or
    the other agency's figure when it names two."""
    best = next((c.score for c in decision.ranked if c.entry is entry), 0.0)
    named = decision.question.agencies
    # As many figures as the question lists things: 立案、结案、给予处分 are three.
    most = WEIGHTS.most_compared - 1
    wanted = 1 if len(named) > 1 else min(max(decision.question.asks.listed - 1, 1), most)
    said = {metric.clause}
    found: list[tuple[Entry, Metric]] = []
    for candidate in decision.ranked:
        other, figure = candidate.entry, candidate.entry.metric
        if other is entry or figure is None or figure.clause in said:
            continue
        if candidate.score < best * WEIGHTS.compared_share:
            continue
        if other.agency is entry.agency if len(named) > 1 else other.agency is not entry.agency:
            continue  # two agencies named: the other one's figure; else the same agency's
        said.add(figure.clause)
        found.append((other, figure))
        if len(found) == wanted:
            break
    return found


def entry_reply(entry: Entry, score: int, suggestions: tuple[Suggestion, ...] = ()) -> Reply:
    """Answer with one entry: a figure's line, or a paragraph's first sentence."""
    if entry.metric is not None:
        line = _metric_line(entry.metric)
        figures = (_figure(entry.metric, entry.report),)
        return _entry_reply(entry, "metric", line, figures, score, suggestions)
    return _paragraph_reply(entry, set(), score, suggestions, None)


def stale_reply(index: Index) -> Reply:
    """Tell that a tapped suggestion is gone after a reload."""
    return _decline(index, "这条内容已不在当前的知识库中(可能刚刚更新过)。")


def describe_agency(index: Index, agency: Agency, *, score: int = 100) -> Reply:
    """Describe an agency: its heading, a summary and its key figures."""
    report = index.report_of(agency.report_id)
    metrics = agency.metrics
    key = _key_metrics(metrics)
    first = agency.paragraphs[0].text if agency.paragraphs else ""
    return Reply(
        answered=True,
        kind="agency",
        answer=agency.heading
        if agency.name in agency.heading
        else f"{agency.name}:{agency.heading}",
        paragraph=_first_sentence(first),
        agency_id=agency.id,
        agency=agency.name,
        report_id=report.id if report else None,
        report=report.title if report else None,
        source=_source(report, agency),
        figures=tuple(_figure(m, report) for m in key),
        score=score,
        suggestions=tuple(
            Suggestion("entry", m.id, f"{m.label} {m.figure()}") for m in metrics if m not in key
        )[:3],
        entry_key=None,
        details=(f"共 {len(agency.paragraphs)} 段,{len(metrics)} 个数字。",),
    )


def example_questions(index: Index) -> list[str]:
    """Return a few questions the knowledge can answer, made from its own figures."""
    return list(index.examples)


def _request_reply(index: Index, question: Question) -> Reply:
    if question.request == "empty":
        return Reply(answered=False, kind="empty", answer="请直接输入您的问题。", hint=_hint(index))
    if question.request == "thanks":
        return Reply(answered=False, kind="greeting", answer="不客气!还有问题随时问我。")
    if question.request == "help":
        return Reply(
            answered=False,
            kind="help",
            answer="直接用中文提问即可,我会先给出报道里的确切数字,再附上原文段落和出处。",
            hint=_hint(index),
        )
    report = index.knowledge.reports[0] if index.knowledge.reports else None
    about = f"{report.newspaper}《{report.title}》" if report else "报道"
    return Reply(
        answered=False,
        kind="greeting",
        answer="您好!我可以回答关于这篇报道的问题,给出原文的数字和段落。",
        hint=f"我知道的报道:{about}。" + _hint(index),
    )


def _declined(index: Index, decision: Decision) -> Reply:
    question = decision.question
    reason = decision.missing or "报道里没有这方面的内容。"
    if reason == "报道里没有这个数字。":
        # "纪委有多少人": the report gives no such total; offer what it does give.
        offers = tuple(
            Suggestion("entry", m.id, f"{a.name} · {m.label}")
            for a in question.agencies[:1]
            for m in _key_metrics(a.metrics)
        )
        return _decline(index, reason, offers)
    suggestions = _suggestions(decision.ranked, None, question)
    if not suggestions and not decision.ranked and question.agencies:
        suggestions = tuple(Suggestion("agency", a.id, a.name) for a in question.agencies[:3])
    return _decline(index, reason, suggestions)


def _partial_reply(entry: Entry, missing: str, score: int, question: Question) -> Reply:
    """Say what the report does not give, then the closest thing it does, labelled so."""
    if entry.metric is not None:
        line = _metric_line(entry.metric)
        figures: tuple[Figure, ...] = (_figure(entry.metric, entry.report),)
    else:
        # The sentence about what was asked, without favouring one that holds a date.
        line = key_sentence(entry.paragraph.text, set(question.features), None)
        figures = ()
    given = f"{GIVEN_INSTEAD}{_owner(entry)}:{_with_year(line, entry.report)}"
    return Reply(
        answered=False,
        kind="partial",
        answer=f"报道没有给出{missing}。",
        paragraph=entry.paragraph.text,
        agency_id=entry.agency.id if entry.agency else None,
        agency=entry.agency.name if entry.agency else None,
        report_id=entry.report.id,
        report=entry.report.title,
        source=_source(entry.report, entry.agency),
        figures=figures,
        score=score,
        entry_key=entry.key,
        details=(given,),
    )


def _foreign_reply(index: Index, question: Question, foreign: str) -> Reply:
    covered = "、".join(a.name for a in _covered_agencies(index, question))
    places = _places(index)
    reason = f"报道没有关于“{foreign}”的内容。报道只介绍了{places}的{covered}。"
    return _decline(index, reason)


def _covered_agencies(index: Index, question: Question) -> list[Agency]:
    reports = [
        r for r in index.knowledge.reports if not question.reports or r.id in question.reports
    ]
    return [a for r in reports[-1:] for a in r.agencies]


def _metric_line(metric: Metric) -> str:
    clause = metric.clause.removeprefix("其中").lstrip(",, ")
    period = metric.period or ""
    return clause if period and period in clause else f"{period}{clause}"


def _paragraph_reply(
    entry: Entry,
    wanted: set[str],
    score: int,
    suggestions: tuple[Suggestion, ...],
    question: Question | None,
) -> Reply:
    sentence = key_sentence(entry.paragraph.text, wanted, question)
    metrics = entry.paragraph.metrics
    figures = tuple(_figure(m, entry.report) for m in metrics if m.clause in sentence)
    return _entry_reply(entry, "paragraph", sentence, figures, score, suggestions)


def _entry_reply(
    entry: Entry,
    kind: ReplyKind,
    line: str,
    figures: tuple[Figure, ...],
    score: int,
    suggestions: tuple[Suggestion, ...],
) -> Reply:
    """Build the reply for one entry: its owner and line first, its paragraph, its source."""
    report = entry.report
    return Reply(
        answered=True,
        kind=kind,
        answer=f"{_owner(entry)}:{_with_year(line, report)}",
        paragraph=entry.paragraph.text,
        agency_id=entry.agency.id if entry.agency else None,
        agency=entry.agency.name if entry.agency else None,
        report_id=report.id,
        report=report.title,
        source=_source(report, entry.agency),
        figures=figures,
        score=score,
        suggestions=suggestions,
        entry_key=entry.key,
    )


def _report_reply(index: Index, question: Question, missing: str | None) -> Reply:
    topic = question.report_topic
    report = pick_report(index, question)
    lead = report.lead[0].text if report.lead else None
    names = "、".join(a.name for a in report.agencies)
    details: tuple[str, ...] = ()
    if topic == "authors":
        answer = f"这篇报道的作者:{'、'.join(report.authors)}({report.byline})"
    elif topic == "speakers" and report.speakers:
        sentence = next(
            (
                s
                for s in split_sentences(lead or "", at_semicolons=True)
                if any(n in s for n in report.speakers)
            ),
            "",
        )
        answer = f"在会上作经验交流的单位:{sentence or '、'.join(report.speakers)}"
        details = (f"报道介绍了{len(report.agencies)}个单位的经验做法:{names}。",)
    elif topic == "agencies":
        answer = f"报道介绍了{len(report.agencies)}个单位的经验做法:{names}。"
        if lead:
            details = (key_sentence(lead, set(question.features), question),)
    elif topic == "meeting" and report.meeting:
        answer = f"会议:{report.meeting}"
        if report.speakers:
            details = (f"在会上作经验交流的单位包括:{'、'.join(report.speakers)}。",)
    elif topic == "title":
        answer = f"报道标题:{report.title}"
    elif topic == "campaign":
        # The title names it: 中山市直机关创建“…”模范机关活动全面展开 …
        named = re.search(r"^[^ ]*?活动", report.title)
        answer = f"报道介绍的活动:{named.group(0) if named else report.title}"
        details = (f"报道标题:{report.title}",)
    else:
        answer = f"这篇报道刊登于{report.newspaper}({report.date}),标题:{report.title}"
    if missing is not None:
        return Reply(
            answered=False,
            kind="partial",
            answer=f"报道没有给出{missing}。",
            paragraph=lead,
            report_id=report.id,
            report=report.title,
            source=_source(report, None),
            score=60,
            details=(f"{GIVEN_INSTEAD}{answer}",),
        )
    return Reply(
        answered=True,
        kind="report",
        answer=answer,
        paragraph=lead,
        report_id=report.id,
        report=report.title,
        source=_source(report, None),
        score=90,
        details=details,
        entry_key=f"{report.id}-lead.p1" if report.lead else None,
    )


def _choose_agency(agencies: tuple[Agency, ...], ask: str) -> Reply:
    return Reply(
        answered=False,
        kind="declined",
        answer=ask,
        suggestions=tuple(Suggestion("agency", a.id, a.name) for a in agencies[:3]),
        hint="也可以直接问,例如“法院今年结案多少件”。",
    )


def _decline(index: Index, reason: str, suggestions: Iterable[Suggestion] = ()) -> Reply:
    return Reply(
        answered=False,
        kind="declined",
        answer=f"抱歉,{reason}",
        # A decline shows no figure: a suggestion that carries a number stays out.
        suggestions=tuple(s for s in suggestions if not re.search(r"\d", s.label)),
        hint=_hint(index),
    )


def _hint(index: Index) -> str:
    return "发送 /agencies 查看报道涉及的单位,或换个问法,例如:" + "、".join(
        f"“{q}”" for q in example_questions(index)[:2]
    )


def _suggestions(
    ranked: tuple[Candidate, ...], best: Entry | None, question: Question
) -> tuple[Suggestion, ...]:
    found: list[Suggestion] = []
    best_score = next((c.score for c in ranked if c.entry is best), None)
    floor = (best_score if best_score is not None else WEIGHTS.answer_threshold) * (
        WEIGHTS.suggestion_ratio
    )
    for s in ranked:
        if len(found) == 3 or s.score < floor:
            break
        if best is not None and s.entry is best:
            continue
        if best is not None and best.metric is not None and s.entry.metric is None:
            continue  # after a figure, offer other figures
        suggestion = _suggest(s.entry)
        if all(x.id != suggestion.id for x in found):
            found.append(suggestion)
    if best is not None and best.metric is not None:
        # Room left: offer the figures that stand next to the answer in its paragraph.
        for metric in _neighbours(best):
            if len(found) == 3:
                break
            if all(x.id != metric.id for x in found):
                found.append(Suggestion("entry", metric.id, f"{_owner(best)} · {metric.label}"))
    return tuple(found)


def _owner(entry: Entry) -> str:
    return entry.agency.name if entry.agency else "报道"


def _neighbours(entry: Entry) -> Iterator[Metric]:
    """Yield the other figures of an entry's paragraph, nearest first (of two as near, the
    one after it): the caller takes the first few."""
    metrics = entry.paragraph.metrics
    at = next((i for i, m in enumerate(metrics) if m is entry.metric), None)
    if at is None:
        yield from metrics
        return
    for distance in range(1, len(metrics)):
        for i in (at + distance, at - distance):
            if 0 <= i < len(metrics):
                yield metrics[i]


def _suggest(entry: Entry) -> Suggestion:
    topic = entry.metric.label if entry.metric is not None else _topic(entry)
    return Suggestion("entry", entry.key, f"{_owner(entry)} · {topic}")


def _topic(entry: Entry) -> str:
    """Name a paragraph by its opening clause, without the agency's name: 着力推进信息化便民."""
    clause = re.split(r"[,,;;。::]", entry.paragraph.text, maxsplit=1)[0]
    if entry.agency is not None:
        for name in sorted((entry.agency.name, *entry.agency.aliases), key=len, reverse=True):
            clause = clause.replace(name, "")
    clause = re.sub(r"^(该|本)(局|院|法院|机关|部|办)", "", clause).strip()
    return clause[:16] + ("…" if len(clause) > 16 else "")


def _figure(metric: Metric, report: Report | None) -> Figure:
    return Figure(
        metric_id=metric.id,
        label=metric.label,
        value=metric.value,
        unit=metric.unit,
        text=metric.figure(),
        qualifier=metric.qualifier,
        period=_with_year(metric.period, report) if metric.period else None,
        comparison=metric.comparison.text() if metric.comparison else None,
        rank=metric.rank,
    )


def _key_metrics(metrics: tuple[Metric, ...]) -> tuple[Metric, ...]:
    """Return an agency's headline figures: those with a comparison or rank first."""
    ranked = sorted(
        metrics, key=lambda m: (m.comparison is None and m.rank is None, metrics.index(m))
    )
    return tuple(ranked[:3])


def _with_year(text: str, report: Report | None) -> str:
    """Write the report's 今年 as its year: 今年1-9月份 → 2018年1-9月份."""
    if report is None or not report.year:
        return text
    return text.replace("今年", f"{report.year}年")


def _source(report: Report | None, agency: Agency | None) -> str | None:
    if report is None:
        return None
    where = f"{agency.name} · " if agency else ""
    return f"{where}{report.newspaper}《{report.title}》({report.date})"


def _places(index: Index) -> str:
    return "、".join(sorted({r.place for r in index.knowledge.reports if r.place})) or "本地"


def _first_sentence(paragraph: str) -> str:
    sentences = split_sentences(paragraph, at_semicolons=True)
    return sentences[0] if sentences else paragraph
