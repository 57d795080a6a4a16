"""A table run together into one paragraph -> one piece of text per row.

Rows are found from what opens them (a checkbox glyph, a row number "1.", "2.") and
from the time expression that ends each one: numbers that run on inside a row (its
tasks "1. … 2. …") are passed over until the text before the next number ends with
a Timeframe cell. Rows without numbers of their own are found where their tasks'
numbers start again at "1.": the next activity starts after the Timeframe cell that
ends the last task.
"""

from __future__ import annotations

import re
from itertools import pairwise

from iflaplans.extract.shapes.cells import BOUNDARY, CellShapes

_ROW_NUMBER = re.compile(r"(?<![\w.,/(-])(\d{1,2})\.\s+(?=\S)")
_LEADING_NUMBER = re.compile(r"^\s*\d{1,2}\.\s+")
# A sentence end inside a Timeframe cell's news; ";" and ":" go on with the same news.
_SENTENCE_GAP = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[^\W\d_])")


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


def _title_start(text: str, shapes: CellShapes) -> int | None:
    """Where the next row's activity starts in the text between a row's last task and
    the next row's first ("… the host. 2020 Cancelled. Publish a report "): after the
    Timeframe cell, which runs from the time over any sentence that reads as a time
    too; a time with no sentence end after it ("Annually Organize …") ends at the end
    of the time words."""
    start = shapes.time_start(text, fallback=False)
    if start is None:
        start = shapes.time_start(text, fallback=True)
    if start is None:  # "(Secretary). Annually Organize …": a time that opens a sentence
        start = next(
            (
                m.end()
                for m in BOUNDARY.finditer(text)
                if shapes.time_words_end(text[m.end() :]) is not None
            ),
            None,
        )
    if start is None:
        return None
    rest = text[start:]
    for found in _SENTENCE_GAP.finditer(rest):
        if not shapes.is_time(rest[found.end() :]):
            return start + found.end()
    words = shapes.time_words_end(rest)
    if words is None or not rest[words:].strip()[:1].isupper():
        return None
    return start + words + (len(rest[words:]) - len(rest[words:].lstrip()))


def _restart_starts(text: str, shapes: CellShapes) -> list[int]:
    """Starts of rows that carry no number of their own, found where the tasks' numbers
    start again at "1." ("Update the guidelines. 1. Form … 3. Submit … 2020 Ongoing.
    Maintain the pages. 1. Check …"): each row is its activity, its numbered tasks and
    the Timeframe cell after the last task."""
    numbers = [(int(m.group(1)), m.start()) for m in _ROW_NUMBER.finditer(text)]
    if not numbers or numbers[0][0] != 1 or not text[: numbers[0][1]].strip():
        return []
    if shapes.is_time(text[: numbers[0][1]]):
        return []
    starts = [0]
    for (before, last), (value, pos) in pairwise(numbers):
        if value != 1 or before < 1:
            continue
        tail = _LEADING_NUMBER.sub("", text[last:pos])
        offset = pos - len(tail)
        title = _title_start(tail, shapes)
        if title is not None and text[offset + title : pos].strip():
            starts.append(offset + title)
    return starts


def _without_number(row: str, shapes: CellShapes) -> str:
    """A row's text without its row number, before its glyph ("1. ☐ …") or after it
    ("☐ 1. …"): the number is not part of the activity."""
    row = _LEADING_NUMBER.sub("", row)
    for glyph in shapes.glyphs:
        if row.lstrip().startswith(glyph):
            rest = row.lstrip()[len(glyph) :]
            return f"{glyph} {_LEADING_NUMBER.sub('', rest)}"
    return row


def split_rows(text: str, shapes: CellShapes) -> list[str]:
    """A paragraph that holds a whole table body -> the text of each row (row numbers
    removed); a paragraph that holds fewer than two rows comes back whole."""
    starts = _glyph_starts(text, shapes)
    if len(starts) < 2:
        starts = _numbered_starts(text, shapes)
    if len(starts) < 2:
        starts = _restart_starts(text, shapes)
    if len(starts) < 2:
        return [text]
    head = text[: starts[0]].strip()
    ends = [*starts[1:], len(text)]
    rows = [_without_number(text[a:b], shapes).strip() for a, b in zip(starts, ends, strict=True)]
    if head:
        rows[0] = f"{head} {rows[0]}"
    return [r for r in rows if r]
