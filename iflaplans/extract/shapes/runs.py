"""A table run together into one paragraph -> one piece of text per row.

Rows are found from what opens them (a checkbox glyph, a row number "1.", "2.") and
from the time expression that ends each one: numbers that run on inside a row (its
tasks "1. … 2. …") are passed over until the text before the next number ends with
a Timeframe cell.
"""

from __future__ import annotations

import re

from iflaplans.extract.shapes.cells import CellShapes

_ROW_NUMBER = re.compile(r"(?<![\w.,/(-])(\d{1,2})\.\s+(?=\S)")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,2}\.\s+")


def _glyph_starts(text: str, shapes: CellShapes) -> list[int]:
    """Where rows open with a glyph, moved back over a row number just before it."""
    starts: list[int] = []
    for glyph in shapes.glyphs:
        for found in re.finditer(re.escape(glyph), text):
            start = found.start()
            if start > 0 and not text[start - 1].isspace():
                continue
            number = re.search(r"(?<![\w.,/(-])\d{1,2}\.\s*$", text[:start])
            starts.append(number.start() if number else start)
    return sorted(set(starts))


def _ends_with_time(text: str, shapes: CellShapes, *, fallback: bool) -> bool:
    return shapes.time_start(_LEADING_NUMBER.sub("", text), fallback=fallback) is not None


def _numbered_starts(text: str, shapes: CellShapes) -> list[int]:
    """Starts of rows numbered 1, 2, 3…: each next number is the first one after which
    the row before it ends with a time (a sentence end, then a time), or failing that
    the first one after a time anywhere in that row."""
    numbers = [(int(m.group(1)), m.start()) for m in _ROW_NUMBER.finditer(text)]
    first = next((pos for value, pos in numbers if value == 1 and pos <= 3), None)
    if first is None:
        return []
    starts = [first]
    while True:
        expect = len(starts) + 1
        candidates = [pos for value, pos in numbers if value == expect and pos > starts[-1]]
        chosen = next(
            (
                p
                for p in candidates
                if _ends_with_time(text[starts[-1] : p], shapes, fallback=False)
            ),
            None,
        )
        if chosen is None:
            chosen = next(
                (
                    p
                    for p in candidates
                    if _ends_with_time(text[starts[-1] : p], shapes, fallback=True)
                ),
                None,
            )
        if chosen is None:
            return starts
        starts.append(chosen)


def split_rows(text: str, shapes: CellShapes) -> list[str]:
    """A paragraph that holds a whole table body -> the text of each row (row numbers
    removed); a paragraph that holds fewer than two rows comes back whole."""
    starts = _glyph_starts(text, shapes)
    if len(starts) < 2:
        starts = _numbered_starts(text, shapes)
    if len(starts) < 2:
        return [text]
    head = text[: starts[0]].strip()
    ends = [*starts[1:], len(text)]
    rows = [_LEADING_NUMBER.sub("", text[a:b]).strip() for a, b in zip(starts, ends, strict=True)]
    if head:
        rows[0] = f"{head} {rows[0]}"
    return [r for r in rows if r]
