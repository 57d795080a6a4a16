"""Plan versions: several files of one unit and period are versions of one plan.

``plan_id`` groups them; the latest version is the one with the newest status
news (the latest year its events name, then the most events, then the path),
read from the content so the answer does not depend on file dates.
``status_changes`` lists activities matched across consecutive versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from rapidfuzz import fuzz

from iflaplans.model.records import Activity, PlanRecords, StatusChange
from iflaplans.textutil import slug

TITLE_MATCH = 85.0


def plan_id_of(plan: PlanRecords) -> str:
    """unit + period (+ kind when not an action plan): "big-data-sig-2019-2021"."""
    doc = plan.document
    unit = doc.unit_id or slug(doc.unit_name or "") or doc.document_id
    period = f"{doc.period_start or 'na'}-{doc.period_end or 'na'}"
    kind = "" if doc.plan_type in ("action_plan", "unknown") else f"-{slug(doc.plan_type)}"
    return f"{unit}-{period}{kind}"


def _version_key(plan: PlanRecords) -> tuple[int, int, str]:
    news = [e for e in plan.status_events if e.event_type != "planned"]
    latest_year = max((e.year_to or e.year_from or 0 for e in news), default=0)
    return (latest_year, len(news), plan.document.source_path)


def order_versions(plans: Sequence[PlanRecords]) -> dict[str, list[PlanRecords]]:
    """Plans grouped by plan_id, each group oldest version first."""
    groups: dict[str, list[PlanRecords]] = {}
    for plan in plans:
        groups.setdefault(plan_id_of(plan), []).append(plan)
    return {pid: sorted(group, key=_version_key) for pid, group in sorted(groups.items())}


def with_versions(plans: Sequence[PlanRecords]) -> list[PlanRecords]:
    """The plans with ``documents.plan_id`` and ``documents.is_latest`` filled in."""
    marked: dict[str, PlanRecords] = {}
    for pid, group in order_versions(plans).items():
        for i, plan in enumerate(group):
            doc = replace(plan.document, plan_id=pid, is_latest=i == len(group) - 1)
            marked[doc.document_id] = replace(plan, document=doc)
    return [marked[p.document.document_id] for p in plans]


def _match(
    old: Sequence[Activity], new: Sequence[Activity]
) -> list[tuple[Activity, Activity, float]]:
    scored = sorted(
        (
            (fuzz.token_set_ratio(a.title.lower(), b.title.lower()), i, j)
            for i, a in enumerate(old)
            for j, b in enumerate(new)
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_old, used_new, pairs = set(), set(), []
    for score, i, j in scored:
        if score < TITLE_MATCH:
            break
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((old[i], new[j], round(score, 1)))
    return sorted(pairs, key=lambda p: (p[1].focus_area_no, p[1].row_no))


def status_changes(plans: Sequence[PlanRecords]) -> list[StatusChange]:
    """For each pair of consecutive versions of a plan, every activity matched by title."""
    changes = []
    for pid, group in order_versions(plans).items():
        for before, after in pairwise(group):
            for a, b, score in _match(before.activities, after.activities):
                changes.append(
                    StatusChange(
                        pid,
                        before.document.document_id,
                        after.document.document_id,
                        a.activity_id,
                        b.activity_id,
                        score,
                        a.current_status,
                        b.current_status,
                    )
                )
    return changes
