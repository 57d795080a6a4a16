"""What reading one file gives, whatever happened to it."""

from __future__ import annotations

from dataclasses import dataclass

from iflaplans.model.records import Document, PlanRecords, Problem


@dataclass(frozen=True)
class FileResult:
    """A document's records, or a failed document row and its problems.

    ``sha256`` is the hash of the file's bytes (None when they could not be read).
    """

    source_path: str
    plan: PlanRecords | None
    failed: Document | None
    problems: tuple[Problem, ...]
    sha256: str | None = None
