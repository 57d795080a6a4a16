"""Stage 2: a :class:`RawDocument` -> the contract's records for that document."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from iflaplans.errors import advice
from iflaplans.model.records import (
    Activity,
    Document,
    FocusArea,
    KeyInitiative,
    PlanRecords,
    Problem,
    RawActivity,
    RawDocument,
    StatusEvent,
    Task,
    UnitMention,
)
from iflaplans.normalize.tasks import split_tasks
from iflaplans.normalize.timeframe.cell import TimeframeReading, read_timeframe
from iflaplans.normalize.timeframe.time_spans import TimeContext
from iflaplans.textutil import collapse, fold
from iflaplans.years import plausible_span, span_problem

if TYPE_CHECKING:
    from iflaplans.rules.resources import Resources

_ITEM_SPLIT = re.compile(r"\s*[;\n]\s*")


def _plan_type(raw: RawDocument, resources: Resources) -> str:
    title = fold(raw.title)
    for plan_type, phrase in resources.headings.plan_types:
        if phrase in title:
            return plan_type
    return "unknown"


def _language(raw: RawDocument, resources: Resources) -> str | None:
    parts = [raw.title]
    for fa in raw.focus_areas:
        parts += [fa.title, fa.communication, fa.impact_measure]
        parts += [f"{a.title} {a.tasks_text} {a.timeframe_raw}" for a in fa.activities]
    return resources.languages.detect(" ".join(parts), raw.language_hint)


def _unit_name(raw: RawDocument, resources: Resources) -> str | None:
    if raw.unit_name:
        return raw.unit_name
    found = resources.units.scan(raw.title, raw.period_start)
    return found[0].mention if found else None


def _related_units(
    text: str, resources: Resources, year: int | None
) -> list[tuple[str, str | None]]:
    """The answer to "Identify other Unit(s)…" -> (unit as written, unit id) per unit.

    Items are split on ";" and line breaks; an item that is no unit name itself but
    names several units ("KM Section, IT Section") gives each of them.
    """
    units = resources.units
    found: list[tuple[str, str | None]] = []
    for item in _ITEM_SPLIT.split(text):
        item = collapse(item).rstrip(".")
        if not item:
            continue
        unit_id = units.lookup(item, year)
        scanned = units.scan(item, year) if unit_id is None else []
        if len({m.unit_id for m in scanned}) > 1:
            found += [(m.mention, m.unit_id) for m in scanned]
        else:
            found.append((item, unit_id or (scanned[0].unit_id if scanned else None)))
    return found


def _events(activity_id: str, reading: TimeframeReading) -> tuple[StatusEvent, ...]:
    return tuple(
        StatusEvent(
            activity_id=activity_id,
            event_no=i,
            event_type=e.event_type,
            year_from=e.year_from,
            year_to=e.year_to,
            month=e.month,
            target_unit=e.target_unit,
            note=e.note,
            phrase=e.phrase,
            confidence=round(e.confidence, 3),
            rule_id=e.rule_id,
        )
        for i, e in enumerate(reading.events, start=1)
    )


def _location(act: RawActivity) -> str:
    where = f"focus area {act.focus_area_no}, row {act.row_no}"
    return where + (f", page {act.page}" if act.page else "")


def _implausible(raw: RawDocument, what: str, reason: str, location: str | None) -> Problem:
    """An ``implausible-year`` warning: the value named in ``what`` was left empty."""
    message = f"{what}: {reason}. {advice('implausible-year')}"
    return Problem(
        raw.document_id, raw.source_path, "warning", "implausible-year", message, location
    )


def _period(raw: RawDocument) -> tuple[tuple[int | None, int | None], list[Problem]]:
    """The plan period as the reader found it, or empty (with a warning) when implausible."""
    reason = span_problem(raw.period_start, raw.period_end)
    if reason is None:
        return (raw.period_start, raw.period_end), []
    title = f'Plan period "{raw.title}"' if raw.title else "Plan period"
    return plausible_span(raw.period_start, raw.period_end), [
        _implausible(raw, title, reason, "title")
    ]


def normalize(raw: RawDocument, resources: Resources) -> PlanRecords:
    """Interpret a document's cells: timeframes -> events, tasks -> rows, names -> units.

    Takes the reader's :class:`RawDocument` and the loaded rule data; returns the
    :class:`PlanRecords` of this one document (its rows of every table).
    """
    doc_id = raw.document_id
    language = _language(raw, resources)
    grammar = resources.grammars.for_language(language)
    units = resources.units
    # Cells are read against the checked period: "annually" must not plan 1850-1852.
    (period_start, period_end), period_problems = _period(raw)
    year = period_start
    ctx = TimeContext(period_start, period_end)
    focus_areas: list[FocusArea] = []
    initiatives: list[KeyInitiative] = []
    activities: list[Activity] = []
    tasks: list[Task] = []
    events: list[StatusEvent] = []
    mentions: list[UnitMention] = []
    problems: list[Problem] = [*raw.problems, *period_problems]
    for fa in raw.focus_areas:
        fa_no = fa.focus_area_no
        focus_areas.append(
            FocusArea(
                doc_id,
                fa_no,
                fa.title,
                fa.strategic_direction or None,
                fa.communication or None,
                fa.impact_measure or None,
            )
        )
        initiatives += [KeyInitiative(doc_id, fa_no, k.code, k.text) for k in fa.key_initiatives]
        mentions += [
            UnitMention(doc_id, None, fa_no, "related_units", name, unit_id)
            for name, unit_id in _related_units(fa.related_units_text, resources, year)
        ]
        for act in fa.activities:
            activity_id = f"{doc_id}-{fa_no}-{act.row_no}"
            timeframe = act.timeframe_read or act.timeframe_raw
            cell = timeframe + (f" ; {act.status_raw}" if act.status_raw else "")
            reading = read_timeframe(cell, grammar, units, ctx)
            activities.append(
                Activity(
                    activity_id=activity_id,
                    document_id=doc_id,
                    focus_area_no=fa_no,
                    row_no=act.row_no,
                    title=act.title,
                    funding_needed=act.funding_needed,
                    tasks_text=act.tasks_text,
                    timeframe_raw=act.timeframe_raw,
                    planned_start_year=reading.planned[0],
                    planned_end_year=reading.planned[1],
                    current_status=reading.current_status,
                    effective_start_year=reading.effective[0],
                    effective_end_year=reading.effective[1],
                    page=act.page,
                )
            )
            tasks += [Task(activity_id, i, t) for i, t in enumerate(split_tasks(act.tasks_text), 1)]
            events += _events(activity_id, reading)
            for field, text in (
                ("title", act.title),
                ("tasks", act.tasks_text),
                ("timeframe", cell),
            ):
                mentions += [
                    UnitMention(doc_id, activity_id, fa_no, field, m.mention, m.unit_id)
                    for m in units.scan(text, year)
                ]
            problems += [
                Problem(
                    doc_id,
                    raw.source_path,
                    "warning",
                    "unrecognized-timeframe",
                    f'Timeframe "{act.timeframe_raw}": no rule understands "{u.phrase}". '
                    "Check the cell, or add the phrase to the rules (rules/timeframe.yaml).",
                    _location(act),
                )
                for u in reading.unrecognized
            ]
            problems += [
                _implausible(raw, f'Timeframe "{cell}", at "{d.phrase}"', d.reason, _location(act))
                for d in reading.dropped
            ]
    unit_name = _unit_name(raw, resources)
    document = Document(
        document_id=doc_id,
        source_path=raw.source_path,
        source_format=raw.source_format,
        sha256=raw.sha256,
        unit_name=unit_name,
        unit_id=units.find(unit_name, year) if unit_name else None,
        plan_type=_plan_type(raw, resources),
        period_start=period_start,
        period_end=period_end,
        language=language,
        pages=raw.pages,
        status="partial" if problems else "ok",
        layout=raw.layout or None,
    )
    return PlanRecords(
        document,
        tuple(focus_areas),
        tuple(initiatives),
        tuple(activities),
        tuple(tasks),
        tuple(events),
        tuple(mentions),
        tuple(problems),
    )
