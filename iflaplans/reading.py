"""Reading files into :class:`FileResult`s: one at a time, with limits, or in worker processes.

Nothing a document contains can stop the batch: expected problems become
``problems`` rows with their code, and an unexpected exception in a reader
becomes an ``internal-error`` row naming the file.
"""

from __future__ import annotations

import hashlib
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from iflaplans.errors import (
    DocumentTimeout,
    EmptyFile,
    ExtractError,
    InvariantError,
    RulesError,
    UnsupportedFormat,
)
from iflaplans.extract.sniff import sniff_format
from iflaplans.invariants import check_invariants
from iflaplans.records import Document, Problem
from iflaplans.resources import Resources, load_resources
from iflaplans.results import FileResult
from iflaplans.settings import Settings
from iflaplans.shards import result_from_json, result_to_json
from iflaplans.tables import build_tables


def _problem(source: str, exc: ExtractError, document_id: str | None) -> Problem:
    message = exc.message.rstrip(".") + "." + (f" {exc.hint}" if exc.hint else "")
    return Problem(document_id, source, "error", exc.code, message, exc.location)


@contextmanager
def _time_limit(seconds: float, source: str) -> Iterator[None]:
    """Raise DocumentTimeout after ``seconds`` (where the system offers a timer signal)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise DocumentTimeout(f"reading took longer than {seconds:g} s", path=source)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _failed_document(source: str, data: bytes, sha: str) -> Document:
    try:
        fmt: str | None = sniff_format(data, source)
    except ExtractError:
        fmt = None
    return Document(
        sha[:16], source, fmt, sha, None, None, "unknown", None, None, None, None, "failed"
    )


def read_file(path: Path, corpus: Path, settings: Settings, resources: Resources) -> FileResult:
    """One file -> its :class:`FileResult`. Never raises for anything the file contains."""
    # The readers bring spaCy, pdfplumber and python-docx: only a process that reads
    # imports them, so the parent of the workers stays small.
    from iflaplans.extract import read_bytes, read_document
    from iflaplans.normalize import normalize

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
            f"the file cannot be opened ({exc.strerror}); check that it exists and is readable.",
        )
        return FileResult(source, None, None, (problem,))
    sha = hashlib.sha256(data).hexdigest()
    try:
        with _time_limit(settings.document_timeout, source):
            raw = read_document(
                data, source_path=source, settings=settings, headings=resources.headings
            )
            plan = normalize(raw, resources)
            # Checked here too, so a reader bug costs this file, not the whole publication.
            check_invariants(build_tables([plan]))
            return FileResult(source, plan, None, (), sha)
    except (UnsupportedFormat, EmptyFile) as exc:
        return FileResult(source, None, None, (_problem(source, exc, None),), sha)
    except ExtractError as exc:
        failed = _failed_document(source, data, sha)
        return FileResult(source, None, failed, (_problem(source, exc, sha[:16]),), sha)
    except InvariantError as exc:
        return _internal_error(
            source,
            data,
            sha,
            f"the records read from this file break the table rules ({exc.message}); "
            "it was left out. Please report this file to the iflaplans maintainers.",
        )
    except Exception as exc:  # a reader bug must cost one file, never the batch
        return _internal_error(
            source,
            data,
            sha,
            f"reading failed unexpectedly ({type(exc).__name__}: {exc}); "
            "please report this file to the iflaplans maintainers.",
        )


def _internal_error(source: str, data: bytes, sha: str, message: str) -> FileResult:
    """A file a reader bug kept out: its failed document row and an internal-error problem."""
    problem = Problem(sha[:16], source, "error", "internal-error", message)
    return FileResult(source, None, _failed_document(source, data, sha), (problem,), sha)


# ------------------------------------------------------------------ worker processes

_worker: dict[str, object] = {}  # per worker process: its settings and loaded resources


def _init_worker(settings: Settings, rules_dir: Path | None) -> None:
    _worker["settings"] = settings
    try:
        _worker["resources"] = load_resources(rules_dir)
    except RulesError as exc:
        # Raised from a task instead, so the parent sees bad rules, not a broken pool.
        _worker["error"] = exc


def _read_in_worker(path: Path, corpus: Path) -> str:
    if "error" in _worker:
        raise _worker["error"]  # type: ignore[misc]
    result = read_file(path, corpus, _worker["settings"], _worker["resources"])  # type: ignore[arg-type]
    # Sent as its shard JSON: the parent decodes it the way it decodes kept shards,
    # sharing repeated strings, which keeps a thousand-file run small.
    return result_to_json(result)


def _crashed(path: Path, corpus: Path) -> FileResult:
    source = path.relative_to(corpus).as_posix()
    problem = Problem(
        None,
        source,
        "error",
        "worker-crashed",
        "the process reading this file died (out of memory or a crash in a library); "
        "the file was skipped. Check it by itself with --jobs 1.",
    )
    return FileResult(source, None, None, (problem,))


def read_files(
    paths: Sequence[Path],
    corpus: Path,
    settings: Settings,
    rules_dir: Path | None,
    jobs: int,
    resources: Resources | None = None,
) -> Iterator[tuple[Path, FileResult]]:
    """Read ``paths``, yielding (path, result) as each one finishes (order not guaranteed).

    With ``jobs`` > 1 the files are read in that many worker processes, each
    loading the rules from ``rules_dir`` (None: the package's); a worker that dies
    costs only the files it was reading. Reading in this process uses
    ``resources`` when given, else loads them.
    """
    if jobs <= 1 or len(paths) <= 1:
        loaded = resources or load_resources(rules_dir)
        for path in paths:
            yield path, read_file(path, corpus, settings, loaded)
        return
    pending = list(paths)
    while pending:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(pending)),
            initializer=_init_worker,
            initargs=(settings, rules_dir),
        ) as pool:
            futures: dict[Future[str], Path] = {
                pool.submit(_read_in_worker, p, corpus): p for p in pending
            }
            pending = []
            broken = False
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for future in done:
                    path = futures.pop(future)
                    try:
                        yield path, result_from_json(future.result())
                    except BrokenProcessPool:
                        broken = True
                        pending.append(path)
            if broken:
                # The crash took every file in flight with it; read them one by one to
                # find the culprit without losing the others.
                for path in sorted(pending):
                    yield path, _read_isolated(path, corpus, settings, rules_dir)
                pending = []


def _read_isolated(
    path: Path, corpus: Path, settings: Settings, rules_dir: Path | None
) -> FileResult:
    with ProcessPoolExecutor(
        max_workers=1, initializer=_init_worker, initargs=(settings, rules_dir)
    ) as pool:
        try:
            return result_from_json(pool.submit(_read_in_worker, path, corpus).result())
        except BrokenProcessPool:
            return _crashed(path, corpus)
