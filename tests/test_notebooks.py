"""The researchers' notebooks run against tables made from corpus/; committed without outputs."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from iflaplans.pipeline import run
from iflaplans.rules.resources import Resources

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 5


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    for cell in book.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.fixture(scope="module")
def corpus_outputs(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> Path:
    out = tmp_path_factory.mktemp("notebooks") / "outputs"
    run(ROOT / "corpus", out, resources=resources)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path: Path, corpus_outputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("IFLAPLANS_OUTPUTS", str(corpus_outputs))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    book = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        book, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute(env=dict(os.environ))
    errors = [o for c in book.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    printed = "".join(
        o.get("text", "")
        for c in book.cells
        for o in c.get("outputs", [])
        if o.output_type == "stream"
    )
    assert printed.strip(), "every notebook states its headline numbers"
