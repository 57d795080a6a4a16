"""Records -> the contract's tables, as typed column data ready to write."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from iflaplans.records import Document, PlanRecords, Problem, RunRecord, StatusChange
from iflaplans.schema import TABLES, Table

if TYPE_CHECKING:
    import pandas as pd

PANDAS_DTYPES = {"str": "string", "Int64": "Int64", "bool": "boolean", "float": "float64"}


class TableData:
    """One table's rows as tuples in column order."""

    def __init__(self, table: Table, rows: list[tuple[Any, ...]]):
        self.table = table
        self.rows = rows

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a DataFrame with the contract's dtypes (nullable Int64, boolean, string)."""
        import pandas as pd  # only for callers that want a frame: the writer does not

        columns = (
            list(zip(*self.rows, strict=True)) if self.rows else [()] * len(self.table.columns)
        )
        data = {
            c.name: pd.array(list(values), dtype=PANDAS_DTYPES[c.type])
            for c, values in zip(self.table.columns, columns, strict=True)
        }
        return pd.DataFrame(data)


def _rows(records: Iterable[Any], table: Table) -> list[tuple[Any, ...]]:
    rows = []
    own: dict[type, tuple[str, ...]] = {}
    for record in records:
        kind = type(record)
        if kind not in own:
            own[kind] = tuple(f.name for f in fields(record))
        names = own[kind]
        # Columns a record does not hold (e.g. a failed file's counts) stay null.
        rows.append(tuple(getattr(record, c) if c in names else None for c in table.column_names))
    return rows


def build_tables(
    plans: Sequence[PlanRecords],
    problems: Sequence[Problem] = (),
    failed: Sequence[Document] = (),
    changes: Sequence[StatusChange] = (),
    runs: Sequence[RunRecord] = (),
) -> dict[str, TableData]:
    """Every document's records (and the run's problems) -> one :class:`TableData` per table.

    ``plans`` should be in a stable order (by source path); rows keep that order,
    so the same corpus gives the same bytes. ``failed`` are documents rows of
    files that were identified but could not be read; ``changes`` and ``runs``
    fill the ``status_changes`` and ``runs`` tables.
    """
    by_table: dict[str, list[Any]] = {t.name: [] for t in TABLES}
    for plan in plans:
        by_table["documents"].append(plan.document)
        by_table["focus_areas"] += plan.focus_areas
        by_table["key_initiatives"] += plan.key_initiatives
        by_table["activities"] += plan.activities
        by_table["tasks"] += plan.tasks
        by_table["status_events"] += plan.status_events
        by_table["unit_mentions"] += plan.unit_mentions
        by_table["problems"] += plan.problems
    by_table["documents"] += failed
    by_table["documents"].sort(key=lambda d: d.source_path)
    by_table["problems"] += problems
    by_table["status_changes"] += changes
    by_table["runs"] += runs
    by_table["problems"].sort(key=lambda p: (p.source_path, p.severity, p.code, p.location or ""))
    return {t.name: TableData(t, _rows(by_table[t.name], t)) for t in TABLES}
