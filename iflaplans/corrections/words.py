"""Corrections' values in a person's words: events ("planned Aug 2020; postponed 2021;
transferred @Big Data SIG"), units (quoted when outside the IFLA list) and funding."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from iflaplans.model.events import EVENT_TYPES
from iflaplans.years import describe_window, is_plausible_year

UNIT_TYPES = frozenset({"transferred", "under_discussion"})  # the types that name a unit
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_TRUE, _FALSE, _UNKNOWN = ("true", "yes", "y", "1"), ("false", "no", "n", "0"), ("", "unknown")
_EVENT = re.compile(
    r"^(?P<type>[a-z_]+)"
    r"(?:\s+(?P<month>[a-z]+)\.?)?"
    r"(?:\s+(?P<first>\d{4})(?:\s*[-–]\s*(?P<last>\d{4}))?)?"
    r"(?:\s*@\s*(?P<unit>.*?))?\s*$",
    re.I,
)


@dataclass(frozen=True)
class EventSpec:
    """One event as an analyst wrote it."""

    event_type: str
    year_from: int | None
    year_to: int | None
    month: int | None = None
    target_unit: str | None = None
    text: str = ""  # the words it was written as


def unit_name(written: str) -> tuple[str | None, bool]:
    """A unit as written in the file -> (its name, whether it was quoted: outside the list)."""
    quoted = len(written) > 2 and written[0] == written[-1] == '"'
    name = written[1:-1].strip() if quoted else written
    return name or None, quoted


def format_event(
    event_type: str,
    year_from: int | None,
    year_to: int | None,
    month: int | None = None,
    target_unit: str | None = None,
    outside: bool = False,
) -> str:
    """One event in the file's words: ``planned Aug 2020``, ``transferred @Big Data SIG``;
    a unit ``outside`` the IFLA list in double quotes (``@"UNESCO"``)."""
    words = [event_type]
    if month is not None and year_from is not None and 1 <= month <= len(MONTHS):
        words.append(MONTHS[month - 1][:3].capitalize())
    if year_from is not None:
        last = year_to if year_to is not None else year_from
        words.append(str(year_from) if last == year_from else f"{year_from}-{last}")
    text = " ".join(words)
    if not target_unit:
        return text
    return f'{text} @"{target_unit}"' if outside else f"{text} @{target_unit}"


def format_events(events: Iterable[Any], known_unit: Callable[[str], bool] | None = None) -> str:
    """Events (anything with the status_events columns) in the file's words, ``; `` between.

    With ``known_unit``, a unit it does not know is written in double quotes.
    """
    return "; ".join(
        format_event(
            e.event_type,
            e.year_from,
            e.year_to,
            e.month,
            e.target_unit,
            bool(e.target_unit and known_unit and not known_unit(e.target_unit)),
        )
        for e in events
    )


def _month(word: str | None) -> int | None:
    """A month's number from its English name or a short form of three letters or more
    ("Aug", "Sept"); None for no word, -1 for a word that is no month."""
    if not word:
        return None
    key = word.lower()
    found = [i for i, name in enumerate(MONTHS, 1) if len(key) >= 3 and name.startswith(key)]
    return found[0] if found else -1


def parse_events(
    value: str, known_unit: Callable[[str], bool] | None = None
) -> tuple[tuple[EventSpec, ...], list[str]]:
    """The events written in ``value``, and what is wrong with them (empty when nothing).

    ``known_unit`` says whether a unit name is known; without it every name is.
    """
    specs: list[EventSpec] = []
    errors: list[str] = []
    parts = [p.strip() for p in value.split(";")]
    if not any(parts):
        return (), ["no events: write at least one, e.g. 'planned 2020; postponed 2021'"]
    for part in parts:
        if not part:
            continue
        found = _EVENT.match(part)
        if found is None:
            errors.append(f"cannot read the event {part!r}: write a type, years, @unit")
            continue
        event_type = found["type"].lower()
        if event_type not in EVENT_TYPES:
            errors.append(
                f"unknown event type {found['type']!r} (one of: {', '.join(EVENT_TYPES)})"
            )
            continue
        month = _month(found["month"])
        first = int(found["first"]) if found["first"] else None
        last = int(found["last"]) if found["last"] else first
        unit, quoted = unit_name((found["unit"] or "").strip())
        if month == -1:
            errors.append(f"{part!r}: {found['month']!r} is not a month (Jan … Dec)")
        elif month is not None and first is None:
            errors.append(f"{part!r}: a month needs its year ('Aug 2020')")
        for year in (first, last):
            if year is not None and not is_plausible_year(year):
                errors.append(f"{part!r}: year {year} is outside {describe_window()}")
        if first is not None and last is not None and first > last:
            errors.append(f"{part!r}: year_from {first} is after year_to {last}")
        if unit and event_type not in UNIT_TYPES:
            errors.append(f"{part!r}: only {' and '.join(sorted(UNIT_TYPES))} name a unit")
        elif unit and not quoted and known_unit is not None and not known_unit(unit):
            errors.append(
                f"{part!r}: unknown unit {unit!r} (see ifla-units.csv; write a body outside "
                'it in double quotes: @"UNESCO")'
            )
        specs.append(EventSpec(event_type, first, last, month if month != -1 else None, unit, part))
    return tuple(specs), errors


def parse_funding(value: str) -> bool | None:
    """A funding_needed value: true/yes, false/no, or empty/unknown for null."""
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in _UNKNOWN:
        return None
    raise ValueError(f"funding_needed is true, false or unknown, not {value!r}")
