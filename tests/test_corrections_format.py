"""The corrections file: events as words, the checks on each line, and applying it to records."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from iflaplans.corrections.apply import apply_corrections, summarize_events
from iflaplans.corrections.file import (
    Correction,
    CorrectionsError,
    corrections_csv,
    parse_corrections,
    timeframe_hash,
    unit_checker,
)
from iflaplans.corrections.words import format_events, parse_events
from iflaplans.model.records import Activity, Document, PlanRecords, StatusEvent
from iflaplans.rules.resources import Resources

ROOT = Path(__file__).resolve().parent.parent
Known = Callable[[str], bool]

# value -> (type, year_from, year_to, month, target unit) per event
EVENTS = [
    ("planned 2020", [("planned", 2020, 2020, None, None)]),
    ("planned 2020-2021", [("planned", 2020, 2021, None, None)]),
    ("planned 2020–2021", [("planned", 2020, 2021, None, None)]),
    ("planned Aug 2020", [("planned", 2020, 2020, 8, None)]),
    ("planned August 2020-2021", [("planned", 2020, 2021, 8, None)]),
    ("planned Sept. 2020", [("planned", 2020, 2020, 9, None)]),
    ("Planned 2020; Postponed 2021",
     [("planned", 2020, 2020, None, None), ("postponed", 2021, 2021, None, None)]),
    ("planned 2020; unrecognized",
     [("planned", 2020, 2020, None, None), ("unrecognized", None, None, None, None)]),
    ("postponed", [("postponed", None, None, None, None)]),
    ("transferred @Big Data SIG", [("transferred", None, None, None, "Big Data SIG")]),
    ("planned 2020; transferred 2021 @ RISS",
     [("planned", 2020, 2020, None, None), ("transferred", 2021, 2021, None, "RISS")]),
    ('under_discussion @"UNESCO"', [("under_discussion", None, None, None, "UNESCO")]),
]  # fmt: skip

BAD_EVENTS = [
    ("planned 2020; postpned 2021", "unknown event type 'postpned'"),
    ("planned 2021-2020", "year_from 2021 is after year_to 2020"),
    ("planned 2999", "year 2999 is outside"),
    ("planned Foo 2020", "'Foo' is not a month"),
    ("planned Aug", "a month needs its year"),
    ("planned Augment 2020", "'Augment' is not a month"),
    ("cancelled @Big Data SIG", "only transferred and under_discussion name a unit"),
    ("transferred @Ministry of Silly Walks", "unknown unit 'Ministry of Silly Walks'"),
    ("planned 2020 2021", "cannot read the event"),
    ("planned in 2020", "'in' is not a month"),
    ("", "no events"),
]


@pytest.fixture(scope="module")
def known(resources: Resources) -> Known:
    return unit_checker(resources.units)


@pytest.mark.parametrize(("value", "expected"), EVENTS)
def test_events_read_from_words(value: str, expected: list[tuple], known: Known) -> None:
    specs, errors = parse_events(value, known)
    assert errors == []
    assert [(s.event_type, s.year_from, s.year_to, s.month, s.target_unit) for s in specs] == (
        expected
    )


@pytest.mark.parametrize(("value", "expected"), BAD_EVENTS)
def test_bad_events_say_what_is_wrong(value: str, expected: str, known: Known) -> None:
    errors = parse_events(value, known)[1]
    assert any(expected in e for e in errors), errors


@pytest.mark.parametrize(("value", "expected"), EVENTS)
def test_events_written_as_words_read_back_the_same(
    value: str, expected: list[tuple], known: Known
) -> None:
    events = [_event("a", i, *e) for i, e in enumerate(expected, 1)]
    written = format_events(events, known)
    again, errors = parse_events(written, known)
    assert errors == []
    assert [(s.event_type, s.year_from, s.year_to, s.month, s.target_unit) for s in again] == (
        expected
    )


def test_summary_follows_the_contract() -> None:
    events = [
        _event("a", 1, "planned", 2020, 2020),
        _event("a", 2, "planned", 2021, 2022),
        _event("a", 3, "postponed", 2023, 2023),
        _event("a", 4, "planned", 2024, 2024),
    ]
    summary = summarize_events(events)
    assert (summary.planned, summary.effective) == ((2020, 2024), (2023, 2023))
    assert summary.current_status == "postponed"
    assert summarize_events([_event("a", 1, "completed", 2020, 2020)]).planned == (None, None)
    indefinitely = summarize_events(
        [_event("a", 1, "planned", 2020, 2020), _event("a", 2, "postponed", None, None)]
    )
    assert indefinitely.effective == (None, None)
    assert summarize_events([]).current_status == "planned"


# ------------------------------------------------------------------ the file


def _fix(**changes: object) -> Correction:
    base = Correction("p-2019-2021", 1, 1, timeframe_hash("2020"), "events", "planned 2020")
    return replace(base, **changes)  # type: ignore[arg-type]


def test_the_file_reads_back_what_was_written(known: Known) -> None:
    fixes = [
        _fix(who="A. Analyst", when="2026-12-01", why="minutes", line=2),
        _fix(field="title", value="=HYPERLINK(x)", line=3),  # kept as text, never a formula
        _fix(field="funding_needed", value="yes", line=4),
        _fix(field="unit", value="Big Data SIG", line=5),
    ]
    text = corrections_csv(fixes)
    assert "'=HYPERLINK(x)" in text
    assert parse_corrections(text, known_unit=known) == tuple(fixes)
    bom = "\ufeff" + text.replace("\r\n", "\n")  # as a spreadsheet may save it
    assert parse_corrections(bom, known_unit=known) == tuple(fixes)


def test_every_bad_line_is_named_at_once(known: Known) -> None:
    fixes = [
        _fix(value="planned 2020; postpned"),
        _fix(row_no=2, value="planned 2021-2020"),
        _fix(row_no=3, field="unit", value="Ministry of Silly Walks"),
        _fix(row_no=4, field="funding_needed", value="perhaps"),
        _fix(row_no=5, when="yesterday", timeframe_hash="xyz"),
        _fix(),
    ]
    with pytest.raises(CorrectionsError) as caught:
        parse_corrections(corrections_csv(fixes), "fixes.csv", known)
    lines = [i.line for i in caught.value.issues]
    assert lines == [2, 3, 4, 5, 6, 6, 7], caught.value.errors
    assert caught.value.path == "fixes.csv"
    assert "duplicate key: line 2" in str(caught.value.issues[-1])
    assert "timeframe_hash 'xyz'" in caught.value.errors[4]


def test_unknown_and_missing_columns_are_named() -> None:
    with pytest.raises(CorrectionsError) as caught:
        parse_corrections("plan_id,focus_area_no,row_no,colour\n")
    assert [i.line for i in caught.value.issues] == [1, 1]
    assert "unknown column(s) ['colour']" in caught.value.errors[0]
    assert "timeframe_hash" in caught.value.errors[1]


# ------------------------------------------------------------------ applying


def _event(
    activity_id: str,
    no: int,
    event_type: str,
    year_from: int | None = None,
    year_to: int | None = None,
    month: int | None = None,
    unit: str | None = None,
) -> StatusEvent:
    return StatusEvent(
        activity_id, no, event_type, year_from, year_to, month, unit, None, "p", 0.4, "r"
    )


def _plan(source: str, cells: dict[tuple[int, int], str]) -> PlanRecords:
    doc_id = source.split(".")[0]
    document = Document(
        doc_id, source, "txt", doc_id * 4, "Unit", "unit", "action_plan", 2019, 2021,
        "en", None, "ok", plan_id="p-2019-2021",
    )  # fmt: skip
    acts = [
        Activity(
            f"{doc_id}-{fa}-{row}",
            doc_id,
            fa,
            row,
            "T",
            None,
            "",
            text,
            2020,
            2020,
            "planned",
            2020,
            2020,
            None,
        )
        for (fa, row), text in cells.items()
    ]
    events = [_event(a.activity_id, 1, "planned", 2020, 2020) for a in acts]
    return PlanRecords(document, activities=tuple(acts), status_events=tuple(events))


def test_states_applied_stale_orphaned() -> None:
    plans = [_plan("v1.txt", {(1, 1): "2020", (1, 2): "2020 soon"})]
    fixes = [
        _fix(value="planned 2020; cancelled", who="me", why="told so", line=2),
        _fix(row_no=2, timeframe_raw="2020 later", line=3),  # made on other words
        _fix(row_no=9, line=4),  # no such row
        _fix(plan_id="gone-2019-2021", line=5),
    ]
    done = apply_corrections(plans, fixes)
    assert [r.state for r in done.records] == ["applied", "stale", "orphaned", "orphaned"]
    act = done.plans[0].activities[0]
    assert (act.current_status, act.effective_start_year) == ("cancelled", 2020)
    event = done.plans[0].status_events[1]
    assert (event.rule_id, event.confidence, event.corrected_by) == ("correction", 1.0, "me")
    assert event.correction_reason == "told so"
    (stale,) = done.problems
    assert stale.code == "stale-correction" and stale.location == "focus area 1, row 2"
    assert '"2020 later"' in stale.message and '"2020 soon"' in stale.message
    assert done.records[1].timeframe_now == "2020 soon"


def test_a_correction_follows_every_version_with_the_same_cell() -> None:
    plans = [_plan("v1.txt", {(1, 1): "2020"}), _plan("v2.txt", {(1, 1): "2020"})]
    done = apply_corrections(plans, [_fix(value="ongoing", source_path="v2.txt")])
    assert [p.activities[0].current_status for p in done.plans] == ["ongoing", "ongoing"]
    assert done.records[0].activity_id == "v2-1-1", "named after the version it was made on"


def test_fields_other_than_events() -> None:
    plan = _plan("v1.txt", {(1, 1): "2020"})
    handed = _event("v1-1-1", 2, "transferred", None, None, None, "KM Section")
    plan = replace(plan, status_events=(*plan.status_events, handed))
    fixes = [
        _fix(field="title", value="A better title"),
        _fix(field="funding_needed", value="no"),
        _fix(field="unit", value="Big Data SIG", who="me"),
    ]
    done = apply_corrections([plan], fixes)
    act = done.plans[0].activities[0]
    assert (act.title, act.funding_needed, act.current_status) == (
        "A better title",
        False,
        "planned",
    )
    events = done.plans[0].status_events
    assert events[0].rule_id == "r", "an event that names no unit is left as read"
    assert (events[1].target_unit, events[1].rule_id, events[1].corrected_by) == (
        "Big Data SIG", "correction", "me",
    )  # fmt: skip


def test_a_confirmation_keeps_the_words_read() -> None:
    plan = _plan("v1.txt", {(1, 1): "2020"})
    plan = replace(plan, status_events=(replace(plan.status_events[0], note="if funds allow"),))
    done = apply_corrections([plan], [_fix()])
    event = done.plans[0].status_events[0]
    assert (event.note, event.phrase, event.confidence) == ("if funds allow", "p", 1.0)
    assert done.plans[0].activities == plan.activities


# ------------------------------------------------------------------ docs and packaging


def test_the_readme_example_is_a_valid_corrections_file(known: Known) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```csv\n(.*?)```", readme, re.S)
    fixes = parse_corrections(example, "README.md", known)
    assert [f.field for f in fixes] == ["events", "funding_needed"]
    assert fixes[0].timeframe_hash == timeframe_hash(fixes[0].timeframe_raw)


def test_the_notebooks_extra_installs_what_the_notebooks_import() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = project["dependencies"] + project["optional-dependencies"]["notebooks"]
    installed = {re.split(r"[<>=!\[ ;]", n)[0].lower().replace("-", "_") for n in names}
    imported = set()
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                imported |= set(re.findall(r"^\s*(?:import|from)\s+(\w+)", source, re.M))
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "iflaplans"}
    assert third_party and third_party <= installed, third_party - installed
    assert "jupyterlab" in installed, "the README opens them with jupyter lab"
