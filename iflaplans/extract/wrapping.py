"""Lines broken at a line end, joined back: what the readers of wrapped text share.

Line ends become one kind ("\\n", form feeds for page breaks) before a reader splits
its text (:func:`normalize_breaks`); a cell's lines are joined with "\\n" unless a
word or a range was broken between them (:func:`join_lines`, the PDF reader's), or
with a word broken at its hyphen rejoined, the hyphen kept
(:func:`join_keeping_hyphens`, the space-aligned text reader's).
"""

from __future__ import annotations

import re

# Characters str.splitlines() also ends lines at: in an export they stand inside a cell.
_SOFT_BREAKS = str.maketrans(dict.fromkeys("\v\x1c\x1d\x1e\x85\u2028\u2029", " "))
_LETTER_HYPHEN = re.compile(r"[^\W\d]-$")  # a word broken at a line end
# A form feed with text before and after it on its line (a page break ends a line).
_INLINE_FORM_FEED = re.compile(r"(\S[^\S\n\f]*)\f+(?=[^\S\n\f]*\S)")


def normalize_breaks(text: str) -> str:
    """Text whose only line end is "\\n": CR LF and CR become "\\n", while the other
    characters :meth:`str.splitlines` ends lines at (U+2028, U+2029, U+0085, vertical
    tab, and form feeds between text on a line) become spaces. A form feed at a line's
    start or end stays: it is a page break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SOFT_BREAKS)
    return _INLINE_FORM_FEED.sub(r"\1 ", text) if "\f" in text else text


def hyphen_joins(before: str, after: str) -> bool:
    """True when ``before`` ends with a word broken by a hyphen that ``after`` completes."""
    return (
        len(before) >= 2
        and before[-1] in "-\u00ad\u2010"
        and before[-2].isalpha()
        and before[-2].islower()
        and after[:1].isalpha()
        and after[:1].islower()
    )


def _glue(before: str, after: str) -> str | None:
    """The two lines of a cell as one when the break between them is not a space."""
    if hyphen_joins(before, after):
        return before[:-1] + after  # "infor-" + "mation"
    if len(before) >= 2 and before[-1] == "-" and before[-2].islower() and after[:1].isupper():
        return before + after  # a compound broken at its own hyphen: "Asia-" + "Pacific"
    if after[:1] and after[0] in ".,;:!?)":
        return before + after  # a narrow column pushed the punctuation down
    if len(before) >= 2 and before[-1] in "-–" and before[-2].isdigit() and after[:1].isdigit():
        return before + after  # "2020–" + "2021"
    return None


def join_lines(texts: list[str]) -> str:
    """A cell's lines -> its text: lines joined by "\\n", unless a word or range was broken."""
    out: list[str] = []
    for text in texts:
        glued = _glue(out[-1], text) if out and text else None
        if glued is not None:
            out[-1] = glued
        elif text:
            out.append(text)
    return "\n".join(out)


def join_keeping_hyphens(parts: list[str]) -> str:
    """Cell lines joined with "\\n"; a word hyphenated at a line end is rejoined, its
    hyphen kept (the reading of space-aligned text)."""
    out = ""
    for part in parts:
        if out and _LETTER_HYPHEN.search(out) and part[:1].islower():
            out += part
        else:
            out = f"{out}\n{part}" if out else part
    return out
