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
from itertools import pairwise
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from iflaplans.normalize.grammar import _TYPO_MIN_LENGTH, Grammar, StatusRule
from iflaplans.normalize.timex import TimeContext, TimeSpan, find_times
from iflaplans.normalize.units import UnitIndex
from iflaplans.textutil import collapse, fold
from iflaplans.years import is_plausible_year, span_problem

_BOUNDARY = re.compile(r";|\.(?=\s|$)|\s[-–—]\s|—|\n|!|\?")
# Where a second update may follow a first inside one sentence: "Postponed to 2021,
# cancelled in 2021", "postponed / cancelled", "2020 → 2021 → cancelled".
_SOFT_BOUNDARY = re.compile(r",|\s/\s|→|->|=>")
_WORDS = re.compile(r"[^\W\d_][^\W_]*(?:'[^\W_]+)?")
_STRIP = " \t,.;:–—-…()[]/→>="
_MOVES = frozenset({"postponed", "rescheduled"})
_MOVING = _MOVES | {"move"}  # rule types that change the time, decided or not
_MAX_SUBJECT_WORDS = 2
_LIST_GAP = re.compile(r"\s*(?:[,;&/]|and|et|y|und)?\s*(?:the\s+|les\s+|la\s+|le\s+|die\s+)?", re.I)
_DATE_LIKE = re.compile(r"\d{3,}|\d+\s?[./-]\s?\d+")
_GUESS_CONFIDENCE = 0.45  # below 0.5: the report's review queue shows it


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


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    rule: StatusRule
    key: str
    mood: str = ""  # "" | "negated" ("not done") | "future" ("will be held")
    misspelt: bool = False  # read from a word one letter off a status word ("cancled")


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
    chosen += _misspelt(folded, grammar, [*chosen, *times])
    return sorted(chosen, key=lambda t: t.start)


def _misspelt(folded: str, grammar: Grammar, taken: list[_Trigger] | list[Any]) -> list[_Trigger]:
    """Status words written one letter off ("Cancled", "Verschonben"), as guesses."""
    found: list[_Trigger] = []
    if not grammar.typo_words:
        return found
    for m in _WORDS.finditer(folded):
        word = m.group()
        if len(word) < _TYPO_MIN_LENGTH or word in grammar.typo_words:
            continue
        if any(t.start < m.end() and m.start() < t.end for t in taken):
            continue
        near = {
            grammar.typo_words[known]
            for known, _, _ in process.extract(
                word,
                grammar.typo_words.keys(),  # the words; a mapping would match its values
                scorer=DamerauLevenshtein.distance,
                score_cutoff=1,
                limit=None,
            )
        }
        if len(near) == 1:  # one reading only: never guess between two rules
            key = near.pop()
            found.append(_Trigger(m.start(), m.end(), grammar.rules[key], key, misspelt=True))
    return found


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


def _boundaries(
    folded: str, grammar: Grammar, times: list[TimeSpan], pattern: re.Pattern[str] = _BOUNDARY
) -> list[int]:
    """Offsets where a new clause may start: after ; . – and connectors such as "then"."""
    ends = [0]
    for m in pattern.finditer(folded):
        if not any(t.start <= m.start() < t.end for t in times):
            ends.append(m.end())
    ends.extend(m.start() for m in grammar.connectors.finditer(folded))
    return sorted(set(ends))


def _content_words(text: str, grammar: Grammar) -> list[str]:
    return [
        w
        for w in _WORDS.findall(text)
        if w not in grammar.auxiliaries
        and w not in grammar.pending
        and not grammar.fillers.fullmatch(w)
    ]


def _accepted(
    folded: str, grammar: Grammar, triggers: list[_Trigger], times: list[TimeSpan]
) -> tuple[list[_Trigger], list[_Trigger]]:
    """Status phrases that open a clause, and those that say nothing happened yet.

    Later phrases in the same clause belong to a note. A denied phrase ("not
    done") is kept with mood "negated"; a phrase in the future ("will be held")
    with mood "future" when a time was planned before it. "Not yet started" and a
    future completion with nothing planned before it are not news: they come back
    in the second list, so their words count as understood.
    """
    bounds = _boundaries(folded, grammar, times)
    soft = set(_boundaries(folded, grammar, times, _SOFT_BOUNDARY)) - set(bounds)
    accepted: list[_Trigger] = []
    quiet: list[_Trigger] = []
    for trig in triggers:
        clause = max(b for b in [*bounds, *soft] if b <= trig.start)
        if accepted and clause <= accepted[-1].start:
            continue
        if (
            clause in soft
            and accepted
            and accepted[-1].rule.type == trig.rule.type
            and trig.rule.type not in ("move", "postponed", "rescheduled")
        ):
            continue  # "Completed, published in 2021": one piece of news told twice
        before = folded[clause : trig.start]
        for t in reversed([t for t in times if clause <= t.start and t.end <= trig.start]):
            # blanked, not cut: offsets in `before` stay offsets in the clause
            before = before[: t.start - clause] + " " * (t.end - t.start) + before[t.end - clause :]
        reason = grammar.reasons.search(before)
        words = _content_words(before[: reason.start()] if reason else before, grammar)
        hedged = any(w in grammar.hedges for w in _WORDS.findall(before))
        denial = grammar.negations.search(before)
        if denial:
            words = _content_words(before[: denial.start()], grammar)
        if len(words) > _MAX_SUBJECT_WORDS or hedged:
            continue
        if denial:
            start = clause + denial.start()
            denied = replace(trig, start=start, mood="negated")
            still_to_come = trig.rule.type == "ongoing" or any(
                w in grammar.pending for w in _WORDS.findall(denial.group())
            )
            (quiet if still_to_come else accepted).append(denied)
        elif trig.rule.type == "completed" and grammar.future.search(before):
            if accepted:
                continue  # "Ongoing; to be published in 2021": an outlook, part of the note
            planned_before = any(t.end <= trig.start and t.year_from is not None for t in times)
            future = replace(trig, mood="future")
            (accepted if planned_before else quiet).append(future)
        else:
            accepted.append(trig)
    return accepted, quiet


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
    if not _content_words(words, grammar) and not _DATE_LIKE.search(words):
        return ""
    return collapse(" ".join(text[a:b] for a, b in pieces if b > a)).strip(_STRIP)


def _planned(times: list[TimeSpan], text: str) -> EventReading | None:
    dated = [t for t in times if t.year_from is not None]
    if not dated:
        return None
    named = [t for t in dated if t.kind not in ("recurring", "contextual")]
    if named and len(named) < len(dated):
        dated = named  # "Throughout 2020", "Annually, 2020-2021": the years named win
    kinds = {t.kind for t in dated}
    confidence = 1.0 if kinds <= {"date", "open"} else 0.9 if "recurring" in kinds else 0.75
    rule = "time." + "+".join(sorted(kinds))
    phrase = collapse(text[dated[0].start : dated[-1].end])
    first_from = min(t.year_from for t in dated if t.year_from is not None)
    last_to = max(t.year_to or t.year_from or first_from for t in dated)
    month = next((t.month for t in dated if t.month), None)
    return EventReading("planned", first_from, last_to, month, None, None, phrase, confidence, rule)


_REASON_WORDS = 8  # "postponed due to the COVID-19 pandemic to 2021"
_REACHING = frozenset({"move", "postponed", "rescheduled", "completed"})


def _argument_time(
    folded: str,
    grammar: Grammar,
    trig: _Trigger,
    limit: int,
    times: list[TimeSpan],
    others: list[_Trigger],
) -> tuple[TimeSpan, float] | None:
    """The time a status phrase takes, and how sure: right after it, or later in its clause.

    A move or completion may name its time after a reason ("postponed due to the
    pandemic to 2021", "held in Athens, August 2019"), but not past another status
    phrase, a hedge or the end of the clause.
    """
    after = grammar.fillers.match(folded, trig.end)
    reach = after.end() if after else trig.end
    dated = [t for t in times if t.year_from is not None and trig.end <= t.start < limit]
    for t in dated:
        if t.start <= reach:
            return t, 0.95
    if trig.rule.type not in _REACHING or not dated:
        return None
    t = dated[0]
    stop = _BOUNDARY.search(folded, trig.end, t.start)
    between = folded[trig.end : t.start]
    words = _WORDS.findall(between)
    if (
        stop is None
        and len(words) <= _REASON_WORDS
        and not any(w in grammar.hedges for w in words)
        and not any(trig.end <= o.start < t.start for o in others)
    ):
        return t, 0.8
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
    part = text[trig.end : clause_end]
    found = units.scan(part, year)
    if found:
        # "handed over to the KM and IT Sections": a list of units is one target
        last = found[0]
        for following in found[1:]:
            if not _LIST_GAP.fullmatch(part[last.end : following.start]):
                break
            last = following
        return part[found[0].start : last.end], trig.end + last.end, 0.95
    after = grammar.fillers.match(folded, trig.end)
    start = after.end() if after else trig.end
    phrase = re.split(r"[.;,(]| for | pour | para | für | to ", text[start:clause_end])[0]
    phrase = collapse(phrase).strip(_STRIP)
    if phrase and any(w[:1].isupper() for w in phrase.split()):
        return phrase, start + len(text[start:clause_end].split(phrase, 1)[0]) + len(phrase), 0.7
    return None


def _fronted_time(
    folded: str, grammar: Grammar, trig: _Trigger, times: list[TimeSpan]
) -> TimeSpan | None:
    """The new time of a move written before its verb: "2020 Auf 2021 verschoben"."""
    if trig.rule.type not in _REACHING:
        return None
    dated = [t for t in times if t.year_from is not None and t.end <= trig.start]
    if len(dated) < 2:
        return None  # with nothing planned before it, the time is the planned one
    previous, time = dated[-2], dated[-1]
    if _content_words(folded[time.end : trig.start], grammar):
        return None
    lead = folded[previous.end : time.start]  # " auf den ": a destination, maybe an article
    if not grammar.destinations.search(lead) or _content_words(lead, grammar):
        return None
    return time


def _subject_times(
    folded: str, grammar: Grammar, accepted: list[_Trigger], times: list[TimeSpan]
) -> dict[_Trigger, TimeSpan]:
    """Times that open a later clause and name its year: "2019: done; *2020*: postponed"."""
    subjects = {}
    for previous, trig in pairwise(accepted):
        dated = [
            t
            for t in times
            if t.year_from is not None and previous.end <= t.start and t.end <= trig.start
        ]
        if not dated:
            continue
        time = dated[-1]
        stops = list(_BOUNDARY.finditer(folded, previous.end, time.start))
        if not stops or _content_words(folded[stops[-1].end() : time.start], grammar):
            continue
        if _content_words(folded[time.end : trig.start], grammar):
            continue
        subjects[trig] = time
    return subjects


def _later(new: TimeSpan, ref: tuple[int | None, float | None]) -> bool | None:
    """Whether ``new`` starts after the reference time; None when the dates cannot tell."""
    year, order = ref
    if year is None or new.year_from is None:
        return None
    if not (is_plausible_year(year) and is_plausible_year(new.year_from)):
        return None  # "moved to 2999": a typo cannot tell a postponement from a rescheduling
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
    others: list[_Trigger],
    fronted: dict[_Trigger, TimeSpan],
    subjects: dict[_Trigger, TimeSpan],
) -> list[EventReading]:
    events: list[EventReading] = []
    sources: list[_Trigger] = []  # the trigger of each event
    ref_span = planned_times[0] if planned_times else None
    ref = (ref_span.year_from, ref_span.order) if ref_span else (None, None)
    year_hint = planned.year_from if planned else None
    for i, trig in enumerate(accepted):
        limit = len(text)
        if i + 1 < len(accepted):
            following = accepted[i + 1]
            limit = subjects[following].start if following in subjects else following.start
        arg = None
        sure = 0.95
        if trig.rule.takes in ("time", "time_or_unit"):
            found = _argument_time(folded, grammar, trig, limit, times, others)
            if found is not None:
                arg, sure = found
            elif trig in fronted:
                arg, sure = fronted[trig], 0.8
            elif trig in subjects and trig.rule.type not in _MOVING:
                arg, sure = subjects[trig], 0.9  # "2021: cancelled"
        unit = None
        if arg is None and trig.rule.takes in ("unit", "time_or_unit"):
            unit = _argument_unit(text, folded, grammar, units, trig, limit, year_hint)
        kind = _event_type(trig.rule, arg, unit is not None, ref)
        if trig.mood == "future":
            # "2020 ... to be held in 2021": only a later (or earlier) time is news.
            later = _later(arg, ref) if arg is not None else None
            if later is None:
                continue
            kind = "postponed" if later else "rescheduled"
        end = max(arg.end, trig.end) if arg else unit[1] if unit else trig.end
        begin = min(arg.start, trig.start) if arg else trig.start  # a fronted time leads
        confidence = sure if arg or unit or trig.rule.takes in ("none", "time", "unit") else 0.6
        if unit is not None:
            confidence = min(confidence, unit[2])
        if trig.rule.type == "move" and arg is None and unit is None:
            confidence = 0.5
        note = collapse(text[end:limit]).strip(_STRIP) or None
        if note and not _content_words(fold(note), grammar) and not re.search(r"\d", note):
            note = None  # only "and", "then" and the like: no words worth keeping
        if trig.misspelt:
            confidence = min(confidence, _GUESS_CONFIDENCE)
        if trig.mood == "negated":
            kind, arg, unit, confidence = "unrecognized", None, None, 0.0
            end = trig.end
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
                phrase=collapse(text[begin:end]),
                confidence=confidence,
                rule_id=trig.key
                + (f".{trig.mood}" if trig.mood else "")
                + (".misspelt" if trig.misspelt else ""),
            )
        )
        sources.append(trig)
        if arg is not None and kind in _MOVES:
            ref = (arg.year_from, arg.order)
    events, sources = _fold_remarks(events, sources)
    return _drop_congress_cancellations(events, sources, times)


def _fold_remarks(
    events: list[EventReading], sources: list[_Trigger]
) -> tuple[list[EventReading], list[_Trigger]]:
    """ "Delayed – awaiting funding", "Cancelled; to be decided": after news, a discussion
    that names no unit is a remark on that news (its note), not news of its own."""
    kept: list[EventReading] = []
    kept_sources: list[_Trigger] = []
    for event, trig in zip(events, sources, strict=True):
        if kept and event.event_type == "under_discussion" and event.target_unit is None:
            last = kept[-1]
            remark = " ".join(p for p in (last.note, event.phrase, event.note) if p)
            kept[-1] = replace(last, note=remark)
            continue
        kept.append(event)
        kept_sources.append(trig)
    return kept, kept_sources


def _drop_congress_cancellations(
    events: list[EventReading], sources: list[_Trigger], times: list[TimeSpan]
) -> list[EventReading]:
    """ "WLIC 2020 cancelled; session moved to WLIC 2021": the congress was cancelled,
    the activity postponed, so the cancellation is not the activity's event."""
    kept = []
    for i, (event, trig) in enumerate(zip(events, sources, strict=True)):
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
    triggers = _triggers(folded, grammar, times)
    accepted, quiet = _accepted(folded, grammar, triggers, times)
    fronted = {
        trig: time
        for trig in accepted
        if (time := _fronted_time(folded, grammar, trig, times)) is not None
    }
    subjects = _subject_times(folded, grammar, accepted, times)
    head_end = accepted[0].start if accepted else len(text)
    planned_times = [
        t
        for t in times
        if t.end <= head_end and t.year_from is not None and t not in fronted.values()
    ]
    for time in subjects.values():
        # "2019: done; 2020: postponed": each year was planned. After a move, the year
        # of a later clause is the new one ("Moved to 2021; 2021 cancelled").
        if not any(t.rule.type in _MOVING for t in accepted if t.start < time.start):
            planned_times.append(time)
    planned = _planned(planned_times, text)
    understood = [(t.start, t.end) for t in times] + [(q.start, q.end) for q in quiet]
    leftover = _leftover(text, folded, 0, head_end, understood, grammar)
    if quiet and quiet[0].mood == "negated" and not leftover and planned is not None:
        # "2021 Not started yet": nothing happened; keep the words with the plan.
        planned = replace(planned, note=collapse(text[quiet[0].start : head_end]).strip(_STRIP))
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
    events += _status_events(
        text,
        folded,
        grammar,
        units,
        accepted,
        times,
        planned,
        planned_times,
        triggers,
        fronted,
        subjects,
    )
    if leftover and not accepted:
        events.append(
            EventReading(
                "unrecognized", None, None, None, None, None, leftover, 0.0, "unrecognized"
            )
        )
    return _summarize(events, planned)


def _drop_implausible(events: list[EventReading]) -> tuple[list[EventReading], list[DroppedYears]]:
    """Empty the years of every event whose span is implausible; the event itself stays."""
    kept: list[EventReading] = []
    dropped: list[DroppedYears] = []
    for event in events:
        reason = span_problem(event.year_from, event.year_to)
        if reason is not None:
            # a time that could not be read is for a person to look at
            confidence = min(event.confidence, _GUESS_CONFIDENCE)
            event = replace(event, year_from=None, year_to=None, confidence=confidence)
            dropped.append(DroppedYears(event.phrase, reason))
        kept.append(event)
    return kept, dropped


def _summarize(events: list[EventReading], planned: EventReading | None) -> TimeframeReading:
    events, dropped = _drop_implausible(events)
    # Planned and effective years are read from the emptied events, so they stay in step.
    # The planned event, when there is one, leads the list.
    planned_years = (events[0].year_from, events[0].year_to) if planned else (None, None)
    effective = planned_years
    for event in events:
        if event.event_type in _MOVES:
            effective = (event.year_from, event.year_to)
    status = next((e.event_type for e in reversed(events) if e.event_type != "planned"), "planned")
    return TimeframeReading(tuple(events), planned_years, effective, status, tuple(dropped))
