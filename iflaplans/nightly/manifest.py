"""The corpus manifest: what each file was when it was last read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from iflaplans.model.records import Problem

MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    """One corpus file as last seen: path, size, mtime, hash, parser version, outcome."""

    path: str  # the file's source name (iflaplans.nightly.paths.source_name)
    size: int
    mtime_ns: int
    sha256: str | None
    parser_version: str
    status: str  # ok | partial | failed | skipped
    shard: str | None


def load_manifest(out_dir: Path) -> dict[str, ManifestEntry]:
    """The manifest published with the current table set, by path; empty when there is none."""
    try:
        data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        return {e["path"]: ManifestEntry(**e) for e in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def manifest_json(
    entries: list[ManifestEntry],
    parser_version: str,
    counts: dict[str, int],
    walk_problems: Sequence[Problem] = (),
    corrections_sha256: str | None = None,
) -> str:
    """The manifest as stable JSON text: entries sorted by path, the set's row counts,
    what the walk of the corpus reported (looping links, folders it could not list)
    and the hash of the corrections file applied (None: there was none)."""
    files = [asdict(e) for e in sorted(entries, key=lambda e: e.path)]
    body = {
        "parser_version": parser_version,
        "counts": counts,
        "corrections_sha256": corrections_sha256,
        "walk_problems": [asdict(p) for p in walk_problems],
        "files": files,
    }
    return json.dumps(body, indent=1) + "\n"


def published_walk_problems(out_dir: Path) -> list[Problem] | None:
    """What the walk reported when the current set was made; None when unknown."""
    try:
        data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        return [Problem(**p) for p in data["walk_problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def published_counts(out_dir: Path) -> dict[str, int]:
    """Row counts of the published set, from its manifest; empty when there is no set."""
    try:
        counts = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))["counts"]
        return {k: int(v) for k, v in counts.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def published_corrections_sha256(out_dir: Path) -> str | None:
    """The hash of the corrections file the current set applied; None when none (or unknown)."""
    try:
        data = json.loads((out_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        value = data.get("corrections_sha256")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None
