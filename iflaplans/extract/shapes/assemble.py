"""Pieces of copied text -> table rows (funding, activity, tasks, timeframe).

Two ways a copy holds a table's cells: one cell per paragraph (:func:`cell_pieces`),
or one row per line, the cells run together (:func:`line_pieces`). Either way the
pieces come in the template's order, so a row starts at a checkbox glyph or after
the previous row's Timeframe cell, and its Timeframe cell ends its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iflaplans.extract.shapes.cells import NUMBERED, CellShapes, split_activity
from iflaplans.textutil import collapse, fold

ROLES = ("funding", "activity", "tasks", "timeframe")
_NEWS_WORDS = 14  # a Timeframe cell's news on its own line is short
_WRAPPED_TIME_WORDS = 3  # the end of a Timeframe cell wrapped onto a row's second line
_CLAUSE_END = re.compile(r"[.!?;:)\]»”\"]\s*$")


@dataclass(frozen=True)
class Piece:
    """One piece of a copied table: kind is glyph, text, time, fragment (a few words
    that may be a stray piece of the page) or furniture (the page's own words)."""

    kind: str
    text: str
    page: int | None = None
    line_start: bool = True  # the piece opens its line (or paragraph)


@dataclass
class _Draft:
    glyph: str = ""
    texts: list[Piece] = field(default_factory=list)
    times: list[str] = field(default_factory=list)
    page: int | None = None
    lines: int = 0  # lines of text the row has taken so far

    def empty(self) -> bool:
        return not (self.glyph or self.texts or self.times)


@dataclass(frozen=True)
class BuiltRow:
    """A rebuilt table row: its four cells and the page it starts on."""

    cells: tuple[str, str, str, str]
    page: int | None


def cell_pieces(paragraphs: list[tuple[str, int | None]], shapes: CellShapes) -> list[Piece]:
    """Paragraphs that each hold one cell (or a glyph and a cell) -> pieces."""
    pieces: list[Piece] = []
    for text, page in paragraphs:
        glyph = shapes.glyph(text)
        if glyph is not None:
            pieces.append(Piece("glyph", glyph[0], page))
            text = glyph[1]
            if not text:
                continue
        kind = _kind(text, shapes)
        pieces.append(Piece(kind, collapse(text), page, glyph is None))
    return [_news_of_time(pieces, at, shapes) for at in range(len(pieces))]


def _news_of_time(pieces: list[Piece], at: int, shapes: CellShapes) -> Piece:
    """A short paragraph right after a Timeframe cell is that cell's news on a line of
    its own: where the next row's glyph or the table's end follows it ("Mayo 2020" /
    "Changed to a virtual event" / "☒"), since no row is one paragraph without a time;
    or where it names a status after a bare time and a whole row (an activity and its
    tasks) still follows before the next time ("2020" / "Arabic done; Russian on
    hold." / "Contribute …" / "The Chair." / "2019")."""
    piece = pieces[at]
    if piece.kind != "text" or at == 0 or pieces[at - 1].kind != "time":
        return piece
    if len(piece.text.split()) > _NEWS_WORDS:
        return piece
    following = pieces[at + 1] if at + 1 < len(pieces) else None
    if following is not None and following.kind != "glyph":
        bare = at < 2 or pieces[at - 2].kind != "time"  # no news on a line of its own yet
        named = shapes.news.search(fold(piece.text)) is not None or _note_before_sentence(
            pieces, at
        )
        if not (bare and named) or _texts_before_time(pieces, at + 1) < 2:
            return piece
    return Piece("time", piece.text, piece.page, piece.line_start)


def _note_before_sentence(pieces: list[Piece], at: int) -> bool:
    """A note without a full stop ("En suspenso por falta de voluntarios") followed by
    a sentence (the next row's activity): news is written as a note, an activity as a
    sentence."""
    following = pieces[at + 1] if at + 1 < len(pieces) else None
    return (
        following is not None
        and not _CLAUSE_END.search(pieces[at].text)
        and following.kind == "text"
        and _CLAUSE_END.search(following.text) is not None
    )


def _texts_before_time(pieces: list[Piece], start: int) -> int:
    """Paragraphs of text from ``start`` up to the next time (or glyph)."""
    count = 0
    for piece in pieces[start:]:
        if piece.kind in ("time", "glyph"):
            return count
        count += piece.kind == "text" and piece.line_start
    return 0


def line_pieces(lines: list[tuple[str, int | None]], shapes: CellShapes) -> list[Piece]:
    """Lines that each hold a row, or go on with the row before -> pieces."""
    pieces: list[Piece] = []
    for text, page in lines:
        text = NUMBERED.sub("", text, count=1) if _row_number(text, shapes) else text
        glyph = shapes.glyph(text)
        if glyph is not None:
            pieces.append(Piece("glyph", glyph[0], page))
            text = glyph[1]
        if not text:
            continue
        if shapes.is_time(text):
            pieces.append(Piece("time", collapse(text), page))
            continue
        # Without a sentence end before it, a time ends a row only on a line that opens one.
        opens = not pieces or (pieces[-1].kind == "time" and text[:1].isupper())
        start = shapes.time_start(text, fallback=glyph is not None or opens)
        if start is None:
            kind = _kind(text, shapes)
            pieces.append(Piece(kind, collapse(text), page, glyph is None))
            continue
        pieces.append(Piece("text", collapse(text[:start]), page, glyph is None))
        pieces.append(Piece("time", collapse(text[start:]), page, line_start=False))
    return pieces


def _kind(text: str, shapes: CellShapes) -> str:
    if shapes.headings.is_furniture(text):
        return "furniture"
    if shapes.is_time(text):
        return "time"
    return "fragment" if shapes.is_fragment(text) else "text"


def _row_number(text: str, shapes: CellShapes) -> bool:
    """A row number before a glyph or an activity ("2. ☒ Organize …")."""
    found = NUMBERED.match(text)
    return found is not None and shapes.glyph(text[found.end() :]) is not None


def _continues(piece: Piece, draft: _Draft) -> bool:
    """A line after a row's Timeframe that carries on that row's text: it starts in lower
    case, or the row's text stopped mid-sentence and holds no tasks yet."""
    if not piece.line_start or piece.kind == "glyph" or not draft.texts:
        return False
    if piece.text[:1].islower():
        return True
    first = draft.texts[-1].text
    return len(draft.texts) == 1 and not _CLAUSE_END.search(first) and not split_activity(first)[1]


def _timeless_line(pieces: list[Piece], at: int) -> bool:
    """A line of text with no time of its own, where every row's line ends with its
    Timeframe cell: the rest of the row above, split after its time ("… 2022 Postponed"
    / "with the Buildings Section. 2. Collect examples.")."""
    piece = pieces[at]
    if not piece.line_start or piece.kind not in ("text", "fragment"):
        return False
    following = pieces[at + 1] if at + 1 < len(pieces) else None
    return following is None or following.kind != "time"


def build_rows(pieces: list[Piece], *, lines: bool, numbered: bool = False) -> list[BuiltRow]:
    """Pieces in reading order -> rows. ``lines``: the pieces come from one-row-per-line
    text, where a row split over two lines goes on after its Timeframe cell.
    ``numbered``: the lines were cut at row numbers, so a line without a time is a row
    of its own (one that reports no time), not the rest of the row above."""
    drafts: list[_Draft] = []
    draft = _Draft()
    for at, piece in enumerate(pieces):
        if piece.kind == "glyph":
            if not draft.empty():
                drafts.append(draft)
            draft = _Draft(glyph=piece.text, page=piece.page, lines=1)
        elif lines and _second_line(piece, draft, drafts):
            # rows that each open with a glyph go on over one more line: its text and
            # what ends it (the end of a wrapped Timeframe cell, "Paris. 2021") are theirs
            draft.lines += 1
            if piece.kind == "time" and len(piece.text.split()) <= _WRAPPED_TIME_WORDS:
                draft.times.append(piece.text)
            else:  # a line that reads as a time ("WLIC zu Dritten Orten …") is text here
                draft.texts.append(Piece("text", piece.text, piece.page))
        elif piece.kind == "time" and not (lines and draft.times and _continues(piece, draft)):
            if not draft.texts and not draft.glyph and drafts and not draft.times:
                drafts[-1].times.append(piece.text)  # one date per task, one per line
            else:
                draft.times.append(piece.text)
                draft.page = draft.page if draft.page is not None else piece.page
        elif draft.times and not (
            lines and (_continues(piece, draft) or (not numbered and _timeless_line(pieces, at)))
        ):
            drafts.append(draft)
            draft = _Draft(texts=[piece], page=piece.page, lines=1)
        else:
            draft.lines += piece.line_start
            # a whole-line time that carries on a row's text is text
            text = Piece("text", piece.text, piece.page) if piece.kind == "time" else piece
            draft.texts.append(text)
            draft.page = draft.page if draft.page is not None else piece.page
    if not draft.empty():
        drafts.append(draft)
    return _unnumbered([row for row in (_row(d, lines=lines) for d in drafts) if row is not None])


def _second_line(piece: Piece, draft: _Draft, drafts: list[_Draft]) -> bool:
    """A line that opens without a glyph after the first line of a row that opened with
    one, in a table whose rows all open with a glyph."""
    if not piece.line_start or piece.kind == "glyph" or draft.lines != 1:
        return False
    return bool(draft.glyph and draft.times) and all(d.glyph for d in drafts)


def _unnumbered(rows: list[BuiltRow]) -> list[BuiltRow]:
    """Rows whose activities are numbered 1, 2, 3… in turn, without those row numbers."""
    numbers = [NUMBERED.match(row.cells[1]) for row in rows]
    if len(rows) < 2 or any(m is None or int(m.group(1)) != i for i, m in enumerate(numbers, 1)):
        return rows
    return [
        BuiltRow((r.cells[0], r.cells[1][m.end() :], r.cells[2], r.cells[3]), r.page)
        for r, m in zip(rows, numbers, strict=True)
        if m is not None
    ]


def _row(draft: _Draft, *, lines: bool) -> BuiltRow | None:
    pieces = [p for p in draft.texts if p.kind != "furniture"]
    # A few words before the activity ("Sha", a link's label) are the page's, when an
    # activity and its tasks still follow; short tasks ("Secretary") are kept.
    while len(pieces) > 2 and pieces[0].kind == "fragment":
        pieces = pieces[1:]
    texts = [p.text for p in pieces]
    if not texts or not (draft.times or any(p.kind == "text" for p in pieces)):
        return None
    if lines:
        activity, tasks = split_activity(" ".join(texts))
    else:
        activity, tasks = _cell_split(texts)
    return BuiltRow((draft.glyph, activity, tasks, "\n".join(draft.times)), draft.page)


def _cell_split(texts: list[str]) -> tuple[str, str]:
    """Paragraphs of one row -> (activity, tasks): the tasks start at the first numbered
    paragraph after the first, else at the second paragraph."""
    first_number = next(
        (i for i, t in enumerate(texts) if i > 0 and NUMBERED.match(t) is not None), None
    )
    cut = first_number if first_number is not None else 1
    return "\n".join(texts[:cut]), "\n".join(texts[cut:])
