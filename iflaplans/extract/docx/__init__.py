"""Word (DOCX) plans with python-docx.

The body is walked in document order: each paragraph becomes a one-cell row
(split at manual line breaks), each table row a row with one cell per grid
column. Merged cells are emitted once, at their first grid position, so the
header row's column indexes apply to every row. Word's automatic numbering is
rendered into the text ("1. ", "2. " restarting in each cell), checkboxes become
☒/☐ glyphs, and a nested table's text is flattened into its cell.

python-docx opens only a package this module's :mod:`.package` reader has read
within the settings' limits (counting the bytes its parts actually inflate to),
with the main part typed as a .docx, so macro-enabled files and templates read
the same; python-docx's XML parser does not resolve entities. A merged cell's
span is capped, and a row holds at most :data:`MAX_ROW_CELLS` grid positions.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from iflaplans.errors import CorruptFile
from iflaplans.extract.package import word_package
from iflaplans.model.records import Row
from iflaplans.rules.headings import Headings, load_headings
from iflaplans.settings import Settings

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"

CHECKED = "☒"
UNCHECKED = "☐"

# Elements whose text is not part of the visible document (deleted revisions,
# field codes, drawings whose text boxes would appear twice via mc:Fallback).
_SKIPPED = frozenset(
    f"{{{ns}}}{name}"
    for ns, names in (
        (_W, "del moveFrom pPr rPr tblPr trPr tcPr sdtPr sectPr instrText delText drawing pict"),
        (_MC, "AlternateContent"),
    )
    for name in names.split()
)
_WRAPPERS = frozenset(f"{{{_W}}}{name}" for name in ("sdt", "sdtContent", "customXml", "ins"))
_TYPED_MARK = re.compile(r"^\s*(?:\d{1,2}\s?[.)](?:\s|$)|[•▪●◦‣∙·\-–*]\s)")
_TRUE = frozenset({"1", "true", "on"})
MAX_SPAN = 64  # grid columns one merged cell may cover (plans have a handful)
MAX_ROW_CELLS = 256  # grid positions a table row may have
_HEX = re.compile(r"[0-9A-Fa-f]{1,6}")
_MAX_START = 32767  # the largest list start number Word accepts
_MAX_LEVEL_TEXT = 32  # characters of a list label's pattern ("%1.%2)"); Word's are short


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


def _wval(element: etree._Element | None, name: str = "val") -> str | None:
    """A ``w:`` attribute of ``element`` (``w:val`` by default), or None."""
    return None if element is None else element.get(_w(name))


# ------------------------------------------------------------------ archive


def _open_body(package: bytes) -> tuple[etree._Element, _Numbering]:
    """The document body and its numbering definitions, or :class:`CorruptFile`.

    ``package`` is the bounded package of :func:`~iflaplans.extract.package.word_package`.
    """
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError

    try:
        document = docx.Document(io.BytesIO(package))
        numbering = _Numbering.from_document(document)
    except (
        ValueError,
        OpcError,
        PythonDocxError,
        zipfile.BadZipFile,
        EOFError,
        KeyError,
        etree.XMLSyntaxError,
    ) as exc:
        raise CorruptFile(f"the DOCX file is damaged{_reason(exc)}") from exc
    return document.element.body, numbering


def _reason(exc: Exception) -> str:
    """An error's own words for a message, unless they name an object by its Python repr."""
    text = str(exc)
    return "" if not text or " object at 0x" in text else f" ({text})"


# ---------------------------------------------------------------- numbering


@dataclass(frozen=True)
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """List definitions: numId -> level -> format; style id -> (numId, level)."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    styles: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: object) -> _Numbering:
        """Read ``numbering.xml`` and the list styles of ``styles.xml`` (both optional)."""
        part = document.part  # type: ignore[attr-defined]
        numbering = cls()
        try:
            root = part.part_related_by(_NUMBERING_REL).element
        except KeyError:
            root = None
        if root is not None:
            numbering.levels = _read_levels(root)
        numbering.styles = _read_list_styles(document.styles.element)  # type: ignore[attr-defined]
        return numbering

    def of_paragraph(self, p: etree._Element) -> tuple[str, int] | None:
        """(numId, level) of a numbered paragraph, from its properties or its style."""
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return None
        num_pr = ppr.find(_w("numPr"))
        if num_pr is not None:
            num_id = _wval(num_pr.find(_w("numId")))
            level = _wval(num_pr.find(_w("ilvl"))) or "0"
            if num_id is None:
                return None
            return None if num_id == "0" else (num_id, _int(level))
        style = _wval(ppr.find(_w("pStyle")))
        return self.styles.get(style) if style else None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _start(value: str | None) -> int:
    """A list's first number, within what Word accepts (0 to 32767)."""
    return min(max(_int(value, 1), 0), _MAX_START)


def _read_levels(root: etree._Element) -> dict[str, dict[int, _Level]]:
    abstract: dict[str, dict[int, _Level]] = {}
    for node in root.iter(_w("abstractNum")):
        levels = {}
        for lvl in node.iter(_w("lvl")):
            levels[_int(lvl.get(_w("ilvl")))] = _Level(
                fmt=_wval(lvl.find(_w("numFmt"))) or "decimal",
                # Every numbered paragraph repeats it: a long one would multiply the text.
                text=(_wval(lvl.find(_w("lvlText"))) or "")[:_MAX_LEVEL_TEXT],
                start=_start(_wval(lvl.find(_w("start")))),
            )
        abstract[node.get(_w("abstractNumId"), "")] = levels
    result: dict[str, dict[int, _Level]] = {}
    for num in root.iter(_w("num")):
        levels = dict(abstract.get(_wval(num.find(_w("abstractNumId"))) or "", {}))
        for override in num.iter(_w("lvlOverride")):
            level = _int(override.get(_w("ilvl")))
            start = _wval(override.find(_w("startOverride")))
            if start is not None and level in levels:
                old = levels[level]
                levels[level] = _Level(old.fmt, old.text, _start(start))
        result[num.get(_w("numId"), "")] = levels
    return result


def _read_list_styles(root: etree._Element) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering (directly or through ``basedOn``)."""
    own: dict[str, tuple[str, int]] = {}
    based_on: dict[str, str] = {}
    for style in root.iter(_w("style")):
        style_id = style.get(_w("styleId"), "")
        parent = _wval(style.find(_w("basedOn")))
        if parent:
            based_on[style_id] = parent
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        num_id = _wval(num_pr.find(_w("numId"))) if num_pr is not None else None
        if num_pr is not None and num_id and num_id != "0":
            own[style_id] = (num_id, _int(_wval(num_pr.find(_w("ilvl")))))
    result = {}
    for style_id in {*own, *based_on}:
        current: str | None = style_id
        for _ in range(20):  # basedOn chains are short; a cycle must not hang
            if current is None or current in own:
                break
            current = based_on.get(current)
        if current in own:
            result[style_id] = own[current]
    return result


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(value)


def _roman(value: int) -> str:
    digits = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    out = ""
    for amount, letters in digits:
        while value >= amount:
            out += letters
            value -= amount
    return out


@dataclass
class _Counter:
    """Running list numbers; a new counter restarts every list (one per table cell)."""

    numbering: _Numbering
    counts: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, level: int) -> str:
        """The rendered list label of the next item ("3. ", "b) ", "• ")."""
        levels = self.numbering.levels.get(num_id, {})
        spec = levels.get(level, _Level("decimal", f"%{level + 1}.", 1))
        counts = self.counts.setdefault(num_id, {})
        counts[level] = counts.get(level, spec.start - 1) + 1
        for deeper in [lv for lv in counts if lv > level]:
            del counts[deeper]
        if spec.fmt == "bullet":
            return "• "
        if spec.fmt == "none" or not spec.text:
            return ""

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            lvl = levels.get(index, spec)
            return _format_number(counts.get(index, lvl.start), lvl.fmt)

        return re.sub(r"%(\d)", number, spec.text) + " "


# ------------------------------------------------------------------ text


def _checkbox_glyph(element: etree._Element) -> str | None:
    """☒/☐ for a checkbox content control (``w14:checkbox``) or legacy form field."""
    box = element.find(f"{_w('sdtPr')}/{{{_W14}}}checkbox")
    if box is not None:
        state = box.find(f"{{{_W14}}}checked")
        value = state.get(f"{{{_W14}}}val", "1") if state is not None else "0"
        return CHECKED if value.lower() in _TRUE else UNCHECKED
    form = element.find(f"{_w('ffData')}/{_w('checkBox')}")
    if form is not None:
        checked = form.find(_w("checked"))
        if checked is not None:
            value = _wval(checked) or "1"
        else:
            value = _wval(form.find(_w("default"))) or "0"
        return CHECKED if value.lower() in _TRUE else UNCHECKED
    return None


def _symbol(element: etree._Element) -> str:
    """A ``w:sym`` character; symbol-font codes below 0x100 move to the private-use page.

    A code that names no character (garbage, out of range, a lone surrogate) gives ""
    and the text around it reads on.
    """
    value = _wval(element, "char") or ""
    if not _HEX.fullmatch(value):
        return ""
    code = int(value, 16)
    code = code + 0xF000 if code < 0x100 else code
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return ""  # no character, or a lone surrogate that no table could be written with
    return chr(code)


def inline_text(element: etree._Element) -> str:
    """The visible text under a paragraph-level element, line breaks as "\\n"."""
    parts: list[str] = []
    _collect(element, parts)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == _w("t"):
            parts.append(child.text or "")
        elif tag in (_w("tab"), _w("ptab")):
            parts.append(" ")
        elif tag in (_w("br"), _w("cr")):
            parts.append("\n")
        elif tag == _w("noBreakHyphen"):
            parts.append("-")
        elif tag == _w("sym"):
            parts.append(_symbol(child))
        elif tag in (_w("sdt"), _w("fldChar")):
            glyph = _checkbox_glyph(child)
            if glyph is not None:
                parts.append(glyph)
            elif tag == _w("sdt"):
                _collect(child, parts)
        else:
            _collect(child, parts)


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class _Block:
    """One paragraph (or flattened nested-table row) of a cell."""

    text: str
    marked: bool  # starts with a list number or bullet, automatic or typed


def _children(element: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Children with one of ``tags``, looking through content controls and custom XML."""
    wanted = {_w(t) for t in tags}
    for child in element:
        if child.tag in wanted:
            yield child
        elif child.tag in _WRAPPERS:
            if child.tag == _w("sdt") and _checkbox_glyph(child) is not None and "p" in tags:
                yield child  # a block-level checkbox control: read as a paragraph
            else:
                yield from _children(child, *tags)


def _paragraph_block(p: etree._Element, counter: _Counter) -> _Block:
    if p.tag == _w("sdt"):
        return _Block(_checkbox_glyph(p) or "", False)
    text = inline_text(p).strip()
    numbered = counter.numbering.of_paragraph(p)
    if numbered is not None and text:
        label = counter.label(*numbered)
        return _Block(label + text, bool(label))
    return _Block(text, bool(_TYPED_MARK.match(text)))


def _cell_blocks(tc: etree._Element, numbering: _Numbering) -> list[_Block]:
    """A cell's paragraphs in order, nested tables flattened one block per row."""
    counter = _Counter(numbering)
    blocks = []
    for child in _children(tc, "p", "tbl"):
        if child.tag == _w("tbl"):
            for tr in _children(child, "tr"):
                texts = [
                    " ".join(b.text for b in _cell_blocks(inner, numbering) if b.text)
                    for inner in _children(tr, "tc")
                ]
                line = " ".join(t for t in texts if t)
                blocks.append(_Block(line, bool(_TYPED_MARK.match(line))))
        else:
            blocks.append(_paragraph_block(child, counter))
    return [b for b in blocks if b.text]


def _join_cell(blocks: list[_Block], role: str | None) -> str:
    """A cell's text; a tasks cell of several unnumbered paragraphs gets them numbered."""
    if role == "tasks" and len(blocks) > 1 and not any(b.marked for b in blocks):
        return "\n".join(f"{i}. {b.text}" for i, b in enumerate(blocks, start=1))
    return "\n".join(b.text for b in blocks)


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Slot:
    """A grid position of a table row: the cell that starts there, or None."""

    tc: etree._Element | None


def _row_slots(tr: etree._Element, grid: int) -> list[_Slot]:
    """A row's grid positions; a merged cell fills its first position only.

    A span (``w:gridSpan``, ``w:gridBefore``) is at most the table's ``grid`` columns
    and :data:`MAX_SPAN`, and the row is cut at :data:`MAX_ROW_CELLS` positions: a
    span of two billion would otherwise become two billion cells.
    """
    most = min(grid, MAX_SPAN) if grid else MAX_SPAN
    trpr = tr.find(_w("trPr"))
    before = _int(_wval(trpr.find(_w("gridBefore")))) if trpr is not None else 0
    slots = [_Slot(None) for _ in range(min(before, most))]
    for tc in _children(tr, "tc"):
        if len(slots) >= MAX_ROW_CELLS:
            break
        tcpr = tc.find(_w("tcPr"))
        span = _int(_wval(tcpr.find(_w("gridSpan"))), 1) if tcpr is not None else 1
        vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
        continued = vmerge is not None and (_wval(vmerge) or "continue") == "continue"
        slots.append(_Slot(None if continued else tc))
        slots.extend(_Slot(None) for _ in range(min(span, most) - 1))
    return slots[:MAX_ROW_CELLS]


def _grid_width(tbl: etree._Element) -> int:
    grid = tbl.find(_w("tblGrid"))
    return len(grid.findall(_w("gridCol"))) if grid is not None else 0


@lru_cache(maxsize=1)
def _headings() -> Headings:
    return load_headings()


def _header_roles(texts: list[str], headings: Headings) -> dict[int, str] | None:
    """Column index -> role when the row is an activity table's header row."""
    roles: dict[int, str] = {}
    filled = [t for t in texts if t.strip()]
    for index, text in enumerate(texts):
        role = headings.column_role(text) if text.strip() else None
        if role is not None and role not in roles.values():
            roles[index] = role
    named = set(roles.values())
    if len(named) >= 2 and named & {"activity", "timeframe"} and len(roles) >= len(filled) - 1:
        return roles
    return None


@dataclass
class _BodyReader:
    """Turns body elements into rows; remembers the activity table's column roles."""

    numbering: _Numbering
    settings: Settings
    headings: Headings
    rows: list[Row] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)
    roles_width: int = 0

    def read(self, container: etree._Element) -> None:
        """Read the paragraphs and tables of the body (or of a layout cell)."""
        counter = _Counter(self.numbering)
        for child in _children(container, "p", "tbl"):
            if child.tag == _w("tbl"):
                self.read_table(child)
                continue
            block = _paragraph_block(child, counter)
            for line in block.text.split("\n"):
                if line.strip():
                    self.rows.append(Row((self.cut(line.strip()),)))

    def cut(self, text: str) -> str:
        return text[: self.settings.max_cell_chars]

    def read_table(self, tbl: etree._Element) -> None:
        grid = _grid_width(tbl)
        rows = [(tr, _row_slots(tr, grid)) for tr in _children(tbl, "tr")]
        width = min(grid, MAX_ROW_CELLS) or max((len(slots) for _, slots in rows), default=0)
        if width != self.roles_width:
            self.roles, self.roles_width = {}, width
        for tr, slots in rows:
            first = slots[0].tc if slots else None
            if first is not None and len(list(_children(tr, "tc"))) == 1 and len(slots) >= width:
                self.read(first)  # one cell across the whole table: a layout box
                continue
            blocks = [_cell_blocks(s.tc, self.numbering) if s.tc is not None else [] for s in slots]
            plain = [_join_cell(b, None) for b in blocks]
            header = _header_roles(plain, self.headings)
            if header is not None:
                self.roles = header
            cells = (
                plain
                if header
                else [_join_cell(b, self.roles.get(i)) for i, b in enumerate(blocks)]
            )
            if any(c.strip() for c in cells):
                self.rows.append(Row(tuple(self.cut(c) for c in cells)))


def read_docx(
    data: bytes, settings: Settings, headings: Headings | None = None
) -> tuple[list[Row], int | None]:
    """DOCX bytes -> (rows, None), header cells read with ``headings`` (else the packaged).

    Raises :class:`~iflaplans.errors.ZipBomb` for an archive over the settings'
    limits and :class:`CorruptFile` for a damaged one, or one that holds no Word document.
    """
    body, numbering = _open_body(word_package(data, settings))
    reader = _BodyReader(numbering, settings, headings or _headings())
    reader.read(body)
    return reader.rows, None
