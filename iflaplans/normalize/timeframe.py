"""A Timeframe cell -> status events, planned and effective years, current status.

The cell is read left to right: the time expressions before the first status
phrase are the planned time; each status phrase that opens a clause starts an
event, takes a time or a unit after it when its rule says so, and keeps the
words after that as its note. Words no rule understands become an
``unrecognized`` event with confidence 0, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from iflaplans.normalize.grammar import Grammar, StatusRule
from iflaplans.normalize.timex import TimeContext, TimeSpan, find_times
from iflaplans.normalize.units import UnitIndex
from iflaplans.textutil import collapse, fold

_BOUNDARY = re.compile(r";|\.(?=\s|$)|\s[-–—]\s|—|\n|!|\?")
_WORDS = re.compile(r"[^\W\d_][^\W_]*(?:'[^\W_]+)?")
_STRIP = " \t,.;:–—-…()[]"
_MOVES = frozenset({"postponed", "rescheduled"})
_MAX_SUBJECT_WORDS = 2


@dataclass(frozen=True)
class EventReading:
    """One event read from a cell, before it is tied to an activity."""

    event_type: str
    year_from: int | None
    year_to: int | None
    month: int | None
    target_unit: str | None
    note: str | None
    phrase: str
    confidence: float
    rule_id: str


@dataclass(frozen=True)
class TimeframeReading:
    """Everything a Timeframe cell says."""

    events: tuple[EventReading, ...]
    planned: tuple[int | None, int | None]
    effective: tuple[int | None, int | None]
    current_status: str

    @property
    def unrecognized(self) -> tuple[EventReading, ...]:
        return tuple(e for e in self.events if e.event_type == "unrecognized")


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    rule: StatusRule
    key: str


# ------------------------------------------------------------------ finding the pieces


def _triggers(folded: str, grammar: Grammar, times: list[TimeSpan]) -> list[_Trigger]:
    doc = grammar.nlp.make_doc(folded)
    found = []
    for match_id, start, end in grammar.matcher(doc):
        key = grammar.nlp.vocab.strings[match_id]
        span = doc[start:end]
        c0, c1 = span.start_char, span.end_char
        if any(t.start < c1 and c0 < t.end for t in times):
            continue  # a word inside a time expression ("mid-term", "May")
        found.append(_Trigger(c0, c1, grammar.rules[key], key))
    chosen: list[_Trigger] = []
    for trig in sorted(found, key=lambda t: (-(t.end - t.start), t.start)):
        if not any(c.start < trig.end and trig.start < c.end for c in chosen):
            chosen.append(trig)
    return sorted(chosen, key=lambda t: t.start)


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


def _boundaries(folded: str, grammar: Grammar, times: list[TimeSpan]) -> list[int]:
    """Offsets where a new clause may start: after ; . – and connectors such as "then"."""
    ends = [0]
    for m in _BOUNDARY.finditer(folded):
        if not any(t.start <= m.start() < t.end for t in times):
            ends.append(m.end())
    ends.extend(m.start() for m in grammar.connectors.finditer(folded))
    return sorted(set(ends))


def _content_words(text: str, grammar: Grammar) -> list[str]:
    return [
        w
        for w in _WORDS.findall(text)
        if w not in grammar.auxiliaries and not grammar.fillers.fullmatch(w)
    ]


def _accepted(
    folded: str, grammar: Grammar, triggers: list[_Trigger], times: list[TimeSpan]
) -> list[_Trigger]:
    """Status phrases that open a clause; later ones in the same clause belong to a note."""
    bounds = _boundaries(folded, grammar, times)
    accepted: list[_Trigger] = []
    for trig in triggers:
        clause = max(b for b in bounds if b <= trig.start)
        if accepted and clause <= accepted[-1].start:
            continue
        before = folded[clause : trig.start]
        for t in reversed([t for t in times if clause <= t.start and t.end <= trig.start]):
            before = before[: t.start - clause] + " " + before[t.end - clause :]
        words = _content_words(before, grammar)
        hedged = any(w in grammar.hedges for w in _WORDS.findall(before))
        if len(words) <= _MAX_SUBJECT_WORDS and not hedged:
            accepted.append(trig)
    return accepted


# ------------------------------------------------------------------ building events


def _leftover(
    text: str, folded: str, start: int, end: int, times: list[TimeSpan], grammar: Grammar
) -> str:
    """Words of text[start:end] outside time expressions that are not filler words."""
    pieces = []
    cursor = start
    for t in times:
        if t.end <= start or t.start >= end:
            continue
        pieces.append((cursor, max(cursor, t.start)))
        cursor = max(cursor, t.end)
    pieces.append((cursor, end))
    words = " ".join(folded[a:b] for a, b in pieces if b > a)
    if not _content_words(words, grammar):
        return ""
    return collapse(" ".join(text[a:b] for a, b in pieces if b > a)).strip(_STRIP)


def _planned(times: list[TimeSpan], text: str) -> EventReading | None:
    dated = [t for t in times if t.year_from is not None]
    if not dated:
        return None
    kinds = {t.kind for t in dated}
    confidence = 1.0 if kinds <= {"date", "open"} else 0.9 if "recurring" in kinds else 0.75
    rule = "time." + "+".join(sorted(kinds))
    phrase = collapse(text[dated[0].start : dated[-1].end])
    first_from = min(t.year_from for t in dated if t.year_from is not None)
    last_to = max(t.year_to or t.year_from or first_from for t in dated)
    month = next((t.month for t in dated if t.month), None)
    return EventReading("planned", first_from, last_to, month, None, None, phrase, confidence, rule)


def _argument_time(
    folded: str, grammar: Grammar, trig: _Trigger, limit: int, times: list[TimeSpan]
) -> TimeSpan | None:
    after = grammar.fillers.match(folded, trig.end)
    reach = after.end() if after else trig.end
    for t in times:
        if trig.end <= t.start <= reach and t.start < limit and t.year_from is not None:
            return t
    return None


def _argument_unit(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: _Trigger,
    limit: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """(unit as written, end offset, confidence) of the unit a transfer or discussion names."""
    clause_end = limit
    stop = _BOUNDARY.search(folded, trig.end, limit)
    if stop:
        clause_end = stop.start()
    found = units.scan(text[trig.end : clause_end], year)
    if found:
        first = found[0]
        return first.mention, trig.end + first.end, 0.95
    after = grammar.fillers.match(folded, trig.end)
    start = after.end() if after else trig.end
    phrase = re.split(r"[.;,(]| for | pour | para | für | to ", text[start:clause_end])[0]
    phrase = collapse(phrase).strip(_STRIP)
    if phrase and any(w[:1].isupper() for w in phrase.split()):
        return phrase, start + len(text[start:clause_end].split(phrase, 1)[0]) + len(phrase), 0.7
    return None


def _later(new: TimeSpan, ref: tuple[int | None, float | None]) -> bool | None:
    """Whether ``new`` starts after the reference time; None when the dates cannot tell."""
    year, order = ref
    if year is None or new.year_from is None:
        return None
    if new.year_from != year:
        return new.year_from > year
    if new.order is None or order is None:
        return None
    return new.order > order


def _event_type(
    rule: StatusRule, arg: TimeSpan | None, unit: bool, ref: tuple[int | None, float | None]
) -> str:
    if rule.type == "move" and arg is None:
        return "transferred" if unit else "postponed"
    if rule.type in ("move", "postponed", "rescheduled", "transferred") and arg is not None:
        later = _later(arg, ref)
        if later is None:
            return "rescheduled" if rule.type == "rescheduled" else "postponed"
        return "postponed" if later else "rescheduled"
    return rule.type


def _status_events(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    accepted: list[_Trigger],
    times: list[TimeSpan],
    planned: EventReading | None,
    planned_times: list[TimeSpan],
) -> list[EventReading]:
    events: list[EventReading] = []
    ref_span = planned_times[0] if planned_times else None
    ref = (ref_span.year_from, ref_span.order) if ref_span else (None, None)
    year_hint = planned.year_from if planned else None
    for i, trig in enumerate(accepted):
        limit = accepted[i + 1].start if i + 1 < len(accepted) else len(text)
        arg = None
        if trig.rule.takes in ("time", "time_or_unit"):
            arg = _argument_time(folded, grammar, trig, limit, times)
        unit = None
        if arg is None and trig.rule.takes in ("unit", "time_or_unit"):
            unit = _argument_unit(text, folded, grammar, units, trig, limit, year_hint)
        kind = _event_type(trig.rule, arg, unit is not None, ref)
        end = arg.end if arg else unit[1] if unit else trig.end
        confidence = 0.95 if arg or unit or trig.rule.takes in ("none", "time", "unit") else 0.6
        if unit is not None:
            confidence = min(confidence, unit[2])
        if trig.rule.type == "move" and arg is None and unit is None:
            confidence = 0.5
        note = collapse(text[end:limit]).strip(_STRIP) or None
        events.append(
            EventReading(
                event_type=kind,
                year_from=arg.year_from if arg else None,
                year_to=arg.year_to if arg else None,
                month=arg.month if arg else None,
                target_unit=unit[0]
                if unit and kind in ("transferred", "under_discussion")
                else None,
                note=note,
                phrase=collapse(text[trig.start : end]),
                confidence=confidence,
                rule_id=trig.key,
            )
        )
        if arg is not None and kind in _MOVES:
            ref = (arg.year_from, arg.order)
    return _drop_congress_cancellations(events, accepted, times)


def _drop_congress_cancellations(
    events: list[EventReading], accepted: list[_Trigger], times: list[TimeSpan]
) -> list[EventReading]:
    """ "WLIC 2020 cancelled; session moved to WLIC 2021": the congress was cancelled,
    the activity postponed, so the cancellation is not the activity's event."""
    kept = []
    for i, (event, trig) in enumerate(zip(events, accepted, strict=True)):
        subject = next((t for t in times if t.end <= trig.start and trig.start - t.end <= 1), None)
        moved_later = any(
            e.event_type in ("postponed", "rescheduled", "moved_online") for e in events[i + 1 :]
        )
        if (
            event.event_type == "cancelled"
            and subject is not None
            and subject.congress
            and moved_later
        ):
            continue
        kept.append(event)
    return kept


# ------------------------------------------------------------------ the cell


def read_timeframe(
    cell: str, grammar: Grammar, units: UnitIndex, ctx: TimeContext
) -> TimeframeReading:
    """A Timeframe cell (and any Status text joined to it) -> its :class:`TimeframeReading`.

    ``ctx`` carries the plan period: recurring and open-ended times span it and
    relative years count from it, never from today's date.
    """
    text = collapse(cell)
    known = grammar.readings.get((text, ctx))
    if known is not None:
        return known
    reading = _read(text, grammar, units, ctx)
    grammar.readings[(text, ctx)] = reading
    return reading


def _read(text: str, grammar: Grammar, units: UnitIndex, ctx: TimeContext) -> TimeframeReading:
    if not text:
        return TimeframeReading((), (None, None), (None, None), "planned")
    folded = fold(text)
    times = _fill_years(find_times(folded, grammar.time, ctx), ctx)
    accepted = _accepted(folded, grammar, _triggers(folded, grammar, times), times)
    head_end = accepted[0].start if accepted else len(text)
    planned_times = [t for t in times if t.end <= head_end and t.year_from is not None]
    planned = _planned(planned_times, text)
    leftover = _leftover(text, folded, 0, head_end, times, grammar)
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
            "default.ongoing-period",
        )
    if planned is not None:
        if leftover and accepted:
            planned = replace(planned, note=leftover)
        events.append(planned)
    events += _status_events(text, folded, grammar, units, accepted, times, planned, planned_times)
    if leftover and not accepted:
        events.append(
            EventReading(
                "unrecognized", None, None, None, None, None, leftover, 0.0, "unrecognized"
            )
        )
    return _summarize(events, planned)


def _summarize(events: list[EventReading], planned: EventReading | None) -> TimeframeReading:
    planned_years = (planned.year_from, planned.year_to) if planned else (None, None)
    effective = planned_years
    for event in events:
        if event.event_type in _MOVES:
            effective = (event.year_from, event.year_to)
    status = next((e.event_type for e in reversed(events) if e.event_type != "planned"), "planned")
    return TimeframeReading(tuple(events), planned_years, effective, status)
