"""The nightly ingestion: incremental runs, run history, versions, parallel reading, kills."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from iflaplans.cli import app
from iflaplans.pipeline import run
from iflaplans.rules.resources import Resources, load_resources
from tests.conftest import FIXTURES, GOLDEN
from tests.factory import variant, write_corpus

RULES = Path(__file__).resolve().parent.parent / "iflaplans" / "rules"


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{name}.parquet")


def _manifest(out: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((out / "manifest.json").read_text())["files"]}


class Night:
    """One night of the story: run the CLI, remember which files it read."""

    def __init__(self, corpus: Path, out: Path):
        self.corpus, self.out = corpus, out

    def run(self, *extra: str) -> tuple[int, set[str]]:
        result = CliRunner().invoke(
            app, ["run", str(self.corpus), "--out", str(self.out), "--jobs", "1", *extra]
        )
        read = {
            line.split("] ", 1)[1] for line in result.stderr.splitlines() if line.startswith("[")
        }
        return result.exit_code, read

    def last_run(self) -> pd.Series:
        return _table(self.out, "runs").iloc[-1]


def test_nightly_story(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_corpus(corpus, 2)
    night = Night(corpus, out)

    code, read = night.run()  # night 1: a fresh corpus
    assert code == 0 and read == {"plan-0000.txt", "plan-0001.txt"}
    assert night.last_run()[["documents_seen", "documents_new"]].tolist() == [2, 2]
    assert set(_manifest(out)) == {"plan-0000.txt", "plan-0001.txt"}

    (corpus / "plan-0002.txt").write_text(variant(2), encoding="utf-8")  # night 2: a new plan
    code, read = night.run()
    assert code == 0 and read == {"plan-0002.txt"}
    runs = night.last_run()
    assert runs[["documents_new", "documents_unchanged"]].tolist() == [1, 2]
    assert len(_table(out, "documents")) == 3

    first = corpus / "plan-0000.txt"  # night 3: a unit updates its plan
    first.write_text(first.read_text().replace("2020 Ongoing, irregular schedule.", "2020 Done."))
    code, read = night.run()
    assert read == {"plan-0000.txt"}
    assert night.last_run()[["documents_changed", "documents_unchanged"]].tolist() == [1, 2]
    acts = _table(out, "activities")
    assert "completed" in set(acts[acts.timeframe_raw == "2020 Done."].current_status)

    (corpus / "plan-0001.txt").unlink()  # night 4: a plan is withdrawn
    code, read = night.run()
    assert read == set() and night.last_run().documents_removed == 1
    assert "plan-0001.txt" not in set(_table(out, "documents").source_path)
    assert "plan-0001.txt" not in _manifest(out)

    shutil.copy(FIXTURES / "bad" / "standing-committee-org-chart.png", corpus / "chart.png")
    code, read = night.run()  # night 5: somebody drops an image in the folder
    assert code == 1 and read == {"chart.png"}
    problems = _table(out, "problems")
    assert list(problems[problems.source_path == "chart.png"].code) == ["unsupported-format"]
    assert len(_table(out, "documents")) == 2, "the plans are still published"

    os.utime(first, (time.time() + 60, time.time() + 60))  # night 6: touched, same bytes
    code, read = night.run()
    assert read == set() and night.last_run().documents_unchanged == 3

    code, read = night.run("--full")  # night 7: forced re-read
    assert read == {"plan-0000.txt", "plan-0002.txt", "chart.png"}
    assert night.last_run()[["documents_reread", "documents_unchanged"]].tolist() == [3, 0]
    assert len(_table(out, "runs")) == 7
    assert _table(out, "runs").run_id.is_unique


def test_new_rules_read_everything_again(tmp_path: Path, resources: Resources) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_corpus(corpus, 2)
    run(corpus, out, resources=resources)
    rules = tmp_path / "rules"
    rules.mkdir()
    text = (RULES / "languages.yaml").read_text()
    (rules / "languages.yaml").write_text(text + "\n# a researcher's edit\n")
    summary = run(corpus, out, resources=load_resources(rules))
    assert (summary.unchanged, summary.changed, summary.reread) == (0, 0, 2)
    assert _table(out, "runs").iloc[-1].parser_version != _table(out, "runs").iloc[0].parser_version


def test_plan_versions_and_status_changes(tmp_path: Path, resources: Resources) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    seed = (GOLDEN / "it-section-action-plan-2019-2021.txt").read_text(encoding="utf-8")
    older = seed.replace("\t2020 Moved to 2021\n", "\t2020\n").replace(
        "2020 Postponed to 2021.", "2020"
    )
    (corpus / "it-2019-2021-v1.txt").write_text(older, encoding="utf-8")
    (corpus / "it-2019-2021-v2.txt").write_text(seed, encoding="utf-8")
    run(corpus, out, resources=resources)
    docs = _table(out, "documents").set_index("source_path")
    assert docs.plan_id.nunique() == 1
    assert docs.plan_id.iloc[0] == "information-technology-section-2019-2021"
    assert (
        docs.loc["it-2019-2021-v2.txt"].is_latest and not docs.loc["it-2019-2021-v1.txt"].is_latest
    )
    changes = _table(out, "status_changes")
    assert len(changes) == 13
    moved = changes[changes.status_before != changes.status_after]
    assert sorted(zip(moved.status_before, moved.status_after, strict=True)) == [
        ("planned", "postponed"),
        ("planned", "postponed"),
    ]


def test_jobs_do_not_change_the_bytes(tmp_path: Path, resources: Resources) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    shutil.copy(FIXTURES / "bad" / "action-plan-budget-2020.xlsx", corpus)
    run(corpus, tmp_path / "one", resources=resources, jobs=1)
    run(corpus, tmp_path / "four", resources=resources, jobs=4)
    for path in sorted((tmp_path / "one").rglob("*")):
        if path.is_file() and not path.name.startswith("runs."):
            twin = tmp_path / "four" / path.relative_to(tmp_path / "one")
            assert path.read_bytes() == twin.read_bytes(), path.name


def _whole(out: Path) -> bool:
    """Every table readable and the manifest naming exactly the published documents."""
    names = {p.name for p in out.iterdir()}
    tables = [n for n in names if n.endswith(".parquet")]
    if len(tables) < 10 or "manifest.json" not in names:
        return False
    for name in tables:
        pd.read_parquet(out / name)
    manifest = _manifest(out)
    docs = set(_table(out, "documents").source_path)
    return docs <= set(manifest) and all(
        (out / "shards" / e["shard"]).exists() for e in manifest.values()
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_runs_leave_a_whole_set(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    write_corpus(corpus, 40)
    command = [
        sys.executable,
        "-m",
        "iflaplans",
        "run",
        str(corpus),
        "--out",
        str(out),
        "-q",
        "-j",
        "1",
    ]
    assert subprocess.run(command, check=False).returncode == 0
    published = {p.name for p in out.iterdir()}
    for i, delay in enumerate([0.3, 0.8, 1.2, 1.6, 2.0, 2.4, 2.8]):
        (corpus / f"plan-{i:04d}.txt").write_text(variant(i, revision=i + 1), encoding="utf-8")
        proc = subprocess.Popen([*command, "--full"])
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if out.exists():
            assert _whole(out), f"killed after {delay}s: the published set is not whole"
            assert {p.name for p in out.iterdir()} >= published - {"shards"}
    assert subprocess.run(command, check=False).returncode == 0, "the next run recovers"
    assert _whole(out)
    assert not list(tmp_path.glob(".out.staging-*")) and not (tmp_path / ".out.previous").exists()
