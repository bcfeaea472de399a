"""Answer a question from the knowledge: the figure first, the paragraph behind it, or a plain no."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

from bot.index import PARAGRAPH_WEIGHT, AgencyName, Entry, Index
from bot.knowledge import Agency, Metric, Report, format_number
from bot.text import CJK, STOP_CHARS, STOPWORDS, features, matching_form, pinyin_key, place_names

__all__ = [
    "Context",
    "Conversations",
    "Figure",
    "Reply",
    "Suggestion",
    "answer_question",
    "answer_suggestion",
    "best_guess",
    "describe_agency",
    "example_questions",
    "find_agency",
]

MAX_QUESTION_CHARS = 300

# Thresholds, calibrated on the development questions (reportbot eval): every answerable
# question there scores at least 0.55 with its right entry, while questions about things the
# report does not hold stay below 0.45 once their unknown words are counted. The gap between
# the two is where the line is drawn, a little towards declining: a wrong figure is worse
# than an honest "not in the report".
ANSWER_THRESHOLD = 0.5
# Share of a question's content words that must occur somewhere in the knowledge.
KNOWN_WORDS_THRESHOLD = 0.5
UNNAMED_KNOWN_THRESHOLD = 0.75
# An admin's FAQ phrasing answers a question that is this similar to it (rapidfuzz ratio,
# 0-100): a typo or two in a phrasing of ten characters still leads there.
FAQ_CUTOFF = 85.0
# A suggestion must score at least this share of the best candidate's score.
SUGGESTION_RATIO = 0.6

ReplyKind = Literal[
    "metric", "paragraph", "agency", "report", "declined", "greeting", "help", "empty"
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
    """What the bot says to a question, before any formatting for a platform."""

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


@dataclass(frozen=True, slots=True)
class Context:
    """What a chat was last told about, so that a follow-up can lean on it."""

    agency_id: str | None
    entry_key: str | None
    at: float


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
_PUNCT = re.compile(rf"[^{CJK}a-z0-9%.]+")
_ASKS_NUMBER = re.compile(
    r"多少|几[个名位项件次期家批条篇人对部宗场]?|多大|多高|比例|百分|比率|[^效]率|排名|第几|名次|同比|"
    r"增长|上升|下降|增加|减少|金额|数量|人数|件数|总数|总量|数字|规模"
)
_ASKS_TEXT = re.compile(
    r"怎么|怎样|如何|哪些|什么|哪部|哪项|哪个|哪几|为什么|为何|何时|介绍|做法|措施|经验|内容|举措|"
    r"方式|办法|机制|要求|哪里|哪儿|是指|意思|含义"
)
_FOLLOW_UP = re.compile(
    r"^(那|那么|那个|其中|它|它的|他们|他们的|这个|还有|另外|再问|又|其)|呢[??]?$"
)
# The measure word a question asks for: "多少件", "几名", or the noun that implies one.
_RANK_WORDS = frozenset({"排名", "第几", "排第", "名次", "排位", "位居", "排在", "排行", "排"})
_MEASURE_WORDS = "个名位项件次期家批条篇人对部宗场年起"
_UNIT_ASKED = re.compile(f"(?:多少|几)([{_MEASURE_WORDS}])")
# Nouns that say which kind of unit a question wants, at the start or the end of what
# follows 多少: 多少资金…, 多少起民生案件, 多少法官.
_NOUN_UNITS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("资金|钱|经费|金额|捐款|欠薪|投入|费用", ("万元", "亿元", "元")),
    ("率|比例|百分", ("%", "个百分点")),
    ("案件|案子|官司|案|件|事项|信访", ("件", "宗", "起", "项")),
    ("人次", ("人次", "万人次")),
    ("人|人员|员|官|者|工|警|士|众|师|干部|书记|委员|代表|党员", ("人", "名", "位", "人次")),
)
# Words that set a figure's scope: a figure for the whole province is not the agency's own.
_SCOPES = ("全国", "全省", "全市", "全系统", "全院", "全体")
_ORG_SUFFIX = re.compile(r"(局|厅|委|院|部|办|署|所|中心|公司|银行|医院|学校|大学|支队|大队|法庭)$")
# Words that ask about the report itself rather than an agency's work, by topic.
_REPORT_CUES: dict[str, tuple[str, ...]] = {
    "authors": tuple("谁写 作者 记者 撰稿 署名 执笔 采写 写的 撰写 文图".split()),
    "speakers": tuple("经验交流 发言 交流经验 作交流 介绍经验".split()),
    "agencies": tuple(
        "哪些单位 哪几个单位 几个单位 多少个单位 多少单位 哪些机关 哪几家 哪些部门 采访".split()
    ),
    "meeting": tuple("推进会 会议 开会 召开 哪天开 什么会".split()),
    "source": tuple("报纸 哪家媒体 哪个媒体 刊登 发表 出处 哪天发 登报 哪份报 什么报 刊发".split()),
    "title": tuple("标题 题目".split()),
}
# Asked together with a word for the report, these ask when it was published.
_DATE_CUES = ("哪天", "哪一天", "日期", "什么时候", "何时", "几号", "时间", "哪年", "几月")
_REPORT_WORDS = ("报道", "文章", "这篇", "新闻", "稿子", "报纸", "本文", "原文")


def answer_question(index: Index, question: str, context: Context | None = None) -> Reply:
    """Answer one question from the knowledge, leaning on the chat's context for follow-ups."""
    raw = question[: MAX_QUESTION_CHARS * 4]
    text = matching_form(raw)[:MAX_QUESTION_CHARS]
    bare = _PUNCT.sub("", text)
    if not bare:
        return _empty(index)
    if _GREETING.match(text) or _GREETING.match(bare):
        return _greeting(index)
    if _THANKS.match(text):
        return Reply(answered=False, kind="greeting", answer="不客气!还有问题随时问我。")
    if _HELP.match(text):
        return _help(index)
    return _Question(index, text, _valid(index, context)).answer()


def answer_suggestion(index: Index, suggestion_id: str, *, score: int = 100) -> Reply:
    """Answer a tapped suggestion: an entry key (metric or paragraph) or an agency id."""
    if suggestion_id in index.agencies_by_id:
        return describe_agency(index, index.agencies_by_id[suggestion_id])
    position = index.entries_by_key.get(suggestion_id)
    if position is None:
        return _decline(index, "这条内容已不在当前的知识库中(可能刚刚更新过)。")
    entry = index.entries[position]
    if entry.metric is not None:
        return _metric_reply(index, entry, score, ())
    return _paragraph_reply(index, entry, set(), score, ())


def best_guess(index: Index, question: str) -> Entry | None:
    """Return the entry the bot would have leaned to, even below the answering threshold.

    None for a question about another place or body: no knowledge edit should answer it.
    """
    text = matching_form(question[: MAX_QUESTION_CHARS * 4])[:MAX_QUESTION_CHARS]
    if not _PUNCT.sub("", text):
        return None
    candidate = _Question(index, text, None)
    if candidate._foreign_words():
        return None
    ranked = candidate._ranked()
    if candidate.asks_number:
        # A question for a number leans to the nearest figure, however far below the line.
        ranked = [s for s in ranked if s.entry.metric is not None] or ranked
        return ranked[0].entry if ranked else None
    chosen = candidate._best() or (ranked[0] if ranked else None)
    return chosen.entry if chosen else None


def find_agency(index: Index, text: str) -> Agency | None:
    """Return the agency a text names by id, name, alias, homophone or near-miss, if any."""
    form = matching_form(text[:MAX_QUESTION_CHARS])
    if form.strip() in index.agencies_by_id:
        return index.agencies_by_id[form.strip()]
    agencies, _ = _find_agencies(index, _correct_typos(index, form))
    return agencies[0] if agencies else None


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


class Conversations:
    """Per-chat context for follow-up questions; it expires and never leaks between chats."""

    def __init__(
        self,
        *,
        ttl: float = 600.0,
        max_chats: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._max = max_chats
        self._clock = clock
        self._contexts: OrderedDict[str, Context] = OrderedDict()
        self._lock = threading.Lock()

    def context(self, chat: str) -> Context | None:
        """Return a chat's context, if it has one that has not expired."""
        with self._lock:
            found = self._contexts.get(chat)
            if found is not None and self._clock() - found.at > self._ttl:
                del self._contexts[chat]
                return None
            return found

    def remember(self, chat: str, reply: Reply) -> None:
        """Keep what a reply was about as the chat's context."""
        if not reply.answered or (reply.agency_id is None and reply.entry_key is None):
            return
        with self._lock:
            self._contexts[chat] = Context(reply.agency_id, reply.entry_key, self._clock())
            self._contexts.move_to_end(chat)
            while len(self._contexts) > self._max:
                self._contexts.popitem(last=False)

    def ask(self, index: Index, chat: str, question: str) -> Reply:
        """Answer a question in a chat's conversation and remember what it was about."""
        reply = answer_question(index, question, self.context(chat))
        self.remember(chat, reply)
        return reply


def _valid(index: Index, context: Context | None) -> Context | None:
    """Drop a context that points at knowledge a reload removed."""
    if context is None:
        return None
    if context.agency_id is not None and context.agency_id not in index.agencies_by_id:
        return None
    if context.entry_key is not None and context.entry_key not in index.entries_by_key:
        return replace(context, entry_key=None)
    return context


@dataclass(slots=True)
class _Scored:
    position: int
    entry: Entry
    score: float


class _Question:
    """One question being answered: its parts, its candidates, its reply."""

    def __init__(self, index: Index, text: str, context: Context | None) -> None:
        self.index = index
        self.context = context
        self.text = _correct_typos(index, text)
        self.agencies, rest = _find_agencies(index, self.text)
        self.reports = _reports_named(index, self.text)
        for form, _ in index.places:
            rest = rest.replace(form, " ")  # the place chose the report; it is not a topic
        self.tokens = _split_question_words(
            [t for t in index.tokens(rest) if t.strip() and not _PUNCT.fullmatch(t)]
        )
        self.asks_rank = any(t in _RANK_WORDS for t in self.tokens) or "第几" in self.text
        self.content = [
            c
            for c in (_plain(index, t) for t in self.tokens)
            if c and c not in STOPWORDS and c not in _RANK_WORDS
        ]
        self.asks_number = bool(_ASKS_NUMBER.search(self.text))
        self.asks_text = bool(_ASKS_TEXT.search(self.text))
        self.follow_up = bool(_FOLLOW_UP.search(self.text)) or (
            not self.agencies and len("".join(self.content)) <= 4
        )
        self.units = _units_asked(self.text)
        self.scopes = {w for w in _SCOPES if w in self.text}
        self.content = _without_asked_unit(self.content, self.tokens)
        self.numbers = set(re.findall(r"\d+(?:\.\d+)?", rest))
        self.report_topic = self._report_topic()
        self.features = self._features()
        self.inherited: set[str] = set()
        self._inherit()

    def _features(self) -> dict[str, float]:
        """Weigh the content's features by how telling they are; single characters count less."""
        found: dict[str, float] = {}
        for token in self.content:
            for f in features(token):
                found[f] = self.index.weight_of(f)
        joined = "".join(self.content)
        for i in range(len(joined) - 1):
            pair = joined[i : i + 2]
            if pair not in found and pair in self.index.idf:
                found[pair] = self.index.idf_of(pair)
        for number in self.numbers:
            found[number] = 0.3  # a bare number confirms, it does not decide
        return found

    def _inherit(self) -> None:
        """Let a follow-up carry the last figure's label: "其中科级干部呢" means 查处科级干部.

        The carried words weigh at most half as much as what the question itself says, and
        they count for matching, not for how well a label fits the question.
        """
        last = self._last_entry() if self.follow_up else None
        if last is None or last.metric is None:
            return
        carried = {
            f: self.index.weight_of(f) for f in last.label_features if f not in self.features
        }
        own, extra = sum(self.features.values()), sum(carried.values())
        scale = min(0.4, 0.5 * own / extra) if extra else 0.0
        for f, weight in carried.items():
            self.features[f] = weight * scale
        self.inherited = set(carried)

    def answer(self) -> Reply:
        index = self.index
        foreign = self._foreign_words()
        if foreign:
            return _decline(index, f"报道只涉及{_places(index)}的单位,没有关于“{foreign}”的内容。")
        faq = self._faq_entry()
        if faq is not None:
            return answer_suggestion(index, faq.key, score=95)
        report_topic = self.report_topic
        if report_topic and not self.agencies:
            return _report_reply(index, report_topic, self.text, set(self.features))
        if not self.content:
            if self.asks_number and not self.asks_text:
                # "纪委有多少人": the report gives no such total; offer what it does give.
                offers = tuple(
                    Suggestion("entry", m.id, f"{a.name} · {m.label}")
                    for a in self.agencies[:1]
                    for m in _key_metrics(a.metrics)
                )
                return _decline(index, "报道里没有这个数字。", offers)
            if len(self.agencies) == 1:
                return describe_agency(index, self.agencies[0])
            if self.agencies:
                return _choose_agency(index, self.agencies)
            return _decline(index, "没看懂这个问题,可以说得具体一些吗?")
        known = self._known_share()
        # Naming no agency, a question must be made of the report's own words nearly all
        # through: "明年的计划是什么" shares one word with the report and is not about it.
        needed = KNOWN_WORDS_THRESHOLD if self.agencies else UNNAMED_KNOWN_THRESHOLD
        if known < needed:
            return _decline(index, "报道里没有这方面的内容。", self._suggestions([], None))
        best = self._best()
        if best is None or best.score < ANSWER_THRESHOLD:
            hint = "报道里没有找到能回答这个问题的内容。"
            return _decline(index, hint, self._suggestions(self._ranked(), None))
        confidence = round(min(best.score * known, 1.0) * 100)
        suggestions = self._suggestions(self._ranked(), best)
        if best.entry.metric is not None:
            return _metric_reply(index, best.entry, confidence, suggestions)
        return _paragraph_reply(index, best.entry, set(self.features), confidence, suggestions)

    def _faq_entry(self) -> Entry | None:
        """Return the entry an admin's FAQ phrasing leads to, if the question is one of them."""
        index = self.index
        if not index.faq_forms:
            return None
        from rapidfuzz import fuzz, process

        match = process.extractOne(
            self.text, index.faq_forms, scorer=fuzz.ratio, score_cutoff=FAQ_CUTOFF
        )
        if match is None:
            return None
        entry = index.entries[index.faq_entries[match[2]]]
        if self.agencies and all(entry.agency is not a for a in self.agencies):
            return None  # the question names another agency than the FAQ's
        if self.reports and entry.report.id not in self.reports:
            return None
        return entry

    def _foreign_words(self) -> str | None:
        """Return a place or body the question names that the knowledge does not have.

        A place the report mentions in passing (深圳) is foreign too when it owns the body
        asked about (深圳法院): the report's agencies are all of its own place.
        """
        own = self.index.places
        for token in self.tokens:
            if len(token) < 2 or any(token in o or o in token for o, _ in own):
                continue
            if token in place_names():
                after = self.text[self.text.find(token) + len(token) :]
                if not self.index.knows(token) or self._owns_a_body(after):
                    return token
            elif len(token) >= 3 and _ORG_SUFFIX.search(token) and not self.index.knows(token):
                return token
        return None

    def _owns_a_body(self, after: str) -> bool:
        after = after.lstrip("市省区县的")
        if any(after.startswith(n.text) for n in self.index.names):
            return True
        word = next(iter(self.index.tokens(after[:8])), "")
        return bool(_ORG_SUFFIX.search(word)) and len(word) >= 2

    def _report_topic(self) -> str | None:
        """Return which fact of the report itself the question asks about, if any."""
        for topic, cues in _REPORT_CUES.items():
            if any(cue in self.text for cue in cues):
                return topic
        if any(c in self.text for c in _DATE_CUES) and any(w in self.text for w in _REPORT_WORDS):
            return "source"
        if any(m in self.text for m in self.index.meetings):
            return "meeting"
        return None

    def _known_share(self) -> float:
        """Return the share of the question's words that the knowledge has; numbers abstain."""
        total = known = 0.0
        for token in self.content:
            if re.fullmatch(r"[\d.]+", token):
                continue
            weight = len(token) if len(token) > 1 else 0.5
            total += weight
            if self.index.knows(token):
                known += weight
        return known / total if total else 1.0

    def _scope(self) -> tuple[set[str] | None, bool]:
        """Return the agencies the answer must come from, and whether the context chose them."""
        if self.agencies:
            return {a.id for a in self.agencies}, False
        if self.context and self.context.agency_id and self.follow_up:
            return {self.context.agency_id}, True
        return None, False

    def _ranked(self) -> list[_Scored]:
        if not hasattr(self, "_ranked_cache"):
            scope, from_context = self._scope()
            ranked = self._score(scope)
            if from_context and (not ranked or ranked[0].score < ANSWER_THRESHOLD):
                ranked = self._score(None)  # the follow-up was about something else
            self._ranked_cache = ranked
        return self._ranked_cache

    def _best(self) -> _Scored | None:
        ranked = self._ranked()
        if not ranked:
            return None
        metrics = [s for s in ranked if s.entry.kind == "metric"]
        paragraphs = [s for s in ranked if s.entry.kind == "paragraph"]
        best_metric = metrics[0] if metrics else None
        best_paragraph = paragraphs[0] if paragraphs else None
        if best_metric is None:
            return best_paragraph
        if best_paragraph is None:
            return best_metric
        if self.asks_number and not self.asks_text:
            if self.units and _unit_kind(best_metric.entry.metric.unit) != _unit_kind(  # type: ignore[union-attr]
                self.units[0]
            ):
                return None  # it asks for people (or money) and the report counts something else
            if best_metric.score >= ANSWER_THRESHOLD:
                return best_metric
            return best_paragraph
        if self.asks_text and not self.asks_number:
            return (
                best_paragraph if best_paragraph.score >= best_metric.score - 0.25 else best_metric
            )
        last = self._last_entry() if self.follow_up else None
        if last is not None and last.metric is not None and best_metric.score >= ANSWER_THRESHOLD:
            return best_metric  # browsing figures: "结案呢" after a figure wants a figure
        # Neither "how" nor "how many": a figure whose label fits wins over the paragraph that
        # holds it, since a paragraph matches any of its own words.
        return best_metric if best_metric.score >= best_paragraph.score - 0.15 else best_paragraph

    def _score(self, scope: set[str] | None) -> list[_Scored]:
        index = self.index
        total = sum(self.features.values())
        if total <= 0:
            return []
        # Only the reports the question can be about: those it names, or its agencies' reports.
        reports = self.reports or (
            {index.agencies_by_id[a].report_id for a in scope if a in index.agencies_by_id}
            if scope is not None
            else None
        )
        accumulated = self._match_postings(reports)
        last = self._last_entry()
        report_question = self.report_topic is not None
        # The weight each feature of the question brings to a label it is found in.
        self._label_weights = {
            f: index.weight_of(f) for f in self.features if f not in self.inherited
        }
        scored = []
        for position, matched in accumulated.items():
            entry = index.entries[position]
            if scope is not None and (entry.agency is None or entry.agency.id not in scope):
                continue
            if self.reports and entry.report.id not in self.reports:
                continue
            if scope is None and entry.agency is None and not report_question:
                # The lead speaks of the report as a whole; it answers report questions only.
                matched *= 0.8
            coverage = matched / total
            if entry.metric is not None:
                score = 0.65 * coverage + 0.35 * self._label_coverage(position)
                score += self._unit_fit(entry.metric) + self._number_fit(entry.metric)
                score += self._scope_fit(entry.metric)
                if self.asks_rank:
                    score += 0.2 if entry.metric.rank is not None else -0.1
            else:
                score = coverage
            if last is not None:
                score += _closeness(last, entry, among=self.text.startswith("其中"))
            scored.append(_Scored(position, entry, score))
        scored.sort(key=lambda s: (-s.score, s.position))
        return scored

    def _match_postings(self, reports: set[str] | None) -> dict[int, float]:
        """Weigh every entry of the given reports (or all) by the question's features."""
        index = self.index
        accumulated: dict[int, float] = {}
        for report_id, (offset, postings) in index.postings.items():
            if reports is not None and report_id not in reports:
                continue
            for f, weight in self.features.items():
                hits = postings.hits(f)
                if hits is None:
                    continue
                for local, field_weight in hits:
                    position = offset + local
                    accumulated[position] = accumulated.get(position, 0.0) + weight * field_weight
        for position, matched in list(accumulated.items()):
            for metric_position in index.paragraph_metrics.get(position, ()):
                accumulated[metric_position] = (
                    accumulated.get(metric_position, 0.0) + PARAGRAPH_WEIGHT * matched
                )
        return accumulated

    def _label_coverage(self, position: int) -> float:
        """Return the share of a figure's label (by weight) that the question has."""
        total = self.index.label_totals[position]
        if not total:
            return 0.0
        label = self.index.entries[position].label_features
        return sum(w for f, w in self._label_weights.items() if f in label) / total

    def _unit_fit(self, metric: Metric) -> float:
        if not self.units:
            return 0.0
        if metric.unit in self.units:
            return 0.12
        return -0.05 if _unit_kind(metric.unit) == _unit_kind(self.units[0]) else -0.2

    def _scope_fit(self, metric: Metric) -> float:
        """Penalise a figure of another scope: the question says 全省, the figure is the court's."""
        if not self.scopes and "全" not in metric.label:
            return 0.0
        labelled = {w for w in _SCOPES if w in metric.label}
        stated = labelled | {w for w in self.scopes if w in metric.clause}
        return -0.15 * len(self.scopes - stated) - 0.05 * len(labelled - self.scopes)

    def _number_fit(self, metric: Metric) -> float:
        if not self.numbers:
            return 0.0
        return 0.05 if format_number(metric.value) in self.numbers else 0.0

    def _last_entry(self) -> Entry | None:
        if self.context is None or self.context.entry_key is None or self.agencies:
            return None
        position = self.index.entries_by_key.get(self.context.entry_key)
        return self.index.entries[position] if position is not None else None

    def _suggestions(self, ranked: list[_Scored], best: _Scored | None) -> tuple[Suggestion, ...]:
        found: list[Suggestion] = []
        floor = (best.score if best else ANSWER_THRESHOLD) * SUGGESTION_RATIO
        for s in ranked:
            if len(found) == 3 or s.score < floor:
                break
            if best is not None and s.entry is best.entry:
                continue
            if best is not None and best.entry.metric is not None and s.entry.metric is None:
                continue  # after a figure, offer other figures
            suggestion = _suggest(s.entry)
            if all(x.id != suggestion.id for x in found):
                found.append(suggestion)
        if best is not None and best.entry.metric is not None:
            # Room left: offer the figures that stand next to the answer in its paragraph.
            for metric in _neighbours(best.entry):
                if len(found) == 3:
                    break
                if all(x.id != metric.id for x in found):
                    found.append(
                        Suggestion("entry", metric.id, f"{_owner(best.entry)} · {metric.label}")
                    )
        if not found and not ranked and self.agencies:
            found = [Suggestion("agency", a.id, a.name) for a in self.agencies[:3]]
        return tuple(found)


def _split_question_words(tokens: list[str]) -> list[str]:
    """Split question words jieba glued to their neighbours: 几部 → 几 部, 多少倍 → 多少 倍."""
    out: list[str] = []
    for token in tokens:
        match = re.fullmatch(r"(多少|几)(.+)", token) or re.fullmatch(r"(.+?)(多少|第几|几)", token)
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
        if t in ("多少", "几") and tokens[i + 1] in _MEASURE_WORDS
    }
    return [c for c in content if c not in asked]


def _plain(index: Index, token: str) -> str:
    """Drop aspect particles from a word the knowledge lacks: 结了 → 结, 办过 → 办."""
    if token.isspace():
        return ""
    if len(token) > 1 and not index.knows(token):
        stripped = token.strip("了过着")
        return stripped or token
    return token


_UNIT_KINDS = {
    "人": "people",
    "名": "people",
    "位": "people",
    "人次": "people",
    "万人次": "people",
    "万人": "people",
    "元": "money",
    "万元": "money",
    "亿元": "money",
    "%": "ratio",
    "个百分点": "ratio",
    "倍": "multiple",
}


def _unit_kind(unit: str) -> str:
    """Return what a unit measures: people, money, a ratio, a multiple, or a count of things."""
    return _UNIT_KINDS.get(unit, "count")


def _owner(entry: Entry) -> str:
    return entry.agency.name if entry.agency else "报道"


def _neighbours(entry: Entry) -> list[Metric]:
    """Return the other figures of an entry's paragraph, nearest first."""
    metrics = entry.paragraph.metrics
    at = next((i for i, m in enumerate(metrics) if m is entry.metric), None)
    if at is None:
        return list(metrics)
    order = sorted((i for i in range(len(metrics)) if i != at), key=lambda i: (abs(i - at), i < at))
    return [metrics[i] for i in order]


def _closeness(last: Entry, entry: Entry, *, among: bool = False) -> float:
    """Favour what stands near the last answer: its paragraph, and the figures right after it
    ("其中…" details the figure before)."""
    if entry.agency is not last.agency or entry.paragraph is not last.paragraph:
        return 0.0
    figures = entry.paragraph.metrics
    here = next((i for i, m in enumerate(figures) if m is entry.metric), None)
    there = next((i for i, m in enumerate(figures) if m is last.metric), None)
    if here is None or there is None:
        return 0.05
    after = here - there
    if after == 0:
        return 0.15  # the same figure: "同比上升了多少" asks more about it
    # 其中 ("among them") asks for the figures the last one is made of, which follow it.
    weight = 0.25 if among else 0.1
    return 0.05 + (weight * max(0.0, 1 - (after - 1) / 4) if after > 0 else 0.0)


def _units_asked(text: str) -> tuple[str, ...]:
    """Return the units a question asks for: 多少件 → 件, 多少法官 → people, 多少钱 → money."""
    match = _UNIT_ASKED.search(text)
    if match and match.group(1) == "个":
        # 个 counts anything: 几个干部 asks for people, 几个联络站 for things.
        # The head of a noun phrase is its last word: 委员工作站 is a place, 科级干部 people.
        people = _NOUN_UNITS[-1]
        after = re.split(r"[\s,,。??!!;;的]", text[match.end() :], maxsplit=1)[0][:8]
        before = text[max(0, match.start() - 8) : match.start()]
        if re.search(f"(?:{people[0]})$", after) or re.search(f"(?:{people[0]})(有|是)?$", before):
            return people[1]
        return ("个",)
    if match:
        unit = match.group(1)
        return {
            "人": ("人", "名", "位", "人次"),
            "名": ("名", "人", "位"),
            "位": ("位", "人", "名"),
        }.get(unit, (unit, f"{unit}次") if unit in "批场" else (unit,))
    after = re.search(r"(?:多少|几)([^\s,,。??!!;;的]{1,8})", text)
    if after:
        phrase = after.group(1)
        for nouns, units in _NOUN_UNITS:
            if re.match(f"(?:{nouns})", phrase) or re.search(f"(?:{nouns})$", phrase):
                return units
    if re.search(r"(率|比例|比重|占比|百分比)((是|为|有|达到?)?(多少|几)|[??。]?$)", text):
        return ("%", "个百分点")  # 及时率多少, 办理满意率
    return ()


# Pairs of characters that question words make (多少, 请问 …): a question holds them, the
# report need not, and they are no typo.
_QUESTION_BIGRAMS = frozenset(w[i : i + 2] for w in STOPWORDS for i in range(len(w) - 1))


def _may_need_correction(index: Index, text: str) -> bool:
    """Tell cheaply whether some unseen pair of characters sits in a window that sounds like
    a knowledge word; only then is the question cut into words and corrected."""
    for i in range(len(text) - 1):
        pair = text[i : i + 2]
        if pair in index.corpus_bigrams or pair in _QUESTION_BIGRAMS:
            continue
        for size in (2, 3, 4):
            for start in range(max(0, i + 2 - size), i + 1):
                window = text[start : start + size]
                if len(window) == size and pinyin_key(window) in index.vocabulary_pinyin:
                    return True
    return False


def _correct_typos(index: Index, text: str) -> str:
    """Replace words the knowledge does not have by a knowledge word that sounds the same.

    网尚 → 网上, 正协 → 政协, 组只部 → 组织部. Only runs of single characters and unknown
    words are candidates, so a real word (推荐) is never cut in two by a correction.
    """
    if not _may_need_correction(index, text):
        return text
    tokens = list(index.tokenizer.lcut(text, HMM=False))
    out: list[str] = []
    i = 0
    while i < len(tokens):
        replaced = False
        for size in (4, 3, 2):
            run = tokens[i : i + size]
            window = "".join(run)
            if len(window) > 4 or len(window) < 2 or not re.fullmatch(f"[{CJK}]+", window):
                continue
            if any(len(t) > 1 and index.knows(t) for t in run):
                continue
            if all(window[j : j + 2] in index.corpus_bigrams for j in range(len(window) - 1)):
                continue
            word = index.vocabulary_pinyin.get(pinyin_key(window))
            if word and word != window:
                out.append(word)
                i += len(run)
                replaced = True
                break
        if not replaced:
            out.append(tokens[i])
            i += 1
    return "".join(out)


def _find_agencies(index: Index, text: str) -> tuple[list[Agency], str]:
    """Return the agencies a question names (exactly, or by a near-miss) and the rest of it.

    A place the question names (珠海) keeps only that report's agencies.
    """
    # Every naming in the text, longest first so that 市纪委 is not read as 纪委 inside it.
    spans: list[tuple[int, int, AgencyName]] = []
    for name in index.names:
        start = text.find(name.text)
        while start >= 0:
            end = start + len(name.text)
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, name))
            start = text.find(name.text, end)
    spans.sort(key=lambda span: span[0])
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
    rest = "".join(" " if any(s <= i < e for s, e in cut) else ch for i, ch in enumerate(text))
    if not found:
        near = _near_miss(index, rest)
        if near is not None:
            agencies, window = near
            found.extend((text.find(window), agency) for agency in agencies)
            rest = rest.replace(window, " ")
    reports = _reports_named(index, text)
    if reports:
        found = [(p, a) for p, a in found if a.report_id in reports]
    found.sort(key=lambda item: item[0])
    return [agency for _, agency in found], rest


def _reports_named(index: Index, text: str) -> set[str]:
    """Return the reports whose place a text names."""
    return {report_id for form, report_id in index.places if form in text}


def _near_miss(index: Index, text: str) -> tuple[tuple[Agency, ...], str] | None:
    """Find an agency named with one character off in its reading: 法阮 → 法院."""
    for name in index.names:
        size = len(name.text)
        if size < 2:
            continue
        for i in range(len(text) - size + 1):
            window = text[i : i + size]
            if not re.fullmatch(f"[{CJK}]+", window) or index.knows(window):
                continue
            same = sum(a == b for a, b in zip(window, name.text, strict=True))
            if same != size - 1:
                continue
            differing = [
                (a, b) for a, b in zip(pinyin_key(window), name.pinyin, strict=True) if a != b
            ]
            if all(_edit_distance(a, b) <= 1 for a, b in differing):
                return name.agencies, window
    return None


def _edit_distance(a: str, b: str) -> int:
    from rapidfuzz.distance import Levenshtein

    return int(Levenshtein.distance(a, b))


def _metric_reply(
    index: Index, entry: Entry, score: int, suggestions: tuple[Suggestion, ...]
) -> Reply:
    metric = entry.metric
    assert metric is not None
    report = entry.report
    clause = metric.clause.removeprefix("其中").lstrip(",, ")
    period = metric.period or ""
    line = clause if period and period in clause else f"{period}{clause}"
    return _entry_reply(entry, "metric", line, (_figure(metric, report),), score, suggestions)


def _paragraph_reply(
    index: Index,
    entry: Entry,
    wanted: set[str],
    score: int,
    suggestions: tuple[Suggestion, ...],
) -> Reply:
    sentence = _key_sentence(entry.paragraph.text, wanted)
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


def _report_reply(index: Index, topic: str, text: str, wanted: set[str]) -> Reply:
    report = _pick_report(index, text)
    lead = report.lead[0].text if report.lead else None
    names = "、".join(a.name for a in report.agencies)
    details: tuple[str, ...] = ()
    if topic == "authors":
        answer = f"这篇报道的作者:{'、'.join(report.authors)}({report.byline})"
    elif topic == "speakers" and report.speakers:
        sentence = next(
            (s for s in _sentences(lead or "") if any(n in s for n in report.speakers)), ""
        )
        answer = f"在会上作经验交流的单位:{sentence or '、'.join(report.speakers)}"
        details = (f"报道介绍了{len(report.agencies)}个单位的经验做法:{names}。",)
    elif topic == "agencies":
        answer = f"报道介绍了{len(report.agencies)}个单位的经验做法:{names}。"
        if lead:
            details = (_key_sentence(lead, wanted),)
    elif topic == "meeting" and report.meeting:
        answer = f"会议:{report.meeting}"
        if report.speakers:
            details = (f"在会上作经验交流的单位包括:{'、'.join(report.speakers)}。",)
    elif topic == "title":
        answer = f"报道标题:{report.title}"
    else:
        answer = f"这篇报道刊登于{report.newspaper}({report.date}),标题:{report.title}"
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


def _pick_report(index: Index, text: str) -> Report:
    reports = index.knowledge.reports
    for report in reports:
        if matching_form(report.place) in text or any(
            matching_form(a) in text for a in report.aliases
        ):
            return report
    return reports[0]


def _choose_agency(index: Index, agencies: list[Agency]) -> Reply:
    return Reply(
        answered=False,
        kind="declined",
        answer="您提到了几个单位,想问哪一个?",
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


def _empty(index: Index) -> Reply:
    return Reply(answered=False, kind="empty", answer="请直接输入您的问题。", hint=_hint(index))


def _greeting(index: Index) -> Reply:
    report = index.knowledge.reports[0] if index.knowledge.reports else None
    about = f"{report.newspaper}《{report.title}》" if report else "报道"
    return Reply(
        answered=False,
        kind="greeting",
        answer="您好!我可以回答关于这篇报道的问题,给出原文的数字和段落。",
        hint=f"我知道的报道:{about}。" + _hint(index),
    )


def _help(index: Index) -> Reply:
    return Reply(
        answered=False,
        kind="help",
        answer="直接用中文提问即可,我会先给出报道里的确切数字,再附上原文段落和出处。",
        hint=_hint(index),
    )


def example_questions(index: Index) -> list[str]:
    """Return a few questions the knowledge can answer, made from its own figures."""
    examples = []
    for agency in index.knowledge.agencies:
        for metric in agency.metrics:
            if 2 <= len(metric.label) <= 6 and metric.unit not in ("%", "倍"):
                short = min(
                    (a for a in agency.aliases if len(a) >= 2), key=len, default=agency.name
                )
                examples.append(f"{short}{metric.label}多少{metric.unit}")
                break
    return examples


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


_SENTENCE_END = re.compile(r"(?<=[。;;!?!?])")


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def _first_sentence(paragraph: str) -> str:
    sentences = _sentences(paragraph)
    return sentences[0] if sentences else paragraph


def _key_sentence(paragraph: str, wanted: set[str]) -> str:
    """Return the sentence of a paragraph that holds most of what the question asks."""
    sentences = _sentences(paragraph)
    if not sentences:
        return paragraph
    if not wanted:
        return sentences[0]

    def overlap(sentence: str) -> float:
        own = features(matching_form(sentence))
        return sum(len(f) for f in wanted if f in own)

    return max(sentences, key=overlap)
