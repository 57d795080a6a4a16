"""The staged pipeline composed in one place: discover -> extract -> normalize -> write.

A run is incremental: files whose size and modification time match the manifest
published with the current tables are not read again (their per-file results are
kept as shards); new and changed files are read, in worker processes when
``jobs`` > 1; deleted files leave the tables. The new table set, with its
manifest and shards, replaces the old one in one step.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from iflaplans.datapackage import DATAPACKAGE_FILE
from iflaplans.duckdb_export import write_duckdb
from iflaplans.errors import LockedError
from iflaplans.invariants import check_invariants
from iflaplans.manifest import (
    MANIFEST_FILE,
    ManifestEntry,
    load_manifest,
    manifest_json,
    published_counts,
)
from iflaplans.records import Document, PlanRecords, Problem, RunRecord
from iflaplans.results import FileResult
from iflaplans.ruledata import rules_version
from iflaplans.runs import new_run_id, now_utc, previous_runs
from iflaplans.schema import TABLES
from iflaplans.settings import Settings
from iflaplans.shards import SHARD_DIR, read_shard, shard_name, write_shard
from iflaplans.tables import build_tables
from iflaplans.versions import status_changes, with_versions
from iflaplans.write import (
    SCHEMA_FILE,
    publish,
    recover,
    staging_dir,
    write_csv,
    write_parquet,
    write_table_set,
)

if TYPE_CHECKING:
    from iflaplans.resources import Resources

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RunSummary:
    """Counts of one run, for the CLI's summary and for the scheduler."""

    out_dir: Path
    run_id: str
    files: int
    new: int
    changed: int
    unchanged: int
    reread: int
    removed: int
    documents: int
    failed: int
    activities: int
    events: int
    problems: int
    errors: int


def discover(corpus: Path, settings: Settings) -> list[Path]:
    """Every regular file under ``corpus`` (recursively), sorted, hidden files skipped.

    Symbolic links that lead outside the corpus are not followed.
    """
    root = corpus.resolve()
    found = []
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath) / name
            real = path.resolve()
            outside = not real.is_relative_to(root)
            if path.is_symlink() and outside and not settings.follow_symlinks_outside:
                continue
            if real.is_file():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(corpus).as_posix())


def run(
    corpus: Path,
    out_dir: Path,
    settings: Settings | None = None,
    resources: Resources | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    full: bool = False,
    rules_dir: Path | None = None,
    duckdb: bool = False,
) -> RunSummary:
    """Read the plans under ``corpus`` and publish the table set into ``out_dir``.

    Unchanged files are taken from the previous run unless ``full``; ``jobs``
    worker processes read the others (the output is the same for any ``jobs``).
    ``duckdb`` adds the tables as one DuckDB database (``iflaplans.duckdb``).
    Rule data is ``resources``, else loaded from ``rules_dir`` (or the package)
    when a file has to be read. The new set is built beside ``out_dir`` and
    swapped in at the end, so a failure leaves the previous set as it was.
    Raises :class:`LockedError` when another run holds the folder,
    :class:`RulesError` for bad rule files and :class:`InvariantError` when the
    tables are inconsistent (nothing is published then).
    """
    settings = Settings.resolve(settings)
    if resources is not None:
        rules_dir = resources.rules_dir
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(out_dir.parent / f".{out_dir.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise LockedError(
            f"another run is writing {out_dir}; try again when it ends", path=str(out_dir)
        ) from exc
    try:
        recover(out_dir)
        job = _Run(corpus, out_dir, settings, rules_dir, progress, jobs, full, duckdb, resources)
        return job.execute()
    finally:
        lock.release()


@dataclass(frozen=True)
class _Survey:
    """What a run has to do, decided from the manifest and the files' sizes and times."""

    paths: list[Path]
    kept: dict[str, ManifestEntry]  # files taken from the previous run, by path
    to_read: list[Path]
    new: int
    changed: int
    removed: int


@dataclass
class _Run:
    corpus: Path
    out_dir: Path
    settings: Settings
    rules_dir: Path | None
    progress: Progress | None
    jobs: int
    full: bool
    duckdb: bool
    loaded: Resources | None = None
    version: str = ""  # the parser version, fixed once at the start of the run

    def rel(self, path: Path) -> str:
        return path.relative_to(self.corpus).as_posix()

    def execute(self) -> RunSummary:
        started = now_utc()
        version = self.loaded.parser_version if self.loaded else rules_version(self.rules_dir)
        # Other limits can turn a problem into a plan (or back): results depend on them too.
        limits = hashlib.sha256(repr(self.settings).encode()).hexdigest()[:6]
        self.version = f"{version}.{limits}"
        previous = load_manifest(self.out_dir)
        survey = self.survey(discover(self.corpus, self.settings), previous)
        if not survey.to_read and not survey.removed and published_counts(self.out_dir):
            return self.republish(survey, started)
        results = self.kept_results(survey)
        lost = set(survey.kept) - set(results)  # kept, but their shard could not be read
        to_read = survey.to_read + [p for p in survey.paths if self.rel(p) in lost]
        done = len(survey.paths) - len(to_read)
        from iflaplans.reading import read_files  # the readers and rules, only when needed

        for path, result in read_files(
            to_read, self.corpus, self.settings, self.rules_dir, self.jobs, self.loaded
        ):
            done += 1
            if self.progress:
                self.progress(done, len(survey.paths), self.rel(path))
            results[self.rel(path)] = result
        plans, failed, problems, entries = self.collect(survey.paths, results)
        unchanged = len(survey.paths) - len(to_read)
        run = RunRecord(
            new_run_id(started),
            started,
            now_utc(),
            self.version,
            len(survey.paths),
            survey.new,
            survey.changed,
            unchanged,
            len(survey.paths) - survey.new - survey.changed - unchanged,
            survey.removed,
            sum(1 for r in results.values() if r.plan is None),
        )
        tables = build_tables(
            with_versions(plans),
            problems,
            failed,
            status_changes(plans),
            [*previous_runs(self.out_dir), run],
        )
        check_invariants(tables)
        counts = {
            "documents": len(plans),
            "activities": len(tables["activities"].rows),
            "events": len(tables["status_events"].rows),
            "problems": len(tables["problems"].rows),
            "errors": sum(1 for r in tables["problems"].rows if r[2] == "error"),
        }
        with self.staged() as staging:
            write_table_set(tables, staging)
            if self.duckdb:
                write_duckdb(staging)
            self.write_shards(staging, results, entries)
            self.write_manifest(staging, entries, counts)
        return self.summary(run, counts)

    @contextmanager
    def staged(self) -> Iterator[Path]:
        """A staging folder to build the next set in; published whole, or removed on failure."""
        staging = staging_dir(self.out_dir)
        try:
            yield staging
            publish(staging, self.out_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def survey(self, paths: list[Path], previous: dict[str, ManifestEntry]) -> _Survey:
        """Which files are new, changed or unchanged since the manifest was written."""
        kept: dict[str, ManifestEntry] = {}
        to_read: list[Path] = []
        new = changed = 0
        for path in paths:
            source = self.rel(path)
            old = previous.get(source)
            if old is None:
                new += 1
                to_read.append(path)
                continue
            stat = path.stat()
            sha = None
            same = not self.full and old.parser_version == self.version and old.shard is not None
            if same and (old.size, old.mtime_ns) != (stat.st_size, stat.st_mtime_ns):
                sha = _sha256(path)  # touched: only a hash tells whether it changed
                same = old.sha256 is not None and old.sha256 == sha
            if same:
                kept[source] = replace(old, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
                continue
            changed += old.sha256 != (sha or _sha256(path))
            to_read.append(path)
        removed = len(set(previous) - {self.rel(p) for p in paths})
        return _Survey(paths, kept, to_read, new, changed, removed)

    def kept_results(self, survey: _Survey) -> dict[str, FileResult]:
        """The previous run's results of unchanged files (a lost shard means reading again)."""
        results = {}
        for source, entry in survey.kept.items():
            result = read_shard(self.out_dir / SHARD_DIR / (entry.shard or ""))
            if result is not None:
                results[source] = result
        return results

    def republish(self, survey: _Survey, started: str) -> RunSummary:
        """Nothing changed: the same tables again, with one more row of run history."""
        entries = [survey.kept[self.rel(p)] for p in survey.paths]
        counts = published_counts(self.out_dir)
        failed = sum(1 for e in entries if e.status == "failed")
        run = RunRecord(
            new_run_id(started),
            started,
            now_utc(),
            self.version,
            len(entries),
            0,
            0,
            len(entries),
            0,
            0,
            failed,
        )
        runs = build_tables([], runs=[*previous_runs(self.out_dir), run])["runs"]
        with self.staged() as staging:
            (staging / SHARD_DIR).mkdir(parents=True)
            kept = [
                f"{t.name}.{ext}" for t in TABLES if t.name != "runs" for ext in ("csv", "parquet")
            ]
            kept += [SCHEMA_FILE, DATAPACKAGE_FILE] + [f"{SHARD_DIR}/{e.shard}" for e in entries]
            for name in kept:
                _link_or_copy(self.out_dir / name, staging / name)
            write_csv(runs, staging / "runs.csv")
            write_parquet(runs, staging / "runs.parquet")
            if self.duckdb:  # rebuilt, not linked: it holds the runs table too
                write_duckdb(staging)
            self.write_manifest(staging, entries, counts)
        return self.summary(run, counts)

    def summary(self, run: RunRecord, counts: dict[str, int]) -> RunSummary:
        files = [
            run.documents_seen,
            run.documents_new,
            run.documents_changed,
            run.documents_unchanged,
            run.documents_reread,
            run.documents_removed,
        ]
        seen, new, changed, unchanged, reread, removed = (n or 0 for n in files)
        return RunSummary(
            self.out_dir,
            run.run_id,
            seen,
            new,
            changed,
            unchanged,
            reread,
            removed,
            counts["documents"],
            run.documents_failed or 0,
            counts["activities"],
            counts["events"],
            counts["problems"],
            counts["errors"],
        )

    def collect(
        self, paths: list[Path], results: dict[str, FileResult]
    ) -> tuple[list[PlanRecords], list[Document], list[Problem], list[ManifestEntry]]:
        """Results in path order, duplicates folded, and the manifest entries."""
        plans: list[PlanRecords] = []
        failed: list[Document] = []
        problems: list[Problem] = []
        entries: list[ManifestEntry] = []
        seen: dict[str, str] = {}
        for path in paths:
            source = self.rel(path)
            result = results[source]
            stat = path.stat()
            status = result.plan.document.status if result.plan else "failed"
            shard = shard_name(source, result.sha256 or "", self.version)
            entries.append(
                ManifestEntry(
                    source,
                    stat.st_size,
                    stat.st_mtime_ns,
                    result.sha256,
                    self.version,
                    status,
                    shard,
                )
            )
            problems += result.problems
            record = result.plan.document if result.plan else result.failed
            if record is not None and record.sha256 in seen:
                problems.append(
                    Problem(
                        None,
                        source,
                        "warning",
                        "duplicate-file",
                        f"same bytes as {seen[record.sha256]}; read once, under that path. "
                        "Remove one of the copies.",
                    )
                )
                continue
            if record is not None:
                seen[record.sha256] = source
            if result.plan:
                plans.append(result.plan)
            elif result.failed:
                failed.append(result.failed)
        return plans, failed, problems, entries

    def write_shards(
        self, staging: Path, results: dict[str, FileResult], entries: list[ManifestEntry]
    ) -> None:
        """Each file's result as a shard; unchanged ones are linked from the current set."""
        shard_dir = staging / SHARD_DIR
        shard_dir.mkdir(parents=True, exist_ok=True)
        for entry in entries:
            name = entry.shard or ""
            current = self.out_dir / SHARD_DIR / name
            if current.exists():
                _link_or_copy(current, shard_dir / name)
            else:
                write_shard(shard_dir, name, results[entry.path])

    def write_manifest(
        self, staging: Path, entries: list[ManifestEntry], counts: dict[str, int]
    ) -> None:
        text = manifest_json(entries, self.version, counts)
        (staging / MANIFEST_FILE).write_text(text, encoding="utf-8")


def _sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _link_or_copy(source: Path, target: Path) -> None:
    """Shards never change once written, so the new set can share the old set's file."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
