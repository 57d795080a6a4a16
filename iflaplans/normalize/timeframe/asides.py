"""Congress news told in a subordinate clause: a reason or a circumstance, not news.

"Postponed to 2021 because WLIC 2020 was cancelled", "le CMBI 2020 étant annulé",
"Nach der Absage des WLIC 2020 als Webinar durchgeführt": a subordinating word
(``subordinators`` of the language files) brings in what happened to the congress; that
status word is the activity's note, and its words do not stand before the activity's own
status word as a subject. So is the format of a congress named after the cell's first
time ("June 2020. Note: the 2020 Congress will be held online").
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.clause_bounds import BOUNDARY
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger
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
    """Spans of congress news in a cell: subordinate clauses whose status word is a
    congress's news, and the change of format of a congress named after the cell's first
    time (:func:`_congress_format`)."""
    spans = [s for t in triggers if (s := _congress_format(folded, grammar, t, times))]
    leads = grammar.subordinators.finditer(folded) if grammar.subordinators else ()
    for lead in leads:
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


def _congress_format(
    folded: str, grammar: Grammar, trig: Trigger, times: list[TimeSpan]
) -> tuple[int, int] | None:
    """The span of a congress and the change of format it is the subject of, when the
    congress is named after the cell's first time: another thing than the time the
    activity was planned for ("August 2020\nNB: WLIC 2020 will be virtual")."""
    if trig.rule.type != "moved_online" or grammar.formats.fullmatch(folded, trig.start, trig.end):
        return None  # "Presented at the virtual WLIC 2021": a format word names the congress
    dated = [t for t in times if t.year_from is not None]
    if not dated or dated[0].start >= trig.start:
        return None
    first = dated[0].end
    named = [(t.start, t.end) for t in times if t.congress and first <= t.start < trig.start]
    named += [m.span() for m in grammar.time.congress_word.finditer(folded, first, trig.start)]
    if not named:
        return None
    start, end = max(named, key=lambda n: n[1])
    between = folded[end : trig.start]
    if any(c in between for c in ",;:.()") or not all(
        w in grammar.auxiliaries or w in grammar.verb_group for w in WORDS.findall(between)
    ):
        return None
    # the congress's year with it: a word for a congress may stand before its year
    year = next((t for t in times if t.congress and start <= t.start and t.end <= end), None)
    start = _labelled_from(folded, grammar, min(start, year.start) if year else start)
    # the congress opens its clause, after at most the plan's time: "Our session at WLIC
    # 2020 will be virtual" is the activity's news
    opening = max(folded.rfind(c, 0, start) for c in "\n.;:(") + 1
    before = [(t.start, t.end) for t in times if opening <= t.start and t.end <= start]
    rest = folded[opening:start]
    for a, b in before:
        rest = rest.replace(folded[a:b], " ")
    return None if re.search(r"[^\W\d_]", rest) else (start, trig.end)


_LAST_WORD = re.compile(r"([^\W\d_]+)\s+$")
# a short label and a colon opening a line or sentence: "NB:", "N.B. :", "Hinweis:"
_LABEL = re.compile(r"(?:^|(?<=[\n.;]))\s*[^\W\d_][\w.]{0,11}\s*:\s*")


def _labelled_from(folded: str, grammar: Grammar, start: int) -> int:
    """Where a congress's note starts: at its label and article, where a short label and
    a colon open its line ("NB: the WLIC 2020 …"), else at the congress."""
    article = _LAST_WORD.search(folded, max(0, start - 12), start)
    lead = start
    if article is not None and article.group(1) in grammar.article_words:
        lead = article.start(1)  # "NB: the WLIC 2020", "Hinweis: Der Kongress"
    for m in _LABEL.finditer(folded, max(0, lead - 16), lead):
        if m.end() == lead:
            return m.start()
    return lead
