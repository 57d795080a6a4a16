"""The ``runs`` table: the output folder's history, one row per run."""

from __future__ import annotations

import csv
import secrets
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from iflaplans.publish.write import from_csv_text
from iflaplans.records import RunRecord


def now_utc() -> str:
    """The current time as ISO 8601 UTC, to the second (for the runs table only)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_run_id(started_at: str) -> str:
    """A unique, sortable run id: start time plus random hex."""
    return started_at.replace("-", "").replace(":", "") + "-" + secrets.token_hex(3)


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
