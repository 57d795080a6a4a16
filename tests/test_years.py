"""Plausible years: one window for the readers and the table checks; an implausible year
empties its own value with a warning, never the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iflaplans.batch.reading import read_file
from iflaplans.errors import InvariantError, advice
from iflaplans.model.records import PlanRecords, RawActivity, RawDocument, RawFocusArea
from iflaplans.normalize import normalize
from iflaplans.publish.invariants import check_invariants
from iflaplans.publish.tables import build_tables
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings
from iflaplans.years import (
    PLAUSIBLE_YEARS,
    is_plausible_year,
    plausible_span,
    span_problem,
)
from tests.conftest import GOLDEN

SEED = GOLDEN / "it-section-action-plan-2019-2021.txt"
FIRST_CELL = "\t2020 Moved to 2021\n"  # the Timeframe of focus area 1, row 1
SEED_TITLE = "Action plan 2019 – 2021"


def _plan(
    resources: Resources, *cells: str, period: tuple[int | None, int | None] = (2019, 2021)
) -> PlanRecords:
    """A document of one focus area whose rows have these Timeframe cells, normalized."""
    rows = tuple(
        RawActivity(1, i, f"Activity {i}", None, "", cell) for i, cell in enumerate(cells, 1)
    )
    raw = RawDocument(
        source_path="plan.txt",
        source_format="txt",
        sha256="ab" * 32,
        title=f"Action plan {period[0]}-{period[1]}",
        period_start=period[0],
        period_end=period[1],
        language_hint="en",
        focus_areas=(RawFocusArea(1, "Focus", activities=rows),),
    )
    return normalize(raw, resources)


def _warnings(plan: PlanRecords) -> list:
    return [p for p in plan.problems if p.code == "implausible-year"]


# ------------------------------------------------------------------ the window


def test_window_runs_from_iflas_founding_to_2100() -> None:
    assert (PLAUSIBLE_YEARS.start, PLAUSIBLE_YEARS[-1]) == (1927, 2100)
    assert [is_plausible_year(y) for y in (1926, 1927, 1985, 2100, 2101)] == [
        False,
        True,
        True,
        True,
        False,
    ]


@pytest.mark.parametrize(
    ("first", "last", "kept", "reason"),
    [
        (2019, 2021, (2019, 2021), None),
        (None, None, (None, None), None),
        (1985, 2021, (1985, 2021), None),
        (1850, 1852, (None, None), "years 1850 and 1852 are outside"),
        (2020, 2999, (None, None), "year 2999 is outside"),
        (2021, 2019, (None, None), "first year 2021 comes after the last year 2019"),
    ],
)
def test_a_span_is_kept_whole_or_emptied_whole(
    first: int | None, last: int | None, kept: tuple, reason: str | None
) -> None:
    assert plausible_span(first, last) == kept
    problem = span_problem(first, last)
    assert (problem is None) == (reason is None)
    if reason:
        assert reason in (problem or "")


# ------------------------------------------------------------------ Timeframe cells

# cell -> events (type, year_from, year_to), planned years, effective years, the words a
# warning quotes (None: no warning). The plan period is 2019-2021.
CELLS = [
    # an ongoing activity that began before the plan: the plan plans it over its period,
    # the ongoing event keeps when it began, as written
    (
        "Ongoing since 1985",
        [("planned", 2019, 2021), ("ongoing", 1985, 1985)],
        (2019, 2021),
        (2019, 2021),
        None,
    ),
    (
        "Started in 1985",
        [("planned", 2019, 2021), ("ongoing", 1985, 1985)],
        (2019, 2021),
        (2019, 2021),
        None,
    ),
    (
        "Ongoing since 1850",
        [("planned", 2019, 2021), ("ongoing", None, None)],
        (2019, 2021),
        (2019, 2021),
        "Ongoing since 1850",
    ),
    # IFLA's founding year is the first plausible one, the year before it is not
    (
        "Founded 1927, ongoing",
        [("planned", 1927, 1927), ("ongoing", None, None)],
        (1927, 1927),
        (1927, 1927),
        None,
    ),
    (
        "Founded 1926, ongoing",
        [("planned", None, None), ("ongoing", None, None)],
        (None, None),
        (None, None),
        "1926",
    ),
    # a move to an implausible year is a postponement without a date
    (
        "2020 moved to 2999",
        [("planned", 2020, 2020), ("postponed", None, None)],
        (2020, 2020),
        (None, None),
        "moved to 2999",
    ),
    (
        "2020 moved to 1850",
        [("planned", 2020, 2020), ("postponed", None, None)],
        (2020, 2020),
        (None, None),
        "moved to 1850",
    ),
    (
        "2020 Postponed to 2120",
        [("planned", 2020, 2020), ("postponed", None, None)],
        (2020, 2020),
        (None, None),
        "Postponed to 2120",
    ),
    ("2100", [("planned", 2100, 2100)], (2100, 2100), (2100, 2100), None),
    ("2101", [("planned", None, None)], (None, None), (None, None), "2101"),
    # a year counted from another one is checked too
    (
        "2100 and the following year",
        [("planned", None, None)],
        (None, None),
        (None, None),
        "2100 and the following year",
    ),
    # one implausible time among the planned ones empties the planned span
    ("2020, 2999", [("planned", None, None)], (None, None), (None, None), "2020, 2999"),
    # far from a year: a count, left to the unrecognized words
    ("1000 copies", [("unrecognized", None, None)], (None, None), (None, None), None),
]


@pytest.mark.parametrize(
    ("cell", "events", "planned", "effective", "quoted"), CELLS, ids=[c[0] for c in CELLS]
)
def test_implausible_years_of_a_cell_are_emptied_with_a_warning(
    resources: Resources,
    cell: str,
    events: list[tuple],
    planned: tuple,
    effective: tuple,
    quoted: str | None,
) -> None:
    plan = _plan(resources, "2020", cell)
    kept, activity = plan.activities
    assert (kept.planned_start_year, kept.current_status) == (2020, "planned")
    assert [(e.event_type, e.year_from, e.year_to) for e in plan.status_events[1:]] == events
    assert (activity.planned_start_year, activity.planned_end_year) == planned
    assert (activity.effective_start_year, activity.effective_end_year) == effective
    warnings = _warnings(plan)
    if quoted is None:
        assert warnings == []
        assert plan.document.status == ("ok" if events[-1][0] != "unrecognized" else "partial")
    else:
        (warning,) = warnings
        assert warning.severity == "warning"
        assert warning.location == "focus area 1, row 2"
        assert f'"{cell}"' in warning.message and f'at "{quoted}"' in warning.message
        assert warning.message.endswith(advice("implausible-year"))
        assert plan.document.status == "partial"
        emptied = [e for e in plan.status_events if e.phrase == quoted]
        assert emptied and all(e.confidence < 0.5 for e in emptied), "a person should look"
    check_invariants(build_tables([plan]))


# ------------------------------------------------------------------ the plan period


def test_an_implausible_period_is_emptied_and_the_cells_are_kept(resources: Resources) -> None:
    plan = _plan(resources, "2020", "Annually", "Ongoing", period=(1850, 1852))
    assert (plan.document.period_start, plan.document.period_end) == (None, None)
    (warning,) = _warnings(plan)
    assert warning.location == "title"
    assert '"Action plan 1850-1852"' in warning.message
    assert "1850 and 1852" in warning.message
    dated, annually, ongoing = plan.activities
    assert (dated.planned_start_year, dated.planned_end_year) == (2020, 2020)
    # with no period to span, recurring and open cells name no years (not 1850-1852)
    assert annually.planned_start_year is None and ongoing.planned_start_year is None
    assert ongoing.current_status == "ongoing"
    check_invariants(build_tables([plan]))


def test_a_period_that_ends_before_it_starts_is_emptied(resources: Resources) -> None:
    plan = _plan(resources, "2020", period=(2021, 2019))
    assert plan.document.period_start is None
    (warning,) = _warnings(plan)
    assert "comes after" in warning.message
    check_invariants(build_tables([plan]))


# ------------------------------------------------------------------ one window for both


def test_the_table_checks_use_the_same_window(resources: Resources) -> None:
    plan = _plan(resources, "Founded 1927, ongoing")
    check_invariants(build_tables([plan]))  # the first plausible year passes
    activity = replace(plan.activities[0], planned_start_year=1926, planned_end_year=1926)
    with pytest.raises(InvariantError, match="1926"):
        check_invariants(build_tables([replace(plan, activities=(activity,))]))


WORDS = ["1850", "1926", "1985", "2020", "2100", "2999", "since", "moved to", "postponed to"]
WORDS += ["ongoing", "annually", "next year", "the following year", "from", "onwards", ";"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cell=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    start=st.integers(1800, 3000),
    length=st.integers(-2, 5),
)
def test_no_cell_or_period_costs_the_document(
    resources: Resources, cell: str, start: int, length: int
) -> None:
    plan = _plan(resources, cell, period=(start, start + length))
    check_invariants(build_tables([plan]))  # never an internal error
    years = [y for e in plan.status_events for y in (e.year_from, e.year_to) if y is not None]
    assert all(is_plausible_year(y) for y in years)


# ------------------------------------------------------------------ a whole file


def _read_edited(tmp_path: Path, resources: Resources, cell: str, title: str = SEED_TITLE):
    text = SEED.read_text(encoding="utf-8")
    assert FIRST_CELL in text and SEED_TITLE in text
    text = text.replace(FIRST_CELL, f"\t{cell}\n", 1).replace(SEED_TITLE, title, 1)
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return read_file(path, tmp_path, Settings(), resources)


@pytest.fixture(scope="module")
def seed_activities(resources: Resources, tmp_path_factory: pytest.TempPathFactory) -> int:
    result = _read_edited(tmp_path_factory.mktemp("seed"), resources, "2020 Moved to 2021")
    assert result.plan is not None
    return len(result.plan.activities)


@pytest.mark.parametrize(
    ("cell", "title", "warned_at"),
    [
        ("Ongoing since 1985", SEED_TITLE, None),  # was an internal error: the whole file lost
        ("Ongoing since 1850", SEED_TITLE, "focus area 1, row 1"),
        ("2020 moved to 2999", SEED_TITLE, "focus area 1, row 1"),
        ("2020 Moved to 2021", "Action plan 1919 – 1921", "title"),
    ],
)
def test_a_plan_keeps_every_activity(
    tmp_path: Path,
    resources: Resources,
    seed_activities: int,
    cell: str,
    title: str,
    warned_at: str | None,
) -> None:
    result = _read_edited(tmp_path, resources, cell, title)
    assert result.plan is not None, [p.message for p in result.problems]
    assert "internal-error" not in {p.code for p in result.problems}
    assert len(result.plan.activities) == seed_activities
    warnings = _warnings(result.plan)
    assert [w.location for w in warnings] == ([warned_at] if warned_at else [])
    if warned_at == "focus area 1, row 1":
        assert f'"{cell}"' in warnings[0].message
    first = [e for e in result.plan.status_events if e.activity_id.endswith("-1-1")]
    if cell == "Ongoing since 1985":
        assert [(e.event_type, e.year_from, e.year_to) for e in first] == [
            ("planned", 2019, 2021),
            ("ongoing", 1985, 1985),
        ]
