"""What the layout reader derives once per file from the run's headings, and its small
text helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from iflaplans.extract.patterns import ReaderPatterns, reader_patterns
from iflaplans.rules.headings import Headings

_GAP = re.compile(r" {2,}")
_SEGMENT = re.compile(r"\S+(?: \S+)*")
_KI_LINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+\.?) {2,}(\S.*)$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_SENTENCE_END = re.compile(r"[.!?;:)]\s*$")
_STRONG_LABELS = frozenset(
    ("unit_label", "focus_area", "strategic_direction", "key_initiatives",
     "communication", "impact_measure", "related_units")
)  # fmt: skip


_ZONE = 2  # non-blank lines at the top and bottom of a page where headers/footers live
_SNAP = 8  # how far a cut may move to reach a column gutter


@dataclass(frozen=True)
class _Vocabulary:
    """The headings of a run, with what this reader derives from them once per file."""

    headings: Headings
    names: dict[str, str]  # folded column name -> role, for reading header words
    boxes: tuple[str, ...]  # checkbox glyphs (not words), longest first
    patterns: ReaderPatterns  # page numbers and focus area numbers, in the run's words

    @classmethod
    def of(cls, headings: Headings) -> _Vocabulary:
        names = {name: role for role, found in headings.columns.items() for name in found}
        glyphs = headings.checked | headings.unchecked
        boxes = tuple(sorted((g for g in glyphs if not g[0].isalnum()), key=len, reverse=True))
        return cls(headings, names, boxes, reader_patterns(headings))


def _segments(text: str) -> list[tuple[int, int, str]]:
    """Runs of text separated by two or more spaces: (start, end, text)."""
    return [(m.start(), m.end(), m.group()) for m in _SEGMENT.finditer(text)]


def _starts_with_box(text: str, vocab: _Vocabulary) -> str | None:
    stripped = text.lstrip()
    return next((g for g in vocab.boxes if stripped.startswith(g)), None)
