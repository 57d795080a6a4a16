"""Word packages (OPC ZIP archives) read within limits.

Every part this module returns was inflated here, in chunks, counting the bytes
that actually come out: a part that inflates past the size it declares is
refused as it is read, before it takes memory (:mod:`zipfile`, reading a whole
part, inflates up to 2 GB in one step before it compares sizes). The main
document part is found as Word finds it, through the
``officeDocument`` relationship of ``_rels/.rels``, and its kind is read from
``[Content_Types].xml``.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from iflaplans.errors import CorruptFile, ZipBomb
from iflaplans.settings import Settings

_CHUNK = 64 * 1024
# XML tags the Word parts may hold together: each becomes an element of about 120 bytes
# when python-docx parses it, so 200 MB of "<w:p/>" would take 4 GB. Plans have thousands.
MAX_XML_TAGS = 3_000_000
# The package's own tables ([Content_Types].xml, _rels/.rels) take a few kilobytes.
SMALL_PART = 4 * 1024 * 1024
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_MAGIC = b"PK\x03\x04"

_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Main parts that hold the same WordprocessingML as a .docx: macro-enabled files and templates.
WORD_MAIN_TYPES = frozenset(
    (
        DOCX_MAIN,
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    )
)
WORD_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")


def open_archive(data: bytes) -> zipfile.ZipFile:
    """The ZIP archive in ``data`` (its directory only), or :class:`CorruptFile`."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
        # NotImplementedError: a directory entry that asks for a ZIP version from the future.
        raise CorruptFile(f"the ZIP container is damaged ({exc})") from exc


def read_part(data: bytes, info: zipfile.ZipInfo, limit: int, used: int = 0) -> bytes:
    """The inflated bytes of one archive entry, read in chunks; never more than it declares.

    ``used`` bytes of the ``limit`` went to parts read before. Raises
    :class:`ZipBomb` for a part that declares, or actually inflates to, more than
    is left, and :class:`CorruptFile` for a damaged one (including one that inflates
    to another size than it declares, within the limit).
    """
    name = _shown(info.filename)
    declared = info.file_size
    if used + declared > limit:
        raise ZipBomb(f"the part {name} declares {declared:,} bytes, over the limit of {limit:,}")
    if info.flag_bits & 0x1:
        raise CorruptFile(f"the part {name} is encrypted")
    raw = _stored_bytes(data, info, name)
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) != declared:
            raise CorruptFile(f"the part {name} holds {len(raw):,} bytes, not {declared:,}")
        blob = bytes(raw)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        blob = _inflate(raw, name, declared, limit, used)
    else:
        # Word writes only stored and deflated parts; zipfile's other decompressors
        # cannot be bounded chunk by chunk.
        raise CorruptFile(
            f"the part {name} is compressed with method {info.compress_type}, "
            "which Word does not use"
        )
    if zlib.crc32(blob) != info.CRC:
        raise CorruptFile(f"the part {name} fails its checksum")
    return blob


def _stored_bytes(data: bytes, info: zipfile.ZipInfo, name: str) -> memoryview:
    """The entry's bytes as stored in the archive (compressed), located by its local header."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if start < 0 or len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_MAGIC:
        raise CorruptFile(f"the part {name} has no valid local header")
    *_, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    end = begin + info.compress_size
    if end > len(data):
        raise CorruptFile(f"the part {name} is cut short")
    return memoryview(data)[begin:end]


def _inflate(raw: memoryview, name: str, declared: int, limit: int, used: int) -> bytes:
    """Inflate a deflated part chunk by chunk, counting what comes out.

    Output past the declared size is counted, not kept; once ``used`` and the output
    pass ``limit`` the part is refused as a :class:`ZipBomb`. A part that ends at
    another size than it declares is damaged.
    """
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pieces: list[bytes] = []
    size = 0
    position = 0
    pending: bytes | memoryview = b""
    try:
        while not inflater.eof:
            if not pending and position < len(raw):
                pending = raw[position : position + _CHUNK]
                position += _CHUNK
            before = len(pending)
            piece = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if not piece and len(pending) == before and position >= len(raw):
                break  # no input left and nothing more comes out: cut short
            size += len(piece)
            if used + size > limit:
                raise ZipBomb(
                    f"the part {name} declares {declared:,} bytes but inflates past the "
                    f"limit of {limit:,} uncompressed bytes"
                )
            if size <= declared:
                pieces.append(piece)
    except zlib.error as exc:
        raise CorruptFile(f"the part {name} is damaged ({exc})") from exc
    if not inflater.eof:
        raise CorruptFile(f"the part {name} is cut short")
    if size != declared:
        raise CorruptFile(
            f"the part {name} inflates to {size:,} bytes, not the {declared:,} it declares"
        )
    return b"".join(pieces)


def _shown(name: str) -> str:
    """An entry name fit for a message: printable, and short."""
    text = "".join(c if c.isprintable() else "?" for c in name[:80])
    return text + ("…" if len(name) > 80 else "")


def _parse_xml(blob: bytes) -> etree._Element | None:
    """A small XML part, parsed without fetching or expanding anything; None if it is not XML."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError:
        return None


# ------------------------------------------------------------ package tables


@dataclass(frozen=True)
class ContentTypes:
    """``[Content_Types].xml``: part name -> media type, by override or by extension."""

    defaults: dict[str, str] = field(default_factory=dict)  # extension (lower case)
    overrides: dict[str, str] = field(default_factory=dict)  # part name (lower case)

    def of(self, name: str) -> str:
        """The media type of the part ``name`` ("" when the table does not say)."""
        found = self.overrides.get(name.lower())
        if found is not None:
            return found
        return self.defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")


def _small_part(data: bytes, archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    return read_part(data, info, SMALL_PART)


def read_content_types(data: bytes, archive: zipfile.ZipFile) -> ContentTypes:
    """The archive's content-type table (empty when it has none or it is not XML)."""
    blob = _small_part(data, archive, "[Content_Types].xml")
    root = _parse_xml(blob) if blob is not None else None
    if root is None:
        return ContentTypes()
    return ContentTypes(
        defaults={
            (item.get("Extension") or "").lower(): item.get("ContentType") or ""
            for item in root.iter(f"{{{_TYPES_NS}}}Default")
        },
        overrides={
            (item.get("PartName") or "").lstrip("/").lower(): item.get("ContentType") or ""
            for item in root.iter(f"{{{_TYPES_NS}}}Override")
        },
    )


@dataclass(frozen=True)
class MainPart:
    """The part the package's ``officeDocument`` relationship names, and its media type."""

    name: str
    content_type: str

    @property
    def is_word(self) -> bool:
        """Whether the part holds WordprocessingML (a document or template, macros or not)."""
        return self.content_type in WORD_MAIN_TYPES


def find_main_part(data: bytes, archive: zipfile.ZipFile) -> MainPart | None:
    """The main part named by ``_rels/.rels``, when the archive holds it; else None."""
    blob = _small_part(data, archive, "_rels/.rels")
    root = _parse_xml(blob) if blob is not None else None
    if root is None:
        return None
    names = set(archive.namelist())
    for rel in root.iter(f"{{{_RELS_NS}}}Relationship"):
        if rel.get("Type") != _OFFICE_DOCUMENT or rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join("/", rel.get("Target") or "")).lstrip("/")
        if target in names:
            return MainPart(target, read_content_types(data, archive).of(target))
    return None


def word_claim(data: bytes, archive: zipfile.ZipFile, path: str) -> str | None:
    """Why a ZIP archive that holds no Word document claims to be one (None if it does not)."""
    suffix = posixpath.splitext(path.lower())[1]
    if suffix in WORD_SUFFIXES:
        return f"its name ends in {suffix}"
    names = archive.namelist()
    if any(n.startswith("word/") for n in names):
        return "it has word/ parts"
    types = read_content_types(data, archive)
    if any("wordprocessingml" in t or "ms-word" in t for t in types.overrides.values()):
        return "its [Content_Types].xml lists Word parts"
    return None


def entries_shown(archive: zipfile.ZipFile, count: int = 3) -> str:
    """The first entry names of an archive, for a message ("a.zip, b.zip and 4 more")."""
    names = [_shown(n) for n in archive.namelist()]
    if not names:
        return "no entries"
    shown = ", ".join(names[:count])
    return shown + (f" and {len(names) - count} more" if len(names) > count else "")


# ------------------------------------------------------------ a package for python-docx


def word_package(data: bytes, settings: Settings) -> bytes:
    """The Word document in ``data`` as an uncompressed package python-docx may open.

    Its XML parts are read here within ``settings.max_docx_entries`` and
    ``settings.max_docx_uncompressed_bytes`` (counting inflated bytes), holding at
    most :data:`MAX_XML_TAGS` tags; parts that
    are not XML (images, embedded files, macros) are left empty, since no text is
    read from them. The main part is given the .docx media type, so macro-enabled
    documents and templates open as documents. Raises :class:`ZipBomb`,
    :class:`CorruptFile`.
    """
    archive = open_archive(data)
    entries = archive.infolist()
    if len(entries) > settings.max_docx_entries:
        raise ZipBomb(
            f"the DOCX archive has {len(entries):,} entries, over the limit of "
            f"{settings.max_docx_entries:,}"
        )
    total = sum(entry.file_size for entry in entries)
    if total > settings.max_docx_uncompressed_bytes:
        raise ZipBomb(
            f"the DOCX archive expands to {total:,} bytes, over the limit of "
            f"{settings.max_docx_uncompressed_bytes:,}"
        )
    main = find_main_part(data, archive)
    if main is None or not main.is_word:
        raise CorruptFile(not_word_message(data, archive, "", main))
    types = read_content_types(data, archive)
    used = tags = 0
    parts: dict[str, bytes] = {}
    for info in entries:
        if info.is_dir():
            continue
        blob = b""
        if info.filename == main.name or _is_xml(info.filename, types):
            blob = read_part(data, info, settings.max_docx_uncompressed_bytes, used)
            used += len(blob)
            tags += blob.count(b"<")
            if tags > MAX_XML_TAGS:
                raise ZipBomb(
                    f"the Word parts hold more than {MAX_XML_TAGS:,} XML tags (the part "
                    f"{_shown(info.filename)} brings them to {tags:,})"
                )
        parts[info.filename] = blob
    if main.content_type != DOCX_MAIN:
        parts["[Content_Types].xml"] = _as_docx(parts["[Content_Types].xml"], main.name)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, blob in parts.items():
            package.writestr(name, blob)
    return out.getvalue()


def _is_xml(name: str, types: ContentTypes) -> bool:
    return name.lower().endswith((".xml", ".rels")) or types.of(name).endswith("xml")


def _as_docx(blob: bytes, main: str) -> bytes:
    """The content-type table with ``main`` typed as a .docx main part."""
    root = _parse_xml(blob)
    if root is None:  # read before, so this is not reached for a readable package
        raise CorruptFile("the part [Content_Types].xml is not XML")
    tag = f"{{{_TYPES_NS}}}Override"
    for item in root.iter(tag):
        if (item.get("PartName") or "").lstrip("/").lower() == main.lower():
            item.set("ContentType", DOCX_MAIN)
            break
    else:
        etree.SubElement(root, tag, PartName=f"/{main}", ContentType=DOCX_MAIN)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def not_word_message(
    data: bytes, archive: zipfile.ZipFile, path: str, main: MainPart | None = None
) -> str:
    """What an archive that claims to be a Word document holds instead of one."""
    claim = word_claim(data, archive, path)
    because = f" ({claim})" if claim else ""
    if main is not None:
        kind = _shown(main.content_type) if main.content_type else "of no declared type"
        found = f"its main part {_shown(main.name)} is {kind}, not WordprocessingML"
    else:
        found = f"it has no WordprocessingML main part; it holds {entries_shown(archive)}"
    return f"the file claims to be a Word document{because} but is not one: {found}"
