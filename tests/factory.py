"""Synthetic plans: variants of the seed text export, for nightly-run tests and benchmarks,
and small Word plans built with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

HEADER = ("Funding Needed", "Projects/Activities", "Tasks & Responsibility", "Timeframe")

SEED = Path(__file__).parent / "fixtures" / "plans" / "it-section-action-plan-2019-2021.txt"
UNITS = [
    "Information Technology Section",
    "Cataloguing Section",
    "Public Libraries Section",
    "Big Data Special Interest Group",
    "Knowledge Management Section",
    "Africa Section",
    "Rare Books and Special Collections Section",
    "Library History Special Interest Group",
]
STATUSES = [
    "2020 Moved to 2021",
    "2020 Cancelled.",
    "2020 Ongoing.",
    "2021-2022",
    "2020 Completed.",
    "2020 Postponed to 2021/2022",
    "2020-2021 On hold.",
    "August 2020 onwards",
]


def variant(index: int, revision: int = 0) -> str:
    """The seed plan for another unit, with its first Timeframe cells varied.

    ``revision`` changes the statuses as a later update of the same plan would.
    """
    text = SEED.read_text(encoding="utf-8")
    unit = UNITS[index % len(UNITS)]
    text = text.replace(
        "Name of Professional Unit: Information Technology Section",
        f"Name of Professional Unit: {unit}",
    )
    text = text.replace(
        "\t2020 Moved to 2021\n", f"\t{STATUSES[(index + revision) % len(STATUSES)]}\n"
    )
    text = text.replace(
        "\t2020 Cancelled.\n", f"\t{STATUSES[(index + 3 + revision) % len(STATUSES)]}\n", 1
    )
    return text.replace(
        "Organize a WLIC joint open session", f"Organize joint session no. {index}", 1
    )


def write_corpus(folder: Path, count: int) -> list[Path]:
    """``count`` distinct plans in ``folder`` (created), named plan-0000.txt and so on."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"plan-{i:04d}.txt"
        path.write_text(variant(i), encoding="utf-8")
        paths.append(path)
    return paths


def docx_plan(
    paragraphs: tuple[str, ...], row: tuple[str, ...], header: tuple[str, ...] = HEADER
) -> bytes:
    """A Word plan: ``paragraphs`` (title, unit, focus area…), then an activity table of
    ``header`` and one ``row``."""
    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    table = doc.add_table(rows=2, cols=len(header))
    for cells, texts in zip(table.rows, (header, row), strict=True):
        for cell, text in zip(cells.cells, texts, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
