"""Plain-text plans: tab-separated exports (cells split on tabs, HTML fragments inside)."""

from __future__ import annotations

from iflaplans.extract.encoding import decode_text
from iflaplans.records import Row


def text_rows(text: str) -> list[Row]:
    """A tab-separated text export -> one row per line, one cell per tab-separated field.

    Form feeds count pages, so rows carry their page number when the text has any.
    """
    rows: list[Row] = []
    pages = text.split("\f")
    paged = len(pages) > 1
    for page_no, page in enumerate(pages, start=1):
        for line in page.splitlines():
            if line.strip():
                rows.append(Row(tuple(line.split("\t")), page_no if paged else None))
    return rows


def is_tab_export(text: str) -> bool:
    """Whether a text is a tab-separated export (as opposed to a space-aligned layout)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return bool(lines) and sum("\t" in ln for ln in lines) >= max(2, len(lines) // 10)


def read_text(data: bytes) -> tuple[list[Row], int | None]:
    """Text file bytes -> (rows, pages). Space-aligned layouts go to the layout reader."""
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    if is_tab_export(text):
        return text_rows(text), None
    from iflaplans.extract.layout import layout_rows

    return layout_rows(text), None
