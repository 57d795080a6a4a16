"""What a status phrase takes: a time after it or before its verb, a unit, a format.

A move is a move whatever the verb: its new time, compared with the planned one, makes it
a postponement or a rescheduling; a hand-over takes a unit; a change verb with a format
word is a move online.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from iflaplans.normalize.timeframe.clause_bounds import (
    BOUNDARY,
    content_words,
    first_stop,
    without_manner,
)
from iflaplans.normalize.timeframe.clauses import HANDOVER
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import (
    MOVING,
    WORDS,
    Trigger,
    agent_right_after,
    clause_around,
)
from iflaplans.normalize.timeframe.time_spans import TimeSpan
from iflaplans.years import is_plausible_year

_ORIGIN_REACH = 6  # "from", "de", "von" and a space before the time it names
_REASON_WORDS = 8  # "postponed due to the COVID-19 pandemic to 2021"
REACHING = frozenset({"move", "postponed", "rescheduled", "completed"})
# news that may carry its own time brought in by a preposition before a verb-final
# verb: "Im März 2020 abgesagt", "Im Mai 2021 ausgesetzt"
_REPORTED = frozenset({"cancelled", "on_hold"})


def argument_time(
    folded: str,
    grammar: Grammar,
    trig: Trigger,
    limit: int,
    times: list[TimeSpan],
    others: list[Trigger],
) -> tuple[TimeSpan, float] | None:
    """The time a status phrase takes, and how sure: right after it, or later in its clause.

    A move or completion may name its time after a reason ("postponed due to the
    pandemic to 2021", "held in Athens, August 2019"), but not past another status
    phrase, a hedge or the end of the clause.
    """
    after = grammar.fillers.match(folded, trig.end)
    reach = after.end() if after else trig.end
    # "Ongoing (quarterly newsletter)": a frequency says how often, not when the news is
    dated = [
        t
        for t in times
        if t.year_from is not None and t.kind != "recurring" and trig.end <= t.start < limit
    ]
    for t in dated:
        # a time opening the next line is that line's own ("completed\n2021: …"), not one
        # a wrapped phrase goes on to ("moved\nto 2021")
        between = folded[trig.end : t.start]
        if "\n" in between and any(
            t.end <= o.start and not folded[t.end : o.start].strip() for o in others
        ):
            return None  # "In Bearbeitung\nIm Januar 2023 abgeschlossen": the next line's verb's
        if t.start <= reach and not ("\n" in between and not between.rsplit("\n", 1)[1].strip()):
            return _alternatives(folded, t, dated, trig), 0.95
    if not dated or not (
        trig.rule.type in REACHING or _by_whom_when(folded, grammar, trig, dated[0], limit)
    ):
        return None
    told = _told_after_colon(folded, grammar, trig, dated[0], others)
    if told is not None:
        return told, 0.8
    t = dated[0]
    stop = first_stop(folded, grammar, trig.end, t.start)
    between = folded[trig.end : t.start]
    words = WORDS.findall(between)
    aside = between.rfind("(")
    if aside > between.rfind(")") and WORDS.search(between, aside):
        return None  # "Completed (based on the 2011 edition)": an aside's year
    if (
        stop is None
        and len(words) <= _REASON_WORDS
        and not any(w in grammar.hedges for w in words)
        and not any(
            trig.end <= o.start < t.start and not _manner(folded, grammar, trig, o) for o in others
        )
    ):
        return t, 0.8
    return None


_COLON_AFTER = re.compile(r"\s*:\s*")


def _told_after_colon(
    folded: str, grammar: Grammar, trig: Trigger, time: TimeSpan, others: list[Trigger]
) -> TimeSpan | None:
    """The time a move with none of its own gets from a colon and a phrase of taking
    place after it ("Reporté : aura lieu en 2022", "Postponed: will take place in 2022")."""
    colon = _COLON_AFTER.match(folded, trig.end)
    if trig.rule.type not in MOVING or colon is None:
        return None
    occurs = next((o for o in others if o.start >= colon.end()), None)
    if occurs is None or not occurs.key.startswith("occurs."):
        return None
    # "will now take place": only little words of a verb group before it, no subject
    if not all(w in grammar.verb_group for w in WORDS.findall(folded, colon.end(), occurs.start)):
        return None
    rest = folded[occurs.end : time.start]
    if len(WORDS.findall(rest)) > _REASON_WORDS or re.search(r"[;.\n]", rest):
        return None
    return time


def _by_whom_when(folded: str, grammar: Grammar, trig: Trigger, time: TimeSpan, limit: int) -> bool:
    """Whether a cancellation or a pause names who decided it and then its own time, which
    ends the clause: "Cancelled by the SC in Dec 2021", "mis en pause par le Bureau en
    mars 2021"; not a congress ("cancelled along with WLIC 2020") nor a later step
    ("en suspens, sera réexaminé en 2023")."""
    if trig.rule.type not in _REPORTED or time.congress:
        return False
    # the agent word right after the status word, no comma before the time
    agent = agent_right_after(folded, grammar, trig.end)
    if agent is None:
        return False
    if re.search(r"[,;:]", folded[trig.end : time.start]):
        return False
    stop = first_stop(folded, grammar, time.end, limit)
    return not WORDS.findall(folded, time.end, stop.start() if stop else limit)


def _manner(folded: str, grammar: Grammar, trig: Trigger, other: Trigger) -> bool:
    """Whether another status phrase after a completion only says how it was held: "realizado
    de forma virtual en noviembre de 2020" (a format word, not news of its own)."""
    if trig.rule.type != "completed":
        return False
    if grammar.formats.fullmatch(folded, other.start, other.end) is not None:
        return True
    # "delivered via Zoom in July 2020", "realizado en formato virtual en setiembre": a
    # phrase of format that holds a format word and no word of change
    return (
        other.rule.type == "moved_online"
        and grammar.formats.search(folded, other.start, other.end) is not None
        and not _format_marked_in(folded, grammar, other)
    )


def _format_marked_in(folded: str, grammar: Grammar, other: Trigger) -> bool:
    """Whether a phrase of format holds a word of change, decision or future."""
    markers = grammar.format_markers
    return markers is not None and markers.search(folded, other.start, other.end) is not None


_SPACED_SLASH = re.compile(r"\s+/\s+")


def _alternatives(folded: str, time: TimeSpan, dated: list[TimeSpan], trig: Trigger) -> TimeSpan:
    """A move's new time and the alternatives after it ("moved to 2021 / 2022"): one
    time, from the first to the last; a plan's times listed so are one event each."""
    if trig.rule.type not in MOVING:
        return time
    for following in dated:
        if following.start < time.end:
            continue
        if not _SPACED_SLASH.fullmatch(folded, time.end, following.start):
            break
        end = max(following.year_to or 0, time.year_to or 0) or None
        time = replace(time, end=following.end, year_to=end)
    return time


def chained_times(
    folded: str, grammar: Grammar, arg: TimeSpan, limit: int, times: list[TimeSpan]
) -> list[TimeSpan]:
    """Times that repeat a move right after its time: "… to June and again to 2021"."""
    found: list[TimeSpan] = []
    last = arg
    for t in times:
        if t.start < last.end or t.end > limit or t.year_from is None:
            continue
        lead = past_aside(folded, grammar, last.end)
        # "…, danach noch einmal bis 2022": a time may hold its own word of movement
        own = grammar.destinations.match(folded, t.start)
        stop = len(folded[: own.end()].rstrip()) if own else t.start
        # "and again by one year": a length of time holds its own lead
        words = grammar.chain_words if t.kind in ("relative", "shift") else None
        if not grammar.chain_lead.fullmatch(folded, lead, stop) and not (
            words is not None and words.fullmatch(folded, lead, t.start)
        ):
            break
        found.append(t)
        last = t
    return found


# a short word, a number and what it counts: "mit 90 Teilnehmenden", "with 40 people"
_COUNT = re.compile(r"(?<!\w)(?:\w{1,4}\s+)?\d{1,5}\s+[^\W\d_]+")
_BRACKETED = re.compile(r"\s*\([^()]*\)")
_SPACES = re.compile(r"\s*")


_AGENT_WORDS = 4  # words of an agent's name between it and the verb


def _closing_agent(between: str, grammar: Grammar) -> int | None:
    """Where an agent closing the words between a time and its verb-final status word
    starts ("… 2021 *vom Ständigen Ausschuss* gestrichen"): who did it, which does not
    part the time from its verb; None when there is none."""
    leads = list(grammar.agent_lead.finditer(between))
    if leads and len(between[leads[-1].end() :].split()) <= _AGENT_WORDS:
        return leads[-1].start()
    return None


def past_aside(folded: str, grammar: Grammar, position: int) -> int:
    """Where a chain may go on after a move's time and an aside about it: a bracket
    ("to June 2020 (COVID-19), then again to 2021") or a reason up to the next comma
    ("… due to COVID, then again …")."""
    bracket = _BRACKETED.match(folded, position)
    if bracket is not None:
        return bracket.end()
    start = _SPACES.match(folded, position)
    reason = grammar.reasons.match(folded, start.end() if start else position)
    if reason is None:
        return position
    comma = folded.find(",", reason.end())
    return comma if comma != -1 else position


def format_after(folded: str, grammar: Grammar, position: int) -> bool:
    """Whether a format ("online", "a virtual format", "modalidad en línea") follows."""
    after = grammar.fillers.match(folded, position)
    start = after.end() if after else position
    # the fillers may take the format word itself ("moving to online delivery")
    found = grammar.formats.search(folded, position)
    return found is not None and found.start() <= start


def time_in_clause(
    folded: str,
    grammar: Grammar,
    trig: Trigger,
    clause: int,
    limit: int,
    times: list[TimeSpan],
    planned_times: list[TimeSpan],
) -> TimeSpan | None:
    """A dated time of the trigger's own clause that is not the planned one."""
    stop = first_stop(folded, grammar, trig.end, limit)
    end = stop.start() if stop else limit
    for t in times:
        if (
            t.year_from is not None
            and clause <= t.start
            and t.end <= end
            and t not in planned_times
        ):
            return t
    return None


def fronted_time(
    folded: str,
    grammar: Grammar,
    trig: Trigger,
    times: list[TimeSpan],
    clause: int,
    held: list[tuple[int, int]],
) -> TimeSpan | None:
    """The time of a status written before its verb, as German and verb-final clauses put
    it: "2020 Auf 2021 verschoben", "wegen der Pandemie auf Q1 2021 verschoben", "ins
    Folgejahr verschoben", "2020. Im März 2020 ausgesetzt", "Im März 2021 an … übertragen"."""
    inner = [t for t in times if t.year_from is not None and trig.start < t.start < trig.end]
    if inner and trig.rule.type in MOVING:
        # "beschlossen, den Workshop auf 2021 zu verschieben": a decision read as its verb
        # holds the new time before the infinitive
        lead = folded[trig.start : inner[-1].start]
        return inner[-1] if grammar.destination_end.search(lead) else None
    dated = [
        t for t in times if t.year_from is not None and clause <= t.start and t.end <= trig.start
    ]
    if not dated:
        return None
    time = dated[-1]
    between = folded[time.end : trig.start]
    for a, b in held:  # a unit between the time and a hand-over verb is its argument
        if time.end <= a and b <= trig.start:
            between = between.replace(folded[a:b], " ")
    if trig.rule.type == "completed":  # "Am 25. Feb. 2021 online (Zoom) durchgeführt"
        between = grammar.formats.sub(" ", between)
        between = without_manner(between, grammar)  # "Im März 2018 als Bericht erschienen"
        # "am 2. Dez. 2020 mit 90 Teilnehmenden durchgeführt": a count says how, not when
        between = _COUNT.sub(" ", between)
    agent = _closing_agent(between, grammar)
    if agent is not None:  # "Am 3. Februar 2021 vom Ständigen Ausschuss gestrichen"
        between = between[:agent]
    reason = grammar.reasons.search(between)
    if reason is not None and not content_words(between[: reason.start()], grammar):
        between = between[: reason.start()]  # "Im März 2020 wegen der Pandemie abgesagt"
    if _adjunct(between, grammar) and trig.rule.type not in MOVING:
        between = ""  # "Im Juni 2019 auf dem Jahrestreffen in Athen präsentiert"
    if content_words(between, grammar):
        return None
    lead_start = dated[-2].end if len(dated) > 1 else clause
    lead = folded[lead_start : time.start]
    moving = trig.rule.type in MOVING
    # "2020 Soll 2022 stattfinden": an occurrence still to come names its time as a move does
    coming = moving or trig.mood == "future"
    # "auf Juni verschoben": a month with no year, or a deadline before a move ("Laufzeit
    # bis 2022 verlängert"), takes its preposition into its span;
    # "ins Jahr 2019 gerutscht": a noun for year may stand between them
    led = grammar.destination_end.search(_without_year_noun(lead, grammar)) or (
        (time.kind == "contextual" or moving) and grammar.destinations.match(folded, time.start)
    )
    if moving and (led or time.kind in ("relative", "shift")):
        return time
    earlier = any(t.year_from is not None and t.end <= clause for t in times)
    if coming and len(dated) > 1 and not content_words(lead, grammar):
        return time  # "2020 wird 2021 nachgeholt": after the plan, the new time
    if coming and earlier and WORDS.search(lead) and not content_words(lead, grammar):
        return time  # "2020 …, wird die Sitzung 2021 nachgeholt": after its subject
    if not led and (len(dated) > 1 or earlier) and _sequence_only(lead, grammar):
        # "2020 Schließlich 2021 fertiggestellt", "ausgesetzt → 2021 gestrichen": after the
        # plan and a word or arrow of sequence, the verb's own time
        return time
    if led and _after_auxiliary(lead[: led.start()], grammar):
        return time  # "Die Leitlinien sind im Juli 2020 erschienen": inside the verb's bracket
    if led and _agent_only(lead[: led.start()], grammar):
        lead = lead[led.start() :]  # "Vom Vorstand im Mai 2020 ausgesetzt": who, no subject
        led = grammar.destination_end.search(lead)
    if not led or content_words(lead[: led.start()], grammar):
        return None  # "Work in 2020 completed": the time of a longer subject is the plan
    if len(dated) > 1:
        return time  # "2020 Im Februar 2020 begonnen": after the plan, the event's own time
    if trig.rule.type in REACHING | HANDOVER | _REPORTED:
        # "Im Oktober 2020 online durchgeführt": a time brought in by a preposition is
        # the event's own; a bare time ("2020 abgeschlossen") is the planned one
        return time
    if trig.rule.type in HANDOVER or (earlier and clause > 0):
        return time  # "2020. Im März 2020 ausgesetzt": a later clause's own time
    return None


def _after_auxiliary(lead: str, grammar: Grammar) -> bool:
    """Whether the words before a time end with an auxiliary after a subject: the time
    stands between the verb's two parts ("Die 12 Lehrvideos *wurden* im Mai 2020 online
    gestellt"), so it is the verb's."""
    words = WORDS.findall(lead)
    return len(words) > 1 and words[-1] in grammar.auxiliaries


_AGENT_WORDS = 4  # "Vom Ständigen Ausschuss der Sektion": an agent's name before a time
_ARROW = re.compile(r"→|->|=>|⇒")


def _sequence_only(lead: str, grammar: Grammar) -> bool:
    """Whether the words before a time are only words or arrows of sequence ("then",
    "schließlich", "→"), at least one of them."""
    words = WORDS.findall(lead)
    if not words:
        return _ARROW.search(lead) is not None and "(" not in lead
    # "2019 and the following year paused": "and" lists the times, it is no sequence
    return all(w in grammar.connector_words for w in words) and not all(
        w in grammar.joiners for w in words
    )


def _agent_only(lead: str, grammar: Grammar) -> bool:
    """Whether the words before a time are an agent phrase alone ("Vom Vorstand", "par le
    Bureau"): who did it, not a subject the time belongs to."""
    start = len(lead) - len(lead.lstrip())
    agent = grammar.agent_lead.match(lead, start)
    return (
        agent is not None
        and not re.search(r"[,;:.()]", lead)
        and 0 < len(WORDS.findall(lead, agent.end())) <= _AGENT_WORDS
    )


_ADJUNCT_WORDS = 6  # "auf dem Jahrestreffen der Sektion in Athen"


def _adjunct(between: str, grammar: Grammar) -> bool:
    """Whether the words between a time and the verb closing its clause are one phrase of
    place or occasion, opened right after the time ("auf dem Jahrestreffen in Athen"):
    they say where, and the time is still the verb's."""
    lead = grammar.adjunct_leads
    if lead is None or re.search(r"[,;:.()]", between):
        return False
    m = lead.match(between)
    return m is not None and 0 < len(WORDS.findall(between, m.end())) <= _ADJUNCT_WORDS


def _without_year_noun(lead: str, grammar: Grammar) -> str:
    """The words before a time without a last noun for year ("ins *Jahr* 2019")."""
    words = lead.rstrip().rsplit(" ", 1)
    nouns = grammar.time.vocabulary.year_nouns
    return words[0] + " " if len(words) == 2 and words[1] in nouns else lead


def subject_times(
    folded: str, grammar: Grammar, accepted: list[Trigger], times: list[TimeSpan]
) -> dict[Trigger, TimeSpan]:
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
        stops = list(BOUNDARY.finditer(folded, previous.end, time.start))
        if not stops or content_words(folded[stops[-1].end() : time.start], grammar):
            continue
        if content_words(folded[time.end : trig.start], grammar):
            continue
        subjects[trig] = time
    return subjects


def is_later(new: TimeSpan, ref: tuple[int | None, float | None]) -> bool | None:
    """Whether ``new`` starts after the reference time; None when the dates cannot tell."""
    year, order = ref
    if year is None or new.year_from is None:
        return None
    if not (is_plausible_year(year) and is_plausible_year(new.year_from)):
        return None  # "moved to 2999": a typo cannot tell a postponement from a rescheduling
    if new.year_from != year:
        return new.year_from > year
    if new.order is None or order is None:
        # "2020 → November 2020": a time within the year planned is no later than it
        return False
    return new.order > order


def origin_times(
    folded: str, grammar: Grammar, accepted: list[Trigger], times: list[TimeSpan]
) -> dict[Trigger, TimeSpan]:
    """The time a move starts from, when it names one before its new time: "brought
    forward from 2021 to 2020", "avancé de 2021 à 2020". The new time is then the one
    after it, and the time it came from is the planned one."""
    found = {}
    for trig in accepted:
        if trig.rule.type not in MOVING:
            continue
        after = grammar.fillers.match(folded, trig.end)
        reach = after.end() if after else trig.end
        dated = [t for t in times if t.year_from is not None and t.start >= trig.end]
        if len(dated) < 2 or dated[0].start > reach + _ORIGIN_REACH:
            continue
        first, second = dated[0], dated[1]
        lead = folded[trig.end : first.end]
        if not grammar.origin.search(lead):
            continue
        if grammar.destination_lead.fullmatch(folded, first.end, second.start):
            found[trig] = first
    return found


def split_move_ranges(
    folded: str, grammar: Grammar, accepted: list[Trigger], times: list[TimeSpan]
) -> list[TimeSpan]:
    """After a move, "from 2020 to 2021" is where it started and where it went, not one
    span of two years: the range becomes its two times. So does a range joined by a word
    right before a verb-final move ("2022 bis 2023 zurückgestellt")."""
    out = list(times)
    for trig in accepted:
        if trig.rule.type not in MOVING:
            continue
        fronted = next(
            (t for t in out if t.end <= trig.start and not folded[t.end : trig.start].strip()), None
        )
        _, clause_end, _ = clause_around(folded, trig.start, trig.end)
        if any(trig.end <= t.start < clause_end for t in out):
            fronted = None  # "2020 to 2021 Postponed to 2022": the move names its own time
        parts = grammar.range_to.search(folded, fronted.start, fronted.end) if fronted else None
        if (
            fronted
            and parts
            and fronted.year_to is not None
            and re.search(r"[^\W\d_]", parts.group())
        ):
            # "2022 bis 2023 zurückgestellt": the plan, then the new time before the verb
            first = replace(fronted, end=parts.start(), year_to=fronted.year_from, kind="date")
            second = replace(
                fronted, start=parts.end(), year_from=fronted.year_to, month=None, kind="date"
            )
            out[out.index(fronted)] = first
            out.insert(out.index(first) + 1, second)
            continue
        after = grammar.fillers.match(folded, trig.end)
        reach = (after.end() if after else trig.end) + _ORIGIN_REACH
        span = next((t for t in out if t.start >= trig.end), None)
        if span is None or span.start > reach or span.year_from == span.year_to:
            continue
        text = folded[span.start : span.end]
        parts = grammar.range_to.search(text)
        if not grammar.origin.match(text) or parts is None or span.year_to is None:
            continue
        first = replace(span, end=span.start + parts.start(), year_to=span.year_from, kind="date")
        second = replace(
            span, start=span.start + parts.end(), year_from=span.year_to, month=None, kind="date"
        )
        out[out.index(span)] = first
        out.insert(out.index(first) + 1, second)
    return out
