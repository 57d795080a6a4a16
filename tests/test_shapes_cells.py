"""The pieces a copied table is rebuilt from, table by table: cells that read as a time,
column names run together, header cells naming two roles, rows run into one paragraph."""

from __future__ import annotations

import pytest

from iflaplans.extract.shapes import rebuild_tables
from iflaplans.extract.shapes.cells import CellShapes, split_activity
from iflaplans.extract.shapes.runs import split_rows
from iflaplans.model.records import Row
from iflaplans.rules.resources import Resources


@pytest.fixture(scope="module")
def shapes(resources: Resources) -> CellShapes:
    return CellShapes(resources.headings)


TIMES = [
    ("2020 Moved to 2021", True),
    ("2019-2020 Completed", True),
    ("by June 2020 Published July 2020.", True),
    ("WLIC 2021 Under consideration", True),
    ("Q3 2020 In progress", True),
    ("T4 2020 Publiée en décembre 2020", True),
    ("Herbst 2020 Online durchgeführt", True),
    ("from 2019 onwards", True),
    ("À partir de 2020", True),
    ("Agosto de 2015", True),
    ("Annually", True),
    ("Tous les trimestres", True),
    ("Vierteljährlich", True),
    ("Completed June 2020", True),
    ("En pausa", True),
    ("To be confirmed", True),
    ("June 10, 2020", True),
    ("Spring/Summer 2021", True),
    ("2nd half of 2020", True),
    ("D’ici fin 2020", True),
    ("Bis Ende 2021", True),
    ("2º semestre 2020 en adelante", True),
    ("2. Halbjahr 2021", True),
    ("Anual", True),
    ("In 2020 the Secretary drafts the annual report.", False),
    ("Hold the annual conference in Montreal.", False),
    ("Organizar un taller sobre la Agenda 2030 en Bogotá.", False),
    ("1. Agree the programme with the host library.", False),
    ("Monthly webinars on research methods for librarians in every region of the world.", False),
    ("Publish the statement in 2020.", False),
    ("Read more", False),
]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_a_cell_reads_as_a_time(shapes: CellShapes, text: str, expected: bool) -> None:
    assert shapes.is_time(text) is expected


ROW_LINES = [
    (
        "Revise the Principles. 1. Set up a group. 2. Publish. 2020-2021 Ongoing",
        "2020-2021 Ongoing",
    ),
    ("Recruit members. 1. Identify candidates. Continuing", "Continuing"),
    ("Produce short videos on basic conservation 2020 Moved to 2021", "2020 Moved to 2021"),
    (
        "Organiser un colloque à Lyon sur Août 2020 Reporté à août 2021",
        "Août 2020 Reporté à août 2021",
    ),
    ("Organizar un taller sobre la Agenda 2030 en Bogotá. La Secretaria busca fondos.", None),
]


@pytest.mark.parametrize(("line", "time"), ROW_LINES)
def test_the_timeframe_ends_a_row_line(shapes: CellShapes, line: str, time: str | None) -> None:
    start = shapes.time_start(line, fallback=True)
    assert (line[start:] if start is not None else None) == time


HEADER_RUNS = [
    ("Funding Needed Projects/Activities Tasks & Responsibility Timeframe", 4),
    ("Financement nécessaire Projets/Activités Tâches et respon", 3),
    ("Finanzierung erforderlich Projekte/Aktivitäten Aufgaben & Verantwortung Zeitrahmen 1. ☐", 4),
    ("Necesita financiación Proyectos/Actividades Tareas y responsabilidades Pla", 3),
    ("Finanzierung erforderlich Projekte/Aktivitäten Aufgaben & Verantwortlichkeit Zeitr", 4),
    ("Projects and activities of the section in 2020", None),
    ("Timeframe", None),
    # a viewer's text layer that dropped the spaces between the names
    ("Funding NeededProjects/ActivitiesTasks & ResponsibilityTimefra", 4),
    ("Financement nécessaireProjets/ActivitésTâches et responsabilitéCalen", 4),
    ("Funding NeededProjects/ActivitiesTasks & ResponsibilityTimeframe 1. Agree", 4),
    ("IFLA ProjectsActivities in 2020", None),
]


@pytest.mark.parametrize(("line", "names"), HEADER_RUNS)
def test_column_names_run_together(shapes: CellShapes, line: str, names: int | None) -> None:
    found = shapes.header_run(line)
    assert (len(found[0]) if found else None) == names


TWO_ROLES = [
    ("Responsibilities and timeline<br/>Who will do it, and by when?", ("tasks", "timeframe")),
    ("Tasks / Deadline", ("tasks", "timeframe")),
    ("Responsabilités et calendrier", ("tasks", "timeframe")),
    ("Responsables y calendario", ("tasks", "timeframe")),
    ("Finanzierung erforderlich / Projekte/Aktivitäten", ("funding", "activity")),
    ("Tasks & Responsibility", ("tasks",)),
    ("Projects/Activities", ("activity",)),
    ("Progress What has happened so far?", ("status",)),
    ("Measures of success", ("other",)),
    ("Mittel nötig", ("funding",)),
    ("Vorhaben", ("activity",)),
    ("Zuständigkeiten", ("tasks",)),
    ("Frist", ("timeframe",)),
    ("Échéance", ("timeframe",)),
    ("¿Fondos?", ("funding",)),
    ("Plazo", ("timeframe",)),
]


@pytest.mark.parametrize(("cell", "roles"), TWO_ROLES)
def test_header_cell_roles(resources: Resources, cell: str, roles: tuple[str, ...]) -> None:
    from iflaplans.extract.markup import to_plain

    assert resources.headings.column_roles(to_plain(cell)) == roles


def test_rows_run_together_are_found_by_number_and_time(shapes: CellShapes) -> None:
    text = (
        "1. Revise the guide. 1. Form a group. 2. Draft it. 2020 Completed "
        "2. Run a webinar. The Chair hosts. March 2021 Postponed to June 2021 "
        "3. Keep a list of projects. Ongoing"
    )
    assert split_rows(text, shapes) == [
        "Revise the guide. 1. Form a group. 2. Draft it. 2020 Completed",
        "Run a webinar. The Chair hosts. March 2021 Postponed to June 2021",
        "Keep a list of projects. Ongoing",
    ]


@pytest.mark.parametrize(
    ("text", "activity", "tasks"),
    [
        (
            "Revise the guide. 1. Form a group. 2. Draft it.",
            "Revise the guide.",
            "1. Form a group. 2. Draft it.",
        ),
        ("Run a webinar. The Chair hosts.", "Run a webinar.", "The Chair hosts."),
        ("Run a webinar", "Run a webinar", ""),
    ],
)
def test_activity_and_tasks_of_one_line(text: str, activity: str, tasks: str) -> None:
    assert split_activity(text) == (activity, tasks)


def test_rows_with_a_header_are_left_alone(resources: Resources) -> None:
    rows = [
        Row(("Funding Needed", "Projects/Activities", "Timeframe")),
        Row(("☐", "Hold a webinar.", "2020")),
        Row(("Key Initiatives",)),
        Row(("Run a survey.",)),
        Row(("The Secretary sends it.",)),
        Row(("2021 Completed",)),
    ]
    rebuilt = rebuild_tables(rows, resources.headings)
    assert rebuilt.rows == rows and rebuilt.shapes == ()


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("/ Webinar series / Secretary, 2016 / Ongoing", ["", "Webinar series",
                                                         "Secretary, 2016", "Ongoing"]),
        ("/ Taller en Lima / Presidenta, 2017 /", ["", "Taller en Lima", "Presidenta, 2017", ""]),
    ],
)  # fmt: skip
def test_a_row_joined_by_slashes_keeps_its_empty_cells(
    resources: Resources, line: str, cells: list[str]
) -> None:
    # the Objective cell merged down over the rows of its group is empty in a copy
    from iflaplans.extract.text import delimited_rows

    assert list(delimited_rows(line, " / ", resources.headings)[0].cells) == cells
