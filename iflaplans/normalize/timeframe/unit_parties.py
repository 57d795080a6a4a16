"""Units as parties to a cell's news.

A unit's name is no news: "Library *Publishing* SIG" publishes nothing. And a unit named
in a clause can be the party to a verb that is no status word by itself: "The Governing
Board is still *considering* this" (a discussion there), "The Metropolitan Libraries
Section *took this over*" (a transfer to it). The rules for such verbs take ``party``
(rules/timeframe.yaml): they are read only where a unit acts through them and their
clause says nothing else.
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger, clause_around
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
    known += [a for a in agent_acronyms(text, folded, grammar) if not _inside(a, known)]
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


ACRONYM = re.compile(r"(?<![\w&-])[A-Z][A-Z&]{1,5}(?![\w&-])(?!\s*\d)")
_AGENT_REACH = 16  # "par le ", "por el ", "by the ": how far back an agent word stands


def agent_acronyms(text: str, folded: str, grammar: Grammar) -> list[tuple[int, int, bool]]:
    """(start, end, True) of every acronym right after an agent word, perhaps with an
    article: "examinée par le *PC*", "to be decided by the *GB*". The units list leaves
    out acronyms that are ordinary words ("PC", "GB"); after "by" one names who acts. An
    acronym before a year is a congress ("by the WLIC 2021"), no unit."""
    return [
        (m.start(), m.end(), True)
        for m in ACRONYM.finditer(text)
        if after_agent(folded, grammar, m.start())
    ]


def after_agent(folded: str, grammar: Grammar, at: int, since: int = 0) -> bool:
    """Whether an agent word, perhaps with an article, ends right at ``at`` ("par le ",
    "by the ", "vom "), looking back no further than ``since``."""
    window = max(since, at - _AGENT_REACH)
    return any(m.end() == at for m in grammar.agent_lead.finditer(folded, window, at))


def _inside(span: tuple[int, int, bool], spans: list[tuple[int, int, bool]]) -> bool:
    return any(a < span[1] and span[0] < b for a, b, _ in spans)


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
    text: str,
    folded: str,
    grammar: Grammar,
    times: list[TimeSpan],
    triggers: list[Trigger],
    names: list[tuple[int, int, bool]],
) -> list[Trigger]:
    """The status phrases of a cell with the acts of its units: the phrases of rules that
    take ``party`` where no other phrase or time stands, and a party's phrase or lemma
    only where a unit acts through it (:func:`_acting_unit`) and its clause says no other
    news: "consulting the Statistics Section" is a discussion; "considering a webinar"
    is nothing; in "decided to cancel" the cancellation is the news. After news that
    ended the work ("Completed. The IT Section will decide on a follow-up") a unit's act
    is about what comes next, a remark."""
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
        ended = [t for t in found if t.rule.type in _ENDED and t.end <= trig.start]
        if (
            news
            or ended
            or _labels(folded, trig)
            or _bracketed(folded, trig)
            or _settled(text, folded, grammar, trig)
            or _denied_inside(folded, grammar, trig)
        ):
            # "Responsable: Comité Permanente", "2020 (a cargo de la Sección de TI)": a
            # label or an aside; "decided by the Board": a decision made, no discussion
            continue
        if _acting_unit(text, folded, grammar, trig, names):
            kept.append(trig)
    return kept


_ENDED = frozenset({"completed", "cancelled"})
_DECIDES = "unit_decides."  # the rule whose settled forms are decisions made
_UNIT_GAP = 3  # "is still", "doit encore", "aún debe": verb-group words before the verb


def _acting_unit(
    text: str,
    folded: str,
    grammar: Grammar,
    trig: Trigger,
    names: list[tuple[int, int, bool]],
) -> bool:
    """Whether a unit acts through a party's phrase: named before it as its subject, the
    name's tail and at most a few words of a verb group between them ("The Governing
    Board is still considering", "Le Conseil d'administration doit encore se
    prononcer"), or after it, with at most a few words and no word that ends a name
    between them ("consulting the Statistics Section", "queda a criterio del nuevo Comité
    Permanente"); not a unit named elsewhere in the clause ("projet pilote avec la
    Section de catalogage", "to lead a joint session with the IT Section")."""
    after = max(trig.end, trig.reach)
    for a, b, _ in names:
        if b <= trig.start and not any(c in folded[b : trig.start] for c in ",;:()"):
            tokens = list(WORDS.finditer(folded, b, trig.start))
            lone = folded[a:b] in grammar.unit_heads
            while tokens and _name_tail(text, grammar, tokens[0]):
                tokens.pop(0)  # "… and the Caribbean", "… d'administration"
            if lone and tokens and tokens[0].group() not in grammar.verb_group:
                tokens.pop(0)  # "Comité professionnel": a kind alone and its adjective
            rest = [t.group() for t in tokens]
            if len(rest) <= _UNIT_GAP and all(w in grammar.verb_group for w in rest):
                return True
        elif a >= after:
            gap = text[after:a]
            words = WORDS.findall(folded, after, a)
            if (
                len(words) <= _UNIT_GAP
                and not any(c in gap for c in ",;:()")
                and grammar.unit_name_end.search(gap + " ") is None
            ):
                return True
    return False


def _name_tail(text: str, grammar: Grammar, token: re.Match[str]) -> bool:
    """Whether a word goes on with a unit's name: a word that joins a name, an article, an
    elided joining word ("d'administration"), or a capitalised word."""
    word = token.group()
    elided = "'" in word and word.split("'", 1)[0] + "'" in grammar.unit_name_joins
    return (
        word in grammar.unit_name_joins
        or word in grammar.article_words
        or elided
        or text[token.start()].isupper()
    )


def _settled(text: str, folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """Whether a verb of deciding read by its lemma is written as a decision made, a past
    participle or preterite ("decided", "décidé", "decidió", "entschieden") or an
    adjective ("entscheidend"), by its ending as written (`settled_endings`)."""
    if not trig.key.startswith(_DECIDES) or not trig.key.endswith(".lemma"):
        return False
    word = text[trig.start : trig.end].lower()
    if not grammar.settled_endings or not word.endswith(grammar.settled_endings):
        return False
    # "will be decided by the Board", "sera décidé par", "wird vom Vorstand entschieden":
    # a decision still to come
    start = clause_around(folded, trig.start, trig.end)[0]
    return grammar.future.search(folded, start, trig.start) is None


def _denied_inside(folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """Whether a phrase in two parts holds a denial between them ("führt das Projekt nicht
    weiter")."""
    return (
        trig.reach > trig.end
        and grammar.negations.search(folded, trig.start, trig.reach) is not None
    )


def _bracketed(folded: str, trig: Trigger) -> bool:
    """Whether a party's phrase stands inside brackets."""
    return folded.rfind("(", 0, trig.start) > folded.rfind(")", 0, trig.start)


def _labels(folded: str, trig: Trigger) -> bool:
    """Whether a party's phrase is a label before a colon ("Responsible: the IT Section")."""
    return folded[trig.end :].lstrip().startswith(":")
