"""PDF plans with pdfplumber: each page's tables and text lines -> rows in reading order.

A page is read once: its characters are grouped into words, its ruled tables are
found from the drawn cell borders (``find_tables``), and the words in a table's
cells become that table's rows, one cell per column with the cell's lines joined
by "\\n" (a word hyphenated at a line end, "infor-" + "mation", is joined back;
so is a year range or punctuation a narrow column pushed to the next line, and a
heading broken inside a word, "Finance" + "ment", when that gives a column
name). The words outside ruled tables are grouped into lines; a line whose
gaps split it into column headings ("Funding Needed", "Projects/Activities",
"Timeframe" ...) opens an *unruled* table (one drawn with horizontal rules at
most) whose columns start where the heading words start. Its header row ends
where the header's own cells end: with its shading, or else at the first line
that changes type, crosses a rule or does not carry on the headings above it; a
header that no longer names the columns gives its last lines back to the body.
Cell shading draws no borders: bands of it across the columns set banded rows
apart. Every other line is a paragraph: a row of one cell. Rows from tables and
lines are interleaved by their vertical position.

Across a page break, a table at the top of a page that goes on with the same
columns as the table that ended the previous page is the same table: a repeated
header row is emitted as it is (the structure parser just re-reads it) and the
first data row is marked ``continued`` when it carries on the previous page's
last row (its Funding or first cell is empty where the previous row had one, or
its activity text starts in lower case).

Checkboxes in cells come out as "☐" / "☒": box glyphs, Wingdings/Symbol
private-use glyphs, and boxes drawn as small rectangles (a mark drawn or typed
inside one means checked); a Funding cell with several labelled boxes ("☐ Yes
☒ No") gives the state its ticked label says. Running headers and footers
(lines in a top or bottom margin, measured on the page's longer side, repeated at
the same height on several pages) are dropped.

The PDF is opened once, with the empty password, under guards that bound what
pdfminer may inflate and stop reference loops (:mod:`.guard`); its page tree
is walked and counted before any page is parsed (:mod:`.tree`); each page is
parsed once and released before the next one. Errors: :class:`EncryptedPdf`,
:class:`CorruptFile`, :class:`DecompressionBomb`, :class:`TooManyPages` (before
any page is parsed), :class:`EmptyFile` (no pages, or blank ones),
:class:`NoTextLayer` (a scan without OCR) and :class:`MemoryLimit`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from iflaplans.errors import EmptyFile, EncryptedPdf, MemoryLimit, NoTextLayer
from iflaplans.extract.pdf.guard import Guard, guarded, reading
from iflaplans.extract.pdf.pages import _Flow, _read_page
from iflaplans.extract.pdf.tables import _Vocabulary
from iflaplans.extract.pdf.tree import PageNode, open_page, page_nodes
from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings, load_headings
from iflaplans.settings import Settings


@dataclass
class _Seen:
    """What the pages held, for the verdict on a PDF without text."""

    pages: int = 0
    text: bool = False
    images: int = 0
    drawings: int = 0

    def add(self, text: bool, images: int, drawings: int) -> None:
        """Count what one page held."""
        self.pages += 1
        self.text = self.text or text
        self.images += images
        self.drawings += drawings

    def refuse(self) -> None:
        """Raise what a PDF without text is: pages of images, pages of drawings, or blank."""
        pages = "its only page holds" if self.pages == 1 else f"its {self.pages} pages hold"
        if self.images:
            images = "1 image" if self.images == 1 else f"{self.images} images"
            raise NoTextLayer(f"the PDF has no text layer: {pages} {images} and no text")
        if self.drawings:
            raise NoTextLayer(f"the PDF has no text layer: {pages} drawings and no text")
        raise EmptyFile(f"the PDF is blank: {pages} no text, no images and no drawings")


def _load(page: Page) -> tuple[bool, int, int]:
    """Parse a page's content: (whether it has text, its images, its lines, rects and curves)."""
    objects = page.objects
    text = any(c["text"].strip() for c in objects.get("char", ()))
    drawings = sum(len(objects.get(kind, ())) for kind in ("line", "rect", "curve"))
    return text, len(objects.get("image", ())), drawings


def _release(page: Page) -> None:
    """Free what a read page still holds: pdfplumber's caches and the decoded content.

    pdfminer keeps every object it has resolved, the page's decoded content
    streams included; they are dropped from its cache once the page is read, so
    memory does not grow with the page count. A stream shared with a later page
    stays reachable from that page.
    """
    page.close()
    page_obj = page.page_obj
    contents = getattr(page_obj, "contents", None) or []
    page_obj.contents = []
    cache = getattr(page_obj.doc, "_cached_objs", None)
    if isinstance(cache, dict):
        for stream in contents:
            cache.pop(getattr(stream, "objid", None), None)


def _open(data: bytes) -> Any:
    """Open the PDF with the empty password; any other password -> EncryptedPdf."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise EncryptedPdf(
                "the PDF is password-protected: it does not open with an empty password"
            ) from exc
        raise


def _close(pdf: Any) -> None:
    """Let go of the PDF. pdfplumber's own close makes a page object for every page
    first, which a PDF refused for its page count must not cost."""
    pdf.flush_cache()
    pdf.stream.close()


def read_pdf(
    data: bytes, settings: Settings, headings: Headings | None = None
) -> tuple[list[Row], int | None]:
    """PDF bytes -> (rows in reading order, page count); header cells are read with
    ``headings`` (else the packaged vocabulary).

    pdfminer runs under the guards of :mod:`.guard`; the page tree is walked
    (:mod:`.tree`) before any page is parsed; each page is then parsed once and
    its caches are released before the next one. Raises :class:`EncryptedPdf`,
    :class:`CorruptFile`, :class:`DecompressionBomb`, :class:`TooManyPages` (before
    any page is parsed), :class:`EmptyFile` (no pages, or blank ones),
    :class:`NoTextLayer` (a scan) and :class:`MemoryLimit`; a time-out raised while
    reading passes unchanged.
    """
    vocab = _Vocabulary(headings or load_headings())
    with guarded(settings) as guard:
        with reading("the PDF"):
            pdf = _open(data)
        try:
            with reading("the PDF's page tree"):
                guard.raise_tripped()
                nodes = page_nodes(pdf.doc, settings.max_pages)
            if not nodes:
                raise EmptyFile("the PDF has no pages")
            flow, seen = _read_pages(pdf, nodes, guard, vocab)
        finally:
            _close(pdf)
    if not seen.text:
        seen.refuse()
    return flow.finish(), len(nodes)


def _read_pages(
    pdf: Any, nodes: list[PageNode], guard: Guard, vocab: _Vocabulary
) -> tuple[_Flow, _Seen]:
    """Each page in turn: made, parsed, read into the flow of rows, and released."""
    flow = _Flow(vocab)
    seen = _Seen()
    doctop = 0.0
    for number, node in enumerate(nodes, start=1):
        where = f"page {number}"
        page: Page | None = None
        try:
            with reading(where, location=where):
                page = open_page(pdf, node, number, doctop)
                found, images, drawings = _load(page)
                guard.raise_tripped()
            seen.add(found, images, drawings)
            doctop += float(page.height)
            content = _read_page(page, vocab, flow.carried()) if found else None
        except MemoryError:  # in our own reading of the page; pdfminer's is seen above
            raise MemoryLimit(f"reading {where} ran out of memory") from None
        finally:
            if page is not None:
                _release(page)
        if content is not None:
            flow.add_page(content)
    return flow, seen
