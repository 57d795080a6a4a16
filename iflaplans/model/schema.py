"""The output tables: names, columns, types and meanings (the data contract).

This module is the single source for the writer, the schema page
(docs/schema.md) and the machine-readable descriptor (docs/schema.json);
a test fails when either document falls behind it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from iflaplans.model.events import EVENT_TYPES

SCHEMA_VERSION = "1.0"
FORMATS = ("pdf", "txt", "docx", "html", "md")
PLAN_TYPES = ("action_plan", "annual_report", "progress_report", "unknown")
DOCUMENT_STATUSES = ("ok", "partial", "failed")
SEVERITIES = ("error", "warning")
MENTION_FIELDS = ("title", "tasks", "timeframe", "related_units")
CORRECTION_FIELDS = ("events", "title", "funding_needed", "unit")
CORRECTION_STATES = ("applied", "stale", "orphaned")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # str | Int64 | bool | float
    description: str
    enum: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(
    name: str, type_: str, description: str, enum: tuple[str, ...] = (), required: bool = False
) -> Column:
    return Column(name, type_, description, enum, required)


TABLES: tuple[Table, ...] = (
    Table(
        "documents",
        "One row per input file that was read (identical files are one document).",
        (
            _c(
                "document_id",
                "str",
                "First 16 hex digits of the SHA-256 of the file's bytes.",
                required=True,
            ),
            _c("source_path", "str", "Path as given, relative to the corpus root.", required=True),
            _c("source_format", "str", "Format read from the file's bytes.", FORMATS),
            _c("sha256", "str", "Full hex digest of the file's bytes.", required=True),
            _c("unit_name", "str", "Professional unit as written in the plan."),
            _c("unit_id", "str", "Canonical id of that unit; null if unknown."),
            _c("plan_type", "str", "Kind of document.", PLAN_TYPES),
            _c("period_start", "Int64", "First year of the plan period."),
            _c("period_end", "Int64", "Last year of the plan period."),
            _c("language", "str", "ISO 639-1 code of the document's main language."),
            _c("pages", "Int64", "Page count for paged formats, null otherwise."),
            _c("status", "str", "ok, partial (read with problems) or failed.", DOCUMENT_STATUSES),
            _c("plan_id", "str", "Unit and period: every version of one plan shares it."),
            _c("is_latest", "bool", "Whether this is the latest version of its plan."),
            _c(
                "layout",
                "str",
                "Reader and layout the file was read with (pdf, docx, html, markdown, "
                "text/tabs, text/delimited, text/columns, text/paragraphs), then "
                "+older-template for a 2015-2017 template, or the shape of a table rebuilt "
                "from a copy that lost its cells (+cell-per-paragraph, +unlabelled-cells, "
                "+run-together, +row-per-line).",
            ),
        ),
        ("document_id",),
    ),
    Table(
        "focus_areas",
        "One row per focus area (or objective) of a document.",
        (
            _c("document_id", "str", "The document.", required=True),
            _c("focus_area_no", "Int64", 'Number as printed ("Focus Area 2" -> 2).', required=True),
            _c("title", "str", "The focus area's statement."),
            _c("strategic_direction", "str", "The IFLA strategic direction it serves."),
            _c("communication", "str", 'Answer to "How will you communicate…".'),
            _c("impact_measure", "str", 'Answer to "How will you measure the impact…".'),
        ),
        ("document_id", "focus_area_no"),
        (("document_id", "documents", "document_id"),),
    ),
    Table(
        "key_initiatives",
        "One row per key initiative listed under a focus area (template placeholders excluded).",
        (
            _c("document_id", "str", "The document.", required=True),
            _c("focus_area_no", "Int64", "The focus area.", required=True),
            _c("code", "str", 'Key initiative code ("2.4").', required=True),
            _c("text", "str", "The key initiative's text."),
        ),
        ("document_id", "focus_area_no", "code"),
        (("document_id", "documents", "document_id"),),
    ),
    Table(
        "activities",
        "One row per row of a Projects/Activities table.",
        (
            _c("activity_id", "str", "<document_id>-<focus_area_no>-<row_no>.", required=True),
            _c("document_id", "str", "The document.", required=True),
            _c("focus_area_no", "Int64", "The focus area.", required=True),
            _c("row_no", "Int64", "1-based position within its focus area.", required=True),
            _c("title", "str", "The activity cell as plain text."),
            _c(
                "funding_needed",
                "bool",
                "Funding Needed checkbox; null where the document does not say (a blank "
                "cell is false only in a column that marks nothing but ticks).",
            ),
            _c("tasks_text", "str", "The Tasks & Responsibility cell as plain text."),
            _c("timeframe_raw", "str", "The Timeframe cell as written, whitespace collapsed."),
            _c("planned_start_year", "Int64", "First year of the originally planned timeframe."),
            _c("planned_end_year", "Int64", "Last year of it."),
            _c(
                "current_status",
                "str",
                "Type of the last event that is not planned, or planned.",
                EVENT_TYPES,
            ),
            _c("effective_start_year", "Int64", "Timeframe in force after the last rescheduling."),
            _c("effective_end_year", "Int64", "Last year of it."),
            _c("page", "Int64", "Page where the row starts (paged formats), null otherwise."),
        ),
        ("activity_id",),
        (("document_id", "documents", "document_id"),),
    ),
    Table(
        "tasks",
        "One row per numbered task of an activity (a cell without numbering is one task).",
        (
            _c("activity_id", "str", "The activity.", required=True),
            _c("task_no", "Int64", "1-based task number.", required=True),
            _c("text", "str", "The task's text."),
        ),
        ("activity_id", "task_no"),
        (("activity_id", "activities", "activity_id"),),
    ),
    Table(
        "status_events",
        "What the Timeframe cell says happened, in reading order.",
        (
            _c("activity_id", "str", "The activity.", required=True),
            _c("event_no", "Int64", "1-based order within the activity.", required=True),
            _c("event_type", "str", "What happened (closed list).", EVENT_TYPES, required=True),
            _c("year_from", "Int64", "First year the event names (null if none)."),
            _c("year_to", "Int64", "Last year it names."),
            _c("month", "Int64", "Month number where one is named."),
            _c(
                "target_unit",
                "str",
                "For transferred / under_discussion: the unit named, as written.",
            ),
            _c("note", "str", "Trailing words that qualify the event."),
            _c("phrase", "str", "The exact words the event was read from."),
            _c("confidence", "float", "0-1; below 0.5 means a person should look."),
            _c(
                "rule_id",
                "str",
                "The rule that read the event (rules/timeframe.yaml id and language); a "
                "suffix says how: .lemma (an inflection), .misspelt (a slip, a guess), "
                ".negated, .future, .decided, .ruled_out, .guessed (read by structure "
                "alone, a guess).",
            ),
            _c("corrected_by", "str", "Who corrected the event (rule_id correction)."),
            _c("correction_reason", "str", "Why, as the corrections file says."),
        ),
        ("activity_id", "event_no"),
        (("activity_id", "activities", "activity_id"),),
    ),
    Table(
        "unit_mentions",
        "Every IFLA unit named anywhere in a document.",
        (
            _c("document_id", "str", "The document.", required=True),
            _c("activity_id", "str", "The activity; null at focus-area level."),
            _c("focus_area_no", "Int64", "The focus area."),
            _c("field", "str", "Where the unit is named.", MENTION_FIELDS, required=True),
            _c("mention", "str", 'The name as written ("RISS").', required=True),
            _c("unit_id", "str", "Canonical unit id, or null."),
        ),
        (),
        (("document_id", "documents", "document_id"),),
    ),
    Table(
        "problems",
        "Everything a person should know about a run.",
        (
            _c("document_id", "str", "The document; null if the file could not be identified."),
            _c("source_path", "str", "The file, relative to the corpus root.", required=True),
            _c("severity", "str", "error or warning.", SEVERITIES, required=True),
            _c("code", "str", "Short stable slug (encrypted-pdf, not-a-plan, …).", required=True),
            _c("message", "str", "What is wrong and what to do.", required=True),
            _c("location", "str", "Page, focus area or row where it applies."),
        ),
        (),
    ),
    Table(
        "status_changes",
        "Activities matched by title across consecutive versions of a plan, with their status "
        "before and after.",
        (
            _c("plan_id", "str", "The plan.", required=True),
            _c("from_document_id", "str", "The earlier version.", required=True),
            _c("to_document_id", "str", "The next version.", required=True),
            _c("from_activity_id", "str", "The activity in the earlier version.", required=True),
            _c("to_activity_id", "str", "The same activity in the next version.", required=True),
            _c("title_similarity", "float", "Fuzzy title match score, 0-100."),
            _c("status_before", "str", "Current status in the earlier version.", EVENT_TYPES),
            _c("status_after", "str", "Current status in the next version.", EVENT_TYPES),
        ),
        ("from_activity_id", "to_activity_id"),
        (
            ("from_activity_id", "activities", "activity_id"),
            ("to_activity_id", "activities", "activity_id"),
        ),
    ),
    Table(
        "runs",
        "One row per run of the pipeline on this output folder (the folder's history).",
        (
            _c("run_id", "str", "Unique id of the run.", required=True),
            _c("started_at", "str", "Start time, ISO 8601 UTC.", required=True),
            _c("finished_at", "str", "End time, ISO 8601 UTC.", required=True),
            _c("parser_version", "str", "Version of the readers and rules.", required=True),
            _c("documents_seen", "Int64", "Files found in the corpus."),
            _c("documents_new", "Int64", "Files not seen by the previous run."),
            _c("documents_changed", "Int64", "Files whose content changed since the previous run."),
            _c("documents_unchanged", "Int64", "Files kept from the previous run without reading."),
            _c(
                "documents_reread",
                "Int64",
                "Files read again with unchanged content (new parser or rules, or --full).",
            ),
            _c("documents_removed", "Int64", "Files gone since the previous run."),
            _c("documents_failed", "Int64", "Files that could not be read as plans."),
            _c(
                "corrections_sha256",
                "str",
                "SHA-256 of the corrections file the run applied; null if there was none.",
            ),
        ),
        ("run_id",),
    ),
    Table(
        "corrections",
        "One row per line of the analysts' corrections file, with what became of it.",
        (
            _c("plan_id", "str", "The plan (documents.plan_id) it is for.", required=True),
            _c("source_path", "str", "The version it was made on, as the file names it."),
            _c("focus_area_no", "Int64", "The focus area.", required=True),
            _c("row_no", "Int64", "The row within it.", required=True),
            _c(
                "timeframe_hash",
                "str",
                "First 8 hex digits of the SHA-256 of the Timeframe text it was made on.",
                required=True,
            ),
            _c("timeframe_raw", "str", "That text, as the file quotes it."),
            _c("field", "str", "What it corrects.", CORRECTION_FIELDS, required=True),
            _c("value", "str", "The corrected value (events as type, month, years, @unit)."),
            _c("who", "str", "Who made it."),
            _c("when", "str", "When (a date)."),
            _c("why", "str", "Why."),
            _c(
                "state",
                "str",
                "applied; stale (the cell's text changed: not applied); orphaned (the plan or "
                "row is gone).",
                CORRECTION_STATES,
                required=True,
            ),
            _c("activity_id", "str", "The activity it applied to (stale: the row now)."),
            _c("timeframe_now", "str", "The cell's text now, where it changed (stale)."),
            _c("line", "Int64", "Line of the corrections file.", required=True),
        ),
        ("plan_id", "focus_area_no", "row_no", "timeframe_hash", "field"),
        (("activity_id", "activities", "activity_id"),),
    ),
)

TABLE_BY_NAME = {t.name: t for t in TABLES}


def descriptor() -> dict[str, object]:
    """The schema as a JSON-ready dict (tables, columns, types, enums, keys)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tables": [
            {
                "name": t.name,
                "description": t.description,
                "primary_key": list(t.primary_key),
                "foreign_keys": [
                    {"column": c, "table": ft, "table_column": fc} for c, ft, fc in t.foreign_keys
                ],
                "columns": [
                    {
                        "name": c.name,
                        "type": c.type,
                        "description": c.description,
                        "required": c.required,
                        **({"enum": list(c.enum)} if c.enum else {}),
                    }
                    for c in t.columns
                ],
            }
            for t in TABLES
        ],
    }


def descriptor_json() -> str:
    """The descriptor as stable, pretty JSON text."""
    return json.dumps(descriptor(), indent=2, ensure_ascii=False) + "\n"


def schema_markdown() -> str:
    """The schema page (docs/schema.md) as Markdown."""
    lines = [
        "# Output tables",
        "",
        "<!-- Generated by `iflaplans schema --format md`; a test keeps it equal to the code. -->",
        "",
        "Every table is written as `<table>.parquet` (typed; nullable integers as Int64)",
        "and `<table>.csv` (UTF-8, header row, RFC 4180 quoting and CRLF line ends, empty",
        "field for null, booleans as `true`/`false`). Both files hold the same rows in the",
        "same order.",
        "In the CSV files a text cell that begins with `=`, `+`, `-`, `@`, a tab, a carriage",
        "return or a single quote, which a spreadsheet could run as a formula, is written with",
        "one single quote `'` in front, as OWASP advises against CSV injection; drop that",
        "leading quote to get the value, which the Parquet files hold unchanged. Numbers and",
        "booleans are never quoted.",
        f"Schema version {SCHEMA_VERSION}; the same description as JSON is `docs/schema.json`.",
        "",
    ]
    for t in TABLES:
        lines += [f"## {t.name}", "", t.description, ""]
        if t.primary_key:
            lines += [f"Key: {', '.join(t.primary_key)}.", ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        for c in t.columns:
            enum = f" One of: {', '.join(f'`{e}`' for e in c.enum)}." if c.enum else ""
            lines.append(f"| {c.name} | {c.type} | {c.description}{enum} |")
        lines.append("")
    return "\n".join(lines)
