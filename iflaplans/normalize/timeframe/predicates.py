"""Status phrases of a Timeframe cell: the predicates of its updates.

Found four ways, each a reading of the grammar's vocabulary: exact phrases (one regular
expression), phrases in two parts ("fand … statt"), any inflection of a lexicon lemma
("aplazó"), and, as guesses that go to review, words one letter off or cut short.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from iflaplans.model.events import MOVES
from iflaplans.normalize.timeframe.grammar_compiling import TYPO_MIN_LENGTH
from iflaplans.normalize.timeframe.grammar_records import Grammar, StatusRule
from iflaplans.normalize.timeframe.time_spans import TimeSpan

WORDS = re.compile(r"[^\W\d_][^\W_]*(?:'[^\W_]+)?")
_ABBREVIATION_MIN_LENGTH = 4
NOW = "now."  # the rule of "now" and arrows, which take a time right after them
GUESS_CONFIDENCE = 0.45  # below 0.5: the report's review queue shows it


@dataclass(frozen=True)
class Trigger:
    """A status phrase found in a cell (offsets into it) and the rule that reads it."""

    start: int
    end: int
    rule: StatusRule
    key: str
    # "" | "negated" ("not done") | "future" ("will be held") | "decided" ("decided to
    # cancel") | "ruled_out" ("will not be realised")
    mood: str = ""
    misspelt: bool = False  # read from a word one letter off a status word ("cancled")
    guessed: bool = False  # read by structure alone ("Se arrastra a 2019"): for review
    reach: int = 0  # end of the far part of a split phrase ("fand … statt")


# ------------------------------------------------------------------ finding the pieces


def agent_right_after(folded: str, grammar: Grammar, at: int) -> re.Match[str] | None:
    """The agent word, perhaps with an article, that follows ``at`` past white space
    ("Cancelled *by the* SC", "sera réalisé *par la* Section"), or None."""
    rest = folded[at:]
    return grammar.agent_lead.match(folded, at + len(rest) - len(rest.lstrip()))


def find_triggers(folded: str, grammar: Grammar, times: list[TimeSpan]) -> list[Trigger]:
    """Every status phrase of a cell outside its time expressions, in reading order, not
    overlapping: exact phrases first (the longest wins), then split phrases, lemma forms
    and, last, guesses."""
    found = []
    for m in grammar.phrases.finditer(folded):
        c0, c1 = m.span()
        inside = [t for t in times if t.start < c1 and c0 < t.end]
        key = grammar.phrase_keys[folded[c0:c1]]
        if inside:
            # "Moved up to June": the time took "up to"; a shorter phrase may end before it
            shorter = grammar.phrases.match(folded, c0, inside[0].start)
            # "Remis à septembre": the month took the phrase's last word, "à", as its own
            lead = folded[inside[0].start : c1].strip()
            if shorter is not None and c0 < inside[0].start:
                c1, key = shorter.end(), grammar.phrase_keys[shorter.group()]
            elif c0 < inside[0].start and lead and grammar.destinations.fullmatch(lead):
                c1 = len(folded[: inside[0].start].rstrip())
            else:
                continue  # a word inside a time expression ("mid-term", "May")
        found.append(Trigger(c0, c1, grammar.rules[key], key))
    found += format_changes(folded, grammar, times)
    chosen: list[Trigger] = []
    for trig in sorted(found, key=lambda t: (-(t.end - t.start), t.start)):
        if not any(c.start < trig.end and trig.start < c.end for c in chosen):
            chosen.append(trig)
    split = split_phrases(folded, grammar, [*chosen, *times])
    # words between the parts of a split phrase are its arguments, not news of their own
    chosen = [c for c in chosen if not any(p.end <= c.start and c.end <= p.reach for p in split)]
    chosen += split
    covered = bytearray(len(folded))  # 1 where a time or a status phrase already stands
    spans: list[Trigger | TimeSpan] = [*chosen, *times]
    for span in spans:
        # a split phrase covers its far part too: "wurde … durchgeführt" is one reading
        end = max(span.end, span.reach) if isinstance(span, Trigger) else span.end
        covered[span.start : end] = b"\x01" * (end - span.start)
    words = [
        m
        for m in WORDS.finditer(folded)
        if len(m.group()) > 1 and 1 not in covered[m.start() : m.end()]
    ]
    lemmas = by_lemma(grammar, words, folded)
    for trig in lemmas:
        covered[trig.start : trig.end] = b"\x01" * (trig.end - trig.start)
    words = [m for m in words if 1 not in covered[m.start() : m.end()]]
    chosen += lemmas
    chosen += misspelt(folded, grammar, words)
    chosen = [c for c in chosen if not _arrow_without_time(folded, grammar, c, times, chosen)]
    # a unit's own act ("decidida por el Comité") is news only where nothing else is
    news = [c for c in chosen if c.rule.takes != "party"]
    formats, absorbed = clause_formats(folded, grammar, times, news)
    chosen = [c for c in chosen if c not in absorbed] + formats
    chosen = [c for c in chosen if not _held_as(folded, grammar, c, chosen)]
    refusals, absorbed = refused(folded, grammar, times, chosen)
    chosen = [c for c in chosen if c not in absorbed] + refusals
    chosen += guessed_moves(folded, grammar, times, [c for c in chosen if c.rule.takes != "party"])
    return sorted(chosen, key=lambda t: t.start)


_STRIP_END = " ,.;:–—-"  # what a phrase read over the rest of its clause does not end with


def refused(
    folded: str, grammar: Grammar, times: list[TimeSpan], taken: list[Trigger]
) -> tuple[list[Trigger], list[Trigger]]:
    """A decision not to do the work ("The SC decided not to go ahead", "decidió no
    hacerlo", "a décidé de ne pas le faire", "beschloss, es nicht durchzuführen"): a
    cancellation, whatever the verb, over the rest of its clause. Returns the new phrases
    and the ones they take in."""
    if grammar.refusals is None:
        return [], []
    found: list[Trigger] = []
    absorbed: list[Trigger] = []
    for m in grammar.refusals.finditer(folded):
        _, clause_end, _ = clause_around(folded, m.start(), m.end())
        if any(
            t.rule.type in ("postponed", "move", "rescheduled")
            and _time_after(t, clause_end, times)
            for t in taken
            if m.start() < t.end and t.start < clause_end
        ):
            continue  # "decided not to cancel but to postpone to 2022": the move says it
        end = min([clause_end, *(t.start for t in times if m.end() <= t.start)])
        inside = [t for t in taken if t.start < end and m.start() < t.end]
        key = own_key(grammar, "cancelled")
        if key is None or _inside(m.start(), end, found):
            continue
        found.append(
            Trigger(m.start(), len(folded[:end].rstrip(_STRIP_END)), grammar.rules[key], key)
        )
        absorbed += inside
    return found, absorbed


_GUESS_WORDS = 3  # "se arrastra", "queda", "se deja": a verb and its little words


def guessed_moves(
    folded: str, grammar: Grammar, times: list[TimeSpan], taken: list[Trigger]
) -> list[Trigger]:
    """A word of movement right before a new time that closes its clause, after the plan,
    in a clause that holds no status phrase ("2020 Queda para 2021", "2018 Se arrastra a
    2019"): a move whatever the verb, read as a guess so that a person checks it; the
    dates decide which way it went."""
    leads = grammar.move_leads
    dated = [t for t in times if t.year_from is not None]
    if leads is None or len(dated) < 2:
        return []
    found: list[Trigger] = []
    for time in dated[1:]:
        start, end, _ = clause_around(folded, time.start, time.end)
        before = [t for t in dated if t.end <= time.start]
        if not before or (before[-1].start >= start and before[0] is not before[-1]):
            continue  # "2020 Survey 2020, report 2021": times listed in one clause
        start = max(start, before[-1].end)  # the plan is before the verb
        rest = folded[time.end : end].lstrip(" ,")
        if time.congress or (WORDS.search(rest) and not grammar.reasons.match(rest)):
            continue  # "Input to 2021 congress", "Update to 2009 guidelines": a name
        if any(t.start < end for t in [*taken, *found]):
            continue  # after news, a later time is an outlook; a status verb reads itself
        lead = [
            m
            for m in leads.finditer(folded, start, time.start)
            if not folded[m.end() : time.start].strip()
        ]
        words = WORDS.findall(folded, start, lead[0].start()) if lead else []
        if not lead or not words or len(words) > _GUESS_WORDS or not _plain_verb(words, grammar):
            continue
        if grammar.conditions.search(folded, start, end):
            continue  # "Eventuell auf 2021", "if possible to 2021": a possibility
        key = own_key(grammar, "move")
        if key is None:
            return []
        verb = WORDS.search(folded, start, lead[0].start())
        begin = verb.start() if verb is not None else lead[0].start()
        found.append(Trigger(begin, lead[0].end(), grammar.rules[key], key, guessed=True))
    return found


def _plain_verb(words: list[str], grammar: Grammar) -> bool:
    """Whether the words before a word of movement may be a verb moving the plan: the last
    one has a verb's ending (`verb_endings`: "creeping", "arrastra", "rutscht", not
    "Vorbereitung"), and none is a product ("results to the 2021 congress"), hedge or
    denial ("Not creeping into 2021")."""
    if not words[-1].endswith(grammar.verb_endings):
        return False
    return not any(
        w in grammar.deliverables
        or w in grammar.proposals
        or w in grammar.hedges
        or grammar.negations.fullmatch(w) is not None
        for w in words
    )


_NOW_WORDS = 3  # "jetzt für 2021 vorgesehen", "now happening in January 2021 instead"
_NOW_GAP = re.compile(r"[.;!?\n]|\s[-–—]\s|→|->")


def _arrow_without_time(
    folded: str, grammar: Grammar, trig: Trigger, times: list[TimeSpan], triggers: list[Trigger]
) -> bool:
    """An arrow moves the plan only to a time right after it ("2020 → 2021"); "now" also
    to one a few words later in its clause, with no status phrase between ("2020, now
    2021", "Jetzt für 2021 vorgesehen"). Before other words ("→ cancelled", "now
    expected") they only lead to them."""
    if not trig.key.startswith(NOW):
        return False
    if _verb_final_after(folded, trig, times, triggers):
        return True  # "schließlich 2021 fertiggestellt": the time is the verb's after it
    after = len(folded[trig.end :]) - len(folded[trig.end :].lstrip())
    if any(t.start == trig.end + after for t in times):
        return False
    if WORDS.search(folded, trig.start, trig.end) is None:
        return True  # an arrow
    following = [t for t in times if t.start >= trig.end and t.year_from is not None]
    if not following:
        return True
    between = folded[trig.end : following[0].start]
    _, end, _ = clause_around(folded, trig.start, trig.end)
    return (
        _NOW_GAP.search(between) is not None
        # "wird nun im November 2020 online organisiert": the change is of format
        or grammar.formats.search(folded, trig.end, end) is not None
        or len(WORDS.findall(between)) > _NOW_WORDS
        or any(trig.end <= o.start < following[0].start for o in triggers if o is not trig)
    )


def _verb_final_after(
    folded: str, trig: Trigger, times: list[TimeSpan], triggers: list[Trigger]
) -> bool:
    """Whether the time after an arrow or a word such as "finally" is followed in its
    clause by another status phrase: that phrase's time ("ausgesetzt → 2021 gestrichen",
    "Finally in May 2021 the report was published")."""
    following = next((t for t in times if t.start >= trig.end and t.year_from is not None), None)
    if following is None:
        return False
    _, end, _ = clause_around(folded, trig.start, trig.end)
    return any(
        following.end <= o.start < end
        and not re.search(r"[,;:]", folded[following.end : o.start])  # "→ 2021, dort online"
        and len(WORDS.findall(folded, following.end, o.start)) <= _NOW_WORDS
        for o in triggers
        if o is not trig and o.rule.type not in _MOVES_AND_HANDOVERS  # "→ Herbst 2021 verschoben"
    )


def format_changes(folded: str, grammar: Grammar, times: list[TimeSpan]) -> list[Trigger]:
    """A change word and a format word after it ("now in hybrid format", "switching to
    online", "jetzt als Hybridveranstaltung"), or a format word and a word that puts it in
    the place of another ("Webinar instead of the workshop"): a decided change of format,
    whatever the words between them."""
    if grammar.format_change is None:
        return []
    # "Online-Webinare anstelle des Workshops": a format put in the place of the old one;
    # not after a word of holding ("Tenu en ligne à la place de …" was held online)
    instead = [
        m
        for m in (grammar.format_instead.finditer(folded) if grammar.format_instead else ())
        if not _held_before(folded, grammar, m.start())
    ]
    found = [
        m
        for m in [*grammar.format_change.finditer(folded), *instead]
        if not any(t.start < m.end() and m.start() < t.end for t in times)
        and not weighed_after(folded, grammar, m.end())
        and not _replaced(folded, grammar, m.end())
        and not _offered_as(folded, grammar, m)
    ]
    key = own_key(grammar, "moved_online") if found else None
    if key is None:
        return []
    return [Trigger(m.start(), m.end(), grammar.rules[key], key) for m in found]


def _offered_as(folded: str, grammar: Grammar, change: re.Match[str]) -> bool:
    """Whether the format a change phrase ends on tells how a thing is offered
    ("Recordings will be available online"), not how the activity is held."""
    last = [*grammar.formats.finditer(folded, change.start(), change.end())][-1:]
    return bool(last) and _offered(folded, grammar, last[0].start())


def _offered(folded: str, grammar: Grammar, format_start: int) -> bool:
    """Whether the word right before a format word is one of offering ("available
    online"); a whole word with its hyphens, so "pre-recorded webinar" names a format."""
    said = re.findall(r"[\w'-]+", folded[max(0, format_start - 24) : format_start])
    return bool(said) and said[-1] in grammar.format_objects


def _replaced(folded: str, grammar: Grammar, format_end: int) -> bool:
    """Whether the format word ending at ``format_end`` is the thing a word of replacing
    names ("anstelle des geplanten Webinars", "en vez del webinar"): the old format. An
    old format met in person ("instead of in person") says the new one is remote."""
    if grammar.instead_lead is None:
        return False
    head = folded[max(0, format_end - 60) : format_end]
    if any(head.endswith(p) for p in grammar.in_person):
        return False
    word = [*WORDS.finditer(head)]
    return bool(word) and grammar.instead_lead.search(head, 0, word[-1].start()) is not None


def _held_before(folded: str, grammar: Grammar, at: int) -> bool:
    """Whether a completion phrase ends right before ``at`` ("held", "tenu", "realizado")."""
    before = folded[max(0, at - 30) : at].rstrip()
    return any(
        m.end() == len(before) and grammar.rules[grammar.phrase_keys[m.group()]].type == "completed"
        for m in grammar.phrases.finditer(before)
    )


def own_key(grammar: Grammar, event_type: str) -> str | None:
    """The matcher key of a reading of ``event_type`` made by structure, not by a phrase:
    the rule named after the type, in the document's own language before English, which
    every grammar carries."""
    return grammar.own_keys.get(event_type)


# what ends a clause for a reading by structure: a sentence (not "Okt. 2020"), a line, a
# dash, an arrow, a bracket
CLAUSE_END = re.compile(r"\.(?!\s*\d)|[;!?()\n]|\s[-–—]\s|→|->")


def clause_around(folded: str, start: int, end: int) -> tuple[int, int, re.Match[str] | None]:
    """The clause holding folded[start:end], for the readings by structure: where it
    starts and ends, and the mark that opened it (None at the cell's start)."""
    opener = [*CLAUSE_END.finditer(folded, 0, start)][-1:]
    stop = CLAUSE_END.search(folded, end)
    return (
        opener[0].end() if opener else 0,
        stop.start() if stop else len(folded),
        opener[0] if opener else None,
    )


def clause_formats(
    folded: str, grammar: Grammar, times: list[TimeSpan], taken: list[Trigger]
) -> tuple[list[Trigger], list[Trigger]]:
    """A remote format word in a clause with a word of change, decision or future anywhere
    in it, or a movement verb with no new time ("Digitales Format beschlossen", "virtual
    format agreed with the host", "se hará vía Zoom", "to run as an online meeting
    instead", "in ein Online-Format überführt"): a decided change of format, whatever the
    verb and the word order, read as one phrase over the clause's words. Returns the new
    phrases and the ones they take in (a format phrase, the movement verb).

    None where the clause holds other news (the format then tells how it went: "held
    online"), where a congress is its subject, or where it only weighs the change.
    """
    if grammar.format_markers is None:
        return [], []
    found: list[Trigger] = []
    absorbed: list[Trigger] = []
    for m in grammar.formats.finditer(folded):
        if m.group() in grammar.in_person or _inside(m.start(), m.end(), [*times, *found]):
            continue
        said = WORDS.findall(folded, max(0, m.start() - 24), m.start())
        if _offered(folded, grammar, m.start()):
            continue  # "Recordings will be available online": how a thing is offered
        if _names_unit_after(folded, grammar, m.end()) or (said and said[-1] in grammar.unit_heads):
            continue  # "Digital Humanities SIG", "Interessengruppe Digitales Kulturerbe": a name
        if _replaced(folded, grammar, m.end()):
            continue  # "Präsenzworkshop anstelle des geplanten Webinars": the old format
        start, end, opener = clause_around(folded, m.start(), m.end())
        arrow = opener is not None and opener.group() in ("→", "->")  # "Aug. 2020 → virtual"
        start = opener.start() if opener is not None and arrow else start  # it changed
        inside = [t for t in taken if start <= t.start and t.end <= end]
        moves = [t for t in inside if t.rule.type == "move" and not _time_after(t, end, times)]
        # a format word alone may join; a longer phrase ("tuvo lugar en línea") is read
        # by its own rule
        formats = [
            t
            for t in inside
            if t.rule.type == "moved_online"
            and grammar.formats.fullmatch(folded, t.start, t.end) is not None
        ]
        if len(moves) + len(formats) < len(inside):
            continue  # the clause has news of its own: the format tells how it went
        if not moves and not arrow and not _format_marked(folded, grammar, start, end, m):
            continue
        if any(t.congress and start <= t.start < m.start() for t in times):
            continue  # "WLIC 2021 will be virtual": the congress's news, not the activity's
        if any(w in grammar.hedges for w in WORDS.findall(folded, start, end)):
            continue  # "could be held online": a possibility, no news
        # the clause's words around the format, between its times, are the phrase: they
        # say what changed, so none of them is a subject or an aside; a time after the
        # format may name when the new format is held
        start = max([start, *(t.end for t in times if start <= t.end <= m.start())])
        end = min([end, *(t.start for t in times if m.end() <= t.start)])
        while start < m.start() and not folded[start].isalnum() and not arrow:
            start += 1
        while end > m.end() and not folded[end - 1].isalnum():
            end -= 1
        key = own_key(grammar, "moved_online")
        if key is None:
            break
        found.append(Trigger(start, end, grammar.rules[key], key))
        absorbed += moves + formats
    return found, absorbed


def _held_as(folded: str, grammar: Grammar, trig: Trigger, triggers: list[Trigger]) -> bool:
    """ "Als Zoom-Meeting abgehalten", "como webinario se realizó": a format brought in by a
    word of manner before a completion in its clause says how the thing was held."""
    if trig.rule.type != "moved_online" or grammar.manner_leads is None:
        return False
    if grammar.manner_leads.match(folded, trig.start) is None:
        return False
    _, end, _ = clause_around(folded, trig.start, trig.end)
    after = min(
        (t for t in triggers if trig.end <= t.start < end), key=lambda t: t.start, default=None
    )
    return (
        after is not None
        and after.rule.type == "completed"
        and not after.mood
        # right after it: with a time between, the reading of "als Webinar im Oktober
        # 2020 durchgeführt" gives the completion its time
        and not re.search(r"\d", folded[trig.end : after.start])
        and decision_before(folded, grammar, after.start) is None  # "beschloss, … abzuhalten"
    )


# "Digital Humanities SIG": up to two words between a format word and a kind of unit
_NAME_AHEAD = re.compile(r"(?:\s+[^\W\d_][\w'-]*){1,3}")


def _names_unit_after(folded: str, grammar: Grammar, at: int) -> bool:
    """Whether a kind of unit follows ``at`` within a few words of one name, with no mark
    between them ("digital humanities sig")."""
    words = _NAME_AHEAD.match(folded, at)
    return words is not None and any(w in grammar.unit_heads for w in WORDS.findall(words.group()))


def _time_after(trig: Trigger, end: int, times: list[TimeSpan]) -> bool:
    return any(trig.end <= t.start < end for t in times)


def _inside(start: int, end: int, spans: list[Trigger] | list[TimeSpan] | list[Any]) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _format_marked(folded: str, grammar: Grammar, start: int, end: int, fmt: re.Match[str]) -> bool:
    """Whether folded[start:end] holds a word of change, decision or future beside the
    format word ``fmt``."""
    markers = grammar.format_markers
    return markers is not None and any(
        not fmt.start() <= m.start() < fmt.end() for m in markers.finditer(folded, start, end)
    )


def weighed_after(folded: str, grammar: Grammar, position: int) -> bool:
    """Whether the words after a change of format, up to the end of its sentence, only
    weigh it ("instead a webinar format is being considered"): a possibility, no news."""
    rest = re.split(r"[.;\n]", folded[position:], maxsplit=1)[0]
    return any(w in grammar.hedges for w in WORDS.findall(rest))


def split_phrases(folded: str, grammar: Grammar, taken: list[Trigger] | list[Any]) -> list[Trigger]:
    """Phrases whose parts stand apart ("fand beim Kongress 2019 statt"): read at their
    first part, which takes what stands between the parts."""
    found: list[Trigger] = []
    if grammar.split_heads is None or grammar.split_heads.search(folded) is None:
        return found
    for pattern, key in grammar.split_phrases:
        for m in pattern.finditer(folded):
            if any(t.start < m.end("head") and m.start() < t.end for t in taken + found):
                continue
            found.append(Trigger(m.start(), m.end("head"), grammar.rules[key], key, reach=m.end()))
    return found


def decision_before(folded: str, grammar: Grammar, position: int) -> int | None:
    """Where a decision right before an infinitive starts ("decided to postpone", "a décidé
    d'annuler", "beschlossen, den Workshop zu verschieben"), if one does."""
    if grammar.decisions is None:
        return None
    lead = grammar.decisions.search(folded, max(0, position - 80), position)
    return lead.start() if lead is not None else None


def by_lemma(grammar: Grammar, words: list[re.Match[str]], folded: str = "") -> list[Trigger]:
    """Status words in any inflection ("aplazó", "se aplazan"), by their lemma's forms."""
    found: list[Trigger] = []
    for m in words:
        word = m.group()
        respelt = _respelt(word, grammar)
        if respelt is not None and respelt[1] in grammar.phrase_keys:
            # "laeuft": the one-word phrase "läuft" of the language that writes so
            phrase = grammar.phrase_keys[respelt[1]]
            if phrase.endswith("." + respelt[0]):
                found.append(Trigger(m.start(), m.end(), grammar.rules[phrase], phrase))
                continue
        for lang in grammar.languages:
            form = respelt[1] if respelt is not None and respelt[0] == lang else word
            key = grammar.lemmas.get((lang, form))
            if (
                key is not None
                and (lang, form) in grammar.infinitives
                and not _modal_before(folded, grammar, m.start())
            ):
                continue  # "Mit dem Vorstand abstimmen": a thing to do, not a unit's act
            if key is None:
                # "décidé d'annuler": the infinitive after an elided "de"
                verb = word.rsplit("'", 1)[-1]
                decided = decision_before(folded, grammar, m.end() - len(verb))
                key = _infinitive(grammar, lang, verb)
                instruction = key is not None and _move_instruction(
                    folded, grammar, grammar.rules[key].type, m
                )
                if key is not None and decided is None and instruction:
                    found.append(Trigger(m.start(), m.end(), grammar.rules[key], key, "decided"))
                    break
                key = key if decided is not None else None
                # "décidé d'organiser l'atelier": a decision to hold a thing is its plan
                if key is None or decided is None or grammar.rules[key].type == "completed":
                    continue
                found.append(Trigger(decided, m.end(), grammar.rules[key], key, "decided"))
                break
            # "se realizará" is a plan, not news; "se debatirá" is a discussion all the same,
            # and a unit's own act ("lo decidirá el Comité") is news in any tense
            rule = grammar.rules[key]
            planned = (
                rule.type != "under_discussion"
                and rule.takes != "party"
                and word.endswith(grammar.future_endings.get(lang, ()))
            )
            if not planned:
                found.append(Trigger(m.start(), m.end(), grammar.rules[key], key))
                break
            if grammar.rules[key].type == "completed":
                # "se realizará en 2021": an occurrence still to come, a plan or a move
                found.append(Trigger(m.start(), m.end(), grammar.rules[key], key, mood="future"))
                break
    return found


def _respelt(word: str, grammar: Grammar) -> tuple[str, str] | None:
    """A word no reading knows, with each umlaut written as a vowel and an e folded as
    the umlaut is ("laeuft" -> "lauft", as "läuft" folds): (the language that writes so,
    the word respelt), or None."""
    if word in grammar.known_forms or word in grammar.phrase_keys:
        return None
    for lang, spellings in grammar.umlaut_spellings.items():
        respelt = word
        for spelt in spellings:
            respelt = respelt.replace(spelt, spelt[0])
        if respelt != word:
            return lang, respelt
    return None


MOVING = MOVES | {"move"}  # rule types that change the time, decided or not
_INSTRUCTION_REACH = 30  # "Reporter à 2021", "Aplazar hasta el Congreso de 2022"


def _move_instruction(folded: str, grammar: Grammar, rule_type: str, word: re.Match[str]) -> bool:
    """Whether an infinitive of moving opens its clause and a year follows it closely
    ("2020 Reporter à 2021"): the instruction to move, written in the cell as the update.
    Not when it is asked, proposed or bound to a condition ("¿Aplazar hasta 2021?",
    "Proposition : reporter à 2021", "Reporter à 2021 si possible")."""
    if rule_type not in MOVING:
        return False
    parts = re.split(r"[.;:\n(¿]|\s-\s", folded[: word.start()])
    after = folded[word.end() : word.end() + _INSTRUCTION_REACH]
    rest = re.split(r"[.;\n]", folded[word.end() :], maxsplit=1)[0]
    label = WORDS.findall(parts[-2]) if len(parts) > 1 else []
    return (
        re.search(r"[^\W\d_]", parts[-1]) is None
        and re.search(r"\b\d{4}\b", after) is not None
        and "?" not in rest
        and grammar.conditions.search(rest) is None
        and not any(w in grammar.hedges for w in WORDS.findall(rest))
        and not (label and label[-1] in grammar.proposals)
    )


def _modal_before(folded: str, grammar: Grammar, position: int) -> bool:
    """Whether the word before ``position`` is one of a verb group ("doit encore
    trancher", "to lead"): an infinitive there is a unit's act still to come."""
    before = WORDS.findall(folded, max(0, position - 20), position)
    return bool(before) and before[-1] in grammar.verb_group


def _infinitive(grammar: Grammar, lang: str, verb: str) -> str | None:
    """The rule of an infinitive, also with a pronoun joined to its end ("posponerlo",
    "cederla")."""
    key = grammar.infinitives.get((lang, verb))
    for clitic in grammar.clitics if key is None else ():
        if verb.endswith(clitic) and (lang, verb[: -len(clitic)]) in grammar.infinitives:
            return grammar.infinitives[(lang, verb[: -len(clitic)])]
    return key


def known_word(word: str, grammar: Grammar) -> bool:
    """A form of a lexicon lemma ("realizara" of realizar) is a word, not a slip."""
    return word in grammar.known_forms


def misspelt(folded: str, grammar: Grammar, words: list[re.Match[str]]) -> list[Trigger]:
    """Status words written one letter off ("Cancled", "Verschonben") or cut short
    ("postp.", "versch."), as guesses; ``words`` are the words no reading took yet."""
    found: list[Trigger] = []
    for m in words:
        word = m.group()
        if len(word) < _ABBREVIATION_MIN_LENGTH - 1 or word in grammar.typo_words:
            continue
        if folded.startswith(".", m.end()):
            # "postp.", "canc.", "ong.", "versch.": the first letters of status words that
            # all read one way, in whichever of the grammar's languages they are written
            key = _abbreviated(word, grammar)
            if key is not None and not known_word(word, grammar):
                found.append(
                    Trigger(m.start(), m.end() + 1, grammar.rules[key], key, misspelt=True)
                )
                continue
            # no word starts so: a whole word at a sentence's end ("Cancled.")
        if len(word) < _ABBREVIATION_MIN_LENGTH:
            continue
        if len(word) < TYPO_MIN_LENGTH - 1:
            continue
        if len(word) < TYPO_MIN_LENGTH:
            guess = _dropped_letter(word, grammar)
        elif "ß" in word and word.replace("ß", "ss") in grammar.typo_words:
            # "Abgeschloßen": the sharp s written for a double s, as before the reform
            guess = grammar.typo_words[word.replace("ß", "ss")]
        else:
            guess = one_near(word, grammar)
        if guess is not None and not known_word(word, grammar):
            found.append(Trigger(m.start(), m.end(), grammar.rules[guess], guess, misspelt=True))
    taken = {(t.start, t.end) for t in found}
    for first, second in pairwise(words):
        # two-word phrases one letter off: "on hlod", "en cruso"
        start, end = first.start(), second.end()
        pair = folded[start:end]
        if len(pair) < TYPO_MIN_LENGTH or folded[first.end() : second.start()] != " ":
            continue
        if max(len(first.group()), len(second.group())) < _ABBREVIATION_MIN_LENGTH:
            continue  # "auf ein" is no slip of "auf Eis": two short words are likelier meant
        if any(a < end and start < b for a, b in taken) or pair in grammar.phrase_keys:
            continue
        guess = one_near(pair, grammar)
        if guess is not None:
            found.append(Trigger(start, end, grammar.rules[guess], guess, misspelt=True))
            taken.add((start, end))
    return found


_MOVES_AND_HANDOVERS = frozenset({"move", "postponed", "rescheduled", "transferred"})


def _abbreviated(word: str, grammar: Grammar) -> str | None:
    """The rule of the status words that ``word`` cuts short, when they have one type;
    the document's own language is preferred to English, which every grammar carries."""
    keys = {k for known, k in grammar.typo_words.items() if known.startswith(word)}
    types = {grammar.rules[k].type for k in keys}
    if len(types) > 1 and "move" in types and types <= _MOVES_AND_HANDOVERS:
        # "transf." (transferred, transformed): a movement word, read by what it takes
        keys = {k for k in keys if grammar.rules[k].type == "move"}
    elif len(types) != 1:
        return None
    return _preferred_key(keys, grammar)


def _preferred_key(keys: set[str], grammar: Grammar) -> str:
    """Of rules that read alike, the one of the document's own language, English last."""
    order = {lang: i for i, lang in enumerate(sorted(grammar.languages, key=lambda x: x == "en"))}
    return min(keys, key=lambda k: (order.get(k.rsplit(".", 1)[-1], len(order)), k))


def _dropped_letter(word: str, grammar: Grammar) -> str | None:
    """The rule of a status word one letter longer than a short ``word``, missing an inner
    letter ("Onging"): a changed or a first or last letter more makes other real words
    ("envoyé" is no slip of "renvoyé")."""
    if word in grammar.guesses:
        return grammar.guesses[word]
    phrases, keys = grammar.typo_by_length.get(len(word) + 1, ((), ()))
    near = {
        key
        for phrase, key in zip(phrases, keys, strict=True)
        if phrase[0] == word[0]
        and phrase[-1] == word[-1]
        and DamerauLevenshtein.distance(word, phrase, score_cutoff=1) <= 1
    }
    guess = near.pop() if len(near) == 1 else None
    grammar.guesses[word] = guess  # never shared with one_near: it takes longer words
    return guess


def one_near(word: str, grammar: Grammar) -> str | None:
    """The rule of the status phrases one edit from ``word``, when they have one rule only."""
    if word in grammar.guesses:
        return grammar.guesses[word]
    guess = _nearest_rule(word, grammar)
    grammar.guesses[word] = guess
    return guess


def _same_initials(phrase: str, word: str) -> bool:
    """Whether each word of a phrase and of what is written start alike, and its short
    words are the same or one the other with a letter more at its end, as a fused
    article ("au", "beim"): "el curso" is no slip of "en curso"; words run together or
    split apart ("Encours") need only the first letter."""
    ours, theirs = phrase.split(" "), word.split(" ")
    if len(ours) != len(theirs):
        return phrase[:1] == word[:1]
    return all(
        a.startswith(b) or b.startswith(a)
        if min(len(a), len(b)) < _ABBREVIATION_MIN_LENGTH
        else a[:1] == b[:1]
        for a, b in zip(ours, theirs, strict=True)
    )


def _nearest_rule(word: str, grammar: Grammar) -> str | None:
    near = set()
    for length in (len(word) - 1, len(word), len(word) + 1):
        phrases, keys = grammar.typo_by_length.get(length, ((), ()))
        for phrase, _, index in process.extract(
            word, phrases, scorer=DamerauLevenshtein.distance, score_cutoff=1, limit=None
        ):
            # a slip in one word keeps its first letter; without it the word is mostly
            # another word ("journée" is no "ajournée", "du lieu" no "eu lieu")
            if _same_initials(phrase, word):
                near.add(keys[index])
    if len(near) > 1 and len({(grammar.rules[k].type, grammar.rules[k].takes) for k in near}) == 1:
        # "Transferré": one letter off "transféré" and "transferred", the same reading in
        # two languages; the document's own is preferred, as for abbreviations
        return _preferred_key(near, grammar)
    return near.pop() if len(near) == 1 else None  # never guess between two readings
