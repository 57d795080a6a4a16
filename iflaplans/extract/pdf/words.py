"""Words and lines of a PDF page, and the text of a cell from its words."""

from __future__ import annotations

from dataclasses import dataclass

from iflaplans.extract.wrapping import join_lines

_BULLETS = frozenset("➢➤►▶❖✓✔■□◆◇")  # list marks split_tasks does not know: -> "•"


@dataclass(slots=True)
class _Word:
    """A word on the page (or a drawn checkbox standing for one)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str = ""

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class _Line:
    """Words on one baseline, left to right."""

    words: list[_Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def height(self) -> float:
        return max(w.bottom - w.top for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _group_lines(words: list[_Word]) -> list[_Line]:
    """Words -> lines, top to bottom: a word joins the line its height mostly overlaps."""
    lines: list[_Line] = []
    bounds: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        if bounds:
            top, bottom = bounds[-1]
            if min(bottom, word.bottom) - max(top, word.top) >= 0.5 * height:
                lines[-1].words.append(word)
                bounds[-1] = (min(top, word.top), max(bottom, word.bottom))
                continue
        lines.append(_Line([word]))
        bounds.append((word.top, word.bottom))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _line_text(words: list[_Word], bullets: bool) -> str:
    """The text of one line of a cell; a leading list mark becomes "•" when ``bullets``."""
    texts = [w.text for w in words]
    if bullets and texts and texts[0] in _BULLETS and len(texts) > 1:
        texts[0] = "•"
    return " ".join(texts)


def _cell_text(words: list[_Word], bullets: bool = True) -> str:
    """The words of one cell -> its text, line by line."""
    return join_lines([_line_text(line.words, bullets) for line in _group_lines(words)])
