"""Publishing: records to tables, their invariants, CSV and Parquet, the data package,
DuckDB and the report."""
