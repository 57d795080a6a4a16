"""Start-up time: how long the command line takes when it has nothing to read.

    python benchmarks/bench_startup.py [--repeats 7]

Times, each as a fresh process (median of REPEATS): ``iflaplans --version``, a run
over an empty folder, and a no-op nightly run over ``corpus/`` (run once to build
the set, then timed: nothing changed). Prints each next to a bare ``python -c pass``
and the ratio to it. Target: a run that reads nothing ends within 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "iflaplans"]


def seconds(command: list[str], repeats: int, before: Callable[[], None] | None = None) -> float:
    """Median wall time of ``command`` (``before`` runs ahead of each, untimed)."""
    times = []
    for _ in range(repeats):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty, out_empty, out_corpus = Path(tmp) / "empty", Path(tmp) / "o1", Path(tmp) / "o2"
        empty.mkdir()
        nightly = [*CLI, "run", str(ROOT / "corpus"), "--out", str(out_corpus), "-q"]
        subprocess.run(nightly, check=True)  # the first night reads everything
        rows = [
            ("python -c pass", seconds([sys.executable, "-c", "pass"], args.repeats)),
            ("iflaplans --version", seconds([*CLI, "--version"], args.repeats)),
            (
                "run over an empty folder",
                seconds([*CLI, "run", str(empty), "--out", str(out_empty), "-q"], args.repeats),
            ),
            ("no-op nightly run over corpus/", seconds(nightly, args.repeats)),
        ]
    bare = rows[0][1]
    for name, value in rows:
        print(f"{name:32} {value:6.3f} s  {value / bare:5.1f}x python")


if __name__ == "__main__":
    main()
