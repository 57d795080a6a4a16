"""The text of Word paragraphs and cells: runs, symbols, checkboxes, numbered blocks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from iflaplans.extract.docx.numbering import _Counter, _Numbering
from iflaplans.extract.docx.xml import (
    _HEX,
    _SKIPPED,
    _TRUE,
    _TYPED_MARK,
    _W14,
    _WRAPPERS,
    _w,
    _wval,
)
from iflaplans.extract.glyphs import CHECKED, UNCHECKED


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


@dataclass(frozen=True)
class _Block:
    """One paragraph (or flattened nested-table row) of a cell."""

    text: str
    marked: bool  # starts with a list number or bullet, automatic or typed


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


def _join_cell(blocks: list[_Block], tasks: bool) -> str:
    """A cell's text; a tasks cell of several unnumbered paragraphs gets them numbered."""
    if tasks and len(blocks) > 1 and not any(b.marked for b in blocks):
        return "\n".join(f"{i}. {b.text}" for i, b in enumerate(blocks, start=1))
    return "\n".join(b.text for b in blocks)
