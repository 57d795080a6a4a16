"""The planned time of a Timeframe cell: the planned event, times listed apart, and
the words around a time that only name it (a heading before it, a congress's city after).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from iflaplans.normalize.timeframe.clause_bounds import STRIP, content_words
from iflaplans.normalize.timeframe.grammar_records import Grammar
from iflaplans.normalize.timeframe.predicates import WORDS, one_near
from iflaplans.normalize.timeframe.time_spans import TimeSpan
from iflaplans.textutil import collapse, fold
from iflaplans.years import span_problem


@dataclass(frozen=True)
class EventReading:
    """One event read from a cell, before it is tied to an activity."""

    event_type: str
    year_from: int | None
    year_to: int | None
    month: int | None
    target_unit: str | None
    note: str | None
    phrase: str
    confidence: float
    rule_id: str


def planned_event(times: list[TimeSpan], text: str) -> EventReading | None:
    """The planned event of ``times``, from the earliest year named to the latest."""
    dated = [t for t in times if t.year_from is not None]
    if not dated:
        return None
    named = [t for t in dated if t.kind not in ("recurring", "contextual")]
    if named and len(named) < len(dated):
        dated = named  # "Throughout 2020", "Annually, 2020-2021": the years named win
    kinds = {t.kind for t in dated}
    confidence = 1.0 if kinds <= {"date", "open"} else 0.9 if "recurring" in kinds else 0.75
    rule = "time." + "+".join(sorted(kinds))
    phrase = collapse(text[dated[0].start : dated[-1].end])
    first_from = min(t.year_from for t in dated if t.year_from is not None)
    last_to = max(t.year_to or t.year_from or first_from for t in dated)
    # a month written beside a congress is its date; the congress's own month is a default
    month = next((t.month for t in dated if t.month and not t.congress), None)
    month = month or next((t.month for t in dated if t.month), None)
    return EventReading("planned", first_from, last_to, month, None, None, phrase, confidence, rule)


# a new line, a semicolon, a numbered item ("1) Survey 2020 2) Report 2021") or a full stop
# that ends a sentence ("Scoping: 2022. Build: 2023") lists times apart
_LIST_BREAK = re.compile(r";|\n|(?<!\S)\d{1,2}\)\s|(?<=[\w)])\.\s")
# a comma or a spaced slash lists times too ("Autumn 2021 / Spring 2022", "2021, 2022,
# 2023"), when only labels stand between them ("Phase 1: 2019 / Phase 2: 2020")
_LIST_COMMA = re.compile(r"\s/\s|,")
_GAP_HEADING = re.compile(r"[^\W\d_][\w' -]{0,40}:\s*$")


def _listed_apart(folded: str, start: int, end: int, grammar: Grammar) -> bool:
    """Whether the words between two times list them apart rather than join them."""
    if _LIST_BREAK.search(folded, start, end):
        return True
    gap = folded[start:end]
    unlabelled = grammar.labels.sub(" ", gap)
    if unlabelled != gap and not content_words(unlabelled, grammar):
        return True  # "Task 1: Q1 2022 Task 2: 2023": each task's own time
    if not _LIST_COMMA.search(gap):
        return False
    gap = _GAP_HEADING.sub(" ", grammar.labels.sub(" ", gap))  # ", final draft: 2021"
    return not content_words(gap, grammar)


def _side_by_side(folded: str, first: TimeSpan, second: TimeSpan, grammar: Grammar) -> bool:
    """Two times of different years with only a space between them ("Nov 2019 January
    2020 onwards"): the patterns kept them apart, so they are listed; "August 2020 WLIC
    2020" names one time twice, and "Herbst 2019 bis Frühjahr 2020", whose second time
    took the range word as its deadline, is one span."""
    if not folded[first.end : second.start].isspace():
        return False
    lead = WORDS.match(folded, second.start)
    if second.kind != "open" and lead and lead.group() in grammar.time.vocabulary.range_words:
        return False
    return first.year_from != second.year_from and second.kind != "relative"


def _years(event: EventReading) -> tuple[int | None, int | None]:
    return event.year_from, event.year_to


def listed_plans(
    planned: EventReading,
    planned_times: list[TimeSpan],
    folded: str,
    text: str,
    grammar: Grammar,
) -> list[EventReading]:
    """Times listed apart ("Stage 1: 2019; Stage 2: 2020", "Oct 2019 / August 2020
    onwards") are one planned event each; a single expression stays one."""
    dated = [t for t in planned_times if t.year_from is not None]
    groups: list[list[TimeSpan]] = []
    for time in dated:
        if groups and not _listed_apart(folded, groups[-1][-1].end, time.start, grammar):
            if _side_by_side(folded, groups[-1][-1], time, grammar):
                groups.append([time])
                continue
            groups[-1].append(time)
        else:
            groups.append([time])
    if len(groups) < 2 or any(t.kind == "recurring" for t in dated):
        return [planned]
    if any(span_problem(t.year_from, t.year_to) for t in dated):
        return [planned]  # "2020, 2999": a mistyped year empties the whole plan, once
    # the congress named again ("at the Dublin congress in August 2020; as WLIC 2020 was
    # cancelled") is the same plan
    found: list[EventReading] = []
    last: list[TimeSpan] = []  # the times of the last event
    for group in groups:
        event = planned_event(group, text)
        if event is None:
            continue
        item = bool(last) and _LIST_ITEM.search(folded, last[-1].end, group[0].start)
        same = [p for p in found if _years(p) == _years(event)]
        if (
            all(t.congress for t in group)
            and same
            # "2. March 2020\n3. WLIC 2020": a list's entry of its own, unless told twice
            and (not item or any(p.month == event.month for p in same))
        ):
            continue
        if (
            last
            and all(t.congress for t in last)
            and _years(found[-1]) == _years(event)
            and re.fullmatch(r"[\s,]*", folded[last[-1].end : group[0].start]) is not None
        ):
            # "Kongress Dublin, Juli 2022": the congress and its date are one time
            last = [*last, *group]
            found[-1] = planned_event(last, text) or event
            continue
        found.append(event)
        last = group
    found[-1] = replace(found[-1], note=planned.note)
    return found


# a new line that a number, a letter or a bullet opens: "\n3. ", "\nb) ", "\n• "
_LIST_ITEM = re.compile(r"\n[^\S\n]*(?:\d{1,2}[.)]|[a-z][.)]|[•*·-])[^\S\n]*$")


_HEADING = re.compile(r"(?:^|[;,\n]|\s/\s|(?<=\w)\.\s)\s*([^:;.\n]{1,60}?)\s*:\s*$")


def heading_spans(folded: str, times: list[TimeSpan]) -> list[tuple[int, int]]:
    """A subject or label that opens a line or a list item, and a colon right before a time ("Top 10
    list: Q4 2017", "ISO 2789 revision: 2021") names what is planned; it is not news."""
    spans: list[tuple[int, int]] = []
    if ":" not in folded:
        return spans
    for time in times:
        m = _HEADING.search(folded, 0, time.start)
        if m is not None and len(WORDS.findall(m.group(1))) <= 6:
            spans.append((m.start(1), time.start))
    return spans


_CITY = re.compile(r"\s+[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?")


def _host_city(aside: str, grammar: Grammar) -> bool:
    """Whether a bracketed aside names a congress's host city or a month ("(Dublin)",
    "(Dublín)", "(Mai)"): after any time it says where or when; other capitalised words
    may be news ("(Merged)")."""
    inner = aside.strip(" ()")
    vocabulary = grammar.time.vocabulary
    known = inner in vocabulary.congress_cities or inner.rstrip(".") in vocabulary.months
    return aside.lstrip().startswith("(") and known  # "(Dublin)", "Bibliothekartag 2020 (Mai)"


def _status_like(words: str, grammar: Grammar) -> bool:
    """Whether the words of a phrase are status words of any language, as written or one
    letter off ("(Anulé)" is no place)."""
    every = grammar.fallback or grammar
    return any(
        w in every.known_forms or w in every.phrase_keys or one_near(w, every) is not None
        for w in WORDS.findall(words)
    )


# a place in brackets or after a dash, closing the cell
_PLACE_ASIDE = re.compile(
    r"\s*(?:\(\s*[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?\s*\)"
    r"|[–—-]\s*[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?)"
)
_PLACE = re.compile(r"\s*(?:[^\W\d_]+\s+)?([A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?)")


def place_spans(
    text: str, folded: str, grammar: Grammar, times: list[TimeSpan]
) -> list[tuple[int, int]]:
    """The host city written after a congress ("WLIC 2019 in Athens", "Weltkongress 2017 in
    Breslau"), closing the cell after a dash or in brackets after a congress, or a host
    city in brackets after any time ("WLIC 2019 – Athènes", "Août 2020 (Dublin)"): where
    it is, not news."""
    spans = []
    for time in times:
        aside = _PLACE_ASIDE.match(text, time.end)
        if (
            aside is not None
            and (time.congress or _host_city(folded[aside.start() : aside.end()], grammar))
            and not text[aside.end() :].strip(STRIP)
            and grammar.formats.search(folded, aside.start(), aside.end()) is None
            and not _status_like(folded[aside.start() : aside.end()], grammar)
        ):
            spans.append((time.end, aside.end()))  # "Août 2020 (Dublin)", "WLIC 2019 – Athen"
            continue
        if not time.congress:
            continue
        lead = grammar.destinations.match(folded, time.end + 1)
        if lead is None or not text[time.end : lead.start()].isspace():
            # "WLIC2019 Athens": a name right after the congress, ending the cell
            m = _CITY.match(text, time.end)
            if (
                m is not None
                and not text[m.end() :].strip(STRIP)
                and grammar.formats.search(folded, m.start(), m.end()) is None
            ):
                spans.append((time.end, m.end()))
            continue
        m = _PLACE.match(text, lead.end())
        if m is not None and not text[m.end() :].strip(STRIP):
            spans.append((time.end, m.end()))
    return spans


_HOST = re.compile(
    r"\s+(?P<lead>[^\W\d_]+)\s+(?P<city>[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?)"
    r"|\s*\(\s*(?P<bracketed>[A-ZÀ-Þ][\w'-]*(?:\s+[A-ZÀ-Þ][\w'-]*)?)\s*\)"
)


def host_cities(
    text: str, grammar: Grammar, times: list[TimeSpan], words: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The host city right after a congress, wherever it stands ("Beim WLIC 2019 in Athen
    durchgeführt", "WLIC 2017 (Breslau) presented"): part of the congress's name, so no
    subject of the verb after it. A city ends where a status phrase (``words``) starts."""
    spans = []
    starts = {a for a, _ in words}
    for time in times:
        m = _HOST.match(text, time.end)
        if m is None or (m["lead"] and not grammar.destinations.fullmatch(fold(m["lead"]))):
            continue
        if not time.congress and m.end() + _spaces(text, m.end()) not in starts:
            continue  # "Am 12. März 2019 in Berlin durchgeführt": a date's place, then its verb
        city, end = m.start("city" if m["city"] else "bracketed"), m.end()
        for a, _ in words:
            if city <= a < end:
                end = a  # "in Athens Completed": the status word is no part of the name
        if text[city:end].strip(STRIP):
            spans.append((time.end, end))
    return spans


def _spaces(text: str, at: int) -> int:
    """How many spaces stand at ``at``."""
    return len(text) - at - len(text[at:].lstrip(" "))
