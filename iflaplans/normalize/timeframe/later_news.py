"""Later status phrases of one clause: news of their own, or details of the news before.

"Pasó a modalidad virtual y se realizó en octubre" tells two updates joined by "and";
"Finished; final report submitted to the PC" tells what happened to a part of the work,
a detail of the news before it; "als Webinar durchgeführt" tells how a thing was held.
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.clause_bounds import (
    BOUNDARY,
    SOFT_BOUNDARY,
    content_words,
    first_stop,
)
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger, decision_before
from iflaplans.normalize.timeframe.time_spans import TimeSpan


def held_so(
    folded: str,
    grammar: Grammar,
    trig: Trigger,
    triggers: list[Trigger],
    times: list[TimeSpan],
    clause: int,
) -> bool:
    """Whether a format word stands right before a completion in the past ("als Webinar
    durchgeführt", "virtuell abgehalten"): the format of what was held, no change still
    to come; "wird als Webinar durchgeführt" is one."""
    if trig.rule.type != "moved_online":
        return False
    phrase = folded[trig.start : trig.end]
    if not any(grammar.formats.fullmatch(p) for p in (phrase, phrase.split(" ", 1)[-1])):
        return False  # "se tiendra en ligne": a whole phrase of change
    verb = next((t for t in triggers if t.start >= trig.end), None)
    if verb is None or verb.rule.type != "completed" or verb.mood == "future":
        return False
    if decision_before(folded, grammar, verb.start) is not None:
        return False  # "beschloss, den Workshop als Webinar durchzuführen": a plan
    gap = folded[trig.end : verb.start]
    for t in times:  # "als Webinar im Oktober 2020 durchgeführt"
        if trig.end <= t.start and t.end <= verb.start:
            gap = gap.replace(folded[t.start : t.end], " ")
    gap = grammar.formats.sub(" ", gap)  # "per Zoom aus der Ferne durchgeführt": one manner
    if BOUNDARY.search(gap) or SOFT_BOUNDARY.search(gap) or not grammar.fillers.fullmatch(gap):
        return False  # "moved online; held on 12 October": two updates
    if any(w in grammar.joiners for w in WORDS.findall(gap)):
        return False
    return not in_future(folded[clause : trig.start], grammar)


def joined(folded: str, grammar: Grammar, news: Trigger, trig: Trigger) -> int | None:
    """Where an update joined to the news before it by "and" starts ("Pasó a modalidad
    virtual y se realizó en octubre"): another kind of news is news of its own."""
    if news.rule.type == trig.rule.type or not grammar.joiners:
        return None
    words = list(WORDS.finditer(folded, news.end, trig.start))
    if not words or words[-1].group() not in grammar.joiners:
        return None
    return words[-1].end()


# news about the work as a whole, after which a part's news is a detail of it
_WHOLE_WORK = frozenset({"ongoing", "completed"})
_DETAIL_NEWS = frozenset({"completed", "transferred", "postponed", "move"})


def detail(
    folded: str, grammar: Grammar, news: Trigger, trig: Trigger, before: str, times: list[TimeSpan]
) -> bool:
    """Whether ``trig`` tells what happened to a part or product of the work ("draft
    about 60% complete", "informe entregado al Comité") after news of the whole: that
    news's note. After ongoing, a part's news with its own time may still be news."""
    if news.rule.type not in _WHOLE_WORK or trig.rule.type not in _DETAIL_NEWS:
        return False
    said = folded[trig.start : trig.end]  # "report presented": the part may be in the phrase
    sent = grammar.sending_verbs
    if (
        news.rule.type == "completed"
        and sent is not None
        and sent.match(said) is not None
        and not content_words(before, grammar)
    ):
        return True  # "Finalised and sent to the PC": what was finished was sent on
    if not any(w in grammar.deliverables for w in WORDS.findall(before + " " + said)):
        return False
    dated = own_time(folded, grammar, trig, times)
    if (
        dated
        and own_time(folded, grammar, news, times)
        and re.search(r"[;\n]", folded[news.end : trig.start])
    ):
        # "Webinar held 4 June 2020; report published Sept 2020": two pieces of news,
        # each with its own time
        return False
    return news.rule.type == "completed" or not dated


def own_time(folded: str, grammar: Grammar, trig: Trigger, times: list[TimeSpan]) -> bool:
    """Whether a dated time follows a status phrase in its clause."""
    stop = first_stop(folded, grammar, trig.end, len(folded))
    end = stop.start() if stop else len(folded)
    return any(trig.end <= t.start < end and t.year_from is not None for t in times)


def looked_ahead(folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """Whether a status word is the subject of a verb in the future right after it ("la
    reprise sera réexaminée en 2022", "the cancellation will be reviewed"): a look
    ahead, which is the note of the news before it."""
    after = re.match(r"\s+([\w']+(?:\s+[\w']+)?)", folded[trig.end :])
    if after is None:
        return False
    words = after.group(1).split()
    return any(grammar.future.fullmatch(" ".join(words[:n])) for n in (1, 2))


def in_future(before: str, grammar: Grammar) -> bool:
    """Whether the words of a clause before its status word put it in the future: a
    future word right before it ("will be held"), or one that opens a German verb-final
    clause ("wird der Workshop im November online angeboten")."""
    if grammar.future.search(before):
        return True
    return any(grammar.future.fullmatch(w) for w in WORDS.findall(before))
