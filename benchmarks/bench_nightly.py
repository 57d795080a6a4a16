"""The nightly run at scale: a full run, a no-op run and peak memory over generated plans.

    python benchmarks/bench_nightly.py [--plans 1000] [--jobs N]

Builds PLANS distinct text plans (variants of the seed plan), then times, each in
a fresh process: a full run, a no-op run (nothing changed; target <= 2 s), and a
run after one plan changed. Peak memory is the largest resident set of the run's
processes (target <= 300 MB).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.factory import variant, write_corpus  # noqa: E402


def timed_run(corpus: Path, out: Path, jobs: int, *extra: str) -> tuple[float, int]:
    """Seconds and exit code of one CLI run in a fresh process."""
    command = [
        sys.executable,
        "-m",
        "iflaplans",
        "run",
        str(corpus),
        "--out",
        str(out),
        "--quiet",
        "--jobs",
        str(jobs),
        *extra,
    ]
    start = time.perf_counter()
    code = subprocess.run(command, check=False).returncode
    return time.perf_counter() - start, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        write_corpus(corpus, args.plans)
        full, code_full = timed_run(corpus, out, args.jobs)
        noop, code_noop = timed_run(corpus, out, args.jobs)
        (corpus / "plan-0000.txt").write_text(variant(0, revision=1), encoding="utf-8")
        one, code_one = timed_run(corpus, out, args.jobs)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"plans: {args.plans}, jobs: {args.jobs}")
    print(f"full run:        {full:6.2f} s  ({args.plans / full:,.0f} plans/s, exit {code_full})")
    print(
        f"no-op run:       {noop:6.2f} s  (exit {code_noop}; target <= 2 s: "
        f"{'met' if noop <= 2 else 'missed'})"
    )
    print(f"one plan changed:{one:6.2f} s  (exit {code_one})")
    print(f"full / no-op:    {full / noop:6.1f}x")
    print(
        f"peak memory:     {peak_mb:6.0f} MB (largest process; target <= 300 MB: "
        f"{'met' if peak_mb <= 300 else 'missed'})"
    )
    print(f"output folder:   {size_mb:6.1f} MB")


if __name__ == "__main__":
    main()
