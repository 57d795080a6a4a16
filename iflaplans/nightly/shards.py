"""Per-file results kept between runs, so an unchanged file is not read again.

A shard is one file's :class:`FileResult` as JSON, named by the file's path,
content hash and parser version; shards are written once and never changed,
so a new table set can link them instead of copying.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any

from iflaplans.batch.results import FileResult
from iflaplans.model.records import (
    Activity,
    Document,
    FocusArea,
    KeyInitiative,
    PlanRecords,
    Problem,
    StatusEvent,
    Task,
    UnitMention,
)

SHARD_DIR = "shards"
_PLAN_PARTS = {
    "focus_areas": FocusArea,
    "key_initiatives": KeyInitiative,
    "activities": Activity,
    "tasks": Task,
    "status_events": StatusEvent,
    "unit_mentions": UnitMention,
    "problems": Problem,
}


def shard_name(source_path: str, sha256: str, parser_version: str) -> str:
    """The file name of a shard: a hash of what the result depends on.

    ``source_path`` is the file's source name (:func:`iflaplans.nightly.paths.source_name`);
    a raw name with undecodable bytes is hashed by those bytes.
    """
    key = f"{source_path}\0{sha256}\0{parser_version}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(key).hexdigest()[:32] + ".json"


_SHARED_LENGTH = 40  # ids, codes and statuses repeat on many rows; titles rarely do


def _shared(value: Any) -> Any:
    # One string object per distinct id or code across all shards, not one per row:
    # a thousand kept plans then fit in far less memory.
    if type(value) is str and len(value) <= _SHARED_LENGTH:
        return sys.intern(value)
    return value


_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache  # asked for every row of every record
def _names(cls: type) -> tuple[str, ...]:
    """The field names of a record class."""
    return tuple(f.name for f in fields(cls))


def _build(cls: type, data: dict[str, Any]) -> Any:
    names = _names(cls)
    return cls(**{k: _shared(v) for k, v in data.items() if k in names})


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` makes of ``value`` for JSON, without its deep copies
    (it cost most of the time of writing a result, once per file in the worker and once
    in the shard)."""
    kind: type = type(value)
    if kind in _SCALARS:
        return value
    if kind is tuple or kind is list:
        return [_plain(item) for item in value]
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    if is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _names(kind)}
    return value


def result_to_json(result: FileResult) -> str:
    """A file's result as compact, stable JSON."""
    return json.dumps(_plain(result), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def result_from_json(text: str) -> FileResult:
    """The inverse of :func:`result_to_json`."""
    data = json.loads(text)
    plan = None
    if data.get("plan"):
        p = data["plan"]
        parts = {
            name: tuple(_build(cls, row) for row in p.get(name, []))
            for name, cls in _PLAN_PARTS.items()
        }
        plan = PlanRecords(document=_build(Document, p["document"]), **parts)
    failed = _build(Document, data["failed"]) if data.get("failed") else None
    problems = tuple(_build(Problem, row) for row in data.get("problems", []))
    return FileResult(data["source_path"], plan, failed, problems, data.get("sha256"))


def write_shard(folder: Path, name: str, result: FileResult) -> None:
    """Write one shard into ``folder`` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    # A lone surrogate (an undecodable file-name byte a reader quoted) is kept as it is.
    text = result_to_json(result)
    (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")


def read_shard(path: Path) -> FileResult | None:
    """A shard's result, or None when it is missing or unreadable (the file is read again)."""
    try:
        return result_from_json(path.read_text(encoding="utf-8", errors="surrogatepass"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
