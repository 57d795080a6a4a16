"""Unruled PDF tables: drawn with horizontal rules at most, opened by a header line.

A line whose gaps split it into column headings ("Funding Needed",
"Projects/Activities", "Timeframe" ...) opens a table whose columns start where
the heading words start; the lines below that fit those columns are its body,
split into rows at the rules between them or at the gaps in the columns' text.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from pdfplumber.page import Page

from iflaplans.extract.pdf.shading import _across, _Band
from iflaplans.extract.pdf.tables import (
    _MARGIN_SHARE,
    _header_texts,
    _Open,
    _roles,
    _Table,
    _TableRow,
    _Vocabulary,
)
from iflaplans.extract.pdf.words import _cell_text, _Line, _Word

# Geometry, in PDF points.
_RULE_THICKNESS = 2.5  # a horizontal rule is a line or a rect at most this high
_COLUMN_SLACK = 3.0  # how far left of its heading a column's text may start


@dataclass(frozen=True, slots=True)
class _Rule:
    """A horizontal rule drawn on the page."""

    y: float
    x0: float
    x1: float


def _rules(page: Page) -> list[_Rule]:
    """Horizontal rules: flat lines and rectangles no higher than a thick line, top to bottom."""
    rules = [
        _Rule((obj["top"] + obj["bottom"]) / 2, obj["x0"], obj["x1"])
        for obj in (*page.lines, *page.rects)
        if obj["bottom"] - obj["top"] <= _RULE_THICKNESS and obj["x1"] - obj["x0"] >= 20
    ]
    return sorted(rules, key=lambda r: r.y)


def _segments(line: _Line) -> list[list[_Word]]:
    """A line split where the gap between two words is wider than a word space."""
    gap = max(0.6 * line.height, 4.0)
    parts: list[list[_Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word.x0 - parts[-1][-1].x1 > gap:
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def _header_columns(line: _Line, vocab: _Vocabulary) -> list[float] | None:
    """Where the columns start when ``line`` is an unruled table's header line, else None."""
    if len(line.words) < 2:
        return None
    parts = _segments(line)
    if len(parts) < 2 or _roles([" ".join(w.text for w in p) for p in parts], vocab) is None:
        return None
    return [p[0].x0 for p in parts]


def _column(columns: list[float], x: float) -> int:
    """The index of the column a word starting at ``x`` belongs to."""
    return max(0, bisect_right(columns, x + _COLUMN_SLACK) - 1)


def _fits(line: _Line, columns: list[float]) -> bool:
    """True when no word of ``line`` crosses the start of a column."""
    if line.words[0].x0 < columns[0] - 2 * _COLUMN_SLACK:
        return False
    starts = [c - _COLUMN_SLACK for c in columns[1:]]
    return not any(w.x0 < s < w.x1 - 1 for w in line.words for s in starts)


def _split_columns(lines: list[_Line], columns: list[float]) -> list[list[_Word]]:
    """The words of ``lines`` per column."""
    cells: list[list[_Word]] = [[] for _ in columns]
    for line in lines:
        for word in line.words:
            cells[_column(columns, word.x0)].append(word)
    return cells


@dataclass
class _Unruled:
    """Reads one unruled table from a page's lines, starting at its header line (if any)."""

    lines: list[_Line]
    columns: list[float]
    rules: list[float]
    page_height: float
    bands: list[_Band] = field(default_factory=list)  # shaded bands across the columns

    @property
    def edges(self) -> list[float]:
        """The tops and bottoms of the shaded bands: where a banded row starts or ends."""
        return sorted({y for band in self.bands for y in (band.top, band.bottom)})

    def header_end(self, start: int, vocab: _Vocabulary) -> int:
        """The index after the header block: the lines of the header's own cells.

        A shaded header ends where its shading ends. Otherwise a line joins the header
        when it follows closely, in the header's type, with no rule above it, and its
        words carry on the headings above them. A header that no longer names the
        columns gives its last lines back to the body: no row is swallowed into it.
        """
        head = self.lines[start]
        band = self._band_of(start)
        end = start + 1
        while end < len(self.lines):
            line, above = self.lines[end], self.lines[end - 1]
            middle = (line.top + line.bottom) / 2
            if not _fits(line, self.columns) or any(
                (above.top + above.bottom) / 2 < y < middle for y in self.rules
            ):
                break
            if band is not None:
                joins = band.top - 0.5 <= middle <= band.bottom + 0.5
            else:
                joins = (
                    line.top - above.bottom < 0.8 * head.height
                    and all(w.font == head.words[0].font for w in line.words)
                    and self._carries_header(start, end, vocab)
                )
            if not joins:
                break
            end += 1
        while end > start + 1 and _roles(self.header_texts(start, end, vocab), vocab) is None:
            end -= 1
        return end

    def header_texts(self, start: int, end: int, vocab: _Vocabulary) -> list[str]:
        """The header cells' texts when the header holds lines ``start`` to ``end``."""
        cells = _split_columns(self.lines[start:end], self.columns)
        return _header_texts([_cell_text(c, bullets=False) for c in cells], vocab)

    def _band_of(self, start: int) -> _Band | None:
        """The shaded band behind the header line, when the body follows below it (a fill
        behind the whole table sets no header apart)."""
        head = self.lines[start]
        middle = (head.top + head.bottom) / 2
        for band in self.bands:
            if band.top - 0.5 <= middle <= band.bottom + 0.5:
                below = [line for line in self.lines[start + 1 :] if line.top > band.bottom]
                return band if below and _fits(below[0], self.columns) else None
        return None

    def _carries_header(self, start: int, end: int, vocab: _Vocabulary) -> bool:
        """True when every word of line ``end`` carries on the header cell above it."""
        above = _split_columns(self.lines[start:end], self.columns)
        added = _split_columns([self.lines[end]], self.columns)
        return all(
            vocab.carries_on(_cell_text(above[k], bullets=False), _cell_text(words, bullets=False))
            for k, words in enumerate(added)
            if words
        )

    def body_end(self, start: int, vocab: _Vocabulary) -> int:
        """The index after the table's last body line, from ``start``.

        The body ends before a line that does not fit the columns, one in the bottom
        margin, a new header line, a template question ("How will you communicate…"), or
        one set far below the line, rule or band edge above it.
        """
        end = start
        since = self.lines[start - 1].bottom if start else 0.0
        bottom_zone = self.page_height * (1 - _MARGIN_SHARE)
        crossings = sorted([*self.rules, *self.edges])
        while end < len(self.lines):
            line = self.lines[end]
            middle = (line.top + line.bottom) / 2
            since = max([since, *(y for y in crossings if since - 1 < y < middle)])
            if (
                not _fits(line, self.columns)
                or line.top > bottom_zone
                or (end > start and line.top - since > 2.5 * line.height)
                or _header_columns(line, vocab) is not None
                or vocab.ends_table(line.text)
            ):
                break
            since = line.bottom
            end += 1
        if end == start:
            return end
        after = self.lines[end] if end < len(self.lines) else None
        # A rule right over the next line's text (its glyphs' tops may reach above it)
        # still closes the table.
        stop = (after.top + after.bottom) / 2 if after is not None else self.page_height
        closing = [y for y in self.rules if self.lines[start].bottom < y < stop]
        runs_off = all(line.top > bottom_zone for line in self.lines[end:])
        if closing and not (runs_off and self.lines[end - 1].top > closing[-1]):
            while end > start and self.lines[end - 1].bottom > closing[-1] + 0.5:
                end -= 1
        return end

    def rows(self, start: int, end: int, roles: dict[str, int]) -> list[_TableRow]:
        """Body lines -> rows: split at the rules between them or, without such rules, at
        the edges of shaded bands, where a column takes text again after a blank of more
        than a line, or before a line with text in the first or the activity column that
        follows a wider gap or lines without any (the end of a row split by the page
        break)."""
        groups: list[list[_Line]] = []
        inner = [y for y in self.rules if self.lines[start].top < y < self.lines[end - 1].bottom]
        edges = [y for y in self.edges if self.lines[start].top < y < self.lines[end - 1].bottom]
        keys = {0, roles.get("activity", 0)}
        bottoms: dict[int, float] = {}  # column -> bottom of its last line in the current row
        for line in self.lines[start:end]:
            used = {_column(self.columns, w.x0) for w in line.words}
            if groups:
                last = groups[-1][-1]
                middle = (line.top + line.bottom) / 2
                if inner:
                    new = any(last.bottom - 1 < y < middle for y in inner)
                else:
                    resumed = any(
                        line.top - bottoms.get(c, line.top) > 1.5 * line.height for c in used
                    )
                    keyed = bool(used & keys)
                    spaced = keyed and line.top - last.bottom > 0.7 * line.height
                    fragment = keyed and not keys & bottoms.keys()  # the rest of a split row
                    banded = any(last.bottom - 1 < y < middle for y in edges)
                    new = resumed or spaced or fragment or banded
                if new:
                    groups.append([line])
                    bottoms = {}
                else:
                    groups[-1].append(line)
            else:
                groups.append([line])
            bottoms.update(dict.fromkeys(used, line.bottom))
        return [_TableRow(_split_columns(g, self.columns)) for g in groups]


def _unruled_tables(
    lines: list[_Line],
    drawn: tuple[list[_Rule], list[_Band]],
    vocab: _Vocabulary,
    page_height: float,
    carried: _Open | None,
) -> tuple[list[_Table], list[_Line]]:
    """Tables found by their header line among ``lines``, and the lines left as text.

    ``drawn`` holds the page's horizontal rules and shaded bands. ``carried`` is the
    unruled table that ended the previous page, if any: lines at the top of this
    page that fit its columns go on with it.
    """
    rules, bands = drawn
    tables: list[_Table] = []
    rest: list[_Line] = []
    index = 0
    if carried is not None:
        while index < len(lines) and lines[index].bottom < page_height * _MARGIN_SHARE:
            rest.append(lines[index])
            index += 1
        starts = carried.columns
        reader = _Unruled(
            lines, starts, _rule_ys(rules, starts), page_height, _across(bands, starts)
        )
        end = reader.body_end(index, vocab) if index < len(lines) else index
        # Table text, not a paragraph at the margin: some line uses a column after the first.
        tabular = any(_column(starts, w.x0) > 0 for line in lines[index:end] for w in line.words)
        if end > index and tabular:
            rows = reader.rows(index, end, carried.roles)
            tables.append(_Table(lines[index].top, lines[end - 1].bottom, starts, rows, False))
            index = end
    while index < len(lines):
        columns = _header_columns(lines[index], vocab)
        if columns is None:
            rest.append(lines[index])
            index += 1
            continue
        reader = _Unruled(
            lines, columns, _rule_ys(rules, columns), page_height, _across(bands, columns)
        )
        head_end = reader.header_end(index, vocab)
        header_cells = _split_columns(lines[index:head_end], columns)
        roles = _roles(reader.header_texts(index, head_end, vocab), vocab) or {}
        end = reader.body_end(head_end, vocab)
        rows = [_TableRow(header_cells)]
        if end > head_end:
            rows += reader.rows(head_end, end, roles)
        bottom = lines[max(end, head_end) - 1].bottom
        tables.append(_Table(lines[index].top, bottom, columns, rows, ruled=False))
        index = end
    return tables, rest


def _rule_ys(rules: list[_Rule], columns: list[float]) -> list[float]:
    """The heights of the rules that run across a table's columns."""
    return [r.y for r in rules if r.x0 <= columns[1] and r.x1 >= columns[-1]]
