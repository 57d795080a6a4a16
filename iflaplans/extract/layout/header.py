"""A table's header line in space-aligned text: the columns its words name, and the
header lines wrapped under it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iflaplans.extract.header import header_roles
from iflaplans.extract.layout.vocabulary import _segments, _starts_with_box, _Vocabulary
from iflaplans.textutil import fold


@dataclass
class _Column:
    role: str | None
    start: int
    end: int
    title: str


def _phrase_roles(words: list[tuple[int, int, str]], vocab: _Vocabulary) -> list[_Column] | None:
    """Header words of one segment -> columns, longest known names first."""
    names = vocab.names
    columns = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            phrase = " ".join(w for _, _, w in words[i:j])
            role = names.get(" ".join(fold(phrase).replace("*", " ").split()).rstrip(":"))
            if role is not None:
                columns.append(_Column(role, words[i][0], words[j - 1][1], phrase))
                i = j
                break
        else:
            return None
    return columns


def _header_cells(text: str, vocab: _Vocabulary) -> list[_Column] | None:
    """The columns named by a table header line, or None when it is not one."""
    if _starts_with_box(text, vocab) or re.search(r"\d", text):
        return None
    if len(_segments(text)) < 2:
        # Names run together with single spaces: a copy that lost its columns, not a
        # layout (the shapes reader reads it).
        return None
    columns: list[_Column] = []
    for start, end, segment in _segments(text):
        words = [
            (start + m.start(), start + m.end(), m.group()) for m in re.finditer(r"\S+", segment)
        ]
        found = _phrase_roles(words, vocab)
        if found is None:
            found = [_Column(vocab.headings.column_role(segment), start, end, segment)]
        columns.extend(found)
    if header_roles([c.title for c in columns], vocab.headings) is None:
        return None
    return columns


def _absorb_header_line(columns: list[_Column], text: str, vocab: _Vocabulary) -> bool:
    """Add a wrapped header line ("Needed" under "Funding") to the columns, if it is one."""
    if not text.strip() or re.search(r"\d", text) or _starts_with_box(text, vocab):
        return False
    placed: list[tuple[_Column, str]] = []
    for start, end, segment in _segments(text):
        if len(segment.split()) > 3:
            return False
        owner = next((c for c in columns if start < c.end + 2 and end > c.start - 2), None)
        role = vocab.headings.column_role(segment)
        if owner is None or (role is not None and owner.role not in (None, role)):
            return False
        placed.append((owner, segment))
    for owner, segment in placed:
        owner.title = f"{owner.title} {segment}"
        owner.role = owner.role or vocab.headings.column_role(owner.title)
    return bool(placed)
