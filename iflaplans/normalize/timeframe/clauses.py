"""Where a cell's clauses start, and which status phrases open one (scope).

A status phrase is the news of its clause when nothing but a short subject stands before
it; a denied phrase ("not cancelled") or a hedged one ("could be held") is not news, and a
congress's own news is not the activity's.
"""

from __future__ import annotations

import re
from dataclasses import replace

from iflaplans.normalize.timeframe.clause_bounds import (
    BOUNDARY,
    MAX_SUBJECT_WORDS,
    Clauses,
    abbreviated,
    content_words,
    first_stop,
    without_manner,
)
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.later_news import (
    detail,
    held_so,
    in_future,
    joined,
    looked_ahead,
    own_time,
)
from iflaplans.normalize.timeframe.predicates import (
    MOVING,
    WORDS,
    Trigger,
    decision_before,
    weighed_after,
)
from iflaplans.normalize.timeframe.time_spans import TimeSpan

HANDOVER = frozenset({"transferred", "under_discussion"})
_DENIED_IS_PLAN = frozenset({"ongoing", "cancelled", "on_hold"})
_DENIED_CHANGE = frozenset({"move", "postponed", "rescheduled", "transferred", "moved_online"})
_BRACKETED = re.compile(r"\([^()]*\)")  # an aside closed before a status phrase


def format_aside(folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """A format word that describes a thing instead of changing it: alone in brackets
    ("(virtual)", "(en ligne)", "(als Webinar)"), after a noun ("enquête en ligne") or
    joined to one ("Online-Umfrage")."""
    if trig.rule.type != "moved_online":
        return False
    opened = folded[: trig.start].rstrip().endswith("(")
    closed = folded[trig.end :].lstrip().startswith(")")
    if opened and closed and format_as(folded, grammar, trig):
        return True  # "Herbst 2021 (als Webinar)": how it is planned, beside its date
    if grammar.formats.fullmatch(folded[trig.start : trig.end]) is None:
        return False  # a whole phrase ("changed to virtual") is news
    if opened and closed:
        return True
    if re.match(r"-[^\W\d_]", folded[trig.end :]):
        return True
    before = WORDS.findall(folded[max(0, trig.start - 30) : trig.start])
    if not before or folded[: trig.start][-1:] != " ":
        return False
    word = before[-1]
    return (
        word not in grammar.copulas
        and word not in grammar.connector_words
        and not grammar.fillers.fullmatch(word)
    )


_ARTICLE = re.compile(r"\s*(?:[^\W\d_]{1,3}\s+)?")  # "un", "a", "ein" after "als", "as"


def after_manner(folded: str, grammar: Grammar, at: int) -> int | None:
    """Where the thing a word of manner at ``at`` brings in starts, past a short article
    ("as *a* webinar", "comme *un* webinaire"), or None where no such word stands."""
    lead = grammar.manner_leads.match(folded, at) if grammar.manner_leads is not None else None
    if lead is None:
        return None
    article = _ARTICLE.match(folded, lead.end())
    return article.end() if article else lead.end()


def format_as(folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """Whether a phrase is a word of manner and a format alone ("als Webinar", "como
    webinario")."""
    at = after_manner(folded, grammar, trig.start)
    return at is not None and grammar.formats.fullmatch(folded, at, trig.end) is not None


def _bracketed(folded: str, trig: Trigger) -> bool:
    """Whether a status phrase stands alone in brackets."""
    return folded[: trig.start].rstrip().endswith("(") and folded[trig.end :].lstrip().startswith(
        ")"
    )


# states a bracket may add as an aside: waiting, talks, work going on; an end or a move
# in brackets is news
_ASIDE_TYPES = frozenset({"on_hold", "under_discussion", "ongoing"})
# what parts the items of a list or the steps of a story: after it, brackets hold news
_ITEM_BREAK = re.compile(r"[;\n]|\s/\s|→|->|\.\s")


def _in_brackets_after(folded: str, trig: Trigger, news: Trigger) -> bool:
    """Whether a status phrase stands inside brackets opened after earlier news in its
    sentence, with no figure of its own: an aside on that news ("Glisse vers 2021 (on
    attend les traductions)"), not the news of a listed item ("webinar 2 (held)") or a
    dated step ("went online (held 3 Dec 2020)")."""
    if trig.rule.type not in _ASIDE_TYPES:
        return False  # "Postponed to 2021 (later cancelled)": the last news, in brackets
    opened = folded.rfind("(", 0, trig.start)
    if opened <= news.start or folded.find(")", opened, trig.start) != -1:
        return False
    closed = folded.find(")", trig.start)
    inside = folded[opened : closed if closed != -1 else len(folded)]
    return not _ITEM_BREAK.search(folded, news.end, opened) and not re.search(r"\d", inside)


def _talks_subject(words: list[str], trig: Trigger, grammar: Grammar) -> bool:
    """ "Abstimmung mit möglichen Partnern läuft": talks with whom, as the longer subject of
    an ongoing word, still make a clause of their own."""
    talks = grammar.discussions
    return (
        trig.rule.type == "ongoing"
        and talks is not None
        and len(words) <= MAX_SUBJECT_WORDS + 3
        and talks.fullmatch(words[0]) is not None
    )


_CLOSING_TYPES = frozenset({"completed", "cancelled", "postponed", "on_hold"})
_CLOSING_SUBJECT_WORDS = 6  # "mapeo con la norma ISO 2789", "le rapport sur l'enquête"


def _closing_participle(
    folded: str, grammar: Grammar, trig: Trigger, words: list[str], clause: int
) -> bool:
    """ "2020 – mapeo con la norma ISO 2789 completado": a status word that closes its
    clause, opened by a dash, a colon, a semicolon or a line break, says what became of the words
    before it, up to a few; the caller asks only for the cell's first news (after it,
    "two of four webinars held" is a detail)."""
    if trig.rule.type not in _CLOSING_TYPES or len(words) > _CLOSING_SUBJECT_WORDS:
        return False
    if clause == 0 or folded[:clause].rstrip(" \t")[-1:] not in ("–", "—", "-", ":", ";", "\n"):
        return False  # a line of its own opens a clause too ("Juni 2023\nFachtag … durchgeführt")
    if any(w in grammar.auxiliaries or w in grammar.connector_words for w in words[:1]):
        return False
    if any(w in grammar.quantifiers for w in WORDS.findall(folded, clause, trig.start)):
        return False  # "no webinars held", "nur einer der Workshops abgehalten": not the whole
    stop = first_stop(folded, grammar, trig.end, len(folded))
    return not WORDS.findall(folded, trig.end, stop.start() if stop else len(folded))


def _blanked(part: str, offset: int, spans: list[tuple[int, int]]) -> str:
    """``part`` (the cell's text from ``offset``) with the spans that lie wholly inside it
    blanked, not cut: offsets in it stay offsets in the cell less ``offset``."""
    for start, end in spans:
        if offset <= start and end <= offset + len(part):
            part = part[: start - offset] + " " * (end - start) + part[end - offset :]
    return part


def _denied_pair(folded: str, quiet: list[Trigger], trig: Trigger) -> bool:
    """Whether ``trig`` follows a denied phrase with only a joining word between them."""
    if not quiet or quiet[-1].mood != "negated" or quiet[-1].end > trig.start:
        return False
    gap = folded[quiet[-1].end : trig.start]
    return len(WORDS.findall(gap)) == 1 and re.fullmatch(r"\s*[^\W\d_]+\s*", gap) is not None


def _hedge_start(before: str, grammar: Grammar) -> int:
    """Offset in ``before`` of the first word that makes the phrase a possibility."""
    starts = [m.start() for m in WORDS.finditer(before) if m.group() in grammar.hedges]
    condition = grammar.conditions.search(before)
    if condition is not None:
        starts.append(condition.start())
    return min(starts, default=0)


def _sentence_start(folded: str, grammar: Grammar, position: int) -> int:
    """Where the sentence holding ``position`` starts: after the last ; . – before it."""
    stops = BOUNDARY.finditer(folded, 0, position)
    return max((m.end() for m in stops if not abbreviated(folded, grammar, m)), default=0)


# the rule of occurrence verbs not in the past ("takes place", "aura lieu"): a plan, or
# a move when they name another time than the one planned
OCCURS = "occurs."


def takes_up(folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """Whether a phrase of work going on, with the work after it, is one a unit before it
    may take the work up with (`take_up`: "a repris cette activité")."""
    return (
        trig.rule.type == "ongoing"
        and grammar.take_up is not None
        and grammar.take_up.match(folded, trig.start) is not None
    )


_QUESTION_WORDS = 2  # "en ligne??", "online maybe?": a status word and a word or two


def _questioned(folded: str, trig: Trigger) -> bool:
    """Whether a status phrase ends a short clause closed by a question mark."""
    rest = re.match(r"[^.;:,()\n?–—-]*\?", folded[trig.end :])
    return rest is not None and len(WORDS.findall(rest.group())) <= _QUESTION_WORDS


_WAITING = frozenset({"on_hold", "under_discussion"})


def _waits_after_move(folded: str, grammar: Grammar, news: Trigger, trig: Trigger) -> bool:
    """Whether a status phrase opens a wait (`waits`) right after a move or a pause in its
    sentence and names what is awaited: the move's or the pause's reason ("Aplazado a 2023,
    a la espera de financiamiento", "on hold – awaiting HQ guidance"). A wait for nothing
    named is a state of its own ("Reporté à 2021, actuellement en attente")."""
    wait = grammar.waits.match(folded, trig.start) if grammar.waits is not None else None
    if wait is None:
        return False
    awaited = re.split(r"[;.,\n()]", folded[max(wait.end(), trig.end) :], maxsplit=1)[0]
    return (
        (news.rule.type in MOVING or news.rule.type == "on_hold")
        and trig.rule.type in _WAITING
        and re.search(r"[;.\n]", folded[news.end : trig.start]) is None
        and bool(content_words(awaited, grammar))
    )


def _weighed_by(
    folded: str, grammar: Grammar, trig: Trigger, end: int, times: list[TimeSpan]
) -> bool:
    """Whether a discussion phrase that opens a longer condition ("pending approval") goes
    on with an agent word and no time after it: the wait is on a decision someone named
    is to take ("by the Governing Board", not "by June 2022")."""
    agent = grammar.agent_lead.match(folded, end + _spaces(folded, end))
    return (
        trig.rule.type == "under_discussion"
        and agent is not None
        and not any(agent.start() <= t.start <= agent.end() + 1 for t in times)
    )


def _spaces(folded: str, at: int) -> int:
    return len(folded[at:]) - len(folded[at:].lstrip(" "))


def _paired(folded: str, grammar: Grammar, news: Trigger, trig: Trigger) -> bool:
    """Whether two status words of one type stand joined by "and" alone ("Finalised and
    launched", "Fertiggestellt und veröffentlicht")."""
    between = WORDS.findall(folded, news.end, trig.start)
    return (
        news.rule.type == trig.rule.type
        and len(between) == 1
        and between[0] in grammar.joiners
        and not re.search(r"[,;.:()\n]", folded[news.end : trig.start])
    )


def accepted_triggers(
    folded: str,
    grammar: Grammar,
    triggers: list[Trigger],
    times: list[TimeSpan],
    held: list[tuple[int, int]],
    clauses: Clauses,
) -> tuple[list[Trigger], list[Trigger]]:
    """Status phrases that open a clause, and those that say nothing happened yet.

    Later phrases in the same clause belong to a note. A denied phrase ("not
    done") is kept with mood "negated"; a phrase in the future ("will be held")
    with mood "future" when a time was planned before it. "Not yet started" and a
    future completion with nothing planned before it are not news: they come back
    in the second list, so their words count as understood.
    """
    bounds, soft = clauses.hard, set(clauses.soft)
    accepted: list[Trigger] = []
    quiet: list[Trigger] = []
    for trig in triggers:
        clause = max(b for b in [*bounds, *soft] if b <= trig.start)
        opened = clause  # where the sentence began, before any update inside it
        if accepted and clause <= accepted[-1].start:
            # "moved to 2021 held online nov 2021": after the time a status took, a new
            # status phrase is a new update, even with no comma between them
            taken = [
                t
                for t in times
                if accepted[-1].end <= t.start
                and t.end <= trig.start
                and t.year_from is not None
                and not content_words(folded[t.end : trig.start], grammar)
            ]
            join_at = joined(folded, grammar, accepted[-1], trig)
            if taken:
                clause = taken[-1].end
            elif join_at is not None:
                clause = join_at  # "pasó a formato virtual y se realizó en octubre"
            else:
                if _paired(folded, grammar, accepted[-1], trig):
                    # "Finalised and launched in Dec. 2022": one piece of news in two
                    # words, whose time follows the second
                    accepted[-1] = replace(accepted[-1], end=trig.end)
                continue
        # "Not cancelled – postponed to 2022": a denied phrase closes its own words
        clause = max([clause, *(q.end for q in quiet if q.end <= trig.start)])
        if accepted and _bracketed(folded, trig):
            continue  # "Completed in 2018 (delayed)", "(reporté)": a remark on the news
        if accepted and _in_brackets_after(folded, trig, accepted[-1]):
            continue  # "Glisse vers 2021 (on attend les traductions)": an aside on the news
        if accepted and _questioned(folded, trig):
            continue  # "reporté à 2021 - en ligne??": a question after the news, its note
        if accepted and _waits_after_move(folded, grammar, accepted[-1], trig):
            continue  # "Deferred to 2023 pending the new IFLA structure": the move's reason
        condition = grammar.conditions.match(folded, trig.start)
        if condition is not None and condition.end() > trig.end:
            if not _weighed_by(folded, grammar, trig, condition.end(), times):
                continue  # "pendiente de aprobación": a longer condition, no news of its own
            # "Pending approval by the Governing Board": a wait on who decides, there
            trig = replace(trig, end=condition.end())
        if format_aside(folded, grammar, trig):
            continue  # "Congress 2021 (virtual)": a format beside a time is its note
        if trig.rule.type == "moved_online" and weighed_after(folded, grammar, trig.end):
            continue  # "a switch to online is being considered": a possibility
        if held_so(folded, grammar, trig, triggers, times, clause):
            continue  # "als Webinar durchgeführt": how it was held, like "held online"
        if (
            clause in soft
            and accepted
            and accepted[-1].rule.type == trig.rule.type
            and trig.rule.type not in ("move", "postponed", "rescheduled")
        ):
            continue  # "Completed, published in 2021": one piece of news told twice
        before = folded[clause : trig.start]
        spans = [(t.start, t.end) for t in times]
        # "an die Sektion IT übergeben": the unit is not a subject; nor is a subordinate
        # clause about a congress ("nach der Absage des WLIC 2020 durchgeführt")
        spans += held if trig.rule.type in HANDOVER else [h for h in held if h[1] <= trig.start]
        before = _blanked(before, clause, spans)
        opening = grammar.connectors.match(before)
        if opening:  # "…, but our webinar went ahead": the connector opens the clause
            before = " " * opening.end() + before[opening.end() :]
        reason = grammar.reasons.search(before) or (
            grammar.companions.search(before) if grammar.companions else None
        )
        if trig.rule.type == "completed":
            before = without_manner(before, grammar)  # "Im März 2018 als Bericht erschienen"
            # "Per Zoom aus der Ferne durchgeführt": after a format read as how the thing
            # was held, more format words are that manner too, no subject
            if any(
                t.rule.type == "moved_online" and clause <= t.start and t.end <= trig.start
                for t in triggers
            ):
                before = grammar.formats.sub(lambda m: " " * len(m.group()), before)
        words = content_words(before[: reason.start()] if reason else before, grammar)
        # "la Section de catalogage qui s'en charge": the little words between a subject
        # and its verb say nothing of their own
        words = [w for w in words if w not in grammar.verb_group]
        # "cancelled; will perhaps be reviewed again in 2022": a doubt before the time or
        # the connector that opened the update reaches its status word too
        if grammar.connectors.match(folded, opened) is not None:
            opened = _sentence_start(folded, grammar, opened)
        # "until May, then paused": a month is no hedge
        doubt = (
            _blanked(folded[opened : trig.start], opened, [(t.start, t.end) for t in times])
            if opened < clause
            else before
        )
        # "2020 (approx.) Postponed to 2021": a hedge closed in brackets qualifies the
        # time before it, not the news after it
        hedged = any(
            w in grammar.hedges for w in WORDS.findall(_BRACKETED.sub(" ", doubt))
        ) or bool(grammar.conditions.search(_BRACKETED.sub(" ", before)))
        denial = grammar.negations.search(before)
        if denial is None and _denied_pair(folded, quiet, trig):
            # "weder verschoben noch abgesagt": the second of a denied pair is denied too
            denial = re.search(r"\S.*$|$", before)
        if denial:
            words = content_words(before[: denial.start()], grammar)
        if accepted and looked_ahead(folded, grammar, trig):
            continue  # "Suspendue ; la reprise sera réexaminée en 2022": a look ahead
        new_line = accepted and "\n" in folded[accepted[-1].end : trig.start]
        if accepted and not new_line and detail(folded, grammar, accepted[-1], trig, before, times):
            continue  # "Finished; final report submitted to the PC": a part of the work
        doubt_at = clause + _hedge_start(before, grammar)
        if hedged and any(t.end <= doubt_at and t.year_from is not None for t in times):
            # "2023 – may be dropped if no sponsor is found", "2020 May be postponed to
            # 2021": a possibility after the plan is the plan's note, not news and not
            # words nobody understood
            quiet.append(replace(trig, start=doubt_at, mood="hedged"))
            continue
        # "The Standing Committee decided to cancel": who decided may take more words
        decision = decision_before(folded, grammar, trig.start)
        decided = trig.mood == "decided" or (
            decision is not None and len(WORDS.findall(folded, decision, trig.start)) <= 3
        )
        # a unit's own act, or a hand-over whose clause opens with a unit, has that unit
        # for its subject, however long its name ("La Section Services aux personnes
        # ayant des besoins particuliers prend le relais")
        unit_first = (trig.rule.type in HANDOVER or takes_up(folded, grammar, trig)) and any(
            clause <= a and b <= trig.start and len(WORDS.findall(folded, clause, a)) <= 1
            for a, b in held
        )
        long_subject = (
            len(words) > MAX_SUBJECT_WORDS
            and not decided
            and trig.rule.takes != "party"
            and not unit_first
        )
        if hedged or (
            long_subject
            and not _talks_subject(words, trig, grammar)
            and (accepted or not _closing_participle(folded, grammar, trig, words, clause))
        ):
            continue
        if denial:
            start = clause + denial.start()
            denied = replace(trig, start=start, mood="negated")
            # "not cancelled", "nicht abgesagt": the plan stands, nothing happened
            # a denied move, transfer or change of format leaves the plan as it was too
            still_to_come = (
                trig.rule.type in _DENIED_IS_PLAN
                or trig.rule.type in _DENIED_CHANGE
                or any(w in grammar.pending for w in WORDS.findall(denial.group()))
            )
            to_come = trig.mood == "future" or grammar.future.search(before) is not None
            if (
                trig.rule.type == "completed"
                and to_come
                and not still_to_come
                and not own_time(folded, grammar, trig, times)
            ):
                # "2018 Wird nicht realisiert", "will not be delivered": it never will be
                denied = replace(denied, mood="ruled_out")
            (quiet if still_to_come else accepted).append(denied)
        elif trig.rule.type == "completed" and (
            in_future(before, grammar) or trig.mood == "future" or trig.key.startswith(OCCURS)
        ):
            if accepted and not (
                (trig.key.startswith(OCCURS) and accepted[-1].rule.type in MOVING)
                or about_congress(folded, grammar, accepted[-1], times)
            ):
                # "Ongoing; to be published in 2021": an outlook, part of the note; but
                # where it now takes place, after a move ("verschoben, findet 2021 statt")
                # or the congress's news ("WLIC cancelled, so the session will be held
                # at WLIC 2021"), is the activity's own
                continue
            planned_before = any(t.end <= trig.start and t.year_from is not None for t in times)
            future = replace(trig, mood="future")
            (accepted if planned_before else quiet).append(future)
        elif long_subject and grammar.discussions is not None:
            # the talks lead the phrase: "Abstimmung mit Partnern läuft"
            talks = grammar.discussions.search(before)
            accepted.append(replace(trig, start=clause + talks.start()) if talks else trig)
        elif (
            trig.rule.type == "ongoing"
            and grammar.discussions is not None
            and (talks := grammar.discussions.search(before)) is not None
        ):
            # "Gespräche mit der Sektion X laufen": the talks lead it, the unit named
            # between them and the verb being no subject of its own
            accepted.append(replace(trig, start=clause + talks.start()))
        else:
            accepted.append(trig)
    return accepted, quiet


# a sentence's end or a dash, not a bracket: "WLIC 2020 (Dublin) cancelled" is the congress's
_SENTENCE_OR_DASH = re.compile(r"[;.\n]|\s[-–—]\s")


def about_congress(folded: str, grammar: Grammar, trig: Trigger, times: list[TimeSpan]) -> bool:
    """Whether the words right before a status phrase, or right after it, name a congress
    as its subject."""
    subject = next((t for t in reversed(times) if t.end <= trig.start), None)
    if subject is not None and subject.congress:
        between = folded[subject.end : trig.start]
        # "WLIC 2021 – our session switched to online": a clause with words of its own
        mark = _SENTENCE_OR_DASH.search(between)
        own = mark is not None and WORDS.search(between, mark.end()) is not None
        if not content_words(between, grammar) and not own:
            return True
    # in the phrase's own clause ("WLIC 2021 – our session switched to online" is the
    # session's news), not a congress a move went to ("auf WLIC 2021 verschoben, dann
    # abgesagt": where the session went, no subject)
    window = max(0, trig.start - 40)
    opened = max(
        [window, *(m.end() for m in _SENTENCE_OR_DASH.finditer(folded, window, trig.start))]
    )
    went_to = [
        t
        for t in times
        if grammar.destination_end.search(folded, max(0, t.start - 16), t.start) is not None
    ]
    words = [
        m.group()
        for m in WORDS.finditer(folded, opened, trig.start)
        if not any(t.start <= m.start() < t.end for t in went_to)
    ][-MAX_SUBJECT_WORDS - 2 :]
    if any(grammar.time.congress_word.fullmatch(w) for w in words):
        return True
    # a subject after its verb, as Spanish puts it: "se canceló el congreso de Dublín"
    after = next((t for t in times if t.start >= trig.end), None)
    if (
        after is not None
        and after.congress
        and not content_words(folded[trig.end : after.start], grammar)
    ):
        return True
    following = WORDS.findall(folded[trig.end : trig.end + 40])[:2]
    named = [
        w for w in following if w not in grammar.auxiliaries and not grammar.fillers.fullmatch(w)
    ]
    return bool(named) and grammar.time.congress_word.fullmatch(named[0]) is not None
