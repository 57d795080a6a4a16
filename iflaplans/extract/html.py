"""HTML exports of plans: ``<table>`` rows cell by cell, other blocks as paragraphs.

Cells keep their inner HTML (checkbox inputs, ``<ol>`` lists), so the shared
markup helpers read them exactly as in text exports. The standard library's
parser is used: it fetches nothing and expands no external entities.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from iflaplans.extract.encoding import decode_text
from iflaplans.extract.markup import to_plain
from iflaplans.records import Row
from iflaplans.settings import Settings

_BLOCKS = frozenset(
    ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "dt", "dd", "caption"),
)
_SKIP = frozenset(("script", "style", "head", "title", "template", "noscript"))
_TABLE_TAGS = frozenset(("table", "tr", "td", "th", "thead", "tbody", "tfoot"))


@dataclass
class _Table:
    """An open ``<table>``: the row and cell being read, and how deep nested tables go."""

    row: list[str] | None = None
    cell: list[str] | None = None
    nested: int = 0  # tables open inside the current cell: their text joins the cell


class _Rows(HTMLParser):
    """Collects rows: table cells with their inner HTML, text blocks as one-cell rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.rows: list[Row] = []
        self.text: list[str] = []  # the current paragraph outside tables
        self.tables: list[_Table] = []
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

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
            return
        if self.skipping:
            return
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
            table.row = []
        elif tag in ("td", "th") and table is not None:
            table.cell = []
        else:
            if table is None and tag in _BLOCKS:
                self._flush_text()
            self._raw(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        table = self.tables[-1] if self.tables else None
        if table is not None and table.nested and tag in _TABLE_TAGS:
            table.nested -= tag == "table"
            self._raw(" ")
        elif tag == "table" and table is not None:
            self.tables.pop()
        elif tag in ("td", "th") and table is not None and table.cell is not None:
            if table.row is None:
                table.row = []
            table.row.append("".join(table.cell).strip())
            table.cell = None
        elif tag == "tr" and table is not None and table.row is not None:
            if any(to_plain(c) for c in table.row):
                self.rows.append(Row(tuple(table.row)))
            table.row = None
        else:
            self._raw(f"</{tag}>")
            if table is None and tag in _BLOCKS:
                self._flush_text()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._raw(data.replace("<", "&lt;"))

    def handle_entityref(self, name: str) -> None:
        self._raw(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._raw(f"&#{name};")

    def close(self) -> None:
        super().close()
        self._flush_text()


def html_rows(text: str) -> list[Row]:
    """HTML text -> rows in document order."""
    parser = _Rows()
    parser.feed(text)
    parser.close()
    return parser.rows


def read_html(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """HTML bytes -> (rows, None)."""
    return html_rows(decode_text(data)), None
