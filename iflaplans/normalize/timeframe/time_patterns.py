"""The regular expressions of time expressions, compiled from a time vocabulary.

Bare years, ranges, quarters and congresses are our own patterns (dateparser has no
quarters and turns stray numbers into dates). Each pattern is paired with the builder
of :mod:`.time_spans` that reads its match, and with a gate: what a cell must hold
before the pattern can match it.
"""

from __future__ import annotations

import re

from iflaplans.normalize.timeframe.time_spans import (
    Builder,
    congress_span,
    day_span,
    half_span,
    month_only_span,
    month_range_span,
    month_year_span,
    numeric_date_span,
    part_span,
    plan_year_span,
    quarter_span,
    vague_span,
    year_range_span,
    year_span,
)
from iflaplans.normalize.timeframe.time_vocabulary import TimeVocabulary
from iflaplans.textutil import alternation as _alternation
from iflaplans.years import YEAR_PATTERN

# Year-shaped, plausible or not: the cell reader empties implausible years afterwards.
YEAR = f"(?:{YEAR_PATTERN})"
# a year cut to two digits after an apostrophe: "Summer '21", "Oct '20"
SHORT = r"'(?P<ys>\d{2})"
# a year cut to two digits after a congress or a quarter, with or without its apostrophe
# ("WLIC'22", "WLIC 22", "Q2 '22", "Q2/22"); the whole year wins where it is written
_YEAR_OR_SHORT = rf"(?:(?P<y>{YEAR})|'?(?P<ys>\d{{2}}))(?![\d])"


def literal_alternation(words: tuple[str, ...] | list[str], then: str = "") -> str:
    """A regex alternation of literal words in the order given, each once, a space inside
    a word matching any run of spaces and each word followed by ``then``. Unlike a
    longest-first alternation, the rules' order decides between a word and a longer one
    it starts ("de" before "del")."""
    forms = [r"\s+".join(re.escape(p) for p in w.split(" ")) + then for w in dict.fromkeys(words)]
    return "|".join(forms) or "(?!)"


def _spaced(words: tuple[str, ...]) -> str:
    """The words, each followed by spaces, or, for an elided one ("de l'"), by nothing."""
    return (
        "|".join(
            literal_alternation([w], "" if w.endswith("'") else r"\s+")
            for w in dict.fromkeys(words)
        )
        or "(?!)"
    )


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
    forms = []
    each = set()
    for phrase in v.recurring:
        words = phrase.split()
        if len(words) > 1 and any(w in counts for w in words):
            forms.append(r"\s+".join(r"\d{1,2}" if w in counts else re.escape(w) for w in words))
        if len(words) > 1 and re.fullmatch(rf"(?:{congress})", words[-1]):
            each.add(re.escape(" ".join(words[:-1])))
    if each:
        forms.append(rf"(?:{'|'.join(sorted(each))})\s+(?:{congress})")
    # the figures and congress names before the listed phrases, which they lengthen
    return "|".join([*sorted(forms, key=len, reverse=True), _alternation(list(v.recurring))])


def _plan_year_pattern(v: TimeVocabulary) -> re.Pattern[str]:
    """A year counted in the plan, by an ordinal or a final word before its noun, or a
    number after it: "third year of the action plan", "año 2 del plan", "the plan's last
    year", "im zweiten Planjahr", "Planjahr 2", "Year 1"."""
    if not (v.plan_nouns and (v.plan_year_nouns or v.plan_year_compounds)):
        return re.compile("(?!)")
    which = _alternation([*v.ordinals, *v.plan_final_words])
    # after its noun a year is counted by a figure or a number word ("year two of the plan")
    counts = rf"\d|{_alternation(list(v.shift_counts))}" if v.shift_counts else r"\d"
    noun = _alternation(list(v.plan_year_nouns)) if v.plan_year_nouns else "(?!)"
    plan = _alternation(list(v.plan_nouns))
    joiners = literal_alternation(v.plan_year_joiners)
    joiner = rf"(?:{joiners})(?:(?<=')|\s+)" if v.plan_year_joiners else ""
    compound = _alternation(list(v.plan_year_compounds)) if v.plan_year_compounds else "(?!)"
    return re.compile(
        rf"(?<!\w)(?:(?P<o>{which})\s+(?:{noun})\s+{joiner}(?:{plan})"
        rf"|(?:{noun})\s+(?P<n>{counts})\s+{joiner}(?:{plan})"
        rf"|(?:{plan})'s\s+(?P<p>{which})\s+(?:{noun})"
        rf"|(?P<c>{which})\s+(?:{compound})"
        rf"|(?:{compound})\s+(?P<k>{counts})"
        # "Year 1", "Año 2" alone: a year of the plan where its line names no year
        rf"|(?:{noun})\s+(?P<b>[1-5])(?![\d.,/]))(?!\w)"
    )


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
        # a joiner is a whole word ("del", not "de" and a stray "l"), or an elided one
        of = rf"(?:\s+(?:{literal_alternation(v.date_joiners)})(?:(?<=')|(?!\w))\s*|\s*)"
        # "del", "de l'", "of the": the little words between a time and the year it is in
        little = literal_alternation((*v.date_joiners, *v.month_articles, "l'"))
        self.year_of_gap = re.compile(rf"\s*(?:(?:{little})(?:(?<=')|(?!\w))\s*){{0,2}}")
        day_suffix = literal_alternation(v.day_suffixes)
        later_suffix = literal_alternation(v.later_day_suffixes)
        # a slash joins two times only written tight ("2021/2022"); spaced, it lists them
        sep = r"(?:\s*-\s*|(?<!\s)/(?!\s)|\s*\b(?:" + rw + r")\b\s*)"
        self.patterns: list[tuple[re.Pattern[str], Builder]] = [
            # a year counted in the plan: "second year of the plan", "année 2 du plan",
            # "el último año del plan", "zweites Planjahr", "Planjahr 2"
            (_plan_year_pattern(v), plan_year_span),
            # WLIC 2020 - Dublin / WLIC2020 / the 2020 congress / WLIC Dublin
            (
                re.compile(
                    rf"\b(?:ifla\s*-?\s*)?(?:{cw})(?:\s+(?:{_spaced(v.congress_of_ifla)})?ifla)?"
                    rf"(?:\s+(?:{literal_alternation(v.congress_year_joiners)}))?"
                    rf"\s*-?\s*{_YEAR_OR_SHORT}(?:\s*[-,(]?\s*(?P<city>{city})\)?)?\b"
                ),
                congress_span,
            ),
            (re.compile(rf"\b(?P<y>{YEAR})\s+(?:ifla\s+)?(?:{cw})\b"), congress_span),
            (
                re.compile(
                    rf"\b(?:{cw})\s+(?:{_spaced(v.congress_city_leads)})?(?P<city>{city})\b"
                    # "Congrès de Rotterdam 2022": the year written wins over the city's
                    rf"(?:\s*,?\s*\(?(?P<y>{YEAR})\b\)?(?!\s*[-/]\s*\d))?"
                ),
                congress_span,
            ),
            # quarters and halves: Q3 2021, 3rd quarter of 2021, T3 2020, H1 2021, 2nd half of 2020
            (
                re.compile(rf"\b(?:{qp})\s?(?P<q>[1-4])\b\s*[/-]?{of}{_YEAR_OR_SHORT}?"),
                quarter_span,
            ),
            # "2020 Q2-Q3": a second quarter of the same year is part of the one time
            (
                re.compile(
                    rf"\b(?P<y>{YEAR})\s*[-/ ]\s*(?:{qp})(?P<q>[1-4])\b(?:{sep}(?:{qp})[1-4]\b)?"
                ),
                quarter_span,
            ),
            # the number first, as Spanish and French abbreviate: "2T 2023", "1S 2021"
            (
                re.compile(rf"\b(?P<q>[1-4])\s?(?:{qp})\b\s*[/-]?{of}{_YEAR_OR_SHORT}"),
                quarter_span,
            ),
            (re.compile(rf"(?<!\w)(?P<o>{ords})\s+(?:{qw}){of}(?P<y>{YEAR})?"), quarter_span),
            (re.compile(rf"\b(?:{hp})(?P<h>[12])\b\s*[/-]?{of}(?P<y>{YEAR})?"), half_span),
            (re.compile(rf"\b(?P<h>[12])\s?(?:{hp})\b\s*[/-]?{of}(?P<y>{YEAR})"), half_span),
            (re.compile(rf"(?<!\w)(?P<o>{ords})\s+(?:{hw}){of}(?P<y>{YEAR})?"), half_span),
            # month ranges: May-July 2020, June 2020 - March 2021
            (
                re.compile(
                    rf"\b(?P<m1>{month})\.?\s+(?P<y1>{YEAR}){sep}(?P<m2>{month})\.?\s+(?P<y2>{YEAR})\b"
                ),
                month_range_span,
            ),
            (
                re.compile(rf"\b(?P<m1>{month})\.?{sep}(?P<m2>{month})\.?,?{of}(?P<y>{YEAR})\b"),
                month_range_span,
            ),
            # days: 18 August 2020, 30th of August, March 16-17, 2020, 30. August 2020
            (
                re.compile(
                    rf"\b(?P<d>\d{{1,2}})(?:{day_suffix}|\.)?(?:\s*-\s*\d{{1,2}}(?:{later_suffix})?)?"
                    rf"{of}(?P<m>{month})\b\.?(?:,?{of}(?P<y>{YEAR}))?"
                ),
                day_span,
            ),
            (
                re.compile(
                    rf"\b(?P<m>{month})\.?\s+(?P<d>\d{{1,2}})(?:{later_suffix})?"
                    rf"(?:\s*-\s*\d{{1,2}}(?:{later_suffix})?)?(?:,?\s*(?P<y>{YEAR}))?\b"
                ),
                day_span,
            ),
            # numeric dates: 15.10.2020, 15/12/2020, 2020-12-15 (day first unless it cannot be)
            (
                re.compile(
                    rf"(?<![\d/.])(?P<a>\d{{1,2}})[./](?P<b>\d{{1,2}})[./]\s?(?P<y>{YEAR})(?![\d])"
                ),
                numeric_date_span,
            ),
            (
                re.compile(
                    rf"(?<![\d/.])(?P<y>{YEAR})-(?P<b>0?[1-9]|1[0-2])-(?P<a>\d{{1,2}})(?!\d)"
                ),
                numeric_date_span,
            ),
            # month and year: August 2020, Aug. 2020, agosto de 2020, 08/2020
            (
                re.compile(rf"\b(?P<m>{month})\b\.?,?{of}(?:'?(?P<y>{YEAR})|{SHORT})\b"),
                month_year_span,
            ),
            (re.compile(rf"(?<![\d/.])(?P<mn>0?[1-9]|1[0-2])[/.](?P<y>{YEAR})\b"), month_year_span),
            # parts and seasons: mid-2020, late 2019, end of 2021, Spring 2021, finales de 2020
            (
                re.compile(
                    rf"(?<!\w)(?P<p>{part})\s*-?{of}(?:(?P<y>{YEAR})|{SHORT})"
                    rf"(?:/(?P<y2>{YEAR}|\d{{2}}))?\b"
                ),
                part_span,
            ),
            # year ranges: 2021-2022, 2021-22, 2021/2022, 2020 and 2021, between 2020 and 2021
            (
                re.compile(
                    rf"(?:\b(?:{prefix})\s+)?(?<![\d.])(?P<y1>{YEAR}){sep}(?P<y2>{YEAR}|\d{{2}})(?![\d])"
                ),
                year_range_span,
            ),
            (re.compile(rf"(?<![\d.,/])(?P<y>{YEAR})(?![\d])"), year_span),
            # no year of their own: in November, at the WLIC, mid-term meeting
            (
                re.compile(
                    rf"\b(?:{literal_alternation(v.month_leads)})\s+"
                    rf"(?:(?:{literal_alternation(v.month_articles)})\s+)?"
                    rf"(?:{_spaced(v.month_nouns)})?(?P<m>{month})\b(?!\s*\d)"
                ),
                month_only_span,
            ),
            (re.compile(rf"\b(?:{_alternation(list(v.midterm))})\b"), vague_span),
            (
                re.compile(
                    rf"\b(?:{literal_alternation(v.congress_leads)})\s+"
                    rf"(?:{_spaced(v.congress_articles)})?(?:{cw})\b(?!\s*\d)"
                ),
                congress_span,
            ),
        ]
        # What each pattern needs in a cell before it can match, so a cell is scanned
        # only by the patterns that can match it: a digit (D), a month name (M), both;
        # a congress word (C), a word for a quarter or a half (Q), a short form of one
        # ("Q3", "H1": K), digits joined by a dot, slash or hyphen (N).
        gates: tuple[str, ...] = ("", "DC", "DC", "C", "DK", "DK", "DK", "Q", "DK", "DK", "Q", "DM")
        gates += ("DM", "DM")
        gates += ("DM", "DN", "DN", "DM", "DN", "D", "D", "D", "M", "", "C")
        self.gates = tuple(frozenset(g) for g in gates)
        if len(self.gates) != len(self.patterns):
            raise ValueError("every time pattern needs its gate")
        self.month_any = re.compile(rf"\b(?:{month})\b")
        self.congress_word = re.compile(rf"\b(?:{cw})\b")
        self.congress_any = re.compile(rf"\b(?:{cw})")  # "wlic2020" too
        self.quarter_any = re.compile(rf"\b(?:{qw}|{hw})")
        self.quarter_short = re.compile(rf"\b(?:(?:{qp}|{hp})\s?[1-4]|[1-4]\s?(?:{qp}|{hp}))\b")
        self.recurring = re.compile(rf"\b(?:{_recurring_forms(v, cw)})\b")
        names = literal_alternation(v.recurring_names)
        self.recurring_name = re.compile(rf"\b(?:{names})\s+$") if names else None
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
        # "by six months", "d'un trimestre", "um zwei Monate": a length a move goes by
        self.shift = (
            re.compile(
                rf"(?<!\w)(?:{_alternation(list(v.shift_leads))})\s*"
                rf"(?P<n>\d{{1,2}}|{_alternation(list(v.shift_counts))})\s+"
                rf"(?P<u>{_alternation(list(v.shift_units))})(?!\w)"
            )
            if v.shift_leads and v.shift_counts and v.shift_units
            else None
        )
        self.relative = re.compile(rf"\b(?P<r>{_alternation(list(v.relative))})\b")
        # "the year after WLIC 2019", "el año siguiente al Congreso de 2020": a lead, then
        # at most an article or "de" before the time it counts from
        self.relative_lead = (
            re.compile(
                rf"\b(?P<r>{_alternation(list(v.relative_leads))})[^\S\n]+(?:[\w']+[^\S\n]+)?"
            )
            if v.relative_leads
            else None
        )
        # "ab dem 3. Quartal 2020", "desde el segundo semestre": an article may follow
        articles = literal_alternation(tuple({*v.month_articles, *v.congress_articles}))
        self.open_from = re.compile(
            rf"\b(?:{_alternation(list(v.open_from))})(?:\s+(?:{articles}))?\s*$"
        )
        # "von 2016 an": a start written around its time, open only at a clause's end
        around = [w.split("...", 1) for w in v.open_around if "..." in w]
        self.open_around = [
            (
                re.compile(rf"\b{re.escape(a.strip())}\s*$"),
                re.compile(rf"\s*{re.escape(b.strip())}(?=\s*(?:$|[;,.:)\n]|\s[-–]))"),
            )
            for a, b in around
        ]
        self.deadline = re.compile(rf"\b(?:{_alternation(list(v.deadline))})\s*$")
        self.open_after = re.compile(
            rf"\s*,?\s*(?:(?:{_alternation(list(v.open_after))})\b"
            rf"|{_cut_short([w for w in v.open_after if len(w) > 4], whole=False)})"
        )  # "2020 onwards", "Jan 2022 onw."
        # "ISO 2709", "ISO-2789-Mapping": a hyphen joins a name to its number too
        self.name_before = re.compile(
            rf"\b(?:{_alternation(list(v.number_names))})\.?(?:\s*|-)"
            rf"(?:(?:{literal_alternation(v.number_signs)})\.?\s*)?$"
        )
        self.count_after = re.compile(rf"\s*(?:{_alternation(list(v.count_nouns))})\b")
        # a sum of money ("EUR 2000", "2000 €"): a currency sign or word beside a number
        currency = rf"[$€£¥]|(?:{literal_alternation(v.currencies)})\b"
        self.money_before = re.compile(rf"(?:{currency})\s*$")
        self.money_after = re.compile(rf"\s*(?:{currency})")
        self.lead_before = re.compile(
            rf"(?:^|[\s(;:,/-]|\b(?:{_alternation(list(v.time_leads))}))\s*$"
        )
