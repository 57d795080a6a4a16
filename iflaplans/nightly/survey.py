"""What a run has to read: the corpus compared with the manifest of the published set."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from iflaplans.batch.results import FileResult
from iflaplans.model.records import Problem
from iflaplans.nightly.manifest import (
    ManifestEntry,
    published_corrections_sha256,
    published_counts,
    published_walk_problems,
)
from iflaplans.nightly.paths import source_name, walk_corpus
from iflaplans.nightly.shards import SHARD_DIR, read_shard
from iflaplans.settings import Settings


@dataclass(frozen=True)
class Survey:
    """What a run has to do, decided from the manifest and the files' sizes and times."""

    paths: dict[str, Path]  # the files found, by source name
    kept: dict[str, ManifestEntry]  # files taken from the previous run, by source name
    to_read: list[Path]
    new: int
    changed: int
    removed: int
    walk_problems: list[Problem]  # looping links, folders that could not be listed
    unreadable_folders: int

    @property
    def sources(self) -> list[str]:
        """Every file of the next set, in order: those found and those kept unseen."""
        return sorted(self.paths.keys() | self.kept.keys())


def survey_corpus(
    corpus: Path,
    out_dir: Path,
    settings: Settings,
    previous: dict[str, ManifestEntry],
    version: str,
    full: bool,
) -> Survey:
    """Which files under ``corpus`` are new, changed or unchanged since ``previous``.

    A file is unchanged when its size and time match its manifest entry (or, when
    only they changed, its hash does), it was read with this parser ``version`` and
    its shard is known; ``full`` reads every file. Files the manifest knows under a
    folder that cannot be listed now are kept as they were: a folder that is out of
    reach for a night does not take its plans out of the tables.
    """
    found = walk_corpus(corpus, settings, out_dir)
    paths = {source_name(p, corpus): p for p in found.files}
    kept: dict[str, ManifestEntry] = {}
    to_read: list[Path] = []
    new = changed = 0
    for source, path in paths.items():
        old = previous.get(source)
        if old is None:
            new += 1
            to_read.append(path)
            continue
        size, mtime_ns = file_stat(path)
        sha = None
        same = not full and old.parser_version == version and old.shard is not None
        if same and (old.size, old.mtime_ns) != (size, mtime_ns):
            sha = file_sha256(path)  # touched: only a hash tells whether it changed
            same = old.sha256 is not None and old.sha256 == sha
        if same:
            kept[source] = replace(old, size=size, mtime_ns=mtime_ns)
            continue
        changed += old.sha256 != (sha or file_sha256(path))
        to_read.append(path)
    hidden = [source_name(folder, corpus) for folder, _ in found.unreadable]
    for source, entry in previous.items():
        if source not in paths and entry.shard and _under_any(source, hidden):
            kept[source] = entry
    removed = len(previous.keys() - paths.keys() - kept.keys())
    problems = found.problems(corpus)
    return Survey(paths, kept, to_read, new, changed, removed, problems, len(found.unreadable))


def unchanged_since_published(
    out_dir: Path, survey: Survey, corrections_sha256: str | None
) -> bool:
    """Whether the published set already says all a run would: no file to read or
    removed, the same walk problems and the same corrections file."""
    return (
        not survey.to_read
        and not survey.removed
        and bool(published_counts(out_dir))
        and published_walk_problems(out_dir) == survey.walk_problems
        and published_corrections_sha256(out_dir) == corrections_sha256
    )


def kept_results(out_dir: Path, survey: Survey) -> dict[str, FileResult]:
    """The published results of the files ``survey`` keeps; a lost shard is left out,
    so its file is read again."""
    results = {}
    for source, entry in survey.kept.items():
        result = read_shard(out_dir / SHARD_DIR / (entry.shard or ""))
        if result is not None:
            results[source] = result
    return results


@dataclass(frozen=True)
class Reading:
    """What a run reads and what it keeps, once the kept files' shards were looked at."""

    kept: dict[str, FileResult]  # results of unchanged files, by source name
    to_read: list[Path]  # new and changed files, and kept ones whose shard was lost
    sources: list[str]  # every file of the next set, in order
    gone: int  # kept files whose shard was lost and that can no longer be listed


def plan_reading(out_dir: Path, survey: Survey) -> Reading:
    """What a run over ``survey`` reads and keeps, given the shards under ``out_dir``."""
    results = kept_results(out_dir, survey)
    lost = set(survey.kept) - set(results)  # kept, but their shard could not be read
    to_read = survey.to_read + [p for s, p in survey.paths.items() if s in lost]
    # A file under a folder that cannot be listed cannot be read again either.
    gone = {s for s in lost if s not in survey.paths}
    sources = [s for s in survey.sources if s not in gone]
    return Reading(results, to_read, sources, len(gone))


def file_stat(path: Path) -> tuple[int, int]:
    """Size and modification time; -1 for a file gone meanwhile (the next run sees it gone)."""
    try:
        info = path.stat()
    except OSError:
        return -1, -1
    return info.st_size, info.st_mtime_ns


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (hex), read in blocks; None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def _under_any(source: str, folders: list[str]) -> bool:
    """Whether the source name ``source`` is inside one of the folders (source names too)."""
    return any(folder == "." or source.startswith(folder + "/") for folder in folders)
