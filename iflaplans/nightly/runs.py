"""The ``runs`` table: the output folder's history, one row per run."""

from __future__ import annotations

import csv
import secrets
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from iflaplans.model.records import RunRecord
from iflaplans.publish.write import from_csv_text


def now_utc() -> str:
    """The current time as ISO 8601 UTC, to the second (for the runs table only)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_run_id(started_at: str) -> str:
    """A unique, sortable run id: start time plus random hex."""
    return started_at.replace("-", "").replace(":", "") + "-" + secrets.token_hex(3)


def run_record(
    started: str,
    version: str,
    counts: tuple[int, int, int, int, int, int],
    corrections_sha256: str | None,
) -> RunRecord:
    """The ``runs`` row of a run that started at ``started`` and ends now.

    ``counts`` are the files seen, new, changed, unchanged, removed and failed; the
    files read again are the rest of those seen.
    """
    seen, new, changed, unchanged, removed, failed = counts
    reread = seen - new - changed - unchanged
    return RunRecord(
        new_run_id(started),
        started,
        now_utc(),
        version,
        seen,
        new,
        changed,
        unchanged,
        reread,
        removed,
        failed,
        corrections_sha256,
    )


def previous_runs(out_dir: Path) -> list[RunRecord]:
    """The runs recorded in the currently published set (empty when there is none).

    Rows written before a column existed get null in it, so the history survives
    upgrades.
    """
    path = out_dir / "runs.csv"
    kinds = {f.name: str(f.type) for f in fields(RunRecord)}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError:
        return []
    history = []
    for row in rows:
        values: dict[str, Any] = {}
        for name, kind in kinds.items():
            text = row.get(name) or ""
            if "int" in kind:
                values[name] = int(text) if text.isdigit() else None
            elif "None" in kind:  # an optional text column: empty is null
                values[name] = from_csv_text(text) if text else None
            else:
                values[name] = from_csv_text(text)
        history.append(RunRecord(**values))
    return history


@dataclass(frozen=True)
class RunSummary:
    """Counts of one run, for the CLI's summary and for the scheduler.

    ``unreadable_folders`` counts corpus folders that could not be listed; the
    files under them that the previous run knew keep their last reading.
    """

    out_dir: Path
    run_id: str
    files: int
    new: int
    changed: int
    unchanged: int
    reread: int
    removed: int
    documents: int
    failed: int
    activities: int
    events: int
    problems: int
    errors: int
    unreadable_folders: int = 0

    @classmethod
    def of(
        cls, out_dir: Path, run: RunRecord, totals: dict[str, int], unreadable: int
    ) -> RunSummary:
        """The summary of the run recorded as ``run``, with the published set's ``totals``."""
        files = (
            run.documents_seen,
            run.documents_new,
            run.documents_changed,
            run.documents_unchanged,
            run.documents_reread,
            run.documents_removed,
        )
        seen, new, changed, unchanged, reread, removed = (n or 0 for n in files)
        return cls(
            out_dir,
            run.run_id,
            seen,
            new,
            changed,
            unchanged,
            reread,
            removed,
            totals["documents"],
            run.documents_failed or 0,
            totals["activities"],
            totals["events"],
            totals["problems"],
            totals["errors"],
            unreadable,
        )
