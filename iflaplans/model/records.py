"""Plain records passed between the stages.

Stage 1 (extract) produces a :class:`RawDocument`; stage 2 (normalize) turns it
into :class:`PlanRecords`, whose record fields are the output contract's columns.
Every record is a frozen dataclass so a stage cannot change what another made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --------------------------------------------------------------------- stage 1


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a document as a reader sees it: its cells in reading order.

    A paragraph is a row of one cell; a table row has one cell per column.
    ``continued`` marks a table row that carries on the previous row (a row split
    by a page break); its cells are appended to that row's cells. ``roles`` marks a
    header row a reader rebuilt itself (a table whose copy lost its header words):
    the column role of each cell, in order.
    """

    cells: tuple[str, ...]
    page: int | None = None
    continued: bool = False
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RawKeyInitiative:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class RawActivity:
    """One row of a Projects/Activities table, cell texts as plain text."""

    focus_area_no: int
    row_no: int
    title: str
    funding_needed: bool | None
    tasks_text: str
    timeframe_raw: str
    status_raw: str = ""
    page: int | None = None
    # What the grammar reads where it differs from timeframe_raw (which keeps the cell
    # as written): the times a cell lists one per line ("Oct 2020" / "August 2020
    # onwards") joined with " ; ", or, in a cell shared with the responsibilities
    # ("Chair and Secretary, 2016"), the words from its first time on.
    timeframe_read: str = ""


@dataclass(frozen=True, slots=True)
class RawFocusArea:
    focus_area_no: int
    title: str = ""
    strategic_direction: str = ""
    key_initiatives: tuple[RawKeyInitiative, ...] = ()
    communication: str = ""
    impact_measure: str = ""
    related_units_text: str = ""
    activities: tuple[RawActivity, ...] = ()


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What a reader found in one file, before any interpretation of phrases."""

    source_path: str
    source_format: str
    sha256: str
    title: str = ""
    unit_name: str = ""
    period_start: int | None = None
    period_end: int | None = None
    pages: int | None = None
    language_hint: str | None = None
    focus_areas: tuple[RawFocusArea, ...] = ()
    problems: tuple[Problem, ...] = ()
    layout: str = ""  # reader and layout that read the file ("text/paragraphs+run-together")

    @property
    def document_id(self) -> str:
        return self.sha256[:16]


# --------------------------------------------------------------------- stage 2


@dataclass(frozen=True, slots=True)
class Document:
    document_id: str
    source_path: str
    source_format: str | None
    sha256: str
    unit_name: str | None
    unit_id: str | None
    plan_type: str
    period_start: int | None
    period_end: int | None
    language: str | None
    pages: int | None
    status: str
    plan_id: str | None = None
    is_latest: bool | None = None
    layout: str | None = None


@dataclass(frozen=True, slots=True)
class FocusArea:
    document_id: str
    focus_area_no: int
    title: str
    strategic_direction: str | None
    communication: str | None
    impact_measure: str | None


@dataclass(frozen=True, slots=True)
class KeyInitiative:
    document_id: str
    focus_area_no: int
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class Activity:
    activity_id: str
    document_id: str
    focus_area_no: int
    row_no: int
    title: str
    funding_needed: bool | None
    tasks_text: str
    timeframe_raw: str
    planned_start_year: int | None
    planned_end_year: int | None
    current_status: str
    effective_start_year: int | None
    effective_end_year: int | None
    page: int | None


@dataclass(frozen=True, slots=True)
class Task:
    activity_id: str
    task_no: int
    text: str


@dataclass(frozen=True, slots=True)
class StatusEvent:
    activity_id: str
    event_no: int
    event_type: str
    year_from: int | None
    year_to: int | None
    month: int | None
    target_unit: str | None
    note: str | None
    phrase: str
    confidence: float
    rule_id: str
    # Set on an event an analyst wrote (rule_id "correction"): who, and why.
    corrected_by: str | None = None
    correction_reason: str | None = None


@dataclass(frozen=True, slots=True)
class UnitMention:
    document_id: str
    activity_id: str | None
    focus_area_no: int | None
    field: str
    mention: str
    unit_id: str | None


@dataclass(frozen=True, slots=True)
class Problem:
    document_id: str | None
    source_path: str
    severity: str
    code: str
    message: str
    location: str | None = None


@dataclass(frozen=True, slots=True)
class PlanRecords:
    """Everything one document contributes to the tables."""

    document: Document
    focus_areas: tuple[FocusArea, ...] = ()
    key_initiatives: tuple[KeyInitiative, ...] = ()
    activities: tuple[Activity, ...] = ()
    tasks: tuple[Task, ...] = ()
    status_events: tuple[StatusEvent, ...] = ()
    unit_mentions: tuple[UnitMention, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class StatusChange:
    """An activity matched across two consecutive versions of a plan, with its status in each."""

    plan_id: str
    from_document_id: str
    to_document_id: str
    from_activity_id: str
    to_activity_id: str
    title_similarity: float
    status_before: str
    status_after: str


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One run of the pipeline over a corpus."""

    run_id: str
    started_at: str
    finished_at: str
    parser_version: str
    documents_seen: int | None
    documents_new: int | None
    documents_changed: int | None
    documents_unchanged: int | None
    documents_reread: int | None
    documents_removed: int | None
    documents_failed: int | None
    corrections_sha256: str | None = None  # the corrections file applied (None: none)


@dataclass(frozen=True, slots=True)
class CorrectionRecord:
    """One analyst correction as the run met it: where it points, what it says, its state."""

    plan_id: str
    source_path: str | None
    focus_area_no: int
    row_no: int
    timeframe_hash: str
    timeframe_raw: str | None
    field: str
    value: str
    who: str | None
    when: str | None
    why: str | None
    state: str  # applied | stale | orphaned
    activity_id: str | None
    timeframe_now: str | None  # the cell's text now, where it changed (stale)
    line: int
