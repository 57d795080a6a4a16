"""One header-row test for every format: a plan whose columns carry names only a rules
folder knows reads the same activities from every format it is written in.

The Cataloguing plan is kept as a tab export, HTML and Markdown; the same rows are
written as space-aligned layout text and as a Word file here. Its activity and time
columns are renamed ("Projects/Activities" -> "Undertakings", "Timeframe" ->
"Milestones", words the packaged headings do not know), and a rules folder's
``headings.yaml`` names them so (and no longer knows "Timeframe"): every format must
find the table with those headings alone.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import iflaplans
from iflaplans.errors import NotAPlan
from iflaplans.extract import read_document
from iflaplans.extract.markup import to_plain
from iflaplans.rules.headings import Headings
from iflaplans.rules.resources import load_resources
from iflaplans.settings import Settings

from .conftest import GOLDEN

PLAN = "cataloguing-action-plan-2019-2021"
RENAMED = {"Projects/Activities": "Undertakings", "Timeframe": "Milestones"}
_GAP = 3  # spaces between two columns of the layout text


@pytest.fixture(scope="module")
def renamed_rules(tmp_path_factory: pytest.TempPathFactory) -> Headings:
    rules = tmp_path_factory.mktemp("rules")
    packaged = (Path(iflaplans.__file__).parent / "rules" / "headings.yaml").read_text()
    assert "en: [projects/activities," in packaged and "en: [timeframe," in packaged
    (rules / "headings.yaml").write_text(
        packaged.replace(
            "en: [projects/activities,", "en: [undertakings, projects/activities,"
        ).replace("en: [timeframe,", "en: [milestones,")
    )
    return load_resources(rules).headings


def _rename(text: str) -> str:
    for usual, new in RENAMED.items():
        text = text.replace(usual, new)
    return text


def _rows() -> list[list[str]]:
    """The tab export's rows as plain cells (HTML fragments read, boxes as glyphs)."""
    text = (GOLDEN / f"{PLAN}.txt").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        cells = [to_plain(c) for c in line.split("\t")]
        while cells and not cells[-1].strip():
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def _docx(rows: list[list[str]]) -> bytes:
    """The rows as a Word file: one-cell rows as paragraphs, others as table rows."""
    from docx import Document

    doc = Document()
    width = max(len(r) for r in rows)
    table = None
    for cells in rows:
        if len(cells) == 1:
            doc.add_paragraph(cells[0])
            table = None
            continue
        if table is None:
            table = doc.add_table(rows=0, cols=width)
        for cell, text in zip(table.add_row().cells, cells, strict=False):
            lines = text.split("\n")
            cell.text = lines[0]
            for more in lines[1:]:
                cell.add_paragraph(more)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _layout(rows: list[list[str]]) -> bytes:
    """The rows as space-aligned text: each table cell's lines under its column."""
    table = [r for r in rows if len(r) > 1]
    width = max(len(r) for r in table)
    widths = [
        max((len(line) for r in table if i < len(r) for line in r[i].split("\n")), default=0)
        for i in range(width)
    ]
    out: list[str] = []
    for cells in rows:
        if len(cells) == 1:
            out += [cells[0], ""]
            continue
        parts = [c.split("\n") for c in cells]
        for k in range(max(len(p) for p in parts)):
            line = "".join(
                (p[k] if k < len(p) else "").ljust(widths[i] + _GAP) for i, p in enumerate(parts)
            )
            out.append(line.rstrip())
        out.append("")
    return "\n".join(out).encode("utf-8")


def _formats() -> dict[str, bytes]:
    rows = [[_rename(c) for c in r] for r in _rows()]
    found = {
        name: _rename((GOLDEN / name).read_text(encoding="utf-8")).encode("utf-8")
        for name in (f"{PLAN}.txt", f"{PLAN}.html", f"{PLAN}.md")
    }
    found[f"{PLAN}-layout.txt"] = _layout(rows)
    found[f"{PLAN}.docx"] = _docx(rows)
    return found


def _activities(data: bytes, name: str, headings: Headings) -> list[tuple[str, str]]:
    doc = read_document(data, source_path=name, settings=Settings(), headings=headings)
    return [(a.title, a.timeframe_raw) for fa in doc.focus_areas for a in fa.activities]


def test_renamed_columns_read_alike_in_every_format(renamed_rules: Headings) -> None:
    formats = _formats()
    packaged = load_resources().headings
    usual = _activities((GOLDEN / f"{PLAN}.txt").read_bytes(), f"{PLAN}.txt", packaged)
    assert len(usual) >= 3
    read = {name: _activities(data, name, renamed_rules) for name, data in formats.items()}
    assert read == dict.fromkeys(formats, usual)


@pytest.mark.parametrize("name", sorted(_formats()))
def test_renamed_columns_need_the_rules(name: str) -> None:
    with pytest.raises(NotAPlan):
        _activities(_formats()[name], name, load_resources().headings)
