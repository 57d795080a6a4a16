"""The published set as a store: one writer at a time, built aside, swapped in whole.

A run holds the output folder's lock, builds the next set in a staging folder
beside it (tables, shards, manifest) and publishes it in one step; on any
failure the staging folder is removed and the published set is as it was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from iflaplans.batch.results import FileResult
from iflaplans.errors import LockedError
from iflaplans.model.records import Problem, RunRecord
from iflaplans.model.schema import TABLES
from iflaplans.nightly.manifest import (
    MANIFEST_FILE,
    ManifestEntry,
    manifest_json,
    published_counts,
)
from iflaplans.nightly.paths import lock_file
from iflaplans.nightly.runs import previous_runs, run_record
from iflaplans.nightly.shards import SHARD_DIR, write_shard
from iflaplans.nightly.survey import Survey
from iflaplans.publish.datapackage import DATAPACKAGE_FILE
from iflaplans.publish.tables import TableData, build_tables
from iflaplans.publish.write import (
    SCHEMA_FILE,
    publish,
    recover,
    staging_dir,
    write_csv,
    write_parquet,
    write_table_set,
)


@dataclass(frozen=True)
class Manifest:
    """What the manifest of a set records besides its entries."""

    version: str  # the parser version the files were read with
    counts: dict[str, int]
    walk_problems: list[Problem]
    corrections_sha256: str | None


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the block, after tidying up a run that was killed.

    Raises :class:`LockedError` at once when another run holds it.
    """
    lock = FileLock(str(lock_file(out_dir)))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise LockedError(
            f"another run is writing {out_dir}; try again when it ends", path=str(out_dir)
        ) from exc
    try:
        recover(out_dir)
        yield
    finally:
        lock.release()


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """A staging folder to build the next set in; published whole, or removed on failure."""
    staging = staging_dir(out_dir)
    try:
        yield staging
        publish(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_shards(
    staging: Path, out_dir: Path, results: dict[str, FileResult], entries: list[ManifestEntry]
) -> None:
    """Each file's result as a shard; the ones the published set has are linked from it."""
    shard_dir = staging / SHARD_DIR
    shard_dir.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        name = entry.shard or ""
        current = out_dir / SHARD_DIR / name
        if current.exists():
            link_or_copy(current, shard_dir / name)
        else:
            write_shard(shard_dir, name, results[entry.path])


def write_manifest(staging: Path, entries: list[ManifestEntry], manifest: Manifest) -> None:
    """The manifest of the staged set: its files, parser version, counts and walk problems."""
    text = manifest_json(
        entries,
        manifest.version,
        manifest.counts,
        manifest.walk_problems,
        manifest.corrections_sha256,
    )
    (staging / MANIFEST_FILE).write_text(text, encoding="utf-8")


def publish_tables(
    out_dir: Path,
    tables: dict[str, TableData],
    results: dict[str, FileResult],
    entries: list[ManifestEntry],
    manifest: Manifest,
    duckdb: bool,
) -> None:
    """Publish a new set into ``out_dir``: the tables, (DuckDB,) shards and manifest."""
    with staged(out_dir) as staging:
        write_table_set(tables, staging)
        if duckdb:
            from iflaplans.publish.duckdb_export import write_duckdb

            write_duckdb(staging)
        write_shards(staging, out_dir, results, entries)
        write_manifest(staging, entries, manifest)


def republish(
    out_dir: Path,
    survey: Survey,
    started: str,
    version: str,
    corrections_sha256: str | None,
    duckdb: bool,
) -> tuple[RunRecord, dict[str, int]]:
    """Publish the same set again with one more row of run history: nothing changed.

    Returns the run's record and the published set's counts.
    """
    entries = [survey.kept[s] for s in survey.sources]
    failed = sum(1 for e in entries if e.status == "failed")
    n = len(entries)
    record = run_record(started, version, (n, 0, 0, n, 0, failed), corrections_sha256)
    totals = published_counts(out_dir)
    history = build_tables([], runs=[*previous_runs(out_dir), record])["runs"]
    manifest = Manifest(version, totals, survey.walk_problems, corrections_sha256)
    with staged(out_dir) as staging:
        link_published(out_dir, staging, entries)
        write_csv(history, staging / "runs.csv")
        write_parquet(history, staging / "runs.parquet")
        if duckdb:  # rebuilt, not linked: it holds the runs table too
            from iflaplans.publish.duckdb_export import write_duckdb

            write_duckdb(staging)
        write_manifest(staging, entries, manifest)
    return record, totals


def link_published(out_dir: Path, staging: Path, entries: list[ManifestEntry]) -> None:
    """Every file of the published set but the run history, linked into ``staging``."""
    (staging / SHARD_DIR).mkdir(parents=True, exist_ok=True)
    names = [f"{t.name}.{ext}" for t in TABLES if t.name != "runs" for ext in ("csv", "parquet")]
    names += [SCHEMA_FILE, DATAPACKAGE_FILE] + [f"{SHARD_DIR}/{e.shard}" for e in entries]
    for name in names:
        link_or_copy(out_dir / name, staging / name)


def link_or_copy(source: Path, target: Path) -> None:
    """Published files never change once written, so the new set can share the old set's."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
