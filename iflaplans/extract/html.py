"""HTML exports of plans: ``<table>`` rows cell by cell, other blocks as paragraphs.

Cells keep their inner HTML (checkbox inputs, ``<ol>`` lists), so the shared
markup helpers read them exactly as in text exports. A cell merged downwards
(``rowspan``) is copied into every row it spans, so each row has its own
Timeframe; a cell merged across (``colspan``) fills its first column and leaves
the others empty, as the Word reader does, so the header's column positions hold
in every row. Symbol-font characters of Word's HTML (Wingdings "þ" for a ticked
box) become the glyphs they show. The standard library's parser is used: it
fetches nothing and expands no external entities.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from iflaplans.extract.encoding import decode_text
from iflaplans.extract.markup import to_plain
from iflaplans.records import Row
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

# Symbol fonts: the character Word writes -> the glyph it shows (boxes, ticks, bullets);
# the same glyphs the PDF reader gives these fonts' character codes.
_WINGDINGS = {
    "o": "☐", "q": "❑", "¨": "☐", "x": "✗", "ý": "☒", "þ": "☑", "ü": "✓", "û": "✗",
    "l": "●", "n": "■", "§": "▪", "Ø": "➢", "v": "❖", "Ÿ": "•",
}  # fmt: skip
_WINGDINGS2 = {"O": "✗", "P": "✓", "R": "☑", "S": "☒", "T": "☒", "£": "☐"}
_SYMBOL = {"·": "•"}
_FONT = re.compile(r"font(?:-family)?\s*:([^;]*)", re.IGNORECASE)


def _font_map(attrs: list[tuple[str, str | None]]) -> dict[str, str] | None:
    """The symbol map an element's font sets, {} for a text font, None if it sets none."""
    values = dict(attrs)
    found = _FONT.search(values.get("style") or "")
    family = found.group(1) if found else values.get("face")
    if family is None:
        return None
    name = family.casefold().replace(" ", "")
    if "wingdings2" in name:
        return _WINGDINGS2
    if "wingdings" in name:
        return _WINGDINGS
    return _SYMBOL if "symbol" in name else {}


def _span(attrs: list[tuple[str, str | None]], name: str, limit: int) -> int:
    value = (dict(attrs).get(name) or "").strip()
    if not value.isdigit():
        return 1
    return limit if int(value) == 0 and name == "rowspan" else max(1, min(int(value), limit))


@dataclass
class _Table:
    """An open ``<table>``: the row and cell being read, and how deep nested tables go."""

    row: list[str] | None = None
    cell: list[str] | None = None
    spans: tuple[int, int] = (1, 1)  # rowspan, colspan of the open cell
    nested: int = 0  # tables open inside the current cell: their text joins the cell
    below: dict[int, tuple[int, str]] = field(default_factory=dict)  # column -> rows, text

    def fill_merged(self, row: list[str]) -> None:
        """Put the cells merged down from rows above at the row's next positions."""
        while len(row) in self.below:
            left, text = self.below.pop(len(row))
            row.append(text)
            if left > 1:
                self.below[len(row) - 1] = (left - 1, text)

    def end_cell(self) -> None:
        if self.cell is None:
            return
        row = self.row if self.row is not None else []
        self.fill_merged(row)
        text = "".join(self.cell).strip()
        rows, cols = self.spans
        for k in range(cols):
            if rows > 1:
                self.below[len(row)] = (rows - 1, text if k == 0 else "")
            row.append(text if k == 0 else "")
        self.row, self.cell = row, None

    def end_row(self) -> list[str] | None:
        """The finished row (merged cells filled in to its end), or None when none is open."""
        self.end_cell()
        row, self.row = self.row, None
        if row is None:
            return None
        self.fill_merged(row)
        while any(col >= len(row) for col in self.below):
            if len(row) in self.below:
                self.fill_merged(row)
            else:
                row.append("")
        return row


class _Rows(HTMLParser):
    """Collects rows: table cells with their inner HTML, text blocks as one-cell rows."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__(convert_charrefs=False)
        self.scope = scope  # "main" or "article": only its content is read
        self.inside = 0  # open scope elements
        self.rows: list[Row] = []
        self.text: list[str] = []  # the current paragraph outside tables
        self.tables: list[_Table] = []
        self.fonts: list[tuple[str, dict[str, str] | None]] = []  # open span/font elements
        self.skipping = 0

    def _flush_text(self) -> None:
        text = to_plain("".join(self.text))
        self.text = []
        if text:
            self.rows.append(Row((text,)))

    def _raw(self, piece: str) -> None:
        table = self.tables[-1] if self.tables else None
        if table is None:
            self.text.append(piece)
        elif table.cell is not None:
            table.cell.append(piece)

    def _symbols(self) -> dict[str, str]:
        return next((m for _, m in reversed(self.fonts) if m is not None), {})

    def _end_row(self, table: _Table) -> None:
        row = table.end_row()
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
            self.fonts.append((tag, _font_map(attrs)))
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
            table.end_cell()  # a cell left open by a missing </td>
            table.cell = []
            table.spans = (
                _span(attrs, "rowspan", _MAX_ROWSPAN),
                _span(attrs, "colspan", _MAX_COLSPAN),
            )
        else:
            if table is None and tag in _BLOCKS:
                self._flush_text()
            self._raw(self.get_starttag_text() or "")

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
            table.end_cell()
        elif tag == "tr" and table is not None:
            self._end_row(table)
        else:
            self._raw(f"</{tag}>")
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


def html_rows(text: str) -> list[Row]:
    """HTML text -> rows in document order.

    A saved web page is read from its ``<main>`` (else its first ``<article>``) only, and
    menus, side boxes and footers are left out anywhere.
    """
    found = _CONTENT.search(text)
    parser = _Rows(found.group(1).lower() if found else None)
    parser.feed(text)
    parser.close()
    return parser.rows


def read_html(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """HTML bytes -> (rows, None)."""
    return html_rows(decode_text(data)), None
