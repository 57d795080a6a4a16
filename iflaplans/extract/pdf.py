"""PDF plans with pdfplumber: each page's tables and text lines -> rows in reading order.

A page is read once: its characters are grouped into words, its ruled tables are
found from the drawn cell borders (``find_tables``), and the words in a table's
cells become that table's rows, one cell per column with the cell's lines joined
by "\\n" (a word hyphenated at a line end, "infor-" + "mation", is joined back;
so is a year range or punctuation a narrow column pushed to the next line, and a
heading broken inside a word, "Finance" + "ment", when that gives a column
name). The words outside ruled tables are grouped into lines; a line whose
gaps split it into column headings ("Funding Needed", "Projects/Activities",
"Timeframe" ...) opens an *unruled* table (one drawn with horizontal rules at
most) whose columns start where the heading words start. Every other line is a
paragraph: a row of one cell. Rows from tables and lines are interleaved by
their vertical position.

Across a page break, a table at the top of a page that goes on with the same
columns as the table that ended the previous page is the same table: a repeated
header row is emitted as it is (the structure parser just re-reads it) and the
first data row is marked ``continued`` when it carries on the previous page's
last row (its Funding or first cell is empty where the previous row had one, or
its activity text starts in lower case).

Checkboxes in cells come out as "☐" / "☒": box glyphs, Wingdings/Symbol
private-use glyphs, and boxes drawn as small rectangles (a mark drawn or typed
inside one means checked); a Funding cell with several labelled boxes ("☐ Yes
☒ No") gives the state its ticked label says. Running headers and footers
repeated on several pages are dropped.

The PDF is opened once, with the empty password, under guards that bound what
pdfminer may inflate and stop reference loops (:mod:`.pdf_guard`); its page tree
is walked and counted before any page is parsed (:mod:`.pdf_tree`); each page is
parsed once and released before the next one. Errors: :class:`EncryptedPdf`,
:class:`CorruptFile`, :class:`DecompressionBomb`, :class:`TooManyPages` (before
any page is parsed), :class:`EmptyFile` (no pages, or blank ones),
:class:`NoTextLayer` (a scan without OCR) and :class:`MemoryLimit`.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from typing import Any

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import PdfminerException

from iflaplans.errors import EmptyFile, EncryptedPdf, MemoryLimit, NoTextLayer
from iflaplans.extract.pdf_guard import Guard, guarded, reading
from iflaplans.extract.pdf_tree import PageNode, open_page, page_nodes
from iflaplans.headings import Headings, load_headings
from iflaplans.records import Row
from iflaplans.settings import Settings
from iflaplans.textutil import collapse, fold

CHECKED = "☒"
UNCHECKED = "☐"

# Glyphs of private-use code points (U+F0xx) and of symbol fonts without a
# Unicode map, per font family, keyed by the character code's low byte.
_WINGDINGS = {
    0x6C: "●",
    0x6E: "■",
    0x6F: "☐",
    0x71: "❑",
    0x76: "❖",
    0x78: "✗",
    0x9F: "•",
    0xA7: "▪",
    0xA8: "☐",
    0xD8: "➢",
    0xFB: "✗",
    0xFC: "✓",
    0xFD: "☒",
    0xFE: "☑",
}
_WINGDINGS2 = {0x4F: "✗", 0x50: "✓", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0xA3: "☐"}
_SYMBOL = {0xB7: "•"}
_BOX_CHECKED = frozenset("☒☑✓✔✗✘")
_BOX_EMPTY = frozenset("☐□❑❏")
_BULLETS = frozenset("➢➤►▶❖✓✔■□◆◇")  # list marks split_tasks does not know: -> "•"
_CID = re.compile(r"\(cid:(\d{1,3})\)")
_HEADER_CHARS = 60  # longer cells are not column headings
_KI_CODE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?(?:\s|$)")

# Geometry, in PDF points.
_BOX_MIN, _BOX_MAX = 4.0, 16.0  # side of a drawn checkbox
_RULE_THICKNESS = 2.5  # a horizontal rule is a line or a rect at most this high
_COLUMN_SLACK = 3.0  # how far left of its heading a column's text may start
_SAME_COLUMNS = 6.0  # column starts that differ less belong to the same table
_MARGIN_SHARE = 0.08  # top and bottom share of a page for running headers/footers


# --------------------------------------------------------------------- words and lines


@dataclass(slots=True)
class _Word:
    """A word on the page (or a drawn checkbox standing for one)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str = ""

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Line:
    """Words on one baseline, left to right."""

    words: list[_Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return max(w.bottom - w.top for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _group_lines(words: list[_Word]) -> list[_Line]:
    """Words -> lines, top to bottom: a word joins the line its height mostly overlaps."""
    lines: list[_Line] = []
    bounds: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        if bounds:
            top, bottom = bounds[-1]
            if min(bottom, word.bottom) - max(top, word.top) >= 0.5 * height:
                lines[-1].words.append(word)
                bounds[-1] = (min(top, word.top), max(bottom, word.bottom))
                continue
        lines.append(_Line([word]))
        bounds.append((word.top, word.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _hyphen_joins(before: str, after: str) -> bool:
    """True when ``before`` ends with a word broken by a hyphen that ``after`` completes."""
    return (
        len(before) >= 2
        and before[-1] in "-\u00ad\u2010"
        and before[-2].isalpha()
        and before[-2].islower()
        and after[:1].isalpha()
        and after[:1].islower()
    )


def _glue(before: str, after: str) -> str | None:
    """The two lines of a cell as one when the break between them is not a space."""
    if _hyphen_joins(before, after):
        return before[:-1] + after  # "infor-" + "mation"
    if len(before) >= 2 and before[-1] == "-" and before[-2].islower() and after[:1].isupper():
        return before + after  # a compound broken at its own hyphen: "Asia-" + "Pacific"
    if after[:1] and after[0] in ".,;:!?)":
        return before + after  # a narrow column pushed the punctuation down
    if len(before) >= 2 and before[-1] in "-–" and before[-2].isdigit() and after[:1].isdigit():
        return before + after  # "2020–" + "2021"
    return None


def _join_lines(texts: list[str]) -> str:
    """A cell's lines -> its text: lines joined by "\\n", unless a word or range was broken."""
    out: list[str] = []
    for text in texts:
        glued = _glue(out[-1], text) if out and text else None
        if glued is not None:
            out[-1] = glued
        elif text:
            out.append(text)
    return "\n".join(out)


def _line_text(words: list[_Word], bullets: bool) -> str:
    """The text of one line of a cell; a leading list mark becomes "•" when ``bullets``."""
    texts = [w.text for w in words]
    if bullets and texts and texts[0] in _BULLETS and len(texts) > 1:
        texts[0] = "•"
    return " ".join(texts)


def _cell_text(words: list[_Word], bullets: bool = True) -> str:
    """The words of one cell -> its text, line by line."""
    return _join_lines([_line_text(line.words, bullets) for line in _group_lines(words)])


# --------------------------------------------------------------------- glyphs


@lru_cache(maxsize=256)
def _font_map(fontname: str) -> dict[int, str] | None:
    """The symbol map of a font name ("ABCDEF+Wingdings-Regular"), or None for text fonts."""
    name = fontname.lower().replace(" ", "").replace("-", "")
    if "wingdings2" in name:
        return _WINGDINGS2
    if "wingdings" in name:
        return _WINGDINGS
    if "symbol" in name:
        return _SYMBOL
    return None


def _glyph(code: int, fontname: str) -> str | None:
    """The standard glyph a symbol-font or private-use character code stands for, if known."""
    table = _font_map(fontname)
    if 0xF000 <= code <= 0xF0FF:
        code &= 0xFF
        if table is None or table is _SYMBOL:
            return _SYMBOL.get(code) or _WINGDINGS.get(code)
        return table.get(code)
    return table.get(code) if table is not None and code < 0x100 else None


def _normalize_glyphs(chars: list[dict[str, Any]]) -> None:
    """Replace symbol-font and private-use characters by standard glyphs, in place.

    A symbol font without a Unicode map comes out of pdfminer as its byte
    ("þ" under WinAnsi) or as "(cid:254)": both are read through the font's map.
    """
    symbolic: dict[str, bool] = {}  # font name -> whether it is a symbol font
    for char in chars:
        text, font = char["text"], char["fontname"]
        if font not in symbolic:
            symbolic[font] = _font_map(font) is not None
        if len(text) == 1:
            code = ord(text)
            if not (0xF000 <= code <= 0xF0FF or (code < 0x100 and symbolic[font])):
                continue
        elif symbolic[font] and (match := _CID.fullmatch(text)) is not None:
            code = int(match.group(1))
        else:
            continue
        glyph = _glyph(code, font)
        if glyph is not None:
            char["text"] = glyph


def _inside(obj: dict[str, Any], box: dict[str, Any], slack: float = 1.0) -> bool:
    """True when ``obj``'s bounding box lies within ``box``'s (with ``slack`` points)."""
    return (
        obj["x0"] >= box["x0"] - slack
        and obj["x1"] <= box["x1"] + slack
        and obj["top"] >= box["top"] - slack
        and obj["bottom"] <= box["bottom"] + slack
    )


def _is_box(rect: dict[str, Any]) -> bool:
    """A small, roughly square, stroked rectangle: a checkbox drawn in a cell."""
    width, height = rect["x1"] - rect["x0"], rect["bottom"] - rect["top"]
    return (
        bool(rect.get("stroke"))
        and _BOX_MIN <= width <= _BOX_MAX
        and _BOX_MIN <= height <= _BOX_MAX
        and abs(width - height) <= 0.25 * max(width, height)
    )


def _is_mark(obj: dict[str, Any], box: dict[str, Any]) -> bool:
    """True when a drawing inside a box ticks it: not the box's own border drawn again."""
    width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    size = box["x1"] - box["x0"]
    if obj["object_type"] == "rect" and width >= 0.85 * size:
        return False  # the same box, filled or stroked a second time
    if width < 1.0:  # a vertical stroke: a mark unless it runs along a side
        return min(abs(obj["x0"] - box["x0"]), abs(obj["x1"] - box["x1"])) > 1.0
    if height < 1.0:
        return min(abs(obj["top"] - box["top"]), abs(obj["bottom"] - box["bottom"])) > 1.0
    return True


def _drawn_boxes(page: Page, words: list[_Word]) -> tuple[list[_Word], set[int]]:
    """Checkboxes drawn as rectangles -> ("☐"/"☒" words, ids of the drawing's objects).

    A box holding a smaller rectangle, a line, a curve or a typed mark ("x", "✓") is
    checked; the typed mark is removed from ``words``. The returned ids are left out
    when looking for ruled tables, so a box never splits a cell.
    """
    boxes: list[dict[str, Any]] = []
    for rect in page.rects:
        if _is_box(rect) and not any(_inside(rect, b) and _inside(b, rect) for b in boxes):
            boxes.append(rect)
    boxes = [b for b in boxes if not any(o is not b and _inside(b, o, 0.5) for o in boxes)]
    if not boxes:
        return [], set()
    drawing = [*page.rects, *page.lines, *page.curves]
    result: list[_Word] = []
    used: set[int] = set()
    for box in boxes:
        marks = [o for o in drawing if o is not box and _inside(o, box)]
        used.add(id(box))
        used.update(id(o) for o in marks)
        typed = [
            w
            for w in words
            if box["x0"] <= w.cx <= box["x1"] and box["top"] <= w.cy <= box["bottom"]
        ]
        for word in typed:
            words.remove(word)
        checked = any(_is_mark(o, box) for o in marks) or any(
            w.text not in _BOX_EMPTY for w in typed
        )
        glyph = CHECKED if checked else UNCHECKED
        result.append(_Word(glyph, box["x0"], box["x1"], box["top"], box["bottom"]))
    return result, used


# --------------------------------------------------------------------- tables


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


@dataclass(frozen=True, slots=True)
class _Rule:
    """A horizontal rule drawn on the page."""

    y: float
    x0: float
    x1: float


def _table_of(found: Any, words: list[_Word], placed: set[int], taken: set[int]) -> _Table | None:
    """A table pdfplumber found -> a :class:`_Table` of the words in its cells.

    Words already ``placed`` in another table are skipped; the indexes of the words
    this table takes are added to ``taken``. Tables of a single column (a framed
    paragraph) are left to be read as text.
    """
    columns = sorted({cell[0] for cell in found.cells})
    if len(columns) < 2:
        return None
    x0, top, x1, bottom = found.bbox
    free = [
        (i, w)
        for i, w in enumerate(words)
        if i not in placed and x0 <= w.cx <= x1 and top <= w.cy <= bottom
    ]
    rows: list[_TableRow] = []
    for row in found.rows:
        cells: list[list[_Word]] = [[] for _ in row.cells]
        _, row_top, _, row_bottom = row.bbox
        for i, word in free:
            if i in taken or not row_top <= word.cy <= row_bottom:
                continue
            for k, box in enumerate(row.cells):
                if box is not None and box[0] <= word.cx <= box[2] and box[1] <= word.cy <= box[3]:
                    cells[k].append(word)
                    taken.add(i)
                    break
        real = [box for box in row.cells if box is not None]
        spans = len(real) == 1 and real[0][2] - real[0][0] >= 0.9 * (x1 - x0)
        if spans:
            cells = [[w for cell in cells for w in cell]]
        rows.append(_TableRow(cells, full_width=spans))
    return _Table(top, bottom, columns, rows, ruled=True)


def _ruled_tables(
    page: Page, skip: set[int], words: list[_Word], vocab: _Vocabulary
) -> tuple[list[_Table], list[_Word]]:
    """The page's tables drawn with cell borders, and the words outside them."""
    source = page.filter(lambda obj: id(obj) not in skip) if skip else page
    placed: set[int] = set()
    tables = []
    for found in source.find_tables():
        taken: set[int] = set()
        table = _table_of(found, words, placed, taken)
        if table is None or _header_only(table, vocab):
            continue
        placed |= taken
        tables.append(table)
    return tables, [w for i, w in enumerate(words) if i not in placed]


def _header_only(table: _Table, vocab: _Vocabulary) -> bool:
    """True for a ruled table that is just a header row (shaded cells above an unruled body)."""
    if len(table.rows) != 1 or table.rows[0].full_width:
        return False
    texts = [_cell_text(c, bullets=False) for c in table.rows[0].cells]
    return _roles(_header_texts(texts, vocab), vocab) is not None


def _rules(page: Page) -> list[_Rule]:
    """Horizontal rules: flat lines and rectangles no higher than a thick line, top to bottom."""
    rules = [
        _Rule((obj["top"] + obj["bottom"]) / 2, obj["x0"], obj["x1"])
        for obj in (*page.lines, *page.rects)
        if obj["bottom"] - obj["top"] <= _RULE_THICKNESS and obj["x1"] - obj["x0"] >= 20
    ]
    return sorted(rules, key=lambda r: r.y)


def _segments(line: _Line) -> list[list[_Word]]:
    """A line split where the gap between two words is wider than a word space."""
    gap = max(0.6 * line.height, 4.0)
    parts: list[list[_Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        if word.x0 - parts[-1][-1].x1 > gap:
            parts.append([word])
        else:
            parts[-1].append(word)
    return parts


def _roles(texts: list[str], vocab: _Vocabulary) -> dict[str, int] | None:
    """Role -> column index when the cells are an activity table's header row, else None.

    The same test as the structure parser's: two roles or more, one of them the
    activities or the timeframe, and at most one filled cell that names no role.
    """
    roles: dict[str, int] = {}
    named = filled = 0
    for index, text in enumerate(texts):
        plain = collapse(text)
        if not plain:
            continue
        filled += 1
        role = vocab.role(plain)
        if role is not None:
            named += 1
            roles.setdefault(role, index)
    if len(roles) >= 2 and ("activity" in roles or "timeframe" in roles) and named >= filled - 1:
        return roles
    return None


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


def _header_columns(line: _Line, vocab: _Vocabulary) -> list[float] | None:
    """Where the columns start when ``line`` is an unruled table's header line, else None."""
    if len(line.words) < 2:
        return None
    parts = _segments(line)
    if len(parts) < 2 or _roles([" ".join(w.text for w in p) for p in parts], vocab) is None:
        return None
    return [p[0].x0 for p in parts]


def _column(columns: list[float], x: float) -> int:
    """The index of the column a word starting at ``x`` belongs to."""
    return max(0, bisect_right(columns, x + _COLUMN_SLACK) - 1)


def _fits(line: _Line, columns: list[float]) -> bool:
    """True when no word of ``line`` crosses the start of a column."""
    if line.words[0].x0 < columns[0] - 2 * _COLUMN_SLACK:
        return False
    starts = [c - _COLUMN_SLACK for c in columns[1:]]
    return not any(w.x0 < s < w.x1 - 1 for w in line.words for s in starts)


def _split_columns(lines: list[_Line], columns: list[float]) -> list[list[_Word]]:
    """The words of ``lines`` per column."""
    cells: list[list[_Word]] = [[] for _ in columns]
    for line in lines:
        for word in line.words:
            cells[_column(columns, word.x0)].append(word)
    return cells


@dataclass
class _Unruled:
    """Reads one unruled table from a page's lines, starting at its header line (if any)."""

    lines: list[_Line]
    columns: list[float]
    rules: list[float]
    page_height: float

    def header_end(self, start: int) -> int:
        """The index after the header block: down to the rule under it, or same-font lines."""
        head = self.lines[start]
        below = [y for y in self.rules if y > head.bottom - 0.5]
        end = start + 1
        if below and below[0] - head.bottom < 5 * head.height:
            while end < len(self.lines) and self.lines[end].bottom <= below[0] + 0.5:
                end += 1
            return end
        font = head.words[0].font
        while (
            end < len(self.lines)
            and self.lines[end].top - self.lines[end - 1].bottom < 0.8 * head.height
            and all(w.font == font for w in self.lines[end].words)
            and _fits(self.lines[end], self.columns)
        ):
            end += 1
        return end

    def body_end(self, start: int, vocab: _Vocabulary) -> int:
        """The index after the table's last body line, from ``start``."""
        end = start
        previous = self.lines[start - 1].bottom if start else 0.0
        bottom_zone = self.page_height * (1 - _MARGIN_SHARE)
        while end < len(self.lines):
            line = self.lines[end]
            ruled = any(previous - 1 < y < (line.top + line.bottom) / 2 for y in self.rules)
            if (
                not _fits(line, self.columns)
                or line.top > bottom_zone
                or (end > start and not ruled and line.top - previous > 2.5 * line.height)
                or _header_columns(line, vocab) is not None
            ):
                break
            previous = line.bottom
            end += 1
        if end == start:
            return end
        stop = self.lines[end].top if end < len(self.lines) else self.page_height
        closing = [y for y in self.rules if self.lines[start].bottom < y < stop]
        runs_off = all(line.top > bottom_zone for line in self.lines[end:])
        if closing and not (runs_off and self.lines[end - 1].top > closing[-1]):
            while end > start and self.lines[end - 1].bottom > closing[-1] + 0.5:
                end -= 1
        return end

    def rows(self, start: int, end: int, roles: dict[str, int]) -> list[_TableRow]:
        """Body lines -> rows: split at the rules between them or, without such rules, where
        a column takes text again after a blank of more than a line, or before a line with
        text in the first or the activity column that follows a wider gap or lines without
        any (the end of a row split by the page break)."""
        groups: list[list[_Line]] = []
        inner = [y for y in self.rules if self.lines[start].top < y < self.lines[end - 1].bottom]
        keys = {0, roles.get("activity", 0)}
        bottoms: dict[int, float] = {}  # column -> bottom of its last line in the current row
        for line in self.lines[start:end]:
            used = {_column(self.columns, w.x0) for w in line.words}
            if groups:
                last = groups[-1][-1]
                if inner:
                    middle = (line.top + line.bottom) / 2
                    new = any(last.bottom - 1 < y < middle for y in inner)
                else:
                    resumed = any(
                        line.top - bottoms.get(c, line.top) > 1.5 * line.height for c in used
                    )
                    keyed = bool(used & keys)
                    spaced = keyed and line.top - last.bottom > 0.7 * line.height
                    fragment = keyed and not keys & bottoms.keys()  # the rest of a split row
                    new = resumed or spaced or fragment
                if new:
                    groups.append([line])
                    bottoms = {}
                else:
                    groups[-1].append(line)
            else:
                groups.append([line])
            bottoms.update(dict.fromkeys(used, line.bottom))
        return [_TableRow(_split_columns(g, self.columns)) for g in groups]


def _unruled_tables(
    lines: list[_Line],
    rules: list[_Rule],
    vocab: _Vocabulary,
    page_height: float,
    carried: _Open | None,
) -> tuple[list[_Table], list[_Line]]:
    """Tables found by their header line among ``lines``, and the lines left as text.

    ``carried`` is the unruled table that ended the previous page, if any: lines
    at the top of this page that fit its columns go on with it.
    """
    tables: list[_Table] = []
    rest: list[_Line] = []
    index = 0
    if carried is not None:
        while index < len(lines) and lines[index].bottom < page_height * _MARGIN_SHARE:
            rest.append(lines[index])
            index += 1
        starts = carried.columns
        reader = _Unruled(lines, starts, _rule_ys(rules, starts), page_height)
        end = reader.body_end(index, vocab) if index < len(lines) else index
        # Table text, not a paragraph at the margin: some line uses a column after the first.
        tabular = any(_column(starts, w.x0) > 0 for line in lines[index:end] for w in line.words)
        if end > index and tabular:
            rows = reader.rows(index, end, carried.roles)
            tables.append(_Table(lines[index].top, lines[end - 1].bottom, starts, rows, False))
            index = end
    while index < len(lines):
        columns = _header_columns(lines[index], vocab)
        if columns is None:
            rest.append(lines[index])
            index += 1
            continue
        reader = _Unruled(lines, columns, _rule_ys(rules, columns), page_height)
        head_end = reader.header_end(index)
        header_cells = _split_columns(lines[index:head_end], columns)
        texts = [_cell_text(c, bullets=False) for c in header_cells]
        roles = _roles(_header_texts(texts, vocab), vocab) or {}
        end = reader.body_end(head_end, vocab)
        rows = [_TableRow(header_cells)]
        if end > head_end:
            rows += reader.rows(head_end, end, roles)
        bottom = lines[max(end, head_end) - 1].bottom
        tables.append(_Table(lines[index].top, bottom, columns, rows, ruled=False))
        index = end
    return tables, rest


def _rule_ys(rules: list[_Rule], columns: list[float]) -> list[float]:
    """The heights of the rules that run across a table's columns."""
    return [r.y for r in rules if r.x0 <= columns[1] and r.x1 >= columns[-1]]


# --------------------------------------------------------------------- cells -> rows


def _funding_text(text: str, vocab: _Vocabulary) -> str:
    """A Funding cell -> "☒", "☐", "" (a box whose state is unknown) or its words as written.

    One box gives its state. Several boxes labelled with yes/no words ("☐ Yes ☒ No")
    give the state of the label whose box is checked; other labels: checked when
    any box is.
    """
    tokens = text.split()
    boxes = [
        (token in _BOX_CHECKED, tokens[i + 1] if i + 1 < len(tokens) else "")
        for i, token in enumerate(tokens)
        if token in _BOX_CHECKED or token in _BOX_EMPTY
    ]
    if not boxes:
        return text
    if len(boxes) == 1:
        return CHECKED if boxes[0][0] else UNCHECKED
    yes = {fold(w) for w in vocab.headings.checked if len(w) > 1 and w.isalpha()}
    no = {fold(w) for w in vocab.headings.unchecked if len(w) > 1 and w.isalpha()}
    labels = {fold(label).strip(".:,;") for _, label in boxes}
    if labels <= yes | no and labels & yes and labels & no:
        ticked = [fold(label).strip(".:,;") for state, label in boxes if state]
        if len(ticked) != 1:
            return ""
        return CHECKED if ticked[0] in yes else UNCHECKED
    return CHECKED if any(state for state, _ in boxes) else UNCHECKED


def _continues(cells: list[str], roles: dict[str, int], last: list[str]) -> bool:
    """True when the first data row on a page carries on the previous page's last row."""
    if not last or len(cells) != len(last) or _KI_CODE.match(cells[0]):
        return False
    activity = roles.get("activity")
    text = cells[activity].strip() if activity is not None else ""
    if text[:1].islower():
        return True
    key = roles.get("funding", 0)
    if cells[key].strip() or not last[key].strip():
        return False
    ended = activity is not None and last[activity].rstrip().endswith((".", "!", "?"))
    return not (text[:1].isupper() and ended)


@dataclass
class _Open:
    """The table that ended a page: its columns, its roles and its last data row."""

    columns: list[float]
    roles: dict[str, int]
    last: list[str]
    ruled: bool


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= _SAME_COLUMNS for x, y in zip(a, b, strict=True))


@dataclass
class _Page:
    """What one page holds, ready to be turned into rows."""

    number: int
    height: float
    tables: list[_Table]
    lines: list[_Line]


def _in_margin(line: _Line, index: int, items: list[_Line | _Table], height: float) -> bool:
    """True for a line in the top or bottom margin, set apart from the body: a running
    header, footer or page number."""
    if line.bottom < height * _MARGIN_SHARE:
        below = items[index + 1].top if index + 1 < len(items) else height
        return below - line.bottom > line.height
    if line.top > height * (1 - _MARGIN_SHARE):
        above = items[index - 1].bottom if index else 0.0
        return line.top - above > line.height
    return False


@dataclass
class _Flow:
    """Turns pages into rows in reading order; carries an open table over page breaks."""

    vocab: _Vocabulary
    rows: list[Row] = field(default_factory=list)
    margins: list[tuple[int, str, int]] = field(default_factory=list)  # (row, key, page)
    open: _Open | None = None
    last_line: int | None = None  # index of the last paragraph row, for hyphenation

    def carried(self) -> _Open | None:
        """The unruled table that ended the last page, if any."""
        return self.open if self.open is not None and not self.open.ruled else None

    def add_page(self, page: _Page) -> None:
        """Append a page's rows, tables and lines merged by their top."""
        carried, self.open = self.open, None
        items: list[_Line | _Table] = [*page.tables, *page.lines]
        items.sort(key=lambda item: item.top)
        body_seen = False
        for index, item in enumerate(items):
            if isinstance(item, _Table):
                going_on = carried if not body_seen and carried is not None else None
                if going_on is not None and not _same_columns(going_on.columns, item.columns):
                    going_on = None
                self.add_table(item, page.number, going_on)
                body_seen = True
            elif _in_margin(item, index, items, page.height):
                self.add_line(item, page.number, margin=True)
            else:
                self.add_line(item, page.number, margin=False)
                body_seen = True
                self.open = None

    def add_line(self, line: _Line, number: int, margin: bool) -> None:
        """Append a paragraph line, joining a word hyphenated at the end of the last one."""
        text = line.text
        if self.last_line is not None and not margin:
            before = self.rows[self.last_line].cells[0]
            if _hyphen_joins(before, text):
                first, _, text = text.partition(" ")
                joined = (before[:-1] + first,)
                self.rows[self.last_line] = replace(self.rows[self.last_line], cells=joined)
        if not text:
            return
        if margin:
            key = re.sub(r"\d+", "#", fold(collapse(text)))
            self.margins.append((len(self.rows), key, number))
        else:
            self.last_line = len(self.rows)
        self.rows.append(Row((text,), number))

    def add_table(self, table: _Table, number: int, going_on: _Open | None) -> None:
        """Append a table's rows; the first data row may carry on the previous page's."""
        self.last_line = None
        roles = dict(going_on.roles) if going_on is not None else {}
        last = going_on.last if going_on is not None else []
        first = True
        for row in table.rows:
            if row.full_width:
                text = _cell_text(row.cells[0])
                if text:
                    self.rows.append(Row((text,), number))
                continue
            plain = _header_texts(
                [_cell_text(words, bullets=False) for words in row.cells], self.vocab
            )
            header = _roles(plain, self.vocab)
            if header is not None:
                roles = header
                self.rows.append(Row(tuple(plain), number))
                continue
            cells = [self.cell(words, i, roles) for i, words in enumerate(row.cells)]
            if not any(c.strip() for c in cells):
                continue
            continued = first and going_on is not None and _continues(cells, roles, last)
            first = False
            self.rows.append(Row(tuple(cells), number, continued))
            last = cells
        self.open = _Open(table.columns, roles, last, table.ruled)

    def cell(self, words: list[_Word], index: int, roles: dict[str, int]) -> str:
        """A data cell's text; the Funding cell reads as a checkbox glyph when it holds boxes."""
        if roles.get("funding") == index:
            return _funding_text(_cell_text(words, bullets=False), self.vocab)
        return _cell_text(words)

    def finish(self) -> list[Row]:
        """The rows, without running headers and footers (margin lines repeated on pages)."""
        pages: dict[str, set[int]] = {}
        for _, key, page in self.margins:
            pages.setdefault(key, set()).add(page)
        drop = {index for index, key, _ in self.margins if len(pages[key]) > 1}
        return [row for i, row in enumerate(self.rows) if i not in drop]


# --------------------------------------------------------------------- pages


@lru_cache(maxsize=1)
def _headings() -> Headings:
    return load_headings()


def _words(page: Page) -> list[_Word]:
    """The page's upright words, symbol glyphs normalized."""
    _normalize_glyphs(page.chars)
    return [
        _Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["chars"][0]["fontname"])
        for w in page.extract_words(return_chars=True)
        if w.get("upright", True)
    ]


def _read_page(page: Page, vocab: _Vocabulary, carried: _Open | None) -> _Page:
    """One page -> its tables and text lines."""
    words = _words(page)
    boxes, drawing = _drawn_boxes(page, words)
    tables, loose = _ruled_tables(page, drawing, words + boxes, vocab)
    unruled, lines = _unruled_tables(
        _group_lines(loose), _rules(page), vocab, float(page.height), carried
    )
    return _Page(page.page_number, float(page.height), tables + unruled, lines)


@dataclass
class _Seen:
    """What the pages held, for the verdict on a PDF without text."""

    pages: int = 0
    text: bool = False
    images: int = 0
    drawings: int = 0

    def add(self, text: bool, images: int, drawings: int) -> None:
        """Count what one page held."""
        self.pages += 1
        self.text = self.text or text
        self.images += images
        self.drawings += drawings

    def refuse(self) -> None:
        """Raise what a PDF without text is: pages of images, pages of drawings, or blank."""
        pages = "its only page holds" if self.pages == 1 else f"its {self.pages} pages hold"
        if self.images:
            images = "1 image" if self.images == 1 else f"{self.images} images"
            raise NoTextLayer(f"the PDF has no text layer: {pages} {images} and no text")
        if self.drawings:
            raise NoTextLayer(f"the PDF has no text layer: {pages} drawings and no text")
        raise EmptyFile(f"the PDF is blank: {pages} no text, no images and no drawings")


def _load(page: Page) -> tuple[bool, int, int]:
    """Parse a page's content: (whether it has text, its images, its lines, rects and curves)."""
    objects = page.objects
    text = any(c["text"].strip() for c in objects.get("char", ()))
    drawings = sum(len(objects.get(kind, ())) for kind in ("line", "rect", "curve"))
    return text, len(objects.get("image", ())), drawings


def _release(page: Page) -> None:
    """Free what a read page still holds: pdfplumber's caches and the decoded content.

    pdfminer keeps every object it has resolved, the page's decoded content
    streams included; they are dropped from its cache once the page is read, so
    memory does not grow with the page count. A stream shared with a later page
    stays reachable from that page.
    """
    page.close()
    page_obj = page.page_obj
    contents = getattr(page_obj, "contents", None) or []
    page_obj.contents = []
    cache = getattr(page_obj.doc, "_cached_objs", None)
    if isinstance(cache, dict):
        for stream in contents:
            cache.pop(getattr(stream, "objid", None), None)


def _open(data: bytes) -> Any:
    """Open the PDF with the empty password; any other password -> EncryptedPdf."""
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
            raise EncryptedPdf(
                "the PDF is password-protected: it does not open with an empty password"
            ) from exc
        raise


def _close(pdf: Any) -> None:
    """Let go of the PDF. pdfplumber's own close makes a page object for every page
    first, which a PDF refused for its page count must not cost."""
    pdf.flush_cache()
    pdf.stream.close()


def read_pdf(
    data: bytes, settings: Settings, headings: Headings | None = None
) -> tuple[list[Row], int | None]:
    """PDF bytes -> (rows in reading order, page count); header cells are read with
    ``headings`` (else the packaged vocabulary).

    pdfminer runs under the guards of :mod:`.pdf_guard`; the page tree is walked
    (:mod:`.pdf_tree`) before any page is parsed; each page is then parsed once and
    its caches are released before the next one. Raises :class:`EncryptedPdf`,
    :class:`CorruptFile`, :class:`DecompressionBomb`, :class:`TooManyPages` (before
    any page is parsed), :class:`EmptyFile` (no pages, or blank ones),
    :class:`NoTextLayer` (a scan) and :class:`MemoryLimit`; a time-out raised while
    reading passes unchanged.
    """
    vocab = _Vocabulary(headings or _headings())
    with guarded(settings) as guard:
        with reading("the PDF"):
            pdf = _open(data)
        try:
            with reading("the PDF's page tree"):
                guard.raise_tripped()
                nodes = page_nodes(pdf.doc, settings.max_pages)
            if not nodes:
                raise EmptyFile("the PDF has no pages")
            flow, seen = _read_pages(pdf, nodes, guard, vocab)
        finally:
            _close(pdf)
    if not seen.text:
        seen.refuse()
    return flow.finish(), len(nodes)


def _read_pages(
    pdf: Any, nodes: list[PageNode], guard: Guard, vocab: _Vocabulary
) -> tuple[_Flow, _Seen]:
    """Each page in turn: made, parsed, read into the flow of rows, and released."""
    flow = _Flow(vocab)
    seen = _Seen()
    doctop = 0.0
    for number, node in enumerate(nodes, start=1):
        where = f"page {number}"
        page: Page | None = None
        try:
            with reading(where, location=where):
                page = open_page(pdf, node, number, doctop)
                found, images, drawings = _load(page)
                guard.raise_tripped()
            seen.add(found, images, drawings)
            doctop += float(page.height)
            content = _read_page(page, vocab, flow.carried()) if found else None
        except MemoryError:  # in our own reading of the page; pdfminer's is seen above
            raise MemoryLimit(f"reading {where} ran out of memory") from None
        finally:
            if page is not None:
                _release(page)
        if content is not None:
            flow.add_page(content)
    return flow, seen
