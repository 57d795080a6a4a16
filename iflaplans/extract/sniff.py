"""Which kind of file this is, decided by its bytes, never by its name."""

from __future__ import annotations

import io
import json
import re
import zipfile

from iflaplans.errors import CorruptFile, EmptyFile, UnsupportedFormat

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|table|tr)\b", re.I)
_MD_TABLE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


def sniff_format(data: bytes, path: str = "") -> str:
    """The format of a file's bytes: ``pdf``, ``docx``, ``html``, ``md`` or ``txt``.

    Raises :class:`EmptyFile` for no bytes and :class:`UnsupportedFormat` for
    images, spreadsheets, other archives and binary data.
    """
    if not data.strip():
        raise EmptyFile("the file is empty", path=path)
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, path)
    if head.startswith(_IMAGE_MAGIC):
        raise UnsupportedFormat("the file is an image, not a plan document", path=path)
    if head.startswith(_OLE_MAGIC):
        raise UnsupportedFormat(
            "the file is a legacy Office (.doc/.xls) file; save it as DOCX or PDF", path=path
        )
    if _looks_binary(head):
        raise UnsupportedFormat("the file is binary data of an unknown kind", path=path)
    if _is_json(data):
        raise UnsupportedFormat("the file is JSON data, not a plan document", path=path)
    if _HTML.search(data[:65536]):
        return "html"
    text = data[:65536].decode("utf-8", "ignore")
    if _MD_TABLE.search(text):
        return "md"
    return "txt"


def _is_json(data: bytes) -> bool:
    start = data.lstrip()[:1]
    if start not in (b"{", b"["):
        return False
    try:
        json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return True


def _zip_kind(data: bytes, path: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CorruptFile(f"the ZIP container is damaged ({exc})", path=path) from exc
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFormat("the file is a spreadsheet (XLSX), not a plan document", path=path)
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFormat("the file is a presentation (PPTX), not a plan document", path=path)
    raise UnsupportedFormat("the file is a ZIP archive of an unknown kind", path=path)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return False  # a text file with a byte-order mark
    if b"\x00" in head:
        # UTF-16 without BOM has a NUL in every other byte; anything else with NULs is binary.
        return not (head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3)
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 20
