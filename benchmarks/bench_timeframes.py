"""Timeframe cells per second on one core, every cell different, after start-up.

    python benchmarks/bench_timeframes.py [--variants N] [--rounds R]

Cells: every Timeframe cell of the case table (tests/cases/timeframes.tsv) and of the
gold files in tests/fixtures/gold, each also written with its years shifted and its plan
period moved (N variants), so that no cell repeats and the run's memo never answers:
real plans rarely repeat a cell. Prints the rate over these distinct cells in CPU time
of this process (after a warm-up on other cells, so start-up is not counted; the best of
a few rounds, each with the memos emptied), the rate when the same cells come again (the
memo), and where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iflaplans.normalize.timeframe.cell import read_timeframe  # noqa: E402
from iflaplans.normalize.timeframe.time_spans import TimeContext  # noqa: E402
from iflaplans.rules.resources import load_resources  # noqa: E402


def corpus_cells() -> list[tuple[str, str, TimeContext]]:
    cells = []
    with open(ROOT / "tests" / "cases" / "timeframes.tsv", encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(
            (ln for ln in fh if not ln.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE
        )
        for row in rows:
            start, end = (int(y) for y in row["period"].split("-"))
            cells.append((row["cell"], row["lang"], TimeContext(start, end)))
    for gold in sorted((ROOT / "tests" / "fixtures" / "gold").glob("*.gold.json")):
        data = json.loads(gold.read_text(encoding="utf-8"))
        doc = data["document"]
        ctx = TimeContext(doc.get("period_start"), doc.get("period_end"))
        cells += [(a["timeframe_raw"], doc.get("language", "en"), ctx) for a in data["activities"]]
    return cells


_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def shifted(
    cells: list[tuple[str, str, TimeContext]], by: int
) -> list[tuple[str, str, TimeContext]]:
    """The cells with every year and the plan period moved ``by`` years."""
    out = []
    for cell, lang, ctx in cells:
        moved = _YEAR.sub(lambda m: str(int(m.group()) + by), cell)
        start = ctx.period_start + by if ctx.period_start else None
        end = ctx.period_end + by if ctx.period_end else None
        out.append((moved, lang, TimeContext(start, end)))
    return out


def distinct(cells: list[tuple[str, str, TimeContext]]) -> list[tuple[str, str, TimeContext]]:
    """Each (cell, plan period) once, in first-seen order."""
    seen: set[tuple[str, TimeContext]] = set()
    out = []
    for cell, lang, ctx in cells:
        if (cell, ctx) not in seen:
            seen.add((cell, ctx))
            out.append((cell, lang, ctx))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=8, help="year shifts of the cell set")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best counts")
    args = parser.parse_args()
    resources = load_resources()
    base = corpus_cells()
    # warm-up on cells that are not measured: lazy set-up of spaCy, dateparser, regexes
    warmup = distinct(shifted(base, -40))
    cells = distinct([c for by in range(1, args.variants + 1) for c in shifted(base, -by)])

    def read_all(items: list[tuple[str, str, TimeContext]]) -> None:
        for cell, lang, ctx in items:
            read_timeframe(cell, resources.grammars.for_language(lang), resources.units, ctx)

    def forget() -> None:
        """Empty the run's memos, so every cell is read afresh."""
        for grammar in resources.grammars.grammars.values():
            grammar.readings.clear()
            for g in (grammar, grammar.fallback):
                if g is not None:
                    g.time.dateparser_answers.clear()
                    g.guesses.clear()  # a first round of words as well as of cells

    read_all(warmup)
    cold = float("inf")
    # CPU time of this process, the best of a few rounds: other processes share the cores
    for _ in range(args.rounds):
        forget()
        start = time.process_time()
        read_all(cells)
        cold = min(cold, time.process_time() - start)
    start = time.process_time()
    read_all(cells)  # the same cells again: answered from the run's memo
    warm = time.process_time() - start

    profile = cProfile.Profile()
    profile.enable()
    read_all(distinct(shifted(base, 40)))
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]

    def share(module: str, function: str) -> float:
        """Cumulative share of the profiled time in one function."""
        cumulative = [
            v[3]
            for (file, _, name), v in stats.stats.items()  # type: ignore[attr-defined]
            if file.endswith(module) and name == function
        ]
        return max(cumulative, default=0.0) / total

    rate = len(cells) / cold
    print(f"cells: {len(cells)} distinct (cell, plan period) pairs")
    print(f"distinct: {rate:,.0f} cells/s ({cold * 1000:.1f} ms)")
    print(f"repeated (memo): {len(cells) / warm:,.0f} cells/s ({warm * 1000:.1f} ms)")
    for module, function, what in (
        ("timex.py", "find_times", "time expressions"),
        ("predicates.py", "find_triggers", "status phrases (exact, split, lemma, misspelt)"),
        ("clauses.py", "accepted_triggers", "clauses and scope"),
        ("status_events.py", "read_status_events", "events and arguments"),
        ("dateparser/__init__.py", "parse", "dateparser"),
    ):
        print(f"time in {what}: {share(module, function):.0%}")
    print(f"target >= 20,000 distinct cells/s: {'met' if rate >= 20_000 else 'missed'}")


if __name__ == "__main__":
    main()
