"""A PDF page read into tables and lines, and pages into rows in reading order.

Rows from tables and lines are interleaved by their vertical position. Across a
page break, a table at the top of a page that goes on with the same columns as
the table that ended the previous page is the same table: its first data row is
marked ``continued`` when it carries on the previous page's last row. Running
headers and footers repeated on several pages are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pdfplumber.page import Page

from iflaplans.extract.pdf.checkboxes import _drawn_boxes, _funding_text, _normalize_glyphs
from iflaplans.extract.pdf.ruled import _ruled_tables
from iflaplans.extract.pdf.shading import _bands, _fills
from iflaplans.extract.pdf.tables import (
    _MARGIN_SHARE,
    _header_texts,
    _Open,
    _roles,
    _Table,
    _Vocabulary,
)
from iflaplans.extract.pdf.unruled import _rules, _unruled_tables
from iflaplans.extract.pdf.words import _cell_text, _group_lines, _Line, _Word
from iflaplans.extract.wrapping import hyphen_joins
from iflaplans.model.records import Row
from iflaplans.textutil import collapse, fold

_KI_CODE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?(?:\s|$)")


# Geometry, in PDF points.
_SAME_COLUMNS = 6.0  # column starts that differ less belong to the same table
_SAME_HEIGHT = 3.0  # running headers and footers sit this close to one height on every page


def _continues(cells: list[str], roles: dict[str, int], last: list[str]) -> bool:
    """True when the first data row on a page carries on the previous page's last row."""
    if not last or len(cells) != len(last) or _KI_CODE.match(cells[0]):
        return False
    activity = roles.get("activity")
    text = cells[activity].strip() if activity is not None else ""
    if text[:1].islower():
        return True
    key = roles.get("funding", 0)
    if cells[key].strip() or not last[key].strip():
        return False
    ended = activity is not None and last[activity].rstrip().endswith((".", "!", "?"))
    return not (text[:1].isupper() and ended)


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= _SAME_COLUMNS for x, y in zip(a, b, strict=True))


@dataclass
class _Page:
    """What one page holds, ready to be turned into rows."""

    number: int
    height: float
    tables: list[_Table]
    lines: list[_Line]
    # Depth of the top and bottom margins: a share of the page's longer side, since
    # margins are set in lengths that a landscape page does not shrink.
    margin: float = 0.0


def _in_margin(line: _Line, index: int, items: list[_Line | _Table], page: _Page) -> bool:
    """True for a line in the top or bottom margin, set apart from the body: a running
    header, footer or page number."""
    height = page.height
    if line.bottom < page.margin:
        below = items[index + 1].top if index + 1 < len(items) else height
        return below - line.bottom > line.height
    if line.top > height - page.margin:
        above = items[index - 1].bottom if index else 0.0
        return line.top - above > line.height
    return False


@dataclass
class _Flow:
    """Turns pages into rows in reading order; carries an open table over page breaks."""

    vocab: _Vocabulary
    rows: list[Row] = field(default_factory=list)
    margins: list[tuple[int, str, int, float]] = field(default_factory=list)  # row, key, page, top
    open: _Open | None = None
    last_line: int | None = None  # index of the last paragraph row, for hyphenation

    def carried(self) -> _Open | None:
        """The unruled table that ended the last page, if any."""
        return self.open if self.open is not None and not self.open.ruled else None

    def add_page(self, page: _Page) -> None:
        """Append a page's rows, tables and lines merged by their top."""
        carried, self.open = self.open, None
        items: list[_Line | _Table] = [*page.tables, *page.lines]
        items.sort(key=lambda item: item.top)
        body_seen = False
        for index, item in enumerate(items):
            if isinstance(item, _Table):
                going_on = carried if not body_seen and carried is not None else None
                if going_on is not None and not _same_columns(going_on.columns, item.columns):
                    going_on = None
                self.add_table(item, page.number, going_on)
                body_seen = True
            elif _in_margin(item, index, items, page):
                self.add_line(item, page.number, margin=True, top=item.top)
            else:
                self.add_line(item, page.number, margin=False)
                body_seen = True
                self.open = None

    def add_line(self, line: _Line, number: int, margin: bool, top: float = 0.0) -> None:
        """Append a paragraph line, joining a word hyphenated at the end of the last one."""
        text = line.text
        if self.last_line is not None and not margin:
            before = self.rows[self.last_line].cells[0]
            if hyphen_joins(before, text):
                first, _, text = text.partition(" ")
                joined = (before[:-1] + first,)
                self.rows[self.last_line] = replace(self.rows[self.last_line], cells=joined)
        if not text:
            return
        if margin:
            key = re.sub(r"\d+", "#", fold(collapse(text)))
            self.margins.append((len(self.rows), key, number, top))
        else:
            self.last_line = len(self.rows)
        self.rows.append(Row((text,), number))

    def add_table(self, table: _Table, number: int, going_on: _Open | None) -> None:
        """Append a table's rows; the first data row may carry on the previous page's."""
        self.last_line = None
        roles = dict(going_on.roles) if going_on is not None else {}
        last = going_on.last if going_on is not None else []
        first = True
        for row in table.rows:
            if row.full_width:
                text = _cell_text(row.cells[0])
                if text:
                    self.rows.append(Row((text,), number))
                continue
            plain = _header_texts(
                [_cell_text(words, bullets=False) for words in row.cells], self.vocab
            )
            header = _roles(plain, self.vocab)
            if header is not None:
                roles = header
                self.rows.append(Row(tuple(plain), number))
                continue
            cells = [self.cell(words, i, roles) for i, words in enumerate(row.cells)]
            if not any(c.strip() for c in cells):
                continue
            continued = first and going_on is not None and _continues(cells, roles, last)
            first = False
            self.rows.append(Row(tuple(cells), number, continued))
            last = cells
        self.open = _Open(table.columns, roles, last, table.ruled)

    def cell(self, words: list[_Word], index: int, roles: dict[str, int]) -> str:
        """A data cell's text; the Funding cell reads as a checkbox glyph when it holds boxes."""
        if roles.get("funding") == index:
            return _funding_text(_cell_text(words, bullets=False), self.vocab)
        return _cell_text(words)

    def finish(self) -> list[Row]:
        """The rows, without running headers and footers: margin lines repeated at the
        same height on other pages."""
        seen: dict[str, list[tuple[int, float]]] = {}
        for _, key, page, top in self.margins:
            seen.setdefault(key, []).append((page, top))
        drop = {
            index
            for index, key, page, top in self.margins
            if any(p != page and abs(t - top) <= _SAME_HEIGHT for p, t in seen[key])
        }
        return [row for i, row in enumerate(self.rows) if i not in drop]


def _words(page: Page) -> list[_Word]:
    """The page's upright words, symbol glyphs normalized."""
    _normalize_glyphs(page.chars)
    return [
        _Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["chars"][0]["fontname"])
        for w in page.extract_words(return_chars=True)
        if w.get("upright", True)
    ]


def _read_page(page: Page, vocab: _Vocabulary, carried: _Open | None) -> _Page:
    """One page -> its tables and text lines."""
    words = _words(page)
    boxes, drawing = _drawn_boxes(page, words)
    fills = _fills(page)  # shading sets rows apart; it draws no cell borders
    skip = drawing | {id(fill) for fill in fills}
    tables, loose = _ruled_tables(page, skip, words + boxes, vocab)
    height = float(page.height)
    unruled, lines = _unruled_tables(
        _group_lines(loose), (_rules(page), _bands(fills)), vocab, height, carried
    )
    margin = _MARGIN_SHARE * max(height, float(page.width))
    return _Page(page.page_number, height, tables + unruled, lines, margin)
