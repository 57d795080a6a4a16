"""The status events of a cell: one per status phrase that opens a clause.

Each accepted status phrase takes its argument (a time, a unit, a format) and the
words after it up to the next phrase as its note; a move's later times are moves of
their own. The events that only remark on others are then folded away
(:mod:`.remarks`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from iflaplans.model.events import MOVES
from iflaplans.normalize.timeframe.arguments import (
    argument_time,
    chained_times,
    format_after,
    is_later,
    past_aside,
    time_in_clause,
)
from iflaplans.normalize.timeframe.clause_bounds import STRIP, Clauses, content_words, first_stop
from iflaplans.normalize.timeframe.clauses import HANDOVER, OCCURS, after_manner, takes_up
from iflaplans.normalize.timeframe.format_times import scheduled_after, scheduled_time
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.moves import (
    ADVANCED,
    counted_back,
    dated_apart,
    handed_time,
    news_type,
    verb_final_chain,
)
from iflaplans.normalize.timeframe.planned import EventReading
from iflaplans.normalize.timeframe.predicates import (
    GUESS_CONFIDENCE,
    MOVING,
    WORDS,
    Trigger,
    agent_right_after,
)
from iflaplans.normalize.timeframe.remarks import (
    drop_congress_cancellations,
    drop_other_party_news,
    drop_stand_ins,
    fold_progress,
    fold_remarks,
    merge_moves,
)
from iflaplans.normalize.timeframe.time_spans import TimeSpan
from iflaplans.normalize.timeframe.unit_arguments import (
    agent_before,
    argument_unit,
    awaited_decider,
    subject_after,
    subject_unit,
    taking_unit,
    unit_before,
    unit_led_before,
    unit_within,
)
from iflaplans.normalize.timeframe.unit_names import lone_heads, receiving
from iflaplans.normalize.timeframe.unit_parties import ACRONYM, PARTY, after_agent
from iflaplans.normalize.units import UnitIndex
from iflaplans.textutil import collapse, fold

# states that begin at the time they name and do not run over the rest of the period
_STATES_BEGUN = frozenset({"on_hold", "cancelled", "completed", "transferred", "under_discussion"})


def read_status_events(
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
    """One event per accepted status phrase, with its time or unit, its note and a
    confidence; a move's later times are moves of their own, and remarks are folded
    into the news before them."""
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
        if (
            arg is not None
            and arg.congress
            and arg.kind == "contextual"
            and trig.rule.type == "completed"
        ):
            # "Delivered at WLIC": the congress names where, not when, unless a time of
            # its own follows it ("Réalisé au Congrès d'Athènes, août 2019")
            arg = next(
                (
                    t
                    for t in times
                    if arg.end <= t.start < limit
                    and t.kind != "contextual"
                    and t.year_from is not None
                    and not re.search(r"[;.\n]", folded[arg.end : t.start])
                    and len(WORDS.findall(folded, arg.end, t.start)) <= _PLACE_WORDS
                ),
                None,
            )
        if arg is not None and _ran_until(folded, grammar, trig, arg):
            arg = None  # "ongoing until March, then paused": when it stopped, not its year
        if arg is not None and trig.rule.type == "ongoing" and arg.kind == "open":
            # "Underway since March 2020": when the work began, as written, is its news's time
            arg = replace(arg, year_to=arg.named_to if arg.named_to is not None else arg.year_from)
        if arg is not None and trig.rule.rule_id.split(".")[0] == ADVANCED:
            arg = counted_back(arg, ref)
        extra: list[TimeSpan] = []
        if arg is not None and trig in fronted and trig.rule.type in MOVING:
            arg, extra = verb_final_chain(folded, grammar, trig, arg, fronted[trig], times)
        unit = None
        clause = max(b for b in bounds if b <= trig.start)
        # a move whose argument is a unit is a hand-over, whatever the verb ("moved to
        # the X Section", "remis à la Section Y")
        if arg is None and trig.rule.takes == PARTY:
            # "The Board is considering a webinar with the Africa Section": the subject acts
            unit = subject_unit(text, folded, grammar, units, trig, clause, year_hint)
        if unit is None and arg is None and trig.rule.takes in ("unit", "time_or_unit", PARTY):
            unit = argument_unit(text, folded, grammar, units, trig, limit, year_hint, times)
            if unit is not None and trig.reach > trig.end and not _names_unit(unit, units):
                unit = None  # "wird auf der nächsten Sitzung entschieden": nouns, no unit
            if unit is not None and trig.rule.takes == PARTY and not _kind_named(unit, grammar):
                unit = None  # "considering a webinar": the verb's object is no unit
            if (
                unit is not None
                and trig.rule.type == "under_discussion"
                and not _kind_named(unit, grammar)
            ):
                # "Der Vorstand prüft den Antrag": a noun after the verb is what is weighed
                unit = subject_unit(text, folded, grammar, units, trig, clause, year_hint) or unit
        elif arg is None and trig.rule.type in MOVING:
            unit = argument_unit(text, folded, grammar, units, trig, limit, year_hint, times)
            unit = unit if unit is not None and _names_unit(unit, units) else None
        if arg is not None and trig.rule.type == "move" and trig not in fronted:
            # "Moved to the Big Data SIG in 2021": the unit comes first, the time is when
            handed = argument_unit(text, folded, grammar, units, trig, arg.start, year_hint, [])
            if handed is not None and _names_unit(handed, units):
                unit, when_before, arg = handed, arg, None
        if unit is None and arg is None and trig.rule.type in ("move", "transferred", *MOVES):
            # "Zur Sektion X verlagert": the unit it went to, before the verb
            unit = unit_led_before(text, folded, grammar, units, trig, clause, year_hint)
        if unit is None and arg is None and trig.rule.type in HANDOVER:
            unit = unit_before(text, folded, grammar, units, trig, clause, year_hint)
        if unit is None and trig.rule.type in HANDOVER:
            # "liegt dem Koordinierungsausschuss zur Prüfung vor": the unit inside the phrase
            unit = unit_within(text, grammar, units, trig, year_hint)
        if (
            unit is None
            and arg is None
            and trig.rule.type == "transferred"
            and trig.rule.takes != PARTY  # "responsible from 2021": a unit's act, no move
        ):
            # "Auf 2021 übertragen", "transferred to 2021": a hand-over with a new time
            # and no unit moves the work in time; the dates decide which way
            arg = handed_time(folded, grammar, trig, limit, times, others, when_before, ref)
            when_before = None if arg is not None else when_before
        kind = news_type(trig.rule, arg, unit is not None, ref)
        if _progress(text, trig, arg, unit):
            kind = "ongoing"  # "Les travaux avancent bien", "Avanza lentamente": progress
        if kind == "ongoing" and unit is None and arg is None:
            # "Wird von der Arbeitsgruppe X weitergeführt": carried on by another unit
            unit = agent_before(text, folded, grammar, units, trig, clause, year_hint)
            # "La Section des bibliothèques nationales a repris cette activité": a unit by
            # name took it up (a kind alone may be the plan's own unit)
            if unit is None and takes_up(folded, grammar, trig):
                unit = taking_unit(text, folded, grammar, units, trig, clause, year_hint)
            # "Lo retoma el Grupo de Trabajo X": the unit that carries it on, after the verb
            unit = unit or subject_after(text, folded, grammar, units, trig, limit, year_hint)
            kind = "transferred" if unit is not None else kind
        if (
            arg is not None
            and trig.rule.type == "move"
            and scheduled_after(folded, grammar, trig.end, arg)
            and grammar.formats.search(folded, clause, arg.start) is not None
        ):
            kind = "moved_online"  # "In ein Webinar umgewandelt, Termin: 18. Nov. 2020"
        bare_move = kind == "postponed" and arg is None and unit is None
        if (
            bare_move
            and trig.rule.type == "move"
            and (
                format_after(folded, grammar, trig.end)
                or grammar.formats.search(folded, clause, trig.start) is not None
                or _format_later_in_clause(folded, grammar, trig, limit)
            )
        ):
            kind = "moved_online"  # "switched to a virtual format", "auf Online umgestellt"
        if kind == "on_hold" and _for_good(folded, grammar, trig, clause, limit):
            kind = "cancelled"  # "Suspendido definitivamente": a pause for good
        if kind == "on_hold" and unit is None and arg is None:
            # "en attente de la décision du Comité professionnel": the matter is with it
            unit = awaited_decider(text, folded, grammar, units, trig, limit, year_hint)
            kind = "under_discussion" if unit is not None else kind
        if kind == "ongoing" and _discussion_beside(folded, grammar, trig, clause, limit):
            kind = "under_discussion"  # "talks ongoing with partners", "Gespräche laufen"
            if unit is None and arg is None:  # "Gespräche mit der Sektion X laufen"
                unit = _talks_partner(text, folded, grammar, units, trig, clause, limit, times)
        if unit is None and arg is None and kind in HANDOVER:
            # "The Governing Board is still considering this": the unit is the verb's
            # subject (a unit that goes on with the work may be the plan's own: "The IT
            # Section is continuing the series" is no hand-over)
            unit = subject_unit(text, folded, grammar, units, trig, clause, year_hint)
            if (
                unit is not None
                and kind == "transferred"
                and trig.rule.takes != PARTY
                and not _went_to(folded, grammar, text.rfind(unit[0], 0, trig.start), trig)
            ):
                unit = None  # "Die Sektion Musik hat die Reihe abgegeben": who gave it away
        when = when_before
        if kind == "transferred" and arg is None and when is None:
            # "Handed to the IT Section in March 2021", "Im März 2021 an … übertragen"
            when = time_in_clause(folded, grammar, trig, clause, limit, times, planned_times)
        if trig.mood == "future":
            # "2020 ... to be held in 2021": only a later (or earlier) time is news.
            later = is_later(arg, ref) if arg is not None and dated_apart(arg, ref) else None
            reach = max(trig.end, arg.end if arg else trig.end, trig.reach)
            if trig.key.startswith(OCCURS):
                stop = first_stop(folded, grammar, reach, limit)
                reach = stop.start() if stop else limit  # "se tiendra désormais à distance"
            approval = folded[trig.start : trig.end] in grammar.approvals
            doer = (
                _future_doer(text, folded, grammar, units, trig, clause, limit, year_hint)
                or (
                    _deciding_body(text, folded, grammar, trig, clause, limit) if approval else None
                )
                if kind == "completed" and later is None and unit is None
                else None
            )
            if grammar.formats.search(folded, clause, reach) is not None or _held_as_format(
                folded, grammar, reach
            ):
                # "wird im November 2020 virtuell durchgeführt", "to be held as a webinar
                # instead": a decided change of format
                kind = "moved_online"
            elif doer is not None:
                # "Will be carried out by the Women, Information and Libraries SIG": the
                # work will be another unit's; "Will be approved by the Governing Board":
                # that unit is still to decide
                kind, unit = ("under_discussion" if approval else "transferred"), doer
            elif later is None:
                continue
            else:
                kind = "postponed" if later else "rescheduled"
        if kind == "moved_online" and arg is None:
            # "Converted to a webinar, scheduled for 18 Nov 2020": the new format's date
            arg = scheduled_time(folded, grammar, max(trig.end, trig.reach), limit, times)
        end = max(arg.end, trig.end) if arg else unit[1] if unit else trig.end
        end = max(end, trig.reach) if trig.reach <= limit else end
        begin = min(arg.start, trig.start) if arg else trig.start  # a fronted time leads
        confidence = sure if arg or unit or trig.rule.takes in ("none", "time", "unit") else 0.6
        if unit is not None:
            confidence = min(confidence, unit[2])
        if trig.rule.type == "move" and arg is None and unit is None and kind != "moved_online":
            confidence = GUESS_CONFIDENCE  # a bare movement word: a person should look
        # a line a time labels is an update of its own, no part of the note
        label = _LINE_LABEL.search(text, end, limit)
        note = collapse(text[end : label.start() if label else limit]).strip(STRIP) or None
        if note and not content_words(fold(note), grammar) and not re.search(r"\d", note):
            note = None  # only "and", "then" and the like: no words worth keeping
        if trig.misspelt or trig.guessed:
            confidence = min(confidence, GUESS_CONFIDENCE)
        officer = kind == "transferred" and _officer_takes(folded, grammar, unit, trig, limit)
        if trig.mood == "negated" or officer:
            # "Led by the Secretary": a person of the unit takes it on; no unit, no news
            kind, arg, unit, confidence = "unrecognized", None, None, 0.0
            end = trig.end
        elif trig.mood == "ruled_out":
            kind, confidence = "cancelled", min(confidence, 0.8)
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
                + (".misspelt" if trig.misspelt else "")
                + (".guessed" if trig.guessed else "")
                + (".officer" if officer else ""),
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
                        phrase=collapse(
                            text[past_aside(folded, grammar, arg.end) : again.end]
                        ).strip(STRIP),
                        confidence=min(events[-1].confidence, 0.8),
                        rule_id=events[-1].rule_id + ".again",
                    )
                )
                sources.append(trig)
                ref, arg = (again.year_from, again.order), again
    events, sources = fold_remarks(*merge_moves(events, sources), text)
    events, sources = fold_progress(events, sources, folded)
    events, sources = drop_other_party_news(events, sources, folded, grammar)
    return drop_stand_ins(drop_congress_cancellations(events, sources, times, folded, grammar))


def _names_unit(unit: tuple[str, int, float], units: UnitIndex) -> bool:
    """Whether a time word's argument is plainly a unit: a known one, or one named with a
    kind of unit ("the Big Data SIG"), not any capitalised words ("das folgende Jahr")."""
    return unit[2] >= 0.95 or any(fold(w) in units.heads for w in WORDS.findall(unit[0]))


# a participle of advancing tells a move made, not work going forward: "adelantado",
# "avancé", "advanced", and the German verbs of moving forward ("vorgezogen", "vorverlegt")
_PARTICIPLE = re.compile(r"(?:ad[oa]s?|id[oa]s?|ée?s?|ed)$|^vor")


def _progress(
    text: str, trig: Trigger, arg: TimeSpan | None, unit: tuple[str, int, float] | None
) -> bool:
    """Whether a verb of advancing goes to no new time or unit: the work goes forward, it
    is not brought forward ("avanza lentamente", "Le projet avance"). Read by its lemma,
    or as one word written without the accent of a participle ("avance", not "avancé")."""
    written = text[trig.start : trig.end]
    plain = " " not in written and fold(written) == written.lower()
    return (
        arg is None
        and unit is None
        and _PARTICIPLE.search(written.lower()) is None  # "Adelantado", "Vorgezogen": moved
        and trig.rule.rule_id.split(".")[0] == ADVANCED
        and (trig.key.endswith(".lemma") or plain)
        and not trig.misspelt
    )


def _officer_takes(
    folded: str, grammar: Grammar, unit: tuple[str, int, float] | None, trig: Trigger, limit: int
) -> bool:
    """Whether the one a hand-over names is a person of a unit ("the Secretary", "la
    présidente", "der Vorsitzenden"), not a unit: a name with no kind of unit in it whose
    head is an officer, or, with no name read, an officer right after the word."""
    if unit is not None:
        said = [fold(w) for w in WORDS.findall(unit[0])]
        return (
            bool(said)
            and not any(w in grammar.unit_heads for w in said)
            and any(w in grammar.officers for w in said)
        )
    after = WORDS.findall(folded, max(trig.end, trig.reach), limit)[:_OFFICER_REACH]
    return any(w in grammar.officers for w in after) and not any(
        w in grammar.unit_heads for w in after
    )


_OFFICER_REACH = 3  # "par la présidente", "a cargo de la secretaria"


# a line opened by a time and a colon: "\n2021: postponed", "\n• Q3 2020: …"
_LINE_LABEL = re.compile(r"\n[^\S\n]*[•*–-]?[^\S\n]*[^\n:]{0,24}\d[^\n:]{0,8}:")


def _ran_until(folded: str, grammar: Grammar, trig: Trigger, time: TimeSpan) -> bool:
    """Whether work going on is said to have run up to a month of the planned year, written
    without its year ("en curso hasta marzo", "lief bis März")."""
    if trig.rule.type != "ongoing" or time.kind != "contextual" or time.month is None:
        return False
    # the end word stands before the time, or the time took it in ("until March")
    first = WORDS.match(folded, time.start)
    lead = folded[max(0, time.start - 16) : first.end() if first else time.start]
    return (
        grammar.time.deadline.search(lead) is not None
        or grammar.time.deadline.search(folded[max(0, time.start - 16) : time.start]) is not None
    )


def _went_to(folded: str, grammar: Grammar, start: int, trig: Trigger) -> bool:
    """Whether a unit named at ``start``, before a hand-over word, is where the work went:
    the word or an article says so (:func:`receiving`), or a word of destination leads
    the name ("Ans Regionalbüro Asien und Ozeanien übergeben")."""
    lead = folded[max(0, start - 12) : start]
    return receiving(folded, grammar, start, trig) or bool(
        grammar.destination_end.search(lead) or grammar.agent_lead.search(lead)
    )


_FINAL_REACH = 1  # words between a pause and the word that makes it final


def _for_good(folded: str, grammar: Grammar, trig: Trigger, clause: int, limit: int) -> bool:
    """Whether a word of finality stands right before or after a pause in its clause."""
    if grammar.finality is None:
        return False
    stop = first_stop(folded, grammar, trig.end, limit)
    end = stop.start() if stop else limit
    for m in grammar.finality.finditer(folded, clause, end):
        before = m.end() <= trig.start
        gap = folded[m.end() : trig.start] if before else folded[trig.end : m.start()]
        overlaps = m.start() < trig.end and trig.start < m.end()
        # "Suspended, but not permanently": a denied finality leaves the pause
        denied = grammar.negations.search(folded, max(clause, m.start() - 12), m.start())
        if denied is None and (overlaps or len(WORDS.findall(gap)) <= _FINAL_REACH):
            return True
    return False


def _held_as_format(folded: str, grammar: Grammar, at: int) -> bool:
    """Whether a word of manner and a format follow ``at`` ("held *as a webinar*", "se
    realizará *como webinario*"): the format it will be held in."""
    start = after_manner(folded, grammar, at)
    found = grammar.formats.match(folded, start) if start is not None else None
    return found is not None and found.group() not in grammar.in_person  # "as face-to-face"


def _future_doer(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    limit: int,
    year: int | None,
) -> tuple[str, int, float] | None:
    """The unit named as the agent of work still to be done, after its verb ("will be
    carried out by the X Section", "sera réalisé par la Section Y") or before a
    verb-final one ("wird von der Sektion Z durchgeführt"); a unit by name, not a kind
    alone ("by the Section" may be the plan's own)."""
    after = agent_right_after(folded, grammar, trig.end)
    doer = subject_after(text, folded, grammar, units, trig, limit, year) if after else None
    return doer or agent_before(text, folded, grammar, units, trig, clause, year)


def _deciding_body(
    text: str, folded: str, grammar: Grammar, trig: Trigger, clause: int, limit: int
) -> tuple[str, int, float] | None:
    """A body known by its kind alone, right after an agent word in the clause: who is to
    approve ("Sera approuvé par le Bureau", "Wird vom Vorstand genehmigt")."""
    for a, b in lone_heads(text, grammar, clause, limit):
        if after_agent(folded, grammar, a, clause):
            return text[a:b], max(b, trig.end), 0.7  # before a verb-final word too
    return None


def _kind_named(unit: tuple[str, int, float], grammar: Grammar) -> bool:
    """Whether a unit found after a verb is one the units list holds, or is named with a
    kind of unit of the cell's languages ("el Comité Profesional")."""
    words = WORDS.findall(fold(unit[0].lower()))
    acronym = ACRONYM.fullmatch(unit[0]) is not None  # "examinée par le PC"
    return unit[2] >= 0.9 or acronym or any(w in grammar.unit_heads for w in words)


_PLACE_WORDS = 4  # "d'Athènes, août 2019": a congress's place before its own time
_PARTNER_GAP = 2  # "with the", "avec l'": the words between talks' verb and the partner


def _talks_partner(
    text: str,
    folded: str,
    grammar: Grammar,
    units: UnitIndex,
    trig: Trigger,
    clause: int,
    limit: int,
    times: list[TimeSpan],
) -> tuple[str, int, float] | None:
    """The unit named between a word for talks and its verb ("Gespräche mit der Sektion
    Nationalbibliotheken laufen"), as after "in discussions with", or a word after the
    verb ("Talks started with IFLA HQ", "Discussions engagées avec l'IFLA HQ")."""
    # the phrase may already start at the talks ("Gespräche … laufen" read as one)
    verb = max(trig.start, folded.rfind(" ", trig.start, trig.end) + 1)
    talks = grammar.discussions.search(folded, clause, verb) if grammar.discussions else None
    if talks is None:
        return None
    lead = replace(trig, start=talks.start(), end=talks.end())
    found = argument_unit(text, folded, grammar, units, lead, verb, None, times)
    if found is None:
        found = argument_unit(text, folded, grammar, units, trig, limit, None, times)
        gap = folded[trig.end : found[1] - len(found[0])] if found else ""
        if len(WORDS.findall(gap)) > _PARTNER_GAP or re.search(r"[,;:.()]", gap):
            return None  # "Talks started; report to the IT Section": no partner
    if found is None or not _names_unit(found, units):
        return None  # "Gespräche mit Partnern": no unit
    return found[0], max(trig.end, found[1]), found[2]


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
    if grammar.discussions.match(folded, trig.start):
        return True  # the phrase was read from the talks on ("Gespräche mit … laufen")
    return any(grammar.discussions.fullmatch(w) for w in (*before, *after))


def _format_later_in_clause(folded: str, grammar: Grammar, trig: Trigger, limit: int) -> bool:
    """Whether a format word follows a bare move in its clause: "convertido en serie de
    webinars", "turned into a series of online talks"."""
    stop = first_stop(folded, grammar, trig.end, limit)
    return grammar.formats.search(folded, trig.end, stop.start() if stop else limit) is not None
