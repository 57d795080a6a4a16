"""The written tables match the data contract, in both formats."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from iflaplans.model.records import (
    Activity,
    CorrectionRecord,
    Document,
    FocusArea,
    KeyInitiative,
    Problem,
    RunRecord,
    StatusChange,
    StatusEvent,
    Task,
    UnitMention,
)
from iflaplans.model.schema import TABLE_BY_NAME, TABLES
from iflaplans.publish.parquet import ARROW_TYPES, pandas_metadata
from iflaplans.publish.tables import TableData
from iflaplans.publish.write import csv_text
from tests.conftest import GoldenRun

ARROW = {"str": "string", "Int64": "int64", "bool": "bool", "float": "double"}
RECORDS = {
    "documents": Document,
    "focus_areas": FocusArea,
    "key_initiatives": KeyInitiative,
    "activities": Activity,
    "tasks": Task,
    "status_events": StatusEvent,
    "unit_mentions": UnitMention,
    "problems": Problem,
    "status_changes": StatusChange,
    "runs": RunRecord,
    "corrections": CorrectionRecord,
}

# The contract's columns, as the shared specification names them.
CONTRACT = {
    "documents": "document_id source_path source_format sha256 unit_name unit_id plan_type "
    "period_start period_end language pages status",
    "focus_areas": "document_id focus_area_no title strategic_direction communication "
    "impact_measure",
    "key_initiatives": "document_id focus_area_no code text",
    "activities": "activity_id document_id focus_area_no row_no title funding_needed tasks_text "
    "timeframe_raw planned_start_year planned_end_year current_status effective_start_year "
    "effective_end_year page",
    "tasks": "activity_id task_no text",
    "status_events": "activity_id event_no event_type year_from year_to month target_unit note "
    "phrase confidence",
    "unit_mentions": "document_id activity_id focus_area_no field mention unit_id",
    "problems": "document_id source_path severity code message location",
}


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_schema_holds_the_contract(table) -> None:
    names = table.column_names
    contract = CONTRACT.get(table.name, "").split()
    assert names[: len(contract)] == contract
    record_fields = list(RECORDS[table.name].__dataclass_fields__)
    assert set(names) <= set(record_fields)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_parquet_types(golden_run: GoldenRun, table) -> None:
    schema = pq.read_schema(golden_run.out / f"{table.name}.parquet")
    assert schema.names == table.column_names
    for column in table.columns:
        assert str(schema.field(column.name).type) == ARROW[column.type], column.name
    frame = golden_run.table(table.name)
    for column in table.columns:
        if column.type == "Int64":
            assert str(frame[column.name].dtype) == "Int64", column.name


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_pandas_metadata_is_what_pandas_itself_writes(table) -> None:
    # The writer builds pandas' metadata without importing pandas; pandas must agree.
    schema = pa.schema([(c.name, ARROW_TYPES[c.type]) for c in table.columns])
    frame = TableData(table, []).to_pandas()
    theirs = pa.Table.from_pandas(frame, schema=schema, preserve_index=False).schema.metadata
    assert json.loads(theirs[b"pandas"]) == json.loads(pandas_metadata(table))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_csv_equals_parquet(golden_run: GoldenRun, table) -> None:
    csv = pd.read_csv(golden_run.out / f"{table.name}.csv", dtype=str, keep_default_na=False)
    parquet = golden_run.table(table.name)
    assert list(csv.columns) == table.column_names
    assert len(csv) == len(parquet)

    def as_text(value: object, kind: str) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            return ""
        if kind == "bool":
            return "true" if value else "false"
        if kind == "float":
            return format(float(value), "g")
        return csv_text(str(value)) if kind == "str" else str(value)

    for column in table.columns:
        want = [as_text(v, column.type) for v in parquet[column.name].astype(object)]
        assert list(csv[column.name]) == want, column.name


def test_every_contract_table_is_in_the_schema() -> None:
    assert set(CONTRACT) <= {t.name for t in TABLES}


def test_golden_run_wrote_rows(golden_run: GoldenRun) -> None:
    assert golden_run.summary.documents == 10
    assert golden_run.summary.activities == len(golden_run.table("activities")) == 111
    events = TABLE_BY_NAME["status_events"].columns[2]
    assert set(golden_run.table("status_events").event_type) <= set(events.enum)
