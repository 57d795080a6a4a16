"""The kinds of wording the timeframe grammar understands, one kind per group, in the
four languages of the rules. Each line: language, cell, expected (type, from, to)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iflaplans.errors import RulesError
from iflaplans.normalize.timeframe.cell import read_timeframe
from iflaplans.normalize.timeframe.grammar import load_grammar
from iflaplans.normalize.timeframe.time_spans import TimeContext
from iflaplans.rules.files import packaged
from iflaplans.rules.resources import Resources

PERIOD = TimeContext(2019, 2021)
P = "planned"

CASES = [
    # a status word in any inflection, by its lemma
    ("es", "2020 se aplazan al 2021", [(P, 2020, 2020), ("postponed", 2021, 2021)]),
    ("fr", "2020 : nous avons reporté à 2021", [(P, 2020, 2020), ("postponed", 2021, 2021)]),
    ("de", "2021 storniert", [(P, 2021, 2021), ("cancelled", None, None)]),
    ("en", "2020 postponing to 2021", [(P, 2020, 2020), ("postponed", 2021, 2021)]),
    # an infinitive or a future form is a plan, not news
    ("fr", "2020, à publier en 2021", [(P, 2020, 2021), ("unrecognized", None, None)]),
    # numbers that are names or counts are not years
    ("en", "2020 – update of ISO 2108 records", [(P, 2020, 2020), ("unrecognized", None, None)]),
    ("fr", "Tenu en salle 2012 au congrès 2019", [("completed", 2019, 2019)]),
    ("de", "2019 – 2000 Teilnehmer erwartet", [(P, 2019, 2019), ("unrecognized", None, None)]),
    # frequencies plan the whole period; labels before a time are not news
    ("es", "Cada mes", [(P, 2019, 2021)]),
    ("de", "Monatlich", [(P, 2019, 2021)]),
    ("en", "Phase 2: 2021", [(P, 2021, 2021)]),
    ("fr", "Volet A – 2020", [(P, 2020, 2020)]),
    # times listed apart are one planned event each
    ("en", "June 2019; from March 2020", [(P, 2019, 2019), (P, 2020, 2021)]),
    # conditions and formats beside a time are notes
    ("es", "2021, si hay financiación", [(P, 2021, 2021)]),
    ("de", "2020, sofern Mittel vorhanden sind", [(P, 2020, 2020)]),
    ("fr", "Congrès 2021 (virtuel)", [(P, 2021, 2021)]),
    # a move is decided by its dates; a chain of moves is one event each
    (
        "en",
        "Oct 2020 – brought forward to May 2020",
        [(P, 2020, 2020), ("rescheduled", 2020, 2020)],
    ),
    (
        "en",
        "2019 – delayed to 2020, then to 2021",
        [(P, 2019, 2019), ("postponed", 2020, 2020), ("postponed", 2021, 2021)],
    ),
    # a move from one time to another: the first was the plan
    ("en", "Postponed from 2020 to 2021", [(P, 2020, 2020), ("postponed", 2021, 2021)]),
    ("es", "Se adelantó de 2021 a 2020", [(P, 2021, 2021), ("rescheduled", 2020, 2020)]),
    # verb-final clauses: the time before the verb is the new one
    (
        "de",
        "2019 – wegen fehlender Mittel auf 2020 verschoben",
        [(P, 2019, 2019), ("postponed", 2020, 2020)],
    ),
    ("de", "Ins nächste Jahr verschoben", [("postponed", 2020, 2020)]),
    ("de", "Fand beim Kongress 2019 in Athen statt", [("completed", 2019, 2019)]),
    # a change of format is a move to a format
    ("es", "2020 – se pasa a modalidad virtual", [(P, 2020, 2020), ("moved_online", None, None)]),
    # news about the congress is not the activity's own
    (
        "en",
        "2020 – congress cancelled, our session held online in 2020",
        [(P, 2020, 2020), ("completed", 2020, 2020)],
    ),
    # a denied cancellation is no news: the words go to review
    ("fr", "2021 – pas annulé", [(P, 2021, 2021), ("unrecognized", None, None)]),
    # a line break inside a cell separates updates; a soft wrap inside one does not
    (
        "en",
        "2020\nPostponed to 2021\nCancelled",
        [(P, 2020, 2020), ("postponed", 2021, 2021), ("cancelled", None, None)],
    ),
    ("en", "2020 moved\nto 2021", [(P, 2020, 2020), ("postponed", 2021, 2021)]),
    # an abbreviation before a number does not end a sentence
    ("es", "Publicado en el Boletín núm. 12, mayo de 2020", [("completed", 2020, 2020)]),
    # a time brought in by a preposition before a verb-final report is the report's own
    ("de", "Im Mai 2020 erfolgreich durchgeführt", [("completed", 2020, 2020)]),
    ("de", "2020 abgeschlossen", [(P, 2020, 2020), ("completed", None, None)]),
    # one occurrence of a recurring plan
    (
        "en",
        "Each year; the 2021 meeting was called off",
        [(P, 2019, 2021), ("cancelled", 2021, 2021)],
    ),
    # a format word that describes a thing is not a move online
    ("fr", "2020 – enquête en ligne", [(P, 2020, 2020)]),
    ("de", "2020 – Online-Umfrage", [(P, 2020, 2020)]),
    ("es", "2020 – se hará en línea", [(P, 2020, 2020), ("moved_online", None, None)]),
    # a cell plainly in its plan's language is not read with another's words ("report")
    ("en", "2021 – report to the Governing Board", [(P, 2021, 2021), ("unrecognized", None, None)]),
    # a two-word status phrase one letter off is a guess
    ("fr", "2021 en cour", [(P, 2021, 2021), ("ongoing", None, None)]),
]


@pytest.mark.parametrize(("lang", "cell", "want"), CASES, ids=[c[1] for c in CASES])
def test_kind_of_wording(resources: Resources, lang: str, cell: str, want: list[tuple]) -> None:
    reading = read_timeframe(cell, resources.grammars.for_language(lang), resources.units, PERIOD)
    assert [(e.event_type, e.year_from, e.year_to) for e in reading.events] == want


@pytest.mark.parametrize(
    ("cell", "target"),
    [
        ("2020 – now run by the Cataloguing Section", "Cataloguing Section"),
        ("2020 – wird jetzt von der Sektion Katalogisierung betreut", "Sektion Katalogisierung"),
        ("Handed over to the IT Section in May 2021", "IT Section"),
    ],
)
def test_hand_over_names_its_unit(resources: Resources, cell: str, target: str) -> None:
    lang = "de" if "wird" in cell else "en"
    reading = read_timeframe(cell, resources.grammars.for_language(lang), resources.units, PERIOD)
    (moved,) = [e for e in reading.events if e.event_type == "transferred"]
    assert moved.target_unit == target


def test_other_language_reading_goes_to_review(resources: Resources) -> None:
    reading = read_timeframe(
        "2020 – aplazado a 2021", resources.grammars.for_language("en"), resources.units, PERIOD
    )
    assert [e.event_type for e in reading.events] == [P, "postponed"]
    assert reading.events[1].confidence < 0.5
    assert reading.events[1].rule_id.endswith(".other-language")


@pytest.mark.parametrize("cell", ["2020 moved", "2020 versch. auf 2021", "2021 cancled"])
def test_guesses_go_to_review(resources: Resources, cell: str) -> None:
    lang = "de" if "versch" in cell else "en"
    reading = read_timeframe(cell, resources.grammars.for_language(lang), resources.units, PERIOD)
    assert reading.events[-1].event_type != "unrecognized"
    assert reading.events[-1].confidence < 0.5


def test_every_event_says_where_it_came_from(resources: Resources) -> None:
    for lang, cell, _ in CASES:
        grammar = resources.grammars.for_language(lang)
        for event in read_timeframe(cell, grammar, resources.units, PERIOD).events:
            assert event.phrase and event.rule_id and 0 <= event.confidence <= 1


def test_language_files_are_checked(tmp_path: Path) -> None:
    (tmp_path / "timeframe.yaml").write_text(packaged("timeframe.yaml").read_text("utf-8"))
    (tmp_path / "timeframe-es.yaml").write_text(
        "status: {exploded: [boom]}\nlemmas: {cancelled: [3]}\nwords: {fillers: nope}\nextra: {}\n"
    )
    with pytest.raises(RulesError) as info:
        load_grammar(tmp_path / "timeframe.yaml")
    text = "\n".join(info.value.errors)
    for expected in ("status.exploded", "lemmas.cancelled", "words.fillers", "'extra'"):
        assert expected in text
