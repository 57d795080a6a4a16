"""IFLA units: the reference list (data/ifla-units.csv) and a matcher over it.

Two ways to find a unit, as the reference README prescribes: ``lookup`` for a
whole cell or list item, ``scan`` for free text. Beyond the README's rules:

- capitals that lead an alias ("IT" in "IT Section") are an acronym that is
  also an ordinary word, so they match with exact case; the rest of the alias
  does not ("big data sig" is the Big Data SIG);
- lookup never keeps a bare acronym that stripping "IFLA " / " Standing
  Committee" leaves ("IFLA ARL" -> "ARL"), reads punctuation between words as a
  space ("IT-Section"), a plural head as singular, and forgives a typo when
  rapidfuzz finds one clear candidate;
- scan also knows each "IFLA …" alias without "IFLA", reads names that share a
  plural head ("Cataloguing and Bibliography sections"), and takes a generic
  name ("Governing Board", "HQ") for IFLA's only when no other owner is named;
- regional division committees also go by "Committee of the Regional Division
  X", "Regional Division X Committee" and "Regional Division Committee X".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from iflaplans.errors import RulesError
from iflaplans.normalize.unit_forms import (
    WORD,
    Alias,
    Span,
    WordSpan,
    caps_spans,
    case_ok,
    leading_caps,
)
from iflaplans.normalize.unit_lists import Heads, coordinated, heads_index
from iflaplans.normalize.unit_words import UnitWords, load_unit_words
from iflaplans.rules.files import packaged, rule_path
from iflaplans.textutil import collapse, fold

_LEADING_IFLA = re.compile(r"^ifla\s+", re.I)
_TRAILING_SC = re.compile(r"\s+standing committee$", re.I)  # as the reference README says
_DASHES = str.maketrans(dict.fromkeys("–—‐‑−", "-"))

# Plain names of these kinds are any organisation's ("Governing Board", "HQ").
_GENERIC_KINDS = frozenset({"governance_body", "hq_office"})

_RDC_REGION = re.compile(
    r"^(?:IFLA )?(?:(.+) Regional Division Committee"
    r"|Regional Division Committee for (?:the )?(.+))$"
)
_RDC_FORMS = (
    "Committee of the Regional Division {}",
    "Regional Division {} Committee",
    "Regional Division Committee {}",
)

# Typos in a whole cell: only long keys, a high score and one clear winner.
_FUZZY_MIN_LEN = 15
_FUZZY_CUTOFF = 90.0
_FUZZY_MARGIN = 5.0


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
class _Key:
    """A lookup entry: the unit, and which words (by position) must match case."""

    unit_id: str
    exact: tuple[tuple[int, str], ...]


# ---------------------------------------------------------------- small pure helpers


def _is_acronym(alias: str, acronym: str) -> bool:
    return not any(c.islower() for c in alias) or alias == acronym


def _clean(text: str) -> str:
    """A cell as lookup compares it: NFKC ("ﬁ" -> "fi"), plain dashes and spaces, no end stops."""
    return collapse(unicodedata.normalize("NFKC", text).translate(_DASHES)).strip(" .;,:")


def _strip(text: str) -> str:
    return _TRAILING_SC.sub("", _LEADING_IFLA.sub("", text))


def _key_words(text: str) -> list[str]:
    """Words as written, punctuation dropped, "&" and "/" read as "and"."""
    return ["and" if w in "&/" else w for w in WORD.findall(text)]


def _key(words: list[str]) -> str:
    return " ".join(fold(w) for w in words)


def _trim(folded: str) -> str:
    """An alias up to its last letter or digit: where a scan can see it end."""
    end = len(folded)
    while end and not folded[end - 1].isalnum():
        end -= 1
    return folded[:end]


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# ---------------------------------------------------------------- the index


def _longest_at(
    index: UnitIndex, text: str, folded: str, words: list[WordSpan], i: int, blocked: list[Span]
) -> tuple[Alias, int] | None:
    """The longest alias that starts at word ``i`` and may stand there, with its end."""
    start = words[i][0]
    for j in range(min(i + index.widths[words[i][2]], len(words)) - 1, i - 1, -1):
        for alias in index.scan_keys.get(folded[start : words[j][1]], ()):
            end = start + len(alias.folded)
            if (
                folded.startswith(alias.folded, start)
                and (end == len(folded) or not folded[end].isalnum())
                and case_ok(alias, text, start)
                and not (alias.generic and index.words.owned_elsewhere(text, start, end))
                and not _overlaps(blocked, start, end)
            ):
                return alias, end
    return None


@dataclass(frozen=True)
class UnitIndex:
    """The reference units and their aliases, indexed for lookup and scanning."""

    units: dict[str, Unit]
    acronyms: dict[str, str]  # acronym form as written -> unit_id
    names: dict[str, tuple[_Key, ...]]  # folded words of a name or alias -> unit
    scan_keys: dict[str, tuple[Alias, ...]]  # alias up to its last letter -> aliases, longest first
    widths: dict[str, int]  # first word of an alias -> most words such an alias has
    heads: dict[str, Heads]  # singular head ("section") -> names that take it
    fuzzy_keys: tuple[str, ...]  # lookup keys a typo may be read as
    fuzzy_units: tuple[str, ...]
    words: UnitWords  # plural heads, the words between names and of owners

    def resolve(self, unit_id: str | None, year: int | None) -> str | None:
        """Follow ``replaced_by`` when a plan dated ``year`` names a unit that had ended."""
        unit = self.units.get(unit_id) if unit_id else None
        if unit and year and unit.active_to and unit.replaced_by and year >= unit.active_to:
            return unit.replaced_by
        return unit_id

    def lookup(self, text: str, year: int | None = None) -> str | None:
        """The unit a whole cell or list item names ("RISS", "IFLA KM Section"), or None."""
        text = _clean(text)
        if not text:
            return None
        stripped = _strip(text)
        singular = self.words.singular(stripped)
        forms = dict.fromkeys([text, stripped, self.words.singular(text), singular])
        found = next((u for f in forms if f and (u := self._named(f))), None)
        return self.resolve(found or self._typo(singular), year)

    def _named(self, form: str) -> str | None:
        found = self.acronyms.get(form)
        if found:
            return found
        words = _key_words(form)
        for key in self.names.get(_key(words), ()):
            if all(words[i] == w for i, w in key.exact):
                return key.unit_id
        return None

    def _typo(self, form: str) -> str | None:
        """The one unit a misspelt name is close to ("Catalouging Section"), or None."""
        key = _key(_key_words(form))
        if len(key) < _FUZZY_MIN_LEN:
            return None
        best: dict[str, float] = {}
        cutoff = _FUZZY_CUTOFF - _FUZZY_MARGIN  # also see the runners-up that make it unclear
        for _, score, i in process.extract(
            key, self.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            unit_id = self.fuzzy_units[i]
            best[unit_id] = max(best.get(unit_id, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        if not ranked or ranked[0][1] < _FUZZY_CUTOFF:
            return None
        if len(ranked) > 1 and ranked[1][1] > ranked[0][1] - _FUZZY_MARGIN:
            return None
        return ranked[0][0]

    def scan(self, text: str, year: int | None = None) -> list[UnitMatch]:
        """Every unit named in free text, longest match first, matches not overlapping."""
        folded = fold(text)
        words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(folded)]
        hits = coordinated(text, folded, words, self.heads, self.words)
        blocked = [(s, e) for s, e, _ in hits]
        taken_until = 0
        for i, (start, _, word) in enumerate(words):
            if start < taken_until or word not in self.widths:
                continue
            found = _longest_at(self, text, folded, words, i, blocked)
            if found:
                hits.append((start, found[1], found[0]))
                taken_until = found[1]
        return [
            UnitMatch(s, e, text[s:e], self.resolve(a.unit_id, year) or a.unit_id)
            for s, e, a in sorted(hits, key=lambda h: h[0])
        ]

    def find(self, text: str, year: int | None = None) -> str | None:
        """Lookup, or else the single unit a scan finds in the text."""
        found = self.lookup(text, year)
        if found:
            return found
        ids = {m.unit_id for m in self.scan(text, year)}
        return ids.pop() if len(ids) == 1 else None


# ---------------------------------------------------------------- building the index


def _year(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def _division_forms(forms: list[str]) -> list[str]:
    """Committee wordings the reference leaves out, from a regional division's region names."""
    regions = sorted({m.group(1) or m.group(2) for f in forms if (m := _RDC_REGION.match(f))})
    return [form.format(region) for region in regions for form in _RDC_FORMS]


def _row_forms(row: dict[str, str], kind: str) -> list[str]:
    forms = [(row.get("name") or "").strip()]
    forms += [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
    if kind == "regional_division_committee":
        forms += _division_forms(forms)
    return list(dict.fromkeys(forms))


def _lookup_entries(written: str, acronym: str, unit_id: str) -> list[tuple[bool, str, _Key]]:
    """(acronym form?, key, entry) for each way lookup should find ``written``."""
    if _is_acronym(written, acronym):
        return [(True, collapse(written.translate(_DASHES)), _Key(unit_id, ()))]
    entries = []
    for form in dict.fromkeys([written, _strip(written)]):
        # stripping "IFLA ARL" leaves "ARL", an acronym the README keeps out on purpose
        if any(c.islower() for c in form):
            words = _key_words(unicodedata.normalize("NFKC", form))
            exact = tuple((i, w) for i, w in enumerate(words[: leading_caps(words)]))
            entries.append((False, _key(words), _Key(unit_id, exact)))
    return entries


def _add_entry(
    acronyms: dict[str, str], names: dict[str, list[_Key]], is_acr: bool, key: str, entry: _Key
) -> str | None:
    """Index one lookup entry; the other unit_id when the key already names another unit."""
    if is_acr:
        other = acronyms.setdefault(key, entry.unit_id)
        return other if other != entry.unit_id else None
    same = names.setdefault(key, [])
    if same and same[0].unit_id != entry.unit_id:
        return same[0].unit_id
    if entry not in same:
        same.append(entry)
    return None


def _scan_aliases(written: str, acronym: str, unit: Unit) -> list[Alias]:
    """``written`` and, for "IFLA Section on X", "Section on X" too."""
    forms = [written]
    bare = _LEADING_IFLA.sub("", written)
    if bare != written and len(bare.split()) >= 2 and any(c.islower() for c in bare):
        forms.append(bare)
    return [
        Alias(
            fold(form),
            form,
            unit.unit_id,
            ((0, len(form)),) if _is_acronym(form, acronym) else caps_spans(form),
            unit.kind in _GENERIC_KINDS and "IFLA" not in WORD.findall(form),
        )
        for form in forms
        if form[:1].isalnum()
    ]


def _scan_index(aliases: list[Alias]) -> tuple[dict[str, tuple[Alias, ...]], dict[str, int]]:
    keys: dict[str, set[Alias]] = {}
    widths: dict[str, int] = {}
    for alias in aliases:
        key = _trim(alias.folded)
        words = WORD.findall(key)
        keys.setdefault(key, set()).add(alias)
        widths[words[0]] = max(widths.get(words[0], 0), len(words))
    order = {
        k: tuple(sorted(v, key=lambda a: (-len(a.folded), a.written, a.unit_id)))
        for k, v in keys.items()
    }
    return order, widths


def load_units(path: Path | None = None, words: UnitWords | None = None) -> UnitIndex:
    """Read the units CSV and build the index with ``words`` (default: the packaged
    rules/units.yaml); bad rows are reported together."""
    path = path or packaged("ifla-units.csv")
    words = words or load_unit_words()
    errors: list[str] = []
    units: dict[str, Unit] = {}
    acronyms: dict[str, str] = {}
    names: dict[str, list[_Key]] = {}
    aliases: list[Alias] = []
    with open(path, encoding="utf-8", newline="") as fh:
        for line_no, row in enumerate(csv.DictReader(fh), start=2):
            unit_id, name = (row.get("unit_id") or "").strip(), (row.get("name") or "").strip()
            if not unit_id or not name:
                errors.append(f"line {line_no}: unit_id and name are required")
                continue
            unit = Unit(
                unit_id,
                name,
                (row.get("kind") or "").strip(),
                _year(row.get("active_from") or ""),
                _year(row.get("active_to") or ""),
                (row.get("replaced_by") or "").strip() or None,
            )
            units[unit_id] = unit
            acronym = (row.get("acronym") or "").strip()
            for written in _row_forms(row, unit.kind):
                for is_acr, key, entry in _lookup_entries(written, acronym, unit_id):
                    other = _add_entry(acronyms, names, is_acr, key, entry)
                    if other:
                        errors.append(f"line {line_no}: alias {written!r} also names {other}")
                aliases += _scan_aliases(written, acronym, unit)
    if errors:
        raise RulesError(str(path), errors)
    scan_keys, widths = _scan_index(aliases)
    fuzzy = sorted(
        (k, v[0].unit_id)
        for k, v in names.items()
        if len(k) >= _FUZZY_MIN_LEN and not any(e.exact for e in v)
    )
    return UnitIndex(
        units,
        acronyms,
        {k: tuple(v) for k, v in names.items()},
        scan_keys,
        widths,
        heads_index(aliases, words.plural_heads),
        tuple(k for k, _ in fuzzy),
        tuple(u for _, u in fuzzy),
        words,
    )


def load_reference(rules_dir: Path | None = None) -> UnitIndex:
    """The units of ``rules_dir``'s reference and unit words (the packaged ones where it
    has none) -> their index."""
    words = load_unit_words(rule_path(rules_dir, "units.yaml"))
    return load_units(rule_path(rules_dir, "ifla-units.csv"), words)
