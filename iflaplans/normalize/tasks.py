"""Tasks & Responsibility cell -> numbered tasks."""

from __future__ import annotations

import re

from iflaplans.textutil import collapse

_BULLETS = re.compile(r"(?:^|\s)[•▪●◦‣∙·]\s+")


def _marker(number: int) -> re.Pattern[str]:
    # "2." or "2)" standing alone: not "2020", not "2.4", not inside a word.
    return re.compile(rf"(?<![\w.,/-]){number}\s?[.)](?=\s|$)")


def split_tasks(text: str) -> list[str]:
    """A tasks cell as plain text -> its tasks, in order.

    Numbered tasks ("1. … 2. …") are split on the numbers, which must run in
    sequence, so "etc. 2." splits and "WLIC 2021" does not. Bullets split too.
    A cell without numbering is one task; an empty cell none.
    """
    text = collapse(text)
    if not text:
        return []
    first = _marker(1).search(text)
    if first is not None:
        cuts = [first]
        number = 2
        while (found := _marker(number).search(text, cuts[-1].end())) is not None:
            cuts.append(found)
            number += 1
        if len(cuts) > 1 or first.start() == 0:
            preamble = text[: first.start()].strip()
            tasks = [
                collapse(text[cut.end() : cuts[i + 1].start() if i + 1 < len(cuts) else len(text)])
                for i, cut in enumerate(cuts)
            ]
            if preamble:
                tasks[0] = collapse(f"{preamble} {tasks[0]}")
            return [t for t in tasks if t] or [text]
    parts = [collapse(p) for p in _BULLETS.split(text)]
    parts = [p for p in parts if p]
    return parts or [text]
