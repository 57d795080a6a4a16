"""HTML exports of plans."""

from __future__ import annotations

from iflaplans.errors import UnsupportedFormat
from iflaplans.records import Row
from iflaplans.settings import Settings


def read_html(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """HTML bytes -> (rows, None)."""
    raise UnsupportedFormat("HTML plans are not read yet")
