"""The researcher-facing outputs: data package, DuckDB database, HTML report."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from iflaplans.cli import app
from iflaplans.model.schema import TABLES
from iflaplans.pipeline import run
from iflaplans.publish.datapackage import datapackage_descriptor
from iflaplans.rules.resources import Resources
from tests.conftest import GOLDEN

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> Path:
    folder = tmp_path_factory.mktemp("analysis") / "out"
    run(GOLDEN, folder, resources=resources, duckdb=True)
    return folder


# ------------------------------------------------------------------ data package


def test_descriptor_follows_the_schema() -> None:
    descriptor = datapackage_descriptor()
    assert [r["path"] for r in descriptor["resources"]] == [f"{t.name}.csv" for t in TABLES]
    events = next(r for r in descriptor["resources"] if r["name"] == "status-events")
    event_type = next(f for f in events["schema"]["fields"] if f["name"] == "event_type")
    assert "moved_online" in event_type["constraints"]["enum"]
    assert events["schema"]["foreignKeys"][0]["reference"]["resource"] == "activities"


def test_written_package_validates(out: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "message"])[:5]


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [("event_type", "exploded", "constraint-error"), ("activity_id", "nowhere-1-1", "foreign-key")],
)
def test_broken_package_is_invalid(
    out: Path, tmp_path: Path, column: str, value: str, error: str
) -> None:
    frictionless = pytest.importorskip("frictionless")
    copy = tmp_path / "copy"
    shutil.copytree(out, copy, ignore=shutil.ignore_patterns("shards", "*.duckdb"))
    events = pd.read_csv(copy / "status_events.csv", dtype=str, keep_default_na=False)
    events.loc[0, column] = value
    events.to_csv(copy / "status_events.csv", index=False, lineterminator="\r\n")
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert error in {e[0] for e in report.flatten(["type"])}


# ------------------------------------------------------------------ DuckDB


def test_duckdb_views_agree_with_pandas(out: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    acts = pd.read_parquet(out / "activities.parquet")
    docs = pd.read_parquet(out / "documents.parquet")
    view = acts.merge(docs, on="document_id")
    with duckdb.connect(str(out / "iflaplans.duckdb"), read_only=True) as con:
        counts = con.sql("SELECT unit_id, current_status, activities FROM status_counts").df()
        year = con.sql("SELECT * FROM activities_2020").df().set_index("unit_id")
        tables = {r[0] for r in con.sql("SHOW TABLES").fetchall()}
    assert {t.name for t in TABLES} <= tables
    want = view.groupby(["unit_id", "current_status"]).size()
    got = counts.groupby(["unit_id", "current_status"]).activities.sum()
    assert got.sort_index().tolist() == want.sort_index().tolist()
    in_2020 = view[(view.planned_start_year <= 2020) & (view.planned_end_year >= 2020)]
    it = in_2020[in_2020.unit_id == "information-technology-section"]
    assert year.loc["information-technology-section", "planned_in_2020"] == len(it)
    postponed = (it.current_status == "postponed").sum()
    assert year.loc["information-technology-section", "postponed"] == postponed


# ------------------------------------------------------------------ report


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> Path:
    corpus = tmp_path_factory.mktemp("hostile")
    seed = (GOLDEN / "it-section-action-plan-2019-2021.txt").read_text(encoding="utf-8")
    seed = seed.replace(
        "Create standards that certify interoperability",
        # written as entities in the export, so the plain text holds real angle brackets
        "Plan &lt;script&gt;alert(1)&lt;/script&gt; webinars",
    ).replace("2020 Ongoing.\n", "2020 Linked to the &lt;b&gt;RDA&lt;/b&gt; timetable\n")
    (corpus / "plan.txt").write_text(seed, encoding="utf-8")
    folder = corpus.parent / "hostile-out"
    run(corpus, folder, resources=resources)
    return folder


def test_report_command_writes_one_self_contained_page(hostile_out: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(hostile_out)])
    assert result.exit_code == 0, result.output
    acts = pd.read_parquet(hostile_out / "activities.parquet")
    assert any(t.startswith("Plan <script>alert(1)</script> webinars") for t in acts.title)
    page = (hostile_out / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    assert "Linked to the &lt;b&gt;RDA&lt;/b&gt; timetable" in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (.ci/run installs it)")
def test_report_renders_in_a_real_browser(hostile_out: Path, tmp_path: Path) -> None:
    page = hostile_out / "report.html"
    CliRunner().invoke(app, ["report", str(hostile_out), "--to", str(page)])
    flags = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000",
    ]  # fmt: skip
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    assert dom.count('class="bar"') >= 3, "the stacked bars are drawn"
    assert "Review queue" in dom and "unrecognized" in dom
    assert "<script>alert(1)</script>" not in dom, "document text stays text"
    shot = tmp_path / "report.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120
    )
    assert shot.exists() and shot.stat().st_size > 10_000


def test_duckdb_survives_a_run_with_nothing_new(out: Path, resources: Resources) -> None:
    duckdb = pytest.importorskip("duckdb")
    run(GOLDEN, out, resources=resources, duckdb=True)  # nothing changed: republished
    with duckdb.connect(str(out / "iflaplans.duckdb"), read_only=True) as con:
        runs = con.sql("SELECT count(*) FROM runs").fetchall()[0][0]
    assert runs == len(pd.read_parquet(out / "runs.parquet")) == 2
