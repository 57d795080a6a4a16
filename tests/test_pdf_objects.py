"""The faster character records of :mod:`iflaplans.extract.pdf.objects` are pdfplumber's.

Every page of every PDF in the tests' fixtures and the corpus is parsed twice, by
pdfplumber's page and by :class:`FastPage`; the records must be equal, key order
included, object for object.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.page import Page

from iflaplans.extract.pdf.objects import RECORDS_OF, FastPage, page_class

ROOT = Path(__file__).parent.parent
PDFS = sorted(
    path
    for folder in (ROOT / "tests" / "fixtures", ROOT / "corpus")
    for path in folder.rglob("*.pdf")
    if "bad" not in path.relative_to(folder).parts
)


def test_there_are_pdfs_to_compare() -> None:
    assert len(PDFS) >= 8


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_fast_records_equal_pdfplumbers(path: Path) -> None:
    compared = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            fast = FastPage(pdf, page.page_obj, page.page_number, page.initial_doctop)
            theirs, ours = page.objects, fast.objects
            assert list(ours) == list(theirs)
            for kind, records in theirs.items():
                assert len(ours[kind]) == len(records)
                for mine, their in zip(ours[kind], records, strict=True):
                    assert list(mine.items()) == list(their.items())
                    compared += 1
    assert compared > 100


def test_fast_page_only_under_the_series_it_copies() -> None:
    expected = FastPage if pdfplumber.__version__.startswith(RECORDS_OF) else Page
    assert page_class() is expected
