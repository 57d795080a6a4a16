"""Time expressions in a folded Timeframe cell: years, ranges, months, quarters, congresses.

Each pattern is built from the grammar's vocabulary. Bare years, ranges, quarters
and congresses are our own patterns (dateparser has no quarters and turns stray
numbers into dates); month-and-day phrases are confirmed by dateparser with its
languages pinned and a relative base taken from the plan, never from today.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

import dateparser

from iflaplans.textutil import alternation as _alternation
from iflaplans.years import YEAR_PATTERN, is_plausible_year

# Year-shaped, plausible or not: the cell reader empties implausible years afterwards.
YEAR = f"(?:{YEAR_PATTERN})"
# a year cut to two digits after an apostrophe: "Summer '21", "Oct '20"
SHORT = r"'(?P<ys>\d{2})"
# a year cut to two digits after a congress or a quarter, with or without its apostrophe
# ("WLIC'22", "WLIC 22", "Q2 '22", "Q2/22"); the whole year wins where it is written
_YEAR_OR_SHORT = rf"(?:(?P<y>{YEAR})|'?(?P<ys>\d{{2}}))(?![\d])"


@dataclass(frozen=True)
class TimeVocabulary:
    """Folded time words of one language set, each mapped to what it means."""

    months: dict[str, int]
    seasons: dict[str, int]
    parts: dict[str, int]
    quarter_prefix: tuple[str, ...]
    quarter_words: tuple[str, ...]
    half_prefix: tuple[str, ...]
    half_words: tuple[str, ...]
    ordinals: dict[str, int]
    congress_words: tuple[str, ...]
    congress_month: int
    congress_cities: dict[str, tuple[int, ...]]
    midterm: tuple[str, ...]
    recurring: tuple[str, ...]
    open_from: tuple[str, ...]
    deadline: tuple[str, ...]
    open_after: tuple[str, ...]
    relative: dict[str, int]
    range_words: tuple[str, ...]
    range_prefix: tuple[str, ...]
    # Words that make the number after them a name ("ISO 2709", "room 2010"), or the
    # number before them a count ("2000 copies"): such numbers are never years.
    number_names: tuple[str, ...] = ()
    count_nouns: tuple[str, ...] = ()
    # A period after a count ("2 webinars per year", "3 numeros par an"): a frequency,
    # which plans the whole period like "annually".
    per_period: tuple[str, ...] = ()
    # counts written as words before such a period ("three issues a year")
    count_words: tuple[str, ...] = ()
    # Words after which a year-shaped number outside the plausible years is still read
    # as a (mistyped) year: "moved to 2999", "since 1850".
    time_leads: tuple[str, ...] = ()


@dataclass(frozen=True)
class TimeSpan:
    """A time expression found in a cell (offsets into the cell text)."""

    start: int
    end: int
    year_from: int | None
    year_to: int | None
    month: int | None = None  # a named month ("August 2020" -> 8)
    order: float | None = None  # position within the year, to compare moves (month-like)
    kind: str = "date"  # date | recurring | open | relative | vague
    congress: bool = False
    named_to: int | None = None  # an open span's last year as written, before it ran on


@dataclass(frozen=True)
class TimeContext:
    """What a cell's time expressions are read against: the plan period."""

    period_start: int | None = None
    period_end: int | None = None


def _cut_short(words: list[str], whole: bool = True) -> str:
    """The words (unless not ``whole``), or their first letters and a full stop ("Qu.",
    "trim.", "sem.", "jährl.")."""
    cuts = {w[:n] for w in words if w.isalpha() for n in range(2, len(w))}
    short = rf"(?:{_alternation(sorted(cuts))})\." if cuts else "$^"
    return rf"(?:{_alternation(words)}|{short})" if whole else short


def _recurring_forms(v: TimeVocabulary, congress: str) -> str:
    """The recurring phrases, with two ways to say more than the list does: a figure for a
    count word ("every 2 years" beside "every two years") and any congress name after a
    word that says each ("at every WLIC" beside "every congress")."""
    counts = {w for w in v.count_words if " " not in w}
    forms = [re.escape(p) for p in v.recurring]
    each = set()
    for phrase in v.recurring:
        words = phrase.split()
        if len(words) > 1 and any(w in counts for w in words):
            forms.append(r"\s+".join(r"\d{1,2}" if w in counts else re.escape(w) for w in words))
        if len(words) > 1 and re.fullmatch(rf"(?:{congress})", words[-1]):
            each.add(re.escape(" ".join(words[:-1])))
    if each:
        forms.append(rf"(?:{'|'.join(sorted(each))})\s+(?:{congress})")
    return "|".join(sorted(forms, key=len, reverse=True))


_Builder = Callable[[re.Match[str], TimeVocabulary, TimeContext], TimeSpan | None]


def _year2(start: int, text: str) -> int:
    return int(text) if len(text) == 4 else start // 100 * 100 + int(text)


def _span(m: re.Match[str], y1: int | None, y2: int | None = None, **kw: object) -> TimeSpan:
    if y1 is not None and y2 is not None and y2 < y1:
        y1, y2 = y2, y1
    return TimeSpan(m.start(), m.end(), y1, y2 if y2 is not None else y1, **kw)  # type: ignore[arg-type]


def _group_year(m: re.Match[str], name: str) -> int | None:
    value = m.groupdict().get(name)
    if not value and name == "y" and m.groupdict().get("ys"):
        return 2000 + int(m.group("ys"))
    return int(value) if value else None


class TimePatterns:
    """The compiled time patterns of one vocabulary, in the order they are tried."""

    def __init__(self, v: TimeVocabulary, languages: tuple[str, ...]) -> None:
        self.vocabulary = v
        self.languages = languages
        # dateparser answers per (phrase, base year); kept per grammar, built once per run
        self.dateparser_answers: dict[tuple[str, int], tuple[int | None, int | None]] = {}
        month = _alternation(list(v.months))
        self.month_words = v.months
        cw = _alternation(list(v.congress_words))
        city = _alternation(list(v.congress_cities))
        qp, qw = _alternation(list(v.quarter_prefix)), _cut_short(list(v.quarter_words))
        hp, hw = _alternation(list(v.half_prefix)), _cut_short(list(v.half_words))
        ords = _alternation(list(v.ordinals))
        part = _alternation(list(v.parts) + list(v.seasons))
        rw = _alternation(list(v.range_words))
        prefix = _alternation(list(v.range_prefix))
        of = r"(?:\s+(?:of|de|del|d'|des|du|von|im)\s*|\s*)"
        # a slash joins two times only written tight ("2021/2022"); spaced, it lists them
        sep = r"(?:\s*-\s*|(?<!\s)/(?!\s)|\s*\b(?:" + rw + r")\b\s*)"
        self.patterns: list[tuple[re.Pattern[str], _Builder]] = [
            # WLIC 2020 - Dublin / WLIC2020 / the 2020 congress / WLIC Dublin
            (
                re.compile(
                    rf"\b(?:ifla\s*-?\s*)?(?:{cw})(?:\s+(?:de\s+l'|de\s+la\s+|der\s+|des\s+)?ifla)?(?:\s+(?:de|of|del|von))?"
                    rf"\s*-?\s*{_YEAR_OR_SHORT}(?:\s*[-,(]?\s*(?P<city>{city})\)?)?\b"
                ),
                _congress,
            ),
            (re.compile(rf"\b(?P<y>{YEAR})\s+(?:ifla\s+)?(?:{cw})\b"), _congress),
            (re.compile(rf"\b(?:{cw})\s+(?:in\s+|en\s+|a\s+|de\s+)?(?P<city>{city})\b"), _congress),
            # quarters and halves: Q3 2021, 3rd quarter of 2021, T3 2020, H1 2021, 2nd half of 2020
            (re.compile(rf"\b(?:{qp})\s?(?P<q>[1-4])\b\s*[/-]?{of}{_YEAR_OR_SHORT}?"), _quarter),
            (re.compile(rf"\b(?P<y>{YEAR})\s*[-/ ]\s*(?:{qp})(?P<q>[1-4])\b"), _quarter),
            (re.compile(rf"(?<!\w)(?P<o>{ords})\s+(?:{qw}){of}(?P<y>{YEAR})?"), _quarter),
            (re.compile(rf"\b(?:{hp})(?P<h>[12])\b\s*[/-]?{of}(?P<y>{YEAR})?"), _half),
            (re.compile(rf"(?<!\w)(?P<o>{ords})\s+(?:{hw}){of}(?P<y>{YEAR})?"), _half),
            # month ranges: May-July 2020, June 2020 - March 2021
            (
                re.compile(
                    rf"\b(?P<m1>{month})\.?\s+(?P<y1>{YEAR}){sep}(?P<m2>{month})\.?\s+(?P<y2>{YEAR})\b"
                ),
                _month_range,
            ),
            (
                re.compile(rf"\b(?P<m1>{month})\.?{sep}(?P<m2>{month})\.?,?{of}(?P<y>{YEAR})\b"),
                _month_range,
            ),
            # days: 18 August 2020, 30th of August, March 16-17, 2020, 30. August 2020
            (
                re.compile(
                    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|e|o|\.)?(?:\s*-\s*\d{{1,2}}(?:st|nd|rd|th)?)?{of}(?P<m>{month})\b\.?(?:,?{of}(?P<y>{YEAR}))?"
                ),
                _day,
            ),
            (
                re.compile(
                    rf"\b(?P<m>{month})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s*(?P<y>{YEAR}))?\b"
                ),
                _day,
            ),
            # numeric dates: 15.10.2020, 15/12/2020, 2020-12-15 (day first unless it cannot be)
            (
                re.compile(
                    rf"(?<![\d/.])(?P<a>\d{{1,2}})[./](?P<b>\d{{1,2}})[./]\s?(?P<y>{YEAR})(?![\d])"
                ),
                _numeric_date,
            ),
            (
                re.compile(
                    rf"(?<![\d/.])(?P<y>{YEAR})-(?P<b>0?[1-9]|1[0-2])-(?P<a>\d{{1,2}})(?!\d)"
                ),
                _numeric_date,
            ),
            # month and year: August 2020, Aug. 2020, agosto de 2020, 08/2020
            (re.compile(rf"\b(?P<m>{month})\b\.?,?{of}(?:'?(?P<y>{YEAR})|{SHORT})\b"), _month_year),
            (re.compile(rf"(?<![\d/.])(?P<mn>0?[1-9]|1[0-2])[/.](?P<y>{YEAR})\b"), _month_year),
            # parts and seasons: mid-2020, late 2019, end of 2021, Spring 2021, finales de 2020
            (re.compile(rf"(?<!\w)(?P<p>{part})\s*-?{of}(?:(?P<y>{YEAR})|{SHORT})\b"), _part),
            # year ranges: 2021-2022, 2021-22, 2021/2022, 2020 and 2021, between 2020 and 2021
            (
                re.compile(
                    rf"(?:\b(?:{prefix})\s+)?(?<![\d.])(?P<y1>{YEAR}){sep}(?P<y2>{YEAR}|\d{{2}})(?![\d])"
                ),
                _year_range,
            ),
            (re.compile(rf"(?<![\d.,/])(?P<y>{YEAR})(?![\d])"), _year),
            # no year of their own: in November, at the WLIC, mid-term meeting
            (
                re.compile(
                    rf"\b(?:in|en|im|por|au|el|at|by|before|till|until|avant|antes|bis|vor|d'ici|to|a|auf|hasta|nach|into|pour|para)\s+(?:(?:le|la|el|the)\s+)?(?:mois\s+de\s+|mes\s+de\s+)?(?P<m>{month})\b(?!\s*\d)"
                ),
                _month_only,
            ),
            (re.compile(rf"\b(?:{_alternation(list(v.midterm))})\b"), _vague),
            (
                re.compile(
                    rf"\b(?:at|during|before|after|for|au|pendant|lors\s+du|lors\s+de|durante|en|al|beim|zum|auf|am|bei|im)\s+(?:the\s+|le\s+|la\s+|el\s+|dem\s+|der\s+)?(?:{cw})\b(?!\s*\d)"
                ),
                _congress,
            ),
        ]
        # What each pattern needs in a cell before it can match, so a cell is scanned
        # only by the patterns that can match it: a digit (D), a month name (M), both;
        # a congress word (C), a word for a quarter or a half (Q), a short form of one
        # ("Q3", "H1": K), digits joined by a dot, slash or hyphen (N).
        gates: tuple[str, ...] = ("DC", "DC", "C", "DK", "DK", "Q", "DK", "Q", "DM", "DM", "DM")
        gates += ("DM", "DN", "DN", "DM", "DN", "D", "D", "D", "M", "", "C")
        self.gates = tuple(frozenset(g) for g in gates)
        if len(self.gates) != len(self.patterns):
            raise ValueError("every time pattern needs its gate")
        self.month_any = re.compile(rf"\b(?:{month})\b")
        self.congress_word = re.compile(rf"\b(?:{cw})\b")
        self.congress_any = re.compile(rf"\b(?:{cw})")  # "wlic2020" too
        self.quarter_any = re.compile(rf"\b(?:{qw}|{hw})")
        self.quarter_short = re.compile(rf"\b(?:{qp}|{hp})\s?[1-4]\b")
        self.recurring = re.compile(rf"\b(?:{_recurring_forms(v, cw)})\b")
        # a count, at most three words naming what is counted, then the period
        counts = r"\d{1,3}\s*x?" + (
            f"|{_alternation(list(v.count_words))}" if v.count_words else ""
        )
        # the period in full or cut short ("2x jährl."), or its noun after a slash ("2 fois/an")
        cut = _cut_short(list(v.per_period), whole=False)
        periods = rf"(?:(?:{_alternation(list(v.per_period))})\b|{cut})"
        nouns = _alternation(sorted({p.split()[-1] for p in v.per_period if " " in p}))
        self.frequency = (
            re.compile(
                rf"(?<![\w.,/-])(?:{counts})(?:\s+(?:[^\W\d_][\w'-]*\s+){{0,3}}?{periods}"
                rf"|\s*(?:[^\W\d_]+\s*)?/\s*(?:{nouns})\b)"
            )
            if v.per_period
            else None
        )
        # a period word must be there before the frequency pattern is tried
        self.period_any = re.compile(rf"{periods}|/\s*(?:{nouns})\b" if v.per_period else "$^")
        self.relative = re.compile(rf"\b(?P<r>{_alternation(list(v.relative))})\b")
        self.open_from = re.compile(rf"\b(?:{_alternation(list(v.open_from))})\s*$")
        self.deadline = re.compile(rf"\b(?:{_alternation(list(v.deadline))})\s*$")
        self.open_after = re.compile(
            rf"\s*,?\s*(?:(?:{_alternation(list(v.open_after))})\b"
            rf"|{_cut_short([w for w in v.open_after if len(w) > 4], whole=False)})"
        )  # "2020 onwards", "Jan 2022 onw."
        self.name_before = re.compile(
            rf"\b(?:{_alternation(list(v.number_names))})\.?\s*(?:n[o°]\.?\s*)?$"
        )
        self.count_after = re.compile(rf"\s*(?:{_alternation(list(v.count_nouns))})\b")
        self.lead_before = re.compile(
            rf"(?:^|[\s(;:,/-]|\b(?:{_alternation(list(v.time_leads))}))\s*$"
        )


def _congress(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    year = _group_year(m, "y")
    city = m.groupdict().get("city")
    if year is None and city:
        years = v.congress_cities.get(city, ())
        # A city that hosted twice: the first congress within or after the plan's start.
        later = [y for y in years if ctx.period_start is None or y >= ctx.period_start]
        year = (later or list(years) or [None])[0]  # type: ignore[list-item]
    return _span(m, year, month=v.congress_month, order=float(v.congress_month), congress=True)


def _quarter(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    q = int(m.group("q")) if m.groupdict().get("q") else v.ordinals.get(m.group("o"), 0)
    if not q:
        return None
    return _span(m, _group_year(m, "y"), order=3.0 * q - 1)


def _half(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    h = int(m.group("h")) if m.groupdict().get("h") else v.ordinals.get(m.group("o"), 0)
    if h not in (1, 2):
        return None
    return _span(m, _group_year(m, "y"), order=3.5 if h == 1 else 9.5)


def _month_range(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    m1 = v.months[m.group("m1")]
    if m.groupdict().get("y1"):
        return _span(m, int(m.group("y1")), int(m.group("y2")), month=m1, order=float(m1))
    return _span(m, int(m.group("y")), month=m1, order=float(m1))


def _day(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    month = v.months[m.group("m")]
    if not 1 <= int(m.group("d")) <= 31:
        return None
    return _span(m, _group_year(m, "y"), month=month, order=float(month))


def _numeric_date(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    day, month = int(m.group("a")), int(m.group("b"))
    if month > 12 >= day:  # 12/15/2020: the month came first
        day, month = month, day
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return _span(m, int(m.group("y")), month=month, order=float(month))


def _long_year(m: re.Match[str]) -> int:
    """The year of a match, written whole or cut to two digits ("'21": 2021)."""
    short = m.groupdict().get("ys")
    return 2000 + int(short) if short else int(m.group("y"))


def _month_year(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    month = v.months[m.group("m")] if m.groupdict().get("m") else int(m.group("mn"))
    return _span(m, _long_year(m), month=month, order=float(month))


def _part(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    word = m.group("p")
    order = v.seasons.get(word) or v.parts.get(word)
    return _span(m, _long_year(m), order=float(order) if order else None)


def _year_range(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    start = int(m.group("y1"))
    end = _year2(start, m.group("y2"))
    if not 0 <= end - start <= 10:
        return None
    return _span(m, start, end)


def _year(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    return _span(m, int(m.group("y")))


def _month_only(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    month = v.months[m.group("m")]
    if len(m.group("m")) < 4 and m.group("m") not in ("may", "mai", "jun", "jul"):
        return None  # short abbreviations alone are too often ordinary words
    return _span(m, None, month=month, order=float(month))


def _vague(m: re.Match[str], v: TimeVocabulary, ctx: TimeContext) -> TimeSpan | None:
    return _span(m, None, kind="vague")


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
    if text.startswith("+", m.end()):
        return False  # "2000+ responses": a count, never a year
    if _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(text, m.end()):
        return False  # "EUR 2000", "2000 €": a sum, never a year
    numbers = [int(n) for n in re.findall(r"\d{4}", m.group())]
    if all(is_plausible_year(n) for n in numbers):
        return True
    word_before = re.search(r"[^\W\d_][\w'.]*\s*$", before)
    return word_before is None or patterns.lead_before.search(before) is not None


_DIGIT = re.compile(r"\d")
_CURRENCY = r"[$€£¥]|(?:eur|euros?|usd|us\$|chf|gbp|sek|dkk|nok|dollars?|dolares)\b"
_MONEY_BEFORE = re.compile(rf"(?:{_CURRENCY})\s*$")
_MONEY_AFTER = re.compile(rf"\s*(?:{_CURRENCY})")
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
            spans.append(_span(m, ctx.period_start, ctx.period_end, kind="recurring"))
    for m in patterns.recurring.finditer(text):
        if not _overlaps(spans, m.start(), m.end()):
            spans.append(_span(m, ctx.period_start, ctx.period_end, kind="recurring"))
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
    for (pattern, build), needs in zip(patterns.patterns, patterns.gates, strict=True):
        if not needs <= present:
            continue
        for m in pattern.finditer(text):
            if _overlaps(spans, m.start(), m.end()):
                continue
            span = build(m, vocab, ctx)
            if span is None:
                continue
            if build in (_year, _year_range) and not _reads_as_year(text, m, patterns):
                continue
            if build is _day and ctx.period_start:
                base = span.year_from or ctx.period_start
                span = _confirm_with_dateparser(patterns, text, span, base)
            spans.append(span)
    spans.sort(key=lambda s: s.start)
    return [_open_ended(text, s, patterns, ctx) for s in spans]


def _open_ended(text: str, span: TimeSpan, patterns: TimePatterns, ctx: TimeContext) -> TimeSpan:
    """Widen a span over its "from"/"by" prefix or "onwards" suffix; open ones run to the end."""
    offset = max(0, span.start - 24)
    before = text[offset : span.start]
    opening = patterns.open_from.search(before)
    after = patterns.open_after.match(text, span.end)
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
