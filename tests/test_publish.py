"""Publishing: deterministic bytes, all-or-nothing replacement, one run at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from filelock import FileLock

from iflaplans.errors import LockedError
from iflaplans.model.schema import TABLES
from iflaplans.pipeline import run
from iflaplans.publish import write
from iflaplans.rules.resources import Resources
from tests.conftest import GOLDEN


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_runs_give_identical_bytes(tmp_path: Path, resources: Resources) -> None:
    run(GOLDEN, tmp_path / "a", resources=resources)
    run(GOLDEN, tmp_path / "b", resources=resources)
    a, b = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert sorted(a) == sorted(b)
    for name in a:
        if name.startswith("runs."):
            continue  # the run history holds each run's own id and times
        if name.endswith((".csv", ".json")):
            assert a[name] == b[name], name


def test_every_table_is_written_in_both_formats(tmp_path: Path, resources: Resources) -> None:
    run(GOLDEN, tmp_path / "out", resources=resources)
    names = {p.name for p in (tmp_path / "out").iterdir()}
    for table in TABLES:
        assert {f"{table.name}.csv", f"{table.name}.parquet"} <= names


def test_failed_run_leaves_previous_set_untouched(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run(GOLDEN, out, resources=resources)
    before = _snapshot(out)
    corpus = tmp_path / "corpus"
    shutil.copytree(GOLDEN, corpus)
    (corpus / "it-section-action-plan-2019-2021.txt").unlink()  # the next set would differ
    calls = {"n": 0}
    real = write.write_parquet

    def fail_on_third(data, path):  # a disk that fills up part-way through the set
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        real(data, path)

    monkeypatch.setattr(write, "write_parquet", fail_on_third)
    with pytest.raises(OSError):
        run(corpus, out, resources=resources)
    assert _snapshot(out) == before
    assert not list(tmp_path.glob(".out.staging-*")), "the half-written set is cleaned up"


def test_publish_replaces_the_whole_set(tmp_path: Path, resources: Resources) -> None:
    out = tmp_path / "out"
    run(GOLDEN, out, resources=resources)
    (out / "stale.csv").write_text("left over\n")
    run(GOLDEN, out, resources=resources)
    assert not (out / "stale.csv").exists()


def test_recover_restores_a_set_left_aside(tmp_path: Path, resources: Resources) -> None:
    out = tmp_path / "out"
    run(GOLDEN, out, resources=resources)
    before = _snapshot(out)
    # What a run killed between its two renames leaves: the old set aside, no current set.
    out.rename(tmp_path / ".out.previous")
    (tmp_path / ".out.staging-999").mkdir()
    write.recover(out)
    assert _snapshot(out) == before
    assert not (tmp_path / ".out.staging-999").exists()


def test_second_concurrent_run_is_refused(tmp_path: Path, resources: Resources) -> None:
    out = tmp_path / "out"
    with FileLock(str(tmp_path / ".out.lock")), pytest.raises(LockedError):
        run(GOLDEN, out, resources=resources)
    assert not out.exists()
