"""Bytes of a text file -> str, whatever encoding the file was saved in."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Code pages a detector confuses with cp1252 on short Western European texts.
_LATIN_SIBLINGS = frozenset(
    [
        "latin_1",
        "iso8859_1",
        "iso8859_15",
        "iso8859_2",
        "iso8859_9",
        "cp1250",
        "cp1254",
        "cp1257",
        "mac_roman",
        "mac_latin2",
        "cp850",
        "cp437",
        "ascii",
    ]
)


def bom_encoding(data: bytes) -> str | None:
    """The encoding a file's byte-order mark names, or None when it has none."""
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def wide_encoding(head: bytes) -> str | None:
    """The encoding of text without a byte-order mark whose first bytes are ``head``,
    when it is UTF-32 or UTF-16 by where its NUL bytes fall; else None.

    UTF-32 is tried first: its text has two or three NULs in every four bytes, which
    the UTF-16 rule (many NULs in one byte of each pair) would also accept.
    """
    whole = head[: len(head) - len(head) % 4]
    units = len(whole) // 4
    for name, top, high in (
        ("utf-32-le", whole[3::4], whole[2::4]),
        ("utf-32-be", whole[0::4], whole[1::4]),
    ):
        # A code point is at most 0x10FFFF: the top byte is NUL, the next at most 0x10 and,
        # outside emoji and rare scripts, NUL as well.
        plausible = units and top.count(0) == units and max(high) <= 0x10
        if plausible and high.count(0) * 10 >= units * 9:
            return name
    if head.count(0) > len(head) // 3:
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    return None


def detect_encoding(data: bytes) -> str:
    """The encoding of ``data``: a BOM, else UTF-16/32 by its NULs, else strict UTF-8, else
    charset-normalizer's guess.

    Single-byte guesses are narrowed to cp1252 when it decodes the bytes too,
    since plans from Western European offices are most often saved in it and short
    texts leave detectors undecided between its sibling code pages.
    """
    found = bom_encoding(data) or wide_encoding(data[:4096])
    if found is not None:
        return found
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Imported here: only files that are neither UTF-8 nor UTF-16/32 need the detector.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    guess = best.encoding if best is not None else "cp1252"
    if guess.replace("-", "_").lower() in _LATIN_SIBLINGS:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return guess
    return guess


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes; undecodable bytes become U+FFFD instead of failing."""
    text = data.decode(detect_encoding(data), errors="replace")
    return text.lstrip("\ufeff")
