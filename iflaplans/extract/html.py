"""HTML exports of plans: ``<table>`` rows cell by cell, other blocks as paragraphs.

Cells keep their inner HTML (checkbox inputs, ``<ol>`` lists), so the shared
markup helpers read them exactly as in text exports. A cell merged downwards
(``rowspan``) is copied into every row it spans, so each row has its own
Timeframe; a cell merged across (``colspan``) fills its first column and leaves
the others empty, as the Word reader does, so the header's column positions hold
in every row. Symbol-font characters of Word's HTML (Wingdings "þ" for a ticked
box) become the glyphs they show. The standard library's parser is used: it
fetches nothing and expands no external entities.

Hostile pages are bounded: spans are capped and a row holds at most
:data:`MAX_ROW_CELLS` cells; the cells that rowspan and colspan add are counted
and a page whose merged cells would add more than :data:`MAX_SPAN_CELLS` is
refused (:class:`~iflaplans.errors.DecompressionBomb`); tags keep only the
attributes the cell readers use, so inline data (a ``data:`` image) is never
copied; and a cell keeps at most a few times ``max_cell_chars`` characters of
text, so one enormous text node is cut where the cell limit would cut it anyway.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from iflaplans.errors import DecompressionBomb
from iflaplans.extract.encoding import decode_text
from iflaplans.extract.glyphs import symbol_font_characters
from iflaplans.extract.markup import to_plain
from iflaplans.model.records import Row
from iflaplans.settings import Settings

_BLOCKS = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "dt", "dd", "caption"),
)
_SKIP = frozenset(("script", "style", "head", "title", "template", "noscript"))
# Page furniture of a saved web page: menus and side boxes name other plans and periods.
_FURNITURE = frozenset(("nav", "aside", "footer", "form", "menu", "button", "dialog"))
_CONTENT = re.compile(r"<(main|article)[\s>]", re.IGNORECASE)
_TABLE_TAGS = frozenset(("table", "tr", "td", "th", "thead", "tbody", "tfoot"))
_FONT_TAGS = frozenset(("span", "font"))
_MAX_ROWSPAN = 1000  # rowspan="0" (to the end of the table) and absurd values stop here
_MAX_COLSPAN = 50
MAX_ROW_CELLS = 256  # cells a table row may have; further cells are dropped
MAX_SPAN_CELLS = 100_000  # cells a page's merged cells may add to what it writes
# Attributes the cell readers look at (checkbox inputs, ordered list starts); the others,
# inline styles and data: images among them, are left out of the cells.
_KEPT_ATTRIBUTES = frozenset(("type", "checked", "start"))
_SPAN_VALUE = re.compile(r"\s*\+?([0-9]+)")

_FONT = re.compile(r"font(?:-family)?\s*:([^;]*)", re.IGNORECASE)


def _font_map(attrs: list[tuple[str, str | None]]) -> dict[str, str] | None:
    """The symbol map an element's font sets, {} for a text font, None if it sets none."""
    values = dict(attrs)
    found = _FONT.search(values.get("style") or "")
    family = found.group(1) if found else values.get("face")
    if family is None:
        return None
    # Symbol fonts: the character Word writes -> the glyph it shows (boxes, ticks, bullets)
    return symbol_font_characters(family) or {}


def _span(attrs: list[tuple[str, str | None]], name: str, limit: int) -> int:
    """A rowspan or colspan as browsers read it (its leading ASCII digits), capped at
    ``limit``; a missing or unreadable value ("²", "abc") is 1."""
    found = _SPAN_VALUE.match(dict(attrs).get(name) or "")
    if found is None:
        return 1
    digits = found.group(1).lstrip("0") or "0"
    value = int(digits) if len(digits) <= 9 else limit  # no huge integer conversions
    if value == 0:
        return limit if name == "rowspan" else 1
    return min(value, limit)


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """A start tag rebuilt with only the attributes the cell readers use."""
    kept = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value[:40])}"'
        for name, value in attrs
        if name in _KEPT_ATTRIBUTES
    )
    return f"<{tag}{kept}>"


@dataclass
class _Pieces:
    """The raw HTML of one cell or paragraph, kept up to ``cap`` characters."""

    cap: int
    parts: list[str] = field(default_factory=list)
    size: int = 0

    def add(self, piece: str, whole: bool = False) -> None:
        """Keep ``piece``, or as much of it as fits (all or nothing when ``whole``, for tags)."""
        room = self.cap - self.size
        if room <= 0 or (whole and len(piece) > room):
            return
        piece = piece[:room]
        self.parts.append(piece)
        self.size += len(piece)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Table:
    """An open ``<table>``: the row and cell being read, and how deep nested tables go.

    Its methods return how many cells the spans added, for the page's budget.
    """

    row: list[str] | None = None
    cell: _Pieces | None = None
    spans: tuple[int, int] = (1, 1)  # rowspan, colspan of the open cell
    nested: int = 0  # tables open inside the current cell: their text joins the cell
    below: dict[int, tuple[int, str]] = field(default_factory=dict)  # column -> rows, text

    def fill_merged(self, row: list[str]) -> int:
        """Put the cells merged down from rows above at the row's next positions."""
        added = 0
        while len(row) in self.below:
            left, text = self.below.pop(len(row))
            row.append(text)
            added += 1
            if left > 1:
                self.below[len(row) - 1] = (left - 1, text)
        return added

    def end_cell(self) -> int:
        if self.cell is None:
            return 0
        row = self.row if self.row is not None else []
        added = self.fill_merged(row)
        text = self.cell.text().strip()
        rows, cols = self.spans
        for k in range(min(cols, MAX_ROW_CELLS - len(row))):
            if rows > 1:
                self.below[len(row)] = (rows - 1, text if k == 0 else "")
            row.append(text if k == 0 else "")
            added += k > 0
        self.row, self.cell = row, None
        return added

    def end_row(self) -> tuple[list[str] | None, int]:
        """The finished row (merged cells filled in to its end), or None when none is
        open, and the number of cells the spans added to it."""
        added = self.end_cell()
        row, self.row = self.row, None
        if row is None:
            return None, added
        added += self.fill_merged(row)
        widest = max(self.below, default=-1)
        while len(row) <= widest:
            if len(row) in self.below:
                added += self.fill_merged(row)
            else:
                row.append("")
                added += 1
        return row, added


class _Rows(HTMLParser):
    """Collects rows: table cells with their inner HTML, text blocks as one-cell rows."""

    def __init__(self, scope: str | None, cell_cap: int) -> None:
        super().__init__(convert_charrefs=False)
        self.scope = scope  # "main" or "article": only its content is read
        self.inside = 0  # open scope elements
        self.cell_cap = cell_cap  # raw characters kept of one cell or paragraph
        self.rows: list[Row] = []
        self.text = _Pieces(cell_cap)  # the current paragraph outside tables
        self.tables: list[_Table] = []
        # Open span/font elements with the symbol map in force inside each.
        self.fonts: list[tuple[str, dict[str, str]]] = []
        self.skipping = 0
        self.span_cells = 0  # cells the page's rowspans and colspans added

    def _flush_text(self) -> None:
        text = to_plain(self.text.text())
        self.text = _Pieces(self.cell_cap)
        if text:
            self.rows.append(Row((text,)))

    def _raw(self, piece: str, whole: bool = False) -> None:
        table = self.tables[-1] if self.tables else None
        if table is None:
            self.text.add(piece, whole)
        elif table.cell is not None:
            table.cell.add(piece, whole)

    def _symbols(self) -> dict[str, str]:
        return self.fonts[-1][1] if self.fonts else {}

    def _spent(self, added: int) -> None:
        self.span_cells += added
        if self.span_cells > MAX_SPAN_CELLS:
            raise DecompressionBomb(
                f"the page's merged cells (rowspan, colspan) add more than "
                f"{MAX_SPAN_CELLS:,} cells to its tables (by line {self.getpos()[0]:,})"
            )

    def _end_cell(self, table: _Table) -> None:
        self._spent(table.end_cell())

    def _end_row(self, table: _Table) -> None:
        row, added = table.end_row()
        self._spent(added)
        if row is not None and any(to_plain(c) for c in row):
            self.rows.append(Row(tuple(row)))

    def _outside(self) -> bool:
        return self.scope is not None and not self.inside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == self.scope:
            self.inside += 1
        if tag in _SKIP or tag in _FURNITURE:
            self.skipping += 1
            return
        if self.skipping or self._outside():
            return
        if tag in _FONT_TAGS:
            own = _font_map(attrs)
            self.fonts.append((tag, self._symbols() if own is None else own))
        table = self.tables[-1] if self.tables else None
        if table is not None and table.nested and tag in _TABLE_TAGS:
            table.nested += tag == "table"
            self._raw(" ")
        elif tag == "table":
            if table is not None and table.cell is not None:
                table.nested = 1
                self._raw(" ")
                return
            self._flush_text()
            self.tables.append(_Table())
        elif tag == "tr" and table is not None:
            self._end_row(table)  # a row left open by a missing </tr>
            table.row = []
        elif tag in ("td", "th") and table is not None:
            self._end_cell(table)  # a cell left open by a missing </td>
            table.cell = _Pieces(self.cell_cap)
            table.spans = (
                _span(attrs, "rowspan", _MAX_ROWSPAN),
                _span(attrs, "colspan", _MAX_COLSPAN),
            )
        else:
            if table is None and tag in _BLOCKS:
                self._flush_text()
            self._raw(_start_tag(tag, attrs), whole=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.scope:
            self.inside = max(0, self.inside - 1)
        if tag in _SKIP or tag in _FURNITURE:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping or self._outside():
            return
        if tag in _FONT_TAGS and self.fonts and self.fonts[-1][0] == tag:
            self.fonts.pop()
        table = self.tables[-1] if self.tables else None
        if table is not None and table.nested and tag in _TABLE_TAGS:
            table.nested -= tag == "table"
            self._raw(" ")
        elif tag == "table" and table is not None:
            self._end_row(table)
            self.tables.pop()
        elif tag in ("td", "th") and table is not None:
            self._end_cell(table)
        elif tag == "tr" and table is not None:
            self._end_row(table)
        else:
            self._raw(f"</{tag}>", whole=True)
            if table is None and tag in _BLOCKS:
                self._flush_text()

    def handle_data(self, data: str) -> None:
        if not self.skipping and not self._outside():
            symbols = self._symbols()
            if symbols:
                data = "".join(symbols.get(c, c) for c in data)
            self._raw(data.replace("<", "&lt;"))

    def handle_entityref(self, name: str) -> None:
        if not self.skipping and not self._outside():
            self._raw(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if self.skipping or self._outside():
            return
        symbols = self._symbols()
        if symbols:
            glyph = symbols.get(html.unescape(f"&#{name};"))
            if glyph is not None:
                self._raw(glyph)
                return
        self._raw(f"&#{name};")

    def close(self) -> None:
        super().close()
        while self.tables:
            self._end_row(self.tables.pop())
        self._flush_text()


def html_rows(text: str, settings: Settings | None = None) -> list[Row]:
    """HTML text -> rows in document order.

    A saved web page is read from its ``<main>`` (else its first ``<article>``) only, and
    menus, side boxes and footers are left out anywhere. Raises
    :class:`~iflaplans.errors.DecompressionBomb` when merged cells would add more than
    :data:`MAX_SPAN_CELLS` cells.
    """
    # A cell keeps more than max_cell_chars of raw HTML (its tags, its spaces), so the
    # cell limit still finds, cuts and reports a long cell.
    cap = 4 * Settings.resolve(settings).max_cell_chars
    found = _CONTENT.search(text)
    parser = _Rows(found.group(1).lower() if found else None, cap)
    parser.feed(text)
    parser.close()
    return parser.rows


def read_html(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """HTML bytes -> (rows, None)."""
    return html_rows(decode_text(data), settings), None
