"""Hostile Word, HTML and text files, built at test time: each is read whole or refused
with a coded problem that says what was found, never with excess memory or a crash."""

from __future__ import annotations

import codecs
import io
import struct
import tracemalloc
import zipfile
from collections.abc import Callable

import pytest
from lxml import etree

from iflaplans.errors import CorruptFile, DecompressionBomb, UnsupportedFormat, ZipBomb
from iflaplans.extract import read_document
from iflaplans.extract.docx import MAX_ROW_CELLS, MAX_SPAN, read_docx
from iflaplans.extract.encoding import detect_encoding
from iflaplans.extract.html import html_rows
from iflaplans.extract.sniff import sniff_format
from iflaplans.model.records import RawDocument
from iflaplans.rules.resources import load_resources
from iflaplans.settings import Settings
from tests.conftest import GOLDEN
from tests.factory import docx_plan

HEADINGS = load_resources().headings
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPHS = (
    "Action plan 2021 – 2023",
    "Name of Professional Unit: Big Data Special Interest Group",
    "Focus Area 1",
    "Share data skills.",
)
ROW = ("☐", "Run a webinar", "1. Invite speakers", "2022")
PLAN = docx_plan(PARAGRAPHS, ROW)
TEXT_PLAN = (GOLDEN / "it-section-action-plan-2019-2021.txt").read_text(encoding="utf-8")
HTML_PLAN = (GOLDEN / "cataloguing-action-plan-2019-2021.html").read_text(encoding="utf-8")


def _read(data: bytes, name: str = "plan.docx", settings: Settings | None = None) -> RawDocument:
    return read_document(data, source_path=name, settings=settings or Settings(), headings=HEADINGS)


def _activities(doc: RawDocument) -> list[tuple[str, str]]:
    return [(a.title, a.timeframe_raw) for fa in doc.focus_areas for a in fa.activities]


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _repack(
    data: bytes,
    edits: dict[str, Callable[[bytes], bytes]] | None = None,
    renames: dict[str, str] | None = None,
) -> bytes:
    """A copy of a ZIP with some parts rewritten by ``edits`` and some renamed."""
    edits, renames = edits or {}, renames or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            blob = source.read(name)
            if name in edits:
                blob = edits[name](blob)
            target.writestr(renames.get(name, name), blob)
    return out.getvalue()


def _edit_body(edit: Callable[[etree._Element], None]) -> Callable[[bytes], bytes]:
    """An edit of word/document.xml made on its parsed tree."""

    def apply(blob: bytes) -> bytes:
        root = etree.fromstring(blob)
        edit(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    return apply


def _cell(root: etree._Element, text: str) -> etree._Element:
    """The table cell whose text is ``text``."""
    return next(tc for tc in root.iter(_w("tc")) if "".join(tc.itertext()) == text)


def _set_span(tc: etree._Element, value: str) -> None:
    tcpr = tc.find(_w("tcPr"))
    if tcpr is None:
        tcpr = etree.SubElement(tc, _w("tcPr"))
        tc.insert(0, tcpr)
    etree.SubElement(tcpr, _w("gridSpan")).set(_w("val"), value)


# ------------------------------------------------------------------ 1. w:gridSpan


def test_word_grid_span_of_two_billion_is_capped_at_the_grid() -> None:
    def widen(root: etree._Element) -> None:
        _set_span(_cell(root, "2022"), "2000000000")

    data = _repack(PLAN, {"word/document.xml": _edit_body(widen)})
    assert len(data) < 50_000
    assert _activities(_read(data)) == [("Run a webinar", "2022")]
    rows, _ = read_docx(data, Settings(), HEADINGS)
    # The span covers the table's four grid columns at most: three empty positions.
    assert rows[-1].cells == ("☐", "Run a webinar", "1. Invite speakers", "2022", "", "", "")


def test_word_row_without_a_grid_is_capped_in_spans_and_width() -> None:
    def explode(root: etree._Element) -> None:
        for grid in root.iter(_w("tblGrid")):
            grid.getparent().remove(grid)
        for tc in root.iter(_w("tc")):
            _set_span(tc, "2000000000")
        tr = next(root.iter(_w("tr")))
        for _ in range(1000):  # a row of a thousand cells
            run = etree.SubElement(
                etree.SubElement(etree.SubElement(tr, _w("tc")), _w("p")), _w("r")
            )
            etree.SubElement(run, _w("t")).text = "x"

    data = _repack(PLAN, {"word/document.xml": _edit_body(explode)})
    rows, _ = read_docx(data, Settings(), HEADINGS)
    table = [r for r in rows if len(r.cells) > 1]
    assert [len(r.cells) for r in table] == [MAX_ROW_CELLS, 4 * MAX_SPAN]
    assert table[1].cells[: MAX_SPAN + 1] == ("☐",) + ("",) * (MAX_SPAN - 1) + ("Run a webinar",)


def test_word_merged_cells_read_as_before() -> None:
    from docx import Document

    doc = Document()
    for text in PARAGRAPHS[:2]:
        doc.add_paragraph(text)
    table = doc.add_table(rows=5, cols=4)
    table.rows[0].cells[0].merge(table.rows[0].cells[3]).text = "Focus Area 1"
    for texts, row in zip(
        (("Funding Needed", "Projects/Activities", "Tasks & Responsibility", "Timeframe"), ROW,
         ("☒", "Write a guide", "1. Draft", "")),
        table.rows[1:4],
        strict=True,
    ):  # fmt: skip
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    table.rows[2].cells[3].merge(table.rows[3].cells[3])  # one Timeframe for two rows
    table.rows[4].cells[1].merge(table.rows[4].cells[2]).text = "Keep a list"
    table.rows[4].cells[3].text = "2023"
    buffer = io.BytesIO()
    doc.save(buffer)
    rows, _ = read_docx(buffer.getvalue(), Settings(), HEADINGS)
    assert [r.cells for r in rows[2:]] == [
        ("Focus Area 1",),
        ("Funding Needed", "Projects/Activities", "Tasks & Responsibility", "Timeframe"),
        ("☐", "Run a webinar", "1. Invite speakers", "2022"),
        ("☒", "Write a guide", "1. Draft", ""),
        ("", "Keep a list", "", "2023"),
    ]


# ------------------------------------------------------------------ 2. HTML spans and data


def test_html_spans_that_would_add_millions_of_cells_are_refused() -> None:
    cells = '<td rowspan="65534" colspan="1000">x</td>' * 300
    page = f"<table><tr>{cells}</tr>" + "<tr>" * 20_000 + "</table>"
    with pytest.raises(DecompressionBomb) as info:
        _read(page.encode(), "plan.html")
    assert info.value.code == "decompression-bomb"
    assert "merged cells (rowspan, colspan) add more than 100,000 cells" in info.value.message


def test_html_spans_are_clipped_to_the_row_cap_and_the_rows_that_exist() -> None:
    wide = "<table><tr>" + '<td colspan="1000">a</td>' * 10 + "</tr></table>"
    (row,) = html_rows(wide)
    assert len(row.cells) == 256 and row.cells.count("a") == 6  # colspan 50 at most
    tall = "<table><tr><td rowspan=99999999999999>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
    assert [r.cells for r in html_rows(tall)] == [("a", "b"), ("a", "c")]


@pytest.mark.parametrize("value", ["²", "abc", "-3", "", "１２", "x2", "٣"])
def test_html_garbage_spans_read_as_one(value: str) -> None:
    page = (
        f'<table><tr><td rowspan="{value}" colspan="{value}">a</td><td>b</td></tr>'
        f'<tr><td>c</td><td><ol start="{value}"><li>d</li></ol></td></tr></table>'
    )
    assert [r.cells[:1] for r in html_rows(page)] == [("a",), ("c",)]
    assert [len(r.cells) for r in html_rows(page)] == [2, 2]


def test_html_inline_data_image_is_not_copied_into_cells() -> None:
    image = '<img alt="logo" src="data:image/png;base64,' + "iVBORw0KGgo" * 500_000 + '">'
    page = HTML_PLAN.replace("<td>Organize an open session", f"<td>{image}Organize an open session")
    assert len(page) > 5_000_000
    want = _activities(_read(HTML_PLAN.encode(), "plan.html"))
    assert _activities(_read(page.encode(), "plan.html")) == want
    rows = html_rows(page)
    assert max(len(c) for r in rows for c in r.cells) < 1_000
    assert not any("base64" in c for r in rows for c in r.cells)


def test_html_enormous_text_node_is_cut_to_the_cell_limit() -> None:
    flood = "flood " * 1_000_000
    page = HTML_PLAN.replace("<td>annually</td>", f"<td>annually {flood}</td>")
    settings = Settings()
    tracemalloc.start()
    try:
        doc = _read(page.encode(), "plan.html")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 200 * len(page)  # linear in the page, not in what it expands to
    assert [p.code for p in doc.problems] == ["cell-too-long"]
    assert len(_activities(doc)) == len(_activities(_read(HTML_PLAN.encode(), "plan.html")))
    longest = max(len(a.timeframe_raw) for fa in doc.focus_areas for a in fa.activities)
    assert longest <= settings.max_cell_chars
    assert max(len(c) for r in html_rows(page) for c in r.cells) <= 4 * settings.max_cell_chars


# ------------------------------------------------------------------ 3. lying ZIP entries


def _declare(data: bytes, name: str, size: int) -> bytes:
    """The ZIP with the uncompressed size of entry ``name`` set to ``size`` in both headers."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(name).header_offset
    struct.pack_into("<I", out, offset + 22, size)  # local header
    encoded = name.encode()
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", out, at + 28)[0]
        if bytes(out[at + 46 : at + 46 + length]) == encoded:
            struct.pack_into("<I", out, at + 24, size)  # central directory
        at = out.find(b"PK\x01\x02", at + 4)
    return bytes(out)


def _padded_document(padding: int) -> tuple[bytes, int]:
    """The test plan with ``padding`` spaces in a comment of word/document.xml, written
    without holding them in memory, and the document part's true size before padding."""
    with zipfile.ZipFile(io.BytesIO(PLAN)) as source:
        body = source.read("word/document.xml")
        head, rest = body.split(b"?>", 1)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
            for name in source.namelist():
                if name != "word/document.xml":
                    target.writestr(name, source.read(name))
                    continue
                with target.open(name, "w", force_zip64=True) as part:
                    part.write(head + b"?><!--")
                    chunk = b" " * (1 << 20)
                    for _ in range(padding >> 20):
                        part.write(chunk)
                    part.write(b"-->" + rest)
    return out.getvalue(), len(body)


def test_word_part_inflating_past_its_declared_size_is_refused_as_read() -> None:
    padded, size = _padded_document(300 << 20)  # 300 MiB of spaces, deflated
    data = _declare(padded, "word/document.xml", size)
    assert len(data) < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ZipBomb) as info:
            _read(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    limit = Settings().max_docx_uncompressed_bytes
    assert info.value.code == "zip-bomb"
    assert info.value.message == (
        f"the part word/document.xml declares {size:,} bytes but inflates past the limit "
        f"of {limit:,} uncompressed bytes"
    )
    assert peak < 64 << 20, "counted as it inflates, not held"


def test_word_part_inflating_a_little_past_its_size_is_damaged() -> None:
    padded, size = _padded_document(1 << 20)
    data = _declare(padded, "word/document.xml", size)
    with pytest.raises(CorruptFile, match=r"word/document\.xml inflates to 1,0\d\d,\d+ bytes, not"):
        _read(data)


def test_word_part_over_the_archive_limit_is_refused_by_what_it_inflates_to() -> None:
    padded, size = _padded_document(4 << 20)
    data = _declare(padded, "word/document.xml", size)
    with pytest.raises(
        ZipBomb, match=r"word/document\.xml declares [\d,]+ bytes but inflates past"
    ):
        _read(data, settings=Settings(max_docx_uncompressed_bytes=3_000_000))


def test_word_parts_of_millions_of_tiny_elements_are_refused() -> None:
    def flood(blob: bytes) -> bytes:  # 3.2 million empty paragraphs: 19 MB, deflated to 20 kB
        return blob.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 3_200_000)

    data = _repack(PLAN, {"word/document.xml": flood})
    assert len(data) < 100_000
    with pytest.raises(ZipBomb, match=r"more than 3,000,000 XML tags \(the part word/document"):
        _read(data)


def test_word_archive_over_the_entry_limit_is_refused() -> None:
    data = _repack(PLAN, {"word/document.xml": lambda b: b})
    with pytest.raises(ZipBomb, match="17 entries, over the limit of 10"):
        _read(data, settings=Settings(max_docx_entries=10))


# ------------------------------------------------------------------ 4. not Word, but claims it


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return out.getvalue()


ZIP_OF_ZIPS = _zip({f"part{i}.zip": _zip({"inner.txt": b"x" * 100}) for i in range(5)})


def test_zip_of_zips_named_docx_is_a_damaged_word_file() -> None:
    with pytest.raises(CorruptFile) as info:
        _read(ZIP_OF_ZIPS, "plan.docx")
    assert info.value.code == "corrupt-file"
    assert info.value.message == (
        "the file claims to be a Word document (its name ends in .docx) but is not one: it "
        "has no WordprocessingML main part; it holds part0.zip, part1.zip, part2.zip and 2 more"
    )


def test_plain_zip_stays_an_unsupported_format() -> None:
    with pytest.raises(UnsupportedFormat, match="a ZIP archive of an unknown kind"):
        _read(ZIP_OF_ZIPS, "bundle.zip")


@pytest.mark.parametrize("name", ["plan.zip", "plan.docm", "plan.DOTX"])
def test_word_package_without_its_document_is_a_damaged_word_file(name: str) -> None:
    with zipfile.ZipFile(io.BytesIO(PLAN)) as source:
        parts = {n: source.read(n) for n in source.namelist() if n != "word/document.xml"}
    with pytest.raises(CorruptFile, match=r"claims to be a Word document \(.*\) but is not one"):
        _read(_zip(parts), name)


# ------------------------------------------------------------------ 5, 6. main part, .docm


OOXML = "application/vnd.openxmlformats-officedocument."


def _retype(content_type: str) -> Callable[[bytes], bytes]:
    """An edit of [Content_Types].xml giving the main part another media type."""
    standard = (OOXML + "wordprocessingml.document.main+xml").encode()
    return lambda blob: blob.replace(standard, content_type.encode())


def test_word_main_part_under_another_name_is_read() -> None:
    def rename(blob: bytes) -> bytes:  # in _rels/.rels and [Content_Types].xml
        return blob.replace(b"word/document.xml", b"word/document2.xml")

    data = _repack(
        PLAN,
        edits={"_rels/.rels": rename, "[Content_Types].xml": rename},
        renames={
            "word/document.xml": "word/document2.xml",
            "word/_rels/document.xml.rels": "word/_rels/document2.xml.rels",
        },
    )
    assert sniff_format(data, "plan.docx") == "docx"
    assert _activities(_read(data)) == [("Run a webinar", "2022")]


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("plan.docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
        ("plan.dotx", OOXML + "wordprocessingml.template.main+xml"),
        ("plan.dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
    ],
)
def test_macro_enabled_documents_and_templates_read_as_word(name: str, content_type: str) -> None:
    data = _repack(PLAN, {"[Content_Types].xml": _retype(content_type)})
    assert _activities(_read(data, name)) == [("Run a webinar", "2022")]


def test_word_main_part_of_another_kind_is_named_without_python_objects() -> None:
    data = _repack(PLAN, {"[Content_Types].xml": _retype("application/xml")})
    with pytest.raises(CorruptFile) as info:
        _read(data)
    assert info.value.message == (
        "the file claims to be a Word document (it has word/ parts) but is not one: its main "
        "part word/document.xml is application/xml, not WordprocessingML"
    )


def test_broken_word_parts_give_messages_without_python_objects() -> None:
    data = _repack(PLAN, {"word/styles.xml": lambda b: b[: len(b) // 2]})
    with pytest.raises(CorruptFile) as info:
        _read(data)
    assert "object at 0x" not in info.value.message and "damaged" in info.value.message


# ------------------------------------------------------------------ 7. w:sym and lists


@pytest.mark.parametrize(
    ("char", "shown"),
    [("FFFFFFFF", ""), ("zz", ""), ("-1", ""), ("D800", ""), ("110000", ""), ("٣", ""),
     ("", ""), ("0041", "\uf041"), ("F0FE", "\uf0fe"), ("2713", "✓")],
)  # fmt: skip
def test_word_symbols_with_bad_codes_are_skipped(char: str, shown: str) -> None:
    def add_symbol(root: etree._Element) -> None:
        p = _cell(root, "Run a webinar").find(_w("p"))
        sym = etree.SubElement(etree.SubElement(p, _w("r")), _w("sym"))
        sym.set(_w("font"), "Wingdings")
        sym.set(_w("char"), char)
        etree.SubElement(etree.SubElement(p, _w("r")), _w("t")).text = " now"

    data = _repack(PLAN, {"word/document.xml": _edit_body(add_symbol)})
    assert _activities(_read(data)) == [(f"Run a webinar{shown} now", "2022")]


def test_word_list_numbers_stay_short_whatever_their_definition() -> None:
    def number(root: etree._Element) -> None:
        p = _cell(root, "1. Invite speakers").find(_w("p"))
        p.find(f".//{_w('t')}").text = "Invite speakers"
        num_pr = etree.SubElement(etree.SubElement(p, _w("pPr")), _w("numPr"))
        p.insert(0, num_pr.getparent())
        etree.SubElement(num_pr, _w("ilvl")).set(_w("val"), "0")
        etree.SubElement(num_pr, _w("numId")).set(_w("val"), "99")

    def define(blob: bytes) -> bytes:
        pattern = "%1" * 100_000
        extra = (
            f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="99"><w:lvl w:ilvl="0">'
            '<w:start w:val="99999999999999"/><w:numFmt w:val="upperRoman"/>'
            f'<w:lvlText w:val="{pattern}"/></w:lvl></w:abstractNum>'
            f'<w:num xmlns:w="{W}" w:numId="99"><w:abstractNumId w:val="99"/></w:num>'
        )
        return blob.replace(b"</w:numbering>", extra.encode() + b"</w:numbering>")

    data = _repack(PLAN, {"word/document.xml": _edit_body(number), "word/numbering.xml": define})
    (activity,) = [a for fa in _read(data).focus_areas for a in fa.activities]
    assert activity.tasks_text == "32767" * 16 + " Invite speakers"


# ------------------------------------------------------------------ 8. UTF-32


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-32-le", "utf-32-le"), ("utf-32-be", "utf-32-be"), ("utf-32", "utf-32")],
)
def test_utf32_text_is_read_as_utf32(encoding: str, name: str) -> None:
    data = TEXT_PLAN.encode(encoding)
    assert detect_encoding(data) == name
    assert sniff_format(data, "plan.txt") == "txt"
    want = _activities(_read(TEXT_PLAN.encode("utf-8"), "plan.txt"))
    assert len(want) == 13
    assert _activities(_read(data, "plan.txt")) == want


@pytest.mark.parametrize(
    ("utf32", "utf16"), [("utf-32-le", "utf-16-le"), ("utf-32-be", "utf-16-be")]
)
def test_utf32_without_bom_is_told_from_utf16(utf32: str, utf16: str) -> None:
    chinese = "行动计划 2019–2021\n重点领域 1\n"
    assert detect_encoding(chinese.encode(utf32)) == utf32
    assert detect_encoding("Action plan\tTimeframe\n".encode(utf16)) == utf16


def test_utf32_html_is_sniffed_and_read() -> None:
    data = HTML_PLAN.encode("utf-32-le")
    assert sniff_format(data, "plan.html") == "html"
    assert _activities(_read(data, "plan.html")) == _activities(_read(HTML_PLAN.encode(), "p.html"))


# ------------------------------------------------------------------ 9. line separators


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\v", "\f", "\x1e"])
def test_unicode_line_separators_do_not_split_a_row(separator: str) -> None:
    text = TEXT_PLAN.replace("Organize a WLIC joint", f"Organize a WLIC{separator}joint", 1)
    assert text != TEXT_PLAN
    want = _activities(_read(TEXT_PLAN.encode("utf-8"), "plan.txt"))
    got = _activities(_read(text.encode("utf-8"), "plan.txt"))
    assert got == want


def test_unicode_line_separators_do_not_split_a_markdown_row() -> None:
    source = (GOLDEN / "cataloguing-action-plan-2019-2021.md").read_text(encoding="utf-8")
    text = source.replace("Organize an open session on", "Organize an open\u2028session on", 1)
    assert text != source
    want = _activities(_read(source.encode(), "plan.md"))
    assert _activities(_read(text.encode(), "plan.md")) == want


def test_form_feeds_between_lines_still_count_pages() -> None:
    lines = TEXT_PLAN.split("\n")
    middle = len(lines) // 2
    text = "\n".join([*lines[:middle], "\f" + lines[middle], *lines[middle + 1 :]])
    doc = _read(text.encode("utf-8"), "plan.txt")
    pages = {a.page for fa in doc.focus_areas for a in fa.activities}
    assert pages == {1, 2}
    assert _activities(doc) == _activities(_read(TEXT_PLAN.encode("utf-8"), "plan.txt"))


@pytest.mark.parametrize(
    ("bom", "encoding"), [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")]
)
def test_utf32_byte_order_marks_are_text_not_binary(bom: bytes, encoding: str) -> None:
    data = bom + "Plan\tTimeframe\n".encode(encoding)
    assert sniff_format(data) == "txt" and detect_encoding(data) == "utf-32"
