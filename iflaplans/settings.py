"""Run settings: one validated object passed to every stage that needs it."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class Settings:
    """Limits and switches of a run. All sizes are bytes, times seconds."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_pages: int = 300
    max_docx_uncompressed_bytes: int = 200 * 1024 * 1024
    max_docx_entries: int = 2_000
    max_cell_chars: int = 20_000
    document_timeout: float = 120.0
    max_document_memory: int = 1024 * 1024 * 1024
    follow_symlinks_outside: bool = False

    def __post_init__(self) -> None:
        bad = [
            f.name
            for f in fields(self)
            if isinstance(getattr(self, f.name), int | float)
            and not isinstance(getattr(self, f.name), bool)
            and not (math.isfinite(getattr(self, f.name)) and getattr(self, f.name) > 0)
        ]
        if bad:
            raise ValueError(f"settings must be positive finite numbers: {', '.join(bad)}")

    @classmethod
    def resolve(cls, value: Settings | dict[str, Any] | None) -> Settings:
        """Settings from ``None`` (defaults), a dict of overrides, or Settings itself."""
        if value is None:
            return cls()
        if isinstance(value, Settings):
            return value
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(unknown)}")
        return replace(cls(), **value)


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
