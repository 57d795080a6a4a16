"""Space-aligned text (pdftotext -layout style): one small fixture per layout rule."""

from __future__ import annotations

import pytest

from iflaplans.extract import read_document
from iflaplans.extract.layout import layout_rows
from iflaplans.model.records import RawActivity
from iflaplans.normalize.tasks import split_tasks
from iflaplans.rules.headings import Headings
from iflaplans.rules.resources import Resources
from iflaplans.settings import Settings
from tests.conftest import FIXTURES

WRAPPED = (FIXTURES / "layout" / "wrapped.txt").read_text(encoding="utf-8")


def _activities(text: str, headings: Headings) -> list[RawActivity]:
    doc = read_document(
        text.encode("utf-8"), source_path="t.txt", settings=Settings(), headings=headings
    )
    return [a for fa in doc.focus_areas for a in fa.activities]


def test_wrapped_cells_join_and_page_break_continues(resources: Resources) -> None:
    first, second = _activities(WRAPPED, resources.headings)
    assert first.title == "Collect and publish stories of public libraries."
    assert (first.funding_needed, first.timeframe_raw) == (False, "2019-2020 Completed")
    assert split_tasks(first.tasks_text) == ["Open a call for stories.", "Select twenty stories."]
    assert second.funding_needed is True
    assert second.timeframe_raw == "2020 Handed over to the Metropolitan Libraries Section"
    assert second.title.endswith("rural libraries. with the Governing Board.")
    assert len(split_tasks(second.tasks_text)) == 3


def test_running_headers_and_page_numbers_are_dropped() -> None:
    texts = [" ".join(r.cells) for r in layout_rows(WRAPPED)]
    # kept once where it opens the document (it carries the title), not on every page
    assert sum("IFLA Public Libraries Section" in t for t in texts) == 1
    assert "2" not in texts


def test_run_together_rows(resources: Resources) -> None:
    text = (FIXTURES / "layout" / "run-together.txt").read_text(encoding="utf-8")
    first, second = _activities(text, resources.headings)
    assert first.title == (
        "Run a webinar series on linked data for small libraries in every region of the world."
    )
    assert first.timeframe_raw == "2021 Postponed to 2022"
    assert (first.funding_needed, second.funding_needed) == (False, True)
    assert second.title == "Publish a short guide on subject access for public library staff."
    assert second.timeframe_raw == "2020 Completed"


@pytest.mark.parametrize("line", ["1.1       Speak up for libraries.", "2.4   Provide tools."])
def test_key_initiative_lines_split_into_code_and_text(line: str) -> None:
    rows = layout_rows(f"Key Initiatives\n{line}\n")
    assert rows[-1].cells[0] in ("1.1", "2.4") and len(rows[-1].cells) == 2


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("Funding Needed", "funding"),
        ("Financement\nnécessaire", "funding"),
        ("Finance ment nécessair e", "funding"),  # a narrow column broke the words
        ("Financiación necesaria", "funding"),
        ("Finanzierung erforderlich:", "funding"),
        ("Projects/Activities", "activity"),
        ("Projects /Activities", "activity"),
        ("Proyectos/\nActividades", "activity"),
        ("Projets/ Activités", "activity"),
        ("Projekte / Aktivitäten", "activity"),
        ("Maßnahmen", "activity"),
        ("Tasks & Responsibility", "tasks"),
        ("Responsable(s)", "tasks"),
        ("Responsables :", "tasks"),
        ("Tâches et responsabilit és", "tasks"),
        ("Tareas y responsabilida des", "tasks"),
        ("Aufgaben und Verantwortung", "tasks"),
        ("Lead:", "tasks"),
        ("Leads", "tasks"),
        ("Timeframe (year)", "timeframe"),
        ("Échéance", "timeframe"),
        ("Plazo", "timeframe"),
        ("Zeitrahmen", "timeframe"),
        ("Statut", "status"),
        ("Estado", "status"),
        ("Stand", "status"),
        ("Fundin", "funding"),  # cut off
        ("Leadership training", None),  # short names match whole words only
        ("Whole team", None),
        ("Standards", None),
        ("Organize a webinar", None),
        ("2021", None),
    ],
)
def test_header_cell_names_its_column(cell: str, role: str | None, resources: Resources) -> None:
    assert resources.headings.column_role(cell) == role


def test_narrow_column_headers_wrap_in_pdf(resources: Resources) -> None:
    # "Projets/ Activités" and "Tâches et responsabilit és": wrapped by LibreOffice's PDF export
    path = FIXTURES / "layout" / "fr-narrow-columns.pdf"
    doc = read_document(
        path.read_bytes(), source_path=path.name, settings=Settings(), headings=resources.headings
    )
    assert (doc.period_start, doc.period_end, doc.language_hint) == (2021, 2023, "fr")
    got = [
        (fa.focus_area_no, a.funding_needed, len(split_tasks(a.tasks_text)), a.timeframe_raw)
        for fa in doc.focus_areas
        for a in fa.activities
    ]
    assert got == [(1, True, 2, "2021"), (1, False, 1, "2022"), (2, False, 1, "2021-2023")]
