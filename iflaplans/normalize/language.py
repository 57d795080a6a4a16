"""Which language a document is written in, from its frequent short words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from iflaplans.errors import RulesError
from iflaplans.ruledata import load_yaml_file, packaged
from iflaplans.textutil import fold

_WORD = re.compile(r"[^\W\d_]+'?")


@dataclass(frozen=True)
class LanguageProfiles:
    """Marker words per ISO 639-1 code (folded)."""

    words: dict[str, frozenset[str]]

    def detect(self, text: str, hint: str | None = None) -> str | None:
        """The ISO 639-1 code whose marker words occur most in ``text``.

        ``hint`` (the language of the template headings) breaks ties and is the
        answer when the text has no marker words at all.
        """
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
    return LanguageProfiles(words)
