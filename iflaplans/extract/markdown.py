"""Markdown exports of plans (pipe tables)."""

from __future__ import annotations

from iflaplans.errors import UnsupportedFormat
from iflaplans.records import Row
from iflaplans.settings import Settings


def read_markdown(data: bytes, settings: Settings) -> tuple[list[Row], int | None]:
    """Markdown bytes -> (rows, None)."""
    raise UnsupportedFormat("Markdown plans are not read yet")
