"""Analyst corrections applied to a run's readings, after reading and before publishing.

Pure functions over records: the plans as read (from the files or their shards)
and the checked corrections go in; the corrected plans, one ``corrections`` row
per correction with its state, and a ``stale-correction`` warning per stale one
come out. Nothing here reads a plan again.

A correction applies to every version of its plan whose cell at its focus area and
row still has the Timeframe text it was made on (the same words read the same
way). Its state is ``applied`` when it found such a cell, ``stale`` when the plan
still has that row but its text changed (the new text is read as any cell), and
``orphaned`` when the plan or the row is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from iflaplans.corrections.file import (
    CORRECTION_RULE,
    FIELDS,
    Correction,
    timeframe_hash,
)
from iflaplans.corrections.words import (
    UNIT_TYPES,
    EventSpec,
    parse_events,
    parse_funding,
    unit_name,
)
from iflaplans.errors import advice
from iflaplans.model.events import summarize_events
from iflaplans.model.records import Activity, CorrectionRecord, PlanRecords, Problem, StatusEvent


@dataclass(frozen=True)
class Corrected:
    """What applying the corrections gives: the plans, the table rows, the warnings."""

    plans: tuple[PlanRecords, ...]
    records: tuple[CorrectionRecord, ...]
    problems: tuple[Problem, ...]


def _said(event: StatusEvent | EventSpec) -> tuple[object, ...]:
    return (event.event_type, event.year_from, event.year_to, event.month, event.target_unit)


def _corrected_event(
    activity_id: str, no: int, spec: EventSpec, old: StatusEvent | None, fix: Correction
) -> StatusEvent:
    # Words the reader kept with an event it read the same way stay with it.
    same = old is not None and old.event_type == spec.event_type
    return StatusEvent(
        activity_id=activity_id,
        event_no=no,
        event_type=spec.event_type,
        year_from=spec.year_from,
        year_to=spec.year_to,
        month=spec.month,
        target_unit=spec.target_unit,
        note=old.note if same and old else None,
        phrase=old.phrase if same and old else spec.text,
        confidence=1.0,
        rule_id=CORRECTION_RULE,
        corrected_by=fix.who or None,
        correction_reason=fix.why or None,
    )


def _with_events(
    act: Activity, events: list[StatusEvent], fix: Correction
) -> tuple[Activity, list[StatusEvent]]:
    specs, _ = parse_events(fix.value)
    new = [
        _corrected_event(act.activity_id, i, spec, events[i - 1] if i <= len(events) else None, fix)
        for i, spec in enumerate(specs, start=1)
    ]
    if [_said(e) for e in new] == [_said(e) for e in events]:
        return act, new  # a confirmation: the reading stands, now vouched for
    s = summarize_events(new)
    act = replace(
        act,
        planned_start_year=s.planned[0],
        planned_end_year=s.planned[1],
        current_status=s.current_status,
        effective_start_year=s.effective[0],
        effective_end_year=s.effective[1],
    )
    return act, new


def _with_unit(events: list[StatusEvent], fix: Correction) -> list[StatusEvent]:
    return [
        replace(
            e,
            target_unit=unit_name(fix.value)[0],
            confidence=1.0,
            rule_id=CORRECTION_RULE,
            corrected_by=fix.who or None,
            correction_reason=fix.why or None,
        )
        if e.event_type in UNIT_TYPES
        else e
        for e in events
    ]


def correct_activity(
    act: Activity, events: Sequence[StatusEvent], fixes: Sequence[Correction]
) -> tuple[Activity, list[StatusEvent]]:
    """One activity and its events with ``fixes`` applied (events first, then the unit)."""
    evs = list(events)
    for fix in sorted(fixes, key=lambda f: FIELDS.index(f.field)):
        if fix.field == "events":
            act, evs = _with_events(act, evs, fix)
        elif fix.field == "unit":
            evs = _with_unit(evs, fix)
        elif fix.field == "title":
            act = replace(act, title=fix.value)
        elif fix.field == "funding_needed":
            act = replace(act, funding_needed=parse_funding(fix.value))
    return act, evs


def _correct_plan(plan: PlanRecords, fixes: dict[str, list[Correction]]) -> PlanRecords:
    by_activity: dict[str, list[StatusEvent]] = {}
    for event in plan.status_events:
        by_activity.setdefault(event.activity_id, []).append(event)
    activities: list[Activity] = []
    events: list[StatusEvent] = []
    for act in plan.activities:
        own = by_activity.pop(act.activity_id, [])
        if act.activity_id in fixes:
            act, own = correct_activity(act, own, fixes[act.activity_id])
        activities.append(act)
        events += own
    for rest in by_activity.values():  # events of no activity: left as they were
        events += rest
    return replace(plan, activities=tuple(activities), status_events=tuple(events))


def _plan_id(plan: PlanRecords) -> str:
    if plan.document.plan_id:
        return plan.document.plan_id
    from iflaplans.nightly.versions import plan_id_of  # the fuzzy matcher, only when needed

    return plan_id_of(plan)


def _stale_problem(fix: Correction, plan: PlanRecords, act: Activity) -> Problem:
    old = (
        f'"{fix.timeframe_raw}"' if fix.timeframe_raw else f"the text of hash {fix.timeframe_hash}"
    )
    message = (
        f"The correction of {fix.field} on line {fix.line} of the corrections file was not "
        f"applied: it was made when the Timeframe cell read {old}; it now reads "
        f'"{act.timeframe_raw}", which was read afresh. ' + advice("stale-correction")
    )
    doc = plan.document
    location = f"focus area {fix.focus_area_no}, row {fix.row_no}"
    return Problem(
        doc.document_id, doc.source_path, "warning", "stale-correction", message, location
    )


def _record(
    fix: Correction, state: str, activity_id: str | None, now: str | None
) -> CorrectionRecord:
    return CorrectionRecord(
        plan_id=fix.plan_id,
        source_path=fix.source_path or None,
        focus_area_no=fix.focus_area_no,
        row_no=fix.row_no,
        timeframe_hash=fix.timeframe_hash,
        timeframe_raw=fix.timeframe_raw or None,
        field=fix.field,
        value=fix.value,
        who=fix.who or None,
        when=fix.when or None,
        why=fix.why or None,
        state=state,
        activity_id=activity_id,
        timeframe_now=now,
        line=fix.line,
    )


def apply_corrections(plans: Sequence[PlanRecords], corrections: Sequence[Correction]) -> Corrected:
    """``plans`` (in their stable order) with ``corrections`` applied, and what became of each.

    Corrected events carry rule ``correction``, confidence 1 and who and why; the
    activity's years and current status follow from them (a correction that repeats
    the reading leaves them as read).
    """
    versions: dict[str, list[int]] = {}
    for i, plan in enumerate(plans):
        versions.setdefault(_plan_id(plan), []).append(i)
    cells = [{(a.focus_area_no, a.row_no): a for a in plan.activities} for plan in plans]
    fixes: list[dict[str, list[Correction]]] = [{} for _ in plans]
    records: list[CorrectionRecord] = []
    problems: list[Problem] = []
    for fix in corrections:
        where = (fix.focus_area_no, fix.row_no)
        # the version the correction was made on first, then the others in order
        found = sorted(
            ((i, cells[i][where]) for i in versions.get(fix.plan_id, []) if where in cells[i]),
            key=lambda pair: plans[pair[0]].document.source_path != fix.source_path,
        )
        matched = [
            (i, a) for i, a in found if timeframe_hash(a.timeframe_raw) == fix.timeframe_hash
        ]
        for i, act in matched:
            fixes[i].setdefault(act.activity_id, []).append(fix)
        if matched:
            records.append(_record(fix, "applied", matched[0][1].activity_id, None))
        elif found:
            i, act = found[0]
            records.append(_record(fix, "stale", act.activity_id, act.timeframe_raw))
            problems.append(_stale_problem(fix, plans[i], act))
        else:
            records.append(_record(fix, "orphaned", None, None))
    corrected = tuple(
        _correct_plan(plan, fixes[i]) if fixes[i] else plan for i, plan in enumerate(plans)
    )
    return Corrected(corrected, tuple(records), tuple(problems))
