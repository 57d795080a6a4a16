"""The staged pipeline composed in one place: discover -> extract -> normalize -> write.

A run is incremental: files whose size and modification time match the manifest
published with the current tables are not read again (their per-file results are
kept as shards); new and changed files are read, in worker processes when
``jobs`` > 1; deleted files leave the tables, while the files under a folder that
cannot be listed keep their last reading. The new table set, with its manifest and
shards, replaces the old one in one step, and only over a folder that holds no
other files. Files are named in the tables by :func:`iflaplans.nightly.paths.source_name`.

The analysts' corrections (:mod:`iflaplans.corrections.file`) are applied to the
readings on every run, after reading and before publishing; a run where only the
corrections file changed rebuilds the tables from the shards and reads no file.
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

from iflaplans.batch.results import FileResult
from iflaplans.corrections.file import CorrectionIssue, CorrectionsError, default_corrections_path
from iflaplans.errors import LockedError, advice
from iflaplans.nightly.manifest import (
    MANIFEST_FILE,
    ManifestEntry,
    load_manifest,
    manifest_json,
    published_corrections_sha256,
    published_counts,
    published_walk_problems,
)
from iflaplans.nightly.paths import check_output_folder, lock_file, source_name, walk_corpus
from iflaplans.nightly.runs import new_run_id, now_utc, previous_runs
from iflaplans.nightly.shards import SHARD_DIR, read_shard, shard_name, write_shard
from iflaplans.publish.datapackage import DATAPACKAGE_FILE
from iflaplans.publish.invariants import check_invariants
from iflaplans.publish.tables import build_tables
from iflaplans.publish.write import (
    SCHEMA_FILE,
    publish,
    recover,
    staging_dir,
    write_csv,
    write_parquet,
    write_table_set,
)
from iflaplans.records import (
    CorrectionRecord,
    Document,
    PlanRecords,
    Problem,
    RunRecord,
    StatusChange,
)
from iflaplans.ruledata import rules_version
from iflaplans.schema import TABLES
from iflaplans.settings import Settings

if TYPE_CHECKING:
    from iflaplans.corrections.file import Correction
    from iflaplans.resources import Resources

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RunSummary:
    """Counts of one run, for the CLI's summary and for the scheduler.

    ``unreadable_folders`` counts corpus folders that could not be listed; the
    files under them that the previous run knew keep their last reading.
    """

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
    unreadable_folders: int = 0


def discover(corpus: Path, settings: Settings, out_dir: Path | None = None) -> list[Path]:
    """Every regular file under ``corpus`` (recursively), sorted by source name.

    Hidden files, the output folder ``out_dir`` (when it is inside the corpus),
    symbolic links that lead outside the corpus and links that loop are skipped;
    see :func:`iflaplans.nightly.paths.walk_corpus`, which also says what it skipped.
    """
    return walk_corpus(corpus, settings, out_dir).files


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
    corrections: Path | None = None,
) -> RunSummary:
    """Read the plans under ``corpus`` and publish the table set into ``out_dir``.

    Unchanged files are taken from the previous run unless ``full``; ``jobs``
    worker processes read the others (the output is the same for any ``jobs``).
    ``duckdb`` adds the tables as one DuckDB database (``iflaplans.duckdb``).
    Rule data is ``resources``, else loaded from ``rules_dir`` (or the package)
    when a file has to be read. The new set is built beside ``out_dir`` and
    swapped in at the end, so a failure leaves the previous set as it was.
    ``out_dir`` may be inside the corpus (it is not read); it must be new, empty
    or an earlier run's set.
    ``corrections`` is the analysts' corrections file; without it, the file
    ``<corpus>.corrections.csv`` beside the corpus is applied when there is one.
    Raises :class:`OutputFolderError` (before anything is written) when
    publishing into ``out_dir`` would delete other files, :class:`LockedError`
    when another run holds the folder, :class:`RulesError` for bad rule files
    (:class:`CorrectionsError`, naming every bad line, for a bad corrections
    file) and :class:`InvariantError` when the tables are inconsistent (nothing
    is published then).
    """
    settings = Settings.resolve(settings)
    if resources is not None:
        rules_dir = resources.rules_dir
    if corrections is None:
        default = default_corrections_path(corpus)
        corrections = default if default.is_file() else None
    elif not corrections.is_file():
        issue = CorrectionIssue(0, "no such file")
        raise CorrectionsError(str(corrections), [issue])
    check_output_folder(out_dir, corpus)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_file(out_dir)))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise LockedError(
            f"another run is writing {out_dir}; try again when it ends", path=str(out_dir)
        ) from exc
    try:
        recover(out_dir)
        job = _Run(
            corpus,
            out_dir,
            settings,
            rules_dir,
            progress,
            jobs,
            full,
            duckdb,
            corrections,
            resources,
        )
        return job.execute()
    finally:
        lock.release()


@dataclass(frozen=True)
class _Survey:
    """What a run has to do, decided from the manifest and the files' sizes and times."""

    paths: dict[str, Path]  # the files found, by source name
    kept: dict[str, ManifestEntry]  # files taken from the previous run, by source name
    to_read: list[Path]
    new: int
    changed: int
    removed: int
    walk_problems: list[Problem]  # looping links, folders that could not be listed
    unreadable_folders: int

    @property
    def sources(self) -> list[str]:
        """Every file of the next set, in order: those found and those kept unseen."""
        return sorted(self.paths.keys() | self.kept.keys())


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
    corrections: Path | None
    loaded: Resources | None = None
    version: str = ""  # the parser version, fixed once at the start of the run
    corrections_sha256: str | None = None  # of the corrections file, read once per run

    def rel(self, path: Path) -> str:
        return source_name(path, self.corpus)

    def execute(self) -> RunSummary:
        started = now_utc()
        version = self.loaded.parser_version if self.loaded else rules_version(self.rules_dir)
        # Other limits can turn a problem into a plan (or back): results depend on them too.
        limits = hashlib.sha256(repr(self.settings).encode()).hexdigest()[:6]
        self.version = f"{version}.{limits}"
        fixes_text = self.corrections.read_bytes() if self.corrections else None
        self.corrections_sha256 = hashlib.sha256(fixes_text).hexdigest() if fixes_text else None
        previous = load_manifest(self.out_dir)
        survey = self.survey(previous)
        if (
            not survey.to_read
            and not survey.removed
            and published_counts(self.out_dir)
            and published_walk_problems(self.out_dir) == survey.walk_problems
            and published_corrections_sha256(self.out_dir) == self.corrections_sha256
        ):
            return self.republish(survey, started)
        # Checked before any file is read: a bad line stops the run with nothing published.
        fixes = self.load_corrections(fixes_text) if fixes_text else ()
        results = self.kept_results(survey)
        lost = set(survey.kept) - set(results)  # kept, but their shard could not be read
        to_read = survey.to_read + [p for s, p in survey.paths.items() if s in lost]
        # A file under a folder that cannot be listed cannot be read again either.
        gone = {s for s in lost if s not in survey.paths}
        sources = [s for s in survey.sources if s not in gone]
        done = len(sources) - len(to_read)
        if to_read:
            from iflaplans.batch.reading import (
                read_files,  # the readers and rules, only when needed
            )

            for path, result in read_files(
                to_read,
                self.corpus,
                self.settings,
                self.rules_dir,
                self.jobs,
                self.loaded,
                while_starting=_load_writer,
            ):
                done += 1
                source = self.rel(path)
                if self.progress:
                    self.progress(done, len(sources), source)
                results[source] = result
        plans, failed, problems, entries = self.collect(sources, survey, results)
        corrections: tuple[CorrectionRecord, ...] = ()
        if fixes:
            from iflaplans.corrections.apply import apply_corrections

            corrected = apply_corrections(plans, fixes)
            plans, corrections = list(corrected.plans), corrected.records
            problems += corrected.problems
        unchanged = len(sources) - len(to_read)
        run = RunRecord(
            new_run_id(started),
            started,
            now_utc(),
            self.version,
            len(sources),
            survey.new,
            survey.changed,
            unchanged,
            len(sources) - survey.new - survey.changed - unchanged,
            survey.removed + len(gone),
            sum(1 for s in sources if results[s].plan is None),
            self.corrections_sha256,
        )
        changes: list[StatusChange] = []
        if plans:
            from iflaplans.nightly.versions import status_changes, with_versions  # fuzzy matching

            plans, changes = with_versions(plans), status_changes(plans)
        tables = build_tables(
            plans,
            problems + survey.walk_problems,
            failed,
            changes,
            [*previous_runs(self.out_dir), run],
            max_chars=self.settings.max_cell_chars,
            corrections=corrections,
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
                from iflaplans.publish.duckdb_export import write_duckdb

                write_duckdb(staging)
            self.write_shards(staging, results, entries)
            self.write_manifest(staging, entries, counts, survey.walk_problems)
        return self.summary(run, counts, survey.unreadable_folders)

    def load_corrections(self, text: bytes) -> tuple[Correction, ...]:
        """The corrections file's lines, checked against the units of this run's rules."""
        from iflaplans.corrections.file import parse_corrections, unit_checker

        if self.loaded is not None:
            units = self.loaded.units
        else:
            from iflaplans.normalize.units import load_units
            from iflaplans.ruledata import rule_path

            units = load_units(rule_path(self.rules_dir, "ifla-units.csv"))
        path = str(self.corrections)
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CorrectionsError(path, [CorrectionIssue(0, f"not UTF-8 text: {exc}")]) from exc
        return parse_corrections(decoded, path, unit_checker(units))

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

    def survey(self, previous: dict[str, ManifestEntry]) -> _Survey:
        """Which files are new, changed or unchanged since the manifest was written.

        Files the manifest knows under a folder that cannot be listed now are kept
        as they were: a folder that is out of reach for a night does not take its
        plans out of the tables.
        """
        found = walk_corpus(self.corpus, self.settings, self.out_dir)
        paths = {self.rel(p): p for p in found.files}
        kept: dict[str, ManifestEntry] = {}
        to_read: list[Path] = []
        new = changed = 0
        for source, path in paths.items():
            old = previous.get(source)
            if old is None:
                new += 1
                to_read.append(path)
                continue
            size, mtime_ns = _stat(path)
            sha = None
            same = not self.full and old.parser_version == self.version and old.shard is not None
            if same and (old.size, old.mtime_ns) != (size, mtime_ns):
                sha = _sha256(path)  # touched: only a hash tells whether it changed
                same = old.sha256 is not None and old.sha256 == sha
            if same:
                kept[source] = replace(old, size=size, mtime_ns=mtime_ns)
                continue
            changed += old.sha256 != (sha or _sha256(path))
            to_read.append(path)
        hidden = [self.rel(folder) for folder, _ in found.unreadable]
        for source, entry in previous.items():
            if source not in paths and entry.shard and _under_any(source, hidden):
                kept[source] = entry
        removed = len(previous.keys() - paths.keys() - kept.keys())
        problems = found.problems(self.corpus)
        return _Survey(paths, kept, to_read, new, changed, removed, problems, len(found.unreadable))

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
        entries = [survey.kept[s] for s in survey.sources]
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
            self.corrections_sha256,
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
                from iflaplans.publish.duckdb_export import write_duckdb

                write_duckdb(staging)
            self.write_manifest(staging, entries, counts, survey.walk_problems)
        return self.summary(run, counts, survey.unreadable_folders)

    def summary(self, run: RunRecord, counts: dict[str, int], unreadable: int) -> RunSummary:
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
            unreadable,
        )

    def collect(
        self, sources: list[str], survey: _Survey, results: dict[str, FileResult]
    ) -> tuple[list[PlanRecords], list[Document], list[Problem], list[ManifestEntry]]:
        """Results in source-name order, duplicates folded, and the manifest entries."""
        plans: list[PlanRecords] = []
        failed: list[Document] = []
        problems: list[Problem] = []
        entries: list[ManifestEntry] = []
        seen: dict[str, str] = {}
        for source in sources:
            result = results[source]
            path = survey.paths.get(source)
            if path is None:  # under a folder that cannot be listed: as last seen
                entries.append(survey.kept[source])
            else:
                size, mtime_ns = _stat(path)
                status = result.plan.document.status if result.plan else "failed"
                shard = shard_name(source, result.sha256 or "", self.version)
                entries.append(
                    ManifestEntry(
                        source, size, mtime_ns, result.sha256, self.version, status, shard
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
                        + advice("duplicate-file"),
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
        self,
        staging: Path,
        entries: list[ManifestEntry],
        counts: dict[str, int],
        walk_problems: list[Problem],
    ) -> None:
        text = manifest_json(entries, self.version, counts, walk_problems, self.corrections_sha256)
        (staging / MANIFEST_FILE).write_text(text, encoding="utf-8")


def _under_any(source: str, folders: list[str]) -> bool:
    """Whether the source name ``source`` is inside one of the folders (source names too)."""
    return any(folder == "." or source.startswith(folder + "/") for folder in folders)


def _stat(path: Path) -> tuple[int, int]:
    """Size and modification time; -1 for a file gone meanwhile (the next run sees it gone)."""
    try:
        info = path.stat()
    except OSError:
        return -1, -1
    return info.st_size, info.st_mtime_ns


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


def _load_writer() -> object:
    """Import the Parquet writer (pyarrow, numpy) while the first worker loads the rules."""
    import iflaplans.publish.parquet

    return iflaplans.publish.parquet
