"""Checking the entries of the timeframe rules as they are read.

A :class:`RuleValidator` reads one shape of entry at a time (a list of words, a
mapping of words to numbers, either per language), folds what is good and notes
every bad entry, so loading reports all of them at once.
"""

from __future__ import annotations

from iflaplans.textutil import fold


class RuleValidator:
    """Reads rule entries, keeping the good ones and a message for each bad one."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def strings(self, where: str, value: object, folded: bool = True) -> list[str]:
        """The non-empty strings of a list, folded unless not ``folded`` (words matched
        on a cell's text as written)."""
        if not isinstance(value, list):
            self.errors.append(f"{where}: expected a list of strings")
            return []
        bad = [v for v in value if not isinstance(v, str) or not v.strip()]
        if bad:
            self.errors.append(f"{where}: entries must be non-empty strings, got {bad!r}")
        kept = [v.strip() for v in value if isinstance(v, str) and v.strip()]
        quoted = [v for v in kept if '"' in v]
        if quoted:
            # a quote lost in the YAML list makes one entry of two: the words never match
            self.errors.append(f"{where}: entries hold a stray quote, got {quoted!r}")
        return [fold(v) for v in kept] if folded else kept

    def numbers(self, where: str, value: object, low: int, high: int) -> dict[str, int]:
        """A mapping of folded words to numbers from ``low`` to ``high``."""
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
        """The words of ``langs`` in a section keyed by language, in the order of ``langs``."""
        if not isinstance(value, dict):
            self.errors.append(f"{where}: expected a mapping of language -> list")
            return []
        return [w for lang in langs for w in self.strings(f"{where}.{lang}", value.get(lang, []))]

    def per_language_numbers(
        self, where: str, value: object, langs: tuple[str, ...], low: int, high: int
    ) -> dict[str, int]:
        """The word -> number entries of ``langs`` in a section keyed by language."""
        if not isinstance(value, dict):
            self.errors.append(f"{where}: expected a mapping of language -> mapping")
            return {}
        out: dict[str, int] = {}
        for lang in langs:
            out.update(self.numbers(f"{where}.{lang}", value.get(lang, {}), low, high))
        return out

    def every_language(self, where: str, value: object, folded: bool = True) -> list[str]:
        """The words of every language of a section keyed by language, in its order, each
        once: small words a grammar reads whatever its own languages, since a cell may
        mix them ("WLIC de 2021", "Congrès of 2020")."""
        if not isinstance(value, dict):
            self.errors.append(f"{where}: expected a mapping of language -> list")
            return []
        words = [w for lang, v in value.items() for w in self.strings(f"{where}.{lang}", v, folded)]
        return list(dict.fromkeys(words))
