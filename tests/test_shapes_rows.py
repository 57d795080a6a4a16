"""Rows of copied tables found from their rhythm: unnumbered rows whose tasks start again
at "1.", a Timeframe cell's news on a line of its own, a row's second line, header
names cut short inside a run, and paragraphs that were one cell."""

from __future__ import annotations

import pytest

from iflaplans.extract.shapes.assemble import build_rows, cell_pieces, line_pieces
from iflaplans.extract.shapes.cells import CellShapes
from iflaplans.extract.shapes.lines import join_cell_lines
from iflaplans.extract.shapes.runs import split_rows
from iflaplans.rules.headings import load_headings


@pytest.fixture(scope="module")
def shapes() -> CellShapes:
    return CellShapes(load_headings())


def test_rows_are_found_where_the_tasks_start_again_at_one(shapes: CellShapes) -> None:
    text = (
        "Write a guide to oral history projects. 1. Collect examples. 2. Edit the guide. "
        "2020 Completed. Keep the list of partner archives current. 1. Check it each "
        "spring. Annually Hold a workshop in Porto. 1. Find a host. 2. Invite speakers. "
        "2021 Postponed to 2022"
    )
    assert split_rows(text, shapes) == [
        "Write a guide to oral history projects. 1. Collect examples. 2. Edit the guide. "
        "2020 Completed.",
        "Keep the list of partner archives current. 1. Check it each spring. Annually",
        "Hold a workshop in Porto. 1. Find a host. 2. Invite speakers. 2021 Postponed to 2022",
    ]


def test_the_news_of_a_time_stays_in_its_row(shapes: CellShapes) -> None:
    # "; la sesión …" goes on with the same news: the next row starts at a sentence end
    text = (
        "Organizar un taller. 1. Buscar sede. Agosto 2020 Congreso cancelado; la sesión "
        "se traslada a 2021. Publicar un informe. 1. Redactar. 2021 En curso"
    )
    rows = split_rows(text, shapes)
    assert rows[0].endswith("se traslada a 2021.")
    assert rows[1].startswith("Publicar un informe.")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "☒ 1. Hold a workshop at WLIC 2020. Chair. 2020 Cancelled ☐ 2. Write a guide. "
            "Secretary. 2021",
            "☒ Hold a workshop at WLIC 2020. Chair. 2020 Cancelled",
            "☐ Write a guide. Secretary. 2021",
        ),
        (
            "☐ 1. Eine Liste pflegen. Sekretärin. Laufend ☒ 2. Ein Webinar anbieten. "
            "Vorsitzender. Mai 2020",
            "☐ Eine Liste pflegen. Sekretärin. Laufend",
            "☒ Ein Webinar anbieten. Vorsitzender. Mai 2020",
        ),
    ],
)
def test_a_row_number_after_its_glyph_is_not_the_activity(
    shapes: CellShapes, text: str, first: str, second: str
) -> None:
    assert split_rows(text, shapes) == [first, second]


def test_a_single_task_list_is_not_split(shapes: CellShapes) -> None:
    text = "Publier le guide. 1. Rédiger. 2. Relire. 2020 Terminé."
    assert split_rows(text, shapes) == [text]


@pytest.mark.parametrize(
    ("line", "rest"),
    [
        # the body's first word is a column name too ("Update")
        (
            "Funding Needed Projects/Activities Tasks & Responsibility Timeframe Update the list",
            " Update the list",
        ),
        # names cut by their cells' width inside the run, and at its end
        ("Se necesita financiProyectos/ActividadesTareas y responsaPlaz", ""),
        ("FinanzierunProjekte/AktivitätenAufgaben und VerantwZeitrah", ""),
    ],
)
def test_header_runs(shapes: CellShapes, line: str, rest: str) -> None:
    found = shapes.header_run(line)
    assert found is not None and line[found[1] :] == rest


@pytest.mark.parametrize(
    ("line", "time"),
    [
        # a title that names a time before the Timeframe cell
        (
            "☐ Organiser un atelier au WLIC 2020 sur la médiation 2020 Reporté au WLIC 2021",
            "2020 Reporté au WLIC 2021",
        ),
        ("☐ Eine Sitzung auf dem WLIC 2020 zu Karten und WLIC 2020 Abgesagt", "WLIC 2020 Abgesagt"),
        # a recurring time that ends the line
        ("☐ Mettre à jour l'annuaire des membres avec le Comité Chaque année", "Chaque année"),
        # a congress without a year ends no row
        ("Libraries (CDNL) prepare. 1. Agree topics. 2. Book a room at the WLIC venue.", None),
    ],
)
def test_where_a_line_holding_a_row_ends(shapes: CellShapes, line: str, time: str | None) -> None:
    start = shapes.time_start(line, fallback=True)
    assert (line[start:] if start is not None else None) == time


def _cells(paragraphs: list[str], shapes: CellShapes) -> list[tuple[str, str, str, str]]:
    pieces = cell_pieces([(p, None) for p in paragraphs], shapes)
    return [row.cells for row in build_rows(pieces, lines=False)]


def test_news_before_the_next_glyph_is_the_timeframes(shapes: CellShapes) -> None:
    rows = _cells(
        ["☐", "Hold a seminar.", "1. Book a room.", "August 2020", "Changed to a virtual event.",
         "☒", "Publish a report.", "1. Write it.", "2021"],
        shapes,
    )  # fmt: skip
    assert [row[3] for row in rows] == ["August 2020\nChanged to a virtual event.", "2021"]


def test_news_naming_a_status_before_a_whole_row_is_the_timeframes(shapes: CellShapes) -> None:
    rows = _cells(
        ["☐", "Translate the guide.", "1. Find translators.", "2020",
         "Spanish done; Arabic on hold.", "Contribute to the report.", "The Chair.", "2019"],
        shapes,
    )  # fmt: skip
    assert [row[1] for row in rows] == ["Translate the guide.", "Contribute to the report."]
    assert rows[0][3] == "2020\nSpanish done; Arabic on hold."


def test_a_note_before_a_sentence_is_news(shapes: CellShapes) -> None:
    rows = _cells(
        ["Crear un archivo.", "Reunir materiales.", "2020", "Sin voluntarios por ahora",
         "Celebrar una reunión.", "Acordar las fechas.", "2021"],
        shapes,
    )  # fmt: skip
    assert [row[1] for row in rows] == ["Crear un archivo.", "Celebrar una reunión."]


def test_a_rows_second_line_is_its_own(shapes: CellShapes) -> None:
    lines = [
        "☐ Tenir la réunion du Comité à Présidente. Mars 2021 Se tiendra en ligne en avril",
        "Lyon. 2021",
        "☒ Ouvrir une exposition au WLIC 2021 Annulé",
        "WLIC sur les affiches. 1. Choisir les affiches.",
    ]
    rows = build_rows(line_pieces([(t, None) for t in lines], shapes), lines=True)
    assert len(rows) == 2
    assert rows[0].cells[3] == "Mars 2021 Se tiendra en ligne en avril\n2021"
    assert rows[1].cells[3] == "WLIC 2021 Annulé"


def test_paragraphs_that_were_one_cell_are_one_line() -> None:
    text = (
        "Intro.\n\nBeispiele bei Mitgliedern sammeln\nText schreiben\n\n2020\nAbgeschlossen\n\n"
        "Erste Zeile eines Satzes.\nZweiter Satz.\n\n2021\nRead more\n"
    )
    assert join_cell_lines(text).split("\n") == [
        "Intro.", "", "Beispiele bei Mitgliedern sammeln Text schreiben", "",
        "2020 Abgeschlossen", "", "Erste Zeile eines Satzes.", "Zweiter Satz.", "",
        "2021", "Read more", "",
    ]  # fmt: skip
