"""Timeframe cells per second on one core, and where the time goes.

    python benchmarks/bench_timeframes.py [--rounds N]

Cells: every Timeframe cell of the case table (tests/cases/timeframes.tsv) and of the
gold files in tests/fixtures/gold, repeated as a real corpus repeats them. Prints the
cold rate (every cell read afresh), the warm rate (repeated cells answered from the
run's memo), and the share of cold time spent in spaCy's matcher and in dateparser.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import json
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iflaplans.normalize.timeframe import read_timeframe  # noqa: E402
from iflaplans.normalize.timex import TimeContext  # noqa: E402
from iflaplans.resources import load_resources  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="times the cell set is repeated")
    args = parser.parse_args()
    resources = load_resources()
    cells = corpus_cells()

    def read_all(items: list[tuple[str, str, TimeContext]]) -> None:
        for cell, lang, ctx in items:
            read_timeframe(cell, resources.grammars.for_language(lang), resources.units, ctx)

    read_all(cells)  # warm-up: dateparser's and spaCy's lazy set-up, regex compilation

    start = time.perf_counter()
    for grammar in resources.grammars.grammars.values():
        grammar.readings.clear()
    read_all(cells)
    cold = time.perf_counter() - start

    repeated = cells * args.rounds
    start = time.perf_counter()
    read_all(repeated)
    warm = time.perf_counter() - start

    for grammar in resources.grammars.grammars.values():
        grammar.readings.clear()
        grammar.time.dateparser_answers.clear()
    profile = cProfile.Profile()
    profile.enable()
    read_all(cells)
    profile.disable()
    stats = pstats.Stats(profile)
    total = stats.total_tt  # type: ignore[attr-defined]

    def share(fragment: str) -> float:
        cumulative = [
            v[3]
            for (file, _, name), v in stats.stats.items()  # type: ignore[attr-defined]
            if fragment in file
        ]
        return max(cumulative, default=0.0)

    spacy_time = sum(
        v[3]
        for (file, _, name), v in stats.stats.items()  # type: ignore[attr-defined]
        if name in ("make_doc", "__call__") and ("spacy" in file or "matcher" in file)
    )
    dateparser_time = share("dateparser/__init__.py")
    print(f"cells: {len(cells)} distinct-ish, {len(repeated)} in the repeated set")
    print(f"cold: {len(cells) / cold:,.0f} cells/s ({cold * 1000:.1f} ms)")
    print(f"warm: {len(repeated) / warm:,.0f} cells/s ({warm * 1000:.1f} ms)")
    print(f"warm/cold speed-up: {(len(repeated) / warm) / (len(cells) / cold):.1f}x")
    print(f"cold time in spaCy tokenizer+matcher: {spacy_time / total:.0%}")
    print(f"cold time in dateparser: {dateparser_time / total:.0%}")
    print(f"target warm >= 20,000 cells/s: {'met' if len(repeated) / warm >= 20_000 else 'missed'}")


if __name__ == "__main__":
    main()
