"""The spare worker a run starts before it knows what to read: it reads under the same
bounds as any worker, with the run's rules, and never outlives the run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from iflaplans.batch import workers
from iflaplans.batch.reading import read_file, read_files
from iflaplans.batch.results import FileResult
from iflaplans.batch.spare import SpareWorker, spare_worker
from iflaplans.cli import _import_readers, app
from iflaplans.errors import RulesError
from iflaplans.nightly.shards import result_to_json
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings

from .conftest import FIXTURES, GOLDEN

PLANS = (
    "it-section-action-plan-2019-2021.txt",
    "arl-action-plan-2019-2020.pdf",
    "rare-books-action-plan-2019-2021.docx",
)


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in PLANS:
        shutil.copy(GOLDEN / name, corpus / name)
    return corpus


def _pid_reader(path: Path, corpus: Path, settings: Settings, res: Resources) -> FileResult:
    """Which process read the file, and with which rules folder."""
    return FileResult(f"{os.getpid()} {res.rules_dir}", None, None, ())


def _hang(path: Path, corpus: Path, settings: Settings, res: Resources) -> FileResult:
    while True:
        time.sleep(0.05)


def _read(
    corpus: Path,
    reader: workers.Reader = read_file,
    spare: SpareWorker | None = None,
    **limits: float,
) -> dict[str, str]:
    paths = sorted(corpus.iterdir())
    settings = Settings(**limits)  # type: ignore[arg-type]
    found = read_files(paths, corpus, settings, None, 1, None, reader, spare=spare)
    return {path.name: result_to_json(result) for path, result in found}


def _sources(
    corpus: Path, rules: Path | None, reader: workers.Reader, spare: SpareWorker
) -> set[str]:
    paths = sorted(corpus.iterdir())
    found = read_files(paths, corpus, Settings(), rules, 1, None, reader, spare=spare)
    return {result.source_path for _, result in found}


def test_a_run_takes_the_spare_and_reads_what_a_forked_worker_reads(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    forked = _read(corpus)
    with spare_worker(_import_readers) as spare:
        spare.expect(None, reads=True)
        assert _read(corpus, spare=spare) == forked
        assert spare.pid is None  # taken
    with spare_worker(_import_readers) as spare:
        pid = spare.pid
        assert pid is not None
        spare.expect(None, reads=True)
        assert _sources(corpus, None, _pid_reader, spare) == {f"{pid} None"}


def test_the_spare_reads_with_the_rules_the_run_names(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    rules = tmp_path / "rules"
    rules.mkdir()  # no file of its own: the packaged ones
    with spare_worker(_import_readers) as spare:
        pid = spare.pid
        spare.expect(None, reads=True)  # other rules than the run's
        assert _sources(corpus, rules, _pid_reader, spare) == {f"{pid} {rules}"}


def test_bad_rules_stop_the_run_when_the_spare_preloaded_them(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "languages.yaml").write_text("en: [the, 3]\n")
    with spare_worker(_import_readers) as spare:
        spare.expect(rules, reads=True)
        paths = sorted(corpus.iterdir())
        with pytest.raises(RulesError, match="expected a list of words"):
            list(read_files(paths, corpus, Settings(), rules, 1, spare=spare))


def test_a_spare_that_died_is_replaced(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    forked = _read(corpus)
    with spare_worker(_import_readers) as spare:
        pid = spare.pid
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        spare.expect(None, reads=True)
        assert _read(corpus, spare=spare) == forked


def test_a_reader_that_cannot_be_sent_is_run_by_a_forked_worker(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)

    def local(path: Path, corpus: Path, settings: Settings, res: Resources) -> FileResult:
        return read_file(path, corpus, settings, res)

    with spare_worker(_import_readers) as spare:
        pid = spare.pid
        assert _read(corpus, local, spare) == _read(corpus)
        assert spare.pid == pid  # still waiting: the local reader could not be sent
        assert _read(corpus, spare=spare) == _read(corpus)
        assert spare.pid is None  # this read took it
    assert pid is not None and _ends_soon(pid)


def test_the_time_limit_holds_for_the_spare(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    with spare_worker(_import_readers) as spare:
        spare.expect(None, reads=True)
        started = time.monotonic()
        codes = _read(corpus, _hang, spare, document_timeout=1)
        assert spare.pid is None
    assert all('"code":"timeout"' in text for text in codes.values()), codes
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("how", ["unused", "not needed"])
def test_a_spare_the_run_does_not_take_ends(how: str) -> None:
    with spare_worker(_import_readers) as spare:
        pid = spare.pid
        assert pid is not None
        if how == "not needed":
            spare.expect(None, reads=False)
            assert spare.pid is None
            assert _ends_soon(pid)
    assert spare.pid is None
    assert _ends_soon(pid)


# Killed while its two workers (the spare, and one forked) read.
_KILLED = """
import multiprocessing, os, signal, sys, time
from pathlib import Path
from iflaplans.batch.reading import read_files
from iflaplans.batch.results import FileResult
from iflaplans.batch.spare import spare_worker
from iflaplans.cli import _import_readers
from iflaplans.settings import Settings

def slow(path, corpus, settings, res):
    time.sleep(0.5)
    return FileResult(str(os.getpid()), None, None, ())

corpus = Path(sys.argv[1])
paths = sorted(corpus.iterdir())
with spare_worker(_import_readers) as spare:
    for _ in read_files(paths, corpus, Settings(), None, 2, None, slow, spare=spare):
        print(*[child.pid for child in multiprocessing.active_children()], flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
"""


def _ends_soon(pid: int) -> bool:
    for _ in range(300):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"):
            return True
        time.sleep(0.1)
    return False


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED, str(corpus)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    pids = {int(line) for line in done.stdout.split()}
    assert len(pids) == 2, done.stdout  # the spare, and the worker forked beside it
    assert all(_ends_soon(pid) for pid in pids)
    assert "Error" not in done.stderr


def test_the_command_line_with_its_spare_writes_what_any_run_writes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    shutil.copy(FIXTURES / "bad" / "action-plan-budget-2020.xlsx", corpus)
    command = [sys.executable, "-m", "iflaplans", "run", str(corpus), "-q", "--out"]
    subprocess.run([*command, str(tmp_path / "one"), "-j", "1"], check=False, timeout=300)
    subprocess.run([*command, str(tmp_path / "two"), "-j", "2"], check=False, timeout=300)
    with pytest.raises(SystemExit):  # in this process: no spare
        app(["run", str(corpus), "-q", "--out", str(tmp_path / "here"), "-j", "1"])
    files = sorted(p for p in (tmp_path / "one").rglob("*") if p.is_file())
    assert len(files) > 20
    for path in files:
        if not path.name.startswith("runs."):
            for twin in ("two", "here"):
                other = tmp_path / twin / path.relative_to(tmp_path / "one")
                assert path.read_bytes() == other.read_bytes(), (twin, path.name)
