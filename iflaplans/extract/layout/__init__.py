"""Space-aligned text (``pdftotext -layout`` style): columns from the header row's positions.

The text is cleaned page by page (running headers and footers repeated on the
pages, and page numbers, are dropped), then read line by line. An activity
table starts at a line naming at least two columns ("Funding  Projects/Activities
Tasks & Responsibility  Timeframe"); its column start positions, refined by where
the table's text actually starts, cut every following line into cells, and lines
are grouped into table rows. Outside tables each line is a one-cell row, except
key-initiative lines ("1.1   Speak up…"), which are (code, text) rows."""

from __future__ import annotations

from dataclasses import dataclass, field

from iflaplans.extract.layout.cutting import _refine_starts
from iflaplans.extract.layout.header import _absorb_header_line, _Column, _header_cells
from iflaplans.extract.layout.pages import _Line, clean_lines
from iflaplans.extract.layout.rows import _Table
from iflaplans.extract.layout.vocabulary import _KI_LINE, _STRONG_LABELS, _segments, _Vocabulary
from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings, load_headings
from iflaplans.textutil import collapse


def _strong_label(text: str, first_column_end: int, vocab: _Vocabulary) -> bool:
    """A template label line (prompt, focus area…) that ends a table."""
    stripped = text.strip()
    if len(_segments(text)) != 1:
        return False
    found = vocab.headings.label_of(stripped)
    if found is None or found[0] not in _STRONG_LABELS:
        return False
    kind, _, end = found
    if kind == "focus_area" and not vocab.patterns.focus_area_label_number.match(stripped[end:]):
        return False
    indent = len(text) - len(text.lstrip())
    return end >= 15 or indent < first_column_end


def _flow_line(text: str, starts: list[int]) -> bool:
    """A paragraph line: one run of words crossing two or more column starts."""
    segments = _segments(text)
    if len(segments) != 1:
        return False
    start, end, _ = segments[0]
    return sum(1 for s in starts[1:] if start < s - 2 and end > s + 2) >= 2


def _paragraph_row(text: str) -> Row:
    stripped = text.strip()
    ki = _KI_LINE.match(stripped)
    if ki:
        return Row((ki.group(1), collapse(ki.group(2))))
    return Row((collapse(stripped),))


@dataclass
class _Reader:
    lines: list[_Line]
    vocab: _Vocabulary
    rows: list[Row] = field(default_factory=list)

    def run(self) -> list[Row]:
        i = 0
        while i < len(self.lines):
            header = _header_cells(self.lines[i].text, self.vocab)
            if header is None:
                if not self.lines[i].blank:
                    self.rows.append(_paragraph_row(self.lines[i].text))
                i += 1
                continue
            i = self.read_table(i, header)
        return self.rows

    def header_span(self, i: int, columns: list[_Column]) -> int:
        """Index after a header line and its wrapped continuation lines."""
        i += 1
        while i < len(self.lines) and _absorb_header_line(columns, self.lines[i].text, self.vocab):
            i += 1
        return i

    def read_table(self, i: int, columns: list[_Column]) -> int:
        """Read the table starting at header line ``i``; return the index after it."""
        i = self.header_span(i, columns)
        end, body = self.table_extent(i, columns)
        starts = _refine_starts(columns, [self.lines[j].text for j in body])
        table = _Table(columns, starts, self.vocab)
        self.rows.append(table.header_row())
        page_top = False
        for j in range(i, end):
            line = self.lines[j]
            page_top = page_top or line.page_top
            if j in body:
                table.feed(_Line(line.text, line.page, page_top))
                page_top = page_top and line.blank
            elif line.blank:
                table.feed(line)
        self.rows.extend(Row(r.joined()) for r in table.rows)
        return end

    def table_extent(self, i: int, columns: list[_Column]) -> tuple[int, set[int]]:
        """Where the table ends, and which lines in between are its body (not repeated headers)."""
        roles = [c.role for c in columns]
        starts = [c.start for c in columns]
        first_end = columns[1].start if len(columns) > 1 else columns[0].end
        body: set[int] = set()
        blank_before = False
        while i < len(self.lines):
            text = self.lines[i].text
            if self.lines[i].blank:
                blank_before = True
                i += 1
                continue
            header = _header_cells(text, self.vocab)
            if header is not None:
                if [c.role for c in header] != roles:
                    return i, body
                i = self.header_span(i, header)  # the header repeated on a new page
                continue
            if _strong_label(text, first_end, self.vocab) or (
                blank_before and _flow_line(text, starts)
            ):
                return i, body
            body.add(i)
            blank_before = False
            i += 1
        return i, body


def layout_rows(text: str, headings: Headings | None = None) -> list[Row]:
    """Layout text -> rows: paragraphs as one-cell rows, activity tables cut into cells.

    Header words, template labels and checkbox glyphs come from ``headings`` (the
    run's, so replacement rules reach this reader too; None: the packaged ones).
    Form feeds split pages; running headers, footers and page numbers are dropped;
    a table row that goes on at the top of the next page is merged into one row.
    """
    vocab = _Vocabulary.of(headings or load_headings())
    return _Reader(clean_lines(text, vocab), vocab).run()
