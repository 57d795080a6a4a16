"""Events that only remark on the news before them, or are not the activity's news.

After news, a discussion naming no unit, a denial or a move with no time of its own
is that news's note; a change of format after a cancellation names what stands in for
the activity; a congress's own cancellation or change of format, told before the
activity's news, is the congress's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from iflaplans.model.events import MOVES
from iflaplans.normalize.timeframe.clause_bounds import MAX_SUBJECT_WORDS, WORDS, content_words
from iflaplans.normalize.timeframe.clauses import about_congress
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.planned import EventReading
from iflaplans.normalize.timeframe.predicates import Trigger
from iflaplans.normalize.timeframe.time_spans import TimeSpan


def drop_stand_ins(events: list[EventReading]) -> list[EventReading]:
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


def fold_remarks(
    events: list[EventReading], sources: list[Trigger], text: str = ""
) -> tuple[list[EventReading], list[Trigger]]:
    """ "Delayed – awaiting funding", "Cancelled; to be decided": after news, a discussion
    that names no unit is a remark on that news (its note), not news of its own. A line
    of its own is an update of its own ("2020: cancelled\n2021: cancelled again")."""
    kept: list[EventReading] = []
    kept_sources: list[Trigger] = []
    for event, trig in zip(events, sources, strict=True):
        if kept and _remark_on(kept[-1], event) and not _new_line(text, kept_sources[-1], trig):
            last = kept[-1]
            remark = " ".join(p for p in (last.note, event.phrase, event.note) if p)
            kept[-1] = replace(last, note=remark)
            continue
        if (
            kept
            and kept[-1].event_type == "unrecognized"
            and kept[-1].rule_id.endswith(".negated")
            and event.event_type not in ("planned", "unrecognized")
            and not _new_line(text, kept_sources[-1], trig)
        ):
            # "l'enquête n'a pas été lancée, projet abandonné": what did not happen says
            # why the news that follows came
            kept[-1], kept_sources[-1] = event, trig
            continue
        kept.append(event)
        kept_sources.append(trig)
    return kept, kept_sources


def merge_moves(
    events: list[EventReading], sources: list[Trigger]
) -> tuple[list[EventReading], list[Trigger]]:
    """One move told in two steps or twice is one event: a bare movement word and the new
    time in the next clause ("Delayed, now expected early 2017", "Postponed → 2021"), and
    the same move repeated, often in a second language ("Postponed to 2021 / Reporté à
    2021"): a move to the time of the move just before it is no new rescheduling."""
    kept: list[EventReading] = []
    kept_sources: list[Trigger] = []
    for event, trig in zip(events, sources, strict=True):
        last = kept[-1] if kept else None
        if last is not None and last.event_type in MOVES and event.event_type in MOVES:
            if _bare(last) and event.year_from is not None:
                kept[-1], kept_sources[-1] = event, trig
                continue
            if event.year_from is not None and _when(last) == _when(event):
                remark = " ".join(p for p in (last.note, event.phrase, event.note) if p)
                kept[-1] = replace(last, note=remark)
                continue
        kept.append(event)
        kept_sources.append(trig)
    return kept, kept_sources


def _new_line(text: str, before: Trigger, trig: Trigger) -> bool:
    """Whether a line break stands between two status phrases."""
    return "\n" in text[before.end : trig.start]


def _bare(event: EventReading) -> bool:
    return event.year_from is None and event.target_unit is None


def _when(event: EventReading) -> tuple[int | None, int | None, int | None]:
    return event.year_from, event.year_to, event.month


def _remark_on(news: EventReading, event: EventReading) -> bool:
    """Whether an event after ``news`` only remarks on it: a discussion or, after an end,
    a hand-over that names no unit, a denial ("postponed – no new date yet"), news of the
    same kind with no time or unit of its own, or a move with no time of its own after a
    move ("verschoben, neuer Termin offen")."""
    if news.event_type == "planned":
        return False
    if event.event_type == "under_discussion" and event.target_unit is None:
        return True
    if event.event_type == "unrecognized" and event.rule_id.endswith(".negated"):
        return True
    if (
        news.event_type in ("cancelled", "completed")
        and event.event_type == "transferred"
        and _bare(event)
    ):
        return True  # "Annulé – fusionné avec l'activité 3.1": it went into no unit
    if news.event_type == "completed" == event.event_type and (
        event.year_from is None or _when(event) == _when(news)
    ):
        # "Completed – presented at the congress", "Fertiggestellt und im Dez. 2022
        # veröffentlicht": the same news told again
        return True
    if news.event_type == event.event_type and _bare(event) and _bare(news):
        # "Kein Bedarf mehr – gestrichen", "Wartet auf die neue Struktur; ruht": the same
        # news told twice, neither with a time or unit of its own
        return True
    return (
        news.event_type in MOVES
        and event.event_type in MOVES
        and event.year_from is None
        and event.target_unit is None
    )


def drop_other_party_news(
    events: list[EventReading], sources: list[Trigger], folded: str, grammar: Grammar
) -> tuple[list[EventReading], list[Trigger]]:
    """ "Partner conference postponed to 2023; our panel is cancelled", "El congreso del
    socio se aplazó a 2023; nuestro panel queda cancelado": news whose subject names
    another party (`other_parties`) is that party's, the note of the activity's news
    before it (or after it), when the activity has news of its own."""
    theirs = [_about_other_party(folded, grammar, t) for t in sources]
    if not any(theirs) or all(theirs):
        return events, sources
    kept: list[tuple[EventReading, Trigger]] = []
    waiting: list[EventReading] = []  # another party's news before any of the activity's
    for event, trig, other in zip(events, sources, theirs, strict=True):
        if other and kept:
            kept[-1] = (_noted(kept[-1][0], event), kept[-1][1])
        elif other:
            waiting.append(event)
        else:
            for remark in waiting:
                event = _noted(event, remark)
            waiting = []
            kept.append((event, trig))
    return [e for e, _ in kept], [t for _, t in kept]


_PARTY_REACH = MAX_SUBJECT_WORDS + 3  # words before a status phrase its subject stands in
_ASIDE = re.compile(r"\([^()]*\)")
_CLAUSE_MARK = re.compile(r"[;.\n]\s|\n|\s[-–—]\s")


def _about_other_party(folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """Whether the subject before a status phrase, in its clause, is another party's
    event: a party and an event of the kind it holds ("Partner conference", "la conférence
    de notre partenaire", "Tagung des Veranstalters"), not a companion ("webinar with
    partners") nor a party that acted ("The organisers cancelled the session")."""
    # its clause up to a semicolon, a line or a dash, an aside in brackets left out
    # ("partner funding (approx. EUR 10,000) withdrawn")
    before = _ASIDE.sub(" ", folded[max(0, trig.start - 80) : trig.start])
    before = _CLAUSE_MARK.split(before)[-1]
    words = WORDS.findall(before)[-_PARTY_REACH:]
    return any(w in grammar.other_parties for w in words) and any(
        w in grammar.party_events for w in words
    )


def drop_congress_cancellations(
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
    kept: list[EventReading] = []
    for i, (event, trig) in enumerate(zip(events, sources, strict=True)):
        later = any(e.event_type not in ("planned", "unrecognized") for e in events[i + 1 :])
        news = [j for j, e in enumerate(kept) if e.event_type not in ("planned", "unrecognized")]
        congress = event.event_type in _CONGRESS_NEWS and (later or news)
        if congress and about_congress(folded, grammar, trig, times):
            if (
                news
                and not later
                and not _moved_there(kept[news[-1]], trig, times, folded, grammar)
            ):
                # "Ongoing. Note: WLIC 2020 cancelled": after the activity's news, the
                # congress's is that news's note; after a move to a congress, its
                # cancellation ("→ WLIC 2021 → cancelled") is the activity's, but not
                # another congress's ("Reporté à 2021, le CMBI 2020 ayant été annulé")
                kept[news[-1]] = _noted(kept[news[-1]], event)
                continue
            if later:
                continue
        if (
            event.event_type == "cancelled"
            and not later
            and not news
            and about_congress(folded, grammar, trig, times)
        ):
            moved = _moved_after(event, trig, times, folded, grammar, kept)
            if moved is not None:
                kept.append(moved)
                continue
        kept.append(event)
    return kept


def _moved_after(
    event: EventReading,
    trig: Trigger,
    times: list[TimeSpan],
    folded: str,
    grammar: Grammar,
    kept: list[EventReading],
) -> EventReading | None:
    """After a congress's cancellation with no news of the activity's own, a later congress
    or a later year brought in by a word of destination, in a clause of its own, is where
    the activity went ("el Congreso se canceló; el taller se dará en el WLIC 2021", "CMBI
    annulé ; l'atelier ira au congrès 2021"): a postponement, unless doubt, a condition or
    other news is in its words."""
    opening = re.split(r"[.;:\n(]", folded[: trig.start])[-1]
    first = [
        w for w in WORDS.findall(opening) if not w.isdigit() and w not in grammar.article_words
    ]
    if first and not grammar.time.congress_word.fullmatch(first[0]):
        return None  # "Sitzung mit dem Kongress ausgefallen": the session's own news
    planned = [e.year_to for e in kept if e.event_type == "planned" and e.year_to is not None]
    before = [t.year_to for t in times if t.end <= trig.start and t.year_to is not None]
    plan = max(planned) if planned else before[-1] if before else None
    if plan is None:
        return None
    for time in times:
        if time.start < trig.end or time.year_from is None or time.year_from <= plan:
            continue
        between = folded[trig.end : time.start]
        said = WORDS.findall(between)
        led = grammar.destination_end.search(folded, max(0, time.start - 16), time.start)
        if (
            not re.search(r"[;,]", between)
            # "report due 2021", "see the 2021 strategy": a year of something else
            or not (time.congress or led is not None)
            or any(w in grammar.hedges for w in said)
            or grammar.negations.search(between) is not None
            or grammar.conditions.search(between) is not None
            # "der Beitrag erscheint 2021": news of a product's own, not a move
            or any(w in grammar.known_forms for w in said)
            or grammar.phrases.search(between) is not None
        ):
            return None
        return replace(
            event,
            event_type="postponed",
            year_from=time.year_from,
            year_to=time.year_to,
            month=time.month,
            note=None,
            phrase=event.note or event.phrase,
            confidence=min(event.confidence, 0.8),
            rule_id=event.rule_id + ".congress-moved",
        )
    return None


def _moved_there(
    move: EventReading, trig: Trigger, times: list[TimeSpan], folded: str, grammar: Grammar
) -> bool:
    """Whether a congress's news right after a move is about the congress the move went
    to: the congress time just before it is the move's year ("→ WLIC 2021 → cancelled")."""
    if move.event_type not in MOVES:
        return False
    subject = next((t for t in reversed(times) if t.end <= trig.start), None)
    return (
        subject is not None
        and subject.congress
        and subject.year_from == move.year_from
        and not content_words(folded[subject.end : trig.start], grammar)
    )


def _noted(news: EventReading, remark: EventReading) -> EventReading:
    return replace(news, note=" ".join(p for p in (news.note, remark.phrase, remark.note) if p))


# "2 webinars held out of 4", "2 webinaires sur 4 réalisés", "2 von 4 durchgeführt": a count
# of parts done, beside an ongoing word, tells how far the work has got
_PROGRESS = re.compile(r"\b\d{1,3}\s+(?:[^\W\d]+\s+){0,3}(?:out\s+of|of|sur|de|von)\s+\d{1,3}\b")


def fold_progress(
    events: list[EventReading], sources: list[Trigger], folded: str
) -> tuple[list[EventReading], list[Trigger]]:
    """An ongoing word said twice in one update ("Ongoing – mapping started", "resumed and
    now in progress"), or a count of parts done after it ("Ongoing, 2 of 4 webinars held"),
    is the ongoing event's note: the work still goes on."""
    kept: list[EventReading] = []
    kept_sources: list[Trigger] = []
    for event, trig in zip(events, sources, strict=True):
        last = kept[-1] if kept else None
        if last is not None and last.event_type == "ongoing" and event.year_from is None:
            counted = _PROGRESS.search(folded, max(0, trig.start - 40), trig.end + 40)
            if event.event_type == "ongoing" or (event.event_type == "completed" and counted):
                kept[-1] = _noted(last, event)
                continue
        kept.append(event)
        kept_sources.append(trig)
    return kept, kept_sources


_CONGRESS_NEWS = frozenset({"cancelled", "moved_online"})
