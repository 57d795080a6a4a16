"""A worker started before a run knows what it will read, so that its start-up (imports,
rules) overlaps the run's own: parsing options, taking the lock, surveying the corpus.

The command line starts it (:func:`spare_worker`) and hands it to the run, which tells
it which rules to load or that it is not needed (:meth:`SpareWorker.expect`); the first
:func:`~iflaplans.batch.workers.supervise` that loads the rules in its workers takes it
as its first worker, under the same time and memory bounds as the others.
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from iflaplans.batch.workers import _context, _detach, _fork, _stop, _Worker, _worker_main
from iflaplans.errors import RulesError

if TYPE_CHECKING:
    from iflaplans.batch.workers import Reader
    from iflaplans.rules.resources import Resources
    from iflaplans.settings import Settings


class SpareWorker:
    """One worker process waiting for its job; taken once, by the first run that reads."""

    def __init__(self, worker: _Worker) -> None:
        self._worker: _Worker | None = worker

    @property
    def pid(self) -> int | None:
        """The waiting process's id; None once it was taken or stopped."""
        return self._worker.process.pid if self._worker else None

    def expect(self, rules_dir: Path | None, reads: bool) -> None:
        """Have the worker load the rules of ``rules_dir`` (None: the package's) now when
        the run will read (``reads``), else stop it: its time is the run's again."""
        if self._worker is None:
            return
        if not reads:
            self.stop()
            return
        with contextlib.suppress(OSError):  # it has died: taking it reports that
            self._worker.conn.send(("rules", rules_dir))

    def take(
        self, corpus: Path, settings: Settings, rules_dir: Path | None, reader: Reader
    ) -> _Worker | None:
        """The waiting worker, given its job; None when there is none to take, or when
        ``reader`` cannot be sent to it (a local function: a worker is forked instead)."""
        worker = self._worker
        if worker is None:
            return None
        try:
            worker.conn.send(("job", corpus, settings, rules_dir, reader))
        except (pickle.PicklingError, AttributeError, TypeError):
            return None
        except OSError:
            pass  # it has died: the first poll reports it ended before it was ready
        self._worker = None
        return worker

    def stop(self) -> None:
        """End the worker if it is still waiting."""
        worker, self._worker = self._worker, None
        if worker is not None:
            _stop(worker)


@contextmanager
def spare_worker(warm_up: Callable[[], object]) -> Iterator[SpareWorker]:
    """A :class:`SpareWorker`, started now, that runs ``warm_up`` (imports, in that
    process) while it waits; it ends with the block, at once if it was never taken."""
    spare = SpareWorker(_fork(_context(), _spare_main, warm_up))
    try:
        yield spare
    finally:
        spare.stop()


def _spare_main(conn: Connection, warm_up: Callable[[], object]) -> None:
    """The spare's process: warm up, load the rules it is told, then read as any worker."""
    _detach()
    warm_up()
    loaded: tuple[Path | None, Resources] | None = None
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the run ended without reading, or its process died
            return
        if message[0] == "rules":
            loaded = _preload(message[1])
            continue
        _, corpus, settings, rules_dir, reader = message
        resources = loaded[1] if loaded is not None and loaded[0] == rules_dir else None
        _worker_main(conn, corpus, settings, rules_dir, resources, reader)
        return


def _preload(rules_dir: Path | None) -> tuple[Path | None, Resources] | None:
    from iflaplans.rules.resources import load_resources

    try:
        return rules_dir, load_resources(rules_dir)
    except RulesError:
        return None  # loaded again when the job comes, and reported then
