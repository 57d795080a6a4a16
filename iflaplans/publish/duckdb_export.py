"""The table set as one DuckDB database, with the views analysts ask for first.

Needs the optional ``duckdb`` package (``pip install 'iflaplans[duckdb]'``).
"""

from __future__ import annotations

from pathlib import Path

from iflaplans.model.schema import TABLES

DUCKDB_FILE = "iflaplans.duckdb"

VIEWS = {
    "activity_status": """
        SELECT a.activity_id, d.document_id, d.unit_id, d.unit_name, d.plan_id,
               d.period_start, d.period_end, d.is_latest, a.focus_area_no, a.row_no,
               a.title, a.current_status, a.planned_start_year, a.planned_end_year,
               a.effective_start_year, a.effective_end_year, a.funding_needed
        FROM activities a JOIN documents d USING (document_id)
    """,
    "status_counts": """
        SELECT unit_id, period_start, period_end, current_status, count(*) AS activities
        FROM activity_status
        GROUP BY ALL
        ORDER BY unit_id, period_start, current_status
    """,
    "activities_2020": """
        SELECT unit_id,
               count(*) AS planned_in_2020,
               count(*) FILTER (WHERE current_status = 'postponed') AS postponed,
               count(*) FILTER (WHERE current_status = 'cancelled') AS cancelled,
               count(*) FILTER (WHERE current_status = 'moved_online') AS moved_online,
               count(*) FILTER (WHERE current_status = 'ongoing') AS ongoing,
               count(*) FILTER (WHERE current_status = 'completed') AS completed
        FROM activity_status
        WHERE planned_start_year <= 2020 AND planned_end_year >= 2020 AND is_latest
        GROUP BY unit_id
        ORDER BY unit_id
    """,
}


def write_duckdb(folder: Path, name: str = DUCKDB_FILE) -> Path:
    """Load every Parquet table of ``folder`` into ``folder/name`` and add the views."""
    import duckdb

    path = folder / name
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        for table in TABLES:
            source = (folder / f"{table.name}.parquet").as_posix().replace("'", "''")
            con.execute(f"CREATE TABLE {table.name} AS SELECT * FROM read_parquet('{source}')")
        for view, query in VIEWS.items():
            con.execute(f"CREATE VIEW {view} AS {query}")
    return path
