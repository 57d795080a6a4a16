"""The table being read: its columns, and its lines grouped into rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from iflaplans.extract.layout.cutting import cut_line
from iflaplans.extract.layout.header import _Column
from iflaplans.extract.layout.pages import _Line
from iflaplans.extract.layout.vocabulary import _SENTENCE_END, _Vocabulary
from iflaplans.extract.wrapping import join_keeping_hyphens
from iflaplans.model.records import Row
from iflaplans.textutil import collapse


@dataclass
class _TableRow:
    cells: list[list[str]]

    def add(self, cells: list[str]) -> None:
        for parts, cell in zip(self.cells, cells, strict=False):
            if cell:
                parts.append(cell)

    def text(self, index: int) -> list[str]:
        return self.cells[index]

    def joined(self) -> tuple[str, ...]:
        return tuple(join_keeping_hyphens(parts) for parts in self.cells)


@dataclass
class _Table:
    """One activity table being read: its columns and the rows grouped so far."""

    columns: list[_Column]
    starts: list[int]
    vocab: _Vocabulary
    rows: list[_TableRow] = field(default_factory=list)
    funding_led: bool | None = None
    previous: list[str] | None = None  # cells of the previous table line
    blank_before: bool = False

    @property
    def roles(self) -> list[str | None]:
        return [c.role for c in self.columns]

    def index(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def header_row(self) -> Row:
        return Row(tuple(collapse(c.title) for c in self.columns))

    def feed(self, line: _Line) -> None:
        if line.blank:
            self.blank_before = True
            return
        cells, together = cut_line(line.text, self.starts, self.roles, self.vocab)
        if any(cells):
            # A run-together line holds a whole row, so it always opens one.
            if together or self.starts_row(cells, line.page_top):
                self.rows.append(_TableRow([[] for _ in cells]))
            self.rows[-1].add(cells)
            self.previous = cells
        self.blank_before = False

    def starts_row(self, cells: list[str], page_top: bool) -> bool:
        """Whether a line begins a new table row rather than continuing the current one."""
        funding, activity = self.index("funding"), self.index("activity")
        if activity is None:
            activity = 0
        if not self.rows:
            if self.funding_led is None:
                self.funding_led = funding is not None and bool(cells[funding])
            return True
        if self.funding_led and funding is not None:
            return bool(cells[funding])
        if not cells[activity]:
            return False
        previous = self.previous or []
        if page_top and self.continues(cells[activity]):
            return False
        if self.blank_before or not previous[activity]:
            return True
        only_activity = not any(c for i, c in enumerate(previous) if i != activity)
        others_now = any(c for i, c in enumerate(cells) if i not in (activity, funding))
        has_others = any(self.rows[-1].text(i) for i in range(len(cells)) if i != activity)
        return only_activity and others_now and has_others

    def continues(self, activity_text: str) -> bool:
        """At a page top: does this activity text carry on the previous row's?"""
        activity = self.index("activity") or 0
        before = self.rows[-1].text(activity)
        return activity_text[:1].islower() or bool(before and not _SENTENCE_END.search(before[-1]))
