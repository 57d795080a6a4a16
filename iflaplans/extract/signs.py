"""Signs the template reader goes by where a copy lost its labels, and the test that
what it read is a plan at all.

A copy of a plan may keep its focus area headings but lose the labels under them
("IFLA Strategic Direction", "Key Initiatives") and the one before the unit's name;
a page that is not a plan may still hold a small table of activities and dates (a call
for papers' important dates, a programme). Both are told apart here, from the text.
"""

from __future__ import annotations

import re

from iflaplans.extract.markup import to_plain
from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings
from iflaplans.textutil import fold

# The template's own columns; a Status or Progress column is also a report's (a project's
# timeline "Activity / Planned date / Status"), so a bare table does not count it.
FIELD_ROLES = frozenset(("funding", "activity", "tasks", "timeframe"))
# IFLA's strategic directions are numbered 1 to 4 ("2. Inspire and enhance …")
_DIRECTION = re.compile(r"^[1-4]\.\s+[^\W\d_]")
UNIT_GUESS_ROWS = 4  # rows from the top a unit's name without its label may stand at
_BARE_TABLE_ROLES = 3  # roles a table with no template around it names to be a plan
TITLE_WORDS = 16  # a title line is short: a sentence that names a plan is not its title
_TOP_ROWS = 5  # rows from the top a document's own title stands in
_TITLE_LINE_WORDS = 12


def names_other_document(rows: list[Row], headings: Headings) -> bool:
    """Whether one of a document's first lines is the title of another kind of document
    ("Standing Committee meeting – Minutes", "Tagesordnung")."""
    lines = [
        " ".join(to_plain(c) for c in r.cells) for r in rows if any(c.strip() for c in r.cells)
    ]
    for line in lines[:_TOP_ROWS]:
        folded = fold(line)
        if len(folded.split()) > _TITLE_LINE_WORDS:
            continue
        words = headings.other_documents
        if any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", folded) for w in words):
            return True
    return False


def is_direction(text: str) -> bool:
    """A line that reads as one of IFLA's numbered strategic directions."""
    return _DIRECTION.match(text) is not None


def is_plan(labels: tuple[int, int], roles: set[str], rows: list[Row], headings: Headings) -> bool:
    """Whether a document with an activity table is a plan: some part of the template
    around the table (``labels``: how many labels were read, and how many of them were
    a unit, focus area, initiatives or prompt label rather than a title), or a table of
    the template's own width (``roles``, of every header row). Under the title of
    another kind of document only the template's own labels count: minutes that name
    the "Action plan 2019 – 2021" they discussed are still minutes. A lone "Activity |
    Deadline" table is not a plan, nor are minutes with their action points."""
    seen, template = labels
    if template > 0:
        return True
    other = names_other_document(rows, headings)
    if seen > 0 and not other:
        return True
    return len(roles & FIELD_ROLES) >= _BARE_TABLE_ROLES and not other
