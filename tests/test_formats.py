"""HTML, Markdown and text encodings: one small case per rule (whole plans are golden tests)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from iflaplans.extract import read_document
from iflaplans.extract.encoding import decode_text, detect_encoding
from iflaplans.extract.html import html_rows
from iflaplans.extract.markdown import markdown_rows
from iflaplans.extract.markup import read_checkbox, to_plain
from iflaplans.extract.sniff import sniff_format
from iflaplans.model.records import RawDocument
from iflaplans.normalize.tasks import split_tasks
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings
from tests.conftest import FIXTURES, GOLDEN

LAYOUT = FIXTURES / "layout"
SEED = (GOLDEN / "it-section-action-plan-2019-2021.txt").read_text(encoding="utf-8")


def test_html_table_cells_keep_their_markup() -> None:
    rows = html_rows(
        "<p>Focus Area 1</p><table><tr><td><input type='checkbox' checked></td>"
        "<td>Run <i>webinars</i></td><td><ol><li>Plan</li><li>Run</li></ol></td></tr></table>"
    )
    assert rows[0].cells == ("Focus Area 1",)
    assert "checked" in rows[1].cells[0] and "<li>" in rows[1].cells[2]


def test_html_scripts_are_ignored_and_nested_tables_flatten() -> None:
    rows = html_rows(
        "<script>alert('x')</script><table><tr><td>outer <table><tr><td>inner</td></tr>"
        "</table> text</td><td>2020</td></tr></table>"
    )
    assert len(rows) == 1 and "alert" not in str(rows)
    assert rows[0].cells[0].split() == ["outer", "inner", "text"]
    assert rows[0].cells[1] == "2020"


def test_markdown_pipe_tables_and_task_boxes() -> None:
    rows = markdown_rows(
        "## Focus Area 1\n\n| Funding | Activity | Timeframe |\n|---|:--:|---|\n"
        "| [x] | Publish **a guide** a\\|b | 2020 |\n- [ ] stray task\n"
    )
    assert rows[0].cells == ("Focus Area 1",)
    assert rows[2].cells == ("☒", "Publish a guide a|b", "2020")
    assert rows[3].cells == ("[ ] stray task",)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (SEED.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SEED.encode("utf-8"), "utf-8-sig"),
        (SEED.encode("utf-16"), "utf-16"),
        (SEED.replace("–", "-").encode("utf-16-le"), "utf-16-le"),
        (SEED.replace("–", "–").encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le-no-bom", "cp1252"],
)
def test_encodings_read_without_mojibake(data: bytes, name: str, resources: Resources) -> None:
    assert detect_encoding(data) == name
    text = decode_text(data)
    assert "Action plan 2019" in text and "Ã" not in text and "\ufeff" not in text
    doc = read_document(data, source_path="p.txt", settings=Settings(), headings=resources.headings)
    assert doc.source_format == "txt"
    assert sum(len(fa.activities) for fa in doc.focus_areas) == 13


def test_cp1252_accents_survive() -> None:
    data = "Søren Müller – Bibliothèque « publique »".encode("cp1252")
    assert decode_text(data) == "Søren Müller – Bibliothèque « publique »"


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        (b"| a | b |\n|---|---|\n| 1 | 2 |\n", "md"),
        (b"%PDF-1.7 rest", "pdf"),
        (b"plain words\tand a tab\n", "txt"),
    ],
)
def test_format_is_sniffed_from_content(data: bytes, fmt: str) -> None:
    assert sniff_format(data) == fmt


# ------------------------------------------------------------ Word HTML, merged cells


def _read(path: Path, resources: Resources) -> RawDocument:
    return read_document(
        path.read_bytes(), source_path=path.name, settings=Settings(), headings=resources.headings
    )


def test_word_html_export_is_read_cell_by_cell(resources: Resources) -> None:
    doc = _read(LAYOUT / "word-export.html", resources)
    (fa,) = doc.focus_areas
    assert (fa.focus_area_no, fa.title) == (1, "Promouvoir la lecture")  # a colspan row
    got = [
        (a.title, a.funding_needed, split_tasks(a.tasks_text), a.timeframe_raw)
        for a in fa.activities
    ]
    assert got == [
        ("Organiser un atelier.", True, ["Présidente", "Secrétaire"], "2022"),  # <ul>, "Oui"
        ("Publier un guide.", False, ["Rédiger.", "Traduire."], "2022"),  # rowspan, <ol start=4>
        ("Traduire les normes.", True, ["Choisir.", "Traduire."], "2023"),  # Wingdings box
        ("Tenir une liste de diffusion.", None, [], "En cours"),  # &nbsp; says nothing
    ]  # fmt: skip


def test_html_rowspan_copies_down_and_colspan_keeps_the_columns() -> None:
    rows = html_rows(
        "<table><tr><td colspan=3>Focus Area 1</td></tr>"
        "<tr><td>a</td><td rowspan=2>2022</td><td>x</td></tr>"
        "<tr><td>b</td><td>y</td></tr>"
        "<tr><td rowspan=2 colspan=2>c</td><td>z</td></tr><tr><td>w</td></tr></table>"
    )
    assert [r.cells for r in rows] == [
        ("Focus Area 1", "", ""),
        ("a", "2022", "x"),
        ("b", "2022", "y"),
        ("c", "", "z"),
        ("c", "", "w"),
    ]


def test_html_rows_without_end_tags_still_close() -> None:
    rows = html_rows("<table><tr><td>a<td>2020<tr><td>b<td>2021</table><p>after")
    assert [r.cells for r in rows] == [("a", "2020"), ("b", "2021"), ("after",)]


@pytest.mark.parametrize(
    ("cell", "plain"),
    [
        ("<ul><li>Chair</li><li>Secretary</li></ul>", "• Chair • Secretary"),
        ("<ol><li>Plan</li><li>Run</li></ol>", "1. Plan 2. Run"),
        ("<ol start=4><li><p class=MsoNormal>Draft</p></li><li>Send</li></ol>", "4. Draft 5. Send"),
        ("<ol><li>1. Typed</li><li>2. Numbers</li></ol>", "1. Typed 2. Numbers"),
        ("<ul><li>- typed dash</li></ul>", "- typed dash"),
    ],
)  # fmt: skip
def test_list_items_are_marked(cell: str, plain: str) -> None:
    assert to_plain(cell) == plain


@pytest.mark.parametrize(
    ("cell", "state"),
    [
        ("<p class=MsoNormal>Yes</p>", True),
        ("<p class=MsoNormal><span lang=EN-GB>No</span></p>", False),
        ("<p class=MsoNormal><span style='font-family:\"MS Gothic\"'>☒</span></p>", True),
        ("<p><span>☐</span></p>", False),
        ("<p class=MsoNormal>&nbsp;</p>", None),
        ("<input type='checkbox' checked>", True),
    ],
)
def test_checkbox_is_read_inside_word_markup(
    cell: str, state: bool | None, resources: Resources
) -> None:
    boxes = resources.headings
    assert read_checkbox(cell, boxes.checked, boxes.unchecked) is state


# ------------------------------------------------------- focus areas written number first


def test_markdown_numbered_focus_areas_and_inline_key_initiatives(resources: Resources) -> None:
    doc = _read(LAYOUT / "numbered-focus-areas.md", resources)
    assert doc.unit_name == "Library History Special Interest Group"
    first, second = doc.focus_areas
    assert (first.focus_area_no, first.title) == (
        1,
        "Encourage research on the history of libraries worldwide.",
    )
    assert [k.code for k in first.key_initiatives] == ["2.2", "2.3"]
    assert (second.focus_area_no, second.title) == (2, "Connect library historians across regions.")
    assert [(k.code, k.text) for k in second.key_initiatives] == [
        ("3.4", "Offer targeted professional development.")
    ]
    tasks = [len(split_tasks(a.tasks_text)) for fa in doc.focus_areas for a in fa.activities]
    assert tasks == [3, 2, 2]  # dashes after <br>, numbers, letters


_TABLE = (
    "\n\nFunding | Activity | Tasks | Timeframe\n--- | --- | --- | ---\n☐ | Do it. | Chair | 2022\n"
)


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("### 1. Focus Area", 1, ""),
        ("2. Focus Area: Build capacity", 2, "Build capacity"),
        ("Focus Area 3 – Build capacity", 3, "Build capacity"),
        ("**4) Objective** - Build capacity", 4, "Build capacity"),
        ("## 1. Domaine prioritaire : Former", 1, "Former"),
        ("2. Área prioritaria: Formar", 2, "Formar"),
        ("3. Schwerpunktbereich – Bibliotheken stärken", 3, "Bibliotheken stärken"),
        ("1. Goal-oriented advocacy", 1, ""),  # not a heading: the table opens focus area 1
    ],
)
@pytest.mark.parametrize("ext", ["md", "txt"])
def test_focus_area_heading_number_first(
    heading: str, number: int, title: str, ext: str, resources: Resources
) -> None:
    text = f"Action plan 2021-2023\n\n{heading}{_TABLE}"
    if ext == "txt":
        text = (
            text.replace(" | ", "\t")
            .replace("--- | --- | --- | ---\n", "")
            .replace("#", "")
            .replace("**", "")
        )
    doc = read_document(
        text.encode(), source_path=f"p.{ext}", settings=Settings(), headings=resources.headings
    )
    assert [(fa.focus_area_no, fa.title) for fa in doc.focus_areas] == [(number, title)]


_TICKS_ONLY_PLAN = """Action Plan 2021 to 2023

Unit name: Library History Special Interest Group

### 1. Focus Area

Encourage research on the history of libraries.

Activity | Tasks | Timeline | Funding required
--- | --- | --- | ---
Organize an open session. | 1. Call for papers | August 2021 | {first}
Build an online bibliography. | 1. Set up a group | 2022 | {second}
Run a webinar. | 1. Find speakers | 2022 |
"""


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("✓", "", [True, False, False]),  # only ticks are marked: a blank is "no"
        ("X", "", [True, False, False]),
        ("Yes", "No", [True, False, None]),  # "No" is written: a blank is unknown
        ("☒", "☐", [True, False, None]),
        ("", "", [None, None, None]),  # nothing marked: unknown
    ],
)
def test_blank_funding_cell_reads_by_what_the_column_marks(
    first: str, second: str, expected: list[bool | None], resources: Resources
) -> None:
    text = _TICKS_ONLY_PLAN.format(first=first, second=second)
    doc = read_document(
        text.encode(), source_path="plan.md", settings=Settings(), headings=resources.headings
    )
    assert [a.funding_needed for fa in doc.focus_areas for a in fa.activities] == expected


def test_saved_web_page_is_read_from_its_main_content(resources: Resources) -> None:
    # Menus, side boxes and footers name other plans, periods and focus areas.
    doc = _read(LAYOUT / "saved-web-page.html", resources)
    assert (doc.period_start, doc.period_end) == (2021, 2023)
    assert [(fa.focus_area_no, fa.title) for fa in doc.focus_areas] == [
        (1, "Build data skills in libraries."),
        (2, "Share what libraries do with data."),
    ]
    titles = [a.title for fa in doc.focus_areas for a in fa.activities]
    assert titles == ["Run a data literacy webinar series.", "Publish case studies."]


def test_a_focus_area_named_twice_is_one(resources: Resources) -> None:
    # A contents list names the focus areas before their headings.
    text = SEED.replace("Focus Area 1", "Contents\nFocus Area 1\nFocus Area 2\n\nFocus Area 1", 1)
    doc = read_document(
        text.encode(), source_path="plan.txt", settings=Settings(), headings=resources.headings
    )
    numbers = [fa.focus_area_no for fa in doc.focus_areas]
    assert numbers == sorted(set(numbers))
    assert all(fa.activities for fa in doc.focus_areas)


@pytest.mark.parametrize("between", [" | ", "|", ";"], ids=["spaced-pipes", "pipes", "semicolons"])
def test_pipe_and_semicolon_exports_read_like_tab_exports(
    between: str, resources: Resources
) -> None:
    # "A; B; C" inside a cell (the units a focus area names) stays one cell.
    def read(text: str) -> RawDocument:
        return read_document(
            text.encode(), source_path="plan.txt", settings=Settings(), headings=resources.headings
        )

    tabs = read(SEED)
    other = read(SEED.replace("\t", between))
    assert other.focus_areas == tabs.focus_areas
    assert (other.unit_name, other.period_start, other.period_end) == (
        tabs.unit_name,
        tabs.period_start,
        tabs.period_end,
    )
