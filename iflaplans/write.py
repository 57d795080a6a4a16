"""Writing the table set: CSV and Parquet side by side, published in one step."""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import errno
import importlib.metadata
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from iflaplans.datapackage import write_datapackage
from iflaplans.errors import InvariantError
from iflaplans.schema import Table, descriptor_json
from iflaplans.tables import PANDAS_DTYPES, TableData

ARROW_TYPES = {"str": pa.string(), "Int64": pa.int64(), "bool": pa.bool_(), "float": pa.float64()}
_PANDAS_LOGICAL = {"str": "unicode", "Int64": "int64", "bool": "bool", "float": "float64"}
SCHEMA_FILE = "schema.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, "g")
    return str(value)


def write_csv(data: TableData, path: Path) -> None:
    """One table as CSV: UTF-8, header row, RFC 4180 quoting, empty field for null.

    Lines end in CRLF, as RFC 4180 has it; that also makes the csv module quote
    fields holding a bare carriage return, which would otherwise split a row.
    """
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(data.table.column_names)
        writer.writerows([_csv_value(v) for v in row] for row in data.rows)


def write_parquet(data: TableData, path: Path) -> None:
    """One table as Parquet with the contract's types (pandas reads integers back as Int64)."""
    schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in data.table.columns])
    # Column by column straight into Arrow: no DataFrame copy of the whole table, and no
    # pandas in the writing process; the pandas metadata makes pandas read the nullable
    # dtypes back.
    columns = [
        pa.array([row[i] for row in data.rows], type=field.type) for i, field in enumerate(schema)
    ]
    metadata = {b"pandas": pandas_metadata(data.table).encode()}
    table = pa.Table.from_arrays(columns, schema=schema.with_metadata(metadata))
    pq.write_table(table, path, compression="zstd")


def pandas_metadata(table: Table) -> str:
    """The ``pandas`` schema metadata (pandas' Parquet convention) for ``table``: JSON.

    It names each column's pandas dtype, so ``pd.read_parquet`` gives nullable
    Int64, boolean and string columns and no index.
    """
    columns = [
        {
            "name": c.name,
            "field_name": c.name,
            "pandas_type": _PANDAS_LOGICAL[c.type],
            "numpy_type": PANDAS_DTYPES[c.type],
            "metadata": None,
        }
        for c in table.columns
    ]
    return json.dumps(
        {
            "index_columns": [],
            "column_indexes": [],
            "columns": columns,
            "attributes": {},
            "creator": {"library": "pyarrow", "version": pa.__version__},
            "pandas_version": _installed_version("pandas"),
        }
    )


def _installed_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_written(data: TableData, folder: Path) -> None:
    """Both files of a table hold the rows that were meant to be written (else a bug)."""
    name = data.table.name
    parquet_rows = pq.read_metadata(folder / f"{name}.parquet").num_rows
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        csv_rows = sum(1 for _ in csv.reader(fh)) - 1
    if not parquet_rows == csv_rows == len(data.rows):
        raise InvariantError(
            f"{name}: wrote {len(data.rows)} rows but the Parquet file holds {parquet_rows} "
            f"and the CSV file {csv_rows}"
        )


def write_table_set(tables: Mapping[str, TableData], folder: Path) -> None:
    """Write every table (both formats) and the schema descriptor into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in tables.items():
        write_csv(data, folder / f"{name}.csv")
        write_parquet(data, folder / f"{name}.parquet")
        check_written(data, folder)
    (folder / SCHEMA_FILE).write_text(descriptor_json(), encoding="utf-8")
    write_datapackage(folder)


def staging_dir(out_dir: Path) -> Path:
    """A fresh folder beside ``out_dir`` to build the next set in (same file system)."""
    path = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    if path.exists():
        shutil.rmtree(path)
    return path


def _backup_dir(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.previous"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EPERM, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def recover(out_dir: Path) -> None:
    """Undo what a run killed while publishing left behind; stale staging folders go."""
    backup = _backup_dir(out_dir)
    if backup.exists() and not out_dir.exists():
        os.rename(backup, out_dir)
    elif backup.exists():
        shutil.rmtree(backup)
    for stale in out_dir.parent.glob(f".{out_dir.name}.staging-*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def publish(staging: Path, out_dir: Path) -> None:
    """Make ``staging`` the new ``out_dir`` in one step; the old set is removed after.

    Readers see either the old set or the new one, never a mix. Where the
    system cannot swap folders atomically, the old set is kept aside until the
    new one is in place, and :func:`recover` restores it if the run dies between.
    """
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    if _exchange(staging, out_dir):
        shutil.rmtree(staging)
        return
    backup = _backup_dir(out_dir)
    os.rename(out_dir, backup)
    os.rename(staging, out_dir)
    shutil.rmtree(backup)
