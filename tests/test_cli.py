"""The command line, run in-process: output, summary and exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from iflaplans.cli import app
from tests.conftest import FIXTURES, GOLDEN

runner = CliRunner()


def test_run_writes_tables_and_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(GOLDEN), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "10 documents, 111 activities" in result.stdout
    assert (tmp_path / "out" / "activities.parquet").exists()


def test_some_files_unread_exits_1(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(GOLDEN, corpus)
    shutil.copy(FIXTURES / "bad" / "standing-committee-org-chart.png", corpus)
    result = runner.invoke(app, ["run", str(corpus), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    assert (tmp_path / "out" / "problems.csv").read_text().count("unsupported-format") == 1


def test_missing_corpus_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


def test_locked_output_exits_3(tmp_path: Path) -> None:
    with FileLock(str(tmp_path / ".out.lock")):
        result = runner.invoke(app, ["run", str(GOLDEN), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "another run" in result.stderr


def test_bad_rules_exit_2_and_list_every_entry(tmp_path: Path) -> None:
    (tmp_path / "languages.yaml").write_text("en: [the, 3]\nfrench: [le]\n")
    result = runner.invoke(app, ["rules", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert "expected a list of words" in result.stderr
    assert "ISO 639-1" in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_run_with_bad_rules_exits_2_in_workers_too(tmp_path: Path, jobs: str) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "languages.yaml").write_text("en: [the, 3]\n")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(GOLDEN), "--out", str(out), "--rules", str(rules), "--jobs", jobs]
    )
    assert result.exit_code == 2, result.output
    assert "expected a list of words" in result.stderr
    assert not out.exists()


def test_schema_command_prints_the_schema_page() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert "## status_events" in result.stdout


def test_limits_are_settings_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(GOLDEN), "--out", str(out), "--limit", "max_pages=1"])
    assert result.exit_code == 1
    problems = (out / "problems.csv").read_text()
    assert problems.count("too-many-pages") == 2, "both multi-page PDFs are refused"
    result = runner.invoke(app, ["run", str(GOLDEN), "--out", str(out), "-q"])
    assert result.exit_code == 0, "other limits read the refused files again"
    bad = runner.invoke(app, ["run", str(GOLDEN), "--out", str(out), "--limit", "pages=1"])
    assert bad.exit_code == 2 and "max_pages" in bad.stderr
    for value in ("nan", "inf", "-5"):
        limit = f"document_timeout={value}"
        bad = runner.invoke(app, ["run", str(GOLDEN), "--out", str(out), "--limit", limit])
        assert bad.exit_code == 2 and "document_timeout" in bad.stderr, value
