"""Plain-text plans: tab-separated exports (cells split on tabs, HTML fragments inside),
and the same with "|" or ";" between cells."""

from __future__ import annotations

import re

from iflaplans.extract.encoding import decode_text
from iflaplans.extract.header import header_roles
from iflaplans.extract.markup import to_plain
from iflaplans.extract.wrapping import normalize_breaks
from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings


def _lines(text: str) -> list[str]:
    return normalize_breaks(text).split("\n")


def text_rows(text: str, headings: Headings | None = None) -> list[Row]:
    """A tab-separated text export -> one row per line, one cell per tab-separated field.

    Form feeds count pages, so rows carry their page number when the text has any.
    With ``headings``, a table row broken at a line end inside a cell is joined again.
    """
    rows: list[Row] = []
    pages = normalize_breaks(text).split("\f")
    paged = len(pages) > 1
    for page_no, page in enumerate(pages, start=1):
        for line in page.split("\n"):
            if line.strip():
                rows.append(Row(tuple(line.split("\t")), page_no if paged else None))
    return join_broken_rows(rows, headings) if headings is not None else rows


def _width(cells: tuple[str, ...]) -> int:
    """Cells up to the last filled one."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    return filled[-1] + 1 if filled else 0


def join_broken_rows(rows: list[Row], headings: Headings) -> list[Row]:
    """Rows with a table row that a line end inside a cell broke in two joined again:
    under a header of N columns, a row of two filled cells or more but fewer than N
    cells goes on in the next line, whose first cell ends the broken cell."""
    out: list[Row] = []
    width = 0
    objectives = False  # the table opens its rows with an Objective column
    open_row = False  # the last row is a table row that may go on
    for row in rows:
        plain = [to_plain(c) for c in row.cells]
        roles = header_roles(plain, headings) if sum(1 for c in plain if c) > 1 else None
        if roles is not None:
            width, open_row, objectives = _width(row.cells), False, "objective" in roles
            out.append(row)
            continue
        label = headings.label_of(plain[0] if plain else "")
        if label is not None and not (objectives and label[0] == "focus_area"):
            width, open_row = 0, False  # a template label ends the table
        last = out[-1] if out else None
        if width and open_row and last and _width(last.cells) + _width(row.cells) - 1 <= width:
            cells = last.cells[: _width(last.cells)]
            joined = (*cells[:-1], f"{cells[-1]}\n{row.cells[0]}", *row.cells[1:])
            out[-1] = Row(joined, last.page)
            open_row = _width(out[-1].cells) < width
            continue
        out.append(row)
        filled = sum(1 for c in plain if c)
        open_row = bool(width) and filled >= 2 and _width(row.cells) < width
    return out


def is_tab_export(text: str) -> bool:
    """Whether a text is a tab-separated export (as opposed to a space-aligned layout)."""
    lines = [ln for ln in _lines(text) if ln.strip()]
    return bool(lines) and sum("\t" in ln for ln in lines) >= max(2, len(lines) // 10)


# Between cells: "|" (spaces around it or not), or ";" with no space after it, since
# "A; B; C" in a cell (the units a focus area names) is prose.
# " / " between cells is a copy that joined them so; "Projects / Activities" is one name.
_DELIMITED_CELLS = 3  # cells a header line split by a delimiter has at least
_DELIMITERS = {
    "|": re.compile(r"\|"),
    ";": re.compile(r";(?! )"),
    # a row whose first or last cell is empty (an objective merged down) starts "/ "
    " / ": re.compile(r"(?:^|\s+)/(?:\s+|$)"),
}


def _split(line: str, delimiter: str, headings: Headings | None) -> list[str]:
    """A line's cells; with " / ", two cells that make one column name are one again."""
    cells = [c.strip() for c in _DELIMITERS[delimiter].split(line)]
    if delimiter != " / " or headings is None:
        return cells
    merged: list[str] = []
    for cell in cells:
        joined = f"{merged[-1]}/{cell}" if merged else ""
        role = headings.column_role(joined) if joined else None
        if role is not None and headings.header_text(joined) in headings.columns[role]:
            merged[-1] = joined
        else:
            merged.append(cell)
    return merged


def header_delimiter(text: str, headings: Headings) -> str | None:
    """The character an export puts between cells when it is not a tab ("|", ";"): the
    one that splits some line of at least three cells into a table's header row."""
    lines = _lines(text)
    for delimiter in _DELIMITERS:
        for line in lines:
            if line.count(delimiter) < 2:
                continue
            cells = [c for c in _split(line, delimiter, headings) if c]
            if len(cells) >= _DELIMITED_CELLS and header_roles(cells, headings) is not None:
                return delimiter
    return None


def delimited_rows(text: str, delimiter: str, headings: Headings | None = None) -> list[Row]:
    """An export whose cells are split by ``delimiter`` -> one row per line (rows broken
    at a line end inside a cell joined again, with ``headings``)."""
    rows = [Row(tuple(_split(line, delimiter, headings))) for line in _lines(text) if line.strip()]
    return join_broken_rows(rows, headings) if headings is not None else rows


def read_text(data: bytes, headings: Headings | None = None) -> tuple[list[Row], int | None]:
    """Text file bytes -> (rows, pages). Space-aligned layouts go to the layout reader;
    an export with "|" or ";" between cells is read like a tab-separated one when
    ``headings`` find its table header that way."""
    return read_text_layout(data, headings)[0], None


def read_text_layout(data: bytes, headings: Headings | None = None) -> tuple[list[Row], str]:
    """Text file bytes -> (rows, layout): ``tabs``, ``delimited``, ``columns`` (aligned
    with spaces) or ``paragraphs`` (no cells at all: a copy of a page's text)."""
    text = normalize_breaks(decode_text(data))
    if is_tab_export(text):
        return text_rows(text, headings), "tabs"
    delimiter = header_delimiter(text, headings) if headings is not None else None
    if delimiter is not None:
        return delimited_rows(text, delimiter, headings), "delimited"
    from iflaplans.extract.layout import layout_rows
    from iflaplans.extract.shapes.lines import join_cell_lines

    rows = layout_rows(join_cell_lines(text, headings), headings)
    # Key initiative lines ("1.1   Speak up…") are two cells; a table has more.
    columns = any(sum(1 for c in row.cells if c.strip()) > 2 for row in rows)
    return rows, "columns" if columns else "paragraphs"
