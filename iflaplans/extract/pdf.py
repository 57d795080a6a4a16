"""PDF plans with pdfplumber."""

from __future__ import annotations

from iflaplans.errors import UnsupportedFormat
from iflaplans.records import Row
from iflaplans.settings import Settings


def read_pdf(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """PDF bytes -> (rows, page count)."""
    raise UnsupportedFormat("PDF plans are not read yet")
