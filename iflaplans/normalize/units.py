"""IFLA units: the reference list (data/ifla-units.csv) and a matcher over it.

Two ways to find a unit, as the reference README prescribes:
``lookup`` for a whole cell or list item, ``scan`` for free text.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from iflaplans.errors import RulesError
from iflaplans.ruledata import packaged
from iflaplans.textutil import collapse, fold

_WORD = re.compile(r"[^\W_]+|[&/]")
_LEADING_IFLA = re.compile(r"^ifla\s+", re.I)
_TRAILING_SC = re.compile(r"\s+standing committee$", re.I)


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    kind: str
    active_from: int | None
    active_to: int | None
    replaced_by: str | None


@dataclass(frozen=True)
class UnitMatch:
    """One unit named in a text: where, as written, and which unit."""

    start: int
    end: int
    mention: str
    unit_id: str


@dataclass(frozen=True)
class _Alias:
    folded: str
    written: str
    unit_id: str
    acronym: bool


def _is_acronym(alias: str, acronym: str) -> bool:
    return not any(c.islower() for c in alias) or alias == acronym


def _lookup_key(text: str) -> str:
    text = collapse(text).strip(" .;,:")
    text = _TRAILING_SC.sub("", _LEADING_IFLA.sub("", text))
    return text


def _folded_key(text: str) -> str:
    return collapse(fold(_lookup_key(text)).replace("&", " and "))


@dataclass(frozen=True)
class UnitIndex:
    """The reference units and their aliases, indexed for lookup and scanning."""

    units: dict[str, Unit]
    acronyms: dict[str, str]  # acronym form as written -> unit_id
    names: dict[str, str]  # folded name or alias -> unit_id
    by_first_word: dict[str, tuple[_Alias, ...]]  # scan index, longest alias first

    def resolve(self, unit_id: str | None, year: int | None) -> str | None:
        """Follow ``replaced_by`` when a plan dated ``year`` names a unit that had ended."""
        unit = self.units.get(unit_id) if unit_id else None
        if unit and year and unit.active_to and unit.replaced_by and year >= unit.active_to:
            return unit.replaced_by
        return unit_id

    def lookup(self, text: str, year: int | None = None) -> str | None:
        """The unit a whole cell or list item names ("RISS", "IFLA KM Section"), or None."""
        key = _lookup_key(text.replace("–", "-").replace("—", "-"))
        if not key:
            return None
        found = self.acronyms.get(key)
        if found is None:
            folded = _folded_key(key)
            found = self.names.get(folded) or self.names.get(collapse(folded.replace("/", " and ")))
        return self.resolve(found, year)

    def scan(self, text: str, year: int | None = None) -> list[UnitMatch]:
        """Every unit named in free text, longest match first, matches not overlapping."""
        folded = fold(text)
        found: list[UnitMatch] = []
        taken_until = 0
        for word in _WORD.finditer(folded):
            start = word.start()
            if start < taken_until:
                continue
            for alias in self.by_first_word.get(word.group(), ()):
                end = start + len(alias.folded)
                if not folded.startswith(alias.folded, start):
                    continue
                if end < len(folded) and (folded[end].isalnum()):
                    continue
                if alias.acronym and text[start:end] != alias.written:
                    continue
                unit_id = self.resolve(alias.unit_id, year)
                found.append(UnitMatch(start, end, text[start:end], unit_id or alias.unit_id))
                taken_until = end
                break
        return found

    def find(self, text: str, year: int | None = None) -> str | None:
        """Lookup, or else the single unit a scan finds in the text."""
        found = self.lookup(text, year)
        if found:
            return found
        ids = {m.unit_id for m in self.scan(text, year)}
        return ids.pop() if len(ids) == 1 else None


def _year(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def load_units(path: Path | None = None) -> UnitIndex:
    """Read the units CSV and build the index; bad rows are reported together."""
    path = path or packaged("ifla-units.csv")
    errors: list[str] = []
    units: dict[str, Unit] = {}
    acronyms: dict[str, str] = {}
    names: dict[str, str] = {}
    aliases: list[_Alias] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            unit_id, name = (row.get("unit_id") or "").strip(), (row.get("name") or "").strip()
            if not unit_id or not name:
                errors.append(f"line {line_no}: unit_id and name are required")
                continue
            units[unit_id] = Unit(
                unit_id,
                name,
                (row.get("kind") or "").strip(),
                _year(row.get("active_from") or ""),
                _year(row.get("active_to") or ""),
                (row.get("replaced_by") or "").strip() or None,
            )
            acronym = (row.get("acronym") or "").strip()
            for written in [name, *(a.strip() for a in (row.get("aliases") or "").split("|"))]:
                if not written:
                    continue
                is_acr = _is_acronym(written, acronym)
                key = _lookup_key(written) if is_acr else _folded_key(written)
                table = acronyms if is_acr else names
                if table.get(key, unit_id) != unit_id:
                    errors.append(f"line {line_no}: alias {written!r} also names {table[key]}")
                table[key] = unit_id
                aliases.append(_Alias(fold(written), written, unit_id, is_acr))
    if errors:
        raise RulesError(str(path), errors)
    index: dict[str, list[_Alias]] = {}
    for alias in aliases:
        first = _WORD.match(alias.folded)
        if first:
            index.setdefault(first.group(), []).append(alias)
    by_first = {
        w: tuple(sorted(set(a), key=lambda x: (-len(x.folded), x.written)))
        for w, a in index.items()
    }
    return UnitIndex(units, acronyms, names, by_first)
