"""What the PDF table readers share: a table's rows, the header vocabulary, an open table.

A row is an activity table's header row when its cells name column roles
(:func:`_roles`, the test every format shares); a header word a narrow column
broke without a hyphen is glued back first (:func:`_header_texts`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from iflaplans.extract.header import first_columns, header_roles
from iflaplans.extract.pdf.words import _Word
from iflaplans.rules.headings import Headings, compact
from iflaplans.textutil import collapse

_HEADER_CHARS = 60  # longer cells are not column headings
# The template's questions right after an activity table ("How will you communicate…"):
# a line opening with one ends the table. Shorter labels could open an activity's text.
_AFTER_TABLE = frozenset({"communication", "impact_measure"})


# Geometry, in PDF points.
_MARGIN_SHARE = 0.08  # top and bottom share of a page for running headers/footers


@dataclass(slots=True)
class _TableRow:
    """One table row: the words of each column's cell (one cell when it spans the table)."""

    cells: list[list[_Word]]
    full_width: bool = False


@dataclass(slots=True)
class _Table:
    """A table on one page: where its columns start and its rows, top to bottom."""

    top: float
    bottom: float
    columns: list[float]
    rows: list[_TableRow]
    ruled: bool


@dataclass
class _Vocabulary:
    """The headings vocabulary, with the column roles of header-like texts remembered."""

    headings: Headings
    roles: dict[str, str | None] = field(default_factory=dict)

    def role(self, text: str) -> str | None:
        """The column role a header cell names; long cells (data, not headings) name none."""
        if not 0 < len(text) <= _HEADER_CHARS:
            return None
        if text not in self.roles:
            self.roles[text] = self.headings.column_role(text)
        return self.roles[text]

    def spells(self, text: str) -> bool:
        """True when ``text`` is a column name, whole or begun ("Financement néces")."""
        plain = self.headings.header_text(text)
        squeezed = compact(plain)
        if not squeezed or len(plain) > _HEADER_CHARS:
            return False
        return any(
            name.startswith(plain) for names in self.headings.columns.values() for name in names
        ) or any(
            name.startswith(squeezed) for names in self.headings.squeezed.values() for name in names
        )

    def carries_on(self, before: str, added: str) -> bool:
        """True when the words ``added`` under a header cell reading ``before`` belong to it.

        They do when the cell with them spells a column name ("Funding" + "Needed",
        "Finance" + "ment"), when they complete a cell that named no column yet, or
        when they are a note in brackets ("(year)") or a question under the label
        ("What will you do?"). A body cell under the header ("Timeframe" + "2021")
        does not.
        """
        bracketed = added.startswith(("(", "[")) and added.endswith((")", "]"))
        if bracketed or added.endswith("?"):
            return True
        after = collapse(_glued(f"{before}\n{added}" if before else added, self))
        if self.spells(after):
            return True
        return self.role(collapse(before)) is None and self.role(after) is not None

    def ends_table(self, text: str) -> bool:
        """True for a line that opens with a template question asked after an activity table."""
        label = self.headings.label_of(text)
        return label is not None and label[0] in _AFTER_TABLE


def _roles(texts: list[str], vocab: _Vocabulary) -> dict[str, int] | None:
    """Role -> first column index when the cells are an activity table's header row, else
    None: the shared test of :func:`~iflaplans.extract.header.header_roles`."""
    columns = header_roles([collapse(text) for text in texts], vocab.headings)
    return first_columns(columns) if columns is not None else None


def _glued(text: str, vocab: _Vocabulary) -> str:
    """A header cell whose words a narrow column broke without a hyphen, put back together.

    "Finance\nment\nnécessair\ne" -> "Financement\nnécessaire": of the ways to join
    the lines at breaks between two letters (the next one lower case), the one with
    the fewest joins that names a column role; the cell as it was when none does.
    """
    lines = text.split("\n")
    breaks = [
        i
        for i in range(1, len(lines))
        if lines[i - 1][-1:].isalpha() and lines[i][:1].isalpha() and lines[i][:1].islower()
    ]
    if not breaks or len(lines) > 6 or len(text) > 60:
        return text
    for count in range(1, len(breaks) + 1):
        for glue in combinations(breaks, count):
            parts = [lines[0]]
            for i in range(1, len(lines)):
                if i in glue:
                    parts[-1] += lines[i]
                else:
                    parts.append(lines[i])
            if vocab.role(" ".join(parts)) is not None:
                return "\n".join(parts)
    return text


def _header_texts(texts: list[str], vocab: _Vocabulary) -> list[str]:
    """A row's cell texts, with broken header words glued when the row names a column."""
    roles = [vocab.role(collapse(t)) for t in texts]
    if not any(roles):
        return texts
    return [
        _glued(t, vocab) if role is None and "\n" in t else t
        for t, role in zip(texts, roles, strict=True)
    ]


@dataclass
class _Open:
    """The table that ended a page: its columns, its roles and its last data row."""

    columns: list[float]
    roles: dict[str, int]
    last: list[str]
    ruled: bool
