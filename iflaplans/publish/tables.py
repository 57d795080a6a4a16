"""Records -> the contract's tables, as typed column data ready to write."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from iflaplans.errors import advice
from iflaplans.model.records import (
    CorrectionRecord,
    Document,
    PlanRecords,
    Problem,
    RunRecord,
    StatusChange,
)
from iflaplans.model.schema import TABLE_BY_NAME, TABLES, Table
from iflaplans.nightly.paths import escape_name

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


def _rows(
    records: Iterable[Any], table: Table, own: dict[type, tuple[str, ...]]
) -> list[tuple[Any, ...]]:
    rows = []
    for record in records:
        kind = type(record)
        if kind not in own:
            own[kind] = tuple(f.name for f in fields(record))
        names = own[kind]
        # Columns a record does not hold (e.g. a failed file's counts) stay null.
        rows.append(tuple(getattr(record, c) if c in names else None for c in table.column_names))
    return rows


_KEY_CHARS = 80  # of a key value quoted in a cell-too-long message
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_text(value: str) -> str:
    """``value`` with any lone surrogate (an undecodable file-name byte) written as an escape,
    the way :func:`iflaplans.nightly.paths.source_name` writes it, so it can be stored as UTF-8."""
    return _LONE_SURROGATE.sub(lambda m: escape_name(m.group()), value)


@dataclass(frozen=True)
class _Bound:
    """Where text cells longer than ``max_chars`` are cut, and the problems that says."""

    max_chars: int | None
    cut: list[Problem]

    def apply(
        self, rows: list[tuple[Any, ...]], table: Table, document_id: str | None, source: str
    ) -> list[tuple[Any, ...]]:
        """``rows`` (of the file ``source``) with every text cell bounded and valid UTF-8."""
        limit = self.max_chars
        for n, row in enumerate(rows):
            bad = [
                i
                for i, v in enumerate(row)
                if type(v) is str and ((limit and len(v) > limit) or not v.isascii())
            ]
            if not bad:
                continue
            cells = list(row)
            for i in bad:
                value = _valid_text(cells[i])
                if limit and len(value) > limit:
                    self.cut.append(
                        _cut_problem(table, i, row, len(value), limit, document_id, source)
                    )
                    value = value[:limit]
                cells[i] = value
            rows[n] = tuple(cells)
        return rows


def _cut_problem(
    table: Table,
    index: int,
    row: tuple[Any, ...],
    length: int,
    limit: int,
    document_id: str | None,
    source: str,
) -> Problem:
    column = table.column_names[index]
    names = table.primary_key or tuple(c.name for c in table.columns if c.required)
    key = ", ".join(
        f"{name} {str(row[table.column_names.index(name)])[:_KEY_CHARS]}"
        for name in names
        if name not in ("document_id", column)
    )
    where = f"{table.name}.{column}" + (f" ({key})" if key else "")
    what = f"{where} is {length} characters long; it was cut to its first {limit}."
    message = f"{what} {advice('cell-too-long')}"
    return Problem(
        document_id, source, "warning", "cell-too-long", message, f"{table.name}.{column}"
    )


def _plan_parts(plan: PlanRecords) -> Iterator[tuple[str, Sequence[Any]]]:
    yield "documents", (plan.document,)
    yield "focus_areas", plan.focus_areas
    yield "key_initiatives", plan.key_initiatives
    yield "activities", plan.activities
    yield "tasks", plan.tasks
    yield "status_events", plan.status_events
    yield "unit_mentions", plan.unit_mentions


def build_tables(
    plans: Sequence[PlanRecords],
    problems: Sequence[Problem] = (),
    failed: Sequence[Document] = (),
    changes: Sequence[StatusChange] = (),
    runs: Sequence[RunRecord] = (),
    max_chars: int | None = None,
    corrections: Sequence[CorrectionRecord] = (),
) -> dict[str, TableData]:
    """Every document's records (and the run's problems) -> one :class:`TableData` per table.

    ``plans`` should be in a stable order (by source path); rows keep that order,
    so the same corpus gives the same bytes. ``failed`` are documents rows of
    files that were identified but could not be read; ``changes`` and ``runs``
    fill the ``status_changes`` and ``runs`` tables, ``corrections`` the table of
    the analysts' corrections and their states.

    Text read from files is cut to ``max_chars`` characters (None: not cut), each
    cut with a ``cell-too-long`` warning naming the table, column and row; a text
    that joins many cells (a focus area's title over many rows) can pass the
    reader's limit on single cells. Any text that is not valid Unicode (a file name
    with undecodable bytes) is written with escapes, as source names are.
    """
    rows: dict[str, list[tuple[Any, ...]]] = {t.name: [] for t in TABLES}
    own: dict[type, tuple[str, ...]] = {}
    bound = _Bound(max_chars, [])
    for plan in plans:
        doc = plan.document
        for name, records in _plan_parts(plan):
            table = TABLE_BY_NAME[name]
            rows[name] += bound.apply(
                _rows(records, table, own), table, doc.document_id, doc.source_path
            )
    documents = TABLE_BY_NAME["documents"]
    for doc in failed:
        rows["documents"] += bound.apply(
            _rows([doc], documents, own), documents, doc.document_id, doc.source_path
        )
    rows["status_changes"] = _rows(changes, TABLE_BY_NAME["status_changes"], own)
    rows["runs"] = _rows(runs, TABLE_BY_NAME["runs"], own)
    # written by people, not read from plans: only made valid UTF-8, never cut
    corrections_table = TABLE_BY_NAME["corrections"]
    rows["corrections"] = _Bound(None, []).apply(
        _rows(corrections, corrections_table, own), corrections_table, None, ""
    )
    problem_table = TABLE_BY_NAME["problems"]
    for problem in [p for plan in plans for p in plan.problems] + list(problems):
        rows["problems"] += bound.apply(
            _rows([problem], problem_table, own),
            problem_table,
            problem.document_id,
            problem.source_path,
        )
    # The cut problems' own texts are short; they need only be valid UTF-8.
    cut_rows = _rows(bound.cut, problem_table, own)
    rows["problems"] += _Bound(None, []).apply(cut_rows, problem_table, None, "")
    source, severity, code, location = (
        problem_table.column_names.index(c) for c in ("source_path", "severity", "code", "location")
    )
    path_of = TABLE_BY_NAME["documents"].column_names.index("source_path")
    rows["documents"].sort(key=lambda r: r[path_of])
    rows["problems"].sort(key=lambda r: (r[source], r[severity], r[code], r[location] or ""))
    return {t.name: TableData(t, rows[t.name]) for t in TABLES}
