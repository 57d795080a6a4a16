"""Signs the template reader goes by where a copy lost its labels, and the test that
what it read is a plan at all.

A copy of a plan may keep its focus area headings but lose the labels under them
("IFLA Strategic Direction", "Key Initiatives") and the one before the unit's name;
a page that is not a plan may still hold a small table of activities and dates (a call
for papers' important dates, a programme). Both are told apart here, from the text.
"""

from __future__ import annotations

import re

FIELD_ROLES = frozenset(("funding", "activity", "tasks", "timeframe", "status"))
# IFLA's strategic directions are numbered 1 to 4 ("2. Inspire and enhance …")
_DIRECTION = re.compile(r"^[1-4]\.\s+[^\W\d_]")
UNIT_GUESS_ROWS = 4  # rows from the top a unit's name without its label may stand at
_BARE_TABLE_ROLES = 3  # roles a table with no template around it names to be a plan


def is_direction(text: str) -> bool:
    """A line that reads as one of IFLA's numbered strategic directions."""
    return _DIRECTION.match(text) is not None


def is_plan(labels_seen: int, roles: set[str]) -> bool:
    """Whether a document with an activity table is a plan: some part of the template
    around the table (a title, unit, focus area, initiatives or prompt: ``labels_seen``),
    or a table of the template's own width (``roles``, of every header row). A lone
    "Activity | Deadline" table is not a plan."""
    return labels_seen > 0 or len(roles & FIELD_ROLES) >= _BARE_TABLE_ROLES
