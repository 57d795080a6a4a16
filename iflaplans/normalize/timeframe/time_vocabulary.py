"""The time words of the timeframe rules, read for one set of languages.

Month names come from dateparser's own language data, with the forms the rules add;
every other time word (seasons, quarters, congresses, recurring and open-ended
phrases, relative years, ...) comes from the ``time`` section of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dateparser.languages import default_loader

from iflaplans.normalize.timeframe.rule_validation import RuleValidator
from iflaplans.rules.files import mapping
from iflaplans.textutil import fold

# dateparser's keys for the month names of a language
_MONTH_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


# Time words after which even an implausible year-shaped number is read as a year.
_LEAD_KEYS = ("open_from", "deadline", "range_words", "range_prefix")


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
    # offsets counted from the time right after them: "the year after WLIC 2019"
    relative_leads: dict[str, int]
    range_words: tuple[str, ...]
    range_prefix: tuple[str, ...]
    # Words that make the number after them a name ("ISO 2709", "room 2010"), or the
    # number before them a count ("2000 copies"): such numbers are never years.
    number_names: tuple[str, ...] = ()
    count_nouns: tuple[str, ...] = ()
    # Nouns a year may follow as a time ("im Jahr 2025"), unlike a name ("Agenda 2030").
    year_nouns: tuple[str, ...] = ()
    # A period after a count ("2 webinars per year", "3 numeros par an"): a frequency,
    # which plans the whole period like "annually".
    per_period: tuple[str, ...] = ()
    # counts written as words before such a period ("three issues a year")
    count_words: tuple[str, ...] = ()
    # Words after which a year-shaped number outside the plausible years is still read
    # as a (mistyped) year: "moved to 2999", "since 1850".
    time_leads: tuple[str, ...] = ()
    # The small words of dates, read in every language at once (see the ``time``
    # section of timeframe.yaml for what each holds).
    date_joiners: tuple[str, ...] = ()
    day_suffixes: tuple[str, ...] = ()
    later_day_suffixes: tuple[str, ...] = ()
    month_leads: tuple[str, ...] = ()
    month_articles: tuple[str, ...] = ()
    month_nouns: tuple[str, ...] = ()
    short_months: tuple[str, ...] = ()
    congress_of_ifla: tuple[str, ...] = ()
    congress_year_joiners: tuple[str, ...] = ()
    congress_city_leads: tuple[str, ...] = ()
    congress_leads: tuple[str, ...] = ()
    congress_articles: tuple[str, ...] = ()
    number_signs: tuple[str, ...] = ()
    currencies: tuple[str, ...] = ()
    # a start written around its time: "von 2016 an" ("von ... an")
    open_around: tuple[str, ...] = ()
    # nouns a recurring word after them names: "Comité permanent" is a body, no frequency
    recurring_names: tuple[str, ...] = ()
    # a move by a length of time: "by six months", "d'un trimestre", "um zwei Monate";
    # the lead words, the counts in words and the months in each unit of time
    shift_leads: tuple[str, ...] = ()
    shift_counts: dict[str, int] = field(default_factory=dict)
    shift_units: dict[str, int] = field(default_factory=dict)
    # a year counted in the plan: "second year of the plan", "año 2 del plan", "zweites
    # Planjahr"; its year nouns, the plan's nouns, the joiners between them, the nouns
    # that say both, and the words for the plan's last year
    plan_year_nouns: tuple[str, ...] = ()
    plan_nouns: tuple[str, ...] = ()
    plan_year_joiners: tuple[str, ...] = ()
    plan_year_compounds: tuple[str, ...] = ()
    plan_final_words: tuple[str, ...] = ()


def _dateparser_months(language: str) -> dict[str, int]:
    """Folded month names of ``language`` -> month number, from dateparser's data."""
    try:
        info = default_loader.get_locale(language).info
    except (ValueError, KeyError):
        return {}
    months = {}
    for number, key in enumerate(_MONTH_KEYS, start=1):
        for name in info.get(key, []):
            months[fold(name).rstrip(".")] = number
    return months


def _cities(congresses: dict[Any, Any]) -> dict[str, tuple[int, ...]]:
    """Host city -> the years of its congresses."""
    by_city: dict[str, list[int]] = {}
    for year, city in sorted(congresses.items()):
        by_city.setdefault(fold(str(city)), []).append(int(year))
    return {city: tuple(years) for city, years in by_city.items()}


def load_time_vocabulary(
    data: dict[str, Any], langs: tuple[str, ...], v: RuleValidator, leads: list[str]
) -> TimeVocabulary:
    """The time words of ``langs`` in the rules' ``time`` section ``data``; bad entries go
    to ``v``. ``leads`` are more words after which a year-shaped number is a year."""
    months: dict[str, int] = {}
    for lang in langs:
        months.update(_dateparser_months(lang))
    months.update(
        v.per_language_numbers("time.extra_months", data.get("extra_months"), langs, 1, 12)
    )
    quarters = mapping(data, "quarters")
    cities = data.get("congresses")
    if not isinstance(cities, dict):
        v.errors.append("time.congresses: expected a mapping of year -> city")
        cities = {}
    month = data.get("congress_month", 8)
    if not isinstance(month, int) or not 1 <= month <= 12:
        v.errors.append("time.congress_month: must be a month number")
        month = 8

    def own(key: str) -> tuple[str, ...]:
        # the words of the grammar's own languages, in the rules' order
        return tuple(v.per_language(f"time.{key}", data.get(key) or {}, langs))

    def every(key: str) -> tuple[str, ...]:
        # sections added after the first release: optional, so older rule files still load
        return tuple(v.every_language(f"time.{key}", data.get(key) or {}))

    return TimeVocabulary(
        months=months,
        seasons=v.per_language_numbers("time.seasons", data.get("seasons"), langs, 1, 12),
        parts=v.per_language_numbers("time.parts", data.get("parts"), langs, 1, 12),
        quarter_prefix=tuple(
            v.strings("time.quarters.quarter_prefix", quarters.get("quarter_prefix"))
        ),
        quarter_words=tuple(
            v.per_language("time.quarters.quarter_words", quarters.get("quarter_words"), langs)
        ),
        half_prefix=tuple(v.strings("time.quarters.half_prefix", quarters.get("half_prefix"))),
        half_words=tuple(
            v.per_language("time.quarters.half_words", quarters.get("half_words"), langs)
        ),
        ordinals=v.per_language_numbers(
            "time.quarters.ordinals", quarters.get("ordinals"), langs, 1, 4
        ),
        congress_words=tuple(v.strings("time.congress_words", data.get("congress_words"))),
        congress_month=month,
        congress_cities=_cities(cities),
        midterm=tuple(v.strings("time.midterm", data.get("midterm"))),
        recurring=tuple(v.per_language("time.recurring", data.get("recurring"), langs)),
        per_period=tuple(v.per_language("time.per_period", data.get("per_period") or {}, langs)),
        count_words=tuple(v.per_language("time.count_words", data.get("count_words") or {}, langs)),
        open_from=tuple(v.per_language("time.open_from", data.get("open_from"), langs)),
        deadline=tuple(v.per_language("time.deadline", data.get("deadline"), langs)),
        open_after=tuple(v.per_language("time.open_after", data.get("open_after"), langs)),
        recurring_names=tuple(
            v.per_language("time.recurring_names", data.get("recurring_names") or {}, langs)
        ),
        open_around=tuple(v.per_language("time.open_around", data.get("open_around") or {}, langs)),
        relative=v.per_language_numbers("time.relative", data.get("relative"), langs, -5, 5),
        relative_leads=v.per_language_numbers(
            "time.relative_leads", data.get("relative_leads") or {}, langs, -5, 5
        ),
        range_words=tuple(v.per_language("time.range_words", data.get("range_words"), langs)),
        range_prefix=tuple(v.per_language("time.range_prefix", data.get("range_prefix"), langs)),
        number_names=tuple(
            v.per_language("time.number_names", data.get("number_names") or {}, langs)
        ),
        count_nouns=tuple(v.per_language("time.count_nouns", data.get("count_nouns") or {}, langs)),
        time_leads=tuple(
            leads
            + [w for key in _LEAD_KEYS for w in v.per_language(f"time.{key}", data.get(key), langs)]
        ),
        date_joiners=every("date_joiners"),
        day_suffixes=every("day_suffixes"),
        later_day_suffixes=every("later_day_suffixes"),
        month_leads=every("month_leads"),
        month_articles=every("month_articles"),
        month_nouns=every("month_nouns"),
        short_months=every("short_months"),
        congress_of_ifla=every("congress_of_ifla"),
        congress_year_joiners=every("congress_year_joiners"),
        congress_city_leads=every("congress_city_leads"),
        congress_leads=every("congress_leads"),
        congress_articles=every("congress_articles"),
        number_signs=every("number_signs"),
        currencies=every("currencies"),
        year_nouns=every("year_nouns"),
        shift_leads=tuple(v.per_language("time.shift_leads", data.get("shift_leads") or {}, langs)),
        shift_counts=v.per_language_numbers(
            "time.shift_counts", data.get("shift_counts") or {}, langs, 1, 24
        ),
        shift_units=v.per_language_numbers(
            "time.shift_units", data.get("shift_units") or {}, langs, 1, 12
        ),
        plan_year_nouns=own("plan_year_nouns"),
        plan_nouns=own("plan_nouns"),
        plan_year_joiners=own("plan_year_joiners"),
        plan_year_compounds=own("plan_year_compounds"),
        plan_final_words=own("plan_final_words"),
    )
