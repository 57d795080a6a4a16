"""The closed list of status event types (the contract's), and what a cell's events imply."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

EVENT_TYPES = (
    "planned",
    "postponed",
    "rescheduled",
    "cancelled",
    "ongoing",
    "completed",
    "transferred",
    "under_discussion",
    "on_hold",
    "moved_online",
    "unrecognized",
)

# The types that give the activity a new time.
MOVES = frozenset({"postponed", "rescheduled"})


class DatedEvent(Protocol):
    """An event as read or as corrected: its type and the years it names."""

    @property
    def event_type(self) -> str: ...

    @property
    def year_from(self) -> int | None: ...

    @property
    def year_to(self) -> int | None: ...


@dataclass(frozen=True)
class Summary:
    """What the events of a cell say about its activity."""

    planned: tuple[int | None, int | None]
    effective: tuple[int | None, int | None]
    current_status: str


def summarize_events(events: Sequence[DatedEvent]) -> Summary:
    """A cell's events, in order -> planned and effective years and current status.

    As the contract derives them: planned years run from the earliest ``planned``
    event to the latest (unknown when one of them has no year); the effective years
    are those of the last postponement or rescheduling, else the planned ones; the
    current status is the type of the last event that is not ``planned``, or ``planned``.
    """
    plans = [e for e in events if e.event_type == "planned"]
    planned: tuple[int | None, int | None] = (None, None)
    if plans and all(e.year_from is not None for e in plans):
        starts = [e.year_from for e in plans if e.year_from is not None]
        ends = [e.year_to if e.year_to is not None else e.year_from for e in plans]
        planned = (min(starts), max(y for y in ends if y is not None))
    effective = planned
    for event in events:
        if event.event_type in MOVES:
            effective = (event.year_from, event.year_to)
    status = next((e.event_type for e in reversed(events) if e.event_type != "planned"), "planned")
    return Summary(planned, effective, status)
