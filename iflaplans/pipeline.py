"""The staged pipeline composed in one place: discover -> extract -> normalize -> write."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from iflaplans.errors import EmptyFile, ExtractError, LockedError, UnsupportedFormat
from iflaplans.extract import read_bytes, read_document
from iflaplans.extract.sniff import sniff_format
from iflaplans.invariants import check_invariants
from iflaplans.normalize import normalize
from iflaplans.records import Document, PlanRecords, Problem
from iflaplans.resources import Resources, load_resources
from iflaplans.settings import Settings
from iflaplans.tables import build_tables
from iflaplans.write import publish, recover, staging_dir, write_table_set

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class FileResult:
    """What one file gave: a document's records, or a failed document row and its problems."""

    source_path: str
    plan: PlanRecords | None
    failed: Document | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class RunSummary:
    """Counts of one run, for the CLI's summary and for the scheduler."""

    out_dir: Path
    files: int
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
            if (
                path.is_symlink()
                and not settings.follow_symlinks_outside
                and not real.is_relative_to(root)
            ):
                continue
            if real.is_file():
                found.append(path)
    return sorted(found, key=lambda p: p.relative_to(corpus).as_posix())


def _problem(source: str, exc: ExtractError, document_id: str | None) -> Problem:
    message = exc.message + (f" {exc.hint}" if exc.hint else "")
    return Problem(document_id, source, "error", exc.code, message, exc.location)


def read_file(path: Path, corpus: Path, settings: Settings, resources: Resources) -> FileResult:
    """One file -> its :class:`FileResult`. Expected data problems never raise."""
    source = path.relative_to(corpus).as_posix()
    try:
        data = read_bytes(path, settings)
    except ExtractError as exc:
        return FileResult(source, None, None, (_problem(source, exc, None),))
    except OSError as exc:
        problem = Problem(
            None,
            source,
            "error",
            "unreadable-file",
            f"the file cannot be opened ({exc.strerror}); check its permissions.",
        )
        return FileResult(source, None, None, (problem,))
    sha = hashlib.sha256(data).hexdigest()
    try:
        raw = read_document(
            data, source_path=source, settings=settings, headings=resources.headings
        )
        return FileResult(source, normalize(raw, resources), None, ())
    except (UnsupportedFormat, EmptyFile) as exc:
        return FileResult(source, None, None, (_problem(source, exc, None),))
    except ExtractError as exc:
        try:
            fmt: str | None = sniff_format(data, source)
        except ExtractError:
            fmt = None
        failed = Document(
            sha[:16], source, fmt, sha, None, None, "unknown", None, None, None, None, "failed"
        )
        return FileResult(source, None, failed, (_problem(source, exc, sha[:16]),))


def run(
    corpus: Path,
    out_dir: Path,
    settings: Settings | None = None,
    resources: Resources | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Read every plan under ``corpus`` and publish the table set into ``out_dir``.

    The new set is built beside ``out_dir`` and swapped in at the end, so a
    failure leaves the previous set as it was. Raises :class:`LockedError` when
    another run holds the folder, :class:`InvariantError` when the tables are
    inconsistent (nothing is published then).
    """
    settings = Settings.resolve(settings)
    resources = resources or load_resources()
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
        return _run_locked(corpus, out_dir, settings, resources, progress)
    finally:
        lock.release()


def _run_locked(
    corpus: Path, out_dir: Path, settings: Settings, resources: Resources, progress: Progress | None
) -> RunSummary:
    paths = discover(corpus, settings)
    plans: list[PlanRecords] = []
    failed: list[Document] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    unread = 0
    for i, path in enumerate(paths, start=1):
        if progress:
            progress(i, len(paths), path.relative_to(corpus).as_posix())
        result = read_file(path, corpus, settings, resources)
        problems += result.problems
        record = result.plan.document if result.plan else result.failed
        if record is not None and record.sha256 in seen:
            problems.append(
                Problem(
                    None,
                    result.source_path,
                    "warning",
                    "duplicate-file",
                    f"same bytes as {seen[record.sha256]}; read once, under that path. "
                    "Remove one of the copies.",
                )
            )
            continue
        if record is not None:
            seen[record.sha256] = result.source_path
        if result.plan:
            plans.append(result.plan)
            continue
        unread += 1
        if result.failed:
            failed.append(result.failed)
    tables = build_tables(plans, problems, failed)
    check_invariants(tables)
    staging = staging_dir(out_dir)
    try:
        write_table_set(tables, staging)
        publish(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    all_problems = tables["problems"].rows
    return RunSummary(
        out_dir=out_dir,
        files=len(paths),
        documents=len(plans),
        failed=unread,
        activities=len(tables["activities"].rows),
        events=len(tables["status_events"].rows),
        problems=len(all_problems),
        errors=sum(1 for r in all_problems if r[2] == "error"),
    )
