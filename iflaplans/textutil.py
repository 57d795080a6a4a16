"""Small pure helpers on strings shared by the stages."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "’": "'", "‘": "'"})


def collapse(text: str) -> str:
    """Whitespace runs (newlines, tabs, non-breaking spaces) -> one space, ends trimmed."""
    return _WS.sub(" ", text.replace("\u00a0", " ")).strip()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    base = base.casefold().translate(_DASHES)
    return base if len(base) == 1 else ch.lower() if len(ch.lower()) == 1 else ch


def fold(text: str) -> str:
    """Lower-case, accent-free, dash- and quote-normalized copy of ``text``.

    The result has exactly the length of the input, so an offset found in the
    folded text is the same offset in the original (used to quote phrases as written).
    """
    if text.isascii():  # most text: one table lookup per character
        return text.translate(_ASCII_FOLD)
    return "".join(map(_fold_char, text))


# What _fold_char gives for each ASCII character, as a translation table.
_ASCII_FOLD = {i: _fold_char(chr(i)) for i in range(128)}


def slug(text: str) -> str:
    """Lower-case ASCII slug with hyphens ("Big Data SIG" -> "big-data-sig")."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of literal words, longest first (so the longest one wins)."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in ordered) or "(?!)"
