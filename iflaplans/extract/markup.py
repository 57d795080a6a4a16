"""Cell text as plain text: HTML fragments removed, list items numbered, checkboxes read."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from iflaplans.textutil import collapse

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_INPUT = re.compile(r"<\s*input\b[^<>]*>", re.IGNORECASE)
_NUMBER = re.compile(r"[0-9]{1,6}")
_MARKED = re.compile(r"^\s*(?:\d{1,2}\s*[.)]\s|[a-z][.)]\s|[•▪●◦‣∙·\-–*]\s)")  # typed mark


class _PlainText(HTMLParser):
    """Collects text; marks list items that carry no mark of their own: the items of an
    ``<ol>`` get their number ("1. "), those of a ``<ul>`` a bullet ("• "), as the
    Word reader renders Word's own lists."""

    def __init__(self, breaks: str = " ") -> None:
        super().__init__(convert_charrefs=True)
        self.breaks = breaks  # what a line break (<br>, a new paragraph or item) becomes
        self.parts: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [is_ordered, next number]
        self.pending_item: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ol", "ul"):
            self.lists.append([tag == "ol", _start(attrs) if tag == "ol" else 1])
        elif tag == "li":
            self.parts.append(self.breaks)
            if self.lists and self.lists[-1][0]:
                self.pending_item = f"{self.lists[-1][1]}. "
                self.lists[-1][1] += 1
            else:
                self.pending_item = "• "
        elif tag in ("br", "p", "div"):
            self.parts.append(self.breaks)
        elif tag in ("tr", "td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        self.parts.append(" " if tag in ("li", "p", "div", "td", "th", "tr") else "")

    def handle_data(self, data: str) -> None:
        if self.pending_item is not None and data.strip():
            if not _MARKED.match(data):
                data = self.pending_item + data.lstrip()
            self.pending_item = None
        self.parts.append(data)


def _start(attrs: list[tuple[str, str | None]]) -> int:
    """The first number of an ``<ol start="4">`` (1 without a usable ``start``)."""
    value = (dict(attrs).get("start") or "").strip()
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    return int(value) if _NUMBER.fullmatch(value) and int(value) < 100 else 1


def to_lines(cell: str) -> str:
    """A cell -> plain text that keeps its line breaks (``<br>``, paragraphs, list
    items and "\\n"), each line's whitespace collapsed."""
    text = cell
    if _TAG.search(cell):
        parser = _PlainText("\n")
        parser.feed(cell)
        parser.close()
        text = "".join(parser.parts)
    elif "&" in cell:
        text = html.unescape(cell)
    return "\n".join(collapse(line) for line in text.split("\n") if line.strip())


def to_plain(cell: str) -> str:
    """A cell that may hold HTML fragments -> plain text, whitespace collapsed.

    Items of an ordered list without typed numbers get "1. ", "2. " so that the
    tasks splitter sees the same shape as typed numbering.
    """
    if "<" not in cell and "&" not in cell:
        return collapse(cell)
    if not _TAG.search(cell):
        return collapse(html.unescape(cell))
    parser = _PlainText()
    parser.feed(cell)
    parser.close()
    return collapse("".join(parser.parts))


def read_checkbox(cell: str, checked: frozenset[str], unchecked: frozenset[str]) -> bool | None:
    """The state of a Funding Needed cell: True, False, or None when it does not say.

    Reads ``<input type="checkbox">`` (ticked when it has a ``checked`` attribute),
    box glyphs and short words, as listed in the heading vocabulary.
    """
    match = _INPUT.search(cell)
    if match:
        return bool(re.search(r"\bchecked\b", match.group(0), re.IGNORECASE))
    # Word's HTML wraps even a lone "Yes" or "☒" in <p class=MsoNormal> and <span>.
    text = to_plain(cell).casefold()
    if not text:
        return None
    for glyph in sorted(checked | unchecked, key=len, reverse=True):
        word = glyph[0].isalnum()
        if (text == glyph.casefold()) if word else text.startswith(glyph.casefold()):
            return glyph in checked
    return None
