"""A Timeframe cell -> status events, planned and effective years, current status.

The reading is a small pipeline, one module per step, composed in
:func:`read_timeframe`: time expressions (:mod:`.timex`) -> status phrases, the
predicates (:mod:`.predicates`) -> clauses and scope (:mod:`.clauses`, denials in
:mod:`.denials`) -> what each phrase takes (:mod:`.arguments`, moves in :mod:`.moves`)
-> the planned time (:mod:`.planned`, its notes in :mod:`.plan_notes`) and the status
events (:mod:`.status_events`, remarks on them in :mod:`.remarks`). The time expressions
before the first status phrase are the planned time; each status phrase that opens a
clause starts an event and keeps the words after what it takes as its note. Words no
rule understands become an ``unrecognized`` event with confidence 0, never a guess. A
cell the document's languages leave unrecognized, unless it is plainly written in them,
is read again with every language's vocabulary; such readings, like misspellings and
bare movement words, carry a confidence below 0.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from iflaplans.model.events import summarize_events
from iflaplans.normalize.timeframe.arguments import (
    fronted_time,
    origin_times,
    split_move_ranges,
    subject_times,
)
from iflaplans.normalize.timeframe.asides import congress_asides
from iflaplans.normalize.timeframe.clause_bounds import SOFT_BOUNDARY, STRIP, Clauses, boundaries
from iflaplans.normalize.timeframe.clauses import (
    HANDOVER,
    accepted_triggers,
    format_as,
    format_aside,
    takes_up,
)
from iflaplans.normalize.timeframe.denials import bare_denial, denial_scopes
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.handed_work import handed_work, sent_to_unit
from iflaplans.normalize.timeframe.line_entries import opens_entry
from iflaplans.normalize.timeframe.moves import verb_final_chain
from iflaplans.normalize.timeframe.plan_notes import (
    closed_condition,
    lead_in,
    leftover_words,
    qualifies,
    recurring_detail,
    recurring_occurrence,
    without_hedged,
)
from iflaplans.normalize.timeframe.planned import (
    EventReading,
    heading_spans,
    host_cities,
    listed_plans,
    place_spans,
    planned_event,
)
from iflaplans.normalize.timeframe.predicates import (
    GUESS_CONFIDENCE,
    MOVING,
    WORDS,
    Trigger,
    find_triggers,
)
from iflaplans.normalize.timeframe.progress import shares_as_progress
from iflaplans.normalize.timeframe.status_events import read_status_events
from iflaplans.normalize.timeframe.time_spans import TimeContext, TimeSpan
from iflaplans.normalize.timeframe.timex import fill_years, find_times, name_years
from iflaplans.normalize.timeframe.unit_arguments import (
    agent_spans,
    continuing_agents,
    taking_unit,
)
from iflaplans.normalize.timeframe.unit_parties import outside_names, party_readings, unit_names
from iflaplans.normalize.units import UnitIndex
from iflaplans.textutil import collapse, fold
from iflaplans.years import span_problem

# a cell of question marks and nothing to read: a doubt, not an empty cell
_QUERY = re.compile(r"[\W_]*[?¿][\W_]*")


@dataclass(frozen=True)
class DroppedYears:
    """Years an event named that were left empty: its words, and why they were dropped."""

    phrase: str
    reason: str


@dataclass(frozen=True)
class TimeframeReading:
    """Everything a Timeframe cell says.

    Every year in it is plausible (:mod:`iflaplans.years`); the years that were
    not are empty and listed in ``dropped``, so the caller can report them.
    """

    events: tuple[EventReading, ...]
    planned: tuple[int | None, int | None]
    effective: tuple[int | None, int | None]
    current_status: str
    dropped: tuple[DroppedYears, ...] = ()

    @property
    def unrecognized(self) -> tuple[EventReading, ...]:
        return tuple(e for e in self.events if e.event_type == "unrecognized")


def read_timeframe(
    cell: str, grammar: Grammar, units: UnitIndex, ctx: TimeContext
) -> TimeframeReading:
    """A Timeframe cell (and any Status text joined to it) -> its :class:`TimeframeReading`.

    ``ctx`` carries the plan period: recurring and open-ended times span it and
    relative years count from it, never from today's date.
    """
    # a line break inside a cell (a Word paragraph, an HTML <br>) separates updates
    text = "\n".join(line for line in (collapse(part) for part in cell.splitlines()) if line)
    known = grammar.readings.get((text, ctx))
    if known is not None:
        return known
    reading = _read(text, grammar, units, ctx)
    if (
        grammar.fallback is not None
        and (reading.unrecognized or _guesses(reading))
        and not _own_language(text, grammar)
    ):
        reading = _fallback_reading(reading, _read(text, grammar.fallback, units, ctx))
    grammar.readings[(text, ctx)] = reading
    return reading


def _with_line_plans(
    events: list[EventReading], line_plans: list[TimeSpan], text: str
) -> list[EventReading]:
    """The events with the plan of each labelled line before that line's news, in
    reading order."""
    # where each piece of news was read, in order: its phrase, searched from the last one
    places: list[int] = []
    cursor = 0
    for event in events:
        found = text.find(event.phrase, cursor) if event.event_type != "planned" else -1
        places.append(found)
        cursor = found + 1 if found >= 0 else cursor
    for time in sorted(line_plans, key=lambda t: t.start, reverse=True):
        plan = planned_event([time], text)
        if plan is None:
            continue
        at = next((i for i, p in enumerate(places) if p >= time.end), len(events))
        # "Étape 2) 2021" heads its own line: no part of the note of the news before it
        head = collapse(text[text.rfind("\n", 0, time.start) + 1 : time.end]).strip(STRIP)
        before = events[at - 1] if at else None
        if before is not None and before.note and head in before.note:
            note = before.note[: before.note.index(head)].strip(STRIP) or None
            events[at - 1] = replace(before, note=note)
        events = [*events[:at], plan, *events[at:]]
        places = [*places[:at], -1, *places[at:]]
    return events


def _moved_to(
    folded: str, grammar: Grammar, accepted: list[Trigger], trig: Trigger, time: TimeSpan
) -> bool:
    """Whether a time before a status phrase joined to a move by "and" is where the move
    went ("Postponed *to 2021* and converted to a virtual format"): the move's, not the
    later news's."""
    # joined to it by "and" ("Postponed to 2021 (later cancelled)" is the 2021 edition's)
    joined = any(w in grammar.joiners for w in WORDS.findall(folded, time.end, trig.start))
    return joined and any(
        t.rule.type in MOVING
        and t.end <= time.start
        and t.start < trig.start
        and "," not in folded[t.end : time.start]  # "Verzögert, im Frühjahr 2020 abgeschlossen"
        and grammar.destination_lead.fullmatch(folded, t.end, time.start) is not None
        for t in accepted
    )


def _own_language(text: str, grammar: Grammar) -> bool:
    """Whether the cell is plainly in one of the grammar's own languages ("2021 – report
    to the Board" in English is not French news), so other languages must not read it."""
    detect = grammar.cell_language
    return detect is not None and detect(text) in grammar.languages


def _unread_words(reading: TimeframeReading) -> int:
    return sum(len(WORDS.findall(e.phrase)) for e in reading.unrecognized)


def _guesses(reading: TimeframeReading) -> int:
    """Status words read as misspellings: "reporté" in an English plan is no slip of
    "reported" but a French word, which the other languages' words may read exactly."""
    return sum(e.rule_id.endswith(".misspelt") for e in reading.events)


def _fallback_reading(own: TimeframeReading, other: TimeframeReading) -> TimeframeReading:
    """The reading with every language's words, when it understands more than the
    document language's own, or as much with fewer guessed words; its status events go
    to review (confidence below 0.5)."""
    if (_unread_words(other), _guesses(other)) >= (_unread_words(own), _guesses(own)):
        return own
    events = tuple(
        e
        if e.event_type in ("planned", "unrecognized")
        else replace(
            e,
            confidence=min(e.confidence, GUESS_CONFIDENCE),
            rule_id=e.rule_id + ".other-language",
        )
        for e in other.events
    )
    return replace(other, events=events)


def _read(text: str, grammar: Grammar, units: UnitIndex, ctx: TimeContext) -> TimeframeReading:
    if not text:
        return TimeframeReading((), (None, None), (None, None), "planned")
    folded = fold(text)
    if grammar.formats.fullmatch(folded.strip(STRIP)) is not None:
        # "Virtual", "En ligne": a format with no event to qualify, for a person to read
        unread = EventReading(
            "unrecognized", None, None, None, None, None, text, 0.0, "unrecognized"
        )
        return _summarize([unread], None)
    times = fill_years(
        name_years(text, find_times(folded, grammar.time, ctx), ctx, grammar.time), ctx
    )
    triggers = find_triggers(folded, grammar, times)
    names = unit_names(text, folded, grammar, units)
    # "Library Publishing SIG": a name's words are no news; "consulting the X Section":
    # a unit's own act is news only where a unit acts through it
    triggers = party_readings(text, folded, grammar, times, outside_names(triggers, names), names)
    work, replaced = handed_work(folded, grammar, times, triggers)
    if work:  # "Proposal sent to the PC": a product handed over, not the work
        triggers = sorted([t for t in triggers if t not in replaced] + work, key=lambda t: t.start)
    # "Remitido a la Sección de Periódicos": the work itself sent to a unit that carries it on
    handed, replaced = sent_to_unit(text, folded, grammar, units, times, triggers)
    if handed:
        triggers = sorted(
            [t for t in triggers if t not in replaced] + handed, key=lambda t: t.start
        )
    # units named where a thing goes or who does it are no subject of the clause ("Zur
    # SIG Big Data verschoben", "The Standing Committee agreed … to defer")
    held = (
        [(a, b) for a, b, _ in names] + agent_spans(text, folded, grammar, triggers)
        if any(
            t.rule.type in HANDOVER or t.rule.type in MOVING or takes_up(folded, grammar, t)
            for t in triggers
        )
        else []
    ) + continuing_agents(text, folded, grammar, units, triggers)
    # "Beim WLIC 2019 in Athen durchgeführt": the city names the congress, no subject
    cities = host_cities(text, grammar, times, [(t.start, t.end) for t in triggers])
    held += cities
    hard = boundaries(folded, grammar, times)
    clauses = Clauses(
        tuple(hard),
        tuple(sorted(set(boundaries(folded, grammar, times, SOFT_BOUNDARY)) - set(hard))),
    )
    asides = congress_asides(folded, grammar, triggers, times)
    triggers = [t for t in triggers if not any(a <= t.start and t.end <= b for a, b in asides)]
    # the congress's year in such a clause is its own, not the activity's
    times = [t for t in times if not any(a <= t.start and t.end <= b for a, b in asides)]
    accepted, quiet = accepted_triggers(folded, grammar, triggers, times, held + asides, clauses)
    accepted = shares_as_progress(folded, grammar, accepted)
    bounds = [*clauses.hard, *clauses.soft]
    # "umgestellt und im Oktober 2020 durchgeführt": a time before a verb is its own from
    # the clause's start or the news before it in the clause, whichever comes later
    verbs = [t.end for t in triggers if not format_aside(folded, grammar, t)]
    starts = {
        t: max([b for b in bounds if b <= t.start] + [end for end in verbs if end <= t.start])
        for t in accepted
    }
    times = split_move_ranges(folded, grammar, accepted, times)
    head_end = accepted[0].start if accepted else len(text)
    # "Phase 1: 2019 – done\nPhase 2: 2021 – in progress": a time heading a later line
    # plans that line's entry, as a plan of its own
    line_plans = [
        t for t in times if t.start >= head_end and opens_entry(text, folded, grammar, t, accepted)
    ]
    fronted = {
        trig: time
        for trig in accepted
        if (time := fronted_time(folded, grammar, trig, times, starts[trig], held)) is not None
        and time not in line_plans
        and not _moved_to(folded, grammar, accepted, trig, time)
    }
    origins = origin_times(folded, grammar, accepted, times)
    subjects = {
        trig: time
        for trig, time in subject_times(folded, grammar, accepted, times).items()
        if time not in fronted.values() and time not in line_plans
    }
    # "2020 Auf 2021 und dann erneut auf 2022 verschoben": every time of the chain is new
    chained = {
        t
        for trig, front in fronted.items()
        if trig.rule.type in MOVING
        for t in _chain(verb_final_chain(folded, grammar, trig, front, front, times))
    }
    planned_times = [
        t
        for t in times
        if t.end <= head_end
        and t.year_from is not None
        and t.kind != "shift"  # "by six months": how far a move went, never a plan
        and t not in fronted.values()
        and t not in chained
    ]
    planned_times = without_hedged(folded, grammar, planned_times, bounds)
    occurrence = recurring_occurrence(folded, grammar, accepted, planned_times, clauses)
    if occurrence is not None:
        # "Annually; the 2020 edition was cancelled": one occurrence of a recurring plan
        subjects[accepted[0]] = occurrence
        planned_times.remove(occurrence)
    if origins and not planned_times:
        # "Brought forward from 2021 to 2020": the time it came from was the plan
        first = min(origins.values(), key=lambda t: t.start)
        planned_times.append(replace(first, year_to=first.year_from, kind="date"))
    listed = len(planned_times)
    # "Ongoing; 2021 completed": ongoing with no time before it plans the whole period,
    # and a later clause's year is that news's own
    open_ongoing = not planned_times and bool(accepted) and accepted[0].rule.type == "ongoing"
    for time in subjects.values():
        if time is occurrence or open_ongoing:
            continue
        # "2019: done; 2020: postponed": each year was planned. After a move, the year
        # of a later clause is the new one ("Moved to 2021; 2021 cancelled").
        earlier = [t for t in accepted if t.start < time.start]
        if any(t.rule.type in MOVING for t in earlier):
            continue
        if earlier and earlier[-1].rule.type in _RUNNING:
            continue  # "2020: in progress; 2021: completed": when the work ended, no plan
        planned_times.append(time)
    planned = planned_event(planned_times, text)
    understood = [(t.start, t.end) for t in times] + [(q.start, q.end) for q in quiet]
    understood += [(m.start(), m.end()) for m in grammar.labels.finditer(folded)] + asides
    understood += heading_spans(folded, times)
    understood += place_spans(text, folded, grammar, times) + cities
    understood += lead_in(planned_times, accepted)
    understood += recurring_detail(folded, grammar, planned_times, accepted)
    understood += denial_scopes(quiet, bounds, len(text))
    # "Herbst 2021 (als Webinar)": a format in brackets beside the time, read
    understood += [(t.start, t.end) for t in triggers if format_as(folded, grammar, t)]
    leftover = leftover_words(text, folded, 0, head_end, understood, grammar)
    if quiet and quiet[0].mood == "hedged" and not leftover and planned is not None:
        # "2023 – may be dropped": nothing happened; keep the words with the plan.
        scope = denial_scopes(quiet[:1], bounds, head_end, whole=False)[0]
        planned = replace(planned, note=collapse(text[scope[0] : scope[1]]).strip(STRIP))
    events: list[EventReading] = []
    condition = closed_condition(text, folded, grammar, planned_times, accepted, clauses.hard)
    if condition:  # "Subject to approval; 2021": nothing yet for the condition to qualify
        events.append(_unread(condition))
    # "La Section X a repris ce projet": a transfer, no work going on all period
    taken_up = bool(accepted) and takes_up(folded, grammar, accepted[0])
    if taken_up:
        opening = max(b for b in bounds if b <= accepted[0].start)
        taker = taking_unit(text, folded, grammar, units, accepted[0], opening, None)
        taken_up = taker is not None
    if (
        planned is None
        and accepted
        and accepted[0].rule.type == "ongoing"
        and not taken_up
        and ctx.period_start
    ):
        planned = EventReading(
            "planned",
            ctx.period_start,
            ctx.period_end or ctx.period_start,
            None,
            None,
            None,
            collapse(text[accepted[0].start : accepted[0].end]),
            0.8,
            _ONGOING_PERIOD,
        )
    if planned is not None:
        if leftover and accepted:
            planned = replace(planned, note=leftover)
        # times that open later clauses ("2019: done; 2020: postponed") make one plan
        whole = len(planned_times) > listed
        events += (
            [planned] if whole else listed_plans(planned, planned_times, folded, text, grammar)
        )
    events += read_status_events(
        text,
        folded,
        grammar,
        units,
        accepted,
        # a move's new time comes after; a line's opening time is that line's plan
        [t for t in times if t not in origins.values() and t not in line_plans],
        planned,
        planned_times,
        triggers,
        fronted,
        subjects,
        clauses,
    )
    events = _with_line_plans(events, line_plans, text)
    if planned is None and line_plans:
        # "Cancelled\n2021: revived": a labelled line's plan is the cell's plan
        planned = next((e for e in events if e.event_type == "planned"), None)
    if planned is not None and planned.rule_id == _ONGOING_PERIOD and _dated_ongoing(events, ctx):
        # "Ongoing in 2021": the ongoing has a year of its own, so it plans nothing
        events = [e for e in events if e is not planned]
        planned = None
    if leftover and not accepted and planned is not None and qualifies(leftover, grammar):
        # "2021, if funds allow", "2020 (virtual)": words that qualify the planned time
        last = max(i for i, e in enumerate(events) if e.event_type == "planned")
        events[last] = replace(events[last], note=leftover)
    elif leftover and not accepted:
        events.append(
            EventReading(
                "unrecognized", None, None, None, None, None, leftover, 0.0, "unrecognized"
            )
        )
    news = any(e.event_type != "planned" for e in events)
    denials = [] if news else [q for q in quiet if bare_denial(q, text, times)]
    if denials:
        # "2021 Not postponed", "Not yet started", "No longer on hold": a denial is no
        # event of its own, and a cell with no other news goes to review with its words
        # ("Not cancelled – postponed to 2022" says its news in the other clause)
        scope = denial_scopes(denials[:1], bounds, len(text), whole=False)[0]
        phrase = collapse(text[scope[0] : scope[1]]).strip(STRIP)
        events.append(
            EventReading(
                "unrecognized", None, None, None, None, None, phrase, 0.0, "unrecognized.denied"
            )
        )
    elif not events and _QUERY.fullmatch(text):
        # "?", "¿?": the writer did not know; a person should look
        events.append(
            EventReading(
                "unrecognized", None, None, None, None, None, text, 0.0, "unrecognized.query"
            )
        )
    return _summarize(events, planned)


_ONGOING_PERIOD = "default.ongoing-period"
# news that goes on or waits: a year in a clause after it is the next news's own time
_RUNNING = frozenset({"ongoing", "on_hold"})


def _unread(words: str, rule: str = "unrecognized") -> EventReading:
    return EventReading("unrecognized", None, None, None, None, None, words, 0.0, rule)


def _chain(found: tuple[TimeSpan, list[TimeSpan]]) -> list[TimeSpan]:
    return [found[0], *found[1]]


def _dated_ongoing(events: list[EventReading], ctx: TimeContext) -> bool:
    """Whether the cell's ongoing event names a year of its own within the plan that does
    not run on to the end of the period ("Ongoing in 2021", "Ongoing since 2020": when it
    began; not "Ongoing from 2020 to 2021" in a plan ending 2021, nor "since 1985")."""
    ongoing = next((e for e in events if e.event_type == "ongoing"), None)
    if ongoing is None or ongoing.year_from is None:
        return False
    if ctx.period_start is not None and ongoing.year_from < ctx.period_start:
        return False  # "Started in 1985": history before the plan, which still plans it
    return ongoing.year_to == ongoing.year_from or ongoing.year_to != ctx.period_end


def _drop_implausible(events: list[EventReading]) -> tuple[list[EventReading], list[DroppedYears]]:
    """Empty the years of every event whose span is implausible; the event itself stays."""
    kept: list[EventReading] = []
    dropped: list[DroppedYears] = []
    for event in events:
        reason = span_problem(event.year_from, event.year_to)
        if reason is not None:
            # a time that could not be read is for a person to look at
            confidence = min(event.confidence, GUESS_CONFIDENCE)
            event = replace(event, year_from=None, year_to=None, confidence=confidence)
            dropped.append(DroppedYears(event.phrase, reason))
        kept.append(event)
    return kept, dropped


def _summarize(events: list[EventReading], planned: EventReading | None) -> TimeframeReading:
    events, dropped = _drop_implausible(events)
    # Planned and effective years are read from the emptied events, so they stay in step.
    # Without a planned event (a cell that only reports) nothing was planned.
    counted = events if planned else [e for e in events if e.event_type != "planned"]
    summary = summarize_events(counted)
    planned_years, effective, status = summary.planned, summary.effective, summary.current_status
    return TimeframeReading(tuple(events), planned_years, effective, status, tuple(dropped))
