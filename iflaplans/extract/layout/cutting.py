"""A table line cut into cells at the column starts, moved onto the gutters between them."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from iflaplans.extract.layout.header import _Column
from iflaplans.extract.layout.vocabulary import (
    _GAP,
    _SNAP,
    _YEAR,
    _segments,
    _starts_with_box,
    _Vocabulary,
)
from iflaplans.textutil import collapse


def _snap(text: str, cut: int) -> tuple[int, bool]:
    """Move a column cut onto whitespace: (position, whether it had to split a text run)."""
    if cut <= 0 or cut >= len(text) or text[cut - 1] == " " or text[cut] == " ":
        return max(0, min(cut, len(text))), False
    best: int | None = None
    for gap in _GAP.finditer(text):
        if gap.end() < cut - _SNAP or gap.start() > cut + _SNAP:
            continue
        position = gap.end() if gap.end() <= cut else gap.start()
        if best is None or abs(position - cut) < abs(best - cut):
            best = position
    if len(text) - cut <= _SNAP and (best is None or len(text) - cut < abs(best - cut)):
        best = len(text)
    if best is not None:
        return best, False
    for distance in range(1, 4):
        for position in (cut - distance, cut + distance):
            if 0 < position < len(text) and text[position - 1] == " ":
                return position, True
    return cut, True


def _by_order(text: str, roles: list[str | None], vocab: _Vocabulary) -> list[str]:
    """Cells of a run-together line: its segments in column order, the last one the timeframe."""
    cells = [""] * len(roles)
    segments = [s for _, _, s in _segments(text)]
    funding = roles.index("funding") if "funding" in roles else None
    activity = roles.index("activity") if "activity" in roles else 0
    glyph = _starts_with_box(segments[0], vocab) if segments else None
    if funding is not None and glyph:
        cells[funding] = glyph
        segments[0] = segments[0].strip()[len(glyph) :].strip()
        segments = [s for s in segments if s]
    if not segments:
        return cells
    cells[activity] = segments[0]
    rest = [i for i in range(len(roles)) if i > activity]
    tail = segments[1:]
    if tail and rest and (len(tail) >= len(rest) or re.search(r"\d", tail[-1])):
        cells[rest[-1]] = tail.pop()
        rest = rest[:-1]
    for position, segment in enumerate(tail):
        if rest:
            index = rest[min(position, len(rest) - 1)]
            cells[index] = f"{cells[index]} {segment}".strip()
    return cells


def _run_together(text: str, roles: list[str | None], vocab: _Vocabulary) -> bool:
    """A line that holds a whole row's cells in order and ends with the timeframe early."""
    segments = _segments(text)
    if segments and _starts_with_box(segments[0][2], vocab) and "funding" in roles:
        segments = segments[1:] if segments[0][2].strip() in vocab.boxes else segments
    needed = len([r for r in roles if r != "funding"])
    return len(segments) >= max(2, needed) and bool(_YEAR.search(segments[-1][2]))


def cut_line(
    text: str, starts: list[int], roles: list[str | None], vocab: _Vocabulary
) -> tuple[list[str], bool]:
    """A table line -> (its cells, whether it was read as a run-together line).

    Cells are cut at the column starts, snapped to whitespace. A line whose text
    runs across a column start (no gutter there), or that ends with its timeframe
    before the timeframe column, is read segment by segment in column order instead.
    """
    cuts = [0]
    forced = False
    for start in starts[1:]:
        position, split = _snap(text, start)
        inside = (0 < position < len(text) and text[position - 1] != " ") or (
            0 < position < len(text)
            and text[position] == " "
            and text[position - 1] != " "
            and position - 1 >= 0
            and bool(text[position + 1 : position + 2].strip())
        )
        forced = forced or split or inside
        cuts.append(max(cuts[-1], position))
    cuts.append(len(text))
    last_start = starts[-1] if len(starts) > 1 else len(text)
    together = len(text) < last_start - 2 and _run_together(text, roles, vocab)
    if forced or together:
        return _by_order(text, roles, vocab), together
    cells = [collapse(text[a:b]) for a, b in pairwise(cuts)]
    if "funding" in roles and "activity" in roles:
        funding, activity = roles.index("funding"), roles.index("activity")
        glyph = _starts_with_box(cells[activity], vocab)
        if glyph and not cells[funding]:
            cells[funding] = glyph
            cells[activity] = cells[activity][len(glyph) :].strip()
    return cells, False


def _refine_starts(columns: list[_Column], lines: list[str]) -> list[int]:
    """Column starts where the table's text starts (a header may be centred over its column)."""
    starts = [c.start for c in columns]
    counts: Counter[int] = Counter()
    for line in lines:
        counts.update(start for start, _, _ in _segments(line))
    for i in range(1, len(columns)):
        low = columns[i - 1].end + 1
        high = columns[i].start + 2
        window = {pos: n for pos, n in counts.items() if low <= pos <= high}
        if window:
            best = max(window, key=lambda pos: (window[pos], -abs(pos - columns[i].start)))
            if window[best] >= 2:
                starts[i] = best
    starts[0] = 0
    return starts
