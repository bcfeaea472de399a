"""English questions, read through the knowledge's bilingual glossary into Chinese words.

A few staff and visitors ask in English: 「How many cases did the court close this year?」.
The report is Chinese and so is everything that answers, so an English question is turned
into the Chinese words it names (法院 结案 今年 多少 案件) and answered like one. The
words come from data an admin can extend without code: each report's `glossary.yaml`
and the English `aliases` of agencies and figures. What the glossary does not know is
reported, never guessed, so that a question it cannot read is declined in English.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal, NamedTuple

from bot.knowledge.schema import Knowledge

__all__ = [
    "Glossary",
    "Translation",
    "build_glossary",
    "is_english",
    "question_language",
    "translate_question",
    "word_key",
]

_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
# A run of Chinese (kept as it is, with the number or range written before it: 1-9月), a
# number, or an English word (with an inner ' or -).
_PIECES = re.compile(
    r"(?P<han>(?:\d+(?:\.\d+)?(?:[-~～至到]\d+)?)?"
    r"[\u3400-\u9fff\U00020000-\U0002ffff]"
    # digits inside the run, but not those that begin a range after it (纪委|1-9月)
    r"(?:[\u3400-\u9fff\U00020000-\U0002ffff%]|[\d.]+(?![\d.]*[-~～]))*)"
    r"|(?P<number>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[A-Za-z]+(?:['’][A-Za-z]+)*['’]?)"
)
_YEAR = re.compile(r"^(19|20)\d\d$")
# Words that carry the grammar of a question, not what it is about. They are understood
# (a question made of them and known terms is read whole) but add nothing.
_FUNCTION_WORDS = frozenset(
    """
    a an the of in on at to for by with from about as into over under during within out off
    through via per across between among up down
    and or but nor so than then also too just only ever still yet already please kindly
    i me my mine we us our ours you your yours he him his she her it its they them their
    this that these those there here
    is am are was were be been being do does did done doing has have had having
    can could would should will shall may might must
    tell told show give gave know knew known let get got gotten make made find say said says see
    go goes went gone going come comes came take takes took taken happen happened happens
    want wanted wonder wondering curious i'm i'd i've
    any some all each every many much more most very really exactly approximately about
    around roughly nearly almost approx circa
    regarding concerning related relating against thru themselves itself himself herself
    ourselves yourself yourselves involve involves involved involving
    lead led leadership help helped back change changes changed
    include includes included contain contains contained cover covers covered covering
    use uses used using located location locations mention mentions mentioned play plays played
    list lists listing
    s according th st nd rd
    since
    ah ar la lah leh lor wor
    """.split()
)

# Everyday English that says how a thing is asked, or colours it, but never which figure or
# which condition: unread, such a word is no reason to decline. Words that can be the
# condition itself (a year, a place, a sex, a rank, another body: recent, another, female,
# district, senior) are kept out on purpose.
_PLAIN_WORDS = frozenset(
    """
    hi hello hey dear thanks thank thx ty cheer ok okay sorry excuse quick quickly briefly brief
    pls plz plse asap btw fyi q qn
    develop developed develops developing widen widened widens widening broaden broadened
    politically practically effectively successfully
    etc etcetera eg ie
    one ones thing stuff way side part kind sort type lot lots bit piece
    question answer info information detail fact point idea matter issue topic area aspect
    guess suppose think thought believe hope heard hear read saw seen look looked seem seemed
    feel felt mean meant need needed try tried keep kept put set run ran bring brought hold
    held meet met call called name named start started begin began finish finished
    manage managed handle handled deal dealt work worked rely relied depend depended focus
    focused aim aimed push pushed hit patch fix fixed solve solved sort sorted wrap wrapped
    step stepped stand stood turn turned pick picked pull pulled carry carried bring
    end ended stop stopped continue continued become became remain remained
    achieve achieved reach reached accomplish accomplished deliver delivered
    able actually really basically generally overall roughly main major key basic
    specific particular certain various several such same whole big small large huge
    good great nice well bad best better serious seriously important notable significant
    real exact precise official new like just even though although while whether
    something anything everything nothing someone anyone everyone somebody anybody
    what which who whom whose when where why how
    """.split()
)
# Number words spelled out, read as the report writes them in a name (三大指数, 两学一做).
_NUMBER_WORDS = {
    "two": "两",
    "three": "三",
    "four": "四",
    "five": "五",
    "six": "六",
    "seven": "七",
    "eight": "八",
    "nine": "九",
    "ten": "十",
}

_ARTICLES = frozenset({"the", "a", "an"})


@dataclass(frozen=True, slots=True)
class Translation:
    """An English (or mixed) question, as the Chinese words the glossary reads in it."""

    text: str  # the Chinese query: the question's own Chinese and the glossary's words
    understood: tuple[str, ...]  # the English phrases the glossary knew, as written
    unknown: tuple[str, ...]  # English words it did not know (grammar words aside)
    terms: tuple[str, ...]  # the Chinese words those phrases gave, in order
    # Unknown words right beside a read one ("conviction rate", "which district"): a part of
    # what is asked, not an aside.
    unread_beside: tuple[str, ...] = ()

    @property
    def found_anything(self) -> bool:
        """Tell whether anything in the question could be read: a known phrase or Chinese."""
        return bool(self.text.strip())

    @property
    def complete(self) -> bool:
        """Tell whether every English word of the question was understood."""
        return not self.unknown


@dataclass(frozen=True, slots=True)
class Glossary:
    """English phrasings, as word keys, to the Chinese words they stand for; built once."""

    phrases: dict[tuple[str, ...], tuple[str, ...]]
    prefixes: frozenset[tuple[str, ...]]  # every beginning of a phrasing, to stop early
    # Phrasings as written, where two of them share a key but not a meaning: "seconded"
    # (抽调) and "second" (第二) are both "second" once the ending is gone.
    exact: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.phrases)


_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def question_language(text: str) -> Literal["zh", "en", "mixed"]:
    """Return "en" for an English question, "zh" for a Chinese one, "mixed" for both."""
    if not _LATIN_WORD.search(text):
        return "zh"
    return "mixed" if _HAN.search(text) else "en"


def is_english(text: str) -> bool:
    """Tell whether a question is written in English: Latin words and no Chinese."""
    return question_language(text) == "en"


@lru_cache(maxsize=8192)
def word_key(word: str) -> str:
    """Return the form an English word is matched in: lower case, singular, no possessive."""
    word = _as_written(word)
    if word in _FUNCTION_WORDS or len(word) <= 3:
        return word
    return _without_inflection(word)


@lru_cache(maxsize=8192)
def _as_written(word: str) -> str:
    """Return a word in lower case without its possessive, its ending kept."""
    word = unicodedata.normalize("NFKC", word).lower().replace("’", "'")
    return word.removesuffix("'s").rstrip("'")


def _without_inflection(word: str) -> str:
    """Return a word without its inflection, so that settle, settles, settled and settling
    are one key, in the glossary and in the question alike. Only inflections: a stemmer
    that also strips derivations reads security as secured and firmly as firms."""
    for ending, replacement in _INFLECTIONS:
        if ending == "s" and word.endswith(("ss", "us", "is")):
            break  # class, status, basis: no plural
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)] + replacement
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # running → runn → run; but call, pass stay
    return word.removesuffix("e") if len(word) > 3 else word


# Longest first; "ies" → "y" (deputies, applied), a plain "s" last (cases, but not "ss").
_INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("ing", ""),
    ("sses", "ss"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("xes", "x"),
    ("ed", ""),
    ("s", ""),
)


@lru_cache(maxsize=65536)  # a glossary's phrasings, read again at every reload
def _phrase_key(phrase: str, key: Callable[[str], str] = word_key) -> tuple[str, ...]:
    """Return a phrasing's word keys, without articles at its ends: "the court" is "court"."""
    keys = [key(m.group(0)) for m in _PIECES.finditer(phrase) if not m.group("han")]
    while keys and keys[0] in _ARTICLES:
        keys.pop(0)
    while keys and keys[-1] in _ARTICLES:
        keys.pop()
    return tuple(keys)


def build_glossary(knowledge: Knowledge) -> Glossary:
    """Collect the glossary terms and English aliases of a knowledge into one lookup."""
    phrases: dict[tuple[str, ...], list[str]] = {}
    said: dict[tuple[str, ...], list[tuple[str, Iterable[str]]]] = {}
    names = {agency.name for agency in knowledge.agencies}
    for phrase, chinese in _english_names(knowledge):
        key = _phrase_key(phrase)
        if not key:
            continue
        words = phrases.setdefault(key, [])
        if any(w in names for w in words):
            continue  # an agency's name keeps its key: "tax office" is not "tax officers"
        words.extend(w for w in chinese if w not in words)
        said.setdefault(key, []).append((phrase, chinese))
    return Glossary(
        phrases={key: tuple(words) for key, words in phrases.items()},
        prefixes=frozenset(key[:size] for key in phrases for size in range(1, len(key) + 1)),
        exact={
            form: words
            for key, ways in said.items()
            if len(ways) > 1
            for form, words in _as_written_forms(ways).items()
        },
    )


def _as_written_forms(
    ways: list[tuple[str, Iterable[str]]],
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Return the Chinese of each written form of phrasings that share a key, where the
    forms mean different things (no Chinese word in common); else nothing."""
    forms: dict[tuple[str, ...], list[str]] = {}
    for phrase, chinese in ways:
        words = forms.setdefault(_phrase_key(phrase, _as_written), [])
        words.extend(w for w in chinese if w not in words)
    if not _meanings_differ(list(forms.values())):
        return {}
    return {form: tuple(words) for form, words in forms.items()}


def _meanings_differ(meanings: list[list[str]]) -> bool:
    """Tell whether phrasings of one key mean different things: no Chinese word in common."""
    return any(
        set(one).isdisjoint(other) for i, one in enumerate(meanings) for other in meanings[i + 1 :]
    )


def _english_names(knowledge: Knowledge) -> Iterator[tuple[str, Iterable[str]]]:
    """Yield each English phrasing with its Chinese: agencies first, then the glossaries."""
    for agency in knowledge.agencies:
        for alias in agency.aliases:
            if _LATIN_LETTER.search(alias) and not _HAN.search(alias):
                yield alias, (agency.name,)
        for metric in agency.metrics:
            for alias in metric.aliases:
                if _LATIN_LETTER.search(alias) and not _HAN.search(alias):
                    yield alias, (metric.label,)
    for term in knowledge.glossary:
        for phrase in term.en:
            yield phrase, term.zh


def _place_named(word: str) -> str | None:
    """Return the Chinese place a capitalised word spells in pinyin: Zhuhai → 珠海."""
    if len(word) < 4 or not word[0].isupper() or not word.isalpha():
        return None
    return _places_by_pinyin().get(word.lower())


@lru_cache(maxsize=1)
def _places_by_pinyin() -> dict[str, str]:
    """Return the place names jieba knows, by their pinyin; built on first need."""
    from bot.text import pinyin_key, place_names

    names = place_names()
    # Cities and provinces only (珠海 for 珠海市): a village's pinyin could be an English word.
    found: dict[str, str] = {}
    for name in sorted(names):
        if len(name) == 2 and (f"{name}市" in names or f"{name}省" in names):
            found.setdefault("".join(pinyin_key(name)), name)
    return found


class _Piece(NamedTuple):
    kind: str  # han, number or word
    written: str
    key: str
    start: int
    end: int


def translate_question(text: str, glossary: Glossary) -> Translation:
    """Read an English or mixed question as Chinese words, saying what was not understood."""
    pieces: list[_Piece] = []
    for match in _PIECES.finditer(text):
        kind = match.lastgroup or "word"
        written = match.group(0)
        key = word_key(written) if kind == "word" else written
        pieces.append(_Piece(kind, written, key, match.start(), match.end()))
    out: list[str] = []
    understood: list[str] = []
    unknown: list[str] = []
    terms: list[str] = []
    read: set[int] = set()  # the pieces the glossary read
    unread: list[int] = []
    i = 0
    while i < len(pieces):
        kind, written, key = pieces[i].kind, pieces[i].written, pieces[i].key
        if kind == "han":
            out.append(written)
            i += 1
            continue
        if key in _MEAN and all(p.kind != "word" for p in pieces[i + 1 :]):
            # "what does X mean": mean as the verb that ends a question asks what X means;
            # before a noun ("the mean number") it is an average, as the glossary reads it.
            understood.append(written)
            out.append("什么意思")
            i += 1
            continue
        found = _longest_phrase(pieces, i, glossary)
        if found is not None:
            end, chinese = found
            if i and pieces[i - 1].kind == "number" and out and out[-1] == pieces[i - 1].written:
                # "the 12345 hotline": the number names another line than the report's 12368
                chinese = _numbered(out.pop(), chinese)
            understood.append(text[pieces[i].start : pieces[end - 1].end])
            terms.extend(chinese)
            out.extend(chinese)
            read.update(range(i, end))
            i = end
            continue
        if kind == "number":  # a year reads as the report writes it: 2017年, 2017年以来
            since = i and pieces[i - 1].key == "since"
            year = f"{written}年以来" if since else f"{written}年"
            out.append(year if _YEAR.match(written) else written.replace(",", ""))
        elif place := _place_named(written):
            understood.append(written)
            terms.append(place)
            out.append(place)
        elif key in _ORGAN_WORDS and i - 1 in read:
            understood.append(written)  # "the CPPCC office": the body just named
        elif key in _NUMBER_KEYS:
            understood.append(written)
            out.append(_NUMBER_KEYS[key])
        elif key not in _FUNCTION_WORDS and key not in _PLAIN_KEYS:
            unknown.append(written)
            unread.append(i)
        i += 1
    beside = tuple(pieces[u].written for u in unread if u - 1 in read or u + 1 in read)
    return Translation(
        # "between January and November": the two months read as the report's range, 1-11月.
        text=_MONTH_PAIR.sub(r"\1-\2月", " ".join(out)),
        understood=tuple(understood),
        unknown=tuple(unknown),
        terms=tuple(terms),
        unread_beside=beside,
    )


def _numbered(number: str, chinese: tuple[str, ...]) -> tuple[str, ...]:
    """Return a term's Chinese named by the number written before it: 12345 and 12368诉讼热线
    make 12345诉讼热线; a term without a number of its own keeps the number apart."""
    first = chinese[0] if chinese else ""
    own = re.match(r"\d+", first)
    if own is None:
        return (number, *chinese)
    return (number + first[own.end() :], *chinese[1:])


_MEAN = frozenset(word_key(w) for w in ("mean", "means"))
# Words that, right after a body's name, name the same body: "the CPPCC office".
_ORGAN_WORDS = frozenset(word_key(w) for w in "office offices organ organs secretariat".split())
_PLAIN_KEYS = frozenset(word_key(w) for w in _PLAIN_WORDS)
_NUMBER_KEYS = {word_key(w): chinese for w, chinese in _NUMBER_WORDS.items()}
_MONTH_PAIR = re.compile(r"(?<!\d)(\d{1,2})月 (\d{1,2})月")


def _longest_phrase(
    pieces: list[_Piece], start: int, glossary: Glossary
) -> tuple[int, tuple[str, ...]] | None:
    """Return the end and the Chinese of the longest known phrasing starting at `start`."""
    best: tuple[int, tuple[str, ...]] | None = None
    words: tuple[str, ...] = ()
    for end in range(start, len(pieces)):
        if pieces[end].kind == "han":
            break
        words = (*words, pieces[end].key)
        if words not in glossary.prefixes:
            break
        chinese = glossary.phrases.get(words)
        if chinese is not None:
            as_written = tuple(_as_written(p.written) for p in pieces[start : end + 1])
            best = (end + 1, glossary.exact.get(as_written, chinese))
    return best
