"""Moves in time: whether a move is a postponement or a rescheduling, and its times.

A move is a move whatever the verb: its new time, compared with the planned one,
makes it a postponement (later) or a rescheduling (earlier). A move forward by a span
counts back from the plan; verb-final clauses name a chain of new times before the
verb ("auf Juni und dann erneut auf 2021 verschoben").
"""

from __future__ import annotations

from dataclasses import replace

from iflaplans.normalize.timeframe.arguments import argument_time, is_later
from iflaplans.normalize.timeframe.grammar_records import Grammar, StatusRule
from iflaplans.normalize.timeframe.predicates import Trigger
from iflaplans.normalize.timeframe.time_spans import YEAR_MONTHS, TimeSpan, months_on

# the rule of moves forward ("brought forward a year"), whose span counts back
ADVANCED = "advanced"


def news_type(
    rule: StatusRule, arg: TimeSpan | None, unit: bool, ref: tuple[int | None, float | None]
) -> str:
    """The event type a status rule reads with its argument: a move with a time becomes
    a postponement or a rescheduling by comparing it with ``ref`` (the planned year and
    month-like position), one with a unit or none a hand-over or a postponement."""
    if rule.type == "move" and arg is None:
        return "transferred" if unit else "postponed"
    if rule.type in ("postponed", "rescheduled") and arg is None:
        if rule.rule_id.split(".")[0] == ADVANCED and not unit and ".lemma" not in rule.rule_id:
            # "Brought forward": earlier, with or without a new date; a word read by its lemma
            # alone may say less ("les travaux avancent")
            return "rescheduled"
        # "2020 Rescheduled": with no new date nothing says it came earlier; the plan slips
        return "transferred" if unit else "postponed"
    if rule.type in ("move", "postponed", "rescheduled", "transferred") and arg is not None:
        later = is_later(arg, ref)
        if later is None:
            return "rescheduled" if rule.type == "rescheduled" else "postponed"
        return "postponed" if later else "rescheduled"
    return rule.type


def counted_back(time: TimeSpan, ref: tuple[int | None, float | None]) -> TimeSpan:
    """The time of a move forward by a span ("brought forward a year", "um ein Jahr
    vorgezogen", "avancé d'un trimestre"): the span counts back from the planned time
    ``ref`` (year, place in the year), not on from it."""
    planned_year, planned_order = ref
    if time.kind == "shift" and (planned_order is None or time.order is None):
        time = replace(time, kind="relative")  # whole years: counted back as "a year" is
    if time.kind == "shift" and None not in (planned_year, planned_order, time.order):
        # months counted on from the plan, counted back the same way instead
        went = YEAR_MONTHS * ((time.year_from or 0) - (planned_year or 0)) + (time.order or 0)
        year, place = months_on(planned_year or 0, planned_order or 0, (planned_order or 0) - went)
        return replace(time, year_from=year, year_to=year, order=place)
    if time.kind != "relative" or planned_year is None or time.year_from is None:
        return time
    if time.year_from <= planned_year:
        return time  # "Ins Vorjahr vorgezogen": the span already counts back
    year = 2 * planned_year - time.year_from
    return replace(time, year_from=year, year_to=year)


def dated_apart(time: TimeSpan, ref: tuple[int | None, float | None]) -> bool:
    """Whether a time can be told apart from the plan: another year, or a month-like
    position beside the plan's own ("2020 – wird im Oktober 2020 abgehalten" restates the
    planned year; "June 2020 – to be held in October 2020" moves it)."""
    year, order = ref
    return time.year_from != year or (time.order is not None and order is not None)


def verb_final_chain(
    folded: str,
    grammar: Grammar,
    trig: Trigger,
    arg: TimeSpan,
    front: TimeSpan,
    times: list[TimeSpan],
) -> tuple[TimeSpan, list[TimeSpan]]:
    """A move's times in verb-final order: "auf Juni und dann erneut auf 2021 verschoben",
    "2020 auf 2021 verschoben, dann erneut auf 2022". The first new time is the move's,
    each later one another move, in reading order."""
    before = [front]
    for t in reversed([t for t in times if t.end <= front.start and t.year_from is not None]):
        if not grammar.chain_lead.fullmatch(folded, t.end, before[0].start):
            break
        before.insert(0, t)
    ordered = before
    if arg is not front:
        if not grammar.chain_lead.fullmatch(folded, trig.end, arg.start):
            return arg, []
        ordered = [*before, arg]
    return ordered[0], ordered[1:]


def handed_time(
    folded: str,
    grammar: Grammar,
    trig: Trigger,
    limit: int,
    times: list[TimeSpan],
    others: list[Trigger],
    fronted: TimeSpan | None,
    ref: tuple[int | None, float | None],
) -> TimeSpan | None:
    """The new time a hand-over word names in place of a unit ("Auf 2021 übertragen",
    "transferred to 2021"): right after it, or brought in before its verb; only a time
    that can be told apart from the plan, since the plan's own time moves nothing."""
    found = argument_time(folded, grammar, trig, limit, times, others)
    time = found[0] if found is not None else fronted
    return time if time is not None and dated_apart(time, ref) else None
