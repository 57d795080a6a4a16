"""Bad input becomes problems rows; the other files of the batch are still written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from iflaplans.pipeline import run
from iflaplans.rules.resources import Resources
from tests.conftest import FIXTURES, GOLDEN

SEED = "it-section-action-plan-2019-2021.txt"
EXPECTED = {
    "action-plan-budget-2020.xlsx": "unsupported-format",
    "empty.pdf": "empty-file",
    "standing-committee-org-chart.png": "unsupported-format",
}


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> Path:
    corpus = tmp_path_factory.mktemp("mixed")
    shutil.copy(GOLDEN / SEED, corpus / SEED)
    shutil.copy(GOLDEN / SEED, corpus / "zz-copy-of-seed.txt")
    (corpus / "bad").mkdir()
    for name in EXPECTED:
        shutil.copy(FIXTURES / "bad" / name, corpus / "bad" / name)
    (corpus / "notes.txt").write_text("Minutes of the business meeting.\nNothing else.\n")
    (corpus / "budget.pdf.txt").write_bytes((FIXTURES / "bad" / "empty.pdf").read_bytes())
    out = tmp_path_factory.mktemp("mixed-out") / "out"
    run(corpus, out, resources=resources)
    return out


def _problems(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "problems.parquet")


@pytest.mark.parametrize(("name", "code"), EXPECTED.items())
def test_bad_file_gets_its_code(mixed_run: Path, name: str, code: str) -> None:
    problems = _problems(mixed_run)
    rows = problems[problems.source_path == f"bad/{name}"]
    assert list(rows.code) == [code]
    assert rows.iloc[0].severity == "error"
    assert len(rows.iloc[0].message) > 30, "the message says what is wrong and what to do"


def test_good_file_still_written(mixed_run: Path) -> None:
    docs = pd.read_parquet(mixed_run / "documents.parquet")
    seed = docs[docs.source_path == SEED]
    assert len(seed) == 1 and seed.iloc[0].status == "ok"
    acts = pd.read_parquet(mixed_run / "activities.parquet")
    assert (acts.document_id == seed.iloc[0].document_id).sum() == 13


def test_identical_bytes_are_one_document(mixed_run: Path) -> None:
    docs = pd.read_parquet(mixed_run / "documents.parquet")
    assert "zz-copy-of-seed.txt" not in set(docs.source_path)
    problems = _problems(mixed_run)
    dup = problems[problems.source_path == "zz-copy-of-seed.txt"]
    assert list(dup.code) == ["duplicate-file"] and dup.iloc[0].severity == "warning"


def test_text_without_a_plan_is_not_a_plan(mixed_run: Path) -> None:
    problems = _problems(mixed_run)
    assert list(problems[problems.source_path == "notes.txt"].code) == ["not-a-plan"]
    docs = pd.read_parquet(mixed_run / "documents.parquet")
    assert docs[docs.source_path == "notes.txt"].iloc[0].status == "failed"


def test_format_comes_from_content_not_name(mixed_run: Path) -> None:
    problems = _problems(mixed_run)
    assert list(problems[problems.source_path == "budget.pdf.txt"].code) == ["empty-file"]


def test_every_bad_sample_gets_its_code(tmp_path: Path, resources: Resources) -> None:
    """All of the bad inputs at once, beside a good plan that must still be written."""
    import json

    expected = json.loads((FIXTURES / "bad" / "expected.json").read_text())
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOLDEN / SEED, corpus / SEED)
    for name in expected:
        source = FIXTURES / "bad" / name
        shutil.copy(source if source.exists() else FIXTURES / "pdf" / "bad" / name, corpus / name)
    summary = run(corpus, tmp_path / "out", resources=resources)
    problems = pd.read_parquet(tmp_path / "out" / "problems.parquet")
    got = {p: set(g.code) for p, g in problems.groupby("source_path")}
    assert {name: {code} for name, code in expected.items()} == {n: got.get(n) for n in expected}
    assert summary.documents == 1 and summary.failed == len(expected)
    for message in problems.message:
        assert message.endswith(".") and len(message) > 40
