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


_Tree = dict[str, "_Tree"]  # a character -> the words that go on with it


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """A regex of literal words that matches as a longest-first alternation would: at a
    given place, the longest word that lets the rest of the pattern match.

    Written as a tree of shared beginnings ("moved(?: (?:to|up))?"), so that the regex
    engine follows one branch per character instead of trying every word in turn: with
    thousands of status phrases that is twenty times faster. When the pattern ignores
    case, pass the words in one case, so that one branch at most follows a character.
    """
    tree: _Tree = {}
    for word in {w for w in words if w}:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _branches(tree) or "(?!)"


def _branches(node: _Tree) -> str:
    """The regex of one node of the word tree: its continuations, and nothing if a word
    may end here; longer first, since the greedy ``?`` tries the branch before skipping."""
    parts = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return f"(?:{body})?" if "" in node else body
