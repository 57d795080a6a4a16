"""The words of unit names (rules/units.yaml): plural heads, the words between
coordinated names and those that name a generic body's owner."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from iflaplans.errors import RulesError
from iflaplans.rules.files import load_yaml_file, packaged
from iflaplans.textutil import alternation, fold

_LIST_KEYS = ("and", "owner_of", "owner_article", "possessive")
_JOIN_SIGNS = frozenset({"&", "/"})  # read as "and" between names in every language
_ACRONYM_BEFORE = re.compile(r"(?<![^\W_])([A-Z][A-Z&]*[A-Z])\s+$")  # "ALA HQ"
_OWNER_REACH = 40  # characters before a generic name where its owner may stand


@dataclass(frozen=True)
class UnitWords:
    """The unit-name words of every language, folded where the matcher compares folded text."""

    plural_heads: dict[str, str] = field(default_factory=dict)  # plural -> singular
    tails: tuple[str, ...] = ()  # plural heads of the languages whose names end with them
    conjunctions: frozenset[str] = _JOIN_SIGNS
    owner_of: tuple[str, ...] = ()
    owner_article: tuple[str, ...] = ()
    possessive: tuple[str, ...] = ()
    # Made once from the words above
    plural: re.Pattern[str] = field(init=False, compare=False, repr=False)
    tail: re.Pattern[str] = field(init=False, compare=False, repr=False)
    possessor: re.Pattern[str] = field(init=False, compare=False, repr=False)
    of_owner: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        heads = alternation(list(self.plural_heads))
        plural = re.compile(rf"(?<![^\W_])(?:{heads})(?![^\W_])")
        object.__setattr__(self, "plural", plural)
        tails = alternation([t.lower() for t in self.tails])  # one case: the match ignores it
        object.__setattr__(self, "tail", re.compile(rf"(?i)(?:{tails})$"))
        endings = alternation(self.possessive)
        object.__setattr__(self, "possessor", re.compile(rf"([^\W_]+)(?:{endings})\s+$"))
        of = alternation([w.lower() for w in self.owner_of])
        article = alternation([w.lower() for w in self.owner_article])
        owner = rf"\s+(?:{of})\s+(?:(?:{article})\s+)?([^\W_]+)"
        object.__setattr__(self, "of_owner", re.compile(owner, re.I))

    def singular(self, text: str) -> str:
        """``text`` with a plural head that ends it read as its singular ("Big Data SIGs"
        -> "Big Data SIG")."""
        found = self.tail.search(text)
        if found is None:
            return text
        written = found.group()
        singular = self.plural_heads[fold(written)]
        kept = written[: len(singular)] if fold(written).startswith(singular) else singular
        return text[: found.start()] + kept

    def owned_elsewhere(self, text: str, start: int, end: int) -> bool:
        """Whether the words around the generic name at ``start:end`` of ``text`` give it
        another owner than IFLA.

        "the university's Governing Board", "ALA HQ", "Regional Council of Lombardy" ->
        True; "the Governing Board", "IFLA's Governing Board", "Report to HQ" -> False.
        """
        before = text[max(0, start - _OWNER_REACH) : start]
        found = (
            self.possessor.search(before),
            _ACRONYM_BEFORE.search(before),
            self.of_owner.match(text, end),
        )
        return any(m.group(1).upper() != "IFLA" for m in found if m)


def load_unit_words(path: Path | None = None) -> UnitWords:
    """Read and validate the unit-name words; every bad entry is reported at once."""
    path = path or packaged("units.yaml")
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise RulesError(str(path), ["the file must hold a mapping"])
    errors: list[str] = []

    def section(key: str) -> dict[str, object]:
        value = data.get(key)
        if not isinstance(value, dict):
            errors.append(f"{key}: missing, or not a mapping of language -> words")
            return {}
        return value

    heads: dict[str, str] = {}
    tails: list[str] = []
    head_last = section("head_last")
    for lang, pairs in section("plural_heads").items():
        if not isinstance(pairs, dict) or not all(
            isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
            for k, v in pairs.items()
        ):
            errors.append(f"plural_heads.{lang}: expected a mapping of plural -> singular")
            continue
        if not isinstance(head_last.get(lang), bool):
            errors.append(f"head_last.{lang}: expected true or false")
        for plural, singular in pairs.items():
            plural, singular = fold(plural.strip()), fold(singular.strip())
            if heads.setdefault(plural, singular) != singular:
                errors.append(f"plural_heads.{lang}: {plural!r} names two singulars")
            if head_last.get(lang) is True:
                tails.append(plural)
    words: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        found: list[str] = []
        for lang, value in section(key).items():
            if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
                errors.append(f"{key}.{lang}: expected a list of words (empty for none)")
                continue
            found += [w.strip() for w in value]
        words[key] = tuple(dict.fromkeys(found))
    if errors:
        raise RulesError(str(path), errors)
    return UnitWords(
        heads,
        tuple(dict.fromkeys(tails)),
        _JOIN_SIGNS | {fold(w) for w in words["and"]},
        words["owner_of"],
        words["owner_article"],
        words["possessive"],
    )
