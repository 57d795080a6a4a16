"""Space-aligned pages cleaned: running headers and footers repeated on the pages,
and page numbers, dropped."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from iflaplans.extract.layout.header import _header_cells
from iflaplans.extract.layout.vocabulary import _STRONG_LABELS, _ZONE, _Vocabulary
from iflaplans.textutil import collapse


@dataclass(frozen=True)
class _Line:
    text: str  # tabs expanded, right-stripped
    page: int
    page_top: bool = False  # the first kept non-blank line of a page after the first

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _shape(text: str) -> str:
    """A line's shape for spotting running headers: whitespace collapsed, digits as #."""
    return re.sub(r"\d", "#", collapse(text)).casefold()


def _zones(page: list[str]) -> tuple[list[int], list[int]]:
    filled = [i for i, line in enumerate(page) if line.strip()]
    return filled[:_ZONE], filled[-_ZONE:]


def _is_protected(text: str, vocab: _Vocabulary) -> bool:
    """Lines never taken for running headers: table headers and template labels."""
    if _header_cells(text, vocab) is not None:
        return True
    found = vocab.headings.label_of(text.strip())
    return found is not None and found[0] in _STRONG_LABELS


def _running_shapes(pages: list[list[str]], vocab: _Vocabulary) -> tuple[set[str], set[str]]:
    """Shapes of lines repeated at the top (headers) or bottom (footers) of the pages."""
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        top, bottom = _zones(page)
        tops.update({_shape(page[i]) for i in top if not _is_protected(page[i], vocab)})
        bottoms.update({_shape(page[i]) for i in bottom if not _is_protected(page[i], vocab)})
    filled = sum(1 for page in pages if any(line.strip() for line in page))
    need = max(2, (filled + 1) // 2)
    return {s for s, n in tops.items() if n >= need}, {s for s, n in bottoms.items() if n >= need}


def clean_lines(text: str, vocab: _Vocabulary) -> list[_Line]:
    """The text's lines without running headers/footers and page numbers.

    The first page's running header is kept (it may carry the only title).
    """
    pages = [
        [line.expandtabs(8).rstrip() for line in page.split("\n")] for page in text.split("\f")
    ]
    headers, footers = _running_shapes(pages, vocab)
    lines: list[_Line] = []
    for page_no, page in enumerate(pages, start=1):
        top, bottom = _zones(page)
        first = True
        for index, line in enumerate(page):
            if index in top or index in bottom:
                shape = _shape(line)
                keep_title = page_no == 1 and index in top and shape in headers
                dropped = (index in top and shape in headers) or (
                    index in bottom and shape in footers
                )
                if vocab.patterns.layout_page_number.match(line.strip()) or (
                    dropped and not keep_title
                ):
                    continue
            top_line = first and page_no > 1 and bool(line.strip())
            lines.append(_Line(line, page_no, top_line))
            first = first and not line.strip()
    return lines
