"""Analyst corrections: kept through nightly runs, stale or orphaned when the plan moves on,
written by `review` and read back unchanged, and checked whole before anything is published."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from iflaplans.cli import app
from iflaplans.corrections.file import (
    Correction,
    CorrectionsError,
    default_corrections_path,
    file_sha256,
    load_corrections,
    timeframe_hash,
    write_corrections,
)
from iflaplans.model.records import CorrectionRecord
from iflaplans.model.schema import TABLE_BY_NAME
from iflaplans.pipeline import RunSummary, run
from iflaplans.rules.resources import Resources
from tests.conftest import GOLDEN
from tests.factory import write_corpus

SEED = (GOLDEN / "it-section-action-plan-2019-2021.txt").read_text(encoding="utf-8")
# Cells the reader doubts: words no rule knows, a misspelt status, a year out of range.
DOUBTFUL = {
    "\t2020 Delayed till 2021.\n": "\t2020 Linked to RDA 3R timetable\n",
    "\t2020 Ongoing.\n": "\t2020 Cancled.\n",
    "\t2020 Moved to 2021.\n": "\t2020 Moved to 2999.\n",
}
EVENT_READING = ["activity_id", "event_no", "event_type", "year_from", "year_to", "month"]
EVENT_READING += ["target_unit", "note", "phrase"]


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / f"{name}.parquet")


class Night:
    """One run over the corpus; which files it read.

    The rule data is loaded once, so the parser version stays the same from night to
    night and a file is read again only for what the night changed.
    """

    def __init__(self, corpus: Path, out: Path, resources: Resources):
        self.corpus, self.out, self.resources = corpus, out, resources

    def run(self, corrections: Path | None = None) -> tuple[RunSummary, set[str]]:
        read: set[str] = set()
        summary = run(
            self.corpus,
            self.out,
            resources=self.resources,
            corrections=corrections,
            progress=lambda _i, _n, name: read.add(name),
        )
        return summary, read

    def cli(self, *extra: str) -> tuple[int, set[str], str]:
        """The same night through the command line: exit code, files read, what it printed."""
        args = ["run", str(self.corpus), "--out", str(self.out), "--jobs", "1", *extra]
        result = CliRunner().invoke(app, args)
        read = {
            line.split("] ", 1)[1] for line in result.stderr.splitlines() if line.startswith("[")
        }
        return result.exit_code, read, result.stderr


def _cell(out: Path, source: str, focus_area_no: int, row_no: int) -> pd.Series:
    docs = _table(out, "documents")
    doc = docs[docs.source_path == source].iloc[0]
    acts = _table(out, "activities")
    found = acts[
        (acts.document_id == doc.document_id)
        & (acts.focus_area_no == focus_area_no)
        & (acts.row_no == row_no)
    ].iloc[0]
    return pd.concat([found, doc[["plan_id", "source_path"]]])


def _correction(
    cell: pd.Series, field: str, value: str, who: str = "", when: str = "", why: str = ""
) -> Correction:
    return Correction(
        plan_id=cell.plan_id,
        focus_area_no=int(cell.focus_area_no),
        row_no=int(cell.row_no),
        timeframe_hash=timeframe_hash(cell.timeframe_raw),
        field=field,
        value=value,
        source_path=cell.source_path,
        timeframe_raw=cell.timeframe_raw,
        who=who,
        when=when,
        why=why,
    )


def _events(out: Path, activity_id: str) -> pd.DataFrame:
    events = _table(out, "status_events")
    return events[events.activity_id == activity_id].sort_values("event_no")


@pytest.fixture
def nightly(tmp_path: Path, resources: Resources) -> Night:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 2)
    return Night(corpus, tmp_path / "out", resources)


def test_a_correction_survives_the_nights_and_changing_it_reads_no_document(
    nightly: Night,
) -> None:
    out = nightly.out
    _, read = nightly.run()
    assert read == {"plan-0000.txt", "plan-0001.txt"}
    cell = _cell(out, "plan-0000.txt", 2, 2)  # "2020 Ongoing, irregular schedule."
    fixes = default_corrections_path(nightly.corpus)  # beside the corpus, found by itself
    assert fixes.parent == nightly.corpus.parent
    fix = _correction(
        cell,
        "events",
        "planned 2020; postponed Mar 2022",
        who="A. Analyst",
        when="2026-11-30",
        why="the unit's minutes say so",
    )
    title = _correction(cell, "title", "Webinars on IT topics", who="A. Analyst")
    write_corrections([fix, title], fixes)

    summary, read = nightly.run()  # only the corrections changed: nothing is read
    assert read == set() and (summary.unchanged, summary.reread) == (2, 0)
    runs = _table(out, "runs").iloc[-1]
    assert (runs.documents_unchanged, runs.documents_reread, runs.documents_new) == (2, 0, 0)
    assert runs.corrections_sha256 == file_sha256(fixes)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["corrections_sha256"] == file_sha256(fixes)

    for _night in range(3):  # three nights with no change at all: the correction stays
        _, read = nightly.run()
        assert read == set()
        act = _cell(out, "plan-0000.txt", 2, 2)
        assert act.title == "Webinars on IT topics"
        assert act.current_status == "postponed"
        assert (act.planned_start_year, act.planned_end_year) == (2020, 2020)
        assert (act.effective_start_year, act.effective_end_year) == (2022, 2022)
        events = _events(out, act.activity_id)
        assert events.event_type.tolist() == ["planned", "postponed"]
        assert events.month.tolist()[1] == 3
        assert set(events.rule_id) == {"correction"} and set(events.confidence) == {1.0}
        assert set(events.corrected_by) == {"A. Analyst"}
        assert set(events.correction_reason) == {"the unit's minutes say so"}
        corrections = _table(out, "corrections")
        assert corrections.state.tolist() == ["applied", "applied"]
        assert corrections.activity_id.tolist() == [act.activity_id] * 2
    assert len(_table(out, "runs")) == 5
    other = _cell(out, "plan-0001.txt", 2, 2)
    assert "correction" not in set(_events(out, other.activity_id).rule_id)

    fixes.unlink()  # withdrawn: the cell is as read again, and still nothing is read
    summary, read = nightly.run()
    assert read == set() and summary.reread == 0
    assert _cell(out, "plan-0000.txt", 2, 2).current_status == cell.current_status
    assert _table(out, "corrections").empty
    assert pd.isna(_table(out, "runs").iloc[-1].corrections_sha256)


def test_an_edited_cell_makes_it_stale_and_a_deleted_plan_orphans_it(nightly: Night) -> None:
    out = nightly.out
    nightly.run()
    cell = _cell(out, "plan-0000.txt", 2, 2)
    fixes = nightly.corpus.parent / "fixes.csv"
    write_corrections([_correction(cell, "events", "planned 2020; cancelled")], fixes)
    code, _, _ = nightly.cli("--corrections", str(fixes))
    assert code == 0 and _cell(out, "plan-0000.txt", 2, 2).current_status == "cancelled"

    plan = nightly.corpus / "plan-0000.txt"
    plan.write_text(plan.read_text().replace("2020 Ongoing, irregular schedule.", "2020 Done."))
    _, read = nightly.run(fixes)
    assert read == {"plan-0000.txt"}
    corrections = _table(out, "corrections")
    assert corrections.state.tolist() == ["stale"]
    assert corrections.timeframe_now.tolist() == ["2020 Done."]
    act = _cell(out, "plan-0000.txt", 2, 2)
    assert act.current_status == "completed", "the new text is read afresh"
    assert "correction" not in set(_events(out, act.activity_id).rule_id)
    problems = _table(out, "problems")
    stale = problems[problems.code == "stale-correction"]
    assert len(stale) == 1 and stale.severity.iloc[0] == "warning"
    message = stale.message.iloc[0]
    assert '"2020 Ongoing, irregular schedule."' in message and '"2020 Done."' in message
    assert stale.location.iloc[0] == "focus area 2, row 2"
    page = _report(out)
    assert page.index('id="stale"') < page.index('id="review"'), "stale ones lead the queue"
    assert "2020 Done." in page[page.index('id="stale"') : page.index('id="review"')]

    plan.unlink()
    nightly.run(fixes)
    corrections = _table(out, "corrections")
    assert corrections.state.tolist() == ["orphaned"]
    assert corrections.activity_id.isna().all()
    assert "stale-correction" not in set(_table(out, "problems").code)


def _report(out: Path) -> str:
    result = CliRunner().invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    return (out / "report.html").read_text(encoding="utf-8")


def test_review_then_run_round_trips(tmp_path: Path, resources: Resources) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    text = SEED
    for old, new in DOUBTFUL.items():
        assert old in text
        text = text.replace(old, new)
    (corpus / "it-plan.txt").write_text(text, encoding="utf-8")
    night = Night(corpus, out, resources)
    night.run()
    before = {name: _table(out, name) for name in ("activities", "status_events")}

    review = tmp_path / "review.csv"
    result = CliRunner().invoke(app, ["review", str(out), "--to", str(review)])
    assert result.exit_code == 0, result.output
    queued = load_corrections(review)
    kept = CliRunner().invoke(app, ["review", str(out), "--to", str(review)])
    assert kept.exit_code == 2, "an existing file (perhaps the corrections) is kept"
    inside = CliRunner().invoke(app, ["review", str(out), "--to", str(out / "review.csv")])
    assert inside.exit_code == 2 and not (out / "review.csv").exists()
    assert len(queued) >= 2 and {c.field for c in queued} == {"events"}
    assert all(c.value and c.timeframe_raw and c.doubt for c in queued)
    assert "Linked to RDA 3R timetable" in {c.timeframe_raw.split(" ", 1)[1] for c in queued}

    check = CliRunner().invoke(app, ["rules", "check", "--corrections", str(review)])
    assert check.exit_code == 0, check.output
    _, read = night.run(review)
    assert read == set()

    acts = _table(out, "activities")
    pd.testing.assert_frame_equal(acts, before["activities"])  # same years, same statuses
    events = _table(out, "status_events")
    pd.testing.assert_frame_equal(events[EVENT_READING], before["status_events"][EVENT_READING])
    confirmed = events[events.rule_id == "correction"]
    assert set(confirmed.confidence) == {1.0}
    docs = _table(out, "documents")
    ids = {
        f"{docs.document_id.iloc[0]}-{c.focus_area_no}-{c.row_no}" for c in queued
    }  # one document: every queued cell is in it
    assert set(confirmed.activity_id) == ids
    assert set(_table(out, "corrections").state) == {"applied"}

    again = tmp_path / "again.csv"
    CliRunner().invoke(app, ["review", str(out), "--to", str(again)])
    assert load_corrections(again) == (), "corrected cells leave the queue"
    page = _report(out)
    assert f"{len(queued)} corrections applied" in page
    assert (
        "Information Technology Section" in page and ">information-technology-section<" not in page
    )


BAD_LINES = [
    # line 2: an unknown event type; line 3: year_from after year_to; line 4: an unknown
    # unit; line 5: an unknown field; line 6: the same key as line 2
    ("events", "planned 2020; postpned 2021"),
    ("events", "planned 2021-2020"),
    ("events", "planned 2020; transferred @Ministry of Silly Walks Section"),
    ("colour", "blue"),
    ("events", "planned 2020"),
]


def _bad_file(path: Path, cell: pd.Series) -> Path:
    fixes = [_correction(cell, field, value) for field, value in BAD_LINES]
    fixes[1] = _correction(_row(cell, 3), *BAD_LINES[1])
    fixes[2] = _correction(_row(cell, 4), *BAD_LINES[2])
    write_corrections(fixes, path)
    # an unknown column (a key the format does not know)
    lines = path.read_text().splitlines()
    lines[0] += ",colour"
    path.write_text("\r\n".join(lines) + "\r\n")
    return path


def _row(cell: pd.Series, row_no: int) -> pd.Series:
    moved = cell.copy()
    moved["row_no"] = row_no
    return moved


def test_bad_corrections_are_all_reported_and_nothing_is_published(nightly: Night) -> None:
    out = nightly.out
    nightly.run()
    published = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    fixes = _bad_file(nightly.corpus.parent / "bad.csv", _cell(out, "plan-0000.txt", 1, 1))

    code, read, err = nightly.cli("--corrections", str(fixes))
    assert code == 2 and read == set(), "checked before any file is read"
    for expected in (
        "line 1: unknown column",
        "line 2: unknown event type 'postpned'",
        "line 3: 'planned 2021-2020': year_from 2021 is after year_to 2020",
        "line 4: 'transferred @Ministry of Silly Walks Section': unknown unit",
        "line 5: unknown field 'colour'",
        "line 6: duplicate key: line 2",
    ):
        assert expected in err, expected
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == published

    check = CliRunner().invoke(app, ["rules", "check", "--corrections", str(fixes)])
    assert check.exit_code == 2
    assert sum(line.strip().startswith("- line") for line in check.stderr.splitlines()) == 6

    missing = nightly.cli("--corrections", str(nightly.corpus.parent / "none.csv"))
    assert missing[0] == 2


def test_a_default_file_with_bad_lines_stops_the_run_too(nightly: Night) -> None:
    nightly.run()
    _bad_file(default_corrections_path(nightly.corpus), _cell(nightly.out, "plan-0000.txt", 1, 1))
    before = len(_table(nightly.out, "runs"))
    assert nightly.cli()[0] == 2
    assert len(_table(nightly.out, "runs")) == before
    with pytest.raises(CorrectionsError) as caught:
        nightly.run()
    assert [i.line for i in caught.value.issues] == [1, 2, 3, 4, 5, 6]


def test_the_corrections_table_is_its_records_columns() -> None:
    names = TABLE_BY_NAME["corrections"].column_names
    assert names == list(CorrectionRecord.__dataclass_fields__)
    assert TABLE_BY_NAME["runs"].column_names[-1] == "corrections_sha256"
    assert TABLE_BY_NAME["status_events"].column_names[-2:] == [
        "corrected_by",
        "correction_reason",
    ]
