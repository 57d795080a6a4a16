"""Start-up: the command line and a run that reads nothing load none of the readers.

Each check runs in a fresh interpreter, since this one has imported everything.
(Times are measured by benchmarks/bench_startup.py, not asserted here.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GOLDEN

HEAVY = ("spacy", "lingua", "dateparser", "pdfplumber", "pdfminer", "docx", "pandas", "duckdb")
# The package's own readers and normalizers: only a process that reads loads them.
READERS = ("iflaplans.extract", "iflaplans.normalize", "iflaplans.rules.resources")

_LOADED = """
import json, sys
{body}
heavy = {heavy!r}
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""

_RUN = """
from iflaplans.cli import app
for args in {runs!r}:
    try:
        app(args)
    except SystemExit as end:
        assert end.code == 0, (args, end.code)
"""


def _heavy_modules_after(body: str) -> list[str]:
    script = _LOADED.format(body=body, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.splitlines()[-1])


# Loaded by the writer only: a run that publishes tables needs them, an import does not.
WRITER = ("pyarrow", "numpy")


def test_importing_the_pipeline_and_cli_loads_no_reader() -> None:
    assert _heavy_modules_after("import iflaplans.pipeline, iflaplans.cli") == []
    script = _LOADED.format(body="import iflaplans.pipeline, iflaplans.cli", heavy=WRITER)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []
    script = _LOADED.format(
        body="import iflaplans, iflaplans.pipeline, iflaplans.cli", heavy=READERS
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_a_run_over_an_empty_folder_loads_no_reader(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    runs = [["run", str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "-q"]]
    assert _heavy_modules_after(_RUN.format(runs=runs)) == []


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_night_with_nothing_new_loads_no_reader(tmp_path: Path, log_format: str) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(GOLDEN, corpus)
    args = ["run", str(corpus), "--out", str(tmp_path / "out"), "--log-format", log_format]
    subprocess.run([sys.executable, "-m", "iflaplans", *args, "-q"], check=True)
    assert _heavy_modules_after(_RUN.format(runs=[args])) == []
