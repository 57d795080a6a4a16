"""Shares of the work done: "40 % done" and "2 of 4 webinars held" are progress, not the
end of the work."""

from __future__ import annotations

import re
from dataclasses import replace

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import CLAUSE_END, Trigger

_SHARE = r"(?<![\d.,])[1-9]\d?(?:[.,]\d+)?\s*%"
_SHARE_BEFORE = re.compile(_SHARE + r"\s*(?:\w+\s+)?$")
# "achevé à 70 %", "completado al 30 %": a short word at most between
_SHARE_AFTER = re.compile(r"\s*(?:\w{1,3}\s+)?" + _SHARE)


def shares_as_progress(folded: str, grammar: Grammar, accepted: list[Trigger]) -> list[Trigger]:
    """The accepted triggers, a completion word beside a share below 100 % ("40 % done",
    "zu 80 % abgeschlossen", "achevé à 70 %") or a part of a count in its clause ("two of
    four webinars held", "ya se dictaron 2 de los 4 talleres") read as work going on:
    dropped beside news of the whole work, else ongoing."""
    partial = [
        t
        for t in accepted
        if t.rule.type == "completed"
        and (
            _SHARE_BEFORE.search(folded, max(0, t.start - 16), t.start) is not None
            or _SHARE_AFTER.match(folded, t.end) is not None
            or _part_of_count(folded, grammar, t)
        )
    ]
    if not partial:
        return accepted
    # beside news of the whole ("In progress", "Completed. 2 of 4 follow-ups sent") a
    # part done is that news's detail
    whole = any(
        t.rule.type == "ongoing" or (t.rule.type == "completed" and t not in partial)
        for t in accepted
    )
    return [
        t if t not in partial else replace(t, rule=replace(t.rule, type="ongoing"))
        for t in accepted
        if not (whole and t in partial)
    ]


_COUNT_REACH = 40  # characters around a completion word a count of its parts may stand in


def _part_of_count(folded: str, grammar: Grammar, trig: Trigger) -> bool:
    """Whether a part of a whole count ("2 of 4", "drei von fünf") stands near a
    completion word, in its clause."""
    if grammar.shares is None:
        return False
    start, end = max(0, trig.start - _COUNT_REACH), trig.end + _COUNT_REACH
    for m in grammar.shares.finditer(folded, start, end):
        if CLAUSE_END.search(folded, min(m.end(), trig.start), max(m.start(), trig.end)):
            continue  # "Done. 2 of 4 follow-ups sent": another clause
        numbers = grammar.time.vocabulary.shift_counts
        part, whole = (
            int(n) if n.isdigit() else numbers.get(n, 0)
            for n in (m.group("part"), m.group("whole"))
        )
        if 0 < part < whole:
            return True
    return False
