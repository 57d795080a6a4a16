"""A Frictionless Data Package descriptor (``datapackage.json``) for the CSV tables.

Derived from :mod:`iflaplans.model.schema`, so it cannot say anything the writer does not do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from iflaplans.model.schema import SCHEMA_VERSION, TABLES, Column, Table
from iflaplans.version import __version__

DATAPACKAGE_FILE = "datapackage.json"
_TYPES = {"str": "string", "Int64": "integer", "bool": "boolean", "float": "number"}


def _field(column: Column) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": column.name,
        "type": _TYPES[column.type],
        "description": column.description,
    }
    if column.type == "bool":
        field.update(trueValues=["true"], falseValues=["false"])
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(c) for c in table.columns],
        "missingValues": [""],
    }
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": column, "reference": {"resource": target, "fields": target_column}}
            for column, target, target_column in table.foreign_keys
        ]
    return {
        "name": table.name.replace("_", "-"),
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "dialect": {"header": True, "delimiter": ",", "quoteChar": '"', "lineTerminator": "\r\n"},
        "schema": schema,
    }


def datapackage_descriptor() -> dict[str, Any]:
    """The Data Package descriptor of the table set, as a JSON-ready dict."""
    resources = [_resource(t) for t in TABLES]
    names = {t.name: t.name.replace("_", "-") for t in TABLES}
    for resource in resources:  # references name resources, which use hyphens
        for fk in resource["schema"].get("foreignKeys", []):
            fk["reference"]["resource"] = names[fk["reference"]["resource"]]
    return {
        "name": "iflaplans-tables",
        "title": "IFLA professional units' action plans as tables",
        "version": f"{SCHEMA_VERSION}.0",
        "profile": "tabular-data-package",
        "description": f"Written by iflaplans {__version__}; see docs/schema.md.",
        "resources": resources,
    }


def write_datapackage(folder: Path) -> Path:
    """Write ``datapackage.json`` beside the CSV files in ``folder``; returns its path."""
    path = folder / DATAPACKAGE_FILE
    path.write_text(json.dumps(datapackage_descriptor(), indent=1) + "\n", encoding="utf-8")
    return path
