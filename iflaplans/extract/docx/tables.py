"""Word tables: a row's grid positions (merged cells once, spans capped) and the header test."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from iflaplans.extract.docx.text import _children
from iflaplans.extract.docx.xml import MAX_ROW_CELLS, MAX_SPAN, _int, _w, _wval
from iflaplans.extract.header import first_columns, header_roles
from iflaplans.rules.headings import Headings


@dataclass(frozen=True)
class _Slot:
    """A grid position of a table row: the cell that starts there, or None."""

    tc: etree._Element | None


def _row_slots(tr: etree._Element, grid: int) -> list[_Slot]:
    """A row's grid positions; a merged cell fills its first position only.

    A span (``w:gridSpan``, ``w:gridBefore``) is at most the table's ``grid`` columns
    and :data:`MAX_SPAN`, and the row is cut at :data:`MAX_ROW_CELLS` positions: a
    span of two billion would otherwise become two billion cells.
    """
    most = min(grid, MAX_SPAN) if grid else MAX_SPAN
    trpr = tr.find(_w("trPr"))
    before = _int(_wval(trpr.find(_w("gridBefore")))) if trpr is not None else 0
    slots = [_Slot(None) for _ in range(min(before, most))]
    for tc in _children(tr, "tc"):
        if len(slots) >= MAX_ROW_CELLS:
            break
        tcpr = tc.find(_w("tcPr"))
        span = _int(_wval(tcpr.find(_w("gridSpan"))), 1) if tcpr is not None else 1
        vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
        continued = vmerge is not None and (_wval(vmerge) or "continue") == "continue"
        slots.append(_Slot(None if continued else tc))
        slots.extend(_Slot(None) for _ in range(min(span, most) - 1))
    return slots[:MAX_ROW_CELLS]


def _grid_width(tbl: etree._Element) -> int:
    grid = tbl.find(_w("tblGrid"))
    return len(grid.findall(_w("gridCol"))) if grid is not None else 0


def _tasks_column(texts: list[str], headings: Headings) -> int | None:
    """None when the row is no activity table's header row, else the column whose
    cells are tasks (-1 when none is)."""
    columns = header_roles(texts, headings)
    if columns is None:
        return None
    return first_columns(columns).get("tasks", -1)
