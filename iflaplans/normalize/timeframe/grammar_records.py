"""The records of a compiled timeframe grammar: status rules and the grammar itself.

A :class:`Grammar` holds everything needed to read Timeframe cells written in its
languages: the status phrases as one regular expression, the word lists of the
rules as sets and patterns, and the time patterns (:mod:`.time_patterns`). It is
built by :mod:`.grammar_compiling` and loaded by :mod:`.grammar`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iflaplans.normalize.timeframe.time_patterns import TimePatterns


@dataclass(frozen=True)
class StatusRule:
    """One status rule: its id, the event type it reads, and what may follow it."""

    rule_id: str
    type: str
    takes: str


@dataclass(frozen=True)
class Grammar:
    """Everything needed to read Timeframe cells written in ``languages``."""

    languages: tuple[str, ...]
    # every status phrase, longest first, as whole words; and each phrase's matcher key
    phrases: re.Pattern[str]
    phrase_keys: dict[str, str]
    rules: dict[str, StatusRule]  # matcher key -> rule
    fillers: re.Pattern[str]
    auxiliaries: frozenset[str]
    hedges: frozenset[str]
    connectors: re.Pattern[str]
    negations: re.Pattern[str]  # a denial ending right before a status phrase
    pending: frozenset[str]
    future: re.Pattern[str]  # a future marker ending right before a status phrase
    destinations: re.Pattern[str]  # "auf" in "2020 auf 2021 verschoben", before the time
    destination_end: re.Pattern[str]  # a destination (and an article) ending a text
    connector_words: frozenset[str]  # the connectors' words: never a sentence's subject
    # (pattern, matcher key) of phrases in two parts: "fand … statt"
    split_phrases: tuple[tuple[re.Pattern[str], str], ...]
    agent_lead: re.Pattern[str]  # "von der", "by the": what brings in who does a thing
    origin: re.Pattern[str]  # "from", "de", "von": the time a move starts from
    destination_lead: re.Pattern[str]  # " to the ", " auf ": what brings in a new time
    range_to: re.Pattern[str]  # the " to " of "from 2020 to 2021"
    chain_lead: re.Pattern[str]  # ", and again to the": what repeats a move before a new time
    reasons: re.Pattern[str]  # "due to", "aufgrund": a reason, not the subject of a sentence
    typo_words: dict[str, str]  # single-word status phrases long enough to spot misspelt
    typo_pairs: dict[str, str]  # two-word status phrases long enough to spot misspelt
    # both, by length: one edit changes a length by one at most, so few need comparing
    typo_by_length: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]  # (phrases, keys)
    # (language, folded inflected form) -> matcher key: a status word in any inflection
    lemmas: dict[tuple[str, str], str]
    # every form of every lemma, the dictionary forms too: words, never misspellings
    known_forms: frozenset[str]
    # per language: endings of future or subjunctive forms ("realizará"): a plan, not news
    future_endings: dict[str, tuple[str, ...]]
    conditions: re.Pattern[str]  # "if funds allow", "sous réserve de": a note, never news
    labels: re.Pattern[str]  # "Stage 1:", "Part B –": a label before a time
    formats: re.Pattern[str]  # "virtual", "en ligne": a format beside a time is a note
    copulas: frozenset[str]  # "is", "sera", "wird": after these a format word is news
    # "now in hybrid format", "switching to online", "désormais hybride": a change word,
    # then (a few words later) a format word: a decided change of format
    format_change: re.Pattern[str] | None
    # "talks", "négociations", "Gespräche": beside an ongoing word, a discussion goes on
    discussions: re.Pattern[str] | None
    time: TimePatterns
    # What joins two units of one list ("KM and IT Sections", "X, die Y"), what ends a
    # unit's name written after a hand-over (" for ", " pour "), and a preposition left
    # at the end of one ("… in"): read on the cell's text as written, in every language.
    unit_list_gap: re.Pattern[str]
    unit_name_end: re.Pattern[str]
    unit_name_tail: re.Pattern[str]
    # a change, decision or future word anywhere in a clause with a remote format word
    # and no other news: "Digitales Format beschlossen", "se hará vía Zoom"
    format_markers: re.Pattern[str] | None = None
    in_person: frozenset[str] = frozenset()  # "in person", "presencial": no remote format
    # "because", "étant", "da", "nach der": what brings in a subordinate clause, where a
    # congress's news is a circumstance of the activity's
    subordinators: re.Pattern[str] | None = None
    # "decided to", "a décidé de", "beschlossen … zu" ending right before a lemma's
    # dictionary form: the decided infinitive is news ("decided to postpone")
    decisions: re.Pattern[str] | None = None
    infinitives: dict[tuple[str, str], str] = field(default_factory=dict)
    # "report", "Entwurf", "borrador": a part or product of the work; after news that the
    # work goes on or is done, what happened to one of them is that news's detail
    deliverables: frozenset[str] = frozenset()
    # "proposal", "Vorschlag": a product handed to a unit for its decision, and what
    # brings in the unit it went to ("to the", "au", "an das")
    proposals: frozenset[str] = frozenset()
    work_nouns: re.Pattern[str] | None = None  # the deliverables and proposals as one pattern
    recipient_leads: re.Pattern[str] | None = None
    sending_verbs: re.Pattern[str] | None = None  # "sent", "transmise", "eingereicht"
    # "and", "et", "y", "und": what joins a second update to the first in one clause
    joiners: frozenset[str] = frozenset()
    # "Sektion", "Section", "Regionalrat": kinds of unit, whose names no list need hold,
    # and the small words inside such a name ("Science and Technology")
    unit_heads: frozenset[str] = frozenset()
    unit_name_joins: frozenset[str] = frozenset()
    # "of", "de", "del": joins after which an article may stand inside a name
    unit_name_genitives: frozenset[str] = frozenset()
    # "section", "sig": kinds whose names go on in lower case ("SIG Humanités numériques")
    sentence_case_heads: frozenset[str] = frozenset()
    # "secretary", "présidente", "Vorsitzende": people of a unit, who are no unit to hand to
    officers: frozenset[str] = frozenset()
    # "siège", "sede central", "Geschäftsstelle": IFLA's office by a common noun, a target
    office_nouns: frozenset[str] = frozenset()
    # "partner", "socio", "Veranstalter": another party whose news a cell may tell
    other_parties: frozenset[str] = frozenset()
    party_events: frozenset[str] = frozenset()  # "conference", "Tagung": what such a party holds
    # "is still", "doit encore", "aún debe", "hat noch": the little words between a unit
    # named as a subject and its verb, which end the name
    verb_group: frozenset[str] = frozenset()
    # the phrases of a unit's own act (rules that take ``party``) and their matcher keys:
    # read where the cell names a unit ("still considering", "s'en charge")
    unit_head_words: re.Pattern[str] | None = None
    # endings of a discussion verb written as a decision made ("decided", "décidé")
    settled_endings: tuple[str, ...] = ()
    # "no", "only", "kein", "aucun": how much of a thing, or none of it
    quantifiers: frozenset[str] = frozenset()
    # "pending", "en attente de": a wait that, right after a move, is its reason
    waits: re.Pattern[str] | None = None
    # "permanently", "definitivamente": a pause said to be for good is a cancellation
    finality: re.Pattern[str] | None = None
    # "approved", "genehmigt": what a unit named as the agent is still to decide
    approvals: frozenset[str] = frozenset()
    # "Webinar instead of": a format word, then what it replaced
    format_instead: re.Pattern[str] | None = None
    # "anstelle des geplanten", "en vez del": a word of replacing and the words of the
    # old thing it names, right before a format that is then the old one
    instead_lead: re.Pattern[str] | None = None
    # "a repris cette": work going on that a unit before it took up
    take_up: re.Pattern[str] | None = None
    party_phrases: re.Pattern[str] | None = None
    party_keys: dict[str, str] = field(default_factory=dict)
    # "ausschuss": endings that make a compound word a unit's whole name ("Fachausschuss")
    compound_heads: frozenset[str] = frozenset()
    # "übernommen", "took over": hand-over words whose subject is where the work went;
    # "dem": an article before the unit it went to
    receiving_verbs: frozenset[str] = frozenset()
    receiving_articles: frozenset[str] = frozenset()
    # "scheduled for", "prévu le", "Termin": what brings in the date of a change of format
    schedule_leads: re.Pattern[str] | None = None
    # "als", "as": what brings in the form a thing came out in ("als Bericht erschienen")
    manner_leads: re.Pattern[str] | None = None
    # what opens a phrase of place or occasion between a time and a verb closing the
    # clause: "Im Juni 2019 *auf dem Jahrestreffen in Athen* präsentiert"
    adjunct_leads: re.Pattern[str] | None = None
    # what brings in the unit where a thing is discussed, ending right before its name:
    # "im", "au sein du", "en el seno del"
    venue_leads: re.Pattern[str] | None = None
    article_words: frozenset[str] = frozenset()  # "the", "la", "die"
    # a decision and a denial after it: "decided not to", "decidió no", "beschloss … nicht"
    refusals: re.Pattern[str] | None = None
    decision_nouns: re.Pattern[str] | None = None  # "decision", "Zustimmung": what a wait awaits
    # words after which a format says how a thing is offered: "available online"
    format_objects: frozenset[str] = frozenset()
    verb_endings: tuple[str, ...] = ()  # "ing", "ado", "t": what a verb form may end with
    # words of movement right before a new time ("to", "para", "auf"): with any verb
    # before them, after the plan, a move read as a guess
    move_leads: re.Pattern[str] | None = None
    # pronouns joined to the end of an infinitive: "posponerlo", "cederla"
    clitics: tuple[str, ...] = ()
    # a part of a count ("2 of 4 webinars", "dos de los cuatro talleres"): done in part
    shares: re.Pattern[str] | None = None
    # language -> its umlauts written as a vowel and an e ("laeuft" for "läuft"): a word no
    # reading knows is read again without the e
    umlaut_spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "and again", "dann nochmals": words that repeat a move, one of them saying it came
    # again (`chain_repeats`), before a length of time
    chain_words: re.Pattern[str] | None = None
    # the first parts of the split phrases ("fand", "wurde"): without one, none can match
    split_heads: re.Pattern[str] | None = None
    # event type -> the rule a reading by structure takes (see ``predicates.own_key``)
    own_keys: dict[str, str] = field(default_factory=dict)
    # "together with", "zusammen mit": who went the same way, no subject of the verb after
    companions: re.Pattern[str] | None = None
    # The grammar of every language at once, for cells this one does not understand
    # (a cell in another language than its plan's, "2020 – aplazado a 2021").
    fallback: Grammar | None = field(default=None, compare=False, repr=False)
    # Which language a cell is written in (a statistical detector, lingua): a cell that
    # is plainly in this grammar's languages is not read again with the others.
    cell_language: Callable[[str], str | None] | None = field(
        default=None, compare=False, repr=False
    )
    # Readings of cells already seen in this run, keyed by (cell, plan period): plans
    # repeat their Timeframe phrases, and a reading depends on nothing else.
    readings: dict[tuple[str, Any], Any] = field(default_factory=dict, compare=False, repr=False)
    # Misspelling guesses per word already looked at: words repeat across cells far more
    # than cells do, and a guess depends on the word alone.
    guesses: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)
