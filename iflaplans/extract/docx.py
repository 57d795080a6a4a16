"""Word (DOCX) plans with python-docx."""

from __future__ import annotations

from iflaplans.errors import UnsupportedFormat
from iflaplans.records import Row
from iflaplans.settings import Settings


def read_docx(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """DOCX bytes -> (rows, None)."""
    raise UnsupportedFormat("Word plans are not read yet")
