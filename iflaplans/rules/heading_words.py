"""The word lists of the headings vocabulary (rules/headings.yaml): the words that open a
Timeframe cell and the small words the readers meet around numbers, dates and headings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from iflaplans.rules.files import load_yaml_file, packaged
from iflaplans.textutil import alternation, fold

TIME_CELL_KINDS = ("months", "seasons", "congress", "leads", "recurring", "status")
# Kinds of ``reader_words``: see rules/headings.yaml
_WORD_KINDS = ("page", "page_of", "number", "and", "or", "to", "to_year", "day_ending")
READER_WORD_KINDS = (
    *_WORD_KINDS,
    "day_ending_after_month",
    "date_filler",
    "plural",
    "bracket_ending",
    "name_plural",
)


@dataclass(frozen=True)
class TimeWords:
    """Folded words that open a Timeframe cell, per kind (see ``time_cell`` in the rules)."""

    months: frozenset[str] = frozenset()
    seasons: frozenset[str] = frozenset()
    congress: frozenset[str] = frozenset()
    leads: frozenset[str] = frozenset()
    recurring: frozenset[str] = frozenset()
    status: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ReaderWords:
    """Small words the readers meet around numbers, dates and headings (``reader_words``
    in the rules): kind -> the words of every language, as written."""

    words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def pattern(self, *kinds: str) -> str:
        """A regex alternation of the words of ``kinds``, longest first (matches nothing
        when they have none)."""
        return alternation([w for kind in kinds for w in self.words.get(kind, ())])


def read_reader_words(section: object, path: Path, errors: list[str]) -> ReaderWords:
    """The ``reader_words`` section: language -> kind -> words (each list may be empty).
    A rule file without it (an older one) takes the packaged file's."""
    if section is None:
        packaged_path = packaged("headings.yaml")
        if path == packaged_path:
            errors.append("reader_words: missing")
            return ReaderWords()
        section = load_yaml_file(packaged_path).get("reader_words")
    if not isinstance(section, dict) or not section:
        errors.append("reader_words: expected a mapping of language -> kind -> list")
        return ReaderWords()
    found: dict[str, list[str]] = {kind: [] for kind in READER_WORD_KINDS}
    for lang, kinds in section.items():
        if not isinstance(kinds, dict):
            errors.append(f"reader_words.{lang}: expected a mapping of kind -> list")
            continue
        unknown = sorted(set(kinds) - set(READER_WORD_KINDS))
        if unknown:
            errors.append(f"reader_words.{lang}: unknown kinds {unknown!r}")
        for kind in READER_WORD_KINDS:
            words = kinds.get(kind)
            where = f"reader_words.{lang}.{kind}"
            if not isinstance(words, list):
                errors.append(f"{where}: expected a list of strings (empty for none)")
                continue
            bad = [w for w in words if not isinstance(w, str) or not w.strip()]
            if bad:
                errors.append(f"{where}: entries must be non-empty strings, got {bad!r}")
            found[kind] += [w.strip() for w in words if isinstance(w, str) and w.strip()]
    return ReaderWords({kind: tuple(dict.fromkeys(words)) for kind, words in found.items()})


def read_word_list(
    data: dict[str, object],
    key: str,
    strings: Callable[[str, object], tuple[str, ...]],
    errors: list[str],
) -> tuple[str, ...]:
    """An optional section of language -> words, folded, longest first."""
    section = data.get(key) or {}
    if not isinstance(section, dict):
        errors.append(f"{key}: expected a mapping of language -> list")
        return ()
    words = {fold(w) for lang, v in section.items() for w in strings(f"{key}.{lang}", v)}
    return tuple(sorted(words, key=len, reverse=True))


def read_time_words(
    section: object, strings: Callable[[str, object], tuple[str, ...]], errors: list[str]
) -> TimeWords:
    """The optional ``time_cell`` section: kind -> language -> words."""
    if section is None:
        return TimeWords()
    if not isinstance(section, dict):
        errors.append("time_cell: expected a mapping of kind -> language -> list")
        return TimeWords()
    unknown = sorted(set(section) - set(TIME_CELL_KINDS))
    if unknown:
        errors.append(f"time_cell: unknown kinds {unknown!r}")
    words: dict[str, frozenset[str]] = {}
    for kind in TIME_CELL_KINDS:
        langs = section.get(kind, {})
        if not isinstance(langs, dict):
            errors.append(f"time_cell.{kind}: expected a mapping of language -> list")
            continue
        words[kind] = frozenset(
            " ".join(fold(w).split())
            for lang, v in langs.items()
            for w in strings(f"time_cell.{kind}.{lang}", v)
        )
    return TimeWords(**words)
