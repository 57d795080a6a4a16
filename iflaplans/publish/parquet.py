"""Tables as Parquet files: Arrow columns built from their buffers, with pandas metadata.

Imported only when a table is written: pyarrow and numpy cost a run that reads
nothing most of its start-up, and a parent process imports them while its first
worker loads the rules.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from iflaplans.model.schema import Table
from iflaplans.publish.tables import PANDAS_DTYPES, TableData

ARROW_TYPES = {"str": pa.string(), "Int64": pa.int64(), "bool": pa.bool_(), "float": pa.float64()}
_PANDAS_LOGICAL = {"str": "unicode", "Int64": "int64", "bool": "bool", "float": "float64"}
_STRING_COLUMN_BYTES = 2**31 - 1  # Arrow's string offsets are 32-bit


def _bitmap(flags: list[bool]) -> pa.Buffer:
    """Arrow's bit-packed form of ``flags`` (least significant bit first)."""
    return pa.py_buffer(np.packbits(np.array(flags, dtype=bool), bitorder="little"))


def _arrow_column(values: list[Any], kind: str) -> pa.Array:
    """One column as an Arrow array, built from its buffers.

    ``pa.array`` on a list imports pandas to look for pandas objects first, which
    costs a run that reads nothing most of its time; the buffers are simple.
    """
    count = len(values)
    present = [v is not None for v in values]
    nulls = count - sum(present)
    validity = _bitmap(present) if nulls else None
    if kind == "str":
        data = [v.encode("utf-8") if v is not None else b"" for v in values]
        ends = np.cumsum(np.fromiter(map(len, data), dtype=np.int64, count=count))
        if count and ends[-1] > _STRING_COLUMN_BYTES:
            raise ValueError(f"a text column of {ends[-1]} bytes is too large for one table")
        offsets = np.concatenate(([0], ends)).astype(np.int32)
        buffers = [validity, pa.py_buffer(offsets), pa.py_buffer(b"".join(data))]
    elif kind == "Int64":
        numbers = np.fromiter((v or 0 for v in values), dtype=np.int64, count=count)
        buffers = [validity, pa.py_buffer(numbers)]
    elif kind == "float":
        floats = np.fromiter((v or 0.0 for v in values), dtype=np.float64, count=count)
        buffers = [validity, pa.py_buffer(floats)]
    else:  # bool
        buffers = [validity, _bitmap([bool(v) for v in values])]
    column = pa.Array.from_buffers(ARROW_TYPES[kind], count, buffers, null_count=nulls)
    column.validate()
    return column


def write_parquet(data: TableData, path: Path) -> None:
    """One table as Parquet with the contract's types (pandas reads integers back as Int64)."""
    schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in data.table.columns])
    # Column by column straight into Arrow: no DataFrame copy of the whole table, and no
    # pandas in the writing process; the pandas metadata makes pandas read the nullable
    # dtypes back.
    columns = [
        _arrow_column([row[i] for row in data.rows], c.type)
        for i, c in enumerate(data.table.columns)
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


def prepare() -> None:
    """Do the writer's one-time work now (finding the pandas version the metadata names),
    so that it is not waited for when the first table is written."""
    _installed_version("pandas")


@cache  # looked up for every table written; installing a package means a new process
def _installed_version(distribution: str) -> str | None:
    import importlib.metadata  # only when writing

    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def parquet_rows(path: Path) -> int:
    """The number of rows a Parquet file holds, read from its footer."""
    return int(pq.read_metadata(path).num_rows)
