"""Hostile surroundings: the output folder, the corpus's links, names and folders, huge and
formula-like cells. Every case runs the pipeline on a corpus holding a good plan beside
the hostile thing and checks that the good plan is published whole."""

from __future__ import annotations

import csv
import ctypes
import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from iflaplans.cli import app
from iflaplans.nightly import paths
from iflaplans.nightly.paths import OutputFolderError, path_from_source_name, source_name
from iflaplans.pipeline import run
from iflaplans.publish.write import csv_text, from_csv_text
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
GOOD = ROOT / "corpus" / "it-section-action-plan-2019-2021.txt"
OTHER = ROOT / "corpus" / "cataloguing-action-plan-2019-2021.txt"
GOOD_ACTIVITIES = 13  # rows of the good plan's activity tables

runner = CliRunner()


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(GOOD, corpus / GOOD.name)
    return corpus


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{name}.parquet")


def _csv(out: Path, name: str) -> list[dict[str, str]]:
    with open(out / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _good_plan_published(out: Path, source: str = GOOD.name) -> None:
    docs = _table(out, "documents")
    [document_id] = docs[docs.source_path == source].document_id
    acts = _table(out, "activities")
    assert (acts.document_id == document_id).sum() == GOOD_ACTIVITIES
    rows = [r for r in _csv(out, "activities") if r["document_id"] == document_id]
    assert len(rows) == GOOD_ACTIVITIES


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _problems(out: Path, code: str) -> pd.DataFrame:
    problems = _table(out, "problems")
    return problems[problems.code == code]


# ------------------------------------------------------------------ 1. the output folder


def test_out_naming_the_corpus_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    before = _snapshot(tmp_path)
    result = runner.invoke(app, ["run", str(corpus), "--out", str(corpus), "-q"])
    assert result.exit_code == 2
    assert f"--out {corpus}: is the corpus folder" in result.stderr
    assert _snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]  # no lock file either


def test_out_holding_the_corpus_is_refused(tmp_path: Path, resources: Resources) -> None:
    corpus = _corpus(tmp_path)
    before = _snapshot(tmp_path)
    with pytest.raises(OutputFolderError, match="holds the corpus") as caught:
        run(corpus, tmp_path, resources=resources)
    assert caught.value.path == str(tmp_path)
    assert _snapshot(tmp_path) == before


def test_a_foreign_folder_is_refused_and_keeps_its_files(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "ideas.txt").write_text("keep me\n")
    result = runner.invoke(app, ["run", str(corpus), "--out", str(notes), "--log-format", "json"])
    assert result.exit_code == 2
    [line] = [json.loads(x) for x in result.stderr.splitlines()]
    assert line["event"] == "error" and line["path"] == str(notes)
    assert "not an iflaplans table set (ideas.txt)" in line["message"]
    assert [p.name for p in notes.iterdir()] == ["ideas.txt"]
    assert (notes / "ideas.txt").read_text() == "keep me\n"
    assert not (tmp_path / ".notes.lock").exists()


def test_an_empty_folder_takes_the_tables(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "empty"
    out.mkdir()
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    _good_plan_published(out)


def test_an_earlier_output_is_published_over(tmp_path: Path, resources: Resources) -> None:
    corpus = _corpus(tmp_path)
    out = tmp_path / "out"
    run(corpus, out, resources=resources)
    shutil.copy(OTHER, corpus / OTHER.name)
    summary = run(corpus, out, resources=resources)
    assert (summary.new, summary.unchanged, summary.documents) == (1, 1, 2)
    _good_plan_published(out)


def test_a_file_or_a_link_as_out_is_refused(tmp_path: Path, resources: Resources) -> None:
    corpus = _corpus(tmp_path)
    (tmp_path / "file").write_text("x")
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    with pytest.raises(OutputFolderError, match="is a file"):
        run(corpus, tmp_path / "file", resources=resources)
    with pytest.raises(OutputFolderError, match="is a symbolic link"):
        run(corpus, tmp_path / "link", resources=resources)
    assert (tmp_path / "file").read_text() == "x" and not any((tmp_path / "real").iterdir())


# ------------------------------------------------------------------ 2. output inside the corpus


def test_an_output_folder_inside_the_corpus_is_not_read(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out = corpus / "tables"
    for _night in range(2):
        result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
        assert result.exit_code == 0, result.stderr
    # What a killed run leaves beside the output is not read either.
    (corpus / ".tables.staging-999").mkdir()
    shutil.copy(OTHER, corpus / ".tables.staging-999" / "x.txt")
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    assert list(_table(out, "documents").source_path) == [GOOD.name]
    assert list(_table(out, "runs").documents_seen) == [1, 1, 1]
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == [GOOD.name]
    _good_plan_published(out)


def test_walk_skips_the_output_and_its_siblings(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    out = corpus / "tables"
    for name in ("tables", ".tables.previous", ".tables.staging-1", "tables-notes"):
        (corpus / name).mkdir()
        shutil.copy(OTHER, corpus / name / "plan.txt")
    (corpus / ".tables.lock").write_text("")
    found = paths.walk_corpus(corpus, Settings(), out)
    assert [source_name(p, corpus) for p in found.files] == [GOOD.name, "tables-notes/plan.txt"]


# ------------------------------------------------------------------ 3. symbolic-link loops


def test_symlink_loops_are_skipped_with_a_warning(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up").symlink_to("..", target_is_directory=True)
    (corpus / "a").symlink_to("b")
    (corpus / "b").symlink_to("a")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr  # a warning: no plan was lost
    _good_plan_published(out)
    loops = _problems(out, "symlink-loop")
    assert list(loops.source_path) == ["a", "b", "sub/up"]
    assert set(loops.severity) == {"warning"}
    assert loops.message.iloc[2] == (
        "the symbolic link points at the corpus folder, which holds it, so following it "
        "would never end; it was skipped. Remove the link or point it at a file."
    )
    # The next night finds the same links and has nothing to read: the same set again.
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--log-format", "json"])
    summary = json.loads(result.stderr.splitlines()[-1])
    assert (summary["exit_code"], summary["unchanged"], summary["problems"]) == (0, 1, 3)
    assert len(_problems(out, "symlink-loop")) == 3


def test_a_named_pipe_is_named_and_never_opened(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    os.mkfifo(corpus / "plan-upload.pipe")  # opening it to read would wait for a writer
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 1, result.stderr
    _good_plan_published(out)
    [row] = _problems(out, "unsupported-format").itertuples()
    assert (row.source_path, row.severity) == ("plan-upload.pipe", "error")
    assert row.message.startswith("the entry is a named pipe (FIFO), not a file")


# ------------------------------------------------------------------ 4. names that are not UTF-8


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("plan.txt", "plan.txt"),
        ("sub/plan 2021.txt", "sub/plan 2021.txt"),
        ("café.txt", "café.txt"),
        ("caf\udce9.txt", "caf\\xE9.txt"),  # cp1252 é, as Python hands the byte over
        ("a\\xE9.txt", "a\\\\xE9.txt"),  # a real backslash stays apart from an escape
        ("line\nbreak.txt", "line\\x0Abreak.txt"),
        ("tab\there.txt", "tab\\x09here.txt"),
    ],
)
def test_source_names_are_readable_and_reversible(raw: str, name: str) -> None:
    corpus = Path("corpus")
    assert source_name(corpus / raw, corpus) == name
    assert path_from_source_name(name, corpus) == corpus / raw
    name.encode("utf-8")  # always storable


def test_a_name_that_is_not_utf8_is_read_and_named_losslessly(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    raw = os.path.join(os.fsencode(corpus), b"caf\xe9.txt")
    with open(raw, "wb") as fh:
        fh.write(OTHER.read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--log-format", "json"])
    assert result.exit_code == 0, result.stderr
    _good_plan_published(out)
    name = "caf\\xE9.txt"
    assert sorted(_table(out, "documents").source_path) == [name, GOOD.name]
    assert name in [r["source_path"] for r in _csv(out, "documents")]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [f["path"] for f in manifest["files"]] == [name, GOOD.name]
    assert os.fsencode(path_from_source_name(name, corpus)) == raw
    logged = [json.loads(line) for line in result.stderr.splitlines()]
    assert name in {e.get("path") for e in logged}
    # The next night finds its shard by the same name: nothing to read.
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0
    assert _table(out, "runs").documents_unchanged.iloc[-1] == 2


# ------------------------------------------------------------------ 5. unreadable folders


def _two_folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    corpus = _corpus(tmp_path)
    private = corpus / "private"
    private.mkdir()
    shutil.copy(OTHER, private / OTHER.name)
    return corpus, private, tmp_path / "out"


def _kept_after_unreadable(out: Path, corpus: Path) -> None:
    """The state after a run that could not list ``private``: its plan kept, an error row."""
    _good_plan_published(out)
    hidden = f"private/{OTHER.name}"
    assert sorted(_table(out, "documents").source_path) == [GOOD.name, hidden]
    [row] = _problems(out, "unreadable-folder").itertuples()
    assert (row.source_path, row.severity) == ("private", "error")
    assert row.message.endswith(
        "so its files could not be checked. Check the folder's permissions; its plans keep "
        "their last reading until then."
    )
    last = _table(out, "runs").iloc[-1]
    assert (last.documents_removed, last.documents_unchanged, last.documents_seen) == (0, 2, 2)
    manifest = json.loads((out / "manifest.json").read_text())
    assert [f["path"] for f in manifest["files"]] == [GOOD.name, hidden]
    assert all((out / "shards" / f["shard"]).exists() for f in manifest["files"])


def test_a_folder_that_cannot_be_listed_keeps_its_plans(
    tmp_path: Path, resources: Resources, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, private, out = _two_folders(tmp_path)
    run(corpus, out, resources=resources)
    listing = os.scandir

    def refuse_private(path: object = ".") -> object:  # what chmod 000 does to a non-root user
        if not isinstance(path, int) and Path(os.fsdecode(path)) == private:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return listing(path)  # type: ignore[arg-type]

    monkeypatch.setattr(paths.os, "scandir", refuse_private)
    summary = run(corpus, out, resources=resources)
    assert (summary.unreadable_folders, summary.removed, summary.errors) == (1, 0, 1)
    _kept_after_unreadable(out, corpus)
    # Still out of reach the next night: the same set again, and the CLI says exit 1.
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--log-format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stderr.splitlines()[-1])["unreadable_folders"] == 1
    _kept_after_unreadable(out, corpus)
    monkeypatch.undo()
    summary = run(corpus, out, resources=resources)  # readable again: back to normal
    assert (summary.unreadable_folders, summary.errors, summary.documents) == (0, 0, 2)


def _without_permission_override() -> None:
    """In a child about to run as root: drop the capabilities that let root ignore chmod."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="chmod and capabilities")
def test_a_folder_made_unreadable_with_chmod(tmp_path: Path, resources: Resources) -> None:
    corpus, private, out = _two_folders(tmp_path)
    run(corpus, out, resources=resources)
    command = [sys.executable, "-m", "iflaplans", "run", str(corpus), "--out", str(out), "-q"]
    private.chmod(0)
    try:
        # Root reads any folder whatever its mode, unless it gives up that power.
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=False,
            preexec_fn=_without_permission_override if os.geteuid() == 0 else None,
        )
    except subprocess.SubprocessError:
        pytest.skip("running as root and cannot drop the capability to read any folder")
    finally:
        private.chmod(0o755)
    assert done.returncode == 1, done.stderr
    _kept_after_unreadable(out, corpus)


# ------------------------------------------------------------------ 6. very long fields


def _long_title_plan(chars: int) -> str:
    """The cataloguing plan with its first focus-area statement run on over many rows."""
    text = OTHER.read_text(encoding="utf-8")
    first = (
        "Promote the use of IFLA bibliographic standards and support their implementation "
        "worldwide.\t\t\t\n"
    )
    line = "Promote shared cataloguing practice in every region, row {:05d} of a statement.\t\t\t\n"
    rows = "".join(line.format(i) for i in range(chars // (len(line) - 4) + 1))
    assert first in text and len(rows) > chars
    return text.replace(first, rows, 1)


def test_a_focus_area_title_over_many_rows_is_cut_with_a_warning(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "long.txt").write_text(_long_title_plan(160_000), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    _good_plan_published(out)
    docs = _table(out, "documents")
    [long_id] = docs[docs.source_path == "long.txt"].document_id
    areas = _table(out, "focus_areas")
    title = areas[(areas.document_id == long_id) & (areas.focus_area_no == 1)].title.iloc[0]
    assert len(title) == 20_000 and title.startswith("Promote shared cataloguing practice")
    [cut] = _problems(out, "cell-too-long").itertuples()
    assert (cut.source_path, cut.severity, cut.location) == (
        "long.txt",
        "warning",
        "focus_areas.title",
    )
    assert cut.message.startswith("focus_areas.title (focus_area_no 1) is 16")
    assert cut.message.endswith(
        "characters long; it was cut to its first 20000. Check the file, or raise "
        "max_cell_chars (--limit) if the text is genuine."
    )


def test_a_raised_limit_writes_long_fields_whole(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "long.txt").write_text(_long_title_plan(150_000), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(corpus), "--out", str(out), "-q", "--limit", "max_cell_chars=1000000"]
    )
    assert result.exit_code == 0, result.stderr  # the CSV read-back copes with the field
    _good_plan_published(out)
    assert _table(out, "focus_areas").title.str.len().max() > 131_072
    assert _problems(out, "cell-too-long").empty


# ------------------------------------------------------------------ 7. formula injection


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-", "'-"),
        ("- a dash item", "'- a dash item"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\rreturn", "'\rreturn"),
        ("'quoted", "''quoted"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_text_cells_never_start_a_formula(value: str, cell: str) -> None:
    assert csv_text(value) == cell
    assert from_csv_text(cell) == value


def test_a_formula_title_is_quoted_in_csv_only(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    formula = '=HYPERLINK("http://example.com/x","Click")'
    text = OTHER.read_text(encoding="utf-8")
    first = "Publish SCATNews"
    assert first in text
    (corpus / "formula.txt").write_text(text.replace(first, formula, 1), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    _good_plan_published(out)
    acts = _table(out, "activities")
    [parquet_title] = [t for t in acts.title if "HYPERLINK" in t]
    [csv_title] = [r["title"] for r in _csv(out, "activities") if "HYPERLINK" in r["title"]]
    assert parquet_title.startswith(formula)
    assert csv_title == "'" + parquet_title
    numbers = [r["confidence"] for r in _csv(out, "status_events")]
    assert not any(n.startswith("'") for n in numbers)


# ------------------------------------------------------------------ 8. the writer without pandas


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("str", ["a", None, "", "é", "=x", "\u0000"] * 3),
        ("Int64", [1, None, -5, 0, 2**62]),
        ("float", [None, 0.5, 1.0, 0.0]),
        ("bool", [None, True, False] * 5),
        ("str", []),
    ],
)
def test_arrow_columns_are_built_as_pyarrow_builds_them(kind: str, values: list) -> None:
    import pyarrow as pa

    from iflaplans.publish.parquet import ARROW_TYPES, _arrow_column

    assert _arrow_column(values, kind).equals(pa.array(values, type=ARROW_TYPES[kind]))
