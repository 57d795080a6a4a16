"""Rows -> document structure: the template's headings, focus areas and activity tables.

Every reader turns its format into a sequence of :class:`~iflaplans.records.Row`
(paragraphs as one-cell rows, table rows cell by cell); this module reads the
plan template from that sequence, so all formats share one interpretation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from iflaplans.extract.markup import read_checkbox, to_plain
from iflaplans.headings import Headings
from iflaplans.records import RawActivity, RawDocument, RawFocusArea, RawKeyInitiative, Row
from iflaplans.textutil import collapse, fold

_PERIOD = re.compile(
    r"\b((?:19|20)\d{2})\s*(?:-|/|to|a|au|al|bis|hasta|till)\s*((?:19|20)\d{2}|\d{2})\b"
)
_FA_NUMBER = re.compile(
    r"^\s*(?:no\.?\s*|n[°º]\s*|nr\.?\s*|#\s*)?(\d{1,2})\b\s*[:.)\-–—]?\s*(.*)$", re.S
)
_KI_CODE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+(.*))?$", re.S)
_KI_CODES = re.compile(
    r"^\s*\d{1,2}(?:\.\d{1,2})+(?:\s*(?:[,;/&+]|and|et|y|und)\s*\d{1,2}(?:\.\d{1,2})+)+"
)
_CODE = re.compile(r"\d{1,2}(?:\.\d{1,2})+")
# "1. Focus Area", "2) Objectif : …", "### 3 - Ziel": the number before the label
_NUMBER_FIRST = re.compile(
    r"^\s*(?:no\.?\s*|n[°º]\s*|nr\.?\s*|#\s*)?(\d{1,2})(?:\s*[.):\-–—]\s*|\s+)(?=\S)",
    re.IGNORECASE,
)
# what may follow the label of a number-first heading: nothing, or a separator and the title
_AFTER_LABEL = re.compile(r"^(?:\s*$|\s*(?::|[.\-–—)](?=\s|$))\s*)", re.S)
_LABEL_END = re.compile(r"[?:]|\.(?:\s|$)")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s*)?\d{1,4}(?:\s*(?:/|of|sur|de|von)\s*\d{1,4})?\s*$", re.I)


@dataclass
class _ActivityDraft:
    cells: dict[str, list[str]]
    page: int | None


@dataclass
class _FocusAreaDraft:
    number: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    key_initiatives: list[list[str]] = field(default_factory=list)
    activities: list[_ActivityDraft] = field(default_factory=list)

    def add(self, name: str, text: str) -> None:
        if text:
            self.fields.setdefault(name, []).append(text)

    def text(self, name: str) -> str:
        return collapse(" ".join(self.fields.get(name, [])))


@dataclass
class _Reader:
    """The template state machine; private to :func:`rows_to_document`."""

    headings: Headings
    title: str = ""
    period: tuple[int, int] | None = None
    unit_name: list[str] = field(default_factory=list)
    languages: Counter[str] = field(default_factory=Counter)
    focus_areas: list[_FocusAreaDraft] = field(default_factory=list)
    mode: str = ""  # "", "ki", "table", or "expect:<field>"
    label_open: int = 0  # rows a wrapped prompt label may still take
    columns: dict[str, list[int]] = field(default_factory=dict)  # role -> column positions
    rows_seen: int = 0

    # ---------------------------------------------------------------- helpers
    def focus_area(self) -> _FocusAreaDraft:
        if not self.focus_areas:  # a table before any "Focus Area" heading
            self.focus_areas.append(_FocusAreaDraft(1))
        return self.focus_areas[-1]

    def expect(self, name: str, rest: str) -> None:
        self.mode = f"expect:{name}"
        if rest:
            self.store(name, rest)

    def store(self, name: str, text: str) -> None:
        text = collapse(text)
        if not text:
            return
        if name == "unit_name":
            self.unit_name.append(text)
        else:
            self.focus_area().add(name, text)

    def header_roles(self, cells: list[str]) -> dict[str, list[int]] | None:
        roles: dict[str, list[int]] = {}
        named = 0
        for i, cell in enumerate(cells):
            if not cell:
                continue
            role = self.headings.column_role(to_plain(cell))
            if role is None:
                continue
            named += 1
            roles.setdefault(role, []).append(i)  # "Tasks" and "Responsibility" may be two columns
        filled = sum(1 for c in cells if c)
        if (
            len(roles) >= 2
            and ("activity" in roles or "timeframe" in roles)
            and named >= filled - 1
        ):
            return roles
        return None

    # ---------------------------------------------------------------- rows
    def feed(self, row: Row) -> None:
        cells = [c.strip() for c in row.cells]
        filled = [c for c in cells if c]
        if not filled:
            return
        if self.mode == "table" and row.continued:
            self.continue_activity(cells)
            return
        if len(filled) == 1 and len(cells) == 1 and _PAGE_NUMBER.match(filled[0]):
            return
        roles = self.header_roles(cells) if len(filled) > 1 else None
        if roles is not None:
            self.columns = roles
            self.mode = "table"
            self.label_open = 0
            self.focus_area()
            return
        self.rows_seen += 1
        if self.period is None and self.rows_seen <= 25:
            self.find_period(" ".join(filled))
        if self.feed_label(cells, filled, row):
            return
        if self.label_open:
            self.close_label(" ".join(filled))
        elif self.mode.startswith("expect:"):
            self.store(self.mode[7:], " ".join(filled))
        elif self.mode == "ki":
            self.feed_key_initiative(filled)
        elif self.mode == "table" and len(cells) > 1:
            self.feed_activity(cells, row.page)

    def find_period(self, text: str) -> None:
        """ "2021-2023 Action Plan", "IFLA … Section – Action plan for 2019–2021": a title
        phrase anywhere near the top of the document, with a period beside it."""
        folded = fold(collapse(text))
        match = _PERIOD.search(folded)
        if match is None:
            return
        for lang, phrase in self.headings.labels.get("title", ()):
            if phrase in folded:
                start, end_year = int(match.group(1)), match.group(2)
                stop = int(end_year) if len(end_year) == 4 else start // 100 * 100 + int(end_year)
                if 0 <= stop - start <= 10:
                    self.period = (start, stop)
                    self.title = self.title or collapse(text)
                    self.languages[lang] += 1
                return

    def feed_label(self, cells: list[str], filled: list[str], row: Row) -> bool:
        first = to_plain(filled[0])
        # In an activity table's body a numbered cell is data ("2. Objective: publish…").
        if not (self.mode == "table" and len(filled) > 1) and self.numbered_focus_area(
            first, filled
        ):
            return True
        found = self.headings.label_of(first)
        if found is None:
            return False
        kind, lang, end = found
        rest = collapse(first[end:] + " " + " ".join(to_plain(c) for c in filled[1:]))
        if kind == "title":
            match = _PERIOD.search(fold(collapse(" ".join(filled))))
            if match is None and len(first.split()) > 8:
                return False
            if not self.title:
                self.title = collapse(" ".join(filled))
                self.languages[lang] += 1
            if match and self.period is None:
                start, end_year = int(match.group(1)), match.group(2)
                stop = int(end_year) if len(end_year) == 4 else start // 100 * 100 + int(end_year)
                self.period = (start, stop)
            return True
        if kind == "focus_area":
            number = _FA_NUMBER.match(rest)
            if number is None:
                return False
            self.focus_areas.append(_FocusAreaDraft(int(number.group(1))))
            self.label_open = 0
            self.expect("title", number.group(2).lstrip(":").strip())
        elif kind == "unit_label":
            self.expect("unit_name", rest.lstrip(":").strip())
        elif kind == "strategic_direction":
            self.expect("strategic_direction", rest.lstrip(":").strip())
        elif kind == "key_initiatives":
            self.mode = "ki"
            self.label_open = 0
            self.inline_key_initiatives(rest)
        else:
            self.mode = f"expect:{kind}"
            self.label_open = 3
            self.close_label(rest)
        self.languages[lang] += 1
        return True

    def numbered_focus_area(self, first: str, filled: list[str]) -> bool:
        """A heading written number first ("1. Focus Area", "2) Objectif : titre",
        "3 – Schwerpunkt"): opens focus area N, what follows the label is its title."""
        number = _NUMBER_FIRST.match(first)
        if number is None:
            return False
        after_number = first[number.end() :]
        found = self.headings.label_of(after_number)
        if found is None or found[0] != "focus_area":
            return False
        title = after_number[found[2] :]
        separator = _AFTER_LABEL.match(title)
        if separator is None:  # "1. Goal-oriented advocacy" is not a heading
            return False
        self.focus_areas.append(_FocusAreaDraft(int(number.group(1))))
        self.label_open = 0
        rest = " ".join([title[separator.end() :], *(to_plain(c) for c in filled[1:])])
        self.expect("title", rest.strip())
        self.languages[found[1]] += 1
        return True

    def inline_key_initiatives(self, rest: str) -> None:
        """Key initiatives written on the label's line: "Key Initiatives: 2.2" or
        "…: 2.2, 2.3" (codes only), or "…: 2.2 Encourage innovation…"."""
        rest = rest.lstrip(" :-–—")
        if _KI_CODES.match(rest) and not _KI_CODES.sub("", rest).strip(" .;,"):
            self.focus_area().key_initiatives.extend([code, ""] for code in _CODE.findall(rest))
        elif _KI_CODE.match(rest):  # not a prompt ("– select from the Strategy")
            self.feed_key_initiative([rest])

    def close_label(self, text: str) -> None:
        """A prompt label may wrap over rows; what follows its '?' or '.' is the answer."""
        self.label_open -= 1
        end = _LABEL_END.search(text)
        if end is not None:
            self.label_open = 0
            self.store(self.mode[7:], text[end.end() :])

    def feed_key_initiative(self, filled: list[str]) -> None:
        code = _KI_CODE.match(to_plain(filled[0]))
        fa = self.focus_area()
        if code is not None:
            text = " ".join([code.group(2) or "", *(to_plain(c) for c in filled[1:])])
            fa.key_initiatives.append([code.group(1), collapse(text)])
        elif fa.key_initiatives and len(filled) == 1 and not filled[0].startswith("["):
            fa.key_initiatives[-1][1] = collapse(
                fa.key_initiatives[-1][1] + " " + to_plain(filled[0])
            )

    def cell_of(self, cells: list[str], role: str) -> str:
        parts = [
            cells[i] for i in self.columns.get(role, []) if i < len(cells) and cells[i].strip()
        ]
        return "\n".join(parts)

    def feed_activity(self, cells: list[str], page: int | None) -> None:
        values = {role: self.cell_of(cells, role) for role in self.columns}
        if not to_plain(values.get("activity", "")):
            if any(v.strip() for v in values.values()):
                self.continue_activity(cells)
            return
        self.focus_area().activities.append(
            _ActivityDraft({r: [v] for r, v in values.items()}, page)
        )

    def continue_activity(self, cells: list[str]) -> None:
        fa = self.focus_area()
        if not fa.activities:
            return
        draft = fa.activities[-1]
        for role in self.columns:
            value = self.cell_of(cells, role)
            if value.strip():
                draft.cells.setdefault(role, []).append(value)

    # ---------------------------------------------------------------- result
    def focus_area_records(self) -> tuple[RawFocusArea, ...]:
        result = []
        has_funding = "funding" in self.columns
        marks = {
            id(draft): _funding(draft, self.headings) if has_funding else None
            for fa in self.focus_areas
            for draft in fa.activities
        }
        # A column that only ever marks "yes" (✓, X) leaves "no" blank; where a plan
        # writes "No" or an empty box somewhere, a blank cell stays unknown.
        states = set(marks.values())
        blank = False if True in states and False not in states else None
        for fa in _distinct(self.focus_areas):
            activities = tuple(
                _activity(fa.number, i, draft, has_funding, marks[id(draft)], blank)
                for i, draft in enumerate(fa.activities, start=1)
            )
            result.append(
                RawFocusArea(
                    focus_area_no=fa.number,
                    title=fa.text("title"),
                    strategic_direction=fa.text("strategic_direction"),
                    key_initiatives=_initiatives(fa.key_initiatives),
                    communication=fa.text("communication"),
                    impact_measure=fa.text("impact_measure"),
                    related_units_text=fa.text("related_units"),
                    activities=activities,
                )
            )
        return tuple(result)


def _initiatives(pairs: list[list[str]]) -> tuple[RawKeyInitiative, ...]:
    """Key initiatives by code, each once: a code listed twice keeps its first text."""
    seen: dict[str, RawKeyInitiative] = {}
    for code, text in pairs:
        if code not in seen or (text and not seen[code].text):
            seen[code] = RawKeyInitiative(code, text)
    return tuple(seen.values())


def _distinct(drafts: list[_FocusAreaDraft]) -> list[_FocusAreaDraft]:
    """One focus area per number. A number named twice is a contents list or a link
    ("Focus Area 1" in a table of contents or a page menu) before the real heading: the
    one with activities wins; two with activities are one focus area told in two parts."""
    by_number: dict[int, _FocusAreaDraft] = {}
    for draft in drafts:
        kept = by_number.get(draft.number)
        if kept is None or not kept.activities:
            by_number[draft.number] = draft
        elif draft.activities:
            kept.activities.extend(draft.activities)
    return list(by_number.values())


def _joined(parts: list[str]) -> str:
    return to_plain("\n".join(parts))


def _funding(draft: _ActivityDraft, headings: Headings) -> bool | None:
    text = " ".join(draft.cells.get("funding", []))
    return read_checkbox(text, headings.checked, headings.unchecked)


def _activity(
    fa_no: int,
    row_no: int,
    draft: _ActivityDraft,
    has_funding: bool,
    funding: bool | None,
    blank: bool | None,
) -> RawActivity:
    """A drafted table row and its Funding mark -> its activity; ``blank`` is what an
    empty Funding cell means."""
    cells = draft.cells
    if has_funding and funding is None and not " ".join(cells.get("funding", [])).strip():
        funding = blank
    return RawActivity(
        focus_area_no=fa_no,
        row_no=row_no,
        title=_joined(cells.get("activity", [])),
        funding_needed=funding,
        tasks_text=_joined(cells.get("tasks", [])),
        timeframe_raw=_joined(cells.get("timeframe", [])),
        status_raw=_joined(cells.get("status", [])),
        page=draft.page,
    )


def rows_to_document(
    rows: Iterable[Row],
    *,
    source_path: str,
    source_format: str,
    sha256: str,
    headings: Headings,
    pages: int | None = None,
) -> RawDocument:
    """Read the plan template from a reader's rows.

    Takes the rows in reading order and the file's identity; returns the
    :class:`RawDocument` with title, period, unit name, focus areas, key
    initiatives, the three prompts and the activity rows (cell texts as plain text).
    """
    reader = _Reader(headings)
    for row in rows:
        reader.feed(row)
    language = reader.languages.most_common(1)[0][0] if reader.languages else None
    return RawDocument(
        source_path=source_path,
        source_format=source_format,
        sha256=sha256,
        title=reader.title,
        unit_name=collapse(" ".join(reader.unit_name)),
        period_start=reader.period[0] if reader.period else None,
        period_end=reader.period[1] if reader.period else None,
        pages=pages,
        language_hint=language,
        focus_areas=reader.focus_area_records(),
    )
