"""Tasks & Responsibility cell -> tasks: one table, a new case is a new line.

Each case is the cell's plain text and its tasks joined by " | " ("" for none).
"""

from __future__ import annotations

import pytest

from iflaplans.normalize.tasks import split_tasks

CASES: list[tuple[str, str]] = [
    # no list marks: one task; an empty cell: none
    ("", ""),
    ("Chair and Secretary.", "Chair and Secretary."),
    ("Host the session at WLIC 2021", "Host the session at WLIC 2021"),
    ("Chair - Secretary", "Chair - Secretary"),
    ("Version 2.4 of the guidelines", "Version 2.4 of the guidelines"),
    # numbers, in sequence from 1
    ("1. Find host 2. Call for papers", "Find host | Call for papers"),
    ("1) Topics 2) Speakers", "Topics | Speakers"),
    ("(1) Topics (2) Speakers", "Topics | Speakers"),
    ("1. Connect with Big Data SIG.", "Connect with Big Data SIG."),
    ("1. Team, etc. 2. Send notices, etc. to lists.", "Team, etc. | Send notices, etc. to lists."),
    ("Working group: 1. Draft 2. Review", "Working group: Draft | Review"),
    ("1. Plan WLIC 2021 session 2. Publish", "Plan WLIC 2021 session | Publish"),
    # Word numbering run on across cells: two numbers in sequence, at the start or after ":"
    ("4. Draft the questionnaire. 5. Analyse it.", "Draft the questionnaire. | Analyse it."),
    ("Chair: 8. Prepare materials. 9. Send them.", "Chair: Prepare materials. | Send them."),
    ("Identify team, etc. 2. Organize call", "Identify team, etc. 2. Organize call"),
    ("10. Juni: Treffen der Arbeitsgruppe", "10. Juni: Treffen der Arbeitsgruppe"),
    ("Room 4. 5. Publish", "Room 4. 5. Publish"),
    # letters; "a." only from the start (a period also ends a sentence), "A." never (initials)
    ("a) Formar el comité. b) Invitar.", "Formar el comité. | Invitar."),
    ("a. Redactar. b. Traducir. c. Publicar.", "Redactar. | Traducir. | Publicar."),
    ("(a) one (b) two", "one | two"),
    ("A) One B) Two", "One | Two"),
    ("Chair: A. B. Smith", "Chair: A. B. Smith"),
    ("Plan a. b. Smith", "Plan a. b. Smith"),
    # bullets, as the readers render Word and HTML <ul> lists
    ("• Chair • Information Coordinator", "Chair | Information Coordinator"),
    ("• Volunteers coordinated by the Chair", "Volunteers coordinated by the Chair"),
    # typed dashes (line starts, <br>): a cell that opens with one is a dash list
    (
        "- Call for papers - Select speakers - Chair it",
        "Call for papers | Select speakers | Chair it",
    ),
    ("– Gastgeber finden – Programm erstellen", "Gastgeber finden | Programm erstellen"),
    ("- Webinar series 2021 - 2022", "Webinar series 2021 - 2022"),
    ("- Chair – with the Secretary", "Chair – with the Secretary"),
]


@pytest.mark.parametrize(("cell", "expected"), CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_split_tasks(cell: str, expected: str) -> None:
    assert split_tasks(cell) == (expected.split(" | ") if expected else [])
