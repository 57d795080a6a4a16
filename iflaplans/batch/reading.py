"""Reading files into :class:`FileResult`s: one at a time, with limits, or in worker processes.

Nothing a document contains can stop the batch: expected problems become
``problems`` rows with their code, and an unexpected exception in a reader
becomes an ``internal-error`` row naming the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from iflaplans.batch.results import FileResult
from iflaplans.batch.workers import Lost, Reader, supervise
from iflaplans.errors import (
    DocumentTimeout,
    EmptyFile,
    ExtractError,
    InternalError,
    InvariantError,
    MemoryLimit,
    UnreadableFile,
    UnsupportedFormat,
    WorkerCrashed,
)
from iflaplans.extract.sniff import sniff_format
from iflaplans.model.records import Document, Problem
from iflaplans.nightly.paths import source_name
from iflaplans.nightly.shards import result_from_json
from iflaplans.publish.invariants import check_invariants
from iflaplans.publish.tables import build_tables
from iflaplans.settings import Settings

if TYPE_CHECKING:
    from iflaplans.batch.spare import SpareWorker
    from iflaplans.rules.resources import Resources


def _problem(source: str, exc: ExtractError, document_id: str | None) -> Problem:
    message = exc.message.rstrip(".") + "." + (f" {exc.hint}" if exc.hint else "")
    return Problem(document_id, source, "error", exc.code, message, exc.location)


def _failed_document(source: str, data: bytes, sha: str) -> Document:
    try:
        fmt: str | None = sniff_format(data, source)
    except ExtractError:
        fmt = None
    return Document(
        sha[:16], source, fmt, sha, None, None, "unknown", None, None, None, None, "failed"
    )


def read_file(path: Path, corpus: Path, settings: Settings, resources: Resources) -> FileResult:
    """One file -> its :class:`FileResult`. Never raises for anything the file contains.

    This reads in the calling process, with no time limit: :func:`read_files`
    runs it in worker processes that hold the time and memory bounds.
    """
    # The readers bring spaCy, pdfplumber and python-docx: only a process that reads
    # imports them, so the parent of the workers stays small.
    from iflaplans.extract import read_bytes, read_document
    from iflaplans.normalize import normalize

    source = source_name(path, corpus)
    try:
        data = read_bytes(path, settings)
    except ExtractError as exc:
        return FileResult(source, None, None, (_problem(source, exc, None),))
    except OSError as exc:
        error = UnreadableFile(f"the file cannot be opened ({exc.strerror})", path=source)
        return FileResult(source, None, None, (_problem(source, error, None),))
    sha = hashlib.sha256(data).hexdigest()
    try:
        raw = read_document(
            data, source_path=source, settings=settings, headings=resources.headings
        )
        plan = normalize(raw, resources)
        # Checked here too, so a reader bug costs this file, not the whole publication.
        check_invariants(build_tables([plan]))
        return FileResult(source, plan, None, (), sha)
    except MemoryError:
        return _failed(source, data, sha, _memory_limit(source, settings))
    except (UnsupportedFormat, EmptyFile) as exc:
        return FileResult(source, None, None, (_problem(source, exc, None),), sha)
    except ExtractError as exc:
        return _failed(source, data, sha, exc)
    except InvariantError as exc:
        message = f"the records read from this file break the table rules ({exc.message})"
        return _failed(source, data, sha, InternalError(message, path=source))
    except Exception as exc:  # a reader bug must cost one file, never the batch
        message = f"reading failed unexpectedly ({type(exc).__name__}: {exc})"
        return _failed(source, data, sha, InternalError(message, path=source))


def _memory_limit(source: str, settings: Settings) -> MemoryLimit:
    limit = settings.max_document_memory
    return MemoryLimit(f"reading needed more than the limit of {limit:,} bytes", path=source)


def _failed(source: str, data: bytes, sha: str, exc: ExtractError) -> FileResult:
    """A file that could not be read: its failed document row and the problem."""
    failed = _failed_document(source, data, sha)
    return FileResult(source, None, failed, (_problem(source, exc, sha[:16]),), sha)


# ------------------------------------------------------------------ worker processes


def _lost_result(lost: Lost, corpus: Path, settings: Settings) -> FileResult:
    """The result of a document whose worker was killed at the time limit or died."""
    source = source_name(lost.path, corpus)
    if lost.reason == "timeout":
        exc: ExtractError = DocumentTimeout(
            f"reading took longer than the limit of {settings.document_timeout:g} s, "
            "so it was stopped",
            path=source,
        )
    elif lost.reason == "memory":
        exc = _memory_limit(source, settings)
    else:
        exc = WorkerCrashed(f"the process reading this file died: {lost.detail}", path=source)
    try:
        data = lost.path.read_bytes()
    except OSError:
        return FileResult(source, None, None, (_problem(source, exc, None),))
    return _failed(source, data, hashlib.sha256(data).hexdigest(), exc)


def read_files(
    paths: Sequence[Path],
    corpus: Path,
    settings: Settings,
    rules_dir: Path | None,
    jobs: int,
    resources: Resources | None = None,
    reader: Reader = read_file,
    while_starting: Callable[[], object] | None = None,
    spare: SpareWorker | None = None,
) -> Iterator[tuple[Path, FileResult]]:
    """Read ``paths`` in worker processes, yielding (path, result) as each one finishes.

    Up to ``jobs`` workers (one at least, whatever ``jobs`` is) each read one
    document at a time, with the rules of ``resources`` when given, else loaded
    from ``rules_dir`` (None: the package's). A document that runs past
    ``settings.document_timeout`` has its worker killed and becomes a ``timeout``
    problem; one that needs more than ``settings.max_document_memory`` becomes
    ``memory-limit``; a worker that dies costs only the document it was reading
    (``worker-crashed``). ``reader`` is what a worker runs for one file, and
    ``while_starting`` what this process does while the first workers start;
    ``spare`` is a worker started ahead, taken as the first one.
    Raises :class:`RulesError` for bad rule files.
    """
    for path, outcome in supervise(
        paths, corpus, settings, rules_dir, max(1, jobs), resources, reader, while_starting, spare
    ):
        if isinstance(outcome, Lost):
            yield path, _lost_result(outcome, corpus, settings)
        else:
            yield path, result_from_json(outcome)


def read_changed(
    corpus: Path,
    paths: Sequence[Path],
    settings: Settings,
    rules_dir: Path | None,
    jobs: int,
    resources: Resources | None,
    while_starting: Callable[[], object] | None = None,
    spare: SpareWorker | None = None,
) -> Iterator[tuple[str, FileResult]]:
    """(source name, result) of each of ``paths`` as it finishes (see :func:`read_files`);
    nothing, and no worker started, for no paths."""
    if not paths:
        return
    for path, result in read_files(
        paths, corpus, settings, rules_dir, jobs, resources, read_file, while_starting, spare
    ):
        yield source_name(path, corpus), result
