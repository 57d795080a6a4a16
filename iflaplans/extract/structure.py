"""Rows -> document structure: the template's headings, focus areas and activity tables.

Every reader turns its format into a sequence of :class:`~iflaplans.model.records.Row`
(paragraphs as one-cell rows, table rows cell by cell); this module reads the
plan template from that sequence, so all formats share one interpretation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from iflaplans.extract.drafts import (
    ActivityDraft,
    FocusAreaDraft,
    focus_area_records,
    without_box,
)
from iflaplans.extract.header import header_roles
from iflaplans.extract.markup import to_plain
from iflaplans.extract.patterns import ReaderPatterns, reader_patterns
from iflaplans.extract.signs import TITLE_WORDS, UNIT_GUESS_ROWS, is_direction, is_plan
from iflaplans.model.records import RawDocument, Row
from iflaplans.rules.headings import Headings
from iflaplans.textutil import collapse, fold

_KI_CODE = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})+)\.?(?:\s+(.*))?$", re.S)
_CODE = re.compile(r"\d{1,2}(?:\.\d{1,2})+")
# what may follow the label of a number-first heading: nothing, or a separator and the title
_AFTER_LABEL = re.compile(r"^(?:\s*$|\s*(?::|[.\-–—)](?=\s|$))\s*)", re.S)
_LABEL_END = re.compile(r"[?:]|\.(?:\s|$)")
_OTHER_FIELD = re.compile(r"^\s*[^\W\d_][\w'’-]*(?:\s+[\w'’-]+){0,3}\s*:\s*\S")
_AFTER_NAME = re.compile(_OTHER_FIELD.pattern + r"|^(?:\S+\s+){4,}.*\.\s*$", re.S)  # or a sentence
_QUESTION = re.compile(r"\?\s*$")


def _years(match: re.Match[str]) -> tuple[int, int]:
    start, end = int(match.group(1)), match.group(2)
    return start, int(end) if len(end) == 4 else start // 100 * 100 + int(end)


@dataclass
class _Reader:
    """The template state machine; private to :func:`rows_to_document`."""

    headings: Headings
    title: str = ""
    period: tuple[int, int] | None = None
    unit_name: list[str] = field(default_factory=list)
    unit_guess: str = ""  # a unit's name under the title, without its label
    languages: Counter[str] = field(default_factory=Counter)
    focus_areas: list[FocusAreaDraft] = field(default_factory=list)
    mode: str = ""  # "", "ki", "table", or "expect:<field>"
    label_open: int = 0  # rows a wrapped prompt label may still take
    columns: dict[str, list[int]] = field(default_factory=dict)  # role -> column positions
    rows_seen: int = 0
    last_text: str = ""  # the row before, for a title block read after its table
    after_header: bool = False  # the row before was a table's header
    shared_time: bool = False  # the table's Timeframe column is shared with another role
    older_template: bool = False  # a table with an Objective column (2015-2017 template)
    roles_seen: set[str] = field(default_factory=set)  # column roles of every header row
    template_labels: int = 0  # labels read other than a title's
    patterns: ReaderPatterns = field(init=False)  # made from the headings' reader words

    def __post_init__(self) -> None:
        self.patterns = reader_patterns(self.headings)

    # ---------------------------------------------------------------- helpers
    def focus_area(self) -> FocusAreaDraft:
        if not self.focus_areas:  # a table before any "Focus Area" heading
            self.focus_areas.append(FocusAreaDraft(1))
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
        return header_roles([to_plain(c) for c in cells], self.headings)

    # ---------------------------------------------------------------- rows
    def feed(self, row: Row) -> None:
        cells = [c.strip() for c in row.cells]
        filled = [c for c in cells if c]
        if not filled:
            return
        if self.mode == "table" and row.continued:
            self.continue_activity(cells)
            return
        if len(filled) == 1 and len(cells) == 1 and self.patterns.page_number.match(filled[0]):
            return
        if len(filled) == 1 and self.headings.is_furniture(to_plain(filled[0])):
            if self.mode.startswith("expect:"):
                self.mode = ""  # the page around a copied plan: the answer has ended
            return
        if row.roles:
            roles: dict[str, list[int]] | None = {r: [i] for i, r in enumerate(row.roles)}
        else:
            roles = self.header_roles(cells) if len(filled) > 1 else None
        if roles is not None:
            self.start_table(roles, [] if row.roles else cells)
            return
        if (
            self.after_header
            and len(filled) > 1
            and all(_QUESTION.search(to_plain(c)) for c in filled)
        ):
            return  # the questions under an older template's column labels
        self.after_header = False
        self.rows_seen += 1
        if self.period is None and self.rows_seen <= 25:
            self.find_period(" ".join(filled))
        before, self.last_text = self.last_text, " ".join(filled)
        if self.feed_label(cells, filled, row):
            if self.period is None and self.unit_name and before:
                self.find_period(before)  # a title block printed last: title, then unit
            return
        if self.guess_unit(filled):
            return
        if self.label_open:
            self.close_label(" ".join(filled))
        elif self.mode == "expect:unit_name" and self.unit_name and _AFTER_NAME.match(filled[0]):
            self.mode = ""  # "Last updated: 15 March 2017", "Approved by … 2016." after it
        elif self.unlabelled_direction(filled):
            return
        elif self.mode.startswith("expect:"):
            self.store(self.mode[7:], " ".join(filled))
        elif self.mode == "ki":
            self.feed_key_initiative(filled)
        elif self.mode == "table" and len(cells) > 1:
            self.feed_activity(cells, row.page)

    def start_table(self, roles: dict[str, list[int]], cells: list[str]) -> None:
        """A header row: its columns' roles, and whether one cell names the timeframe
        with another role ("Responsibilities and timeline")."""
        self.columns = roles
        self.roles_seen.update(roles)
        self.shared_time = any(
            "timeframe" in found and len(found) > 1
            for found in (self.headings.column_roles(to_plain(c)) for c in cells if c)
        )
        self.mode = "table"
        self.label_open = 0
        self.after_header = True
        if "objective" in roles:
            self.older_template = True
        else:
            self.focus_area()

    def find_period(self, text: str) -> None:
        """ "2021-2023 Action Plan", "IFLA … Section – Action plan for 2019–2021": a title
        phrase anywhere near the top of the document, with a period beside it."""
        folded = fold(collapse(text))
        match = self.patterns.period.search(folded)
        if match is None:
            return
        for lang, phrase in self.headings.labels.get("title", ()):
            if phrase in folded:
                start, stop = _years(match)
                if 0 <= stop - start <= 10:
                    self.period = (start, stop)
                    self.title = self.title or collapse(text)
                    if len(folded.split()) <= TITLE_WORDS:  # a title, not a sentence
                        self.languages[lang] += 1
                return

    def feed_label(self, cells: list[str], filled: list[str], row: Row) -> bool:
        first = to_plain(filled[0])
        in_table = self.mode == "table" and len(filled) > 1
        # In an activity table's body a numbered cell is data ("2. Objective: publish…"),
        # and so is a label in an older template's Objective column ("Objective 1: …").
        if in_table and "objective" in self.columns:
            return False
        if not in_table and self.numbered_focus_area(first, filled):
            return True
        found = self.headings.label_of(first)
        if found is None:
            return False
        kind, lang, end = found
        rest = collapse(first[end:] + " " + " ".join(to_plain(c) for c in filled[1:]))
        if kind == "title":
            if self.mode == "expect:unit_name" and self.unit_name:
                self.mode = ""  # the unit's name has ended: what follows is not part of it
            match = self.patterns.period.search(fold(collapse(" ".join(filled))))
            if match is None and len(first.split()) > 8:
                return False
            if not self.title:
                self.title = collapse(" ".join(filled))
                self.languages[lang] += 1
            if match and self.period is None:
                self.period = _years(match)
            return True
        if kind == "focus_area":
            number = self.patterns.focus_area_number.match(rest)
            if number is None:
                return False
            self.focus_areas.append(FocusAreaDraft(int(number.group(1))))
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
        self.template_labels += 1
        return True

    def unlabelled_direction(self, filled: list[str]) -> bool:
        """A strategic direction after a focus area's title, its label lost ("2. Inspire
        and enhance professional practice."): the direction, and the title has ended.
        The lines after it (initiatives without their codes) are left out."""
        fa = self.focus_area() if self.mode == "expect:title" and len(filled) == 1 else None
        if fa is None or not fa.fields.get("title") or fa.fields.get("strategic_direction"):
            return False
        text = collapse(to_plain(filled[0]))
        if not is_direction(text):
            return False
        fa.add("strategic_direction", text)
        self.mode = "expect:unlabelled_initiatives"
        return True

    def guess_unit(self, filled: list[str]) -> bool:
        """A unit's name on its own line at the top, its label lost ("Sektion
        Bibliotheksbau und -ausstattung"): kept in case no label names the unit."""
        top = not (self.unit_name or self.unit_guess or self.focus_areas or self.mode)
        text = collapse(to_plain(filled[0]))
        if len(filled) != 1 or not top or self.rows_seen > UNIT_GUESS_ROWS:
            return False
        if self.headings.names_unit(text):
            self.unit_guess = text
        return bool(self.unit_guess)

    def numbered_focus_area(self, first: str, filled: list[str]) -> bool:
        """A heading written number first ("1. Focus Area", "2) Objectif : titre",
        "3 – Schwerpunkt"): opens focus area N, what follows the label is its title."""
        number = self.patterns.number_first.match(first)
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
        self.focus_areas.append(FocusAreaDraft(int(number.group(1))))
        self.label_open = 0
        rest = " ".join([title[separator.end() :], *(to_plain(c) for c in filled[1:])])
        self.expect("title", rest.strip())
        self.languages[found[1]] += 1
        self.template_labels += 1
        return True

    def inline_key_initiatives(self, rest: str) -> None:
        """Key initiatives written on the label's line: "Key Initiatives: 2.2" or
        "…: 2.2, 2.3" (codes only), or "…: 2.2 Encourage innovation…"."""
        rest = rest.lstrip(" :-–—")
        if self.patterns.key_initiative_codes.match(
            rest
        ) and not self.patterns.key_initiative_codes.sub("", rest).strip(" .;,"):
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
        objective = to_plain(values.pop("objective", ""))
        if objective:
            self.open_objective(objective)
        if set(self.columns.get("funding", ())) & set(self.columns.get("activity", ())):
            values["activity"] = without_box(values["activity"], self.headings)
        if not to_plain(values.get("activity", "")):
            if any(v.strip() for v in values.values()):
                self.continue_activity(cells)
            return
        self.focus_area().activities.append(
            ActivityDraft({r: [v] for r, v in values.items()}, page, self.shared_time)
        )

    def open_objective(self, text: str) -> None:
        """An older template's Objective cell opens the next focus area: "1. Promote…",
        "Objective 2: …" give their number, an unnumbered one follows the last."""
        last = self.focus_areas[-1] if self.focus_areas else FocusAreaDraft(0)
        if last.fields.get("objective") == [text]:
            return  # the same objective again: a cell merged down over its rows
        if last.number and not last.activities and "objective" not in last.fields:
            # an "Objective N" heading above the table opened it: the cell is its own
            last.fields.setdefault("title", [text])
            last.add("objective", text)
            return
        objective = text
        found = self.headings.label_of(text)
        if found is not None and found[0] == "focus_area":
            text = text[found[2] :]
        number = self.patterns.focus_area_number.match(text)
        if number is not None:
            self.focus_areas.append(FocusAreaDraft(int(number.group(1))))
            text = number.group(2)
        else:
            self.focus_areas.append(FocusAreaDraft(len(self.focus_areas) + 1))
        self.store("title", text.lstrip(" :.-–—"))
        self.focus_areas[-1].add("objective", objective)

    def continue_activity(self, cells: list[str]) -> None:
        fa = self.focus_area()
        if not fa.activities:
            return
        draft = fa.activities[-1]
        for role in self.columns:
            value = self.cell_of(cells, role)
            if value.strip():
                draft.cells.setdefault(role, []).append(value)


def rows_to_document(
    rows: Iterable[Row],
    *,
    source_path: str,
    source_format: str,
    sha256: str,
    headings: Headings,
    pages: int | None = None,
    layout: str = "",
) -> RawDocument:
    """Read the plan template from a reader's rows.

    Takes the rows in reading order and the file's identity; returns the
    :class:`RawDocument` with title, period, unit name, focus areas, key
    initiatives, the three prompts and the activity rows (cell texts as plain text).
    ``layout`` names the reader and layout the rows came from, for the documents table.
    """
    rows = list(rows)
    reader = _Reader(headings)
    for row in rows:
        reader.feed(row)
    language = reader.languages.most_common(1)[0][0] if reader.languages else None
    labels = (sum(reader.languages.values()), reader.template_labels)
    plan = is_plan(labels, reader.roles_seen, rows, headings)
    drafts = reader.focus_areas if plan else []
    return RawDocument(
        source_path=source_path,
        source_format=source_format,
        sha256=sha256,
        title=reader.title,
        unit_name=collapse(" ".join(reader.unit_name)) or reader.unit_guess,
        period_start=reader.period[0] if reader.period else None,
        period_end=reader.period[1] if reader.period else None,
        pages=pages,
        language_hint=language,
        focus_areas=focus_area_records(drafts, "funding" in reader.columns, headings),
        layout=f"{layout}+older-template" if reader.older_template else layout,
    )
