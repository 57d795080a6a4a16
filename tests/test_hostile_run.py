"""A whole run over a corpus of hostile files beside good plans, as the nightly run meets it.

Each hostile file gets its code, the good plans are published whole, the run ends in
time, and its peak memory stays within the per-document limit over what the same run
needs for the good plans alone (read from the processes' own resource usage).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from . import hostile_pdfs
from .conftest import GOLDEN
from .test_hostile_readers import (
    PLAN,
    ZIP_OF_ZIPS,
    _cell,
    _declare,
    _edit_body,
    _padded_document,
    _repack,
    _set_span,
)

GOOD = [
    GOLDEN / "it-section-action-plan-2019-2021.txt",
    GOLDEN / "rare-books-action-plan-2019-2021.docx",
    GOLDEN / "arl-action-plan-2019-2020.pdf",
]
LIMIT = 512 << 20  # max_document_memory for these runs

# The CLI in a child process; prints the peak resident set of that process and of
# every process it waited for (its workers), as the kernel counts them.
_MEASURED_RUN = textwrap.dedent(
    """
    import json, resource, subprocess, sys
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"code": done.returncode, "peak": peak, "stderr": done.stderr[-2000:]}))
    """
)


def _grid_span_bomb() -> bytes:
    """A small Word plan with one cell spanning two billion grid columns."""
    widen = _edit_body(lambda root: _set_span(_cell(root, "2022"), "2000000000"))
    return _repack(PLAN, {"word/document.xml": widen})


def _lying_sizes() -> bytes:
    """A Word plan whose main part declares its true size but inflates to 300 MiB."""
    padded, size = _padded_document(300 << 20)
    return _declare(padded, "word/document.xml", size)


def _span_bomb_page() -> bytes:
    cells = '<td rowspan="65534" colspan="1000">x</td>' * 300
    return (f"<table><tr>{cells}</tr>" + "<tr>" * 20_000 + "</table>").encode()


HOSTILE = {
    "flate-bomb.pdf": (lambda: hostile_pdfs.flate_bomb(), "decompression-bomb"),
    "object-stream-bomb.pdf": (lambda: hostile_pdfs.object_stream_bomb(), "decompression-bomb"),
    "image-bomb.pdf": (lambda: hostile_pdfs.huge_image(), "no-text-layer"),
    "no-pages.pdf": (hostile_pdfs.no_pages, "empty-file"),
    "cyclic-page-tree.pdf": (hostile_pdfs.cyclic_kids, "corrupt-file"),
    "refers-to-itself.pdf": (hostile_pdfs.self_reference, "corrupt-file"),
    "span-bomb.html": (_span_bomb_page, "decompression-bomb"),
    "lying-sizes.docx": (_lying_sizes, "zip-bomb"),
    "zip-of-zips.docx": (lambda: ZIP_OF_ZIPS, "corrupt-file"),
}


def _good_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for plan in GOOD:
        shutil.copy(plan, folder / plan.name)
    return folder


def _measured_run(corpus: Path, out: Path) -> dict:
    command = [
        str(Path(sys.executable).parent / "iflaplans"),
        "run",
        str(corpus),
        "--out",
        str(out),
        "--jobs",
        "2",
        "--limit",
        f"max_document_memory={LIMIT}",
        "--limit",
        "document_timeout=30",
        "-q",
    ]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_RUN, *command],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's bound")
def test_hostile_corpus_gets_its_codes_and_keeps_memory_and_time_bounded(tmp_path: Path) -> None:
    baseline = _measured_run(_good_corpus(tmp_path / "good"), tmp_path / "good-out")
    assert baseline["code"] == 0, baseline["stderr"]

    corpus = _good_corpus(tmp_path / "corpus")
    for name, (build, _) in HOSTILE.items():
        (corpus / name).write_bytes(build())
    (corpus / "grid-span-bomb.docx").write_bytes(_grid_span_bomb())
    os.mkfifo(corpus / "upload.pipe")
    (corpus / "loop").symlink_to("loop")
    out = tmp_path / "out"
    started = time.monotonic()
    hostile = _measured_run(corpus, out)
    elapsed = time.monotonic() - started
    assert hostile["code"] == 1, hostile["stderr"]

    problems = pd.read_parquet(out / "problems.parquet")
    codes = dict(zip(problems.source_path, problems.code, strict=True))
    expected = {name: code for name, (_, code) in HOSTILE.items()}
    expected |= {"upload.pipe": "unsupported-format", "loop": "symlink-loop"}
    assert codes == expected

    documents = pd.read_parquet(out / "documents.parquet")
    activities = pd.read_parquet(out / "activities.parquet")
    for plan in GOOD:
        [document_id] = documents[documents.source_path == plan.name].document_id
        assert (activities.document_id == document_id).any(), plan.name
    # A span of two billion columns is capped at the table's grid: that plan is read too.
    [spans] = documents[documents.source_path == "grid-span-bomb.docx"].document_id
    assert (activities.document_id == spans).sum() == 1
    good = pd.read_parquet(tmp_path / "good-out" / "activities.parquet")
    assert len(activities) == len(good) + 1, "every activity of the good plans is published"
    # No document got near the time limit: the bombs are refused before they are spent.
    assert elapsed < 30 + 30
    assert hostile["peak"] <= baseline["peak"] + LIMIT, (hostile["peak"], baseline["peak"])
