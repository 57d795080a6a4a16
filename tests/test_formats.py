"""HTML, Markdown and text encodings: one small case per rule (whole plans are golden tests)."""

from __future__ import annotations

import codecs

import pytest

from iflaplans.extract import read_document
from iflaplans.extract.encoding import decode_text, detect_encoding
from iflaplans.extract.html import html_rows
from iflaplans.extract.markdown import markdown_rows
from iflaplans.extract.sniff import sniff_format
from iflaplans.resources import Resources
from iflaplans.settings import Settings
from tests.conftest import GOLDEN

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
