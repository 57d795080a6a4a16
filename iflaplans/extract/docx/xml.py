"""The WordprocessingML names and limits the Word reader shares, and its element helpers."""

from __future__ import annotations

import re

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
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


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
