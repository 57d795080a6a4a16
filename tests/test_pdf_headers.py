"""PDF tables whose header row is set apart by shading or type, not by a rule.

The fixtures are LibreOffice exports of Word plans written by
tests/fixtures/pdf/make_header_styles.py (three columns, no Funding column,
landscape pages, a running footer; a shaded header over banded rows, a bold header
over rows ruled below, a bold header over banded rows); test_pdf.py reads their
golds like every golden PDF's. Here: invariants that hold on each of them (no row
swallowed into a header, no text lost but the running footer), and small PDFs drawn
here, each with one way of setting a header apart.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from iflaplans.extract import read_document
from iflaplans.extract.pdf import read_pdf
from iflaplans.extract.pdf.tables import _Vocabulary
from iflaplans.model.records import RawDocument, Row
from iflaplans.rules.headings import load_headings
from iflaplans.settings import Settings
from tests.test_pdf import _Canvas, _pdf

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
STEMS = [
    "riss-action-plan-2021-2023-lo-shaded-header",
    "section-bibliotheques-publiques-plan-action-2021-2023-lo-bold-header",
    "information-literacy-action-plan-2021-2023-lo-bold-banded",
]


def _gold(stem: str) -> dict:
    return json.loads((FIXTURES / f"{stem}.gold.json").read_text(encoding="utf-8"))


def _rows(stem: str) -> list[Row]:
    rows, _ = read_pdf((FIXTURES / f"{stem}.pdf").read_bytes(), Settings())
    return rows


def _document(stem: str) -> RawDocument:
    data = (FIXTURES / f"{stem}.pdf").read_bytes()
    return read_document(data, source_path=stem, settings=Settings(), headings=load_headings())


def _is_header(row: Row, vocab: _Vocabulary) -> bool:
    return sum(vocab.role(cell) is not None for cell in row.cells) >= 2


@pytest.mark.parametrize("stem", STEMS)
def test_every_activity_is_read(stem: str) -> None:
    gold = _gold(stem)["activities"]
    found = [a for fa in _document(stem).focus_areas for a in fa.activities]
    assert [(a.focus_area_no, a.row_no) for a in found] == [
        (a["focus_area_no"], a["row_no"]) for a in gold
    ]
    for activity, expected in zip(found, gold, strict=True):
        assert activity.title.startswith(expected["title_start"])


@pytest.mark.parametrize("stem", STEMS)
def test_header_rows_hold_only_headings(stem: str) -> None:
    vocab = _Vocabulary(load_headings())
    headers = [row for row in _rows(stem) if len(row.cells) > 1 and _is_header(row, vocab)]
    assert headers, "no header row was read"
    for row in headers:
        assert all(vocab.spells(cell) for cell in row.cells), row.cells


@pytest.mark.parametrize("stem", STEMS)
def test_no_text_is_lost_but_the_running_footer(stem: str) -> None:
    """Every word of the PDF is in a row, but the footer line that ends every page."""
    expected: Counter[str] = Counter()
    footers: Counter[str] = Counter()
    with pdfplumber.open(FIXTURES / f"{stem}.pdf") as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            bottom = max(w["top"] for w in words)
            expected.update(w["text"] for w in words)
            footers.update(w["text"] for w in words if w["top"] == bottom)
    read = Counter(word for row in _rows(stem) for cell in row.cells for word in cell.split())
    assert read - expected == Counter()
    assert expected - read == footers


# --------------------------------------------------------------------- drawn here

_COLUMNS = (50.0, 230.0, 420.0)
_HEADER = ("Projects/Activities", "Tasks & Responsibility", "Timeframe")


def _table_pdf(shade: bool, rules_under_rows: bool) -> bytes:
    """A plan whose three-column table has a header row in the body's type right over
    the first row, with no rule under it (whether or not there is one under each row)."""
    canvas = _Canvas()
    top = canvas.lines(50, 60, ["Action plan 2020-2021", "Name of Professional Unit: Test"])
    top = canvas.lines(50, top + 10, ["Focus Area 1", "Read headers set apart by shading."])
    top += 10
    if shade:
        canvas.ops.append(f"0.75 0.84 0.93 rg 48 {842 - top - 13} 500 13 re f 0 g")
    for x, text in zip(_COLUMNS, _HEADER, strict=True):
        canvas.text(x, top + 2, text)
    body = [
        ("Write a short guide.", "1. Draft it.", "2020"),
        ("Run a webinar.", "1. Find speakers.", "2021"),
    ]
    y = top + 13
    for row in body:
        for x, text in zip(_COLUMNS, row, strict=True):
            canvas.text(x, y + 1, text)
        y += 12
        if rules_under_rows:
            canvas.line(48, y, 548, y)
        y += 8  # the rows are set apart by a blank, the header from the body by none
    canvas.lines(50, y + 20, ["How will you communicate your activities and results?", "Web."])
    return _pdf([canvas.content()])


@pytest.mark.parametrize(
    ("shade", "rule"), [(True, True), (True, False), (False, True), (False, False)]
)
def test_the_first_row_under_a_header_is_a_row(shade: bool, rule: bool) -> None:
    rows, _ = read_pdf(_table_pdf(shade, rule), Settings())
    cells = [row.cells for row in rows if len(row.cells) == 3]
    assert cells == [
        _HEADER,
        ("Write a short guide.", "1. Draft it.", "2020"),
        ("Run a webinar.", "1. Find speakers.", "2021"),
    ]


@pytest.mark.parametrize(
    ("before", "added", "carries"),
    [
        ("Funding", "Needed", True),
        ("Finance", "ment", True),
        ("Finance\nment", "nécessair", True),
        ("Finance\nment\nnécessair", "e", True),
        ("Tasks &", "Responsibility", True),
        ("Projects/", "Activities", True),
        ("Timeframe", "(year)", True),
        ("Projects/Activities", "What will you do?", True),
        ("", "Timeframe", True),
        ("Timeframe", "2021", False),
        ("Timeframe", "WLIC 2022", False),
        ("Projects/Activities", "Publish revised guidelines.", False),
        ("Tasks & Responsibility", "1. Form a working group (Chair)", False),
        ("Calendrier", "2021", False),
    ],
)
def test_header_words_carry_on(before: str, added: str, carries: bool) -> None:
    assert _Vocabulary(load_headings()).carries_on(before, added) is carries
