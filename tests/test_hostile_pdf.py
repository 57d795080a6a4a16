"""Hostile PDFs: each is refused with the code that says what is wrong, before it costs
the machine's memory or time. The files are built here (tests/hostile_pdfs.py)."""

from __future__ import annotations

import io
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from pdfminer import pdftypes
from pdfminer.pdfinterp import PDFPageInterpreter

import iflaplans.extract.pdf as pdf_module
import iflaplans.extract.pdf.tree as tree_module
from iflaplans import errors
from iflaplans.extract import read_document
from iflaplans.extract.pdf import read_pdf
from iflaplans.extract.pdf.guard import guarded
from iflaplans.rules.headings import Headings
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings
from tests import hostile_pdfs as hostile

FIXTURES = Path(__file__).parent / "fixtures"
SMALL = Settings(max_document_memory=64 * hostile.MIB)  # 16 MiB for one stream: quick tests


@pytest.fixture(scope="module")
def headings(resources: Resources) -> Headings:
    return resources.headings


def _refused(
    data: bytes, headings: Headings, settings: Settings | None = None
) -> errors.ExtractError:
    with pytest.raises(errors.ExtractError) as caught:
        read_document(
            data, source_path="hostile.pdf", settings=settings or Settings(), headings=headings
        )
    return caught.value


def _no_page_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def parsed(*args: object) -> None:
        raise AssertionError("a page was parsed")

    monkeypatch.setattr(pdf_module, "_load", parsed)


# --------------------------------------------------------------------- decompression bombs


def test_flate_bomb_stops_at_the_cap(headings: Headings) -> None:
    data = hostile.flate_bomb()  # 1 MB that inflates to 1 GiB
    tracemalloc.start()
    try:
        error = _refused(data, headings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert type(error) is errors.DecompressionBomb and error.code == "decompression-bomb"
    assert error.message == (
        "stream 4 (1.0 MiB in the file) inflates past the limit of 256 MiB for one stream "
        "(FlateDecode stopped at 272 MiB)"
    )
    assert error.location == "page 1"
    assert peak < 300 * hostile.MIB  # the cap and one step, not the gibibyte


@pytest.mark.parametrize(
    ("build", "message", "location"),
    [
        (
            hostile.nested_flate_bomb,
            "stream 4 (2.5 KiB in the file) inflates past the limit of 16 MiB for one stream "
            "(FlateDecode stopped at 32 MiB)",
            "page 1",
        ),
        (
            lambda: hostile.lzw_bomb(cycles=3),
            "stream 4 (15.8 KiB in the file) inflates past the limit of 16 MiB for one stream "
            "(LZWDecode stopped at 16.0 MiB)",
            "page 1",
        ),
        (
            lambda: hostile.runlength_bomb(runs=140_000),
            "stream 4 (273 KiB in the file) inflates past the limit of 16 MiB for one stream "
            "(RunLengthDecode stopped at 17.1 MiB)",
            "page 1",
        ),
        (
            # pdfminer inflates an object stream when it resolves an object in it.
            hostile.object_stream_bomb,
            "object stream 5 (1.0 MiB in the file) inflates past the limit of 16 MiB for one "
            "stream (FlateDecode stopped at 32 MiB)",
            None,
        ),
    ],
    ids=["nested-filters", "lzw", "run-length", "object-stream"],
)
def test_bombs_in_every_filter_are_refused(
    build: Callable[[], bytes], message: str, location: str | None, headings: Headings
) -> None:
    error = _refused(build(), headings, SMALL)
    assert type(error) is errors.DecompressionBomb
    assert (error.message, error.location) == (message, location)


def test_a_predictor_too_wide_to_set_up_is_refused(headings: Headings) -> None:
    tracemalloc.start()
    try:
        error = _refused(hostile.wide_predictor(), headings)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert type(error) is errors.DecompressionBomb
    assert error.message == (
        "stream 4 declares a predictor 2,000,000,000 columns wide, 16.8 GiB to set up, "
        "past the limit of 256 MiB for one stream"
    )
    assert peak < 50 * hostile.MIB


def test_streams_under_the_cap_read_as_before() -> None:
    # An object stream and a cross-reference stream, both decoded under the guard.
    rows, pages = read_pdf(hostile.compressed_text_pdf(), SMALL)
    assert [r.cells for r in rows] == [("Hello, world",)] and pages == 1
    # A damaged checksum keeps the inflated text, as pdfminer's own fallback does.
    rows, _ = read_pdf(hostile.bad_checksum(), SMALL)
    assert [r.cells for r in rows] == [("Hello, world",)]


def test_guards_are_only_there_during_a_read() -> None:
    read_pdf(hostile.text_pdf(), Settings())
    assert pdftypes.zlib is zlib
    assert "guarded" not in pdftypes.PDFStream.decode.__name__
    assert "guarded" not in pdftypes.PDFObjRef.resolve.__name__


# --------------------------------------------------------------------- images


def test_image_data_is_never_decoded(headings: Headings) -> None:
    # The image declares 100000 x 100000 pixels and its data is a 64 MiB bomb.
    error = _refused(hostile.huge_image(), headings, SMALL)
    assert type(error) is errors.NoTextLayer
    assert error.message == "the PDF has no text layer: its only page holds 1 image and no text"
    rows, _ = read_pdf(hostile.huge_image(text=True), SMALL)
    assert [r.cells for r in rows] == [("Hello, world",)]


def test_decoding_a_huge_image_is_refused_by_its_declared_size() -> None:
    with guarded(Settings()), pdfplumber.open(io.BytesIO(hostile.huge_image())) as pdf:
        image = pdf.doc.getobj(5)
        with pytest.raises(errors.DecompressionBomb) as caught:
            image.get_data()
    assert caught.value.message == (
        "image 5 declares 100,000 × 100,000 pixels, 27.9 GiB once decoded, "
        "past the limit of 256 MiB for one stream"
    )


# --------------------------------------------------------------------- page counts


def test_declared_page_count_is_refused_before_any_page(
    monkeypatch: pytest.MonkeyPatch, headings: Headings
) -> None:
    _no_page_is_parsed(monkeypatch)
    error = _refused(hostile.text_pdf(pages=1, declared=200_000), headings)
    assert type(error) is errors.TooManyPages
    assert error.message == "the PDF declares 200,000 pages, over the limit of 300"


def test_a_lying_count_stops_the_walk_past_the_limit(
    monkeypatch: pytest.MonkeyPatch, headings: Headings
) -> None:
    _no_page_is_parsed(monkeypatch)
    visited = []
    node = tree_module._node
    monkeypatch.setattr(tree_module, "_node", lambda ref: visited.append(ref) or node(ref))
    error = _refused(hostile.many_kids(kids=2_000, declared=2), headings)
    assert type(error) is errors.TooManyPages
    assert error.message == "the PDF has more than 300 pages (it declares 2)"
    assert len(visited) == 302  # the root and 301 pages, not the 2,000


def test_closing_does_not_walk_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    def every_page(self: object) -> None:
        raise AssertionError("pdfplumber's page list was made")

    monkeypatch.setattr(pdfplumber.pdf.PDF, "pages", property(every_page))
    with pytest.raises(errors.TooManyPages):
        read_pdf(hostile.text_pdf(pages=1, declared=200_000), Settings())
    rows, pages = read_pdf(
        (FIXTURES / "pdf" / "arl-action-plan-2019-2020.pdf").read_bytes(), Settings()
    )
    assert pages == 2 and rows


# --------------------------------------------------------------------- empty and blank


@pytest.mark.parametrize(
    ("build", "error_type", "message"),
    [
        (hostile.no_pages, errors.EmptyFile, "the PDF has no pages"),
        (
            hostile.blank_pages,
            errors.EmptyFile,
            "the PDF is blank: its 2 pages hold no text, no images and no drawings",
        ),
        (
            hostile.drawings_only,
            errors.NoTextLayer,
            "the PDF has no text layer: its only page holds drawings and no text",
        ),
        (
            lambda: (FIXTURES / "pdf" / "bad" / "scanned-action-plan.pdf").read_bytes(),
            errors.NoTextLayer,
            "the PDF has no text layer: its 2 pages hold 2 images and no text",
        ),
    ],
    ids=["no-pages", "blank-pages", "drawings-only", "scan"],
)
def test_pdf_without_text_says_what_it_holds(
    build: Callable[[], bytes], error_type: type, message: str, headings: Headings
) -> None:
    error = _refused(build(), headings)
    assert type(error) is error_type
    assert error.message == message


# --------------------------------------------------------------------- loops


@pytest.mark.parametrize(
    ("build", "message", "location"),
    [
        (
            hostile.cyclic_kids,
            "the page tree refers back to itself (a /Kids entry names object 2, which holds it)",
            None,
        ),
        (
            hostile.parent_loop,
            "the page tree refers back to itself (the /Parent of object 2 leads back to it)",
            None,
        ),
        (hostile.self_reference, "object 2 refers to itself", None),
        (lambda: hostile.self_reference("pair"), "object 2 refers to itself (2 → 3 → 2)", None),
        (lambda: hostile.self_reference("contents"), "object 4 refers to itself", "page 1"),
        (
            hostile.self_containing_array,
            "page 1 cannot be read: its objects nest too deeply or refer to themselves",
            None,
        ),
    ],
    ids=["kids", "parent", "self", "pair", "contents", "recursion"],
)
def test_loops_are_corrupt_files(
    build: Callable[[], bytes], message: str, location: str | None, headings: Headings
) -> None:
    error = _refused(build(), headings)
    assert type(error) is errors.CorruptFile
    assert (error.message, error.location) == (message, location)


# --------------------------------------------------------------------- limits pass through


@pytest.mark.parametrize(
    "where",
    [(pdfplumber.pdf, "PDFDocument"), (PDFPageInterpreter, "process_page")],
    ids=["opening", "page"],
)
def test_a_timeout_inside_pdfminer_passes_unchanged(
    where: tuple[object, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    timeout = errors.DocumentTimeout("reading took longer than 1 s")

    def expire(*args: object, **kwargs: object) -> None:
        raise timeout

    monkeypatch.setattr(*where, expire)
    with pytest.raises(errors.DocumentTimeout) as caught:
        read_pdf(hostile.text_pdf(), Settings())
    assert caught.value is timeout


def test_running_out_of_memory_names_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(PDFPageInterpreter, "process_page", exhausted)
    with pytest.raises(errors.MemoryLimit) as caught:
        read_pdf(hostile.text_pdf(), Settings())
    assert caught.value.message == "reading page 1 ran out of memory"
