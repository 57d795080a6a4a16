"""The timeframe grammar, table-driven: tests/cases/timeframes.tsv, one case per line."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from iflaplans.normalize.timeframe.cell import read_timeframe
from iflaplans.normalize.timeframe.time_spans import TimeContext
from iflaplans.rules.resources import Resources

CASES = Path(__file__).parent / "cases" / "timeframes.tsv"
_EVENT = re.compile(
    r"^(?P<type>\w+)(?:\s+(?P<y1>\d{4})(?:-(?P<y2>\d{4}))?)?(?:\s+m(?P<m>\d{1,2}))?(?:\s+@(?P<unit>.+))?$"
)


def _cases() -> list[dict[str, str]]:
    with open(CASES, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _expected(events: str) -> list[tuple]:
    if events.strip() == "-":
        return []
    out = []
    for part in events.split(" | "):
        m = _EVENT.match(part.strip())
        assert m, f"bad expectation {part!r} in {CASES.name}"
        y1 = int(m["y1"]) if m["y1"] else None
        y2 = int(m["y2"]) if m["y2"] else y1
        out.append((m["type"], y1, y2, int(m["m"]) if m["m"] else None, m["unit"]))
    return out


CASE_ROWS = _cases()


@pytest.mark.parametrize("case", CASE_ROWS, ids=[f"{c['lang']}:{c['cell']}" for c in CASE_ROWS])
def test_timeframe_case(case: dict[str, str], resources: Resources) -> None:
    start, end = (int(y) for y in case["period"].split("-"))
    reading = read_timeframe(
        case["cell"].replace("\\n", "\n"),  # a line break inside a cell is written \n
        resources.grammars.for_language(case["lang"]),
        resources.units,
        TimeContext(start, end),
    )
    want = _expected(case["events"])
    got = []
    for event, expected in zip(reading.events, want + [None] * len(reading.events), strict=False):
        month = event.month if expected and expected[3] is not None else None
        unit = event.target_unit if expected and expected[4] is not None else None
        got.append((event.event_type, event.year_from, event.year_to, month, unit))
    assert got == want
    assert reading.current_status == case["status"]
    for event in reading.events:
        assert event.phrase, "every event quotes the words it was read from"
        assert (event.confidence == 0) == (event.event_type == "unrecognized")


def test_table_is_large_and_covers_four_languages() -> None:
    assert len(CASE_ROWS) >= 200
    assert {c["lang"] for c in CASE_ROWS} == {"en", "fr", "es", "de"}


@pytest.mark.parametrize(
    ("lang", "cell", "rule_suffix", "below"),
    [
        ("en", "2020 Cancled", ".misspelt", 0.5),  # a guess: the review queue shows it
        ("en", "2020 Postphoned to 2021", ".misspelt", 0.5),
        ("en", "2020 Not done", ".negated", 0.01),
        ("de", "2020 Nicht durchgeführt", ".negated", 0.01),
        ("en", "2020 Postponed due to COVID-19 to 2021", "postponed.en", 0.9),
        ("es", "2019 Se arrastra a 2020", ".guessed", 0.5),  # a move read by structure
        ("en", "2020 Creeping into 2021", ".guessed", 0.5),
    ],
)
def test_guessed_events_say_so(
    lang: str, cell: str, rule_suffix: str, below: float, resources: Resources
) -> None:
    reading = read_timeframe(
        cell, resources.grammars.for_language(lang), resources.units, TimeContext(2019, 2021)
    )
    news = reading.events[-1]
    assert news.rule_id.endswith(rule_suffix)
    assert news.confidence < below


def test_misspellings_are_not_guessed_outside_english(resources: Resources) -> None:
    # "finaliser" is one letter from "finalised", but in French it is another word.
    reading = read_timeframe(
        "2020 En cours, à finaliser en 2021",
        resources.grammars.for_language("fr"),
        resources.units,
        TimeContext(2019, 2021),
    )
    assert [e.event_type for e in reading.events] == ["planned", "ongoing"]


@pytest.mark.parametrize(
    ("cell", "planned", "effective"),
    [
        # a labelled line's plan is the cell's plan when nothing was planned before
        ("Cancelled\n2021: postponed to 2022", (2021, 2021), (2022, 2022)),
        ("2019: survey completed\n2020: postponed to 2021", (2019, 2020), (2021, 2021)),
    ],
)
def test_labelled_lines_plan_the_cell(
    cell: str, planned: tuple, effective: tuple, resources: Resources
) -> None:
    reading = read_timeframe(
        cell, resources.grammars.for_language("en"), resources.units, TimeContext(2019, 2021)
    )
    assert (tuple(reading.planned), tuple(reading.effective)) == (planned, effective)
