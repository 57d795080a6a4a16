"""The PDF reader: golden tests on real exports, bad PDFs, and small PDFs built here.

The golden PDFs and their gold annotations are in tests/fixtures/pdf: two sample
plans with hand-made golds; three LibreOffice exports of variants of the sample
DOCX plans (form checkboxes drawn as boxes, a table without any rules, a table
with horizontal rules only) whose golds are the DOCX golds (see their notes); and
three LibreOffice exports of Word plans whose header row is set apart by shading
or type alone, written with their golds by make_header_styles.py (see
test_pdf_headers.py). The synthetic PDFs are written by a tiny PDF writer below
(text, lines and rectangles, optionally RC4-encrypted with an empty user
password), so each layout feature is tested on its own.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
from functools import cache
from pathlib import Path

import pytest

from iflaplans import errors
from iflaplans.extract import read_document
from iflaplans.extract.pdf import read_pdf
from iflaplans.model.records import RawActivity, RawDocument
from iflaplans.normalize.tasks import split_tasks
from iflaplans.rules.headings import load_headings
from iflaplans.settings import Settings
from iflaplans.textutil import collapse

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
GOLDEN = sorted(FIXTURES.glob("*.gold.json"))
BAD = FIXTURES / "bad"


def _gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _read(name: str, data: bytes | None = None) -> RawDocument:
    """A fixture PDF (or given bytes) read into a document, once per test run."""
    blob = data if data is not None else (FIXTURES / name).read_bytes()
    return read_document(blob, source_path=name, settings=Settings(), headings=load_headings())


def _doc_of(gold_path: Path) -> RawDocument:
    return _read(_gold(gold_path)["source"])


def _activity(doc: RawDocument, fa_no: int, row_no: int) -> RawActivity:
    for fa in doc.focus_areas:
        for activity in fa.activities:
            if (activity.focus_area_no, activity.row_no) == (fa_no, row_no):
                return activity
    raise AssertionError(f"no activity {fa_no}.{row_no}")


# --------------------------------------------------------------------- golden PDFs

_ACTIVITIES = [(p, a) for p in GOLDEN for a in _gold(p)["activities"]]
_FOCUS_AREAS = [(p, fa) for p in GOLDEN for fa in _gold(p)["focus_areas"]]


def _stem(path: Path) -> str:
    return path.name.removesuffix(".gold.json")


def _case_id(path: Path, entry: dict) -> str:
    row = f".{entry['row_no']}" if "row_no" in entry else ""
    return f"{_stem(path)}-{entry['focus_area_no']}{row}"


@pytest.mark.parametrize("gold_path", GOLDEN, ids=_stem)
def test_document(gold_path: Path) -> None:
    gold = _gold(gold_path)
    doc = _doc_of(gold_path)
    assert doc.source_format == "pdf"
    assert doc.pages == gold["document"]["pages"]
    assert doc.unit_name == gold["document"]["unit_name"]
    assert (doc.period_start, doc.period_end) == (
        gold["document"]["period_start"],
        gold["document"]["period_end"],
    )
    found = [(a.focus_area_no, a.row_no) for fa in doc.focus_areas for a in fa.activities]
    assert found == [(a["focus_area_no"], a["row_no"]) for a in gold["activities"]]


@pytest.mark.parametrize(
    ("gold_path", "gold"), _ACTIVITIES, ids=[_case_id(p, a) for p, a in _ACTIVITIES]
)
def test_activity(gold_path: Path, gold: dict) -> None:
    activity = _activity(_doc_of(gold_path), gold["focus_area_no"], gold["row_no"])
    assert activity.title.startswith(gold["title_start"])
    assert activity.funding_needed == gold["funding_needed"]
    if "page" in gold:
        assert activity.page == gold["page"]
    assert collapse(activity.timeframe_raw) == collapse(gold["timeframe_raw"])
    assert len(split_tasks(activity.tasks_text)) == gold["tasks"]


@pytest.mark.parametrize(
    ("gold_path", "gold"), _FOCUS_AREAS, ids=[_case_id(p, fa) for p, fa in _FOCUS_AREAS]
)
def test_focus_area(gold_path: Path, gold: dict) -> None:
    found = {fa.focus_area_no: fa for fa in _doc_of(gold_path).focus_areas}
    fa = found[gold["focus_area_no"]]
    assert fa.title.startswith(gold["title_start"])
    assert fa.strategic_direction == gold["strategic_direction"]
    assert [ki.code for ki in fa.key_initiatives] == gold["key_initiatives"]
    assert [collapse(u) for u in fa.related_units_text.split(";")] == gold["related_units"]


def test_rows_carry_pages_and_the_split_row_is_continued() -> None:
    data = (FIXTURES / "rare-books-action-plan-2019-2021-lo-export.pdf").read_bytes()
    rows, pages = read_pdf(data, Settings())
    assert pages == 4
    assert all(row.page in (1, 2, 3, 4) for row in rows)
    continued = [row for row in rows if row.continued]
    assert len(continued) == 1
    assert continued[0].page == 4
    assert continued[0].cells[1].startswith("the IFLA Library Map")


def test_running_footer_is_dropped() -> None:
    rows, _ = read_pdf((FIXTURES / "arl-action-plan-2019-2020.pdf").read_bytes(), Settings())
    assert not any("ARL Section ·" in cell for row in rows for cell in row.cells)


def _doubled(data: bytes) -> bytes:
    """The PDF with its pages twice over (pypdfium2 comes with pdfplumber)."""
    pdfium = pytest.importorskip("pypdfium2")
    source = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    out.import_pages(source)
    out.import_pages(source)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_doubled_pages_still_read() -> None:
    data = (FIXTURES / "rare-books-action-plan-2019-2021-lo-export.pdf").read_bytes()
    doc = _read("doubled.pdf", _doubled(data))
    assert doc.pages == 8
    # The copy restarts at Focus Area 1: each focus area gets its rows twice over, the
    # second time from the copy's pages.
    assert [fa.focus_area_no for fa in doc.focus_areas] == [1, 2, 3]
    activities = [a for fa in doc.focus_areas for a in fa.activities]
    assert len(activities) == 26
    original = [1] * 4 + [2] * 4 + [3] * 5
    assert sorted(a.page for a in activities) == sorted(original + [p + 4 for p in original])
    last = doc.focus_areas[-1].activities
    assert last[-1].timeframe_raw == last[len(last) // 2 - 1].timeframe_raw


# --------------------------------------------------------------------- bad PDFs


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("encrypted-action-plan.pdf", errors.EncryptedPdf),
        ("scanned-action-plan.pdf", errors.NoTextLayer),
        ("truncated-action-plan.pdf", errors.CorruptFile),
        ("wlic-2019-congress-newsletter.pdf", errors.NotAPlan),
    ],
)
def test_bad_pdf(name: str, error: type[errors.ExtractError]) -> None:
    data = (BAD / name).read_bytes()
    with pytest.raises(error) as caught:
        read_document(data, source_path=name, settings=Settings(), headings=load_headings())
    assert caught.value.code == error.code
    assert len(caught.value.message) > 30  # says what is wrong and what to do


def test_too_many_pages_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import iflaplans.extract.pdf as module

    def parsed(*args: object) -> None:
        raise AssertionError("a page was parsed")

    monkeypatch.setattr(module, "_load", parsed)
    data = (FIXTURES / "arl-action-plan-2019-2020.pdf").read_bytes()
    with pytest.raises(errors.TooManyPages) as caught:
        read_pdf(data, Settings(max_pages=1))
    assert "2 pages" in caught.value.message


# --------------------------------------------------------------------- a tiny PDF writer

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_HEIGHT = 842


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _cmap(mapping: dict[int, int]) -> bytes:
    """A ToUnicode CMap: one-byte codes -> code points."""
    chars = " ".join(f"<{code:02X}> <{point:04X}>" for code, point in mapping.items())
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        "/CMapName /Test def 1 begincodespacerange <00> <FF> endcodespacerange "
        f"{len(mapping)} beginbfchar {chars} endbfchar endcmap "
        "CMapName currentdict /CMap defineresource pop end end"
    ).encode()


# Font resource name -> (BaseFont, Encoding or None, ToUnicode map or None).
_FONTS: dict[str, tuple[str, str | None, dict[int, int] | None]] = {
    "F1": ("Helvetica", "/WinAnsiEncoding", None),
    "F2": ("ABCDEF+Wingdings-Regular", "/WinAnsiEncoding", None),  # no Unicode map: "¨" is ☐
    "F3": ("ABCDEF+Wingdings-Regular", None, {0xA8: 0xF0A8, 0xFE: 0xF0FE, 0xD8: 0xF0D8}),
    "F4": ("ABCDEF+DejaVuSans", None, {0x31: 0x2610, 0x32: 0x2612}),
    "F5": ("ABCDEF+Wingdings2", None, None),  # standard-encoding letters: "T" is ☒
    "F6": ("ABCDEF+SymbolMT", None, {0xB7: 0xF0B7}),
}


def _pdf(pages: list[str], encrypt: bool = False) -> bytes:
    """A PDF of A4 pages with the given content streams and the fonts above.

    With ``encrypt``, streams are RC4-encrypted (standard handler, revision 2)
    with an empty user password and an owner password.
    """
    objects: dict[int, tuple[bytes, bytes | None]] = {}  # number -> (dictionary, stream)
    font_ids: dict[str, int] = {}
    number = 3
    for name, (base, encoding, tounicode) in _FONTS.items():
        entries = f"/Type /Font /Subtype /Type1 /BaseFont /{base}"
        if base != "Helvetica":
            entries += " /FirstChar 0 /LastChar 255 /Widths [" + " 600" * 256 + " ]"
            entries += (
                f" /FontDescriptor << /Type /FontDescriptor /FontName /{base} /Flags 4"
                " /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200"
                " /CapHeight 700 /StemV 80 >>"
            )
        if encoding:
            entries += f" /Encoding {encoding}"
        if tounicode:
            objects[number + 1] = (b"", _cmap(tounicode))
            entries += f" /ToUnicode {number + 1} 0 R"
        objects[number] = (f"<< {entries} >>".encode(), None)
        font_ids[name] = number
        number += 2
    fonts = " ".join(f"/{name} {n} 0 R" for name, n in font_ids.items())
    kids = []
    for content in pages:
        objects[number + 1] = (b"", content.encode("latin-1"))
        objects[number] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 {_HEIGHT}] "
            f"/Resources << /Font << {fonts} >> >> /Contents {number + 1} 0 R >>".encode(),
            None,
        )
        kids.append(f"{number} 0 R")
        number += 2
    objects[1] = (b"<< /Type /Catalog /Pages 2 0 R >>", None)
    objects[2] = (f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode(), None)
    file_id = b"0123456789abcdef"
    encrypt_ref = ""
    key = b""
    if encrypt:
        owner = _rc4(hashlib.md5(b"owner" + _PAD[:27], usedforsecurity=False).digest()[:5], _PAD)
        permissions = struct.pack("<i", -4)
        key = hashlib.md5(_PAD + owner + permissions + file_id, usedforsecurity=False).digest()[:5]
        objects[number] = (
            f"<< /Filter /Standard /V 1 /R 2 /P -4 /O <{owner.hex()}> "
            f"/U <{_rc4(key, _PAD).hex()}> >>".encode(),
            None,
        )
        encrypt_ref = f" /Encrypt {number} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for n in sorted(objects):
        head, stream = objects[n]
        offsets[n] = len(out)
        if stream is None:
            out += f"{n} 0 obj\n".encode() + head + b"\nendobj\n"
            continue
        if key:
            object_key = hashlib.md5(
                key + n.to_bytes(3, "little") + b"\0\0", usedforsecurity=False
            ).digest()[:10]
            stream = _rc4(object_key, stream)
        out += f"{n} 0 obj\n<< /Length {len(stream)} >>\nstream\n".encode()
        out += stream + b"\nendstream\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for n in range(1, size):
        out += (
            f"{offsets[n]:010d} 00000 n \n".encode() if n in offsets else b"0000000000 65535 f \n"
        )
    ids = f"<{file_id.hex()}> <{file_id.hex()}>"
    out += f"trailer\n<< /Size {size} /Root 1 0 R /ID [{ids}]{encrypt_ref} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


class _Canvas:
    """Content-stream operators with top-down coordinates, as pdfplumber reports them."""

    def __init__(self) -> None:
        self.ops: list[str] = []

    def text(self, x: float, top: float, text: str, size: float = 9) -> None:
        """Text at (x, top) in Helvetica; a word "@F3:A8" is the byte 0xA8 in font F3."""
        shown = []
        for i, word in enumerate(text.split(" ")):
            space = " " if i else ""
            if word.startswith("@F") and ":" in word:
                font, _, code = word[1:].partition(":")
                shown.append(f"/F1 {size} Tf ({space}) Tj /{font} {size} Tf <{code}> Tj")
            else:
                escaped = word.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                shown.append(f"/F1 {size} Tf ({space}{escaped}) Tj")
        y = _HEIGHT - top - size
        self.ops.append(f"BT 1 0 0 1 {x} {y} Tm {' '.join(shown)} ET")

    def line(self, x0: float, top0: float, x1: float, top1: float) -> None:
        self.ops.append(f"{x0} {_HEIGHT - top0} m {x1} {_HEIGHT - top1} l S")

    def box(self, x: float, top: float, size: float = 8, cross: bool = False) -> None:
        """A checkbox drawn as a rectangle, ticked with a cross of lines when ``cross``."""
        self.ops.append(f"{x} {_HEIGHT - top - size} {size} {size} re S")
        if cross:
            self.line(x + 1, top + 1, x + size - 1, top + size - 1)
            self.line(x + 1, top + size - 1, x + size - 1, top + 1)

    def lines(self, x: float, top: float, texts: list[str], leading: float = 11) -> float:
        for i, text in enumerate(texts):
            self.text(x, top + i * leading, text)
        return top + len(texts) * leading

    def table(
        self, top: float, columns: list[float], rows: list[list[list[str]]], ruled: bool = True
    ) -> float:
        """A table with one list of lines per cell; "@box" / "@boxx" draw a checkbox.

        ``ruled`` draws every border; otherwise only the rules above and under the
        header row and under the table. Returns the table's bottom.
        """
        edges = [top]
        y = top
        for row in rows:
            for column, cell in zip(columns, row, strict=True):
                for i, text in enumerate(cell):
                    if text in ("@box", "@boxx"):
                        self.box(column + 4, y + 4 + i * 11, cross=text == "@boxx")
                    else:
                        self.text(column + 4, y + 4 + i * 11, text)
            y += max(len(cell) for cell in row) * 11 + 8
            edges.append(y)
        right = 540.0
        drawn = edges if ruled else [edges[0], edges[1], edges[-1]]
        for edge in drawn:
            self.line(columns[0], edge, right, edge)
        if ruled:
            for x in [*columns, right]:
                self.line(x, top, x, y)
        return y

    def content(self) -> str:
        return "\n".join(self.ops)


_HEADER = [
    ["Funding", "Needed"],
    ["Projects/Activities"],
    ["Tasks & Responsibility"],
    ["Timeframe"],
]
_COLUMNS = [50.0, 110.0, 290.0, 450.0]


def _plan_pages(encrypt: bool = False) -> bytes:
    """A two-page plan with a ruled table: drawn, typed and symbol-font checkboxes, a
    hyphenated title, a Symbol-font bullet list and a row split by the page break."""
    first = _Canvas()
    top = first.lines(50, 60, ["Action plan 2020-2021", "Name of Professional Unit: Test Section"])
    top = first.lines(50, top + 10, ["Focus Area 1", "Make the reader robust."])
    top = first.lines(50, top + 5, ["IFLA Strategic Direction", "2. Inspire and enhance."])
    top = first.lines(50, top + 5, ["Key Initiatives"])
    top = first.table(top + 2, [50.0, 90.0], [[["2.1"], ["Produce key resources."]]])
    rows = [
        _HEADER,
        [
            ["@box"],
            ["Write the infor-", "mation leaflet"],
            ["1. Draft it.", "2. Send it."],
            ["2020"],
        ],
        [["@boxx"], ["Second activity"], ["1. One."], ["2021"]],
        [["@F3:FE"], ["Third activity"], ["@F6:B7 Ask.", "@F6:B7 Tell."], ["2020"]],
        [["@F2:A8"], ["Fourth activity"], ["@F3:D8 Plan it"], ["2021"]],
        [["@F4:31 Yes @F4:32 No"], ["Fifth activity"], ["1. One."], ["2020"]],
        [["@F5:54"], ["Sixth activity"], ["1. One."], ["2020"]],
        [["@box"], ["Seventh activity about the"], ["1. Task one."], ["2021"]],
    ]
    first.table(top + 10, _COLUMNS, rows)
    first.text(250, 810, "Test Section - page 1")
    second = _Canvas()
    rows = [
        _HEADER,
        [[], ["layout of tables."], ["2. Task two."], ["Postponed"]],
        [["@boxx"], ["Eighth activity"], ["1. One.", "2. Two."], ["2022"]],
    ]
    top = second.table(60, _COLUMNS, rows)
    second.lines(50, top + 10, ["How will you communicate your activities and results?", "Web."])
    second.text(250, 810, "Test Section - page 2")
    return _pdf([first.content(), second.content()], encrypt=encrypt)


def _synthetic(data: bytes, name: str = "synthetic.pdf") -> RawDocument:
    return read_document(data, source_path=name, settings=Settings(), headings=load_headings())


@pytest.fixture(scope="module")
def synthetic() -> RawDocument:
    return _synthetic(_plan_pages())


def test_synthetic_template(synthetic: RawDocument) -> None:
    assert synthetic.unit_name == "Test Section"
    assert (synthetic.period_start, synthetic.period_end) == (2020, 2021)
    (fa,) = synthetic.focus_areas
    assert fa.strategic_direction == "2. Inspire and enhance."
    assert [ki.code for ki in fa.key_initiatives] == ["2.1"]
    assert len(fa.activities) == 8
    assert fa.communication == "Web."


@pytest.mark.parametrize(
    ("row_no", "funding"),
    [(1, False), (2, True), (3, True), (4, False), (5, False), (6, True), (7, False), (8, True)],
)
def test_checkboxes(synthetic: RawDocument, row_no: int, funding: bool) -> None:
    assert _activity(synthetic, 1, row_no).funding_needed is funding


def test_hyphenation_is_undone(synthetic: RawDocument) -> None:
    assert _activity(synthetic, 1, 1).title == "Write the information leaflet"


def test_symbol_bullets_split(synthetic: RawDocument) -> None:
    assert split_tasks(_activity(synthetic, 1, 3).tasks_text) == ["Ask.", "Tell."]
    assert _activity(synthetic, 1, 4).tasks_text == "• Plan it"


def test_row_split_by_page_break(synthetic: RawDocument) -> None:
    split = _activity(synthetic, 1, 7)
    assert split.title == "Seventh activity about the layout of tables."
    assert split.timeframe_raw == "2021 Postponed"
    assert split.page == 1
    assert len(split_tasks(split.tasks_text)) == 2
    after = _activity(synthetic, 1, 8)
    assert (after.title, after.page) == ("Eighth activity", 2)


def test_running_footer_dropped_on_synthetic() -> None:
    rows, _ = read_pdf(_plan_pages(), Settings())
    assert not any("Test Section - page" in cell for row in rows for cell in row.cells)


def test_empty_user_password_reads_normally(synthetic: RawDocument) -> None:
    doc = _synthetic(_plan_pages(encrypt=True), "encrypted-empty-password.pdf")
    assert doc.focus_areas == synthetic.focus_areas


def test_unruled_table_without_funding_or_rules() -> None:
    page = _Canvas()
    top = page.lines(50, 60, ["Action plan 2021-2022", "Focus Area 2", "Teach."])
    top = page.lines(50, top + 5, ["Key Initiatives", "3.1  Provide learning."])
    columns = [50.0, 230.0, 450.0]
    rows = [
        [["Activities"], ["Responsibility"], ["Deadline"]],
        [["Run a course on PDF", "tables"], ["1. Chair.", "2. Secretary."], ["2021"]],
        [["Write a guide"], ["Information Coordinator"], ["2022"]],
    ]
    top = page.table(top + 10, columns, rows, ruled=False)
    page.lines(50, top + 20, ["How will you measure the impact of your activities? Counts."])
    doc = _synthetic(_pdf([page.content()]))
    (fa,) = doc.focus_areas
    assert fa.focus_area_no == 2
    assert [ki.code for ki in fa.key_initiatives] == ["3.1"]
    assert [(a.title, a.timeframe_raw, a.funding_needed) for a in fa.activities] == [
        ("Run a course on PDF tables", "2021", None),
        ("Write a guide", "2022", None),
    ]
    assert split_tasks(fa.activities[0].tasks_text) == ["Chair.", "Secretary."]
    assert fa.impact_measure == "Counts."


def test_text_without_table_is_paragraphs() -> None:
    page = _Canvas()
    page.lines(50, 60, ["Congress newsletter", "Good morning, infor-", "mation seekers."])
    rows, pages = read_pdf(_pdf([page.content()]), Settings())
    assert pages == 1
    assert [row.cells for row in rows] == [
        ("Congress newsletter",),
        ("Good morning, information",),
        ("seekers.",),
    ]


# --------------------------------------------------------------------- small pieces


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("☐", "☐"),
        ("☑", "☒"),
        ("✓", "☒"),
        ("☐ Yes ☒ No", "☐"),
        ("☒ Yes ☐ No", "☒"),
        ("☐ Oui ☐ Non", ""),
        ("☐ IFLA ☒ Other", "☒"),
        ("Yes", "Yes"),
        ("", ""),
    ],
)
def test_funding_cell(cell: str, expected: str) -> None:
    from iflaplans.extract.pdf.checkboxes import _funding_text
    from iflaplans.extract.pdf.tables import _Vocabulary

    assert _funding_text(cell, _Vocabulary(load_headings())) == expected


@pytest.mark.parametrize(
    ("text", "font", "expected"),
    [
        ("\uf0a8", "ABCDEF+Wingdings-Regular", "☐"),
        ("\uf0fe", "Calibri", "☑"),
        ("\uf0b7", "Symbol", "•"),
        ("(cid:253)", "ABCDEF+Wingdings", "☒"),
        ("£", "Wingdings 2", "☐"),
        ("þ", "Arial", "þ"),
        ("a", "Wingdings", "a"),
    ],
)
def test_symbol_glyphs(text: str, font: str, expected: str) -> None:
    from iflaplans.extract.pdf.checkboxes import _normalize_glyphs

    chars = [{"text": text, "fontname": font}]
    _normalize_glyphs(chars)
    assert chars[0]["text"] == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["infor-", "mation"], "information"),
        (["IFLA-", "Section"], "IFLA-\nSection"),
        (["Mentoring-", "Programm"], "Mentoring-Programm"),  # broken at its own hyphen
        (["Asia-", "Pacific region"], "Asia-Pacific region"),
        (["2019-", "2020"], "2019-2020"),
        (["2019 -", "2020"], "2019 -\n2020"),
        (["considered", "."], "considered."),
        (["one", "two"], "one\ntwo"),
        (["1. Draft", "2. Send"], "1. Draft\n2. Send"),
    ],
)
def test_cell_lines(lines: list[str], expected: str) -> None:
    from iflaplans.extract.wrapping import join_lines as _join_lines

    assert _join_lines(lines) == expected
