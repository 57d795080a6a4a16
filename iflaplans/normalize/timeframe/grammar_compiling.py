"""Compiling the timeframe rules for one set of languages into a :class:`Grammar`.

Status phrases become one regular expression over the cell's folded words, lemmas a
table of their inflected forms, misspellable phrases tables by length; the word lists
become the patterns the reading steps use, and the time words the patterns of
:mod:`.time_patterns`. Every entry read is checked by a :class:`RuleValidator`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from iflaplans.model.events import EVENT_TYPES
from iflaplans.normalize.timeframe.grammar_records import Grammar, StatusRule
from iflaplans.normalize.timeframe.lexicon import LemmaEntry
from iflaplans.normalize.timeframe.rule_validation import RuleValidator
from iflaplans.normalize.timeframe.time_patterns import TimePatterns, literal_alternation
from iflaplans.normalize.timeframe.time_vocabulary import load_time_vocabulary
from iflaplans.rules.files import mapping
from iflaplans.textutil import alternation

RULE_TYPES = frozenset(EVENT_TYPES[1:-1]) | {"move"}
TAKES = frozenset({"time", "unit", "time_or_unit", "none", "party"})
TYPO_MIN_LENGTH = 7  # shorter words are too often other words one letter away


def _status_rules(data: object, v: RuleValidator) -> list[tuple[StatusRule, str, list[str]]]:
    """(rule, language, folded phrases) for every valid status entry."""
    out: list[tuple[StatusRule, str, list[str]]] = []
    if not isinstance(data, list) or not data:
        v.errors.append("status: expected a non-empty list of rules")
        return out
    seen: set[str] = set()
    for i, entry in enumerate(data):
        where = f"status[{i}]"
        if not isinstance(entry, dict):
            v.errors.append(f"{where}: expected a mapping")
            continue
        rule_id, kind, takes = entry.get("id"), entry.get("type"), entry.get("takes", "none")
        if not isinstance(rule_id, str) or not rule_id or rule_id in seen:
            v.errors.append(f"{where}: `id` missing or repeated ({rule_id!r})")
            continue
        seen.add(rule_id)
        if kind not in RULE_TYPES:
            v.errors.append(
                f"{where} ({rule_id}): type {kind!r} is not one of {sorted(RULE_TYPES)}"
            )
        if takes not in TAKES:
            v.errors.append(f"{where} ({rule_id}): takes {takes!r} is not one of {sorted(TAKES)}")
        phrases = entry.get("phrases")
        if not isinstance(phrases, dict) or not phrases:
            v.errors.append(f"{where} ({rule_id}): `phrases` must map languages to lists")
            continue
        for lang, words in phrases.items():
            folded = v.strings(f"{where} ({rule_id}).phrases.{lang}", words)
            out.append((StatusRule(rule_id, str(kind), str(takes)), str(lang), folded))
    return out


def _by_length(phrases: dict[str, str]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Phrases grouped by length, each group as (phrases, their matcher keys)."""
    grouped: dict[int, dict[str, str]] = {}
    for phrase, key in phrases.items():
        grouped.setdefault(len(phrase), {})[phrase] = key
    return {n: (tuple(group), tuple(group.values())) for n, group in grouped.items()}


def _split_pattern(head: str, tail: str) -> re.Pattern[str]:
    """A phrase in two parts with up to eight words between them, in one clause."""
    return re.compile(
        rf"(?<!\w)(?P<head>{re.escape(head)})(?:\s+[^\s;]+){{1,8}}?\s+{re.escape(tail)}(?!\w)"
    )


def _own_keys(rules: dict[str, StatusRule], langs: tuple[str, ...]) -> dict[str, str]:
    """Event type -> the matcher key of a reading of that type made by structure, not by
    a phrase: the rule named after the type, in the document's own language before
    English, else the first rule of the type."""
    order = sorted(langs, key=lambda lang: lang == "en")
    keys: dict[str, str] = {}
    for event_type in dict.fromkeys(r.type for r in rules.values()):
        own = [f"{event_type}.{lang}" for lang in order]
        named = [k for k in own if k in rules and rules[k].type == event_type]
        keys[event_type] = next(
            iter(named or [k for k, r in rules.items() if r.type == event_type])
        )
    return keys


def compile_grammar(
    langs: tuple[str, ...],
    data: dict[str, Any],
    v: RuleValidator,
    lemmas: list[LemmaEntry],
    fallback: Grammar | None = None,
    cell_language: Callable[[str], str | None] | None = None,
) -> Grammar:
    """The grammar of ``langs`` from the rules ``data`` and the ``lemmas`` of the language
    files; every bad entry is noted in ``v``. ``fallback`` and ``cell_language`` are
    kept on the grammar for cells its languages leave unread."""
    phrase_keys: dict[str, str] = {}
    rules: dict[str, StatusRule] = {}
    typo_words: dict[str, str] = {}
    typo_pairs: dict[str, str] = {}
    party_keys: dict[str, str] = {}
    statuses = _status_rules(data.get("status"), v)
    by_id = {rule.rule_id: rule for rule, _, _ in statuses}
    for rule, lang, phrases in statuses:
        if lang in langs and phrases:
            key = f"{rule.rule_id}.{lang}"
            rules[key] = rule
            if rule.takes == "party":
                # read after the cell's units are known, never in place of a status phrase
                for phrase in phrases:
                    if "..." not in phrase:  # phrases in two parts are split phrases
                        party_keys.setdefault(phrase, key)
                continue
            for phrase in phrases:
                if "..." not in phrase:
                    phrase_keys.setdefault(phrase, key)  # the first rule to list it reads it
            # A word one letter off is a slip only where the language's dictionary does
            # not know it (the cell reader asks): "realizara" is a word, "abgesagr" is not.
            for phrase in phrases:
                words = phrase.split(" ")
                if len(phrase) >= TYPO_MIN_LENGTH and all(w.isalpha() for w in words):
                    if len(words) == 1:
                        typo_words.setdefault(phrase, key)
                    elif len(words) == 2:  # a pair of words
                        typo_pairs.setdefault(phrase, key)
    split_phrases: list[tuple[re.Pattern[str], str]] = []
    split_heads: list[str] = []
    for rule, lang, phrases in statuses:
        for phrase in phrases if lang in langs else ():
            if "..." in phrase:
                head, tail = (part.strip() for part in phrase.split("...", 1))
                split_phrases.append((_split_pattern(head, tail), f"{rule.rule_id}.{lang}"))
                split_heads.append(head)
    lemma_keys: dict[tuple[str, str], str] = {}
    infinitives: dict[tuple[str, str], str] = {}
    for entry in lemmas:
        if entry.language in langs:
            key = f"{entry.rule_id}.{entry.language}.lemma"
            rules.setdefault(key, replace(by_id[entry.rule_id], rule_id=key))
            for form in entry.forms:
                # the dictionary form itself is an infinitive, a plan ("à finaliser"), not news;
                # but a unit's act still to come is ("doit encore trancher", "to lead")
                if form != entry.lemma or by_id[entry.rule_id].takes == "party":
                    lemma_keys.setdefault((entry.language, form), key)
            infinitives.setdefault((entry.language, entry.lemma), key)
    unit_heads = set(v.per_language("unit_heads", data.get("unit_heads") or {}, langs))
    compound_heads = set(v.per_language("compound_heads", data.get("compound_heads") or {}, langs))
    fillers = v.per_language("fillers", data.get("fillers"), langs)
    auxiliaries = v.per_language("auxiliaries", data.get("auxiliaries"), langs)
    connectors = v.per_language("connectors", data.get("connectors"), langs)
    hedges = v.per_language("hedges", data.get("hedges"), langs)
    # Sections added after the first release: optional, so older rule files still load.
    negations = v.per_language("negations", data.get("negations") or {}, langs)
    pending = v.per_language("pending", data.get("pending") or {}, langs)
    future = v.per_language("future", data.get("future") or {}, langs)
    destinations = v.per_language("destinations", data.get("destinations") or {}, langs)
    reasons = v.per_language("reasons", data.get("reasons") or {}, langs)
    waits = v.per_language("waits", data.get("waits") or {}, langs)
    finality = v.per_language("finality", data.get("finality") or {}, langs)
    instead_of = v.per_language("instead_of", data.get("instead_of") or {}, langs)
    take_up = v.per_language("take_up", data.get("take_up") or {}, langs)
    companions = v.per_language("companions", data.get("companions") or {}, langs)
    conditions = v.per_language("conditions", data.get("conditions") or {}, langs)
    labels = v.per_language("labels", data.get("labels") or {}, langs)
    formats = v.per_language("formats", data.get("formats") or {}, langs)
    changes = v.per_language("format_changes", data.get("format_changes") or {}, langs)
    talks = v.per_language("discussions", data.get("discussions") or {}, langs)
    in_person = v.per_language("in_person", data.get("in_person") or {}, langs)
    proposals = v.per_language("proposals", data.get("proposals") or {}, langs)
    deliverables = v.per_language("deliverables", data.get("deliverables") or {}, langs)
    recipients = v.per_language("recipient_leads", data.get("recipient_leads") or {}, langs)
    sending = v.per_language("sending_verbs", data.get("sending_verbs") or {}, langs)
    articles = v.per_language("articles", data.get("articles") or {}, langs)
    chain = v.per_language("chain", data.get("chain") or {}, langs)
    agents = v.per_language("agents", data.get("agents") or {}, langs)
    origins = v.per_language("origins", data.get("origins") or {}, langs)
    decisions = v.per_language("decisions", data.get("decisions") or {}, langs)
    subordinators = v.per_language("subordinators", data.get("subordinators") or {}, langs)
    schedules = v.per_language("schedule_leads", data.get("schedule_leads") or {}, langs)
    manners = v.per_language("manner_leads", data.get("manner_leads") or {}, langs)
    adjuncts = v.per_language("adjunct_leads", data.get("adjunct_leads") or {}, langs)
    venues = v.per_language("venue_leads", data.get("venue_leads") or {}, langs)
    move_leads = v.per_language("move_leads", data.get("move_leads") or {}, langs)
    decision_nouns = v.per_language("decision_nouns", data.get("decision_nouns") or {}, langs)
    refusing = v.per_language("refusal_leads", data.get("refusal_leads") or {}, langs)
    # read in every grammar, on the cell's text as written: optional like the others
    list_joiners = v.every_language("list_joiners", data.get("list_joiners") or {})
    list_articles = v.every_language("list_articles", data.get("list_articles") or {})
    name_ends = v.every_language("unit_name_ends", data.get("unit_name_ends") or {}, False)
    name_tails = v.every_language("unit_name_tails", data.get("unit_name_tails") or {}, False)
    articles_spaced = literal_alternation(list_articles, r"\s+")
    time = mapping(data, "time")

    def word_set(key: str) -> frozenset[str]:
        # an optional section of words, those of the grammar's languages
        return frozenset(v.per_language(key, data.get(key) or {}, langs))

    time_words = load_time_vocabulary(time, langs, v, [*destinations, *fillers])
    # "2 of 4", "dos de los cuatro", "drei von fünf": a part of a count
    share_joiners = v.per_language("share_joiners", data.get("share_joiners") or {}, langs)
    repeats = v.per_language("chain_repeats", data.get("chain_repeats") or {}, langs)
    # counts in words from two: "a", "une", "eine" are articles ("a series of two webinars")
    from_two = [w for w, n in time_words.shift_counts.items() if n >= 2]
    count = rf"\d{{1,3}}|{alternation(from_two)}" if from_two else r"\d{1,3}"
    if not time:
        v.errors.append("time: missing")
    return Grammar(
        languages=langs,
        phrases=re.compile(rf"(?<!\w)(?:{alternation(list(phrase_keys))})(?!\w)"),
        phrase_keys=phrase_keys,
        party_phrases=re.compile(rf"(?<!\w)(?:{alternation(list(party_keys))})(?!\w)")
        if party_keys
        else None,
        party_keys=party_keys,
        rules=rules,
        fillers=re.compile(rf"(?:[\s,:()\-]|\b(?:{alternation(fillers)})\b)*"),
        auxiliaries=frozenset(auxiliaries),
        hedges=frozenset(hedges),
        connectors=re.compile(rf"(?:^|[\s,;])(?:{alternation(connectors)})\b"),
        # up to two words (an auxiliary, "yet") may stand between the denial and the phrase
        negations=re.compile(rf"(?<!\w)(?:{alternation(negations)})(?:\s+[\w']+){{0,2}}\s*$"),
        pending=frozenset(pending),
        future=re.compile(rf"(?<!\w)(?:{alternation(future)})(?:\s+[\w']+){{0,2}}\s*$"),
        destinations=re.compile(rf"(?<!\w)(?:{alternation(destinations)})(?!\w)"),
        connector_words=frozenset(w for c in connectors for w in c.split()),
        split_phrases=tuple(split_phrases),
        # a cell with none of their first parts is spared trying each split phrase
        split_heads=re.compile(rf"(?<!\w)(?:{alternation(split_heads)})(?!\w)")
        if split_heads
        else None,
        own_keys=_own_keys(rules, langs),
        # an elided article is written close to the name: "par l'Office régional"
        agent_lead=re.compile(
            rf"(?<!\w)(?:{alternation(agents)})\s+(?:(?:{alternation(articles)})(?:\s+|(?<=')))?"
        ),
        origin=re.compile(rf"(?<!\w)(?:{alternation(origins)})(?:\s|$)"),
        range_to=re.compile(rf"\s*(?:\s(?:{alternation(destinations)})\s|[-–/])\s*(?=\d)"),
        destination_lead=re.compile(
            rf"\s*,?\s*(?:{alternation(destinations)})\s*(?:(?:{alternation(articles)})\s+)?"
        ),
        chain_words=re.compile(
            rf"[\s,;:]*(?:(?:{alternation(chain)})[\s,]+)*(?:{alternation(repeats)})[\s,]+"
            rf"(?:(?:{alternation(chain)})[\s,]+)*"
        )
        if repeats
        else None,
        chain_lead=re.compile(
            rf"[\s,;:]*(?:(?:{alternation(chain)})[\s,]+)+(?:{alternation(destinations)})"
            rf"\s*(?:(?:{alternation(articles)})\s*)?"
        ),
        destination_end=re.compile(
            rf"(?<!\w)(?:{alternation(destinations)})(?:\s+(?:{alternation(articles)}))?\s*$"
        ),
        reasons=re.compile(rf"(?<!\w)(?:{alternation(reasons)})(?!\w)"),
        typo_words=typo_words,
        typo_pairs=typo_pairs,
        typo_by_length=_by_length({**typo_pairs, **typo_words}),
        lemmas=lemma_keys,
        # forms of the lemmas, and everyday nouns one letter off a status word ("publisher")
        known_forms=frozenset(
            form for entry in lemmas if entry.language in langs for form in entry.forms
        )
        | word_set("nouns"),
        future_endings={
            lang: tuple(
                v.strings(f"future_endings.{lang}", mapping(data, "future_endings").get(lang, []))
            )
            for lang in langs
        },
        conditions=re.compile(rf"(?<!\w)(?:{alternation(conditions)})(?!\w)"),
        # a label word, a number or letter, then a colon or a dash: "Stage 1:", "Teil B –"
        labels=re.compile(
            rf"(?<!\w)(?:{alternation(labels)})\s*(?:\d{{1,2}}|[a-z]|[ivx]{{1,4}})?\s*(?::|-(?=\s))"
        ),
        copulas=word_set("copulas"),
        format_change=re.compile(
            rf"(?<!\w)(?:{alternation(changes)})\s+(?:[\w'-]+\s+){{0,2}}?"
            rf"(?:{alternation(formats)})(?:[\w-]*)(?!\w)"
        )
        if changes and formats
        else None,
        discussions=re.compile(rf"(?<!\w)(?:{alternation(talks)})(?!\w)") if talks else None,
        format_markers=re.compile(
            rf"(?<!\w)(?:{alternation([*changes, *decisions, *future])})(?!\w)"
        )
        if changes and formats
        else None,
        in_person=frozenset(in_person),
        article_words=frozenset(articles),
        refusals=re.compile(
            rf"(?<!\w)(?:{alternation([*decisions, *refusing])})[\s,]+(?:[\w']+[\s,]+){{0,4}}?"
            rf"(?:{alternation(negations)})(?!\w)"
        )
        if decisions or refusing
        else None,
        decision_nouns=re.compile(rf"(?:{alternation(decision_nouns)})(?!\w)")
        if decision_nouns
        else None,
        format_objects=word_set("format_objects"),
        verb_endings=tuple(v.per_language("verb_endings", data.get("verb_endings") or {}, langs)),
        # a format word in the plural too: "webinars", "webinaires"
        formats=re.compile(rf"(?<!\w)(?:{alternation(formats)})(?:s|es|x)?(?!\w)"),
        time=TimePatterns(time_words, langs),
        shares=re.compile(
            # the part right before its joiner: "2 webinars of 90 minutes" is no share
            rf"(?<![\w.,])(?P<part>{count})\s+(?:{alternation(share_joiners)})"
            rf"\s+(?:[^\W\d_]{{1,4}}\s+)?(?P<whole>{count})(?!\w)"
        )
        if share_joiners
        else None,
        unit_list_gap=re.compile(
            rf"\s*(?:[,;&/]|{literal_alternation(list_joiners)})?\s*"
            rf"(?:{articles_spaced})?",
            re.I,
        ),
        # "for" ends a name, unless a capitalised word goes on with it ("… for Africa")
        unit_name_end=re.compile(
            rf"[.;,(]| (?:{literal_alternation(name_ends)}) (?!(?:[lLdD]['’])?[A-ZÀ-ÖØ-Þ])"
        ),
        unit_name_tail=re.compile(rf"\s+(?:{literal_alternation(name_tails)})$"),
        subordinators=re.compile(rf"(?<!\w)(?:{alternation(subordinators)})(?!\w)")
        if subordinators
        else None,
        # the decision, then up to a few words (who, an object, "zu") before the infinitive
        # ("de l'ajourner": an elided pronoun may be joined to the infinitive)
        decisions=re.compile(
            rf"(?<!\w)(?:{alternation(decisions)})[\s,]*(?:[\w']+[\s,]+){{0,6}}?(?:[^\W\d_]')?$"
        )
        if decisions
        else None,
        infinitives=infinitives,
        clitics=tuple(v.per_language("clitics", data.get("clitics") or {}, langs)),
        umlaut_spellings={
            lang: spellings
            for lang in langs
            if (
                spellings := tuple(
                    v.per_language("umlaut_spellings", data.get("umlaut_spellings") or {}, (lang,))
                )
            )
        },
        companions=re.compile(rf"(?<!\w)(?:{alternation(companions)})(?!\w)")
        if companions
        else None,
        joiners=frozenset(w for w in list_joiners if " " not in w),
        deliverables=frozenset(deliverables),
        proposals=frozenset(proposals),
        work_nouns=re.compile(rf"(?<!\w)(?:{alternation([*deliverables, *proposals])})(?!\w)"),
        sending_verbs=re.compile(rf"(?<!\w)(?:{alternation(sending)})(?!\w)") if sending else None,
        recipient_leads=re.compile(rf"(?<!\w)(?:{alternation(recipients)})(?!\w)")
        if recipients
        else None,
        unit_heads=word_set("unit_heads"),
        compound_heads=word_set("compound_heads"),
        unit_name_joins=word_set("unit_name_joins"),
        unit_name_genitives=word_set("unit_name_genitives"),
        sentence_case_heads=word_set("sentence_case_heads"),
        officers=word_set("officers"),
        office_nouns=word_set("office_nouns"),
        other_parties=word_set("other_parties"),
        party_events=word_set("party_events"),
        verb_group=word_set("verb_group"),
        # matched on the written word: accents tell "décidé" from "décide"
        settled_endings=tuple(
            w.lower()
            for lang in langs
            for w in v.strings(
                f"settled_endings.{lang}",
                (data.get("settled_endings") or {}).get(lang, []),
                False,
            )
        ),
        quantifiers=word_set("quantifiers"),
        waits=re.compile(rf"(?:{alternation(waits)})(?!\w)") if waits else None,
        finality=re.compile(rf"(?<!\w)(?:{alternation(finality)})(?!\w)") if finality else None,
        approvals=word_set("approvals"),
        format_instead=re.compile(
            rf"(?<!\w)(?:{alternation([f for f in formats if f not in in_person])})[\w-]*\s+"
            rf"(?:[\w'-]+\s+){{0,2}}?"
            rf"(?:{alternation(instead_of)})(?!\w)"
        )
        if instead_of and formats
        else None,
        instead_lead=re.compile(
            rf"(?<!\w)(?:{alternation(instead_of)})(?:[^\S\n]+[\w'-]+){{0,2}}?[^\S\n]*$"
        )
        if instead_of
        else None,
        take_up=re.compile(rf"(?:{alternation(take_up)})(?!\w)") if take_up else None,
        # any word ending in a kind of unit ("Sektion", "Fachausschuss", "Big-Data-SIG"):
        # where none stands, no unit is named by its kind
        unit_head_words=re.compile(
            rf"(?<![\w-])(?:{alternation(sorted(unit_heads))})(?!\w)"
            rf"|(?:{alternation(sorted(compound_heads | {'-' + h for h in unit_heads}))})(?!\w)"
        )
        if unit_heads
        else None,
        receiving_verbs=word_set("receiving_verbs"),
        receiving_articles=word_set("receiving_articles"),
        manner_leads=re.compile(rf"\s*(?:{alternation(manners)})(?!\w)") if manners else None,
        adjunct_leads=re.compile(rf"\s*(?:{alternation(adjuncts)})\s") if adjuncts else None,
        venue_leads=re.compile(rf"(?<!\w)(?:{alternation(venues)})\s+") if venues else None,
        move_leads=re.compile(rf"(?<!\w)(?:{alternation(move_leads)})(?!\w)")
        if move_leads
        else None,
        schedule_leads=re.compile(rf"(?<!\w)(?:{alternation(schedules)})(?!\w)")
        if schedules
        else None,
        fallback=fallback,
        cell_language=cell_language,
    )
