"""The header-row test shared by the readers: which cells of a row name table columns.

A row is an activity table's header when it names at least two roles, one of them
the activities or the timeframe, and at most one of its filled cells names nothing.
Columns that feed no field ("Resources", "Measures of success") count as named, so
the wider tables of older templates pass; a cell that names two roles
("Responsibilities and timeline") is a column of both.

This is the one test every format uses: the structure reader on every reader's rows,
the Word reader for its cells' roles, the PDF readers to find a table's header lines,
the layout reader on a line's column titles and the text reader to find the character
between cells. Each passes the run's headings in; nothing is kept between calls here.
"""

from __future__ import annotations

from collections.abc import Iterable

from iflaplans.rules.headings import Headings

# Roles that make a table an activity table, and roles that do not count as one of its two.
KEY_ROLES = frozenset(("activity", "timeframe"))
SILENT_ROLES = frozenset(("other",))
MIN_ROLES = 2  # roles a header row names, other than the silent ones
MAX_UNNAMED = 1  # filled cells of a header row that may name no role


def header_roles(cells: list[str], headings: Headings) -> dict[str, list[int]] | None:
    """Role -> column positions when ``cells`` (plain text) are an activity table's
    header row, else None.

    A second role of a two-role cell is kept only where no column of its own has it:
    with "Main tasks" and "Responsibilities and timeline", the tasks are the first's.
    """
    single: dict[str, list[int]] = {}
    shared: dict[str, list[int]] = {}
    named = filled = 0
    for i, cell in enumerate(cells):
        if not cell.strip():
            continue
        filled += 1
        roles = headings.column_roles(cell)
        if not roles:
            continue
        named += 1
        target = single if len(roles) == 1 else shared
        for role in roles:
            target.setdefault(role, []).append(i)
    columns = dict(single)
    for role, positions in shared.items():
        if role not in single:
            columns[role] = positions
    if names_table(columns) and named >= filled - MAX_UNNAMED:
        return {role: sorted(positions) for role, positions in columns.items()}
    return None


def names_table(roles: Iterable[str]) -> bool:
    """Whether columns of ``roles`` make an activity table: two roles that count, one of
    them the activities or the timeframe. Readers that find the names without cells
    (run together on one line) ask this alone."""
    counted = set(roles) - SILENT_ROLES
    return len(counted) >= MIN_ROLES and bool(counted & KEY_ROLES)


def first_columns(columns: dict[str, list[int]]) -> dict[str, int]:
    """Role -> its first column, for readers that give each role one column."""
    return {role: positions[0] for role, positions in columns.items()}
