"""Which language a document is written in.

A statistical detector made for short and mixed text (lingua, in its low-accuracy
mode: its trigram models load in a tenth of a second and read a plan in well under a
millisecond) reads the document's own words, restricted to the languages the rules
know; the template headings' language only breaks ties, so a Spanish plan on a
template whose headings share words with French is still read as Spanish. Texts too
short for statistics fall back to counting each language's frequent short words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from iflaplans.errors import RulesError
from iflaplans.rules.files import load_yaml_file, packaged
from iflaplans.textutil import fold

_WORD = re.compile(r"[^\W\d_]+'?")
# Below this many letters a text is too short for the detector's statistics.
_MIN_LETTERS = 40
# The detector's answer stands when it is at least this sure; else the hint may decide.
_SURE = 0.6
_SAMPLE_CHARS = 4000


@dataclass(frozen=True)
class LanguageProfiles:
    """Marker words per ISO 639-1 code (folded)."""

    words: dict[str, frozenset[str]]
    detector: Any = field(default=None, compare=False, repr=False)

    def detect(self, text: str, hint: str | None = None) -> str | None:
        """The ISO 639-1 code of the language ``text`` is written in.

        ``hint`` (the language of the template headings) breaks near ties and is the
        answer when the text says nothing at all.
        """
        if self.detector is None or sum(c.isalpha() for c in text) < _MIN_LETTERS:
            return self.by_marker_words(text, hint)
        # The detector's time grows with the text; a few thousand letters settle it.
        sample = text[:_SAMPLE_CHARS].rsplit(" ", 1)[0] if len(text) > _SAMPLE_CHARS else text
        ranked = self.detector.compute_language_confidence_values(sample)
        if not ranked:
            return self.by_marker_words(text, hint)
        best = ranked[0]
        hinted = next((r for r in ranked if _code(r.language) == hint), None)
        if best.value >= _SURE or hinted is None or hinted.value < best.value / 2:
            return _code(best.language)
        return hint  # a near tie: the headings' language decides

    def by_marker_words(self, text: str, hint: str | None = None) -> str | None:
        """The ISO 639-1 code whose marker words occur most in ``text``; ties go to ``hint``."""
        counts: Counter[str] = Counter()
        for word in _WORD.findall(fold(text)):
            for lang, markers in self.words.items():
                if word in markers:
                    counts[lang] += 1
        if not counts:
            return hint
        best = max(counts.values())
        leaders = sorted(lang for lang, n in counts.items() if n == best)
        return hint if hint in leaders else leaders[0]


def load_languages(path: Path | None = None) -> LanguageProfiles:
    """Read the marker words; every bad entry is reported at once."""
    path = path or packaged("languages.yaml")
    data = load_yaml_file(path)
    errors = []
    words: dict[str, frozenset[str]] = {}
    if not isinstance(data, dict):
        raise RulesError(str(path), ["the file must map language codes to word lists"])
    for lang, entries in data.items():
        if not isinstance(lang, str) or len(lang) != 2:
            errors.append(f"{lang!r}: language codes are ISO 639-1 (two letters)")
        if not isinstance(entries, list) or not all(isinstance(e, str) and e for e in entries):
            errors.append(f"{lang}: expected a list of words")
            continue
        words[str(lang)] = frozenset(fold(e) for e in entries)
    if errors:
        raise RulesError(str(path), errors)
    return LanguageProfiles(words, _detector(sorted(words)))


def _code(language: Language) -> str:
    """The ISO 639-1 code of a detector's language ("es")."""
    return str(language.iso_code_639_1.name.lower())


def _detector(codes: list[str]) -> Any:
    """A detector for the languages of ``codes`` that it knows; None for fewer than two."""
    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue  # a language the detector has no model for: marker words only
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


# A cell is taken to be in one language when the detector is at least this sure of it.
_CELL_SURE = 0.8


def cell_language_detector(codes: tuple[str, ...]) -> Callable[[str], str | None] | None:
    """A function giving the language a cell is plainly written in, else None (too short,
    mixed, or not sure); None when the detector knows fewer than two of ``codes``."""
    detector = _detector(sorted(codes))
    if detector is None:
        return None

    def language_of(text: str) -> str | None:
        if sum(c.isalpha() for c in text) < _MIN_CELL_LETTERS:
            return None
        ranked = detector.compute_language_confidence_values(text)
        if not ranked or ranked[0].value < _CELL_SURE:
            return None
        return _code(ranked[0].language)

    return language_of


_MIN_CELL_LETTERS = 12
