"""The clauses of a Timeframe cell: where they start and end, and the words in them
that say something."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS
from iflaplans.normalize.timeframe.time_spans import TimeSpan

BOUNDARY = re.compile(r";|\.(?=\s|$)|\s[-–—]\s|—|\n|!|\?")
# Where a second update may follow a first inside one sentence: "Postponed to 2021,
# cancelled in 2021", "postponed / cancelled", "2020 → 2021 → cancelled".
# An arrow opens the clause it leads ("Postponed → 2021": the arrow takes the time).
SOFT_BOUNDARY = re.compile(r",|\s/\s|(?=-->|→|->|=>|⇒)")
STRIP = " \t,.;:–—-…()[]/→>=⇒"
MAX_SUBJECT_WORDS = 2


@dataclass(frozen=True)
class Clauses:
    """Offsets where clauses start: after ; . – and connectors (hard), after commas (soft)."""

    hard: tuple[int, ...]
    soft: tuple[int, ...]


def abbreviated(folded: str, grammar: Grammar, m: re.Match[str]) -> bool:
    """A full stop that ends no sentence: after a name word before a number ("vol. 46",
    "Bd. 46"), or after a shortened hedge ("evtl. 2022", "ggf. online"), whose doubt
    reaches the words after it."""
    if m.group() != ".":
        return False
    word = re.search(r"[^\W\d_]+$", folded[max(0, m.start() - 12) : m.start()])
    if word is not None and word.group() in grammar.hedges:
        return True
    return (
        grammar.time.name_before.search(folded, 0, m.end()) is not None
        and folded[m.end() :].lstrip()[:1].isdigit()
    )


def first_stop(folded: str, grammar: Grammar, start: int, end: int) -> re.Match[str] | None:
    """The first clause boundary in folded[start:end], abbreviations aside."""
    for m in BOUNDARY.finditer(folded, start, end):
        if not abbreviated(folded, grammar, m):
            return m
    return None


_TIME_COLON = re.compile(r"\)?\s*:(?!\d)")  # a colon after a time, or after its bracket


def boundaries(
    folded: str, grammar: Grammar, times: list[TimeSpan], pattern: re.Pattern[str] = BOUNDARY
) -> list[int]:
    """Offsets where a new clause may start: after ; . – and connectors such as "then"."""
    ends = [0]
    for m in pattern.finditer(folded):
        if any(t.start <= m.start() < t.end for t in times):
            continue
        if abbreviated(folded, grammar, m):
            continue
        ends.append(m.end())
    ends.extend(m.start() for m in grammar.connectors.finditer(folded))
    # "Jornadas en Montevideo (mayo 2020): se posponen": a time and a colon label what
    # follows, so the words before them are no subject of it
    if ":" in folded:
        ends.extend(
            m.end()
            for m in _TIME_COLON.finditer(folded)
            if any(t.end == m.start() and t.year_from is not None for t in times)
        )
        # "La convocatoria quedó desierta: se cancela": after a colon a new clause starts,
        # but after a status word the colon brings in its detail ("In progress: 2
        # webinars delivered, 2 still to come")
        ends.extend(
            m.end() for m in _WORD_COLON.finditer(folded) if not _status_before(folded, grammar, m)
        )
    return sorted(set(ends))


_WORD_COLON = re.compile(r"(?<=[^\W\d_])[^\S\n]?:\s")  # "quedó desierta:", "ouvertes :"


def _status_before(folded: str, grammar: Grammar, colon: re.Match[str]) -> bool:
    """Whether a status phrase or a form of a status word ends right before a colon."""
    before = folded[max(0, colon.start() - 40) : colon.start()].rstrip()
    word = re.search(r"[^\W\d_]+$", before)
    if word is not None and word.group() in grammar.known_forms:
        return True
    return any(m.end() == len(before) for m in grammar.phrases.finditer(before))


def content_words(text: str, grammar: Grammar) -> list[str]:
    """The words of ``text`` that say something: not fillers, auxiliaries or connectors."""
    return [
        w
        for w in WORDS.findall(text)
        if w not in grammar.auxiliaries
        and w not in grammar.pending
        and not grammar.fillers.fullmatch(w)
        and w not in grammar.connector_words
    ]


_MANNER_WORDS = 6  # "als IFLA Professional Report": a short name of what came out


def without_manner(before: str, grammar: Grammar) -> str:
    """The words before a completion verb without a short phrase of the form the thing
    took, when nothing else stands before it ("Im März 2018 *als Bericht* erschienen"):
    no subject of the verb."""
    lead = grammar.manner_leads.search(before) if grammar.manner_leads is not None else None
    if lead is None or content_words(before[: lead.start()], grammar):
        return before
    if len(WORDS.findall(before, lead.start())) > _MANNER_WORDS:
        return before
    return before[: lead.start()] + " " * (len(before) - lead.start())
