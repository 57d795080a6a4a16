"""The timeframe grammar loaded from rules/timeframe.yaml and the per-language files
(rules/timeframe-<lang>.yaml, :mod:`iflaplans.normalize.lexicon`), compiled for one
document language (with English) and once for every language together (the fallback).

Status phrases become one regular expression over the cell's folded words, lemmas a
table of their inflected forms; time vocabulary becomes the regular expressions of
:mod:`iflaplans.normalize.timex`. Loading validates every entry and reports all bad
ones at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dateparser.languages import default_loader

from iflaplans.errors import RulesError
from iflaplans.model.events import EVENT_TYPES
from iflaplans.normalize.language import cell_language_detector
from iflaplans.normalize.lexicon import LemmaEntry, lexicon_paths, load_lexicons
from iflaplans.normalize.timex import TimePatterns, TimeVocabulary
from iflaplans.rules.files import load_yaml_file, mapping, packaged
from iflaplans.textutil import alternation, fold

RULE_TYPES = frozenset(EVENT_TYPES[1:-1]) | {"move"}
TAKES = frozenset({"time", "unit", "time_or_unit", "none"})
_MONTH_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


# Time words after which even an implausible year-shaped number is read as a year.
_LEAD_KEYS = ("open_from", "deadline", "range_words", "range_prefix")
_TYPO_MIN_LENGTH = 7  # shorter words are too often other words one letter away


@dataclass(frozen=True)
class StatusRule:
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


@dataclass(frozen=True)
class GrammarSet:
    """One :class:`Grammar` per language the rules know (each includes English).

    A language's grammar is compiled the first time a plan in it is read: a run over
    English plans does not pay for the others. Every entry was validated when the
    set was loaded.
    """

    languages: tuple[str, ...]
    build: Callable[[str], Grammar] = field(compare=False, repr=False)
    compiled: dict[str, Grammar] = field(default_factory=dict, compare=False, repr=False)

    @property
    def grammars(self) -> dict[str, Grammar]:
        """Every language's grammar, compiled now if it was not yet."""
        return {lang: self.for_language(lang) for lang in self.languages}

    def for_language(self, language: str | None) -> Grammar:
        """The grammar for a document language; English for an unknown one."""
        lang = language if language in self.languages else "en"
        if lang not in self.compiled:
            self.compiled[lang] = self.build(lang)
        return self.compiled[lang]


class _Validator:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def strings(self, where: str, value: object) -> list[str]:
        if not isinstance(value, list):
            self.errors.append(f"{where}: expected a list of strings")
            return []
        bad = [v for v in value if not isinstance(v, str) or not v.strip()]
        if bad:
            self.errors.append(f"{where}: entries must be non-empty strings, got {bad!r}")
        return [fold(v.strip()) for v in value if isinstance(v, str) and v.strip()]

    def numbers(self, where: str, value: object, low: int, high: int) -> dict[str, int]:
        if not isinstance(value, dict):
            self.errors.append(f"{where}: expected a mapping of words to numbers")
            return {}
        out = {}
        for k, v in value.items():
            if not isinstance(k, str) or not isinstance(v, int) or not low <= v <= high:
                self.errors.append(f"{where}: {k!r}: {v!r} must be a number from {low} to {high}")
            else:
                out[fold(k)] = v
        return out

    def per_language(self, where: str, value: object, langs: tuple[str, ...]) -> list[str]:
        if not isinstance(value, dict):
            self.errors.append(f"{where}: expected a mapping of language -> list")
            return []
        return [w for lang in langs for w in self.strings(f"{where}.{lang}", value.get(lang, []))]

    def per_language_numbers(
        self, where: str, value: object, langs: tuple[str, ...], low: int, high: int
    ) -> dict[str, int]:
        if not isinstance(value, dict):
            self.errors.append(f"{where}: expected a mapping of language -> mapping")
            return {}
        out: dict[str, int] = {}
        for lang in langs:
            out.update(self.numbers(f"{where}.{lang}", value.get(lang, {}), low, high))
        return out


def _dateparser_months(language: str) -> dict[str, int]:
    try:
        info = default_loader.get_locale(language).info
    except (ValueError, KeyError):
        return {}
    months = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info.get(key, []):
            months[fold(name).rstrip(".")] = number
    return months


def _status_rules(data: object, v: _Validator) -> list[tuple[StatusRule, str, list[str]]]:
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


def _cities(congresses: dict[Any, Any]) -> dict[str, tuple[int, ...]]:
    by_city: dict[str, list[int]] = {}
    for year, city in sorted(congresses.items()):
        by_city.setdefault(fold(str(city)), []).append(int(year))
    return {city: tuple(years) for city, years in by_city.items()}


def _time_vocabulary(
    data: dict[str, Any], langs: tuple[str, ...], v: _Validator, leads: list[str]
) -> TimeVocabulary:
    months: dict[str, int] = {}
    for lang in langs:
        months.update(_dateparser_months(lang))
    months.update(
        v.per_language_numbers("time.extra_months", data.get("extra_months"), langs, 1, 12)
    )
    quarters = mapping(data, "quarters")
    cities = data.get("congresses")
    if not isinstance(cities, dict):
        v.errors.append("time.congresses: expected a mapping of year -> city")
        cities = {}
    month = data.get("congress_month", 8)
    if not isinstance(month, int) or not 1 <= month <= 12:
        v.errors.append("time.congress_month: must be a month number")
        month = 8
    return TimeVocabulary(
        months=months,
        seasons=v.per_language_numbers("time.seasons", data.get("seasons"), langs, 1, 12),
        parts=v.per_language_numbers("time.parts", data.get("parts"), langs, 1, 12),
        quarter_prefix=tuple(
            v.strings("time.quarters.quarter_prefix", quarters.get("quarter_prefix"))
        ),
        quarter_words=tuple(
            v.per_language("time.quarters.quarter_words", quarters.get("quarter_words"), langs)
        ),
        half_prefix=tuple(v.strings("time.quarters.half_prefix", quarters.get("half_prefix"))),
        half_words=tuple(
            v.per_language("time.quarters.half_words", quarters.get("half_words"), langs)
        ),
        ordinals=v.per_language_numbers(
            "time.quarters.ordinals", quarters.get("ordinals"), langs, 1, 4
        ),
        congress_words=tuple(v.strings("time.congress_words", data.get("congress_words"))),
        congress_month=month,
        congress_cities=_cities(cities),
        midterm=tuple(v.strings("time.midterm", data.get("midterm"))),
        recurring=tuple(v.per_language("time.recurring", data.get("recurring"), langs)),
        per_period=tuple(v.per_language("time.per_period", data.get("per_period") or {}, langs)),
        count_words=tuple(v.per_language("time.count_words", data.get("count_words") or {}, langs)),
        open_from=tuple(v.per_language("time.open_from", data.get("open_from"), langs)),
        deadline=tuple(v.per_language("time.deadline", data.get("deadline"), langs)),
        open_after=tuple(v.per_language("time.open_after", data.get("open_after"), langs)),
        relative=v.per_language_numbers("time.relative", data.get("relative"), langs, -5, 5),
        range_words=tuple(v.per_language("time.range_words", data.get("range_words"), langs)),
        range_prefix=tuple(v.per_language("time.range_prefix", data.get("range_prefix"), langs)),
        number_names=tuple(
            v.per_language("time.number_names", data.get("number_names") or {}, langs)
        ),
        count_nouns=tuple(v.per_language("time.count_nouns", data.get("count_nouns") or {}, langs)),
        time_leads=tuple(
            leads
            + [w for key in _LEAD_KEYS for w in v.per_language(f"time.{key}", data.get(key), langs)]
        ),
    )


def _by_length(phrases: dict[str, str]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    grouped: dict[int, dict[str, str]] = {}
    for phrase, key in phrases.items():
        grouped.setdefault(len(phrase), {})[phrase] = key
    return {n: (tuple(group), tuple(group.values())) for n, group in grouped.items()}


def _split_pattern(head: str, tail: str) -> re.Pattern[str]:
    """A phrase in two parts with up to eight words between them, in one clause."""
    return re.compile(
        rf"(?<!\w)(?P<head>{re.escape(head)})(?:\s+[^\s;]+){{1,8}}?\s+{re.escape(tail)}(?!\w)"
    )


def _compile(
    langs: tuple[str, ...],
    data: dict[str, Any],
    v: _Validator,
    lemmas: list[LemmaEntry],
    fallback: Grammar | None = None,
    cell_language: Callable[[str], str | None] | None = None,
) -> Grammar:
    phrase_keys: dict[str, str] = {}
    rules: dict[str, StatusRule] = {}
    typo_words: dict[str, str] = {}
    typo_pairs: dict[str, str] = {}
    statuses = _status_rules(data.get("status"), v)
    by_id = {rule.rule_id: rule for rule, _, _ in statuses}
    for rule, lang, phrases in statuses:
        if lang in langs and phrases:
            key = f"{rule.rule_id}.{lang}"
            rules[key] = rule
            for phrase in phrases:
                if "..." not in phrase:
                    phrase_keys.setdefault(phrase, key)  # the first rule to list it reads it
            # A word one letter off is a slip only where the language's dictionary does
            # not know it (the cell reader asks): "realizara" is a word, "abgesagr" is not.
            for phrase in phrases:
                words = phrase.split(" ")
                if len(phrase) >= _TYPO_MIN_LENGTH and all(w.isalpha() for w in words):
                    if len(words) == 1:
                        typo_words.setdefault(phrase, key)
                    elif len(words) == 2:  # a pair of words
                        typo_pairs.setdefault(phrase, key)
    split_phrases: list[tuple[re.Pattern[str], str]] = []
    for rule, lang, phrases in statuses:
        for phrase in phrases if lang in langs else ():
            if "..." in phrase:
                head, tail = (part.strip() for part in phrase.split("...", 1))
                split_phrases.append((_split_pattern(head, tail), f"{rule.rule_id}.{lang}"))
    lemma_keys: dict[tuple[str, str], str] = {}
    for entry in lemmas:
        if entry.language in langs:
            key = f"{entry.rule_id}.{entry.language}.lemma"
            rules.setdefault(key, replace(by_id[entry.rule_id], rule_id=key))
            for form in entry.forms:
                # the dictionary form itself is an infinitive, a plan ("à finaliser"), not news
                if form != entry.lemma:
                    lemma_keys.setdefault((entry.language, form), key)
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
    conditions = v.per_language("conditions", data.get("conditions") or {}, langs)
    labels = v.per_language("labels", data.get("labels") or {}, langs)
    formats = v.per_language("formats", data.get("formats") or {}, langs)
    changes = v.per_language("format_changes", data.get("format_changes") or {}, langs)
    talks = v.per_language("discussions", data.get("discussions") or {}, langs)
    articles = v.per_language("articles", data.get("articles") or {}, langs)
    chain = v.per_language("chain", data.get("chain") or {}, langs)
    agents = v.per_language("agents", data.get("agents") or {}, langs)
    origins = v.per_language("origins", data.get("origins") or {}, langs)
    time = mapping(data, "time")
    if not time:
        v.errors.append("time: missing")
    return Grammar(
        languages=langs,
        phrases=re.compile(rf"(?<!\w)(?:{alternation(list(phrase_keys))})(?!\w)"),
        phrase_keys=phrase_keys,
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
        agent_lead=re.compile(
            rf"(?<!\w)(?:{alternation(agents)})\s+(?:(?:{alternation(articles)})\s+)?"
        ),
        origin=re.compile(rf"(?<!\w)(?:{alternation(origins)})(?:\s|$)"),
        range_to=re.compile(rf"\s*(?:\s(?:{alternation(destinations)})\s|[-–/])\s*(?=\d)"),
        destination_lead=re.compile(
            rf"\s*,?\s*(?:{alternation(destinations)})\s*(?:(?:{alternation(articles)})\s+)?"
        ),
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
        known_forms=frozenset(
            form for entry in lemmas if entry.language in langs for form in entry.forms
        ),
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
        copulas=frozenset(v.per_language("copulas", data.get("copulas") or {}, langs)),
        format_change=re.compile(
            rf"(?<!\w)(?:{alternation(changes)})\s+(?:[\w'-]+\s+){{0,2}}?"
            rf"(?:{alternation(formats)})(?:[\w-]*)(?!\w)"
        )
        if changes and formats
        else None,
        discussions=re.compile(rf"(?<!\w)(?:{alternation(talks)})(?!\w)") if talks else None,
        formats=re.compile(rf"(?<!\w)(?:{alternation(formats)})(?!\w)"),
        time=TimePatterns(_time_vocabulary(time, langs, v, [*destinations, *fillers]), langs),
        fallback=fallback,
        cell_language=cell_language,
    )


def load_grammar(path: Path | None = None, lexicons: list[Path] | None = None) -> GrammarSet:
    """Read, validate and compile the timeframe rules; raises RulesError listing every bad entry.

    ``lexicons`` are the per-language vocabulary files (:mod:`~iflaplans.normalize.lexicon`);
    by default the ones beside ``path``.
    """
    path = path or packaged("timeframe.yaml")
    if lexicons is None:
        lexicons = lexicon_paths(path.parent)
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise RulesError(str(path), ["the file must hold a mapping"])
    v = _Validator()
    lemmas = load_lexicons(data, lexicons, v.errors)
    languages: set[str] = {"en"}
    for entry in data.get("status") or []:
        if isinstance(entry, dict) and isinstance(entry.get("phrases"), dict):
            languages.update(str(k) for k in entry["phrases"])
    every = ("en", *sorted(languages - {"en"}))
    # The grammar of every language holds every entry, so compiling it checks them all.
    fallback = _compile(every, data, v, lemmas)
    if v.errors:
        raise RulesError(str(path), sorted(set(v.errors)))
    detect = cell_language_detector(every)

    def build(lang: str) -> Grammar:
        own = _Validator()
        langs = ("en",) if lang == "en" else ("en", lang)
        grammar = _compile(langs, data, own, lemmas, fallback, detect)
        if own.errors:  # a subset of the entries checked above: not expected
            raise RulesError(str(path), sorted(set(own.errors)))
        return grammar

    return GrammarSet(tuple(sorted(languages)), build)
