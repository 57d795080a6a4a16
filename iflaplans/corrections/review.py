"""The review queue of a published table set, for the report and for ``iflaplans review``.

The queue is every activity a person should look at: one with an event read with
confidence below :data:`REVIEW_BELOW` (an ``unrecognized`` event has 0), or with a
warning about its row. A cell an analyst corrected has left it. ``review`` writes
the queue as a corrections file with the current reading filled in, so a person
edits the lines they know and keeps it as corrections.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from iflaplans.corrections.file import (
    CORRECTION_RULE,
    Correction,
    timeframe_hash,
    unit_checker,
    write_corrections,
)
from iflaplans.corrections.words import format_events
from iflaplans.model.schema import TABLE_BY_NAME
from iflaplans.publish.tables import PANDAS_DTYPES

if TYPE_CHECKING:
    from iflaplans.normalize.units import UnitIndex

REVIEW_BELOW = 0.5
_ROW = re.compile(r"^focus area (\d+), row (\d+)\b")


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """A published table; empty, with its columns, when the set predates it."""
    path = out_dir / f"{name}.parquet"
    if path.exists():
        return pd.read_parquet(path)
    columns = TABLE_BY_NAME[name].columns
    return pd.DataFrame({c.name: pd.array([], dtype=PANDAS_DTYPES[c.type]) for c in columns})


def corrected_activities(events: pd.DataFrame) -> set[str]:
    """Activities whose events an analyst wrote."""
    return set(events.loc[events.rule_id == CORRECTION_RULE, "activity_id"])


def row_problems(problems: pd.DataFrame) -> pd.DataFrame:
    """The problems that concern one row of a plan, with that row's ``activity_id``."""
    where = problems.location.fillna("").str.extract(_ROW)
    found = problems.document_id.notna() & where[0].notna()
    rows = problems[found].copy()
    rows["activity_id"] = (
        rows.document_id.astype(str) + "-" + where[0][found] + "-" + where[1][found]
    )
    return rows


def queue(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Doubtful events, and problems, with the corrected cells taken out.

    Problems that concern a corrected row leave the queue with it; the others
    (files that could not be read, whole-document warnings) stay.
    """
    events = read_table(out_dir, "status_events")
    problems = read_table(out_dir, "problems")
    done = corrected_activities(events)
    low = events[(events.confidence < REVIEW_BELOW) & ~events.activity_id.isin(done)]
    rows = row_problems(problems)
    solved = rows.index[rows.activity_id.isin(done)]
    return low, problems.drop(index=solved)


def review_corrections(out_dir: Path, units: UnitIndex | None = None) -> list[Correction]:
    """The review queue of the set in ``out_dir`` as corrections of ``events`` that
    repeat the current reading (applied unedited, they change no reading).

    ``units`` (default: the packaged list) tells which target units to write in
    quotes, as bodies outside the IFLA list.
    """
    from iflaplans.normalize.units import load_units

    known_unit = unit_checker(units or load_units())
    low, problems = queue(out_dir)
    acts = read_table(out_dir, "activities")
    docs = read_table(out_dir, "documents")
    events = read_table(out_dir, "status_events")
    doubts: dict[str, list[str]] = {}
    for e in low.itertuples(index=False):
        doubts.setdefault(e.activity_id, []).append(f"{e.event_type} at {e.confidence:g}")
    rows = row_problems(problems[problems.severity == "warning"])
    for p in rows.itertuples(index=False):
        doubts.setdefault(p.activity_id, []).append(str(p.code))
    chosen = acts[acts.activity_id.isin(doubts)].merge(
        docs[["document_id", "plan_id", "source_path", "is_latest"]], on="document_id", how="left"
    )
    # One line covers every version of the plan with the same cell: the latest names it.
    chosen["hash"] = chosen.timeframe_raw.fillna("").map(timeframe_hash)
    key = ["plan_id", "focus_area_no", "row_no", "hash"]
    chosen = chosen.sort_values(["is_latest", "source_path"], ascending=[False, True])
    chosen = chosen.drop_duplicates(key).sort_values(["source_path", "focus_area_no", "row_no"])
    by_activity = {k: g.sort_values("event_no") for k, g in events.groupby("activity_id")}
    found = []
    for a in chosen.itertuples(index=False):
        own = by_activity.get(a.activity_id)
        raw = "" if pd.isna(a.timeframe_raw) else str(a.timeframe_raw)
        found.append(
            Correction(
                plan_id=str(a.plan_id),
                focus_area_no=int(a.focus_area_no),
                row_no=int(a.row_no),
                timeframe_hash=timeframe_hash(raw),
                field="events",
                value=format_events(_records(own), known_unit) if own is not None else "",
                source_path=str(a.source_path),
                timeframe_raw=raw,
                activity_title="" if pd.isna(a.title) else str(a.title),
                doubt="; ".join(dict.fromkeys(doubts[a.activity_id])),
            )
        )
    return found


def _records(frame: pd.DataFrame) -> list[object]:
    """Rows as objects with attributes, nulls as None (pandas gives NA)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return list(clean.itertuples(index=False))


def write_review(out_dir: Path, target: Path, units: UnitIndex | None = None) -> int:
    """Write the review queue of ``out_dir`` to ``target`` as a corrections file; the number
    of cells in it."""
    found = review_corrections(out_dir, units)
    write_corrections(found, target)
    return len(found)
