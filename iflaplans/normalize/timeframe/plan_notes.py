"""Words around a cell's planned times that only note something about the plan.

What a reading leaves over once times and status phrases are taken is news no rule
understood, unless it is a note: a subject before the first time ("Survey: end of
2021"), what a recurring plan recurs as ("Monthly calls"), a condition, reason or
format after the time ("2021, if funds allow"), a later time a possibility opens.
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.clause_bounds import (
    MAX_SUBJECT_WORDS,
    STRIP,
    Clauses,
    content_words,
)
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger
from iflaplans.normalize.timeframe.time_spans import TimeSpan
from iflaplans.textutil import collapse, fold

# a date no time pattern took ("15.10", "20201015")
_DATE_LIKE = re.compile(r"\d{3,}|\d+\s?[./-]\s?\d+")


def leftover_words(
    text: str,
    folded: str,
    start: int,
    end: int,
    understood: list[tuple[int, int]],
    grammar: Grammar,
) -> str:
    """Words of text[start:end] outside the understood spans that are not filler words."""
    pieces = []
    cursor = start
    for a, b in sorted(understood):
        if b <= start or a >= end:
            continue
        pieces.append((cursor, max(cursor, a)))
        cursor = max(cursor, b)
    pieces.append((cursor, end))
    words = " ".join(folded[a:b] for a, b in pieces if b > a)
    # A date no time pattern took ("15.10", "20201015") is news too; "(1)" or "3" is not.
    if not content_words(words, grammar) and not _DATE_LIKE.search(words):
        return ""
    return collapse(" ".join(text[a:b] for a, b in pieces if b > a)).strip(STRIP)


def without_hedged(
    folded: str, grammar: Grammar, planned_times: list[TimeSpan], bounds: list[int]
) -> list[TimeSpan]:
    """The planned times less those after the first that a possibility opens ("…; the
    committee may revisit the idea in 2022"): a look ahead, not a plan."""
    kept = planned_times[:1]
    for time in planned_times[1:]:
        clause = max([b for b in bounds if b <= time.start] + [0])
        words = WORDS.findall(folded[clause : time.start])
        if not any(w in grammar.hedges for w in words):
            kept.append(time)
    return kept


_OCCASION_WORDS = 6  # "jeweils beim Halbjahrestreffen des Ständigen Ausschusses"
_DETAIL_WORDS = 2  # "Monthly calls", "Réunions mensuelles": a recurring thing's name


def recurring_detail(
    folded: str, grammar: Grammar, planned_times: list[TimeSpan], accepted: list[Trigger]
) -> list[tuple[int, int]]:
    """After a recurring time that ends a cell with no status, a short name of what recurs
    ("Monthly calls") or the seasons it falls in ("Twice a year (spring and autumn)")
    details the plan; it is not news."""
    if accepted or not planned_times or any(t.kind != "recurring" for t in planned_times):
        return []
    last = max(planned_times, key=lambda t: t.end)
    tail = folded[last.end :]
    if re.search(r"\d", tail):
        return []
    vocab = grammar.time.vocabulary
    words = [w for w in content_words(tail, grammar) if w not in vocab.seasons]
    words = [w for w in words if w not in vocab.months]
    # "Each year at the SC mid-year meeting", "Anualmente (coincidiendo con la Semana de
    # las Bibliotecas)": the occasion it recurs at, in words no status or doubt is among
    said = WORDS.findall(tail)
    occasion = (
        len(words) <= _OCCASION_WORDS
        and not any(w in grammar.known_forms or w in grammar.hedges for w in said)
        and grammar.negations.search(tail) is None
        and grammar.conditions.search(tail) is None
    )
    return [(last.end, len(folded))] if len(words) <= _DETAIL_WORDS or occasion else []


def lead_in(planned_times: list[TimeSpan], accepted: list[Trigger]) -> list[tuple[int, int]]:
    """Words before the first planned time of a cell with no status ("Cape Town 2015",
    "Probably 2023", "Survey: end of 2021"): they name what, where or how surely the plan
    holds, not news. Only words after a plain time can be news nothing understood."""
    if accepted or not planned_times:
        return []
    return [(0, min(t.start for t in planned_times))]


def recurring_occurrence(
    folded: str,
    grammar: Grammar,
    accepted: list[Trigger],
    planned_times: list[TimeSpan],
    clauses: Clauses,
) -> TimeSpan | None:
    """A year in the first status's own clause after a recurring plan, such as "Annually;
    the 2020 edition was cancelled": that occurrence's time, not another planned one."""
    if not accepted:
        return None
    trig = accepted[0]
    clause = max(b for b in clauses.hard if b <= trig.start)
    recurring = [t for t in planned_times if t.kind == "recurring" and t.end <= clause]
    inside = [t for t in planned_times if clause <= t.start and t.kind != "recurring"]
    if not recurring or len(inside) != 1:
        return None
    time = inside[0]
    if len(content_words(folded[time.end : trig.start], grammar)) > MAX_SUBJECT_WORDS:
        return None
    return time


def qualifies(words: str, grammar: Grammar) -> bool:
    """Whether ``words`` open with a condition, a reason, a format or a doubt ("possibly
    online", "evtl. hybrid"): a note, not news."""
    head = fold(words).lstrip(STRIP + " ?!")  # "2019?? depends on approval": a doubt
    first = WORDS.match(head)
    if first is not None and first.group() in grammar.hedges:
        return True
    if any(
        p.match(head) is not None for p in (grammar.conditions, grammar.reasons, grammar.formats)
    ):
        return True
    # "(virtual congress)", "(congreso virtual)": the congress's format, not news
    rest = grammar.time.congress_word.sub(" ", head).strip(STRIP + " ")
    return rest != head and bool(rest) and grammar.formats.fullmatch(rest) is not None


def closed_condition(
    text: str,
    folded: str,
    grammar: Grammar,
    planned_times: list[TimeSpan],
    accepted: list[Trigger],
    hard: tuple[int, ...],
) -> str:
    """A condition that opens a cell as a clause of its own, before the first planned time
    ("Subject to approval; 2021", "Vorbehaltlich der Genehmigung. 2021"): there is no event
    yet for it to qualify, so it is words for a person to read; "" if there is none.
    Written into the time's own clause ("Voraussichtlich 2023") it only hedges the plan."""
    if accepted or not planned_times:
        return ""
    first = min(t.start for t in planned_times)
    ends = [b for b in hard if 0 < b <= first and _only_sequence(folded[b:first], grammar)]
    for mark in (":", ","):
        # "Vorbehaltlich der Genehmigung: 2021", "If funding allows, 2021": closed too
        after = folded.rfind(mark, 0, first) + 1
        if after and _only_sequence(folded[after:first], grammar):
            ends = sorted([*ends, after])
    if not ends:
        return ""
    lead = fold(text[: ends[0]]).strip(STRIP + " ")
    if len(WORDS.findall(lead)) < 2:
        return ""  # "ca. Mitte 2021": a shortened word's full stop ends no clause
    if grammar.conditions.match(lead) is None and not _ends_with_condition(lead, grammar):
        return ""
    return collapse(text[: ends[0]]).strip(STRIP)


def _only_sequence(between: str, grammar: Grammar) -> bool:
    """Whether the words between a closed clause and a time at most say it comes next:
    "If funding allows, then 2021", "Après validation par le bureau, puis S1 2024"."""
    words = between.strip(STRIP + " ")
    return not words or grammar.connectors.fullmatch(words) is not None


def _ends_with_condition(lead: str, grammar: Grammar) -> bool:
    """Whether a condition word closes ``lead``: "Finanzierung vorausgesetzt", "funding
    permitting"."""
    return any(m.end() == len(lead) for m in grammar.conditions.finditer(lead))
