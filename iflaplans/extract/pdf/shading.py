"""Shading on a PDF page: cell fills, merged into the bands that set a row apart.

A table told apart by shading rather than rules draws each shaded cell as a filled
rectangle without a border. Those fills are no cell borders (the ruled-table finder
leaves them out), but a band of them across a table's columns marks its header
row, or one of its banded rows, from top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pdfplumber.page import Page

from iflaplans.extract.pdf.checkboxes import _BOX_MAX

# Geometry, in PDF points.
_FILL_MIN = 4.0  # a fill thinner than this is a rule or a border, not shading
_SAME_ROW = 1.0  # fills whose tops and bottoms differ less sit on the same row
_TOUCH = 2.0  # fills side by side closer than this are one band


@dataclass(frozen=True, slots=True)
class _Band:
    """Shaded cells side by side on one row."""

    top: float
    bottom: float
    x0: float
    x1: float


def _white(color: Any) -> bool:
    """True for white (or no colour) in grey, RGB or CMYK: a page's own background."""
    if not isinstance(color, tuple | list) or not color:
        return color is None
    if len(color) == 4:
        return all(c == 0 for c in color)
    return all(isinstance(c, int | float) and c >= 0.99 for c in color)


def _fills(page: Page) -> list[dict[str, Any]]:
    """The page's cell shading: filled, unstroked, coloured rectangles, larger than a
    rule and than a checkbox."""
    fills = []
    for rect in page.rects:
        width, height = rect["x1"] - rect["x0"], rect["bottom"] - rect["top"]
        if (
            rect.get("fill")
            and not rect.get("stroke")
            and min(width, height) >= _FILL_MIN
            and max(width, height) > _BOX_MAX
            and not _white(rect.get("non_stroking_color"))
        ):
            fills.append(rect)
    return fills


def _bands(fills: list[dict[str, Any]]) -> list[_Band]:
    """Fills on the same row merged side by side into bands, top to bottom."""
    rows: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for rect in fills:
        key = (round(rect["top"] / _SAME_ROW), round(rect["bottom"] / _SAME_ROW))
        rows.setdefault(key, []).append(rect)
    bands: list[_Band] = []
    for row in rows.values():
        row.sort(key=lambda r: r["x0"])
        top, bottom = min(r["top"] for r in row), max(r["bottom"] for r in row)
        x0, x1 = row[0]["x0"], row[0]["x1"]
        for rect in row[1:]:
            if rect["x0"] > x1 + _TOUCH:
                bands.append(_Band(top, bottom, x0, x1))
                x0 = rect["x0"]
            x1 = max(x1, rect["x1"])
        bands.append(_Band(top, bottom, x0, x1))
    return sorted(bands, key=lambda b: (b.top, b.x0))


def _across(bands: list[_Band], columns: list[float]) -> list[_Band]:
    """The bands that run across a table's columns (not a single shaded cell)."""
    return [b for b in bands if b.x0 <= columns[1] and b.x1 >= columns[-1]]
