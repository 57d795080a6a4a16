"""The date a change of format names after it: "Converted to a webinar, scheduled for 18
Nov 2020", "In ein Webinar umgewandelt, Termin: 18. Nov. 2020", "Se hará de forma
virtual en noviembre de 2020". The change and its date are one piece of news: a
move online at that date, not a move online and then a rescheduling.
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.clause_bounds import content_words
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.time_spans import TimeSpan

# a comma or colon may stand before the date ("…, prévu le"), never a new sentence or line;
# a semicolon only before a clause that names the date and nothing else ("…; previsto
# para noviembre de 2020", not "…; am 12. Nov. 2020 durchgeführt")
_NO_CLAUSE = re.compile(r"\n|\.(?=\s|$)|\s[-–—]\s")
_CLAUSE_END = re.compile(r"[;\n]|\.(?=\s|$)")


def scheduled_time(
    folded: str, grammar: Grammar, start: int, limit: int, times: list[TimeSpan]
) -> TimeSpan | None:
    """The first dated time in folded[start:limit] when only format words, fillers and
    words for a date ("scheduled for", "prévu le", `schedule_leads`) stand before it."""
    dated = [t for t in times if t.year_from is not None and start <= t.start < limit]
    if not dated:
        return None
    time = dated[0]
    between = folded[start : time.start]
    if _NO_CLAUSE.search(between):
        return None
    if ";" in between:
        end = _CLAUSE_END.search(folded, time.end)
        if content_words(folded[time.end : end.start() if end else len(folded)], grammar):
            return None
        between = between.replace(";", " ")
    between = grammar.formats.sub(" ", between)
    if grammar.schedule_leads is not None:
        between = grammar.schedule_leads.sub(" ", between)
    return None if content_words(between, grammar) else time


def scheduled_after(folded: str, grammar: Grammar, start: int, time: TimeSpan) -> bool:
    """Whether a word for a date brings in ``time`` after ``start``: "…, Termin: 18. Nov."."""
    leads = grammar.schedule_leads
    return leads is not None and leads.search(folded, start, time.start) is not None
