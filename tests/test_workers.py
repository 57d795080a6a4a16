"""Worker processes: the time limit and the memory bound hold whatever a reader does."""

from __future__ import annotations

import faulthandler
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from iflaplans.batch.reading import read_file, read_files
from iflaplans.batch.results import FileResult
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings

from .conftest import GOLDEN

SEED = GOLDEN / "it-section-action-plan-2019-2021.txt"


def _corpus(tmp_path: Path, *names: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    for name in names:
        (corpus / name).write_bytes(SEED.read_bytes())
    return corpus


def _stuck_on_hang(path: Path, corpus: Path, settings: Settings, res: Resources) -> FileResult:
    """A reader that never returns on files named hang*, and starts a child that never ends."""
    if path.name.startswith("hang"):
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        (corpus.parent / "child.pid").write_text(str(child.pid))
        while True:  # a library loop that no signal inside the process interrupts
            time.sleep(0.05)
    return read_file(path, corpus, settings, res)


def _crash_on_crash(path: Path, corpus: Path, settings: Settings, res: Resources) -> FileResult:
    if path.name.startswith("crash"):
        faulthandler.disable()  # the test's own crash needs no traceback on the console
        os.abort()
    return read_file(path, corpus, settings, res)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too: it only waits for its parent to read its status.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_past_the_time_limit_is_killed_with_its_children(
    tmp_path: Path, resources: Resources, jobs: int
) -> None:
    corpus = _corpus(tmp_path, "a-good.txt", "hang.txt", "z-good.txt")
    settings = Settings(document_timeout=1.5)
    started = time.monotonic()
    results = dict(
        read_files(
            sorted(corpus.iterdir()), corpus, settings, None, jobs, resources, _stuck_on_hang
        )
    )
    elapsed = time.monotonic() - started
    by_name = {p.name: r for p, r in results.items()}
    assert [p.code for p in by_name["hang.txt"].problems] == ["timeout"]
    assert "1.5 s" in by_name["hang.txt"].problems[0].message
    assert by_name["hang.txt"].failed is not None and by_name["hang.txt"].failed.status == "failed"
    for good in ("a-good.txt", "z-good.txt"):
        assert by_name[good].plan is not None and len(by_name[good].plan.activities) == 13
    # The whole read ends within the limit plus a margin for starting the workers.
    assert elapsed < 1.5 + 10
    child = int((tmp_path / "child.pid").read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the reader's own child outlived the time limit"


def test_a_crashing_worker_costs_only_its_document(tmp_path: Path, resources: Resources) -> None:
    corpus = _corpus(tmp_path, "a-good.txt", "crash.txt", "z-good.txt")
    results = {
        p.name: r
        for p, r in read_files(
            sorted(corpus.iterdir()), corpus, Settings(), None, 2, resources, _crash_on_crash
        )
    }
    assert [p.code for p in results["crash.txt"].problems] == ["worker-crashed"]
    assert "SIGABRT" in results["crash.txt"].problems[0].message
    assert all(results[g].plan is not None for g in ("a-good.txt", "z-good.txt"))


# Run in a fresh interpreter so that its children's peak memory is the workers' alone.
_MEMORY_SCRIPT = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    from iflaplans.batch.reading import read_file, read_files
    from iflaplans.settings import Settings

    def greedy(path, corpus, settings, resources):
        if path.name.startswith("greedy"):
            hoard = []
            for _ in range(64):  # up to 4 GiB, touched, 64 MiB at a time
                hoard.append(bytearray(64 << 20))
        return read_file(path, corpus, settings, resources)

    corpus = Path(sys.argv[1])
    settings = Settings(max_document_memory=int(sys.argv[2]))
    results = read_files(sorted(corpus.iterdir()), corpus, settings, None, 1, None, greedy)
    codes = {p.name: [q.code for q in r.problems] for p, r in results}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"codes": codes, "peak": peak}))
    """
)


def _worker_peak(corpus: Path, limit: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, str(corpus), str(limit)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's bound")
def test_a_document_needing_more_memory_than_the_limit_is_stopped_at_the_limit(
    tmp_path: Path,
) -> None:
    limit = 256 << 20
    baseline = _worker_peak(_corpus(tmp_path / "base", "a-good.txt"), limit)
    greedy = _worker_peak(_corpus(tmp_path / "bomb", "a-good.txt", "greedy.txt", "z.txt"), limit)
    assert greedy["codes"] == {"a-good.txt": [], "greedy.txt": ["memory-limit"], "z.txt": []}
    # The worker's peak stays under what a good plan needs plus the limit (and one chunk).
    assert greedy["peak"] <= baseline["peak"] + limit + (64 << 20), (greedy, baseline)


def _dies_at_once(*args: object) -> None:
    os._exit(3)


def test_workers_that_die_before_they_are_ready_stop_the_run(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iflaplans.batch import workers
    from iflaplans.errors import WorkerStartError

    corpus = _corpus(tmp_path, "a.txt", "b.txt")
    monkeypatch.setattr(workers, "_worker_main", _dies_at_once)
    with pytest.raises(WorkerStartError, match="3 worker processes died before reading"):
        list(read_files(sorted(corpus.iterdir()), corpus, Settings(), None, 1, resources))
