"""Space-aligned text (``pdftotext -layout`` style): columns from the header row's positions."""

from __future__ import annotations

from iflaplans.records import Row


def layout_rows(text: str) -> list[Row]:
    """Layout text -> rows. Each line is a one-cell row until column reading is added."""
    return [Row((line.strip(),)) for line in text.split("\n") if line.strip()]
