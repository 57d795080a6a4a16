"""Ruled PDF tables: tables drawn with cell borders, found by pdfplumber's ``find_tables``."""

from __future__ import annotations

from typing import Any

from pdfplumber.page import Page

from iflaplans.extract.pdf.tables import _header_texts, _roles, _Table, _TableRow, _Vocabulary
from iflaplans.extract.pdf.words import _cell_text, _Word


def _table_of(found: Any, words: list[_Word], placed: set[int], taken: set[int]) -> _Table | None:
    """A table pdfplumber found -> a :class:`_Table` of the words in its cells.

    Words already ``placed`` in another table are skipped; the indexes of the words
    this table takes are added to ``taken``. Tables of a single column (a framed
    paragraph) are left to be read as text.
    """
    columns = sorted({cell[0] for cell in found.cells})
    if len(columns) < 2:
        return None
    x0, top, x1, bottom = found.bbox
    free = [
        (i, w)
        for i, w in enumerate(words)
        if i not in placed and x0 <= w.cx <= x1 and top <= w.cy <= bottom
    ]
    rows: list[_TableRow] = []
    for row in found.rows:
        cells: list[list[_Word]] = [[] for _ in row.cells]
        _, row_top, _, row_bottom = row.bbox
        for i, word in free:
            if i in taken or not row_top <= word.cy <= row_bottom:
                continue
            for k, box in enumerate(row.cells):
                if box is not None and box[0] <= word.cx <= box[2] and box[1] <= word.cy <= box[3]:
                    cells[k].append(word)
                    taken.add(i)
                    break
        real = [box for box in row.cells if box is not None]
        spans = len(real) == 1 and real[0][2] - real[0][0] >= 0.9 * (x1 - x0)
        if spans:
            cells = [[w for cell in cells for w in cell]]
        rows.append(_TableRow(cells, full_width=spans))
    return _Table(top, bottom, columns, rows, ruled=True)


def _ruled_tables(
    page: Page, skip: set[int], words: list[_Word], vocab: _Vocabulary
) -> tuple[list[_Table], list[_Word]]:
    """The page's tables drawn with cell borders, and the words outside them."""
    source = page.filter(lambda obj: id(obj) not in skip) if skip else page
    placed: set[int] = set()
    tables = []
    for found in source.find_tables():
        taken: set[int] = set()
        table = _table_of(found, words, placed, taken)
        if table is None or _header_only(table, vocab):
            continue
        placed |= taken
        tables.append(table)
    return tables, [w for i, w in enumerate(words) if i not in placed]


def _header_only(table: _Table, vocab: _Vocabulary) -> bool:
    """True for a ruled table that is just a header row (shaded cells above an unruled body)."""
    if len(table.rows) != 1 or table.rows[0].full_width:
        return False
    texts = [_cell_text(c, bullets=False) for c in table.rows[0].cells]
    return _roles(_header_texts(texts, vocab), vocab) is not None
