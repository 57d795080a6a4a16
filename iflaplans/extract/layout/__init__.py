"""Space-aligned text (``pdftotext -layout`` style): columns from the header row's positions.

The text is cleaned page by page (running headers and footers repeated on the
pages, and page numbers, are dropped), then read line by line. An activity
table starts at a line naming at least two columns ("Funding  Projects/Activities
Tasks & Responsibility  Timeframe"); its column start positions, refined by where
the table's text actually starts, cut every following line into cells, and lines
are grouped into table rows. Outside tables each line is a one-cell row, except
key-initiative lines ("1.1   Speak up…"), which are (code, text) rows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings, load_headings
from iflaplans.textutil import collapse, fold

_GAP = re.compile(r" {2,}")
_SEGMENT = re.compile(r"\S+(?: \S+)*")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|seite|pagina|página)\s*)?[-–—]?\s*\d{1,3}\s*[-–—]?"
    r"(?:\s*(?:/|of|sur|de|von)\s*\d{1,3})?$",
    re.IGNORECASE,
)
_KI_LINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+\.?) {2,}(\S.*)$")
_FA_NUMBER = re.compile(r"^\s*[:.]?\s*(?:no\.?|n[°º]|nr\.?)?\s*\d{1,2}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?;:)]\s*$")
_STRONG_LABELS = frozenset(
    ("unit_label", "focus_area", "strategic_direction", "key_initiatives",
     "communication", "impact_measure", "related_units")
)  # fmt: skip
_ZONE = 2  # non-blank lines at the top and bottom of a page where headers/footers live
_SNAP = 8  # how far a cut may move to reach a column gutter


@dataclass(frozen=True)
class _Vocabulary:
    """The headings of a run, with what this reader derives from them once per file."""

    headings: Headings
    names: dict[str, str]  # folded column name -> role, for reading header words
    boxes: tuple[str, ...]  # checkbox glyphs (not words), longest first

    @classmethod
    def of(cls, headings: Headings) -> _Vocabulary:
        names = {name: role for role, found in headings.columns.items() for name in found}
        glyphs = headings.checked | headings.unchecked
        boxes = tuple(sorted((g for g in glyphs if not g[0].isalnum()), key=len, reverse=True))
        return cls(headings, names, boxes)


def _segments(text: str) -> list[tuple[int, int, str]]:
    """Runs of text separated by two or more spaces: (start, end, text)."""
    return [(m.start(), m.end(), m.group()) for m in _SEGMENT.finditer(text)]


def _starts_with_box(text: str, vocab: _Vocabulary) -> str | None:
    stripped = text.lstrip()
    return next((g for g in vocab.boxes if stripped.startswith(g)), None)


# ------------------------------------------------------------------- pages


@dataclass(frozen=True)
class _Line:
    text: str  # tabs expanded, right-stripped
    page: int
    page_top: bool = False  # the first kept non-blank line of a page after the first

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _shape(text: str) -> str:
    """A line's shape for spotting running headers: whitespace collapsed, digits as #."""
    return re.sub(r"\d", "#", collapse(text)).casefold()


def _zones(page: list[str]) -> tuple[list[int], list[int]]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return filled[:_ZONE], filled[-_ZONE:]


def _is_protected(text: str, vocab: _Vocabulary) -> bool:
    """Lines never taken for running headers: table headers and template labels."""
    if _header_cells(text, vocab) is not None:
        return True
    found = vocab.headings.label_of(text.strip())
    return found is not None and found[0] in _STRONG_LABELS


def _running_shapes(pages: list[list[str]], vocab: _Vocabulary) -> tuple[set[str], set[str]]:
    """Shapes of lines repeated at the top (headers) or bottom (footers) of the pages."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        top, bottom = _zones(page)
        tops.update({_shape(page[i]) for i in top if not _is_protected(page[i], vocab)})
        bottoms.update({_shape(page[i]) for i in bottom if not _is_protected(page[i], vocab)})
    filled = sum(1 for page in pages if any(line.strip() for line in page))
    need = max(2, (filled + 1) // 2)
    return {s for s, n in tops.items() if n >= need}, {s for s, n in bottoms.items() if n >= need}


def clean_lines(text: str, vocab: _Vocabulary) -> list[_Line]:
    """The text's lines without running headers/footers and page numbers.

    The first page's running header is kept (it may carry the only title).
    """
    pages = [
        [line.expandtabs(8).rstrip() for line in page.split("\n")] for page in text.split("\f")
    ]
    headers, footers = _running_shapes(pages, vocab)
    lines: list[_Line] = []
    for page_no, page in enumerate(pages, start=1):
        top, bottom = _zones(page)
        first = True
        for index, line in enumerate(page):
            if index in top or index in bottom:
                shape = _shape(line)
                keep_title = page_no == 1 and index in top and shape in headers
                dropped = (index in top and shape in headers) or (
                    index in bottom and shape in footers
                )
                if _PAGE_NUMBER.match(line.strip()) or (dropped and not keep_title):
                    continue
            top_line = first and page_no > 1 and bool(line.strip())
            lines.append(_Line(line, page_no, top_line))
            first = first and not line.strip()
    return lines


# ------------------------------------------------------------------ header


@dataclass
class _Column:
    role: str | None
    start: int
    end: int
    title: str


def _phrase_roles(words: list[tuple[int, int, str]], vocab: _Vocabulary) -> list[_Column] | None:
    """Header words of one segment -> columns, longest known names first."""
    names = vocab.names
    columns = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            phrase = " ".join(w for _, _, w in words[i:j])
            role = names.get(" ".join(fold(phrase).replace("*", " ").split()).rstrip(":"))
            if role is not None:
                columns.append(_Column(role, words[i][0], words[j - 1][1], phrase))
                i = j
                break
        else:
            return None
    return columns


def _header_cells(text: str, vocab: _Vocabulary) -> list[_Column] | None:
    """The columns named by a table header line, or None when it is not one."""
    if _starts_with_box(text, vocab) or re.search(r"\d", text):
        return None
    if len(_segments(text)) < 2:
        # Names run together with single spaces: a copy that lost its columns, not a
        # layout (the shapes reader reads it).
        return None
    columns: list[_Column] = []
    unknown = 0
    for start, end, segment in _segments(text):
        words = [
            (start + m.start(), start + m.end(), m.group()) for m in re.finditer(r"\S+", segment)
        ]
        found = _phrase_roles(words, vocab)
        if found is None:
            role = vocab.headings.column_role(segment)
            found = [_Column(role, start, end, segment)]
            unknown += role is None
        columns.extend(found)
    roles = {c.role for c in columns if c.role}
    if len(roles) >= 2 and roles & {"activity", "timeframe"} and unknown <= 1:
        return columns
    return None


def _absorb_header_line(columns: list[_Column], text: str, vocab: _Vocabulary) -> bool:
    """Add a wrapped header line ("Needed" under "Funding") to the columns, if it is one."""
    if not text.strip() or re.search(r"\d", text) or _starts_with_box(text, vocab):
        return False
    placed: list[tuple[_Column, str]] = []
    for start, end, segment in _segments(text):
        if len(segment.split()) > 3:
            return False
        owner = next((c for c in columns if start < c.end + 2 and end > c.start - 2), None)
        role = vocab.headings.column_role(segment)
        if owner is None or (role is not None and owner.role not in (None, role)):
            return False
        placed.append((owner, segment))
    for owner, segment in placed:
        owner.title = f"{owner.title} {segment}"
        owner.role = owner.role or vocab.headings.column_role(owner.title)
    return bool(placed)


# ------------------------------------------------------------------ cutting


def _snap(text: str, cut: int) -> tuple[int, bool]:
    """Move a column cut onto whitespace: (position, whether it had to split a text run)."""
    if cut <= 0 or cut >= len(text) or text[cut - 1] == " " or text[cut] == " ":
        return max(0, min(cut, len(text))), False
    best: int | None = None
    for gap in _GAP.finditer(text):
        if gap.end() < cut - _SNAP or gap.start() > cut + _SNAP:
            continue
        position = gap.end() if gap.end() <= cut else gap.start()
        if best is None or abs(position - cut) < abs(best - cut):
            best = position
    if len(text) - cut <= _SNAP and (best is None or len(text) - cut < abs(best - cut)):
        best = len(text)
    if best is not None:
        return best, False
    for distance in range(1, 4):
        for position in (cut - distance, cut + distance):
            if 0 < position < len(text) and text[position - 1] == " ":
                return position, True
    return cut, True


def _by_order(text: str, roles: list[str | None], vocab: _Vocabulary) -> list[str]:
    """Cells of a run-together line: its segments in column order, the last one the timeframe."""
    cells = [""] * len(roles)
    segments = [s for _, _, s in _segments(text)]
    funding = roles.index("funding") if "funding" in roles else None
    activity = roles.index("activity") if "activity" in roles else 0
    glyph = _starts_with_box(segments[0], vocab) if segments else None
    if funding is not None and glyph:
        cells[funding] = glyph
        segments[0] = segments[0].strip()[len(glyph) :].strip()
        segments = [s for s in segments if s]
    if not segments:
        return cells
    cells[activity] = segments[0]
    rest = [i for i in range(len(roles)) if i > activity]
    tail = segments[1:]
    if tail and rest and (len(tail) >= len(rest) or re.search(r"\d", tail[-1])):
        cells[rest[-1]] = tail.pop()
        rest = rest[:-1]
    for position, segment in enumerate(tail):
        if rest:
            index = rest[min(position, len(rest) - 1)]
            cells[index] = f"{cells[index]} {segment}".strip()
    return cells


def _run_together(text: str, roles: list[str | None], vocab: _Vocabulary) -> bool:
    """A line that holds a whole row's cells in order and ends with the timeframe early."""
    segments = _segments(text)
    if segments and _starts_with_box(segments[0][2], vocab) and "funding" in roles:
        segments = segments[1:] if segments[0][2].strip() in vocab.boxes else segments
    needed = len([r for r in roles if r != "funding"])
    return len(segments) >= max(2, needed) and bool(_YEAR.search(segments[-1][2]))


def cut_line(
    text: str, starts: list[int], roles: list[str | None], vocab: _Vocabulary
) -> tuple[list[str], bool]:
    """A table line -> (its cells, whether it was read as a run-together line).

    Cells are cut at the column starts, snapped to whitespace. A line whose text
    runs across a column start (no gutter there), or that ends with its timeframe
    before the timeframe column, is read segment by segment in column order instead.
    """
    cuts = [0]
    forced = False
    for start in starts[1:]:
        position, split = _snap(text, start)
        inside = (0 < position < len(text) and text[position - 1] != " ") or (
            0 < position < len(text)
            and text[position] == " "
            and text[position - 1] != " "
            and position - 1 >= 0
            and bool(text[position + 1 : position + 2].strip())
        )
        forced = forced or split or inside
        cuts.append(max(cuts[-1], position))
    cuts.append(len(text))
    last_start = starts[-1] if len(starts) > 1 else len(text)
    together = len(text) < last_start - 2 and _run_together(text, roles, vocab)
    if forced or together:
        return _by_order(text, roles, vocab), together
    cells = [collapse(text[a:b]) for a, b in pairwise(cuts)]
    if "funding" in roles and "activity" in roles:
        funding, activity = roles.index("funding"), roles.index("activity")
        glyph = _starts_with_box(cells[activity], vocab)
        if glyph and not cells[funding]:
            cells[funding] = glyph
            cells[activity] = cells[activity][len(glyph) :].strip()
    return cells, False


def _refine_starts(columns: list[_Column], lines: list[str]) -> list[int]:
    """Column starts where the table's text starts (a header may be centred over its column)."""
    starts = [c.start for c in columns]
    counts: Counter[int] = Counter()
    for line in lines:
        counts.update(start for start, _, _ in _segments(line))
    for i in range(1, len(columns)):
        low = columns[i - 1].end + 1
        high = columns[i].start + 2
        window = {pos: n for pos, n in counts.items() if low <= pos <= high}
        if window:
            best = max(window, key=lambda pos: (window[pos], -abs(pos - columns[i].start)))
            if window[best] >= 2:
                starts[i] = best
    starts[0] = 0
    return starts


# ------------------------------------------------------------------ rows


@dataclass
class _TableRow:
    cells: list[list[str]]

    def add(self, cells: list[str]) -> None:
        for parts, cell in zip(self.cells, cells, strict=False):
            if cell:
                parts.append(cell)

    def text(self, index: int) -> list[str]:
        return self.cells[index]

    def joined(self) -> tuple[str, ...]:
        return tuple(_join_lines(parts) for parts in self.cells)


def _join_lines(parts: list[str]) -> str:
    """Cell lines joined with "\\n"; a word hyphenated at a line end is rejoined."""
    out = ""
    for part in parts:
        if out and re.search(r"[^\W\d]-$", out) and part[:1].islower():
            out += part
        else:
            out = f"{out}\n{part}" if out else part
    return out


@dataclass
class _Table:
    """One activity table being read: its columns and the rows grouped so far."""

    columns: list[_Column]
    starts: list[int]
    vocab: _Vocabulary
    rows: list[_TableRow] = field(default_factory=list)
    funding_led: bool | None = None
    previous: list[str] | None = None  # cells of the previous table line
    blank_before: bool = False

    @property
    def roles(self) -> list[str | None]:
        return [c.role for c in self.columns]

    def index(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def header_row(self) -> Row:
        return Row(tuple(collapse(c.title) for c in self.columns))

    def feed(self, line: _Line) -> None:
        if line.blank:
            self.blank_before = True
            return
        cells, together = cut_line(line.text, self.starts, self.roles, self.vocab)
        if any(cells):
            # A run-together line holds a whole row, so it always opens one.
            if together or self.starts_row(cells, line.page_top):
                self.rows.append(_TableRow([[] for _ in cells]))
            self.rows[-1].add(cells)
            self.previous = cells
        self.blank_before = False

    def starts_row(self, cells: list[str], page_top: bool) -> bool:
        """Whether a line begins a new table row rather than continuing the current one."""
        funding, activity = self.index("funding"), self.index("activity")
        if activity is None:
            activity = 0
        if not self.rows:
            if self.funding_led is None:
                self.funding_led = funding is not None and bool(cells[funding])
            return True
        if self.funding_led and funding is not None:
            return bool(cells[funding])
        if not cells[activity]:
            return False
        previous = self.previous or []
        if page_top and self.continues(cells[activity]):
            return False
        if self.blank_before or not previous[activity]:
            return True
        only_activity = not any(c for i, c in enumerate(previous) if i != activity)
        others_now = any(c for i, c in enumerate(cells) if i not in (activity, funding))
        has_others = any(self.rows[-1].text(i) for i in range(len(cells)) if i != activity)
        return only_activity and others_now and has_others

    def continues(self, activity_text: str) -> bool:
        """At a page top: does this activity text carry on the previous row's?"""
        activity = self.index("activity") or 0
        before = self.rows[-1].text(activity)
        return activity_text[:1].islower() or bool(before and not _SENTENCE_END.search(before[-1]))


# ------------------------------------------------------------------ reader


def _strong_label(text: str, first_column_end: int, vocab: _Vocabulary) -> bool:
    """A template label line (prompt, focus area…) that ends a table."""
    stripped = text.strip()
    if len(_segments(text)) != 1:
        return False
    found = vocab.headings.label_of(stripped)
    if found is None or found[0] not in _STRONG_LABELS:
        return False
    kind, _, end = found
    if kind == "focus_area" and not _FA_NUMBER.match(stripped[end:]):
        return False
    indent = len(text) - len(text.lstrip())
    return end >= 15 or indent < first_column_end


def _flow_line(text: str, starts: list[int]) -> bool:
    """A paragraph line: one run of words crossing two or more column starts."""
    segments = _segments(text)
    if len(segments) != 1:
        return False
    start, end, _ = segments[0]
    return sum(1 for s in starts[1:] if start < s - 2 and end > s + 2) >= 2


def _paragraph_row(text: str) -> Row:
    stripped = text.strip()
    ki = _KI_LINE.match(stripped)
    if ki:
        return Row((ki.group(1), collapse(ki.group(2))))
    return Row((collapse(stripped),))


@dataclass
class _Reader:
    lines: list[_Line]
    vocab: _Vocabulary
    rows: list[Row] = field(default_factory=list)

    def run(self) -> list[Row]:
        i = 0
        while i < len(self.lines):
            header = _header_cells(self.lines[i].text, self.vocab)
            if header is None:
                if not self.lines[i].blank:
                    self.rows.append(_paragraph_row(self.lines[i].text))
                i += 1
                continue
            i = self.read_table(i, header)
        return self.rows

    def header_span(self, i: int, columns: list[_Column]) -> int:
        """Index after a header line and its wrapped continuation lines."""
        i += 1
        while i < len(self.lines) and _absorb_header_line(columns, self.lines[i].text, self.vocab):
            i += 1
        return i

    def read_table(self, i: int, columns: list[_Column]) -> int:
        """Read the table starting at header line ``i``; return the index after it."""
        i = self.header_span(i, columns)
        end, body = self.table_extent(i, columns)
        starts = _refine_starts(columns, [self.lines[j].text for j in body])
        table = _Table(columns, starts, self.vocab)
        self.rows.append(table.header_row())
        page_top = False
        for j in range(i, end):
            line = self.lines[j]
            page_top = page_top or line.page_top
            if j in body:
                table.feed(_Line(line.text, line.page, page_top))
                page_top = page_top and line.blank
            elif line.blank:
                table.feed(line)
        self.rows.extend(Row(r.joined()) for r in table.rows)
        return end

    def table_extent(self, i: int, columns: list[_Column]) -> tuple[int, set[int]]:
        """Where the table ends, and which lines in between are its body (not repeated headers)."""
        roles = [c.role for c in columns]
        starts = [c.start for c in columns]
        first_end = columns[1].start if len(columns) > 1 else columns[0].end
        body: set[int] = set()
        blank_before = False
        while i < len(self.lines):
            text = self.lines[i].text
            if self.lines[i].blank:
                blank_before = True
                i += 1
                continue
            header = _header_cells(text, self.vocab)
            if header is not None:
                if [c.role for c in header] != roles:
                    return i, body
                i = self.header_span(i, header)  # the header repeated on a new page
                continue
            if _strong_label(text, first_end, self.vocab) or (
                blank_before and _flow_line(text, starts)
            ):
                return i, body
            body.add(i)
            blank_before = False
            i += 1
        return i, body


def layout_rows(text: str, headings: Headings | None = None) -> list[Row]:
    """Layout text -> rows: paragraphs as one-cell rows, activity tables cut into cells.

    Header words, template labels and checkbox glyphs come from ``headings`` (the
    run's, so replacement rules reach this reader too; None: the packaged ones).
    Form feeds split pages; running headers, footers and page numbers are dropped;
    a table row that goes on at the top of the next page is merged into one row.
    """
    vocab = _Vocabulary.of(headings or load_headings())
    return _Reader(clean_lines(text, vocab), vocab).run()
