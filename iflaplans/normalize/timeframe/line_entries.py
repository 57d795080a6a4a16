"""Lines of a cell that list an entry of their own: "Task 2: 2021 – ongoing".

Units write the parts of an activity as a list, one line each, every line with its own
time and its own news ("Phase 1: 2019 – done\\nPhase 2: 2020-2021 – in progress"). The
time that heads such a line is that entry's plan, not the time of the news after it.
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, Trigger
from iflaplans.normalize.timeframe.time_spans import TimeSpan

# "1)", "2.", "a)", "(3)", "2a", "2nd": the number of a list entry before its label
_NUMBER = re.compile(r"\(?(?:\d{1,2}(?:a|o|e|er|re|st|nd|rd|th)?|[a-z])[).]?\s+|\(?\d{1,2}[).]")
_BULLETS = " \t•*–—-·>"
# a short name before its colon, comma or bracket heads a line: "Survey:", "Pilot,"
_HEADING_WORDS = 4
# times that name when: "2 newsletters per year" heads no entry
_DATED = frozenset({"date", "open"})


def opens_entry(
    text: str, folded: str, grammar: Grammar, time: TimeSpan, news: list[Trigger]
) -> bool:
    """Whether ``time`` heads a line of the cell after its first one, as the plan of that
    line's entry: after nothing but a bullet, a number or a short label ("Tâche 2 :",
    "Pilot,", "Étape 2)", "2a etapa"), with no status phrase of ``news`` before it on its line, and,
    without a label ending in a colon, comma or bracket, before a colon, a dash, a comma
    or a bracket ("2021: postponed to 2022", "marzo 2021 – por confirmar"). Without
    them the time may be the news's own ("2020 Pausiert.\\n2021 abgesagt")."""
    line = folded.rfind("\n", 0, time.start)
    if line < 0 or time.kind not in _DATED:
        return False
    if any(line < t.start < time.start for t in news):
        return False  # "Postponed: 2021" is the move's time
    lead = folded[line + 1 : time.start].strip(_BULLETS)
    numbered = _NUMBER.match(lead)
    if numbered is not None:
        lead = lead[numbered.end() :]
    after = text[time.end :].lstrip(" )")
    separated = after[:1] in ("", "\n", ":", "–", "—", ",", "(") or after[:2] == "- "
    if not lead:
        return separated
    if lead.rstrip()[-1:] in (":", ",", "(", ")") and len(WORDS.findall(lead)) <= _HEADING_WORDS:
        return True
    # "2a etapa 2020 – en curso": a label word with no colon of its own
    return separated and grammar.labels.fullmatch(lead.rstrip() + ":") is not None
