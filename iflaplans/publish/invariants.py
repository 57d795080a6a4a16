"""Checks a table set must pass before it is published. A breach is a bug, not bad input."""

from __future__ import annotations

from collections.abc import Mapping

from iflaplans.errors import InvariantError
from iflaplans.model.schema import TABLE_BY_NAME
from iflaplans.publish.tables import TableData
from iflaplans.years import describe_window, is_plausible_year

_YEAR_PAIRS = {
    "documents": [("period_start", "period_end")],
    "activities": [
        ("planned_start_year", "planned_end_year"),
        ("effective_start_year", "effective_end_year"),
    ],
    "status_events": [("year_from", "year_to")],
}


def _column(data: TableData, name: str) -> list[object]:
    index = data.table.column_names.index(name)
    return [row[index] for row in data.rows]


def check_invariants(tables: Mapping[str, TableData]) -> None:
    """Raise :class:`InvariantError` listing every breach: keys, references, enums, years."""
    breaches: list[str] = []
    for name, data in tables.items():
        table = TABLE_BY_NAME[name]
        if table.primary_key:
            idx = [table.column_names.index(c) for c in table.primary_key]
            keys = [tuple(row[i] for i in idx) for row in data.rows]
            if len(set(keys)) != len(keys):
                breaches.append(f"{name}: repeated key {table.primary_key}")
        for column in table.columns:
            values = _column(data, column.name)
            if column.required and any(v is None or v == "" for v in values):
                breaches.append(f"{name}.{column.name}: empty where required")
            if column.enum:
                bad = sorted({str(v) for v in values if v is not None and v not in column.enum})
                if bad:
                    breaches.append(f"{name}.{column.name}: values outside the list: {bad}")
        for low_col, high_col in _YEAR_PAIRS.get(name, []):
            for low, high in zip(_column(data, low_col), _column(data, high_col), strict=True):
                for column_name, year in ((low_col, low), (high_col, high)):
                    # normalize empties implausible years, so one left here is a bug
                    if isinstance(year, int) and not is_plausible_year(year):
                        window = describe_window()
                        breaches.append(f"{name}.{column_name}: year {year} outside {window}")
                if isinstance(low, int) and isinstance(high, int) and low > high:
                    breaches.append(f"{name}: {low_col} {low} after {high_col} {high}")
        for fk_column, target, target_column in table.foreign_keys:
            known = set(_column(tables[target], target_column))
            missing = {v for v in _column(data, fk_column) if v is not None and v not in known}
            if missing:
                breaches.append(f"{name}.{fk_column}: {len(missing)} rows point to no {target} row")
    if breaches:
        raise InvariantError("the tables break invariants: " + "; ".join(breaches))
