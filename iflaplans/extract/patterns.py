"""The readers' patterns around numbers, dates and headings, made from the run's words.

The small words of each language ("Page 2 of 5", "Seite 2 von 5", "n° 3", "2019 to
2021", "1er juin") are data (``reader_words`` in ``rules/headings.yaml``); the
digits, punctuation and glyphs between them are written here. A new language needs
only its words in the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from iflaplans.rules.headings import Headings


@dataclass(frozen=True)
class ReaderPatterns:
    """Compiled patterns for one headings vocabulary."""

    # A plan's period: "2019-2021", "2019 to 2021", "2019 à 2021", "2019 bis 2021"
    period: re.Pattern[str]
    # A focus area's number after its label, and the title after it: "No. 2 – Title"
    focus_area_number: re.Pattern[str]
    # A heading's number before its label: "1. Focus Area", "Nr. 2 Ziel"
    number_first: re.Pattern[str]
    # Key initiative codes only: "2.1, 2.3 and 2.4"
    key_initiative_codes: re.Pattern[str]
    # A line that is only a page number: "Page 2 of 5", "3", "Seite 2 von 5"
    page_number: re.Pattern[str]
    # The same in space-aligned text, dashes allowed around the number: "- 3 -"
    layout_page_number: re.Pattern[str]
    # A page mark between two rows of a copy: "2 / 3", "Page 2 of 3"
    page_mark: re.Pattern[str]
    # What may follow a focus area label for it to open one: ": No. 2", " 3"
    focus_area_label_number: re.Pattern[str]
    # Pieces of the time patterns of copied cells (regex source, not compiled)
    day: str  # a day before its month: "1st ", "1er ", "1. "
    day_after_month: str  # a day's ending after its month: "June 3rd"
    filler: str  # between a month and its year: "of ", "de "
    join: str  # between two times: " and ", " to ", " - "
    plural: str  # a label's plural ending: "Timelines:"


def reader_patterns(headings: Headings) -> ReaderPatterns:
    """The patterns of ``headings``' reader words."""
    words = headings.reader_words
    number = words.pattern("number")
    page = words.pattern("page")
    page_of = words.pattern("page_of")
    codes = r"\d{1,2}(?:\.\d{1,2})+"
    return ReaderPatterns(
        period=re.compile(
            rf"\b((?:19|20)\d{{2}})\s*(?:-|/|{words.pattern('to', 'to_year')})\s*"
            r"((?:19|20)\d{2}|\d{2})\b"
        ),
        focus_area_number=re.compile(
            rf"^\s*(?:(?:{number})\s*|#\s*)?(\d{{1,2}})\b\s*[:.)\-–—]?\s*(.*)$", re.S
        ),
        number_first=re.compile(
            rf"^\s*(?:(?:{number})\s*|#\s*)?(\d{{1,2}})(?:\s*[.):\-–—]\s*|\s+)(?=\S)",
            re.IGNORECASE,
        ),
        key_initiative_codes=re.compile(
            rf"^\s*{codes}(?:\s*(?:[,;/&+]|{words.pattern('and')})\s*{codes})+"
        ),
        page_number=re.compile(
            rf"^\s*(?:(?:{page})\s*)?\d{{1,4}}(?:\s*(?:/|{page_of})\s*\d{{1,4}})?\s*$", re.I
        ),
        layout_page_number=re.compile(
            rf"^(?:(?:{page})\s*)?[-–—]?\s*\d{{1,3}}\s*[-–—]?"
            rf"(?:\s*(?:/|{page_of})\s*\d{{1,3}})?$",
            re.IGNORECASE,
        ),
        page_mark=re.compile(
            rf"^\s*(?:(?:{page})\s*\d{{1,4}}|\d{{1,3}})(?:\s*(?:/|{page_of})\s*\d{{1,4}})?\s*$",
            re.IGNORECASE,
        ),
        focus_area_label_number=re.compile(rf"^\s*[:.]?\s*(?:{number})?\s*\d{{1,2}}\b"),
        day=rf"(?:\d{{1,2}}(?:{words.pattern('day_ending')})?\s+)?",
        day_after_month=rf"(?:{words.pattern('day_ending_after_month')})?",
        filler=rf"(?:(?:{words.pattern('date_filler')})\s+)?",
        join=rf"\s*(?:[-/&,]|{words.pattern('and', 'to')})\s*",
        plural=rf"(?:{words.pattern('plural')})?",
    )
