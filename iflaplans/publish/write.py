"""Writing the table set: CSV and Parquet side by side, published in one step."""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from iflaplans.errors import InvariantError
from iflaplans.model.schema import descriptor_json
from iflaplans.nightly.paths import backup_dir, staging_prefix
from iflaplans.publish.datapackage import write_datapackage
from iflaplans.publish.tables import TableData

SCHEMA_FILE = "schema.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_C_LONG_MAX = 2**31 - 1  # the csv module's limit is a C long, 32 bits on some systems


# A spreadsheet runs a cell that begins with one of these as a formula (OWASP's list);
# a quote is added to a text cell that begins with one, or with a quote itself, which
# keeps the rule reversible.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = (*FORMULA_TRIGGERS, "'")


def csv_text(value: str) -> str:
    """A text value as a CSV cell: a quote in front when a spreadsheet could run it.

    A value that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    (or with a single quote, so the rule can be undone) gets one single quote
    ``'`` in front; every other value is written as it is.
    """
    return "'" + value if value.startswith(_QUOTED) else value


def from_csv_text(cell: str) -> str:
    """The value a text cell written by :func:`csv_text` holds (its inverse)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_QUOTED) else cell


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
    fields holding a bare carriage return, which would otherwise split a row. Text
    columns go through :func:`csv_text`, so a spreadsheet never runs a cell as a
    formula (numbers are written as they are).
    """
    text = [c.type == "str" for c in data.table.columns]

    def cells(row: tuple[Any, ...]) -> list[str]:
        return [
            csv_text(v) if is_text and v else _csv_value(v)
            for v, is_text in zip(row, text, strict=True)
        ]

    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow(data.table.column_names)
        writer.writerows(cells(row) for row in data.rows)


def write_parquet(data: TableData, path: Path) -> None:
    """One table as Parquet with the contract's types (see :mod:`iflaplans.publish.parquet`)."""
    from iflaplans.publish.parquet import write_parquet as write_arrow  # pyarrow only when writing

    write_arrow(data, path)


@contextmanager
def _field_size_limit(limit: int) -> Iterator[None]:
    """The csv module's field size limit raised to ``limit`` for the block, then restored."""
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, limit))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def check_written(data: TableData, folder: Path) -> None:
    """Both files of a table hold the rows that were meant to be written (else a bug)."""
    name = data.table.name
    from iflaplans.publish.parquet import parquet_rows as count_rows

    parquet_rows = count_rows(folder / f"{name}.parquet")
    path = folder / f"{name}.csv"
    # The csv module refuses fields over its limit (131072 characters by default); what
    # the writer wrote must read back whatever its length, and no field is longer than
    # the file.
    with (
        _field_size_limit(min(path.stat().st_size + 1, _C_LONG_MAX)),
        open(path, encoding="utf-8", newline="") as fh,
    ):
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
    path = out_dir.parent / f"{staging_prefix(out_dir)}{os.getpid()}"
    if path.exists():
        shutil.rmtree(path)
    return path


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
    backup = backup_dir(out_dir)
    if backup.exists() and not out_dir.exists():
        os.rename(backup, out_dir)
    elif backup.exists():
        shutil.rmtree(backup)
    prefix = staging_prefix(out_dir)
    for stale in out_dir.parent.iterdir():
        if stale.name.startswith(prefix) and stale.is_dir():
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
    backup = backup_dir(out_dir)
    os.rename(out_dir, backup)
    os.rename(staging, out_dir)
    shutil.rmtree(backup)
