"""The timeframe grammar loaded from rules/timeframe.yaml and compiled for one language.

Status phrases become a spaCy PhraseMatcher over the cell's folded words; time
vocabulary becomes the regular expressions of :mod:`iflaplans.normalize.timex`.
Loading validates every entry and reports all bad ones at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from dateparser.languages import default_loader
from spacy.matcher import PhraseMatcher

from iflaplans.errors import RulesError
from iflaplans.events import EVENT_TYPES
from iflaplans.normalize.timex import TimePatterns, TimeVocabulary
from iflaplans.ruledata import load_yaml_file, mapping, packaged
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
    nlp: Any
    matcher: PhraseMatcher
    rules: dict[str, StatusRule]  # matcher key -> rule
    fillers: re.Pattern[str]
    auxiliaries: frozenset[str]
    hedges: frozenset[str]
    connectors: re.Pattern[str]
    negations: re.Pattern[str]  # a denial ending right before a status phrase
    pending: frozenset[str]
    future: re.Pattern[str]  # a future marker ending right before a status phrase
    destinations: re.Pattern[str]  # "auf" in "2020 auf 2021 verschoben", before the time
    reasons: re.Pattern[str]  # "due to", "aufgrund": a reason, not the subject of a sentence
    typo_words: dict[str, str]  # single-word status phrases long enough to spot misspelt
    time: TimePatterns
    # Readings of cells already seen in this run, keyed by (cell, plan period): plans
    # repeat their Timeframe phrases, and a reading depends on nothing else.
    readings: dict[tuple[str, Any], Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class GrammarSet:
    """One compiled :class:`Grammar` per language the rules know (each includes English)."""

    grammars: dict[str, Grammar]

    def for_language(self, language: str | None) -> Grammar:
        """The grammar for a document language; English for an unknown one."""
        return self.grammars.get(language or "en") or self.grammars["en"]


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


def _time_vocabulary(data: dict[str, Any], langs: tuple[str, ...], v: _Validator) -> TimeVocabulary:
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
        open_from=tuple(v.per_language("time.open_from", data.get("open_from"), langs)),
        deadline=tuple(v.per_language("time.deadline", data.get("deadline"), langs)),
        open_after=tuple(v.per_language("time.open_after", data.get("open_after"), langs)),
        relative=v.per_language_numbers("time.relative", data.get("relative"), langs, -5, 5),
        range_words=tuple(v.per_language("time.range_words", data.get("range_words"), langs)),
        range_prefix=tuple(v.per_language("time.range_prefix", data.get("range_prefix"), langs)),
    )


def _compile(langs: tuple[str, ...], data: dict[str, Any], nlp: Any, v: _Validator) -> Grammar:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    rules: dict[str, StatusRule] = {}
    typo_words: dict[str, str] = {}
    for rule, lang, phrases in _status_rules(data.get("status"), v):
        if lang in langs and phrases:
            key = f"{rule.rule_id}.{lang}"
            rules[key] = rule
            matcher.add(key, [nlp.make_doc(p) for p in phrases])
            # English documents only: in French, Spanish and German one letter is often
            # another form of a word ("realizara" / "realizada", "finaliser"), not a slip.
            for phrase in phrases if langs == ("en",) else ():
                if len(phrase) >= _TYPO_MIN_LENGTH and phrase.isalpha():
                    typo_words.setdefault(phrase, key)
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
    time = mapping(data, "time")
    if not time:
        v.errors.append("time: missing")
    return Grammar(
        languages=langs,
        nlp=nlp,
        matcher=matcher,
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
        reasons=re.compile(rf"(?<!\w)(?:{alternation(reasons)})(?!\w)"),
        typo_words=typo_words,
        time=TimePatterns(_time_vocabulary(time, langs, v), langs),
    )


def load_grammar(path: Path | None = None) -> GrammarSet:
    """Read, validate and compile the timeframe rules; raises RulesError listing every bad entry."""
    path = path or packaged("timeframe.yaml")
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise RulesError(str(path), ["the file must hold a mapping"])
    v = _Validator()
    languages: set[str] = {"en"}
    for entry in data.get("status") or []:
        if isinstance(entry, dict) and isinstance(entry.get("phrases"), dict):
            languages.update(str(k) for k in entry["phrases"])
    nlp = spacy.blank("xx")
    grammars = {
        lang: _compile(("en",) if lang == "en" else ("en", lang), data, nlp, v)
        for lang in sorted(languages)
    }
    if v.errors:
        raise RulesError(str(path), sorted(set(v.errors)))
    return GrammarSet(grammars)
