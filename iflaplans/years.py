"""The years a plan can plausibly name: one window for the readers and the table checks.

IFLA was founded in 1927, so no unit's activity, and no plan of one, can be older;
a cell may still recall a unit's history ("Ongoing since 1985"), so the window
starts there and not at the plans' own era. Plans look a few years ahead, long-range
goals a few decades: 2100 leaves room for those, while "2999" or "2120" (for 2021)
are slips of the keyboard.
"""

from __future__ import annotations

PLAUSIBLE_YEARS = range(1927, 2101)

# What a year, or a mistyped one, looks like in a cell: four digits from 1800 to 2999.
# Wider than the window on purpose, so "moved to 2999" and "since 1850" are still read
# as times, whose years are then left empty with a warning. Not below 1800: "1000
# copies" and "1500 visitors" are counts far more often than years.
YEAR_PATTERN = r"(?:1[89]|2\d)\d{2}"


def is_plausible_year(year: int) -> bool:
    """Whether ``year`` lies in :data:`PLAUSIBLE_YEARS`."""
    return year in PLAUSIBLE_YEARS


def describe_window() -> str:
    """The window as a reader sees it in messages: "1927–2100"."""
    return f"{PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS[-1]}"


def span_problem(first: int | None, last: int | None) -> str | None:
    """Why a (first year, last year) pair cannot be kept, or None when it can.

    A pair is dropped whole: a span with one impossible end does not say when
    anything happened, and both-or-neither keeps ``first <= last`` checkable.
    """
    outside = sorted({y for y in (first, last) if y is not None and not is_plausible_year(y)})
    if outside:
        years = " and ".join(str(y) for y in outside)
        noun = "year {} is" if len(outside) == 1 else "years {} are"
        return f"{noun.format(years)} outside the plausible years {describe_window()}"
    if first is not None and last is not None and first > last:
        return f"the first year {first} comes after the last year {last}"
    return None


def plausible_span(first: int | None, last: int | None) -> tuple[int | None, int | None]:
    """``(first, last)`` when :func:`span_problem` finds nothing wrong, else ``(None, None)``."""
    return (None, None) if span_problem(first, last) else (first, last)
