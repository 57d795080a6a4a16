"""Activity tables that arrive without their cells, rebuilt as rows a table reader gives.

Copies of plans out of web pages and PDF viewers keep the table's text but lose its
cells. Four shapes are read, each a region of paragraphs (one-cell rows):

- ``cell-per-paragraph``: the header's column names each on its own line, then each
  row's cells one paragraph each (a checkbox glyph or nothing for Funding);
- ``row-per-line``: the column names run together on one line (perhaps cut short by
  the page width), then one line per row, a row split over two lines going on after
  its Timeframe cell;
- ``run-together``: the whole table in one paragraph, rows found from their numbers
  or glyphs (or where their tasks' numbers start again at "1.") and the time
  expressions that end them;
- ``unlabelled-cells``: cells one per paragraph with no column names at all, right
  after a Key Initiatives block, recognised by their shapes (a sentence, its tasks,
  a cell that reads as a time). Read only where a document has no header row at all.

The region is replaced by a header row that names its roles (:attr:`Row.roles`) and
one row per table row, so :mod:`..structure` reads it like any table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from iflaplans.extract.header import KEY_ROLES, header_roles
from iflaplans.extract.markup import to_plain
from iflaplans.extract.shapes.assemble import (
    ROLES,
    BuiltRow,
    Piece,
    build_rows,
    cell_pieces,
    line_pieces,
)
from iflaplans.extract.shapes.cells import CellShapes
from iflaplans.extract.shapes.prompts import prompt_answers
from iflaplans.extract.shapes.runs import split_rows
from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings

SHAPES = ("cell-per-paragraph", "row-per-line", "run-together", "unlabelled-cells")
_ENDING_LABELS = frozenset(
    ("unit_label", "strategic_direction", "key_initiatives", "communication",
     "impact_measure", "related_units")
)  # fmt: skip
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ROW_ONE = re.compile(r"^\s*\(?1\s?[.)]\s")  # a run-together body's first row number
_KI_CODE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?(?:\s|$)")
_MIN_UNLABELLED_ROWS = 2  # rows a document without column names must yield in all


@dataclass(frozen=True)
class Rebuilt:
    """Rows with any copied table rebuilt, and the shapes read (empty when none)."""

    rows: list[Row]
    shapes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Region:
    start: int  # first row of the region (its header, or the first body row)
    end: int  # row after it
    kept: list[Row]  # rows before the table that stay paragraphs (key initiatives)
    built: list[BuiltRow]
    shape: str
    after: list[Row] = field(default_factory=list)  # rows after the table (prompt answers)


def _paragraph(row: Row) -> str | None:
    """The text of a one-cell row (a paragraph), else None."""
    filled = [c for c in row.cells if c.strip()]
    return to_plain(filled[0]) if len(filled) == 1 and not row.roles else None


def _has_header(rows: list[Row], headings: Headings) -> bool:
    for row in rows:
        if row.roles:
            return True
        cells = [to_plain(c) for c in row.cells]
        if sum(1 for c in cells if c) > 1 and header_roles(cells, headings) is not None:
            return True
    return False


@dataclass(frozen=True)
class _Scanner:
    rows: list[Row]
    shapes: CellShapes

    def ends_table(self, text: str) -> bool:
        """A template label, a title with its period, or another table's header."""
        found = self.shapes.headings.label_of(text)
        if found is not None:
            kind, _, end = found
            if kind in _ENDING_LABELS:
                return True
            if kind == "focus_area" and self.shapes.patterns.focus_area_label_number.match(
                text[end:]
            ):
                return True
            if kind == "title" and _YEAR.search(text):
                return True
        return (
            self.shapes.header_run(text) is not None or self.shapes.column_name(text) in KEY_ROLES
        )

    def column_names(self, at: int) -> int:
        """How many paragraphs from row ``at`` are column names, one each; 0 unless
        they make a header (two roles, one of them activity or timeframe)."""
        names: list[str] = []
        j = at
        while j < len(self.rows):
            text = _paragraph(self.rows[j])
            if not text or self.shapes.column_name(text) is None:
                break
            names.append(text)
            j += 1
        return j - at if header_roles(names, self.shapes.headings) is not None else 0

    def body(self, start: int, first: str = "") -> tuple[list[tuple[str, int | None]], int]:
        """The paragraphs of a table body from row ``start`` (``first`` before them)."""
        keep = (
            first
            and not self.shapes.patterns.page_mark.match(first)
            and not self.shapes.headings.is_furniture(first)
        )
        lines = [(first, self.rows[start - 1].page)] if keep else []
        j = start
        while j < len(self.rows):
            text = _paragraph(self.rows[j])
            if text is None:
                if any(c.strip() for c in self.rows[j].cells):
                    break
                j += 1
                continue
            if self.ends_table(text):
                break
            if not self.shapes.patterns.page_mark.match(
                text
            ):  # "2 / 3", "Page 2 of 3" between two rows
                lines.append((text, self.rows[j].page))
            j += 1
        return lines, j

    def row_after(self, start: int, text: str, nth: int) -> int:
        """The row after the ``nth`` paragraph from row ``start`` that reads ``text``."""
        for j in range(start, len(self.rows)):
            if _paragraph(self.rows[j]) == text:
                nth -= 1
                if nth == 0:
                    return j + 1
        return start

    def labelled(self, i: int, text: str) -> _Region | None:
        """A table at row ``i`` headed by column names, one per line or run together."""
        count = self.column_names(i)
        if count:
            lines, end = self.body(i + count)
            return self.region(i, end, lines, "cell-per-paragraph")
        run = self.shapes.header_run(text)
        if run is None:
            return None
        rest = text[run[1] :].strip()
        lines, end = self.body(i + 1, rest)
        return self.region(i, end, lines, "row-per-line")

    def region(
        self, start: int, end: int, lines: list[tuple[str, int | None]], shape: str
    ) -> _Region | None:
        built, shape = self.read_body(lines, shape)
        if not any(row.cells[1] and row.cells[3] for row in built):
            return None
        return _Region(start, end, [], built, shape)

    def read_body(
        self, lines: list[tuple[str, int | None]], shape: str
    ) -> tuple[list[BuiltRow], str]:
        """A body's rows, in whichever way its text holds them."""
        if shape == "row-per-line":  # names run together, and perhaps the rows too
            lines = self.joined(lines)
        split: list[tuple[str, int | None]] = []
        for text, page in lines:
            parts = split_rows(text, self.shapes)
            if len(parts) > 1:
                shape = "run-together"
            split.extend((part, page) for part in parts)
        # Rows on a line each end their lines with a time; cells on a paragraph each
        # give the time a paragraph of its own.
        holding = sum(1 for text, _ in split if self.holds_row(text))
        whole = sum(1 for text, _ in split if self.shapes.is_time(text))
        if shape == "run-together" or holding > whole:
            by_line = "row-per-line" if shape != "run-together" else shape
            pieces = line_pieces(split, self.shapes)
            return build_rows(pieces, lines=True, numbered=shape == "run-together"), by_line
        cell_shape = "cell-per-paragraph" if shape != "unlabelled-cells" else shape
        return build_rows(cell_pieces(split, self.shapes), lines=False), cell_shape

    def joined(self, lines: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
        """A table run into one paragraph that the copy hard-wrapped ("… Zeitrahmen 1.
        Die" / "Vorkonferenz …"): its lines joined again, where the body opens with row
        number 1 on a line that does not hold the row, and the joined text splits into
        rows."""
        if len(lines) < 2 or not _ROW_ONE.match(lines[0][0]):
            return lines
        if self.holds_row(_ROW_ONE.sub("", lines[0][0])) or self.shapes.glyph(lines[1][0]):
            return lines  # rows on a line each, numbered
        text = " ".join(text.strip() for text, _ in lines)
        if len(split_rows(text, self.shapes)) < 2:
            return lines
        return [(text, lines[0][1])]

    def holds_row(self, text: str) -> bool:
        """A line holding a row's cells: its text, then a Timeframe cell after it."""
        glyph = self.shapes.glyph(text)
        rest = glyph[1] if glyph else text
        return not self.shapes.is_time(rest) and (
            self.shapes.time_start(rest, fallback=glyph is not None) is not None
        )

    def unlabelled(self, i: int, language: str) -> _Region | None:
        """A table with no column names right after the Key Initiatives block at ``i``."""
        # Initiatives a tab export kept in two cells ("1.1<tab>Speak up…") stay rows.
        start = i + 1
        while start < len(self.rows) and _code_row(self.rows[start]):
            start += 1
        lines, end = self.body(start)
        # A copy that lost the prompts' labels too goes on with their answers after
        # the last row; a row ends at its Timeframe cell, so the table ends there.
        last = max(
            (n for n, (text, _) in enumerate(lines) if self.shapes.is_time(text)), default=-1
        )
        answers: list[Row] = []
        if 0 <= last < len(lines) - 1:
            # after the answers, up to the next focus area, only the page's own lines
            answers = prompt_answers(lines[last + 1 :], self.shapes.headings, language)
            if not answers:
                text = lines[last][0]
                nth = sum(1 for line, _ in lines[: last + 1] if line == text)
                end = self.row_after(i + 1, text, nth)
            lines = lines[: last + 1]
        if len(lines) < 2:
            return None
        if any(len(split_rows(text, self.shapes)) > 1 for text, _ in lines):
            built, _ = self.read_body(lines, "run-together")
            ki: list[tuple[str, int | None]] = []
            shape = "run-together"
        else:
            pieces = cell_pieces(lines, self.shapes)
            ki_count = _initiatives_before(pieces)
            ki = lines[:ki_count]
            built = build_rows(pieces[_piece_index(pieces, ki_count) :], lines=False)
            shape = "unlabelled-cells"
        # Every row has its three cells: a sentence, its tasks and a time.
        if not built or not all(row.cells[2] and row.cells[3] for row in built):
            return None
        kept = [*self.rows[i + 1 : start], *(Row((text,), page) for text, page in ki)]
        return _Region(i + 1, end, kept, built, shape, answers)


def _code_row(row: Row) -> bool:
    """A key initiative in cells of its own: its code, then its text."""
    filled = [to_plain(c) for c in row.cells if c.strip()]
    return len(filled) == 2 and _KI_CODE.fullmatch(filled[0].strip() + " ") is not None


def _labelled_block(rows: list[Row], start: int, headings: Headings) -> bool:
    """Whether the focus area opening at row ``start`` has a Key Initiatives label."""
    for row in rows[start:]:
        text = _paragraph(row) or ""
        found = headings.label_of(text) if text else None
        if found is None:
            continue
        if found[0] == "key_initiatives":
            return True
        if found[0] in _ENDING_LABELS or found[0] == "focus_area":
            return False
    return False


def _piece_index(pieces: list[Piece], paragraphs: int) -> int:
    """Index of the first piece after the first ``paragraphs`` line-opening pieces."""
    seen = 0
    for index, piece in enumerate(pieces):
        if piece.line_start and piece.kind != "glyph":
            if seen == paragraphs:
                return index
            seen += 1
    return len(pieces)


def _initiatives_before(pieces: list[Piece]) -> int:
    """How many paragraphs before the first row are key initiatives: those up to the last
    code ("2.1") and its text, else all but as many as the other rows have before their
    Timeframe cell (two when there is no other row: an activity and its tasks)."""
    first_time = next((n for n, p in enumerate(pieces) if p.kind == "time"), len(pieces))
    head = [p for p in pieces[:first_time] if p.kind != "glyph"]
    if any(p.kind == "glyph" for p in pieces[:first_time]):
        glyph_at = next(n for n, p in enumerate(pieces) if p.kind == "glyph")
        return sum(1 for p in pieces[:glyph_at] if p.line_start)
    codes = [n for n, p in enumerate(head) if _KI_CODE.match(p.text)]
    if codes:
        last = codes[-1]
        return last + 1 + (1 if _KI_CODE.fullmatch(head[last].text.strip() + " ") else 0)
    counts: Counter[int] = Counter()
    run = 0
    for piece in pieces[first_time + 1 :]:
        if piece.kind == "time":
            if run:
                counts[run] += 1
            run = 0
        elif piece.kind == "text":
            run += 1
    size = min(counts, key=lambda n: (-counts[n], n)) if counts else 2
    initiatives = sum(1 for p in head if p.kind == "text") - size
    for index, piece in enumerate(head):
        if initiatives <= 0:
            return index
        initiatives -= piece.kind == "text"
    return len(head)


def rebuild_tables(rows: list[Row], headings: Headings) -> Rebuilt:
    """Rows -> the same rows with every copied table rebuilt (see the module docstring)."""
    shapes = CellShapes(headings)
    scanner = _Scanner(rows, shapes)
    regions: list[_Region] = []
    i = 0
    while i < len(rows):
        text = _paragraph(rows[i])
        region = scanner.labelled(i, text) if text else None
        if region is None:
            i += 1
            continue
        regions.append(region)
        i = max(region.end, i + 1)
    if not regions and not _has_header(rows, headings):
        i = 0
        in_focus_area = False  # a table without names is read only under a focus area
        while i < len(rows):
            text = _paragraph(rows[i]) or ""
            found = headings.label_of(text) if text else None
            if (
                found
                and found[0] == "focus_area"
                and shapes.patterns.focus_area_label_number.match(text[found[2] :])
            ):
                in_focus_area = True
            ki = in_focus_area and found is not None and found[0] == "key_initiatives"
            # A copy that lost every label but the focus area's: the table follows its
            # title, direction and initiatives, which stay paragraphs.
            bare = in_focus_area and found is not None and found[0] == "focus_area"
            bare = bare and not _labelled_block(rows, i + 1, headings)
            region = scanner.unlabelled(i, found[1]) if found and (ki or bare) else None
            if region is None:
                i += 1
                continue
            regions.append(region)
            i = max(region.end, i + 1)
        if sum(len(r.built) for r in regions) < _MIN_UNLABELLED_ROWS:
            regions = []
    if not regions:
        return Rebuilt(rows)
    return Rebuilt(_replace(rows, regions), tuple(dict.fromkeys(r.shape for r in regions)))


def _replace(rows: list[Row], regions: list[_Region]) -> list[Row]:
    out: list[Row] = []
    at = 0
    for region in regions:
        out.extend(rows[at : region.start])
        out.extend(region.kept)
        out.append(Row(ROLES, rows[region.start].page, roles=ROLES))
        out.extend(Row(r.cells, r.page) for r in region.built)
        out.extend(region.after)
        at = region.end
    out.extend(rows[at:])
    return out
