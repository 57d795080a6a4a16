"""Checkbox glyphs and symbol fonts, shared by every reader.

A box comes out of every format as "☒" (checked) or "☐" (unchecked). Word writes
boxes, ticks and bullets as characters of its symbol fonts (Wingdings, Wingdings 2,
Symbol): the maps below give the glyph each character code stands for. The PDF
reader looks them up by code (or by a private-use code point U+F0xx), the HTML reader
by the character Word's HTML export writes for the code (its cp1252 reading).
"""

from __future__ import annotations

CHECKED = "☒"
UNCHECKED = "☐"

# Glyphs that mark a box, ticked or empty, whatever the font drew them with.
BOX_CHECKED = frozenset("☒☑✓✔✗✘")
BOX_EMPTY = frozenset("☐□❑❏")

# Symbol fonts: character code (its low byte) -> the glyph it shows.
WINGDINGS = {
    0x6C: "●",
    0x6E: "■",
    0x6F: "☐",
    0x71: "❑",
    0x76: "❖",
    0x78: "✗",
    0x9F: "•",
    0xA7: "▪",
    0xA8: "☐",
    0xD8: "➢",
    0xFB: "✗",
    0xFC: "✓",
    0xFD: "☒",
    0xFE: "☑",
}
WINGDINGS2 = {0x4F: "✗", 0x50: "✓", 0x52: "☑", 0x53: "☒", 0x54: "☒", 0xA3: "☐"}
SYMBOL = {0xB7: "•"}


def box_glyph(checked: bool) -> str:
    """The glyph of a box in the given state."""
    return CHECKED if checked else UNCHECKED


def _by_character(table: dict[int, str]) -> dict[str, str]:
    """A symbol map keyed by the character a cp1252 text gives each code ("ý" -> "☒")."""
    return {bytes([code]).decode("cp1252"): glyph for code, glyph in table.items()}


# (what the font's folded name holds, its map by code, its map by character), in the
# order they are tried: "wingdings2" before "wingdings".
_FONTS = tuple(
    (key, table, _by_character(table))
    for key, table in (("wingdings2", WINGDINGS2), ("wingdings", WINGDINGS), ("symbol", SYMBOL))
)


def _font(name: str) -> tuple[str, dict[int, str], dict[str, str]] | None:
    folded = name.casefold().replace(" ", "").replace("-", "")
    return next((font for font in _FONTS if font[0] in folded), None)


def symbol_font(name: str) -> dict[int, str] | None:
    """The symbol map (code -> glyph) of a font name ("ABCDEF+Wingdings-Regular",
    "Wingdings 2"), or None for a text font."""
    font = _font(name)
    return font[1] if font is not None else None


def symbol_font_characters(name: str) -> dict[str, str] | None:
    """The symbol map of a font name keyed by the character a cp1252 text (Word's HTML)
    writes for each code, or None for a text font."""
    font = _font(name)
    return font[2] if font is not None else None
