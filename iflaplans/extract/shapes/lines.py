"""Lines of a copied page that belong together before the page is read line by line.

A copy that keeps a table's cells as paragraphs (blank lines between them) still shows
which lines were one cell. A paragraph of two lines, a time and then a short line
("Octubre 2020" / "Se realizará en línea"), is a Timeframe cell with its news; a
paragraph of short lines that are not sentences and none of the template's own
(labels, numbers, times, glyphs) is one cell whose list lost its marks ("Fragebogen
entwerfen" / "Umfrage verbreiten"). Read line by line, either would look like more
cells than there are, so each paragraph becomes one line.
"""

from __future__ import annotations

import re

from iflaplans.extract.shapes.cells import CellShapes
from iflaplans.rules.headings import Headings, load_headings

_GAP = re.compile(r"\S {2,}\S|\t")  # a space-aligned layout: its lines are not joined
_TIME_WORDS = 6  # a time of its own ("August 2020", "2019-2021", "WLIC 2020")
_NEWS_WORDS = 14  # its news on the next line ("Abgesagt", "Changed to a virtual event")
_CELL_LINES = 8  # lines a cell of list items may have
_ITEM_WORDS = 20  # words a list item may have
_OWN_LINE = re.compile(r"^\s*(?:[\d•▪●◦‣∙·*–-]|\[)")  # a number, a bullet or a box


def join_cell_lines(text: str, headings: Headings | None = None) -> str:
    """``text`` with each paragraph that is one cell (see the module docstring) on one
    line."""
    shapes = CellShapes(headings or load_headings())
    return _join_items(join_time_news(text, shapes).split("\n"), shapes)


def _join_items(lines: list[str], shapes: CellShapes) -> str:
    """Paragraphs of list items without their marks, each on one line."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        end = i
        while end < len(lines) and not _blank(lines, end):
            end += 1
        block = lines[i:end]
        if _blank(lines, i - 1) and 2 <= len(block) <= _CELL_LINES and _items(block, shapes):
            out.append(" ".join(line.strip() for line in block))
            i = end
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _items(block: list[str], shapes: CellShapes) -> bool:
    """Whether every line of a paragraph is a short item of one cell: not a sentence,
    nor a line of the template's own (a label, a column name, a time, a number, a
    glyph)."""
    for line in block:
        text = line.strip()
        if _GAP.search(line) or _OWN_LINE.match(text) or len(text.split()) > _ITEM_WORDS:
            return False
        # a sentence may be a cell of its own (an activity, then its tasks)
        if text.endswith((".", "!", "?", ":", ";")) or shapes.headings.label_of(text):
            return False
        if shapes.is_time(text) or shapes.glyph(text) is not None:
            return False
        if shapes.headings.is_furniture(text) or shapes.column_name(text) is not None:
            return False
        if shapes.header_run(text) is not None:
            return False
    # a page's menu ("Home" / "Units" / "Section") is short words only
    return not all(shapes.is_fragment(line) for line in block)


def join_time_news(text: str, shapes: CellShapes) -> str:
    """``text`` with every two-line paragraph that is a time and its news on one line."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _time_and_news(lines, i, shapes):
            out.append(f"{lines[i].rstrip()} {lines[i + 1].strip()}")
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def _blank(lines: list[str], i: int) -> bool:
    return i < 0 or i >= len(lines) or not lines[i].strip() or lines[i].startswith("\f")


def _time_and_news(lines: list[str], i: int, shapes: CellShapes) -> bool:
    """Whether lines ``i`` and ``i + 1`` make a paragraph of their own: a time, then a
    short line that is not a time, a numbered task or a checkbox."""
    if not (_blank(lines, i - 1) and _blank(lines, i + 2)) or _blank(lines, i + 1):
        return False
    time, news = lines[i].strip(), lines[i + 1].strip()
    if _GAP.search(lines[i]) or _GAP.search(lines[i + 1]):
        return False
    if len(time.split()) > _TIME_WORDS or not shapes.opens_with_time(time):
        return False
    if len(news.split()) > _NEWS_WORDS or shapes.opens_with_time(news):
        return False
    if shapes.headings.is_furniture(news):  # "Read more" under a row: the page's own
        return False
    return shapes.glyph(news) is None and not re.match(r"\s*\(?\d{1,2}\s?[.)]\s", news)
