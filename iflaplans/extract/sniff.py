"""Which kind of file this is, decided by its bytes; the name only words a refusal."""

from __future__ import annotations

import json
import re

from iflaplans.errors import CorruptFile, EmptyFile, ExtractError, UnsupportedFormat
from iflaplans.extract.encoding import bom_encoding, wide_encoding

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls
_HTML = re.compile(rb"<\s*(?:!doctype\s+html|html|body|table|tr)\b", re.I)
_MD_TABLE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)


def sniff_format(data: bytes, path: str = "") -> str:
    """The format of a file's bytes: ``pdf``, ``docx``, ``html``, ``md`` or ``txt``.

    Raises :class:`EmptyFile` for no bytes, :class:`UnsupportedFormat` for images,
    spreadsheets, other archives and binary data, and :class:`CorruptFile` for a
    damaged ZIP or one that claims to be a Word document (by its name or its parts)
    but holds none.
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
        # What to do comes from the problem code's advice.
        raise UnsupportedFormat("the file is a legacy Office (.doc/.xls) file", path=path)
    if _looks_binary(head):
        raise UnsupportedFormat("the file is binary data of an unknown kind", path=path)
    if _is_json(data):
        raise UnsupportedFormat("the file is JSON data, not a plan document", path=path)
    sample = _utf8_sample(data)
    if _HTML.search(sample):
        return "html"
    text = sample.decode("utf-8", "ignore")
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
        return _archive_kind(data, path)
    except ExtractError as exc:  # the package reader does not know the file's path
        raise type(exc)(exc.message, path=path) from exc


def _archive_kind(data: bytes, path: str) -> str:
    # Imported here: only ZIP files need lxml, and the parent of the workers sniffs too.
    from iflaplans.extract import package

    archive = package.open_archive(data)
    names = set(archive.namelist())
    main = package.find_main_part(data, archive)
    if (main is not None and main.is_word) or "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise UnsupportedFormat("the file is a spreadsheet (XLSX), not a plan document")
    if any(n.startswith("ppt/") for n in names):
        raise UnsupportedFormat("the file is a presentation (PPTX), not a plan document")
    if package.word_claim(data, archive, path):
        raise CorruptFile(package.not_word_message(data, archive, path))
    raise UnsupportedFormat("the file is a ZIP archive of an unknown kind")


def _utf8_sample(data: bytes) -> bytes:
    """The file's first 64 kB, re-encoded as UTF-8 when it is UTF-16 or UTF-32 text, so
    that the markup tests read those encodings too."""
    head = data[:65536]
    wide = bom_encoding(head) or wide_encoding(head[:4096])
    if wide is None or wide == "utf-8-sig":
        return head
    return head.decode(wide, "ignore").encode("utf-8")


def _looks_binary(head: bytes) -> bool:
    if bom_encoding(head) is not None:
        return False  # a text file with a byte-order mark
    if b"\x00" in head:
        # UTF-16 and UTF-32 without a BOM have NULs in a regular pattern (UTF-16 in every
        # other byte, UTF-32 in two or three of every four); other NULs mean binary.
        utf16 = head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3
        return not utf16 and wide_encoding(head) is None
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) // 20
