"""Tasks & Responsibility cell -> its tasks.

A cell is split on the first kind of list mark that reads as a list, tried in
this order: numbers ("1. … 2. …", "1) … 2) …", "(1) … (2) …"), letters ("a) …
b) …", "a. … b. …"), bullets ("• … • …", as the readers render Word and HTML
bullet lists) and dashes ("- … - …", typed bullets). A cell without any is one
task; an empty cell none.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from iflaplans.textutil import collapse

_BEFORE_MARK = r"(?<![\w.,/(-])"  # not inside a word, a number ("2.4", "2021"), a path
_ANY_NUMBER = re.compile(_BEFORE_MARK + r"\(?(\d{1,2})\s?[.)](?=\s|$)")
_BULLET_GLYPHS = "•▪●◦‣∙·"
_BULLETS = re.compile(rf"(?:^|\s)[{_BULLET_GLYPHS}]\s+")
_DASH_START = re.compile(r"^([-–—*])\s+")

_Marker = Callable[[int], re.Pattern[str]]


def _number(value: int) -> re.Pattern[str]:
    # "2." or "2)" or "(2)" standing alone: not "2020", not "2.4", not inside a word.
    return re.compile(_BEFORE_MARK + rf"\(?{value}\s?[.)](?=\s|$)")


def _letter_paren(value: int) -> re.Pattern[str]:
    # "b)" or "(b)"; "B)": upper-case letters with a period are initials ("A. B. Smith").
    return re.compile(_BEFORE_MARK + rf"\(?{re.escape(chr(value))}\)(?=\s)")


def _letter_period(value: int) -> re.Pattern[str]:
    return re.compile(_BEFORE_MARK + rf"{re.escape(chr(value))}\.(?=\s)")


def _chain(text: str, marker: _Marker, first: re.Match[str], value: int) -> list[re.Match[str]]:
    """The marks value, value + 1, … in reading order, starting at ``first``."""
    cuts = [first]
    while (found := marker(value + len(cuts)).search(text, cuts[-1].end())) is not None:
        cuts.append(found)
    return cuts


def _cut(text: str, cuts: list[re.Match[str]]) -> list[str]:
    """The text between the marks; words before the first mark open the first task."""
    ends = [c.start() for c in cuts[1:]] + [len(text)]
    # a bullet before a number ("• 1. … • 2. …") belongs to neither task
    tasks = [_unbullet(text[cut.end() : end]) for cut, end in zip(cuts, ends, strict=True)]
    preamble = _unbullet(text[: cuts[0].start()])
    if preamble:
        tasks[0] = collapse(f"{preamble} {tasks[0]}")
    return [t for t in tasks if t] or [text]


def _unbullet(text: str) -> str:
    return collapse(text).strip(_BULLET_GLYPHS + " ")


def _after_colon(text: str, start: int) -> bool:
    return text[:start].rstrip().endswith(":")


def _numbered(text: str) -> list[str] | None:
    """ "1. … 2. …": the numbers must run in sequence, so "etc. 2." splits and "WLIC 2021"
    does not. Word numbering that runs on across cells starts a cell at "4. … 5. …":
    such a run needs two numbers in sequence, at the start of the cell or after a colon
    (a lone "10. Juni" is a date)."""
    first = _number(1).search(text)
    if first is not None:
        cuts = _chain(text, _number, first, 1)
        if len(cuts) > 1 or first.start() == 0:
            return _cut(text, cuts)
    for found in _ANY_NUMBER.finditer(text):
        value = int(found.group(1))
        if value < 2 or not (found.start() == 0 or _after_colon(text, found.start())):
            continue
        cuts = _chain(text, _number, found, value)
        if len(cuts) > 1:
            return _cut(text, cuts)
    return None


def _lettered(text: str) -> list[str] | None:
    """ "a) … b) …", "(a) … (b) …", "A) … B) …" from "a" on; "a. … b. …" only from the start
    of the cell or after a colon, since a period also ends a sentence."""
    for marker, start in ((_letter_paren, "a"), (_letter_paren, "A"), (_letter_period, "a")):
        first = marker(ord(start)).search(text)
        if first is None:
            continue
        at_start = first.start() == 0 or _after_colon(text, first.start())
        if marker is _letter_period and not at_start:
            continue
        cuts = _chain(text, marker, first, ord(start))
        if len(cuts) > 1 or (at_start and marker is _letter_paren):
            return _cut(text, cuts)
    return None


def _bulleted(text: str) -> list[str] | None:
    if _BULLETS.search(text) is None:
        return None
    return [p for p in (collapse(p) for p in _BULLETS.split(text)) if p] or None


def _dashed(text: str) -> list[str] | None:
    """ "- … - …": a cell that opens with a dash is a dash list; the same dash between
    words then opens each item ("- Call for papers - Select speakers"). A dash before a
    digit is a range ("2021 - 2022"), not an item."""
    first = _DASH_START.match(text)
    if first is None:
        return None
    dash = re.escape(first.group(1))
    parts = re.split(rf"\s{dash}\s+(?=[^\W\d_])", text[first.end() :])
    return [p for p in (collapse(p) for p in parts) if p] or None


def split_tasks(text: str) -> list[str]:
    """A tasks cell as plain text -> its tasks, in order (see the module docstring)."""
    text = collapse(text)
    if not text:
        return []
    for split in (_numbered, _lettered, _bulleted, _dashed):
        tasks = split(text)
        if tasks is not None:
            return tasks
    return [text]
