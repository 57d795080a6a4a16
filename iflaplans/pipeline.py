"""The staged pipeline composed in one place: discover -> extract -> normalize -> write.

A run is incremental (:mod:`~iflaplans.nightly.survey`): files whose size and time
match the published manifest are not read again, their results kept as shards; new
and changed files are read in ``jobs`` worker processes (:mod:`~iflaplans.batch`).
The analysts' corrections are applied on every run, after reading; a run where only
the corrections file changed reads no file. The tables (:mod:`~iflaplans.publish`)
are built aside and replace the published set in one step, under a lock, and only
over a folder that holds no other files (:mod:`~iflaplans.nightly.store`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from iflaplans.corrections.file import check_corrections, corrections_path
from iflaplans.model.records import CorrectionRecord
from iflaplans.nightly import store
from iflaplans.nightly.manifest import load_manifest
from iflaplans.nightly.paths import check_output_folder, walk_corpus
from iflaplans.nightly.runs import RunSummary, now_utc, previous_runs, run_record
from iflaplans.nightly.survey import plan_reading, survey_corpus, unchanged_since_published
from iflaplans.publish.assemble import assemble_tables, collect_results, table_counts
from iflaplans.rules.files import rules_version
from iflaplans.settings import Settings

if TYPE_CHECKING:
    from iflaplans.batch.spare import SpareWorker
    from iflaplans.rules.resources import Resources

Progress = Callable[[int, int, str], None]


def discover(corpus: Path, settings: Settings, out_dir: Path | None = None) -> list[Path]:
    """Every regular file under ``corpus`` (recursively), sorted by source name.

    Hidden files, the output folder ``out_dir`` (when it is inside the corpus),
    symbolic links that lead outside the corpus and links that loop are skipped;
    see :func:`iflaplans.nightly.paths.walk_corpus`, which also says what it skipped.
    """
    return walk_corpus(corpus, settings, out_dir).files


def run(
    corpus: Path,
    out_dir: Path,
    settings: Settings | None = None,
    resources: Resources | None = None,
    progress: Progress | None = None,
    jobs: int = 1,
    full: bool = False,
    rules_dir: Path | None = None,
    duckdb: bool = False,
    corrections: Path | None = None,
    spare: SpareWorker | None = None,
) -> RunSummary:
    """Read the plans under ``corpus`` and publish the table set into ``out_dir``.

    Unchanged files are taken from the previous run unless ``full``; ``jobs``
    worker processes read the others (the output is the same for any ``jobs``).
    ``duckdb`` adds the tables as one DuckDB database (``iflaplans.duckdb``).
    Rule data is ``resources``, else loaded from ``rules_dir`` (or the package)
    when a file has to be read. The new set is built beside ``out_dir`` and
    swapped in at the end, so a failure leaves the previous set as it was.
    ``out_dir`` may be inside the corpus (it is not read); it must be new, empty
    or an earlier run's set.
    ``corrections`` is the analysts' corrections file; without it, the file
    ``<corpus>.corrections.csv`` beside the corpus is applied when there is one.
    ``spare`` is a worker started ahead of the run (:mod:`~iflaplans.batch.spare`).
    Raises :class:`OutputFolderError` (before anything is written) when
    publishing into ``out_dir`` would delete other files, :class:`LockedError`
    when another run holds the folder, :class:`RulesError` for bad rule files
    (:class:`CorrectionsError`, naming every bad line, for a bad corrections
    file) and :class:`InvariantError` when the tables are inconsistent (nothing
    is published then).
    """
    settings = Settings.resolve(settings)
    rules_dir = resources.rules_dir if resources is not None else rules_dir
    fixes_path = corrections_path(corpus, corrections)
    check_output_folder(out_dir, corpus)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with store.locked(out_dir):
        started = now_utc()
        version = resources.parser_version if resources else rules_version(rules_dir)
        # Other limits can turn a problem into a plan (or back): results depend on them too.
        version += "." + hashlib.sha256(repr(settings).encode()).hexdigest()[:6]
        fixes = fixes_path.read_bytes() if fixes_path else b""
        fixes_sha = hashlib.sha256(fixes).hexdigest() if fixes else None
        survey = survey_corpus(corpus, out_dir, settings, load_manifest(out_dir), version, full)
        if not survey.to_read and unchanged_since_published(out_dir, survey, fixes_sha):
            if spare:
                spare.stop()
            record, totals = store.republish(out_dir, survey, started, version, fixes_sha, duckdb)
            return RunSummary.of(out_dir, record, totals, survey.unreadable_folders)
        reading = plan_reading(out_dir, survey)
        results, to_read, sources = dict(reading.kept), reading.to_read, reading.sources
        if spare:  # it loads the rules itself: not needed when they were given
            spare.expect(rules_dir, reads=bool(to_read) and resources is None)
        # Checked before any file is read: a bad line stops the run with nothing published.
        units = resources.units if resources else None
        checked = check_corrections(fixes, fixes_path, units, rules_dir)
        if to_read:  # the readers are imported only when there is something to read
            from iflaplans.batch.reading import read_changed

            first = len(sources) - len(to_read) + 1
            args = (settings, rules_dir, jobs, resources, _load_writer, spare)
            for done, (source, result) in enumerate(read_changed(corpus, to_read, *args), first):
                results[source] = result
                if progress:
                    progress(done, len(sources), source)
        got = collect_results(sources, survey, results, version)
        plans, problems = got.plans, got.problems + survey.walk_problems
        corrected: tuple[CorrectionRecord, ...] = ()
        if checked:
            from iflaplans.corrections.apply import apply_corrections

            applied = apply_corrections(plans, checked)
            plans, corrected = list(applied.plans), applied.records
            problems = got.problems + list(applied.problems) + survey.walk_problems
        failed = sum(1 for s in sources if results[s].plan is None)
        removed = survey.removed + reading.gone
        unchanged = len(sources) - len(to_read)
        counts = (len(sources), survey.new, survey.changed, unchanged, removed, failed)
        record = run_record(started, version, counts, fixes_sha)
        runs = [*previous_runs(out_dir), record]
        tables = assemble_tables(
            plans, problems, got.failed, runs, settings.max_cell_chars, corrected
        )
        totals = table_counts(tables, len(plans))
        manifest = store.Manifest(version, totals, survey.walk_problems, fixes_sha)
        store.publish_tables(out_dir, tables, results, got.entries, manifest, duckdb)
        return RunSummary.of(out_dir, record, totals, survey.unreadable_folders)


def _load_writer() -> object:
    """Import the Parquet writer (pyarrow, numpy) while the first worker loads the rules."""
    import iflaplans.publish.parquet

    iflaplans.publish.parquet.prepare()
    return iflaplans.publish.parquet
