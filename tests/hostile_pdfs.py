"""Hostile PDFs built at test time: bombs, lying page trees, cycles, empty documents.

Each builder returns the bytes of a small, well-formed PDF (a correct cross-reference
table or stream) whose trouble is in what the objects say, not in broken syntax. The
large ones are cheap to make: a deflate block of zeros written once after a full
flush repeats byte for byte, so a 1 GiB stream costs a copy of a 1 kB block.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

MIB = 1024 * 1024
GIB = 1024 * MIB

# An object is its body ("<< ... >>", "[...]", "3 0 R"), or a stream: (dictionary
# entries without the brackets, data); the /Length entry is added.
PdfObject = bytes | tuple[bytes, bytes]

TEXT_PAGE = b"BT /F1 12 Tf 72 720 Td (Hello, world) Tj ET"
FONT = b"<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
MEDIA = b"/MediaBox [0 0 595 842]"


def _object(number: int, obj: PdfObject) -> bytes:
    if isinstance(obj, bytes):
        return b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    entries, data = obj
    head = b"<< %s /Length %d >>" % (entries, len(data))
    return b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (number, head, data)


def build(objects: Mapping[int, PdfObject], root: int = 1) -> bytes:
    """A PDF of ``objects`` (number -> object) with a classic cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += _object(number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def build_compressed(
    objects: Mapping[int, PdfObject], packed: Mapping[int, bytes], stream: int, root: int = 1
) -> bytes:
    """A PDF 1.5 file whose ``packed`` objects sit in object stream number ``stream``.

    ``objects[stream]`` must be that object stream (its data already encoded). The
    cross-reference stream comes last and is left unfiltered.
    """
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += _object(number, objects[number])
    xref_number = max([*objects, *packed]) + 1
    offsets[xref_number] = len(out)
    rows = bytearray()
    index_in_stream = {number: i for i, number in enumerate(packed)}
    for number in range(xref_number + 1):
        if number in offsets:
            rows += bytes([1]) + offsets[number].to_bytes(4, "big") + bytes(2)
        elif number in index_in_stream:
            rows += bytes([2]) + stream.to_bytes(4, "big")
            rows += index_in_stream[number].to_bytes(2, "big")
        else:
            rows += bytes([0, 0, 0, 0, 0, 0xFF, 0xFF])
    entries = b"/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R" % (xref_number + 1, root)
    out += _object(xref_number, (entries, bytes(rows)))
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def object_stream(packed: Mapping[int, bytes]) -> tuple[bytes, int, int]:
    """The plain content of an object stream holding ``packed``: (data, /N, /First)."""
    bodies = b""
    header = b""
    for number, body in packed.items():
        header += b"%d %d " % (number, len(bodies))
        bodies += body + b"\n"
    return header + bodies, len(packed), len(header)


# --------------------------------------------------------------------- encoders


def zeros_flate(size: int, prefix: bytes = b"") -> bytes:
    """A zlib stream of ``prefix`` followed by ``size`` zero bytes (whole MiBs past it)."""
    chunk = bytes(MIB)
    compressor = zlib.compressobj(9)
    first = compressor.compress(prefix + chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    # After a full flush the compressor starts afresh: the next block repeats exactly.
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks = max(size // MIB - 1, 0)
    checksum = zlib.adler32(prefix)
    low, high = checksum & 0xFFFF, checksum >> 16
    high = (high + low * (blocks + 1) * MIB) % 65521  # zeros leave the low sum unchanged
    final = b"\x03\x00"  # an empty final block with fixed codes
    return first + block * blocks + final + ((high << 16) | low).to_bytes(4, "big")


def zeros_lzw(cycles: int) -> bytes:
    """An LZW stream (PDF's early-change variant) of about 7 MB of zeros per cycle.

    Each cycle clears the table, then asks for ever longer runs of zeros: code
    ``n`` is always the entry being defined, so it stands for one zero more than
    the code before it.
    """
    bits = 0
    count = 0
    out = bytearray()

    def put(code: int, width: int) -> None:
        nonlocal bits, count
        bits = (bits << width) | code
        count += width
        while count >= 8:
            count -= 8
            out.append((bits >> count) & 0xFF)
        bits &= (1 << count) - 1

    width = 9
    for _ in range(cycles):
        put(256, width)  # clear
        width = 9
        put(0, width)
        size = 258
        while size < 4094:
            put(size, width)
            size += 1
            width = 9 if size < 511 else 10 if size < 1023 else 11 if size < 2047 else 12
    put(257, width)
    if count:
        out.append((bits << (8 - count)) & 0xFF)
    return bytes(out)


# --------------------------------------------------------------------- documents


def one_page(
    content: PdfObject,
    resources: bytes = FONT,
    extra: Mapping[int, PdfObject] | None = None,
    page: bytes = b"",
) -> bytes:
    """One A4 page (object 3, with ``page`` added to its entries) whose content stream is
    object 4; ``extra`` objects are added to the file."""
    objects: dict[int, PdfObject] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R %s /Resources %s /Contents 4 0 R %s>>"
        % (MEDIA, resources, page),
        4: content,
        **(extra or {}),
    }
    return build(objects)


def text_pdf(pages: int = 1, declared: int | None = None) -> bytes:
    """A plain PDF of ``pages`` pages saying hello; its root says ``declared`` pages."""
    objects: dict[int, PdfObject] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    kids = []
    for i in range(pages):
        page, content = 3 + 2 * i, 4 + 2 * i
        objects[page] = b"<< /Type /Page /Parent 2 0 R %s /Resources %s /Contents %d 0 R >>" % (
            MEDIA,
            FONT,
            content,
        )
        objects[content] = (b"", TEXT_PAGE)
        kids.append(b"%d 0 R" % page)
    count = pages if declared is None else declared
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), count)
    return build(objects)


def flate_bomb(size: int = GIB) -> bytes:
    """One page whose content stream inflates to ``size`` bytes (1 GiB: a 1 MB file)."""
    return one_page((b"/Filter /FlateDecode", zeros_flate(size, TEXT_PAGE + b"\n")))


def nested_flate_bomb(size: int = GIB) -> bytes:
    """The content stream is deflated twice: [/FlateDecode /FlateDecode]."""
    twice = zlib.compress(zeros_flate(size, TEXT_PAGE + b"\n"), 9)
    return one_page((b"/Filter [/FlateDecode /FlateDecode]", twice))


def lzw_bomb(cycles: int) -> bytes:
    """One page whose content stream is LZW-coded runs of zeros, ~7 MB per cycle."""
    return one_page((b"/Filter /LZWDecode", zeros_lzw(cycles)))


def object_stream_bomb(size: int = GIB) -> bytes:
    """The page tree sits in an object stream that inflates to ``size`` bytes."""
    packed = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R %s /Resources %s /Contents 4 0 R >>" % (MEDIA, FONT),
    }
    data, count, first = object_stream(packed)
    objects: dict[int, PdfObject] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        4: (b"", TEXT_PAGE),
        5: (
            b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (count, first),
            zeros_flate(size, data),
        ),
    }
    return build_compressed(objects, packed, stream=5)


def compressed_text_pdf() -> bytes:
    """A good PDF 1.5 file whose page tree sits in a small deflated object stream."""
    packed = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R %s /Resources %s /Contents 4 0 R >>" % (MEDIA, FONT),
    }
    data, count, first = object_stream(packed)
    objects: dict[int, PdfObject] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        4: (b"/Filter /FlateDecode", zlib.compress(TEXT_PAGE)),
        5: (
            b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (count, first),
            zlib.compress(data),
        ),
    }
    return build_compressed(objects, packed, stream=5)


def huge_image(width: int = 100_000, height: int = 100_000, text: bool = False) -> bytes:
    """A page drawing one image XObject that declares ``width`` x ``height`` RGB pixels.

    Its data is a deflate bomb too, so decoding it at all would be seen.
    """
    draw = b"q 500 0 0 700 40 60 cm /Im1 Do Q" + (b" " + TEXT_PAGE if text else b"")
    image = (
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /FlateDecode" % (width, height),
        zeros_flate(64 * MIB),
    )
    resources = b"<< /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >>"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return one_page((b"", draw), resources, {5: image, 6: font})


def blank_pages(pages: int = 2) -> bytes:
    """Pages with no content at all: no /Contents."""
    objects: dict[int, PdfObject] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    kids = [b"%d 0 R" % (3 + i) for i in range(pages)]
    for i in range(pages):
        objects[3 + i] = b"<< /Type /Page /Parent 2 0 R %s >>" % MEDIA
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    return build(objects)


def no_pages() -> bytes:
    """A valid PDF whose page tree is empty."""
    return build(
        {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [] /Count 0 >>"}
    )


def many_kids(kids: int, declared: int = 2) -> bytes:
    """``kids`` distinct pages under a root whose /Count says ``declared``."""
    objects: dict[int, PdfObject] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: (b"", TEXT_PAGE),
    }
    for i in range(kids):
        objects[4 + i] = b"<< /Type /Page /Parent 2 0 R /Contents 3 0 R >>"
    refs = b" ".join(b"%d 0 R" % (4 + i) for i in range(kids))
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d %s /Resources %s >>" % (
        refs,
        declared,
        MEDIA,
        FONT,
    )
    return build(objects)


def cyclic_kids() -> bytes:
    """A /Pages node listing its own ancestor (the root) among its kids."""
    return build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 2 >>",
            3: b"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 2 0 R] /Count 2 >>",
            4: b"<< /Type /Page /Parent 3 0 R %s /Resources %s /Contents 5 0 R >>" % (MEDIA, FONT),
            5: (b"", TEXT_PAGE),
        }
    )


def parent_loop() -> bytes:
    """Two /Pages nodes that name each other as /Parent."""
    return build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Parent 3 0 R /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 >>",
            4: b"<< /Type /Page /Parent 3 0 R %s /Resources %s /Contents 5 0 R >>" % (MEDIA, FONT),
            5: (b"", TEXT_PAGE),
        }
    )


def self_reference(where: str = "pages") -> bytes:
    """An object whose whole body is a reference to itself, used where the reader looks:
    the page tree ("pages"), a page's contents ("contents"), or two objects naming each
    other ("pair")."""
    if where == "pages":
        return build({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"2 0 R"})
    if where == "pair":
        return build({1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"3 0 R", 3: b"2 0 R"})
    return build(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R %s /Resources %s /Contents 4 0 R >>" % (MEDIA, FONT),
            4: b"4 0 R",
        }
    )


def self_containing_array() -> bytes:
    """A page whose /Rotate is an array holding itself: resolving it all never ends."""
    return one_page((b"", TEXT_PAGE), extra={5: b"[5 0 R]"}, page=b"/Rotate 5 0 R ")


def drawings_only() -> bytes:
    """A page of ruled lines and no text."""
    return one_page((b"", b"1 w 72 700 m 520 700 l S 72 600 m 520 600 l S"))


def runlength_bomb(runs: int) -> bytes:
    """A content stream of ``runs`` RunLengthDecode runs of 128 zeros (2 bytes each)."""
    return one_page((b"/Filter /RunLengthDecode", b"\x81\x00" * runs + b"\x80"))


def bad_checksum() -> bytes:
    """A deflated content stream whose checksum (its last 4 bytes) is wrong."""
    data = bytearray(zlib.compress(TEXT_PAGE))
    data[-1] ^= 0xFF
    return one_page((b"/Filter /FlateDecode", bytes(data)))


def wide_predictor(columns: int = 2_000_000_000) -> bytes:
    """A small deflated content stream whose PNG predictor declares ``columns`` columns."""
    params = b"/DecodeParms << /Predictor 12 /Columns %d >>" % columns
    return one_page((b"/Filter /FlateDecode " + params, zlib.compress(b"\x00" + TEXT_PAGE)))
