"""Plain-text plans: tab-separated exports (cells split on tabs, HTML fragments inside),
and the same with "|" or ";" between cells."""

from __future__ import annotations

import re

from iflaplans.extract.encoding import decode_text
from iflaplans.headings import Headings
from iflaplans.records import Row

# Characters str.splitlines() also ends lines at: in an export they stand inside a cell.
_SOFT_BREAKS = str.maketrans(dict.fromkeys("\v\x1c\x1d\x1e\x85\u2028\u2029", " "))
# A form feed with text before and after it on its line (a page break ends a line).
_INLINE_FORM_FEED = re.compile(r"(\S[^\S\n\f]*)\f+(?=[^\S\n\f]*\S)")


def normalize_breaks(text: str) -> str:
    """Text whose only line end is "\\n": CR LF and CR become "\\n", while the other
    characters :meth:`str.splitlines` ends lines at (U+2028, U+2029, U+0085, vertical
    tab, and form feeds between text on a line) become spaces. A form feed at a line's
    start or end stays: it is a page break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SOFT_BREAKS)
    return _INLINE_FORM_FEED.sub(r"\1 ", text) if "\f" in text else text


def _lines(text: str) -> list[str]:
    return normalize_breaks(text).split("\n")


def text_rows(text: str) -> list[Row]:
    """A tab-separated text export -> one row per line, one cell per tab-separated field.

    Form feeds count pages, so rows carry their page number when the text has any.
    """
    rows: list[Row] = []
    pages = normalize_breaks(text).split("\f")
    paged = len(pages) > 1
    for page_no, page in enumerate(pages, start=1):
        for line in page.split("\n"):
            if line.strip():
                rows.append(Row(tuple(line.split("\t")), page_no if paged else None))
    return rows


def is_tab_export(text: str) -> bool:
    """Whether a text is a tab-separated export (as opposed to a space-aligned layout)."""
    lines = [ln for ln in _lines(text) if ln.strip()]
    return bool(lines) and sum("\t" in ln for ln in lines) >= max(2, len(lines) // 10)


# Between cells: "|" (spaces around it or not), or ";" with no space after it, since
# "A; B; C" in a cell (the units a focus area names) is prose.
_DELIMITERS = {"|": re.compile(r"\|"), ";": re.compile(r";(?! )")}


def header_delimiter(text: str, headings: Headings) -> str | None:
    """The character an export puts between cells when it is not a tab ("|", ";"): the
    one that splits some line into a table header (an Activities or Timeframe column
    among at least three cells, nearly all of them column names)."""
    lines = _lines(text)
    for delimiter, pattern in _DELIMITERS.items():
        for line in lines:
            if line.count(delimiter) < 2:
                continue
            cells = [c.strip() for c in pattern.split(line) if c.strip()]
            roles = [headings.column_role(c) for c in cells]
            named = [r for r in roles if r]
            if (
                len(cells) >= 3
                and len(named) >= len(cells) - 1
                and ("activity" in named or "timeframe" in named)
            ):
                return delimiter
    return None


def delimited_rows(text: str, delimiter: str) -> list[Row]:
    """An export whose cells are split by ``delimiter`` -> one row per line."""
    pattern = _DELIMITERS[delimiter]
    rows: list[Row] = []
    for line in _lines(text):
        if line.strip():
            rows.append(Row(tuple(c.strip() for c in pattern.split(line))))
    return rows


def read_text(data: bytes, headings: Headings | None = None) -> tuple[list[Row], int | None]:
    """Text file bytes -> (rows, pages). Space-aligned layouts go to the layout reader;
    an export with "|" or ";" between cells is read like a tab-separated one when
    ``headings`` find its table header that way."""
    text = normalize_breaks(decode_text(data))
    if is_tab_export(text):
        return text_rows(text), None
    delimiter = header_delimiter(text, headings) if headings is not None else None
    if delimiter is not None:
        return delimited_rows(text, delimiter), None
    from iflaplans.extract.layout import layout_rows

    return layout_rows(text), None
