"""Time expressions in a folded Timeframe cell: years, ranges, months, quarters, congresses.

The patterns (:mod:`.time_patterns`) are tried in order, each only on cells that
hold what it needs; their matches become spans (:mod:`.time_spans`) that do not
overlap. Month-and-day phrases are confirmed by dateparser with its languages pinned
and a relative base taken from the plan, never from today.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import dateparser

from iflaplans.normalize.timeframe.time_patterns import TimePatterns
from iflaplans.normalize.timeframe.time_spans import (
    YEAR_MONTHS,
    TimeContext,
    TimeSpan,
    day_span,
    match_span,
    months_on,
    year_range_span,
    year_span,
)
from iflaplans.textutil import fold
from iflaplans.years import is_plausible_year


def _overlaps(spans: list[TimeSpan], start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _confirm_with_dateparser(
    patterns: TimePatterns, text: str, span: TimeSpan, base_year: int
) -> TimeSpan:
    """Let dateparser read a day-and-month phrase; keep our reading where it declines."""
    key = (text[span.start : span.end], base_year)
    answers = patterns.dateparser_answers
    if key not in answers:
        settings = {
            "RELATIVE_BASE": datetime(base_year, 1, 1),
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "current_period",
            "REQUIRE_PARTS": ["month"],
            "PARSERS": ["absolute-time"],
        }
        try:
            parsed = dateparser.parse(
                key[0],
                languages=list(patterns.languages),
                settings=settings,
            )
        except (ValueError, OverflowError, TypeError):
            parsed = None
        answers[key] = (parsed.year, parsed.month) if parsed else (None, None)
    month = answers[key][1]
    if month is None:
        return span
    return replace(span, month=month, order=float(month))


def _reads_as_year(text: str, m: re.Match[str], patterns: TimePatterns) -> bool:
    """Whether a bare year-shaped number stands where a year can: not in a name
    ("ISO 2709", "room 2010") or a count ("2000 copies"), and, when it lies outside
    the plausible years, only after a word that leads in a time ("moved to 2999")."""
    before = text[max(0, m.start() - 24) : m.start()]
    if patterns.name_before.search(before) or patterns.count_after.match(text, m.end()):
        return False
    if _IN_ADDRESS.search(text, 0, m.start()):
        return False  # "https://www.ifla.org/news/guide-2022": part of an address
    if text.startswith("+", m.end()):
        return False  # "2000+ responses": a count, never a year
    if patterns.money_before.search(before) or patterns.money_after.match(text, m.end()):
        return False  # "EUR 2000", "2000 €": a sum, never a year
    numbers = [int(n) for n in re.findall(r"\d{4}", m.group())]
    if all(is_plausible_year(n) for n in numbers):
        return True
    word_before = re.search(r"[^\W\d_][\w'.]*\s*$", before)
    return word_before is None or patterns.lead_before.search(before) is not None


# a web or mail address running up to the number, with no space in between
_IN_ADDRESS = re.compile(r"(?:https?:|www\.|\w@)[^\s]*$")
_DIGIT = re.compile(r"\d")
_JOINED_DIGITS = re.compile(r"\d[./-]\d")


def find_times(text: str, patterns: TimePatterns, ctx: TimeContext) -> list[TimeSpan]:
    """Every time expression of a folded cell text, in reading order, not overlapping.

    Years missing from a span (``in November``) are filled later from the cell's
    context; recurring phrases span the plan period; ``from 2020`` / ``2020 onwards``
    run to the period's end.
    """
    vocab = patterns.vocabulary
    spans: list[TimeSpan] = []
    present = set()
    if _DIGIT.search(text):
        present.add("D")
    if patterns.frequency is not None and patterns.period_any.search(text):
        for m in patterns.frequency.finditer(text):
            spans.append(match_span(m, ctx.period_start, ctx.period_end, kind="recurring"))
    for m in patterns.recurring.finditer(text):
        name = patterns.recurring_name
        if name is not None and name.search(text, max(0, m.start() - 24), m.start()):
            continue  # "le comité permanent": the name of a body
        if not _overlaps(spans, m.start(), m.end()):
            spans.append(match_span(m, ctx.period_start, ctx.period_end, kind="recurring"))
    for m in patterns.relative.finditer(text):
        if not _overlaps(spans, m.start(), m.end()):
            offset = vocab.relative[m.group("r")]
            # "the next WLIC": a year later, in the congress month
            congress = patterns.congress_word.search(m.group("r")) is not None
            month = vocab.congress_month if congress else None
            spans.append(
                TimeSpan(
                    m.start(),
                    m.end(),
                    None,
                    None,
                    month=month,
                    order=float(month) if month else None,
                    kind=f"relative{offset:+d}",
                    congress=congress,
                )
            )
    for m in patterns.shift.finditer(text) if patterns.shift is not None else ():
        if not _overlaps(spans, m.start(), m.end()):
            count = m.group("n")
            number = int(count) if count.isdigit() else vocab.shift_counts[count]
            months = number * vocab.shift_units[m.group("u")]
            spans.append(TimeSpan(m.start(), m.end(), None, None, kind=f"shift{months:+d}"))
    if patterns.month_any.search(text):
        present.add("M")
    if patterns.congress_any.search(text):
        present.add("C")
    if patterns.quarter_any.search(text):
        present.add("Q")
    if "D" in present:
        if patterns.quarter_short.search(text):
            present.add("K")
        if _JOINED_DIGITS.search(text):
            present.add("N")
    # numbers read as part of a name ("Strategy 2019-2024"): no part of them is a year
    names: list[TimeSpan] = []
    for (pattern, build), needs in zip(patterns.patterns, patterns.gates, strict=True):
        if not needs <= present:
            continue
        for m in pattern.finditer(text):
            if _overlaps(spans, m.start(), m.end()) or _overlaps(names, m.start(), m.end()):
                continue
            span = build(m, vocab, ctx)
            if span is None:
                continue
            if build in (year_span, year_range_span) and not _reads_as_year(text, m, patterns):
                years = [int(n) for n in re.findall(r"\d{4}", m.group())]
                outside = ctx.period_end is not None and max(years) > ctx.period_end
                if len(years) > 1 and outside and all(is_plausible_year(n) for n in years):
                    names.append(span)  # "Strategy 2019-2024": no part of it is a time
                continue
            if build is day_span and ctx.period_start:
                base = span.year_from or ctx.period_start
                span = _confirm_with_dateparser(patterns, text, span, base)
            spans.append(span)
    spans.sort(key=lambda s: s.start)
    spans = _in_relative_year(text, spans, patterns)
    if patterns.relative_lead is not None:
        spans = _counted_from_next(text, spans, patterns)
    return [_open_ended(text, s, patterns, ctx) for s in _across_new_year(text, spans)]


def _in_relative_year(text: str, spans: list[TimeSpan], patterns: TimePatterns) -> list[TimeSpan]:
    """A time with no year of its own (a congress, a month, a half), followed by a year
    counted from the plan, is in that year: "al CMBI del año próximo", "au congrès de
    l'an prochain", "el segundo semestre del año siguiente", "March of next year"."""
    out: list[TimeSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and last.year_from is None
            and last.kind == "date"
            and last.order is not None
            and span.kind.startswith("relative")
            and not span.congress
            and patterns.year_of_gap.fullmatch(text, last.end, span.start)
        ):
            out[-1] = replace(
                span, start=last.start, month=last.month, order=last.order, congress=last.congress
            )
            continue
        out.append(span)
    return out


_YEAR_TURN = re.compile(r"\s*[/–—-]\s*")
_LATE, _EARLY = 10.0, 2.0  # "late", "Ende"; "early", "début" (seasons stay two)


def _across_new_year(text: str, spans: list[TimeSpan]) -> list[TimeSpan]:
    """Two vague times joined by a slash or a dash, the first late in one year and the
    second early in the next, are one span across the turn of the year: "Late 2019 /
    early 2020" is 2019-2020. Named months stay two ("Dec. 2019 / Feb. 2020")."""
    out: list[TimeSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == span.kind == "date"
            and last.month is None
            and span.month is None
            and last.order is not None
            and span.order is not None
            and last.order >= _LATE
            and span.order <= _EARLY
            and last.year_to is not None
            and span.year_from == last.year_to + 1
            and _YEAR_TURN.fullmatch(text, last.end, span.start)
        ):
            out[-1] = replace(last, end=span.end, year_to=span.year_to)
            continue
        out.append(span)
    return out


def _counted_from_next(text: str, spans: list[TimeSpan], patterns: TimePatterns) -> list[TimeSpan]:
    """A lead that counts from the time right after it and that time are one span: "the
    year after WLIC 2019" is 2020, "im Jahr nach dem Kongress 2020" 2021."""
    assert patterns.relative_lead is not None
    for m in patterns.relative_lead.finditer(text):
        anchor = next(
            (
                s
                for s in spans
                if s.start >= m.start("r") + len(m.group("r"))
                and s.start <= m.end()
                and s.year_from is not None
            ),
            None,
        )
        if anchor is None or anchor.year_to is None or text[anchor.end :].lstrip().startswith(":"):
            continue  # "the year after\n2021: cancelled": a line's label, not the anchor
        offset = patterns.vocabulary.relative_leads[m.group("r")]
        base = anchor.year_to if offset > 0 else anchor.year_from
        if base is None:
            continue
        year = base + offset
        counted = TimeSpan(m.start(), anchor.end, year, year, order=None, kind="date")
        spans = [s for s in spans if s.end <= m.start() or s.start >= anchor.end] + [counted]
        spans.sort(key=lambda s: s.start)
    return spans


def _open_ended(text: str, span: TimeSpan, patterns: TimePatterns, ctx: TimeContext) -> TimeSpan:
    """Widen a span over its "from"/"by" prefix or "onwards" suffix; open ones run to the end."""
    offset = max(0, span.start - 24)
    before = text[offset : span.start]
    opening = patterns.open_from.search(before)
    after = patterns.open_after.match(text, span.end)
    for lead, tail in patterns.open_around:
        if not (opening or after) and lead.search(before) and tail.match(text, span.end):
            opening, after = lead.search(before), tail.match(text, span.end)
    if span.year_from is None or not (opening or after):
        deadline = patterns.deadline.search(before)
        return replace(span, start=offset + deadline.start()) if deadline else span
    start = span.year_from
    end = max(ctx.period_end or span.year_to or start, span.year_to or start)
    return replace(
        span,
        year_to=end,
        named_to=span.year_to,
        kind="open",
        start=offset + opening.start() if opening else span.start,
        end=after.end() if after else span.end,
    )


def fill_years(times: list[TimeSpan], ctx: TimeContext) -> list[TimeSpan]:
    """Give year-less spans the year named before them in the cell, else the plan's first."""
    filled = []
    last = ctx.period_start
    last_order: float | None = None
    for span in times:
        if span.kind.startswith("shift"):
            # "de trois ans" may be a length of the work, not a move: it names no time
            # the next ones count from
            filled.append(_shifted(span, int(span.kind[len("shift") :]), last, last_order))
            continue
        if span.kind.startswith("relative"):
            base = last if last is not None else ctx.period_start
            if base is not None:
                year = base + int(span.kind[len("relative") :])
                span = replace(span, year_from=year, year_to=year, kind="relative")
        elif span.year_from is None and span.kind != "vague" and last is not None:
            span = replace(span, year_from=last, year_to=last, kind="contextual")
        if span.year_to is not None:
            last, last_order = span.year_to, span.order
        filled.append(span)
    return filled


def _shifted(span: TimeSpan, months: int, year: int | None, order: float | None) -> TimeSpan:
    """A length a move goes by, counted from the time before it: whole years from its
    year ("Mid-2018 – postponed by twelve months" is 2019), less from its place in the
    year ("T1 2020 ; reporté d'un trimestre" is later in 2020); with no place to count
    from, no year."""
    if year is None:
        return replace(span, kind="vague")
    if months % YEAR_MONTHS == 0:
        moved = year + months // YEAR_MONTHS
        return replace(span, year_from=moved, year_to=moved, order=order, kind="shift")
    if order is None:
        return replace(span, kind="vague")
    moved, place = months_on(year, order, months)
    return replace(span, year_from=moved, year_to=moved, order=place, kind="shift")


# how far from the plan period a year glued to a name must lie to be part of the name
_NAME_YEAR_DISTANCE = 3
_NAME_BEFORE = re.compile(r"\w[\w,]*\s+(?:[^\W\d_]')?(?P<name>[A-Z][\w-]*)\s+$")


def name_years(
    text: str, times: list[TimeSpan], ctx: TimeContext, patterns: TimePatterns
) -> list[TimeSpan]:
    """The times without bare years that belong to a name ("Aligned with Agenda 2030",
    "Vision 2040"): a year far from the plan period right after a capitalised word inside
    a sentence names a thing, not a time of the activity."""
    if ctx.period_start is None or ctx.period_end is None:
        return times
    low = ctx.period_start - _NAME_YEAR_DISTANCE
    high = ctx.period_end + _NAME_YEAR_DISTANCE
    nouns = set(patterns.vocabulary.year_nouns)
    kept = []
    for t in times:
        name = _NAME_BEFORE.search(text, max(0, t.start - 40), t.start)
        if (
            name is not None
            and text[t.start : t.end].isdigit()
            and t.kind == "date"
            and t.year_from is not None
            and not low <= t.year_from <= high
            and fold(name.group("name")) not in nouns
        ):
            continue
        kept.append(t)
    return kept
