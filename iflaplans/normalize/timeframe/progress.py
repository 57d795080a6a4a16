"""Shares of the work done: "40 % done" is progress, not the end of the work."""

from __future__ import annotations

import re
from dataclasses import replace

from iflaplans.normalize.timeframe.predicates import Trigger

_SHARE = r"(?<![\d.,])[1-9]\d?(?:[.,]\d+)?\s*%"
_SHARE_BEFORE = re.compile(_SHARE + r"\s*(?:\w+\s+)?$")
# "achevé à 70 %", "completado al 30 %": a short word at most between
_SHARE_AFTER = re.compile(r"\s*(?:\w{1,3}\s+)?" + _SHARE)


def shares_as_progress(folded: str, accepted: list[Trigger]) -> list[Trigger]:
    """The accepted triggers, a completion word beside a share below 100 % ("40 % done",
    "zu 80 % abgeschlossen", "achevé à 70 %") read as work going on: dropped beside an ongoing word,
    else ongoing."""
    partial = [
        t
        for t in accepted
        if t.rule.type == "completed"
        and (
            _SHARE_BEFORE.search(folded, max(0, t.start - 16), t.start) is not None
            or _SHARE_AFTER.match(folded, t.end) is not None
        )
    ]
    if not partial:
        return accepted
    going = any(t.rule.type == "ongoing" for t in accepted)
    return [
        t if t not in partial else replace(t, rule=replace(t.rule, type="ongoing"))
        for t in accepted
        if not (going and t in partial)
    ]
