"""Worker processes that read one document at a time, each under a time and a memory bound.

The time limit is kept from outside: when a document runs past
``document_timeout`` its worker (with its process group, so anything it started
too) is killed and replaced, whatever the library inside was doing. The memory
bound is the operating system's: before each document the worker caps its own
address space at what it uses plus ``max_document_memory``, so an allocation past
the bound fails in that worker alone. Only the parent decides what a lost
document becomes; the other documents go on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iflaplans.errors import RulesError, WorkerStartError
from iflaplans.settings import Settings

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from iflaplans.batch.results import FileResult
    from iflaplans.batch.spare import SpareWorker
    from iflaplans.rules.resources import Resources

# What a worker runs for one file: (path, corpus, settings, resources) -> FileResult.
Reader = Callable[[Path, Path, Settings, "Resources"], "FileResult"]


@dataclass(frozen=True)
class Lost:
    """A document whose worker did not return a result, and why."""

    path: Path
    reason: str  # "timeout", "memory" or "crashed"
    detail: str  # for "crashed": how the process ended


def _address_space() -> int | None:
    """This process's mapped address space in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def bound_memory(limit: int) -> bool:
    """Cap this process's address space at its current size plus ``limit`` bytes.

    Returns False where the system offers no such bound (then only the time
    limit and the readers' own size checks hold).
    """
    try:
        import resource
    except ImportError:
        return False
    used = _address_space()
    if used is None:
        return False
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = used + limit
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ValueError, OSError):
        return False
    return True


def _detach() -> None:
    # Its own process group, so a kill at the time limit also ends what it started.
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _worker_main(
    conn: Connection,
    corpus: Path,
    settings: Settings,
    rules_dir: Path | None,
    resources: Resources | None,
    reader: Reader,
) -> None:
    _detach()
    try:
        if resources is None:
            from iflaplans.rules.resources import load_resources

            resources = load_resources(rules_dir)
    except RulesError as exc:
        conn.send(("rules-error", exc))
        return
    from iflaplans.nightly.shards import result_to_json

    conn.send(("ready", None))
    while True:
        try:
            path = conn.recv()
        except EOFError:
            return
        if path is None:
            return
        bound_memory(settings.max_document_memory)
        try:
            result = reader(path, corpus, settings, resources)
            # Sent as shard JSON: the parent decodes it the way it decodes kept shards.
            message = ("result", result_to_json(result))
        except MemoryError:
            message = ("memory", "")
        # After a failed allocation a fresh process is the safe place to go on.
        if message[0] == "memory" or any(p.code == "memory-limit" for p in result.problems):
            conn.send(("last-" + message[0], message[1]))
            return
        conn.send(message)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    path: Path | None = None
    deadline: float = 0.0
    ready: bool = False  # it has loaded the rules and taken work


# Workers that die before they are ready, one after another: the environment is broken
# (a missing module, no memory at all), and starting more would loop for ever.
_START_FAILURES = 3


def _context() -> Any:
    # fork: a worker shares the parent's loaded rules instead of loading its own copy.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _stop(worker: _Worker) -> None:
    """Kill a worker and everything in its process group; reap it."""
    pid = worker.process.pid
    if pid is not None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _ending(process: BaseProcess) -> str:
    code = process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if name == "SIGKILL":
            return "it was killed (SIGKILL), most likely because the system ran out of memory"
        return f"it was ended by {name}"
    return f"it exited with code {code}"


def supervise(
    paths: Sequence[Path],
    corpus: Path,
    settings: Settings,
    rules_dir: Path | None,
    jobs: int,
    resources: Resources | None,
    reader: Reader,
    while_starting: Callable[[], object] | None = None,
    spare: SpareWorker | None = None,
) -> Iterator[tuple[Path, str | Lost]]:
    """Read ``paths`` in up to ``jobs`` workers; yield (path, result JSON or :class:`Lost`).

    Results come in the order the documents finish. A worker that runs past the
    time limit is killed and its document is ``Lost(reason="timeout")``; one whose
    reader runs out of its memory bound gives ``Lost(reason="memory")``, one that
    dies ``Lost(reason="crashed")``; each is replaced while files remain.
    Raises :class:`RulesError` when a worker cannot load the rules, and
    :class:`WorkerStartError` when workers die, one after another, before they are ready.
    ``while_starting`` runs once in this process while the first workers load the rules
    (work the caller needs later, done in time that is otherwise spent waiting), and
    ``spare`` is a worker started ahead (:mod:`~iflaplans.batch.spare`), taken as the first.
    """
    pending = deque(paths)
    workers: list[_Worker] = []
    context = _context()
    failed_starts = 0
    try:
        while pending or any(w.path is not None for w in workers):
            busy = sum(1 for w in workers if w.path is not None)
            while len(workers) < min(jobs, len(pending) + busy):
                workers.append(
                    _start(context, corpus, settings, rules_dir, resources, reader, spare)
                )
            if while_starting is not None:
                while_starting()
                while_starting = None
            deadlines = [w.deadline for w in workers if w.path is not None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            wait([w.conn for w in workers] + [w.process.sentinel for w in workers], timeout)
            for worker in list(workers):
                kind, payload = _poll(worker)
                if kind == "busy":
                    continue
                path, worker.path = worker.path, None
                if kind == "ended" and not worker.ready:
                    failed_starts += 1
                    if failed_starts >= _START_FAILURES:
                        raise WorkerStartError(
                            f"{failed_starts} worker processes died before reading anything "
                            f"({_ending(worker.process)}); run with --jobs 1 and check the "
                            "installation"
                        )
                elif kind == "ready":
                    worker.ready, failed_starts = True, 0
                if kind not in ("ready", "result"):
                    _stop(worker)  # timed out, ended, or retiring after a failed allocation
                    workers.remove(worker)
                elif pending:
                    worker.path = pending.popleft()
                    worker.deadline = time.monotonic() + settings.document_timeout
                    # If it has just died, the next poll reports its document as lost.
                    with contextlib.suppress(OSError):
                        worker.conn.send(worker.path)
                if path is None:
                    continue
                if kind in ("result", "last-result"):
                    yield path, payload
                elif kind in ("timeout", "last-memory"):
                    yield path, Lost(path, kind.removeprefix("last-"), "")
                elif kind == "ended":
                    yield path, Lost(path, "crashed", _ending(worker.process))
    finally:
        for worker in workers:
            _stop(worker)


def _start(
    context: Any,
    corpus: Path,
    settings: Settings,
    rules_dir: Path | None,
    resources: Resources | None,
    reader: Reader,
    spare: SpareWorker | None,
) -> _Worker:
    # A spare started ahead loads the rules itself: it cannot take rules loaded here.
    taken = spare.take(corpus, settings, rules_dir, reader) if spare and not resources else None
    if taken is not None:
        return taken
    return _fork(context, _worker_main, corpus, settings, rules_dir, resources, reader)


def _fork(context: Any, target: Callable[..., None], *args: object) -> _Worker:
    """A worker process running ``target(its end of the pipe, *args)``."""
    parent_end, child_end = context.Pipe()
    process = context.Process(
        target=_child, args=(parent_end, target, child_end, *args), daemon=True
    )
    process.start()
    child_end.close()
    return _Worker(process, parent_end)


def _child(parent_end: Connection, target: Callable[..., None], *args: object) -> None:
    # The fork's copy of the parent's end, closed: when the parent dies (even killed),
    # the worker reads end-of-file and ends instead of waiting for ever.
    parent_end.close()
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the parent is gone
        target(*args)


def _poll(worker: _Worker) -> tuple[str, str]:
    """What a worker has to say now, as (kind, payload).

    kind is "ready", "result" or "last-result" (payload: the result's JSON),
    "last-memory" (the reader ran out of its memory bound, and the worker ends),
    "timeout" (the worker is past its deadline), "ended" (its process is gone
    with nothing left to read) or "busy" (nothing yet). Raises the worker's
    :class:`RulesError` when it could not load the rules.
    """
    try:
        if worker.conn.poll():
            kind, payload = worker.conn.recv()
            if kind == "rules-error":
                raise payload
            return kind, payload or ""
    except (EOFError, OSError):
        pass  # the pipe closed: the process ended (checked below)
    if not worker.process.is_alive():
        worker.process.join()
        return "ended", ""
    if worker.path is not None and time.monotonic() >= worker.deadline:
        return "timeout", ""
    return "busy", ""
