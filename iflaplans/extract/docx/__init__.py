"""Word (DOCX) plans with python-docx.

The body is walked in document order: each paragraph becomes a one-cell row
(split at manual line breaks), each table row a row with one cell per grid
column. Merged cells are emitted once, at their first grid position, so the
header row's column indexes apply to every row. Word's automatic numbering is
rendered into the text ("1. ", "2. " restarting in each cell), checkboxes become
☒/☐ glyphs, and a nested table's text is flattened into its cell.

python-docx opens only a package this module's :mod:`.package` reader has read
within the settings' limits (counting the bytes its parts actually inflate to),
with the main part typed as a .docx, so macro-enabled files and templates read
the same; python-docx's XML parser does not resolve entities. A merged cell's
span is capped, and a row holds at most :data:`MAX_ROW_CELLS` grid positions."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from iflaplans.errors import CorruptFile
from iflaplans.extract.docx.numbering import _Counter, _Numbering
from iflaplans.extract.docx.tables import _grid_width, _row_slots, _tasks_column
from iflaplans.extract.docx.text import (
    _cell_blocks,
    _children,
    _join_cell,
    _paragraph_block,
    inline_text,
)
from iflaplans.extract.docx.xml import MAX_ROW_CELLS, MAX_SPAN, _w
from iflaplans.extract.package import word_package
from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings, load_headings
from iflaplans.settings import Settings

__all__ = ["MAX_ROW_CELLS", "MAX_SPAN", "inline_text", "read_docx"]


def _open_body(package: bytes) -> tuple[etree._Element, _Numbering]:
    """The document body and its numbering definitions, or :class:`CorruptFile`.

    ``package`` is the bounded package of :func:`~iflaplans.extract.package.word_package`.
    """
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(io.BytesIO(package))
        numbering = _Numbering.from_document(document)
    except (
        ValueError,
        OpcError,
        PythonDocxError,
        zipfile.BadZipFile,
        EOFError,
        KeyError,
        etree.XMLSyntaxError,
    ) as exc:
        raise CorruptFile(f"the DOCX file is damaged{_reason(exc)}") from exc
    return document.element.body, numbering


def _reason(exc: Exception) -> str:
    """An error's own words for a message, unless they name an object by its Python repr."""
    text = str(exc)
    return "" if not text or " object at 0x" in text else f" ({text})"


@dataclass
class _BodyReader:
    """Turns body elements into rows; remembers the activity table's column roles."""

    numbering: _Numbering
    settings: Settings
    headings: Headings
    rows: list[Row] = field(default_factory=list)
    tasks: int = -1  # the activity table's tasks column, -1 for none
    roles_width: int = 0

    def read(self, container: etree._Element) -> None:
        """Read the paragraphs and tables of the body (or of a layout cell)."""
        counter = _Counter(self.numbering)
        for child in _children(container, "p", "tbl"):
            if child.tag == _w("tbl"):
                self.read_table(child)
                continue
            block = _paragraph_block(child, counter)
            for line in block.text.split("\n"):
                if line.strip():
                    self.rows.append(Row((self.cut(line.strip()),)))

    def cut(self, text: str) -> str:
        return text[: self.settings.max_cell_chars]

    def read_table(self, tbl: etree._Element) -> None:
        grid = _grid_width(tbl)
        rows = [(tr, _row_slots(tr, grid)) for tr in _children(tbl, "tr")]
        width = min(grid, MAX_ROW_CELLS) or max((len(slots) for _, slots in rows), default=0)
        if width != self.roles_width:
            self.tasks, self.roles_width = -1, width
        for tr, slots in rows:
            first = slots[0].tc if slots else None
            if first is not None and len(list(_children(tr, "tc"))) == 1 and len(slots) >= width:
                self.read(first)  # one cell across the whole table: a layout box
                continue
            blocks = [_cell_blocks(s.tc, self.numbering) if s.tc is not None else [] for s in slots]
            plain = [_join_cell(b, False) for b in blocks]
            header = _tasks_column(plain, self.headings)
            if header is not None:
                self.tasks = header
            cells = (
                plain
                if header is not None
                else [_join_cell(b, i == self.tasks) for i, b in enumerate(blocks)]
            )
            if any(c.strip() for c in cells):
                self.rows.append(Row(tuple(self.cut(c) for c in cells)))


def read_docx(
    data: bytes, settings: Settings, headings: Headings | None = None
) -> tuple[list[Row], int | None]:
    """DOCX bytes -> (rows, None), header cells read with ``headings`` (else the packaged).

    Raises :class:`~iflaplans.errors.ZipBomb` for an archive over the settings'
    limits and :class:`CorruptFile` for a damaged one, or one that holds no Word document.
    """
    body, numbering = _open_body(word_package(data, settings))
    reader = _BodyReader(numbering, settings, headings or load_headings())
    reader.read(body)
    return reader.rows, None
