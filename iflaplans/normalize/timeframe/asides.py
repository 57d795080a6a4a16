"""Congress news told in a subordinate clause: a reason or a circumstance, not news.

"Postponed to 2021 because WLIC 2020 was cancelled", "le CMBI 2020 étant annulé",
"Nach der Absage des WLIC 2020 als Webinar durchgeführt": a subordinating word
(``subordinators`` of the language files) brings in what happened to the congress; that
status word is the activity's note, and its words do not stand before the activity's own
status word as a subject.
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.clause_bounds import BOUNDARY
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import Trigger
from iflaplans.normalize.timeframe.time_spans import TimeSpan

_REACH = 60  # characters between a subordinating word and the status word it brings in


def _congress_near(
    folded: str, grammar: Grammar, times: list[TimeSpan], start: int, end: int
) -> int | None:
    """The start of a congress named in folded[start:end], if any."""
    starts = [t.start for t in times if t.congress and start <= t.start and t.end <= end]
    word = grammar.time.congress_word.search(folded, start, end)
    if word is not None:
        starts.append(word.start())
    return min(starts, default=None)


def congress_asides(
    folded: str, grammar: Grammar, triggers: list[Trigger], times: list[TimeSpan]
) -> list[tuple[int, int]]:
    """Spans of subordinate clauses whose status word is a congress's news."""
    if grammar.subordinators is None:
        return []
    spans: list[tuple[int, int]] = []
    for lead in grammar.subordinators.finditer(folded):
        trig = next((t for t in triggers if t.start >= lead.end()), None)
        if trig is None or trig.start - lead.end() > _REACH:
            continue
        if (
            BOUNDARY.search(folded, lead.end(), trig.start)
            or "," in folded[lead.end() : trig.start]
        ):
            continue  # the status word belongs to another clause
        # the congress between the subordinating word and the status word ("da der WLIC
        # 2020 abgesagt wurde"), right after it ("vor der Absage des WLIC"), or just
        # before the subordinating word ("le CMBI 2020 étant annulé")
        after = _congress_near(folded, grammar, times, lead.end(), trig.start)
        follows = re.match(r"\s+(?:\w+\s+){0,2}?(?=\w)", folded[trig.end :])
        tail = trig.end + (follows.end() if follows else 0)
        behind = _congress_near(folded, grammar, times, trig.end, tail + 12)
        before = [t for t in times if t.congress and 0 <= lead.start() - t.end <= 2]
        if after is None and behind is None and not before:
            continue
        start = before[-1].start if before else lead.start()
        end = max([trig.end, *(t.end for t in times if t.congress and t.start == behind)])
        spans.append((start, end))
    return spans
