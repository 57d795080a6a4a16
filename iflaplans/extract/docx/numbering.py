"""Word's automatic numbering: list levels and styles, rendered into the text ("1. ", "a) ")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from iflaplans.extract.docx.xml import _MAX_LEVEL_TEXT, _MAX_START, _NUMBERING_REL, _int, _w, _wval


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
