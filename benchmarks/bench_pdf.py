"""The PDF reader's cost against a bare pdfplumber pass, and its peak memory on a long PDF.

    python benchmarks/bench_pdf.py [--rounds 5] [--pages 100]

Over the sample plans in tests/fixtures/pdf, times (a) ``read_pdf`` and (b) a bare
pdfplumber pass (``for page in pdf.pages: page.extract_tables()``), rounds
interleaved, and prints pages/s for each and their ratio (target <= 1.1). Then
reads a PDF of about PAGES pages, built by repeating the sample pages with
pypdfium2 (a dependency of pdfplumber), and prints the peak of Python memory
(tracemalloc) and the process's peak resident set, against the same for one copy
of the pages: a reader that keeps memory flat peaks about as high on both.
"""

from __future__ import annotations

import argparse
import gc
import io
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pdfplumber
import pypdfium2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from iflaplans.extract.pdf import read_pdf  # noqa: E402
from iflaplans.settings import Settings  # noqa: E402

SAMPLES = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))


def bare_pass(data: bytes) -> int:
    """Pages of one PDF after pdfplumber finds and extracts its tables, nothing more."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
        return len(pdf.pages)


def reader_pass(data: bytes, settings: Settings) -> int:
    """Pages of one PDF after ``read_pdf``."""
    _, pages = read_pdf(data, settings)
    return pages or 0


def repeated(data: list[bytes], pages: int) -> bytes:
    """A PDF of at least ``pages`` pages: the given PDFs' pages over and over."""
    out = pypdfium2.PdfDocument.new()
    sources = [pypdfium2.PdfDocument(d) for d in data]
    while len(out) < pages:
        for source in sources:
            out.import_pages(source)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def timed(work: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    pages = work()
    return time.perf_counter() - start, pages


def peak(work: Callable[[], object]) -> int:
    """Peak bytes Python allocated while ``work`` ran (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    settings = Settings(max_pages=max(1000, args.pages * 2))
    data = [p.read_bytes() for p in SAMPLES]
    for blob in data:  # warm-up: imports, font metrics, the headings vocabulary
        reader_pass(blob, settings)
        bare_pass(blob)

    totals = {"read_pdf": 0.0, "bare": 0.0}
    pages = 0
    for _ in range(args.rounds):
        for blob in data:
            seconds, count = timed(partial(reader_pass, blob, settings))
            totals["read_pdf"] += seconds
            seconds, _ = timed(partial(bare_pass, blob))
            totals["bare"] += seconds
            pages += count
    print(f"{len(SAMPLES)} PDFs, {pages // args.rounds} pages, {args.rounds} rounds")
    for name, seconds in totals.items():
        print(f"  {name:9s} {pages / seconds:8.1f} pages/s  ({seconds:.2f} s)")
    print(f"  ratio read_pdf / bare = {totals['read_pdf'] / totals['bare']:.2f} (target <= 1.1)")

    long_pdf = repeated(data, args.pages)
    short_pdf = repeated(data, 1)
    long_pages = len(pypdfium2.PdfDocument(long_pdf))
    short_pages = len(pypdfium2.PdfDocument(short_pdf))
    seconds, _ = timed(partial(reader_pass, long_pdf, settings))
    print(
        f"long PDF: {long_pages} pages read in {seconds:.2f} s ({long_pages / seconds:.1f} pages/s)"
    )
    short_peak = peak(partial(reader_pass, short_pdf, settings))
    long_peak = peak(partial(reader_pass, long_pdf, settings))
    print(
        f"  peak Python memory (tracemalloc): {long_peak / 2**20:.1f} MiB for {long_pages} pages,"
        f" {short_peak / 2**20:.1f} MiB for {short_pages} pages"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident set of this process: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
