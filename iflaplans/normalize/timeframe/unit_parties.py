"""Units as parties to a cell's news.

A unit's name is no news: "Library *Publishing* SIG" publishes nothing. And a unit named
in a clause can be the party to a verb that is no status word by itself: "The Governing
Board is still *considering* this" (a discussion there), "The Metropolitan Libraries
Section *took this over*" (a transfer to it). The rules for such verbs take ``party``
(rules/timeframe.yaml): they are read only where their clause names a unit and says
nothing else.
"""

from __future__ import annotations

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import Trigger, clause_around
from iflaplans.normalize.timeframe.time_spans import TimeSpan
from iflaplans.normalize.timeframe.unit_names import lone_heads, named_units
from iflaplans.normalize.units import UnitIndex

PARTY = "party"  # what a rule takes when its verb needs a unit as its party


def unit_names(
    text: str, folded: str, grammar: Grammar, units: UnitIndex
) -> list[tuple[int, int, bool]]:
    """(start, end, known) of every unit named in a cell: the ones the units list holds,
    those named by their kind (:func:`named_units`) and kinds alone after an article
    (:func:`lone_heads`: "Der Vorstand")."""
    known = [(u.start, u.end, True) for u in units.scan(text)]
    heads = grammar.unit_head_words
    if heads is not None and heads.search(folded) is None:
        return known  # no word for a kind of unit: none named by its kind
    named = [(a, b, False) for a, b in named_units(text, grammar, 0, len(text))]
    found = known + named
    lone = [
        (a, b, False)
        for a, b in lone_heads(text, grammar, 0, len(text))
        if not any(x <= a and b <= y for x, y, _ in found)
    ]
    return found + lone


def outside_names(triggers: list[Trigger], names: list[tuple[int, int, bool]]) -> list[Trigger]:
    """The status phrases that are not words of a unit's name: inside a known name
    ("Continuing Professional Development … Section"), or between the words of a name
    found by its kind ("Library Publishing SIG"). A capitalised word at either end of
    such a name may still be news ("Joint Meeting With The IT Section Cancelled")."""
    return [
        t
        for t in triggers
        if not any(
            a <= t.start and t.end <= b if known else a < t.start and t.end < b
            for a, b, known in names
        )
    ]


def party_readings(
    folded: str,
    grammar: Grammar,
    times: list[TimeSpan],
    triggers: list[Trigger],
    names: list[tuple[int, int, bool]],
) -> list[Trigger]:
    """The status phrases of a cell with the acts of its units: the phrases of rules that
    take ``party`` where no other phrase or time stands, and a party's phrase or lemma
    only where its clause names a unit and says no other news: "consulting the
    Statistics Section" is a discussion; "considering a webinar" is nothing; in "decided
    to cancel" the cancellation is the news."""
    found = list(triggers)
    pattern = grammar.party_phrases
    taken = [(t.start, max(t.end, t.reach)) for t in triggers] + [(t.start, t.end) for t in times]
    for m in pattern.finditer(folded) if pattern is not None else ():
        if not any(a < m.end() and m.start() < b for a, b in taken):
            key = grammar.party_keys[m.group()]
            found.append(Trigger(m.start(), m.end(), grammar.rules[key], key))
    kept = []
    for trig in sorted(found, key=lambda t: t.start):
        if trig.rule.takes != PARTY:
            kept.append(trig)
            continue
        start, end, _ = clause_around(folded, trig.start, trig.end)
        news = [t for t in found if t.rule.takes != PARTY and start <= t.start < end]
        if _labels(folded, trig) or _bracketed(folded, trig):
            # "Responsable: Comité Permanente", "2020 (a cargo de la Sección de TI)": a
            # label or an aside, who is in charge of it
            continue
        if any(start <= a and b <= end for a, b, _ in names) and not news:
            kept.append(trig)
    return kept


def _bracketed(folded: str, trig: Trigger) -> bool:
    """Whether a party's phrase stands inside brackets."""
    return folded.rfind("(", 0, trig.start) > folded.rfind(")", 0, trig.start)


def _labels(folded: str, trig: Trigger) -> bool:
    """Whether a party's phrase is a label before a colon ("Responsible: the IT Section")."""
    return folded[trig.end :].lstrip().startswith(":")
