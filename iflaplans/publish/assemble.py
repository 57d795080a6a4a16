"""Per-file results -> the records of one table set and the tables themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from iflaplans.batch.results import FileResult
from iflaplans.errors import advice
from iflaplans.model.records import (
    CorrectionRecord,
    Document,
    PlanRecords,
    Problem,
    RunRecord,
    StatusChange,
)
from iflaplans.nightly.manifest import ManifestEntry
from iflaplans.nightly.shards import shard_name
from iflaplans.nightly.survey import Survey, file_stat
from iflaplans.publish.invariants import check_invariants
from iflaplans.publish.tables import TableData, build_tables


@dataclass(frozen=True)
class Collected:
    """A run's results in source-name order: plans, failed documents, problems and the
    manifest entries of every file."""

    plans: list[PlanRecords]
    failed: list[Document]
    problems: list[Problem]
    entries: list[ManifestEntry]


def collect_results(
    sources: list[str], survey: Survey, results: dict[str, FileResult], version: str
) -> Collected:
    """The results of ``sources`` in order, with files of the same bytes read once.

    A file whose bytes an earlier source already had adds a ``duplicate-file``
    warning instead of its records. Each file gets its manifest entry (its shard
    named with the parser ``version``); one under a folder that cannot be listed
    keeps the entry it had.
    """
    plans: list[PlanRecords] = []
    failed: list[Document] = []
    problems: list[Problem] = []
    entries: list[ManifestEntry] = []
    seen: dict[str, str] = {}
    for source in sources:
        result = results[source]
        path = survey.paths.get(source)
        if path is None:  # under a folder that cannot be listed: as last seen
            entries.append(survey.kept[source])
        else:
            size, mtime_ns = file_stat(path)
            status = result.plan.document.status if result.plan else "failed"
            shard = shard_name(source, result.sha256 or "", version)
            entries.append(
                ManifestEntry(source, size, mtime_ns, result.sha256, version, status, shard)
            )
        problems += result.problems
        record = result.plan.document if result.plan else result.failed
        if record is not None and record.sha256 in seen:
            message = f"same bytes as {seen[record.sha256]}; read once, under that path. "
            problems.append(
                Problem(
                    None, source, "warning", "duplicate-file", message + advice("duplicate-file")
                )
            )
            continue
        if record is not None:
            seen[record.sha256] = source
        if result.plan:
            plans.append(result.plan)
        elif result.failed:
            failed.append(result.failed)
    return Collected(plans, failed, problems, entries)


def assemble_tables(
    plans: list[PlanRecords],
    problems: list[Problem],
    failed: list[Document],
    runs: Sequence[RunRecord],
    max_chars: int,
    corrections: Sequence[CorrectionRecord] = (),
) -> dict[str, TableData]:
    """Every table of the set, with plan versions matched, checked by the invariants.

    Raises :class:`InvariantError` when the tables break a rule of the contract.
    """
    changes: list[StatusChange] = []
    if plans:
        from iflaplans.nightly.versions import status_changes, with_versions  # fuzzy matching

        plans, changes = with_versions(plans), status_changes(plans)
    tables = build_tables(
        plans, problems, failed, changes, runs, max_chars=max_chars, corrections=corrections
    )
    check_invariants(tables)
    return tables


def table_counts(tables: dict[str, TableData], documents: int) -> dict[str, int]:
    """The counts a run reports and the manifest keeps: ``documents`` (the plans read),
    activities, events, problems and errors."""
    problems = tables["problems"].rows
    return {
        "documents": documents,
        "activities": len(tables["activities"].rows),
        "events": len(tables["status_events"].rows),
        "problems": len(problems),
        "errors": sum(1 for r in problems if r[2] == "error"),
    }
