"""Denied and hedged status phrases: "not cancelled", "may be dropped".

A denial or a possibility leaves the plan as it was; its clause is understood, not
news. A denial that is all the news a cell has goes to review with its words.
"""

from __future__ import annotations

from iflaplans.normalize.timeframe.predicates import Trigger
from iflaplans.normalize.timeframe.time_spans import TimeSpan


def bare_denial(trig: Trigger, text: str, times: list[TimeSpan]) -> bool:
    """Whether a denied status phrase is all the news a cell has ("2021 Not postponed",
    "Noch nicht begonnen"), which a person should read. A denial in brackets ("2020 (not
    cancelled)"), one before the time the cell goes on to name ("Not postponed – still
    WLIC 2021"), or one of a hand-over or a change of format ("not moved online", "not
    handed to the IT Section") leaves the plan as written."""
    if trig.mood != "negated" or trig.rule.type in _DENIED_TARGET:
        return False
    if text[: trig.start].rstrip().endswith("("):
        return False
    return not any(t.start >= trig.end and t.year_from is not None for t in times)


# denials that name what the activity will not become: the plan stands
_DENIED_TARGET = frozenset({"transferred", "under_discussion", "moved_online"})
# moods of a status phrase that leave the plan as it was: "not moved", "may be dropped"
_ASIDES = frozenset({"negated", "hedged"})


def denial_scopes(
    quiet: list[Trigger], bounds: list[int], length: int, whole: bool = True
) -> list[tuple[int, int]]:
    """A denial's own clause ("2022 – won't be moved online", "in the end not handed to
    the IT Section after all"): the plan stands and the words say so; a later clause is
    news. Not ``whole``: from the denial on, without the words that open its clause."""
    return [
        (
            max([b for b in bounds if b <= q.start] + [0]) if whole else q.start,
            min([b for b in bounds if b > q.end] + [length]),
        )
        for q in quiet
        if q.mood in _ASIDES
    ]
