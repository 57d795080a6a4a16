"""Time spans found in a cell, and how each time pattern's match becomes one.

Each pattern of :mod:`.time_patterns` has a builder here: it reads the groups of a
match (a year, a month, a quarter, a congress's city, ...) against the vocabulary and
the plan period, and gives the :class:`TimeSpan` the match means, or None when it
means no time after all ("5th quarter").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from iflaplans.normalize.timeframe.time_vocabulary import TimeVocabulary


@dataclass(frozen=True)
class TimeSpan:
    """A time expression found in a cell (offsets into the cell text)."""

    start: int
    end: int
    year_from: int | None
    year_to: int | None
    month: int | None = None  # a named month ("August 2020" -> 8)
    order: float | None = None  # position within the year, to compare moves (month-like)
    kind: str = "date"  # date | recurring | open | relative | shift | vague
    congress: bool = False
    named_to: int | None = None  # an open span's last year as written, before it ran on


@dataclass(frozen=True)
class TimeContext:
    """What a cell's time expressions are read against: the plan period."""

    period_start: int | None = None
    period_end: int | None = None


Builder = Callable[[re.Match[str], TimeVocabulary, TimeContext], TimeSpan | None]


YEAR_MONTHS = 12


def months_on(year: int, order: float, months: float) -> tuple[int, float]:
    """The year and month-like place ``months`` after (before, if negative) the place
    ``order`` (1 to 12) of ``year``: 6 months after October 2020 is April 2021."""
    turns, place = divmod(order - 1 + months, YEAR_MONTHS)
    return year + int(turns), place + 1


def _year2(start: int, text: str) -> int:
    return int(text) if len(text) == 4 else start // 100 * 100 + int(text)


def match_span(m: re.Match[str], y1: int | None, y2: int | None = None, **kw: object) -> TimeSpan:
    """The span of a match from year ``y1`` to ``y2`` (``y1`` alone: one year), in order."""
    if y1 is not None and y2 is not None and y2 < y1:
        y1, y2 = y2, y1
    return TimeSpan(m.start(), m.end(), y1, y2 if y2 is not None else y1, **kw)  # type: ignore[arg-type]


def _group_year(m: re.Match[str], name: str) -> int | None:
    value = m.groupdict().get(name)
    if not value and name == "y" and m.groupdict().get("ys"):
        return 2000 + int(m.group("ys"))
    return int(value) if value else None


def congress_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A congress: its year as written, else the year its city hosted one."""
    year = _group_year(m, "y")
    city = m.groupdict().get("city")
    if year is None and city:
        years = v.congress_cities.get(city, ())
        # A city that hosted twice: the first congress within or after the plan's start.
        later = [y for y in years if ctx.period_start is None or y >= ctx.period_start]
        year = (later or list(years) or [None])[0]  # type: ignore[list-item]
    return match_span(m, year, month=v.congress_month, order=float(v.congress_month), congress=True)


def quarter_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A quarter of a year ("Q3 2021", "3rd quarter"), placed by its middle month."""
    q = int(m.group("q")) if m.groupdict().get("q") else v.ordinals.get(m.group("o"), 0)
    if not q:
        return None
    return match_span(m, _group_year(m, "y"), order=3.0 * q - 1)


def half_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A half of a year ("H1 2021", "second half of 2020"), placed by its middle."""
    h = int(m.group("h")) if m.groupdict().get("h") else v.ordinals.get(m.group("o"), 0)
    if h not in (1, 2):
        return None
    return match_span(m, _group_year(m, "y"), order=3.5 if h == 1 else 9.5)


def month_range_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A range of months ("May-July 2020", "June 2020 - March 2021")."""
    m1 = v.months[m.group("m1")]
    if m.groupdict().get("y1"):
        return match_span(m, int(m.group("y1")), int(m.group("y2")), month=m1, order=float(m1))
    return match_span(m, int(m.group("y")), month=m1, order=float(m1))


def day_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A day and its month ("18 August 2020", "March 16-17, 2020"); a day past 31 is none."""
    month = v.months[m.group("m")]
    if not 1 <= int(m.group("d")) <= 31:
        return None
    return match_span(m, _group_year(m, "y"), month=month, order=float(month))


def numeric_date_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A date in figures ("15.10.2020", "2020-12-15"), day first unless it cannot be."""
    day, month = int(m.group("a")), int(m.group("b"))
    if month > 12 >= day:  # 12/15/2020: the month came first
        day, month = month, day
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return match_span(m, int(m.group("y")), month=month, order=float(month))


def _long_year(m: re.Match[str]) -> int:
    """The year of a match, written whole or cut to two digits ("'21": 2021)."""
    short = m.groupdict().get("ys")
    return 2000 + int(short) if short else int(m.group("y"))


def month_year_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A month and its year ("August 2020", "08/2020", "Oct '20")."""
    month = v.months[m.group("m")] if m.groupdict().get("m") else int(m.group("mn"))
    return match_span(m, _long_year(m), month=month, order=float(month))


def part_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A part or season of a year ("mid-2020", "Spring 2021"), or a season across the turn
    of a year ("Winter 2020/21", "Verano 2020/21"): both years."""
    word = m.group("p")
    order = v.seasons.get(word) or v.parts.get(word)
    start = _long_year(m)
    second = m.groupdict().get("y2")
    if second and start is not None and _year2(start, second) == start + 1:
        return match_span(m, start, start + 1)
    return match_span(m, start, order=float(order) if order else None)


def year_range_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A range of years ("2021-2022", "2021-22"); more than ten years apart is none."""
    start = int(m.group("y1"))
    end = _year2(start, m.group("y2"))
    if not 0 <= end - start <= 10:
        return None
    return match_span(m, start, end)


def year_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A bare year ("2020")."""
    return match_span(m, int(m.group("y")))


def month_only_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A month with no year ("in November"); a short abbreviation alone is none."""
    month = v.months[m.group("m")]
    if len(m.group("m")) < 4 and m.group("m") not in v.short_months:
        return None  # short abbreviations alone are too often ordinary words
    return match_span(m, None, month=month, order=float(month))


# what may follow "Year 2" heading its line: the line's end, a colon, a dash, a bracket
_LINE_HEAD_END = re.compile(r"\s*(?:$|\n|[:–—-]|\((?![^)\n]*\d{4}))")


def _heads_its_line(m: re.Match[str]) -> bool:
    """Whether a bare "Year 2" opens its line (after a bullet at most) and ends it or a
    label ("Year 2: pilot", "Año 2 (piloto)"), with no year written in a bracket after it."""
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    before = m.string[line_start : m.start()]
    return not before.strip(" •*-–—\t") and _LINE_HEAD_END.match(m.string, m.end()) is not None


def plan_year_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A year counted in the plan ("second year of the plan", "Planjahr 2", "Year 1"): the
    plan's first year and the years after it, or its last; none without a plan period, nor
    for "Year 2" where its line writes a year."""
    if m.group("b") and not _heads_its_line(m):
        return None  # "1 year 3 months", "2021 – Year 2 (2021)": a length, or a year said
    ordinal = m.group("o") or m.group("p") or m.group("c")
    if ordinal in v.plan_final_words:
        return match_span(m, ctx.period_end) if ctx.period_end is not None else None
    if ordinal:
        count = v.ordinals.get(ordinal)
    else:
        number = m.group("n") or m.group("k") or m.group("b")
        count = int(number) if number.isdigit() else v.shift_counts.get(number)
    if ctx.period_start is None or not count:
        return None
    year = ctx.period_start + count - 1
    if ctx.period_end is not None and year > ctx.period_end:
        return None  # "year 5 of the plan" in a plan of three years: no year of this plan
    return match_span(m, year)


def vague_span(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    """A time with no year of its own ("mid-term meeting")."""
    return match_span(m, None, kind="vague")
