"""Markdown exports of plans: pipe tables cell by cell, other lines as paragraphs."""

from __future__ import annotations

import re

from iflaplans.extract.encoding import decode_text
from iflaplans.extract.glyphs import box_glyph
from iflaplans.extract.wrapping import normalize_breaks
from iflaplans.model.records import Row
from iflaplans.settings import Settings

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_LIST_MARK = re.compile(r"^\s*[-*+]\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BREAK = re.compile(r"<br\s*/?\s*>", re.IGNORECASE)
_TASK_BOX = re.compile(r"^\s*[-*+]?\s*\[([ xX])\]\s*$")


def _inline(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = _BREAK.sub("\n", text)  # a line break in a cell: "- a<br>- b" is a dash list
    return text.replace("\\|", "|").strip()


def _cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    cells = [c for c in re.split(r"(?<!\\)\|", body)]
    out = []
    for cell in cells:
        box = _TASK_BOX.match(cell)
        out.append(box_glyph(box.group(1).lower() == "x") if box else _inline(cell))
    return out


def markdown_rows(text: str) -> list[Row]:
    """Markdown text -> rows: table lines cell by cell, headings and paragraphs as one cell."""
    rows: list[Row] = []
    # Only real line ends end a row: str.splitlines() would also cut at U+2028 and the like.
    for line in normalize_breaks(text).split("\n"):
        if not line.strip() or _SEPARATOR.match(line):
            continue
        if line.lstrip().startswith("|") or line.count("|") >= 2:
            rows.append(Row(tuple(_cells(line))))
            continue
        line = _LIST_MARK.sub("", _HEADING.sub("", line))
        rows.append(Row((_inline(line),)))
    return rows


def read_markdown(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """Markdown bytes -> (rows, None)."""
    return markdown_rows(decode_text(data)), None
