"""Bytes of a text file -> str, whatever encoding the file was saved in."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

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


def detect_encoding(data: bytes) -> str:
    """The encoding of ``data``: a BOM, else strict UTF-8, else charset-normalizer's guess.

    Single-byte guesses are narrowed to cp1252 when it decodes the bytes too,
    since plans from Western European offices are most often saved in it and short
    texts leave detectors undecided between its sibling code pages.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if data[:4096].count(0) > len(data[:4096]) // 3:
        return "utf-16-le" if data[1:4096:2].count(0) > data[0:4096:2].count(0) else "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
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
