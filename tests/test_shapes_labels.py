"""What a copy that lost its labels still tells: a time named by its label inside a
shared cell, a unit's name without its label, a row split after its Timeframe cell, and
tables that are not a plan's."""

from __future__ import annotations

import pytest

from iflaplans.extract.shapes.assemble import build_rows, line_pieces
from iflaplans.extract.shapes.cells import CellShapes
from iflaplans.extract.structure import rows_to_document
from iflaplans.model.records import Row
from iflaplans.rules.resources import Resources


@pytest.fixture(scope="module")
def shapes(resources: Resources) -> CellShapes:
    return CellShapes(resources.headings)


LABELLED_TIMES = [
    ("Responsible: Convenor and SIG committee. Timeline: August 2015", "August 2015"),
    ("Responsables : Présidente et Secrétaire. Calendrier : août 2016", "août 2016"),
    ("1. Quellen sammeln. 2. Verzeichnis aktualisieren. Termin: laufend", "laufend"),
    ("Termine: März 2019 / Oktober 2019", "März 2019 / Oktober 2019"),
    ("Responsable: Presidenta. Plazo: 2020, aplazado a 2021", "2020, aplazado a 2021"),
    ("Chair and Secretary, 2016", None),  # no label: the cell as written
    ("Timeline: to be agreed with the host", None),  # a label with no time after it
]


@pytest.mark.parametrize(("cell", "time"), LABELLED_TIMES)
def test_a_time_label_names_the_time_of_a_shared_cell(
    shapes: CellShapes, cell: str, time: str | None
) -> None:
    start = shapes.after_time_label(cell)
    assert (cell[start:] if start else None) == time


UNIT_LINES = [
    ("Sektion Bibliotheksbau und -ausstattung", True),
    ("Section des bibliothèques nationales", True),
    ("Sección América Latina y el Caribe", True),
    ("Indigenous Matters Special Interest Group", True),
    ("Prepared by the SIG Convenor and Secretary", False),
    ("Section", False),
    ("The section will hold its meeting in Dublin and publish the minutes on its page.", False),
]


@pytest.mark.parametrize(("line", "expected"), UNIT_LINES)
def test_a_line_names_a_unit_without_its_label(
    resources: Resources, line: str, expected: bool
) -> None:
    assert resources.headings.names_unit(line) is expected


def test_a_line_without_a_time_goes_on_with_the_row_above(shapes: CellShapes) -> None:
    lines = [
        ("Write a guide on energy use in 1. Agree the outline. 2022 Postponed to 2023", None),
        ("Cooperation with the Buildings Section. 2. Collect examples.", None),
        ("Hold a session at WLIC 2022. 1. Call for papers. WLIC 2022 Held", None),
    ]
    rows = build_rows(line_pieces(lines, shapes), lines=True)
    assert [row.cells[3] for row in rows] == ["2022 Postponed to 2023", "WLIC 2022 Held"]
    assert rows[0].cells[2].endswith("2. Collect examples.")


def _document(rows: list[Row], resources: Resources) -> int:
    """How many activities a document of these rows holds."""
    doc = rows_to_document(
        rows, source_path="x.txt", source_format="txt", sha256="0" * 64,
        headings=resources.headings,
    )  # fmt: skip
    return sum(len(fa.activities) for fa in doc.focus_areas)


DATES_TABLE = [
    Row(("Call for Papers – Information Technology Section open session",)),
    Row(("Activity", "Deadline")),
    Row(("Submission of abstracts", "1 March 2021")),
    Row(("Notification of acceptance", "15 April 2021")),
]


def test_a_lone_table_of_dates_is_not_a_plan(resources: Resources) -> None:
    assert _document(DATES_TABLE, resources) == 0


def test_the_same_table_under_a_plan_title_is_a_plan(resources: Resources) -> None:
    rows = [Row(("Action Plan 2020 – 2021",)), *DATES_TABLE[1:]]
    assert _document(rows, resources) == 2


def test_a_table_of_the_template_width_is_a_plan_alone(resources: Resources) -> None:
    rows = [
        Row(("Projects/Activities", "Tasks & Responsibility", "Timeframe")),
        Row(("Hold a webinar.", "Secretary.", "2020")),
    ]
    assert _document(rows, resources) == 1


MINUTES = [
    Row(("Standing Committee meeting – Minutes",)),
    Row(("The Chair said the Section keeps its 2019-2021 Action Plan but will update the "
         "Timeframe column of the table before the end of the year.",)),
    Row(("No.", "Action", "Responsible", "Deadline", "Status")),
    Row(("1", "Update the Action Plan", "Chair", "30 November 2020", "Open")),
]  # fmt: skip


PROJECT_TIMELINES = [
    [Row(("Activity", "Planned date", "Status")), Row(("Scanning", "May 2019", "Done"))],
    [Row(("Maßnahme", "Termin", "Stand")), Row(("Abschlussfest", "Oktober 2020", "Abgesagt"))],
    [Row(("Actividad", "Fecha prevista", "Estado")), Row(("Jornada", "2020", "Aplazada"))],
]


@pytest.mark.parametrize("rows", PROJECT_TIMELINES)
def test_a_project_timeline_with_its_status_is_not_a_plan(
    rows: list[Row], resources: Resources
) -> None:
    # a Status column is a report's too: it does not widen a bare table to a plan's
    assert _document(rows, resources) == 0


def test_minutes_with_action_points_are_not_a_plan(resources: Resources) -> None:
    assert _document(MINUTES, resources) == 0


def test_a_plan_title_over_the_same_table_is_a_plan(resources: Resources) -> None:
    assert _document([Row(("Action Plan 2019 – 2021",)), *MINUTES[2:]], resources) == 1


PROMPT_LABELS = [
    ("Identifique otra(s) unidad(es) que puedan estar interesadas", "related_units", 30),
    ("Identifiez d'autre(s) unité(s) qui pourraient", "related_units", 30),
    ("Identify other Unit(s) which may be interested", "related_units", 19),
]


@pytest.mark.parametrize(("text", "kind", "end"), PROMPT_LABELS)
def test_a_label_with_a_bracketed_ending(
    resources: Resources, text: str, kind: str, end: int
) -> None:
    found = resources.headings.label_of(text)
    assert found is not None and (found[0], found[2]) == (kind, end)


PAGE_WORDS = [
    ("1 / 2   ⟨ Page précédente   Page suivante ⟩", True),  # a viewer's toolbar
    ("Documents associés : Rapport annuel 2019 (PDF) · Plan d'action 2017-2018", True),
    ("Télécharger le PDF", True),
    ("2020", False),  # a Timeframe cell, not a page word
    ("1 / 2", False),  # a page counter alone is read as such elsewhere
    ("Section des bibliothèques publiques", False),
    ("Read more about the News Media Section", True),  # a link under a table
    ("Leer más sobre la Sección de Alfabetización y Lectura", True),
    ("Descargar PDF (1,2 MB)", True),
    ("Read more about it. The survey closed in 2020 and its report followed.", False),
]


@pytest.mark.parametrize(("text", "furniture"), PAGE_WORDS)
def test_page_words_of_a_viewer(resources: Resources, text: str, furniture: bool) -> None:
    assert resources.headings.is_furniture(text) is furniture


def test_a_sentence_after_the_unit_name_is_not_part_of_it(resources: Resources) -> None:
    rows = [
        Row(("Action Plan 2016 – 2017",)),
        Row(("Name of Section: News Media Section",)),
        Row(("Approved by the Standing Committee in August 2016; progress updated 2017.",)),
    ]
    doc = rows_to_document(
        rows, source_path="x.txt", source_format="txt", sha256="0" * 64,
        headings=resources.headings,
    )  # fmt: skip
    assert doc.unit_name == "News Media Section"
