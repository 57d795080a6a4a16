"""Stage 1: a file -> the document's structure and raw table rows (:class:`RawDocument`).

One module per format turns bytes into rows (:mod:`.text`, :mod:`.layout`,
:mod:`.pdf`, :mod:`.docx`, :mod:`.html`, :mod:`.markdown`); :mod:`.structure`
reads the plan template from those rows, the same way for every format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from iflaplans.errors import NotAPlan, TooLarge, TooManyPages, advice
from iflaplans.extract.shapes import rebuild_tables
from iflaplans.extract.sniff import sniff_format
from iflaplans.extract.structure import rows_to_document
from iflaplans.model.records import Problem, RawDocument, Row
from iflaplans.rules.headings import Headings
from iflaplans.settings import Settings

RowReader = Callable[[bytes, Settings, Headings], tuple[list[Row], int | None]]
_READER_NAMES = {"pdf": "pdf", "docx": "docx", "html": "html", "md": "markdown"}


def _reader(source_format: str) -> RowReader:
    # Imported on demand: a text-only corpus never pays for pdfplumber or python-docx.
    if source_format == "pdf":
        from iflaplans.extract.pdf import read_pdf

        return read_pdf
    if source_format == "docx":
        from iflaplans.extract.docx import read_docx

        return read_docx
    if source_format == "html":
        from iflaplans.extract.html import read_html

        return lambda data, settings, headings: read_html(data, settings)
    if source_format == "md":
        from iflaplans.extract.markdown import read_markdown

        return lambda data, settings, headings: read_markdown(data, settings)
    from iflaplans.extract.text import read_text

    return lambda data, settings, headings: read_text(data, headings)


def read_bytes(path: Path, settings: Settings) -> bytes:
    """A file's bytes, refusing files over ``settings.max_file_bytes`` before reading them."""
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise TooLarge(
            f"the file has {size:,} bytes, over the limit of {settings.max_file_bytes:,}",
            path=str(path),
        )
    return path.read_bytes()


def _limit_cells(rows: list[Row], limit: int) -> tuple[list[Row], list[str]]:
    """Rows with every cell cut to ``limit`` characters, and where cuts happened."""
    cut: list[str] = []
    limited: list[Row] = []
    for row in rows:
        if any(len(c) > limit for c in row.cells):
            where = f"page {row.page}" if row.page else f"row {len(limited) + 1}"
            cut.append(where)
            row = replace(row, cells=tuple(c[:limit] for c in row.cells))
        limited.append(row)
    return limited, cut


def _reconstructed(document: RawDocument, shapes: tuple[str, ...]) -> Problem:
    """The warning that a document's activity table was rebuilt, naming the shapes."""
    count = sum(len(fa.activities) for fa in document.focus_areas)
    return Problem(
        document.document_id,
        document.source_path,
        "warning",
        "reconstructed-table",
        f"{count} activit{'y was' if count == 1 else 'ies were'} read from a copy that lost "
        f"the table's cells ({', '.join(shapes)}). " + advice("reconstructed-table"),
        ", ".join(shapes),
    )


def read_document(
    data: bytes, *, source_path: str, settings: Settings, headings: Headings
) -> RawDocument:
    """A file's bytes -> its :class:`RawDocument`.

    ``source_path`` is the path relative to the corpus root, used in messages and
    in the ``documents`` table. Raises an :class:`~iflaplans.errors.ExtractError`
    subclass (with a stable code) when the file cannot be read as a plan.
    """
    source_format = sniff_format(data, source_path)
    if source_format in _READER_NAMES:
        # PDF and Word readers find tables by their header words: the same vocabulary
        rows, pages = _reader(source_format)(data, settings, headings)
        layout = _READER_NAMES[source_format]
    else:
        from iflaplans.extract.text import read_text_layout

        rows, text_layout = read_text_layout(data, headings)
        pages, layout = None, f"text/{text_layout}"
    if pages is not None and pages > settings.max_pages:
        raise TooManyPages(
            f"the document has {pages} pages, over the limit of {settings.max_pages}",
            path=source_path,
        )
    sha256 = hashlib.sha256(data).hexdigest()
    rows, cut = _limit_cells(rows, settings.max_cell_chars)
    rebuilt = rebuild_tables(rows, headings)
    document = rows_to_document(
        rebuilt.rows,
        source_path=source_path,
        source_format=source_format,
        sha256=sha256,
        headings=headings,
        pages=pages,
        layout="+".join((layout, *rebuilt.shapes)),
    )
    if rebuilt.shapes and any(fa.activities for fa in document.focus_areas):
        document = replace(
            document, problems=(*document.problems, _reconstructed(document, rebuilt.shapes))
        )
    if cut:
        problem = Problem(
            sha256[:16],
            source_path,
            "warning",
            "cell-too-long",
            f"{len(cut)} cell(s) longer than {settings.max_cell_chars:,} characters were cut "
            "to that length; check the file, or raise max_cell_chars if it is genuine.",
            "; ".join(cut[:5]),
        )
        document = replace(document, problems=(*document.problems, problem))
    if not any(fa.activities for fa in document.focus_areas):
        raise NotAPlan(
            "no activity table was found: no table row reads as a header with an "
            "Activities or a Timeframe column, followed by activity rows",
            path=source_path,
        )
    return document
