"""Score the timeframe grammar on a table of cells with expected events.

    python -m tests.timeframe_scoring CASES.tsv [--misses N]

CASES.tsv has the columns of tests/cases/timeframes.tsv (lang, period, cell, events,
status); a line break inside a cell is written as the two characters ``\\n``. Prints,
per language and overall: current status accuracy, events F1 (micro, over multisets of
(type, year_from, year_to), as the shared scorer counts them), planned and effective
years accuracy, target unit accuracy; then events F1 per event type, and the first
misses.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from iflaplans.normalize.timeframe.cell import read_timeframe
from iflaplans.normalize.timeframe.time_spans import TimeContext
from iflaplans.rules.resources import Resources, load_resources

_EVENT = re.compile(
    r"^(?P<type>\w+)(?:\s+(?P<y1>\d{4})(?:-(?P<y2>\d{4}))?)?(?:\s+m(?P<m>\d{1,2}))?"
    r"(?:\s+@(?P<unit>.+))?$"
)
_MOVES = {"postponed", "rescheduled"}

Event = tuple[str, int | None, int | None, str | None]  # type, from, to, target unit


@dataclass(frozen=True)
class Case:
    lang: str
    period: tuple[int, int]
    cell: str
    events: tuple[Event, ...]
    status: str


def load_cases(path: Path) -> list[Case]:
    """The cases of a TSV table (comment lines start with #)."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    cases = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        start, end = (int(y) for y in row["period"].split("-"))
        # The contract: with no event other than planned, the status is planned.
        status = "planned" if row["status"].strip() in ("-", "") else row["status"]
        cases.append(
            Case(
                row["lang"],
                (start, end),
                cell_text(row["cell"]),
                parse_events(row["events"]),
                status,
            )
        )
    return cases


def cell_text(written: str) -> str:
    """A cell as the table writes it -> the cell: ``\\n`` is a line break within it."""
    return written.replace("\\n", "\n")


def parse_events(text: str) -> tuple[Event, ...]:
    """``"planned 2020 | postponed 2021 @IT Section"`` -> event tuples."""
    if text.strip() == "-":
        return ()
    events = []
    for part in text.split(" | "):
        m = _EVENT.match(part.strip())
        if not m:
            raise ValueError(f"bad expected event {part!r}")
        y1 = int(m["y1"]) if m["y1"] else None
        y2 = int(m["y2"]) if m["y2"] else y1
        events.append((m["type"], y1, y2, m["unit"]))
    return tuple(events)


def spans(events: tuple[Event, ...]) -> tuple[tuple, tuple]:
    """Planned and effective years that events imply (the contract's rules)."""
    planned = [e for e in events if e[0] == "planned"]
    starts = [e[1] for e in planned if e[1] is not None]
    ends = [e[2] for e in planned if e[2] is not None]
    plan = (min(starts), max(ends)) if starts and ends else (None, None)
    effective = plan
    for event in events:
        if event[0] in _MOVES:
            effective = (event[1], event[2])
    return plan, effective


@dataclass
class Tally:
    n: int = 0
    status: int = 0
    planned: int = 0
    effective: int = 0
    matched: int = 0
    gold_events: int = 0
    found_events: int = 0
    targets: int = 0
    targets_right: int = 0

    def f1(self) -> float:
        total = self.gold_events + self.found_events
        return 2 * self.matched / total if total else 1.0


def score(cases: list[Case], resources: Resources) -> tuple[dict[str, Tally], dict, list[str]]:
    """Tallies per language (and "all"), events per type, and a line per miss."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    by_type: dict[str, Counter] = defaultdict(Counter)
    misses: list[str] = []
    for case in cases:
        reading = read_timeframe(
            case.cell,
            resources.grammars.for_language(case.lang),
            resources.units,
            TimeContext(*case.period),
        )
        got = tuple((e.event_type, e.year_from, e.year_to, e.target_unit) for e in reading.events)
        want_plan, want_eff = spans(case.events)
        gold = Counter(e[:3] for e in case.events)
        found = Counter(e[:3] for e in got)
        common = gold & found
        want_units = [e[3] for e in case.events if e[3]]
        got_units = [e[3] for e in got if e[3]]
        unit_ok = all(
            any(fuzz.ratio(w.casefold(), g.casefold()) >= 85 for g in got_units) for w in want_units
        )
        for key in (case.lang, "all"):
            t = tallies[key]
            t.n += 1
            t.status += reading.current_status == case.status
            t.planned += tuple(reading.planned) == want_plan
            t.effective += tuple(reading.effective) == want_eff
            t.matched += sum(common.values())
            t.gold_events += sum(gold.values())
            t.found_events += sum(found.values())
            t.targets += bool(want_units)
            t.targets_right += bool(want_units) and unit_ok
        for kind in {e[0] for e in case.events} | {e[0] for e in got}:
            by_type[kind]["matched"] += sum(v for k, v in common.items() if k[0] == kind)
            by_type[kind]["gold"] += sum(v for k, v in gold.items() if k[0] == kind)
            by_type[kind]["found"] += sum(v for k, v in found.items() if k[0] == kind)
        if gold != found or reading.current_status != case.status or not unit_ok:
            shown = " | ".join(f"{e[0]} {e[1]}-{e[2]}" + (f" @{e[3]}" if e[3] else "") for e in got)
            misses.append(f"{case.lang}\t{case.cell}\n\twant: {case.events}\n\tgot:  {shown}")
    return tallies, by_type, misses


def report(tallies: dict[str, Tally], by_type: dict, misses: list[str], shown: int) -> str:
    """The figures as text."""
    lines = ["lang  cells  status  events_f1  planned  effective  target"]
    for key in sorted(tallies, key=lambda k: (k == "all", k)):
        t = tallies[key]
        target = f"{t.targets_right / t.targets:.3f}" if t.targets else "  -  "
        lines.append(
            f"{key:<5} {t.n:>5}  {t.status / t.n:.3f}   {t.f1():.3f}    "
            f"{t.planned / t.n:.3f}    {t.effective / t.n:.3f}    {target} ({t.targets})"
        )
    lines.append("event type         gold  found  f1")
    for kind, c in sorted(by_type.items()):
        total = c["gold"] + c["found"]
        lines.append(
            f"{kind:<17} {c['gold']:>5}  {c['found']:>5}  "
            f"{(2 * c['matched'] / total if total else 1):.3f}"
        )
    lines += misses[:shown]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("--misses", type=int, default=0)
    args = parser.parse_args()
    tallies, by_type, misses = score(load_cases(args.cases), load_resources())
    print(report(tallies, by_type, misses, args.misses))


if __name__ == "__main__":
    main()
