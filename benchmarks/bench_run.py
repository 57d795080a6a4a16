"""A whole run over small PDFs against a bare pdfplumber pass over the same files.

    python benchmarks/bench_run.py [--copies 40] [--rounds 3]

Builds a corpus of COPIES small PDFs (the sample PDFs of tests/fixtures/pdf, each
copy made distinct by a trailing comment so none is a duplicate), then times, in
fresh processes and with rounds interleaved:
(a) ``iflaplans run CORPUS --out OUT --jobs 1 --full --quiet``: start-up, worker,
    reading, normalizing, tables, publishing;
(b) a bare pass: ``import pdfplumber`` and ``page.extract_tables()`` on every page.
Prints the median wall time of each and their ratio (target <= 1.2).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
BIN = Path(sys.executable).parent

BARE = """
import sys
from pathlib import Path
import pdfplumber
for path in sorted(Path(sys.argv[1]).glob("*.pdf")):
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
"""


def build_corpus(folder: Path, copies: int) -> int:
    """COPIES distinct PDFs in ``folder``; returns their total page count."""
    import pdfplumber

    folder.mkdir(parents=True, exist_ok=True)
    pages = 0
    for i in range(copies):
        sample = SAMPLES[i % len(SAMPLES)]
        # A comment after %%EOF changes the hash, not the document.
        (folder / f"plan-{i:03d}.pdf").write_bytes(sample.read_bytes() + f"\n% copy {i}\n".encode())
        with pdfplumber.open(sample) as pdf:
            pages += len(pdf.pages)
    return pages


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        pages = build_corpus(corpus, args.copies)
        run = [
            str(BIN / "iflaplans"),
            "run",
            str(corpus),
            "--out",
            str(Path(tmp) / "out"),
            "--jobs",
            "1",
            "--full",
            "--quiet",
        ]
        bare = [sys.executable, "-c", BARE, str(corpus)]
        runs: list[float] = []
        bares: list[float] = []
        for _ in range(args.rounds):
            runs.append(timed(run))
            bares.append(timed(bare))
    whole, base = statistics.median(runs), statistics.median(bares)
    print(f"{args.copies} PDFs, {pages} pages, {args.rounds} rounds (median wall time)")
    print(f"  iflaplans run --jobs 1     {whole:7.2f} s  ({pages / whole:6.1f} pages/s)")
    print(f"  bare pdfplumber pass       {base:7.2f} s  ({pages / base:6.1f} pages/s)")
    print(f"  ratio run / bare           {whole / base:7.2f}   (target <= 1.2)")


if __name__ == "__main__":
    main()
