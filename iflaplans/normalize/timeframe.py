"""A Timeframe cell -> status events, planned and effective years, current status.

The reading is a small pipeline, one module per step, composed in :func:`read_timeframe`:
time expressions (:mod:`.timex`) -> status phrases, the predicates (:mod:`.predicates`)
-> clauses and scope (:mod:`.clauses`) -> what each phrase takes (:mod:`.arguments`) ->
the planned time (:mod:`.planned`) and the status events (here). The time expressions
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
from iflaplans.normalize.arguments import (
    MOVES,
    MOVING,
    agent_spans,
    argument_time,
    argument_unit,
    chained_times,
    format_after,
    fronted_time,
    is_later,
    origin_times,
    split_move_ranges,
    subject_times,
    time_in_clause,
    unit_before,
)
from iflaplans.normalize.clauses import (
    HANDOVER,
    MAX_SUBJECT_WORDS,
    SOFT_BOUNDARY,
    STRIP,
    Clauses,
    accepted_triggers,
    boundaries,
    content_words,
)
from iflaplans.normalize.grammar import Grammar, StatusRule
from iflaplans.normalize.planned import (
    EventReading,
    heading_spans,
    listed_plans,
    place_spans,
    planned_event,
)
from iflaplans.normalize.predicates import (
    GUESS_CONFIDENCE,
    WORDS,
    Trigger,
    find_triggers,
)
from iflaplans.normalize.timex import TimeContext, TimeSpan, find_times
from iflaplans.normalize.units import UnitIndex
from iflaplans.textutil import collapse, fold
from iflaplans.years import span_problem

_DATE_LIKE = re.compile(r"\d{3,}|\d+\s?[./-]\s?\d+")


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


def _fill_years(times: list[TimeSpan], ctx: TimeContext) -> list[TimeSpan]:
    """Give year-less spans the year named before them in the cell, else the plan's first."""
    filled = []
    last = ctx.period_start
    for span in times:
        if span.kind.startswith("relative"):
            base = last if last is not None else ctx.period_start
            if base is not None:
                year = base + int(span.kind[len("relative") :])
                span = replace(span, year_from=year, year_to=year, kind="relative")
        elif span.year_from is None and span.kind != "vague" and last is not None:
            span = replace(span, year_from=last, year_to=last, kind="contextual")
        if span.year_to is not None:
            last = span.year_to
        filled.append(span)
    return filled


# ------------------------------------------------------------------ building events


def _leftover(
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


def _event_type(
    rule: StatusRule, arg: TimeSpan | None, unit: bool, ref: tuple[int | None, float | None]
) -> str:
    if rule.type == "move" and arg is None:
        return "transferred" if unit else "postponed"
    if rule.type in ("postponed", "rescheduled") and arg is None:
        # "2020 Rescheduled": with no new date nothing says it came earlier; the plan slips
        return "transferred" if unit else "postponed"
    if rule.type in ("move", "postponed", "rescheduled", "transferred") and arg is not None:
        later = is_later(arg, ref)
        if later is None:
            return "rescheduled" if rule.type == "rescheduled" else "postponed"
        return "postponed" if later else "rescheduled"
    return rule.type


def _status_events(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    accepted: list[Trigger],
    times: list[TimeSpan],
    planned: EventReading | None,
    planned_times: list[TimeSpan],
    others: list[Trigger],
    fronted: dict[Trigger, TimeSpan],
    subjects: dict[Trigger, TimeSpan],
    clauses: Clauses,
) -> list[EventReading]:
    events: list[EventReading] = []
    sources: list[Trigger] = []  # the trigger of each event
    ref_span = planned_times[0] if planned_times else None
    ref = (ref_span.year_from, ref_span.order) if ref_span else (None, None)
    year_hint = planned.year_from if planned else None
    bounds = clauses.hard
    for i, trig in enumerate(accepted):
        limit = len(text)
        if i + 1 < len(accepted):
            following = accepted[i + 1]
            limit = subjects[following].start if following in subjects else following.start
        arg = None
        sure = 0.95
        # "Im März 2021 an … übertragen": a hand-over's own time, written before it
        when_before = fronted.get(trig) if trig.rule.takes == "unit" else None
        if trig.rule.takes in ("time", "time_or_unit"):
            found = argument_time(folded, grammar, trig, limit, times, others)
            if found is not None:
                arg, sure = found
            elif trig in fronted:
                arg, sure = fronted[trig], 0.8
            elif trig in subjects and trig.rule.type not in MOVING:
                arg, sure = subjects[trig], 0.9  # "2021: cancelled"
        if arg is not None and trig.rule.rule_id.split(".")[0] == _ADVANCED:
            arg = _counted_back(arg, ref[0])
        extra: list[TimeSpan] = []
        if arg is not None and trig in fronted and trig.rule.type in MOVING:
            arg, extra = _verb_final_chain(folded, grammar, trig, arg, fronted[trig], times)
        unit = None
        # a move whose argument is a unit is a hand-over, whatever the verb ("moved to
        # the X Section", "remis à la Section Y")
        if arg is None and trig.rule.takes in ("unit", "time_or_unit"):
            unit = argument_unit(text, folded, grammar, units, trig, limit, year_hint, times)
        elif arg is None and trig.rule.type in MOVING:
            unit = argument_unit(text, folded, grammar, units, trig, limit, year_hint, times)
            unit = unit if unit is not None and _names_unit(unit, units) else None
        clause = max(b for b in bounds if b <= trig.start)
        if unit is None and arg is None and trig.rule.type in HANDOVER:
            unit = unit_before(text, folded, grammar, units, trig, clause, year_hint)
        kind = _event_type(trig.rule, arg, unit is not None, ref)
        bare_move = kind == "postponed" and arg is None and unit is None
        if (
            bare_move
            and trig.rule.type == "move"
            and (
                format_after(folded, grammar, trig.end)
                or grammar.formats.search(folded, clause, trig.start) is not None
            )
        ):
            kind = "moved_online"  # "switched to a virtual format", "auf Online umgestellt"
        if kind == "ongoing" and _discussion_beside(folded, grammar, trig, clause, limit):
            kind = "under_discussion"  # "talks ongoing with partners", "Gespräche laufen"
        when = when_before
        if kind == "transferred" and arg is None and when is None:
            # "Handed to the IT Section in March 2021", "Im März 2021 an … übertragen"
            when = time_in_clause(folded, grammar, trig, clause, limit, times, planned_times)
        if trig.mood == "future":
            # "2020 ... to be held in 2021": only a later (or earlier) time is news.
            later = is_later(arg, ref) if arg is not None and _dated_apart(arg, ref) else None
            reach = max(trig.end, arg.end if arg else trig.end, trig.reach)
            if later is None and grammar.formats.search(folded, clause, reach) is not None:
                # "wird im November 2020 virtuell durchgeführt": a decided change of format
                kind = "moved_online"
            elif later is None:
                continue
            else:
                kind = "postponed" if later else "rescheduled"
        end = max(arg.end, trig.end) if arg else unit[1] if unit else trig.end
        end = max(end, trig.reach) if trig.reach <= limit else end
        begin = min(arg.start, trig.start) if arg else trig.start  # a fronted time leads
        confidence = sure if arg or unit or trig.rule.takes in ("none", "time", "unit") else 0.6
        if unit is not None:
            confidence = min(confidence, unit[2])
        if trig.rule.type == "move" and arg is None and unit is None and kind != "moved_online":
            confidence = GUESS_CONFIDENCE  # a bare movement word: a person should look
        note = collapse(text[end:limit]).strip(STRIP) or None
        if note and not content_words(fold(note), grammar) and not re.search(r"\d", note):
            note = None  # only "and", "then" and the like: no words worth keeping
        if trig.misspelt:
            confidence = min(confidence, GUESS_CONFIDENCE)
        if trig.mood == "negated":
            kind, arg, unit, confidence = "unrecognized", None, None, 0.0
            end = trig.end
        if arg is not None and arg.kind == "open" and kind in _STATES_BEGUN:
            # "Paused since March 2020": the state began then; only an activity runs on
            arg = replace(arg, year_to=arg.named_to or arg.year_from)
        events.append(
            EventReading(
                event_type=kind,
                year_from=arg.year_from if arg else when.year_from if when else None,
                year_to=arg.year_to if arg else when.year_to if when else None,
                month=arg.month if arg else when.month if when else None,
                target_unit=unit[0]
                if unit and kind in ("transferred", "under_discussion")
                else None,
                note=note,
                phrase=collapse(text[begin:end]),
                confidence=confidence,
                rule_id=trig.key
                + (f".{trig.mood}" if trig.mood else "")
                + (".misspelt" if trig.misspelt else ""),
            )
        )
        sources.append(trig)
        if arg is not None and kind in MOVES:
            ref = (arg.year_from, arg.order)
            # "delayed to June and again to 2021": each new time is another move
            last = replace(extra[-1], end=max(extra[-1].end, trig.end)) if extra else arg
            for again in extra + chained_times(folded, grammar, last, limit, times):
                later = is_later(again, ref)
                chained = "rescheduled" if later is False else "postponed"
                events.append(
                    replace(
                        events[-1],
                        event_type=chained,
                        year_from=again.year_from,
                        year_to=again.year_to,
                        month=again.month,
                        note=None,
                        phrase=collapse(text[arg.end : again.end]).strip(STRIP),
                        confidence=min(events[-1].confidence, 0.8),
                        rule_id=events[-1].rule_id + ".again",
                    )
                )
                sources.append(trig)
                ref, arg = (again.year_from, again.order), again
    events, sources = _fold_remarks(events, sources)
    return _drop_stand_ins(_drop_congress_cancellations(events, sources, times, folded, grammar))


def _drop_stand_ins(events: list[EventReading]) -> list[EventReading]:
    """A change of format told after the activity's cancellation ("Cancelled; replaced by
    a short online meeting", "abgesagt; stattdessen virtuelles Treffen") names what stands
    in for it: the activity itself changed nothing, so the words are the cancellation's
    note."""
    kept: list[EventReading] = []
    for event in events:
        news = [i for i, e in enumerate(kept) if e.event_type not in ("planned", "unrecognized")]
        if event.event_type == "moved_online" and news and kept[news[-1]].event_type == "cancelled":
            before = kept[news[-1]]
            words = " ".join(w for w in (before.note, event.phrase, event.note) if w)
            kept[news[-1]] = replace(before, note=words)
            continue
        kept.append(event)
    return kept


_ADVANCED = "advanced"


def _counted_back(time: TimeSpan, planned_year: int | None) -> TimeSpan:
    """The time of a move forward by a span ("brought forward a year", "um ein Jahr
    vorgezogen"): the span counts back from the planned year, not on from it."""
    if time.kind != "relative" or planned_year is None or time.year_from is None:
        return time
    year = 2 * planned_year - time.year_from
    return replace(time, year_from=year, year_to=year)


def _dated_apart(time: TimeSpan, ref: tuple[int | None, float | None]) -> bool:
    """Whether a time can be told apart from the plan: another year, or a month-like
    position beside the plan's own ("2020 – wird im Oktober 2020 abgehalten" restates the
    planned year; "June 2020 – to be held in October 2020" moves it)."""
    year, order = ref
    return time.year_from != year or (time.order is not None and order is not None)


def _names_unit(unit: tuple[str, int, float], units: UnitIndex) -> bool:
    """Whether a time word's argument is plainly a unit: a known one, or one named with a
    kind of unit ("the Big Data SIG"), not any capitalised words ("das folgende Jahr")."""
    return unit[2] >= 0.95 or any(fold(w) in units.heads for w in WORDS.findall(unit[0]))


def _discussion_beside(
    folded: str, grammar: Grammar, trig: Trigger, clause: int, limit: int
) -> bool:
    """Whether a word for talks stands right before or after an ongoing phrase, in its
    clause: then what goes on is a discussion."""
    if grammar.discussions is None:
        return False
    # the subject of the clause ("Gespräche mit dem Verlag laufen"), or the word after
    # ("ongoing talks")
    before = WORDS.findall(folded[clause : trig.end])[-6:]
    after = WORDS.findall(folded[trig.end : limit])[:1]
    return any(grammar.discussions.fullmatch(w) for w in (*before, *after))


def _verb_final_chain(
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


def _fold_remarks(
    events: list[EventReading], sources: list[Trigger]
) -> tuple[list[EventReading], list[Trigger]]:
    """ "Delayed – awaiting funding", "Cancelled; to be decided": after news, a discussion
    that names no unit is a remark on that news (its note), not news of its own."""
    kept: list[EventReading] = []
    kept_sources: list[Trigger] = []
    for event, trig in zip(events, sources, strict=True):
        if kept and _remark_on(kept[-1], event):
            last = kept[-1]
            remark = " ".join(p for p in (last.note, event.phrase, event.note) if p)
            kept[-1] = replace(last, note=remark)
            continue
        kept.append(event)
        kept_sources.append(trig)
    return kept, kept_sources


def _remark_on(news: EventReading, event: EventReading) -> bool:
    """Whether an event after ``news`` only remarks on it: a discussion that names no
    unit, a denial ("postponed – no new date yet"), or a move with no time of its own
    after a move ("verschoben, neuer Termin offen")."""
    if news.event_type == "planned":
        return False
    if event.event_type == "under_discussion" and event.target_unit is None:
        return True
    if event.event_type == "unrecognized" and event.rule_id.endswith(".negated"):
        return True
    return (
        news.event_type in MOVES
        and event.event_type in MOVES
        and event.year_from is None
        and event.target_unit is None
    )


def _drop_congress_cancellations(
    events: list[EventReading],
    sources: list[Trigger],
    times: list[TimeSpan],
    folded: str,
    grammar: Grammar,
) -> list[EventReading]:
    """ "WLIC 2020 cancelled; session moved to WLIC 2021", "the congress was cancelled,
    but our webinar went ahead online", "the congress went virtual; our panel was held
    online": the congress was cancelled or changed its format, not the activity, whose
    own news follows; the congress's news is not the activity's event."""
    kept = []
    for i, (event, trig) in enumerate(zip(events, sources, strict=True)):
        later = any(e.event_type not in ("planned", "unrecognized") for e in events[i + 1 :])
        if (
            event.event_type in _CONGRESS_NEWS
            and later
            and _about_congress(folded, grammar, trig, times)
        ):
            continue
        kept.append(event)
    return kept


_CONGRESS_NEWS = frozenset({"cancelled", "moved_online"})


def _about_congress(folded: str, grammar: Grammar, trig: Trigger, times: list[TimeSpan]) -> bool:
    """Whether the words right before a status phrase name a congress as its subject."""
    before = folded[max(0, trig.start - 40) : trig.start]
    subject = next((t for t in reversed(times) if t.end <= trig.start), None)
    if subject is not None and subject.congress:
        between = folded[subject.end : trig.start]
        if not content_words(between, grammar):
            return True
    words = WORDS.findall(before)[-MAX_SUBJECT_WORDS - 2 :]
    return any(grammar.time.congress_word.fullmatch(w) for w in words)


# ------------------------------------------------------------------ the cell


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
    times = _fill_years(find_times(folded, grammar.time, ctx), ctx)
    triggers = find_triggers(folded, grammar, times)
    held = (
        [(u.start, u.end) for u in units.scan(text)] + agent_spans(text, folded, grammar, triggers)
        if any(t.rule.type in HANDOVER for t in triggers)
        else []
    )
    hard = boundaries(folded, grammar, times)
    clauses = Clauses(
        tuple(hard),
        tuple(sorted(set(boundaries(folded, grammar, times, SOFT_BOUNDARY)) - set(hard))),
    )
    accepted, quiet = accepted_triggers(folded, grammar, triggers, times, held, clauses)
    bounds = [*clauses.hard, *clauses.soft]
    fronted = {
        trig: time
        for trig in accepted
        if (
            time := fronted_time(
                folded, grammar, trig, times, max(b for b in bounds if b <= trig.start), held
            )
        )
        is not None
    }
    times = split_move_ranges(folded, grammar, accepted, times)
    origins = origin_times(folded, grammar, accepted, times)
    subjects = {
        trig: time
        for trig, time in subject_times(folded, grammar, accepted, times).items()
        if time not in fronted.values()
    }
    head_end = accepted[0].start if accepted else len(text)
    planned_times = [
        t
        for t in times
        if t.end <= head_end and t.year_from is not None and t not in fronted.values()
    ]
    planned_times = _without_hedged(folded, grammar, planned_times, bounds)
    occurrence = _occurrence(folded, grammar, accepted, planned_times, clauses)
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
        if not any(t.rule.type in MOVING for t in accepted if t.start < time.start):
            planned_times.append(time)
    planned = planned_event(planned_times, text)
    understood = [(t.start, t.end) for t in times] + [(q.start, q.end) for q in quiet]
    understood += [(m.start(), m.end()) for m in grammar.labels.finditer(folded)]
    understood += heading_spans(folded, times)
    understood += place_spans(text, folded, grammar, times)
    understood += _lead_in(planned_times, accepted)
    understood += _recurring_detail(folded, grammar, planned_times, accepted)
    understood += _denial_scopes(quiet, bounds, len(text))
    leftover = _leftover(text, folded, 0, head_end, understood, grammar)
    if quiet and quiet[0].mood == "hedged" and not leftover and planned is not None:
        # "2023 – may be dropped": nothing happened; keep the words with the plan.
        scope = _denial_scopes(quiet[:1], bounds, head_end, whole=False)[0]
        planned = replace(planned, note=collapse(text[scope[0] : scope[1]]).strip(STRIP))
    events: list[EventReading] = []
    if planned is None and accepted and accepted[0].rule.type == "ongoing" and ctx.period_start:
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
    events += _status_events(
        text,
        folded,
        grammar,
        units,
        accepted,
        [t for t in times if t not in origins.values()],  # a move's new time comes after
        planned,
        planned_times,
        triggers,
        fronted,
        subjects,
        clauses,
    )
    if planned is not None and planned.rule_id == _ONGOING_PERIOD and _dated_ongoing(events, ctx):
        # "Ongoing in 2021": the ongoing has a year of its own, so it plans nothing
        events = [e for e in events if e is not planned]
        planned = None
    if leftover and not accepted and planned is not None and _qualifies(leftover, grammar):
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
    denials = [] if news else [q for q in quiet if _bare_denial(q, text, times)]
    if denials:
        # "2021 Not postponed", "Not yet started", "No longer on hold": a denial is no
        # event of its own, and a cell with no other news goes to review with its words
        # ("Not cancelled – postponed to 2022" says its news in the other clause)
        scope = _denial_scopes(denials[:1], bounds, len(text), whole=False)[0]
        phrase = collapse(text[scope[0] : scope[1]]).strip(STRIP)
        events.append(
            EventReading(
                "unrecognized", None, None, None, None, None, phrase, 0.0, "unrecognized.denied"
            )
        )
    elif not events and _QUERY.fullmatch(text):
        # "??", "¿?": the writer did not know; a person should look
        events.append(
            EventReading(
                "unrecognized", None, None, None, None, None, text, 0.0, "unrecognized.query"
            )
        )
    return _summarize(events, planned)


def _bare_denial(trig: Trigger, text: str, times: list[TimeSpan]) -> bool:
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
# a cell of question marks and nothing to read: a doubt, not an empty cell
_QUERY = re.compile(r"[\W_]*(?:\?[\W_]*\?|¿)[\W_]*")
# states that begin at the time they name and do not run over the rest of the period
_STATES_BEGUN = frozenset({"on_hold", "cancelled", "completed", "transferred", "under_discussion"})
# moods of a status phrase that leave the plan as it was: "not moved", "may be dropped"
_ASIDES = frozenset({"negated", "hedged"})


_ONGOING_PERIOD = "default.ongoing-period"


def _dated_ongoing(events: list[EventReading], ctx: TimeContext) -> bool:
    """Whether the cell's ongoing event names a year of its own that does not run on to
    the end of the period ("Ongoing in 2021", not "Ongoing since 2019" nor "since 1985")."""
    ongoing = next((e for e in events if e.event_type == "ongoing"), None)
    if ongoing is None or ongoing.year_from is None:
        return False
    if ctx.period_start is not None and ongoing.year_from < ctx.period_start:
        return False  # "Started in 1985": history before the plan, which still plans it
    return ongoing.year_to == ongoing.year_from or ongoing.year_to != ctx.period_end


def _denial_scopes(
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


def _without_hedged(
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


_DETAIL_WORDS = 2  # "Monthly calls", "Réunions mensuelles": a recurring thing's name


def _recurring_detail(
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
    return [(last.end, len(folded))] if len(words) <= _DETAIL_WORDS else []


def _lead_in(planned_times: list[TimeSpan], accepted: list[Trigger]) -> list[tuple[int, int]]:
    """Words before the first planned time of a cell with no status ("Cape Town 2015",
    "Probably 2023", "Survey: end of 2021"): they name what, where or how surely the plan
    holds, not news. Only words after a plain time can be news nothing understood."""
    if accepted or not planned_times:
        return []
    return [(0, min(t.start for t in planned_times))]


def _occurrence(
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


def _qualifies(words: str, grammar: Grammar) -> bool:
    """Whether ``words`` open with a condition, a reason or a format: a note, not news."""
    head = fold(words).lstrip(STRIP + " ?!")  # "2019?? depends on approval": a doubt
    return any(
        p.match(head) is not None for p in (grammar.conditions, grammar.reasons, grammar.formats)
    )


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
