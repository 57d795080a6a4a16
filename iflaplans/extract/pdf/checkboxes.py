"""Checkboxes in PDF cells: symbol-font glyphs, boxes drawn as rectangles, Funding cells.

Box glyphs, Wingdings/Symbol private-use glyphs and boxes drawn as small
rectangles (a mark drawn or typed inside one means checked) come out as "☐" /
"☒"; a Funding cell with several labelled boxes ("☐ Yes ☒ No") gives the state
its ticked label says.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pdfplumber.page import Page

from iflaplans.extract.glyphs import (
    BOX_CHECKED,
    BOX_EMPTY,
    CHECKED,
    SYMBOL,
    UNCHECKED,
    WINGDINGS,
    symbol_font,
)
from iflaplans.extract.pdf.tables import _Vocabulary
from iflaplans.extract.pdf.words import _Word
from iflaplans.textutil import fold

_CID = re.compile(r"\(cid:(\d{1,3})\)")


# Geometry, in PDF points.
_BOX_MIN, _BOX_MAX = 4.0, 16.0  # side of a drawn checkbox


@lru_cache(maxsize=256)
def _font_map(fontname: str) -> dict[int, str] | None:
    """The symbol map of a font name ("ABCDEF+Wingdings-Regular"), or None for text fonts."""
    return symbol_font(fontname)


def _glyph(code: int, fontname: str) -> str | None:
    """The standard glyph a symbol-font or private-use character code stands for, if known."""
    table = _font_map(fontname)
    if 0xF000 <= code <= 0xF0FF:
        code &= 0xFF
        if table is None or table is SYMBOL:
            return SYMBOL.get(code) or WINGDINGS.get(code)
        return table.get(code)
    return table.get(code) if table is not None and code < 0x100 else None


def _normalize_glyphs(chars: list[dict[str, Any]]) -> None:
    """Replace symbol-font and private-use characters by standard glyphs, in place.

    A symbol font without a Unicode map comes out of pdfminer as its byte
    ("þ" under WinAnsi) or as "(cid:254)": both are read through the font's map.
    """
    symbolic: dict[str, bool] = {}  # font name -> whether it is a symbol font
    for char in chars:
        text, font = char["text"], char["fontname"]
        if font not in symbolic:
            symbolic[font] = _font_map(font) is not None
        if len(text) == 1:
            code = ord(text)
            if not (0xF000 <= code <= 0xF0FF or (code < 0x100 and symbolic[font])):
                continue
        elif symbolic[font] and (match := _CID.fullmatch(text)) is not None:
            code = int(match.group(1))
        else:
            continue
        glyph = _glyph(code, font)
        if glyph is not None:
            char["text"] = glyph


def _inside(obj: dict[str, Any], box: dict[str, Any], slack: float = 1.0) -> bool:
    """True when ``obj``'s bounding box lies within ``box``'s (with ``slack`` points)."""
    return (
        obj["x0"] >= box["x0"] - slack
        and obj["x1"] <= box["x1"] + slack
        and obj["top"] >= box["top"] - slack
        and obj["bottom"] <= box["bottom"] + slack
    )


def _is_box(rect: dict[str, Any]) -> bool:
    """A small, roughly square, stroked rectangle: a checkbox drawn in a cell."""
    width, height = rect["x1"] - rect["x0"], rect["bottom"] - rect["top"]
    return (
        bool(rect.get("stroke"))
        and _BOX_MIN <= width <= _BOX_MAX
        and _BOX_MIN <= height <= _BOX_MAX
        and abs(width - height) <= 0.25 * max(width, height)
    )


def _is_mark(obj: dict[str, Any], box: dict[str, Any]) -> bool:
    """True when a drawing inside a box ticks it: not the box's own border drawn again."""
    width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    size = box["x1"] - box["x0"]
    if obj["object_type"] == "rect" and width >= 0.85 * size:
        return False  # the same box, filled or stroked a second time
    if width < 1.0:  # a vertical stroke: a mark unless it runs along a side
        return min(abs(obj["x0"] - box["x0"]), abs(obj["x1"] - box["x1"])) > 1.0
    if height < 1.0:
        return min(abs(obj["top"] - box["top"]), abs(obj["bottom"] - box["bottom"])) > 1.0
    return True


def _drawn_boxes(page: Page, words: list[_Word]) -> tuple[list[_Word], set[int]]:
    """Checkboxes drawn as rectangles -> ("☐"/"☒" words, ids of the drawing's objects).

    A box holding a smaller rectangle, a line, a curve or a typed mark ("x", "✓") is
    checked; the typed mark is removed from ``words``. The returned ids are left out
    when looking for ruled tables, so a box never splits a cell.
    """
    boxes: list[dict[str, Any]] = []
    for rect in page.rects:
        if _is_box(rect) and not any(_inside(rect, b) and _inside(b, rect) for b in boxes):
            boxes.append(rect)
    boxes = [b for b in boxes if not any(o is not b and _inside(b, o, 0.5) for o in boxes)]
    if not boxes:
        return [], set()
    drawing = [*page.rects, *page.lines, *page.curves]
    result: list[_Word] = []
    used: set[int] = set()
    for box in boxes:
        marks = [o for o in drawing if o is not box and _inside(o, box)]
        used.add(id(box))
        used.update(id(o) for o in marks)
        typed = [
            w
            for w in words
            if box["x0"] <= w.cx <= box["x1"] and box["top"] <= w.cy <= box["bottom"]
        ]
        for word in typed:
            words.remove(word)
        checked = any(_is_mark(o, box) for o in marks) or any(
            w.text not in BOX_EMPTY for w in typed
        )
        glyph = CHECKED if checked else UNCHECKED
        result.append(_Word(glyph, box["x0"], box["x1"], box["top"], box["bottom"]))
    return result, used


def _funding_text(text: str, vocab: _Vocabulary) -> str:
    """A Funding cell -> "☒", "☐", "" (a box whose state is unknown) or its words as written.

    One box gives its state. Several boxes labelled with yes/no words ("☐ Yes ☒ No")
    give the state of the label whose box is checked; other labels: checked when
    any box is.
    """
    tokens = text.split()
    boxes = [
        (token in BOX_CHECKED, tokens[i + 1] if i + 1 < len(tokens) else "")
        for i, token in enumerate(tokens)
        if token in BOX_CHECKED or token in BOX_EMPTY
    ]
    if not boxes:
        return text
    if len(boxes) == 1:
        return CHECKED if boxes[0][0] else UNCHECKED
    yes = {fold(w) for w in vocab.headings.checked if len(w) > 1 and w.isalpha()}
    no = {fold(w) for w in vocab.headings.unchecked if len(w) > 1 and w.isalpha()}
    labels = {fold(label).strip(".:,;") for _, label in boxes}
    if labels <= yes | no and labels & yes and labels & no:
        ticked = [fold(label).strip(".:,;") for state, label in boxes if state]
        if len(ticked) != 1:
            return ""
        return CHECKED if ticked[0] in yes else UNCHECKED
    return CHECKED if any(state for state, _ in boxes) else UNCHECKED
