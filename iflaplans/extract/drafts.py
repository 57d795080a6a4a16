"""The template reader's drafts (focus areas and table rows as read so far) and the
raw records they become once the whole document has been read."""

from __future__ import annotations

from dataclasses import dataclass, field

from iflaplans.extract.markup import read_checkbox, to_lines, to_plain
from iflaplans.extract.shapes.cells import CellShapes
from iflaplans.model.records import RawActivity, RawFocusArea, RawKeyInitiative
from iflaplans.rules.headings import Headings
from iflaplans.textutil import collapse


@dataclass
class ActivityDraft:
    """A table row being read: the cell texts per column role, and its page."""

    cells: dict[str, list[str]]
    page: int | None
    shared_time: bool = False  # the Timeframe column is shared with the responsibilities


@dataclass
class FocusAreaDraft:
    """A focus area being read: its number, labelled fields, initiatives and rows."""

    number: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    key_initiatives: list[list[str]] = field(default_factory=list)
    activities: list[ActivityDraft] = field(default_factory=list)

    def add(self, name: str, text: str) -> None:
        if text:
            self.fields.setdefault(name, []).append(text)

    def text(self, name: str) -> str:
        return collapse(" ".join(self.fields.get(name, [])))


def focus_area_records(
    drafts: list[FocusAreaDraft], has_funding: bool, headings: Headings
) -> tuple[RawFocusArea, ...]:
    """The drafts of a whole document -> its focus areas with their activities."""
    shapes = CellShapes(headings)
    marks = {
        id(draft): _funding(draft, headings) if has_funding else None
        for fa in drafts
        for draft in fa.activities
    }
    # A column that only ever marks "yes" (✓, X) leaves "no" blank; where a plan
    # writes "No" or an empty box somewhere, a blank cell stays unknown.
    states = set(marks.values())
    blank = False if True in states and False not in states else None
    result = []
    for fa in _distinct(drafts):
        activities = tuple(
            _activity(fa.number, i, draft, (has_funding, marks[id(draft)], blank), shapes)
            for i, draft in enumerate(fa.activities, start=1)
        )
        result.append(
            RawFocusArea(
                focus_area_no=fa.number,
                title=fa.text("title"),
                strategic_direction=fa.text("strategic_direction"),
                key_initiatives=_initiatives(fa.key_initiatives),
                communication=fa.text("communication"),
                impact_measure=fa.text("impact_measure"),
                related_units_text=fa.text("related_units"),
                activities=activities,
            )
        )
    return tuple(result)


def without_box(cell: str, headings: Headings) -> str:
    """An activity cell that shares its column with Funding, its checkbox glyph removed."""
    text = to_plain(cell)
    for glyph in sorted(headings.checked | headings.unchecked, key=len, reverse=True):
        if not glyph[0].isalnum() and text.startswith(glyph):
            return text[len(glyph) :].strip()
    return text


def _initiatives(pairs: list[list[str]]) -> tuple[RawKeyInitiative, ...]:
    """Key initiatives by code, each once: a code listed twice keeps its first text."""
    seen: dict[str, RawKeyInitiative] = {}
    for code, text in pairs:
        if code not in seen or (text and not seen[code].text):
            seen[code] = RawKeyInitiative(code, text)
    return tuple(seen.values())


def _distinct(drafts: list[FocusAreaDraft]) -> list[FocusAreaDraft]:
    """One focus area per number. A number named twice is a contents list or a link
    ("Focus Area 1" in a table of contents or a page menu) before the real heading: the
    one with activities wins; two with activities are one focus area told in two parts."""
    by_number: dict[int, FocusAreaDraft] = {}
    for draft in drafts:
        kept = by_number.get(draft.number)
        if kept is None or not kept.activities:
            by_number[draft.number] = draft
        elif draft.activities:
            kept.activities.extend(draft.activities)
        else:
            # its heading printed after its table (a viewer's copy): fill what is missing
            for name, texts in draft.fields.items():
                kept.fields.setdefault(name, texts)
            kept.key_initiatives = kept.key_initiatives or draft.key_initiatives
    return list(by_number.values())


def _joined(parts: list[str]) -> str:
    return to_plain("\n".join(parts))


def _listed_times(parts: list[str], shapes: CellShapes) -> str:
    """A Timeframe cell that lists one time per line ("Oct 2020" / "August 2020
    onwards"), its times joined with " ; "; "" for any other cell."""
    lines = [to_plain(line) for part in parts for line in part.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) >= 2 and all(shapes.opens_with_time(line) for line in lines):
        return " ; ".join(lines)
    return ""


def _timeframe_read(parts: list[str], shapes: CellShapes, shared: bool) -> str:
    """What the grammar reads of a Timeframe cell, where it is not the cell itself."""
    listed = _listed_times(parts, shapes)
    if listed or not shared:
        return listed
    # a line break after the people ends them as a comma would ("Chair<br>2020 Done")
    text = to_lines("\n".join(parts))
    start = shapes.time_after_people(text)
    return collapse(text[start:]) if start else ""


def _time_part(parts: list[str], shapes: CellShapes) -> str:
    """The Timeframe of a cell shared with the responsibilities where a label names it
    ("Responsible: Chair. Timeline: August 2015" -> "August 2015"); "" without a label,
    where the cell as written is its Timeframe cell."""
    text = _joined(parts)
    start = shapes.after_time_label(text)
    return text[start:].strip() if start else ""


def _funding(draft: ActivityDraft, headings: Headings) -> bool | None:
    text = " ".join(draft.cells.get("funding", []))
    return read_checkbox(text, headings.checked, headings.unchecked)


def _activity(
    fa_no: int,
    row_no: int,
    draft: ActivityDraft,
    funding_column: tuple[bool, bool | None, bool | None],
    shapes: CellShapes,
) -> RawActivity:
    """A drafted table row -> its activity. ``funding_column``: whether the table has a
    Funding column, this row's mark, and what an empty Funding cell means."""
    has_funding, funding, blank = funding_column
    cells = draft.cells
    if has_funding and funding is None and not " ".join(cells.get("funding", [])).strip():
        funding = blank
    return RawActivity(
        focus_area_no=fa_no,
        row_no=row_no,
        title=_joined(cells.get("activity", [])),
        funding_needed=funding,
        tasks_text=_joined(cells.get("tasks", [])),
        # A shared cell's Timeframe is what its time label names, where it has one.
        timeframe_raw=(draft.shared_time and _time_part(cells.get("timeframe", []), shapes))
        or _joined(cells.get("timeframe", [])),
        status_raw=_joined(cells.get("status", [])),
        page=draft.page,
        timeframe_read=_timeframe_read(cells.get("timeframe", []), shapes, draft.shared_time),
    )
