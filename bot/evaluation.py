"""Run a questions file (the format of shared/eval/questions.yaml) and judge every reply."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.answering import Conversations, Reply
from bot.index import Index
from bot.rendering import render_text
from bot.replies import NOT_IN_THE_REPORT

__all__ = ["Case", "EvalError", "Outcome", "judge", "load_cases", "run_cases", "summarise"]


class EvalError(Exception):
    """A questions file cannot be read; the message names the file."""


@dataclass(frozen=True, slots=True)
class Case:
    """One question with what a correct reply must carry."""

    id: str
    q: str
    agency: str | None = None
    must: tuple[str, ...] = ()
    direct: bool = False
    oos: bool = False
    chat: str | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A case, the reply it got, and why it failed (empty when it passed)."""

    case: Case
    reply: Reply
    text: str
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Tell whether the reply carries everything the case asks for."""
        return not self.failures


def load_cases(path: Path) -> list[Case]:
    """Read the cases of a questions file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise EvalError(f"{path}: cannot read the questions file: {exc}") from exc
    raw = document.get("cases") if isinstance(document, dict) else None
    if not isinstance(raw, list):
        raise EvalError(f"{path}: expected a 'cases' list")
    cases = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise EvalError(f"{path}: case {n} needs a 'q' text")
        cases.append(
            Case(
                id=str(item.get("id", n)),
                q=item["q"],
                agency=_optional_str(item.get("agency")),
                must=tuple(str(m) for m in item.get("must") or ()),
                direct=bool(item.get("direct")),
                oos=bool(item.get("oos")),
                chat=_optional_str(item.get("chat")),
                kind=_optional_str(item.get("kind")),
            )
        )
    return cases


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def run_cases(index: Index, cases: list[Case]) -> list[Outcome]:
    """Answer every case in order; cases sharing a chat id share a conversation."""
    conversations = Conversations()
    report_numbers = _report_numbers(index)
    outcomes = []
    for n, case in enumerate(cases):
        chat = f"chat:{case.chat}" if case.chat else f"case:{n}"
        reply = conversations.ask(index, chat, case.q)
        text = render_text(reply)
        failures = judge(case, reply, text, report_numbers=report_numbers)
        outcomes.append(Outcome(case, reply, text, tuple(failures)))
    return outcomes


def _report_numbers(index: Index) -> frozenset[str]:
    """Return every number written in the knowledge's own texts, with the reports' years."""
    texts = [r.title for r in index.knowledge.reports]
    texts += [str(r.year) for r in index.knowledge.reports]
    texts += [e.paragraph.text for e in index.entries]
    return frozenset(n for t in texts for n in re.findall(r"\d+", t))


def judge(
    case: Case, reply: Reply, text: str, *, report_numbers: frozenset[str] = frozenset()
) -> list[str]:
    """Return why a reply falls short of its case; nothing when it is right.

    A trap passes when the reply is not an answer and invents nothing: a decline shows no
    number but the question's, and a `partial` reply shows only numbers of the report,
    after a first line that says what the report does not give.
    """
    failures = []
    if case.oos:
        if reply.answered:
            failures.append("answered a question the report does not cover")
        allowed = set(re.findall(r"\d+", case.q))
        if reply.kind == "partial":
            # The report's numbers, and the first line's, which restates the condition asked
            # (10月 for "in October").
            allowed |= report_numbers | set(re.findall(r"\d+", reply.answer))
            if not reply.answer.removeprefix(NOT_IN_THE_REPORT).startswith("报道没有"):
                failures.append("a partial reply must open with what the report does not give")
        invented = set(re.findall(r"\d+", text)) - allowed
        if invented:
            failures.append(f"declined but shows numbers: {sorted(invented)}")
        return failures
    if not reply.answered:
        failures.append(f"did not answer: {reply.answer}")
    if case.agency is None:
        if reply.agency is not None:
            failures.append(f"expected the report as a whole, got agency {reply.agency}")
    elif reply.agency is None or case.agency not in reply.agency:
        failures.append(f"expected agency containing {case.agency!r}, got {reply.agency!r}")
    where = reply.answer if case.direct else text
    for needed in case.must:
        if needed not in where:
            place = "the first line" if case.direct else "the reply"
            failures.append(f"{needed!r} missing from {place}")
    return failures


def summarise(outcomes: list[Outcome]) -> list[str]:
    """Return the scores that matter: answerable right, traps not answered, confident errors.

    A confident error is an answer (not a decline, not a partial reply) to a trap, or an
    answer whose first line lacks the figure asked: the worst thing the bot can do.
    """
    answerable = [o for o in outcomes if not o.case.oos]
    traps = [o for o in outcomes if o.case.oos]
    wrong = [o for o in outcomes if not o.passed and o.reply.answered]
    lines = [
        f"answerable: {_share(answerable)}; traps declined or partial: {_share(traps)}; "
        f"confident wrong answers: {len(wrong)}"
    ]
    kinds = sorted({o.case.kind for o in outcomes if o.case.kind})
    for kind in kinds:
        lines.append(f"  {kind}: {_share([o for o in outcomes if o.case.kind == kind])}")
    return lines


def _share(outcomes: list[Outcome]) -> str:
    if not outcomes:
        return "0/0"
    passed = sum(o.passed for o in outcomes)
    return f"{passed}/{len(outcomes)} ({100 * passed / len(outcomes):.0f}%)"
